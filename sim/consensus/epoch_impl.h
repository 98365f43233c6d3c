/*
** The chain's epoch (spec/yuma.md §4, the sparse on-chain path), written once
** over a numeric model. epoch_chain.c includes it after num_chain.h
** (bit-exact I32F32), epoch_float.c after num_float.h (IEEE double, §7).
** The result is NUM_SUFFIX(ss__yuma_epoch): ss__yuma_epoch_chain or
** ss__yuma_epoch_float; epoch_*_avx2.c compile it again for AVX2 as
** ss__yuma_epoch_chain_avx2 and ss__yuma_epoch_float_avx2.
**
** Every step keeps the chain's order of operations, masks and zero-sum
** guards; the only liberties taken are ones that cannot change a chain-mode
** result: rows that cannot hold weights are skipped, the median is computed
** in closed form on exact masses (median_impl.h, median_block_impl.h), dense
** row scans happen only where the chain's output order requires them, dense
** epochs go a block of columns at a time (dense_impl.h), steps 4.7-4.11 run
** as fused per-row passes when the rows allow it (fused_impl.h) and as vector
** loops over rows that are runs of contiguous columns (run_impl.h), and
** chain-mode divisions by a shared row or column sum use a prepared
** reciprocal with an exact integer correction (n_div_fast, num_chain.h).
** Float mode also multiplies by reciprocals, sums in eight lanes and weighs
** dividends by the ranks where spec §7 leaves the rounding open (num_float.h,
** lanes8, sum_lanes, docs/consensus.md).
*/
#include <string.h>

#include "consensus/yuma_internal.h"

/*
** A row sum in eight lanes: entry (i, j) goes to lane j mod 8, each lane adds
** in column order, and the lanes are combined as ((l0+l4) + (l2+l6)) +
** ((l1+l5) + (l3+l7)). The grouping depends only on the column indices, so a
** dense row, a sparse row and a vectorised loop over either give the same
** float sum; chain-mode sums are exact, so any order gives the same bits.
*/
typedef struct lanes8 {
    num l[8];
} lanes8;

static inline void lanes_zero(lanes8 *s)
{
    for (int k = 0; k < 8; k++)
        s->l[k] = NUM_ZERO;
}

static inline void lanes_add(lanes8 *s, uint32_t j, num x)
{
    s->l[j & 7] = n_plus(s->l[j & 7], x);
}

static inline num lanes_total(const lanes8 *s)
{
    const num *l = s->l;
    num a0 = n_plus(l[0], l[4]), a1 = n_plus(l[1], l[5]);
    num a2 = n_plus(l[2], l[6]), a3 = n_plus(l[3], l[7]);
    return n_plus(n_plus(a0, a2), n_plus(a1, a3));
}

#include "consensus/vec_impl.h"

/* out[i] = v[i] / s for i < n, s != 0 (n_sdiv); float mode divides a vector
** at a time: the same IEEE quotients, a few times faster. */
static void div_all(const num *v, num *out, uint32_t n, num s)
{
    uint32_t i = 0;
#if !NUM_IS_CHAIN
    vnum vs = vnum_splat(s);
    for (; i + VEC_LANES <= n; i += VEC_LANES)
        vnum_store(out + i, vnum_load(v + i) / vs);
#endif
    for (; i < n; i++)
        out[i] = n_sdiv(v[i], s);
}

/*
** The plain sum of v[0..n) in the lanes of lanes8 (element i in lane
** i mod 8). Spec §7 leaves the order of float mode's sums open, and eight
** chains of additions run several times faster than one; chain-mode sums
** are exact, so any order gives the same bits.
*/
static num sum_lanes(const num *v, uint32_t n)
{
    lanes8 s;
    lanes_zero(&s);
    vnum acc[8 / VEC_LANES];
    for (int q = 0; q < 8 / VEC_LANES; q++)
        acc[q] = vnum_load(s.l + q * VEC_LANES);
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int q = 0; q < 8 / VEC_LANES; q++)
            acc[q] += vnum_load(v + i + q * VEC_LANES); /* n_plus, lane by lane */
    for (int q = 0; q < 8 / VEC_LANES; q++)
        vnum_store(s.l + q * VEC_LANES, acc[q]);
    for (; i < n; i++)
        lanes_add(&s, i, v[i]);
    return lanes_total(&s);
}

