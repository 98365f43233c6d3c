/* The in-memory run harness for tests (see run_harness.h). */
#include "run_harness.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "subnetsim/scenario.h"

static ss_status on_neuron(void *ctx, const ss_neuron_view *nv, ss_error *err)
{
    (void)err;
    harness *h = ctx;
    if (nv->uid >= HARNESS_UIDS)
        return SS_OK;
    snprintf(h->kind[nv->uid], sizeof h->kind[nv->uid], "%s", nv->agent_kind);
    snprintf(h->role[nv->uid], sizeof h->role[nv->uid], "%s", nv->role);
    h->quality[nv->uid] = nv->true_quality;
    h->initial_stake[nv->uid] = nv->stake_rao;
    if (nv->uid + 1 > h->n)
        h->n = nv->uid + 1;
    return SS_OK;
}

static ss_status on_epoch(void *ctx, const ss_epoch_view *ev, ss_error *err)
{
    (void)err;
    harness *h = ctx;
    h->epochs++;
    if (h->epochs <= h->skip_epochs)
        return SS_OK;
    for (uint32_t i = 0; i < ev->n && i < HARNESS_UIDS; i++) {
        h->consensus_sum[i] += ev->yuma->consensus[i];
        h->incentive_sum[i] += ev->yuma->incentive[i];
        h->miner_paid[i] += (double)ev->miner_paid_rao[i];
        h->validator_paid[i] += (double)ev->validator_paid_rao[i];
    }
    return SS_OK;
}

static ss_status on_metric(void *ctx, uint32_t netuid, uint64_t epoch, const char *name,
                           const char *detail, double value, ss_error *err)
{
    (void)err;
    (void)netuid;
    harness *h = ctx;
    if (epoch != 0 || h->n_metrics >= HARNESS_METRICS)
        return SS_OK;
    snprintf(h->metric_name[h->n_metrics], 64, "%s", name);
    snprintf(h->metric_detail[h->n_metrics], 64, "%s", detail ? detail : "");
    h->metric_value[h->n_metrics++] = value;
    return SS_OK;
}

void harness_run(harness *h, const char *text, uint64_t seed, bool honest_only)
{
    uint64_t skip = h->skip_epochs;
    memset(h, 0, sizeof *h);
    h->skip_epochs = skip;
    ss_scenario *sc;
    ss_error err;
    ss_buf problems = {0};
    if (ss_scenario_parse(text, "test.json", &sc, &problems, &err) != SS_OK)
        fail_msg("scenario: %s", ss_buf_str(&problems));
    ss_buf_fini(&problems);
    ss_run_observer obs = {.ctx = h, .on_neuron = on_neuron, .on_epoch = on_epoch,
                           .on_metric = on_metric};
    ss_run_options opt = {.seed_set = true, .seed = seed, .observer = &obs,
                          .honest_only = honest_only};
    ss_run *run;
    if (ss_run_create(sc, &opt, &run, &err) != SS_OK || ss_run_execute(run, &err) != SS_OK)
        fail_msg("run: %s", err.msg);
    ss_run_destroy(run);
    ss_scenario_free(sc);
}

double harness_metric(const harness *h, const char *name, const char *detail)
{
    for (int i = 0; i < h->n_metrics; i++)
        if (strcmp(h->metric_name[i], name) == 0 &&
            (!detail || strcmp(h->metric_detail[i], detail) == 0))
            return h->metric_value[i];
    return NAN;
}

static double kind_sum(const harness *h, const char *kind, const double *field)
{
    double s = 0;
    uint64_t counted = h->epochs > h->skip_epochs ? h->epochs - h->skip_epochs : 1;
    for (uint32_t i = 0; i < h->n; i++)
        if (strcmp(h->kind[i], kind) == 0)
            s += field[i];
    return s / (double)counted;
}

double harness_kind_consensus(const harness *h, const char *kind)
{
    return kind_sum(h, kind, h->consensus_sum);
}

double harness_kind_incentive(const harness *h, const char *kind)
{
    return kind_sum(h, kind, h->incentive_sum);
}

double harness_kind_miner_paid(const harness *h, const char *kind)
{
    return kind_sum(h, kind, h->miner_paid);
}
