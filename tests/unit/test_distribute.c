/*
** Tests of the epoch distribution: miner incentive withheld from the owner's
** keys (MinerBurned), parent/child re-routing with childkey take and CKBurn,
** the root/alpha split, validator take, owner cut, buckets nobody can be
** paid from, and that every drained rao ends somewhere.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "subnetsim/economy.h"

#define N 4

typedef struct fixture {
    ss_economy *e;
    ss_drain d;
    uint64_t miner[N], take[N], nom[N], claim[N], rtake[N], rnom[N];
    ss_dist_output out;
} fixture;

/* One subnet with the given pending buckets, drained. */
static void setup(fixture *f, const ss_econ_params *p, uint64_t ps, uint64_t pv, uint64_t pr,
                  uint64_t po)
{
    memset(f, 0, sizeof *f);
    assert_int_equal(ss_economy_create(p, &f->e, NULL), SS_OK);
    assert_int_equal(ss_economy_genesis_subnet(f->e, 1, 1000000000000ULL, 1000000000000ULL, true,
                                               NULL), SS_OK);
    ss_econ_subnet *s = ss_economy_subnet(f->e, 1);
    s->pending_server_rao = ps;
    s->pending_validator_rao = pv;
    s->pending_root_rao = pr;
    s->pending_owner_rao = po;
    s->alpha_out_rao += ps + pv + pr + po;
    s->alpha_issued_rao += ps + pv + pr + po;
    ss_economy_drain(f->e, 1, &f->d);
    f->out = (ss_dist_output){f->miner, f->take, f->nom, f->claim, f->rtake, f->rnom,
                              0, 0, 0, 0, 0, 0, 0, 0};
}

/* Every drained rao is booked exactly once. */
static void assert_conserved(const fixture *f, uint32_t n)
{
    uint64_t paid = f->out.owner_cut_rao, claimable = 0;
    for (uint32_t k = 0; k < n; k++) {
        paid += f->miner[k] + f->take[k] + f->nom[k];
        claimable += f->claim[k];
    }
    assert_int_equal(paid, f->out.paid_alpha_rao);
    uint64_t drained = f->d.server_rao + f->d.validator_rao + f->d.root_rao + f->d.owner_rao;
    assert_int_equal(paid + claimable + f->out.withheld_rao + f->out.ck_burn_rao
                         + f->out.unowned_rao, drained);
    assert_int_equal(ss_economy_subnet(f->e, 1)->draining_rao, 0);
}

static void test_owner_withheld_sets_miner_burned(void **state)
{
    (void)state;
    for (int mode = 0; mode < 2; mode++) {
        ss_econ_params p;
        ss_econ_params_default(&p);
        p.recycle_or_burn = mode ? SS_WITHHELD_RECYCLE : SS_WITHHELD_BURN;
        fixture f;
        setup(&f, &p, 500000000, 500000000, 0, 100);
        double inc[3] = {0.2, 0.3, 0.5}, div[3] = {0, 0, 1};
        uint64_t stake[3] = {0, 0, 1000000000};
        bool owned[3] = {false, true, false};
        ss_dist_input in = {3, NULL, inc, div, stake, NULL, NULL, NULL, owned, NULL, 0};
        const ss_econ_subnet *s = ss_economy_subnet(f.e, 1);
        uint64_t out_before = s->alpha_out_rao;
        assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, NULL), SS_OK);
        assert_int_equal(f.miner[0], 100000000);
        assert_int_equal(f.miner[1], 0);
        assert_int_equal(f.out.withheld_rao, 150000000);
        assert_float_equal(f.out.miner_burned, 0.3, 1e-12);
        assert_float_equal(s->miner_burned, 0.3, 1e-12);
        assert_int_equal(f.out.owner_cut_rao, 100);
        if (mode) {
            assert_int_equal(s->alpha_recycled_rao, 150000000);
            assert_int_equal(s->alpha_out_rao, out_before - 150000000);
        } else {
            assert_int_equal(s->alpha_burned_rao, 150000000);
            assert_int_equal(s->alpha_out_rao, out_before);
        }
        /* The validator takes the validator bucket (take 18% to its owner). */
        assert_int_equal(f.take[2] + f.nom[2], 500000000);
        assert_int_equal(f.take[2], (uint64_t)500000000 * 11796 / 65535);
        assert_conserved(&f, 3);
        ss_economy_destroy(f.e);
    }
}

