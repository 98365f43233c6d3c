/*
** A run: builds each subnet's chain state and agents from the scenario, then
** drives them with the event engine. Each block (an event every 12 s of
** simulated time) runs the chain's part first, as on_initialize does on
** chain: reveal due weight commits, mint emission, run the epochs that are
** due; then the agents act: validators send queries, whose answers come back
** as events after their latency, and set weights. At the end come the run
** metrics, measured against an adversary-free baseline run when the scenario
** has adversaries.
*/
#include "subnetsim/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agents/population.h"
#include "chain/subnet.h"
#include "subnetsim/engine.h"

enum { EV_BLOCK = 1, EV_ANSWER = 2 };
enum { PRIO_BLOCK = 0, PRIO_ANSWER = 1 };

#define PROGRESS_EVERY 256
#define METRICS_MAX 64

typedef struct subnet_run {
    ss_subnet chain;
    ss_population agents;
} subnet_run;

struct ss_run {
    const ss_scenario *sc;
    uint64_t seed;
    bool honest_only;
    ss_run_observer obs;
    ss_run_progress progress;
    void *progress_ctx;
    ss_engine *engine;
    subnet_run *subnets;
    size_t n_subnets;
};

static ss_status notify_neuron(void *ctx, const ss_subnet *chain, uint32_t uid,
                               const char *hotkey, const char *coldkey, const char *role,
                               const char *kind, bool adversary, double quality,
                               double latency_ms, ss_error *err)
{
    ss_run *r = ctx;
    if (!r->obs.on_neuron)
        return SS_OK;
    ss_neuron_view nv = {
        .netuid = chain->netuid,
        .uid = uid,
        .hotkey = hotkey,
        .coldkey = coldkey,
        .role = role,
        .agent_kind = kind,
        .adversary = adversary,
        .true_quality = quality,
        .latency_ms = latency_ms,
        .registered_block = chain->registered_block[uid],
        .stake_rao = chain->stake_rao[uid],
    };
    return r->obs.on_neuron(r->obs.ctx, &nv, err);
}

static ss_status schedule_answer(void *ctx, uint32_t population, uint32_t slot,
                                 double latency_ms, ss_error *err)
{
    ss_run *r = ctx;
    ss_event ev = {0};
    ev.time_ms = ss_engine_now(r->engine) + (int64_t)ceil(latency_ms);
    ev.priority = PRIO_ANSWER;
    ev.type = EV_ANSWER;
    ev.subnet = population;
    ev.a = slot;
    return ss_engine_schedule(r->engine, &ev, err);
}

static ss_status on_answer(void *ctx, const ss_event *ev, ss_error *err)
{
    ss_run *r = ctx;
    return ss_population_answer(&r->subnets[ev->subnet].agents, ev->a, err);
}

static ss_status run_epoch(ss_run *r, subnet_run *s, uint64_t block, ss_error *err)
{
    ss_epoch_payout pay;
    ss_status st = ss_subnet_epoch(&s->chain, block, &pay, err);
    if (st != SS_OK)
        return st;
    ss_population_after_epoch(&s->agents, &pay);
    if (r->obs.on_epoch) {
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
            .last = block + s->chain.cfg->yuma.tempo > r->sc->blocks,
        };
        st = r->obs.on_epoch(r->obs.ctx, &ev, err);
    }
    if (st == SS_OK && r->obs.on_metric && ss_population_has_adversaries(&s->agents))
        st = r->obs.on_metric(r->obs.ctx, s->chain.netuid, pay.epoch, "adversary_emission_share",
                              "", s->agents.metrics.last_epoch_adversary_share, err);
    return st;
}

static ss_status on_block(void *ctx, const ss_event *ev, ss_error *err)
{
    ss_run *r = ctx;
    uint64_t block = (uint64_t)(ev->time_ms / SS_BLOCK_MS);
    ss_status st = SS_OK;
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        ss_subnet_reveal(&s->chain);
        ss_subnet_coinbase(&s->chain);
        if (ss_subnet_epoch_due(&s->chain, block))
            st = run_epoch(r, s, block, err);
    }
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++)
        st = ss_population_block(&r->subnets[i].agents, block, schedule_answer, r, err);
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
    if (opt) {
        if (opt->observer)
            r->obs = *opt->observer;
        r->progress = opt->progress;
        r->progress_ctx = opt->progress_ctx;
        r->honest_only = opt->honest_only;
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
        subnet_run *s = &r->subnets[i];
        r->n_subnets = i + 1;
        st = ss_subnet_init(&s->chain, &sc->subnets[i], (uint32_t)i, err);
        if (st == SS_OK)
            st = ss_population_init(&s->agents, &s->chain, (uint32_t)i, r->seed, r->honest_only,
                                    notify_neuron, r, err);
        /* The subnet has been running: permits as an epoch at genesis would give them. */
        if (st == SS_OK)
            st = ss_subnet_genesis_permits(&s->chain, err);
    }
    if (st != SS_OK) {
        ss_run_destroy(r);
        return st;
    }
    *out = r;
    return SS_OK;
}

/* The same scenario and seed with every adversary acting honestly, in memory. */
static ss_status run_baseline(ss_run *r, double *honest_dps, ss_error *err)
{
    ss_run_options opt = {.seed_set = true, .seed = r->seed, .honest_only = true};
    ss_run *b;
    ss_status st = ss_run_create(r->sc, &opt, &b, err);
    if (st != SS_OK)
        return st;
    st = ss_run_execute(b, err);
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++)
        honest_dps[i] = ss_run_honest_dividend_per_stake(b, i);
    ss_run_destroy(b);
    return st;
}

static ss_status report_metrics(ss_run *r, ss_error *err)
{
    if (!r->obs.on_metric || r->honest_only)
        return SS_OK;
    double *baseline = malloc(r->n_subnets * sizeof *baseline);
    if (!baseline)
        return ss_error_set(err, SS_ENOMEM, "out of memory for metrics");
    bool adversaries = false;
    for (size_t i = 0; i < r->n_subnets; i++) {
        baseline[i] = NAN;
        adversaries |= ss_population_has_adversaries(&r->subnets[i].agents);
    }
    ss_status st = SS_OK;
    if (adversaries && r->sc->baseline)
        st = run_baseline(r, baseline, err);
    ss_metric_value values[METRICS_MAX];
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        size_t n = ss_population_metrics(&r->subnets[i].agents, baseline[i], values, METRICS_MAX);
        for (size_t k = 0; k < n && st == SS_OK; k++)
            st = r->obs.on_metric(r->obs.ctx, r->subnets[i].chain.netuid, 0, values[k].name,
                                  values[k].detail, values[k].value, err);
    }
    free(baseline);
    return st;
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
    if (st == SS_OK)
        st = report_metrics(r, err);
    if (st == SS_OK && r->obs.on_end)
        st = r->obs.on_end(r->obs.ctx, r->sc->blocks, err);
    return st;
}

void ss_run_destroy(ss_run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_subnets; i++) {
        ss_population_fini(&r->subnets[i].agents);
        ss_subnet_fini(&r->subnets[i].chain);
    }
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

double ss_run_honest_dividend_per_stake(const ss_run *r, size_t i)
{
    return i < r->n_subnets ? ss_population_honest_dps(&r->subnets[i].agents) : NAN;
}
