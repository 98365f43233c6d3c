/*
** Agents: the miners and validators of a subnet. Each agent has a stable id
** (its position in the scenario's groups, validators first) from which its
** random streams are derived, and the UID it holds.
*/
#ifndef SS_AGENTS_AGENTS_H
#define SS_AGENTS_AGENTS_H

#include <stdint.h>

#include "subnetsim/rng.h"
#include "subnetsim/scenario.h"

#define SS_KEY_MAX 32

typedef struct ss_miner {
    uint32_t agent;
    uint32_t uid;
    uint32_t group;
    char hotkey[SS_KEY_MAX], coldkey[SS_KEY_MAX];
    double quality;            /* hidden true quality */
    double latency_median_ms;
    double latency_sigma;
    double answer_noise;
    ss_pcg32 rng_answer, rng_latency;
} ss_miner;

typedef struct ss_validator {
    uint32_t agent;
    uint32_t uid;
    uint32_t group;
    char hotkey[SS_KEY_MAX], coldkey[SS_KEY_MAX];
    const ss_validator_group *cfg;
    double *score;             /* EMA of scores per UID, [n_max] */
    uint32_t weights_phase;    /* sets weights when (block + phase) % every == 0 */
    ss_pcg32 rng_sampling, rng_observe;
} ss_validator;

/* Draws a miner's hidden traits from its group with its own traits stream. */
void ss_miner_init(ss_miner *m, uint64_t seed, uint32_t netuid, uint32_t agent,
                   uint32_t group, const ss_miner_group *g);

/* Sets a validator up; score must point at n_max zeroed doubles (owned by the caller). */
void ss_validator_init(ss_validator *v, uint64_t seed, uint32_t netuid, uint32_t agent,
                       uint32_t group, const ss_validator_group *g, double *score);

/* Draws a value of distribution d. */
double ss_dist_draw(const ss_dist *d, ss_pcg32 *r);

#endif
