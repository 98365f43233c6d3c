/* The statistics behind the run metrics: Gini, Nakamoto coefficient, Spearman correlation. */
#include "agents/metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ss_metrics_init(ss_metrics *m, uint32_t n_max)
{
    memset(m, 0, sizeof *m);
    m->n_max = n_max;
    m->adversary = calloc(n_max, sizeof *m->adversary);
    m->paid = calloc(n_max, sizeof *m->paid);
    m->miner_paid = calloc(n_max, sizeof *m->miner_paid);
    m->validator_paid = calloc(n_max, sizeof *m->validator_paid);
    m->quality_sum = calloc(n_max, sizeof *m->quality_sum);
    m->epochs_held = calloc(n_max, sizeof *m->epochs_held);
    return m->adversary && m->paid && m->miner_paid && m->validator_paid && m->quality_sum &&
           m->epochs_held;
}

void ss_metrics_fini(ss_metrics *m)
{
    free(m->adversary);
    free(m->paid);
    free(m->miner_paid);
    free(m->validator_paid);
    free(m->quality_sum);
    free(m->epochs_held);
    memset(m, 0, sizeof *m);
}

void ss_metric_put(ss_metric_value *out, size_t max, size_t *n, const char *name,
                   const char *detail, double value)
{
    if (*n >= max)
        return;
    snprintf(out[*n].name, sizeof out[*n].name, "%s", name);
    snprintf(out[*n].detail, sizeof out[*n].detail, "%.63s", detail ? detail : "");
    out[*n].value = value;
    (*n)++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double ss_gini(const double *v, size_t n, double *scratch)
{
    if (n == 0)
        return 0;
    memcpy(scratch, v, n * sizeof *v);
    qsort(scratch, n, sizeof *scratch, cmp_double);
    double sum = 0, weighted = 0;
    for (size_t i = 0; i < n; i++) {
        sum += scratch[i];
        weighted += (double)(i + 1) * scratch[i];
    }
    if (sum <= 0)
        return 0;
    return (2 * weighted) / ((double)n * sum) - (double)(n + 1) / (double)n;
}

double ss_nakamoto(const double *v, size_t n, double *scratch)
{
    memcpy(scratch, v, n * sizeof *v);
    qsort(scratch, n, sizeof *scratch, cmp_double);
    double total = 0, acc = 0;
    for (size_t i = 0; i < n; i++)
        total += scratch[i];
    if (total <= 0)
        return 0;
    for (size_t i = n; i-- > 0;) {
        acc += scratch[i];
        if (acc > total / 2)
            return (double)(n - i);
    }
    return (double)n;
}

/* Average ranks (1-based) of v into r, using scratch index space. */
static void ranks(const double *v, size_t n, double *r)
{
    for (size_t i = 0; i < n; i++) {
        size_t below = 0, equal = 0;
        for (size_t j = 0; j < n; j++) {
            below += v[j] < v[i];
            equal += v[j] == v[i];
        }
        r[i] = (double)below + (double)(equal + 1) / 2.0;
    }
}

double ss_spearman(const double *x, const double *y, size_t n, double *scratch)
{
    if (n < 2)
        return 0;
    double *rx = scratch, *ry = scratch + n;
    ranks(x, n, rx);
    ranks(y, n, ry);
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += rx[i];
        my += ry[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}

double ss_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
