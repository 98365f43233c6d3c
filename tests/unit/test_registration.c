/*
** Tests of entry and exit: the burn price (Q32 decay, Q64 multiplier,
** clamps), the choice of the UID to replace, the subnet lock cost and the
** choice of the subnet to dissolve.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "subnetsim/registration.h"

static void test_decay_factors(void **state)
{
    (void)state;
    assert_int_equal(ss_burn_decay_factor_q32(1), 2147483648u);
    assert_int_equal(ss_burn_decay_factor_q32(2), 3037000500u);
    assert_int_equal(ss_burn_decay_factor_q32(360), 4286705684u);
    assert_int_equal(ss_burn_decay_factor_q32(0), 0);
    /* f_H is the largest factor that halves in H steps: one more does not. */
    for (uint32_t h = 1; h < 5000; h = h * 3 + 1) {
        uint32_t f = ss_burn_decay_factor_q32(h);
        assert_true(ss_pow_q32(f, h) <= 2147483648u);
        assert_true(ss_pow_q32((uint64_t)f + 1, h) > 2147483648u);
    }
    assert_int_equal(ss_pow_q32(2147483648u, 3), 536870912u); /* (1/2)^3 */
    assert_int_equal(ss_pow_q32(12345, 0), 4294967296u);
}

static void test_decay_and_clamp(void **state)
{
    (void)state;
    uint32_t f = ss_burn_decay_factor_q32(360);
    uint64_t b = 1000000000;
    for (int i = 0; i < 360; i++)
        b = ss_burn_decay(b, f, 500000, 100000000000ULL);
    assert_int_equal(b, 499999865);
    /* The floor holds the price up; the ceiling caps it. */
    assert_int_equal(ss_burn_decay(1, 2147483648u, 100000, 150000), 100000);
    assert_int_equal(ss_burn_decay(UINT64_MAX, 4294967295u, 0, 150000), 150000);
}

static void test_bump(void **state)
{
    (void)state;
    /* 1.26 as U64F64 is the double 1.26 exactly, a hair above 1.26. */
    ss_q64 m = ss_q64_from_double(1.26);
    assert_int_equal(m.int_part, 1);
    assert_int_equal(ss_burn_bump(1000000000, m, 0, UINT64_MAX), 1260000000);
    assert_int_equal(ss_burn_bump(100, m, 0, UINT64_MAX), 126);
    assert_int_equal(ss_burn_bump(3, m, 0, UINT64_MAX), 3); /* floor(3.78) */
    assert_int_equal(ss_burn_bump(1000, ss_q64_from_double(3.0), 0, UINT64_MAX), 3000);
    assert_int_equal(ss_burn_bump(200000, ss_q64_from_double(2.0), 0, 150000), 150000);
    assert_int_equal(ss_burn_bump(UINT64_MAX / 2, ss_q64_from_double(3.0), 0, UINT64_MAX),
                     UINT64_MAX);
    ss_q64 half = ss_q64_from_double(0.5);
    assert_int_equal(half.int_part, 0);
    assert_int_equal(half.frac, 1ULL << 63);
}

static void test_immunity(void **state)
{
    (void)state;
    assert_true(ss_uid_is_immune(100, 100, 1));
    assert_false(ss_uid_is_immune(100, 101, 1));
    assert_true(ss_uid_is_immune(100, 5099, 5000));
    assert_false(ss_uid_is_immune(100, 5100, 5000));
    assert_false(ss_uid_is_immune(0, 0, 0));
}

static void test_prune_choice(void **state)
{
    (void)state;
    uint64_t emission[6] = {50, 10, 10, 10, 5, 60};
    uint64_t registered[6] = {0, 30, 20, 20, 990, 0};
    ss_uid_prune_input in = {6, emission, registered, NULL, -1, 0, 100, 0, 1000};
    /* UID 4 is immune (registered at 990); among the rest the lowest emission
    ** ties 1, 2, 3: the earliest registration (20) wins, then the lower UID. */
    assert_int_equal(ss_uid_to_prune(&in), 2);
    /* More non-immune than the minimum is required: 5 open, min 5 -> immune one. */
    in.min_non_immune = 5;
    assert_int_equal(ss_uid_to_prune(&in), 4);
    in.min_non_immune = 4;
    assert_int_equal(ss_uid_to_prune(&in), 2);
    /* Nobody immune and too few open: no UID can be replaced. */
    in.block = 5000;
    in.min_non_immune = 6;
    assert_int_equal(ss_uid_to_prune(&in), -1);
}

