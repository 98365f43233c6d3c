/*
** A run: builds subnets and agents from the scenario, then drives them with
** the event engine. Each block (an event every 12 s of simulated time) runs the
** chain's part first, as on_initialize does on chain: mint emission, run the
** epochs that are due; then the agents act: validators send queries, whose
** answers come back as events after their latency, and set weights.
*/
#include "subnetsim/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agents/agents.h"
#include "chain/subnet.h"
#include "subnetsim/engine.h"
#include "tasks/scoring.h"
#include "tasks/task.h"

enum { EV_BLOCK = 1, EV_ANSWER = 2 };
enum { PRIO_BLOCK = 0, PRIO_ANSWER = 1 };

#define PROGRESS_EVERY 256

struct inflight {
    ss_query query;
    ss_answer answer;
    uint32_t next;
};

typedef struct subnet_run {
    ss_subnet chain;
    ss_task task;
    ss_miner *miners;
    uint32_t n_miners;
    ss_validator *validators;
    uint32_t n_validators;
    ss_miner_stats *stats;  /* n_validators * n_max */
    double *history;        /* n_validators * average_last * n_miners, or NULL */
    uint32_t *sample;       /* [n_miners] scratch for sampling */
    uint32_t *miner_uids;   /* [n_miners] scratch: the miners' UIDs */
    double *w;              /* [n_miners] scratch for weights */
    uint32_t *w_uids;       /* [n_max] scratch for set_weights */
    uint16_t *w_values;
    /* Queries in flight: their answers wait here until the answer event. */
    struct inflight *inflight;
    uint32_t inflight_cap, inflight_free; /* free list through .next */
    char owner_hotkey[SS_KEY_MAX], owner_coldkey[SS_KEY_MAX];
} subnet_run;

struct ss_run {
    const ss_scenario *sc;
    uint64_t seed;
    ss_run_observer obs;
    ss_run_progress progress;
    void *progress_ctx;
    ss_engine *engine;
    subnet_run *subnets;
    size_t n_subnets;
};

static void subnet_run_fini(subnet_run *s)
{
    ss_subnet_fini(&s->chain);
    ss_task_fini(&s->task);
    free(s->miners);
    free(s->validators);
    free(s->stats);
    free(s->history);
    free(s->sample);
    free(s->miner_uids);
    free(s->w);
    free(s->w_uids);
    free(s->w_values);
    free(s->inflight);
}

static ss_status notify_neuron(ss_run *r, const subnet_run *s, uint32_t uid, const char *hot,
                               const char *cold, const char *role, double quality,
                               double latency, ss_error *err)
{
    if (!r->obs.on_neuron)
        return SS_OK;
    ss_neuron_view nv = {
        .netuid = s->chain.netuid,
        .uid = uid,
        .hotkey = hot,
        .coldkey = cold,
        .role = role,
        .agent_kind = strcmp(role, "owner") == 0 ? "owner" : "honest",
        .adversary = false,
        .true_quality = quality,
        .latency_ms = latency,
        .registered_block = s->chain.registered_block[uid],
        .stake_rao = s->chain.stake_rao[uid],
    };
    return r->obs.on_neuron(r->obs.ctx, &nv, err);
}

