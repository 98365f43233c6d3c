/*
** Epochs in the block (spec §3.4): which eligible subnets run now under the
** configured scheduler and the per-block cap, and the drain of their pending
** buckets.
*/
#include "subnetsim/economy.h"

#include <string.h>

#include "econ_internal.h"

uint32_t ss_economy_epochs(ss_economy *e, uint32_t *netuids, uint32_t max)
{
    ss_econ_workspace *ws = e->ws;
    uint32_t n = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        ss_econ_subnet *s = &e->subnets[i];
        if (!ss_economy_eligible(e, s))
            continue;
        ws->eligible[n] = i;
        ws->flag[n] = e->p.scheduler == SS_SCHED_LEGACY
                          ? ss_epoch_due_legacy(s->hp.tempo, i, &s->clock, e->block)
                          : ss_epoch_due_dynamic(s->hp.tempo, &s->clock, e->block,
                                                 e->p.max_tempo);
        n++;
    }
    ss_epoch_apply_cap(n, ws->flag, e->p.max_epochs_per_block, e->block, NULL, ws->flag2);
    uint32_t written = 0;
    for (uint32_t k = 0; k < n; k++) {
        ss_econ_subnet *s = &e->subnets[ws->eligible[k]];
        if (!ws->flag[k])
            continue;
        if (!ws->flag2[k]) { /* deferred by the cap: try again next block */
            s->clock.pending_epoch_at = e->block + 1;
            continue;
        }
        s->clock.last_epoch_block = e->block; /* the slot is consumed */
        s->clock.pending_epoch_at = 0;
        if (written < max)
            netuids[written++] = s->netuid;
    }
    return written;
}

ss_tx ss_economy_trigger_epoch(ss_economy *e, uint32_t netuid)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (s->clock.pending_epoch_at != 0
        || ss_blocks_until_next_epoch(s->hp.tempo, s->clock.last_epoch_block, e->block)
               < e->p.admin_freeze_window)
        return SS_TX_EPOCH_IMMINENT;
    s->clock.pending_epoch_at = e->block + e->p.admin_freeze_window;
    return SS_TX_OK;
}

void ss_economy_drain(ss_economy *e, uint32_t netuid, ss_drain *d)
{
    memset(d, 0, sizeof *d);
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return;
    d->server_rao = s->pending_server_rao;
    d->validator_rao = s->pending_validator_rao;
    d->root_rao = s->pending_root_rao;
    d->owner_rao = s->pending_owner_rao;
    d->root_tao_rao = s->pending_root_tao_rao;
    s->pending_server_rao = s->pending_validator_rao = 0;
    s->pending_root_rao = s->pending_owner_rao = 0;
    s->pending_root_tao_rao = 0;
    s->draining_rao += d->server_rao + d->validator_rao + d->root_rao + d->owner_rao;
    s->draining_tao_rao += d->root_tao_rao;
    s->clock.last_success_block = e->block;
}
