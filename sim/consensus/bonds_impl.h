/*
** Bonds (spec/yuma.md §4.9-4.11) written once over the numeric model `num`:
** the bonds-penalty interpolation, column normalisation and max-upscale,
** the fixed-rate EMA over the union of cells (both models), and Yuma 3's
** liquid alpha with the sparse quirks of §12 (cells only in the old bonds
** are dropped; w and b are found by the chain's forward walk, which assumes
** ascending columns). Included by epoch_impl.h.
*/

/* Appends entry (j, v) to the row being built at the end of m, noting
** whether the row's columns stay strictly ascending. */
static inline void csr_push(ss__csr *m, uint32_t j, num v)
{
    size_t u = m->used;
    if (u > m->row_first && j <= m->col[u - 1])
        m->row_sorted = 0;
    m->col[u] = j;
    ((num *)m->val)[u] = v;
    m->used = u + 1;
}

static inline void csr_row_begin(ss__csr *m, uint32_t i)
{
    m->start[i] = (uint32_t)m->used;
    m->row_first = m->used;
    m->row_sorted = 1;
}

static inline void csr_row_end(ss__csr *m, uint32_t i)
{
    m->len[i] = (uint32_t)(m->used - m->start[i]);
    m->sorted[i] = m->row_sorted;
}

/*
** WB = W + beta (CW - W) per row over all columns, entries > 0 kept, sorted
** by column (the chain densifies each row). cw holds CW aligned with W's
** entries (0 where clipping dropped the entry).
*/
static ss_status interpolate(ss_yuma *y, const ss__csr *W, const num *cw, uint32_t n,
                             num beta, ss__csr *out, ss_error *err)
{
    ss_status st = ss__csr_reserve(y, out, W->used, err);
    if (st != SS_OK)
        return st;
    const num *wv = (const num *)W->val;
    num *d1 = (num *)y->dense1, *d2 = (num *)y->dense2;
    out->used = 0;
    for (uint32_t i = 0; i < n; i++) {
        csr_row_begin(out, i);
        uint32_t s = W->start[i], e = s + W->len[i];
        if (W->sorted[i]) {
            for (uint32_t k = s; k < e; k++) {
                num x = n_add(wv[k], n_mul(beta, n_sub(cw[k], wv[k])));
                if (x > NUM_ZERO)
                    csr_push(out, W->col[k], x);
            }
        } else {
            /* Unsorted or repeated columns: densify exactly like the chain. */
            for (uint32_t k = s; k < e; k++) {
                d1[W->col[k]] = wv[k];
                d2[W->col[k]] = cw[k];
            }
            for (uint32_t j = 0; j < n; j++) {
                num x = n_add(d1[j], n_mul(beta, n_sub(d2[j], d1[j])));
                if (x > NUM_ZERO)
                    csr_push(out, j, x);
            }
            for (uint32_t k = s; k < e; k++)
                d1[W->col[k]] = d2[W->col[k]] = NUM_ZERO;
        }
        csr_row_end(out, i);
    }
    return SS_OK;
}

/* Column sums (saturating) of the entries of m, into acc[0..n). */
static void col_sums(const ss__csr *m, const num *val, uint32_t n, num *acc)
{
    for (uint32_t j = 0; j < n; j++)
        acc[j] = NUM_ZERO;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = m->start[i], e = s + m->len[i];
        for (uint32_t k = s; k < e; k++)
            acc[m->col[k]] = n_add(acc[m->col[k]], val[k]);
    }
}

/* out[k] = val[k] / colsum (unchanged where the column sums to 0); recip
** selects n_div_recip's rounding in float mode (see num_float.h). */
static void col_normalize(const ss__csr *m, const num *val, num *out, uint32_t n, num *acc,
                          bool recip)
{
    col_sums(m, val, n, acc);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = m->start[i], e = s + m->len[i];
        for (uint32_t k = s; k < e; k++) {
            num c = acc[m->col[k]];
            if (c == NUM_ZERO)
                out[k] = val[k];
            else
                out[k] = recip ? n_div_recip(val[k], c, n_div_prep(c)) : n_sdiv(val[k], c);
        }
    }
}

/* Divides each entry by its column's maximum (where that is non-zero). */
static void col_max_upscale(const ss__csr *m, num *val, uint32_t n, num *acc)
{
    for (uint32_t j = 0; j < n; j++)
        acc[j] = NUM_ZERO;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = m->start[i], e = s + m->len[i];
        for (uint32_t k = s; k < e; k++)
            if (acc[m->col[k]] < val[k])
                acc[m->col[k]] = val[k];
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = m->start[i], e = s + m->len[i];
        for (uint32_t k = s; k < e; k++) {
            num c = acc[m->col[k]];
            if (c != NUM_ZERO)
                val[k] = n_sdiv(val[k], c);
        }
    }
}

