/*
** Tests of the inference task: the answer model's error rates, latency and
** quality statistics, the nineteen and targon2024 presets on hand-made
** answers, and determinism.
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

#define KIND "\"kind\":\"inference\""

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void test_down_miners_answer_500(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"timeout_ms\":3600000",
                 "{\"count\":1,\"quality\":0.8,\"uptime\":0.7}", 1);
    int status = fixture_metric(&f, "status");
    const int n = 20000;
    int down = 0, other = 0;
    for (int i = 0; i < n; i++) {
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
        down += a.metric[status] == 500;
        other += a.metric[status] != 500 && a.metric[status] != 200;
        assert_true(a.error == (a.metric[status] == 500));
    }
    assert_true(fabs((double)down / n - 0.3) < 0.015);
    assert_int_equal(other, 0);
    fixture_fini(&f);
}

static void test_over_capacity_answers_429(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"timeout_ms\":3600000", "{\"count\":1,\"capacity\":1.5}", 1);
    int status = fixture_metric(&f, "status");
    const int blocks = 5000;
    int served = 0, limited = 0;
    for (int b = 0; b < blocks; b++)
        for (int i = 0; i < 3; i++) {
            ss_query q;
            ss_answer a;
            fixture_ask(&f, 0, 0, (uint64_t)b, &q, &a);
            served += a.metric[status] == 200;
            limited += a.metric[status] == 429;
            /* The first query of a block always fits a capacity of 1.5. */
            if (i == 0)
                assert_true(a.metric[status] == 200);
            if (i == 2)
                assert_true(a.metric[status] == 429);
        }
    assert_true(fabs((double)served / (3 * blocks) - 0.5) < 0.02);
    assert_int_equal(served + limited, 3 * blocks);
    fixture_fini(&f);
}

static void test_latency_scales_with_tokens(void **state)
{
    (void)state;
    const char *tasks[] = {
        KIND ",\"tokens_median\":100,\"tokens_sigma\":0,\"ref_tokens\":100,\"timeout_ms\":60000",
        KIND ",\"tokens_median\":400,\"tokens_sigma\":0,\"ref_tokens\":100,\"timeout_ms\":60000",
    };
    const double expect[] = {800, 3200};
    for (int t = 0; t < 2; t++) {
        task_fixture f;
        fixture_init(&f, tasks[t],
                     "{\"count\":1,\"latency_ms\":800,\"latency_sigma\":0.3}", 1);
        int tps = fixture_metric(&f, "tokens_per_s");
        enum { N = 4001 };
        static double lat[N], speed[N];
        for (int i = 0; i < N; i++) {
            ss_query q;
            ss_answer a;
            fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
            lat[i] = a.latency_ms;
            speed[i] = a.metric[tps];
        }
        assert_true(fabs(median(lat, N) / expect[t] - 1) < 0.03);
        /* Speed is the miner's, whatever the query's size: 100 tokens per 0.8 s. */
        assert_true(fabs(median(speed, N) / 125 - 1) < 0.03);
        fixture_fini(&f);
    }
}

static void test_timeouts(void **state)
{
    (void)state;
    task_fixture f;
    /* Median 1000 ms, sigma 1: P(latency >= 2000 ms) = 1 - Phi(ln 2) = 0.244. */
    fixture_init(&f, KIND ",\"tokens_median\":100,\"tokens_sigma\":0,\"timeout_ms\":2000",
                 "{\"count\":1,\"latency_ms\":1000,\"latency_sigma\":1}", 1);
    int status = fixture_metric(&f, "status");
    const int n = 20000;
    int late = 0;
    for (int i = 0; i < n; i++) {
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
        late += a.timed_out;
        assert_true(a.timed_out == (a.metric[status] == 504));
        assert_true(a.latency_ms <= 2000);
    }
    assert_true(fabs((double)late / n - 0.244) < 0.015);
    fixture_fini(&f);
}

