/*
** The report's charts: what each one plots from a loaded run, with titles
** that name the subnet and axes that name their units. Layout and drawing
** are the SVG toolkit's (svg.h); this file decides what is drawn.
*/
#include "report/charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/fmt.h"
#include "report/svg.h"
#include "report/views.h"

#define TIME_LABEL "time since genesis (days)"

void ss__ch_subnet_label(const ss__rd_subnet *s, char *buf, size_t size)
{
    snprintf(buf, size, "SN%lld %s", (long long)s->netuid, s->name);
}

static void *alloc_or_fail(ss_buf *o, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        o->failed = 1;
    return p;
}

/* The top of an axis showing values up to max (in data units, displayed * scale). */
static double axis_top(double max, double scale)
{
    if (scale == 0)
        scale = 1;
    return ss__svg_nice_ceil(max * scale) / scale;
}

void ss__ch_lines(ss_buf *o, const ss__ch_lines_spec *spec, const ss__ch_line *lines, size_t n)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = 0, ymax = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < lines[i].n; k++) {
            if (!isfinite(lines[i].y[k]))
                continue;
            xmin = lines[i].x[k] < xmin ? lines[i].x[k] : xmin;
            xmax = lines[i].x[k] > xmax ? lines[i].x[k] : xmax;
            ymin = lines[i].y[k] < ymin ? lines[i].y[k] : ymin;
            ymax = lines[i].y[k] > ymax ? lines[i].y[k] : ymax;
        }
    if (!isfinite(xmin)) {
        xmin = 0;
        xmax = 1;
    }
    if (xmin > 0)
        xmin = 0;
    ss__svg_chart c;
    ss__svg_begin(&c, o, spec->width, spec->height, spec->title, spec->desc);
    ss__svg_key keys[16];
    size_t nk = n < 16 ? n : 16;
    for (size_t i = 0; i < nk; i++)
        keys[i] = (ss__svg_key){lines[i].name, lines[i].colour, SS_SVG_LINE, lines[i].dash};
    ss__svg_legend(&c, keys, nk);
    ss__svg_axis x = {xmin, spec->x_max > 0 ? spec->x_max : xmax, 0, NULL, spec->x_label};
    double top = spec->y_max > 0 ? spec->y_max : axis_top(ymax, spec->y_scale);
    double bottom = ymin < 0 ? -axis_top(-ymin, spec->y_scale) : 0;
    ss__svg_axis y = {bottom, top, spec->y_scale, spec->y_suffix, spec->y_label};
    ss__svg_frame(&c, &x, &y);
    for (size_t i = 0; i < n; i++)
        ss__svg_line(&c, lines[i].x, lines[i].y, lines[i].n, lines[i].colour, 2, lines[i].dash,
                     lines[i].name);
    ss__svg_end(&c);
}

void ss__ch_role_bars(ss_buf *o, const ss__rd *d, double width)
{
    const char *names[SS_RV_ROLES], *colours[SS_RV_ROLES], *texts[SS_RV_ROLES];
    char text[SS_RV_ROLES][128];
    double values[SS_RV_ROLES];
    size_t n = 0;
    for (int r = 0; r < SS_RV_ROLES; r++) {
        if (!ss__rv_role_recorded(d, (ss__rv_role)r))
            continue;
        int64_t rao = ss__rv_run_role(d, (ss__rv_role)r);
        char a[SS_FMT_MAX], p[SS_FMT_MAX];
        ss__fmt_alpha(a, rao);
        ss__fmt_pct(p, d->issued_rao > 0 ? (double)rao / (double)d->issued_rao : NAN, 1);
        snprintf(text[n], sizeof text[n], "%s \xce\xb1 (%s)", a, p);
        names[n] = ss__rv_role_name((ss__rv_role)r);
        colours[n] = ss__rv_role_colour((ss__rv_role)r);
        texts[n] = text[n];
        values[n++] = (double)rao / 1e9;
    }
    ss__svg_bars b = {
        "Where the alpha went",
        "Alpha paid over the whole run to each role, summed over all subnets and epochs.",
        "alpha paid over the run (\xce\xb1; percent of alpha issued)",
        n, names, values, colours, texts, width,
    };
    ss__svg_hbars(o, &b);
}

/* Roles that received anything in the subnet (miners, validators and owner always). */
static size_t subnet_roles(const ss__rd_subnet *s, ss__rv_role *roles)
{
    size_t n = 0;
    for (int r = 0; r < SS_RV_ROLES; r++)
        if (r <= SS_RV_OWNER || ss__rv_subnet_role(s, (ss__rv_role)r) != 0)
            roles[n++] = (ss__rv_role)r;
    return n;
}

