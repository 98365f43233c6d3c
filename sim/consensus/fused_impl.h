/*
** Clipping, ranks, bonds and dividends (spec/yuma.md §4.7-4.11) fused into a
** few passes over the rows, for the common case: every weight row and every
** stored bond row has strictly ascending columns, and the bonds use a fixed
** EMA rate (liquid alpha off or without consensus). Included by epoch_impl.h
** over the numeric model `num`.
**
** The general path (epoch_impl.h with bonds_impl.h) builds CW, WB, B, dB and
** the EMA as separate matrices, one pass each. Here one pass per row does
** what only needs that row (clip, trust, ranks, weights for bonds, the EMA
** of ascending rows, column sums), so a cell is touched two to four times
** instead of a dozen. Every value is computed with the same operations in the
** same order as the general path: sums over rows still run in uid order and
** sums within a row in column order, so both numeric modes give bit-identical
** results (tests/unit/test_consensus.c compares the two paths).
*/

/* WB of a cell: the weight W_ij, its clipped CW_ij (kept says whether CW has
** the cell) and beta (§4.9). Returns false when WB has no such cell. */
static inline bool wb_cell(num w, num x, bool kept, num beta, int beta_kind, num *out)
{
    if (beta_kind == 0) {
        *out = w;
        return true;
    }
    if (beta_kind == 1) {
        *out = x;
        return kept;
    }
    num v = n_add(w, n_mul(beta, n_sub(kept ? x : NUM_ZERO, w)));
    *out = v;
    return v > NUM_ZERO;
}

/* Stored bond entry usable this epoch (§4.10): inside n, not re-registered. */
static inline bool bond_live(const ss_weight_entry *e, uint32_t n, const uint64_t *reg,
                             uint64_t last_tempo)
{
    return e->uid < n && last_tempo > reg[e->uid];
}

/* True when every stored bond row is strictly ascending (so is every
** masked subsequence), which lets the EMA merge rows without densifying. */
static bool bonds_ascending(const ss__bonds *sb, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const ss_weight_entry *e = sb->ent + sb->start[i];
        for (uint32_t k = 1; k < sb->len[i]; k++)
            if (e[k].uid <= e[k - 1].uid)
                return false;
    }
    return true;
}

/* True when every weight row has strictly ascending columns. */
static bool rows_ascending(const ss__csr *W, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!W->sorted[i])
            return false;
    return true;
}

/*
** Pass 1 over row i: clip W against C (§4.7), add to the row's trust and to
** the ranks R, and write WB aligned with W's entries into wbv with
** has[k] telling whether WB has the cell. Returns VT_i.
*/
static num row_clip(const ss__csr *W, uint32_t i, const num *C, num a, num beta,
                    int beta_kind, num *R, num *wbv, uint8_t *has)
{
    const num *wv = (const num *)W->val;
    uint32_t s = W->start[i], e = s + W->len[i];
    num vt = NUM_ZERO;
    for (uint32_t k = s; k < e; k++) {
        uint32_t j = W->col[k];
        num w = wv[k], c = C[j], x = w;
        bool kept = true;
        if (w > c) {
            x = c;
            kept = c > NUM_ZERO;
        }
        if (kept) {
            vt = n_plus(vt, x);
            R[j] = n_add(R[j], n_mul(a, x));
        }
        has[k] = wb_cell(w, x, kept, beta, beta_kind, &wbv[k]);
    }
    return vt;
}

/* True when the stored bond row i has exactly the columns of W's row i (the
** steady state of dense rows: last epoch's EMA kept every weighted cell),
** all of them live. */
static bool bonds_match_row(const ss__csr *W, uint32_t i, const ss__bonds *sb, bool all_live)
{
    uint32_t len = W->len[i];
    if (!all_live || sb->len[i] != len)
        return false;
    const uint32_t *col = W->col + W->start[i];
    const ss_weight_entry *b = sb->ent + sb->start[i];
    for (uint32_t k = 0; k < len; k++)
        if (b[k].uid != col[k])
            return false;
    return true;
}

