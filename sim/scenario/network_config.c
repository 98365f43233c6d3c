/*
** The "network" section: every constant of the chain economy by its
** descriptor's name (subnet-scope ones set the subnets' defaults), and the
** agents that move money across subnets: stakers with random flows and
** scheduled actions, and subnet creators.
*/
#include "scenario/sections.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ss__keys_network[] = {"stakers", "actions", "creators", "root_tempo",
                                              "root_weight_noise", NULL};
const char *const ss__keys_staker[] = {"name", "count", "balance_tao", "root_stake_tao",
                                          "claim", "subnets", "flows", "adversary", NULL};
const char *const ss__keys_flows[] = {"per_day", "amount_tao", "p_unstake", "p_move",
                                        "p_root", "fraction", NULL};
const char *const ss__keys_action[] = {"block", "stakers", "action", "netuid", "to_netuid",
                                          "amount_tao", "fraction", NULL};
static const char *const action_names[] = {"stake", "unstake", "move", "root_stake",
                                           "root_unstake", NULL};
const char *const ss__keys_creator[] = {"name", "balance_tao", "first_block", "every_blocks",
                                           "count", "max_lock_tao", "emission_enabled",
                                           "subnet", NULL};
static const char *const claim_names[] = {"swap", "keep", NULL};

static bool skipped(const char *name, const char *const *skip)
{
    for (size_t i = 0; skip && skip[i]; i++)
        if (strcmp(skip[i], name) == 0)
            return true;
    return false;
}

/* Reads one constant by its descriptor, with the loader's messages and the table's bounds. */
static void econ_param(ss_jc *jc, const cJSON *obj, const char *path, const ss_param_desc *d,
                       ss_econ_params *p, ss_econ_subnet_params *sp)
{
    if (!cJSON_GetObjectItemCaseSensitive(obj, d->name))
        return;
    char text[32];
    bool ok = false;
    switch (d->type) {
    case SS_PARAM_ENUM: {
        int i;
        if ((ok = ss_jc_enum(jc, obj, path, d->name, d->names, 0, &i)))
            snprintf(text, sizeof text, "%s", d->names[i]);
        break;
    }
    case SS_PARAM_BOOL: {
        bool b;
        if ((ok = ss_jc_bool(jc, obj, path, d->name, false, &b)))
            snprintf(text, sizeof text, "%s", b ? "true" : "false");
        break;
    }
    case SS_PARAM_U64: {
        uint64_t u, hi = d->max >= 1.8e19 ? UINT64_MAX : (uint64_t)d->max;
        if ((ok = ss_jc_u64(jc, obj, path, d->name, (uint64_t)d->min, hi, 0, &u)))
            snprintf(text, sizeof text, "%llu", (unsigned long long)u);
        break;
    }
    case SS_PARAM_U32:
    case SS_PARAM_U16: {
        int64_t v;
        if ((ok = ss_jc_int(jc, obj, path, d->name, (int64_t)d->min, (int64_t)d->max, 0, &v)))
            snprintf(text, sizeof text, "%lld", (long long)v);
        break;
    }
    case SS_PARAM_F64: {
        double v;
        if ((ok = ss_jc_num(jc, obj, path, d->name, d->min, d->max, 0, &v)))
            snprintf(text, sizeof text, "%.17g", v);
        break;
    }
    }
    if (!ok)
        return;
    ss_error e;
    ss_status st = sp ? ss_econ_subnet_param_set_string(sp, d->name, text, &e)
                      : ss_econ_param_set_string(p, d->name, text, &e);
    if (st != SS_OK) {
        char kp[SS_JC_PATH_MAX];
        ss_jc_error(jc, ss_jc_key_path(kp, path, d->name), "%s", e.msg);
    }
}

void ss__scenario_econ_params(ss_jc *jc, const cJSON *obj, const char *path, ss_econ_params *p,
                              ss_econ_subnet_params *sp, const char *const *skip)
{
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    if (sp) {
        /* A subnet's "economy": its own hyperparameters only. */
        const char **keys = calloc(n + 1, sizeof *keys);
        if (!keys) {
            ss_jc_error(jc, path, "out of memory");
            return;
        }
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (t[i].scope == SS_SCOPE_SUBNET)
                keys[k++] = t[i].name;
        bool object = ss_jc_object(jc, obj, path, keys);
        free(keys);
        if (!object)
            return;
    }
    for (size_t i = 0; i < n; i++)
        if ((!sp || t[i].scope == SS_SCOPE_SUBNET) && !skipped(t[i].name, skip))
            econ_param(jc, obj, path, &t[i], p, sp);
}

