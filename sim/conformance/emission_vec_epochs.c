/*
** Replay of the epoch vectors: distribution of drained emission (miners,
** validators, child keys, root dividends and their claims, owner-withheld
** incentive) and the epoch schedule with its per-block cap.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "conformance/emission_vectors.h"
#include "subnetsim/economy.h"
#include "subnetsim/schedule.h"

#define MAXH 8

/* One subnet whose pending buckets hold the given amounts, drained into d. */
static ss_status drained_subnet(ss_evec *v, const ss_econ_params *p, uint64_t server,
                                uint64_t validator, uint64_t root, ss_economy **e, ss_drain *d)
{
    ss_status st = ss_economy_create(p, e, v->err);
    if (st == SS_OK)
        st = ss_economy_genesis_subnet(*e, 1, 1000000000000ULL, 1000000000000ULL, true, v->err);
    if (st != SS_OK)
        return st;
    ss_econ_subnet *s = ss_economy_subnet(*e, 1);
    s->pending_server_rao = server;
    s->pending_validator_rao = validator;
    s->pending_root_rao = root;
    s->alpha_out_rao += server + validator + root;
    s->alpha_issued_rao += server + validator + root;
    ss_economy_drain(*e, 1, d);
    return SS_OK;
}

typedef struct dist {
    uint64_t miner[MAXH], take[MAXH], nominator[MAXH], claimable[MAXH];
    ss_dist_output out;
} dist;

static void dist_init(dist *x)
{
    memset(x, 0, sizeof *x);
    x->out.miner_rao = x->miner;
    x->out.take_rao = x->take;
    x->out.nominator_rao = x->nominator;
    x->out.root_claimable_rao = x->claimable;
}

/* Alpha credited to hotkey k's total stake. */
static double credited(const dist *x, int k)
{
    return (double)(x->miner[k] + x->take[k] + x->nominator[k]);
}

/* Reads a number, or array element i, or def when absent. */
static ss_status opt(ss_evec *v, const char *name, int i, double def, double *out)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(v->in, name);
    if (!x) {
        *out = def;
        return SS_OK;
    }
    if (cJSON_IsArray(x))
        return ss__evec_item_num(v, x, i, out);
    return ss__evec_num(v, v->in, name, out);
}

/* Checks expected key, a number or an array of n, against got. */
static ss_status check_values(ss_evec *v, const char *key, const double *got, int n)
{
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(v->exp, key)))
        return ss__evec_check_array(v, key, got, n);
    double expected;
    if (ss__evec_num(v, v->exp, key, &expected))
        return SS_EINVAL;
    ss__evec_check(v, key, 0, key, expected, got[0]);
    return SS_OK;
}

