/*
** Replay of the reference tool's vectors ("yuma-sim-peer-vector/1",
** spec/peer-yuma.md §0): every run of a file is replayed epoch by epoch
** through the reference variants (consensus/reference.h) with the package's
** state rules (§0.5): bond state and previous consensus carried over,
** yuma2b's previous weights, the bond-column reset of 2C/3. One check per
** output key per epoch per run, "got" holding the whole vector or matrix.
**
** Comparison: each element within 1e-5 relative, |got - expected| <=
** 1e-5 * max(|expected|, |got|); non-finite values must match exactly.
** Outputs the file marks as degenerate (non-finite, or every key of an epoch
** with negative consensus) are reported as skipped.
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/conformance.h"
#include "conformance/json_util.h"
#include "consensus/reference.h"
#include "subnetsim/consensus.h"

#define PEER_RTOL 1e-5

/* A float32 vector value from the file (shortest round-trip decimals or strings). */
static bool jfloat(const cJSON *v, float *out)
{
    if (cJSON_IsNumber(v)) {
        *out = (float)v->valuedouble;
        return true;
    }
    if (cJSON_IsString(v)) {
        if (strcmp(v->valuestring, "NaN") == 0)
            *out = NAN;
        else if (strcmp(v->valuestring, "Infinity") == 0)
            *out = INFINITY;
        else if (strcmp(v->valuestring, "-Infinity") == 0)
            *out = -INFINITY;
        else
            return false;
        return true;
    }
    return false;
}

static cJSON *jfloat_value(double x)
{
    if (isnan(x))
        return cJSON_CreateString("NaN");
    if (isinf(x))
        return cJSON_CreateString(x > 0 ? "Infinity" : "-Infinity");
    return cJSON_CreateNumber(x);
}

static bool close_rel(double g, double e)
{
    if (isnan(e) || isnan(g))
        return isnan(e) && isnan(g);
    if (isinf(e) || isinf(g))
        return e == g;
    double m = fabs(e) > fabs(g) ? fabs(e) : fabs(g);
    return fabs(g - e) <= PEER_RTOL * m;
}

/* Reads a [rows][cols] (rows 0: a vector of cols) array of floats into out. */
static bool read_floats(const cJSON *a, uint32_t rows, uint32_t cols, float *out)
{
    if (!cJSON_IsArray(a))
        return false;
    if (rows == 0) {
        if (cJSON_GetArraySize(a) != (int)cols)
            return false;
        uint32_t k = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, a) if (!jfloat(v, &out[k++])) return false;
        return true;
    }
    if (cJSON_GetArraySize(a) != (int)rows)
        return false;
    uint32_t i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, a) {
        if (!read_floats(r, 0, cols, out + (size_t)i * cols))
            return false;
        i++;
    }
    return true;
}

/* A float array as JSON: vector (rows 0) or matrix. */
static cJSON *floats_json(const float *v, uint32_t rows, uint32_t cols)
{
    cJSON *a = cJSON_CreateArray();
    if (rows == 0) {
        for (uint32_t k = 0; k < cols; k++)
            cJSON_AddItemToArray(a, jfloat_value(v[k]));
        return a;
    }
    for (uint32_t i = 0; i < rows; i++)
        cJSON_AddItemToArray(a, floats_json(v + (size_t)i * cols, 0, cols));
    return a;
}

/* Compares expected JSON with values v; false on any mismatch or shape error. */
static bool compare(const cJSON *exp, const float *v, uint32_t rows, uint32_t cols)
{
    if (!cJSON_IsArray(exp))
        return false;
    if (rows == 0) {
        if (cJSON_GetArraySize(exp) != (int)cols)
            return false;
        uint32_t k = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, exp) {
            float x;
            if (!jfloat(e, &x) || !close_rel(v[k], x))
                return false;
            k++;
        }
        return true;
    }
    if (cJSON_GetArraySize(exp) != (int)rows)
        return false;
    uint32_t i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, exp) {
        if (!compare(r, v + (size_t)i * cols, 0, cols))
            return false;
        i++;
    }
    return true;
}

static bool epoch_listed(const cJSON *list, int e)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, list) if (cJSON_IsNumber(x) && (int)x->valuedouble == e) return true;
    return false;
}

