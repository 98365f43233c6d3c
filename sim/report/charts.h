/*
** The report's charts, built from a loaded run with the SVG toolkit. Each
** function appends one <svg>. Functions taking a ymax or axis maximum use it
** when it is positive, so that small multiples and A/B pairs share a scale.
*/
#ifndef SS_REPORT_CHARTS_H
#define SS_REPORT_CHARTS_H

#include <stddef.h>

#include "report/rdata.h"
#include "subnetsim/util.h"

/* Chart widths in the page's layout (px at 100%): one column, two, three. */
#define SS_CH_FULL 1120.0
#define SS_CH_HALF 550.0
#define SS_CH_THIRD 366.0

/* "SN1 text" */
void ss__ch_subnet_label(const ss__rd_subnet *s, char *buf, size_t size);

/* A multi-line chart over a numeric x. */
typedef struct ss__ch_line {
    const char *name, *colour, *dash;
    const double *x, *y;
    size_t n;
} ss__ch_line;
typedef struct ss__ch_lines_spec {
    const char *title, *desc, *x_label, *y_label;
    double width, height;
    double y_scale;          /* 100 for shares shown as percentages, else 0 */
    const char *y_suffix;
    double y_max;            /* > 0 to fix the top of the y axis */
    double x_max;            /* > 0 to fix the right end of the x axis (a run's length) */
} ss__ch_lines_spec;
void ss__ch_lines(ss_buf *o, const ss__ch_lines_spec *spec, const ss__ch_line *lines, size_t n);

/* Horizontal bars: alpha paid over the run by role. */
void ss__ch_role_bars(ss_buf *o, const ss__rd *d, double width);

/* Alpha paid per epoch, stacked by role, for one subnet. */
double ss__ch_emission_max(const ss__rd_subnet *s);
void ss__ch_emission_roles(ss_buf *o, const ss__rd *d, const ss__rd_subnet *s, double width,
                           double ymax, const char *tag);

/* Emission across subnets (more than one subnet): shares of TAO, or alpha per day. */
void ss__ch_emission_subnets(ss_buf *o, const ss__rd *d, double width);

/* Lorenz curve of alpha received per hotkey (and coldkey); b (optional) overlays a second run. */
void ss__ch_lorenz(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b, const char *tag_a,
                   const char *tag_b, double width);

/* Gini of each epoch's payouts over time, one line per detail subnet. */
void ss__ch_gini_time(ss_buf *o, const ss__rd *d, double width);

/* Miners' mean incentive against true quality. */
double ss__ch_quality_max(const ss__rd_subnet *s);
void ss__ch_quality(ss_buf *o, const ss__rd_subnet *s, double width, double ymax,
                    const char *tag);

/* Validators' share of dividends against share of stake, with y = x. */
double ss__ch_dividends_max(const ss__rd_subnet *s);
void ss__ch_dividends(ss_buf *o, const ss__rd_subnet *s, double width, double axis_max,
                      const char *tag);

/* One weight (bonds = 0) or bond (bonds = 1) heatmap. */
double ss__ch_matrix_max(const ss__rd_matrix *m, size_t n);
void ss__ch_heatmap(ss_buf *o, const ss__rd_subnet *s, const ss__rd_matrix *m, int bonds,
                    double vmax, double width);

/* B minus A: alpha paid per epoch by role, epochs matched by number. */
void ss__ch_emission_delta(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b,
                           double width, double x_max_days);

/* Adversaries' share of pay, stake and UIDs over time; b (optional) overlays a second run. */
void ss__ch_capture(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b,
                    const char *tag_a, const char *tag_b, double width, double x_max_days);

#endif
