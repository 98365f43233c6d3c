/*
** The stored bonds of the chain variants (the chain's Bonds map, u16 per
** cell) in their two forms, and the public accessors that read or replace
** them.
**
** Entries form: each row is a list of (column, u16) entries in stored order,
** the form every epoch path can read and the one the chain's vectors set.
** Block form: written by the dense epochs (dense_impl.h), when every
** non-empty row lies inside one run of columns [c0, c1): only the u16 values are
** kept, in blocks of eight columns from base = c0 rounded down to a multiple
** of eight, a block's rows side by side (the value of row i in column
** base + 8 q + c is blk[(q * stride + start[i]) * 8 + c]; the last row of
** each block, stride - 1, is zeros, for the rows a dense epoch walks without
** bonds). A dense epoch reads and writes a block of every row at once, so
** this layout streams, and it is a quarter of the entries' size.
**
** A row may lack cells of the run (the EMA dropped them: bonds of 0 and a
** weight that gave nothing, or none): gap[q * stride + start[i]] has bit c set for
** each missing cell of block q, and its value is 0, which is what a
** missing bond reads as in every epoch formula.
**
** Either form converts to the other; the entries' capacity is kept large
** enough for the block form's cells, so going back to entries never
** allocates.
*/
#include <stdlib.h>
#include <string.h>

#include "consensus/yuma_internal.h"

bool ss__bonds_init(ss__bonds *b, uint32_t n_max, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->start = calloc((size_t)n_max + 1, sizeof *b->start);
    b->len = calloc((size_t)n_max + 1, sizeof *b->len);
    b->ent = malloc(cap * sizeof *b->ent);
    b->cap = cap;
    b->ascending = true;
    return b->start && b->len && b->ent;
}

void ss__bonds_fini(ss__bonds *b)
{
    free(b->start);
    free(b->len);
    free(b->ent);
    free(b->blk_mem);
    free(b->gap);
}

/* The value of row i (non-empty) in column j of [c0, c1), block form. */
static inline uint16_t block_value(const ss__bonds *b, uint32_t i, uint32_t j)
{
    uint32_t off = j - b->base;
    return b->blk[((size_t)(off / 8) * b->stride + b->start[i]) * 8 + off % 8];
}

/* Whether non-empty block row i has a cell in column j of [c0, c1). */
static inline bool block_has(const ss__bonds *b, uint32_t i, uint32_t j)
{
    uint32_t off = j - b->base;
    return !b->gaps || !(b->gap[(size_t)(off / 8) * b->stride + b->start[i]] >> (off % 8) & 1);
}

/* Block row i's cells as entries into out (len[i] of them). */
static void block_row_entries(const ss__bonds *b, uint32_t i, ss_weight_entry *out)
{
    uint32_t k = 0;
    for (uint32_t j = b->c0; j < b->c1 && k < b->len[i]; j++)
        if (block_has(b, i, j)) {
            out[k].uid = j;
            out[k++].value = block_value(b, i, j);
        }
}

void ss__bonds_to_entries(ss__bonds *b, uint32_t n_max)
{
    if (!b->block)
        return;
    /* The dense epoch reserved room for every cell (yuma_internal.h). */
    size_t used = 0;
    for (uint32_t i = 0; i < n_max; i++)
        used += b->len[i];
    assert(used <= b->cap);
    used = 0;
    for (uint32_t i = 0; i < n_max; i++) {
        if (b->len[i])
            block_row_entries(b, i, b->ent + used);
        b->start[i] = (uint32_t)used;
        used += b->len[i];
    }
    b->used = used;
    b->block = false;
    b->ascending = true;
}

