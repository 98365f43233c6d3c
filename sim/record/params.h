/* Writing a run's effective parameters into the params table. */
#ifndef SS_RECORD_PARAMS_H
#define SS_RECORD_PARAMS_H

#include <sqlite3.h>

#include "subnetsim/scenario.h"

/* Inserts every parameter of sc; returns an SQLite result code. */
int ss__record_params(sqlite3 *db, const ss_scenario *sc);

#endif
