/*
** Unit tests of the report: deterministic number formatting, nice ticks,
** line downsampling, Gini/Nakamoto/Spearman, the database reader (against
** independent SQL and on bad files), and whole reports of the synthetic
** version 2 fixture (every section present, byte-identical when repeated,
** notes where a log level left data out, a warning for a failed run).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "../fixtures/report_fixture.h"
#include "report/fmt.h"
#include "report/inequality.h"
#include "report/rdata.h"
#include "report/svg.h"
#include "subnetsim/report.h"

static char tmpdir[64];

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

static void make_fixture(const char *name, const char *level, const char *status, char *path,
                         size_t size)
{
    path_in_tmp(path, size, name);
    fixture_options opt = {level, status, 3, 7};
    char err[512];
    if (fixture_write_v2(path, &opt, err, sizeof err) != 0)
        fail_msg("fixture %s: %s", name, err);
}

/* The report as a string (malloc'd), or NULL with the status in *st. */
static char *render(const ss_report_options *opt, ss_status *st, ss_error *err)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    assert_non_null(f);
    *st = ss_report_write(opt, f, err);
    fclose(f);
    if (*st != SS_OK) {
        free(data);
        return NULL;
    }
    return data;
}

static char *render_ok(const ss_report_options *opt)
{
    ss_error err;
    ss_error_clear(&err);
    ss_status st;
    char *s = render(opt, &st, &err);
    if (!s)
        fail_msg("report failed: %s", err.msg);
    return s;
}

/* ---- formatting ------------------------------------------------------------- */

static void test_fixed_and_grouping(void **state)
{
    (void)state;
    char s[SS_FMT_MAX];
    assert_string_equal(ss__fmt_fixed(s, 1234567.891, 2, 1), "1,234,567.89");
    assert_string_equal(ss__fmt_fixed(s, 1234567.891, 2, 0), "1234567.89");
    assert_string_equal(ss__fmt_fixed(s, -0.004, 2, 1), "0.00");   /* no "-0.00" */
    assert_string_equal(ss__fmt_fixed(s, -12.5, 0, 1), "-13");      /* half away from zero */
    assert_string_equal(ss__fmt_fixed(s, 0.125, 2, 1), "0.13");
    assert_string_equal(ss__fmt_fixed(s, 999.9996, 3, 1), "1,000.000");
    assert_string_equal(ss__fmt_fixed(s, NAN, 3, 1), "\xe2\x80\x94");
    assert_string_equal(ss__fmt_fixed(s, INFINITY, 3, 1), "\xe2\x80\x94");
    assert_string_equal(ss__fmt_fixed(s, 1.5e300, 2, 1), "1.500e300");
    assert_string_equal(ss__fmt_int(s, 14400), "14,400");
    assert_string_equal(ss__fmt_int(s, -1000000), "-1,000,000");
    assert_string_equal(ss__fmt_int(s, INT64_MIN), "-9,223,372,036,854,775,808");
    assert_string_equal(ss__fmt_pct(s, 0.12345, 1), "12.3%");
    assert_string_equal(ss__fmt_pct(s, NAN, 1), "\xe2\x80\x94");
    assert_string_equal(ss__fmt_days(s, 14400), "2.00");
}

static void test_significant_digits(void **state)
{
    (void)state;
    char s[SS_FMT_MAX];
    assert_string_equal(ss__fmt_sig(s, 0.0123456, 3), "0.0123");
    assert_string_equal(ss__fmt_sig(s, 9.996, 3), "10.0");
    assert_string_equal(ss__fmt_sig(s, 42859.53, 3), "42,860");
    assert_string_equal(ss__fmt_sig(s, 0, 3), "0");
    assert_string_equal(ss__fmt_sig(s, -0.5, 2), "-0.50");
}

