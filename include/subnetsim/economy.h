/*
** The chain economy, block by block (spec/emission.md §2-§5): the network's
** TAO (issuance, burned, recycled, root stake, fees held by block authors)
** and every subnet's pool, alpha supply, pending emission buckets, moving
** price, flows, burn price, lock and epoch clock.
**
** The economy does not keep the holders' ledger (coldkey balances, stakes per
** hotkey and coldkey): the caller does. Every function that moves value says
** in its result exactly how many rao the caller must credit or debit, and
** every other rao is booked here under a named destination (pool, pending,
** protocol-owned, root-claimable, burned, recycled, unowned, author). So
** ss_economy_audit can check conservation exactly, given the holders' sums.
**
** A block, in the chain's order (§3.0):
**     ss_economy_begin_block(e, block)           burn prices decay
**     ss_economy_coinbase(e)                     mint, split, inject, alpha out
**     n = ss_economy_epochs(e, due)               which subnets run an epoch
**     for each: ss_economy_drain(e, netuid, &d)  then Yuma, then
**               ss_economy_distribute(e, netuid, &d, &in, &out, err)
**     ss_economy_end_block(e)                    moving prices
**     ... user operations (stake, unstake, register) ...
**
** Nothing here allocates per block: the workspace grows only when a larger
** subnet is distributed than before (ss_economy_reserve sizes it up front).
*/
#ifndef SUBNETSIM_ECONOMY_H
#define SUBNETSIM_ECONOMY_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/econ_params.h"
#include "subnetsim/emission.h"
#include "subnetsim/pool.h"
#include "subnetsim/registration.h"
#include "subnetsim/schedule.h"
#include "subnetsim/status.h"
#include "subnetsim/tx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the last coinbase did in one subnet (for recording and tests). */
typedef struct ss_econ_block_record {
    bool eligible;             /* took part in the split */
    double share;              /* after the emission-enabled mask */
    double tao_emission;       /* E_i, real */
    uint64_t tao_in_rao;       /* added to y as liquidity */
    uint64_t alpha_in_rao;     /* minted into x */
    uint64_t chain_buy_tao_rao;/* spent on the chain buy */
    uint64_t chain_buy_alpha_rao;
    uint64_t alpha_out_rao;    /* H(A_i) minted as alpha out */
    double root_prop;          /* r_i' used for the split */
    bool injection_refused;    /* weight would leave the bounds */
} ss_econ_block_record;

typedef struct ss_econ_subnet {
    bool exists;
    uint32_t netuid;
    ss_econ_subnet_params hp;
    /* Per-subnet overrides of two network constants (a scenario's subnet may
    ** set them; the chain has one value for all): from e->p when created. */
    uint16_t owner_cut;               /* of alpha out, /65535 (SubnetOwnerCut) */
    uint64_t alpha_base_rao;          /* alpha per block before halvings */
    /* pool and alpha supply: issued = x + o + recycled */
    ss_pool pool;
    uint64_t alpha_out_rao;           /* o: outside the pool */
    uint64_t alpha_issued_rao;        /* every alpha ever minted on this subnet */
    uint64_t alpha_recycled_rao;      /* removed from issuance */
    /* where o is: holders' stakes plus the buckets below */
    uint64_t pending_server_rao;      /* PS */
    uint64_t pending_validator_rao;   /* PV */
    uint64_t pending_root_rao;        /* PR */
    uint64_t pending_owner_rao;       /* PO */
    uint64_t protocol_alpha_rao;      /* SubnetProtocolAlpha */
    uint64_t root_claimable_rao;      /* paid to root stakers, not yet claimed */
    uint64_t alpha_burned_rao;        /* burned: still counted in o */
    uint64_t alpha_unowned_rao;       /* minted, owned by nobody (rounding, unpaid buckets) */
    uint64_t draining_rao;            /* drained at an epoch, not yet distributed */
    /* TAO of the subnet outside y */
    uint64_t draining_tao_rao;        /* pending root TAO drained, not yet distributed */
    uint64_t pending_root_tao_rao;    /* dTAO 2025: root alpha sold each block */
    uint64_t account_tao_rao;         /* stranded on the subnet account (registration fees) */
    /* emission state */
    double moving_price;              /* p̄ */
    double miner_burned;              /* MB of the last epoch */
    bool started;                     /* start_call made */
    uint64_t first_emission_block;
    bool emission_enabled;            /* SubnetEmissionEnabled */
    int64_t tao_flow_rao;             /* user flow of the current block */
    int64_t protocol_flow_rao;        /* protocol flow of the current block */
    double ema_tao_flow;              /* U */
    double ema_protocol_flow;         /* P */
    double root_weight_share;         /* root_weights rule: share from the last root epoch */
    /* registration */
    uint64_t burn_rao;                /* UID burn price */
    uint32_t burn_factor_q32;         /* f_H for burn_factor_half_life */
    uint32_t burn_factor_half_life;
    uint32_t registrations_this_block;
    uint64_t registered_block;
    uint64_t locked_rao;
    /* epochs */
    ss_epoch_clock clock;
    ss_econ_block_record last;
} ss_econ_subnet;

