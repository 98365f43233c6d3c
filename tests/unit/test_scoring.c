/*
** Tests of the scoring pipeline: folding scores (NaN counts but is not
** folded), the transforms the presets use (power, softmax with eliminated
** miners, steepness), weight averaging and the validator's policy.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "tasks/scoring.h"

static void test_fold(void **state)
{
    (void)state;
    ss_miner_stats st;
    memset(&st, 0, sizeof st);
    ss_stats_fold(&st, 1.0, true, 0.5);
    ss_stats_fold(&st, 0.0, false, 0.5);
    assert_float_equal(st.ema, 0.25, 0);
    assert_float_equal(st.sum, 1.0, 0);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.total, 2);
    assert_int_equal(st.ok, 1);
    ss_stats_fold(&st, NAN, true, 0.5);
    assert_float_equal(st.ema, 0.25, 0);
    assert_float_equal(st.sum, 1.0, 0);
    assert_float_equal(st.last, 0.0, 0);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.total, 3);
    assert_int_equal(st.ok, 2);
    ss_scoring_config mean = {.aggregate = SS_AGG_MEAN};
    assert_float_equal(ss_stats_value(&st, &mean), 0.5, 0);
    ss_stats_new_window(&st, &mean);
    assert_int_equal(st.n, 0);
    assert_float_equal(ss_stats_value(&st, &mean), 0.5, 0); /* held over an empty window */
}

static void test_power_transform(void **state)
{
    (void)state;
    ss_scoring_config c = {.transform = SS_TRANSFORM_POWER, .power = 4};
    double w[] = {2, 1, -3, 0};
    ss_transform_apply(&c, w, 4);
    assert_float_equal(w[0], 16.0 / 17, 1e-15);
    assert_float_equal(w[1], 1.0 / 17, 1e-15);
    assert_float_equal(w[2], 0, 0);
    assert_float_equal(w[3], 0, 0);
}

static void test_softmax_and_elimination(void **state)
{
    (void)state;
    ss_scoring_config c = {.transform = SS_TRANSFORM_SOFTMAX, .temperature = 0.15};
    double w[] = {1, 0.5, -INFINITY, 0};
    ss_transform_apply(&c, w, 4);
    double e1 = exp(-0.5 / 0.15), e3 = exp(-1 / 0.15), s = 1 + e1 + e3;
    assert_float_equal(w[0], 1 / s, 1e-15);
    assert_float_equal(w[1], e1 / s, 1e-15);
    assert_float_equal(w[2], 0, 0);
    assert_float_equal(w[3], e3 / s, 1e-15);
    /* Everyone eliminated: no weights at all, not NaN. */
    double none[] = {-INFINITY, -INFINITY};
    ss_transform_apply(&c, none, 2);
    assert_float_equal(none[0], 0, 0);
    assert_float_equal(none[1], 0, 0);
    /* -INFINITY under the other transforms is no weight too. */
    ss_scoring_config plain = {.transform = SS_TRANSFORM_NONE};
    double v[] = {-INFINITY, 3, 1};
    ss_transform_apply(&plain, v, 3);
    assert_float_equal(v[0], 0, 0);
    assert_float_equal(v[1], 0.75, 1e-15);
}

static void test_steepness(void **state)
{
    (void)state;
    ss_scoring_config c = {.transform = SS_TRANSFORM_STEEPNESS, .steepness_p = 0.5};
    double w[] = {1, 3};
    ss_transform_apply(&c, w, 2);
    /* p = 0.5: exponent 100 * 0.5^6.644 = 0.998..., nearly linear. */
    double e = 100 * pow(0.5, 6.644);
    double a = pow(1.0 / 3, e);
    assert_float_equal(w[0], a / (a + 1), 1e-12);
}

static void test_policy_top_k_and_burn(void **state)
{
    (void)state;
    ss_validator_group g = {.top_k = 2, .sharpen = 1, .burn_fraction = 0.2};
    double w[] = {0.1, 0.4, 0.3, 0.2};
    double burn;
    ss_policy_apply(&g, w, 4, &burn);
    assert_float_equal(burn, 0.2, 0);
    assert_float_equal(w[0], 0, 0);
    assert_float_equal(w[1], 0.8 * 4 / 7, 1e-15);
    assert_float_equal(w[2], 0.8 * 3 / 7, 1e-15);
    assert_float_equal(w[3], 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_power_transform),
        cmocka_unit_test(test_softmax_and_elimination),
        cmocka_unit_test(test_steepness),
        cmocka_unit_test(test_policy_top_k_and_burn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
