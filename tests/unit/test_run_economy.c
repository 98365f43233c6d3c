/*
** The economy inside runs, in memory: the audit holds at every block with
** stakers, registrations, pruning, subnet creation and dissolution; it stops
** a run that creates money; every epoch accounts for exactly the alpha minted
** since the one before; both schedulers and the per-block cap; a UID
** replaced at registration loses its weights; genesis mints what the
** scenario holds and nothing else.
*/
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chain/subnet.h"
#include "subnetsim/economy.h"
#include "subnetsim/run.h"
#include "subnetsim/scenario.h"

#define TAO 1000000000ULL
#define MAX_EPOCH_BLOCKS 4096

typedef struct watch {
    uint64_t epochs, bad_identity, root_paid;
    uint64_t issued_total;
    uint64_t events[8];
    uint64_t neurons, deregistered, subnets_opened, subnets_dissolved;
    uint64_t replaced_same_block;      /* a deregistration followed by a registration */
    uint64_t last_dereg_block;
    uint32_t last_dereg_netuid, last_dereg_uid;
    uint64_t epoch_block[MAX_EPOCH_BLOCKS];
    uint32_t epoch_netuid[MAX_EPOCH_BLOCKS];
    uint64_t network_samples;
} watch;

static const char *const kinds[] = {"register", "deregister", "stake", "unstake", "move",
                                    "subnet_register", "subnet_dissolve", "attack"};

static ss_status on_epoch(void *ctx, const ss_epoch_view *ev, ss_error *err)
{
    (void)err;
    watch *w = ctx;
    if (w->epochs < MAX_EPOCH_BLOCKS) {
        w->epoch_block[w->epochs] = ev->block;
        w->epoch_netuid[w->epochs] = ev->netuid;
    }
    w->epochs++;
    w->bad_identity += ev->issued_rao != ev->owner_rao + ev->miner_rao + ev->validator_rao +
                                             ev->root_rao + ev->burned_rao;
    w->root_paid += ev->root_rao;
    w->issued_total += ev->issued_rao;
    return SS_OK;
}

static ss_status on_event(void *ctx, const ss_event_view *ev, ss_error *err)
{
    (void)err;
    watch *w = ctx;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (strcmp(ev->kind, kinds[k]) == 0)
            w->events[k]++;
    return SS_OK;
}

static ss_status on_neuron(void *ctx, const ss_neuron_view *nv, ss_error *err)
{
    (void)err;
    watch *w = ctx;
    w->neurons++;
    if (nv->registered_block == w->last_dereg_block && nv->netuid == w->last_dereg_netuid &&
        nv->uid == w->last_dereg_uid)
        w->replaced_same_block++;
    return SS_OK;
}

static ss_status on_deregister(void *ctx, uint32_t netuid, uint32_t uid, uint64_t block,
                               ss_error *err)
{
    (void)err;
    watch *w = ctx;
    w->deregistered++;
    w->last_dereg_block = block;
    w->last_dereg_netuid = netuid;
    w->last_dereg_uid = uid;
    return SS_OK;
}

static ss_status on_subnet(void *ctx, const ss_subnet_view *sv, ss_error *err)
{
    (void)err;
    watch *w = ctx;
    if (sv->dissolved)
        w->subnets_dissolved++;
    else
        w->subnets_opened++;
    return SS_OK;
}

static ss_status on_network(void *ctx, const ss_network_view *nv, ss_error *err)
{
    (void)err;
    (void)nv;
    ((watch *)ctx)->network_samples++;
    return SS_OK;
}

static ss_scenario *parse(const char *text)
{
    ss_scenario *sc;
    ss_buf problems = {0};
    ss_error err;
    if (ss_scenario_parse(text, "test.json", &sc, &problems, &err) != SS_OK)
        fail_msg("scenario: %s", ss_buf_str(&problems));
    ss_buf_fini(&problems);
    return sc;
}

/* Runs text with seed and the audit on; returns the run's status (err filled). */
static ss_status run(const char *text, uint64_t seed, watch *w, ss_error *err)
{
    memset(w, 0, sizeof *w);
    ss_scenario *sc = parse(text);
    ss_run_observer obs = {.ctx = w, .on_epoch = on_epoch, .on_event = on_event,
                           .on_neuron = on_neuron, .on_deregister = on_deregister,
                           .on_subnet = on_subnet, .on_network = on_network};
    ss_run_options opt = {.seed_set = true, .seed = seed, .observer = &obs, .audit = true};
    ss_run *r;
    ss_status st = ss_run_create(sc, &opt, &r, err);
    if (st == SS_OK)
        st = ss_run_execute(r, err);
    ss_run_destroy(r);
    ss_scenario_free(sc);
    return st;
}