/*
** Yuma 3, fixed rate (§4.11 b): EMA_ij = alpha WB_ij + (1 - alpha) B_ij over
** the union of row i's WB cells and live bond cells, entries > 0 appended
** to ema and added to the column sums colsum.
*/
static void row_ema_yuma3(const ss__csr *W, uint32_t i, const num *wbv, const uint8_t *has,
                          const ss__bonds *sb, uint32_t n, const uint64_t *reg,
                          uint64_t last_tempo, bool all_live, num alpha, num oma,
                          ss__csr *ema, num *colsum)
{
    uint32_t a = W->start[i], ae = a + W->len[i];
    const ss_weight_entry *b = sb->ent + sb->start[i], *be = b + sb->len[i];
    num *ev = (num *)ema->val;
    size_t u = ema->used;
    if (bonds_match_row(W, i, sb, all_live)) {
        /* Same cells: no merge. A cell WB lacks has only its decayed bond
        ** (0 + y == y exactly, y >= 0, in both modes). */
        for (uint32_t k = a; k < ae; k++, b++) {
            num x = n_add(has[k] ? n_mul(alpha, wbv[k]) : NUM_ZERO,
                          n_mul(oma, n_prop_u16(b->value)));
            if (x > NUM_ZERO) {
                ema->col[u] = b->uid;
                ev[u++] = x;
                colsum[b->uid] = n_add(colsum[b->uid], x);
            }
        }
        ema->used = u;
        return;
    }
    for (;;) {
        while (b < be && !bond_live(b, n, reg, last_tempo))
            b++;
        while (a < ae && !has[a])
            a++;
        if (a >= ae && b >= be)
            break;
        uint32_t j;
        num x;
        if (b >= be || (a < ae && W->col[a] < b->uid)) {
            j = W->col[a];
            x = n_mul(alpha, wbv[a++]);
        } else if (a >= ae || b->uid < W->col[a]) {
            j = b->uid;
            x = n_mul(oma, n_prop_u16(b->value));
            b++;
        } else {
            j = b->uid;
            x = n_add(n_mul(alpha, wbv[a++]), n_mul(oma, n_prop_u16(b->value)));
            b++;
        }
        if (x > NUM_ZERO) {
            ema->col[u] = j;
            ev[u++] = x;
            colsum[j] = n_add(colsum[j], x);
        }
    }
    ema->used = u;
}

/*
** Original Yuma, pass 1 (§4.11 a): dB_ij = WB_ij A_i for row i's WB cells,
** appended to dB, with the column sums of dB and of the live raw bonds.
*/
static void row_delta_original(const ss__csr *W, uint32_t i, const num *wbv,
                               const uint8_t *has, num a, const ss__bonds *sb, uint32_t n,
                               const uint64_t *reg, uint64_t last_tempo, ss__csr *dB,
                               num *dsum, num *bsum)
{
    uint32_t s = W->start[i], e = s + W->len[i];
    num *dv = (num *)dB->val;
    size_t u = dB->used;
    for (uint32_t k = s; k < e; k++)
        if (has[k]) {
            num d = n_mul(wbv[k], a);
            dB->col[u] = W->col[k];
            dv[u++] = d;
            dsum[W->col[k]] = n_add(dsum[W->col[k]], d);
        }
    dB->used = u;
    const ss_weight_entry *b = sb->ent + sb->start[i], *bend = b + sb->len[i];
    for (; b < bend; b++)
        if (bond_live(b, n, reg, last_tempo))
            bsum[b->uid] = n_add(bsum[b->uid], n_raw_u16(b->value));
}

/* A value divided by its column's sum, unchanged where that is 0
** (col_normalize); inv is n_div_prep(c). */
static inline num col_div(num v, num c, double inv)
{
    return c != NUM_ZERO ? n_div_fast(v, c, inv) : v;
}

