/*
** Tests of the economy block by block: what the coinbase mints, injects,
** buys and recycles under each split rule and injection; the alpha out of
** disabled subnets; halvings delayed by recycling; staking, moves and
** claims; UID and subnet registration, pruning and dissolution.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "subnetsim/economy.h"

#define TAO 1000000000ULL

static ss_economy *make(ss_econ_params *p, int n, uint64_t tao, uint64_t alpha)
{
    ss_economy *e = NULL;
    assert_int_equal(ss_economy_create(p, &e, NULL), SS_OK);
    for (int i = 1; i <= n; i++) {
        assert_int_equal(ss_economy_genesis_subnet(e, i, tao, alpha, true, NULL), SS_OK);
        ss_economy_subnet(e, i)->emission_enabled = true;
    }
    return e;
}

static uint64_t pools_tao(const ss_economy *e)
{
    uint64_t s = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++)
        if (e->subnets[i].exists)
            s += e->subnets[i].pool.tao_rao;
    return s;
}

static void test_coinbase_spends_or_recycles_every_rao(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = make(&p, 3, 1000 * TAO, 4000 * TAO);
    e->root_tao_rao = 100 * TAO; /* counted nowhere else: only r is read here */
    ss_economy_subnet(e, 1)->moving_price = 0.1;
    ss_economy_subnet(e, 2)->moving_price = 0.3;
    ss_economy_subnet(e, 3)->moving_price = 0.0;
    uint64_t before = pools_tao(e), issued = e->total_issuance_rao;
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    assert_int_equal(e->last_block_emission_rao, TAO);
    /* Every minted rao is in a pool or recycled. */
    assert_int_equal(pools_tao(e) - before + e->last_recycled_credit_rao, TAO);
    assert_int_equal(e->total_issuance_rao, issued + TAO - e->last_recycled_credit_rao);
    const ss_econ_subnet *s1 = ss_economy_subnet(e, 1), *s3 = ss_economy_subnet(e, 3);
    assert_float_equal(s1->last.share, 0.25, 1e-15);
    /* r is small (old subnet, little root): most of E_i is a chain buy, kept. */
    assert_true(s1->last.chain_buy_tao_rao > 0);
    assert_int_equal(s1->protocol_alpha_rao, s1->last.chain_buy_alpha_rao);
    /* A subnet with no share still mints alpha out. */
    assert_int_equal(s3->last.tao_in_rao, 0);
    assert_int_equal(s3->last.alpha_out_rao, TAO);
    assert_int_equal(s3->alpha_out_rao + s3->alpha_recycled_rao, TAO);
    /* Σp̄ = 0.4: no root sell, the root share of alpha is recycled. */
    assert_false(e->root_sell);
    assert_int_equal(s3->pending_root_rao, 0);
    assert_true(s3->alpha_recycled_rao > 0);
    ss_economy_destroy(e);
}

static void test_no_eligible_subnet_recycles_all(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = make(&p, 0, 0, 0);
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    assert_int_equal(e->tao_recycled_rao, TAO);
    assert_int_equal(e->total_issuance_rao, 0);
    /* A subnet without start_call takes no part. */
    assert_int_equal(ss_economy_genesis_subnet(e, 1, TAO, TAO, false, NULL), SS_OK);
    ss_economy_coinbase(e);
    assert_false(ss_economy_subnet(e, 1)->last.eligible);
    assert_int_equal(ss_economy_start_call(e, 1), SS_TX_OK);
    ss_economy_coinbase(e); /* emission starts the block after start_call */
    assert_false(ss_economy_subnet(e, 1)->last.eligible);
    ss_economy_begin_block(e, 2);
    ss_economy_coinbase(e);
    assert_true(ss_economy_subnet(e, 1)->last.eligible);
    /* Closing registration stops everything, alpha included. */
    ss_economy_subnet(e, 1)->hp.registration_allowed = false;
    ss_economy_coinbase(e);
    assert_false(ss_economy_subnet(e, 1)->last.eligible);
    assert_int_equal(ss_economy_subnet(e, 1)->last.alpha_out_rao, 0);
    ss_economy_destroy(e);
}

