/* Tests of scenario loading: defaults, every kind of problem reported with its JSON path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "subnetsim/scenario.h"

static const char *minimal =
    "{\"name\":\"t\",\"blocks\":100,\"subnets\":[{\"validators\":[{\"count\":2}],"
    "\"miners\":[{\"count\":3}]}]}";

static void test_minimal_defaults(void **state)
{
    (void)state;
    ss_scenario *sc;
    ss_error err;
    assert_int_equal(ss_scenario_parse(minimal, "mem.json", &sc, NULL, &err), SS_OK);
    assert_string_equal(sc->name, "t");
    assert_int_equal(sc->blocks, 100);
    assert_int_equal(sc->seed, 1);
    assert_int_equal(sc->n_subnets, 1);
    const ss_subnet_config *c = &sc->subnets[0];
    assert_int_equal(c->netuid, 1);
    assert_int_equal(c->max_uids, 256);
    assert_int_equal(c->yuma.tempo, 360);
    assert_int_equal(c->yuma.kappa, 32767);
    assert_int_equal(c->owner_cut, 11796);
    assert_int_equal(c->alpha_emission_rao, 1000000000ULL);
    assert_int_equal(c->validators[0].count, 2);
    assert_int_equal(c->validators[0].weights_every_blocks, 360);
    assert_int_equal(c->miners[0].count, 3);
    assert_int_equal(ss_subnet_config_agents(c), 5);
    ss_scenario_free(sc);
}

static void test_days_and_overrides(void **state)
{
    (void)state;
    const char *text =
        "{\"days\":1.5,\"seed\":\"18446744073709551615\",\"consensus\":{\"kappa\":40000},"
        "\"subnets\":[{\"tempo\":100,\"consensus\":{\"variant\":\"original\",\"mode\":\"chain\"},"
        "\"validators\":[{\"count\":1,\"stake_tao\":2.5}],"
        "\"miners\":[{\"count\":1,\"quality\":{\"dist\":\"normal\",\"mean\":0.5,\"sd\":0.1}}]}]}";
    ss_scenario *sc;
    ss_error err;
    assert_int_equal(ss_scenario_parse(text, "mem.json", &sc, NULL, &err), SS_OK);
    assert_int_equal(sc->blocks, 10800);
    assert_true(sc->seed == UINT64_MAX);
    const ss_subnet_config *c = &sc->subnets[0];
    assert_int_equal(c->yuma.kappa, 40000);  /* inherited from the top level */
    assert_int_equal(c->yuma.variant, SS_YUMA_ORIGINAL);
    assert_int_equal(c->yuma.mode, SS_YUMA_CHAIN);
    assert_int_equal(c->yuma.tempo, 100);
    assert_int_equal(c->validators[0].stake_rao, 2500000000ULL);
    assert_int_equal(c->validators[0].weights_every_blocks, 100);
    assert_int_equal(c->miners[0].quality.kind, SS_DIST_NORMAL);
    ss_scenario_free(sc);
}

/* Parses text, expects failure, and checks that every expected fragment is in the report. */
static void expect_problems(const char *text, const char *const *fragments, int count)
{
    ss_scenario *sc;
    ss_error err;
    ss_buf problems = {0};
    assert_int_equal(ss_scenario_parse(text, "bad.json", &sc, &problems, &err), SS_EINVAL);
    assert_null(sc);
    const char *all = ss_buf_str(&problems);
    assert_non_null(all);
    for (int i = 0; i < count; i++) {
        if (!strstr(all, fragments[i]))
            fail_msg("expected \"%s\" in:\n%s", fragments[i], all);
    }
    /* err carries the first line only. */
    assert_null(strchr(err.msg, '\n'));
    assert_true(strncmp(err.msg, "bad.json:", 9) == 0);
    ss_buf_fini(&problems);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    const char *empty[] = {"bad.json: the file is empty"};
    expect_problems("  \n ", empty, 1);
    const char *trunc[] = {"invalid JSON at line 1, column 12, where the text ends"};
    expect_problems("{\"name\": \"x\"", trunc, 1);
    const char *junk[] = {"invalid JSON at line 2, column 3"};
    expect_problems("{\"a\": 1,\n  ]", junk, 1);
    const char *notobj[] = {"expected an object, got an array"};
    expect_problems("[1,2]", notobj, 1);
}

