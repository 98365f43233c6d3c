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
    uint64_t epoch;           /* 1-based, per netuid (continues if a netuid is reused) */
    uint64_t block;
    uint64_t issued_rao;      /* alpha out minted for the subnet since its previous epoch */
    uint64_t owner_rao;       /* owner cut */
    uint64_t miner_rao;       /* incentive paid (not withheld) */
    uint64_t validator_rao;   /* alpha dividends, takes included */
    uint64_t burned_rao;      /* paid to nobody: withheld, recycled, rounding; issued =
                                 owner + miner + validator + root + burned */
    uint32_t n;
    const uint64_t *stake_rao;          /* after this epoch's payout */
    const uint64_t *miner_paid_rao;
    const uint64_t *validator_paid_rao;
    const ss_yuma_output *yuma;
    const ss_weight_row *weights;       /* stored rows the epoch used */
    const ss_yuma *consensus;           /* for bonds: ss_yuma_bond() */
    bool last;                          /* no further epoch of this subnet in the run */
    uint64_t root_rao;                  /* alpha made claimable by root stakers */
    /* Pool state after the epoch; has_pool is false for subnets without a pool. */
    bool has_pool;
    uint64_t tao_reserve_rao, alpha_reserve_rao, alpha_outstanding_rao, tao_in_rao;
    double price, moving_price, emission_share;
} ss_epoch_view;

/* A subnet registered (at genesis, block 0, or by a creator) or dissolved. */
typedef struct ss_subnet_view {
    uint32_t netuid;
    const ss_subnet_config *cfg;
    uint64_t registered_block;
    bool dissolved;
    uint64_t dissolved_block;   /* when dissolved */
    uint64_t lock_rao;          /* lock paid (0 at genesis) */
} ss_subnet_view;

/* Something that happened on chain (docs/schema.md, table events). Strings borrowed. */
typedef struct ss_event_view {
    uint64_t block;
    uint32_t netuid;            /* 0: root or the whole network */
    const char *kind;           /* register, deregister, stake, unstake, move, subnet_register,
                                   subnet_dissolve, attack */
    int64_t uid;                /* -1: none */
    const char *hotkey, *coldkey; /* NULL: none */
    int64_t amount_rao;         /* -1: none */
    const char *detail;         /* NULL: none */
} ss_event_view;

/* The network's money, sampled (docs/schema.md, table network). */
typedef struct ss_network_view {
    uint64_t block;
    uint64_t total_issuance_rao;
    uint64_t block_emission_rao;
    uint64_t recycled_rao;
    uint64_t burned_rao;
    uint64_t root_stake_rao;
    uint32_t subnets;
} ss_network_view;

typedef struct ss_run_observer {
    void *ctx;
    ss_status (*on_begin)(void *ctx, const ss_scenario *sc, uint64_t seed, ss_error *err);
    ss_status (*on_neuron)(void *ctx, const ss_neuron_view *nv, ss_error *err);
    ss_status (*on_epoch)(void *ctx, const ss_epoch_view *ev, ss_error *err);
    /* A metric (docs/metrics.md): epoch 0 for the run as a whole, else per epoch. */
    ss_status (*on_metric)(void *ctx, uint32_t netuid, uint64_t epoch, const char *name,
                           const char *detail, double value, ss_error *err);
    ss_status (*on_end)(void *ctx, uint64_t blocks, ss_error *err);
    /* Appended: the economy. Any may be NULL. */
    ss_status (*on_subnet)(void *ctx, const ss_subnet_view *sv, ss_error *err);
    ss_status (*on_deregister)(void *ctx, uint32_t netuid, uint32_t uid, uint64_t block,
                               ss_error *err);
    ss_status (*on_event)(void *ctx, const ss_event_view *ev, ss_error *err);
    ss_status (*on_network)(void *ctx, const ss_network_view *nv, ss_error *err);
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
    /*
    ** Checks at every block that issued TAO (and each subnet's alpha) equals
    ** where it is, exactly; the first difference stops the run with SS_EAUDIT
    ** and a message naming the block and the difference.
    */
    bool audit;
    /* Benchmarks: epochs skip Yuma (dividends follow stake, no incentive). */
    bool no_consensus;
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

/* The last audit (after ss_run_execute with options.audit): issued and accounted TAO. */
void ss_run_audit_totals(const ss_run *r, uint64_t *issued_rao, uint64_t *accounted_rao);

/* The economy and the holders' ledger of the run, for tests and tools (read only). */
const struct ss_economy *ss_run_economy(const ss_run *r);

#ifdef __cplusplus
}
#endif
#endif
