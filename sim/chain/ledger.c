/* The holders' ledger (see ledger.h): balances, share pools, root claims, running totals. */
#include "chain/ledger.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

ss_status ss_ledger_init(ss_ledger *l, uint32_t max_netuid, ss_error *err)
{
    memset(l, 0, sizeof *l);
    l->max_netuid = max_netuid;
    l->alpha_total_rao = calloc((size_t)max_netuid + 1, sizeof *l->alpha_total_rao);
    if (!l->alpha_total_rao)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the ledger");
    return SS_OK;
}

void ss_ledger_fini(ss_ledger *l)
{
    free(l->free_rao);
    free(l->hotkeys);
    free(l->positions);
    free(l->alpha_total_rao);
    memset(l, 0, sizeof *l);
}

/* Grows an array of n elements of size to hold one more (doubling). */
static bool grow(void **a, uint32_t *cap, uint32_t n, size_t size)
{
    if (n < *cap)
        return true;
    uint32_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*a, (size_t)c * size);
    if (!p)
        return false;
    *a = p;
    *cap = c;
    return true;
}

ss_status ss_ledger_add_coldkey(ss_ledger *l, uint32_t *id, ss_error *err)
{
    if (!grow((void **)&l->free_rao, &l->cap_coldkeys, l->n_coldkeys, sizeof *l->free_rao))
        return ss_error_set(err, SS_ENOMEM, "out of memory for coldkeys");
    l->free_rao[l->n_coldkeys] = 0;
    *id = l->n_coldkeys++;
    return SS_OK;
}

ss_status ss_ledger_add_hotkey(ss_ledger *l, uint32_t owner, uint32_t netuid, uint32_t *id,
                               ss_error *err)
{
    if (!grow((void **)&l->hotkeys, &l->cap_hotkeys, l->n_hotkeys, sizeof *l->hotkeys))
        return ss_error_set(err, SS_ENOMEM, "out of memory for hotkeys");
    ss_hotkey_acct *h = &l->hotkeys[l->n_hotkeys];
    memset(h, 0, sizeof *h);
    h->owner = owner;
    h->netuid = netuid;
    h->first = SS_LEDGER_NONE;
    *id = l->n_hotkeys++;
    return SS_OK;
}

uint64_t ss_ledger_free(const ss_ledger *l, uint32_t coldkey)
{
    return l->free_rao[coldkey];
}

void ss_ledger_credit_free(ss_ledger *l, uint32_t coldkey, uint64_t rao)
{
    l->free_rao[coldkey] += rao;
    l->free_total_rao += rao;
}

bool ss_ledger_debit_free(ss_ledger *l, uint32_t coldkey, uint64_t rao)
{
    if (rao > l->free_rao[coldkey])
        return false;
    l->free_rao[coldkey] -= rao;
    l->free_total_rao -= rao;
    return true;
}

ss_status ss_ledger_position(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, bool create,
                             uint32_t *pos, ss_error *err)
{
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    uint32_t last = SS_LEDGER_NONE;
    for (uint32_t p = h->first; p != SS_LEDGER_NONE; p = l->positions[p].next) {
        if (l->positions[p].coldkey == coldkey) {
            *pos = p;
            return SS_OK;
        }
        last = p;
    }
    *pos = SS_LEDGER_NONE;
    if (!create)
        return SS_OK;
    if (!grow((void **)&l->positions, &l->cap_positions, l->n_positions, sizeof *l->positions))
        return ss_error_set(err, SS_ENOMEM, "out of memory for stake positions");
    ss_position *p = &l->positions[l->n_positions];
    memset(p, 0, sizeof *p);
    p->hotkey = hotkey;
    p->coldkey = coldkey;
    p->next = SS_LEDGER_NONE;
    /* Appended at the end of the hotkey's list: iteration order is creation order. */
    if (last == SS_LEDGER_NONE)
        l->hotkeys[hotkey].first = l->n_positions;
    else
        l->positions[last].next = l->n_positions;
    *pos = l->n_positions++;
    return SS_OK;
}

/* floor(total x shares / all), total when shares are all of them. */
static uint64_t share_value(uint64_t total, double shares, double all)
{
    if (total == 0 || !(shares > 0.0) || !(all > 0.0))
        return 0;
    if (shares >= all)
        return total;
    double v = floor((double)total * (shares / all));
    return v >= (double)total ? total : (uint64_t)v;
}

/* Shares worth rao in a pool of total with all shares; a fresh pool starts at 1:1. */
static double shares_for(uint64_t rao, uint64_t total, double all)
{
    return total == 0 || !(all > 0.0) ? (double)rao : (double)rao * (all / (double)total);
}

uint64_t ss_ledger_alpha_of(const ss_ledger *l, uint32_t pos)
{
    const ss_position *p = &l->positions[pos];
    const ss_hotkey_acct *h = &l->hotkeys[p->hotkey];
    return share_value(h->alpha_rao, p->alpha_shares, h->alpha_shares);
}

