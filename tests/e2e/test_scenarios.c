/*
** Every scenario shipped in scenarios/ validates and runs: `subnetsim
** validate` accepts it, `subnetsim run` completes it into a database whose
** epochs pay out exactly what was minted. New scenarios are covered by
** being in the folder.
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

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_scenario(const char *name)
{
    char path[512], db_path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s", cli_root, name);
    const char *val[] = {"validate", path, NULL};
    cli_result r = cli_run(val);
    if (r.status != 0)
        fail_msg("validate %s: status %d\n%s", name, r.status, r.err);
    assert_non_null(strstr(r.out, "ok"));
    cli_result_free(&r);

    cli_tmpfile(db_path, sizeof db_path, "scenario.sqlite");
    remove(db_path);
    const char *run[] = {"run", path, "--out", db_path, "--quiet", NULL};
    r = cli_run(run);
    if (r.status != 0)
        fail_msg("run %s: status %d\n%s", name, r.status, r.err);
    cli_result_free(&r);
    sqlite3 *db = db_open(db_path);
    char *status = db_text(db, "SELECT status FROM run");
    assert_string_equal(status, "complete");
    free(status);
    assert_true(db_int(db, "SELECT count(*) FROM epochs") > 0);
    assert_true(db_int(db, "SELECT count(*) FROM weights") > 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM epochs"
                                " WHERE issued_rao != owner_rao + miner_rao + validator_rao"
                                " + root_rao + burned_rao"), 0);
    /* Some miner was paid: the task's scoring produced weights that counted. */
    assert_true(db_int(db, "SELECT coalesce(sum(miner_rao), 0) FROM epochs") > 0);
    sqlite3_close(db);
}

static void test_every_scenario_validates_and_runs(void **state)
{
    (void)state;
    char dir[512];
    cli_src(dir, sizeof dir, "scenarios");
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        /* network_year (a year of 32 subnets) is the 'long' suite's test_network_year. */
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 && n < 256 &&
            strcmp(e->d_name, "network_year.json") != 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    for (size_t i = 0; i < n; i++) {
        check_scenario(names[i]);
        free(names[i]);
    }
    /* quickstart and one per task kind at least. */
    assert_true(n >= 5);
}

int main(int argc, char **argv)
{
    if (!cli_setup(argc, argv))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_scenario_validates_and_runs),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    cli_teardown();
    return failed;
}
