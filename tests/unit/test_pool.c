/*
** Tests of the weighted pool: prices, buys and sells with fees, guards,
** limit-order sizes, price-keeping injections, and round trips that lose
** nothing but fees and rounding.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "subnetsim/pool.h"
#include "subnetsim/rng.h"

static const ss_pool_guard guard = {1000000, 1000};

static void test_price_and_init(void **state)
{
    (void)state;
    ss_pool p;
    ss_pool_init(&p, 1000000000, 4000000000, 0.0);
    assert_float_equal(ss_pool_price(&p), 0.25, 0);
    assert_float_equal(p.quote_weight, 0.5, 0);
    ss_pool_init(&p, 1000000000, 4000000000, 0.4);
    assert_float_equal(ss_pool_price(&p), 0.4, 1e-15);
    ss_pool empty = {5, 0, 0.5};
    assert_float_equal(ss_pool_price(&empty), 0.0, 0);
}

static void test_buy_exact_constant_product(void **state)
{
    (void)state;
    ss_pool p = {1000000000, 4000000000, 0.5};
    ss_swap s;
    assert_int_equal(ss_pool_quote_buy(&p, 123456, 33, true, &guard, &s), SS_TX_OK);
    assert_int_equal(s.fee, 62);
    assert_int_equal(s.net_in, 123394);
    /* floor(x d / (y + d)) exactly */
    assert_int_equal(s.out, (uint64_t)((4000000000.0 * 123394) / (1000000000.0 + 123394)));
    ss_pool q = p;
    ss_pool_apply_buy(&q, &s);
    assert_int_equal(q.tao_rao, p.tao_rao + 123394); /* the fee is not in y */
    assert_int_equal(q.alpha_rao, p.alpha_rao - s.out);
    /* The product never falls on a buy. */
    assert_true((double)q.tao_rao * q.alpha_rao >= (double)p.tao_rao * p.alpha_rao);
    /* Without fee. */
    assert_int_equal(ss_pool_quote_buy(&p, 123456, 33, false, &guard, &s), SS_TX_OK);
    assert_int_equal(s.fee, 0);
}

static void test_sell(void **state)
{
    (void)state;
    ss_pool p = {1000000000, 4000000000, 0.5};
    ss_swap s;
    assert_int_equal(ss_pool_quote_sell(&p, 123456, 33, true, &guard, &s), SS_TX_OK);
    assert_int_equal(s.fee, 62);
    assert_int_equal(s.out, 30847);
    ss_pool_apply_sell(&p, &s);
    assert_int_equal(p.alpha_rao, 4000000000 + 123394);
    assert_true(ss_pool_price(&p) < 0.25);
}

static void test_guards(void **state)
{
    (void)state;
    ss_pool p = {1000000, 1000000, 0.5};
    ss_swap s;
    /* Net input above 1000 x the input reserve. */
    assert_int_equal(ss_pool_quote_buy(&p, 1000000001, 0, false, &guard, &s),
                     SS_TX_INPUT_TOO_LARGE);
    assert_int_equal(ss_pool_quote_buy(&p, 1000000000, 0, false, &guard, &s), SS_TX_OK);
    /* Output-side reserve below the minimum. */
    ss_pool thin = {1000000, 999999, 0.5};
    assert_int_equal(ss_pool_quote_buy(&thin, 1000, 0, false, &guard, &s),
                     SS_TX_INSUFFICIENT_LIQUIDITY);
    assert_int_equal(ss_pool_quote_sell(&thin, 1000, 0, false, &guard, &s), SS_TX_OK);
    assert_int_equal(ss_pool_quote_buy(&p, 0, 0, false, &guard, &s), SS_TX_ZERO_AMOUNT);
    /* No guard: anything goes, output never above the reserve. */
    assert_int_equal(ss_pool_quote_buy(&thin, UINT32_MAX, 0, false, NULL, &s), SS_TX_OK);
    assert_true(s.out < thin.alpha_rao);
}

static void test_weighted_swaps(void **state)
{
    (void)state;
    /* With w_q != 1/2 the invariant x^wb y^wq holds across a swap (to rounding). */
    ss_pool p = {3000000000000ULL, 1000000000000ULL, 0.3};
    double k0 = 0.7 * log((double)p.alpha_rao) + 0.3 * log((double)p.tao_rao);
    ss_swap s;
    assert_int_equal(ss_pool_quote_buy(&p, 50000000000ULL, 0, false, &guard, &s), SS_TX_OK);
    ss_pool_apply_buy(&p, &s);
    double k1 = 0.7 * log((double)p.alpha_rao) + 0.3 * log((double)p.tao_rao);
    assert_true(k1 >= k0 - 1e-12); /* flooring the output can only raise it */
    assert_true(k1 - k0 < 1e-9);
    /* Small trades are priced at the spot price. */
    ss_pool q = {3000000000000ULL, 1000000000000ULL, 0.3};
    double price = ss_pool_price(&q);
    uint64_t out = ss_pool_alpha_for_tao(&q, 1000000);
    assert_float_equal((double)out, 1000000 / price, 2.0);
}

