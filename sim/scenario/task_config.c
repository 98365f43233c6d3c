/*
** The "task" section of a subnet: the task kind, its preset scoring function
** and parameters (from the kind's descriptor in sim/tasks/), and the
** "scoring" overrides.
*/
#include "scenario/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/expr.h"
#include "subnetsim/plugin.h"
#include "tasks/scorer.h"
#include "tasks/task.h"

#define MAX_KEYS (8 + SS_TASK_PARAMS_MAX)

const char *const ss__keys_common[] = {"kind", "preset", "timeout_ms", "organic_fraction",
                                       "scoring", NULL};
const char *const ss__keys_scoring[] = {"expression", "plugin", "plugin_config",
                                           "aggregate", "ema_alpha",
                                           "transform", "steepness_p", "power", "temperature",
                                           "average_last", NULL};
static const char *const aggregate_names[] = {"ema", "mean", "sum", NULL};
static const char *const transform_names[] = {"none", "steepness", "power", "softmax", NULL};

const char *ss_task_kind_name(ss_task_kind kind)
{
    const ss_task_kind_desc *d = ss_task_kind_desc_of(kind);
    return d ? d->name : "unknown";
}

/* A plugin path relative to the scenario file's folder (absolute paths stay). */
static char *resolve(const char *file, const char *path)
{
    const char *slash = strrchr(file, '/');
    if (path[0] == '/' || !slash)
        return strdup(path);
    size_t dir = (size_t)(slash - file);
    char *out = malloc(dir + 1 + strlen(path) + 1);
    if (out)
        sprintf(out, "%.*s/%s", (int)dir, file, path);
    return out;
}

/* Compiles the expression against the kind's variables, reporting errors at its path. */
static void check_expression(ss_jc *jc, const char *path, const ss_task_kind_desc *d,
                             const char *src)
{
    ss_scorer *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ss_jc_error(jc, path, "out of memory checking the expression");
        return;
    }
    ss_expr_scope scope;
    ss_scorer_scope(sc, d, &scope);
    ss_expr *e = NULL;
    int column;
    ss_error err;
    if (ss_expr_compile(src, &scope, SS_EXPR_NUMBER, &e, &column, &err) != SS_OK) {
        char p[SS_JC_PATH_MAX];
        ss_jc_error(jc, ss_jc_key_path(p, path, "expression"), "%s", err.msg);
    }
    ss_expr_destroy(e);
    free(sc);
}

/* Loads the plugin once (and unloads it) so a broken one is reported at validation. */
static void check_plugin(ss_jc *jc, const char *path, const ss_task_kind_desc *d,
                         const ss_scoring_config *c)
{
    ss_task t;
    ss_task_config tc;
    memset(&t, 0, sizeof t);
    memset(&tc, 0, sizeof tc);
    tc.scoring = *c;
    tc.scoring.expression = NULL;
    t.cfg = &tc;
    t.desc = d;
    t.preset = &d->presets[0];
    ss_scorer *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ss_jc_error(jc, path, "out of memory checking the plugin");
        return;
    }
    ss_error err;
    char p[SS_JC_PATH_MAX];
    if (ss_scorer_init(sc, &t, &err) != SS_OK)
        ss_jc_error(jc, ss_jc_key_path(p, path, "plugin"), "%s", err.msg);
    ss_scorer_fini(sc);
    free(sc);
}

