/*
** Replay of the issuance and split vectors: the halving table, the shares of
** every rule (through the economy's coinbase where the vector describes a
** block), the moving price, injection terms and the alpha-out split.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "conformance/emission_vectors.h"
#include "subnetsim/economy.h"
#include "subnetsim/emission.h"

#define MAXN 128

/* Root stake that makes r ≈ 1 ("root proportion ~1" in the vectors). */
#define HUGE_ROOT_RAO 1000000000000000000ULL

ss_status ss__evec_halving_table(ss_evec *v)
{
    int n, m;
    const cJSON *in = ss__evec_array(v, v->in, "total_issuance_rao", &n);
    const cJSON *ex = ss__evec_array(v, v->exp, "block_emission_rao", &m);
    if (!in || !ex || n != m)
        return in && ex ? ss_error_set(v->err, SS_EINVAL, "%s: length mismatch", v->id)
                        : SS_EINVAL;
    for (int i = 0; i < n; i++) {
        uint64_t issuance, expected;
        if (ss__evec_item_u64(v, in, i, &issuance) || ss__evec_item_u64(v, ex, i, &expected))
            return SS_EINVAL;
        uint64_t got = ss_block_emission(issuance, SS_TOTAL_SUPPLY_RAO, SS_RAO_PER_TAO);
        char label[64];
        snprintf(label, sizeof label, "block_emission_rao[%d]", i);
        ss__evec_check(v, "block_emission_rao", i, label, (double)expected, (double)got);
    }
    return SS_OK;
}

ss_status ss__evec_issuance_bounds(ss_evec *v)
{
    double iterations, blocks;
    uint64_t issuance, expected;
    if (ss__evec_num(v, v->in, "iterations", &iterations)
        || ss__evec_num(v, v->in, "blocks_per_step", &blocks)
        || ss__evec_u64(v, v->in, "start_issuance_rao", &issuance)
        || ss__evec_u64(v, v->exp, "final_issuance_rao", &expected))
        return SS_EINVAL;
    for (int i = 0; i < (int)iterations; i++)
        issuance += ss_block_emission(issuance, SS_TOTAL_SUPPLY_RAO, SS_RAO_PER_TAO)
                    * (uint64_t)blocks;
    /* Compared as integers: the values are above 2^53. */
    ss_conf_add(v->f, v->id, "final_issuance_rao", cJSON_CreateNumber((double)expected),
                cJSON_CreateNumber((double)issuance), -1.0, issuance == expected);
    return SS_OK;
}

/*
** An economy with n started subnets: pool i holds alpha[i] alpha and
** tao[i] TAO, moving price pbar[i], MinerBurned mb[i] (NULL: 0), emission
** enabled (NULL: all), root stake root_rao.
*/
static ss_status economy(ss_evec *v, const ss_econ_params *p, uint32_t n, const uint64_t *tao,
                         const uint64_t *alpha, const double *pbar, const double *mb,
                         const bool *enabled, uint64_t root_rao, ss_economy **out)
{
    ss_status st = ss_economy_create(p, out, v->err);
    if (st != SS_OK)
        return st;
    ss_economy *e = *out;
    e->root_tao_rao = root_rao;
    for (uint32_t i = 0; i < n; i++) {
        st = ss_economy_genesis_subnet(e, i + 1, tao[i], alpha[i], true, v->err);
        if (st != SS_OK)
            return st;
        ss_econ_subnet *s = ss_economy_subnet(e, i + 1);
        s->moving_price = pbar ? pbar[i] : 0.0;
        s->miner_burned = mb ? mb[i] : 0.0;
        s->emission_enabled = enabled ? enabled[i] : true;
    }
    return SS_OK;
}

/* Reads an optional bool array (NULL-safe when absent). */
static ss_status bools(ss_evec *v, const cJSON *obj, const char *name, bool *out, int n,
                       bool *present)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    *present = a != NULL;
    if (!a)
        return SS_OK;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
        return ss_error_set(v->err, SS_EINVAL, "%s: \"%s\" malformed", v->id, name);
    for (int i = 0; i < n; i++)
        out[i] = cJSON_IsTrue(cJSON_GetArrayItem(a, i));
    return SS_OK;
}

