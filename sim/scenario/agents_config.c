/* The "validators" and "miners" groups of a subnet: how many agents and their traits. */
#include "scenario/sections.h"

#include <math.h>

const char *const ss__keys_validator[] = {
    "count", "stake_tao", "observe", "sample_size", "query_every_blocks", "score_ema_alpha",
    "weights_every_blocks", "observation_noise", "top_k", "winner_takes_all", "sharpen",
    "burn_fraction", "weight_rate_limit_blocks", "trust_reported_latency", "root_stake_tao",
    "balance_tao", "take", "adversary", NULL};

const char *const ss__keys_miner[] = {"count", "quality", "latency_ms", "latency_sigma",
                                         "answer_noise", "capacity", "uptime", "held_fraction",
                                         "quality_walk_sd", "balance_tao", "arrivals",
                                         "adversary", NULL};
const char *const ss__keys_arrivals[] = {"count", "per_day", "start_block", "balance_tao",
                                           "max_burn_tao", NULL};

/* An amount of TAO (up to 1.8e10, whose rao still fit in 64 bits) as rao. */
static void tao_key(ss_jc *jc, const cJSON *node, const char *path, const char *key,
                    uint64_t def_rao, uint64_t *out)
{
    double tao;
    *out = def_rao;
    if (ss_jc_num(jc, node, path, key, 0, 1.8e10, (double)def_rao / SS_RAO_PER_TAO, &tao) &&
        cJSON_GetObjectItemCaseSensitive(node, key))
        *out = (uint64_t)llround(tao * (double)SS_RAO_PER_TAO);
}

/* "arrivals" of a miner group: new miners registering by burn during the run. */
static void arrivals(ss_jc *jc, const cJSON *node, const char *path, ss_arrivals *a)
{
    a->count = 0;
    a->per_day = 24;
    a->balance_rao = 10 * SS_RAO_PER_TAO;
    a->max_burn_rao = 10 * SS_RAO_PER_TAO;
    if (!node || !ss_jc_object(jc, node, path, ss__keys_arrivals))
        return;
    /* Without a count, arrivals go on at their rate for the whole run. */
    a->count = SS_ARRIVALS_AUTO;
    a->start_block = 0;
    int64_t v;
    if (ss_jc_int(jc, node, path, "count", 0, 10000000, 0, &v) &&
        cJSON_GetObjectItemCaseSensitive(node, "count"))
        a->count = (uint32_t)v;
    ss_jc_num(jc, node, path, "per_day", 1e-6, 1e6, a->per_day, &a->per_day);
    ss_jc_u64(jc, node, path, "start_block", 0, 1000000000ULL, 0, &a->start_block);
    tao_key(jc, node, path, "balance_tao", a->balance_rao, &a->balance_rao);
    a->max_burn_rao = a->balance_rao;
    tao_key(jc, node, path, "max_burn_tao", a->max_burn_rao, &a->max_burn_rao);
}

void ss__scenario_validator_group(ss_jc *jc, const cJSON *node, const char *path,
                                  uint16_t tempo, uint16_t default_take, ss_validator_group *out)
{
    out->take = default_take;
    out->count = 1;
    out->stake_rao = 1000 * SS_RAO_PER_TAO;
    out->sample_size = 8;
    out->query_every_blocks = 1;
    out->score_ema_alpha = -1;
    out->weights_every_blocks = tempo;
    out->observation_noise = 0.02;
    out->top_k = 0;
    out->winner_takes_all = false;
    out->sharpen = 1;
    out->burn_fraction = 0;
    out->weight_rate_limit_blocks = 100;
    if (!ss_jc_object(jc, node, path, ss__keys_validator))
        return;
    int64_t v;
    double tao;
    if (ss_jc_require(jc, node, path, "count") &&
        ss_jc_int(jc, node, path, "count", 1, 65535, 1, &v))
        out->count = (uint32_t)v;
    /* 1.8e10 TAO is the largest stake whose rao still fits in 64 bits. */
    if (ss_jc_num(jc, node, path, "stake_tao", 0, 1.8e10, 1000, &tao))
        out->stake_rao = (uint64_t)llround(tao * (double)SS_RAO_PER_TAO);
    if (ss_jc_int(jc, node, path, "sample_size", 0, 65535, out->sample_size, &v))
        out->sample_size = (uint32_t)v;
    if (ss_jc_int(jc, node, path, "query_every_blocks", 1, 1000000, out->query_every_blocks, &v))
        out->query_every_blocks = (uint32_t)v;
    ss_jc_num(jc, node, path, "score_ema_alpha", 0, 1, out->score_ema_alpha,
              &out->score_ema_alpha);
    if (ss_jc_int(jc, node, path, "top_k", 0, 65535, 0, &v))
        out->top_k = (uint32_t)v;
    ss_jc_bool(jc, node, path, "winner_takes_all", false, &out->winner_takes_all);
    ss_jc_num(jc, node, path, "sharpen", 0.01, 100, 1, &out->sharpen);
    ss_jc_num(jc, node, path, "burn_fraction", 0, 1, 0, &out->burn_fraction);
    if (ss_jc_int(jc, node, path, "weight_rate_limit_blocks", 0, 1000000,
                  out->weight_rate_limit_blocks, &v))
        out->weight_rate_limit_blocks = (uint32_t)v;
    ss_jc_bool(jc, node, path, "trust_reported_latency", false, &out->trust_reported_latency);
    static const char *const observe_names[] = {"queries", "direct", NULL};
    int observe;
    if (ss_jc_enum(jc, node, path, "observe", observe_names, 0, &observe))
        out->observe = (ss_observe)observe;
    char p[SS_JC_PATH_MAX];
    ss__scenario_adversary(jc, cJSON_GetObjectItemCaseSensitive(node, "adversary"),
                           ss_jc_key_path(p, path, "adversary"), SS_ADV_GROUP_VALIDATOR,
                           &out->adversary);
    tao_key(jc, node, path, "root_stake_tao", 0, &out->root_stake_rao);
    tao_key(jc, node, path, "balance_tao", 0, &out->balance_rao);
    if (ss_jc_int(jc, node, path, "take", 0, 65535, out->take, &v))
        out->take = (uint16_t)v;
    if (ss_jc_int(jc, node, path, "weights_every_blocks", 1, 1000000,
                  out->weights_every_blocks, &v))
        out->weights_every_blocks = (uint32_t)v;
    ss_jc_num(jc, node, path, "observation_noise", 0, 1, out->observation_noise,
              &out->observation_noise);
}

