/*
** The run metrics of one subnet (docs/metrics.md), computed from what the
** population accumulated: adversaries' capture against their stake and the
** utility they served, copiers' dividend ratio G, honest validators' loss
** against a baseline, concentration, and how well incentive tracks quality.
*/
#include "agents/population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool ss_population_has_adversaries(const ss_population *p)
{
    if (p->n_actors > 0 || p->metrics.adversary_paid_total > 0)
        return true;
    for (uint32_t uid = 0; uid < p->chain->n; uid++)
        if (p->metrics.adversary[uid])
            return true;
    for (uint32_t k = 0; k < p->n_validators; k++)
        if (p->validators[k].cfg->adversary.kind != SS_ADV_NONE)
            return true;
    for (uint32_t k = 0; k < p->n_miners; k++)
        if (p->miners[k].cfg && p->miners[k].cfg->adversary.kind != SS_ADV_NONE)
            return true;
    return false;
}

/* Dividends per unit of initial stake of validator k. */
static double dps(const ss_population *p, uint32_t k)
{
    uint32_t uid = p->validators[k].uid;
    if (uid == SS_NO_UID)
        return 0;
    return p->initial_stake[uid] > 0 ? p->metrics.validator_paid[uid] / p->initial_stake[uid] : 0;
}

double ss_population_honest_dps(const ss_population *p)
{
    double paid = 0, stake = 0;
    for (uint32_t k = 0; k < p->n_validators; k++) {
        const ss_validator *v = &p->validators[k];
        if (v->cfg->adversary.kind != SS_ADV_NONE || v->uid == SS_NO_UID)
            continue;
        paid += p->metrics.validator_paid[v->uid];
        stake += p->initial_stake[v->uid];
    }
    return stake > 0 ? paid / stake : NAN;
}


size_t ss_population_metrics(const ss_population *p, double baseline_honest_dps,
                             ss_metric_value *out, size_t max)
{
    const ss_metrics *mt = &p->metrics;
    uint32_t n = p->chain->n;
    size_t count = 0;
    double *scratch = calloc(4 * (size_t)(n + p->n_miners + p->n_validators) + 4, sizeof *scratch);
    if (!scratch)
        return 0;

    /* Shares over the run, whoever held the UIDs; stakes of the holders now. */
    double total = mt->paid_total, adv = mt->adversary_paid_total;
    double mined = mt->miner_paid_total, adv_mined = mt->adversary_miner_paid_total;
    double stake = 0, adv_stake = 0;
    for (uint32_t uid = 0; uid < n; uid++) {
        stake += p->initial_stake[uid];
        if (mt->adversary[uid])
            adv_stake += p->initial_stake[uid];
    }
    bool any = ss_population_has_adversaries(p);
    if (any) {
        ss_metric_put(out, max, &count, "adversary_emission_share", NULL, total > 0 ? adv / total : 0);
        ss_metric_put(out, max, &count, "adversary_stake_share", NULL, stake > 0 ? adv_stake / stake : 0);
        /* Miners' incentive only: comparable with the share of utility they served. */
        ss_metric_put(out, max, &count, "adversary_miner_emission_share", NULL,
            mined > 0 ? adv_mined / mined : 0);
        ss_metric_put(out, max, &count, "adversary_utility_share", NULL,
            mt->utility > 0 ? mt->adversary_utility / mt->utility : 0);
    }

    ss_metric_put(out, max, &count, "gini_emission", NULL, ss_gini(mt->paid, n, scratch));
    ss_metric_put(out, max, &count, "nakamoto_emission", NULL, ss_nakamoto(mt->paid, n, scratch));

    /* Miners holding UIDs: mean true quality while they held it against what they earned. */
    double *q = scratch, *e = scratch + p->n_miners, *rank_scratch = scratch + 2 * p->n_miners;
    uint32_t nm = 0;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        uint32_t uid = p->miners[k].uid;
        if (uid == SS_NO_UID)
            continue;
        q[nm] = mt->epochs_held[uid] ? mt->quality_sum[uid] / (double)mt->epochs_held[uid]
                                     : p->miners[k].quality;
        e[nm++] = mt->miner_paid[uid];
    }
    ss_metric_put(out, max, &count, "quality_incentive_rank_corr", NULL,
        ss_spearman(q, e, nm, rank_scratch));

    /* Validators: dividends per stake; G for each weight copier against the honest median. */
    double *honest = scratch;
    uint32_t nh = 0;
    for (uint32_t k = 0; k < p->n_validators; k++)
        if (p->validators[k].cfg->adversary.kind == SS_ADV_NONE &&
            p->validators[k].uid != SS_NO_UID)
            honest[nh++] = dps(p, k);
    double median = nh ? ss_median(honest, nh) : NAN;
    for (uint32_t k = 0; k < p->n_validators; k++) {
        const ss_validator *v = &p->validators[k];
        ss_adversary_kind kind = v->cfg->adversary.kind;
        if (kind == SS_ADV_NONE || v->uid == SS_NO_UID)
            continue;
        double g = median > 0 ? dps(p, k) / median : NAN;
        if (kind == SS_ADV_WEIGHT_COPIER)
            ss_metric_put(out, max, &count, "copier_dividend_ratio", v->hotkey, g);
        else
            ss_metric_put(out, max, &count, "adversary_dividend_ratio", v->hotkey, g);
    }
    double h = ss_population_honest_dps(p);
    if (!isnan(h))
        ss_metric_put(out, max, &count, "honest_dividend_per_stake", NULL, h);
    if (any && !isnan(h) && !isnan(baseline_honest_dps) && baseline_honest_dps > 0)
        ss_metric_put(out, max, &count, "honest_dividend_loss", NULL, 1 - h / baseline_honest_dps);
    free(scratch);
    return count;
}