/* An empty pool forgets shares left over from rounding, so they cannot take new money. */
static void reset_alpha_shares(ss_ledger *l, ss_hotkey_acct *h)
{
    for (uint32_t p = h->first; p != SS_LEDGER_NONE; p = l->positions[p].next)
        l->positions[p].alpha_shares = 0.0;
    h->alpha_shares = 0.0;
}

ss_status ss_ledger_stake_alpha(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, uint64_t rao,
                                ss_error *err)
{
    if (rao == 0)
        return SS_OK;
    uint32_t pos;
    ss_status st = ss_ledger_position(l, hotkey, coldkey, true, &pos, err);
    if (st != SS_OK)
        return st;
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    if (h->alpha_rao == 0)
        reset_alpha_shares(l, h);
    double add = shares_for(rao, h->alpha_rao, h->alpha_shares);
    l->positions[pos].alpha_shares += add;
    h->alpha_shares += add;
    h->alpha_rao += rao;
    l->alpha_total_rao[h->netuid] += rao;
    return SS_OK;
}

bool ss_ledger_unstake_alpha(ss_ledger *l, uint32_t pos, uint64_t rao)
{
    ss_position *p = &l->positions[pos];
    ss_hotkey_acct *h = &l->hotkeys[p->hotkey];
    uint64_t value = ss_ledger_alpha_of(l, pos);
    if (rao > value)
        return false;
    double remove = rao == value ? p->alpha_shares
                                 : fmin(p->alpha_shares, shares_for(rao, h->alpha_rao,
                                                                    h->alpha_shares));
    p->alpha_shares -= remove;
    h->alpha_shares -= remove;
    if (h->alpha_shares < 0.0)
        h->alpha_shares = 0.0;
    h->alpha_rao -= rao;
    l->alpha_total_rao[h->netuid] -= rao;
    return true;
}

void ss_ledger_grow_alpha(ss_ledger *l, uint32_t hotkey, uint64_t rao)
{
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    if (rao == 0)
        return;
    if (!(h->alpha_shares > 0.0)) {
        /* Nobody to share it: it belongs to the hotkey's owner. */
        uint32_t pos;
        if (ss_ledger_position(l, hotkey, h->owner, true, &pos, NULL) == SS_OK) {
            l->positions[pos].alpha_shares = 1.0;
            h->alpha_shares = 1.0;
        }
    }
    h->alpha_rao += rao;
    l->alpha_total_rao[h->netuid] += rao;
}

uint64_t ss_ledger_root_of(const ss_ledger *l, uint32_t pos)
{
    const ss_position *p = &l->positions[pos];
    const ss_hotkey_acct *h = &l->hotkeys[p->hotkey];
    return share_value(h->root_rao, p->root_shares, h->root_shares);
}

/*
** Root dividends accrue per root share, so a change of shares moves what the
** position counts as claimed by the same amount: stake added now does not
** claim dividends paid before, stake removed keeps what it had earned.
*/
static void add_root_shares(ss_position *p, ss_hotkey_acct *h, double shares)
{
    double before = floor(h->root_rate * p->root_shares);
    p->root_shares += shares;
    if (p->root_shares < 0.0)
        p->root_shares = 0.0;
    h->root_shares += shares;
    if (h->root_shares < 0.0)
        h->root_shares = 0.0;
    p->root_claimed += (int64_t)(floor(h->root_rate * p->root_shares) - before);
}

ss_status ss_ledger_stake_root(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, uint64_t rao,
                               ss_error *err)
{
    if (rao == 0)
        return SS_OK;
    uint32_t pos;
    ss_status st = ss_ledger_position(l, hotkey, coldkey, true, &pos, err);
    if (st != SS_OK)
        return st;
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    add_root_shares(&l->positions[pos], h, shares_for(rao, h->root_rao, h->root_shares));
    h->root_rao += rao;
    l->root_total_rao += rao;
    return SS_OK;
}

bool ss_ledger_unstake_root(ss_ledger *l, uint32_t pos, uint64_t rao)
{
    ss_position *p = &l->positions[pos];
    ss_hotkey_acct *h = &l->hotkeys[p->hotkey];
    uint64_t value = ss_ledger_root_of(l, pos);
    if (rao > value)
        return false;
    double remove = rao == value ? p->root_shares
                                 : fmin(p->root_shares, shares_for(rao, h->root_rao,
                                                                   h->root_shares));
    add_root_shares(p, h, -remove);
    h->root_rao -= rao;
    l->root_total_rao -= rao;
    return true;
}

void ss_ledger_grow_root(ss_ledger *l, uint32_t hotkey, uint64_t rao)
{
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    if (rao == 0)
        return;
    if (!(h->root_shares > 0.0)) {
        uint32_t pos;
        if (ss_ledger_position(l, hotkey, h->owner, true, &pos, NULL) == SS_OK)
            add_root_shares(&l->positions[pos], h, 1.0);
    }
    h->root_rao += rao;
    l->root_total_rao += rao;
}