static void test_owner_immortality(void **state)
{
    (void)state;
    /* UID 0: owner hotkey; UIDs 1..3 owner-coldkey keys registered at 10, 30, 20. */
    uint64_t emission[5] = {0, 0, 0, 0, 1};
    uint64_t registered[5] = {0, 10, 30, 20, 40};
    bool owned[5] = {true, true, true, true, false};
    ss_uid_prune_input in = {5, emission, registered, owned, 0, 1, 0, 0, 1000};
    assert_true(ss_uid_is_immortal(&in, 0));
    assert_false(ss_uid_is_immortal(&in, 2));
    assert_int_equal(ss_uid_to_prune(&in), 1); /* lowest emission, earliest of the rest */
    /* Limit 3: the owner hotkey plus the two most recent owner keys (30, 20). */
    in.immune_owner_uids_limit = 3;
    assert_true(ss_uid_is_immortal(&in, 2));
    assert_true(ss_uid_is_immortal(&in, 3));
    assert_false(ss_uid_is_immortal(&in, 1));
    assert_int_equal(ss_uid_to_prune(&in), 1);
    /* Limit 0: nobody is immortal, the owner hotkey can go. */
    in.immune_owner_uids_limit = 0;
    assert_false(ss_uid_is_immortal(&in, 0));
    assert_int_equal(ss_uid_to_prune(&in), 0);
    /* Owner hotkey not registered: the places go to the most recent owner keys. */
    in.owner_hotkey_uid = -1;
    in.immune_owner_uids_limit = 1;
    owned[0] = false;
    assert_true(ss_uid_is_immortal(&in, 2));
    assert_int_equal(ss_uid_to_prune(&in), 0);
}

static void test_lock_cost(void **state)
{
    (void)state;
    ss_lock_state st = {false, 0, 0};
    /* Nothing registered yet: the minimum. */
    assert_int_equal(ss_lock_cost(&st, 10, 1000000000, 1000000000, 57600), 1000000000);
    st = (ss_lock_state){true, 1250000000000ULL, 100};
    /* Doubles at once, back to L after I_eff blocks, minimum after 2 I_eff. */
    assert_int_equal(ss_lock_cost(&st, 100, 1000000000, 1000000000, 57600), 2500000000000ULL);
    uint64_t per_block = 1250000000000ULL / 57600;
    assert_int_equal(ss_lock_cost(&st, 100 + 57600, 1000000000, 1000000000, 57600),
                     2500000000000ULL - per_block * 57600);
    assert_int_equal(ss_lock_cost(&st, 100 + 2 * 57600, 1000000000, 1000000000, 57600),
                     1000000000);
    assert_int_equal(ss_lock_cost(&st, UINT64_MAX, 1000000000, 1000000000, 57600), 1000000000);
    /* The interval shrinks with the halvings: half the emission, half the interval. */
    assert_int_equal(ss_lock_cost(&st, 100 + 28800, 500000000, 0, 57600),
                     2500000000000ULL - (1250000000000ULL / 28800) * 28800);
    /* No decay when I_eff is 0 (emission ended). */
    assert_int_equal(ss_lock_cost(&st, 1000000, 0, 0, 57600), 2500000000000ULL);
}

static void test_subnet_prune(void **state)
{
    (void)state;
    double price[4] = {0.5, 0.1, 0.1, 0.05};
    uint64_t registered[4] = {0, 20, 10, 0};
    bool immune[4] = {false, false, false, true};
    assert_int_equal(ss_subnet_to_prune(4, price, registered, immune), 2);
    registered[1] = 10;
    assert_int_equal(ss_subnet_to_prune(4, price, registered, immune), 1); /* then lower index */
    bool all[4] = {true, true, true, true};
    assert_int_equal(ss_subnet_to_prune(4, price, registered, all), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decay_factors),
        cmocka_unit_test(test_decay_and_clamp),
        cmocka_unit_test(test_bump),
        cmocka_unit_test(test_immunity),
        cmocka_unit_test(test_prune_choice),
        cmocka_unit_test(test_owner_immortality),
        cmocka_unit_test(test_lock_cost),
        cmocka_unit_test(test_subnet_prune),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
