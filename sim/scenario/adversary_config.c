/*
** The "adversary" object of a validator or miner group: its kind, and the
** parameters of that kind only (any other key is reported as unknown).
*/
#include "scenario/sections.h"

#include <math.h>
#include <string.h>

typedef struct kind_info {
    const char *name;
    ss_adv_group group;        /* the kind of group it belongs on */
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
static const char *const cycler_keys[] = {"kind", "start_block", NULL};
static const char *const sniper_keys[] = {"kind", "start_block", "burst", "attacks", NULL};
static const char *const owner_miner_keys[] = {"kind", NULL};
static const char *const pumper_keys[] = {"kind", "target_netuid", "capital_tao", "hold_blocks",
                                          "gap_blocks", "cycles", "start_block", NULL};

#define V SS_ADV_GROUP_VALIDATOR
#define M SS_ADV_GROUP_MINER
#define S SS_ADV_GROUP_STAKER

static const kind_info kinds[SS_ADV_KINDS] = {
    [SS_ADV_NONE] = {"none", V, NULL},
    [SS_ADV_WEIGHT_COPIER] = {"weight_copier", V, copier_keys},
    [SS_ADV_LAZY] = {"lazy", V, lazy_keys},
    [SS_ADV_CABAL] = {"cabal", V, cabal_keys},
    [SS_ADV_CABAL_MINER] = {"cabal_miner", M, cabal_miner_keys},
    [SS_ADV_OUTPUT_COPIER] = {"output_copier", M, output_copier_keys},
    [SS_ADV_SYBIL] = {"sybil", M, sybil_keys},
    [SS_ADV_LATENCY_SPOOFER] = {"latency_spoofer", M, spoofer_keys},
    [SS_ADV_OVERFITTER] = {"overfitter", M, overfitter_keys},
    [SS_ADV_CAPACITY_LIAR] = {"capacity_liar", M, liar_keys},
    [SS_ADV_IMMUNITY_CYCLER] = {"immunity_cycler", M, cycler_keys},
    [SS_ADV_UID_SNIPER] = {"uid_sniper", M, sniper_keys},
    [SS_ADV_OWNER_MINER] = {"owner_miner", M, owner_miner_keys},
    [SS_ADV_STAKE_PUMPER] = {"stake_pumper", S, pumper_keys},
};

static const char *const group_names[] = {"validator", "miner", "staker"};

const char *ss_adversary_kind_name(ss_adversary_kind kind)
{
    return (unsigned)kind < SS_ADV_KINDS ? kinds[kind].name : "unknown";
}

static const char *const source_names[] = {"consensus", "validator", NULL};

void ss__scenario_adversary(ss_jc *jc, const cJSON *node, const char *path, ss_adv_group group,
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
    a->burst = 4;
    a->attacks = 3;
    a->capital_rao = 10000 * SS_RAO_PER_TAO;
    a->hold_blocks = 3 * SS_BLOCKS_PER_DAY;
    a->gap_blocks = SS_BLOCKS_PER_DAY;
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
        if (kinds[k].group == group) {
            values[n] = (ss_adversary_kind)k;
            names[n++] = kinds[k].name;
        }
    names[n] = NULL;
    int i;
    if (!ss_jc_require(jc, node, path, "kind"))
        return;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(node, "kind");
    for (int k = 1; cJSON_IsString(kind) && k < SS_ADV_KINDS; k++)
        if (kinds[k].group != group && strcmp(kind->valuestring, kinds[k].name) == 0) {
            char p[SS_JC_PATH_MAX];
            const char *where = group_names[kinds[k].group];
            ss_jc_error(jc, ss_jc_key_path(p, path, "kind"), "'%s' is a %s adversary; put it "
                        "on a %s group", kinds[k].name, where, where);
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
    case SS_ADV_IMMUNITY_CYCLER:
    case SS_ADV_UID_SNIPER:
        ss_jc_u64(jc, node, path, "start_block", 0, 1000000000ULL, 0, &a->start_block);
        if (ss_jc_int(jc, node, path, "burst", 1, 1000, a->burst, &v))
            a->burst = (uint32_t)v;
        if (ss_jc_int(jc, node, path, "attacks", 1, 1000000, a->attacks, &v))
            a->attacks = (uint32_t)v;
        break;
    case SS_ADV_STAKE_PUMPER: {
        double tao;
        if (ss_jc_require(jc, node, path, "target_netuid") &&
            ss_jc_int(jc, node, path, "target_netuid", 1, 65535, 1, &v))
            a->target_netuid = (uint32_t)v;
        if (ss_jc_num(jc, node, path, "capital_tao", 0.001, 1.8e10, 10000, &tao))
            a->capital_rao = (uint64_t)llround(tao * (double)SS_RAO_PER_TAO);
        ss_jc_u64(jc, node, path, "hold_blocks", 1, 1000000000ULL, a->hold_blocks,
                  &a->hold_blocks);
        ss_jc_u64(jc, node, path, "gap_blocks", 0, 1000000000ULL, a->gap_blocks, &a->gap_blocks);
        if (ss_jc_int(jc, node, path, "cycles", 0, 1000000, 0, &v))
            a->cycles = (uint32_t)v;
        ss_jc_u64(jc, node, path, "start_block", 0, 1000000000ULL, 0, &a->start_block);
        break;
    }
    default:
        break;
    }
}