ss_status ss__bonds_to_blocks(ss_yuma *y, ss__bonds *b, uint32_t c0, uint32_t c1, bool *done,
                              ss_error *err)
{
    *done = false;
    uint32_t len = c1 - c0, rows = 0;
    if (b->block) {
        *done = b->c0 == c0 && b->c1 == c1;
        return SS_OK;
    }
    if (!b->ascending)
        return SS_OK;
    /* Ascending rows fit when their ends are inside [c0, c1). */
    bool gaps = false;
    for (uint32_t i = 0; i < y->n_max; i++) {
        if (b->len[i] == 0)
            continue;
        const ss_weight_entry *e = b->ent + b->start[i];
        if (e[0].uid < c0 || e[b->len[i] - 1].uid >= c1)
            return SS_OK;
        gaps = gaps || b->len[i] != len;
        rows++;
    }
    uint32_t base = c0 & ~7u, nblk = (c1 - base + 7) / 8, stride = rows + 1;
    ss_status st = ss__bonds_blocks_reserve(y, b, (size_t)nblk * stride * 8, err);
    if (st == SS_OK && gaps)
        st = ss__bonds_gaps_reserve(y, b, (size_t)nblk * stride, err);
    if (st != SS_OK)
        return st;
    b->c0 = c0;
    b->c1 = c1;
    b->base = base;
    b->stride = stride;
    b->gaps = gaps;
    memset(b->blk, 0, (size_t)nblk * stride * 8 * sizeof *b->blk);
    if (gaps)
        memset(b->gap, 0xff, (size_t)nblk * stride);
    uint32_t s = 0;
    for (uint32_t i = 0; i < y->n_max; i++) {
        if (b->len[i] == 0)
            continue;
        const ss_weight_entry *e = b->ent + b->start[i];
        b->start[i] = s++;
        for (uint32_t k = 0; k < b->len[i]; k++) {
            uint32_t off = e[k].uid - base;
            size_t at = (size_t)(off / 8) * stride + b->start[i];
            b->blk[at * 8 + off % 8] = e[k].value;
            if (gaps)
                b->gap[at] &= (uint8_t)~(1u << (off % 8));
        }
    }
    b->block = true;
    *done = true;
    return SS_OK;
}

ss_status ss__bonds_gaps_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err)
{
    if (need <= b->gcap && b->gap)
        return SS_OK;
    size_t c = b->gcap ? b->gcap : 64;
    while (c < need)
        c *= 2;
    uint8_t *p = realloc(b->gap, c);
    if (!p)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu bond gaps)", c);
    b->gap = p;
    b->gcap = c;
    y->grow_count++;
    return SS_OK;
}

/*
** Room for need block-form values. The dense walks store a row of new
** bonds while they load the old rows a few rows ahead; if the two arrays
** lay at nearly the same offset within a page, the processor would take
** those loads for reads of the pending stores (their addresses agree in
** the low 12 bits) and make them wait. So each set's blocks start half a
** page from the other set's, whichever is which after the epochs' swaps.
*/
ss_status ss__bonds_blocks_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err)
{
    enum { PAGE = 4096 };
    if (need <= b->bcap && b->blk)
        return SS_OK;
    size_t c = b->bcap ? b->bcap : 64;
    while (c < need)
        c *= 2;
    const ss__bonds *o = b == &y->bonds ? &y->bonds_next : &y->bonds;
    unsigned char *mem = malloc(c * sizeof *b->blk + PAGE);
    if (!mem)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu bond values)", c);
    uintptr_t want = o->blk ? ((uintptr_t)o->blk + PAGE / 2) % PAGE : 0;
    uint16_t *p = (uint16_t *)(mem + (want - (uintptr_t)mem) % PAGE);
    if (b->blk)
        memcpy(p, b->blk, b->bcap * sizeof *p);
    free(b->blk_mem);
    b->blk_mem = mem;
    b->blk = p;
    b->bcap = c;
    y->grow_count++;
    return SS_OK;
}

