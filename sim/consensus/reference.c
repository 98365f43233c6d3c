/*
** The reference tool's Yuma variants (spec/peer-yuma.md §1.1) in IEEE single
** precision, and their place behind ss_yuma_epoch.
**
** ss__ref_core follows the package's tensor expressions one operation at a
** time: every intermediate is rounded to float32, Python scalars enter
** float32 operations rounded to float32 (as torch does for a CPU scalar),
** reductions run in index order, and `.int()` of a NaN or out-of-range value
** gives INT32_MIN as x86 does. Degenerate epochs (all consensus zero) thus
** produce the same negative consensus the package does.
**
** ss__ref_epoch maps the engine's chain-style input to the V x S view:
** validators are the UIDs holding a permit after this epoch's top-k (the
** reference picks validators by current stake), in uid order; servers are
** all n UIDs; weights are the stored u16 rows / 65535 with the chain's
** self-weight and outdated-weight masks. The bond state (floats) lives in one
** row per validator and follows the UID; a UID that stops validating loses
** its row, one that starts begins at zero (as the package's aligning of
** bond state between epochs does).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "consensus/reference.h"
#include "consensus/yuma_internal.h"

#define EPS6 ((float)1e-6)

size_t ss__ref_scratch_floats(uint32_t V, uint32_t S)
{
    return (size_t)4 * V + 2 * (size_t)V * S + 8;
}

static float nan_to_num(float x)
{
    if (isnan(x))
        return 0.0f;
    if (isinf(x))
        return x > 0 ? 3.4028234663852886e38f : -3.4028234663852886e38f;
    return x;
}

/* torch's Tensor.int() on x86: truncation, NaN and overflow give INT32_MIN. */
static int32_t to_int32(float x)
{
    if (!(x > -2147483649.0f && x < 2147483648.0f))
        return INT32_MIN;
    return (int32_t)x;
}

/* Stable sort of (w, s) pairs by w descending; tmp has room for 2n floats. */
static void sort_desc(float *w, float *s, uint32_t n, float *tw, float *ts)
{
    for (uint32_t width = 1; width < n; width *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * width) {
            uint32_t mid = lo + width < n ? lo + width : n;
            uint32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            uint32_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) {
                if (w[b] > w[a]) {
                    tw[k] = w[b]; ts[k++] = s[b++];
                } else {
                    tw[k] = w[a]; ts[k++] = s[a++];
                }
            }
            while (a < mid) { tw[k] = w[a]; ts[k++] = s[a++]; }
            while (b < hi) { tw[k] = w[b]; ts[k++] = s[b++]; }
        }
        memcpy(w, tw, n * sizeof *w);
        memcpy(s, ts, n * sizeof *s);
    }
}

/* _compute_liquid_alpha: per-cell alpha from W, B_old and a consensus vector. */
static void liquid_alpha(const ss_yuma_params *p, const float *W, const float *B,
                         const float *C, uint32_t V, uint32_t S, float *alpha)
{
    float neg_steep = (float)(-p->ref_alpha_steepness);
    float lo = (float)p->ref_alpha_low, hi = (float)p->ref_alpha_high;
    float span = (float)(p->ref_alpha_high - p->ref_alpha_low);
    for (uint32_t i = 0; i < V; i++)
        for (uint32_t j = 0; j < S; j++) {
            float w = W[i * S + j], b = B[i * S + j], d;
            if (w >= b) {
                d = w - C[j];
            } else {
                d = b - w;
            }
            d = d < 0.0f ? 0.0f : d > 1.0f ? 1.0f : d;
            float x = neg_steep * (d - 0.5f);
            float sig = 1.0f / (1.0f + expf(x));
            float a = lo + sig * span;
            alpha[i * S + j] = a < lo ? lo : a > hi ? hi : a;
        }
}

