/*
** Tests of the storage task: the query mix, success rates that follow
** held_fraction, quality and uptime, latency over log1p(size), the filetao
** preset's rewards, tiers and latency factor on hand-made answers, and
** determinism.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "task_fixture.h"

#define KIND "\"kind\":\"storage\""
#define SHARES(s, c, r, p) KIND ",\"store_share\":" #s ",\"challenge_share\":" #c \
                                ",\"retrieve_share\":" #r ",\"ping_share\":" #p
#define ONLY_STORE SHARES(1, 0, 0, 0)
#define ONLY_CHALLENGE SHARES(0, 1, 0, 0)
#define ONLY_RETRIEVE SHARES(0, 0, 1, 0)
#define ONLY_PING SHARES(0, 0, 0, 1)

enum { STORE, CHALLENGE, RETRIEVE, PING };

/* Share of successful answers to n queries of validator 0 to miner 0. */
static double success_rate(const char *task, const char *miners, int n)
{
    task_fixture f;
    fixture_init(&f, task, miners, 1);
    int success = fixture_metric(&f, "success");
    int ok = 0;
    for (int i = 0; i < n; i++) {
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
        ok += a.metric[success] > 0;
        assert_true((a.metric[success] > 0) == (!a.error && !a.timed_out));
    }
    fixture_fini(&f);
    return (double)ok / n;
}

static void test_success_follows_held_fraction_quality_and_uptime(void **state)
{
    (void)state;
    const int n = 20000;
    const double tol = 0.015;
    /* Half the data held: half the challenges and retrievals fail; stores succeed. */
    const char *half = "{\"count\":1,\"quality\":1,\"held_fraction\":0.5}";
    assert_true(fabs(success_rate(ONLY_CHALLENGE, half, n) - 0.5) < tol);
    assert_true(fabs(success_rate(ONLY_RETRIEVE, half, n) - 0.5) < tol);
    assert_true(fabs(success_rate(ONLY_STORE, half, n) - 1) < 1e-12);
    assert_true(fabs(success_rate(ONLY_PING, half, n) - 1) < 1e-12);
    /* Quality is the chance that held data comes back intact. */
    const char *q7 = "{\"count\":1,\"quality\":0.7,\"held_fraction\":0.8}";
    assert_true(fabs(success_rate(ONLY_CHALLENGE, q7, n) - 0.56) < tol);
    assert_true(fabs(success_rate(ONLY_STORE, q7, n) - 0.7) < tol);
    /* A miner down 30 % of the time misses 30 % of the pings. */
    const char *up7 = "{\"count\":1,\"quality\":1,\"uptime\":0.7}";
    assert_true(fabs(success_rate(ONLY_PING, up7, n) - 0.7) < tol);
    assert_true(fabs(success_rate(ONLY_CHALLENGE, up7, n) - 0.7) < tol);
    /* Capacity limits stores, challenges and retrievals, not pings. */
    const char *slow = "{\"count\":1,\"quality\":1,\"capacity\":0.25}";
    assert_true(fabs(success_rate(ONLY_CHALLENGE, slow, n) - 0.25) < tol);
    assert_true(fabs(success_rate(ONLY_PING, slow, n) - 1) < 1e-12);
}