static void test_recycling_delays_halving(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.external_issuance_rao = SS_TOTAL_SUPPLY_RAO / 2 - TAO; /* one block before the halving */
    ss_economy *e = make(&p, 0, 0, 0);
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e); /* nothing eligible: all recycled, issuance unchanged */
    assert_int_equal(e->last_block_emission_rao, TAO);
    ss_economy_coinbase(e);
    assert_int_equal(e->last_block_emission_rao, TAO);
    /* Burning does not lower issuance: with a subnet taking it, the next block halves. */
    assert_int_equal(ss_economy_genesis_subnet(e, 1, TAO, TAO, true, NULL), SS_OK);
    ss_economy_subnet(e, 1)->moving_price = 1.0;
    ss_economy_subnet(e, 1)->emission_enabled = true;
    e->total_issuance_rao = SS_TOTAL_SUPPLY_RAO / 2 - TAO;
    ss_economy_coinbase(e);
    assert_int_equal(e->last_recycled_credit_rao, 0);
    ss_economy_coinbase(e);
    assert_int_equal(e->last_block_emission_rao, TAO / 2);
    ss_economy_destroy(e);
}

static void test_young_subnet_gets_liquidity(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = make(&p, 1, 2000 * TAO, 1000 * TAO);
    e->root_tao_rao = 1000000 * TAO; /* r ≈ 1: the cap (r alpha) does not bind at price 2 */
    ss_econ_subnet *s = ss_economy_subnet(e, 1);
    s->moving_price = 1.0;
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    assert_int_equal(s->last.tao_in_rao, TAO);
    assert_int_equal(s->last.alpha_in_rao, TAO / 2);
    assert_int_equal(s->last.chain_buy_tao_rao, 0);
    assert_float_equal(ss_pool_price(&s->pool), 2.0, 1e-12);
    assert_true(e->root_sell == false); /* Σp̄ = 1 is not > 1 */
    ss_economy_destroy(e);
}

static void test_injection_refused_is_recycled(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.balancer_weight_max = 0.6;
    ss_economy *e = make(&p, 1, 3000 * TAO, 1000 * TAO); /* price 9/7: no chain buy */
    e->root_tao_rao = 1000000 * TAO;
    ss_econ_subnet *s = ss_economy_subnet(e, 1);
    s->moving_price = 1.0;
    s->pool.quote_weight = 0.7; /* already beyond the bound: any injection is refused */
    ss_pool before = s->pool;
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    assert_true(s->last.injection_refused);
    assert_int_equal(s->last.tao_in_rao, 0);
    assert_int_equal(s->last.alpha_in_rao, 0);
    assert_int_equal(s->pool.tao_rao, before.tao_rao);
    assert_float_equal(s->pool.quote_weight, 0.7, 0);
    assert_int_equal(e->last_recycled_credit_rao, TAO);
    ss_economy_destroy(e);
}

static void test_taoflow_rule_through_economy(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.split_rule = SS_SPLIT_TAOFLOW;
    p.flow_ema_smoothing_factor = 9223372036854775807ULL; /* β = 1 */
    ss_economy *e = make(&p, 2, 1000 * TAO, 1000 * TAO);
    ss_economy_begin_block(e, 1);
    ss_trade t;
    assert_int_equal(ss_economy_stake(e, 1, 10 * TAO, 0, false, &t), SS_TX_OK);
    assert_int_equal(ss_economy_subnet(e, 1)->tao_flow_rao, (int64_t)(10 * TAO - t.fee_tao_rao));
    ss_economy_begin_block(e, 2);
    ss_economy_coinbase(e);
    /* Only subnet 1 had inflow last block. */
    assert_float_equal(ss_economy_subnet(e, 1)->last.share, 1.0, 0);
    assert_float_equal(ss_economy_subnet(e, 2)->last.share, 0.0, 0);
    assert_int_equal(ss_economy_subnet(e, 1)->tao_flow_rao, 0); /* folded and cleared */
    /* The coinbase's own injection is protocol flow for the next block. */
    assert_true(ss_economy_subnet(e, 1)->protocol_flow_rao > 0);
    ss_economy_destroy(e);
}

static void test_dtao_rule_sells_root_share(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.split_rule = SS_SPLIT_DTAO_PRICE;
    ss_economy *e = make(&p, 2, 1000 * TAO, 1000 * TAO);
    e->root_tao_rao = 1000 * TAO;
    ss_economy_subnet(e, 1)->moving_price = 0.9;
    ss_economy_subnet(e, 2)->moving_price = 0.9;
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    const ss_econ_subnet *s = ss_economy_subnet(e, 1);
    assert_true(e->root_sell);
    /* All of E_i in as TAO, no chain buy, root alpha sold into pending TAO. */
    assert_int_equal(s->last.tao_in_rao, TAO / 2);
    assert_int_equal(s->last.chain_buy_tao_rao, 0);
    assert_int_equal(s->pending_root_rao, 0);
    assert_true(s->pending_root_tao_rao > 0);
    ss_economy_destroy(e);
    /* The subsidy variant: a subnet priced below its share gets E alpha at its price. */
    p.dtao_subsidy = true;
    e = make(&p, 1, 100 * TAO, 1000 * TAO);
    ss_economy_subnet(e, 1)->moving_price = 0.5;
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    s = ss_economy_subnet(e, 1);
    assert_int_equal(s->last.alpha_in_rao, TAO);
    assert_int_equal(s->last.tao_in_rao, TAO / 10);
    assert_int_equal(s->last.chain_buy_tao_rao, TAO - TAO / 10);
    assert_int_equal(s->protocol_alpha_rao, 0); /* bought alpha leaves supply */
    assert_int_equal(s->alpha_recycled_rao >= s->last.chain_buy_alpha_rao, true);
    ss_economy_destroy(e);
}