/*
** mat_ema_sparse: alpha * new + (1 - alpha) * old over the union of cells of
** each row, entries > 0 kept, columns ascending.
*/
static ss_status ema_fixed(ss_yuma *y, const ss__csr *nw, const ss__csr *old, uint32_t n,
                          num alpha, ss__csr *out, ss_error *err)
{
    ss_status st = ss__csr_reserve(y, out, nw->used + old->used, err);
    if (st != SS_OK)
        return st;
    num oma = n_sub(NUM_ONE, alpha);
    const num *nv = (const num *)nw->val, *ov = (const num *)old->val;
    num *acc = (num *)y->dense1;
    out->used = 0;
    for (uint32_t i = 0; i < n; i++) {
        csr_row_begin(out, i);
        uint32_t a = nw->start[i], ae = a + nw->len[i];
        uint32_t b = old->start[i], be = b + old->len[i];
        if (nw->sorted[i] && old->sorted[i]) {
            while (a < ae || b < be) {
                num x;
                uint32_t j;
                if (b >= be || (a < ae && nw->col[a] < old->col[b])) {
                    j = nw->col[a];
                    x = n_mul(alpha, nv[a++]);
                } else if (a >= ae || old->col[b] < nw->col[a]) {
                    j = old->col[b];
                    x = n_mul(oma, ov[b++]);
                } else {
                    j = nw->col[a];
                    x = n_add(n_mul(alpha, nv[a++]), n_mul(oma, ov[b++]));
                }
                if (x > NUM_ZERO)
                    csr_push(out, j, x);
            }
        } else {
            for (uint32_t k = a; k < ae; k++)
                acc[nw->col[k]] = n_add(acc[nw->col[k]], n_mul(alpha, nv[k]));
            for (uint32_t k = b; k < be; k++)
                acc[old->col[k]] = n_add(acc[old->col[k]], n_mul(oma, ov[k]));
            for (uint32_t j = 0; j < n; j++)
                if (acc[j] > NUM_ZERO)
                    csr_push(out, j, acc[j]);
            for (uint32_t k = a; k < ae; k++)
                acc[nw->col[k]] = NUM_ZERO;
            for (uint32_t k = b; k < be; k++)
                acc[old->col[k]] = NUM_ZERO;
        }
        csr_row_end(out, i);
    }
    return SS_OK;
}

static inline num n_clamp(num v, num lo, num hi)
{
    return n_max(n_min(v, hi), lo);
}

/* Liquid alpha's per-cell rate (spec §4.11(b), alpha_sigmoid). */
static inline num alpha_sigmoid(num c, num w, num b, num lo, num hi, num t)
{
    num d = w >= b ? n_clamp(n_sub(w, c), NUM_ZERO, NUM_ONE)
                   : n_clamp(n_sub(b, w), NUM_ZERO, NUM_ONE);
    num half = NUM_ONE / 2;
    num arg = n_mul(t, n_sub(d, half));
    num sig = n_satdiv(NUM_ONE, n_add(NUM_ONE, n_exp_safe(arg)));
    num a = n_add(lo, n_mul(sig, n_sub(hi, lo)));
    return n_clamp(a, lo, hi);
}

/*
** Yuma 3 with liquid alpha: for each cell of WB (in WB's order),
** min(1, (1 - a) * old + max(0, a * new)); cells only in old are dropped.
*/
static ss_status ema_liquid(ss_yuma *y, const ss__csr *wb, const ss__csr *old, uint32_t n,
                            const num *C, num lo, num hi, num t, ss__csr *out, ss_error *err)
{
    ss_status st = ss__csr_reserve(y, out, wb->used, err);
    if (st != SS_OK)
        return st;
    const num *wv = (const num *)wb->val, *ov = (const num *)old->val;
    num *bd = (num *)y->dense1;   /* old bond by column, last entry wins */
    num *ww = (num *)y->dense2;   /* walked w by column (unsorted rows) */
    num *bw = (num *)y->dense3;   /* walked b by column (unsorted rows) */
    out->used = 0;
    for (uint32_t i = 0; i < n; i++) {
        csr_row_begin(out, i);
        uint32_t a = wb->start[i], ae = a + wb->len[i];
        uint32_t b = old->start[i], be = b + old->len[i];
        if (a == ae) {
            csr_row_end(out, i);
            continue;
        }
        for (uint32_t k = b; k < be; k++)
            bd[old->col[k]] = ov[k];
        bool walk = !(wb->sorted[i] && old->sorted[i]);
        if (walk) {
            /* The chain's forward walk over j = 0..n-1 (spec §12 item 2). */
            uint32_t p = a, q = b;
            for (uint32_t j = 0; j < n; j++) {
                num w = NUM_ZERO, bb = NUM_ZERO;
                while (p < ae) {
                    if (wb->col[p] < j) {
                        p++;
                    } else {
                        if (wb->col[p] == j)
                            w = wv[p];
                        break;
                    }
                }
                while (q < be) {
                    if (old->col[q] < j) {
                        q++;
                    } else {
                        if (old->col[q] == j)
                            bb = ov[q];
                        break;
                    }
                }
                ww[j] = w;
                bw[j] = bb;
            }
        }
        for (uint32_t k = a; k < ae; k++) {
            uint32_t j = wb->col[k];
            num w = walk ? ww[j] : wv[k];
            num bb = walk ? bw[j] : bd[j];
            num al = alpha_sigmoid(C[j], w, bb, lo, hi, t);
            num dec = n_mul(n_sub(NUM_ONE, al), bd[j]);
            num inc = n_max(n_mul(al, wv[k]), NUM_ZERO);
            num v = n_min(n_add(dec, inc), NUM_ONE);
            if (v > NUM_ZERO)
                csr_push(out, j, v);
        }
        for (uint32_t k = b; k < be; k++)
            bd[old->col[k]] = NUM_ZERO;
        if (walk)
            for (uint32_t j = 0; j < n; j++)
                ww[j] = bw[j] = NUM_ZERO;
        csr_row_end(out, i);
    }
    return SS_OK;
}
