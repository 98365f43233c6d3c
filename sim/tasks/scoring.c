/* The scoring pipeline: statistics folds, transforms, weight averaging and validator policy. */
#include "tasks/scoring.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

void ss_stats_fold(ss_miner_stats *st, double score, bool ok, double ema_alpha)
{
    st->total++;
    st->ok += ok;
    if (isnan(score))
        return;
    st->ema = (1 - ema_alpha) * st->ema + ema_alpha * score;
    st->sum += score;
    st->n++;
    st->last = score;
}

double ss_stats_value(const ss_miner_stats *st, const ss_scoring_config *cfg)
{
    switch (cfg->aggregate) {
    case SS_AGG_EMA:
        return st->ema;
    case SS_AGG_MEAN:
        return st->n ? st->sum / st->n : st->held;
    case SS_AGG_SUM:
        return st->sum;
    }
    return 0;
}

void ss_stats_new_window(ss_miner_stats *st, const ss_scoring_config *cfg)
{
    st->held = ss_stats_value(st, cfg);
    st->sum = 0;
    st->n = 0;
}

static double normalize(double *w, uint32_t n)
{
    double s = 0;
    for (uint32_t k = 0; k < n; k++)
        s += w[k];
    if (s > 0)
        for (uint32_t k = 0; k < n; k++)
            w[k] /= s;
    return s;
}

void ss_transform_apply(const ss_scoring_config *cfg, double *w, uint32_t n)
{
    if (cfg->transform == SS_TRANSFORM_SOFTMAX) {
        /* Over every miner, negative scores included: softmax is shift invariant.
        ** -INFINITY (eliminated) gets exactly nothing. */
        double mx = -INFINITY;
        for (uint32_t k = 0; k < n; k++)
            if (w[k] > mx)
                mx = w[k];
        double t = cfg->temperature > 0 ? cfg->temperature : 1;
        for (uint32_t k = 0; k < n; k++)
            w[k] = mx > -INFINITY && w[k] > -INFINITY ? exp((w[k] - mx) / t) : 0;
        normalize(w, n);
        return;
    }
    /* Negative scores carry no weight. */
    for (uint32_t k = 0; k < n; k++)
        if (!(w[k] > 0))
            w[k] = 0;
    if (normalize(w, n) <= 0)
        return;
    double mx = 0, e = 1;
    switch (cfg->transform) {
    case SS_TRANSFORM_NONE:
    case SS_TRANSFORM_SOFTMAX:
        return;
    case SS_TRANSFORM_STEEPNESS:
        /* SN1: exponent 100 p^6.644 (p = 0.5 linear, p -> 1 winner-take-all), after
        ** scaling the best to 1 so the power cannot underflow everything. */
        e = 100 * pow(cfg->steepness_p, 6.644);
        for (uint32_t k = 0; k < n; k++)
            if (w[k] > mx)
                mx = w[k];
        for (uint32_t k = 0; k < n; k++)
            w[k] = pow(w[k] / mx, e);
        break;
    case SS_TRANSFORM_POWER:
        for (uint32_t k = 0; k < n; k++)
            w[k] = pow(w[k], cfg->power);
        break;
    }
    normalize(w, n);
}

void ss_scoring_weights(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                        const uint32_t *uids, uint32_t n, double *w)
{
    const ss_scoring_config *cfg = &t->cfg->scoring;
    if (t->preset->weights && !cfg->expression && !cfg->plugin) {
        t->preset->weights(t, validator, stats, uids, n, w);
    } else {
        for (uint32_t k = 0; k < n; k++)
            w[k] = stats[uids[k]].total ? ss_stats_value(&stats[uids[k]], cfg) : 0;
    }
    ss_transform_apply(cfg, w, n);
}

void ss_weights_average(ss_validator *v, uint32_t average_last, double *w, uint32_t n)
{
    if (average_last <= 1 || !v->history)
        return;
    /* Slots 0..average_last-1 hold the vectors, slot average_last their running sum. The
    ** sum is rebuilt exactly once per cycle so its rounding cannot drift over a long run. */
    double *slot = v->history + (size_t)v->history_pos * n;
    double *sum = v->history + (size_t)average_last * n;
    bool full = v->history_fill == average_last;
    for (uint32_t k = 0; k < n; k++) {
        sum[k] += w[k] - (full ? slot[k] : 0);
        slot[k] = w[k];
    }
    v->history_pos = (v->history_pos + 1) % average_last;
    if (!full)
        v->history_fill++;
    if (v->history_pos == 0)
        for (uint32_t k = 0; k < n; k++) {
            double s = 0;
            for (uint32_t h = 0; h < v->history_fill; h++)
                s += v->history[(size_t)h * n + k];
            sum[k] = s;
        }
    for (uint32_t k = 0; k < n; k++)
        w[k] = sum[k] / v->history_fill;
}

void ss_policy_apply(const ss_validator_group *g, double *w, uint32_t n, double *burn)
{
    uint32_t k = g->winner_takes_all ? 1 : g->top_k;
    if (k > 0 && k < n) {
        /* Keep the k largest; ties go to the earlier miner. */
        for (uint32_t i = 0; i < n; i++) {
            uint32_t better = 0;
            for (uint32_t j = 0; j < n && better < k; j++)
                if (w[j] > w[i] || (w[j] == w[i] && j < i))
                    better++;
            if (better >= k)
                w[i] = -1; /* dropped; a dropped miner never outranks a kept one */
        }
        for (uint32_t i = 0; i < n; i++)
            if (w[i] < 0)
                w[i] = 0;
    }
    if (g->sharpen != 1)
        for (uint32_t i = 0; i < n; i++)
            w[i] = pow(w[i], g->sharpen);
    *burn = 0;
    if (normalize(w, n) <= 0)
        return;
    *burn = g->burn_fraction;
    for (uint32_t i = 0; i < n; i++)
        w[i] *= 1 - g->burn_fraction;
}
