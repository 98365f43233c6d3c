/*
** Tests of the economy's constants: the defaults come from the descriptor
** table, every parameter can be set by name within its bounds and no
** further, enums and large integers parse exactly, and docs/emission.md
** (its path is argv[1]) lists every parameter with its default.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/econ_params.h"
#include "subnetsim/util.h"

static const char *doc_path;

static void test_defaults(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    assert_int_equal(p.split_rule, SS_SPLIT_PRICE_EMA);
    assert_int_equal(p.injection, SS_INJECT_AUTO);
    assert_int_equal(p.block_emission_rao, 1000000000ULL);
    assert_int_equal(p.total_supply_rao, 21000000000000000ULL);
    assert_float_equal(p.tao_weight, 0.18, 0);
    assert_int_equal(p.subnet_owner_cut, 11796);
    assert_float_equal(p.subnet_moving_alpha, 0.000003, 0);
    assert_int_equal(p.flow_ema_smoothing_factor, 29597889189277ULL);
    assert_true(p.net_tao_flow_enabled);
    assert_int_equal(p.swap_minimum_reserve_rao, 1000000);
    assert_int_equal(p.min_stake_rao, 2000000);
    assert_int_equal(p.default_take, 11796);
    assert_int_equal(p.max_epochs_per_block, 2);
    assert_int_equal(p.network_min_lock_rao, 1000000000ULL);
    assert_int_equal(p.network_lock_reduction_interval, 57600);
    assert_int_equal(p.network_rate_limit, 28800);
    assert_int_equal(p.network_immunity_period, 864000);
    assert_int_equal(p.subnet_limit, 128);
    assert_false(p.new_subnet_emission_enabled);
    assert_int_equal(p.subnet.tempo, 360);
    assert_int_equal(p.subnet.ema_price_halving_blocks, 201600);
    assert_int_equal(p.subnet.fee_rate, 33);
    assert_int_equal(p.subnet.immunity_period, 5000);
    assert_int_equal(p.subnet.burn_initial_rao, 1000000000ULL);
    assert_int_equal(p.subnet.min_burn_rao, 500000);
    assert_int_equal(p.subnet.max_burn_rao, 100000000000ULL);
    assert_int_equal(p.subnet.burn_half_life, 360);
    assert_float_equal(p.subnet.burn_increase_mult, 1.26, 0);
    assert_true(p.subnet.registration_allowed);
    assert_int_equal(ss_econ_params_check(&p, NULL), SS_OK);
}

static void test_table_round_trip(void **state)
{
    (void)state;
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    assert_true(n >= 50);
    ss_econ_params p;
    ss_econ_params_default(&p);
    for (size_t i = 0; i < n; i++) {
        /* Names are unique, defaults within bounds and read back as the table says. */
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(t[i].name, t[j].name);
        assert_true(t[i].def >= t[i].min && t[i].def <= t[i].max);
        double v;
        assert_true(ss_econ_param_get(&p, t[i].name, &v));
        assert_float_equal(v, t[i].def, 0);
        assert_non_null(t[i].description);
        /* Setting the maximum and then the minimum works and reads back. */
        ss_econ_params q = p;
        double hi = t[i].type == SS_PARAM_U64 ? fmin(t[i].max, 9007199254740992.0) : t[i].max;
        assert_int_equal(ss_econ_param_set_number(&q, t[i].name, hi, NULL), SS_OK);
        assert_true(ss_econ_param_get(&q, t[i].name, &v));
        assert_float_equal(v, hi, 0);
        assert_int_equal(ss_econ_param_set_number(&q, t[i].name, t[i].min, NULL), SS_OK);
        assert_true(ss_econ_param_get(&q, t[i].name, &v));
        assert_float_equal(v, t[i].min, 0);
        /* Out of bounds is refused and changes nothing. */
        ss_econ_params r = p;
        if (t[i].max < 1e15) {
            ss_error err;
            assert_int_equal(ss_econ_param_set_number(&r, t[i].name, t[i].max + 1, &err),
                             SS_EINVAL);
            assert_non_null(strstr(err.msg, t[i].name));
        }
        assert_memory_equal(&r, &p, sizeof p);
    }
}

