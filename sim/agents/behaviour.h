/*
** What agents do, honest or adversarial (docs/adversaries.md). Validators:
** whether they query this block, when they set weights, and which weights.
** Miners: how they answer a query.
*/
#ifndef SS_AGENTS_BEHAVIOUR_H
#define SS_AGENTS_BEHAVIOUR_H

#include "agents/population.h"

/* The adversary kind an agent acts as (SS_ADV_NONE in a baseline run). */
ss_adversary_kind ss_validator_kind(const ss_population *p, const ss_validator *v);
ss_adversary_kind ss_miner_kind(const ss_population *p, const ss_miner *m);

/* Whether validator vi sends queries in block. */
bool ss_validator_queries_now(const ss_population *p, uint32_t vi, uint64_t block);

/* Whether validator vi sets weights in block. */
bool ss_validator_weights_now(const ss_population *p, uint32_t vi, uint64_t block);

/*
** Validator vi's weights over the miners (w[k] for miner k, >= 0) before its
** policy. Returns false when it has nothing to set.
*/
bool ss_validator_weights(ss_population *p, uint32_t vi, uint64_t block, double *w);

/* Miner m's answer to q (drawn when the query is sent). */
void ss_miner_answer(ss_population *p, const ss_query *q, ss_miner *m, ss_answer *a);

#endif
