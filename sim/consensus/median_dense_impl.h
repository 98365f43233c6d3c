/*
** The column medians of a dense block (spec/yuma.md §4.6): the common case
** where every weighted row with stake is one run of contiguous columns, the
** same run for all of them. Included by median_impl.h over the numeric
** model `num`; the result is median_impl.h's closed form.
**
** Columns are taken a vector at a time (two on the baseline target, four in
** the AVX2 build), one column per lane. A row's mass is the same in every
** lane and the masses are exact integers, so the walk over the rows needs no
** gathering and no order of summation matters:
**
**   1. Sample rows are picked once, each standing for an equal share of the
**      mass (a row is drawn where the running mass crosses (k + 1/2) / s of
**      the total), so their sorted scores approximate the weighted quantiles
**      of each column. A sorting network sorts them in every lane, and seven
**      of them split the scores into eight buckets of about an eighth of
**      the mass each.
**   2. One walk over the rows sums, per lane, the mass below each of the
**      seven thresholds, exactly; the sums say which bucket holds the median
**      and how much mass lies below it.
**   3. A second walk marks that bucket's rows in bit planes, one for each
**      half of the bucket split at the sample inside it (with sixteen
**      samples; with eight the upper half is empty), and sums the lower
**      half's mass. Per column, the rows of the half that holds the median
**      go to small_select (median_impl.h).
*/

enum { DM_LANES = VEC_LANES, DM_MIN_ROWS = 16, DM_MAX_SAMPLES = 16, DM_BUCKETS = 8 };


/* Compare-exchange: lane by lane, the smaller score to v[a]. */
#define DM_CE(a, b)                                                                          \
    do {                                                                                     \
        vnum lo_ = vnum_min(sv[a], sv[b]);                                                   \
        sv[b] = vnum_max(sv[a], sv[b]);                                                      \
        sv[a] = lo_;                                                                         \
    } while (0)

/* Batcher's odd-even merge sort of sv[o .. o+8), then of sv[0..16). */
#define DM_SORT8(o)                                                                          \
    do {                                                                                     \
        DM_CE(o + 0, o + 1); DM_CE(o + 2, o + 3); DM_CE(o + 0, o + 2); DM_CE(o + 1, o + 3);  \
        DM_CE(o + 1, o + 2); DM_CE(o + 4, o + 5); DM_CE(o + 6, o + 7); DM_CE(o + 4, o + 6);  \
        DM_CE(o + 5, o + 7); DM_CE(o + 5, o + 6); DM_CE(o + 0, o + 4); DM_CE(o + 2, o + 6);  \
        DM_CE(o + 2, o + 4); DM_CE(o + 1, o + 5); DM_CE(o + 3, o + 7); DM_CE(o + 3, o + 5);  \
        DM_CE(o + 1, o + 2); DM_CE(o + 3, o + 4); DM_CE(o + 5, o + 6);                       \
    } while (0)

#define DM_MERGE16()                                                                         \
    do {                                                                                     \
        DM_CE(0, 8); DM_CE(4, 12); DM_CE(4, 8); DM_CE(2, 10); DM_CE(6, 14); DM_CE(6, 10);    \
        DM_CE(2, 4); DM_CE(6, 8); DM_CE(10, 12); DM_CE(1, 9); DM_CE(5, 13); DM_CE(5, 9);     \
        DM_CE(3, 11); DM_CE(7, 15); DM_CE(7, 11); DM_CE(3, 5); DM_CE(7, 9); DM_CE(11, 13);   \
        DM_CE(1, 2); DM_CE(3, 4); DM_CE(5, 6); DM_CE(7, 8); DM_CE(9, 10); DM_CE(11, 12);     \
        DM_CE(13, 14);                                                                       \
    } while (0)

