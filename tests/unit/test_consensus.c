/* Tests of the ss_yuma object: parameters, permits, resets, state accessors,
** allocation-free epochs, chain vs float agreement, unsorted rows, the
** reference variants behind ss_yuma_epoch, and the mechanism helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "consensus/yuma_internal.h"
#include "subnetsim/consensus.h"
#include "subnetsim/rng.h"

/* A random subnet: V validators (uids 0..V-1) weighting M miners. */
typedef struct net {
    uint32_t n;
    uint64_t alpha[64], lu[64], reg[64];
    ss_weight_entry ent[64][64];
    ss_weight_row rows[64];
} net;

static void make_net(net *s, uint32_t V, uint32_t M, uint64_t seed, double density)
{
    ss_pcg32 r;
    ss_pcg32_seed(&r, seed, 3);
    memset(s, 0, sizeof *s);
    s->n = V + M;
    for (uint32_t i = 0; i < s->n; i++) {
        s->lu[i] = 999;
        s->reg[i] = 0;
    }
    for (uint32_t i = 0; i < V; i++) {
        s->alpha[i] = 1000000 + ss_pcg32_bounded(&r, 1000000000);
        uint16_t vals[64];
        uint32_t len = 0;
        for (uint32_t j = 0; j < M; j++)
            if (ss_rng_uniform(&r) < density) {
                s->ent[i][len].uid = V + j;
                vals[len++] = (uint16_t)ss_pcg32_bounded(&r, 65536);
            }
        ss_weights_max_upscale(vals, len, vals);
        for (uint32_t k = 0; k < len; k++)
            s->ent[i][k].value = vals[k];
        s->rows[i].entries = s->ent[i];
        s->rows[i].len = len;
    }
}

static ss_yuma_input input_of(net *s, uint64_t block)
{
    ss_yuma_input in = {
        .n = s->n, .block = block, .last_step_block = block - 360, .owner_uid = -1,
        .alpha_stake_rao = s->alpha, .tao_stake_rao = NULL, .last_update = s->lu,
        .registered_block = s->reg, .commit_block = NULL, .weights = s->rows,
        .emission_rao = 1000000000,
    };
    return in;
}

static void test_params_and_names(void **state)
{
    (void)state;
    const char *names[] = {"original", "yuma3", "yuma1", "yuma2", "yuma2b", "yuma2c",
                           "ref-yuma3", "ref-yuma3-liquid"};
    for (size_t k = 0; k < 8; k++) {
        ss_yuma_variant v;
        assert_true(ss_yuma_variant_parse(names[k], &v));
        assert_string_equal(ss_yuma_variant_name(v), names[k]);
    }
    ss_yuma_variant v;
    assert_false(ss_yuma_variant_parse("yuma4", &v));
    ss_yuma_mode m;
    assert_true(ss_yuma_mode_parse("chain", &m) && m == SS_YUMA_CHAIN);
    assert_false(ss_yuma_mode_parse("double", &m));
    ss_yuma_params p;
    ss_yuma_params_default(&p);
    assert_int_equal(p.kappa, 32767);
    assert_int_equal(p.max_allowed_validators, 64);
    /* reference variants are float only */
    ss_yuma_params_for_variant(&p, SS_YUMA_REF_YUMA2);
    p.mode = SS_YUMA_CHAIN;
    ss_yuma *y = NULL;
    ss_error err;
    assert_int_equal(ss_yuma_create(&p, 8, &y, &err), SS_EINVAL);
    assert_null(y);
    assert_non_null(strstr(err.msg, "float"));
}

static void test_permits_topk_ties_and_owner(void **state)
{
    (void)state;
    ss_yuma_params p;
    ss_yuma_params_default(&p);
    p.max_allowed_validators = 2;
    p.tao_weight = 0;
    ss_yuma *y;
    assert_int_equal(ss_yuma_create(&p, 5, &y, NULL), SS_OK);
    net s;
    memset(&s, 0, sizeof s);
    s.n = 5;
    uint64_t st[5] = {100, 300, 300, 0, 300};
    memcpy(s.alpha, st, sizeof st);
    for (int i = 0; i < 5; i++)
        s.lu[i] = 10;
    ss_yuma_input in = input_of(&s, 20);
    in.last_step_block = 0;
    const ss_yuma_output *o;
    assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
    /* equal stakes: the higher uids win */
    bool expect[5] = {false, false, true, false, true};
    for (int i = 0; i < 5; i++)
        assert_int_equal(o->validator_permit[i], expect[i]);
    assert_memory_equal(ss_yuma_permits(y), expect, sizeof expect);
    /* the owner always holds a permit */
    in.owner_uid = 3;
    assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
    assert_true(o->validator_permit[3]);
    ss_yuma_reset_uid(y, 4);
    assert_false(ss_yuma_permits(y)[4]);
    ss_yuma_destroy(y);
}

