/*
** The SQL that reads a run database into an ss__rd for the report. Every
** query has an ORDER BY, so arrays come out in the same order every time;
** optional tables and columns (schema version 2) are looked up first and
** their absence is recorded rather than treated as an error.
**
** uid_epochs is read once, in primary-key order, and folded into per-neuron
** totals and per-epoch shares; nothing else reads it in full.
*/
#include "report/rdata.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "report/inequality.h"

typedef struct loader {
    sqlite3 *db;
    const char *path;
    ss_error *err;
    int oom;
} loader;

static ss_status db_fail(loader *L, const char *what)
{
    return ss_error_set(L->err, SS_EDB, "%s: %s: %s", L->path, what, sqlite3_errmsg(L->db));
}

static ss_status oom(loader *L)
{
    return ss_error_set(L->err, SS_ENOMEM, "%s: out of memory reading the run", L->path);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * elem);
    if (!q)
        return 0;
    memset((char *)q + *cap * elem, 0, (c - *cap) * elem);
    *p = q;
    *cap = c;
    return 1;
}

static char *dup_str(loader *L, const char *s)
{
    char *c = strdup(s ? s : "");
    if (!c)
        L->oom = 1;
    return c;
}

/* A text column as a new string: "" for NULL unless nullable, then NULL. */
static char *col_text(loader *L, sqlite3_stmt *s, int i, int nullable)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL)
        return nullable ? NULL : dup_str(L, "");
    return dup_str(L, (const char *)sqlite3_column_text(s, i));
}

static int64_t col_int(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? SS_RD_NONE : sqlite3_column_int64(s, i);
}

static double col_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

static int prepare(loader *L, const char *sql, sqlite3_stmt **s)
{
    return sqlite3_prepare_v2(L->db, sql, -1, s, NULL) == SQLITE_OK;
}

static int table_exists(loader *L, const char *name)
{
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", &s))
        return 0;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

static int column_exists(loader *L, const char *table, const char *column)
{
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", &s))
        return 0;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

static int64_t count_rows(loader *L, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *s;
    int64_t n = 0;
    if (prepare(L, sql, &s) && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

double ss__rd_days(int64_t block)
{
    return (double)block / 7200.0;
}

const ss__rd_subnet *ss__rd_subnet_find(const ss__rd *d, int64_t netuid)
{
    size_t lo = 0, hi = d->n_subnets;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->subnets[mid].netuid < netuid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_subnets && d->subnets[lo].netuid == netuid ? &d->subnets[lo] : NULL;
}

static ss__rd_neuron *neuron_at(const ss__rd_subnet *s, int64_t uid, int64_t block)
{
    size_t lo = 0, hi = s->n_neurons;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->neurons[mid].uid < uid)
            lo = mid + 1;
        else
            hi = mid;
    }
    ss__rd_neuron *found = NULL;
    for (size_t i = lo; i < s->n_neurons && s->neurons[i].uid == uid; i++) {
        ss__rd_neuron *n = &s->neurons[i];
        if (n->registered_block <= block &&
            (n->deregistered_block == SS_RD_NONE || n->deregistered_block > block))
            found = n;   /* the latest registration covering block */
    }
    return found;
}

const ss__rd_neuron *ss__rd_neuron_at(const ss__rd_subnet *s, int64_t uid, int64_t block)
{
    return neuron_at(s, uid, block);
}

static ss__rd_epoch *epoch_find(const ss__rd_subnet *s, int64_t epoch)
{
    size_t lo = 0, hi = s->n_epochs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->epochs[mid].epoch < epoch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->n_epochs && s->epochs[lo].epoch == epoch ? &s->epochs[lo] : NULL;
}

static ss__rd_neuron *owner_at(const ss__rd_subnet *s, int64_t block)
{
    for (size_t i = 0; i < s->n_neurons; i++) {
        ss__rd_neuron *n = &s->neurons[i];
        if (strcmp(n->role, "owner") == 0 && n->registered_block <= block &&
            (n->deregistered_block == SS_RD_NONE || n->deregistered_block > block))
            return n;
    }
    return NULL;
}

/* ---- checking that the file is a run database ------------------------- */

int ss__rd_open_readonly(const char *path, sqlite3 **db)
{
    /*
    ** A run database is written in WAL mode. Without a -wal file beside it,
    ** everything is in the main file, and opening it immutable keeps SQLite
    ** from creating -wal and -shm files next to a database we only read.
    ** With one (a run still writing, or killed), read it the ordinary way.
    */
    size_t len = strlen(path);
    char *probe = malloc(len + 5);
    char *uri = malloc(3 * len + 32);
    int rc = SQLITE_NOMEM;
    *db = NULL;
    if (probe && uri) {
        snprintf(probe, len + 5, "%s-wal", path);
        struct stat st;
        if (stat(probe, &st) == 0) {
            rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL);
        } else {
            char *p = uri + sprintf(uri, "file:");
            for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
                if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                    (*c >= '0' && *c <= '9') || strchr("/._-~", *c))
                    *p++ = (char)*c;
                else
                    p += sprintf(p, "%%%02X", *c);
            }
            strcpy(p, "?immutable=1");
            rc = sqlite3_open_v2(uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        }
    }
    free(probe);
    free(uri);
    return rc;
}

