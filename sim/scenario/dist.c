/* Parsing of distribution values ("quality": 0.7 or {"dist": "uniform", "min": 0.2, "max": 0.9}). */
#include "scenario/sections.h"

#include <math.h>
#include <string.h>

static const char *const dist_names[] = {"fixed", "uniform", "normal", "lognormal", NULL};

void ss__scenario_dist(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                       double lo, double hi, const ss_dist *def, ss_dist *out)
{
    *out = *def;
    out->lo = lo;
    out->hi = hi;
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!v)
        return;
    char p[SS_JC_PATH_MAX];
    ss_jc_key_path(p, path, key);
    if (cJSON_IsNumber(v)) {
        if (!isfinite(v->valuedouble) || v->valuedouble < lo || v->valuedouble > hi) {
            ss_jc_error(jc, p, "expected a number in [%g, %g], got %.17g", lo, hi,
                        v->valuedouble);
            return;
        }
        out->kind = SS_DIST_FIXED;
        out->a = v->valuedouble;
        out->b = 0;
        return;
    }
    if (!cJSON_IsObject(v)) {
        char got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, p, "expected a number or a distribution object, got %s", got);
        return;
    }
    int kind;
    if (!ss_jc_require(jc, v, p, "dist") || !ss_jc_enum(jc, v, p, "dist", dist_names, 0, &kind))
        return;
    out->kind = (ss_dist_kind)kind;
    static const char *const fixed_keys[] = {"dist", "value", NULL};
    static const char *const uniform_keys[] = {"dist", "min", "max", NULL};
    static const char *const normal_keys[] = {"dist", "mean", "sd", "min", "max", NULL};
    static const char *const lognormal_keys[] = {"dist", "median", "sigma", "min", "max", NULL};
    switch (out->kind) {
    case SS_DIST_FIXED:
        ss_jc_object(jc, v, p, fixed_keys);
        if (ss_jc_require(jc, v, p, "value"))
            ss_jc_num(jc, v, p, "value", lo, hi, def->a, &out->a);
        break;
    case SS_DIST_UNIFORM:
        ss_jc_object(jc, v, p, uniform_keys);
        if (ss_jc_require(jc, v, p, "min") & ss_jc_require(jc, v, p, "max")) {
            bool ok = ss_jc_num(jc, v, p, "min", lo, hi, lo, &out->a);
            ok &= ss_jc_num(jc, v, p, "max", lo, hi, hi, &out->b);
            if (ok && out->b < out->a)
                ss_jc_error(jc, p, "'max' (%g) is below 'min' (%g)", out->b, out->a);
        }
        break;
    case SS_DIST_NORMAL:
        ss_jc_object(jc, v, p, normal_keys);
        if (ss_jc_require(jc, v, p, "mean") & ss_jc_require(jc, v, p, "sd")) {
            ss_jc_num(jc, v, p, "mean", lo, hi, def->a, &out->a);
            ss_jc_num(jc, v, p, "sd", 0, hi - lo, 0, &out->b);
        }
        break;
    case SS_DIST_LOGNORMAL:
        ss_jc_object(jc, v, p, lognormal_keys);
        if (ss_jc_require(jc, v, p, "median") & ss_jc_require(jc, v, p, "sigma")) {
            ss_jc_num(jc, v, p, "median", lo > 0 ? lo : 1e-9, hi, def->a, &out->a);
            ss_jc_num(jc, v, p, "sigma", 0, 5, 0, &out->b);
        }
        break;
    }
    if (out->kind != SS_DIST_FIXED && out->kind != SS_DIST_UNIFORM) {
        double clo = lo, chi = hi;
        bool ok = ss_jc_num(jc, v, p, "min", lo, hi, lo, &clo);
        ok &= ss_jc_num(jc, v, p, "max", lo, hi, hi, &chi);
        if (ok && chi < clo)
            ss_jc_error(jc, p, "'max' (%g) is below 'min' (%g)", chi, clo);
        out->lo = clo;
        out->hi = chi;
    }
}
