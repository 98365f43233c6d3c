/*
** The Markdown report of one run: the same sections as the HTML report, with
** tables in place of charts. Time series are sampled at up to a dozen epochs
** spread evenly over the run, always including the last.
*/
#include "report/markdown.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/charts.h"
#include "report/fmt.h"
#include "report/views.h"
#include "ss_version.h"

#define MD_TIME_ROWS 12

void ss__md_header(ss_buf *o, size_t n, const char *const *names, const char *align)
{
    ss__md_row_begin(o);
    for (size_t i = 0; i < n; i++)
        ss__md_cell(o, names[i]);
    ss__md_row_end(o);
    ss_buf_puts(o, "|");
    for (size_t i = 0; i < n; i++)
        ss_buf_puts(o, align[i] == 'r' ? " ---: |" : " --- |");
    ss_buf_puts(o, "\n");
}

void ss__md_row_begin(ss_buf *o)
{
    ss_buf_puts(o, "|");
}

void ss__md_cell(ss_buf *o, const char *text)
{
    ss_buf_puts(o, " ");
    ss__fmt_md(o, text);
    ss_buf_puts(o, " |");
}

void ss__md_row_end(ss_buf *o)
{
    ss_buf_puts(o, "\n");
}

void ss__md_section(ss_buf *o, const char *heading, const char *lead)
{
    ss_buf_puts(o, "\n## ");
    ss__fmt_md(o, heading);
    ss_buf_puts(o, "\n\n");
    if (lead) {
        ss__fmt_md(o, lead);
        ss_buf_puts(o, "\n\n");
    }
}

void ss__md_note(ss_buf *o, const char *text)
{
    ss_buf_puts(o, "_");
    ss__fmt_md(o, text);
    ss_buf_puts(o, "_\n\n");
}

void ss__md_status_warning(ss_buf *o, const ss__rd *d, const char *tag)
{
    if (strcmp(d->status, "complete") == 0)
        return;
    ss_buf_puts(o, "> **Warning");
    if (tag) {
        ss_buf_puts(o, " (");
        ss__fmt_md(o, tag);
        ss_buf_puts(o, ")");
    }
    ss_buf_puts(o, ": this run did not complete** (status ");
    ss__fmt_md(o, d->status);
    if (d->error) {
        ss_buf_puts(o, ": ");
        ss__fmt_md(o, d->error);
    }
    ss_buf_printf(o, "). Everything below covers only the %zu epochs written before it "
                     "stopped.\n\n", d->n_epochs);
}

