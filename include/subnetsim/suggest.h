/*
** "Did you mean" suggestions for misspelled names: variables and functions in
** scoring expressions, keys in scenario files.
**
** The distance is Damerau-Levenshtein in its optimal-string-alignment form
** (insertions, deletions, substitutions and swaps of two neighbouring
** characters each cost one edit), computed without regard to ASCII case. A
** candidate is suggested only when it is close for the length of the word:
** at most 1 edit for words of 2 to 4 characters, 2 edits for longer words, and
** for a one-character word only a difference of case. A candidate that equals
** the word except for case has distance 0 and is reported as `case_only` so
** the message can say that names are case-sensitive.
**
** Nothing here allocates: the word is copied into the ss_suggester and the
** distance uses a fixed buffer on the stack, so words and candidates longer
** than SS_SUGGEST_MAX_LEN are never suggested (nor suggested for).
*/
#ifndef SUBNETSIM_SUGGEST_H
#define SUBNETSIM_SUGGEST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SS_SUGGEST_MAX_LEN 64

/*
** An incremental search for the closest candidate, for callers whose
** candidates are not in an array of strings (a table of structs, the keys a
** JSON schema allows): begin, offer each candidate, read `best`.
** Among equally close candidates the first offered wins, so the answer depends
** only on the order of the candidates.
*/
typedef struct ss_suggester {
    char word[SS_SUGGEST_MAX_LEN + 1];   /* the word as given */
    char folded[SS_SUGGEST_MAX_LEN + 1]; /* the word, lower-cased */
    size_t len;
    int max_distance;  /* -1 when the word cannot get a suggestion */
    const char *best;  /* the closest candidate so far, or NULL */
    int distance;      /* its distance */
    int case_only;     /* 1 if best equals the word except for case */
} ss_suggester;

void ss_suggest_begin(ss_suggester *s, const char *word);
void ss_suggest_offer(ss_suggester *s, const char *candidate);

/* The closest of candidates[0..n) if it is close enough to word, else NULL. */
const char *ss_suggest(const char *word, const char *const *candidates, size_t n);

/*
** Writes the message tail for the suggester's answer into buf (always
** NUL-terminated when cap > 0): " (did you mean 'x'?)", or
** " (did you mean 'X'? names are case-sensitive)", or "" when there is no
** suggestion. Meant to follow "unknown key 'y'" and the like.
*/
void ss_suggest_hint(const ss_suggester *s, char *buf, size_t cap);

/*
** The case-insensitive optimal-string-alignment distance between a and b, or
** -1 if either is longer than SS_SUGGEST_MAX_LEN.
*/
int ss_suggest_distance(const char *a, const char *b);

/* The largest distance at which a word of len characters gets a suggestion. */
int ss_suggest_max_distance(size_t len);

#ifdef __cplusplus
}
#endif
#endif
