/*
** The chart frame of the SVG toolkit: the <svg> element with its title and
** description, the legend, axes with nice ticks, and text. Series live in
** svg_series.c, heatmaps and bars in svg_heatmap.c.
*/
#include "report/svg.h"

#include <math.h>
#include <string.h>

#include "report/fmt.h"

const char *const ss__svg_palette[SS_SVG_PALETTE_SIZE] = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000",
};

/* Average advance of a character at the chart's 11.5 px font, generous for digits. */
#define CHAR_PX 6.6
#define TITLE_BASELINE 19.0
#define LEGEND_ROW 18.0
#define TICK_TARGET_X 95.0
#define TICK_TARGET_Y 42.0
#define MAX_TICKS 24

void ss__svg_num(ss_buf *b, double v)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_fixed(s, v, 1, 0));
}

static double text_px(const char *s)
{
    /* Count characters, not UTF-8 continuation bytes. */
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return (double)n * CHAR_PX;
}

void ss__svg_begin(ss__svg_chart *c, ss_buf *out, double width, double height,
                   const char *title, const char *desc)
{
    memset(c, 0, sizeof *c);
    c->out = out;
    c->width = width;
    c->height = height;
    c->legend_bottom = TITLE_BASELINE + 6;
    ss_buf_puts(out, "<svg class=\"chart\" viewBox=\"0 0 ");
    ss__svg_num(out, width);
    ss_buf_puts(out, " ");
    ss__svg_num(out, height);
    ss_buf_puts(out, "\" width=\"");
    ss__svg_num(out, width);
    ss_buf_puts(out, "\" height=\"");
    ss__svg_num(out, height);
    ss_buf_puts(out, "\" role=\"img\"><title>");
    ss__fmt_html(out, title);
    ss_buf_puts(out, "</title><desc>");
    ss__fmt_html(out, desc);
    ss_buf_puts(out, "</desc>\n<text class=\"ct\" x=\"8\" y=\"19\">");
    ss__fmt_html(out, title);
    ss_buf_puts(out, "</text>\n");
}

static void marker(ss_buf *out, ss__svg_marker m, double x, double y, const char *colour,
                   const char *dash)
{
    switch (m) {
    case SS_SVG_LINE:
        ss_buf_puts(out, "<line x1=\"");
        ss__svg_num(out, x - 7);
        ss_buf_puts(out, "\" x2=\"");
        ss__svg_num(out, x + 7);
        ss_buf_puts(out, "\" y1=\"");
        ss__svg_num(out, y);
        ss_buf_puts(out, "\" y2=\"");
        ss__svg_num(out, y);
        ss_buf_printf(out, "\" stroke=\"%s\" stroke-width=\"2.5\"", colour);
        if (dash)
            ss_buf_printf(out, " stroke-dasharray=\"%s\"", dash);
        ss_buf_puts(out, "/>");
        break;
    case SS_SVG_CIRCLE:
        ss_buf_puts(out, "<circle cx=\"");
        ss__svg_num(out, x);
        ss_buf_puts(out, "\" cy=\"");
        ss__svg_num(out, y);
        ss_buf_printf(out, "\" r=\"4\" fill=\"%s\"/>", colour);
        break;
    case SS_SVG_TRIANGLE:
        ss_buf_puts(out, "<path d=\"M");
        ss__svg_num(out, x);
        ss_buf_puts(out, " ");
        ss__svg_num(out, y - 5);
        ss_buf_puts(out, "l5 8.7h-10z\"");
        ss_buf_printf(out, " fill=\"%s\"/>", colour);
        break;
    case SS_SVG_SQUARE:
    case SS_SVG_SWATCH:
        ss_buf_puts(out, "<rect x=\"");
        ss__svg_num(out, x - 5);
        ss_buf_puts(out, "\" y=\"");
        ss__svg_num(out, y - 5);
        ss_buf_printf(out, "\" width=\"10\" height=\"10\" fill=\"%s\"/>", colour);
        break;
    }
}

void ss__svg_legend(ss__svg_chart *c, const ss__svg_key *keys, size_t n)
{
    double x = 10, y = TITLE_BASELINE + LEGEND_ROW;
    ss_buf_puts(c->out, "<g class=\"lg\">");
    for (size_t i = 0; i < n; i++) {
        double w = 20 + text_px(keys[i].name) + 16;
        if (x > 10 && x + w > c->width - 8) {
            x = 10;
            y += LEGEND_ROW;
        }
        marker(c->out, keys[i].marker, x + 7, y - 4, keys[i].colour, keys[i].dash);
        ss_buf_puts(c->out, "<text x=\"");
        ss__svg_num(c->out, x + 19);
        ss_buf_puts(c->out, "\" y=\"");
        ss__svg_num(c->out, y);
        ss_buf_puts(c->out, "\">");
        ss__fmt_html(c->out, keys[i].name);
        ss_buf_puts(c->out, "</text>");
        x += w;
    }
    ss_buf_puts(c->out, "</g>\n");
    c->legend_bottom = y + 6;
}

