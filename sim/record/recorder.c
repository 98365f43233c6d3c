/*
** The SQLite recorder: creates the run database, and, as the run's observer,
** writes the run row, subnets and neurons at the start, then epochs with
** their per-UID results and weights, events and network samples in batched
** transactions (committed with each network sample, every 360 blocks, or
** after 64 epochs), subnets and neurons as they come and go, and the final
** status.
*/
#include "subnetsim/record.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "record/params.h"
#include "record/schema.h"
#include "ss_version.h"

/* Epochs per transaction at most (a failed run keeps the batches before it). */
#define EPOCH_BATCH 64

enum {
    STMT_NEURON,
    STMT_EPOCH,
    STMT_UID_EPOCH,
    STMT_WEIGHT,
    STMT_METRIC,
    STMT_METRIC_EPOCH,
    STMT_BOND,
    STMT_SUBNET_EPOCH,
    STMT_SUBNET,
    STMT_SUBNET_DISSOLVED,
    STMT_DEREGISTER,
    STMT_EVENT,
    STMT_NETWORK,
    STMT_COUNT
};

static const char *const stmt_sql[STMT_COUNT] = {
    "INSERT INTO neurons (netuid, uid, hotkey, coldkey, role, agent_kind, adversary,"
    " true_quality, latency_ms, registered_block, initial_stake_rao)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO epochs (netuid, epoch, block, issued_rao, owner_rao, miner_rao,"
    " validator_rao, burned_rao, root_rao) VALUES (?,?,?,?,?,?,?,?,?)",
    "INSERT INTO uid_epochs (netuid, epoch, uid, stake_rao, active, validator_permit,"
    " consensus, incentive, dividends, validator_trust, emission_rao, miner_paid_rao,"
    " validator_paid_rao) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO weights (netuid, epoch, validator_uid, miner_uid, weight_u16, weight)"
    " VALUES (?,?,?,?,?,?)",
    "INSERT INTO metrics (netuid, name, detail, value) VALUES (?,?,?,?)",
    "INSERT INTO metric_epochs (netuid, epoch, name, value) VALUES (?,?,?,?)",
    "INSERT INTO bonds (netuid, epoch, validator_uid, miner_uid, bond) VALUES (?,?,?,?,?)",
    "INSERT INTO subnet_epochs (netuid, epoch, block, tao_reserve_rao, alpha_reserve_rao,"
    " alpha_outstanding_rao, price, moving_price, tao_in_rao, emission_share, total_stake_rao)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO subnets (netuid, name, max_uids, tempo, alpha_emission_rao, owner_cut_u16,"
    " consensus_variant, consensus_mode, task_kind, registered_block, lock_rao)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "UPDATE subnets SET dissolved_block = ? WHERE netuid = ? AND registered_block = ?",
    "UPDATE neurons SET deregistered_block = ? WHERE netuid = ? AND uid = ?"
    " AND deregistered_block IS NULL",
    "INSERT INTO events (block, netuid, kind, uid, hotkey, coldkey, amount_rao, detail)"
    " VALUES (?,?,?,?,?,?,?,?)",
    "INSERT INTO network (block, total_issuance_rao, block_emission_rao, recycled_rao,"
    " burned_rao, root_stake_rao, subnets) VALUES (?,?,?,?,?,?,?)",
};

struct ss_recorder {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[STMT_COUNT];
    int in_txn;
    uint32_t batch;             /* epochs in the open transaction */
    ss_log_level level;
    uint32_t sample_every;
    ss_run_observer obs;
};

static ss_status db_error(ss_recorder *rec, ss_error *err, const char *what)
{
    return ss_error_set(err, SS_EDB, "%s: %s: %s", rec->path, what, sqlite3_errmsg(rec->db));
}

static ss_status exec(ss_recorder *rec, const char *sql, ss_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(rec->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        ss_status st = ss_error_set(err, SS_EDB, "%s: %s", rec->path, msg ? msg : "error");
        sqlite3_free(msg);
        return st;
    }
    return SS_OK;
}

static ss_status begin(ss_recorder *rec, ss_error *err)
{
    if (rec->in_txn)
        return SS_OK;
    ss_status st = exec(rec, "BEGIN", err);
    rec->in_txn = st == SS_OK;
    return st;
}

static ss_status commit(ss_recorder *rec, ss_error *err)
{
    rec->batch = 0;
    if (!rec->in_txn)
        return SS_OK;
    rec->in_txn = 0;
    return exec(rec, "COMMIT", err);
}