static ss_status open_db(loader *L, ss__rd *d)
{
    struct stat st;
    if (stat(L->path, &st) != 0)
        return ss_error_set(L->err, SS_EINVAL, "%s: %s", L->path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return ss_error_set(L->err, SS_EINVAL, "%s: is a directory, not a run database",
                            L->path);
    if (ss__rd_open_readonly(L->path, &L->db) != SQLITE_OK)
        return ss_error_set(L->err, SS_EINVAL, "%s: cannot open: %s", L->path,
                            L->db ? sqlite3_errmsg(L->db) : "out of memory");
    sqlite3_stmt *s;
    if (!prepare(L, "PRAGMA user_version", &s)) {
        int code = sqlite3_errcode(L->db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            return ss_error_set(L->err, SS_EINVAL,
                                "%s: not a subnetsim run database (not an SQLite file)",
                                L->path);
        return db_fail(L, "cannot read the schema version");
    }
    int rc = sqlite3_step(s);
    d->schema_version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) {
        int code = sqlite3_errcode(L->db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            return ss_error_set(L->err, SS_EINVAL,
                                "%s: not a subnetsim run database (not an SQLite file)",
                                L->path);
        return db_fail(L, "cannot read the schema version");
    }
    if (!table_exists(L, "run"))
        return ss_error_set(L->err, SS_EINVAL,
                            "%s: an SQLite file but not a subnetsim run database (no run "
                            "table; schema version %d)", L->path, d->schema_version);
    if (d->schema_version < 1 || d->schema_version > 3)
        return ss_error_set(L->err, SS_EINVAL,
                            "%s: run database schema version %d; this subnetsim reads "
                            "versions 1 to 3", L->path, d->schema_version);
    static const char *const required[] = {"meta", "subnets", "neurons", "epochs"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!table_exists(L, required[i]))
            return ss_error_set(L->err, SS_EINVAL,
                                "%s: not a complete subnetsim run database (no %s table)",
                                L->path, required[i]);
    return SS_OK;
}

/* ---- run, meta, subnets, neurons, epochs -------------------------------- */

static ss_status load_run(loader *L, ss__rd *d)
{
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT key, value FROM meta ORDER BY key", &s))
        return db_fail(L, "cannot read meta");
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(s, 0);
        if (!k)
            continue;
        if (strcmp(k, "generator") == 0 && !d->generator)
            d->generator = col_text(L, s, 1, 0);
        else if (strcmp(k, "log_level") == 0 && !d->log_level)
            d->log_level = col_text(L, s, 1, 0);
        else if (strcmp(k, "sample_every_epochs") == 0)
            d->sample_every = col_int(s, 1);
    }
    sqlite3_finalize(s);
    if (!prepare(L, "SELECT scenario_name, scenario_file, scenario_sha256, scenario_text,"
                    " seed, version, blocks, started_at, finished_at, status, error"
                    " FROM run ORDER BY id LIMIT 1", &s))
        return db_fail(L, "cannot read the run table");
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return ss_error_set(L->err, SS_EINVAL, "%s: the run table is empty (the run never "
                            "started writing)", L->path);
    }
    d->scenario_name = col_text(L, s, 0, 0);
    d->scenario_file = col_text(L, s, 1, 0);
    d->scenario_sha256 = col_text(L, s, 2, 0);
    d->scenario_text = col_text(L, s, 3, 0);
    d->seed = col_text(L, s, 4, 0);
    d->version = col_text(L, s, 5, 0);
    d->blocks = sqlite3_column_int64(s, 6);
    d->started_at = col_text(L, s, 7, 1);
    d->finished_at = col_text(L, s, 8, 1);
    d->status = col_text(L, s, 9, 0);
    d->error = col_text(L, s, 10, 1);
    sqlite3_finalize(s);
    return L->oom ? oom(L) : SS_OK;
}

static ss_status load_subnets(loader *L, ss__rd *d)
{
    int v2 = column_exists(L, "subnets", "registered_block");
    int dissolved = column_exists(L, "subnets", "dissolved_block");
    char sql[640];
    /* Version 3 keeps a row per registration of a netuid (one freed by a dissolution can
    ** be registered again, its epochs numbered on): the report shows the latest. */
    snprintf(sql, sizeof sql,
             "SELECT netuid, name, max_uids, tempo, alpha_emission_rao, owner_cut_u16,"
             " consensus_variant, consensus_mode, task_kind, %s, %s FROM subnets s%s"
             " ORDER BY netuid", v2 ? "registered_block" : "NULL",
             dissolved ? "dissolved_block" : "NULL",
             d->schema_version >= 3 ? " WHERE registered_block = (SELECT max(registered_block)"
                                      " FROM subnets t WHERE t.netuid = s.netuid)" : "");
    sqlite3_stmt *s;
    if (!prepare(L, sql, &s))
        return db_fail(L, "cannot read subnets");
    size_t cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!grow((void **)&d->subnets, &cap, d->n_subnets + 1, sizeof *d->subnets)) {
            sqlite3_finalize(s);
            return oom(L);
        }
        ss__rd_subnet *n = &d->subnets[d->n_subnets++];
        n->netuid = sqlite3_column_int64(s, 0);
        n->name = col_text(L, s, 1, 0);
        n->max_uids = sqlite3_column_int64(s, 2);
        n->tempo = sqlite3_column_int64(s, 3);
        n->alpha_emission_rao = sqlite3_column_int64(s, 4);
        n->owner_cut_u16 = sqlite3_column_int64(s, 5);
        n->variant = col_text(L, s, 6, 0);
        n->mode = col_text(L, s, 7, 0);
        n->task = col_text(L, s, 8, 0);
        n->registered_block = col_int(s, 9);
        n->dissolved_block = col_int(s, 10);
        n->gini_hotkey = n->gini_coldkey = n->quality_corr = NAN;
    }
    sqlite3_finalize(s);
    return L->oom ? oom(L) : SS_OK;
}