/* normalize(v): divide by the plain sum (sum_lanes) unless it is 0. */
static num normalize_vec(num *v, uint32_t n)
{
    num s = sum_lanes(v, n);
    if (s != NUM_ZERO)
        div_all(v, v, n, s);
    return s;
}
#include "consensus/median_impl.h"
#include "consensus/bonds_impl.h"
#include "consensus/run_impl.h"
#include "consensus/fused_impl.h"
#include "consensus/dense_impl.h"

/* Normalized stake S (§4.2), mode-specific arithmetic. */
static void stake_vector(const ss_yuma *y, const ss_yuma_input *in, num *S)
{
    uint32_t n = in->n;
    uint64_t thr = y->p.stake_threshold_rao;
    int64_t owner = in->owner_uid;
#if NUM_IS_CHAIN
    /* I64F64 alpha + tao * tao_weight, with tao_weight = TaoWeight / (2^64 - 1)
    ** as U96F32 (32 fractional bits). Both terms are multiples of 2^32, so we
    ** hold value / 2^32 (< 2^95, the saturation limit), and the chain's
    ** I32F32(div64(x, sum)) = floor(x * 2^64 / sum) >> 32 becomes the exact
    ** floor(x' * 2^32 / sum') of those smaller numbers. */
    ss_u128 tw = y->p.tao_weight ? (((ss_u128)y->p.tao_weight << 32) / UINT64_MAX) : 0;
    const ss_u128 lim = ((ss_u128)1 << 95) - 1;
    ss_u128 *x = (ss_u128 *)y->stake_wide, sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t tao = in->tao_stake_rao ? in->tao_stake_rao[i] : 0;
        ss_u128 v = (ss_u128)in->alpha_stake_rao[i] << 32;
        ss_u128 t = (ss_u128)tao * tw;
        v = t > lim - v ? lim : v + t;
        if ((int64_t)i != owner && (uint64_t)(v >> 32) < thr)
            v = 0;
        x[i] = v;
        sum += v;
    }
    for (uint32_t i = 0; i < n; i++)
        S[i] = sum ? (int64_t)((x[i] << 32) / sum) : 0;
#else
    double tw = (double)y->p.tao_weight / 18446744073709551615.0;
    for (uint32_t i = 0; i < n; i++) {
        double tao = in->tao_stake_rao ? (double)in->tao_stake_rao[i] : 0.0;
        double v = (double)in->alpha_stake_rao[i] + tao * tw;
        if ((int64_t)i != owner && floor(v) < (double)thr)
            v = 0;
        S[i] = v;
    }
    double sum = sum_lanes(S, n);
    if (sum != 0)
        div_all(S, S, n, sum);
#endif
}

/* topk_nonzero (§4.3): the k largest non-zero stakes; ties go to higher uids. */
static void top_k_permits(ss_yuma *y, const num *S, uint32_t n, uint32_t k, bool *out)
{
    uint32_t nz = 0;
    for (uint32_t i = 0; i < n; i++) {
        out[i] = S[i] != NUM_ZERO;
        nz += out[i];
    }
    if (n < k || nz <= k)
        return; /* the n - k dropped are all zeros */
    /* Quickselect the k-th best index under (stake desc, uid desc). */
    uint32_t *idx = y->iscratch, m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (out[i])
            idx[m++] = i;
#define BETTER(a, b) (S[a] > S[b] || (S[a] == S[b] && (a) > (b)))
    uint32_t lo = 0, hi = m, want = k; /* keep the first k after partial ordering */
    while (hi - lo > 1) {
        uint32_t piv = idx[lo + (hi - lo) / 2], store = lo;
        uint32_t tmp = idx[lo + (hi - lo) / 2];
        idx[lo + (hi - lo) / 2] = idx[hi - 1];
        idx[hi - 1] = tmp;
        for (uint32_t i = lo; i < hi - 1; i++)
            if (BETTER(idx[i], piv)) {
                uint32_t t2 = idx[i]; idx[i] = idx[store]; idx[store] = t2;
                store++;
            }
        idx[hi - 1] = idx[store];
        idx[store] = piv;
        if (store == want || store + 1 == want)
            break;
        if (store > want)
            hi = store;
        else
            lo = store + 1;
    }
#undef BETTER
    for (uint32_t r = want; r < m; r++)
        out[idx[r]] = false;
}