static void test_parent_child(void **state)
{
    (void)state;
    for (int variant = 0; variant < 3; variant++) {
        ss_econ_params p;
        ss_econ_params_default(&p);
        p.tao_weight = 0.0;
        if (variant == 2)
            p.ck_burn = 6553; /* about 10% */
        fixture f;
        setup(&f, &p, 0, 1000000000, 0, 0);
        /* 0: parent without a UID (3e9 alpha), lends half to 1: child (1e9 alpha). */
        bool has_uid[2] = {false, true};
        double div[2] = {0, 1};
        uint64_t stake[2] = {3000000000ULL, 1000000000ULL};
        uint16_t take[2] = {0, 0}, ctake[2] = {0, 6553};
        ss_child_link link = {0, 1, 0.5, variant == 1};
        ss_dist_input in = {2, has_uid, NULL, div, stake, NULL, take, ctake, NULL, &link, 1};
        assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, NULL), SS_OK);
        /* The child's stake weight is 1e9 own + 1.5e9 lent: the parent's part is 60%. */
        double share = 0.6, ctk = 6553.0 / 65535.0, ckb = variant == 2 ? 6553.0 / 65535.0 : 0;
        if (variant == 1) {
            assert_float_equal((double)f.nom[0], 6e8, 1.0);
            assert_float_equal((double)f.nom[1], 4e8, 1.0);
        } else {
            double parent = share * (1 - ckb) * (1 - ctk);
            double child = 0.4 + share * (1 - ckb) * ctk;
            assert_float_equal((double)f.nom[0], 1e9 * parent, 1.0);
            assert_float_equal((double)f.nom[1], 1e9 * child, 1.0);
            assert_float_equal((double)f.out.ck_burn_rao, 1e9 * share * ckb, 1.0);
        }
        assert_conserved(&f, 2);
        ss_economy_destroy(f.e);
    }
}

static void test_root_alpha_split(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.tao_weight = 0.5;
    fixture f;
    setup(&f, &p, 0, 600000000, 400000000, 0);
    /* Equal dividends; validator 0 is all alpha, validator 1 half root by weight. */
    double div[2] = {1, 1};
    uint64_t alpha[2] = {1000000000, 1000000000}, root[2] = {0, 2000000000};
    uint16_t take[2] = {0, 6553};
    ss_dist_input in = {2, NULL, NULL, div, alpha, root, take, NULL, NULL, NULL, 0};
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, NULL), SS_OK);
    /* rootfrac: 0 and 0.5; alpha weights 1 and 0.5; root weights 0 and 0.5. */
    assert_int_equal(f.nom[0], 400000000);
    uint64_t a1 = 200000000, r1 = 400000000;
    uint64_t t1 = a1 * 6553 / 65535 + r1 * 6553 / 65535;
    assert_int_equal(f.take[1], t1);
    assert_int_equal(f.nom[1], a1 - a1 * 6553 / 65535);
    assert_int_equal(f.claim[1], r1 - r1 * 6553 / 65535);
    assert_int_equal(f.claim[0], 0);
    const ss_econ_subnet *s = ss_economy_subnet(f.e, 1);
    assert_int_equal(s->root_claimable_rao, f.claim[1]);
    assert_conserved(&f, 2);
    ss_economy_destroy(f.e);
}

