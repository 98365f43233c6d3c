/*
** The subcommands of the subnetsim command. Each lives in its own
** sim/cli/cmd_<name>.c and returns the process exit status:
** 0 success, 1 a check failed (conformance, audit summary), 2 bad input or
** usage, 3 audit violation, 4 internal or I/O error.
*/
#ifndef SS_CLI_COMMANDS_H
#define SS_CLI_COMMANDS_H

#include <stdio.h>

enum {
    SS_EXIT_OK = 0,
    SS_EXIT_CHECKS_FAILED = 1,
    SS_EXIT_BAD_INPUT = 2,
    SS_EXIT_AUDIT = 3,
    SS_EXIT_FAILURE = 4
};

typedef int (*ss_cli_command)(int argc, char **argv);

int ss_cmd_run(int argc, char **argv);
int ss_cmd_validate(int argc, char **argv);
int ss_cmd_conformance(int argc, char **argv);
int ss_cmd_bench(int argc, char **argv);
/* subnetsim bench economy (cmd_bench_economy.c). */
int ss__cmd_bench_economy(int argc, char **argv);
int ss_cmd_report(int argc, char **argv);

/* True if arg is -h or --help. */
int ss_cli_is_help(const char *arg);

#endif
