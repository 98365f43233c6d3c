/*
** The chain's fixed-point arithmetic (spec/yuma.md §2), bit-exact:
** I32F32 (int64 bits, value = bits / 2^32), I64F64 (int128 bits / 2^64),
** the I96F32 products used for rao amounts, the Taylor-series exp of
** substrate-fixed, sigmoid_safe, and the u16 conversions.
**
** Semantics follow substrate-fixed v0.6.0 and safe-math: multiplication
** floors (arithmetic shift), division truncates toward zero, safe_div
** returns 0 on division by zero and on overflow, saturating variants clamp.
** Everything here is inline: these are the innermost operations of the
** chain-mode epoch.
*/
#ifndef SS_CONSENSUS_FIXED_H
#define SS_CONSENSUS_FIXED_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

__extension__ typedef __int128 ss_i128;
__extension__ typedef unsigned __int128 ss_u128;

#define SS_FX_ONE ((int64_t)1 << 32)
#define SS_FX_MAX INT64_MAX
#define SS_FX_MIN INT64_MIN
#define SS_FX_U16MAX ((int64_t)65535 << 32)

#define SS_I128_MAX ((ss_i128)(((ss_u128)1 << 127) - 1))
#define SS_I128_MIN (-SS_I128_MAX - 1)

/* e truncated to 23 fractional bits, the constant substrate-fixed returns
** for exp(1) (spec §2.3). */
#define SS_FX_E23 ((int64_t)11674931200)

static inline int64_t ss_fx_sat(ss_i128 v)
{
    if (v > (ss_i128)SS_FX_MAX)
        return SS_FX_MAX;
    if (v < (ss_i128)SS_FX_MIN)
        return SS_FX_MIN;
    return (int64_t)v;
}

/* Integer n as I32F32, saturating. */
static inline int64_t ss_fx_from_int(int64_t n)
{
    return ss_fx_sat((ss_i128)n * ((ss_i128)1 << 32));
}

static inline int64_t ss_fx_add(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return a > 0 ? SS_FX_MAX : SS_FX_MIN;
    return r;
}

static inline int64_t ss_fx_sub(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        return a >= 0 ? SS_FX_MAX : SS_FX_MIN;
    return r;
}

/* saturating_mul: the exact product floored to 32 fractional bits. Numbers
** in [0, 1) (the epoch's usual operands) multiply in 64 bits. */
static inline int64_t ss_fx_mul(int64_t a, int64_t b)
{
    if (((uint64_t)a | (uint64_t)b) <= 0xffffffffu)
        return (int64_t)(((uint64_t)a * (uint64_t)b) >> 32);
    return ss_fx_sat(((ss_i128)a * b) >> 32);
}

/* checked_mul: false on overflow. */
static inline bool ss_fx_checked_mul(int64_t a, int64_t b, int64_t *out)
{
    ss_i128 r = ((ss_i128)a * b) >> 32;
    if (r > (ss_i128)SS_FX_MAX || r < (ss_i128)SS_FX_MIN)
        return false;
    *out = (int64_t)r;
    return true;
}

/* safe_div: trunc(a * 2^32 / b); 0 when b == 0 or the quotient overflows. */
static inline int64_t ss_fx_sdiv(int64_t a, int64_t b)
{
    if (b == 0)
        return 0;
    ss_i128 q = ((ss_i128)a * ((ss_i128)1 << 32)) / b;
    if (q > (ss_i128)SS_FX_MAX || q < (ss_i128)SS_FX_MIN)
        return 0;
    return (int64_t)q;
}

/* saturating_div (b != 0). */
static inline int64_t ss_fx_satdiv(int64_t a, int64_t b)
{
    if (b == 0)
        return a >= 0 ? SS_FX_MAX : SS_FX_MIN;
    return ss_fx_sat(((ss_i128)a * ((ss_i128)1 << 32)) / b);
}

/* saturating_to_num::<u16>: floor, clamped to [0, 65535]. */
static inline uint16_t ss_fx_to_u16(int64_t a)
{
    int64_t i = a >> 32;
    return (uint16_t)(i < 0 ? 0 : i > 65535 ? 65535 : i);
}

