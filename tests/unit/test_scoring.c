/*
** The scoring pipeline: transforms and validator policy on hand-made vectors,
** and scoring functions written in scenarios (expressions, a plugin) driving
** whole runs.
*/
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "run_harness.h"
#include "tasks/scoring.h"

static void test_transforms(void **state)
{
    (void)state;
    ss_scoring_config c = {.transform = SS_TRANSFORM_NONE, .steepness_p = 0.7, .power = 4,
                           .temperature = 0.5};
    double w[4] = {1, 3, -2, 0};
    ss_transform_apply(&c, w, 4);
    assert_true(fabs(w[0] - 0.25) < 1e-12 && fabs(w[1] - 0.75) < 1e-12 && w[2] == 0);
    double p[3] = {1, 2, 4};
    c.transform = SS_TRANSFORM_POWER;
    ss_transform_apply(&c, p, 3);
    assert_true(fabs(p[2] / p[1] - 16) < 1e-9);
    double s[3] = {0.5, 1, 0.25};
    c.transform = SS_TRANSFORM_STEEPNESS; /* exponent 100 * 0.7^6.644 = 9.35 */
    ss_transform_apply(&c, s, 3);
    assert_true(fabs(s[0] / s[1] - pow(0.5, 100 * pow(0.7, 6.644))) < 1e-12);
    double m[2] = {0, log(3) * 0.5};
    c.transform = SS_TRANSFORM_SOFTMAX;
    ss_transform_apply(&c, m, 2);
    assert_true(fabs(m[1] / m[0] - 3) < 1e-12);
}

static void test_policy(void **state)
{
    (void)state;
    ss_validator_group g = {.sharpen = 1};
    double burn;
    double w[5] = {0.1, 0.4, 0.2, 0.2, 0.1};
    g.top_k = 2;
    ss_policy_apply(&g, w, 5, &burn);
    /* The two 0.2s tie for second place: the earlier miner keeps its weight. */
    assert_true(w[0] == 0 && w[4] == 0 && w[3] == 0);
    assert_true(fabs(w[1] - 0.4 / 0.6) < 1e-12 && fabs(w[2] - 0.2 / 0.6) < 1e-12);
    double v[3] = {0.2, 0.5, 0.3};
    g.top_k = 0;
    g.winner_takes_all = true;
    g.burn_fraction = 0.9;
    ss_policy_apply(&g, v, 3, &burn);
    assert_true(v[0] == 0 && v[2] == 0 && fabs(v[1] - 0.1) < 1e-12 && burn == 0.9);
    double z[2] = {0, 0};
    ss_policy_apply(&g, z, 2, &burn);
    assert_true(burn == 0 && z[0] == 0 && z[1] == 0);
    double sh[2] = {1, 2};
    ss_validator_group g2 = {.sharpen = 2};
    ss_policy_apply(&g2, sh, 2, &burn);
    assert_true(fabs(sh[1] - 0.8) < 1e-12);
}

static void test_fold_skips_unscored_answers(void **state)
{
    (void)state;
    ss_miner_stats st;
    memset(&st, 0, sizeof st);
    ss_stats_fold(&st, 1.0, true, 0.5);
    ss_stats_fold(&st, 0.0, false, 0.5);
    assert_true(st.ema == 0.25 && st.sum == 1.0 && st.n == 2 && st.total == 2 && st.ok == 1);
    /* NaN: an answer the scoring leaves unscored is counted, not folded. */
    ss_stats_fold(&st, NAN, true, 0.5);
    assert_true(st.ema == 0.25 && st.sum == 1.0 && st.last == 0.0 && st.n == 2);
    assert_true(st.total == 3 && st.ok == 2);
}

static void test_softmax_eliminates(void **state)
{
    (void)state;
    ss_scoring_config c = {.transform = SS_TRANSFORM_SOFTMAX, .temperature = 0.15};
    double w[4] = {1, 0.5, -INFINITY, 0};
    ss_transform_apply(&c, w, 4);
    double e1 = exp(-0.5 / 0.15), e3 = exp(-1 / 0.15), s = 1 + e1 + e3;
    assert_true(fabs(w[0] - 1 / s) < 1e-15 && fabs(w[1] - e1 / s) < 1e-15);
    assert_true(w[2] == 0 && fabs(w[3] - e3 / s) < 1e-15);
    /* Everyone eliminated: no weight at all, not NaN. */
    double none[2] = {-INFINITY, -INFINITY};
    ss_transform_apply(&c, none, 2);
    assert_true(none[0] == 0 && none[1] == 0);
    c.transform = SS_TRANSFORM_POWER;
    c.power = 4;
    double v[3] = {-INFINITY, 2, 1};
    ss_transform_apply(&c, v, 3);
    assert_true(v[0] == 0 && fabs(v[1] - 16.0 / 17) < 1e-15);
}