typedef struct ss_econ_workspace ss_econ_workspace;

typedef struct ss_economy {
    ss_econ_params p;
    uint64_t block;
    /* TAO: minted = external + free + root + pools + accounts + pending root TAO
    **              + author + burned + recycled  (checked by ss_economy_audit) */
    uint64_t total_issuance_rao;  /* TotalIssuance: minted - recycled */
    uint64_t tao_minted_rao;      /* every TAO ever minted, genesis included */
    uint64_t external_tao_rao;    /* issued before the run, held outside it */
    uint64_t tao_burned_rao;
    uint64_t tao_recycled_rao;
    uint64_t author_tao_rao;      /* swap fees paid to block authors */
    uint64_t root_tao_rao;        /* R = SubnetTAO[0] */
    /* subnet registration */
    ss_lock_state lock;
    uint64_t last_network_registration_block;
    /* the last coinbase */
    uint64_t last_block_emission_rao;
    uint64_t last_recycled_credit_rao;
    bool root_sell;
    /* subnets[1..max_netuid]; [0] is root and never exists as a subnet */
    uint32_t max_netuid;
    ss_econ_subnet *subnets;
    ss_econ_workspace *ws;
} ss_economy;

/* ---- lifetime and setup ---- */

/*
** Creates an economy for netuids 1..p->subnet_limit with no subnets; the
** issuance starts at p->external_issuance_rao.
*/
ss_status ss_economy_create(const ss_econ_params *p, ss_economy **out, ss_error *err);
void ss_economy_destroy(ss_economy *e);

/* Sizes the distribution workspace for subnets of up to n hotkeys. */
ss_status ss_economy_reserve(ss_economy *e, uint32_t n_hotkeys, ss_error *err);

/* The subnet netuid if it exists, else NULL. */
ss_econ_subnet *ss_economy_subnet(ss_economy *e, uint32_t netuid);
const ss_econ_subnet *ss_economy_subnet_const(const ss_economy *e, uint32_t netuid);

/* Number of existing subnets. */
uint32_t ss_economy_subnet_count(const ss_economy *e);

/*
** Genesis: mints tao_rao TAO that the caller credits to holders' free
** balances (total issuance rises).
*/
void ss_economy_genesis_tao(ss_economy *e, uint64_t tao_rao);

/*
** Genesis: creates subnet netuid (registered at the current block, started
** when started) with a pool holding the given reserves, minted for it. Both
** reserves must be positive.
*/
ss_status ss_economy_genesis_subnet(ss_economy *e, uint32_t netuid, uint64_t tao_reserve_rao,
                                    uint64_t alpha_reserve_rao, bool started, ss_error *err);

/* Genesis: mints alpha_rao of netuid's alpha that the caller credits as stake. */
ss_status ss_economy_genesis_alpha(ss_economy *e, uint32_t netuid, uint64_t alpha_rao,
                                   ss_error *err);

/*
** start_call: the subnet takes part in emission from the next block, and
** its pool opens to staking. Refused (SS_TX_TOO_EARLY) before
** start_call_delay blocks have passed since registration.
*/
ss_tx ss_economy_start_call(ss_economy *e, uint32_t netuid);

/* Root sets SubnetEmissionEnabled. */
ss_tx ss_economy_set_emission_enabled(ss_economy *e, uint32_t netuid, bool enabled);

