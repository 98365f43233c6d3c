/*
** Conservation under random operations: a small ledger of coldkeys, hotkeys
** and stakes drives thousands of seeded random operations (blocks with
** epochs and distribution, stakes, unstakes, moves, root stake and claims,
** UID and subnet registration, dissolution, emission switches) through the
** economy under every split rule, and the exact audit must hold after each.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/economy.h"
#include "subnetsim/rng.h"

#define TAO 1000000000ULL
#define NS 6 /* subnet_limit: netuids 1..6 */
#define NH 5 /* hotkeys per subnet (UIDs 0..4); hotkey 0 is the subnet owner's */
#define NC 6 /* coldkeys */

typedef struct ledger {
    uint64_t free[NC];
    uint64_t alpha[NS + 1][NH][NC];   /* alpha stake (subnet, hotkey, coldkey) */
    uint64_t root[NH][NC];            /* root stake (hotkey, coldkey) */
    double rate[NS + 1][NH];          /* root claimable per root rao */
    uint64_t claimed[NS + 1][NH][NC];
    uint32_t owner[NS + 1];           /* the coldkey owning each subnet */
} ledger;

typedef struct world {
    ss_economy *e;
    ledger l;
    ss_pcg32 r;
    uint64_t block;
    long ops[16];
} world;

static uint32_t hotkey_owner(uint32_t netuid, uint32_t h, const ledger *l)
{
    return h == 0 ? l->owner[netuid] : (h + netuid) % NC;
}

static void audit(world *w, const char *after)
{
    ss_econ_holdings h = {0, 0, NULL};
    uint64_t alpha[NS + 1] = {0};
    for (int c = 0; c < NC; c++)
        h.free_tao_rao += w->l.free[c];
    for (int k = 0; k < NH; k++)
        for (int c = 0; c < NC; c++)
            h.root_stake_rao += w->l.root[k][c];
    for (int s = 1; s <= NS; s++)
        for (int k = 0; k < NH; k++)
            for (int c = 0; c < NC; c++)
                alpha[s] += w->l.alpha[s][k][c];
    h.alpha_stake_rao = alpha;
    ss_error err;
    ss_econ_audit a;
    ss_status st = ss_economy_audit(w->e, &h, &a, &err);
    if (st != SS_OK)
        fprintf(stderr, "audit after %s: %s\n", after, err.msg);
    assert_int_equal(st, SS_OK);
    assert_int_equal(a.issued_rao, a.accounted_rao);
}

static uint32_t pick(world *w, uint32_t n)
{
    return ss_pcg32_bounded(&w->r, n);
}

static uint32_t pick_subnet(world *w)
{
    return 1 + pick(w, NS);
}

static uint64_t amount(world *w, uint64_t max)
{
    if (max == 0)
        return 0;
    /* Spread over orders of magnitude, including tiny amounts. */
    uint64_t scale = max >> pick(w, 40);
    return scale ? 1 + ss_pcg32_next(&w->r) % scale : 1;
}

/* Gives alpha to hotkey k's nominators pro rata to their stake (owner takes the rest). */
static void credit_nominators(world *w, uint32_t s, uint32_t k, uint64_t amt)
{
    uint64_t total = 0;
    for (int c = 0; c < NC; c++)
        total += w->l.alpha[s][k][c];
    uint64_t given = 0;
    if (total > 0)
        for (int c = 0; c < NC; c++) {
            uint64_t part = (uint64_t)((unsigned __int128)amt * w->l.alpha[s][k][c] / total);
            w->l.alpha[s][k][c] += part;
            given += part;
        }
    w->l.alpha[s][k][hotkey_owner(s, k, &w->l)] += amt - given;
}

static void credit_root(world *w, uint32_t k, uint32_t owner, uint64_t take, uint64_t nom)
{
    uint64_t total = 0;
    for (int c = 0; c < NC; c++)
        total += w->l.root[k][c];
    uint64_t given = 0;
    if (total > 0)
        for (int c = 0; c < NC; c++) {
            uint64_t part = (uint64_t)((unsigned __int128)nom * w->l.root[k][c] / total);
            w->l.root[k][c] += part;
            given += part;
        }
    w->l.root[k][owner] += take + nom - given;
}

