/* Derived figures shared by the HTML and Markdown reports (see views.h). */
#include "report/views.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[SS_RV_ROLES] = {
    "miners", "validators", "owner", "root stakers", "burned",
};
static const char *const role_colours[SS_RV_ROLES] = {
    "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#9A9A9A",
};

const char *ss__rv_role_name(ss__rv_role r)
{
    return role_names[r];
}

const char *ss__rv_role_colour(ss__rv_role r)
{
    return role_colours[r];
}

int64_t ss__rv_epoch_role(const ss__rd_epoch *e, ss__rv_role r)
{
    switch (r) {
    case SS_RV_MINERS: return e->miner_rao;
    case SS_RV_VALIDATORS: return e->validator_rao;
    case SS_RV_OWNER: return e->owner_rao;
    case SS_RV_ROOT: return e->root_rao;
    default: return e->burned_rao;
    }
}

int64_t ss__rv_subnet_role(const ss__rd_subnet *s, ss__rv_role r)
{
    switch (r) {
    case SS_RV_MINERS: return s->miner_rao;
    case SS_RV_VALIDATORS: return s->validator_rao;
    case SS_RV_OWNER: return s->owner_rao;
    case SS_RV_ROOT: return s->root_rao;
    default: return s->burned_rao;
    }
}

int64_t ss__rv_run_role(const ss__rd *d, ss__rv_role r)
{
    switch (r) {
    case SS_RV_MINERS: return d->miner_rao;
    case SS_RV_VALIDATORS: return d->validator_rao;
    case SS_RV_OWNER: return d->owner_rao;
    case SS_RV_ROOT: return d->root_rao;
    default: return d->burned_rao;
    }
}

int ss__rv_role_recorded(const ss__rd *d, ss__rv_role r)
{
    return r != SS_RV_ROOT || d->has_root_rao;
}

int64_t ss__rv_received(const ss__rd_neuron *n)
{
    return n->miner_paid_rao + n->validator_paid_rao + n->owner_paid_rao;
}

double ss__rv_mean_incentive(const ss__rd_neuron *n)
{
    return n->epochs > 0 ? n->incentive_sum / (double)n->epochs : NAN;
}

/* a ranks before b */
static int before(const ss__rd_neuron *a, const ss__rd_neuron *b, int miners)
{
    int64_t ka = miners ? ss__rv_received(a) : a->last_stake_rao;
    int64_t kb = miners ? ss__rv_received(b) : b->last_stake_rao;
    if (ka != kb)
        return ka > kb;
    if (a->uid != b->uid)
        return a->uid < b->uid;
    return a->registered_block < b->registered_block;
}

size_t ss__rv_rank(const ss__rd_subnet *s, const char *role, size_t *idx)
{
    int miners = strcmp(role, "miner") == 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n_neurons; i++)
        if (strcmp(s->neurons[i].role, role) == 0)
            idx[n++] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && before(&s->neurons[idx[j]], &s->neurons[idx[j - 1]], miners);
             j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    return n;
}

void ss__rv_validator_shares(const ss__rd_subnet *s, const size_t *idx, size_t n,
                             double *stake_share, double *dividend_share)
{
    double stake = 0, paid = 0;
    for (size_t i = 0; i < n; i++) {
        const ss__rd_neuron *v = &s->neurons[idx[i]];
        stake += v->stake_sum_rao;
        paid += (double)v->validator_paid_rao;
    }
    for (size_t i = 0; i < n; i++) {
        const ss__rd_neuron *v = &s->neurons[idx[i]];
        stake_share[i] = stake > 0 ? v->stake_sum_rao / stake : NAN;
        dividend_share[i] = paid > 0 ? (double)v->validator_paid_rao / paid : NAN;
    }
}

double ss__rv_bottom_share(const double *v, size_t n, double fraction)
{
    double sum = 0, part = 0;
    size_t k = (size_t)floor((double)n * fraction + 1e-9);
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        if (i < k)
            part += v[i];
    }
    return sum > 0 ? part / sum : NAN;
}

double ss__rv_top_share(const double *v, size_t n, size_t k)
{
    double sum = 0, part = 0;
    for (size_t i = 0; i < n; i++) {
        sum += v[i];
        if (i + k >= n)
            part += v[i];
    }
    return sum > 0 ? part / sum : NAN;
}

size_t ss__rv_spread(size_t n, size_t max, size_t *idx)
{
    if (n == 0 || max == 0)
        return 0;
    if (n <= max) {
        for (size_t i = 0; i < n; i++)
            idx[i] = i;
        return n;
    }
    size_t m = 0;
    for (size_t k = 0; k < max; k++) {
        size_t i = max == 1 ? n - 1 : k * (n - 1) / (max - 1);
        if (m == 0 || idx[m - 1] != i)
            idx[m++] = i;
    }
    return m;
}

int ss__rv_has_capture(const ss__rd_subnet *s)
{
    for (size_t i = 0; i < s->n_epochs; i++)
        if (isfinite(s->epochs[i].adv_uid_share))
            return 1;
    return 0;
}

size_t ss__rv_adversary_kinds(const ss__rd_subnet *s, const char *role, char *buf, size_t size)
{
    size_t kinds = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *n = &s->neurons[i];
        if (!n->adversary || (role && strcmp(n->role, role) != 0))
            continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = s->neurons[j].adversary && strcmp(s->neurons[j].agent_kind, n->agent_kind) == 0
                   && (!role || strcmp(s->neurons[j].role, role) == 0);
        if (seen)
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", kinds ? ", " : "", n->agent_kind);
        kinds++;
    }
    return kinds;
}

const char *ss__rv_log_reason(const ss__rd *d, char *buf, size_t size)
{
    /* A run that stopped early explains a gap better than its log level does. */
    if (strcmp(d->status, "complete") != 0)
        snprintf(buf, size, "the run stopped before writing them");
    else if (d->log_level)
        snprintf(buf, size, "log level %s", d->log_level);
    else
        snprintf(buf, size, "none were recorded");
    return buf;
}
