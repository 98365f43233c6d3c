/*
** Code generation: walks the typed, folded syntax tree and writes bytecode
** for the stack machine of expr_eval.c, then packs the code, the constants
** and the list of variables read into a single allocation.
**
** Binary operators whose right operand is a constant or a variable take it
** from the instruction (the _K and _V forms) instead of pushing it; that
** halves the instructions of typical scoring formulas. For the same reason
** the operands of a commutative operator are swapped when only the left one
** is a leaf (min and max are not swapped: min(-0, 0) and min(0, -0) differ).
*/
#include "tasks/expr_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct emitter {
    const ss__expr_tree *tree;
    const ss_expr_scope *scope;
    ss__expr_ins *code;
    size_t ncode;
    double *k;
    size_t nk;
    uint32_t *used; /* indices into the scope's vars, in order of first use */
    size_t nused;
    int depth, max_depth;
} emitter;

static const ss__expr_node *node(const emitter *em, int32_t i)
{
    return &em->tree->nodes[i];
}

/* Net change of the stack height caused by op. */
static int stack_effect(int op)
{
    switch (op) {
    case SS__OP_PUSHK: case SS__OP_PUSHV: return 1;
    case SS__OP_CLAMP: return -2;
    case SS__OP_JMPF: return -1;
    case SS__OP_CLAMP_KK: case SS__OP_SELECT_KK: case SS__OP_JMP: case SS__OP_END: return 0;
    default: break;
    }
    if (op >= SS__OP_ADD && op <= SS__OP_MAX_V)
        return (op - SS__OP_ADD) % 3 == 0 ? -1 : 0;
    return 0; /* unary */
}

static size_t emit(emitter *em, int op, uint32_t arg)
{
    ss__expr_ins *in = &em->code[em->ncode];
    in->op = (uint16_t)op;
    in->unused = 0;
    in->arg = arg;
    em->depth += stack_effect(op);
    if (em->depth > em->max_depth)
        em->max_depth = em->depth;
    return em->ncode++;
}

/* Index of value in the constant pool, compared bit for bit (0.0 is not -0.0). */
static uint32_t constant(emitter *em, double value)
{
    for (size_t i = 0; i < em->nk; i++)
        if (memcmp(&em->k[i], &value, sizeof value) == 0)
            return (uint32_t)i;
    em->k[em->nk] = value;
    return (uint32_t)em->nk++;
}

static uint32_t variable(emitter *em, uint32_t var)
{
    size_t i = 0;
    while (i < em->nused && em->used[i] != var)
        i++;
    if (i == em->nused)
        em->used[em->nused++] = var;
    return em->scope->vars[var].slot;
}

static int is_leaf(const ss__expr_node *n)
{
    return n->kind == SS__NK_CONST || n->kind == SS__NK_VAR;
}

/* The opcode computing b OP a, if swapping operands keeps every result bit; else -1. */
static int mirrored(int op)
{
    switch (op) {
    case SS__OP_ADD: case SS__OP_MUL: case SS__OP_EQ: case SS__OP_NE:
    case SS__OP_AND: case SS__OP_OR:
        return op;
    case SS__OP_LT: return SS__OP_GT;
    case SS__OP_GT: return SS__OP_LT;
    case SS__OP_LE: return SS__OP_GE;
    case SS__OP_GE: return SS__OP_LE;
    default: return -1;
    }
}

static void gen(emitter *em, int32_t i);

static void gen_binary(emitter *em, const ss__expr_node *n)
{
    const ss__expr_node *l = node(em, n->kid[0]), *r = node(em, n->kid[1]);
    int op = n->op;
    int32_t left = n->kid[0];
    if (is_leaf(l) && !is_leaf(r) && mirrored(op) >= 0) {
        op = mirrored(op);
        left = n->kid[1];
        r = l;
    }
    gen(em, left);
    if (r->kind == SS__NK_CONST) {
        emit(em, op + 1, constant(em, r->value));
    } else if (r->kind == SS__NK_VAR) {
        emit(em, op + 2, variable(em, r->var));
    } else {
        gen(em, left == n->kid[0] ? n->kid[1] : n->kid[0]);
        emit(em, op, 0);
    }
}