double ss__ch_emission_max(const ss__rd_subnet *s)
{
    double max = 0;
    for (size_t i = 0; i < s->n_epochs; i++) {
        double v = (double)s->epochs[i].issued_rao / 1e9;
        max = v > max ? v : max;
    }
    return max;
}

void ss__ch_emission_roles(ss_buf *o, const ss__rd *d, const ss__rd_subnet *s, double width,
                           double ymax, const char *tag)
{
    char label[160], title[256], desc[512];
    ss__ch_subnet_label(s, label, sizeof label);
    snprintf(title, sizeof title, "%s%s%s: alpha paid per epoch, by role", tag ? tag : "",
             tag ? " " : "", label);
    snprintf(desc, sizeof desc, "Stacked areas of the alpha paid at each of %zu epochs (tempo "
             "%lld blocks) to miners, validators, the owner and others, against time in days.",
             s->n_epochs, (long long)s->tempo);
    ss__rv_role roles[SS_RV_ROLES];
    size_t k = subnet_roles(s, roles);
    double *x = alloc_or_fail(o, s->n_epochs, sizeof *x);
    double *vals = alloc_or_fail(o, s->n_epochs * k, sizeof *vals);
    if (!x || !vals) {
        free(x);
        free(vals);
        return;
    }
    const double *ys[SS_RV_ROLES];
    const char *colours[SS_RV_ROLES], *names[SS_RV_ROLES];
    ss__svg_key keys[SS_RV_ROLES];
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < s->n_epochs; i++)
            vals[j * s->n_epochs + i] = (double)ss__rv_epoch_role(&s->epochs[i], roles[j]) / 1e9;
        ys[j] = &vals[j * s->n_epochs];
        colours[j] = ss__rv_role_colour(roles[j]);
        names[j] = ss__rv_role_name(roles[j]);
        keys[j] = (ss__svg_key){names[j], colours[j], SS_SVG_SWATCH, NULL};
    }
    for (size_t i = 0; i < s->n_epochs; i++)
        x[i] = ss__rd_days(s->epochs[i].block);
    ss__svg_chart c;
    ss__svg_begin(&c, o, width, 330, title, desc);
    ss__svg_legend(&c, keys, k);
    double xmax = ss__rd_days(d->blocks);
    ss__svg_axis xa = {0, xmax, 0, NULL, TIME_LABEL};
    ss__svg_axis ya = {0, ymax > 0 ? ymax : axis_top(ss__ch_emission_max(s), 1), 0, NULL,
                       "alpha paid per epoch (\xce\xb1)"};
    ss__svg_frame(&c, &xa, &ya);
    ss__svg_stack(&c, x, s->n_epochs, ys, k, colours, names);
    ss__svg_end(&c);
    free(x);
    free(vals);
}

#define SUBNET_LINES 7

