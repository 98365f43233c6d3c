/*
** Charts without numeric axes on both sides: heatmaps (validators x miners)
** with a colour-scale legend, and horizontal bars with their values printed.
*/
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

/* A sequential blue scale (ColorBrewer "Blues"): light for small values, dark for large. */
static const unsigned char ramp[][3] = {
    {0xde, 0xeb, 0xf7}, {0xc6, 0xdb, 0xef}, {0x9e, 0xca, 0xe1}, {0x6b, 0xae, 0xd6},
    {0x42, 0x92, 0xc6}, {0x21, 0x71, 0xb5}, {0x08, 0x51, 0x9c}, {0x08, 0x30, 0x6b},
};
#define RAMP_STOPS (sizeof ramp / sizeof ramp[0])

void ss__svg_ramp(double t, char out[8])
{
    if (!(t > 0))
        t = 0;
    if (t > 1)
        t = 1;
    double pos = t * (double)(RAMP_STOPS - 1);
    size_t i = (size_t)floor(pos);
    if (i >= RAMP_STOPS - 1)
        i = RAMP_STOPS - 2;
    double f = pos - (double)i;
    int rgb[3];
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)lround(ramp[i][k] + (ramp[i + 1][k] - ramp[i][k]) * f);
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static double text_px(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return (double)n * 6.2;
}

static void rect(ss_buf *o, double x, double y, double w, double h, const char *fill)
{
    ss_buf_puts(o, "<rect x=\"");
    ss__svg_num(o, x);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, y);
    ss_buf_puts(o, "\" width=\"");
    ss__svg_num(o, w);
    ss_buf_puts(o, "\" height=\"");
    ss__svg_num(o, h);
    ss_buf_printf(o, "\" fill=\"%s\"", fill);
}

static void svg_open(ss_buf *o, double w, double h, const char *title, const char *desc)
{
    ss_buf_puts(o, "<svg class=\"chart\" viewBox=\"0 0 ");
    ss__svg_num(o, w);
    ss_buf_puts(o, " ");
    ss__svg_num(o, h);
    ss_buf_puts(o, "\" width=\"");
    ss__svg_num(o, w);
    ss_buf_puts(o, "\" height=\"");
    ss__svg_num(o, h);
    ss_buf_puts(o, "\" role=\"img\"><title>");
    ss__fmt_html(o, title);
    ss_buf_puts(o, "</title><desc>");
    ss__fmt_html(o, desc);
    ss_buf_puts(o, "</desc>\n<text class=\"ct\" x=\"8\" y=\"19\">");
    ss__fmt_html(o, title);
    ss_buf_puts(o, "</text>\n");
}

