/*
** A small SVG chart toolkit for reports: a chart frame with nice ticks and
** axis titles that carry units, line series downsampled per pixel, stacked
** areas, scatter markers, reference lines, horizontal bars and heatmaps with a
** colour-scale legend. Output is inline SVG for an HTML page (styled by the
** page's CSS classes), with <title> and <desc> for screen readers. Coordinates
** are written by ss__fmt_fixed, so the same data gives the same bytes.
*/
#ifndef SS_REPORT_SVG_H
#define SS_REPORT_SVG_H

#include <stddef.h>
#include <stdint.h>

#include "subnetsim/util.h"

/* Colour-blind-safe categorical colours (Okabe and Ito), in the order series take them. */
#define SS_SVG_PALETTE_SIZE 7
extern const char *const ss__svg_palette[SS_SVG_PALETTE_SIZE];

/* Fixed colours for emission roles and for adversaries, the same in every chart. */
#define SS_SVG_OWNER "#CC79A7"
#define SS_SVG_MINER "#0072B2"
#define SS_SVG_VALIDATOR "#009E73"
#define SS_SVG_ROOT "#E69F00"
#define SS_SVG_BURNED "#9A9A9A"
#define SS_SVG_ADVERSARY "#D55E00"
#define SS_SVG_NEUTRAL "#555555"

typedef enum ss__svg_marker {
    SS_SVG_SWATCH,   /* a filled square: areas and bars */
    SS_SVG_LINE,     /* a line segment: line series */
    SS_SVG_CIRCLE,
    SS_SVG_TRIANGLE,
    SS_SVG_SQUARE
} ss__svg_marker;

typedef struct ss__svg_axis {
    double min, max;     /* the range shown, in data units */
    double scale;        /* tick labels show value * scale (100 for percent); 0 means 1 */
    const char *suffix;  /* appended to tick labels, e.g. "%"; may be NULL */
    const char *label;   /* the axis title with its unit: "time (days)" */
} ss__svg_axis;

typedef struct ss__svg_key {
    const char *name;
    const char *colour;
    ss__svg_marker marker;
    const char *dash;    /* stroke-dasharray for SS_SVG_LINE, or NULL */
} ss__svg_key;

typedef struct ss__svg_chart {
    ss_buf *out;
    double width, height;       /* the viewBox, px */
    double left, right, top, bottom; /* the plot area, px */
    double legend_bottom;       /* where the legend ended */
    ss__svg_axis x, y;
} ss__svg_chart;

/*
** Starts an <svg> of width x height px with an accessible <title> (also drawn
** as the chart's heading) and <desc>. Call ss__svg_legend (optional), then
** ss__svg_frame, then series, then ss__svg_end.
*/
void ss__svg_begin(ss__svg_chart *c, ss_buf *out, double width, double height,
                   const char *title, const char *desc);

/* A legend under the title, wrapping to more rows as needed. */
void ss__svg_legend(ss__svg_chart *c, const ss__svg_key *keys, size_t n);

/* Lays out the plot area from the axes, then draws grid lines, ticks and axis titles. */
void ss__svg_frame(ss__svg_chart *c, const ss__svg_axis *x, const ss__svg_axis *y);

void ss__svg_end(ss__svg_chart *c);

/* Plot coordinates of data values (clamped to the plot area). */
double ss__svg_px(const ss__svg_chart *c, double x);
double ss__svg_py(const ss__svg_chart *c, double y);

/*
** The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power
** of ten) at or above v; 1 when v <= 0 or is not finite.
*/
double ss__svg_nice_ceil(double v);

/* Tick positions from min to max about every `target_px` px; returns how many (<= max_ticks). */
size_t ss__svg_ticks(double min, double max, double length_px, double target_px,
                     double *ticks, size_t max_ticks, double *step);

/* Decimals to print ticks `step` apart without losing digits or showing noise. */
int ss__svg_step_decimals(double step);

/*
** A polyline through (x[i], y[i]); NaN y values break the line. Longer series
** than the plot is wide keep the first, lowest, highest and last point of each
** pixel column, so spikes survive downsampling.
*/
void ss__svg_line(ss__svg_chart *c, const double *x, const double *y, size_t n,
                  const char *colour, double width, const char *dash, const char *name);

/*
** k series stacked bottom-up over a shared x: ys[j][i] is series j at x[i].
** More points than half the plot's pixels are averaged per bucket.
*/
void ss__svg_stack(ss__svg_chart *c, const double *x, size_t n, const double *const *ys,
                   size_t k, const char *const *colours, const char *const *names);

/* Markers at (x[i], y[i]); tips[i] (optional) becomes the marker's hover title. */
void ss__svg_points(ss__svg_chart *c, const double *x, const double *y, size_t n,
                    const char *colour, ss__svg_marker marker, const char *const *tips);

/* A straight line between two data points, e.g. y = x or 50%. */
void ss__svg_segment(ss__svg_chart *c, double x0, double y0, double x1, double y1,
                     const char *colour, const char *dash);

/* Text at a data point, offset by (dx, dy) px; anchor "start", "middle" or "end". */
void ss__svg_text(ss__svg_chart *c, double x, double y, double dx, double dy,
                  const char *anchor, const char *text);

/* A horizontal bar chart: one row per bar with its name left and value text right. */
typedef struct ss__svg_bars {
    const char *title, *desc;
    const char *axis_label;       /* with unit */
    size_t n;
    const char *const *names;
    const double *values;
    const char *const *colours;
    const char *const *value_texts;  /* printed after each bar */
    double width;
} ss__svg_bars;
void ss__svg_hbars(ss_buf *out, const ss__svg_bars *b);

/* A heatmap of rows x cols values in [0, vmax] with a colour-scale legend. */
typedef struct ss__svg_heatmap {
    const char *title, *desc;
    const char *x_label, *y_label;   /* what rows and columns are, and their order */
    const char *scale_label;         /* what the colour means, with its unit */
    size_t rows, cols;
    const double *v;                 /* row-major; 0 draws nothing */
    const char *const *row_names;    /* may be NULL */
    const unsigned char *row_flag;   /* rows to mark as adversaries; may be NULL */
    const unsigned char *col_flag;   /* columns to mark as adversaries; may be NULL */
    const char *const *cell_tip_rows;/* per-row and per-column names for hover titles */
    const char *const *cell_tip_cols;
    double vmax;                     /* the top of the colour scale, shared across charts */
    double width;                    /* px; the height follows from the rows */
} ss__svg_heatmap;
/*
** Colour is proportional to the square root of value / vmax, so that rows of
** many small weights stay visible next to one concentrated row; the legend's
** ticks sit where the values are.
*/
void ss__svg_heatmap_draw(ss_buf *out, const ss__svg_heatmap *h);

/* The colour of t in [0, 1] on the sequential scale heatmaps use ("#rrggbb"). */
void ss__svg_ramp(double t, char out[8]);

/* Appends a coordinate (one decimal, no grouping). */
void ss__svg_num(ss_buf *b, double v);

#endif