/* Everything that moves money at once, on a small network that fills up. */
static const char *busy =
    "{\"blocks\": 6000, \"network\": {\"subnet_limit\": 3, \"network_immunity_period\": 2000,"
    "  \"network_rate_limit\": 500, \"root_sell_threshold\": 0.1,"
    "  \"stakers\": [{\"name\": \"retail\", \"count\": 6, \"balance_tao\": 3000,"
    "    \"root_stake_tao\": 500, \"flows\": {\"per_day\": 40, \"p_root\": 0.1}},"
    "   {\"name\": \"keepers\", \"count\": 2, \"root_stake_tao\": 5000, \"claim\": \"keep\"},"
    "   {\"name\": \"whale\", \"count\": 1, \"balance_tao\": 100000}],"
    "  \"actions\": [{\"block\": 500, \"stakers\": \"whale\", \"action\": \"stake\","
    "    \"netuid\": 1, \"amount_tao\": 50000},"
    "   {\"block\": 1500, \"stakers\": \"whale\", \"action\": \"move\", \"netuid\": 1,"
    "    \"to_netuid\": 2, \"fraction\": 0.5},"
    "   {\"block\": 2500, \"stakers\": \"whale\", \"action\": \"root_stake\", \"fraction\": 0.5},"
    "   {\"block\": 3500, \"stakers\": \"whale\", \"action\": \"root_unstake\", \"fraction\": 1}],"
    "  \"creators\": [{\"first_block\": 2100, \"every_blocks\": 600, \"count\": 3,"
    "    \"emission_enabled\": true, \"subnet\": {\"max_uids\": 12, \"tempo\": 50,"
    "    \"validators\": [{\"count\": 2, \"stake_tao\": 1}], \"miners\": [{\"count\": 4}]}}]},"
    " \"subnets\": ["
    "  {\"tempo\": 50, \"max_uids\": 20, \"pool\": {\"tao\": 20000, \"alpha\": 40000},"
    "   \"validators\": [{\"count\": 3, \"stake_tao\": 2000, \"root_stake_tao\": 20000,"
    "     \"observe\": \"direct\"}],"
    "   \"miners\": [{\"count\": 14, \"arrivals\": {\"per_day\": 60}}]},"
    "  {\"tempo\": 60, \"max_uids\": 20, \"pool\": {\"tao\": 5000, \"alpha\": 100000},"
    "   \"validators\": [{\"count\": 3, \"stake_tao\": 2000, \"root_stake_tao\": 20000}],"
    "   \"miners\": [{\"count\": 14, \"arrivals\": {\"per_day\": 60}}]}]}";

static void test_audit_holds_while_money_moves(void **state)
{
    (void)state;
    watch *w = calloc(1, sizeof *w);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        ss_error err;
        ss_status st = run(busy, seed, w, &err);
        if (st != SS_OK)
            fail_msg("seed %llu: %s", (unsigned long long)seed, err.msg);
        print_message("seed %llu: %llu epochs, %llu registrations, %llu deregistrations, "
                      "%llu stakes, %llu moves, %llu subnets created, %llu dissolved\n",
                      (unsigned long long)seed, (unsigned long long)w->epochs,
                      (unsigned long long)w->events[0], (unsigned long long)w->deregistered,
                      (unsigned long long)w->events[2], (unsigned long long)w->events[4],
                      (unsigned long long)w->events[5], (unsigned long long)w->events[6]);
        assert_int_equal(w->bad_identity, 0);
        assert_true(w->events[0] > 10);               /* arrivals registered by burn */
        assert_true(w->events[1] > 5);                /* and pruned others */
        assert_int_equal(w->replaced_same_block, w->events[1]);
        assert_true(w->events[2] > 5 && w->events[3] > 0 && w->events[4] > 0);
        assert_true(w->events[5] >= 2);               /* creators registered subnets */
        assert_true(w->events[6] >= 1);               /* and dissolved the weakest */
        assert_int_equal(w->subnets_dissolved, w->events[6]);
        assert_int_equal(w->subnets_opened, 2 + w->events[5]);
        assert_true(w->root_paid > 0);                /* root dividends reach root stakers */
        assert_int_equal(w->network_samples, 6000 / 360 + 1);
    }
    free(w);
}

