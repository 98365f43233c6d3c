/*
** The coinbase of one block (spec §3.0 step 4a-4d): mint E, fold the flows
** into their EMAs, split E across eligible subnets by the configured rule,
** then per subnet inject liquidity (re-weighting the pool so the price holds),
** chain-buy with the excess, mint alpha out and split it into the pending
** buckets. Every minted rao that no subnet takes is recycled.
*/
#include "subnetsim/economy.h"

#include <assert.h>
#include <string.h>

#include "econ_internal.h"

static ss_injection resolve_injection(const ss_econ_params *p)
{
    if (p->injection != SS_INJECT_AUTO)
        return p->injection;
    if (p->split_rule == SS_SPLIT_DTAO_PRICE)
        return p->dtao_subsidy ? SS_INJECT_DTAO_SUBSIDY : SS_INJECT_DTAO_2025;
    return SS_INJECT_ROOT_PROP_CAP;
}

static bool is_dtao(ss_injection m)
{
    return m == SS_INJECT_DTAO_2025 || m == SS_INJECT_DTAO_SUBSIDY;
}

/* Folds the last block's flows into the EMAs and clears the accumulators. */
static void update_flows(ss_economy *e, uint32_t n)
{
    ss_econ_workspace *ws = e->ws;
    double beta = ss_flow_beta(e->p.flow_ema_smoothing_factor);
    for (uint32_t k = 0; k < n; k++) {
        ss_econ_subnet *s = &e->subnets[ws->eligible[k]];
        s->ema_tao_flow = (1.0 - beta) * s->ema_tao_flow + beta * (double)s->tao_flow_rao;
        s->ema_protocol_flow =
            (1.0 - beta) * s->ema_protocol_flow + beta * (double)s->protocol_flow_rao;
    }
    for (uint32_t i = 1; i <= e->max_netuid; i++)
        e->subnets[i].tao_flow_rao = e->subnets[i].protocol_flow_rao = 0;
}

static void compute_shares(ss_economy *e, uint32_t n)
{
    ss_econ_workspace *ws = e->ws;
    for (uint32_t k = 0; k < n; k++) {
        const ss_econ_subnet *s = &e->subnets[ws->eligible[k]];
        switch (e->p.split_rule) {
        case SS_SPLIT_PRICE_EMA:
        case SS_SPLIT_DTAO_PRICE:
            ws->a[k] = s->moving_price;
            ws->b[k] = s->miner_burned;
            if (e->p.price_root_prop_weighting)
                ws->c[k] = ss_root_proportion(e->p.tao_weight, e->root_tao_rao,
                                              s->pool.alpha_rao + s->alpha_out_rao);
            break;
        case SS_SPLIT_TAOFLOW:
            ws->a[k] = s->ema_tao_flow;
            ws->b[k] = s->ema_protocol_flow;
            break;
        case SS_SPLIT_ROOT_WEIGHTS:
            ws->a[k] = s->root_weight_share;
            break;
        case SS_SPLIT_FIXED:
            ws->a[k] = s->hp.fixed_share;
            break;
        }
    }
    switch (e->p.split_rule) {
    case SS_SPLIT_PRICE_EMA:
        ss_shares_price_ema(n, ws->a, ws->b, e->p.price_root_prop_weighting ? ws->c : NULL,
                            ws->share);
        break;
    case SS_SPLIT_DTAO_PRICE:
        ss_shares_dtao_price(n, ws->a, ws->share);
        break;
    case SS_SPLIT_TAOFLOW:
        ss_shares_taoflow(n, ws->a, ws->b, e->p.net_tao_flow_enabled, e->p.tao_flow_cutoff,
                          e->p.flow_norm_exponent, ws->share, NULL);
        break;
    case SS_SPLIT_ROOT_WEIGHTS:
    case SS_SPLIT_FIXED:
        ss_shares_fixed(n, ws->a, ws->share);
        break;
    }
}

