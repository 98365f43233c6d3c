/*
** Entry and exit during a run (spec/emission.md §5): a UID registered by
** burn, replacing the UID the chain prunes when the subnet is full; a subnet
** registered by a creator for the lock cost, dissolving the weakest subnet
** past its immunity when the network is full; and the dissolution itself,
** pool TAO back to stakers.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/run_internal.h"

/*
** The UID a registration on full subnet s replaces now, or -1. A subnet of
** the scenario has been running before block 0: its genesis UIDs are past
** their immunity. The clock is shifted by the immunity period to say so
** (registration order, which breaks ties, is kept).
*/
static int64_t uid_to_prune(ss_run *r, subnet_run *s, uint64_t block)
{
    const ss_econ_subnet_params *hp = &ss_economy_subnet_const(r->econ, s->netuid)->hp;
    /* A UID taken this block is never replaced in the same block. */
    uint64_t period = hp->immunity_period ? hp->immunity_period : 1;
    bool genesis = s->registered_block == 0;
    for (uint32_t u = 0; u < s->chain.n; u++) {
        uint64_t reg = s->chain.registered_block[u];
        s->prune_reg[u] = genesis && reg == 0 ? 0 : reg + period;
    }
    ss_uid_prune_input in = {
        .n = s->chain.n,
        .emission_rao = s->chain.emission_rao,
        .registered_block = s->prune_reg,
        .owner_owned = s->chain.owner_owned,
        .owner_hotkey_uid = s->chain.n > 0 && s->chain.role[0] == SS_ROLE_OWNER ? 0 : -1,
        .immune_owner_uids_limit = hp->immune_owner_uids_limit,
        .immunity_period = period,
        .min_non_immune = hp->min_non_immune_uids,
        .block = block + period,
    };
    return ss_uid_to_prune(&in);
}

/* The coldkey a registrant pays from; an arriving miner's is funded from its group's reserve. */
static ss_status payer(ss_run *r, subnet_run *s, uint32_t holder, const ss_holder_desc *d,
                       uint32_t *ck, ss_error *err)
{
    uint32_t id;
    if (ss_strmap_get(&r->coldkeys, d->coldkey, ck))
        return SS_OK;
    ss_status st = ss__run_coldkey(r, d->coldkey, ck, err);
    if (st != SS_OK || SS_HOLDER_KIND(holder) != SS_HOLDER_MINER)
        return st;
    const ss_miner *m = &s->agents.miners[SS_HOLDER_INDEX(holder)];
    char name[SS_KEY_MAX];
    snprintf(name, sizeof name, "ck-sn%u-arrivals-g%u", s->netuid, m->group);
    if (ss_strmap_get(&r->coldkeys, name, &id) &&
        ss_ledger_debit_free(&r->ledger, id, m->cfg->arrivals.balance_rao))
        ss_ledger_credit_free(&r->ledger, *ck, m->cfg->arrivals.balance_rao);
    return SS_OK;
}

