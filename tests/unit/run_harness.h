/*
** Running scenarios in memory for tests: an observer that keeps the run
** metrics and per-epoch sums of consensus, incentive and pay by agent kind.
*/
#ifndef SS_TESTS_RUN_HARNESS_H
#define SS_TESTS_RUN_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/run.h"

#define HARNESS_UIDS 512
#define HARNESS_METRICS 64

typedef struct harness {
    /* Run metrics (epoch 0). */
    char metric_name[HARNESS_METRICS][64];
    char metric_detail[HARNESS_METRICS][64];
    double metric_value[HARNESS_METRICS];
    int n_metrics;
    /* Per UID of subnet 1. */
    char kind[HARNESS_UIDS][32];
    char role[HARNESS_UIDS][16];
    double quality[HARNESS_UIDS];
    double consensus_sum[HARNESS_UIDS], incentive_sum[HARNESS_UIDS];
    double miner_paid[HARNESS_UIDS], validator_paid[HARNESS_UIDS];
    uint64_t initial_stake[HARNESS_UIDS];
    uint32_t n;
    uint64_t epochs;
    uint64_t skip_epochs; /* epochs ignored at the start (warm-up) for the sums */
} harness;

/* Parses text, runs it with seed (honest_only for a baseline) into h; fails the test on error. */
void harness_run(harness *h, const char *text, uint64_t seed, bool honest_only);

/* A run metric by name (and detail, or NULL for the first of that name); NaN if absent. */
double harness_metric(const harness *h, const char *name, const char *detail);

/* Sum over UIDs whose agent kind is kind of the mean per counted epoch of field. */
double harness_kind_consensus(const harness *h, const char *kind);
double harness_kind_incentive(const harness *h, const char *kind);
double harness_kind_miner_paid(const harness *h, const char *kind);

#endif
