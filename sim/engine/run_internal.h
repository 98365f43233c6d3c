/*
** The inside of a run, shared by the files of sim/engine/run_*.c: the chain
** economy, the holders' ledger, the subnets with their agents, and the
** network's own agents (stakers, creators).
**
**   run.c           lifetime, the event loop, metrics and the baseline run
**   run_genesis.c   block 0: money, pools, accounts and UIDs of the scenario
**   run_block.c     one block in the chain's order, the audit, network samples
**   run_epoch.c     one subnet's epoch: drain, Yuma, distribution, payment
**   run_register.c  UIDs by burn (pruning when full), subnet creation and dissolution
**   run_stakers.c   stake flows, scheduled actions, the stake pumper, root claims
**                   and root weights
**   run_metrics.c   the metrics only the economy can tell (pumper, registrants, owner)
*/
#ifndef SS_ENGINE_RUN_INTERNAL_H
#define SS_ENGINE_RUN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "agents/population.h"
#include "chain/ledger.h"
#include "chain/subnet.h"
#include "subnetsim/economy.h"
#include "subnetsim/engine.h"
#include "subnetsim/run.h"
#include "util/strmap.h"

enum { EV_BLOCK = 1, EV_ANSWER = 2 };
enum { PRIO_BLOCK = 0, PRIO_ANSWER = 1 };

typedef struct subnet_run {
    bool alive;
    uint32_t netuid;
    const ss_subnet_config *cfg;
    ss_subnet_config *own_cfg;   /* a created subnet's copy of its template (struct only) */
    ss_subnet chain;
    ss_population agents;
    uint32_t owner_coldkey;      /* ledger ids */
    uint64_t registered_block;
    bool start_pending;          /* a created subnet waits for start_call */
    /* Since the previous epoch, for the epoch's record. */
    uint64_t alpha_out_rao;      /* alpha out minted */
    uint64_t leaked_rao;         /* of it, not entering the pending buckets */
    uint64_t tao_in_rao;         /* TAO injected */
    uint64_t pending_before;     /* buckets before this block's coinbase */
    /* For the economy's metrics: emission share summed over blocks (share-blocks),
    ** miner incentive and the part of it withheld from the owner's hotkeys. */
    double share_blocks;
    double incentive_rao, withheld_rao;
    /* Distribution outputs and the epoch's payments, [n_max] each. */
    uint64_t *out_miner, *out_take, *out_nominator, *out_root, *out_root_tao_take,
        *out_root_tao_nominator, *paid_validator;
    uint64_t *prune_reg;         /* [n_max] scratch for choosing the UID to prune */
} subnet_run;

/* A staker of network.stakers. */
typedef struct ss_staker {
    uint32_t group, index;
    const ss_staker_group *cfg;
    uint32_t coldkey;
    char coldkey_name[64];
    ss_pcg32 rng;
    double next_action;          /* block of the next random action */
    uint32_t *hotkeys;           /* hotkeys it has staked alpha to */
    uint32_t n_hotkeys, cap_hotkeys;
    uint32_t root_hotkey;        /* SS_LEDGER_NONE until it stakes on root */
    /* stake_pumper */
    int phase;                   /* 0 waiting, 1 holding, 2 between cycles, 3 done */
    uint64_t phase_block;
    uint32_t cycles;
    uint64_t capital_in_rao;     /* TAO staked in the current cycle */
    double tao_blocks;           /* TAO x blocks of capital held */
    uint64_t tao_spent_rao, tao_back_rao;
} ss_staker;

typedef struct ss_creator {
    const ss_creator_group *cfg;
    uint32_t coldkey;
    uint32_t created;
    uint64_t next_block;
} ss_creator;

struct ss_run {
    const ss_scenario *sc;
    uint64_t seed;
    bool honest_only, audit, no_consensus;
    ss_run_observer obs;
    ss_run_progress progress;
    void *progress_ctx;
    ss_engine *engine;
    ss_economy *econ;
    ss_ledger ledger;
    ss_strmap coldkeys;          /* coldkey name -> ledger id */
    subnet_run *subnets;
    size_t n_subnets, cap_subnets;
    subnet_run **by_netuid;      /* [max_netuid + 1] */
    uint64_t *epoch_count;       /* per netuid, across the subnets that held it */
    uint32_t *due;               /* [max_netuid] */
    ss_staker *stakers;
    uint32_t n_stakers;
    ss_creator *creators;
    uint32_t *root_positions;    /* ledger positions holding root stake */
    uint32_t n_root_positions, cap_root_positions;
    uint32_t claim_cursor;
    double *root_stake, *root_w; /* scratch for root weights */
    uint32_t *root_netuids;
    ss_econ_audit audit_result;
    uint64_t block;
};

/* An error to stop the run with, naming the block. */
ss_status ss__run_fail(ss_run *r, ss_error *err, ss_status st, const char *what);

/* run_genesis.c */
ss_status ss__run_genesis(ss_run *r, ss_error *err);
ss_status ss__run_coldkey(ss_run *r, const char *name, uint32_t *id, ss_error *err);
/* Sets up a subnet's chain and agents (genesis or creation); the economy's subnet exists. */
ss_status ss__run_subnet_open(ss_run *r, const ss_subnet_config *cfg, uint32_t netuid,
                              uint64_t block, uint64_t lock_rao, subnet_run **out,
                              ss_error *err);
/* Seats a holder on a UID at block (registering it on the chain), with the observer. */
ss_status ss__run_seat(ss_run *r, subnet_run *s, uint32_t holder, uint32_t hotkey,
                       int64_t replace_uid, uint64_t block, uint32_t *uid, ss_error *err);
/* When the next epoch of s is expected. */
void ss__run_next_epoch(ss_run *r, subnet_run *s);

/* run_block.c */
ss_status ss__run_block(ss_run *r, uint64_t block, ss_error *err);
ss_status ss__run_event(ss_run *r, uint32_t netuid, const char *kind, int64_t uid,
                        const char *hotkey, const char *coldkey, int64_t amount_rao,
                        const char *detail, ss_error *err);

/* run_epoch.c */
ss_status ss__run_epoch(ss_run *r, subnet_run *s, uint64_t block, ss_error *err);

/* run_register.c */
ss_status ss__run_registrations(ss_run *r, subnet_run *s, uint64_t block, ss_error *err);
ss_status ss__run_creators(ss_run *r, uint64_t block, ss_error *err);
ss_status ss__run_dissolve(ss_run *r, uint32_t netuid, uint64_t block, ss_error *err);

/* run_stakers.c */
ss_status ss__run_stakers_init(ss_run *r, ss_error *err);
void ss__run_stakers_fini(ss_run *r);
ss_status ss__run_stakers_block(ss_run *r, uint64_t block, ss_error *err);
ss_status ss__run_root_claims(ss_run *r, ss_error *err);
ss_status ss__run_root_weights(ss_run *r, uint64_t block, ss_error *err);
ss_status ss__run_note_root_position(ss_run *r, uint32_t pos, ss_error *err);
/* run_metrics.c: the economy's metrics of subnet netuid (pumper, registrants, owner). */
size_t ss__run_economy_metrics(const ss_run *r, const ss_run *baseline, const subnet_run *s,
                               ss_metric_value *out, size_t max);

#endif