static ss_status load_neurons(loader *L, ss__rd *d)
{
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT netuid, uid, registered_block, deregistered_block, hotkey,"
                    " coldkey, role, agent_kind, adversary, true_quality, latency_ms,"
                    " initial_stake_rao FROM neurons ORDER BY netuid, uid, registered_block",
                 &s))
        return db_fail(L, "cannot read neurons");
    size_t cap = 0, n = 0;
    int64_t *netuids = NULL;
    size_t ncap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!ss__rd_subnet_find(d, sqlite3_column_int64(s, 0)))
            continue;   /* a neuron of a subnet the subnets table does not have */
        if (!grow((void **)&d->neuron_store, &cap, n + 1, sizeof *d->neuron_store) ||
            !grow((void **)&netuids, &ncap, n + 1, sizeof *netuids)) {
            sqlite3_finalize(s);
            free(netuids);
            return oom(L);
        }
        ss__rd_neuron *r = &d->neuron_store[n];
        netuids[n++] = sqlite3_column_int64(s, 0);
        r->uid = sqlite3_column_int64(s, 1);
        r->registered_block = sqlite3_column_int64(s, 2);
        r->deregistered_block = col_int(s, 3);
        r->hotkey = col_text(L, s, 4, 0);
        r->coldkey = col_text(L, s, 5, 0);
        r->role = col_text(L, s, 6, 0);
        r->agent_kind = col_text(L, s, 7, 0);
        r->adversary = sqlite3_column_int(s, 8) != 0;
        r->true_quality = col_real(s, 9);
        r->latency_ms = col_real(s, 10);
        r->initial_stake_rao = sqlite3_column_int64(s, 11);
        r->last_stake_rao = r->initial_stake_rao;
        r->last_vtrust = NAN;
    }
    sqlite3_finalize(s);
    d->n_neurons = n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && netuids[j] == netuids[i])
            j++;
        ss__rd_subnet *sn = (ss__rd_subnet *)ss__rd_subnet_find(d, netuids[i]);
        sn->neurons = &d->neuron_store[i];
        sn->n_neurons = j - i;
        i = j;
    }
    free(netuids);
    return L->oom ? oom(L) : SS_OK;
}

static ss_status load_epochs(loader *L, ss__rd *d)
{
    d->has_root_rao = column_exists(L, "epochs", "root_rao");
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT netuid, epoch, block, issued_rao, owner_rao, miner_rao, validator_rao,"
             " %s, burned_rao FROM epochs ORDER BY netuid, epoch",
             d->has_root_rao ? "root_rao" : "0");
    sqlite3_stmt *s;
    if (!prepare(L, sql, &s))
        return db_fail(L, "cannot read epochs");
    size_t cap = 0, n = 0;
    int64_t *netuids = NULL;
    size_t ncap = 0;
    d->first_block = SS_RD_NONE;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!ss__rd_subnet_find(d, sqlite3_column_int64(s, 0)))
            continue;
        if (!grow((void **)&d->epoch_store, &cap, n + 1, sizeof *d->epoch_store) ||
            !grow((void **)&netuids, &ncap, n + 1, sizeof *netuids)) {
            sqlite3_finalize(s);
            free(netuids);
            return oom(L);
        }
        ss__rd_epoch *e = &d->epoch_store[n];
        netuids[n++] = sqlite3_column_int64(s, 0);
        e->epoch = sqlite3_column_int64(s, 1);
        e->block = sqlite3_column_int64(s, 2);
        e->issued_rao = sqlite3_column_int64(s, 3);
        e->owner_rao = sqlite3_column_int64(s, 4);
        e->miner_rao = sqlite3_column_int64(s, 5);
        e->validator_rao = sqlite3_column_int64(s, 6);
        e->root_rao = sqlite3_column_int64(s, 7);
        e->burned_rao = sqlite3_column_int64(s, 8);
        e->adv_emission_share = e->adv_stake_share = e->adv_uid_share = e->gini = NAN;
        if (d->first_block == SS_RD_NONE || e->block < d->first_block)
            d->first_block = e->block;
        if (e->block > d->last_block)
            d->last_block = e->block;
    }
    sqlite3_finalize(s);
    d->n_epochs = n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && netuids[j] == netuids[i])
            j++;
        ss__rd_subnet *sn = (ss__rd_subnet *)ss__rd_subnet_find(d, netuids[i]);
        sn->epochs = &d->epoch_store[i];
        sn->n_epochs = j - i;
        for (size_t k = i; k < j; k++) {
            const ss__rd_epoch *e = &d->epoch_store[k];
            sn->issued_rao += e->issued_rao;
            sn->owner_rao += e->owner_rao;
            sn->miner_rao += e->miner_rao;
            sn->validator_rao += e->validator_rao;
            sn->root_rao += e->root_rao;
            sn->burned_rao += e->burned_rao;
        }
        i = j;
    }
    free(netuids);
    for (size_t i = 0; i < d->n_subnets; i++) {
        ss__rd_subnet *sn = &d->subnets[i];
        d->issued_rao += sn->issued_rao;
        d->owner_rao += sn->owner_rao;
        d->miner_rao += sn->miner_rao;
        d->validator_rao += sn->validator_rao;
        d->root_rao += sn->root_rao;
        d->burned_rao += sn->burned_rao;
        /* The owner's cut is paid to the owner's hotkey; credit it there. */
        for (size_t k = 0; k < sn->n_epochs; k++) {
            ss__rd_neuron *o = owner_at(sn, sn->epochs[k].block);
            if (o)
                o->owner_paid_rao += sn->epochs[k].owner_rao;
        }
    }
    if (d->first_block == SS_RD_NONE)
        d->first_block = 0;
    return SS_OK;
}

/* ---- uid_epochs, folded in one pass ------------------------------------- */

typedef struct epoch_fold {
    double paid, adv_paid, stake, adv_stake;
    size_t uids, adv_uids;
    double *values;
    size_t n_values, cap;
} epoch_fold;

static void fold_finish(epoch_fold *f, ss__rd_epoch *e)
{
    if (f->uids == 0)
        return;
    e->adv_emission_share = f->paid > 0 ? f->adv_paid / f->paid : NAN;
    e->adv_stake_share = f->stake > 0 ? f->adv_stake / f->stake : NAN;
    e->adv_uid_share = (double)f->adv_uids / (double)f->uids;
    ss__ineq_sort(f->values, f->n_values);
    e->gini = ss__ineq_gini(f->values, f->n_values);
}

