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

#include "consensus/fixed.h"
#include "consensus/num_float.h"
#include "consensus/yuma_internal.h"
#include "subnetsim/consensus.h"
#include "subnetsim/rng.h"

/* A random subnet: V validators (uids 0..V-1) weighting M miners. */
enum { NET_MAX = 192 };
typedef struct net {
    uint32_t n;
    uint64_t alpha[NET_MAX], lu[NET_MAX], reg[NET_MAX];
    ss_weight_entry ent[NET_MAX][NET_MAX];
    ss_weight_row rows[NET_MAX];
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
        uint16_t vals[NET_MAX];
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
        for (int b = 0; b < 2; b++)
            for (int dense = 0; dense < 3; dense++) { /* sparse, whole runs, gapped runs */
                ss_yuma_params p;
                ss_yuma_params_default(&p);
                p.variant = vars[a];
                p.mode = modes[b];
                p.bonds_penalty = 30000; /* the interpolation path */
                /* Yuma 3: general path in chain, fused in float; dense epochs */
                p.liquid_alpha = b == 0 && !dense;
                p.commit_reveal = !dense;
                ss_yuma *y;
                assert_int_equal(ss_yuma_create(&p, 64, &y, NULL), SS_OK);
                double density = (double[]){0.2, 1.0, 0.7}[dense];
                make_net(&s, 16, 48, 11, density);
                ss_yuma_input in = input_of(&s, 1000);
                const ss_yuma_output *o;
                for (int e = 0; e < 3; e++)
                    assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
                unsigned long grown = y->grow_count;
                for (int e = 0; e < 20; e++) {
                    make_net(&s, 16, 48, 100 + e, density);
                    in = input_of(&s, 1000 + 360 * e);
                    assert_int_equal(ss_yuma_epoch(y, &in, &o, NULL), SS_OK);
                }
                assert_int_equal(y->grow_count, grown);
                assert_true(dense ? y->dense_epochs >= 20 : y->dense_epochs == 0);
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
                                 e % 4 == 0 ? 1.0 : 0.25);
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

/*
** The block medians (median_block_impl.h) give the same consensus,
** and so the same epoch, as the column-by-column path: dense rows with
** many ties, explicit zeros, validators with stake but no weights, both
** modes, several majorities, and two whales of nearly half the stake each
** with dust validators between them (the brackets' scaled masses lose the
** dust, so the brackets miss and the exact walk must catch it).
*/
static void test_dense_medians_match_columns(void **state)
{
    (void)state;
    static net s;
    uint16_t kappas[] = {32767, 0, 65535, 40000};
    for (int mode = 0; mode < 2; mode++)
        for (int c = 0; c < 10; c++) {
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.mode = mode ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
            p.kappa = c >= 8 ? 32767 : kappas[c % 4];
            p.commit_reveal = false;
            ss_yuma *yd, *yc;
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yd, NULL), SS_OK);
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yc, NULL), SS_OK);
            yc->no_dense = true;
            /* 15 samples below 128 rows, 31 from 128 */
            uint32_t V = c % 2 ? 130 + 4 * (uint32_t)c : 20 + 4 * (uint32_t)c;
            p.max_allowed_validators = (uint16_t)V;
            yd->p.max_allowed_validators = yc->p.max_allowed_validators = (uint16_t)V;
            for (int e = 0; e < 6; e++) {
                make_net(&s, V, (c % 2 ? NET_MAX : 64) - V, 900 + 10 * (uint64_t)c + (uint64_t)e,
                         1.0);
                for (uint32_t i = 0; i < V; i++)
                    for (uint32_t k = 0; k < s.rows[i].len; k++) {
                        if (c >= 4) /* few levels: ties everywhere */
                            s.ent[i][k].value = (uint16_t)(s.ent[i][k].value / 16384 * 16384);
                        if ((i + k + (uint32_t)e) % 11 == 0)
                            s.ent[i][k].value = 0;
                    }
                if (e % 2)
                    s.rows[V - 1].len = s.rows[V - 3].len = 0; /* stake, no weights */
                if (c >= 8) /* the whales' 32768 : 32767 is kappa's; dust decides */
                    for (uint32_t i = 0; i < V; i++)
                        s.alpha[i] = i < 2 ? (uint64_t)(32768 - i) << 40
                                           : (10000000ull << (e % 3 * 3)) + 7 * i;
                ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
                const ss_yuma_output *od, *oc;
                assert_int_equal(ss_yuma_epoch(yd, &in, &od, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yc, &in, &oc, NULL), SS_OK);
                assert_same_epoch(yd, od, yc, oc);
            }
            assert_true(yd->dense_count >= 5);
            assert_int_equal(yc->dense_count, 0);
            ss_yuma_destroy(yd);
            ss_yuma_destroy(yc);
        }
}