/* Pools at spot price pbar[i] with 1e12 alpha. */
static void price_pools(int n, const double *price, uint64_t *tao, uint64_t *alpha)
{
    for (int i = 0; i < n; i++) {
        alpha[i] = 1000000000000ULL;
        tao[i] = (uint64_t)llround(price[i] * 1e12);
    }
}

ss_status ss__evec_price_coinbase(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "moving_price", &n) || n > MAXN)
        return SS_EINVAL;
    double pbar[MAXN], mb[MAXN] = {0}, emission;
    bool enabled[MAXN], has_enabled;
    uint64_t tao[MAXN], alpha[MAXN];
    if (ss__evec_nums(v, v->in, "moving_price", pbar, n)
        || ss__evec_nums(v, v->in, "miner_burned", mb, n)
        || bools(v, v->in, "emission_enabled", enabled, n, &has_enabled)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    price_pools(n, pbar, tao, alpha);
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, (uint32_t)n, tao, alpha, pbar, mb,
                           has_enabled ? enabled : NULL, HUGE_ROOT_RAO, &e);
    if (st == SS_OK) {
        uint64_t issuance = e->total_issuance_rao;
        ss_economy_coinbase_amount(e, (uint64_t)emission);
        double got[MAXN];
        for (int i = 0; i < n; i++)
            got[i] = (double)(ss_economy_subnet(e, i + 1)->pool.tao_rao - tao[i]);
        st = ss__evec_check_array(v, "subnet_tao_increase_rao", got, n);
        const char *key = "total_issuance_increase_rao";
        if (st == SS_OK && cJSON_GetObjectItemCaseSensitive(v->exp, key)) {
            double expected;
            st = ss__evec_num(v, v->exp, "total_issuance_increase_rao", &expected);
            if (st == SS_OK)
                ss__evec_check(v, "total_issuance_increase_rao", 0,
                               "total_issuance_increase_rao", expected,
                               (double)(e->total_issuance_rao - issuance));
        }
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_emission_disabled(ss_evec *v)
{
    double pbar[3], emission;
    bool enabled[3], has_enabled;
    uint64_t tao[3], alpha[3];
    if (ss__evec_nums(v, v->in, "moving_price", pbar, 3)
        || bools(v, v->in, "emission_enabled", enabled, 3, &has_enabled)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    price_pools(3, pbar, tao, alpha);
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, 3, tao, alpha, pbar, NULL, enabled, HUGE_ROOT_RAO, &e);
    if (st == SS_OK) {
        ss_economy_coinbase_amount(e, (uint64_t)emission);
        double got[3];
        for (int i = 0; i < 3; i++)
            got[i] = ss_economy_subnet(e, i + 1)->last.tao_emission;
        st = ss__evec_check_array(v, "subnet_tao_emission_rao", got, 3);
        const ss_econ_subnet *s2 = ss_economy_subnet(e, 2);
        double expected;
        if (st == SS_OK && (st = ss__evec_num(v, v->exp, "alpha_in_subnet2", &expected)) == SS_OK)
            ss__evec_check(v, "alpha_in_subnet2", 0, "alpha_in_subnet2", expected,
                           (double)s2->last.alpha_in_rao);
        if (st == SS_OK
            && (st = ss__evec_num(v, v->exp, "excess_tao_subnet2", &expected)) == SS_OK)
            ss__evec_check(v, "excess_tao_subnet2", 0, "excess_tao_subnet2", expected,
                           (double)s2->last.chain_buy_tao_rao);
        bool positive;
        if (st == SS_OK
            && (st = ss__evec_bool(v, v->exp, "alpha_out_subnet2_positive", &positive)) == SS_OK)
            ss__evec_check_bool(v, "alpha_out_subnet2_positive", positive,
                                s2->last.alpha_out_rao > 0);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_emission_toggles(ss_evec *v)
{
    double pbar[3], emission;
    uint64_t tao[3], alpha[3];
    int runs, truns;
    const cJSON *masks = ss__evec_array(v, v->in, "emission_enabled_per_run", &runs);
    const cJSON *expect = ss__evec_array(v, v->exp, "tao_in_emission_per_run_rao", &truns);
    if (!masks || !expect || runs != truns || ss__evec_nums(v, v->in, "moving_price", pbar, 3)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    price_pools(3, pbar, tao, alpha);
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, 3, tao, alpha, pbar, NULL, NULL, HUGE_ROOT_RAO, &e);
    for (int r = 0; r < runs && st == SS_OK; r++) {
        const cJSON *mask = cJSON_GetArrayItem(masks, r), *ex = cJSON_GetArrayItem(expect, r);
        for (uint32_t i = 0; i < 3; i++)
            ss_economy_set_emission_enabled(e, i + 1,
                                            cJSON_IsTrue(cJSON_GetArrayItem(mask, (int)i)));
        ss_economy_coinbase_amount(e, (uint64_t)emission);
        for (int i = 0; i < 3 && st == SS_OK; i++) {
            double expected;
            st = ss__evec_item_num(v, ex, i, &expected);
            char label[64];
            snprintf(label, sizeof label, "tao_in_emission_per_run_rao[%d][%d]", r, i);
            if (st == SS_OK)
                ss__evec_check(v, "tao_in_emission_per_run_rao", 0, label, expected,
                               (double)ss_economy_subnet(e, i + 1)->last.tao_in_rao);
        }
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_miner_burn_shares(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "moving_price", &n) || n > MAXN)
        return SS_EINVAL;
    double pbar[MAXN], mb[MAXN], share[MAXN];
    if (ss__evec_nums(v, v->in, "moving_price", pbar, n)
        || ss__evec_nums(v, v->in, "miner_burned", mb, n))
        return SS_EINVAL;
    /* Today's rule ignores the stored RootProp (shares_ignore_root_prop). */
    ss_shares_price_ema((uint32_t)n, pbar, mb, NULL, share);
    return ss__evec_check_array(v, "share", share, n);
}

ss_status ss__evec_zero_prices(ss_evec *v)
{
    double pbar[2], before[2], emission;
    uint64_t tao[2], alpha[2];
    if (ss__evec_nums(v, v->in, "moving_price", pbar, 2)
        || ss__evec_nums(v, v->in, "alpha_in_before", before, 2)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    for (int i = 0; i < 2; i++)
        tao[i] = alpha[i] = (uint64_t)before[i]; /* reserves 1e6 / 1e6 */
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, 2, tao, alpha, pbar, NULL, NULL, 0, &e);
    if (st == SS_OK) {
        ss_economy_coinbase_amount(e, (uint64_t)emission);
        double got[2];
        for (int i = 0; i < 2; i++)
            got[i] = (double)ss_economy_subnet(e, i + 1)->pool.alpha_rao;
        st = ss__evec_check_array(v, "alpha_in_after", got, 2);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_ema_price(ss_evec *v)
{
    double spot, start, alpha, halving, updates, b;
    if (ss__evec_num(v, v->in, "spot_price", &spot)
        || ss__evec_num(v, v->in, "moving_price_start", &start)
        || ss__evec_num(v, v->in, "subnet_moving_alpha", &alpha)
        || ss__evec_num(v, v->in, "ema_halving_blocks", &halving)
        || ss__evec_num(v, v->in, "updates", &updates))
        return SS_EINVAL;
    if (cJSON_GetObjectItemCaseSensitive(v->in, "blocks_since_start_call")) {
        if (ss__evec_num(v, v->in, "blocks_since_start_call", &b))
            return SS_EINVAL;
    } else {
        double first, current;
        if (ss__evec_num(v, v->in, "first_emission_block", &first)
            || ss__evec_num(v, v->in, "current_block", &current))
            return SS_EINVAL;
        b = current - (first - 1); /* blocks since start_call */
    }
    double p = start;
    for (int i = 0; i < (int)updates; i++)
        p = ss_moving_price_update(p, spot, alpha, (uint64_t)b, (uint64_t)halving);
    double expected;
    if (cJSON_GetObjectItemCaseSensitive(v->exp, "moving_price_upper_bound")) {
        if (ss__evec_num(v, v->exp, "moving_price_upper_bound", &expected))
            return SS_EINVAL;
        ss__evec_relation(v, "moving_price < bound", expected, p, p < expected);
        return SS_OK;
    }
    if (ss__evec_num(v, v->exp, "moving_price", &expected))
        return SS_EINVAL;
    ss__evec_check(v, "moving_price", 0, "moving_price", expected, p);
    return SS_OK;
}

ss_status ss__evec_root_sell(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "moving_price", &n) || n > MAXN)
        return SS_EINVAL;
    double pbar[MAXN];
    bool expected;
    if (ss__evec_nums(v, v->in, "moving_price", pbar, n)
        || ss__evec_bool(v, v->exp, "root_sell", &expected))
        return SS_EINVAL;
    ss__evec_check_bool(v, "root_sell", expected, ss_root_sell((uint32_t)n, pbar, 1.0));
    return SS_OK;
}

static void sum_is_one(ss_evec *v, const double *share, int n, double tol)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += share[i];
    ss__evec_relation(v, "sum of shares = 1", 1.0, sum, fabs(sum - 1.0) <= tol);
}

ss_status ss__evec_flow_shares(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "ema_flow", &n) || n > MAXN)
        return SS_EINVAL;
    double flow[MAXN], share[MAXN], cutoff, exponent;
    if (ss__evec_nums(v, v->in, "ema_flow", flow, n)
        || ss__evec_num(v, v->in, "tao_flow_cutoff", &cutoff)
        || ss__evec_num(v, v->in, "flow_norm_exponent", &exponent))
        return SS_EINVAL;
    /* The flows are set directly as the smoothed net flows (no EMA step). */
    ss_shares_from_flows((uint32_t)n, flow, cutoff, exponent, share);
    if (cJSON_GetObjectItemCaseSensitive(v->exp, "share")) {
        ss_status st = ss__evec_check_array(v, "share", share, n);
        if (st != SS_OK)
            return st;
        if (!strcmp(v->id, "flow_negative_above_cutoff") || !strcmp(v->id, "flow_normal_three"))
            sum_is_one(v, share, n, 1e-9);
        if (!strcmp(v->id, "flow_normal_three"))
            ss__evec_check_bool(v, "shares ordered as flows", true,
                                share[0] < share[1] && share[1] < share[2]);
        return SS_OK;
    }
    double lower, upper;
    if (ss__evec_num(v, v->exp, "share_lower_bound_s2", &lower)
        || ss__evec_num(v, v->exp, "share_upper_bound_s1", &upper) || n < 2)
        return SS_EINVAL;
    ss__evec_relation(v, "share[1] > share_lower_bound_s2", lower, share[1], share[1] > lower);
    ss__evec_relation(v, "share[0] < share_upper_bound_s1", upper, share[0], share[0] < upper);
    return SS_OK;
}