void ss_ledger_root_dividend(ss_ledger *l, uint32_t hotkey, uint64_t alpha_rao)
{
    ss_hotkey_acct *h = &l->hotkeys[hotkey];
    if (alpha_rao > 0 && h->root_shares > 0.0)
        h->root_rate += (double)alpha_rao / h->root_shares;
}

uint64_t ss_ledger_root_owed(const ss_ledger *l, uint32_t pos)
{
    const ss_position *p = &l->positions[pos];
    const ss_hotkey_acct *h = &l->hotkeys[p->hotkey];
    double owed = floor(h->root_rate * p->root_shares) - (double)p->root_claimed;
    return owed > 0.0 ? (uint64_t)owed : 0;
}

void ss_ledger_root_claimed(ss_ledger *l, uint32_t pos, uint64_t rao)
{
    l->positions[pos].root_claimed += (int64_t)rao;
}

uint32_t ss_ledger_subnet_positions(const ss_ledger *l, uint32_t netuid, uint32_t *pos,
                                    uint64_t *value, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t k = 0; k < l->n_hotkeys; k++) {
        const ss_hotkey_acct *h = &l->hotkeys[k];
        if (h->netuid != netuid || h->alpha_rao == 0)
            continue;
        uint64_t left = h->alpha_rao;
        uint32_t last = SS_LEDGER_NONE;
        for (uint32_t p = h->first; p != SS_LEDGER_NONE; p = l->positions[p].next)
            if (l->positions[p].alpha_shares > 0.0)
                last = p;
        for (uint32_t p = h->first; p != SS_LEDGER_NONE; p = l->positions[p].next) {
            if (!(l->positions[p].alpha_shares > 0.0))
                continue;
            uint64_t v = p == last ? left : ss_ledger_alpha_of(l, p);
            left -= v;
            if (n < max) {
                pos[n] = p;
                value[n] = v;
            }
            n++;
        }
    }
    return n;
}

void ss_ledger_clear_subnet(ss_ledger *l, uint32_t netuid)
{
    for (uint32_t k = 0; k < l->n_hotkeys; k++) {
        ss_hotkey_acct *h = &l->hotkeys[k];
        if (h->netuid != netuid)
            continue;
        l->alpha_total_rao[netuid] -= h->alpha_rao;
        h->alpha_rao = 0;
        reset_alpha_shares(l, h);
        /* Root stake stays on the hotkey; its claims on the subnet are discarded. */
        h->netuid = 0;
    }
}

void ss_ledger_holdings(const ss_ledger *l, ss_econ_holdings *h)
{
    h->free_tao_rao = l->free_total_rao;
    h->root_stake_rao = l->root_total_rao;
    h->alpha_stake_rao = l->alpha_total_rao;
}

ss_status ss_ledger_recount(const ss_ledger *l, ss_error *err)
{
    __extension__ unsigned __int128 balances = 0, root = 0;
    for (uint32_t c = 0; c < l->n_coldkeys; c++)
        balances += l->free_rao[c];
    if (balances != l->free_total_rao)
        return ss_error_set(err, SS_EAUDIT,
                            "ledger: coldkey balances sum to %llu, total says %llu",
                            (unsigned long long)balances, (unsigned long long)l->free_total_rao);
    for (uint32_t k = 0; k < l->n_hotkeys; k++)
        root += l->hotkeys[k].root_rao;
    if (root != l->root_total_rao)
        return ss_error_set(err, SS_EAUDIT, "ledger: root stakes sum to %llu, total says %llu",
                            (unsigned long long)root, (unsigned long long)l->root_total_rao);
    __extension__ unsigned __int128 *alpha = calloc((size_t)l->max_netuid + 1, sizeof *alpha);
    if (!alpha)
        return ss_error_set(err, SS_ENOMEM, "ledger: out of memory recounting");
    for (uint32_t k = 0; k < l->n_hotkeys; k++)
        if (l->hotkeys[k].netuid <= l->max_netuid)
            alpha[l->hotkeys[k].netuid] += l->hotkeys[k].alpha_rao;
    for (uint32_t i = 0; i <= l->max_netuid; i++) {
        if (alpha[i] != l->alpha_total_rao[i]) {
            unsigned long long got = (unsigned long long)alpha[i];
            free(alpha);
            return ss_error_set(err, SS_EAUDIT,
                                "ledger: alpha stakes on subnet %u sum to %llu, "
                                "total says %llu", i, got,
                                (unsigned long long)l->alpha_total_rao[i]);
        }
    }
    free(alpha);
    for (uint32_t k = 0; k < l->n_hotkeys; k++) {
        const ss_hotkey_acct *h = &l->hotkeys[k];
        __extension__ unsigned __int128 sum = 0;
        for (uint32_t p = h->first; p != SS_LEDGER_NONE; p = l->positions[p].next)
            sum += ss_ledger_alpha_of(l, p);
        if (sum > h->alpha_rao)
            return ss_error_set(err, SS_EAUDIT,
                                "ledger: positions of hotkey %u are worth %llu alpha, "
                                "it holds %llu", k, (unsigned long long)sum,
                                (unsigned long long)h->alpha_rao);
    }
    return SS_OK;
}
