/*
** Inside one subnet, per block (spec §3.2-§3.3): how its TAO emission E_i
** becomes liquidity and chain buys under each injection rule, and how its
** alpha out is split into the owner, miner, validator and root buckets.
*/
#include "subnetsim/emission.h"

#include <math.h>

#include "econ_internal.h"

void ss_subnet_terms_compute(ss_injection mode, double tao_emission, double block_emission,
                             double price, double alpha_emission, double root_prop,
                             ss_subnet_terms *out)
{
    double e_i = tao_emission > 0.0 ? tao_emission : 0.0;
    out->subsidized = false;
    out->excess_tao = 0.0;
    out->cap = INFINITY;
    if (mode == SS_INJECT_DTAO_SUBSIDY && block_emission > 0.0
        && price < e_i / block_emission) {
        /* Subsidy (2025-07-29 .. 11-04): the pool gets E alpha at the current
        ** price; the rest of E_i buys alpha that leaves supply. */
        out->subsidized = true;
        out->tao_in = price * block_emission;
        out->alpha_in = block_emission;
        out->excess_tao = e_i - out->tao_in;
        return;
    }
    if (mode == SS_INJECT_DTAO_2025 || mode == SS_INJECT_DTAO_SUBSIDY) {
        /* All TAO in, uncapped; alpha in at the price but at most H(A_i):
        ** the price rises when the cap binds. */
        out->cap = alpha_emission;
        out->tao_in = e_i;
        if (e_i <= 0.0)
            out->alpha_in = 0.0;
        else if (price > 0.0)
            out->alpha_in = e_i / price < alpha_emission ? e_i / price : alpha_emission;
        else
            out->alpha_in = alpha_emission;
        return;
    }
    if (mode == SS_INJECT_EMISSION_CAP)
        out->cap = alpha_emission < block_emission ? alpha_emission : block_emission;
    else
        out->cap = root_prop * alpha_emission;
    out->alpha_in = price > 0.0 ? e_i / price : 0.0;
    out->tao_in = e_i;
    if (out->alpha_in > out->cap) {
        out->alpha_in = out->cap;
        out->tao_in = out->cap * price;
    }
    out->excess_tao = e_i - out->tao_in;
    if (out->excess_tao < 0.0)
        out->excess_tao = 0.0;
}

void ss_alpha_out_split(uint64_t alpha_out_rao, uint16_t owner_cut, bool owner_cut_enabled,
                        double root_prop, ss_alpha_split *out)
{
    double alpha = (double)alpha_out_rao;
    double owner = owner_cut_enabled ? alpha * (double)owner_cut / 65535.0 : 0.0;
    double a = alpha - owner;
    double server = 0.5 * a;
    double root = root_prop * a * 0.5;
    double validator = a - server - root;
    out->owner_rao = ss__floor_rao(owner);
    out->server_rao = ss__floor_rao(server);
    out->validator_rao = ss__floor_rao(validator);
    out->root_rao = ss__floor_rao(root);
    /* Rounding of the reals must never hand out more than was minted. */
    uint64_t *order[4] = {&out->validator_rao, &out->root_rao, &out->server_rao,
                          &out->owner_rao};
    uint64_t sum = out->owner_rao + out->server_rao + out->validator_rao + out->root_rao;
    for (int i = 0; i < 4 && sum > alpha_out_rao; i++) {
        uint64_t cut = ss__min_u64(*order[i], sum - alpha_out_rao);
        *order[i] -= cut;
        sum -= cut;
    }
    out->dust_rao = alpha_out_rao - sum;
}
