/*
** The neuron-registration burn price (spec §5.1): every block it decays by the
** Q32 factor f_H that halves it in H blocks, and every registration multiplies
** it by m (a U64F64 on chain), both clamped to [MinBurn, MaxBurn]. All exact.
*/
#include "subnetsim/registration.h"

#include <math.h>

#include "econ_internal.h"

#define Q32_ONE 4294967296ULL

uint64_t ss_pow_q32(uint64_t f_q32, uint32_t e)
{
    /* Right-to-left binary exponentiation; f < 2^32 keeps every product in 64 bits. */
    uint64_t result = Q32_ONE, base = f_q32;
    while (e) {
        if (e & 1u)
            result = (uint64_t)(((ss_u128)result * base) >> 32);
        e >>= 1;
        if (e)
            base = (uint64_t)(((ss_u128)base * base) >> 32);
    }
    return result;
}

uint32_t ss_burn_decay_factor_q32(uint32_t half_life)
{
    if (half_life == 0)
        return 0;
    /* pow is non-decreasing in f: binary search the last f with f^H <= 1/2. */
    uint64_t lo = 0, hi = Q32_ONE - 1;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if (ss_pow_q32(mid, half_life) <= Q32_ONE / 2)
            lo = mid;
        else
            hi = mid - 1;
    }
    return (uint32_t)lo;
}

static uint64_t clamp(uint64_t v, uint64_t lo, uint64_t hi)
{
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return v;
}

uint64_t ss_burn_decay(uint64_t burn_rao, uint32_t factor_q32, uint64_t min_rao,
                       uint64_t max_rao)
{
    uint64_t b = (uint64_t)(((ss_u128)burn_rao * factor_q32) >> 32);
    return clamp(b, min_rao, max_rao);
}

ss_q64 ss_q64_from_double(double m)
{
    ss_q64 q = {0, 0};
    if (!(m > 0.0))
        return q;
    if (m >= 18446744073709551616.0) {
        q.int_part = UINT64_MAX;
        return q;
    }
    double ip = floor(m);
    q.int_part = (uint64_t)ip;
    /* m - floor(m) is exact, and scaling by 2^64 is exact: a double has at
    ** most 52 bits below the point for m >= 1, so this is the U64F64 value. */
    q.frac = ss__floor_rao(ldexp(m - ip, 64));
    return q;
}

uint64_t ss_burn_bump(uint64_t burn_rao, ss_q64 mult, uint64_t min_rao, uint64_t max_rao)
{
    ss_u128 v = (ss_u128)burn_rao * mult.int_part + (((ss_u128)burn_rao * mult.frac) >> 64);
    uint64_t b = v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
    return clamp(b, min_rao, max_rao);
}
