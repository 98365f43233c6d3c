/*
** A subnet's chain state: its UIDs (who holds each, stake, registration and
** last weight update), the weight rows as the chain stores them, the pending
** emission waiting for the epoch, the epoch schedule, and the Yuma state.
**
** Money is integer rao. Each block mints alpha into the pending buckets; the
** epoch drains them and every rao ends up staked to a hotkey or burned, so
** issued == owner + miners + validators + burned holds exactly per epoch.
*/
#ifndef SS_CHAIN_SUBNET_H
#define SS_CHAIN_SUBNET_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/consensus.h"
#include "subnetsim/scenario.h"

#define SS_NO_AGENT UINT32_MAX

typedef enum ss_role {
    SS_ROLE_OWNER = 0,
    SS_ROLE_VALIDATOR = 1,
    SS_ROLE_MINER = 2
} ss_role;

/* What one epoch paid, for recording. Per-UID arrays belong to the subnet. */
typedef struct ss_epoch_payout {
    uint64_t epoch;             /* 1-based index of the epoch in this run */
    uint64_t block;
    uint64_t issued_rao;        /* alpha minted since the previous epoch */
    uint64_t owner_rao;
    uint64_t miner_rao;
    uint64_t validator_rao;
    uint64_t burned_rao;        /* withheld owner incentive, unpaid pots, rounding */
    const uint64_t *miner_paid_rao;     /* [n] */
    const uint64_t *validator_paid_rao; /* [n] */
    const ss_yuma_output *yuma;
} ss_epoch_payout;

struct ss_commit {
    uint64_t block;
    uint64_t epoch;   /* epochs completed when it was committed */
    uint32_t len;
};

typedef struct ss_subnet {
    const ss_subnet_config *cfg;
    uint32_t index;      /* position in the scenario */
    uint32_t netuid;
    uint32_t n_max;      /* UID slots */
    uint32_t n;          /* UIDs in use: 0..n-1 */

    /* Per UID, [n_max]. */
    uint32_t *agent;     /* agent id holding the UID, SS_NO_AGENT if none */
    ss_role *role;
    uint64_t *stake_rao;
    uint64_t *last_update;
    uint64_t *registered_block;
    ss_weight_row *rows;        /* stored weight rows (views into row_store) */
    ss_weight_entry *row_store; /* n_max * n_max entries, row i at i * n_max */
    uint64_t *miner_paid_rao, *validator_paid_rao;
    uint16_t *scratch_u16;      /* [n_max] for set_weights */

    /* Emission. */
    uint64_t pending_server_rao, pending_validator_rao, pending_owner_rao;
    uint64_t pending_issued_rao;
    uint64_t total_issued_rao, total_burned_rao;

    /* Schedule: the epoch is due when block - last_epoch_block >= tempo. */
    int64_t last_epoch_block;
    uint64_t last_step_block;
    uint64_t epochs;

    /*
    ** Commit-reveal (when cfg->yuma.commit_reveal): set_weights commits, and
    ** each commit is revealed into rows reveal_period_epochs epochs later,
    ** with last_update = its commit block. A ring of commits per UID.
    */
    uint32_t commit_slots;          /* 0 when commit-reveal is off */
    struct ss_commit *commits;      /* n_max * commit_slots */
    ss_weight_entry *commit_store;  /* n_max * commit_slots * n_max */
    uint32_t *commit_head, *commit_count;
    uint64_t *commit_block;         /* [n_max] oldest pending commit, UINT64_MAX if none */

    ss_yuma *yuma;
} ss_subnet;

ss_status ss_subnet_init(ss_subnet *s, const ss_subnet_config *cfg, uint32_t index,
                         ss_error *err);
void ss_subnet_fini(ss_subnet *s);

/* Puts agent into the next free UID at block, with stake; returns the UID. */
ss_status ss_subnet_register(ss_subnet *s, uint32_t agent, ss_role role, uint64_t stake_rao,
                             uint64_t block, uint32_t *uid, ss_error *err);

/*
** A set_weights call by uid at block: (uids[k], values[k]) pairs, stored
** max-upscaled as the chain does, at once or, under commit-reveal, when the
** commit is revealed. Rejected (returns false) unless the UID holds a
** validator permit or is the owner, or when it has too many unrevealed commits.
*/
bool ss_subnet_set_weights(ss_subnet *s, uint32_t uid, const uint32_t *uids,
                           const uint16_t *values, uint32_t len, uint64_t block);

/* Reveals the commits that are due (call at the start of each block, before the epoch). */
void ss_subnet_reveal(ss_subnet *s);

/* Mints this block's alpha into the pending buckets (owner cut, miner and validator halves). */
void ss_subnet_coinbase(ss_subnet *s);

bool ss_subnet_epoch_due(const ss_subnet *s, uint64_t block);

/*
** Runs the epoch at block: drains pending emission, runs Yuma, pays miners
** their incentive, validators their share of the validator pot and the owner
** its cut, all as stake; burns what nobody may receive.
*/
ss_status ss_subnet_epoch(ss_subnet *s, uint64_t block, ss_epoch_payout *payout,
                          ss_error *err);

/* Computes the initial validator permits from stake (a zero-emission epoch at genesis). */
ss_status ss_subnet_genesis_permits(ss_subnet *s, ss_error *err);

#endif
