/* A progress bar on stderr for long runs: shown only on a terminal and only after a second. */
#ifndef SS_CLI_PROGRESS_H
#define SS_CLI_PROGRESS_H

#include <stdint.h>

typedef struct ss_progress {
    int enabled;       /* stderr is a terminal and the user did not ask for quiet */
    int shown;         /* a bar has been drawn and must be cleared */
    double started;    /* monotonic seconds */
} ss_progress;

void ss_progress_init(ss_progress *p, int quiet);
/* An ss_run_progress callback; ctx is the ss_progress. */
void ss_progress_update(void *ctx, uint64_t block, uint64_t blocks);
void ss_progress_done(ss_progress *p);

#endif
