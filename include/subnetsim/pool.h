/*
** The TAO/alpha pool of a subnet (spec/emission.md §4): a Balancer-style
** weighted constant-function pool with reserves x (alpha) and y (TAO) and
** quote weight w_q, so that x^(1-w_q) y^(w_q) is constant during a swap and
** the spot price is ((1-w_q)/w_q)(y/x) TAO per alpha.
**
** Everything here is a pure function of a pool value: quotes never change the
** pool; ss_pool_apply_* does. Amounts are integer rao. Outputs are floored as
** the chain floors them; with w_q = 1/2 the arithmetic is exact integer
** arithmetic, otherwise the power is evaluated in double precision (the chain
** uses fixed point; the vectors allow one or two rao).
*/
#ifndef SUBNETSIM_POOL_H
#define SUBNETSIM_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/tx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_pool {
    uint64_t tao_rao;     /* y, SubnetTAO */
    uint64_t alpha_rao;   /* x, SubnetAlphaIn */
    double quote_weight;  /* w_q in [0.01, 0.99]; 1/2 for a new pool */
} ss_pool;

/* The swap guards of spec §4.2. */
typedef struct ss_pool_guard {
    uint64_t minimum_reserve_rao; /* output-side reserve needed before a swap (1e6) */
    uint64_t max_input_ratio;     /* net input <= ratio x input-side reserve (1000) */
} ss_pool_guard;

/* One swap: gross input, fee (in the input token), net input, output. */
typedef struct ss_swap {
    uint64_t gross;
    uint64_t fee;
    uint64_t net_in;
    uint64_t out;
} ss_swap;

/*
** Sets the reserves. With price > 0 the weight is chosen so that the spot
** price is price (w_q = y/(price x + y)); otherwise w_q = 1/2.
*/
void ss_pool_init(ss_pool *p, uint64_t tao_rao, uint64_t alpha_rao, double price);

/* Spot price (w_b/w_q)(y/x) in TAO per alpha; 0 when x = 0. */
double ss_pool_price(const ss_pool *p);

/* floor(amount x fee_rate / 65535): the fee the chain charges on a swap. */
uint64_t ss_pool_fee(uint64_t amount, uint16_t fee_rate);

/* Alpha out for net TAO in, no fee: floor(x (1 - (y/(y+d))^(w_q/w_b))). */
uint64_t ss_pool_alpha_for_tao(const ss_pool *p, uint64_t tao_net);

/* TAO out for net alpha in, no fee: floor(y (1 - (x/(x+d))^(w_b/w_q))). */
uint64_t ss_pool_tao_for_alpha(const ss_pool *p, uint64_t alpha_net);

/*
** Quotes a buy (TAO in, alpha out) of tao_gross, charging the fee when
** with_fee, and checks the guards (g may be NULL: no guards). The pool is
** not changed.
*/
ss_tx ss_pool_quote_buy(const ss_pool *p, uint64_t tao_gross, uint16_t fee_rate, bool with_fee,
                        const ss_pool_guard *g, ss_swap *out);

/* Quotes a sell (alpha in, TAO out) of alpha_gross; the fee is in alpha. */
ss_tx ss_pool_quote_sell(const ss_pool *p, uint64_t alpha_gross, uint16_t fee_rate,
                         bool with_fee, const ss_pool_guard *g, ss_swap *out);

/* Applies a quoted buy: y += net_in, x -= out. The fee is not added to y. */
void ss_pool_apply_buy(ss_pool *p, const ss_swap *s);

/* Applies a quoted sell: x += net_in, y -= out. */
void ss_pool_apply_sell(ss_pool *p, const ss_swap *s);

/*
** Largest gross TAO a buy may take without pushing the price past the limit
** (limit_price_rao = price x 1e9): net = floor(y((limit/p)^w_b - 1)) plus the fee
** floor(net r/(65535 - r)). SS_TX_PRICE_LIMIT when the limit is not strictly
** above the current price.
*/
ss_tx ss_pool_max_buy_to_price(const ss_pool *p, uint64_t limit_price_rao, uint16_t fee_rate,
                               uint64_t *tao_gross);

/* Largest gross alpha a sell may take without pushing the price below the limit. */
ss_tx ss_pool_max_sell_to_price(const ss_pool *p, uint64_t limit_price_rao, uint16_t fee_rate,
                                uint64_t *alpha_gross);

/*
** The quote weight after the protocol adds (dtao, dalpha) so that the spot
** price does not move (spec §4.4):
**   w_q' = w_q x (y+dy) / (w_b y (x+dx) + w_q x (y+dy)),
** 1/2 when a reserve is zero. Returns false (injection refused) when w_q'
** falls outside [w_min, w_max].
*/
bool ss_pool_injection_weight(const ss_pool *p, uint64_t dtao, uint64_t dalpha, double w_min,
                              double w_max, double *quote_weight);

#ifdef __cplusplus
}
#endif
#endif
