/*
** Dense epochs (spec/yuma.md §4.5-4.11 and §5) for the steady state of a
** subnet whose validators weight most miners: every weight row with a
** permit ascends, without repeats, inside one run of columns [c0, c1) (the
** union of the rows' and the stored bonds' ranges), the rows fill at least
** DN_FILL_PCT of its cells, and the EMA rate is fixed. Included by
** epoch_impl.h over the numeric model `num`.
**
** The general path builds W, then the medians, then CW, WB, B, the EMA and
** the dividends, each a pass over the whole matrix. Here the work goes a
** block of eight columns at a time: the block's weights are normalised
** from a compact u16 copy of the rows (one pre-pass checks and sums the
** rows), its medians are taken (median_block_impl.h), then one walk over
** the rows in uid order clips, ranks, forms the weights for bonds and the
** EMA with the ranks and column sums held in registers, writes the new u16
** bonds (bond_store.c's block form) and normalises the next block's
** weights; the block's dividends follow while it is in cache. A block is a
** few kilobytes, so nothing but the u16 weights and bonds travels through
** memory (both stored a block of all rows after another, which streams).
**
** Every cell is computed with the operations of the general path in the
** same order: sums over rows in uid order, sums within a row in the lanes
** of lanes8 (a block is eight columns from a multiple of eight, one lanes8
** group), so the result is bit-identical to the general path in both
** modes (test_dense_matches_general). Cells the general path leaves out
** (a weight the row lacks or the clip dropped, a bond the row lacks) enter
** as zeros, and x + 0 == x and 0 * x == 0 for the non-negative numbers
** involved. So do masked cells: a weight masked by a registration after the
** row's update or commit (§4.5; out of the row sum too) and the stored bonds
** of a miner re-registered since the last epoch (§4.10). A zero weight and a
** missing one give the same numbers at every step: the row sum, 0 after
** normalisation, a score of 0 in the median (exact masses: a row of zeros
** is a row without weights), kept as 0 by the clip, a WB of 0 (or dropped
** by the interpolation's "> 0"), an EMA of (1 - alpha) B or 0 (a gap, not
** stored), 0 in every sum (test_dense_gaps_match_general). The exception,
** Yuma 3 with liquid alpha, drops the bonds of cells absent from WB instead
** of decaying them (§12 quirk 1) and keeps the general path.
**
** Float mode sums the dividends against the ranks R instead of the
** incentive I = R / sum(R) (the common factor goes when D is normalised;
** docs/consensus.md, "Float-mode arithmetic"), so they too are done per
** block; chain mode keeps I, exact, and sums the dividends in a last pass.
*/

enum { DN_NONE = UINT32_MAX };

/* What one dense epoch works with (filled by dense_plan). */
typedef struct dn_plan {
    uint32_t c0, c1;     /* the run of columns */
    uint32_t base, nblk; /* first block column (c0 rounded down to 8), blocks */
    uint32_t nu;         /* median rows: U's rows with weights */
    uint32_t zrows;      /* U's rows without weights (a row of zeros in the median) */
    uint32_t nw;         /* rows of the block scratch: nu, the zero row, the rest */
    uint32_t nr;         /* rows walked: weights or bonds, uid order */
    uint32_t slots;      /* new bond rows (a block of the new bonds has slots + 1) */
    int kind;            /* 0: WB = W, 1: WB = CW, 2: interpolated (§4.9) */
    bool cr;             /* the commit-reveal mask applies */
    bool bmask;          /* some column's stored bonds are masked (§4.10) */
    uint64_t max_reg;    /* the latest registration */
    uint64_t last_tempo; /* §4.10's bound */
    num beta, alpha, oma;
    int64_t total, t;    /* U's mass and the minority */
} dn_plan;

/* ---- float-mode vector helpers ---- */

#if !NUM_IS_CHAIN
/* VEC_LANES u16 from p as numbers, exactly: each widened to 64 bits under
** the exponent of 2^52, which is then taken away (an integer conversion
** instruction costs more). */
static inline vnum vnum_from_u16(const uint16_t *p)
{
#if SS_VEC_BYTES == 32
    __m256i x = _mm256_cvtepu16_epi64(_mm_loadl_epi64((const __m128i *)p));
#else
    int32_t two;
    memcpy(&two, p, sizeof two);
    __m128i z = _mm_setzero_si128();
    __m128i x = _mm_unpacklo_epi32(_mm_unpacklo_epi16(_mm_cvtsi32_si128(two), z), z);
#endif
    vmask m = (vmask)x | vmask_splat(0x4330000000000000);
    return (vnum)m - vnum_splat(0x1p52);
}

/* VEC_LANES stored u16 as n_prop_u16 proportions: z + z (2^-32 + 2^-64) with
** z = v 65537 2^-32 exact is n_prop_u16's y 2^-32 + (y 2^-64 + y 2^-96),
** both terms of the inner sum being exact and the sum rounded once. */
static inline vnum vprop_u16(const uint16_t *p)
{
    vnum z = vnum_from_u16(p) * (65537.0 * 0x1p-32);
    return z + z * (0x1p-32 + 0x1p-64);
}

/* n_to_u16 of VEC_LANES non-negative values: floor(x 65535) clamped, as a
** truncating conversion of the clamped product. */
static inline void vstore_u16(uint16_t *p, vnum x)
{
    vnum f = vnum_min(x * 65535.0, vnum_splat(65535.0));
#if SS_VEC_BYTES == 32
    __m128i i = _mm256_cvttpd_epi32((__m256d)f);
    _mm_storel_epi64((__m128i *)p, _mm_packus_epi32(i, i));
#else
    __m128i i = _mm_shufflelo_epi16(_mm_cvttpd_epi32((__m128d)f), 0x08); /* words 0, 2 */
    int32_t two = _mm_cvtsi128_si32(i);
    memcpy(p, &two, sizeof two);
#endif
}

/* vstore_u16 of a block row, x[0 .. MB_NV) in [0, 2) (EMAs and ratios of
** proportions): with four lanes the two halves share a pack and a store,
** and the pack's unsigned saturation is the clamp (the products are far
** below the conversion's 2^31, where it would wrap). */
static inline void vstore_u16_row(uint16_t *p, const vnum *x)
{
#if SS_VEC_BYTES == 32
    __m128i a = _mm256_cvttpd_epi32((__m256d)(x[0] * 65535.0));
    __m128i b = _mm256_cvttpd_epi32((__m256d)(x[1] * 65535.0));
    _mm_storeu_si128((__m128i *)p, _mm_packus_epi32(a, b));
#else
    for (int v = 0; v < MB_NV; v++)
        vstore_u16(p + v * VEC_LANES, x[v]);
#endif
}

/* The lanes of m (all ones or zero) as bits, lane l at bit l. */
static inline unsigned vmask_bits(vmask m)
{
#if SS_VEC_BYTES == 32
    return (unsigned)_mm256_movemask_pd((__m256d)m);
#else
    return (unsigned)_mm_movemask_pd((__m128d)m);
#endif
}
#endif

#if NUM_IS_CHAIN
/* ---- chain-mode vector helpers: exact I32F32 on values in [0, 1] ---- */

typedef double vdbl __attribute__((vector_size(SS_VEC_BYTES)));

/* VEC_LANES u16 from p, widened to 64-bit lanes. */
static inline vmask vmask_from_u16(const uint16_t *p)
{
#if SS_VEC_BYTES == 32
    return (vmask)_mm256_cvtepu16_epi64(_mm_loadl_epi64((const __m128i *)p));
#else
    int32_t two;
    memcpy(&two, p, sizeof two);
    __m128i z = _mm_setzero_si128();
    return (vmask)_mm_unpacklo_epi32(_mm_unpacklo_epi16(_mm_cvtsi32_si128(two), z), z);
#endif
}

/* The low 32 bits of a times those of b, as 64-bit products. */
static inline vbits vmul_lo32(vmask a, vmask b)
{
#if SS_VEC_BYTES == 32
    return (vbits)_mm256_mul_epu32((__m256i)a, (__m256i)b);
#else
    return (vbits)_mm_mul_epu32((__m128i)a, (__m128i)b);
#endif
}

/* ss_fx_mul(a, b) for a, b in [0, 2^32] (I32F32 in [0, 1]): (a b) >> 32 of
** the low halves, except where one is 1 (2^32, low half 0): the other. */
static inline vmask vfx_mul01(vmask a, vmask b)
{
    const vmask one = vmask_splat(SS_FX_ONE);
    vmask p = (vmask)(vmul_lo32(a, b) >> 32);
    p = (vmask)vnum_sel(b == one, (vnum)a, (vnum)p);
    return (vmask)vnum_sel(a == one, (vnum)b, (vnum)p);
}

/* The lanes of m (all ones or zero) as bits, lane l at bit l. */
static inline unsigned vmask_bits_fx(vmask m)
{
#if SS_VEC_BYTES == 32
    return (unsigned)_mm256_movemask_pd((__m256d)m);
#else
    return (unsigned)_mm_movemask_pd((__m128d)m);
#endif
}

/*
** n_div_fast(a, c) for VEC_LANES a in [0, 2^32] and column sums c with
** a <= c < 2^48, c > 0: floor(a 2^32 / c). The quotient (at most 2^32) is
** estimated in double, within 2^-19, and rounded, which can overshoot by
** one; the remainder a 2^32 - q c, exact modulo 2^64 and far below 2^63 in
** size, says when (the undershoot check is kept for safety). inv holds
** n_div_prep(c) = 2^32 / c per lane.
*/
static inline vmask vdiv_fx(vmask a, vmask c, const double *inv)
{
    vdbl big, iv;
    for (int l = 0; l < VEC_LANES; l++) {
        big[l] = 0x1p52;
        iv[l] = inv[l];
    }
    vdbl ad = (vdbl)(a | (vmask)big) - big;
    vmask q = (vmask)(ad * iv + big) - (vmask)big; /* the nearest integer */
    vmask hi = (vmask)((vbits)q >> 32), chi = (vmask)((vbits)c >> 32);
    vbits qc = vmul_lo32(q, c) + ((vmul_lo32(hi, c) + vmul_lo32(q, chi)) << 32);
    vmask rem = (vmask)(((vbits)a << 32) - qc);
    vmask under = rem < vmask_splat(0);
    q += under; /* -1 */
    rem += c & under;
    q -= rem >= c; /* +1 */
    return q;
}

/* n_prop_u16 of VEC_LANES stored u16: v 65537 + (v == 65535). */
static inline vmask vprop_u16_fx(const uint16_t *p)
{
    vmask v = vmask_from_u16(p);
    return (v << 16) + v - (v == vmask_splat(65535));
}

