/*
** The expression parser: recursive descent over the grammar of
** docs/expressions.md, building a syntax tree in a fixed array of nodes.
** Types are checked as each node is built, and a node whose operands are all
** constants is folded into a constant at once (with the evaluator's own
** operator functions, so folding never changes a result).
**
** Precedence, lowest first: or, and, not, comparisons (which do not chain),
** + -, * / %, unary - +, ^ (right-associative; its right operand may carry a
** unary minus, so 2^-1 works and -2^2 is -(2^2)).
*/
#include "tasks/expr_internal.h"

#include <stdio.h>
#include <string.h>

#include "subnetsim/suggest.h"

typedef struct parser {
    ss__expr_lexer lx;
    ss__expr_token tok; /* the current token, not yet consumed */
    size_t last_off;    /* where the last consumed token starts */
    const ss_expr_scope *scope;
    ss__expr_tree *tree;
    ss__expr_diag *diag;
    int depth;
} parser;

static int parse_expr(parser *p);
static int parse_unary(parser *p);
static int parse_not(parser *p);

static int advance(parser *p)
{
    p->last_off = p->tok.off;
    return ss__expr_lex(&p->lx, &p->tok);
}

static int tok_is_word(const parser *p, const char *word)
{
    size_t n = strlen(word);
    return p->tok.kind == SS__TK_NAME && p->tok.len == n
        && memcmp(p->lx.src + p->tok.off, word, n) == 0;
}

static int word_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(s, word, len) == 0;
}

static const char *a_type(int type)
{
    return type == SS_EXPR_BOOL ? "a boolean" : "a number";
}

/* Fails at the current token with "expected <what>, found <token>". */
static int expected(parser *p, const char *what)
{
    char found[64];
    ss__expr_describe(&p->lx, &p->tok, found, sizeof found);
    return ss__expr_fail(p->diag, p->tok.off, "expected %s, found %s", what, found);
}

static int enter(parser *p, size_t off)
{
    if (++p->depth > SS_EXPR_MAX_DEPTH)
        return ss__expr_fail(p->diag, off, "expression is nested more than %d levels deep",
                             SS_EXPR_MAX_DEPTH);
    return 0;
}

/* ---- Node construction, with folding ------------------------------------- */

static ss__expr_node *node_at(parser *p, int i)
{
    return &p->tree->nodes[i];
}

/* The limit is reported at the token just read, the point the parser reached. */
static int new_node(parser *p, int kind, int type, size_t off)
{
    if (p->tree->count >= SS_EXPR_MAX_NODES)
        return ss__expr_fail(p->diag, p->last_off, "expression has more than %d operands and "
                             "operators", SS_EXPR_MAX_NODES);
    int i = (int)p->tree->count++;
    ss__expr_node *n = node_at(p, i);
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->type = (uint8_t)type;
    n->off = off;
    n->kid[0] = n->kid[1] = n->kid[2] = -1;
    return i;
}

static int make_const(parser *p, double value, int type, size_t off)
{
    int i = new_node(p, SS__NK_CONST, type, off);
    if (i >= 0)
        node_at(p, i)->value = value;
    return i;
}

static int is_const(parser *p, int i)
{
    return node_at(p, i)->kind == SS__NK_CONST;
}

/*
** The make_ functions take off, the byte where the node's subexpression
** starts; operator positions for messages are passed to the checks instead.
*/
static int make_unary(parser *p, int op, int type, int a, size_t off)
{
    if (is_const(p, a))
        return make_const(p, ss__expr_apply_unary(op, node_at(p, a)->value), type, off);
    int i = new_node(p, SS__NK_UNARY, type, off);
    if (i >= 0) {
        node_at(p, i)->op = (uint16_t)op;
        node_at(p, i)->kid[0] = a;
    }
    return i;
}

