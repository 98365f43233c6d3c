/*
** The agents of one subnet: its task, miners and validators with their
** statistics, the queries in flight, what the agents can see of the chain
** (visible weights, the last epoch's incentive), and the registrants that
** take UIDs during the run (arriving miners, immunity cyclers, UID snipers).
**
** The population decides what agents do; the run does what touches the chain
** and money (registration by burn, stake, pay). So the population never
** registers a UID itself: the run seats an agent on a UID and tells the
** population (ss_population_seat), and tells it when a UID's holder leaves
** (ss_population_vacate). Each UID's holder is a packed id (holder kind, index).
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

/* Who holds a UID: the owner, a validator, a miner record, or a registration actor. */
typedef enum ss_holder_kind {
    SS_HOLDER_NONE = 0,
    SS_HOLDER_OWNER = 1,
    SS_HOLDER_VALIDATOR = 2,
    SS_HOLDER_MINER = 3,
    SS_HOLDER_ACTOR = 4
} ss_holder_kind;

#define SS_HOLDER(kind, index) (((uint32_t)(kind) << 28) | (uint32_t)(index))
#define SS_HOLDER_KIND(h) ((ss_holder_kind)((h) >> 28))
#define SS_HOLDER_INDEX(h) ((h) & 0x0FFFFFFFu)
#define SS_HOLDER_EMPTY SS_HOLDER(SS_HOLDER_NONE, 0)

/*
** A registration actor: an adversarial miner that only registers (immunity
** cycler, UID sniper). It does no work; every registration uses a new
** hotkey, and the UIDs it left behind stay registered until pruned.
*/
typedef struct ss_actor {
    uint32_t agent;               /* stable id (its place in the scenario) */
    uint32_t group;
    const ss_miner_group *cfg;
    char coldkey[SS_KEY_MAX];
    uint32_t generation;          /* hotkeys used so far */
    uint64_t next_block;          /* when it next registers */
    uint32_t attacks_left;        /* sniper */
    uint32_t pending;             /* registrations it wants now */
    uint32_t uid;                 /* its latest UID, SS_NO_UID if none */
    uint64_t burned_rao;          /* TAO paid in burns */
    uint64_t registrations;
    double paid_rao;              /* alpha its UIDs were paid */
    uint64_t uid_blocks;          /* UID-blocks held (latest UID only) */
} ss_actor;

/* Arrivals of one miner group. */
typedef struct ss_arrival_state {
    double next_block;            /* the next arrival comes at this block */
    uint32_t arrived;             /* arrivals so far (their agent ids) */
    uint32_t waiting;             /* arrived, waiting for a UID or a lower burn price */
    ss_pcg32 rng;
} ss_arrival_state;

struct ss_inflight {
    ss_query query;
    ss_answer answer;
    uint32_t agent;   /* the miner's agent when sent: a replaced miner's answers are dropped */
    uint32_t next;    /* free list */
};

/* What a holder is, for the ledger and the observer. Strings borrowed from the population. */
typedef struct ss_holder_desc {
    const char *hotkey, *coldkey;
    const char *role;             /* "owner", "validator", "miner" */
    const char *kind;             /* "owner", "honest", or an adversary kind */
    bool adversary;
    double quality, latency_ms;   /* miners; NaN otherwise */
    ss_role chain_role;
    uint64_t stake_rao;           /* validators: genesis alpha stake */
    uint64_t root_stake_rao;      /* validators: genesis root stake */
    uint64_t balance_rao;         /* free TAO at genesis */
    uint16_t take;
} ss_holder_desc;

