/* The string-to-id map (see strmap.h). */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void ss_strmap_fini(ss_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

/* The slot holding key, or the empty slot where it would go. */
static size_t find(const ss_strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool ss_strmap_get(const ss_strmap *m, const char *key, uint32_t *value)
{
    if (m->cap == 0)
        return false;
    size_t i = find(m, key);
    if (!m->keys[i])
        return false;
    *value = m->values[i];
    return true;
}

static bool grow(ss_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    ss_strmap g = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(uint32_t)), cap, 0};
    if (!g.keys || !g.values) {
        free(g.keys);
        free(g.values);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = find(&g, m->keys[i]);
        g.keys[j] = m->keys[i];
        g.values[j] = m->values[i];
        g.n++;
    }
    free(m->keys);
    free(m->values);
    *m = g;
    return true;
}

bool ss_strmap_put(ss_strmap *m, const char *key, uint32_t value)
{
    if ((m->n + 1) * 2 > m->cap && !grow(m))
        return false;
    size_t i = find(m, key);
    if (!m->keys[i]) {
        if (!(m->keys[i] = strdup(key)))
            return false;
        m->n++;
    }
    m->values[i] = value;
    return true;
}
