/*
** A subnet's agents: creation, who holds which UID, and who wants one (the
** arrivals of miner groups and the registration actors). What agents do each
** block is in population_block.c.
*/
#include "agents/population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agents/behaviour.h"
#include "tasks/scoring.h"

/* Records for miners waiting for a UID beyond the subnet's size. */
#define WAITING_ROOM 64

void ss_population_fini(ss_population *p)
{
    if (p->scorer)
        ss_scorer_fini(p->scorer);
    free(p->scorer);
    ss_task_fini(&p->task);
    free(p->miners);
    free(p->validators);
    free(p->actors);
    free(p->arrivals);
    free(p->holder);
    free(p->stats);
    free(p->history);
    free(p->last_weights);
    free(p->miner_uids);
    free(p->last_incentive);
    free(p->copy_rows);
    free(p->copy_stake);
    free(p->copy_col);
    free(p->copy_order);
    free(p->sample);
    free(p->active_uids);
    free(p->w);
    free(p->w2);
    free(p->w_uids);
    free(p->w_values);
    free(p->w_by_uid);
    free(p->inflight);
    free(p->initial_stake);
    ss_metrics_fini(&p->metrics);
    memset(p, 0, sizeof *p);
}

static void init_validators(ss_population *p, uint32_t *agent)
{
    const ss_subnet_config *c = p->chain->cfg;
    uint32_t n_max = p->chain->n_max, avg = c->task.scoring.average_last, k = 0;
    for (size_t g = 0; g < c->n_validator_groups; g++) {
        const ss_validator_group *vg = &c->validators[g];
        for (uint32_t i = 0; i < vg->count; i++, k++, (*agent)++) {
            ss_validator *v = &p->validators[k];
            ss_validator_init(v, p->seed, c->netuid, *agent, (uint32_t)g, vg,
                              p->stats + (size_t)k * (n_max + 1),
                              p->history ? p->history + (size_t)k * (avg + 1) * p->miner_cap
                                         : NULL);
            if (vg->adversary.kind == SS_ADV_CABAL)
                snprintf(v->coldkey, sizeof v->coldkey, "ck-sn%u-cabal-%s", c->netuid,
                         vg->adversary.cabal);
        }
    }
}

/* The miners registered at genesis, and the registration actors of their groups. */
static void init_miners(ss_population *p, uint32_t *agent)
{
    const ss_subnet_config *c = p->chain->cfg;
    uint32_t k = 0;
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        const ss_miner_group *mg = &c->miners[g];
        const ss_adversary_config *a = &mg->adversary;
        if (ss_miner_group_registers_later(mg)) {
            for (uint32_t i = 0; i < mg->count; i++, (*agent)++) {
                ss_actor *x = &p->actors[p->n_actors++];
                memset(x, 0, sizeof *x);
                x->agent = *agent;
                x->group = (uint32_t)g;
                x->cfg = mg;
                x->uid = SS_NO_UID;
                x->next_block = a->start_block ? a->start_block : 1;
                x->attacks_left = a->kind == SS_ADV_UID_SNIPER ? a->attacks : 0;
                snprintf(x->coldkey, sizeof x->coldkey, "ck-sn%u-%s-%u", c->netuid,
                         ss_adversary_kind_name(a->kind), *agent);
            }
            continue;
        }
        uint32_t first = k;
        for (uint32_t i = 0; i < mg->count; i++, k++, (*agent)++) {
            ss_miner *m = &p->miners[k];
            ss_miner_init(m, p->seed, c->netuid, *agent, (uint32_t)g, mg);
            m->state = SS_MINER_WAITING;
            if (a->kind == SS_ADV_SYBIL) {
                /* One operator behind count UIDs: one set of traits, capacity split. */
                const ss_miner *lead = &p->miners[first];
                if (k != first) {
                    m->quality = lead->quality;
                    m->latency_median_ms = lead->latency_median_ms;
                    m->uptime = lead->uptime;
                    m->held_fraction = lead->held_fraction;
                    m->capacity = lead->capacity;
                }
                m->capacity = (k == first ? m->capacity : lead->capacity * mg->count) / mg->count;
                m->declared_capacity = m->capacity;
                snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-sybil-%zu", c->netuid, g);
            } else if (a->kind == SS_ADV_CAPACITY_LIAR) {
                m->declared_capacity = m->capacity * a->declared_factor;
                m->declared_fraction = fmin(1.0, m->held_fraction * a->declared_factor);
            } else if (a->kind == SS_ADV_CABAL_MINER) {
                snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-cabal-%s", c->netuid,
                         a->cabal);
            } else if (a->kind == SS_ADV_OWNER_MINER && !p->honest_only) {
                /* The owner's own hotkeys: their incentive is withheld (MinerBurned). */
                snprintf(m->coldkey, sizeof m->coldkey, "%s", p->owner_coldkey);
            }
        }
    }
    p->n_miners = k;
}

