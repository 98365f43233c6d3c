/*
** End-to-end tests of `subnetsim report`: on the quickstart run (schema
** version 1) and on synthetic version 2 databases. Reports are byte-identical
** when repeated, self-contained (no script, no external resource), every
** chart has a title and axis titles with units, --compare and the options
** work, and bad input exits 2 (4 when the report cannot be written).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../fixtures/report_fixture.h"
#include "cli_harness.h"
#include "subnetsim/sha256.h"

static char quickstart_db[300];

static void run_ok(const char *const *args)
{
    cli_result r = cli_run(args);
    if (r.status != 0)
        fail_msg("%s %s failed (%d): %s", args[0], args[1] ? args[1] : "", r.status, r.err);
    cli_result_free(&r);
}

static void expect_status(const char *const *args, int status, const char *fragment)
{
    cli_result r = cli_run(args);
    if (r.status != status || (fragment && !strstr(r.err, fragment)))
        fail_msg("expected exit %d with \"%s\", got %d: %s", status, fragment ? fragment : "",
                 r.status, r.err);
    assert_int_equal(count_lines(r.err) >= 1, 1);
    cli_result_free(&r);
}

static int setup_quickstart(void **state)
{
    (void)state;
    char scenario[512];
    cli_src(scenario, sizeof scenario, "scenarios/quickstart.json");
    cli_tmpfile(quickstart_db, sizeof quickstart_db, "quickstart.sqlite");
    const char *args[] = {"run", scenario, "--out", quickstart_db, "--quiet", NULL};
    run_ok(args);
    return 0;
}

static char *report(const char *db, const char *name, const char *extra, const char *extra2)
{
    char out[300];
    cli_tmpfile(out, sizeof out, name);
    const char *args[] = {"report", db, "-o", out, extra, extra2, NULL};
    run_ok(args);
    char *text = cli_slurp(out);
    assert_non_null(text);
    return text;
}

/* Nothing that would make the page fetch or run anything from elsewhere. */
static void assert_self_contained(const char *html)
{
    static const char *const banned[] = {
        "http://", "https://", "<script", "<link", "src=", "url(", "@import", "<iframe",
        "<object", "<embed", "javascript:", "xlink:href", "//fonts.",
    };
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (strstr(html, banned[i]))
            fail_msg("the report contains \"%s\"", banned[i]);
    assert_non_null(strstr(html, "<style>"));
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(html, "</html>\n"));
}

/* Every <svg> has a non-empty <title> and <desc>, and every axis title names a unit. */
static int assert_charts_labelled(const char *html)
{
    int charts = 0;
    for (const char *p = strstr(html, "<svg "); p; p = strstr(p + 1, "<svg ")) {
        const char *end = strstr(p, "</svg>");
        assert_non_null(end);
        const char *t = strstr(p, "<title>");
        if (!t || t > end || t[7] == '<')
            fail_msg("a chart without a title near: %.120s", p);
        const char *d = strstr(p, "<desc>");
        if (!d || d > end || d[6] == '<')
            fail_msg("a chart without a description: %.120s", t);
        int axes = 0;
        for (const char *a = strstr(p, "class=\"al\""); a && a < end;
             a = strstr(a + 1, "class=\"al\"")) {
            const char *text = strchr(a, '>') + 1, *close = strstr(text, "</text>");
            int open = 0, closed = 0;
            for (const char *c = text; c < close; c++) {
                open |= *c == '(';
                closed |= *c == ')' && open;
            }
            if (!closed)
                fail_msg("an axis title without a unit: %.*s (chart %.80s)",
                         (int)(close - text), text, t + 7);
            axes++;
        }
        if (axes < 1)
            fail_msg("a chart without axis titles: %.80s", t + 7);
        charts++;
    }
    return charts;
}

static void test_quickstart_report_is_deterministic(void **state)
{
    (void)state;
    char *a = report(quickstart_db, "a.html", NULL, NULL);
    char *b = report(quickstart_db, "b.html", NULL, NULL);
    assert_string_equal(a, b);
    char *m1 = report(quickstart_db, "a.md", NULL, NULL);
    char *m2 = report(quickstart_db, "b.md", "--format", "md");
    assert_string_equal(m1, m2);
    assert_true(strncmp(m1, "# quickstart, seed 42", 21) == 0);
    assert_null(strstr(m1, "<svg"));
    free(a);
    free(b);
    free(m1);
    free(m2);
}

