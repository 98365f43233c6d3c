/*
** A subnet's agents: creation and registration at genesis, the queries and
** weight settings of each block, the scoring of answers, the reaction to
** each epoch, and the metrics accumulated along the way.
*/
#include "agents/population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agents/behaviour.h"
#include "tasks/scoring.h"

void ss_population_fini(ss_population *p)
{
    if (p->scorer)
        ss_scorer_fini(p->scorer);
    free(p->scorer);
    ss_task_fini(&p->task);
    free(p->miners);
    free(p->validators);
    free(p->stats);
    free(p->history);
    free(p->last_weights);
    free(p->miner_uids);
    free(p->last_incentive);
    free(p->copy_rows);
    free(p->copy_stake);
    free(p->copy_col);
    free(p->copy_order);
    free(p->sample);
    free(p->w);
    free(p->w2);
    free(p->w_uids);
    free(p->w_values);
    free(p->inflight);
    free(p->initial_stake);
    ss_metrics_fini(&p->metrics);
    memset(p, 0, sizeof *p);
}

static const char *kind_name(ss_adversary_kind k)
{
    return k == SS_ADV_NONE ? "honest" : ss_adversary_kind_name(k);
}

static ss_status register_validators(ss_population *p, uint64_t seed, ss_neuron_fn notify,
                                     void *ctx, uint32_t *agent, ss_error *err)
{
    const ss_subnet_config *c = p->chain->cfg;
    uint32_t n_max = p->chain->n_max, avg = c->task.scoring.average_last, k = 0;
    ss_status st = SS_OK;
    for (size_t g = 0; g < c->n_validator_groups && st == SS_OK; g++) {
        const ss_validator_group *vg = &c->validators[g];
        for (uint32_t i = 0; i < vg->count && st == SS_OK; i++, k++, (*agent)++) {
            ss_validator *v = &p->validators[k];
            ss_validator_init(v, seed, c->netuid, *agent, (uint32_t)g, vg,
                              p->stats + (size_t)k * n_max,
                              p->history ? p->history + (size_t)k * avg * p->n_miners : NULL);
            if (vg->adversary.kind == SS_ADV_CABAL)
                snprintf(v->coldkey, sizeof v->coldkey, "ck-sn%u-cabal-%s", c->netuid,
                         vg->adversary.cabal);
            st = ss_subnet_register(p->chain, *agent, SS_ROLE_VALIDATOR, vg->stake_rao, 0,
                                    &v->uid, err);
            if (st != SS_OK)
                break;
            bool adv = vg->adversary.kind != SS_ADV_NONE;
            p->metrics.adversary[v->uid] = adv;
            p->initial_stake[v->uid] = (double)vg->stake_rao;
            st = notify(ctx, p->chain, v->uid, v->hotkey, v->coldkey, "validator",
                        kind_name(vg->adversary.kind), adv, NAN, NAN, err);
        }
    }
    return st;
}

static ss_status register_miners(ss_population *p, uint64_t seed, ss_neuron_fn notify,
                                 void *ctx, uint32_t *agent, ss_error *err)
{
    const ss_subnet_config *c = p->chain->cfg;
    uint32_t k = 0;
    ss_status st = SS_OK;
    for (size_t g = 0; g < c->n_miner_groups && st == SS_OK; g++) {
        const ss_miner_group *mg = &c->miners[g];
        const ss_adversary_config *a = &mg->adversary;
        uint32_t first = k;
        for (uint32_t i = 0; i < mg->count && st == SS_OK; i++, k++, (*agent)++) {
            ss_miner *m = &p->miners[k];
            ss_miner_init(m, seed, c->netuid, *agent, (uint32_t)g, mg);
            if (a->kind == SS_ADV_SYBIL) {
                /* One operator behind count UIDs: one set of traits, capacity split. */
                const ss_miner *lead = &p->miners[first];
                if (k != first) {
                    m->quality = lead->quality;
                    m->latency_median_ms = lead->latency_median_ms;
                    m->uptime = lead->uptime;
                    m->held_fraction = lead->held_fraction;
                    m->capacity = lead->capacity;
                }
                m->capacity = (k == first ? m->capacity : lead->capacity * mg->count) / mg->count;
                m->declared_capacity = m->capacity;
                snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-sybil-%zu", c->netuid, g);
            } else if (a->kind == SS_ADV_CAPACITY_LIAR) {
                m->declared_capacity = m->capacity * a->declared_factor;
                m->declared_fraction = fmin(1.0, m->held_fraction * a->declared_factor);
            } else if (a->kind == SS_ADV_CABAL_MINER) {
                snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-cabal-%s", c->netuid,
                         a->cabal);
            }
            st = ss_subnet_register(p->chain, *agent, SS_ROLE_MINER, 0, 0, &m->uid, err);
            if (st != SS_OK)
                break;
            p->miner_uids[k] = m->uid;
            p->metrics.adversary[m->uid] = a->kind != SS_ADV_NONE;
            st = notify(ctx, p->chain, m->uid, m->hotkey, m->coldkey, "miner",
                        kind_name(a->kind), a->kind != SS_ADV_NONE, m->quality,
                        m->latency_median_ms, err);
        }
    }
    return st;
}

