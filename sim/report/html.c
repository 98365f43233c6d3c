/*
** The HTML report of one run: provenance, headline numbers, emission over
** time, concentration, incentive against quality, dividends against stake,
** weight and bond heatmaps, adversaries, per-subnet tables, and the version 2
** extras (pools, network, events, metrics). Each section opens with a
** sentence saying how to read it; a section whose data the run did not
** record is a one-line note instead.
*/
#include "report/html.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/charts.h"
#include "report/fmt.h"
#include "report/svg.h"
#include "report/views.h"

static void row_text(ss_buf *o, const char *name, const char *value, int mono)
{
    ss_buf_puts(o, "<tr><th scope=\"row\">");
    ss__fmt_html(o, name);
    ss_buf_puts(o, mono ? "</th><td class=\"mono\">" : "</th><td>");
    ss__fmt_html(o, value);
    ss_buf_puts(o, "</td></tr>\n");
}

static void section_provenance(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "provenance", "Provenance",
                     "Where these numbers come from. Running the same scenario file (same "
                     "SHA-256) with the same seed and version reproduces every table of the "
                     "database except the run's timestamps.");
    char buf[512], a[SS_FMT_MAX], b[SS_FMT_MAX];
    ss_buf_puts(o, "<table>\n");
    row_text(o, "scenario", d->scenario_name, 0);
    row_text(o, "scenario file", d->scenario_file, 1);
    row_text(o, "scenario SHA-256", d->scenario_sha256, 1);
    row_text(o, "seed", d->seed, 1);
    snprintf(buf, sizeof buf, "%s%s%s%s", d->version, d->generator ? " (database written by " : "",
             d->generator ? d->generator : "", d->generator ? ")" : "");
    row_text(o, "subnetsim version", buf, 0);
    snprintf(buf, sizeof buf, "%s blocks = %s days at 12 s per block", ss__fmt_int(a, d->blocks),
             ss__fmt_days(b, d->blocks));
    row_text(o, "simulated", buf, 0);
    snprintf(buf, sizeof buf, "%s epochs over %zu subnet%s", ss__fmt_int(a, (int64_t)d->n_epochs),
             d->n_subnets, d->n_subnets == 1 ? "" : "s");
    row_text(o, "epochs", buf, 0);
    row_text(o, "status", d->status, 0);
    if (d->error)
        row_text(o, "error", d->error, 0);
    row_text(o, "started (UTC)", d->started_at ? d->started_at : "not recorded", 0);
    row_text(o, "finished (UTC)", d->finished_at ? d->finished_at : "not recorded", 0);
    if (d->log_level) {
        snprintf(buf, sizeof buf, "%s", d->log_level);
        if (d->sample_every != SS_RD_NONE && d->sample_every > 0) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "; weights and bonds every %lld epochs",
                     (long long)d->sample_every);
        }
        row_text(o, "log level", buf, 0);
    }
    snprintf(buf, sizeof buf, "version %d; %s per-UID rows, %s weight entries, %s",
             d->schema_version,
             ss__fmt_int(a, d->uid_epoch_rows), ss__fmt_int(b, d->weight_rows),
             d->has_bonds ? "bonds recorded" : "no bonds table");
    row_text(o, "database", buf, 0);
    ss_buf_puts(o, "</table>\n<details><summary>The scenario file, verbatim</summary><pre>");
    ss__fmt_html(o, d->scenario_text);
    ss_buf_puts(o, "</pre></details>\n");
    if (d->has_params && d->n_params) {
        ss_buf_printf(o, "<details><summary>All %zu effective parameters</summary>\n<table><tr>",
                      d->n_params);
        ss__html_th(o, "netuid", 1);
        ss__html_th(o, "parameter", 0);
        ss__html_th(o, "value", 0);
        ss_buf_puts(o, "</tr>\n");
        for (size_t i = 0; i < d->n_params; i++) {
            ss_buf_puts(o, "<tr>");
            ss__html_td_num(o, d->params[i].netuid ? ss__fmt_int(a, d->params[i].netuid)
                                                   : "network");
            ss__html_td(o, d->params[i].key);
            ss_buf_puts(o, "<td class=\"mono\">");
            ss__fmt_html(o, d->params[i].value);
            ss_buf_puts(o, "</td></tr>\n");
        }
        ss_buf_puts(o, "</table></details>\n");
    } else if (!d->has_params) {
        ss__html_note(o, "The effective parameters are not in this database (schema version 1 "
                         "does not record them); the scenario file above holds what was set.");
    }
    ss__html_section_end(o);
}