/* The dense block: R rows with masses, row r's column j at rowp[r][j]. */
typedef struct dm_block {
    const num *const *rowp;
    const int64_t *mass;
    uint32_t R;
    uint32_t zero_rows;   /* rows of U without any entry: score 0 everywhere */
    int64_t zero_mass;    /* their mass */
    int64_t t;            /* the minority */
    uint32_t samples;     /* 8 or 16 */
    uint32_t sample_row[DM_MAX_SAMPLES];
} dm_block;

/* The closed form over a whole column: every row, plus the zero rows. */
static num dm_column_full(const dm_block *b, uint32_t j, num *cv, int64_t *cu, num *tv,
                          int64_t *tu)
{
    uint32_t m = 0;
    for (uint32_t r = 0; r < b->R; r++) {
        cv[m] = b->rowp[r][j];
        cu[m++] = b->mass[r];
    }
    if (b->zero_rows) {
        cv[m] = NUM_ZERO;
        cu[m++] = b->zero_mass;
    }
    return weighted_select(cv, cu, m, b->t, tv, tu);
}

/*
** Medians of the DM_LANES columns from j. planes has room for 2 * ceil(R /
** 64) words per lane; cv, cu, tv, tu for R + 1 entries.
*/
static void dm_columns(const dm_block *b, uint32_t j, num *C, uint64_t *planes, num *cv,
                       int64_t *cu, num *tv, int64_t *tu)
{
    const uint32_t R = b->R;
    /* 1. the thresholds: every second sorted sample */
    vnum sv[DM_MAX_SAMPLES];
    for (uint32_t k = 0; k < b->samples; k++)
        sv[k] = vnum_load(b->rowp[b->sample_row[k]] + j);
    DM_SORT8(0);
    if (b->samples == 16) {
        DM_SORT8(8);
        DM_MERGE16();
    }
    vnum th[DM_BUCKETS - 1];
    for (int k = 0; k < DM_BUCKETS - 1; k++)
        th[k] = sv[(uint32_t)(k + 1) * b->samples / DM_BUCKETS];
    /* 2. exact masses below each threshold */
    vmask below[DM_BUCKETS - 1];
    for (int k = 0; k < DM_BUCKETS - 1; k++)
        below[k] = vmask_splat(0);
    for (uint32_t r = 0; r < R; r++) {
        vnum v = vnum_load(b->rowp[r] + j);
        vmask u = vmask_splat(b->mass[r]);
        for (int k = 0; k < DM_BUCKETS - 1; k++)
            below[k] += u & (v < th[k]);
    }
    /* 3. per lane, the bucket [lo, hi) holding the median and the mass below;
    ** with sixteen samples the one inside the bucket, mid, halves it */
    vnum lo = vnum_splat(-NUM_ONE), hi = vnum_splat(NUM_VALUE_MAX), mid;
    int64_t base[DM_LANES];
    for (uint32_t c = 0; c < DM_LANES; c++) {
        base[c] = 0;
        int64_t z = b->zero_mass;
        int k = 0;
        for (; k < DM_BUCKETS - 1; k++) {
            int64_t m = below[k][c] + (NUM_ZERO < th[k][c] ? z : 0);
            if (b->t < m) {
                hi[c] = th[k][c];
                break;
            }
            lo[c] = th[k][c];
            base[c] = m;
        }
        mid[c] = b->samples == 16 ? sv[2 * k + 1][c] : hi[c];
    }
    /* 4. that bucket's rows, a bit each in the plane of its half, and the
    ** mass of the lower half */
    vbits plo = (vbits){0}, phi = plo;
    vmask mlo = vmask_splat(0);
    uint32_t nw = 0;
    for (uint32_t r = 0; r < R; r++) {
        vnum v = vnum_load(b->rowp[r] + j);
        /* lo <= v < mid and mid <= v < hi as arithmetic on the masks: logical
        ** operations between comparison results make GCC leave the vector
        ** registers */
        vmask a = v < lo, m = v < mid, h = v < hi;
        vmask inlo = m - a, inhi = h - m; /* -1 inside, 0 outside */
        mlo += vmask_splat(b->mass[r]) & inlo;
        plo |= ((vbits)inlo >> 63) << (r & 63);
        phi |= ((vbits)inhi >> 63) << (r & 63);
        if ((r & 63) == 63 || r == R - 1) {
            memcpy(planes + (size_t)nw * 2 * DM_LANES, &plo, sizeof plo);
            memcpy(planes + ((size_t)nw * 2 + 1) * DM_LANES, &phi, sizeof phi);
            nw++;
            plo = phi = (vbits){0};
        }
    }
    /* 5. per column: the half holding the median, its rows, the select */
    for (uint32_t c = 0; c < DM_LANES; c++) {
        int64_t m0 = mlo[c] + (b->zero_rows && lo[c] <= NUM_ZERO && NUM_ZERO < mid[c]
                                   ? b->zero_mass : 0);
        bool upper = b->t - base[c] >= m0;
        if (upper) {
            base[c] += m0;
            lo[c] = mid[c];
        } else {
            hi[c] = mid[c];
        }
        uint32_t m = 0;
        for (uint32_t w = 0; w < nw; w++) {
            uint64_t x = planes[((size_t)w * 2 + upper) * DM_LANES + c];
            while (x) {
                uint32_t r = w * 64 + (uint32_t)__builtin_ctzll(x);
                x &= x - 1;
                cv[m] = b->rowp[r][j + c];
                cu[m++] = b->mass[r];
            }
        }
        if (b->zero_rows && lo[c] <= NUM_ZERO && NUM_ZERO < hi[c]) {
            cv[m] = NUM_ZERO;
            cu[m++] = b->zero_mass;
        }
        int64_t t = b->t - base[c];
        /* The bucket is never empty: it holds mass above t, or it is the
        ** last, which holds the largest sample's row. */
        if (m == 0)
            C[j + c] = dm_column_full(b, j + c, cv, cu, tv, tu);
        else if (m <= SMALL_SELECT)
            C[j + c] = small_select(cv, cu, m, t);
        else
            C[j + c] = weighted_select(cv, cu, m, t, tv, tu);
    }
}

