/*
** The ss_yuma object: parameters and their names, creation of the state and
** of the workspace (sized once for n_max UIDs, grown only when an epoch needs
** more non-zeros than any before), dispatch of ss_yuma_epoch to the chain's
** epoch in either numeric mode or to the reference variants, and the state
** accessors (permits, bonds, resets).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"

void ss_yuma_params_default(ss_yuma_params *p)
{
    memset(p, 0, sizeof *p);
    p->variant = SS_YUMA_YUMA3;          /* init_new_network sets Yuma3On */
    p->mode = SS_YUMA_CHAIN;
    p->kappa = 32767;
    p->bonds_penalty = 65535;
    p->bonds_moving_average = 900000;
    p->liquid_alpha = false;
    p->alpha_low = 45875;
    p->alpha_high = 58982;
    p->alpha_sigmoid_steepness = 1000;
    p->max_allowed_validators = 64;
    p->stake_threshold_rao = 0;
    p->tao_weight = 971718665099567868ULL; /* runtime default, about 0.0527 */
    p->tempo = 360;
    p->activity_cutoff_factor_milli = 13889;
    p->commit_reveal = true;
    p->bonds_reset = false;
    p->liquid_consensus = SS_LIQUID_CURRENT;
    p->winner_takes_all = false;
    p->decay_rate = 0.1;
    p->capacity_alpha = 0.1;
    p->ref_bond_moving_avg = 0.1;
    p->ref_alpha_low = 0.1;
    p->ref_alpha_high = 0.3;
    p->ref_alpha_steepness = 10.0;
    p->ref_kappa = 0.5;
    p->ref_bond_penalty = 1.0;
    p->keep_bonds_without_permit = false;
}

bool ss_yuma_variant_is_reference(ss_yuma_variant v)
{
    return v >= SS_YUMA_REF_YUMA1 && v <= SS_YUMA_REF_YUMA3_LIQUID;
}

void ss_yuma_params_for_variant(ss_yuma_params *p, ss_yuma_variant v)
{
    p->variant = v;
    switch (v) {
    case SS_YUMA_REF_YUMA1:
    case SS_YUMA_REF_YUMA2:
    case SS_YUMA_REF_YUMA2B:
    case SS_YUMA_REF_YUMA2C:
        p->ref_bond_moving_avg = 0.1;
        break;
    case SS_YUMA_REF_YUMA3:
    case SS_YUMA_REF_YUMA3_LIQUID:
        p->ref_bond_moving_avg = 0.975;
        p->ref_alpha_low = 0.1;
        p->ref_alpha_high = 0.3;
        p->ref_alpha_steepness = 10.0;
        p->liquid_alpha = v == SS_YUMA_REF_YUMA3_LIQUID;
        break;
    default:
        break;
    }
}

static const struct {
    const char *name;
    ss_yuma_variant v;
} variant_names[] = {
    {"original", SS_YUMA_ORIGINAL},    {"yuma3", SS_YUMA_YUMA3},
    {"yuma1", SS_YUMA_REF_YUMA1},      {"yuma2", SS_YUMA_REF_YUMA2},
    {"yuma2b", SS_YUMA_REF_YUMA2B},    {"yuma2c", SS_YUMA_REF_YUMA2C},
    {"ref-yuma3", SS_YUMA_REF_YUMA3},  {"ref-yuma3-liquid", SS_YUMA_REF_YUMA3_LIQUID},
};

bool ss_yuma_variant_parse(const char *name, ss_yuma_variant *out)
{
    for (size_t i = 0; i < sizeof variant_names / sizeof variant_names[0]; i++)
        if (strcmp(name, variant_names[i].name) == 0) {
            *out = variant_names[i].v;
            return true;
        }
    return false;
}

const char *ss_yuma_variant_name(ss_yuma_variant v)
{
    for (size_t i = 0; i < sizeof variant_names / sizeof variant_names[0]; i++)
        if (variant_names[i].v == v)
            return variant_names[i].name;
    return "unknown";
}

bool ss_yuma_mode_parse(const char *name, ss_yuma_mode *out)
{
    if (strcmp(name, "float") == 0) {
        *out = SS_YUMA_FLOAT;
        return true;
    }
    if (strcmp(name, "chain") == 0) {
        *out = SS_YUMA_CHAIN;
        return true;
    }
    return false;
}