double ss__svg_nice_ceil(double v)
{
    static const double steps[] = {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    if (!(v > 0) || !isfinite(v))
        return 1;
    double base = pow(10.0, floor(log10(v)));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * base >= v * (1 - 1e-12))
            return steps[i] * base;
    return 10 * base;
}

size_t ss__svg_ticks(double min, double max, double length_px, double target_px,
                     double *ticks, size_t max_ticks, double *step_out)
{
    static const double nice[] = {1, 2, 2.5, 5, 10};
    double span = max - min;
    if (!(span > 0) || !isfinite(span)) {
        ticks[0] = min;
        *step_out = 1;
        return 1;
    }
    double count = length_px / target_px;
    if (count < 2)
        count = 2;
    double raw = span / count;
    double base = pow(10.0, floor(log10(raw)));
    double step = 10 * base;
    for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++)
        if (nice[i] * base >= raw * (1 - 1e-9)) {
            step = nice[i] * base;
            break;
        }
    /* Prefer a finer nice step that lands a tick exactly on max, so the axis ends labelled. */
    double q = span / step;
    if (fabs(q - floor(q + 0.5)) > 1e-6) {
        static const double finer[] = {5, 2.5, 2, 1, 0.5, 0.25, 0.2, 0.1};
        double mag = pow(10.0, floor(log10(step)));
        for (size_t i = 0; i < sizeof finer / sizeof finer[0]; i++) {
            double s = finer[i] * mag;
            double k = span / s;
            if (s < step && k <= 2 * count + 1 && fabs(k - floor(k + 0.5)) < 1e-6) {
                step = s;
                break;
            }
        }
    }
    *step_out = step;
    size_t n = 0;
    double k0 = ceil(min / step - 1e-9);
    for (double k = k0; n < max_ticks; k++) {
        double t = k * step;
        if (t > max + step * 1e-9)
            break;
        ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
    }
    return n;
}

int ss__svg_step_decimals(double step)
{
    if (!(step > 0))
        return 0;
    double e = floor(log10(step) + 1e-9);
    double mant = step / pow(10.0, e);
    int d = (int)-e;
    if (fabs(mant - 2.5) < 1e-6)
        d++;
    return d < 0 ? 0 : d;
}

static double axis_scale(const ss__svg_axis *a)
{
    return a->scale != 0 ? a->scale : 1;
}

double ss__svg_px(const ss__svg_chart *c, double x)
{
    double span = c->x.max - c->x.min;
    double t = span > 0 ? (x - c->x.min) / span : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return c->left + t * (c->right - c->left);
}

double ss__svg_py(const ss__svg_chart *c, double y)
{
    double span = c->y.max - c->y.min;
    double t = span > 0 ? (y - c->y.min) / span : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return c->bottom - t * (c->bottom - c->top);
}

static void tick_label(char *out, double v, int decimals, const char *suffix)
{
    ss__fmt_fixed(out, v, decimals, 1);
    if (suffix)
        strcat(out, suffix);
}

