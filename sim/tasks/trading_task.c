/*
** The trading task (spec/agents-and-tasks.md §2.3, SN8 Proprietary Trading
** Network): miners hold leveraged positions on one asset whose price follows
** a seeded geometric Brownian motion; validators score their return series.
**
** Time is cut into periods of period_blocks (PTN scores daily returns: 7200
** blocks). At the start of each period the market draws the period's log
** return, N((drift - vol^2/2) dt, vol sqrt(dt)) with dt the period in years,
** from the subnet's market stream; every miner then takes a position from a
** private signal of that move. The signal has correlation rho =
** sin(pi (p - 1/2)) with the move, p = min(0.99, 1/2 + skill_edge x quality),
** so the position's direction is right with probability p (for a bivariate
** normal, P(same sign) = 1/2 + asin(rho)/pi) and a skilled miner is most
** often right on the large moves. Positions are sized by conviction:
** leverage = min + (max - min) x min(1, |signal| / 2), the signal in units of
** its sd. A period's return is position x move, less the spread fee on the
** change of position and the carry fee. Positions and returns exist whether
** or not anyone asks: all validators see the same market.
**
** A validator learns a miner's position for a period by querying it in that
** period; for a period in which it got none (the miner was down, timed out or
** not sampled) it books the miner as flat (return 0), as a PTN validator that
** missed an order never opened the position. Validators should therefore
** query every miner at least once per period, as PTN validators receive
** every order.
**
** Presets (weights from the validator's view of the last lookback periods):
**   "ptn" (mid-2025): recency weights w(d) = floor + (1 - floor) e^(-decay d);
**     Calmar, Sharpe, Omega, Sortino and the t-statistic, each converted to
**     a percentile rank among the miners, 0.2 each; a miner whose max
**     drawdown reaches max_drawdown is eliminated (no weight), one with fewer
**     than min_periods periods seen is not yet scored; softmax, T = 0.15.
**   "pnl" (Oct 2025): the same with PnL (recency-weighted sum of returns,
**     floor pnl_recency_floor) 0.5 and the five metrics 0.1 each.
** The metrics and their 1 % floors are defined in returns.h; percentile ranks
** average ties (scipy's percentileofscore, kind "rank"). Annualisation takes
** a period as period_blocks of 12 s, 365 days a year.
**
** A lottery trader (adversary "lottery", catalogue M8) ignores its signal: it
** holds leverage_fraction x max_leverage every period in a direction drawn by
** a coin flip from its decision stream. Its answers are worth nothing to a
** user (it has no skill). The kind records which miners the drawdown cut has
** eliminated at some period (for the metrics' elimination rate).
**
** Not modelled: several assets and asset classes, the risk-profile penalty
** for averaging down, collateral, the challenge period and plagiarism
** checks (they belong to adversaries), slippage.
*/
#include "agents/agents.h"
#include "tasks/returns.h"
#include "tasks/task.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    P_PERIOD_BLOCKS,
    P_DRIFT,
    P_VOLATILITY,
    P_SKILL_EDGE,
    P_MIN_LEVERAGE,
    P_MAX_LEVERAGE,
    P_FEE,
    P_CARRY_FEE,
    P_LOOKBACK,
    P_RECENCY_DECAY,
    P_RECENCY_FLOOR,
    P_PNL_RECENCY_FLOOR,
    P_MIN_PERIODS,
    P_RISK_FREE,
    P_MAX_DRAWDOWN,
    N_PARAMS
};

/* metric[0] is the main quality measure, as every kind's (agents perturb it). */
enum { M_HIT_RATE, M_POSITION, M_PERIOD_RETURN, M_WINDOW_RETURN, M_MAX_DRAWDOWN, M_PRICE };

#define PI 3.14159265358979323846

