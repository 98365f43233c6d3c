/* Task fixtures: a task and its miners from a scenario text, queried directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "task_fixture.h"
#include "tasks/scoring.h"

void fixture_init(task_fixture *f, const char *task, const char *miners, uint32_t n_validators)
{
    memset(f, 0, sizeof *f);
    char json[8192];
    snprintf(json, sizeof json,
             "{\"name\":\"fixture\",\"seed\":7,\"blocks\":100,\"subnets\":[{\"netuid\":3,"
             "\"max_uids\":1024,\"task\":{%s},\"validators\":[{\"count\":%u}],\"miners\":[%s]}]}",
             task, n_validators, miners);
    ss_error err;
    ss_buf problems = {0};
    if (ss_scenario_parse(json, "fixture.json", &f->sc, &problems, &err) != SS_OK)
        fail_msg("fixture scenario: %s\n%s", err.msg, ss_buf_str(&problems));
    ss_buf_fini(&problems);
    const ss_subnet_config *c = &f->sc->subnets[0];
    for (size_t g = 0; g < c->n_miner_groups; g++)
        f->n_miners += c->miners[g].count;
    f->n_validators = n_validators;
    assert_int_equal(ss_task_init(&f->task, &c->task, c->netuid, f->sc->seed, f->n_miners,
                                  n_validators, &err), SS_OK);
    f->miners = calloc(f->n_miners, sizeof *f->miners);
    f->stats = calloc((size_t)n_validators * f->n_miners, sizeof *f->stats);
    f->uids = calloc(f->n_miners, sizeof *f->uids);
    assert_non_null(f->miners);
    assert_non_null(f->stats);
    assert_non_null(f->uids);
    uint32_t k = 0;
    for (size_t g = 0; g < c->n_miner_groups; g++)
        for (uint32_t i = 0; i < c->miners[g].count; i++, k++) {
            ss_miner_init(&f->miners[k], f->sc->seed, c->netuid, n_validators + k,
                          (uint32_t)g, &c->miners[g]);
            f->miners[k].uid = k;
            f->uids[k] = k;
        }
    ss_rng_stream(&f->rng, f->sc->seed, c->netuid, 0, SS_RNG_SAMPLING);
}

void fixture_fini(task_fixture *f)
{
    ss_task_fini(&f->task);
    free(f->miners);
    free(f->stats);
    free(f->uids);
    ss_scenario_free(f->sc);
}

void fixture_ask(task_fixture *f, uint32_t v, uint32_t k, uint64_t block, ss_query *q,
                 ss_answer *a)
{
    memset(q, 0, sizeof *q);
    memset(a, 0, sizeof *a);
    q->block = block;
    q->validator = v;
    q->miner = k;
    q->stake_share = 1.0 / f->n_validators;
    f->task.desc->make_query(&f->task, &f->rng, q);
    f->task.desc->answer(&f->task, q, &f->miners[k], a);
}

double fixture_score(task_fixture *f, const ss_query *q, const ss_answer *a)
{
    ss_miner_stats *st = &f->stats[(size_t)q->validator * f->n_miners + q->miner];
    if (f->task.desc->observe)
        f->task.desc->observe(&f->task, q, a, st);
    double s = f->task.preset->score(&f->task, q, a, st);
    ss_stats_fold(st, s, !a->error && !a->timed_out, f->task.cfg->scoring.ema_alpha);
    return s;
}

void fixture_weights(task_fixture *f, uint32_t v, double *w)
{
    ss_scoring_weights(&f->task, v, f->stats + (size_t)v * f->n_miners, f->uids, f->n_miners,
                       w);
}

int fixture_metric(const task_fixture *f, const char *name)
{
    for (int i = 0; f->task.desc->metric_names[i]; i++)
        if (strcmp(f->task.desc->metric_names[i], name) == 0)
            return i;
    fail_msg("no metric %s", name);
    return -1;
}