static void tao(ss_jc *jc, const cJSON *node, const char *path, const char *key, uint64_t def,
                uint64_t *out)
{
    double v;
    *out = def;
    if (cJSON_GetObjectItemCaseSensitive(node, key) &&
        ss_jc_num(jc, node, path, key, 0, 1.8e10, 0, &v))
        *out = (uint64_t)llround(v * (double)SS_RAO_PER_TAO);
}

static void name_key(ss_jc *jc, const cJSON *node, const char *path, const char *def, char *out)
{
    const char *s;
    snprintf(out, SS_NAME_MAX, "%s", def);
    if (!ss_jc_str(jc, node, path, "name", def, &s))
        return;
    if (!*s || strlen(s) >= SS_NAME_MAX) {
        char p[SS_JC_PATH_MAX];
        ss_jc_error(jc, ss_jc_key_path(p, path, "name"), "expected a name of 1 to %d characters",
                    SS_NAME_MAX - 1);
        return;
    }
    snprintf(out, SS_NAME_MAX, "%s", s);
}

/* A list of netuids (1..65535). */
static void netuid_list(ss_jc *jc, const cJSON *node, const char *path, uint32_t **out,
                        size_t *n, ss_status *st)
{
    *out = NULL;
    *n = 0;
    if (!node)
        return;
    if (!cJSON_IsArray(node) || cJSON_GetArraySize(node) == 0) {
        char got[64];
        ss_jc_describe(node, got, sizeof got);
        ss_jc_error(jc, path, "expected a non-empty list of netuids, got %s", got);
        return;
    }
    size_t count = (size_t)cJSON_GetArraySize(node);
    *out = calloc(count, sizeof **out);
    if (!*out) {
        *st = SS_ENOMEM;
        return;
    }
    *n = count;
    for (size_t i = 0; i < count; i++) {
        const cJSON *v = cJSON_GetArrayItem(node, (int)i);
        char p[SS_JC_PATH_MAX];
        ss_jc_index_path(p, path, (int)i);
        if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
            v->valuedouble < 1 || v->valuedouble > 65535) {
            char got[64];
            ss_jc_describe(v, got, sizeof got);
            ss_jc_error(jc, p, "expected a netuid in [1, 65535], got %s", got);
            continue;
        }
        (*out)[i] = (uint32_t)v->valuedouble;
    }
}

static void flows(ss_jc *jc, const cJSON *node, const char *path, ss_stake_flows *f)
{
    static const ss_dist def_amount = {SS_DIST_LOGNORMAL, 100, 1.0, 0.001, 1e7};
    f->per_day = 0;
    f->amount_tao = def_amount;
    f->p_unstake = 0.4;
    f->p_move = 0.1;
    f->p_root = 0.0;
    f->fraction = 0.5;
    if (!node || !ss_jc_object(jc, node, path, ss__keys_flows))
        return;
    ss_jc_num(jc, node, path, "per_day", 0, 1e6, 0, &f->per_day);
    ss__scenario_dist(jc, node, path, "amount_tao", 0.001, 1e7, &def_amount, &f->amount_tao);
    ss_jc_num(jc, node, path, "p_unstake", 0, 1, f->p_unstake, &f->p_unstake);
    ss_jc_num(jc, node, path, "p_move", 0, 1, f->p_move, &f->p_move);
    ss_jc_num(jc, node, path, "p_root", 0, 1, f->p_root, &f->p_root);
    ss_jc_num(jc, node, path, "fraction", 0, 1, f->fraction, &f->fraction);
    if (f->p_unstake + f->p_move + f->p_root > 1 + 1e-12)
        ss_jc_error(jc, path, "p_unstake + p_move + p_root is %g; at most 1 (the rest are stakes)",
                    f->p_unstake + f->p_move + f->p_root);
}

