/*
** End-to-end tests of `subnetsim run` and `validate`: the quickstart scenario
** into SQLite (money adds up per epoch), determinism across runs, and the
** corpus of broken scenarios (exit 2, one clear line, no database).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "cli_harness.h"

static void run_quickstart(const char *db, const char *seed)
{
    char scenario[512];
    cli_src(scenario, sizeof scenario, "scenarios/quickstart.json");
    const char *args_seed[] = {"run", scenario, "--out", db, "--quiet", "--seed", seed, NULL};
    const char *args[] = {"run", scenario, "--out", db, "--quiet", NULL};
    cli_result r = cli_run(seed ? args_seed : args);
    if (r.status != 0)
        fail_msg("run failed (%d): %s", r.status, r.err);
    assert_string_equal(r.out, "");
    cli_result_free(&r);
}

static void test_version_and_help(void **state)
{
    (void)state;
    const char *v[] = {"--version", NULL};
    cli_result r = cli_run(v);
    assert_int_equal(r.status, 0);
    assert_true(strncmp(r.out, "subnetsim ", 10) == 0);
    cli_result_free(&r);
    const char *cmds[] = {"run", "validate"};
    for (size_t i = 0; i < 2; i++) {
        const char *h[] = {cmds[i], "--help", NULL};
        r = cli_run(h);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "usage: subnetsim"));
        cli_result_free(&r);
    }
    const char *bad[] = {"frobnicate", NULL};
    r = cli_run(bad);
    assert_int_equal(r.status, 2);
    assert_int_equal(count_lines(r.err), 1);
    cli_result_free(&r);
    const char *badseed[] = {"run", "x.json", "--seed", "-4", NULL};
    r = cli_run(badseed);
    assert_int_equal(r.status, 2);
    cli_result_free(&r);
}

static void test_quickstart_money_adds_up(void **state)
{
    (void)state;
    char db_path[300];
    cli_tmpfile(db_path, sizeof db_path, "qs.sqlite");
    run_quickstart(db_path, NULL);
    sqlite3 *db = db_open(db_path);
    char *status = db_text(db, "SELECT status FROM run");
    assert_string_equal(status, "complete");
    free(status);
    assert_int_equal(db_int(db, "SELECT seed FROM run"), 42);
    assert_int_equal(db_int(db, "PRAGMA user_version"), 3);
    int64_t epochs = db_int(db, "SELECT count(*) FROM epochs");
    assert_true(epochs >= 39);
    /*
    ** Each epoch accounts exactly for the alpha out the economy minted for the
    ** subnet since its previous epoch. That is the halving schedule's H(A) per
    ** block; the quickstart's alpha issuance stays far below the first halving
    ** (10.5M alpha), so H(A) is the subnet's alpha_emission_rao every block.
    */
    assert_true(db_int(db, "SELECT max(alpha_outstanding_rao + alpha_reserve_rao)"
                           " FROM subnet_epochs") < 10500000LL * 1000000000LL);
    assert_int_equal(db_int(db,
        "SELECT count(*) FROM epochs e JOIN subnets s USING (netuid)"
        " WHERE e.issued_rao != e.owner_rao + e.miner_rao + e.validator_rao + e.root_rao"
        "                       + e.burned_rao"
        "    OR e.issued_rao != s.alpha_emission_rao * (e.block - coalesce("
        "       (SELECT max(p.block) FROM epochs p WHERE p.netuid = e.netuid"
        "        AND p.epoch < e.epoch), 0))"), 0);
    /* Per-UID payouts add up to the epoch's totals. */
    assert_int_equal(db_int(db,
        "SELECT count(*) FROM epochs e WHERE e.miner_rao != (SELECT sum(miner_paid_rao)"
        " FROM uid_epochs u WHERE u.netuid = e.netuid AND u.epoch = e.epoch)"
        " OR e.validator_rao != (SELECT sum(validator_paid_rao) FROM uid_epochs u"
        " WHERE u.netuid = e.netuid AND u.epoch = e.epoch)"), 0);
    /* Stake grows by exactly what was paid (owner cut to the owner's UID 0). */
    assert_int_equal(db_int(db,
        "SELECT count(*) FROM neurons n WHERE (SELECT stake_rao FROM uid_epochs u"
        " WHERE u.netuid = n.netuid AND u.uid = n.uid ORDER BY epoch DESC LIMIT 1)"
        " != n.initial_stake_rao + (SELECT sum(miner_paid_rao + validator_paid_rao)"
        " FROM uid_epochs u WHERE u.netuid = n.netuid AND u.uid = n.uid)"
        " + CASE WHEN n.role = 'owner' THEN (SELECT sum(owner_rao) FROM epochs) ELSE 0 END"), 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM uid_epochs"),
                     epochs * db_int(db, "SELECT count(*) FROM neurons"));
    assert_true(db_int(db, "SELECT count(*) FROM weights") > 0);
    /* Better miners earn more: rank correlation is clearly positive. */
    assert_true(db_int(db,
        "SELECT sum(CASE WHEN a.q > b.q AND a.e > b.e THEN 1 WHEN a.q > b.q AND a.e < b.e"
        " THEN -1 ELSE 0 END) FROM (SELECT n.uid, n.true_quality q, sum(u.miner_paid_rao) e"
        " FROM neurons n JOIN uid_epochs u USING (netuid, uid) WHERE n.role = 'miner'"
        " GROUP BY n.uid) a, (SELECT n.uid, n.true_quality q, sum(u.miner_paid_rao) e"
        " FROM neurons n JOIN uid_epochs u USING (netuid, uid) WHERE n.role = 'miner'"
        " GROUP BY n.uid) b") > 0);
    sqlite3_close(db);
}

