/*
** A test plugin that misbehaves on request: the answer's "mode" metric picks
** what subnetsim_score_v1 does. Its init keeps a per-load call counter in
** *user, and the config "fini_counter=<address>" names an int that fini
** increments, so tests can see that init, user and fini are per load.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SS_PLUGIN_ABI_ONLY
#include "subnetsim/plugin.h"

typedef struct state {
    long calls;
    int *fini_counter;
} state;

int subnetsim_plugin_init_v1(const ss_plugin_init *init, void **user)
{
    state *s = calloc(1, sizeof *s);
    if (!s)
        return 1;
    const char *c = init->config ? strstr(init->config, "fini_counter=") : NULL;
    if (c) {
        void *p = NULL;
        if (sscanf(c + strlen("fini_counter="), "%p", &p) != 1) {
            free(s);
            snprintf(init->errbuf, init->errcap, "bad fini_counter");
            return 2;
        }
        s->fini_counter = p;
    }
    *user = s;
    return 0;
}

void subnetsim_plugin_fini_v1(void *user)
{
    state *s = user;
    if (s->fini_counter)
        (*s->fini_counter)++;
    free(s);
}

int subnetsim_score_v1(const ss_plugin_query *q, double *score)
{
    state *s = q->user;
    s->calls++;
    double mode = -1;
    ss_plugin_get(q->metrics, q->n_metrics, "mode", &mode);
    switch ((int)mode) {
    case 0: *score = 0.5; return 0;
    case 1: snprintf(q->errbuf, q->errcap, "asked to fail"); return 7;
    case 2: *score = NAN; return 0;
    case 3: *score = INFINITY; return 0;
    case 4: *score = -INFINITY; return 0;
    case 5: return 0; /* forgets to store a score */
    case 6: memset(q->errbuf, 'x', q->errcap); return 1; /* no terminating NUL */
    case 7: return -1; /* fails without a message */
    case 8: *score = q->struct_size; return 0;
    case 9: *score = q->abi_version; return 0;
    case 10: /* echo the identification fields */
        *score = q->netuid * 1e9 + q->validator_uid * 1e6 + q->miner_uid * 1e3
               + (double)q->block;
        return 0;
    case 11: *score = (double)s->calls; return 0;
    case 12: { /* echo the statistics */
        double mean = 0, count = 0;
        if (!ss_plugin_get(q->stats, q->n_stats, "mean", &mean)
            || !ss_plugin_get(q->stats, q->n_stats, "count", &count))
            return 3;
        *score = mean + count;
        return 0;
    }
    default: snprintf(q->errbuf, q->errcap, "unknown mode %g", mode); return 2;
    }
}
