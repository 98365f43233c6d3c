/*
** One entry of "subnets": identity, size, emission, consensus, economy (its
** hyperparameters and pool), task and agent groups.
*/
#include "scenario/sections.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ss__keys_subnet[] = {"name", "netuid", "max_uids", "tempo",
                                          "alpha_emission_rao", "owner_cut", "consensus",
                                          "economy", "pool", "start_call", "emission_enabled",
                                          "task", "validators", "miners", NULL};
const char *const ss__keys_pool[] = {"tao", "alpha", "moving_price", NULL};
/* Set by the subnet's own keys "tempo" and "max_uids". */
static const char *const economy_skip[] = {"tempo", "max_allowed_uids", NULL};

/* "pool": initial reserves in TAO and alpha, and the moving price. */
static void pool(ss_jc *jc, const cJSON *node, const char *path, ss_subnet_config *out)
{
    out->pool_tao_rao = 100000 * SS_RAO_PER_TAO;
    out->pool_alpha_rao = 1000000 * SS_RAO_PER_TAO;
    out->moving_price = NAN;
    if (!node || !ss_jc_object(jc, node, path, ss__keys_pool))
        return;
    double v;
    /* At least one rao each side; 1.8e10 keeps the rao within 64 bits. */
    if (ss_jc_num(jc, node, path, "tao", 1e-9, 1.8e10, 100000, &v))
        out->pool_tao_rao = (uint64_t)llround(v * (double)SS_RAO_PER_TAO);
    if (ss_jc_num(jc, node, path, "alpha", 1e-9, 1.8e10, 1000000, &v))
        out->pool_alpha_rao = (uint64_t)llround(v * (double)SS_RAO_PER_TAO);
    if (cJSON_GetObjectItemCaseSensitive(node, "moving_price"))
        ss_jc_num(jc, node, path, "moving_price", 0, 1, 0, &out->moving_price);
}

/* The network's constants a subnet starts from, and the consensus reading the same TaoWeight. */
static void economy_defaults(const ss_network_config *net, ss_subnet_config *out)
{
    out->econ = net->econ.subnet;
    out->owner_cut = net->econ.subnet_owner_cut;
    out->alpha_emission_rao = net->econ.block_emission_rao;
    out->max_uids = out->econ.max_allowed_uids;
    if (out->econ.tempo >= 1)
        out->yuma.tempo = (uint16_t)out->econ.tempo;
    double tw = net->econ.tao_weight;
    out->yuma.tao_weight = tw >= 1.0 ? UINT64_MAX
                                     : (uint64_t)(tw * 18446744073709551615.0);
}

/* Allocates a non-empty array of groups (parsed by the caller); NULL when absent. */
static void *groups(ss_jc *jc, const cJSON *node, const char *path, const char *key,
                    size_t size, size_t *count, ss_status *st)
{
    *count = 0;
    char p[SS_JC_PATH_MAX];
    ss_jc_key_path(p, path, key);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(node, key);
    if (!arr)
        return NULL; /* the default agents (see default_agents) */
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
        char got[64];
        ss_jc_describe(arr, got, sizeof got);
        ss_jc_error(jc, p, "expected a non-empty list of groups, got %s", got);
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr);
    void *out = calloc(n, size);
    if (!out) {
        *st = SS_ENOMEM;
        return NULL;
    }
    *count = n;
    return out;
}

