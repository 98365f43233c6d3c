/*
** Column medians eight columns at a time (spec/yuma.md §4.6), for blocks
** where every row of U scores every column of the block: dense weight
** matrices. Included by median_impl.h over the numeric model `num`; the
** result is median_impl.h's closed form, exactly.
**
** A block is a small matrix of R rows by eight columns (val), each row with
** its exact mass. The columns are solved together, one per vector lane, and
** the rows are walked without gathering:
**
**   1. Keys. Each score gets a 4-byte key that never decreases when the
**      score grows (mb_store_row), so a key vector holds all eight columns
**      of a row (one AVX2 register).
**   2. Brackets. Samples rows spread evenly over the block, sorted per lane
**      by a sorting network, and the midpoints between neighbouring samples
**      split each column into buckets; three walks over the rows sum the
**      mass below three (or one) of these keys at a time (approximately:
**      the masses scaled to 30 bits, mb_scale_masses) and narrow each
**      lane's bucket level by level until it is half the gap between two
**      samples (a thirty-second of the column from 15 samples, a
**      sixty-fourth from 31 for 128 rows or more), two to four rows of 64
**      on average.
**   3. One exact walk sums, in 64-bit integers, the mass of the rows whose
**      key is below the bucket and marks the rows inside it, a bit per
**      column in a byte per row. When the minority falls inside the bucket
**      (always, unless a scaled sum in step 2 was off at a bucket edge), the
**      median is among the marked rows: any row below the bucket has a
**      smaller key, hence a smaller score, than any marked row, and any
**      row above it a larger one.
**   4. Per column, the marked rows are gathered and the median among them
**      found by counting (select_word in registers for up to four or eight
**      of them, else select_counting; the AVX-512 float build does up to
**      five for all eight columns at once, mb_select_vec); a column whose
**      bucket missed takes all rows (weighted_select).
**
** Blocks of a few rows skip the brackets and count over all rows.
*/

enum { MB_COLS = 8, MB_FEW_ROWS = 12, MB_MAX_SAMPLES = 32 };

/* A key is 32 bits compared as a float (mb_store_row says which bits). */
typedef float mb_key;
typedef mb_key vkey __attribute__((vector_size(SS_VEC_BYTES)));
typedef int32_t vkmask __attribute__((vector_size(SS_VEC_BYTES)));
typedef uint8_t vbytes __attribute__((vector_size(SS_VEC_BYTES)));
typedef int16_t vshorts __attribute__((vector_size(SS_VEC_BYTES)));

enum {
    KEY_LANES = SS_VEC_BYTES / 4,
    MB_KV = MB_COLS / KEY_LANES,  /* key vectors per block row */
    MB_NV = MB_COLS / VEC_LANES   /* number vectors per block row */
};

/* A block: rows of eight scores with their keys and masses. */
typedef struct mb_block {
    const num *val;        /* [rows][8] exact scores */
    const mb_key *key;     /* [rows][8] their keys (mb_keys_of_row) */
    const int64_t *mass;   /* [rows] exact masses */
    const int32_t *smass;  /* [rows] the masses scaled to 30 bits, for the brackets */
    uint32_t rows;
    int64_t total;         /* sum of mass */
    int64_t t;             /* the minority */
    int32_t st;            /* the minority scaled as smass */
} mb_block;

/*
** The brackets' masses: mass >> s, s the least shift that leaves the total
** below 2^30, so a sum of them fits a 32-bit lane, adds exactly, with an
** integer add's one cycle of latency, and falls short of the exact sum
** shifted by less than a unit a row: a bracket may miss the median by that
** much, which the exact walk detects (weighted_select).
*/
static inline int32_t mb_scale_masses(const int64_t *mass, uint32_t rows, int64_t total,
                                      int64_t t, int32_t *smass)
{
    int s = 0;
    while ((total >> s) >= (int64_t)1 << 30)
        s++;
    for (uint32_t r = 0; r < rows; r++)
        smass[r] = (int32_t)(mass[r] >> s);
    return t < 0 ? -1 : (int32_t)(t >> s);
}

/* Scratch of a block median: code for rows rounded up to SS_VEC_BYTES, cv/cu
** for rows + 2 * MB_COLS entries, tv/tu for rows entries. */
typedef struct mb_scratch {
    uint8_t *code;
    num *cv, *tv;
    int64_t *cu, *tu;
} mb_scratch;

/* ---- vector helpers for keys ---- */

static inline vkey vkey_splat(mb_key x)
{
    vkey v;
    for (int l = 0; l < KEY_LANES; l++)
        v[l] = x;
    return v;
}