static void test_bond_rows_reset_and_columns(void **state)
{
    (void)state;
    ss_yuma_params p;
    ss_yuma_params_default(&p);
    ss_yuma *y;
    assert_int_equal(ss_yuma_create(&p, 6, &y, NULL), SS_OK);
    ss_weight_entry row[] = {{4, 100}, {5, 200}};
    assert_int_equal(ss_yuma_set_bond_row(y, 1, row, 2, NULL), SS_OK);
    assert_int_equal(ss_yuma_bond_row(y, 1).len, 2);
    assert_true(fabs(ss_yuma_bond(y, 1, 5) - 200 / 65535.0) < 1e-12);
    ss_yuma_reset_bond_column(y, 4);
    assert_int_equal(ss_yuma_bond_row(y, 1).len, 1);
    assert_int_equal(ss_yuma_bond_row(y, 1).entries[0].uid, 5);
    ss_yuma_reset_uid(y, 1);
    assert_int_equal(ss_yuma_bond_row(y, 1).len, 0);
    assert_int_equal(ss_yuma_set_bond_row(y, 9, row, 2, NULL), SS_ERANGE);
    ss_yuma_destroy(y);
}

/* After warm-up, epochs on the same shape allocate nothing. */
static void test_no_allocation_after_warmup(void **state)
{
    (void)state;
    ss_yuma_variant vars[] = {SS_YUMA_ORIGINAL, SS_YUMA_YUMA3};
    ss_yuma_mode modes[] = {SS_YUMA_CHAIN, SS_YUMA_FLOAT};
    static net s;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.variant = vars[a];
            p.mode = modes[b];
            p.bonds_penalty = 30000; /* the interpolation path */
            p.liquid_alpha = b == 0; /* Yuma 3: general path in chain, fused in float */
            ss_yuma *y;
            assert_int_equal(ss_yuma_create(&p, 64, &y, NULL), SS_OK);
            make_net(&s, 16, 48, 11, 0.5);
            ss_yuma_input in = input_of(&s, 1000);
            const ss_yuma_output *o;
            for (int e = 0; e < 3; e++)
                assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
            unsigned long grown = y->grow_count;
            for (int e = 0; e < 20; e++) {
                make_net(&s, 16, 48, 100 + e, 0.5);
                in = input_of(&s, 1000 + 360 * e);
                assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
            }
            assert_int_equal(y->grow_count, grown);
            ss_yuma_destroy(y);
        }
}

/* Asserts two epochs' outputs and stored bonds are bit-identical. */
static void assert_same_epoch(const ss_yuma *ya, const ss_yuma_output *a, const ss_yuma *yb,
                              const ss_yuma_output *b)
{
    uint32_t n = a->n;
    assert_int_equal(n, b->n);
    const double *da[] = {a->stake, a->active_stake, a->consensus, a->incentive, a->dividends,
                          a->validator_trust};
    const double *db[] = {b->stake, b->active_stake, b->consensus, b->incentive, b->dividends,
                          b->validator_trust};
    for (int k = 0; k < 6; k++)
        assert_memory_equal(da[k], db[k], n * sizeof(double));
    assert_memory_equal(a->server_emission_rao, b->server_emission_rao, n * sizeof(uint64_t));
    assert_memory_equal(a->validator_emission_rao, b->validator_emission_rao,
                        n * sizeof(uint64_t));
    assert_memory_equal(a->emission_rao, b->emission_rao, n * sizeof(uint64_t));
    for (uint32_t i = 0; i < n; i++) {
        ss_weight_row ra = ss_yuma_bond_row(ya, i), rb = ss_yuma_bond_row(yb, i);
        assert_int_equal(ra.len, rb.len);
        for (uint32_t k = 0; k < ra.len; k++) {
            assert_int_equal(ra.entries[k].uid, rb.entries[k].uid);
            assert_int_equal(ra.entries[k].value, rb.entries[k].value);
        }
    }
}

