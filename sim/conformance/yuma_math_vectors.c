/*
** Replay of the chain's math vectors (math__all.json, spec/yuma.md §10.2):
** the fixed-point primitives, the weighted median, exp and sigmoid, the
** normalisations, max-upscale, top-k, interpolation, the EMA kernels, the
** conversions, the weight-limit check and the mechanism split. Each group of
** the file is recognised by its "function" text and each case becomes one
** check. Inputs written as decimals are converted as the Rust test does:
** from an f32 literal unless the case says from_num(f64).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/conformance.h"
#include "conformance/json_util.h"
#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"
#include "subnetsim/consensus.h"

ss_status ss__conf_replay_yuma_math(const cJSON *doc, ss_conf_file *f, ss_error *err);

#define MAXM 4096 /* largest vector or matrix in a math case */

typedef struct mat {
    uint32_t r, c;
    int64_t v[MAXM];
} mat;

/* A decimal (or "MIN"/"MAX" style string) as I32F32. */
static int64_t fx_of(const cJSON *x, bool f64)
{
    if (cJSON_IsString(x)) {
        const char *s = x->valuestring;
        if (strstr(s, "MIN"))
            return SS_FX_MIN;
        if (strstr(s, "MAX"))
            return SS_FX_MAX;
        double d = strtod(s, NULL);
        return f64 ? ss_fx_from_f64(d) : ss_fx_from_f32(d);
    }
    double d = x ? x->valuedouble : 0.0;
    return f64 ? ss_fx_from_f64(d) : ss_fx_from_f32(d);
}

static bool read_vec(const cJSON *a, int64_t *out, uint32_t *n, bool f64, bool bits)
{
    *n = 0;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > MAXM)
        return false;
    const cJSON *x;
    cJSON_ArrayForEach(x, a) out[(*n)++] = bits ? jnum_i64(x) : fx_of(x, f64);
    return true;
}

static bool read_mat(const cJSON *a, mat *m, bool f64)
{
    m->r = m->c = 0;
    if (!cJSON_IsArray(a))
        return false;
    const cJSON *row;
    cJSON_ArrayForEach(row, a) {
        uint32_t c = (uint32_t)cJSON_GetArraySize(row);
        if (m->r == 0)
            m->c = c;
        if (c != m->c || (m->r + 1) * (size_t)c > MAXM)
            return false;
        uint32_t n;
        if (!read_vec(row, m->v + (size_t)m->r * c, &n, f64, false))
            return false;
        m->r++;
    }
    return true;
}

static cJSON *fx_vec_json(const int64_t *v, uint32_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t k = 0; k < n; k++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(ss_fx_to_double(v[k])));
    return a;
}

static cJSON *fx_mat_json(const mat *m)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; i < m->r; i++)
        cJSON_AddItemToArray(a, fx_vec_json(m->v + (size_t)i * m->c, m->c));
    return a;
}

static cJSON *bits_json(const int64_t *v, uint32_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t k = 0; k < n; k++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[k]));
    return a;
}

/* Adds a check comparing got (taken) with a copy of expected. */
static void add(ss_conf_file *f, const char *where, const char *q, const cJSON *expected,
                cJSON *got, double tol)
{
    bool pass = jclose(got, expected, tol < 0 ? 0.0 : tol);
    ss_conf_add(f, where, q, cJSON_Duplicate(expected, 1), got, tol, pass);
}

/* A copy of expected with every number converted as the test converts its
** literals: f32, then I32F32 (then shown as the exact double). */
static cJSON *as_test_literals(const cJSON *e)
{
    if (cJSON_IsArray(e)) {
        cJSON *a = cJSON_CreateArray();
        const cJSON *x;
        cJSON_ArrayForEach(x, e) cJSON_AddItemToArray(a, as_test_literals(x));
        return a;
    }
    if (cJSON_IsNumber(e))
        return cJSON_CreateNumber(ss_fx_to_double(ss_fx_from_f32(e->valuedouble)));
    return cJSON_Duplicate(e, 1);
}