ss_status ss__evec_pow_normalize(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "z", &n) || n > MAXN)
        return SS_EINVAL;
    double z[MAXN], share[MAXN];
    if (ss__evec_nums(v, v->in, "z", z, n))
        return SS_EINVAL;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(v->in, "p");
    if (cJSON_IsNumber(p)) {
        ss_pow_normalize((uint32_t)n, z, p->valuedouble, share);
        return ss__evec_check_array(v, "share", share, n);
    }
    int np, ne;
    const cJSON *ex = ss__evec_array(v, v->exp, "share_per_p", &ne);
    if (!cJSON_IsArray(p) || !ex || (np = cJSON_GetArraySize(p)) != ne)
        return ss_error_set(v->err, SS_EINVAL, "%s: malformed p or share_per_p", v->id);
    for (int k = 0; k < np; k++) {
        double pk;
        if (ss__evec_item_num(v, p, k, &pk))
            return SS_EINVAL;
        ss_pow_normalize((uint32_t)n, z, pk, share);
        const cJSON *row = cJSON_GetArrayItem(ex, k);
        for (int i = 0; i < n; i++) {
            double expected;
            if (ss__evec_item_num(v, row, i, &expected))
                return SS_EINVAL;
            char label[64];
            snprintf(label, sizeof label, "share_per_p[%d][%d] (p=%g)", k, i, pk);
            ss__evec_check(v, "share_per_p", 0, label, expected, share[i]);
        }
        sum_is_one(v, share, n, 1e-12);
    }
    return SS_OK;
}

