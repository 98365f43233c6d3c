/* Creation of miners and validators: names, hidden traits and random streams. */
#include "agents/agents.h"

#include <math.h>
#include <stdio.h>

double ss_dist_draw(const ss_dist *d, ss_pcg32 *r)
{
    double x = d->a;
    switch (d->kind) {
    case SS_DIST_FIXED:
        break;
    case SS_DIST_UNIFORM:
        x = ss_rng_range(r, d->a, d->b);
        break;
    case SS_DIST_NORMAL:
        x = ss_rng_normal(r, d->a, d->b);
        break;
    case SS_DIST_LOGNORMAL:
        x = ss_rng_lognormal(r, log(d->a), d->b);
        break;
    }
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

void ss_miner_init(ss_miner *m, uint64_t seed, uint32_t netuid, uint32_t agent,
                   uint32_t group, const ss_miner_group *g)
{
    m->agent = agent;
    m->uid = UINT32_MAX;
    m->group = group;
    m->cfg = g;
    snprintf(m->hotkey, sizeof m->hotkey, "sn%u-miner-%u", netuid, agent);
    snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-miner-%u", netuid, agent);
    /* Traits are drawn in a fixed order from the agent's own stream; new traits are
    ** appended at the end so existing scenarios keep their draws. */
    ss_pcg32 traits;
    ss_rng_stream(&traits, seed, netuid, agent, SS_RNG_TRAITS);
    m->quality = ss_dist_draw(&g->quality, &traits);
    m->latency_median_ms = ss_dist_draw(&g->latency_ms, &traits);
    m->capacity = ss_dist_draw(&g->capacity, &traits);
    m->uptime = ss_dist_draw(&g->uptime, &traits);
    m->held_fraction = ss_dist_draw(&g->held_fraction, &traits);
    m->declared_capacity = m->capacity;
    m->declared_fraction = m->held_fraction;
    m->lottery_leverage = 0;
    m->latency_sigma = g->latency_sigma;
    m->answer_noise = g->answer_noise;
    m->load_block = UINT64_MAX;
    m->load = 0;
    ss_rng_stream(&m->rng_answer, seed, netuid, agent, SS_RNG_ANSWER);
    ss_rng_stream(&m->rng_latency, seed, netuid, agent, SS_RNG_LATENCY);
    ss_rng_stream(&m->rng_drift, seed, netuid, agent, SS_RNG_DRIFT);
}

void ss_validator_init(ss_validator *v, uint64_t seed, uint32_t netuid, uint32_t agent,
                       uint32_t group, const ss_validator_group *g, ss_miner_stats *stats,
                       double *history)
{
    v->agent = agent;
    v->uid = UINT32_MAX;
    v->group = group;
    v->cfg = g;
    v->stats = stats;
    v->history = history;
    v->history_fill = v->history_pos = 0;
    v->last_weights_block = 0;
    v->weight_sets = 0;
    v->opportunities = 0;
    v->query_seq = 0;
    v->parked = false;
    v->parked_paid = 0;
    snprintf(v->hotkey, sizeof v->hotkey, "sn%u-validator-%u", netuid, agent);
    snprintf(v->coldkey, sizeof v->coldkey, "ck-sn%u-validator-%u", netuid, agent);
    /* Stagger weight setting across validators, deterministically. */
    v->weights_phase = g->weights_every_blocks ? (agent * 7919u) % g->weights_every_blocks : 0;
    ss_rng_stream(&v->rng_sampling, seed, netuid, agent, SS_RNG_SAMPLING);
    ss_rng_stream(&v->rng_observe, seed, netuid, agent, SS_RNG_OBSERVE);
    ss_rng_stream(&v->rng_policy, seed, netuid, agent, SS_RNG_POLICY);
}

bool ss_miner_take_query(ss_miner *m, uint64_t block)
{
    if (m->load_block != block) {
        /* The fractional part of capacity is the chance of one more query this block. */
        double whole = floor(m->capacity);
        m->load_block = block;
        m->load = 0;
        m->block_capacity = (uint32_t)whole;
        if (m->capacity > whole && ss_rng_uniform(&m->rng_answer) < m->capacity - whole)
            m->block_capacity++;
    }
    if (m->load >= m->block_capacity)
        return false;
    m->load++;
    return true;
}