/* add() against the expected values converted as the test's literals. */
static void add_lit(ss_conf_file *f, const char *where, const char *q, const cJSON *expected,
                    cJSON *got, double tol)
{
    cJSON *e = as_test_literals(expected);
    add(f, where, q, e, got, tol);
    cJSON_Delete(e);
}

/* I32F32 normalize in place (plain sum; unchanged if 0). */
static void fx_normalize(int64_t *v, uint32_t n)
{
    int64_t s = 0;
    for (uint32_t k = 0; k < n; k++)
        s += v[k];
    if (s != 0)
        for (uint32_t k = 0; k < n; k++)
            v[k] = ss_fx_sdiv(v[k], s);
}

/* I64F64 division trunc(a * 2^64 / b), as a double (normalize_64). */
static double fx64_div(ss_i128 a, ss_i128 b)
{
    bool neg = (a < 0) != (b < 0);
    ss_u128 ua = a < 0 ? (ss_u128)(-a) : (ss_u128)a, ub = b < 0 ? (ss_u128)(-b) : (ss_u128)b;
    ss_u128 q = ua / ub, r = ua % ub, frac = 0;
    for (int i = 0; i < 64; i++) {
        frac <<= 1;
        if (r >= ub - r) {
            r -= ub - r;
            frac |= 1;
        } else {
            r <<= 1;
        }
    }
    double d = (double)q + ldexp((double)frac, -64);
    return neg ? -d : d;
}

static void group_weighted_median(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        int64_t stake[MAXM], score[MAXM];
        uint32_t n, ns, idx[MAXM], scratch[2 * MAXM];
        read_vec(jget(c, "stake_bits"), stake, &n, false, true);
        read_vec(jget(c, "score_bits"), score, &ns, false, true);
        for (uint32_t i = 0; i < n; i++)
            idx[i] = i;
        int64_t r = ss__fx_weighted_median(stake, score, idx, n, jnum_i64(jget(c, "minority_bits")),
                                           jnum_i64(jget(c, "partition_lo_bits")),
                                           jnum_i64(jget(c, "partition_hi_bits")), scratch);
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "weighted_median bits", jget(c, "expected_bits"),
            cJSON_CreateNumber((double)r), -1);
    }
}

static void group_median_col(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat w;
        int64_t stake[MAXM], res[MAXM], res2[MAXM], v[MAXM], u[MAXM], tv[MAXM], tu[MAXM];
        uint32_t n, scratch[2 * MAXM], idx[MAXM];
        read_vec(jget(c, "stake_f32"), stake, &n, false, false);
        read_mat(jget(c, "weights_f32_rows"), &w, false);
        const cJSON *mb = jget(c, "majority_bits");
        int64_t majority = cJSON_IsNumber(mb) ? jnum_i64(mb) : fx_of(jget(c, "majority_f32"), false);
        /* weighted_median_col_sparse: stake > 0 rows, renormalized. */
        uint32_t nu = 0;
        int64_t use[MAXM], ssum = 0;
        for (uint32_t i = 0; i < n; i++)
            if (stake[i] > 0)
                use[nu++] = stake[i];
        fx_normalize(use, nu);
        for (uint32_t i = 0; i < nu; i++)
            ssum += use[i], idx[i] = i;
        int64_t minority = ss_fx_sub(ssum, majority);
        uint32_t cols = n ? w.c : 0;
        for (uint32_t j = 0; j < cols; j++) {
            int64_t colscore[MAXM];
            uint32_t m = 0, q = 0;
            for (uint32_t i = 0; i < n; i++)
                if (stake[i] > 0) {
                    int64_t x = w.v[(size_t)i * w.c + j];
                    colscore[q] = x;
                    if (x > 0) {
                        v[m] = x;
                        u[m++] = use[q];
                    }
                    q++;
                }
            /* The chain's pivot algorithm and the epoch's closed form, both. */
            res[j] = ss__fx_weighted_median(use, colscore, idx, nu, minority, 0, ssum, scratch);
            res2[j] = ss__median_column_chain(v, u, m, nu, ssum, minority, tv, tu);
        }
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        const cJSON *eb = jget(c, "expected_bits");
        if (!eb) {
            cJSON *empty = cJSON_CreateArray();
            add(f, where, "weighted_median_col", empty, bits_json(res, cols), -1);
            cJSON_Delete(empty);
            continue;
        }
        add(f, where, "weighted_median_col bits (pivot)", eb, bits_json(res, cols), -1);
        add(f, where, "weighted_median_col bits (closed form)", eb, bits_json(res2, cols), -1);
    }
}