const char *ss_yuma_mode_name(ss_yuma_mode m)
{
    return m == SS_YUMA_CHAIN ? "chain" : m == SS_YUMA_FLOAT ? "float" : "unknown";
}

/* ---- growable workspace ---- */

static void *grow(void *p, size_t n, size_t size)
{
    return realloc(p, (n ? n : 1) * size);
}

static size_t next_cap(size_t cap, size_t need)
{
    size_t c = cap ? cap : 64;
    while (c < need)
        c *= 2;
    return c;
}

ss_status ss__yuma_reserve(ss_yuma *y, void **arr, size_t *cap, size_t need, ss_error *err)
{
    if (need <= *cap && *arr)
        return SS_OK;
    size_t c = next_cap(*cap, need);
    void *p = grow(*arr, c, 8);
    if (!p)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu entries)", c);
    *arr = p;
    *cap = c;
    y->grow_count++;
    return SS_OK;
}

ss_status ss__csr_reserve(ss_yuma *y, ss__csr *m, size_t need, ss_error *err)
{
    if (need <= m->cap && m->col)
        return SS_OK;
    size_t c = next_cap(m->cap, need);
    uint32_t *col = grow(m->col, c, sizeof *col);
    if (!col)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu entries)", c);
    m->col = col;
    void *val = grow(m->val, c, 8);
    if (!val)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu entries)", c);
    m->val = val;
    m->cap = c;
    y->grow_count++;
    return SS_OK;
}

ss_status ss__bonds_reserve(ss_yuma *y, ss__bonds *b, size_t need, ss_error *err)
{
    if (need <= b->cap && b->ent)
        return SS_OK;
    size_t c = next_cap(b->cap, need);
    ss_weight_entry *e = grow(b->ent, c, sizeof *e);
    if (!e)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory (%zu bonds)", c);
    b->ent = e;
    b->cap = c;
    y->grow_count++;
    return SS_OK;
}

static bool csr_init(ss__csr *m, uint32_t n_max, size_t cap)
{
    m->start = calloc(n_max + 1, sizeof *m->start);
    m->len = calloc(n_max + 1, sizeof *m->len);
    m->sorted = calloc(n_max + 1, 1);
    m->col = malloc(cap * sizeof *m->col);
    m->val = malloc(cap * 8);
    m->cap = cap;
    return m->start && m->len && m->sorted && m->col && m->val;
}

static void csr_fini(ss__csr *m)
{
    free(m->start);
    free(m->len);
    free(m->sorted);
    free(m->col);
    free(m->val);
}

static ss_status check_params(const ss_yuma_params *p, uint32_t n_max, ss_error *err)
{
    if (p->variant < SS_YUMA_ORIGINAL || p->variant > SS_YUMA_REF_YUMA3_LIQUID)
        return ss_error_set(err, SS_EINVAL, "consensus: unknown variant %d", (int)p->variant);
    if (p->mode != SS_YUMA_FLOAT && p->mode != SS_YUMA_CHAIN)
        return ss_error_set(err, SS_EINVAL, "consensus: unknown numeric mode %d", (int)p->mode);
    if (ss_yuma_variant_is_reference(p->variant) && p->mode == SS_YUMA_CHAIN)
        return ss_error_set(err, SS_EINVAL,
                            "consensus: variant '%s' is the reference tool's and runs in float "
                            "mode only; use mode 'float' or a chain variant ('original', 'yuma3')",
                            ss_yuma_variant_name(p->variant));
    if (n_max == 0 || n_max > 32768)
        return ss_error_set(err, SS_ERANGE,
                            "consensus: n_max %u out of range (1..32768 UIDs)", n_max);
    /* The chain's setter bounds for AlphaValues (do_set_alpha_values). */
    if (p->liquid_alpha && !ss_yuma_variant_is_reference(p->variant) &&
        (p->alpha_low < 1638 || p->alpha_high < 1638 || p->alpha_low > p->alpha_high))
        return ss_error_set(err, SS_EINVAL,
                            "consensus: alpha values (%u, %u) out of the chain's bounds "
                            "(1638 <= alpha_low <= alpha_high)", p->alpha_low, p->alpha_high);
    return SS_OK;
}

