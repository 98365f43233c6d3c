/*
** Scenarios: what a run simulates, loaded from a JSON file (docs/scenario.md).
**
** ss_scenario_load() reads and checks a file. Every problem found is reported
** as one line "file:json.path: message"; loading fails with SS_EINVAL if there
** is any. A loaded scenario is immutable and may be shared by many runs, on
** many threads.
*/
#ifndef SUBNETSIM_SCENARIO_H
#define SUBNETSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "subnetsim/consensus.h"
#include "subnetsim/econ_params.h"
#include "subnetsim/status.h"
#include "subnetsim/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SS_BLOCK_MS 12000
#define SS_BLOCKS_PER_DAY 7200
#define SS_RAO_PER_TAO 1000000000ULL

/* A random quantity drawn once per agent: fixed, uniform, normal or lognormal, then clamped. */
typedef enum ss_dist_kind {
    SS_DIST_FIXED = 0,   /* a */
    SS_DIST_UNIFORM,     /* [a, b) */
    SS_DIST_NORMAL,      /* mean a, sd b */
    SS_DIST_LOGNORMAL    /* median a, sigma b (of the underlying normal) */
} ss_dist_kind;

typedef struct ss_dist {
    ss_dist_kind kind;
    double a, b;
    double lo, hi; /* the draw is clamped to [lo, hi] */
} ss_dist;

typedef enum ss_task_kind {
    SS_TASK_TEXT = 0,
    SS_TASK_INFERENCE = 1,
    SS_TASK_TRADING = 2,
    SS_TASK_STORAGE = 3,
    SS_TASK_KINDS = 4
} ss_task_kind;

/* How a validator folds answer scores into its view of a miner. */
typedef enum ss_aggregate {
    SS_AGG_EMA = 0,     /* exponential moving average with ema_alpha */
    SS_AGG_MEAN = 1,    /* mean of the scores since the last weight setting */
    SS_AGG_SUM = 2      /* sum of the scores since the last weight setting (volume counts) */
} ss_aggregate;

/* How aggregated scores become a weight vector (before the validator's own policy). */
typedef enum ss_transform {
    SS_TRANSFORM_NONE = 0,      /* proportional to the (positive) scores */
    SS_TRANSFORM_STEEPNESS = 1, /* SN1: normalise, divide by max, ^(100 p^6.644), renormalise */
    SS_TRANSFORM_POWER = 2,     /* normalise, ^power, renormalise */
    SS_TRANSFORM_SOFTMAX = 3    /* softmax with temperature */
} ss_transform;

#define SS_TASK_PARAMS_MAX 16

/*
** The subnet's scoring function: a task kind's preset, optionally with the
** per-answer score replaced by an expression or a plugin, and the
** aggregation and transform the subnet's validator code applies.
*/
typedef struct ss_scoring_config {
    char *expression;       /* NULL: the preset's per-answer score */
    char *plugin;           /* path of a scoring plugin (resolved), or NULL */
    char *plugin_config;    /* text handed to the plugin's init, or NULL */
    ss_aggregate aggregate;
    double ema_alpha;
    ss_transform transform;
    double steepness_p;     /* SS_TRANSFORM_STEEPNESS */
    double power;           /* SS_TRANSFORM_POWER */
    double temperature;     /* SS_TRANSFORM_SOFTMAX */
    uint32_t average_last;  /* weights = mean of the last N weight vectors (1: none) */
} ss_scoring_config;

typedef struct ss_task_config {
    ss_task_kind kind;
    uint32_t preset;             /* index into the kind's presets */
    int64_t timeout_ms;          /* an answer later than this scores as a timeout */
    double organic_fraction;     /* share of queries that come from real users */
    /* Kind-specific parameters, by the kind's parameter table (sim/tasks/). */
    double params[SS_TASK_PARAMS_MAX];
    ss_scoring_config scoring;
} ss_task_config;

