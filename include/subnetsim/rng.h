/*
** Random numbers: the PCG32 generator (64-bit state, 32-bit output, selectable
** stream; M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient
** Statistically Good Algorithms for Random Number Generation", 2014), the
** draws the simulator needs, and the derivation of one independent stream per
** (subnet, entity, purpose) from the run seed.
**
** Streams are derived from stable keys, never from creation order, so adding
** an agent does not change the draws of any other agent.
*/
#ifndef SUBNETSIM_RNG_H
#define SUBNETSIM_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_pcg32 {
    uint64_t state; /* all values are possible */
    uint64_t inc;   /* stream selector; always odd */
} ss_pcg32;

/* Seeds r as pcg32_srandom_r(initstate, initseq) of the reference code. */
void ss_pcg32_seed(ss_pcg32 *r, uint64_t initstate, uint64_t initseq);

/* Next 32 uniformly distributed bits. */
uint32_t ss_pcg32_next(ss_pcg32 *r);

/* Uniform integer in [0, bound) without modulo bias; bound must be > 0. */
uint32_t ss_pcg32_bounded(ss_pcg32 *r, uint32_t bound);

/* Uniform double in [0, 1) with 53 random bits (two draws). */
double ss_rng_uniform(ss_pcg32 *r);

/* Uniform double in [lo, hi). */
double ss_rng_range(ss_pcg32 *r, double lo, double hi);

/* Normal draw with mean mu and standard deviation sd (Marsaglia's polar method). */
double ss_rng_normal(ss_pcg32 *r, double mu, double sd);

/* Two independent standard normal draws (the polar method yields a pair). */
void ss_rng_normal_pair(ss_pcg32 *r, double *a, double *b);

/* Lognormal draw: exp(N(mu, sigma)), mu and sigma of the underlying normal. */
double ss_rng_lognormal(ss_pcg32 *r, double mu, double sigma);

/* Exponential draw with the given mean (> 0). */
double ss_rng_exponential(ss_pcg32 *r, double mean);

/* True with probability p. */
int ss_rng_bernoulli(ss_pcg32 *r, double p);

/*
** What a stream is used for. The numeric values are part of the definition of
** every run's results: append new purposes, never renumber.
*/
typedef enum ss_rng_purpose {
    SS_RNG_TRAITS = 1,      /* hidden traits drawn when an agent is created */
    SS_RNG_SAMPLING = 2,    /* which miners a validator queries */
    SS_RNG_ANSWER = 3,      /* a miner's answer quality */
    SS_RNG_LATENCY = 4,     /* a miner's response latency */
    SS_RNG_POLICY = 5,      /* validator or adversary decisions */
    SS_RNG_STAKE = 6,       /* stake flows */
    SS_RNG_REGISTRATION = 7,/* registration decisions */
    SS_RNG_MARKET = 8,      /* price paths (trading task) */
    SS_RNG_NETWORK = 9,     /* network-wide draws (subnet creation, ...) */
    SS_RNG_OBSERVE = 10,    /* a validator's noisy observation of quality */
    SS_RNG_DRIFT = 11,      /* changes of a miner's true quality over time */
    SS_RNG_STRATEGY = 12    /* a miner's own decisions (trading positions) */
} ss_rng_purpose;

/*
** Seeds r with the stream for (subnet, entity, purpose) of a run seeded with
** seed. entity is a stable identifier of an agent (its index in the scenario),
** not an allocation order.
*/
void ss_rng_stream(ss_pcg32 *r, uint64_t seed, uint32_t subnet, uint32_t entity,
                   uint32_t purpose);

/* The splitmix64 finaliser: a bijective 64-bit mix used to derive seeds. */
uint64_t ss_rng_mix64(uint64_t x);

#ifdef __cplusplus
}
#endif
#endif
