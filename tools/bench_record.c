/*
** Benchmark of the run database writer at log level "full": feeds the
** recorder synthetic epochs of a 256-UID subnet (64 validators weighting and
** bonding 192 miners) and prints the rows written per second.
**
**   build/tools/bench_record [EPOCHS] [DB]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "subnetsim/consensus.h"
#include "subnetsim/record.h"
#include "subnetsim/rng.h"
#include "subnetsim/scenario.h"

#define N 256
#define V 64

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const ss_error *err)
{
    fprintf(stderr, "bench_record: %s\n", err->msg);
    exit(1);
}

int main(int argc, char **argv)
{
    int epochs = argc > 1 ? atoi(argv[1]) : 200;
    const char *path = argc > 2 ? argv[2] : "/tmp/subnetsim-bench-record.sqlite";
    const char *text =
        "{\"name\":\"bench\",\"blocks\":100000,\"log\":{\"level\":\"full\"},"
        "\"subnets\":[{\"max_uids\":256,\"validators\":[{\"count\":64}],"
        "\"miners\":[{\"count\":191}]}]}";
    ss_error err;
    ss_scenario *sc;
    if (ss_scenario_parse(text, "bench.json", &sc, NULL, &err) != SS_OK)
        die(&err);
    ss_recorder *rec;
    if (ss_recorder_open(path, &rec, &err) != SS_OK)
        die(&err);
    const ss_run_observer *obs = ss_recorder_observer(rec);

    /* A consensus state holding full bond rows, and dense weight rows. */
    ss_yuma_params p;
    ss_yuma_params_default(&p);
    ss_yuma *y;
    if (ss_yuma_create(&p, N, &y, &err) != SS_OK)
        die(&err);
    ss_pcg32 r;
    ss_pcg32_seed(&r, 1, 2);
    static ss_weight_entry store[V][N];
    static ss_weight_row rows[N];
    for (uint32_t i = 0; i < V; i++) {
        for (uint32_t j = 0; j < N - V; j++)
            store[i][j] = (ss_weight_entry){V + j, (uint16_t)(1 + ss_pcg32_bounded(&r, 65535))};
        rows[i] = (ss_weight_row){store[i], N - V};
        if (ss_yuma_set_bond_row(y, i, store[i], N - V, &err) != SS_OK)
            die(&err);
    }
    static double real[6][N];
    static uint64_t amounts[6][N];
    static bool flags[2][N];
    for (uint32_t i = 0; i < N; i++) {
        for (int k = 0; k < 6; k++) {
            real[k][i] = ss_rng_uniform(&r) / N;
            amounts[k][i] = ss_pcg32_next(&r);
        }
        flags[0][i] = flags[1][i] = true;
    }
    ss_yuma_output out = {N, real[0], real[1], real[2], real[3], real[4], real[5],
                          amounts[0], amounts[1], amounts[2], flags[0], flags[1]};

    if (obs->on_begin(obs->ctx, sc, 1, &err) != SS_OK)
        die(&err);
    double t0 = now();
    for (int e = 1; e <= epochs; e++) {
        ss_epoch_view ev = {
            .netuid = 1, .epoch = (uint64_t)e, .block = (uint64_t)e * 360,
            .issued_rao = 360000000000ULL, .n = N, .stake_rao = amounts[3],
            .miner_paid_rao = amounts[4], .validator_paid_rao = amounts[5], .yuma = &out,
            .weights = rows, .consensus = y, .last = e == epochs,
        };
        if (obs->on_epoch(obs->ctx, &ev, &err) != SS_OK)
            die(&err);
    }
    double writing = now() - t0;
    /* Finishing builds the keys and indexes of the large tables: part of the cost. */
    if (obs->on_end(obs->ctx, 0, &err) != SS_OK)
        die(&err);
    ss_recorder_close(rec);
    double elapsed = now() - t0;

    /* Rows written per epoch: epochs, subnet_epochs, uid_epochs, weights, bonds. */
    double rows_per_epoch = 1 + 1 + N + 2.0 * V * (N - V);
    double total = rows_per_epoch * epochs;
    printf("epochs=%d rows=%.0f seconds=%.3f (writing %.3f, indexing %.3f) rows_per_second=%.0f\n",
           epochs, total, elapsed, writing, elapsed - writing, total / elapsed);
    ss_yuma_destroy(y);
    ss_scenario_free(sc);
    unlink(path);
    return 0;
}