void ss__ch_emission_subnets(ss_buf *o, const ss__rd *d, double width)
{
    /* A common time grid from the first epoch to the last, about 200 buckets. */
    size_t G = 200;
    int64_t first = d->first_block, span = d->last_block - first + 1;
    int64_t bw = (span + (int64_t)G - 1) / (int64_t)G;
    if (bw < 1)
        bw = 1;
    G = (size_t)((span + bw - 1) / bw);
    int shares = d->has_subnet_epochs;
    for (size_t i = 0; shares && i < d->n_subnets; i++)
        if (d->subnets[i].n_pool == 0 && d->subnets[i].n_epochs > 0)
            shares = 0;   /* some subnet has no pool rows: fall back to alpha */

    /* The SUBNET_LINES subnets that issued most, then everything else as "others". */
    size_t top[SUBNET_LINES], nt = 0;
    for (; nt < SUBNET_LINES && nt < d->n_subnets; nt++) {
        size_t best = d->n_subnets;
        for (size_t i = 0; i < d->n_subnets; i++) {
            int taken = 0;
            for (size_t j = 0; j < nt; j++)
                taken |= top[j] == i;
            if (!taken && (best == d->n_subnets ||
                           d->subnets[i].issued_rao > d->subnets[best].issued_rao))
                best = i;
        }
        top[nt] = best;
    }
    int others = d->n_subnets > nt;
    size_t k = nt + (size_t)others;
    double *x = alloc_or_fail(o, G, sizeof *x);
    double *vals = alloc_or_fail(o, G * k, sizeof *vals);
    double *count = alloc_or_fail(o, G, sizeof *count);
    if (!x || !vals || !count)
        goto done;
    for (size_t g = 0; g < G; g++)
        x[g] = ss__rd_days(first + (int64_t)g * bw + bw / 2);
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        size_t slot = nt;
        for (size_t j = 0; j < nt; j++)
            if (top[j] == i)
                slot = j;
        double *row = &vals[slot * G];
        if (shares) {
            /* Mean share per bucket, carried forward over buckets without a sample. */
            memset(count, 0, G * sizeof *count);
            double *mean = alloc_or_fail(o, G, sizeof *mean);
            if (!mean)
                goto done;
            for (size_t p = 0; p < s->n_pool; p++) {
                double at = s->pool_days[p] * 7200.0 - (double)first;
                size_t g = at < 0 ? 0 : (size_t)(at / (double)bw);
                if (g < G && isfinite(s->emission_share[p])) {
                    mean[g] += s->emission_share[p];
                    count[g]++;
                }
            }
            double carry = 0;
            for (size_t g = 0; g < G; g++) {
                if (count[g] > 0)
                    carry = mean[g] / count[g];
                row[g] += carry;
            }
            free(mean);
        } else {
            for (size_t e = 0; e < s->n_epochs; e++) {
                size_t g = (size_t)((s->epochs[e].block - first) / bw);
                if (g < G)
                    row[g] += (double)s->epochs[e].issued_rao / 1e9 / ((double)bw / 7200.0);
            }
        }
    }
    char names_buf[SUBNET_LINES + 1][160];
    const char *names[SUBNET_LINES + 1], *colours[SUBNET_LINES + 1];
    const double *ys[SUBNET_LINES + 1];
    ss__ch_line lines[SUBNET_LINES + 1];
    ss__svg_key keys[SUBNET_LINES + 1];
    for (size_t j = 0; j < k; j++) {
        if (j < nt)
            ss__ch_subnet_label(&d->subnets[top[j]], names_buf[j], sizeof names_buf[j]);
        else
            snprintf(names_buf[j], sizeof names_buf[j], "%zu other subnets", d->n_subnets - nt);
        names[j] = names_buf[j];
        colours[j] = j < nt ? ss__svg_palette[j % SS_SVG_PALETTE_SIZE] : SS_SVG_BURNED;
        ys[j] = &vals[j * G];
        lines[j] = (ss__ch_line){names[j], colours[j], NULL, x, ys[j], G};
        keys[j] = (ss__svg_key){names[j], colours[j], SS_SVG_SWATCH, NULL};
    }
    if (shares) {
        ss__svg_chart c;
        ss__svg_begin(&c, o, width, 360, "Share of block TAO emission by subnet",
                      "Stacked areas: each subnet's share of the TAO emitted per block "
                      "(subnet_epochs.emission_share), averaged per time bucket.");
        ss__svg_legend(&c, keys, k);
        ss__svg_axis xa = {0, ss__rd_days(d->blocks), 0, NULL, TIME_LABEL};
        ss__svg_axis ya = {0, 1, 100, "%", "share of block emission (%)"};
        ss__svg_frame(&c, &xa, &ya);
        ss__svg_stack(&c, x, G, ys, k, colours, names);
        ss__svg_end(&c);
    } else {
        ss__ch_lines_spec spec = {
            "Alpha issued per day, by subnet",
            "Lines: alpha each subnet issued per day. Each subnet issues its own alpha, so the "
            "lines are not stacked.",
            TIME_LABEL, "alpha issued per day (\xce\xb1/day)", width, 340, 0, NULL, 0,
            ss__rd_days(d->blocks),
        };
        ss__ch_lines(o, &spec, lines, k);
    }
done:
    free(x);
    free(vals);
    free(count);
}

static void lorenz_points(const double *v, size_t n, double *x, double *y)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    x[0] = y[0] = 0;
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += v[i];
        x[i + 1] = (double)(i + 1) / (double)n;
        y[i + 1] = sum > 0 ? cum / sum : NAN;
    }
}

static void lorenz_name(char *buf, size_t size, const char *prefix, const char *who, double gini,
                        size_t nakamoto)
{
    char g[SS_FMT_MAX];
    snprintf(buf, size, "%s%s: Gini %s, Nakamoto %zu", prefix, who, ss__fmt_fixed(g, gini, 3, 0),
             nakamoto);
}

