/*
** Block emission and the halving schedule (spec/emission.md §1), for TAO and
** for each subnet's alpha, in exact integer arithmetic: the number of halvings
** at issuance I is the largest k with (S - I) 2^k <= S.
*/
#include "subnetsim/emission.h"

#include <math.h>

unsigned ss_halvings(uint64_t issuance_rao, uint64_t supply_rao)
{
    if (issuance_rao >= supply_rao)
        return 64;
    uint64_t d = supply_rao - issuance_rao;
    /* d << k has the bit length of S when k is the difference of bit lengths;
    ** it is then either <= S (k halvings) or just above (k - 1). */
    unsigned k = (unsigned)(__builtin_clzll(d) - __builtin_clzll(supply_rao));
    if ((d << k) > supply_rao)
        k--;
    return k;
}

uint64_t ss_block_emission(uint64_t issuance_rao, uint64_t supply_rao, uint64_t base_rao)
{
    unsigned k = ss_halvings(issuance_rao, supply_rao);
    return k >= 64 ? 0 : base_rao >> k;
}

double ss_tao_weight_from_u64(uint64_t raw)
{
    return (double)raw / 18446744073709551615.0;
}

double ss_root_proportion(double tao_weight, uint64_t root_tao_rao, uint64_t alpha_issuance_rao)
{
    double root = tao_weight * (double)root_tao_rao;
    double den = root + (double)alpha_issuance_rao;
    return den > 0.0 ? root / den : 0.0;
}