static void card(ss_buf *o, const char *value, const char *caption)
{
    ss_buf_puts(o, "<div class=\"card\"><b>");
    ss__fmt_html(o, value);
    ss_buf_puts(o, "</b><span>");
    ss__fmt_html(o, caption);
    ss_buf_puts(o, "</span></div>\n");
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

static void subnets_table(ss_buf *o, const ss__rd *d)
{
    char a[SS_FMT_MAX], buf[160];
    ss_buf_puts(o, "<h3>Subnets</h3>\n<table><tr>");
    ss__html_th(o, "netuid", 1);
    ss__html_th(o, "name", 0);
    ss__html_th(o, "tempo", 1);
    ss__html_th(o, "consensus", 0);
    ss__html_th(o, "task", 0);
    ss__html_th(o, "miners", 1);
    ss__html_th(o, "validators", 1);
    ss__html_th(o, "adversaries", 1);
    ss__html_th(o, "epochs", 1);
    /* Version 2 records when subnets were registered and dissolved. */
    int lifetimes = 0;
    for (size_t i = 0; i < d->n_subnets; i++)
        lifetimes |= d->subnets[i].registered_block != SS_RD_NONE;
    if (lifetimes) {
        ss__html_th(o, "registered (day)", 1);
        ss__html_th(o, "dissolved (day)", 1);
    }
    ss__html_th(o, "\xce\xb1 issued", 1);
    for (int r = 0; r < SS_RV_ROLES; r++)
        if (ss__rv_role_recorded(d, (ss__rv_role)r)) {
            snprintf(buf, sizeof buf, "%s %%", ss__rv_role_name((ss__rv_role)r));
            ss__html_th(o, buf, 1);
        }
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, s->netuid));
        ss__html_td(o, s->name);
        ss__html_td_num(o, ss__fmt_int(a, s->tempo));
        snprintf(buf, sizeof buf, "%s, %s", s->variant, s->mode);
        ss__html_td(o, buf);
        ss__html_td(o, s->task);
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_miners));
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_validators));
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_adversaries));
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_epochs));
        if (lifetimes) {
            ss__html_td_num(o, s->registered_block != SS_RD_NONE
                                   ? ss__fmt_days(a, s->registered_block) : "\xe2\x80\x94");
            ss__html_td_num(o, s->dissolved_block != SS_RD_NONE
                                   ? ss__fmt_days(a, s->dissolved_block) : "\xe2\x80\x94");
        }
        ss__html_td_num(o, ss__fmt_alpha(a, s->issued_rao));
        for (int r = 0; r < SS_RV_ROLES; r++)
            if (ss__rv_role_recorded(d, (ss__rv_role)r))
                ss__html_td_num(o, ss__fmt_pct(a, share(ss__rv_subnet_role(s, (ss__rv_role)r),
                                                        s->issued_rao), 1));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
}

static void section_headline(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "headline", "Headline numbers",
                     "What the run paid out, summed over every subnet and epoch. Percentages "
                     "are of the alpha issued. Each subnet pays in its own alpha token, so "
                     "sums across subnets count tokens, not value.");
    char a[SS_FMT_MAX], b[SS_FMT_MAX], cap[160];
    ss_buf_puts(o, "<div class=\"cards\">\n");
    snprintf(cap, sizeof cap, "\xce\xb1 issued over %s epochs",
             ss__fmt_int(b, (int64_t)d->n_epochs));
    card(o, ss__fmt_alpha(a, d->issued_rao), cap);
    for (int r = 0; r < SS_RV_ROLES; r++) {
        if (!ss__rv_role_recorded(d, (ss__rv_role)r))
            continue;
        int64_t rao = ss__rv_run_role(d, (ss__rv_role)r);
        snprintf(cap, sizeof cap, "\xce\xb1 to %s (%s)", ss__rv_role_name((ss__rv_role)r),
                 ss__fmt_pct(b, share(rao, d->issued_rao), 1));
        if (r == SS_RV_BURNED)
            snprintf(cap, sizeof cap, "\xce\xb1 burned or unpaid (%s)",
                     ss__fmt_pct(b, share(rao, d->issued_rao), 1));
        card(o, ss__fmt_alpha(a, rao), cap);
    }
    size_t miners = 0, validators = 0, owners = 0;
    for (size_t i = 0; i < d->n_subnets; i++) {
        miners += d->subnets[i].n_miners;
        validators += d->subnets[i].n_validators;
        owners += d->subnets[i].n_neurons - d->subnets[i].n_miners - d->subnets[i].n_validators;
    }
    snprintf(cap, sizeof cap, "neurons: %zu miners, %zu validators, %zu owner%s", miners,
             validators, owners, owners == 1 ? "" : "s");
    card(o, ss__fmt_int(a, (int64_t)d->n_neurons), cap);
    card(o, ss__fmt_int(a, (int64_t)d->n_adversaries), "flagged as adversaries");
    snprintf(cap, sizeof cap, "days simulated (%s blocks)", ss__fmt_int(b, d->blocks));
    card(o, ss__fmt_days(a, d->blocks), cap);
    ss_buf_puts(o, "</div>\n");
    ss__ch_role_bars(o, d, SS_CH_HALF + 120);
    subnets_table(o, d);
    ss__html_section_end(o);
}

static void grid_open(ss_buf *o, int cols)
{
    ss_buf_printf(o, "<div class=\"grid%d\">\n", cols);
}

static void grid_close(ss_buf *o)
{
    ss_buf_puts(o, "</div>\n");
}