static int make_binary(parser *p, int op, int type, int a, int b, size_t off)
{
    if (is_const(p, a) && is_const(p, b))
        return make_const(p, ss__expr_apply_binary(op, node_at(p, a)->value,
                                                   node_at(p, b)->value), type, off);
    int i = new_node(p, SS__NK_BINARY, type, off);
    if (i >= 0) {
        node_at(p, i)->op = (uint16_t)op;
        node_at(p, i)->kid[0] = a;
        node_at(p, i)->kid[1] = b;
    }
    return i;
}

static int make_clamp(parser *p, const int *args, size_t off)
{
    if (is_const(p, args[0]) && is_const(p, args[1]) && is_const(p, args[2]))
        return make_const(p, ss__op_clamp(node_at(p, args[0])->value, node_at(p, args[1])->value,
                                          node_at(p, args[2])->value), SS_EXPR_NUMBER, off);
    int i = new_node(p, SS__NK_CLAMP, SS_EXPR_NUMBER, off);
    if (i >= 0)
        memcpy(node_at(p, i)->kid, args, 3 * sizeof *args);
    return i;
}

static int make_if(parser *p, const int *args, size_t off)
{
    if (is_const(p, args[0]))
        return node_at(p, args[0])->value != 0.0 ? args[1] : args[2];
    int i = new_node(p, SS__NK_IF, node_at(p, args[1])->type, off);
    if (i >= 0)
        memcpy(node_at(p, i)->kid, args, 3 * sizeof *args);
    return i;
}

/* ---- Operators --------------------------------------------------------- */

/* Both operands of sym must have type want. */
static int check_operands(parser *p, const char *sym, int want, int a, int b, size_t off)
{
    const char *hint = want == SS_EXPR_BOOL ? " (compare it, e.g. x > 0)" : "";
    const char *need = want == SS_EXPR_BOOL ? "booleans" : "numbers";
    if (node_at(p, a)->type != want)
        return ss__expr_fail(p->diag, off, "'%s' needs %s, but its left operand is %s%s",
                             sym, need, a_type(node_at(p, a)->type), hint);
    if (node_at(p, b)->type != want)
        return ss__expr_fail(p->diag, off, "'%s' needs %s, but its right operand is %s%s",
                             sym, need, a_type(node_at(p, b)->type), hint);
    return 0;
}

static int parse_power(parser *p);

static int parse_primary(parser *p);

static int parse_power(parser *p)
{
    int a = parse_primary(p);
    if (a < 0 || p->tok.kind != SS__TK_CARET)
        return a;
    size_t off = p->tok.off;
    if (advance(p) < 0 || enter(p, off) < 0)
        return -1;
    int b = parse_unary(p); /* right-associative: 2^3^2 is 2^(3^2) */
    p->depth--;
    if (b < 0 || check_operands(p, "^", SS_EXPR_NUMBER, a, b, off) < 0)
        return -1;
    return make_binary(p, SS__OP_POW, SS_EXPR_NUMBER, a, b, node_at(p, a)->off);
}

static int parse_unary(parser *p)
{
    if (p->tok.kind != SS__TK_MINUS && p->tok.kind != SS__TK_PLUS)
        return parse_power(p);
    int negate = p->tok.kind == SS__TK_MINUS;
    size_t off = p->tok.off;
    if (advance(p) < 0 || enter(p, off) < 0)
        return -1;
    int a = parse_unary(p);
    p->depth--;
    if (a < 0)
        return -1;
    if (node_at(p, a)->type != SS_EXPR_NUMBER)
        return ss__expr_fail(p->diag, off, "'%c' needs a number, but its operand is a boolean",
                             negate ? '-' : '+');
    if (!negate) {
        node_at(p, a)->off = off;
        return a;
    }
    return make_unary(p, SS__OP_NEG, SS_EXPR_NUMBER, a, off);
}