/* Runs a prepared statement to completion and resets it for reuse. */
static ss_status step(ss_recorder *rec, sqlite3_stmt *s, ss_error *err)
{
    /* Every caller binds every parameter (or clears them itself), so no clear_bindings. */
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? SS_OK : db_error(rec, err, "insert failed");
}

static void utc_now(char *buf, size_t size)
{
    /* Wall-clock time is provenance only: it lives in the run table and nowhere else. */
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static ss_status on_begin(void *ctx, const ss_scenario *sc, uint64_t seed, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    char hash[65], seed_s[24], now[32];
    ss_scenario_hash(sc, hash);
    snprintf(seed_s, sizeof seed_s, "%llu", (unsigned long long)seed);
    utc_now(now, sizeof now);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(rec->db,
                           "INSERT INTO run (id, scenario_name, scenario_file, scenario_sha256,"
                           " scenario_text, seed, version, blocks, started_at, status)"
                           " VALUES (1,?,?,?,?,?,?,?,?,'running')",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(rec, err, "cannot prepare the run row");
    sqlite3_bind_text(s, 1, sc->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sc->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, sc->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, seed_s, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, SS_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)sc->blocks);
    sqlite3_bind_text(s, 8, now, -1, SQLITE_STATIC);
    st = step(rec, s, err);
    sqlite3_finalize(s);
    if (st != SS_OK)
        return st;

    static const char *const levels[] = {"summary", "standard", "full"};
    rec->level = sc->log_level;
    rec->sample_every = sc->sample_every_epochs ? sc->sample_every_epochs : 1;
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO meta (key, value) VALUES ('log_level', '%s'),"
             " ('sample_every_epochs', '%u')", levels[rec->level], rec->sample_every);
    st = exec(rec, sql, err);
    if (st != SS_OK)
        return st;
    if (ss__record_params(rec->db, sc) != SQLITE_OK)
        return db_error(rec, err, "cannot write the parameters");

    return SS_OK;
}

static ss_status on_subnet(void *ctx, const ss_subnet_view *sv, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s;
    if (sv->dissolved) {
        s = rec->stmt[STMT_SUBNET_DISSOLVED];
        sqlite3_bind_int64(s, 1, (sqlite3_int64)sv->dissolved_block);
        sqlite3_bind_int64(s, 2, sv->netuid);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)sv->registered_block);
        return step(rec, s, err);
    }
    const ss_subnet_config *c = sv->cfg;
    s = rec->stmt[STMT_SUBNET];
    sqlite3_bind_int64(s, 1, sv->netuid);
    sqlite3_bind_text(s, 2, c->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 3, c->max_uids);
    sqlite3_bind_int64(s, 4, c->yuma.tempo);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)c->alpha_emission_rao);
    sqlite3_bind_int64(s, 6, c->owner_cut);
    sqlite3_bind_text(s, 7, ss_yuma_variant_name(c->yuma.variant), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, ss_yuma_mode_name(c->yuma.mode), -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 9, ss_task_kind_name(c->task.kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 10, (sqlite3_int64)sv->registered_block);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)sv->lock_rao);
    return step(rec, s, err);
}

static ss_status on_deregister(void *ctx, uint32_t netuid, uint32_t uid, uint64_t block,
                               ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[STMT_DEREGISTER];
    sqlite3_bind_int64(s, 1, (sqlite3_int64)block);
    sqlite3_bind_int64(s, 2, netuid);
    sqlite3_bind_int64(s, 3, uid);
    return step(rec, s, err);
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

static ss_status on_event(void *ctx, const ss_event_view *ev, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[STMT_EVENT];
    sqlite3_bind_int64(s, 1, (sqlite3_int64)ev->block);
    sqlite3_bind_int64(s, 2, ev->netuid);
    sqlite3_bind_text(s, 3, ev->kind, -1, SQLITE_STATIC);
    if (ev->uid >= 0)
        sqlite3_bind_int64(s, 4, ev->uid);
    else
        sqlite3_bind_null(s, 4);
    bind_text_or_null(s, 5, ev->hotkey);
    bind_text_or_null(s, 6, ev->coldkey);
    if (ev->amount_rao >= 0)
        sqlite3_bind_int64(s, 7, ev->amount_rao);
    else
        sqlite3_bind_null(s, 7);
    bind_text_or_null(s, 8, ev->detail);
    return step(rec, s, err);
}

static ss_status on_network(void *ctx, const ss_network_view *nv, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[STMT_NETWORK];
    sqlite3_bind_int64(s, 1, (sqlite3_int64)nv->block);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)nv->total_issuance_rao);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)nv->block_emission_rao);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)nv->recycled_rao);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)nv->burned_rao);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)nv->root_stake_rao);
    sqlite3_bind_int64(s, 7, nv->subnets);
    st = step(rec, s, err);
    /* Events between epochs are committed with the sample at the latest. */
    if (st == SS_OK)
        st = commit(rec, err);
    return st;
}

