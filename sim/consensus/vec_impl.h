/*
** Vectors of 8-byte numbers for the epoch's dense loops, as GCC vector
** extensions over the numeric model `num` (included by epoch_impl.h).
** SS_VEC_BYTES is 16 on the baseline target (two SSE2 lanes) and 32 in the
** AVX2 build (epoch_*_avx2.c); code written with these types runs the same
** element-wise operations either way, so both builds give the same bits as
** long as reductions keep a grouping that does not depend on the width.
*/

#ifndef SS_VEC_BYTES
#define SS_VEC_BYTES 16 /* the baseline target's SSE2 registers */
#endif

#include <immintrin.h>

/* The helpers below pass vectors by value; they are static inline, so the
** ABI that GCC warns about for 32-byte vectors never applies. */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef num vnum __attribute__((vector_size(SS_VEC_BYTES)));
typedef int64_t vmask __attribute__((vector_size(SS_VEC_BYTES)));
typedef uint64_t vbits __attribute__((vector_size(SS_VEC_BYTES)));

enum { VEC_LANES = SS_VEC_BYTES / 8 };

static inline vnum vnum_load(const num *p)
{
    vnum v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Every lane x (written lane by lane: 0 + x is not x for x = -0.0, so the
** compiler would keep an addition; this becomes one broadcast). */
static inline vnum vnum_splat(num x)
{
    vnum v;
    for (int l = 0; l < VEC_LANES; l++)
        v[l] = x;
    return v;
}

static inline vmask vmask_splat(int64_t x)
{
    vmask v;
    for (int l = 0; l < VEC_LANES; l++)
        v[l] = x;
    return v;
}

/* m ? a : b per lane (m all ones or all zeros). */
static inline vnum vnum_sel(vmask m, vnum a, vnum b)
{
    return (vnum)(((vmask)a & m) | ((vmask)b & ~m));
}

/* Lane-wise minimum and maximum. Float mode uses the min/max instructions
** (a < b ? a : b, the same value for any two non-NaN numbers); chain mode,
** which has no 64-bit integer min before AVX-512, a compare and a select. */
#if !NUM_IS_CHAIN && SS_VEC_BYTES == 16
static inline vnum vnum_min(vnum a, vnum b) { return (vnum)_mm_min_pd((__m128d)a, (__m128d)b); }
static inline vnum vnum_max(vnum a, vnum b) { return (vnum)_mm_max_pd((__m128d)a, (__m128d)b); }
#elif !NUM_IS_CHAIN && SS_VEC_BYTES == 32
static inline vnum vnum_min(vnum a, vnum b)
{
    return (vnum)_mm256_min_pd((__m256d)a, (__m256d)b);
}
static inline vnum vnum_max(vnum a, vnum b)
{
    return (vnum)_mm256_max_pd((__m256d)a, (__m256d)b);
}
#else
static inline vnum vnum_min(vnum a, vnum b) { return vnum_sel(a < b, a, b); }
static inline vnum vnum_max(vnum a, vnum b) { return vnum_sel(a < b, b, a); }
#endif

static inline void vnum_store(num *p, vnum v)
{
    memcpy(p, &v, sizeof v);
}

#if !NUM_IS_CHAIN
/* The u16 value fields of VEC_LANES consecutive ss_weight_entry as
** proportions v / 65535 (n_prop_u16's formula, num_float.h). The value is
** made a double exactly as (2^52 + v) - 2^52; the padding bytes are masked
** off. */
static inline vnum vec_entry_props(const ss_weight_entry *e)
{
    _Static_assert(sizeof(ss_weight_entry) == 8, "entries are 8 bytes");
    vmask x;
    memcpy(&x, e, sizeof x);
    x = (vmask)((vbits)x >> 32 & 0xffff) | 0x4330000000000000;
    vnum y = ((vnum)x - 0x1p52) * 65537.0;
    return y * 0x1p-32 + (y * 0x1p-64 + y * 0x1p-96);
}
#endif
