/*
** Entry and exit on the economy (spec §5): UID registration by burn (a buy
** whose alpha is recycled), subnet registration (lock cost, pool seeded at
** the median price), the choice of the subnet to prune, and dissolution (pool
** TAO back to stakers by largest remainder, the rest recycled).
*/
#include "subnetsim/economy.h"

#include <stdlib.h>
#include <string.h>

#include "econ_internal.h"
#include "subnetsim/registration.h"

uint64_t ss_economy_burn_price(const ss_economy *e, uint32_t netuid)
{
    const ss_econ_subnet *s = ss_economy_subnet_const(e, netuid);
    return s ? s->burn_rao : 0;
}

ss_tx ss_economy_register_uid(ss_economy *e, uint32_t netuid, ss_trade *out)
{
    memset(out, 0, sizeof *out);
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return SS_TX_NO_SUBNET;
    if (!s->hp.registration_allowed)
        return SS_TX_REGISTRATION_CLOSED;
    uint64_t price = s->burn_rao;
    if (price > 0) {
        ss_pool_guard g = ss__econ_guard(e);
        ss_swap sw;
        ss_tx t = ss_pool_quote_buy(&s->pool, price, s->hp.fee_rate, true, &g, &sw);
        if (t != SS_TX_OK)
            return t;
        /* Buy and burn: the alpha leaves issuance; the fee is neither paid to
        ** the author nor added to y, it stays on the subnet account. */
        ss_pool_apply_buy(&s->pool, &sw);
        s->alpha_recycled_rao += sw.out;
        s->account_tao_rao += sw.fee;
        ss__flow_add(&s->tao_flow_rao, price, +1);
        out->alpha_rao = sw.out;
        out->fee_tao_rao = sw.fee;
    }
    out->tao_rao = price;
    s->burn_rao = ss_burn_bump(s->burn_rao, ss_q64_from_double(s->hp.burn_increase_mult),
                               s->hp.min_burn_rao, s->hp.max_burn_rao);
    s->registrations_this_block++;
    return SS_TX_OK;
}

uint64_t ss_economy_lock_cost(const ss_economy *e)
{
    uint64_t emission = ss_block_emission(e->total_issuance_rao, e->p.total_supply_rao,
                                          e->p.block_emission_rao);
    return ss_lock_cost(&e->lock, e->block, emission, e->p.network_min_lock_rao,
                        e->p.network_lock_reduction_interval);
}

uint32_t ss_economy_subnet_to_prune(const ss_economy *e)
{
    ss_econ_workspace *ws = e->ws;
    uint32_t n = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        const ss_econ_subnet *s = &e->subnets[i];
        if (!s->exists)
            continue;
        ws->eligible[n] = i;
        ws->a[n] = e->p.split_rule == SS_SPLIT_ROOT_WEIGHTS ? s->root_weight_share
                                                            : s->moving_price;
        ws->u64[n] = s->registered_block;
        ws->flag[n] = !(e->block > s->registered_block
                        && e->block - s->registered_block >= e->p.network_immunity_period);
        n++;
    }
    int64_t k = ss_subnet_to_prune(n, ws->a, ws->u64, ws->flag);
    return k < 0 ? 0 : ws->eligible[k];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median spot price of the subnets with a positive price; 1 when there is none. */
static double median_price(const ss_economy *e)
{
    ss_econ_workspace *ws = e->ws;
    uint32_t n = 0;
    for (uint32_t i = 1; i <= e->max_netuid; i++) {
        if (!e->subnets[i].exists)
            continue;
        double p = ss_pool_price(&e->subnets[i].pool);
        if (p > 0.0)
            ws->a[n++] = p;
    }
    if (n == 0)
        return 1.0;
    qsort(ws->a, n, sizeof(double), cmp_double);
    return n % 2 ? ws->a[n / 2] : (ws->a[n / 2 - 1] + ws->a[n / 2]) / 2.0;
}

