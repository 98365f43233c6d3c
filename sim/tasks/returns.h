/*
** Risk metrics of a series of period log returns, as SN8 PTN computes them
** (spec/agents-and-tasks.md §2.3), and percentile ranks. Series are newest
** first: r[0] is the last closed period.
*/
#ifndef SS_TASKS_RETURNS_H
#define SS_TASKS_RETURNS_H

#include <stdint.h>

/* The floor of the Sharpe and Sortino deviations, the Calmar drawdown and the Omega loss. */
#define SS_RETURNS_FLOOR 0.01

enum {
    SS_RET_CALMAR,
    SS_RET_SHARPE,
    SS_RET_OMEGA,
    SS_RET_SORTINO,
    SS_RET_TSTAT,
    SS_RET_PNL,
    SS_RET_METRICS
};

typedef struct ss_returns_params {
    double periods_per_year;
    double risk_free;          /* annual rate, as a simple rate (0.0389) */
    double recency_decay;      /* recency weight w(d) = floor + (1 - floor) e^(-decay d) */
    double recency_floor;
    double pnl_recency_floor;  /* the floor of PnL's own recency weights */
} ss_returns_params;

/* Recency weight of a return d periods old. */
double ss__returns_recency(double decay, double floor, uint32_t d);

/* Max drawdown of the cumulative path of r[0..n), as a fraction of the peak (0 if none). */
double ss__returns_max_drawdown(const double *r, uint32_t n);

/*
** x[SS_RET_METRICS] of r[0..n), n >= 1. With A = annualised recency-weighted
** mean minus log(1 + risk_free):
**   Sharpe  = A / max(annualised weighted sd, floor)   (reliability-weights sd)
**   Sortino = A / max(annualised weighted root mean square of the losses, floor)
**   Calmar  = A / max(max drawdown, floor)
**   Omega   = weighted gains / max(|weighted losses|, floor), weights of mean 1
**   t       = mean / (sd / sqrt(n)), unweighted (0 if sd = 0)
**   PnL     = sum of the returns with PnL's recency weights
*/
void ss__returns_metrics(const ss_returns_params *p, const double *r, uint32_t n, double *x);

/* Workspace entry of ss__percentile_ranks. */
typedef struct ss_rank_item {
    double value;
    uint32_t index;
} ss_rank_item;

/*
** Percentile rank of each v[i] among v[0..n) into out[i], in (0, 1]: its
** 1-based rank over n, equal values sharing the mean of their ranks (scipy's
** percentileofscore, kind "rank"). items is a workspace of n entries.
*/
void ss__percentile_ranks(const double *v, uint32_t n, ss_rank_item *items, double *out);

#endif