static const ss_task_param params[N_PARAMS] = {
    {"period_blocks", 7200, 1, 1e7, "blocks", "length of a return period (PTN: a day)"},
    {"drift", 0, -5, 5, "1/year",
     "annual drift mu of the price; log returns have mean (mu - volatility^2/2) dt"},
    {"volatility", 0.6, 0, 5, "1/sqrt(year)", "annual volatility of the asset"},
    {"skill_edge", 0.1, 0, 0.5, "",
     "a miner's direction is right with probability 1/2 + skill_edge x quality"},
    {"min_leverage", 0.01, 0, 100, "", "smallest position, in multiples of the collateral"},
    {"max_leverage", 0.5, 0, 100, "", "largest position (PTN crypto: 0.5)"},
    {"fee", 0.001, 0, 0.1, "", "spread fee per unit of leverage traded (PTN crypto: 0.1%)"},
    {"carry_fee", 0.1095, 0, 1, "1/year", "carry fee per year per unit of leverage held"},
    {"lookback", 120, 1, 1000, "periods", "periods of returns scored (PTN: 120 days)"},
    {"recency_decay", 0.075, 0, 10, "1/period", "decay of the recency weights per period"},
    {"recency_floor", 0.15, 0, 1, "", "floor of the recency weights of the metrics"},
    {"pnl_recency_floor", 0.045, 0, 1, "", "floor of the recency weights of PnL (pnl)"},
    {"min_periods", 7, 1, 1000, "periods",
     "a miner is scored once the validator has seen this many of its periods"},
    {"risk_free", 0.0389, 0, 1, "1/year", "annual risk-free rate"},
    {"max_drawdown", 0.1, 0.001, 1, "", "a miner whose drawdown reaches this is eliminated"},
};

static const char *const metric_names[] = {"hit_rate", "position", "period_return",
                                           "window_return", "max_drawdown", "price", NULL};

enum { OWN_HIT_RATE, OWN_LAST, OWN_SUM, OWN_DRAWDOWN, OWN_FIELDS };

/* Weights of the metrics by preset, in the order of SS_RET_ (returns.h). */
static const double preset_mix[][SS_RET_METRICS] = {
    {0.2, 0.2, 0.2, 0.2, 0.2, 0},   /* ptn: Calmar, Sharpe, Omega, Sortino, t */
    {0.1, 0.1, 0.1, 0.1, 0.1, 0.5}, /* pnl: the same and PnL */
};

typedef struct trading_state {
    uint32_t lookback;
    bool open;              /* a period is open */
    uint64_t period;        /* the open period */
    uint64_t closed;        /* periods closed so far */
    double move;            /* the open period's log return of the asset */
    double price;           /* the asset's price at the start of the open period */
    ss_pcg32 market;
    ss_pcg32 *strategy;     /* [n_miners] each miner's decision stream */
    double *position;       /* [n_miners] signed leverage in the open period */
    double *prev_position;  /* [n_miners] in the period before */
    double *returns;        /* [n_miners][lookback] ring of closed periods' returns */
    uint8_t *seen;          /* [n_validators][n_miners][lookback] position received */
    /* Each miner's own record over the window, updated when a period closes. */
    double *own;            /* [n_miners][OWN_FIELDS] */
    uint8_t *eliminated;    /* [n_miners] its drawdown reached max_drawdown at some period */
    /* Workspace of the weights function. */
    double *series;         /* [lookback] newest first */
    double *metrics;        /* [n_miners][SS_RET_METRICS] of the scored miners */
    uint32_t *scored;       /* [n_miners] the miners scored */
    double *values, *ranks; /* [n_miners] one metric of the scored miners, its ranks */
    ss_rank_item *items;    /* [n_miners] */
} trading_state;

static double periods_per_year(const double *p)
{
    return 365.0 * SS_BLOCKS_PER_DAY / p[P_PERIOD_BLOCKS];
}

static void check(const ss_task_config *c, char *msg, size_t size)
{
    static const int whole[] = {P_PERIOD_BLOCKS, P_LOOKBACK, P_MIN_PERIODS};
    const double *p = c->params;
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (p[whole[i]] != floor(p[whole[i]])) {
            snprintf(msg, size, "%s (%g) must be a whole number", params[whole[i]].name,
                     p[whole[i]]);
            return;
        }
    if (p[P_MIN_LEVERAGE] > p[P_MAX_LEVERAGE])
        snprintf(msg, size, "min_leverage (%g) must not exceed max_leverage (%g)",
                 p[P_MIN_LEVERAGE], p[P_MAX_LEVERAGE]);
    else if (p[P_MIN_PERIODS] > p[P_LOOKBACK])
        snprintf(msg, size, "min_periods (%g) must not exceed lookback (%g): no miner could "
                 "ever be scored", p[P_MIN_PERIODS], p[P_LOOKBACK]);
}

