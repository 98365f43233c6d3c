/*
** What the files of the expression compiler share: the meaning of every
** operator (used both by the evaluator and by constant folding, so a folded
** constant is bit-identical to what evaluation would give), the opcodes of
** the stack machine, the syntax tree the parser builds, and the layout of a
** compiled expression.
**
**   expr_lex.c       characters -> tokens, error messages with columns
**   expr_builtins.c  the table of functions and constants
**   expr_parse.c     tokens -> typed, folded syntax tree
**   expr_emit.c      syntax tree -> bytecode, in one allocation
**   expr_eval.c      the stack machine
**   expr.c           the public entry points
*/
#ifndef SS_TASKS_EXPR_INTERNAL_H
#define SS_TASKS_EXPR_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "subnetsim/expr.h"
#include "subnetsim/status.h"

/* ---- Operator semantics ------------------------------------------------ */

static inline double ss__op_add(double a, double b) { return a + b; }
static inline double ss__op_sub(double a, double b) { return a - b; }
static inline double ss__op_mul(double a, double b) { return a * b; }
static inline double ss__op_div(double a, double b) { return a / b; }
static inline double ss__op_mod(double a, double b) { return fmod(a, b); }
static inline double ss__op_pow(double a, double b) { return pow(a, b); }
static inline double ss__op_lt(double a, double b) { return a < b ? 1.0 : 0.0; }
static inline double ss__op_le(double a, double b) { return a <= b ? 1.0 : 0.0; }
static inline double ss__op_gt(double a, double b) { return a > b ? 1.0 : 0.0; }
static inline double ss__op_ge(double a, double b) { return a >= b ? 1.0 : 0.0; }
static inline double ss__op_eq(double a, double b) { return a == b ? 1.0 : 0.0; }
static inline double ss__op_ne(double a, double b) { return a != b ? 1.0 : 0.0; }
static inline double ss__op_and(double a, double b) { return (a != 0.0 && b != 0.0) ? 1.0 : 0.0; }
static inline double ss__op_or(double a, double b) { return (a != 0.0 || b != 0.0) ? 1.0 : 0.0; }
/* min and max propagate NaN (unlike fmin/fmax) so a broken input stays visible. */
static inline double ss__op_min(double a, double b) { return (a < b || isnan(a)) ? a : b; }
static inline double ss__op_max(double a, double b) { return (a > b || isnan(a)) ? a : b; }

static inline double ss__op_neg(double a) { return -a; }
static inline double ss__op_not(double a) { return a == 0.0 ? 1.0 : 0.0; }
static inline double ss__op_sigmoid(double a) { return 1.0 / (1.0 + exp(-a)); }

/* NaN in x passes through: both comparisons are false. */
static inline double ss__op_clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* Binary operators, each with three opcodes: operands on the stack, right
   operand a constant (_K), right operand a variable (_V). */
#define SS__EXPR_BINARY_OPS(X) \
    X(ADD, ss__op_add) X(SUB, ss__op_sub) X(MUL, ss__op_mul) X(DIV, ss__op_div) \
    X(MOD, ss__op_mod) X(POW, ss__op_pow) X(LT, ss__op_lt) X(LE, ss__op_le) \
    X(GT, ss__op_gt) X(GE, ss__op_ge) X(EQ, ss__op_eq) X(NE, ss__op_ne) \
    X(AND, ss__op_and) X(OR, ss__op_or) X(MIN, ss__op_min) X(MAX, ss__op_max)

#define SS__EXPR_UNARY_OPS(X) \
    X(NEG, ss__op_neg) X(NOT, ss__op_not) X(ABS, fabs) X(EXP, exp) X(LOG, log) \
    X(LOG1P, log1p) X(SQRT, sqrt) X(FLOOR, floor) X(CEIL, ceil) X(ROUND, round) \
    X(SIGMOID, ss__op_sigmoid)

/* ---- Stack machine --------------------------------------------------------- */

typedef enum ss__expr_opcode {
    SS__OP_PUSHK, /* push k[arg] */
    SS__OP_PUSHV, /* push slots[arg] */
#define X(name, fn) SS__OP_##name, SS__OP_##name##_K, SS__OP_##name##_V,
    SS__EXPR_BINARY_OPS(X)
#undef X
#define X(name, fn) SS__OP_##name,
    SS__EXPR_UNARY_OPS(X)
#undef X
    SS__OP_CLAMP,    /* clamp(x, lo, hi), all three on the stack */
    SS__OP_CLAMP_KK, /* clamp(top, k[arg & 0xFFFF], k[arg >> 16]) */
    SS__OP_SELECT_KK, /* top ? k[arg & 0xFFFF] : k[arg >> 16], for if() with constant branches */
    SS__OP_JMPF,     /* pop; if it was false jump to arg */
    SS__OP_JMP,      /* jump to arg */
    SS__OP_END       /* the top of the stack is the result */
} ss__expr_opcode;