static void group_sigmoid(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        int64_t in[MAXM], out[MAXM];
        uint32_t n;
        read_vec(jget(c, "input_bits"), in, &n, false, true);
        int64_t rho = jnum_i64(jget(c, "rho_bits")), kappa = jnum_i64(jget(c, "kappa_bits"));
        for (uint32_t i = 0; i < n; i++)
            out[i] = ss_fx_sigmoid_safe(in[i], rho, kappa);
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "sigmoid_safe bits", jget(c, "expected_bits"), bits_json(out, n), -1);
    }
}

static void group_exp(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        const cJSON *ib = jget(c, "input_bits");
        int64_t x = fx_of(jget(c, "input"), true);
        if (!cJSON_IsString(jget(c, "input")) || (!strstr(jget(c, "input")->valuestring, "MIN") &&
                                                   !strstr(jget(c, "input")->valuestring, "MAX")))
            x = jnum_i64(ib);
        char where[96];
        snprintf(where, sizeof where, "%s case %d (x=%s)", g, k++,
                 cJSON_IsString(jget(c, "input")) ? jget(c, "input")->valuestring : "?");
        /* Bits beyond 2^53 are compared as the parser's nearest double. */
        add(f, where, "exp_safe bits", jget(c, "expected_bits"),
            cJSON_CreateNumber((double)ss_fx_exp_safe(x)), -1);
    }
}

static void group_normalize(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        int64_t v[MAXM];
        uint32_t n;
        read_vec(jget(c, "input"), v, &n, false, false);
        const cJSON *fn = jget(c, "fn");
        cJSON *got;
        if (cJSON_IsString(fn) && strstr(fn->valuestring, "_64")) {
            ss_i128 w[MAXM], s = 0;
            for (uint32_t i = 0; i < n; i++)
                s += w[i] = (ss_i128)v[i] * ((ss_i128)1 << 32);
            got = cJSON_CreateArray();
            for (uint32_t i = 0; i < n; i++)
                cJSON_AddItemToArray(got, cJSON_CreateNumber(s ? fx64_div(w[i], s) : 0.0));
        } else {
            fx_normalize(v, n);
            got = fx_vec_json(v, n);
        }
        char where[96];
        snprintf(where, sizeof where, "%s case %d (%s)", g, k++,
                 cJSON_IsString(fn) ? fn->valuestring : "?");
        add(f, where, "normalized", jget(c, "expected"), got, 1e-4);
    }
}

static void group_rowcol(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat m;
        read_mat(jget(c, "input_rows"), &m, false);
        const char *fn = cJSON_IsString(jget(c, "fn")) ? jget(c, "fn")->valuestring : "";
        if (strstr(fn, "row_normalize")) {
            for (uint32_t i = 0; i < m.r; i++)
                fx_normalize(m.v + (size_t)i * m.c, m.c);
        } else {
            bool upscale = strstr(fn, "max_upscale") != NULL;
            for (uint32_t j = 0; j < m.c; j++) {
                int64_t s = 0;
                for (uint32_t i = 0; i < m.r; i++) {
                    int64_t x = m.v[(size_t)i * m.c + j];
                    s = upscale ? (x > s ? x : s) : ss_fx_add(s, x);
                }
                if (s != 0)
                    for (uint32_t i = 0; i < m.r; i++)
                        m.v[(size_t)i * m.c + j] = ss_fx_sdiv(m.v[(size_t)i * m.c + j], s);
            }
        }
        char where[96];
        snprintf(where, sizeof where, "%s case %d (%s)", g, k++, fn);
        add_lit(f, where, "matrix", jget(c, "expected_rows"), fx_mat_json(&m), 1e-4);
    }
}