static void epoch(world *w, uint32_t s)
{
    ss_drain d;
    ss_economy_drain(w->e, s, &d);
    double inc[NH], div[NH];
    uint64_t alpha[NH], root[NH];
    uint16_t take[NH], ctake[NH];
    bool owned[NH];
    int mode = (int)pick(w, 4); /* normal, no weights, incentive only, dividends only */
    for (int k = 0; k < NH; k++) {
        inc[k] = mode == 0 || mode == 2 ? ss_rng_uniform(&w->r) : 0.0;
        div[k] = mode == 0 || mode == 3 ? ss_rng_uniform(&w->r) : 0.0;
        alpha[k] = root[k] = 0;
        for (int c = 0; c < NC; c++) {
            alpha[k] += w->l.alpha[s][k][c];
            root[k] += w->l.root[k][c];
        }
        take[k] = (uint16_t)pick(w, 11797);
        ctake[k] = (uint16_t)pick(w, 11797);
        owned[k] = hotkey_owner(s, (uint32_t)k, &w->l) == w->l.owner[s];
    }
    ss_child_link link = {pick(w, NH), pick(w, NH), ss_rng_uniform(&w->r), pick(w, 2) == 0};
    uint32_t nlinks = link.parent != link.child;
    uint64_t miner[NH], tk[NH], nom[NH], claim[NH], rtake[NH], rnom[NH];
    ss_dist_output out = {miner, tk, nom, claim, rtake, rnom, 0, 0, 0, 0, 0, 0, 0, 0};
    ss_dist_input in = {NH, NULL, inc, div, alpha, root, take, ctake, owned, &link, nlinks};
    ss_error err;
    assert_int_equal(ss_economy_distribute(w->e, s, &d, &in, &out, &err), SS_OK);
    for (uint32_t k = 0; k < NH; k++) {
        uint32_t owner = hotkey_owner(s, k, &w->l);
        w->l.alpha[s][k][owner] += miner[k] + tk[k];
        credit_nominators(w, s, k, nom[k]);
        if (claim[k] > 0) {
            assert_true(root[k] > 0);
            w->l.rate[s][k] += (double)claim[k] / (double)root[k];
        }
        credit_root(w, k, owner, rtake[k], rnom[k]);
    }
    w->l.alpha[s][0][w->l.owner[s]] += out.owner_cut_rao;
}

static void step_block(world *w)
{
    w->block++;
    ss_economy_begin_block(w->e, w->block);
    if (w->e->p.split_rule == SS_SPLIT_ROOT_WEIGHTS && w->block % 10 == 0) {
        double stake[3], weights[3 * (NS + 1)];
        uint32_t netuids[NS + 1];
        for (int v = 0; v < 3; v++) {
            stake[v] = ss_rng_uniform(&w->r);
            for (int j = 0; j <= NS; j++)
                weights[v * (NS + 1) + j] = ss_rng_uniform(&w->r);
        }
        for (int j = 0; j <= NS; j++)
            netuids[j] = (uint32_t)j;
        ss_economy_set_root_weights(w->e, 3, stake, weights, NS + 1, netuids);
    }
    ss_economy_coinbase(w->e);
    uint32_t due[NS];
    uint32_t n = ss_economy_epochs(w->e, due, NS);
    for (uint32_t i = 0; i < n; i++)
        epoch(w, due[i]);
    ss_economy_end_block(w->e);
}

static void dissolve(world *w, uint32_t s)
{
    uint64_t stakes[NH * NC], tao[NH * NC];
    for (int k = 0; k < NH; k++)
        for (int c = 0; c < NC; c++)
            stakes[k * NC + c] = w->l.alpha[s][k][c];
    assert_int_equal(ss_economy_dissolve_subnet(w->e, s, NH * NC, stakes, tao, NULL), SS_OK);
    for (int k = 0; k < NH; k++)
        for (int c = 0; c < NC; c++) {
            w->l.free[c] += tao[k * NC + c];
            w->l.alpha[s][k][c] = 0;
            w->l.claimed[s][k][c] = 0;
        }
    for (int k = 0; k < NH; k++)
        w->l.rate[s][k] = 0.0;
}

