/*
** The subnet's per-answer score: the preset's function, or the scenario's
** expression (docs/expressions.md) or plugin (docs/plugins.md) evaluated over
** the answer, the miner's statistics and the task's parameters.
**
** Variables, in slot order: answer.<metric> for each metric of the kind;
** answer.latency_ms, answer.reported_latency_ms, answer.timed_out,
** answer.error, answer.ok (1 or 0); query.organic, query.size;
** stats.ema, stats.mean, stats.count, stats.success_rate, stats.last,
** stats.window (answers since the last weight setting); task.timeout_ms and
** task.<param> for each parameter of the kind; preset.score (what the
** kind's preset would give this answer).
*/
#ifndef SS_TASKS_SCORER_H
#define SS_TASKS_SCORER_H

#include "subnetsim/expr.h"
#include "subnetsim/plugin.h"
#include "tasks/task.h"

#define SS_SCORER_MAX_VARS (SS_METRICS_MAX + SS_TASK_PARAMS_MAX + 24)

typedef struct ss_scorer {
    const ss_task *task;
    ss_expr *expr;
    ss_plugin *plugin;
    uint32_t nvars;
    char names[SS_SCORER_MAX_VARS][64];
    ss_expr_var vars[SS_SCORER_MAX_VARS];
    double slots[SS_SCORER_MAX_VARS];
    /* A plugin sees the answer.* variables (and the rest) as metrics and the stats.*
    ** ones as stats, without those two prefixes. */
    ss_plugin_metric plugin_metrics[SS_SCORER_MAX_VARS], plugin_stats[SS_SCORER_MAX_VARS];
    uint32_t metric_slot[SS_SCORER_MAX_VARS], stat_slot[SS_SCORER_MAX_VARS];
    uint32_t n_plugin_metrics, n_plugin_stats;
    uint64_t nonfinite;   /* expression results that were not finite (scored 0) */
} ss_scorer;

/* The scope of the kind's variables (names live in s), for compiling or listing. */
void ss_scorer_scope(ss_scorer *s, const ss_task_kind_desc *d, ss_expr_scope *scope);

/*
** Prepares the scorer of task t: compiles its expression or loads its plugin
** (the path as given, already resolved by the scenario loader).
*/
ss_status ss_scorer_init(ss_scorer *s, const ss_task *t, ss_error *err);
void ss_scorer_fini(ss_scorer *s);

/*
** Scores one answer. Fails only when a plugin fails or returns a non-finite
** score (SS_EPLUGIN with a message); a non-finite expression result counts
** as 0 (and in s->nonfinite), except for an answer the preset does not score
** (preset score NaN), which then stays unscored (*score NaN, not folded).
*/
ss_status ss_scorer_score(ss_scorer *s, const ss_query *q, const ss_answer *a,
                          const ss_miner_stats *st, uint32_t validator_uid, uint32_t miner_uid,
                          double *score, ss_error *err);

#endif
