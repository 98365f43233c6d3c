/*
** An example scoring plugin for subnetsim: latency-aware quality with a bonus
** for a good track record,
**
**     score = quality ^ sharpness * exp(-latency_ms / latency_budget_ms)
**             * (1 + history_bonus * mean)
**
** where quality and latency_ms are metrics of the answer and mean is the
** miner's rolling mean score (treated as 0 if the task kind has none).
** The scenario's "config" string sets the parameters, e.g.
**
**     "sharpness=2 latency_budget_ms=800 history_bonus=0.2"
**
** Build it from the top of the source tree:
**
**     cc -shared -fPIC -O2 -I include -o example_score.so \
**        scenarios/plugins/example_score.c -lm
**
** See docs/plugins.md for the rules a plugin follows.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SS_PLUGIN_ABI_ONLY /* only the ABI half of the header: no link to subnetsim */
#include "subnetsim/plugin.h"

/* Everything one load of the plugin needs, owned through *user. */
typedef struct settings {
    double sharpness, latency_budget_ms, history_bonus;
    int quality, latency_ms; /* indices in the query's metrics */
    int mean;          /* index in the query's stats, or -1 */
} settings;

/* Sets key=value; returns 0, or -1 after writing why into errbuf. */
static int set_option(settings *s, const char *key, size_t keylen, const char *value,
                      char *errbuf, size_t errcap)
{
    static const char *const names[] = {"sharpness", "latency_budget_ms", "history_bonus"};
    double *fields[] = {&s->sharpness, &s->latency_budget_ms, &s->history_bonus};
    char *end;
    double v = strtod(value, &end);
    for (size_t i = 0; i < 3; i++) {
        if (strlen(names[i]) != keylen || strncmp(names[i], key, keylen) != 0)
            continue;
        if (end == value || !isfinite(v) || (*end != '\0' && *end != ' ')) {
            snprintf(errbuf, errcap, "%s needs a number", names[i]);
            return -1;
        }
        *fields[i] = v;
        return 0;
    }
    snprintf(errbuf, errcap, "unknown option '%.*s' (known: sharpness, latency_budget_ms, "
             "history_bonus)", (int)keylen, key);
    return -1;
}

/* Reads "key=value key=value ..." separated by spaces. */
static int parse_config(settings *s, const char *config, char *errbuf, size_t errcap)
{
    const char *p = config;
    while (p && *p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *eq = strchr(p, '='), *space = strchr(p, ' ');
        if (!eq || (space && space < eq)) {
            snprintf(errbuf, errcap, "config must be key=value pairs, got '%s'", p);
            return -1;
        }
        if (set_option(s, p, (size_t)(eq - p), eq + 1, errbuf, errcap) < 0)
            return -1;
        p = space;
    }
    if (s->latency_budget_ms <= 0) {
        snprintf(errbuf, errcap, "latency_budget_ms must be positive");
        return -1;
    }
    return 0;
}

int subnetsim_plugin_init_v1(const ss_plugin_init *init, void **user)
{
    settings *s = malloc(sizeof *s);
    if (!s) {
        snprintf(init->errbuf, init->errcap, "out of memory");
        return 1;
    }
    s->sharpness = 1.0;
    s->latency_budget_ms = 1000.0;
    s->history_bonus = 0.0;
    /* Check now that the task kind offers what the formula needs. */
    s->quality = ss_plugin_index(init->metric_names, init->n_metrics, "quality");
    s->latency_ms = ss_plugin_index(init->metric_names, init->n_metrics, "latency_ms");
    s->mean = ss_plugin_index(init->stat_names, init->n_stats, "mean");
    if (s->quality < 0 || s->latency_ms < 0) {
        snprintf(init->errbuf, init->errcap, "task kind '%s' has no '%s' metric",
                 init->task_kind ? init->task_kind : "?", s->quality < 0 ? "quality"
                                                                         : "latency_ms");
        free(s);
        return 2;
    }
    if (parse_config(s, init->config, init->errbuf, init->errcap) < 0) {
        free(s);
        return 3;
    }
    *user = s;
    return 0;
}

void subnetsim_plugin_fini_v1(void *user)
{
    free(user);
}

int subnetsim_score_v1(const ss_plugin_query *q, double *score)
{
    const settings *s = q->user;
    double quality = q->metrics[s->quality].value;
    double latency_ms = q->metrics[s->latency_ms].value;
    double mean = s->mean >= 0 ? q->stats[s->mean].value : 0.0;
    if (!(latency_ms >= 0)) { /* also catches NaN */
        snprintf(q->errbuf, q->errcap, "latency_ms is %g; it cannot be negative", latency_ms);
        return 1;
    }
    *score = pow(quality, s->sharpness) * exp(-latency_ms / s->latency_budget_ms)
           * (1.0 + s->history_bonus * mean);
    return 0;
}