/*
** The AVX2 and AVX-512 builds of the epoch give the same bits as the
** portable one, on dense, gapped and sparse subnets, both models and modes,
** every kind of bonds penalty, with liquid alpha (each build where the
** processor has it; skipped where it has neither).
*/
static void test_simd_matches_portable(void **state)
{
    (void)state;
#ifdef SS_HAVE_AVX2_BUILD
    if (ss__yuma_simd_best() == SS_SIMD_PORTABLE)
        skip();
    static net s;
    uint16_t penalties[] = {0, 30000, 65535};
    for (int simd = SS_SIMD_AVX2; simd <= ss__yuma_simd_best(); simd++) {
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 9; c++) {
                    ss_yuma_params p;
                    ss_yuma_params_default(&p);
                    p.variant = a ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
                    p.mode = b ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
                    p.bonds_penalty = penalties[c % 3];
                    p.liquid_alpha = c == 5;
                    p.commit_reveal = false;
                    ss_yuma *yv, *yp;
                    assert_int_equal(ss_yuma_create(&p, 64, &yv, NULL), SS_OK);
                    assert_int_equal(ss_yuma_create(&p, 64, &yp, NULL), SS_OK);
                    yv->simd = simd;
                    yp->simd = SS_SIMD_PORTABLE;
                    uint32_t V = c < 3 ? 24 : 10;
                    for (int e = 0; e < 8; e++) {
                        if (e % 3 == 0)
                            make_net(&s, V, 64 - V, 70 + (uint64_t)(e + 8 * c + 50 * a + 100 * b),
                                     c < 3 ? 1.0 : c < 6 ? 0.3 : 0.7); /* dense, sparse, gaps */
                        for (uint32_t i = 0; i < V; i++)
                            s.lu[i] = 1000 + 360 * (uint64_t)e - 1;
                        if (e == 5)
                            s.reg[V + 3] = 1000 + 360 * (uint64_t)e - 10; /* a masked column */
                        ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
                        const ss_yuma_output *ov, *op;
                        assert_int_equal(ss_yuma_epoch(yv, &in, &ov, NULL), SS_OK);
                        assert_int_equal(ss_yuma_epoch(yp, &in, &op, NULL), SS_OK);
                        assert_same_epoch(yv, ov, yp, op);
                    }
                    s.reg[V + 3] = 0;
                    ss_yuma_destroy(yv);
                    ss_yuma_destroy(yp);
                }
    }
#else
    skip();
#endif
}

