/*
** Distribution of a drained epoch (spec §3.5-§3.6): miner incentive (withheld
** from the owner's own hotkeys), dividends re-routed from child to parent
** hotkeys, split between alpha and root stakers by direct stake, validator
** take, owner cut. Every rao of the drain ends in exactly one place: a
** caller-credited stake, the root-claimable bucket, burned, recycled or
** unowned (rounding and weight sums of zero, which the chain also leaves
** minted and unpaid).
*/
#include "subnetsim/economy.h"

#include <math.h>
#include <string.h>

#include "econ_internal.h"

static bool uid(const ss_dist_input *in, uint32_t k)
{
    return !in->has_uid || in->has_uid[k];
}

static double positive(const double *v, uint32_t k)
{
    return v && v[k] > 0.0 ? v[k] : 0.0;
}

static ss_status check_input(const ss_econ_subnet *s, const ss_drain *d,
                             const ss_dist_input *in, const ss_dist_output *out, ss_error *err)
{
    uint64_t total = d->server_rao + d->validator_rao + d->root_rao + d->owner_rao;
    if (total > s->draining_rao || d->root_tao_rao > s->draining_tao_rao)
        return ss_error_set(err, SS_EINVAL,
                            "distribute on subnet %u: %llu alpha more than was drained (%llu)",
                            s->netuid, (unsigned long long)total,
                            (unsigned long long)s->draining_rao);
    if (in->n > 0 && (!in->alpha_stake_rao || !out->miner_rao || !out->take_rao
                      || !out->nominator_rao || !out->root_claimable_rao))
        return ss_error_set(err, SS_EINVAL,
                            "distribute on subnet %u: missing stake or output arrays", s->netuid);
    if (d->root_tao_rao > 0 && in->n > 0
        && (!out->root_tao_take_rao || !out->root_tao_nominator_rao))
        return ss_error_set(err, SS_EINVAL,
                            "distribute on subnet %u: root TAO pending but no root TAO outputs",
                            s->netuid);
    for (uint32_t l = 0; l < in->n_links; l++) {
        const ss_child_link *c = &in->links[l];
        if (c->parent >= in->n || c->child >= in->n || c->parent == c->child
            || !(c->proportion >= 0.0 && c->proportion <= 1.0))
            return ss_error_set(err, SS_EINVAL,
                                "distribute on subnet %u: link %u (%u -> %u, %g) is invalid",
                                s->netuid, l, c->parent, c->child, c->proportion);
    }
    return SS_OK;
}

/* floor(total w / sum), never more than *left; takes it from *left. */
static uint64_t portion(uint64_t total, double w, double sum, uint64_t *left)
{
    if (!(w > 0.0) || !(sum > 0.0))
        return 0;
    /* total w / sum in this order keeps exact ratios exact (6e8 x 1 / 1.5). */
    uint64_t v = ss__floor_rao((double)total * w / sum);
    v = ss__min_u64(v, *left);
    *left -= v;
    return v;
}

