/*
** Run metrics (spec/agents-and-tasks.md §5.1): what adversaries captured,
** what honest validators lost, and how concentrated and how deserved the
** emission was. Accumulated per subnet during the run, computed at the end.
*/
#ifndef SS_AGENTS_METRICS_H
#define SS_AGENTS_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SS_METRIC_NAME_MAX 64

typedef struct ss_metric_value {
    char name[SS_METRIC_NAME_MAX];
    char detail[SS_METRIC_NAME_MAX];
    double value;
} ss_metric_value;

typedef struct ss_metrics {
    uint32_t n_max;
    /* Per UID, since its holder took it (reset when the UID changes hands). */
    bool *adversary;         /* held by an adversary */
    double *paid;            /* alpha rao staked to it (miner + validator + owner cut) */
    double *miner_paid;
    double *validator_paid;
    double *quality_sum;     /* true quality summed over epochs (miners) */
    uint64_t *epochs_held;   /* epochs of its holder */
    /* Over the run, whoever held the UIDs. */
    double paid_total, adversary_paid_total;
    double miner_paid_total, adversary_miner_paid_total;
    uint64_t epochs;
    double utility, adversary_utility; /* true utility of answers served */
    double last_epoch_adversary_share;
} ss_metrics;

int ss_metrics_init(ss_metrics *m, uint32_t n_max);

/* Appends (name, detail, value) to out[*n] unless max entries are already there. */
void ss_metric_put(ss_metric_value *out, size_t max, size_t *n, const char *name,
                   const char *detail, double value);
void ss_metrics_fini(ss_metrics *m);

/* Gini coefficient of non-negative values (0 equal, -> 1 concentrated); 0 for no mass. */
double ss_gini(const double *v, size_t n, double *scratch);

/* Smallest number of holders with more than half the total; 0 for no mass. */
double ss_nakamoto(const double *v, size_t n, double *scratch);

/* Spearman rank correlation (average ranks for ties); 0 if either side is constant. */
double ss_spearman(const double *x, const double *y, size_t n, double *scratch);

/* Median of v (n > 0), reordering v. */
double ss_median(double *v, size_t n);

#endif
