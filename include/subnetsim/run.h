/*
** A run: one simulation of a scenario with one seed, as a value. Create it,
** execute it, destroy it. Runs share nothing mutable, so many may proceed in
** one process on different threads (a scenario may be shared between them).
**
** What happens is reported to an optional observer (the SQLite recorder is
** one); a run without an observer keeps only its in-memory state.
*/
#ifndef SUBNETSIM_RUN_H
#define SUBNETSIM_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/consensus.h"
#include "subnetsim/scenario.h"
#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A neuron as registered on a subnet. Strings are borrowed for the call. */
typedef struct ss_neuron_view {
    uint32_t netuid;
    uint32_t uid;
    const char *hotkey;
    const char *coldkey;
    const char *role;        /* "owner", "validator", "miner" */
    const char *agent_kind;  /* "owner", "honest", or an adversary kind */
    bool adversary;
    double true_quality;     /* miners: hidden quality; NaN otherwise */
    double latency_ms;       /* miners: median latency; NaN otherwise */
    uint64_t registered_block;
    uint64_t stake_rao;
} ss_neuron_view;

/* The outcome of one epoch of one subnet. Arrays have n entries; all borrowed for the call. */
typedef struct ss_epoch_view {
    uint32_t netuid;
    uint64_t epoch;           /* 1-based, per subnet */
    uint64_t block;
    uint64_t issued_rao;      /* alpha minted since the previous epoch */
    uint64_t owner_rao;
    uint64_t miner_rao;
    uint64_t validator_rao;
    uint64_t burned_rao;      /* issued = owner + miner + validator + burned */
    uint32_t n;
    const uint64_t *stake_rao;          /* after this epoch's payout */
    const uint64_t *miner_paid_rao;
    const uint64_t *validator_paid_rao;
    const ss_yuma_output *yuma;
    const ss_weight_row *weights;       /* stored rows the epoch used */
    const ss_yuma *consensus;           /* for bonds: ss_yuma_bond() */
    bool last;                          /* no further epoch of this subnet in the run */
    uint64_t root_rao;                  /* alpha paid to root stakers (0 without root) */
    /* Pool state after the epoch; has_pool is false for subnets without a pool. */
    bool has_pool;
    uint64_t tao_reserve_rao, alpha_reserve_rao, alpha_outstanding_rao, tao_in_rao;
    double price, moving_price, emission_share;
} ss_epoch_view;

typedef struct ss_run_observer {
    void *ctx;
    ss_status (*on_begin)(void *ctx, const ss_scenario *sc, uint64_t seed, ss_error *err);
    ss_status (*on_neuron)(void *ctx, const ss_neuron_view *nv, ss_error *err);
    ss_status (*on_epoch)(void *ctx, const ss_epoch_view *ev, ss_error *err);
    /* A metric (docs/metrics.md): epoch 0 for the run as a whole, else per epoch. */
    ss_status (*on_metric)(void *ctx, uint32_t netuid, uint64_t epoch, const char *name,
                           const char *detail, double value, ss_error *err);
    ss_status (*on_end)(void *ctx, uint64_t blocks, ss_error *err);
} ss_run_observer;

/* Called every few hundred blocks and at the end; for progress display only. */
typedef void (*ss_run_progress)(void *ctx, uint64_t block, uint64_t blocks);

typedef struct ss_run_options {
    bool seed_set;        /* use seed instead of the scenario's */
    uint64_t seed;
    const ss_run_observer *observer; /* may be NULL */
    ss_run_progress progress;        /* may be NULL */
    void *progress_ctx;
    bool honest_only;                /* adversaries behave honestly (the baseline run) */
} ss_run_options;

typedef struct ss_run ss_run;

/* Builds the run's state: subnets, agents and their UIDs at genesis (block 0). */
ss_status ss_run_create(const ss_scenario *sc, const ss_run_options *opt, ss_run **out,
                        ss_error *err);

/* Simulates blocks 1..scenario blocks. */
ss_status ss_run_execute(ss_run *r, ss_error *err);

void ss_run_destroy(ss_run *r);

uint64_t ss_run_seed(const ss_run *r);
/* Number of events the engine handled. */
uint64_t ss_run_events(const ss_run *r);

/* Honest validators' dividends per unit of stake on subnet index i so far (NaN if none). */
double ss_run_honest_dividend_per_stake(const ss_run *r, size_t i);

#ifdef __cplusplus
}
#endif
#endif