static void group_upscale(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        int64_t v[MAXM];
        uint16_t out[MAXM];
        uint32_t n;
        const cJSON *iu = jget(c, "input_u16");
        if (iu) {
            uint16_t in[MAXM];
            read_vec(iu, v, &n, false, true);
            for (uint32_t i = 0; i < n; i++)
                in[i] = (uint16_t)v[i];
            ss_weights_max_upscale(in, n, out);
        } else {
            read_vec(jget(c, "input_bits"), v, &n, false, true);
            const cJSON *in = jget(c, "input");
            uint32_t i = 0;
            const cJSON *x;
            cJSON_ArrayForEach(x, in) {
                if (cJSON_IsString(x) && strstr(x->valuestring, "MAX"))
                    v[i] = SS_FX_MAX;
                i++;
            }
            ss__fx_vec_max_upscale_to_u16(v, n, out);
        }
        cJSON *got = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(got, cJSON_CreateNumber(out[i]));
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, iu ? "vec_u16_max_upscale_to_u16" : "vec_max_upscale_to_u16",
            jget(c, "expected_u16"), got, -1);
    }
}

static void group_topk(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        double v[MAXM];
        uint32_t n = 0, idx[MAXM];
        const cJSON *x;
        cJSON_ArrayForEach(x, jget(c, "input")) v[n++] = x->valuedouble;
        uint32_t kk = (uint32_t)jnum_u64(jget(c, "k"));
        bool keep[MAXM];
        for (uint32_t i = 0; i < n; i++)
            keep[i] = true, idx[i] = i;
        if (n >= kk) {
            /* stable ascending order; the first n - k lose */
            for (uint32_t i = 1; i < n; i++)
                for (uint32_t j = i; j > 0 && v[idx[j - 1]] > v[idx[j]]; j--) {
                    uint32_t t = idx[j];
                    idx[j] = idx[j - 1];
                    idx[j - 1] = t;
                }
            for (uint32_t i = 0; i < n - kk; i++)
                keep[idx[i]] = false;
        }
        cJSON *got = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(got, cJSON_CreateBool(keep[i]));
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "is_topk", jget(c, "expected"), got, -1);
    }
}

static void group_interpolate(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat a, b, e;
        read_mat(jget(c, "mat1"), &a, false);
        read_mat(jget(c, "mat2"), &b, false);
        read_mat(jget(c, "expected"), &e, false);
        /* The ratio is an untyped Rust float literal: f64. */
        int64_t ratio = fx_of(jget(c, "ratio"), true);
        const char *fn = cJSON_IsString(jget(c, "fn")) ? jget(c, "fn")->valuestring : "";
        bool sparse = strcmp(fn, "interpolate_sparse") == 0;
        for (size_t i = 0; i < (size_t)a.r * a.c; i++) {
            int64_t x = ss_fx_add(a.v[i], ss_fx_mul(ratio, ss_fx_sub(b.v[i], a.v[i])));
            a.v[i] = sparse && x <= 0 ? 0 : x;
        }
        double tol = jget(c, "tol") ? jget(c, "tol")->valuedouble : 0.0;
        char where[96];
        snprintf(where, sizeof where, "%s case %d (%s)", g, k++, fn);
        if (tol == 0) {
            /* exact: compare bits with the expected f32 literals' I32F32 */
            cJSON *eb = bits_json(e.v, e.r * e.c), *gb = bits_json(a.v, a.r * a.c);
            add(f, where, "interpolated bits", eb, gb, -1);
            cJSON_Delete(eb);
        } else {
            add_lit(f, where, "interpolated", jget(c, "expected"), fx_mat_json(&a), tol);
        }
    }
}