static void test_zero_sums_leave_alpha_unowned(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    /* Root dividends pending but nobody has root stake: PR is not paid. */
    fixture f;
    setup(&f, &p, 100, 200, 300, 7);
    double div[1] = {1};
    uint64_t alpha[1] = {5};
    uint16_t take[1] = {0};
    ss_dist_input in = {1, NULL, NULL, div, alpha, NULL, take, NULL, NULL, NULL, 0};
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, NULL), SS_OK);
    assert_int_equal(f.nom[0], 300); /* PV + PS: no incentive */
    assert_int_equal(f.out.unowned_rao, 300);
    assert_int_equal(f.out.owner_cut_rao, 7);
    assert_conserved(&f, 1);
    ss_economy_destroy(f.e);
    /* Incentive but no dividends: miners take T, validators nothing. */
    setup(&f, &p, 100, 100, 0, 0);
    double inc[2] = {1, 0};
    uint64_t stake2[2] = {0, 1000};
    ss_dist_input in2 = {2, NULL, inc, NULL, stake2, NULL, NULL, NULL, NULL, NULL, 0};
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in2, &f.out, NULL), SS_OK);
    assert_int_equal(f.miner[0], 200);
    assert_int_equal(f.out.unowned_rao, 0);
    assert_conserved(&f, 2);
    ss_economy_destroy(f.e);
    /* No hotkeys at all. */
    setup(&f, &p, 100, 100, 10, 5);
    ss_dist_input none = {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &none, &f.out, NULL), SS_OK);
    assert_int_equal(f.out.unowned_rao, 210);
    assert_int_equal(f.out.owner_cut_rao, 5);
    ss_economy_destroy(f.e);
}

static void test_root_tao_paid_as_root_stake(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    fixture f;
    setup(&f, &p, 0, 0, 0, 0);
    ss_econ_subnet *s = ss_economy_subnet(f.e, 1);
    /* dTAO 2025: root dividends wait as TAO. */
    s->pending_root_tao_rao = 1000;
    s->pool.tao_rao -= 1000;
    ss_economy_drain(f.e, 1, &f.d);
    double div[2] = {1, 1};
    uint64_t alpha[2] = {1000, 0}, root[2] = {0, 5000};
    ss_dist_input in = {2, NULL, NULL, div, alpha, root, NULL, NULL, NULL, NULL, 0};
    uint64_t r0 = f.e->root_tao_rao;
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, NULL), SS_OK);
    assert_int_equal(f.rtake[1] + f.rnom[1], 1000);
    assert_int_equal(f.out.paid_root_tao_rao, 1000);
    assert_int_equal(f.e->root_tao_rao, r0 + 1000);
    assert_int_equal(s->draining_tao_rao, 0);
    ss_economy_destroy(f.e);
}

static void test_bad_input(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    fixture f;
    setup(&f, &p, 10, 10, 0, 0);
    uint64_t alpha[2] = {1, 1};
    ss_child_link bad = {0, 5, 0.5, false};
    ss_dist_input in = {2, NULL, NULL, NULL, alpha, NULL, NULL, NULL, NULL, &bad, 1};
    ss_error err;
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, &err), SS_EINVAL);
    ss_child_link twice[2] = {{0, 1, 0.7, false}, {0, 1, 0.7, false}};
    in.links = twice;
    in.n_links = 2;
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, &err), SS_EINVAL);
    ss_drain more = f.d;
    more.server_rao += 1;
    in.n_links = 0;
    assert_int_equal(ss_economy_distribute(f.e, 1, &more, &in, &f.out, &err), SS_EINVAL);
    assert_int_equal(ss_economy_distribute(f.e, 9, &f.d, &in, &f.out, &err), SS_EINVAL);
    assert_int_equal(ss_economy_distribute(f.e, 1, &f.d, &in, &f.out, &err), SS_OK);
    ss_economy_destroy(f.e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_owner_withheld_sets_miner_burned),
        cmocka_unit_test(test_parent_child),
        cmocka_unit_test(test_root_alpha_split),
        cmocka_unit_test(test_zero_sums_leave_alpha_unowned),
        cmocka_unit_test(test_root_tao_paid_as_root_stake),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
