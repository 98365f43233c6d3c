/*
** The economy's lifetime and the frame of a block: creation with its
** workspace, genesis of balances and subnets, start_call and the emission
** switch, the start of a block (burn prices) and its end (moving prices).
*/
#include "subnetsim/economy.h"

#include <stdlib.h>
#include <string.h>

#include "econ_internal.h"
#include "subnetsim/registration.h"

static void ws_free(ss_econ_workspace *ws)
{
    if (!ws)
        return;
    free(ws->eligible);
    free(ws->a);
    free(ws->b);
    free(ws->c);
    free(ws->share);
    free(ws->flag);
    free(ws->flag2);
    free(ws->u64);
    free(ws->inc);
    free(ws->div);
    free(ws->d);
    free(ws->own);
    free(ws->contrib);
    free(ws->childprop);
    free(ws->rootfrac);
    free(ws);
}

ss_status ss__econ_ws_hotkeys(ss_econ_workspace *ws, uint32_t n, ss_error *err)
{
    if (n <= ws->hotkey_cap)
        return SS_OK;
    double **arrays[] = {&ws->inc, &ws->div, &ws->d, &ws->own, &ws->contrib, &ws->childprop,
                         &ws->rootfrac};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        double *p = realloc(*arrays[i], (size_t)n * sizeof(double));
        if (!p)
            return ss_error_set(err, SS_ENOMEM, "out of memory sizing the economy for %u hotkeys",
                                n);
        *arrays[i] = p;
    }
    ws->hotkey_cap = n;
    return SS_OK;
}

ss_status ss_economy_create(const ss_econ_params *p, ss_economy **out, ss_error *err)
{
    *out = NULL;
    ss_status st = ss_econ_params_check(p, err);
    if (st != SS_OK)
        return st;
    ss_economy *e = calloc(1, sizeof *e);
    if (!e)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the economy");
    e->p = *p;
    e->max_netuid = p->subnet_limit;
    size_t slots = (size_t)e->max_netuid + 1;
    e->subnets = calloc(slots, sizeof *e->subnets);
    e->ws = calloc(1, sizeof *e->ws);
    if (e->ws) {
        e->ws->n_subnet_slots = (uint32_t)slots;
        e->ws->eligible = calloc(slots, sizeof(uint32_t));
        e->ws->a = calloc(slots, sizeof(double));
        e->ws->b = calloc(slots, sizeof(double));
        e->ws->c = calloc(slots, sizeof(double));
        e->ws->share = calloc(slots, sizeof(double));
        e->ws->flag = calloc(slots, sizeof(bool));
        e->ws->flag2 = calloc(slots, sizeof(bool));
        e->ws->u64 = calloc(slots, sizeof(uint64_t));
    }
    if (!e->subnets || !e->ws || !e->ws->eligible || !e->ws->a || !e->ws->b || !e->ws->c
        || !e->ws->share || !e->ws->flag || !e->ws->flag2 || !e->ws->u64) {
        ss_economy_destroy(e);
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the economy");
    }
    e->external_tao_rao = p->external_issuance_rao;
    e->tao_minted_rao = p->external_issuance_rao;
    e->total_issuance_rao = p->external_issuance_rao;
    *out = e;
    return SS_OK;
}

void ss_economy_destroy(ss_economy *e)
{
    if (!e)
        return;
    ws_free(e->ws);
    free(e->subnets);
    free(e);
}

ss_status ss_economy_reserve(ss_economy *e, uint32_t n_hotkeys, ss_error *err)
{
    return ss__econ_ws_hotkeys(e->ws, n_hotkeys, err);
}

ss_econ_subnet *ss_economy_subnet(ss_economy *e, uint32_t netuid)
{
    if (netuid == 0 || netuid > e->max_netuid || !e->subnets[netuid].exists)
        return NULL;
    return &e->subnets[netuid];
}

const ss_econ_subnet *ss_economy_subnet_const(const ss_economy *e, uint32_t netuid)
{
    if (netuid == 0 || netuid > e->max_netuid || !e->subnets[netuid].exists)
        return NULL;
    return &e->subnets[netuid];
}

uint32_t ss_economy_subnet_count(const ss_economy *e)
{
    uint32_t n = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++)
        n += e->subnets[i].exists;
    return n;
}

