/*
** The expression lexer: turns source characters into tokens, and the error
** helpers every stage uses to report "column N: message". Columns count
** characters, not bytes, so a caret printed under the source lines up even
** after a pasted '≤'.
*/
#include "tasks/expr_internal.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ss__expr_column(const char *src, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)src[i] & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
            col++;
    return col;
}

int ss__expr_fail(ss__expr_diag *d, size_t off, const char *fmt, ...)
{
    if (d->failed)
        return -1;
    d->failed = 1;
    d->column = ss__expr_column(d->src, off);
    char msg[SS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ss_error_set(d->err, SS_EINVAL, "column %d: %s", d->column, msg);
    return -1;
}

static int is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_name_char(char c)
{
    return is_name_start(c) || is_digit(c);
}

/* Length of the run of name characters and dots at s, for quoting bad words. */
static size_t word_len(const char *s, size_t avail)
{
    size_t n = 0;
    while (n < avail && (is_name_char(s[n]) || s[n] == '.'))
        n++;
    return n;
}

/*
** Converts the number s[0..len) (already checked to be digits, one optional
** '.', an optional exponent) with strtod, whose decimal point follows the
** process locale: the '.' is replaced by the locale's own so that "0.5" reads
** the same under any LC_NUMERIC.
*/
static int convert_number(const char *s, size_t len, double *out)
{
    char buf[512];
    const char *point = localeconv()->decimal_point;
    size_t plen = (point && point[0]) ? strlen(point) : 1;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.' && point && point[0]) {
            if (n + plen >= sizeof buf)
                return -1;
            memcpy(buf + n, point, plen);
            n += plen;
        } else {
            if (n + 1 >= sizeof buf)
                return -1;
            buf[n++] = s[i];
        }
    }
    buf[n] = '\0';
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
    if (end != buf + n)
        return -1;
    /* ERANGE on underflow still gives the nearest representable value. */
    if (errno == ERANGE && isinf(v))
        return -2;
    *out = v;
    return 0;
}

static int lex_number(ss__expr_lexer *lx, ss__expr_token *t)
{
    const char *s = lx->src + lx->pos;
    size_t avail = lx->len - lx->pos, n = 0;
    while (n < avail && is_digit(s[n]))
        n++;
    if (n < avail && s[n] == '.') {
        n++;
        while (n < avail && is_digit(s[n]))
            n++;
    }
    if (n < avail && (s[n] == 'e' || s[n] == 'E')) {
        size_t m = n + 1;
        if (m < avail && (s[m] == '+' || s[m] == '-'))
            m++;
        if (m < avail && is_digit(s[m])) {
            while (m < avail && is_digit(s[m]))
                m++;
            n = m;
        }
    }
    /* "2x", "1.2.3", "1e" and the like: quote the whole word. */
    if (n < avail && (is_name_char(s[n]) || s[n] == '.')) {
        size_t bad = n + word_len(s + n, avail - n);
        return ss__expr_fail(lx->diag, lx->pos, "malformed number '%.*s'",
                             (int)(bad > 40 ? 40 : bad), s);
    }
    int rc = convert_number(s, n, &t->number);
    if (rc == -2)
        return ss__expr_fail(lx->diag, lx->pos, "number '%.*s' is too large",
                             (int)(n > 40 ? 40 : n), s);
    if (rc < 0)
        return ss__expr_fail(lx->diag, lx->pos, "number '%.*s...' has too many digits", 20, s);
    t->kind = SS__TK_NUMBER;
    t->len = n;
    lx->pos += n;
    return 0;
}

static int lex_name(ss__expr_lexer *lx, ss__expr_token *t)
{
    const char *s = lx->src + lx->pos;
    size_t avail = lx->len - lx->pos, n = 0;
    for (;;) {
        while (n < avail && is_name_char(s[n]))
            n++;
        if (n < avail && s[n] == '.') {
            if (n + 1 < avail && is_name_start(s[n + 1])) {
                n++;
                continue;
            }
            size_t bad = n + word_len(s + n, avail - n);
            return ss__expr_fail(lx->diag, lx->pos,
                                 "malformed name '%.*s' (each part after a '.' starts with "
                                 "a letter or '_')", (int)(bad > 80 ? 80 : bad), s);
        }
        break;
    }
    if (n > SS_EXPR_MAX_NAME)
        return ss__expr_fail(lx->diag, lx->pos, "name '%.20s...' is longer than %d characters",
                             s, SS_EXPR_MAX_NAME);
    t->kind = SS__TK_NAME;
    t->len = n;
    lx->pos += n;
    return 0;
}

