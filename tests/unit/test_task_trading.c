/*
** Tests of the trading task: the seeded price path, the accuracy and
** leverage of positions as set by quality, returns booked per period, the
** validator's view (missed periods, min_periods, the drawdown cut), the
** PTN risk metrics and percentile ranks on hand-made series, the ptn and
** pnl weights, and determinism.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "task_fixture.h"
#include "tasks/returns.h"

#define KIND "\"kind\":\"trading\""
#define YEAR_BLOCKS 2628000 /* 365 days of 7200 blocks */

static void block(task_fixture *f, uint64_t b)
{
    f->task.desc->on_block(&f->task, f->miners, b);
}

static void test_price_path_is_gbm(void **state)
{
    (void)state;
    task_fixture f;
    /* One-year periods: each move is N(drift - vol^2/2, vol); the price stays finite. */
    fixture_init(&f, KIND ",\"period_blocks\":2628000,\"drift\":0.2,\"volatility\":0.6",
                 "{\"count\":1}", 1);
    int price = fixture_metric(&f, "price");
    const int n = 20000;
    double last = 0, sum = 0, sq = 0;
    for (int p = 0; p <= n; p++) {
        block(&f, (uint64_t)p * YEAR_BLOCKS);
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 0, (uint64_t)p * YEAR_BLOCKS, &q, &a);
        double lp = log(a.metric[price]);
        if (p == 0)
            assert_float_equal(a.metric[price], 1, 0);
        else {
            sum += lp - last;
            sq += (lp - last) * (lp - last);
        }
        last = lp;
    }
    double mean = sum / n, sd = sqrt(sq / n - mean * mean);
    assert_true(fabs(mean - (0.2 - 0.18)) < 0.015);
    assert_true(fabs(sd / 0.6 - 1) < 0.02);
    fixture_fini(&f);
}

/* Share of periods in which each miner's position had the sign of the move's surprise. */
static void test_accuracy_follows_quality(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"period_blocks\":1,\"skill_edge\":0.2,\"drift\":0,"
                 "\"volatility\":0.6,\"min_leverage\":0.05,\"max_leverage\":0.4",
                 "{\"count\":1,\"quality\":0},{\"count\":1,\"quality\":0.5},"
                 "{\"count\":1,\"quality\":1}", 1);
    int position = fixture_metric(&f, "position"), price = fixture_metric(&f, "price");
    const int n = 20000;
    double dt = 1.0 / YEAR_BLOCKS, mean = -0.18 * dt;
    int right[3] = {0};
    double pos[3], before = 1;
    for (int p = 1; p <= n + 1; p++) {
        block(&f, (uint64_t)p);
        for (uint32_t k = 0; k < 3; k++) {
            ss_query q;
            ss_answer a;
            fixture_ask(&f, 0, k, (uint64_t)p, &q, &a);
            if (p > 1 && k == 0) {
                double move = log(a.metric[price] / before);
                for (int j = 0; j < 3; j++)
                    right[j] += (pos[j] > 0) == (move - mean > 0);
                before = a.metric[price];
            } else if (p == 1 && k == 0) {
                before = a.metric[price];
            }
            pos[k] = a.metric[position];
            assert_true(fabs(pos[k]) >= 0.05 - 1e-12 && fabs(pos[k]) <= 0.4 + 1e-12);
        }
    }
    const double expect[3] = {0.5, 0.6, 0.7};
    for (int j = 0; j < 3; j++)
        assert_true(fabs((double)right[j] / n - expect[j]) < 0.012);
    fixture_fini(&f);
}

static void test_returns_are_position_times_move_less_fees(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"period_blocks\":10,\"fee\":0.002,\"carry_fee\":0.2",
                 "{\"count\":2,\"quality\":0.7}", 1);
    int position = fixture_metric(&f, "position"), price = fixture_metric(&f, "price");
    int ret = fixture_metric(&f, "period_return"), window = fixture_metric(&f, "window_return");
    double dt = 10.0 / YEAR_BLOCKS;
    double prev_pos = 0, pos = 0, prev_price = 0, sum = 0;
    for (int p = 0; p < 50; p++) {
        block(&f, (uint64_t)p * 10);
        ss_query q;
        ss_answer a;
        fixture_ask(&f, 0, 1, (uint64_t)p * 10, &q, &a);
        if (p > 0) {
            double move = log(a.metric[price] / prev_price);
            double expect = pos * move - 0.002 * fabs(pos - prev_pos) - 0.2 * fabs(pos) * dt;
            assert_float_equal(a.metric[ret], expect, 1e-12);
            sum += expect;
            assert_float_equal(a.metric[window], sum, 1e-12);
        }
        prev_pos = pos;
        pos = a.metric[position];
        prev_price = a.metric[price];
    }
    fixture_fini(&f);
}