static inline vkey vkey_load(const mb_key *p)
{
    vkey v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline vkey vkey_sel(vkmask m, vkey a, vkey b)
{
    return (vkey)(((vkmask)a & m) | ((vkmask)b & ~m));
}

/* A 32-bit integer broadcast from memory into every lane (one instruction). */
static inline vkmask vsmass_bcast(const int32_t *p)
{
#if SS_VEC_BYTES == 32
    return (vkmask)_mm256_broadcast_ss((const float *)p);
#else
    return (vkmask)_mm_load1_ps((const float *)p);
#endif
}

static inline vmask vmask_bcast(const int64_t *p)
{
#if SS_VEC_BYTES == 32
    return (vmask)_mm256_broadcast_sd((const double *)p);
#else
    return (vmask)_mm_load1_pd((const double *)p);
#endif
}

static inline vnum vnum_bcast(const num *p)
{
    return (vnum)vmask_bcast((const int64_t *)p);
}

#if SS_VEC_BYTES == 32
static inline vkey vkey_min(vkey a, vkey b) { return (vkey)_mm256_min_ps((__m256)a, (__m256)b); }
static inline vkey vkey_max(vkey a, vkey b) { return (vkey)_mm256_max_ps((__m256)a, (__m256)b); }
#else
static inline vkey vkey_min(vkey a, vkey b) { return (vkey)_mm_min_ps((__m128)a, (__m128)b); }
static inline vkey vkey_max(vkey a, vkey b) { return (vkey)_mm_max_ps((__m128)a, (__m128)b); }
#endif

/* The sign bits of a key mask, lane l at bit l. */
static inline unsigned vkmask_bits(vkmask m)
{
#if SS_VEC_BYTES == 32
    return (unsigned)_mm256_movemask_ps((__m256)m);
#else
    return (unsigned)_mm_movemask_ps((__m128)m);
#endif
}

/* Bit c of each of SS_VEC_BYTES consecutive bytes, byte k at bit k. */
static inline uint32_t bytes_bit(const uint8_t *p, int c)
{
    vbytes x;
    memcpy(&x, p, sizeof x);
    x = (vbytes)((vshorts)x << (7 - c)); /* bit c to the top of each byte */
#if SS_VEC_BYTES == 32
    return (uint32_t)_mm256_movemask_epi8((__m256i)x);
#else
    return (uint32_t)_mm_movemask_epi8((__m128i)x);
#endif
}

/*
** A key mask widened to the 64-bit lanes of half h of its lanes, in the
** order of an unpack: with four lanes per vmask, lanes {0, 1, 4, 5} (h = 0)
** and {2, 3, 6, 7} (h = 1); with two, {0, 1} and {2, 3}. mb_lane_of says
** where column c ends up.
*/
static inline vmask vkmask_widen(vkmask m, int h)
{
#if SS_VEC_BYTES == 32
    return h ? (vmask)_mm256_unpackhi_epi32((__m256i)m, (__m256i)m)
             : (vmask)_mm256_unpacklo_epi32((__m256i)m, (__m256i)m);
#else
    return h ? (vmask)_mm_unpackhi_epi32((__m128i)m, (__m128i)m)
             : (vmask)_mm_unpacklo_epi32((__m128i)m, (__m128i)m);
#endif
}

/*
** The lane of column c in a key vector (mb_store_row). With eight lanes the
** keys come from two vectors of four doubles by a shuffle within 128-bit
** halves, so the columns are in the order 0, 1, 4, 5, 2, 3, 6, 7 (the
** permutation is its own inverse); with four lanes, in order.
*/
static inline int mb_key_lane(int c)
{
#if SS_VEC_BYTES == 32
    return (c & 1) | (c >> 2) << 1 | ((c >> 1) & 1) << 2;
#else
    return c;
#endif
}

/* Where column c of a block is in an array of MB_NV vmasks filled through
** vkmask_widen (vector q * 2 + h for key vector q): with the key lanes of
** mb_key_lane, columns in order either way. */
static inline int64_t mb_lane_of(const vmask *v, int c)
{
    return v[c / VEC_LANES][c % VEC_LANES];
}

/*
** One block row from registers: the eight scores x to v, their keys to k.
** A key never decreases as the score grows, compared as a float: in float
** mode the high 32 bits of the (non-negative) double, in chain mode the
** I32F32 bits (scores are in [0, 2^32]) over four; either way a
** non-negative float below 2.0, so -1 and +inf bound them all. Taking
** halves of the registers costs a shuffle where a conversion to float
** would cost two; one within 128-bit halves, so eight keys are in the
** order of mb_key_lane.
*/
static inline void mb_store_row(const vnum *x, num *v, mb_key *k)
{
    typedef float vf __attribute__((vector_size(SS_VEC_BYTES)));
    for (int q = 0; q < MB_NV; q++)
        vnum_store(v + q * VEC_LANES, x[q]);
    for (int q = 0; q < MB_KV; q++) {
#if NUM_IS_CHAIN
        vf a = (vf)((vbits)x[2 * q] >> 2), b = (vf)((vbits)x[2 * q + 1] >> 2);
#if SS_VEC_BYTES == 32
        vkey kq = __builtin_shufflevector(a, b, 0, 2, 8, 10, 4, 6, 12, 14);
#else
        vkey kq = __builtin_shufflevector(a, b, 0, 2, 4, 6);
#endif
#else
        vf a = (vf)x[2 * q], b = (vf)x[2 * q + 1];
#if SS_VEC_BYTES == 32
        vkey kq = __builtin_shufflevector(a, b, 1, 3, 9, 11, 5, 7, 13, 15);
#else
        vkey kq = __builtin_shufflevector(a, b, 1, 3, 5, 7);
#endif
#endif
        memcpy(k + q * KEY_LANES, &kq, sizeof kq);
    }
}

/* One block row: the eight scores src[0..8) to v, their keys to k. */
static inline void mb_load_row(const num *src, num *v, mb_key *k)
{
    vnum x[MB_NV];
    for (int q = 0; q < MB_NV; q++)
        x[q] = vnum_load(src + q * VEC_LANES);
    mb_store_row(x, v, k);
}

/* ---- the median of a few candidates ---- */

/*
** The closed form over v[0..m) with masses u (m >= 1, some v with
** t < S(<=v)): the smallest v[k] with t < S(<=v[k]), found by counting
** S(<=v[k]) for a vector of candidates at a time, the sums kept in
** registers while the candidates are walked once. v and u need room for
** 2 * MB_COLS entries past m (padding that never qualifies).
*/
static num select_counting(num *v, int64_t *u, uint32_t m, int64_t t)
{
    enum { G = 2, GL = G * VEC_LANES }; /* candidate vectors per group, their lanes */
    const vnum none = vnum_splat(NUM_VALUE_MAX);
    for (int g = 0; g < G; g++) { /* padding: scores that never qualify, no mass */
        vnum_store(v + m + g * VEC_LANES, none);
        memset(u + m + g * VEC_LANES, 0, VEC_LANES * sizeof *u);
    }
    /* whole groups, so the loops below run a count that rarely changes and
    ** their ends are predicted */
    uint32_t mp = (m + GL - 1) / GL * GL;
    vnum best = none;
    vmask tt = vmask_splat(t);
    for (uint32_t k = 0; k < mp; k += GL) {
        vnum vk[G];
        vmask acc[G];
        for (int g = 0; g < G; g++) {
            vk[g] = vnum_load(v + k + g * VEC_LANES);
            acc[g] = vmask_splat(0);
        }
        for (uint32_t l = 0; l < mp; l += 2) {
            vmask u0 = vmask_bcast(u + l), u1 = vmask_bcast(u + l + 1);
            vnum v0 = vnum_bcast(v + l), v1 = vnum_bcast(v + l + 1);
            for (int g = 0; g < G; g++)
                acc[g] += (u0 & (v0 <= vk[g])) + (u1 & (v1 <= vk[g]));
        }
        for (int g = 0; g < G; g++)
            best = vnum_min(best, vnum_sel(tt < acc[g], vk[g], none));
    }
    num b = best[0];
    for (int l = 1; l < VEC_LANES; l++)
        b = best[l] < b ? best[l] : b;
    return b;
}

/* Lane l of v in every lane (l a constant once inlined: one shuffle). */
static inline __attribute__((always_inline)) vnum vnum_lane(vnum v, int l)
{
#if SS_VEC_BYTES == 32
    switch (l & 3) {
    case 0:
        return __builtin_shufflevector(v, v, 0, 0, 0, 0);
    case 1:
        return __builtin_shufflevector(v, v, 1, 1, 1, 1);
    case 2:
        return __builtin_shufflevector(v, v, 2, 2, 2, 2);
    default:
        return __builtin_shufflevector(v, v, 3, 3, 3, 3);
    }
#else
    return l & 1 ? __builtin_shufflevector(v, v, 1, 1) : __builtin_shufflevector(v, v, 0, 0);
#endif
}

/* The same for masses: a shuffle moves bits, whatever the lanes hold. */
static inline __attribute__((always_inline)) vmask vmask_lane(vmask v, int l)
{
    return (vmask)vnum_lane((vnum)v, l);
}

/*
** select_counting over the rows of a word of marks, bits (at most N = 8 or
** 16; *in gets their mass, and the result holds if t < *in), rows from r0
** of column col, kept in registers with no branch on the data: the rows
** come out in order by counting trailing zeros (lanes past the last read
** row last and are then replaced by scores that never qualify and no
** mass), each vector is built from loads of its lanes, and each candidate
** is broadcast from its vector's lane. (Building the candidate vectors
** from memory right after storing them would stall each load until the
** stores drain.)
*/
static inline __attribute__((always_inline)) num
select_word(const num *col, const int64_t *mass, uint64_t bits, uint32_t r0, uint32_t last,
            int64_t t, const int N, int64_t *in)
{
    enum { NMAX = 16 / VEC_LANES };
    const int nv = N / VEC_LANES;
    const int live = __builtin_popcountll(bits);
    uint32_t rr[16];
    for (int i = 0; i < N; i++) {
        uint32_t r = r0 + (uint32_t)__builtin_ctzll(bits | (uint64_t)1 << 63);
        rr[i] = r < last ? r : last;
        bits &= bits - 1;
    }
    const vnum none = vnum_splat(NUM_VALUE_MAX);
    vnum vk[NMAX];
    vmask uk[NMAX], tot = vmask_splat(0);
    for (int g = 0; g < nv; g++) {
        const uint32_t *q = rr + g * VEC_LANES;
#if SS_VEC_BYTES == 32
        vk[g] = (vnum){col[(size_t)q[0] * MB_COLS], col[(size_t)q[1] * MB_COLS],
                       col[(size_t)q[2] * MB_COLS], col[(size_t)q[3] * MB_COLS]};
        uk[g] = (vmask){mass[q[0]], mass[q[1]], mass[q[2]], mass[q[3]]};
        vmask idx = {g * 4, g * 4 + 1, g * 4 + 2, g * 4 + 3};
#else
        vk[g] = (vnum){col[(size_t)q[0] * MB_COLS], col[(size_t)q[1] * MB_COLS]};
        uk[g] = (vmask){mass[q[0]], mass[q[1]]};
        vmask idx = {g * 2, g * 2 + 1};
#endif
        vmask on = idx < vmask_splat(live);
        vk[g] = vnum_sel(on, vk[g], none);
        uk[g] &= on;
        tot += uk[g];
    }
    *in = 0;
    for (int l = 0; l < VEC_LANES; l++)
        *in += tot[l];
    vmask acc[NMAX];
    for (int g = 0; g < nv; g++)
        acc[g] = vmask_splat(0);
#pragma GCC unroll 16
    for (int l = 0; l < N; l++) {
        vmask ul = vmask_lane(uk[l / VEC_LANES], l % VEC_LANES);
        vnum vl = vnum_lane(vk[l / VEC_LANES], l % VEC_LANES);
        for (int g = 0; g < nv; g++)
            acc[g] += ul & (vl <= vk[g]);
    }
    vmask tt = vmask_splat(t);
    vnum best = none;
    for (int g = 0; g < nv; g++)
        best = vnum_min(best, vnum_sel(tt < acc[g], vk[g], none));
    num b = best[0];
    for (int l = 1; l < VEC_LANES; l++)
        b = best[l] < b ? best[l] : b;
    return b;
}

/* ---- the block ---- */

/* The smallest (dir < 0) or largest score of each column. */
static void mb_extreme(const mb_block *b, int dir, num *C)
{
    vnum e[MB_NV];
    for (int q = 0; q < MB_NV; q++)
        e[q] = vnum_load(b->val + q * VEC_LANES);
    for (uint32_t r = 1; r < b->rows; r++)
        for (int q = 0; q < MB_NV; q++) {
            vnum x = vnum_load(b->val + (size_t)r * MB_COLS + q * VEC_LANES);
            e[q] = dir < 0 ? vnum_min(e[q], x) : vnum_max(e[q], x);
        }
    for (int q = 0; q < MB_NV; q++)
        vnum_store(C + q * VEC_LANES, e[q]);
}

/* Few rows: every score of a column is a candidate, counted in place. */
static void mb_few_rows(const mb_block *b, num *C)
{
    vnum none = vnum_splat(NUM_VALUE_MAX), best[MB_NV];
    vmask tt = vmask_splat(b->t);
    for (int q = 0; q < MB_NV; q++)
        best[q] = none;
    for (uint32_t k = 0; k < b->rows; k++) {
        vnum vk[MB_NV];
        vmask acc[MB_NV];
        for (int q = 0; q < MB_NV; q++) {
            vk[q] = vnum_load(b->val + (size_t)k * MB_COLS + q * VEC_LANES);
            acc[q] = vmask_splat(0);
        }
        for (uint32_t l = 0; l < b->rows; l++) {
            vmask ul = vmask_bcast(b->mass + l);
            for (int q = 0; q < MB_NV; q++)
                acc[q] += ul & (vnum_load(b->val + (size_t)l * MB_COLS + q * VEC_LANES) <= vk[q]);
        }
        for (int q = 0; q < MB_NV; q++)
            best[q] = vnum_min(best[q], vnum_sel(tt < acc[q], vk[q], none));
    }
    for (int q = 0; q < MB_NV; q++)
        vnum_store(C + q * VEC_LANES, best[q]);
}

/*
** Batcher's odd-even merge sort as lists of compare-exchanges: sorting
** network 16 sorts 16 elements; merge 32 then merges two sorted halves of
** 32. (Generated by the classic loop: for p = 1, 2, 4, ..: for k = p, p/2,
** .., 1: for j = k mod p, j + k < n, step 2k: for i < k: if (i + j) / 2p
** == (i + j + k) / 2p: compare i + j with i + j + k.) The loops over these
** constant tables unroll into straight-line min/max code.
*/
static const uint8_t mb_sort16[][2] = {
    {0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}, {10, 11}, {12, 13}, {14, 15}, {0, 2}, {1, 3},
    {4, 6}, {5, 7}, {8, 10}, {9, 11}, {12, 14}, {13, 15}, {1, 2}, {5, 6}, {9, 10}, {13, 14},
    {0, 4}, {1, 5}, {2, 6}, {3, 7}, {8, 12}, {9, 13}, {10, 14}, {11, 15}, {2, 4}, {3, 5},
    {10, 12}, {11, 13}, {1, 2}, {3, 4}, {5, 6}, {9, 10}, {11, 12}, {13, 14}, {0, 8}, {1, 9},
    {2, 10}, {3, 11}, {4, 12}, {5, 13}, {6, 14}, {7, 15}, {4, 8}, {5, 9}, {6, 10}, {7, 11},
    {2, 4}, {3, 5}, {6, 8}, {7, 9}, {10, 12}, {11, 13}, {1, 2}, {3, 4}, {5, 6}, {7, 8},
    {9, 10}, {11, 12}, {13, 14},
};

static const uint8_t mb_merge32[][2] = {
    {0, 16}, {1, 17}, {2, 18}, {3, 19}, {4, 20}, {5, 21}, {6, 22}, {7, 23}, {8, 24},
    {9, 25}, {10, 26}, {11, 27}, {12, 28}, {13, 29}, {14, 30}, {15, 31}, {8, 16}, {9, 17},
    {10, 18}, {11, 19}, {12, 20}, {13, 21}, {14, 22}, {15, 23}, {4, 8}, {5, 9}, {6, 10},
    {7, 11}, {12, 16}, {13, 17}, {14, 18}, {15, 19}, {20, 24}, {21, 25}, {22, 26}, {23, 27},
    {2, 4}, {3, 5}, {6, 8}, {7, 9}, {10, 12}, {11, 13}, {14, 16}, {15, 17}, {18, 20},
    {19, 21}, {22, 24}, {23, 25}, {26, 28}, {27, 29}, {1, 2}, {3, 4}, {5, 6}, {7, 8},
    {9, 10}, {11, 12}, {13, 14}, {15, 16}, {17, 18}, {19, 20}, {21, 22}, {23, 24}, {25, 26},
    {27, 28}, {29, 30},
};

static inline void mb_ce(vkey (*s)[MB_KV], int a, int b)
{
    for (int q = 0; q < MB_KV; q++) {
        vkey lo = vkey_min(s[a][q], s[b][q]);
        s[b][q] = vkey_max(s[a][q], s[b][q]);
        s[a][q] = lo;
    }
}

static inline void mb_sort16_at(vkey (*s)[MB_KV], int o)
{
#pragma GCC unroll 64
    for (size_t c = 0; c < sizeof mb_sort16 / sizeof mb_sort16[0]; c++)
        mb_ce(s, o + mb_sort16[c][0], o + mb_sort16[c][1]);
}

/*
** The sorted sample keys of the block, per lane, with the midpoints of
** neighbours between them: ns = 15 or 31 rows spread evenly over the block
** are sorted, sk[2 k + 2] gets the k-th smallest sample (k < ns), sk[0] a
** key below every key and sk[2 ns + 2] one above, and each odd index the
** midpoint of its neighbours (not a sample, but any key serves as a
** threshold: the exact walk checks the bucket). A threshold at index i
** counts the rows with key < sk[i]; 2 ns + 2 gaps halve the rows a bucket
** holds.
*/
static inline __attribute__((always_inline)) void mb_samples(const mb_block *b,
                                                             const uint32_t ns, mb_key *sk)
{
    vkey s[MB_MAX_SAMPLES][MB_KV];
    vkey top = vkey_splat(HUGE_VALF);
    /* ns is a constant here: the divisions become products */
    for (uint32_t k = 0; k <= ns; k++)
        for (int q = 0; q < MB_KV; q++)
            s[k][q] = k < ns ? vkey_load(b->key + (size_t)((2 * k + 1) * b->rows / (2 * ns)) *
                                                      MB_COLS + q * KEY_LANES)
                             : top;
    mb_sort16_at(s, 0);
    if (ns > 15) {
        mb_sort16_at(s, 16);
#pragma GCC unroll 128
        for (size_t c = 0; c < sizeof mb_merge32 / sizeof mb_merge32[0]; c++)
            mb_ce(s, mb_merge32[c][0], mb_merge32[c][1]);
    }
    vkey bottom = vkey_splat(-1.0f), half = vkey_splat(0.5f);
    for (int q = 0; q < MB_KV; q++) {
        vkey prev = bottom;
        memcpy(sk + q * KEY_LANES, &bottom, sizeof bottom);
        for (uint32_t k = 0; k < ns; k++) {
            vkey mid = (prev + s[k][q]) * half;
            memcpy(sk + (size_t)(2 * k + 1) * MB_COLS + q * KEY_LANES, &mid, sizeof mid);
            memcpy(sk + (size_t)(2 * k + 2) * MB_COLS + q * KEY_LANES, &s[k][q], sizeof(vkey));
            prev = s[k][q];
        }
        memcpy(sk + (size_t)(2 * ns + 1) * MB_COLS + q * KEY_LANES, &top, sizeof top);
        memcpy(sk + (size_t)(2 * ns + 2) * MB_COLS + q * KEY_LANES, &top, sizeof top);
    }
}

/* The sample keys at per-lane indices idx (of sk), key vector q. */
static inline vkey mb_pick(const mb_key *sk, vkmask idx, int q)
{
#if SS_VEC_BYTES == 32
    (void)q; /* one key vector a row */
    __m256i at = _mm256_add_epi32(_mm256_slli_epi32((__m256i)idx, 3),
                                  _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    return (vkey)_mm256_i32gather_ps(sk, at, 4);
#else
    vkey r;
    for (int l = 0; l < KEY_LANES; l++)
        r[l] = sk[(size_t)idx[l] * MB_COLS + q * KEY_LANES + l];
    return r;
#endif
}

/* mb_level's sums over one row. */
static inline __attribute__((always_inline)) void
mb_level_row(const mb_key *key, const int32_t *sm, vkmask (*th)[MB_KV], vkmask (*b0)[MB_KV],
             const int K)
{
    vkmask u = vsmass_bcast(sm);
    for (int q = 0; q < MB_KV; q++) {
        vkmask x = (vkmask)vkey_load(key + q * KEY_LANES);
        for (int k = 0; k < K; k++)
            b0[k][q] += u & (x < th[k][q]);
    }
}

/*
** One bracketing walk with K (1 or 3) thresholds per lane, at lo + step *
** (k + 1) among the sorted samples sk: sums the scaled mass below each,
** then moves lo to the last threshold whose mass below does not exceed the
** scaled minority st. Keys compare as 32-bit integers: non-negative floats
** order as their bits do, and a negative threshold (the first midpoint, or
** -1) is below every key either way. On the first level lo is 0, so the
** thresholds are whole rows of sk: loads, not gathers.
*/
static inline __attribute__((always_inline)) void mb_level(const mb_block *b, const mb_key *sk,
                                                           vkmask *lo, int step, vkmask st,
                                                           const int K, const bool first)
{
    enum { KMAX = 3 };
    vkmask th[KMAX][MB_KV], at[KMAX][MB_KV], b0[KMAX][MB_KV];
    for (int k = 0; k < K; k++)
        for (int q = 0; q < MB_KV; q++) {
            at[k][q] = lo[q] + step * (k + 1);
            th[k][q] = first ? (vkmask)vkey_load(sk + (size_t)(step * (k + 1)) * MB_COLS +
                                                 q * KEY_LANES)
                             : (vkmask)mb_pick(sk, at[k][q], q);
            b0[k][q] = (vkmask){0};
        }
    const mb_key *key = b->key;
    const int32_t *sm = b->smass;
    uint32_t r = 0;
    for (; r + 4 <= b->rows; r += 4, key += 4 * MB_COLS, sm += 4)
        for (int i = 0; i < 4; i++)
            mb_level_row(key + i * MB_COLS, sm + i, th, b0, K);
    for (; r < b->rows; r++, key += MB_COLS, sm++)
        mb_level_row(key, sm, th, b0, K);
    for (int q = 0; q < MB_KV; q++)
        for (int k = 0; k < K; k++) {
            vkmask le = b0[k][q] <= st;
            lo[q] = (at[k][q] & le) | (lo[q] & ~le);
        }
}

#if defined(SS_VEC_AVX512) && !NUM_IS_CHAIN
/*
** Step 4 for the eight columns at once, lane c for column c, when the block
** has at most 64 rows: each column's marked rows are a 64-bit word, taken
** lowest first (the index of the lowest set bit is the exponent of its
** value converted to double, exactly), their scores and masses gathered,
** up to MB_VSEL of them, and the closed form counted among them as in
** select_word. Returns the columns it solved, as bits, their medians in C:
** those with at most MB_VSEL marked rows whose bucket held the minority.
** The others go the scalar way; either way the result is the closed form.
*/
enum { MB_VSEL = 5 };

static inline unsigned mb_select_vec(const mb_block *b, const uint8_t *code, __m512i below,
                                     num *C)
{
    const uint32_t R = b->rows;
    const __m512i codes = _mm512_maskz_loadu_epi8(R >= 64 ? ~0ULL : (1ULL << R) - 1, code);
    uint64_t w[MB_COLS];
    for (int c = 0; c < MB_COLS; c++)
        w[c] = _cvtmask64_u64(
            _mm512_test_epi8_mask(codes, _mm512_set1_epi8((char)(1 << mb_key_lane(c)))));
    __m512i W = _mm512_set_epi64((long long)w[7], (long long)w[6], (long long)w[5],
                                 (long long)w[4], (long long)w[3], (long long)w[2],
                                 (long long)w[1], (long long)w[0]);
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512d none = _mm512_set1_pd(NUM_VALUE_MAX);
    __m512d V[MB_VSEL];
    __m512i U[MB_VSEL], tot = zero;
    for (int i = 0; i < MB_VSEL; i++) {
        __mmask8 on = _mm512_test_epi64_mask(W, W);
        __m512i low = _mm512_and_si512(W, _mm512_sub_epi64(zero, W));
        __m512i r = _mm512_sub_epi64(
            _mm512_srli_epi64(_mm512_castpd_si512(_mm512_cvtepu64_pd(low)), 52),
            _mm512_set1_epi64(1023));
        W = _mm512_and_si512(W, _mm512_sub_epi64(W, one));
        V[i] = _mm512_mask_i64gather_pd(none, on, _mm512_add_epi64(_mm512_slli_epi64(r, 3), lane),
                                        b->val, 8);
        U[i] = _mm512_mask_i64gather_epi64(zero, on, r, b->mass, 8);
        tot = _mm512_add_epi64(tot, U[i]);
    }
    const __m512i T = _mm512_sub_epi64(_mm512_set1_epi64(b->t), below);
    __m512d best = none;
    for (int i = 0; i < MB_VSEL; i++) {
        __m512i acc = zero;
        for (int j = 0; j < MB_VSEL; j++)
            acc = _mm512_mask_add_epi64(acc, _mm512_cmp_pd_mask(V[j], V[i], _CMP_LE_OQ), acc,
                                        U[j]);
        best = _mm512_mask_min_pd(best, _mm512_cmplt_epi64_mask(T, acc), best, V[i]);
    }
    __mmask8 ok = _mm512_testn_epi64_mask(W, W) & _mm512_cmpge_epi64_mask(T, zero) &
                  _mm512_cmplt_epi64_mask(T, tot);
    _mm512_mask_storeu_pd(C, ok, best);
    return ok;
}
#endif

/* Medians of the eight columns of a block into C[0..8). */
static void block_medians(const mb_block *b, num *C, const mb_scratch *sc)
{
    const uint32_t R = b->rows;
    if (R == 0) {
        for (int c = 0; c < MB_COLS; c++)
            C[c] = NUM_ZERO;
        return;
    }
    if (b->t < 0 || b->t >= b->total) { /* the smallest or largest score */
        mb_extreme(b, b->t < 0 ? -1 : 1, C);
        return;
    }
    if (R <= MB_FEW_ROWS) {
        mb_few_rows(b, C);
        return;
    }
    /* 2. brackets: 15 samples and their midpoints (32 gaps) in levels of
    ** three, three and one threshold; 31 (64 gaps) in three levels of three */
    uint32_t ns = R < 128 ? 15 : 31;
    mb_key sk[(2 * MB_MAX_SAMPLES + 2) * MB_COLS];
    if (ns == 15)
        mb_samples(b, 15, sk);
    else
        mb_samples(b, 31, sk);
    vkmask lo[MB_KV];
    for (int q = 0; q < MB_KV; q++)
        lo[q] = (vkmask){0};
    vkmask st;
    for (int l = 0; l < KEY_LANES; l++)
        st[l] = b->st;
    if (ns == 15) {
        mb_level(b, sk, lo, 8, st, 3, true);
        mb_level(b, sk, lo, 2, st, 3, false);
        mb_level(b, sk, lo, 1, st, 1, false);
    } else {
        mb_level(b, sk, lo, 16, st, 3, true);
        mb_level(b, sk, lo, 4, st, 3, false);
        mb_level(b, sk, lo, 1, st, 3, false);
    }
    /* 3. the exact mass below each lane's bucket [lo, lo + 1), its rows */
    vkey klo[MB_KV], khi[MB_KV];
    for (int q = 0; q < MB_KV; q++) {
        klo[q] = mb_pick(sk, lo[q], q);
        khi[q] = mb_pick(sk, lo[q] + 1, q);
    }
    int64_t below[MB_COLS]; /* per column, the mass below the bucket */
    uint8_t *code = sc->code;
    /* locals: a store to code may alias anything, so the compiler would
    ** reload the block's fields after every row */
    const mb_key *keys = b->key;
    const int64_t *mass = b->mass;
#ifdef SS_VEC_AVX512
    /* the masks of the compares are the marks, and the masses add under
    ** them, in key lane order (keys compare as integers, as in mb_level) */
    __m512i sb = _mm512_setzero_si512();
#pragma GCC unroll 2
    for (uint32_t r = 0; r < R; r++) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(keys + (size_t)r * MB_COLS));
        __mmask8 lt = _mm256_cmplt_epi32_mask(x, (__m256i)klo[0]);
        __mmask8 in = _mm256_cmplt_epi32_mask(x, (__m256i)khi[0]);
        code[r] = (uint8_t)_kandn_mask8(lt, in);
        sb = _mm512_mask_add_epi64(sb, lt, sb, _mm512_set1_epi64(mass[r]));
    }
    sb = _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 1, 4, 5, 2, 3, 6, 7), sb); /* by column */
    _mm512_storeu_si512(below, sb);
