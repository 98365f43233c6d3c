/*
** Replay of the market and entry vectors: pool swaps, conversions, limit
** sizes, initialization and price-keeping injection; the burn price; UID and
** subnet pruning; the subnet lock cost.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "conformance/emission_vectors.h"
#include "subnetsim/economy.h"
#include "subnetsim/pool.h"
#include "subnetsim/registration.h"

#define MAXN 64

static ss_status pool_in(ss_evec *v, const cJSON *obj, ss_pool *p)
{
    uint64_t tao, alpha;
    double wq = 0.5;
    if (ss__evec_u64(v, obj, "tao_reserve", &tao) || ss__evec_u64(v, obj, "alpha_reserve", &alpha))
        return SS_EINVAL;
    if (cJSON_GetObjectItemCaseSensitive(obj, "quote_weight")
        && ss__evec_num(v, obj, "quote_weight", &wq))
        return SS_EINVAL;
    p->tao_rao = tao;
    p->alpha_rao = alpha;
    p->quote_weight = wq;
    return SS_OK;
}

ss_status ss__evec_swap(ss_evec *v)
{
    ss_pool p;
    double rate;
    if (pool_in(v, v->in, &p) || ss__evec_num(v, v->in, "fee_rate_u16", &rate))
        return SS_EINVAL;
    ss_pool_guard g = {1000000, 1000};
    const bool buy = cJSON_GetObjectItemCaseSensitive(v->in, "tao_in_gross") != NULL;
    uint64_t gross;
    if (ss__evec_u64(v, v->in, buy ? "tao_in_gross" : "alpha_in_gross", &gross))
        return SS_EINVAL;
    double before = ss_pool_price(&p);
    ss_swap sw;
    ss_tx tx = buy ? ss_pool_quote_buy(&p, gross, (uint16_t)rate, true, &g, &sw)
                   : ss_pool_quote_sell(&p, gross, (uint16_t)rate, true, &g, &sw);
    ss__evec_check_bool(v, "swap accepted", true, tx == SS_TX_OK);
    if (buy)
        ss_pool_apply_buy(&p, &sw);
    else
        ss_pool_apply_sell(&p, &sw);
    double after = ss_pool_price(&p);
    struct { const char *key; double got; } fields[] = {
        {buy ? "fee_tao" : "fee_alpha", (double)sw.fee},
        {buy ? "tao_reserve_delta" : "alpha_reserve_delta", (double)sw.net_in},
        {buy ? "alpha_out" : "tao_out", (double)sw.out},
        {"price_after", after},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        double expected;
        if (ss__evec_num(v, v->exp, fields[i].key, &expected))
            return SS_EINVAL;
        ss__evec_check(v, fields[i].key, 0, fields[i].key, expected, fields[i].got);
    }
    /* The tests assert only the direction of the price. */
    ss__evec_relation(v, buy ? "price rises" : "price falls", before, after,
                      buy ? after > before : after < before);
    return SS_OK;
}

ss_status ss__evec_convert_deltas(ss_evec *v)
{
    int n, m;
    const cJSON *cases = ss__evec_array(v, v->in, "cases", &n);
    const cJSON *ex = ss__evec_array(v, v->exp, "cases", &m);
    if (!cases || !ex || n != m)
        return SS_EINVAL;
    for (int i = 0; i < n; i++) {
        const cJSON *c = cJSON_GetArrayItem(cases, i), *e = cJSON_GetArrayItem(ex, i);
        ss_pool p;
        uint64_t d;
        double sell, buy;
        if (pool_in(v, c, &p) || ss__evec_u64(v, c, "delta_in", &d)
            || ss__evec_num(v, e, "sell_tao_out", &sell)
            || ss__evec_num(v, e, "buy_alpha_out", &buy))
            return SS_EINVAL;
        char label[96];
        snprintf(label, sizeof label, "cases[%d].sell_tao_out (w_q %g)", i, p.quote_weight);
        ss__evec_check(v, "cases", i, label, sell, (double)ss_pool_tao_for_alpha(&p, d));
        snprintf(label, sizeof label, "cases[%d].buy_alpha_out (w_q %g)", i, p.quote_weight);
        ss__evec_check(v, "cases", i, label, buy, (double)ss_pool_alpha_for_tao(&p, d));
    }
    return SS_OK;
}