/* Rewrites the stored bonds with row uid replaced by entries[0..len). */
static ss_status bonds_replace_row(ss_yuma *y, uint32_t uid, const ss_weight_entry *entries,
                                   uint32_t len, ss_error *err)
{
    ss__bonds *b = &y->bonds, *nb = &y->bonds_next;
    ss__bonds_to_entries(b, y->n_max);
    size_t need = b->used - b->len[uid] + len;
    ss_status st = ss__bonds_reserve(y, nb, need, err);
    if (st != SS_OK)
        return st;
    nb->used = 0;
    nb->block = false;
    for (uint32_t i = 0; i < y->n_max; i++) {
        nb->start[i] = (uint32_t)nb->used;
        const ss_weight_entry *src = i == uid ? entries : b->ent + b->start[i];
        uint32_t l = i == uid ? len : b->len[i];
        if (l)
            memcpy(nb->ent + nb->used, src, l * sizeof *src);
        nb->used += l;
        nb->len[i] = l;
    }
    /* Any row may have been the unsorted one: look at them all again. */
    nb->ascending = true;
    for (uint32_t i = 0; i < y->n_max && nb->ascending; i++)
        for (uint32_t k = 1; k < nb->len[i]; k++)
            if (nb->ent[nb->start[i] + k].uid <= nb->ent[nb->start[i] + k - 1].uid) {
                nb->ascending = false;
                break;
            }
    ss__bonds t = *b;
    *b = *nb;
    *nb = t;
    return SS_OK;
}

ss_status ss_yuma_set_bond_row(ss_yuma *y, uint32_t uid, const ss_weight_entry *entries,
                               uint32_t len, ss_error *err)
{
    if (uid >= y->n_max)
        return ss_error_set(err, SS_ERANGE, "consensus: bond row uid %u beyond n_max %u", uid,
                            y->n_max);
    if (y->ref)
        return ss_error_set(err, SS_EINVAL,
                            "consensus: the reference variants keep their own bond state");
    for (uint32_t k = 0; k < len; k++)
        if (entries[k].uid >= y->n_max)
            return ss_error_set(err, SS_ERANGE, "consensus: bond column %u beyond n_max %u",
                                entries[k].uid, y->n_max);
    return bonds_replace_row(y, uid, entries, len, err);
}

ss_weight_row ss_yuma_bond_row(const ss_yuma *y, uint32_t uid)
{
    ss_weight_row r = {NULL, 0};
    if (uid >= y->n_max || y->ref)
        return r;
    const ss__bonds *b = &y->bonds;
    r.len = b->len[uid];
    if (!b->block) {
        r.entries = b->ent + b->start[uid];
        return r;
    }
    /* Block rows are written out into the row buffer (valid until the next
    ** call on y, as the header promises). */
    if (r.len)
        block_row_entries(b, uid, y->bond_row_buf);
    r.entries = y->bond_row_buf;
    return r;
}

void ss_yuma_reset_uid(ss_yuma *y, uint32_t uid)
{
    if (uid >= y->n_max)
        return;
    y->permit[uid] = false;
    if (y->ref) {
        ss__ref_reset_uid(y, uid);
        return;
    }
    /* Clearing a row never needs memory: its entries just stop being read. */
    y->bonds.len[uid] = 0;
}

void ss_yuma_reset_bond_column(ss_yuma *y, uint32_t uid)
{
    if (y->ref) {
        ss__ref_reset_uid(y, uid);
        return;
    }
    ss__bonds *b = &y->bonds;
    ss__bonds_to_entries(b, y->n_max);
    for (uint32_t i = 0; i < y->n_max; i++) {
        ss_weight_entry *e = b->ent + b->start[i];
        uint32_t w = 0;
        for (uint32_t k = 0; k < b->len[i]; k++)
            if (e[k].uid != uid)
                e[w++] = e[k];
        b->len[i] = w;
    }
}

double ss_yuma_bond(const ss_yuma *y, uint32_t i, uint32_t j)
{
    if (i >= y->n_max || j >= y->n_max)
        return 0.0;
    if (y->ref)
        return ss__ref_bond(y, i, j);
    const ss__bonds *b = &y->bonds;
    if (b->block)
        return b->len[i] && j >= b->c0 && j < b->c1 ? block_value(b, i, j) / 65535.0 : 0.0;
    const ss_weight_entry *e = b->ent + b->start[i];
    for (uint32_t k = 0; k < b->len[i]; k++)
        if (e[k].uid == j)
            return e[k].value / 65535.0;
    return 0.0;
}