static void kv(ss_buf *o, const char *k, const char *v)
{
    ss__md_row_begin(o);
    ss__md_cell(o, k);
    ss__md_cell(o, v);
    ss__md_row_end(o);
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

static void subnet_heading(ss_buf *o, const ss__rd_subnet *s)
{
    char label[160];
    ss__ch_subnet_label(s, label, sizeof label);
    ss_buf_puts(o, "### ");
    ss__fmt_md(o, label);
    ss_buf_puts(o, "\n\n");
}

static void provenance(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Provenance", "Running the same scenario file (same SHA-256) with the "
                   "same seed and version reproduces every table of the database except the "
                   "run's timestamps.");
    char buf[512], a[SS_FMT_MAX], b[SS_FMT_MAX];
    static const char *const h[] = {"", ""};
    ss__md_header(o, 2, h, "ll");
    kv(o, "scenario", d->scenario_name);
    kv(o, "scenario file", d->scenario_file);
    kv(o, "scenario SHA-256", d->scenario_sha256);
    kv(o, "seed", d->seed);
    kv(o, "subnetsim version", d->version);
    snprintf(buf, sizeof buf, "%s blocks = %s days", ss__fmt_int(a, d->blocks),
             ss__fmt_days(b, d->blocks));
    kv(o, "simulated", buf);
    snprintf(buf, sizeof buf, "%zu over %zu subnet%s", d->n_epochs, d->n_subnets,
             d->n_subnets == 1 ? "" : "s");
    kv(o, "epochs", buf);
    kv(o, "status", d->status);
    if (d->error)
        kv(o, "error", d->error);
    kv(o, "started (UTC)", d->started_at ? d->started_at : "not recorded");
    kv(o, "finished (UTC)", d->finished_at ? d->finished_at : "not recorded");
    if (d->log_level)
        kv(o, "log level", d->log_level);
    snprintf(buf, sizeof buf, "schema version %d", d->schema_version);
    kv(o, "database", buf);
    /* A fence longer than any run of backticks in the scenario. */
    size_t run = 0, longest = 0;
    for (const char *p = d->scenario_text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    char fence[32];
    size_t fl = longest < 3 ? 3 : longest + 1;
    fl = fl < sizeof fence ? fl : sizeof fence - 1;
    memset(fence, '`', fl);
    fence[fl] = '\0';
    ss_buf_printf(o, "\n<details><summary>The scenario file, verbatim</summary>\n\n%sjson\n",
                  fence);
    ss_buf_puts(o, d->scenario_text);
    if (d->scenario_text[0] && d->scenario_text[strlen(d->scenario_text) - 1] != '\n')
        ss_buf_puts(o, "\n");
    ss_buf_printf(o, "%s\n\n</details>\n\n", fence);
}

static void headline(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Headline numbers", "What the run paid out, summed over every subnet and "
                   "epoch, in alpha (each subnet's own token; 1 α = 10^9 rao).");
    char a[SS_FMT_MAX], b[SS_FMT_MAX];
    static const char *const h[] = {"", "α", "share of issued"};
    ss__md_header(o, 3, h, "lrr");
    ss__md_row_begin(o);
    ss__md_cell(o, "issued");
    ss__md_cell(o, ss__fmt_alpha(a, d->issued_rao));
    ss__md_cell(o, ss__fmt_pct(b, share(d->issued_rao, d->issued_rao), 1));
    ss__md_row_end(o);
    for (int r = 0; r < SS_RV_ROLES; r++) {
        if (!ss__rv_role_recorded(d, (ss__rv_role)r))
            continue;
        int64_t rao = ss__rv_run_role(d, (ss__rv_role)r);
        ss__md_row_begin(o);
        ss__md_cell(o, r == SS_RV_BURNED ? "burned or unpaid" : ss__rv_role_name((ss__rv_role)r));
        ss__md_cell(o, ss__fmt_alpha(a, rao));
        ss__md_cell(o, ss__fmt_pct(b, share(rao, d->issued_rao), 1));
        ss__md_row_end(o);
    }
    size_t miners = 0, validators = 0;
    for (size_t i = 0; i < d->n_subnets; i++) {
        miners += d->subnets[i].n_miners;
        validators += d->subnets[i].n_validators;
    }
    ss_buf_printf(o, "\n%zu epochs; %zu neurons (%zu miners, %zu validators, %zu others); "
                     "%zu flagged as adversaries.\n\n", d->n_epochs, d->n_neurons, miners,
                  validators, d->n_neurons - miners - validators, d->n_adversaries);
    ss_buf_puts(o, "### Subnets\n\n");
    static const char *const hs[] = {"netuid", "name", "tempo", "consensus", "task", "miners",
                                     "validators", "adversaries", "epochs", "α issued"};
    const char *names[16];
    char role_names[SS_RV_ROLES][64];
    char align[20] = "lllllrrrrr";
    size_t n = 0;
    for (; n < 10; n++)
        names[n] = hs[n];
    align[0] = 'r';
    align[2] = 'r';
    for (int r = 0; r < SS_RV_ROLES; r++)
        if (ss__rv_role_recorded(d, (ss__rv_role)r)) {
            snprintf(role_names[r], sizeof role_names[r], "%s %%",
                     ss__rv_role_name((ss__rv_role)r));
            names[n] = role_names[r];
            align[n++] = 'r';
        }
    align[n] = '\0';
    ss__md_header(o, n, names, align);
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        char buf[160];
        ss__md_row_begin(o);
        ss__md_cell(o, ss__fmt_int(a, s->netuid));
        ss__md_cell(o, s->name);
        ss__md_cell(o, ss__fmt_int(a, s->tempo));
        snprintf(buf, sizeof buf, "%s, %s", s->variant, s->mode);
        ss__md_cell(o, buf);
        ss__md_cell(o, s->task);
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_miners));
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_validators));
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_adversaries));
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_epochs));
        ss__md_cell(o, ss__fmt_alpha(a, s->issued_rao));
        for (int r = 0; r < SS_RV_ROLES; r++)
            if (ss__rv_role_recorded(d, (ss__rv_role)r))
                ss__md_cell(o, ss__fmt_pct(a, share(ss__rv_subnet_role(s, (ss__rv_role)r),
                                                    s->issued_rao), 1));
        ss__md_row_end(o);
    }
}