/* n_to_u16 of VEC_LANES values in [0, 2^32]: floor(p 65535 / 2^32), at most
** 65535 (ss_fx_prop_to_u16's product is exact there), as u16 to out. */
static inline void vstore_u16_fx(uint16_t *out, vmask e)
{
    vbits u = (vbits)((e << 16) - e) >> 32;
    for (int l = 0; l < VEC_LANES; l++)
        out[l] = (uint16_t)u[l];
}

/*
** floor(v 2^32 / s) for VEC_LANES u16 v of a weight row with sum s (the
** row's normalised weights, n_div_fast's quotients), s > 0: with
** 2^32 = q0 s + r0 that is v q0 + floor(v r0 / s), and v r0 < 2^47, so the
** floor is estimated in double and made exact by one check of the exact
** product f s (a quotient within 2^-36 of an integer from below can only
** be that integer). c = {s, q0, r0, 1 / s}; a row of zeros has {1, 0, 0, 0}.
*/
static inline vmask vweights_fx(const uint16_t *p, const double *c)
{
    vdbl big;
    for (int l = 0; l < VEC_LANES; l++)
        big[l] = 0x1p52;
    vdbl v = (vdbl)(vmask_from_u16(p) | (vmask)big) - big;
    vdbl pr = v * c[2], g = pr * c[3];
    vdbl f = (g + big) - big; /* the nearest integer, then the floor */
    f = (vdbl)vnum_sel((vmask)(f > g), (vnum)(f - 1.0), (vnum)f);
    f = (vdbl)vnum_sel((vmask)(f * c[0] + c[0] <= pr), (vnum)(f + 1.0), (vnum)f);
    vdbl w = v * c[1] + f; /* below 2^49: exact */
    return (vmask)(w + big) - (vmask)big; /* the integer under 2^52's exponent */
}
#endif

/* ---- the plan ---- */

/*
** The least fill of [c0, c1) by the weight rows, in percent of its cells,
** for which the gaps are filled with zeros and the epoch goes dense: below
** it the fused passes, which visit only the entries, are faster
** (docs/consensus.md, "Dense epochs").
*/
enum { DN_FILL_PCT = 45 };

/*
** Whether this epoch is dense, and its plan: the weight rows of permit
** holders ascend inside [c0, c1) (the union of their ranges and of the
** stored bonds'; checked by their ends here, entry by entry by
** dense_weights), fill enough of it, and the bonds use a fixed rate.
** Converts the stored bonds to block form.
*/
static ss_status dense_plan(ss_yuma *y, const ss_yuma_input *in, const bool *oldp,
                            uint64_t last_tempo, dn_plan *pl, bool *ok, ss_error *err)
{
    const uint32_t n = in->n;
    const ss_yuma_params *p = &y->p;
    *ok = false;
    /* the counterfactual that keeps bonds without a permit takes the general path:
    ** block storage holds rows of permit holders only */
    if (y->no_dense || y->no_fused || p->keep_bonds_without_permit ||
        (p->variant == SS_YUMA_YUMA3 && p->liquid_alpha))
        return SS_OK;
    uint32_t c0 = UINT32_MAX, c1 = 0, nwr = 0;
    uint64_t cells = 0;
    for (uint32_t i = 0; i < n; i++) {
        const ss_weight_row *row = &in->weights[i];
        if (!oldp[i] || row->len == 0)
            continue;
        uint32_t a = row->entries[0].uid, e = row->entries[row->len - 1].uid + 1;
        if (e <= a || e > n || row->len > e - a) /* not ascending, or beyond n */
            return SS_OK;
        c0 = a < c0 ? a : c0;
        c1 = e > c1 ? e : c1;
        nwr++;
        cells += row->len;
        /* a whole run holding the row's own column (dense_weights checks the
        ** other rows entry by entry) */
        uint32_t self = (int64_t)i == in->owner_uid ? UINT32_MAX : i;
        if (row->len == e - a && self >= a && self < e)
            return SS_OK;
    }
    if (nwr == 0 || cells * 100 < (uint64_t)nwr * (c1 - c0) * DN_FILL_PCT)
        return SS_OK; /* (the bonds can only widen the run) */
    /* the stored bonds' columns join the run */
    ss__bonds *b = &y->bonds;
    for (uint32_t i = n; i < y->n_max; i++)
        if (b->len[i])
            return SS_OK;
    if (b->block) { /* the run they were stored over */
        c0 = b->c0 < c0 ? b->c0 : c0;
        c1 = b->c1 > c1 ? b->c1 : c1;
    } else if (!b->ascending) {
        return SS_OK;
    } else {
        for (uint32_t i = 0; i < n; i++) {
            if (!b->len[i])
                continue;
            uint32_t a = b->ent[b->start[i]].uid, e = b->ent[b->start[i] + b->len[i] - 1].uid + 1;
            c0 = a < c0 ? a : c0;
            c1 = e > c1 ? e : c1;
        }
    }
    if (c1 > n || cells * 100 < (uint64_t)nwr * (c1 - c0) * DN_FILL_PCT)
        return SS_OK;
    const uint64_t *reg = in->registered_block;
    uint64_t max_reg = 0;
    for (uint32_t j = 0; j < n; j++)
        max_reg = reg[j] > max_reg ? reg[j] : max_reg;
    bool bmask = false; /* bonds of miners (re)registered since the last epoch (§4.10) */
    for (uint32_t j = c0; j < c1 && max_reg >= last_tempo && !bmask; j++)
        bmask = !(last_tempo > reg[j]);
    if (b->block && (b->c0 != c0 || b->c1 != c1))
        ss__bonds_to_entries(b, y->n_max); /* into blocks over the new run */
    bool blocks;
    ss_status st = ss__bonds_to_blocks(y, b, c0, c1, &blocks, err);
    if (st != SS_OK || !blocks)
        return st;

    memset(pl, 0, sizeof *pl);
    pl->c0 = c0;
    pl->c1 = c1;
    pl->base = c0 & ~(uint32_t)(MB_COLS - 1);
    pl->nblk = (c1 - pl->base + MB_COLS - 1) / MB_COLS;
    pl->max_reg = max_reg;
    pl->last_tempo = last_tempo;
    pl->cr = p->commit_reveal && in->commit_block;
    pl->bmask = bmask;
    num beta = n_sdiv(n_from_int(p->bonds_penalty), n_from_int(65535));
    pl->kind = beta == NUM_ZERO ? 0 : beta == NUM_ONE ? 1 : 2;
    pl->beta = beta;
    pl->alpha = n_bma_alpha(p->bonds_moving_average);
    pl->oma = n_sub(NUM_ONE, pl->alpha);
    *ok = true;
    return SS_OK;
}

/*
** What masks weight row i's cells (§4.5): its own column (the owner's
** excepted) and the registrations after its update or commit. reg is NULL
** when no registration can mask the row (all are older than its update and
** commit).
*/
typedef struct dn_mask {
    const uint64_t *reg;
    uint64_t lu, cb;
    uint32_t self; /* UINT32_MAX: none */
} dn_mask;

static dn_mask dn_row_mask(const dn_plan *pl, const ss_yuma_input *in, uint32_t i)
{
    dn_mask m;
    m.lu = in->last_update[i];
    m.cb = pl->cr ? in->commit_block[i] : UINT64_MAX;
    m.reg = m.lu <= pl->max_reg || m.cb < pl->max_reg ? in->registered_block : NULL;
    m.self = (int64_t)i == in->owner_uid ? UINT32_MAX : i;
    return m;
}

/* Whether cell j of a row with mask m is masked (not the self column). */
static inline bool dn_masked(const dn_mask *m, uint32_t j)
{
    return m->reg && (m->lu <= m->reg[j] || m->cb < m->reg[j]);
}

/* ---- the weights ---- */

/*
** Eight stored entries e[0..8): their u16 values to out in order, their sum
** added to the lanes of *sum, and their columns xor the expected ones
** (*want, advanced by eight) or-ed into *bad, which stays zero while the
** columns are the run. (Entries are 8 bytes: the column, the value, two
** bytes of padding; a shuffle takes the columns and the values apart, or
** with AVX-512 a 64-bit lane holds an entry and narrowing takes its parts.)
*/
#if defined(SS_VEC_AVX512)
typedef __m256i entries_acc; /* the columns in order */
typedef __m512i entries_sum; /* 64-bit sums */
#elif SS_VEC_BYTES == 32
typedef __m256i entries_acc; /* the columns in the order of the shuffle */
typedef __m128i entries_sum; /* 32-bit sums */
#else
typedef struct entries_acc {
    __m128i lo, hi;
} entries_acc;
typedef __m128i entries_sum;
#endif

static inline void entries8(const ss_weight_entry *e, entries_acc *want, entries_acc *bad,
                            uint16_t *out, entries_sum *sum)
{
#if defined(SS_VEC_AVX512)
    __m512i x = _mm512_loadu_si512(e);
    __m512i vals = _mm512_srli_epi64(x, 32); /* the value, then the padding */
    *bad = _mm256_or_si256(*bad, _mm256_xor_si256(_mm512_cvtepi64_epi32(x), *want));
    *want = _mm256_add_epi32(*want, _mm256_set1_epi32(MB_COLS));
    *sum = _mm512_add_epi64(*sum, _mm512_and_si512(vals, _mm512_set1_epi64(0xffff)));
    _mm_storeu_si128((__m128i *)out, _mm512_cvtepi64_epi16(vals)); /* the low 16 bits */
#elif SS_VEC_BYTES == 32
    __m256 a = _mm256_loadu_ps((const float *)e), b = _mm256_loadu_ps((const float *)(e + 4));
    /* per 128-bit lane the entries (0, 1, 4, 5) and (2, 3, 6, 7) */
    __m256i cols = _mm256_castps_si256(_mm256_shuffle_ps(a, b, 0x88));
    __m256i vals = _mm256_and_si256(_mm256_castps_si256(_mm256_shuffle_ps(a, b, 0xdd)),
                                    _mm256_set1_epi32(0xffff));
    *bad = _mm256_or_si256(*bad, _mm256_xor_si256(cols, *want));
    *want = _mm256_add_epi32(*want, _mm256_set1_epi32(MB_COLS));
    *sum = _mm_add_epi32(*sum, _mm_add_epi32(_mm256_castsi256_si128(vals),
                                             _mm256_extracti128_si256(vals, 1)));
    __m256i p = _mm256_permutevar8x32_epi32(_mm256_packus_epi32(vals, vals),
                                            _mm256_setr_epi32(0, 4, 1, 5, 0, 4, 1, 5));
    _mm_storeu_si128((__m128i *)out, _mm256_castsi256_si128(p));
#else
    const float *f = (const float *)e;
    __m128 a0 = _mm_loadu_ps(f), a1 = _mm_loadu_ps(f + 4);
    __m128 a2 = _mm_loadu_ps(f + 8), a3 = _mm_loadu_ps(f + 12);
    __m128i lo = _mm_and_si128(_mm_castps_si128(_mm_shuffle_ps(a0, a1, 0xdd)),
                               _mm_set1_epi32(0xffff));
    __m128i hi = _mm_and_si128(_mm_castps_si128(_mm_shuffle_ps(a2, a3, 0xdd)),
                               _mm_set1_epi32(0xffff));
    bad->lo = _mm_or_si128(bad->lo, _mm_xor_si128(_mm_castps_si128(_mm_shuffle_ps(a0, a1, 0x88)),
                                                  want->lo));
    bad->hi = _mm_or_si128(bad->hi, _mm_xor_si128(_mm_castps_si128(_mm_shuffle_ps(a2, a3, 0x88)),
                                                  want->hi));
    want->lo = _mm_add_epi32(want->lo, _mm_set1_epi32(MB_COLS));
    want->hi = _mm_add_epi32(want->hi, _mm_set1_epi32(MB_COLS));
    *sum = _mm_add_epi32(*sum, _mm_add_epi32(lo, hi));
    /* no unsigned 32-to-16 pack before SSE4.1: shift to signed and back */
    __m128i k = _mm_set1_epi32(32768);
    __m128i p = _mm_packs_epi32(_mm_sub_epi32(lo, k), _mm_sub_epi32(hi, k));
    _mm_storeu_si128((__m128i *)out, _mm_add_epi16(p, _mm_set1_epi16(-32768)));
#endif
}