void ss__scenario_miner_group(ss_jc *jc, const cJSON *node, const char *path,
                              ss_miner_group *out)
{
    static const ss_dist default_quality = {SS_DIST_UNIFORM, 0.1, 0.9, 0, 1};
    static const ss_dist default_latency = {SS_DIST_LOGNORMAL, 800, 0.5, 1, 3600000};
    static const ss_dist default_capacity = {SS_DIST_FIXED, 1000, 0, 0, 1e6};
    static const ss_dist default_one = {SS_DIST_FIXED, 1, 0, 0, 1};
    out->count = 1;
    out->quality = default_quality;
    out->latency_ms = default_latency;
    out->latency_sigma = 0.3;
    out->answer_noise = 0.05;
    out->capacity = default_capacity;
    out->uptime = default_one;
    out->held_fraction = default_one;
    if (!ss_jc_object(jc, node, path, ss__keys_miner))
        return;
    int64_t v;
    if (ss_jc_require(jc, node, path, "count") &&
        ss_jc_int(jc, node, path, "count", 1, 65535, 1, &v))
        out->count = (uint32_t)v;
    ss__scenario_dist(jc, node, path, "quality", 0, 1, &default_quality, &out->quality);
    ss__scenario_dist(jc, node, path, "latency_ms", 1, 3600000, &default_latency,
                      &out->latency_ms);
    ss_jc_num(jc, node, path, "latency_sigma", 0, 5, out->latency_sigma, &out->latency_sigma);
    ss_jc_num(jc, node, path, "answer_noise", 0, 1, out->answer_noise, &out->answer_noise);
    ss__scenario_dist(jc, node, path, "capacity", 0, 1e6, &default_capacity, &out->capacity);
    ss__scenario_dist(jc, node, path, "uptime", 0, 1, &default_one, &out->uptime);
    ss__scenario_dist(jc, node, path, "held_fraction", 0, 1, &default_one,
                      &out->held_fraction);
    ss_jc_num(jc, node, path, "quality_walk_sd", 0, 1, 0, &out->quality_walk_sd);
    char p[SS_JC_PATH_MAX];
    ss__scenario_adversary(jc, cJSON_GetObjectItemCaseSensitive(node, "adversary"),
                           ss_jc_key_path(p, path, "adversary"), SS_ADV_GROUP_MINER,
                           &out->adversary);
    /* Miners registering by themselves pay burns: they start with some TAO. */
    uint64_t balance = ss_miner_group_registers_later(out) ? 1000 * SS_RAO_PER_TAO : 0;
    tao_key(jc, node, path, "balance_tao", balance, &out->balance_rao);
    arrivals(jc, cJSON_GetObjectItemCaseSensitive(node, "arrivals"),
             ss_jc_key_path(p, path, "arrivals"), &out->arrivals);
    if (out->arrivals.count > 0 && ss_miner_group_registers_later(out))
        ss_jc_error(jc, p, "'arrivals' is for honest miner groups; an %s registers by itself",
                    ss_adversary_kind_name(out->adversary.kind));
}