static void group_ema_alpha(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat nw, old, al;
        const cJSON *conv = jget(c, "conversion");
        bool f64 = cJSON_IsString(conv) && strstr(conv->valuestring, "all values via");
        read_mat(jget(c, "new"), &nw, f64);
        read_mat(jget(c, "old"), &old, f64);
        if (jget(c, "alpha_rows")) {
            read_mat(jget(c, "alpha_rows"), &al, true);
        } else {
            int64_t a = fx_of(jget(c, "alpha_all"), false);
            al.r = nw.r;
            al.c = nw.c;
            for (size_t i = 0; i < (size_t)nw.r * nw.c; i++)
                al.v[i] = a;
        }
        const char *fn = cJSON_IsString(jget(c, "fn")) ? jget(c, "fn")->valuestring : "";
        bool sparse = strstr(fn, "sparse") != NULL;
        for (size_t i = 0; i < (size_t)nw.r * nw.c; i++) {
            int64_t a = al.v[i];
            int64_t dec = ss_fx_mul(ss_fx_sub(SS_FX_ONE, a), old.v[i]);
            int64_t inc = ss_fx_mul(a, nw.v[i]);
            inc = inc > 0 ? inc : 0;
            int64_t v = ss_fx_add(dec, inc);
            v = v < SS_FX_ONE ? v : SS_FX_ONE;
            /* the sparse kernel emits only cells present in new */
            nw.v[i] = sparse && nw.v[i] == 0 ? 0 : v;
        }
        double tol = jget(c, "tol") ? jget(c, "tol")->valuedouble : 0.0;
        char where[96];
        snprintf(where, sizeof where, "%s case %d (%s)", g, k++, fn);
        if (f64)
            add(f, where, "ema", jget(c, "expected"), fx_mat_json(&nw), tol);
        else
            add_lit(f, where, "ema", jget(c, "expected"), fx_mat_json(&nw), tol);
    }
}

static void group_linalg(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat m;
        int64_t v[MAXM], r[MAXM];
        uint32_t nv = 0, nr = 0;
        read_mat(jget(c, "matrix"), &m, false);
        if (jget(c, "vector"))
            read_vec(jget(c, "vector"), v, &nv, false, false);
        const char *fn = cJSON_IsString(jget(c, "fn")) ? jget(c, "fn")->valuestring : "";
        cJSON *got = NULL;
        if (strncmp(fn, "matmul_transpose", 16) == 0) {
            for (uint32_t i = 0; i < m.r; i++) {
                int64_t acc = 0;
                for (uint32_t j = 0; j < m.c; j++)
                    acc = ss_fx_add(acc, ss_fx_mul(v[j], m.v[(size_t)i * m.c + j]));
                r[nr++] = acc;
            }
            got = fx_vec_json(r, nr);
        } else if (strncmp(fn, "matmul", 6) == 0) {
            for (uint32_t j = 0; j < m.c; j++) {
                int64_t acc = 0;
                for (uint32_t i = 0; i < m.r; i++)
                    acc = ss_fx_add(acc, ss_fx_mul(v[i], m.v[(size_t)i * m.c + j]));
                r[nr++] = acc;
            }
            got = fx_vec_json(r, nr);
        } else if (strncmp(fn, "row_hadamard", 12) == 0) {
            for (uint32_t i = 0; i < m.r; i++)
                for (uint32_t j = 0; j < m.c; j++)
                    m.v[(size_t)i * m.c + j] = ss_fx_mul(m.v[(size_t)i * m.c + j], v[i]);
            got = fx_mat_json(&m);
        } else if (strncmp(fn, "row_sum", 7) == 0) {
            for (uint32_t i = 0; i < m.r; i++) {
                int64_t acc = 0;
                for (uint32_t j = 0; j < m.c; j++)
                    acc += m.v[(size_t)i * m.c + j];
                r[nr++] = acc;
            }
            got = fx_vec_json(r, nr);
        } else if (strncmp(fn, "col_clip", 8) == 0) {
            /* the sparse kernel drops an entry above a threshold <= 0 */
            for (uint32_t i = 0; i < m.r; i++)
                for (uint32_t j = 0; j < m.c; j++) {
                    int64_t *x = &m.v[(size_t)i * m.c + j];
                    if (*x > v[j])
                        *x = v[j] > 0 ? v[j] : 0;
                }
            got = fx_mat_json(&m);
        } else if (strncmp(fn, "mask_diag_except_index", 22) == 0) {
            for (uint32_t i = 0; i < m.r && i < m.c; i++)
                if (i != 1)
                    m.v[(size_t)i * m.c + i] = 0;
            got = fx_mat_json(&m);
        } else if (strncmp(fn, "vec_mask_sparse_matrix", 22) == 0) {
            const int64_t first[3] = {1, 2, 3}, second[3] = {1, 2, 3};
            for (uint32_t i = 0; i < m.r && i < 3; i++)
                for (uint32_t j = 0; j < m.c && j < 3; j++)
                    if (first[i] < second[j])
                        m.v[(size_t)i * m.c + j] = 0;
            got = fx_mat_json(&m);
        } else {
            got = cJSON_CreateString("unknown primitive");
        }
        char where[128];
        snprintf(where, sizeof where, "%s case %d (%s)", g, k++, fn);
        add(f, where, "result", jget(c, "expected"), got, -1);
    }
}