ss_status ss_economy_distribute(ss_economy *e, uint32_t netuid, const ss_drain *d,
                                const ss_dist_input *in, ss_dist_output *out, ss_error *err)
{
    ss_econ_subnet *s = ss_economy_subnet(e, netuid);
    if (!s)
        return ss_error_set(err, SS_EINVAL, "distribute: no subnet %u", netuid);
    ss_status st = check_input(s, d, in, out, err);
    if (st == SS_OK)
        st = ss__econ_ws_hotkeys(e->ws, in->n, err);
    if (st != SS_OK)
        return st;
    ss_econ_workspace *ws = e->ws;
    const uint32_t n = in->n;
    const double tw = e->p.tao_weight;
    double *inc = ws->inc, *div = ws->div, *dd = ws->d, *own = ws->own;
    double *inherited = ws->contrib, *given = ws->childprop, *rf = ws->rootfrac;

    out->owner_cut_rao = out->withheld_rao = out->ck_burn_rao = 0;
    out->unowned_rao = out->root_tao_recycled_rao = 0;
    out->paid_alpha_rao = out->paid_root_tao_rao = 0;
    out->miner_burned = 0.0;
    for (uint32_t k = 0; k < n; k++) {
        out->miner_rao[k] = out->take_rao[k] = out->nominator_rao[k] = 0;
        out->root_claimable_rao[k] = 0;
        if (out->root_tao_take_rao)
            out->root_tao_take_rao[k] = 0;
        if (out->root_tao_nominator_rao)
            out->root_tao_nominator_rao[k] = 0;
        double root = in->root_stake_rao ? (double)in->root_stake_rao[k] : 0.0;
        double alpha = (double)in->alpha_stake_rao[k];
        own[k] = alpha + tw * root;
        rf[k] = own[k] > 0.0 ? tw * root / own[k] : 0.0;
        given[k] = 0.0;
        dd[k] = 0.0;
    }
    /* Stake weights with child keys: what a hotkey keeps plus what parents give it. */
    for (uint32_t l = 0; l < in->n_links; l++)
        given[in->links[l].parent] += in->links[l].proportion;
    for (uint32_t k = 0; k < n; k++)
        if (given[k] > 1.0 + 1e-9)
            return ss_error_set(err, SS_EINVAL,
                                "distribute on subnet %u: hotkey %u gives %g of its stake to "
                                "children (at most 1)", netuid, k, given[k]);
    for (uint32_t k = 0; k < n; k++)
        inherited[k] = own[k] * (given[k] < 1.0 ? 1.0 - given[k] : 0.0);
    for (uint32_t l = 0; l < in->n_links; l++) {
        const ss_child_link *c = &in->links[l];
        inherited[c->child] += c->proportion * own[c->parent];
    }

    /* 1. Incentive and dividends on T; dividends follow stake when Yuma gave none. */
    const uint64_t T = d->server_rao + d->validator_rao + d->root_rao;
    double sum_i = 0.0, sum_d = 0.0;
    for (uint32_t k = 0; k < n; k++) {
        inc[k] = uid(in, k) ? positive(in->incentive, k) : 0.0;
        div[k] = uid(in, k) ? positive(in->dividends, k) : 0.0;
        sum_i += inc[k];
        sum_d += div[k];
    }
    if (!(sum_i > 0.0) && !(sum_d > 0.0)) {
        for (uint32_t k = 0; k < n; k++) {
            div[k] = uid(in, k) && inherited[k] > 0.0 ? inherited[k] : 0.0;
            sum_d += div[k];
        }
    }
    double parts = (sum_i > 0.0) + (sum_d > 0.0);
    uint64_t left = T; /* what remains of T to pay */

    /* 3. Miners. */
    uint64_t miners = 0;
    for (uint32_t k = 0; k < n && sum_i > 0.0; k++) {
        uint64_t amount = portion(T, inc[k], sum_i * parts, &left);
        if (in->owner_owned && in->owner_owned[k])
            out->withheld_rao += amount;
        else
            out->miner_rao[k] = amount;
        miners += amount;
    }
    out->miner_burned = miners > 0 ? (double)out->withheld_rao / (double)miners : 0.0;

    /* 2. Without miners, validators also take the server bucket. */
    const uint64_t v_bucket = d->validator_rao + (sum_i > 0.0 ? 0 : d->server_rao);

    /* 4. Re-route each dividend to the parents that lent the stake. */
    double ck = (double)e->p.ck_burn / 65535.0;
    double burn_alpha = 0.0, burn_root = 0.0;
    for (uint32_t k = 0; k < n; k++) {
        if (!(div[k] > 0.0))
            continue;
        if (inherited[k] > 0.0)
            dd[k] += div[k] * own[k] * (given[k] < 1.0 ? 1.0 - given[k] : 0.0) / inherited[k];
        else
            dd[k] += div[k];
    }
    for (uint32_t l = 0; l < in->n_links; l++) {
        const ss_child_link *c = &in->links[l];
        uint32_t h = c->child, q = c->parent;
        if (!(div[h] > 0.0) || !(inherited[h] > 0.0))
            continue;
        double share = div[h] * c->proportion * own[q] / inherited[h];
        if (!c->same_coldkey) {
            double burn = share * ck;
            double ctake = in->childkey_take ? (double)in->childkey_take[h] / 65535.0 : 0.0;
            double take = (share - burn) * ctake;
            burn_alpha += burn * (1.0 - rf[q]);
            burn_root += burn * rf[q];
            dd[h] += take;
            share -= burn + take;
        }
        dd[q] += share;
    }

    /* 5. Root versus alpha by direct stake; each bucket shared by weight. */
    double sum_ad = burn_alpha, sum_rd = burn_root;
    for (uint32_t k = 0; k < n; k++) {
        sum_ad += dd[k] * (1.0 - rf[k]);
        sum_rd += dd[k] * rf[k];
    }
    uint64_t left_v = ss__min_u64(v_bucket, left);
    uint64_t left_r = ss__min_u64(d->root_rao, left - left_v);
    uint64_t left_rt = d->root_tao_rao;
    const uint64_t v_total = left_v, r_total = left_r;
    uint64_t claimable = 0;
    for (uint32_t k = 0; k < n; k++) {
        double ad = dd[k] * (1.0 - rf[k]), rd = dd[k] * rf[k];
        uint64_t a = portion(v_total, ad, sum_ad, &left_v);
        uint64_t r = portion(r_total, rd, sum_rd, &left_r);
        uint16_t take = in->take ? in->take[k] : e->p.default_take;
        /* 6. Validator take, on alpha and on root dividends. */
        uint64_t ta = ss__mul_div(a, take, 65535), tr = ss__mul_div(r, take, 65535);
        out->take_rao[k] = ta + tr;
        out->nominator_rao[k] = a - ta;
        out->root_claimable_rao[k] = r - tr;
        out->paid_alpha_rao += a + tr;
        claimable += r - tr;
        if (d->root_tao_rao > 0) {
            uint64_t rt = portion(d->root_tao_rao, rd, sum_rd, &left_rt);
            uint64_t trt = ss__mul_div(rt, take, 65535);
            out->root_tao_take_rao[k] = trt;
            out->root_tao_nominator_rao[k] = rt - trt;
            out->paid_root_tao_rao += rt;
        }
    }
    /* CKBurn took its place in the weight sums; what it would have been paid is recycled. */
    if (burn_alpha > 0.0)
        out->ck_burn_rao += portion(v_total, burn_alpha, sum_ad, &left_v);
    if (burn_root > 0.0)
        out->ck_burn_rao += portion(r_total, burn_root, sum_rd, &left_r);

    /* 7. Owner cut. */
    out->owner_cut_rao = d->owner_rao;
    out->paid_alpha_rao += miners - out->withheld_rao + out->owner_cut_rao;

    /* Book what stays with the subnet. */
    uint64_t drained = T + d->owner_rao;
    uint64_t booked = out->paid_alpha_rao + claimable + out->withheld_rao + out->ck_burn_rao;
    out->unowned_rao = drained - booked;
    s->draining_rao -= drained;
    s->root_claimable_rao += claimable;
    s->alpha_unowned_rao += out->unowned_rao;
    if (e->p.recycle_or_burn == SS_WITHHELD_RECYCLE)
        ss__econ_recycle_alpha(s, out->withheld_rao);
    else
        s->alpha_burned_rao += out->withheld_rao;
    ss__econ_recycle_alpha(s, out->ck_burn_rao);
    s->miner_burned = out->miner_burned;

    /* Root TAO: paid becomes root stake; nobody to pay means recycled. */
    s->draining_tao_rao -= d->root_tao_rao;
    e->root_tao_rao += out->paid_root_tao_rao;
    out->root_tao_recycled_rao = d->root_tao_rao - out->paid_root_tao_rao;
    ss__econ_recycle_tao(e, out->root_tao_recycled_rao);
    return SS_OK;
}