static void section_emission(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "emission", "Emission over time",
                     "Alpha paid at each epoch, stacked by who received it: the height of the "
                     "stack is what the subnet issued since its previous epoch, each band what "
                     "one role got. A band that narrows means that role is being paid less. "
                     "Subnets shown in detail share one y scale.");
    if (d->n_epochs == 0) {
        ss__html_note(o, "No epoch was written, so there is no emission to show.");
        ss__html_section_end(o);
        return;
    }
    if (d->n_subnets > 1)
        ss__ch_emission_subnets(o, d, SS_CH_FULL);
    double ymax = 0;
    for (size_t k = 0; k < d->n_detail; k++) {
        double m = ss__ch_emission_max(&d->subnets[d->detail[k]]);
        ymax = m > ymax ? m : ymax;
    }
    ymax = ss__svg_nice_ceil(ymax);
    int wide = d->n_detail == 1;
    if (!wide)
        grid_open(o, 2);
    for (size_t k = 0; k < d->n_detail; k++)
        ss__ch_emission_roles(o, d, &d->subnets[d->detail[k]], wide ? SS_CH_FULL : SS_CH_HALF,
                              ymax, NULL);
    if (!wide)
        grid_close(o);
    if (d->n_detail < d->n_subnets) {
        char note[200];
        snprintf(note, sizeof note, "%zu of %zu subnets are drawn in detail (those that issued "
                 "the most alpha); choose others with --subnets.", d->n_detail, d->n_subnets);
        ss__html_note(o, note);
    }
    ss__html_section_end(o);
}

static void section_concentration(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "concentration", "Concentration: Lorenz curve, Gini and Nakamoto",
                     "Alpha each hotkey received over the run (miner and validator pay, and the "
                     "owner's cut), within each subnet. The further the Lorenz curve sags below "
                     "the diagonal, the more concentrated the pay. Gini is 0 when all are paid "
                     "the same and approaches 1 when one hotkey gets everything; the Nakamoto "
                     "coefficient is the fewest hotkeys that together received more than half.");
    char reason[96], note[256];
    if (!d->has_uid_epochs || d->uid_epoch_rows == 0) {
        snprintf(note, sizeof note, "No per-UID rows in this run (%s), so pay per hotkey is "
                 "unknown; see Metrics for any concentration the simulator recorded itself.",
                 ss__rv_log_reason(d, reason, sizeof reason));
        ss__html_note(o, note);
        ss__html_section_end(o);
        return;
    }
    grid_open(o, 2);
    for (size_t k = 0; k < d->n_detail; k++)
        ss__ch_lorenz(o, &d->subnets[d->detail[k]], NULL, NULL, NULL, SS_CH_HALF);
    ss__ch_gini_time(o, d, SS_CH_HALF);
    grid_close(o);
    char a[SS_FMT_MAX];
    ss_buf_puts(o, "<table><tr>");
    ss__html_th(o, "netuid", 1);
    ss__html_th(o, "name", 0);
    ss__html_th(o, "hotkeys", 1);
    ss__html_th(o, "Gini", 1);
    ss__html_th(o, "Nakamoto", 1);
    ss__html_th(o, "coldkeys", 1);
    ss__html_th(o, "coldkey Gini", 1);
    ss__html_th(o, "coldkey Nakamoto", 1);
    ss__html_th(o, "top hotkey", 1);
    ss__html_th(o, "lower half", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, s->netuid));
        ss__html_td(o, s->name);
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_hotkeys));
        ss__html_td_num(o, ss__fmt_fixed(a, s->gini_hotkey, 3, 0));
        ss__html_td_num(o, s->nakamoto_hotkey ? ss__fmt_int(a, (int64_t)s->nakamoto_hotkey)
                                              : "\xe2\x80\x94");
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_coldkeys));
        ss__html_td_num(o, ss__fmt_fixed(a, s->gini_coldkey, 3, 0));
        ss__html_td_num(o, s->nakamoto_coldkey ? ss__fmt_int(a, (int64_t)s->nakamoto_coldkey)
                                               : "\xe2\x80\x94");
        ss__html_td_num(o, ss__fmt_pct(a, ss__rv_top_share(s->by_hotkey, s->n_hotkeys, 1), 1));
        ss__html_td_num(o, ss__fmt_pct(a, ss__rv_bottom_share(s->by_hotkey, s->n_hotkeys, 0.5),
                                       1));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
    ss__html_note(o, "Top hotkey: the share of the subnet's alpha received by its best-paid "
                     "hotkey. Lower half: the share received by the least-paid half of its "
                     "hotkeys.");
    ss__html_section_end(o);
}