/* out[i] = n_emission(x[i], e) for i < n; the AVX-512 build converts four
** at a time (it has the unsigned conversion), with n_emission's bounds as
** masks: not above 0 (or NaN) gives 0, 2^64 or more the largest u64. */
static void emission_all(const num *x, uint64_t e, uint64_t *out, uint32_t n)
{
    uint32_t i = 0;
#if !NUM_IS_CHAIN && defined(SS_VEC_AVX512)
    const __m256d ed = _mm256_set1_pd((double)e), zero = _mm256_setzero_pd();
    const __m256d top = _mm256_set1_pd(18446744073709551615.0);
    for (; i + 4 <= n; i += 4) {
        __m256d r = _mm256_floor_pd(_mm256_mul_pd(_mm256_loadu_pd(x + i), ed));
        __m256i v = _mm256_maskz_mov_epi64(_mm256_cmp_pd_mask(r, zero, _CMP_GT_OQ),
                                           _mm256_cvttpd_epu64(r));
        v = _mm256_mask_mov_epi64(v, _mm256_cmp_pd_mask(r, top, _CMP_GE_OQ),
                                  _mm256_set1_epi64x(-1));
        _mm256_storeu_si256((__m256i *)(out + i), v);
    }
#endif
    for (; i < n; i++)
        out[i] = n_emission(x[i], e);
}

static void to_doubles(const num *v, double *out, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = n_to_double(v[i]);
}

