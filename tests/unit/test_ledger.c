/*
** The holders' ledger: balances, share pools (nominators gain pro rata,
** exits are exact), root dividends by share, dissolution values that add up,
** and the running totals the audit reads, checked against a recount.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "chain/ledger.h"
#include "subnetsim/rng.h"

#define TAO 1000000000ULL

static void setup_keys(ss_ledger *l, uint32_t *ck, uint32_t nck, uint32_t *hk, uint32_t nhk,
                       uint32_t netuid)
{
    assert_int_equal(ss_ledger_init(l, 8, NULL), SS_OK);
    for (uint32_t i = 0; i < nck; i++)
        assert_int_equal(ss_ledger_add_coldkey(l, &ck[i], NULL), SS_OK);
    for (uint32_t i = 0; i < nhk; i++)
        assert_int_equal(ss_ledger_add_hotkey(l, ck[i % nck], netuid, &hk[i], NULL), SS_OK);
}

static void test_free_balances(void **state)
{
    (void)state;
    ss_ledger l;
    uint32_t ck[2], hk[1];
    setup_keys(&l, ck, 2, hk, 1, 1);
    ss_ledger_credit_free(&l, ck[0], 5 * TAO);
    assert_false(ss_ledger_debit_free(&l, ck[0], 5 * TAO + 1));
    assert_true(ss_ledger_debit_free(&l, ck[0], 2 * TAO));
    ss_ledger_credit_free(&l, ck[1], 7);
    assert_int_equal(ss_ledger_free(&l, ck[0]), 3 * TAO);
    assert_int_equal(l.free_total_rao, 3 * TAO + 7);
    assert_int_equal(ss_ledger_recount(&l, NULL), SS_OK);
    ss_ledger_fini(&l);
}

static void test_nominators_share_pro_rata(void **state)
{
    (void)state;
    ss_ledger l;
    uint32_t ck[3], hk[1], pos[3];
    setup_keys(&l, ck, 3, hk, 1, 2);
    assert_int_equal(ss_ledger_stake_alpha(&l, hk[0], ck[0], 600, NULL), SS_OK);
    assert_int_equal(ss_ledger_stake_alpha(&l, hk[0], ck[1], 300, NULL), SS_OK);
    assert_int_equal(ss_ledger_stake_alpha(&l, hk[0], ck[2], 100, NULL), SS_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(ss_ledger_position(&l, hk[0], ck[i], false, &pos[i], NULL), SS_OK);
    /* Dividends to the hotkey: each position gains its share, in O(1). */
    ss_ledger_grow_alpha(&l, hk[0], 1000);
    assert_int_equal(ss_ledger_alpha_of(&l, pos[0]), 1200);
    assert_int_equal(ss_ledger_alpha_of(&l, pos[1]), 600);
    assert_int_equal(ss_ledger_alpha_of(&l, pos[2]), 200);
    assert_int_equal(l.alpha_total_rao[2], 2000);
    /* A nominator arriving later does not share what was paid before. */
    uint32_t late;
    assert_int_equal(ss_ledger_add_coldkey(&l, &late, NULL), SS_OK);
    assert_int_equal(ss_ledger_stake_alpha(&l, hk[0], late, 2000, NULL), SS_OK);
    uint32_t lp;
    assert_int_equal(ss_ledger_position(&l, hk[0], late, false, &lp, NULL), SS_OK);
    assert_int_equal(ss_ledger_alpha_of(&l, lp), 2000);
    assert_int_equal(ss_ledger_alpha_of(&l, pos[0]), 1200);
    /* More than the value cannot leave; the whole value can, exactly. */
    assert_false(ss_ledger_unstake_alpha(&l, pos[1], 601));
    assert_true(ss_ledger_unstake_alpha(&l, pos[1], 600));
    assert_int_equal(ss_ledger_alpha_of(&l, pos[1]), 0);
    assert_int_equal(l.alpha_total_rao[2], 3400);
    assert_int_equal(ss_ledger_recount(&l, NULL), SS_OK);
    ss_ledger_fini(&l);
}

