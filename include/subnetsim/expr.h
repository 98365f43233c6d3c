/*
** Scoring expressions: the small, safe language in which scenario files write
** scoring functions (the grammar, for users, is docs/expressions.md).
**
** How a host uses it. A task kind declares the variables its scoring context
** offers, each a name and the index of a slot in an array of doubles:
**
**     static const ss_expr_var text_vars[] = {
**         {"answer.quality", 0}, {"answer.latency_ms", 1}, {"stats.mean_score", 2},
**     };
**     ss_expr_scope scope = {text_vars, 3};
**
** It compiles the source once; a failure leaves "column N: message" in err
** (the host adds the file and JSON path in front):
**
**     ss_expr *e;
**     if (ss_expr_compile(src, &scope, SS_EXPR_NUMBER, &e, &err) != SS_OK) ...
**
** and evaluates it for every answer, filling the slots first:
**
**     double slots[3] = {q, lat, mean}, score;
**     if (ss_expr_eval(e, slots, &score) != SS_EXPR_FINITE) count_non_finite++;
**
** Types. Values are numbers (IEEE doubles) or booleans; the compiler checks
** types, so a compiled expression never meets a type error at run time.
** Booleans are carried as exactly 1.0 and 0.0.
**
** Non-finite results. Evaluation follows IEEE arithmetic and never fails:
** 1/0 is inf, log(-1) is NaN, exp(1000) overflows to inf. Only the final
** result is checked. ss_expr_eval() reports a NaN or infinite result with
** SS_EXPR_NAN or SS_EXPR_INF and stores 0.0 in its place; the policy of the
** simulator is that a non-finite score counts as 0 and the run records how
** often that happened. ss_expr_eval_raw() returns the unsanitised value.
**
** Cost and safety. A compiled expression is one allocation of bytecode for a
** small stack machine, with constant subexpressions folded. Evaluation
** allocates nothing, reads only the slots the expression names, keeps its
** stack in a fixed array whose bound the compiler checked, and calls only
** libm, so results are deterministic. A compiled expression is immutable:
** many threads may evaluate it at once.
*/
#ifndef SUBNETSIM_EXPR_H
#define SUBNETSIM_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits; input beyond them is rejected with an error, never overflowed. */
#define SS_EXPR_MAX_SOURCE 4096 /* bytes of source text */
#define SS_EXPR_MAX_DEPTH 64    /* nesting of parentheses, calls and unary operators */
#define SS_EXPR_MAX_NODES 1024  /* operands, operators and calls */
#define SS_EXPR_MAX_NAME 63     /* characters in a variable or function name */
#define SS_EXPR_MAX_STACK 256   /* values the evaluator holds at once */

typedef enum ss_expr_type {
    SS_EXPR_NUMBER = 0,
    SS_EXPR_BOOL = 1
} ss_expr_type;

/*
** A variable the host offers: its name (letters, digits, '_', and '.' between
** parts, e.g. "answer.quality") and the index of its value in the slots array
** passed to ss_expr_eval(). Names must not be keywords or constants (and, or,
** not, true, false, pi, e); the first of two equal names wins.
*/
typedef struct ss_expr_var {
    const char *name;
    uint32_t slot;
} ss_expr_var;

/* The variables of one scoring context. The compiler copies what it keeps. */
typedef struct ss_expr_scope {
    const ss_expr_var *vars;
    size_t nvars;
} ss_expr_scope;

typedef struct ss_expr ss_expr;

/*
** Compiles src against scope. want is the type the host needs as the result:
** SS_EXPR_NUMBER for a score, SS_EXPR_BOOL for a condition. On success *out is
** a new expression (ss_expr_destroy() it). On failure *out is NULL, the status
** is SS_EINVAL (or SS_ENOMEM) and err holds one line,
** "column N: message", N counting characters (not bytes) from 1; the column
** alone is also available through column (may be NULL; 0 when the error has
** no position, e.g. out of memory).
*/
ss_status ss_expr_compile(const char *src, const ss_expr_scope *scope, ss_expr_type want,
                          ss_expr **out, int *column, ss_error *err);

/* Frees e; NULL is a no-op. */
void ss_expr_destroy(ss_expr *e);

/* What ss_expr_eval() says about the result. */
typedef enum ss_expr_outcome {
    SS_EXPR_FINITE = 0, /* *value is the result */
    SS_EXPR_NAN = 1,    /* the result was NaN; *value is 0.0 */
    SS_EXPR_INF = 2     /* the result was +inf or -inf; *value is 0.0 */
} ss_expr_outcome;

/*
** Evaluates e with the variables read from slots (an array that has every
** slot the scope named) and stores the result, a boolean as 1.0 or 0.0, in
** *value, with a non-finite result replaced by 0.0 as described above.
*/
ss_expr_outcome ss_expr_eval(const ss_expr *e, const double *slots, double *value);

/* The result exactly as IEEE arithmetic gave it, NaN and infinities included. */
double ss_expr_eval_raw(const ss_expr *e, const double *slots);

/* The type of e's result (the want it was compiled for). */
ss_expr_type ss_expr_result_type(const ss_expr *e);

/*
** The variables e reads when it is evaluated, in order of first use, each
** once, with the slot the scope gave it; *vars points into e (valid until
** ss_expr_destroy). A variable in a branch the compiler removed because its
** condition is constant, e.g. if(false, stats.mean_score, 1), is not read and
** not listed. Returns the count.
*/
size_t ss_expr_vars(const ss_expr *e, const ss_expr_var **vars);

/* True if e reads a variable whose name starts with prefix, e.g. "stats.". */
int ss_expr_uses_prefix(const ss_expr *e, const char *prefix);

/* The number of bytecode instructions in e, for tests and curiosity. */
size_t ss_expr_code_size(const ss_expr *e);

#ifdef __cplusplus
}
#endif
#endif
