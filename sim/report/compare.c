/*
** The A/B report. Both formats share one list of compared figures (run totals,
** then per matched subnet: concentration, quality ranking, adversaries'
** capture), each with A, B, the difference and, for amounts and counts, the
** relative change. Shares differ in percentage points, never in percent of a
** percent.
*/
#include "report/compare.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/charts.h"
#include "report/fmt.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/svg.h"
#include "report/views.h"

typedef enum kind { K_ALPHA, K_SHARE, K_COUNT, K_COEF } kind;

typedef struct figure {
    char name[128];
    double a, b;
    kind k;
} figure;

typedef struct figures {
    figure *v;
    size_t n, cap;
    int failed;
} figures;

static void add(figures *f, kind k, double a, double b, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add(figures *f, kind k, double a, double b, const char *fmt, ...)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        figure *v = realloc(f->v, cap * sizeof *v);
        if (!v) {
            f->failed = 1;
            return;
        }
        f->v = v;
        f->cap = cap;
    }
    figure *x = &f->v[f->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->name, sizeof x->name, fmt, ap);
    va_end(ap);
    x->a = a;
    x->b = b;
    x->k = k;
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

static double run_adversary_share(const ss__rd *d)
{
    int64_t adv = 0, paid = 0;
    for (size_t i = 0; i < d->n_subnets; i++) {
        adv += d->subnets[i].adversary_paid_rao;
        paid += d->subnets[i].paid_rao;
    }
    return share(adv, paid);
}

/* The detail subnets of A that B also has, as pairs of indices. */
static size_t matched(const ss__rd *a, const ss__rd *b, size_t *ia, size_t *ib)
{
    size_t n = 0;
    for (size_t k = 0; k < a->n_detail; k++) {
        const ss__rd_subnet *s = &a->subnets[a->detail[k]];
        const ss__rd_subnet *t = ss__rd_subnet_find(b, s->netuid);
        if (t) {
            ia[n] = a->detail[k];
            ib[n++] = (size_t)(t - b->subnets);
        }
    }
    return n;
}

static void collect(figures *f, const ss__rd *a, const ss__rd *b)
{
    add(f, K_ALPHA, (double)a->issued_rao, (double)b->issued_rao, "alpha issued");
    for (int r = 0; r < SS_RV_ROLES; r++) {
        if (!ss__rv_role_recorded(a, (ss__rv_role)r) && !ss__rv_role_recorded(b, (ss__rv_role)r))
            continue;
        add(f, K_ALPHA, (double)ss__rv_run_role(a, (ss__rv_role)r),
            (double)ss__rv_run_role(b, (ss__rv_role)r), "alpha %s%s",
            r == SS_RV_BURNED ? "" : "to ",
            r == SS_RV_BURNED ? "burned or unpaid" : ss__rv_role_name((ss__rv_role)r));
    }
    add(f, K_COUNT, (double)a->n_epochs, (double)b->n_epochs, "epochs");
    add(f, K_COUNT, (double)a->n_neurons, (double)b->n_neurons, "neurons");
    add(f, K_COUNT, (double)a->n_adversaries, (double)b->n_adversaries, "adversaries");
    add(f, K_SHARE, run_adversary_share(a), run_adversary_share(b),
        "adversaries' share of alpha paid");
    size_t *ia = malloc((a->n_detail + 1) * sizeof *ia);
    size_t *ib = malloc((a->n_detail + 1) * sizeof *ib);
    if (!ia || !ib) {
        free(ia);
        free(ib);
        f->failed = 1;
        return;
    }
    size_t n = matched(a, b, ia, ib);
    for (size_t k = 0; k < n; k++) {
        const ss__rd_subnet *s = &a->subnets[ia[k]], *t = &b->subnets[ib[k]];
        long long id = (long long)s->netuid;
        add(f, K_SHARE, share(s->miner_rao, s->issued_rao), share(t->miner_rao, t->issued_rao),
            "SN%lld miners' share of alpha issued", id);
        add(f, K_SHARE, share(s->validator_rao, s->issued_rao),
            share(t->validator_rao, t->issued_rao), "SN%lld validators' share of alpha issued",
            id);
        add(f, K_COEF, s->gini_hotkey, t->gini_hotkey, "SN%lld Gini of alpha per hotkey", id);
        add(f, K_COUNT, (double)s->nakamoto_hotkey, (double)t->nakamoto_hotkey,
            "SN%lld Nakamoto coefficient (hotkeys)", id);
        add(f, K_COEF, s->quality_corr, t->quality_corr,
            "SN%lld Spearman: true quality vs incentive", id);
        add(f, K_SHARE, share(s->adversary_paid_rao, s->paid_rao),
            share(t->adversary_paid_rao, t->paid_rao), "SN%lld adversaries' share of alpha paid",
            id);
    }
    free(ia);
    free(ib);
}

