/*
** The network's money movers: stakers of network.stakers (random stake flows
** from their own streams, scheduled actions, the stake pumper), the
** auto-claim of root dividends (NumRootClaim positions a block, in turn), and
** the root validators' weights of the root_weights rule. Their metrics are in
** run_metrics.c.
**
** A staker stakes on a subnet through its pool, nominating the validator with
** the most stake there; on root it nominates the largest validator of one of
** its subnets (its index picks which, so a group spreads over them).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/run_internal.h"

ss_status ss__run_note_root_position(ss_run *r, uint32_t pos, ss_error *err)
{
    for (uint32_t i = 0; i < r->n_root_positions; i++)
        if (r->root_positions[i] == pos)
            return SS_OK;
    if (r->n_root_positions == r->cap_root_positions) {
        uint32_t cap = r->cap_root_positions ? 2 * r->cap_root_positions : 64;
        uint32_t *p = realloc(r->root_positions, cap * sizeof *p);
        if (!p)
            return ss_error_set(err, SS_ENOMEM, "out of memory for root stakes");
        r->root_positions = p;
        r->cap_root_positions = cap;
    }
    r->root_positions[r->n_root_positions++] = pos;
    return SS_OK;
}

/* The validator hotkey with the most alpha stake on netuid (the owner's when none). */
static uint32_t delegate(const ss_run *r, uint32_t netuid)
{
    const subnet_run *s = r->by_netuid[netuid];
    if (!s)
        return SS_LEDGER_NONE;
    uint32_t best = s->chain.n ? s->chain.hotkey[0] : SS_LEDGER_NONE;
    uint64_t top = 0;
    for (uint32_t u = 0; u < s->chain.n; u++) {
        uint64_t a = r->ledger.hotkeys[s->chain.hotkey[u]].alpha_rao;
        if (s->chain.role[u] == SS_ROLE_VALIDATOR && (a > top || best == s->chain.hotkey[0])) {
            top = a;
            best = s->chain.hotkey[u];
        }
    }
    return best;
}

/*
** The hotkey a staker nominates on root: the largest validator of one of its
** subnets, taken in turn by the staker's index so that a group's root stake
** spreads over the subnets (a hotkey's root stake weighs on its own subnet).
*/
static uint32_t root_delegate(const ss_run *r, const ss_staker *k)
{
    uint32_t live[1024], n = 0;
    if (k->cfg->n_netuids) {
        for (size_t i = 0; i < k->cfg->n_netuids && n < 1024; i++)
            if (r->by_netuid[k->cfg->netuids[i]])
                live[n++] = k->cfg->netuids[i];
    } else {
        for (uint32_t i = 1; i <= r->econ->max_netuid && n < 1024; i++)
            if (r->by_netuid[i])
                live[n++] = i;
    }
    return n ? delegate(r, live[k->index % n]) : SS_LEDGER_NONE;
}

static ss_status remember_hotkey(ss_staker *k, uint32_t hk, ss_error *err)
{
    for (uint32_t i = 0; i < k->n_hotkeys; i++)
        if (k->hotkeys[i] == hk)
            return SS_OK;
    if (k->n_hotkeys == k->cap_hotkeys) {
        uint32_t cap = k->cap_hotkeys ? 2 * k->cap_hotkeys : 4;
        uint32_t *p = realloc(k->hotkeys, cap * sizeof *p);
        if (!p)
            return ss_error_set(err, SS_ENOMEM, "out of memory for a staker's stakes");
        k->hotkeys = p;
        k->cap_hotkeys = cap;
    }
    k->hotkeys[k->n_hotkeys++] = hk;
    return SS_OK;
}

