/*
** subnetsim bench economy [--subnets N] [--uids U] [--days D] [--variant V] [--mode M]
**                          [--preset P]
** Times whole runs of a synthetic network: N subnets of U UIDs with the
** default agents (validators observing miners directly, so no task queries;
** miners arriving by burn), the chain economy every block (coinbase, pools,
** scheduler, distribution, the holders' ledger) and Yuma at every epoch; then
** the same without Yuma (epochs pay by stake). Prints ms_per_day=<n> and
** ms_per_day_no_yuma=<n>, genesis excluded, single thread.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "subnetsim/run.h"
#include "subnetsim/scenario.h"
#include "subnetsim/util.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim bench economy [--subnets N] [--uids U] [--days D]\n"
            "                               [--variant V] [--mode chain|float] [--preset P]\n"
            "\n"
            "Runs N subnets (default 128) of U UIDs (256) with the default agents for D\n"
            "days (1): emission, pools, registrations and Yuma epochs, no task queries;\n"
            "then again with epochs that skip Yuma. Prints ms_per_day=<n> and\n"
            "ms_per_day_no_yuma=<n> (genesis excluded). Consensus: V (yuma3), M (chain);\n"
            "the validators' scoring: the text task's preset P (sn1).\n");
}

/* Times one run of sc; returns ms of simulation, or a negative value on
** error. *events gets the events the engine handled (events may be NULL). */
static double time_run(const ss_scenario *sc, bool no_consensus, uint64_t *events)
{
    ss_run_options opt = {.no_consensus = no_consensus};
    ss_run *r;
    ss_error err;
    double ms = -1;
    if (ss_run_create(sc, &opt, &r, &err) == SS_OK) {
        double t0 = now_ms();
        if (ss_run_execute(r, &err) == SS_OK)
            ms = now_ms() - t0;
        if (events)
            *events = ss_run_events(r);
    }
    if (ms < 0)
        fprintf(stderr, "subnetsim bench economy: %s\n", err.msg);
    ss_run_destroy(r);
    return ms;
}

int ss__cmd_bench_economy(int argc, char **argv)
{
    long subnets = 128, uids = 256;
    double days = 1;
    const char *variant = "yuma3", *mode = "chain", *preset = "sn1";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (ss_cli_is_help(a)) {
            usage(stdout);
            return SS_EXIT_OK;
        }
        if (!v) {
            fprintf(stderr, "subnetsim bench economy: '%s' needs a value\n", a);
            return SS_EXIT_BAD_INPUT;
        }
        i++;
        if (strcmp(a, "--subnets") == 0)
            subnets = strtol(v, NULL, 10);
        else if (strcmp(a, "--uids") == 0)
            uids = strtol(v, NULL, 10);
        else if (strcmp(a, "--days") == 0)
            days = strtod(v, NULL);
        else if (strcmp(a, "--variant") == 0)
            variant = v;
        else if (strcmp(a, "--mode") == 0)
            mode = v;
        else if (strcmp(a, "--preset") == 0)
            preset = v;
        else {
            fprintf(stderr, "subnetsim bench economy: unknown option '%s'\n", a);
            usage(stderr);
            return SS_EXIT_BAD_INPUT;
        }
    }
    if (subnets < 1 || subnets > 1024 || uids < 8 || uids > 4096 || !(days > 0)) {
        fprintf(stderr, "subnetsim bench economy: wants 1 <= N <= 1024, 8 <= U <= 4096, D > 0\n");
        return SS_EXIT_BAD_INPUT;
    }
    ss_buf text = {0};
    ss_buf_printf(&text, "{\"name\": \"bench_economy\", \"seed\": 1, \"days\": %.17g,"
                  " \"log\": {\"level\": \"summary\"}, \"metrics\": {\"baseline\": false},"
                  " \"consensus\": {\"variant\": \"%s\", \"mode\": \"%s\"},"
                  " \"network\": {\"subnet_limit\": %ld}, \"subnets\": [", days, variant, mode,
                  subnets);
    for (long s = 0; s < subnets; s++)
        ss_buf_printf(&text, "%s{\"max_uids\": %ld, \"pool\": {\"tao\": %ld, \"alpha\": 1000000},"
                      " \"task\": {\"kind\": \"text\", \"preset\": \"%s\"}}",
                      s ? ", " : "", uids, 20000 + 10000 * (s % 16), preset);
    ss_buf_puts(&text, "]}");
    if (!ss_buf_str(&text)) {
        fprintf(stderr, "subnetsim bench economy: out of memory\n");
        return SS_EXIT_FAILURE;
    }
    ss_scenario *sc;
    ss_buf problems = {0};
    ss_error err;
    ss_status st = ss_scenario_parse(ss_buf_str(&text), "bench", &sc, &problems, &err);
    ss_buf_fini(&problems);
    ss_buf_fini(&text);
    if (st != SS_OK) {
        fprintf(stderr, "subnetsim bench economy: %s\n", err.msg);
        return SS_EXIT_FAILURE;
    }
    uint64_t events = 0; /* both runs parse one scenario */
    double with = time_run(sc, false, &events);
    double without = with >= 0 ? time_run(sc, true, NULL) : -1;
    ss_scenario_free(sc);
    if (with < 0 || without < 0)
        return SS_EXIT_FAILURE;
    printf("ms_per_day=%.1f\nms_per_day_no_yuma=%.1f\n", with / days, without / days);
    fprintf(stderr, "bench economy: %ld subnets x %ld UIDs, %.3g day(s), %s/%s, %llu blocks\n",
            subnets, uids, days, variant, mode, (unsigned long long)events);
    return SS_EXIT_OK;
}
