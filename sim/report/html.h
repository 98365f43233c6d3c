/*
** The HTML report: one self-contained page (inline CSS and SVG, no script,
** no external resource). html.c writes a single run; compare.c reuses the
** page frame and tables for an A/B report.
*/
#ifndef SS_REPORT_HTML_H
#define SS_REPORT_HTML_H

#include "report/rdata.h"
#include "subnetsim/report.h"
#include "subnetsim/util.h"

/* The report of one run. */
void ss__html_report(ss_buf *o, const ss__rd *d, const ss_report_options *opt);

/* Page frame: <head> with the stylesheet and <title>, then <body><header> with h1. */
void ss__html_begin(ss_buf *o, const char *title);
/* Closes <main>, writes the footer and closes the page. */
void ss__html_end(ss_buf *o, const ss__rd *d);

/* <section id> with an h2 and a lead sentence saying what it shows and how to read it. */
void ss__html_section(ss_buf *o, const char *id, const char *heading, const char *lead);
void ss__html_section_end(ss_buf *o);
/* A one-line note standing in for something the run did not record. */
void ss__html_note(ss_buf *o, const char *text);
/* A warning box when the run's status is not complete; nothing otherwise. */
void ss__html_status_warning(ss_buf *o, const ss__rd *d, const char *tag);

/* Table cells: text (escaped) and numbers (right-aligned). */
void ss__html_th(ss_buf *o, const char *text, int numeric);
void ss__html_td(ss_buf *o, const char *text);
void ss__html_td_num(ss_buf *o, const char *text);

#endif
