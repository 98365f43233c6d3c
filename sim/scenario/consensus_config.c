/* The "consensus" section: Yuma variant, numeric mode and hyperparameters (chain units). */
#include "scenario/sections.h"

#include <string.h>

const char *const ss__keys_consensus[] = {
    "variant", "mode", "kappa", "bonds_penalty", "bonds_moving_average", "liquid_alpha",
    "alpha_low", "alpha_high", "alpha_sigmoid_steepness", "max_allowed_validators",
    "stake_threshold_rao", "activity_cutoff_factor_milli", "commit_reveal",
    "reveal_period_epochs", "reveal_mask", "bonds_reset",
    "liquid_consensus", "winner_takes_all", "decay_rate", "capacity_alpha", NULL};

static const char *const variant_names[] = {"original", "yuma3", "yuma1", "yuma2", "yuma2b",
                                            "yuma2c", "ref-yuma3", "ref-yuma3-liquid", NULL};
static const ss_yuma_variant variant_values[] = {
    SS_YUMA_ORIGINAL, SS_YUMA_YUMA3, SS_YUMA_REF_YUMA1, SS_YUMA_REF_YUMA2,
    SS_YUMA_REF_YUMA2B, SS_YUMA_REF_YUMA2C, SS_YUMA_REF_YUMA3, SS_YUMA_REF_YUMA3_LIQUID};
static const char *const mode_names[] = {"float", "chain", NULL};
static const char *const liquid_names[] = {"current", "previous", "mixed", NULL};

static int variant_index(ss_yuma_variant v)
{
    for (int i = 0; variant_names[i]; i++)
        if (variant_values[i] == v)
            return i;
    return 0;
}

void ss__scenario_consensus(ss_jc *jc, const cJSON *node, const char *path,
                            ss_consensus_base *b)
{
    ss_yuma_params *p = &b->yuma;
    uint32_t *reveal_period_epochs = &b->reveal_period_epochs;
    if (!node)
        return;
    if (!ss_jc_object(jc, node, path, ss__keys_consensus))
        return;
    int i;
    int64_t v;
    if (ss_jc_enum(jc, node, path, "variant", variant_names, variant_index(p->variant), &i))
        p->variant = variant_values[i];
    if (ss_jc_enum(jc, node, path, "mode", mode_names, p->mode == SS_YUMA_CHAIN, &i))
        p->mode = i ? SS_YUMA_CHAIN : SS_YUMA_FLOAT;
    if (ss_jc_int(jc, node, path, "kappa", 0, 65535, p->kappa, &v))
        p->kappa = (uint16_t)v;
    if (ss_jc_int(jc, node, path, "bonds_penalty", 0, 65535, p->bonds_penalty, &v))
        p->bonds_penalty = (uint16_t)v;
    ss_jc_u64(jc, node, path, "bonds_moving_average", 0, 1000000, p->bonds_moving_average,
              &p->bonds_moving_average);
    ss_jc_bool(jc, node, path, "liquid_alpha", p->liquid_alpha, &p->liquid_alpha);
    if (ss_jc_int(jc, node, path, "alpha_low", 0, 65535, p->alpha_low, &v))
        p->alpha_low = (uint16_t)v;
    if (ss_jc_int(jc, node, path, "alpha_high", 0, 65535, p->alpha_high, &v))
        p->alpha_high = (uint16_t)v;
    if (p->alpha_low > p->alpha_high)
        ss_jc_error(jc, path, "alpha_low (%u) must not exceed alpha_high (%u)",
                    (unsigned)p->alpha_low, (unsigned)p->alpha_high);
    if (ss_jc_int(jc, node, path, "alpha_sigmoid_steepness", -32768, 32767,
                  p->alpha_sigmoid_steepness, &v))
        p->alpha_sigmoid_steepness = (int16_t)v;
    if (ss_jc_int(jc, node, path, "max_allowed_validators", 1, 65535,
                  p->max_allowed_validators, &v))
        p->max_allowed_validators = (uint16_t)v;
    ss_jc_u64(jc, node, path, "stake_threshold_rao", 0, UINT64_MAX, p->stake_threshold_rao,
              &p->stake_threshold_rao);
    if (ss_jc_int(jc, node, path, "activity_cutoff_factor_milli", 1, 4294967295LL,
                  p->activity_cutoff_factor_milli, &v))
        p->activity_cutoff_factor_milli = (uint32_t)v;
    ss_jc_bool(jc, node, path, "commit_reveal", p->commit_reveal, &p->commit_reveal);
    if (ss_jc_int(jc, node, path, "reveal_period_epochs", 1, 100, *reveal_period_epochs, &v))
        *reveal_period_epochs = (uint32_t)v;
    ss_jc_bool(jc, node, path, "reveal_mask", b->reveal_mask, &b->reveal_mask);
    ss_jc_bool(jc, node, path, "bonds_reset", p->bonds_reset, &p->bonds_reset);
    if (ss_jc_enum(jc, node, path, "liquid_consensus", liquid_names, (int)p->liquid_consensus, &i))
        p->liquid_consensus = (ss_yuma_liquid_consensus)i;
    ss_jc_bool(jc, node, path, "winner_takes_all", p->winner_takes_all, &p->winner_takes_all);
    ss_jc_num(jc, node, path, "decay_rate", 0, 1, p->decay_rate, &p->decay_rate);
    ss_jc_num(jc, node, path, "capacity_alpha", 0, 1, p->capacity_alpha, &p->capacity_alpha);
    if (p->mode == SS_YUMA_CHAIN && p->variant != SS_YUMA_ORIGINAL && p->variant != SS_YUMA_YUMA3)
        ss_jc_error(jc, path, "variant '%s' is the reference tool's and exists only in "
                    "mode \"float\"; chain mode supports 'original' and 'yuma3'",
                    variant_names[variant_index(p->variant)]);
}
