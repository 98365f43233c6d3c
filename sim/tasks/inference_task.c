/*
** The inference task (spec/agents-and-tasks.md §2.2): miners serve model
** completions; validators measure what they get back.
**
** A query asks for a number of tokens (lognormal). The miner answers
**   - HTTP 500 if it is down (probability 1 - uptime),
**   - HTTP 429 if it is over its capacity this block (ss_miner_take_query),
**   - otherwise after a serve time lognormal around latency_ms x tokens /
**     ref_tokens (latency_ms is the median time for ref_tokens tokens), with
**     an output whose quality scatters around the miner's true quality
**     (answer_noise). Past timeout_ms it is a timeout (status 504).
** A validator sends a share check_fraction of its queries to its checking
** server, which re-runs them and reports that quality; Targon-style
** verification (every answer) passes when the quality reaches
** verify_threshold.
**
** Presets:
**   "nineteen" (SN19): per-miner quality Q = mean of q^1.5 over the last
**     quality_window checked answers, squared again if <= 0.85; speed =
**     q x tokens/s, its 30th percentile per miner, rank bonus 0.5 (0.5 -
**     rank/(n-1)), rank 0 the fastest, equal speeds sharing ranks; period
**     score per scoring period = good share x (1 - share429 u) x (1 -
**     share500 u)^2 with u the unqueried share of the validator's
**     allotment of the miner's declared capacity; periods
**     averaged by volume x 0.5^age, x 0.25 while <= 8 periods; effective
**     volume = Q (1 + bonus) x period score x declared capacity; normalise,
**     ^4, normalise.
**   "targon2024" (SN4, Oct 2024): mean tokens/s of the last 15 verified
**     answers x sigmoid((response rate - 0.5) / 0.1), min-max normalised.
**
** Simplifications, because a validator keeps a fixed-size record per miner
** (ss_miner_stats.aux): "mean over the last N" is a running mean for the
** first N values, then an N-period EMA (alpha 2/(N+1), the same mean age);
** the 30th percentile of speed is a stochastic-approximation quantile of log
** speed (step speed_step). One model per subnet (Nineteen and Targon sum
** over models). The "unqueried share" of Nineteen is taken per query: 1 -
** min(1, 1 / (declared capacity x the validator's stake share)), since
** Nineteen allots each validator a stake share of a miner's capacity. A
** scoring period's score is known to the validator as soon as it has queries
** in it; the open period counts at age 0.
**
** A validator's running statistics of a miner (ss_miner_stats.aux) are the
** A_ slots below; both presets' statistics are always kept.
*/
#include "agents/agents.h"
#include "tasks/returns.h"
#include "tasks/task.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    A_QUALITY,   /* running mean of q^1.5 over checked answers */
    A_CHECKED,   /* checked answers so far */
    A_SPEED,     /* tracked quantile of log(q x tokens/s), checked answers */
    A_PERIOD,    /* 1 + index of the open scoring period (0: none yet) */
    A_P_N,       /* queries in the open period */
    A_P_OK,      /* of which status 200 */
    A_P_429,     /* of which over capacity */
    A_P_500,     /* of which down */
    A_P_UNUSED,  /* sum over its queries of the unqueried share of capacity */
    A_AVG_NUM,   /* closed periods: sum of volume x score x decay^age */
    A_AVG_DEN,   /* closed periods: sum of volume x decay^age */
    A_PERIODS,   /* periods with queries, closed */
    A_TPS,       /* running mean of tokens/s over verified answers (targon) */
    A_VERIFIED,  /* verified answers so far */
    A_RATE,      /* running mean of "verified" over all queries (targon) */
    A_CAPACITY   /* the miner's declared capacity, queries per block */
};

enum {
    P_TOKENS_MEDIAN,
    P_TOKENS_SIGMA,
    P_REF_TOKENS,
    P_CHECK_FRACTION,
    P_QUALITY_WINDOW,
    P_SPEED_QUANTILE,
    P_SPEED_STEP,
    P_PERIOD_BLOCKS,
    P_PERIOD_DECAY,
    P_MIN_PERIODS,
    P_YOUNG_FACTOR,
    P_TPS_WINDOW,
    P_RATE_CENTRE,
    P_RATE_WIDTH,
    P_VERIFY_THRESHOLD,
    N_PARAMS
};

/* metric[0] is the main quality measure, as every kind's (agents perturb it). */
enum { M_QUALITY, M_STATUS, M_TOKENS, M_TOKENS_PER_S, M_CHECKED, M_VERIFIED, M_CAPACITY };

enum { Q_UNCHECKED = 0, Q_CHECKED = 1 };