/*
** §4.7-4.11 on any rows: each step builds its own matrix (CW, WB, B, dB, EMA),
** densifying unsorted rows where the chain's order requires it, and runs
** liquid alpha. Fills VT, R, I and D (normalised) and *store.
*/
static ss_status bonds_general(ss_yuma *y, const ss_yuma_input *in, const num *C, const num *A,
                               num *VT, num *R, num *I, num *D, const num **store_out,
                               ss_error *err)
{
    const ss_yuma_params *p = &y->p;
    const uint32_t n = in->n;
    const uint64_t block = in->block;
    const uint64_t *reg = in->registered_block;
    ss__csr *W = &y->W;
    const num *wv = (const num *)W->val;
    num *acc = (num *)y->colacc;
    ss_status st;

    /* 4.7 clipping, validator trust; 4.8 ranks and incentive */
    if ((st = ss__yuma_reserve(y, &y->cwv, &y->cwcap, W->used, err)) != SS_OK)
        return st;
    num *cw = (num *)y->cwv;
    ss__csr *CW = &y->CW;
    if ((st = ss__csr_reserve(y, CW, W->used, err)) != SS_OK)
        return st;
    CW->used = 0;
    for (uint32_t j = 0; j < n; j++)
        R[j] = NUM_ZERO;
    for (uint32_t i = 0; i < n; i++) {
        csr_row_begin(CW, i);
        lanes8 vt;
        lanes_zero(&vt);
        num a = A[i];
        uint32_t s = W->start[i], e = s + W->len[i];
        for (uint32_t k = s; k < e; k++) {
            uint32_t j = W->col[k];
            num w = wv[k], c = C[j], x;
            if (w <= c)
                x = w;
            else if (c > NUM_ZERO)
                x = c;
            else {
                cw[k] = NUM_ZERO;
                continue;
            }
            cw[k] = x;
            csr_push(CW, j, x);
            lanes_add(&vt, j, x);
            R[j] = n_add(R[j], n_mul(a, x));
        }
        VT[i] = lanes_total(&vt);
        csr_row_end(CW, i);
    }
    for (uint32_t j = 0; j < n; j++)
        I[j] = R[j];
    normalize_vec(I, n);
    const num *Id = NUM_IS_CHAIN ? I : R; /* what dividends weigh EMA columns by (num_float.h) */

    /* 4.9 weights for bonds */
    num beta = n_sdiv(n_from_int(p->bonds_penalty), n_from_int(65535));
    if (beta == NUM_ZERO) {
        y->WB = W;
    } else if (beta == NUM_ONE) {
        y->WB = CW;
    } else {
        if ((st = interpolate(y, W, cw, n, beta, &y->WBm, err)) != SS_OK)
            return st;
        y->WB = &y->WBm;
    }
    const ss__csr *WB = y->WB;

    /* 4.10 stored bonds, masked for miners (re)registered since the last epoch */
    uint64_t last_tempo = in->last_step_block == 0
                              ? (block > p->tempo ? block - p->tempo : 0)
                              : in->last_step_block + 1;
    const bool yuma3 = p->variant == SS_YUMA_YUMA3;
    ss__csr *B = &y->B;
    const ss__bonds *sb = &y->bonds;
    if ((st = ss__csr_reserve(y, B, sb->used, err)) != SS_OK)
        return st;
    B->used = 0;
    for (uint32_t i = 0; i < n; i++) {
        csr_row_begin(B, i);
        uint32_t s = sb->start[i], e = s + sb->len[i];
        for (uint32_t k = s; k < e; k++) {
            uint32_t j = sb->ent[k].uid;
            uint16_t v = sb->ent[k].value;
            if (j >= n || last_tempo <= reg[j])
                continue;
            csr_push(B, j, yuma3 ? n_prop_u16(v) : n_raw_u16(v));
        }
        csr_row_end(B, i);
    }

    /* 4.11 bonds and dividends */
    ss__csr *EMA = &y->EMA;
    const num *store; /* values to store as u16, aligned with EMA */
    if (!yuma3) {
        /* (a) original Yuma: relative bonds */
        num *bv = (num *)B->val;
        col_normalize(B, bv, bv, n, acc, false);
        ss__csr *dB = &y->dB;
        if ((st = ss__csr_reserve(y, dB, WB->used, err)) != SS_OK)
            return st;
        const num *wbv = (const num *)WB->val;
        dB->used = 0;
        for (uint32_t i = 0; i < n; i++) {
            csr_row_begin(dB, i);
            uint32_t s = WB->start[i], e = s + WB->len[i];
            for (uint32_t k = s; k < e; k++)
                csr_push(dB, WB->col[k], n_mul(wbv[k], A[i]));
            csr_row_end(dB, i);
        }
        col_normalize(dB, (num *)dB->val, (num *)dB->val, n, acc, true);
        if ((st = ema_fixed(y, dB, B, n, n_bma_alpha(p->bonds_moving_average), EMA, err)) != SS_OK)
            return st;
        num *ev = (num *)EMA->val;
        col_normalize(EMA, ev, ev, n, acc, true);
        for (uint32_t i = 0; i < n; i++) {
            lanes8 d;
            lanes_zero(&d);
            uint32_t s = EMA->start[i], e = s + EMA->len[i];
            for (uint32_t k = s; k < e; k++)
                lanes_add(&d, EMA->col[k], n_mul(ev[k], Id[EMA->col[k]]));
            D[i] = lanes_total(&d);
        }
        normalize_vec(D, n);
        col_max_upscale(EMA, ev, n, acc);
        store = ev;
    } else {
        /* (b) Yuma 3: absolute bonds */
        bool liquid = false;
        if (p->liquid_alpha)
            for (uint32_t j = 0; j < n && !liquid; j++)
                liquid = C[j] != NUM_ZERO;
        if (liquid) {
            num lo = n_sdiv(n_from_int(p->alpha_low), n_from_int(65535));
            num hi = n_sdiv(n_from_int(p->alpha_high), n_from_int(65535));
            num t = n_satdiv(n_from_int(p->alpha_sigmoid_steepness), n_from_int(-100));
            st = ema_liquid(y, WB, B, n, C, lo, hi, t, EMA, err);
        } else {
            st = ema_fixed(y, WB, B, n, n_bma_alpha(p->bonds_moving_average), EMA, err);
        }
        if (st != SS_OK)
            return st;
        if ((st = ss__yuma_reserve(y, &y->nval, &y->ncap, EMA->used, err)) != SS_OK)
            return st;
        num *ev = (num *)EMA->val, *nv = (num *)y->nval;
        col_normalize(EMA, ev, nv, n, acc, true);
        for (uint32_t i = 0; i < n; i++) {
            /* the chain skips zero products; adding 0 changes no sum */
            lanes8 t;
            lanes_zero(&t);
            uint32_t s = EMA->start[i], e = s + EMA->len[i];
            for (uint32_t k = s; k < e; k++)
                lanes_add(&t, EMA->col[k], n_mul(nv[k], Id[EMA->col[k]]));
            num d;
            D[i] = n_cmul(lanes_total(&t), A[i], &d) ? d : NUM_ZERO;
        }
        normalize_vec(D, n);
        store = ev;
    }

    *store_out = store;
    return SS_OK;
}