void ss__ch_lorenz(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b, const char *tag_a,
                   const char *tag_b, double width)
{
    char label[160], title[256];
    ss__ch_subnet_label(a, label, sizeof label);
    snprintf(title, sizeof title, "%s: Lorenz curve of alpha received", label);
    const ss__rd_subnet *runs[2] = {a, b};
    const char *tags[2] = {tag_a, tag_b};
    double *pts[4] = {NULL, NULL, NULL, NULL};
    ss__ch_line lines[5] = {{0}};
    char names[4][160];
    size_t nl = 0;
    int coldkeys = !b && a->n_coldkeys != a->n_hotkeys;
    for (int r = 0; r < (b ? 2 : 1); r++) {
        const ss__rd_subnet *s = runs[r];
        for (int ck = 0; ck <= (r == 0 && coldkeys); ck++) {
            size_t n = ck ? s->n_coldkeys : s->n_hotkeys;
            double *p = alloc_or_fail(o, 2 * (n + 1), sizeof *p);
            if (!p)
                goto done;
            pts[nl] = p;
            lorenz_points(ck ? s->by_coldkey : s->by_hotkey, n, p, p + n + 1);
            char prefix[64] = "";
            if (tags[r])
                snprintf(prefix, sizeof prefix, "%s ", tags[r]);
            lorenz_name(names[nl], sizeof names[nl], prefix, ck ? "coldkeys" : "hotkeys",
                        ck ? s->gini_coldkey : s->gini_hotkey,
                        ck ? s->nakamoto_coldkey : s->nakamoto_hotkey);
            lines[nl] = (ss__ch_line){names[nl], r == 0 ? SS_SVG_MINER : SS_SVG_ADVERSARY,
                                      ck || r ? "6 4" : NULL, p, p + n + 1, n + 1};
            nl++;
        }
    }
    static const double diag[2] = {0, 1};
    lines[nl++] = (ss__ch_line){"equal shares", "#888888", "2 3", diag, diag, 2};
    ss__svg_chart c;
    ss__svg_begin(&c, o, width, 400, title,
                  "Cumulative share of alpha received against the cumulative share of holders, "
                  "poorest first. The diagonal is perfect equality.");
    ss__svg_key keys[5];
    for (size_t i = 0; i < nl; i++)
        keys[i] = (ss__svg_key){lines[i].name, lines[i].colour, SS_SVG_LINE, lines[i].dash};
    ss__svg_legend(&c, keys, nl);
    ss__svg_axis xa = {0, 1, 100, "%", "share of holders, least paid first (%)"};
    ss__svg_axis ya = {0, 1, 100, "%", "share of alpha received (%)"};
    ss__svg_frame(&c, &xa, &ya);
    for (size_t i = 0; i < nl; i++)
        ss__svg_line(&c, lines[i].x, lines[i].y, lines[i].n, lines[i].colour,
                     i + 1 == nl ? 1.2 : 2.2, lines[i].dash, lines[i].name);
    ss__svg_end(&c);
done:
    for (int i = 0; i < 4; i++)
        free(pts[i]);
}

void ss__ch_gini_time(ss_buf *o, const ss__rd *d, double width)
{
    ss__ch_line lines[SS_REPORT_MAX_SUBNETS] = {{0}};
    char names[SS_REPORT_MAX_SUBNETS][160];
    double *bufs[SS_REPORT_MAX_SUBNETS] = {0};
    size_t n = 0;
    for (size_t k = 0; k < d->n_detail && n < SS_REPORT_MAX_SUBNETS; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        double *b = alloc_or_fail(o, 2 * s->n_epochs, sizeof *b);
        if (!b)
            break;
        for (size_t i = 0; i < s->n_epochs; i++) {
            b[i] = ss__rd_days(s->epochs[i].block);
            b[s->n_epochs + i] = s->epochs[i].gini;
        }
        ss__ch_subnet_label(s, names[n], sizeof names[n]);
        bufs[n] = b;
        lines[n] = (ss__ch_line){names[n], ss__svg_palette[n % SS_SVG_PALETTE_SIZE], NULL, b,
                                 b + s->n_epochs, s->n_epochs};
        n++;
    }
    ss__ch_lines_spec spec = {
        "Gini of each epoch's payouts",
        "Gini coefficient of the alpha paid to each UID at one epoch, over time, per subnet.",
        TIME_LABEL, "Gini coefficient (0\xe2\x80\x93" "1)", width, 300, 0, NULL, 1,
        ss__rd_days(d->blocks),
    };
    ss__ch_lines(o, &spec, lines, n);
    for (size_t i = 0; i < n; i++)
        free(bufs[i]);
}

