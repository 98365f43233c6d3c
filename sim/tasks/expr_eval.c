/*
** The stack machine that evaluates compiled expressions. The top of the
** stack lives in a local (acc), so most instructions touch no memory but
** their operand. The stack is a fixed array: the compiler rejected any
** expression that could need more than SS_EXPR_MAX_STACK values.
*/
#include "tasks/expr_internal.h"

#include <assert.h>

double ss__expr_apply_unary(int op, double a)
{
    switch (op) {
#define X(name, fn) case SS__OP_##name: return fn(a);
        SS__EXPR_UNARY_OPS(X)
#undef X
    default: break;
    }
    assert(!"not a unary opcode");
    return NAN;
}

double ss__expr_apply_binary(int op, double a, double b)
{
    switch (op) {
#define X(name, fn) case SS__OP_##name: return fn(a, b);
        SS__EXPR_BINARY_OPS(X)
#undef X
    default: break;
    }
    assert(!"not a binary opcode");
    return NAN;
}

double ss_expr_eval_raw(const ss_expr *e, const double *slots)
{
    double stack[SS_EXPR_MAX_STACK];
    double *sp = stack; /* next free entry; the value on top is in acc */
    double acc = 0.0;
    const ss__expr_ins *code = e->code, *pc = code;
    const double *k = e->k;
    for (;;) {
        const ss__expr_ins in = *pc++;
        switch ((ss__expr_opcode)in.op) {
        case SS__OP_PUSHK:
            *sp++ = acc;
            acc = k[in.arg];
            break;
        case SS__OP_PUSHV:
            *sp++ = acc;
            acc = slots[in.arg];
            break;
#define X(name, fn) \
        case SS__OP_##name: acc = fn(*--sp, acc); break; \
        case SS__OP_##name##_K: acc = fn(acc, k[in.arg]); break; \
        case SS__OP_##name##_V: acc = fn(acc, slots[in.arg]); break;
        SS__EXPR_BINARY_OPS(X)
#undef X
#define X(name, fn) case SS__OP_##name: acc = fn(acc); break;
        SS__EXPR_UNARY_OPS(X)
#undef X
        case SS__OP_CLAMP: {
            double lo = *--sp, x = *--sp;
            acc = ss__op_clamp(x, lo, acc);
            break;
        }
        case SS__OP_CLAMP_KK:
            acc = ss__op_clamp(acc, k[in.arg & 0xFFFFu], k[in.arg >> 16]);
            break;
        case SS__OP_SELECT_KK:
            acc = k[acc != 0.0 ? in.arg & 0xFFFFu : in.arg >> 16];
            break;
        case SS__OP_JMPF: {
            double cond = acc;
            acc = *--sp;
            if (cond == 0.0)
                pc = code + in.arg;
            break;
        }
        case SS__OP_JMP:
            pc = code + in.arg;
            break;
        case SS__OP_END:
            return acc;
        }
    }
}

ss_expr_outcome ss_expr_eval(const ss_expr *e, const double *slots, double *value)
{
    double v = ss_expr_eval_raw(e, slots);
    if (isfinite(v)) {
        *value = v;
        return SS_EXPR_FINITE;
    }
    *value = 0.0;
    return isnan(v) ? SS_EXPR_NAN : SS_EXPR_INF;
}
