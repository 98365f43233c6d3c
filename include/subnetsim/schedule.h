/*
** When a subnet's epoch runs (spec/emission.md §3.4): the dynamic scheduler
** of today (tempo since the last epoch, owner trigger, a watchdog after
** max_tempo blocks without a successful epoch), the legacy rule
** (block + netuid + 1) mod (tempo + 1) = 0, and the per-block cap that
** defers extra due subnets by one block. Pure functions of a small clock.
*/
#ifndef SUBNETSIM_SCHEDULE_H
#define SUBNETSIM_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ss_scheduler {
    SS_SCHED_DYNAMIC = 0, /* since 2026-05 */
    SS_SCHED_LEGACY = 1   /* before: period tempo + 1 */
} ss_scheduler;

/* A subnet's scheduling state. */
typedef struct ss_epoch_clock {
    uint64_t last_epoch_block;   /* LastEpochBlock: last slot consumed */
    uint64_t pending_epoch_at;   /* PendingEpochAt: owner trigger or deferral, 0 = none */
    uint64_t last_success_block; /* last epoch that drained its pending emission */
} ss_epoch_clock;

/* LastEpochBlock of a subnet created at block: block - (netuid mod tempo). */
uint64_t ss_epoch_initial_last_block(uint32_t netuid, uint32_t tempo, uint64_t block);

/*
** Dynamic rule: due when block - last >= tempo, or a pending trigger is
** reached, or more than max_tempo blocks passed since the last successful
** epoch. Never due when tempo is 0.
*/
bool ss_epoch_due_dynamic(uint32_t tempo, const ss_epoch_clock *c, uint64_t block,
                          uint64_t max_tempo);

/* Legacy rule, plus a reached pending trigger (a deferral). Never when tempo is 0. */
bool ss_epoch_due_legacy(uint32_t tempo, uint32_t netuid, const ss_epoch_clock *c,
                         uint64_t block);

/* Blocks until last + tempo (0 when overdue); UINT64_MAX when tempo is 0. */
uint64_t ss_blocks_until_next_epoch(uint32_t tempo, uint64_t last_epoch_block, uint64_t block);

/*
** The per-block cap over subnets in netuid order: due[i] says subnet i is
** due; on return run[i] says it runs now. Due subnets beyond the cap get
** pending_epoch_at = block + 1 in clocks[i] (when clocks is not NULL).
** Returns the number deferred.
*/
uint32_t ss_epoch_apply_cap(uint32_t n, const bool *due, uint32_t max_per_block, uint64_t block,
                            ss_epoch_clock *clocks, bool *run);

#ifdef __cplusplus
}
#endif
#endif