/* Miners in fifths by true quality: how pay follows quality. */
static void quality_table(ss_buf *o, const ss__rd_subnet *s)
{
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
    char a[SS_FMT_MAX], b[SS_FMT_MAX], buf[96];
    ss_buf_puts(o, "<div><h4>Miners in fifths by true quality</h4><table><tr>");
    ss__html_th(o, "fifth", 0);
    ss__html_th(o, "quality", 1);
    ss__html_th(o, "miners", 1);
    ss__html_th(o, "adversaries", 1);
    ss__html_th(o, "incentive", 1);
    ss__html_th(o, "miner \xce\xb1", 1);
    ss_buf_puts(o, "</tr>\n");
    static const char *const names[5] = {"best", "second", "third", "fourth", "worst"};
    int64_t miner_total = 0;
    for (size_t i = 0; i < n; i++)
        miner_total += s->neurons[idx[i]].miner_paid_rao;
    for (size_t q = 0; q < 5 && n >= 5; q++) {
        size_t lo = q * n / 5, hi = (q + 1) * n / 5;
        double inc = 0;
        size_t counted = 0, adv = 0;
        int64_t paid = 0;
        for (size_t i = lo; i < hi; i++) {
            const ss__rd_neuron *m = &s->neurons[idx[i]];
            double v = ss__rv_mean_incentive(m);
            if (isfinite(v)) {
                inc += v;
                counted++;
            }
            adv += (size_t)m->adversary;
            paid += m->miner_paid_rao;
        }
        ss_buf_puts(o, "<tr>");
        ss__html_td(o, names[q]);
        snprintf(buf, sizeof buf, "%s\xe2\x80\x93%s",
                 ss__fmt_fixed(a, s->neurons[idx[hi - 1]].true_quality, 2, 0),
                 ss__fmt_fixed(b, s->neurons[idx[lo]].true_quality, 2, 0));
        ss__html_td_num(o, buf);
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)(hi - lo)));
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)adv));
        ss__html_td_num(o, ss__fmt_pct(a, counted ? inc / (double)counted : NAN, 2));
        ss__html_td_num(o, ss__fmt_pct(a, share(paid, miner_total), 1));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>");
    if (n < 5)
        ss__html_note(o, "Fewer than five miners with a known quality.");
    ss_buf_puts(o, "</div>\n");
    free(idx);
}

static int need_uid_rows(ss_buf *o, const ss__rd *d, const char *what)
{
    if (d->has_uid_epochs && d->uid_epoch_rows > 0)
        return 1;
    char reason[96], note[256];
    snprintf(note, sizeof note, "No per-UID rows in this run (%s), so %s cannot be drawn.",
             ss__rv_log_reason(d, reason, sizeof reason), what);
    ss__html_note(o, note);
    return 0;
}

static void section_quality(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "quality", "Incentive against true quality",
                     "Each marker is a miner: its hidden true quality (set by the scenario, "
                     "never seen by validators) against the mean incentive Yuma gave it per "
                     "epoch. A working subnet shows a rising cloud and a Spearman rank "
                     "correlation near 1; orange triangles above the cloud are adversaries paid "
                     "more than their quality earns.");
    if (need_uid_rows(o, d, "incentive against quality")) {
        double ymax = 0;
        for (size_t k = 0; k < d->n_detail; k++) {
            double m = ss__ch_quality_max(&d->subnets[d->detail[k]]);
            ymax = m > ymax ? m : ymax;
        }
        ymax = ss__svg_nice_ceil(ymax * 100) / 100;
        for (size_t k = 0; k < d->n_detail; k++) {
            const ss__rd_subnet *s = &d->subnets[d->detail[k]];
            grid_open(o, 2);
            ss__ch_quality(o, s, SS_CH_HALF, ymax, NULL);
            quality_table(o, s);
            grid_close(o);
        }
    }
    ss__html_section_end(o);
}

static void dividends_table(ss_buf *o, const ss__rd_subnet *s)
{
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
    char a[SS_FMT_MAX];
    ss_buf_puts(o, "<div><h4>Validators, largest stake first</h4><table><tr>");
    ss__html_th(o, "uid", 1);
    ss__html_th(o, "hotkey", 0);
    ss__html_th(o, "kind", 0);
    ss__html_th(o, "stake", 1);
    ss__html_th(o, "dividends", 1);
    ss__html_th(o, "ratio", 1);
    ss_buf_puts(o, "</tr>\n");
    size_t shown = n < SS_RD_TOP_VALIDATORS ? n : SS_RD_TOP_VALIDATORS;
    for (size_t i = 0; i < shown; i++) {
        const ss__rd_neuron *v = &s->neurons[idx[i]];
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, v->uid));
        ss__html_td(o, v->hotkey);
        ss__html_td(o, v->agent_kind);
        ss__html_td_num(o, ss__fmt_pct(a, sh[i], 2));
        ss__html_td_num(o, ss__fmt_pct(a, sh[n + i], 2));
        ss__html_td_num(o, ss__fmt_fixed(a, sh[i] > 0 ? sh[n + i] / sh[i] : NAN, 3, 0));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>");
    if (shown < n) {
        char note[96];
        snprintf(note, sizeof note, "%zu more validators are not listed.", n - shown);
        ss__html_note(o, note);
    }
    ss_buf_puts(o, "</div>\n");
    free(idx);
    free(sh);
}

static void section_dividends(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "dividends", "Dividends against stake",
                     "Each marker is a validator: its share of the subnet's validator stake "
                     "(averaged over epochs) against its share of the dividends paid to "
                     "validators. On the dashed line y = x a validator is paid in proportion "
                     "to its stake; above it, more than its stake alone would earn (good "
                     "bonds, or a profitable attack); below it, less. The ratio column is "
                     "the same reading as a number: 1.000 is proportional.");
    if (need_uid_rows(o, d, "dividends against stake")) {
        for (size_t k = 0; k < d->n_detail; k++) {
            const ss__rd_subnet *s = &d->subnets[d->detail[k]];
            grid_open(o, 2);
            ss__ch_dividends(o, s, SS_CH_HALF, 0, NULL);
            dividends_table(o, s);
            grid_close(o);
        }
    }
    ss__html_section_end(o);
}

