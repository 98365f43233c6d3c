/*
** Tests of the emission maths: the halving schedule, the shares of every
** split rule and their edge cases, the moving price, injection terms and
** the alpha-out split.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "subnetsim/emission.h"

#define S SS_TOTAL_SUPPLY_RAO
#define E0 SS_RAO_PER_TAO

static void test_halving_thresholds(void **state)
{
    (void)state;
    /* Era k starts at S (1 - 2^-k) exactly; one rao earlier is still era k-1. */
    for (unsigned k = 1; k < 30; k++) {
        uint64_t threshold = S - (S >> k);
        if ((S >> k) << k != S)
            continue; /* S/2^k not an integer: no exact threshold in rao */
        assert_int_equal(ss_halvings(threshold, S), k);
        assert_int_equal(ss_halvings(threshold - 1, S), k - 1);
        assert_int_equal(ss_block_emission(threshold, S, E0), E0 >> k);
    }
    assert_int_equal(ss_block_emission(0, S, E0), E0);
    assert_int_equal(ss_block_emission(S / 2 - 1, S, E0), E0);
    assert_int_equal(ss_block_emission(S / 2, S, E0), E0 / 2);
    assert_int_equal(ss_block_emission(S - 1, S, E0), 0); /* 54 halvings */
    assert_int_equal(ss_block_emission(S, S, E0), 0);
    assert_int_equal(ss_block_emission(UINT64_MAX, S, E0), 0);
}

static void test_halving_table_points(void **state)
{
    (void)state;
    /* A few points of the chain's test_halving table. */
    assert_int_equal(ss_block_emission(15800000000000000ULL, S, E0), 250000000);
    assert_int_equal(ss_block_emission(20917970000000000ULL, S, E0), 3906250);
    assert_int_equal(ss_block_emission(20999990500000000ULL, S, E0), 476);
    assert_int_equal(ss_block_emission(20999999000000000ULL, S, E0), 59);
}

static void test_root_proportion(void **state)
{
    (void)state;
    assert_float_equal(ss_root_proportion(1.0, 1000, 3000), 0.25, 1e-15);
    assert_float_equal(ss_root_proportion(0.18, 0, 5), 0.0, 0);
    assert_float_equal(ss_root_proportion(0.18, 0, 0), 0.0, 0); /* no 0/0 */
    assert_float_equal(ss_tao_weight_from_u64(UINT64_MAX), 1.0, 0);
}