static void group_conversions(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        const char *what = cJSON_IsString(jget(c, "what")) ? jget(c, "what")->valuestring : "";
        char where[160];
        snprintf(where, sizeof where, "%s case %d (%.80s)", g, k++, what);
        if (strstr(what, "alpha = 1 -")) {
            /* The fixed EMA rate of both models for BondsMovingAverage 900000. */
            int64_t a = ss_fx_sub(SS_FX_ONE, (int64_t)(((ss_u128)900000 << 32) / 1000000));
            add(f, where, "alpha bits", jget(c, "expected_bits"), cJSON_CreateNumber((double)a), -1);
        } else if (strstr(what, "I64F64(") && strstr(what, "21e15")) {
            double num = strstr(what, "I64F64(1) ") ? 1.0 : strstr(what, "4889444") ? 4889444.0
                                                                                    : 10.5e15;
            ss_i128 a = (ss_i128)num * ((ss_i128)1 << 64), b = (ss_i128)21e15 * ((ss_i128)1 << 64);
            /* div64, then to I32F32 */
            ss_i128 q = 0;
            {
                ss_u128 ua = (ss_u128)a, ub = (ss_u128)b, qq = ua / ub, r = ua % ub;
                for (int i = 0; i < 64; i++) {
                    qq <<= 1;
                    if (r >= ub - r) {
                        r -= ub - r;
                        qq |= 1;
                    } else {
                        r <<= 1;
                    }
                }
                q = (ss_i128)qq;
            }
            int64_t fx = ss_fx64_to_fx(q);
            if (jget(c, "expected_i32f32_bits"))
                add(f, where, "I32F32 bits", jget(c, "expected_i32f32_bits"),
                    cJSON_CreateNumber((double)fx), -1);
            else if (cJSON_IsNumber(jget(c, "expected_i32f32")))
                add(f, where, "I32F32", jget(c, "expected_i32f32"),
                    cJSON_CreateNumber(ss_fx_to_double(fx)), -1);
            else
                add(f, where, "I64F64", jget(c, "expected"),
                    cJSON_CreateNumber(ldexp((double)q, -64)), 1e-12);
        } else if (strstr(what, "get_alpha_values_32")) {
            int64_t v[2] = {ss_fx_u16_prop(1638), ss_fx_u16_prop(65525)};
            add(f, where, "alpha bits", jget(c, "computed_bits"), bits_json(v, 2), -1);
            cJSON *d = fx_vec_json(v, 2);
            add(f, where, "alpha values", jget(c, "expected_f32_within_1e-6"), d, 1e-6);
        } else if (strstr(what, "set_alpha_values_32")) {
            int64_t v[2] = {(int64_t)floor(0.1 * 65535), (int64_t)floor(0.3 * 65535)};
            add(f, where, "stored u16", jget(c, "computed_u16"), bits_json(v, 2), -1);
        } else if (strstr(what, "bounds")) {
            /* ss_yuma_create enforces the chain's AlphaValues bounds. */
            ss_yuma_params p;
            ss_yuma_params_default(&p);
            p.liquid_alpha = true;
            int64_t lim[2];
            ss_yuma *y = NULL;
            uint16_t lo = 1638;
            p.alpha_low = p.alpha_high = lo;
            bool ok_min = ss_yuma_create(&p, 4, &y, NULL) == SS_OK;
            ss_yuma_destroy(y);
            y = NULL;
            p.alpha_low = lo - 1;
            bool bad_low = ss_yuma_create(&p, 4, &y, NULL) != SS_OK;
            ss_yuma_destroy(y);
            y = NULL;
            p.alpha_low = lo;
            p.alpha_high = lo - 1;
            bool bad_high = ss_yuma_create(&p, 4, &y, NULL) != SS_OK;
            ss_yuma_destroy(y);
            lim[0] = ok_min && bad_low && bad_high ? lo : -1;
            lim[1] = lim[0];
            add(f, where, "min_alpha_low", jget(c, "min_alpha_low"),
                cJSON_CreateNumber((double)lim[0]), -1);
            add(f, where, "min_alpha_high", jget(c, "min_alpha_high"),
                cJSON_CreateNumber((double)lim[1]), -1);
        } else {
            ss_conf_add(f, where, "conversion", cJSON_Duplicate(c, 1),
                        cJSON_CreateString("unknown conversion case"), -1, false);
        }
    }
}