static ss_status load_uid_epochs(loader *L, ss__rd *d)
{
    if (!d->has_uid_epochs)
        return SS_OK;
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT netuid, epoch, uid, stake_rao, incentive, dividends,"
                    " validator_trust, miner_paid_rao, validator_paid_rao FROM uid_epochs"
                    " ORDER BY netuid, epoch, uid", &s))
        return db_fail(L, "cannot read uid_epochs");
    epoch_fold f = {0};
    ss__rd_subnet *sn = NULL;
    ss__rd_epoch *ep = NULL;
    const ss__rd_neuron *owner = NULL;
    int64_t cur_net = SS_RD_NONE, cur_epoch = SS_RD_NONE;
    ss_status st = SS_OK;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t netuid = sqlite3_column_int64(s, 0), epoch = sqlite3_column_int64(s, 1);
        if (netuid != cur_net || epoch != cur_epoch) {
            if (ep)
                fold_finish(&f, ep);
            f.paid = f.adv_paid = f.stake = f.adv_stake = 0;
            f.uids = f.adv_uids = f.n_values = 0;
            if (netuid != cur_net)
                sn = (ss__rd_subnet *)ss__rd_subnet_find(d, netuid);
            ep = sn ? epoch_find(sn, epoch) : NULL;
            owner = ep ? owner_at(sn, ep->block) : NULL;
            cur_net = netuid;
            cur_epoch = epoch;
        }
        if (!sn)
            continue;
        sn->uid_rows++;
        ss__rd_neuron *n = ep ? neuron_at(sn, sqlite3_column_int64(s, 2), ep->block) : NULL;
        if (!n) {
            sn->unmatched_rows++;
            continue;
        }
        int64_t stake = sqlite3_column_int64(s, 3);
        int64_t miner_paid = sqlite3_column_int64(s, 7);
        int64_t validator_paid = sqlite3_column_int64(s, 8);
        n->epochs++;
        n->last_stake_rao = stake;
        n->stake_sum_rao += (double)stake;
        n->incentive_sum += sqlite3_column_double(s, 4);
        n->dividends_sum += sqlite3_column_double(s, 5);
        n->last_vtrust = sqlite3_column_double(s, 6);
        n->miner_paid_rao += miner_paid;
        n->validator_paid_rao += validator_paid;
        double paid = (double)(miner_paid + validator_paid) +
                      (n == owner ? (double)ep->owner_rao : 0);
        f.paid += paid;
        f.stake += (double)stake;
        f.uids++;
        if (n->adversary) {
            f.adv_paid += paid;
            f.adv_stake += (double)stake;
            f.adv_uids++;
        }
        if (!grow((void **)&f.values, &f.cap, f.n_values + 1, sizeof *f.values)) {
            st = oom(L);
            break;
        }
        f.values[f.n_values++] = paid;
    }
    if (st == SS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = db_fail(L, "cannot read uid_epochs");
    if (st == SS_OK && ep)
        fold_finish(&f, ep);
    free(f.values);
    sqlite3_finalize(s);
    return st;
}

/* ---- per-subnet concentration ------------------------------------------- */

typedef struct keyed {
    const char *key;
    int64_t rao;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* Sums received alpha per key (hotkey or coldkey) and returns the sums ascending. */
static ss_status by_key(loader *L, const ss__rd_subnet *s, int coldkey, double **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (s->n_neurons == 0)
        return SS_OK;
    keyed *k = malloc(s->n_neurons * sizeof *k);
    double *v = malloc(s->n_neurons * sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        return oom(L);
    }
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *r = &s->neurons[i];
        k[i].key = coldkey ? r->coldkey : r->hotkey;
        k[i].rao = r->miner_paid_rao + r->validator_paid_rao + r->owner_paid_rao;
    }
    qsort(k, s->n_neurons, sizeof *k, cmp_keyed);
    size_t m = 0;
    for (size_t i = 0; i < s->n_neurons;) {
        int64_t sum = 0;   /* integer sums: the same whatever order equal keys came in */
        size_t j = i;
        for (; j < s->n_neurons && strcmp(k[j].key, k[i].key) == 0; j++)
            sum += k[j].rao;
        v[m++] = (double)sum;
        i = j;
    }
    free(k);
    ss__ineq_sort(v, m);
    *out = v;
    *n = m;
    return SS_OK;
}

static ss_status summarise_subnet(loader *L, ss__rd *d, ss__rd_subnet *s)
{
    ss_status st = by_key(L, s, 0, &s->by_hotkey, &s->n_hotkeys);
    if (st == SS_OK)
        st = by_key(L, s, 1, &s->by_coldkey, &s->n_coldkeys);
    if (st != SS_OK)
        return st;
    s->gini_hotkey = ss__ineq_gini(s->by_hotkey, s->n_hotkeys);
    s->gini_coldkey = ss__ineq_gini(s->by_coldkey, s->n_coldkeys);
    s->nakamoto_hotkey = ss__ineq_nakamoto(s->by_hotkey, s->n_hotkeys);
    s->nakamoto_coldkey = ss__ineq_nakamoto(s->by_coldkey, s->n_coldkeys);

    double *q = malloc((s->n_neurons + 1) * 6 * sizeof *q);
    if (!q)
        return oom(L);
    double *x = q, *y = q + s->n_neurons + 1, *scratch = q + 2 * (s->n_neurons + 1);
    size_t m = 0;
    for (size_t i = 0; i < s->n_neurons; i++) {
        const ss__rd_neuron *r = &s->neurons[i];
        int64_t paid = r->miner_paid_rao + r->validator_paid_rao + r->owner_paid_rao;
        s->paid_rao += paid;
        if (r->adversary) {
            s->n_adversaries++;
            s->adversary_paid_rao += paid;
        }
        if (strcmp(r->role, "miner") == 0) {
            s->n_miners++;
            if (isfinite(r->true_quality) && r->epochs > 0) {
                x[m] = r->true_quality;
                y[m++] = r->incentive_sum / (double)r->epochs;
            }
        } else if (strcmp(r->role, "validator") == 0) {
            s->n_validators++;
        }
    }
    s->n_quality = m;
    s->quality_corr = ss__ineq_spearman(x, y, m, scratch);
    free(q);
    d->n_adversaries += s->n_adversaries;
    return SS_OK;
}