/* Stakes tao_rao of k's free TAO on netuid. */
static ss_status stake(ss_run *r, ss_staker *k, uint32_t netuid, uint64_t tao_rao,
                       uint64_t *spent, ss_error *err)
{
    *spent = 0;
    uint64_t free_rao = ss_ledger_free(&r->ledger, k->coldkey);
    if (tao_rao > free_rao)
        tao_rao = free_rao;
    uint32_t hk = delegate(r, netuid);
    ss_trade tr;
    if (tao_rao == 0 || hk == SS_LEDGER_NONE ||
        ss_economy_stake(r->econ, netuid, tao_rao, 0, false, &tr) != SS_TX_OK)
        return SS_OK;
    ss_ledger_debit_free(&r->ledger, k->coldkey, tr.tao_rao);
    ss_status st = ss_ledger_stake_alpha(&r->ledger, hk, k->coldkey, tr.alpha_rao, err);
    if (st == SS_OK)
        st = remember_hotkey(k, hk, err);
    *spent = tr.tao_rao;
    if (st == SS_OK)
        st = ss__run_event(r, netuid, "stake", -1, NULL, k->coldkey_name, (int64_t)tr.tao_rao,
                           NULL, err);
    return st;
}

/* Sells fraction of k's alpha on netuid (all its positions there). */
static ss_status unstake(ss_run *r, ss_staker *k, uint32_t netuid, double fraction,
                         uint64_t *received, ss_error *err)
{
    *received = 0;
    ss_status st = SS_OK;
    for (uint32_t i = 0; i < k->n_hotkeys && st == SS_OK; i++) {
        uint32_t hk = k->hotkeys[i], pos;
        if (r->ledger.hotkeys[hk].netuid != netuid)
            continue;
        st = ss_ledger_position(&r->ledger, hk, k->coldkey, false, &pos, err);
        if (st != SS_OK || pos == SS_LEDGER_NONE)
            continue;
        uint64_t value = ss_ledger_alpha_of(&r->ledger, pos);
        uint64_t alpha = fraction >= 1.0 ? value : (uint64_t)floor((double)value * fraction);
        ss_trade tr;
        if (alpha == 0 || ss_economy_unstake(r->econ, netuid, alpha, 0, false, &tr) != SS_TX_OK)
            continue;
        ss_ledger_unstake_alpha(&r->ledger, pos, tr.alpha_rao);
        ss_ledger_credit_free(&r->ledger, k->coldkey, tr.tao_rao);
        *received += tr.tao_rao;
        st = ss__run_event(r, netuid, "unstake", -1, NULL, k->coldkey_name, (int64_t)tr.tao_rao,
                           NULL, err);
    }
    return st;
}

/* Moves fraction of k's alpha on from to subnet to (one fee). */
static ss_status move(ss_run *r, ss_staker *k, uint32_t from, uint32_t to, double fraction,
                      ss_error *err)
{
    ss_status st = SS_OK;
    uint32_t dst = delegate(r, to);
    if (dst == SS_LEDGER_NONE)
        return SS_OK;
    for (uint32_t i = 0; i < k->n_hotkeys && st == SS_OK; i++) {
        uint32_t hk = k->hotkeys[i], pos;
        if (r->ledger.hotkeys[hk].netuid != from)
            continue;
        st = ss_ledger_position(&r->ledger, hk, k->coldkey, false, &pos, err);
        if (st != SS_OK || pos == SS_LEDGER_NONE)
            continue;
        uint64_t value = ss_ledger_alpha_of(&r->ledger, pos);
        uint64_t alpha = fraction >= 1.0 ? value : (uint64_t)floor((double)value * fraction);
        ss_move mv;
        if (alpha == 0 || ss_economy_move_stake(r->econ, from, to, alpha, &mv) != SS_TX_OK)
            continue;
        ss_ledger_unstake_alpha(&r->ledger, pos, mv.from_rao);
        if (mv.restaked) {
            st = ss_ledger_stake_alpha(&r->ledger, dst, k->coldkey, mv.to_rao, err);
            if (st == SS_OK)
                st = remember_hotkey(k, dst, err);
        } else {
            ss_ledger_credit_free(&r->ledger, k->coldkey, mv.tao_rao);
        }
        char detail[32];
        snprintf(detail, sizeof detail, "to subnet %u", to);
        if (st == SS_OK)
            st = ss__run_event(r, from, "move", -1, NULL, k->coldkey_name, (int64_t)mv.tao_rao,
                               detail, err);
    }
    return st;
}

