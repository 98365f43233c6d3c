/*
** End-to-end: every economy and economy-adversary scenario in scenarios/ runs
** with `subnetsim run --audit` (exit 0, "audit: ok issued=X accounted=X"),
** and its database adds up: every epoch's issued alpha is paid or burned,
** pool rows are filled, the network is sampled, events are recorded,
** deregistered neurons are marked, and the TAO issued grows by exactly the
** block emission between samples. With the argument "year" it runs
** scenarios/network_year.json instead (the 365-day audit; the suite
** runs it on a release build, see tools/test.sh).
*/
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli_harness.h"

static const char *const scenarios[] = {
    "economy_price_ema", "economy_taoflow", "economy_dtao_price", "economy_dtao_price_subsidy",
    "economy_root_weights", "economy_fixed", "economy_stake_shock",
    "adversary_immunity_cycler", "adversary_uid_sniper", "adversary_stake_pumper",
    "adversary_owner_miner", NULL};

/* Runs scenarios/<name>.json with --audit into db; checks the audit line; returns issued. */
static uint64_t run_audited(const char *name, const char *db)
{
    char path[512], rel[128];
    snprintf(rel, sizeof rel, "scenarios/%s.json", name);
    cli_src(path, sizeof path, rel);
    const char *args[] = {"run", path, "--out", db, "--audit", "--quiet", NULL};
    cli_result r = cli_run(args);
    if (r.status != 0)
        fail_msg("%s: exit %d: %s", name, r.status, r.err);
    unsigned long long issued = 0, accounted = 0;
    if (sscanf(r.out, "audit: ok issued=%llu accounted=%llu", &issued, &accounted) != 2)
        fail_msg("%s: no audit line in \"%s\"", name, r.out);
    assert_int_equal(issued, accounted);
    assert_int_equal(count_lines(r.out), 1);
    cli_result_free(&r);
    return issued;
}

static void check_db(const char *name, const char *db_path, uint64_t issued)
{
    sqlite3 *db = db_open(db_path);
    char *status = db_text(db, "SELECT status FROM run");
    assert_string_equal(status, "complete");
    free(status);
    assert_int_equal(db_int(db, "PRAGMA user_version"), 3);
    /* Money adds up per epoch. */
    assert_true(db_int(db, "SELECT count(*) FROM epochs") > 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM epochs WHERE issued_rao != owner_rao"
                                " + miner_rao + validator_rao + root_rao + burned_rao"), 0);
    /* Every epoch has its pool row. */
    assert_int_equal(db_int(db, "SELECT count(*) FROM epochs e LEFT JOIN subnet_epochs s"
                                " USING (netuid, epoch) WHERE s.price IS NULL"
                                " OR s.tao_reserve_rao <= 0 OR s.alpha_reserve_rao <= 0"), 0);
    /* Per block sample: TAO issued grows by the block emission of each block in between
    ** (recycling lowers it by what was recycled). */
    assert_true(db_int(db, "SELECT count(*) FROM network") >= 2);
    assert_int_equal(db_int(db,
        "SELECT count(*) FROM network a JOIN network b ON b.block = (SELECT min(block)"
        " FROM network WHERE block > a.block)"
        " WHERE b.total_issuance_rao + b.recycled_rao - a.total_issuance_rao - a.recycled_rao"
        "       != (b.block - a.block) * b.block_emission_rao"), 0);
    /* The last sample's issuance plus everything recycled is what the audit called issued. */
    assert_int_equal(db_int(db, "SELECT total_issuance_rao + recycled_rao FROM network"
                                " ORDER BY block DESC LIMIT 1"), (int64_t)issued);
    /* Events, and neurons that left carry the block they left. */
    assert_true(db_int(db, "SELECT count(*) FROM events") > 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM neurons n WHERE deregistered_block"
                                " IS NOT NULL AND deregistered_block < registered_block"), 0);
    assert_true(db_int(db, "SELECT count(*) FROM neurons n WHERE deregistered_block IS NULL"
                           " AND EXISTS (SELECT 1 FROM neurons m WHERE m.netuid = n.netuid"
                           " AND m.uid = n.uid AND m.registered_block > n.registered_block)") ==
                0);
    print_message("%s: %lld epochs, %lld events, %lld neurons left, issued %" PRIu64 " rao\n",
                  name, (long long)db_int(db, "SELECT count(*) FROM epochs"),
                  (long long)db_int(db, "SELECT count(*) FROM events"),
                  (long long)db_int(db, "SELECT count(*) FROM neurons WHERE deregistered_block"
                                        " IS NOT NULL"), issued);
    sqlite3_close(db);
}

static void test_every_economy_scenario_audits(void **state)
{
    (void)state;
    for (int i = 0; scenarios[i]; i++) {
        char db[300];
        cli_tmpfile(db, sizeof db, "economy.sqlite");
        uint64_t issued = run_audited(scenarios[i], db);
        check_db(scenarios[i], db, issued);
    }
}