static void emission(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Emission over time", "Alpha paid at epochs spread over the run, by who "
                   "received it (the HTML report stacks every epoch in a chart).");
    char a[SS_FMT_MAX];
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        subnet_heading(o, s);
        const char *names[4 + SS_RV_ROLES] = {"epoch", "day", "issued α"};
        char align[8 + SS_RV_ROLES] = "rrr";
        size_t n = 3;
        for (int r = 0; r < SS_RV_ROLES; r++)
            if (ss__rv_role_recorded(d, (ss__rv_role)r)) {
                names[n] = ss__rv_role_name((ss__rv_role)r);
                align[n++] = 'r';
            }
        align[n] = '\0';
        ss__md_header(o, n, names, align);
        size_t idx[MD_TIME_ROWS];
        size_t m = ss__rv_spread(s->n_epochs, MD_TIME_ROWS, idx);
        for (size_t i = 0; i < m; i++) {
            const ss__rd_epoch *e = &s->epochs[idx[i]];
            ss__md_row_begin(o);
            ss__md_cell(o, ss__fmt_int(a, e->epoch));
            ss__md_cell(o, ss__fmt_days(a, e->block));
            ss__md_cell(o, ss__fmt_alpha(a, e->issued_rao));
            for (int r = 0; r < SS_RV_ROLES; r++)
                if (ss__rv_role_recorded(d, (ss__rv_role)r))
                    ss__md_cell(o, ss__fmt_alpha(a, ss__rv_epoch_role(e, (ss__rv_role)r)));
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
    }
    if (d->n_detail < d->n_subnets)
        ss_buf_printf(o, "_%zu of %zu subnets shown; choose others with --subnets._\n\n",
                      d->n_detail, d->n_subnets);
}

static int need_uid_rows(ss_buf *o, const ss__rd *d, const char *what)
{
    if (d->has_uid_epochs && d->uid_epoch_rows > 0)
        return 1;
    char reason[96], note[256];
    snprintf(note, sizeof note, "No per-UID rows in this run (%s), so %s cannot be shown.",
             ss__rv_log_reason(d, reason, sizeof reason), what);
    ss__md_note(o, note);
    return 0;
}

static void concentration(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Concentration: Gini and Nakamoto", "Alpha each hotkey received over the "
                   "run within each subnet. Gini 0 is equal pay, near 1 one hotkey gets it all; "
                   "Nakamoto is the fewest hotkeys that together received more than half.");
    if (!need_uid_rows(o, d, "pay per hotkey"))
        return;
    static const char *const h[] = {"netuid", "name", "hotkeys", "Gini (hotkeys)",
                                    "Nakamoto (hotkeys)", "coldkeys", "Gini (coldkeys)",
                                    "Nakamoto (coldkeys)", "top hotkey's share",
                                    "lower half's share"};
    ss__md_header(o, 10, h, "rlrrrrrrrr");
    char a[SS_FMT_MAX];
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        ss__md_row_begin(o);
        ss__md_cell(o, ss__fmt_int(a, s->netuid));
        ss__md_cell(o, s->name);
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_hotkeys));
        ss__md_cell(o, ss__fmt_fixed(a, s->gini_hotkey, 3, 0));
        ss__md_cell(o, s->nakamoto_hotkey ? ss__fmt_int(a, (int64_t)s->nakamoto_hotkey) : "—");
        ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n_coldkeys));
        ss__md_cell(o, ss__fmt_fixed(a, s->gini_coldkey, 3, 0));
        ss__md_cell(o, s->nakamoto_coldkey ? ss__fmt_int(a, (int64_t)s->nakamoto_coldkey) : "—");
        ss__md_cell(o, ss__fmt_pct(a, ss__rv_top_share(s->by_hotkey, s->n_hotkeys, 1), 1));
        ss__md_cell(o, ss__fmt_pct(a, ss__rv_bottom_share(s->by_hotkey, s->n_hotkeys, 0.5), 1));
        ss__md_row_end(o);
    }
    ss_buf_puts(o, "\n");
}

