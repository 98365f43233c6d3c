/*
** Price-based splits of a block's TAO across subnets: today's EMA-price rule
** weighted by MinerBurned (spec §2.1, with the transitional root-proportion
** factor of §2.3), the 2025 dTAO rule (§2.4), fixed shares, the
** emission-enabled mask, the moving price and the root-sell flag.
*/
#include "subnetsim/emission.h"

static double sum_positive(uint32_t n, const double *v)
{
    double s = 0.0;
    for (uint32_t i = 0; i < n; i++)
        if (v[i] > 0.0)
            s += v[i];
    return s;
}

void ss_shares_dtao_price(uint32_t n, const double *moving_price, double *share)
{
    double total = sum_positive(n, moving_price);
    for (uint32_t i = 0; i < n; i++)
        share[i] = total > 0.0 && moving_price[i] > 0.0 ? moving_price[i] / total : 0.0;
}

void ss_shares_price_ema(uint32_t n, const double *moving_price, const double *miner_burned,
                         const double *root_prop, double *share)
{
    ss_shares_dtao_price(n, moving_price, share); /* price shares */
    double total = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        double mb = miner_burned ? miner_burned[i] : 0.0;
        mb = mb < 0.0 ? 0.0 : mb > 1.0 ? 1.0 : mb;
        double w = share[i] * (1.0 - mb);
        if (root_prop)
            w *= root_prop[i];
        total += w;
    }
    if (!(total > 0.0))
        return; /* fallback: price shares, so nothing is stranded */
    for (uint32_t i = 0; i < n; i++) {
        double mb = miner_burned ? miner_burned[i] : 0.0;
        mb = mb < 0.0 ? 0.0 : mb > 1.0 ? 1.0 : mb;
        double w = share[i] * (1.0 - mb);
        if (root_prop)
            w *= root_prop[i];
        share[i] = w / total;
    }
}

void ss_shares_fixed(uint32_t n, const double *weight, double *share)
{
    double total = sum_positive(n, weight);
    for (uint32_t i = 0; i < n; i++)
        share[i] = total > 0.0 && weight[i] > 0.0 ? weight[i] / total : 0.0;
}

void ss_shares_mask_enabled(uint32_t n, const bool *enabled, double *share)
{
    bool any_disabled = false;
    double total = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        if (enabled[i])
            total += share[i];
        else
            any_disabled = true;
    }
    if (!any_disabled)
        return;
    for (uint32_t i = 0; i < n; i++)
        share[i] = enabled[i] && total > 0.0 ? share[i] / total : 0.0;
}

double ss_moving_price_update(double moving_price, double spot_price, double moving_alpha,
                              uint64_t blocks_since_start, uint64_t halving_blocks)
{
    double b = (double)blocks_since_start;
    double den = b + (double)halving_blocks;
    double a = den > 0.0 ? moving_alpha * b / den : 0.0;
    double p = spot_price < 1.0 ? spot_price : 1.0;
    return a * p + (1.0 - a) * moving_price;
}

bool ss_root_sell(uint32_t n, const double *moving_price, double threshold)
{
    double total = 0.0;
    for (uint32_t i = 0; i < n; i++)
        total += moving_price[i];
    return total > threshold;
}