static void staker(ss_jc *jc, const cJSON *node, const char *path, size_t index,
                   ss_staker_group *g, ss_status *st)
{
    char def[SS_NAME_MAX], p[SS_JC_PATH_MAX];
    snprintf(def, sizeof def, "stakers%zu", index);
    snprintf(g->name, sizeof g->name, "%s", def);
    g->count = 1;
    g->balance_rao = 1000 * SS_RAO_PER_TAO;
    flows(jc, NULL, path, &g->flows);
    if (!ss_jc_object(jc, node, path, ss__keys_staker))
        return;
    name_key(jc, node, path, def, g->name);
    int64_t v;
    if (ss_jc_int(jc, node, path, "count", 1, 100000, 1, &v))
        g->count = (uint32_t)v;
    ss__scenario_adversary(jc, cJSON_GetObjectItemCaseSensitive(node, "adversary"),
                           ss_jc_key_path(p, path, "adversary"), SS_ADV_GROUP_STAKER,
                           &g->adversary);
    if (g->adversary.kind == SS_ADV_STAKE_PUMPER)
        g->balance_rao = g->adversary.capital_rao;
    tao(jc, node, path, "balance_tao", g->balance_rao, &g->balance_rao);
    tao(jc, node, path, "root_stake_tao", 0, &g->root_stake_rao);
    int claim;
    if (ss_jc_enum(jc, node, path, "claim", claim_names, 0, &claim))
        g->claim = (ss_claim_kind)claim;
    netuid_list(jc, cJSON_GetObjectItemCaseSensitive(node, "subnets"),
                ss_jc_key_path(p, path, "subnets"), &g->netuids, &g->n_netuids, st);
    flows(jc, cJSON_GetObjectItemCaseSensitive(node, "flows"), ss_jc_key_path(p, path, "flows"),
          &g->flows);
}

static void action(ss_jc *jc, const cJSON *node, const char *path, const ss_network_config *n,
                   ss_stake_action *a)
{
    if (!ss_jc_object(jc, node, path, ss__keys_action))
        return;
    int kind;
    int64_t v;
    if (ss_jc_require(jc, node, path, "block"))
        ss_jc_u64(jc, node, path, "block", 1, 1000000000ULL, 1, &a->block);
    if (ss_jc_require(jc, node, path, "action") &&
        ss_jc_enum(jc, node, path, "action", action_names, 0, &kind))
        a->kind = (ss_action_kind)kind;
    const char *who;
    char p[SS_JC_PATH_MAX];
    if (ss_jc_require(jc, node, path, "stakers") &&
        ss_jc_str(jc, node, path, "stakers", "", &who)) {
        size_t g = 0;
        while (g < n->n_staker_groups && strcmp(n->stakers[g].name, who) != 0)
            g++;
        if (g == n->n_staker_groups)
            ss_jc_error(jc, ss_jc_key_path(p, path, "stakers"),
                        "no staker group named \"%s\" in network.stakers", who);
        a->group = (uint32_t)g;
    }
    bool pool = a->kind == SS_ACTION_STAKE || a->kind == SS_ACTION_UNSTAKE ||
                a->kind == SS_ACTION_MOVE;
    if (pool && ss_jc_require(jc, node, path, "netuid") &&
        ss_jc_int(jc, node, path, "netuid", 1, 65535, 1, &v))
        a->netuid = (uint32_t)v;
    if (a->kind == SS_ACTION_MOVE && ss_jc_require(jc, node, path, "to_netuid") &&
        ss_jc_int(jc, node, path, "to_netuid", 1, 65535, 1, &v))
        a->to_netuid = (uint32_t)v;
    bool buys = a->kind == SS_ACTION_STAKE || a->kind == SS_ACTION_ROOT_STAKE;
    a->fraction = 1.0;
    if (buys && cJSON_GetObjectItemCaseSensitive(node, "amount_tao")) {
        tao(jc, node, path, "amount_tao", 0, &a->amount_rao);
        if (cJSON_GetObjectItemCaseSensitive(node, "fraction"))
            ss_jc_error(jc, ss_jc_key_path(p, path, "fraction"),
                        "give either 'amount_tao' or 'fraction', not both");
    } else if (!buys && cJSON_GetObjectItemCaseSensitive(node, "amount_tao")) {
        ss_jc_error(jc, ss_jc_key_path(p, path, "amount_tao"),
                    "'%s' takes a 'fraction' of the position", action_names[a->kind]);
    }
    ss_jc_num(jc, node, path, "fraction", 0, 1, 1.0, &a->fraction);
}

