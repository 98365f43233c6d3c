/*
** Checking a parsed JSON document against what a scenario expects. Every
** problem is recorded as one line "file:json.path: message" and checking goes
** on, so a user sees all problems of a file at once.
**
** The getters follow one rule: a missing key yields the default and no
** error; a present key of the wrong type or out of range yields an error and
** the default. They return true when the value (or default) is usable.
*/
#ifndef SS_SCENARIO_JCHECK_H
#define SS_SCENARIO_JCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "subnetsim/util.h"

#define SS_JC_PATH_MAX 256

typedef struct ss_jc {
    const char *file;
    ss_buf lines;   /* one "file:path: message\n" per problem */
    int errors;
} ss_jc;

void ss_jc_init(ss_jc *jc, const char *file);
void ss_jc_fini(ss_jc *jc);

void ss_jc_error(ss_jc *jc, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Child paths: "parent.key" (or "key" at the root) and "parent[i]". */
const char *ss_jc_key_path(char *buf, const char *parent, const char *key);
const char *ss_jc_index_path(char *buf, const char *parent, int index);

/* A short human description of a JSON value for messages: 12, "abc", an array, ... */
void ss_jc_describe(const cJSON *v, char *buf, size_t size);

/*
** Checks that node is an object whose keys are all in the NULL-terminated
** list keys; unknown keys are errors with a suggestion for near misses.
*/
bool ss_jc_object(ss_jc *jc, const cJSON *node, const char *path, const char *const *keys);

/* Reports an error if key is missing from obj. */
bool ss_jc_require(ss_jc *jc, const cJSON *obj, const char *path, const char *key);

bool ss_jc_int(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               int64_t lo, int64_t hi, int64_t def, int64_t *out);
/* Unsigned 64-bit: a JSON integer (exact up to 2^53) or a string of digits. */
bool ss_jc_u64(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               uint64_t lo, uint64_t hi, uint64_t def, uint64_t *out);
bool ss_jc_num(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               double lo, double hi, double def, double *out);
bool ss_jc_bool(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                bool def, bool *out);
/* A string; *out points into the cJSON tree (copy it if it must outlive the tree). */
bool ss_jc_str(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
               const char *def, const char **out);
/* A string that must be one of the NULL-terminated choices; *out is its index. */
bool ss_jc_enum(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                const char *const *choices, int def, int *out);

#endif
