/*
** The storage task (spec/agents-and-tasks.md §2.4, SN21 FileTAO): miners
** keep data validators gave them and prove they still hold it.
**
** A query is a store, a proof-of-possession challenge, a retrieval or an
** uptime ping, drawn with the shares store_share, challenge_share,
** retrieve_share and ping_share (normalised); stores and retrievals carry
** lognormal data sizes. The miner answers
**   - nothing if it is down (probability 1 - uptime),
**   - for stores, challenges and retrievals, nothing if it is over its
**     capacity of requests this block (ss_miner_take_query),
**   - a failed proof or retrieval if the challenged data is not among what it
**     keeps (probability 1 - held_fraction: FileTAO's proofs chain every
**     chunk, so a miner holding half its data fails about half the
**     challenges), or if its storage fails (probability 1 - quality: quality
**     is the chance that data it holds comes back intact and in time; a store
**     fails that way too);
** after a process time lognormal around latency_ms x max(1, log1p(size)) /
** log1p(1 MiB): latency_ms is its median for a MiB, and FileTAO judges time
** over log(1 + size).
**
** Preset "filetao" (default): a success pays the miner's tier factor (Bronze
** 0.6, Silver 0.7, Gold 0.8, Diamond 0.9, top 1.0) times a latency factor; a
** failed store or challenge 0, a failed retrieval -0.01, a missed ping
** -0.005, a successful ping nothing (not folded); EMA alpha 0.05; weights
** proportional to the EMA. A validator keeps per miner counters of attempts
** and successes that restart every counter_reset_blocks; when a counter
** window closes the miner's tier becomes the highest whose Wilson lower bound
** (95 %) of the window's success rate reaches 0.55 / 0.66 / 0.77 / 0.88 and
** whose cumulative successes reach 1k / 2k / 5k / 10k x tier_count_scale.
** Latency factor: x = time / log1p(size), centred on the validator's running
** mean of x, through the inverted sigmoid L = 1 - 1/(1 + exp(-(s/T)(x - mean
** - shift T))) with T an estimate of the batch maximum (running mean + 2
** sd); FileTAO rescales a batch's rewards to keep their total, here the
** factor is (1 + L) / (1 + L at the mean), 1 for an average miner.
**
** Not modelled: the top-2-per-batch boost, storage limits per tier, the
** per-category split of counters.
*/
#include "agents/agents.h"
#include "tasks/task.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { Q_STORE, Q_CHALLENGE, Q_RETRIEVE, Q_PING };

enum {
    P_STORE_SHARE,
    P_CHALLENGE_SHARE,
    P_RETRIEVE_SHARE,
    P_PING_SHARE,
    P_SIZE_MEDIAN,
    P_SIZE_SIGMA,
    P_TIER_COUNT_SCALE,
    P_COUNTER_RESET,
    P_RETRIEVE_FAIL,
    P_PING_FAIL,
    P_LATENCY_STEEPNESS,
    P_LATENCY_SHIFT,
    P_LATENCY_WINDOW,
    N_PARAMS
};

/* metric[0] is the main quality measure, as every kind's (agents perturb it). */
enum { M_SUCCESS, M_TYPE, M_SIZE, M_LATENCY_NORM };

/* A validator's running statistics of a miner (ss_miner_stats.aux). */
enum {
    A_TIER,       /* 0 Bronze .. 4 top */
    A_WINDOW,     /* 1 + index of the open counter window (0: none yet) */
    A_ATTEMPTS,   /* stores, challenges and retrievals in the window */
    A_SUCCESSES,  /* of which succeeded */
    A_TOTAL_OK    /* successes ever */
};

#define TIERS 5
static const double tier_factor[TIERS] = {0.6, 0.7, 0.8, 0.9, 1.0};
static const double tier_rate[TIERS] = {0, 0.55, 0.66, 0.77, 0.88};
static const double tier_count[TIERS] = {0, 1000, 2000, 5000, 10000};

#define MIB 1048576.0