static void test_rao_exact(void **state)
{
    (void)state;
    char s[SS_FMT_MAX];
    /* Integer arithmetic: no binary rounding on the way from rao to alpha. */
    assert_string_equal(ss__fmt_rao(s, 14398999999137LL, 9), "14,398.999999137");
    assert_string_equal(ss__fmt_rao(s, 14398999999137LL, 2), "14,399.00");
    assert_string_equal(ss__fmt_rao(s, 5000000LL, 2), "0.01");   /* half up */
    assert_string_equal(ss__fmt_rao(s, 4999999LL, 2), "0.00");
    assert_string_equal(ss__fmt_rao(s, -1500000000LL, 1), "-1.5");
    assert_string_equal(ss__fmt_alpha(s, 863), "0.000000863");
    assert_string_equal(ss__fmt_alpha(s, 0), "0");
    assert_string_equal(ss__fmt_alpha(s, 2591754123456LL), "2,591.75");
    assert_string_equal(ss__fmt_alpha(s, 100000000), "0.100000000");
}

static void test_no_locale_dependence(void **state)
{
    (void)state;
    char before[SS_FMT_MAX], after[SS_FMT_MAX];
    ss__fmt_fixed(before, 1234.5678, 3, 1);
    /* Any locale with a decimal comma that the machine has; the text must not change. */
    static const char *const locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "de_DE", "fr_FR"};
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++)
        if (setlocale(LC_ALL, locales[i]))
            break;
    ss__fmt_fixed(after, 1234.5678, 3, 1);
    setlocale(LC_ALL, "C");
    assert_string_equal(before, "1,234.568");
    assert_string_equal(after, before);
}

