/*
** Tests of scoring plugins: the example plugin of scenarios/plugins, and test
** plugins that fail in each way a user's plugin can (tests/unit/plugins).
** meson builds them and passes their paths in SS_PLUGIN_* variables.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "subnetsim/plugin.h"

static const char *env_path(const char *name)
{
    const char *v = getenv(name);
    if (!v)
        fail_msg("%s is not set (run through meson test)", name);
    return v;
}

static const char *const text_metrics[] = {"quality", "latency_ms", "mode"};
static const char *const text_stats[] = {"mean", "count"};

static ss_plugin_init text_setup(const char *config)
{
    ss_plugin_init s = {0};
    s.task_kind = "text";
    s.config = config;
    s.metric_names = text_metrics;
    s.n_metrics = 3;
    s.stat_names = text_stats;
    s.n_stats = 2;
    return s;
}

/* A query with the text task's metrics and stats, in the order of text_setup. */
typedef struct answer {
    ss_plugin_metric metrics[3], stats[2];
    ss_plugin_query q;
} answer;

static void make_answer(answer *a, double quality, double latency_ms, double mode,
                        double mean)
{
    memset(a, 0, sizeof *a);
    a->metrics[0] = (ss_plugin_metric){"quality", quality};
    a->metrics[1] = (ss_plugin_metric){"latency_ms", latency_ms};
    a->metrics[2] = (ss_plugin_metric){"mode", mode};
    a->stats[0] = (ss_plugin_metric){"mean", mean};
    a->stats[1] = (ss_plugin_metric){"count", 40};
    a->q.task_kind = "text";
    a->q.netuid = 1;
    a->q.validator_uid = 2;
    a->q.miner_uid = 3;
    a->q.block = 100;
    a->q.metrics = a->metrics;
    a->q.n_metrics = 3;
    a->q.stats = a->stats;
    a->q.n_stats = 2;
}

static ss_plugin *load(const char *path, const ss_plugin_init *setup)
{
    ss_plugin *p = NULL;
    ss_error err;
    if (ss_plugin_create(path, setup, &p, &err) != SS_OK)
        fail_msg("%s", err.msg);
    assert_non_null(p);
    assert_string_equal(ss_plugin_path(p), path);
    return p;
}

static void expect_load_error(const char *path, const ss_plugin_init *setup, const char *msg)
{
    ss_plugin *p = (ss_plugin *)&p;
    ss_error err;
    assert_int_equal(ss_plugin_create(path, setup, &p, &err), SS_EPLUGIN);
    assert_null(p);
    assert_int_equal(err.code, SS_EPLUGIN);
    if (strcmp(err.msg, msg) != 0)
        fail_msg("\n  got:      %s\n  expected: %s", err.msg, msg);
}

static double example_formula(double q, double lat, double mean, double sharp, double budget,
                              double bonus)
{
    return pow(q, sharp) * exp(-lat / budget) * (1 + bonus * mean);
}

/* ---- The example plugin ------------------------------------------------------ */

static void test_example_scores(void **state)
{
    (void)state;
    ss_plugin_init setup = text_setup("sharpness=2 latency_budget_ms=800 history_bonus=0.2");
    ss_plugin *p = load(env_path("SS_PLUGIN_EXAMPLE"), &setup);
    answer a;
    double score = -1;
    ss_error err;
    make_answer(&a, 0.9, 200, 0, 0.5);
    assert_int_equal(ss_plugin_score(p, &a.q, &score, &err), SS_OK);
    assert_true(score == example_formula(0.9, 200, 0.5, 2, 800, 0.2));
    make_answer(&a, 0.3, 1500, 0, 0.1);
    assert_int_equal(ss_plugin_score(p, &a.q, &score, &err), SS_OK);
    assert_true(score == example_formula(0.3, 1500, 0.1, 2, 800, 0.2));
    /* The example's own error: a negative latency. */
    make_answer(&a, 0.3, -5, 0, 0.1);
    assert_int_equal(ss_plugin_score(p, &a.q, &score, &err), SS_EPLUGIN);
    assert_true(score == 0.0);
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' failed (code 1) scoring miner 3 at block 100: "
             "latency_ms is -5; it cannot be negative", ss_plugin_path(p));
    assert_string_equal(err.msg, want);
    ss_plugin_destroy(p);
}

static void test_example_defaults_and_missing_stats(void **state)
{
    (void)state;
    /* No config, and a task kind without rolling statistics. */
    static const char *const metrics[] = {"latency_ms", "quality"};
    ss_plugin_init setup = {.task_kind = "inference", .metric_names = metrics, .n_metrics = 2};
    ss_plugin *p = load(env_path("SS_PLUGIN_EXAMPLE"), &setup);
    ss_plugin_metric m[2] = {{"latency_ms", 500}, {"quality", 0.8}};
    ss_plugin_query q = {.task_kind = "inference", .metrics = m, .n_metrics = 2};
    double score;
    assert_int_equal(ss_plugin_score(p, &q, &score, NULL), SS_OK);
    assert_true(score == example_formula(0.8, 500, 0, 1, 1000, 0));
    ss_plugin_destroy(p);
}