/*
** The default agents of a subnet whose scenario omits "validators" or
** "miners" (docs/scenario.md): up to 16 validators observing miners directly
** (a quarter of them with 50,000 alpha staked, the rest 10,000), and miners
** filling the other UIDs, with newcomers arriving at 24 a day (the burn
** price's equilibrium rate) for the length of the run.
*/
static ss_status default_agents(ss_jc *jc, const char *path, uint16_t default_take,
                                ss_subnet_config *out)
{
    uint32_t slots = out->max_uids - 1, nv = slots / 8;
    nv = nv < 1 ? 1 : nv > 16 ? 16 : nv;
    uint32_t big = nv / 4 ? nv / 4 : 1, small = nv - big;
    char text[512], p[SS_JC_PATH_MAX];
    if (!out->validators) {
        size_t n = small ? 2 : 1;
        out->validators = calloc(n, sizeof *out->validators);
        if (!out->validators)
            return SS_ENOMEM;
        out->n_validator_groups = n;
        for (size_t g = 0; g < n; g++) {
            snprintf(text, sizeof text,
                     "{\"count\": %u, \"stake_tao\": %d, \"observe\": \"direct\"}",
                     g == 0 ? big : small, g == 0 ? 50000 : 10000);
            cJSON *node = cJSON_Parse(text);
            if (!node)
                return SS_ENOMEM;
            snprintf(p, sizeof p, "%s.validators (default)", path);
            ss__scenario_validator_group(jc, node, p, out->yuma.tempo, default_take,
                                         &out->validators[g]);
            cJSON_Delete(node);
        }
    }
    if (!out->miners) {
        uint32_t used = 0;
        for (size_t g = 0; g < out->n_validator_groups; g++)
            used += out->validators[g].count;
        uint32_t nm = slots > used ? slots - used : 1;
        out->miners = calloc(1, sizeof *out->miners);
        if (!out->miners)
            return SS_ENOMEM;
        out->n_miner_groups = 1;
        snprintf(text, sizeof text,
                 "{\"count\": %u, \"arrivals\": {\"per_day\": 24, \"balance_tao\": 1}}", nm);
        cJSON *node = cJSON_Parse(text);
        if (!node)
            return SS_ENOMEM;
        snprintf(p, sizeof p, "%s.miners (default)", path);
        ss__scenario_miner_group(jc, node, p, &out->miners[0]);
        cJSON_Delete(node);
    }
    return SS_OK;
}