#ifdef EPOCH_SIMD
#define EPOCH_CAT_(a, b) a##b
#define EPOCH_CAT(a, b) EPOCH_CAT_(a, b)
#define EPOCH_NAME(name) EPOCH_CAT(NUM_SUFFIX(name), EPOCH_SIMD)
#else
#define EPOCH_NAME(name) NUM_SUFFIX(name)
#endif

/*
** §4.5-4.11 for any epoch that is not dense: the weight matrix W, the
** column medians, then the fused passes over ascending rows with a fixed EMA
** rate or the step-by-step general path (same results). Fills C, VT, R, I
** and D (normalised); *store gets the EMA values to store as u16.
*/
static ss_status epoch_rows(ss_yuma *y, const ss_yuma_input *in, const bool *oldp,
                            uint64_t last_tempo, num kappa, num *C, num *VT, num *R, num *I,
                            num *D, const num **store, ss_error *err)
{
    const ss_yuma_params *p = &y->p;
    const uint32_t n = in->n;
    const bool has_owner = in->owner_uid >= 0 && (uint32_t)in->owner_uid < n;
    const uint32_t owner = has_owner ? (uint32_t)in->owner_uid : UINT32_MAX;
    num *A = (num *)y->A, *U = (num *)y->U;
    ss_status st;

    /* 4.5 weights: masked, row-normalized; only permitted rows can hold any. */
    ss__csr *W = &y->W;
    size_t need = 0;
    for (uint32_t i = 0; i < n; i++)
        if (oldp[i])
            need += in->weights[i].len;
    if ((st = ss__csr_reserve(y, W, need, err)) != SS_OK)
        return st;
    const bool cr = p->commit_reveal && in->commit_block;
    const uint64_t *reg = in->registered_block;
    uint64_t max_reg = 0;
    for (uint32_t j = 0; j < n; j++)
        max_reg = reg[j] > max_reg ? reg[j] : max_reg;
    num *wv = (num *)W->val;
    W->used = 0;
    for (uint32_t i = 0; i < n; i++) {
        W->start[i] = (uint32_t)W->used;
        W->len[i] = 0;
        W->sorted[i] = 1;
        if (!oldp[i])
            continue;
        const ss_weight_row *row = &in->weights[i];
        uint64_t lu = in->last_update[i];
        uint64_t cb = cr ? in->commit_block[i] : UINT64_MAX;
        /* Registrations older than this row's update and commit cannot mask it. */
        bool check_reg = lu <= max_reg || cb < max_reg;
        uint32_t self = i == owner ? UINT32_MAX : i;
        uint64_t sum = 0;
        uint32_t *col = W->col + W->used;
        num *val = wv + W->used;
        uint32_t len = 0, prev = 0;
        uint8_t asc = 1;
        if (!check_reg && weights_run(row->entries, row->len, n, self, col, val, &sum))
            len = row->len; /* one run, nothing masked */
        else
            for (uint32_t k = 0; k < row->len; k++) {
                uint32_t j = row->entries[k].uid;
                uint16_t v = row->entries[k].value;
                if (j >= n || j == self || (check_reg && (lu <= reg[j] || cb < reg[j])))
                    continue;
                asc &= len == 0 || j > prev;
                prev = j;
                col[len] = j;
                val[len++] = (num)v; /* the raw u16 until the sum is known */
                sum += v;
            }
        double inv = n_div_prep((num)sum);
        (void)inv;
        for (uint32_t k = 0; k < len; k++) {
#if NUM_IS_CHAIN
            /* sdiv(v << 32, sum << 32) = floor(v * 2^32 / sum) */
            val[k] = sum ? n_div_fast(val[k], (num)sum, inv) : n_raw_u16((uint16_t)val[k]);
#else
            val[k] = sum ? val[k] * (1.0 / (double)sum) : 0.0;
#endif
        }
        W->len[i] = len;
        W->sorted[i] = asc;
        W->used += len;
    }

    /* 4.6 consensus */
    uint32_t n_u = 0;
    for (uint32_t i = 0; i < n; i++) {
        U[i] = A[i] > NUM_ZERO ? A[i] : NUM_ZERO;
        n_u += A[i] > NUM_ZERO;
    }
    num usum = sum_lanes(U, n);
    for (uint32_t i = 0; i < n; i++)
        if (U[i] > NUM_ZERO && usum != NUM_ZERO)
            U[i] = n_sdiv(U[i], usum);
    if ((st = consensus_columns(y, W, n, U, n_u, kappa, C, err)) != SS_OK)
        return st;

    /* 4.7-4.11: fused passes over ascending rows with a fixed EMA rate,
    ** the step-by-step general path otherwise (same results). */
    bool liquid = false;
    if (p->variant == SS_YUMA_YUMA3 && p->liquid_alpha)
        for (uint32_t j = 0; j < n && !liquid; j++)
            liquid = C[j] != NUM_ZERO;
    if (!liquid && !y->no_fused && rows_ascending(W, n) && y->bonds.ascending) {
        num beta = n_sdiv(n_from_int(p->bonds_penalty), n_from_int(65535));
        if ((st = fused_pass1(y, in, C, A, beta, last_tempo, VT, R, err)) != SS_OK)
            return st;
        y->fused_count++;
        for (uint32_t j = 0; j < n; j++)
            I[j] = R[j];
        normalize_vec(I, n);
        *store = fused_dividends(y, n, NUM_IS_CHAIN ? I : R, A, D);
        normalize_vec(D, n);
        return SS_OK;
    }
    return bonds_general(y, in, C, A, VT, R, I, D, store, err);
}