static void test_example_init_errors(void **state)
{
    (void)state;
    const char *path = env_path("SS_PLUGIN_EXAMPLE");
    char want[1024];
    ss_plugin_init setup = text_setup("sharpnes=2");
    snprintf(want, sizeof want, "plugin '%s' failed to initialise (code 3): unknown option "
             "'sharpnes' (known: sharpness, latency_budget_ms, history_bonus)", path);
    expect_load_error(path, &setup, want);

    setup = text_setup("latency_budget_ms=-1");
    snprintf(want, sizeof want, "plugin '%s' failed to initialise (code 3): latency_budget_ms "
             "must be positive", path);
    expect_load_error(path, &setup, want);

    static const char *const storage[] = {"bytes_served", "latency_ms"};
    ss_plugin_init st = {.task_kind = "storage", .metric_names = storage, .n_metrics = 2};
    snprintf(want, sizeof want, "plugin '%s' failed to initialise (code 2): task kind "
             "'storage' has no 'quality' metric", path);
    expect_load_error(path, &st, want);
}

/* ---- Loading errors ------------------------------------------------------------ */

static void test_missing_file(void **state)
{
    (void)state;
    expect_load_error("/nonexistent/dir/score.so", NULL,
                      "plugin '/nonexistent/dir/score.so': no such file");
    /* A bare name is relative to the current directory, not the library path. */
    expect_load_error("libc.so.6", NULL, "plugin 'libc.so.6': no such file");
}

static void test_directory(void **state)
{
    (void)state;
    const char *dir = env_path("SS_TEST_DATA");
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' is a directory, not a shared object", dir);
    expect_load_error(dir, NULL, want);
}

static void test_not_a_shared_object(void **state)
{
    (void)state;
    const char *path = env_path("SS_PLUGIN_NOT_SO");
    ss_plugin *p = NULL;
    ss_error err;
    assert_int_equal(ss_plugin_create(path, NULL, &p, &err), SS_EPLUGIN);
    assert_null(p);
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' could not be loaded (is it a shared object built "
             "with -shared -fPIC?): ", path);
    /* The rest is the dynamic loader's own explanation. */
    assert_true(strncmp(err.msg, want, strlen(want)) == 0);
    assert_true(strlen(err.msg) > strlen(want));
}

static void test_missing_symbol(void **state)
{
    (void)state;
    const char *path = env_path("SS_PLUGIN_NO_SYMBOL");
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' does not export subnetsim_score_v1 (the scoring "
             "function, see docs/plugins.md; in C++ declare it extern \"C\")", path);
    expect_load_error(path, NULL, want);
}

static void test_abi_mismatch(void **state)
{
    (void)state;
    const char *path = env_path("SS_PLUGIN_ABI_V2");
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' was built for plugin ABI version 2, but this "
             "subnetsim supports version 1 (rebuild it against this version's "
             "subnetsim/plugin.h)", path);
    expect_load_error(path, NULL, want);
}

static void test_failing_init(void **state)
{
    (void)state;
    const char *path = env_path("SS_PLUGIN_FAILING_INIT");
    char want[1024];
    snprintf(want, sizeof want, "plugin '%s' failed to initialise (code 3): missing licence "
             "key", path);
    expect_load_error(path, NULL, want);
}

/* ---- A plugin that misbehaves when scoring ---------------------------------------- */

static ss_status score_mode(ss_plugin *p, double mode, double *score, ss_error *err)
{
    answer a;
    make_answer(&a, 0.5, 100, mode, 0.25);
    *score = -1;
    return ss_plugin_score(p, &a.q, score, err);
}

static void test_faulty_scores(void **state)
{
    (void)state;
    ss_plugin *p = load(env_path("SS_PLUGIN_FAULTY"), NULL);
    const char *path = ss_plugin_path(p);
    double score;
    ss_error err;
    char want[2048];

    assert_int_equal(score_mode(p, 0, &score, &err), SS_OK);
    assert_true(score == 0.5);

    static const struct {
        double mode;
        const char *fmt;
    } failures[] = {
        {1, "plugin '%s' failed (code 7) scoring miner 3 at block 100: asked to fail"},
        {2, "plugin '%s' returned a non-finite score (nan) for miner 3 at block 100"},
        {3, "plugin '%s' returned a non-finite score (inf) for miner 3 at block 100"},
        {4, "plugin '%s' returned a non-finite score (-inf) for miner 3 at block 100"},
        {5, "plugin '%s' returned a non-finite score (nan) for miner 3 at block 100"},
        {7, "plugin '%s' failed (code -1) scoring miner 3 at block 100: no message"},
        {99, "plugin '%s' failed (code 2) scoring miner 3 at block 100: unknown mode 99"},
    };
    for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        assert_int_equal(score_mode(p, failures[i].mode, &score, &err), SS_EPLUGIN);
        assert_true(score == 0.0);
        snprintf(want, sizeof want, failures[i].fmt, path);
        if (strcmp(err.msg, want) != 0)
            fail_msg("mode %g\n  got:      %s\n  expected: %s", failures[i].mode, err.msg, want);
    }
    /* An unterminated message is cut at the buffer, not read past it. */
    assert_int_equal(score_mode(p, 6, &score, &err), SS_EPLUGIN);
    assert_non_null(strstr(err.msg, ": xxxxxxxx"));
    assert_true(strlen(err.msg) < sizeof err.msg);
    /* Errors leave the plugin usable. */
    assert_int_equal(score_mode(p, 0, &score, NULL), SS_OK);
    assert_true(score == 0.5);
    ss_plugin_destroy(p);
}

