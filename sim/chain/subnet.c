/* A subnet's chain state: UIDs, stored weights, pending emission and the epoch payout. */
#include "chain/subnet.h"

#include <stdlib.h>
#include <string.h>

ss_status ss_subnet_init(ss_subnet *s, const ss_subnet_config *cfg, uint32_t index,
                         ss_error *err)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    s->index = index;
    s->netuid = cfg->netuid;
    s->n_max = cfg->max_uids;
    size_t n = s->n_max;
    s->agent = malloc(n * sizeof *s->agent);
    s->role = calloc(n, sizeof *s->role);
    s->stake_rao = calloc(n, sizeof *s->stake_rao);
    s->last_update = calloc(n, sizeof *s->last_update);
    s->registered_block = calloc(n, sizeof *s->registered_block);
    s->rows = calloc(n, sizeof *s->rows);
    s->row_store = calloc(n * n, sizeof *s->row_store);
    s->miner_paid_rao = calloc(n, sizeof *s->miner_paid_rao);
    s->validator_paid_rao = calloc(n, sizeof *s->validator_paid_rao);
    s->scratch_u16 = calloc(n, sizeof *s->scratch_u16);
    if (!s->scratch_u16 || !s->agent || !s->role || !s->stake_rao || !s->last_update || !s->registered_block ||
        !s->rows || !s->row_store || !s->miner_paid_rao || !s->validator_paid_rao) {
        ss_subnet_fini(s);
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", cfg->netuid);
    }
    for (size_t i = 0; i < n; i++) {
        s->agent[i] = SS_NO_AGENT;
        s->rows[i].entries = s->row_store + i * n;
    }
    /* New subnets are staggered so their epochs do not all fall on one block. */
    if (cfg->yuma.commit_reveal) {
        /* Room for a commit every rate-limit interval over the reveal period, and more. */
        s->commit_slots = 4 * (cfg->reveal_period_epochs + 1) + 2;
        size_t slots = n * s->commit_slots;
        s->commits = calloc(slots, sizeof *s->commits);
        s->commit_store = calloc(slots * n, sizeof *s->commit_store);
        s->commit_head = calloc(n, sizeof *s->commit_head);
        s->commit_count = calloc(n, sizeof *s->commit_count);
        s->commit_block = malloc(n * sizeof *s->commit_block);
        if (!s->commits || !s->commit_store || !s->commit_head || !s->commit_count ||
            !s->commit_block) {
            ss_subnet_fini(s);
            return ss_error_set(err, SS_ENOMEM, "out of memory for the commits of subnet %u",
                                cfg->netuid);
        }
        for (size_t i = 0; i < n; i++)
            s->commit_block[i] = UINT64_MAX;
    }
    uint16_t tempo = cfg->yuma.tempo ? cfg->yuma.tempo : 1;
    s->last_epoch_block = -(int64_t)(cfg->netuid % tempo);
    ss_status st = ss_yuma_create(&cfg->yuma, s->n_max, &s->yuma, err);
    if (st != SS_OK)
        ss_subnet_fini(s);
    return st;
}

void ss_subnet_fini(ss_subnet *s)
{
    free(s->agent);
    free(s->role);
    free(s->stake_rao);
    free(s->last_update);
    free(s->registered_block);
    free(s->rows);
    free(s->row_store);
    free(s->miner_paid_rao);
    free(s->validator_paid_rao);
    free(s->scratch_u16);
    free(s->commits);
    free(s->commit_store);
    free(s->commit_head);
    free(s->commit_count);
    free(s->commit_block);
    ss_yuma_destroy(s->yuma);
    memset(s, 0, sizeof *s);
}

