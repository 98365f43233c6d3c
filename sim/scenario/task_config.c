/* The "task" section of a subnet: which task kind validators query and how answers are scored. */
#include "scenario/sections.h"

static const char *const task_keys[] = {"kind", "timeout_ms", "latency_target_ms",
                                        "latency_weight", NULL};
static const char *const task_kinds[] = {"text", NULL};

const char *ss_task_kind_name(ss_task_kind kind)
{
    return (unsigned)kind < sizeof task_kinds / sizeof task_kinds[0] - 1 ? task_kinds[kind]
                                                                         : "unknown";
}

void ss__scenario_task(ss_jc *jc, const cJSON *node, const char *path, ss_task_config *out)
{
    out->kind = SS_TASK_TEXT;
    out->timeout_ms = 12000;
    out->latency_target_ms = 1000;
    out->latency_weight = 0.3;
    if (!node || !ss_jc_object(jc, node, path, task_keys))
        return;
    int kind;
    if (ss_jc_enum(jc, node, path, "kind", task_kinds, 0, &kind))
        out->kind = (ss_task_kind)kind;
    ss_jc_int(jc, node, path, "timeout_ms", 1, 3600000, out->timeout_ms, &out->timeout_ms);
    ss_jc_num(jc, node, path, "latency_target_ms", 0, 3600000, out->latency_target_ms,
              &out->latency_target_ms);
    ss_jc_num(jc, node, path, "latency_weight", 0, 1, out->latency_weight, &out->latency_weight);
    if (out->latency_target_ms >= (double)out->timeout_ms)
        ss_jc_error(jc, path, "latency_target_ms (%g) must be below timeout_ms (%lld)",
                    out->latency_target_ms, (long long)out->timeout_ms);
}