double ss__ch_quality_max(const ss__rd_subnet *s)
{
    double max = 0;
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *n = &s->neurons[i];
        double v = ss__rv_mean_incentive(n);
        if (strcmp(n->role, "miner") == 0 && isfinite(v) && v > max)
            max = v;
    }
    return max;
}

void ss__ch_quality(ss_buf *o, const ss__rd_subnet *s, double width, double ymax,
                    const char *tag)
{
    char label[160], title[256], corr[SS_FMT_MAX], kinds[256], adv_name[320];
    ss__ch_subnet_label(s, label, sizeof label);
    snprintf(title, sizeof title, "%s%s%s: incentive vs true quality (Spearman %s)",
             tag ? tag : "", tag ? " " : "", label, ss__fmt_fixed(corr, s->quality_corr, 2, 0));
    double *v = alloc_or_fail(o, 4 * (s->n_neurons + 1), sizeof *v);
    const char **tips = alloc_or_fail(o, 2 * (s->n_neurons + 1), sizeof *tips);
    char *tipbuf = alloc_or_fail(o, (s->n_neurons + 1) * 128, 1);
    if (!v || !tips || !tipbuf)
        goto done;
    double *hx = v, *hy = v + s->n_neurons, *ax = v + 2 * s->n_neurons,
           *ay = v + 3 * s->n_neurons;
    const char **htips = tips, **atips = tips + s->n_neurons;
    size_t nh = 0, na = 0;
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *n = &s->neurons[i];
        double inc = ss__rv_mean_incentive(n);
        if (strcmp(n->role, "miner") != 0 || !isfinite(n->true_quality) || !isfinite(inc))
            continue;
        char *t = tipbuf + i * 128, q[SS_FMT_MAX], p[SS_FMT_MAX];
        snprintf(t, 128, "uid %lld %s (%s): quality %s, incentive %s", (long long)n->uid,
                 n->hotkey, n->agent_kind, ss__fmt_fixed(q, n->true_quality, 3, 0),
                 ss__fmt_pct(p, inc, 2));
        if (n->adversary) {
            ax[na] = n->true_quality;
            ay[na] = inc;
            atips[na++] = t;
        } else {
            hx[nh] = n->true_quality;
            hy[nh] = inc;
            htips[nh++] = t;
        }
    }
    size_t nk = ss__rv_adversary_kinds(s, "miner", kinds, sizeof kinds);
    snprintf(adv_name, sizeof adv_name, "adversaries (%s)", nk ? kinds : "none");
    ss__svg_key keys[2] = {
        {"honest miners", SS_SVG_MINER, SS_SVG_CIRCLE, NULL},
        {adv_name, SS_SVG_ADVERSARY, SS_SVG_TRIANGLE, NULL},
    };
    ss__svg_chart c;
    ss__svg_begin(&c, o, width, 360, title,
                  "Each marker is a miner: its hidden true quality against the mean incentive "
                  "Yuma gave it per epoch. Adversaries are orange triangles.");
    ss__svg_legend(&c, keys, na ? 2 : 1);
    ss__svg_axis xa = {0, 1, 0, NULL, "true quality (0\xe2\x80\x93" "1, hidden from validators)"};
    ss__svg_axis ya = {0, ymax > 0 ? ymax : axis_top(ss__ch_quality_max(s), 100), 100, "%",
                       "mean incentive per epoch (%)"};
    ss__svg_frame(&c, &xa, &ya);
    ss__svg_points(&c, hx, hy, nh, SS_SVG_MINER, SS_SVG_CIRCLE, htips);
    ss__svg_points(&c, ax, ay, na, SS_SVG_ADVERSARY, SS_SVG_TRIANGLE, atips);
    ss__svg_end(&c);
done:
    free(v);
    free(tips);
    free(tipbuf);
}

double ss__ch_dividends_max(const ss__rd_subnet *s)
{
    size_t *idx = malloc((s->n_neurons + 1) * sizeof *idx);
    double *sh = malloc(2 * (s->n_neurons + 1) * sizeof *sh);
    double max = 0;
    if (idx && sh) {
        size_t n = ss__rv_rank(s, "validator", idx);
        ss__rv_validator_shares(s, idx, n, sh, sh + n);
        for (size_t i = 0; i < 2 * n; i++)
            if (isfinite(sh[i]) && sh[i] > max)
                max = sh[i];
    }
    free(idx);
    free(sh);
    return max;
}