void ss__ref_core(const ss_yuma_params *p, const ss_ref_in *in, ss_ref_out *o, float *scratch)
{
    const uint32_t V = in->V, S = in->S;
    const ss_yuma_variant var = p->variant;
    float *sw = scratch, *ss = sw + V, *tw = ss + V, *ts = tw + V;
    float *tmp1 = ts + V, *tmp2 = tmp1 + (size_t)V * S;

    /* Weight: rows divided by (row sum + 1e-6). */
    for (uint32_t i = 0; i < V; i++) {
        float sum = 0.0f;
        for (uint32_t j = 0; j < S; j++)
            sum += in->W[i * S + j];
        float d = sum + EPS6;
        for (uint32_t j = 0; j < S; j++)
            o->weight[i * S + j] = in->W[i * S + j] / d;
    }
    const float *W = o->weight;
    /* Stake */
    float ssum = 0.0f;
    for (uint32_t i = 0; i < V; i++)
        ssum += in->stake[i];
    for (uint32_t i = 0; i < V; i++)
        o->stake[i] = in->stake[i] / ssum;
    const float *St = o->stake;
    /* Prerank */
    for (uint32_t j = 0; j < S; j++) {
        float acc = 0.0f;
        for (uint32_t i = 0; i < V; i++)
            acc += St[i] * W[i * S + j];
        o->prerank[j] = acc;
    }
    /* Consensus: first weight, in descending order, where cumulative stake >= kappa. */
    float kappa = (float)p->ref_kappa;
    for (uint32_t j = 0; j < S; j++) {
        for (uint32_t i = 0; i < V; i++) {
            sw[i] = W[i * S + j];
            ss[i] = St[i];
        }
        sort_desc(sw, ss, V, tw, ts);
        float cum = 0.0f;
        uint32_t first = 0;
        for (uint32_t i = 0; i < V; i++) {
            cum += ss[i];
            if (cum >= kappa) {
                first = i;
                break;
            }
        }
        o->consensus[j] = V ? sw[first] : 0.0f;
    }
    float csum = 0.0f;
    for (uint32_t j = 0; j < S; j++)
        csum += o->consensus[j];
    for (uint32_t j = 0; j < S; j++) {
        float x = o->consensus[j] / csum * 65535.0f;
        o->consensus[j] = (float)to_int32(x) / 65535.0f;
    }
    const float *C = o->consensus;
    /* Clipped weights: yuma2b clips the previous epoch's weights. */
    const float *Wsrc = (var == SS_YUMA_REF_YUMA2B && in->W_prev) ? in->W_prev : W;
    for (uint32_t i = 0; i < V; i++)
        for (uint32_t j = 0; j < S; j++) {
            float a = Wsrc[i * S + j], c = C[j];
            o->clipped[i * S + j] = (isnan(a) || isnan(c)) ? NAN : (a < c ? a : c);
        }
    const float *Wc = o->clipped;
    /* Rank, incentive */
    float rsum = 0.0f;
    for (uint32_t j = 0; j < S; j++) {
        float acc = 0.0f;
        for (uint32_t i = 0; i < V; i++)
            acc += St[i] * Wc[i * S + j];
        o->rank[j] = acc;
    }
    for (uint32_t j = 0; j < S; j++)
        rsum += o->rank[j];
    if (!p->winner_takes_all) {
        for (uint32_t j = 0; j < S; j++)
            o->incentive[j] = nan_to_num(o->rank[j] / rsum);
    } else {
        float mx = -INFINITY;
        bool any_nan = false;
        for (uint32_t j = 0; j < S; j++) {
            any_nan |= isnan(o->rank[j]);
            if (o->rank[j] > mx)
                mx = o->rank[j];
        }
        uint32_t nw = 0;
        for (uint32_t j = 0; j < S; j++)
            nw += !any_nan && o->rank[j] == mx;
        for (uint32_t j = 0; j < S; j++)
            o->incentive[j] = (!any_nan && o->rank[j] == mx) ? (float)(1.0 / nw) : 0.0f;
    }
    const float *I = o->incentive;
    /* Trusts */
    for (uint32_t j = 0; j < S; j++)
        o->trust[j] = nan_to_num(o->rank[j] / o->prerank[j]);
    for (uint32_t i = 0; i < V; i++) {
        float a = 0.0f, b = 0.0f;
        for (uint32_t j = 0; j < S; j++) {
            a += Wc[i * S + j];
            b += W[i * S + j];
        }
        o->vtrust[i] = a / b;
    }

    o->alpha_is_matrix = false;
    o->alpha_is_int = false;
    const size_t VS = (size_t)V * S;
    if (var == SS_YUMA_REF_YUMA1 || var == SS_YUMA_REF_YUMA2 || var == SS_YUMA_REF_YUMA2B) {
        /* Instant bonds from the weights for bonds. */
        const float *Wp = var == SS_YUMA_REF_YUMA2B && in->W_prev ? in->W_prev : W;
        float c1 = (float)(1.0 - p->ref_bond_penalty), c2 = (float)p->ref_bond_penalty;
        for (size_t k = 0; k < VS; k++)
            o->weight_for_bond[k] = c1 * Wp[k] + c2 * Wc[k];
        for (uint32_t i = 0; i < V; i++)
            for (uint32_t j = 0; j < S; j++)
                o->bond[i * S + j] = St[i] * o->weight_for_bond[i * S + j];
        for (uint32_t j = 0; j < S; j++) {
            float acc = 0.0f;
            for (uint32_t i = 0; i < V; i++)
                acc += o->bond[i * S + j];
            float d = var == SS_YUMA_REF_YUMA1 ? acc + EPS6 : acc;
            for (uint32_t i = 0; i < V; i++)
                o->bond[i * S + j] = nan_to_num(o->bond[i * S + j] / d);
        }
        /* EMA */
        double alpha_d = var == SS_YUMA_REF_YUMA1 ? 1.0 : 1.0 - p->ref_bond_moving_avg;
        o->alpha_scalar = alpha_d;
        o->alpha_is_int = var == SS_YUMA_REF_YUMA1;
        bool liquid = p->liquid_alpha && in->C_old && in->B_old;
        if (liquid) {
            liquid_alpha(p, W, in->B_old, C, V, S, o->alpha);
            o->alpha_is_matrix = true;
        }
        if (in->B_old) {
            if (liquid) {
                for (size_t k = 0; k < VS; k++)
                    o->state[k] = o->alpha[k] * o->bond[k] + (1.0f - o->alpha[k]) * in->B_old[k];
            } else {
                float a = (float)alpha_d, b = (float)(1.0 - alpha_d);
                for (size_t k = 0; k < VS; k++)
                    o->state[k] = a * o->bond[k] + b * in->B_old[k];
            }
        } else {
            memcpy(o->state, o->bond, VS * sizeof(float));
        }
        if (var == SS_YUMA_REF_YUMA1) {
            for (uint32_t j = 0; j < S; j++) {
                float acc = 0.0f;
                for (uint32_t i = 0; i < V; i++)
                    acc += o->state[i * S + j];
                for (uint32_t i = 0; i < V; i++)
                    o->state[i * S + j] = nan_to_num(o->state[i * S + j] / (acc + EPS6));
            }
        }
        for (uint32_t i = 0; i < V; i++) {
            float acc = 0.0f;
            for (uint32_t j = 0; j < S; j++)
                acc += o->state[i * S + j] * I[j];
            o->reward[i] = acc;
        }
    } else if (var == SS_YUMA_REF_YUMA2C) {
        const float maxint = (float)18446744073709551615.0;
        float capa = (float)p->capacity_alpha, decay = (float)(1.0 - p->decay_rate);
        for (uint32_t i = 0; i < V; i++) {
            float cap = St[i] * maxint;
            float buy = cap * capa;
            for (uint32_t j = 0; j < S; j++) {
                size_t k = (size_t)i * S + j;
                float old = in->B_old ? in->B_old[k] : 0.0f;
                float rem = cap - old;
                rem = rem < 0.0f ? 0.0f : rem;
                float pc = buy < rem ? buy : rem;
                float b = decay * old + pc * W[k];
                o->state[k] = b < cap ? b : cap;
            }
        }
        for (uint32_t j = 0; j < S; j++) {
            float acc = 0.0f;
            for (uint32_t i = 0; i < V; i++)
                acc += o->state[i * S + j];
            tmp1[j] = acc + EPS6;
        }
        for (uint32_t i = 0; i < V; i++) {
            float acc = 0.0f;
            for (uint32_t j = 0; j < S; j++)
                acc += o->state[i * S + j] / tmp1[j] * I[j];
            o->reward[i] = acc;
        }
    } else {
        /* Yuma 3: relative bonds in [0, 1], stake only in dividends. */
        double alpha_d = 1.0 - p->ref_bond_moving_avg;
        o->alpha_scalar = alpha_d;
        bool liquid = p->liquid_alpha && in->C_old;
        if (liquid) {
            const float *lc = C;
            if (p->liquid_consensus == SS_LIQUID_PREVIOUS) {
                lc = in->C_old;
            } else if (p->liquid_consensus == SS_LIQUID_MIXED) {
                for (uint32_t j = 0; j < S; j++) {
                    float a = C[j], b = in->C_old[j];
                    tmp2[j] = (isnan(a) || isnan(b)) ? NAN : (a > b ? a : b);
                }
                lc = tmp2;
            }
            const float *bo = in->B_old;
            if (!bo) {
                memset(tmp1, 0, VS * sizeof(float));
                bo = tmp1;
            }
            liquid_alpha(p, W, bo, lc, V, S, o->alpha);
            o->alpha_is_matrix = true;
        }
        float a = (float)alpha_d, oma = (float)(1.0 - alpha_d);
        for (size_t k = 0; k < VS; k++) {
            float old = in->B_old ? in->B_old[k] : 0.0f;
            float ak = liquid ? o->alpha[k] : a;
            float dec = old * (liquid ? 1.0f - ak : oma);
            float rem = 1.0f - dec;
            rem = rem < 0.0f ? 0.0f : rem;
            float inc = ak * W[k];
            float pur = inc < rem ? inc : rem;
            float b = dec + pur;
            o->state[k] = b > 1.0f ? 1.0f : b;
        }
        for (uint32_t j = 0; j < S; j++) {
            float acc = 0.0f;
            for (uint32_t i = 0; i < V; i++)
                acc += o->state[i * S + j];
            tmp2[j] = acc + EPS6;
        }
        for (uint32_t i = 0; i < V; i++) {
            float acc = 0.0f;
            for (uint32_t j = 0; j < S; j++)
                acc += o->state[i * S + j] / tmp2[j] * I[j];
            o->reward[i] = St[i] * acc;
        }
    }
    float dsum = 0.0f;
    for (uint32_t i = 0; i < V; i++)
        dsum += o->reward[i];
    for (uint32_t i = 0; i < V; i++)
        o->reward_norm[i] = o->reward[i] / (dsum + EPS6);
}

