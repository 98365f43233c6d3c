/*
** The run database: one SQLite file per run, written by an ss_recorder that
** observes the run (docs/schema.md describes the tables).
**
** Only the run table holds wall-clock facts (start and end time, status);
** every other table is a pure function of the scenario and the seed. The run
** is marked 'complete' only after its last block was simulated and written.
*/
#ifndef SUBNETSIM_RECORD_H
#define SUBNETSIM_RECORD_H

#include "subnetsim/run.h"
#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SS_SCHEMA_VERSION 3

typedef struct ss_recorder ss_recorder;

/* Creates path afresh (an existing file there is replaced) with the schema. */
ss_status ss_recorder_open(const char *path, ss_recorder **out, ss_error *err);

/* The observer to pass in ss_run_options; valid while the recorder is open. */
const ss_run_observer *ss_recorder_observer(ss_recorder *rec);

/* Marks the run failed with message (after an error), so the file never claims to be complete. */
ss_status ss_recorder_fail(ss_recorder *rec, const char *message, ss_error *err);

/* Closes the database; safe on NULL. */
void ss_recorder_close(ss_recorder *rec);

#ifdef __cplusplus
}
#endif
#endif