static void heatmaps(ss_buf *o, const ss__rd *d, const ss__rd_subnet *s, int bonds)
{
    const ss__rd_matrix *m = bonds ? s->bonds : s->weights;
    size_t n = bonds ? s->n_bonds : s->n_weights;
    int has = bonds ? d->has_bonds : d->has_weights;
    char reason[96], note[256];
    ss_buf_printf(o, "<h4>%s</h4>\n", bonds ? "Bonds" : "Weights");
    if (!has || n == 0) {
        if (!has && d->schema_version < 2)
            snprintf(note, sizeof note, "No %s samples in this run (schema version %d does not "
                     "record %s).", bonds ? "bond" : "weight", d->schema_version,
                     bonds ? "bonds" : "weights");
        else
            snprintf(note, sizeof note, "No %s samples in this run (%s).",
                     bonds ? "bond" : "weight", ss__rv_log_reason(d, reason, sizeof reason));
        ss__html_note(o, note);
        return;
    }
    double vmax = ss__ch_matrix_max(m, n);
    grid_open(o, 3);
    for (size_t i = 0; i < n; i++)
        ss__ch_heatmap(o, s, &m[i], bonds, vmax, SS_CH_THIRD);
    grid_close(o);
    for (size_t i = 0; i < n; i++)
        if (m[i].requested != m[i].epoch) {
            snprintf(note, sizeof note, "Epoch %lld was not sampled; the nearest sampled epoch, "
                     "%lld, is shown.", (long long)m[i].requested, (long long)m[i].epoch);
            ss__html_note(o, note);
        }
}

static void section_heatmaps(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "heatmaps", "Weights and bonds",
                     "Each row is a validator (largest stake at the top), each column a miner "
                     "(best true quality on the left). The darker the cell, the larger the "
                     "weight the validator set, or the bond it holds, on that miner; white is "
                     "none. Colour follows the square root of the value, so that many small "
                     "weights stay visible beside a few large ones. Epochs of one subnet share "
                     "a colour scale, so darkness compares across them. Orange marks flag "
                     "adversaries' rows and columns.");
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        char label[160];
        ss__ch_subnet_label(s, label, sizeof label);
        ss_buf_puts(o, "<h3>");
        ss__fmt_html(o, label);
        ss_buf_puts(o, "</h3>\n");
        heatmaps(o, d, s, 0);
        heatmaps(o, d, s, 1);
    }
    ss__html_section_end(o);
}

static void adversary_table(ss_buf *o, const ss__rd_subnet *s)
{
    char a[SS_FMT_MAX];
    ss_buf_puts(o, "<div><h4>Adversaries by kind and role</h4><table><tr>");
    ss__html_th(o, "kind", 0);
    ss__html_th(o, "role", 0);
    ss__html_th(o, "neurons", 1);
    ss__html_th(o, "\xce\xb1 received", 1);
    ss__html_th(o, "share of \xce\xb1 paid", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *n = &s->neurons[i];
        if (!n->adversary)
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = s->neurons[j].adversary && strcmp(s->neurons[j].agent_kind, n->agent_kind) == 0
                   && strcmp(s->neurons[j].role, n->role) == 0;
        if (seen)
            continue;
        size_t count = 0;
        int64_t paid = 0;
        for (size_t j = i; j < s->n_neurons; j++) {
            const ss__rd_neuron *m = &s->neurons[j];
            if (m->adversary && strcmp(m->agent_kind, n->agent_kind) == 0 &&
                strcmp(m->role, n->role) == 0) {
                count++;
                paid += ss__rv_received(m);
            }
        }
        ss_buf_puts(o, "<tr>");
        ss__html_td(o, n->agent_kind);
        ss__html_td(o, n->role);
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)count));
        ss__html_td_num(o, ss__fmt_alpha(a, paid));
        ss__html_td_num(o, ss__fmt_pct(a, share(paid, s->paid_rao), 2));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table></div>\n");
}

static void section_adversaries(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "adversaries", "Adversaries' capture over time",
                     "The share of each epoch's pay (alpha to neurons: miners, validators and "
                     "the owner) that went to neurons the scenario flagged as adversaries, "
                     "against their share of the stake and of the UIDs. Pay above both "
                     "reference lines means the attack is capturing more than its footprint.");
    char note[256];
    if (d->n_adversaries == 0) {
        snprintf(note, sizeof note, "No neuron in this run is flagged as an adversary (all %zu "
                 "have neurons.adversary = 0), so nothing was captured.", d->n_neurons);
        ss__html_note(o, note);
        ss__html_section_end(o);
        return;
    }
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        if (s->n_adversaries == 0)
            continue;
        grid_open(o, 2);
        if (ss__rv_has_capture(s))
            ss__ch_capture(o, s, NULL, NULL, NULL, SS_CH_HALF, ss__rd_days(d->blocks));
        else
            need_uid_rows(o, d, "capture over time");
        adversary_table(o, s);
        grid_close(o);
    }
    char a[SS_FMT_MAX];
    ss_buf_puts(o, "<h4>Every subnet with adversaries</h4><table><tr>");
    ss__html_th(o, "netuid", 1);
    ss__html_th(o, "name", 0);
    ss__html_th(o, "adversaries", 1);
    ss__html_th(o, "kinds", 0);
    ss__html_th(o, "share of UIDs", 1);
    ss__html_th(o, "share of \xce\xb1 paid", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < d->n_subnets; i++) {
        const ss__rd_subnet *s = &d->subnets[i];
        if (!s->n_adversaries)
            continue;
        char kinds[256];
        ss__rv_adversary_kinds(s, NULL, kinds, sizeof kinds);
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, s->netuid));
        ss__html_td(o, s->name);
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)s->n_adversaries));
        ss__html_td(o, kinds);
        ss__html_td_num(o, ss__fmt_pct(a, s->n_neurons ? (double)s->n_adversaries /
                                                          (double)s->n_neurons : NAN, 1));
        ss__html_td_num(o, ss__fmt_pct(a, share(s->adversary_paid_rao, s->paid_rao), 2));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
    ss__html_section_end(o);
}