static void quality(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Incentive against true quality", "Miners in fifths by their hidden true "
                   "quality, with the mean incentive Yuma gave them; a working subnet pays the "
                   "best fifth most. Spearman's rank correlation near 1 says the same.");
    if (!need_uid_rows(o, d, "incentive against quality"))
        return;
    char a[SS_FMT_MAX], b[SS_FMT_MAX], buf[96];
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        subnet_heading(o, s);
        ss_buf_printf(o, "Spearman rank correlation of true quality and mean incentive: **%s** "
                         "over %zu miners.\n\n", ss__fmt_fixed(a, s->quality_corr, 3, 0),
                      s->n_quality);
        size_t *idx = malloc((s->n_neurons + 1) * sizeof *idx);
        if (!idx) {
            o->failed = 1;
            return;
        }
        size_t n = 0;
        for (size_t i = 0; i < s->n_neurons; i++)
            if (strcmp(s->neurons[i].role, "miner") == 0 && isfinite(s->neurons[i].true_quality))
                idx[n++] = i;
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && s->neurons[idx[j]].true_quality >
                                            s->neurons[idx[j - 1]].true_quality; j--) {
                size_t t = idx[j];
                idx[j] = idx[j - 1];
                idx[j - 1] = t;
            }
        if (n >= 5) {
            static const char *const h[] = {"fifth", "quality", "miners", "adversaries",
                                            "mean incentive"};
            static const char *const names[5] = {"best", "second", "third", "fourth", "worst"};
            ss__md_header(o, 5, h, "lrrrr");
            for (size_t q = 0; q < 5; q++) {
                size_t lo = q * n / 5, hi = (q + 1) * n / 5, counted = 0, adv = 0;
                double inc = 0;
                for (size_t i = lo; i < hi; i++) {
                    double v = ss__rv_mean_incentive(&s->neurons[idx[i]]);
                    if (isfinite(v)) {
                        inc += v;
                        counted++;
                    }
                    adv += (size_t)s->neurons[idx[i]].adversary;
                }
                ss__md_row_begin(o);
                ss__md_cell(o, names[q]);
                snprintf(buf, sizeof buf, "%s–%s",
                         ss__fmt_fixed(a, s->neurons[idx[hi - 1]].true_quality, 2, 0),
                         ss__fmt_fixed(b, s->neurons[idx[lo]].true_quality, 2, 0));
                ss__md_cell(o, buf);
                ss__md_cell(o, ss__fmt_int(a, (int64_t)(hi - lo)));
                ss__md_cell(o, ss__fmt_int(a, (int64_t)adv));
                ss__md_cell(o, ss__fmt_pct(a, counted ? inc / (double)counted : NAN, 2));
                ss__md_row_end(o);
            }
            ss_buf_puts(o, "\n");
        } else {
            ss__md_note(o, "Fewer than five miners with a known quality.");
        }
        free(idx);
    }
}

static void dividends(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Dividends against stake", "Each validator's share of validator stake "
                   "(mean over epochs) and of validator dividends; a ratio of 1.000 is pay "
                   "proportional to stake.");
    if (!need_uid_rows(o, d, "dividends against stake"))
        return;
    char a[SS_FMT_MAX];
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        subnet_heading(o, s);
        size_t *idx = malloc((s->n_neurons + 1) * sizeof *idx);
        double *sh = malloc(2 * (s->n_neurons + 1) * sizeof *sh);
        if (!idx || !sh) {
            free(idx);
            free(sh);
            o->failed = 1;
            return;
        }
        size_t n = ss__rv_rank(s, "validator", idx);
        ss__rv_validator_shares(s, idx, n, sh, sh + n);
        static const char *const h[] = {"uid", "hotkey", "kind", "stake share",
                                        "dividend share", "dividends ÷ stake"};
        ss__md_header(o, 6, h, "rllrrr");
        size_t shown = n < SS_RD_TOP_VALIDATORS ? n : SS_RD_TOP_VALIDATORS;
        for (size_t i = 0; i < shown; i++) {
            const ss__rd_neuron *v = &s->neurons[idx[i]];
            ss__md_row_begin(o);
            ss__md_cell(o, ss__fmt_int(a, v->uid));
            ss__md_cell(o, v->hotkey);
            ss__md_cell(o, v->agent_kind);
            ss__md_cell(o, ss__fmt_pct(a, sh[i], 2));
            ss__md_cell(o, ss__fmt_pct(a, sh[n + i], 2));
            ss__md_cell(o, ss__fmt_fixed(a, sh[i] > 0 ? sh[n + i] / sh[i] : NAN, 3, 0));
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
        free(idx);
        free(sh);
    }
}

