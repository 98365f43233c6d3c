/* The table of task kinds and the per-subnet task object. */
#include "tasks/task.h"

#include <stdlib.h>

static const ss_task_kind_desc *const kinds[SS_TASK_KINDS] = {
    [SS_TASK_TEXT] = &ss__text_task,
    [SS_TASK_INFERENCE] = &ss__inference_task,
    [SS_TASK_TRADING] = &ss__trading_task,
    [SS_TASK_STORAGE] = &ss__storage_task,
};

const ss_task_kind_desc *ss_task_kind_desc_of(ss_task_kind kind)
{
    return (unsigned)kind < SS_TASK_KINDS ? kinds[kind] : NULL;
}

ss_status ss_task_init(ss_task *t, const ss_task_config *cfg, uint32_t netuid, uint64_t seed,
                       uint32_t n_miners, uint32_t n_validators, ss_error *err)
{
    t->cfg = cfg;
    t->desc = ss_task_kind_desc_of(cfg->kind);
    t->netuid = netuid;
    t->seed = seed;
    t->n_miners = n_miners;
    t->n_validators = n_validators;
    t->state = NULL;
    if (!t->desc || cfg->preset >= t->desc->n_presets)
        return ss_error_set(err, SS_EINTERNAL, "subnet %u: task kind %d is not built", netuid,
                            (int)cfg->kind);
    t->preset = &t->desc->presets[cfg->preset];
    if (t->desc->state_size) {
        t->state = calloc(1, t->desc->state_size);
        if (!t->state)
            return ss_error_set(err, SS_ENOMEM, "out of memory creating the task of subnet %u",
                                netuid);
    }
    if (t->desc->init) {
        ss_status st = t->desc->init(t, err);
        if (st != SS_OK) {
            if (t->desc->fini)
                t->desc->fini(t); /* frees what init allocated before it failed */
            free(t->state);
            t->state = NULL;
            return st;
        }
    }
    return SS_OK;
}

void ss_task_fini(ss_task *t)
{
    if (t->desc && t->desc->fini)
        t->desc->fini(t);
    free(t->state);
    t->state = NULL;
}
