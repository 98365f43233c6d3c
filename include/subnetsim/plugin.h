/*
** Scoring plugins: scoring written in C (or anything that can export a C
** function) for what a scoring expression cannot say. docs/plugins.md is the
** guide, scenarios/plugins/example_score.c a complete example.
**
** A plugin is a shared object that subnetsim loads by path (dlopen with
** RTLD_NOW | RTLD_LOCAL) and that exports
**
**     int subnetsim_score_v1(const ss_plugin_query *q, double *score);   required
**     int subnetsim_plugin_init_v1(const ss_plugin_init *init, void **user);   optional
**     void subnetsim_plugin_fini_v1(void *user);                         optional
**
** This header has two halves. The first is the ABI, all a plugin needs: it
** depends only on the C library, and a plugin does not link with subnetsim.
** The second is the host's API for loading and calling plugins.
**
** Evolving the ABI. Both structs start with struct_size and abi_version.
** Within version 1, fields are only ever appended: a plugin built against a
** newer header checks SS_PLUGIN_HAS(q, ss_plugin_query, field) before reading a field the
** running subnetsim may not have. A change that is not an append gets a new
** version and new symbol names (subnetsim_score_v2); subnetsim reports a
** plugin built for another version by name instead of calling it.
**
** Rules for plugins.
** - Keep state in *user (set by init), never in globals: two runs, possibly on
**   two threads, may load the same plugin, and each load gets its own init,
**   user pointer and fini. Calls for one load never overlap.
** - Be deterministic: the score must depend only on the query and the config.
**   Same inputs, same score, or runs stop being reproducible.
** - Return 0 and a finite score on success. On failure return non-zero and,
**   if you can, write one line into errbuf; subnetsim reports it with the
**   plugin's path, the miner and the block. A NaN or infinite score is
**   reported the same way and counts as 0.
** - Pointers in the query are valid only during the call.
*/
#ifndef SUBNETSIM_PLUGIN_H
#define SUBNETSIM_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ==== The plugin ABI ======================================================== */

#define SS_PLUGIN_ABI_VERSION 1u

#define SS_PLUGIN_SCORE_SYMBOL "subnetsim_score_v1"
#define SS_PLUGIN_INIT_SYMBOL "subnetsim_plugin_init_v1"
#define SS_PLUGIN_FINI_SYMBOL "subnetsim_plugin_fini_v1"

/* One named value: a metric of an answer or a rolling statistic of a miner. */
typedef struct ss_plugin_metric {
    const char *name;
    double value;
} ss_plugin_metric;

/*
** What init receives, once per load, before any score. The metric and
** statistic names are those the queries of this load will carry, in the same
** order, so a plugin can check that what it needs exists (and fail with a
** clear message now rather than in the middle of a run) and remember indices.
*/
typedef struct ss_plugin_init {
    uint32_t struct_size; /* sizeof(ss_plugin_init) in the running subnetsim */
    uint32_t abi_version; /* SS_PLUGIN_ABI_VERSION of the running subnetsim */
    const char *path;     /* the plugin's path, as given in the scenario */
    const char *task_kind;  /* "text", "inference", "trading" or "storage" */
    const char *config;     /* the scenario's "config" text for this plugin, or NULL */
    const char *const *metric_names; /* names of q->metrics, in order */
    size_t n_metrics;
    const char *const *stat_names;   /* names of q->stats, in order */
    size_t n_stats;
    char *errbuf; /* room for one line explaining a failure */
    size_t errcap;
} ss_plugin_init;

/* One answer to score. */
typedef struct ss_plugin_query {
    uint32_t struct_size; /* sizeof(ss_plugin_query) in the running subnetsim */
    uint32_t abi_version; /* SS_PLUGIN_ABI_VERSION of the running subnetsim */
    void *user;           /* what init stored in *user (NULL without init) */
    const char *task_kind;
    uint32_t netuid;        /* the subnet */
    uint32_t validator_uid; /* who scores */
    uint32_t miner_uid;     /* who answered */
    uint64_t block;         /* the chain block of the answer */
    const ss_plugin_metric *metrics; /* the answer's metrics, e.g. quality, latency_ms */
    size_t n_metrics;
    const ss_plugin_metric *stats;   /* the miner's rolling statistics, e.g. mean_score */
    size_t n_stats;
    char *errbuf; /* room for one line explaining a failure */
    size_t errcap;
} ss_plugin_query;

/*
** True if the struct *s, of the given type, that the running subnetsim passed
** has field: SS_PLUGIN_HAS(q, ss_plugin_query, some_later_field).
*/
#define SS_PLUGIN_HAS(s, type, field) \
    ((s)->struct_size >= offsetof(type, field) + sizeof((s)->field))

/* The index of name in names[0..n), or -1. For init, to remember where a metric is. */
static inline int ss_plugin_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

/* Finds the value called name in m[0..n); returns 1 and sets *value, or 0. */
static inline int ss_plugin_get(const ss_plugin_metric *m, size_t n, const char *name,
                                double *value)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].name, name) == 0) {
            *value = m[i].value;
            return 1;
        }
    return 0;
}

typedef int (*ss_plugin_score_fn)(const ss_plugin_query *q, double *score);
typedef int (*ss_plugin_init_fn)(const ss_plugin_init *init, void **user);
typedef void (*ss_plugin_fini_fn)(void *user);

/* Exported even when the plugin is built with -fvisibility=hidden. */
#if defined(__GNUC__)
#define SS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define SS_PLUGIN_EXPORT
#endif

/* The functions a plugin defines (declared here so their types are checked). */
SS_PLUGIN_EXPORT int subnetsim_score_v1(const ss_plugin_query *q, double *score);
SS_PLUGIN_EXPORT int subnetsim_plugin_init_v1(const ss_plugin_init *init, void **user);
SS_PLUGIN_EXPORT void subnetsim_plugin_fini_v1(void *user);

/* ==== The host's API (subnetsim itself; plugins do not call these) =========== */

#ifndef SS_PLUGIN_ABI_ONLY
#include "subnetsim/status.h"

/*
** A loaded plugin, owned by one run. Its calls must not overlap (plugins rely
** on that to keep unlocked state); two runs load the plugin separately.
*/
typedef struct ss_plugin ss_plugin;

/*
** Loads the plugin at path and runs its init, if it has one, with setup
** (task kind, config, metric and statistic names; its struct_size,
** abi_version, path and errbuf are filled in here, so zero-initialise the
** rest). A path without '/' means the current directory, never the library
** search path. Fails with SS_EPLUGIN and a message naming the path when the
** file is missing, is not a loadable shared object, lacks
** subnetsim_score_v1, was built for another ABI version, or its init fails.
*/
ss_status ss_plugin_create(const char *path, const ss_plugin_init *setup, ss_plugin **out,
                           ss_error *err);

/* Runs the plugin's fini, if any, and unloads it. NULL is a no-op. */
void ss_plugin_destroy(ss_plugin *p);

/*
** Scores one answer. query's struct_size, abi_version, user and errbuf are
** filled in here; the host sets the rest. On success *score is finite. If the
** plugin fails or returns NaN or an infinity, *score is 0 and the status is
** SS_EPLUGIN with a message naming the plugin, the miner and the block.
*/
ss_status ss_plugin_score(ss_plugin *p, const ss_plugin_query *query, double *score,
                          ss_error *err);

/* The path the plugin was loaded from. */
const char *ss_plugin_path(const ss_plugin *p);
#endif

#ifdef __cplusplus
}
#endif
#endif