/* Characters people paste from formulas, with what to write instead. */
static const struct {
    const char *utf8, *use;
} lookalikes[] = {
    {"\xe2\x89\xa4", "<="}, {"\xe2\x89\xa5", ">="}, {"\xe2\x89\xa0", "!="},
    {"\xc3\x97", "*"}, {"\xc3\xb7", "/"}, {"\xe2\x88\x92", "-"}, {"\xc2\xb7", "*"},
    {"\xe2\x80\x93", "-"}, {"\xcf\x80", "pi"},
};

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
    size_t n;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    if (n > avail)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static int bad_character(ss__expr_lexer *lx)
{
    const char *s = lx->src + lx->pos;
    size_t avail = lx->len - lx->pos;
    unsigned char c = (unsigned char)s[0];
    ss__expr_diag *d = lx->diag;
    switch (c) {
    case '=': return ss__expr_fail(d, lx->pos, "unexpected '=' (use '==' to compare)");
    case '!': return ss__expr_fail(d, lx->pos, "unexpected '!' (use 'not', or '!=')");
    case '&': return ss__expr_fail(d, lx->pos, "unexpected '&' (use 'and')");
    case '|': return ss__expr_fail(d, lx->pos, "unexpected '|' (use 'or')");
    case '"': case '\'':
        return ss__expr_fail(d, lx->pos, "unexpected quote: expressions have no strings");
    default: break;
    }
    if (c >= 0x21 && c < 0x7F)
        return ss__expr_fail(d, lx->pos, "unexpected character '%c'", c);
    size_t n = utf8_len((const unsigned char *)s, avail);
    if (n == 0)
        return ss__expr_fail(d, lx->pos, "unexpected byte 0x%02X", c);
    for (size_t i = 0; i < sizeof lookalikes / sizeof lookalikes[0]; i++)
        if (strlen(lookalikes[i].utf8) == n && memcmp(lookalikes[i].utf8, s, n) == 0)
            return ss__expr_fail(d, lx->pos, "unexpected character '%.*s' (use '%s')",
                                 (int)n, s, lookalikes[i].use);
    return ss__expr_fail(d, lx->pos, "unexpected character '%.*s'", (int)n, s);
}

int ss__expr_lex(ss__expr_lexer *lx, ss__expr_token *t)
{
    while (lx->pos < lx->len) {
        char c = lx->src[lx->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        lx->pos++;
    }
    t->off = lx->pos;
    t->len = 0;
    t->number = 0.0;
    if (lx->pos >= lx->len) {
        t->kind = SS__TK_END;
        return 0;
    }
    const char *s = lx->src + lx->pos;
    char next = lx->pos + 1 < lx->len ? s[1] : '\0';
    if (is_digit(s[0]) || (s[0] == '.' && is_digit(next)))
        return lex_number(lx, t);
    if (is_name_start(s[0]))
        return lex_name(lx, t);

    size_t n = 1;
    switch (s[0]) {
    case '(': t->kind = SS__TK_LPAREN; break;
    case ')': t->kind = SS__TK_RPAREN; break;
    case ',': t->kind = SS__TK_COMMA; break;
    case '+': t->kind = SS__TK_PLUS; break;
    case '-': t->kind = SS__TK_MINUS; break;
    case '/': t->kind = SS__TK_SLASH; break;
    case '%': t->kind = SS__TK_PERCENT; break;
    case '^': t->kind = SS__TK_CARET; break;
    case '*':
        if (next == '*')
            return ss__expr_fail(lx->diag, lx->pos, "unexpected '**' (use '^' for powers)");
        t->kind = SS__TK_STAR;
        break;
    case '<':
        if (next == '>')
            return ss__expr_fail(lx->diag, lx->pos, "unexpected '<>' (use '!=')");
        t->kind = next == '=' ? SS__TK_LE : SS__TK_LT;
        n = next == '=' ? 2 : 1;
        break;
    case '>':
        t->kind = next == '=' ? SS__TK_GE : SS__TK_GT;
        n = next == '=' ? 2 : 1;
        break;
    case '=':
        if (next != '=')
            return bad_character(lx);
        t->kind = SS__TK_EQ;
        n = 2;
        break;
    case '!':
        if (next != '=')
            return bad_character(lx);
        t->kind = SS__TK_NE;
        n = 2;
        break;
    case '&':
        if (next == '&')
            return ss__expr_fail(lx->diag, lx->pos, "unexpected '&&' (use 'and')");
        return bad_character(lx);
    case '|':
        if (next == '|')
            return ss__expr_fail(lx->diag, lx->pos, "unexpected '||' (use 'or')");
        return bad_character(lx);
    default:
        return bad_character(lx);
    }
    t->len = n;
    lx->pos += n;
    return 0;
}

void ss__expr_describe(const ss__expr_lexer *lx, const ss__expr_token *t, char *buf, size_t cap)
{
    if (t->kind == SS__TK_END)
        snprintf(buf, cap, "end of expression");
    else
        snprintf(buf, cap, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), lx->src + t->off);
}
