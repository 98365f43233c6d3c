/*
** Replay of the chain's epoch vectors ("yuma-vector/1", kind "epoch",
** spec/yuma.md §10.1): each case starts from its initial state, applies each
** step's mutations, runs one epoch through ss_yuma (chain mode unless the
** runner asks for float) and checks every assertion. Bonds and permits
** carry over inside the ss_yuma, as they do on chain. Math vectors go to
** yuma_math_vectors.c.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/conformance.h"
#include "conformance/json_util.h"
#include "consensus/fixed.h"
#include "consensus/yuma_internal.h"
#include "subnetsim/consensus.h"

ss_status ss__conf_replay_yuma_math(const cJSON *doc, ss_conf_file *f, ss_error *err);

/* The mutable chain state a case carries between steps. */
typedef struct vstate {
    uint32_t n;
    uint64_t block, last_step;
    uint64_t *alpha, *tao, *lu, *reg;
    ss_weight_entry **rows;
    uint32_t *rlen;
    ss_weight_row *wrows;
    ss_yuma *y;
} vstate;

static void vstate_fini(vstate *s)
{
    if (s->rows)
        for (uint32_t i = 0; i < s->n; i++)
            free(s->rows[i]);
    free(s->rows);
    free(s->rlen);
    free(s->wrows);
    free(s->alpha);
    free(s->tao);
    free(s->lu);
    free(s->reg);
    ss_yuma_destroy(s->y);
}

static ss_status read_u64s(const cJSON *a, uint64_t *out, uint32_t n, const char *what,
                           ss_error *err)
{
    if (!cJSON_IsArray(a))
        return ss_error_set(err, SS_EINVAL, "initial_state.%s: expected an array", what);
    uint32_t k = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, a) {
        if (k < n)
            out[k] = jnum_u64(v);
        k++;
    }
    return SS_OK;
}

/* A stored row [[j, v], ...] into a new array. */
static ss_status read_row(const cJSON *a, ss_weight_entry **out, uint32_t *len, ss_error *err)
{
    *out = NULL;
    *len = 0;
    if (!cJSON_IsArray(a))
        return ss_error_set(err, SS_EINVAL, "weight or bond row: expected [[uid, value], ...]");
    int m = cJSON_GetArraySize(a);
    ss_weight_entry *e = calloc((size_t)(m ? m : 1), sizeof *e);
    if (!e)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    int k = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, a) {
        if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2) {
            free(e);
            return ss_error_set(err, SS_EINVAL, "row entry %d: expected [uid, value]", k);
        }
        e[k].uid = (uint32_t)jnum_u64(cJSON_GetArrayItem(p, 0));
        e[k].value = (uint16_t)jnum_u64(cJSON_GetArrayItem(p, 1));
        k++;
    }
    *out = e;
    *len = (uint32_t)m;
    return SS_OK;
}

