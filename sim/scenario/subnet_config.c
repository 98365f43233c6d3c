/* One entry of "subnets": identity, size, emission, consensus, task and agent groups. */
#include "scenario/sections.h"

#include <stdlib.h>
#include <string.h>

const char *const ss__keys_subnet[] = {"name", "netuid", "max_uids", "tempo",
                                          "alpha_emission_rao", "owner_cut", "consensus",
                                          "task", "validators", "miners", NULL};

/* Parses a non-empty array of groups with parse_one. */
static void *groups(ss_jc *jc, const cJSON *node, const char *path, const char *key,
                    size_t size, size_t *count, ss_status *st)
{
    *count = 0;
    char p[SS_JC_PATH_MAX];
    ss_jc_key_path(p, path, key);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(node, key);
    if (!arr) {
        ss_jc_error(jc, p, "missing required key '%s' (a list of groups)", key);
        return NULL;
    }
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

ss_status ss__scenario_subnet(ss_jc *jc, const cJSON *node, const char *path,
                              const ss_yuma_params *base, uint32_t reveal_period,
                              ss_subnet_config *out)
{
    memset(out, 0, sizeof *out);
    out->yuma = *base;
    out->reveal_period_epochs = reveal_period;
    out->max_uids = 256;
    out->alpha_emission_rao = SS_RAO_PER_TAO;
    out->owner_cut = 11796;
    if (!ss_jc_object(jc, node, path, ss__keys_subnet))
        return ss__scenario_task(jc, NULL, path, &out->task);
    int64_t v;
    const char *name;
    ss_jc_str(jc, node, path, "name", "subnet", &name);
    out->name = strdup(name);
    if (!out->name)
        return SS_ENOMEM;
    if (ss_jc_int(jc, node, path, "netuid", 1, 65535, 1, &v))
        out->netuid = (uint32_t)v;
    if (ss_jc_int(jc, node, path, "max_uids", 2, 4096, out->max_uids, &v))
        out->max_uids = (uint32_t)v;
    if (ss_jc_int(jc, node, path, "tempo", 1, 65535, out->yuma.tempo, &v))
        out->yuma.tempo = (uint16_t)v;
    ss_jc_u64(jc, node, path, "alpha_emission_rao", 0, 1000000000000ULL,
              out->alpha_emission_rao, &out->alpha_emission_rao);
    if (ss_jc_int(jc, node, path, "owner_cut", 0, 65535, out->owner_cut, &v))
        out->owner_cut = (uint16_t)v;

    char p[SS_JC_PATH_MAX];
    ss__scenario_consensus(jc, cJSON_GetObjectItemCaseSensitive(node, "consensus"),
                           ss_jc_key_path(p, path, "consensus"), &out->yuma,
                           &out->reveal_period_epochs);
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
    for (size_t i = 0; i < out->n_validator_groups; i++)
        ss__scenario_validator_group(
            jc, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(node, "validators"), (int)i),
            ss_jc_index_path(gp, ss_jc_key_path(p, path, "validators"), (int)i),
            out->yuma.tempo, &out->validators[i]);
    for (size_t i = 0; i < out->n_miner_groups; i++)
        ss__scenario_miner_group(
            jc, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(node, "miners"), (int)i),
            ss_jc_index_path(gp, ss_jc_key_path(p, path, "miners"), (int)i), &out->miners[i]);

    /* The owner holds UID 0, so agents fill UIDs 1..max_uids-1. */
    uint64_t agents = 0;
    for (size_t i = 0; i < out->n_validator_groups; i++)
        agents += out->validators[i].count;
    for (size_t i = 0; i < out->n_miner_groups; i++)
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