/*
** The fused passes (fused_impl.h) give bit-identical results to the general
** step-by-step path, in both modes and bond models, for every kind of bonds
** penalty, with miners re-registering (masked bond columns), explicit zero
** weights and changing weights and stakes.
*/
static void test_fused_matches_general(void **state)
{
    (void)state;
    ss_yuma_variant vars[] = {SS_YUMA_ORIGINAL, SS_YUMA_YUMA3};
    ss_yuma_mode modes[] = {SS_YUMA_CHAIN, SS_YUMA_FLOAT};
    uint16_t penalties[] = {0, 30000, 65535};
    static net s;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++) {
                ss_yuma_params p;
                ss_yuma_params_default(&p);
                p.variant = vars[a];
                p.mode = modes[b];
                p.bonds_penalty = penalties[c];
                p.commit_reveal = false;
                ss_yuma *yf, *yg;
                assert_int_equal(ss_yuma_create(&p, 64, &yf, NULL), SS_OK);
                assert_int_equal(ss_yuma_create(&p, 64, &yg, NULL), SS_OK);
                yg->no_fused = true;
                for (int e = 0; e < 12; e++) {
                    /* new weights every other epoch; dense rows at times */
                    if (e % 2 == 0)
                        make_net(&s, 12, 40, 500 + 7 * (uint64_t)e + (uint64_t)(a + 2 * b + 4 * c),
                                 e % 4 == 0 ? 1.0 : 0.4);
                    for (uint32_t j = 12; j < s.n; j++)
                        if (e % 4 == 3 && (j * 7 + (uint32_t)e) % 23 == 0)
                            s.reg[j] = 1000 + 360 * (uint64_t)e - 100; /* re-registered */
                    for (uint32_t i = 0; i < 12; i++)
                        s.lu[i] = 1000 + 360 * (uint64_t)e - 1;
                    if (e % 3 == 1)
                        s.ent[0][0].value = 0; /* an explicit zero weight */
                    ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
                    const ss_yuma_output *of, *og;
                    assert_int_equal(ss_yuma_epoch(yf, &in, &of, NULL), SS_OK);
                    assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                    assert_same_epoch(yf, of, yg, og);
                }
                assert_true(yf->fused_count > 6);
                assert_int_equal(yg->fused_count, 0);
                ss_yuma_destroy(yf);
                ss_yuma_destroy(yg);
            }
}

/* Chain and float modes agree closely on random subnets, epoch after epoch. */
static void test_modes_agree(void **state)
{
    (void)state;
    static net s;
    for (int variant = 0; variant < 2; variant++)
        for (uint64_t seed = 1; seed <= 5; seed++) {
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.variant = variant ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
            p.liquid_alpha = variant == 1 && seed % 2;
            p.tao_weight = 0;
            ss_yuma *yc, *yf;
            p.mode = SS_YUMA_CHAIN;
            assert_int_equal(ss_yuma_create(&p, 64, &yc, NULL), SS_OK);
            p.mode = SS_YUMA_FLOAT;
            assert_int_equal(ss_yuma_create(&p, 64, &yf, NULL), SS_OK);
            for (int e = 0; e < 6; e++) {
                make_net(&s, 12, 40, seed * 100 + (uint64_t)e / 2, 0.6);
                ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
                const ss_yuma_output *oc, *of;
                assert_int_equal(ss_yuma_epoch(yc, &in, &oc, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yf, &in, &of, NULL), SS_OK);
                for (uint32_t i = 0; i < s.n; i++) {
                    assert_true(fabs(oc->incentive[i] - of->incentive[i]) < 1e-6);
                    /* bonds are stored as u16 in both modes; one-step differences
                    ** in a bond move dividends by about 1e-4 of their size */
                    assert_true(fabs(oc->dividends[i] - of->dividends[i]) < 2e-4);
                    assert_true(fabs(oc->consensus[i] - of->consensus[i]) < 1e-6);
                    double de = (double)oc->emission_rao[i] - (double)of->emission_rao[i];
                    assert_true(fabs(de) < 2e5); /* 2e-4 of E, as dividends */
                    assert_int_equal(oc->validator_permit[i], of->validator_permit[i]);
                }
            }
            ss_yuma_destroy(yc);
            ss_yuma_destroy(yf);
        }
}

