/* Tests of "did you mean" suggestions: the OSA distance, thresholds, case, ties, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "subnetsim/suggest.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(ss_suggest_distance("", ""), 0);
    assert_int_equal(ss_suggest_distance("abc", ""), 3);
    assert_int_equal(ss_suggest_distance("", "abc"), 3);
    assert_int_equal(ss_suggest_distance("kitten", "sitting"), 3);
    assert_int_equal(ss_suggest_distance("quality", "qualty"), 1);   /* deletion */
    assert_int_equal(ss_suggest_distance("quality", "quallity"), 1); /* insertion */
    assert_int_equal(ss_suggest_distance("quality", "qualitu"), 1);  /* substitution */
    assert_int_equal(ss_suggest_distance("quality", "qaulity"), 1);  /* swap counts once */
    assert_int_equal(ss_suggest_distance("ab", "ba"), 1);
    /* Optimal string alignment: a swapped pair is not edited again (true DL gives 2). */
    assert_int_equal(ss_suggest_distance("ca", "abc"), 3);
    assert_int_equal(ss_suggest_distance("Quality", "qUALITY"), 0); /* case ignored */
    assert_int_equal(ss_suggest_distance("abc", "abc"), 0);
    assert_int_equal(ss_suggest_distance("latency_ms", "latncy_sm"),
                     ss_suggest_distance("latncy_sm", "latency_ms"));
    assert_int_equal(ss_suggest_distance("latency_ms", "latncy_sm"), 2);
}

static void test_distance_length_cap(void **state)
{
    (void)state;
    char longest[SS_SUGGEST_MAX_LEN + 1], too_long[SS_SUGGEST_MAX_LEN + 2];
    memset(longest, 'a', SS_SUGGEST_MAX_LEN);
    longest[SS_SUGGEST_MAX_LEN] = '\0';
    memset(too_long, 'a', SS_SUGGEST_MAX_LEN + 1);
    too_long[SS_SUGGEST_MAX_LEN + 1] = '\0';
    assert_int_equal(ss_suggest_distance(longest, longest), 0);
    assert_int_equal(ss_suggest_distance(longest, "b"), SS_SUGGEST_MAX_LEN);
    assert_int_equal(ss_suggest_distance(too_long, "a"), -1);
    assert_int_equal(ss_suggest_distance("a", too_long), -1);
    const char *cands[] = {longest};
    assert_null(ss_suggest(too_long, cands, 1));
    /* A candidate over the cap is skipped, not truncated into a match. */
    const char *cands2[] = {too_long};
    assert_null(ss_suggest(longest, cands2, 1));
    /* The longest allowed word still gets suggestions. */
    char near[SS_SUGGEST_MAX_LEN + 1];
    memcpy(near, longest, sizeof near);
    near[3] = 'b';
    const char *cands3[] = {near};
    assert_ptr_equal(ss_suggest(longest, cands3, 1), near);
}

static void test_thresholds(void **state)
{
    (void)state;
    assert_int_equal(ss_suggest_max_distance(0), 0);
    assert_int_equal(ss_suggest_max_distance(1), 0);
    assert_int_equal(ss_suggest_max_distance(2), 1);
    assert_int_equal(ss_suggest_max_distance(4), 1);
    assert_int_equal(ss_suggest_max_distance(5), 2);
    assert_int_equal(ss_suggest_max_distance(40), 2);

    const char *keys[] = {"tempo", "kappa", "seed", "miners", "validators", "rho"};
    size_t n = COUNT(keys);
    assert_string_equal(ss_suggest("tmpo", keys, n), "tempo");           /* 4 chars, 1 edit */
    assert_null(ss_suggest("tmp", keys, n));                             /* 3 chars, 2 edits */
    assert_string_equal(ss_suggest("valdiatros", keys, n), "validators"); /* 2 edits */
    assert_null(ss_suggest("vldiatros", keys, n));                       /* 3 edits */
    assert_string_equal(ss_suggest("sed", keys, n), "seed");
    assert_string_equal(ss_suggest("rh", keys, n), "rho");
    assert_null(ss_suggest("r", keys, n));       /* one character: case only */
    assert_null(ss_suggest("zzzzzz", keys, n));
    assert_null(ss_suggest("", keys, n));
    assert_null(ss_suggest(NULL, keys, n));
    assert_null(ss_suggest("tempo", NULL, 0));
}

static void test_case_only(void **state)
{
    (void)state;
    const char *vars[] = {"answer.quality", "answer.latency_ms"};
    ss_suggester s;
    ss_suggest_begin(&s, "Answer.Quality");
    for (size_t i = 0; i < COUNT(vars); i++)
        ss_suggest_offer(&s, vars[i]);
    assert_string_equal(s.best, "answer.quality");
    assert_int_equal(s.distance, 0);
    assert_int_equal(s.case_only, 1);
    char hint[128];
    ss_suggest_hint(&s, hint, sizeof hint);
    assert_string_equal(hint, " (did you mean 'answer.quality'? names are case-sensitive)");

    /* A one-character word still gets a case-only suggestion. */
    const char *consts[] = {"e", "pi"};
    assert_string_equal(ss_suggest("E", consts, 2), "e");

    /* Case-only beats an earlier candidate one edit away. */
    const char *c2[] = {"Tempx", "TEMPO"};
    ss_suggest_begin(&s, "tempo");
    ss_suggest_offer(&s, c2[0]);
    ss_suggest_offer(&s, c2[1]);
    assert_ptr_equal(s.best, c2[1]);
    assert_int_equal(s.case_only, 1);
}

static void test_ties_and_order(void **state)
{
    (void)state;
    /* Both one edit from "cat": the first offered wins, in either order. */
    const char *ab[] = {"bat", "cap"}, *ba[] = {"cap", "bat"};
    assert_string_equal(ss_suggest("cat", ab, 2), "bat");
    assert_string_equal(ss_suggest("cat", ba, 2), "cap");
    /* A closer candidate later in the list wins. */
    const char *c[] = {"qualitee", "quality"};
    assert_string_equal(ss_suggest("qualty", c, 2), "quality");
    /* An exact match has distance 0 and is not "case only". */
    ss_suggester s;
    ss_suggest_begin(&s, "seed");
    ss_suggest_offer(&s, "seed");
    assert_int_equal(s.distance, 0);
    assert_int_equal(s.case_only, 0);
}

static void test_hint_text(void **state)
{
    (void)state;
    ss_suggester s;
    char hint[64];
    ss_suggest_begin(&s, "kapa");
    ss_suggest_offer(&s, "kappa");
    ss_suggest_hint(&s, hint, sizeof hint);
    assert_string_equal(hint, " (did you mean 'kappa'?)");
    ss_suggest_begin(&s, "nothing-like-it");
    ss_suggest_offer(&s, "kappa");
    strcpy(hint, "stale");
    ss_suggest_hint(&s, hint, sizeof hint);
    assert_string_equal(hint, "");
    /* A short buffer is truncated, still terminated. */
    ss_suggest_begin(&s, "kapa");
    ss_suggest_offer(&s, "kappa");
    char small[8];
    ss_suggest_hint(&s, small, sizeof small);
    assert_int_equal(strlen(small), 7);
    ss_suggest_hint(&s, small, 0); /* no write at all */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_distance_length_cap),
        cmocka_unit_test(test_thresholds),
        cmocka_unit_test(test_case_only),
        cmocka_unit_test(test_ties_and_order),
        cmocka_unit_test(test_hint_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
