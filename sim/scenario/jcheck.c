/* The JSON checker: typed getters with ranges and defaults, unknown-key detection, error lines. */
#include "scenario/jcheck.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/suggest.h"

void ss_jc_init(ss_jc *jc, const char *file)
{
    memset(jc, 0, sizeof *jc);
    jc->file = file;
}

void ss_jc_fini(ss_jc *jc)
{
    ss_buf_fini(&jc->lines);
}

void ss_jc_error(ss_jc *jc, const char *path, const char *fmt, ...)
{
    va_list ap;
    jc->errors++;
    if (path && *path)
        ss_buf_printf(&jc->lines, "%s:%s: ", jc->file, path);
    else
        ss_buf_printf(&jc->lines, "%s: ", jc->file);
    va_start(ap, fmt);
    ss_buf_vprintf(&jc->lines, fmt, ap);
    va_end(ap);
    ss_buf_puts(&jc->lines, "\n");
}

const char *ss_jc_key_path(char *buf, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(buf, SS_JC_PATH_MAX, "%s.%s", parent, key);
    else
        snprintf(buf, SS_JC_PATH_MAX, "%s", key);
    return buf;
}

const char *ss_jc_index_path(char *buf, const char *parent, int index)
{
    snprintf(buf, SS_JC_PATH_MAX, "%s[%d]", parent ? parent : "", index);
    return buf;
}

void ss_jc_describe(const cJSON *v, char *buf, size_t size)
{
    if (!v)
        snprintf(buf, size, "nothing");
    else if (cJSON_IsNull(v))
        snprintf(buf, size, "null");
    else if (cJSON_IsBool(v))
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsNumber(v))
        snprintf(buf, size, "%.15g", v->valuedouble);
    else if (cJSON_IsString(v))
        snprintf(buf, size, "\"%.40s%s\"", v->valuestring,
                 strlen(v->valuestring) > 40 ? "..." : "");
    else if (cJSON_IsArray(v))
        snprintf(buf, size, "an array");
    else if (cJSON_IsObject(v))
        snprintf(buf, size, "an object");
    else
        snprintf(buf, size, "an invalid value");
}

bool ss_jc_object(ss_jc *jc, const cJSON *node, const char *path, const char *const *keys)
{
    if (!cJSON_IsObject(node)) {
        char got[64];
        ss_jc_describe(node, got, sizeof got);
        ss_jc_error(jc, path, "expected an object, got %s", got);
        return false;
    }
    size_t nkeys = 0;
    while (keys[nkeys])
        nkeys++;
    const cJSON *child;
    cJSON_ArrayForEach(child, node) {
        bool known = false;
        for (size_t i = 0; i < nkeys && !known; i++)
            known = strcmp(child->string, keys[i]) == 0;
        if (known)
            continue;
        char p[SS_JC_PATH_MAX];
        ss_jc_key_path(p, path, child->string);
        const char *near = ss_suggest(child->string, keys, nkeys);
        if (near)
            ss_jc_error(jc, p, "unknown key '%s' (did you mean '%s'?)", child->string, near);
        else
            ss_jc_error(jc, p, "unknown key '%s'", child->string);
    }
    /* Duplicate keys: cJSON keeps both and lookups see only the first. */
    cJSON_ArrayForEach(child, node) {
        for (const cJSON *later = child->next; later; later = later->next)
            if (strcmp(child->string, later->string) == 0) {
                char p[SS_JC_PATH_MAX];
                ss_jc_error(jc, ss_jc_key_path(p, path, child->string),
                            "key '%s' appears more than once", child->string);
                break;
            }
    }
    return true;
}

bool ss_jc_require(ss_jc *jc, const cJSON *obj, const char *path, const char *key)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return true;
    char p[SS_JC_PATH_MAX];
    ss_jc_error(jc, ss_jc_key_path(p, path, key), "missing required key '%s'", key);
    return false;
}