static const ss_task_param params[N_PARAMS] = {
    {"store_share", 0.2, 0, 1, "", "share of queries that store new data"},
    {"challenge_share", 0.5, 0, 1, "", "share of queries that challenge a proof of possession"},
    {"retrieve_share", 0.2, 0, 1, "", "share of queries that retrieve data"},
    {"ping_share", 0.1, 0, 1, "", "share of queries that are uptime pings"},
    {"size_median_bytes", MIB, 1, 1e12, "bytes", "median size of stored data (lognormal)"},
    {"size_sigma", 1, 0, 5, "", "lognormal sigma of data sizes"},
    {"tier_count_scale", 1, 1e-6, 1e6, "",
     "scales the successes tiers need (1k/2k/5k/10k), so short runs can reach tiers"},
    {"counter_reset_blocks", 360, 1, 1e7, "blocks",
     "window of the success counters the tiers' Wilson bounds use"},
    {"retrieve_fail_reward", -0.01, -1, 0, "", "reward of a failed retrieval"},
    {"ping_fail_reward", -0.005, -1, 0, "", "reward of a missed uptime ping"},
    {"latency_steepness", 7, 0, 1000, "", "steepness s of the latency sigmoid, over T"},
    {"latency_shift", 0.3, -10, 10, "", "shift of the latency sigmoid, in units of T"},
    {"latency_window", 100, 1, 1e6, "answers",
     "answers over which a validator averages the normalised latency it sees"},
};

static const char *const metric_names[] = {"success", "type", "size_bytes", "latency_norm",
                                           NULL};

/* Per validator: running mean and mean square of the normalised latency it sees. */
typedef struct latency_view {
    double mean, square, n;
} latency_view;

typedef struct storage_state {
    latency_view *views; /* [n_validators] */
} storage_state;

static void check(const ss_task_config *c, char *msg, size_t size)
{
    const double *p = c->params;
    if (p[P_STORE_SHARE] + p[P_CHALLENGE_SHARE] + p[P_RETRIEVE_SHARE] + p[P_PING_SHARE] <= 0)
        snprintf(msg, size, "store_share, challenge_share, retrieve_share and ping_share "
                 "are all 0: there is nothing to ask");
}

static ss_status init(ss_task *t, ss_error *err)
{
    storage_state *s = t->state;
    s->views = calloc(t->n_validators + 1, sizeof *s->views);
    if (!s->views)
        return ss_error_set(err, SS_ENOMEM, "out of memory for the storage task of subnet %u",
                            t->netuid);
    return SS_OK;
}

static void fini(ss_task *t)
{
    storage_state *s = t->state;
    if (s)
        free(s->views);
}

static void make_query(ss_task *t, ss_pcg32 *rng, ss_query *q)
{
    const double *p = t->cfg->params;
    double total = p[P_STORE_SHARE] + p[P_CHALLENGE_SHARE] + p[P_RETRIEVE_SHARE] + p[P_PING_SHARE];
    double u = ss_rng_uniform(rng) * total;
    double size = ss_rng_lognormal(rng, log(p[P_SIZE_MEDIAN]), p[P_SIZE_SIGMA]);
    if (u < p[P_STORE_SHARE])
        q->type = Q_STORE;
    else if (u < p[P_STORE_SHARE] + p[P_CHALLENGE_SHARE])
        q->type = Q_CHALLENGE;
    else if (u < total - p[P_PING_SHARE])
        q->type = Q_RETRIEVE;
    else
        q->type = Q_PING;
    q->size = q->type == Q_PING ? 0 : round(size < 1 ? 1 : size);
}

static double size_scale(double size)
{
    double l = log1p(size);
    return l > 1 ? l : 1;
}

static void answer(ss_task *t, const ss_query *q, ss_miner *m, ss_answer *a)
{
    bool up = ss_rng_bernoulli(&m->rng_answer, m->uptime);
    /* Both draws are made for every query so a miner's stream does not depend on the mix. */
    bool holds = ss_rng_bernoulli(&m->rng_answer, m->held_fraction);
    bool intact = ss_rng_bernoulli(&m->rng_answer, m->quality);
    double median = m->latency_median_ms * size_scale(q->size) / log1p(MIB);
    a->latency_ms = ss_rng_lognormal(&m->rng_latency, log(median), m->latency_sigma);
    a->reported_latency_ms = a->latency_ms;
    bool served = up && (q->type == Q_PING || ss_miner_take_query(m, q->block));
    bool success = served;
    if (q->type == Q_STORE)
        success = served && intact;
    else if (q->type == Q_CHALLENGE || q->type == Q_RETRIEVE)
        success = served && holds && intact;
    a->timed_out = served && a->latency_ms >= (double)t->cfg->timeout_ms;
    if (a->latency_ms > (double)t->cfg->timeout_ms)
        a->latency_ms = (double)t->cfg->timeout_ms;
    a->error = !success;
    success = success && !a->timed_out;
    a->metric[M_TYPE] = q->type;
    a->metric[M_SIZE] = q->size;
    a->metric[M_SUCCESS] = success;
    a->metric[M_LATENCY_NORM] = a->latency_ms / size_scale(q->size);
    a->utility = success;
}