/*
** dense_weights for a row with gaps or masked cells, entry by entry: each
** checked to ascend inside [c0, c1) and not to be the row's own column,
** its value put in a row of the run's cells in tmp (a masked cell stays 0
** and out of the sum), which then goes to the blocks.
*/
static bool dense_weights_gaps(const dn_plan *pl, const ss_weight_row *row, uint32_t w,
                               uint16_t *w16, uint64_t *sum, const dn_mask *m, uint16_t *tmp)
{
    const ss_weight_entry *e = row->entries;
    const uint32_t c1 = pl->c1, base = pl->base, self = m->self;
    memset(tmp, 0, (size_t)pl->nblk * MB_COLS * sizeof *tmp);
    uint64_t s = 0;
    uint32_t next = pl->c0, bad = 0;
    for (uint32_t k = 0; k < row->len; k++) {
        uint32_t j = e[k].uid;
        if (j - next >= c1 - next) /* j < next or j >= c1 */
            return false;
        bad |= j == self;
        next = j + 1;
        if (dn_masked(m, j))
            continue;
        tmp[j - base] = e[k].value;
        s += e[k].value;
    }
    const size_t step = (size_t)(pl->nw + 1) * MB_COLS; /* from a block to the next */
    for (uint32_t q = 0; q < pl->nblk; q++)
        memcpy(w16 + q * step + (size_t)w * MB_COLS, tmp + q * MB_COLS, MB_COLS * sizeof *tmp);
    *sum = s;
    return !bad;
}

/*
** Row i's stored weights, checked entry by entry to ascend inside
** [c0, c1), as u16 into row w of the block-major copy w16 (a block holds
** rows 0 .. nw, the last one zeros; zeros in the cells the row lacks or
** masks); returns false if an entry is out of place. *sum gets the row's
** sum. A row that is a whole run [a, e), nothing masked, goes eight
** entries at a time.
*/
static bool dense_weights(const dn_plan *pl, const ss_weight_row *row, uint32_t w,
                          uint16_t *w16, uint64_t *sum, const dn_mask *m, uint16_t *tmp)
{
    const ss_weight_entry *e = row->entries;
    const uint32_t len = row->len;
    const uint32_t a = e[0].uid, end = e[len - 1].uid + 1;
    if (m->reg || len != end - a)
        return dense_weights_gaps(pl, row, w, w16, sum, m, tmp);
    const size_t step = (size_t)(pl->nw + 1) * MB_COLS; /* from a block to the next */
    uint64_t s = 0;
    uint32_t bad = 0, k = 0;
    uint16_t *out = w16 + (size_t)w * MB_COLS; /* block 0 of row w */
    /* the blocks the run leaves or only partly fills */
    for (uint32_t q = 0; q <= (a - pl->base) / MB_COLS; q++)
        memset(out + q * step, 0, MB_COLS * sizeof *out);
    for (uint32_t q = (end - 1 - pl->base) / MB_COLS; q < pl->nblk; q++)
        memset(out + q * step, 0, MB_COLS * sizeof *out);
    uint32_t off = a - pl->base; /* the first column's lane */
    out += off / MB_COLS * step;
    for (; k < len && off % MB_COLS; k++, off++) { /* up to the first whole block */
        bad |= e[k].uid ^ (a + k);
        s += e[k].value;
        out[off % MB_COLS] = e[k].value;
    }
    if (off % MB_COLS == 0 && k)
        out += step;
#if defined(SS_VEC_AVX512)
    entries_sum vs = _mm512_setzero_si512();
    entries_acc want = _mm256_add_epi32(_mm256_set1_epi32((int32_t)(a + k)),
                                        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    entries_acc vbad = _mm256_setzero_si256();
#elif SS_VEC_BYTES == 32
    entries_sum vs = _mm_setzero_si128();
    entries_acc want = _mm256_add_epi32(_mm256_set1_epi32((int32_t)(a + k)),
                                        _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7));
    entries_acc vbad = _mm256_setzero_si256();
#else
    entries_sum vs = _mm_setzero_si128();
    entries_acc want = {_mm_add_epi32(_mm_set1_epi32((int32_t)(a + k)),
                                      _mm_setr_epi32(0, 1, 2, 3)),
                        _mm_add_epi32(_mm_set1_epi32((int32_t)(a + k)),
                                      _mm_setr_epi32(4, 5, 6, 7))};
    entries_acc vbad = {_mm_setzero_si128(), _mm_setzero_si128()};
#endif
    for (; k + MB_COLS <= len; k += MB_COLS, out += step)
        entries8(e + k, &want, &vbad, out, &vs);
    for (uint32_t c = 0; k < len; k++, c++) {
        bad |= e[k].uid ^ (a + k);
        s += e[k].value;
        out[c] = e[k].value;
    }
#if SS_VEC_BYTES == 32
    bool ok = _mm256_testz_si256(vbad, vbad);
#else
    __m128i any = _mm_or_si128(vbad.lo, vbad.hi);
    bool ok = _mm_movemask_epi8(_mm_cmpeq_epi32(any, _mm_setzero_si128())) == 0xffff;
#endif
#if defined(SS_VEC_AVX512)
    *sum = s + (uint64_t)_mm512_reduce_add_epi64(vs);
#else
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)lanes, vs);
    *sum = s + lanes[0] + lanes[1] + lanes[2] + lanes[3];
#endif
    return ok && bad == 0;
}

/* ---- the walk over the blocks ---- */

/* A walked row (one struct, so the walks keep one pointer for all). */
typedef struct dn_row {
    uint32_t uid;
    uint32_t w;      /* weight row; row nw of the weight blocks and of val is zeros */
    uint32_t bold;   /* slot in the old bond blocks; the zero slot for rows without */
    uint32_t bnew;   /* slot in the new ones, DN_NONE: not stored */
    num a;           /* active stake */
    double winv;     /* float mode: 1 / the weight row's sum (0 for row nw) */
} dn_row;
_Static_assert(sizeof(dn_row) == 32, "yuma.c allocates 32 bytes a walked row");

/* Everything the block walks share. */
typedef struct dn_ctx {
    ss_yuma *y;
    const dn_plan *pl;
    const dn_row *row;         /* [nr] the walked rows, uid order */
    const uint16_t *w16;       /* weights: nblk + 1 blocks (the last zeros) of nw + 1 rows */
    const uint16_t *oblk;      /* old bond blocks */
    uint16_t *nblk;            /* new bond blocks */
    uint32_t ostride, nstride; /* rows per bond block */
    const double *winv;        /* float: per weight row 1 / its sum, 0 for row nw */
    const uint64_t *wsum;      /* per weight row: its sum */
    const double *wc;          /* chain mode: per weight row vweights_fx's constants */
    num *val[2];               /* [nw + 1][8] a block's weights: blocks q even, q odd */
    mb_key *key[2];            /* their keys */
    num *vt, *dl;              /* [nr][8] trust and dividend lanes */
    num *eb[2], *db;           /* [nr][8] a block's EMA (q even, q odd) and ΔB */
    uint8_t *drop, *dropped;   /* EMA cells <= 0: [nr][nblk] bits, [nr] any */
    num *ev;                   /* chain mode: [nblk][nr][8] the EMA, for the dividends */
    num *C, *R, *colsum;       /* by column */
} dn_ctx;

/* Row w of block q of the weights. */
static inline const uint16_t *dn_w16(const dn_ctx *x, uint32_t q, uint32_t w)
{
    return x->w16 + ((size_t)q * (x->pl->nw + 1) + w) * MB_COLS;
}

/* Weight row w of block q, normalised, into val and its keys into key
** (row w of each). */
static inline void dn_load_row(const dn_ctx *x, uint32_t q, uint32_t w, num *val, mb_key *key)
{
    const uint16_t *s = dn_w16(x, q, w);
    vnum v[MB_NV];
#if NUM_IS_CHAIN
    for (int q2 = 0; q2 < MB_NV; q2++)
        v[q2] = vweights_fx(s + q2 * VEC_LANES, x->wc + (size_t)w * 4);
#else
    vnum inv = vnum_splat(x->winv[w]);
    for (int q2 = 0; q2 < MB_NV; q2++)
        v[q2] = vnum_from_u16(s + q2 * VEC_LANES) * inv;
#endif
    mb_store_row(v, val + (size_t)w * MB_COLS, key + (size_t)w * MB_COLS);
}

/* The lanes of block q inside [c0, c1), as bits. */
static inline unsigned dn_valid(const dn_plan *pl, uint32_t q)
{
    uint32_t j0 = pl->base + q * MB_COLS;
    unsigned bits = 0;
    for (uint32_t c = 0; c < MB_COLS; c++)
        bits |= (unsigned)(j0 + c >= pl->c0 && j0 + c < pl->c1) << c;
    return bits;
}

/* Walked row k lost the cells bits of block q (EMA <= 0: not stored). The
** rows' bytes of x->drop are cleared at a row's first loss, so only rows
** that lose cells pay for the map. */
static void dn_note_drop(const dn_ctx *x, uint32_t k, uint32_t q, unsigned bits)
{
    if (!bits)
        return;
    uint8_t *row = x->drop + (size_t)k * x->pl->nblk;
    if (!x->dropped[k]) {
        memset(row, 0, x->pl->nblk);
        x->dropped[k] = 1;
    }
    row[q] = (uint8_t)bits;
}