typedef struct peer_buf {
    float *w, *s, *state, *cold, *wprev, *scratch, *arena;
    ss_ref_out out;
} peer_buf;

static void peer_buf_fini(peer_buf *b)
{
    free(b->w);
    free(b->s);
    free(b->state);
    free(b->cold);
    free(b->wprev);
    free(b->scratch);
    free(b->arena);
}

static bool peer_buf_init(peer_buf *b, uint32_t V, uint32_t S)
{
    memset(b, 0, sizeof *b);
    size_t VS = (size_t)V * S;
    b->w = calloc(VS + 1, sizeof(float));
    b->s = calloc(V + 1, sizeof(float));
    b->state = calloc(VS + 1, sizeof(float));
    b->cold = calloc(S + 1, sizeof(float));
    b->wprev = calloc(VS + 1, sizeof(float));
    b->scratch = calloc(ss__ref_scratch_floats(V, S), sizeof(float));
    b->arena = calloc(6 * VS + 4 * (size_t)V + 5 * (size_t)S + 1, sizeof(float));
    if (!b->w || !b->s || !b->state || !b->cold || !b->wprev || !b->scratch || !b->arena)
        return false;
    float *a = b->arena;
    float **m[] = {&b->out.weight, &b->out.clipped, &b->out.weight_for_bond, &b->out.bond,
                   &b->out.state, &b->out.alpha};
    for (size_t k = 0; k < 6; k++, a += VS)
        *m[k] = a;
    float **vv[] = {&b->out.stake, &b->out.vtrust, &b->out.reward, &b->out.reward_norm};
    for (size_t k = 0; k < 4; k++, a += V)
        *vv[k] = a;
    float **sv[] = {&b->out.prerank, &b->out.consensus, &b->out.rank, &b->out.incentive,
                    &b->out.trust};
    for (size_t k = 0; k < 5; k++, a += S)
        *sv[k] = a;
    return true;
}

static ss_status variant_of(const cJSON *doc, ss_yuma_variant *v, ss_error *err)
{
    const cJSON *ver = jget(doc, "version");
    const cJSON *key = jget(ver, "key");
    static const struct {
        const char *key;
        ss_yuma_variant v;
    } map[] = {
        {"YUMA1", SS_YUMA_REF_YUMA1},   {"YUMA2", SS_YUMA_REF_YUMA2},
        {"YUMA2B", SS_YUMA_REF_YUMA2B}, {"YUMA2C", SS_YUMA_REF_YUMA2C},
        {"YUMA3", SS_YUMA_REF_YUMA3},   {"YUMA3_LIQUID", SS_YUMA_REF_YUMA3_LIQUID},
    };
    if (cJSON_IsString(key))
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
            if (strcmp(key->valuestring, map[k].key) == 0) {
                *v = map[k].v;
                return SS_OK;
            }
    return ss_error_set(err, SS_EINVAL, "peer vector: version.key: unknown Yuma version");
}

static void params_of_run(const cJSON *run, ss_yuma_variant var, ss_yuma_params *p)
{
    ss_yuma_params_default(p);
    ss_yuma_params_for_variant(p, var);
    p->mode = SS_YUMA_FLOAT;
    const cJSON *sh = jget(run, "simulation_hyperparameters"), *yp = jget(run, "yuma_params");
    const cJSON *x;
    if (cJSON_IsNumber(x = jget(sh, "kappa")))
        p->ref_kappa = x->valuedouble;
    if (cJSON_IsNumber(x = jget(sh, "bond_penalty")))
        p->ref_bond_penalty = x->valuedouble;
    if (cJSON_IsString(x = jget(sh, "liquid_alpha_consensus_mode")))
        p->liquid_consensus = strcmp(x->valuestring, "PREVIOUS") == 0 ? SS_LIQUID_PREVIOUS
                              : strcmp(x->valuestring, "MIXED") == 0  ? SS_LIQUID_MIXED
                                                                      : SS_LIQUID_CURRENT;
    if (cJSON_IsNumber(x = jget(yp, "bond_moving_avg")))
        p->ref_bond_moving_avg = x->valuedouble;
    if (cJSON_IsBool(x = jget(yp, "liquid_alpha")))
        p->liquid_alpha = cJSON_IsTrue(x);
    if (cJSON_IsNumber(x = jget(yp, "alpha_high")))
        p->ref_alpha_high = x->valuedouble;
    if (cJSON_IsNumber(x = jget(yp, "alpha_low")))
        p->ref_alpha_low = x->valuedouble;
    if (cJSON_IsNumber(x = jget(yp, "decay_rate")))
        p->decay_rate = x->valuedouble;
    if (cJSON_IsNumber(x = jget(yp, "capacity_alpha")))
        p->capacity_alpha = x->valuedouble;
    if (cJSON_IsNumber(x = jget(yp, "alpha_sigmoid_steepness")))
        p->ref_alpha_steepness = x->valuedouble;
    if (cJSON_IsBool(x = jget(yp, "winner_takes_all")))
        p->winner_takes_all = cJSON_IsTrue(x);
}

