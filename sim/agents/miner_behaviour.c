/*
** How miners answer: honestly from their traits through the task kind, or as
** an adversary — relaying to the best miner, spoofing latency, overfitting to
** synthetic queries, or lying about capacity.
**
** Kinds agree on one convention used here: metric[0] is an answer's main
** quality measure, so a relayed answer's perturbation applies to it.
*/
#include "agents/behaviour.h"

#include <math.h>

ss_adversary_kind ss_miner_kind(const ss_population *p, const ss_miner *m)
{
    return p->honest_only ? SS_ADV_NONE : m->cfg->adversary.kind;
}

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static void honest(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a)
{
    p->task.desc->answer(&p->task, q, m, a);
}

static void check_timeout(const ss_population *p, ss_answer *a)
{
    double timeout = (double)p->task.cfg->timeout_ms;
    if (a->latency_ms >= timeout) {
        a->latency_ms = timeout;
        a->timed_out = true;
        a->utility = 0;
    }
}

/* The miner everyone can see earned most at the last epoch, other than m. */
static ss_miner *best_visible(ss_population *p, const ss_miner *m)
{
    ss_miner *best = NULL;
    double top = 0;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        ss_miner *o = &p->miners[k];
        if (o->uid == SS_NO_UID)
            continue;
        double inc = p->last_incentive[o->uid];
        if (o != m && inc > top) {
            top = inc;
            best = o;
        }
    }
    return best;
}

static void output_copier(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a)
{
    const ss_adversary_config *c = &m->cfg->adversary;
    ss_miner *target = best_visible(p, m);
    if (!target || !ss_rng_bernoulli(&m->rng_answer, c->fraction_copied)) {
        honest(p, q, m, a);
        return;
    }
    /* A relay: the target really serves the query (its capacity and streams). */
    honest(p, q, target, a);
    a->latency_ms += c->lag_ms;
    a->reported_latency_ms = a->latency_ms;
    if (c->perturbation_sd > 0 && !a->error) {
        a->metric[0] = clamp01(a->metric[0] + ss_rng_normal(&m->rng_answer, 0, c->perturbation_sd));
        a->utility = clamp01(a->utility + ss_rng_normal(&m->rng_answer, 0, c->perturbation_sd));
    }
    check_timeout(p, a);
}

static void latency_spoofer(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a)
{
    const ss_adversary_config *c = &m->cfg->adversary;
    honest(p, q, m, a);
    /* Serving high-stake validators first makes the others wait. */
    if (c->low_stake_slowdown > 1 && p->n_validators > 0 &&
        q->stake_share < 1.0 / p->n_validators) {
        a->latency_ms *= c->low_stake_slowdown;
        check_timeout(p, a);
    }
    a->reported_latency_ms = fmax(1.0, a->latency_ms - c->reported_offset_ms);
}

static void overfitter(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a)
{
    const ss_adversary_config *c = &m->cfg->adversary;
    bool spotted = !q->organic && ss_rng_bernoulli(&m->rng_answer, c->p_detect);
    double own = m->quality;
    m->quality = spotted ? c->quality_synthetic : c->quality_organic;
    honest(p, q, m, a);
    m->quality = own;
    /* What it is worth to users is what it gives users. */
    if (!a->error && !a->timed_out)
        a->utility = c->quality_organic;
}

void ss_miner_answer(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a)
{
    switch (ss_miner_kind(p, m)) {
    case SS_ADV_OUTPUT_COPIER:
        output_copier(p, q, m, a);
        break;
    case SS_ADV_LATENCY_SPOOFER:
        latency_spoofer(p, q, m, a);
        break;
    case SS_ADV_OVERFITTER:
        overfitter(p, q, m, a);
        break;
    default:
        /* Sybils, cabal miners and capacity liars answer from their (set-up) traits. */
        honest(p, q, m, a);
        break;
    }
}