static void test_quality_checks_and_verification(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"check_fraction\":0.25,\"verify_threshold\":0.5",
                 "{\"count\":1,\"quality\":0.5,\"answer_noise\":0.1}", 1);
    int quality = fixture_metric(&f, "quality"), checked = fixture_metric(&f, "checked");
    int verified = fixture_metric(&f, "verified");
    const int n = 20000;
    double sum = 0;
    int nc = 0, nv = 0;
    for (int i = 0; i < n; i++) {
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)i, &q, &a);
        sum += a.metric[quality];
        nc += a.metric[checked] > 0;
        nv += a.metric[verified] > 0;
        assert_true(a.utility == a.metric[quality]);
    }
    assert_true(fabs(sum / n - 0.5) < 0.005);
    assert_true(fabs((double)nc / n - 0.25) < 0.015);
    assert_true(fabs((double)nv / n - 0.5) < 0.015);
    fixture_fini(&f);
}

/* Feeds a hand-made answer of miner k (validator 0) at block. */
static void feed(task_fixture *f, uint32_t k, uint64_t block, double status, double quality,
                 bool checked, double tps)
{
    ss_query q = {0};
    ss_answer a = {0};
    q.block = block;
    q.miner = k;
    q.stake_share = 0.5;
    q.size = 100;
    a.metric[fixture_metric(f, "status")] = status;
    a.metric[fixture_metric(f, "tokens")] = 100;
    a.metric[fixture_metric(f, "tokens_per_s")] = status == 200 ? tps : 0;
    a.latency_ms = 100 / tps * 1000;
    a.metric[fixture_metric(f, "quality")] = quality;
    a.metric[fixture_metric(f, "checked")] = status == 200 && checked;
    a.metric[fixture_metric(f, "verified")] = status == 200 && quality >= 0.5;
    a.metric[fixture_metric(f, "capacity")] = 1000;
    a.error = status == 429 || status == 500;
    a.timed_out = status == 504;
    fixture_score(f, &q, &a);
}

static void raw_weights(task_fixture *f, double *w)
{
    f->task.preset->weights(&f->task, 0, f->stats, f->uids, f->n_miners, w);
}

static void test_nineteen_quality_speed_and_periods(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"preset\":\"nineteen\",\"period_blocks\":100",
                 "{\"count\":3}", 1);
    /* Miner 0: quality 0.9 (0.9^1.5 = 0.854 > 0.85, kept), slow. Miner 1: quality 0.7
    ** (0.7^1.5 = 0.586 <= 0.85, squared), fast. Miner 2: never answers. */
    for (int i = 0; i < 10; i++) {
        feed(&f, 0, 10, 200, 0.9, true, 100);
        feed(&f, 1, 10, 200, 0.7, true, 400);
    }
    /* Period 2 (two periods later): miner 0 is down half the time. */
    for (int i = 0; i < 10; i++) {
        feed(&f, 0, 250, i % 2 ? 500 : 200, 0.9, false, 100);
        feed(&f, 1, 250, 200, 0.7, false, 400);
    }
    double w[3];
    raw_weights(&f, w);
    double u = 1 - 1 / (1000 * 0.5);
    double r500 = 1 - 0.5 * u;
    double open0 = 0.5 * r500 * r500;
    /* The first period, two periods old, weighs 0.5^2 of its 10 queries. */
    double avg0 = (2.5 * 1 + 10 * open0) / (2.5 + 10);
    double young = 0.25; /* 2 periods of history <= 8 */
    double q0 = pow(0.9, 1.5), q1 = pow(pow(0.7, 1.5), 2);
    assert_float_equal(w[0], q0 * (1 - 0.25) * avg0 * young * 1000, 1e-9);
    assert_float_equal(w[1], q1 * (1 + 0.25) * 1 * young * 1000, 1e-9);
    assert_float_equal(w[2], 0, 0);

    /* After the transform: normalise, ^4, normalise. */
    double t[3];
    fixture_weights(&f, 0, t);
    double a4 = pow(w[0], 4), b4 = pow(w[1], 4);
    assert_float_equal(t[0], a4 / (a4 + b4), 1e-12);
    assert_float_equal(t[1], b4 / (a4 + b4), 1e-12);
    fixture_fini(&f);
}