static ss_status scoring(ss_jc *jc, const cJSON *node, const char *path,
                         const ss_task_kind_desc *d, ss_scoring_config *s)
{
    if (!node || !ss_jc_object(jc, node, path, ss__keys_scoring))
        return SS_OK;
    const char *str;
    int i;
    int64_t v;
    if (ss_jc_str(jc, node, path, "expression", NULL, &str) && str) {
        if (!*str)
            ss_jc_error(jc, path, "'expression' is empty");
        else if (!(s->expression = strdup(str)))
            return SS_ENOMEM;
    }
    if (ss_jc_str(jc, node, path, "plugin", NULL, &str) && str) {
        if (!*str)
            ss_jc_error(jc, path, "'plugin' is empty; expected the path of a shared object");
        else if (!(s->plugin = resolve(jc->file, str)))
            return SS_ENOMEM;
    }
    if (ss_jc_str(jc, node, path, "plugin_config", NULL, &str) && str &&
        !(s->plugin_config = strdup(str)))
        return SS_ENOMEM;
    if (s->expression && s->plugin)
        ss_jc_error(jc, path, "give either 'expression' or 'plugin', not both");
    if (ss_jc_enum(jc, node, path, "aggregate", aggregate_names, (int)s->aggregate, &i))
        s->aggregate = (ss_aggregate)i;
    ss_jc_num(jc, node, path, "ema_alpha", 0, 1, s->ema_alpha, &s->ema_alpha);
    if (ss_jc_enum(jc, node, path, "transform", transform_names, (int)s->transform, &i))
        s->transform = (ss_transform)i;
    ss_jc_num(jc, node, path, "steepness_p", 0.01, 0.99, s->steepness_p, &s->steepness_p);
    ss_jc_num(jc, node, path, "power", 0.01, 100, s->power, &s->power);
    ss_jc_num(jc, node, path, "temperature", 1e-6, 1e6, s->temperature, &s->temperature);
    if (ss_jc_int(jc, node, path, "average_last", 1, 1000, s->average_last, &v))
        s->average_last = (uint32_t)v;
    if (s->expression && !s->plugin)
        check_expression(jc, path, d, s->expression);
    if (s->plugin && !s->expression)
        check_plugin(jc, path, d, s);
    return SS_OK;
}

ss_status ss__scenario_task(ss_jc *jc, const cJSON *node, const char *path, ss_task_config *out)
{
    memset(out, 0, sizeof *out);
    out->kind = SS_TASK_TEXT;
    out->timeout_ms = 12000;
    if (node && !cJSON_IsObject(node)) {
        ss_jc_object(jc, node, path, ss__keys_common); /* reports the type */
        node = NULL;
    }

    /* The kind decides which other keys exist. */
    const char *kinds[SS_TASK_KINDS + 1];
    ss_task_kind kind_of[SS_TASK_KINDS];
    int nk = 0;
    for (int k = 0; k < SS_TASK_KINDS; k++)
        if (ss_task_kind_desc_of((ss_task_kind)k)) {
            kind_of[nk] = (ss_task_kind)k;
            kinds[nk++] = ss_task_kind_desc_of((ss_task_kind)k)->name;
        }
    kinds[nk] = NULL;
    int k = 0;
    if (node && ss_jc_enum(jc, node, path, "kind", kinds, 0, &k))
        out->kind = kind_of[k];
    const ss_task_kind_desc *d = ss_task_kind_desc_of(out->kind);

    const char *keys[MAX_KEYS + 1];
    size_t nkeys = 0;
    for (size_t i = 0; ss__keys_common[i]; i++)
        keys[nkeys++] = ss__keys_common[i];
    for (size_t i = 0; i < d->n_params; i++) {
        keys[nkeys++] = d->params[i].name;
        out->params[i] = d->params[i].def;
    }
    keys[nkeys] = NULL;

    const char *presets[16];
    size_t np = d->n_presets < 15 ? d->n_presets : 15;
    for (size_t i = 0; i < np; i++)
        presets[i] = d->presets[i].name;
    presets[np] = NULL;
    int preset = 0;
    if (node) {
        ss_jc_object(jc, node, path, keys);
        char p[SS_JC_PATH_MAX];
        ss_jc_key_path(p, path, "preset");
        if (ss_jc_enum(jc, node, path, "preset", presets, 0, &preset))
            out->preset = (uint32_t)preset;
    }
    out->scoring = d->presets[out->preset].scoring;
    if (!node)
        return SS_OK;

    ss_jc_int(jc, node, path, "timeout_ms", 1, 3600000, out->timeout_ms, &out->timeout_ms);
    ss_jc_num(jc, node, path, "organic_fraction", 0, 1, 0, &out->organic_fraction);
    for (size_t i = 0; i < d->n_params; i++)
        ss_jc_num(jc, node, path, d->params[i].name, d->params[i].lo, d->params[i].hi,
                  d->params[i].def, &out->params[i]);
    if (d->check) {
        char msg[256] = "";
        d->check(out, msg, sizeof msg);
        if (msg[0])
            ss_jc_error(jc, path, "%s", msg);
    }
    char p[SS_JC_PATH_MAX];
    return scoring(jc, cJSON_GetObjectItemCaseSensitive(node, "scoring"),
                   ss_jc_key_path(p, path, "scoring"), d, &out->scoring);
}

void ss__scenario_task_free(ss_task_config *t)
{
    free(t->scoring.expression);
    free(t->scoring.plugin);
    free(t->scoring.plugin_config);
}