static void gen(emitter *em, int32_t i)
{
    const ss__expr_node *n = node(em, i);
    switch (n->kind) {
    case SS__NK_CONST:
        emit(em, SS__OP_PUSHK, constant(em, n->value));
        break;
    case SS__NK_VAR:
        emit(em, SS__OP_PUSHV, variable(em, n->var));
        break;
    case SS__NK_UNARY:
        gen(em, n->kid[0]);
        emit(em, n->op, 0);
        break;
    case SS__NK_BINARY:
        gen_binary(em, n);
        break;
    case SS__NK_CLAMP: {
        const ss__expr_node *lo = node(em, n->kid[1]), *hi = node(em, n->kid[2]);
        gen(em, n->kid[0]);
        if (lo->kind == SS__NK_CONST && hi->kind == SS__NK_CONST) {
            uint32_t a = constant(em, lo->value), b = constant(em, hi->value);
            emit(em, SS__OP_CLAMP_KK, a | b << 16);
        } else {
            gen(em, n->kid[1]);
            gen(em, n->kid[2]);
            emit(em, SS__OP_CLAMP, 0);
        }
        break;
    }
    case SS__NK_IF: {
        const ss__expr_node *a = node(em, n->kid[1]), *b = node(em, n->kid[2]);
        gen(em, n->kid[0]);
        if (a->kind == SS__NK_CONST && b->kind == SS__NK_CONST) {
            /* No jump to mispredict: the choice is an index. */
            uint32_t ka = constant(em, a->value), kb = constant(em, b->value);
            emit(em, SS__OP_SELECT_KK, ka | kb << 16);
            break;
        }
        size_t jump_else = emit(em, SS__OP_JMPF, 0);
        int depth = em->depth;
        gen(em, n->kid[1]);
        size_t jump_end = emit(em, SS__OP_JMP, 0);
        em->code[jump_else].arg = (uint32_t)em->ncode;
        em->depth = depth;
        gen(em, n->kid[2]);
        em->code[jump_end].arg = (uint32_t)em->ncode;
        break;
    }
    }
}

static size_t align_up(size_t n)
{
    size_t a = _Alignof(max_align_t);
    return (n + a - 1) / a * a;
}

/* Packs the code, constants and variables read into one block. */
static ss_expr *pack(const emitter *em, ss_expr_type type)
{
    size_t off_k = align_up(sizeof(ss_expr));
    size_t off_code = align_up(off_k + em->nk * sizeof(double));
    size_t off_vars = align_up(off_code + em->ncode * sizeof(ss__expr_ins));
    size_t off_names = off_vars + em->nused * sizeof(ss_expr_var), size = off_names;
    for (size_t i = 0; i < em->nused; i++)
        size += strlen(em->scope->vars[em->used[i]].name) + 1;
    char *block = malloc(size);
    if (!block)
        return NULL;
    ss_expr *e = (ss_expr *)block;
    double *k = (double *)(block + off_k);
    ss__expr_ins *code = (ss__expr_ins *)(block + off_code);
    ss_expr_var *vars = (ss_expr_var *)(block + off_vars);
    char *names = block + off_names;
    if (em->nk)
        memcpy(k, em->k, em->nk * sizeof *k);
    memcpy(code, em->code, em->ncode * sizeof *code);
    for (size_t i = 0; i < em->nused; i++) {
        const ss_expr_var *v = &em->scope->vars[em->used[i]];
        size_t n = strlen(v->name) + 1;
        memcpy(names, v->name, n);
        vars[i].name = names;
        vars[i].slot = v->slot;
        names += n;
    }
    e->code = code;
    e->k = k;
    e->vars = vars;
    e->ncode = (uint32_t)em->ncode;
    e->nk = (uint32_t)em->nk;
    e->nvars = (uint32_t)em->nused;
    e->type = type;
    return e;
}

ss_status ss__expr_emit(const ss__expr_tree *tree, const ss_expr_scope *scope,
                        ss_expr_type type, ss_expr **out, ss__expr_diag *diag)
{
    /* Every node emits at most two instructions and one constant. */
    size_t n = tree->count;
    emitter em = {.tree = tree, .scope = scope};
    em.code = malloc((2 * n + 1) * sizeof *em.code);
    em.k = malloc((n + 1) * sizeof *em.k);
    em.used = malloc((n + 1) * sizeof *em.used);
    ss_status rc = SS_OK;
    if (!em.code || !em.k || !em.used) {
        rc = ss_error_set(diag->err, SS_ENOMEM, "out of memory compiling an expression");
        goto done;
    }
    gen(&em, tree->root);
    emit(&em, SS__OP_END, 0);
    if (em.max_depth > SS_EXPR_MAX_STACK) {
        ss__expr_fail(diag, tree->nodes[tree->root].off, "expression is too complex: it needs "
                      "more than %d values at once", SS_EXPR_MAX_STACK);
        rc = SS_EINVAL;
        goto done;
    }
    *out = pack(&em, type);
    if (!*out)
        rc = ss_error_set(diag->err, SS_ENOMEM, "out of memory compiling an expression");
done:
    free(em.code);
    free(em.k);
    free(em.used);
    return rc;
}