#else
    vmask sb[MB_NV];
    for (int q = 0; q < MB_NV; q++)
        sb[q] = vmask_splat(0);
#pragma GCC unroll 2
    for (uint32_t r = 0; r < R; r++) {
        vmask u = vmask_bcast(mass + r);
        unsigned bits = 0;
        for (int q = 0; q < MB_KV; q++) {
            vkey x = vkey_load(keys + (size_t)r * MB_COLS + q * KEY_LANES);
            vkmask lt = x < klo[q], inside = (x < khi[q]) ^ lt;
            bits |= vkmask_bits(inside) << (q * KEY_LANES);
            sb[q * 2] += u & vkmask_widen(lt, 0);
            sb[q * 2 + 1] += u & vkmask_widen(lt, 1);
        }
        code[r] = (uint8_t)bits;
    }
    for (int c = 0; c < MB_COLS; c++)
        below[c] = mb_lane_of(sb, c);
#endif
    uint32_t Rp = (R + SS_VEC_BYTES - 1) / SS_VEC_BYTES * SS_VEC_BYTES;
    memset(code + R, 0, Rp - R);
    /* 4. per column: the marked rows, the median among them */
    unsigned solved = 0;
#if defined(SS_VEC_AVX512) && !NUM_IS_CHAIN
    if (Rp <= 64)
        solved = mb_select_vec(b, code, sb, C);
