/*
** Stake moving through the pools (spec §4.3, §3.6): add and remove stake with
** fees and price limits, moves between subnets (one fee per move), root stake,
** and claims of root dividends (kept as alpha or swapped into root TAO).
** Each records the user or protocol TAO flow that Taoflow reads.
*/
#include "subnetsim/economy.h"

#include <math.h>
#include <string.h>

#include "econ_internal.h"

static ss_tx pool_subnet(ss_economy *e, uint32_t netuid, ss_econ_subnet **out)
{
    *out = ss_economy_subnet(e, netuid);
    if (!*out)
        return SS_TX_NO_SUBNET;
    if (!(*out)->started)
        return SS_TX_SUBTOKEN_DISABLED;
    return SS_TX_OK;
}

/* The smallest gross stake: DefaultMinStake plus its fee. */
static uint64_t min_gross(const ss_economy *e, uint16_t fee_rate)
{
    return e->p.min_stake_rao + ss_pool_fee(e->p.min_stake_rao, fee_rate);
}

/*
** add_stake's checks and swap on pool (s's pool, or a copy a quote moved): the limit,
** the minimum, the guards. Fills the swap; *gross is the TAO the buy takes (cut to the
** limit when allow_partial).
*/
static ss_tx quote_buy(const ss_economy *e, const ss_econ_subnet *s, const ss_pool *pool,
                       uint64_t tao_gross, uint64_t limit_price_rao, bool allow_partial,
                       ss_swap *sw, uint64_t *gross)
{
    if (tao_gross == 0)
        return SS_TX_ZERO_AMOUNT;
    ss_tx t;
    if (limit_price_rao > 0) {
        uint64_t max;
        t = ss_pool_max_buy_to_price(pool, limit_price_rao, s->hp.fee_rate, &max);
        if (t != SS_TX_OK)
            return t;
        if (tao_gross > max) {
            if (!allow_partial)
                return SS_TX_PRICE_LIMIT;
            tao_gross = max;
        }
    }
    if (tao_gross < min_gross(e, s->hp.fee_rate))
        return SS_TX_BELOW_MIN_STAKE;
    ss_pool_guard g = ss__econ_guard(e);
    t = ss_pool_quote_buy(pool, tao_gross, s->hp.fee_rate, true, &g, sw);
    if (t != SS_TX_OK)
        return t;
    if (sw->out == 0)
        return SS_TX_ZERO_AMOUNT;
    *gross = tao_gross;
    return SS_TX_OK;
}

ss_tx ss_economy_stake(ss_economy *e, uint32_t netuid, uint64_t tao_gross,
                       uint64_t limit_price_rao, bool allow_partial, ss_trade *out)
{
    memset(out, 0, sizeof *out);
    ss_econ_subnet *s;
    ss_tx t = pool_subnet(e, netuid, &s);
    if (t != SS_TX_OK)
        return t;
    ss_swap sw;
    t = quote_buy(e, s, &s->pool, tao_gross, limit_price_rao, allow_partial, &sw, &tao_gross);
    if (t != SS_TX_OK)
        return t;
    ss_pool_apply_buy(&s->pool, &sw);
    s->alpha_out_rao += sw.out;
    ss__econ_pay_fee(e, sw.fee);
    ss__flow_add(&s->tao_flow_rao, sw.net_in, +1);
    out->tao_rao = tao_gross;
    out->alpha_rao = sw.out;
    out->fee_tao_rao = sw.fee;
    return SS_TX_OK;
}

/*
** Sells alpha_gross on pool (s's, or a copy a quote moved) with the fee; the fee alpha is
** sold again fee-free for the author. Fills the TAO the seller receives and the fee in TAO.
*/
static ss_tx quote_sell(const ss_economy *e, const ss_econ_subnet *s, const ss_pool *pool,
                        uint64_t alpha_gross, ss_swap *sw, uint64_t *fee_tao)
{
    ss_pool_guard g = ss__econ_guard(e);
    ss_tx t = ss_pool_quote_sell(pool, alpha_gross, s->hp.fee_rate, true, &g, sw);
    if (t != SS_TX_OK)
        return t;
    ss_pool after = *pool;
    ss_pool_apply_sell(&after, sw);
    *fee_tao = ss_pool_tao_for_alpha(&after, sw->fee);
    return SS_TX_OK;
}

/* The pool after a quoted sell and its fee's re-sale. */
static void sold(ss_pool *pool, const ss_swap *sw, uint64_t fee_tao)
{
    pool->alpha_rao += sw->gross; /* the net and, re-sold, the fee */
    pool->tao_rao -= sw->out + fee_tao;
}

