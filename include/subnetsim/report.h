/*
** Reading a run database back for people: the short text summary printed
** after a run, and the HTML and Markdown reports (docs/report.md).
**
** A report is a pure function of the database (and, for an A/B report, of the
** second database): the same files give byte-identical reports. It works on
** every schema version subnetsim has written (1 and 2) and says so in place of
** a section whose tables or columns the run did not record.
*/
#ifndef SUBNETSIM_REPORT_H
#define SUBNETSIM_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Prints a short summary of the run in db_path to out: totals, the top
** miners by emission, and the validators' dividends.
*/
ss_status ss_report_summary(const char *db_path, FILE *out, ss_error *err);

typedef enum ss_report_format {
    SS_REPORT_HTML = 0,     /* one self-contained page: inline CSS and SVG, no script */
    SS_REPORT_MARKDOWN = 1  /* the same facts as tables, for issues and pull requests */
} ss_report_format;

#define SS_REPORT_MAX_EPOCHS 8
#define SS_REPORT_MAX_SUBNETS 16

typedef struct ss_report_options {
    const char *db_path;        /* the run database (required) */
    ss_report_format format;
    const char *compare_path;   /* a second run database for an A/B report, or NULL */
    /*
    ** Epochs for the weight and bond heatmaps (each subnet's own epoch
    ** numbers; an epoch that was not sampled shows the nearest sampled one).
    ** None: the first sampled epoch, the middle one and the last.
    */
    int64_t heatmap_epochs[SS_REPORT_MAX_EPOCHS];
    size_t n_heatmap_epochs;
    /* Subnets shown in detail. None: up to 6, those that issued the most alpha. */
    int64_t netuids[SS_REPORT_MAX_SUBNETS];
    size_t n_netuids;
    const char *title;          /* NULL: "<scenario name>, seed <seed>" */
} ss_report_options;

/* Defaults: HTML, no comparison, default epochs and subnets, no title. */
void ss_report_options_init(ss_report_options *opt);

/*
** Writes the report described by opt to out. Fails with SS_EINVAL when a
** database is missing or is not a subnetsim run database (the message says
** which and why), SS_EDB when SQLite fails on a valid one, SS_EIO when out
** cannot be written. Nothing is written to out unless the whole report was
** built.
*/
ss_status ss_report_write(const ss_report_options *opt, FILE *out, ss_error *err);

#ifdef __cplusplus
}
#endif
#endif
