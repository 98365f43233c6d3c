/*
** Helpers shared by the files of sim/emission/: exact 128-bit products,
** saturating arithmetic, flooring doubles into rao, and the economy's
** workspace (sized once, reused every block).
*/
#ifndef SS_ECON_INTERNAL_H
#define SS_ECON_INTERNAL_H

#include <stdint.h>

#include "subnetsim/economy.h"

__extension__ typedef unsigned __int128 ss_u128;
__extension__ typedef __int128 ss_i128;

/* floor(a b / c), saturating at UINT64_MAX; 0 when c is 0. */
static inline uint64_t ss__mul_div(uint64_t a, uint64_t b, uint64_t c)
{
    if (c == 0)
        return 0;
    ss_u128 q = (ss_u128)a * b / c;
    return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

/* floor(v) for v >= 0 as rao; 0 for negative or NaN, saturating above 2^64. */
static inline uint64_t ss__floor_rao(double v)
{
    if (!(v > 0.0))
        return 0;
    if (v >= 18446744073709551615.0)
        return UINT64_MAX;
    return (uint64_t)v;
}

static inline uint64_t ss__sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static inline uint64_t ss__sat_sub(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

static inline uint64_t ss__min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* Adds a signed amount to a flow accumulator, saturating at the int64 range. */
static inline void ss__flow_add(int64_t *flow, uint64_t amount, int sign)
{
    ss_i128 v = *flow;
    v += sign > 0 ? (ss_i128)amount : -(ss_i128)amount;
    *flow = v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* Per-subnet and per-hotkey scratch arrays of the economy. */
struct ss_econ_workspace {
    uint32_t n_subnet_slots;   /* max_netuid + 1 */
    uint32_t *eligible;        /* netuids taking part in this block's split */
    double *a, *b, *c, *share; /* per eligible subnet */
    bool *flag, *flag2;        /* per eligible subnet */
    uint64_t *u64;             /* per subnet */
    uint32_t hotkey_cap;       /* per-hotkey arrays below have this many entries */
    double *inc, *div, *d, *own, *contrib, *childprop, *rootfrac;
};

/* Grows the per-hotkey arrays to n entries. */
ss_status ss__econ_ws_hotkeys(ss_econ_workspace *ws, uint32_t n, ss_error *err);

/* The guards of the economy's pools. */
static inline ss_pool_guard ss__econ_guard(const ss_economy *e)
{
    ss_pool_guard g = {e->p.swap_minimum_reserve_rao, e->p.swap_max_input_ratio};
    return g;
}

/* Sets up a new subnet's state at the current block (no reserves). */
void ss__econ_subnet_init(ss_economy *e, ss_econ_subnet *s, uint32_t netuid);

/* Recycles TAO: it leaves TotalIssuance. */
static inline void ss__econ_recycle_tao(ss_economy *e, uint64_t rao)
{
    e->tao_recycled_rao += rao;
    e->total_issuance_rao = ss__sat_sub(e->total_issuance_rao, rao);
}

/* Recycles alpha that is in o. */
static inline void ss__econ_recycle_alpha(ss_econ_subnet *s, uint64_t rao)
{
    s->alpha_out_rao -= rao;
    s->alpha_recycled_rao += rao;
}

/* Pays a swap fee in TAO: to the author or burned. */
static inline void ss__econ_pay_fee(ss_economy *e, uint64_t rao)
{
    if (e->p.fee_destination == SS_FEE_AUTHOR)
        e->author_tao_rao += rao;
    else
        e->tao_burned_rao += rao;
}

#endif