static int parse_term(parser *p)
{
    int a = parse_unary(p);
    while (a >= 0 && (p->tok.kind == SS__TK_STAR || p->tok.kind == SS__TK_SLASH
                      || p->tok.kind == SS__TK_PERCENT)) {
        ss__expr_tok kind = p->tok.kind;
        size_t off = p->tok.off;
        if (advance(p) < 0)
            return -1;
        int b = parse_unary(p);
        const char *sym = kind == SS__TK_STAR ? "*" : kind == SS__TK_SLASH ? "/" : "%";
        int op = kind == SS__TK_STAR ? SS__OP_MUL : kind == SS__TK_SLASH ? SS__OP_DIV : SS__OP_MOD;
        if (b < 0 || check_operands(p, sym, SS_EXPR_NUMBER, a, b, off) < 0)
            return -1;
        a = make_binary(p, op, SS_EXPR_NUMBER, a, b, node_at(p, a)->off);
    }
    return a;
}

static int parse_sum(parser *p)
{
    int a = parse_term(p);
    while (a >= 0 && (p->tok.kind == SS__TK_PLUS || p->tok.kind == SS__TK_MINUS)) {
        int plus = p->tok.kind == SS__TK_PLUS;
        size_t off = p->tok.off;
        if (advance(p) < 0)
            return -1;
        int b = parse_term(p);
        if (b < 0 || check_operands(p, plus ? "+" : "-", SS_EXPR_NUMBER, a, b, off) < 0)
            return -1;
        a = make_binary(p, plus ? SS__OP_ADD : SS__OP_SUB, SS_EXPR_NUMBER, a, b,
                        node_at(p, a)->off);
    }
    return a;
}

/* The comparison opcode and symbol of the current token, or -1. */
static int comparison_op(const parser *p, const char **sym)
{
    switch (p->tok.kind) {
    case SS__TK_LT: *sym = "<"; return SS__OP_LT;
    case SS__TK_LE: *sym = "<="; return SS__OP_LE;
    case SS__TK_GT: *sym = ">"; return SS__OP_GT;
    case SS__TK_GE: *sym = ">="; return SS__OP_GE;
    case SS__TK_EQ: *sym = "=="; return SS__OP_EQ;
    case SS__TK_NE: *sym = "!="; return SS__OP_NE;
    default: return -1;
    }
}

static int parse_comparison(parser *p)
{
    int a = parse_sum(p);
    const char *sym;
    int op = a < 0 ? -1 : comparison_op(p, &sym);
    if (op < 0)
        return a;
    size_t off = p->tok.off;
    if (advance(p) < 0)
        return -1;
    int b = parse_sum(p);
    if (b < 0)
        return -1;
    int ta = node_at(p, a)->type, tb = node_at(p, b)->type;
    if (op == SS__OP_EQ || op == SS__OP_NE) {
        if (ta != tb)
            return ss__expr_fail(p->diag, off, "'%s' compares %s with %s", sym, a_type(ta),
                                 a_type(tb));
    } else if (ta != SS_EXPR_NUMBER || tb != SS_EXPR_NUMBER) {
        return ss__expr_fail(p->diag, off, "'%s' cannot order booleans (use '==' or '!=')", sym);
    }
    const char *next;
    if (comparison_op(p, &next) >= 0)
        return ss__expr_fail(p->diag, p->tok.off, "comparisons do not chain: write "
                             "'a %s b and b %s c' instead of 'a %s b %s c'", sym, next, sym, next);
    return make_binary(p, op, SS_EXPR_BOOL, a, b, node_at(p, a)->off);
}

static int parse_not(parser *p)
{
    if (!tok_is_word(p, "not"))
        return parse_comparison(p);
    size_t off = p->tok.off;
    if (advance(p) < 0 || enter(p, off) < 0)
        return -1;
    int a = parse_not(p);
    p->depth--;
    if (a < 0)
        return -1;
    if (node_at(p, a)->type != SS_EXPR_BOOL)
        return ss__expr_fail(p->diag, off, "'not' needs a boolean, but its operand is a number "
                             "(compare it, e.g. x > 0)");
    return make_unary(p, SS__OP_NOT, SS_EXPR_BOOL, a, off);
}

