/* Tests of the PCG32 generator, its draws and stream derivation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "subnetsim/rng.h"

/* The first outputs of the reference pcg32-demo for seed 42, stream 54. */
static void test_demo_sequence(void **state)
{
    (void)state;
    static const uint32_t expect[] = {
        0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu,
    };
    ss_pcg32 r;
    ss_pcg32_seed(&r, 42u, 54u);
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        assert_int_equal(ss_pcg32_next(&r), expect[i]);
}

static void test_bounded_in_range_and_unbiased(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 7u, 11u);
    uint32_t counts[6] = {0};
    const int n = 600000;
    for (int i = 0; i < n; i++) {
        uint32_t x = ss_pcg32_bounded(&r, 6);
        assert_true(x < 6);
        counts[x]++;
    }
    /* Each face expects 100000 with sd ~289; 6 sd is a generous bound. */
    for (int k = 0; k < 6; k++)
        assert_true(fabs((double)counts[k] - n / 6.0) < 6 * 289.0);
    assert_int_equal(ss_pcg32_bounded(&r, 1), 0);
}

static void test_uniform_moments(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 1u, 2u);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++) {
        double u = ss_rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    assert_true(fabs(mean - 0.5) < 0.005);
    assert_true(fabs(var - 1.0 / 12.0) < 0.002);
}

static void test_normal_moments(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 3u, 4u);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++) {
        double x = ss_rng_normal(&r, 2.0, 3.0);
        sum += x;
        sum2 += x * x;
    }
    double mean = sum / n, sd = sqrt(sum2 / n - mean * mean);
    assert_true(fabs(mean - 2.0) < 0.05);
    assert_true(fabs(sd - 3.0) < 0.05);
}

static void test_lognormal_median(void **state)
{
    (void)state;
    ss_pcg32 r;
    ss_pcg32_seed(&r, 5u, 6u);
    const int n = 100001;
    int below = 0;
    for (int i = 0; i < n; i++) {
        double x = ss_rng_lognormal(&r, log(250.0), 0.5);
        assert_true(x > 0.0);
        below += x < 250.0;
    }
    assert_true(fabs((double)below / n - 0.5) < 0.01);
}

static void test_streams_depend_on_key_not_order(void **state)
{
    (void)state;
    ss_pcg32 a, b, c, a2;
    ss_rng_stream(&a, 99, 1, 5, SS_RNG_ANSWER);
    ss_rng_stream(&b, 99, 1, 6, SS_RNG_ANSWER);
    ss_rng_stream(&c, 99, 1, 5, SS_RNG_LATENCY);
    /* Creating other streams in between changes nothing. */
    ss_rng_stream(&a2, 99, 1, 5, SS_RNG_ANSWER);
    for (int i = 0; i < 100; i++) {
        uint32_t xa = ss_pcg32_next(&a);
        assert_int_equal(xa, ss_pcg32_next(&a2));
        (void)ss_pcg32_next(&b);
        (void)ss_pcg32_next(&c);
    }
    ss_rng_stream(&a, 99, 1, 5, SS_RNG_ANSWER);
    ss_rng_stream(&b, 99, 1, 6, SS_RNG_ANSWER);
    ss_rng_stream(&c, 100, 1, 5, SS_RNG_ANSWER);
    int same_b = 0, same_c = 0;
    for (int i = 0; i < 100; i++) {
        uint32_t xa = ss_pcg32_next(&a);
        same_b += xa == ss_pcg32_next(&b);
        same_c += xa == ss_pcg32_next(&c);
    }
    assert_true(same_b < 3);
    assert_true(same_c < 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_sequence),
        cmocka_unit_test(test_bounded_in_range_and_unbiased),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_lognormal_median),
        cmocka_unit_test(test_streams_depend_on_key_not_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