/* Wilson score interval's lower bound at 95 % for k successes of n. */
static double wilson_lower(double k, double n)
{
    if (n <= 0)
        return 0;
    const double z = 1.959963984540054;
    double phat = k / n, z2 = z * z;
    double centre = phat + z2 / (2 * n);
    double spread = z * sqrt(phat * (1 - phat) / n + z2 / (4 * n * n));
    return (centre - spread) / (1 + z2 / n);
}

static int tier_of(double lower, double successes, double count_scale)
{
    int tier = 0;
    for (int i = 1; i < TIERS; i++)
        if (lower >= tier_rate[i] && successes >= tier_count[i] * count_scale)
            tier = i;
    return tier;
}

static void observe(ss_task *t, const ss_query *q, const ss_answer *a, ss_miner_stats *st)
{
    const double *p = t->cfg->params;
    storage_state *s = t->state;
    double *x = st->aux;
    bool success = a->metric[M_SUCCESS] > 0;
    double window = floor((double)q->block / p[P_COUNTER_RESET]);
    if (window + 1 > x[A_WINDOW]) {
        if (x[A_ATTEMPTS] > 0)
            x[A_TIER] = tier_of(wilson_lower(x[A_SUCCESSES], x[A_ATTEMPTS]), x[A_TOTAL_OK],
                                p[P_TIER_COUNT_SCALE]);
        x[A_WINDOW] = window + 1;
        x[A_ATTEMPTS] = x[A_SUCCESSES] = 0;
    }
    if (q->type == Q_PING)
        return;
    x[A_ATTEMPTS] += 1;
    x[A_SUCCESSES] += success;
    x[A_TOTAL_OK] += success;
    if (success && q->validator < t->n_validators) {
        latency_view *v = &s->views[q->validator];
        double l = a->latency_ms / size_scale(q->size);
        v->n += 1;
        double alpha = fmax(1 / v->n, 2 / (p[P_LATENCY_WINDOW] + 1));
        v->mean += alpha * (l - v->mean);
        v->square += alpha * (l * l - v->square);
    }
}

/* The latency factor of an answer, 1 for one at the validator's mean. */
static double latency_factor(const ss_task *t, uint32_t validator, double x)
{
    const double *p = t->cfg->params;
    const storage_state *s = t->state;
    if (validator >= t->n_validators || s->views[validator].n <= 0)
        return 1;
    const latency_view *v = &s->views[validator];
    double var = v->square - v->mean * v->mean;
    double top = v->mean + 2 * sqrt(var > 0 ? var : 0);
    if (!(top > 0))
        return 1;
    double k = p[P_LATENCY_STEEPNESS] / top, shift = p[P_LATENCY_SHIFT] * top;
    double l = 1 - 1 / (1 + exp(-k * (x - v->mean - shift)));
    double l0 = 1 - 1 / (1 + exp(k * shift));
    return (1 + l) / (1 + l0);
}

static double score_filetao(const ss_task *t, const ss_query *q, const ss_answer *a,
                            const ss_miner_stats *st)
{
    const double *p = t->cfg->params;
    bool success = a->metric[M_SUCCESS] > 0;
    switch (q->type) {
    case Q_PING:
        return success ? NAN : p[P_PING_FAIL];
    case Q_RETRIEVE:
        if (!success)
            return p[P_RETRIEVE_FAIL];
        break;
    default:
        if (!success)
            return 0;
        break;
    }
    int tier = (int)st->aux[A_TIER];
    double x = a->latency_ms / size_scale(q->size); /* as the validator times it */
    return tier_factor[tier] * latency_factor(t, q->validator, x);
}

static const ss_task_preset presets[] = {
    {"filetao", "SN21 FileTAO: success pays the tier factor 0.6-1.0 (Wilson bound and "
                "success counts) x a latency sigmoid; failed retrieval -0.01, missed ping "
                "-0.005; EMA 0.05",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.05, .transform = SS_TRANSFORM_NONE,
      .steepness_p = 0.7, .power = 1, .temperature = 1, .average_last = 1},
     score_filetao, NULL},
};

const ss_task_kind_desc ss__storage_task = {
    .kind = SS_TASK_STORAGE,
    .name = "storage",
    .doc = "data kept for validators: proofs of possession, retrievals, uptime pings",
    .metric_names = metric_names,
    .params = params,
    .n_params = N_PARAMS,
    .presets = presets,
    .n_presets = sizeof presets / sizeof presets[0],
    .state_size = sizeof(storage_state),
    .check = check,
    .init = init,
    .fini = fini,
    .make_query = make_query,
    .answer = answer,
    .observe = observe,
};