static void group_max_limited(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        uint16_t w[MAXM];
        uint32_t n = 0;
        const cJSON *x;
        cJSON_ArrayForEach(x, jget(c, "vector_u16")) w[n++] = (uint16_t)jnum_u64(x);
        bool r = ss_weights_check_max_limited(w, n, (uint16_t)jnum_u64(jget(c, "max_limit_u16")));
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "check_vec_max_limited", jget(c, "expected"), cJSON_CreateBool(r), -1);
    }
}

static void group_split(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        uint32_t count = (uint32_t)jnum_u64(jget(c, "mechanism_count"));
        uint16_t split[64];
        uint64_t out[64];
        const cJSON *sp = jget(c, "split"), *x;
        uint32_t n = 0;
        cJSON_ArrayForEach(x, sp) if (n < 64) split[n++] = (uint16_t)jnum_u64(x);
        if (count > 64)
            count = 64;
        ss_mechanism_split_emission(jnum_u64(jget(c, "alpha")), count,
                                    cJSON_IsArray(sp) ? split : NULL, out);
        cJSON *got = cJSON_CreateArray();
        for (uint32_t m = 0; m < count; m++)
            cJSON_AddItemToArray(got, cJSON_CreateNumber((double)out[m]));
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "split", jget(c, "expected"), got, -1);
    }
}

static void group_liquid_equal(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        static mat w, b, on, off;
        int64_t cons[MAXM];
        uint32_t nc;
        read_mat(jget(c, "weights"), &w, false);
        read_mat(jget(c, "bonds"), &b, false);
        read_vec(jget(c, "consensus"), cons, &nc, false, false);
        int64_t lo = ss_fx_u16_prop((uint16_t)jnum_u64(jget(c, "alpha_low_u16")));
        int64_t hi = ss_fx_u16_prop((uint16_t)jnum_u64(jget(c, "alpha_high_u16")));
        int16_t steep = (int16_t)jnum_i64(jget(c, "steepness"));
        int64_t fixed = ss_fx_sub(SS_FX_ONE, (int64_t)(((ss_u128)900000 << 32) / 1000000));
        on = w;
        off = w;
        for (uint32_t i = 0; i < w.r; i++)
            for (uint32_t j = 0; j < w.c; j++) {
                size_t q = (size_t)i * w.c + j;
                int64_t a = ss__alpha_sigmoid_chain(j < nc ? cons[j] : 0, w.v[q], b.v[q], lo, hi,
                                                    steep);
                int64_t x = ss_fx_add(ss_fx_mul(ss_fx_sub(SS_FX_ONE, a), b.v[q]),
                                      ss_fx_mul(a, w.v[q]) > 0 ? ss_fx_mul(a, w.v[q]) : 0);
                on.v[q] = x < SS_FX_ONE ? x : SS_FX_ONE;
                off.v[q] = ss_fx_add(ss_fx_mul(fixed, w.v[q]),
                                     ss_fx_mul(ss_fx_sub(SS_FX_ONE, fixed), b.v[q]));
            }
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        add(f, where, "bonds, liquid alpha on", jget(c, "reference_liquid_on"), fx_mat_json(&on),
            5e-10);
        add(f, where, "bonds, liquid alpha off", jget(c, "reference_liquid_off"),
            fx_mat_json(&off), 5e-10);
        cJSON *onj = fx_mat_json(&on);
        add(f, where, "|on - off| <= 1e-3 (the test's assertion)", onj, fx_mat_json(&off), 1e-3);
        cJSON_Delete(onj);
    }
}