static void test_nineteen_capacity_honesty(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"preset\":\"nineteen\",\"period_blocks\":100,\"min_periods\":0",
                 "{\"count\":2}", 1);
    /* Same quality; miner 1 is faster but answers 429 to 4 of 10 queries although
    ** the validator used a tiny part of its declared capacity. */
    for (int i = 0; i < 10; i++) {
        feed(&f, 0, 5, 200, 0.95, true, 100);
        feed(&f, 1, 5, i < 4 ? 429 : 200, 0.95, true, 150);
    }
    double w[2];
    raw_weights(&f, w);
    double u = 1 - 1 / (1000 * 0.5);
    double p1 = 0.6 * (1 - 0.4 * u);
    double q = pow(0.95, 1.5);
    assert_float_equal(w[0], q * 0.75 * 1 * 1000, 1e-9);
    assert_float_equal(w[1], q * 1.25 * p1 * 1000, 1e-9);
    assert_true(w[1] < w[0]);
    fixture_fini(&f);
}

static void test_targon_rate_sigmoid_and_minmax(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"preset\":\"targon2024\"", "{\"count\":3}", 1);
    /* Miner 0: always verified at 100 tokens/s. Miner 1: verified every other
    ** query at 200 tokens/s. Miner 2: never verified. */
    double rate1 = 0;
    for (int i = 0; i < 40; i++) {
        feed(&f, 0, (uint64_t)i, 200, 0.9, false, 100);
        feed(&f, 1, (uint64_t)i, 200, i % 2 ? 0.2 : 0.9, false, 200);
        feed(&f, 2, (uint64_t)i, 200, 0.2, false, 300);
        /* The response rate: a running mean over the last 15 (EMA 2/16 after 15). */
        double a = fmax(1.0 / (i + 1), 2.0 / 16);
        rate1 += a * ((i % 2 ? 0 : 1) - rate1);
    }
    double w[3];
    raw_weights(&f, w);
    double x0 = 100 / (1 + exp(-(1 - 0.5) / 0.1));
    double x1 = 200 / (1 + exp(-(rate1 - 0.5) / 0.1));
    double hi = fmax(x0, x1);
    assert_float_equal(w[0], x0 / hi, 1e-9);
    assert_float_equal(w[1], x1 / hi, 1e-9);
    assert_float_equal(w[2], 0, 0);
    /* Half the answers verified is about the sigmoid's centre: speed counts half. */
    assert_true(w[1] < w[0]);
    fixture_fini(&f);
}

static void test_same_seed_same_answers(void **state)
{
    (void)state;
    const char *miners = "{\"count\":4,\"uptime\":0.9,\"capacity\":1.2}";
    const char *task = KIND ",\"timeout_ms\":3600000";
    task_fixture a, b;
    fixture_init(&a, task, miners, 2);
    fixture_init(&b, task, miners, 2);
    for (int i = 0; i < 2000; i++) {
        ss_query qa, qb;
        ss_answer aa, ab;
        fixture_ask(&a, (uint32_t)i % 2, (uint32_t)i % 4, (uint64_t)i / 3, &qa, &aa);
        fixture_ask(&b, (uint32_t)i % 2, (uint32_t)i % 4, (uint64_t)i / 3, &qb, &ab);
        assert_memory_equal(&qa, &qb, sizeof qa);
        assert_memory_equal(&aa, &ab, sizeof aa);
    }
    /* A miner's answers do not depend on who else was asked: miner 0 alone. */
    task_fixture c;
    fixture_init(&c, task, miners, 2);
    task_fixture d;
    fixture_init(&d, task, miners, 2);
    for (int i = 0; i < 500; i++) {
        ss_query q;
        ss_answer x, y;
        fixture_ask(&c, 0, 0, (uint64_t)i, &q, &x);
        fixture_ask(&d, 0, 3, (uint64_t)i, &q, &y);
        fixture_ask(&d, 0, 0, (uint64_t)i, &q, &y);
        assert_true(x.error == y.error);
        assert_float_equal(x.utility, y.utility, 0);
    }
    fixture_fini(&a);
    fixture_fini(&b);
    fixture_fini(&c);
    fixture_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_down_miners_answer_500),
        cmocka_unit_test(test_over_capacity_answers_429),
        cmocka_unit_test(test_latency_scales_with_tokens),
        cmocka_unit_test(test_timeouts),
        cmocka_unit_test(test_quality_checks_and_verification),
        cmocka_unit_test(test_nineteen_quality_speed_and_periods),
        cmocka_unit_test(test_nineteen_capacity_honesty),
        cmocka_unit_test(test_targon_rate_sigmoid_and_minmax),
        cmocka_unit_test(test_same_seed_same_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