/* The computed value of an output key: pointer, shape (rows 0 = vector). */
static bool output_of(const ss_ref_out *o, const char *key, uint32_t V, uint32_t S,
                      const float **v, uint32_t *rows, uint32_t *cols)
{
    static const struct {
        const char *key;
        size_t off;
        int shape; /* 0: V x S, 1: V, 2: S */
    } keys[] = {
        {"weight", offsetof(ss_ref_out, weight), 0},
        {"stake", offsetof(ss_ref_out, stake), 1},
        {"server_prerank", offsetof(ss_ref_out, prerank), 2},
        {"server_consensus_weight", offsetof(ss_ref_out, consensus), 2},
        {"consensus_clipped_weight", offsetof(ss_ref_out, clipped), 0},
        {"server_rank", offsetof(ss_ref_out, rank), 2},
        {"server_incentive", offsetof(ss_ref_out, incentive), 2},
        {"server_trust", offsetof(ss_ref_out, trust), 2},
        {"validator_trust", offsetof(ss_ref_out, vtrust), 1},
        {"weight_for_bond", offsetof(ss_ref_out, weight_for_bond), 0},
        {"validator_bond", offsetof(ss_ref_out, bond), 0},
        {"validator_ema_bond", offsetof(ss_ref_out, state), 0},
        {"validator_bonds", offsetof(ss_ref_out, state), 0},
        {"validator_reward", offsetof(ss_ref_out, reward), 1},
        {"validator_reward_normalized", offsetof(ss_ref_out, reward_norm), 1},
    };
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strcmp(key, keys[k].key) == 0) {
            *v = *(float *const *)((const char *)o + keys[k].off);
            *rows = keys[k].shape == 0 ? V : 0;
            *cols = keys[k].shape == 1 ? V : S;
            return true;
        }
    return false;
}

static void check_output(ss_conf_file *f, const char *where, const char *key, const cJSON *exp,
                         const ss_ref_out *o, uint32_t V, uint32_t S, bool degenerate)
{
    cJSON *got = NULL;
    bool pass = false;
    const float *v;
    uint32_t rows, cols;
    if (strcmp(key, "alpha") == 0) {
        if (o->alpha_is_matrix) {
            got = floats_json(o->alpha, V, S);
            pass = compare(exp, o->alpha, V, S);
        } else {
            got = cJSON_CreateNumber(o->alpha_scalar);
            pass = cJSON_IsNumber(exp) && close_rel(o->alpha_scalar, exp->valuedouble);
        }
    } else if (strcmp(key, "alpha_a") == 0 || strcmp(key, "alpha_b") == 0) {
        /* The package's placeholders: always NaN. */
        got = cJSON_CreateString("NaN");
        float x;
        pass = jfloat(exp, &x) && isnan(x);
    } else if (output_of(o, key, V, S, &v, &rows, &cols)) {
        got = floats_json(v, rows, cols);
        pass = compare(exp, v, rows, cols);
    } else {
        got = cJSON_CreateString("unknown output key");
    }
    cJSON *e = cJSON_Duplicate(exp, 1);
    if (degenerate)
        ss_conf_skip(f, where, key, e, got, "degenerate epoch marked in the vector file");
    else
        ss_conf_add(f, where, key, e, got, PEER_RTOL, pass);
}