/* Rows of every table but run that are in one database and not the other. */
static int64_t differing_rows(const char *a, const char *b)
{
    sqlite3 *db = db_open(a);
    char sql[1024];
    snprintf(sql, sizeof sql, "ATTACH '%s' AS other", b);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_master WHERE"
                                        " type = 'table' AND name != 'run' ORDER BY name",
                                        -1, &s, NULL), SQLITE_OK);
    int64_t diff = 0;
    int tables = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        tables++;
        snprintf(sql, sizeof sql,
                 "SELECT (SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT"
                 " SELECT * FROM other.%s)) + (SELECT count(*) FROM (SELECT * FROM other.%s"
                 " EXCEPT SELECT * FROM main.%s))", t, t, t, t);
        diff += db_int(db, sql);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    assert_true(tables >= 5);
    return diff;
}

static void test_same_seed_same_rows(void **state)
{
    (void)state;
    char a[300], b[300], c[300];
    cli_tmpfile(a, sizeof a, "seed7a.sqlite");
    cli_tmpfile(b, sizeof b, "seed7b.sqlite");
    cli_tmpfile(c, sizeof c, "seed8.sqlite");
    run_quickstart(a, "7");
    run_quickstart(b, "7");
    run_quickstart(c, "8");
    assert_int_equal(differing_rows(a, b), 0);
    assert_true(differing_rows(a, c) > 0);
    /* The run table differs only in wall-clock facts. */
    sqlite3 *db = db_open(a);
    char *seed = db_text(db, "SELECT seed FROM run");
    assert_string_equal(seed, "7");
    free(seed);
    sqlite3_close(db);
}

/* Every broken scenario in tests/scenarios/bad exits 2 with one line naming what is wrong. */
static void test_broken_scenarios(void **state)
{
    (void)state;
    char index[512];
    cli_src(index, sizeof index, "tests/scenarios/bad/EXPECT");
    char *text = cli_slurp(index);
    assert_non_null(text);
    int checked = 0;
    char listed[8192] = "";
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !line[0])
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *name = line, *fragment = tab + 1;
        strncat(listed, name, sizeof listed - strlen(listed) - 2);
        strncat(listed, "\n", sizeof listed - strlen(listed) - 1);
        char path[512], db[300];
        snprintf(path, sizeof path, "%s/tests/scenarios/bad/%s", cli_root, name);
        cli_tmpfile(db, sizeof db, "bad.sqlite");
        const char *run_args[] = {"run", path, "--out", db, NULL};
        cli_result r = cli_run(run_args);
        if (r.status != 2 || count_lines(r.err) != 1 || !strstr(r.err, fragment))
            fail_msg("%s: status %d, stderr:\n%s(expected \"%s\")", name, r.status, r.err,
                     fragment);
        assert_false(cli_exists(db));
        cli_result_free(&r);
        const char *val_args[] = {"validate", path, NULL};
        r = cli_run(val_args);
        if (r.status != 2 || !strstr(r.err, fragment))
            fail_msg("validate %s: status %d, stderr:\n%s", name, r.status, r.err);
        cli_result_free(&r);
        checked++;
    }
    free(text);
    /* No file in the corpus may go unchecked. */
    char dir[512];
    cli_src(dir, sizeof dir, "tests/scenarios/bad");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            char needle[300];
            snprintf(needle, sizeof needle, "%s\n", e->d_name);
            if (!strstr(listed, needle))
                fail_msg("%s is not listed in EXPECT", e->d_name);
        }
    }
    closedir(d);
    assert_true(checked >= 25);
}

