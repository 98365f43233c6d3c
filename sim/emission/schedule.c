/*
** Epoch scheduling (spec §3.4): the dynamic scheduler, the legacy modular
** rule, and the per-block cap with its one-block deferral.
*/
#include "subnetsim/schedule.h"

uint64_t ss_epoch_initial_last_block(uint32_t netuid, uint32_t tempo, uint64_t block)
{
    uint64_t offset = tempo ? netuid % tempo : 0;
    return block > offset ? block - offset : 0;
}

static bool trigger_reached(const ss_epoch_clock *c, uint64_t block)
{
    return c->pending_epoch_at > 0 && block >= c->pending_epoch_at;
}

bool ss_epoch_due_dynamic(uint32_t tempo, const ss_epoch_clock *c, uint64_t block,
                          uint64_t max_tempo)
{
    if (tempo == 0)
        return false;
    if (trigger_reached(c, block))
        return true;
    if (block > c->last_success_block && block - c->last_success_block > max_tempo)
        return true;
    return block >= c->last_epoch_block && block - c->last_epoch_block >= tempo;
}

bool ss_epoch_due_legacy(uint32_t tempo, uint32_t netuid, const ss_epoch_clock *c,
                         uint64_t block)
{
    if (tempo == 0)
        return false;
    if (trigger_reached(c, block))
        return true;
    return (block + netuid + 1) % ((uint64_t)tempo + 1) == 0;
}

uint64_t ss_blocks_until_next_epoch(uint32_t tempo, uint64_t last_epoch_block, uint64_t block)
{
    if (tempo == 0)
        return UINT64_MAX;
    uint64_t next = last_epoch_block + tempo;
    return next > block ? next - block : 0;
}

uint32_t ss_epoch_apply_cap(uint32_t n, const bool *due, uint32_t max_per_block, uint64_t block,
                            ss_epoch_clock *clocks, bool *run)
{
    uint32_t ran = 0, deferred = 0;
    for (uint32_t i = 0; i < n; i++) {
        run[i] = false;
        if (!due[i])
            continue;
        if (ran >= max_per_block) {
            deferred++;
            if (clocks)
                clocks[i].pending_epoch_at = block + 1;
            continue;
        }
        run[i] = true;
        ran++;
    }
    return deferred;
}