/* ---- which subnets are shown in detail ----------------------------------- */

static ss_status choose_detail(loader *L, ss__rd *d, const ss_report_options *opt)
{
    d->detail = calloc(d->n_subnets + 1, sizeof *d->detail);
    if (!d->detail)
        return oom(L);
    if (opt && opt->n_netuids) {
        for (size_t i = 0; i < opt->n_netuids; i++) {
            const ss__rd_subnet *s = ss__rd_subnet_find(d, opt->netuids[i]);
            if (!s)
                return ss_error_set(L->err, SS_EINVAL, "%s: no subnet with netuid %lld in "
                                    "this run", L->path, (long long)opt->netuids[i]);
            ((ss__rd_subnet *)s)->detail = 1;
        }
    } else {
        for (size_t k = 0; k < SS_RD_DETAIL_DEFAULT && k < d->n_subnets; k++) {
            ss__rd_subnet *best = NULL;
            for (size_t i = 0; i < d->n_subnets; i++) {
                ss__rd_subnet *s = &d->subnets[i];
                if (!s->detail && (!best || s->issued_rao > best->issued_rao))
                    best = s;   /* ties keep the lower netuid: subnets are by netuid */
            }
            best->detail = 1;
        }
    }
    for (size_t i = 0; i < d->n_subnets; i++)
        if (d->subnets[i].detail)
            d->detail[d->n_detail++] = i;
    return SS_OK;
}

/* ---- weight and bond matrices ------------------------------------------- */

static ss_status sampled_epochs(loader *L, const char *table, int64_t netuid, int64_t **out,
                                size_t *n)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT DISTINCT epoch FROM %s WHERE netuid = ? ORDER BY epoch",
             table);
    sqlite3_stmt *s;
    if (!prepare(L, sql, &s))
        return db_fail(L, "cannot list sampled epochs");
    sqlite3_bind_int64(s, 1, netuid);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!grow((void **)out, &cap, *n + 1, sizeof **out)) {
            sqlite3_finalize(s);
            return oom(L);
        }
        (*out)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return SS_OK;
}

/* The sampled epochs to draw: those asked for (nearest sampled), or first, middle and last. */
static size_t pick_epochs(const int64_t *sampled, size_t n, const ss_report_options *opt,
                          int64_t *shown, int64_t *requested)
{
    size_t m = 0;
    if (n == 0)
        return 0;
    if (opt && opt->n_heatmap_epochs) {
        for (size_t i = 0; i < opt->n_heatmap_epochs; i++) {
            int64_t want = opt->heatmap_epochs[i], best = sampled[0];
            for (size_t k = 1; k < n; k++) {
                int64_t a = sampled[k] > want ? sampled[k] - want : want - sampled[k];
                int64_t b = best > want ? best - want : want - best;
                if (a < b)
                    best = sampled[k];
            }
            shown[m] = best;
            requested[m++] = want;
        }
        return m;
    }
    int64_t pick[3] = {sampled[0], sampled[(n - 1) / 2], sampled[n - 1]};
    for (size_t i = 0; i < 3; i++) {
        if (m > 0 && shown[m - 1] == pick[i])
            continue;
        shown[m] = requested[m] = pick[i];
        m++;
    }
    return m;
}

typedef struct entry {
    int64_t row, col;
    double v;
} entry;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static size_t unique_i64(int64_t *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_i64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    return m;
}

static size_t index_of(const int64_t *v, size_t n, int64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return i;
    return n;
}