/* WB of a cell from its weight w and clipped weight x (run_cell's rule). */
static inline num dn_wb(const dn_plan *pl, num w, num x)
{
    if (pl->kind == 0)
        return w;
    if (pl->kind == 1)
        return x;
    num v = n_add(w, n_mul(pl->beta, n_sub(x, w)));
    return v > NUM_ZERO ? v : NUM_ZERO;
}

/* The block's R and EMA column sums into x->R and x->colsum. */
static void dn_put_sums(const dn_ctx *x, uint32_t q, unsigned valid, const num *racc,
                        const num *csum)
{
    uint32_t j0 = x->pl->base + q * MB_COLS;
    for (int c = 0; c < MB_COLS; c++)
        if (valid >> c & 1) {
            x->R[j0 + c] = racc[c];
            x->colsum[j0 + c] = csum[c];
        }
}

#if !NUM_IS_CHAIN
/*
** Float Yuma 3 over block q, for one kind of WB (a constant: each kind gets
** its own loop). One walk over the rows in uid order does two blocks' work
** per row: block q's clip, trust lanes, ranks, weights for bonds, EMA (into
** eb[q & 1]), its column sums and the new u16 bonds; the weights of block
** q + 1 (into val[(q + 1) & 1]).
*/
static inline __attribute__((always_inline)) void
dn_yuma3_rows(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid, const int kind,
              num *racc, num *csum)
{
    /* Everything the loop reads from the context is a local: its stores go
    ** through memcpy, which may alias anything, so the compiler would
    ** reload the fields after every store. */
    const dn_plan *pl = x->pl;
    const uint32_t nr = pl->nr;
    const int cur = (int)(q & 1);
    const dn_row *row = x->row;
    const num *val = x->val[cur];
    num *vnext = x->val[cur ^ 1], *e = x->eb[cur], *vtb = x->vt;
    mb_key *knext = x->key[cur ^ 1];
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    const uint16_t *wnext = dn_w16(x, q + 1, 0);
    vnum cv[MB_NV], rv[MB_NV], sv[MB_NV];
    for (int v = 0; v < MB_NV; v++) {
        cv[v] = vnum_load(cb + v * VEC_LANES);
        rv[v] = sv[v] = vnum_splat(0.0);
    }
    const vnum alpha = vnum_splat(pl->alpha), oma = vnum_splat(pl->oma);
    const vnum beta = vnum_splat(pl->beta), zero = vnum_splat(0.0);
    vnum emin = vnum_splat(1.0);
    for (uint32_t k = 0; k < nr; k++) {
        const dn_row *rw = row + k;
        const size_t w8 = (size_t)rw->w * MB_COLS, bnk = rw->bnew;
        const num *wr = val + w8;
        const uint16_t *bo = oq + (size_t)rw->bold * MB_COLS;
        vnum ai = vnum_bcast(&rw->a), winv = vnum_bcast(&rw->winv), ev[MB_NV];
        num *vt = vtb + (size_t)k * MB_COLS, *ek = e + (size_t)k * MB_COLS;
        const uint16_t *wn = wnext + w8;
        vnum next[MB_NV];
        for (int v = 0; v < MB_NV; v++) {
            vnum wv = vnum_load(wr + v * VEC_LANES);
            vnum xv = vnum_min(wv, cv[v]); /* w > c ? c : w */
            rv[v] += ai * xv;
            vnum_store(vt + v * VEC_LANES, vnum_load(vt + v * VEC_LANES) + xv);
            vnum wb = wv;
            if (kind == 1) {
                wb = xv;
            } else if (kind == 2) {
                vnum t = wv + beta * (xv - wv);
                wb = vnum_sel(t > zero, t, zero);
            }
            ev[v] = alpha * wb + oma * vprop_u16(bo + v * VEC_LANES);
            sv[v] += ev[v];
            vnum_store(ek + v * VEC_LANES, ev[v]);
            emin = vnum_min(emin, ev[v]);
            next[v] = vnum_from_u16(wn + v * VEC_LANES) * winv; /* block q + 1 */
        }
        mb_store_row(next, vnext + w8, knext + w8);
        if (__builtin_expect(bnk != DN_NONE, 1))
            vstore_u16_row(nq + bnk * MB_COLS, ev);
    }
    if (vmask_bits(emin <= zero)) /* rare: cells whose EMA is 0 */
        for (uint32_t k = 0; k < nr; k++) {
            const num *ek = e + (size_t)k * MB_COLS;
            unsigned drop = 0;
            for (int v = 0; v < MB_NV; v++)
                drop |= vmask_bits(vnum_load(ek + v * VEC_LANES) <= zero) << (v * VEC_LANES);
            dn_note_drop(x, k, q, drop & valid);
        }
    for (int v = 0; v < MB_NV; v++) {
        vnum_store(racc + v * VEC_LANES, rv[v]);
        vnum_store(csum + v * VEC_LANES, sv[v]);
    }
}

#ifdef SS_VEC_AVX512
/*
** dn_yuma3_rows with a block row in one 64-byte register: the same
** operations lane by lane, so the same bits. What pays is not the width
** (these cores split it in two) but what comes with it: the column sums
** stay in registers (as __m512d: GCC spills them as generic vectors), a
** key row is one permute, and a u16 row is two instructions: x 65535 is
** below 65536 (an EMA of two numbers in [0, 1] with rates summing to 1,
** within a few ulps of 1 at most), so adding 2^52 rounded toward zero puts
** floor(x 65535), which n_to_u16 takes, in the low 16 bits.
*/
typedef double vrow __attribute__((vector_size(64)));