typedef struct ss__expr_ins {
    uint16_t op;
    uint16_t unused;
    uint32_t arg;
} ss__expr_ins;

struct ss_expr {
    const ss__expr_ins *code;
    const double *k;
    const ss_expr_var *vars; /* names point into the same allocation */
    uint32_t ncode, nk, nvars;
    ss_expr_type type;
    /* The constants, code, variables and names follow in the same block. */
};

double ss__expr_apply_unary(int op, double a);
double ss__expr_apply_binary(int op, double a, double b);

/* ---- Diagnostics --------------------------------------------------------- */

typedef struct ss__expr_diag {
    const char *src;
    ss_error *err;
    int column; /* of the first error, 0 if none */
    int failed;
} ss__expr_diag;

/* 1-based column, in characters, of byte offset off. */
int ss__expr_column(const char *src, size_t off);

/* Records the first error: "column N: <message>". Returns -1. */
int ss__expr_fail(ss__expr_diag *d, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- Tokens ---------------------------------------------------------------- */

typedef enum ss__expr_tok {
    SS__TK_END, SS__TK_NUMBER, SS__TK_NAME, SS__TK_LPAREN, SS__TK_RPAREN, SS__TK_COMMA,
    SS__TK_PLUS, SS__TK_MINUS, SS__TK_STAR, SS__TK_SLASH, SS__TK_PERCENT, SS__TK_CARET,
    SS__TK_LT, SS__TK_LE, SS__TK_GT, SS__TK_GE, SS__TK_EQ, SS__TK_NE
} ss__expr_tok;

typedef struct ss__expr_token {
    ss__expr_tok kind;
    size_t off, len; /* the token's bytes in the source */
    double number;   /* for SS__TK_NUMBER */
} ss__expr_token;

typedef struct ss__expr_lexer {
    const char *src;
    size_t len, pos;
    ss__expr_diag *diag;
} ss__expr_lexer;

/* Reads the next token into *t; -1 (with the error recorded) on bad input. */
int ss__expr_lex(ss__expr_lexer *lx, ss__expr_token *t);

/* Writes a short description of t for messages: "')'", "'foo'", "end of expression". */
void ss__expr_describe(const ss__expr_lexer *lx, const ss__expr_token *t, char *buf, size_t cap);

/* ---- Built-in functions and constants ---------------------------------------- */

typedef enum ss__expr_fn_kind {
    SS__FN_UNARY,  /* one number -> number, opcode in op */
    SS__FN_BINARY, /* two numbers -> number, opcode in op */
    SS__FN_FOLD,   /* two or more numbers folded left with op (min, max) */
    SS__FN_CLAMP,
    SS__FN_IF
} ss__expr_fn_kind;

typedef struct ss__expr_builtin {
    const char *name;
    ss__expr_fn_kind kind;
    int op;
} ss__expr_builtin;

extern const ss__expr_builtin ss__expr_builtins[];
extern const size_t ss__expr_nbuiltins;
const ss__expr_builtin *ss__expr_find_builtin(const char *name, size_t len);

/* ---- Syntax tree --------------------------------------------------------- */

typedef enum ss__expr_node_kind {
    SS__NK_CONST, SS__NK_VAR, SS__NK_UNARY, SS__NK_BINARY, SS__NK_CLAMP, SS__NK_IF
} ss__expr_node_kind;

typedef struct ss__expr_node {
    uint8_t kind;     /* ss__expr_node_kind */
    uint8_t type;     /* ss_expr_type */
    uint16_t op;      /* base opcode of a unary or binary node */
    int32_t kid[3];   /* operands; IF: condition, then, else; CLAMP: x, lo, hi */
    uint32_t var;     /* VAR: index into the scope's vars */
    double value;     /* CONST */
    size_t off;       /* where the subexpression starts, for error columns */
} ss__expr_node;

typedef struct ss__expr_tree {
    ss__expr_node *nodes; /* SS_EXPR_MAX_NODES entries */
    size_t count;
    int32_t root;
} ss__expr_tree;

/* Parses and type-checks src[0..len) (scope not NULL); -1 with the error in diag. */
int ss__expr_parse(const char *src, size_t len, const ss_expr_scope *scope,
                   ss__expr_tree *tree, ss__expr_diag *diag);

/* Turns a parsed tree into a compiled expression (one allocation). */
ss_status ss__expr_emit(const ss__expr_tree *tree, const ss_expr_scope *scope,
                        ss_expr_type type, ss_expr **out, ss__expr_diag *diag);

#endif