static void miners_table(ss_buf *o, const ss__rd_subnet *s, size_t *idx)
{
    size_t n = ss__rv_rank(s, "miner", idx);
    size_t shown = n < SS_RD_TOP_MINERS ? n : SS_RD_TOP_MINERS;
    char a[SS_FMT_MAX], head[96];
    snprintf(head, sizeof head, "Top %zu of %zu miners by alpha earned", shown, n);
    ss_buf_printf(o, "<h4>%s</h4><table><tr>", head);
    ss__html_th(o, "rank", 1);
    ss__html_th(o, "uid", 1);
    ss__html_th(o, "hotkey", 0);
    ss__html_th(o, "kind", 0);
    ss__html_th(o, "true quality", 1);
    ss__html_th(o, "latency (ms)", 1);
    ss__html_th(o, "mean incentive", 1);
    ss__html_th(o, "\xce\xb1 earned", 1);
    ss__html_th(o, "share of miner \xce\xb1", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < shown; i++) {
        const ss__rd_neuron *m = &s->neurons[idx[i]];
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, (int64_t)i + 1));
        ss__html_td_num(o, ss__fmt_int(a, m->uid));
        ss__html_td(o, m->hotkey);
        ss__html_td(o, m->agent_kind);
        ss__html_td_num(o, ss__fmt_fixed(a, m->true_quality, 3, 0));
        ss__html_td_num(o, ss__fmt_fixed(a, m->latency_ms, 0, 1));
        ss__html_td_num(o, ss__fmt_pct(a, ss__rv_mean_incentive(m), 2));
        ss__html_td_num(o, ss__fmt_alpha(a, m->miner_paid_rao));
        ss__html_td_num(o, ss__fmt_pct(a, share(m->miner_paid_rao, s->miner_rao), 2));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
}

static void validators_table(ss_buf *o, const ss__rd_subnet *s, size_t *idx)
{
    size_t n = ss__rv_rank(s, "validator", idx);
    size_t shown = n < SS_RD_TOP_VALIDATORS ? n : SS_RD_TOP_VALIDATORS;
    char a[SS_FMT_MAX], head[96];
    snprintf(head, sizeof head, "%s %zu validators by final stake", shown < n ? "Top" : "All",
             shown);
    ss_buf_printf(o, "<h4>%s</h4><table><tr>", head);
    ss__html_th(o, "uid", 1);
    ss__html_th(o, "hotkey", 0);
    ss__html_th(o, "kind", 0);
    ss__html_th(o, "initial stake (\xce\xb1)", 1);
    ss__html_th(o, "final stake (\xce\xb1)", 1);
    ss__html_th(o, "dividends (\xce\xb1)", 1);
    ss__html_th(o, "return on stake", 1);
    ss__html_th(o, "validator trust", 1);
    ss_buf_puts(o, "</tr>\n");
    for (size_t i = 0; i < shown; i++) {
        const ss__rd_neuron *v = &s->neurons[idx[i]];
        ss_buf_puts(o, "<tr>");
        ss__html_td_num(o, ss__fmt_int(a, v->uid));
        ss__html_td(o, v->hotkey);
        ss__html_td(o, v->agent_kind);
        ss__html_td_num(o, ss__fmt_alpha(a, v->initial_stake_rao));
        ss__html_td_num(o, ss__fmt_alpha(a, v->last_stake_rao));
        ss__html_td_num(o, ss__fmt_alpha(a, v->validator_paid_rao));
        ss__html_td_num(o, ss__fmt_pct(a, share(v->validator_paid_rao, v->initial_stake_rao), 2));
        ss__html_td_num(o, ss__fmt_fixed(a, v->last_vtrust, 4, 0));
        ss_buf_puts(o, "</tr>\n");
    }
    ss_buf_puts(o, "</table>\n");
}

static void section_tables(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "tables", "Miners and validators",
                     "Per subnet shown in detail: the miners that earned the most alpha, with "
                     "their hidden quality and latency, and the validators with their stake, "
                     "dividends and return on initial stake over the run.");
    for (size_t k = 0; k < d->n_detail; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        size_t *idx = malloc((s->n_neurons + 1) * sizeof *idx);
        if (!idx) {
            o->failed = 1;
            return;
        }
        char label[160];
        ss__ch_subnet_label(s, label, sizeof label);
        ss_buf_puts(o, "<h3>");
        ss__fmt_html(o, label);
        ss_buf_puts(o, "</h3>\n");
        miners_table(o, s, idx);
        validators_table(o, s, idx);
        free(idx);
    }
    ss__html_section_end(o);
}

