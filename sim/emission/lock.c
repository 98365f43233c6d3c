/*
** The subnet lock cost (spec §5.3): doubles after each registration, then
** decays linearly back to the last lock in I_eff blocks and to the minimum
** in 2 I_eff; I_eff shrinks with the TAO halvings.
*/
#include "subnetsim/registration.h"

#include "econ_internal.h"

uint64_t ss_lock_cost(const ss_lock_state *st, uint64_t block, uint64_t block_emission_rao,
                      uint64_t min_lock_rao, uint64_t reduction_interval)
{
    uint64_t last = st->last_lock_rao;
    uint64_t base = st->any_registered ? ss__sat_add(last, last) : last;
    uint64_t i_eff = ss__mul_div(reduction_interval, block_emission_rao, SS_RAO_PER_TAO);
    uint64_t decay = 0;
    if (i_eff > 0) {
        uint64_t per_block = last / i_eff;
        uint64_t elapsed = ss__sat_sub(block, st->last_lock_block);
        ss_u128 d = (ss_u128)per_block * elapsed;
        decay = d > UINT64_MAX ? UINT64_MAX : (uint64_t)d;
    }
    uint64_t cost = ss__sat_sub(base, decay);
    return cost > min_lock_rao ? cost : min_lock_rao;
}
