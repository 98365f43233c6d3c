/*
** One block, in the chain's order (spec/emission.md §3.0; economy.h): burn
** prices decay, due commits are revealed, the coinbase mints and splits
** the block's TAO and every subnet's alpha, due epochs run (at most
** MaxEpochsPerBlock, the rest wait a block), moving prices move. Then the
** users act, as extrinsics do after on_initialize: root dividends are
** claimed, creators register subnets, miners register, validators set
** weights, stakers stake. With the audit on, every rao is then accounted for.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/run_internal.h"

#define NETWORK_SAMPLE_BLOCKS 360
#define RECOUNT_BLOCKS 7200

ss_status ss__run_event(ss_run *r, uint32_t netuid, const char *kind, int64_t uid,
                        const char *hotkey, const char *coldkey, int64_t amount_rao,
                        const char *detail, ss_error *err)
{
    if (!r->obs.on_event)
        return SS_OK;
    ss_event_view ev = {r->block, netuid, kind, uid, hotkey, coldkey, amount_rao, detail};
    return r->obs.on_event(r->obs.ctx, &ev, err);
}

static uint64_t pending_total(const ss_econ_subnet *e)
{
    return e->pending_server_rao + e->pending_validator_rao + e->pending_root_rao +
           e->pending_owner_rao;
}

static ss_status schedule_answer(void *ctx, uint32_t population, uint32_t slot,
                                 double latency_ms, ss_error *err)
{
    ss_run *r = ctx;
    ss_event ev = {0};
    ev.time_ms = ss_engine_now(r->engine) + (int64_t)ceil(latency_ms);
    ev.priority = PRIO_ANSWER;
    ev.type = EV_ANSWER;
    ev.subnet = population;
    ev.a = slot;
    return ss_engine_schedule(r->engine, &ev, err);
}

/* on_initialize: the chain's own part of the block. */
static ss_status chain_part(ss_run *r, uint64_t block, ss_error *err)
{
    ss_economy *e = r->econ;
    ss_economy_begin_block(e, block);
    for (size_t i = 0; i < r->n_subnets; i++)
        if (r->subnets[i].alive)
            ss_subnet_reveal(&r->subnets[i].chain, block);
    ss_status st = SS_OK;
    if (e->p.split_rule == SS_SPLIT_ROOT_WEIGHTS &&
        (block == 1 || block % r->sc->network.root_tempo == 0))
        st = ss__run_root_weights(r, block, err);
    if (st != SS_OK)
        return st;
    for (size_t i = 0; i < r->n_subnets; i++) {
        subnet_run *s = &r->subnets[i];
        if (s->alive)
            s->pending_before = pending_total(ss_economy_subnet_const(e, s->netuid));
    }
    ss_economy_coinbase(e);
    for (size_t i = 0; i < r->n_subnets; i++) {
        subnet_run *s = &r->subnets[i];
        if (!s->alive)
            continue;
        const ss_econ_subnet *es = ss_economy_subnet_const(e, s->netuid);
        uint64_t entered = pending_total(es) - s->pending_before;
        s->alpha_out_rao += es->last.alpha_out_rao;
        s->leaked_rao += es->last.alpha_out_rao - entered;
        s->tao_in_rao += es->last.tao_in_rao;
        s->share_blocks += es->last.share;
    }
    uint32_t n = ss_economy_epochs(e, r->due, e->max_netuid);
    for (uint32_t i = 0; i < n && st == SS_OK; i++) {
        subnet_run *s = r->by_netuid[r->due[i]];
        if (s)
            st = ss__run_epoch(r, s, block, err);
    }
    ss_economy_end_block(e);
    return st;
}

static ss_status sample_network(ss_run *r, uint64_t block, ss_error *err)
{
    if (!r->obs.on_network)
        return SS_OK;
    const ss_economy *e = r->econ;
    ss_network_view v = {block, e->total_issuance_rao, e->last_block_emission_rao,
                         e->tao_recycled_rao, e->tao_burned_rao, e->root_tao_rao,
                         ss_economy_subnet_count(e)};
    return r->obs.on_network(r->obs.ctx, &v, err);
}

static ss_status audit(ss_run *r, uint64_t block, ss_error *err)
{
    ss_econ_holdings h;
    ss_ledger_holdings(&r->ledger, &h);
    ss_status st = ss_economy_audit(r->econ, &h, &r->audit_result, err);
    if (st == SS_OK && block % RECOUNT_BLOCKS == 0)
        st = ss_ledger_recount(&r->ledger, err);
    return st;
}

ss_status ss__run_block(ss_run *r, uint64_t block, ss_error *err)
{
    r->block = block;
    ss_status st = chain_part(r, block, err);
    /* Created subnets whose start_call was refused (StartCallDelay) try again. */
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        if (s->alive && s->start_pending &&
            ss_economy_start_call(r->econ, s->netuid) == SS_TX_OK)
            s->start_pending = false;
    }
    if (st == SS_OK)
        st = ss__run_root_claims(r, err);
    if (st == SS_OK)
        st = ss__run_creators(r, block, err);
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        if (!s->alive)
            continue;
        st = ss__run_registrations(r, s, block, err);
        if (st == SS_OK)
            st = ss_population_block(&s->agents, block, schedule_answer, r, err);
        ss_population_end_block(&s->agents);
    }
    if (st == SS_OK)
        st = ss__run_stakers_block(r, block, err);
    if (st == SS_OK && r->audit)
        st = audit(r, block, err);
    if (st == SS_OK && (block % NETWORK_SAMPLE_BLOCKS == 0 || block == r->sc->blocks))
        st = sample_network(r, block, err);
    return st;
}