static ss_status on_neuron(void *ctx, const ss_neuron_view *nv, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[STMT_NEURON];
    sqlite3_bind_int64(s, 1, nv->netuid);
    sqlite3_bind_int64(s, 2, nv->uid);
    sqlite3_bind_text(s, 3, nv->hotkey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, nv->coldkey, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, nv->role, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, nv->agent_kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 7, nv->adversary);
    if (nv->true_quality == nv->true_quality)
        sqlite3_bind_double(s, 8, nv->true_quality);
    else
        sqlite3_bind_null(s, 8);
    if (nv->latency_ms == nv->latency_ms)
        sqlite3_bind_double(s, 9, nv->latency_ms);
    else
        sqlite3_bind_null(s, 9);
    sqlite3_bind_int64(s, 10, (sqlite3_int64)nv->registered_block);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)nv->stake_rao);
    return step(rec, s, err);
}

static ss_status write_weights(ss_recorder *rec, const ss_epoch_view *ev, ss_error *err)
{
    sqlite3_stmt *s = rec->stmt[STMT_WEIGHT];
    for (uint32_t i = 0; i < ev->n; i++) {
        const ss_weight_row *row = &ev->weights[i];
        double sum = 0;
        for (uint32_t k = 0; k < row->len; k++)
            sum += row->entries[k].value;
        for (uint32_t k = 0; k < row->len; k++) {
            const ss_weight_entry *e = &row->entries[k];
            if (e->value == 0)
                continue;
            sqlite3_bind_int64(s, 1, ev->netuid);
            sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->epoch);
            sqlite3_bind_int64(s, 3, i);
            sqlite3_bind_int64(s, 4, e->uid);
            sqlite3_bind_int64(s, 5, e->value);
            sqlite3_bind_double(s, 6, e->value / sum);
            ss_status st = step(rec, s, err);
            if (st != SS_OK)
                return st;
        }
    }
    return SS_OK;
}

static ss_status put_bond(ss_recorder *rec, const ss_epoch_view *ev, uint32_t i, uint32_t j,
                         double b, ss_error *err)
{
    sqlite3_stmt *s = rec->stmt[STMT_BOND];
    sqlite3_bind_int64(s, 1, ev->netuid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->epoch);
    sqlite3_bind_int64(s, 3, i);
    sqlite3_bind_int64(s, 4, j);
    sqlite3_bind_double(s, 5, b);
    return step(rec, s, err);
}

/* Non-zero bonds after the epoch, in the variant's own scale. */
static ss_status write_bonds(ss_recorder *rec, const ss_epoch_view *ev, ss_error *err)
{
    ss_status st = SS_OK;
    if (ss_yuma_variant_is_reference(ss_yuma_params_of(ev->consensus)->variant)) {
        /* The reference variants keep dense real-valued bonds. */
        for (uint32_t i = 0; i < ev->n && st == SS_OK; i++)
            for (uint32_t j = 0; j < ev->n && st == SS_OK; j++) {
                double b = ss_yuma_bond(ev->consensus, i, j);
                if (b != 0)
                    st = put_bond(rec, ev, i, j, b, err);
            }
        return st;
    }
    /* The chain variants store sparse u16 rows. */
    for (uint32_t i = 0; i < ev->n && st == SS_OK; i++) {
        ss_weight_row row = ss_yuma_bond_row(ev->consensus, i);
        for (uint32_t k = 0; k < row.len && st == SS_OK; k++) {
            const ss_weight_entry *e = &row.entries[k];
            if (e->value != 0 && e->uid < ev->n)
                st = put_bond(rec, ev, i, e->uid, e->value / 65535.0, err);
        }
    }
    return st;
}

