/*
** The "adversary" object of a validator or miner group: its kind, and the
** parameters of that kind only (any other key is reported as unknown).
*/
#include "scenario/sections.h"

#include <string.h>

typedef struct kind_info {
    const char *name;
    bool for_validators;
    const char *const *keys;   /* NULL-terminated, "kind" included */
} kind_info;

static const char *const copier_keys[] = {"kind", "source", "target", "noise_sd", NULL};
static const char *const lazy_keys[] = {"kind", "update_every", "frozen_after_block", NULL};
static const char *const cabal_keys[] = {"kind", "cabal", "self_weight", NULL};
static const char *const cabal_miner_keys[] = {"kind", "cabal", NULL};
static const char *const output_copier_keys[] = {"kind", "lag_ms", "perturbation_sd",
                                                 "fraction_copied", NULL};
static const char *const sybil_keys[] = {"kind", NULL};
static const char *const spoofer_keys[] = {"kind", "reported_offset_ms", "low_stake_slowdown",
                                           NULL};
static const char *const overfitter_keys[] = {"kind", "p_detect", "quality_synthetic",
                                              "quality_organic", NULL};
static const char *const liar_keys[] = {"kind", "declared_factor", NULL};

static const kind_info kinds[SS_ADV_KINDS] = {
    [SS_ADV_NONE] = {"none", true, NULL},
    [SS_ADV_WEIGHT_COPIER] = {"weight_copier", true, copier_keys},
    [SS_ADV_LAZY] = {"lazy", true, lazy_keys},
    [SS_ADV_CABAL] = {"cabal", true, cabal_keys},
    [SS_ADV_CABAL_MINER] = {"cabal_miner", false, cabal_miner_keys},
    [SS_ADV_OUTPUT_COPIER] = {"output_copier", false, output_copier_keys},
    [SS_ADV_SYBIL] = {"sybil", false, sybil_keys},
    [SS_ADV_LATENCY_SPOOFER] = {"latency_spoofer", false, spoofer_keys},
    [SS_ADV_OVERFITTER] = {"overfitter", false, overfitter_keys},
    [SS_ADV_CAPACITY_LIAR] = {"capacity_liar", false, liar_keys},
};

const char *ss_adversary_kind_name(ss_adversary_kind kind)
{
    return (unsigned)kind < SS_ADV_KINDS ? kinds[kind].name : "unknown";
}

static const char *const source_names[] = {"consensus", "validator", NULL};

void ss__scenario_adversary(ss_jc *jc, const cJSON *node, const char *path, bool validator,
                            ss_adversary_config *a)
{
    memset(a, 0, sizeof *a);
    a->kind = SS_ADV_NONE;
    a->target = -1;
    a->update_every = 5;
    a->self_weight = 1.0;
    a->lag_ms = 200;
    a->fraction_copied = 1.0;
    a->reported_offset_ms = 200;
    a->low_stake_slowdown = 1.0;
    a->p_detect = 0.8;
    a->quality_synthetic = 0.9;
    a->quality_organic = 0.5;
    a->declared_factor = 2.0;
    if (!node)
        return;
    if (!cJSON_IsObject(node)) {
        static const char *const none[] = {NULL};
        ss_jc_object(jc, node, path, none);
        return;
    }
    const char *names[SS_ADV_KINDS + 1];
    ss_adversary_kind values[SS_ADV_KINDS];
    int n = 0;
    for (int k = 1; k < SS_ADV_KINDS; k++)
        if (kinds[k].for_validators == validator) {
            values[n] = (ss_adversary_kind)k;
            names[n++] = kinds[k].name;
        }
    names[n] = NULL;
    int i;
    if (!ss_jc_require(jc, node, path, "kind"))
        return;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(node, "kind");
    for (int k = 1; cJSON_IsString(kind) && k < SS_ADV_KINDS; k++)
        if (kinds[k].for_validators != validator && strcmp(kind->valuestring, kinds[k].name) == 0) {
            char p[SS_JC_PATH_MAX];
            ss_jc_error(jc, ss_jc_key_path(p, path, "kind"), "'%s' is a %s adversary; put it "
                        "on a %s group", kinds[k].name, validator ? "miner" : "validator",
                        validator ? "miner" : "validator");
            return;
        }
    if (!ss_jc_enum(jc, node, path, "kind", names, 0, &i))
        return;
    a->kind = values[i];
    ss_jc_object(jc, node, path, kinds[a->kind].keys);
    int64_t v;
    switch (a->kind) {
    case SS_ADV_WEIGHT_COPIER:
        if (ss_jc_enum(jc, node, path, "source", source_names, 0, &i))
            a->source = (ss_copy_source)i;
        if (ss_jc_int(jc, node, path, "target", -1, 65535, -1, &v))
            a->target = (int32_t)v;
        ss_jc_num(jc, node, path, "noise_sd", 0, 1, 0, &a->noise_sd);
        break;
    case SS_ADV_LAZY:
        if (ss_jc_int(jc, node, path, "update_every", 1, 100000, a->update_every, &v))
            a->update_every = (uint32_t)v;
        ss_jc_u64(jc, node, path, "frozen_after_block", 0, UINT64_MAX, 0,
                  &a->frozen_after_block);
        break;
    case SS_ADV_CABAL:
    case SS_ADV_CABAL_MINER: {
        const char *s;
        if (ss_jc_require(jc, node, path, "cabal") && ss_jc_str(jc, node, path, "cabal", "", &s)) {
            if (!*s || strlen(s) >= SS_CABAL_NAME_MAX)
                ss_jc_error(jc, path, "'cabal' must be a name of 1 to %d characters",
                            SS_CABAL_NAME_MAX - 1);
            else
                strcpy(a->cabal, s);
        }
        if (a->kind == SS_ADV_CABAL)
            ss_jc_num(jc, node, path, "self_weight", 0, 1, 1, &a->self_weight);
        break;
    }
    case SS_ADV_OUTPUT_COPIER:
        ss_jc_num(jc, node, path, "lag_ms", 0, 3600000, a->lag_ms, &a->lag_ms);
        ss_jc_num(jc, node, path, "perturbation_sd", 0, 1, 0, &a->perturbation_sd);
        ss_jc_num(jc, node, path, "fraction_copied", 0, 1, 1, &a->fraction_copied);
        break;
    case SS_ADV_LATENCY_SPOOFER:
        ss_jc_num(jc, node, path, "reported_offset_ms", 0, 3600000, a->reported_offset_ms,
                  &a->reported_offset_ms);
        ss_jc_num(jc, node, path, "low_stake_slowdown", 1, 1000, 1, &a->low_stake_slowdown);
        break;
    case SS_ADV_OVERFITTER:
        ss_jc_num(jc, node, path, "p_detect", 0, 1, a->p_detect, &a->p_detect);
        ss_jc_num(jc, node, path, "quality_synthetic", 0, 1, a->quality_synthetic,
                  &a->quality_synthetic);
        ss_jc_num(jc, node, path, "quality_organic", 0, 1, a->quality_organic,
                  &a->quality_organic);
        break;
    case SS_ADV_CAPACITY_LIAR:
        ss_jc_num(jc, node, path, "declared_factor", 1, 1000, a->declared_factor,
                  &a->declared_factor);
        break;
    default:
        break;
    }
}
