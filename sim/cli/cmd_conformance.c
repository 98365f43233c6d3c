/*
** subnetsim conformance [--json] [--verbose] [--float] FILE|DIR...
** Replays conformance vector files (a directory means its *.json files, in
** name order) and reports every comparison. Exit status 0 only when every
** check passed and every file could be replayed.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "subnetsim/conformance.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim conformance [--json] [--verbose] [--float] FILE|DIR...\n"
            "\n"
            "Replays vector files of every known schema: the chain's Yuma epoch and math\n"
            "vectors (yuma-vector/1), the reference tool's runs (yuma-sim-peer-vector/1)\n"
            "and the emission vectors. A directory stands for its *.json files.\n"
            "\n"
            "  --json      print one JSON document {\"files\":[{\"file\",\"checks\":[...],\n"
            "              \"passed\",\"failed\",\"skipped\"}],...}\n"
            "  --verbose   text mode: list every check, not only the failures\n"
            "  --float     replay the chain's vectors in float64 mode (default: chain mode)\n"
            "\n"
            "Exit status: 0 all checks passed, 1 a check failed or a file could not be\n"
            "replayed, 2 bad usage.\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends path, or the sorted *.json files of a directory, to the list. */
static int add_path(const char *path, char ***list, int *n, int *cap)
{
    struct stat st;
    char **found = NULL;
    int nf = 0, capf = 0;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
                continue;
            if (nf == capf) {
                capf = capf ? capf * 2 : 16;
                char **g = realloc(found, (size_t)capf * sizeof *g);
                if (!g) {
                    closedir(d);
                    return -1;
                }
                found = g;
            }
            size_t pl = strlen(path) + l + 2;
            found[nf] = malloc(pl);
            if (!found[nf]) {
                closedir(d);
                return -1;
            }
            snprintf(found[nf], pl, "%s/%s", path, e->d_name);
            nf++;
        }
        closedir(d);
        qsort(found, (size_t)nf, sizeof *found, cmp_str);
    } else {
        found = malloc(sizeof *found);
        if (!found || !(found[0] = strdup(path))) {
            free(found);
            return -1;
        }
        nf = 1;
    }
    for (int i = 0; i < nf; i++) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            char **g = realloc(*list, (size_t)*cap * sizeof *g);
            if (!g)
                return -1;
            *list = g;
        }
        (*list)[(*n)++] = found[i];
    }
    free(found);
    return 0;
}

int ss_cmd_conformance(int argc, char **argv)
{
    ss_conformance_options opt = {false, false, false};
    char **files = NULL;
    int nfiles = 0, cap = 0, status;
    for (int i = 1; i < argc; i++) {
        if (ss_cli_is_help(argv[i])) {
            usage(stdout);
            status = SS_EXIT_OK;
            goto done;
        } else if (strcmp(argv[i], "--json") == 0) {
            opt.json = true;
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            opt.verbose = true;
        } else if (strcmp(argv[i], "--float") == 0) {
            opt.float_mode = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "subnetsim conformance: unknown option '%s'\n", argv[i]);
            usage(stderr);
            status = SS_EXIT_BAD_INPUT;
            goto done;
        } else if (add_path(argv[i], &files, &nfiles, &cap) != 0) {
            fprintf(stderr, "subnetsim conformance: cannot list '%s'\n", argv[i]);
            status = SS_EXIT_FAILURE;
            goto done;
        }
    }
    if (nfiles == 0) {
        fprintf(stderr, "subnetsim conformance: no vector files given\n");
        usage(stderr);
        status = SS_EXIT_BAD_INPUT;
        goto done;
    }
    ss_conformance_totals t;
    ss_error err;
    ss_error_clear(&err);
    if (ss_conformance_run((const char *const *)files, nfiles, &opt, stdout, &t, &err) != SS_OK) {
        fprintf(stderr, "subnetsim conformance: %s\n", err.msg);
        status = SS_EXIT_FAILURE;
        goto done;
    }
    status = (t.failed || t.unreadable) ? SS_EXIT_CHECKS_FAILED : SS_EXIT_OK;
done:
    for (int i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    return status;
}
