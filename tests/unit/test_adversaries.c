/*
** Adversaries against their countermeasures: the directions the issue asks
** for, each over several seeds, run in memory (the whale against kappa, the
** lottery trader against the drawdown cut among them).
*/
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "run_harness.h"

#define SEEDS 3

/* A moving subnet (miners' quality drifts), six honest validators and a 5% weight copier. */
static const char *copier_scenario =
    "{\"blocks\": 6000, \"consensus\": {\"variant\": \"yuma3\", \"commit_reveal\": %s},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\"},"
    "  \"validators\": ["
    "   {\"count\": 2, \"stake_tao\": 30000, \"sample_size\": 6, \"observation_noise\": 0.05,"
    "    \"weights_every_blocks\": 100},"
    "   {\"count\": 4, \"stake_tao\": 10000, \"sample_size\": 6, \"observation_noise\": 0.05,"
    "    \"weights_every_blocks\": 100},"
    "   {\"count\": 1, \"stake_tao\": 5000, \"adversary\": {\"kind\": \"weight_copier\"}}],"
    "  \"miners\": [{\"count\": 30, \"quality\": {\"dist\": \"uniform\", \"min\": 0.1,"
    "   \"max\": 0.9}, \"quality_walk_sd\": 0.08}]}]}";

static void test_weight_copier_against_commit_reveal(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    char text[4096];
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        snprintf(text, sizeof text, copier_scenario, "false");
        harness_run(h, text, seed, false);
        double g_open = harness_metric(h, "copier_dividend_ratio", NULL);
        snprintf(text, sizeof text, copier_scenario, "true");
        harness_run(h, text, seed, false);
        double g_cr = harness_metric(h, "copier_dividend_ratio", NULL);
        print_message("seed %llu: copier G without commit-reveal %.3f, with %.3f\n",
                      (unsigned long long)seed, g_open, g_cr);
        /* Without commit-reveal copying the consensus is at least as good as honest work. */
        assert_true(g_open >= 1.0);
        /* With a reveal delay of a tempo the copier copies stale weights and falls behind. */
        assert_true(g_cr < 0.97);
    }
    free(h);
}

/* Six honest validators; a cabal of two holding the given stake each, weighting its own miners. */
static const char *cabal_scenario =
    "{\"blocks\": 3000, \"consensus\": {\"variant\": \"yuma3\"},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\"},"
    "  \"validators\": ["
    "   {\"count\": 6, \"stake_tao\": 10000, \"sample_size\": 6, \"weights_every_blocks\": 100},"
    "   {\"count\": 2, \"stake_tao\": %d, \"sample_size\": 6, \"weights_every_blocks\": 100,"
    "    \"adversary\": {\"kind\": \"cabal\", \"cabal\": \"c\", \"self_weight\": 1.0}}],"
    "  \"miners\": [{\"count\": 24, \"quality\": {\"dist\": \"uniform\", \"min\": 0.3,"
    "   \"max\": 0.9}},"
    "   {\"count\": 6, \"quality\": 0.3, \"adversary\": {\"kind\": \"cabal_miner\","
    "    \"cabal\": \"c\"}}]}]}";

static void test_cabal_below_half_cannot_lift_consensus(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    char text[4096];
    h->skip_epochs = 5;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        snprintf(text, sizeof text, cabal_scenario, 19000); /* 39% of the stake */
        harness_run(h, text, seed, true);
        double base = harness_kind_consensus(h, "cabal_miner");
        harness_run(h, text, seed, false);
        double attack = harness_kind_consensus(h, "cabal_miner");
        double emission = harness_metric(h, "adversary_emission_share", NULL);
        double stake = harness_metric(h, "adversary_stake_share", NULL);
        print_message("seed %llu, cabal 39%%: cabal miners' consensus %.4f (baseline %.4f), "
                      "cabal emission share %.3f for stake share %.3f\n",
                      (unsigned long long)seed, attack, base, emission, stake);
        assert_true(stake < 0.5);
        /* Clipping holds their consensus at what the honest majority gives them ... */
        assert_true(attack <= 1.2 * base);
        /* ... and the cabal as a whole earns less than its stake. */
        assert_true(emission < stake);

        snprintf(text, sizeof text, cabal_scenario, 40000); /* 57%: a majority */
        harness_run(h, text, seed, false);
        double major = harness_kind_consensus(h, "cabal_miner");
        emission = harness_metric(h, "adversary_emission_share", NULL);
        stake = harness_metric(h, "adversary_stake_share", NULL);
        print_message("seed %llu, cabal 57%%: cabal miners' consensus %.4f, emission share %.3f\n",
                      (unsigned long long)seed, major, emission);
        assert_true(stake > 0.5);
        assert_true(major > 3 * base);
        assert_true(emission > stake);
    }
    free(h);
}