/* A row submitted in another order stores and scores the same (no liquid alpha). */
static void test_unsorted_rows(void **state)
{
    (void)state;
    static net s, t;
    make_net(&s, 6, 20, 5, 0.7);
    t = s;
    for (uint32_t i = 0; i < 6; i++) {
        t.rows[i].entries = t.ent[i];
        for (uint32_t k = 0; k < t.rows[i].len / 2; k++) {
            ss_weight_entry x = t.ent[i][k];
            t.ent[i][k] = t.ent[i][t.rows[i].len - 1 - k];
            t.ent[i][t.rows[i].len - 1 - k] = x;
        }
    }
    for (int variant = 0; variant < 2; variant++) {
        ss_yuma_params p;
        ss_yuma_params_default(&p);
        p.variant = variant ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
        p.bonds_penalty = variant ? 65535 : 20000;
        ss_yuma *a, *b;
        assert_int_equal(ss_yuma_create(&p, 64, &a, NULL), SS_OK);
        assert_int_equal(ss_yuma_create(&p, 64, &b, NULL), SS_OK);
        for (int e = 0; e < 4; e++) {
            ss_yuma_input ia = input_of(&s, 1000 + 360 * (uint64_t)e);
            ss_yuma_input ib = input_of(&t, 1000 + 360 * (uint64_t)e);
            const ss_yuma_output *oa, *ob;
            assert_int_equal(ss_yuma_epoch(a, &ia, &oa, NULL), SS_OK);
            assert_int_equal(ss_yuma_epoch(b, &ib, &ob, NULL), SS_OK);
            assert_memory_equal(oa->incentive, ob->incentive, s.n * sizeof(double));
            assert_memory_equal(oa->dividends, ob->dividends, s.n * sizeof(double));
            assert_memory_equal(oa->emission_rao, ob->emission_rao, s.n * sizeof(uint64_t));
        }
        ss_yuma_destroy(a);
        ss_yuma_destroy(b);
    }
}

/* The reference variants run behind ss_yuma_epoch on chain-style input. */
static void test_reference_variants_through_epoch(void **state)
{
    (void)state;
    static net s;
    ss_yuma_variant vars[] = {SS_YUMA_REF_YUMA1, SS_YUMA_REF_YUMA2, SS_YUMA_REF_YUMA2B,
                              SS_YUMA_REF_YUMA2C, SS_YUMA_REF_YUMA3,
                              SS_YUMA_REF_YUMA3_LIQUID};
    for (size_t k = 0; k < 6; k++) {
        ss_yuma_params p;
        ss_yuma_params_default(&p);
        ss_yuma_params_for_variant(&p, vars[k]);
        p.mode = SS_YUMA_FLOAT;
        p.tao_weight = 0;
        ss_yuma *y;
        assert_int_equal(ss_yuma_create(&p, 64, &y, NULL), SS_OK);
        for (int e = 0; e < 5; e++) {
            make_net(&s, 8, 30, 40 + (uint64_t)e, 0.8);
            ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
            const ss_yuma_output *o;
            assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
            double si = 0, sd = 0;
            uint64_t paid = 0;
            for (uint32_t i = 0; i < s.n; i++) {
                si += o->incentive[i];
                sd += o->dividends[i];
                paid += o->server_emission_rao[i] + o->validator_emission_rao[i];
                assert_true(i < 8 || o->dividends[i] == 0.0);
            }
            assert_true(fabs(si - 1.0) < 1e-5);
            assert_true(fabs(sd - 1.0) < 1e-5);
            assert_true(paid <= in.emission_rao && paid > in.emission_rao - 1000);
        }
        ss_yuma_reset_uid(y, 10);
        for (uint32_t i = 0; i < 8; i++)
            assert_true(ss_yuma_bond(y, i, 10) == 0.0);
        ss_yuma_destroy(y);
    }
}

static void test_mechanisms(void **state)
{
    (void)state;
    uint64_t out[5];
    ss_mechanism_split_emission(10, 4, NULL, out);
    assert_int_equal(out[0], 4);
    assert_int_equal(out[1], 2);
    uint16_t split[] = {3450, 6899, 10348, 17247, 27594};
    ss_mechanism_split_emission(19, 5, split, out);
    uint64_t fib[] = {1, 2, 3, 5, 8};
    assert_memory_equal(out, fib, sizeof fib);
    uint64_t x[] = {65535, 0}, share[] = {500, 500};
    assert_int_equal(ss_mechanism_aggregate(x, share, 2, 1000), 32767);
    uint64_t none[] = {0, 0};
    assert_int_equal(ss_mechanism_aggregate(x, none, 2, 0), 65535);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_params_and_names),
        cmocka_unit_test(test_permits_topk_ties_and_owner),
        cmocka_unit_test(test_bond_rows_reset_and_columns),
        cmocka_unit_test(test_no_allocation_after_warmup),
        cmocka_unit_test(test_fused_matches_general),
        cmocka_unit_test(test_modes_agree),
        cmocka_unit_test(test_unsorted_rows),
        cmocka_unit_test(test_reference_variants_through_epoch),
        cmocka_unit_test(test_mechanisms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