static void test_escaping(void **state)
{
    (void)state;
    ss_buf b = {0};
    ss__fmt_html(&b, "<a href=\"x\">&'</a>");
    assert_string_equal(ss_buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
    ss_buf_reset(&b);
    ss__fmt_md(&b, "a|b_c\nd*");
    assert_string_equal(ss_buf_str(&b), "a\\|b\\_c d\\*");
    ss_buf_fini(&b);
}

/* ---- chart toolkit ------------------------------------------------------------ */

static void test_nice_numbers_and_ticks(void **state)
{
    (void)state;
    assert_true(fabs(ss__svg_nice_ceil(0.0437) - 0.05) < 1e-12);
    assert_true(fabs(ss__svg_nice_ceil(361) - 400) < 1e-9);
    assert_true(fabs(ss__svg_nice_ceil(1.0) - 1.0) < 1e-12);
    assert_true(ss__svg_nice_ceil(-3) == 1);
    double t[24], step;
    size_t n = ss__svg_ticks(0, 0.5, 160, 42, t, 24, &step);
    /* The axis must end on a labelled tick: 0.5 is one of them. */
    assert_true(fabs(t[n - 1] - 0.5) < 1e-12);
    assert_true(n >= 3 && n <= 7);
    n = ss__svg_ticks(0, 2, 900, 95, t, 24, &step);
    assert_true(fabs(t[n - 1] - 2) < 1e-12);
    assert_int_equal(ss__svg_step_decimals(0.25), 2);
    assert_int_equal(ss__svg_step_decimals(2.5), 1);
    assert_int_equal(ss__svg_step_decimals(100), 0);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_line_downsampled_keeps_spikes(void **state)
{
    (void)state;
    enum { N = 20000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    for (int i = 0; i < N; i++) {
        x[i] = i;
        y[i] = (i % 7) * 0.1;
    }
    y[12345] = 100;   /* one spike among twenty thousand points */
    ss_buf b = {0};
    ss__svg_chart c;
    ss__svg_begin(&c, &b, 500, 300, "t", "d");
    ss__svg_axis xa = {0, N, 0, NULL, "x (units)"}, ya = {0, 100, 0, NULL, "y (units)"};
    ss__svg_frame(&c, &xa, &ya);
    size_t before = b.len;
    ss__svg_line(&c, x, y, N, "#000", 1, NULL, "series");
    ss__svg_end(&c);
    const char *path = ss_buf_str(&b) + before;
    size_t points = count(path, "L") + count(path, "M");
    assert_true(points <= 4 * 500);
    assert_true(points >= 500);
    /* The spike's y pixel (the top of the plot) is still in the path. */
    char top[32];
    snprintf(top, sizeof top, " %s", ss__fmt_fixed((char[SS_FMT_MAX]){0}, c.top, 1, 0));
    assert_non_null(strstr(path, top));
    ss_buf_fini(&b);
    free(x);
    free(y);
}

/* ---- inequality ------------------------------------------------------------- */

static void test_gini_and_nakamoto(void **state)
{
    (void)state;
    double equal[4] = {1, 1, 1, 1}, one[4] = {0, 0, 0, 5}, two[5] = {1, 1, 1, 3, 4};
    assert_true(fabs(ss__ineq_gini(equal, 4)) < 1e-12);
    assert_true(fabs(ss__ineq_gini(one, 4) - 0.75) < 1e-12);
    /* Strictly more than half: two of four equal holders have exactly half. */
    assert_int_equal(ss__ineq_nakamoto(equal, 4), 3);
    assert_int_equal(ss__ineq_nakamoto(one, 4), 1);
    assert_int_equal(ss__ineq_nakamoto(two, 5), 2);   /* 4 + 3 = 7 of 10 */
    assert_true(isnan(ss__ineq_gini(equal, 0)));
    double zero[3] = {0, 0, 0};
    assert_true(isnan(ss__ineq_gini(zero, 3)));
    assert_int_equal(ss__ineq_nakamoto(zero, 3), 0);
    /* Against the pairwise definition on an irregular sample. */
    double v[6] = {0.5, 3, 1, 7, 0, 2.5}, sum = 0, pairs = 0;
    for (int i = 0; i < 6; i++) {
        sum += v[i];
        for (int j = 0; j < 6; j++)
            pairs += fabs(v[i] - v[j]);
    }
    double expect = pairs / (2 * 6 * sum);
    ss__ineq_sort(v, 6);
    assert_true(fabs(ss__ineq_gini(v, 6) - expect) < 1e-12);
}

static void test_spearman(void **state)
{
    (void)state;
    double x[5] = {1, 2, 3, 4, 5}, up[5] = {10, 20, 25, 80, 81}, down[5] = {5, 4, 3, 2, 1};
    double scratch[20];
    assert_true(fabs(ss__ineq_spearman(x, up, 5, scratch) - 1) < 1e-12);
    assert_true(fabs(ss__ineq_spearman(x, down, 5, scratch) + 1) < 1e-12);
    double tied[5] = {1, 1, 2, 2, 3};
    double r = ss__ineq_spearman(x, tied, 5, scratch);
    assert_true(r > 0.9 && r < 1);
    double flat[5] = {2, 2, 2, 2, 2};
    assert_true(isnan(ss__ineq_spearman(x, flat, 5, scratch)));
    assert_true(isnan(ss__ineq_spearman(x, up, 2, scratch)));
}

/* ---- the reader ---------------------------------------------------------------- */

static void test_reader_matches_independent_sql(void **state)
{
    (void)state;
    char path[128];
    make_fixture("reader.sqlite", "standard", "complete", path, sizeof path);
    ss__rd *d;
    ss_error err;
    assert_int_equal(ss__rd_load(path, NULL, &d, &err), SS_OK);
    assert_int_equal(d->schema_version, 2);
    assert_int_equal(d->n_subnets, 3);
    assert_true(d->has_bonds && d->has_root_rao && d->has_events && d->has_metrics);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    for (size_t k = 0; k < d->n_subnets; k++) {
        const ss__rd_subnet *s = &d->subnets[k];
        assert_int_equal(s->unmatched_rows, 0);
        /* Alpha per hotkey straight from SQL: pay in the registration's epochs, plus the
           owner's cut. The reader attributes rows to registrations by block. */
        sqlite3_stmt *q;
        assert_int_equal(sqlite3_prepare_v2(db,
            "SELECT n.hotkey, (SELECT coalesce(sum(u.miner_paid_rao + u.validator_paid_rao), 0)"
            "  FROM uid_epochs u JOIN epochs e USING (netuid, epoch) WHERE u.netuid = n.netuid"
            "  AND u.uid = n.uid AND e.block >= n.registered_block AND (n.deregistered_block"
            "  IS NULL OR e.block < n.deregistered_block)) + CASE WHEN n.role = 'owner' THEN"
            "  (SELECT sum(owner_rao) FROM epochs e WHERE e.netuid = n.netuid) ELSE 0 END"
            " FROM neurons n WHERE n.netuid = ? ORDER BY n.hotkey", -1, &q, NULL), SQLITE_OK);
        sqlite3_bind_int64(q, 1, s->netuid);
        double v[64], sum = 0, pairs = 0;
        int n = 0;
        while (sqlite3_step(q) == SQLITE_ROW && n < 64)
            v[n++] = (double)sqlite3_column_int64(q, 1);
        sqlite3_finalize(q);
        assert_int_equal((size_t)n, s->n_hotkeys);
        for (int i = 0; i < n; i++) {
            sum += v[i];
            for (int j = 0; j < n; j++)
                pairs += fabs(v[i] - v[j]);
        }
        assert_true(fabs(s->gini_hotkey - pairs / (2.0 * n * sum)) < 1e-9);
        assert_true(fabs((double)s->paid_rao - sum) < 0.5);
        ss__ineq_sort(v, (size_t)n);
        assert_int_equal(s->nakamoto_hotkey, ss__ineq_nakamoto(v, (size_t)n));
        /* Validators share coldkeys in the fixture: fewer coldkeys than hotkeys. */
        assert_true(s->n_coldkeys < s->n_hotkeys);
    }
    sqlite3_close(db);
    /* Subnet 1 re-registered uid 5 at block 3600: two registrations, both paid. */
    const ss__rd_subnet *s1 = ss__rd_subnet_find(d, 1);
    int regs = 0;
    for (size_t i = 0; i < s1->n_neurons; i++)
        if (s1->neurons[i].uid == 5) {
            regs++;
            assert_true(s1->neurons[i].epochs > 0);
            assert_true(s1->neurons[i].miner_paid_rao > 0);
        }
    assert_int_equal(regs, 2);
    /* Adversaries capture something in subnet 2, and nothing in subnet 1. */
    const ss__rd_subnet *s2 = ss__rd_subnet_find(d, 2);
    assert_true(s2->adversary_paid_rao > 0);
    assert_true(s2->epochs[0].adv_uid_share > 0);
    assert_int_equal(s1->adversary_paid_rao, 0);
    /* Default heatmap epochs: first sampled, middle and last. */
    assert_int_equal(s2->n_weights, 3);
    assert_int_equal(s2->weights[0].epoch, 1);
    assert_int_equal(s2->weights[2].epoch, (int64_t)s2->n_epochs);
    assert_true(s2->weights[0].rows == 5 && s2->weights[0].cols == 14);
    /* Rows by stake: never increasing. */
    for (size_t r = 1; r < s2->weights[1].rows; r++)
        assert_true(s2->weights[1].row_stake_rao[r - 1] >= s2->weights[1].row_stake_rao[r]);
    ss__rd_free(d);
}

static void test_reader_rejects_other_files(void **state)
{
    (void)state;
    ss__rd *d = NULL;
    ss_error err;
    char path[128];
    assert_int_equal(ss__rd_load("/nonexistent/run.sqlite", NULL, &d, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "No such file"));
    assert_int_equal(ss__rd_load(tmpdir, NULL, &d, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "is a directory"));

    path_in_tmp(path, sizeof path, "text.sqlite");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, just some text that is long enough to have a header\n", f);
    fclose(f);
    assert_int_equal(ss__rd_load(path, NULL, &d, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "not a subnetsim run database"));

    path_in_tmp(path, sizeof path, "other.sqlite");
    unlink(path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL,
                                  NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ss__rd_load(path, NULL, &d, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "no run table"));

    make_fixture("future.sqlite", "standard", "complete", path, sizeof path);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 4", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ss__rd_load(path, NULL, &d, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "schema version 4"));
    assert_null(d);

    ss_report_options opt;
    ss_report_options_init(&opt);
    make_fixture("netuid.sqlite", "standard", "complete", path, sizeof path);
    opt.db_path = path;
    opt.netuids[0] = 42;
    opt.n_netuids = 1;
    ss_status st;
    assert_null(render(&opt, &st, &err));
    assert_int_equal(st, SS_EINVAL);
    assert_non_null(strstr(err.msg, "netuid 42"));
}

/* ---- whole reports ------------------------------------------------------------ */

static void test_v2_report_has_every_section(void **state)
{
    (void)state;
    char path[128];
    make_fixture("full.sqlite", "standard", "complete", path, sizeof path);
    ss_report_options opt;
    ss_report_options_init(&opt);
    opt.db_path = path;
    char *a = render_ok(&opt), *b = render_ok(&opt);
    assert_string_equal(a, b);   /* a pure function of the database */
    static const char *const ids[] = {"provenance", "headline", "emission", "concentration",
                                      "quality", "dividends", "heatmaps", "adversaries",
                                      "tables", "pools", "events", "metrics"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<section id=\"%s\">", ids[i]);
        if (!strstr(a, needle))
            fail_msg("no section %s", ids[i]);
    }
    /* With every table present, no section is replaced by a note about missing data. */
    assert_null(strstr(a, "is version 2"));
    assert_null(strstr(a, "No per-UID rows"));
    assert_null(strstr(a, "samples in this run"));
    assert_non_null(strstr(a, "SN2 inference bonds, epoch"));
    assert_non_null(strstr(a, "Share of block TAO emission by subnet"));
    assert_non_null(strstr(a, "adversaries&#39; share over time"));
    assert_non_null(strstr(a, "sybil"));
    assert_non_null(strstr(a, "weight_copier"));
    assert_non_null(strstr(a, "All 11 effective parameters"));
    assert_non_null(strstr(a, "Network TAO"));
    assert_non_null(strstr(a, "adversary_emission_share"));
    /* The scenario text is escaped, not interpreted. */
    assert_non_null(strstr(a, "synthetic &lt;rows&gt; &amp;"));
    assert_null(strstr(a, "did not complete"));
    free(a);
    free(b);

    opt.format = SS_REPORT_MARKDOWN;
    a = render_ok(&opt);
    b = render_ok(&opt);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "## Weights and bonds"));
    assert_non_null(strstr(a, "Bonds at epoch"));
    assert_non_null(strstr(a, "| 2 | inference |"));
    assert_non_null(strstr(a, "## Events"));
    assert_null(strstr(a, "<svg"));
    free(a);
    free(b);
}