void ss__ch_dividends(ss_buf *o, const ss__rd_subnet *s, double width, double axis_max,
                      const char *tag)
{
    char label[160], title[256];
    ss__ch_subnet_label(s, label, sizeof label);
    snprintf(title, sizeof title, "%s%s%s: validators' dividends vs stake", tag ? tag : "",
             tag ? " " : "", label);
    size_t *idx = alloc_or_fail(o, s->n_neurons + 1, sizeof *idx);
    double *v = alloc_or_fail(o, 6 * (s->n_neurons + 1), sizeof *v);
    char *tipbuf = alloc_or_fail(o, (s->n_neurons + 1) * 128, 1);
    const char **tips = alloc_or_fail(o, 2 * (s->n_neurons + 1), sizeof *tips);
    if (!idx || !v || !tips || !tipbuf)
        goto done;
    size_t n = ss__rv_rank(s, "validator", idx);
    double *xs = v, *ys = v + n, *hx = v + 2 * n, *hy = v + 3 * n, *ax = v + 4 * n,
           *ay = v + 5 * n;
    ss__rv_validator_shares(s, idx, n, xs, ys);
    const char **htips = tips, **atips = tips + n;
    size_t nh = 0, na = 0;
    for (size_t i = 0; i < n; i++) {
        const ss__rd_neuron *r = &s->neurons[idx[i]];
        char *t = tipbuf + i * 128, a[SS_FMT_MAX], b[SS_FMT_MAX];
        snprintf(t, 128, "uid %lld %s (%s): stake %s, dividends %s", (long long)r->uid,
                 r->hotkey, r->agent_kind, ss__fmt_pct(a, xs[i], 2), ss__fmt_pct(b, ys[i], 2));
        if (r->adversary) {
            ax[na] = xs[i];
            ay[na] = ys[i];
            atips[na++] = t;
        } else {
            hx[nh] = xs[i];
            hy[nh] = ys[i];
            htips[nh++] = t;
        }
    }
    double top = 0;
    for (size_t i = 0; i < n; i++) {
        if (isfinite(xs[i]) && xs[i] > top)
            top = xs[i];
        if (isfinite(ys[i]) && ys[i] > top)
            top = ys[i];
    }
    top = axis_max > 0 ? axis_max : axis_top(top, 100);
    ss__svg_key keys[3] = {
        {"honest validators", SS_SVG_VALIDATOR, SS_SVG_CIRCLE, NULL},
        {"adversaries", SS_SVG_ADVERSARY, SS_SVG_TRIANGLE, NULL},
        {"dividends proportional to stake", "#888888", SS_SVG_LINE, "2 3"},
    };
    ss__svg_key shown[3] = {keys[0], keys[1], keys[2]};
    size_t nk = 3;
    if (!na) {
        shown[1] = keys[2];
        nk = 2;
    }
    ss__svg_chart c;
    ss__svg_begin(&c, o, width, 400, title,
                  "Each marker is a validator: its share of validator stake (mean over epochs) "
                  "against its share of all validator dividends. On the dashed line dividends "
                  "are proportional to stake.");
    ss__svg_legend(&c, shown, nk);
    ss__svg_axis xa = {0, top, 100, "%", "share of validator stake, mean over epochs (%)"};
    ss__svg_axis ya = {0, top, 100, "%", "share of validator dividends (%)"};
    ss__svg_frame(&c, &xa, &ya);
    ss__svg_segment(&c, 0, 0, top, top, "#888888", "2 3");
    ss__svg_points(&c, hx, hy, nh, SS_SVG_VALIDATOR, SS_SVG_CIRCLE, htips);
    ss__svg_points(&c, ax, ay, na, SS_SVG_ADVERSARY, SS_SVG_TRIANGLE, atips);
    /* Label points with their uids, merging labels of points that sit together. */
    if (n <= 16) {
        unsigned char *done_ = alloc_or_fail(o, n + 1, 1);
        for (size_t i = 0; done_ && i < n; i++) {
            if (done_[i] || !isfinite(xs[i]) || !isfinite(ys[i]))
                continue;
            int64_t uids[16];
            size_t nu = 0;
            uids[nu++] = s->neurons[idx[i]].uid;
            double px = ss__svg_px(&c, xs[i]), py = ss__svg_py(&c, ys[i]);
            for (size_t j = i + 1; j < n; j++) {
                if (done_[j] || !isfinite(xs[j]) || !isfinite(ys[j]))
                    continue;
                if (fabs(ss__svg_px(&c, xs[j]) - px) < 14 &&
                    fabs(ss__svg_py(&c, ys[j]) - py) < 10) {
                    done_[j] = 1;
                    uids[nu++] = s->neurons[idx[j]].uid;
                }
            }
            /* List the uids of a cluster in increasing order. */
            for (size_t u = 1; u < nu; u++)
                for (size_t w = u; w > 0 && uids[w - 1] > uids[w]; w--) {
                    int64_t t = uids[w];
                    uids[w] = uids[w - 1];
                    uids[w - 1] = t;
                }
            char text[160];
            size_t len = (size_t)snprintf(text, sizeof text, "uid %lld", (long long)uids[0]);
            for (size_t u = 1; u < nu && len < sizeof text - 24; u++)
                len += (size_t)snprintf(text + len, sizeof text - len, ", %lld",
                                        (long long)uids[u]);
            ss__svg_text(&c, xs[i], ys[i], px > c.right - 90 ? -8 : 8, 4,
                         px > c.right - 90 ? "end" : "start", text);
        }
        free(done_);
    }
    ss__svg_end(&c);
done:
    free(idx);
    free(v);
    free(tipbuf);
    free(tips);
}