/* Creates one subnet's chain state and agents and registers them at genesis. */
static ss_status subnet_run_init(ss_run *r, subnet_run *s, uint32_t index, ss_error *err)
{
    const ss_subnet_config *c = &r->sc->subnets[index];
    ss_status st = ss_subnet_init(&s->chain, c, index, err);
    if (st != SS_OK)
        return st;
    for (size_t g = 0; g < c->n_validator_groups; g++)
        s->n_validators += c->validators[g].count;
    for (size_t g = 0; g < c->n_miner_groups; g++)
        s->n_miners += c->miners[g].count;
    uint32_t n_max = s->chain.n_max;
    st = ss_task_init(&s->task, &c->task, c->netuid, r->seed, s->n_miners, s->n_validators,
                      err);
    if (st != SS_OK)
        return st;
    uint32_t avg = c->task.scoring.average_last;
    s->validators = calloc(s->n_validators, sizeof *s->validators);
    s->miners = calloc(s->n_miners, sizeof *s->miners);
    s->stats = calloc((size_t)s->n_validators * n_max, sizeof *s->stats);
    if (avg > 1)
        s->history = calloc((size_t)s->n_validators * avg * s->n_miners, sizeof *s->history);
    s->sample = calloc(s->n_miners, sizeof *s->sample);
    s->miner_uids = calloc(s->n_miners, sizeof *s->miner_uids);
    s->w = calloc(s->n_miners, sizeof *s->w);
    s->w_uids = calloc(n_max, sizeof *s->w_uids);
    s->w_values = calloc(n_max, sizeof *s->w_values);
    if (!s->validators || !s->miners || !s->stats || (avg > 1 && !s->history) || !s->sample ||
        !s->miner_uids || !s->w || !s->w_uids || !s->w_values)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the agents of subnet %u",
                            c->netuid);

    /* The owner's hotkey holds UID 0, as on chain. */
    uint32_t uid;
    snprintf(s->owner_hotkey, sizeof s->owner_hotkey, "sn%u-owner", c->netuid);
    snprintf(s->owner_coldkey, sizeof s->owner_coldkey, "ck-sn%u-owner", c->netuid);
    st = ss_subnet_register(&s->chain, SS_NO_AGENT, SS_ROLE_OWNER, 0, 0, &uid, err);
    if (st == SS_OK)
        st = notify_neuron(r, s, uid, s->owner_hotkey, s->owner_coldkey, "owner", NAN, NAN, err);

    uint32_t agent = 0, k = 0;
    for (size_t g = 0; g < c->n_validator_groups && st == SS_OK; g++)
        for (uint32_t i = 0; i < c->validators[g].count && st == SS_OK; i++, k++, agent++) {
            ss_validator *v = &s->validators[k];
            ss_validator_init(v, r->seed, c->netuid, agent, (uint32_t)g, &c->validators[g],
                              s->stats + (size_t)k * n_max,
                              s->history ? s->history + (size_t)k * avg * s->n_miners : NULL);
            st = ss_subnet_register(&s->chain, agent, SS_ROLE_VALIDATOR,
                                    c->validators[g].stake_rao, 0, &v->uid, err);
            if (st == SS_OK)
                st = notify_neuron(r, s, v->uid, v->hotkey, v->coldkey, "validator", NAN, NAN,
                                   err);
        }
    k = 0;
    for (size_t g = 0; g < c->n_miner_groups && st == SS_OK; g++)
        for (uint32_t i = 0; i < c->miners[g].count && st == SS_OK; i++, k++, agent++) {
            ss_miner *m = &s->miners[k];
            ss_miner_init(m, r->seed, c->netuid, agent, (uint32_t)g, &c->miners[g]);
            st = ss_subnet_register(&s->chain, agent, SS_ROLE_MINER, 0, 0, &m->uid, err);
            s->miner_uids[k] = m->uid;
            if (st == SS_OK)
                st = notify_neuron(r, s, m->uid, m->hotkey, m->coldkey, "miner", m->quality,
                                   m->latency_median_ms, err);
        }
    if (st == SS_OK)
        st = ss_subnet_genesis_permits(&s->chain, err);
    return st;
}

static ss_status run_epoch(ss_run *r, subnet_run *s, uint64_t block, ss_error *err)
{
    ss_epoch_payout pay;
    ss_status st = ss_subnet_epoch(&s->chain, block, &pay, err);
    if (st != SS_OK || !r->obs.on_epoch)
        return st;
    ss_epoch_view ev = {
        .netuid = s->chain.netuid,
        .epoch = pay.epoch,
        .block = block,
        .issued_rao = pay.issued_rao,
        .owner_rao = pay.owner_rao,
        .miner_rao = pay.miner_rao,
        .validator_rao = pay.validator_rao,
        .burned_rao = pay.burned_rao,
        .n = s->chain.n,
        .stake_rao = s->chain.stake_rao,
        .miner_paid_rao = pay.miner_paid_rao,
        .validator_paid_rao = pay.validator_paid_rao,
        .yuma = pay.yuma,
        .weights = s->chain.rows,
        .consensus = s->chain.yuma,
    };
    return r->obs.on_epoch(r->obs.ctx, &ev, err);
}

/* Takes a slot for a query in flight, growing the pool on first use only. */
static ss_status inflight_take(subnet_run *s, uint32_t *slot, ss_error *err)
{
    if (s->inflight_free == UINT32_MAX || s->inflight_cap == 0) {
        uint32_t cap = s->inflight_cap ? s->inflight_cap * 2 : 256;
        struct inflight *grown = realloc(s->inflight, (size_t)cap * sizeof *grown);
        if (!grown)
            return ss_error_set(err, SS_ENOMEM, "out of memory for queries in flight");
        for (uint32_t i = s->inflight_cap; i < cap; i++)
            grown[i].next = i + 1 < cap ? i + 1 : UINT32_MAX;
        s->inflight = grown;
        s->inflight_free = s->inflight_cap;
        s->inflight_cap = cap;
    }
    *slot = s->inflight_free;
    s->inflight_free = s->inflight[*slot].next;
    return SS_OK;
}