static ss_status replay_run(const cJSON *doc, const cJSON *run, ss_yuma_variant var,
                            uint32_t V, uint32_t S, ss_conf_file *f, ss_error *err)
{
    ss_yuma_params p;
    params_of_run(run, var, &p);
    const cJSON *rid = jget(run, "run_id");
    const char *run_id = cJSON_IsString(rid) ? rid->valuestring : "?";
    bool reset = cJSON_IsTrue(jget(run, "reset_bonds")) &&
                 cJSON_IsTrue(jget(run, "reset_applies_to_this_version"));
    int reset_epoch = (int)jnum_i64(jget(run, "reset_bonds_epoch"));
    uint32_t reset_col = (uint32_t)jnum_u64(jget(run, "reset_bonds_index"));
    const cJSON *deg = jget(run, "degenerate");
    const cJSON *nonfinite = jget(deg, "epochs_with_nonfinite_values_by_output");
    const cJSON *negc = jget(deg, "epochs_with_negative_consensus");
    const cJSON *weights = jget(jget(doc, "inputs"), "weights");
    const cJSON *stakes = jget(jget(doc, "inputs"), "stakes");

    peer_buf b;
    if (!peer_buf_init(&b, V, S)) {
        peer_buf_fini(&b);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    ss_status st = SS_OK;
    const cJSON *ep;
    int e = 0;
    cJSON_ArrayForEach(ep, jget(run, "epochs")) {
        int epoch = cJSON_IsNumber(jget(ep, "epoch")) ? (int)jnum_i64(jget(ep, "epoch")) : e;
        if (!read_floats(cJSON_GetArrayItem(weights, epoch), V, S, b.w) ||
            !read_floats(cJSON_GetArrayItem(stakes, epoch), 0, V, b.s)) {
            st = ss_error_set(err, SS_EINVAL, "run %s: inputs for epoch %d: expected %ux%u "
                              "weights and %u stakes", run_id, epoch, V, S, V);
            break;
        }
        if (reset && e > 0 && epoch == reset_epoch && reset_col < S)
            for (uint32_t i = 0; i < V; i++)
                b.state[(size_t)i * S + reset_col] = 0.0f;
        ss_ref_in in = {V, S, b.w, b.s, e > 0 ? b.state : NULL, e > 0 ? b.cold : NULL,
                        e > 0 ? b.wprev : NULL};
        ss__ref_core(&p, &in, &b.out, b.scratch);
        char where[160];
        snprintf(where, sizeof where, "run %s / epoch %d", run_id, epoch);
        bool neg = epoch_listed(negc, epoch);
        const cJSON *outs = jget(ep, "outputs"), *o;
        cJSON_ArrayForEach(o, outs) {
            bool degenerate = neg || epoch_listed(jget(nonfinite, o->string), epoch);
            check_output(f, where, o->string, o, &b.out, V, S, degenerate);
        }
        /* State for the next epoch (spec/peer-yuma.md §0.5). */
        memcpy(b.state, b.out.state, (size_t)V * S * sizeof(float));
        memcpy(b.cold, b.out.consensus, S * sizeof(float));
        memcpy(b.wprev, b.out.weight, (size_t)V * S * sizeof(float));
        e++;
    }
    peer_buf_fini(&b);
    return st;
}

ss_status ss__conf_replay_peer(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    ss_yuma_variant var = SS_YUMA_REF_YUMA1;
    ss_status st = variant_of(doc, &var, err);
    if (st != SS_OK)
        return st;
    const cJSON *cs = jget(doc, "case");
    int V = cJSON_GetArraySize(jget(cs, "validators"));
    int S = cJSON_GetArraySize(jget(cs, "servers"));
    if (V <= 0 || S <= 0)
        return ss_error_set(err, SS_EINVAL, "peer vector: case.validators and case.servers "
                            "must be non-empty arrays");
    const cJSON *run;
    cJSON_ArrayForEach(run, jget(doc, "runs")) {
        st = replay_run(doc, run, var, (uint32_t)V, (uint32_t)S, f, err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}
