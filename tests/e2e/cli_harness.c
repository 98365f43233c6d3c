/* End-to-end test helpers: spawning the command, capturing output, reading SQLite. */
#include "cli_harness.h"

#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

extern char **environ;

const char *cli_exe;
const char *cli_root;
char cli_tmp[256];

int cli_setup(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SUBNETSIM_BINARY SOURCE_ROOT\n", argv[0]);
        return 0;
    }
    cli_exe = argv[1];
    cli_root = argv[2];
    snprintf(cli_tmp, sizeof cli_tmp, "/tmp/subnetsim-e2e-XXXXXX");
    return mkdtemp(cli_tmp) != NULL;
}

void cli_teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cli_tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", cli_tmp);
}

char *cli_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

int cli_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

void cli_src(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", cli_root, rel);
}

void cli_tmpfile(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", cli_tmp, rel);
}

cli_result cli_run(const char *const *args)
{
    cli_result r = {-1, NULL, NULL};
    char out_path[300], err_path[300];
    cli_tmpfile(out_path, sizeof out_path, "cli.stdout");
    cli_tmpfile(err_path, sizeof err_path, "cli.stderr");
    const char *argv[64];
    int n = 0;
    argv[n++] = cli_exe;
    for (int i = 0; args[i] && n < 63; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int rc = posix_spawn(&pid, cli_exe, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    assert_int_equal(rc, 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = cli_slurp(out_path);
    r.err = cli_slurp(err_path);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

void cli_result_free(cli_result *r)
{
    free(r->out);
    free(r->err);
}

sqlite3 *db_open(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
    return db;
}

int64_t db_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) != SQLITE_ROW)
        fail_msg("%s: no row", sql);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

char *db_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(s) != SQLITE_ROW)
        fail_msg("%s: no row", sql);
    const unsigned char *t = sqlite3_column_text(s, 0);
    char *copy = strdup(t ? (const char *)t : "");
    sqlite3_finalize(s);
    return copy;
}

int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}
