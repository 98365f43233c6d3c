/*
** A run: builds the chain economy, the holders' ledger, each subnet's chain
** state and agents from the scenario, then drives them with the event
** engine. Each block (an event every 12 s of simulated time) runs the chain's
** part first, as on_initialize does on chain (run_block.c), then the agents
** act: validators send queries, whose answers come back as events after their
** latency, and set weights; miners register; stakers stake. At the end come
** the run metrics, measured against an adversary-free baseline run when the
** scenario has adversaries.
*/
#include "subnetsim/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/run_internal.h"

#define METRICS_MAX 64

ss_status ss__run_fail(ss_run *r, ss_error *err, ss_status st, const char *what)
{
    if (err && err->msg[0]) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return ss_error_set(err, st, "block %llu: %s: %s", (unsigned long long)r->block, what,
                            msg);
    }
    return ss_error_set(err, st, "block %llu: %s", (unsigned long long)r->block, what);
}

static ss_status on_answer(void *ctx, const ss_event *ev, ss_error *err)
{
    ss_run *r = ctx;
    subnet_run *s = &r->subnets[ev->subnet];
    if (!s->alive) {
        /* The subnet was dissolved with the query in flight. */
        struct ss_inflight *f = &s->agents.inflight[ev->a];
        f->next = s->agents.inflight_free;
        s->agents.inflight_free = ev->a;
        return SS_OK;
    }
    return ss_population_answer(&s->agents, ev->a, err);
}

static ss_status on_block(void *ctx, const ss_event *ev, ss_error *err)
{
    ss_run *r = ctx;
    uint64_t block = (uint64_t)(ev->time_ms / SS_BLOCK_MS);
    ss_status st = ss__run_block(r, block, err);
    if (st != SS_OK)
        return st;
    if (block < r->sc->blocks) {
        ss_event next = *ev;
        next.time_ms += SS_BLOCK_MS;
        st = ss_engine_schedule(r->engine, &next, err);
    }
    if (r->progress && (block % 256 == 0 || block == r->sc->blocks))
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
        r->audit = opt->audit;
        r->no_consensus = opt->no_consensus;
    }
    ss_status st = ss_engine_create(&r->engine, err);
    if (st == SS_OK) {
        ss_engine_on(r->engine, EV_BLOCK, on_block, r);
        ss_engine_on(r->engine, EV_ANSWER, on_answer, r);
        st = ss_economy_create(&sc->network.econ, &r->econ, err);
    }
    if (st == SS_OK)
        st = ss_ledger_init(&r->ledger, r->econ->max_netuid, err);
    if (st == SS_OK) {
        size_t cap = sc->n_subnets;
        for (size_t i = 0; i < sc->network.n_creators; i++)
            cap += sc->network.creators[i].count;
        r->cap_subnets = cap;
        size_t slots = (size_t)r->econ->max_netuid + 1;
        r->subnets = calloc(cap, sizeof *r->subnets);
        r->by_netuid = calloc(slots, sizeof *r->by_netuid);
        r->epoch_count = calloc(slots, sizeof *r->epoch_count);
        r->due = calloc(slots, sizeof *r->due);
        r->creators = calloc(sc->network.n_creators + 1, sizeof *r->creators);
        if (!r->subnets || !r->by_netuid || !r->epoch_count || !r->due || !r->creators)
            st = ss_error_set(err, SS_ENOMEM, "out of memory creating the run");
    }
    if (st == SS_OK && r->obs.on_begin)
        st = r->obs.on_begin(r->obs.ctx, sc, r->seed, err);
    if (st == SS_OK)
        st = ss__run_genesis(r, err);
    if (st != SS_OK) {
        ss_run_destroy(r);
        return st;
    }
    *out = r;
    return SS_OK;
}

/* The same scenario and seed with every adversary acting honestly, in memory. */
static ss_status run_baseline(ss_run *r, ss_run **out, ss_error *err)
{
    ss_run_options opt = {.seed_set = true, .seed = r->seed, .honest_only = true,
                          .no_consensus = r->no_consensus};
    ss_status st = ss_run_create(r->sc, &opt, out, err);
    if (st == SS_OK)
        st = ss_run_execute(*out, err);
    return st;
}

static ss_status report_metrics(ss_run *r, ss_error *err)
{
    if (!r->obs.on_metric || r->honest_only)
        return SS_OK;
    bool adversaries = false;
    for (size_t i = 0; i < r->n_subnets; i++)
        adversaries |= ss_population_has_adversaries(&r->subnets[i].agents);
    for (uint32_t i = 0; i < r->n_stakers; i++)
        adversaries |= r->stakers[i].cfg->adversary.kind != SS_ADV_NONE;
    ss_run *base = NULL;
    ss_status st = SS_OK;
    if (adversaries && r->sc->baseline)
        st = run_baseline(r, &base, err);
    ss_metric_value values[METRICS_MAX];
    for (size_t i = 0; i < r->n_subnets && st == SS_OK; i++) {
        subnet_run *s = &r->subnets[i];
        if (!s->alive)
            continue; /* a dissolved subnet's netuid may belong to another now */
        double baseline = base ? ss_run_honest_dividend_per_stake(base, i) : NAN;
        size_t n = ss_population_metrics(&s->agents, baseline, values, METRICS_MAX);
        n += ss__run_economy_metrics(r, base, s, values + n, METRICS_MAX - n);
        for (size_t k = 0; k < n && st == SS_OK; k++)
            st = r->obs.on_metric(r->obs.ctx, s->netuid, 0, values[k].name, values[k].detail,
                                  values[k].value, err);
    }
    ss_run_destroy(base);
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
    if (st == SS_OK && r->audit)
        st = ss_ledger_recount(&r->ledger, err);
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
        subnet_run *s = &r->subnets[i];
        ss_population_fini(&s->agents);
        ss_subnet_fini(&s->chain);
        free(s->own_cfg);
        free(s->out_miner);
    }
    ss__run_stakers_fini(r);
    free(r->subnets);
    free(r->by_netuid);
    free(r->epoch_count);
    free(r->due);
    free(r->creators);
    free(r->root_positions);
    free(r->root_stake);
    free(r->root_w);
    free(r->root_netuids);
    ss_strmap_fini(&r->coldkeys);
    ss_ledger_fini(&r->ledger);
    ss_economy_destroy(r->econ);
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

void ss_run_audit_totals(const ss_run *r, uint64_t *issued_rao, uint64_t *accounted_rao)
{
    *issued_rao = r->audit_result.issued_rao;
    *accounted_rao = r->audit_result.accounted_rao;
}

const struct ss_economy *ss_run_economy(const ss_run *r)
{
    return r->econ;
}