static ss_status params_from_config(const cJSON *c, bool float_mode, ss_yuma_params *p,
                                    ss_error *err)
{
    if (!cJSON_IsObject(c))
        return ss_error_set(err, SS_EINVAL, "case.config: expected an object");
    ss_yuma_params_default(p);
    p->variant = cJSON_IsTrue(jget(c, "yuma3")) ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
    p->mode = float_mode ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
    p->tempo = (uint16_t)jnum_u64(jget(c, "tempo"));
    p->activity_cutoff_factor_milli = (uint32_t)jnum_u64(jget(c, "activity_cutoff_factor_milli"));
    p->stake_threshold_rao = jnum_u64(jget(c, "stake_threshold"));
    p->max_allowed_validators = (uint16_t)jnum_u64(jget(c, "max_allowed_validators"));
    p->kappa = (uint16_t)jnum_u64(jget(c, "kappa_u16"));
    p->bonds_penalty = (uint16_t)jnum_u64(jget(c, "bonds_penalty_u16"));
    p->bonds_moving_average = jnum_u64(jget(c, "bonds_moving_average"));
    p->liquid_alpha = cJSON_IsTrue(jget(c, "liquid_alpha"));
    p->alpha_low = (uint16_t)jnum_u64(jget(c, "alpha_low_u16"));
    p->alpha_high = (uint16_t)jnum_u64(jget(c, "alpha_high_u16"));
    p->alpha_sigmoid_steepness = (int16_t)jnum_i64(jget(c, "steepness_i16"));
    p->tao_weight = jnum_u64(jget(c, "tao_weight_u64"));
    p->commit_reveal = cJSON_IsTrue(jget(c, "commit_reveal_enabled"));
    p->bonds_reset = cJSON_IsTrue(jget(c, "bonds_reset_enabled"));
    uint64_t derived = (uint64_t)p->activity_cutoff_factor_milli * p->tempo / 1000;
    derived = derived < 1 ? 1 : derived;
    const cJSON *ac = jget(c, "activity_cutoff");
    if (cJSON_IsNumber(ac) && jnum_u64(ac) != derived)
        return ss_error_set(err, SS_EINVAL,
                            "case.config.activity_cutoff %llu differs from factor*tempo/1000 = "
                            "%llu", (unsigned long long)jnum_u64(ac), (unsigned long long)derived);
    return SS_OK;
}

static ss_status vstate_init(vstate *s, const cJSON *cfg, const cJSON *init, bool float_mode,
                             int32_t *owner, uint64_t *emission, ss_error *err)
{
    memset(s, 0, sizeof *s);
    ss_yuma_params p;
    ss_status st = params_from_config(cfg, float_mode, &p, err);
    if (st != SS_OK)
        return st;
    const cJSON *o = jget(cfg, "owner_uid");
    *owner = cJSON_IsNumber(o) ? (int32_t)jnum_i64(o) : -1;
    *emission = jnum_u64(jget(cfg, "rao_emission"));
    uint32_t n = (uint32_t)jnum_u64(jget(init, "n"));
    if (n == 0 || n > 32768)
        return ss_error_set(err, SS_EINVAL, "initial_state.n: expected 1..32768");
    s->n = n;
    s->block = jnum_u64(jget(init, "block"));
    s->last_step = jnum_u64(jget(init, "last_mech_step_block"));
    s->alpha = calloc(n, sizeof *s->alpha);
    s->tao = calloc(n, sizeof *s->tao);
    s->lu = calloc(n, sizeof *s->lu);
    s->reg = calloc(n, sizeof *s->reg);
    s->rows = calloc(n, sizeof *s->rows);
    s->rlen = calloc(n, sizeof *s->rlen);
    s->wrows = calloc(n, sizeof *s->wrows);
    if (!s->alpha || !s->tao || !s->lu || !s->reg || !s->rows || !s->rlen || !s->wrows)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    if ((st = read_u64s(jget(init, "alpha_stake"), s->alpha, n, "alpha_stake", err)) ||
        (st = read_u64s(jget(init, "tao_stake"), s->tao, n, "tao_stake", err)) ||
        (st = read_u64s(jget(init, "last_update"), s->lu, n, "last_update", err)) ||
        (st = read_u64s(jget(init, "block_at_registration"), s->reg, n,
                        "block_at_registration", err)))
        return st;
    if ((st = ss_yuma_create(&p, n, &s->y, err)) != SS_OK)
        return st;
    s->y->keep_trace = true; /* the log: assertions read W and ΔB of every epoch */
    bool *perm = calloc(n, sizeof *perm);
    if (!perm)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    uint32_t k = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, jget(init, "validator_permit")) {
        if (k < n)
            perm[k] = cJSON_IsTrue(v);
        k++;
    }
    ss_yuma_set_permits(s->y, perm, n);
    free(perm);
    k = 0;
    cJSON_ArrayForEach(v, jget(init, "weights")) {
        if (k < n && (st = read_row(v, &s->rows[k], &s->rlen[k], err)) != SS_OK)
            return st;
        k++;
    }
    k = 0;
    cJSON_ArrayForEach(v, jget(init, "bonds")) {
        ss_weight_entry *e;
        uint32_t len;
        if (k < n) {
            if ((st = read_row(v, &e, &len, err)) != SS_OK)
                return st;
            st = ss_yuma_set_bond_row(s->y, k, e, len, err);
            free(e);
            if (st != SS_OK)
                return st;
        }
        k++;
    }
    return SS_OK;
}