static void test_root_weights_and_fixed_rules(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.split_rule = SS_SPLIT_ROOT_WEIGHTS;
    ss_economy *e = make(&p, 3, 1000 * TAO, 1000 * TAO);
    double stake[2] = {100, 300}, w[2 * 3] = {1, 0, 0, 0, 1, 0};
    uint32_t netuids[3] = {1, 2, 3};
    ss_economy_set_root_weights(e, 2, stake, w, 3, netuids);
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    double s1 = ss_economy_subnet(e, 1)->last.share, s2 = ss_economy_subnet(e, 2)->last.share;
    assert_true(s2 > s1 && s1 > 0);
    assert_float_equal(ss_economy_subnet(e, 3)->last.share, 0.0, 0);
    assert_float_equal(s1 + s2, 1.0, 1e-12);
    assert_int_equal(ss_economy_subnet_to_prune(e), 0); /* all immune */
    ss_economy_destroy(e);
    p.split_rule = SS_SPLIT_FIXED;
    p.subnet.fixed_share = 1.0;
    e = make(&p, 2, 1000 * TAO, 1000 * TAO);
    ss_economy_subnet(e, 2)->hp.fixed_share = 3.0;
    ss_economy_set_emission_enabled(e, 1, true);
    ss_economy_begin_block(e, 1);
    ss_economy_coinbase(e);
    assert_float_equal(ss_economy_subnet(e, 2)->last.share, 0.75, 1e-15);
    ss_economy_destroy(e);
}

static void test_epochs_and_drain(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.max_epochs_per_block = 1;
    ss_economy *e = make(&p, 3, 1000 * TAO, 1000 * TAO);
    for (uint32_t i = 1; i <= 3; i++)
        ss_economy_subnet(e, i)->clock = (ss_epoch_clock){0, 0, 0};
    uint32_t due[8];
    int runs[4] = {0};
    for (uint64_t b = 1; b <= 400; b++) {
        ss_economy_begin_block(e, b);
        ss_economy_coinbase(e);
        uint32_t n = ss_economy_epochs(e, due, 8);
        assert_true(n <= 1);
        for (uint32_t k = 0; k < n; k++) {
            ss_drain d;
            ss_economy_drain(e, due[k], &d);
            assert_true(d.server_rao > 0);
            runs[due[k]]++;
            ss_dist_input in = {0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};
            ss_dist_output out = {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0};
            assert_int_equal(ss_economy_distribute(e, due[k], &d, &in, &out, NULL), SS_OK);
            if (b == 360)
                assert_int_equal(due[k], 1);
            if (b == 361)
                assert_int_equal(due[k], 2); /* deferred by the cap */
            if (b == 362)
                assert_int_equal(due[k], 3);
        }
        ss_economy_end_block(e);
    }
    assert_int_equal(runs[1] + runs[2] + runs[3], 3);
    assert_true(ss_economy_subnet(e, 1)->moving_price > 0.0);
    ss_economy_destroy(e);
}

