/*
** Concentration measures the report computes where the database does not
** hold them: Gini and Nakamoto coefficients of emission, and the Spearman
** rank correlation between miners' hidden quality and their incentive.
*/
#ifndef SS_REPORT_INEQUALITY_H
#define SS_REPORT_INEQUALITY_H

#include <stddef.h>

/* Sorts v ascending in place (deterministic for equal values: they are equal). */
void ss__ineq_sort(double *v, size_t n);

/*
** Gini coefficient of the non-negative values v (sorted ascending): 0 when all
** are equal, (n-1)/n when one holds everything. NaN when n is 0 or the sum is 0.
*/
double ss__ineq_gini(const double *sorted, size_t n);

/*
** Nakamoto coefficient of v (sorted ascending): the smallest number of holders
** whose combined share is strictly more than one half. 0 when the sum is 0.
*/
size_t ss__ineq_nakamoto(const double *sorted, size_t n);

/*
** Spearman's rank correlation of x and y (ties get their mean rank), using
** 4 * n doubles of scratch. NaN when n < 3 or either variable is constant.
*/
double ss__ineq_spearman(const double *x, const double *y, size_t n, double *scratch);

#endif
