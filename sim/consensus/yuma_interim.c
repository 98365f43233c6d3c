/*
** INTERIM float64 epoch (spec/yuma.md §4, §7; original and Yuma 3 bonds, no
** liquid alpha), dense, used only until the consensus module lands.
*/
#include "subnetsim/consensus.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ss_yuma {
    ss_yuma_params p;
    uint32_t n_max;
    uint16_t *bonds;   /* n_max*n_max stored u16 */
    bool *permit, *new_permit, *active;
    double *S, *A, *C, *I, *D, *VT, *W, *CW, *tmp, *ema, *R;
    uint64_t *se, *ve, *ce;
    ss_yuma_output out;
};

void ss_yuma_params_default(ss_yuma_params *p)
{
    memset(p, 0, sizeof *p);
    p->variant = SS_YUMA_YUMA3;
    p->mode = SS_YUMA_FLOAT;
    p->kappa = 32767;
    p->bonds_penalty = 65535;
    p->bonds_moving_average = 900000;
    p->alpha_low = 45875;
    p->alpha_high = 58982;
    p->alpha_sigmoid_steepness = 1000;
    p->max_allowed_validators = 64;
    p->tempo = 360;
    p->activity_cutoff_factor_milli = 13889;
    p->decay_rate = 0.1;
    p->capacity_alpha = 0.1;
    p->ref_bond_moving_avg = 0.1;
    p->ref_alpha_low = 0.1;
    p->ref_alpha_high = 0.3;
    p->ref_alpha_steepness = 10;
}

static const char *const names[] = {"original", "yuma3", "yuma1", "yuma2", "yuma2b",
                                    "yuma2c", "ref-yuma3", "ref-yuma3-liquid"};

bool ss_yuma_variant_parse(const char *name, ss_yuma_variant *out)
{
    for (int i = 0; i < 8; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (ss_yuma_variant)i;
            return true;
        }
    return false;
}

const char *ss_yuma_variant_name(ss_yuma_variant v)
{
    return (unsigned)v < 8 ? names[v] : "unknown";
}

bool ss_yuma_mode_parse(const char *name, ss_yuma_mode *out)
{
    if (strcmp(name, "float") == 0)
        *out = SS_YUMA_FLOAT;
    else if (strcmp(name, "chain") == 0)
        *out = SS_YUMA_CHAIN;
    else
        return false;
    return true;
}

const char *ss_yuma_mode_name(ss_yuma_mode m)
{
    return m == SS_YUMA_CHAIN ? "chain" : "float";
}

void ss_weights_max_upscale(const uint16_t *in, uint32_t len, uint16_t *out)
{
    uint16_t m = 0;
    for (uint32_t i = 0; i < len; i++)
        if (in[i] > m)
            m = in[i];
    for (uint32_t i = 0; i < len; i++)
        out[i] = m ? (uint16_t)llround((double)in[i] * 65535.0 / m) : 0;
}

ss_status ss_yuma_create(const ss_yuma_params *p, uint32_t n_max, ss_yuma **out, ss_error *err)
{
    ss_yuma *y = calloc(1, sizeof *y);
    if (!y)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    y->p = *p;
    y->n_max = n_max;
    size_t nn = (size_t)n_max * n_max;
    y->bonds = calloc(nn, sizeof *y->bonds);
    y->W = calloc(nn, sizeof(double));
    y->CW = calloc(nn, sizeof(double));
    y->ema = calloc(nn, sizeof(double));
    y->tmp = calloc(nn, sizeof(double));
    y->permit = calloc(n_max, 1);
    y->new_permit = calloc(n_max, 1);
    y->active = calloc(n_max, 1);
    double **vecs[] = {&y->S, &y->A, &y->C, &y->I, &y->D, &y->VT, &y->R};
    for (size_t k = 0; k < 7; k++)
        *vecs[k] = calloc(n_max, sizeof(double));
    y->se = calloc(n_max, 8);
    y->ve = calloc(n_max, 8);
    y->ce = calloc(n_max, 8);
    *out = y;
    return SS_OK;
}

void ss_yuma_destroy(ss_yuma *y)
{
    if (!y)
        return;
    free(y->bonds); free(y->W); free(y->CW); free(y->ema); free(y->tmp);
    free(y->permit); free(y->new_permit); free(y->active);
    free(y->S); free(y->A); free(y->C); free(y->I); free(y->D); free(y->VT); free(y->R);
    free(y->se); free(y->ve); free(y->ce);
    free(y);
}

