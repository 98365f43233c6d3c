/*
** Stake-weighted median per column (spec/yuma.md §4.6), written once over
** the numeric model `num` (included by epoch_impl.h after num_chain.h or
** num_float.h).
**
** The chain runs a mid-pivot selection over a dense n x |U| score table; its
** result equals the closed form "the score x with S(<x) <= minority < S(<=x),
** the smallest score if minority < 0, the largest if minority >= ssum",
** because fixed-point sums are exact. We compute that closed form from the
** sparse columns: missing and zero entries form one group at score 0 whose
** stake is known without visiting it, and the positive entries of a column
** go through a weighted quickselect (expected linear time) whose partition
** has no data-dependent branch. In float mode the stake sums S(.) are
** rounded, and the spec (§7) fixes no order for them: the "< pivot" stake is
** summed in four interleaved lanes of the partitioned run, a fixed order
** (the conformance counts are unchanged by it).
*/

/* Median-of-three pivot value of v[lo..hi). */
static inline num med3(const num *v, uint32_t lo, uint32_t hi)
{
    num a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
    if (a > b) { num t = a; a = b; b = t; }
    if (b > c) { b = c; }
    return a > b ? a : b;
}

static inline num median3(num a, num b, num c)
{
    if (a > b) { num t = a; a = b; b = t; }
    if (b > c) { b = c; }
    return a > b ? a : b;
}

/* Pivot for v[0..m): median of three, or of three medians of three (the
** "ninther") on longer columns, where a better pivot saves whole passes. */
static inline num pick_pivot(const num *v, uint32_t m)
{
    if (m < 48)
        return med3(v, 0, m);
    uint32_t e = m / 8;
    return median3(median3(v[0], v[e], v[2 * e]), median3(v[3 * e], v[4 * e], v[5 * e]),
                   median3(v[6 * e], v[7 * e], v[m - 1]));
}

/* Sum of u[0..m) in four interleaved lanes (k mod 4), then the lanes
** pairwise: a fixed order, short dependency chains. */
static inline num lane_sum(const num *u, uint32_t m)
{
    num s0 = NUM_ZERO, s1 = NUM_ZERO, s2 = NUM_ZERO, s3 = NUM_ZERO;
    uint32_t k = 0;
    for (; k + 4 <= m; k += 4) {
        s0 = n_add(s0, u[k]);
        s1 = n_add(s1, u[k + 1]);
        s2 = n_add(s2, u[k + 2]);
        s3 = n_add(s3, u[k + 3]);
    }
    for (; k < m; k++)
        s0 = n_add(s0, u[k]);
    return n_add(n_add(s0, s1), n_add(s2, s3));
}

/*
** Among v[0..m) (m >= 1) with stakes u, the smallest x such that
** t < S(<=x), or the largest value when t reaches the total stake.
** tv/tu are scratch of m entries; v and u are overwritten.
**
** Each round splits the candidates around a pivot p without branches on the
** comparison (the outcome is random, so a branch would be mispredicted half
** the time): every entry is written both to the next free slot of the "< p"
** run at the front of the scratch and of the "> p" run at its back, and only
** the matching run's end moves. Entries equal to p are rare (ties), and only
** their stake is needed, so that test keeps a branch.
*/
static num weighted_select(num *v, num *u, uint32_t m, num t, num *tv, num *tu)
{
    while (m > 1) {
        num p = pick_pivot(v, m);
        num me = NUM_ZERO;
        uint32_t nl = 0, hi = m - 1;
        for (uint32_t k = 0; k < m; k++) {
            num x = v[k], w = u[k];
            tv[nl] = x;
            tu[nl] = w;
            tv[hi] = x;
            tu[hi] = w;
            nl += x < p;
            hi -= x > p;
            if (x == p)
                me = n_add(me, w);
        }
        uint32_t ng = m - 1 - hi;
        num ml = lane_sum(tu, nl);
        num *sv = v, *su = u;
        if (t < ml) {
            v = tv;
            u = tu;
            m = nl;
        } else if (t < n_add(ml, me) || ng == 0) {
            return p;
        } else {
            t = n_sub(t, n_add(ml, me));
            v = tv + (m - ng);
            u = tu + (m - ng);
            m = ng;
        }
        tv = sv;
        tu = su;
    }
    return v[0];
}

