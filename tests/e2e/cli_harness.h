/*
** Helpers for end-to-end tests: run the subnetsim command with its output
** captured, read files, and query SQLite databases it wrote.
*/
#ifndef SS_TESTS_CLI_HARNESS_H
#define SS_TESTS_CLI_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

typedef struct cli_result {
    int status;   /* exit status, or -1 if it did not exit normally */
    char *out;    /* captured stdout (malloc'd) */
    char *err;    /* captured stderr (malloc'd) */
} cli_result;

/* Paths given on the test's command line: the subnetsim binary and the source root. */
extern const char *cli_exe;
extern const char *cli_root;
extern char cli_tmp[];   /* a fresh temporary directory for this test program */

int cli_setup(int argc, char **argv);
void cli_teardown(void);

/* Runs subnetsim with args (NULL-terminated, without argv[0]). */
cli_result cli_run(const char *const *args);
void cli_result_free(cli_result *r);

char *cli_slurp(const char *path);
int cli_exists(const char *path);
/* "<source root>/<rel>" and "<tmp>/<rel>" into a static-free buffer owned by the caller. */
void cli_src(char *buf, size_t size, const char *rel);
void cli_tmpfile(char *buf, size_t size, const char *rel);

/* The first column of the first row of sql on db, as an integer (fails the test on error). */
int64_t db_int(sqlite3 *db, const char *sql);
char *db_text(sqlite3 *db, const char *sql);
sqlite3 *db_open(const char *path);

/* Number of lines in s. */
int count_lines(const char *s);

#endif
