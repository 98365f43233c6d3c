/*
** Block 0 of a run: every rao that exists is minted here and placed with a
** holder or in a pool: the subnets' pools, validators' alpha stakes and root
** stakes, and the free TAO of everyone who will pay for something (stakers,
** creators, registrants). Then each subnet's owner, validators and miners are
** seated on their UIDs, and the subnets' first epochs are staggered as on chain.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/run_internal.h"

ss_status ss__run_coldkey(ss_run *r, const char *name, uint32_t *id, ss_error *err)
{
    if (ss_strmap_get(&r->coldkeys, name, id))
        return SS_OK;
    ss_status st = ss_ledger_add_coldkey(&r->ledger, id, err);
    if (st == SS_OK && !ss_strmap_put(&r->coldkeys, name, *id))
        st = ss_error_set(err, SS_ENOMEM, "out of memory for coldkey names");
    return st;
}

/* Mints rao as free TAO of a coldkey. */
static void mint_free(ss_run *r, uint32_t coldkey, uint64_t rao)
{
    if (rao == 0)
        return;
    ss_economy_genesis_tao(r->econ, rao);
    ss_ledger_credit_free(&r->ledger, coldkey, rao);
}

/* Mints rao as root stake of (hotkey, coldkey). */
static ss_status mint_root(ss_run *r, uint32_t hotkey, uint32_t coldkey, uint64_t rao,
                           ss_error *err)
{
    if (rao == 0)
        return SS_OK;
    ss_economy_genesis_tao(r->econ, rao);
    ss_economy_root_stake(r->econ, rao);
    ss_status st = ss_ledger_stake_root(&r->ledger, hotkey, coldkey, rao, err);
    uint32_t pos;
    if (st == SS_OK)
        st = ss_ledger_position(&r->ledger, hotkey, coldkey, false, &pos, err);
    if (st == SS_OK)
        st = ss__run_note_root_position(r, pos, err);
    return st;
}

void ss__run_next_epoch(ss_run *r, subnet_run *s)
{
    const ss_econ_subnet *e = ss_economy_subnet_const(r->econ, s->netuid);
    if (!e || e->hp.tempo == 0) {
        s->chain.next_epoch_block = UINT64_MAX;
        return;
    }
    uint64_t tempo = e->hp.tempo;
    if (r->econ->p.scheduler == SS_SCHED_LEGACY) {
        uint64_t b = r->block + 1, period = tempo + 1;
        uint64_t rem = (b + s->netuid + 1) % period;
        s->chain.next_epoch_block = rem ? b + period - rem : b;
    } else if (e->clock.pending_epoch_at) {
        s->chain.next_epoch_block = e->clock.pending_epoch_at;
    } else {
        s->chain.next_epoch_block = e->clock.last_epoch_block + tempo;
    }
}

ss_status ss__run_subnet_open(ss_run *r, const ss_subnet_config *cfg, uint32_t netuid,
                              uint64_t block, uint64_t lock_rao, subnet_run **out,
                              ss_error *err)
{
    if (r->n_subnets >= r->cap_subnets)
        return ss_error_set(err, SS_ERANGE, "no room for another subnet in the run");
    uint32_t index = (uint32_t)r->n_subnets++;
    subnet_run *s = &r->subnets[index];
    memset(s, 0, sizeof *s);
    s->alive = true;
    s->netuid = netuid;
    s->cfg = cfg;
    s->registered_block = block;
    ss_status st = ss_subnet_init(&s->chain, cfg, netuid, err);
    if (st == SS_OK)
        st = ss_population_init(&s->agents, &s->chain, index, r->seed, r->honest_only, err);
    if (st != SS_OK)
        return st;
    size_t n = cfg->max_uids;
    s->out_miner = calloc(8 * n, sizeof *s->out_miner);
    if (!s->out_miner)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", netuid);
    s->out_take = s->out_miner + n;
    s->out_nominator = s->out_miner + 2 * n;
    s->out_root = s->out_miner + 3 * n;
    s->out_root_tao_take = s->out_miner + 4 * n;
    s->out_root_tao_nominator = s->out_miner + 5 * n;
    s->paid_validator = s->out_miner + 6 * n;
    s->prune_reg = s->out_miner + 7 * n;
    st = ss__run_coldkey(r, s->agents.owner_coldkey, &s->owner_coldkey, err);
    if (st != SS_OK)
        return st;
    r->by_netuid[netuid] = s;
    if (r->obs.on_subnet) {
        ss_subnet_view v = {netuid, cfg, block, false, 0, lock_rao};
        st = r->obs.on_subnet(r->obs.ctx, &v, err);
    }
    *out = s;
    return st;
}