void ss__svg_frame(ss__svg_chart *c, const ss__svg_axis *x, const ss__svg_axis *y)
{
    c->x = *x;
    c->y = *y;
    if (!(c->x.max > c->x.min))
        c->x.max = c->x.min + 1;
    if (!(c->y.max > c->y.min))
        c->y.max = c->y.min + 1;
    double xs = axis_scale(&c->x), ys = axis_scale(&c->y);
    c->top = c->legend_bottom + 10;
    c->bottom = c->height - 44;

    double yt[MAX_TICKS], xt[MAX_TICKS], ystep, xstep;
    size_t ny = ss__svg_ticks(c->y.min * ys, c->y.max * ys, c->bottom - c->top, TICK_TARGET_Y,
                              yt, MAX_TICKS, &ystep);
    int yd = ss__svg_step_decimals(ystep);
    double label_w = 0;
    char s[SS_FMT_MAX + 8];
    for (size_t i = 0; i < ny; i++) {
        tick_label(s, yt[i], yd, c->y.suffix);
        double w = text_px(s);
        label_w = w > label_w ? w : label_w;
    }
    c->left = 22 + label_w + 6;
    c->right = c->width - 16;
    size_t nx = ss__svg_ticks(c->x.min * xs, c->x.max * xs, c->right - c->left, TICK_TARGET_X,
                              xt, MAX_TICKS, &xstep);
    int xd = ss__svg_step_decimals(xstep);

    ss_buf *o = c->out;
    ss_buf_puts(o, "<g class=\"gr\">");
    for (size_t i = 0; i < ny; i++) {
        double py = ss__svg_py(c, yt[i] / ys);
        ss_buf_puts(o, "<line x1=\"");
        ss__svg_num(o, c->left);
        ss_buf_puts(o, "\" x2=\"");
        ss__svg_num(o, c->right);
        ss_buf_puts(o, "\" y1=\"");
        ss__svg_num(o, py);
        ss_buf_puts(o, "\" y2=\"");
        ss__svg_num(o, py);
        ss_buf_puts(o, "\"/>");
    }
    for (size_t i = 0; i < nx; i++) {
        double px = ss__svg_px(c, xt[i] / xs);
        ss_buf_puts(o, "<line x1=\"");
        ss__svg_num(o, px);
        ss_buf_puts(o, "\" x2=\"");
        ss__svg_num(o, px);
        ss_buf_puts(o, "\" y1=\"");
        ss__svg_num(o, c->top);
        ss_buf_puts(o, "\" y2=\"");
        ss__svg_num(o, c->bottom);
        ss_buf_puts(o, "\"/>");
    }
    ss_buf_puts(o, "</g>\n<path class=\"ax\" d=\"M");
    ss__svg_num(o, c->left);
    ss_buf_puts(o, " ");
    ss__svg_num(o, c->top);
    ss_buf_puts(o, "V");
    ss__svg_num(o, c->bottom);
    ss_buf_puts(o, "H");
    ss__svg_num(o, c->right);
    ss_buf_puts(o, "\"/>\n<g class=\"tk\">");
    for (size_t i = 0; i < ny; i++) {
        tick_label(s, yt[i], yd, c->y.suffix);
        ss_buf_puts(o, "<text x=\"");
        ss__svg_num(o, c->left - 5);
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, ss__svg_py(c, yt[i] / ys) + 4);
        ss_buf_printf(o, "\" text-anchor=\"end\">%s</text>", s);
    }
    for (size_t i = 0; i < nx; i++) {
        tick_label(s, xt[i], xd, c->x.suffix);
        ss_buf_puts(o, "<text x=\"");
        ss__svg_num(o, ss__svg_px(c, xt[i] / xs));
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, c->bottom + 15);
        ss_buf_printf(o, "\" text-anchor=\"middle\">%s</text>", s);
    }
    ss_buf_puts(o, "</g>\n<text class=\"al\" x=\"");
    ss__svg_num(o, (c->left + c->right) / 2);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, c->height - 10);
    ss_buf_puts(o, "\" text-anchor=\"middle\">");
    ss__fmt_html(o, c->x.label);
    ss_buf_puts(o, "</text><text class=\"al\" text-anchor=\"middle\" transform=\"translate(14 ");
    ss__svg_num(o, (c->top + c->bottom) / 2);
    ss_buf_puts(o, ") rotate(-90)\">");
    ss__fmt_html(o, c->y.label);
    ss_buf_puts(o, "</text>\n");
}

void ss__svg_segment(ss__svg_chart *c, double x0, double y0, double x1, double y1,
                     const char *colour, const char *dash)
{
    ss_buf *o = c->out;
    ss_buf_puts(o, "<line x1=\"");
    ss__svg_num(o, ss__svg_px(c, x0));
    ss_buf_puts(o, "\" y1=\"");
    ss__svg_num(o, ss__svg_py(c, y0));
    ss_buf_puts(o, "\" x2=\"");
    ss__svg_num(o, ss__svg_px(c, x1));
    ss_buf_puts(o, "\" y2=\"");
    ss__svg_num(o, ss__svg_py(c, y1));
    ss_buf_printf(o, "\" stroke=\"%s\" stroke-width=\"1.2\"", colour);
    if (dash)
        ss_buf_printf(o, " stroke-dasharray=\"%s\"", dash);
    ss_buf_puts(o, "/>\n");
}

void ss__svg_text(ss__svg_chart *c, double x, double y, double dx, double dy,
                  const char *anchor, const char *text)
{
    ss_buf *o = c->out;
    ss_buf_puts(o, "<text class=\"an\" x=\"");
    ss__svg_num(o, ss__svg_px(c, x) + dx);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, ss__svg_py(c, y) + dy);
    ss_buf_printf(o, "\" text-anchor=\"%s\">", anchor);
    ss__fmt_html(o, text);
    ss_buf_puts(o, "</text>\n");
}

void ss__svg_end(ss__svg_chart *c)
{
    ss_buf_puts(c->out, "</svg>\n");
}