ss_status ss_population_init(ss_population *p, ss_subnet *chain, uint32_t index, uint64_t seed,
                             bool honest_only, ss_error *err)
{
    memset(p, 0, sizeof *p);
    p->index = index;
    p->chain = chain;
    p->honest_only = honest_only;
    p->seed = seed;
    const ss_subnet_config *c = chain->cfg;
    uint32_t n_max = chain->n_max, genesis = 0, actors = 0;
    for (size_t g = 0; g < c->n_validator_groups; g++)
        p->n_validators += c->validators[g].count;
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        if (ss_miner_group_registers_later(&c->miners[g]))
            actors += c->miners[g].count;
        else
            genesis += c->miners[g].count;
    }
    /* Records: every UID a miner could hold, and a waiting room for arrivals. */
    p->miner_cap = (genesis > n_max ? genesis : n_max) + WAITING_ROOM;
    uint32_t nv = p->n_validators, cap = p->miner_cap;
    ss_status st = ss_task_init(&p->task, &c->task, c->netuid, seed, cap, nv, err);
    if (st != SS_OK)
        return st;
    p->scorer = calloc(1, sizeof *p->scorer);
    if (!p->scorer)
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", c->netuid);
    st = ss_scorer_init(p->scorer, &p->task, err);
    if (st != SS_OK)
        return st;
    uint32_t avg = c->task.scoring.average_last;
    p->validators = calloc(nv ? nv : 1, sizeof *p->validators);
    p->miners = calloc(cap, sizeof *p->miners);
    p->actors = calloc(actors ? actors : 1, sizeof *p->actors);
    p->arrivals = calloc(c->n_miner_groups ? c->n_miner_groups : 1, sizeof *p->arrivals);
    p->holder = calloc(n_max, sizeof *p->holder);
    /* Per validator, a slot per UID and an empty one for miners without a UID. */
    p->stats = calloc((size_t)(nv ? nv : 1) * (n_max + 1), sizeof *p->stats);
    if (avg > 1)
        p->history = calloc((size_t)nv * (avg + 1) * cap, sizeof *p->history);
    p->last_weights = calloc((size_t)(nv ? nv : 1) * cap, sizeof *p->last_weights);
    p->miner_uids = malloc(cap * sizeof *p->miner_uids);
    p->last_incentive = calloc(n_max, sizeof *p->last_incentive);
    p->copy_rows = calloc((size_t)(nv ? nv : 1) * cap, sizeof *p->copy_rows);
    p->copy_stake = calloc(nv ? nv : 1, sizeof *p->copy_stake);
    p->copy_col = calloc(nv ? nv : 1, sizeof *p->copy_col);
    p->copy_order = calloc(nv ? nv : 1, sizeof *p->copy_order);
    p->sample = calloc(cap, sizeof *p->sample);
    p->active_uids = calloc(cap, sizeof *p->active_uids);
    p->w = calloc(cap, sizeof *p->w);
    p->w2 = calloc(cap, sizeof *p->w2);
    p->w_uids = calloc(n_max, sizeof *p->w_uids);
    p->w_values = calloc(n_max, sizeof *p->w_values);
    p->w_by_uid = calloc(n_max, sizeof *p->w_by_uid);
    p->initial_stake = calloc(n_max, sizeof *p->initial_stake);
    if (!p->validators || !p->miners || !p->actors || !p->arrivals || !p->holder || !p->stats ||
        (avg > 1 && !p->history) || !p->last_weights || !p->miner_uids || !p->last_incentive ||
        !p->copy_rows || !p->copy_stake || !p->copy_col || !p->copy_order || !p->sample ||
        !p->active_uids || !p->w || !p->w2 || !p->w_uids || !p->w_values || !p->w_by_uid ||
        !p->initial_stake || !ss_metrics_init(&p->metrics, n_max))
        return ss_error_set(err, SS_ENOMEM, "out of memory creating the agents of subnet %u",
                            c->netuid);
    for (uint32_t k = 0; k < cap; k++) {
        p->miner_uids[k] = SS_NO_UID;
        p->miners[k].uid = SS_NO_UID;
    }
    snprintf(p->owner_hotkey, sizeof p->owner_hotkey, "sn%u-owner", c->netuid);
    snprintf(p->owner_coldkey, sizeof p->owner_coldkey, "ck-sn%u-owner", c->netuid);
    uint32_t agent = 0;
    init_validators(p, &agent);
    init_miners(p, &agent);
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        ss_arrival_state *a = &p->arrivals[g];
        const ss_arrivals *cfg = &c->miners[g].arrivals;
        ss_rng_stream(&a->rng, seed, c->netuid, 0x40000000u | (uint32_t)g, SS_RNG_REGISTRATION);
        a->next_block = (double)cfg->start_block +
                        (cfg->count ? ss_rng_exponential(&a->rng, SS_BLOCKS_PER_DAY / cfg->per_day)
                                    : 0);
    }
    return SS_OK;
}