ss_status ss__evec_max_stake(ss_evec *v)
{
    int n, m;
    const cJSON *cases = ss__evec_array(v, v->in, "cases", &n);
    const cJSON *ex = ss__evec_array(v, v->exp, "max_tao_gross", &m);
    if (!cases || !ex || n != m)
        return SS_EINVAL;
    for (int i = 0; i < n; i++) {
        const cJSON *c = cJSON_GetArrayItem(cases, i);
        ss_pool p;
        uint64_t limit;
        double expected;
        if (pool_in(v, c, &p) || ss__evec_u64(v, c, "limit_price_rao", &limit)
            || ss__evec_item_num(v, ex, i, &expected))
            return SS_EINVAL;
        uint64_t got;
        ss_tx tx = ss_pool_max_buy_to_price(&p, limit, 33, &got);
        char label[64];
        snprintf(label, sizeof label, "max_tao_gross[%d]", i);
        if (tx != SS_TX_OK)
            ss__evec_relation(v, label, expected, -1, false);
        else
            ss__evec_check(v, "max_tao_gross", i, label, expected, (double)got);
    }
    /* A limit at or below the price is refused (reserves 1.5e11 / 1e11). */
    ss_pool p = {150000000000ULL, 100000000000ULL, 0.5};
    uint64_t got;
    ss_tx tx = ss_pool_max_buy_to_price(&p, 1500000000, 33, &got);
    ss__evec_relation(v, "limit at the price: PriceLimitExceeded", 1500000000.0, (double)got,
                      tx == SS_TX_PRICE_LIMIT);
    return SS_OK;
}

ss_status ss__evec_pool_init(ss_evec *v)
{
    uint64_t tao, alpha;
    double price = 0.0, expected;
    if (ss__evec_u64(v, v->in, "tao_reserve", &tao)
        || ss__evec_u64(v, v->in, "alpha_reserve", &alpha))
        return SS_EINVAL;
    if (cJSON_GetObjectItemCaseSensitive(v->in, "init_price")
        && ss__evec_num(v, v->in, "init_price", &price))
        return SS_EINVAL;
    ss_pool p;
    ss_pool_init(&p, tao, alpha, price);
    if (ss__evec_num(v, v->exp, "price", &expected))
        return SS_EINVAL;
    ss__evec_check(v, "price", 0, "price", expected, ss_pool_price(&p));
    if (ss__evec_num(v, v->exp, "quote_weight", &expected))
        return SS_EINVAL;
    ss__evec_check(v, "quote_weight", 0, "quote_weight", expected, p.quote_weight);
    return SS_OK;
}

ss_status ss__evec_injection_weight(ss_evec *v)
{
    ss_pool p0;
    int n, m;
    const cJSON *cases = ss__evec_array(v, v->in, "cases", &n);
    const cJSON *ex = ss__evec_array(v, v->exp, "quote_weight_after", &m);
    double price;
    if (!cases || !ex || n != m || pool_in(v, v->in, &p0)
        || ss__evec_num(v, v->exp, "price_after", &price))
        return SS_EINVAL;
    for (int i = 0; i < n; i++) {
        const cJSON *c = cJSON_GetArrayItem(cases, i);
        uint64_t dt, da;
        double expected;
        if (ss__evec_u64(v, c, "tao_delta", &dt) || ss__evec_u64(v, c, "alpha_delta", &da)
            || ss__evec_item_num(v, ex, i, &expected))
            return SS_EINVAL;
        ss_pool p = p0;
        double w = 0.0;
        bool ok = ss_pool_injection_weight(&p, dt, da, 0.01, 0.99, &w);
        char label[64];
        snprintf(label, sizeof label, "quote_weight_after[%d]", i);
        ss__evec_check_bool(v, "injection accepted", true, ok);
        ss__evec_check(v, "quote_weight_after", i, label, expected, w);
        p.tao_rao += dt;
        p.alpha_rao += da;
        p.quote_weight = w;
        snprintf(label, sizeof label, "price_after[%d]", i);
        ss__evec_check(v, "price_after", 0, label, price, ss_pool_price(&p));
    }
    return SS_OK;
}