static ss_status init(ss_task *t, ss_error *err)
{
    trading_state *s = t->state;
    size_t n = t->n_miners, l = (size_t)t->cfg->params[P_LOOKBACK];
    s->lookback = (uint32_t)l;
    s->price = 1;
    ss_rng_stream(&s->market, t->seed, t->netuid, 0, SS_RNG_MARKET);
    s->strategy = calloc(n ? n : 1, sizeof *s->strategy);
    s->position = calloc(n ? n : 1, sizeof *s->position);
    s->prev_position = calloc(n ? n : 1, sizeof *s->prev_position);
    s->returns = calloc(n * l + 1, sizeof *s->returns);
    s->seen = calloc((size_t)t->n_validators * n * l + 1, 1);
    s->own = calloc(n * OWN_FIELDS + 1, sizeof *s->own);
    s->eliminated = calloc(n + 1, 1);
    s->series = calloc(l, sizeof *s->series);
    s->metrics = calloc(n * SS_RET_METRICS + 1, sizeof *s->metrics);
    s->scored = calloc(n + 1, sizeof *s->scored);
    s->values = calloc(n + 1, sizeof *s->values);
    s->ranks = calloc(n + 1, sizeof *s->ranks);
    s->items = calloc(n + 1, sizeof *s->items);
    if (!s->strategy || !s->position || !s->prev_position || !s->returns || !s->seen || !s->own ||
        !s->eliminated ||
        !s->series || !s->metrics || !s->scored || !s->values || !s->ranks || !s->items)
        return ss_error_set(err, SS_ENOMEM, "out of memory for the market of subnet %u",
                            t->netuid);
    return SS_OK;
}

static void fini(ss_task *t)
{
    trading_state *s = t->state;
    if (!s)
        return;
    free(s->strategy);
    free(s->position);
    free(s->prev_position);
    free(s->returns);
    free(s->seen);
    free(s->own);
    free(s->eliminated);
    free(s->series);
    free(s->metrics);
    free(s->scored);
    free(s->values);
    free(s->ranks);
    free(s->items);
}

static uint8_t *seen_row(const ss_task *t, uint32_t validator, uint32_t miner)
{
    const trading_state *s = t->state;
    return s->seen + ((size_t)validator * t->n_miners + miner) * s->lookback;
}

/* p: probability that the miner's direction is right. */
static double accuracy(const double *p, double quality)
{
    double a = 0.5 + p[P_SKILL_EDGE] * quality;
    return a < 0.99 ? a : 0.99;
}

/*
** A validator's view of miner k's closed periods, newest first, into out
** (missed periods as 0); returns how many there are, *seen how many it saw.
*/
static uint32_t view(const ss_task *t, uint32_t validator, uint32_t k, double *out,
                     uint32_t *seen)
{
    const trading_state *s = t->state;
    uint32_t n = s->closed < s->lookback ? (uint32_t)s->closed : s->lookback;
    const uint8_t *row = validator < t->n_validators ? seen_row(t, validator, k) : NULL;
    *seen = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t slot = (uint32_t)((s->period - 1 - i) % s->lookback);
        bool got = !row || row[slot];
        out[i] = got ? s->returns[(size_t)k * s->lookback + slot] : 0;
        *seen += got;
    }
    return n;
}

static void close_period(ss_task *t)
{
    trading_state *s = t->state;
    const double *p = t->cfg->params;
    double dt = 1 / periods_per_year(p);
    uint32_t slot = (uint32_t)(s->period % s->lookback);
    for (uint32_t k = 0; k < t->n_miners; k++) {
        double pos = s->position[k];
        double fee = p[P_FEE] * fabs(pos - s->prev_position[k]) + p[P_CARRY_FEE] * fabs(pos) * dt;
        s->returns[(size_t)k * s->lookback + slot] = pos * s->move - fee;
    }
    s->price *= exp(s->move);
    s->closed++;
}

