/*
** Gini and Nakamoto coefficients and Spearman's rank correlation. Sums run
** in index order so that results do not depend on anything but the input.
*/
#include "report/inequality.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ss__ineq_sort(double *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_double);
}

double ss__ineq_gini(const double *v, size_t n)
{
    double sum = 0, weighted = 0;
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        weighted += (double)(i + 1) * v[i];
    }
    if (n == 0 || !(sum > 0))
        return NAN;
    double g = 2 * weighted / ((double)n * sum) - ((double)n + 1) / (double)n;
    return g < 0 ? 0 : g;
}

size_t ss__ineq_nakamoto(const double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    if (!(sum > 0))
        return 0;
    double held = 0;
    size_t k = 0;
    for (size_t i = n; i-- > 0;) {
        held += v[i];
        k++;
        if (held > sum / 2)
            break;
    }
    return k;
}

/* Ranks (1-based, ties averaged) of v into rank, using idx (n doubles) as scratch. */
static void ranks(const double *v, size_t n, double *rank, double *idx)
{
    /* Indices in order of value (then index), by insertion sort: n is one subnet's
       miners, and the order must not depend on a library sort's stability. The
       scratch is n doubles, which hold n size_t. */
    size_t *order = (size_t *)(void *)idx;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && (v[order[j - 1]] > v[order[j]] ||
                                     (v[order[j - 1]] == v[order[j]] &&
                                      order[j - 1] > order[j])); j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[order[j + 1]] == v[order[i]])
            j++;
        double r = ((double)i + (double)j) / 2 + 1;
        for (size_t k = i; k <= j; k++)
            rank[order[k]] = r;
        i = j + 1;
    }
}

double ss__ineq_spearman(const double *x, const double *y, size_t n, double *scratch)
{
    if (n < 3)
        return NAN;
    double *rx = scratch, *ry = scratch + n, *tmp = scratch + 2 * n;
    ranks(x, n, rx, tmp);
    ranks(y, n, ry, tmp);
    double mean = ((double)n + 1) / 2, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        double dx = rx[i] - mean, dy = ry[i] - mean;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (!(sxx > 0) || !(syy > 0))
        return NAN;
    return sxy / sqrt(sxx * syy);
}