ss_status ss__run_seat(ss_run *r, subnet_run *s, uint32_t holder, uint32_t hotkey,
                       int64_t replace_uid, uint64_t block, uint32_t *uid, ss_error *err)
{
    ss_holder_desc d;
    ss_population_describe(&s->agents, holder, &d);
    char name[SS_KEY_MAX];
    if (SS_HOLDER_KIND(holder) == SS_HOLDER_ACTOR) {
        const ss_actor *a = &s->agents.actors[SS_HOLDER_INDEX(holder)];
        snprintf(name, sizeof name, "sn%u-%s-%u-h%u", s->netuid, d.kind, a->agent,
                 a->generation);
        d.hotkey = name;
    }
    ss_uid_holder h = {holder, d.chain_role, hotkey,
                       r->ledger.hotkeys[hotkey].owner == s->owner_coldkey, d.take};
    if (d.chain_role != SS_ROLE_VALIDATOR)
        h.take = r->econ->p.default_take;
    ss_status st = SS_OK;
    if (replace_uid >= 0) {
        *uid = (uint32_t)replace_uid;
        ss_population_vacate(&s->agents, *uid);
        ss_subnet_replace(&s->chain, *uid, &h, block);
    } else {
        st = ss_subnet_register(&s->chain, &h, block, uid, err);
        if (st != SS_OK)
            return st;
    }
    const ss_hotkey_acct *acct = &r->ledger.hotkeys[hotkey];
    s->chain.stake_rao[*uid] = acct->alpha_rao;
    s->chain.root_rao[*uid] = acct->root_rao;
    ss_population_seat(&s->agents, holder, *uid, acct->alpha_rao);
    if (r->obs.on_neuron) {
        ss_neuron_view nv = {
            .netuid = s->netuid,
            .uid = *uid,
            .hotkey = d.hotkey,
            .coldkey = d.coldkey,
            .role = d.role,
            .agent_kind = d.kind,
            .adversary = d.adversary,
            .true_quality = d.quality,
            .latency_ms = d.latency_ms,
            .registered_block = block,
            .stake_rao = acct->alpha_rao,
        };
        st = r->obs.on_neuron(r->obs.ctx, &nv, err);
    }
    return st;
}

/* The economy's side of a scenario subnet: its constants and starting state. */
static void configure_econ(ss_run *r, const ss_subnet_config *c, bool genesis)
{
    ss_econ_subnet *e = ss_economy_subnet(r->econ, c->netuid);
    e->hp = c->econ;
    e->owner_cut = c->owner_cut;
    e->alpha_base_rao = c->alpha_emission_rao;
    e->burn_rao = c->econ.burn_initial_rao;
    e->clock.last_epoch_block = ss_epoch_initial_last_block(c->netuid, c->econ.tempo, r->block);
    if (genesis) {
        e->emission_enabled = c->emission_enabled;
        double p = ss_pool_price(&e->pool);
        e->moving_price = isnan(c->moving_price) ? (p < 1.0 ? p : 1.0) : c->moving_price;
        /* Subnets running before block 0 are staggered as on chain (block - netuid mod
        ** tempo): the first epoch comes tempo - (netuid mod tempo) blocks in. */
        uint32_t tempo = c->econ.tempo;
        if (tempo > 0 && r->econ->p.scheduler == SS_SCHED_DYNAMIC && c->netuid % tempo)
            e->clock.pending_epoch_at = tempo - c->netuid % tempo;
    }
}

