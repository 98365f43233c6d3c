/*
** subnetsim report: an HTML (or Markdown) report of a run database, or an
** A/B report of two. The report is written to a temporary file beside its
** destination and renamed into place, so a failure never leaves half a report.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "subnetsim/report.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim report RUN.sqlite [-o FILE] [--format html|md]\n"
            "                        [--compare OTHER.sqlite] [--epochs LIST] [--subnets LIST]\n"
            "                        [--title TEXT]\n"
            "\n"
            "Writes a report of the run database RUN.sqlite: one self-contained HTML page\n"
            "(charts as inline SVG; no script, font or file from elsewhere) or its Markdown\n"
            "twin. Without -o the report goes next to the database: RUN.html or RUN.md\n"
            "(RUN-vs-OTHER.html with --compare). The same database always gives the same bytes.\n"
            "\n"
            "  -o, --out FILE      where to write the report ('-' for standard output)\n"
            "  --format html|md    the format (default: from the extension of -o, else html)\n"
            "  --compare OTHER     an A/B report: RUN is A, OTHER is B\n"
            "  --epochs LIST       epochs for the weight and bond heatmaps, e.g. 1,20,40\n"
            "                      (default: the first sampled, the middle and the last)\n"
            "  --subnets LIST      netuids to show in detail, e.g. 1,3\n"
            "                      (default: up to 6, those that issued the most alpha)\n"
            "  --title TEXT        the report's title (default: scenario name and seed)\n"
            "  -h, --help          this message\n"
            "\n"
            "Exit status: 0 ok, 2 bad arguments or a file that is not a run database,\n"
            "4 the report could not be written.\n");
}

/* Parses "1,20,40" into at most max non-negative integers; 0 on a malformed list. */
static int parse_list(const char *s, int64_t *out, size_t max, size_t *n)
{
    *n = 0;
    while (*s) {
        if (*s < '0' || *s > '9' || *n == max)
            return 0;
        errno = 0;
        char *end;
        long long v = strtoll(s, &end, 10);
        if (errno || (*end && *end != ','))
            return 0;
        out[(*n)++] = v;
        s = *end ? end + 1 : end;
        if (*end && !*s)
            return 0;   /* a trailing comma */
    }
    return *n > 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* path without its last extension (only in its file name) */
static size_t stem_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? (size_t)(dot - path) : strlen(path);
}

static void default_out(const char *db, const char *other, const char *ext, char *buf,
                        size_t size)
{
    if (!other) {
        snprintf(buf, size, "%.*s.%s", (int)stem_len(db), db, ext);
        return;
    }
    const char *slash = strrchr(other, '/');
    const char *base = slash ? slash + 1 : other;
    snprintf(buf, size, "%.*s-vs-%.*s.%s", (int)stem_len(db), db, (int)stem_len(base), base,
             ext);
}

static int write_to_path(const ss_report_options *opt, const char *out)
{
    ss_error err;
    ss_error_clear(&err);
    if (strcmp(out, "-") == 0) {
        ss_status st = ss_report_write(opt, stdout, &err);
        if (st != SS_OK) {
            fprintf(stderr, "subnetsim report: %s\n", err.msg);
            return st == SS_EINVAL ? SS_EXIT_BAD_INPUT : SS_EXIT_FAILURE;
        }
        return SS_EXIT_OK;
    }
    size_t len = strlen(out) + 16;
    char *tmp = malloc(len);
    if (!tmp) {
        fprintf(stderr, "subnetsim report: out of memory\n");
        return SS_EXIT_FAILURE;
    }
    snprintf(tmp, len, "%s.tmp-XXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "subnetsim report: cannot write %s: %s\n", out, strerror(errno));
        free(tmp);
        return SS_EXIT_FAILURE;
    }
    /* mkstemp makes the file private; give it the mode any new file would get. */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0)
        fprintf(stderr, "subnetsim report: note: could not set the mode of %s\n", out);
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        fprintf(stderr, "subnetsim report: cannot write %s: %s\n", out, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        return SS_EXIT_FAILURE;
    }
    ss_status st = ss_report_write(opt, f, &err);
    int close_failed = fclose(f) != 0;
    if (st == SS_OK && close_failed)
        st = ss_error_set(&err, SS_EIO, "cannot write %s: %s", out, strerror(errno));
    if (st == SS_OK && rename(tmp, out) != 0)
        st = ss_error_set(&err, SS_EIO, "cannot write %s: %s", out, strerror(errno));
    if (st != SS_OK) {
        unlink(tmp);
        free(tmp);
        fprintf(stderr, "subnetsim report: %s\n", err.msg);
        return st == SS_EINVAL ? SS_EXIT_BAD_INPUT : SS_EXIT_FAILURE;
    }
    free(tmp);
    return SS_EXIT_OK;
}