static void group_alpha_sigmoid(const cJSON *cases, ss_conf_file *f, const char *g)
{
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        int64_t cc = fx_of(jget(c, "consensus"), true), w = fx_of(jget(c, "weight"), true);
        int64_t b = fx_of(jget(c, "bond"), true);
        char where[96];
        snprintf(where, sizeof where, "%s case %d", g, k++);
        int64_t a1 = ss__alpha_sigmoid_chain(cc, w, b, ss_fx_u16_prop(6553), ss_fx_u16_prop(19660),
                                             1000);
        int64_t a2 = ss__alpha_sigmoid_chain(cc, w, b, ss_fx_u16_prop(45875),
                                             ss_fx_u16_prop(58982), 1000);
        add(f, where, "alpha bits (6553, 19660)", jget(c, "alpha_for_low_high_6553_19660_bits"),
            cJSON_CreateNumber((double)a1), -1);
        add(f, where, "alpha bits (45875, 58982)", jget(c, "alpha_for_default_45875_58982_bits"),
            cJSON_CreateNumber((double)a2), -1);
    }
}

ss_status ss__conf_replay_yuma_math(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    static const struct {
        const char *prefix;
        void (*run)(const cJSON *cases, ss_conf_file *f, const char *g);
        const char *name;
    } groups[] = {
        {"weighted_median(", group_weighted_median, "weighted_median"},
        {"weighted_median_col", group_median_col, "weighted_median_col"},
        {"sigmoid_safe", group_sigmoid, "sigmoid_safe"},
        {"exp_safe", group_exp, "exp_safe"},
        {"normalize", group_normalize, "normalize"},
        {"row/column normalisation", group_rowcol, "row/col normalize"},
        {"vec_max_upscale_to_u16", group_upscale, "max_upscale"},
        {"is_topk", group_topk, "is_topk"},
        {"interpolate", group_interpolate, "interpolate"},
        {"mat_ema_alpha", group_ema_alpha, "mat_ema_alpha"},
        {"linear-algebra", group_linalg, "primitives"},
        {"fixed-point conversions", group_conversions, "conversions"},
        {"check_vec_max_limited", group_max_limited, "check_vec_max_limited"},
        {"split_emissions", group_split, "split_emissions"},
        {"compute_bonds (dense): liquid alpha", group_liquid_equal, "liquid alpha equal bounds"},
        {"alpha_sigmoid", group_alpha_sigmoid, "alpha_sigmoid"},
    };
    const cJSON *vectors = jget(doc, "vectors");
    if (!cJSON_IsArray(vectors))
        return ss_error_set(err, SS_EINVAL, "math vectors: 'vectors' must be an array");
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors) {
        const cJSON *fn = jget(v, "function");
        const char *name = cJSON_IsString(fn) ? fn->valuestring : "";
        size_t k;
        for (k = 0; k < sizeof groups / sizeof groups[0]; k++)
            if (strncmp(name, groups[k].prefix, strlen(groups[k].prefix)) == 0)
                break;
        if (k == sizeof groups / sizeof groups[0]) {
            ss_conf_add(f, name, "function", cJSON_CreateString(name),
                        cJSON_CreateString("no replayer for this function group"), -1, false);
            continue;
        }
        groups[k].run(jget(v, "cases"), f, groups[k].name);
    }
    return SS_OK;
}