static const char *miner_scenario =
    "{\"blocks\": 2000, \"consensus\": {\"variant\": \"yuma3\"},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\", \"timeout_ms\": 12000,"
    "   \"latency_target_ms\": 1000, \"latency_weight\": 0.8, \"organic_fraction\": %s},"
    "  \"validators\": [{\"count\": 4, \"stake_tao\": 10000, \"sample_size\": 8,"
    "   \"weights_every_blocks\": 100, \"trust_reported_latency\": %s}],"
    "  \"miners\": [{\"count\": 20, \"quality\": {\"dist\": \"uniform\", \"min\": 0.2,"
    "   \"max\": 0.8}, \"latency_ms\": 800},"
    "   {\"count\": 2, \"quality\": 0.05, \"latency_ms\": %s, \"adversary\": %s}]}]}";

static double adversary_gain(harness *h, const char *organic, const char *trust,
                             const char *latency, const char *adversary, uint64_t seed)
{
    char text[4096];
    snprintf(text, sizeof text, miner_scenario, organic, trust, latency, adversary);
    harness_run(h, text, seed, true);
    double base = harness_metric(h, "gini_emission", NULL); /* keeps the run honest */
    (void)base;
    double honest = 0, attack = 0;
    for (uint32_t i = 0; i < h->n; i++)
        if (h->role[i][0] == 'm' && h->quality[i] == 0.05)
            honest += h->miner_paid[i];
    harness_run(h, text, seed, false);
    for (uint32_t i = 0; i < h->n; i++)
        if (h->role[i][0] == 'm' && h->quality[i] == 0.05)
            attack += h->miner_paid[i];
    return attack / (honest > 0 ? honest : 1);
}

static void test_output_copier_relays_the_best_miner(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        double gain = adversary_gain(h, "0", "false", "800",
                                     "{\"kind\": \"output_copier\", \"lag_ms\": 300}", seed);
        double slow = adversary_gain(h, "0", "false", "800",
                                     "{\"kind\": \"output_copier\", \"lag_ms\": 11500}", seed);
        print_message("seed %llu: relay gain %.1fx, with a relay lag near the timeout %.1fx\n",
                      (unsigned long long)seed, gain, slow);
        assert_true(gain > 3);       /* a zero-quality miner earns like the best one */
        assert_true(slow < gain / 2); /* latency scoring is the countermeasure */
    }
    free(h);
}

static void test_latency_spoofer_needs_trusting_validators(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    const char *spoof = "{\"kind\": \"latency_spoofer\", \"reported_offset_ms\": 9000}";
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        double trusted = adversary_gain(h, "0", "true", "10000", spoof, seed);
        double measured = adversary_gain(h, "0", "false", "10000", spoof, seed);
        print_message("seed %llu: spoofer gain %.2fx when validators trust reported latency, "
                      "%.2fx when they measure it\n", (unsigned long long)seed, trusted, measured);
        assert_true(trusted > 1.3);
        assert_true(fabs(measured - 1) < 0.05);
    }
    free(h);
}

static void test_overfitter_beaten_by_organic_queries(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    const char *over = "{\"kind\": \"overfitter\", \"p_detect\": 0.9, "
                       "\"quality_synthetic\": 0.9, \"quality_organic\": 0.05}";
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        double synthetic = adversary_gain(h, "0", "false", "800", over, seed);
        double mixed = adversary_gain(h, "0.7", "false", "800", over, seed);
        print_message("seed %llu: overfitter gain %.1fx on synthetic queries, %.1fx with 70%% "
                      "organic queries\n", (unsigned long long)seed, synthetic, mixed);
        assert_true(synthetic > 3);
        assert_true(mixed < synthetic / 2);
    }
    free(h);
}

static const char *lazy_scenario =
    "{\"blocks\": 5000, \"consensus\": {\"variant\": \"yuma3\"},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\"},"
    "  \"validators\": ["
    "   {\"count\": 6, \"stake_tao\": 10000, \"sample_size\": 6, \"weights_every_blocks\": 100},"
    "   {\"count\": 1, \"stake_tao\": 10000, \"sample_size\": 6, \"weights_every_blocks\": 100,"
    "    \"adversary\": {\"kind\": \"lazy\", \"frozen_after_block\": 1000}}],"
    "  \"miners\": [{\"count\": 24, \"quality\": {\"dist\": \"uniform\", \"min\": 0.1,"
    "   \"max\": 0.9}, \"quality_walk_sd\": 0.08}]}]}";

static void test_lazy_validator_falls_behind(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        harness_run(h, lazy_scenario, seed, false);
        double g = harness_metric(h, "adversary_dividend_ratio", NULL);
        print_message("seed %llu: frozen validator's dividend ratio %.3f\n",
                      (unsigned long long)seed, g);
        assert_true(g < 0.95);
    }
    free(h);
}

/* Four honest validators with 40,000 alpha; a whale biased by b toward six miners of its own. */
static const char *whale_scenario =
    "{\"blocks\": 2000, \"consensus\": {\"variant\": \"yuma3\", \"mode\": \"float\"},"
    " \"subnets\": [{\"tempo\": 100, \"max_uids\": 64,"
    "  \"task\": {\"kind\": \"text\", \"preset\": \"quality_latency\","
    "   \"scoring\": {\"transform\": \"none\"}},"
    "  \"validators\": ["
    "   {\"count\": 4, \"stake_tao\": 10000, \"observe\": \"direct\","
    "    \"observation_noise\": 0.05},"
    "   {\"count\": 1, \"stake_tao\": %d, \"observe\": \"direct\", \"observation_noise\": 0.05,"
    "    \"adversary\": {\"kind\": \"cabal\", \"cabal\": \"whale\", \"self_weight\": %g}}],"
    "  \"miners\": [{\"count\": 24, \"quality\": {\"dist\": \"uniform\", \"min\": 0.2,"
    "   \"max\": 0.9}},"
    "   {\"count\": 6, \"quality\": 0.3, \"adversary\": {\"kind\": \"cabal_miner\","
    "    \"cabal\": \"whale\"}}]}]}";

