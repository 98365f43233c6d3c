/*
** Tasks: how a miner answers a validator's query and how the validator
** scores the answer. An answer is drawn when the query is sent (its quality
** and latency come from the miner's hidden traits and its own random
** streams); it is scored when it arrives, or as a timeout.
*/
#ifndef SS_TASKS_TASK_H
#define SS_TASKS_TASK_H

#include <stdbool.h>

#include "agents/agents.h"
#include "subnetsim/scenario.h"

typedef struct ss_answer {
    double quality;     /* in [0, 1] */
    double latency_ms;  /* time until the answer reaches the validator */
    bool timed_out;     /* latency_ms >= the task's timeout */
} ss_answer;

/* The miner's answer to one query. */
void ss_task_answer(const ss_task_config *t, ss_miner *m, ss_answer *a);

/* The validator's score in [0, 1] for an answer it judged to have observed_quality. */
double ss_task_score(const ss_task_config *t, const ss_answer *a, double observed_quality);

#endif