static ss_status load_matrix(loader *L, ss__rd *d, const ss__rd_subnet *sn, const char *table,
                             const char *column, int64_t epoch, int64_t requested,
                             ss__rd_matrix *m)
{
    m->epoch = epoch;
    m->requested = requested;
    const ss__rd_epoch *ep = epoch_find(sn, epoch);
    m->block = ep ? ep->block : SS_RD_NONE;
    int64_t at = ep ? ep->block : INT64_MAX - 1;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT validator_uid, miner_uid, %s FROM %s WHERE netuid = ?"
             " AND epoch = ? ORDER BY validator_uid, miner_uid", column, table);
    sqlite3_stmt *s;
    if (!prepare(L, sql, &s))
        return db_fail(L, "cannot read a weight or bond matrix");
    sqlite3_bind_int64(s, 1, sn->netuid);
    sqlite3_bind_int64(s, 2, epoch);
    entry *e = NULL;
    size_t n = 0, cap = 0;
    ss_status st = SS_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!grow((void **)&e, &cap, n + 1, sizeof *e)) {
            st = oom(L);
            break;
        }
        e[n].row = sqlite3_column_int64(s, 0);
        e[n].col = sqlite3_column_int64(s, 1);
        e[n++].v = sqlite3_column_double(s, 2);
    }
    sqlite3_finalize(s);
    size_t room = n + sn->n_neurons + 1;
    int64_t *rows = st == SS_OK ? malloc(room * sizeof *rows) : NULL;
    int64_t *cols = rows ? malloc(room * sizeof *cols) : NULL;
    if (st == SS_OK && !cols) {
        free(rows);
        free(e);
        return oom(L);
    }
    if (st != SS_OK) {
        free(e);
        return st;
    }
    size_t nr = 0, nc = 0;
    for (size_t i = 0; i < n; i++) {
        rows[nr++] = e[i].row;
        cols[nc++] = e[i].col;
    }
    for (size_t i = 0; i < sn->n_neurons; i++) {
        const ss__rd_neuron *r = &sn->neurons[i];
        if (neuron_at(sn, r->uid, at) != r)
            continue;
        if (strcmp(r->role, "validator") == 0)
            rows[nr++] = r->uid;
        else if (strcmp(r->role, "miner") == 0)
            cols[nc++] = r->uid;
    }
    nr = unique_i64(rows, nr);
    nc = unique_i64(cols, nc);

    /* Stake at the epoch (uid_epochs), else the registration's initial stake. */
    double *stake = calloc(nr + 1, sizeof *stake);
    double *quality = calloc(nc + 1, sizeof *quality);
    if (!stake || !quality) {
        free(stake);
        free(quality);
        free(rows);
        free(cols);
        free(e);
        return oom(L);
    }
    for (size_t i = 0; i < nr; i++) {
        const ss__rd_neuron *r = neuron_at(sn, rows[i], at);
        stake[i] = r ? (double)r->initial_stake_rao : 0;
    }
    if (d->has_uid_epochs && prepare(L, "SELECT uid, stake_rao FROM uid_epochs WHERE"
                                        " netuid = ? AND epoch = ? ORDER BY uid", &s)) {
        sqlite3_bind_int64(s, 1, sn->netuid);
        sqlite3_bind_int64(s, 2, epoch);
        while (sqlite3_step(s) == SQLITE_ROW) {
            size_t i = index_of(rows, nr, sqlite3_column_int64(s, 0));
            if (i < nr)
                stake[i] = (double)sqlite3_column_int64(s, 1);
        }
        sqlite3_finalize(s);
    }
    for (size_t k = 0; k < nc; k++) {
        const ss__rd_neuron *r = neuron_at(sn, cols[k], at);
        quality[k] = r ? r->true_quality : NAN;
    }
    /* Rows by stake (largest first), columns by true quality (best first); then uid. */
    for (size_t i = 1; i < nr; i++)
        for (size_t j = i; j > 0 && (stake[j - 1] < stake[j] ||
                                     (stake[j - 1] == stake[j] && rows[j - 1] > rows[j])); j--) {
            double ts = stake[j];
            stake[j] = stake[j - 1];
            stake[j - 1] = ts;
            int64_t tu = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = tu;
        }
    for (size_t i = 1; i < nc; i++)
        for (size_t j = i; j > 0; j--) {
            double a = quality[j - 1], b = quality[j];
            int swap = isfinite(b) && (!isfinite(a) || a < b);
            if (!swap && (a == b || (!isfinite(a) && !isfinite(b))))
                swap = cols[j - 1] > cols[j];
            if (!swap)
                break;
            quality[j - 1] = b;
            quality[j] = a;
            int64_t tu = cols[j];
            cols[j] = cols[j - 1];
            cols[j - 1] = tu;
        }
    m->rows = nr;
    m->cols = nc;
    m->row_uid = rows;
    m->col_uid = cols;
    m->row_stake_rao = stake;
    m->col_quality = quality;
    m->row_adv = calloc(nr + 1, 1);
    m->col_adv = calloc(nc + 1, 1);
    m->v = calloc(nr * nc + 1, sizeof *m->v);
    if (!m->row_adv || !m->col_adv || !m->v) {
        free(e);
        return oom(L);
    }
    for (size_t i = 0; i < nr; i++) {
        const ss__rd_neuron *r = neuron_at(sn, rows[i], at);
        m->row_adv[i] = r && r->adversary;
    }
    for (size_t k = 0; k < nc; k++) {
        const ss__rd_neuron *r = neuron_at(sn, cols[k], at);
        m->col_adv[k] = r && r->adversary;
    }
    for (size_t i = 0; i < n; i++) {
        size_t r = index_of(rows, nr, e[i].row), c = index_of(cols, nc, e[i].col);
        if (r < nr && c < nc && e[i].v > 0) {
            m->v[r * nc + c] = e[i].v;
            m->entries++;
            if (e[i].v > m->vmax)
                m->vmax = e[i].v;
        }
    }
    free(e);
    return SS_OK;
}

static ss_status load_matrices(loader *L, ss__rd *d, const ss_report_options *opt)
{
    for (size_t k = 0; k < d->n_detail; k++) {
        ss__rd_subnet *sn = &d->subnets[d->detail[k]];
        for (int kind = 0; kind < 2; kind++) {
            if (!(kind ? d->has_bonds : d->has_weights))
                continue;
            const char *table = kind ? "bonds" : "weights";
            int64_t *sampled = NULL;
            size_t n = 0;
            ss_status st = sampled_epochs(L, table, sn->netuid, &sampled, &n);
            if (st != SS_OK)
                return st;
            int64_t shown[SS_REPORT_MAX_EPOCHS + 3], requested[SS_REPORT_MAX_EPOCHS + 3];
            size_t m = pick_epochs(sampled, n, opt, shown, requested);
            free(sampled);
            ss__rd_matrix *mats = m ? calloc(m, sizeof *mats) : NULL;
            if (m && !mats)
                return oom(L);
            if (kind) {
                sn->bonds = mats;
                sn->n_bonds = m;
                sn->bond_samples = n;
            } else {
                sn->weights = mats;
                sn->n_weights = m;
                sn->weight_samples = n;
            }
            for (size_t i = 0; i < m; i++) {
                st = load_matrix(L, d, sn, table, kind ? "bond" : "weight", shown[i],
                                 requested[i], &mats[i]);
                if (st != SS_OK)
                    return st;
            }
        }
    }
    return SS_OK;
}

/* ---- version 2 tables ---------------------------------------------------- */