static void test_audit_stops_a_run_that_creates_money(void **state)
{
    (void)state;
    ss_scenario *sc = parse(busy);
    ss_run_options opt = {.seed_set = true, .seed = 1, .audit = true};
    ss_run *r;
    ss_error err;
    assert_int_equal(ss_run_create(sc, &opt, &r, &err), SS_OK);
    /* One rao appears in a pool from nowhere. */
    ss_economy *e = (ss_economy *)ss_run_economy(r);
    ss_economy_subnet(e, 1)->pool.tao_rao += 1;
    assert_int_equal(ss_run_execute(r, &err), SS_EAUDIT);
    assert_non_null(strstr(err.msg, "block 1:"));
    assert_non_null(strstr(err.msg, "difference +1 rao"));
    ss_run_destroy(r);
    ss_scenario_free(sc);
}

/* A scenario without a network section: the default economy, one pool per subnet. */
static const char *plain =
    "{\"blocks\": 2000, \"subnets\": [{\"tempo\": 100, \"max_uids\": 16,"
    " \"validators\": [{\"count\": 2, \"stake_tao\": 1000}], \"miners\": [{\"count\": 8}]}]}";

static void test_default_network_pays_the_halving_schedule(void **state)
{
    (void)state;
    watch *w = calloc(1, sizeof *w);
    ss_error err;
    assert_int_equal(run(plain, 3, w, &err), SS_OK);
    assert_int_equal(w->bad_identity, 0);
    /* One alpha a block (far below the first alpha halving), every block paid at some epoch. */
    uint64_t last = w->epoch_block[w->epochs - 1];
    assert_int_equal(w->issued_total, last * TAO);
    free(w);
}

static void test_genesis_mints_what_the_scenario_holds(void **state)
{
    (void)state;
    ss_scenario *sc = parse(
        "{\"blocks\": 1, \"network\": {\"stakers\": [{\"count\": 3, \"balance_tao\": 7,"
        " \"root_stake_tao\": 2}], \"creators\": [{\"balance_tao\": 11,"
        " \"subnet\": {\"validators\": [{\"count\": 1}], \"miners\": [{\"count\": 1}]}}]},"
        " \"subnets\": [{\"max_uids\": 8, \"pool\": {\"tao\": 100, \"alpha\": 50},"
        "  \"validators\": [{\"count\": 2, \"stake_tao\": 5, \"root_stake_tao\": 3,"
        "   \"balance_tao\": 1}],"
        "  \"miners\": [{\"count\": 2, \"arrivals\": {\"count\": 4, \"balance_tao\": 2}}]}]}");
    ss_run *r;
    ss_error err;
    assert_int_equal(ss_run_create(sc, NULL, &r, &err), SS_OK);
    const ss_economy *e = ss_run_economy(r);
    /* pool 100 + stakers 3 x (7 + 2) + creator 11 + validators 2 x (3 + 1) + arrivals 4 x 2 */
    assert_int_equal(e->tao_minted_rao, (100 + 27 + 11 + 8 + 8) * TAO);
    assert_int_equal(e->root_tao_rao, (6 + 6) * TAO);
    const ss_econ_subnet *s = ss_economy_subnet_const(e, 1);
    assert_int_equal(s->alpha_issued_rao, (50 + 10) * TAO);
    assert_true(s->moving_price == 1.0); /* the spot price 2, clamped at 1 */
    ss_run_destroy(r);
    ss_scenario_free(sc);
}

static const char *sched =
    "{\"blocks\": 1500, \"network\": {\"scheduler\": \"%s\", \"max_epochs_per_block\": %d},"
    " \"subnets\": ["
    "  {\"netuid\": 1, \"tempo\": 100, \"max_uids\": 8, \"validators\": [{\"count\": 1}],"
    "   \"miners\": [{\"count\": 2}]},"
    "  {\"netuid\": 2, \"tempo\": 100, \"max_uids\": 8, \"validators\": [{\"count\": 1}],"
    "   \"miners\": [{\"count\": 2}]},"
    "  {\"netuid\": 102, \"tempo\": 100, \"max_uids\": 8, \"validators\": [{\"count\": 1}],"
    "   \"miners\": [{\"count\": 2}]}]}";

