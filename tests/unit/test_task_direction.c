/*
** The direction test of issue 5: for every task kind and each of its presets,
** over several seeds, a miner of better true quality earns more. Each case is
** a short scenario run in memory through the public API; an observer records
** every miner's true quality and adds up what each UID was paid. Kendall's
** tau-b between quality and pay must be clearly positive, and the best
** decile of miners by quality must out-earn the worst decile, for every seed.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "subnetsim/run.h"
#include "subnetsim/scenario.h"
#include "tasks/task.h"

#define SEEDS 5
#define MAX_UIDS 64
#define MIN_TAU 0.4

/* A scenario per kind: the task's keys beyond kind and preset, validators and miners. */
typedef struct kind_case {
    const char *kind;
    const char *task;
    const char *validators;
    const char *miners;
    int blocks;
} kind_case;

static const kind_case cases[] = {
    {"text", "\"timeout_ms\":12000",
     "{\"count\":4,\"stake_tao\":10000,\"sample_size\":10}",
     "{\"count\":30,\"quality\":{\"dist\":\"uniform\",\"min\":0.1,\"max\":0.9}}", 2000},
    {"inference",
     "\"timeout_ms\":30000,\"tokens_median\":300,\"check_fraction\":0.2,\"period_blocks\":100",
     "{\"count\":4,\"stake_tao\":10000,\"sample_size\":10}",
     "{\"count\":30,\"quality\":{\"dist\":\"uniform\",\"min\":0.1,\"max\":0.95},"
     "\"answer_noise\":0.1,\"capacity\":4,"
     "\"latency_ms\":{\"dist\":\"lognormal\",\"median\":900,\"sigma\":0.3}}", 2000},
    {"trading",
     "\"period_blocks\":20,\"skill_edge\":0.2,\"fee\":0,\"recency_decay\":0.02,"
     "\"min_periods\":20",
     "{\"count\":4,\"stake_tao\":10000,\"sample_size\":30,\"query_every_blocks\":10}",
     "{\"count\":30,\"quality\":{\"dist\":\"uniform\",\"min\":0,\"max\":1}}", 3000},
    {"storage", "\"tier_count_scale\":0.01",
     "{\"count\":4,\"stake_tao\":10000,\"sample_size\":10}",
     "{\"count\":30,\"quality\":{\"dist\":\"uniform\",\"min\":0.5,\"max\":1}}", 2000},
};

typedef struct tally {
    double quality[MAX_UIDS];
    bool miner[MAX_UIDS];
    double paid[MAX_UIDS];
} tally;

static ss_status on_neuron(void *ctx, const ss_neuron_view *nv, ss_error *err)
{
    (void)err;
    tally *t = ctx;
    assert_true(nv->uid < MAX_UIDS);
    t->miner[nv->uid] = strcmp(nv->role, "miner") == 0;
    t->quality[nv->uid] = nv->true_quality;
    return SS_OK;
}

static ss_status on_epoch(void *ctx, const ss_epoch_view *ev, ss_error *err)
{
    (void)err;
    tally *t = ctx;
    for (uint32_t i = 0; i < ev->n && i < MAX_UIDS; i++)
        t->paid[i] += (double)ev->miner_paid_rao[i];
    return SS_OK;
}

/* Kendall's tau-b of (x, y) over n pairs. */
static double kendall(const double *x, const double *y, int n)
{
    double concordant = 0, discordant = 0, tie_x = 0, tie_y = 0, pairs = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j];
            pairs++;
            if (dx == 0)
                tie_x++;
            if (dy == 0)
                tie_y++;
            if (dx * dy > 0)
                concordant++;
            else if (dx * dy < 0)
                discordant++;
        }
    double d = sqrt((pairs - tie_x) * (pairs - tie_y));
    return d > 0 ? (concordant - discordant) / d : 0;
}

static int by_quality(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Runs kind case c with preset and seed; returns tau, and checks the deciles. */
static double run_case(const kind_case *c, const char *preset, uint64_t seed)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\":\"direction\",\"blocks\":%d,\"consensus\":{\"variant\":\"original\","
             "\"mode\":\"float\"},\"subnets\":[{\"netuid\":2,\"tempo\":100,\"max_uids\":%d,"
             "\"task\":{\"kind\":\"%s\",\"preset\":\"%s\",%s},\"validators\":[%s],"
             "\"miners\":[%s]}]}",
             c->blocks, MAX_UIDS, c->kind, preset, c->task, c->validators, c->miners);
    ss_scenario *sc;
    ss_error err;
    ss_buf problems = {0};
    if (ss_scenario_parse(json, "direction.json", &sc, &problems, &err) != SS_OK)
        fail_msg("%s/%s: %s\n%s", c->kind, preset, err.msg, ss_buf_str(&problems));
    ss_buf_fini(&problems);
    tally t;
    memset(&t, 0, sizeof t);
    ss_run_observer obs = {.ctx = &t, .on_neuron = on_neuron, .on_epoch = on_epoch};
    ss_run_options opt = {.seed_set = true, .seed = seed, .observer = &obs};
    ss_run *r;
    assert_int_equal(ss_run_create(sc, &opt, &r, &err), SS_OK);
    if (ss_run_execute(r, &err) != SS_OK)
        fail_msg("%s/%s seed %llu: %s", c->kind, preset, (unsigned long long)seed, err.msg);
    ss_run_destroy(r);
    ss_scenario_free(sc);

    double q[MAX_UIDS], pay[MAX_UIDS], pairs[MAX_UIDS][2];
    int n = 0;
    for (int u = 0; u < MAX_UIDS; u++)
        if (t.miner[u]) {
            q[n] = t.quality[u];
            pay[n] = t.paid[u];
            pairs[n][0] = q[n];
            pairs[n][1] = pay[n];
            n++;
        }
    assert_true(n >= 20);
    qsort(pairs, (size_t)n, sizeof pairs[0], by_quality);
    int decile = n / 10;
    double low = 0, high = 0;
    for (int i = 0; i < decile; i++) {
        low += pairs[i][1];
        high += pairs[n - 1 - i][1];
    }
    if (!(high > low))
        fail_msg("%s/%s seed %llu: the best decile earned %.0f rao, the worst %.0f", c->kind,
                 preset, (unsigned long long)seed, high, low);
    return kendall(q, pay, n);
}

static void test_better_quality_earns_more(void **state)
{
    (void)state;
    int kinds = 0;
    for (int k = 0; k < SS_TASK_KINDS; k++) {
        const ss_task_kind_desc *d = ss_task_kind_desc_of((ss_task_kind)k);
        if (!d)
            continue;
        kinds++;
        const kind_case *c = NULL;
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            if (strcmp(cases[i].kind, d->name) == 0)
                c = &cases[i];
        if (!c)
            fail_msg("no direction scenario for task kind %s", d->name);
        for (size_t p = 0; p < d->n_presets; p++) {
            double sum = 0, lo = 1;
            for (uint64_t seed = 1; seed <= SEEDS; seed++) {
                double tau = run_case(c, d->presets[p].name, seed);
                sum += tau;
                lo = tau < lo ? tau : lo;
                if (!(tau > MIN_TAU))
                    fail_msg("%s/%s seed %llu: Kendall tau %.3f <= %.2f", d->name,
                             d->presets[p].name, (unsigned long long)seed, tau, MIN_TAU);
            }
            print_message("%-10s %-16s tau mean %.3f, min %.3f over %d seeds\n", d->name,
                          d->presets[p].name, sum / SEEDS, lo, SEEDS);
        }
    }
    assert_int_equal(kinds, SS_TASK_KINDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_better_quality_earns_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