static void test_quickstart_report_reads_well(void **state)
{
    (void)state;
    char *h = report(quickstart_db, "qs.html", NULL, NULL);
    assert_self_contained(h);
    int charts = assert_charts_labelled(h);
    assert_true(charts >= 8);
    /* Provenance from the database, not from the command line: the scenario's SHA-256. */
    char path[512], hex[65];
    cli_src(path, sizeof path, "scenarios/quickstart.json");
    char *text = cli_slurp(path);
    assert_non_null(text);
    ss_sha256_hex(text, strlen(text), hex);
    free(text);
    assert_non_null(strstr(h, hex));
    assert_non_null(strstr(h, "<title>quickstart, seed 42</title>"));
    assert_null(strstr(h, cli_tmp));
    /* Sampled bond heatmaps are drawn; what the run has none of gets a one-line note. */
    assert_non_null(strstr(h, "SN1 text bonds, epoch 40 (day 2.00)"));
    assert_non_null(strstr(h, "No events happened in this run."));
    assert_non_null(strstr(h, "No neuron in this run is flagged as an adversary"));
    assert_non_null(strstr(h, "SN1 text: Lorenz curve of alpha received"));
    assert_non_null(strstr(h, "SN1 text weights, epoch 1 (day 0.05)"));
    assert_non_null(strstr(h, "SN1 text weights, epoch 40 (day 2.00)"));
    assert_non_null(strstr(h, "14,399.00"));
    assert_null(strstr(h, "did not complete"));
    free(h);
}

static void test_default_output_next_to_database(void **state)
{
    (void)state;
    char html[300], md[300];
    cli_tmpfile(html, sizeof html, "quickstart.html");
    cli_tmpfile(md, sizeof md, "quickstart.md");
    const char *args[] = {"report", quickstart_db, NULL};
    cli_result r = cli_run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "wrote "));
    assert_non_null(strstr(r.out, html));
    cli_result_free(&r);
    assert_true(cli_exists(html));
    struct stat st;
    assert_int_equal(stat(html, &st), 0);
    assert_true(st.st_mode & S_IRGRP);   /* not left private by the temporary file */
    const char *args_md[] = {"report", quickstart_db, "--format", "md", NULL};
    run_ok(args_md);
    assert_true(cli_exists(md));
    /* No temporary files are left behind, and no -wal or -shm next to the database. */
    char probe[320];
    snprintf(probe, sizeof probe, "%s-shm", quickstart_db);
    assert_false(cli_exists(probe));
    char cmd[400];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q tmp-", cli_tmp);
    assert_int_not_equal(system(cmd), 0);
    /* Standard output. */
    const char *args_out[] = {"report", quickstart_db, "-o", "-", "--format", "md", NULL};
    r = cli_run(args_out);
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "# quickstart", 12) == 0);
    cli_result_free(&r);
}

static void test_v2_fixture(void **state)
{
    (void)state;
    char db[300];
    cli_tmpfile(db, sizeof db, "v2.sqlite");
    char err[256];
    fixture_options opt = {"standard", "complete", 3, 7};
    if (fixture_write_v2(db, &opt, err, sizeof err) != 0)
        fail_msg("%s", err);
    char *h = report(db, "v2.html", NULL, NULL);
    char *h2 = report(db, "v2b.html", NULL, NULL);
    assert_string_equal(h, h2);
    assert_self_contained(h);
    assert_true(assert_charts_labelled(h) >= 30);
    assert_non_null(strstr(h, "SN3 trading bonds, epoch"));
    assert_non_null(strstr(h, "orange marks: adversaries"));
    assert_null(strstr(h, "schema version 2;"));
    free(h);
    free(h2);

    char *m = report(db, "v2.md", "--subnets", "2");
    assert_non_null(strstr(m, "### SN2 inference"));
    assert_null(strstr(m, "### SN1 text"));
    free(m);
    h = report(db, "v2e.html", "--epochs", "5,10");
    assert_non_null(strstr(h, "SN1 text weights, epoch 5 (day"));
    assert_non_null(strstr(h, "SN1 text weights, epoch 10 (day"));
    assert_null(strstr(h, "SN1 text weights, epoch 20 (day"));
    free(h);

    cli_tmpfile(db, sizeof db, "failed.sqlite");
    opt.status = "failed";
    assert_int_equal(fixture_write_v2(db, &opt, err, sizeof err), 0);
    h = report(db, "failed.html", "--title", "A <failed> run");
    assert_non_null(strstr(h, "this run did not complete"));
    assert_non_null(strstr(h, "<h1>A &lt;failed&gt; run</h1>"));
    free(h);
}

static void test_compare(void **state)
{
    (void)state;
    char scenario[512], other[300];
    cli_src(scenario, sizeof scenario, "scenarios/quickstart.json");
    cli_tmpfile(other, sizeof other, "seed7.sqlite");
    const char *run[] = {"run", scenario, "--out", other, "--quiet", "--seed", "7", NULL};
    run_ok(run);
    char *h = report(quickstart_db, "ab.html", "--compare", other);
    char *h2 = report(quickstart_db, "ab2.html", "--compare", other);
    assert_string_equal(h, h2);
    assert_self_contained(h);
    assert_true(assert_charts_labelled(h) >= 7);
    assert_non_null(strstr(h, "A/B: quickstart seed 42 vs quickstart seed 7"));
    assert_non_null(strstr(h, "Same scenario, different seeds"));
    assert_non_null(strstr(h, "SN1 text: B \xe2\x88\x92 A, alpha paid per epoch"));
    free(h);
    free(h2);
    char *m = report(quickstart_db, "ab.md", "--compare", other);
    assert_non_null(strstr(m, "| seed | 42 | 7 | differs |"));
    assert_non_null(strstr(m, "| alpha issued | 14,399.00 | 14,399.00 | 0 | 0.00% |"));
    free(m);
    /* The default name says what was compared. */
    const char *args[] = {"report", quickstart_db, "--compare", other, NULL};
    run_ok(args);
    char expect[300];
    cli_tmpfile(expect, sizeof expect, "quickstart-vs-seed7.html");
    assert_true(cli_exists(expect));
}