int ss_cmd_report(int argc, char **argv)
{
    ss_report_options opt;
    ss_report_options_init(&opt);
    const char *out = NULL, *format = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (ss_cli_is_help(a)) {
            usage(stdout);
            return SS_EXIT_OK;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0) && has_value) {
            out = argv[++i];
        } else if (strcmp(a, "--format") == 0 && has_value) {
            format = argv[++i];
            if (strcmp(format, "html") != 0 && strcmp(format, "md") != 0 &&
                strcmp(format, "markdown") != 0) {
                fprintf(stderr, "subnetsim report: --format expects html or md, got '%s'\n",
                        format);
                return SS_EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "--compare") == 0 && has_value) {
            opt.compare_path = argv[++i];
        } else if (strcmp(a, "--epochs") == 0 && has_value) {
            if (!parse_list(argv[++i], opt.heatmap_epochs, SS_REPORT_MAX_EPOCHS,
                            &opt.n_heatmap_epochs)) {
                fprintf(stderr, "subnetsim report: --epochs expects up to %d epoch numbers "
                        "separated by commas, got '%s'\n", SS_REPORT_MAX_EPOCHS, argv[i]);
                return SS_EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "--subnets") == 0 && has_value) {
            if (!parse_list(argv[++i], opt.netuids, SS_REPORT_MAX_SUBNETS, &opt.n_netuids)) {
                fprintf(stderr, "subnetsim report: --subnets expects up to %d netuids "
                        "separated by commas, got '%s'\n", SS_REPORT_MAX_SUBNETS, argv[i]);
                return SS_EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "--title") == 0 && has_value) {
            opt.title = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "subnetsim report: unknown or incomplete option '%s'\n", a);
            usage(stderr);
            return SS_EXIT_BAD_INPUT;
        } else if (!opt.db_path) {
            opt.db_path = a;
        } else {
            fprintf(stderr, "subnetsim report: one run database at a time (got '%s' and "
                    "'%s'; use --compare for an A/B report)\n", opt.db_path, a);
            return SS_EXIT_BAD_INPUT;
        }
    }
    if (!opt.db_path) {
        usage(stderr);
        return SS_EXIT_BAD_INPUT;
    }
    if (format)
        opt.format = strcmp(format, "html") == 0 ? SS_REPORT_HTML : SS_REPORT_MARKDOWN;
    else if (out && (ends_with(out, ".md") || ends_with(out, ".markdown")))
        opt.format = SS_REPORT_MARKDOWN;
    char out_buf[4096];
    if (!out) {
        default_out(opt.db_path, opt.compare_path,
                    opt.format == SS_REPORT_HTML ? "html" : "md", out_buf, sizeof out_buf);
        out = out_buf;
    }
    if (strcmp(out, opt.db_path) == 0 ||
        (opt.compare_path && strcmp(out, opt.compare_path) == 0)) {
        fprintf(stderr, "subnetsim report: the report would overwrite the database %s\n", out);
        return SS_EXIT_BAD_INPUT;
    }
    int status = write_to_path(&opt, out);
    if (status == SS_EXIT_OK && strcmp(out, "-") != 0)
        printf("wrote %s\n", out);
    return status;
}