/* What each scenario is there to show, read back from its database. */
static void test_scenarios_show_what_they_say(void **state)
{
    (void)state;
    char db_path[300];
    cli_tmpfile(db_path, sizeof db_path, "shock.sqlite");
    run_audited("economy_stake_shock", db_path);
    sqlite3 *db = db_open(db_path);
    /* The whale's stake lifts subnet 2's price several-fold, its moving price barely. */
    assert_true(db_int(db, "SELECT max(price) / min(price) > 5 FROM subnet_epochs"
                           " WHERE netuid = 2 AND block < 20000"));
    assert_true(db_int(db, "SELECT max(moving_price) / min(moving_price) < 1.05"
                           " FROM subnet_epochs WHERE netuid = 2"));
    assert_int_equal(db_int(db, "SELECT count(*) FROM events WHERE kind = 'subnet_register'"),
                     1);
    assert_int_equal(db_int(db, "SELECT count(*) FROM subnets"), 4);
    assert_true(db_int(db, "SELECT count(*) FROM events WHERE kind = 'move'") > 0);
    sqlite3_close(db);

    cli_tmpfile(db_path, sizeof db_path, "fixed.sqlite");
    run_audited("economy_fixed", db_path);
    db = db_open(db_path);
    assert_int_equal(db_int(db, "SELECT count(*) FROM subnet_epochs WHERE"
                                " abs(emission_share - CASE netuid WHEN 1 THEN 0.5"
                                " WHEN 2 THEN 0.3 ELSE 0.2 END) > 1e-12"), 0);
    sqlite3_close(db);

    cli_tmpfile(db_path, sizeof db_path, "root.sqlite");
    run_audited("economy_root_weights", db_path);
    db = db_open(db_path);
    assert_true(db_int(db, "SELECT (SELECT avg(emission_share) FROM subnet_epochs WHERE netuid"
                           " = 1) > (SELECT avg(emission_share) FROM subnet_epochs WHERE netuid"
                           " = 2) AND (SELECT avg(emission_share) FROM subnet_epochs WHERE"
                           " netuid = 2) > (SELECT avg(emission_share) FROM subnet_epochs"
                           " WHERE netuid = 3)"));
    sqlite3_close(db);

    cli_tmpfile(db_path, sizeof db_path, "ema.sqlite");
    run_audited("economy_price_ema", db_path);
    db = db_open(db_path);
    /* Subnets 3 and 4 have the same price; 4's MinerBurned cuts its share. */
    assert_true(db_int(db, "SELECT (SELECT avg(emission_share) FROM subnet_epochs WHERE netuid"
                           " = 4) < 0.9 * (SELECT avg(emission_share) FROM subnet_epochs"
                           " WHERE netuid = 3)"));
    assert_true(db_int(db, "SELECT sum(root_rao) FROM epochs") > 0);
    sqlite3_close(db);
}

/* An audit failure is a distinct exit status (3); here an ordinary run says it passed. */
static void test_audit_flag_in_help(void **state)
{
    (void)state;
    const char *args[] = {"run", "--help", NULL};
    cli_result r = cli_run(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--audit"));
    assert_non_null(strstr(r.out, "3 the audit found a"));
    cli_result_free(&r);
}

static void test_network_year(void **state)
{
    (void)state;
    char db[300];
    cli_tmpfile(db, sizeof db, "year.sqlite");
    uint64_t issued = run_audited("network_year", db);
    check_db("network_year", db, issued);
    sqlite3 *conn = db_open(db);
    assert_int_equal(db_int(conn, "SELECT count(*) FROM subnets"), 32);
    assert_int_equal(db_int(conn, "SELECT max(max_uids) FROM subnets"), 256);
    assert_true(db_int(conn, "SELECT min(last) FROM (SELECT max(block) last FROM epochs"
                             " GROUP BY netuid)") > 365 * 7200 - 360);
    assert_true(db_int(conn, "SELECT min(epoch) FROM (SELECT max(epoch) epoch FROM epochs"
                             " GROUP BY netuid)") >= 7290);
    assert_true(db_int(conn, "SELECT count(*) FROM events WHERE kind = 'register'") > 100000);
    sqlite3_close(conn);
}

int main(int argc, char **argv)
{
    /* "year" after the harness's arguments selects the long run. */
    int year = argc > 3 && strcmp(argv[3], "year") == 0;
    if (!cli_setup(argc, argv))
        return 1;
    const struct CMUnitTest quick[] = {
        cmocka_unit_test(test_every_economy_scenario_audits),
        cmocka_unit_test(test_scenarios_show_what_they_say),
        cmocka_unit_test(test_audit_flag_in_help),
    };
    const struct CMUnitTest long_run[] = {
        cmocka_unit_test(test_network_year),
    };
    int failed = year ? cmocka_run_group_tests(long_run, NULL, NULL)
                      : cmocka_run_group_tests(quick, NULL, NULL);
    cli_teardown();
    return failed;
}