static inline vrow vrow_load(const num *p)
{
    vrow v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void vrow_store(num *p, vrow v) { memcpy(p, &v, sizeof v); }

static inline vrow vrow_splat(double x) { return (vrow)_mm512_set1_pd(x); }

static inline vrow vrow_min(vrow a, vrow b) { return (vrow)_mm512_min_pd((__m512d)a, (__m512d)b); }

/* vnum_from_u16 of eight u16 (the conversion is exact below 2^53) */
static inline vrow vrow_from_u16(const uint16_t *p)
{
    return (vrow)_mm512_cvtepi64_pd(_mm512_cvtepu16_epi64(_mm_loadu_si128((const __m128i *)p)));
}

/*
** vprop_u16 of eight u16, z + z (2^-32 + 2^-64) in one fused multiply-add:
** the exact z + z (2^-32 + 2^-64) rounded once is also the correctly
** rounded v / 65535 for every u16 (tests/unit/test_consensus.c checks all
** 65536), so the bits are n_prop_u16's.
*/
static inline vrow vrow_prop_u16(const uint16_t *p)
{
    __m512d z = (__m512d)(vrow_from_u16(p) * (65537.0 * 0x1p-32));
    return (vrow)_mm512_fmadd_pd(z, _mm512_set1_pd(0x1p-32 + 0x1p-64), z);
}

static inline __attribute__((always_inline)) void
dn_yuma3_rows_512(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid, const int kind,
                  num *racc, num *csum)
{
    const dn_plan *pl = x->pl;
    const uint32_t nr = pl->nr;
    const int cur = (int)(q & 1);
    const dn_row *row = x->row;
    const num *val = x->val[cur];
    num *vnext = x->val[cur ^ 1], *e = x->eb[cur], *vtb = x->vt;
    mb_key *knext = x->key[cur ^ 1];
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    const uint16_t *wnext = dn_w16(x, q + 1, 0);
    const vrow cv = vrow_load(cb);
    __m512d rv = _mm512_setzero_pd(), sv = _mm512_setzero_pd(); /* not spilled as vrow */
    vrow emin = vrow_splat(1.0);
    const vrow alpha = vrow_splat(pl->alpha), oma = vrow_splat(pl->oma);
    const vrow beta = vrow_splat(pl->beta), zero = vrow_splat(0.0);
    const __m512i keyidx = _mm512_setr_epi32(1, 3, 9, 11, 5, 7, 13, 15, 1, 3, 9, 11, 5, 7, 13, 15);
    for (uint32_t k = 0; k < nr; k++) {
        const dn_row *rw = row + k;
        const size_t w8 = (size_t)rw->w * MB_COLS, bnk = rw->bnew;
        const vrow ai = vrow_splat(rw->a);
        num *vt = vtb + (size_t)k * MB_COLS, *ek = e + (size_t)k * MB_COLS;
        vrow wv = vrow_load(val + w8);
        vrow xv = vrow_min(wv, cv); /* w > c ? c : w */
        rv = _mm512_add_pd(rv, (__m512d)(ai * xv));
        vrow_store(vt, vrow_load(vt) + xv);
        vrow wb = wv;
        if (kind == 1) {
            wb = xv;
        } else if (kind == 2) {
            vrow t = wv + beta * (xv - wv);
            wb = (vrow)_mm512_max_pd((__m512d)t, (__m512d)zero); /* t > 0 ? t : +0 */
        }
        vrow ev = alpha * wb + oma * vrow_prop_u16(oq + (size_t)rw->bold * MB_COLS);
        sv = _mm512_add_pd(sv, (__m512d)ev);
        vrow_store(ek, ev);
        emin = vrow_min(emin, ev);
        vrow next = vrow_from_u16(wnext + w8) * vrow_splat(rw->winv); /* block q + 1 */
        vrow_store(vnext + w8, next);
        __m256 kq = _mm512_castps512_ps256(_mm512_permutexvar_ps(keyidx, (__m512)next));
        memcpy(knext + w8, &kq, sizeof kq);
        if (__builtin_expect(bnk != DN_NONE, 1)) {
            __m512d f = _mm512_add_round_pd((__m512d)(ev * 65535.0), _mm512_set1_pd(0x1p52),
                                            _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
            _mm_storeu_si128((__m128i *)(nq + bnk * MB_COLS),
                             _mm512_cvtepi64_epi16(_mm512_castpd_si512(f)));
        }
    }
    if (_mm512_cmp_pd_mask((__m512d)emin, (__m512d)zero, _CMP_LE_OQ)) /* rare: EMA 0 */
        for (uint32_t k = 0; k < nr; k++) {
            unsigned drop = _mm512_cmp_pd_mask((__m512d)vrow_load(e + (size_t)k * MB_COLS),
                                               (__m512d)zero, _CMP_LE_OQ);
            dn_note_drop(x, k, q, drop & valid);
        }
    _mm512_storeu_pd(racc, rv);
    _mm512_storeu_pd(csum, sv);
}
#define dn_yuma3_rows dn_yuma3_rows_512
#endif

/*
** The dividend lanes of nb (1 or 2, a constant) consecutive blocks from
** their EMA e[b], column scales sp[b] and ranks rp[b]. Two blocks at a
** time halve the loads and stores of the lanes; block b's term is added
** after block b - 1's, as one at a time, so the bits are the same.
*/
static inline __attribute__((always_inline)) void
dn_dividends(const dn_ctx *x, const num *const *e, const num (*sp)[MB_COLS],
             const num (*rp)[MB_COLS], const int nb)
{
    vnum spv[2][MB_NV], rpv[2][MB_NV];
    for (int b = 0; b < nb; b++)
        for (int v = 0; v < MB_NV; v++) {
            spv[b][v] = vnum_load(sp[b] + v * VEC_LANES);
            rpv[b][v] = vnum_load(rp[b] + v * VEC_LANES);
        }
    /* locals, as in dn_yuma3_rows: the stores would make the compiler
    ** reload the context's fields */
    num *dl = x->dl;
    const num *e0 = e[0], *e1 = e[nb - 1];
    const uint32_t nr = x->pl->nr;
    for (uint32_t k = 0; k < nr; k++) {
        const size_t o = (size_t)k * MB_COLS;
        for (int v = 0; v < MB_NV; v++) {
            const size_t ov = o + v * VEC_LANES;
            vnum d = vnum_load(dl + ov) + (vnum_load(e0 + ov) * spv[0][v]) * rpv[0][v];
            if (nb == 2)
                d = d + (vnum_load(e1 + ov) * spv[1][v]) * rpv[1][v];
            vnum_store(dl + ov, d);
        }
    }
}
#endif

#if NUM_IS_CHAIN
/*
** Chain Yuma 3 over block q for WB = W or WB = CW (kind 0 or 1, a
** constant), a vector at a time: every value here is an I32F32 number in
** [0, 1] (weights, medians, stakes, the EMA rates, bond proportions, and
** the EMA, whose two terms' rates sum to 1), so ss_fx_mul is vfx_mul01,
** and the saturating adds of R, the trust lanes and the column sums never
** saturate (at most n_max terms of at most 2^32). The EMA goes to the
** blocks kept for the dividends; the walk also loads block q + 1.
*/
static inline __attribute__((always_inline)) void
dn_yuma3_rows_fx(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid, const int kind,
                 num *racc, num *csum)
{
    const dn_plan *pl = x->pl;
    const int cur = (int)(q & 1);
    const num *val = x->val[cur];
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    num *eq = x->ev + (size_t)q * pl->nr * MB_COLS;
    vmask cv[MB_NV], rv[MB_NV], sv[MB_NV];
    for (int v = 0; v < MB_NV; v++) {
        cv[v] = vnum_load(cb + v * VEC_LANES);
        rv[v] = sv[v] = vmask_splat(0);
    }
    const vmask alpha = vmask_splat(pl->alpha), oma = vmask_splat(pl->oma);
    const vmask zero = vmask_splat(0);
    for (uint32_t k = 0; k < pl->nr; k++) {
        const dn_row *rw = x->row + k;
        const num *wr = val + (size_t)rw->w * MB_COLS;
        const uint16_t *bo = oq + (size_t)rw->bold * MB_COLS;
        num *vt = x->vt + (size_t)k * MB_COLS, *e = eq + (size_t)k * MB_COLS;
        vmask ai = vmask_splat(rw->a), ev[MB_NV];
        unsigned drop = 0;
        for (int v = 0; v < MB_NV; v++) {
            vmask wv = vnum_load(wr + v * VEC_LANES);
            vmask xv = (vmask)vnum_sel(wv > cv[v], cv[v], wv); /* w > c ? c : w */
            rv[v] += vfx_mul01(ai, xv);
            vnum_store(vt + v * VEC_LANES, vnum_load(vt + v * VEC_LANES) + xv);
            ev[v] = vfx_mul01(alpha, kind == 1 ? xv : wv) +
                    vfx_mul01(oma, vprop_u16_fx(bo + v * VEC_LANES));
            sv[v] += ev[v];
            vnum_store(e + v * VEC_LANES, ev[v]);
            drop |= vmask_bits_fx(ev[v] <= zero) << (v * VEC_LANES);
        }
        if (drop)
            dn_note_drop(x, k, q, drop & valid);
        if (rw->bnew != DN_NONE)
            for (int v = 0; v < MB_NV; v++)
                vstore_u16_fx(nq + (size_t)rw->bnew * MB_COLS + v * VEC_LANES, ev[v]);
        dn_load_row(x, q + 1, rw->w, x->val[cur ^ 1], x->key[cur ^ 1]);
    }
    for (int v = 0; v < MB_NV; v++) {
        vnum_store(racc + v * VEC_LANES, rv[v]);
        vnum_store(csum + v * VEC_LANES, sv[v]);
    }
}
#endif

/*
** Yuma 3 over block q (§4.7-4.11 b, fixed rate), C[8] its medians: per row
** in uid order the clip, trust lanes, ranks, weights for bonds, EMA, column
** sums and new u16 bonds; the same walk loads block q + 1's weights. Chain
** mode keeps the EMA for the last pass.
*/
static __attribute__((noinline)) void dn_walk_yuma3(const dn_ctx *x, uint32_t q, const num *cb,
                                                   unsigned valid)
{
    const dn_plan *pl = x->pl;
    num racc[MB_COLS], csum[MB_COLS];
#if NUM_IS_CHAIN
    if (pl->kind != 2) {
        if (pl->kind == 0)
            dn_yuma3_rows_fx(x, q, cb, valid, 0, racc, csum);
        else
            dn_yuma3_rows_fx(x, q, cb, valid, 1, racc, csum);
        dn_put_sums(x, q, valid, racc, csum);
        return;
    }
    /* the interpolated WB: cell by cell */
    const int cur = (int)(q & 1);
    const num *val = x->val[cur];
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    num *eq = x->ev + (size_t)q * pl->nr * MB_COLS;
    for (int c = 0; c < MB_COLS; c++)
        racc[c] = csum[c] = NUM_ZERO;
    for (uint32_t k = 0; k < pl->nr; k++) {
        const dn_row *rw = x->row + k;
        uint32_t w = rw->w;
        const num *wr = val + (size_t)w * MB_COLS;
        const uint16_t *bo = oq + (size_t)rw->bold * MB_COLS;
        num ai = rw->a, *vt = x->vt + (size_t)k * MB_COLS, *e = eq + (size_t)k * MB_COLS;
        unsigned drop = 0;
        for (int c = 0; c < MB_COLS; c++) {
            num wc = wr[c], xc = wc > cb[c] ? cb[c] : wc;
            racc[c] = n_add(racc[c], n_mul(ai, xc));
            vt[c] = n_plus(vt[c], xc);
            num ec = n_add(n_mul(pl->alpha, dn_wb(pl, wc, xc)),
                           n_mul(pl->oma, n_prop_u16(bo[c])));
            csum[c] = n_add(csum[c], ec);
            e[c] = ec;
            drop |= (unsigned)!(ec > NUM_ZERO) << c;
        }
        dn_note_drop(x, k, q, drop & valid);
        if (rw->bnew != DN_NONE) {
            uint16_t *bn = nq + (size_t)rw->bnew * MB_COLS;
            for (int c = 0; c < MB_COLS; c++)
                bn[c] = n_to_u16(e[c]);
        }
        dn_load_row(x, q + 1, w, x->val[cur ^ 1], x->key[cur ^ 1]);
    }
#else
    switch (pl->kind) {
    case 0:
        dn_yuma3_rows(x, q, cb, valid, 0, racc, csum);
        break;
    case 1:
        dn_yuma3_rows(x, q, cb, valid, 1, racc, csum);
        break;
    default:
        dn_yuma3_rows(x, q, cb, valid, 2, racc, csum);
    }
#endif
    dn_put_sums(x, q, valid, racc, csum);
}

#if NUM_IS_CHAIN
/* vdiv_fx where c > 0, a unchanged where c is 0 (col_div's rule); inv as
** vdiv_fx's. */
static inline vmask vcol_div_fx(vmask a, vmask c, const double *inv)
{
    return (vmask)vnum_sel(c == vmask_splat(0), (vnum)a, (vnum)vdiv_fx(a, c, inv));
}

/* The lanes' n_div_prep of VEC_LANES column sums. */
static inline void prep_lanes(const vmask *c, double *inv)
{
    for (int v = 0; v < MB_NV; v++)
        for (int l = 0; l < VEC_LANES; l++)
            inv[v * VEC_LANES + l] = n_div_prep(c[v][l]);
}

/*
** dn_walk_original in chain mode for WB = W or CW (kind 0 or 1), a vector
** at a time, with the same four walks. Every number is I32F32 in [0, 1],
** every division an entry by a sum or maximum of its own column (so at
** most 1, and the divisor below 2^48): vfx_mul01 and vdiv_fx are exact
** there. The stored bonds normalise as integers: (b << 32) / (S << 32) is
** b 2^32 / S for the column's raw sum S = sum b, below 2^31.
*/
static void dn_walk_original_fx(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid,
                                int kind)
{
    const dn_plan *pl = x->pl;
    const uint32_t nr = pl->nr;
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    num *eb = x->eb[0];
    const vmask zero = vmask_splat(0), alpha = vmask_splat(pl->alpha);
    const vmask oma = vmask_splat(pl->oma);
    vmask cv[MB_NV], racc[MB_NV], dsum[MB_NV], bsum[MB_NV], esum[MB_NV], mx[MB_NV];
    for (int v = 0; v < MB_NV; v++) {
        cv[v] = vnum_load(cb + v * VEC_LANES);
        racc[v] = dsum[v] = bsum[v] = esum[v] = mx[v] = zero;
    }
    /* 1. clip, trust, ranks, ΔB = WB A_i, column sums of ΔB and of the raw bonds */
    for (uint32_t k = 0; k < nr; k++) {
        const dn_row *rw = x->row + k;
        const num *w = x->val[0] + (size_t)rw->w * MB_COLS;
        const uint16_t *bo = oq + (size_t)rw->bold * MB_COLS;
        num *vt = x->vt + (size_t)k * MB_COLS, *d = x->db + (size_t)k * MB_COLS;
        vmask ai = vmask_splat(rw->a);
        for (int v = 0; v < MB_NV; v++) {
            vmask wv = vnum_load(w + v * VEC_LANES);
            vmask xv = (vmask)vnum_sel(wv > cv[v], cv[v], wv);
            racc[v] += vfx_mul01(ai, xv);
            vnum_store(vt + v * VEC_LANES, vnum_load(vt + v * VEC_LANES) + xv);
            vmask dv = vfx_mul01(kind == 1 ? xv : wv, ai);
            vnum_store(d + v * VEC_LANES, dv);
            dsum[v] += dv;
            bsum[v] += vmask_from_u16(bo + v * VEC_LANES);
        }
    }
    double dinv[MB_COLS], binv[MB_COLS], einv[MB_COLS], minv[MB_COLS];
    prep_lanes(dsum, dinv);
    prep_lanes(bsum, binv);
    /* 2. the EMA of the normalised ΔB and bonds */
    for (uint32_t k = 0; k < nr; k++) {
        const uint16_t *bo = oq + (size_t)x->row[k].bold * MB_COLS;
        num *d = x->db + (size_t)k * MB_COLS, *e = eb + (size_t)k * MB_COLS;
        unsigned drop = 0;
        for (int v = 0; v < MB_NV; v++) {
            int o = v * VEC_LANES;
            vmask dn = vcol_div_fx(vnum_load(d + o), dsum[v], dinv + o);
            vmask b = vmask_from_u16(bo + o);
            vmask bn = (vmask)vnum_sel(bsum[v] == zero, (vnum)(b << 32),
                                       (vnum)vdiv_fx(b, bsum[v], binv + o));
            vmask ev = vfx_mul01(alpha, dn) + vfx_mul01(oma, bn);
            vnum_store(d + o, dn);
            vnum_store(e + o, ev);
            esum[v] += ev;
            drop |= vmask_bits_fx(ev <= zero) << o;
        }
        if (drop)
            dn_note_drop(x, k, q, drop & valid);
    }
    prep_lanes(esum, einv);
    /* 3. the column normalisation and maxima */
    for (uint32_t k = 0; k < nr; k++) {
        num *e = eb + (size_t)k * MB_COLS;
        for (int v = 0; v < MB_NV; v++) {
            int o = v * VEC_LANES;
            vmask ev = vcol_div_fx(vnum_load(e + o), esum[v], einv + o);
            vnum_store(e + o, ev);
            mx[v] = (vmask)vnum_sel(ev > mx[v], ev, mx[v]);
        }
    }
    memcpy(x->ev + (size_t)q * nr * MB_COLS, eb, (size_t)nr * MB_COLS * sizeof(num));
    num rs[MB_COLS], es[MB_COLS];
    for (int v = 0; v < MB_NV; v++) {
        vnum_store(rs + v * VEC_LANES, racc[v]);
        vnum_store(es + v * VEC_LANES, esum[v]);
    }
    dn_put_sums(x, q, valid, rs, es);
    /* 4. the stored bonds, each column divided by its maximum */
    prep_lanes(mx, minv);
    for (uint32_t k = 0; k < nr; k++) {
        if (x->row[k].bnew == DN_NONE)
            continue;
        const num *e = eb + (size_t)k * MB_COLS;
        uint16_t *bn = nq + (size_t)x->row[k].bnew * MB_COLS;
        for (int v = 0; v < MB_NV; v++) {
            int o = v * VEC_LANES;
            vstore_u16_fx(bn + o, vcol_div_fx(vnum_load(e + o), mx[v], minv + o));
        }
    }
}
#endif

#if !NUM_IS_CHAIN
/* col_div (a reciprocal multiply) and col_div_exact (a division) of
** VEC_LANES values by their columns' sums c, unchanged where c is 0. */
static inline vnum vcol_div(vnum v, vnum c, vnum inv)
{
    return vnum_sel(c == 0.0, v, v * inv);
}

static inline vnum vcol_div_exact(vnum v, vnum c)
{
    return vnum_sel(c == 0.0, v, v / vnum_sel(c == 0.0, vnum_splat(1.0), c));
}

/* The lanes' n_div_prep (1 / c, 0 for c = 0). */
static inline vnum vprep(vnum c)
{
    return vnum_sel(c == 0.0, vnum_splat(0.0), 1.0 / vnum_sel(c == 0.0, vnum_splat(1.0), c));
}

/*
** dn_walk_original in float mode for WB = W or CW (kind 0 or 1), a vector
** at a time, with the same four walks and the same operations per cell
** (col_div's reciprocal for ΔB and the EMA, true divisions for the bonds
** and the max-upscale), and the dividend lanes against the ranks.
*/
static void dn_walk_original_vec(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid,
                                 int kind)
{
    const dn_plan *pl = x->pl;
    const uint32_t nr = pl->nr;
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    num *eb = x->eb[0];
    const vnum zero = vnum_splat(0.0), alpha = vnum_splat(pl->alpha);
    const vnum oma = vnum_splat(pl->oma);
    vnum cv[MB_NV], racc[MB_NV], dsum[MB_NV], bsum[MB_NV], esum[MB_NV], mx[MB_NV];
    for (int v = 0; v < MB_NV; v++) {
        cv[v] = vnum_load(cb + v * VEC_LANES);
        racc[v] = dsum[v] = bsum[v] = esum[v] = mx[v] = zero;
    }
    /* 1. clip, trust, ranks, ΔB = WB A_i, column sums of ΔB and of the raw bonds */
    for (uint32_t k = 0; k < nr; k++) {
        const dn_row *rw = x->row + k;
        const num *w = x->val[0] + (size_t)rw->w * MB_COLS;
        const uint16_t *bo = oq + (size_t)rw->bold * MB_COLS;
        num *vt = x->vt + (size_t)k * MB_COLS, *d = x->db + (size_t)k * MB_COLS;
        vnum ai = vnum_splat(rw->a);
        for (int v = 0; v < MB_NV; v++) {
            vnum wv = vnum_load(w + v * VEC_LANES), xv = vnum_min(wv, cv[v]);
            racc[v] += ai * xv;
            vnum_store(vt + v * VEC_LANES, vnum_load(vt + v * VEC_LANES) + xv);
            vnum dv = (kind == 1 ? xv : wv) * ai;
            vnum_store(d + v * VEC_LANES, dv);
            dsum[v] += dv;
            bsum[v] += vnum_from_u16(bo + v * VEC_LANES);
        }
    }
    vnum dinv[MB_NV];
    for (int v = 0; v < MB_NV; v++)
        dinv[v] = vprep(dsum[v]);
    /* 2. the EMA of the normalised ΔB and bonds */
    for (uint32_t k = 0; k < nr; k++) {
        const uint16_t *bo = oq + (size_t)x->row[k].bold * MB_COLS;
        num *d = x->db + (size_t)k * MB_COLS, *e = eb + (size_t)k * MB_COLS;
        unsigned drop = 0;
        for (int v = 0; v < MB_NV; v++) {
            int o = v * VEC_LANES;
            vnum dn = vcol_div(vnum_load(d + o), dsum[v], dinv[v]);
            vnum bn = vcol_div_exact(vnum_from_u16(bo + o), bsum[v]);
            vnum ev = alpha * dn + oma * bn;
            vnum_store(e + o, ev);
            esum[v] += ev;
            drop |= vmask_bits(ev <= zero) << o;
        }
        if (drop)
            dn_note_drop(x, k, q, drop & valid);
    }
    /* 3. the column normalisation and maxima, the dividend lanes */
    vnum einv[MB_NV];
    for (int v = 0; v < MB_NV; v++)
        einv[v] = vprep(esum[v]);
    num rs[MB_COLS], es[MB_COLS];
    for (int v = 0; v < MB_NV; v++) {
        vnum_store(rs + v * VEC_LANES, racc[v]);
        vnum_store(es + v * VEC_LANES, esum[v]);
    }
    vnum rk[MB_NV];
    for (int c = 0; c < MB_COLS; c++)
        rs[c] = valid >> c & 1 ? rs[c] : 0.0;
    for (int v = 0; v < MB_NV; v++)
        rk[v] = vnum_load(rs + v * VEC_LANES);
    for (uint32_t k = 0; k < nr; k++) {
        num *e = eb + (size_t)k * MB_COLS, *dl = x->dl + (size_t)k * MB_COLS;
        for (int v = 0; v < MB_NV; v++) {
            int o = v * VEC_LANES;
            vnum ev = vcol_div(vnum_load(e + o), esum[v], einv[v]);
            vnum_store(e + o, ev);
            mx[v] = vnum_sel(mx[v] < ev, ev, mx[v]);
            vnum_store(dl + o, vnum_load(dl + o) + ev * rk[v]);
        }
    }
    dn_put_sums(x, q, valid, rs, es);
    /* 4. the stored bonds, each column divided by its maximum */
    for (uint32_t k = 0; k < nr; k++) {
        if (x->row[k].bnew == DN_NONE)
            continue;
        const num *e = eb + (size_t)k * MB_COLS;
        uint16_t *bn = nq + (size_t)x->row[k].bnew * MB_COLS;
        vnum out[MB_NV];
        for (int v = 0; v < MB_NV; v++)
            out[v] = vcol_div_exact(vnum_load(e + v * VEC_LANES), mx[v]);
        vstore_u16_row(bn, out);
    }
}
#endif

/*
** The original model over block q (§4.7-4.11 a), weights in val[0]: four
** walks over the rows, each needing the column sums of the one before:
** clip, trust, ranks, ΔB and the sums of ΔB and of the raw bonds; the EMA
** of the normalised ΔB and bonds; its column normalisation, maxima and (in
** float mode) dividend lanes; the new u16 bonds, max-upscaled.
*/
static void dn_walk_original(const dn_ctx *x, uint32_t q, const num *cb, unsigned valid)
{
    if (x->pl->kind != 2) {
#if NUM_IS_CHAIN
        dn_walk_original_fx(x, q, cb, valid, x->pl->kind);
#else
        dn_walk_original_vec(x, q, cb, valid, x->pl->kind);
#endif
        return;
    }
    const dn_plan *pl = x->pl;
    const uint32_t nr = pl->nr;
    const uint16_t *oq = x->oblk + (size_t)q * x->ostride * MB_COLS;
    uint16_t *nq = x->nblk + (size_t)q * x->nstride * MB_COLS;
    num racc[MB_COLS] = {0}, dsum[MB_COLS] = {0}, bsum[MB_COLS] = {0};
    num esum[MB_COLS] = {0}, mx[MB_COLS] = {0};
    num *eb = x->eb[0];
    /* 1. clip, trust, ranks, ΔB = WB A_i, column sums */
    for (uint32_t k = 0; k < nr; k++) {
        const num *w = x->val[0] + (size_t)x->row[k].w * MB_COLS;
        const uint16_t *bo = oq + (size_t)x->row[k].bold * MB_COLS;
        num ai = x->row[k].a, *vt = x->vt + (size_t)k * MB_COLS;
        num *d = x->db + (size_t)k * MB_COLS;
        for (int c = 0; c < MB_COLS; c++) {
            num wc = w[c], xc = wc > cb[c] ? cb[c] : wc;
            racc[c] = n_add(racc[c], n_mul(ai, xc));
            vt[c] = n_plus(vt[c], xc);
            d[c] = n_mul(dn_wb(pl, wc, xc), ai);
            dsum[c] = n_add(dsum[c], d[c]);
            bsum[c] = n_add(bsum[c], n_raw_u16(bo[c]));
        }
    }
    double dinv[MB_COLS], binv[MB_COLS], einv[MB_COLS], minv[MB_COLS];
    for (int c = 0; c < MB_COLS; c++) {
        dinv[c] = n_div_prep(dsum[c]);
        binv[c] = n_div_prep(bsum[c]);
    }
    /* 2. the EMA of the normalised ΔB (reciprocal in float mode) and the
    ** normalised bonds (divided) */
    for (uint32_t k = 0; k < nr; k++) {
        const uint16_t *bo = oq + (size_t)x->row[k].bold * MB_COLS;
        num *d = x->db + (size_t)k * MB_COLS, *e = eb + (size_t)k * MB_COLS;
        unsigned drop = 0;
        for (int c = 0; c < MB_COLS; c++) {
            d[c] = col_div(d[c], dsum[c], dinv[c]);
            num bn = col_div_exact(n_raw_u16(bo[c]), bsum[c], binv[c]);
            e[c] = n_add(n_mul(pl->alpha, d[c]), n_mul(pl->oma, bn));
            esum[c] = n_add(esum[c], e[c]);
            drop |= (unsigned)!(e[c] > NUM_ZERO) << c;
        }
        dn_note_drop(x, k, q, drop & valid);
    }
    for (int c = 0; c < MB_COLS; c++)
        einv[c] = n_div_prep(esum[c]);
    /* 3. the column normalisation and maxima; the dividends, before the
    ** max-upscale changes the EMA */
    for (uint32_t k = 0; k < nr; k++) {
        num *e = eb + (size_t)k * MB_COLS, *dl = x->dl + (size_t)k * MB_COLS;
        for (int c = 0; c < MB_COLS; c++) {
            e[c] = col_div(e[c], esum[c], einv[c]);
            if (mx[c] < e[c])
                mx[c] = e[c];
            if (!NUM_IS_CHAIN)
                dl[c] = n_plus(dl[c], n_mul(e[c], valid >> c & 1 ? racc[c] : NUM_ZERO));
        }
    }
    if (NUM_IS_CHAIN)
        memcpy(x->ev + (size_t)q * nr * MB_COLS, eb, (size_t)nr * MB_COLS * sizeof(num));
    dn_put_sums(x, q, valid, racc, esum);
    /* 4. the stored bonds, each column divided by its maximum */
    for (int c = 0; c < MB_COLS; c++)
        minv[c] = n_div_prep(mx[c]);
    for (uint32_t k = 0; k < nr; k++) {
        if (x->row[k].bnew == DN_NONE)
            continue;
        const num *e = eb + (size_t)k * MB_COLS;
        uint16_t *bn = nq + (size_t)x->row[k].bnew * MB_COLS;
        for (int c = 0; c < MB_COLS; c++)
            bn[c] = n_to_u16(mx[c] != NUM_ZERO ? n_div_fast(e[c], mx[c], minv[c]) : e[c]);
    }
}

/*
** Chain mode's dividends from the kept EMA blocks: per row, in lanes8,
** (EMA / colsum) I_j (Yuma 3; times A_i later) or EMA_norm I_j (original).
*/
static void dense_dividends_chain(const dn_ctx *x, const num *I)
{
#if NUM_IS_CHAIN
    const dn_plan *pl = x->pl;
    const bool yuma3 = x->y->p.variant == SS_YUMA_YUMA3;
    for (uint32_t q = 0; q < pl->nblk; q++) {
        uint32_t j0 = pl->base + q * MB_COLS;
        unsigned valid = dn_valid(pl, q);
        num cs[MB_COLS], ij[MB_COLS];
        double inv[MB_COLS];
        for (int c = 0; c < MB_COLS; c++) { /* the lanes outside [c0, c1) hold no EMA */
            bool in = valid >> c & 1;
            cs[c] = in && yuma3 ? x->colsum[j0 + c] : NUM_ZERO;
            ij[c] = in ? I[j0 + c] : NUM_ZERO;
            inv[c] = n_div_prep(cs[c]);
        }
        const num *ev = x->ev + (size_t)q * pl->nr * MB_COLS;
        for (uint32_t k = 0; k < pl->nr; k++) {
            num *dl = x->dl + (size_t)k * MB_COLS;
            for (int v = 0; v < MB_NV; v++) {
                int o = v * VEC_LANES;
                vmask e = vnum_load(ev + (size_t)k * MB_COLS + o), c = vnum_load(cs + o);
                if (yuma3) /* EMA / colsum, where the column sums to more than 0 */
                    e = (vmask)vnum_sel(c == vmask_splat(0), (vnum)e,
                                        (vnum)vdiv_fx(e, c, inv + o));
                vnum_store(dl + o, vnum_load(dl + o) + vfx_mul01(e, vnum_load(ij + o)));
            }
        }
    }
#else
    (void)x;
    (void)I;
#endif
}

/* The trace's W (and ΔB for the original model) of a dense epoch, for the
** conformance replayer: the values the blocks computed, cell by cell. */
static ss_status dense_trace(ss_yuma *y, const ss_yuma_input *in, const dn_ctx *x,
                             const num *A, ss_error *err)
{
    const dn_plan *pl = x->pl;
    const uint32_t L = pl->c1 - pl->c0, n = in->n;
    ss__csr *W = &y->W, *dB = &y->dB;
    ss_status st = ss__csr_reserve(y, W, (size_t)pl->nw * L, err);
    if (st == SS_OK)
        st = ss__csr_reserve(y, dB, (size_t)pl->nr * L, err);
    if (st != SS_OK)
        return st;
    W->used = dB->used = 0;
    uint32_t *wrow_of = y->iscratch; /* weight row by uid */
    for (uint32_t i = 0; i < n; i++)
        wrow_of[i] = DN_NONE;
    for (uint32_t k = 0; k < pl->nr; k++)
        if (x->row[k].w < pl->nw)
            wrow_of[x->row[k].uid] = x->row[k].w;
    num *wv = (num *)W->val, *dv = (num *)dB->val;
    const num *C = x->C;
    num *dsum = (num *)y->col_d;
    for (uint32_t j = pl->c0; j < pl->c1; j++)
        dsum[j] = NUM_ZERO;
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < n; i++) {
            uint32_t w = wrow_of[i];
            if (pass == 0) {
                W->start[i] = (uint32_t)W->used;
                W->len[i] = 0;
                W->sorted[i] = 1;
                dB->len[i] = 0;
                dB->sorted[i] = 1;
            } else {
                dB->start[i] = (uint32_t)dB->used; /* ΔB's rows go in the second pass */
            }
            if (w == DN_NONE)
                continue;
            const ss_weight_row *row = &in->weights[i]; /* W's cells: the row's, unmasked */
            dn_mask m = dn_row_mask(pl, in, i);
            for (uint32_t k = 0; k < row->len; k++) {
                uint32_t j = row->entries[k].uid, off = j - pl->base;
                if (dn_masked(&m, j))
                    continue;
                uint16_t v = dn_w16(x, off / MB_COLS, w)[off % MB_COLS];
#if NUM_IS_CHAIN
                uint64_t s = x->wsum[w];
                num wj = s ? n_div_fast((num)v, (num)s, n_div_prep((num)s)) : NUM_ZERO;
#else
                num wj = (num)v * x->winv[w];
#endif
                num xj = wj > C[j] ? C[j] : wj, wb = dn_wb(pl, wj, xj);
                bool has = pl->kind == 0 || (pl->kind == 1 ? wj <= C[j] || C[j] > NUM_ZERO
                                                            : wb > NUM_ZERO);
                num d = n_mul(wb, A[i]);
                if (pass == 0) {
                    W->col[W->used] = j;
                    wv[W->used++] = wj;
                    if (has)
                        dsum[j] = n_add(dsum[j], d);
                } else if (has) {
                    dB->col[dB->used] = j;
                    dv[dB->used++] = col_div(d, dsum[j], n_div_prep(dsum[j]));
                }
            }
            if (pass == 0)
                W->len[i] = (uint32_t)(W->used - W->start[i]);
            else
                dB->len[i] = (uint32_t)(dB->used - dB->start[i]);
        }
    return SS_OK;
}

/* The new bonds of the walked rows kept, in block form, without the cells
** a row lost (EMA <= 0), marked as gaps. */
static void dense_store(ss_yuma *y, const dn_ctx *x)
{
    const dn_plan *pl = x->pl;
    const uint32_t L = pl->c1 - pl->c0, stride = pl->slots + 1;
    ss__bonds *nb = &y->bonds_next;
    nb->block = true;
    nb->c0 = pl->c0;
    nb->c1 = pl->c1;
    nb->base = pl->base;
    nb->stride = stride;
    nb->ascending = true;
    nb->gaps = false;
    for (uint32_t i = 0; i < y->n_max; i++)
        nb->len[i] = 0;
    for (uint32_t k = 0; k < pl->nr; k++)
        nb->gaps = nb->gaps || (x->row[k].bnew != DN_NONE && x->dropped[k]);
    if (nb->gaps)
        memset(nb->gap, 0, (size_t)pl->nblk * stride);
    for (uint32_t k = 0; k < pl->nr; k++) {
        const dn_row *rw = x->row + k;
        if (rw->bnew == DN_NONE)
            continue;
        uint32_t lost = 0;
        if (x->dropped[k])
            for (uint32_t q = 0; q < pl->nblk; q++) {
                uint8_t d = x->drop[(size_t)k * pl->nblk + q]; /* only lanes in [c0, c1) */
                nb->gap[(size_t)q * stride + rw->bnew] = d;
                lost += (uint32_t)__builtin_popcount(d);
            }
        nb->start[rw->uid] = rw->bnew;
        nb->len[rw->uid] = L - lost;
    }
}

/*
** §4.5-4.11 and the new bonds for a dense epoch: fills C, VT, R, I, D
** (normalised) and writes y->bonds_next. *taken is false, with nothing
** changed but the stored bonds' form, when the epoch is not dense after
** all (an entry out of place).
*/
static ss_status dense_epoch(ss_yuma *y, const ss_yuma_input *in, const dn_plan *plan,
                             const bool *oldp, const bool *newp, const num *A, num kappa,
                             num *C, num *VT, num *R, num *I, num *D, bool *taken,
                             ss_error *err)
{
    const uint32_t n = in->n;
    dn_plan pl = *plan;
    ss_status st;
    *taken = false;
    dn_row *row = (dn_row *)y->dn_rows;
    const ss__bonds *ob = &y->bonds;
    ss__bonds *nb = &y->bonds_next;

    /* Rows: U's rows with weights get the first block rows, then the zero
    ** row if U has rows without weights, then the other weight rows. */
    int64_t *mass = y->mb_mass;
    num *U = (num *)y->U;
    for (uint32_t i = 0; i < n; i++)
        U[i] = A[i] > NUM_ZERO ? A[i] : NUM_ZERO;
    num usum = sum_lanes(U, n); /* as epoch_rows */
    int64_t total = 0, zmass = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!(A[i] > NUM_ZERO))
            continue;
        num u = usum != NUM_ZERO ? n_sdiv(A[i], usum) : A[i];
        int64_t m = u > NUM_ZERO ? n_mass(u) : 0;
        total += m;
        if (oldp[i] && in->weights[i].len)
            mass[pl.nu++] = m;
        else
            zmass += m, pl.zrows++;
    }
    pl.total = total;
    pl.t = total - n_mass(kappa);
    if (pl.zrows)
        mass[pl.nu] = zmass;
    uint32_t next_u = 0, next_o = pl.nu + (pl.zrows > 0);
    pl.nw = next_o;
    for (uint32_t i = 0; i < n; i++)
        pl.nw += oldp[i] && in->weights[i].len && !(A[i] > NUM_ZERO);
    for (uint32_t i = 0; i < n; i++) {
        bool hasw = oldp[i] && in->weights[i].len, hasb = ob->len[i] != 0;
        if (!hasw && !hasb)
            continue;
        dn_row *rw = &row[pl.nr++];
        rw->uid = i;
        rw->a = A[i];
        rw->w = !hasw ? DN_NONE : A[i] > NUM_ZERO ? next_u++ : next_o++;
        rw->bold = hasb ? ob->start[i] : ob->stride - 1; /* the zero slot */
        rw->bnew = newp[i] ? pl.slots++ : DN_NONE;
    }

    /* Workspace for this size. */
    const size_t L = pl.c1 - pl.c0, cells = (size_t)pl.nblk * MB_COLS;
    const size_t w16n = (cells + MB_COLS) * (pl.nw + 1);
    if ((st = ss__yuma_reserve(y, (void **)&y->dn_w16, &y->dn_w16cap, (w16n + 3) / 4, err)) !=
            SS_OK ||
        (st = ss__yuma_reserve(y, (void **)&y->dn_drop, &y->dn_dropcap,
                               ((size_t)pl.nr * pl.nblk + 7) / 8, err)) != SS_OK ||
        (st = ss__bonds_blocks_reserve(y, nb, cells * (pl.slots + 1), err)) != SS_OK ||
        (st = ss__bonds_gaps_reserve(y, nb, (size_t)pl.nblk * (pl.slots + 1), err)) != SS_OK ||
        (st = ss__bonds_reserve(y, nb, L * pl.slots, err)) != SS_OK)
        return st;
    if (NUM_IS_CHAIN &&
        (st = ss__yuma_reserve(y, &y->dn_ev, &y->dn_evcap, cells * pl.nr, err)) != SS_OK)
        return st;

    /* The weights, checked entry by entry. */
    uint64_t *wsum = y->dn_wsum;
    double *winv = y->dn_winv;
    for (uint32_t k = 0; k < pl.nr; k++) {
        dn_row *rw = &row[k];
        if (rw->w == DN_NONE) {
            rw->w = pl.nw;
            rw->winv = 0.0;
            continue;
        }
        uint64_t s;
        dn_mask m = dn_row_mask(&pl, in, rw->uid);
        if (!dense_weights(&pl, &in->weights[rw->uid], rw->w, y->dn_w16, &s, &m,
                           (uint16_t *)y->dn_db)) /* scratch until the walks */
            return SS_OK; /* not ascending after all */
        wsum[rw->w] = s;
        winv[rw->w] = rw->winv = s ? 1.0 / (double)s : 0.0;
        double *c = y->dn_wc + (size_t)rw->w * 4; /* vweights_fx */
        uint64_t q0 = s ? ((uint64_t)1 << 32) / s : 0;
        c[0] = s ? (double)s : 1.0;
        c[1] = (double)q0;
        c[2] = s ? (double)(((uint64_t)1 << 32) - q0 * s) : 0.0;
        c[3] = winv[rw->w];
    }
    double *cz = y->dn_wc + (size_t)pl.nw * 4; /* the row of zeros */
    cz[0] = 1.0;
    cz[1] = cz[2] = cz[3] = 0.0;
    *taken = true;
    y->dense_count++;
    y->dense_epochs++;
    wsum[pl.nw] = 0;
    winv[pl.nw] = 0.0;
    for (uint32_t q = 0; q <= pl.nblk; q++) /* the weights' zero rows and block */
        memset(y->dn_w16 + ((size_t)q * (pl.nw + 1) + (q < pl.nblk ? pl.nw : 0)) * MB_COLS, 0,
               (q < pl.nblk ? 1 : pl.nw + 1) * MB_COLS * sizeof *y->dn_w16);
    for (uint32_t q = 0; q < pl.nblk; q++) /* the new bonds' zero slots */
        memset(nb->blk + ((size_t)q * (pl.slots + 1) + pl.slots) * MB_COLS, 0,
               MB_COLS * sizeof *nb->blk);
    if (pl.bmask) /* the bonds of miners (re)registered since the last epoch read as 0 */
        for (uint32_t j = pl.c0; j < pl.c1; j++)
            if (!(pl.last_tempo > in->registered_block[j])) {
                uint32_t off = j - pl.base;
                uint16_t *c = y->bonds.blk + (size_t)(off / MB_COLS) * ob->stride * MB_COLS;
                for (uint32_t r = 0; r < ob->stride; r++)
                    c[(size_t)r * MB_COLS + off % MB_COLS] = 0;
            }

    const size_t half = ss__dn_half_rows(y->n_max) * MB_COLS; /* val, key and eb halves */
    num *val = (num *)y->mb_val, *eb = (num *)y->dn_eb;
    mb_key *key = (mb_key *)y->mb_key;
    dn_ctx x = {
        .y = y, .pl = &pl, .row = row,
        .w16 = y->dn_w16, .oblk = ob->blk, .nblk = nb->blk, .ostride = ob->stride,
        .nstride = pl.slots + 1, .winv = winv, .wsum = wsum, .wc = y->dn_wc,
        .val = {val, val + half},
        .key = {key, key + half}, .vt = (num *)y->dn_vt, .dl = (num *)y->dn_dl,
        .eb = {eb, eb + half}, .db = (num *)y->dn_db, .drop = y->dn_drop,
        .dropped = y->dn_dropped, .ev = (num *)y->dn_ev, .C = C, .R = R,
        .colsum = (num *)y->colacc,
    };
    for (uint32_t j = 0; j < n; j++)
        C[j] = R[j] = NUM_ZERO;
    memset(x.vt, 0, (size_t)pl.nr * MB_COLS * sizeof(num));
    memset(x.dl, 0, (size_t)pl.nr * MB_COLS * sizeof(num));
    memset(x.dropped, 0, pl.nr);
    for (int h = 0; h < 2; h++) { /* the median's zero row and the walk's */
        if (pl.zrows) {
            memset(x.val[h] + (size_t)pl.nu * MB_COLS, 0, MB_COLS * sizeof(num));
            memset(x.key[h] + (size_t)pl.nu * MB_COLS, 0, MB_COLS * sizeof(mb_key));
        }
        memset(x.val[h] + (size_t)pl.nw * MB_COLS, 0, MB_COLS * sizeof(num));
    }
    uint32_t mrows = pl.nu + (pl.zrows > 0);
    mb_block mb = {.mass = mass, .smass = y->mb_smass, .rows = mrows, .total = pl.total,
                   .t = pl.t};
    mb.st = mb_scale_masses(mass, mrows, pl.total, pl.t, y->mb_smass);
    mb_scratch sc = mb_scratch_of(y);
    const bool yuma3 = y->p.variant == SS_YUMA_YUMA3;

    /* The blocks. Yuma 3's walk of block q also loads block q + 1, so block
    ** 0 is loaded first. */
    for (uint32_t k = 0; k < pl.nr; k++)
        if (yuma3 && row[k].w < pl.nw)
            dn_load_row(&x, 0, row[k].w, x.val[0], x.key[0]);
