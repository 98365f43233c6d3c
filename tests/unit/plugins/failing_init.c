/* A test plugin whose init refuses to start, with a message. */
#include <stdio.h>

#define SS_PLUGIN_ABI_ONLY
#include "subnetsim/plugin.h"

int subnetsim_plugin_init_v1(const ss_plugin_init *init, void **user)
{
    (void)user;
    snprintf(init->errbuf, init->errcap, "missing licence key");
    return 3;
}

int subnetsim_score_v1(const ss_plugin_query *q, double *score)
{
    (void)q;
    *score = 1.0;
    return 0;
}