static ss_status register_one(ss_run *r, subnet_run *s, uint32_t holder, uint64_t block,
                              ss_error *err)
{
    ss_population *p = &s->agents;
    ss_holder_desc d;
    ss_population_describe(p, holder, &d);
    uint64_t burn = ss_economy_burn_price(r->econ, s->netuid);
    if (!ss_economy_subnet_const(r->econ, s->netuid)->hp.registration_allowed ||
        burn > ss_population_max_burn(p, holder)) {
        ss_population_refused(p, holder, false);
        return SS_OK;
    }
    uint32_t ck;
    ss_status st = payer(r, s, holder, &d, &ck, err);
    if (st != SS_OK)
        return st;
    if (ss_ledger_free(&r->ledger, ck) < burn) {
        ss_population_refused(p, holder, true);
        return SS_OK;
    }
    int64_t replace = -1;
    if (s->chain.n >= s->chain.n_max && (replace = uid_to_prune(r, s, block)) < 0) {
        ss_population_refused(p, holder, false); /* every UID is protected */
        return SS_OK;
    }
    ss_trade tr;
    if (ss_economy_register_uid(r->econ, s->netuid, &tr) != SS_TX_OK) {
        ss_population_refused(p, holder, false);
        return SS_OK;
    }
    if (!ss_ledger_debit_free(&r->ledger, ck, tr.tao_rao))
        return ss__run_fail(r, err, SS_EINVAL, "a registrant paid more than it holds");
    uint32_t hk, uid;
    st = ss_ledger_add_hotkey(&r->ledger, ck, s->netuid, &hk, err);
    if (st == SS_OK && replace >= 0) {
        ss_holder_desc old;
        ss_population_describe(p, p->holder[replace], &old);
        bool actor = SS_HOLDER_KIND(p->holder[replace]) == SS_HOLDER_ACTOR;
        if (r->obs.on_deregister)
            st = r->obs.on_deregister(r->obs.ctx, s->netuid, (uint32_t)replace, block, err);
        if (st == SS_OK)
            st = ss__run_event(r, s->netuid, "deregister", replace, actor ? NULL : old.hotkey,
                               old.coldkey, -1, "pruned", err);
    }
    if (st == SS_OK)
        st = ss__run_seat(r, s, holder, hk, replace, block, &uid, err);
    if (st != SS_OK)
        return st;
    bool actor = SS_HOLDER_KIND(holder) == SS_HOLDER_ACTOR;
    const char *hotkey = actor ? NULL : d.hotkey;
    st = ss__run_event(r, s->netuid, "register", uid, hotkey, d.coldkey, (int64_t)tr.tao_rao,
                       d.adversary ? d.kind : NULL, err);
    if (st == SS_OK && actor)
        st = ss__run_event(r, s->netuid, "attack", uid, NULL, d.coldkey, (int64_t)tr.tao_rao,
                           d.kind, err);
    ss_population_registered(p, holder, tr.tao_rao, block);
    return st;
}

ss_status ss__run_registrations(ss_run *r, subnet_run *s, uint64_t block, ss_error *err)
{
    uint32_t holders[128];
    uint32_t n = ss_population_registrants(&s->agents, block, holders, 128);
    ss_status st = SS_OK;
    for (uint32_t i = 0; i < n && st == SS_OK; i++)
        st = register_one(r, s, holders[i], block, err);
    return st;
}

ss_status ss__run_dissolve(ss_run *r, uint32_t netuid, uint64_t block, ss_error *err)
{
    subnet_run *s = r->by_netuid[netuid];
    ss_ledger *l = &r->ledger;
    uint32_t n = ss_ledger_subnet_positions(l, netuid, NULL, NULL, 0);
    uint32_t *pos = malloc(((size_t)n + 1) * sizeof *pos);
    uint64_t *value = malloc(((size_t)n + 1) * sizeof *value);
    uint64_t *tao = malloc(((size_t)n + 1) * sizeof *tao);
    ss_status st = SS_OK;
    if (!pos || !value || !tao)
        st = ss_error_set(err, SS_ENOMEM, "out of memory dissolving subnet %u", netuid);
    if (st == SS_OK) {
        ss_ledger_subnet_positions(l, netuid, pos, value, n);
        st = ss_economy_dissolve_subnet(r->econ, netuid, n, value, tao, err);
    }
    uint64_t returned = 0;
    for (uint32_t k = 0; k < n && st == SS_OK; k++) {
        ss_ledger_credit_free(l, l->positions[pos[k]].coldkey, tao[k]);
        returned += tao[k];
    }
    free(pos);
    free(value);
    free(tao);
    if (st != SS_OK)
        return st;
    ss_ledger_clear_subnet(l, netuid);
    if (s) {
        for (uint32_t u = 0; u < s->chain.n && st == SS_OK && r->obs.on_deregister; u++)
            st = r->obs.on_deregister(r->obs.ctx, netuid, u, block, err);
        s->alive = false;
        r->by_netuid[netuid] = NULL;
        if (st == SS_OK && r->obs.on_subnet) {
            ss_subnet_view v = {netuid, s->cfg, s->registered_block, true, block, 0};
            st = r->obs.on_subnet(r->obs.ctx, &v, err);
        }
    }
    if (st == SS_OK)
        st = ss__run_event(r, netuid, "subnet_dissolve", -1, NULL, NULL, (int64_t)returned,
                           "pool TAO returned to stakers", err);
    return st;
}