static void one_op(world *w)
{
    uint32_t op = pick(w, 12), s = pick_subnet(w), k = pick(w, NH), c = pick(w, NC);
    ss_economy *e = w->e;
    ss_trade t;
    w->ops[op]++;
    switch (op) {
    case 0:
    case 1:
        step_block(w);
        break;
    case 2: { /* stake, sometimes with a limit */
        const ss_econ_subnet *sub = ss_economy_subnet(e, s);
        uint64_t limit = pick(w, 3) == 0 && sub
                             ? (uint64_t)(ss_pool_price(&sub->pool) * 1.2e9) + 1 : 0;
        if (ss_economy_stake(e, s, amount(w, w->l.free[c]), limit, pick(w, 2), &t) == SS_TX_OK) {
            w->l.free[c] -= t.tao_rao;
            w->l.alpha[s][k][c] += t.alpha_rao;
        }
        break;
    }
    case 3: /* unstake */
        if (ss_economy_unstake(e, s, amount(w, w->l.alpha[s][k][c]), 0, false, &t) == SS_TX_OK) {
            w->l.alpha[s][k][c] -= t.alpha_rao;
            w->l.free[c] += t.tao_rao;
        }
        break;
    case 4: { /* move between subnets, root included */
        uint32_t from = pick(w, NS + 1), to = pick(w, NS + 1);
        uint64_t *src = from ? &w->l.alpha[from][k][c] : &w->l.root[k][c];
        ss_move m;
        if (ss_economy_move_stake(e, from, to, amount(w, *src), &m) == SS_TX_OK) {
            *src -= m.from_rao;
            if (!m.restaked)
                w->l.free[c] += m.tao_rao;
            else if (to)
                w->l.alpha[to][k][c] += m.to_rao;
            else
                w->l.root[k][c] += m.to_rao;
        }
        break;
    }
    case 5: { /* root stake and unstake */
        uint64_t a = amount(w, w->l.free[c]);
        if (pick(w, 2) && ss_economy_root_stake(e, a) == SS_TX_OK) {
            w->l.free[c] -= a;
            w->l.root[k][c] += a;
        }
        a = amount(w, w->l.root[k][c]);
        if (pick(w, 3) == 0 && ss_economy_root_unstake(e, a) == SS_TX_OK) {
            w->l.root[k][c] -= a;
            w->l.free[c] += a;
        }
        break;
    }
    case 6: { /* root claim */
        uint64_t owed = ss_root_owed(w->l.rate[s][k], w->l.root[k][c], w->l.claimed[s][k][c]);
        ss_claim_type type = pick(w, 2) ? SS_CLAIM_SWAP : SS_CLAIM_KEEP;
        if (ss_economy_root_claim(e, s, owed, type, &t) == SS_TX_OK) {
            w->l.claimed[s][k][c] += owed;
            if (type == SS_CLAIM_KEEP)
                w->l.alpha[s][k][c] += t.alpha_rao;
            else
                w->l.root[k][c] += t.tao_rao;
        }
        break;
    }
    case 7: /* UID registration */
        if (ss_economy_burn_price(e, s) <= w->l.free[c]
            && ss_economy_register_uid(e, s, &t) == SS_TX_OK)
            w->l.free[c] -= t.tao_rao;
        break;
    case 8: { /* subnet registration, pruning the weakest when full */
        if (ss_economy_lock_cost(e) > w->l.free[c])
            break;
        uint32_t id;
        uint64_t lock;
        ss_tx tx = ss_economy_register_subnet(e, &id, &lock);
        if (tx == SS_TX_SUBNET_LIMIT) {
            uint32_t victim = ss_economy_subnet_to_prune(e);
            if (!victim)
                break;
            dissolve(w, victim);
            audit(w, "pruning");
            tx = ss_economy_register_subnet(e, &id, &lock);
        }
        if (tx == SS_TX_OK) {
            w->l.free[c] -= lock;
            w->l.owner[id] = c;
        }
        break;
    }
    case 9:
        if (ss_economy_subnet(e, s) && pick(w, 8) == 0)
            dissolve(w, s);
        break;
    case 10:
        ss_economy_set_emission_enabled(e, s, pick(w, 4) != 0);
        ss_economy_start_call(e, s);
        break;
    case 11: /* a burst of blocks */
        for (int i = 0; i < 20; i++)
            step_block(w);
        break;
    }
}

