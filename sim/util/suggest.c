/*
** "Did you mean" suggestions: the optimal-string-alignment distance and the
** choice of the closest candidate (see subnetsim/suggest.h for the rules).
*/
#include "subnetsim/suggest.h"

#include <stdio.h>
#include <string.h>

/* ASCII only, so the answer never depends on the process locale. */
static char fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

/*
** Distance between a[0..la) and b[0..lb), both already folded, or limit + 1
** as soon as every alignment is known to cost more than limit.
*/
static int osa(const char *a, size_t la, const char *b, size_t lb, int limit)
{
    int rows[3][SS_SUGGEST_MAX_LEN + 1];
    int *before = rows[0], *prev = rows[1], *cur = rows[2];

    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        int row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && before[j - 2] + 1 < d)
                d = before[j - 2] + 1;
            cur[j] = d;
            if (d < row_min)
                row_min = d;
        }
        if (row_min > limit)
            return limit + 1;
        int *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* Copies s folded into out (SS_SUGGEST_MAX_LEN + 1 bytes); -1 if too long. */
static int fold_copy(const char *s, char *out, size_t *len)
{
    size_t n = 0;
    for (; s[n]; n++) {
        if (n == SS_SUGGEST_MAX_LEN)
            return -1;
        out[n] = fold(s[n]);
    }
    out[n] = '\0';
    *len = n;
    return 0;
}

int ss_suggest_max_distance(size_t len)
{
    if (len >= 5)
        return 2;
    if (len >= 2)
        return 1;
    return 0;
}

int ss_suggest_distance(const char *a, const char *b)
{
    char fa[SS_SUGGEST_MAX_LEN + 1], fb[SS_SUGGEST_MAX_LEN + 1];
    size_t la, lb;
    if (fold_copy(a, fa, &la) < 0 || fold_copy(b, fb, &lb) < 0)
        return -1;
    return osa(fa, la, fb, lb, SS_SUGGEST_MAX_LEN);
}

void ss_suggest_begin(ss_suggester *s, const char *word)
{
    s->best = NULL;
    s->distance = 0;
    s->case_only = 0;
    if (!word || fold_copy(word, s->folded, &s->len) < 0 || s->len == 0) {
        s->word[0] = s->folded[0] = '\0';
        s->len = 0;
        s->max_distance = -1;
        return;
    }
    memcpy(s->word, word, s->len + 1);
    s->max_distance = ss_suggest_max_distance(s->len);
}

void ss_suggest_offer(ss_suggester *s, const char *candidate)
{
    if (s->max_distance < 0 || !candidate)
        return;
    char folded[SS_SUGGEST_MAX_LEN + 1];
    size_t len;
    if (fold_copy(candidate, folded, &len) < 0 || len == 0)
        return;
    /* The length difference alone is a lower bound on the distance. */
    size_t gap = len > s->len ? len - s->len : s->len - len;
    int limit = s->best ? s->distance - 1 : s->max_distance;
    if (limit < 0 || gap > (size_t)limit)
        return;
    int d = osa(s->folded, s->len, folded, len, limit);
    if (d > limit)
        return;
    s->best = candidate;
    s->distance = d;
    s->case_only = d == 0 && strcmp(candidate, s->word) != 0;
}

const char *ss_suggest(const char *word, const char *const *candidates, size_t n)
{
    ss_suggester s;
    ss_suggest_begin(&s, word);
    for (size_t i = 0; i < n; i++)
        ss_suggest_offer(&s, candidates[i]);
    return s.best;
}

void ss_suggest_hint(const ss_suggester *s, char *buf, size_t cap)
{
    if (cap == 0)
        return;
    if (!s->best)
        buf[0] = '\0';
    else if (s->case_only)
        snprintf(buf, cap, " (did you mean '%s'? names are case-sensitive)", s->best);
    else
        snprintf(buf, cap, " (did you mean '%s'?)", s->best);
}
