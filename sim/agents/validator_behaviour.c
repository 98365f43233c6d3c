/*
** How validators act: honest ones query miners and weight them by the
** subnet's scoring function; weight copiers query nobody and copy what the
** chain shows (the consensus of the visible weights, or one validator's row)
** just before the epoch; lazy validators set weights rarely or freeze them;
** cabal validators shift weight to their cabal's miners.
*/
#include "agents/behaviour.h"

#include <math.h>
#include <string.h>

#include "tasks/scoring.h"

ss_adversary_kind ss_validator_kind(const ss_population *p, const ss_validator *v)
{
    return p->honest_only ? SS_ADV_NONE : v->cfg->adversary.kind;
}

bool ss_validator_queries_now(const ss_population *p, uint32_t vi, uint64_t block)
{
    const ss_validator *v = &p->validators[vi];
    if (ss_validator_kind(p, v) == SS_ADV_WEIGHT_COPIER || v->cfg->observe == SS_OBSERVE_DIRECT)
        return false; /* copiers skip the evaluation cost; direct observers need no queries */
    return v->cfg->sample_size > 0 && block % v->cfg->query_every_blocks == 0;
}

bool ss_validator_weights_now(const ss_population *p, uint32_t vi, uint64_t block)
{
    const ss_validator *v = &p->validators[vi];
    if (v->last_weights_block && block - v->last_weights_block < v->cfg->weight_rate_limit_blocks)
        return false;
    if (ss_validator_kind(p, v) == SS_ADV_WEIGHT_COPIER) {
        /* Copy as late as possible: the block before the subnet's next epoch. */
        return block + 1 == p->chain->next_epoch_block;
    }
    return (block + v->weights_phase) % v->cfg->weights_every_blocks == 0;
}

/* Miner k's share of validator i's visible (stored) row, into w (over miners). */
static double visible_row(const ss_population *p, uint32_t uid, double *w)
{
    const ss_weight_row *row = &p->chain->rows[uid];
    memset(w, 0, p->n_miners * sizeof *w);
    double sum = 0;
    for (uint32_t e = 0; e < row->len; e++)
        for (uint32_t k = 0; k < p->n_miners; k++)
            if (p->miner_uids[k] == row->entries[e].uid) {
                w[k] = row->entries[e].value;
                sum += w[k];
                break;
            }
    if (sum > 0)
        for (uint32_t k = 0; k < p->n_miners; k++)
            w[k] /= sum;
    return sum;
}

/*
** The consensus a copier can compute from the chain: per miner, the largest
** weight that validators holding at least kappa of the stake (among those
** with visible weights) give it or more.
*/
static bool copy_consensus(ss_population *p, uint32_t self, double *w)
{
    uint32_t nv = 0;
    double total = 0;
    double kappa = p->chain->cfg->yuma.kappa / 65535.0;
    double *rows = p->copy_rows, *stake = p->copy_stake, *col = p->copy_col;
    uint32_t *order = p->copy_order;
    for (uint32_t i = 0; i < p->n_validators; i++) {
        const ss_validator *o = &p->validators[i];
        if (i == self || o->uid == SS_NO_UID ||
            visible_row(p, o->uid, rows + (size_t)nv * p->n_miners) <= 0)
            continue;
        stake[nv] = (double)p->chain->stake_rao[o->uid];
        total += stake[nv];
        nv++;
    }
    if (nv > 0 && total > 0) {
        for (uint32_t k = 0; k < p->n_miners; k++) {
            for (uint32_t i = 0; i < nv; i++) {
                col[i] = rows[(size_t)i * p->n_miners + k];
                order[i] = i;
            }
            /* Descending insertion sort: nv is the number of validators, small. */
            for (uint32_t i = 1; i < nv; i++)
                for (uint32_t j = i; j > 0 && col[order[j]] > col[order[j - 1]]; j--) {
                    uint32_t t = order[j];
                    order[j] = order[j - 1];
                    order[j - 1] = t;
                }
            double acc = 0;
            w[k] = 0;
            for (uint32_t i = 0; i < nv; i++) {
                acc += stake[order[i]];
                if (acc >= kappa * total) {
                    w[k] = col[order[i]];
                    break;
                }
            }
        }
    }
    return nv > 0 && total > 0;
}

static bool copy_validator(ss_population *p, uint32_t self, int32_t target, double *w)
{
    int32_t pick = target;
    if (pick < 0 || (uint32_t)pick >= p->n_validators || (uint32_t)pick == self) {
        uint64_t best = 0;
        pick = -1;
        for (uint32_t i = 0; i < p->n_validators; i++) {
            if (p->validators[i].uid == SS_NO_UID)
                continue;
            uint64_t st = p->chain->stake_rao[p->validators[i].uid];
            if (i != self && (pick < 0 || st > best)) {
                best = st;
                pick = (int32_t)i;
            }
        }
    }
    return pick >= 0 && p->validators[pick].uid != SS_NO_UID &&
           visible_row(p, p->validators[pick].uid, w) > 0;
}