int ss__yuma_simd_best(void)
{
#ifdef SS_HAVE_AVX2_BUILD
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
        return SS_SIMD_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return SS_SIMD_AVX2;
#endif
    return SS_SIMD_PORTABLE;
}

int ss__yuma_simd_default(void)
{
    int best = ss__yuma_simd_best();
    const char *simd = getenv("SUBNETSIM_SIMD");
    if (simd && strcmp(simd, "portable") == 0)
        return SS_SIMD_PORTABLE;
    if (simd && strcmp(simd, "avx2") == 0 && best > SS_SIMD_AVX2)
        return SS_SIMD_AVX2;
    return best;
}

ss_status ss_yuma_create(const ss_yuma_params *p, uint32_t n_max, ss_yuma **out,
                         ss_error *err)
{
    *out = NULL;
    ss_status st = check_params(p, n_max, err);
    if (st != SS_OK)
        return st;
    ss_yuma *y = calloc(1, sizeof *y);
    if (!y)
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory");
    y->p = *p;
    y->n_max = n_max;
    y->simd = ss__yuma_simd_default();
    size_t nm = (size_t)n_max + 1;
    /* Enough non-zeros for a full row per permitted validator up to 64 rows;
    ** larger epochs grow the arrays once and keep them. */
    uint32_t rows = p->max_allowed_validators + 1u;
    if (rows > n_max)
        rows = n_max;
    if (rows > 64)
        rows = 64;
    size_t cap = (size_t)rows * n_max;
    bool ok = true;
    void **arrs[] = {&y->S, &y->A, &y->C, &y->VT, &y->R, &y->I, &y->D, &y->U,
                     &y->nS, &y->nV, &y->nC, &y->dense1, &y->dense2, &y->dense3, &y->colacc,
                     &y->col_b, &y->col_d, &y->col_m, (void **)&y->inv_a, (void **)&y->inv_b};
    for (size_t k = 0; k < sizeof arrs / sizeof arrs[0]; k++) {
        *arrs[k] = calloc(nm, 8);
        ok = ok && *arrs[k];
    }
    y->stake_wide = calloc(nm, 16);
    y->iscratch = calloc(nm, sizeof *y->iscratch);
    y->row_cur = calloc(nm, sizeof *y->row_cur);
    y->umq = calloc(nm, sizeof *y->umq);
    y->rowp = calloc(nm, sizeof *y->rowp);
    y->mb_val = calloc(ss__dn_half_rows(n_max) * 2 * 8, 8);
    y->mb_key = calloc(ss__dn_half_rows(n_max) * 2 * 8, 4);
    y->mb_mass = calloc(nm, sizeof *y->mb_mass);
    y->mb_smass = calloc(nm, sizeof *y->mb_smass);
    y->mb_code = calloc(nm + 32, 1);
    y->mb_cv = calloc(nm + 16, 8);
    y->mb_tv = calloc(nm + 16, 8);
    y->mb_cu = calloc(nm + 16, sizeof *y->mb_cu);
    y->mb_tu = calloc(nm + 16, sizeof *y->mb_tu);
    y->col_start = calloc(nm + 1, sizeof *y->col_start);
    y->permit = calloc(nm, sizeof *y->permit);
    y->active = calloc(nm, sizeof *y->active);
    y->old_permit = calloc(nm, sizeof *y->old_permit);
    y->new_permit = calloc(nm, sizeof *y->new_permit);
    double **darrs[] = {&y->o_stake, &y->o_active_stake, &y->o_consensus, &y->o_incentive,
                        &y->o_dividends, &y->o_vt};
    for (size_t k = 0; k < sizeof darrs / sizeof darrs[0]; k++) {
        *darrs[k] = calloc(nm, sizeof(double));
        ok = ok && *darrs[k];
    }
    y->o_server = calloc(nm, sizeof(uint64_t));
    y->o_validator = calloc(nm, sizeof(uint64_t));
    y->o_emission = calloc(nm, sizeof(uint64_t));
    ok = ok && y->stake_wide && y->iscratch && y->row_cur && y->umq && y->rowp && y->mb_val &&
         y->mb_key && y->mb_mass && y->mb_smass && y->mb_code && y->mb_cv && y->mb_tv &&
         y->mb_cu && y->mb_tu && y->col_start && y->permit && y->active && y->old_permit &&
         y->new_permit && y->o_server && y->o_validator && y->o_emission;
    ss__csr *ms[] = {&y->W, &y->CW, &y->WBm, &y->B, &y->dB, &y->EMA};
    for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++)
        ok = csr_init(ms[k], n_max, cap) && ok;
    ok = ss__bonds_init(&y->bonds, n_max, cap) && ok;
    ok = ss__bonds_init(&y->bonds_next, n_max, cap) && ok;
    y->bond_row_buf = calloc(nm, sizeof *y->bond_row_buf);
    ok = ok && y->bond_row_buf;
    y->dn_rows = calloc(nm, 32);
    ok = ok && y->dn_rows;
    y->dn_wsum = calloc(nm, sizeof *y->dn_wsum);
    y->dn_wc = calloc((nm + 1) * 4, sizeof *y->dn_wc);
    y->dn_dropped = calloc(nm, 1);
    y->dn_winv = calloc(nm, sizeof *y->dn_winv);
    void **rows8[] = {&y->dn_vt, &y->dn_dl, &y->dn_db};
    for (size_t k = 0; k < sizeof rows8 / sizeof rows8[0]; k++) {
        *rows8[k] = calloc(nm * 8, 8);
        ok = ok && *rows8[k];
    }
    y->dn_eb = calloc(ss__dn_half_rows(n_max) * 2 * 8, 8);
    ok = ok && y->dn_eb;
    ok = ok && y->dn_wsum && y->dn_winv && y->dn_dropped && y->dn_wc;
    if (ok) {
        y->cval = malloc(cap * 8);
        y->cmass = malloc(cap * 8);
        y->cwv = malloc(cap * 8);
        y->nval = malloc(cap * 8);
        y->hasv = malloc(cap);
        y->ccap = y->cmcap = y->cwcap = y->ncap = cap;
        y->hascap = cap / 8;
        ok = y->cval && y->cmass && y->cwv && y->nval && y->hasv;
    }
    if (!ok) {
        ss_yuma_destroy(y);
        return ss_error_set(err, SS_ENOMEM, "consensus: out of memory for %u UIDs", n_max);
    }
    if (ss_yuma_variant_is_reference(p->variant)) {
        st = ss__ref_create(y, err);
        if (st != SS_OK) {
            ss_yuma_destroy(y);
            return st;
        }
    }
    y->out.stake = y->o_stake;
    y->out.active_stake = y->o_active_stake;
    y->out.consensus = y->o_consensus;
    y->out.incentive = y->o_incentive;
    y->out.dividends = y->o_dividends;
    y->out.validator_trust = y->o_vt;
    y->out.server_emission_rao = y->o_server;
    y->out.validator_emission_rao = y->o_validator;
    y->out.emission_rao = y->o_emission;
    y->out.active = y->active;
    y->out.validator_permit = y->new_permit;
    *out = y;
    return SS_OK;
}