/* With SS_AUDIT_VERBOSE set, what a run did (for looking at a failing seed). */
static void report(const world *w)
{
    fprintf(stderr, "ops:");
    for (int op = 0; op < 12; op++)
        fprintf(stderr, " %ld", w->ops[op]);
    const ss_economy *e = w->e;
    fprintf(stderr, "\nblock %llu subnets %u minted %llu recycled %llu burned %llu",
            (unsigned long long)w->block, ss_economy_subnet_count(e),
            (unsigned long long)e->tao_minted_rao, (unsigned long long)e->tao_recycled_rao,
            (unsigned long long)e->tao_burned_rao);
    fprintf(stderr, " author %llu root %llu\n", (unsigned long long)e->author_tao_rao,
            (unsigned long long)e->root_tao_rao);
    for (uint32_t s = 1; s <= NS; s++) {
        const ss_econ_subnet *x = ss_economy_subnet_const(e, s);
        if (!x)
            continue;
        fprintf(stderr, "  %u: y %llu x %llu o %llu w %.4f pbar %.4f MB %.2f", s,
                (unsigned long long)x->pool.tao_rao, (unsigned long long)x->pool.alpha_rao,
                (unsigned long long)x->alpha_out_rao, x->pool.quote_weight, x->moving_price,
                x->miner_burned);
        fprintf(stderr, " protocol %llu claimable %llu burned %llu unowned %llu recycled %llu\n",
                (unsigned long long)x->protocol_alpha_rao,
                (unsigned long long)x->root_claimable_rao,
                (unsigned long long)x->alpha_burned_rao, (unsigned long long)x->alpha_unowned_rao,
                (unsigned long long)x->alpha_recycled_rao);
    }
}

static void run(ss_econ_params *p, uint64_t seed, int n_ops)
{
    world w;
    memset(&w, 0, sizeof w);
    ss_pcg32_seed(&w.r, seed, 7);
    assert_int_equal(ss_economy_create(p, &w.e, NULL), SS_OK);
    for (int c = 0; c < NC; c++) {
        w.l.free[c] = 5000 * TAO;
        ss_economy_genesis_tao(w.e, 5000 * TAO);
    }
    for (uint32_t s = 1; s <= 4; s++) {
        uint64_t tao = (50 + 40 * s) * TAO, alpha = 300 * TAO;
        assert_int_equal(ss_economy_genesis_subnet(w.e, s, tao, alpha, s != 4, NULL), SS_OK);
        ss_economy_subnet(w.e, s)->emission_enabled = s != 3;
        ss_economy_subnet(w.e, s)->moving_price = 0.2 * s;
        w.l.owner[s] = s % NC;
        for (uint32_t k = 0; k < NH; k++) {
            uint64_t a = (k + 1) * 10 * TAO;
            assert_int_equal(ss_economy_genesis_alpha(w.e, s, a, NULL), SS_OK);
            w.l.alpha[s][k][hotkey_owner(s, k, &w.l)] += a;
        }
    }
    audit(&w, "genesis");
    char label[32];
    for (int i = 0; i < n_ops; i++) {
        one_op(&w);
        snprintf(label, sizeof label, "operation %d", i);
        audit(&w, label);
    }
    if (getenv("SS_AUDIT_VERBOSE"))
        report(&w);
    /* The run did something of every kind. */
    for (int op = 0; op < 12; op++)
        assert_true(w.ops[op] > 0);
    assert_true(w.e->tao_recycled_rao > 0 || p->split_rule == SS_SPLIT_PRICE_EMA);
    ss_economy_destroy(w.e);
}