static void test_schedulers_and_the_per_block_cap(void **state)
{
    (void)state;
    watch *w = calloc(1, sizeof *w);
    char text[2048];
    ss_error err;
    /* Legacy: (block + netuid + 1) mod (tempo + 1) = 0, netuids 1 and 102 share blocks. */
    snprintf(text, sizeof text, sched, "legacy", 2);
    assert_int_equal(run(text, 1, w, &err), SS_OK);
    for (uint64_t k = 0; k < w->epochs; k++)
        assert_int_equal((w->epoch_block[k] + w->epoch_netuid[k] + 1) % 101, 0);
    assert_true(w->epochs >= 3 * 14);
    /* The same with one epoch a block: subnet 102 waits a block whenever subnet 1 runs. */
    snprintf(text, sizeof text, sched, "legacy", 1);
    assert_int_equal(run(text, 1, w, &err), SS_OK);
    uint64_t deferred = 0;
    for (uint64_t k = 0; k < w->epochs; k++) {
        if (w->epoch_netuid[k] == 102)
            deferred += (w->epoch_block[k] + 102 + 1) % 101 == 1;
        for (uint64_t j = k + 1; j < w->epochs; j++)
            assert_false(w->epoch_block[j] == w->epoch_block[k]);
    }
    assert_true(deferred >= 14);
    /* Dynamic: every tempo, staggered by netuid mod tempo at genesis. */
    snprintf(text, sizeof text, sched, "dynamic", 2);
    assert_int_equal(run(text, 1, w, &err), SS_OK);
    uint64_t prev[3] = {0, 0, 0};
    for (uint64_t k = 0; k < w->epochs; k++) {
        uint32_t n = w->epoch_netuid[k], i = n == 1 ? 0 : n == 2 ? 1 : 2;
        if (prev[i])
            assert_int_equal(w->epoch_block[k] - prev[i], 100);
        else
            assert_int_equal(w->epoch_block[k], 100 - n % 100);
        prev[i] = w->epoch_block[k];
    }
    free(w);
}

static void test_replaced_uid_loses_its_weights(void **state)
{
    (void)state;
    ss_scenario *sc = parse(
        "{\"blocks\": 1, \"consensus\": {\"commit_reveal\": true}, \"subnets\": [{\"max_uids\": 6,"
        " \"validators\": [{\"count\": 2}], \"miners\": [{\"count\": 3}]}]}");
    ss_subnet s;
    assert_int_equal(ss_subnet_init(&s, &sc->subnets[0], 1, NULL), SS_OK);
    uint32_t uid;
    for (uint32_t i = 0; i < 6; i++) {
        ss_uid_holder h = {i, i == 0 ? SS_ROLE_OWNER : i < 3 ? SS_ROLE_VALIDATOR : SS_ROLE_MINER,
                           i, false, 0};
        assert_int_equal(ss_subnet_register(&s, &h, 0, &uid, NULL), SS_OK);
    }
    /* The owner may always set weights: a stored row and a commit pointing at UID 4. */
    uint32_t uids[3] = {3, 4, 5};
    uint16_t values[3] = {100, 200, 300};
    assert_true(ss_subnet_set_weights(&s, 0, uids, values, 3, 10));
    s.epochs = 5; /* the commit is due */
    ss_subnet_reveal(&s, 11);
    assert_int_equal(s.rows[0].len, 3);
    assert_true(ss_subnet_set_weights(&s, 4, uids, values, 3, 12) == false); /* no permit */
    assert_true(ss_subnet_set_weights(&s, 0, uids, values, 3, 13));
    assert_int_equal(s.commit_count[0], 1);
    ss_uid_holder newcomer = {9, SS_ROLE_MINER, 9, false, 0};
    ss_subnet_replace(&s, 4, &newcomer, 20);
    assert_int_equal(s.registered_block[4], 20);
    assert_int_equal(s.hotkey[4], 9);
    assert_int_equal(s.rows[4].len, 0);
    /* The owner's stored entry for UID 4 is kept with value 0; its commit stays (the mask's job). */
    assert_int_equal(s.rows[0].len, 3);
    assert_int_equal(s.rows[0].entries[1].uid, 4);
    assert_int_equal(s.rows[0].entries[1].value, 0);
    assert_int_equal(s.commit_count[0], 1);
    ss_subnet_fini(&s);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_holds_while_money_moves),
        cmocka_unit_test(test_audit_stops_a_run_that_creates_money),
        cmocka_unit_test(test_default_network_pays_the_halving_schedule),
        cmocka_unit_test(test_genesis_mints_what_the_scenario_holds),
        cmocka_unit_test(test_schedulers_and_the_per_block_cap),
        cmocka_unit_test(test_replaced_uid_loses_its_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
