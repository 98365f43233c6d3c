/*
** Small cJSON helpers shared by the vector replayers: typed reads with
** errors that name the JSON path, and a tolerant comparison of a computed
** JSON value against an expected one.
*/
#ifndef SS_CONFORMANCE_JSON_UTIL_H
#define SS_CONFORMANCE_JSON_UTIL_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "subnetsim/status.h"

static inline const cJSON *jget(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* A JSON number as int64, clamped to the int64 range (values beyond 2^53
** arrive rounded to double by the parser). */
static inline int64_t jnum_i64(const cJSON *v)
{
    double d = v ? v->valuedouble : 0.0;
    if (d >= 9223372036854775807.0)
        return INT64_MAX;
    if (d <= -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)d;
}

static inline uint64_t jnum_u64(const cJSON *v)
{
    double d = v ? v->valuedouble : 0.0;
    if (!(d > 0))
        return 0;
    if (d >= 18446744073709551615.0)
        return UINT64_MAX;
    return (uint64_t)d;
}

/*
** true if got matches expected: numbers within tol (tol 0: equal), bools and
** nulls equal, arrays element by element with the same length. NaN matches
** nothing.
*/
static inline bool jclose(const cJSON *got, const cJSON *exp, double tol)
{
    if (cJSON_IsArray(exp)) {
        if (!cJSON_IsArray(got) || cJSON_GetArraySize(got) != cJSON_GetArraySize(exp))
            return false;
        const cJSON *g = got->child, *e = exp->child;
        for (; e; e = e->next, g = g->next)
            if (!jclose(g, e, tol))
                return false;
        return true;
    }
    if (cJSON_IsBool(exp))
        return cJSON_IsBool(got) && cJSON_IsTrue(exp) == cJSON_IsTrue(got);
    if (cJSON_IsNumber(exp)) {
        if (cJSON_IsBool(got))
            return false;
        if (!cJSON_IsNumber(got))
            return false;
        return fabs(got->valuedouble - exp->valuedouble) <= tol;
    }
    if (cJSON_IsNull(exp))
        return cJSON_IsNull(got);
    return false;
}

#endif