static void creator(ss_jc *jc, const cJSON *node, const char *path, size_t index,
                    const ss_consensus_base *base, const ss_network_config *n,
                    ss_creator_group *c, ss_status *st)
{
    char def[SS_NAME_MAX], p[SS_JC_PATH_MAX];
    snprintf(def, sizeof def, "creator%zu", index);
    snprintf(c->name, sizeof c->name, "%s", def);
    c->balance_rao = 10000 * SS_RAO_PER_TAO;
    c->first_block = 1;
    c->every_blocks = n->econ.network_rate_limit ? n->econ.network_rate_limit : 1;
    c->count = 1;
    c->max_lock_rao = UINT64_MAX;
    c->emission_enabled = n->econ.new_subnet_emission_enabled;
    if (!ss_jc_object(jc, node, path, ss__keys_creator)) {
        *st = ss__scenario_subnet(jc, NULL, path, base, n, true, &c->subnet);
        return;
    }
    name_key(jc, node, path, def, c->name);
    tao(jc, node, path, "balance_tao", c->balance_rao, &c->balance_rao);
    ss_jc_u64(jc, node, path, "first_block", 1, 1000000000ULL, 1, &c->first_block);
    ss_jc_u64(jc, node, path, "every_blocks", 1, 1000000000ULL, c->every_blocks,
              &c->every_blocks);
    int64_t v;
    if (ss_jc_int(jc, node, path, "count", 1, 65535, 1, &v))
        c->count = (uint32_t)v;
    tao(jc, node, path, "max_lock_tao", c->max_lock_rao, &c->max_lock_rao);
    ss_jc_bool(jc, node, path, "emission_enabled", c->emission_enabled, &c->emission_enabled);
    ss_jc_require(jc, node, path, "subnet");
    *st = ss__scenario_subnet(jc, cJSON_GetObjectItemCaseSensitive(node, "subnet"),
                              ss_jc_key_path(p, path, "subnet"), base, n, true, &c->subnet);
}

