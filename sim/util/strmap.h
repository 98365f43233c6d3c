/*
** A map from strings to 32-bit ids (open addressing, FNV-1a): the ledger ids
** of coldkeys by name, so agents that share a coldkey share its account.
** The map copies the keys it stores.
*/
#ifndef SS_UTIL_STRMAP_H
#define SS_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ss_strmap {
    char **keys;     /* NULL: empty slot */
    uint32_t *values;
    size_t cap, n;   /* cap is a power of two */
} ss_strmap;

void ss_strmap_fini(ss_strmap *m);

/* The id of key, or false when absent. */
bool ss_strmap_get(const ss_strmap *m, const char *key, uint32_t *value);

/* Stores key -> value (replacing); false when memory runs out. */
bool ss_strmap_put(ss_strmap *m, const char *key, uint32_t value);

#endif