/* §5 storage after epoch_rows: the EMA rows of new permit holders (of every
** UID under the counterfactual keep_bonds_without_permit), as u16 entries, into
** y->bonds_next. */
static ss_status store_bond_entries(ss_yuma *y, uint32_t n, const bool *newp, const num *store,
                                    ss_error *err)
{
    const ss__csr *EMA = &y->EMA;
    ss__bonds *nb = &y->bonds_next;
    const bool keep_all = y->p.keep_bonds_without_permit;
    size_t bneed = 0;
    for (uint32_t i = 0; i < n; i++)
        if (newp[i] || keep_all)
            bneed += EMA->len[i];
    ss_status st = ss__bonds_reserve(y, nb, bneed, err);
    if (st != SS_OK)
        return st;
    nb->used = 0;
    nb->ascending = true;
    nb->block = false;
    for (uint32_t i = 0; i < y->n_max; i++) {
        nb->start[i] = (uint32_t)nb->used;
        nb->len[i] = 0;
        if (i >= n || !(newp[i] || keep_all))
            continue;
        uint32_t s = EMA->start[i], e = s + EMA->len[i];
        if (csr_row_is_run(EMA, i)) {
            run_store_bonds(store + s, e > s ? EMA->col[s] : 0, e - s, nb->ent + nb->used);
            nb->used += e - s;
        } else {
            for (uint32_t k = s; k < e; k++) {
                nb->ent[nb->used].uid = EMA->col[k];
                nb->ent[nb->used].value = n_to_u16(store[k]);
                nb->used++;
            }
        }
        nb->ascending = nb->ascending && EMA->sorted[i];
        nb->len[i] = (uint32_t)(nb->used - nb->start[i]);
    }
    return SS_OK;
}