/* ---- behind ss_yuma_epoch ---- */

struct ss__ref {
    uint32_t vmax;          /* validator rows */
    int32_t *row_of;        /* [n_max] row of a validating uid, -1 */
    int32_t *uid_of;        /* [vmax] uid of a row, -1 when free */
    float *bond;            /* [vmax * n_max] bond state rows */
    float *wprev;           /* [vmax * n_max] previous normalized weights (yuma2b) */
    bool *has_wprev;        /* [vmax] */
    float *cold;            /* [n_max] previous consensus */
    bool started;           /* an epoch has run: B_old and C_old exist */
    /* Dense workspace for V x n. */
    float *in_w, *in_s, *b_old, *w_prev, *scratch;
    float *o_arr;           /* all ss_ref_out arrays */
    ss_ref_out out;
    double *stake_d;        /* [n_max] */
    uint32_t *vidx;         /* [vmax] uids of this epoch's validators */
};

ss_status ss__ref_create(ss_yuma *y, ss_error *err)
{
    ss__ref *r = calloc(1, sizeof *r);
    if (!r)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory");
    y->ref = r;
    uint32_t n = y->n_max;
    uint32_t v = y->p.max_allowed_validators + 1u;
    r->vmax = v > n ? n : v;
    size_t VS = (size_t)r->vmax * n;
    r->row_of = malloc(n * sizeof *r->row_of);
    r->uid_of = malloc(r->vmax * sizeof *r->uid_of);
    r->bond = calloc(VS, sizeof(float));
    r->wprev = calloc(VS, sizeof(float));
    r->has_wprev = calloc(r->vmax, sizeof(bool));
    r->cold = calloc(n, sizeof(float));
    r->in_w = calloc(VS, sizeof(float));
    r->in_s = calloc(r->vmax, sizeof(float));
    r->b_old = calloc(VS, sizeof(float));
    r->w_prev = calloc(VS, sizeof(float));
    r->scratch = calloc(ss__ref_scratch_floats(r->vmax, n), sizeof(float));
    r->o_arr = calloc(7 * VS + 5 * (size_t)r->vmax + 5 * (size_t)n, sizeof(float));
    r->stake_d = calloc(n, sizeof(double));
    r->vidx = calloc(r->vmax, sizeof(uint32_t));
    if (!r->row_of || !r->uid_of || !r->bond || !r->wprev || !r->has_wprev || !r->cold ||
        !r->in_w || !r->in_s || !r->b_old || !r->w_prev || !r->scratch || !r->o_arr ||
        !r->stake_d || !r->vidx)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory for %u UIDs", n);
    for (uint32_t i = 0; i < n; i++)
        r->row_of[i] = -1;
    for (uint32_t k = 0; k < r->vmax; k++)
        r->uid_of[k] = -1;
    float *a = r->o_arr;
    float **vs[] = {&r->out.weight, &r->out.clipped, &r->out.weight_for_bond, &r->out.bond,
                    &r->out.state, &r->out.alpha, NULL};
    for (size_t k = 0; vs[k]; k++, a += VS)
        *vs[k] = a;
    float **vv[] = {&r->out.stake, &r->out.vtrust, &r->out.reward, &r->out.reward_norm, NULL};
    for (size_t k = 0; vv[k]; k++, a += r->vmax)
        *vv[k] = a;
    float **sv[] = {&r->out.prerank, &r->out.consensus, &r->out.rank, &r->out.incentive,
                    &r->out.trust, NULL};
    for (size_t k = 0; sv[k]; k++, a += n)
        *sv[k] = a;
    return SS_OK;
}

