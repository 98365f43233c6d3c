/*
** The agents of one subnet: its task, miners and validators with their
** statistics, the queries in flight, and what the agents can see of the chain
** (visible weights, the last epoch's incentive). The run's engine drives it:
** each block it asks validators to send queries and set weights; answers come
** back as events; after each epoch it lets agents react (quality drift,
** copiers' targets) and accumulates the run's metrics.
*/
#ifndef SS_AGENTS_POPULATION_H
#define SS_AGENTS_POPULATION_H

#include <stdbool.h>
#include <stdint.h>

#include "agents/agents.h"
#include "agents/metrics.h"
#include "chain/subnet.h"
#include "tasks/scorer.h"
#include "tasks/task.h"

/* Schedules the answer of query slot to arrive latency_ms after now. */
typedef ss_status (*ss_schedule_answer_fn)(void *ctx, uint32_t population, uint32_t slot,
                                           double latency_ms, ss_error *err);

/* Reports a registered neuron (for the observer). */
typedef ss_status (*ss_neuron_fn)(void *ctx, const ss_subnet *chain, uint32_t uid,
                                  const char *hotkey, const char *coldkey, const char *role,
                                  const char *kind, bool adversary, double quality,
                                  double latency_ms, ss_error *err);

struct ss_inflight {
    ss_query query;
    ss_answer answer;
    uint32_t next;    /* free list */
};

typedef struct ss_population {
    uint32_t index;               /* subnet position in the scenario */
    ss_subnet *chain;             /* borrowed from the run */
    bool honest_only;             /* baseline run: adversaries behave honestly */
    ss_task task;
    ss_scorer *scorer;            /* the per-answer score: preset, expression or plugin */
    ss_miner *miners;
    uint32_t n_miners;
    ss_validator *validators;
    uint32_t n_validators;
    ss_miner_stats *stats;        /* n_validators * n_max */
    double *history;              /* n_validators * average_last * n_miners, or NULL */
    double *last_weights;         /* n_validators * n_miners: the last vector each set */
    uint32_t *miner_uids;         /* miner k's UID */
    double *last_incentive;       /* per UID, from the last epoch (public on chain) */
    /* Scratch. */
    double *copy_rows;            /* n_validators * n_miners, weight copiers */
    double *copy_stake, *copy_col;/* [n_validators] */
    uint32_t *copy_order;
    uint32_t *sample;
    double *w, *w2;
    uint32_t *w_uids;
    uint16_t *w_values;
    struct ss_inflight *inflight;
    uint32_t inflight_cap, inflight_free;
    char owner_hotkey[SS_KEY_MAX], owner_coldkey[SS_KEY_MAX];
    double *initial_stake;        /* per UID, rao */
    ss_metrics metrics;
} ss_population;

/*
** Creates the agents of chain's subnet and registers them (owner at UID 0,
** then validators, then miners) at genesis.
*/
ss_status ss_population_init(ss_population *p, ss_subnet *chain, uint32_t index, uint64_t seed,
                             bool honest_only, ss_neuron_fn notify, void *ctx, ss_error *err);
void ss_population_fini(ss_population *p);

/* Everything the agents do in a block after the chain's part: queries and weights. */
ss_status ss_population_block(ss_population *p, uint64_t block, ss_schedule_answer_fn schedule,
                              void *ctx, ss_error *err);

/* An answer arrives (or times out): the validator scores it. Fails only if a plugin fails. */
ss_status ss_population_answer(ss_population *p, uint32_t slot, ss_error *err);

/* After an epoch of the subnet: agents react, metrics accumulate. */
void ss_population_after_epoch(ss_population *p, const ss_epoch_payout *pay);

/*
** The run metrics of the subnet so far into out (at most max); returns how
** many. baseline_honest_dps, if not NaN, is the honest validators' dividend
** per stake in the adversary-free baseline run (for honest_dividend_loss).
*/
size_t ss_population_metrics(const ss_population *p, double baseline_honest_dps,
                             ss_metric_value *out, size_t max);

/* The honest validators' dividends per unit of initial stake so far (NaN if none). */
double ss_population_honest_dps(const ss_population *p);

/* Whether any agent of the subnet is an adversary. */
bool ss_population_has_adversaries(const ss_population *p);

#endif