/*
** Dense epochs (dense_impl.h, a block of columns at a time) give the same
** bits as the general path, in both modes and bond models and for every
** kind of bonds penalty: validators with stake and no weights, with bonds
** and no permit, rows of zero weights, explicit zeros (the EMA drops cells:
** bonds with gaps), runs that start and end off a multiple of eight, few
** and many validators, majorities from 0 to 1, re-registrations (epochs
** that cannot be dense in between), and the bond accessors on the block
** form afterwards.
*/
static void test_dense_matches_general(void **state)
{
    (void)state;
    static net s;
    uint16_t penalties[] = {0, 30000, 65535}, kappas[] = {32767, 0, 65535, 40000};
    int dense_runs = 0;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 6; c++) {
                ss_yuma_params p;
                ss_yuma_params_default(&p);
                p.variant = a ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
                p.mode = b ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
                p.bonds_penalty = penalties[c % 3];
                p.kappa = kappas[(c + a) % 4];
                p.commit_reveal = false;
                uint32_t V = (uint32_t[]){5, 13, 21, 40, 130, 150}[c];
                uint32_t M = (uint32_t[]){11, 37, 60, 45, 50, 41}[c];
                p.max_allowed_validators = (uint16_t)V;
                ss_yuma *yd, *yg;
                assert_int_equal(ss_yuma_create(&p, NET_MAX, &yd, NULL), SS_OK);
                assert_int_equal(ss_yuma_create(&p, NET_MAX, &yg, NULL), SS_OK);
                yg->no_fused = true;
                for (int e = 0; e < 9; e++) {
                    uint64_t block = 1000 + 360 * (uint64_t)e;
                    if (e % 3 == 0)
                        make_net(&s, V, M, 800 + (uint64_t)(e + 10 * c + 100 * a + 200 * b),
                                 1.0);
                    for (uint32_t i = 0; i < V; i++) {
                        s.lu[i] = block - 1;
                        for (uint32_t k = 0; k < s.rows[i].len; k++)
                            if ((i * 7 + k * 3 + (uint32_t)e) % 29 == 0)
                                s.ent[i][k].value = 0; /* explicit zeros */
                    }
                    if (e == 4) /* every value of one row zero */
                        for (uint32_t k = 0; k < s.rows[1].len; k++)
                            s.ent[1][k].value = 0;
                    if (e % 4 == 1)
                        s.rows[V - 1].len = 0; /* stake, no weights */
                    if (e == 6)
                        s.alpha[V - 2] = 0; /* bonds without a permit next epoch */
                    if (e == 7)
                        s.reg[V + 2] = block - 50; /* a masked bond column and weights */
                    ss_yuma_input in = input_of(&s, block);
                    const ss_yuma_output *od, *og;
                    assert_int_equal(ss_yuma_epoch(yd, &in, &od, NULL), SS_OK);
                    assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                    assert_same_epoch(yd, od, yg, og);
                    for (uint32_t i = 0; i < V; i++)
                        for (uint32_t j = V; j < s.n; j += 5)
                            assert_true(ss_yuma_bond(yd, i, j) == ss_yuma_bond(yg, i, j));
                }
                assert_true(yd->dense_epochs >= 5);
                assert_int_equal(yg->dense_epochs, 0);
                dense_runs++;
                /* the block form's accessors and its way back to entries */
                ss_yuma_reset_bond_column(yd, V + 1);
                ss_yuma_reset_bond_column(yg, V + 1);
                ss_yuma_input in = input_of(&s, 1000 + 360 * 9);
                const ss_yuma_output *od, *og;
                assert_int_equal(ss_yuma_epoch(yd, &in, &od, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                assert_same_epoch(yd, od, yg, og);
                ss_yuma_destroy(yd);
                ss_yuma_destroy(yg);
            }
    assert_int_equal(dense_runs, 24);
}

/* Asserts two trace matrices (W, ΔB) have the same cells, bit for bit. */
static void assert_same_csr(const ss__csr *a, const ss__csr *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        assert_int_equal(a->len[i], b->len[i]);
        if (a->len[i] == 0)
            continue;
        assert_memory_equal(a->col + a->start[i], b->col + b->start[i],
                            a->len[i] * sizeof *a->col);
        assert_memory_equal((const int64_t *)a->val + a->start[i],
                            (const int64_t *)b->val + b->start[i], a->len[i] * sizeof(int64_t));
    }
}

