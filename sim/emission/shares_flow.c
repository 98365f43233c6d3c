/*
** The Taoflow split (spec §2.2): shares from smoothed net TAO inflow, with
** protocol-flow netting, a floor (cutoff) and a normalizing exponent. The
** chain evaluates the power in 32.32 fixed point; we use exact z^p as the
** spec recommends.
*/
#include "subnetsim/emission.h"

#include <math.h>

double ss_flow_beta(uint64_t smoothing_factor)
{
    double b = (double)smoothing_factor / 9223372036854775807.0;
    return b > 1.0 ? 1.0 : b;
}

double ss_flow_protocol_factor(uint32_t n, const double *ema_user_flow,
                               const double *ema_protocol_flow)
{
    double up = 0.0, pp = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        if (ema_user_flow[i] > 0.0)
            up += ema_user_flow[i];
        if (ema_protocol_flow[i] > 0.0)
            pp += ema_protocol_flow[i];
    }
    if (!(pp > 0.0))
        return 0.0;
    double k = up / pp;
    return k < 1.0 ? k : 1.0;
}

void ss_flow_net(uint32_t n, const double *ema_user_flow, const double *ema_protocol_flow,
                 double k, double *net_flow)
{
    for (uint32_t i = 0; i < n; i++) {
        double p = ema_protocol_flow[i];
        net_flow[i] = ema_user_flow[i] - (p > 0.0 ? k * p : p);
    }
}

void ss_pow_normalize(uint32_t n, const double *z, double exponent, double *share)
{
    /* Rescale so that max z = 1 before the power, as the chain does, which
    ** keeps tiny and huge flows away from underflow and overflow. */
    double zmax = 0.0;
    for (uint32_t i = 0; i < n; i++)
        if (z[i] > zmax)
            zmax = z[i];
    if (!(zmax > 0.0)) {
        for (uint32_t i = 0; i < n; i++)
            share[i] = 0.0;
        return;
    }
    double total = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        double v = z[i] > 0.0 ? z[i] / zmax : 0.0;
        share[i] = exponent == 1.0 ? v : v > 0.0 ? pow(v, exponent) : 0.0;
        total += share[i];
    }
    for (uint32_t i = 0; i < n; i++)
        share[i] = total > 0.0 ? share[i] / total : 0.0;
}

void ss_shares_from_flows(uint32_t n, const double *net_flow, double cutoff, double exponent,
                          double *share)
{
    double lowest = 0.0;
    for (uint32_t i = 0; i < n; i++)
        if (net_flow[i] < lowest)
            lowest = net_flow[i];
    double floor_ = cutoff > lowest ? cutoff : lowest;
    for (uint32_t i = 0; i < n; i++) {
        double z = net_flow[i] - floor_;
        share[i] = z > 0.0 ? z : 0.0;
    }
    ss_pow_normalize(n, share, exponent, share);
}

void ss_shares_taoflow(uint32_t n, const double *ema_user_flow, const double *ema_protocol_flow,
                       bool net_flow, double cutoff, double exponent, double *share,
                       double *k_out)
{
    double k = 0.0;
    if (net_flow) {
        k = ss_flow_protocol_factor(n, ema_user_flow, ema_protocol_flow);
        ss_flow_net(n, ema_user_flow, ema_protocol_flow, k, share);
    } else {
        for (uint32_t i = 0; i < n; i++)
            share[i] = ema_user_flow[i];
    }
    if (k_out)
        *k_out = k;
    ss_shares_from_flows(n, share, cutoff, exponent, share);
}
