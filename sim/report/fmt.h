/*
** Deterministic text for reports: numbers formatted by integer arithmetic (never
** by the C locale), rao as alpha, shares as percentages, and escaping for HTML
** and Markdown. The same value always gives the same bytes.
*/
#ifndef SS_REPORT_FMT_H
#define SS_REPORT_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "subnetsim/util.h"

/* Longest text any ss__fmt_* function writes into a char buffer, with the NUL. */
#define SS_FMT_MAX 48

/*
** v with exactly `decimals` digits after the point (0..12), rounded half away
** from zero; group != 0 separates thousands with commas. NaN and infinities
** read "—". Returns out.
*/
char *ss__fmt_fixed(char *out, double v, int decimals, int group);

/* The number of decimals that shows v to `sig` significant digits (0..12). */
int ss__fmt_sig_decimals(double v, int sig);

/* v to `sig` significant digits, thousands grouped, trailing zeros kept. */
char *ss__fmt_sig(char *out, double v, int sig);

/* A share in [0, 1] as a percentage with `decimals` decimals: 0.1234 -> "12.3%". */
char *ss__fmt_pct(char *out, double share, int decimals);

/* An integer with thousands grouped: 14400 -> "14,400". */
char *ss__fmt_int(char *out, int64_t v);

/* An amount in rao as alpha/TAO with `decimals` decimals, exactly (integer arithmetic). */
char *ss__fmt_rao(char *out, int64_t rao, int decimals);

/*
** An alpha amount for tables: two decimals from 1 alpha up, all nine below
** ("0.000000863"), "0" for zero. No unit.
*/
char *ss__fmt_alpha(char *out, int64_t rao);

/* Blocks as days: 14400 -> "2.00" (12 s blocks, 7200 a day). */
char *ss__fmt_days(char *out, int64_t blocks);

/* Appending versions for building documents. */
void ss__fmt_buf_fixed(ss_buf *b, double v, int decimals, int group);
void ss__fmt_buf_sig(ss_buf *b, double v, int sig);
void ss__fmt_buf_pct(ss_buf *b, double share, int decimals);
void ss__fmt_buf_int(ss_buf *b, int64_t v);
void ss__fmt_buf_rao(ss_buf *b, int64_t rao, int decimals);

/* s with &, <, >, " and ' escaped for HTML text and attribute values. */
void ss__fmt_html(ss_buf *b, const char *s);

/* s made safe for one Markdown table cell: | and \ escaped, newlines as spaces. */
void ss__fmt_md(ss_buf *b, const char *s);

#endif
