/*
** The chain economy's pure maths (spec/emission.md §1-§3): the halving
** schedule, the split of a block's TAO across subnets under each rule, the
** moving (EMA) price, the root proportion, a subnet's injection terms and the
** split of its alpha out into pending buckets.
**
** These are functions of their arguments only; the block-by-block state that
** drives them lives in subnetsim/economy.h. Shares are doubles (the chain
** uses fixed point; the vectors give tolerances); amounts of rao are integers
** floored where the chain floors them.
*/
#ifndef SUBNETSIM_EMISSION_H
#define SUBNETSIM_EMISSION_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SS_RAO_PER_TAO 1000000000ULL
#define SS_TOTAL_SUPPLY_RAO 21000000000000000ULL /* 21M TAO, and 21M alpha per subnet */

/*
** H(I): rao per block after floor(log2(S/(S-I))) halvings of base, computed
** exactly in integers; 0 once issuance >= supply. The same function gives a
** subnet's alpha per block from its alpha issuance.
*/
uint64_t ss_block_emission(uint64_t issuance_rao, uint64_t supply_rao, uint64_t base_rao);

/* The number of halvings already passed at issuance I (64 once I >= S). */
unsigned ss_halvings(uint64_t issuance_rao, uint64_t supply_rao);

/* A u64 fraction of 2^64-1 (the chain's TaoWeight storage) as a double. */
double ss_tao_weight_from_u64(uint64_t raw);

/* r = tw R / (tw R + A), the root proportion; 0 when the denominator is 0. */
double ss_root_proportion(double tao_weight, uint64_t root_tao_rao, uint64_t alpha_issuance_rao);

/* ---- §2.1 current rule: EMA price shares weighted by MinerBurned ---- */

/*
** share_i from moving prices and MinerBurned fractions over n eligible
** subnets: weight_i = (p̄_i / Σp̄) (1 - min(MB_i, 1)), renormalized; price
** shares when every weight is 0. root_prop, when not NULL, also multiplies
** each weight (the transitional rule of §2.3).
*/
void ss_shares_price_ema(uint32_t n, const double *moving_price, const double *miner_burned,
                         const double *root_prop, double *share);

/* §2.1.2: zero the disabled subnets and renormalize the enabled ones. */
void ss_shares_mask_enabled(uint32_t n, const bool *enabled, double *share);

/* §2.1.3: one update of the moving price from the spot price (clamped at 1). */
double ss_moving_price_update(double moving_price, double spot_price, double moving_alpha,
                              uint64_t blocks_since_start, uint64_t halving_blocks);

/* §2.1.4: root dividends are paid (not recycled) while Σp̄ > threshold (1). */
bool ss_root_sell(uint32_t n, const double *moving_price, double threshold);

/* ---- §2.4 earlier dTAO price rule ---- */

/* share_i = p̄_i / Σp̄ (all 0 when the sum is 0). */
void ss_shares_dtao_price(uint32_t n, const double *moving_price, double *share);

/* ---- §2.2 Taoflow ---- */

/* β = smoothing / (2^63 - 1), the per-block weight of the flow EMA. */
double ss_flow_beta(uint64_t smoothing_factor);

/* k = min(1, Σmax(U,0) / Σmax(P,0)), 0 when there is no positive protocol flow. */
double ss_flow_protocol_factor(uint32_t n, const double *ema_user_flow,
                               const double *ema_protocol_flow);

/* S_i = U_i - k P_i (P_i > 0) or U_i - P_i (P_i <= 0). */
void ss_flow_net(uint32_t n, const double *ema_user_flow, const double *ema_protocol_flow,
                 double k, double *net_flow);

/*
** share_i = z_i^p / Σ z^p with z_i = max(S_i - L, 0) and
** L = max(cutoff, min_j min(S_j, 0)); all 0 when every z is 0.
*/
void ss_shares_from_flows(uint32_t n, const double *net_flow, double cutoff, double exponent,
                          double *share);

