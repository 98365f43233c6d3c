/*
** The public entry points of scoring expressions (subnetsim/expr.h): limits
** on the source, parse, check the result type, emit; and the accessors.
*/
#include "tasks/expr_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Parses src and checks the result type; -1 with the error in diag. */
static int parse_typed(const char *src, size_t len, const ss_expr_scope *scope,
                       ss_expr_type want, ss__expr_tree *tree, ss__expr_diag *diag)
{
    if (len > SS_EXPR_MAX_SOURCE)
        return ss__expr_fail(diag, SS_EXPR_MAX_SOURCE, "expression is longer than %d bytes",
                             SS_EXPR_MAX_SOURCE);
    if (ss__expr_parse(src, len, scope, tree, diag) < 0)
        return -1;
    const ss__expr_node *root = &tree->nodes[tree->root];
    if (root->type == want)
        return 0;
    if (want == SS_EXPR_NUMBER)
        return ss__expr_fail(diag, root->off, "the expression is a boolean, but a number is "
                             "required here (write if(condition, 1, 0) to turn a condition "
                             "into a number)");
    return ss__expr_fail(diag, root->off, "the expression is a number, but a condition is "
                         "required here (compare it, e.g. x > 0)");
}

ss_status ss_expr_compile(const char *src, const ss_expr_scope *scope, ss_expr_type want,
                          ss_expr **out, int *column, ss_error *err)
{
    static const ss_expr_scope empty = {NULL, 0};
    assert(src && out);
    ss__expr_diag diag = {.src = src, .err = err};
    *out = NULL;
    if (column)
        *column = 0;
    ss_error_clear(err);

    ss__expr_tree tree = {.nodes = malloc(SS_EXPR_MAX_NODES * sizeof *tree.nodes)};
    if (!tree.nodes)
        return ss_error_set(err, SS_ENOMEM, "out of memory compiling an expression");
    size_t len = strnlen(src, SS_EXPR_MAX_SOURCE + 1);
    scope = scope ? scope : &empty;
    ss_status rc = SS_EINVAL;
    if (parse_typed(src, len, scope, want, &tree, &diag) == 0)
        rc = ss__expr_emit(&tree, scope, want, out, &diag);
    free(tree.nodes);
    if (column)
        *column = diag.column;
    return rc;
}

void ss_expr_destroy(ss_expr *e)
{
    free(e);
}

ss_expr_type ss_expr_result_type(const ss_expr *e)
{
    return e->type;
}

size_t ss_expr_vars(const ss_expr *e, const ss_expr_var **vars)
{
    if (vars)
        *vars = e->vars;
    return e->nvars;
}

int ss_expr_uses_prefix(const ss_expr *e, const char *prefix)
{
    size_t n = strlen(prefix);
    for (uint32_t i = 0; i < e->nvars; i++)
        if (strncmp(e->vars[i].name, prefix, n) == 0)
            return 1;
    return 0;
}

size_t ss_expr_code_size(const ss_expr *e)
{
    return e->ncode;
}
