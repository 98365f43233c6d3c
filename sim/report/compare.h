/*
** A/B reports: two runs side by side. A table of headline numbers with their
** differences, provenance of both runs, and (HTML) the main charts as pairs on
** shared scales or as overlays. Subnets are matched by netuid.
*/
#ifndef SS_REPORT_COMPARE_H
#define SS_REPORT_COMPARE_H

#include "report/rdata.h"
#include "subnetsim/report.h"
#include "subnetsim/util.h"

void ss__compare_html(ss_buf *o, const ss__rd *a, const ss__rd *b, const ss_report_options *opt);
void ss__compare_md(ss_buf *o, const ss__rd *a, const ss__rd *b, const ss_report_options *opt);

#endif