static void test_missing_file_and_directory(void **state)
{
    (void)state;
    char db[300];
    cli_tmpfile(db, sizeof db, "x.sqlite");
    const char *missing[] = {"run", "/nonexistent/scenario.json", "--out", db, NULL};
    cli_result r = cli_run(missing);
    assert_int_equal(r.status, 2);
    assert_int_equal(count_lines(r.err), 1);
    assert_non_null(strstr(r.err, "/nonexistent/scenario.json: cannot open"));
    assert_false(cli_exists(db));
    cli_result_free(&r);
    const char *dir[] = {"run", cli_tmp, "--out", db, NULL};
    r = cli_run(dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "is a directory"));
    cli_result_free(&r);
    const char *none[] = {"run", NULL};
    r = cli_run(none);
    assert_int_equal(r.status, 2);
    cli_result_free(&r);
}

static void test_unwritable_output_fails_cleanly(void **state)
{
    (void)state;
    char scenario[512];
    cli_src(scenario, sizeof scenario, "scenarios/quickstart.json");
    const char *args[] = {"run", scenario, "--out", "/nonexistent-dir/run.sqlite", NULL};
    cli_result r = cli_run(args);
    assert_int_equal(r.status, 4);
    assert_int_equal(count_lines(r.err), 1);
    cli_result_free(&r);
}

/* Every scenario shipped in scenarios/ is valid. */
static void test_validate_good_scenarios(void **state)
{
    (void)state;
    char dir[512];
    cli_src(dir, sizeof dir, "scenarios");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int checked = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char scenario[1024];
        snprintf(scenario, sizeof scenario, "%s/%s", dir, e->d_name);
        const char *args[] = {"validate", scenario, NULL};
        cli_result r = cli_run(args);
        if (r.status != 0 || !strstr(r.out, "ok"))
            fail_msg("%s: status %d: %s", e->d_name, r.status, r.err);
        cli_result_free(&r);
        checked++;
    }
    closedir(d);
    assert_true(checked >= 20);
}

/* Every ```sql block of docs/schema.md runs on the quickstart database and returns rows. */
static void test_schema_doc_queries_run(void **state)
{
    (void)state;
    char db_path[300], doc_path[512];
    cli_tmpfile(db_path, sizeof db_path, "doc.sqlite");
    run_quickstart(db_path, NULL);
    cli_src(doc_path, sizeof doc_path, "docs/schema.md");
    char *doc = cli_slurp(doc_path);
    assert_non_null(doc);
    sqlite3 *db = db_open(db_path);
    int queries = 0;
    for (char *p = strstr(doc, "```sql\n"); p; p = strstr(p, "```sql\n")) {
        char *sql = p + 7, *end = strstr(sql, "```");
        assert_non_null(end);
        *end = '\0';
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
            fail_msg("docs/schema.md query does not run: %s\n%s", sqlite3_errmsg(db), sql);
        int rows = 0, rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            rows++;
        /* A query the doc says the quickstart has nothing for may return no rows: look
        ** for the words in the paragraph just above the block. */
        static const char none[] = "the quickstart has none";
        int may_be_empty = 0;
        for (char *q = p - 1; q > doc && q > p - 300 && !may_be_empty && *q; q--)
            may_be_empty = strncmp(q, none, sizeof none - 1) == 0;
        if (rc != SQLITE_DONE || (rows == 0 && !may_be_empty))
            fail_msg("docs/schema.md query failed or returned nothing (%d rows): %s", rows, sql);
        sqlite3_finalize(s);
        queries++;
        p = end + 3;
    }
    sqlite3_close(db);
    free(doc);
    assert_true(queries >= 6);
}

int main(int argc, char **argv)
{
    if (!cli_setup(argc, argv))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_and_help),
        cmocka_unit_test(test_quickstart_money_adds_up),
        cmocka_unit_test(test_same_seed_same_rows),
        cmocka_unit_test(test_broken_scenarios),
        cmocka_unit_test(test_missing_file_and_directory),
        cmocka_unit_test(test_unwritable_output_fails_cleanly),
        cmocka_unit_test(test_validate_good_scenarios),
        cmocka_unit_test(test_schema_doc_queries_run),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    cli_teardown();
    return failed;
}
