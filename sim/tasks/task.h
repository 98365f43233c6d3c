/*
** Task kinds: what validators ask miners, how a miner answers from its
** hidden traits, and how the subnet's scoring function turns answers into
** weights. A kind is a read-only descriptor (its parameters, its answer
** metrics, its scoring presets) plus the functions below; sim/tasks/ has one
** file per kind.
**
** The flow for one query: make_query (by the validator), answer (by the
** miner, drawn when the query is sent: quality, latency, errors), then, when
** the answer arrives or times out, the kind's running statistics of it
** (observe), then a per-answer score (the preset's, or the scenario's
** expression or plugin), folded into the validator's statistics of that
** miner. When the validator sets weights, its statistics go through the
** preset's weights function if it has one, the preset's transform and then
** the validator's own policy.
**
** Conventions every kind follows: metric[0] is the answer's main quality
** measure in [0, 1] (agents that relay answers perturb it); a per-answer
** score of NaN means "no score" (counted, not folded).
*/
#ifndef SS_TASKS_TASK_H
#define SS_TASKS_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "subnetsim/rng.h"
#include "subnetsim/scenario.h"
#include "subnetsim/status.h"

#define SS_METRICS_MAX 12
#define SS_STATS_AUX 16

typedef struct ss_miner ss_miner;
typedef struct ss_task ss_task;

typedef struct ss_query {
    uint64_t block;
    uint32_t validator;  /* index among the subnet's validators */
    uint32_t miner;      /* index among the subnet's miners */
    uint64_t seq;        /* the validator's query counter */
    bool organic;        /* a real user's query; validators' own queries are synthetic */
    uint32_t type;       /* kind-specific (inference: checked; storage: store, challenge...) */
    double size;         /* kind-specific (tokens, bytes) */
    double stake_share;  /* the querying validator's share of stake (miners may favour it) */
} ss_query;

typedef struct ss_answer {
    double latency_ms;          /* as the validator measures it */
    double reported_latency_ms; /* as the miner reports it (spoofers lie) */
    bool timed_out;
    bool error;                 /* no valid answer: down, over capacity, failed proof */
    double utility;             /* true worth of the answer to a user, in [0, 1] */
    double metric[SS_METRICS_MAX]; /* the kind's metrics, named by its metric_names */
} ss_answer;

/*
** What a validator knows of one miner: the inputs of its weights. A score of
** NaN (a successful uptime ping, say) is counted in total and ok but not
** folded into ema, sum, n and last.
*/
typedef struct ss_miner_stats {
    double ema;         /* EMA of scores (scoring.ema_alpha) */
    double sum;         /* sum of scores since the last weight setting */
    uint32_t n;         /* scored answers since the last weight setting */
    uint32_t total;     /* answers ever */
    uint32_t ok;        /* answers without error or timeout, ever */
    double last;        /* the last score */
    double held;        /* the aggregate at the last weight setting */
    /* Kind-specific running statistics, kept by the kind's observe function
    ** (zero at the start); each kind's file documents what its slots hold. */
    double aux[SS_STATS_AUX];
} ss_miner_stats;

/* A kind-specific parameter, set as a key of the scenario's "task" object. */
typedef struct ss_task_param {
    const char *name;
    double def, lo, hi;
    const char *unit;
    const char *doc;
} ss_task_param;

/*
** The score of one answer, computed when it arrives (after the kind's observe
** function saw it). NaN: the answer carries no score (it is not folded).
*/
typedef double (*ss_answer_score_fn)(const ss_task *t, const ss_query *q, const ss_answer *a,
                                     const ss_miner_stats *st);

/*
** Computes raw weights for the miners from the statistics of validator
** (its index among the subnet's validators), for presets whose weights are
** not a fold of per-answer scores (trading scores return series). uids[k] is
** miner k's UID; stats is indexed by UID. w[k] is any real; -INFINITY means
** no weight under every transform (a miner eliminated or not yet scorable),
** and negative values get none except under softmax. Weights are computed
** one validator at a time, so the function may use the kind's state as its
** workspace.
*/
typedef void (*ss_weights_fn)(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                              const uint32_t *uids, uint32_t n_miners, double *w);

typedef struct ss_task_preset {
    const char *name;
    const char *doc;               /* one line: which subnet it follows */
    ss_scoring_config scoring;     /* defaults; expression and plugin are NULL */
    ss_answer_score_fn score;      /* per-answer score */
    ss_weights_fn weights;         /* NULL: fold per-answer scores (scoring.aggregate) */
} ss_task_preset;

typedef struct ss_task_kind_desc {
    ss_task_kind kind;
    const char *name;
    const char *doc;
    const char *const *metric_names;       /* NULL-terminated, at most SS_METRICS_MAX */
    const ss_task_param *params;
    size_t n_params;
    const ss_task_preset *presets;         /* presets[0] is the default */
    size_t n_presets;
    size_t state_size;                     /* bytes of kind state per subnet (0: none) */
    /* Checks relations between parameters; writes a message to msg if one is
    ** violated (left empty otherwise). May be NULL. */
    void (*check)(const ss_task_config *c, char *msg, size_t size);
    ss_status (*init)(ss_task *t, ss_error *err);   /* may be NULL */
    /* Frees what init allocated; also called when init failed part-way. May be NULL. */
    void (*fini)(ss_task *t);
    /* Advances state shared by the subnet (a market) at the start of each block's
    ** agent phase, before any validator queries; miners[k] is miner k. May be NULL. */
    void (*on_block)(ss_task *t, ss_miner *miners, uint64_t block);
    /* The querying validator's rng (sampling stream) draws what it decides per query. */
    void (*make_query)(ss_task *t, ss_pcg32 *rng, ss_query *q);
    void (*answer)(ss_task *t, const ss_query *q, ss_miner *m, ss_answer *a);
    /* Updates the validator's running statistics of the miner (st->aux) when an
    ** answer arrives, before it is scored; whatever the scoring. May be NULL. */
    void (*observe)(ss_task *t, const ss_query *q, const ss_answer *a, ss_miner_stats *st);
    /* Whether the kind's rules have eliminated miner k at any time so far (trading: the
    ** drawdown cut), for the metrics. May be NULL (the kind eliminates nobody). */
    bool (*ever_eliminated)(const ss_task *t, uint32_t k);
} ss_task_kind_desc;

/* The descriptor of a kind; NULL for an unknown kind. */
const ss_task_kind_desc *ss_task_kind_desc_of(ss_task_kind kind);

/* A subnet's task at run time. */
struct ss_task {
    const ss_task_config *cfg;
    const ss_task_kind_desc *desc;
    const ss_task_preset *preset;
    uint32_t netuid;
    uint64_t seed;
    uint32_t n_miners;
    uint32_t n_validators;
    void *state;                 /* desc->state_size bytes, owned */
};

ss_status ss_task_init(ss_task *t, const ss_task_config *cfg, uint32_t netuid, uint64_t seed,
                       uint32_t n_miners, uint32_t n_validators, ss_error *err);
void ss_task_fini(ss_task *t);

/* The descriptors of the kinds, defined in their files. */
extern const ss_task_kind_desc ss__text_task;
extern const ss_task_kind_desc ss__inference_task;
extern const ss_task_kind_desc ss__trading_task;
extern const ss_task_kind_desc ss__storage_task;

#endif
