/*
** The Markdown report: the HTML report's facts as GitHub-flavoured tables, for
** issues, pull requests and terminals. Charts become small tables of the
** same numbers (time series spread over at most a dozen rows).
*/
#ifndef SS_REPORT_MARKDOWN_H
#define SS_REPORT_MARKDOWN_H

#include <stddef.h>

#include "report/rdata.h"
#include "subnetsim/report.h"
#include "subnetsim/util.h"

void ss__md_report(ss_buf *o, const ss__rd *d, const ss_report_options *opt);

/* Table helpers shared with compare.c: a header row with alignments ('l' or 'r' per
   column), then rows of cells (escaped for Markdown). */
void ss__md_header(ss_buf *o, size_t n, const char *const *names, const char *align);
void ss__md_row_begin(ss_buf *o);
void ss__md_cell(ss_buf *o, const char *text);
void ss__md_row_end(ss_buf *o);
/* A section heading and its lead sentence. */
void ss__md_section(ss_buf *o, const char *heading, const char *lead);
/* A note in italics. */
void ss__md_note(ss_buf *o, const char *text);
/* A warning quote when the run did not complete. */
void ss__md_status_warning(ss_buf *o, const ss__rd *d, const char *tag);

#endif