double ss__ch_matrix_max(const ss__rd_matrix *m, size_t n)
{
    double max = 0;
    for (size_t i = 0; i < n; i++)
        max = m[i].vmax > max ? m[i].vmax : max;
    return ss__svg_nice_ceil(max);
}

void ss__ch_heatmap(ss_buf *o, const ss__rd_subnet *s, const ss__rd_matrix *m, int bonds,
                    double vmax, double width)
{
    char label[160], title[256], desc[512], xl[160], day[SS_FMT_MAX];
    ss__ch_subnet_label(s, label, sizeof label);
    if (m->block != SS_RD_NONE)
        ss__fmt_fixed(day, ss__rd_days(m->block), 2, 1);
    else
        strcpy(day, "?");
    snprintf(title, sizeof title, "%s %s, epoch %lld (day %s)", label, bonds ? "bonds" : "weights",
             (long long)m->epoch, day);
    snprintf(desc, sizeof desc, "%s of %zu validators (rows, largest stake first) on %zu miners "
             "(columns, best true quality first) at epoch %lld%s.", bonds ? "Bonds" : "Weights",
             m->rows, m->cols, (long long)m->epoch,
             m->requested != m->epoch ? ", the sampled epoch nearest the one asked for" : "");
    snprintf(xl, sizeof xl, "miners (%zu, best quality left)", m->cols);
    char **rn = alloc_or_fail(o, m->rows + 1, sizeof *rn);
    char **rt = alloc_or_fail(o, m->rows + 1, sizeof *rt);
    char **ct = alloc_or_fail(o, m->cols + 1, sizeof *ct);
    char *buf = alloc_or_fail(o, (2 * m->rows + m->cols + 1) * 64, 1);
    if (!rn || !rt || !ct || !buf)
        goto done;
    char *p = buf;
    for (size_t r = 0; r < m->rows; r++) {
        char st[SS_FMT_MAX];
        snprintf(p, 64, "uid %lld \xc2\xb7 %s \xce\xb1", (long long)m->row_uid[r],
                 ss__fmt_sig(st, m->row_stake_rao[r] / 1e9, 3));
        rn[r] = p;
        p += 64;
        snprintf(p, 64, "validator uid %lld", (long long)m->row_uid[r]);
        rt[r] = p;
        p += 64;
    }
    for (size_t k = 0; k < m->cols; k++) {
        char q[SS_FMT_MAX];
        snprintf(p, 64, "miner uid %lld (quality %s)", (long long)m->col_uid[k],
                 ss__fmt_fixed(q, m->col_quality[k], 2, 0));
        ct[k] = p;
        p += 64;
    }
    ss__svg_heatmap h = {
        title, desc, xl, "validators (rows)",
        bonds ? "bond (0\xe2\x80\x93" "1, chain scale)" : "weight (share of the validator's row)",
        m->rows, m->cols, m->v, (const char *const *)rn, m->row_adv, m->col_adv,
        (const char *const *)rt, (const char *const *)ct, vmax, width,
    };
    ss__svg_heatmap_draw(o, &h);
done:
    free(rn);
    free(rt);
    free(ct);
    free(buf);
}

