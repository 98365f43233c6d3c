/*
** The numeric model of float mode (spec/yuma.md §7) for the epoch template:
** every value is an IEEE double holding its real value; the integer
** conversions (u16, rao) stay exact floors, exp is the C library's exp on
** [-20, 20], divisions by zero give 0. Same names as num_chain.h.
*/
#ifndef SS_CONSENSUS_NUM_FLOAT_H
#define SS_CONSENSUS_NUM_FLOAT_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

typedef double num;

#define NUM_SUFFIX(name) name##_float
#define NUM_ZERO 0.0
#define NUM_ONE 1.0
#define NUM_IS_CHAIN 0

static inline num n_add(num a, num b) { return a + b; }
static inline num n_sub(num a, num b) { return a - b; }
static inline num n_plus(num a, num b) { return a + b; }
static inline num n_mul(num a, num b) { return a * b; }
static inline bool n_cmul(num a, num b, num *out) { *out = a * b; return true; }
static inline num n_sdiv(num a, num b) { return b == 0.0 ? 0.0 : a / b; }
static inline num n_satdiv(num a, num b) { return b == 0.0 ? 0.0 : a / b; }
static inline num n_from_int(int64_t i) { return (double)i; }
static inline num n_raw_u16(uint16_t v) { return (double)v; }
static inline num n_prop_u16(uint16_t v) { return (double)v / 65535.0; }
static inline uint16_t n_to_u16(num p)
{
    /* floor(p * 65535) clamped; truncation is floor on the clamped range */
    double f = p * 65535.0;
    return (uint16_t)(f > 0.0 ? (f < 65535.0 ? f : 65535.0) : 0.0);
}
static inline double n_to_double(num a) { return a; }
static inline num n_exp_safe(num x) { return exp(x < -20.0 ? -20.0 : x > 20.0 ? 20.0 : x); }
static inline num n_min(num a, num b) { return a < b ? a : b; }
static inline num n_max(num a, num b) { return a > b ? a : b; }

/* Division by a shared divisor (num_chain.h): a true division here, since
** a reciprocal multiply would round differently. */
static inline double n_div_prep(num c)
{
    (void)c;
    return 0.0;
}

static inline num n_div_fast(num a, num c, double inv)
{
    (void)inv;
    return n_sdiv(a, c);
}

static inline num n_bma_alpha(uint64_t bma) { return 1.0 - (double)bma / 1e6; }

static inline uint64_t n_emission(num x, uint64_t e)
{
    double r = floor(x * (double)e);
    if (!(r > 0.0))
        return 0;
    return r >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)r;
}

#endif