/* Each miner's own record over the window (once the next period is open). */
static void summarise(ss_task *t)
{
    trading_state *s = t->state;
    for (uint32_t k = 0; k < t->n_miners; k++) {
        uint32_t seen, n = view(t, UINT32_MAX, k, s->series, &seen);
        double sum = 0, wins = 0, *own = s->own + (size_t)k * OWN_FIELDS;
        for (uint32_t i = 0; i < n; i++) {
            sum += s->series[i];
            wins += s->series[i] > 0;
        }
        own[OWN_HIT_RATE] = n ? wins / n : 0;
        own[OWN_LAST] = n ? s->series[0] : 0;
        own[OWN_SUM] = sum;
        own[OWN_DRAWDOWN] = ss__returns_max_drawdown(s->series, n);
        if (own[OWN_DRAWDOWN] >= t->cfg->params[P_MAX_DRAWDOWN])
            s->eliminated[k] = 1;
    }
}

static bool ever_eliminated(const ss_task *t, uint32_t k)
{
    const trading_state *s = t->state;
    return k < t->n_miners && s->eliminated[k];
}

static void open_period(ss_task *t, ss_miner *miners, uint64_t period)
{
    trading_state *s = t->state;
    const double *p = t->cfg->params;
    double dt = 1 / periods_per_year(p), vol = p[P_VOLATILITY];
    double mean = (p[P_DRIFT] - vol * vol / 2) * dt, sd = vol * sqrt(dt);
    double z = ss_rng_normal(&s->market, 0, 1);
    s->move = mean + sd * z;
    s->period = period;
    s->open = true;
    double lo = p[P_MIN_LEVERAGE], hi = p[P_MAX_LEVERAGE];
    for (uint32_t k = 0; k < t->n_miners; k++) {
        s->prev_position[k] = s->position[k];
        if (miners[k].lottery_leverage > 0) {
            double lev = hi * miners[k].lottery_leverage;
            s->position[k] = ss_pcg32_bounded(&s->strategy[k], 2) ? lev : -lev;
            continue;
        }
        double rho = sin(PI * (accuracy(p, miners[k].quality) - 0.5));
        double signal = rho * z + sqrt(1 - rho * rho) * ss_rng_normal(&s->strategy[k], 0, 1);
        double conviction = fabs(signal) / 2;
        double leverage = lo + (hi - lo) * (conviction < 1 ? conviction : 1);
        s->position[k] = signal >= 0 ? leverage : -leverage;
    }
    uint32_t slot = (uint32_t)(period % s->lookback);
    for (uint32_t v = 0; v < t->n_validators; v++)
        for (uint32_t k = 0; k < t->n_miners; k++)
            seen_row(t, v, k)[slot] = 0;
}

static void on_block(ss_task *t, ss_miner *miners, uint64_t block)
{
    trading_state *s = t->state;
    uint64_t period = block / (uint64_t)t->cfg->params[P_PERIOD_BLOCKS];
    if (s->open && period == s->period)
        return;
    if (!s->open)
        for (uint32_t k = 0; k < t->n_miners; k++)
            ss_rng_stream(&s->strategy[k], t->seed, t->netuid, miners[k].agent,
                          SS_RNG_STRATEGY);
    else
        close_period(t);
    open_period(t, miners, period);
    summarise(t);
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
    trading_state *s = t->state;
    bool down = !ss_rng_bernoulli(&m->rng_answer, m->uptime);
    a->latency_ms = ss_rng_lognormal(&m->rng_latency, log(m->latency_median_ms),
                                     m->latency_sigma);
    a->reported_latency_ms = a->latency_ms;
    a->error = down || !s->open;
    a->timed_out = !a->error && a->latency_ms >= (double)t->cfg->timeout_ms;
    if (a->latency_ms > (double)t->cfg->timeout_ms)
        a->latency_ms = (double)t->cfg->timeout_ms;
    bool ok = !a->error && !a->timed_out;
    if (ok && q->validator < t->n_validators)
        seen_row(t, q->validator, q->miner)[s->period % s->lookback] = 1;
    /* The miner's own record, as it reports it: its position and marked returns.
    ** A miner that did not answer reports nothing; the price is public. */
    a->metric[M_PRICE] = s->price;
    if (ok) {
        const double *own = s->own + (size_t)q->miner * OWN_FIELDS;
        a->metric[M_HIT_RATE] = own[OWN_HIT_RATE];
        a->metric[M_POSITION] = s->position[q->miner];
        a->metric[M_PERIOD_RETURN] = own[OWN_LAST];
        a->metric[M_WINDOW_RETURN] = own[OWN_SUM];
        a->metric[M_MAX_DRAWDOWN] = own[OWN_DRAWDOWN];
    }
    /* A lottery trader's direction is a coin flip whatever its skill: worth nothing. */
    bool skilled = !(m->lottery_leverage > 0);
    a->utility = ok && skilled ? 2 * (accuracy(t->cfg->params, m->quality) - 0.5) : 0;
}