/* The text of a value, of B - A, and of the relative change. */
static void texts(const figure *x, char *va, char *vb, char *dv, char *rel)
{
    double d = x->b - x->a;
    char t[SS_FMT_MAX];
    switch (x->k) {
    case K_ALPHA:
        ss__fmt_alpha(va, (int64_t)x->a);
        ss__fmt_alpha(vb, (int64_t)x->b);
        ss__fmt_alpha(t, (int64_t)x->b - (int64_t)x->a);
        break;
    case K_SHARE:
        ss__fmt_pct(va, x->a, 2);
        ss__fmt_pct(vb, x->b, 2);
        ss__fmt_fixed(t, d * 100, 2, 1);
        if (isfinite(d))
            strcat(t, " pp");
        break;
    case K_COUNT:
        ss__fmt_fixed(va, x->a, 0, 1);
        ss__fmt_fixed(vb, x->b, 0, 1);
        ss__fmt_fixed(t, d, 0, 1);
        break;
    default:
        ss__fmt_fixed(va, x->a, 3, 0);
        ss__fmt_fixed(vb, x->b, 3, 0);
        ss__fmt_fixed(t, d, 3, 0);
        break;
    }
    /* A plus sign on increases, but not on a difference that rounds to zero. */
    int nonzero = strpbrk(t, "123456789") != NULL;
    snprintf(dv, SS_FMT_MAX, "%s%s", isfinite(d) && d > 0 && nonzero ? "+" : "", t);
    if ((x->k == K_ALPHA || x->k == K_COUNT) && x->a != 0 && isfinite(d)) {
        ss__fmt_pct(t, d / fabs(x->a), 2);
        snprintf(rel, SS_FMT_MAX, "%s%s", d > 0 && strpbrk(t, "123456789") ? "+" : "", t);
    } else {
        strcpy(rel, "");
    }
}

static const char *same(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") == 0 ? "same" : "differs";
}

/* What the pairing of scenarios and seeds lets one conclude. */
static const char *design_note(const ss__rd *a, const ss__rd *b)
{
    int same_seed = strcmp(a->seed, b->seed) == 0;
    int same_scenario = strcmp(a->scenario_sha256, b->scenario_sha256) == 0;
    if (same_seed && same_scenario)
        return strcmp(a->version, b->version) == 0
                   ? "Same scenario and seed: the runs should agree exactly; any difference "
                     "points at the simulator itself."
                   : "Same scenario and seed, different subnetsim versions: differences come "
                     "from the simulator's changes.";
    if (same_seed)
        return "Both runs use the same seed, so agents draw from the same random streams "
               "(keyed by subnet, UID and purpose) wherever the scenarios agree: differences "
               "come from the scenario change rather than chance.";
    if (same_scenario)
        return "Same scenario, different seeds: differences are sampling noise. Compare "
               "several seeds before drawing conclusions.";
    return "Different scenarios and different seeds: differences mix the scenario change with "
           "sampling noise. Use the same seed to isolate the scenario's effect.";
}

static void run_label(char *buf, size_t size, const char *tag, const ss__rd *d)
{
    snprintf(buf, size, "%s: %s, seed %s (scenario %.12s…)", tag, d->scenario_name, d->seed,
             d->scenario_sha256);
}

typedef struct prow {
    const char *name, *a, *b;
} prow;