/* A creator's new subnet: pool from the lock, owner and agents from the template. */
static ss_status open_created(ss_run *r, ss_creator *c, uint32_t netuid, uint64_t lock,
                              uint64_t block, ss_error *err)
{
    ss_subnet_config *cfg = malloc(sizeof *cfg);
    if (!cfg)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", netuid);
    *cfg = c->cfg->subnet; /* its pointers stay the template's, owned by the scenario */
    cfg->netuid = netuid;
    ss_econ_subnet *e = ss_economy_subnet(r->econ, netuid);
    e->hp = cfg->econ;
    e->owner_cut = cfg->owner_cut;
    e->alpha_base_rao = cfg->alpha_emission_rao;
    e->burn_rao = cfg->econ.burn_initial_rao;
    e->clock.last_epoch_block = ss_epoch_initial_last_block(netuid, cfg->econ.tempo, block);
    e->emission_enabled = c->cfg->emission_enabled;
    subnet_run *s;
    ss_status st = ss__run_subnet_open(r, cfg, netuid, block, lock, &s, err);
    if (st != SS_OK) {
        if (r->n_subnets == 0 || r->subnets[r->n_subnets - 1].cfg != cfg)
            free(cfg);
        else
            r->subnets[r->n_subnets - 1].own_cfg = cfg;
        return st;
    }
    s->own_cfg = cfg;
    s->start_pending = ss_economy_start_call(r->econ, netuid) != SS_TX_OK;
    uint32_t n = ss_population_genesis_count(&s->agents);
    for (uint32_t i = 0; i < n && st == SS_OK; i++) {
        uint32_t holder = ss_population_genesis_holder(&s->agents, i), ck, hk, uid;
        ss_holder_desc d;
        ss_population_describe(&s->agents, holder, &d);
        st = ss__run_coldkey(r, d.coldkey, &ck, err);
        if (st == SS_OK)
            st = ss_ledger_add_hotkey(&r->ledger, ck, netuid, &hk, err);
        /* The creator stakes each validator's stake_tao for it through the new pool. */
        ss_trade tr;
        uint64_t spend = d.stake_rao < ss_ledger_free(&r->ledger, c->coldkey)
                             ? d.stake_rao : ss_ledger_free(&r->ledger, c->coldkey);
        if (st == SS_OK && spend > 0 &&
            ss_economy_stake(r->econ, netuid, spend, 0, false, &tr) == SS_TX_OK) {
            ss_ledger_debit_free(&r->ledger, c->coldkey, tr.tao_rao);
            st = ss_ledger_stake_alpha(&r->ledger, hk, ck, tr.alpha_rao, err);
        }
        if (st == SS_OK)
            st = ss__run_seat(r, s, holder, hk, -1, block, &uid, err);
    }
    if (st == SS_OK)
        st = ss_subnet_genesis_permits(&s->chain, err);
    ss__run_next_epoch(r, s);
    char detail[96];
    snprintf(detail, sizeof detail, "%s (%s)", c->cfg->name, cfg->name);
    if (st == SS_OK)
        st = ss__run_event(r, netuid, "subnet_register", -1, NULL, NULL, (int64_t)lock, detail,
                           err);
    return st;
}

ss_status ss__run_creators(ss_run *r, uint64_t block, ss_error *err)
{
    ss_status st = SS_OK;
    for (size_t i = 0; i < r->sc->network.n_creators && st == SS_OK; i++) {
        ss_creator *c = &r->creators[i];
        if (c->created >= c->cfg->count || block < c->next_block)
            continue;
        c->next_block = block + c->cfg->every_blocks;
        uint64_t cost = ss_economy_lock_cost(r->econ);
        if (cost > c->cfg->max_lock_rao || cost > ss_ledger_free(&r->ledger, c->coldkey))
            continue;
        if (ss_economy_subnet_count(r->econ) >= r->econ->p.subnet_limit) {
            uint32_t victim = ss_economy_subnet_to_prune(r->econ);
            if (victim == 0)
                continue; /* every subnet is immune */
            st = ss__run_dissolve(r, victim, block, err);
            if (st != SS_OK)
                break;
        }
        uint32_t netuid;
        uint64_t lock;
        if (ss_economy_register_subnet(r->econ, &netuid, &lock) != SS_TX_OK)
            continue;
        if (!ss_ledger_debit_free(&r->ledger, c->coldkey, lock))
            return ss__run_fail(r, err, SS_EINVAL, "a creator paid more than it holds");
        c->created++;
        st = open_created(r, c, netuid, lock, block, err);
    }
    return st;
}