/* inv[j] = n_div_prep(c[j]) for the columns j < n. */
static void prep_divisors(const num *c, uint32_t n, double *inv)
{
    for (uint32_t j = 0; j < n; j++)
        inv[j] = n_div_prep(c[j]);
}

/*
** Original Yuma, pass 2: normalise row i of dB in place (it is the trace's
** ΔB), normalise the live bonds, and append EMA_ij = alpha dB_ij +
** (1 - alpha) B_ij over the union, entries > 0, with their column sums.
*/
static void row_ema_original(ss__csr *dB, uint32_t i, const num *dsum, const double *dinv,
                             const num *bsum, const double *binv, const ss__bonds *sb,
                             uint32_t n, const uint64_t *reg, uint64_t last_tempo, num alpha,
                             num oma, ss__csr *ema, num *colsum)
{
    uint32_t a = dB->start[i], ae = a + dB->len[i];
    num *dv = (num *)dB->val, *ev = (num *)ema->val;
    for (uint32_t k = a; k < ae; k++)
        dv[k] = col_div(dv[k], dsum[dB->col[k]], dinv[dB->col[k]]);
    const ss_weight_entry *b = sb->ent + sb->start[i], *be = b + sb->len[i];
    size_t u = ema->used;
    for (;;) {
        while (b < be && !bond_live(b, n, reg, last_tempo))
            b++;
        if (a >= ae && b >= be)
            break;
        uint32_t j;
        num x;
        if (b >= be || (a < ae && dB->col[a] < b->uid)) {
            j = dB->col[a];
            x = n_mul(alpha, dv[a++]);
        } else if (a >= ae || b->uid < dB->col[a]) {
            j = b->uid;
            x = n_mul(oma, col_div(n_raw_u16(b->value), bsum[j], binv[j]));
            b++;
        } else {
            j = b->uid;
            num bn = col_div(n_raw_u16(b->value), bsum[j], binv[j]);
            x = n_add(n_mul(alpha, dv[a++]), n_mul(oma, bn));
            b++;
        }
        if (x > NUM_ZERO) {
            ema->col[u] = j;
            ev[u++] = x;
            colsum[j] = n_add(colsum[j], x);
        }
    }
    ema->used = u;
}

static void zero_vec(num *v, uint32_t n)
{
    for (uint32_t j = 0; j < n; j++)
        v[j] = NUM_ZERO;
}

