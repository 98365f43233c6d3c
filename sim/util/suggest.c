/* Closest-word suggestions by optimal string alignment distance (temporary; replaced by the expr branch). */
#include "subnetsim/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAXW 64

static size_t osa(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n >= MAXW || m >= MAXW)
        return (size_t)-1;
    size_t d[MAXW][MAXW];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

const char *ss_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t best = (size_t)-1;
    const char *pick = NULL;
    size_t limit = strlen(word) >= 5 ? 2 : 1;
    for (size_t i = 0; i < n; i++) {
        size_t dist = osa(word, candidates[i]);
        if (dist < best) {
            best = dist;
            pick = candidates[i];
        }
    }
    return best <= limit ? pick : NULL;
}
