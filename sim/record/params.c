/*
** The params table: every effective parameter of a run after defaults were
** applied, keyed like the scenario's JSON paths (netuid 0: the whole run).
*/
#include "record/params.h"

#include <stdarg.h>
#include <stdio.h>

#include "tasks/task.h"

typedef struct writer {
    sqlite3_stmt *stmt;
    uint32_t netuid;
    int rc;
} writer;

static void put(writer *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void put(writer *w, const char *key, const char *fmt, ...)
{
    if (w->rc != SQLITE_OK)
        return;
    char value[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(value, sizeof value, fmt, ap);
    va_end(ap);
    sqlite3_bind_int64(w->stmt, 1, w->netuid);
    sqlite3_bind_text(w->stmt, 2, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(w->stmt, 3, value, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(w->stmt) != SQLITE_DONE)
        w->rc = SQLITE_ERROR;
    sqlite3_reset(w->stmt);
}

static void dist(writer *w, const char *key, const ss_dist *d)
{
    switch (d->kind) {
    case SS_DIST_FIXED:
        put(w, key, "%.17g", d->a);
        break;
    case SS_DIST_UNIFORM:
        put(w, key, "uniform(min %.17g, max %.17g)", d->a, d->b);
        break;
    case SS_DIST_NORMAL:
        put(w, key, "normal(mean %.17g, sd %.17g) in [%.17g, %.17g]", d->a, d->b, d->lo, d->hi);
        break;
    case SS_DIST_LOGNORMAL:
        put(w, key, "lognormal(median %.17g, sigma %.17g) in [%.17g, %.17g]", d->a, d->b, d->lo,
            d->hi);
        break;
    }
}

static void consensus(writer *w, const ss_yuma_params *p, uint32_t reveal)
{
    put(w, "consensus.variant", "%s", ss_yuma_variant_name(p->variant));
    put(w, "consensus.mode", "%s", ss_yuma_mode_name(p->mode));
    put(w, "consensus.kappa", "%u", p->kappa);
    put(w, "consensus.bonds_penalty", "%u", p->bonds_penalty);
    put(w, "consensus.bonds_moving_average", "%llu", (unsigned long long)p->bonds_moving_average);
    put(w, "consensus.liquid_alpha", "%s", p->liquid_alpha ? "true" : "false");
    put(w, "consensus.alpha_low", "%u", p->alpha_low);
    put(w, "consensus.alpha_high", "%u", p->alpha_high);
    put(w, "consensus.alpha_sigmoid_steepness", "%d", p->alpha_sigmoid_steepness);
    put(w, "consensus.max_allowed_validators", "%u", p->max_allowed_validators);
    put(w, "consensus.stake_threshold_rao", "%llu", (unsigned long long)p->stake_threshold_rao);
    put(w, "consensus.activity_cutoff_factor_milli", "%u", p->activity_cutoff_factor_milli);
    put(w, "consensus.commit_reveal", "%s", p->commit_reveal ? "true" : "false");
    put(w, "consensus.reveal_period_epochs", "%u", reveal);
    put(w, "consensus.bonds_reset", "%s", p->bonds_reset ? "true" : "false");
    put(w, "consensus.winner_takes_all", "%s", p->winner_takes_all ? "true" : "false");
}

static void task(writer *w, const ss_task_config *t)
{
    const ss_task_kind_desc *d = ss_task_kind_desc_of(t->kind);
    static const char *const agg[] = {"ema", "mean", "sum"};
    static const char *const tr[] = {"none", "steepness", "power", "softmax"};
    put(w, "task.kind", "%s", d ? d->name : "?");
    put(w, "task.preset", "%s", d && t->preset < d->n_presets ? d->presets[t->preset].name : "?");
    put(w, "task.timeout_ms", "%lld", (long long)t->timeout_ms);
    put(w, "task.organic_fraction", "%.17g", t->organic_fraction);
    for (size_t i = 0; d && i < d->n_params; i++) {
        char key[96];
        snprintf(key, sizeof key, "task.%s", d->params[i].name);
        put(w, key, "%.17g", t->params[i]);
    }
    const ss_scoring_config *s = &t->scoring;
    if (s->expression)
        put(w, "task.scoring.expression", "%s", s->expression);
    if (s->plugin)
        put(w, "task.scoring.plugin", "%s", s->plugin);
    put(w, "task.scoring.aggregate", "%s", agg[s->aggregate]);
    put(w, "task.scoring.ema_alpha", "%.17g", s->ema_alpha);
    put(w, "task.scoring.transform", "%s", tr[s->transform]);
    put(w, "task.scoring.steepness_p", "%.17g", s->steepness_p);
    put(w, "task.scoring.power", "%.17g", s->power);
    put(w, "task.scoring.temperature", "%.17g", s->temperature);
    put(w, "task.scoring.average_last", "%u", s->average_last);
}

static void adversary(writer *w, const char *prefix, const ss_adversary_config *a)
{
    char key[160];
    snprintf(key, sizeof key, "%s.adversary.kind", prefix);
    put(w, key, "%s", ss_adversary_kind_name(a->kind));
}

/* Every economy constant (network scope when sp is NULL, else a subnet's own). */
static void econ(writer *w, const char *prefix, const ss_econ_params *p,
                 const ss_econ_subnet_params *sp)
{
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    ss_econ_params tmp;
    if (sp) {
        tmp = *p;
        tmp.subnet = *sp;
        p = &tmp;
    }
    for (size_t i = 0; i < n; i++) {
        if (sp && t[i].scope != SS_SCOPE_SUBNET)
            continue;
        char key[96], value[64];
        snprintf(key, sizeof key, "%s.%s", prefix, t[i].name);
        ss_econ_param_format(p, &t[i], value, sizeof value);
        put(w, key, "%s", value);
    }
}

static void network(writer *w, const ss_network_config *n)
{
    static const char *const actions[] = {"stake", "unstake", "move", "root_stake",
                                          "root_unstake"};
    char key[128];
    econ(w, "network", &n->econ, NULL);
    put(w, "network.root_tempo", "%u", n->root_tempo);
    put(w, "network.root_weight_noise", "%.17g", n->root_weight_noise);
    for (size_t g = 0; g < n->n_staker_groups; g++) {
        const ss_staker_group *s = &n->stakers[g];
#define SKEY(name) (snprintf(key, sizeof key, "network.stakers[%zu]." name, g), key)
        put(w, SKEY("name"), "%s", s->name);
        put(w, SKEY("count"), "%u", s->count);
        put(w, SKEY("balance_rao"), "%llu", (unsigned long long)s->balance_rao);
        put(w, SKEY("root_stake_rao"), "%llu", (unsigned long long)s->root_stake_rao);
        put(w, SKEY("claim"), "%s", s->claim == SS_CLAIM_KIND_KEEP ? "keep" : "swap");
        put(w, SKEY("flows.per_day"), "%.17g", s->flows.per_day);
        put(w, SKEY("flows.p_unstake"), "%.17g", s->flows.p_unstake);
        put(w, SKEY("flows.p_move"), "%.17g", s->flows.p_move);
        put(w, SKEY("flows.p_root"), "%.17g", s->flows.p_root);
        put(w, SKEY("flows.fraction"), "%.17g", s->flows.fraction);
        dist(w, SKEY("flows.amount_tao"), &s->flows.amount_tao);
#undef SKEY
        char prefix[64];
        snprintf(prefix, sizeof prefix, "network.stakers[%zu]", g);
        adversary(w, prefix, &s->adversary);
    }
    for (size_t i = 0; i < n->n_actions; i++) {
        const ss_stake_action *a = &n->actions[i];
        snprintf(key, sizeof key, "network.actions[%zu]", i);
        put(w, key, "block %llu: %s of group %s, subnet %u -> %u, %llu rao or fraction %.17g",
            (unsigned long long)a->block, actions[a->kind], n->stakers[a->group].name,
            a->netuid, a->to_netuid, (unsigned long long)a->amount_rao, a->fraction);
    }
    for (size_t i = 0; i < n->n_creators; i++) {
        const ss_creator_group *c = &n->creators[i];
        snprintf(key, sizeof key, "network.creators[%zu]", i);
        put(w, key, "%s: %u subnet(s) from block %llu every %llu blocks, balance %llu rao,"
            " lock at most %llu rao", c->name, c->count, (unsigned long long)c->first_block,
            (unsigned long long)c->every_blocks, (unsigned long long)c->balance_rao,
            (unsigned long long)c->max_lock_rao);
    }
}

static void groups(writer *w, const ss_subnet_config *c)
{
    char p[64], key[128];
    for (size_t g = 0; g < c->n_validator_groups; g++) {
        const ss_validator_group *v = &c->validators[g];
        snprintf(p, sizeof p, "validators[%zu]", g);
#define VKEY(name) (snprintf(key, sizeof key, "%s." name, p), key)
        put(w, VKEY("count"), "%u", v->count);
        put(w, VKEY("stake_rao"), "%llu", (unsigned long long)v->stake_rao);
        put(w, VKEY("sample_size"), "%u", v->sample_size);
        put(w, VKEY("query_every_blocks"), "%u", v->query_every_blocks);
        put(w, VKEY("weights_every_blocks"), "%u", v->weights_every_blocks);
        put(w, VKEY("observation_noise"), "%.17g", v->observation_noise);
        put(w, VKEY("score_ema_alpha"), "%.17g", v->score_ema_alpha);
        put(w, VKEY("top_k"), "%u", v->top_k);
        put(w, VKEY("winner_takes_all"), "%s", v->winner_takes_all ? "true" : "false");
        put(w, VKEY("sharpen"), "%.17g", v->sharpen);
        put(w, VKEY("burn_fraction"), "%.17g", v->burn_fraction);
        put(w, VKEY("weight_rate_limit_blocks"), "%u", v->weight_rate_limit_blocks);
        put(w, VKEY("trust_reported_latency"), "%s", v->trust_reported_latency ? "true" : "false");
        put(w, VKEY("root_stake_rao"), "%llu", (unsigned long long)v->root_stake_rao);
        put(w, VKEY("balance_rao"), "%llu", (unsigned long long)v->balance_rao);
        put(w, VKEY("take"), "%u", v->take);
#undef VKEY
        adversary(w, p, &v->adversary);
    }
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        const ss_miner_group *m = &c->miners[g];
        snprintf(p, sizeof p, "miners[%zu]", g);
#define MKEY(name) (snprintf(key, sizeof key, "%s." name, p), key)
        put(w, MKEY("count"), "%u", m->count);
        dist(w, MKEY("quality"), &m->quality);
        dist(w, MKEY("latency_ms"), &m->latency_ms);
        put(w, MKEY("latency_sigma"), "%.17g", m->latency_sigma);
        put(w, MKEY("answer_noise"), "%.17g", m->answer_noise);
        dist(w, MKEY("capacity"), &m->capacity);
        dist(w, MKEY("uptime"), &m->uptime);
        dist(w, MKEY("held_fraction"), &m->held_fraction);
        put(w, MKEY("quality_walk_sd"), "%.17g", m->quality_walk_sd);
        put(w, MKEY("balance_rao"), "%llu", (unsigned long long)m->balance_rao);
        put(w, MKEY("arrivals.count"), "%u", m->arrivals.count);
        put(w, MKEY("arrivals.per_day"), "%.17g", m->arrivals.per_day);
        put(w, MKEY("arrivals.start_block"), "%llu", (unsigned long long)m->arrivals.start_block);
        put(w, MKEY("arrivals.balance_rao"), "%llu", (unsigned long long)m->arrivals.balance_rao);
        put(w, MKEY("arrivals.max_burn_rao"), "%llu",
            (unsigned long long)m->arrivals.max_burn_rao);
#undef MKEY
        adversary(w, p, &m->adversary);
    }
}

int ss__record_params(sqlite3 *db, const ss_scenario *sc)
{
    writer w = {NULL, 0, SQLITE_OK};
    if (sqlite3_prepare_v2(db, "INSERT INTO params (netuid, key, value) VALUES (?,?,?)", -1,
                           &w.stmt, NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    static const char *const levels[] = {"summary", "standard", "full"};
    put(&w, "name", "%s", sc->name);
    put(&w, "seed", "%llu", (unsigned long long)sc->seed);
    put(&w, "blocks", "%llu", (unsigned long long)sc->blocks);
    put(&w, "metrics.baseline", "%s", sc->baseline ? "true" : "false");
    put(&w, "log.level", "%s", levels[sc->log_level]);
    put(&w, "log.sample_every_epochs", "%u", sc->sample_every_epochs);
    network(&w, &sc->network);
    for (size_t i = 0; i < sc->n_subnets; i++) {
        const ss_subnet_config *c = &sc->subnets[i];
        w.netuid = c->netuid;
        put(&w, "name", "%s", c->name);
        put(&w, "max_uids", "%u", c->max_uids);
        put(&w, "tempo", "%u", c->yuma.tempo);
        put(&w, "alpha_emission_rao", "%llu", (unsigned long long)c->alpha_emission_rao);
        put(&w, "owner_cut", "%u", c->owner_cut);
        consensus(&w, &c->yuma, c->reveal_period_epochs);
        put(&w, "consensus.reveal_mask", "%s", c->reveal_mask ? "true" : "false");
        econ(&w, "economy", &sc->network.econ, &c->econ);
        put(&w, "pool.tao_rao", "%llu", (unsigned long long)c->pool_tao_rao);
        put(&w, "pool.alpha_rao", "%llu", (unsigned long long)c->pool_alpha_rao);
        if (c->moving_price == c->moving_price)
            put(&w, "pool.moving_price", "%.17g", c->moving_price);
        else
            put(&w, "pool.moving_price", "%s", "spot price, clamped at 1");
        put(&w, "start_call", "%s", c->started ? "true" : "false");
        put(&w, "emission_enabled", "%s", c->emission_enabled ? "true" : "false");
        task(&w, &c->task);
        groups(&w, c);
    }
    sqlite3_finalize(w.stmt);
    return w.rc;
}