#if !NUM_IS_CHAIN
    num dsp[2][MB_COLS], drp[2][MB_COLS]; /* blocks' column scales and ranks, q even, q odd */
#endif
    for (uint32_t q = 0; q < pl.nblk; q++) {
        unsigned valid = dn_valid(&pl, q);
        uint32_t j0 = pl.base + q * MB_COLS;
        num cb[MB_COLS];
        if (!yuma3)
            for (uint32_t k = 0; k < pl.nr; k++)
                if (row[k].w < pl.nw)
                    dn_load_row(&x, q, row[k].w, x.val[0], x.key[0]);
        mb.val = x.val[yuma3 ? q & 1 : 0];
        mb.key = x.key[yuma3 ? q & 1 : 0];
        block_medians(&mb, cb, &sc);
        for (int c = 0; c < MB_COLS; c++) {
            if (!(valid >> c & 1))
                cb[c] = NUM_ZERO;
            else
                C[j0 + c] = cb[c];
        }
        if (!yuma3) {
            dn_walk_original(&x, q, cb, valid);
            continue;
        }
        dn_walk_yuma3(&x, q, cb, valid);
#if !NUM_IS_CHAIN
        /* the dividends of blocks q - 1 and q when q is odd (their EMA
        ** are the two halves of eb), of q alone when it is the last */
        num *sp = dsp[q & 1], *rp = drp[q & 1];
        for (int c = 0; c < MB_COLS; c++) {
            bool inside = valid >> c & 1;
            num s = inside ? x.colsum[j0 + c] : NUM_ZERO;
            sp[c] = n_div_scale(s, n_div_prep(s));
            rp[c] = inside ? R[j0 + c] : NUM_ZERO;
        }
        if (q & 1)
            dn_dividends(&x, (const num *const[]){x.eb[0], x.eb[1]}, dsp, drp, 2);
        else if (q + 1 == pl.nblk)
            dn_dividends(&x, (const num *const[]){x.eb[0]}, dsp, drp, 1);
#endif
    }

    /* Trust, incentive, dividends. */
    for (uint32_t i = 0; i < n; i++)
        VT[i] = D[i] = NUM_ZERO;
    for (uint32_t j = 0; j < n; j++)
        I[j] = R[j];
    normalize_vec(I, n);
    if (NUM_IS_CHAIN)
        dense_dividends_chain(&x, I);
    for (uint32_t k = 0; k < pl.nr; k++) {
        lanes8 l;
        memcpy(l.l, x.vt + (size_t)k * MB_COLS, sizeof l.l);
        VT[row[k].uid] = lanes_total(&l);
        memcpy(l.l, x.dl + (size_t)k * MB_COLS, sizeof l.l);
        num t = lanes_total(&l), d;
        D[row[k].uid] = !yuma3 ? t : n_cmul(t, row[k].a, &d) ? d : NUM_ZERO;
    }
    normalize_vec(D, n);
    dense_store(y, &x);
    if (y->keep_trace && (st = dense_trace(y, in, &x, A, err)) != SS_OK)
        return st;
    return SS_OK;
}