ss_status ss__evec_net_flow_70(ss_evec *v)
{
    int n;
    if (!ss__evec_array(v, v->in, "user_flow", &n) || n > MAXN)
        return SS_EINVAL;
    double user[MAXN], protocol[MAXN], beta, cutoff, exponent, emission;
    if (ss__evec_nums(v, v->in, "user_flow", user, n)
        || ss__evec_nums(v, v->in, "protocol_flow", protocol, n)
        || ss__evec_num(v, v->in, "beta", &beta)
        || ss__evec_num(v, v->in, "tao_flow_cutoff", &cutoff)
        || ss__evec_num(v, v->in, "flow_norm_exponent", &exponent)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    if (beta != 1.0)
        return ss_error_set(v->err, SS_EINVAL, "%s: only beta = 1 is replayed", v->id);
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.split_rule = SS_SPLIT_TAOFLOW;
    p.flow_ema_smoothing_factor = 9223372036854775807ULL; /* i64::MAX: β = 1 */
    p.tao_flow_cutoff = cutoff;
    p.flow_norm_exponent = exponent;
    p.net_tao_flow_enabled = true;
    uint64_t tao[MAXN], alpha[MAXN];
    double one[MAXN];
    for (int i = 0; i < n; i++)
        one[i] = 1.0;
    price_pools(n, one, tao, alpha);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, (uint32_t)n, tao, alpha, one, NULL, NULL, HUGE_ROOT_RAO, &e);
    if (st != SS_OK) {
        ss_economy_destroy(e);
        return st;
    }
    /* The flows of the previous block, folded in by this block's coinbase. */
    for (int i = 0; i < n; i++) {
        ss_econ_subnet *s = ss_economy_subnet(e, i + 1);
        s->tao_flow_rao = (int64_t)user[i];
        s->protocol_flow_rao = (int64_t)protocol[i];
    }
    ss_economy_coinbase_amount(e, (uint64_t)emission);
    double U[MAXN], P[MAXN], net[MAXN], gross_share[MAXN], total = 0.0;
    int eligible = 0, eligible_gross = 0;
    double got[MAXN];
    for (int i = 0; i < n; i++) {
        const ss_econ_subnet *s = ss_economy_subnet(e, i + 1);
        U[i] = s->ema_tao_flow;
        P[i] = s->ema_protocol_flow;
        total += s->last.tao_emission;
        eligible += s->last.share > 0.0;
        got[i] = floor(s->last.tao_emission);
    }
    double k = ss_flow_protocol_factor((uint32_t)n, U, P);
    ss_flow_net((uint32_t)n, U, P, 1.0, net); /* without normalization: all protocol flow out */
    ss_shares_from_flows((uint32_t)n, net, cutoff, exponent, gross_share);
    for (int i = 0; i < n; i++)
        eligible_gross += gross_share[i] > 0.0;
    double expected;
    struct { const char *key; double got; } scalars[] = {
        {"protocol_norm_factor_k", k},
        {"eligible_subnets", eligible},
        {"eligible_without_normalization", eligible_gross},
        {"total_emission_rao", total},
        {"emission_rao_index_34", n > 34 ? got[34] : NAN},
        {"emission_rao_index_35", n > 35 ? got[35] : NAN},
    };
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0] && st == SS_OK; i++)
        if ((st = ss__evec_num(v, v->exp, scalars[i].key, &expected)) == SS_OK)
            ss__evec_check(v, scalars[i].key, 0, scalars[i].key, expected, scalars[i].got);
    if (st == SS_OK)
        st = ss__evec_check_array(v, "emission_rao_first_three", got, 3);
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_transitional(ss_evec *v)
{
    double pbar[2], mb[2], issuance[2], tw, root, rp[2], share[2];
    if (ss__evec_nums(v, v->in, "moving_price", pbar, 2)
        || ss__evec_nums(v, v->in, "miner_burned", mb, 2)
        || ss__evec_nums(v, v->in, "alpha_issuance", issuance, 2)
        || ss__evec_num(v, v->in, "tao_weight", &tw)
        || ss__evec_num(v, v->in, "root_tao_rao", &root))
        return SS_EINVAL;
    for (int i = 0; i < 2; i++)
        rp[i] = ss_root_proportion(tw, (uint64_t)root, (uint64_t)issuance[i]);
    ss_shares_price_ema(2, pbar, mb, rp, share);
    return ss__evec_check_array(v, "share", share, 2);
}

