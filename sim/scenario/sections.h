/*
** The parsers of the scenario file's sections, one file each. They check a
** section with the JSON checker, fill the scenario structs (defaults for
** absent keys) and report every problem to jc; they return SS_ENOMEM only
** when memory runs out.
*/
#ifndef SS_SCENARIO_SECTIONS_H
#define SS_SCENARIO_SECTIONS_H

#include "scenario/jcheck.h"
#include "subnetsim/scenario.h"

/* "consensus": fills p on top of its current values (so subnets inherit the top level). */
void ss__scenario_consensus(ss_jc *jc, const cJSON *node, const char *path, ss_yuma_params *p,
                            uint32_t *reveal_period_epochs);

/* One entry of "subnets". */
ss_status ss__scenario_subnet(ss_jc *jc, const cJSON *node, const char *path,
                              const ss_yuma_params *base, uint32_t reveal_period,
                              ss_subnet_config *out);
void ss__scenario_subnet_free(ss_subnet_config *c);

/* "task" of a subnet. */
ss_status ss__scenario_task(ss_jc *jc, const cJSON *node, const char *path, ss_task_config *out);
void ss__scenario_task_free(ss_task_config *t);

/* One entry of "validators" / "miners". */
void ss__scenario_validator_group(ss_jc *jc, const cJSON *node, const char *path,
                                  uint16_t tempo, ss_validator_group *out);
void ss__scenario_miner_group(ss_jc *jc, const cJSON *node, const char *path,
                              ss_miner_group *out);

/* "adversary" of a validator group (validator = true) or a miner group. */
void ss__scenario_adversary(ss_jc *jc, const cJSON *node, const char *path, bool validator,
                            ss_adversary_config *a);

/*
** A distribution: a number (fixed) or {"dist": "uniform"|"normal"|"lognormal"|"fixed", ...}.
** Draws are clamped to [lo, hi], which also bound the parameters.
*/
void ss__scenario_dist(ss_jc *jc, const cJSON *obj, const char *path, const char *key,
                       double lo, double hi, const ss_dist *def, ss_dist *out);

/*
** The keys each section accepts (NULL-terminated), shared with the test that
** keeps docs/scenario.md complete.
*/
extern const char *const ss__keys_top[], *const ss__keys_metrics[], *const ss__keys_log[],
    *const ss__keys_consensus[], *const ss__keys_subnet[], *const ss__keys_common[],
    *const ss__keys_scoring[], *const ss__keys_validator[], *const ss__keys_miner[];

#endif