void ss__ref_destroy(ss__ref *r)
{
    if (!r)
        return;
    void *arrs[] = {r->row_of, r->uid_of, r->bond, r->wprev, r->has_wprev, r->cold, r->in_w,
                    r->in_s, r->b_old, r->w_prev, r->scratch, r->o_arr, r->stake_d, r->vidx};
    for (size_t k = 0; k < sizeof arrs / sizeof arrs[0]; k++)
        free(arrs[k]);
    free(r);
}

static void free_row(ss_yuma *y, ss__ref *r, uint32_t uid)
{
    int32_t row = r->row_of[uid];
    if (row < 0)
        return;
    memset(r->bond + (size_t)row * y->n_max, 0, y->n_max * sizeof(float));
    r->has_wprev[row] = false;
    r->uid_of[row] = -1;
    r->row_of[uid] = -1;
}

void ss__ref_reset_uid(ss_yuma *y, uint32_t uid)
{
    ss__ref *r = y->ref;
    for (uint32_t k = 0; k < r->vmax; k++)
        r->bond[(size_t)k * y->n_max + uid] = 0.0f;
    free_row(y, r, uid);
}

double ss__ref_bond(const ss_yuma *y, uint32_t i, uint32_t j)
{
    const ss__ref *r = y->ref;
    int32_t row = r->row_of[i];
    return row < 0 ? 0.0 : (double)r->bond[(size_t)row * y->n_max + j];
}

