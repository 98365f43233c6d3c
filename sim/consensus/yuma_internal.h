/*
** Inside the ss_yuma object (sim/consensus/): the persistent state of one
** subnet mechanism, the workspace an epoch runs in, and the functions the
** files of the module share. Nothing here is public API; the conformance
** replayer and the unit tests use the trace accessors.
*/
#ifndef SS_CONSENSUS_YUMA_INTERNAL_H
#define SS_CONSENSUS_YUMA_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "subnetsim/consensus.h"

/*
** A sparse matrix stored by rows: row i is col/val[start[i] .. start[i]+len[i]),
** in the order it was produced. val holds 8-byte numbers (int64 I32F32 bits
** in chain mode, doubles in float mode). Rows are written in uid order; the
** column and value arrays grow to the largest epoch seen and are reused.
*/
typedef struct ss__csr {
    uint32_t *start, *len; /* [n_max] */
    uint8_t *sorted;       /* [n_max] row has strictly ascending columns */
    uint32_t *col;         /* [cap] */
    void *val;             /* [cap] 8-byte numbers */
    size_t cap, used;
    size_t row_first;      /* start of the row being built */
    uint8_t row_sorted;    /* that row is strictly ascending so far */
} ss__csr;

/*
** Stored bonds (the chain's Bonds storage): u16 rows, uid order, in entries
** form or in block form (bond_store.c). Row i has len[i] cells. Entries:
** ent[start[i] ..]. Block form (block): every non-empty row is the run
** [c0, c1); its value in column base + 8 q + c is
** blk[(q * stride + start[i]) * 8 + c], base = c0 rounded down to a multiple
** of eight; row stride - 1 of every block is zeros. With gaps, a row lacks
** the cells whose bit is set in gap[q * stride + start[i]] (value 0 there).
** cap is kept at least the cells of the block form, so converting back to
** entries needs no memory.
*/
typedef struct ss__bonds {
    uint32_t *start, *len; /* [n_max] */
    ss_weight_entry *ent;
    size_t cap, used;
    bool ascending;        /* entries form: every row has strictly ascending columns */
    bool block;            /* block form */
    uint32_t c0, c1, base, stride;
    uint16_t *blk;         /* inside blk_mem, placed by ss__bonds_blocks_reserve */
    void *blk_mem;
    size_t bcap;
    bool gaps;             /* block form: some row lacks cells */
    uint8_t *gap;
    size_t gcap;
} ss__bonds;

typedef struct ss__ref ss__ref; /* reference-variant state, reference.c */

/*
** Rows of 8 numbers in each half of the dense walks' double buffers (mb_val,
** mb_key, dn_eb: block q in one half, q + 1 in the other): n_max + 2, and
** then as many as put the second half 2 KiB (mod 4 KiB) past the first.
** The walk reads a row of one half just after it wrote the rows before it
** in the other; when the halves sit a few rows apart modulo 4 KiB, the
** processor takes those reads for reads of the stores (the addresses'
** low 12 bits match) and holds them back.
*/
static inline size_t ss__dn_half_rows(uint32_t n_max)
{
    size_t r = (size_t)n_max + 2;
    return r + (96 - r % 64) % 64;
}

struct ss_yuma {
    ss_yuma_params p;
    uint32_t n_max;
    unsigned long grow_count; /* workspace reallocations, for the no-allocation test */
    unsigned long fused_count; /* epochs that took the fused passes, for tests */

    /* Persistent state. */
    bool *permit;              /* [n_max] permits in force */
    ss__bonds bonds, bonds_next; /* chain variants: current and next epoch's bonds */
    ss_weight_entry *bond_row_buf; /* [n_max] ss_yuma_bond_row of a block-form row */
    ss__ref *ref;              /* reference variants only */