static void apply_sell(ss_economy *e, ss_econ_subnet *s, const ss_swap *sw, uint64_t fee_tao)
{
    sold(&s->pool, sw, fee_tao);
    s->alpha_out_rao -= sw->gross;
    ss__econ_pay_fee(e, fee_tao);
    ss__flow_add(&s->tao_flow_rao, sw->out + fee_tao, -1);
}

/* remove_stake's checks and sell on pool; *gross is cut to the limit when allow_partial. */
static ss_tx quote_unstake(const ss_economy *e, const ss_econ_subnet *s, const ss_pool *pool,
                           uint64_t alpha_gross, uint64_t limit_price_rao, bool allow_partial,
                           ss_swap *sw, uint64_t *fee_tao, uint64_t *gross)
{
    if (alpha_gross == 0)
        return SS_TX_ZERO_AMOUNT;
    if (alpha_gross > s->alpha_out_rao)
        return SS_TX_INSUFFICIENT_STAKE;
    ss_tx t;
    if (limit_price_rao > 0) {
        uint64_t max;
        t = ss_pool_max_sell_to_price(pool, limit_price_rao, s->hp.fee_rate, &max);
        if (t != SS_TX_OK)
            return t;
        if (alpha_gross > max) {
            if (!allow_partial)
                return SS_TX_PRICE_LIMIT;
            alpha_gross = max;
            if (alpha_gross == 0)
                return SS_TX_ZERO_AMOUNT;
        }
    }
    t = quote_sell(e, s, pool, alpha_gross, sw, fee_tao);
    if (t == SS_TX_OK)
        *gross = alpha_gross;
    return t;
}

ss_tx ss_economy_unstake(ss_economy *e, uint32_t netuid, uint64_t alpha_gross,
                         uint64_t limit_price_rao, bool allow_partial, ss_trade *out)
{
    memset(out, 0, sizeof *out);
    ss_econ_subnet *s;
    ss_tx t = pool_subnet(e, netuid, &s);
    if (t != SS_TX_OK)
        return t;
    ss_swap sw;
    uint64_t fee_tao;
    t = quote_unstake(e, s, &s->pool, alpha_gross, limit_price_rao, allow_partial, &sw, &fee_tao,
                      &alpha_gross);
    if (t != SS_TX_OK)
        return t;
    apply_sell(e, s, &sw, fee_tao);
    out->alpha_rao = alpha_gross;
    out->tao_rao = sw.out;
    out->fee_alpha_rao = sw.fee;
    out->fee_tao_rao = fee_tao;
    return SS_TX_OK;
}

