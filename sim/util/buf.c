/* A growable string buffer whose allocation failures are sticky (checked once at the end). */
#include "subnetsim/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ss_buf_fini(ss_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void ss_buf_reset(ss_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int reserve(ss_buf *b, size_t extra)
{
    if (b->failed)
        return 0;
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void ss_buf_append(ss_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ss_buf_puts(ss_buf *b, const char *s)
{
    ss_buf_append(b, s, strlen(s));
}

void ss_buf_vprintf(ss_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        ss_buf_append(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ss_buf_printf(ss_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ss_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *ss_buf_str(const ss_buf *b)
{
    if (b->failed)
        return NULL;
    return b->data ? b->data : "";
}
