/* Per-answer scoring by preset, expression or plugin over a fixed set of variables. */
#include "tasks/scorer.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum {
    V_LATENCY,
    V_REPORTED_LATENCY,
    V_TIMED_OUT,
    V_ERROR,
    V_OK,
    V_ORGANIC,
    V_SIZE,
    V_EMA,
    V_MEAN,
    V_COUNT,
    V_SUCCESS_RATE,
    V_LAST,
    V_WINDOW,
    V_TIMEOUT,
    V_PRESET,
    V_COMMON
};

static const char *const common_names[V_COMMON] = {
    "answer.latency_ms", "answer.reported_latency_ms", "answer.timed_out", "answer.error",
    "answer.ok", "query.organic", "query.size", "stats.ema", "stats.mean", "stats.count",
    "stats.success_rate", "stats.last", "stats.window", "task.timeout_ms", "preset.score",
};

static uint32_t n_metrics(const ss_task_kind_desc *d)
{
    uint32_t n = 0;
    while (d->metric_names[n])
        n++;
    return n;
}

void ss_scorer_scope(ss_scorer *s, const ss_task_kind_desc *d, ss_expr_scope *scope)
{
    uint32_t n = 0, m = n_metrics(d);
    for (uint32_t k = 0; k < m; k++)
        snprintf(s->names[n++], sizeof s->names[0], "answer.%s", d->metric_names[k]);
    for (uint32_t k = 0; k < V_COMMON; k++)
        snprintf(s->names[n++], sizeof s->names[0], "%s", common_names[k]);
    for (size_t k = 0; k < d->n_params; k++)
        snprintf(s->names[n++], sizeof s->names[0], "task.%s", d->params[k].name);
    s->n_plugin_metrics = s->n_plugin_stats = 0;
    for (uint32_t k = 0; k < n; k++) {
        s->vars[k].name = s->names[k];
        s->vars[k].slot = k;
        if (strncmp(s->names[k], "stats.", 6) == 0) {
            s->plugin_stats[s->n_plugin_stats].name = s->names[k] + 6;
            s->stat_slot[s->n_plugin_stats++] = k;
        } else {
            bool answer = strncmp(s->names[k], "answer.", 7) == 0;
            s->plugin_metrics[s->n_plugin_metrics].name = s->names[k] + (answer ? 7 : 0);
            s->metric_slot[s->n_plugin_metrics++] = k;
        }
    }
    s->nvars = n;
    scope->vars = s->vars;
    scope->nvars = n;
}

ss_status ss_scorer_init(ss_scorer *s, const ss_task *t, ss_error *err)
{
    memset(s, 0, sizeof *s);
    s->task = t;
    ss_expr_scope scope;
    ss_scorer_scope(s, t->desc, &scope);
    const ss_scoring_config *c = &t->cfg->scoring;
    if (c->expression) {
        int column;
        ss_status st = ss_expr_compile(c->expression, &scope, SS_EXPR_NUMBER, &s->expr, &column,
                                       err);
        if (st != SS_OK)
            return st;
    }
    if (c->plugin) {
        const char *metrics[SS_SCORER_MAX_VARS], *stats[SS_SCORER_MAX_VARS];
        for (uint32_t k = 0; k < s->n_plugin_metrics; k++)
            metrics[k] = s->plugin_metrics[k].name;
        for (uint32_t k = 0; k < s->n_plugin_stats; k++)
            stats[k] = s->plugin_stats[k].name;
        ss_plugin_init setup;
        memset(&setup, 0, sizeof setup);
        setup.task_kind = t->desc->name;
        setup.config = c->plugin_config;
        setup.metric_names = metrics;
        setup.n_metrics = s->n_plugin_metrics;
        setup.stat_names = stats;
        setup.n_stats = s->n_plugin_stats;
        return ss_plugin_create(c->plugin, &setup, &s->plugin, err);
    }
    return SS_OK;
}

void ss_scorer_fini(ss_scorer *s)
{
    ss_expr_destroy(s->expr);
    ss_plugin_destroy(s->plugin);
    s->expr = NULL;
    s->plugin = NULL;
}

static void fill(ss_scorer *s, const ss_query *q, const ss_answer *a, const ss_miner_stats *st,
                 double preset)
{
    const ss_task *t = s->task;
    uint32_t m = n_metrics(t->desc), k = 0;
    for (; k < m; k++)
        s->slots[k] = a->metric[k];
    double *v = s->slots + m;
    v[V_LATENCY] = a->latency_ms;
    v[V_REPORTED_LATENCY] = a->reported_latency_ms;
    v[V_TIMED_OUT] = a->timed_out;
    v[V_ERROR] = a->error;
    v[V_OK] = !a->timed_out && !a->error;
    v[V_ORGANIC] = q->organic;
    v[V_SIZE] = q->size;
    v[V_EMA] = st->ema;
    v[V_MEAN] = st->n ? st->sum / st->n : st->held;
    v[V_COUNT] = st->total;
    v[V_SUCCESS_RATE] = st->total ? (double)st->ok / st->total : 0;
    v[V_LAST] = st->last;
    v[V_WINDOW] = st->n;
    v[V_TIMEOUT] = (double)t->cfg->timeout_ms;
    v[V_PRESET] = preset;
    for (size_t p = 0; p < t->desc->n_params; p++)
        v[V_COMMON + p] = t->cfg->params[p];
}

ss_status ss_scorer_score(ss_scorer *s, const ss_query *q, const ss_answer *a,
                          const ss_miner_stats *st, uint32_t validator_uid, uint32_t miner_uid,
                          double *score, ss_error *err)
{
    const ss_task *t = s->task;
    double preset = t->preset->score(t, q, a, st);
    if (!s->expr && !s->plugin) {
        *score = preset;
        return SS_OK;
    }
    fill(s, q, a, st, preset);
    if (s->expr) {
        if (ss_expr_eval(s->expr, s->slots, score) != SS_EXPR_FINITE) {
            /* An answer the preset leaves unscored stays unscored unless the
            ** expression gives it a number: preset.score reproduces the preset. */
            if (isnan(preset)) {
                *score = NAN;
                return SS_OK;
            }
            s->nonfinite++;
            *score = 0;
        }
        return SS_OK;
    }
    for (uint32_t k = 0; k < s->n_plugin_metrics; k++)
        s->plugin_metrics[k].value = s->slots[s->metric_slot[k]];
    for (uint32_t k = 0; k < s->n_plugin_stats; k++)
        s->plugin_stats[k].value = s->slots[s->stat_slot[k]];
    ss_plugin_query pq;
    memset(&pq, 0, sizeof pq);
    pq.task_kind = t->desc->name;
    pq.netuid = t->netuid;
    pq.validator_uid = validator_uid;
    pq.miner_uid = miner_uid;
    pq.block = q->block;
    pq.metrics = s->plugin_metrics;
    pq.n_metrics = s->n_plugin_metrics;
    pq.stats = s->plugin_stats;
    pq.n_stats = s->n_plugin_stats;
    return ss_plugin_score(s->plugin, &pq, score, err);
}