/* ---- the block ---- */

/* Starts block: per-block registration counters and burn-price decay (§5.1). */
void ss_economy_begin_block(ss_economy *e, uint64_t block);

/* Is subnet s in the split this block (§2.0)? */
bool ss_economy_eligible(const ss_economy *e, const ss_econ_subnet *s);

/* The coinbase with E = H(TotalIssuance) (§3.0 steps 2 and 4a-4d). */
void ss_economy_coinbase(ss_economy *e);

/* The coinbase with an explicit block emission (experiments, vectors). */
void ss_economy_coinbase_amount(ss_economy *e, uint64_t block_emission_rao);

/*
** Root validators' weights for the root_weights rule: nv validators' stakes
** and rows weights[v * n_cols + c] over subnets netuids[c] (n_cols at most
** subnet_limit + 1). The shares are kept until the next call (the caller
** calls it every root tempo).
*/
void ss_economy_set_root_weights(ss_economy *e, uint32_t nv, const double *stake,
                                 const double *weights, uint32_t n_cols,
                                 const uint32_t *netuids);

/*
** Which subnets run their epoch this block, in netuid order, after the
** per-block cap (deferred ones get a trigger at the next block). Each slot
** is consumed (LastEpochBlock = block). Writes up to max netuids; returns the
** number written.
*/
uint32_t ss_economy_epochs(ss_economy *e, uint32_t *netuids, uint32_t max);

/*
** trigger_epoch: the owner schedules an epoch admin_freeze_window blocks
** ahead (dynamic scheduler). Refused when a trigger is pending or the
** automatic epoch comes sooner than the window.
*/
ss_tx ss_economy_trigger_epoch(ss_economy *e, uint32_t netuid);

/* The pending buckets taken at an epoch. */
typedef struct ss_drain {
    uint64_t server_rao;    /* PS */
    uint64_t validator_rao; /* PV */
    uint64_t root_rao;      /* PR (alpha) */
    uint64_t owner_rao;     /* PO */
    uint64_t root_tao_rao;  /* pending root TAO (dTAO 2025 injection only) */
} ss_drain;

/*
** Empties netuid's pending buckets into d (an epoch that runs) and marks the
** epoch successful. The rao stay booked as draining until
** ss_economy_distribute pays them out.
*/
void ss_economy_drain(ss_economy *e, uint32_t netuid, ss_drain *d);

/* A parent's stake proportion given to a child hotkey (§3.5 step 4). */
typedef struct ss_child_link {
    uint32_t parent;      /* index into the hotkey arrays */
    uint32_t child;
    double proportion;    /* of the parent's stake, in [0, 1] */
    bool same_coldkey;    /* no childkey take or CKBurn when true */
} ss_child_link;

/* One subnet's hotkeys at an epoch, as the chain module and Yuma see them. */
typedef struct ss_dist_input {
    uint32_t n;                      /* hotkeys: UIDs and parents without a UID */
    const bool *has_uid;             /* [n]; NULL: every hotkey holds a UID */
    const double *incentive;         /* [n] Yuma incentive (any scale); NULL: zeros */
    const double *dividends;         /* [n] Yuma dividends (any scale); NULL: zeros */
    const uint64_t *alpha_stake_rao; /* [n] direct alpha stake on the subnet */
    const uint64_t *root_stake_rao;  /* [n] direct root stake; NULL: zeros */
    const uint16_t *take;            /* [n] validator take (/65535); NULL: default_take */
    const uint16_t *childkey_take;   /* [n] take a child keeps from parents' shares; NULL: 0 */
    const bool *owner_owned;         /* [n] owned by the subnet owner's coldkey; NULL: none */
    const ss_child_link *links;
    uint32_t n_links;
} ss_dist_input;