void ss__svg_heatmap_draw(ss_buf *o, const ss__svg_heatmap *h)
{
    double cell_h = h->rows <= 16 ? 18 : h->rows <= 32 ? 10 : 320.0 / (double)h->rows;
    /* Row names need about 13 px: with thinner rows, name every second or third row. */
    size_t every = (size_t)ceil(13.0 / cell_h);
    int labels = h->row_names != NULL;
    double label_w = 0;
    for (size_t r = 0; labels && r < h->rows; r++) {
        double w = text_px(h->row_names[r]);
        label_w = w > label_w ? w : label_w;
    }
    double left = 24 + (labels ? label_w + 8 : 0);
    double right = h->width - 14;
    double top = 32;
    double grid_h = cell_h * (double)h->rows;
    double cell_w = h->cols ? (right - left) / (double)h->cols : 0;
    int any_flag = 0;
    for (size_t r = 0; h->row_flag && r < h->rows; r++)
        any_flag |= h->row_flag[r];
    for (size_t k = 0; h->col_flag && k < h->cols; k++)
        any_flag |= h->col_flag[k];
    double strip = any_flag ? 7 : 0;
    double xlabel_y = top + grid_h + strip + 16;
    double legend_y = xlabel_y + 14;
    double height = legend_y + (any_flag ? 62 : 48);
    svg_open(o, h->width, height, h->title, h->desc);

    rect(o, left, top, right - left, grid_h, "#ffffff");
    ss_buf_puts(o, " stroke=\"#bbb\"/>\n<g>");
    int tips = h->cell_tip_rows && h->cell_tip_cols && h->rows * h->cols <= 4096;
    char colour[8], s[SS_FMT_MAX];
    double vmax = h->vmax > 0 ? h->vmax : 1;
    for (size_t r = 0; r < h->rows; r++)
        for (size_t k = 0; k < h->cols; k++) {
            double v = h->v[r * h->cols + k];
            if (!(v > 0))
                continue;
            ss__svg_ramp(sqrt(v / vmax), colour);
            rect(o, left + cell_w * (double)k, top + cell_h * (double)r, cell_w, cell_h, colour);
            if (tips) {
                ss_buf_puts(o, "><title>");
                ss__fmt_html(o, h->cell_tip_rows[r]);
                ss_buf_puts(o, " \xe2\x86\x92 ");
                ss__fmt_html(o, h->cell_tip_cols[k]);
                ss_buf_printf(o, ": %s</title></rect>", ss__fmt_sig(s, v, 3));
            } else {
                ss_buf_puts(o, "/>");
            }
        }
    ss_buf_puts(o, "</g>\n");
    if (labels) {
        ss_buf_puts(o, "<g class=\"tk\">");
        for (size_t r = 0; r < h->rows; r += every) {
            ss_buf_puts(o, "<text x=\"");
            ss__svg_num(o, left - 5);
            ss_buf_puts(o, "\" y=\"");
            ss__svg_num(o, top + cell_h * ((double)r + 0.5) + 4);
            ss_buf_puts(o, "\" text-anchor=\"end\">");
            ss__fmt_html(o, h->row_names[r]);
            ss_buf_puts(o, "</text>");
        }
        ss_buf_puts(o, "</g>\n");
    }
    for (size_t r = 0; h->row_flag && r < h->rows; r++)
        if (h->row_flag[r]) {
            rect(o, right + 2, top + cell_h * (double)r, 5, cell_h, SS_SVG_ADVERSARY);
            ss_buf_puts(o, "/>");
        }
    for (size_t k = 0; h->col_flag && k < h->cols; k++)
        if (h->col_flag[k]) {
            rect(o, left + cell_w * (double)k, top + grid_h + 2, cell_w, 5, SS_SVG_ADVERSARY);
            ss_buf_puts(o, "/>");
        }
    ss_buf_puts(o, "\n<text class=\"al\" x=\"");
    ss__svg_num(o, (left + right) / 2);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, xlabel_y);
    ss_buf_puts(o, "\" text-anchor=\"middle\">");
    ss__fmt_html(o, h->x_label);
    ss_buf_puts(o, "</text><text class=\"al\" text-anchor=\"middle\" transform=\"translate(14 ");
    ss__svg_num(o, top + grid_h / 2);
    ss_buf_puts(o, ") rotate(-90)\">");
    ss__fmt_html(o, h->y_label);
    ss_buf_puts(o, "</text>\n");

    /* The colour scale: 40 steps from 0 to vmax, with three labelled ticks. */
    double lx = left, lw = 180, steps = 40;
    ss_buf_puts(o, "<g>");
    for (int i = 0; i < (int)steps; i++) {
        ss__svg_ramp(((double)i + 0.5) / steps, colour);
        rect(o, lx + lw * i / steps, legend_y, lw / steps + 0.3, 9, colour);
        ss_buf_puts(o, "/>");
    }
    ss_buf_puts(o, "</g><g class=\"tk\">");
    /* Ticks at 0, a quarter and all of vmax: on the square-root scale, 0, half and all
       the way. Three significant digits without trailing zeros: 0.0625, 0.25. */
    static const double at[3] = {0, 0.5, 1};
    for (int i = 0; i < 3; i++) {
        ss__fmt_sig(s, vmax * at[i] * at[i], 3);
        size_t len = strlen(s);
        if (strchr(s, '.')) {
            while (len > 0 && s[len - 1] == '0')
                s[--len] = '\0';
            if (len > 0 && s[len - 1] == '.')
                s[--len] = '\0';
        }
        ss_buf_puts(o, "<text x=\"");
        ss__svg_num(o, lx + lw * at[i]);
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, legend_y + 22);
        ss_buf_printf(o, "\" text-anchor=\"middle\">%s</text>", s);
    }
    ss_buf_puts(o, "</g><text class=\"al\" x=\"");
    ss__svg_num(o, lx);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, legend_y + 40);
    ss_buf_puts(o, "\">");
    ss__fmt_html(o, h->scale_label);
    ss_buf_puts(o, "</text>\n");
    if (any_flag) {
        ss_buf_puts(o, "<text class=\"an\" x=\"");
        ss__svg_num(o, lx);
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, legend_y + 55);
        ss_buf_puts(o, "\">orange marks: adversaries</text>\n");
    }
    ss_buf_puts(o, "</svg>\n");
}

void ss__svg_hbars(ss_buf *o, const ss__svg_bars *b)
{
    double row = 24, top = 34;
    double name_w = 0, value_w = 0, vmax = 0;
    for (size_t i = 0; i < b->n; i++) {
        double w = text_px(b->names[i]);
        name_w = w > name_w ? w : name_w;
        w = text_px(b->value_texts[i]);
        value_w = w > value_w ? w : value_w;
        vmax = b->values[i] > vmax ? b->values[i] : vmax;
    }
    double left = 10 + name_w + 10, right = b->width - 14 - value_w - 8;
    double height = top + row * (double)b->n + 30;
    svg_open(o, b->width, height, b->title, b->desc);
    for (size_t i = 0; i < b->n; i++) {
        double y = top + row * (double)i;
        double len = vmax > 0 && b->values[i] > 0 ? (right - left) * b->values[i] / vmax : 0;
        ss_buf_puts(o, "<text class=\"tk\" x=\"");
        ss__svg_num(o, left - 8);
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, y + 15);
        ss_buf_puts(o, "\" text-anchor=\"end\">");
        ss__fmt_html(o, b->names[i]);
        ss_buf_puts(o, "</text>");
        rect(o, left, y + 4, len, row - 8, b->colours[i]);
        ss_buf_puts(o, "/><text class=\"tk\" x=\"");
        ss__svg_num(o, left + len + 6);
        ss_buf_puts(o, "\" y=\"");
        ss__svg_num(o, y + 15);
        ss_buf_puts(o, "\">");
        ss__fmt_html(o, b->value_texts[i]);
        ss_buf_puts(o, "</text>\n");
    }
    ss_buf_puts(o, "<path class=\"ax\" d=\"M");
    ss__svg_num(o, left);
    ss_buf_puts(o, " ");
    ss__svg_num(o, top);
    ss_buf_puts(o, "V");
    ss__svg_num(o, top + row * (double)b->n);
    ss_buf_puts(o, "\"/><text class=\"al\" x=\"");
    ss__svg_num(o, (left + right) / 2);
    ss_buf_puts(o, "\" y=\"");
    ss__svg_num(o, height - 8);
    ss_buf_puts(o, "\" text-anchor=\"middle\">");
    ss__fmt_html(o, b->axis_label);
    ss_buf_puts(o, "</text>\n</svg>\n");
}
