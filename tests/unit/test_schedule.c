/*
** Tests of epoch scheduling: the dynamic rule (tempo, owner trigger,
** watchdog), the legacy modular rule, the staggered start and the per-block
** cap with its deferral.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "subnetsim/schedule.h"

static void test_dynamic(void **state)
{
    (void)state;
    ss_epoch_clock c = {1000, 0, 1000};
    assert_false(ss_epoch_due_dynamic(360, &c, 1359, 50400));
    assert_true(ss_epoch_due_dynamic(360, &c, 1360, 50400));
    assert_true(ss_epoch_due_dynamic(360, &c, 2000, 50400)); /* overdue stays due */
    assert_false(ss_epoch_due_dynamic(0, &c, 999999, 50400)); /* tempo 0: never */
    /* An owner trigger fires early. */
    c.pending_epoch_at = 1100;
    assert_false(ss_epoch_due_dynamic(360, &c, 1099, 50400));
    assert_true(ss_epoch_due_dynamic(360, &c, 1100, 50400));
    /* The watchdog: slots consumed without a successful epoch. */
    ss_epoch_clock w = {100000, 0, 40000};
    assert_false(ss_epoch_due_dynamic(50000, &w, 90400, 50400));
    assert_true(ss_epoch_due_dynamic(50000, &w, 90401, 50400));
}

static void test_legacy(void **state)
{
    (void)state;
    ss_epoch_clock c = {0, 0, 0};
    /* (block + netuid + 1) mod (tempo + 1) == 0: netuid 1, tempo 360 fires at 359, 720. */
    int fired = 0;
    for (uint64_t b = 0; b < 1100; b++)
        if (ss_epoch_due_legacy(360, 1, &c, b)) {
            assert_true(b == 359 || b == 720 || b == 1081);
            fired++;
        }
    assert_int_equal(fired, 3);
    assert_false(ss_epoch_due_legacy(0, 1, &c, 0));
    c.pending_epoch_at = 5; /* a deferral is honoured */
    assert_true(ss_epoch_due_legacy(360, 1, &c, 5));
}

static void test_blocks_until_and_start(void **state)
{
    (void)state;
    assert_int_equal(ss_blocks_until_next_epoch(10, 0, 5), 5);
    assert_int_equal(ss_blocks_until_next_epoch(20, 0, 21), 0);
    assert_int_equal(ss_blocks_until_next_epoch(0, 0, 100), UINT64_MAX);
    /* New subnets are staggered by netuid mod tempo. */
    assert_int_equal(ss_epoch_initial_last_block(7, 360, 1000), 993);
    assert_int_equal(ss_epoch_initial_last_block(367, 360, 1000), 993);
    assert_int_equal(ss_epoch_initial_last_block(7, 360, 3), 0);
    assert_int_equal(ss_epoch_initial_last_block(7, 0, 50), 50);
}

static void test_cap(void **state)
{
    (void)state;
    bool due[6] = {true, false, true, true, true, false}, run[6];
    ss_epoch_clock clocks[6] = {{0, 0, 0}};
    assert_int_equal(ss_epoch_apply_cap(6, due, 2, 77, clocks, run), 2);
    assert_true(run[0] && run[2]);
    assert_false(run[1] || run[3] || run[4] || run[5]);
    assert_int_equal(clocks[3].pending_epoch_at, 78);
    assert_int_equal(clocks[4].pending_epoch_at, 78);
    assert_int_equal(clocks[1].pending_epoch_at, 0);
    assert_int_equal(ss_epoch_apply_cap(6, due, 10, 77, NULL, run), 0);
    assert_true(run[4]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dynamic),
        cmocka_unit_test(test_legacy),
        cmocka_unit_test(test_blocks_until_and_start),
        cmocka_unit_test(test_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
