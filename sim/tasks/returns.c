/* Risk metrics of return series (PTN's definitions) and percentile ranks. */
#include "tasks/returns.h"

#include <math.h>
#include <stdlib.h>

double ss__returns_recency(double decay, double floor, uint32_t d)
{
    return floor + (1 - floor) * exp(-decay * d);
}

double ss__returns_max_drawdown(const double *r, uint32_t n)
{
    double equity = 0, peak = 0, worst = 0;
    for (uint32_t i = n; i-- > 0;) { /* oldest first */
        equity += r[i];
        if (equity > peak)
            peak = equity;
        if (peak - equity > worst)
            worst = peak - equity;
    }
    return 1 - exp(-worst);
}

void ss__returns_metrics(const ss_returns_params *p, const double *r, uint32_t n, double *x)
{
    double v1 = 0, v2 = 0, wsum = 0, pnl = 0, plain = 0;
    for (uint32_t i = 0; i < n; i++) {
        double w = ss__returns_recency(p->recency_decay, p->recency_floor, i);
        v1 += w;
        v2 += w * w;
        wsum += w * r[i];
        pnl += ss__returns_recency(p->recency_decay, p->pnl_recency_floor, i) * r[i];
        plain += r[i];
    }
    double mean = wsum / v1, mean_plain = plain / n;
    double var = 0, var_plain = 0, down = 0, gain = 0, loss = 0;
    for (uint32_t i = 0; i < n; i++) {
        double w = ss__returns_recency(p->recency_decay, p->recency_floor, i);
        var += w * (r[i] - mean) * (r[i] - mean);
        var_plain += (r[i] - mean_plain) * (r[i] - mean_plain);
        if (r[i] < 0) {
            down += w * r[i] * r[i];
            loss -= w * r[i];
        } else {
            gain += w * r[i];
        }
    }
    double ppy = p->periods_per_year;
    /* Reliability weights: the unbiased sd when all weights are equal. */
    double denom = v1 - v2 / v1;
    double sd = denom > 0 ? sqrt(var / denom * ppy) : 0;
    double downside = sqrt(down / v1 * ppy);
    double excess = mean * ppy - log1p(p->risk_free);
    double unit = n / v1; /* rescales the weights to a mean of 1 */
    x[SS_RET_SHARPE] = excess / fmax(sd, SS_RETURNS_FLOOR);
    x[SS_RET_SORTINO] = excess / fmax(downside, SS_RETURNS_FLOOR);
    x[SS_RET_CALMAR] = excess / fmax(ss__returns_max_drawdown(r, n), SS_RETURNS_FLOOR);
    x[SS_RET_OMEGA] = gain * unit / fmax(loss * unit, SS_RETURNS_FLOOR);
    double sd_plain = n > 1 ? sqrt(var_plain / (n - 1)) : 0;
    x[SS_RET_TSTAT] = sd_plain > 0 ? mean_plain / (sd_plain / sqrt((double)n)) : 0;
    x[SS_RET_PNL] = pnl;
}

static int compare_items(const void *a, const void *b)
{
    const ss_rank_item *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void ss__percentile_ranks(const double *v, uint32_t n, ss_rank_item *items, double *out)
{
    for (uint32_t i = 0; i < n; i++)
        items[i] = (ss_rank_item){v[i], i};
    qsort(items, n, sizeof *items, compare_items);
    for (uint32_t i = 0; i < n;) {
        uint32_t j = i;
        while (j + 1 < n && items[j + 1].value == items[i].value)
            j++;
        /* Ranks i+1 .. j+1 share their mean. */
        double pct = ((double)i + j + 2) / 2 / n;
        for (uint32_t e = i; e <= j; e++)
            out[items[e].index] = pct;
        i = j + 1;
    }
}
