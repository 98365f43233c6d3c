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


/* Dividends per unit of stake-epoch (the stake each epoch used) of uid; NaN without stake. */
static double dps_epochs(const ss_population *p, uint32_t uid)
{
    double st = p->metrics.stake_epochs[uid];
    return st > 0 ? p->metrics.validator_paid[uid] / st : NAN;
}

/*
** Each bond gamer (a validator group; detail its coldkey): its dividends per stake-epoch
** over all its hotkeys against the median honest validator's, and the share of its
** dividends paid to hotkeys whose stake it had moved away (bonds without stake).
*/
static size_t bond_gamer_metrics(const ss_population *p, double *scratch, ss_metric_value *out,
                                 size_t max)
{
    size_t count = 0;
    uint32_t nh = 0;
    for (uint32_t k = 0; k < p->n_validators; k++) {
        uint32_t uid = p->validators[k].uid;
        if (p->validators[k].cfg->adversary.kind == SS_ADV_NONE && uid != SS_NO_UID &&
            !isnan(dps_epochs(p, uid)))
            scratch[nh++] = dps_epochs(p, uid);
    }
    double median = nh ? ss_median(scratch, nh) : NAN;
    const ss_subnet_config *c = p->chain->cfg;
    for (size_t g = 0; g < c->n_validator_groups; g++) {
        if (c->validators[g].adversary.kind != SS_ADV_BOND_GAMER)
            continue;
        double paid = 0, stake = 0, parked = 0;
        const char *who = NULL;
        for (uint32_t k = 0; k < p->n_validators; k++) {
            const ss_validator *v = &p->validators[k];
            if (v->group != g || v->uid == SS_NO_UID)
                continue;
            who = v->coldkey;
            paid += p->metrics.validator_paid[v->uid];
            stake += p->metrics.stake_epochs[v->uid];
            parked += v->parked_paid;
        }
        if (!who)
            continue;
        double mine = stake > 0 ? paid / stake : NAN;
        ss_metric_put(out, max, &count, "bond_gamer_dividend_ratio", who,
            median > 0 ? mine / median : NAN);
        ss_metric_put(out, max, &count, "bond_gamer_parked_dividend_share", who,
            paid > 0 ? parked / paid : NAN);
    }
    return count;
}

/*
** Lottery traders (trading): the share of the miners' incentive their zero-skill UIDs won,
** and how many of them, and of the other miners, the drawdown cut eliminated at some time.
*/
static size_t lottery_metrics(const ss_population *p, ss_metric_value *out, size_t max)
{
    size_t count = 0;
    double paid = 0, tickets = 0, cut = 0, others = 0, others_cut = 0;
    bool (*eliminated)(const ss_task *, uint32_t) = p->task.desc->ever_eliminated;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        const ss_miner *m = &p->miners[k];
        if (m->uid == SS_NO_UID)
            continue;
        bool out_now = eliminated && eliminated(&p->task, k);
        if (m->cfg->adversary.kind == SS_ADV_LOTTERY) {
            paid += p->metrics.miner_paid[m->uid];
            tickets++;
            cut += out_now;
        } else {
            others++;
            others_cut += out_now;
        }
    }
    if (tickets == 0)
        return 0;
    double mined = p->metrics.miner_paid_total;
    ss_metric_put(out, max, &count, "zero_skill_capture", NULL, mined > 0 ? paid / mined : 0);
    ss_metric_put(out, max, &count, "lottery_uid_share", NULL, tickets / (tickets + others));
    ss_metric_put(out, max, &count, "elimination_rate", NULL, cut / tickets);
    ss_metric_put(out, max, &count, "honest_elimination_rate", NULL,
        others > 0 ? others_cut / others : NAN);
    return count;
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
    /* Incentive error (spec §5.1): how far the miners' shares of incentive are from their
    ** shares of true utility (quality), and Kendall's tau between the two. */
    ss_metric_put(out, max, &count, "incentive_error", NULL, ss_share_l1(e, q, nm));
    ss_metric_put(out, max, &count, "incentive_error_kendall_tau", NULL,
        ss_kendall_tau(q, e, nm));

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
        else if (kind != SS_ADV_BOND_GAMER) /* its stake moves: per group, below */
            ss_metric_put(out, max, &count, "adversary_dividend_ratio", v->hotkey, g);
    }
    count += bond_gamer_metrics(p, scratch, out + count, max - count);
    count += lottery_metrics(p, out + count, max - count);
    double h = ss_population_honest_dps(p);
    if (!isnan(h))
        ss_metric_put(out, max, &count, "honest_dividend_per_stake", NULL, h);
    if (any && !isnan(h) && !isnan(baseline_honest_dps) && baseline_honest_dps > 0)
        ss_metric_put(out, max, &count, "honest_dividend_loss", NULL, 1 - h / baseline_honest_dps);
    free(scratch);
    return count;
}