ss_status ss__evec_decay_factor(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "half_life", &n) || n > MAXN)
        return SS_EINVAL;
    double h[MAXN], got[MAXN];
    if (ss__evec_nums(v, v->in, "half_life", h, n))
        return SS_EINVAL;
    for (int i = 0; i < n; i++)
        got[i] = ss_burn_decay_factor_q32((uint32_t)h[i]);
    return ss__evec_check_array(v, "factor_q32", got, n);
}

/* Reads an optional u64 input. */
static ss_status opt_u64(ss_evec *v, const char *name, uint64_t def, uint64_t *out)
{
    *out = def;
    if (!cJSON_GetObjectItemCaseSensitive(v->in, name))
        return SS_OK;
    return ss__evec_u64(v, v->in, name, out);
}

ss_status ss__evec_burn(ss_evec *v)
{
    uint64_t burn, half_life, lo, hi;
    double mult = 1.0;
    if (ss__evec_u64(v, v->in, "burn", &burn) || opt_u64(v, "half_life", 0, &half_life)
        || opt_u64(v, "min_burn", 0, &lo) || opt_u64(v, "max_burn", UINT64_MAX, &hi))
        return SS_EINVAL;
    if (cJSON_GetObjectItemCaseSensitive(v->in, "mult") && ss__evec_num(v, v->in, "mult", &mult))
        return SS_EINVAL;
    uint32_t f = ss_burn_decay_factor_q32((uint32_t)half_life);
    ss_q64 m = ss_q64_from_double(mult);
    double expected;
    if (!strcmp(v->id, "burn_halves")) {
        int n;
        const cJSON *blocks = ss__evec_array(v, v->in, "blocks", &n);
        if (!blocks || n > MAXN)
            return SS_EINVAL;
        double got[MAXN];
        uint64_t b = burn, done = 0;
        for (int i = 0; i < n; i++) {
            double upto;
            if (ss__evec_item_num(v, blocks, i, &upto))
                return SS_EINVAL;
            for (; done < (uint64_t)upto; done++)
                b = ss_burn_decay(b, f, lo, hi);
            got[i] = (double)b;
        }
        return ss__evec_check_array(v, "burn", got, n);
    }
    if (!strcmp(v->id, "burn_bump_then_decay")) {
        uint64_t b = ss_burn_bump(burn, m, lo, hi);
        if (ss__evec_num(v, v->exp, "burn_after_registration", &expected))
            return SS_EINVAL;
        ss__evec_check(v, "burn_after_registration", 0, "burn_after_registration", expected, b);
        b = ss_burn_decay(b, f, lo, hi);
        if (ss__evec_num(v, v->exp, "burn_after_next_block", &expected))
            return SS_EINVAL;
        ss__evec_check(v, "burn_after_next_block", 0, "burn_after_next_block", expected, b);
        return SS_OK;
    }
    if (!strcmp(v->id, "burn_one_block_decay")) {
        /* Through the economy: a block resets the counter and decays the price. */
        ss_econ_params p;
        ss_econ_params_default(&p);
        p.subnet.burn_half_life = (uint32_t)half_life;
        p.subnet.min_burn_rao = lo;
        p.subnet.max_burn_rao = hi;
        ss_economy *e = NULL;
        ss_status st = ss_economy_create(&p, &e, v->err);
        if (st == SS_OK)
            st = ss_economy_genesis_subnet(e, 1, 1000000000, 1000000000, true, v->err);
        if (st == SS_OK) {
            ss_econ_subnet *s = ss_economy_subnet(e, 1);
            s->burn_rao = burn;
            s->registrations_this_block = 1;
            ss_economy_begin_block(e, 2);
            if ((st = ss__evec_num(v, v->exp, "burn", &expected)) == SS_OK)
                ss__evec_check(v, "burn", 0, "burn", expected, (double)s->burn_rao);
            if (st == SS_OK
                && (st = ss__evec_num(v, v->exp, "registrations_this_block", &expected)) == SS_OK)
                ss__evec_check(v, "registrations_this_block", 0, "registrations_this_block",
                               expected, s->registrations_this_block);
        }
        ss_economy_destroy(e);
        return st;
    }
    if (!strcmp(v->id, "burn_clamps")) {
        struct { const char *key; int op; } steps[] = {
            {"after_1_block", 0}, {"after_registration", 1},
            {"after_next_block", 0}, {"after_another_block", 0},
        };
        uint64_t b = burn;
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
            b = steps[i].op ? ss_burn_bump(b, m, lo, hi) : ss_burn_decay(b, f, lo, hi);
            if (ss__evec_num(v, v->exp, steps[i].key, &expected))
                return SS_EINVAL;
            ss__evec_check(v, steps[i].key, 0, steps[i].key, expected, (double)b);
        }
        return SS_OK;
    }
    if (!strcmp(v->id, "burn_bump_mult3")) {
        if (ss__evec_num(v, v->exp, "burn", &expected))
            return SS_EINVAL;
        ss__evec_check(v, "burn", 0, "burn", expected, (double)ss_burn_bump(burn, m, lo, hi));
        return SS_OK;
    }
    /* burn_default_halflife_360: the default bounds of a new subnet. */
    uint64_t blocks;
    if (ss__evec_u64(v, v->in, "blocks", &blocks)
        || ss__evec_num(v, v->exp, "burn", &expected))
        return SS_EINVAL;
    ss_econ_params p;
    ss_econ_params_default(&p);
    uint64_t b = burn;
    for (uint64_t i = 0; i < blocks; i++)
        b = ss_burn_decay(b, f, p.subnet.min_burn_rao, p.subnet.max_burn_rao);
    ss__evec_check(v, "burn", 0, "burn", expected, (double)b);
    return SS_OK;
}

