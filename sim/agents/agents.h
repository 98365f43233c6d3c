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
#include "tasks/task.h"

#define SS_KEY_MAX 64

/* A miner record's life: free for reuse, waiting to register, or holding a UID. */
typedef enum ss_miner_state {
    SS_MINER_FREE = 0,
    SS_MINER_WAITING = 1,
    SS_MINER_ACTIVE = 2
} ss_miner_state;

struct ss_miner {
    uint32_t agent;
    uint32_t uid;
    ss_miner_state state;
    uint32_t group;
    char hotkey[SS_KEY_MAX], coldkey[SS_KEY_MAX];
    const ss_miner_group *cfg;
    /* Hidden traits, drawn once from the group's distributions. */
    double quality;
    double latency_median_ms;
    double latency_sigma;
    double answer_noise;
    double capacity;        /* queries per block it can serve */
    double uptime;          /* probability of being up for a query */
    double held_fraction;   /* storage: share of its assigned data it holds */
    double declared_capacity; /* what it claims: capacity, or more for a capacity liar */
    double declared_fraction; /* storage: the share of data it claims to hold */
    /* Load, for capacity: queries served in load_block. */
    uint64_t load_block;
    uint32_t load, block_capacity;
    ss_pcg32 rng_answer, rng_latency, rng_drift;
};

typedef struct ss_validator {
    uint32_t agent;
    uint32_t uid;
    uint32_t group;
    char hotkey[SS_KEY_MAX], coldkey[SS_KEY_MAX];
    const ss_validator_group *cfg;
    ss_miner_stats *stats;      /* per UID, [n_max], owned by the subnet's run */
    uint32_t weights_phase;     /* sets weights when (block + phase) % every == 0 */
    uint64_t last_weights_block;
    uint64_t weight_sets;       /* accepted weight settings */
    uint64_t opportunities;     /* weight-setting opportunities (lazy validators) */
    uint64_t query_seq;
    double *history;            /* average_last weight vectors and their running sum,
                                   [(average_last + 1) * n_miners] */
    uint32_t history_fill, history_pos;
    ss_pcg32 rng_sampling, rng_observe, rng_policy;
} ss_validator;

/* Draws a miner's hidden traits from its group with its own traits stream. */
void ss_miner_init(ss_miner *m, uint64_t seed, uint32_t netuid, uint32_t agent,
                   uint32_t group, const ss_miner_group *g);

/*
** Sets a validator up; stats must point at n_max zeroed entries and history
** at (average_last + 1) * n_miners doubles (or NULL when average_last <= 1), both
** owned by the caller.
*/
void ss_validator_init(ss_validator *v, uint64_t seed, uint32_t netuid, uint32_t agent,
                       uint32_t group, const ss_validator_group *g, ss_miner_stats *stats,
                       double *history);

/* Draws a value of distribution d. */
double ss_dist_draw(const ss_dist *d, ss_pcg32 *r);

/*
** True if the miner takes one more query in block (capacity), counting it.
** A miner with capacity c serves floor(c) queries per block, and one more with
** probability frac(c) (drawn per block from its answer stream).
*/
bool ss_miner_take_query(ss_miner *m, uint64_t block);

#endif