typedef struct ss_population {
    uint32_t index;               /* subnet position in the run */
    ss_subnet *chain;             /* borrowed from the run */
    bool honest_only;             /* baseline run: adversaries behave honestly */
    uint64_t seed;
    ss_task task;
    ss_scorer *scorer;            /* the per-answer score: preset, expression or plugin */
    ss_miner *miners;             /* miner records; a record without a UID is inactive */
    uint32_t n_miners;            /* records in use (active or not) */
    uint32_t miner_cap;
    ss_validator *validators;
    uint32_t n_validators;
    ss_actor *actors;
    uint32_t n_actors;
    ss_arrival_state *arrivals;   /* per miner group */
    uint32_t *holder;             /* per UID: SS_HOLDER(kind, index) */
    ss_miner_stats *stats;        /* n_validators * (n_max + 1): per UID, and an empty slot */
    double *history;              /* n_validators * average_last * miner_cap, or NULL */
    double *last_weights;         /* n_validators * miner_cap: the last vector each set */
    uint32_t *miner_uids;         /* record k's UID, SS_NO_UID if inactive */
    double *last_incentive;       /* per UID, from the last epoch (public on chain) */
    /* Scratch. */
    double *copy_rows;            /* n_validators * miner_cap, weight copiers */
    double *copy_stake, *copy_col;/* [n_validators] */
    uint32_t *copy_order;
    uint32_t *sample;
    uint32_t *active_uids;        /* [miner_cap] each record's UID for the scoring */
    double *w, *w2;
    uint32_t *w_uids;
    uint16_t *w_values;
    uint16_t *w_by_uid;           /* [n_max] zero between calls */
    struct ss_inflight *inflight;
    uint32_t inflight_cap, inflight_free;
    char owner_hotkey[SS_KEY_MAX], owner_coldkey[SS_KEY_MAX];
    double *initial_stake;        /* per UID, rao: the holder's stake when seated */
    ss_metrics metrics;
    uint64_t next_turn_block;     /* no validator acts before this block (0: unknown) */
    bool snipe_now;               /* snipers act this block (an epoch just ran) */
} ss_population;

/*
** Creates the agents of chain's subnet (owner, validators, genesis miners,
** registration actors), with no UIDs yet: the run seats them.
*/
ss_status ss_population_init(ss_population *p, ss_subnet *chain, uint32_t index, uint64_t seed,
                             bool honest_only, ss_error *err);
void ss_population_fini(ss_population *p);

/* Holders registered at genesis, in UID order (owner, validators, miners): count and the i-th. */
uint32_t ss_population_genesis_count(const ss_population *p);
uint32_t ss_population_genesis_holder(const ss_population *p, uint32_t i);

/* Describes a holder (for a hotkey registered now: actors use a new hotkey each time). */
void ss_population_describe(const ss_population *p, uint32_t holder, ss_holder_desc *d);

/* holder now holds uid (registered at block with stake_rao). */
void ss_population_seat(ss_population *p, uint32_t holder, uint32_t uid, uint64_t stake_rao);

/* The holder of uid leaves it (pruned, or replaced by a newer hotkey of the same actor). */
void ss_population_vacate(ss_population *p, uint32_t uid);

/*
** Who wants a UID at block: arriving miners (a new record each, traits drawn)
** and actors. Fills up to max holders; returns the count. Each must be
** answered with ss_population_registered or ss_population_refused.
*/
uint32_t ss_population_registrants(ss_population *p, uint64_t block, uint32_t *holders,
                                   uint32_t max);

/* The burn price a registrant pays at most. */
uint64_t ss_population_max_burn(const ss_population *p, uint32_t holder);

/*
** The registration of holder at block went through (burn paid), or was
** refused: it retries later, or gives up when broke (it cannot pay).
*/
void ss_population_registered(ss_population *p, uint32_t holder, uint64_t burn_rao,
                              uint64_t block);
void ss_population_refused(ss_population *p, uint32_t holder, bool broke);

/* Everything the agents do in a block after the chain's part: queries and weights. */
ss_status ss_population_block(ss_population *p, uint64_t block, ss_schedule_answer_fn schedule,
                              void *ctx, ss_error *err);

/* An answer arrives (or times out): the validator scores it. Fails only if a plugin fails. */
ss_status ss_population_answer(ss_population *p, uint32_t slot, ss_error *err);

/* What one epoch paid each UID (alpha rao), for the agents and the metrics. */
typedef struct ss_epoch_pay {
    const ss_yuma_output *yuma;
    const uint64_t *miner_rao;     /* [n] incentive paid (0 when withheld) */
    const uint64_t *validator_rao; /* [n] dividends paid to the hotkey (take + nominators) */
    uint64_t owner_rao;            /* owner cut */
} ss_epoch_pay;

/* After an epoch of the subnet: agents react, metrics accumulate. */
void ss_population_after_epoch(ss_population *p, const ss_epoch_pay *pay);

/* Per-block accounting (UID-blocks held by actors). */
void ss_population_end_block(ss_population *p);

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