/* share_i = z_i^p / Σ z^p (all 0 when Σ is 0); in and out may alias. */
void ss_pow_normalize(uint32_t n, const double *z, double exponent, double *share);

/*
** The whole Taoflow split from EMA flows: net (when net_flow) or gross flows,
** then ss_shares_from_flows. *k_out (may be NULL) receives the protocol factor.
*/
void ss_shares_taoflow(uint32_t n, const double *ema_user_flow, const double *ema_protocol_flow,
                       bool net_flow, double cutoff, double exponent, double *share,
                       double *k_out);

/* ---- §2.5 root-network weights (pre-dTAO) ---- */

/*
** E_j ∝ cons_j rank_j from nv root validators' stakes and weight rows
** (weights[v * n_subnets + j], each row normalized here). Only the top
** max_validators by stake count (ties: lower index). cons_j is the sigmoid
** 1/(1+exp(-rho (trust_j - kappa))). trust (n_subnets entries) receives the
** stake-weighted trust of each subnet.
*/
void ss_shares_root_weights(uint32_t nv, const double *stake, const double *weights,
                            uint32_t n_subnets, double rho, double kappa,
                            uint32_t max_validators, double *share, double *trust);

/* ---- fixed shares ---- */

/* share_i = w_i / Σw (negative weights count as 0; all 0 when Σ is 0). */
void ss_shares_fixed(uint32_t n, const double *weight, double *share);

/* ---- §3.2 injection terms ---- */

/* How a subnet's TAO emission E_i enters its pool. */
typedef enum ss_injection {
    SS_INJECT_AUTO = 0,        /* chosen by the split rule (see docs/emission.md) */
    SS_INJECT_ROOT_PROP_CAP,   /* today: alpha in <= r alpha_emission, rest chain-buys */
    SS_INJECT_EMISSION_CAP,    /* Taoflow era: alpha in <= min(alpha_emission, E) */
    SS_INJECT_DTAO_2025,       /* Feb-Jul 2025: all TAO in, alpha in <= alpha_emission */
    SS_INJECT_DTAO_SUBSIDY     /* Jul-Nov 2025: as DTAO_2025, subsidy when p < E_i/E */
} ss_injection;

typedef struct ss_subnet_terms {
    double tao_in;      /* TAO added to y */
    double alpha_in;    /* alpha minted into x */
    double excess_tao;  /* TAO that buys alpha ("chain buy") */
    double cap;         /* the alpha-in cap that applied (INFINITY: none) */
    bool subsidized;    /* DTAO_SUBSIDY: this subnet was subsidized */
} ss_subnet_terms;

/*
** Terms of one subnet for one block: E_i its TAO emission, E the block's TAO
** emission, price its spot price, alpha_emission H(A_i), root_prop r_i.
*/
void ss_subnet_terms_compute(ss_injection mode, double tao_emission, double block_emission,
                             double price, double alpha_emission, double root_prop,
                             ss_subnet_terms *out);

/* ---- §3.3 alpha out ---- */

typedef struct ss_alpha_split {
    uint64_t owner_rao;      /* floor(alpha c) */
    uint64_t server_rao;     /* floor(a / 2) */
    uint64_t validator_rao;  /* floor(a/2 (1 - r')) */
    uint64_t root_rao;       /* floor(a/2 r') */
    uint64_t dust_rao;       /* alpha_out minus the four floors: minted, owned by nobody */
} ss_alpha_split;

/*
** Splits a block's alpha out: owner cut (owner_cut/65535 when enabled), then
** half of the rest to miners and half to validators, of which the fraction
** root_prop goes to root stakers.
*/
void ss_alpha_out_split(uint64_t alpha_out_rao, uint16_t owner_cut, bool owner_cut_enabled,
                        double root_prop, ss_alpha_split *out);

#ifdef __cplusplus
}
#endif
#endif
