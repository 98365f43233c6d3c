/*
** Replay of the emission vectors (schema "emission/1", spec/emission.md
** §0.3): dispatch of each vector by its id to the replayer of what it
** exercises, and the readers and checks they share. A vector whose id has no
** replayer is reported as skipped, so a new vector file cannot pass unread.
*/
#include "conformance/emission_vectors.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dispatch {
    const char *id;
    ss_evec_fn fn;
} dispatch;

static const dispatch table[] = {
    /* block_emission_halving.json */
    {"halving_table", ss__evec_halving_table},
    {"issuance_bounds_100_halvings", ss__evec_issuance_bounds},
    /* subnet_shares_price.json */
    {"price_shares_two_subnets_0p1_0p2", ss__evec_price_coinbase},
    {"price_shares_three_equal_stable", ss__evec_price_coinbase},
    {"emission_disabled_redistributes", ss__evec_emission_disabled},
    {"emission_enabled_toggles", ss__evec_emission_toggles},
    {"miner_burn_none", ss__evec_miner_burn_shares},
    {"miner_burn_partial", ss__evec_miner_burn_shares},
    {"miner_burn_full", ss__evec_miner_burn_shares},
    {"miner_burn_all_full_fallback", ss__evec_miner_burn_shares},
    {"shares_ignore_root_prop", ss__evec_miner_burn_shares},
    {"zero_prices_zero_emission", ss__evec_zero_prices},
    {"ema_price_14_updates", ss__evec_ema_price},
    {"ema_price_mature", ss__evec_ema_price},
    {"ema_price_young", ss__evec_ema_price},
    {"root_sell_flag", ss__evec_root_sell},
    /* subnet_shares_taoflow.json */
    {"flow_negative_vs_positive", ss__evec_flow_shares},
    {"flow_both_negative", ss__evec_flow_shares},
    {"flow_both_below_cutoff", ss__evec_flow_shares},
    {"flow_negative_above_cutoff", ss__evec_flow_shares},
    {"flow_one_below_cutoff_s2_2000p00001", ss__evec_flow_shares},
    {"flow_one_below_cutoff_s2_2000p001", ss__evec_flow_shares},
    {"flow_one_below_cutoff_s2_5000p0", ss__evec_flow_shares},
    {"flow_normal_three", ss__evec_flow_shares},
    {"pow_normalize_p1", ss__evec_pow_normalize},
    {"pow_normalize_fractional", ss__evec_pow_normalize},
    {"pow_normalize_tiny_p2", ss__evec_pow_normalize},
    {"net_flow_protocol_normalization_70", ss__evec_net_flow_70},
    {"transitional_root_prop_weighting", ss__evec_transitional},
    /* subnet_injection_and_split.json */
    {"alpha_in_equal_price_one", ss__evec_alpha_in},
    {"alpha_in_prices_1_2", ss__evec_alpha_in},
    {"alpha_out_full_when_capped", ss__evec_alpha_out_capped},
    {"owner_cut_zero_and_full", ss__evec_owner_cut},
    {"pending_split_root_prop_quarter", ss__evec_pending_split},
    {"pending_split_owner_cut_10pct_no_root", ss__evec_pending_split},
    {"root_proportion_mainnet_tw", ss__evec_root_proportion},
    {"injection_cap", ss__evec_injection_terms},
    {"injection_not_capped", ss__evec_injection_terms},
    {"mining_emission_owner_cut_10pct", ss__evec_mining_emission},
    /* epoch_distribution.json */
    {"drain_single_staker_no_weights", ss__evec_drain},
    {"drain_unregistered_staker", ss__evec_drain},
    {"drain_two_equal_stakers", ss__evec_drain},
    {"drain_two_stakers_unequal_root_tw1", ss__evec_drain},
    {"drain_root_alpha_not_immediate", ss__evec_drain},
    {"no_miners_all_to_validator", ss__evec_drain},
    {"childkey_take_10pct", ss__evec_childkey},
    {"root_claim_keep", ss__evec_root_claim_keep},
    {"root_claim_two_stakers_10pct", ss__evec_root_claim_two},
    {"owner_hotkey_incentive_burned", ss__evec_owner_burned},
    /* amm_swap.json */
    {"buy_1000", ss__evec_swap},
    {"buy_2000", ss__evec_swap},
    {"buy_123456", ss__evec_swap},
    {"buy_1000000000", ss__evec_swap},
    {"buy_10000000000", ss__evec_swap},
    {"sell_1000", ss__evec_swap},
    {"sell_2000", ss__evec_swap},
    {"sell_123456", ss__evec_swap},
    {"convert_deltas_weighted", ss__evec_convert_deltas},
    {"max_stake_to_limit_price", ss__evec_max_stake},
    {"init_price_from_reserves", ss__evec_pool_init},
    {"init_with_given_price", ss__evec_pool_init},
    {"injection_keeps_price", ss__evec_injection_weight},
    /* registration_and_pruning.json */
    {"decay_factor_q32", ss__evec_decay_factor},
    {"burn_halves", ss__evec_burn},
    {"burn_bump_then_decay", ss__evec_burn},
    {"burn_one_block_decay", ss__evec_burn},
    {"burn_clamps", ss__evec_burn},
    {"burn_bump_mult3", ss__evec_burn},
    {"burn_default_halflife_360", ss__evec_burn},
    {"prune_lowest_emission_all_immune", ss__evec_uid_prune},
    {"prune_lowest_emission_none_immune", ss__evec_uid_prune},
    {"prune_owner_immortality", ss__evec_uid_prune},
    {"prune_owner_immortality_all_immune", ss__evec_uid_prune},
    /* subnet_lock_and_prune.json */
    {"lock_cost_after_migration", ss__evec_lock_cost},
    {"lock_cost_schedule_mainnet_like", ss__evec_lock_cost},
    {"subnet_prune_lowest_price", ss__evec_subnet_prune},
    {"subnet_prune_skips_immune", ss__evec_subnet_prune},
    {"subnet_prune_tie_earlier", ss__evec_subnet_prune},
    /* epoch_schedule.json */
    {"blocks_until_next_epoch", ss__evec_blocks_until},
    {"epochs_per_block_cap", ss__evec_epoch_cap},
};