static ss_status write_uids(ss_recorder *rec, const ss_epoch_view *ev, ss_error *err)
{
    const ss_yuma_output *y = ev->yuma;
    sqlite3_stmt *s = rec->stmt[STMT_UID_EPOCH];
    for (uint32_t i = 0; i < ev->n; i++) {
        sqlite3_bind_int64(s, 1, ev->netuid);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->epoch);
        sqlite3_bind_int64(s, 3, i);
        sqlite3_bind_int64(s, 4, (sqlite3_int64)ev->stake_rao[i]);
        sqlite3_bind_int(s, 5, y->active[i]);
        sqlite3_bind_int(s, 6, y->validator_permit[i]);
        sqlite3_bind_double(s, 7, y->consensus[i]);
        sqlite3_bind_double(s, 8, y->incentive[i]);
        sqlite3_bind_double(s, 9, y->dividends[i]);
        sqlite3_bind_double(s, 10, y->validator_trust[i]);
        sqlite3_bind_int64(s, 11, (sqlite3_int64)y->emission_rao[i]);
        sqlite3_bind_int64(s, 12, (sqlite3_int64)ev->miner_paid_rao[i]);
        sqlite3_bind_int64(s, 13, (sqlite3_int64)ev->validator_paid_rao[i]);
        ss_status st = step(rec, s, err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

static ss_status write_subnet_epoch(ss_recorder *rec, const ss_epoch_view *ev, ss_error *err)
{
    sqlite3_stmt *s = rec->stmt[STMT_SUBNET_EPOCH];
    uint64_t stake = 0;
    for (uint32_t i = 0; i < ev->n; i++)
        stake += ev->stake_rao[i];
    sqlite3_bind_int64(s, 1, ev->netuid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->epoch);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)ev->block);
    if (ev->has_pool) {
        sqlite3_bind_int64(s, 4, (sqlite3_int64)ev->tao_reserve_rao);
        sqlite3_bind_int64(s, 5, (sqlite3_int64)ev->alpha_reserve_rao);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)ev->alpha_outstanding_rao);
        sqlite3_bind_double(s, 7, ev->price);
        sqlite3_bind_double(s, 8, ev->moving_price);
        sqlite3_bind_int64(s, 9, (sqlite3_int64)ev->tao_in_rao);
        sqlite3_bind_double(s, 10, ev->emission_share);
    } else {
        for (int k = 4; k <= 10; k++)
            sqlite3_bind_null(s, k);
    }
    sqlite3_bind_int64(s, 11, (sqlite3_int64)stake);
    return step(rec, s, err);
}

static ss_status on_epoch(void *ctx, const ss_epoch_view *ev, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[STMT_EPOCH];
    sqlite3_bind_int64(s, 1, ev->netuid);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)ev->epoch);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)ev->block);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)ev->issued_rao);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)ev->owner_rao);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)ev->miner_rao);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)ev->validator_rao);
    sqlite3_bind_int64(s, 8, (sqlite3_int64)ev->burned_rao);
    sqlite3_bind_int64(s, 9, (sqlite3_int64)ev->root_rao);
    st = step(rec, s, err);
    if (st == SS_OK)
        st = write_subnet_epoch(rec, ev, err);
    if (st == SS_OK && rec->level >= SS_LOG_STANDARD && ev->yuma)
        st = write_uids(rec, ev, err);
    /* Matrices: every epoch at full; at standard the first, every sample_every-th and the last. */
    bool sample = rec->level == SS_LOG_FULL ||
                  (rec->level == SS_LOG_STANDARD &&
                   ((ev->epoch - 1) % rec->sample_every == 0 || ev->last));
    if (st == SS_OK && sample)
        st = write_weights(rec, ev, err);
    if (st == SS_OK && sample)
        st = write_bonds(rec, ev, err);
    /* Epochs are committed in batches: with every network sample (each 360
    ** blocks), or here once a batch holds EPOCH_BATCH epochs. */
    if (st == SS_OK && ++rec->batch >= EPOCH_BATCH)
        st = commit(rec, err);
    return st;
}

static ss_status on_metric(void *ctx, uint32_t netuid, uint64_t epoch, const char *name,
                           const char *detail, double value, ss_error *err)
{
    ss_recorder *rec = ctx;
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    sqlite3_stmt *s = rec->stmt[epoch ? STMT_METRIC_EPOCH : STMT_METRIC];
    sqlite3_bind_int64(s, 1, netuid);
    if (epoch) {
        sqlite3_bind_int64(s, 2, (sqlite3_int64)epoch);
        sqlite3_bind_text(s, 3, name, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 3, detail ? detail : "", -1, SQLITE_TRANSIENT);
    }
    /* NaN (an undefined metric, e.g. a ratio to nothing) is stored as NULL. */
    if (value == value)
        sqlite3_bind_double(s, 4, value);
    else
        sqlite3_bind_null(s, 4);
    return step(rec, s, err);
}