static double score_return(const ss_task *t, const ss_query *q, const ss_answer *a,
                           const ss_miner_stats *st)
{
    (void)t;
    (void)q;
    (void)st;
    return a->error || a->timed_out ? NAN : a->metric[M_PERIOD_RETURN];
}

static void weights_mix(const ss_task *t, uint32_t validator, const double *mix, double *w,
                        uint32_t n)
{
    trading_state *s = t->state; /* only its weights workspace is written */
    const double *p = t->cfg->params;
    ss_returns_params rp = {periods_per_year(p), p[P_RISK_FREE], p[P_RECENCY_DECAY],
                            p[P_RECENCY_FLOOR], p[P_PNL_RECENCY_FLOOR]};
    uint32_t c = 0;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t seen = 0, len = s->open ? view(t, validator, k, s->series, &seen) : 0;
        w[k] = -INFINITY;
        if (len == 0 || seen < p[P_MIN_PERIODS] ||
            ss__returns_max_drawdown(s->series, len) >= p[P_MAX_DRAWDOWN])
            continue;
        ss__returns_metrics(&rp, s->series, len, s->metrics + (size_t)c * SS_RET_METRICS);
        s->scored[c++] = k;
        w[k] = 0;
    }
    for (int m = 0; m < SS_RET_METRICS && c > 0; m++) {
        if (mix[m] == 0)
            continue;
        for (uint32_t i = 0; i < c; i++)
            s->values[i] = s->metrics[(size_t)i * SS_RET_METRICS + m];
        ss__percentile_ranks(s->values, c, s->items, s->ranks);
        for (uint32_t i = 0; i < c; i++)
            w[s->scored[i]] += mix[m] * s->ranks[i];
    }
}

static void weights_ptn(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                        const uint32_t *uids, uint32_t n, double *w)
{
    (void)stats;
    (void)uids;
    weights_mix(t, validator, preset_mix[0], w, n);
}

static void weights_pnl(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                        const uint32_t *uids, uint32_t n, double *w)
{
    (void)stats;
    (void)uids;
    weights_mix(t, validator, preset_mix[1], w, n);
}

static const ss_task_preset presets[] = {
    {"ptn", "SN8 PTN (mid-2025): Calmar, Sharpe, Omega, Sortino, t-stat at 0.2 as percentile "
            "ranks, eliminated at 10% drawdown, softmax T = 0.15",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.1, .transform = SS_TRANSFORM_SOFTMAX,
      .steepness_p = 0.7, .power = 1, .temperature = 0.15, .average_last = 1},
     score_return, weights_ptn},
    {"pnl", "SN8 PTN (Oct 2025): PnL 0.5 + the five risk metrics at 0.1, softmax T = 0.15",
     {.aggregate = SS_AGG_EMA, .ema_alpha = 0.1, .transform = SS_TRANSFORM_SOFTMAX,
      .steepness_p = 0.7, .power = 1, .temperature = 0.15, .average_last = 1},
     score_return, weights_pnl},
};

const ss_task_kind_desc ss__trading_task = {
    .kind = SS_TASK_TRADING,
    .name = "trading",
    .doc = "leveraged positions on a seeded price path, scored on risk-adjusted returns",
    .metric_names = metric_names,
    .params = params,
    .n_params = N_PARAMS,
    .presets = presets,
    .n_presets = sizeof presets / sizeof presets[0],
    .state_size = sizeof(trading_state),
    .check = check,
    .init = init,
    .fini = fini,
    .on_block = on_block,
    .make_query = make_query,
    .answer = answer,
    .ever_eliminated = ever_eliminated,
};