static ss_status root_stake(ss_run *r, ss_staker *k, uint64_t tao_rao, ss_error *err)
{
    uint64_t free_rao = ss_ledger_free(&r->ledger, k->coldkey);
    if (tao_rao > free_rao)
        tao_rao = free_rao;
    if (k->root_hotkey == SS_LEDGER_NONE)
        k->root_hotkey = root_delegate(r, k);
    if (tao_rao == 0 || k->root_hotkey == SS_LEDGER_NONE)
        return SS_OK;
    ss_economy_root_stake(r->econ, tao_rao);
    ss_ledger_debit_free(&r->ledger, k->coldkey, tao_rao);
    uint32_t pos;
    ss_status st = ss_ledger_stake_root(&r->ledger, k->root_hotkey, k->coldkey, tao_rao, err);
    if (st == SS_OK)
        st = ss_ledger_position(&r->ledger, k->root_hotkey, k->coldkey, false, &pos, err);
    if (st == SS_OK)
        st = ss__run_note_root_position(r, pos, err);
    if (st == SS_OK)
        st = ss__run_event(r, 0, "stake", -1, NULL, k->coldkey_name, (int64_t)tao_rao, "root",
                           err);
    return st;
}

static ss_status root_unstake(ss_run *r, ss_staker *k, double fraction, ss_error *err)
{
    uint32_t pos;
    if (k->root_hotkey == SS_LEDGER_NONE)
        return SS_OK;
    ss_status st = ss_ledger_position(&r->ledger, k->root_hotkey, k->coldkey, false, &pos, err);
    if (st != SS_OK || pos == SS_LEDGER_NONE)
        return st;
    uint64_t value = ss_ledger_root_of(&r->ledger, pos);
    uint64_t tao = fraction >= 1.0 ? value : (uint64_t)floor((double)value * fraction);
    if (tao == 0 || ss_economy_root_unstake(r->econ, tao) != SS_TX_OK)
        return SS_OK;
    ss_ledger_unstake_root(&r->ledger, pos, tao);
    ss_ledger_credit_free(&r->ledger, k->coldkey, tao);
    return ss__run_event(r, 0, "unstake", -1, NULL, k->coldkey_name, (int64_t)tao, "root", err);
}

ss_status ss__run_stakers_init(ss_run *r, ss_error *err)
{
    const ss_network_config *n = &r->sc->network;
    uint32_t total = 0;
    for (size_t g = 0; g < n->n_staker_groups; g++)
        total += n->stakers[g].count;
    r->stakers = calloc(total ? total : 1, sizeof *r->stakers);
    if (!r->stakers)
        return ss_error_set(err, SS_ENOMEM, "out of memory for stakers");
    ss_status st = SS_OK;
    for (size_t g = 0; g < n->n_staker_groups && st == SS_OK; g++) {
        const ss_staker_group *cfg = &n->stakers[g];
        for (uint32_t i = 0; i < cfg->count && st == SS_OK; i++) {
            ss_staker *k = &r->stakers[r->n_stakers];
            k->group = (uint32_t)g;
            k->index = i;
            k->cfg = cfg;
            k->root_hotkey = SS_LEDGER_NONE;
            snprintf(k->coldkey_name, sizeof k->coldkey_name, "ck-%s-%u", cfg->name, i);
            /* Streams keyed by (group, index): adding a group changes no one else's draws. */
            ss_rng_stream(&k->rng, r->seed, 0, ((uint32_t)g << 20) | i, SS_RNG_STAKE);
            k->next_action = cfg->flows.per_day > 0
                                 ? ss_rng_exponential(&k->rng,
                                                      SS_BLOCKS_PER_DAY / cfg->flows.per_day)
                                 : INFINITY;
            r->n_stakers++;
            st = ss__run_coldkey(r, k->coldkey_name, &k->coldkey, err);
            if (st != SS_OK)
                break;
            uint64_t root = cfg->root_stake_rao;
            ss_economy_genesis_tao(r->econ, cfg->balance_rao + root);
            ss_ledger_credit_free(&r->ledger, k->coldkey, cfg->balance_rao + root);
            if (root)
                st = root_stake(r, k, root, err);
        }
    }
    return st;
}