static uint64_t *field_array(vstate *s, const char *name)
{
    if (strcmp(name, "alpha_stake") == 0)
        return s->alpha;
    if (strcmp(name, "tao_stake") == 0)
        return s->tao;
    if (strcmp(name, "last_update") == 0)
        return s->lu;
    if (strcmp(name, "block_at_registration") == 0)
        return s->reg;
    return NULL;
}

static ss_status apply_mutation(vstate *s, const cJSON *m, ss_error *err)
{
    const cJSON *opj = jget(m, "op");
    const char *op = cJSON_IsString(opj) ? opj->valuestring : "";
    uint32_t uid = (uint32_t)jnum_u64(jget(m, "uid"));
    ss_status st;
    if (strcmp(op, "set_weights") == 0 || strcmp(op, "write_weights_row") == 0) {
        if (uid >= s->n)
            return ss_error_set(err, SS_EINVAL, "%s: uid %u beyond n", op, uid);
        ss_weight_entry *e;
        uint32_t len;
        if ((st = read_row(jget(m, "stored_row"), &e, &len, err)) != SS_OK)
            return st;
        free(s->rows[uid]);
        s->rows[uid] = e;
        s->rlen[uid] = len;
        const cJSON *lu = jget(m, "last_update");
        if (cJSON_IsNumber(lu))
            s->lu[uid] = jnum_u64(lu);
        return SS_OK;
    }
    if (strcmp(op, "replace_neuron") == 0) {
        if (uid >= s->n)
            return ss_error_set(err, SS_EINVAL, "replace_neuron: uid %u beyond n", uid);
        uint64_t b = jnum_u64(jget(m, "block"));
        s->reg[uid] = s->lu[uid] = b;
        s->alpha[uid] = jnum_u64(jget(m, "new_alpha_stake"));
        s->rlen[uid] = 0;
        for (uint32_t i = 0; i < s->n; i++)
            for (uint32_t k = 0; k < s->rlen[i]; k++)
                if (s->rows[i][k].uid == uid)
                    s->rows[i][k].value = 0;
        ss_yuma_reset_uid(s->y, uid);
        return SS_OK;
    }
    if (strcmp(op, "reset_bonds_for_uid") == 0) {
        ss_yuma_reset_bond_column(s->y, uid);
        return SS_OK;
    }
    if (strcmp(op, "set") == 0) {
        const cJSON *fj = jget(m, "field"), *idx = jget(m, "index"), *val = jget(m, "value");
        const char *field = cJSON_IsString(fj) ? fj->valuestring : "";
        if (strcmp(field, "last_mech_step_block") == 0) {
            s->last_step = jnum_u64(val);
            return SS_OK;
        }
        if (strcmp(field, "validator_permit") == 0 && cJSON_IsNumber(idx)) {
            uint32_t i = (uint32_t)jnum_u64(idx);
            bool perm[1] = {cJSON_IsTrue(val)};
            const bool *cur = ss_yuma_permits(s->y);
            bool *all = malloc(s->n * sizeof *all);
            if (!all)
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            memcpy(all, cur, s->n * sizeof *all);
            if (i < s->n)
                all[i] = perm[0];
            ss_yuma_set_permits(s->y, all, s->n);
            free(all);
            return SS_OK;
        }
        uint64_t *arr = field_array(s, field);
        if (!arr || !cJSON_IsNumber(idx) || jnum_u64(idx) >= s->n)
            return ss_error_set(err, SS_EINVAL, "set: unsupported field '%s' or index", field);
        arr[jnum_u64(idx)] = jnum_u64(val);
        return SS_OK;
    }
    return ss_error_set(err, SS_EINVAL, "unknown mutation op '%s'", op);
}

