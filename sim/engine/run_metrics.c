/*
** Metrics only the economy can tell (docs/metrics.md): what the stake pumper
** gained in emission share per TAO-day of capital against the baseline run,
** what registration actors (immunity cyclers, UID snipers) earned for the
** burns they paid, and how much miner incentive reached third parties when
** the owner mines its own subnet.
*/
#include <math.h>
#include <stdio.h>

#include "engine/run_internal.h"


/* Share-blocks of the live subnet netuid in a run (NaN without that run). */
static double share_blocks(const ss_run *r, uint32_t netuid)
{
    if (!r)
        return NAN;
    const subnet_run *s = r->by_netuid[netuid];
    return s ? s->share_blocks : 0;
}

static size_t pumper_metrics(const ss_run *r, const ss_run *base, const subnet_run *s,
                             ss_metric_value *out, size_t max)
{
    size_t n = 0;
    for (uint32_t j = 0; j < r->n_stakers; j++) {
        const ss_staker *k = &r->stakers[j];
        if (k->cfg->adversary.kind != SS_ADV_STAKE_PUMPER ||
            k->cfg->adversary.target_netuid != s->netuid)
            continue;
        double tao_days = k->tao_blocks / SS_BLOCKS_PER_DAY;
        double gained = (share_blocks(r, s->netuid) - share_blocks(base, s->netuid)) /
                        SS_BLOCKS_PER_DAY;
        /* Share-days of TAO emission gained per TAO-day of capital (spec X2). */
        ss_metric_put(out, max, &n, "pumper_share_gain_per_tao_day", k->coldkey_name,
            tao_days > 0 ? gained / tao_days : NAN);
        ss_metric_put(out, max, &n, "pumper_share_days_gained", k->coldkey_name, gained);
        ss_metric_put(out, max, &n, "pumper_tao_days", k->coldkey_name, tao_days);
        ss_metric_put(out, max, &n, "pumper_return", k->coldkey_name,
            k->tao_spent_rao ? ((double)k->tao_back_rao - (double)k->tao_spent_rao) /
                                   (double)k->tao_spent_rao
                             : NAN);
    }
    return n;
}

static size_t actor_metrics(const ss_run *r, const subnet_run *s, ss_metric_value *out,
                            size_t max)
{
    const ss_population *p = &s->agents;
    size_t n = 0;
    if (p->n_actors == 0)
        return 0;
    const ss_econ_subnet *e = ss_economy_subnet_const(r->econ, s->netuid);
    double price = e ? ss_pool_price(&e->pool) : 0;
    double paid = 0, burned = 0, uid_blocks = 0;
    for (uint32_t i = 0; i < p->n_actors; i++) {
        paid += p->actors[i].paid_rao;
        burned += (double)p->actors[i].burned_rao;
        uid_blocks += (double)p->actors[i].uid_blocks;
    }
    double mined = p->metrics.miner_paid_total;
    /* Incentive and dividends to UIDs that did no work, of all miners' incentive. */
    ss_metric_put(out, max, &n, "zero_work_incentive_share", NULL, mined > 0 ? paid / mined : 0);
    ss_metric_put(out, max, &n, "zero_work_alpha", NULL, paid / SS_RAO_PER_TAO);
    ss_metric_put(out, max, &n, "registration_burn_tao", NULL, burned / SS_RAO_PER_TAO);
    /* What the registrations returned, valued at the pool price now, per TAO burned. */
    ss_metric_put(out, max, &n, "registration_roi", NULL,
        burned > 0 ? (paid * price - burned) / burned : NAN);
    ss_metric_put(out, max, &n, "squat_uid_days", NULL, uid_blocks / SS_BLOCKS_PER_DAY);
    ss_metric_put(out, max, &n, "squat_cost_tao_per_uid_day", NULL,
        uid_blocks > 0 ? burned / SS_RAO_PER_TAO / (uid_blocks / SS_BLOCKS_PER_DAY) : NAN);
    return n;
}

static size_t owner_metrics(const ss_run *r, const ss_run *base, const subnet_run *s,
                            ss_metric_value *out, size_t max)
{
    size_t n = 0;
    bool owner_mines = false;
    for (size_t g = 0; g < s->cfg->n_miner_groups; g++)
        owner_mines |= s->cfg->miners[g].adversary.kind == SS_ADV_OWNER_MINER;
    if (!owner_mines)
        return 0;
    /* Miner incentive that reached miners other than the owner's own hotkeys. */
    ss_metric_put(out, max, &n, "third_party_miner_share", NULL,
        s->incentive_rao > 0 ? (s->incentive_rao - s->withheld_rao) / s->incentive_rao : NAN);
    ss_metric_put(out, max, &n, "owner_withheld_alpha", NULL, s->withheld_rao / SS_RAO_PER_TAO);
    double blocks = r->sc->blocks ? (double)r->sc->blocks : 1;
    ss_metric_put(out, max, &n, "emission_share_mean", NULL, s->share_blocks / blocks);
    if (base)
        ss_metric_put(out, max, &n, "emission_share_vs_baseline", NULL,
            share_blocks(base, s->netuid) > 0
                ? s->share_blocks / share_blocks(base, s->netuid) : NAN);
    return n;
}

size_t ss__run_economy_metrics(const ss_run *r, const ss_run *base, const subnet_run *s,
                               ss_metric_value *out, size_t max)
{
    size_t n = pumper_metrics(r, base, s, out, max);
    n += actor_metrics(r, s, out + n, max - n);
    n += owner_metrics(r, base, s, out + n, max - n);
    return n;
}