static const char *scored =
    "{\"blocks\": 2000, \"consensus\": {\"variant\": \"yuma3\"},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\", \"scoring\": {%s}},"
    "  \"validators\": [{\"count\": 4, \"stake_tao\": 10000, \"sample_size\": 8,"
    "   \"weights_every_blocks\": 100}],"
    "  \"miners\": [{\"count\": 20, \"quality\": {\"dist\": \"uniform\", \"min\": 0.1,"
    "   \"max\": 0.9}}]}]}";

static double corr_for(harness *h, const char *scoring)
{
    char text[4096];
    snprintf(text, sizeof text, scored, scoring);
    harness_run(h, text, 5, false);
    return harness_metric(h, "quality_incentive_rank_corr", NULL);
}

static void test_expressions_drive_runs(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    double plain = corr_for(h, "");
    double gini = harness_metric(h, "gini_emission", NULL);
    /* preset.score is exactly the preset's own score: the run is unchanged. */
    double same = corr_for(h, "\"expression\": \"preset.score\"");
    assert_true(same == plain);
    assert_true(harness_metric(h, "gini_emission", NULL) == gini);
    assert_true(plain > 0.8);
    /* Rewarding bad answers makes bad miners earn most. */
    double inverted = corr_for(h, "\"expression\": \"if(answer.ok > 0, 1 - answer.quality, 0)\"");
    print_message("rank correlation of quality and incentive: preset %.3f, inverted %.3f\n",
                  plain, inverted);
    assert_true(inverted < -0.8);
    free(h);
}

/* Storage leaves successful pings unscored (NaN); "preset.score" must leave them so. */
static void test_expression_keeps_unscored_answers(void **state)
{
    (void)state;
    static const char *storage =
        "{\"blocks\": 1500, \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
        "  \"task\": {\"kind\": \"storage\", \"tier_count_scale\": 0.01, \"scoring\": {%s}},"
        "  \"validators\": [{\"count\": 3, \"stake_tao\": 10000, \"sample_size\": 8}],"
        "  \"miners\": [{\"count\": 20, \"quality\": {\"dist\": \"uniform\", \"min\": 0.5,"
        "   \"max\": 1}, \"uptime\": 0.9}]}]}";
    harness *h = calloc(1, sizeof *h);
    char text[4096];
    snprintf(text, sizeof text, storage, "");
    harness_run(h, text, 3, false);
    double plain = harness_metric(h, "quality_incentive_rank_corr", NULL);
    double gini = harness_metric(h, "gini_emission", NULL);
    snprintf(text, sizeof text, storage, "\"expression\": \"preset.score\"");
    harness_run(h, text, 3, false);
    assert_true(harness_metric(h, "quality_incentive_rank_corr", NULL) == plain);
    assert_true(harness_metric(h, "gini_emission", NULL) == gini);
    assert_true(plain > 0.5);
    free(h);
}

static void test_plugin_drives_runs(void **state)
{
    (void)state;
    const char *path = getenv("SS_PLUGIN_EXAMPLE");
    assert_non_null(path);
    harness *h = calloc(1, sizeof *h);
    char scoring[1024];
    snprintf(scoring, sizeof scoring, "\"plugin\": \"%s\", \"plugin_config\": "
             "\"sharpness=2 latency_budget_ms=2000 history_bonus=0.1\"", path);
    double corr = corr_for(h, scoring);
    print_message("rank correlation of quality and incentive under the example plugin: %.3f\n",
                  corr);
    assert_true(corr > 0.8);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transforms),
        cmocka_unit_test(test_policy),
        cmocka_unit_test(test_fold_skips_unscored_answers),
        cmocka_unit_test(test_softmax_eliminates),
        cmocka_unit_test(test_expression_keeps_unscored_answers),
        cmocka_unit_test(test_expressions_drive_runs),
        cmocka_unit_test(test_plugin_drives_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