/* Trace vectors and matrices as JSON. */
static cJSON *num_vector(const ss_yuma *y, const void *arr, uint32_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(ss__yuma_num(y, arr, i)));
    return a;
}

static cJSON *dvec(const double *v, uint32_t n)
{
    return cJSON_CreateDoubleArray(v, (int)n);
}

static cJSON *csr_json(const ss_yuma *y, const ss__csr *m, uint32_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (uint32_t i = 0; i < n; i++) {
        cJSON *row = cJSON_CreateArray();
        for (uint32_t k = m->start[i]; k < m->start[i] + m->len[i]; k++) {
            cJSON *e = cJSON_CreateArray();
            cJSON_AddItemToArray(e, cJSON_CreateNumber(m->col[k]));
            cJSON_AddItemToArray(e, cJSON_CreateNumber(ss__yuma_num(y, m->val, k)));
            cJSON_AddItemToArray(row, e);
        }
        cJSON_AddItemToArray(a, row);
    }
    return a;
}

static uint16_t stored_bond(const ss_yuma *y, uint32_t i, uint32_t j)
{
    ss_weight_row r = ss_yuma_bond_row(y, i);
    for (uint32_t k = 0; k < r.len; k++)
        if (r.entries[k].uid == j)
            return r.entries[k].value;
    return 0;
}

