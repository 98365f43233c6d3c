/*
** Replay of conformance vector files (sim/conformance/): the reporter that
** collects one check per compared quantity, and the replayers, one per vector
** schema, that compute what the files expect and report each comparison.
**
** A replayer gets the parsed document and adds checks to an ss_conf_file. It
** returns an error status only when the file cannot be replayed at all
** (malformed or unsupported); a wrong number is a failed check, not an error.
*/
#ifndef SS_CONFORMANCE_H
#define SS_CONFORMANCE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "subnetsim/status.h"

typedef struct ss_conf_file ss_conf_file;

/*
** Adds a check. expected and got are taken over by the report (they may be
** any JSON value: number, bool, array, matrix); tol < 0 means exact.
** where locates the check ("case 0 / step 3", "run bp0.5 / epoch 12").
*/
void ss_conf_add(ss_conf_file *f, const char *where, const char *quantity,
                 cJSON *expected, cJSON *got, double tol, bool pass);

/* Adds a check that was not evaluated (e.g. a degenerate epoch). */
void ss_conf_skip(ss_conf_file *f, const char *where, const char *quantity,
                  cJSON *expected, cJSON *got, const char *why);

/* Convenience: compares two numbers with |got - expected| <= tol (tol < 0: equal). */
bool ss_conf_number(ss_conf_file *f, const char *where, const char *quantity,
                    double expected, double got, double tol);

/* Selects the float or chain numeric mode where a vector supports both. */
bool ss_conf_float_mode(const ss_conf_file *f);

/* Replayers, one per schema. */
typedef ss_status (*ss_conf_replayer)(const cJSON *doc, ss_conf_file *f, ss_error *err);

ss_status ss__conf_replay_yuma(const cJSON *doc, ss_conf_file *f, ss_error *err);
ss_status ss__conf_replay_peer(const cJSON *doc, ss_conf_file *f, ss_error *err);
ss_status ss__conf_replay_emission(const cJSON *doc, ss_conf_file *f, ss_error *err);

#endif