ss_status ss__evec_uid_prune(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "emission", &n) || n > MAXN)
        return SS_EINVAL;
    double em[MAXN];
    if (ss__evec_nums(v, v->in, "emission", em, n))
        return SS_EINVAL;
    uint64_t emission[MAXN], registered[MAXN];
    bool owner_owned[MAXN];
    for (int i = 0; i < n; i++) {
        emission[i] = (uint64_t)em[i];
        registered[i] = (uint64_t)i; /* UID i registered at block i */
        owner_owned[i] = false;
    }
    ss_uid_prune_input in = {(uint32_t)n, emission, registered, owner_owned, -1, 0, 0, 0, 100};
    double min_non_immune = 0;
    if (cJSON_GetObjectItemCaseSensitive(v->in, "min_non_immune")
        && ss__evec_num(v, v->in, "min_non_immune", &min_non_immune))
        return SS_EINVAL;
    in.min_non_immune = (uint32_t)min_non_immune;
    /* Immunity as the vector states it, through the immunity period. */
    const cJSON *immune = cJSON_GetObjectItemCaseSensitive(v->in, "immune");
    bool all_immune = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v->in, "all_immune"))
                      || (cJSON_IsArray(immune) && cJSON_IsTrue(cJSON_GetArrayItem(immune, 0)));
    in.immunity_period = all_immune ? 1000 : 0;
    const cJSON *limits = cJSON_GetObjectItemCaseSensitive(v->in, "immune_owner_uids_limit");
    if (!limits) {
        double expected;
        if (ss__evec_num(v, v->exp, "uid_to_prune", &expected))
            return SS_EINVAL;
        ss__evec_check(v, "uid_to_prune", 0, "uid_to_prune", expected,
                       (double)ss_uid_to_prune(&in));
        return SS_OK;
    }
    /* UID 0 is the owner hotkey, UID 1 another key of the owner's coldkey. */
    in.owner_hotkey_uid = 0;
    owner_owned[0] = owner_owned[1] = true;
    int nl = cJSON_IsArray(limits) ? cJSON_GetArraySize(limits) : 1;
    double got[MAXN];
    for (int i = 0; i < nl && i < MAXN; i++) {
        double limit;
        if ((cJSON_IsArray(limits) ? ss__evec_item_num(v, limits, i, &limit)
                                   : ss__evec_num(v, v->in, "immune_owner_uids_limit", &limit)))
            return SS_EINVAL;
        in.immune_owner_uids_limit = (uint32_t)limit;
        got[i] = (double)ss_uid_to_prune(&in);
    }
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(v->exp, "uid_to_prune")))
        return ss__evec_check_array(v, "uid_to_prune", got, nl);
    double expected;
    if (ss__evec_num(v, v->exp, "uid_to_prune", &expected))
        return SS_EINVAL;
    ss__evec_check(v, "uid_to_prune", 0, "uid_to_prune", expected, got[0]);
    return SS_OK;
}