/* One line per validator: how its weight (or bond) row is spread at one epoch. */
static void matrix_table(ss_buf *o, const ss__rd_matrix *m, int bonds)
{
    char a[SS_FMT_MAX], b[SS_FMT_MAX], buf[96];
    ss_buf_printf(o, "%s at epoch %lld (day %s)%s:\n\n", bonds ? "Bonds" : "Weights",
                  (long long)m->epoch, m->block != SS_RD_NONE ? ss__fmt_days(a, m->block) : "?",
                  m->requested != m->epoch ? " — the sampled epoch nearest the one asked for"
                                           : "");
    int any_adversary = 0;
    for (size_t k = 0; k < m->cols; k++)
        any_adversary |= m->col_adv[k];
    const char *h[] = {"validator uid", "stake α", "miners weighted", "largest",
                       "on miner uid", "on better half", "on adversaries"};
    ss__md_header(o, 7, h, "rrrrrrr");
    for (size_t r = 0; r < m->rows; r++) {
        double total = 0, top = 0, better = 0, adv = 0;
        size_t count = 0, arg = 0;
        for (size_t k = 0; k < m->cols; k++) {
            double v = m->v[r * m->cols + k];
            if (!(v > 0))
                continue;
            total += v;
            count++;
            if (v > top) {
                top = v;
                arg = k;
            }
            if (k < (m->cols + 1) / 2)
                better += v;
            if (m->col_adv[k])
                adv += v;
        }
        ss__md_row_begin(o);
        ss__md_cell(o, ss__fmt_int(a, m->row_uid[r]));
        ss__md_cell(o, ss__fmt_sig(a, m->row_stake_rao[r] / 1e9, 3));
        ss__md_cell(o, ss__fmt_int(a, (int64_t)count));
        ss__md_cell(o, count ? ss__fmt_sig(a, top, 3) : "—");
        snprintf(buf, sizeof buf, "%s", count ? ss__fmt_int(b, m->col_uid[arg]) : "—");
        ss__md_cell(o, buf);
        ss__md_cell(o, ss__fmt_pct(a, total > 0 ? better / total : NAN, 1));
        ss__md_cell(o, any_adversary ? ss__fmt_pct(a, total > 0 ? adv / total : NAN, 1) : "—");
        ss__md_row_end(o);
    }
    ss_buf_puts(o, "\n");
}

static void heatmaps(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Weights and bonds", "For each sampled epoch shown, each validator "
                   "(largest stake first): how many miners it weighted, its largest entry, "
                   "and the part of its row on the better-quality half of the miners and on "
                   "adversaries. The HTML report draws the full matrices as heatmaps.");
    char reason[96], note[256];
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        subnet_heading(o, s);
        for (int bonds = 0; bonds < 2; bonds++) {
            const ss__rd_matrix *m = bonds ? s->bonds : s->weights;
            size_t n = bonds ? s->n_bonds : s->n_weights;
            int has = bonds ? d->has_bonds : d->has_weights;
            if (!has || n == 0) {
                if (!has && d->schema_version < 2)
                    snprintf(note, sizeof note, "No %s samples in this run (schema version %d "
                             "does not record %s).", bonds ? "bond" : "weight",
                             d->schema_version, bonds ? "bonds" : "weights");
                else
                    snprintf(note, sizeof note, "No %s samples in this run (%s).",
                             bonds ? "bond" : "weight", ss__rv_log_reason(d, reason,
                                                                          sizeof reason));
                ss__md_note(o, note);
                continue;
            }
            for (size_t i = 0; i < n; i++)
                matrix_table(o, &m[i], bonds);
        }
    }
}