/* A run that failed before its first epoch still gets a report: a warning, and notes. */
static void test_run_that_stopped_early(void **state)
{
    (void)state;
    char db_path[300], sql[600];
    cli_tmpfile(db_path, sizeof db_path, "stopped.sqlite");
    sqlite3 *db = db_open(quickstart_db);
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", db_path);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    db = db_open(db_path);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM epochs; DELETE FROM uid_epochs;"
                                      " DELETE FROM weights; UPDATE run SET status = 'failed',"
                                      " error = 'disk full', finished_at = NULL",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char *h = report(db_path, "stopped.html", NULL, NULL);
    assert_non_null(strstr(h, "this run did not complete</b> (status <b>failed</b>: disk full)"));
    assert_non_null(strstr(h, "No epoch was written, so there is no emission to show."));
    assert_non_null(strstr(h, "No weight samples in this run (the run stopped before writing "
                              "them)."));
    assert_charts_labelled(h);
    free(h);
    char *m = report(db_path, "stopped.md", NULL, NULL);
    assert_non_null(strstr(m, "**Warning: this run did not complete** (status failed: "
                              "disk full)"));
    free(m);
}

static void test_bad_input(void **state)
{
    (void)state;
    char text[300], plain[300], out[300];
    cli_tmpfile(text, sizeof text, "notes.txt");
    FILE *f = fopen(text, "w");
    assert_non_null(f);
    fputs("a text file, certainly not SQLite; it needs to be long enough for a header......\n",
          f);
    fclose(f);
    cli_tmpfile(plain, sizeof plain, "plain.sqlite");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(plain, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE x (y)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cli_tmpfile(out, sizeof out, "never.html");

    const char *none[] = {"report", NULL};
    expect_status(none, 2, "usage: subnetsim report");
    const char *missing[] = {"report", "/nonexistent/run.sqlite", "-o", out, NULL};
    expect_status(missing, 2, "No such file");
    const char *notdb[] = {"report", text, "-o", out, NULL};
    expect_status(notdb, 2, "not a subnetsim run database (not an SQLite file)");
    const char *norun[] = {"report", plain, "-o", out, NULL};
    expect_status(norun, 2, "not a subnetsim run database (no run table");
    const char *dir[] = {"report", cli_tmp, "-o", out, NULL};
    expect_status(dir, 2, "is a directory");
    const char *badcmp[] = {"report", quickstart_db, "--compare", text, "-o", out, NULL};
    expect_status(badcmp, 2, "not an SQLite file");
    const char *fmt[] = {"report", quickstart_db, "--format", "pdf", NULL};
    expect_status(fmt, 2, "--format expects html or md");
    const char *epochs[] = {"report", quickstart_db, "--epochs", "1,x", NULL};
    expect_status(epochs, 2, "--epochs expects");
    const char *comma[] = {"report", quickstart_db, "--epochs", "1,", NULL};
    expect_status(comma, 2, "--epochs expects");
    const char *subnet[] = {"report", quickstart_db, "--subnets", "99", "-o", out, NULL};
    expect_status(subnet, 2, "no subnet with netuid 99");
    const char *unknown[] = {"report", quickstart_db, "--frobnicate", NULL};
    expect_status(unknown, 2, "unknown or incomplete option '--frobnicate'");
    const char *two[] = {"report", quickstart_db, plain, NULL};
    expect_status(two, 2, "one run database at a time");
    const char *self[] = {"report", quickstart_db, "-o", quickstart_db, NULL};
    expect_status(self, 2, "would overwrite the database");
    const char *nodir[] = {"report", quickstart_db, "-o", "/nonexistent-dir/r.html", NULL};
    expect_status(nodir, 4, "cannot write /nonexistent-dir/r.html");
    assert_false(cli_exists(out));
    const char *help[] = {"report", "--help", NULL};
    cli_result r = cli_run(help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: subnetsim report"));
    cli_result_free(&r);
    const char *top[] = {"--help", NULL};
    r = cli_run(top);
    assert_non_null(strstr(r.out, "report"));
    cli_result_free(&r);
}

int main(int argc, char **argv)
{
    if (!cli_setup(argc, argv))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quickstart_report_is_deterministic),
        cmocka_unit_test(test_quickstart_report_reads_well),
        cmocka_unit_test(test_default_output_next_to_database),
        cmocka_unit_test(test_v2_fixture),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_run_that_stopped_early),
        cmocka_unit_test(test_bad_input),
    };
    int failed = cmocka_run_group_tests(tests, setup_quickstart, NULL);
    cli_teardown();
    return failed;
}