/* Looks key up; returns NULL when absent (the caller then uses the default). */
static const cJSON *lookup(const cJSON *obj, const char *key)
{
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

bool ss_jc_int(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               int64_t lo, int64_t hi, int64_t def, int64_t *out)
{
    const cJSON *v = lookup(obj, key);
    *out = def;
    if (!v)
        return true;
    double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!cJSON_IsNumber(v) || d != floor(d) || d < (double)lo || d > (double)hi) {
        char p[SS_JC_PATH_MAX], got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, ss_jc_key_path(p, path, key),
                    "expected an integer in [%lld, %lld], got %s",
                    (long long)lo, (long long)hi, got);
        return false;
    }
    *out = (int64_t)d;
    return true;
}

bool ss_jc_u64(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               uint64_t lo, uint64_t hi, uint64_t def, uint64_t *out)
{
    const cJSON *v = lookup(obj, key);
    *out = def;
    if (!v)
        return true;
    uint64_t x = 0;
    bool ok = false;
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        ok = d >= 0 && d == floor(d) && d <= 9007199254740992.0;
        x = ok ? (uint64_t)d : 0;
    } else if (cJSON_IsString(v) && v->valuestring[0]) {
        ok = true;
        for (const char *s = v->valuestring; *s && ok; s++) {
            unsigned digit = (unsigned)(*s - '0');
            if (*s < '0' || *s > '9' || x > (UINT64_MAX - digit) / 10)
                ok = false;
            else
                x = x * 10 + digit;
        }
    }
    if (!ok || x < lo || x > hi) {
        char p[SS_JC_PATH_MAX], got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, ss_jc_key_path(p, path, key),
                    "expected a whole number in [%llu, %llu] (a string of digits above 2^53), got %s",
                    (unsigned long long)lo, (unsigned long long)hi, got);
        return false;
    }
    *out = x;
    return true;
}

bool ss_jc_num(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               double lo, double hi, double def, double *out)
{
    const cJSON *v = lookup(obj, key);
    *out = def;
    if (!v)
        return true;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo ||
        v->valuedouble > hi) {
        char p[SS_JC_PATH_MAX], got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, ss_jc_key_path(p, path, key), "expected a number in [%g, %g], got %s",
                    lo, hi, got);
        return false;
    }
    *out = v->valuedouble;
    return true;
}

bool ss_jc_bool(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                bool def, bool *out)
{
    const cJSON *v = lookup(obj, key);
    *out = def;
    if (!v)
        return true;
    if (!cJSON_IsBool(v)) {
        char p[SS_JC_PATH_MAX], got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, ss_jc_key_path(p, path, key), "expected true or false, got %s", got);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

bool ss_jc_str(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               const char *def, const char **out)
{
    const cJSON *v = lookup(obj, key);
    *out = def;
    if (!v)
        return true;
    if (!cJSON_IsString(v)) {
        char p[SS_JC_PATH_MAX], got[64];
        ss_jc_describe(v, got, sizeof got);
        ss_jc_error(jc, ss_jc_key_path(p, path, key), "expected a string, got %s", got);
        return false;
    }
    *out = v->valuestring;
    return true;
}

bool ss_jc_enum(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                const char *const *choices, int def, int *out)
{
    const char *s;
    *out = def;
    if (!ss_jc_str(jc, obj, path, key, NULL, &s))
        return false;
    if (!s)
        return true;
    size_t n = 0;
    for (; choices[n]; n++)
        if (strcmp(s, choices[n]) == 0) {
            *out = (int)n;
            return true;
        }
    ss_buf list = {0};
    for (size_t i = 0; i < n; i++)
        ss_buf_printf(&list, "%s'%s'", i ? ", " : "", choices[i]);
    char p[SS_JC_PATH_MAX];
    const char *near = ss_suggest(s, choices, n);
    const char *l = ss_buf_str(&list);
    if (near)
        ss_jc_error(jc, ss_jc_key_path(p, path, key),
                    "expected one of %s, got \"%s\" (did you mean '%s'?)", l ? l : "", s, near);
    else
        ss_jc_error(jc, ss_jc_key_path(p, path, key), "expected one of %s, got \"%s\"",
                    l ? l : "", s);
    ss_buf_fini(&list);
    return false;
}
