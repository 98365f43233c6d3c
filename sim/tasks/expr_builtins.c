/*
** The functions scoring expressions may call. The arity and argument types
** follow from the kind; docs/expressions.md lists the same table for users.
*/
#include "tasks/expr_internal.h"

#include <string.h>

const ss__expr_builtin ss__expr_builtins[] = {
    {"if", SS__FN_IF, 0},
    {"min", SS__FN_FOLD, SS__OP_MIN},
    {"max", SS__FN_FOLD, SS__OP_MAX},
    {"clamp", SS__FN_CLAMP, 0},
    {"abs", SS__FN_UNARY, SS__OP_ABS},
    {"exp", SS__FN_UNARY, SS__OP_EXP},
    {"log", SS__FN_UNARY, SS__OP_LOG},
    {"log1p", SS__FN_UNARY, SS__OP_LOG1P},
    {"sqrt", SS__FN_UNARY, SS__OP_SQRT},
    {"pow", SS__FN_BINARY, SS__OP_POW},
    {"sigmoid", SS__FN_UNARY, SS__OP_SIGMOID},
    {"floor", SS__FN_UNARY, SS__OP_FLOOR},
    {"ceil", SS__FN_UNARY, SS__OP_CEIL},
    {"round", SS__FN_UNARY, SS__OP_ROUND},
};

const size_t ss__expr_nbuiltins = sizeof ss__expr_builtins / sizeof ss__expr_builtins[0];

const ss__expr_builtin *ss__expr_find_builtin(const char *name, size_t len)
{
    for (size_t i = 0; i < ss__expr_nbuiltins; i++)
        if (strlen(ss__expr_builtins[i].name) == len
            && memcmp(ss__expr_builtins[i].name, name, len) == 0)
            return &ss__expr_builtins[i];
    return NULL;
}