static int parse_logic(parser *p, const char *word, int op, int (*operand)(parser *))
{
    int a = operand(p);
    while (a >= 0 && tok_is_word(p, word)) {
        size_t off = p->tok.off;
        if (advance(p) < 0)
            return -1;
        int b = operand(p);
        if (b < 0 || check_operands(p, word, SS_EXPR_BOOL, a, b, off) < 0)
            return -1;
        a = make_binary(p, op, SS_EXPR_BOOL, a, b, node_at(p, a)->off);
    }
    return a;
}

static int parse_and(parser *p)
{
    return parse_logic(p, "and", SS__OP_AND, parse_not);
}

static int parse_expr(parser *p)
{
    if (enter(p, p->tok.off) < 0)
        return -1;
    int a = parse_logic(p, "or", SS__OP_OR, parse_and);
    p->depth--;
    return a;
}

/* ---- Names and calls ----------------------------------------------------- */

static const struct {
    const char *name;
    double value;
    int type;
} constants[] = {
    {"true", 1.0, SS_EXPR_BOOL},
    {"false", 0.0, SS_EXPR_BOOL},
    {"pi", 3.14159265358979323846, SS_EXPR_NUMBER},
    {"e", 2.71828182845904523536, SS_EXPR_NUMBER},
};
#define NCONSTANTS (sizeof constants / sizeof constants[0])

static int find_constant(const char *s, size_t len)
{
    for (size_t i = 0; i < NCONSTANTS; i++)
        if (word_is(s, len, constants[i].name))
            return (int)i;
    return -1;
}

static int find_var(const parser *p, const char *s, size_t len)
{
    for (size_t i = 0; i < p->scope->nvars; i++)
        if (word_is(s, len, p->scope->vars[i].name))
            return (int)i;
    return -1;
}

static int unknown_variable(parser *p, const char *s, size_t len, size_t off)
{
    char word[SS_EXPR_MAX_NAME + 1], hint[SS_EXPR_MAX_NAME + 64];
    memcpy(word, s, len);
    word[len] = '\0';
    ss_suggester sg;
    ss_suggest_begin(&sg, word);
    for (size_t i = 0; i < p->scope->nvars; i++)
        ss_suggest_offer(&sg, p->scope->vars[i].name);
    for (size_t i = 0; i < NCONSTANTS; i++)
        ss_suggest_offer(&sg, constants[i].name);
    ss_suggest_hint(&sg, hint, sizeof hint);
    /* "quality" for "answer.quality": the namespace was left out. */
    for (size_t i = 0; !sg.best && i < p->scope->nvars; i++) {
        const char *name = p->scope->vars[i].name, *dot = strrchr(name, '.');
        if (dot && strcmp(dot + 1, word) == 0) {
            snprintf(hint, sizeof hint, " (did you mean '%s'?)", name);
            break;
        }
    }
    return ss__expr_fail(p->diag, off, "unknown variable '%s'%s", word, hint);
}

static int unknown_function(parser *p, const char *s, size_t len, size_t off)
{
    char word[SS_EXPR_MAX_NAME + 1], hint[SS_EXPR_MAX_NAME + 64];
    memcpy(word, s, len);
    word[len] = '\0';
    if (find_constant(s, len) >= 0)
        return ss__expr_fail(p->diag, off, "'%s' is a constant, not a function", word);
    if (find_var(p, s, len) >= 0)
        return ss__expr_fail(p->diag, off, "'%s' is a variable, not a function", word);
    ss_suggester sg;
    ss_suggest_begin(&sg, word);
    for (size_t i = 0; i < ss__expr_nbuiltins; i++)
        ss_suggest_offer(&sg, ss__expr_builtins[i].name);
    ss_suggest_hint(&sg, hint, sizeof hint);
    if (!sg.best && strcmp(word, "ln") == 0)
        snprintf(hint, sizeof hint, " (did you mean 'log'?)");
    return ss__expr_fail(p->diag, off, "unknown function '%s'%s", word, hint);
}

