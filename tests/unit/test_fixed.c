/* Tests of the chain's fixed-point primitives (sim/consensus/fixed.h) and of
** the weighted median: the chain's pivot algorithm against the closed form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"
#include "subnetsim/consensus.h"
#include "subnetsim/rng.h"

static void test_mul_div_semantics(void **state)
{
    (void)state;
    /* multiplication floors, also for negative products */
    assert_int_equal(ss_fx_mul(-1, SS_FX_ONE / 2), -1);
    assert_int_equal(ss_fx_mul(3, SS_FX_ONE / 2), 1);
    /* division truncates toward zero; safe_div gives 0 on /0 and on overflow */
    assert_int_equal(ss_fx_sdiv(-3, 2 * SS_FX_ONE), -1);
    assert_int_equal(ss_fx_sdiv(SS_FX_ONE, 0), 0);
    assert_int_equal(ss_fx_sdiv(SS_FX_MAX, 1), 0);
    assert_int_equal(ss_fx_satdiv(SS_FX_MAX, 1), SS_FX_MAX);
    assert_int_equal(ss_fx_add(SS_FX_MAX, 1), SS_FX_MAX);
    assert_int_equal(ss_fx_sub(SS_FX_MIN, 1), SS_FX_MIN);
    int64_t r;
    assert_false(ss_fx_checked_mul(SS_FX_MAX, 2 * SS_FX_ONE, &r));
}

static void test_u16_conversions(void **state)
{
    (void)state;
    assert_int_equal(ss_fx_u16_prop(65535), SS_FX_ONE);
    assert_int_equal(ss_fx_prop_to_u16(SS_FX_ONE), 65535);
    assert_int_equal(ss_fx_prop_to_u16(SS_FX_ONE / 2), 32767);
    assert_int_equal(ss_fx_prop_to_u16(-SS_FX_ONE), 0);
    assert_int_equal(ss_fx_prop_to_u16(2 * SS_FX_ONE), 65535);
    /* from_num(f64) rounds half to even */
    assert_int_equal(ss_fx_from_f64(ldexp(2.5, -32)), 2);
    assert_int_equal(ss_fx_from_f64(ldexp(3.5, -32)), 4);
    assert_int_equal(ss_fx_from_f32(0.1), 429496736);
}

static void test_exp_and_sigmoid(void **state)
{
    (void)state;
    assert_int_equal(ss_fx_exp_safe(0), SS_FX_ONE);
    assert_int_equal(ss_fx_exp_safe(SS_FX_ONE), 11674931200LL);
    assert_int_equal(ss_fx_exp_safe(-20 * SS_FX_ONE), 8);
    assert_int_equal(ss_fx_exp_safe(-21 * SS_FX_ONE), 8);
    assert_int_equal(ss_fx_exp_safe(10 * SS_FX_ONE), 94602947905357LL);
    assert_int_equal(ss_fx_exp_safe(-5 * SS_FX_ONE), 28939262);
    assert_int_equal(ss_fx_exp_safe(5 * SS_FX_ONE), 637429664624LL);
    assert_int_equal(ss_fx_exp_safe(SS_FX_MAX), ss_fx_exp_safe(20 * SS_FX_ONE));
    /* sigmoid at its centre is exactly one half */
    assert_int_equal(ss_fx_sigmoid_safe(SS_FX_ONE / 2, 30 * SS_FX_ONE, SS_FX_ONE / 2),
                     SS_FX_ONE / 2);
}

static void test_max_upscale_and_limit(void **state)
{
    (void)state;
    uint16_t in[] = {0, 1, 2, 3, 4, 65533, 65535}, out[7];
    ss_weights_max_upscale(in, 7, out);
    assert_memory_equal(in, out, sizeof in);
    uint16_t a[] = {0, 1, 65534};
    ss_weights_max_upscale(a, 3, a);
    assert_int_equal(a[2], 65535);
    assert_int_equal(a[1], 1);
    uint16_t b[] = {1};
    ss_weights_max_upscale(b, 1, b);
    assert_int_equal(b[0], 65535);
    uint16_t z[] = {0, 0};
    ss_weights_max_upscale(z, 2, z);
    assert_int_equal(z[0] + z[1], 0);
    uint16_t w[] = {0, 65535, 65535};
    assert_false(ss_weights_check_max_limited(w, 3, 32767));
    assert_true(ss_weights_check_max_limited(w, 3, 32768));
    assert_true(ss_weights_check_max_limited(NULL, 0, 0));
}

/* The closed-form median of the epoch equals the chain's pivot algorithm on
** random columns with ties, zeros and any majority. */
static void test_median_closed_form_matches_pivot(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 7, 9);
    enum { N = 40 };
    int64_t stake[N], score[N], v[N], u[N], tv[N], tu[N];
    uint32_t idx[N], scratch[2 * N];
    for (int trial = 0; trial < 20000; trial++) {
        uint32_t n = 1 + ss_pcg32_bounded(&r, N);
        int64_t sum = 0;
        for (uint32_t i = 0; i < n; i++) {
            stake[i] = 1 + ss_pcg32_bounded(&r, 1000);
            sum += stake[i];
        }
        int64_t ssum = 0;
        for (uint32_t i = 0; i < n; i++) {
            stake[i] = ss_fx_sdiv(stake[i] * SS_FX_ONE, sum * SS_FX_ONE);
            ssum += stake[i];
            idx[i] = i;
        }
        uint32_t levels = 1 + ss_pcg32_bounded(&r, 6);
        uint32_t m = 0;
        for (uint32_t i = 0; i < n; i++) {
            /* few distinct levels make ties common; level 0 is a zero weight */
            score[i] = (int64_t)ss_pcg32_bounded(&r, levels) * (SS_FX_ONE / 7);
            if (score[i] > 0) {
                v[m] = score[i];
                u[m++] = stake[i];
            }
        }
        int64_t kappa = ss_fx_sdiv((int64_t)ss_pcg32_bounded(&r, 65536) << 32, SS_FX_U16MAX);
        int64_t minority = ss_fx_sub(ssum, kappa);
        int64_t a = ss__fx_weighted_median(stake, score, idx, n, minority, 0, ssum, scratch);
        int64_t b = ss__median_column_chain(v, u, m, n, ssum, minority, tv, tu);
        if (a != b)
            fail_msg("trial %d: pivot %lld closed form %lld", trial, (long long)a, (long long)b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mul_div_semantics),
        cmocka_unit_test(test_u16_conversions),
        cmocka_unit_test(test_exp_and_sigmoid),
        cmocka_unit_test(test_max_upscale_and_limit),
        cmocka_unit_test(test_median_closed_form_matches_pivot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