static void test_summary_level_notes(void **state)
{
    (void)state;
    char path[128];
    make_fixture("summary.sqlite", "summary", "complete", path, sizeof path);
    ss_report_options opt;
    ss_report_options_init(&opt);
    opt.db_path = path;
    char *a = render_ok(&opt);
    assert_non_null(strstr(a, "No bond samples in this run (log level summary)."));
    assert_non_null(strstr(a, "No weight samples in this run (log level summary)."));
    assert_non_null(strstr(a, "No per-UID rows in this run (log level summary)"));
    /* What summary runs do record is still there. */
    assert_non_null(strstr(a, "<section id=\"emission\">"));
    assert_non_null(strstr(a, "gini_emission"));
    free(a);
    opt.format = SS_REPORT_MARKDOWN;
    a = render_ok(&opt);
    assert_non_null(strstr(a, "No bond samples in this run (log level summary)."));
    free(a);
}

static void test_failed_run_warns(void **state)
{
    (void)state;
    char path[128];
    make_fixture("failed.sqlite", "standard", "failed", path, sizeof path);
    ss_report_options opt;
    ss_report_options_init(&opt);
    opt.db_path = path;
    char *a = render_ok(&opt);
    const char *warn = strstr(a, "<div class=\"warn\">");
    assert_non_null(warn);
    assert_true(warn < strstr(a, "<main>"));   /* at the top, before any section */
    assert_non_null(strstr(a, "money audit"));
    free(a);
    make_fixture("running.sqlite", "standard", "running", path, sizeof path);
    opt.format = SS_REPORT_MARKDOWN;
    a = render_ok(&opt);
    assert_non_null(strstr(a, "> **Warning: this run did not complete** (status running)"));
    assert_non_null(strstr(a, "finished (UTC) | not recorded"));
    free(a);
}