static void test_query_header(void **state)
{
    (void)state;
    ss_plugin *p = load(env_path("SS_PLUGIN_FAULTY"), NULL);
    double score;
    assert_int_equal(score_mode(p, 8, &score, NULL), SS_OK);
    assert_true(score == (double)sizeof(ss_plugin_query));
    assert_int_equal(score_mode(p, 9, &score, NULL), SS_OK);
    assert_true(score == SS_PLUGIN_ABI_VERSION);
    assert_int_equal(score_mode(p, 10, &score, NULL), SS_OK);
    assert_true(score == 1e9 + 2e6 + 3e3 + 100);
    assert_int_equal(score_mode(p, 12, &score, NULL), SS_OK);
    assert_true(score == 40.25);
    /* The host's query is not modified. */
    answer a;
    make_answer(&a, 0.5, 100, 0, 0.25);
    ss_plugin_query before = a.q;
    assert_int_equal(ss_plugin_score(p, &a.q, &score, NULL), SS_OK);
    assert_memory_equal(&before, &a.q, sizeof before);
    ss_plugin_destroy(p);
}

/* ---- Ownership and reentrancy ------------------------------------------------------ */

static void test_two_loads_are_independent(void **state)
{
    (void)state;
    const char *example = env_path("SS_PLUGIN_EXAMPLE");
    ss_plugin_init s1 = text_setup("sharpness=1"), s2 = text_setup("sharpness=3");
    ss_plugin *a = load(example, &s1), *b = load(example, &s2);
    answer ans;
    make_answer(&ans, 0.5, 0, 0, 0);
    double sa, sb;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ss_plugin_score(a, &ans.q, &sa, NULL), SS_OK);
        assert_int_equal(ss_plugin_score(b, &ans.q, &sb, NULL), SS_OK);
        assert_true(sa == 0.5);
        assert_true(sb == 0.125);
    }
    ss_plugin_destroy(a); /* the other load keeps working */
    assert_int_equal(ss_plugin_score(b, &ans.q, &sb, NULL), SS_OK);
    assert_true(sb == 0.125);
    ss_plugin_destroy(b);

    /* Each load has its own user state, and fini runs once per load. */
    int finis_a = 0, finis_b = 0;
    char ca[64], cb[64];
    snprintf(ca, sizeof ca, "fini_counter=%p", (void *)&finis_a);
    snprintf(cb, sizeof cb, "fini_counter=%p", (void *)&finis_b);
    s1 = text_setup(ca);
    s2 = text_setup(cb);
    const char *faulty = env_path("SS_PLUGIN_FAULTY");
    a = load(faulty, &s1);
    b = load(faulty, &s2);
    double calls;
    for (int i = 0; i < 5; i++)
        assert_int_equal(score_mode(a, 11, &calls, NULL), SS_OK);
    assert_true(calls == 5);
    assert_int_equal(score_mode(b, 11, &calls, NULL), SS_OK);
    assert_true(calls == 1);
    ss_plugin_destroy(a);
    assert_int_equal(finis_a, 1);
    assert_int_equal(finis_b, 0);
    ss_plugin_destroy(b);
    assert_int_equal(finis_b, 1);
    ss_plugin_destroy(NULL);
}

static void test_relative_path(void **state)
{
    (void)state;
    /* A bare file name is looked up in the current directory. */
    const char *example = env_path("SS_PLUGIN_EXAMPLE");
    char dir[4096], cwd[4096];
    snprintf(dir, sizeof dir, "%s", example);
    char *slash = strrchr(dir, '/');
    assert_non_null(slash);
    *slash = '\0';
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    ss_plugin_init setup = text_setup(NULL);
    ss_plugin *p = NULL;
    ss_error err;
    ss_status rc = ss_plugin_create(slash + 1, &setup, &p, &err);
    assert_int_equal(chdir(cwd), 0);
    if (rc != SS_OK)
        fail_msg("%s", err.msg);
    assert_string_equal(ss_plugin_path(p), slash + 1);
    ss_plugin_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_scores),
        cmocka_unit_test(test_example_defaults_and_missing_stats),
        cmocka_unit_test(test_example_init_errors),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_not_a_shared_object),
        cmocka_unit_test(test_missing_symbol),
        cmocka_unit_test(test_abi_mismatch),
        cmocka_unit_test(test_failing_init),
        cmocka_unit_test(test_faulty_scores),
        cmocka_unit_test(test_query_header),
        cmocka_unit_test(test_two_loads_are_independent),
        cmocka_unit_test(test_relative_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