ss_status ss__evec_alpha_in(ss_evec *v)
{
    double spot[2], pbar[2], before[2], emission;
    if (ss__evec_nums(v, v->in, "spot_price", spot, 2)
        || ss__evec_nums(v, v->in, "moving_price", pbar, 2)
        || ss__evec_nums(v, v->in, "alpha_in_before", before, 2)
        || ss__evec_num(v, v->in, "block_emission_rao", &emission))
        return SS_EINVAL;
    uint64_t tao[2], alpha[2];
    for (int i = 0; i < 2; i++) {
        alpha[i] = (uint64_t)before[i];
        tao[i] = (uint64_t)llround(spot[i] * before[i]);
    }
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, 2, tao, alpha, pbar, NULL, NULL, HUGE_ROOT_RAO, &e);
    if (st == SS_OK) {
        ss_economy_coinbase_amount(e, (uint64_t)emission);
        double after[2], emitted[2];
        for (int i = 0; i < 2; i++) {
            after[i] = (double)ss_economy_subnet(e, i + 1)->pool.alpha_rao;
            emitted[i] = ss_economy_subnet(e, i + 1)->last.tao_emission;
        }
        st = ss__evec_check_array(v, "alpha_in_after", after, 2);
        if (st == SS_OK && cJSON_GetObjectItemCaseSensitive(v->exp, "tao_emission_rao"))
            st = ss__evec_check_array(v, "tao_emission_rao", emitted, 2);
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_alpha_out_capped(ss_evec *v)
{
    uint64_t issuance, tao_reserve, alpha_reserve;
    double expected, bound;
    if (ss__evec_u64(v, v->in, "alpha_issuance", &issuance)
        || ss__evec_u64(v, v->in, "tao_reserve", &tao_reserve)
        || ss__evec_u64(v, v->in, "alpha_reserve", &alpha_reserve)
        || ss__evec_num(v, v->exp, "alpha_out_emission_rao", &expected)
        || ss__evec_num(v, v->exp, "alpha_in_after_upper_bound", &bound))
        return SS_EINVAL;
    /* Two subnets with this pool, EMA prices 1 and 2, emission 1e6, no root stake. */
    uint64_t tao[2] = {tao_reserve, tao_reserve}, alpha[2] = {alpha_reserve, alpha_reserve};
    double pbar[2] = {1.0, 2.0};
    ss_econ_params p;
    ss_econ_params_default(&p);
    ss_economy *e = NULL;
    ss_status st = economy(v, &p, 2, tao, alpha, pbar, NULL, NULL, 0, &e);
    if (st == SS_OK) {
        for (int i = 0; i < 2; i++) /* alpha issuance = x + o */
            ss_economy_genesis_alpha(e, i + 1, issuance - alpha_reserve, NULL);
        ss_economy_coinbase_amount(e, 1000000);
        for (int i = 0; i < 2; i++) {
            const ss_econ_subnet *s = ss_economy_subnet(e, i + 1);
            char label[64];
            snprintf(label, sizeof label, "alpha_out_emission_rao (subnet %d)", i + 1);
            ss__evec_check(v, "alpha_out_emission_rao", 0, label, expected,
                           (double)s->last.alpha_out_rao);
            snprintf(label, sizeof label, "alpha_in_after < bound (subnet %d)", i + 1);
            ss__evec_relation(v, label, bound, (double)s->pool.alpha_rao,
                              (double)s->pool.alpha_rao < bound);
        }
    }
    ss_economy_destroy(e);
    return st;
}

ss_status ss__evec_owner_cut(ss_evec *v)
{
    double alpha;
    int n;
    const cJSON *cuts = ss__evec_array(v, v->in, "owner_cut_u16", &n);
    if (!cuts || n > MAXN || ss__evec_num(v, v->in, "alpha_emission_rao", &alpha))
        return SS_EINVAL;
    double got[MAXN];
    for (int i = 0; i < n; i++) {
        double cut;
        if (ss__evec_item_num(v, cuts, i, &cut))
            return SS_EINVAL;
        ss_alpha_split sp;
        ss_alpha_out_split((uint64_t)alpha, (uint16_t)cut, true, 0.0, &sp);
        got[i] = (double)sp.owner_rao;
    }
    return ss__evec_check_array(v, "pending_owner_cut_rao", got, n);
}

ss_status ss__evec_pending_split(ss_evec *v)
{
    double alpha, rp, cut = 0;
    bool root_sell;
    if (ss__evec_num(v, v->in, "alpha_emission_rao", &alpha)
        || ss__evec_num(v, v->in, "root_proportion", &rp)
        || ss__evec_bool(v, v->in, "root_sell", &root_sell))
        return SS_EINVAL;
    if (cJSON_GetObjectItemCaseSensitive(v->in, "owner_cut_u16")) {
        if (ss__evec_num(v, v->in, "owner_cut_u16", &cut))
            return SS_EINVAL;
    } else {
        double fraction;
        if (ss__evec_num(v, v->in, "owner_cut_fraction", &fraction))
            return SS_EINVAL;
        cut = round(fraction * 65535.0);
    }
    ss_alpha_split sp;
    ss_alpha_out_split((uint64_t)alpha, (uint16_t)cut, true, rp, &sp);
    struct { const char *key; uint64_t got; } fields[] = {
        {"pending_owner_cut_rao", sp.owner_rao},
        {"pending_server_rao", sp.server_rao},
        {"pending_validator_rao", sp.validator_rao},
        {"pending_root_alpha_rao", root_sell ? sp.root_rao : 0}, /* else recycled */
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        double expected;
        if (!cJSON_GetObjectItemCaseSensitive(v->exp, fields[i].key))
            continue;
        if (ss__evec_num(v, v->exp, fields[i].key, &expected))
            return SS_EINVAL;
        ss__evec_check(v, fields[i].key, 0, fields[i].key, expected, (double)fields[i].got);
    }
    return SS_OK;
}

ss_status ss__evec_root_proportion(ss_evec *v)
{
    uint64_t root, raw, issuance;
    double expected;
    if (ss__evec_u64(v, v->in, "root_tao_rao", &root)
        || ss__evec_u64(v, v->in, "tao_weight_raw_u64", &raw)
        || ss__evec_u64(v, v->in, "alpha_issuance_rao", &issuance)
        || ss__evec_num(v, v->exp, "root_proportion", &expected))
        return SS_EINVAL;
    double r = ss_root_proportion(ss_tao_weight_from_u64(raw), root, issuance);
    ss__evec_check(v, "root_proportion", 0, "root_proportion", expected, r);
    return SS_OK;
}

/* Reads a number or the i-th element of an array. */
static ss_status num_or_item(ss_evec *v, const cJSON *obj, const char *name, int i, double *out)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (cJSON_IsArray(x))
        return ss__evec_item_num(v, x, i, out);
    return ss__evec_num(v, obj, name, out);
}

