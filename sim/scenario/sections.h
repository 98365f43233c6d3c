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

/* What consensus settings a subnet starts from (the top level's). */
typedef struct ss_consensus_base {
    ss_yuma_params yuma;
    uint32_t reveal_period_epochs;
    bool reveal_mask;
} ss_consensus_base;

/* "consensus": fills b on top of its current values (so subnets inherit the top level). */
void ss__scenario_consensus(ss_jc *jc, const cJSON *node, const char *path,
                            ss_consensus_base *b);

/* "network": the economy's constants and the agents that move money; subnets come after. */
ss_status ss__scenario_network(ss_jc *jc, const cJSON *node, const char *path,
                               const ss_consensus_base *base, ss_network_config *out);
void ss__scenario_network_free(ss_network_config *n);
/* Relations between the network and the subnets (netuids, targets). */
void ss__scenario_network_check(ss_jc *jc, const cJSON *node, ss_scenario *sc);

/*
** Economy constants of obj by their descriptor names (econ_params.h) into p,
** or into sp when sp is not NULL (subnet scope only); skip lists names to leave.
*/
void ss__scenario_econ_params(ss_jc *jc, const cJSON *obj, const char *path, ss_econ_params *p,
                              ss_econ_subnet_params *sp, const char *const *skip);

/* One entry of "subnets" (also a creator's template; template: no netuid). */
ss_status ss__scenario_subnet(ss_jc *jc, const cJSON *node, const char *path,
                              const ss_consensus_base *base, const ss_network_config *net,
                              bool template, ss_subnet_config *out);
void ss__scenario_subnet_free(ss_subnet_config *c);

/* "task" of a subnet. */
ss_status ss__scenario_task(ss_jc *jc, const cJSON *node, const char *path, ss_task_config *out);
void ss__scenario_task_free(ss_task_config *t);

/* One entry of "validators" / "miners". */
void ss__scenario_validator_group(ss_jc *jc, const cJSON *node, const char *path,
                                  uint16_t tempo, uint16_t default_take, ss_validator_group *out);
void ss__scenario_miner_group(ss_jc *jc, const cJSON *node, const char *path,
                              ss_miner_group *out);

/* Which groups an adversary kind belongs on. */
typedef enum ss_adv_group {
    SS_ADV_GROUP_VALIDATOR = 0,
    SS_ADV_GROUP_MINER = 1,
    SS_ADV_GROUP_STAKER = 2
} ss_adv_group;

/* "adversary" of a validator, miner or staker group. */
void ss__scenario_adversary(ss_jc *jc, const cJSON *node, const char *path, ss_adv_group group,
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
    *const ss__keys_scoring[], *const ss__keys_validator[], *const ss__keys_miner[],
    *const ss__keys_arrivals[], *const ss__keys_pool[], *const ss__keys_network[],
    *const ss__keys_staker[], *const ss__keys_flows[], *const ss__keys_action[],
    *const ss__keys_creator[];

#endif