static const ss_task_param params[N_PARAMS] = {
    {"tokens_median", 400, 1, 1e6, "tokens", "median tokens a query asks for (lognormal)"},
    {"tokens_sigma", 0.7, 0, 3, "", "lognormal sigma of the tokens a query asks for"},
    {"ref_tokens", 100, 1, 1e6, "tokens",
     "a miner's latency_ms is its median time to serve this many tokens"},
    {"check_fraction", 0.1, 0, 1, "",
     "share of queries the validator re-runs on its checking server (nineteen)"},
    {"quality_window", 50, 1, 10000, "answers",
     "quality is the mean of q^1.5 over this many recent checked answers (nineteen)"},
    {"speed_quantile", 0.3, 0.01, 0.99, "", "the quantile of a miner's speeds ranked (nineteen)"},
    {"speed_step", 0.05, 0.001, 1, "",
     "step of the quantile tracker of log speed (nineteen)"},
    {"period_blocks", 300, 1, 1e6, "blocks", "length of a scoring period (nineteen)"},
    {"period_decay", 0.5, 0, 1, "", "weight of a period per period of age (nineteen)"},
    {"min_periods", 8, 0, 1000, "periods",
     "a miner with at most this many periods of history is scaled down (nineteen)"},
    {"young_factor", 0.25, 0, 1, "", "the scale of such a young miner (nineteen)"},
    {"tps_window", 15, 1, 10000, "answers",
     "speed is the mean tokens/s over this many recent verified answers (targon2024)"},
    {"rate_centre", 0.5, 0, 1, "", "response rate at which the sigmoid is 1/2 (targon2024)"},
    {"rate_width", 0.1, 0.001, 1, "", "width of the response-rate sigmoid (targon2024)"},
    {"verify_threshold", 0.5, 0, 1, "",
     "an answer passes verification if its quality reaches this (targon2024)"},
};

static const char *const metric_names[] = {"quality", "status", "tokens", "tokens_per_s",
                                           "checked", "verified", "capacity", NULL};

enum { PRESET_NINETEEN, PRESET_TARGON2024 };

/* The workspace of the weights functions. */
typedef struct inference_state {
    uint32_t *index;     /* [n_miners] the miners ranked */
    double *values;      /* [n_miners] their speeds */
    double *ranks;       /* [n_miners] their percentile ranks */
    ss_rank_item *items; /* [n_miners] */
} inference_state;

static ss_status init(ss_task *t, ss_error *err)
{
    inference_state *s = t->state;
    size_t n = t->n_miners + 1;
    s->index = calloc(n, sizeof *s->index);
    s->values = calloc(n, sizeof *s->values);
    s->ranks = calloc(n, sizeof *s->ranks);
    s->items = calloc(n, sizeof *s->items);
    if (!s->index || !s->values || !s->ranks || !s->items)
        return ss_error_set(err, SS_ENOMEM, "out of memory for the inference task of subnet %u",
                            t->netuid);
    return SS_OK;
}

static void fini(ss_task *t)
{
    inference_state *s = t->state;
    if (!s)
        return;
    free(s->index);
    free(s->values);
    free(s->ranks);
    free(s->items);
}