/*
** C[j] for j in [c0, c1) when the R rows rowp (masses mass) are runs over
** exactly those columns; the other zero_rows rows of U (zero_mass in all)
** have no entries. t is the minority. Scratch: planes for 2 * ceil(R / 64)
** * DM_LANES words; cv, cu, tv, tu for R + 1 entries.
*/
static void dense_medians(const num *const *rowp, const int64_t *mass, uint32_t R,
                          uint32_t zero_rows, int64_t zero_mass, int64_t t, uint32_t c0,
                          uint32_t c1, num *C, uint64_t *planes, num *cv, int64_t *cu, num *tv,
                          int64_t *tu)
{
    dm_block b = {.rowp = rowp, .mass = mass, .R = R, .zero_rows = zero_rows,
                  .zero_mass = zero_mass, .t = t};
    uint32_t j = c0;
    if (R >= DM_MIN_ROWS) {
        /* Samples at equal shares of the rows' mass. */
        b.samples = R >= 128 ? 16 : 8;
        double run = 0.0, acc = 0.0;
        for (uint32_t r = 0; r < R; r++)
            run += (double)mass[r];
        uint32_t r = 0;
        for (uint32_t k = 0; k < b.samples; k++) {
            double at = run * (2.0 * k + 1.0) / (2.0 * b.samples);
            while (r + 1 < R && acc + (double)mass[r] <= at)
                acc += (double)mass[r++];
            b.sample_row[k] = r;
        }
        for (; j + DM_LANES <= c1; j += DM_LANES)
            dm_columns(&b, j, C, planes, cv, cu, tv, tu);
    }
    for (; j < c1; j++)
        C[j] = dm_column_full(&b, j, cv, cu, tv, tu);
}