static int arity_of(const ss__expr_builtin *fn)
{
    switch (fn->kind) {
    case SS__FN_UNARY: return 1;
    case SS__FN_BINARY: return 2;
    case SS__FN_CLAMP: case SS__FN_IF: return 3;
    case SS__FN_FOLD: return 2; /* at least */
    }
    return 0;
}

/* "the second argument", "argument 7": how messages name argument i. */
static void argument_name(int i, char *buf, size_t cap)
{
    static const char *const names[] = {"first", "second", "third"};
    if (i >= 1 && i <= 3)
        snprintf(buf, cap, "the %s argument", names[i - 1]);
    else
        snprintf(buf, cap, "argument %d", i);
}

/* Applies fn to its arguments: arity, then types, then the node. */
static int finish_call(parser *p, const ss__expr_builtin *fn, size_t off, int nargs,
                       const int *args, int folded, int bad_arg, size_t bad_off)
{
    int want = arity_of(fn);
    if (fn->kind == SS__FN_FOLD && nargs < want)
        return ss__expr_fail(p->diag, off, "'%s' expects at least %d arguments, got %d",
                             fn->name, want, nargs);
    if (fn->kind != SS__FN_FOLD && nargs != want)
        return ss__expr_fail(p->diag, off, "'%s' expects %d argument%s, got %d", fn->name,
                             want, want == 1 ? "" : "s", nargs);
    if (fn->kind == SS__FN_IF) {
        if (node_at(p, args[0])->type != SS_EXPR_BOOL)
            return ss__expr_fail(p->diag, node_at(p, args[0])->off, "'if' condition must be a "
                                 "boolean (a comparison such as x > 0), got a number");
        int t1 = node_at(p, args[1])->type, t2 = node_at(p, args[2])->type;
        if (t1 != t2)
            return ss__expr_fail(p->diag, node_at(p, args[2])->off, "'if' branches must have "
                                 "the same type, but the second argument is %s and the third "
                                 "is %s", a_type(t1), a_type(t2));
        return make_if(p, args, off);
    }
    if (bad_arg > 0)
        return ss__expr_fail(p->diag, bad_off, "'%s' argument %d must be a number, got a "
                             "boolean", fn->name, bad_arg);
    switch (fn->kind) {
    case SS__FN_UNARY: return make_unary(p, fn->op, SS_EXPR_NUMBER, args[0], off);
    case SS__FN_BINARY: return make_binary(p, fn->op, SS_EXPR_NUMBER, args[0], args[1], off);
    case SS__FN_CLAMP: return make_clamp(p, args, off);
    default: return folded; /* min, max: built while the arguments were read */
    }
}

static int parse_call(parser *p, const ss__expr_builtin *fn, size_t off)
{
    size_t open = p->tok.off;
    if (advance(p) < 0)
        return -1;
    int args[3] = {-1, -1, -1}, nargs = 0, folded = -1, bad_arg = 0;
    size_t bad_off = 0;
    if (p->tok.kind == SS__TK_RPAREN)
        return advance(p) < 0 ? -1 : finish_call(p, fn, off, 0, args, folded, 0, 0);
    for (;;) {
        int a = parse_expr(p);
        if (a < 0)
            return -1;
        nargs++;
        if (nargs <= 3)
            args[nargs - 1] = a;
        if (!bad_arg && fn->kind != SS__FN_IF && node_at(p, a)->type != SS_EXPR_NUMBER) {
            bad_arg = nargs;
            bad_off = node_at(p, a)->off;
        }
        if (fn->kind == SS__FN_FOLD) {
            folded = nargs == 1 ? a : make_binary(p, fn->op, SS_EXPR_NUMBER, folded, a, off);
            if (folded < 0)
                return -1;
        }
        if (p->tok.kind == SS__TK_COMMA) {
            if (advance(p) < 0)
                return -1;
            continue;
        }
        if (p->tok.kind == SS__TK_RPAREN)
            break;
        char arg[32], what[128];
        argument_name(nargs, arg, sizeof arg);
        snprintf(what, sizeof what, "',' or ')' after %s of '%s' (opened at column %d)", arg,
                 fn->name, ss__expr_column(p->lx.src, open));
        return expected(p, what);
    }
    if (advance(p) < 0)
        return -1;
    return finish_call(p, fn, off, nargs, args, folded, bad_arg, bad_off);
}