ss_status ss__evec_injection_terms(ss_evec *v)
{
    double price, alpha_emission, rp;
    if (ss__evec_num(v, v->in, "spot_price", &price)
        || ss__evec_num(v, v->in, "alpha_emission_rao", &alpha_emission)
        || ss__evec_num(v, v->in, "root_proportion", &rp))
        return SS_EINVAL;
    const cJSON *e_in = cJSON_GetObjectItemCaseSensitive(v->in, "tao_emission_rao");
    int n = cJSON_IsArray(e_in) ? cJSON_GetArraySize(e_in) : 1;
    for (int i = 0; i < n; i++) {
        double e_i;
        if (num_or_item(v, v->in, "tao_emission_rao", i, &e_i))
            return SS_EINVAL;
        ss_subnet_terms t;
        ss_subnet_terms_compute(SS_INJECT_ROOT_PROP_CAP, e_i, e_i, price, alpha_emission, rp,
                                &t);
        struct { const char *key; double got; } fields[] = {
            {"alpha_in", t.alpha_in}, {"tao_in", t.tao_in}, {"excess_tao", t.excess_tao},
            {"alpha_out", alpha_emission}, {"cap", t.cap},
        };
        for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
            double expected;
            if (!cJSON_GetObjectItemCaseSensitive(v->exp, fields[k].key))
                continue;
            if (num_or_item(v, v->exp, fields[k].key, i, &expected))
                return SS_EINVAL;
            char label[64];
            snprintf(label, sizeof label, n > 1 ? "%s[%d]" : "%s", fields[k].key, i);
            ss__evec_check(v, fields[k].key, i, label, expected, fields[k].got);
        }
    }
    return SS_OK;
}

