/*
** Status codes and error messages shared by every module.
**
** A function that can fail returns an ss_status (SS_OK is 0, failures are
** negative) and, when given a non-NULL ss_error, leaves one line there saying
** what went wrong with enough context to act on it: the file, the JSON path,
** the offending value and what was expected.
*/
#ifndef SUBNETSIM_STATUS_H
#define SUBNETSIM_STATUS_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ss_status {
    SS_OK = 0,
    SS_ENOMEM = -1,   /* allocation failed */
    SS_EINVAL = -2,   /* invalid input: scenario, arguments, vector files */
    SS_EIO = -3,      /* file could not be read or written */
    SS_EDB = -4,      /* SQLite reported an error */
    SS_EAUDIT = -5,   /* the money audit found a difference */
    SS_ERANGE = -6,   /* a value is outside what the model supports */
    SS_EPLUGIN = -7,  /* a scoring plugin could not be loaded or failed */
    SS_EINTERNAL = -8 /* a broken invariant; a bug in subnetsim */
} ss_status;

#define SS_ERROR_MSG_MAX 1024

typedef struct ss_error {
    ss_status code;
    char msg[SS_ERROR_MSG_MAX];
} ss_error;

/* Clears err (if non-NULL) to SS_OK and an empty message. */
void ss_error_clear(ss_error *err);

/*
** Records code and a printf-style message in err (if non-NULL) and returns
** code, so a failing path can read `return ss_error_set(err, SS_EINVAL, ...)`.
** Messages longer than SS_ERROR_MSG_MAX are truncated.
*/
ss_status ss_error_set(ss_error *err, ss_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ss_status ss_error_setv(ss_error *err, ss_status code, const char *fmt, va_list ap);

/* Short constant name of a status, e.g. "invalid input". */
const char *ss_status_name(ss_status code);

#ifdef __cplusplus
}
#endif
#endif