static void inflight_release(subnet_run *s, uint32_t slot)
{
    s->inflight[slot].next = s->inflight_free;
    s->inflight_free = slot;
}

/* A validator queries a fresh random sample of miners; answers arrive as events. */
static ss_status send_queries(ss_run *r, subnet_run *s, uint32_t vi, uint64_t block,
                              int64_t now_ms, ss_error *err)
{
    ss_validator *v = &s->validators[vi];
    const ss_task_config *tc = &s->chain.cfg->task;
    uint32_t k = v->cfg->sample_size < s->n_miners ? v->cfg->sample_size : s->n_miners;
    double total_stake = 0;
    for (uint32_t i = 0; i < s->chain.n; i++)
        total_stake += (double)s->chain.stake_rao[i];
    for (uint32_t i = 0; i < s->n_miners; i++)
        s->sample[i] = i;
    for (uint32_t i = 0; i < k; i++) {
        uint32_t j = i + ss_pcg32_bounded(&v->rng_sampling, s->n_miners - i);
        uint32_t mi = s->sample[j];
        s->sample[j] = s->sample[i];
        s->sample[i] = mi;
        uint32_t slot = 0;
        ss_status st = inflight_take(s, &slot, err);
        if (st != SS_OK)
            return st;
        ss_query *q = &s->inflight[slot].query;
        ss_answer *a = &s->inflight[slot].answer;
        memset(q, 0, sizeof *q);
        memset(a, 0, sizeof *a);
        q->block = block;
        q->validator = vi;
        q->miner = mi;
        q->seq = v->query_seq++;
        q->organic = tc->organic_fraction > 0 &&
                     ss_rng_bernoulli(&v->rng_sampling, tc->organic_fraction);
        q->stake_share = total_stake > 0 ? (double)s->chain.stake_rao[v->uid] / total_stake : 0;
        s->task.desc->make_query(&s->task, &v->rng_sampling, q);
        s->task.desc->answer(&s->task, q, &s->miners[mi], a);
        ss_event ev = {0};
        ev.time_ms = now_ms + (int64_t)ceil(a->latency_ms);
        ev.priority = PRIO_ANSWER;
        ev.type = EV_ANSWER;
        ev.subnet = s->chain.index;
        ev.a = slot;
        st = ss_engine_schedule(r->engine, &ev, err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

static ss_status on_answer(void *ctx, const ss_event *ev, ss_error *err)
{
    (void)err;
    ss_run *r = ctx;
    subnet_run *s = &r->subnets[ev->subnet];
    const struct inflight *f = &s->inflight[ev->a];
    ss_validator *v = &s->validators[f->query.validator];
    const ss_miner *m = &s->miners[f->query.miner];
    const ss_task_config *tc = &s->chain.cfg->task;
    ss_miner_stats *st = &v->stats[m->uid];
    bool ok = !f->answer.error && !f->answer.timed_out;
    if (s->task.desc->observe)
        s->task.desc->observe(&s->task, &f->query, &f->answer, st);
    double score = s->task.preset->score(&s->task, &f->query, &f->answer, st);
    if (ok && !isnan(score) && v->cfg->observation_noise > 0)
        score += ss_rng_normal(&v->rng_observe, 0, v->cfg->observation_noise);
    double alpha = v->cfg->score_ema_alpha >= 0 ? v->cfg->score_ema_alpha
                                                : tc->scoring.ema_alpha;
    ss_stats_fold(st, score, ok, alpha);
    inflight_release(s, ev->a);
    return SS_OK;
}

/* The validator turns its statistics into weights: scoring transform, then its policy. */
static void set_weights(subnet_run *s, uint32_t vi, uint64_t block)
{
    ss_validator *v = &s->validators[vi];
    const ss_task_config *tc = &s->chain.cfg->task;
    if (v->last_weights_block && block - v->last_weights_block < v->cfg->weight_rate_limit_blocks)
        return;
    ss_scoring_weights(&s->task, vi, v->stats, s->miner_uids, s->n_miners, s->w);
    ss_weights_average(v, tc->scoring.average_last, s->w, s->n_miners);
    double burn;
    ss_policy_apply(v->cfg, s->w, s->n_miners, &burn);
    double max = burn;
    for (uint32_t i = 0; i < s->n_miners; i++)
        if (s->w[i] > max)
            max = s->w[i];
    if (max <= 0)
        return;
    uint32_t len = 0;
    if (burn > 0) {
        s->w_uids[len] = 0; /* the owner's UID: its incentive is burned */
        s->w_values[len++] = (uint16_t)lround(burn / max * 65535.0);
    }
    for (uint32_t i = 0; i < s->n_miners; i++) {
        long q = lround(s->w[i] / max * 65535.0);
        if (q > 0) {
            s->w_uids[len] = s->miner_uids[i];
            s->w_values[len++] = (uint16_t)q;
        }
    }
    if (ss_subnet_set_weights(&s->chain, v->uid, s->w_uids, s->w_values, len, block)) {
        v->last_weights_block = block;
        for (uint32_t i = 0; i < s->n_miners; i++)
            ss_stats_new_window(&v->stats[s->miner_uids[i]], &tc->scoring);
    }
}

static ss_status on_block(void *ctx, const ss_event *ev, ss_error *err)
{
    ss_run *r = ctx;
    uint64_t block = (uint64_t)(ev->time_ms / SS_BLOCK_MS);
    ss_status st = SS_OK;
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        ss_subnet_coinbase(&s->chain);
        if (ss_subnet_epoch_due(&s->chain, block))
            st = run_epoch(r, s, block, err);
    }
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        if (s->task.desc->on_block)
            s->task.desc->on_block(&s->task, s->miners, block);
        for (uint32_t vi = 0; vi < s->n_validators && st == SS_OK; vi++) {
            const ss_validator *v = &s->validators[vi];
            if (v->cfg->sample_size > 0 && block % v->cfg->query_every_blocks == 0)
                st = send_queries(r, s, vi, block, ev->time_ms, err);
            if ((block + v->weights_phase) % v->cfg->weights_every_blocks == 0)
                set_weights(s, vi, block);
        }
    }
    if (st != SS_OK)
        return st;
    if (block < r->sc->blocks) {
        ss_event next = *ev;
        next.time_ms += SS_BLOCK_MS;
        st = ss_engine_schedule(r->engine, &next, err);
    }
    if (r->progress && (block % PROGRESS_EVERY == 0 || block == r->sc->blocks))
        r->progress(r->progress_ctx, block, r->sc->blocks);
    return st;
}

ss_status ss_run_create(const ss_scenario *sc, const ss_run_options *opt, ss_run **out,
                        ss_error *err)
{
    *out = NULL;
    ss_run *r = calloc(1, sizeof *r);
    if (!r)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the run");
    r->sc = sc;
    r->seed = opt && opt->seed_set ? opt->seed : sc->seed;
    if (opt && opt->observer)
        r->obs = *opt->observer;
    if (opt) {
        r->progress = opt->progress;
        r->progress_ctx = opt->progress_ctx;
    }
    ss_status st = ss_engine_create(&r->engine, err);
    if (st == SS_OK) {
        ss_engine_on(r->engine, EV_BLOCK, on_block, r);
        ss_engine_on(r->engine, EV_ANSWER, on_answer, r);
        r->subnets = calloc(sc->n_subnets, sizeof *r->subnets);
        if (!r->subnets)
            st = ss_error_set(err, SS_ENOMEM, "out of memory creating the run");
    }
    if (st == SS_OK && r->obs.on_begin)
        st = r->obs.on_begin(r->obs.ctx, sc, r->seed, err);
    for (size_t i = 0; i < sc->n_subnets && st == SS_OK; i++) {
        r->n_subnets = i + 1;
        st = subnet_run_init(r, &r->subnets[i], (uint32_t)i, err);
    }
    if (st != SS_OK) {
        ss_run_destroy(r);
        return st;
    }
    *out = r;
    return SS_OK;
}

ss_status ss_run_execute(ss_run *r, ss_error *err)
{
    ss_event first = {0};
    first.time_ms = SS_BLOCK_MS; /* block 1; genesis is block 0 */
    first.priority = PRIO_BLOCK;
    first.type = EV_BLOCK;
    ss_status st = ss_engine_schedule(r->engine, &first, err);
    if (st == SS_OK)
        st = ss_engine_run(r->engine, (int64_t)r->sc->blocks * SS_BLOCK_MS, err);
    if (st == SS_OK && r->obs.on_end)
        st = r->obs.on_end(r->obs.ctx, r->sc->blocks, err);
    return st;
}

void ss_run_destroy(ss_run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_subnets; i++)
        subnet_run_fini(&r->subnets[i]);
    free(r->subnets);
    ss_engine_destroy(r->engine);
    free(r);
}

uint64_t ss_run_seed(const ss_run *r)
{
    return r->seed;
}

uint64_t ss_run_events(const ss_run *r)
{
    return ss_engine_handled(r->engine);
}