static int parse_name(parser *p)
{
    const char *s = p->lx.src + p->tok.off;
    size_t len = p->tok.len, off = p->tok.off;
    if (word_is(s, len, "and") || word_is(s, len, "or"))
        return expected(p, "a value");
    if (word_is(s, len, "not"))
        return ss__expr_fail(p->diag, off, "'not' cannot appear here; put it in parentheses: "
                             "(not ...)");
    if (advance(p) < 0)
        return -1;
    if (p->tok.kind == SS__TK_LPAREN) {
        const ss__expr_builtin *fn = ss__expr_find_builtin(s, len);
        return fn ? parse_call(p, fn, off) : unknown_function(p, s, len, off);
    }
    int c = find_constant(s, len);
    if (c >= 0)
        return make_const(p, constants[c].value, constants[c].type, off);
    int v = find_var(p, s, len);
    if (v >= 0) {
        int i = new_node(p, SS__NK_VAR, SS_EXPR_NUMBER, off);
        if (i >= 0)
            node_at(p, i)->var = (uint32_t)v;
        return i;
    }
    if (ss__expr_find_builtin(s, len))
        return ss__expr_fail(p->diag, off, "'%.*s' is a function; call it as %.*s(...)",
                             (int)len, s, (int)len, s);
    return unknown_variable(p, s, len, off);
}

static int parse_primary(parser *p)
{
    switch (p->tok.kind) {
    case SS__TK_NUMBER: {
        ss__expr_token number = p->tok;
        if (advance(p) < 0)
            return -1;
        return make_const(p, number.number, SS_EXPR_NUMBER, number.off);
    }
    case SS__TK_NAME:
        return parse_name(p);
    case SS__TK_LPAREN: {
        size_t open = p->tok.off;
        if (advance(p) < 0)
            return -1;
        int a = parse_expr(p);
        if (a < 0)
            return -1;
        if (p->tok.kind != SS__TK_RPAREN) {
            char what[64];
            snprintf(what, sizeof what, "')' to match '(' at column %d",
                     ss__expr_column(p->lx.src, open));
            return expected(p, what);
        }
        node_at(p, a)->off = open;
        return advance(p) < 0 ? -1 : a;
    }
    default:
        return expected(p, "a value");
    }
}

int ss__expr_parse(const char *src, size_t len, const ss_expr_scope *scope,
                   ss__expr_tree *tree, ss__expr_diag *diag)
{
    parser p = {
        .lx = {.src = src, .len = len, .pos = 0, .diag = diag},
        .scope = scope,
        .tree = tree,
        .diag = diag,
    };
    tree->count = 0;
    tree->root = -1;
    if (advance(&p) < 0)
        return -1;
    if (p.tok.kind == SS__TK_END)
        return ss__expr_fail(diag, p.tok.off, "empty expression");
    int root = parse_expr(&p);
    if (root < 0)
        return -1;
    if (p.tok.kind == SS__TK_RPAREN)
        return ss__expr_fail(diag, p.tok.off, "unexpected ')' without a matching '('");
    if (p.tok.kind != SS__TK_END) {
        char found[64];
        ss__expr_describe(&p.lx, &p.tok, found, sizeof found);
        return ss__expr_fail(diag, p.tok.off, "unexpected %s after a complete expression "
                             "(missing operator?)", found);
    }
    tree->root = root;
    return 0;
}