/*
** One column: v/u are its m positive entries and their stakes; the other
** n_u - m rows of U score 0. Returns the closed-form median. tv/tu are
** scratch of m entries.
*/
static num median_column(num *v, num *u, uint32_t m, uint32_t n_u, num ssum, num minority,
                         num *tv, num *tu)
{
    if (n_u == 0)
        return NUM_ZERO;
    num t = minority;
    if (m < n_u) {
        num zero_mass = n_sub(ssum, lane_sum(u, m));
        if (minority < zero_mass || m == 0)
            return NUM_ZERO;
        t = n_sub(minority, zero_mass);
    }
    return weighted_select(v, u, m, t, tv, tu);
}

/*
** C[j] for every column j < n of W restricted to the rows with stake in U
** (umass[i] > 0, normalized), majority kappa.
*/
static ss_status consensus_columns(ss_yuma *y, const ss__csr *W, uint32_t n,
                                   const num *umass, uint32_t n_u, num ssum, num kappa,
                                   num *C, ss_error *err)
{
    uint32_t *cstart = y->col_start;
    memset(cstart, 0, sizeof *cstart * (n + 1));
    const num *wv = (const num *)W->val;
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!(umass[i] > NUM_ZERO))
            continue;
        uint32_t s = W->start[i], e = s + W->len[i];
        for (uint32_t k = s; k < e; k++)
            if (wv[k] > NUM_ZERO) {
                cstart[W->col[k] + 1]++;
                total++;
            }
    }
    ss_status st = ss__yuma_reserve(y, &y->cval, &y->ccap, total, err);
    if (st != SS_OK)
        return st;
    st = ss__yuma_reserve(y, &y->cmass, &y->cmcap, total, err);
    if (st != SS_OK)
        return st;
    for (uint32_t j = 0; j < n; j++)
        cstart[j + 1] += cstart[j];
    uint32_t *fill = y->iscratch;
    memcpy(fill, cstart, sizeof *fill * n);
    num *cv = (num *)y->cval, *cm = (num *)y->cmass;
    num minority = n_sub(ssum, kappa);
    num *tv = (num *)y->col_b, *tu = (num *)y->col_d; /* a column has at most n entries */
    /*
    ** Columns are filled and solved in blocks of COL_BLOCK when every row is
    ** ascending: each row's entries for a block are the next run after its
    ** cursor, so only a block's columns are being written at a time and they
    ** are still in cache when their medians are taken. Large matrices
    ** (256 x 4096: 16 MB of column entries) otherwise miss on every write;
    ** small ones (under BLOCK_MIN entries) fit in cache and go in one block,
    ** sparing a walk over the rows per block.
    */
    enum { COL_BLOCK = 128, BLOCK_MIN = 1 << 16 };
    bool ascending = total >= BLOCK_MIN;
    uint32_t *cur = y->row_cur;
    for (uint32_t i = 0; i < n; i++) {
        cur[i] = W->start[i];
        if (umass[i] > NUM_ZERO)
            ascending = ascending && W->sorted[i];
    }
    for (uint32_t c0 = 0, c1; c0 < n; c0 = c1) {
        c1 = ascending && n - c0 > COL_BLOCK ? c0 + COL_BLOCK : n;
        for (uint32_t i = 0; i < n; i++) {
            num m = umass[i];
            if (!(m > NUM_ZERO))
                continue;
            uint32_t k = cur[i], e = W->start[i] + W->len[i];
            for (; k < e && W->col[k] < c1; k++)
                if (wv[k] > NUM_ZERO) {
                    uint32_t p = fill[W->col[k]]++;
                    cv[p] = wv[k];
                    cm[p] = m;
                }
            cur[i] = k;
        }
        for (uint32_t j = c0; j < c1; j++) {
            uint32_t s = cstart[j];
            C[j] = median_column(cv + s, cm + s, cstart[j + 1] - s, n_u, ssum, minority, tv,
                                 tu);
        }
    }
    return SS_OK;
}
