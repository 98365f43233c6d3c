/*
** Dense runs: rows whose entries cover one range of contiguous columns, the
** steady state of validators that weight every miner. Such a row is a plain
** array indexed by column, so the loops over it need no column indices and,
** in float mode, run on vectors (vec_impl.h). Included by epoch_impl.h over
** the numeric model `num`.
**
** Every function here computes, cell by cell, exactly what the general
** loops of fused_impl.h and epoch_impl.h compute; row sums keep the lanes
** of lanes8 (column mod 8), so vector and scalar loops add the same numbers
** in the same order (test_fused_matches_general compares the paths).
*/

/* True when row i of m has ascending columns that are one contiguous run. */
static inline bool csr_row_is_run(const ss__csr *m, uint32_t i)
{
    uint32_t s = m->start[i], len = m->len[i];
    return m->sorted[i] && (len == 0 || m->col[s + len - 1] - m->col[s] == len - 1);
}

/*
** The weight row of uid self as set_weights stored it, when it is the
** ascending run [a, a + len) inside n without self (the case where nothing
** is masked): writes the columns and the raw values and returns their sum
** through *sum. Returns false, having written nothing useful, otherwise.
*/
static bool weights_run(const ss_weight_entry *e, uint32_t len, uint32_t n, uint32_t self,
                        uint32_t *col, num *val, uint64_t *sum)
{
    if (len == 0)
        return false;
    uint32_t a = e[0].uid;
    if (a >= n || len > n - a || (self >= a && self - a < len))
        return false;
    uint32_t off = 0, k = 0;
    uint64_t s = 0;
    /* A vector of entries at a time, each read as one 8-byte integer:
    ** uid in the low half, value above it, padding masked off. */
    vmask voff = vmask_splat(0), vsum = voff, lane;
    for (int l = 0; l < VEC_LANES; l++)
        lane[l] = l;
    for (; k + VEC_LANES <= len; k += VEC_LANES) {
        vmask x;
        memcpy(&x, e + k, sizeof x);
        vmask v = (vmask)((vbits)x >> 32 & 0xffff);
        voff |= (x & 0xffffffff) ^ (vmask_splat((int64_t)(a + k)) + lane);
        vsum += v;
#if NUM_IS_CHAIN
        memcpy(val + k, &v, sizeof v);
#else
        vnum_store(val + k, (vnum)(v | 0x4330000000000000) - 0x1p52);
#endif
    }
    for (int l = 0; l < VEC_LANES; l++) {
        off |= voff[l] != 0;
        s += (uint64_t)vsum[l];
    }
    for (; k < len; k++) {
        off |= e[k].uid ^ (a + k);
        s += e[k].value;
        val[k] = (num)e[k].value;
    }
    if (off)
        return false;
    for (k = 0; k < len; k++)
        col[k] = a + k;
    *sum = s;
    return true;
}

/* Where a run kernel finds its row and writes its EMA row. */
typedef struct run_args {
    const num *w;               /* the row's weights, column a + k at w[k] */
    const ss_weight_entry *b;   /* the stored bonds of the same columns */
    uint32_t a, len;
    const num *C;
    num ai;                     /* the row's active stake */
    num beta, alpha, oma;
    int kind;                   /* 0: WB = W, 1: WB = CW, 2: interpolated */
    num *R, *colsum;            /* ranks and EMA column sums, by column */
    num *ev;                    /* EMA values out, len of them */
} run_args;

/* One cell: clip (C >= 0, so a dropped cell clips to 0 and adds nothing),
** the ranks, the weight for bonds, the EMA (fused_impl.h's row_clip,
** wb_cell and row_ema_yuma3, with the zero terms written out). */
static inline num run_cell(const run_args *r, uint32_t k, num *x_out)
{
    uint32_t j = r->a + k;
    num w = r->w[k], c = r->C[j];
    num x = w > c ? c : w;
    r->R[j] = n_add(r->R[j], n_mul(r->ai, x));
    num wb = w;
    if (r->kind == 1) {
        wb = x;
    } else if (r->kind == 2) {
        num v = n_add(w, n_mul(r->beta, n_sub(x, w)));
        wb = v > NUM_ZERO ? v : NUM_ZERO;
    }
    num e = n_add(n_mul(r->alpha, wb), n_mul(r->oma, n_prop_u16(r->b[k].value)));
    r->ev[k] = e;
    r->colsum[j] = n_add(r->colsum[j], e);
    *x_out = x;
    return e;
}

#if !NUM_IS_CHAIN
/* run_cell on VEC_LANES cells from k; returns the clipped weights. */
static inline vnum run_cells(const run_args *r, uint32_t k, vmask *nonpos)
{
    uint32_t j = r->a + k;
    vnum w = vnum_load(r->w + k), c = vnum_load(r->C + j);
    vnum x = vnum_min(w, c); /* w > c ? c : w */
    vnum_store(r->R + j, vnum_load(r->R + j) + r->ai * x);
    vnum wb = w;
    if (r->kind == 1) {
        wb = x;
    } else if (r->kind == 2) {
        vnum v = w + r->beta * (x - w);
        wb = vnum_sel(v > 0.0, v, vnum_splat(0.0));
    }
    vnum e = r->alpha * wb + r->oma * vec_entry_props(r->b + k);
    vnum_store(r->ev + k, e);
    vnum_store(r->colsum + j, vnum_load(r->colsum + j) + e);
    *nonpos |= ~(e > 0.0);
    return x;
}
#endif

