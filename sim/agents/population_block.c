/*
** What a subnet's agents do each block: validators send queries to the miners
** holding UIDs and set weights; answers are scored when they arrive; after an
** epoch agents react (quality drift, copiers' targets, snipers) and the
** metrics accumulate.
*/
#include "agents/population.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agents/behaviour.h"
#include "tasks/scoring.h"

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

/* A validator queries a fresh random sample of the miners holding UIDs. */
static ss_status send_queries(ss_population *p, uint32_t vi, uint64_t block,
                              ss_schedule_answer_fn schedule, void *ctx, ss_error *err)
{
    ss_validator *v = &p->validators[vi];
    const ss_task_config *tc = p->task.cfg;
    uint32_t active = 0;
    for (uint32_t i = 0; i < p->n_miners; i++)
        if (p->miner_uids[i] != SS_NO_UID)
            p->sample[active++] = i;
    uint32_t k = v->cfg->sample_size < active ? v->cfg->sample_size : active;
    double total = 0;
    for (uint32_t i = 0; i < p->chain->n; i++)
        total += (double)p->chain->stake_rao[i];
    for (uint32_t i = 0; i < k; i++) {
        uint32_t j = i + ss_pcg32_bounded(&v->rng_sampling, active - i);
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
        p->inflight[slot].agent = p->miners[mi].agent;
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
        if (p->miner_uids[i] != SS_NO_UID && p->w[i] > max)
            max = p->w[i];
    if (max <= 0)
        return;
    /* Submitted in UID order, as validators' code does (and Yuma's fast path wants). */
    uint16_t *by_uid = p->w_by_uid;
    if (burn > 0)
        by_uid[0] = (uint16_t)lround(burn / max * 65535.0); /* the owner's UID: burned */
    for (uint32_t i = 0; i < p->n_miners; i++) {
        long q = lround(p->w[i] / max * 65535.0);
        if (q > 0 && p->miner_uids[i] != SS_NO_UID)
            by_uid[p->miner_uids[i]] = (uint16_t)q;
    }
    uint32_t len = 0;
    for (uint32_t u = 0; u < p->chain->n; u++) {
        if (by_uid[u]) {
            p->w_uids[len] = u;
            p->w_values[len++] = by_uid[u];
        }
        by_uid[u] = 0;
    }
    if (ss_subnet_set_weights(p->chain, v->uid, p->w_uids, p->w_values, len, block)) {
        v->last_weights_block = block;
        v->weight_sets++;
        /* Direct observers keep no statistics of answers. */
        for (uint32_t i = 0; v->cfg->observe != SS_OBSERVE_DIRECT && i < p->n_miners; i++)
            if (p->miner_uids[i] != SS_NO_UID)
                ss_stats_new_window(&v->stats[p->miner_uids[i]], &p->task.cfg->scoring);
    }
}

/* The next block after block at which validator vi may query or set weights. */
static uint64_t next_turn(const ss_population *p, uint32_t vi, uint64_t block)
{
    const ss_validator *v = &p->validators[vi];
    if (ss_validator_kind(p, v) == SS_ADV_WEIGHT_COPIER)
        return block + 1; /* it follows the subnet's epoch clock, which may be deferred */
    uint64_t every = v->cfg->weights_every_blocks;
    uint64_t next = block + every - (block + v->weights_phase) % every;
    uint64_t q = v->cfg->query_every_blocks;
    if (v->cfg->observe != SS_OBSERVE_DIRECT && v->cfg->sample_size > 0 &&
        block + q - block % q < next)
        next = block + q - block % q;
    return next;
}

ss_status ss_population_block(ss_population *p, uint64_t block, ss_schedule_answer_fn schedule,
                              void *ctx, ss_error *err)
{
    if (p->task.desc->on_block)
        p->task.desc->on_block(&p->task, p->miners, block);
    /* Most blocks no validator acts (weights once a tempo, direct observers never
    ** query): skip them without visiting every validator. */
    if (block < p->next_turn_block)
        return SS_OK;
    uint64_t next = UINT64_MAX;
    for (uint32_t vi = 0; vi < p->n_validators; vi++) {
        if (p->validators[vi].uid == SS_NO_UID)
            continue; /* pruned: it left the subnet (seating it again resets next_turn_block) */
        if (ss_validator_queries_now(p, vi, block)) {
            ss_status st = send_queries(p, vi, block, schedule, ctx, err);
            if (st != SS_OK)
                return st;
        }
        if (ss_validator_weights_now(p, vi, block))
            set_weights(p, vi, block);
        uint64_t turn = next_turn(p, vi, block);
        if (turn < next)
            next = turn;
    }
    p->next_turn_block = next;
    return SS_OK;
}

ss_status ss_population_answer(ss_population *p, uint32_t slot, ss_error *err)
{
    struct ss_inflight *f = &p->inflight[slot];
    ss_validator *v = &p->validators[f->query.validator];
    const ss_miner *m = &p->miners[f->query.miner];
    ss_status status = SS_OK;
    /* The miner or the validator left meanwhile: nobody scores the answer. */
    if (m->agent == f->agent && m->uid != SS_NO_UID && v->uid != SS_NO_UID) {
        const ss_task_config *tc = p->task.cfg;
        ss_miner_stats *st = &v->stats[m->uid];
        ss_answer *a = &f->answer;
        if (v->cfg->trust_reported_latency)
            a->latency_ms = a->reported_latency_ms;
        bool ok = !a->error && !a->timed_out;
        if (p->task.desc->observe)
            p->task.desc->observe(&p->task, &f->query, a, st);
        double score;
        status = ss_scorer_score(p->scorer, &f->query, a, st, v->uid, m->uid, &score, err);
        if (status == SS_OK) {
            if (ok && !isnan(score) && v->cfg->observation_noise > 0)
                score += ss_rng_normal(&v->rng_observe, 0, v->cfg->observation_noise);
            double alpha = v->cfg->score_ema_alpha >= 0 ? v->cfg->score_ema_alpha
                                                        : tc->scoring.ema_alpha;
            ss_stats_fold(st, score, ok, alpha);
            p->metrics.utility += a->utility;
            if (ss_miner_kind(p, m) != SS_ADV_NONE)
                p->metrics.adversary_utility += a->utility;
        }
    }
    f->next = p->inflight_free;
    p->inflight_free = slot;
    return status;
}

/* Bounded random walk: reflect at 0 and 1. */
static double walk(double q, double step)
{
    q += step;
    while (q < 0 || q > 1)
        q = q < 0 ? -q : 2 - q;
    return q;
}

void ss_population_after_epoch(ss_population *p, const ss_epoch_pay *pay)
{
    const ss_yuma_output *y = pay->yuma;
    ss_metrics *mt = &p->metrics;
    double total = 0, adv = 0;
    for (uint32_t uid = 0; uid < p->chain->n; uid++) {
        p->last_incentive[uid] = y ? y->incentive[uid] : 0;
        double miner = (double)pay->miner_rao[uid], validator = (double)pay->validator_rao[uid];
        double paid = miner + validator;
        uint32_t h = p->holder[uid];
        if (SS_HOLDER_KIND(h) == SS_HOLDER_OWNER)
            paid += (double)pay->owner_rao;
        if (SS_HOLDER_KIND(h) == SS_HOLDER_ACTOR)
            p->actors[SS_HOLDER_INDEX(h)].paid_rao += paid;
        mt->paid[uid] += paid;
        mt->miner_paid[uid] += miner;
        mt->validator_paid[uid] += validator;
        mt->epochs_held[uid]++;
        mt->paid_total += paid;
        mt->miner_paid_total += miner;
        total += paid;
        if (mt->adversary[uid]) {
            adv += paid;
            mt->adversary_paid_total += paid;
            mt->adversary_miner_paid_total += miner;
        }
    }
    mt->last_epoch_adversary_share = total > 0 ? adv / total : 0;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        ss_miner *m = &p->miners[k];
        if (m->uid == SS_NO_UID)
            continue;
        mt->quality_sum[m->uid] += m->quality;
        if (m->cfg->quality_walk_sd > 0)
            m->quality =
                walk(m->quality, ss_rng_normal(&m->rng_drift, 0, m->cfg->quality_walk_sd));
    }
    mt->epochs++;
    /* The epoch's commits are revealed at the next block: snipers register now. */
    p->snipe_now = true;
}
