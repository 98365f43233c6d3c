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
** has no data-dependent branch.
**
** Stakes enter as exact integer masses (n_mass): the I32F32 bits in chain
** mode, the stake truncated to a multiple of 2^-60 in float mode. Every sum
** S(.) is then exact, so the result does not depend on the order in which
** entries are visited: any algorithm, and any path of the epoch, gives the
** same consensus. (Spec §7 leaves the order of float mode's rounded sums
** open; exact sums of the truncated stakes are closer to the true closed
** form than any rounded order.)
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

/*
** Among v[0..m) (m >= 1) with masses u, the smallest x such that
** t < S(<=x), or the largest value when t reaches the total mass.
** tv/tu are scratch of m entries; v and u are overwritten.
**
** Each round splits the candidates around a pivot p without branches on the
** comparison (the outcome is random, so a branch would be mispredicted half
** the time): every entry is written both to the next free slot of the "< p"
** run at the front of the scratch and of the "> p" run at its back, and only
** the matching run's end moves. The masses below and at p are summed on the
** way, masked rather than branched on.
*/
static num weighted_select(num *v, int64_t *u, uint32_t m, int64_t t, num *tv, int64_t *tu)
{
    while (m > 1) {
        num p = pick_pivot(v, m);
        int64_t ml = 0, me = 0;
        uint32_t nl = 0, hi = m - 1;
        for (uint32_t k = 0; k < m; k++) {
            num x = v[k];
            int64_t w = u[k];
            tv[nl] = x;
            tu[nl] = w;
            tv[hi] = x;
            tu[hi] = w;
            ml += w & -(int64_t)(x < p);
            me += w & -(int64_t)(x == p);
            nl += x < p;
            hi -= x > p;
        }
        uint32_t ng = m - 1 - hi;
        num *sv = v;
        int64_t *su = u;
        if (nl && t < ml) { /* (t < 0 = ml with nothing below: p is the answer) */
            v = tv;
            u = tu;
            m = nl;
        } else if (t < ml + me || ng == 0) {
            return p;
        } else {
            t -= ml + me;
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
** weighted_select for a few candidates (m >= 1), by counting: for VEC_LANES
** candidates at once, S(<=v[k]) sums the masses of all candidates, and the
** answer is the smallest v[k] with t < S(<=v[k]) (the largest v[k] when
** there is none). Quadratic, but without the branches and passes of a
** partition it is the cheaper of the two below SMALL_SELECT entries.
*/
enum { SMALL_SELECT = 32 };

static num small_select(const num *v, const int64_t *u, uint32_t m, int64_t t)
{
    vnum best = vnum_splat(NUM_VALUE_MAX);
    num most = v[0];
    for (uint32_t l = 1; l < m; l++)
        most = v[l] > most ? v[l] : most;
    for (uint32_t k = 0; k < m; k += VEC_LANES) {
        vnum vk;
        if (k + VEC_LANES <= m) {
            vk = vnum_load(v + k);
        } else { /* the last few, padded with scores that never qualify */
            vk = vnum_splat(NUM_VALUE_MAX);
            for (uint32_t q = 0; k + q < m; q++)
                vk[q] = v[k + q];
        }
        vmask acc = vmask_splat(0);
        for (uint32_t l = 0; l < m; l++)
            acc += vmask_splat(u[l]) & (vnum_splat(v[l]) <= vk);
        best = vnum_min(best, vnum_sel(vmask_splat(t) < acc, vk, vnum_splat(NUM_VALUE_MAX)));
    }
    num b = best[0];
    for (int q = 1; q < VEC_LANES; q++)
        b = best[q] < b ? best[q] : b;
    return b < NUM_VALUE_MAX ? b : most;
}

/*
** One column: v/u are its m positive entries and their masses; the other
** n_u - m rows of U score 0, and all n_u rows' masses sum to ssum. t is the
** minority as a mass. Returns the closed-form median. tv/tu are scratch of
** m entries.
*/
static num median_column(num *v, int64_t *u, uint32_t m, uint32_t n_u, int64_t ssum, int64_t t,
                         num *tv, int64_t *tu)
{
    if (n_u == 0)
        return NUM_ZERO;
    if (m < n_u) {
        int64_t pos = 0;
        for (uint32_t k = 0; k < m; k++)
            pos += u[k];
        int64_t zero_mass = ssum - pos;
        if (t < zero_mass || m == 0)
            return NUM_ZERO;
        t -= zero_mass;
    }
    return m <= SMALL_SELECT ? small_select(v, u, m, t) : weighted_select(v, u, m, t, tv, tu);
}

enum { DM_MIN_ROWS = 16 };

#include "consensus/median_block_impl.h"

/* The block-median scratch of y (median_block_impl.h). */
static inline mb_scratch mb_scratch_of(ss_yuma *y)
{
    mb_scratch sc = {.code = y->mb_code, .cv = (num *)y->mb_cv, .tv = (num *)y->mb_tv,
                     .cu = y->mb_cu, .tu = y->mb_tu};
    return sc;
}

/*
** The medians through block_medians (median_block_impl.h) when every row of
** U with entries is a run over the same columns [c0, c1) and there are
** enough of them; C is 0 outside [c0, c1). Returns false, leaving C
** untouched, otherwise.
*/
static bool dense_block_medians(ss_yuma *y, const ss__csr *W, uint32_t n, const num *umass,
                                int64_t minority, num *C)
{
    const num **rowp = (const num **)y->rowp;
    const num *wv = (const num *)W->val;
    int64_t *mass = y->mb_mass, zmass = 0, total = 0;
    uint32_t R = 0, zrows = 0, c0 = 0, c1 = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!(umass[i] > NUM_ZERO))
            continue;
        uint32_t s = W->start[i], len = W->len[i];
        if (len == 0) {
            zrows++;
            zmass += y->umq[i];
            continue;
        }
        uint32_t a = W->col[s], e = W->col[s + len - 1] + 1;
        if (!W->sorted[i] || e - a != len)
            return false; /* not a run */
        if (R == 0) {
            c0 = a;
            c1 = e;
        } else if (a != c0 || e != c1) {
            return false;
        }
        rowp[R] = wv + s - c0;
        mass[R++] = y->umq[i];
    }
    if (R < DM_MIN_ROWS || y->no_dense)
        return false;
    y->dense_count++;
    uint32_t rows = R + (zrows > 0); /* rows of U without entries: one row of zeros */
    if (zrows)
        mass[R] = zmass;
    for (uint32_t r = 0; r < rows; r++)
        total += mass[r];
    num *val = (num *)y->mb_val;
    mb_key *key = (mb_key *)y->mb_key;
    mb_block b = {.val = val, .key = key, .mass = mass, .smass = y->mb_smass, .rows = rows,
                  .total = total, .t = minority};
    b.st = mb_scale_masses(mass, rows, total, minority, y->mb_smass);
    mb_scratch sc = mb_scratch_of(y);
    num cb[MB_COLS];
    for (uint32_t j0 = c0 & ~(uint32_t)(MB_COLS - 1); j0 < c1; j0 += MB_COLS) {
        bool inside = j0 >= c0 && j0 + MB_COLS <= c1;
        for (uint32_t r = 0; r < rows; r++) {
            const num *src = rowp[r] + j0;
            num edge[MB_COLS];
            if (!inside || r == R) {
                for (uint32_t c = 0; c < MB_COLS; c++) {
                    uint32_t j = j0 + c;
                    edge[c] = r < R && j >= c0 && j < c1 ? rowp[r][j] : NUM_ZERO;
                }
                src = edge;
            }
            mb_load_row(src, val + (size_t)r * MB_COLS, key + (size_t)r * MB_COLS);
        }
        block_medians(&b, cb, &sc);
        for (uint32_t c = 0; c < MB_COLS; c++)
            if (j0 + c >= c0 && j0 + c < c1)
                C[j0 + c] = cb[c];
    }
    for (uint32_t j = 0; j < n; j++)
        if (j < c0 || j >= c1)
            C[j] = NUM_ZERO;
    return true;
}

/*
** C[j] for every column j < n of W restricted to the rows with stake in U
** (umass[i] > 0, normalized), majority kappa.
*/
static ss_status consensus_columns(ss_yuma *y, const ss__csr *W, uint32_t n,
                                   const num *umass, uint32_t n_u, num kappa, num *C,
                                   ss_error *err)
{
    uint32_t *cstart = y->col_start;
    memset(cstart, 0, sizeof *cstart * (n + 1));
    const num *wv = (const num *)W->val;
    int64_t *mq = y->umq, ssum = 0;
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        mq[i] = umass[i] > NUM_ZERO ? n_mass(umass[i]) : 0;
        ssum += mq[i];
    }
    int64_t minority = ssum - n_mass(kappa);
    if (dense_block_medians(y, W, n, umass, minority, C))
        return SS_OK;
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
    num *cv = (num *)y->cval;
    int64_t *cm = (int64_t *)y->cmass;
    num *tv = (num *)y->col_b;
    int64_t *tu = (int64_t *)y->col_d; /* a column has at most n entries */
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
        if (mq[i] > 0)
            ascending = ascending && W->sorted[i];
    }
    for (uint32_t c0 = 0, c1; c0 < n; c0 = c1) {
        c1 = ascending && n - c0 > COL_BLOCK ? c0 + COL_BLOCK : n;
        for (uint32_t i = 0; i < n; i++) {
            if (!(umass[i] > NUM_ZERO))
                continue;
            int64_t m = mq[i];
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