ss_status ss_population_init(ss_population *p, ss_subnet *chain, uint32_t index, uint64_t seed,
                             bool honest_only, ss_neuron_fn notify, void *ctx, ss_error *err)
{
    memset(p, 0, sizeof *p);
    p->index = index;
    p->chain = chain;
    p->honest_only = honest_only;
    const ss_subnet_config *c = chain->cfg;
    p->n_validators = ss_subnet_config_agents(c);
    for (size_t g = 0; g < c->n_miner_groups; g++)
        p->n_miners += c->miners[g].count;
    p->n_validators -= p->n_miners;
    uint32_t n_max = chain->n_max, nv = p->n_validators, nm = p->n_miners;
    ss_status st = ss_task_init(&p->task, &c->task, c->netuid, seed, nm, nv, err);
    if (st != SS_OK)
        return st;
    p->scorer = calloc(1, sizeof *p->scorer);
    if (!p->scorer)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", c->netuid);
    st = ss_scorer_init(p->scorer, &p->task, err);
    if (st != SS_OK)
        return st;
    uint32_t avg = c->task.scoring.average_last;
    p->validators = calloc(nv, sizeof *p->validators);
    p->miners = calloc(nm, sizeof *p->miners);
    p->stats = calloc((size_t)nv * n_max, sizeof *p->stats);
    if (avg > 1)
        p->history = calloc((size_t)nv * avg * nm, sizeof *p->history);
    p->last_weights = calloc((size_t)nv * nm, sizeof *p->last_weights);
    p->miner_uids = calloc(nm, sizeof *p->miner_uids);
    p->last_incentive = calloc(n_max, sizeof *p->last_incentive);
    p->copy_rows = calloc((size_t)nv * nm, sizeof *p->copy_rows);
    p->copy_stake = calloc(nv, sizeof *p->copy_stake);
    p->copy_col = calloc(nv, sizeof *p->copy_col);
    p->copy_order = calloc(nv, sizeof *p->copy_order);
    p->sample = calloc(nm, sizeof *p->sample);
    p->w = calloc(nm, sizeof *p->w);
    p->w2 = calloc(nm, sizeof *p->w2);
    p->w_uids = calloc(n_max, sizeof *p->w_uids);
    p->w_values = calloc(n_max, sizeof *p->w_values);
    p->initial_stake = calloc(n_max, sizeof *p->initial_stake);
    if (!p->validators || !p->miners || !p->stats || (avg > 1 && !p->history) ||
        !p->last_weights || !p->miner_uids || !p->last_incentive || !p->copy_rows ||
        !p->copy_stake || !p->copy_col || !p->copy_order || !p->sample || !p->w || !p->w2 ||
        !p->w_uids || !p->w_values || !p->initial_stake || !ss_metrics_init(&p->metrics, n_max))
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the agents of subnet %u",
                            c->netuid);

    /* The owner's hotkey holds UID 0, as on chain. */
    uint32_t uid, agent = 0;
    snprintf(p->owner_hotkey, sizeof p->owner_hotkey, "sn%u-owner", c->netuid);
    snprintf(p->owner_coldkey, sizeof p->owner_coldkey, "ck-sn%u-owner", c->netuid);
    st = ss_subnet_register(chain, SS_NO_AGENT, SS_ROLE_OWNER, 0, 0, &uid, err);
    if (st == SS_OK)
        st = notify(ctx, chain, uid, p->owner_hotkey, p->owner_coldkey, "owner", "owner", false,
                    NAN, NAN, err);
    if (st == SS_OK)
        st = register_validators(p, seed, notify, ctx, &agent, err);
    if (st == SS_OK)
        st = register_miners(p, seed, notify, ctx, &agent, err);
    return st;
}

