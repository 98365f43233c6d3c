/*
** The bond gamer's stake hops (docs/adversaries.md, catalogue V6): after every
** hop_every_epochs-th epoch of its subnet, the operator behind a bond_gamer
** validator group moves its alpha from each of the group's hotkeys, all but
** parked_stake_tao, to the next hotkey in turn. A transfer within one subnet is
** no swap and pays no fee (spec/emission.md §4.3), so the hop costs nothing;
** the hotkeys it leaves drop below the permit boundary (or stay just above
** it) holding the bonds they built. What that is worth depends on the bond
** model and on whether the chain clears the bond rows of UIDs that lose their
** permit (consensus.clear_bonds_on_permit_loss).
*/
#include <stdio.h>

#include "engine/run_internal.h"

/* Moves the operator's alpha on group g's hotkeys other than the one of target to it. */
static ss_status hop(ss_run *r, subnet_run *s, size_t g, uint32_t target, ss_error *err)
{
    ss_population *p = &s->agents;
    const ss_adversary_config *a = &s->cfg->validators[g].adversary;
    const ss_validator *to = &p->validators[target];
    uint32_t to_hk = s->chain.hotkey[to->uid];
    ss_status st = SS_OK;
    for (uint32_t k = 0; k < p->n_validators && st == SS_OK; k++) {
        ss_validator *v = &p->validators[k];
        if (v->group != g || v->uid == SS_NO_UID)
            continue;
        v->parked = k != target;
        if (k == target)
            continue;
        uint32_t hk = s->chain.hotkey[v->uid], owner = r->ledger.hotkeys[hk].owner, pos;
        st = ss_ledger_position(&r->ledger, hk, owner, false, &pos, err);
        if (st != SS_OK || pos == SS_LEDGER_NONE)
            continue;
        uint64_t value = ss_ledger_alpha_of(&r->ledger, pos);
        if (value <= a->parked_stake_rao)
            continue;
        uint64_t amount = value - a->parked_stake_rao;
        ss_move mv;
        if (ss_economy_move_stake(r->econ, s->netuid, s->netuid, amount, &mv) != SS_TX_OK)
            continue;
        ss_ledger_unstake_alpha(&r->ledger, pos, mv.from_rao);
        st = ss_ledger_stake_alpha(&r->ledger, to_hk, owner, mv.to_rao, err);
        char detail[96];
        snprintf(detail, sizeof detail, "bond_gamer: hop to %s", to->hotkey);
        if (st == SS_OK)
            st = ss__run_event(r, s->netuid, "attack", (int64_t)v->uid, v->hotkey, v->coldkey,
                               (int64_t)mv.to_rao, detail, err);
    }
    return st;
}

ss_status ss__run_bond_gamers(ss_run *r, subnet_run *s, ss_error *err)
{
    if (r->honest_only)
        return SS_OK;
    ss_status st = SS_OK;
    const ss_population *p = &s->agents;
    for (size_t g = 0; g < s->cfg->n_validator_groups && st == SS_OK; g++) {
        const ss_validator_group *vg = &s->cfg->validators[g];
        if (vg->adversary.kind != SS_ADV_BOND_GAMER)
            continue;
        uint64_t every = vg->adversary.hop_every_epochs, epochs = s->chain.epochs;
        if (epochs == 0 || epochs % every != 0)
            continue;
        /* The group's hotkeys in scenario order; the k-th hop goes to the (k mod count)-th. */
        uint32_t members = 0, first = UINT32_MAX;
        for (uint32_t k = 0; k < p->n_validators; k++)
            if (p->validators[k].group == g) {
                first = first == UINT32_MAX ? k : first;
                members++;
            }
        uint32_t target = first + (uint32_t)((epochs / every) % members);
        if (p->validators[target].uid != SS_NO_UID)
            st = hop(r, s, g, target, err);
    }
    return st;
}