static size_t provenance_rows(const ss__rd *a, const ss__rd *b, prow *r, char bufs[][64])
{
    size_t n = 0;
    r[n++] = (prow){"scenario", a->scenario_name, b->scenario_name};
    r[n++] = (prow){"scenario file", a->scenario_file, b->scenario_file};
    r[n++] = (prow){"scenario SHA-256", a->scenario_sha256, b->scenario_sha256};
    r[n++] = (prow){"seed", a->seed, b->seed};
    r[n++] = (prow){"subnetsim version", a->version, b->version};
    ss__fmt_int(bufs[0], a->blocks);
    ss__fmt_int(bufs[1], b->blocks);
    r[n++] = (prow){"blocks", bufs[0], bufs[1]};
    r[n++] = (prow){"status", a->status, b->status};
    snprintf(bufs[2], 64, "%d", a->schema_version);
    snprintf(bufs[3], 64, "%d", b->schema_version);
    r[n++] = (prow){"schema version", bufs[2], bufs[3]};
    r[n++] = (prow){"started (UTC)", a->started_at ? a->started_at : "not recorded",
                    b->started_at ? b->started_at : "not recorded"};
    return n;
}

static void default_title(char *buf, size_t size, const ss__rd *a, const ss__rd *b,
                          const ss_report_options *opt)
{
    if (opt && opt->title)
        snprintf(buf, size, "%s", opt->title);
    else
        snprintf(buf, size, "A/B: %s seed %s vs %s seed %s", a->scenario_name, a->seed,
                 b->scenario_name, b->seed);
}

/* ---- HTML ------------------------------------------------------------------ */

static void html_pairs(ss_buf *o, const ss__rd *a, const ss__rd *b)
{
    size_t *ia = malloc((a->n_detail + 1) * sizeof *ia);
    size_t *ib = malloc((a->n_detail + 1) * sizeof *ib);
    if (!ia || !ib) {
        free(ia);
        free(ib);
        o->failed = 1;
        return;
    }
    size_t n = matched(a, b, ia, ib);
    ss__html_section(o, "charts", "The runs side by side",
                     "Per subnet present in both runs: A on the left, B on the right, on "
                     "shared scales so that heights compare directly. Lorenz curves and "
                     "adversaries' capture are overlaid (B dashed), and the difference in "
                     "alpha paid per epoch is drawn by role as B minus A.");
    if (n == 0)
        ss__html_note(o, "The runs have no subnet (netuid) in common, so there is nothing to "
                         "draw side by side.");
    for (size_t k = 0; k < n; k++) {
        const ss__rd_subnet *s = &a->subnets[ia[k]], *t = &b->subnets[ib[k]];
        char label[160];
        ss__ch_subnet_label(s, label, sizeof label);
        ss_buf_puts(o, "<h3>");
        ss__fmt_html(o, label);
        ss_buf_puts(o, "</h3>\n<div class=\"grid2\">\n");
        double em = ss__ch_emission_max(s), tm = ss__ch_emission_max(t);
        double ymax = ss__svg_nice_ceil(em > tm ? em : tm);
        ss__ch_emission_roles(o, a, s, SS_CH_HALF, ymax, "A \xc2\xb7");
        ss__ch_emission_roles(o, b, t, SS_CH_HALF, ymax, "B \xc2\xb7");
        ss_buf_puts(o, "</div>\n<div class=\"grid2\">\n");
        int uid_rows = a->uid_epoch_rows > 0 && b->uid_epoch_rows > 0;
        if (uid_rows)
            ss__ch_lorenz(o, s, t, "A", "B", SS_CH_HALF);
        ss__ch_emission_delta(o, s, t, SS_CH_HALF,
                              ss__rd_days(a->blocks > b->blocks ? a->blocks : b->blocks));
        ss_buf_puts(o, "</div>\n");
        if (uid_rows) {
            if (s->n_adversaries || t->n_adversaries)
                ss__ch_capture(o, s, t, "A", "B", SS_CH_FULL,
                               ss__rd_days(a->blocks > b->blocks ? a->blocks : b->blocks));
            else
                ss__html_note(o, "Neither run has adversaries in this subnet.");
            ss_buf_puts(o, "<div class=\"grid2\">\n");
            double qa = ss__ch_quality_max(s), qb = ss__ch_quality_max(t);
            double qmax = ss__svg_nice_ceil((qa > qb ? qa : qb) * 100) / 100;
            ss__ch_quality(o, s, SS_CH_HALF, qmax, "A \xc2\xb7");
            ss__ch_quality(o, t, SS_CH_HALF, qmax, "B \xc2\xb7");
            double da = ss__ch_dividends_max(s), db = ss__ch_dividends_max(t);
            double dmax = ss__svg_nice_ceil((da > db ? da : db) * 100) / 100;
            ss__ch_dividends(o, s, SS_CH_HALF, dmax, "A \xc2\xb7");
            ss__ch_dividends(o, t, SS_CH_HALF, dmax, "B \xc2\xb7");
            ss_buf_puts(o, "</div>\n");
        }
        if (!uid_rows)
            ss__html_note(o, "One of the runs has no per-UID rows, so concentration, quality "
                             "and dividends cannot be compared.");
    }
    ss__html_section_end(o);
    free(ia);
    free(ib);
}