static ss_status missing(ss_evec *v, const char *name)
{
    return ss_error_set(v->err, SS_EINVAL, "emission vector %s: missing or malformed \"%s\"",
                        v->id, name);
}

/* A number, or an integer written as a string (values above 2^53). */
static bool item_num(const cJSON *x, double *out)
{
    if (cJSON_IsNumber(x)) {
        *out = x->valuedouble;
        return true;
    }
    if (cJSON_IsString(x)) {
        if (strcmp(x->valuestring, "u64::MAX") == 0) {
            *out = 18446744073709551615.0;
            return true;
        }
        char *end;
        errno = 0;
        *out = strtod(x->valuestring, &end);
        return end != x->valuestring && *end == '\0' && errno == 0;
    }
    return false;
}

static bool item_u64(const cJSON *x, uint64_t *out)
{
    if (cJSON_IsString(x)) {
        if (strcmp(x->valuestring, "u64::MAX") == 0) {
            *out = UINT64_MAX;
            return true;
        }
        char *end;
        errno = 0;
        unsigned long long u = strtoull(x->valuestring, &end, 10);
        *out = u;
        return end != x->valuestring && *end == '\0' && errno == 0;
    }
    if (cJSON_IsNumber(x) && x->valuedouble >= 0 && x->valuedouble < 18446744073709551616.0
        && x->valuedouble == floor(x->valuedouble)) {
        *out = (uint64_t)x->valuedouble;
        return true;
    }
    return false;
}

ss_status ss__evec_num(ss_evec *v, const cJSON *obj, const char *name, double *out)
{
    if (!item_num(cJSON_GetObjectItemCaseSensitive(obj, name), out))
        return missing(v, name);
    return SS_OK;
}

ss_status ss__evec_u64(ss_evec *v, const cJSON *obj, const char *name, uint64_t *out)
{
    if (!item_u64(cJSON_GetObjectItemCaseSensitive(obj, name), out))
        return missing(v, name);
    return SS_OK;
}

ss_status ss__evec_bool(ss_evec *v, const cJSON *obj, const char *name, bool *out)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsBool(x))
        return missing(v, name);
    *out = cJSON_IsTrue(x);
    return SS_OK;
}

const cJSON *ss__evec_array(ss_evec *v, const cJSON *obj, const char *name, int *len)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsArray(a)) {
        missing(v, name);
        return NULL;
    }
    *len = cJSON_GetArraySize(a);
    return a;
}

ss_status ss__evec_item_num(ss_evec *v, const cJSON *arr, int i, double *out)
{
    if (!item_num(cJSON_GetArrayItem(arr, i), out))
        return ss_error_set(v->err, SS_EINVAL, "emission vector %s: element %d is not a number",
                            v->id, i);
    return SS_OK;
}