/* A list section: calls parse on each object. Returns the count allocated. */
static void *list(ss_jc *jc, const cJSON *node, const char *path, size_t size, size_t *count,
                  ss_status *st)
{
    *count = 0;
    if (!node)
        return NULL;
    if (!cJSON_IsArray(node)) {
        char got[64];
        ss_jc_describe(node, got, sizeof got);
        ss_jc_error(jc, path, "expected a list, got %s", got);
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(node);
    if (n == 0)
        return NULL;
    void *out = calloc(n, size);
    if (!out) {
        *st = SS_ENOMEM;
        return NULL;
    }
    *count = n;
    return out;
}

ss_status ss__scenario_network(ss_jc *jc, const cJSON *node, const char *path,
                               const ss_consensus_base *base, ss_network_config *out)
{
    memset(out, 0, sizeof *out);
    ss_econ_params_default(&out->econ);
    out->root_tempo = 360;
    out->root_weight_noise = 0.1;
    if (!node)
        return SS_OK;
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    const char **keys = calloc(n + 8, sizeof *keys);
    if (!keys)
        return SS_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        keys[k++] = t[i].name;
    for (size_t i = 0; ss__keys_network[i]; i++)
        keys[k++] = ss__keys_network[i];
    bool object = ss_jc_object(jc, node, path, keys);
    free(keys);
    if (!object)
        return SS_OK;
    ss__scenario_econ_params(jc, node, path, &out->econ, NULL, NULL);
    ss_error e;
    if (ss_econ_params_check(&out->econ, &e) != SS_OK)
        ss_jc_error(jc, path, "%s", e.msg);
    int64_t v;
    if (ss_jc_int(jc, node, path, "root_tempo", 1, 1000000, out->root_tempo, &v))
        out->root_tempo = (uint32_t)v;
    ss_jc_num(jc, node, path, "root_weight_noise", 0, 10, out->root_weight_noise,
              &out->root_weight_noise);

    ss_status st = SS_OK;
    char p[SS_JC_PATH_MAX], ip[SS_JC_PATH_MAX];
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(node, "stakers");
    ss_jc_key_path(p, path, "stakers");
    out->stakers = list(jc, arr, p, sizeof *out->stakers, &out->n_staker_groups, &st);
    for (size_t i = 0; i < out->n_staker_groups && st == SS_OK; i++) {
        staker(jc, cJSON_GetArrayItem(arr, (int)i), ss_jc_index_path(ip, p, (int)i), i,
               &out->stakers[i], &st);
        for (size_t j = 0; j < i; j++)
            if (strcmp(out->stakers[j].name, out->stakers[i].name) == 0)
                ss_jc_error(jc, ip, "staker group name \"%s\" is already used by %s[%zu]",
                            out->stakers[i].name, p, j);
    }
    arr = cJSON_GetObjectItemCaseSensitive(node, "actions");
    ss_jc_key_path(p, path, "actions");
    out->actions = list(jc, arr, p, sizeof *out->actions, &out->n_actions, &st);
    for (size_t i = 0; i < out->n_actions && st == SS_OK; i++)
        action(jc, cJSON_GetArrayItem(arr, (int)i), ss_jc_index_path(ip, p, (int)i), out,
               &out->actions[i]);
    arr = cJSON_GetObjectItemCaseSensitive(node, "creators");
    ss_jc_key_path(p, path, "creators");
    out->creators = list(jc, arr, p, sizeof *out->creators, &out->n_creators, &st);
    for (size_t i = 0; i < out->n_creators && st == SS_OK; i++)
        creator(jc, cJSON_GetArrayItem(arr, (int)i), ss_jc_index_path(ip, p, (int)i), i, base,
                out, &out->creators[i], &st);
    return st;
}

void ss__scenario_network_free(ss_network_config *n)
{
    for (size_t i = 0; i < n->n_staker_groups; i++)
        free(n->stakers[i].netuids);
    free(n->stakers);
    free(n->actions);
    for (size_t i = 0; i < n->n_creators; i++)
        ss__scenario_subnet_free(&n->creators[i].subnet);
    free(n->creators);
    memset(n, 0, sizeof *n);
}

static bool has_subnet(const ss_scenario *sc, uint32_t netuid)
{
    for (size_t i = 0; i < sc->n_subnets; i++)
        if (sc->subnets[i].netuid == netuid)
            return true;
    return false;
}

/* Reports netuid at path if no subnet of the scenario has it. */
static void need_subnet(ss_jc *jc, const ss_scenario *sc, const char *path, uint32_t netuid)
{
    if (!has_subnet(sc, netuid))
        ss_jc_error(jc, path, "no subnet with netuid %u in 'subnets'", netuid);
}

void ss__scenario_network_check(ss_jc *jc, const cJSON *root, ss_scenario *sc)
{
    (void)root;
    const ss_network_config *n = &sc->network;
    uint32_t limit = n->econ.subnet_limit;
    if (sc->n_subnets > limit)
        ss_jc_error(jc, "subnets", "%zu subnets, but network.subnet_limit is %u", sc->n_subnets,
                    limit);
    char p[SS_JC_PATH_MAX];
    for (size_t i = 0; i < sc->n_subnets; i++) {
        if (sc->subnets[i].netuid > limit) {
            snprintf(p, sizeof p, "subnets[%zu].netuid", i);
            ss_jc_error(jc, p, "netuid %u is above network.subnet_limit (%u)",
                        sc->subnets[i].netuid, limit);
        }
    }
    for (size_t g = 0; g < n->n_staker_groups; g++) {
        const ss_staker_group *s = &n->stakers[g];
        for (size_t i = 0; i < s->n_netuids; i++) {
            snprintf(p, sizeof p, "network.stakers[%zu].subnets[%zu]", g, i);
            need_subnet(jc, sc, p, s->netuids[i]);
        }
        if (s->adversary.kind == SS_ADV_STAKE_PUMPER) {
            snprintf(p, sizeof p, "network.stakers[%zu].adversary.target_netuid", g);
            need_subnet(jc, sc, p, s->adversary.target_netuid);
        }
    }
    for (size_t i = 0; i < n->n_actions; i++) {
        const ss_stake_action *a = &n->actions[i];
        if (a->kind == SS_ACTION_STAKE || a->kind == SS_ACTION_UNSTAKE ||
            a->kind == SS_ACTION_MOVE) {
            snprintf(p, sizeof p, "network.actions[%zu].netuid", i);
            need_subnet(jc, sc, p, a->netuid);
        }
        if (a->kind == SS_ACTION_MOVE) {
            snprintf(p, sizeof p, "network.actions[%zu].to_netuid", i);
            need_subnet(jc, sc, p, a->to_netuid);
            if (a->to_netuid == a->netuid)
                ss_jc_error(jc, p, "a move needs two different subnets");
        }
        if (a->block > sc->blocks) {
            snprintf(p, sizeof p, "network.actions[%zu].block", i);
            ss_jc_error(jc, p, "block %llu is after the run's last block (%llu)",
                        (unsigned long long)a->block, (unsigned long long)sc->blocks);
        }
    }
}