/*
** Dense epochs over rows with gaps give the same bits as the general path:
** rows that are ascending subsets of the run (random gaps, different first
** and last columns, whole runs inside it, a row of one entry, a column of
** another validator),
** cells masked by registrations after a row's update or commit (§4.5), bond
** columns of re-registered miners (§4.10), the owner's self weight; both
** modes and bond models, every kind of bonds penalty, the portable, AVX2
** and AVX-512 builds; the traces' W and ΔB too. A row holding its own
** column and a row out of order are not taken; sparse subnets stay on the
** fused passes.
*/
static void test_dense_gaps_match_general(void **state)
{
    (void)state;
    static net s;
    static uint64_t commit[NET_MAX];
    uint16_t penalties[] = {0, 30000, 65535};
    const int simd = ss__yuma_simd_best() + 1; /* the builds to try */
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 3; c++)
                for (int v = 0; v < simd; v++) {
                    ss_yuma_params p;
                    ss_yuma_params_default(&p);
                    p.variant = a ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
                    p.mode = b ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
                    p.bonds_penalty = penalties[c];
                    p.commit_reveal = c == 1;
                    uint32_t V = (uint32_t[]){6, 17, 33}[c], M = (uint32_t[]){45, 70, 100}[c];
                    p.max_allowed_validators = (uint16_t)V;
                    ss_yuma *yd, *yg;
                    assert_int_equal(ss_yuma_create(&p, NET_MAX, &yd, NULL), SS_OK);
                    assert_int_equal(ss_yuma_create(&p, NET_MAX, &yg, NULL), SS_OK);
                    yg->no_fused = true;
                    yd->simd = v;
                    yg->simd = SS_SIMD_PORTABLE;
                    yd->keep_trace = true;
                    unsigned long fused = 0;
                    for (int e = 0; e < 14; e++) {
                        uint64_t block = 1000 + 360 * (uint64_t)e;
                        bool sparse = e == 12 || e == 13, dense = e > 0; /* permits from e 1 */
                        if (e % 3 == 0 || sparse)
                            make_net(&s, V, M, 4000 + (uint64_t)(e + 20 * c + 100 * a + 200 * b),
                                     sparse ? 0.15 : (double[]){0.9, 0.6, 0.75}[e / 3 % 3]);
                        for (uint32_t i = 0; i < V; i++) {
                            s.lu[i] = block - 1;
                            commit[i] = UINT64_MAX;
                        }
                        int32_t owner = -1;
                        if (e == 1) { /* one entry; ends cut off; a validator's column */
                            s.rows[0].len = 1;
                            s.ent[0][0] = (ss_weight_entry){V + M - 1, 65535};
                            s.rows[1].entries = s.ent[1] + 5;
                            s.rows[1].len -= 9;
                            s.ent[2][0].uid = V - 1;
                        }
                        if (e == 2 || e == 5) { /* miners re-registered: masked bonds, and
                                                ** weights of rows not updated since */
                            for (uint32_t j = V; j < s.n; j += 7 + (uint32_t)e)
                                s.reg[j] = block - 100;
                            for (uint32_t i = 0; i < V; i += 2)
                                s.lu[i] = block - 200;
                            for (uint32_t i = 1; i < V; i += 4)
                                commit[i] = block - 150; /* commit-reveal's mask */
                        }
                        if (e == 7) { /* the owner weights itself */
                            owner = (int32_t)(V - 1);
                            ss_weight_entry *r = s.ent[V - 1];
                            memmove(r + 1, r, s.rows[V - 1].len * sizeof *r);
                            r[0] = (ss_weight_entry){V - 1, 30000};
                            s.rows[V - 1].len++;
                        }
                        if (e == 8 || e == 10) { /* row 1 weights itself; a row out of order */
                            uint32_t i = e == 8 ? 1 : 2;
                            ss_weight_entry *r = s.ent[i];
                            if (e == 8) {
                                memmove(r + 1, r, s.rows[i].len * sizeof *r);
                                r[0] = (ss_weight_entry){i, 30000};
                                s.rows[i].len++;
                            } else {
                                ss_weight_entry t = r[3];
                                r[3] = r[4];
                                r[4] = t;
                            }
                            dense = false;
                        }
                        if (e == 4 || e == 6) /* whole runs inside the union, other ends */
                            for (uint32_t i = 2; i < 5; i++) {
                                uint32_t from = V + (uint32_t)e + 3 * i, to = V + M - 2 * i;
                                for (uint32_t k = 0; k < to - from; k++)
                                    s.ent[i][k] = (ss_weight_entry){from + k,
                                                                    (uint16_t)(1000 * k + i)};
                                s.rows[i].len = to - from;
                            }
                        if (e == 9 || e == 11) /* rows of zeros (EMA drops cells) */
                            for (uint32_t k = 0; k < s.rows[3].len; k++)
                                s.ent[3][k].value = 0;
                        ss_yuma_input in = input_of(&s, block);
                        in.owner_uid = owner;
                        in.commit_block = commit;
                        const ss_yuma_output *od, *og;
                        unsigned long before = yd->dense_epochs;
                        fused = yd->fused_count;
                        assert_int_equal(ss_yuma_epoch(yd, &in, &od, NULL), SS_OK);
                        assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                        assert_same_epoch(yd, od, yg, og);
                        for (uint32_t i = 0; i < V; i++)
                            for (uint32_t j = 0; j < s.n; j++)
                                assert_true(ss_yuma_bond(yd, i, j) == ss_yuma_bond(yg, i, j));
                        ss__yuma_trace td, tg;
                        assert_true(ss__yuma_trace_get(yd, &td));
                        assert_true(ss__yuma_trace_get(yg, &tg));
                        assert_same_csr(td.weights, tg.weights, s.n);
                        if (!a)
                            assert_same_csr(td.bonds_delta, tg.bonds_delta, s.n);
                        /* every epoch dense but those that cannot be; sparse: fused */
                        assert_int_equal(yd->dense_epochs, before + (dense && !sparse));
                        if (sparse)
                            assert_int_equal(yd->fused_count, fused + 1);
                        if (e == 1 || e == 4 || e == 7 || e == 8 || e == 10) { /* undo */
                            s.rows[1].entries = s.ent[1];
                            make_net(&s, V, M, 4100 + (uint64_t)e, 0.8);
                        }
                        if (e == 2 || e == 5)
                            for (uint32_t j = 0; j < s.n; j++)
                                s.reg[j] = 0;
                    }
                    assert_int_equal(yg->dense_epochs, 0);
                    ss_yuma_destroy(yd);
                    ss_yuma_destroy(yg);
                }
}