    /* Workspace: 8-byte number arrays of n_max. */
    void *S, *A, *C, *VT, *R, *I, *D, *U, *nS, *nV, *nC;
    void *dense1, *dense2, *dense3, *colacc;
    void *stake_wide;        /* [n_max] 16-byte stakes, chain mode */
    uint32_t *iscratch;      /* [n_max] */
    uint32_t *row_cur;       /* [n_max] per-row cursor (median column blocks) */
    int64_t *umq;            /* [n_max] median stake masses (n_mass) */
    const void **rowp;       /* [n_max] dense median: row pointers */
    /* Block medians (median_block_impl.h), n_max + 1 rows of eight columns;
    ** dense epochs use two halves of n_max + 2 rows. */
    void *mb_val;            /* [2 * ss__dn_half_rows(n_max) * 8] scores */
    void *mb_key;            /* [2 * ss__dn_half_rows(n_max) * 8] 4-byte keys */
    int64_t *mb_mass;        /* [n_max + 1] */
    int32_t *mb_smass;       /* [n_max + 1] the masses scaled (mb_scale_masses) */
    uint8_t *mb_code;        /* [n_max + 1 + 32] */
    void *mb_cv, *mb_tv;     /* [n_max + 17] candidates, scratch */
    int64_t *mb_cu, *mb_tu;  /* [n_max + 17] their masses */
    uint32_t *col_start;     /* [n_max + 1] median columns */
    void *cval, *cmass;      /* [cap of W] median column entries */
    size_t ccap, cmcap;
    void *cwv;               /* [cap of W] clipped weight aligned to W (0 = dropped) */
    size_t cwcap;
    void *nval;              /* [cap of EMA] column-normalized EMA (Yuma 3) */
    size_t ncap;
    void *hasv;              /* [cap of W] bytes: WB has the cell (fused path) */
    size_t hascap;
    void *col_b, *col_d, *col_m; /* [n_max] column sums and maxima (fused path) */
    double *inv_a, *inv_b;   /* [n_max] prepared column divisors (n_div_prep) */
    bool no_fused;           /* tests: always take the general path */
    bool no_dense;           /* tests: never take the dense-block medians or epochs */
    unsigned long dense_count; /* epochs whose medians took the dense block, for tests */
    unsigned long dense_epochs; /* epochs that took the dense path (dense_impl.h) */
    bool keep_trace;         /* dense epochs also fill the trace's W and ΔB */
    /* Dense epochs (dense_impl.h): per walked row [n_max] */
    void *dn_rows;           /* [n_max] walked rows (dn_row, 32 bytes) */
    uint64_t *dn_wsum;       /* [n_max + 1] per weight row: its sum */
    double *dn_winv;         /* [n_max + 1] 1 / sum */
    double *dn_wc;           /* [(n_max + 2) * 4] chain mode: vweights_fx's constants */
    void *dn_vt, *dn_dl, *dn_db; /* [(n_max + 1) * 8] numbers */
    void *dn_eb;             /* [2 * ss__dn_half_rows(n_max) * 8] numbers: two blocks' EMA */
    uint16_t *dn_w16;        /* weights, blocks of all rows; grown */
    uint8_t *dn_drop;        /* [rows][blocks] EMA cells <= 0; grown */
    uint8_t *dn_dropped;     /* [n_max] the row has such cells */
    void *dn_ev;             /* chain mode: the EMA blocks for the dividends; grown */
    size_t dn_w16cap, dn_dropcap, dn_evcap; /* in 8-byte units */
    int simd;                /* the build of the epoch to run: SS_SIMD_* */
    ss__csr W, CW, WBm, B, dB, EMA;
    const ss__csr *WB;       /* W, CW or WBm */
    bool *active, *old_permit, *new_permit;

    /* Results handed out by ss_yuma_epoch. */
    double *o_stake, *o_active_stake, *o_consensus, *o_incentive, *o_dividends, *o_vt;
    uint64_t *o_server, *o_validator, *o_emission;
    ss_yuma_output out;
    uint32_t last_n;
    bool have_trace;         /* the chain-variant trace below is valid */
};

/* Growth helpers; they count reallocations in y->grow_count. */
ss_status ss__csr_reserve(ss_yuma *y, ss__csr *m, size_t need, ss_error *err);
ss_status ss__bonds_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err);
ss_status ss__bonds_blocks_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err);
ss_status ss__bonds_gaps_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err);

/* Bond storage forms (bond_store.c). */
bool ss__bonds_init(ss__bonds *b, uint32_t n_max, size_t cap);
void ss__bonds_fini(ss__bonds *b);
/* Block form to entries form (no-op in entries form); never allocates. */
void ss__bonds_to_entries(ss__bonds *b, uint32_t n_max);
/* Entries form to block form over [c0, c1) when every non-empty row has
** ascending columns inside it; *done says whether b is now in block form
** over [c0, c1). */
ss_status ss__bonds_to_blocks(ss_yuma *y, ss__bonds *b, uint32_t c0, uint32_t c1, bool *done,
                              ss_error *err);
ss_status ss__yuma_reserve(ss_yuma *y, void **arr, size_t *cap, size_t need, ss_error *err);

