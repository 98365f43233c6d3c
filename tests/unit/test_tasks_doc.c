/*
** docs/tasks.md keeps up with the task kinds: every kind has a section
** ("## ... `name`"), and in it every parameter has a table row starting
** "| `name` | default |" with the descriptor's default, and every answer
** metric and preset is named in backquotes. Adding or changing a parameter,
** metric or preset without documenting it fails this test.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "subnetsim/util.h"
#include "tasks/task.h"

static const char *doc_path;

/* The section of text about kind name: from its "## " heading to the next. */
static char *section(const char *text, const char *name)
{
    char tag[64];
    snprintf(tag, sizeof tag, "`%s`", name);
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (strncmp(line, "## ", 3) == 0) {
            char *head = strndup(line, len);
            bool match = strstr(head, tag) != NULL;
            free(head);
            if (match) {
                const char *next = strstr(line + 3, "\n## ");
                return strndup(line, next ? (size_t)(next - line) : strlen(line));
            }
        }
        line = end ? end + 1 : NULL;
    }
    return NULL;
}

static void require(const char *sec, const char *kind, const char *what, const char *name)
{
    char tag[128];
    snprintf(tag, sizeof tag, "`%s`", name);
    if (!strstr(sec, tag))
        fail_msg("%s: the section of kind %s does not name %s %s", doc_path, kind, what, tag);
}

static void test_every_kind_is_documented(void **state)
{
    (void)state;
    char *text;
    ss_error err;
    if (ss_read_file(doc_path, &text, NULL, &err) != SS_OK)
        fail_msg("%s", err.msg);
    int kinds = 0;
    for (int k = 0; k < SS_TASK_KINDS; k++) {
        const ss_task_kind_desc *d = ss_task_kind_desc_of((ss_task_kind)k);
        if (!d)
            continue;
        kinds++;
        char *sec = section(text, d->name);
        if (!sec)
            fail_msg("%s: no \"## \" section naming `%s`", doc_path, d->name);
        for (size_t i = 0; i < d->n_params; i++) {
            const ss_task_param *p = &d->params[i];
            char row[160];
            snprintf(row, sizeof row, "| `%s` |", p->name);
            const char *at = strstr(sec, row);
            if (!at)
                fail_msg("%s: kind %s has no table row \"%s\"", doc_path, d->name, row);
            /* The row's next cell is the default. */
            char *end;
            double def = strtod(at + strlen(row), &end);
            while (*end == ' ')
                end++;
            if (end == at + strlen(row) || *end != '|' ||
                fabs(def - p->def) > 1e-12 * fmax(1, fabs(p->def)))
                fail_msg("%s: row of %s.%s should give the default %.10g", doc_path, d->name,
                         p->name, p->def);
        }
        for (int i = 0; d->metric_names[i]; i++)
            require(sec, d->name, "metric", d->metric_names[i]);
        for (size_t i = 0; i < d->n_presets; i++)
            require(sec, d->name, "preset", d->presets[i].name);
        free(sec);
    }
    assert_int_equal(kinds, SS_TASK_KINDS);
    free(text);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s docs/tasks.md\n", argv[0]);
        return 1;
    }
    doc_path = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_is_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