/*
** Adversaries (docs/adversaries.md). A validator or miner group may be
** adversarial; the kind decides which fields matter.
*/
typedef enum ss_adversary_kind {
    SS_ADV_NONE = 0,
    /* validators */
    SS_ADV_WEIGHT_COPIER,     /* copies the consensus, or one validator's weights */
    SS_ADV_LAZY,              /* sets weights rarely, or freezes them */
    SS_ADV_CABAL,             /* puts self_weight on its cabal's miners */
    /* miners */
    SS_ADV_CABAL_MINER,       /* a miner of a cabal (usually of low true quality) */
    SS_ADV_OUTPUT_COPIER,     /* relays queries to the best miner and returns its answers */
    SS_ADV_SYBIL,             /* one operator behind many UIDs, capacity split between them */
    SS_ADV_LATENCY_SPOOFER,   /* reports faster times; may serve high-stake validators first */
    SS_ADV_OVERFITTER,        /* spots synthetic queries and serves them well, users badly */
    SS_ADV_CAPACITY_LIAR,     /* declares more capacity or data than it has */
    /* miners that need the economy (registration, ownership) */
    SS_ADV_IMMUNITY_CYCLER,   /* re-registers every immunity period, does no work */
    SS_ADV_UID_SNIPER,        /* spams registrations at reveal time to inherit a UID's weights */
    SS_ADV_OWNER_MINER,       /* the subnet owner mining its own subnet (owner's coldkey) */
    /* stakers */
    SS_ADV_STAKE_PUMPER,      /* stakes capital into a subnet, holds, exits, repeats */
    SS_ADV_KINDS
} ss_adversary_kind;

typedef enum ss_copy_source {
    SS_COPY_CONSENSUS = 0,    /* the stake-weighted median of the visible weights */
    SS_COPY_VALIDATOR = 1     /* one validator's visible row */
} ss_copy_source;

#define SS_CABAL_NAME_MAX 32

typedef struct ss_adversary_config {
    ss_adversary_kind kind;
    /* weight_copier */
    ss_copy_source source;
    int32_t target;             /* validator index in the subnet; -1: the largest stake */
    double noise_sd;            /* noise added to copied weights */
    /* lazy */
    uint32_t update_every;      /* sets weights on every n-th opportunity */
    uint64_t frozen_after_block;/* from then on re-submits its last vector (0: never) */
    /* cabal, cabal_miner */
    char cabal[SS_CABAL_NAME_MAX];
    double self_weight;         /* share of the cabal validator's weight on cabal miners */
    /* output_copier */
    double lag_ms;              /* added to the copied answer's latency */
    double perturbation_sd;     /* noise added to the copied answer's quality */
    double fraction_copied;     /* share of queries it relays */
    /* latency_spoofer */
    double reported_offset_ms;  /* reported latency = true latency - offset */
    double low_stake_slowdown;  /* latency factor for validators below median stake (1: none) */
    /* overfitter */
    double p_detect;            /* chance of spotting a synthetic query */
    double quality_synthetic;   /* answer quality on spotted synthetic queries */
    double quality_organic;     /* answer quality otherwise */
    /* capacity_liar */
    double declared_factor;     /* declared capacity / data = true x factor */
    /* immunity_cycler, uid_sniper */
    uint64_t start_block;       /* first registration (0: the first block) */
    uint32_t burst;             /* uid_sniper: registrations per attack */
    uint32_t attacks;           /* uid_sniper: attacks (one per epoch from start_block) */
    /* stake_pumper */
    uint32_t target_netuid;     /* the subnet it pumps */
    uint64_t capital_rao;       /* TAO staked per cycle */
    uint64_t hold_blocks;       /* how long it holds before exiting */
    uint64_t gap_blocks;        /* blocks between an exit and the next entry */
    uint32_t cycles;            /* pump cycles (0: until the run ends) */
} ss_adversary_config;

/* The scenario name of an adversary kind ("weight_copier"). */
const char *ss_adversary_kind_name(ss_adversary_kind kind);

/* How a validator learns what miners are worth. */
typedef enum ss_observe {
    SS_OBSERVE_QUERIES = 0,  /* sends queries and scores the answers (the full model) */
    SS_OBSERVE_DIRECT = 1    /* sees each miner's true quality plus noise when setting
                                weights: no query events, for network-scale runs */
} ss_observe;

typedef struct ss_validator_group {
    uint32_t count;
    ss_observe observe;
    uint64_t stake_rao;           /* each validator's initial alpha stake */
    uint32_t sample_size;         /* miners queried per round */
    uint32_t query_every_blocks;  /* a round every this many blocks */
    uint32_t weights_every_blocks;/* set weights this often */
    double observation_noise;     /* sd of the validator's error judging an answer */
    double score_ema_alpha;       /* overrides the subnet's scoring.ema_alpha if >= 0 */
    /* Policy applied to the scoring function's weights. */
    uint32_t top_k;               /* keep the k best miners (0: all) */
    bool winner_takes_all;        /* all weight to the best miner */
    double sharpen;               /* raise weights to this power (1: unchanged) */
    double burn_fraction;         /* share of weight given to the owner's UID 0 */
    uint32_t weight_rate_limit_blocks; /* at least this many blocks between weight sets */
    bool trust_reported_latency;  /* score the latency miners report instead of measuring it */
    uint64_t root_stake_rao;      /* each validator's TAO staked on root to its own hotkey */
    uint64_t balance_rao;         /* each validator's free TAO at genesis */
    uint16_t take;                /* validator take (/65535) on its nominators' dividends */
    ss_adversary_config adversary;
} ss_validator_group;