ss_status ss__evec_drain(ss_evec *v)
{
    const bool registered = strcmp(v->id, "drain_unregistered_staker") != 0;
    const char *stake_key = cJSON_GetObjectItemCaseSensitive(v->in, "stake_before")
                                ? "stake_before" : "alpha_stake";
    const cJSON *sk = cJSON_GetObjectItemCaseSensitive(v->in, stake_key);
    int n = cJSON_IsArray(sk) ? cJSON_GetArraySize(sk) : 1;
    if (n > MAXH)
        return SS_EINVAL;
    double server, validator, root, tw;
    if (ss__evec_num(v, v->in, "pending_server", &server)
        || ss__evec_num(v, v->in, "pending_validator", &validator)
        || opt(v, "pending_root", 0, 0.0, &root) || opt(v, "tao_weight", 0, 0.0, &tw))
        return SS_EINVAL;
    uint64_t alpha[MAXH], rootstake[MAXH];
    uint16_t take[MAXH];
    bool has_uid[MAXH];
    for (int k = 0; k < n; k++) {
        double a, r, t;
        /* The tests set no take where they expect hotkey totals only; 0 otherwise. */
        if (opt(v, stake_key, k, 0.0, &a) || opt(v, "root_stake", k, 0.0, &r)
            || opt(v, "take", k, 0.0, &t))
            return SS_EINVAL;
        alpha[k] = (uint64_t)a;
        rootstake[k] = (uint64_t)r;
        take[k] = (uint16_t)t;
        has_uid[k] = registered;
    }
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.tao_weight = tw;
    ss_economy *e = NULL;
    ss_drain d;
    ss_status st = drained_subnet(v, &p, (uint64_t)server, (uint64_t)validator, (uint64_t)root,
                                  &e, &d);
    if (st == SS_OK) {
        dist x;
        dist_init(&x);
        ss_dist_input in = {(uint32_t)n, has_uid, NULL, NULL, alpha, rootstake, take,
                            NULL, NULL, NULL, 0};
        st = ss_economy_distribute(e, 1, &d, &in, &x.out, v->err);
        double after[MAXH], root_after[MAXH];
        for (int k = 0; k < n; k++) {
            after[k] = (double)alpha[k] + credited(&x, k);
            root_after[k] = (double)rootstake[k]; /* root dividends are only claimable */
        }
        const char *after_key = cJSON_GetObjectItemCaseSensitive(v->exp, "stake_after")
                                    ? "stake_after" : "alpha_stake_after";
        if (st == SS_OK)
            st = check_values(v, after_key, after, n);
        if (st == SS_OK && cJSON_GetObjectItemCaseSensitive(v->exp, "root_stake_after"))
            st = check_values(v, "root_stake_after", root_after, n);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_childkey(ss_evec *v)
{
    double parent, child, ctake, server, validator, exp_parent, exp_child;
    if (ss__evec_num(v, v->in, "parent_stake_before", &parent)
        || ss__evec_num(v, v->in, "child_stake_before", &child)
        || ss__evec_num(v, v->in, "childkey_take_u16", &ctake)
        || ss__evec_num(v, v->in, "pending_server", &server)
        || ss__evec_num(v, v->in, "pending_validator", &validator)
        || ss__evec_num(v, v->exp, "parent_stake_after", &exp_parent)
        || ss__evec_num(v, v->exp, "child_stake_after", &exp_child))
        return SS_EINVAL;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.tao_weight = 0.0;
    ss_economy *e = NULL;
    ss_drain d;
    ss_status st = drained_subnet(v, &p, (uint64_t)server, (uint64_t)validator, 0, &e, &d);
    if (st == SS_OK) {
        /* Hotkey 0: the parent, without a UID; hotkey 1: the child, registered. */
        bool has_uid[2] = {false, true};
        uint64_t alpha[2] = {(uint64_t)parent, (uint64_t)child};
        uint16_t ctakes[2] = {0, (uint16_t)ctake};
        ss_child_link link = {0, 1, 1.0, false};
        dist x;
        dist_init(&x);
        ss_dist_input in = {2, has_uid, NULL, NULL, alpha, NULL, NULL, ctakes, NULL, &link, 1};
        st = ss_economy_distribute(e, 1, &d, &in, &x.out, v->err);
        if (st == SS_OK) {
            ss__evec_check(v, "parent_stake_after", 0, "parent_stake_after", exp_parent,
                           parent + credited(&x, 0));
            ss__evec_check(v, "child_stake_after", 0, "child_stake_after", exp_child,
                           child + credited(&x, 1));
        }
    }
    ss_economy_destroy(e);
    return st;
}

/*
** Pays pending root alpha to one hotkey with the given stakes and returns
** the claimable rate per root rao; the subnet keeps the claimable alpha.
*/
static ss_status pay_root(ss_evec *v, ss_economy **e, double tw, uint64_t alpha,
                          uint64_t root_stake, uint64_t pending_root, uint16_t take,
                          dist *x)
{
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.tao_weight = tw;
    ss_drain d;
    ss_status st = drained_subnet(v, &p, 0, 0, pending_root, e, &d);
    if (st != SS_OK)
        return st;
    dist_init(x);
    ss_dist_input in = {1, NULL, NULL, NULL, &alpha, &root_stake, &take, NULL, NULL, NULL, 0};
    return ss_economy_distribute(*e, 1, &d, &in, &x->out, v->err);
}

ss_status ss__evec_root_claim_keep(ss_evec *v)
{
    double tw, alpha, root, pending, take;
    if (ss__evec_num(v, v->in, "tao_weight", &tw) || ss__evec_num(v, v->in, "alpha_stake", &alpha)
        || ss__evec_num(v, v->in, "root_stake", &root)
        || ss__evec_num(v, v->in, "pending_root_alpha", &pending)
        || ss__evec_num(v, v->in, "take_u16", &take))
        return SS_EINVAL;
    ss_economy *e = NULL;
    dist x;
    ss_status st = pay_root(v, &e, tw, (uint64_t)alpha, (uint64_t)root, (uint64_t)pending,
                            (uint16_t)take, &x);
    if (st == SS_OK) {
        double rate = (double)x.claimable[0] / root, expected;
        ss_trade t;
        ss_tx tx = ss_economy_root_claim(e, 1, ss_root_owed(rate, (uint64_t)root, 0),
                                         SS_CLAIM_KEEP, &t);
        ss__evec_check_bool(v, "claim accepted", true, tx == SS_TX_OK);
        struct { const char *key; double got; } fields[] = {
            {"validator_alpha_take", (double)x.take[0]},
            {"claimable_rate_per_root_rao", rate},
            {"claimed_alpha", (double)t.alpha_rao},
        };
        for (size_t i = 0; i < 3 && st == SS_OK; i++)
            if ((st = ss__evec_num(v, v->exp, fields[i].key, &expected)) == SS_OK)
                ss__evec_check(v, fields[i].key, 0, fields[i].key, expected, fields[i].got);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_root_claim_two(ss_evec *v)
{
    double pending, take, each_share, expected;
    if (ss__evec_num(v, v->in, "pending_root_alpha", &pending)
        || ss__evec_num(v, v->in, "take_fraction_nominal", &take)
        || ss__evec_num(v, v->in, "root_share_each", &each_share)
        || ss__evec_num(v, v->exp, "claimed_alpha_each", &expected))
        return SS_EINVAL;
    /* The hotkey's root stake 1e7, of which Alice and Bob hold each share; the
    ** nominal 18% take is the default 11796/65535. */
    const uint64_t hotkey_root = 10000000;
    ss_economy *e = NULL;
    dist x;
    ss_status st = pay_root(v, &e, 1.0, 1000000000, hotkey_root, (uint64_t)pending, 11796, &x);
    (void)take;
    if (st == SS_OK) {
        double rate = (double)x.claimable[0] / (double)hotkey_root;
        uint64_t each = (uint64_t)llround(each_share * (double)hotkey_root);
        const char *who[2] = {"claimed_alpha_each (alice)", "claimed_alpha_each (bob)"};
        for (int c = 0; c < 2; c++) {
            ss_trade t;
            ss_tx tx = ss_economy_root_claim(e, 1, ss_root_owed(rate, each, 0), SS_CLAIM_KEEP,
                                             &t);
            ss__evec_check_bool(v, "claim accepted", true, tx == SS_TX_OK);
            ss__evec_check(v, "claimed_alpha_each", 0, who[c], expected, (double)t.alpha_rao);
        }
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_owner_burned(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "incentive", &n) || n > MAXH)
        return SS_EINVAL;
    double inc[MAXH];
    bool owned[MAXH];
    if (ss__evec_nums(v, v->in, "incentive", inc, n))
        return SS_EINVAL;
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(v->in, "owned_by_subnet_owner");
    uint64_t total = 0, alpha[MAXH];
    for (int k = 0; k < n; k++) {
        owned[k] = cJSON_IsTrue(cJSON_GetArrayItem(o, k));
        total += (uint64_t)inc[k];
        alpha[k] = 0;
    }
    /* Incentive alone on T: each hotkey's share of T is its incentive. */
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_drain d;
    ss_status st = drained_subnet(v, &p, total, 0, 0, &e, &d);
    if (st == SS_OK) {
        dist x;
        dist_init(&x);
        ss_dist_input in = {(uint32_t)n, NULL, inc, NULL, alpha, NULL, NULL, NULL, owned, NULL, 0};
        st = ss_economy_distribute(e, 1, &d, &in, &x.out, v->err);
        double after[MAXH], expected;
        for (int k = 0; k < n; k++)
            after[k] = credited(&x, k);
        if (st == SS_OK)
            st = ss__evec_check_array(v, "stake_after", after, n);
        if (st == SS_OK
            && (st = ss__evec_num(v, v->exp, "miner_burned_fraction", &expected)) == SS_OK)
            ss__evec_check(v, "miner_burned_fraction", 0, "miner_burned_fraction", expected,
                           ss_economy_subnet(e, 1)->miner_burned);
        if (st == SS_OK)
            ss__evec_relation(v, "withheld alpha is burned", (double)total,
                              (double)ss_economy_subnet(e, 1)->alpha_burned_rao,
                              ss_economy_subnet(e, 1)->alpha_burned_rao == total);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_blocks_until(ss_evec *v)
{
    int n, m;
    const cJSON *cases = ss__evec_array(v, v->in, "cases", &n);
    const cJSON *ex = ss__evec_array(v, v->exp, "blocks_until", &m);
    if (!cases || !ex || n != m)
        return SS_EINVAL;
    for (int i = 0; i < n; i++) {
        const cJSON *c = cJSON_GetArrayItem(cases, i);
        double tempo, block;
        uint64_t expected;
        if (ss__evec_num(v, c, "tempo", &tempo) || ss__evec_num(v, c, "block", &block)
            || ss__evec_item_u64(v, ex, i, &expected))
            return SS_EINVAL;
        uint64_t got = ss_blocks_until_next_epoch((uint32_t)tempo, 0, (uint64_t)block);
        char label[64];
        snprintf(label, sizeof label, "blocks_until[%d]", i);
        ss_conf_add(v->f, v->id, label, cJSON_CreateNumber((double)expected),
                    cJSON_CreateNumber((double)got), -1.0, got == expected);
    }
    return SS_OK;
}

ss_status ss__evec_epoch_cap(ss_evec *v)
{
    double expected;
    if (ss__evec_num(v, v->exp, "deferred", &expected))
        return SS_EINVAL;
    /* "cap+2" subnets due in the same block, with the mock's cap of 32. */
    const uint32_t cap = 32, n = cap + 2;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.max_epochs_per_block = cap;
    p.subnet.tempo = 10;
    ss_economy *e = NULL;
    ss_status st = ss_economy_create(&p, &e, v->err);
    for (uint32_t i = 1; i <= n && st == SS_OK; i++) {
        st = ss_economy_genesis_subnet(e, i, 1000000000, 1000000000, true, v->err);
        if (st == SS_OK)
            ss_economy_subnet(e, i)->clock.last_epoch_block = 0;
    }
    if (st == SS_OK) {
        uint32_t ran[64];
        ss_economy_begin_block(e, 100);
        uint32_t k = ss_economy_epochs(e, ran, 64);
        uint32_t deferred = 0;
        for (uint32_t i = 1; i <= n; i++)
            deferred += ss_economy_subnet(e, i)->clock.pending_epoch_at == 101;
        ss__evec_check(v, "deferred", 0, "deferred", expected, deferred);
        ss__evec_relation(v, "epochs run in the block = cap", cap, k, k == cap);
        ss_economy_begin_block(e, 101);
        k = ss_economy_epochs(e, ran, 64);
        ss__evec_relation(v, "deferred subnets run the next block", n - cap, k,
                          k == n - cap && ran[0] == cap + 1 && ran[1] == cap + 2);
    }
    ss_economy_destroy(e);
    return st;
}