static void check(const ss_task_config *c, char *msg, size_t size)
{
    if (c->preset == PRESET_NINETEEN && c->params[P_CHECK_FRACTION] <= 0)
        snprintf(msg, size, "check_fraction 0 leaves preset nineteen no quality to score; "
                 "give it a share of queries to check");
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Folds x into a "mean of the last window values": the plain mean of the first
** window values (n counts x), then an EMA of the same mean age. */
static void running_mean(double *mean, double n, double x, double window)
{
    double a = 2 / (window + 1);
    if (1 / n > a)
        a = 1 / n;
    *mean += a * (x - *mean);
}

static void make_query(ss_task *t, ss_pcg32 *rng, ss_query *q)
{
    const double *p = t->cfg->params;
    double tokens = round(ss_rng_lognormal(rng, log(p[P_TOKENS_MEDIAN]), p[P_TOKENS_SIGMA]));
    q->size = tokens < 1 ? 1 : tokens > 1e6 ? 1e6 : tokens;
    q->type = ss_rng_bernoulli(rng, p[P_CHECK_FRACTION]) ? Q_CHECKED : Q_UNCHECKED;
}

static void answer(ss_task *t, const ss_query *q, ss_miner *m, ss_answer *a)
{
    const double *p = t->cfg->params;
    bool down = !ss_rng_bernoulli(&m->rng_answer, m->uptime);
    bool over = !down && !ss_miner_take_query(m, q->block);
    double median = m->latency_median_ms * q->size / p[P_REF_TOKENS];
    a->latency_ms = ss_rng_lognormal(&m->rng_latency, log(median), m->latency_sigma);
    a->reported_latency_ms = a->latency_ms;
    double quality = clamp01(ss_rng_normal(&m->rng_answer, m->quality, m->answer_noise));
    a->error = down || over;
    a->timed_out = !a->error && a->latency_ms >= (double)t->cfg->timeout_ms;
    if (a->latency_ms > (double)t->cfg->timeout_ms)
        a->latency_ms = (double)t->cfg->timeout_ms;
    bool ok = !a->error && !a->timed_out;
    a->metric[M_STATUS] = down ? 500 : over ? 429 : a->timed_out ? 504 : 200;
    a->metric[M_TOKENS] = q->size;
    a->metric[M_TOKENS_PER_S] = ok ? q->size / (a->latency_ms / 1000) : 0;
    a->metric[M_QUALITY] = ok ? quality : 0;
    a->metric[M_CHECKED] = ok && q->type == Q_CHECKED;
    a->metric[M_VERIFIED] = ok && quality >= p[P_VERIFY_THRESHOLD];
    a->metric[M_CAPACITY] = m->declared_capacity;
    a->utility = ok ? quality : 0;
}

/* Tokens per second as the validator times the answer (a->latency_ms, which a
** validator that trusts reported latency has replaced by the miner's claim). */
static double speed(const ss_answer *a)
{
    return a->metric[M_STATUS] == 200 && a->latency_ms > 0
               ? a->metric[M_TOKENS] / (a->latency_ms / 1000) : 0;
}

/* Nineteen's score of one scoring period from its counts. */
static double period_score(const double *x)
{
    double n = x[A_P_N];
    if (n <= 0)
        return 0;
    double u = x[A_P_UNUSED] / n;
    double r500 = 1 - x[A_P_500] / n * u;
    return x[A_P_OK] / n * (1 - x[A_P_429] / n * u) * r500 * r500;
}

/* Closes the open period into the decayed average and ages it by the periods since. */
static void roll_period(const double *p, double *x, double period)
{
    if (x[A_PERIOD] > 0 && x[A_P_N] > 0) {
        x[A_AVG_NUM] += x[A_P_N] * period_score(x);
        x[A_AVG_DEN] += x[A_P_N];
        x[A_PERIODS] += 1;
    }
    double age = x[A_PERIOD] > 0 ? period + 1 - x[A_PERIOD] : 0;
    double f = pow(p[P_PERIOD_DECAY], age);
    x[A_AVG_NUM] *= f;
    x[A_AVG_DEN] *= f;
    x[A_PERIOD] = period + 1;
    x[A_P_N] = x[A_P_OK] = x[A_P_429] = x[A_P_500] = x[A_P_UNUSED] = 0;
}

static void observe(ss_task *t, const ss_query *q, const ss_answer *a, ss_miner_stats *st)
{
    const double *p = t->cfg->params;
    double *x = st->aux;
    double status = a->metric[M_STATUS];
    bool ok = status == 200;
    x[A_CAPACITY] = a->metric[M_CAPACITY];

    /* An answer that arrives after a newer one crossed into the next period
    ** counts in the open period. */
    double period = floor((double)q->block / p[P_PERIOD_BLOCKS]);
    if (period + 1 > x[A_PERIOD])
        roll_period(p, x, period);
    double allot = a->metric[M_CAPACITY] * q->stake_share;
    x[A_P_N] += 1;
    x[A_P_OK] += ok;
    x[A_P_429] += status == 429;
    x[A_P_500] += status == 500;
    x[A_P_UNUSED] += allot > 1 ? 1 - 1 / allot : 0;

    if (a->metric[M_CHECKED] > 0) {
        double qa = a->metric[M_QUALITY];
        x[A_CHECKED] += 1;
        running_mean(&x[A_QUALITY], x[A_CHECKED], pow(qa, 1.5), p[P_QUALITY_WINDOW]);
        /* Stochastic approximation of a quantile: at equilibrium a share
        ** speed_quantile of the speeds lies below the estimate. */
        double s = log(fmax(qa * speed(a), 1e-9));
        double tau = p[P_SPEED_QUANTILE];
        if (x[A_CHECKED] == 1)
            x[A_SPEED] = s;
        else
            x[A_SPEED] += p[P_SPEED_STEP] * (s > x[A_SPEED] ? tau : tau - 1);
    }
    bool verified = a->metric[M_VERIFIED] > 0;
    running_mean(&x[A_RATE], st->total + 1.0, verified, p[P_TPS_WINDOW]);
    if (verified) {
        x[A_VERIFIED] += 1;
        running_mean(&x[A_TPS], x[A_VERIFIED], speed(a), p[P_TPS_WINDOW]);
    }
}

static double score_nineteen(const ss_task *t, const ss_query *q, const ss_answer *a,
                             const ss_miner_stats *st)
{
    (void)t;
    (void)q;
    (void)st;
    if (a->metric[M_STATUS] != 200)
        return 0;
    return a->metric[M_CHECKED] > 0 ? pow(a->metric[M_QUALITY], 1.5) : NAN;
}

static double score_targon(const ss_task *t, const ss_query *q, const ss_answer *a,
                           const ss_miner_stats *st)
{
    (void)t;
    (void)q;
    (void)st;
    return a->metric[M_VERIFIED] > 0 ? speed(a) : 0;
}

/* The weighted average of the periods, the open one at age 0. */
static double period_average(const double *p, const double *x)
{
    double num = x[A_AVG_NUM] + x[A_P_N] * period_score(x);
    double den = x[A_AVG_DEN] + x[A_P_N];
    double periods = x[A_PERIODS] + (x[A_P_N] > 0);
    double s = den > 0 ? num / den : 0;
    return periods <= p[P_MIN_PERIODS] ? s * p[P_YOUNG_FACTOR] : s;
}

static void weights_nineteen(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                             const uint32_t *uids, uint32_t n, double *w)
{
    (void)validator;
    const double *p = t->cfg->params;
    inference_state *s = t->state; /* only its weights workspace is written */
    uint32_t ranked = 0;
    for (uint32_t k = 0; k < n; k++)
        if (stats[uids[k]].aux[A_CHECKED] > 0) {
            s->index[ranked] = k;
            s->values[ranked++] = stats[uids[k]].aux[A_SPEED];
        }
    /* Ranks by speed, equal speeds sharing the mean of their ranks: the fastest
    ** has percentile 1, i.e. Nineteen's rank 0. */
    ss__percentile_ranks(s->values, ranked, s->items, s->ranks);
    for (uint32_t k = 0; k < n; k++)
        w[k] = 0;
    for (uint32_t i = 0; i < ranked; i++) {
        const double *x = stats[uids[s->index[i]]].aux;
        double quality = x[A_QUALITY] <= 0.85 ? x[A_QUALITY] * x[A_QUALITY] : x[A_QUALITY];
        double rank = ranked - s->ranks[i] * ranked; /* 0 for the fastest */
        double bonus = ranked > 1 ? 0.5 * (0.5 - rank / (ranked - 1)) : 0;
        w[s->index[i]] = quality * (1 + bonus) * period_average(p, x) * x[A_CAPACITY];
    }
}

static double sigmoid(double z)
{
    return 1 / (1 + exp(-z));
}

static void weights_targon(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                           const uint32_t *uids, uint32_t n, double *w)
{
    (void)validator;
    const double *p = t->cfg->params;
    double lo = INFINITY, hi = -INFINITY;
    for (uint32_t k = 0; k < n; k++) {
        const double *x = stats[uids[k]].aux;
        w[k] = x[A_VERIFIED] > 0
                   ? x[A_TPS] * sigmoid((x[A_RATE] - p[P_RATE_CENTRE]) / p[P_RATE_WIDTH])
                   : 0;
        lo = fmin(lo, w[k]);
        hi = fmax(hi, w[k]);
    }
    for (uint32_t k = 0; k < n; k++)
        w[k] = hi > lo ? (w[k] - lo) / (hi - lo) : 0;
}

static const ss_task_preset presets[] = {
    {"nineteen", "SN19 Nineteen: quality^1.5 (squared if <= 0.85) x (1 + speed rank bonus) x "
                 "period score x declared capacity; normalise, ^4, normalise",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.1, .transform = SS_TRANSFORM_POWER,
      .steepness_p = 0.7, .power = 4, .temperature = 1, .average_last = 1},
     score_nineteen, weights_nineteen},
    {"targon2024", "SN4 Targon (Oct 2024): mean tokens/s of the last 15 verified answers x "
                   "sigmoid of the response rate (0.5, 0.1), min-max normalised",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.1, .transform = SS_TRANSFORM_NONE,
      .steepness_p = 0.7, .power = 1, .temperature = 1, .average_last = 1},
     score_targon, weights_targon},
};

const ss_task_kind_desc ss__inference_task = {
    .kind = SS_TASK_INFERENCE,
    .name = "inference",
    .doc = "model serving: verified output quality, speed, uptime and capacity",
    .metric_names = metric_names,
    .params = params,
    .n_params = N_PARAMS,
    .presets = presets,
    .n_presets = sizeof presets / sizeof presets[0],
    .state_size = sizeof(inference_state),
    .check = check,
    .init = init,
    .fini = fini,
    .make_query = make_query,
    .answer = answer,
    .observe = observe,
};