ss_status EPOCH_NAME(ss__yuma_epoch)(ss_yuma *y, const ss_yuma_input *in, ss_error *err)
{
    const ss_yuma_params *p = &y->p;
    const uint32_t n = in->n;
    const uint64_t block = in->block;
    const bool has_owner = in->owner_uid >= 0 && (uint32_t)in->owner_uid < n;
    const uint32_t owner = has_owner ? (uint32_t)in->owner_uid : UINT32_MAX;
    num *S = (num *)y->S, *A = (num *)y->A, *C = (num *)y->C, *VT = (num *)y->VT;
    num *R = (num *)y->R, *I = (num *)y->I, *D = (num *)y->D;
    num *nS = (num *)y->nS, *nV = (num *)y->nV, *nC = (num *)y->nC;
    bool *active = y->active, *oldp = y->old_permit, *newp = y->new_permit;
    ss_status st;

    /* 4.1 activity */
    uint64_t cutoff = (uint64_t)p->activity_cutoff_factor_milli * p->tempo / 1000;
    if (cutoff < 1)
        cutoff = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t lu = in->last_update[i];
        uint64_t until = lu > UINT64_MAX - cutoff ? UINT64_MAX : lu + cutoff;
        active[i] = !(until < block);
    }

    /* 4.2 stake, 4.3 permits */
    stake_vector(y, in, S);
    for (uint32_t i = 0; i < n; i++)
        oldp[i] = y->permit[i];
    if (has_owner)
        oldp[owner] = true;
    top_k_permits(y, S, n, p->max_allowed_validators, newp);
    if (has_owner)
        newp[owner] = true;

    /* 4.4 active stake */
    for (uint32_t i = 0; i < n; i++)
        A[i] = (active[i] && oldp[i]) ? S[i] : NUM_ZERO;
    normalize_vec(A, n);

    /* 4.5-4.11: a block of columns at a time when the epoch is dense
    ** (dense_impl.h), row by row otherwise; the same results either way. */
    uint64_t last_tempo = in->last_step_block == 0 ? (block > p->tempo ? block - p->tempo : 0)
                                                   : in->last_step_block + 1;
    num kappa = n_sdiv(n_from_int(p->kappa), n_from_int(65535));
    dn_plan plan;
    bool dense = false;
    if ((st = dense_plan(y, in, oldp, last_tempo, &plan, &dense, err)) != SS_OK)
        return st;
    if (dense && (st = dense_epoch(y, in, &plan, oldp, newp, A, kappa, C, VT, R, I, D, &dense,
                                   err)) != SS_OK)
        return st;
    const num *store = NULL; /* row-by-row path: the values to store, aligned with EMA */
    y->have_trace = !dense || y->keep_trace;
    if (!dense) {
        ss__bonds_to_entries(&y->bonds, y->n_max);
        if ((st = epoch_rows(y, in, oldp, last_tempo, kappa, C, VT, R, I, D, &store, err)) !=
            SS_OK)
            return st;
    }

    /* 4.12 emission shares */
    for (uint32_t i = 0; i < n; i++)
        nC[i] = n_add(I[i], D[i]);
    num esum = sum_lanes(nC, n), asum = sum_lanes(A, n);
    if (esum != NUM_ZERO) {
        div_all(I, nS, n, esum);
        div_all(D, nV, n, esum);
    } else {
        memcpy(nS, I, n * sizeof *nS);
        memcpy(nV, D, n * sizeof *nV);
    }
    normalize_vec(nC, n);
    if (esum == NUM_ZERO) {
        const num *f = asum == NUM_ZERO ? S : A;
        for (uint32_t i = 0; i < n; i++)
            nV[i] = nC[i] = f[i];
    }
    uint64_t E = in->emission_rao;
    emission_all(nS, E, y->o_server, n);
    emission_all(nV, E, y->o_validator, n);
    emission_all(nC, E, y->o_emission, n);

    /* §5 storage: new bond rows for new permit holders, empty otherwise (the
    ** dense path wrote them already) */
    if (!dense && (st = store_bond_entries(y, n, newp, store, err)) != SS_OK)
        return st;
    ss__bonds tmpb = y->bonds;
    y->bonds = y->bonds_next;
    y->bonds_next = tmpb;
    for (uint32_t i = 0; i < y->n_max; i++)
        y->permit[i] = i < n && newp[i];

    /* results */
    to_doubles(S, y->o_stake, n);
    to_doubles(A, y->o_active_stake, n);
    to_doubles(C, y->o_consensus, n);
    to_doubles(I, y->o_incentive, n);
    to_doubles(D, y->o_dividends, n);
    to_doubles(VT, y->o_vt, n);
    return SS_OK;
}

