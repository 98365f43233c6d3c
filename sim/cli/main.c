/* The subnetsim command: global options and dispatch to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "ss_version.h"

static const struct {
    const char *name;
    ss_cli_command run;
    const char *summary;
} commands[] = {
    {"run", ss_cmd_run, "simulate a scenario into a SQLite run database"},
    {"validate", ss_cmd_validate, "check scenario files, reporting every problem"},
    {"conformance", ss_cmd_conformance, "replay conformance vectors and report every check"},
    {"bench", ss_cmd_bench, "measure the speed of a component (bench consensus ...)"},
    {"report", ss_cmd_report, "write an HTML or Markdown report of a run database"},
    {NULL, NULL, NULL},
};

int ss_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: subnetsim <command> [options]\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n  --version    print the version\n"
                 "  --help       this message; 'subnetsim <command> --help' for a command\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return SS_EXIT_BAD_INPUT;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("subnetsim %s\n", SS_VERSION);
        return SS_EXIT_OK;
    }
    if (ss_cli_is_help(argv[1])) {
        usage(stdout);
        return SS_EXIT_OK;
    }
    for (size_t i = 0; commands[i].name; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "subnetsim: unknown command '%s' (try 'subnetsim --help')\n", argv[1]);
    return SS_EXIT_BAD_INPUT;
}
