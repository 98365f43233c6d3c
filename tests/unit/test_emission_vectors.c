/*
** Replays every emission vector file in the directory given as argv[1]
** (tests/vectors/emission/, copied from the shared vectors) through the
** conformance runner; any failed, skipped or unreadable check fails.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/conformance.h"

static const char *vector_dir;

static const char *const expected_files[] = {
    "amm_swap.json",           "block_emission_halving.json",   "epoch_distribution.json",
    "epoch_schedule.json",     "registration_and_pruning.json", "subnet_injection_and_split.json",
    "subnet_lock_and_prune.json", "subnet_shares_price.json",   "subnet_shares_taoflow.json",
};
#define NFILES (sizeof expected_files / sizeof expected_files[0])

static void run(const char *const *files, int n, bool json, ss_conformance_totals *t)
{
    ss_conformance_options opt = {json, false, false};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    ss_error err;
    assert_int_equal(ss_conformance_run(files, n, &opt, out, t, &err), SS_OK);
    fclose(out);
    if (!json && (t->failed || t->skipped || t->unreadable))
        fputs(text, stderr); /* the failing checks, for the test log */
    free(text);
}

static void test_every_vector_passes(void **state)
{
    (void)state;
    char paths[NFILES][1024];
    const char *files[NFILES];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(paths[i], sizeof paths[i], "%s/%s", vector_dir, expected_files[i]);
        files[i] = paths[i];
    }
    ss_conformance_totals t;
    run(files, (int)NFILES, false, &t);
    assert_int_equal(t.files, NFILES);
    assert_int_equal(t.unreadable, 0);
    assert_int_equal(t.failed, 0);
    assert_int_equal(t.skipped, 0);
    /* Every vector is replayed: the nine files hold 375 comparisons. */
    assert_true(t.passed >= 375);
}

static void test_no_file_left_out(void **state)
{
    (void)state;
    /* A vector file added to the directory must be added to the list above. */
    DIR *d = opendir(vector_dir);
    assert_non_null(d);
    struct dirent *ent;
    size_t json = 0;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n > 5 && strcmp(ent->d_name + n - 5, ".json") == 0) {
            bool known = false;
            for (size_t i = 0; i < NFILES; i++)
                known |= strcmp(ent->d_name, expected_files[i]) == 0;
            if (!known)
                fprintf(stderr, "unlisted vector file %s\n", ent->d_name);
            assert_true(known);
            json++;
        }
    }
    closedir(d);
    assert_int_equal(json, NFILES);
}

static void test_a_wrong_expectation_fails(void **state)
{
    (void)state;
    /* The replay must be able to fail: a vector with a wrong halving value. */
    char path[] = "/tmp/ss_emission_vector_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("{\"schema_version\":1,\"topic\":\"t\",\"vectors\":[{\"id\":\"halving_table\","
          "\"inputs\":{\"total_issuance_rao\":[0,\"10500000000000000\"]},"
          "\"expected\":{\"block_emission_rao\":[1000000000,500000001]},"
          "\"tolerance\":{\"block_emission_rao\":\"exact\"}},"
          "{\"id\":\"no_such_vector\",\"inputs\":{},\"expected\":{}}]}", fp);
    fclose(fp);
    const char *files[1] = {path};
    ss_conformance_totals t;
    run(files, 1, true, &t);
    remove(path);
    assert_int_equal(t.passed, 1);
    assert_int_equal(t.failed, 1);
    assert_int_equal(t.skipped, 1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s VECTOR_DIR\n", argv[0]);
        return 2;
    }
    vector_dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_vector_passes),
        cmocka_unit_test(test_no_file_left_out),
        cmocka_unit_test(test_a_wrong_expectation_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