uint32_t ss_population_genesis_count(const ss_population *p)
{
    uint32_t n = 1 + p->n_validators;
    for (uint32_t k = 0; k < p->n_miners; k++)
        n += p->miners[k].state == SS_MINER_WAITING;
    return n;
}

uint32_t ss_population_genesis_holder(const ss_population *p, uint32_t i)
{
    if (i == 0)
        return SS_HOLDER(SS_HOLDER_OWNER, 0);
    if (i <= p->n_validators)
        return SS_HOLDER(SS_HOLDER_VALIDATOR, i - 1);
    return SS_HOLDER(SS_HOLDER_MINER, i - 1 - p->n_validators);
}

static const char *kind_name(ss_adversary_kind k)
{
    return k == SS_ADV_NONE ? "honest" : ss_adversary_kind_name(k);
}

void ss_population_describe(const ss_population *p, uint32_t holder, ss_holder_desc *d)
{
    memset(d, 0, sizeof *d);
    d->quality = d->latency_ms = NAN;
    uint32_t i = SS_HOLDER_INDEX(holder);
    switch (SS_HOLDER_KIND(holder)) {
    case SS_HOLDER_OWNER:
        d->hotkey = p->owner_hotkey;
        d->coldkey = p->owner_coldkey;
        d->role = d->kind = "owner";
        d->chain_role = SS_ROLE_OWNER;
        break;
    case SS_HOLDER_VALIDATOR: {
        const ss_validator *v = &p->validators[i];
        ss_adversary_kind k = ss_validator_kind(p, v);
        d->hotkey = v->hotkey;
        d->coldkey = v->coldkey;
        d->role = "validator";
        d->kind = kind_name(v->cfg->adversary.kind);
        d->adversary = k != SS_ADV_NONE;
        d->chain_role = SS_ROLE_VALIDATOR;
        d->stake_rao = v->cfg->stake_rao;
        d->root_stake_rao = v->cfg->root_stake_rao;
        d->balance_rao = v->cfg->balance_rao;
        d->take = v->cfg->take;
        break;
    }
    case SS_HOLDER_MINER: {
        const ss_miner *m = &p->miners[i];
        d->hotkey = m->hotkey;
        d->coldkey = m->coldkey;
        d->role = "miner";
        d->kind = kind_name(m->cfg->adversary.kind);
        d->adversary = ss_miner_kind(p, m) != SS_ADV_NONE;
        d->quality = m->quality;
        d->latency_ms = m->latency_median_ms;
        d->chain_role = SS_ROLE_MINER;
        d->balance_rao = m->agent & 0x80000000u ? m->cfg->arrivals.balance_rao
                                                : m->cfg->balance_rao;
        break;
    }
    case SS_HOLDER_ACTOR: {
        const ss_actor *a = &p->actors[i];
        d->coldkey = a->coldkey;
        d->role = "miner";
        d->kind = ss_adversary_kind_name(a->cfg->adversary.kind);
        d->adversary = true;
        d->quality = 0;
        d->chain_role = SS_ROLE_MINER;
        d->balance_rao = a->cfg->balance_rao;
        break;
    }
    case SS_HOLDER_NONE:
        break;
    }
}

