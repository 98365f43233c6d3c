/*
** The text task (SN1 "prompting" style, spec/agents-and-tasks.md §2.1).
**
** A miner's answer quality scatters around its true quality (answer_noise);
** the validator measures it against its own reference answer as a lexical
** overlap and a semantic similarity, each with measurement noise, the latter
** never below what an empty answer gets (empty_baseline). Latency is
** lognormal around the miner's median; a miner that is down, or over its
** capacity, gives no answer.
**
** Presets: "sn1" (0.5 lexical + 0.5 relevance, where relevance is the
** similarity above the empty-answer baseline; no answer scores -1; mean over
** the weight window; steepness transform p = 0.7; weights averaged over the
** last 24 settings), "quality_latency" (judged quality with a linear latency
** penalty, EMA 0.1) and "template_ema" (the sn1 reward under the subnet
** template's EMA 0.05).
*/
#include "agents/agents.h"
#include "tasks/task.h"

#include <math.h>
#include <stdio.h>

enum {
    P_LATENCY_TARGET,
    P_LATENCY_WEIGHT,
    P_EMPTY_BASELINE,
    P_MEASURE_NOISE,
    N_PARAMS
};

enum { M_QUALITY, M_LEXICAL, M_SEMANTIC };

static const ss_task_param params[N_PARAMS] = {
    {"latency_target_ms", 1500, 0, 3600000, "ms",
     "answers up to this fast get no latency penalty (quality_latency)"},
    {"latency_weight", 0.3, 0, 1, "",
     "share of the score latency can take away at the timeout (quality_latency)"},
    {"empty_baseline", 0.35, 0, 0.99, "",
     "semantic similarity an empty answer gets against the reference"},
    {"measure_noise", 0.05, 0, 1, "", "sd of the validator's similarity measurements"},
};

static const char *const metric_names[] = {"quality", "lexical", "semantic", NULL};

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static void check(const ss_task_config *c, char *msg, size_t size)
{
    if (c->params[P_LATENCY_TARGET] >= (double)c->timeout_ms)
        snprintf(msg, size, "latency_target_ms (%g) must be below timeout_ms (%lld)",
                 c->params[P_LATENCY_TARGET], (long long)c->timeout_ms);
}

static void make_query(ss_task *t, ss_pcg32 *rng, ss_query *q)
{
    (void)t;
    (void)rng;
    q->type = 0;
    q->size = 0;
}

static void answer(ss_task *t, const ss_query *q, ss_miner *m, ss_answer *a)
{
    const double *p = t->cfg->params;
    a->error = !ss_rng_bernoulli(&m->rng_answer, m->uptime) || !ss_miner_take_query(m, q->block);
    a->latency_ms = ss_rng_lognormal(&m->rng_latency, log(m->latency_median_ms),
                                     m->latency_sigma);
    a->reported_latency_ms = a->latency_ms;
    a->timed_out = a->latency_ms >= (double)t->cfg->timeout_ms;
    if (a->timed_out)
        a->latency_ms = (double)t->cfg->timeout_ms;
    double quality = clamp01(ss_rng_normal(&m->rng_answer, m->quality, m->answer_noise));
    double b = p[P_EMPTY_BASELINE], noise = p[P_MEASURE_NOISE];
    a->metric[M_QUALITY] = quality;
    a->metric[M_LEXICAL] = clamp01(quality + ss_rng_normal(&m->rng_answer, 0, noise));
    a->metric[M_SEMANTIC] =
        clamp01(b + (1 - b) * quality + ss_rng_normal(&m->rng_answer, 0, noise));
    a->utility = a->error || a->timed_out ? 0 : quality;
}

static double score_sn1(const ss_task *t, const ss_query *q, const ss_answer *a,
                        const ss_miner_stats *st)
{
    (void)q;
    (void)st;
    if (a->error || a->timed_out)
        return -1;
    double relevance = clamp01(a->metric[M_SEMANTIC] - t->cfg->params[P_EMPTY_BASELINE]);
    return 0.5 * a->metric[M_LEXICAL] + 0.5 * relevance;
}

static double score_quality_latency(const ss_task *t, const ss_query *q, const ss_answer *a,
                                    const ss_miner_stats *st)
{
    (void)q;
    (void)st;
    if (a->error || a->timed_out)
        return 0;
    const double *p = t->cfg->params;
    double target = p[P_LATENCY_TARGET], timeout = (double)t->cfg->timeout_ms, penalty = 0;
    if (a->latency_ms > target && timeout > target)
        penalty = p[P_LATENCY_WEIGHT] * (a->latency_ms - target) / (timeout - target);
    return a->metric[M_QUALITY] * (1 - penalty);
}

static const ss_task_preset presets[] = {
    {"sn1", "SN1 prompting: 0.5 lexical + 0.5 relevance, mean per window, steepness p=0.7, "
            "weights averaged over 24 settings",
     {.aggregate = SS_AGG_MEAN, .ema_alpha = 0.1, .transform = SS_TRANSFORM_STEEPNESS,
      .steepness_p = 0.7, .power = 1, .temperature = 1, .average_last = 24},
     score_sn1, NULL},
    {"quality_latency", "judged quality with a linear latency penalty past a target, EMA 0.1",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.1, .transform = SS_TRANSFORM_NONE,
      .steepness_p = 0.7, .power = 1, .temperature = 1, .average_last = 1},
     score_quality_latency, NULL},
    {"template_ema", "the sn1 reward under the subnet template's score EMA (alpha 0.05)",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.05, .transform = SS_TRANSFORM_NONE,
      .steepness_p = 0.7, .power = 1, .temperature = 1, .average_last = 1},
     score_sn1, NULL},
};

const ss_task_kind_desc ss__text_task = {
    .kind = SS_TASK_TEXT,
    .name = "text",
    .doc = "text generation scored against a validator's reference answer",
    .metric_names = metric_names,
    .params = params,
    .n_params = N_PARAMS,
    .presets = presets,
    .n_presets = sizeof presets / sizeof presets[0],
    .check = check,
    .make_query = make_query,
    .answer = answer,
};