#endif
    for (int c = 0; c < MB_COLS; c++) {
        if (solved >> c & 1)
            continue;
        int64_t t = b->t - below[c], in = 0;
        const num *col = b->val + c;
        num *cv = sc->cv;
        int64_t *cu = sc->cu;
        uint32_t m = 0;
        if (Rp <= 64) { /* one word of rows: eight candidates in registers */
            uint64_t bits = 0;
            for (uint32_t o = 0; o < Rp; o += SS_VEC_BYTES)
                bits |= (uint64_t)bytes_bit(code + o, mb_key_lane(c)) << o;
            int pc = __builtin_popcountll(bits);
            if (pc <= 8) {
                num x = pc <= 4 ? select_word(col, b->mass, bits, 0, R - 1, t, 4, &in)
                                : select_word(col, b->mass, bits, 0, R - 1, t, 8, &in);
                if (t >= 0 && t < in) {
                    C[c] = x;
                    continue;
                }
                in = 0;
            }
        }
        for (uint32_t r0 = 0; r0 < Rp; r0 += 64) { /* 64 rows a word: one loop end */
            uint64_t bits = 0;
            for (uint32_t o = 0; o < 64 && r0 + o < Rp; o += SS_VEC_BYTES)
                bits |= (uint64_t)bytes_bit(code + r0 + o, mb_key_lane(c)) << o;
            while (bits) {
                uint32_t r = r0 + (uint32_t)__builtin_ctzll(bits);
                bits &= bits - 1;
                cv[m] = col[(size_t)r * MB_COLS];
                cu[m] = b->mass[r];
                in += cu[m++];
            }
        }
        if (t >= 0 && t < in) {
            C[c] = select_counting(sc->cv, sc->cu, m, t);
        } else { /* the bucket missed: the whole column */
            for (uint32_t r = 0; r < R; r++) {
                sc->cv[r] = b->val[(size_t)r * MB_COLS + c];
                sc->cu[r] = b->mass[r];
            }
            C[c] = weighted_select(sc->cv, sc->cu, R, b->t, sc->tv, sc->tu);
        }
    }
}
