/*
** Deterministic number formatting for reports. Digits come from integer
** arithmetic rather than printf's %f or %g so that no locale (a decimal comma,
** a grouping character) can change a report's bytes.
*/
#include "report/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char dash[] = "\xe2\x80\x94"; /* "—" for values that do not exist */

static const double pow10_d[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
};
static const uint64_t pow10_u[] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
};

/* Writes whole (grouped if asked) and `decimals` digits of frac into out. */
static char *compose(char *out, int neg, uint64_t whole, uint64_t frac, int decimals,
                     int group)
{
    char digits[32];
    int n = 0;
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    char *p = out;
    if (neg)
        *p++ = '-';
    for (int i = n - 1; i >= 0; i--) {
        *p++ = digits[i];
        if (group && i > 0 && i % 3 == 0)
            *p++ = ',';
    }
    if (decimals > 0) {
        *p++ = '.';
        for (int i = decimals - 1; i >= 0; i--) {
            *p++ = (char)('0' + (frac / pow10_u[i]) % 10);
        }
    }
    *p = '\0';
    return out;
}

static int clamp_decimals(int d)
{
    return d < 0 ? 0 : d > 12 ? 12 : d;
}

char *ss__fmt_fixed(char *out, double v, int decimals, int group)
{
    if (!isfinite(v)) {
        memcpy(out, dash, sizeof dash);
        return out;
    }
    decimals = clamp_decimals(decimals);
    double scaled = fabs(v) * pow10_d[decimals];
    if (scaled >= 9e15) {
        /* Beyond exact integers in a double: mantissa and exponent, still without printf. */
        int e = (int)floor(log10(fabs(v)));
        char exp_s[16];
        ss__fmt_fixed(out, v / pow(10.0, e), 3, 0);
        snprintf(exp_s, sizeof exp_s, "e%d", e);
        strcat(out, exp_s);   /* "-9.999" and "e-308" fit SS_FMT_MAX many times over */
        return out;
    }
    uint64_t q = (uint64_t)llround(scaled);
    uint64_t p = pow10_u[decimals];
    return compose(out, v < 0 && q != 0, q / p, q % p, decimals, group);
}

int ss__fmt_sig_decimals(double v, int sig)
{
    if (!isfinite(v) || v == 0)
        return 0;
    double a = fabs(v);
    int e = (int)floor(log10(a));
    int d = clamp_decimals(sig - 1 - e);
    /* 9.996 to 3 digits rounds up to 10.0, which needs one decimal fewer. */
    if (d > 0 && d <= 12 && llround(a * pow10_d[d]) >= (long long)pow10_u[sig < 12 ? sig : 12])
        d--;
    return d;
}

char *ss__fmt_sig(char *out, double v, int sig)
{
    return ss__fmt_fixed(out, v, ss__fmt_sig_decimals(v, sig), 1);
}

char *ss__fmt_pct(char *out, double share, int decimals)
{
    ss__fmt_fixed(out, share * 100.0, decimals, 1);
    if (isfinite(share))
        strcat(out, "%");
    return out;
}

char *ss__fmt_int(char *out, int64_t v)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    return compose(out, v < 0, mag, 0, 0, 1);
}

char *ss__fmt_rao(char *out, int64_t rao, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    uint64_t mag = rao < 0 ? (uint64_t)0 - (uint64_t)rao : (uint64_t)rao;
    uint64_t div = pow10_u[9 - decimals];
    uint64_t q = mag / div + (mag % div >= (div + 1) / 2 && div > 1 ? 1 : 0);
    uint64_t p = pow10_u[decimals];
    return compose(out, rao < 0 && q != 0, q / p, q % p, decimals, 1);
}

char *ss__fmt_alpha(char *out, int64_t rao)
{
    uint64_t mag = rao < 0 ? (uint64_t)0 - (uint64_t)rao : (uint64_t)rao;
    if (mag >= 1000000000ull || mag == 0)
        return ss__fmt_rao(out, rao, mag ? 2 : 0);
    /* Below one alpha: every rao, so that a column of small amounts lines up. */
    return ss__fmt_rao(out, rao, 9);
}

char *ss__fmt_days(char *out, int64_t blocks)
{
    return ss__fmt_fixed(out, (double)blocks / 7200.0, 2, 1);
}

void ss__fmt_buf_fixed(ss_buf *b, double v, int decimals, int group)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_fixed(s, v, decimals, group));
}

void ss__fmt_buf_sig(ss_buf *b, double v, int sig)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_sig(s, v, sig));
}

void ss__fmt_buf_pct(ss_buf *b, double share, int decimals)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_pct(s, share, decimals));
}

void ss__fmt_buf_int(ss_buf *b, int64_t v)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_int(s, v));
}

void ss__fmt_buf_rao(ss_buf *b, int64_t rao, int decimals)
{
    char s[SS_FMT_MAX];
    ss_buf_puts(b, ss__fmt_rao(s, rao, decimals));
}

void ss__fmt_html(ss_buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        ss_buf_append(b, run, (size_t)(s - run));
        ss_buf_puts(b, rep);
        run = s + 1;
    }
    ss_buf_append(b, run, (size_t)(s - run));
}

void ss__fmt_md(ss_buf *b, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\r' || c == '\t') {
            ss_buf_puts(b, " ");
        } else if (strchr("\\`*_[]<>|#", c)) {
            char esc[2] = {'\\', c};
            ss_buf_append(b, esc, 2);
        } else {
            ss_buf_append(b, &c, 1);
        }
    }
}