ss_status ss__evec_lock_cost(ss_evec *v)
{
    uint64_t last, interval, emission, min_lock;
    int n;
    const cJSON *since = ss__evec_array(v, v->in, "blocks_since_last_lock", &n);
    if (!since || n > MAXN || ss__evec_u64(v, v->in, "last_lock_rao", &last)
        || ss__evec_u64(v, v->in, "lock_reduction_interval", &interval)
        || ss__evec_u64(v, v->in, "block_emission_rao", &emission)
        || ss__evec_u64(v, v->in, "min_lock_rao", &min_lock))
        return SS_EINVAL;
    int m;
    const cJSON *ex = ss__evec_array(v, v->exp, "lock_cost_rao", &m);
    if (!ex || m != n)
        return SS_EINVAL;
    ss_lock_state st = {true, last, 1000};
    for (int i = 0; i < n; i++) {
        uint64_t dt, expected;
        if (ss__evec_item_u64(v, since, i, &dt) || ss__evec_item_u64(v, ex, i, &expected))
            return SS_EINVAL;
        uint64_t got = ss_lock_cost(&st, 1000 + dt, emission, min_lock, interval);
        char label[64];
        snprintf(label, sizeof label, "lock_cost_rao[%d]", i);
        ss_conf_add(v->f, v->id, label, cJSON_CreateNumber((double)expected),
                    cJSON_CreateNumber((double)got), -1.0, got == expected);
    }
    return SS_OK;
}

ss_status ss__evec_subnet_prune(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "moving_price", &n) || n > MAXN)
        return SS_EINVAL;
    double price[MAXN], expected;
    bool immune[MAXN];
    uint64_t registered[MAXN];
    if (ss__evec_nums(v, v->in, "moving_price", price, n)
        || ss__evec_num(v, v->exp, "index_to_prune", &expected))
        return SS_EINVAL;
    const cJSON *imm = cJSON_GetObjectItemCaseSensitive(v->in, "immune");
    const cJSON *reg = cJSON_GetObjectItemCaseSensitive(v->in, "registered_at");
    for (int i = 0; i < n; i++) {
        immune[i] = cJSON_IsTrue(cJSON_GetArrayItem(imm, i));
        /* "imm+5": registered inside the immunity period, i.e. after the others. */
        const cJSON *r = cJSON_GetArrayItem(reg, i);
        registered[i] = cJSON_IsNumber(r) ? (uint64_t)r->valuedouble : 1000000;
    }
    ss__evec_check(v, "index_to_prune", 0, "index_to_prune", expected,
                   (double)ss_subnet_to_prune((uint32_t)n, price, registered, immune));
    return SS_OK;
}