/* Top-k by stake (ties to higher uids), non-zero only: the chain's rule. */
static void permits(const double *s, uint32_t n, uint32_t k, bool *out, uint32_t *idx)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = s[i] != 0.0;
        if (out[i])
            idx[m++] = i;
    }
    if (m <= k)
        return;
    /* Insertion by (stake desc, uid desc) would be O(m^2); a partial
    ** selection sort of k is enough for the permit counts in use. */
    for (uint32_t a = 0; a < k; a++) {
        uint32_t best = a;
        for (uint32_t b = a + 1; b < m; b++) {
            uint32_t x = idx[b], y0 = idx[best];
            if (s[x] > s[y0] || (s[x] == s[y0] && x > y0))
                best = b;
        }
        uint32_t t = idx[a];
        idx[a] = idx[best];
        idx[best] = t;
    }
    for (uint32_t a = k; a < m; a++)
        out[idx[a]] = false;
}

ss_status ss__ref_epoch(ss_yuma *y, const ss_yuma_input *in, ss_error *err)
{
    (void)err;
    ss__ref *r = y->ref;
    const ss_yuma_params *p = &y->p;
    const uint32_t n = in->n, nm = y->n_max;
    bool *newp = y->new_permit;

    /* Activity is reported as the chain computes it; the reference ignores it. */
    uint64_t cutoff = (uint64_t)p->activity_cutoff_factor_milli * p->tempo / 1000;
    cutoff = cutoff < 1 ? 1 : cutoff;
    double tw = (double)p->tao_weight / 18446744073709551615.0, total = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t lu = in->last_update[i];
        y->active[i] = !((lu > UINT64_MAX - cutoff ? UINT64_MAX : lu + cutoff) < in->block);
        double tao = in->tao_stake_rao ? (double)in->tao_stake_rao[i] : 0.0;
        double v = (double)in->alpha_stake_rao[i] + tao * tw;
        if ((int32_t)i != in->owner_uid && floor(v) < (double)p->stake_threshold_rao)
            v = 0.0;
        r->stake_d[i] = v;
        total += v;
    }
    uint32_t k = p->max_allowed_validators < r->vmax ? p->max_allowed_validators : r->vmax;
    permits(r->stake_d, n, k, newp, y->iscratch);

    /* Validators in uid order; rows follow their uid across epochs. */
    uint32_t V = 0;
    for (uint32_t i = 0; i < nm; i++) {
        bool val = i < n && newp[i];
        if (!val)
            free_row(y, r, i);
        else
            r->vidx[V++] = i;
    }
    for (uint32_t a = 0; a < V; a++) {
        uint32_t uid = r->vidx[a];
        if (r->row_of[uid] >= 0)
            continue;
        for (uint32_t row = 0; row < r->vmax; row++)
            if (r->uid_of[row] < 0) {
                r->uid_of[row] = (int32_t)uid;
                r->row_of[uid] = (int32_t)row;
                memset(r->bond + (size_t)row * nm, 0, nm * sizeof(float));
                r->has_wprev[row] = false;
                break;
            }
    }
    /* Dense V x n inputs. */
    bool all_wprev = true;
    for (uint32_t a = 0; a < V; a++) {
        uint32_t i = r->vidx[a];
        size_t row = (size_t)r->row_of[i];
        float *w = r->in_w + (size_t)a * n;
        memset(w, 0, n * sizeof(float));
        const ss_weight_row *wr = &in->weights[i];
        for (uint32_t e = 0; e < wr->len; e++) {
            uint32_t j = wr->entries[e].uid;
            if (j >= n || j == i || in->last_update[i] <= in->registered_block[j])
                continue;
            w[j] = (float)wr->entries[e].value / 65535.0f;
        }
        r->in_s[a] = (float)r->stake_d[i];
        memcpy(r->b_old + (size_t)a * n, r->bond + row * nm, n * sizeof(float));
        memcpy(r->w_prev + (size_t)a * n, r->wprev + row * nm, n * sizeof(float));
        all_wprev = all_wprev && r->has_wprev[row];
    }
    ss_ref_in ri = {V, n, r->in_w, r->in_s, r->started ? r->b_old : NULL,
                    r->started ? r->cold : NULL, all_wprev ? r->w_prev : NULL};
    if (V > 0)
        ss__ref_core(p, &ri, &r->out, r->scratch);
    r->started = V > 0 || r->started;

    /* State back to the uid rows; results to the chain-style output. */
    const ss_ref_out *o = &r->out;
    for (uint32_t a = 0; a < V; a++) {
        size_t row = (size_t)r->row_of[r->vidx[a]];
        memcpy(r->bond + row * nm, o->state + (size_t)a * n, n * sizeof(float));
        memcpy(r->wprev + row * nm, o->weight + (size_t)a * n, n * sizeof(float));
        r->has_wprev[row] = true;
    }
    for (uint32_t j = 0; j < n; j++) {
        r->cold[j] = V ? o->consensus[j] : 0.0f;
        y->o_stake[j] = total > 0 ? r->stake_d[j] / total : 0.0;
        y->o_active_stake[j] = 0.0;
        y->o_dividends[j] = 0.0;
        y->o_vt[j] = 0.0;
        y->o_consensus[j] = V ? o->consensus[j] : 0.0;
        y->o_incentive[j] = V ? o->incentive[j] : 0.0;
    }
    for (uint32_t a = 0; a < V; a++) {
        uint32_t i = r->vidx[a];
        y->o_active_stake[i] = o->stake[a];
        y->o_dividends[i] = o->reward_norm[a];
        y->o_vt[i] = isfinite(o->vtrust[a]) ? o->vtrust[a] : 0.0;
    }
    /* Emission shares as the chain converts them (spec §4.12), in double. */
    double esum = 0.0, asum = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        esum += y->o_incentive[i] + y->o_dividends[i];
        asum += y->o_active_stake[i];
    }
    uint64_t E = in->emission_rao;
    for (uint32_t i = 0; i < n; i++) {
        double s, v, c;
        if (esum > 0) {
            s = y->o_incentive[i] / esum;
            v = y->o_dividends[i] / esum;
            c = (y->o_incentive[i] + y->o_dividends[i]) / esum;
        } else {
            s = 0.0;
            v = c = asum > 0 ? y->o_active_stake[i] : y->o_stake[i];
        }
        double fs = floor(s * (double)E), fv = floor(v * (double)E), fc = floor(c * (double)E);
        y->o_server[i] = fs > 0 ? (uint64_t)fs : 0;
        y->o_validator[i] = fv > 0 ? (uint64_t)fv : 0;
        y->o_emission[i] = fc > 0 ? (uint64_t)fc : 0;
    }
    for (uint32_t i = 0; i < nm; i++)
        y->permit[i] = i < n && newp[i];
    return SS_OK;
}