ss_status ss_subnet_register(ss_subnet *s, uint32_t agent, ss_role role, uint64_t stake_rao,
                             uint64_t block, uint32_t *uid, ss_error *err)
{
    if (s->n >= s->n_max)
        return ss_error_set(err, SS_ERANGE, "subnet %u is full (%u UIDs)", s->netuid, s->n_max);
    uint32_t u = s->n++;
    s->agent[u] = agent;
    s->role[u] = role;
    s->stake_rao[u] = stake_rao;
    s->registered_block[u] = block;
    s->last_update[u] = block;
    s->rows[u].len = 0;
    *uid = u;
    return SS_OK;
}

/* Writes a stored row for uid (the chain's storage, visible to everyone). */
static void store_row(ss_subnet *s, uint32_t uid, const ss_weight_entry *e, uint32_t len,
                      uint64_t last_update)
{
    memcpy(s->row_store + (size_t)uid * s->n_max, e, len * sizeof *e);
    s->rows[uid].len = len;
    s->last_update[uid] = last_update;
}

bool ss_subnet_set_weights(ss_subnet *s, uint32_t uid, const uint32_t *uids,
                           const uint16_t *values, uint32_t len, uint64_t block)
{
    const bool *permit = ss_yuma_permits(s->yuma);
    if (uid >= s->n || len > s->n_max || (!permit[uid] && s->role[uid] != SS_ROLE_OWNER))
        return false;
    for (uint32_t k = 0; k < len; k++)
        if (uids[k] >= s->n)
            return false;
    ss_weights_max_upscale(values, len, s->scratch_u16);
    ss_weight_entry *row;
    if (s->commit_slots) {
        if (s->commit_count[uid] == s->commit_slots)
            return false; /* too many unrevealed commits */
        uint32_t slot = (s->commit_head[uid] + s->commit_count[uid]) % s->commit_slots;
        size_t at = (size_t)uid * s->commit_slots + slot;
        s->commits[at] = (struct ss_commit){block, s->epochs, len};
        row = s->commit_store + at * s->n_max;
        if (s->commit_count[uid]++ == 0)
            s->commit_block[uid] = block;
    } else {
        row = s->row_store + (size_t)uid * s->n_max;
        s->rows[uid].len = len;
        s->last_update[uid] = block;
    }
    for (uint32_t k = 0; k < len; k++) {
        row[k].uid = uids[k];
        row[k].value = s->scratch_u16[k];
    }
    return true;
}

void ss_subnet_reveal(ss_subnet *s)
{
    if (!s->commit_slots)
        return;
    uint32_t period = s->cfg->reveal_period_epochs;
    for (uint32_t uid = 0; uid < s->n; uid++) {
        while (s->commit_count[uid] > 0) {
            size_t at = (size_t)uid * s->commit_slots + s->commit_head[uid];
            const struct ss_commit *c = &s->commits[at];
            if (c->epoch + period > s->epochs)
                break;
            store_row(s, uid, s->commit_store + at * s->n_max, c->len, c->block);
            s->commit_head[uid] = (s->commit_head[uid] + 1) % s->commit_slots;
            s->commit_count[uid]--;
        }
        s->commit_block[uid] = s->commit_count[uid]
            ? s->commits[(size_t)uid * s->commit_slots + s->commit_head[uid]].block
            : UINT64_MAX;
    }
}

void ss_subnet_coinbase(ss_subnet *s)
{
    uint64_t alpha = s->cfg->alpha_emission_rao;
    /* Computed exactly in integers: floor(alpha * cut / 65535), then the halves. */
    uint64_t owner = (uint64_t)(((unsigned __int128)alpha * s->cfg->owner_cut) / 65535u);
    uint64_t rest = alpha - owner;
    uint64_t server = rest / 2;
    s->pending_owner_rao += owner;
    s->pending_server_rao += server;
    s->pending_validator_rao += rest - server;
    s->pending_issued_rao += alpha;
    s->total_issued_rao += alpha;
}

bool ss_subnet_epoch_due(const ss_subnet *s, uint64_t block)
{
    uint16_t tempo = s->cfg->yuma.tempo;
    return tempo > 0 && (int64_t)block - s->last_epoch_block >= (int64_t)tempo;
}