void ss__compare_html(ss_buf *o, const ss__rd *a, const ss__rd *b, const ss_report_options *opt)
{
    char title[512], la[256], lb[256];
    default_title(title, sizeof title, a, b, opt);
    ss__html_begin(o, title);
    run_label(la, sizeof la, "A", a);
    run_label(lb, sizeof lb, "B", b);
    ss_buf_puts(o, "<p class=\"sub\">subnetsim A/B report \xc2\xb7 ");
    ss__fmt_html(o, la);
    ss_buf_puts(o, " \xc2\xb7 ");
    ss__fmt_html(o, lb);
    ss_buf_puts(o, "</p>\n");
    ss__html_status_warning(o, a, "A");
    ss__html_status_warning(o, b, "B");
    ss_buf_puts(o, "<nav><ul><li><a href=\"#provenance\">Provenance</a></li><li><a href=\""
                   "#differences\">Differences</a></li><li><a href=\"#charts\">Side by side</a>"
                   "</li></ul></nav>\n</header>\n<main>\n");

    ss__html_section(o, "provenance", "Provenance of both runs", design_note(a, b));
    prow rows[16];
    char bufs[4][64];
    size_t n = provenance_rows(a, b, rows, bufs);
    ss_buf_puts(o, "<table><tr>");
    ss__html_th(o, "", 0);
    ss__html_th(o, "A", 0);
    ss__html_th(o, "B", 0);
    ss__html_th(o, "", 0);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < n; i++) {
        ss_buf_puts(o, "<tr><th>");
        ss__fmt_html(o, rows[i].name);
        ss_buf_puts(o, "</th><td class=\"mono\">");
        ss__fmt_html(o, rows[i].a);
        ss_buf_puts(o, "</td><td class=\"mono\">");
        ss__fmt_html(o, rows[i].b);
        ss_buf_puts(o, "</td>");
        ss__html_td(o, same(rows[i].a, rows[i].b));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
    ss__html_section_end(o);

    ss__html_section(o, "differences", "Differences",
                     "Headline figures of both runs and B minus A. Amounts are in alpha; "
                     "shares differ in percentage points (pp); the last column is the change "
                     "relative to A for amounts and counts. Subnets are matched by netuid.");
    figures f = {0};
    collect(&f, a, b);
    if (f.failed)
        o->failed = 1;
    ss_buf_puts(o, "<table><tr>");
    ss__html_th(o, "figure", 0);
    ss__html_th(o, "A", 1);
    ss__html_th(o, "B", 1);
    ss__html_th(o, "B \xe2\x88\x92 A", 1);
    ss__html_th(o, "relative", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < f.n; i++) {
        char va[SS_FMT_MAX], vb[SS_FMT_MAX], dv[SS_FMT_MAX], rel[SS_FMT_MAX];
        texts(&f.v[i], va, vb, dv, rel);
        ss_buf_puts(o, "<tr>");
        ss__html_td(o, f.v[i].name);
        ss__html_td_num(o, va);
        ss__html_td_num(o, vb);
        ss__html_td_num(o, dv);
        ss__html_td_num(o, rel);
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
    free(f.v);
    for (size_t i = 0; i < b->n_subnets; i++)
        if (!ss__rd_subnet_find(a, b->subnets[i].netuid)) {
            char note[160];
            snprintf(note, sizeof note, "Subnet %lld is only in B.",
                     (long long)b->subnets[i].netuid);
            ss__html_note(o, note);
        }
    for (size_t i = 0; i < a->n_subnets; i++)
        if (!ss__rd_subnet_find(b, a->subnets[i].netuid)) {
            char note[160];
            snprintf(note, sizeof note, "Subnet %lld is only in A.",
                     (long long)a->subnets[i].netuid);
            ss__html_note(o, note);
        }
    ss__html_section_end(o);
    html_pairs(o, a, b);
    ss__html_end(o, a);
}

/* ---- Markdown --------------------------------------------------------------- */

void ss__compare_md(ss_buf *o, const ss__rd *a, const ss__rd *b, const ss_report_options *opt)
{
    char title[512], la[256], lb[256];
    default_title(title, sizeof title, a, b, opt);
    run_label(la, sizeof la, "A", a);
    run_label(lb, sizeof lb, "B", b);
    ss_buf_puts(o, "# ");
    ss__fmt_md(o, title);
    ss_buf_puts(o, "\n\nsubnetsim A/B report · ");
    ss__fmt_md(o, la);
    ss_buf_puts(o, " · ");
    ss__fmt_md(o, lb);
    ss_buf_puts(o, "\n\n");
    ss__md_status_warning(o, a, "A");
    ss__md_status_warning(o, b, "B");

    ss__md_section(o, "Provenance of both runs", design_note(a, b));
    prow rows[16];
    char bufs[4][64];
    size_t n = provenance_rows(a, b, rows, bufs);
    static const char *const hp[] = {"", "A", "B", ""};
    ss__md_header(o, 4, hp, "llll");
    for (size_t i = 0; i < n; i++) {
        ss__md_row_begin(o);
        ss__md_cell(o, rows[i].name);
        ss__md_cell(o, rows[i].a);
        ss__md_cell(o, rows[i].b);
        ss__md_cell(o, same(rows[i].a, rows[i].b));
        ss__md_row_end(o);
    }

    ss__md_section(o, "Differences", "B minus A. Amounts in alpha; shares differ in "
                   "percentage points (pp); relative change for amounts and counts.");
    figures f = {0};
    collect(&f, a, b);
    if (f.failed)
        o->failed = 1;
    static const char *const h[] = {"figure", "A", "B", "B − A", "relative"};
    ss__md_header(o, 5, h, "lrrrr");
    for (size_t i = 0; i < f.n; i++) {
        char va[SS_FMT_MAX], vb[SS_FMT_MAX], dv[SS_FMT_MAX], rel[SS_FMT_MAX];
        texts(&f.v[i], va, vb, dv, rel);
        ss__md_row_begin(o);
        ss__md_cell(o, f.v[i].name);
        ss__md_cell(o, va);
        ss__md_cell(o, vb);
        ss__md_cell(o, dv);
        ss__md_cell(o, rel);
        ss__md_row_end(o);
    }
    free(f.v);
    ss_buf_puts(o, "\n");
    for (size_t i = 0; i < b->n_subnets; i++)
        if (!ss__rd_subnet_find(a, b->subnets[i].netuid))
            ss_buf_printf(o, "_Subnet %lld is only in B._\n\n", (long long)b->subnets[i].netuid);
    for (size_t i = 0; i < a->n_subnets; i++)
        if (!ss__rd_subnet_find(b, a->subnets[i].netuid))
            ss_buf_printf(o, "_Subnet %lld is only in A._\n\n", (long long)a->subnets[i].netuid);
    ss_buf_puts(o, "\n---\n\nGenerated by subnetsim from two run databases; the same databases "
                   "always give the same report. The HTML report draws the runs side by side.\n");
}
