/* A subnet's chain state: UIDs, stored weights, commit-reveal and its Yuma epoch. */
#include "chain/subnet.h"

#include <stdlib.h>
#include <string.h>

ss_status ss_subnet_init(ss_subnet *s, const ss_subnet_config *cfg, uint32_t netuid,
                         ss_error *err)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    s->netuid = netuid;
    s->n_max = cfg->max_uids;
    size_t n = s->n_max;
    s->agent = malloc(n * sizeof *s->agent);
    s->role = calloc(n, sizeof *s->role);
    s->hotkey = calloc(n, sizeof *s->hotkey);
    s->owner_owned = calloc(n, sizeof *s->owner_owned);
    s->take = calloc(n, sizeof *s->take);
    s->stake_rao = calloc(n, sizeof *s->stake_rao);
    s->root_rao = calloc(n, sizeof *s->root_rao);
    s->last_update = calloc(n, sizeof *s->last_update);
    s->registered_block = calloc(n, sizeof *s->registered_block);
    s->emission_rao = calloc(n, sizeof *s->emission_rao);
    s->rows = calloc(n, sizeof *s->rows);
    s->row_store = calloc(n * n, sizeof *s->row_store);
    s->scratch_u16 = calloc(n, sizeof *s->scratch_u16);
    if (!s->scratch_u16 || !s->agent || !s->role || !s->hotkey || !s->owner_owned || !s->take ||
        !s->stake_rao || !s->root_rao || !s->last_update || !s->registered_block ||
        !s->emission_rao || !s->rows || !s->row_store) {
        ss_subnet_fini(s);
        return ss_error_set(err, SS_ENOMEM, "out of memory creating subnet %u", netuid);
    }
    for (size_t i = 0; i < n; i++) {
        s->agent[i] = SS_NO_AGENT;
        s->rows[i].entries = s->row_store + i * n;
    }
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
                                netuid);
        }
        for (size_t i = 0; i < n; i++)
            s->commit_block[i] = UINT64_MAX;
    }
    ss_status st = ss_yuma_create(&cfg->yuma, s->n_max, &s->yuma, err);
    if (st != SS_OK)
        ss_subnet_fini(s);
    return st;
}

void ss_subnet_fini(ss_subnet *s)
{
    free(s->agent);
    free(s->role);
    free(s->hotkey);
    free(s->owner_owned);
    free(s->take);
    free(s->stake_rao);
    free(s->root_rao);
    free(s->last_update);
    free(s->registered_block);
    free(s->emission_rao);
    free(s->rows);
    free(s->row_store);
    free(s->scratch_u16);
    free(s->commits);
    free(s->commit_store);
    free(s->commit_head);
    free(s->commit_count);
    free(s->commit_block);
    ss_yuma_destroy(s->yuma);
    memset(s, 0, sizeof *s);
}

static void hold(ss_subnet *s, uint32_t u, const ss_uid_holder *h, uint64_t block)
{
    s->agent[u] = h->agent;
    s->role[u] = h->role;
    s->hotkey[u] = h->hotkey;
    s->owner_owned[u] = h->owner_owned;
    s->take[u] = h->take;
    s->stake_rao[u] = 0;
    s->root_rao[u] = 0;
    s->registered_block[u] = block;
    s->last_update[u] = block;
    s->emission_rao[u] = 0;
    s->rows[u].len = 0;
}

ss_status ss_subnet_register(ss_subnet *s, const ss_uid_holder *h, uint64_t block,
                             uint32_t *uid, ss_error *err)
{
    if (s->n >= s->n_max)
        return ss_error_set(err, SS_ERANGE, "subnet %u is full (%u UIDs)", s->netuid, s->n_max);
    uint32_t u = s->n++;
    hold(s, u, h, block);
    *uid = u;
    return SS_OK;
}

void ss_subnet_replace(ss_subnet *s, uint32_t uid, const ss_uid_holder *h, uint64_t block)
{
    hold(s, uid, h, block);
    if (s->commit_slots) {
        s->commit_head[uid] = s->commit_count[uid] = 0;
        s->commit_block[uid] = UINT64_MAX;
    }
    /* Entries pointing at the UID stay, valued 0: they belonged to the old neuron. */
    for (uint32_t i = 0; i < s->n; i++) {
        ss_weight_entry *row = s->row_store + (size_t)i * s->n_max;
        for (uint32_t k = 0; k < s->rows[i].len; k++)
            if (row[k].uid == uid)
                row[k].value = 0;
    }
    ss_yuma_reset_uid(s->yuma, uid);
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

void ss_subnet_reveal(ss_subnet *s, uint64_t block)
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
            /* Dated at the commit today; before the 2025-07 fix, at the reveal. */
            store_row(s, uid, s->commit_store + at * s->n_max, c->len,
                      s->cfg->reveal_mask ? c->block : block);
            s->commit_head[uid] = (s->commit_head[uid] + 1) % s->commit_slots;
            s->commit_count[uid]--;
        }
        s->commit_block[uid] = s->commit_count[uid]
            ? s->commits[(size_t)uid * s->commit_slots + s->commit_head[uid]].block
            : UINT64_MAX;
    }
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
    in->tao_stake_rao = s->root_rao;
    in->last_update = s->last_update;
    in->registered_block = s->registered_block;
    in->weights = s->rows;
    /* The column mask of commit-reveal (the earlier chain had none). */
    in->commit_block = s->commit_slots && s->cfg->reveal_mask ? s->commit_block : NULL;
    in->emission_rao = emission;
}

ss_status ss_subnet_genesis_permits(ss_subnet *s, ss_error *err)
{
    ss_yuma_input in;
    const ss_yuma_output *out;
    fill_input(s, 0, 0, &in);
    return ss_yuma_epoch(s->yuma, &in, &out, err);
}

ss_status ss_subnet_yuma(ss_subnet *s, uint64_t block, uint64_t emission_rao,
                         const ss_yuma_output **out, ss_error *err)
{
    ss_yuma_input in;
    fill_input(s, block, emission_rao, &in);
    ss_status st = ss_yuma_epoch(s->yuma, &in, out, err);
    if (st != SS_OK)
        return st;
    for (uint32_t i = 0; i < s->n; i++)
        s->emission_rao[i] = (*out)->emission_rao[i];
    s->epochs++;
    s->last_step_block = block;
    return SS_OK;
}
