/* "Did you mean": the closest of a list of known words to a misspelled one. */
#ifndef SUBNETSIM_SUGGEST_H
#define SUBNETSIM_SUGGEST_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
** Returns the candidate closest to word by optimal-string-alignment distance
** when it is close enough to be a plausible misspelling, else NULL.
*/
const char *ss_suggest(const char *word, const char *const *candidates, size_t n);

#ifdef __cplusplus
}
#endif
#endif
