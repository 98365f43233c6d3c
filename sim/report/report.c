/*
** ss_report_write: loads the run database (and the one to compare with),
** builds the whole report in memory, and only then writes it out, so a
** failure never leaves half a report behind.
*/
#include "subnetsim/report.h"

#include <errno.h>
#include <string.h>

#include "report/compare.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/rdata.h"
#include "subnetsim/util.h"

void ss_report_options_init(ss_report_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->format = SS_REPORT_HTML;
}

ss_status ss_report_write(const ss_report_options *opt, FILE *out, ss_error *err)
{
    if (!opt || !opt->db_path)
        return ss_error_set(err, SS_EINVAL, "no run database given");
    if (opt->format != SS_REPORT_HTML && opt->format != SS_REPORT_MARKDOWN)
        return ss_error_set(err, SS_EINVAL, "unknown report format %d", (int)opt->format);
    if (opt->n_heatmap_epochs > SS_REPORT_MAX_EPOCHS || opt->n_netuids > SS_REPORT_MAX_SUBNETS)
        return ss_error_set(err, SS_EINVAL, "at most %d heatmap epochs and %d subnets",
                            SS_REPORT_MAX_EPOCHS, SS_REPORT_MAX_SUBNETS);
    ss__rd *a = NULL, *b = NULL;
    ss_status st = ss__rd_load(opt->db_path, opt, &a, err);
    if (st == SS_OK && opt->compare_path)
        st = ss__rd_load(opt->compare_path, opt, &b, err);
    ss_buf doc = {0};
    if (st == SS_OK) {
        if (b && opt->format == SS_REPORT_HTML)
            ss__compare_html(&doc, a, b, opt);
        else if (b)
            ss__compare_md(&doc, a, b, opt);
        else if (opt->format == SS_REPORT_HTML)
            ss__html_report(&doc, a, opt);
        else
            ss__md_report(&doc, a, opt);
        if (doc.failed)
            st = ss_error_set(err, SS_ENOMEM, "out of memory building the report");
    }
    if (st == SS_OK && (fwrite(doc.data, 1, doc.len, out) != doc.len || fflush(out) != 0))
        st = ss_error_set(err, SS_EIO, "cannot write the report: %s", strerror(errno));
    ss_buf_fini(&doc);
    ss__rd_free(a);
    ss__rd_free(b);
    return st;
}