static ss_status load_pools(loader *L, ss__rd *d)
{
    if (!d->has_subnet_epochs)
        return SS_OK;
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT netuid, block, price, emission_share, tao_in_rao FROM"
                    " subnet_epochs ORDER BY netuid, epoch", &s))
        return db_fail(L, "cannot read subnet_epochs");
    ss__rd_subnet *sn = NULL;
    size_t cap = 0;
    ss_status st = SS_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t netuid = sqlite3_column_int64(s, 0);
        if (!sn || sn->netuid != netuid) {
            sn = (ss__rd_subnet *)ss__rd_subnet_find(d, netuid);
            cap = 0;
        }
        if (!sn)
            continue;
        size_t c1 = cap, c2 = cap, c3 = cap;
        if (!grow((void **)&sn->pool_days, &c1, sn->n_pool + 1, sizeof(double)) ||
            !grow((void **)&sn->price, &c2, sn->n_pool + 1, sizeof(double)) ||
            !grow((void **)&sn->emission_share, &c3, sn->n_pool + 1, sizeof(double)) ||
            !grow((void **)&sn->tao_in_tao, &cap, sn->n_pool + 1, sizeof(double))) {
            st = oom(L);
            break;
        }
        sn->pool_days[sn->n_pool] = ss__rd_days(sqlite3_column_int64(s, 1));
        sn->price[sn->n_pool] = col_real(s, 2);
        sn->emission_share[sn->n_pool] = col_real(s, 3);
        sn->tao_in_tao[sn->n_pool] = (double)sqlite3_column_int64(s, 4) / 1e9;
        sn->n_pool++;
    }
    sqlite3_finalize(s);
    return st;
}

static ss_status load_network(loader *L, ss__rd *d)
{
    if (!d->has_network)
        return SS_OK;
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT block, total_issuance_rao, root_stake_rao FROM network"
                    " ORDER BY block", &s))
        return db_fail(L, "cannot read network");
    size_t c1 = 0, c2 = 0, c3 = 0;
    ss_status st = SS_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        size_t n = d->n_network;
        if (!grow((void **)&d->net_days, &c1, n + 1, sizeof(double)) ||
            !grow((void **)&d->net_issuance_tao, &c2, n + 1, sizeof(double)) ||
            !grow((void **)&d->net_root_stake_tao, &c3, n + 1, sizeof(double))) {
            st = oom(L);
            break;
        }
        d->net_days[n] = ss__rd_days(sqlite3_column_int64(s, 0));
        d->net_issuance_tao[n] = (double)sqlite3_column_int64(s, 1) / 1e9;
        d->net_root_stake_tao[n] = (double)sqlite3_column_int64(s, 2) / 1e9;
        d->n_network++;
    }
    sqlite3_finalize(s);
    return st;
}

static ss_status load_events(loader *L, ss__rd *d)
{
    if (!d->has_events)
        return SS_OK;
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT coalesce(netuid, 0) AS n, kind, count(*),"
                    " coalesce(sum(amount_rao), 0) FROM events GROUP BY n, kind"
                    " ORDER BY n, kind", &s))
        return db_fail(L, "cannot read events");
    size_t cap = 0;
    ss_status st = SS_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!grow((void **)&d->events, &cap, d->n_events + 1, sizeof *d->events)) {
            st = oom(L);
            break;
        }
        ss__rd_event_count *e = &d->events[d->n_events++];
        e->netuid = sqlite3_column_int64(s, 0);
        e->kind = col_text(L, s, 1, 0);
        e->count = sqlite3_column_int64(s, 2);
        e->amount_rao = sqlite3_column_int64(s, 3);
        d->event_total += e->count;
    }
    sqlite3_finalize(s);
    return st != SS_OK ? st : L->oom ? oom(L) : SS_OK;
}

static ss_status load_metrics(loader *L, ss__rd *d)
{
    sqlite3_stmt *s;
    ss_status st = SS_OK;
    if (d->has_metrics) {
        if (!prepare(L, "SELECT netuid, name, value, detail FROM metrics"
                        " ORDER BY netuid, name", &s))
            return db_fail(L, "cannot read metrics");
        size_t cap = 0;
        while (sqlite3_step(s) == SQLITE_ROW) {
            if (!grow((void **)&d->metrics, &cap, d->n_metrics + 1, sizeof *d->metrics)) {
                st = oom(L);
                break;
            }
            ss__rd_metric *m = &d->metrics[d->n_metrics++];
            m->netuid = sqlite3_column_int64(s, 0);
            m->name = col_text(L, s, 1, 0);
            m->value = col_real(s, 2);
            m->detail = col_text(L, s, 3, 1);
        }
        sqlite3_finalize(s);
    }
    if (st != SS_OK || !d->has_metric_epochs)
        return st != SS_OK ? st : L->oom ? oom(L) : SS_OK;
    /* Series for the network (netuid 0) and the detail subnets, by name then netuid. */
    if (!prepare(L, "SELECT name, netuid, epoch, value FROM metric_epochs"
                    " ORDER BY name, netuid, epoch", &s))
        return db_fail(L, "cannot read metric_epochs");
    size_t cap = 0, pcap = 0;
    ss__rd_series *cur = NULL;
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t netuid = sqlite3_column_int64(s, 1);
        const ss__rd_subnet *sn = ss__rd_subnet_find(d, netuid);
        if (netuid != 0 && (!sn || !sn->detail))
            continue;
        const char *name = (const char *)sqlite3_column_text(s, 0);
        if (!name)
            continue;
        if (!cur || cur->netuid != netuid || strcmp(cur->name, name) != 0) {
            if (!grow((void **)&d->metric_series, &cap, d->n_metric_series + 1,
                      sizeof *d->metric_series)) {
                st = oom(L);
                break;
            }
            cur = &d->metric_series[d->n_metric_series++];
            cur->netuid = netuid;
            cur->name = dup_str(L, name);
            pcap = 0;
            if (L->oom)
                break;
        }
        size_t p1 = pcap;
        if (!grow((void **)&cur->x, &p1, cur->n + 1, sizeof(double)) ||
            !grow((void **)&cur->y, &pcap, cur->n + 1, sizeof(double))) {
            st = oom(L);
            break;
        }
        cur->x[cur->n] = (double)sqlite3_column_int64(s, 2);
        cur->y[cur->n++] = col_real(s, 3);
    }
    sqlite3_finalize(s);
    return st != SS_OK ? st : L->oom ? oom(L) : SS_OK;
}