/*
** The counterfactual that keeps the bond rows of UIDs without a permit
** (keep_bonds_without_permit, the bond gamer's) on a dense subnet: the epoch
** equals the general path's, and a validator that lost its permit keeps its
** row, which the chain (the switch off) clears.
*/
static void test_kept_bonds_without_permit_on_dense_subnets(void **state)
{
    (void)state;
    static net s;
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++) {
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.variant = a ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
            p.mode = b ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
            p.commit_reveal = false;
            p.max_allowed_validators = 16;
            ss_yuma *yk, *yg, *yc;
            p.keep_bonds_without_permit = true;
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yk, NULL), SS_OK);
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yg, NULL), SS_OK);
            p.keep_bonds_without_permit = false;
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yc, NULL), SS_OK);
            yg->no_fused = true;
            make_net(&s, 16, 48, 61 + (uint64_t)(a + 2 * b), 1.0);
            for (int e = 0; e < 6; e++) {
                uint64_t block = 1000 + 360 * (uint64_t)e;
                for (uint32_t i = 0; i < 16; i++)
                    s.lu[i] = block - 1;
                if (e == 3) { /* validator 2 empties its stake: no permit from here */
                    s.alpha[2] = 0;
                    s.rows[2].len = 0;
                }
                ss_yuma_input in = input_of(&s, block);
                const ss_yuma_output *ok, *og, *oc;
                assert_int_equal(ss_yuma_epoch(yk, &in, &ok, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yc, &in, &oc, NULL), SS_OK);
                assert_same_epoch(yk, ok, yg, og);
                for (uint32_t j = 16; j < s.n; j += 3)
                    assert_true(ss_yuma_bond(yk, 2, j) == ss_yuma_bond(yg, 2, j));
            }
            assert_true(ss_yuma_bond_row(yk, 2).len > 0);
            assert_int_equal(ss_yuma_bond_row(yc, 2).len, 0);
            assert_true(yc->dense_epochs >= 3);
            ss_yuma_destroy(yk);
            ss_yuma_destroy(yg);
            ss_yuma_destroy(yc);
        }
}

/* A row whose ends and length are those of the run but whose middle is
** not (two columns swapped, a column repeated) is not taken for dense, and
** the epoch equals the general path's. */
static void test_dense_rejects_false_runs(void **state)
{
    (void)state;
    static net s;
    for (int mode = 0; mode < 2; mode++)
        for (int fault = 0; fault < 2; fault++) {
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.mode = mode ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
            p.commit_reveal = false;
            p.max_allowed_validators = 20;
            ss_yuma *yd, *yg;
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yd, NULL), SS_OK);
            assert_int_equal(ss_yuma_create(&p, NET_MAX, &yg, NULL), SS_OK);
            yg->no_fused = true;
            make_net(&s, 20, 60, 31, 1.0);
            for (int e = 0; e < 5; e++) {
                if (e == 3) { /* row 4: columns 40 and 41 swapped, or 41 repeated */
                    ss_weight_entry *r = s.ent[4];
                    if (fault) {
                        ss_weight_entry t = r[20];
                        r[20] = r[21];
                        r[21] = t;
                    } else {
                        r[21].uid = r[20].uid;
                    }
                }
                ss_yuma_input in = input_of(&s, 1000 + 360 * (uint64_t)e);
                const ss_yuma_output *od, *og;
                unsigned long before = yd->dense_epochs;
                assert_int_equal(ss_yuma_epoch(yd, &in, &od, NULL), SS_OK);
                assert_int_equal(ss_yuma_epoch(yg, &in, &og, NULL), SS_OK);
                assert_same_epoch(yd, od, yg, og);
                if (e >= 3)
                    assert_int_equal(yd->dense_epochs, before);
            }
            assert_true(yd->dense_epochs >= 2);
            ss_yuma_destroy(yd);
            ss_yuma_destroy(yg);
        }
}