ss_status ss__evec_mining_emission(ss_evec *v)
{
    double fraction, blocks, tempo, ps_ratio, gain_ratio;
    if (ss__evec_num(v, v->in, "owner_cut_fraction", &fraction)
        || ss__evec_num(v, v->in, "blocks_accumulated", &blocks)
        || ss__evec_num(v, v->in, "tempo", &tempo)
        || ss__evec_num(v, v->exp, "pending_server_over_alpha_emission", &ps_ratio)
        || ss__evec_num(v, v->exp, "miner_gain_over_alpha_emission_times_incentive_share",
                        &gain_ratio))
        return SS_EINVAL;
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.subnet_owner_cut = (uint16_t)(65535.0 * fraction); /* the test's u16::MAX / 10 */
    p.subnet.tempo = (uint32_t)tempo;
    uint64_t tao = 1000000000000ULL, alpha = 1000000000000ULL;
    ss_economy *e = NULL;
    ss_status st = ss_economy_create(&p, &e, v->err);
    if (st == SS_OK)
        st = ss_economy_genesis_subnet(e, 1, tao, alpha, true, v->err);
    if (st != SS_OK) {
        ss_economy_destroy(e);
        return st;
    }
    ss_econ_subnet *s = ss_economy_subnet(e, 1);
    s->emission_enabled = true;
    s->clock.last_epoch_block = 0;
    uint64_t alpha_emission = 0;
    uint32_t due[4];
    for (uint64_t b = 1; b <= (uint64_t)blocks; b++) {
        ss_economy_begin_block(e, b);
        ss_economy_coinbase(e);
        alpha_emission = s->last.alpha_out_rao;
        if (ss_economy_epochs(e, due, 4) != 0)
            st = ss_error_set(v->err, SS_EINTERNAL, "%s: epoch before tempo", v->id);
        ss_economy_end_block(e);
    }
    /* ±100,000 rao on pending server, as a ratio to the alpha emission. */
    double a = (double)alpha_emission;
    ss_conf_number(v->f, v->id, "pending_server_over_alpha_emission", ps_ratio,
                   (double)s->pending_server_rao / a, 100000.0 / a);
    /* The tempo's last block runs the epoch: one miner with all the incentive. */
    ss_economy_begin_block(e, (uint64_t)tempo);
    ss_economy_coinbase(e);
    if (st == SS_OK && ss_economy_epochs(e, due, 4) != 1)
        st = ss_error_set(v->err, SS_EINTERNAL, "%s: no epoch at the tempo", v->id);
    if (st == SS_OK) {
        ss_drain d;
        ss_economy_drain(e, 1, &d);
        double incentive[2] = {0.0, 1.0}, dividends[2] = {1.0, 0.0};
        uint64_t stake[2] = {1000000000, 0}, miner[2], take[2], nom[2], claim[2];
        ss_dist_input in = {2, NULL, incentive, dividends, stake, NULL, NULL, NULL, NULL, NULL, 0};
        ss_dist_output out = {miner, take, nom, claim, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0};
        st = ss_economy_distribute(e, 1, &d, &in, &out, v->err);
        if (st == SS_OK)
            ss_conf_number(v->f, v->id, "miner_gain_over_alpha_emission_times_incentive_share",
                           gain_ratio, (double)miner[1] / a, 1000000.0 / a);
    }
    ss_economy_destroy(e);
    return st;
}
