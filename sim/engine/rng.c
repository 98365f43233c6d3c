/*
** PCG32 and the draws built on it. The generator follows the published
** pcg32 (XSH RR output on a 64-bit LCG); tests check it against the reference
** demo sequence for seed 42, stream 54.
*/
#include "subnetsim/rng.h"

#include <math.h>

#define PCG_MULT 6364136223846793005ULL

void ss_pcg32_seed(ss_pcg32 *r, uint64_t initstate, uint64_t initseq)
{
    r->state = 0;
    r->inc = (initseq << 1u) | 1u;
    ss_pcg32_next(r);
    r->state += initstate;
    ss_pcg32_next(r);
}

uint32_t ss_pcg32_next(ss_pcg32 *r)
{
    uint64_t old = r->state;
    r->state = old * PCG_MULT + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

uint32_t ss_pcg32_bounded(ss_pcg32 *r, uint32_t bound)
{
    /* Reject the low values that would make r % bound favour small results:
    ** 2^32 mod bound of them, computed as (-bound) % bound in 32 bits. */
    uint32_t threshold = (uint32_t)(-bound) % bound;
    for (;;) {
        uint32_t x = ss_pcg32_next(r);
        if (x >= threshold)
            return x % bound;
    }
}

double ss_rng_uniform(ss_pcg32 *r)
{
    uint32_t a = ss_pcg32_next(r) >> 5; /* 27 bits */
    uint32_t b = ss_pcg32_next(r) >> 6; /* 26 bits */
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

double ss_rng_range(ss_pcg32 *r, double lo, double hi)
{
    return lo + (hi - lo) * ss_rng_uniform(r);
}

void ss_rng_normal_pair(ss_pcg32 *r, double *a, double *b)
{
    /* Marsaglia's polar method: no trigonometry. */
    double u, v, s;
    do {
        u = 2.0 * ss_rng_uniform(r) - 1.0;
        v = 2.0 * ss_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    *a = u * f;
    *b = v * f;
}

double ss_rng_normal(ss_pcg32 *r, double mu, double sd)
{
    /* The second variate is dropped so the generator carries no hidden state
    ** beyond the PCG itself; callers that need many draws use the pair. */
    double a, b;
    ss_rng_normal_pair(r, &a, &b);
    return mu + sd * a;
}

double ss_rng_lognormal(ss_pcg32 *r, double mu, double sigma)
{
    return exp(ss_rng_normal(r, mu, sigma));
}

double ss_rng_exponential(ss_pcg32 *r, double mean)
{
    return -mean * log1p(-ss_rng_uniform(r));
}

int ss_rng_bernoulli(ss_pcg32 *r, double p)
{
    if (p <= 0.0)
        return 0;
    if (p >= 1.0)
        return 1;
    return ss_rng_uniform(r) < p;
}

uint64_t ss_rng_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void ss_rng_stream(ss_pcg32 *r, uint64_t seed, uint32_t subnet, uint32_t entity,
                   uint32_t purpose)
{
    /* Chain the key parts through the mixer so that every part changes every
    ** bit of both the starting state and the stream selector. */
    uint64_t h = ss_rng_mix64(seed);
    h = ss_rng_mix64(h ^ ((uint64_t)subnet << 32 | 0x5eedu));
    h = ss_rng_mix64(h ^ entity);
    h = ss_rng_mix64(h ^ ((uint64_t)purpose << 40));
    ss_pcg32_seed(r, h, ss_rng_mix64(h ^ 0x243f6a8885a308d3ULL));
}