void ss__ch_capture(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b,
                    const char *tag_a, const char *tag_b, double width, double x_max_days)
{
    char label[160], title[256];
    ss__ch_subnet_label(a, label, sizeof label);
    snprintf(title, sizeof title, "%s: adversaries' share over time", label);
    const ss__rd_subnet *runs[2] = {a, b};
    const char *tags[2] = {tag_a, tag_b};
    ss__ch_line lines[6];
    char names[6][96];
    double *bufs[2] = {NULL, NULL};
    size_t nl = 0;
    for (int r = 0; r < (b ? 2 : 1); r++) {
        const ss__rd_subnet *s = runs[r];
        size_t n = s->n_epochs;
        double *v = alloc_or_fail(o, 4 * n + 1, sizeof *v);
        if (!v)
            goto done;
        bufs[r] = v;
        for (size_t i = 0; i < n; i++) {
            v[i] = ss__rd_days(s->epochs[i].block);
            v[n + i] = s->epochs[i].adv_emission_share;
            v[2 * n + i] = s->epochs[i].adv_stake_share;
            v[3 * n + i] = s->epochs[i].adv_uid_share;
        }
        char pre[64] = "";
        if (tags[r])
            snprintf(pre, sizeof pre, "%s: ", tags[r]);
        const char *colour = r ? SS_SVG_MINER : SS_SVG_ADVERSARY;
        snprintf(names[nl], sizeof names[nl], "%sshare of alpha paid", pre);
        lines[nl] = (ss__ch_line){names[nl], colour, NULL, v, v + n, n};
        nl++;
        snprintf(names[nl], sizeof names[nl], "%sshare of stake", pre);
        lines[nl] = (ss__ch_line){names[nl], colour, "7 4", v, v + 2 * n, n};
        nl++;
        snprintf(names[nl], sizeof names[nl], "%sshare of UIDs", pre);
        lines[nl] = (ss__ch_line){names[nl], r ? "#56B4E9" : "#777777", "2 3", v, v + 3 * n, n};
        nl++;
    }
    ss__ch_lines_spec spec = {
        title,
        "Per epoch: the adversary-flagged neurons' share of the alpha paid to neurons, of "
        "the stake, and of the registered UIDs.",
        TIME_LABEL, "share held by adversaries (%)", width, 330, 100, "%", 0, x_max_days,
    };
    ss__ch_lines(o, &spec, lines, nl);
done:
    free(bufs[0]);
    free(bufs[1]);
}

void ss__ch_emission_delta(ss_buf *o, const ss__rd_subnet *a, const ss__rd_subnet *b,
                           double width, double x_max_days)
{
    char label[160], title[256];
    ss__ch_subnet_label(a, label, sizeof label);
    snprintf(title, sizeof title, "%s: B \xe2\x88\x92 A, alpha paid per epoch", label);
    size_t n = a->n_epochs < b->n_epochs ? a->n_epochs : b->n_epochs;
    double *v = alloc_or_fail(o, (SS_RV_ROLES + 1) * (n + 1), sizeof *v);
    if (!v)
        return;
    ss__ch_line lines[SS_RV_ROLES];
    size_t nl = 0;
    for (size_t i = 0; i < n; i++)
        v[i] = ss__rd_days(a->epochs[i].block);
    /* Runs that differ by a few rao read better in rao than in nano-alpha. */
    int64_t biggest = 0;
    for (size_t i = 0; i < n; i++)
        for (int r = 0; r < SS_RV_ROLES; r++) {
            int64_t d = ss__rv_epoch_role(&b->epochs[i], (ss__rv_role)r) -
                        ss__rv_epoch_role(&a->epochs[i], (ss__rv_role)r);
            d = d < 0 ? -d : d;
            biggest = d > biggest ? d : biggest;
        }
    double unit = biggest < 1000000 ? 1 : 1e9;
    for (int r = 0; r < SS_RV_ROLES; r++) {
        if (r > SS_RV_OWNER && !ss__rv_subnet_role(a, (ss__rv_role)r) &&
            !ss__rv_subnet_role(b, (ss__rv_role)r))
            continue;
        double *y = v + (size_t)(r + 1) * (n + 1);
        for (size_t i = 0; i < n; i++)
            y[i] = (double)(ss__rv_epoch_role(&b->epochs[i], (ss__rv_role)r) -
                            ss__rv_epoch_role(&a->epochs[i], (ss__rv_role)r)) / unit;
        lines[nl++] = (ss__ch_line){ss__rv_role_name((ss__rv_role)r),
                                    ss__rv_role_colour((ss__rv_role)r), NULL, v, y, n};
    }
    ss__ch_lines_spec spec = {
        title,
        "For each role, the alpha run B paid at an epoch minus what run A paid at the same "
        "epoch number. Zero means the runs paid that role the same.",
        TIME_LABEL,
        unit == 1 ? "B \xe2\x88\x92 A per epoch (rao)" : "B \xe2\x88\x92 A per epoch (\xce\xb1)",
        width, 330, 0, NULL, 0, x_max_days,
    };
    ss__ch_lines(o, &spec, lines, nl);
    free(v);
}