/* Forgets what validators knew about uid's previous holder. */
static void reset_uid(ss_population *p, uint32_t uid)
{
    ss_metrics *mt = &p->metrics;
    mt->paid[uid] = mt->miner_paid[uid] = mt->validator_paid[uid] = 0;
    mt->quality_sum[uid] = 0;
    mt->epochs_held[uid] = 0;
    mt->adversary[uid] = false;
    p->last_incentive[uid] = 0;
    p->initial_stake[uid] = 0;
    for (uint32_t v = 0; v < p->n_validators; v++)
        memset(&p->stats[(size_t)v * (p->chain->n_max + 1) + uid], 0, sizeof *p->stats);
}

void ss_population_seat(ss_population *p, uint32_t holder, uint32_t uid, uint64_t stake_rao)
{
    uint32_t i = SS_HOLDER_INDEX(holder);
    bool adversary = false;
    reset_uid(p, uid);
    switch (SS_HOLDER_KIND(holder)) {
    case SS_HOLDER_VALIDATOR:
        p->validators[i].uid = uid;
        adversary = ss_validator_kind(p, &p->validators[i]) != SS_ADV_NONE;
        p->next_turn_block = 0; /* its turns count again */
        break;
    case SS_HOLDER_MINER: {
        ss_miner *m = &p->miners[i];
        m->uid = uid;
        m->state = SS_MINER_ACTIVE;
        p->miner_uids[i] = uid;
        adversary = ss_miner_kind(p, m) != SS_ADV_NONE;
        /* A new miner on record i: the validators' memories of record i go. */
        uint32_t avg = p->chain->cfg->task.scoring.average_last;
        for (uint32_t v = 0; v < p->n_validators; v++) {
            p->last_weights[(size_t)v * p->miner_cap + i] = 0;
            for (uint32_t h = 0; p->history && h <= avg; h++)
                p->history[((size_t)v * (avg + 1) + h) * p->miner_cap + i] = 0;
        }
        break;
    }
    case SS_HOLDER_ACTOR:
        p->actors[i].uid = uid;
        adversary = !p->honest_only;
        break;
    default:
        break;
    }
    p->holder[uid] = holder;
    p->metrics.adversary[uid] = adversary;
    p->initial_stake[uid] = (double)stake_rao;
}

void ss_population_vacate(ss_population *p, uint32_t uid)
{
    uint32_t holder = p->holder[uid], i = SS_HOLDER_INDEX(holder);
    switch (SS_HOLDER_KIND(holder)) {
    case SS_HOLDER_VALIDATOR:
        if (p->validators[i].uid == uid)
            p->validators[i].uid = SS_NO_UID;
        break;
    case SS_HOLDER_MINER:
        if (p->miners[i].uid == uid) {
            p->miners[i].uid = SS_NO_UID;
            p->miners[i].state = SS_MINER_FREE;
            p->miner_uids[i] = SS_NO_UID;
        }
        break;
    case SS_HOLDER_ACTOR:
        if (p->actors[i].uid == uid)
            p->actors[i].uid = SS_NO_UID;
        break;
    default:
        break;
    }
    p->holder[uid] = SS_HOLDER_EMPTY;
    reset_uid(p, uid);
}

/* A free miner record for an arrival, or UINT32_MAX. */
static uint32_t free_record(ss_population *p)
{
    for (uint32_t k = 0; k < p->n_miners; k++)
        if (p->miners[k].state == SS_MINER_FREE)
            return k;
    return p->n_miners < p->miner_cap ? p->n_miners++ : UINT32_MAX;
}

/* Arrivals whose time has come become waiting records (traits drawn from their own stream). */
static void arrive(ss_population *p, uint64_t block)
{
    const ss_subnet_config *c = p->chain->cfg;
    for (size_t g = 0; g < c->n_miner_groups; g++) {
        const ss_miner_group *mg = &c->miners[g];
        ss_arrival_state *a = &p->arrivals[g];
        if (a->next_block > (double)block)
            continue;
        while (a->arrived < mg->arrivals.count && a->next_block <= (double)block) {
            uint32_t k = free_record(p);
            if (k == UINT32_MAX)
                return; /* the waiting room is full: later */
            ss_miner *m = &p->miners[k];
            uint32_t agent = 0x80000000u | ((uint32_t)g << 24) | a->arrived;
            ss_miner_init(m, p->seed, c->netuid, agent, (uint32_t)g, mg);
            snprintf(m->hotkey, sizeof m->hotkey, "sn%u-miner-g%zu-a%u", c->netuid, g,
                     a->arrived);
            snprintf(m->coldkey, sizeof m->coldkey, "ck-sn%u-miner-g%zu-a%u", c->netuid, g,
                     a->arrived);
            m->state = SS_MINER_WAITING;
            a->arrived++;
            a->waiting++;
            a->next_block += ss_rng_exponential(&a->rng, SS_BLOCKS_PER_DAY / mg->arrivals.per_day);
        }
    }
}

