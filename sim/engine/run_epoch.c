/*
** One subnet's epoch (spec/emission.md §3.4-§3.5): the economy drains the
** pending buckets, Yuma runs on the UIDs' stakes from the holders' ledger,
** the economy distributes the drain (miner incentive, owner-withheld
** incentive, root and alpha dividends, validator take, owner cut) and the run
** pays every rao it says into the ledger. Then the agents react and the
** observer sees the epoch.
*/
#include <string.h>

#include "engine/run_internal.h"

/* Credits one epoch's outputs for UID u to the ledger. */
static ss_status pay_uid(ss_run *r, subnet_run *s, uint32_t u, ss_error *err)
{
    ss_ledger *l = &r->ledger;
    uint32_t hk = s->chain.hotkey[u], owner = l->hotkeys[hk].owner;
    ss_status st = ss_ledger_stake_alpha(l, hk, owner, s->out_miner[u] + s->out_take[u], err);
    if (st != SS_OK)
        return st;
    ss_ledger_grow_alpha(l, hk, s->out_nominator[u]);
    ss_ledger_root_dividend(l, hk, s->out_root[u]);
    if (s->out_root_tao_take[u]) {
        uint32_t pos;
        st = ss_ledger_stake_root(l, hk, owner, s->out_root_tao_take[u], err);
        if (st == SS_OK)
            st = ss_ledger_position(l, hk, owner, false, &pos, err);
        if (st == SS_OK)
            st = ss__run_note_root_position(r, pos, err);
    }
    ss_ledger_grow_root(l, hk, s->out_root_tao_nominator[u]);
    s->paid_validator[u] = s->out_take[u] + s->out_nominator[u];
    return st;
}

static void refresh_stakes(ss_run *r, subnet_run *s)
{
    for (uint32_t u = 0; u < s->chain.n; u++) {
        const ss_hotkey_acct *h = &r->ledger.hotkeys[s->chain.hotkey[u]];
        s->chain.stake_rao[u] = h->alpha_rao;
        s->chain.root_rao[u] = h->root_rao;
    }
}

static ss_status observe(ss_run *r, subnet_run *s, uint64_t block, const ss_yuma_output *y,
                         const ss_dist_output *out, ss_error *err)
{
    const ss_econ_subnet *es = ss_economy_subnet_const(r->econ, s->netuid);
    uint64_t miner = 0, validator = 0, root = 0;
    for (uint32_t u = 0; u < s->chain.n; u++) {
        miner += s->out_miner[u];
        validator += s->paid_validator[u];
        root += s->out_root[u];
    }
    s->incentive_rao += (double)(miner + out->withheld_rao);
    s->withheld_rao += (double)out->withheld_rao;
    /* Everything minted for the subnet since its last epoch that no holder was paid. */
    uint64_t burned = out->withheld_rao + out->ck_burn_rao + out->unowned_rao + s->leaked_rao;
    ss_epoch_view ev = {
        .netuid = s->netuid,
        .epoch = ++r->epoch_count[s->netuid],
        .block = block,
        .issued_rao = s->alpha_out_rao,
        .owner_rao = out->owner_cut_rao,
        .miner_rao = miner,
        .validator_rao = validator,
        .burned_rao = burned,
        .n = s->chain.n,
        .stake_rao = s->chain.stake_rao,
        .miner_paid_rao = s->out_miner,
        .validator_paid_rao = s->paid_validator,
        .yuma = y,
        .weights = s->chain.rows,
        .consensus = s->chain.yuma,
        .last = s->chain.next_epoch_block > r->sc->blocks,
        .root_rao = root,
        .has_pool = true,
        .tao_reserve_rao = es->pool.tao_rao,
        .alpha_reserve_rao = es->pool.alpha_rao,
        .alpha_outstanding_rao = es->alpha_out_rao,
        .tao_in_rao = s->tao_in_rao,
        .price = ss_pool_price(&es->pool),
        .moving_price = es->moving_price,
        .emission_share = es->last.share,
    };
    s->alpha_out_rao = s->leaked_rao = s->tao_in_rao = 0;
    ss_status st = SS_OK;
    if (r->obs.on_epoch)
        st = r->obs.on_epoch(r->obs.ctx, &ev, err);
    if (st == SS_OK && r->obs.on_metric && ss_population_has_adversaries(&s->agents))
        st = r->obs.on_metric(r->obs.ctx, s->netuid, ev.epoch, "adversary_emission_share", "",
                              s->agents.metrics.last_epoch_adversary_share, err);
    return st;
}

ss_status ss__run_epoch(ss_run *r, subnet_run *s, uint64_t block, ss_error *err)
{
    ss_drain d;
    ss_economy_drain(r->econ, s->netuid, &d);
    refresh_stakes(r, s);
    const ss_yuma_output *y = NULL;
    ss_status st = SS_OK;
    if (!r->no_consensus) {
        st = ss_subnet_yuma(&s->chain, block, d.server_rao + d.validator_rao + d.root_rao, &y,
                            err);
        if (st != SS_OK)
            return ss__run_fail(r, err, st, "epoch");
    } else {
        s->chain.epochs++;
        s->chain.last_step_block = block;
    }
    ss_dist_input in = {
        .n = s->chain.n,
        .incentive = y ? y->incentive : NULL,
        .dividends = y ? y->dividends : NULL,
        .alpha_stake_rao = s->chain.stake_rao,
        .root_stake_rao = s->chain.root_rao,
        .take = s->chain.take,
        .owner_owned = s->chain.owner_owned,
    };
    ss_dist_output out = {s->out_miner, s->out_take, s->out_nominator, s->out_root,
                          s->out_root_tao_take, s->out_root_tao_nominator,
                          0, 0, 0, 0, 0, 0, 0, 0};
    st = ss_economy_distribute(r->econ, s->netuid, &d, &in, &out, err);
    if (st != SS_OK)
        return ss__run_fail(r, err, st, "distribution");
    for (uint32_t u = 0; u < s->chain.n && st == SS_OK; u++)
        st = pay_uid(r, s, u, err);
    /* The owner cut goes to the owner's hotkey, UID 0. */
    if (st == SS_OK && s->chain.n > 0)
        st = ss_ledger_stake_alpha(&r->ledger, s->chain.hotkey[0], s->owner_coldkey,
                                   out.owner_cut_rao, err);
    if (st != SS_OK)
        return st;
    refresh_stakes(r, s);
    ss__run_next_epoch(r, s);
    ss_epoch_pay pay = {y, s->out_miner, s->paid_validator, out.owner_cut_rao};
    ss_population_after_epoch(&s->agents, &pay);
    return observe(r, s, block, y, &out, err);
}