static ss_status finish(ss_recorder *rec, const char *status, const char *message,
                        ss_error *err)
{
    ss_status st = begin(rec, err);
    if (st != SS_OK)
        return st;
    char now[32];
    utc_now(now, sizeof now);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(rec->db, "UPDATE run SET status = ?, finished_at = ?, error = ?",
                           -1, &s, NULL) != SQLITE_OK)
        return db_error(rec, err, "cannot prepare the status update");
    sqlite3_bind_text(s, 1, status, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
    if (message)
        sqlite3_bind_text(s, 3, message, -1, SQLITE_TRANSIENT);
    st = step(rec, s, err);
    sqlite3_finalize(s);
    if (st == SS_OK)
        st = commit(rec, err);
    return st;
}

static ss_status on_end(void *ctx, uint64_t blocks, ss_error *err)
{
    (void)blocks;
    ss_recorder *rec = ctx;
    ss_status st = commit(rec, err);
    if (st == SS_OK)
        st = exec(rec, ss__record_index_sql, err);
    if (st == SS_OK)
        st = finish(rec, "complete", NULL, err);
    return st;
}

ss_status ss_recorder_fail(ss_recorder *rec, const char *message, ss_error *err)
{
    if (rec->in_txn) {
        /* Keep the batches committed before the failure; drop the open one. */
        rec->in_txn = 0;
        exec(rec, "ROLLBACK", NULL);
    }
    return finish(rec, "failed", message, err);
}

static void remove_file(const char *path, const char *suffix)
{
    char p[4096];
    snprintf(p, sizeof p, "%s%s", path, suffix);
    unlink(p);
}

ss_status ss_recorder_open(const char *path, ss_recorder **out, ss_error *err)
{
    *out = NULL;
    ss_recorder *rec = calloc(1, sizeof *rec);
    if (!rec || !(rec->path = strdup(path))) {
        free(rec);
        return ss_error_set(err, SS_ENOMEM, "out of memory opening %s", path);
    }
    /* One file per run: a previous run at this path is replaced. */
    if (unlink(path) != 0 && errno != ENOENT) {
        ss_status st = ss_error_set(err, SS_EIO, "%s: cannot replace: %s", path,
                                    strerror(errno));
        ss_recorder_close(rec);
        return st;
    }
    remove_file(path, "-wal");
    remove_file(path, "-shm");
    remove_file(path, "-journal");
    if (sqlite3_open_v2(path, &rec->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        ss_status st = ss_error_set(err, SS_EDB, "%s: cannot create the database: %s", path,
                                    rec->db ? sqlite3_errmsg(rec->db) : "out of memory");
        ss_recorder_close(rec);
        return st;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", SS_SCHEMA_VERSION);
    /* WAL with NORMAL sync: commits append to the log without waiting for the disk. A
    ** generous page cache keeps the B-trees being appended to in memory. */
    ss_status st = exec(rec, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                        " PRAGMA cache_size = -65536", err);
    if (st == SS_OK)
        st = exec(rec, ss__record_schema_sql, err);
    if (st == SS_OK)
        st = exec(rec, pragma, err);
    if (st == SS_OK) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO meta (key, value) VALUES ('schema_version', '%d'),"
                 " ('generator', 'subnetsim %s')", SS_SCHEMA_VERSION, SS_VERSION);
        st = exec(rec, sql, err);
    }
    for (int i = 0; i < STMT_COUNT && st == SS_OK; i++)
        if (sqlite3_prepare_v3(rec->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &rec->stmt[i], NULL) != SQLITE_OK)
            st = db_error(rec, err, "cannot prepare statements");
    if (st != SS_OK) {
        ss_recorder_close(rec);
        return st;
    }
    rec->obs.ctx = rec;
    rec->obs.on_begin = on_begin;
    rec->obs.on_neuron = on_neuron;
    rec->obs.on_epoch = on_epoch;
    rec->obs.on_metric = on_metric;
    rec->obs.on_end = on_end;
    rec->obs.on_subnet = on_subnet;
    rec->obs.on_deregister = on_deregister;
    rec->obs.on_event = on_event;
    rec->obs.on_network = on_network;
    *out = rec;
    return SS_OK;
}

const ss_run_observer *ss_recorder_observer(ss_recorder *rec)
{
    return &rec->obs;
}

void ss_recorder_close(ss_recorder *rec)
{
    if (!rec)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(rec->stmt[i]);
    if (rec->db) {
        if (rec->in_txn)
            sqlite3_exec(rec->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(rec->db);
    }
    free(rec->path);
    free(rec);
}