/* The value of an assertion's quantity after the epoch, as JSON (NULL: unknown). */
static cJSON *quantity_value(const vstate *s, const ss_yuma_output *o, const cJSON *a)
{
    const cJSON *qj = jget(a, "quantity"), *idx = jget(a, "index");
    const char *q = cJSON_IsString(qj) ? qj->valuestring : "";
    const ss_yuma *y = s->y;
    uint32_t n = o->n;
    int64_t ii = cJSON_IsNumber(idx) ? jnum_i64(idx) : -1;
    cJSON *whole = NULL;
    const double *prop = NULL;
    if (strcmp(q, "incentive_u16") == 0)
        prop = o->incentive;
    else if (strcmp(q, "dividends_u16") == 0)
        prop = o->dividends;
    else if (strcmp(q, "consensus_u16") == 0)
        prop = o->consensus;
    else if (strcmp(q, "validator_trust_u16") == 0)
        prop = o->validator_trust;
    if (prop) {
        whole = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(whole, cJSON_CreateNumber(ss_yuma_to_u16(y, prop[i])));
    } else if (strcmp(q, "dividends_fraction") == 0) {
        whole = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++) {
            uint16_t u = ss_yuma_to_u16(y, o->dividends[i]);
            cJSON_AddItemToArray(whole, cJSON_CreateNumber(ss_fx_to_double(ss_fx_u16_prop(u))));
        }
    } else if (strcmp(q, "rank_u16") == 0 || strcmp(q, "trust_u16") == 0) {
        whole = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(whole, cJSON_CreateNumber(0));
    } else if (strcmp(q, "emission") == 0 || strcmp(q, "server_emission") == 0 ||
               strcmp(q, "validator_emission") == 0) {
        const uint64_t *e = q[0] == 'e' ? o->emission_rao
                            : q[0] == 's' ? o->server_emission_rao : o->validator_emission_rao;
        whole = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(whole, cJSON_CreateNumber((double)e[i]));
    } else if (strcmp(q, "sum_server_plus_validator_emission") == 0) {
        double t = 0;
        for (uint32_t i = 0; i < n; i++)
            t += (double)o->server_emission_rao[i] + (double)o->validator_emission_rao[i];
        return cJSON_CreateNumber(t);
    } else if (strcmp(q, "validator_permit") == 0 || strcmp(q, "new_validator_permit") == 0 ||
               strcmp(q, "active") == 0) {
        const bool *b = q[0] == 'a' ? o->active : o->validator_permit;
        whole = cJSON_CreateArray();
        for (uint32_t i = 0; i < n; i++)
            cJSON_AddItemToArray(whole, cJSON_CreateBool(b[i]));
    } else if (strcmp(q, "bonds_u16") == 0 || strcmp(q, "bond_fraction") == 0) {
        if (cJSON_GetArraySize(idx) != 2)
            return NULL;
        uint32_t i = (uint32_t)jnum_u64(cJSON_GetArrayItem(idx, 0));
        uint32_t j = (uint32_t)jnum_u64(cJSON_GetArrayItem(idx, 1));
        uint16_t v = stored_bond(y, i, j);
        if (strcmp(q, "bonds_u16") == 0)
            return cJSON_CreateNumber(v);
        return cJSON_CreateNumber(ss_fx_to_double(ss_fx_u16_prop(v)));
    } else if (strncmp(q, "log:", 4) == 0) {
        const char *l = q + 4;
        ss__yuma_trace t;
        if (strcmp(l, "stake") == 0)
            whole = dvec(o->stake, n);
        else if (strcmp(l, "active_stake") == 0)
            whole = dvec(o->active_stake, n);
        else if (strcmp(l, "consensus") == 0)
            whole = dvec(o->consensus, n);
        else if (strcmp(l, "validator_trust") == 0)
            whole = dvec(o->validator_trust, n);
        else if (strcmp(l, "dividends") == 0)
            whole = dvec(o->dividends, n);
        else if (!ss__yuma_trace_get(y, &t))
            return NULL;
        else if (strcmp(l, "weights") == 0)
            return csr_json(y, t.weights, n);
        else if (strcmp(l, "bonds_delta") == 0)
            return t.bonds_delta_valid ? csr_json(y, t.bonds_delta, n) : NULL;
        else if (strcmp(l, "normalized_validator_emission") == 0)
            whole = num_vector(y, t.nV, n);
        else if (strcmp(l, "normalized_combined_emission") == 0)
            whole = num_vector(y, t.nC, n);
        else
            return NULL;
    } else {
        return NULL;
    }
    if (ii < 0)
        return whole;
    cJSON *item = ii < cJSON_GetArraySize(whole) ? cJSON_DetachItemFromArray(whole, (int)ii)
                                                 : cJSON_CreateNull();
    cJSON_Delete(whole);
    return item;
}

static void check_assertion(ss_conf_file *f, const char *where, const vstate *s,
                            const ss_yuma_output *o, const cJSON *a)
{
    const cJSON *qj = jget(a, "quantity"), *cj = jget(a, "cmp");
    const char *q = cJSON_IsString(qj) ? qj->valuestring : "?";
    const char *cmp = cJSON_IsString(cj) ? cj->valuestring : "?";
    char quantity[160];
    const cJSON *idx = jget(a, "index");
    if (cJSON_IsNumber(idx))
        snprintf(quantity, sizeof quantity, "%s[%lld]", q, (long long)jnum_i64(idx));
    else if (cJSON_IsArray(idx))
        snprintf(quantity, sizeof quantity, "%s[%lld,%lld]", q,
                 (long long)jnum_i64(cJSON_GetArrayItem(idx, 0)),
                 (long long)jnum_i64(cJSON_GetArrayItem(idx, 1)));
    else
        snprintf(quantity, sizeof quantity, "%s", q);
    cJSON *got = quantity_value(s, o, a);
    const cJSON *val = jget(a, "value");
    cJSON *expected = cJSON_Duplicate(val, 1);
    if (!got) {
        ss_conf_add(f, where, quantity, expected, cJSON_CreateString("unsupported quantity"),
                    -1, false);
        return;
    }
    bool pass = false;
    double tol = -1;
    if (strcmp(cmp, "eq") == 0) {
        pass = jclose(got, val, 0.0);
    } else if (strcmp(cmp, "abs_le") == 0) {
        tol = jget(a, "tol") ? jget(a, "tol")->valuedouble : 0.0;
        pass = jclose(got, val, tol);
    } else if (strcmp(cmp, "gt") == 0) {
        pass = cJSON_IsNumber(got) && got->valuedouble > val->valuedouble;
        cJSON_Delete(expected);
        char buf[64];
        snprintf(buf, sizeof buf, "> %.17g", val->valuedouble);
        expected = cJSON_CreateString(buf);
    } else if (strcmp(cmp, "eq_quantity") == 0) {
        const cJSON *other = jget(a, "other");
        cJSON *ov = other ? quantity_value(s, o, other) : NULL;
        pass = ov && jclose(got, ov, 0.0);
        cJSON_Delete(expected);
        expected = ov ? ov : cJSON_CreateNull();
    } else {
        cJSON_Delete(expected);
        expected = cJSON_CreateString("unknown comparison");
    }
    ss_conf_add(f, where, quantity, expected, got, tol, pass);
}