static void base_params(ss_econ_params *p)
{
    ss_econ_params_default(p);
    p->subnet_limit = NS;
    p->network_rate_limit = 30;
    p->network_immunity_period = 200;
    p->network_min_lock_rao = 100 * TAO;
    p->network_lock_reduction_interval = 500;
    p->subnet.tempo = 7;
    p->max_epochs_per_block = 2;
    p->root_claimable_threshold_rao = 1000;
    p->new_subnet_emission_enabled = true;
    p->tao_weight = 0.5;
}

static void test_price_ema(void **state)
{
    (void)state;
    ss_econ_params p;
    base_params(&p);
    run(&p, 1, 3000);
}

static void test_taoflow(void **state)
{
    (void)state;
    ss_econ_params p;
    base_params(&p);
    p.split_rule = SS_SPLIT_TAOFLOW;
    p.flow_ema_smoothing_factor = 922337203685477580ULL; /* β = 0.1 */
    p.recycle_or_burn = SS_WITHHELD_RECYCLE;
    p.ck_burn = 3000;
    run(&p, 2, 3000);
}

static void test_dtao_subsidy(void **state)
{
    (void)state;
    ss_econ_params p;
    base_params(&p);
    p.split_rule = SS_SPLIT_DTAO_PRICE;
    p.dtao_subsidy = true;
    p.fee_destination = SS_FEE_BURN;
    run(&p, 3, 3000);
}

static void test_root_weights_and_fixed(void **state)
{
    (void)state;
    ss_econ_params p;
    base_params(&p);
    p.split_rule = SS_SPLIT_ROOT_WEIGHTS;
    p.injection = SS_INJECT_EMISSION_CAP;
    run(&p, 4, 2000);
    base_params(&p);
    p.split_rule = SS_SPLIT_FIXED;
    p.subnet.fixed_share = 1.0;
    p.scheduler = SS_SCHED_LEGACY;
    p.protocol_alpha = SS_PROTOCOL_ALPHA_RECYCLE;
    run(&p, 5, 2000);
}

static void test_audit_detects_differences(void **state)
{
    (void)state;
    ss_econ_params p;
    base_params(&p);
    ss_economy *e = NULL;
    assert_int_equal(ss_economy_create(&p, &e, NULL), SS_OK);
    ss_economy_genesis_tao(e, 1000);
    assert_int_equal(ss_economy_genesis_subnet(e, 2, 500, 700, true, NULL), SS_OK);
    assert_int_equal(ss_economy_genesis_alpha(e, 2, 40, NULL), SS_OK);
    assert_int_equal(ss_economy_root_stake(e, 100), SS_TX_OK);
    uint64_t alpha[NS + 1] = {0, 0, 40, 0, 0, 0, 0};
    ss_econ_holdings h = {900, 100, alpha};
    ss_econ_audit a;
    ss_error err;
    assert_int_equal(ss_economy_audit(e, &h, &a, &err), SS_OK);
    assert_int_equal(a.issued_rao, 1500);
    assert_int_equal(a.accounted_rao, 1500);
    /* A rao of TAO too few. */
    h.free_tao_rao = 899;
    assert_int_equal(ss_economy_audit(e, &h, &a, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "difference -1 rao"));
    assert_int_equal(a.accounted_rao, 1499);
    h.free_tao_rao = 900;
    /* Root stakes that do not add up to R (the TAO total uses R itself). */
    h.root_stake_rao = 99;
    assert_int_equal(ss_economy_audit(e, &h, &a, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "root"));
    h.root_stake_rao = 100;
    /* A rao of alpha too many, named by subnet. */
    alpha[2] = 41;
    assert_int_equal(ss_economy_audit(e, &h, &a, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "subnet 2"));
    assert_non_null(strstr(err.msg, "difference +1 rao"));
    assert_int_equal(a.bad_netuid, 2);
    alpha[2] = 40;
    /* Alpha left staked on a subnet that does not exist. */
    alpha[3] = 5;
    assert_int_equal(ss_economy_audit(e, &h, &a, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "dissolved subnet 3"));
    ss_economy_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_detects_differences),
        cmocka_unit_test(test_price_ema),
        cmocka_unit_test(test_taoflow),
        cmocka_unit_test(test_dtao_subsidy),
        cmocka_unit_test(test_root_weights_and_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