/* Direct observation: true quality plus the validator's noise, through the transform. */
static bool direct_weights(ss_population *p, uint32_t vi, double *w)
{
    ss_validator *v = &p->validators[vi];
    double noise = v->cfg->observation_noise, spare = 0;
    bool have_spare = false;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        const ss_miner *m = &p->miners[k];
        /* Nothing to judge of a miner that is not there or never answers. */
        if (m->uid == SS_NO_UID || m->uptime <= 0) {
            w[k] = 0;
            continue;
        }
        double q = m->quality * m->uptime;
        if (noise > 0) {
            /* Normals come in pairs from the polar method: use both. */
            double z;
            if (have_spare) {
                z = spare;
            } else {
                ss_rng_normal_pair(&v->rng_observe, &z, &spare);
            }
            have_spare = !have_spare;
            q += noise * z;
        }
        w[k] = q > 0 ? q : 0;
    }
    ss_transform_apply(&p->task.cfg->scoring, w, p->n_miners);
    ss_weights_average(v, p->task.cfg->scoring.average_last, w, p->miner_cap);
    double s = 0;
    for (uint32_t k = 0; k < p->n_miners; k++)
        s += w[k];
    return s > 0;
}

static bool honest_weights(ss_population *p, uint32_t vi, double *w)
{
    ss_validator *v = &p->validators[vi];
    if (v->cfg->observe == SS_OBSERVE_DIRECT)
        return direct_weights(p, vi, w);
    /*
    ** The scoring sees every miner record (kinds keep state per record); records
    ** without a UID read an empty statistics slot and their weight is dropped. The
    ** transforms act per miner after a normalisation, so dropping them and
    ** normalising again gives what the active miners alone would get.
    */
    uint32_t empty = p->chain->n_max;
    for (uint32_t k = 0; k < p->n_miners; k++)
        p->active_uids[k] = p->miner_uids[k] != SS_NO_UID ? p->miner_uids[k] : empty;
    ss_scoring_weights(&p->task, vi, v->stats, p->active_uids, p->n_miners, w);
    double kept = 0;
    for (uint32_t k = 0; k < p->n_miners; k++) {
        if (p->miner_uids[k] == SS_NO_UID || !(w[k] > 0))
            w[k] = 0;
        kept += w[k];
    }
    for (uint32_t k = 0; kept > 0 && k < p->n_miners; k++)
        w[k] /= kept;
    ss_weights_average(v, p->task.cfg->scoring.average_last, w, p->miner_cap);
    double s = 0;
    for (uint32_t k = 0; k < p->n_miners; k++)
        s += w[k];
    return s > 0;
}

bool ss_validator_weights(ss_population *p, uint32_t vi, uint64_t block, double *w)
{
    /* Vectors span every miner record (miner_cap); records not in use weigh 0. */
    memset(w, 0, p->miner_cap * sizeof *w);
    ss_validator *v = &p->validators[vi];
    const ss_adversary_config *c = &v->cfg->adversary;
    double *last = p->last_weights + (size_t)vi * p->miner_cap;
    bool have = false;
    switch (ss_validator_kind(p, v)) {
    case SS_ADV_WEIGHT_COPIER:
        have = c->source == SS_COPY_CONSENSUS ? copy_consensus(p, vi, w)
                                              : copy_validator(p, vi, c->target, w);
        if (have && c->noise_sd > 0)
            for (uint32_t k = 0; k < p->n_miners; k++)
                w[k] = fmax(0, w[k] + ss_rng_normal(&v->rng_policy, 0, c->noise_sd));
        break;
    case SS_ADV_LAZY:
        if (c->frozen_after_block && block >= c->frozen_after_block && v->weight_sets > 0) {
            memcpy(w, last, p->n_miners * sizeof *w);
            return true;
        }
        /* Scores keep accumulating; only every update_every-th opportunity is used. */
        if (v->opportunities++ % c->update_every != 0)
            return false;
        have = honest_weights(p, vi, w);
        break;
    case SS_ADV_CABAL: {
        have = honest_weights(p, vi, w);
        uint32_t members = 0;
        for (uint32_t k = 0; k < p->n_miners; k++) {
            const ss_adversary_config *mc = &p->miners[k].cfg->adversary;
            members += p->miners[k].uid != SS_NO_UID && mc->kind == SS_ADV_CABAL_MINER &&
                       strcmp(mc->cabal, c->cabal) == 0;
        }
        if (members == 0)
            break;
        double s = 0;
        for (uint32_t k = 0; k < p->n_miners; k++)
            s += w[k];
        for (uint32_t k = 0; k < p->n_miners; k++) {
            const ss_adversary_config *mc = &p->miners[k].cfg->adversary;
            bool member = p->miners[k].uid != SS_NO_UID && mc->kind == SS_ADV_CABAL_MINER &&
                          strcmp(mc->cabal, c->cabal) == 0;
            w[k] = (1 - c->self_weight) * (s > 0 ? w[k] / s : 0) +
                   (member ? c->self_weight / members : 0);
        }
        have = true;
        break;
    }
    default:
        have = honest_weights(p, vi, w);
        break;
    }
    if (have)
        memcpy(last, w, p->n_miners * sizeof *w);
    return have;
}