/* Takes a slot for a query in flight, growing the pool only until it is warm. */
static ss_status inflight_take(ss_population *p, uint32_t *slot, ss_error *err)
{
    if (p->inflight_free == UINT32_MAX || p->inflight_cap == 0) {
        uint32_t cap = p->inflight_cap ? p->inflight_cap * 2 : 256;
        struct ss_inflight *grown = realloc(p->inflight, (size_t)cap * sizeof *grown);
        if (!grown)
            return ss_error_set(err, SS_ENOMEM, "out of memory for queries in flight");
        for (uint32_t i = p->inflight_cap; i < cap; i++)
            grown[i].next = i + 1 < cap ? i + 1 : UINT32_MAX;
        p->inflight = grown;
        p->inflight_free = p->inflight_cap;
        p->inflight_cap = cap;
    }
    *slot = p->inflight_free;
    p->inflight_free = p->inflight[*slot].next;
    return SS_OK;
}

/* A validator queries a fresh random sample of miners. */
static ss_status send_queries(ss_population *p, uint32_t vi, uint64_t block,
                              ss_schedule_answer_fn schedule, void *ctx, ss_error *err)
{
    ss_validator *v = &p->validators[vi];
    const ss_task_config *tc = p->task.cfg;
    uint32_t k = v->cfg->sample_size < p->n_miners ? v->cfg->sample_size : p->n_miners;
    double total = 0;
    for (uint32_t i = 0; i < p->chain->n; i++)
        total += (double)p->chain->stake_rao[i];
    for (uint32_t i = 0; i < p->n_miners; i++)
        p->sample[i] = i;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t j = i + ss_pcg32_bounded(&v->rng_sampling, p->n_miners - i);
        uint32_t mi = p->sample[j];
        p->sample[j] = p->sample[i];
        p->sample[i] = mi;
        uint32_t slot = 0;
        ss_status st = inflight_take(p, &slot, err);
        if (st != SS_OK)
            return st;
        ss_query *q = &p->inflight[slot].query;
        ss_answer *a = &p->inflight[slot].answer;
        memset(q, 0, sizeof *q);
        memset(a, 0, sizeof *a);
        q->block = block;
        q->validator = vi;
        q->miner = mi;
        q->seq = v->query_seq++;
        q->organic = tc->organic_fraction > 0 &&
                     ss_rng_bernoulli(&v->rng_sampling, tc->organic_fraction);
        q->stake_share = total > 0 ? (double)p->chain->stake_rao[v->uid] / total : 0;
        p->task.desc->make_query(&p->task, &v->rng_sampling, q);
        ss_miner_answer(p, q, &p->miners[mi], a);
        st = schedule(ctx, p->index, slot, a->latency_ms, err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

/* Weights through the validator's policy, as the u16 values of a set_weights call. */
static void set_weights(ss_population *p, uint32_t vi, uint64_t block)
{
    ss_validator *v = &p->validators[vi];
    if (!ss_validator_weights(p, vi, block, p->w))
        return;
    double burn;
    ss_policy_apply(v->cfg, p->w, p->n_miners, &burn);
    double max = burn;
    for (uint32_t i = 0; i < p->n_miners; i++)
        if (p->w[i] > max)
            max = p->w[i];
    if (max <= 0)
        return;
    uint32_t len = 0;
    if (burn > 0) {
        p->w_uids[len] = 0; /* the owner's UID: its incentive is burned */
        p->w_values[len++] = (uint16_t)lround(burn / max * 65535.0);
    }
    for (uint32_t i = 0; i < p->n_miners; i++) {
        long q = lround(p->w[i] / max * 65535.0);
        if (q > 0) {
            p->w_uids[len] = p->miner_uids[i];
            p->w_values[len++] = (uint16_t)q;
        }
    }
    if (ss_subnet_set_weights(p->chain, v->uid, p->w_uids, p->w_values, len, block)) {
        v->last_weights_block = block;
        v->weight_sets++;
        for (uint32_t i = 0; i < p->n_miners; i++)
            ss_stats_new_window(&v->stats[p->miner_uids[i]], &p->task.cfg->scoring);
    }
}

ss_status ss_population_block(ss_population *p, uint64_t block, ss_schedule_answer_fn schedule,
                              void *ctx, ss_error *err)
{
    if (p->task.desc->on_block)
        p->task.desc->on_block(&p->task, p->miners, block);
    for (uint32_t vi = 0; vi < p->n_validators; vi++) {
        if (ss_validator_queries_now(p, vi, block)) {
            ss_status st = send_queries(p, vi, block, schedule, ctx, err);
            if (st != SS_OK)
                return st;
        }
        if (ss_validator_weights_now(p, vi, block))
            set_weights(p, vi, block);
    }
    return SS_OK;
}

ss_status ss_population_answer(ss_population *p, uint32_t slot, ss_error *err)
{
    struct ss_inflight *f = &p->inflight[slot];
    ss_validator *v = &p->validators[f->query.validator];
    const ss_miner *m = &p->miners[f->query.miner];
    const ss_task_config *tc = p->task.cfg;
    ss_miner_stats *st = &v->stats[m->uid];
    ss_answer *a = &f->answer;
    if (v->cfg->trust_reported_latency)
        a->latency_ms = a->reported_latency_ms;
    bool ok = !a->error && !a->timed_out;
    if (p->task.desc->observe)
        p->task.desc->observe(&p->task, &f->query, a, st);
    double score;
    ss_status status = ss_scorer_score(p->scorer, &f->query, a, st, v->uid, m->uid, &score, err);
    if (status != SS_OK)
        return status;
    if (ok && !isnan(score) && v->cfg->observation_noise > 0)
        score += ss_rng_normal(&v->rng_observe, 0, v->cfg->observation_noise);
    double alpha = v->cfg->score_ema_alpha >= 0 ? v->cfg->score_ema_alpha : tc->scoring.ema_alpha;
    ss_stats_fold(st, score, ok, alpha);
    p->metrics.utility += a->utility;
    if (ss_miner_kind(p, m) != SS_ADV_NONE)
        p->metrics.adversary_utility += a->utility;
    f->next = p->inflight_free;
    p->inflight_free = slot;
    return SS_OK;
}

/* Bounded random walk: reflect at 0 and 1. */
static double walk(double q, double step)
{
    q += step;
    while (q < 0 || q > 1)
        q = q < 0 ? -q : 2 - q;
    return q;
}

void ss_population_after_epoch(ss_population *p, const ss_epoch_payout *pay)
{
    const ss_yuma_output *y = pay->yuma;
    ss_metrics *mt = &p->metrics;
    double total = 0, adv = 0;
    for (uint32_t uid = 0; uid < p->chain->n; uid++) {
        p->last_incentive[uid] = y->incentive[uid];
        double paid = (double)pay->miner_paid_rao[uid] + (double)pay->validator_paid_rao[uid];
        if (uid == 0 && p->chain->role[0] == SS_ROLE_OWNER)
            paid += (double)pay->owner_rao;
        mt->paid[uid] += paid;
        mt->miner_paid[uid] += (double)pay->miner_paid_rao[uid];
        mt->validator_paid[uid] += (double)pay->validator_paid_rao[uid];
        total += paid;
        if (mt->adversary[uid])
            adv += paid;
    }
    mt->last_epoch_adversary_share = total > 0 ? adv / total : 0;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        ss_miner *m = &p->miners[k];
        mt->quality_sum[m->uid] += m->quality;
        if (m->cfg->quality_walk_sd > 0)
            m->quality = walk(m->quality, ss_rng_normal(&m->rng_drift, 0, m->cfg->quality_walk_sd));
    }
    mt->epochs++;
}