void ss_yuma_destroy(ss_yuma *y)
{
    if (!y)
        return;
    void *arrs[] = {y->S, y->A, y->C, y->VT, y->R, y->I, y->D, y->U, y->nS, y->nV, y->nC,
                    y->dense1, y->dense2, y->dense3, y->colacc, y->stake_wide, y->iscratch,
                    y->row_cur, y->umq, (void *)y->rowp, y->mb_val, y->mb_key, y->mb_mass,
                    y->mb_smass, y->mb_code, y->mb_cv, y->mb_tv, y->mb_cu, y->mb_tu,
                    y->col_start, y->permit, y->active, y->old_permit, y->new_permit,
                    y->o_stake, y->o_active_stake, y->o_consensus, y->o_incentive,
                    y->o_dividends, y->o_vt, y->o_server, y->o_validator, y->o_emission,
                    y->cval, y->cmass, y->cwv, y->nval, y->hasv, y->col_b, y->col_d, y->col_m,
                    y->inv_a, y->inv_b};
    for (size_t k = 0; k < sizeof arrs / sizeof arrs[0]; k++)
        free(arrs[k]);
    ss__csr *ms[] = {&y->W, &y->CW, &y->WBm, &y->B, &y->dB, &y->EMA};
    for (size_t k = 0; k < sizeof ms / sizeof ms[0]; k++)
        csr_fini(ms[k]);
    ss__bonds_fini(&y->bonds);
    ss__bonds_fini(&y->bonds_next);
    free(y->bond_row_buf);
    void *dn[] = {y->dn_rows, y->dn_wsum, y->dn_winv, y->dn_vt, y->dn_dl, y->dn_eb,
                  y->dn_db, y->dn_w16, y->dn_drop, y->dn_ev, y->dn_dropped, y->dn_wc};
    for (size_t k = 0; k < sizeof dn / sizeof dn[0]; k++)
        free(dn[k]);
    ss__ref_destroy(y->ref);
    free(y);
}