static void section_pools(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "pools", "Pools and network",
                     "The alpha price of each subnet's pool (TAO per alpha) and the network's "
                     "total TAO issuance over time.");
    if (!d->has_subnet_epochs && !d->has_network) {
        char note[160];
        snprintf(note, sizeof note, "Pool prices and network issuance are recorded from "
                 "schema version 2; this database is version %d.", d->schema_version);
        ss__html_note(o, note);
        ss__html_section_end(o);
        return;
    }
    grid_open(o, 2);
    ss__ch_line lines[SS_REPORT_MAX_SUBNETS];
    char names[SS_REPORT_MAX_SUBNETS][160];
    size_t n = 0;
    for (size_t k = 0; k < d->n_detail && n < SS_REPORT_MAX_SUBNETS; k++) {
        const ss__rd_subnet *s = &d->subnets[d->detail[k]];
        if (!s->n_pool)
            continue;
        ss__ch_subnet_label(s, names[n], sizeof names[n]);
        lines[n] = (ss__ch_line){names[n], ss__svg_palette[n % SS_SVG_PALETTE_SIZE], NULL,
                                 s->pool_days, s->price, s->n_pool};
        n++;
    }
    if (n) {
        ss__ch_lines_spec spec = {
            "Alpha price", "The price of alpha in each subnet's pool after each epoch.",
            "time since genesis (days)", "price (TAO per \xce\xb1)", SS_CH_HALF, 330, 0, NULL, 0,
            ss__rd_days(d->blocks),
        };
        ss__ch_lines(o, &spec, lines, n);
    } else {
        ss__html_note(o, "No pool rows for the subnets shown.");
    }
    if (d->n_network) {
        ss__ch_line l[2] = {
            {"total issuance", SS_SVG_MINER, NULL, d->net_days, d->net_issuance_tao,
             d->n_network},
            {"root stake", SS_SVG_ROOT, "7 4", d->net_days, d->net_root_stake_tao, d->n_network},
        };
        ss__ch_lines_spec spec = {
            "Network TAO", "Total TAO issued, and TAO staked on root, sampled every 360 blocks.",
            "time since genesis (days)", "amount (TAO)", SS_CH_HALF, 330, 0, NULL, 0,
            ss__rd_days(d->blocks),
        };
        ss__ch_lines(o, &spec, l, 2);
    } else {
        ss__html_note(o, "No network rows in this run.");
    }
    grid_close(o);
    ss__html_section_end(o);
}

static void section_events(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "events", "Events",
                     "How often each kind of event happened per subnet: registrations, "
                     "deregistrations, stake moves, subnet lifecycle and adversary actions, "
                     "with the alpha or TAO they moved.");
    char a[SS_FMT_MAX], note[160];
    if (!d->has_events) {
        snprintf(note, sizeof note, "Events are recorded from schema version 2; this database "
                 "is version %d.", d->schema_version);
        ss__html_note(o, note);
    } else if (d->n_events == 0) {
        ss__html_note(o, "No events happened in this run.");
    } else {
        ss_buf_puts(o, "<table><tr>");
        ss__html_th(o, "netuid", 1);
        ss__html_th(o, "kind", 0);
        ss__html_th(o, "count", 1);
        ss__html_th(o, "amount (\xce\xb1 or TAO)", 1);
        ss_buf_puts(o, "</tr>\n");
        for (size_t i = 0; i < d->n_events; i++) {
            const ss__rd_event_count *e = &d->events[i];
            ss_buf_puts(o, "<tr>");
            ss__html_td_num(o, e->netuid ? ss__fmt_int(a, e->netuid) : "network");
            ss__html_td(o, e->kind);
            ss__html_td_num(o, ss__fmt_int(a, e->count));
            ss__html_td_num(o, ss__fmt_alpha(a, e->amount_rao));
            ss_buf_puts(o, "</tr>\n");
        }
        ss_buf_puts(o, "</table>\n");
    }
    ss__html_section_end(o);
}

static const char *metric_unit(const char *name)
{
    if (strstr(name, "share") || strstr(name, "ratio") || strstr(name, "loss"))
        return "value (fraction, 1 = 100%)";
    if (strstr(name, "gini"))
        return "Gini coefficient (0\xe2\x80\x93" "1)";
    if (strstr(name, "nakamoto"))
        return "Nakamoto coefficient (hotkeys)";
    if (strstr(name, "corr"))
        return "correlation (\xe2\x88\x92" "1 to 1)";
    return "value (as recorded)";
}

