/*
** The numeric model of chain mode for the epoch template (epoch_impl.h):
** every real number is I32F32 bits in an int64_t and every operation is the
** chain's (fixed.h). num_float.h defines the same names over double.
*/
#ifndef SS_CONSENSUS_NUM_CHAIN_H
#define SS_CONSENSUS_NUM_CHAIN_H

#include "consensus/fixed.h"

typedef int64_t num;

#define NUM_SUFFIX(name) name##_chain
#define NUM_ZERO ((int64_t)0)
#define NUM_ONE SS_FX_ONE
#define NUM_IS_CHAIN 1

static inline num n_add(num a, num b) { return ss_fx_add(a, b); }
static inline num n_sub(num a, num b) { return ss_fx_sub(a, b); }
/* The plain (non-saturating) sum the chain uses for vector totals. */
static inline num n_plus(num a, num b) { return (num)((uint64_t)a + (uint64_t)b); }
static inline num n_mul(num a, num b) { return ss_fx_mul(a, b); }
static inline bool n_cmul(num a, num b, num *out) { return ss_fx_checked_mul(a, b, out); }
static inline num n_sdiv(num a, num b) { return ss_fx_sdiv(a, b); }
static inline num n_satdiv(num a, num b) { return ss_fx_satdiv(a, b); }
static inline num n_from_int(int64_t i) { return ss_fx_from_int(i); }
/* A stored u16 taken as an integer (weights, original-model bonds). */
static inline num n_raw_u16(uint16_t v) { return (num)v << 32; }
/* A stored u16 as a proportion v / 65535. */
static inline num n_prop_u16(uint16_t v) { return ss_fx_u16_prop(v); }
static inline uint16_t n_to_u16(num p) { return ss_fx_prop_to_u16(p); }
static inline double n_to_double(num a) { return ss_fx_to_double(a); }
static inline num n_exp_safe(num x) { return ss_fx_exp_safe(x); }
static inline num n_min(num a, num b) { return a < b ? a : b; }
static inline num n_max(num a, num b) { return a > b ? a : b; }

/*
** Division by a divisor shared by many entries (a row or column sum), with
** safe_div's result: inv = 2^32 / c in double, prepared once per divisor,
** gives the quotient within one unit; one multiply-subtract on 64-bit
** integers (exact modulo 2^64, and the true remainder is far below 2^63)
** corrects it. A 128-bit division per entry costs ten times more. Entries
** outside the cheap case (a < 0, a > c, huge c) take ss_fx_sdiv.
*/
static inline double n_div_prep(num c)
{
    return c > 0 ? 4294967296.0 / (double)c : 0.0;
}

static inline num n_div_fast(num a, num c, double inv)
{
    if (c <= 0 || a < 0 || a > c || c >= ((int64_t)1 << 60))
        return ss_fx_sdiv(a, c);
    uint64_t q = (uint64_t)((double)a * inv);
    int64_t rem = (int64_t)(((uint64_t)a << 32) - q * (uint64_t)c);
    while (rem < 0) {
        q--;
        rem += c;
    }
    while (rem >= c) {
        q++;
        rem -= c;
    }
    return (num)q;
}

/* 1 - I32F32(I64F64(bma) / I64F64(10^6)): the fixed EMA rate. */
static inline num n_bma_alpha(uint64_t bma)
{
    /* div64 then drop 32 bits equals floor(bma * 2^32 / 10^6). */
    ss_u128 q = ((ss_u128)bma << 32) / 1000000u;
    int64_t f = q > (ss_u128)INT64_MAX ? INT64_MAX : (int64_t)q;
    return ss_fx_sub(SS_FX_ONE, f);
}

/* floor(I96F32(x) * I96F32(E)): rao from a normalized share. */
static inline uint64_t n_emission(num x, uint64_t e)
{
    if (x <= 0)
        return 0;
    ss_u128 r = ((ss_u128)(uint64_t)x * e) >> 32;
    return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

#endif
