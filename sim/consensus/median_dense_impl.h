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
**      of each column. A sorting network sorts them in every lane, and three
**      of them, th1 < th2 < th3, bracket the median's estimated place with a
**      quarter of the mass on either side of th2.
**   2. One walk over the rows sums, per lane, the mass below th1, below th2
**      and at or below th3 (exactly), and records in two bit planes which of
**      the four buckets (< th1, [th1, th2), [th2, th3], > th3) each row's
**      score falls in.
**   3. Per column, the exact sums say which bucket holds the median and how
**      much mass lies below it; that bucket's rows, read through the bit
**      planes, go to weighted_select.
*/

enum { DM_LANES = VEC_LANES, DM_MIN_ROWS = 16, DM_MAX_SAMPLES = 16 };


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
    uint32_t k1, k2, k3;  /* sorted samples used as th1, th2, th3 (>= samples: none) */
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
** 64) words per lane; cv, cu, tv, tu for R + 1 entries. Sample k stands for
** the mass share [k / s, (k + 1) / s), so sorted sample k approximates the
** weighted quantile k / s.
*/
static void dm_columns(const dm_block *b, uint32_t j, num *C, uint64_t *planes, num *cv,
                       int64_t *cu, num *tv, int64_t *tu)
{
    const uint32_t R = b->R;
    /* 1. thresholds from the sorted samples */
    vnum sv[DM_MAX_SAMPLES];
    for (uint32_t k = 0; k < b->samples; k++)
        sv[k] = vnum_load(b->rowp[b->sample_row[k]] + j);
    DM_SORT8(0);
    if (b->samples == 16) {
        DM_SORT8(8);
        DM_MERGE16();
    }
    vnum below = vnum_splat(-NUM_ONE), above = vnum_splat(NUM_VALUE_MAX);
    vnum th1 = b->k1 < b->samples ? sv[b->k1] : below;
    vnum th2 = b->k2 < b->samples ? sv[b->k2] : above;
    vnum th3 = b->k3 < b->samples ? sv[b->k3] : above;
    /* 2. exact masses below th1, below th2, at or below th3; bucket planes */
    vmask s1 = vmask_splat(0), s2 = s1, s3 = s1;
    vbits pa = (vbits){0}, pb = pa;
    uint32_t nw = 0;
    for (uint32_t r = 0; r < R; r++) {
        vnum v = vnum_load(b->rowp[r] + j);
        vmask u = vmask_splat(b->mass[r]);
        vmask lt1 = v < th1, lt2 = v < th2, gt3 = v > th3;
        s1 += u & lt1;
        s2 += u & lt2;
        s3 += u & ~gt3;
        /* The bucket (0..3) from the masks (-1 or 0) by arithmetic: logical
        ** operations between comparison results make GCC leave the vector
        ** registers. Its two bits go to bit r of planes a and b. */
        unsigned sh = r & 63;
        vbits bucket = (vbits)(vmask_splat(3) + lt1 + lt2 + ~gt3);
        pa |= (bucket >> 1 & 1) << sh;
        pb |= (bucket & 1) << sh;
        if (sh == 63 || r == R - 1) {
            memcpy(planes + (size_t)nw * 2 * DM_LANES, &pa, sizeof pa);
            memcpy(planes + ((size_t)nw * 2 + 1) * DM_LANES, &pb, sizeof pb);
            nw++;
            pa = pb = (vbits){0};
        }
    }
    /* 3. per column: the bucket holding the median, its rows, the select */
    for (uint32_t c = 0; c < DM_LANES; c++) {
        num t1 = th1[c], t2 = th2[c];
        int64_t z = b->zero_mass, t = b->t;
        int64_t m1 = s1[c] + (NUM_ZERO < t1 ? z : 0), m2 = s2[c] + (NUM_ZERO < t2 ? z : 0);
        int64_t m3 = s3[c] + z;
        unsigned bucket = t < m1 ? 0 : t < m2 ? 1 : t < m3 ? 2 : 3;
        int64_t base = bucket == 0 ? 0 : bucket == 1 ? m1 : bucket == 2 ? m2 : m3;
        unsigned zb = NUM_ZERO < t1 ? 0 : NUM_ZERO < t2 ? 1 : 2;
        uint32_t m = 0;
        for (uint32_t w = 0; w < nw; w++) {
            uint64_t a = planes[(size_t)w * 2 * DM_LANES + c];
            uint64_t bb = planes[((size_t)w * 2 + 1) * DM_LANES + c];
            uint64_t x = (bucket & 2 ? a : ~a) & (bucket & 1 ? bb : ~bb);
            if (w == nw - 1 && R % 64)
                x &= ((uint64_t)1 << (R % 64)) - 1;
            while (x) {
                uint32_t r = w * 64 + (uint32_t)__builtin_ctzll(x);
                x &= x - 1;
                cv[m] = b->rowp[r][j + c];
                cu[m++] = b->mass[r];
            }
        }
        if (b->zero_rows && zb == bucket) {
            cv[m] = NUM_ZERO;
            cu[m++] = z;
        }
        /* An empty bucket can only be the last, when the minority reaches
        ** the whole mass: the answer is then the column's largest score. */
        C[j + c] = m ? weighted_select(cv, cu, m, t - base, tv, tu)
                     : dm_column_full(b, j + c, cv, cu, tv, tu);
    }
}

/*
** C[j] for j in [c0, c1) when the R rows rowp (masses mass) are runs over
** exactly those columns; the other zero_rows rows of U (zero_mass in all)
** have no entries. t is the minority. Scratch: planes for 2 * ceil(R / 64) *
** DM_LANES words; cv, cu, tv, tu for R + 1 entries.
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
        /* The median's estimated place among them, a quarter of the mass
        ** either side for th1 and th3. */
        double frac = run > 0.0 ? (double)(t - zero_mass) / run : 0.0;
        int k2 = (int)(frac * b.samples), q = (int)b.samples / 4;
        k2 = k2 < 0 ? 0 : k2 >= (int)b.samples ? (int)b.samples - 1 : k2;
        b.k1 = k2 >= q ? (uint32_t)(k2 - q) : UINT32_MAX; /* none: all scores >= th1 */
        b.k2 = (uint32_t)k2;
        b.k3 = (uint32_t)(k2 + q);
        for (; j + DM_LANES <= c1; j += DM_LANES)
            dm_columns(&b, j, C, planes, cv, cu, tv, tu);
    }
    for (; j < c1; j++)
        C[j] = dm_column_full(&b, j, cv, cu, tv, tu);
}