static void section_metrics(ss_buf *o, const ss__rd *d)
{
    ss__html_section(o, "metrics", "Metrics recorded by the run",
                     "Run-level metrics the simulator computed itself (docs/metrics.md), and "
                     "the same metrics per epoch. Netuid \xe2\x80\x9cnetwork\xe2\x80\x9d means "
                     "the whole network.");
    char a[SS_FMT_MAX], note[200];
    if (!d->has_metrics && !d->has_metric_epochs) {
        snprintf(note, sizeof note, "Metrics are recorded from schema version 2; this database "
                 "is version %d. Gini and Nakamoto above are computed by the report.",
                 d->schema_version);
        ss__html_note(o, note);
        ss__html_section_end(o);
        return;
    }
    if (d->n_metrics) {
        ss_buf_puts(o, "<table><tr>");
        ss__html_th(o, "netuid", 1);
        ss__html_th(o, "metric", 0);
        ss__html_th(o, "value", 1);
        ss__html_th(o, "detail", 0);
        ss_buf_puts(o, "</tr>\n");
        for (size_t i = 0; i < d->n_metrics; i++) {
            const ss__rd_metric *m = &d->metrics[i];
            ss_buf_puts(o, "<tr>");
            ss__html_td_num(o, m->netuid ? ss__fmt_int(a, m->netuid) : "network");
            ss__html_td(o, m->name);
            ss__html_td_num(o, ss__fmt_sig(a, m->value, 4));
            ss__html_td(o, m->detail ? m->detail : "");
            ss_buf_puts(o, "</tr>\n");
        }
        ss_buf_puts(o, "</table>\n");
    } else {
        ss__html_note(o, "No run-level metrics in this database.");
    }
    if (!d->n_metric_series) {
        ss__html_note(o, "No per-epoch metrics in this database.");
        ss__html_section_end(o);
        return;
    }
    grid_open(o, 2);
    for (size_t i = 0; i < d->n_metric_series;) {
        size_t j = i;
        ss__ch_line lines[SS_REPORT_MAX_SUBNETS + 1];
        char names[SS_REPORT_MAX_SUBNETS + 1][64];
        size_t n = 0;
        for (; j < d->n_metric_series && strcmp(d->metric_series[j].name,
                                                d->metric_series[i].name) == 0; j++) {
            const ss__rd_series *s = &d->metric_series[j];
            if (n == SS_REPORT_MAX_SUBNETS + 1)
                continue;
            if (s->netuid)
                snprintf(names[n], sizeof names[n], "SN%lld", (long long)s->netuid);
            else
                snprintf(names[n], sizeof names[n], "network");
            lines[n] = (ss__ch_line){names[n], ss__svg_palette[n % SS_SVG_PALETTE_SIZE], NULL,
                                     s->x, s->y, s->n};
            n++;
        }
        ss__ch_lines_spec spec = {
            d->metric_series[i].name, "A metric the simulator recorded at each epoch.",
            "epoch (each subnet's own count)", metric_unit(d->metric_series[i].name),
            SS_CH_HALF, 300, 0, NULL, 0, 0,
        };
        ss__ch_lines(o, &spec, lines, n);
        i = j;
    }
    grid_close(o);
    ss__html_section_end(o);
}

static void nav(ss_buf *o)
{
    static const char *const links[][2] = {
        {"provenance", "Provenance"}, {"headline", "Headline numbers"},
        {"emission", "Emission"}, {"concentration", "Concentration"},
        {"quality", "Incentive vs quality"}, {"dividends", "Dividends vs stake"},
        {"heatmaps", "Weights and bonds"}, {"adversaries", "Adversaries"},
        {"tables", "Miners and validators"}, {"pools", "Pools"}, {"events", "Events"},
        {"metrics", "Metrics"},
    };
    ss_buf_puts(o, "<nav><ul>");
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        ss_buf_printf(o, "<li><a href=\"#%s\">%s</a></li>", links[i][0], links[i][1]);
    ss_buf_puts(o, "</ul></nav>\n");
}

void ss__html_report(ss_buf *o, const ss__rd *d, const ss_report_options *opt)
{
    char title[512], a[SS_FMT_MAX], b[SS_FMT_MAX];
    if (opt && opt->title)
        snprintf(title, sizeof title, "%s", opt->title);
    else
        snprintf(title, sizeof title, "%s, seed %s", d->scenario_name, d->seed);
    ss__html_begin(o, title);
    ss_buf_puts(o, "<p class=\"sub\">subnetsim run report \xc2\xb7 ");
    ss_buf_printf(o, "%s days (%s blocks) \xc2\xb7 %zu subnet%s \xc2\xb7 %zu neurons \xc2\xb7 "
                     "status ", ss__fmt_days(a, d->blocks), ss__fmt_int(b, d->blocks),
                  d->n_subnets, d->n_subnets == 1 ? "" : "s", d->n_neurons);
    ss__fmt_html(o, d->status);
    if (d->started_at) {
        ss_buf_puts(o, " \xc2\xb7 run ");
        ss__fmt_html(o, d->started_at);
        if (d->finished_at) {
            ss_buf_puts(o, " to ");
            ss__fmt_html(o, d->finished_at);
        }
    }
    ss_buf_puts(o, "</p>\n");
    ss__html_status_warning(o, d, NULL);
    nav(o);
    ss_buf_puts(o, "</header>\n<main>\n");
    section_provenance(o, d);
    section_headline(o, d);
    section_emission(o, d);
    section_concentration(o, d);
    section_quality(o, d);
    section_dividends(o, d);
    section_heatmaps(o, d);
    section_adversaries(o, d);
    section_tables(o, d);
    section_pools(o, d);
    section_events(o, d);
    section_metrics(o, d);
    ss__html_end(o, d);
}