void ss__run_stakers_fini(ss_run *r)
{
    for (uint32_t i = 0; r->stakers && i < r->n_stakers; i++)
        free(r->stakers[i].hotkeys);
    free(r->stakers);
}

/* A subnet k trades on, drawn from its list (or every live subnet); 0 when none. */
static uint32_t pick_subnet(ss_run *r, ss_staker *k, uint32_t not)
{
    uint32_t options[256], n = 0;
    if (k->cfg->n_netuids) {
        for (size_t i = 0; i < k->cfg->n_netuids && n < 256; i++)
            if (r->by_netuid[k->cfg->netuids[i]] && k->cfg->netuids[i] != not)
                options[n++] = k->cfg->netuids[i];
    } else {
        for (uint32_t i = 1; i <= r->econ->max_netuid && n < 256; i++)
            if (r->by_netuid[i] && i != not)
                options[n++] = i;
    }
    return n ? options[ss_pcg32_bounded(&k->rng, n)] : 0;
}

/* One random action of k's flows. */
static ss_status random_action(ss_run *r, ss_staker *k, ss_error *err)
{
    const ss_stake_flows *f = &k->cfg->flows;
    double u = ss_rng_uniform(&k->rng);
    uint64_t amount = (uint64_t)llround(ss_dist_draw(&f->amount_tao, &k->rng) * SS_RAO_PER_TAO);
    uint64_t done;
    if (u < f->p_unstake || u < f->p_unstake + f->p_move) {
        /* Out of (or away from) one of the subnets it holds alpha on. */
        uint32_t held[64], n = 0;
        for (uint32_t i = 0; i < k->n_hotkeys && n < 64; i++) {
            uint32_t netuid = r->ledger.hotkeys[k->hotkeys[i]].netuid;
            if (netuid && r->by_netuid[netuid])
                held[n++] = netuid;
        }
        if (n == 0)
            return SS_OK;
        uint32_t from = held[ss_pcg32_bounded(&k->rng, n)];
        if (u < f->p_unstake)
            return unstake(r, k, from, f->fraction, &done, err);
        uint32_t to = pick_subnet(r, k, from);
        return to ? move(r, k, from, to, f->fraction, err) : SS_OK;
    }
    if (u < f->p_unstake + f->p_move + f->p_root)
        return root_stake(r, k, amount, err);
    uint32_t netuid = pick_subnet(r, k, 0);
    return netuid ? stake(r, k, netuid, amount, &done, err) : SS_OK;
}

static ss_status scheduled(ss_run *r, ss_staker *k, const ss_stake_action *a, ss_error *err)
{
    uint64_t done;
    uint64_t amount = a->amount_rao
                          ? a->amount_rao
                          : (uint64_t)floor((double)ss_ledger_free(&r->ledger, k->coldkey) *
                                            a->fraction);
    if (a->kind != SS_ACTION_ROOT_STAKE && a->kind != SS_ACTION_ROOT_UNSTAKE &&
        !r->by_netuid[a->netuid])
        return SS_OK; /* dissolved meanwhile */
    switch (a->kind) {
    case SS_ACTION_STAKE:
        return stake(r, k, a->netuid, amount, &done, err);
    case SS_ACTION_UNSTAKE:
        return unstake(r, k, a->netuid, a->fraction, &done, err);
    case SS_ACTION_MOVE:
        return r->by_netuid[a->to_netuid] ? move(r, k, a->netuid, a->to_netuid, a->fraction, err)
                                          : SS_OK;
    case SS_ACTION_ROOT_STAKE:
        return root_stake(r, k, amount, err);
    case SS_ACTION_ROOT_UNSTAKE:
        return root_unstake(r, k, a->fraction, err);
    default:
        return SS_OK;
    }
}