static void test_trigger_and_start_call(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.start_call_delay = 100;
    ss_economy *e = make(&p, 0, 0, 0);
    ss_economy_begin_block(e, 50);
    assert_int_equal(ss_economy_genesis_subnet(e, 1, TAO, TAO, false, NULL), SS_OK);
    ss_trade t;
    assert_int_equal(ss_economy_stake(e, 1, TAO, 0, false, &t), SS_TX_SUBTOKEN_DISABLED);
    ss_economy_begin_block(e, 149);
    assert_int_equal(ss_economy_start_call(e, 1), SS_TX_TOO_EARLY);
    ss_economy_begin_block(e, 150);
    assert_int_equal(ss_economy_start_call(e, 1), SS_TX_OK);
    assert_int_equal(ss_economy_subnet(e, 1)->first_emission_block, 151);
    /* The owner's trigger fires admin_freeze_window blocks later, once. */
    ss_econ_subnet *s = ss_economy_subnet(e, 1);
    s->clock = (ss_epoch_clock){150, 0, 150};
    assert_int_equal(ss_economy_trigger_epoch(e, 1), SS_TX_OK);
    assert_int_equal(ss_economy_trigger_epoch(e, 1), SS_TX_EPOCH_IMMINENT);
    uint32_t due[2];
    for (uint64_t b = 151; b <= 160; b++) {
        ss_economy_begin_block(e, b);
        ss_economy_coinbase(e);
        assert_int_equal(ss_economy_epochs(e, due, 2), b == 160 ? 1 : 0);
    }
    assert_int_equal(s->clock.pending_epoch_at, 0);
    /* Too close to the automatic epoch: refused. */
    ss_economy_begin_block(e, 160 + 355);
    assert_int_equal(ss_economy_trigger_epoch(e, 1), SS_TX_EPOCH_IMMINENT);
    ss_economy_destroy(e);
}

static void test_staking(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = make(&p, 2, 1000 * TAO, 1000 * TAO);
    ss_trade t;
    assert_int_equal(ss_economy_stake(e, 1, 2000000, 0, false, &t), SS_TX_BELOW_MIN_STAKE);
    assert_int_equal(ss_economy_stake(e, 1, 2001007, 0, false, &t), SS_TX_OK);
    assert_int_equal(ss_economy_stake(e, 3, TAO, 0, false, &t), SS_TX_NO_SUBNET);
    /* A limit below what the order would reach: refused, or cut. */
    assert_int_equal(ss_economy_stake(e, 1, 500 * TAO, 1100000000, false, &t), SS_TX_PRICE_LIMIT);
    assert_int_equal(ss_economy_stake(e, 1, 500 * TAO, 1100000000, true, &t), SS_TX_OK);
    assert_true(t.tao_rao < 500 * TAO);
    assert_float_equal(ss_pool_price(&ss_economy_subnet(e, 1)->pool), 1.1, 1e-6);
    ss_trade u;
    assert_int_equal(ss_economy_unstake(e, 1, t.alpha_rao, 0, false, &u), SS_TX_OK);
    assert_true(u.tao_rao < t.tao_rao);
    assert_true(u.fee_alpha_rao > 0 && u.fee_tao_rao > 0);
    assert_int_equal(e->author_tao_rao,
                     ss_pool_fee(2001007, 33) + t.fee_tao_rao + u.fee_tao_rao);
    /* A sell limit above the price is refused. */
    assert_int_equal(ss_economy_unstake(e, 1, 1000, 5000000000ULL, true, &u), SS_TX_PRICE_LIMIT);
    /* A move pays one fee; below the minimum the TAO stays with the coldkey. */
    ss_trade s;
    assert_int_equal(ss_economy_stake(e, 1, 10 * TAO, 0, false, &s), SS_TX_OK);
    ss_move m;
    uint64_t author = e->author_tao_rao;
    assert_int_equal(ss_economy_move_stake(e, 1, 2, s.alpha_rao, &m), SS_TX_OK);
    assert_true(m.restaked);
    assert_int_equal(e->author_tao_rao - author, m.fee_tao_rao);
    assert_true(m.to_rao > 0);
    assert_int_equal(ss_economy_move_stake(e, 2, 1, 1000, &m), SS_TX_OK);
    assert_false(m.restaked);
    assert_int_equal(m.to_rao, 0);
    /* Root: 1:1 in, and from root into a subnet the buy pays the fee. */
    assert_int_equal(ss_economy_root_stake(e, 5 * TAO), SS_TX_OK);
    assert_int_equal(ss_economy_move_stake(e, 0, 1, 5 * TAO, &m), SS_TX_OK);
    assert_int_equal(e->root_tao_rao, 0);
    assert_int_equal(m.fee_tao_rao, ss_pool_fee(5 * TAO, 33));
    assert_int_equal(ss_economy_root_unstake(e, 1), SS_TX_INSUFFICIENT_STAKE);
    assert_int_equal(ss_economy_unstake(e, 2, UINT64_MAX / 2, 0, false, &u),
                     SS_TX_INSUFFICIENT_STAKE);
    ss_economy_destroy(e);
}

