/*
** Robustness of scoring expressions, driven by seeded PCG32 streams (so every
** run checks the same inputs):
**   - random byte strings and random token soups must either compile or fail
**     with a well-formed "column N: ..." error, and never crash (the suite
**     runs under ASan and UBSan);
**   - random well-typed expressions are evaluated both by the compiler and by
**     an independent reference evaluator written here from the documented
**     semantics; the results must agree bit for bit.
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

#include "subnetsim/expr.h"
#include "subnetsim/rng.h"

enum { NVARS = 6 };

static const ss_expr_var vars[NVARS] = {
    {"x0", 0}, {"x1", 1}, {"x2", 2}, {"answer.quality", 3}, {"stats.count", 4}, {"x_5", 5},
};
static const ss_expr_scope scope = {vars, NVARS};

static int same_bits(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

static double random_value(ss_pcg32 *r)
{
    switch (ss_pcg32_bounded(r, 10)) {
    case 0: return 0.0;
    case 1: return -0.0;
    case 2: return NAN;
    case 3: return ss_pcg32_bounded(r, 2) ? INFINITY : -INFINITY;
    case 4: return (double)ss_pcg32_bounded(r, 7) - 3;
    case 5: return ss_rng_range(r, -1e6, 1e6);
    default: return ss_rng_range(r, -3, 3);
    }
}

/* Characters counted the way columns are: every byte but UTF-8 continuations. */
static int char_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

typedef struct tally {
    long ok, failed;
} tally;

/* Compiles src; checks the error format or evaluates the result. */
static void try_source(const char *src, ss_expr_type want, ss_pcg32 *r, tally *t)
{
    ss_expr *e = (ss_expr *)&e;
    ss_error err;
    int col = -1;
    ss_status rc = ss_expr_compile(src, &scope, want, &e, &col, &err);
    if (rc != SS_OK) {
        assert_int_equal(rc, SS_EINVAL);
        assert_null(e);
        int msg_col = -1, prefix = 0;
        if (sscanf(err.msg, "column %d: %n", &msg_col, &prefix) != 1 || prefix == 0)
            fail_msg("bad error format for '%s': %s", src, err.msg);
        assert_int_equal(col, msg_col);
        if (col < 1 || col > char_count(src) + 1)
            fail_msg("column %d out of range for '%s': %s", col, src, err.msg);
        assert_true(strlen(err.msg) > (size_t)prefix);
        t->failed++;
        return;
    }
    assert_non_null(e);
    assert_int_equal(ss_expr_result_type(e), want);
    const ss_expr_var *used;
    size_t n = ss_expr_vars(e, &used);
    assert_true(n <= NVARS);
    for (size_t i = 0; i < n; i++)
        assert_true(used[i].slot < NVARS);
    for (int round = 0; round < 3; round++) {
        double slots[NVARS], v = -1;
        for (int i = 0; i < NVARS; i++)
            slots[i] = random_value(r);
        double raw = ss_expr_eval_raw(e, slots);
        ss_expr_outcome o = ss_expr_eval(e, slots, &v);
        if (o == SS_EXPR_FINITE)
            assert_true(isfinite(raw) && same_bits(v, raw));
        else
            assert_true(v == 0.0 && !isfinite(raw) && (o == SS_EXPR_NAN) == !!isnan(raw));
        if (want == SS_EXPR_BOOL)
            assert_true(raw == 0.0 || raw == 1.0);
    }
    ss_expr_destroy(e);
    t->ok++;
}

static void test_random_bytes(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789.eE+-*/%^()<>=!,_ \tabcxyz.ifminaxnotr";
    ss_pcg32 r;
    ss_pcg32_seed(&r, 0x5eed, 1);
    tally t = {0, 0};
    char src[200];
    for (int iter = 0; iter < 30000; iter++) {
        size_t len = ss_pcg32_bounded(&r, iter % 10 == 0 ? sizeof src - 1 : 24);
        for (size_t i = 0; i < len; i++) {
            if (ss_pcg32_bounded(&r, 10) < 7)
                src[i] = alphabet[ss_pcg32_bounded(&r, sizeof alphabet - 1)];
            else
                src[i] = (char)(1 + ss_pcg32_bounded(&r, 255)); /* any byte but NUL */
        }
        src[len] = '\0';
        try_source(src, iter % 3 ? SS_EXPR_NUMBER : SS_EXPR_BOOL, &r, &t);
    }
    print_message("random bytes: %ld compiled, %ld rejected\n", t.ok, t.failed);
    assert_true(t.failed > 0 && t.ok > 0);
}

