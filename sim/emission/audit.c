/*
** The money audit: issued TAO (and each subnet's issued alpha) against where
** every rao is, exactly. The holders' side comes from the caller's ledger.
*/
#include "subnetsim/economy.h"

#include <stdio.h>

#include "econ_internal.h"

/* Sums without overflow (a wrapped sum could hide a difference). */
static ss_u128 alpha_booked(const ss_econ_subnet *s)
{
    return (ss_u128)s->pending_server_rao + s->pending_validator_rao + s->pending_root_rao
           + s->pending_owner_rao + s->draining_rao + s->protocol_alpha_rao
           + s->root_claimable_rao + s->alpha_burned_rao + s->alpha_unowned_rao;
}

static unsigned long long lo(ss_u128 v)
{
    return v > UINT64_MAX ? UINT64_MAX : (unsigned long long)v;
}

/* "+12" or "-12": accounted minus issued. */
static void diff_text(ss_u128 issued, ss_u128 accounted, char *buf, size_t size)
{
    if (accounted >= issued)
        snprintf(buf, size, "+%llu", lo(accounted - issued));
    else
        snprintf(buf, size, "-%llu", lo(issued - accounted));
}

ss_status ss_economy_audit(const ss_economy *e, const ss_econ_holdings *h,
                           ss_econ_audit *out, ss_error *err)
{
    ss_econ_audit a = {0, 0, 0, 0, 0};
    ss_u128 accounted = (ss_u128)h->free_tao_rao + e->root_tao_rao + e->external_tao_rao
                        + e->author_tao_rao + e->tao_burned_rao + e->tao_recycled_rao;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        const ss_econ_subnet *s = &e->subnets[i];
        if (s->exists)
            accounted += (ss_u128)s->pool.tao_rao + s->account_tao_rao + s->pending_root_tao_rao
                         + s->draining_tao_rao;
    }
    a.issued_rao = e->tao_minted_rao;
    a.accounted_rao = lo(accounted);
    if (out)
        *out = a;
    char diff[48];
    if (accounted != e->tao_minted_rao) {
        diff_text(e->tao_minted_rao, accounted, diff, sizeof diff);
        return ss_error_set(err, SS_EAUDIT,
                            "block %llu: TAO issued %llu, accounted %llu (difference %s rao)",
                            (unsigned long long)e->block, (unsigned long long)e->tao_minted_rao,
                            lo(accounted), diff);
    }
    if (e->total_issuance_rao != e->tao_minted_rao - e->tao_recycled_rao)
        return ss_error_set(err, SS_EAUDIT,
                            "block %llu: TotalIssuance %llu is not minted %llu - recycled %llu",
                            (unsigned long long)e->block,
                            (unsigned long long)e->total_issuance_rao,
                            (unsigned long long)e->tao_minted_rao,
                            (unsigned long long)e->tao_recycled_rao);
    if (h->root_stake_rao != e->root_tao_rao) {
        diff_text(e->root_tao_rao, h->root_stake_rao, diff, sizeof diff);
        return ss_error_set(err, SS_EAUDIT,
                            "block %llu: root stakes sum to %llu, root holds %llu "
                            "(difference %s rao)",
                            (unsigned long long)e->block,
                            (unsigned long long)h->root_stake_rao,
                            (unsigned long long)e->root_tao_rao, diff);
    }
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        const ss_econ_subnet *s = &e->subnets[i];
        uint64_t held = h->alpha_stake_rao ? h->alpha_stake_rao[i] : 0;
        if (!s->exists) {
            if (held != 0)
                return ss_error_set(err, SS_EAUDIT,
                                    "block %llu: %llu alpha staked on dissolved subnet %u",
                                    (unsigned long long)e->block, (unsigned long long)held, i);
            continue;
        }
        ss_u128 outside = alpha_booked(s) + held;
        ss_u128 alpha = outside + s->pool.alpha_rao + s->alpha_recycled_rao;
        bool bad = alpha != s->alpha_issued_rao
                   || (ss_u128)s->alpha_out_rao + s->pool.alpha_rao + s->alpha_recycled_rao
                          != s->alpha_issued_rao;
        if (bad) {
            a.bad_netuid = i;
            a.alpha_issued_rao = s->alpha_issued_rao;
            a.alpha_accounted_rao = lo(alpha);
            if (out)
                *out = a;
            diff_text(s->alpha_issued_rao, alpha, diff, sizeof diff);
            return ss_error_set(err, SS_EAUDIT,
                                "block %llu: subnet %u alpha issued %llu, accounted %llu "
                                "(difference %s rao; alpha out %llu, outside the pool %llu)",
                                (unsigned long long)e->block, i,
                                (unsigned long long)s->alpha_issued_rao, lo(alpha), diff,
                                (unsigned long long)s->alpha_out_rao, lo(outside));
        }
    }
    return SS_OK;
}
