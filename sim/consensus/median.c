/*
** The chain's weighted_median as it runs on chain (spec/yuma.md §4.6): a
** deterministic mid-pivot selection with saturating partial sums. The epoch
** computes the same value in closed form (median_impl.h); this version is the
** definition the closed form is tested against and what the math vectors pin.
*/
#include <string.h>

#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"

int64_t ss__fx_weighted_median(const int64_t *stake, const int64_t *score, const uint32_t *idx,
                               uint32_t n, int64_t minority, int64_t lo, int64_t hi,
                               uint32_t *scratch)
{
    uint32_t *cur = scratch, *nxt = scratch + n;
    memcpy(cur, idx, n * sizeof *cur);
    uint32_t len = n;
    for (uint32_t it = 0; it <= n; it++) {
        if (len == 0)
            return 0;
        if (len == 1)
            return score[cur[0]];
        int64_t pivot = score[cur[len / 2]];
        int64_t sl = 0, sh = 0;
        uint32_t nl = 0, nh = 0;
        for (uint32_t k = 0; k < len; k++) {
            int64_t s = score[cur[k]];
            if (s < pivot) {
                sl = ss_fx_add(sl, stake[cur[k]]);
                nl++;
            } else if (s > pivot) {
                sh = ss_fx_add(sh, stake[cur[k]]);
                nh++;
            }
        }
        uint32_t m = 0;
        if (minority < ss_fx_add(lo, sl) && nl) {
            for (uint32_t k = 0; k < len; k++)
                if (score[cur[k]] < pivot)
                    nxt[m++] = cur[k];
            hi = ss_fx_add(lo, sl);
        } else if (ss_fx_sub(hi, sh) <= minority && nh) {
            for (uint32_t k = 0; k < len; k++)
                if (score[cur[k]] > pivot)
                    nxt[m++] = cur[k];
            lo = ss_fx_sub(hi, sh);
        } else {
            return pivot;
        }
        uint32_t *t = cur;
        cur = nxt;
        nxt = t;
        len = m;
    }
    return 0;
}
