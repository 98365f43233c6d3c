/*
** Entry and exit (spec/emission.md §5): the neuron-registration burn price
** (per-block decay in Q32 and the multiplier after each registration), the
** choice of the UID replaced when a subnet is full, the subnet lock cost
** (doubling and linear decay) and the choice of the subnet dissolved when the
** network is full. Pure functions; exact integer arithmetic throughout.
*/
#ifndef SUBNETSIM_REGISTRATION_H
#define SUBNETSIM_REGISTRATION_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* f^e in Q32 by exponentiation by squaring, each product truncated to Q32. */
uint64_t ss_pow_q32(uint64_t f_q32, uint32_t e);

/*
** f_H: the largest Q32 factor f (integer/2^32) with ss_pow_q32(f, H) <= 2^31,
** so that H blocks of decay at least halve the price. f_1 = 2^31. H = 0 gives 0
** (no decay is applied then; see ss_burn_decay).
*/
uint32_t ss_burn_decay_factor_q32(uint32_t half_life);

/* One block of decay: clamp(floor(burn f / 2^32), [min, max]). */
uint64_t ss_burn_decay(uint64_t burn_rao, uint32_t factor_q32, uint64_t min_rao,
                       uint64_t max_rao);

/*
** The multiplier m as the chain stores it (U64F64: the double converted
** exactly, with 64 fractional bits), split into integer and fraction.
*/
typedef struct ss_q64 {
    uint64_t int_part;
    uint64_t frac; /* / 2^64 */
} ss_q64;

ss_q64 ss_q64_from_double(double m);

/* After a registration: clamp(floor(burn m), [min, max]), exact in Q64.64. */
uint64_t ss_burn_bump(uint64_t burn_rao, ss_q64 mult, uint64_t min_rao, uint64_t max_rao);

/* A UID is immune while block - registered < immunity_period. */
bool ss_uid_is_immune(uint64_t registered_block, uint64_t block, uint64_t immunity_period);

/* What ss_uid_to_prune reads about a full subnet's n UIDs. */
typedef struct ss_uid_prune_input {
    uint32_t n;
    const uint64_t *emission_rao;      /* [n] last epoch's combined emission (score) */
    const uint64_t *registered_block;  /* [n] */
    const bool *owner_owned;           /* [n] hotkey of the owner's coldkey; NULL: none */
    int64_t owner_hotkey_uid;          /* SubnetOwnerHotkey's UID, or -1 */
    uint32_t immune_owner_uids_limit;  /* ImmuneOwnerUidsLimit (1) */
    uint64_t immunity_period;          /* ImmunityPeriod (5000) */
    uint32_t min_non_immune;           /* MinNonImmuneUids (10) */
    uint64_t block;
} ss_uid_prune_input;

/*
** §5.2: the UID replaced by a new registration: never an immortal owner key;
** the lowest emission among non-immune UIDs when there are more than
** min_non_immune of them, else among immune ones; ties to the earlier
** registration, then the lower UID. -1 when no UID may be replaced.
*/
int64_t ss_uid_to_prune(const ss_uid_prune_input *in);

/* True when UID u is one of the owner's immortal keys. */
bool ss_uid_is_immortal(const ss_uid_prune_input *in, uint32_t u);

/* The network's subnet-registration history, for the lock cost. */
typedef struct ss_lock_state {
    bool any_registered;     /* a subnet was registered before (doubling applies) */
    uint64_t last_lock_rao;  /* L_last */
    uint64_t last_lock_block;
} ss_lock_state;

/*
** §5.3: max(min_lock, mult L - floor(L / I_eff)(now - t_last)) floored at 0,
** I_eff = floor(interval E / 1e9), no decay when I_eff = 0.
*/
uint64_t ss_lock_cost(const ss_lock_state *st, uint64_t block, uint64_t block_emission_rao,
                      uint64_t min_lock_rao, uint64_t reduction_interval);

/*
** §5.3: among non-immune subnets (immune[i] true means protected), the one
** with the lowest score (moving price), ties to the earlier registration,
** then the lower index. -1 when every subnet is immune.
*/
int64_t ss_subnet_to_prune(uint32_t n, const double *score, const uint64_t *registered_block,
                           const bool *immune);

#ifdef __cplusplus
}
#endif
#endif