static void test_returns_metrics_by_hand(void **state)
{
    (void)state;
    /* Newest first. Expected values from the definitions in returns.h, computed apart. */
    const double r[] = {0.01, -0.02, 0.03, 0.0, 0.015};
    double x[SS_RET_METRICS];
    ss_returns_params p = {365, 0.0389, 0, 0.15, 0.045};
    ss__returns_metrics(&p, r, 5, x);
    assert_float_equal(x[SS_RET_CALMAR], 127.10449041600197, 1e-9);
    assert_float_equal(x[SS_RET_SHARPE], 7.0924976915066695, 1e-12);
    assert_float_equal(x[SS_RET_OMEGA], 2.75, 1e-12);
    assert_float_equal(x[SS_RET_SORTINO], 14.728677642990164, 1e-12);
    assert_float_equal(x[SS_RET_TSTAT], 0.8427009716003844, 1e-12);
    assert_float_equal(x[SS_RET_PNL], 0.035, 1e-12);
    assert_float_equal(ss__returns_max_drawdown(r, 5), 0.019801326693244747, 1e-15);
    ss_returns_params q = {52, 0.0389, 0.5, 0.2, 0.05};
    ss__returns_metrics(&q, r, 5, x);
    assert_float_equal(x[SS_RET_CALMAR], 12.501537797035075, 1e-9);
    assert_float_equal(x[SS_RET_SHARPE], 1.7921440019492565, 1e-12);
    assert_float_equal(x[SS_RET_OMEGA], 2.1491590561419245, 1e-12);
    assert_float_equal(x[SS_RET_SORTINO], 3.5105120212047725, 1e-12);
    assert_float_equal(x[SS_RET_PNL], 0.0121390093249678, 1e-12);
    /* The floors: no losses, no variance. */
    const double flat[] = {0.001, 0.001, 0.001};
    ss__returns_metrics(&p, flat, 3, x);
    double excess = 0.001 * 365 - log1p(0.0389);
    assert_float_equal(x[SS_RET_SHARPE], excess / 0.01, 1e-9);
    assert_float_equal(x[SS_RET_SORTINO], excess / 0.01, 1e-9);
    assert_float_equal(x[SS_RET_CALMAR], excess / 0.01, 1e-9);
    assert_float_equal(x[SS_RET_OMEGA], 0.003 / 0.01, 1e-12);
    assert_float_equal(x[SS_RET_TSTAT], 0, 0);
    assert_float_equal(ss__returns_max_drawdown(flat, 3), 0, 0);
}

static void test_percentile_ranks(void **state)
{
    (void)state;
    const double v[] = {3, 1, 2, 2, -5};
    double out[5];
    ss_rank_item items[5];
    ss__percentile_ranks(v, 5, items, out);
    const double expect[] = {1.0, 0.4, 0.7, 0.7, 0.2};
    for (int i = 0; i < 5; i++)
        assert_float_equal(out[i], expect[i], 1e-15);
    ss__percentile_ranks(v, 1, items, out);
    assert_float_equal(out[0], 1, 0);
}

/* Runs blocks from..to (periods of one block); validator 0 asks every miner in each. */
static void trade(task_fixture *f, int from, int to)
{
    for (int p = from; p <= to; p++) {
        block(f, (uint64_t)p);
        for (uint32_t k = 0; k < f->n_miners; k++) {
            ss_query q;
            ss_answer a;
            fixture_ask(f, 0, k, (uint64_t)p, &q, &a);
        }
    }
}

static void test_validator_view_and_eligibility(void **state)
{
    (void)state;
    task_fixture f;
    fixture_init(&f, KIND ",\"period_blocks\":1,\"min_periods\":10,\"lookback\":40",
                 "{\"count\":3,\"quality\":0.5},{\"count\":1,\"uptime\":0}", 2);
    double w[4], raw[4];
    trade(&f, 1, 9);
    /* 8 closed periods seen: not yet scored. */
    fixture_weights(&f, 0, w);
    for (int k = 0; k < 4; k++)
        assert_float_equal(w[k], 0, 0);
    trade(&f, 10, 40);
    fixture_weights(&f, 0, w);
    f.task.preset->weights(&f.task, 0, f.stats, f.uids, 4, raw);
    for (int k = 0; k < 3; k++) {
        assert_true(w[k] > 0);
        assert_true(raw[k] > 0 && raw[k] <= 1);
    }
    /* The miner that is always down was never seen. */
    assert_true(raw[3] == -INFINITY);
    assert_float_equal(w[3], 0, 0);
    /* Validator 1 never asked: it has nothing to score. */
    fixture_weights(&f, 1, w);
    for (int k = 0; k < 4; k++)
        assert_float_equal(w[k], 0, 0);
    fixture_fini(&f);
}