static void test_round_trip_loses_only_fees(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 12, 34);
    for (int i = 0; i < 2000; i++) {
        uint64_t y = 1000000000ULL + ss_pcg32_next(&r) * 1000ULL;
        uint64_t x = 1000000000ULL + ss_pcg32_next(&r) * 1000ULL;
        double w = i % 2 ? 0.5 : 0.2 + 0.6 * ss_rng_uniform(&r);
        ss_pool p = {y, x, w};
        uint64_t tao = 2000000 + ss_pcg32_bounded(&r, 1000000000);
        ss_swap b, s;
        assert_int_equal(ss_pool_quote_buy(&p, tao, 33, true, &guard, &b), SS_TX_OK);
        ss_pool_apply_buy(&p, &b);
        assert_int_equal(ss_pool_quote_sell(&p, b.out, 33, true, &guard, &s), SS_TX_OK);
        ss_pool_apply_sell(&p, &s);
        /* The trader gets back at most what was paid net of the fee, and loses
        ** no more than both fees plus rounding: one alpha rao is worth the
        ** price, so flooring costs up to about twice the price in TAO. */
        double price = (double)y / (double)x * (1.0 - w) / w;
        double rounding = 2.0 * (price > 1.0 ? price : 1.0) + 2.0;
        assert_true(s.out <= b.net_in);
        double sell_fee_tao = (double)s.fee * (double)b.net_in / (double)b.out;
        double loss = (double)(tao - s.out);
        assert_true(loss >= (double)b.fee);
        assert_true(loss <= (double)b.fee + sell_fee_tao + rounding);
        /* Without fees, the pool keeps every rao it had. */
        ss_pool p2 = {y, x, w};
        assert_int_equal(ss_pool_quote_buy(&p2, tao, 0, false, &guard, &b), SS_TX_OK);
        ss_pool_apply_buy(&p2, &b);
        assert_int_equal(ss_pool_quote_sell(&p2, b.out, 0, false, &guard, &s), SS_TX_OK);
        ss_pool_apply_sell(&p2, &s);
        assert_true(p2.tao_rao >= y && p2.alpha_rao == x);
        assert_true((double)(p2.tao_rao - y) <= rounding);
    }
}

static void test_limit_orders(void **state)
{
    (void)state;
    ss_pool p = {1000000000000ULL, 1000000000000ULL, 0.5};
    uint64_t gross;
    /* Buying up to 4x the price takes y((4)^(1/2) - 1) plus the fee. */
    assert_int_equal(ss_pool_max_buy_to_price(&p, 4000000000ULL, 33, &gross), SS_TX_OK);
    double expected = 1e12 + floor(1e12 * 33 / (65535 - 33));
    assert_float_equal((double)gross, expected, 2.0);
    /* Executing that buy lands at the limit. */
    ss_swap s;
    assert_int_equal(ss_pool_quote_buy(&p, gross, 33, true, &guard, &s), SS_TX_OK);
    ss_pool q = p;
    ss_pool_apply_buy(&q, &s);
    assert_float_equal(ss_pool_price(&q), 4.0, 1e-6);
    assert_int_equal(ss_pool_max_buy_to_price(&p, 1000000000ULL, 33, &gross), SS_TX_PRICE_LIMIT);
    assert_int_equal(ss_pool_max_buy_to_price(&p, 999999999ULL, 33, &gross), SS_TX_PRICE_LIMIT);
    /* Selling down to a quarter of the price. */
    assert_int_equal(ss_pool_max_sell_to_price(&p, 250000000ULL, 0, &gross), SS_TX_OK);
    assert_float_equal((double)gross, 1e12, 1.0);
    assert_int_equal(ss_pool_max_sell_to_price(&p, 1000000000ULL, 0, &gross), SS_TX_PRICE_LIMIT);
    /* Weighted pool: the buy limit still lands at the limit. */
    ss_pool w = {600000000000ULL, 1000000000000ULL, 0.3};
    double price = ss_pool_price(&w);
    uint64_t limit = (uint64_t)(price * 1.5e9);
    assert_int_equal(ss_pool_max_buy_to_price(&w, limit, 0, &gross), SS_TX_OK);
    assert_int_equal(ss_pool_quote_buy(&w, gross, 0, false, &guard, &s), SS_TX_OK);
    ss_pool_apply_buy(&w, &s);
    assert_float_equal(ss_pool_price(&w), limit / 1e9, 1e-6);
}

static void test_injection_weight(void **state)
{
    (void)state;
    ss_pool p = {1000000000000ULL, 4000000000000ULL, 0.5};
    double w;
    /* Proportional injection leaves the weight alone. */
    assert_true(ss_pool_injection_weight(&p, 1000000, 4000000, 0.01, 0.99, &w));
    assert_float_equal(w, 0.5, 1e-15);
    /* TAO only: the quote weight rises and the price holds. */
    assert_true(ss_pool_injection_weight(&p, 1000000000000ULL, 0, 0.01, 0.99, &w));
    assert_true(w > 0.5);
    ss_pool q = {2000000000000ULL, 4000000000000ULL, w};
    assert_float_equal(ss_pool_price(&q), 0.25, 1e-15);
    /* Too lopsided: refused. */
    assert_false(ss_pool_injection_weight(&p, 1000000000000000ULL, 0, 0.01, 0.99, &w));
    assert_false(ss_pool_injection_weight(&p, 0, 1000000000000000ULL, 0.01, 0.99, &w));
    /* Empty reserves: back to 1/2. */
    ss_pool e = {0, 0, 0.3};
    assert_true(ss_pool_injection_weight(&e, 5, 5, 0.01, 0.99, &w));
    assert_float_equal(w, 0.5, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_and_init),
        cmocka_unit_test(test_buy_exact_constant_product),
        cmocka_unit_test(test_sell),
        cmocka_unit_test(test_guards),
        cmocka_unit_test(test_weighted_swaps),
        cmocka_unit_test(test_round_trip_loses_only_fees),
        cmocka_unit_test(test_limit_orders),
        cmocka_unit_test(test_injection_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