#if defined(SS_VEC_AVX512) && !NUM_IS_CHAIN
void ss__dense_prop_u16_avx512(const uint16_t *v, uint32_t n, double *out)
{
    for (uint32_t k = 0; k < n; k += 8)
        vrow_store(out + k, vrow_prop_u16(v + k));
}
#endif

#ifndef EPOCH_SIMD
/* Entry points for the conformance replayer and the unit tests (once). */
num NUM_SUFFIX(ss__median_column)(num *v, int64_t *u, uint32_t m, uint32_t n_u, int64_t ssum,
                                   int64_t minority, num *tv, int64_t *tu)
{
    return median_column(v, u, m, n_u, ssum, minority, tv, tu);
}

num NUM_SUFFIX(ss__alpha_sigmoid)(num c, num w, num b, num lo, num hi, int16_t steepness)
{
    num t = n_satdiv(n_from_int(steepness), n_from_int(-100));
    return alpha_sigmoid(c, w, b, lo, hi, t);
}

#if NUM_IS_CHAIN
void ss__dense_weights_chain(const uint16_t *v, uint32_t n, uint64_t sum, int64_t *out)
{
    uint64_t q0 = sum ? ((uint64_t)1 << 32) / sum : 0;
    double c[4] = {sum ? (double)sum : 1.0, (double)q0,
                   sum ? (double)(((uint64_t)1 << 32) - q0 * sum) : 0.0,
                   sum ? 1.0 / (double)sum : 0.0};
    for (uint32_t k = 0; k < n; k += VEC_LANES)
        vnum_store(out + k, vweights_fx(v + k, c));
}

void ss__dense_div_chain(const int64_t *a, const int64_t *c, uint32_t n, int64_t *out)
{
    for (uint32_t k = 0; k < n; k += VEC_LANES) {
        double inv[VEC_LANES];
        for (int l = 0; l < VEC_LANES; l++)
            inv[l] = n_div_prep(c[k + l]);
        vnum_store(out + k, vdiv_fx(vnum_load(a + k), vnum_load(c + k), inv));
    }
}

void ss__dense_mul_chain(const int64_t *a, const int64_t *b, uint32_t n, int64_t *out)
{
    for (uint32_t k = 0; k < n; k += VEC_LANES)
        vnum_store(out + k, vfx_mul01(vnum_load(a + k), vnum_load(b + k)));
}
#endif
#endif
