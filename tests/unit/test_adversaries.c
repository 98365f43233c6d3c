/*
** Adversaries against their countermeasures: the directions the issue asks
** for, each over several seeds, run in memory.
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weight_copier_against_commit_reveal),
        cmocka_unit_test(test_cabal_below_half_cannot_lift_consensus),
        cmocka_unit_test(test_output_copier_relays_the_best_miner),
        cmocka_unit_test(test_latency_spoofer_needs_trusting_validators),
        cmocka_unit_test(test_overfitter_beaten_by_organic_queries),
        cmocka_unit_test(test_lazy_validator_falls_behind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
