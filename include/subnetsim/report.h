/*
** Reading a run database back for people: the short text summary printed
** after a run, and (docs/report.md) the HTML and Markdown reports.
*/
#ifndef SUBNETSIM_REPORT_H
#define SUBNETSIM_REPORT_H

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

#ifdef __cplusplus
}
#endif
#endif
