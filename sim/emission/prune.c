/*
** Who leaves when there is no room (spec §5.2-§5.3): the UID replaced by a new
** registration on a full subnet, and the subnet dissolved when the network
** is full.
*/
#include "subnetsim/registration.h"

bool ss_uid_is_immune(uint64_t registered_block, uint64_t block, uint64_t immunity_period)
{
    return block < registered_block || block - registered_block < immunity_period;
}

/* Does owner-owned UID v come before u in the chain's order: newest first, then lower UID? */
static bool ranks_before(const ss_uid_prune_input *in, uint32_t v, uint32_t u)
{
    uint64_t bv = in->registered_block[v], bu = in->registered_block[u];
    return bv > bu || (bv == bu && v < u);
}

bool ss_uid_is_immortal(const ss_uid_prune_input *in, uint32_t u)
{
    if (in->immune_owner_uids_limit == 0)
        return false;
    bool owner_registered = in->owner_hotkey_uid >= 0 && in->owner_hotkey_uid < (int64_t)in->n;
    if (owner_registered && (int64_t)u == in->owner_hotkey_uid)
        return true;
    if (!in->owner_owned || !in->owner_owned[u])
        return false;
    /* The owner hotkey always takes one of the limit's places; the others go
    ** to the most recently registered owner keys (the chain lets old ones
    ** expire). */
    uint32_t places = in->immune_owner_uids_limit - (owner_registered ? 1u : 0u);
    uint32_t rank = 0;
    for (uint32_t v = 0; v < in->n && rank < places; v++) {
        if (v == u || !in->owner_owned[v] || (int64_t)v == in->owner_hotkey_uid)
            continue;
        if (ranks_before(in, v, u))
            rank++;
    }
    return rank < places;
}

/* Is candidate u a better choice to prune than the current best? */
static bool better(const ss_uid_prune_input *in, uint32_t u, int64_t best)
{
    if (best < 0)
        return true;
    uint64_t eu = in->emission_rao[u], eb = in->emission_rao[best];
    if (eu != eb)
        return eu < eb;
    return in->registered_block[u] < in->registered_block[best]; /* then lower UID: first seen */
}

int64_t ss_uid_to_prune(const ss_uid_prune_input *in)
{
    int64_t best_open = -1, best_immune = -1;
    uint32_t open = 0;
    for (uint32_t u = 0; u < in->n; u++) {
        if (ss_uid_is_immortal(in, u))
            continue;
        if (ss_uid_is_immune(in->registered_block[u], in->block, in->immunity_period)) {
            if (better(in, u, best_immune))
                best_immune = u;
        } else {
            open++;
            if (better(in, u, best_open))
                best_open = u;
        }
    }
    if (open > in->min_non_immune)
        return best_open;
    return best_immune;
}

int64_t ss_subnet_to_prune(uint32_t n, const double *score, const uint64_t *registered_block,
                           const bool *immune)
{
    int64_t best = -1;
    for (uint32_t i = 0; i < n; i++) {
        if (immune[i])
            continue;
        if (best < 0 || score[i] < score[best]
            || (score[i] == score[best] && registered_block[i] < registered_block[best]))
            best = i;
    }
    return best;
}