static void test_set_by_name(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_error err;
    assert_int_equal(ss_econ_param_set_string(&p, "split_rule", "taoflow", &err), SS_OK);
    assert_int_equal(p.split_rule, SS_SPLIT_TAOFLOW);
    assert_string_equal(ss_split_rule_name(p.split_rule), "taoflow");
    assert_int_equal(ss_econ_param_set_string(&p, "split_rule", "lottery", &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "price_ema"));
    assert_int_equal(ss_econ_param_set_string(&p, "net_tao_flow_enabled", "false", &err), SS_OK);
    assert_false(p.net_tao_flow_enabled);
    assert_int_equal(ss_econ_param_set_string(&p, "tao_weight", "0.25", &err), SS_OK);
    assert_float_equal(p.tao_weight, 0.25, 0);
    assert_int_equal(ss_econ_param_set_string(&p, "tao_weight", "1.5", &err), SS_EINVAL);
    assert_int_equal(ss_econ_param_set_string(&p, "tao_weight", "abc", &err), SS_EINVAL);
    /* u64 values above 2^53 are exact from text. */
    assert_int_equal(ss_econ_param_set_string(&p, "flow_ema_smoothing_factor",
                                              "9223372036854775807", &err), SS_OK);
    assert_int_equal(p.flow_ema_smoothing_factor, 9223372036854775807ULL);
    assert_int_equal(ss_econ_param_set_number(&p, "tempo", 360.5, &err), SS_EINVAL);
    assert_int_equal(ss_econ_param_set_number(&p, "tempo", 720, &err), SS_OK);
    assert_int_equal(p.subnet.tempo, 720);
    assert_int_equal(ss_econ_param_set_number(&p, "nonsense", 1, &err), SS_EINVAL);
    /* Per-subnet parameters on a subnet's own copy; network ones are refused there. */
    ss_econ_subnet_params sp = p.subnet;
    assert_int_equal(ss_econ_subnet_param_set_number(&sp, "fixed_share", 2.5, &err), SS_OK);
    assert_float_equal(sp.fixed_share, 2.5, 0);
    assert_int_equal(ss_econ_subnet_param_set_string(&sp, "owner_cut_enabled", "false", &err),
                     SS_OK);
    assert_false(sp.owner_cut_enabled);
    assert_int_equal(ss_econ_subnet_param_set_number(&sp, "tao_weight", 0.1, &err), SS_EINVAL);
    /* Relations the bounds cannot express. */
    p.subnet.min_burn_rao = p.subnet.max_burn_rao + 1;
    assert_int_equal(ss_econ_params_check(&p, &err), SS_EINVAL);
}

static void test_docs_list_every_parameter(void **state)
{
    (void)state;
    char *doc = NULL;
    assert_int_equal(ss_read_file(doc_path, &doc, NULL, NULL), SS_OK);
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    ss_econ_params p;
    ss_econ_params_default(&p);
    for (size_t i = 0; i < n; i++) {
        /* A table row "| `name` | type | default |" for every parameter. */
        char def[64], row[160];
        ss_econ_param_format(&p, &t[i], def, sizeof def);
        snprintf(row, sizeof row, "| `%s` |", t[i].name);
        const char *at = strstr(doc, row);
        if (!at)
            fprintf(stderr, "docs/emission.md does not list %s\n", t[i].name);
        assert_non_null(at);
        const char *eol = strchr(at, '\n');
        char line[1024];
        size_t len = eol ? (size_t)(eol - at) : strlen(at);
        snprintf(line, sizeof line, "%.*s", (int)len, at);
        snprintf(row, sizeof row, "| %s |", def);
        if (!strstr(line, row))
            fprintf(stderr, "docs/emission.md: %s should show default %s\n", t[i].name, def);
        assert_non_null(strstr(line, row));
    }
    free(doc);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DOCS_EMISSION_MD\n", argv[0]);
        return 2;
    }
    doc_path = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_table_round_trip),
        cmocka_unit_test(test_set_by_name),
        cmocka_unit_test(test_docs_list_every_parameter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