static void test_all_problems_reported_with_paths(void **state)
{
    (void)state;
    const char *text =
        "{\"blocks\":-5,\"descripton\":1,\"subnets\":[{\"tempo\":\"fast\","
        "\"validators\":[{\"count\":-1}],\"miners\":[{\"count\":2,\"quality\":1.5,"
        "\"latency_ms\":{\"dist\":\"gaussian\"}}],\"consensus\":{\"variant\":\"yuma4\"}}]}";
    const char *frags[] = {
        "bad.json:blocks: expected a whole number",
        "bad.json:descripton: unknown key 'descripton' (did you mean 'description'?)",
        "bad.json:subnets[0].tempo: expected an integer in [1, 65535], got \"fast\"",
        "bad.json:subnets[0].validators[0].count: expected an integer in [1, 65535], got -1",
        "bad.json:subnets[0].miners[0].quality: expected a number in [0, 1], got 1.5",
        "bad.json:subnets[0].miners[0].latency_ms.dist: expected one of",
        "bad.json:subnets[0].consensus.variant: expected one of",
        "(did you mean 'yuma3'?)",
    };
    expect_problems(text, frags, 8);
}

static void test_semantic_problems(void **state)
{
    (void)state;
    const char *missing[] = {"missing the length of the run", "subnets: missing required key"};
    expect_problems("{}", missing, 2);
    const char *both[] = {"bad.json:days: give either 'blocks' or 'days', not both"};
    expect_problems("{\"blocks\":1,\"days\":1,\"subnets\":[{\"validators\":[{\"count\":1}],"
                    "\"miners\":[{\"count\":1}]}]}", both, 1);
    const char *full[] = {"but max_uids is 4"};
    expect_problems("{\"blocks\":1,\"subnets\":[{\"max_uids\":4,\"validators\":[{\"count\":2}],"
                    "\"miners\":[{\"count\":2}]}]}", full, 1);
    const char *dup[] = {"netuid 3 is already used by subnets[0]"};
    expect_problems("{\"blocks\":1,\"subnets\":[{\"netuid\":3,\"validators\":[{\"count\":1}],"
                    "\"miners\":[{\"count\":1}]},{\"netuid\":3,\"validators\":[{\"count\":1}],"
                    "\"miners\":[{\"count\":1}]}]}", dup, 1);
    const char *chain_ref[] = {"exists only in mode \"float\""};
    expect_problems("{\"blocks\":1,\"consensus\":{\"variant\":\"yuma2\",\"mode\":\"chain\"},"
                    "\"subnets\":[{\"validators\":[{\"count\":1}],\"miners\":[{\"count\":1}]}]}",
                    chain_ref, 1);
    const char *dupkey[] = {"key 'blocks' appears more than once"};
    expect_problems("{\"blocks\":1,\"blocks\":2,\"subnets\":[{\"validators\":[{\"count\":1}],"
                    "\"miners\":[{\"count\":1}]}]}", dupkey, 1);
    const char *nogroups[] = {"subnets[0].miners: expected a non-empty list of groups"};
    expect_problems("{\"blocks\":1,\"subnets\":[{\"validators\":[{\"count\":1}],"
                    "\"miners\":[]}]}", nogroups, 1);
    const char *range[] = {"subnets[0].miners[0].quality: 'max' (0.1) is below 'min' (0.5)"};
    expect_problems("{\"blocks\":1,\"subnets\":[{\"validators\":[{\"count\":1}],"
                    "\"miners\":[{\"count\":1,\"quality\":{\"dist\":\"uniform\",\"min\":0.5,"
                    "\"max\":0.1}}]}]}", range, 1);
}

static void test_missing_file(void **state)
{
    (void)state;
    ss_scenario *sc;
    ss_error err;
    assert_int_equal(ss_scenario_load("/nonexistent/x.json", &sc, NULL, &err), SS_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.json: cannot open"));
}

static void test_hash_is_sha256(void **state)
{
    (void)state;
    ss_scenario *sc;
    assert_int_equal(ss_scenario_parse(minimal, "mem.json", &sc, NULL, NULL), SS_OK);
    char hex[65];
    ss_scenario_hash(sc, hex);
    assert_int_equal(strlen(hex), 64);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_days_and_overrides),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_all_problems_reported_with_paths),
        cmocka_unit_test(test_semantic_problems),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_hash_is_sha256),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