static void adversaries(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Adversaries' capture over time", "Per epoch, the adversary-flagged "
                   "neurons' share of the alpha paid to neurons, of the stake and of the UIDs.");
    char a[SS_FMT_MAX], note[200];
    if (d->n_adversaries == 0) {
        snprintf(note, sizeof note, "No neuron in this run is flagged as an adversary (all %zu "
                 "have neurons.adversary = 0), so nothing was captured.", d->n_neurons);
        ss__md_note(o, note);
        return;
    }
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        if (!s->n_adversaries)
            continue;
        subnet_heading(o, s);
        char kinds[256];
        ss__rv_adversary_kinds(s, NULL, kinds, sizeof kinds);
        ss_buf_printf(o, "%zu adversaries (", s->n_adversaries);
        ss__fmt_md(o, kinds);
        ss_buf_printf(o, ") received %s of the alpha paid to neurons over the run.\n\n",
                      ss__fmt_pct(a, share(s->adversary_paid_rao, s->paid_rao), 2));
        if (!ss__rv_has_capture(s)) {
            need_uid_rows(o, d, "capture over time");
            continue;
        }
        static const char *const h[] = {"epoch", "day", "share of α paid", "share of stake",
                                        "share of UIDs"};
        ss__md_header(o, 5, h, "rrrrr");
        size_t idx[MD_TIME_ROWS];
        size_t m = ss__rv_spread(s->n_epochs, MD_TIME_ROWS, idx);
        for (size_t i = 0; i < m; i++) {
            const ss__rd_epoch *e = &s->epochs[idx[i]];
            ss__md_row_begin(o);
            ss__md_cell(o, ss__fmt_int(a, e->epoch));
            ss__md_cell(o, ss__fmt_days(a, e->block));
            ss__md_cell(o, ss__fmt_pct(a, e->adv_emission_share, 2));
            ss__md_cell(o, ss__fmt_pct(a, e->adv_stake_share, 2));
            ss__md_cell(o, ss__fmt_pct(a, e->adv_uid_share, 2));
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
    }
}

static void tables(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Miners and validators", "The miners that earned the most alpha and the "
                   "validators by final stake, per subnet shown in detail.");
    char a[SS_FMT_MAX];
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        subnet_heading(o, s);
        size_t *idx = malloc((s->n_neurons + 1) * sizeof *idx);
        if (!idx) {
            o->failed = 1;
            return;
        }
        size_t n = ss__rv_rank(s, "miner", idx);
        size_t shown = n < SS_RD_TOP_MINERS ? n : SS_RD_TOP_MINERS;
        ss_buf_printf(o, "Top %zu of %zu miners by alpha earned:\n\n", shown, n);
        static const char *const hm[] = {"rank", "uid", "hotkey", "kind", "true quality",
                                         "latency (ms)", "mean incentive", "α earned",
                                         "share of miner α"};
        ss__md_header(o, 9, hm, "rrllrrrrr");
        for (size_t i = 0; i < shown; i++) {
            const ss__rd_neuron *m = &s->neurons[idx[i]];
            ss__md_row_begin(o);
            ss__md_cell(o, ss__fmt_int(a, (int64_t)i + 1));
            ss__md_cell(o, ss__fmt_int(a, m->uid));
            ss__md_cell(o, m->hotkey);
            ss__md_cell(o, m->agent_kind);
            ss__md_cell(o, ss__fmt_fixed(a, m->true_quality, 3, 0));
            ss__md_cell(o, ss__fmt_fixed(a, m->latency_ms, 0, 1));
            ss__md_cell(o, ss__fmt_pct(a, ss__rv_mean_incentive(m), 2));
            ss__md_cell(o, ss__fmt_alpha(a, m->miner_paid_rao));
            ss__md_cell(o, ss__fmt_pct(a, share(m->miner_paid_rao, s->miner_rao), 2));
            ss__md_row_end(o);
        }
        n = ss__rv_rank(s, "validator", idx);
        shown = n < SS_RD_TOP_VALIDATORS ? n : SS_RD_TOP_VALIDATORS;
        ss_buf_printf(o, "\n%s %zu validators by final stake:\n\n", shown < n ? "Top" : "All",
                      shown);
        static const char *const hv[] = {"uid", "hotkey", "kind", "initial stake (α)",
                                         "final stake (α)", "dividends (α)", "return on stake",
                                         "validator trust"};
        ss__md_header(o, 8, hv, "rllrrrrr");
        for (size_t i = 0; i < shown; i++) {
            const ss__rd_neuron *v = &s->neurons[idx[i]];
            ss__md_row_begin(o);
            ss__md_cell(o, ss__fmt_int(a, v->uid));
            ss__md_cell(o, v->hotkey);
            ss__md_cell(o, v->agent_kind);
            ss__md_cell(o, ss__fmt_alpha(a, v->initial_stake_rao));
            ss__md_cell(o, ss__fmt_alpha(a, v->last_stake_rao));
            ss__md_cell(o, ss__fmt_alpha(a, v->validator_paid_rao));
            ss__md_cell(o, ss__fmt_pct(a, share(v->validator_paid_rao, v->initial_stake_rao), 2));
            ss__md_cell(o, ss__fmt_fixed(a, v->last_vtrust, 4, 0));
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
        free(idx);
    }
}