/* §3.2: liquidity, chain buy; returns whether the subnet was subsidized. */
static bool inject(ss_economy *e, ss_econ_subnet *s, uint64_t block_emission, double share,
                   ss_injection mode, uint64_t alpha_emission, uint64_t *credit)
{
    ss_econ_block_record *r = &s->last;
    double e_i = (double)block_emission * share;
    r->share = share;
    r->tao_emission = e_i;
    uint64_t issuance = s->pool.alpha_rao + s->alpha_out_rao;
    ss_subnet_terms t;
    ss_subnet_terms_compute(mode, e_i, (double)block_emission, ss_pool_price(&s->pool),
                            (double)alpha_emission,
                            ss_root_proportion(e->p.tao_weight, e->root_tao_rao, issuance), &t);
    uint64_t tao_in = ss__min_u64(ss__floor_rao(t.tao_in), *credit);
    uint64_t alpha_in = ss__floor_rao(t.alpha_in);
    uint64_t buy = ss__min_u64(ss__floor_rao(t.excess_tao), *credit - tao_in);

    /* 1. Re-weight for the deltas so the price holds (Balancer-era rules only;
    **    the dTAO 2025 rules predate weights and move the price instead). */
    if (!is_dtao(mode) && (tao_in || alpha_in)) {
        double w;
        if (ss_pool_injection_weight(&s->pool, tao_in, alpha_in, e->p.balancer_weight_min,
                                     e->p.balancer_weight_max, &w)) {
            s->pool.quote_weight = w;
        } else {
            tao_in = alpha_in = 0; /* refused: that TAO is recycled with the credit */
            r->injection_refused = true;
        }
    }
    /* 2. Chain buy on the pre-injection reserves with the new weights. */
    if (buy > 0) {
        ss_pool_guard g = ss__econ_guard(e);
        ss_swap sw;
        if (ss_pool_quote_buy(&s->pool, buy, 0, false, &g, &sw) == SS_TX_OK) {
            ss_pool_apply_buy(&s->pool, &sw);
            s->alpha_out_rao += sw.out;
            *credit -= buy;
            bool recycle = e->p.protocol_alpha == SS_PROTOCOL_ALPHA_RECYCLE
                           || (e->p.protocol_alpha == SS_PROTOCOL_ALPHA_AUTO
                               && (mode == SS_INJECT_EMISSION_CAP || t.subsidized));
            if (recycle)
                ss__econ_recycle_alpha(s, sw.out);
            else
                s->protocol_alpha_rao += sw.out;
            ss__flow_add(&s->protocol_flow_rao, buy, +1);
            r->chain_buy_tao_rao = buy;
            r->chain_buy_alpha_rao = sw.out;
        }
    }
    /* 3. Inject. */
    s->pool.alpha_rao += alpha_in;
    s->alpha_issued_rao += alpha_in;
    s->pool.tao_rao += tao_in;
    *credit -= tao_in;
    ss__flow_add(&s->protocol_flow_rao, tao_in, +1);
    r->tao_in_rao = tao_in;
    r->alpha_in_rao = alpha_in;
    return t.subsidized;
}

/* §3.3: mint alpha out and split it into the pending buckets. */
static void emit_alpha_out(ss_economy *e, ss_econ_subnet *s, uint64_t alpha_emission,
                           ss_injection mode, bool subsidized)
{
    s->alpha_out_rao += alpha_emission;
    s->alpha_issued_rao += alpha_emission;
    s->last.alpha_out_rao = alpha_emission;
    double rp = ss_root_proportion(e->p.tao_weight, e->root_tao_rao,
                                   s->pool.alpha_rao + s->alpha_out_rao);
    s->last.root_prop = rp;
    ss_alpha_split sp;
    ss_alpha_out_split(alpha_emission, s->owner_cut, s->hp.owner_cut_enabled, rp, &sp);
    s->pending_owner_rao += sp.owner_rao;
    s->pending_server_rao += sp.server_rao;
    s->pending_validator_rao += sp.validator_rao;
    s->alpha_unowned_rao += sp.dust_rao;
    if (sp.root_rao == 0)
        return;
    if (!e->root_sell) {
        ss__econ_recycle_alpha(s, sp.root_rao);
        return;
    }
    if (is_dtao(mode) && !subsidized) {
        /* dTAO 2025: the root share is sold at once, fee-free, and its TAO
        ** waits for the epoch. */
        ss_pool_guard g = ss__econ_guard(e);
        ss_swap sw;
        if (ss_pool_quote_sell(&s->pool, sp.root_rao, 0, false, &g, &sw) == SS_TX_OK) {
            ss_pool_apply_sell(&s->pool, &sw);
            s->alpha_out_rao -= sp.root_rao;
            s->pending_root_tao_rao += sw.out;
            ss__flow_add(&s->protocol_flow_rao, sw.out, -1);
            return;
        }
    }
    s->pending_root_rao += sp.root_rao;
}