static void test_token_soup(void **state)
{
    (void)state;
    static const char *const tokens[] = {
        "x0", "x1", "x2", "answer.quality", "stats.count", "x_5", "1", "2.5", "1e3", ".5", "0",
        "(", "(", "(", ")", ")", ")", ",", ",", "+", "-", "*", "/", "%", "^", "<", "<=", ">",
        ">=", "==", "!=", "and", "or", "not", "true", "false", "pi", "e", "if(", "min(",
        "max(", "abs(", "exp(", "log(", "log1p(", "sqrt(", "pow(", "clamp(", "sigmoid(",
        "floor(", "ceil(", "round(", "if", "min", "\xe2\x89\xa4", "=", "&&", "1.2.3", "foo",
        "Min(", "answer.qualty", "1e999", "\"", "**", "x0 > 1", "x1 * 2", "(x2 - 1)",
    };
    const uint32_t ntokens = sizeof tokens / sizeof tokens[0];
    ss_pcg32 r;
    ss_pcg32_seed(&r, 0x70c5, 2);
    tally t = {0, 0};
    char src[1024];
    for (int iter = 0; iter < 40000; iter++) {
        size_t len = 0, count = 1 + ss_pcg32_bounded(&r, iter % 8 == 0 ? 60 : 12);
        for (size_t i = 0; i < count; i++) {
            const char *tok = tokens[ss_pcg32_bounded(&r, ntokens)];
            int space = (int)ss_pcg32_bounded(&r, 3) != 0;
            len += (size_t)snprintf(src + len, sizeof src - len, "%s%s", space ? " " : "", tok);
        }
        try_source(src, iter % 4 ? SS_EXPR_NUMBER : SS_EXPR_BOOL, &r, &t);
    }
    print_message("token soup: %ld compiled, %ld rejected\n", t.ok, t.failed);
    assert_true(t.ok > 200);
}

/* ---- Differential test against a reference evaluator ---------------------- */

typedef struct gen {
    ss_pcg32 rng;
    char text[8192];
    size_t len;
    double slots[NVARS];
} gen;

static void put(gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g->text + g->len, sizeof g->text - g->len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && g->len + (size_t)n < sizeof g->text);
    g->len += (size_t)n;
}

/* Reference semantics, as documented in docs/expressions.md. */
static double ref_min(double a, double b)
{
    if (isnan(a) || isnan(b))
        return NAN;
    return a < b ? a : b;
}

static double ref_max(double a, double b)
{
    if (isnan(a) || isnan(b))
        return NAN;
    return a > b ? a : b;
}

static double ref_clamp(double x, double lo, double hi)
{
    if (x < lo)
        return lo;
    if (x > hi)
        return hi;
    return x;
}

static int gen_bool(gen *g, int depth);

/* Appends a random number-valued expression and returns its value. */
static double gen_num(gen *g, int depth)
{
    static const double constants[] = {0, 1, 2, 0.5, 3, 10, 0.1, 1e-3, 1e300, 7.25, 1000};
    static const char *const unary[] = {"abs", "exp", "log", "log1p", "sqrt", "floor", "ceil",
                                        "round", "sigmoid"};
    uint32_t pick = depth <= 0 ? ss_pcg32_bounded(&g->rng, 2) : ss_pcg32_bounded(&g->rng, 10);
    switch (pick) {
    case 0: {
        double c = constants[ss_pcg32_bounded(&g->rng, sizeof constants / sizeof constants[0])];
        put(g, "%.17g", c);
        return c;
    }
    case 1: {
        uint32_t v = ss_pcg32_bounded(&g->rng, NVARS);
        put(g, "%s", vars[v].name);
        return g->slots[vars[v].slot];
    }
    case 2: {
        put(g, "(-");
        double a = gen_num(g, depth - 1);
        put(g, ")");
        return -a;
    }
    case 3: {
        uint32_t f = ss_pcg32_bounded(&g->rng, sizeof unary / sizeof unary[0]);
        put(g, "%s(", unary[f]);
        double a = gen_num(g, depth - 1);
        put(g, ")");
        switch (f) {
        case 0: return fabs(a);
        case 1: return exp(a);
        case 2: return log(a);
        case 3: return log1p(a);
        case 4: return sqrt(a);
        case 5: return floor(a);
        case 6: return ceil(a);
        case 7: return round(a);
        default: return 1.0 / (1.0 + exp(-a));
        }
    }
    case 4: case 5: case 6: {
        static const char ops[] = "+-*/%^";
        char op = ops[ss_pcg32_bounded(&g->rng, 6)];
        put(g, "(");
        double a = gen_num(g, depth - 1);
        put(g, " %c ", op);
        double b = gen_num(g, depth - 1);
        put(g, ")");
        switch (op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return fmod(a, b);
        default: return pow(a, b);
        }
    }
    case 7: {
        int is_min = (int)ss_pcg32_bounded(&g->rng, 2);
        uint32_t n = 2 + ss_pcg32_bounded(&g->rng, 3);
        put(g, "%s(", is_min ? "min" : "max");
        double acc = gen_num(g, depth - 1);
        for (uint32_t i = 1; i < n; i++) {
            put(g, ", ");
            double b = gen_num(g, depth - 1);
            acc = is_min ? ref_min(acc, b) : ref_max(acc, b);
        }
        put(g, ")");
        return acc;
    }
    case 8: {
        put(g, "clamp(");
        double x = gen_num(g, depth - 1);
        put(g, ", ");
        double lo = gen_num(g, depth - 1);
        put(g, ", ");
        double hi = gen_num(g, depth - 1);
        put(g, ")");
        return ref_clamp(x, lo, hi);
    }
    default: {
        put(g, "if(");
        int c = gen_bool(g, depth - 1);
        put(g, ", ");
        double a = gen_num(g, depth - 1);
        put(g, ", ");
        double b = gen_num(g, depth - 1);
        put(g, ")");
        return c ? a : b;
    }
    }
}