static void test_whale_incentive_error_rises_with_bias_above_kappa(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    char text[4096];
    static const double bias[] = {0, 0.25, 0.5, 0.75};
    static const int stake[] = {60000, 26667}; /* 60% and 40% of the stake */
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        double err[2][4];
        for (int s = 0; s < 2; s++)
            for (int b = 0; b < 4; b++) {
                snprintf(text, sizeof text, whale_scenario, stake[s], bias[b]);
                harness_run(h, text, seed, false);
                err[s][b] = harness_metric(h, "incentive_error", NULL);
            }
        print_message("seed %llu: incentive error at b = 0, .25, .5, .75: whale with 60%% "
                      "%.3f %.3f %.3f %.3f; with 40%% %.3f %.3f %.3f %.3f\n",
                      (unsigned long long)seed, err[0][0], err[0][1], err[0][2], err[0][3],
                      err[1][0], err[1][1], err[1][2], err[1][3]);
        /* Above kappa the whale's bias is the consensus: the error grows with it ... */
        for (int b = 1; b < 4; b++)
            assert_true(err[0][b] > err[0][b - 1] + 0.1);
        /* ... below, clipping holds its miners at the honest consensus. */
        for (int b = 1; b < 4; b++)
            assert_true(err[1][b] >= err[1][b - 1] - 0.01);
        assert_true(err[1][3] - err[1][0] < 0.25 * (err[0][3] - err[0][0]));
    }
    free(h);
}

/* Thirty honest traders and thirty lottery tickets on a PTN-scored subnet. */
static const char *lottery_scenario =
    "{\"blocks\": 30000, \"consensus\": {\"variant\": \"yuma3\", \"mode\": \"float\"},"
    " \"subnets\": [{\"tempo\": 360, \"max_uids\": 80,"
    "  \"task\": {\"kind\": \"trading\", \"preset\": \"ptn\", \"period_blocks\": 100,"
    "   \"timeout_ms\": 12000,"
    "   \"volatility\": 5, \"skill_edge\": 0.2, \"lookback\": 120, \"recency_decay\": 0.02,"
    "   \"min_periods\": 20, \"max_drawdown\": %g},"
    "  \"validators\": [{\"count\": 4, \"stake_tao\": 10000, \"sample_size\": 64,"
    "   \"query_every_blocks\": 50}],"
    "  \"miners\": [{\"count\": 30, \"quality\": {\"dist\": \"uniform\", \"min\": 0,"
    "   \"max\": 1}},"
    "   {\"count\": 30, \"quality\": 0, \"adversary\": {\"kind\": \"lottery\"}}]}]}";

static void test_lottery_tickets_against_the_drawdown_cut(void **state)
{
    (void)state;
    harness *h = calloc(1, sizeof *h);
    char text[4096];
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        snprintf(text, sizeof text, lottery_scenario, 0.1);
        harness_run(h, text, seed, false);
        double cut = harness_metric(h, "zero_skill_capture", NULL);
        double eliminated = harness_metric(h, "elimination_rate", NULL);
        double honest_eliminated = harness_metric(h, "honest_elimination_rate", NULL);
        snprintf(text, sizeof text, lottery_scenario, 1.0);
        harness_run(h, text, seed, false);
        double open = harness_metric(h, "zero_skill_capture", NULL);
        double none = harness_metric(h, "elimination_rate", NULL);
        print_message("seed %llu: zero-skill capture %.4f with the 10%% drawdown cut (%.0f%% of "
                      "tickets and %.0f%% of honest traders eliminated), %.4f without\n",
                      (unsigned long long)seed, cut, 100 * eliminated, 100 * honest_eliminated,
                      open);
        assert_true(open > 0.02);         /* lucky tickets look skilled ... */
        assert_true(none == 0);
        assert_true(eliminated > 0.8);    /* ... until their drawdown catches them */
        assert_true(honest_eliminated < eliminated / 2);
        assert_true(cut < open / 2);
    }
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_copier_against_commit_reveal),
        cmocka_unit_test(test_cabal_below_half_cannot_lift_consensus),
        cmocka_unit_test(test_output_copier_relays_the_best_miner),
        cmocka_unit_test(test_latency_spoofer_needs_trusting_validators),
        cmocka_unit_test(test_overfitter_beaten_by_organic_queries),
        cmocka_unit_test(test_lazy_validator_falls_behind),
        cmocka_unit_test(test_whale_incentive_error_rises_with_bias_above_kappa),
        cmocka_unit_test(test_lottery_tickets_against_the_drawdown_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
