/* The text summary printed after a run: totals, top miners and validators, from the run database. */
#include "subnetsim/report.h"

#include <sqlite3.h>

#include "report/rdata.h"

#define TOP_MINERS 10

static ss_status fail(sqlite3 *db, const char *path, ss_error *err)
{
    return ss_error_set(err, SS_EDB, "%s: %s", path, sqlite3_errmsg(db));
}

static double tao(sqlite3_int64 rao)
{
    return (double)rao / 1e9;
}

ss_status ss_report_summary(const char *db_path, FILE *out, ss_error *err)
{
    sqlite3 *db;
    if (ss__rd_open_readonly(db_path, &db) != SQLITE_OK) {
        ss_status st = ss_error_set(err, SS_EDB, "%s: cannot open: %s", db_path,
                                    db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return st;
    }
    ss_status st = SS_OK;
    sqlite3_stmt *s = NULL;

    if (sqlite3_prepare_v2(db,
            "SELECT scenario_name, seed, blocks, status,"
            " (SELECT count(*) FROM epochs), (SELECT count(*) FROM subnets),"
            " (SELECT coalesce(sum(issued_rao),0) FROM epochs),"
            " (SELECT coalesce(sum(owner_rao),0) FROM epochs),"
            " (SELECT coalesce(sum(miner_rao),0) FROM epochs),"
            " (SELECT coalesce(sum(validator_rao),0) FROM epochs),"
            " (SELECT coalesce(sum(burned_rao),0) FROM epochs),"
            " (SELECT coalesce(sum(root_rao),0) FROM epochs) FROM run", -1, &s,
            NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        st = fail(db, db_path, err);
        goto done;
    }
    sqlite3_int64 blocks = sqlite3_column_int64(s, 2);
    fprintf(out, "run %s, seed %s: %lld blocks (%.2f days), %lld epochs over %lld subnet%s, %s\n",
            (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
            (long long)blocks, (double)blocks / 7200.0, (long long)sqlite3_column_int64(s, 4),
            (long long)sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 5) == 1 ? "" : "s",
            (const char *)sqlite3_column_text(s, 3));
    fprintf(out, "alpha paid at epochs: %.4f = owner %.4f + miners %.4f + validators %.4f"
            " + root stakers %.4f + burned %.9f\n\n",
            tao(sqlite3_column_int64(s, 6)), tao(sqlite3_column_int64(s, 7)),
            tao(sqlite3_column_int64(s, 8)), tao(sqlite3_column_int64(s, 9)),
            tao(sqlite3_column_int64(s, 11)), tao(sqlite3_column_int64(s, 10)));
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db,
            "SELECT n.netuid, n.uid, n.hotkey, n.true_quality, n.latency_ms,"
            " sum(u.miner_paid_rao) AS earned,"
            " (SELECT incentive FROM uid_epochs l WHERE l.netuid = n.netuid AND l.uid = n.uid"
            "  ORDER BY epoch DESC LIMIT 1)"
            " FROM neurons n JOIN uid_epochs u ON u.netuid = n.netuid AND u.uid = n.uid"
            " WHERE n.role = 'miner' GROUP BY n.netuid, n.uid"
            " ORDER BY earned DESC, n.netuid, n.uid LIMIT ?", -1, &s, NULL) != SQLITE_OK) {
        st = fail(db, db_path, err);
        goto done;
    }
    sqlite3_bind_int(s, 1, TOP_MINERS);
    fprintf(out, "top miners by emission\n  %-6s %-4s %-20s %8s %11s %10s %14s\n", "netuid",
            "uid", "hotkey", "quality", "latency ms", "incentive", "earned alpha");
    while (sqlite3_step(s) == SQLITE_ROW)
        fprintf(out, "  %-6d %-4d %-20s %8.3f %11.0f %10.4f %14.4f\n", sqlite3_column_int(s, 0),
                sqlite3_column_int(s, 1), (const char *)sqlite3_column_text(s, 2),
                sqlite3_column_double(s, 3), sqlite3_column_double(s, 4),
                sqlite3_column_double(s, 6), tao(sqlite3_column_int64(s, 5)));
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db,
            "SELECT n.netuid, n.uid, n.hotkey, n.role, n.initial_stake_rao,"
            " sum(u.validator_paid_rao), sum(u.miner_paid_rao)"
            " + CASE WHEN n.role = 'owner' THEN (SELECT coalesce(sum(e.owner_rao), 0)"
            "   FROM epochs e WHERE e.netuid = n.netuid) ELSE 0 END,"
            " (SELECT stake_rao FROM uid_epochs l WHERE l.netuid = n.netuid AND l.uid = n.uid"
            "  ORDER BY epoch DESC LIMIT 1),"
            " (SELECT validator_trust FROM uid_epochs l WHERE l.netuid = n.netuid"
            "  AND l.uid = n.uid ORDER BY epoch DESC LIMIT 1)"
            " FROM neurons n JOIN uid_epochs u ON u.netuid = n.netuid AND u.uid = n.uid"
            " WHERE n.role IN ('validator', 'owner') GROUP BY n.netuid, n.uid"
            " ORDER BY n.netuid, n.uid", -1, &s, NULL) != SQLITE_OK) {
        st = fail(db, db_path, err);
        goto done;
    }
    fprintf(out, "\nvalidators and owner\n  %-6s %-4s %-20s %-9s %14s %14s %14s %8s\n", "netuid",
            "uid", "hotkey", "role", "initial stake", "earned", "final stake", "vtrust");
    while (sqlite3_step(s) == SQLITE_ROW)
        fprintf(out, "  %-6d %-4d %-20s %-9s %14.4f %14.4f %14.4f %8.4f\n",
                sqlite3_column_int(s, 0), sqlite3_column_int(s, 1),
                (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
                tao(sqlite3_column_int64(s, 4)),
                tao(sqlite3_column_int64(s, 5) + sqlite3_column_int64(s, 6)),
                tao(sqlite3_column_int64(s, 7)), sqlite3_column_double(s, 8));
done:
    sqlite3_finalize(s);
    sqlite3_close(db);
    return st;
}