/* Miners that arrive during the run and register by burn (spec/emission.md §5.1). */
#define SS_ARRIVALS_AUTO UINT32_MAX /* while loading: as many as the rate brings in the run */
typedef struct ss_arrivals {
    uint32_t count;               /* arrivals over the run (0: none) */
    double per_day;               /* mean rate (exponential gaps, the group's own stream) */
    uint64_t start_block;         /* the first may arrive after this block */
    uint64_t balance_rao;         /* each arrival's coldkey holds this at genesis */
    uint64_t max_burn_rao;        /* it waits while the burn price is higher */
} ss_arrivals;

typedef struct ss_miner_group {
    uint32_t count;
    ss_dist quality;      /* hidden true quality in [0, 1] */
    ss_dist latency_ms;   /* median response latency */
    double latency_sigma; /* per-answer lognormal spread around the median */
    double answer_noise;  /* per-answer sd of quality around the true quality */
    ss_dist capacity;     /* queries it can serve per block (inference) */
    ss_dist uptime;       /* probability of being up for a query */
    ss_dist held_fraction;/* storage: share of the assigned data actually held */
    double quality_walk_sd; /* sd per tempo of a bounded random walk of the true quality */
    uint64_t balance_rao;   /* each miner's free TAO at genesis (adversaries pay burns from it) */
    ss_arrivals arrivals;
    ss_adversary_config adversary;
} ss_miner_group;

typedef struct ss_subnet_config {
    char *name;
    uint32_t netuid;
    uint32_t max_uids;
    uint64_t alpha_emission_rao;  /* alpha per block before halvings (the network's by default) */
    uint16_t owner_cut;           /* u16 fraction of 65535 (the network's by default) */
    ss_yuma_params yuma;          /* also carries tempo and commit_reveal */
    uint32_t reveal_period_epochs;/* commit-reveal: weights become visible this many epochs later */
    /* Commit-reveal as the chain does it since 2025-07: revealed weights dated at their
    ** commit and the column mask of spec/yuma.md §4.5.1. False: the earlier chain, which
    ** dated them at the reveal with no mask (subtensor issue #1787). */
    bool reveal_mask;
    /* The economy of the subnet. */
    ss_econ_subnet_params econ;   /* hyperparameters: the network's, with this subnet's */
    uint64_t pool_tao_rao;        /* initial TAO reserve */
    uint64_t pool_alpha_rao;      /* initial alpha reserve */
    double moving_price;          /* initial moving price; NaN: the spot price, clamped at 1 */
    bool started;                 /* the owner has called start_call */
    bool emission_enabled;        /* root lets it take part in the TAO split */
    ss_task_config task;
    ss_validator_group *validators;
    size_t n_validator_groups;
    ss_miner_group *miners;
    size_t n_miner_groups;
} ss_subnet_config;

/* How much a run writes to its database (docs/schema.md, "Log levels"). */
typedef enum ss_log_level {
    SS_LOG_SUMMARY = 0,   /* totals, subnets, neurons, events, metrics: no per-UID rows */
    SS_LOG_STANDARD = 1,  /* + per-UID rows every epoch, weights and bonds sampled */
    SS_LOG_FULL = 2       /* + weights and bonds every epoch */
} ss_log_level;

/* A staker group: coldkeys with TAO that stake through the pools (docs/scenario.md). */
typedef enum ss_claim_kind {
    SS_CLAIM_KIND_SWAP = 0,       /* root dividends sold, the TAO added to root stake */
    SS_CLAIM_KIND_KEEP = 1        /* root dividends kept as alpha stake */
} ss_claim_kind;

#define SS_NAME_MAX 32