/* Chain mode's vector arithmetic in the dense epochs is the chain's: the
** row-normalised weights for all u16 over many sums, the divisions by a
** column sum and the products on [0, 1], edges included. */
static void test_dense_chain_arithmetic(void **state)
{
    (void)state;
    enum { N = 65536 };
    static uint16_t v[N];
    static int64_t out[N], a[N], c[N];
    for (uint32_t k = 0; k < N; k++)
        v[k] = (uint16_t)k;
    uint64_t sums[] = {1, 2, 3, 7, 255, 65534, 65535, 65536, 65537, 131071, 1000003,
                       4294967295u / 7, 2147450880u, 6700417, 3 * 65535, 999999937};
    const size_t listed = sizeof sums / sizeof sums[0];
    for (size_t t = 0; t < listed + 3000; t++) {
        /* the listed sums, then every sum to 3000 (103 is the first whose
        ** double estimate falls below an exact quotient) */
        uint64_t sum = t < listed ? sums[t] : t - listed + 1;
        ss__dense_weights_chain(v, sum < N ? ((uint32_t)sum + 4) / 4 * 4 : N, sum, out);
        for (uint32_t k = 0; k < N && k <= sum; k++)
            assert_int_equal(out[k], ss_fx_sdiv((int64_t)k << 32, (int64_t)sum << 32));
    }
    ss__dense_weights_chain(v, 8, 0, out); /* the row of zeros */
    assert_int_equal(out[0], 0);
    ss_pcg32 r;
    ss_pcg32_seed(&r, 9, 1);
    const int64_t one = (int64_t)1 << 32;
    for (uint32_t k = 0; k < N; k++) {
        uint64_t x = ss_pcg32_next(&r) | (uint64_t)ss_pcg32_next(&r) << 32;
        a[k] = k % 5 == 0 ? one : k % 7 == 0 ? 0 : (int64_t)(x % (uint64_t)(one + 1));
        uint64_t span = k % 3 ? (uint64_t)1 << (33 + k % 15) : (uint64_t)one;
        c[k] = a[k] + (k % 11 == 0 ? 0 : (int64_t)(ss_pcg32_next(&r) % span));
        if (c[k] == 0)
            c[k] = 1, a[k] = 1;
    }
    ss__dense_div_chain(a, c, N, out);
    for (uint32_t k = 0; k < N; k++)
        assert_int_equal(out[k], ss_fx_sdiv(a[k], c[k]));
    for (uint32_t k = 0; k < N; k++)
        c[k] = k % 13 == 0 ? one : (int64_t)(ss_pcg32_next(&r) % (uint64_t)(one + 1));
    ss__dense_mul_chain(a, c, N, out);
    for (uint32_t k = 0; k < N; k++)
        assert_int_equal(out[k], ss_fx_mul(a[k], c[k]));
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

/* Float mode's u16 -> v / 65535 by multiplications is the division, for
** every u16 (num_float.h; the vector loops use the same formula, the
** AVX-512 build's walk with a fused multiply-add, checked where it runs). */
static void test_prop_u16_without_division(void **state)
{
    (void)state;
    static uint16_t all[65536];
    static double avx512[65536];
    bool vec = false;
#ifdef SS_HAVE_AVX2_BUILD
    for (uint32_t v = 0; v <= 65535; v++)
        all[v] = (uint16_t)v;
    if ((vec = ss__yuma_simd_best() == SS_SIMD_AVX512))
        ss__dense_prop_u16_avx512(all, 65536, avx512); /* its fused multiply-add */
#endif
    for (uint32_t v = 0; v <= 65535; v++) {
        volatile double q = (double)v / 65535.0;
        assert_true(n_prop_u16((uint16_t)v) == q);
        assert_true(!vec || avx512[v] == q);
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
        cmocka_unit_test(test_dense_medians_match_columns),
        cmocka_unit_test(test_simd_matches_portable),
        cmocka_unit_test(test_dense_matches_general),
        cmocka_unit_test(test_dense_gaps_match_general),
        cmocka_unit_test(test_kept_bonds_without_permit_on_dense_subnets),
        cmocka_unit_test(test_dense_rejects_false_runs),
        cmocka_unit_test(test_dense_chain_arithmetic),
        cmocka_unit_test(test_prop_u16_without_division),
        cmocka_unit_test(test_modes_agree),
        cmocka_unit_test(test_unsorted_rows),
        cmocka_unit_test(test_reference_variants_through_epoch),
        cmocka_unit_test(test_mechanisms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