static void test_compare_and_chosen_epochs(void **state)
{
    (void)state;
    char a_path[128], b_path[128];
    make_fixture("a.sqlite", "full", "complete", a_path, sizeof a_path);
    path_in_tmp(b_path, sizeof b_path, "b.sqlite");
    fixture_options o = {"full", "complete", 2, 11};
    char err[256];
    assert_int_equal(fixture_write_v2(b_path, &o, err, sizeof err), 0);
    ss_report_options opt;
    ss_report_options_init(&opt);
    opt.db_path = a_path;
    opt.compare_path = b_path;
    char *h = render_ok(&opt);
    assert_non_null(strstr(h, "Subnet 3 is only in A."));
    assert_non_null(strstr(h, "SN2 inference: B \xe2\x88\x92 A, alpha paid per epoch"));
    assert_non_null(strstr(h, "Same scenario, different seeds"));
    char *h2 = render_ok(&opt);
    assert_string_equal(h, h2);
    free(h);
    free(h2);
    opt.format = SS_REPORT_MARKDOWN;
    char *m = render_ok(&opt);
    assert_non_null(strstr(m, "| figure | A | B | B − A | relative |"));
    assert_non_null(strstr(m, "| neurons | 52 | 38 | -14 | -26.92% |"));
    free(m);

    /* Chosen epochs: an unsampled one shows the nearest sampled, and says so. */
    char s_path[128];
    make_fixture("epochs.sqlite", "standard", "complete", s_path, sizeof s_path);
    ss_report_options_init(&opt);
    opt.db_path = s_path;
    opt.heatmap_epochs[0] = 10;
    opt.heatmap_epochs[1] = 12;
    opt.n_heatmap_epochs = 2;
    opt.netuids[0] = 2;
    opt.n_netuids = 1;
    h = render_ok(&opt);
    assert_non_null(strstr(h, "SN2 inference weights, epoch 10 (day"));
    assert_non_null(strstr(h, "Epoch 12 was not sampled; the nearest sampled epoch, 10, is "
                              "shown."));
    assert_null(strstr(h, "SN1 text weights"));
    free(h);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/subnetsim-report-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_and_grouping),
        cmocka_unit_test(test_significant_digits),
        cmocka_unit_test(test_rao_exact),
        cmocka_unit_test(test_no_locale_dependence),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_nice_numbers_and_ticks),
        cmocka_unit_test(test_line_downsampled_keeps_spikes),
        cmocka_unit_test(test_gini_and_nakamoto),
        cmocka_unit_test(test_spearman),
        cmocka_unit_test(test_reader_matches_independent_sql),
        cmocka_unit_test(test_reader_rejects_other_files),
        cmocka_unit_test(test_v2_report_has_every_section),
        cmocka_unit_test(test_summary_level_notes),
        cmocka_unit_test(test_failed_run_warns),
        cmocka_unit_test(test_compare_and_chosen_epochs),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return failed;
}