static ss_status replay_case(const cJSON *c, int ci, ss_conf_file *f, ss_error *err)
{
    vstate s;
    int32_t owner;
    uint64_t E;
    const cJSON *nm = jget(c, "name");
    const char *cname = cJSON_IsString(nm) ? nm->valuestring : "";
    ss_status st = vstate_init(&s, jget(c, "config"), jget(c, "initial_state"),
                               ss_conf_float_mode(f), &owner, &E, err);
    int k = 0;
    const cJSON *step;
    if (st == SS_OK)
        cJSON_ArrayForEach(step, jget(c, "steps")) {
            const cJSON *m;
            cJSON_ArrayForEach(m, jget(step, "mutations_before_epoch"))
                if ((st = apply_mutation(&s, m, err)) != SS_OK)
                    break;
            if (st != SS_OK)
                break;
            s.block = jnum_u64(jget(step, "block"));
            for (uint32_t i = 0; i < s.n; i++) {
                s.wrows[i].entries = s.rows[i];
                s.wrows[i].len = s.rlen[i];
            }
            ss_yuma_input in = {
                .n = s.n, .block = s.block, .last_step_block = s.last_step,
                .owner_uid = owner, .alpha_stake_rao = s.alpha, .tao_stake_rao = s.tao,
                .last_update = s.lu, .registered_block = s.reg, .commit_block = NULL,
                .weights = s.wrows, .emission_rao = E,
            };
            const ss_yuma_output *o;
            if ((st = ss_yuma_epoch(s.y, &in, &o, err)) != SS_OK)
                break;
            char where[256];
            const cJSON *lab = jget(step, "label");
            snprintf(where, sizeof where, "case %d (%s) / step %d%s%s", ci, cname, k,
                     cJSON_IsString(lab) ? ": " : "", cJSON_IsString(lab) ? lab->valuestring : "");
            const cJSON *a;
            cJSON_ArrayForEach(a, jget(step, "expected"))
                check_assertion(f, where, &s, o, a);
            k++;
        }
    vstate_fini(&s);
    return st;
}

ss_status ss__conf_replay_yuma(const cJSON *doc, ss_conf_file *f, ss_error *err)
{
    const cJSON *kind = jget(doc, "kind");
    if (cJSON_IsString(kind) && strcmp(kind->valuestring, "math") == 0)
        return ss__conf_replay_yuma_math(doc, f, err);
    if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "epoch") != 0)
        return ss_error_set(err, SS_EINVAL, "yuma-vector/1: unknown kind (expected epoch or math)");
    const cJSON *cases = jget(doc, "cases");
    if (!cJSON_IsArray(cases))
        return ss_error_set(err, SS_EINVAL, "yuma-vector/1: cases: expected an array");
    int ci = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases) {
        ss_status st = replay_case(c, ci, f, err);
        if (st != SS_OK)
            return st;
        ci++;
    }
    return SS_OK;
}
