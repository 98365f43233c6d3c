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
** go through a weighted quickselect (expected linear time). A 64 x 1024
** matrix therefore costs about three passes over its non-zeros.
*/

/* Median-of-three pivot value of v[lo..hi). */
static inline num med3(const num *v, uint32_t lo, uint32_t hi)
{
    num a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi - 1];
    if (a > b) { num t = a; a = b; b = t; }
    if (b > c) { b = c; }
    return a > b ? a : b;
}

/*
** Among v[0..m) (m >= 1) with stakes u, the smallest x such that
** t < S(<=x), or the largest value when t reaches the total stake.
** Reorders v and u.
*/
static num weighted_select(num *v, num *u, uint32_t m, num t)
{
    uint32_t lo = 0, hi = m;
    while (hi - lo > 1) {
        num p = med3(v, lo, hi);
        /* Three-way partition: [lo,lt) < p, [lt,i) == p, [gt,hi) > p. */
        uint32_t lt = lo, i = lo, gt = hi;
        num ml = NUM_ZERO, me = NUM_ZERO;
        while (i < gt) {
            num x = v[i], w = u[i];
            if (x < p) {
                v[i] = v[lt]; u[i] = u[lt];
                v[lt] = x; u[lt] = w;
                ml = n_add(ml, w);
                lt++;
                i++;
            } else if (x > p) {
                gt--;
                v[i] = v[gt]; u[i] = u[gt];
                v[gt] = x; u[gt] = w;
            } else {
                me = n_add(me, w);
                i++;
            }
        }
        if (t < ml) {
            hi = lt;
        } else if (t < n_add(ml, me) || gt == hi) {
            return p;
        } else {
            t = n_sub(t, n_add(ml, me));
            lo = gt;
        }
    }
    return v[lo];
}

/*
** One column: v/u are its m positive entries and their stakes; the other
** n_u - m rows of U score 0. Returns the closed-form median.
*/
static num median_column(num *v, num *u, uint32_t m, uint32_t n_u, num ssum, num minority)
{
    if (n_u == 0)
        return NUM_ZERO;
    num t = minority;
    if (m < n_u) {
        num present = NUM_ZERO;
        for (uint32_t k = 0; k < m; k++)
            present = n_add(present, u[k]);
        num zero_mass = n_sub(ssum, present);
        if (minority < zero_mass || m == 0)
            return NUM_ZERO;
        t = n_sub(minority, zero_mass);
    }
    return weighted_select(v, u, m, t);
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
    for (uint32_t i = 0; i < n; i++) {
        num m = umass[i];
        if (!(m > NUM_ZERO))
            continue;
        uint32_t s = W->start[i], e = s + W->len[i];
        for (uint32_t k = s; k < e; k++)
            if (wv[k] > NUM_ZERO) {
                uint32_t p = fill[W->col[k]]++;
                cv[p] = wv[k];
                cm[p] = m;
            }
    }
    num minority = n_sub(ssum, kappa);
    for (uint32_t j = 0; j < n; j++) {
        uint32_t s = cstart[j];
        C[j] = median_column(cv + s, cm + s, cstart[j + 1] - s, n_u, ssum, minority);
    }
    return SS_OK;
}