void ss__econ_subnet_init(ss_economy *e, ss_econ_subnet *s, uint32_t netuid)
{
    memset(s, 0, sizeof *s);
    s->exists = true;
    s->netuid = netuid;
    s->hp = e->p.subnet;
    s->owner_cut = e->p.subnet_owner_cut;
    s->alpha_base_rao = e->p.block_emission_rao;
    s->pool.quote_weight = 0.5;
    s->emission_enabled = e->p.new_subnet_emission_enabled;
    s->burn_rao = s->hp.burn_initial_rao;
    s->registered_block = e->block;
    s->clock.last_epoch_block = ss_epoch_initial_last_block(netuid, s->hp.tempo, e->block);
    s->clock.last_success_block = e->block;
}

void ss_economy_genesis_tao(ss_economy *e, uint64_t tao_rao)
{
    e->tao_minted_rao += tao_rao;
    e->total_issuance_rao += tao_rao;
}

ss_status ss_economy_genesis_subnet(ss_economy *e, uint32_t netuid, uint64_t tao_reserve_rao,
                                    uint64_t alpha_reserve_rao, bool started, ss_error *err)
{
    if (netuid == 0 || netuid > e->max_netuid)
        return ss_error_set(err, SS_EINVAL, "economy: netuid %u outside 1..%u (subnet_limit)",
                            netuid, e->max_netuid);
    if (e->subnets[netuid].exists)
        return ss_error_set(err, SS_EINVAL, "economy: subnet %u already exists", netuid);
    if (tao_reserve_rao == 0 || alpha_reserve_rao == 0)
        return ss_error_set(err, SS_EINVAL, "economy: subnet %u needs positive reserves", netuid);
    ss_econ_subnet *s = &e->subnets[netuid];
    ss__econ_subnet_init(e, s, netuid);
    s->pool.tao_rao = tao_reserve_rao;
    s->pool.alpha_rao = alpha_reserve_rao;
    s->alpha_issued_rao = alpha_reserve_rao;
    ss_economy_genesis_tao(e, tao_reserve_rao);
    if (started) {
        s->started = true;
        s->first_emission_block = e->block;
    }
    return SS_OK;
}

ss_status ss_economy_genesis_alpha(ss_economy *e, uint32_t netuid, uint64_t alpha_rao,
                                   ss_error *err)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return ss_error_set(err, SS_EINVAL, "economy: no subnet %u for genesis alpha", netuid);
    s->alpha_out_rao += alpha_rao;
    s->alpha_issued_rao += alpha_rao;
    return SS_OK;
}

ss_tx ss_economy_start_call(ss_economy *e, uint32_t netuid)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (s->started)
        return SS_TX_OK;
    if (e->block < s->registered_block || e->block - s->registered_block < e->p.start_call_delay)
        return SS_TX_TOO_EARLY;
    s->started = true;
    s->first_emission_block = e->block + 1;
    return SS_TX_OK;
}

ss_tx ss_economy_set_emission_enabled(ss_economy *e, uint32_t netuid, bool enabled)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    s->emission_enabled = enabled;
    return SS_TX_OK;
}

bool ss_economy_eligible(const ss_economy *e, const ss_econ_subnet *s)
{
    return s->exists && s->started && e->block >= s->first_emission_block
           && s->hp.registration_allowed;
}

void ss_economy_begin_block(ss_economy *e, uint64_t block)
{
    e->block = block;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        ss_econ_subnet *s = &e->subnets[i];
        if (!s->exists)
            continue;
        s->registrations_this_block = 0;
        if (block <= 1 || s->hp.burn_half_life == 0)
            continue;
        if (s->burn_factor_half_life != s->hp.burn_half_life || s->burn_factor_q32 == 0) {
            s->burn_factor_q32 = ss_burn_decay_factor_q32(s->hp.burn_half_life);
            s->burn_factor_half_life = s->hp.burn_half_life;
        }
        s->burn_rao = ss_burn_decay(s->burn_rao, s->burn_factor_q32, s->hp.min_burn_rao,
                                    s->hp.max_burn_rao);
    }
}

void ss_economy_end_block(ss_economy *e)
{
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        ss_econ_subnet *s = &e->subnets[i];
        if (!ss_economy_eligible(e, s))
            continue;
        uint64_t b = e->block - ss__sat_sub(s->first_emission_block, 1);
        s->moving_price = ss_moving_price_update(s->moving_price, ss_pool_price(&s->pool),
                                                 e->p.subnet_moving_alpha, b,
                                                 s->hp.ema_price_halving_blocks);
    }
}