/*
** The stake pumper: stakes its capital into the target subnet to lift its
** price (and so its moving price and its share of emission), holds, sells
** everything, waits, and again.
*/
static ss_status pumper(ss_run *r, ss_staker *k, uint64_t block, ss_error *err)
{
    const ss_adversary_config *a = &k->cfg->adversary;
    uint32_t target = a->target_netuid;
    ss_status st = SS_OK;
    if (k->phase == 1)
        k->tao_blocks += (double)k->capital_in_rao / SS_RAO_PER_TAO;
    if (k->phase == 0 && block >= (a->start_block ? a->start_block : 1)) {
        k->phase = 2;
        k->phase_block = block;
    }
    if (k->phase == 2 && block >= k->phase_block) {
        if (!r->by_netuid[target] || (a->cycles && k->cycles >= a->cycles)) {
            k->phase = 3;
            return SS_OK;
        }
        uint64_t spent;
        st = stake(r, k, target, a->capital_rao, &spent, err);
        k->capital_in_rao = spent;
        k->phase = 1;
        k->phase_block = block + a->hold_blocks;
        if (st == SS_OK)
            st = ss__run_event(r, target, "attack", -1, NULL, k->coldkey_name, (int64_t)spent,
                               "stake_pumper: enter", err);
    } else if (k->phase == 1 && block >= k->phase_block) {
        uint64_t back;
        st = unstake(r, k, target, 1.0, &back, err);
        /* Returns count closed cycles only. */
        k->tao_spent_rao += k->capital_in_rao;
        k->tao_back_rao += back;
        k->capital_in_rao = 0;
        k->cycles++;
        k->phase = 2;
        k->phase_block = block + a->gap_blocks;
        if (st == SS_OK)
            st = ss__run_event(r, target, "attack", -1, NULL, k->coldkey_name, (int64_t)back,
                               "stake_pumper: exit", err);
    }
    return st;
}

ss_status ss__run_stakers_block(ss_run *r, uint64_t block, ss_error *err)
{
    ss_status st = SS_OK;
    const ss_network_config *n = &r->sc->network;
    for (size_t i = 0; i < n->n_actions && st == SS_OK; i++) {
        const ss_stake_action *a = &n->actions[i];
        if (a->block != block)
            continue;
        for (uint32_t j = 0; j < r->n_stakers && st == SS_OK; j++)
            if (r->stakers[j].group == a->group)
                st = scheduled(r, &r->stakers[j], a, err);
    }
    for (uint32_t j = 0; j < r->n_stakers && st == SS_OK; j++) {
        ss_staker *k = &r->stakers[j];
        if (k->cfg->adversary.kind == SS_ADV_STAKE_PUMPER) {
            if (!r->honest_only)
                st = pumper(r, k, block, err);
            continue;
        }
        while (st == SS_OK && k->next_action <= (double)block) {
            st = random_action(r, k, err);
            k->next_action +=
                ss_rng_exponential(&k->rng, SS_BLOCKS_PER_DAY / k->cfg->flows.per_day);
        }
    }
    return st;
}

/* How a position's owner takes root dividends: stakers by their group, validators swap. */
static ss_claim_type claim_type(const ss_run *r, uint32_t coldkey)
{
    for (uint32_t j = 0; j < r->n_stakers; j++)
        if (r->stakers[j].coldkey == coldkey)
            return r->stakers[j].cfg->claim == SS_CLAIM_KIND_KEEP ? SS_CLAIM_KEEP
                                                                   : SS_CLAIM_SWAP;
    return SS_CLAIM_SWAP;
}