/*
** Yuma 3 (§4.7-4.11 b, fixed rate) on a run whose stored bonds have exactly
** its columns, all live: VT_i, the ranks, the EMA row (entries > 0, columns
** written to ecol) and its column sums. Returns VT_i; *elen gets the EMA
** row's length.
*/
static num run_yuma3(const run_args *r, uint32_t *ecol, uint32_t *elen)
{
    lanes8 vt;
    lanes_zero(&vt);
    uint32_t k = 0, len = r->len, drop = 0;
    num x, e;
    /* cells before the first column that is a multiple of 8, one by one */
    for (; k < len && ((r->a + k) & 7); k++) {
        e = run_cell(r, k, &x);
        drop += !(e > NUM_ZERO);
        lanes_add(&vt, r->a + k, x);
    }
#if !NUM_IS_CHAIN
    /* then eight columns at a time, lane l of the sums in acc[l / VEC_LANES] */
    vnum acc[8 / VEC_LANES];
    vmask nonpos = vmask_splat(0);
    for (int q = 0; q < 8 / VEC_LANES; q++)
        acc[q] = vnum_load(vt.l + q * VEC_LANES);
    for (; k + 8 <= len; k += 8)
        for (int q = 0; q < 8 / VEC_LANES; q++)
            acc[q] += run_cells(r, k + (uint32_t)q * VEC_LANES, &nonpos);
    for (int q = 0; q < 8 / VEC_LANES; q++)
        vnum_store(vt.l + q * VEC_LANES, acc[q]);
    for (int l = 0; l < VEC_LANES; l++)
        drop += nonpos[l] != 0;
#endif
    for (; k < len; k++) {
        e = run_cell(r, k, &x);
        drop += !(e > NUM_ZERO);
        lanes_add(&vt, r->a + k, x);
    }
    for (k = 0; k < len; k++)
        ecol[k] = r->a + k;
    uint32_t m = len;
    if (drop) { /* keep only the entries > 0 */
        m = 0;
        for (k = 0; k < len; k++)
            if (r->ev[k] > NUM_ZERO) {
                r->ev[m] = r->ev[k];
                ecol[m++] = ecol[k];
            }
    }
    *elen = m;
    return lanes_total(&vt);
}

/*
** Yuma 3 dividends of one EMA row that is a run: sum_j (ev_j / colsum_j) I_j
** in lanes8, with scale[j] = 1 / colsum_j (1 where the sum is 0) in float
** mode, the exact division in chain mode.
*/
static num run_dividend_sum(const num *ev, uint32_t a, uint32_t len, const num *colsum,
                            const double *inv, const num *scale, const num *I)
{
    lanes8 t;
    lanes_zero(&t);
    uint32_t k = 0;
#if NUM_IS_CHAIN
    (void)scale;
    for (; k < len; k++) {
        uint32_t j = a + k;
        num v = colsum[j] != NUM_ZERO ? n_div_fast(ev[k], colsum[j], inv[j]) : ev[k];
        lanes_add(&t, j, n_mul(v, I[j]));
    }
#else
    (void)colsum;
    (void)inv;
    for (; k < len && ((a + k) & 7); k++)
        lanes_add(&t, a + k, (ev[k] * scale[a + k]) * I[a + k]);
    vnum acc[8 / VEC_LANES];
    for (int q = 0; q < 8 / VEC_LANES; q++)
        acc[q] = vnum_load(t.l + q * VEC_LANES);
    for (; k + 8 <= len; k += 8)
        for (int q = 0; q < 8 / VEC_LANES; q++) {
            uint32_t o = k + (uint32_t)q * VEC_LANES;
            acc[q] += (vnum_load(ev + o) * vnum_load(scale + a + o)) * vnum_load(I + a + o);
        }
    for (int q = 0; q < 8 / VEC_LANES; q++)
        vnum_store(t.l + q * VEC_LANES, acc[q]);
    for (; k < len; k++)
        lanes_add(&t, a + k, (ev[k] * scale[a + k]) * I[a + k]);
#endif
    return lanes_total(&t);
}

/* Stored bond entries (column a + k, n_to_u16(v[k])) for a run. */
static void run_store_bonds(const num *v, uint32_t a, uint32_t len, ss_weight_entry *out)
{
    uint32_t k = 0;
#if !NUM_IS_CHAIN
    /* floor(v * 65535) clamped, as n_to_u16: the clamped product is made an
    ** integer by adding 2^52 (round to nearest), then floored by taking one
    ** away where that rounded up; the integer is then in the low bits. */
    vmask lane;
    for (int l = 0; l < VEC_LANES; l++)
        lane[l] = l;
    for (; k + VEC_LANES <= len; k += VEC_LANES) {
        vnum f = vnum_load(v + k) * 65535.0;
        f = vnum_sel(f > 0.0, f, vnum_splat(0.0));
        f = vnum_sel(f < 65535.0, f, vnum_splat(65535.0));
        vnum g = (f + 0x1p52) - 0x1p52;
        g = vnum_sel(g > f, g - 1.0, g);
        vmask bits = ((vmask)(g + 0x1p52) & 0xffff) << 32;
        vmask e = bits | (vmask_splat((int64_t)(a + k)) + lane);
        memcpy(out + k, &e, sizeof e);
    }
#endif
    for (; k < len; k++) {
        out[k].uid = a + k;
        out[k].value = n_to_u16(v[k]);
    }
}