static void test_registration(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.subnet_limit = 3;
    p.network_rate_limit = 10;
    ss_economy *e = make(&p, 0, 0, 0);
    ss_economy_begin_block(e, 100);
    uint32_t id;
    uint64_t lock;
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_OK);
    assert_int_equal(id, 1);
    assert_int_equal(lock, TAO); /* first ever: the minimum */
    const ss_econ_subnet *s = ss_economy_subnet(e, 1);
    assert_int_equal(s->pool.tao_rao, TAO);
    assert_int_equal(s->pool.alpha_rao, TAO); /* no other subnet: price 1 */
    assert_false(s->emission_enabled);
    assert_false(s->started);
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_RATE_LIMITED);
    ss_economy_begin_block(e, 110);
    assert_int_equal(ss_economy_lock_cost(e), 2 * TAO - (TAO / 57600) * 10);
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_OK);
    assert_int_equal(id, 2);
    ss_economy_begin_block(e, 200);
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_OK);
    ss_economy_begin_block(e, 300);
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_SUBNET_LIMIT);
    assert_int_equal(ss_economy_subnet_to_prune(e), 0); /* still immune */
    /* Past network immunity, the lowest moving price goes. */
    ss_economy_begin_block(e, 100 + p.network_immunity_period + 100);
    ss_economy_subnet(e, 1)->moving_price = 0.2;
    ss_economy_subnet(e, 2)->moving_price = 0.1;
    ss_economy_subnet(e, 3)->moving_price = 0.3;
    assert_int_equal(ss_economy_subnet_to_prune(e), 2);
    uint64_t stakes[2] = {0, 0}, tao_out[2];
    assert_int_equal(ss_economy_dissolve_subnet(e, 2, 2, stakes, tao_out, NULL), SS_OK);
    assert_null(ss_economy_subnet(e, 2));
    assert_int_equal(ss_economy_register_subnet(e, &id, &lock), SS_TX_OK);
    assert_int_equal(id, 2); /* the netuid is reused */
    /* UID registration: pays the burn into the pool, alpha recycled, price bumped. */
    ss_econ_subnet *s1 = ss_economy_subnet(e, 1);
    s1->burn_rao = TAO;
    uint64_t x = s1->pool.alpha_rao, y = s1->pool.tao_rao, price = s1->burn_rao;
    ss_trade t;
    assert_int_equal(ss_economy_register_uid(e, 1, &t), SS_TX_OK);
    assert_int_equal(t.tao_rao, price);
    assert_int_equal(s1->pool.tao_rao, y + price - t.fee_tao_rao);
    assert_int_equal(s1->pool.alpha_rao, x - t.alpha_rao);
    assert_int_equal(s1->alpha_recycled_rao, t.alpha_rao);
    assert_int_equal(s1->account_tao_rao, t.fee_tao_rao);
    assert_int_equal(s1->burn_rao, 1260000000);
    s1->hp.registration_allowed = false;
    assert_int_equal(ss_economy_register_uid(e, 1, &t), SS_TX_REGISTRATION_CLOSED);
    ss_economy_destroy(e);
}

static void test_dissolution_largest_remainder(void **state)
{
    (void)state;
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = make(&p, 1, 10, 3);
    ss_econ_subnet *s = ss_economy_subnet(e, 1);
    s->protocol_alpha_rao = 0;
    s->account_tao_rao = 4;
    ss_economy_genesis_tao(e, 4);
    /* 10 TAO over alpha 1, 1, 1 (stakers) and 3 (pool): 10/6 each third... */
    uint64_t stakes[3] = {1, 1, 1}, out[3];
    ss_economy_genesis_alpha(e, 1, 3, NULL);
    uint64_t recycled = e->tao_recycled_rao;
    assert_int_equal(ss_economy_dissolve_subnet(e, 1, 3, stakes, out, NULL), SS_OK);
    /* Shares 10/6 = 1.67 each staker, 5 the protocol: floors 1,1,1,5 = 8; the two
    ** largest remainders (0.67 each, the stakers first by index) get one more. */
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 1);
    assert_int_equal(e->tao_recycled_rao - recycled, 5 + 4);
    ss_economy_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coinbase_spends_or_recycles_every_rao),
        cmocka_unit_test(test_no_eligible_subnet_recycles_all),
        cmocka_unit_test(test_recycling_delays_halving),
        cmocka_unit_test(test_young_subnet_gets_liquidity),
        cmocka_unit_test(test_injection_refused_is_recycled),
        cmocka_unit_test(test_taoflow_rule_through_economy),
        cmocka_unit_test(test_dtao_rule_sells_root_share),
        cmocka_unit_test(test_root_weights_and_fixed_rules),
        cmocka_unit_test(test_epochs_and_drain),
        cmocka_unit_test(test_trigger_and_start_call),
        cmocka_unit_test(test_staking),
        cmocka_unit_test(test_registration),
        cmocka_unit_test(test_dissolution_largest_remainder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