/*
** §4.7-4.11 for ascending rows with a fixed EMA rate, first half: fills VT
** and R, builds the EMA rows (and ΔB for the original model) with the EMA's
** column sums in colacc. The caller then forms I from R and calls
** fused_dividends.
*/
static ss_status fused_pass1(ss_yuma *y, const ss_yuma_input *in, const num *C, const num *A,
                             num beta, uint64_t last_tempo, num *VT, num *R, ss_error *err)
{
    const uint32_t n = in->n;
    const ss__csr *W = &y->W;
    const bool yuma3 = y->p.variant == SS_YUMA_YUMA3;
    int beta_kind = beta == NUM_ZERO ? 0 : beta == NUM_ONE ? 1 : 2;
    ss_status st;
    if ((st = ss__yuma_reserve(y, &y->cwv, &y->cwcap, W->used, err)) != SS_OK)
        return st;
    if ((st = ss__yuma_reserve(y, &y->hasv, &y->hascap, (W->used + 7) / 8, err)) != SS_OK)
        return st;
    ss__csr *EMA = &y->EMA, *dB = &y->dB;
    const ss__bonds *sb = &y->bonds;
    if ((st = ss__csr_reserve(y, EMA, W->used + sb->used, err)) != SS_OK)
        return st;
    if (!yuma3 && (st = ss__csr_reserve(y, dB, W->used, err)) != SS_OK)
        return st;
    num *wbv = (num *)y->cwv, *acc = (num *)y->colacc;
    num *dsum = (num *)y->col_d, *bsum = (num *)y->col_b;
    uint8_t *has = (uint8_t *)y->hasv;
    num alpha = n_bma_alpha(y->p.bonds_moving_average), oma = n_sub(NUM_ONE, alpha);
    zero_vec(R, n);
    zero_vec(acc, n);
    if (!yuma3) {
        zero_vec(dsum, n);
        zero_vec(bsum, n);
        dB->used = 0;
    }
    EMA->used = 0;
    bool all_live = true; /* no bond column masked by a registration (§4.10) */
    for (uint32_t j = 0; j < n && all_live; j++)
        all_live = last_tempo > in->registered_block[j];
    for (uint32_t i = 0; i < n; i++) {
        VT[i] = row_clip(W, i, C, A[i], beta, beta_kind, R, wbv, has);
        if (yuma3) {
            EMA->start[i] = (uint32_t)EMA->used;
            row_ema_yuma3(W, i, wbv, has, sb, n, in->registered_block, last_tempo, all_live,
                          alpha, oma, EMA, acc);
            EMA->len[i] = (uint32_t)(EMA->used - EMA->start[i]);
        } else {
            dB->start[i] = (uint32_t)dB->used;
            row_delta_original(W, i, wbv, has, A[i], sb, n, in->registered_block, last_tempo,
                               dB, dsum, bsum);
            dB->len[i] = (uint32_t)(dB->used - dB->start[i]);
        }
    }
    if (!yuma3) {
        double *dinv = y->inv_a, *binv = y->inv_b;
        prep_divisors(dsum, n, dinv);
        prep_divisors(bsum, n, binv);
        for (uint32_t i = 0; i < n; i++) {
            EMA->start[i] = (uint32_t)EMA->used;
            row_ema_original(dB, i, dsum, dinv, bsum, binv, sb, n, in->registered_block,
                             last_tempo, alpha, oma, EMA, acc);
            EMA->len[i] = (uint32_t)(EMA->used - EMA->start[i]);
        }
    }
    return SS_OK;
}

/*
** Dividends from the EMA (column sums in colacc) and the incentive I; for
** the original model also the column max-upscale of the stored bonds.
** Returns the array whose values are stored as u16 (aligned with the EMA).
*/
static const num *fused_dividends(ss_yuma *y, uint32_t n, const num *I, const num *A, num *D)
{
    ss__csr *EMA = &y->EMA;
    num *ev = (num *)EMA->val, *acc = (num *)y->colacc;
    double *inv = y->inv_a;
    prep_divisors(acc, n, inv);
    if (y->p.variant == SS_YUMA_YUMA3) {
        for (uint32_t i = 0; i < n; i++) {
            num t = NUM_ZERO, d;
            uint32_t s = EMA->start[i], e = s + EMA->len[i];
            for (uint32_t k = s; k < e; k++) {
                uint32_t j = EMA->col[k];
                num x = n_mul(col_div(ev[k], acc[j], inv[j]), I[j]);
                if (x != NUM_ZERO)
                    t = n_plus(t, x);
            }
            D[i] = n_cmul(t, A[i], &d) ? d : NUM_ZERO;
        }
        return ev;
    }
    num *mx = (num *)y->col_m;
    zero_vec(mx, n);
    for (uint32_t i = 0; i < n; i++) {
        num d = NUM_ZERO;
        uint32_t s = EMA->start[i], e = s + EMA->len[i];
        for (uint32_t k = s; k < e; k++) {
            uint32_t j = EMA->col[k];
            num v = col_div(ev[k], acc[j], inv[j]);
            ev[k] = v;
            d = n_add(d, n_mul(v, I[j]));
            if (mx[j] < v)
                mx[j] = v;
        }
        D[i] = d;
    }
    prep_divisors(mx, n, inv);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = EMA->start[i], e = s + EMA->len[i];
        for (uint32_t k = s; k < e; k++) {
            uint32_t j = EMA->col[k];
            if (mx[j] != NUM_ZERO)
                ev[k] = n_div_fast(ev[k], mx[j], inv[j]);
        }
    }
    return ev;
}
