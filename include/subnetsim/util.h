/*
** Small helpers shared by the library and the command: reading whole files
** and a growable string buffer.
*/
#ifndef SUBNETSIM_UTIL_H
#define SUBNETSIM_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Reads the whole file at path into a new NUL-terminated buffer (*out, owned
** by the caller, free() it) of *len bytes (len may be NULL).
*/
ss_status ss_read_file(const char *path, char **out, size_t *len, ss_error *err);

/* A growable NUL-terminated string. Zero-initialise, then append; free with ss_buf_fini. */
typedef struct ss_buf {
    char *data;
    size_t len, cap;
    int failed; /* sticky: set once an allocation failed */
} ss_buf;

void ss_buf_fini(ss_buf *b);
void ss_buf_reset(ss_buf *b);
void ss_buf_append(ss_buf *b, const char *s, size_t n);
void ss_buf_puts(ss_buf *b, const char *s);
void ss_buf_printf(ss_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ss_buf_vprintf(ss_buf *b, const char *fmt, va_list ap);
/* The contents ("" when empty), or NULL if an allocation failed. */
const char *ss_buf_str(const ss_buf *b);

#ifdef __cplusplus
}
#endif
#endif
