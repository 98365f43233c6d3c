/*
** Helpers for the task kinds' unit tests: a subnet's task and miners built
** from a scenario text, without a run, so tests can ask queries one by one.
*/
#ifndef SS_TESTS_TASK_FIXTURE_H
#define SS_TESTS_TASK_FIXTURE_H

#include <stdint.h>

#include "agents/agents.h"
#include "subnetsim/scenario.h"
#include "tasks/task.h"

typedef struct task_fixture {
    ss_scenario *sc;
    ss_task task;
    ss_miner *miners;
    uint32_t n_miners;
    uint32_t n_validators;
    ss_miner_stats *stats;  /* [n_validators][n_miners], miner k's stats at k */
    uint32_t *uids;         /* [n_miners] uids[k] = k: stats are indexed by miner */
    ss_pcg32 rng;           /* the validators' query decisions */
} task_fixture;

/*
** Builds a one-subnet scenario: task is the body of its "task" object,
** miners the body of its "miners" list; n_validators validators. Fails the
** test if the scenario does not load.
*/
void fixture_init(task_fixture *f, const char *task, const char *miners, uint32_t n_validators);
void fixture_fini(task_fixture *f);

/* A query from validator v to miner k at block: make_query then answer. */
void fixture_ask(task_fixture *f, uint32_t v, uint32_t k, uint64_t block, ss_query *q,
                 ss_answer *a);

/* Scores an answer as the run does: observe, then the preset's score, folded. */
double fixture_score(task_fixture *f, const ss_query *q, const ss_answer *a);

/* The subnet's weights as validator v sees them into w[n_miners] (after the transform). */
void fixture_weights(task_fixture *f, uint32_t v, double *w);

/* Index of name in the kind's metric names (fails the test if absent). */
int fixture_metric(const task_fixture *f, const char *name);

#endif