const ss_yuma_params *ss_yuma_params_of(const ss_yuma *y) { return &y->p; }
const bool *ss_yuma_permits(const ss_yuma *y) { return y->permit; }

void ss_yuma_reset_uid(ss_yuma *y, uint32_t uid)
{
    memset(y->bonds + (size_t)uid * y->n_max, 0, y->n_max * sizeof *y->bonds);
    y->permit[uid] = false;
}

double ss_yuma_bond(const ss_yuma *y, uint32_t i, uint32_t j)
{
    return y->bonds[(size_t)i * y->n_max + j] / 65535.0;
}

static void normalize(double *v, uint32_t n)
{
    double s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += v[i];
    if (s != 0)
        for (uint32_t i = 0; i < n; i++)
            v[i] /= s;
}

static uint16_t to_u16(double x)
{
    double v = floor(x * 65535.0);
    return v < 0 ? 0 : v > 65535 ? 65535 : (uint16_t)v;
}

ss_status ss_yuma_epoch(ss_yuma *y, const ss_yuma_input *in, const ss_yuma_output **out,
                        ss_error *err)
{
    uint32_t n = in->n, N = y->n_max;
    if (n > N)
        return ss_error_set(err, SS_ERANGE, "epoch of %u UIDs exceeds n_max %u", n, N);
    const ss_yuma_params *p = &y->p;
    uint64_t cutoff = (uint64_t)p->activity_cutoff_factor_milli * p->tempo / 1000;
    if (cutoff < 1)
        cutoff = 1;
    for (uint32_t i = 0; i < n; i++) {
        y->active[i] = !(in->last_update[i] + cutoff < in->block);
        double st = (double)in->alpha_stake_rao[i];
        if ((int32_t)i != in->owner_uid && in->alpha_stake_rao[i] < p->stake_threshold_rao)
            st = 0;
        y->S[i] = st;
    }
    normalize(y->S, n);
    bool *old = y->permit;
    if (in->owner_uid >= 0)
        old[in->owner_uid] = true;
    /* top-k nonzero, ties: higher uid wins */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t better = 0;
        for (uint32_t k = 0; k < n; k++)
            if (y->S[k] > y->S[i] || (y->S[k] == y->S[i] && k > i))
                better++;
        y->new_permit[i] = y->S[i] != 0 && (n < p->max_allowed_validators ||
                                           better < p->max_allowed_validators);
    }
    if (in->owner_uid >= 0)
        y->new_permit[in->owner_uid] = true;
    for (uint32_t i = 0; i < n; i++)
        y->A[i] = (y->active[i] && old[i]) ? y->S[i] : 0;
    normalize(y->A, n);
    /* weights */
    for (uint32_t i = 0; i < n; i++) {
        double *row = y->W + (size_t)i * N, s = 0;
        memset(row, 0, n * sizeof *row);
        if (!old[i])
            continue;
        for (uint32_t k = 0; k < in->weights[i].len; k++) {
            const ss_weight_entry *e = &in->weights[i].entries[k];
            if (e->uid >= n)
                continue;
            if (e->uid == i && (int32_t)i != in->owner_uid)
                continue;
            if (in->last_update[i] <= in->registered_block[e->uid])
                continue;
            if (in->commit_block && in->commit_block[i] < in->registered_block[e->uid])
                continue;
            row[e->uid] = e->value / 65535.0;
        }
        for (uint32_t j = 0; j < n; j++)
            s += row[j];
        if (s > 0)
            for (uint32_t j = 0; j < n; j++)
                row[j] /= s;
    }
    /* consensus: largest x with stake(W >= x) >= kappa (closed form) */
    double kappa = p->kappa / 65535.0, ssum = 0;
    for (uint32_t i = 0; i < n; i++)
        ssum += y->A[i];
    double minority = ssum - kappa;
    for (uint32_t j = 0; j < n; j++) {
        /* sort scores of rows with A>0 ascending via selection */
        double best = 0;
        int found = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (y->A[i] <= 0)
                continue;
            double x = y->W[(size_t)i * N + j], below = 0, atmost = 0;
            for (uint32_t k = 0; k < n; k++) {
                if (y->A[k] <= 0)
                    continue;
                double w = y->W[(size_t)k * N + j];
                if (w < x)
                    below += y->A[k];
                if (w <= x)
                    atmost += y->A[k];
            }
            if ((below <= minority && minority < atmost) ||
                (minority < 0 && below == 0) || (minority >= ssum && atmost >= ssum)) {
                if (!found || x > best)
                    best = x;
                found = 1;
            }
        }
        y->C[j] = found ? best : 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        y->VT[i] = 0;
        for (uint32_t j = 0; j < n; j++) {
            double w = y->W[(size_t)i * N + j], c = w <= y->C[j] ? w : (y->C[j] > 0 ? y->C[j] : 0);
            y->CW[(size_t)i * N + j] = c;
            y->VT[i] += c;
        }
    }
    for (uint32_t j = 0; j < n; j++) {
        y->I[j] = 0;
        for (uint32_t i = 0; i < n; i++)
            y->I[j] += y->A[i] * y->CW[(size_t)i * N + j];
    }
    normalize(y->I, n);
    double beta = p->bonds_penalty / 65535.0;
    uint64_t last_tempo = in->last_step_block == 0
                              ? (in->block > p->tempo ? in->block - p->tempo : 0)
                              : in->last_step_block + 1;
    double alpha = 1.0 - p->bonds_moving_average / 1e6;
    bool y3 = p->variant == SS_YUMA_YUMA3;
    for (uint32_t j = 0; j < n; j++) {
        double csum_b = 0, csum_d = 0;
        bool masked = last_tempo <= in->registered_block[j];
        for (uint32_t i = 0; i < n; i++) {
            double wb = y->W[(size_t)i * N + j] + beta * (y->CW[(size_t)i * N + j] - y->W[(size_t)i * N + j]);
            double b = masked ? 0 : y->bonds[(size_t)i * N + j];
            if (y3) {
                b /= 65535.0;
                double e = alpha * wb + (1 - alpha) * b;
                y->ema[(size_t)i * N + j] = e > 1 ? 1 : e;
            } else {
                y->tmp[(size_t)i * N + j] = wb * y->A[i];
                y->ema[(size_t)i * N + j] = b;
                csum_b += b;
                csum_d += wb * y->A[i];
            }
        }
        if (!y3) {
            for (uint32_t i = 0; i < n; i++) {
                double b = csum_b > 0 ? y->ema[(size_t)i * N + j] / csum_b : 0;
                double d = csum_d > 0 ? y->tmp[(size_t)i * N + j] / csum_d : 0;
                y->ema[(size_t)i * N + j] = alpha * d + (1 - alpha) * b;
            }
            double s = 0;
            for (uint32_t i = 0; i < n; i++)
                s += y->ema[(size_t)i * N + j];
            if (s > 0)
                for (uint32_t i = 0; i < n; i++)
                    y->ema[(size_t)i * N + j] /= s;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        y->D[i] = 0;
    for (uint32_t j = 0; j < n; j++) {
        double s = 0, mx = 0;
        for (uint32_t i = 0; i < n; i++) {
            double e = y->ema[(size_t)i * N + j];
            s += e;
            if (e > mx)
                mx = e;
        }
        for (uint32_t i = 0; i < n; i++) {
            double e = y->ema[(size_t)i * N + j];
            if (y3)
                y->D[i] += (s > 0 ? e / s : e) * y->I[j];
            else
                y->D[i] += e * y->I[j];
            uint16_t stored = y3 ? to_u16(e) : to_u16(mx > 0 ? e / mx : e);
            y->bonds[(size_t)i * N + j] = y->new_permit[i] ? stored : 0;
        }
    }
    if (y3)
        for (uint32_t i = 0; i < n; i++)
            y->D[i] *= y->A[i];
    normalize(y->D, n);
    double esum = 0;
    for (uint32_t i = 0; i < n; i++)
        esum += y->I[i] + y->D[i];
    double sa = 0;
    for (uint32_t i = 0; i < n; i++)
        sa += y->A[i];
    for (uint32_t i = 0; i < n; i++) {
        double ns = esum ? y->I[i] / esum : y->I[i];
        double nv = esum ? y->D[i] / esum : y->D[i];
        double nc = esum ? (y->I[i] + y->D[i]) / esum : 0;
        if (esum == 0)
            nv = nc = sa == 0 ? y->S[i] : y->A[i];
        y->se[i] = (uint64_t)floor(ns * (double)in->emission_rao);
        y->ve[i] = (uint64_t)floor(nv * (double)in->emission_rao);
        y->ce[i] = (uint64_t)floor(nc * (double)in->emission_rao);
    }
    memcpy(y->permit, y->new_permit, n);
    y->out = (ss_yuma_output){n, y->S, y->A, y->C, y->I, y->D, y->VT, y->se, y->ve, y->ce,
                              y->active, y->permit};
    *out = &y->out;
    return SS_OK;
}