void ss_economy_coinbase(ss_economy *e)
{
    uint64_t issued = e->total_issuance_rao, supply = e->p.total_supply_rao;
    uint64_t emission = ss_block_emission(issued, supply, e->p.block_emission_rao);
    if (emission > 0 && emission > supply - issued) /* never mint past the cap */
        emission = supply - issued;
    ss_economy_coinbase_amount(e, emission);
}

void ss_economy_coinbase_amount(ss_economy *e, uint64_t block_emission_rao)
{
    ss_econ_workspace *ws = e->ws;
    e->tao_minted_rao += block_emission_rao;
    e->total_issuance_rao += block_emission_rao;
    e->last_block_emission_rao = block_emission_rao;
    uint64_t credit = block_emission_rao;

    uint32_t n = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        ss_econ_subnet *s = &e->subnets[i];
        if (!s->exists)
            continue;
        memset(&s->last, 0, sizeof s->last);
        if (ss_economy_eligible(e, s)) {
            s->last.eligible = true;
            ws->eligible[n++] = i;
        }
    }
    update_flows(e, n);
    compute_shares(e, n);
    for (uint32_t k = 0; k < n; k++) {
        const ss_econ_subnet *s = &e->subnets[ws->eligible[k]];
        ws->flag[k] = s->emission_enabled;
        ws->a[k] = s->moving_price;
    }
    ss_shares_mask_enabled(n, ws->flag, ws->share);
    e->root_sell = ss_root_sell(n, ws->a, e->p.root_sell_threshold);

    ss_injection mode = resolve_injection(&e->p);
    for (uint32_t k = 0; k < n; k++) {
        ss_econ_subnet *s = &e->subnets[ws->eligible[k]];
        /* α_i and the injection cap use the issuance before this block's mint. */
        uint64_t alpha_emission = ss_block_emission(s->pool.alpha_rao + s->alpha_out_rao,
                                                    e->p.total_supply_rao, s->alpha_base_rao);
        bool subsidized = inject(e, s, block_emission_rao, ws->share[k], mode, alpha_emission,
                                 &credit);
        emit_alpha_out(e, s, alpha_emission, mode, subsidized);
    }
    ss__econ_recycle_tao(e, credit);
    e->last_recycled_credit_rao = credit;
}

void ss_economy_set_root_weights(ss_economy *e, uint32_t nv, const double *stake,
                                 const double *weights, uint32_t n_cols,
                                 const uint32_t *netuids)
{
    ss_econ_workspace *ws = e->ws;
    uint32_t cols = n_cols;
    assert(cols <= ws->n_subnet_slots);
    for (uint32_t i = 1; i <= e->max_netuid; i++)
        e->subnets[i].root_weight_share = 0.0;
    ss_shares_root_weights(nv, stake, weights, cols, e->p.root_rho, e->p.root_kappa,
                           e->p.root_max_validators, ws->share, ws->a);
    for (uint32_t c = 0; c < cols; c++) {
        ss_econ_subnet *s = ss_economy_subnet(e, netuids[c]);
        if (s)
            s->root_weight_share = ws->share[c];
    }
}
