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
    char *plugin;           /* path of a scoring plugin, or NULL */
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

typedef struct ss_validator_group {
    uint32_t count;
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
} ss_validator_group;

typedef struct ss_miner_group {
    uint32_t count;
    ss_dist quality;      /* hidden true quality in [0, 1] */
    ss_dist latency_ms;   /* median response latency */
    double latency_sigma; /* per-answer lognormal spread around the median */
    double answer_noise;  /* per-answer sd of quality around the true quality */
    ss_dist capacity;     /* queries it can serve per block (inference) */
    ss_dist uptime;       /* probability of being up for a query */
    ss_dist held_fraction;/* storage: share of the assigned data actually held */
} ss_miner_group;

typedef struct ss_subnet_config {
    char *name;
    uint32_t netuid;
    uint32_t max_uids;
    uint64_t alpha_emission_rao;  /* alpha minted per block */
    uint16_t owner_cut;           /* u16 fraction of 65535 */
    ss_yuma_params yuma;          /* also carries tempo */
    ss_task_config task;
    ss_validator_group *validators;
    size_t n_validator_groups;
    ss_miner_group *miners;
    size_t n_miner_groups;
} ss_subnet_config;

typedef struct ss_scenario {
    char *file;         /* path it was loaded from */
    char *text;         /* the file's exact contents */
    char *name;
    char *description;
    uint64_t seed;
    uint64_t blocks;    /* blocks simulated after genesis */
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

/* Number of agents (validators + miners) of a subnet, the owner not included. */
uint32_t ss_subnet_config_agents(const ss_subnet_config *c);

/* SHA-256 of the scenario text as 64 hex digits (buf >= 65 bytes); equals `sha256sum FILE`. */
void ss_scenario_hash(const ss_scenario *sc, char *buf);

#ifdef __cplusplus
}
#endif
#endif