/* A scenario subnet at block 0: pool, agents, money, UIDs, permits. */
static ss_status genesis_subnet(ss_run *r, const ss_subnet_config *c, ss_error *err)
{
    ss_status st = ss_economy_genesis_subnet(r->econ, c->netuid, c->pool_tao_rao,
                                             c->pool_alpha_rao, c->started, err);
    if (st != SS_OK)
        return st;
    configure_econ(r, c, true);
    subnet_run *s;
    if ((st = ss__run_subnet_open(r, c, c->netuid, 0, 0, &s, err)) != SS_OK)
        return st; /* s is not set */
    uint32_t n = ss_population_genesis_count(&s->agents);
    for (uint32_t i = 0; i < n && st == SS_OK; i++) {
        uint32_t holder = ss_population_genesis_holder(&s->agents, i), ck, hk, uid;
        ss_holder_desc d;
        ss_population_describe(&s->agents, holder, &d);
        st = ss__run_coldkey(r, d.coldkey, &ck, err);
        if (st == SS_OK)
            st = ss_ledger_add_hotkey(&r->ledger, ck, c->netuid, &hk, err);
        if (st != SS_OK)
            break;
        mint_free(r, ck, d.balance_rao);
        if (d.stake_rao) {
            st = ss_economy_genesis_alpha(r->econ, c->netuid, d.stake_rao, err);
            if (st == SS_OK)
                st = ss_ledger_stake_alpha(&r->ledger, hk, ck, d.stake_rao, err);
        }
        if (st == SS_OK)
            st = mint_root(r, hk, ck, d.root_stake_rao, err);
        if (st == SS_OK)
            st = ss__run_seat(r, s, holder, hk, -1, 0, &uid, err);
    }
    /* Registration actors and arriving miners pay from TAO minted now. */
    for (uint32_t i = 0; i < s->agents.n_actors && st == SS_OK; i++) {
        uint32_t ck;
        const ss_actor *a = &s->agents.actors[i];
        st = ss__run_coldkey(r, a->coldkey, &ck, err);
        if (st == SS_OK)
            mint_free(r, ck, a->cfg->balance_rao);
    }
    for (size_t g = 0; g < c->n_miner_groups && st == SS_OK; g++) {
        const ss_arrivals *a = &c->miners[g].arrivals;
        if (a->count == 0)
            continue;
        char name[SS_KEY_MAX];
        uint32_t ck;
        snprintf(name, sizeof name, "ck-sn%u-arrivals-g%zu", c->netuid, g);
        st = ss__run_coldkey(r, name, &ck, err);
        if (st == SS_OK)
            mint_free(r, ck, (uint64_t)a->count * a->balance_rao);
    }
    /* The subnet has been running: permits as an epoch at genesis would give them. */
    if (st == SS_OK)
        st = ss_subnet_genesis_permits(&s->chain, err);
    if (st == SS_OK)
        ss__run_next_epoch(r, s);
    return st;
}

ss_status ss__run_genesis(ss_run *r, ss_error *err)
{
    const ss_scenario *sc = r->sc;
    ss_status st = ss_economy_reserve(r->econ, 256, err);
    ss_economy_begin_block(r->econ, 0);
    for (size_t i = 0; i < sc->n_subnets && st == SS_OK; i++)
        st = genesis_subnet(r, &sc->subnets[i], err);
    if (st == SS_OK)
        st = ss__run_stakers_init(r, err);
    for (size_t i = 0; i < sc->network.n_creators && st == SS_OK; i++) {
        ss_creator *c = &r->creators[i];
        c->cfg = &sc->network.creators[i];
        c->next_block = c->cfg->first_block;
        char name[SS_KEY_MAX];
        snprintf(name, sizeof name, "ck-creator-%s", c->cfg->name);
        st = ss__run_coldkey(r, name, &c->coldkey, err);
        if (st == SS_OK)
            mint_free(r, c->coldkey, c->cfg->balance_rao);
    }
    if (st == SS_OK && r->audit) {
        ss_econ_holdings h;
        ss_ledger_holdings(&r->ledger, &h);
        st = ss_economy_audit(r->econ, &h, &r->audit_result, err);
    }
    return st;
}