ss_status ss__evec_item_u64(ss_evec *v, const cJSON *arr, int i, uint64_t *out)
{
    if (!item_u64(cJSON_GetArrayItem(arr, i), out))
        return ss_error_set(v->err, SS_EINVAL,
                            "emission vector %s: element %d is not an unsigned integer", v->id, i);
    return SS_OK;
}

ss_status ss__evec_nums(ss_evec *v, const cJSON *obj, const char *name, double *out, int n)
{
    int len;
    const cJSON *a = ss__evec_array(v, obj, name, &len);
    if (!a)
        return SS_EINVAL;
    if (len != n)
        return ss_error_set(v->err, SS_EINVAL, "emission vector %s: \"%s\" has %d entries, "
                            "expected %d", v->id, name, len, n);
    for (int i = 0; i < n; i++)
        if (ss__evec_item_num(v, a, i, &out[i]) != SS_OK)
            return SS_EINVAL;
    return SS_OK;
}

/* Absolute tolerance of tol_key for expected (element idx); -1 means exact. */
static double tolerance_for(ss_evec *v, const char *tol_key, int idx, double expected)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(v->tol, tol_key);
    if (cJSON_IsString(t) && strcmp(t->valuestring, "exact") == 0)
        return -1.0;
    if (cJSON_IsObject(t)) {
        const cJSON *x;
        if (cJSON_IsNumber(x = cJSON_GetObjectItemCaseSensitive(t, "abs")))
            return x->valuedouble;
        if (cJSON_IsNumber(x = cJSON_GetObjectItemCaseSensitive(t, "rel")))
            return x->valuedouble * fabs(expected);
        x = cJSON_GetObjectItemCaseSensitive(t, "abs_per_case");
        if (cJSON_IsArray(x) && cJSON_IsNumber(cJSON_GetArrayItem(x, idx)))
            return cJSON_GetArrayItem(x, idx)->valuedouble;
    }
    return SS_EVEC_DERIVED_REL * fabs(expected); /* derived value */
}

bool ss__evec_check(ss_evec *v, const char *tol_key, int idx, const char *label,
                    double expected, double got)
{
    return ss_conf_number(v->f, v->id, label, expected, got,
                          tolerance_for(v, tol_key, idx, expected));
}

ss_status ss__evec_check_array(ss_evec *v, const char *key, const double *got, int n)
{
    int len;
    const cJSON *a = ss__evec_array(v, v->exp, key, &len);
    if (!a)
        return SS_EINVAL;
    if (len != n)
        return ss_error_set(v->err, SS_EINVAL, "emission vector %s: expected \"%s\" has %d "
                            "entries, the replay computed %d", v->id, key, len, n);
    for (int i = 0; i < n; i++) {
        double e;
        if (ss__evec_item_num(v, a, i, &e) != SS_OK)
            return SS_EINVAL;
        char label[96];
        snprintf(label, sizeof label, "%s[%d]", key, i);
        ss__evec_check(v, key, i, label, e, got[i]);
    }
    return SS_OK;
}

void ss__evec_relation(ss_evec *v, const char *label, double bound, double got, bool holds)
{
    ss_conf_add(v->f, v->id, label, cJSON_CreateNumber(bound), cJSON_CreateNumber(got), -1.0,
                holds);
}

void ss__evec_check_bool(ss_evec *v, const char *label, bool expected, bool got)
{
    ss_conf_add(v->f, v->id, label, cJSON_CreateBool(expected), cJSON_CreateBool(got), -1.0,
                expected == got);
}

ss_status ss__conf_replay_emission(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    const cJSON *vectors = cJSON_GetObjectItemCaseSensitive(doc, "vectors");
    if (!cJSON_IsArray(vectors))
        return ss_error_set(err, SS_EINVAL, "emission vectors: no \"vectors\" array");
    const cJSON *vec;
    cJSON_ArrayForEach(vec, vectors) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(vec, "id");
        if (!cJSON_IsString(id))
            return ss_error_set(err, SS_EINVAL, "emission vectors: a vector without an id");
        ss_evec v = {f, id->valuestring, cJSON_GetObjectItemCaseSensitive(vec, "inputs"),
                     cJSON_GetObjectItemCaseSensitive(vec, "expected"),
                     cJSON_GetObjectItemCaseSensitive(vec, "tolerance"), err};
        ss_evec_fn fn = NULL;
        for (size_t i = 0; i < sizeof table / sizeof table[0] && !fn; i++)
            if (strcmp(table[i].id, v.id) == 0)
                fn = table[i].fn;
        if (!fn) {
            ss_conf_skip(f, v.id, "vector", NULL, NULL, "no replayer for this vector id");
            continue;
        }
        ss_status st = fn(&v);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}