ss_status ss__scenario_subnet(ss_jc *jc, const cJSON *node, const char *path,
                              const ss_consensus_base *base, const ss_network_config *net,
                              bool template, ss_subnet_config *out)
{
    memset(out, 0, sizeof *out);
    out->yuma = base->yuma;
    out->reveal_period_epochs = base->reveal_period_epochs;
    out->reveal_mask = base->reveal_mask;
    economy_defaults(net, out);
    out->started = true;
    out->emission_enabled = true;
    pool(jc, NULL, path, out);
    if (!ss_jc_object(jc, node, path, ss__keys_subnet))
        return ss__scenario_task(jc, NULL, path, &out->task);
    int64_t v;
    const char *name;
    ss_jc_str(jc, node, path, "name", "subnet", &name);
    out->name = strdup(name);
    if (!out->name)
        return SS_ENOMEM;
    char p[SS_JC_PATH_MAX];
    if (template && cJSON_GetObjectItemCaseSensitive(node, "netuid"))
        ss_jc_error(jc, ss_jc_key_path(p, path, "netuid"),
                    "a creator's subnet gets its netuid when it is registered; remove 'netuid'");
    else if (ss_jc_int(jc, node, path, "netuid", 1, 65535, 1, &v))
        out->netuid = (uint32_t)v;
    if (ss_jc_int(jc, node, path, "max_uids", 2, 4096, out->max_uids, &v))
        out->max_uids = (uint32_t)v;
    if (ss_jc_int(jc, node, path, "tempo", 1, 65535, out->yuma.tempo, &v))
        out->yuma.tempo = (uint16_t)v;
    ss_jc_u64(jc, node, path, "alpha_emission_rao", 0, 1000000000000ULL,
              out->alpha_emission_rao, &out->alpha_emission_rao);
    if (ss_jc_int(jc, node, path, "owner_cut", 0, 65535, out->owner_cut, &v))
        out->owner_cut = (uint16_t)v;
    out->econ.tempo = out->yuma.tempo;
    out->econ.max_allowed_uids = out->max_uids;
    const cJSON *econ = cJSON_GetObjectItemCaseSensitive(node, "economy");
    if (econ) {
        ss_jc_key_path(p, path, "economy");
        for (int k = 0; economy_skip[k]; k++)
            if (cJSON_IsObject(econ) && cJSON_GetObjectItemCaseSensitive(econ, economy_skip[k])) {
                char kp[SS_JC_PATH_MAX];
                ss_jc_error(jc, ss_jc_key_path(kp, p, economy_skip[k]),
                            "set it with the subnet's '%s' key", k == 0 ? "tempo" : "max_uids");
            }
        ss__scenario_econ_params(jc, econ, p, NULL, &out->econ, economy_skip);
    }
    pool(jc, cJSON_GetObjectItemCaseSensitive(node, "pool"), ss_jc_key_path(p, path, "pool"),
         out);
    ss_jc_bool(jc, node, path, "start_call", true, &out->started);
    ss_jc_bool(jc, node, path, "emission_enabled", true, &out->emission_enabled);

    ss_consensus_base cb = {out->yuma, out->reveal_period_epochs, out->reveal_mask};
    ss__scenario_consensus(jc, cJSON_GetObjectItemCaseSensitive(node, "consensus"),
                           ss_jc_key_path(p, path, "consensus"), &cb);
    out->yuma = cb.yuma;
    out->reveal_period_epochs = cb.reveal_period_epochs;
    out->reveal_mask = cb.reveal_mask;
    ss_status st = ss__scenario_task(jc, cJSON_GetObjectItemCaseSensitive(node, "task"),
                                     ss_jc_key_path(p, path, "task"), &out->task);
    if (st != SS_OK)
        return st;
    out->validators = groups(jc, node, path, "validators", sizeof *out->validators,
                             &out->n_validator_groups, &st);
    out->miners = groups(jc, node, path, "miners", sizeof *out->miners,
                         &out->n_miner_groups, &st);
    if (st != SS_OK)
        return st;
    char gp[SS_JC_PATH_MAX];
    bool default_validators = !out->validators && !out->n_validator_groups &&
                              !cJSON_GetObjectItemCaseSensitive(node, "validators");
    bool default_miners = !out->miners && !out->n_miner_groups &&
                          !cJSON_GetObjectItemCaseSensitive(node, "miners");
    for (size_t i = 0; i < out->n_validator_groups; i++)
        ss__scenario_validator_group(
            jc, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(node, "validators"), (int)i),
            ss_jc_index_path(gp, ss_jc_key_path(p, path, "validators"), (int)i),
            out->yuma.tempo, net->econ.default_take, &out->validators[i]);
    for (size_t i = 0; i < out->n_miner_groups; i++)
        ss__scenario_miner_group(
            jc, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(node, "miners"), (int)i),
            ss_jc_index_path(gp, ss_jc_key_path(p, path, "miners"), (int)i), &out->miners[i]);
    if (default_validators || default_miners) {
        st = default_agents(jc, path, net->econ.default_take, out);
        if (st != SS_OK)
            return st;
    }

    /* The owner holds UID 0, so agents fill UIDs 1..max_uids-1 (those registering
    ** later by burn take a UID then, pruning one if the subnet is full). */
    uint64_t agents = 0;
    for (size_t i = 0; i < out->n_validator_groups; i++)
        agents += out->validators[i].count;
    for (size_t i = 0; i < out->n_miner_groups; i++)
        if (!ss_miner_group_registers_later(&out->miners[i]))
            agents += out->miners[i].count;
    if (agents + 1 > out->max_uids)
        ss_jc_error(jc, path, "%llu validators and miners plus the owner need %llu UIDs, "
                    "but max_uids is %u", (unsigned long long)agents,
                    (unsigned long long)agents + 1, out->max_uids);
    return SS_OK;
}

void ss__scenario_subnet_free(ss_subnet_config *c)
{
    free(c->name);
    ss__scenario_task_free(&c->task);
    free(c->validators);
    free(c->miners);
}