/* fixed_proportion_to_u16: floor(p * 65535) clamped. */
static inline uint16_t ss_fx_prop_to_u16(int64_t p)
{
    return ss_fx_to_u16(ss_fx_mul(p, SS_FX_U16MAX));
}

/*
** u16 -> proportion: I32F32(x) safe_div I32F32(65535) = floor(x 2^32 / 65535).
** Since 2^32 = 65535 * 65537 + 1, that is x * 65537 + floor(x / 65535):
** no division (tests/unit/test_fixed.c checks every u16).
*/
static inline int64_t ss_fx_u16_prop(uint16_t x)
{
    return (int64_t)x * 65537 + (x == 65535);
}

/* The exact value of a as a double (scaling by 2^-32 is exact). */
static inline double ss_fx_to_double(int64_t a)
{
    return (double)a * 0x1p-32;
}

/* from_num(f64): round to nearest, ties to even, saturating. */
static inline int64_t ss_fx_from_f64(double x)
{
    double s = rint(ldexp(x, 32)); /* exact scaling, then nearest-even */
    if (!(s < 9223372036854775808.0))
        return SS_FX_MAX;
    if (s < -9223372036854775808.0)
        return SS_FX_MIN;
    return (int64_t)s;
}

/* from_num of an f32 literal: rounded to single precision first. */
static inline int64_t ss_fx_from_f32(double x)
{
    return ss_fx_from_f64((double)(float)x);
}

/*
** substrate-fixed exp on I32F32: the Taylor series to the x^31/31! term,
** with a reciprocal for negative x. false where the library errs (overflow).
*/
static inline bool ss_fx_exp(int64_t x, int64_t *out)
{
    if (x == 0) {
        *out = SS_FX_ONE;
        return true;
    }
    if (x == SS_FX_ONE) {
        *out = SS_FX_E23;
        return true;
    }
    bool neg = x < 0;
    if (neg) {
        if (x == SS_FX_MIN)
            return false;
        x = -x;
    }
    int64_t result;
    if (__builtin_add_overflow(x, SS_FX_ONE, &result))
        return false;
    int64_t term = x;
    for (int64_t i = 2; i < 32; i++) {
        if (!ss_fx_checked_mul(term, x, &term))
            return false;
        term = term / i; /* I32F32 division by the integer i truncates */
        if (__builtin_add_overflow(result, term, &result))
            return false;
    }
    if (neg) {
        if (result == 0)
            return false;
        ss_i128 q = ((ss_i128)SS_FX_ONE << 32) / result;
        if (q > (ss_i128)SS_FX_MAX)
            return false;
        result = (int64_t)q;
    }
    *out = result;
    return true;
}

/* exp_safe: clamp to [-20, 20]; on error 0 below zero, MAX above. */
static inline int64_t ss_fx_exp_safe(int64_t x)
{
    const int64_t lo = -((int64_t)20 << 32), hi = (int64_t)20 << 32;
    int64_t s = x < lo ? lo : x > hi ? hi : x;
    int64_t r;
    if (!ss_fx_exp(s, &r))
        return s <= 0 ? 0 : SS_FX_MAX;
    return r;
}

/* sigmoid_safe(x, rho, kappa) = 1 safe_div (1 + exp_safe(-rho * (x - kappa))). */
static inline int64_t ss_fx_sigmoid_safe(int64_t x, int64_t rho, int64_t kappa)
{
    int64_t offset = ss_fx_sub(x, kappa);
    int64_t neg_rho = ss_fx_mul(rho, -SS_FX_ONE);
    int64_t e = ss_fx_exp_safe(ss_fx_mul(neg_rho, offset));
    return ss_fx_sdiv(SS_FX_ONE, ss_fx_add(e, SS_FX_ONE));
}

/* ---- I64F64 ---- */

static inline ss_i128 ss_fx64_sat(ss_i128 a, ss_i128 b, bool add)
{
    ss_i128 r;
    if (add ? __builtin_add_overflow(a, b, &r) : __builtin_sub_overflow(a, b, &r))
        return (add ? a > 0 : a >= 0) ? SS_I128_MAX : SS_I128_MIN;
    return r;
}

/* I64F64 -> I32F32: drop 32 low bits (floor), saturating. */
static inline int64_t ss_fx64_to_fx(ss_i128 a)
{
    return ss_fx_sat(a >> 32);
}

#endif
