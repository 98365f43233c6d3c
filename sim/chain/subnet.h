/*
** A subnet's chain state: its UIDs (the hotkey holding each, its stake as the
** last epoch saw it, registration and last weight update, last emission), the
** weight rows as the chain stores them, commit-reveal, and the Yuma state.
**
** Money is not here: the economy (pending emission, the pool) and the
** holders' ledger (stakes) own it. The run copies each UID's stake from the
** ledger before an epoch and pays the epoch's result back into the ledger.
*/
#ifndef SS_CHAIN_SUBNET_H
#define SS_CHAIN_SUBNET_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/consensus.h"
#include "subnetsim/scenario.h"

#define SS_NO_AGENT UINT32_MAX
#define SS_NO_UID UINT32_MAX

typedef enum ss_role {
    SS_ROLE_OWNER = 0,
    SS_ROLE_VALIDATOR = 1,
    SS_ROLE_MINER = 2
} ss_role;

struct ss_commit {
    uint64_t block;
    uint64_t epoch;   /* epochs completed when it was committed */
    uint32_t len;
};

typedef struct ss_subnet {
    const ss_subnet_config *cfg;
    uint32_t netuid;
    uint32_t n_max;      /* UID slots */
    uint32_t n;          /* UIDs in use: 0..n-1 */

    /* Per UID, [n_max]. */
    uint32_t *agent;     /* the population's agent holding the UID, SS_NO_AGENT if none */
    ss_role *role;
    uint32_t *hotkey;    /* ledger hotkey */
    bool *owner_owned;   /* the hotkey belongs to the subnet owner's coldkey */
    uint16_t *take;      /* validator take of the hotkey (/65535) */
    uint64_t *stake_rao; /* alpha stake of the hotkey (from the ledger) */
    uint64_t *root_rao;  /* root stake of the hotkey (from the ledger) */
    uint64_t *last_update;
    uint64_t *registered_block;
    uint64_t *emission_rao;     /* last epoch's combined emission: the pruning score */
    ss_weight_row *rows;        /* stored weight rows (views into row_store) */
    ss_weight_entry *row_store; /* n_max * n_max entries, row i at i * n_max */
    uint16_t *scratch_u16;      /* [n_max] for set_weights */

    /* Schedule, as the economy runs it. */
    uint64_t last_step_block;   /* last epoch */
    uint64_t next_epoch_block;  /* when the next is expected (agents time weights by it) */
    uint64_t epochs;

    /*
    ** Commit-reveal (when cfg->yuma.commit_reveal): set_weights commits, and
    ** each commit is revealed into rows reveal_period_epochs epochs later. A
    ** ring of commits per UID.
    */
    uint32_t commit_slots;          /* 0 when commit-reveal is off */
    struct ss_commit *commits;      /* n_max * commit_slots */
    ss_weight_entry *commit_store;  /* n_max * commit_slots * n_max */
    uint32_t *commit_head, *commit_count;
    uint64_t *commit_block;         /* [n_max] oldest pending commit, UINT64_MAX if none */

    ss_yuma *yuma;
} ss_subnet;

ss_status ss_subnet_init(ss_subnet *s, const ss_subnet_config *cfg, uint32_t netuid,
                         ss_error *err);
void ss_subnet_fini(ss_subnet *s);

/* Who takes a UID: the agent, its role and its ledger hotkey. */
typedef struct ss_uid_holder {
    uint32_t agent;
    ss_role role;
    uint32_t hotkey;
    bool owner_owned;
    uint16_t take;
} ss_uid_holder;

/* Puts h into the next free UID at block; fails when the subnet is full. */
ss_status ss_subnet_register(ss_subnet *s, const ss_uid_holder *h, uint64_t block,
                             uint32_t *uid, ss_error *err);

/*
** A new neuron replaces uid at block (spec/yuma.md §10, replace_neuron): its
** weight row, commits, bonds and permit are cleared, every other row's entry
** pointing at it is set to 0 (and kept), and its last emission is forgotten.
*/
void ss_subnet_replace(ss_subnet *s, uint32_t uid, const ss_uid_holder *h, uint64_t block);

/*
** A set_weights call by uid at block: (uids[k], values[k]) pairs, stored
** max-upscaled as the chain does, at once or, under commit-reveal, when the
** commit is revealed. Rejected (returns false) unless the UID holds a
** validator permit or is the owner, or when it has too many unrevealed commits.
*/
bool ss_subnet_set_weights(ss_subnet *s, uint32_t uid, const uint32_t *uids,
                           const uint16_t *values, uint32_t len, uint64_t block);

/* Reveals the commits that are due at block (call at the start of each block). */
void ss_subnet_reveal(ss_subnet *s, uint64_t block);

/*
** Runs Yuma at block on emission (alpha rao) with the stakes in stake_rao and
** root_rao, and keeps each UID's emission as its pruning score.
*/
ss_status ss_subnet_yuma(ss_subnet *s, uint64_t block, uint64_t emission_rao,
                         const ss_yuma_output **out, ss_error *err);

/* Computes the initial validator permits from stake (a zero-emission epoch at genesis). */
ss_status ss_subnet_genesis_permits(ss_subnet *s, ss_error *err);

#endif
