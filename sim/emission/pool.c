/*
** The weighted TAO/alpha pool (spec §4): spot price, swaps with fees and
** guards, limit-order sizes, and the weight change that lets the protocol add
** liquidity without moving the price. With w_q = 1/2 swaps are exact integer
** arithmetic; otherwise the power is -expm1(e log1p(...)), which keeps full
** precision for trades that are small against the reserves.
*/
#include "subnetsim/pool.h"

#include <math.h>

#include "econ_internal.h"

void ss_pool_init(ss_pool *p, uint64_t tao_rao, uint64_t alpha_rao, double price)
{
    p->tao_rao = tao_rao;
    p->alpha_rao = alpha_rao;
    p->quote_weight = 0.5;
    if (price > 0.0 && (tao_rao > 0 || alpha_rao > 0))
        p->quote_weight = (double)tao_rao / (price * (double)alpha_rao + (double)tao_rao);
}

double ss_pool_price(const ss_pool *p)
{
    if (p->alpha_rao == 0)
        return 0.0;
    double wq = p->quote_weight;
    if (wq == 0.5)
        return (double)p->tao_rao / (double)p->alpha_rao;
    return (1.0 - wq) / wq * ((double)p->tao_rao / (double)p->alpha_rao);
}

uint64_t ss_pool_fee(uint64_t amount, uint16_t fee_rate)
{
    return ss__mul_div(amount, fee_rate, 65535);
}

/* floor(out_reserve (1 - (in/(in+d))^e)) for e = w_in/w_out. */
static uint64_t convert(uint64_t in_reserve, uint64_t out_reserve, double e, uint64_t d)
{
    if (d == 0 || out_reserve == 0)
        return 0;
    if (e == 1.0) /* w = 1/2: out d / (in + d), exactly */
        return (uint64_t)((ss_u128)out_reserve * d / ((ss_u128)in_reserve + d));
    double frac = in_reserve == 0 ? 1.0
                                  : -expm1(-e * log1p((double)d / (double)in_reserve));
    uint64_t out = ss__floor_rao((double)out_reserve * frac);
    return out < out_reserve ? out : out_reserve;
}

uint64_t ss_pool_alpha_for_tao(const ss_pool *p, uint64_t tao_net)
{
    double wq = p->quote_weight;
    double e = wq == 0.5 ? 1.0 : wq / (1.0 - wq);
    return convert(p->tao_rao, p->alpha_rao, e, tao_net);
}

uint64_t ss_pool_tao_for_alpha(const ss_pool *p, uint64_t alpha_net)
{
    double wq = p->quote_weight;
    double e = wq == 0.5 ? 1.0 : (1.0 - wq) / wq;
    return convert(p->alpha_rao, p->tao_rao, e, alpha_net);
}

static ss_tx check_guard(const ss_pool_guard *g, uint64_t net_in, uint64_t in_reserve,
                         uint64_t out_reserve)
{
    if (!g)
        return SS_TX_OK;
    if ((ss_u128)net_in > (ss_u128)g->max_input_ratio * in_reserve)
        return SS_TX_INPUT_TOO_LARGE;
    if (out_reserve < g->minimum_reserve_rao)
        return SS_TX_INSUFFICIENT_LIQUIDITY;
    return SS_TX_OK;
}

ss_tx ss_pool_quote_buy(const ss_pool *p, uint64_t tao_gross, uint16_t fee_rate, bool with_fee,
                        const ss_pool_guard *g, ss_swap *out)
{
    out->gross = tao_gross;
    out->fee = with_fee ? ss_pool_fee(tao_gross, fee_rate) : 0;
    out->net_in = tao_gross - out->fee;
    out->out = 0;
    if (tao_gross == 0)
        return SS_TX_ZERO_AMOUNT;
    ss_tx t = check_guard(g, out->net_in, p->tao_rao, p->alpha_rao);
    if (t != SS_TX_OK)
        return t;
    out->out = ss_pool_alpha_for_tao(p, out->net_in);
    return SS_TX_OK;
}