/*
** Where the drained rao went. The per-hotkey arrays (n entries each) belong to
** the caller; the root TAO ones may be NULL when no root TAO is pending.
**   miner_rao[k]          stake to (k, k's owner coldkey)
**   take_rao[k]           validator take on alpha and root dividends: stake to
**                         (k, k's owner coldkey)
**   nominator_rao[k]      added to k's stake, shared by k's nominators
**   root_claimable_rao[k] claimable by k's root stakers (booked in the subnet's
**                         root_claimable_rao until claimed)
**   root_tao_take_rao[k], root_tao_nominator_rao[k]: root stake (TAO) credits
** owner_cut_rao goes to (SubnetOwnerHotkey, SubnetOwner).
*/
typedef struct ss_dist_output {
    uint64_t *miner_rao;
    uint64_t *take_rao;
    uint64_t *nominator_rao;
    uint64_t *root_claimable_rao;
    uint64_t *root_tao_take_rao;
    uint64_t *root_tao_nominator_rao;
    uint64_t owner_cut_rao;
    uint64_t withheld_rao;     /* owner-owned miner incentive, burned or recycled */
    uint64_t ck_burn_rao;      /* recycled by CKBurn */
    uint64_t unowned_rao;      /* minted, paid to nobody (rounding, zero weight sums) */
    uint64_t root_tao_recycled_rao; /* pending root TAO with nobody to pay */
    uint64_t paid_alpha_rao;   /* sum of what the caller credits as alpha stake */
    uint64_t paid_root_tao_rao;/* sum of what the caller credits as root stake */
    double miner_burned;       /* new MB_i */
} ss_dist_output;

/*
** §3.5: distributes a drain given Yuma's incentive and dividends: miner
** incentive (withheld for owner-owned hotkeys), parent/child re-routing, the
** root/alpha split by direct stake, validator take, owner cut. Updates the
** subnet's MinerBurned and booking; fills out. Fails only on bad input.
*/
ss_status ss_economy_distribute(ss_economy *e, uint32_t netuid, const ss_drain *d,
                                const ss_dist_input *in, ss_dist_output *out, ss_error *err);

/* Ends the block's on_initialize: updates moving prices (§2.1.3). */
void ss_economy_end_block(ss_economy *e);

/* ---- staking through the pool (§4.3) ---- */

/* Result of a trade. */
typedef struct ss_trade {
    uint64_t tao_rao;       /* TAO the caller debits (stake) or credits (unstake) */
    uint64_t alpha_rao;     /* alpha the caller credits (stake) or debits (unstake) */
    uint64_t fee_tao_rao;   /* fee, as TAO, paid to the author or burned */
    uint64_t fee_alpha_rao; /* sell fee in alpha (re-sold for fee_tao_rao) */
} ss_trade;

/*
** add_stake: buys alpha with tao_gross. limit_price_rao 0 means no limit;
** with a limit the buy is cut to what keeps the price at or below it when
** allow_partial, else refused. The caller debits tao_rao from the coldkey and
** credits alpha_rao to (hotkey, coldkey) on netuid.
*/
ss_tx ss_economy_stake(ss_economy *e, uint32_t netuid, uint64_t tao_gross,
                       uint64_t limit_price_rao, bool allow_partial, ss_trade *out);

/*
** remove_stake: sells alpha_gross; the fee alpha is re-sold fee-free for the
** author. The caller debits alpha_rao from the stake and credits tao_rao.
*/
ss_tx ss_economy_unstake(ss_economy *e, uint32_t netuid, uint64_t alpha_gross,
                         uint64_t limit_price_rao, bool allow_partial, ss_trade *out);

/* A stake move between subnets (netuid 0 is root: TAO staked 1:1). */
typedef struct ss_move {
    uint64_t from_rao;     /* debited from the origin stake (alpha, or TAO on root) */
    uint64_t tao_rao;      /* TAO between the two legs, after fees */
    uint64_t to_rao;       /* credited on the destination (alpha, or TAO on root) */
    uint64_t fee_tao_rao;  /* the one fee of the move */
    bool restaked;         /* false: TAO below the minimum stake stays with the coldkey */
} ss_move;

/*
** Moves amount_rao from netuid from to netuid to (§4.3): sell with fee on the
** origin, fee-free buy on the destination (from root: the buy pays the fee).
** When the TAO between the legs is below the minimum stake, it is credited
** to the coldkey's free balance (restaked false, to_rao 0).
*/
ss_tx ss_economy_move_stake(ss_economy *e, uint32_t from, uint32_t to, uint64_t amount_rao,
                            ss_move *out);