static void pools(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Pools and network", "Each subnet's alpha price (TAO per α) at the start "
                   "and end of the run, its range, and the network's TAO issuance.");
    char a[SS_FMT_MAX], note[160];
    if (!d->has_subnet_epochs && !d->has_network) {
        snprintf(note, sizeof note, "Pool prices and network issuance are recorded from schema "
                 "version 2; this database is version %d.", d->schema_version);
        ss__md_note(o, note);
        return;
    }
    static const char *const h[] = {"netuid", "name", "first price", "last price", "lowest",
                                    "highest"};
    ss__md_header(o, 6, h, "rlrrrr");
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        if (!s->n_pool)
            continue;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < s->n_pool; k++)
            if (isfinite(s->price[k])) {
                lo = s->price[k] < lo ? s->price[k] : lo;
                hi = s->price[k] > hi ? s->price[k] : hi;
            }
        ss__md_row_begin(o);
        ss__md_cell(o, ss__fmt_int(a, s->netuid));
        ss__md_cell(o, s->name);
        ss__md_cell(o, ss__fmt_sig(a, s->price[0], 4));
        ss__md_cell(o, ss__fmt_sig(a, s->price[s->n_pool - 1], 4));
        ss__md_cell(o, ss__fmt_sig(a, lo, 4));
        ss__md_cell(o, ss__fmt_sig(a, hi, 4));
        ss__md_row_end(o);
    }
    ss_buf_puts(o, "\n");
    if (d->n_network) {
        char b[SS_FMT_MAX], day0[SS_FMT_MAX], day1[SS_FMT_MAX];
        ss_buf_printf(o, "Network: total issuance %s TAO at day %s, %s TAO at day %s.\n\n",
                      ss__fmt_sig(a, d->net_issuance_tao[0], 6),
                      ss__fmt_fixed(day0, d->net_days[0], 2, 1),
                      ss__fmt_sig(b, d->net_issuance_tao[d->n_network - 1], 6),
                      ss__fmt_fixed(day1, d->net_days[d->n_network - 1], 2, 1));
    }
}

static void events(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Events", "How often each kind of event happened per subnet, with the "
                   "alpha or TAO it moved.");
    char a[SS_FMT_MAX], note[160];
    if (!d->has_events) {
        snprintf(note, sizeof note, "Events are recorded from schema version 2; this database "
                 "is version %d.", d->schema_version);
        ss__md_note(o, note);
        return;
    }
    if (!d->n_events) {
        ss__md_note(o, "No events happened in this run.");
        return;
    }
    static const char *const h[] = {"netuid", "kind", "count", "amount (α or TAO)"};
    ss__md_header(o, 4, h, "rlrr");
    for (size_t i = 0; i < d->n_events; i++) {
        const ss__rd_event_count *e = &d->events[i];
        ss__md_row_begin(o);
        ss__md_cell(o, e->netuid ? ss__fmt_int(a, e->netuid) : "network");
        ss__md_cell(o, e->kind);
        ss__md_cell(o, ss__fmt_int(a, e->count));
        ss__md_cell(o, ss__fmt_alpha(a, e->amount_rao));
        ss__md_row_end(o);
    }
    ss_buf_puts(o, "\n");
}