ss_status ss__run_root_claims(ss_run *r, ss_error *err)
{
    uint32_t claims = r->econ->p.num_root_claim;
    ss_status st = SS_OK;
    for (uint32_t c = 0; c < claims && r->n_root_positions > 0 && st == SS_OK; c++) {
        uint32_t pos = r->root_positions[r->claim_cursor++ % r->n_root_positions];
        ss_position *p = &r->ledger.positions[pos];
        uint32_t hk = p->hotkey, ck = p->coldkey;
        uint32_t netuid = r->ledger.hotkeys[hk].netuid;
        uint64_t owed = ss_ledger_root_owed(&r->ledger, pos);
        if (netuid == 0 || owed == 0)
            continue;
        ss_claim_type type = claim_type(r, ck);
        ss_trade tr;
        if (ss_economy_root_claim(r->econ, netuid, owed, type, &tr) != SS_TX_OK)
            continue;
        ss_ledger_root_claimed(&r->ledger, pos, owed);
        if (type == SS_CLAIM_KEEP)
            st = ss_ledger_stake_alpha(&r->ledger, hk, ck, tr.alpha_rao, err);
        else
            st = ss_ledger_stake_root(&r->ledger, hk, ck, tr.tao_rao, err);
    }
    return st;
}

/*
** The root_weights rule: root validators (validators whose hotkeys hold root stake) weight
** the subnets by what they see of their miners' quality, with their own
** noise; the economy turns stakes and rows into shares (§2.5).
*/
ss_status ss__run_root_weights(ss_run *r, uint64_t block, ss_error *err)
{
    uint32_t cols = 0, nv = 0;
    size_t slots = (size_t)r->econ->max_netuid + 1;
    if (!r->root_netuids) {
        r->root_netuids = calloc(slots, sizeof *r->root_netuids);
        if (!r->root_netuids)
            return ss_error_set(err, SS_ENOMEM, "out of memory for root weights");
    }
    double quality[1024];
    for (uint32_t i = 1; i <= r->econ->max_netuid && cols < 1024; i++) {
        const subnet_run *s = r->by_netuid[i];
        if (!s)
            continue;
        double q = 0;
        uint32_t m = 0;
        for (uint32_t k = 0; k < s->agents.n_miners; k++)
            if (s->agents.miners[k].uid != SS_NO_UID) {
                q += s->agents.miners[k].quality;
                m++;
            }
        quality[cols] = m ? q / m : 0;
        r->root_netuids[cols++] = i;
    }
    /* Root validators: the validators holding UIDs whose hotkeys hold root stake. */
    for (size_t i = 0; i < r->n_subnets; i++) {
        const subnet_run *s = &r->subnets[i];
        for (uint32_t u = 0; s->alive && u < s->chain.n; u++)
            nv += s->chain.role[u] == SS_ROLE_VALIDATOR &&
                  r->ledger.hotkeys[s->chain.hotkey[u]].root_rao > 0;
    }
    if (nv == 0 || cols == 0)
        return SS_OK;
    double *stake = realloc(r->root_stake, nv * sizeof *stake);
    if (stake)
        r->root_stake = stake;
    double *w = realloc(r->root_w, (size_t)nv * cols * sizeof *w);
    if (w)
        r->root_w = w;
    if (!stake || !w)
        return ss_error_set(err, SS_ENOMEM, "out of memory for root weights");
    uint32_t v = 0;
    double noise = r->sc->network.root_weight_noise;
    for (size_t i = 0; i < r->n_subnets; i++) {
        const subnet_run *s = &r->subnets[i];
        for (uint32_t u = 0; s->alive && u < s->chain.n; u++) {
            const ss_hotkey_acct *h = &r->ledger.hotkeys[s->chain.hotkey[u]];
            if (s->chain.role[u] != SS_ROLE_VALIDATOR || h->root_rao == 0)
                continue;
            /* Its judgement this root tempo, from a stream keyed by where it sits. */
            ss_pcg32 rng;
            ss_rng_stream(&rng, ss_rng_mix64(r->seed + block), s->netuid, u, SS_RNG_NETWORK);
            stake[v] = (double)h->root_rao;
            for (uint32_t c = 0; c < cols; c++) {
                double x = quality[c] + (noise > 0 ? ss_rng_normal(&rng, 0, noise) : 0);
                w[(size_t)v * cols + c] = x > 0 ? x : 0;
            }
            v++;
        }
    }
    ss_economy_set_root_weights(r->econ, nv, stake, w, cols, r->root_netuids);
    return SS_OK;
}