/* The chain's epoch in each numeric mode (epoch_chain.c, epoch_float.c),
** their AVX2 builds and float mode's AVX-512 build (x86-64 only), all of
** which give the same bits. Chain mode has no AVX-512 build: built so, it
** measured no faster (64x256 yuma3: 75.3 against 74.7 us). */
ss_status ss__yuma_epoch_chain(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
ss_status ss__yuma_epoch_float(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
#if defined(__x86_64__) && defined(__GNUC__)
#define SS_HAVE_AVX2_BUILD 1
ss_status ss__yuma_epoch_chain_avx2(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
ss_status ss__yuma_epoch_float_avx2(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
ss_status ss__yuma_epoch_float_avx512(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
/* The AVX-512 build's u16 proportions v / 65535 of n values (n a multiple
** of 8), for the tests; only where the processor has AVX-512. */
void ss__dense_prop_u16_avx512(const uint16_t *v, uint32_t n, double *out);
#endif

/* The builds of the epoch, slowest first. */
enum { SS_SIMD_PORTABLE, SS_SIMD_AVX2, SS_SIMD_AVX512 };

/*
** The best build of the epoch this processor runs (SS_SIMD_*; chain mode
** runs its AVX2 build where this says SS_SIMD_AVX512), or a lower
** one if the environment variable SUBNETSIM_SIMD says "portable" or "avx2"
** when the ss_yuma is created (for comparing them). Tests set ss_yuma.simd
** directly, to a build ss__yuma_simd_best allows. Results are the same
** whichever runs.
*/
int ss__yuma_simd_default(void);
int ss__yuma_simd_best(void);

/* Entry points of epoch_impl.h for tests: one median column (closed form;
** u, ssum and minority are masses (n_mass); v/u are reordered, tv/tu are
** scratch of m entries) and liquid alpha's
** sigmoid, in each mode. */
int64_t ss__median_column_chain(int64_t *v, int64_t *u, uint32_t m, uint32_t n_u, int64_t ssum,
                                int64_t minority, int64_t *tv, int64_t *tu);
double ss__median_column_float(double *v, int64_t *u, uint32_t m, uint32_t n_u, int64_t ssum,
                               int64_t minority, double *tv, int64_t *tu);
int64_t ss__alpha_sigmoid_chain(int64_t c, int64_t w, int64_t b, int64_t lo, int64_t hi,
                                int16_t steepness);
double ss__alpha_sigmoid_float(double c, double w, double b, double lo, double hi,
                               int16_t steepness);

/*
** The dense epochs' chain-mode vector arithmetic (dense_impl.h) over arrays
** of n values, n a multiple of 4, for the tests: the row-normalised weights
** floor(v 2^32 / sum); floor(a 2^32 / c) for 0 <= a <= 2^32, a <= c < 2^48;
** ss_fx_mul on [0, 2^32].
*/
void ss__dense_weights_chain(const uint16_t *v, uint32_t n, uint64_t sum, int64_t *out);
void ss__dense_div_chain(const int64_t *a, const int64_t *c, uint32_t n, int64_t *out);
void ss__dense_mul_chain(const int64_t *a, const int64_t *b, uint32_t n, int64_t *out);

/*
** The chain's own weighted_median (spec §4.6): the mid-pivot selection over
** score[idx[0..n)] with stakes, exactly as the chain runs it (I32F32).
** scratch holds 2n uint32.
*/
int64_t ss__fx_weighted_median(const int64_t *stake, const int64_t *score, const uint32_t *idx,
                               uint32_t n, int64_t minority, int64_t lo, int64_t hi,
                               uint32_t *scratch);

/* vec_max_upscale_to_u16 on I32F32 inputs (weights.c). */
void ss__fx_vec_max_upscale_to_u16(const int64_t *in, uint32_t len, uint16_t *out);

/* The reference tool's variants behind ss_yuma_epoch (reference.c). */
ss_status ss__ref_create(ss_yuma *y, ss_error *err);
void ss__ref_destroy(ss__ref *r);
ss_status ss__ref_epoch(ss_yuma *y, const ss_yuma_input *in, ss_error *err);
void ss__ref_reset_uid(ss_yuma *y, uint32_t uid);
double ss__ref_bond(const ss_yuma *y, uint32_t i, uint32_t j);

/*
** Intermediates of the last chain-variant epoch, for the conformance
** replayer (log:… assertions of spec §10): values as doubles.
** Returns false when the last epoch was not a chain-variant epoch.
*/
typedef struct ss__yuma_trace {
    uint32_t n;
    const ss__csr *weights;     /* normalized, masked W */
    const ss__csr *bonds_delta; /* normalized ΔB (original model) */
    bool bonds_delta_valid;
    const void *nV, *nC;        /* normalized validator and combined emission */
} ss__yuma_trace;
bool ss__yuma_trace_get(const ss_yuma *y, ss__yuma_trace *t);
/* Value k of a trace matrix or vector as a double. */
double ss__yuma_num(const ss_yuma *y, const void *arr, size_t k);

#endif