static double sum(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void test_price_shares(void **state)
{
    (void)state;
    double p[3] = {0.1, 0.2, 0.7}, mb[3] = {0, 0, 0}, s[3];
    ss_shares_price_ema(3, p, mb, NULL, s);
    assert_float_equal(s[0], 0.1, 1e-15);
    assert_float_equal(s[2], 0.7, 1e-15);
    /* MinerBurned above 1 counts as 1; the burner gets nothing. */
    double mb2[3] = {1.5, 0.5, 0};
    ss_shares_price_ema(3, p, mb2, NULL, s);
    assert_float_equal(s[0], 0.0, 0);
    assert_float_equal(s[1], 0.1 / 0.8, 1e-15);
    assert_float_equal(sum(s, 3), 1.0, 1e-15);
    /* Every price zero: every share zero (the block's TAO is recycled). */
    double z[3] = {0, 0, 0};
    ss_shares_price_ema(3, z, mb, NULL, s);
    assert_float_equal(sum(s, 3), 0.0, 0);
    ss_shares_dtao_price(3, z, s);
    assert_float_equal(sum(s, 3), 0.0, 0);
    /* The dTAO rule ignores MinerBurned. */
    ss_shares_dtao_price(3, p, s);
    assert_float_equal(s[0], 0.1, 1e-15);
    /* No subnets at all. */
    ss_shares_price_ema(0, p, mb, NULL, s);
}

static void test_enabled_mask(void **state)
{
    (void)state;
    double s[3] = {0.2, 0.3, 0.5};
    bool all[3] = {true, true, true};
    ss_shares_mask_enabled(3, all, s);
    assert_float_equal(s[1], 0.3, 0); /* untouched */
    bool some[3] = {true, false, true};
    ss_shares_mask_enabled(3, some, s);
    assert_float_equal(s[0], 0.2 / 0.7, 1e-15);
    assert_float_equal(s[1], 0.0, 0);
    assert_float_equal(sum(s, 3), 1.0, 1e-15);
    bool none[3] = {false, false, false};
    ss_shares_mask_enabled(3, none, s);
    assert_float_equal(sum(s, 3), 0.0, 0);
}

static void test_moving_price(void **state)
{
    (void)state;
    /* Warm-up: at b = h the rate is half of SubnetMovingAlpha. */
    double p = ss_moving_price_update(0.0, 0.5, 0.1, 1000, 1000);
    assert_float_equal(p, 0.05 * 0.5, 1e-15);
    /* The spot price is clamped at 1 before it enters. */
    p = ss_moving_price_update(0.0, 50.0, 1.0, 1, 0);
    assert_float_equal(p, 1.0, 0);
    /* b = 0: nothing moves. */
    assert_float_equal(ss_moving_price_update(0.3, 1.0, 0.5, 0, 100), 0.3, 0);
    double pb[2] = {0.5, 0.5};
    assert_false(ss_root_sell(2, pb, 1.0)); /* strictly above */
    pb[1] = 0.6;
    assert_true(ss_root_sell(2, pb, 1.0));
}

static void test_taoflow_shares(void **state)
{
    (void)state;
    double u[3] = {100, 300, -50}, p[3] = {0, 0, 0}, s[3], k;
    ss_shares_taoflow(3, u, p, true, 0.0, 1.0, s, &k);
    assert_float_equal(k, 0.0, 0); /* no protocol flow */
    assert_float_equal(s[0], 0.25, 1e-15);
    assert_float_equal(s[2], 0.0, 0); /* negative flow earns nothing */
    /* Netting: k = min(1, 400/200) = 1, protocol flow is taken out in full. */
    double p2[3] = {50, 150, 0};
    ss_shares_taoflow(3, u, p2, true, 0.0, 1.0, s, &k);
    assert_float_equal(k, 1.0, 0);
    assert_float_equal(s[0], 0.25, 1e-15);
    /* Protocol outflow (negative P) is added back. */
    double p3[3] = {0, 0, -100};
    ss_shares_taoflow(3, u, p3, true, 0.0, 1.0, s, &k);
    assert_float_equal(s[2], 50.0 / 450.0, 1e-15);
    /* Gross mode ignores protocol flow. */
    ss_shares_taoflow(3, u, p2, false, 0.0, 1.0, s, NULL);
    assert_float_equal(s[1], 0.75, 1e-15);
    /* A negative cutoff lowers the floor to the lowest flow above it. */
    ss_shares_taoflow(3, u, p, false, -1000.0, 1.0, s, NULL);
    assert_float_equal(s[2], 0.0, 0);
    assert_float_equal(s[0], 150.0 / 500.0, 1e-15);
    /* A cutoff above every flow: nothing. */
    ss_shares_taoflow(3, u, p, false, 1000.0, 1.0, s, NULL);
    assert_float_equal(sum(s, 3), 0.0, 0);
    /* p > 1 is winner-take-more. */
    double z[2] = {1, 2};
    ss_pow_normalize(2, z, 2.0, s);
    assert_float_equal(s[1], 0.8, 1e-15);
    /* β from the chain's smoothing factor. */
    assert_float_equal(ss_flow_beta(29597889189277ULL), 3.209e-6, 1e-9);
    assert_float_equal(ss_flow_beta(9223372036854775807ULL), 1.0, 0);
}

static void test_root_weight_shares(void **state)
{
    (void)state;
    /* Two validators, equal stake, both weight subnet 0 fully: trust 1. */
    double stake[3] = {1, 1, 0}, w[3 * 2] = {1, 0, 1, 0, 0, 1}, s[2], trust[2];
    ss_shares_root_weights(3, stake, w, 2, 10.0, 0.5, 64, s, trust);
    assert_float_equal(trust[0], 1.0, 1e-15);
    assert_float_equal(trust[1], 0.0, 0); /* the third has no stake */
    assert_float_equal(s[0], 1.0, 1e-15);
    /* Split weights: the subnet with more trust wins more than its rank. */
    double w2[3 * 2] = {1, 0, 0.5, 0.5, 0, 0};
    ss_shares_root_weights(3, stake, w2, 2, 10.0, 0.5, 64, s, trust);
    double c0 = 1 / (1 + exp(-10 * 0.5)), c1 = 1 / (1 + exp(0.0));
    double r0 = 0.75 * c0, r1 = 0.25 * c1;
    assert_float_equal(s[0], r0 / (r0 + r1), 1e-12);
    /* Only the top validators by stake count. */
    double stake3[3] = {1, 5, 3}, w3[3 * 2] = {1, 0, 0, 1, 1, 0};
    ss_shares_root_weights(3, stake3, w3, 2, 10.0, 0.5, 1, s, trust);
    assert_float_equal(s[1], 1.0, 1e-15);
    /* No stake: nothing. */
    double none[3] = {0, 0, 0};
    ss_shares_root_weights(3, none, w3, 2, 10.0, 0.5, 64, s, trust);
    assert_float_equal(sum(s, 2), 0.0, 0);
}

static void test_fixed_shares(void **state)
{
    (void)state;
    double w[3] = {1, -1, 3}, s[3];
    ss_shares_fixed(3, w, s);
    assert_float_equal(s[0], 0.25, 0);
    assert_float_equal(s[1], 0.0, 0);
    double z[3] = {0, 0, 0};
    ss_shares_fixed(3, z, s);
    assert_float_equal(sum(s, 3), 0.0, 0);
}

static void test_injection_terms(void **state)
{
    (void)state;
    ss_subnet_terms t;
    /* Below the cap: all liquidity at the price. */
    ss_subnet_terms_compute(SS_INJECT_ROOT_PROP_CAP, 1e8, 1e9, 0.5, 1e9, 0.9, &t);
    assert_float_equal(t.alpha_in, 2e8, 1e-6);
    assert_float_equal(t.tao_in, 1e8, 0);
    assert_float_equal(t.excess_tao, 0, 0);
    /* Capped: the rest buys alpha. */
    ss_subnet_terms_compute(SS_INJECT_ROOT_PROP_CAP, 1e9, 1e9, 0.5, 1e9, 0.1, &t);
    assert_float_equal(t.alpha_in, 1e8, 1e-6);
    assert_float_equal(t.tao_in, 5e7, 1e-6);
    assert_float_equal(t.excess_tao, 9.5e8, 1e-6);
    /* Zero price: no alpha in, TAO in (the pool has no alpha). */
    ss_subnet_terms_compute(SS_INJECT_ROOT_PROP_CAP, 1e6, 1e9, 0.0, 1e9, 0.5, &t);
    assert_float_equal(t.alpha_in, 0, 0);
    /* Taoflow era: cap min(alpha emission, E). */
    ss_subnet_terms_compute(SS_INJECT_EMISSION_CAP, 1e9, 5e8, 0.1, 1e9, 1.0, &t);
    assert_float_equal(t.cap, 5e8, 0);
    assert_float_equal(t.alpha_in, 5e8, 0);
    /* dTAO 2025: all TAO in, alpha capped at H(A): the price rises. */
    ss_subnet_terms_compute(SS_INJECT_DTAO_2025, 8e8, 1e9, 0.5, 1e9, 0.0, &t);
    assert_float_equal(t.tao_in, 8e8, 0);
    assert_float_equal(t.alpha_in, 1e9, 0);
    assert_float_equal(t.excess_tao, 0, 0);
    /* Subsidy: p < E_i / E. */
    ss_subnet_terms_compute(SS_INJECT_DTAO_SUBSIDY, 8e8, 1e9, 0.5, 1e9, 0.0, &t);
    assert_true(t.subsidized);
    assert_float_equal(t.tao_in, 5e8, 0);
    assert_float_equal(t.alpha_in, 1e9, 0);
    assert_float_equal(t.excess_tao, 3e8, 1e-6);
    ss_subnet_terms_compute(SS_INJECT_DTAO_SUBSIDY, 3e8, 1e9, 0.5, 1e9, 0.0, &t);
    assert_false(t.subsidized);
    assert_float_equal(t.alpha_in, 6e8, 1e-6);
}

static void test_alpha_out_split(void **state)
{
    (void)state;
    ss_alpha_split sp;
    ss_alpha_out_split(1000000000, 11796, true, 0.25, &sp);
    assert_int_equal(sp.owner_rao, 179995422);
    assert_int_equal(sp.owner_rao + sp.server_rao + sp.validator_rao + sp.root_rao
                         + sp.dust_rao, 1000000000);
    assert_true(sp.dust_rao <= 3);
    ss_alpha_out_split(1000000000, 11796, false, 0.0, &sp);
    assert_int_equal(sp.owner_rao, 0);
    assert_int_equal(sp.server_rao, 500000000);
    assert_int_equal(sp.validator_rao, 500000000);
    /* Odd amounts never hand out more than minted. */
    for (uint64_t a = 0; a < 2000; a += 7) {
        ss_alpha_out_split(a, 33333, true, 0.37, &sp);
        assert_int_equal(sp.owner_rao + sp.server_rao + sp.validator_rao + sp.root_rao
                             + sp.dust_rao, a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_halving_thresholds),
        cmocka_unit_test(test_halving_table_points),
        cmocka_unit_test(test_root_proportion),
        cmocka_unit_test(test_price_shares),
        cmocka_unit_test(test_enabled_mask),
        cmocka_unit_test(test_moving_price),
        cmocka_unit_test(test_taoflow_shares),
        cmocka_unit_test(test_root_weight_shares),
        cmocka_unit_test(test_fixed_shares),
        cmocka_unit_test(test_injection_terms),
        cmocka_unit_test(test_alpha_out_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