ss_tx ss_economy_register_subnet(ss_economy *e, uint32_t *netuid, uint64_t *lock_rao)
{
    *netuid = 0;
    *lock_rao = 0;
    if (e->lock.any_registered
        && e->block - e->last_network_registration_block < e->p.network_rate_limit)
        return SS_TX_RATE_LIMITED;
    uint32_t free_id = 0;
    for (uint32_t i = 1; i <= e->max_netuid && !free_id; i++)
        if (!e->subnets[i].exists)
            free_id = i;
    if (!free_id)
        return SS_TX_SUBNET_LIMIT;
    uint64_t cost = ss_economy_lock_cost(e);
    double median = median_price(e);
    uint64_t alpha = ss__floor_rao((double)cost / median);
    if (alpha == 0)
        alpha = 1;

    ss_econ_subnet *s = &e->subnets[free_id];
    ss__econ_subnet_init(e, s, free_id);
    s->pool.tao_rao = cost;
    s->pool.alpha_rao = alpha;
    s->alpha_issued_rao = alpha;
    s->locked_rao = cost;
    e->lock.any_registered = true;
    e->lock.last_lock_rao = cost;
    e->lock.last_lock_block = e->block;
    e->last_network_registration_block = e->block;
    *netuid = free_id;
    *lock_rao = cost;
    return SS_TX_OK;
}

typedef struct remainder {
    ss_u128 rem;
    uint32_t index;
} remainder;

static int cmp_remainder(const void *a, const void *b)
{
    const remainder *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem < y->rem ? 1 : -1; /* largest first */
    return (x->index > y->index) - (x->index < y->index);
}

ss_status ss_economy_dissolve_subnet(ss_economy *e, uint32_t netuid, uint32_t n,
                                     const uint64_t *alpha_stake_rao, uint64_t *tao_out_rao,
                                     ss_error *err)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return ss_error_set(err, SS_EINVAL, "dissolve: no subnet %u", netuid);
    uint64_t protocol = s->pool.alpha_rao + s->protocol_alpha_rao;
    ss_u128 total = protocol;
    for (uint32_t k = 0; k < n; k++)
        total += alpha_stake_rao[k];
    const uint64_t y = s->pool.tao_rao;
    uint64_t paid = 0;
    for (uint32_t k = 0; k < n; k++)
        tao_out_rao[k] = 0;
    if (total > 0 && y > 0) {
        /* Entry n is the protocol's share; the largest remainders get the leftover rao. */
        remainder *r = malloc(((size_t)n + 1) * sizeof *r);
        if (!r)
            return ss_error_set(err, SS_ENOMEM, "dissolve: out of memory for %u stakers", n);
        uint64_t protocol_tao = (uint64_t)((ss_u128)y * protocol / total);
        uint64_t handed = protocol_tao;
        r[n].rem = (ss_u128)y * protocol % total;
        r[n].index = n;
        for (uint32_t k = 0; k < n; k++) {
            ss_u128 v = (ss_u128)y * alpha_stake_rao[k];
            tao_out_rao[k] = (uint64_t)(v / total);
            r[k].rem = v % total;
            r[k].index = k;
            handed += tao_out_rao[k];
        }
        qsort(r, (size_t)n + 1, sizeof *r, cmp_remainder);
        for (uint64_t i = 0; handed < y; i++, handed++) {
            if (r[i].index == n)
                protocol_tao++;
            else
                tao_out_rao[r[i].index]++;
        }
        free(r);
        for (uint32_t k = 0; k < n; k++)
            paid += tao_out_rao[k];
    }
    /* Everything else of the subnet's TAO is recycled: the protocol's share,
    ** the stranded account, pending and draining root TAO. */
    uint64_t recycled = (y - paid) + s->account_tao_rao + s->pending_root_tao_rao
                        + s->draining_tao_rao;
    ss__econ_recycle_tao(e, recycled);
    memset(s, 0, sizeof *s);
    return SS_OK;
}