const ss_yuma_params *ss_yuma_params_of(const ss_yuma *y)
{
    return &y->p;
}

static ss_status check_input(const ss_yuma *y, const ss_yuma_input *in, ss_error *err)
{
    if (in->n > y->n_max)
        return ss_error_set(err, SS_ERANGE, "consensus: n = %u UIDs exceeds n_max = %u", in->n,
                            y->n_max);
    if (in->n > 0 && (!in->alpha_stake_rao || !in->last_update || !in->registered_block ||
                      !in->weights))
        return ss_error_set(err, SS_EINVAL,
                            "consensus: input needs alpha_stake_rao, last_update, "
                            "registered_block and weights for %u UIDs", in->n);
    if (in->owner_uid >= (int32_t)in->n && in->owner_uid >= 0 && in->n > 0)
        return ss_error_set(err, SS_EINVAL, "consensus: owner_uid %d is not below n = %u",
                            in->owner_uid, in->n);
    return SS_OK;
}

ss_status ss_yuma_epoch(ss_yuma *y, const ss_yuma_input *in, const ss_yuma_output **out,
                        ss_error *err)
{
    ss_status st = check_input(y, in, err);
    if (st != SS_OK)
        return st;
    y->have_trace = false;
    if (y->ref)
        st = ss__ref_epoch(y, in, err);
#ifdef SS_HAVE_AVX2_BUILD
    else if (y->simd == SS_SIMD_AVX512 && y->p.mode == SS_YUMA_FLOAT)
        st = ss__yuma_epoch_float_avx512(y, in, err);
    else if (y->simd >= SS_SIMD_AVX2)
        st = y->p.mode == SS_YUMA_CHAIN ? ss__yuma_epoch_chain_avx2(y, in, err)
                                        : ss__yuma_epoch_float_avx2(y, in, err);
#endif
    else if (y->p.mode == SS_YUMA_CHAIN)
        st = ss__yuma_epoch_chain(y, in, err);
    else
        st = ss__yuma_epoch_float(y, in, err);
    if (st != SS_OK)
        return st;
    y->last_n = in->n;
    y->out.n = in->n;
    if (out)
        *out = &y->out;
    return SS_OK;
}

const bool *ss_yuma_permits(const ss_yuma *y)
{
    return y->permit;
}

void ss_yuma_set_permits(ss_yuma *y, const bool *permit, uint32_t n)
{
    for (uint32_t i = 0; i < y->n_max; i++)
        y->permit[i] = i < n && permit[i];
}

bool ss__yuma_trace_get(const ss_yuma *y, ss__yuma_trace *t)
{
    if (!y->have_trace)
        return false;
    t->n = y->last_n;
    t->weights = &y->W;
    t->bonds_delta = &y->dB;
    t->bonds_delta_valid = y->p.variant == SS_YUMA_ORIGINAL;
    t->nV = y->nV;
    t->nC = y->nC;
    return true;
}

double ss__yuma_num(const ss_yuma *y, const void *arr, size_t k)
{
    if (y->p.mode == SS_YUMA_CHAIN)
        return ss_fx_to_double(((const int64_t *)arr)[k]);
    return ((const double *)arr)[k];
}

uint16_t ss_yuma_to_u16(const ss_yuma *y, double x)
{
    if (y->p.mode == SS_YUMA_CHAIN && !y->ref) {
        /* Outputs hold exact I32F32 values: recover the bits. */
        return ss_fx_prop_to_u16(ss_fx_from_f64(x));
    }
    double f = floor(x * 65535.0);
    return (uint16_t)(f > 0.0 ? (f < 65535.0 ? f : 65535.0) : 0.0);
}