ss_tx ss_economy_quote_stake(const ss_economy *e, uint32_t netuid, ss_pool *pool,
                             uint64_t tao_gross, uint64_t limit_price_rao, bool allow_partial,
                             ss_trade *out)
{
    memset(out, 0, sizeof *out);
    const ss_econ_subnet *s = ss_economy_subnet_const(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (!s->started)
        return SS_TX_SUBTOKEN_DISABLED;
    ss_swap sw;
    ss_tx t = quote_buy(e, s, pool, tao_gross, limit_price_rao, allow_partial, &sw, &tao_gross);
    if (t != SS_TX_OK)
        return t;
    ss_pool_apply_buy(pool, &sw);
    out->tao_rao = tao_gross;
    out->alpha_rao = sw.out;
    out->fee_tao_rao = sw.fee;
    return SS_TX_OK;
}

ss_tx ss_economy_quote_unstake(const ss_economy *e, uint32_t netuid, ss_pool *pool,
                               uint64_t alpha_gross, uint64_t limit_price_rao,
                               bool allow_partial, ss_trade *out)
{
    memset(out, 0, sizeof *out);
    const ss_econ_subnet *s = ss_economy_subnet_const(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (!s->started)
        return SS_TX_SUBTOKEN_DISABLED;
    ss_swap sw;
    uint64_t fee_tao;
    ss_tx t = quote_unstake(e, s, pool, alpha_gross, limit_price_rao, allow_partial, &sw,
                            &fee_tao, &alpha_gross);
    if (t != SS_TX_OK)
        return t;
    sold(pool, &sw, fee_tao);
    out->alpha_rao = alpha_gross;
    out->tao_rao = sw.out;
    out->fee_alpha_rao = sw.fee;
    out->fee_tao_rao = fee_tao;
    return SS_TX_OK;
}

ss_tx ss_economy_move_stake(ss_economy *e, uint32_t from, uint32_t to, uint64_t amount_rao,
                            ss_move *out)
{
    memset(out, 0, sizeof *out);
    if (amount_rao == 0)
        return SS_TX_ZERO_AMOUNT;
    if (from == to) { /* a transfer within one subnet: no swap, no fee */
        if (from != 0 && !ss_economy_subnet(e, from))
            return SS_TX_NO_SUBNET;
        out->from_rao = out->to_rao = amount_rao;
        out->restaked = true;
        return SS_TX_OK;
    }
    ss_econ_subnet *src = NULL, *dst = NULL;
    ss_tx t;
    if (from != 0 && (t = pool_subnet(e, from, &src)) != SS_TX_OK)
        return t;
    if (to != 0 && (t = pool_subnet(e, to, &dst)) != SS_TX_OK)
        return t;
    if (!src && amount_rao > e->root_tao_rao)
        return SS_TX_INSUFFICIENT_STAKE;
    if (src && amount_rao > src->alpha_out_rao)
        return SS_TX_INSUFFICIENT_STAKE;

    /* Quote both legs before changing anything: the move is all or nothing. */
    ss_swap sell = {0, 0, 0, 0}, buy = {0, 0, 0, 0};
    uint64_t fee_tao = 0, tao = amount_rao;
    if (src) {
        t = quote_sell(e, src, &src->pool, amount_rao, &sell, &fee_tao);
        if (t != SS_TX_OK)
            return t;
        tao = sell.out;
    }
    bool restake = tao >= e->p.min_stake_rao;
    if (restake && dst) {
        /* One fee per move: the sale paid it, unless the origin is root. */
        ss_pool_guard g = ss__econ_guard(e);
        t = ss_pool_quote_buy(&dst->pool, tao, dst->hp.fee_rate, src == NULL, &g, &buy);
        if (t != SS_TX_OK)
            return t;
        if (buy.out == 0)
            restake = false;
    }
    if (src)
        apply_sell(e, src, &sell, fee_tao);
    else
        e->root_tao_rao -= amount_rao;
    out->from_rao = amount_rao;
    out->tao_rao = tao;
    out->fee_tao_rao = fee_tao;
    if (!restake)
        return SS_TX_OK; /* the TAO stays with the coldkey */
    out->restaked = true;
    if (dst) {
        ss_pool_apply_buy(&dst->pool, &buy);
        dst->alpha_out_rao += buy.out;
        ss__econ_pay_fee(e, buy.fee);
        ss__flow_add(&dst->tao_flow_rao, buy.net_in, +1);
        out->fee_tao_rao += buy.fee;
        out->tao_rao = buy.net_in;
        out->to_rao = buy.out;
    } else {
        e->root_tao_rao += tao;
        out->to_rao = tao;
    }
    return SS_TX_OK;
}

ss_tx ss_economy_root_stake(ss_economy *e, uint64_t tao_rao)
{
    if (tao_rao == 0)
        return SS_TX_ZERO_AMOUNT;
    e->root_tao_rao += tao_rao;
    return SS_TX_OK;
}

ss_tx ss_economy_root_unstake(ss_economy *e, uint64_t tao_rao)
{
    if (tao_rao == 0)
        return SS_TX_ZERO_AMOUNT;
    if (tao_rao > e->root_tao_rao)
        return SS_TX_INSUFFICIENT_STAKE;
    e->root_tao_rao -= tao_rao;
    return SS_TX_OK;
}

uint64_t ss_root_owed(double claimable_per_root_rao, uint64_t root_stake_rao,
                      uint64_t claimed_rao)
{
    uint64_t owed = ss__floor_rao(claimable_per_root_rao * (double)root_stake_rao);
    return ss__sat_sub(owed, claimed_rao);
}

ss_tx ss_economy_root_claim(ss_economy *e, uint32_t netuid, uint64_t owed_rao,
                            ss_claim_type type, ss_trade *out)
{
    memset(out, 0, sizeof *out);
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (owed_rao == 0)
        return SS_TX_ZERO_AMOUNT;
    if (owed_rao < e->p.root_claimable_threshold_rao)
        return SS_TX_BELOW_CLAIM_THRESHOLD;
    if (owed_rao > s->root_claimable_rao)
        return SS_TX_INSUFFICIENT_CLAIMABLE;
    if (type == SS_CLAIM_SWAP) {
        ss_pool_guard g = ss__econ_guard(e);
        ss_swap sw;
        ss_tx t = ss_pool_quote_sell(&s->pool, owed_rao, 0, false, &g, &sw);
        if (t != SS_TX_OK)
            return t;
        ss_pool_apply_sell(&s->pool, &sw);
        s->alpha_out_rao -= owed_rao;
        e->root_tao_rao += sw.out;
        ss__flow_add(&s->protocol_flow_rao, sw.out, -1);
        out->tao_rao = sw.out;
    }
    s->root_claimable_rao -= owed_rao;
    out->alpha_rao = owed_rao;
    return SS_TX_OK;
}
