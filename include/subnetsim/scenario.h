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
    SS_TASK_TEXT = 0
} ss_task_kind;

typedef struct ss_task_config {
    ss_task_kind kind;
    int64_t timeout_ms;          /* an answer later than this scores 0 */
    double latency_target_ms;    /* answers up to this fast get no latency penalty */
    double latency_weight;       /* how much of the score latency can take away, [0,1] */
} ss_task_config;

typedef struct ss_validator_group {
    uint32_t count;
    uint64_t stake_rao;           /* each validator's initial alpha stake */
    uint32_t sample_size;         /* miners queried per round */
    uint32_t query_every_blocks;  /* a round every this many blocks */
    double score_ema_alpha;       /* weight of a new score in the EMA */
    uint32_t weights_every_blocks;/* set weights this often */
    double observation_noise;     /* sd of the validator's error judging an answer */
} ss_validator_group;

typedef struct ss_miner_group {
    uint32_t count;
    ss_dist quality;      /* hidden true quality in [0, 1] */
    ss_dist latency_ms;   /* median response latency */
    double latency_sigma; /* per-answer lognormal spread around the median */
    double answer_noise;  /* per-answer sd of quality around the true quality */
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
