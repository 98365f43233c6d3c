/*
** Data series on a chart frame: lines (downsampled per pixel column so that
** a year of epochs does not become megabytes of invisible points), stacked
** areas (averaged per bucket) and scatter markers with hover titles.
*/
#include "report/svg.h"

#include <math.h>
#include <stdlib.h>

#include "report/fmt.h"

static void point(ss_buf *o, char cmd, double px, double py)
{
    ss_buf_append(o, &cmd, 1);
    ss__svg_num(o, px);
    ss_buf_puts(o, " ");
    ss__svg_num(o, py);
}

/* Emits the distinct indices among idx[0..3] in increasing order. */
static void flush_bucket(ss__svg_chart *c, const double *x, const double *y, size_t idx[4],
                         int *pen_down)
{
    size_t sorted[4];
    int m = 0;
    for (int a = 0; a < 4; a++) {
        int seen = 0;
        for (int b = 0; b < m; b++)
            seen |= sorted[b] == idx[a];
        if (!seen)
            sorted[m++] = idx[a];
    }
    for (int a = 1; a < m; a++)
        for (int b = a; b > 0 && sorted[b - 1] > sorted[b]; b--) {
            size_t t = sorted[b];
            sorted[b] = sorted[b - 1];
            sorted[b - 1] = t;
        }
    for (int a = 0; a < m; a++) {
        point(c->out, *pen_down ? 'L' : 'M', ss__svg_px(c, x[sorted[a]]),
              ss__svg_py(c, y[sorted[a]]));
        *pen_down = 1;
    }
}

void ss__svg_line(ss__svg_chart *c, const double *x, const double *y, size_t n,
                  const char *colour, double width, const char *dash, const char *name)
{
    ss_buf *o = c->out;
    ss_buf_puts(o, "<path fill=\"none\" stroke-linejoin=\"round\" d=\"");
    int downsample = (double)n > c->right - c->left;
    int pen_down = 0, open = 0;
    long col = -1;
    size_t idx[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]) || !isfinite(x[i])) {
            if (open)
                flush_bucket(c, x, y, idx, &pen_down);
            open = 0;
            pen_down = 0;
            col = -1;
            continue;
        }
        if (!downsample) {
            point(o, pen_down ? 'L' : 'M', ss__svg_px(c, x[i]), ss__svg_py(c, y[i]));
            pen_down = 1;
            continue;
        }
        long k = (long)floor(ss__svg_px(c, x[i]) - c->left);
        if (open && k != col) {
            flush_bucket(c, x, y, idx, &pen_down);
            open = 0;
        }
        if (!open) {
            idx[0] = idx[1] = idx[2] = idx[3] = i;
            col = k;
            open = 1;
        } else {
            if (y[i] < y[idx[1]])
                idx[1] = i;
            if (y[i] > y[idx[2]])
                idx[2] = i;
            idx[3] = i;
        }
    }
    if (open)
        flush_bucket(c, x, y, idx, &pen_down);
    ss_buf_printf(o, "\" stroke=\"%s\" stroke-width=\"", colour);
    ss__svg_num(o, width);
    ss_buf_puts(o, "\"");
    if (dash)
        ss_buf_printf(o, " stroke-dasharray=\"%s\"", dash);
    ss_buf_puts(o, "><title>");
    ss__fmt_html(o, name);
    ss_buf_puts(o, "</title></path>\n");
}

void ss__svg_stack(ss__svg_chart *c, const double *x, size_t n, const double *const *ys,
                   size_t k, const char *const *colours, const char *const *names)
{
    if (n == 0 || k == 0)
        return;
    size_t max_buckets = (size_t)((c->right - c->left) / 2);
    if (max_buckets < 2)
        max_buckets = 2;
    size_t nb = n > max_buckets ? max_buckets : n;
    double *bx = calloc(nb, sizeof *bx);
    double *cum = calloc(nb * (k + 1), sizeof *cum);
    size_t *count = calloc(nb, sizeof *count);
    if (!bx || !cum || !count) {
        c->out->failed = 1;
        goto done;
    }
    /* Bucket by index: epochs are evenly spaced in time within a subnet. */
    for (size_t i = 0; i < n; i++) {
        size_t b = nb == n ? i : i * nb / n;
        bx[b] += x[i];
        count[b]++;
        double below = 0;
        for (size_t j = 0; j < k; j++) {
            double v = isfinite(ys[j][i]) ? ys[j][i] : 0;
            below += v;
            cum[(j + 1) * nb + b] += below;
        }
    }
    for (size_t b = 0; b < nb; b++) {
        double d = count[b] ? (double)count[b] : 1;
        bx[b] /= d;
        for (size_t j = 1; j <= k; j++)
            cum[j * nb + b] /= d;
    }
    ss_buf *o = c->out;
    for (size_t j = 0; j < k; j++) {
        ss_buf_puts(o, "<path d=\"");
        for (size_t b = 0; b < nb; b++)
            point(o, b ? 'L' : 'M', ss__svg_px(c, bx[b]), ss__svg_py(c, cum[(j + 1) * nb + b]));
        for (size_t b = nb; b-- > 0;)
            point(o, 'L', ss__svg_px(c, bx[b]), ss__svg_py(c, cum[j * nb + b]));
        ss_buf_printf(o, "Z\" fill=\"%s\"><title>", colours[j]);
        ss__fmt_html(o, names[j]);
        ss_buf_puts(o, "</title></path>\n");
    }
done:
    free(bx);
    free(cum);
    free(count);
}

void ss__svg_points(ss__svg_chart *c, const double *x, const double *y, size_t n,
                    const char *colour, ss__svg_marker marker, const char *const *tips)
{
    ss_buf *o = c->out;
    ss_buf_printf(o, "<g fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.8\">", colour);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i]))
            continue;
        double px = ss__svg_px(c, x[i]), py = ss__svg_py(c, y[i]);
        const char *close;
        if (marker == SS_SVG_TRIANGLE) {
            ss_buf_puts(o, "<path d=\"M");
            ss__svg_num(o, px);
            ss_buf_puts(o, " ");
            ss__svg_num(o, py - 5.5);
            ss_buf_puts(o, "l5.5 9.5h-11z\">");
            close = "</path>";
        } else if (marker == SS_SVG_SQUARE || marker == SS_SVG_SWATCH) {
            ss_buf_puts(o, "<rect x=\"");
            ss__svg_num(o, px - 4);
            ss_buf_puts(o, "\" y=\"");
            ss__svg_num(o, py - 4);
            ss_buf_puts(o, "\" width=\"8\" height=\"8\">");
            close = "</rect>";
        } else {
            ss_buf_puts(o, "<circle cx=\"");
            ss__svg_num(o, px);
            ss_buf_puts(o, "\" cy=\"");
            ss__svg_num(o, py);
            ss_buf_puts(o, "\" r=\"4.2\">");
            close = "</circle>";
        }
        if (tips && tips[i]) {
            ss_buf_puts(o, "<title>");
            ss__fmt_html(o, tips[i]);
            ss_buf_puts(o, "</title>");
        }
        ss_buf_puts(o, close);
    }
    ss_buf_puts(o, "</g>\n");
}