static void test_query_mix(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND, "{\"count\":1}", 1);
    const int n = 20000;
    int count[4] = {0};
    for (int i = 0; i < n; i++) {
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
        assert_true(q.type < 4);
        count[q.type]++;
        assert_true(q.type == PING ? q.size == 0 : q.size >= 1);
    }
    const double expect[4] = {0.2, 0.5, 0.2, 0.1};
    for (int t = 0; t < 4; t++)
        assert_true(fabs((double)count[t] / n - expect[t]) < 0.015);
    fixture_fini(&f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void test_latency_over_log_size(void **state)
{
    (void)state;
    const char *tasks[] = {
        ONLY_CHALLENGE ",\"size_sigma\":0,\"size_median_bytes\":1048576,\"timeout_ms\":600000",
        ONLY_CHALLENGE ",\"size_sigma\":0,\"size_median_bytes\":1073741824,"
                          "\"timeout_ms\":600000",
    };
    const double expect[] = {1000, 1000 * log1p(1073741824.0) / log1p(1048576.0)};
    for (int t = 0; t < 2; t++) {
        task_fixture f;
        fixture_init(&f, tasks[t], "{\"count\":1,\"latency_ms\":1000,\"latency_sigma\":0.4}", 1);
        int norm = fixture_metric(&f, "latency_norm"), size = fixture_metric(&f, "size_bytes");
        enum { N = 4001 };
        static double lat[N];
        for (int i = 0; i < N; i++) {
            ss_query q;
            ss_answer a;
            fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
            lat[i] = a.latency_ms;
            assert_float_equal(a.metric[norm], a.latency_ms / log1p(a.metric[size]), 1e-9);
        }
        qsort(lat, N, sizeof *lat, cmp_double);
        assert_true(fabs(lat[N / 2] / expect[t] - 1) < 0.03);
        fixture_fini(&f);
    }
}

/* Scores a hand-made answer of miner k (validator 0). */
static double feed(task_fixture *f, uint32_t k, uint64_t block, int type, bool success,
                   double latency_norm)
{
    ss_query q = {0};
    ss_answer a = {0};
    q.block = block;
    q.miner = k;
    q.type = (uint32_t)type;
    q.size = type == PING ? 0 : 1048576;
    a.metric[fixture_metric(f, "type")] = type;
    a.metric[fixture_metric(f, "size_bytes")] = q.size;
    a.metric[fixture_metric(f, "success")] = success;
    a.metric[fixture_metric(f, "latency_norm")] = latency_norm;
    a.latency_ms = latency_norm * (type == PING ? 1 : log1p(q.size));
    a.error = !success;
    return fixture_score(f, &q, &a);
}

static void test_filetao_rewards(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"tier_count_scale\":0.01,\"counter_reset_blocks\":100",
                 "{\"count\":3}", 1);
    ss_miner_stats *st = &f.stats[0];
    assert_float_equal(feed(&f, 0, 1, PING, false, 50), -0.005, 0);
    assert_true(isnan(feed(&f, 0, 1, PING, true, 50)));
    /* A successful ping is counted but not folded into the score. */
    assert_int_equal(st->total, 2);
    assert_int_equal(st->n, 1);
    assert_float_equal(feed(&f, 0, 1, RETRIEVE, false, 50), -0.01, 0);
    assert_float_equal(feed(&f, 0, 1, CHALLENGE, false, 50), 0, 0);
    assert_float_equal(feed(&f, 0, 1, STORE, false, 50), 0, 0);
    /* Bronze; at the validator's mean latency the latency factor is 1. */
    assert_float_equal(feed(&f, 0, 1, CHALLENGE, true, 50), 0.6, 1e-12);

    /* Window 0 of miner 1: 97 of 100 (Wilson 0.915) but 97 < 100 successes: Diamond.
    ** Miner 2: 118 of 120, past 100 successes: the top tier. */
    for (int i = 0; i < 100; i++)
        feed(&f, 1, 50, CHALLENGE, i >= 3, 50);
    for (int i = 0; i < 120; i++)
        feed(&f, 2, 50, RETRIEVE, i >= 2, 50);
    assert_float_equal(feed(&f, 1, 150, CHALLENGE, true, 50), 0.9, 1e-12);
    assert_float_equal(feed(&f, 2, 150, STORE, true, 50), 1.0, 1e-12);
    /* Window 1 of miner 1: 70 of 100 (Wilson 0.604): Silver from window 2 on. */
    for (int i = 0; i < 99; i++)
        feed(&f, 1, 150, CHALLENGE, i >= 30, 50);
    assert_float_equal(feed(&f, 1, 250, CHALLENGE, true, 50), 0.7, 1e-12);
    fixture_fini(&f);
}

static void test_filetao_latency_factor(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND, "{\"count\":1}", 1);
    /* The validator's view: latencies 40 and 60 alternate (mean 50, sd 10). */
    for (int i = 0; i < 400; i++)
        feed(&f, 0, 1, CHALLENGE, true, i % 2 ? 40 : 60);
    double fast = feed(&f, 0, 1, CHALLENGE, true, 20) / 0.6;
    double slow = feed(&f, 0, 1, CHALLENGE, true, 80) / 0.6;
    double l0 = 1 - 1 / (1 + exp(7 * 0.3));
    assert_true(fast > 1 && fast < 2 / (1 + l0));
    assert_true(slow < 1 && slow > 1 / (1 + l0));
    fixture_fini(&f);
}

static void test_weights_follow_the_ema(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND, "{\"count\":3}", 1);
    for (int i = 0; i < 200; i++) {
        feed(&f, 0, 1, CHALLENGE, true, 50);
        feed(&f, 1, 1, CHALLENGE, i % 2, 50);
        feed(&f, 2, 1, RETRIEVE, false, 50);
    }
    double w[3];
    fixture_weights(&f, 0, w);
    double e0 = f.stats[0].ema, e1 = f.stats[1].ema;
    assert_true(f.stats[2].ema < 0);
    assert_float_equal(w[0], e0 / (e0 + e1), 1e-12);
    assert_float_equal(w[1], e1 / (e0 + e1), 1e-12);
    assert_float_equal(w[2], 0, 0);
    fixture_fini(&f);
}

static void test_same_seed_same_answers(void **state)
{
    (void)state;
    const char *miners = "{\"count\":3,\"uptime\":0.9,\"held_fraction\":0.7}";
    task_fixture a, b;
    fixture_init(&a, KIND, miners, 2);
    fixture_init(&b, KIND, miners, 2);
    for (int i = 0; i < 3000; i++) {
        ss_query qa, qb;
        ss_answer aa, ab;
        fixture_ask(&a, (uint32_t)i % 2, (uint32_t)i % 3, (uint64_t)i / 4, &qa, &aa);
        fixture_ask(&b, (uint32_t)i % 2, (uint32_t)i % 3, (uint64_t)i / 4, &qb, &ab);
        assert_memory_equal(&qa, &qb, sizeof qa);
        assert_memory_equal(&aa, &ab, sizeof aa);
        double sa = fixture_score(&a, &qa, &aa), sb = fixture_score(&b, &qb, &ab);
        assert_true(sa == sb || (isnan(sa) && isnan(sb)));
    }
    fixture_fini(&a);
    fixture_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success_follows_held_fraction_quality_and_uptime),
        cmocka_unit_test(test_query_mix),
        cmocka_unit_test(test_latency_over_log_size),
        cmocka_unit_test(test_filetao_rewards),
        cmocka_unit_test(test_filetao_latency_factor),
        cmocka_unit_test(test_weights_follow_the_ema),
        cmocka_unit_test(test_same_seed_same_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