/* Random stakes, rewards and exits: totals stay exact, positions never exceed them. */
static void test_random_walk_keeps_totals(void **state)
{
    (void)state;
    ss_ledger l;
    uint32_t ck[6], hk[4];
    setup_keys(&l, ck, 6, hk, 4, 3);
    ss_pcg32 r;
    ss_pcg32_seed(&r, 7, 1);
    uint64_t expect = 0;
    for (int step = 0; step < 20000; step++) {
        uint32_t h = hk[ss_pcg32_bounded(&r, 4)], c = ck[ss_pcg32_bounded(&r, 6)];
        uint64_t amount = 1 + ss_pcg32_bounded(&r, 1000000) * (uint64_t)ss_pcg32_bounded(&r, 1000);
        switch (ss_pcg32_bounded(&r, 3)) {
        case 0:
            assert_int_equal(ss_ledger_stake_alpha(&l, h, c, amount, NULL), SS_OK);
            expect += amount;
            break;
        case 1:
            ss_ledger_grow_alpha(&l, h, amount);
            expect += amount;
            break;
        default: {
            uint32_t pos;
            assert_int_equal(ss_ledger_position(&l, h, c, false, &pos, NULL), SS_OK);
            if (pos == SS_LEDGER_NONE)
                break;
            uint64_t v = ss_ledger_alpha_of(&l, pos);
            uint64_t out = ss_pcg32_bounded(&r, 2) ? v : v / 3;
            assert_true(ss_ledger_unstake_alpha(&l, pos, out));
            expect -= out;
        }
        }
        assert_int_equal(l.alpha_total_rao[3], expect);
    }
    assert_int_equal(ss_ledger_recount(&l, NULL), SS_OK);
    /* A dissolution's values add up to every hotkey's total. */
    uint32_t n = ss_ledger_subnet_positions(&l, 3, NULL, NULL, 0);
    uint32_t pos[64];
    uint64_t value[64], sum = 0;
    assert_true(n <= 64);
    assert_int_equal(ss_ledger_subnet_positions(&l, 3, pos, value, n), n);
    for (uint32_t i = 0; i < n; i++)
        sum += value[i];
    assert_int_equal(sum, expect);
    ss_ledger_clear_subnet(&l, 3);
    assert_int_equal(l.alpha_total_rao[3], 0);
    assert_int_equal(ss_ledger_recount(&l, NULL), SS_OK);
    ss_ledger_fini(&l);
}

static void test_root_dividends_by_share(void **state)
{
    (void)state;
    ss_ledger l;
    uint32_t ck[2], hk[1], a, b;
    setup_keys(&l, ck, 2, hk, 1, 1);
    assert_int_equal(ss_ledger_stake_root(&l, hk[0], ck[0], 3000, NULL), SS_OK);
    assert_int_equal(ss_ledger_stake_root(&l, hk[0], ck[1], 1000, NULL), SS_OK);
    ss_ledger_position(&l, hk[0], ck[0], false, &a, NULL);
    ss_ledger_position(&l, hk[0], ck[1], false, &b, NULL);
    ss_ledger_root_dividend(&l, hk[0], 400);
    assert_int_equal(ss_ledger_root_owed(&l, a), 300);
    assert_int_equal(ss_ledger_root_owed(&l, b), 100);
    ss_ledger_root_claimed(&l, a, 300);
    assert_int_equal(ss_ledger_root_owed(&l, a), 0);
    /* New root stake does not claim dividends paid before it. */
    assert_int_equal(ss_ledger_stake_root(&l, hk[0], ck[1], 4000, NULL), SS_OK);
    assert_int_equal(ss_ledger_root_owed(&l, b), 100);
    /* Leaving root keeps what was earned. */
    assert_true(ss_ledger_unstake_root(&l, b, 5000));
    assert_int_equal(ss_ledger_root_of(&l, b), 0);
    assert_int_equal(ss_ledger_root_owed(&l, b), 100);
    assert_int_equal(l.root_total_rao, 3000);
    ss_ledger_root_dividend(&l, hk[0], 30);
    assert_int_equal(ss_ledger_root_owed(&l, a), 30);
    assert_int_equal(ss_ledger_recount(&l, NULL), SS_OK);
    ss_ledger_fini(&l);
}

static void test_recount_catches_a_wrong_total(void **state)
{
    (void)state;
    ss_ledger l;
    uint32_t ck[1], hk[1];
    setup_keys(&l, ck, 1, hk, 1, 1);
    assert_int_equal(ss_ledger_stake_alpha(&l, hk[0], ck[0], 10, NULL), SS_OK);
    l.alpha_total_rao[1]++;
    ss_error err;
    assert_int_equal(ss_ledger_recount(&l, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "subnet 1"));
    l.alpha_total_rao[1]--;
    l.free_total_rao = 1;
    assert_int_equal(ss_ledger_recount(&l, &err), SS_EAUDIT);
    ss_ledger_fini(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_balances),
        cmocka_unit_test(test_nominators_share_pro_rata),
        cmocka_unit_test(test_random_walk_keeps_totals),
        cmocka_unit_test(test_root_dividends_by_share),
        cmocka_unit_test(test_recount_catches_a_wrong_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