/* Root stake and unstake: 1:1, no pool, no fee. The caller moves the TAO. */
ss_tx ss_economy_root_stake(ss_economy *e, uint64_t tao_rao);
ss_tx ss_economy_root_unstake(ss_economy *e, uint64_t tao_rao);

typedef enum ss_claim_type {
    SS_CLAIM_SWAP = 0, /* sell for TAO, added to the coldkey's root stake */
    SS_CLAIM_KEEP = 1  /* stake the alpha on the hotkey */
} ss_claim_type;

/*
** A coldkey claims owed_rao of root dividends on netuid (§3.6). Below the
** threshold nothing happens (SS_TX_BELOW_CLAIM_THRESHOLD). Keep: the caller
** credits out->alpha_rao as alpha stake. Swap: sold fee-free; the caller
** credits out->tao_rao as root stake (R grows here).
*/
ss_tx ss_economy_root_claim(ss_economy *e, uint32_t netuid, uint64_t owed_rao,
                            ss_claim_type type, ss_trade *out);

/* floor(rate x root_stake) - claimed, clamped at 0: what a coldkey is owed. */
uint64_t ss_root_owed(double claimable_per_root_rao, uint64_t root_stake_rao,
                      uint64_t claimed_rao);

/* ---- registration (§5) ---- */

/* The UID burn price now. */
uint64_t ss_economy_burn_price(const ss_economy *e, uint32_t netuid);

/*
** burned_register: pays the burn price into the pool (fee stranded on the
** subnet account), recycles the alpha bought, bumps the price. The caller
** debits out->tao_rao; choosing the UID to replace is ss_uid_to_prune.
*/
ss_tx ss_economy_register_uid(ss_economy *e, uint32_t netuid, ss_trade *out);

/* The subnet lock cost now (§5.3). */
uint64_t ss_economy_lock_cost(const ss_economy *e);

/*
** The non-immune subnet with the lowest moving price (root_weights rule: the
** lowest root share), 0 when every subnet is immune.
*/
uint32_t ss_economy_subnet_to_prune(const ss_economy *e);

/*
** register_network: pays the lock cost (the caller debits *lock_rao), seeds
** the pool at the median price, and returns the new netuid. When the network
** is full, SS_TX_SUBNET_LIMIT: dissolve ss_economy_subnet_to_prune() first.
*/
ss_tx ss_economy_register_subnet(ss_economy *e, uint32_t *netuid, uint64_t *lock_rao);

/*
** Dissolves netuid (§5.4): the pool TAO is shared over the n stakers'
** alpha_stake_rao[k] and the protocol's share (x + protocol alpha) by largest
** remainder; tao_out_rao[k] (caller-owned, n entries) is what the caller
** credits to each staker's coldkey and where it debits their alpha. The
** protocol's share and all other TAO of the subnet is recycled.
*/
ss_status ss_economy_dissolve_subnet(ss_economy *e, uint32_t netuid, uint32_t n,
                                     const uint64_t *alpha_stake_rao, uint64_t *tao_out_rao,
                                     ss_error *err);

/* ---- the audit ---- */

/* The holders' side, summed by the caller from its ledger. */
typedef struct ss_econ_holdings {
    uint64_t free_tao_rao;          /* coldkey balances */
    uint64_t root_stake_rao;        /* TAO staked on root */
    const uint64_t *alpha_stake_rao;/* [max_netuid + 1] alpha staked per subnet */
} ss_econ_holdings;

typedef struct ss_econ_audit {
    uint64_t issued_rao;      /* TAO ever minted */
    uint64_t accounted_rao;   /* where it is */
    uint32_t bad_netuid;      /* 0 when the alpha of every subnet balances */
    uint64_t alpha_issued_rao;
    uint64_t alpha_accounted_rao;
} ss_econ_audit;

/*
** Checks conservation exactly: TAO minted = free + root + pools + subnet
** accounts + pending root TAO + author fees + external + burned + recycled;
** the holders' root stake = R; per subnet alpha issued = x + recycled +
** holders + pending + draining + protocol + root-claimable + burned + unowned, and
** o = issued - recycled - x. SS_EAUDIT names the first difference.
*/
ss_status ss_economy_audit(const ss_economy *e, const ss_econ_holdings *h,
                           ss_econ_audit *out, ss_error *err);

#ifdef __cplusplus
}
#endif
#endif