static ss_status load_params(loader *L, ss__rd *d)
{
    if (!d->has_params)
        return SS_OK;
    sqlite3_stmt *s;
    if (!prepare(L, "SELECT netuid, key, value FROM params ORDER BY netuid, key", &s))
        return db_fail(L, "cannot read params");
    size_t cap = 0;
    ss_status st = SS_OK;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!grow((void **)&d->params, &cap, d->n_params + 1, sizeof *d->params)) {
            st = oom(L);
            break;
        }
        ss__rd_param *p = &d->params[d->n_params++];
        p->netuid = sqlite3_column_int64(s, 0);
        p->key = col_text(L, s, 1, 0);
        p->value = col_text(L, s, 2, 0);
    }
    sqlite3_finalize(s);
    return st != SS_OK ? st : L->oom ? oom(L) : SS_OK;
}

/* ---- the whole load --------------------------------------------------------- */

ss_status ss__rd_load(const char *path, const ss_report_options *opt, ss__rd **out,
                      ss_error *err)
{
    *out = NULL;
    loader L = {NULL, path, err, 0};
    ss__rd *d = calloc(1, sizeof *d);
    if (!d)
        return oom(&L);
    ss_status st = open_db(&L, d);
    if (st == SS_OK) {
        d->has_uid_epochs = table_exists(&L, "uid_epochs");
        d->has_weights = table_exists(&L, "weights");
        d->has_bonds = table_exists(&L, "bonds");
        d->has_subnet_epochs = table_exists(&L, "subnet_epochs");
        d->has_network = table_exists(&L, "network");
        d->has_events = table_exists(&L, "events");
        d->has_metrics = table_exists(&L, "metrics");
        d->has_metric_epochs = table_exists(&L, "metric_epochs");
        d->has_params = table_exists(&L, "params");
        d->uid_epoch_rows = d->has_uid_epochs ? count_rows(&L, "uid_epochs") : 0;
        d->weight_rows = d->has_weights ? count_rows(&L, "weights") : 0;
        d->bond_rows = d->has_bonds ? count_rows(&L, "bonds") : 0;
        st = load_run(&L, d);
    }
    if (st == SS_OK)
        st = load_subnets(&L, d);
    if (st == SS_OK)
        st = load_neurons(&L, d);
    if (st == SS_OK)
        st = load_epochs(&L, d);
    if (st == SS_OK)
        st = load_uid_epochs(&L, d);
    for (size_t i = 0; st == SS_OK && i < d->n_subnets; i++)
        st = summarise_subnet(&L, d, &d->subnets[i]);
    if (st == SS_OK)
        st = choose_detail(&L, d, opt);
    if (st == SS_OK)
        st = load_matrices(&L, d, opt);
    if (st == SS_OK)
        st = load_pools(&L, d);
    if (st == SS_OK)
        st = load_network(&L, d);
    if (st == SS_OK)
        st = load_events(&L, d);
    if (st == SS_OK)
        st = load_metrics(&L, d);
    if (st == SS_OK)
        st = load_params(&L, d);
    if (st == SS_OK && L.oom)
        st = oom(&L);
    sqlite3_close(L.db);
    if (st != SS_OK) {
        ss__rd_free(d);
        return st;
    }
    *out = d;
    return SS_OK;
}

static void free_matrices(ss__rd_matrix *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].row_uid);
        free(m[i].col_uid);
        free(m[i].row_stake_rao);
        free(m[i].col_quality);
        free(m[i].row_adv);
        free(m[i].col_adv);
        free(m[i].v);
    }
    free(m);
}

void ss__rd_free(ss__rd *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_subnets; i++) {
        ss__rd_subnet *s = &d->subnets[i];
        free(s->name);
        free(s->variant);
        free(s->mode);
        free(s->task);
        free(s->by_hotkey);
        free(s->by_coldkey);
        free_matrices(s->weights, s->n_weights);
        free_matrices(s->bonds, s->n_bonds);
        free(s->pool_days);
        free(s->price);
        free(s->emission_share);
        free(s->tao_in_tao);
    }
    for (size_t i = 0; i < d->n_neurons; i++) {
        ss__rd_neuron *n = &d->neuron_store[i];
        free(n->hotkey);
        free(n->coldkey);
        free(n->role);
        free(n->agent_kind);
    }
    for (size_t i = 0; i < d->n_events; i++)
        free(d->events[i].kind);
    for (size_t i = 0; i < d->n_metrics; i++) {
        free(d->metrics[i].name);
        free(d->metrics[i].detail);
    }
    for (size_t i = 0; i < d->n_metric_series; i++) {
        free(d->metric_series[i].name);
        free(d->metric_series[i].x);
        free(d->metric_series[i].y);
    }
    for (size_t i = 0; i < d->n_params; i++) {
        free(d->params[i].key);
        free(d->params[i].value);
    }
    free(d->subnets);
    free(d->neuron_store);
    free(d->epoch_store);
    free(d->detail);
    free(d->net_days);
    free(d->net_issuance_tao);
    free(d->net_root_stake_tao);
    free(d->events);
    free(d->metrics);
    free(d->metric_series);
    free(d->params);
    free(d->generator);
    free(d->log_level);
    free(d->scenario_name);
    free(d->scenario_file);
    free(d->scenario_sha256);
    free(d->scenario_text);
    free(d->seed);
    free(d->version);
    free(d->started_at);
    free(d->finished_at);
    free(d->status);
    free(d->error);
    free(d);
}
