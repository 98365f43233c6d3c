/*
** Mechanisms of a subnet (spec/yuma.md §6.3): splitting the epoch's alpha
** over mechanisms and aggregating per-mechanism results into the per-subnet
** values. Each mechanism runs its own ss_yuma.
*/
#include "consensus/fixed.h"
#include "subnetsim/consensus.h"

void ss_mechanism_split_emission(uint64_t total, uint32_t count, const uint16_t *split,
                                 uint64_t *out)
{
    if (count == 0)
        return;
    uint64_t given = 0;
    for (uint32_t m = 0; m < count; m++) {
        out[m] = split ? (uint64_t)(((ss_u128)total * split[m]) / 65535u) : total / count;
        given += out[m];
    }
    if (given < total)
        out[0] += total - given;
}

uint64_t ss_mechanism_aggregate(const uint64_t *x, const uint64_t *share, uint32_t count,
                                uint64_t total)
{
    uint64_t acc = 0;
    for (uint32_t m = 0; m < count; m++) {
        /* w = share / total as U64F64 bits (<= 2^64 when share <= total). */
        ss_u128 w;
        if (total == 0)
            w = m == 0 ? (ss_u128)1 << 64 : 0;
        else
            w = ((ss_u128)share[m] << 64) / total;
        ss_u128 prod;
        if (w >> 64)
            prod = (ss_u128)x[m] * (uint64_t)(w >> 64) + (((ss_u128)x[m] * (uint64_t)w) >> 64);
        else
            prod = ((ss_u128)x[m] * (uint64_t)w) >> 64;
        ss_u128 s = (ss_u128)acc + prod;
        acc = s > UINT64_MAX ? UINT64_MAX : (uint64_t)s;
    }
    return acc;
}