static void metrics(ss_buf *o, const ss__rd *d)
{
    ss__md_section(o, "Metrics recorded by the run", "Run-level metrics the simulator computed "
                   "itself, and the last value of each per-epoch series.");
    char a[SS_FMT_MAX], note[200];
    if (!d->has_metrics && !d->has_metric_epochs) {
        snprintf(note, sizeof note, "Metrics are recorded from schema version 2; this database "
                 "is version %d. Gini and Nakamoto above are computed by the report.",
                 d->schema_version);
        ss__md_note(o, note);
        return;
    }
    if (d->n_metrics) {
        static const char *const h[] = {"netuid", "metric", "value", "detail"};
        ss__md_header(o, 4, h, "rlrl");
        for (size_t i = 0; i < d->n_metrics; i++) {
            const ss__rd_metric *m = &d->metrics[i];
            ss__md_row_begin(o);
            ss__md_cell(o, m->netuid ? ss__fmt_int(a, m->netuid) : "network");
            ss__md_cell(o, m->name);
            ss__md_cell(o, ss__fmt_sig(a, m->value, 4));
            ss__md_cell(o, m->detail ? m->detail : "");
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
    }
    if (d->n_metric_series) {
        static const char *const h[] = {"netuid", "metric", "epochs", "last epoch", "last value"};
        ss__md_header(o, 5, h, "rlrrr");
        for (size_t i = 0; i < d->n_metric_series; i++) {
            const ss__rd_series *s = &d->metric_series[i];
            ss__md_row_begin(o);
            ss__md_cell(o, s->netuid ? ss__fmt_int(a, s->netuid) : "network");
            ss__md_cell(o, s->name);
            ss__md_cell(o, ss__fmt_int(a, (int64_t)s->n));
            ss__md_cell(o, s->n ? ss__fmt_fixed(a, s->x[s->n - 1], 0, 1) : "—");
            ss__md_cell(o, s->n ? ss__fmt_sig(a, s->y[s->n - 1], 4) : "—");
            ss__md_row_end(o);
        }
        ss_buf_puts(o, "\n");
    }
}

void ss__md_report(ss_buf *o, const ss__rd *d, const ss_report_options *opt)
{
    char a[SS_FMT_MAX], b[SS_FMT_MAX];
    ss_buf_puts(o, "# ");
    if (opt && opt->title) {
        ss__fmt_md(o, opt->title);
    } else {
        ss__fmt_md(o, d->scenario_name);
        ss_buf_puts(o, ", seed ");
        ss__fmt_md(o, d->seed);
    }
    ss_buf_printf(o, "\n\nsubnetsim run report · %s days (%s blocks) · %zu subnet%s · "
                     "%zu neurons "
                     "· status ", ss__fmt_days(a, d->blocks), ss__fmt_int(b, d->blocks),
                  d->n_subnets, d->n_subnets == 1 ? "" : "s", d->n_neurons);
    ss__fmt_md(o, d->status);
    if (d->started_at) {
        ss_buf_puts(o, " · run ");
        ss__fmt_md(o, d->started_at);
        if (d->finished_at) {
            ss_buf_puts(o, " to ");
            ss__fmt_md(o, d->finished_at);
        }
    }
    ss_buf_puts(o, "\n\n");
    ss__md_status_warning(o, d, NULL);
    provenance(o, d);
    headline(o, d);
    emission(o, d);
    concentration(o, d);
    quality(o, d);
    dividends(o, d);
    heatmaps(o, d);
    adversaries(o, d);
    tables(o, d);
    pools(o, d);
    events(o, d);
    metrics(o, d);
    ss_buf_printf(o, "\n---\n\nGenerated by subnetsim %s from a run database of schema version "
                     "%d; the same database always gives the same report.\n", SS_VERSION,
                  d->schema_version);
}
