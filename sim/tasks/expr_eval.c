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

/*
** Dispatch. With GCC or Clang each handler ends in its own indirect jump
** through a table of label addresses ("threaded code", as Lua's VM does):
** every jump learns its own successor pattern. On the typical formula of
** tools/bench_expr.c that measured 33 ns against 37 to 46 ns for one shared
** switch jump, the spread coming only from where the linker placed the same
** machine code. Elsewhere, or with SS_EXPR_SWITCH_DISPATCH, it is a switch
** (tests/meson.build runs the suites against both). Handlers are written
** once, with these macros.
*/
#if defined(__GNUC__) && !defined(SS_EXPR_SWITCH_DISPATCH)
#define VM_DISPATCH(op) goto *jump_table[op];
#define VM_CASE(name) L_##name:
#define VM_NEXT \
    do { \
        in = *pc++; \
        goto *jump_table[in.op]; \
    } while (0)
#else
#define VM_DISPATCH(op) switch ((ss__expr_opcode)(op))
#define VM_CASE(name) case SS__OP_##name:
#define VM_NEXT break
#endif

double ss_expr_eval_raw(const ss_expr *e, const double *slots)
{
#if defined(__GNUC__) && !defined(SS_EXPR_SWITCH_DISPATCH)
    static const void *const jump_table[] = {
        &&L_PUSHK, &&L_PUSHV,
#define X(name, fn) &&L_##name, &&L_##name##_K, &&L_##name##_V,
        SS__EXPR_BINARY_OPS(X)
#undef X
#define X(name, fn) &&L_##name,
        SS__EXPR_UNARY_OPS(X)
#undef X
        &&L_CLAMP, &&L_CLAMP_KK, &&L_SELECT_KK, &&L_JMPF, &&L_JMP, &&L_END,
    };
#endif
    double stack[SS_EXPR_MAX_STACK];
    double *sp = stack; /* next free entry; the value on top is in acc */
    double acc = 0.0;
    const ss__expr_ins *code = e->code, *pc = code;
    const double *k = e->k;
    ss__expr_ins in;
    for (;;) {
        in = *pc++;
        VM_DISPATCH(in.op) {
        VM_CASE(PUSHK)
            *sp++ = acc;
            acc = k[in.arg];
            VM_NEXT;
        VM_CASE(PUSHV)
            *sp++ = acc;
            acc = slots[in.arg];
            VM_NEXT;
#define X(name, fn) \
        VM_CASE(name) acc = fn(*--sp, acc); VM_NEXT; \
        VM_CASE(name##_K) acc = fn(acc, k[in.arg]); VM_NEXT; \
        VM_CASE(name##_V) acc = fn(acc, slots[in.arg]); VM_NEXT;
        SS__EXPR_BINARY_OPS(X)
#undef X
#define X(name, fn) VM_CASE(name) acc = fn(acc); VM_NEXT;
        SS__EXPR_UNARY_OPS(X)
#undef X
        VM_CASE(CLAMP) {
            double lo = *--sp, x = *--sp;
            acc = ss__op_clamp(x, lo, acc);
            VM_NEXT;
        }
        VM_CASE(CLAMP_KK)
            acc = ss__op_clamp(acc, k[in.arg & 0xFFFFu], k[in.arg >> 16]);
            VM_NEXT;
        VM_CASE(SELECT_KK)
            acc = k[acc != 0.0 ? in.arg & 0xFFFFu : in.arg >> 16];
            VM_NEXT;
        VM_CASE(JMPF) {
            double cond = acc;
            acc = *--sp;
            if (cond == 0.0)
                pc = code + in.arg;
            VM_NEXT;
        }
        VM_CASE(JMP)
            pc = code + in.arg;
            VM_NEXT;
        VM_CASE(END)
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
