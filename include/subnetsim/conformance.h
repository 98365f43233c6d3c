/*
** The conformance runner behind `subnetsim conformance`: replays vector files
** of every known schema (the chain's Yuma epoch and math vectors
** "yuma-vector/1", the reference tool's "yuma-sim-peer-vector/1", and the
** emission vectors) and reports every comparison, as text or as one JSON
** document.
*/
#ifndef SUBNETSIM_CONFORMANCE_H
#define SUBNETSIM_CONFORMANCE_H

#include <stdbool.h>
#include <stdio.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ss_conformance_options {
    bool json;        /* one JSON document instead of text lines */
    bool verbose;     /* text mode: list every check, not only failures */
    bool float_mode;  /* replay chain vectors in float64 mode (default chain) */
} ss_conformance_options;

typedef struct ss_conformance_totals {
    long files, passed, failed, skipped, unreadable;
} ss_conformance_totals;

/*
** Replays each file and writes the report to out. A file that cannot be read
** or has an unknown schema is reported (and counted in unreadable) without
** stopping the others. Returns SS_OK unless writing failed.
*/
ss_status ss_conformance_run(const char *const *files, int nfiles,
                             const ss_conformance_options *opt, FILE *out,
                             ss_conformance_totals *totals, ss_error *err);

#ifdef __cplusplus
}
#endif
#endif