static void test_drawdown_cut(void **state)
{
    (void)state;
    /* Daily periods at 300 % volatility with full leverage: every miner loses 10 %
    ** somewhere in 60 days, so all are eliminated; with the cut at 100 % none is. */
    const char *tasks[] = {
        KIND ",\"volatility\":3,\"max_leverage\":1,\"min_leverage\":1,\"min_periods\":5",
        KIND ",\"volatility\":3,\"max_leverage\":1,\"min_leverage\":1,\"min_periods\":5,"
             "\"max_drawdown\":1",
    };
    for (int t = 0; t < 2; t++) {
        task_fixture f;
        fixture_init(&f, tasks[t], "{\"count\":5,\"quality\":0.2}", 1);
        for (int p = 1; p <= 60; p++) {
            block(&f, (uint64_t)p * 7200);
            for (uint32_t k = 0; k < 5; k++) {
                ss_query q;
                ss_answer a;
                fixture_ask(&f, 0, k, (uint64_t)p * 7200, &q, &a);
            }
        }
        double w[5], sum = 0;
        fixture_weights(&f, 0, w);
        for (int k = 0; k < 5; k++)
            sum += w[k];
        assert_float_equal(sum, t == 0 ? 0 : 1, 1e-12);
        fixture_fini(&f);
    }
}

static void test_skill_earns_weight(void **state)
{
    (void)state;
    const char *tasks[] = {
        KIND ",\"preset\":\"ptn\",\"period_blocks\":1,\"skill_edge\":0.3,\"fee\":0",
        KIND ",\"preset\":\"pnl\",\"period_blocks\":1,\"skill_edge\":0.3,\"fee\":0",
    };
    for (int t = 0; t < 2; t++) {
        task_fixture f;
        fixture_init(&f, tasks[t], "{\"count\":4,\"quality\":1},{\"count\":4,\"quality\":0}", 1);
        trade(&f, 1, 150);
        double w[8], good = 0, bad = 0, sum = 0;
        fixture_weights(&f, 0, w);
        for (int k = 0; k < 8; k++) {
            if (k < 4)
                good += w[k];
            else
                bad += w[k];
            sum += w[k];
        }
        assert_float_equal(sum, 1, 1e-12);
        assert_true(good > 0.8);
        assert_true(bad < good);
        fixture_fini(&f);
    }
}

static void test_market_is_shared_and_seeded(void **state)
{
    (void)state;
    task_fixture a, b;
    fixture_init(&a, KIND ",\"period_blocks\":1", "{\"count\":2}", 1);
    fixture_init(&b, KIND ",\"period_blocks\":1", "{\"count\":5,\"quality\":0.9}", 3);
    int price = fixture_metric(&a, "price"), position = fixture_metric(&a, "position");
    for (int p = 1; p < 200; p++) {
        block(&a, (uint64_t)p);
        block(&b, (uint64_t)p);
        ss_query q;
        ss_answer x, y;
        fixture_ask(&a, 0, 1, (uint64_t)p, &q, &x);
        fixture_ask(&b, 2, 4, (uint64_t)p, &q, &y);
        /* The price path depends on the seed and subnet only. */
        assert_float_equal(x.metric[price], y.metric[price], 0);
    }
    fixture_fini(&b);
    /* Positions depend on the seed and the miner, not on who asks. */
    fixture_init(&b, KIND ",\"period_blocks\":1", "{\"count\":2}", 1);
    task_fixture c;
    fixture_init(&c, KIND ",\"period_blocks\":1", "{\"count\":2}", 1);
    for (int p = 1; p < 100; p++) {
        block(&b, (uint64_t)p);
        block(&c, (uint64_t)p);
        ss_query q;
        ss_answer x, y;
        if (p % 3 == 0)
            fixture_ask(&b, 0, 0, (uint64_t)p, &q, &x);
        fixture_ask(&b, 0, 1, (uint64_t)p, &q, &x);
        fixture_ask(&c, 0, 1, (uint64_t)p, &q, &y);
        assert_float_equal(x.metric[position], y.metric[position], 0);
    }
    fixture_fini(&a);
    fixture_fini(&b);
    fixture_fini(&c);
}

static void test_check_rejects_bad_parameters(void **state)
{
    (void)state;
    const char *bad[] = {
        "{\"kind\":\"trading\",\"min_leverage\":2,\"max_leverage\":1}",
        "{\"kind\":\"trading\",\"lookback\":10,\"min_periods\":20}",
        "{\"kind\":\"trading\",\"period_blocks\":2.5}",
    };
    const char *expect[] = {"min_leverage", "min_periods", "whole number"};
    for (int i = 0; i < 3; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"blocks\":10,\"subnets\":[{\"task\":%s,\"validators\":[{\"count\":1}],"
                 "\"miners\":[{\"count\":1}]}]}", bad[i]);
        ss_scenario *sc;
        ss_error err;
        assert_int_equal(ss_scenario_parse(json, "bad.json", &sc, NULL, &err), SS_EINVAL);
        assert_non_null(strstr(err.msg, expect[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_path_is_gbm),
        cmocka_unit_test(test_accuracy_follows_quality),
        cmocka_unit_test(test_returns_are_position_times_move_less_fees),
        cmocka_unit_test(test_returns_metrics_by_hand),
        cmocka_unit_test(test_percentile_ranks),
        cmocka_unit_test(test_validator_view_and_eligibility),
        cmocka_unit_test(test_drawdown_cut),
        cmocka_unit_test(test_skill_earns_weight),
        cmocka_unit_test(test_market_is_shared_and_seeded),
        cmocka_unit_test(test_check_rejects_bad_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
