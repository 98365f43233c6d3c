/*
** The holders' ledger: what the economy leaves to its caller (economy.h). Coldkeys
** hold free TAO; hotkeys hold alpha on their one home subnet and TAO on root; each
** (hotkey, coldkey) position owns shares of both. Validators' nominator rewards
** grow a hotkey's total without touching shares, so every nominator gains pro
** rata in O(1), as the chain's share pools do. Root dividends accrue to a hotkey
** as a rate per root rao, which each position claims against what it claimed.
**
** Running totals (free TAO, root TAO, alpha per subnet) are kept by every
** operation, so the money audit reads them in O(subnets);
** ss_ledger_recount recomputes them from the accounts to check they are right.
** Only totals are exact money: a position's value is its floor share of its
** hotkey's total, and the rounding dust stays with the hotkey.
*/
#ifndef SS_CHAIN_LEDGER_H
#define SS_CHAIN_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/economy.h"
#include "subnetsim/status.h"

#define SS_LEDGER_NONE UINT32_MAX

typedef struct ss_hotkey_acct {
    uint32_t owner;        /* coldkey that owns the hotkey (takes, miner rewards) */
    uint32_t netuid;       /* home subnet of its alpha; 0 once dissolved */
    uint64_t alpha_rao;    /* alpha staked to it, all positions together */
    double alpha_shares;
    uint64_t root_rao;     /* TAO staked to it on root */
    double root_shares;
    double root_rate;      /* root dividends claimable per root rao (alpha) */
    uint32_t first;        /* its first position, SS_LEDGER_NONE if none */
} ss_hotkey_acct;

typedef struct ss_position {
    uint32_t hotkey, coldkey;
    uint32_t next;         /* the hotkey's next position */
    double alpha_shares;
    double root_shares;
    int64_t root_claimed;  /* alpha rao counted as claimed against root_rate */
} ss_position;

typedef struct ss_ledger {
    uint32_t max_netuid;
    uint64_t *free_rao;          /* per coldkey */
    uint32_t n_coldkeys, cap_coldkeys;
    ss_hotkey_acct *hotkeys;
    uint32_t n_hotkeys, cap_hotkeys;
    ss_position *positions;
    uint32_t n_positions, cap_positions;
    /* running totals, for the audit */
    uint64_t free_total_rao;
    uint64_t root_total_rao;
    uint64_t *alpha_total_rao;   /* [max_netuid + 1] */
} ss_ledger;

ss_status ss_ledger_init(ss_ledger *l, uint32_t max_netuid, ss_error *err);
void ss_ledger_fini(ss_ledger *l);

ss_status ss_ledger_add_coldkey(ss_ledger *l, uint32_t *id, ss_error *err);
ss_status ss_ledger_add_hotkey(ss_ledger *l, uint32_t owner, uint32_t netuid, uint32_t *id,
                               ss_error *err);

/* Free TAO of a coldkey. A debit larger than the balance is refused (false). */
uint64_t ss_ledger_free(const ss_ledger *l, uint32_t coldkey);
void ss_ledger_credit_free(ss_ledger *l, uint32_t coldkey, uint64_t rao);
bool ss_ledger_debit_free(ss_ledger *l, uint32_t coldkey, uint64_t rao);

/* The position (hotkey, coldkey), created when create; SS_LEDGER_NONE if absent. */
ss_status ss_ledger_position(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, bool create,
                             uint32_t *pos, ss_error *err);

/* Alpha: a position's value; stake credits it, unstake debits at most its value. */
uint64_t ss_ledger_alpha_of(const ss_ledger *l, uint32_t pos);
ss_status ss_ledger_stake_alpha(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, uint64_t rao,
                                ss_error *err);
bool ss_ledger_unstake_alpha(ss_ledger *l, uint32_t pos, uint64_t rao);
/* Adds alpha to a hotkey's total: shared by its positions pro rata (nominators). */
void ss_ledger_grow_alpha(ss_ledger *l, uint32_t hotkey, uint64_t rao);

/* Root stake, the same way. */
uint64_t ss_ledger_root_of(const ss_ledger *l, uint32_t pos);
ss_status ss_ledger_stake_root(ss_ledger *l, uint32_t hotkey, uint32_t coldkey, uint64_t rao,
                               ss_error *err);
bool ss_ledger_unstake_root(ss_ledger *l, uint32_t pos, uint64_t rao);
void ss_ledger_grow_root(ss_ledger *l, uint32_t hotkey, uint64_t rao);

/* Root dividends: alpha_rao becomes claimable by the hotkey's root stakers. */
void ss_ledger_root_dividend(ss_ledger *l, uint32_t hotkey, uint64_t alpha_rao);
/* What a position may claim now, and marking rao of it claimed. */
uint64_t ss_ledger_root_owed(const ss_ledger *l, uint32_t pos);
void ss_ledger_root_claimed(ss_ledger *l, uint32_t pos, uint64_t rao);

/*
** A dissolved subnet: every position with alpha on netuid, with values that
** add up exactly to each hotkey's total (the last position of a hotkey takes
** its rounding dust). Fills up to max (pos, value) pairs, returns the count
** (call with max 0 to size). ss_ledger_clear_subnet then zeroes that alpha.
*/
uint32_t ss_ledger_subnet_positions(const ss_ledger *l, uint32_t netuid, uint32_t *pos,
                                    uint64_t *value, uint32_t max);
void ss_ledger_clear_subnet(ss_ledger *l, uint32_t netuid);

/* The holders' side of the audit, from the running totals (alpha_total_rao is borrowed). */
void ss_ledger_holdings(const ss_ledger *l, ss_econ_holdings *h);

/* Recomputes every total from the accounts; SS_EAUDIT names the first that differs. */
ss_status ss_ledger_recount(const ss_ledger *l, ss_error *err);

#endif