static void fill_input(const ss_subnet *s, uint64_t block, uint64_t emission,
                       ss_yuma_input *in)
{
    memset(in, 0, sizeof *in);
    in->n = s->n;
    in->block = block;
    in->last_step_block = s->last_step_block;
    in->owner_uid = s->n > 0 && s->role[0] == SS_ROLE_OWNER ? 0 : -1;
    in->alpha_stake_rao = s->stake_rao;
    in->last_update = s->last_update;
    in->registered_block = s->registered_block;
    in->weights = s->rows;
    in->commit_block = s->commit_slots ? s->commit_block : NULL;
    in->emission_rao = emission;
}

ss_status ss_subnet_genesis_permits(ss_subnet *s, ss_error *err)
{
    ss_yuma_input in;
    const ss_yuma_output *out;
    fill_input(s, 0, 0, &in);
    return ss_yuma_epoch(s->yuma, &in, &out, err);
}

ss_status ss_subnet_epoch(ss_subnet *s, uint64_t block, ss_epoch_payout *payout,
                          ss_error *err)
{
    uint64_t E = s->pending_server_rao + s->pending_validator_rao;
    ss_yuma_input in;
    const ss_yuma_output *out;
    fill_input(s, block, E, &in);
    ss_status st = ss_yuma_epoch(s->yuma, &in, &out, err);
    if (st != SS_OK)
        return st;

    memset(payout, 0, sizeof *payout);
    payout->epoch = ++s->epochs;
    payout->block = block;
    payout->issued_rao = s->pending_issued_rao;
    payout->yuma = out;

    /* Miners: incentive is staked to the hotkey, except the owner's, which is burned. */
    uint64_t miners = 0, burned = 0, server_sum = 0, div_sum = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        uint64_t se = out->server_emission_rao[i];
        server_sum += se;
        s->miner_paid_rao[i] = 0;
        s->validator_paid_rao[i] = 0;
        if (s->role[i] == SS_ROLE_OWNER) {
            burned += se;
        } else {
            s->stake_rao[i] += se;
            s->miner_paid_rao[i] = se;
            miners += se;
        }
        div_sum += out->validator_emission_rao[i];
    }
    /*
    ** Validators share the validator pot (and the miners' bucket when no miner
    ** earned incentive) in proportion to their Yuma validator emission. The
    ** pot never exceeds what miners left of E, so nothing is paid twice.
    */
    uint64_t pot = server_sum == 0 ? E : s->pending_validator_rao;
    if (pot > E - server_sum)
        pot = E - server_sum;
    uint64_t validators = 0;
    if (div_sum > 0)
        for (uint32_t i = 0; i < s->n; i++) {
            uint64_t share = (uint64_t)(((unsigned __int128)pot *
                                         out->validator_emission_rao[i]) / div_sum);
            s->stake_rao[i] += share;
            s->validator_paid_rao[i] = share;
            validators += share;
        }
    burned += E - server_sum - validators;

    /* The owner cut is staked to the owner's hotkey. */
    uint64_t owner = s->pending_owner_rao;
    if (s->n > 0 && s->role[0] == SS_ROLE_OWNER)
        s->stake_rao[0] += owner;
    else
        burned += owner, owner = 0;

    payout->owner_rao = owner;
    payout->miner_rao = miners;
    payout->validator_rao = validators;
    payout->burned_rao = burned;
    payout->miner_paid_rao = s->miner_paid_rao;
    payout->validator_paid_rao = s->validator_paid_rao;
    s->total_burned_rao += burned;

    s->pending_server_rao = s->pending_validator_rao = s->pending_owner_rao = 0;
    s->pending_issued_rao = 0;
    s->last_epoch_block = (int64_t)block;
    s->last_step_block = block;
    return SS_OK;
}
