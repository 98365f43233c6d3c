/*
** The pre-dTAO split by root-network weights (spec §2.5): the top root
** validators by stake set weight rows over subnets; each subnet's share is
** its stake-weighted rank times a sigmoid of its stake-weighted trust.
*/
#include "subnetsim/emission.h"

#include <math.h>
#include <stddef.h>

/* Is validator v among the top k by stake (ties to the lower index)? */
static bool in_top(uint32_t nv, const double *stake, uint32_t v, uint32_t k)
{
    uint32_t above = 0;
    for (uint32_t u = 0; u < nv && above < k; u++)
        if (stake[u] > stake[v] || (stake[u] == stake[v] && u < v))
            above++;
    return above < k;
}

void ss_shares_root_weights(uint32_t nv, const double *stake, const double *weights,
                            uint32_t n_subnets, double rho, double kappa,
                            uint32_t max_validators, double *share, double *trust)
{
    for (uint32_t j = 0; j < n_subnets; j++)
        share[j] = trust[j] = 0.0;
    double total_stake = 0.0;
    for (uint32_t v = 0; v < nv; v++)
        if (stake[v] > 0.0 && in_top(nv, stake, v, max_validators))
            total_stake += stake[v];
    if (!(total_stake > 0.0))
        return;
    /* share[] holds the rank until the sigmoid is applied. */
    for (uint32_t v = 0; v < nv; v++) {
        if (!(stake[v] > 0.0) || !in_top(nv, stake, v, max_validators))
            continue;
        const double *row = weights + (size_t)v * n_subnets;
        double row_sum = 0.0;
        for (uint32_t j = 0; j < n_subnets; j++)
            if (row[j] > 0.0)
                row_sum += row[j];
        if (!(row_sum > 0.0))
            continue;
        double s = stake[v] / total_stake;
        for (uint32_t j = 0; j < n_subnets; j++) {
            if (row[j] > 0.0) {
                share[j] += row[j] / row_sum * s;
                trust[j] += s;
            }
        }
    }
    double total = 0.0;
    for (uint32_t j = 0; j < n_subnets; j++) {
        share[j] *= 1.0 / (1.0 + exp(-rho * (trust[j] - kappa)));
        total += share[j];
    }
    for (uint32_t j = 0; j < n_subnets; j++)
        share[j] = total > 0.0 ? share[j] / total : 0.0;
}
