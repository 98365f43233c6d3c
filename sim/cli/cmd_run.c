/* subnetsim run: simulate a scenario into a SQLite file and print a summary. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/progress.h"
#include "subnetsim/record.h"
#include "subnetsim/report.h"
#include "subnetsim/run.h"
#include "subnetsim/scenario.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim run FILE [--out DB] [--seed N] [--audit] [--quiet]\n"
            "\n"
            "Simulates the scenario FILE and writes every epoch to the SQLite file DB\n"
            "(default runs/<scenario file name>.sqlite; an existing file is replaced).\n"
            "\n"
            "  --out DB    where to write the run database\n"
            "  --seed N    use seed N (0..2^64-1) instead of the scenario's\n"
            "  --audit     check at every block that the TAO issued equals balances + stakes\n"
            "              + pool reserves + burned + recycled + pending, exactly in rao (and\n"
            "              each subnet's alpha likewise); stop at the first difference;\n"
            "              print 'audit: ok issued=<rao> accounted=<rao>' at the end\n"
            "  --quiet     print nothing but errors (and the audit line)\n"
            "  -h, --help  this message\n"
            "\n"
            "Exit status: 0 ok, 2 bad scenario or arguments, 3 the audit found a\n"
            "difference (the run is marked failed), 4 the run failed.\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!*s || *s == '-')
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return 0;
    *out = v;
    return 1;
}

/* runs/<basename of file without extension>.sqlite */
static void default_out(const char *file, char *buf, size_t size)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    size_t len = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        len = (size_t)(dot - base);
    snprintf(buf, size, "runs/%.*s.sqlite", (int)len, base);
}

int ss_cmd_run(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    uint64_t seed = 0;
    int seed_set = 0, quiet = 0, audit = 0;
    for (int i = 1; i < argc; i++) {
        if (ss_cli_is_help(argv[i])) {
            usage(stdout);
            return SS_EXIT_OK;
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            if (!parse_u64(argv[++i], &seed)) {
                fprintf(stderr, "subnetsim run: --seed expects a whole number in "
                                "[0, 18446744073709551615], got '%s'\n", argv[i]);
                return SS_EXIT_BAD_INPUT;
            }
            seed_set = 1;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--audit") == 0) {
            audit = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "subnetsim run: unknown or incomplete option '%s'\n", argv[i]);
            usage(stderr);
            return SS_EXIT_BAD_INPUT;
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "subnetsim run: one scenario at a time (got '%s' and '%s')\n",
                    file, argv[i]);
            return SS_EXIT_BAD_INPUT;
        }
    }
    if (!file) {
        usage(stderr);
        return SS_EXIT_BAD_INPUT;
    }

    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc;
    ss_status st = ss_scenario_load(file, &sc, NULL, &err);
    if (st != SS_OK) {
        fprintf(stderr, "subnetsim: %s\n", err.msg);
        return st == SS_ENOMEM ? SS_EXIT_FAILURE : SS_EXIT_BAD_INPUT;
    }

    char out_buf[4096];
    if (!out) {
        default_out(file, out_buf, sizeof out_buf);
        out = out_buf;
        if (mkdir("runs", 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "subnetsim: cannot create runs/: %s\n", strerror(errno));
            ss_scenario_free(sc);
            return SS_EXIT_FAILURE;
        }
    }

    ss_recorder *rec = NULL;
    ss_run *run = NULL;
    ss_progress progress;
    ss_progress_init(&progress, quiet);
    st = ss_recorder_open(out, &rec, &err);
    if (st == SS_OK) {
        ss_run_options opt = {
            .seed_set = seed_set,
            .seed = seed,
            .observer = ss_recorder_observer(rec),
            .progress = ss_progress_update,
            .progress_ctx = &progress,
            .audit = audit,
        };
        st = ss_run_create(sc, &opt, &run, &err);
        if (st == SS_OK)
            st = ss_run_execute(run, &err);
        ss_progress_done(&progress);
        if (st != SS_OK)
            ss_recorder_fail(rec, err.msg, NULL);
    }
    uint64_t issued = 0, accounted = 0;
    if (st == SS_OK && run)
        ss_run_audit_totals(run, &issued, &accounted);
    ss_run_destroy(run);
    ss_recorder_close(rec);
    ss_scenario_free(sc);
    if (st != SS_OK) {
        fprintf(stderr, "subnetsim: %s%s\n", st == SS_EAUDIT ? "audit failed: " : "", err.msg);
        return st == SS_EAUDIT ? SS_EXIT_AUDIT : SS_EXIT_FAILURE;
    }
    if (audit)
        printf("audit: ok issued=%" PRIu64 " accounted=%" PRIu64 "\n", issued, accounted);
    if (!quiet) {
        st = ss_report_summary(out, stdout, &err);
        if (st != SS_OK) {
            fprintf(stderr, "subnetsim: %s\n", err.msg);
            return SS_EXIT_FAILURE;
        }
        printf("\nwrote %s\n", out);
    }
    return SS_EXIT_OK;
}