typedef struct ss_stake_flows {
    double per_day;               /* random actions per staker per day (0: none) */
    ss_dist amount_tao;           /* TAO of a stake */
    double p_unstake;             /* an action is an unstake ... */
    double p_move;                /* ... or a move between two subnets ... */
    double p_root;                /* ... or a stake on root; otherwise a stake on a subnet */
    double fraction;              /* share of a position unstaked or moved */
} ss_stake_flows;

typedef struct ss_staker_group {
    char name[SS_NAME_MAX];
    uint32_t count;
    uint64_t balance_rao;         /* each staker's free TAO at genesis */
    uint64_t root_stake_rao;      /* each staker's root stake at genesis */
    ss_claim_kind claim;
    uint32_t *netuids;            /* subnets it trades on; NULL: all */
    size_t n_netuids;
    ss_stake_flows flows;
    ss_adversary_config adversary;
} ss_staker_group;

typedef enum ss_action_kind {
    SS_ACTION_STAKE = 0,
    SS_ACTION_UNSTAKE,
    SS_ACTION_MOVE,
    SS_ACTION_ROOT_STAKE,
    SS_ACTION_ROOT_UNSTAKE,
    SS_ACTION_KINDS
} ss_action_kind;

/* A scheduled action of every staker of a group. */
typedef struct ss_stake_action {
    uint64_t block;
    uint32_t group;               /* index into stakers */
    ss_action_kind kind;
    uint32_t netuid;              /* stake, unstake, move (origin) */
    uint32_t to_netuid;           /* move */
    uint64_t amount_rao;          /* stake / root_stake: TAO (0: use fraction) */
    double fraction;              /* of the free balance (stake) or of the position */
} ss_stake_action;

/* Someone who registers new subnets (lock cost), dissolving the weakest when full. */
typedef struct ss_creator_group {
    char name[SS_NAME_MAX];
    uint64_t balance_rao;         /* the creator's free TAO at genesis */
    uint64_t first_block;         /* first attempt */
    uint64_t every_blocks;        /* then every this many blocks */
    uint32_t count;               /* subnets to create */
    uint64_t max_lock_rao;        /* refuses to pay more */
    bool emission_enabled;        /* root enables the new subnet's emission at once */
    ss_subnet_config subnet;      /* template of the new subnets (netuid assigned then) */
} ss_creator_group;

/* The chain economy and the agents that move money (the scenario's "network"). */
typedef struct ss_network_config {
    ss_econ_params econ;          /* every constant; econ.subnet: defaults of subnets */
    ss_staker_group *stakers;
    size_t n_staker_groups;
    ss_stake_action *actions;
    size_t n_actions;
    ss_creator_group *creators;
    size_t n_creators;
    uint32_t root_tempo;          /* root_weights rule: root weights set every this many blocks */
    double root_weight_noise;     /* sd of root validators' judgement of subnet quality */
} ss_network_config;

typedef struct ss_scenario {
    char *file;         /* path it was loaded from */
    char *text;         /* the file's exact contents */
    char *name;
    char *description;
    uint64_t seed;
    uint64_t blocks;    /* blocks simulated after genesis */
    bool baseline;      /* with adversaries, also run an adversary-free baseline */
    ss_log_level log_level;
    uint32_t sample_every_epochs; /* weights and bonds at standard level */
    ss_network_config network;
    ss_subnet_config *subnets;
    size_t n_subnets;
} ss_scenario;

/*
** Loads and checks path. On failure returns SS_EINVAL (or SS_EIO, SS_ENOMEM),
** err holds the first problem and, if problems is non-NULL, it receives every
** problem, one line each.
*/
ss_status ss_scenario_load(const char *path, ss_scenario **out, ss_buf *problems,
                           ss_error *err);

/* As ss_scenario_load, from text already in memory; label names it in messages. */
ss_status ss_scenario_parse(const char *text, const char *label, ss_scenario **out,
                            ss_buf *problems, ss_error *err);

void ss_scenario_free(ss_scenario *sc);

/* The scenario name of a task kind ("text"). */
const char *ss_task_kind_name(ss_task_kind kind);

/* Whether a miner group's agents register during the run (by burn) instead of at genesis. */
bool ss_miner_group_registers_later(const ss_miner_group *g);

/* Number of agents (validators + miners) of a subnet, the owner not included. */
uint32_t ss_subnet_config_agents(const ss_subnet_config *c);

/* SHA-256 of the scenario text as 64 hex digits (buf >= 65 bytes); equals `sha256sum FILE`. */
void ss_scenario_hash(const ss_scenario *sc, char *buf);

#ifdef __cplusplus
}
#endif
#endif
