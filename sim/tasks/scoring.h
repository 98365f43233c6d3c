/*
** The scoring pipeline shared by every task kind: folding per-answer scores
** into a validator's statistics of a miner, the subnet's transform from
** statistics to weights, and the validator's own weight policy.
*/
#ifndef SS_TASKS_SCORING_H
#define SS_TASKS_SCORING_H

#include "agents/agents.h"
#include "tasks/task.h"

/*
** Folds one answer's score into a miner's statistics (ema_alpha: weight of the
** new score); a NaN score only counts the answer.
*/
void ss_stats_fold(ss_miner_stats *st, double score, bool ok, double ema_alpha);

/* The aggregated value of a miner's statistics under cfg->aggregate. */
double ss_stats_value(const ss_miner_stats *st, const ss_scoring_config *cfg);

/* Starts a new aggregation window after weights were set. */
void ss_stats_new_window(ss_miner_stats *st, const ss_scoring_config *cfg);

/*
** The subnet's weights for n miners as validator (its index among the
** subnet's validators) sees them (uids[k] is miner k's UID, stats indexed by
** UID): the preset's weights function or the fold's values, then the
** transform; w[k] >= 0, normalised to sum 1 (all zero if nothing was scored).
*/
void ss_scoring_weights(const ss_task *t, uint32_t validator, const ss_miner_stats *stats,
                        const uint32_t *uids, uint32_t n, double *w);

/* Applies a transform in place (normalising first); w[k] >= 0 on return. */
void ss_transform_apply(const ss_scoring_config *cfg, double *w, uint32_t n);

/*
** Mixes v's new vector into its history of the last average_last vectors and
** replaces w with their mean (no-op when average_last <= 1).
*/
void ss_weights_average(ss_validator *v, uint32_t average_last, double *w, uint32_t n);

/*
** The validator's policy: top-k or winner-takes-all, sharpening, then the burn
** share for the owner. On return w sums to 1 - *burn (or is all zero) and
** *burn is the owner's weight.
*/
void ss_policy_apply(const ss_validator_group *g, double *w, uint32_t n, double *burn);

#endif
