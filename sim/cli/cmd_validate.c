/* subnetsim validate: check scenario files and report every problem at once. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "subnetsim/scenario.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim validate FILE...\n"
            "\n"
            "Checks each scenario file and prints every problem as\n"
            "  file:json.path: message\n"
            "Exit status: 0 if every file is valid, 2 otherwise.\n");
}

int ss_cmd_validate(int argc, char **argv)
{
    int files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        if (ss_cli_is_help(argv[i])) {
            usage(stdout);
            return SS_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "subnetsim validate: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return SS_EXIT_BAD_INPUT;
        }
    }
    for (int i = 1; i < argc; i++) {
        ss_buf problems = {0};
        ss_error err;
        ss_scenario *sc;
        files++;
        ss_status st = ss_scenario_load(argv[i], &sc, &problems, &err);
        if (st == SS_OK) {
            printf("%s: ok (%zu subnet%s, %llu blocks)\n", argv[i], sc->n_subnets,
                   sc->n_subnets == 1 ? "" : "s", (unsigned long long)sc->blocks);
            ss_scenario_free(sc);
        } else {
            bad++;
            const char *lines = ss_buf_str(&problems);
            fputs(lines && *lines ? lines : err.msg, stderr);
            if (!(lines && *lines))
                fputc('\n', stderr);
        }
        ss_buf_fini(&problems);
    }
    if (files == 0) {
        usage(stderr);
        return SS_EXIT_BAD_INPUT;
    }
    return bad ? SS_EXIT_BAD_INPUT : SS_EXIT_OK;
}