ss_tx ss_pool_quote_sell(const ss_pool *p, uint64_t alpha_gross, uint16_t fee_rate,
                         bool with_fee, const ss_pool_guard *g, ss_swap *out)
{
    out->gross = alpha_gross;
    out->fee = with_fee ? ss_pool_fee(alpha_gross, fee_rate) : 0;
    out->net_in = alpha_gross - out->fee;
    out->out = 0;
    if (alpha_gross == 0)
        return SS_TX_ZERO_AMOUNT;
    ss_tx t = check_guard(g, out->net_in, p->alpha_rao, p->tao_rao);
    if (t != SS_TX_OK)
        return t;
    out->out = ss_pool_tao_for_alpha(p, out->net_in);
    return SS_TX_OK;
}

void ss_pool_apply_buy(ss_pool *p, const ss_swap *s)
{
    p->tao_rao += s->net_in;
    p->alpha_rao -= s->out;
}

void ss_pool_apply_sell(ss_pool *p, const ss_swap *s)
{
    p->alpha_rao += s->net_in;
    p->tao_rao -= s->out;
}

/*
** (limit / price) - 1 from the integer limit, computed so that limits a few
** rao away from the price keep their precision:
** ratio = (L x / (1e9 y)) (w_q / w_b).
*/
static double limit_ratio_minus_one(const ss_pool *p, uint64_t limit_price_rao)
{
    ss_u128 lx = (ss_u128)limit_price_rao * p->alpha_rao;
    ss_u128 gy = (ss_u128)SS_RAO_PER_TAO * p->tao_rao;
    double a = lx >= gy ? (double)(lx - gy) / (double)gy : -((double)(gy - lx) / (double)gy);
    double wq = p->quote_weight;
    double c = wq / (1.0 - wq);
    return wq == 0.5 ? a : a * c + (c - 1.0);
}

static uint64_t add_limit_fee(uint64_t net, uint16_t fee_rate)
{
    return ss__sat_add(net, ss__mul_div(net, fee_rate, 65535u - fee_rate));
}

ss_tx ss_pool_max_buy_to_price(const ss_pool *p, uint64_t limit_price_rao, uint16_t fee_rate,
                               uint64_t *tao_gross)
{
    *tao_gross = 0;
    if (p->alpha_rao == 0 || p->tao_rao == 0)
        return SS_TX_INSUFFICIENT_LIQUIDITY;
    double d = limit_ratio_minus_one(p, limit_price_rao); /* limit/p - 1 */
    if (!(d > 0.0))
        return SS_TX_PRICE_LIMIT;
    double wb = 1.0 - p->quote_weight;
    uint64_t net = ss__floor_rao((double)p->tao_rao * expm1(wb * log1p(d)));
    *tao_gross = add_limit_fee(net, fee_rate);
    return SS_TX_OK;
}

ss_tx ss_pool_max_sell_to_price(const ss_pool *p, uint64_t limit_price_rao, uint16_t fee_rate,
                                uint64_t *alpha_gross)
{
    *alpha_gross = 0;
    if (p->alpha_rao == 0 || p->tao_rao == 0)
        return SS_TX_INSUFFICIENT_LIQUIDITY;
    if (limit_price_rao == 0) { /* any price is above 0: the sell is unbounded */
        *alpha_gross = UINT64_MAX;
        return SS_TX_OK;
    }
    double d = limit_ratio_minus_one(p, limit_price_rao); /* limit/p - 1 < 0 */
    if (!(d < 0.0))
        return SS_TX_PRICE_LIMIT;
    /* p/limit - 1 = -d / (1 + d) */
    double up = -d / (1.0 + d);
    double wq = p->quote_weight;
    uint64_t net = ss__floor_rao((double)p->alpha_rao * expm1(wq * log1p(up)));
    *alpha_gross = add_limit_fee(net, fee_rate);
    return SS_TX_OK;
}

bool ss_pool_injection_weight(const ss_pool *p, uint64_t dtao, uint64_t dalpha, double w_min,
                              double w_max, double *quote_weight)
{
    if (p->tao_rao == 0 || p->alpha_rao == 0) {
        *quote_weight = 0.5;
        return true;
    }
    double wq = p->quote_weight;
    /* Each product rounds once or twice in double (relative 2e-16): the chain
    ** rounds its own products too, and the weight needs no more. */
    double xy1 = (double)p->alpha_rao * ((double)p->tao_rao + (double)dtao);
    double yx1 = (double)p->tao_rao * ((double)p->alpha_rao + (double)dalpha);
    double num = wq * xy1;
    double w = num / ((1.0 - wq) * yx1 + num);
    if (!(w >= w_min && w <= w_max))
        return false;
    *quote_weight = w;
    return true;
}
