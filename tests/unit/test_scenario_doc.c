/*
** docs/scenario.md documents every key the scenario loader accepts, and
** docs/adversaries.md every adversary kind; this test fails when a key is added
** without its documentation.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scenario/sections.h"
#include "subnetsim/util.h"

static const char *root;

static char *doc(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/%s", root, name);
    char *text;
    if (ss_read_file(path, &text, NULL, NULL) != SS_OK)
        fail_msg("cannot read %s", path);
    return text;
}

static void check(const char *text, const char *docname, const char *section,
                  const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++) {
        char quoted[96];
        snprintf(quoted, sizeof quoted, "`%s`", keys[i]);
        if (!strstr(text, quoted))
            fail_msg("docs/%s does not document %s key %s", docname, section, quoted);
    }
}

static void test_every_key_documented(void **state)
{
    (void)state;
    char *text = doc("scenario.md");
    check(text, "scenario.md", "top-level", ss__keys_top);
    check(text, "scenario.md", "metrics", ss__keys_metrics);
    check(text, "scenario.md", "log", ss__keys_log);
    check(text, "scenario.md", "consensus", ss__keys_consensus);
    check(text, "scenario.md", "subnet", ss__keys_subnet);
    check(text, "scenario.md", "task", ss__keys_common);
    check(text, "scenario.md", "task.scoring", ss__keys_scoring);
    check(text, "scenario.md", "validator group", ss__keys_validator);
    check(text, "scenario.md", "miner group", ss__keys_miner);
    check(text, "scenario.md", "arrivals", ss__keys_arrivals);
    check(text, "scenario.md", "pool", ss__keys_pool);
    check(text, "scenario.md", "network", ss__keys_network);
    check(text, "scenario.md", "network.stakers", ss__keys_staker);
    check(text, "scenario.md", "network.stakers[].flows", ss__keys_flows);
    check(text, "scenario.md", "network.actions", ss__keys_action);
    check(text, "scenario.md", "network.creators", ss__keys_creator);
    free(text);
}

static void test_every_adversary_documented(void **state)
{
    (void)state;
    char *text = doc("adversaries.md");
    for (int k = 1; k < SS_ADV_KINDS; k++) {
        char heading[96];
        snprintf(heading, sizeof heading, "### `%s`", ss_adversary_kind_name((ss_adversary_kind)k));
        if (!strstr(text, heading))
            fail_msg("docs/adversaries.md has no section %s", heading);
    }
    free(text);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOURCE_ROOT\n", argv[0]);
        return 1;
    }
    root = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_documented),
        cmocka_unit_test(test_every_adversary_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