uint32_t ss_population_registrants(ss_population *p, uint64_t block, uint32_t *holders,
                                   uint32_t max)
{
    uint32_t n = 0, waiting = 0;
    arrive(p, block);
    for (size_t g = 0; g < p->chain->cfg->n_miner_groups; g++)
        waiting += p->arrivals[g].waiting;
    for (uint32_t k = 0; waiting > 0 && k < p->n_miners && n < max; k++)
        if (p->miners[k].state == SS_MINER_WAITING && (p->miners[k].agent & 0x80000000u))
            holders[n++] = SS_HOLDER(SS_HOLDER_MINER, k);
    bool snipe = p->snipe_now;
    p->snipe_now = false;
    if (p->honest_only)
        return n; /* actors acting honestly do nothing */
    for (uint32_t i = 0; i < p->n_actors; i++) {
        ss_actor *a = &p->actors[i];
        if (a->next_block == UINT64_MAX || block < a->next_block)
            continue;
        if (a->cfg->adversary.kind == SS_ADV_IMMUNITY_CYCLER) {
            a->pending = 1;
        } else if (snipe && a->attacks_left > 0 && a->pending == 0) {
            a->pending = a->cfg->adversary.burst;
            a->attacks_left--;
        }
        for (uint32_t r = 0; r < a->pending && n < max; r++)
            holders[n++] = SS_HOLDER(SS_HOLDER_ACTOR, i);
    }
    return n;
}

uint64_t ss_population_max_burn(const ss_population *p, uint32_t holder)
{
    if (SS_HOLDER_KIND(holder) == SS_HOLDER_MINER)
        return p->miners[SS_HOLDER_INDEX(holder)].cfg->arrivals.max_burn_rao;
    return UINT64_MAX;
}

void ss_population_registered(ss_population *p, uint32_t holder, uint64_t burn_rao,
                              uint64_t block)
{
    uint32_t i = SS_HOLDER_INDEX(holder);
    if (SS_HOLDER_KIND(holder) == SS_HOLDER_MINER) {
        p->arrivals[p->miners[i].group].waiting--;
        return;
    }
    if (SS_HOLDER_KIND(holder) != SS_HOLDER_ACTOR)
        return;
    ss_actor *a = &p->actors[i];
    a->generation++;
    a->registrations++;
    a->burned_rao += burn_rao;
    if (a->pending > 0)
        a->pending--;
    if (a->cfg->adversary.kind == SS_ADV_IMMUNITY_CYCLER) {
        /* Again just as this UID's immunity ends. */
        uint64_t period = p->chain->cfg->econ.immunity_period;
        a->next_block = block + (period ? period : 1);
    } else if (a->attacks_left == 0 && a->pending == 0) {
        a->next_block = UINT64_MAX;
    }
}

void ss_population_refused(ss_population *p, uint32_t holder, bool broke)
{
    uint32_t i = SS_HOLDER_INDEX(holder);
    if (SS_HOLDER_KIND(holder) == SS_HOLDER_ACTOR) {
        ss_actor *a = &p->actors[i];
        /* A sniper's burst is now or never; a cycler tries again next block. */
        if (a->cfg->adversary.kind == SS_ADV_UID_SNIPER)
            a->pending = 0;
        if (broke)
            a->next_block = UINT64_MAX;
    } else if (SS_HOLDER_KIND(holder) == SS_HOLDER_MINER && broke) {
        /* An arrival that cannot pay gives up. */
        p->miners[i].state = SS_MINER_FREE;
        p->arrivals[p->miners[i].group].waiting--;
    }
}

void ss_population_end_block(ss_population *p)
{
    for (uint32_t i = 0; i < p->n_actors; i++)
        if (p->actors[i].uid != SS_NO_UID)
            p->actors[i].uid_blocks++;
}