/* Appends a random boolean expression and returns its value. */
static int gen_bool(gen *g, int depth)
{
    uint32_t pick = depth <= 0 ? ss_pcg32_bounded(&g->rng, 2) : ss_pcg32_bounded(&g->rng, 7);
    switch (pick) {
    case 0: {
        int v = (int)ss_pcg32_bounded(&g->rng, 2);
        put(g, v ? "true" : "false");
        return v;
    }
    case 1: case 2: case 3: {
        static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
        uint32_t op = ss_pcg32_bounded(&g->rng, 6);
        put(g, "(");
        double a = gen_num(g, depth - 1);
        put(g, " %s ", ops[op]);
        double b = gen_num(g, depth - 1);
        put(g, ")");
        switch (op) {
        case 0: return a < b;
        case 1: return a <= b;
        case 2: return a > b;
        case 3: return a >= b;
        case 4: return a == b;
        default: return a != b;
        }
    }
    case 4: {
        put(g, "(not ");
        int a = gen_bool(g, depth - 1);
        put(g, ")");
        return !a;
    }
    default: {
        static const char *const ops[] = {"and", "or", "==", "!="};
        uint32_t op = ss_pcg32_bounded(&g->rng, 4);
        put(g, "(");
        int a = gen_bool(g, depth - 1);
        put(g, " %s ", ops[op]);
        int b = gen_bool(g, depth - 1);
        put(g, ")");
        switch (op) {
        case 0: return a && b;
        case 1: return a || b;
        case 2: return a == b;
        default: return a != b;
        }
    }
    }
}

static void test_differential(void **state)
{
    (void)state;
    gen *g = malloc(sizeof *g);
    assert_non_null(g);
    ss_pcg32_seed(&g->rng, 0xd1ff, 3);
    long non_finite = 0, total = 0;
    for (int iter = 0; iter < 20000; iter++) {
        for (int i = 0; i < NVARS; i++)
            g->slots[i] = ss_pcg32_bounded(&g->rng, 4) ? ss_rng_range(&g->rng, -4, 4)
                                                       : random_value(&g->rng);
        g->len = 0;
        int is_bool = iter % 5 == 0;
        double want = is_bool ? (double)gen_bool(g, 1 + iter % 6) : gen_num(g, 1 + iter % 6);
        ss_expr *e;
        ss_error err;
        if (ss_expr_compile(g->text, &scope, is_bool ? SS_EXPR_BOOL : SS_EXPR_NUMBER, &e, NULL,
                            &err) != SS_OK)
            fail_msg("'%s' did not compile: %s", g->text, err.msg);
        double got = ss_expr_eval_raw(e, g->slots);
        if (!same_bits(got, want))
            fail_msg("'%.200s'\n  evaluated %.17g, reference %.17g", g->text, got, want);
        non_finite += !isfinite(got);
        total++;
        ss_expr_destroy(e);
    }
    print_message("differential: %ld expressions, %ld non-finite\n", total, non_finite);
    free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_token_soup),
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
