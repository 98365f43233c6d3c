/*
** Front-running (catalogue X1, docs/adversaries.md). A sandwich bot sees a
** staker's order to stake on its subnet before the chain executes it (the
** pool of pending extrinsics is public), buys alpha in front of it, lets it
** execute at the higher price, and sells right after it in the same block:
** the AMM's slippage is the bot's profit and the victim's loss. It plans on
** quotes (ss_economy_quote_*), so fees, guards and limits are the chain's:
** among front-runs of up to its whole balance it takes the one that leaves it
** the most TAO, provided the victim's order still executes, and attacks only
** for more than min_profit_tao. It trades with its capital (capital_tao) and
** takes its profits out.
**
** Victims with a slippage tolerance (network.stakers[].slippage_tolerance)
** send limit orders: the price after their order may exceed the price their
** own order would reach, quoted when they sign it, by at most the tolerance,
** or the chain refuses it (all or nothing). That caps the front-run, and the
** bot's profit with it.
*/
#include <math.h>
#include <string.h>

#include "engine/run_internal.h"

/* Front-runs tried per order: its capital halved every four steps. */
#define CANDIDATES 56

uint64_t ss__run_victim_limit(const ss_run *r, const ss_staker *k, uint32_t netuid,
                              uint64_t tao_rao)
{
    double tol = k->cfg->slippage_tolerance;
    const ss_econ_subnet *s = ss_economy_subnet_const(r->econ, netuid);
    if (!(tol > 0) || !s)
        return 0;
    ss_pool pool = s->pool;
    ss_trade tr;
    if (ss_economy_quote_stake(r->econ, netuid, &pool, tao_rao, 0, false, &tr) != SS_TX_OK)
        return 0; /* the order fails whatever its limit */
    double limit = ceil(ss_pool_price(&pool) * (1 + tol) * (double)SS_RAO_PER_TAO);
    return limit >= 1.8e19 ? UINT64_MAX : (uint64_t)limit;
}

/*
** The bot's profit (TAO back - TAO in) from front-running with front_rao an order of
** tao_rao at limit_price_rao on netuid; false when the order would then be refused.
*/
static bool quote_attack(const ss_run *r, uint32_t netuid, uint64_t front_rao, uint64_t tao_rao,
                         uint64_t limit_price_rao, int64_t *profit)
{
    ss_pool pool = ss_economy_subnet_const(r->econ, netuid)->pool;
    ss_trade buy, victim, sell;
    if (ss_economy_quote_stake(r->econ, netuid, &pool, front_rao, 0, false, &buy) != SS_TX_OK ||
        ss_economy_quote_stake(r->econ, netuid, &pool, tao_rao, limit_price_rao, false,
                               &victim) != SS_TX_OK ||
        ss_economy_quote_unstake(r->econ, netuid, &pool, buy.alpha_rao, 0, false, &sell) !=
            SS_TX_OK)
        return false;
    *profit = (int64_t)sell.tao_rao - (int64_t)buy.tao_rao;
    return true;
}

/* The front-run that leaves bot the most TAO, or 0 when none beats min_profit_rao. */
static uint64_t plan(const ss_run *r, const ss_staker *bot, uint32_t netuid, uint64_t tao_rao,
                     uint64_t limit_price_rao)
{
    /* Its capital at most: profits are taken out, not put to work. */
    uint64_t cap = ss_ledger_free(&r->ledger, bot->coldkey), best = 0;
    if (cap > bot->cfg->adversary.capital_rao)
        cap = bot->cfg->adversary.capital_rao;
    int64_t best_profit = (int64_t)bot->cfg->adversary.min_profit_rao;
    for (int i = 0; i < CANDIDATES; i++) {
        uint64_t front = (uint64_t)floor((double)cap * pow(2.0, -i / 4.0));
        int64_t profit;
        if (front > 0 && quote_attack(r, netuid, front, tao_rao, limit_price_rao, &profit) &&
            profit > best_profit) {
            best_profit = profit;
            best = front;
        }
    }
    return best;
}

ss_status ss__run_sandwich_front(ss_run *r, const ss_staker *k, uint32_t netuid,
                                 uint64_t tao_rao, uint64_t limit_price_rao, ss_sandwich *sw,
                                 ss_error *err)
{
    memset(sw, 0, sizeof *sw);
    const ss_econ_subnet *s = ss_economy_subnet_const(r->econ, netuid);
    if (r->honest_only || !s)
        return SS_OK;
    for (uint32_t j = 0; j < r->n_stakers; j++) {
        ss_staker *bot = &r->stakers[j];
        const ss_adversary_config *a = &bot->cfg->adversary;
        if (a->kind != SS_ADV_SANDWICH || a->target_netuid != netuid || bot == k ||
            tao_rao < a->min_victim_rao)
            continue;
        bot->orders_seen++;
        bot->orders_tao += (double)tao_rao;
        uint64_t front = plan(r, bot, netuid, tao_rao, limit_price_rao);
        uint32_t hk = ss__run_delegate(r, netuid);
        if (front == 0 || hk == SS_LEDGER_NONE)
            continue;
        /* What the victim's order buys untouched, for its loss. */
        ss_pool clean = s->pool;
        ss_trade quote, tr;
        if (ss_economy_quote_stake(r->econ, netuid, &clean, tao_rao, 0, false, &quote) !=
                SS_TX_OK ||
            ss_economy_stake(r->econ, netuid, front, 0, false, &tr) != SS_TX_OK)
            continue;
        ss_ledger_debit_free(&r->ledger, bot->coldkey, tr.tao_rao);
        ss_status st = ss_ledger_stake_alpha(&r->ledger, hk, bot->coldkey, tr.alpha_rao, err);
        if (st == SS_OK)
            st = ss_ledger_position(&r->ledger, hk, bot->coldkey, false, &sw->pos, err);
        if (st == SS_OK)
            st = ss__run_event(r, netuid, "attack", -1, NULL, bot->coldkey_name,
                               (int64_t)tr.tao_rao, "sandwich: front-run", err);
        sw->bot = bot;
        sw->netuid = netuid;
        sw->spent_rao = tr.tao_rao;
        sw->clean_alpha_rao = quote.alpha_rao;
        sw->victim_tao_rao = tao_rao;
        return st; /* one sandwich per order */
    }
    return SS_OK;
}

ss_status ss__run_sandwich_back(ss_run *r, ss_sandwich *sw, const ss_trade *victim,
                                ss_error *err)
{
    ss_staker *bot = sw->bot;
    if (!bot)
        return SS_OK;
    uint64_t alpha = ss_ledger_alpha_of(&r->ledger, sw->pos), back = 0;
    ss_trade tr;
    if (alpha > 0 && ss_economy_unstake(r->econ, sw->netuid, alpha, 0, false, &tr) == SS_TX_OK) {
        ss_ledger_unstake_alpha(&r->ledger, sw->pos, tr.alpha_rao);
        ss_ledger_credit_free(&r->ledger, bot->coldkey, tr.tao_rao);
        back = tr.tao_rao;
    }
    bot->attacks++;
    bot->attacked_tao += (double)sw->victim_tao_rao;
    bot->profit_rao += (double)back - (double)sw->spent_rao;
    /* The victim's alpha shortfall, valued at the average price it meant to pay. */
    if (victim && sw->clean_alpha_rao > 0)
        bot->victim_loss_rao += (double)sw->victim_tao_rao *
                                (1 - (double)victim->alpha_rao / (double)sw->clean_alpha_rao);
    return ss__run_event(r, sw->netuid, "attack", -1, NULL, bot->coldkey_name, (int64_t)back,
                         "sandwich: back-run", err);
}
