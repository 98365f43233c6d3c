/*
** Tests of scoring expressions: values, precedence and associativity, types,
** every kind of error with its column, limits, non-finite results, the list
** of variables read, and the replay of tests/data/expr_errors.json.
**
** Every value is checked twice: as written, where constant subexpressions are
** folded at compile time, and "unfolded", with each number literal turned into
** a variable, so that the evaluator itself computes every operator. The two
** results must agree bit for bit.
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

#include <cjson/cJSON.h>

#include "subnetsim/expr.h"
#include "subnetsim/util.h"
#include "tasks/expr_internal.h"

/* ---- Scope and helpers --------------------------------------------------- */

enum { Q, LAT, MEAN, COUNT_, X, Y, NBASE, MAXK = 64 };

static const ss_expr_var base_vars[NBASE] = {
    {"answer.quality", Q}, {"answer.latency_ms", LAT}, {"stats.mean_score", MEAN},
    {"stats.count", COUNT_}, {"x", X}, {"y", Y},
};
static const ss_expr_scope scope = {base_vars, NBASE};

static void base_slots(double *s)
{
    s[Q] = 0.8;
    s[LAT] = 250;
    s[MEAN] = 0.6;
    s[COUNT_] = 12;
    s[X] = 3;
    s[Y] = -2;
}

static ss_expr *compile_in(const char *src, const ss_expr_scope *sc, ss_expr_type want)
{
    ss_expr *e = NULL;
    ss_error err;
    int col = -1;
    ss_status rc = ss_expr_compile(src, sc, want, &e, &col, &err);
    if (rc != SS_OK)
        fail_msg("'%.60s' did not compile: %s", src, err.msg);
    assert_non_null(e);
    assert_int_equal(col, 0);
    assert_int_equal(err.code, SS_OK);
    return e;
}

/*
** Copies src to out with every number literal replaced by a variable k<i>,
** whose value goes to values[i]; fills vars with the base scope plus those.
*/
static size_t unfold(const char *src, char *out, size_t cap, double *values,
                     ss_expr_var *vars, char names[][8])
{
    size_t nk = 0, o = 0;
    memcpy(vars, base_vars, sizeof base_vars);
    for (size_t i = 0; src[i];) {
        char c = src[i], prev = i ? src[i - 1] : ' ';
        int in_name = (prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z')
                   || (prev >= '0' && prev <= '9') || prev == '_' || prev == '.';
        int starts = (c >= '0' && c <= '9') || (c == '.' && src[i + 1] >= '0'
                                                && src[i + 1] <= '9');
        if (starts && !in_name) {
            char *end;
            assert_true(nk < MAXK);
            values[nk] = strtod(src + i, &end);
            snprintf(names[nk], 8, "k%zu", nk);
            vars[NBASE + nk].name = names[nk];
            vars[NBASE + nk].slot = (uint32_t)(NBASE + nk);
            o += (size_t)snprintf(out + o, cap - o, "%s", names[nk]);
            nk++;
            i = (size_t)(end - src);
        } else {
            out[o++] = c;
            i++;
        }
        assert_true(o < cap);
    }
    out[o] = '\0';
    return nk;
}

static int same_bits(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

/* The raw value of src, checked to be the same folded and unfolded. */
static double eval_both(const char *src, ss_expr_type want)
{
    double slots[NBASE + MAXK];
    base_slots(slots);
    ss_expr *e = compile_in(src, &scope, want);
    double folded = ss_expr_eval_raw(e, slots);
    assert_int_equal(ss_expr_result_type(e), want);
    ss_expr_destroy(e);

    char text[1024], names[MAXK][8];
    ss_expr_var vars[NBASE + MAXK];
    size_t nk = unfold(src, text, sizeof text, slots + NBASE, vars, names);
    ss_expr_scope wide = {vars, NBASE + nk};
    e = compile_in(text, &wide, want);
    double unfolded = ss_expr_eval_raw(e, slots);
    ss_expr_destroy(e);
    if (!same_bits(folded, unfolded))
        fail_msg("'%s': folded %.17g, evaluated %.17g", src, folded, unfolded);
    return folded;
}

static void check_close(const char *src, double got, double want)
{
    double tol = 1e-13 * (fabs(want) > 1 ? fabs(want) : 1);
    if (!(fabs(got - want) <= tol) && !same_bits(got, want))
        fail_msg("'%s' = %.17g, expected %.17g", src, got, want);
}

static void check_num(const char *src, double want)
{
    check_close(src, eval_both(src, SS_EXPR_NUMBER), want);
}

static void check_bool(const char *src, int want)
{
    double v = eval_both(src, SS_EXPR_BOOL);
    if (v != (want ? 1.0 : 0.0))
        fail_msg("'%s' = %g, expected %s", src, v, want ? "true" : "false");
}

static void check_error_in(const char *src, const ss_expr_scope *sc, ss_expr_type want,
                           const char *message)
{
    ss_expr *e = (ss_expr *)&e; /* must be reset to NULL */
    ss_error err;
    int col = -1;
    ss_status rc = ss_expr_compile(src, sc, want, &e, &col, &err);
    if (rc == SS_OK)
        fail_msg("'%.60s' compiled, expected: %s", src, message);
    assert_int_equal(rc, SS_EINVAL);
    assert_int_equal(err.code, SS_EINVAL);
    assert_null(e);
    if (strcmp(err.msg, message) != 0)
        fail_msg("'%.60s'\n  got:      %s\n  expected: %s", src, err.msg, message);
    /* The column out-parameter agrees with the message. */
    int msg_col = 0;
    assert_int_equal(sscanf(err.msg, "column %d:", &msg_col), 1);
    assert_int_equal(col, msg_col);
}

static void check_error(const char *src, const char *message)
{
    check_error_in(src, &scope, SS_EXPR_NUMBER, message);
}

/* ---- Values ------------------------------------------------------------ */

static void test_numbers(void **state)
{
    (void)state;
    check_num("42", 42);
    check_num("0.5", 0.5);
    check_num(".5", 0.5);
    check_num("5.", 5);
    check_num("1e3", 1000);
    check_num("1E3", 1000);
    check_num("2.5e-3", 0.0025);
    check_num("2.5E+3", 2500);
    check_num("007", 7);
    check_num("1e-400", 0); /* underflow is not an error */
    check_num("0.1", 0.1);
    check_num("  \t 3 \n", 3);
}

static void test_arithmetic(void **state)
{
    (void)state;
    check_num("1 + 2", 3);
    check_num("5 - 7", -2);
    check_num("6 * 7", 42);
    check_num("7 / 2", 3.5);
    check_num("7 % 3", 1);
    check_num("-7 % 3", -1); /* fmod: the sign of the dividend */
    check_num("7.5 % 2", 1.5);
    check_num("2 ^ 10", 1024);
    check_num("4 ^ 0.5", 2);
    check_num("0.1 + 0.2", 0.1 + 0.2);
    check_num("answer.quality * 2", 1.6);
    check_num("x * y", -6);
    check_num("x - y", 5);
    check_num("y - x", -5);
    check_num("x / y", -1.5);
    check_num("stats.count % 5", 2);
    check_num("x ^ y", 1.0 / 9);
}

static void test_precedence(void **state)
{
    (void)state;
    check_num("2 + 3 * 4", 14);
    check_num("(2 + 3) * 4", 20);
    check_num("2 * 3 + 4", 10);
    check_num("2 * (3 + 4)", 14);
    check_num("10 - 4 - 3", 3);      /* left-associative */
    check_num("10 - (4 - 3)", 9);
    check_num("64 / 4 / 2", 8);
    check_num("64 / (4 / 2)", 32);
    check_num("7 % 4 * 2", 6);       /* same level, left to right */
    check_num("2 * 7 % 4", 2);
    check_num("2 ^ 3 ^ 2", 512);     /* right-associative */
    check_num("(2 ^ 3) ^ 2", 64);
    check_num("-2 ^ 2", -4);         /* ^ binds tighter than unary minus */
    check_num("(-2) ^ 2", 4);
    check_num("2 ^ -1", 0.5);        /* the exponent may carry a sign */
    check_num("2 ^ -x", 0.125);
    check_num("-x ^ 2", -9);
    check_num("1 - 2 ^ 2", -3);
    check_num("2 * 3 ^ 2", 18);
    check_num("--2", 2);
    check_num("- -x", 3);
    check_num("-+2", -2);
    check_num("+x", 3);
    check_num("2 - -2", 4);
    check_num("2--2", 4);
    check_num("2 * -3", -6);
    check_num("x*y+x/y-x%2", -6 + -1.5 - 1);
    check_bool("1 + 2 < 4", 1);
    check_bool("2 * 3 == 6", 1);
    check_bool("true or false and false", 1);  /* and binds tighter than or */
    check_bool("false and false or true", 1);
    check_bool("(true or false) and false", 0);
    check_bool("not true or true", 1);          /* not binds tighter than or */
    check_bool("not (true or true)", 0);
    check_bool("not 1 > 2", 1);                 /* not binds looser than comparisons */
    check_bool("not not true", 1);
    check_bool("not x > 0 and y < 0", 0);
    check_bool("x > 0 and not y > 0", 1);
    check_bool("x == 3 or x == 4", 1);
}

static void test_comparisons(void **state)
{
    (void)state;
    check_bool("1 < 2", 1);
    check_bool("2 < 2", 0);
    check_bool("2 <= 2", 1);
    check_bool("3 > 2", 1);
    check_bool("2 > 2", 0);
    check_bool("2 >= 2", 1);
    check_bool("2 == 2", 1);
    check_bool("2 != 2", 0);
    check_bool("true == true", 1);
    check_bool("true != false", 1);
    check_bool("(x > 0) == (y > 0)", 0);
    check_bool("answer.quality >= 0.8", 1);
    check_bool("y < x", 1);
    check_bool("0 < x", 1);
    check_bool("0 > x", 0);
    check_bool("3 <= x", 1);
    check_bool("3 >= x", 1);
    check_bool("x < 0.5 * x + 2", 1);   /* leaf compared with a computed right side */
    check_bool("x > 0.5 * x + 2", 0);
    check_bool("true", 1);
    check_bool("false", 0);
    check_bool("true and true", 1);
    check_bool("true and false", 0);
    check_bool("false or false", 0);
}

static void test_functions(void **state)
{
    (void)state;
    check_num("if(x > 2, 10, 20)", 10);
    check_num("if(x > 5, 10, 20)", 20);
    check_num("if(x > 2, x, y)", 3);
    check_num("if(x > 5, x, y)", -2);
    check_num("if(true, 1, 2)", 1);
    check_num("if(false, 1, 2)", 2);
    check_num("if(x > 2, if(y > 0, 1, 2), if(y > 0, 3, 4))", 2);
    check_num("if(x < 2, 1, if(y > 0, 3, 4))", 4);
    check_bool("if(x > 2, y < 0, false)", 1);
    check_num("min(3, 1, 2)", 1);
    check_num("min(x, y)", -2);
    check_num("max(x, y, 10, -5)", 10);
    check_num("max(1, 2)", 2);
    check_num("abs(y)", 2);
    check_num("abs(-0.5)", 0.5);
    check_num("exp(1)", exp(1));
    check_num("exp(-answer.latency_ms / 1000)", exp(-0.25));
    check_num("log(e)", 1);
    check_num("log(10)", log(10));
    check_num("log1p(1e-10)", log1p(1e-10));
    check_num("sqrt(16)", 4);
    check_num("sqrt(x)", sqrt(3));
    check_num("pow(2, 10)", 1024);
    check_num("pow(x, y)", 1.0 / 9);
    check_num("clamp(1.5, 0, 1)", 1);
    check_num("clamp(-1, 0, 1)", 0);
    check_num("clamp(0.25, 0, 1)", 0.25);
    check_num("clamp(x, y, 2)", 2);
    check_num("clamp(x * 0.1, 0, answer.quality)", 0.30000000000000004);
    check_num("sigmoid(0)", 0.5);
    check_num("sigmoid(2)", 1 / (1 + exp(-2)));
    check_num("sigmoid(-1000)", 0);
    check_num("sigmoid(1000)", 1);
    check_num("floor(2.7)", 2);
    check_num("floor(-2.5)", -3);
    check_num("ceil(2.1)", 3);
    check_num("ceil(-2.5)", -2);
    check_num("round(2.5)", 3);   /* halves away from zero */
    check_num("round(-2.5)", -3);
    check_num("round(2.4)", 2);
    check_num("pi", 3.14159265358979323846);
    check_num("e", 2.71828182845904523536);
    check_num("2 * pi", 2 * 3.14159265358979323846);
}

static void test_scoring_formulas(void **state)
{
    (void)state;
    double q = 0.8, lat = 250, mean = 0.6, count = 12;
    /* Latency-penalised quality. */
    check_num("answer.quality * exp(-answer.latency_ms / 1000)", q * exp(-lat / 1000));
    /* Sharpened score, bonus for a good history, a little weight for experience. */
    double c = q * exp(-lat / 1000);
    check_num("clamp(answer.quality * exp(-answer.latency_ms / 1000), 0, 1) ^ 2"
              " * if(stats.mean_score > 0.5, 1.1, 0.9) + 0.01 * log1p(stats.count)",
              pow(c, 2) * (mean > 0.5 ? 1.1 : 0.9) + 0.01 * log1p(count));
    /* Tier factor with a latency budget. */
    check_num("if(answer.latency_ms <= 200, 1, if(answer.latency_ms <= 500, 0.7, 0.3))"
              " * answer.quality", 0.7 * q);
    check_num("max(0, 1 - answer.latency_ms / 1000) ^ 0.5", sqrt(0.75));
}

static void test_non_finite(void **state)
{
    (void)state;
    double slots[NBASE];
    base_slots(slots);
    static const struct {
        const char *src;
        ss_expr_outcome outcome;
    } cases[] = {
        {"1 / 0", SS_EXPR_INF},     {"-1 / 0", SS_EXPR_INF},     {"0 / 0", SS_EXPR_NAN},
        {"log(-1)", SS_EXPR_NAN},   {"log(0)", SS_EXPR_INF},     {"sqrt(-1)", SS_EXPR_NAN},
        {"exp(1000)", SS_EXPR_INF}, {"1e308 * 10", SS_EXPR_INF}, {"x % 0", SS_EXPR_NAN},
        {"x / (y + 2)", SS_EXPR_INF}, {"(x - 3) / (y + 2)", SS_EXPR_NAN},
        {"1 / (1 / 0)", SS_EXPR_FINITE}, /* only the final result is checked */
        {"if(x > 0, 1, log(-1))", SS_EXPR_FINITE},
        {"min(1, 0 / 0)", SS_EXPR_NAN}, {"max(0 / 0, 1)", SS_EXPR_NAN},
        {"clamp(0 / 0, 0, 1)", SS_EXPR_NAN}, {"-(1/0)", SS_EXPR_INF},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ss_expr *e = compile_in(cases[i].src, &scope, SS_EXPR_NUMBER);
        double v = -99;
        ss_expr_outcome o = ss_expr_eval(e, slots, &v);
        if (o != cases[i].outcome)
            fail_msg("'%s': outcome %d, expected %d", cases[i].src, o, cases[i].outcome);
        double raw = ss_expr_eval_raw(e, slots);
        if (o == SS_EXPR_FINITE)
            assert_true(same_bits(v, raw));
        else
            assert_true(v == 0.0 && !isfinite(raw));
        ss_expr_destroy(e);
        eval_both(cases[i].src, SS_EXPR_NUMBER); /* the same unfolded */
    }
}

static void test_nan_inputs(void **state)
{
    (void)state;
    double slots[NBASE];
    base_slots(slots);
    slots[X] = NAN;
    static const struct {
        const char *src;
        double want; /* NAN: the result is NaN */
    } cases[] = {
        {"if(x > 0, 1, 2)", 2}, {"if(x <= 0, 1, 2)", 2}, {"if(x == x, 1, 2)", 2},
        {"if(x != x, 1, 2)", 1}, {"min(x, 1)", NAN}, {"min(1, x)", NAN},
        {"max(x, 1)", NAN}, {"max(1, x)", NAN}, {"clamp(x, 0, 1)", NAN},
        {"abs(x)", NAN}, {"x * 0", NAN}, {"if(not x > 0, 1, 2)", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ss_expr *e = compile_in(cases[i].src, &scope, SS_EXPR_NUMBER);
        double v = ss_expr_eval_raw(e, slots);
        if (!same_bits(v, cases[i].want))
            fail_msg("'%s' with x = NaN gave %g", cases[i].src, v);
        ss_expr_destroy(e);
    }
}

static void test_signed_zero(void **state)
{
    (void)state;
    /* min and max keep their documented operand order: min(a, b) is b when equal. */
    assert_true(signbit(eval_both("min(-0.0, 0)", SS_EXPR_NUMBER)) == 0);
    assert_true(signbit(eval_both("min(0, -0.0)", SS_EXPR_NUMBER)) != 0);
    assert_true(signbit(eval_both("-0.0 * 1", SS_EXPR_NUMBER)) != 0);
    assert_true(eval_both("1 / min(-0.0, 0)", SS_EXPR_NUMBER) > 0);
}

static void test_folding(void **state)
{
    (void)state;
    ss_expr *e = compile_in("2 * 3 + exp(1) - if(1 < 2, 4, 5)", &scope, SS_EXPR_NUMBER);
    assert_int_equal(ss_expr_code_size(e), 2); /* push, end */
    ss_expr_destroy(e);
    e = compile_in("x * (2 + 3)", &scope, SS_EXPR_NUMBER);
    assert_int_equal(ss_expr_code_size(e), 3); /* push x, multiply by 5, end */
    ss_expr_destroy(e);
    /* The folded constant is the evaluator's own result, bit for bit. */
    double slots[NBASE];
    base_slots(slots);
    slots[X] = 0.3;
    const char *pairs[][2] = {
        {"exp(0.3)", "exp(x)"}, {"0.3 ^ 0.3", "x ^ x"}, {"log1p(0.3)", "log1p(x)"},
        {"sigmoid(0.3)", "sigmoid(x)"}, {"0.3 % 0.07", "x % 0.07"}, {"sqrt(0.3)", "sqrt(x)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        ss_expr *a = compile_in(pairs[i][0], &scope, SS_EXPR_NUMBER);
        ss_expr *b = compile_in(pairs[i][1], &scope, SS_EXPR_NUMBER);
        assert_true(same_bits(ss_expr_eval_raw(a, slots), ss_expr_eval_raw(b, slots)));
        ss_expr_destroy(a);
        ss_expr_destroy(b);
    }
}

static void test_variables_read(void **state)
{
    (void)state;
    const ss_expr_var *vars;
    ss_expr *e = compile_in("2 * stats.count + answer.quality * answer.quality", &scope,
                            SS_EXPR_NUMBER);
    assert_int_equal(ss_expr_vars(e, &vars), 2);
    assert_string_equal(vars[0].name, "stats.count");
    assert_int_equal(vars[0].slot, COUNT_);
    assert_string_equal(vars[1].name, "answer.quality");
    assert_int_equal(vars[1].slot, Q);
    assert_true(ss_expr_uses_prefix(e, "stats."));
    assert_true(ss_expr_uses_prefix(e, "answer."));
    assert_false(ss_expr_uses_prefix(e, "chain."));
    ss_expr_destroy(e);

    e = compile_in("if(false, stats.mean_score, 1) + 2", &scope, SS_EXPR_NUMBER);
    assert_int_equal(ss_expr_vars(e, &vars), 0);
    assert_false(ss_expr_uses_prefix(e, "stats."));
    ss_expr_destroy(e);

    e = compile_in("min(x, x, x, x) + x", &scope, SS_EXPR_NUMBER);
    assert_int_equal(ss_expr_vars(e, NULL), 1);
    ss_expr_destroy(e);

    /* The names are copies: the host's table may go away. */
    char name[] = "temp.value";
    ss_expr_var tmp[] = {{name, 0}};
    ss_expr_scope sc = {tmp, 1};
    e = compile_in("temp.value + 1", &sc, SS_EXPR_NUMBER);
    memset(name, 'z', sizeof name - 1);
    ss_expr_vars(e, &vars);
    assert_string_equal(vars[0].name, "temp.value");
    double slot = 41;
    assert_true(ss_expr_eval_raw(e, &slot) == 42);
    ss_expr_destroy(e);
    ss_expr_destroy(NULL);
}

static void test_scope_edge_cases(void **state)
{
    (void)state;
    /* No scope: constants only. */
    ss_expr *e = compile_in("2 * pi", NULL, SS_EXPR_NUMBER);
    assert_true(ss_expr_eval_raw(e, NULL) == 2 * 3.14159265358979323846);
    ss_expr_destroy(e);
    check_error_in("x", NULL, SS_EXPR_NUMBER, "column 1: unknown variable 'x'");
    check_error_in("2 * E", NULL, SS_EXPR_NUMBER, "column 5: unknown variable 'E' (did you "
                   "mean 'e'? names are case-sensitive)");
    /* A variable may share a function's name: only a call means the function. */
    ss_expr_var v[] = {{"min", 0}, {"a_b.c_9.d", 1}};
    ss_expr_scope sc = {v, 2};
    e = compile_in("min(min, 5) + a_b.c_9.d", &sc, SS_EXPR_NUMBER);
    double slots[2] = {3, 10};
    assert_true(ss_expr_eval_raw(e, slots) == 13);
    ss_expr_destroy(e);
    /* Slots need not be in order or dense. */
    ss_expr_var sparse[] = {{"a", 7}, {"b", 2}};
    ss_expr_scope sp = {sparse, 2};
    double wide[8] = {0, 0, 5, 0, 0, 0, 0, 100};
    e = compile_in("a - b", &sp, SS_EXPR_NUMBER);
    assert_true(ss_expr_eval_raw(e, wide) == 95);
    ss_expr_destroy(e);
}

static void test_bool_results(void **state)
{
    (void)state;
    double slots[NBASE], v = -1;
    base_slots(slots);
    ss_expr *e = compile_in("answer.quality > 0.5 and stats.count >= 10", &scope, SS_EXPR_BOOL);
    assert_int_equal(ss_expr_result_type(e), SS_EXPR_BOOL);
    assert_int_equal(ss_expr_eval(e, slots, &v), SS_EXPR_FINITE);
    assert_true(v == 1.0);
    slots[COUNT_] = 3;
    assert_int_equal(ss_expr_eval(e, slots, &v), SS_EXPR_FINITE);
    assert_true(v == 0.0);
    ss_expr_destroy(e);
}

/* ---- Errors ------------------------------------------------------------ */

static void test_syntax_errors(void **state)
{
    (void)state;
    check_error("", "column 1: empty expression");
    check_error("   ", "column 4: empty expression");
    check_error("answer.quality +", "column 17: expected a value, found end of expression");
    check_error("answer.quality * * 2", "column 18: expected a value, found '*'");
    check_error("(answer.quality + 1", "column 20: expected ')' to match '(' at column 1, "
                "found end of expression");
    check_error("((x)", "column 5: expected ')' to match '(' at column 1, found end of "
                "expression");
    check_error("min(x, 1", "column 9: expected ',' or ')' after the second argument of "
                "'min' (opened at column 4), found end of expression");
    check_error("abs(x 2)", "column 7: expected ',' or ')' after the first argument of "
                "'abs' (opened at column 4), found '2'");
    check_error("min(1,)", "column 7: expected a value, found ')'");
    check_error("max(1, 2, 3, 4 5)", "column 16: expected ',' or ')' after argument 4 of "
                "'max' (opened at column 4), found '5'");
    check_error("clamp(1, 2, 3 4)", "column 15: expected ',' or ')' after the third argument "
                "of 'clamp' (opened at column 6), found '4'");
    check_error("x)", "column 2: unexpected ')' without a matching '('");
    check_error("x 2", "column 3: unexpected '2' after a complete expression (missing "
                "operator?)");
    check_error("x y", "column 3: unexpected 'y' after a complete expression (missing "
                "operator?)");
    check_error("1 < x < 2", "column 7: comparisons do not chain: write 'a < b and b < c' "
                "instead of 'a < b < c'");
    check_error("1 + not true", "column 5: 'not' cannot appear here; put it in parentheses: "
                "(not ...)");
    check_error("x and", "column 6: expected a value, found end of expression");
    check_error("x > 1 and", "column 10: expected a value, found end of expression");
    check_error("or x", "column 1: expected a value, found 'or'");
}

static void test_lexical_errors(void **state)
{
    (void)state;
    check_error("x = 1", "column 3: unexpected '=' (use '==' to compare)");
    check_error("x > 1 && y > 1", "column 7: unexpected '&&' (use 'and')");
    check_error("x > 1 || y > 1", "column 7: unexpected '||' (use 'or')");
    check_error("x & 1", "column 3: unexpected '&' (use 'and')");
    check_error("!x", "column 1: unexpected '!' (use 'not', or '!=')");
    check_error("x ** 2", "column 3: unexpected '**' (use '^' for powers)");
    check_error("x <> 2", "column 3: unexpected '<>' (use '!=')");
    check_error("x $ 2", "column 3: unexpected character '$'");
    check_error("x; y", "column 2: unexpected character ';'");
    check_error("\"x\"", "column 1: unexpected quote: expressions have no strings");
    check_error("x \x01", "column 3: unexpected byte 0x01");
    check_error("x \xff", "column 3: unexpected byte 0xFF");
    check_error("x \xe2\x89", "column 3: unexpected byte 0xE2"); /* truncated UTF-8 */
    /* Columns count characters: '≤' is one column, three bytes. */
    check_error("x \xe2\x89\xa4 1", "column 3: unexpected character '\xe2\x89\xa4' (use '<=')");
    check_error("if(x \xe2\x89\xa5 1, 1, 0)", "column 6: unexpected character '\xe2\x89\xa5' "
                "(use '>=')");
    check_error("x \xc3\x97 2", "column 3: unexpected character '\xc3\x97' (use '*')");
    check_error("\xc3\xa9t\xc3\xa9 + zzz", "column 1: unexpected character '\xc3\xa9'");
    check_error("\xcf\x80 / 2", "column 1: unexpected character '\xcf\x80' (use 'pi')");
    check_error("2x", "column 1: malformed number '2x'");
    check_error("1.2.3", "column 1: malformed number '1.2.3'");
    check_error("1e", "column 1: malformed number '1e'");
    check_error("1e+", "column 1: malformed number '1e'");
    check_error("x + 1e999", "column 5: number '1e999' is too large");
    check_error("answer.", "column 1: malformed name 'answer.' (each part after a '.' starts "
                "with a letter or '_')");
    check_error("answer..quality", "column 1: malformed name 'answer..quality' (each part "
                "after a '.' starts with a letter or '_')");
    check_error("answer.2", "column 1: malformed name 'answer.2' (each part after a '.' "
                "starts with a letter or '_')");
}

static void test_name_errors(void **state)
{
    (void)state;
    check_error("2 * answer.qualty", "column 5: unknown variable 'answer.qualty' (did you "
                "mean 'answer.quality'?)");
    check_error("answer.quality * latency_ms", "column 18: unknown variable 'latency_ms' "
                "(did you mean 'answer.latency_ms'?)");
    check_error("Answer.Quality", "column 1: unknown variable 'Answer.Quality' (did you mean "
                "'answer.quality'? names are case-sensitive)");
    check_error("stats.mean", "column 1: unknown variable 'stats.mean'");
    check_error("2 * pie", "column 5: unknown variable 'pie' (did you mean 'pi'?)");
    check_error("True", "column 1: unknown variable 'True' (did you mean 'true'? names are "
                "case-sensitive)");
    check_error("sqr(x)", "column 1: unknown function 'sqr' (did you mean 'sqrt'?)");
    check_error("x + ln(x)", "column 5: unknown function 'ln' (did you mean 'log'?)");
    check_error("IF(x > 1, 1, 0)", "column 1: unknown function 'IF' (did you mean 'if'? "
                "names are case-sensitive)");
    check_error("frobnicate(1)", "column 1: unknown function 'frobnicate'");
    check_error("min", "column 1: 'min' is a function; call it as min(...)");
    check_error("pi(2)", "column 1: 'pi' is a constant, not a function");
    check_error("answer.quality(2)", "column 1: 'answer.quality' is a variable, not a "
                "function");
}

static void test_arity_errors(void **state)
{
    (void)state;
    check_error("2 * if(x > 1, 1)", "column 5: 'if' expects 3 arguments, got 2");
    check_error("if(x > 1, 1, 2, 3)", "column 1: 'if' expects 3 arguments, got 4");
    check_error("abs()", "column 1: 'abs' expects 1 argument, got 0");
    check_error("log(x, 2)", "column 1: 'log' expects 1 argument, got 2");
    check_error("pow(x)", "column 1: 'pow' expects 2 arguments, got 1");
    check_error("clamp(x, 0)", "column 1: 'clamp' expects 3 arguments, got 2");
    check_error("max(x)", "column 1: 'max' expects at least 2 arguments, got 1");
    check_error("min()", "column 1: 'min' expects at least 2 arguments, got 0");
    /* Arity is reported before argument types. */
    check_error("abs(true, false)", "column 1: 'abs' expects 1 argument, got 2");
}

static void test_type_errors(void **state)
{
    (void)state;
    check_error("true + 1", "column 6: '+' needs numbers, but its left operand is a boolean");
    check_error("x * (y > 0)", "column 3: '*' needs numbers, but its right operand is a "
                "boolean");
    check_error("2 ^ true", "column 3: '^' needs numbers, but its right operand is a boolean");
    check_error("-(x > 1)", "column 1: '-' needs a number, but its operand is a boolean");
    check_error("if(x, 1, 0)", "column 4: 'if' condition must be a boolean (a comparison "
                "such as x > 0), got a number");
    check_error("if(x > 0, 1, false)", "column 14: 'if' branches must have the same type, "
                "but the second argument is a number and the third is a boolean");
    check_error("true < false", "column 6: '<' cannot order booleans (use '==' or '!=')");
    check_error("x >= (y > 1)", "column 3: '>=' cannot order booleans (use '==' or '!=')");
    check_error("x == true", "column 3: '==' compares a number with a boolean");
    check_error("if((x > 0) != y, 1, 0)", "column 12: '!=' compares a boolean with a number");
    check_error("if(x > 0 != y, 1, 0)", "column 10: comparisons do not chain: write "
                "'a > b and b != c' instead of 'a > b != c'");
    check_error("if(x and true, 1, 0)", "column 6: 'and' needs booleans, but its left operand "
                "is a number (compare it, e.g. x > 0)");
    check_error("if(true or y, 1, 0)", "column 9: 'or' needs booleans, but its right operand "
                "is a number (compare it, e.g. x > 0)");
    check_error("if(not x, 1, 0)", "column 4: 'not' needs a boolean, but its operand is a "
                "number (compare it, e.g. x > 0)");
    check_error("max(1, x > 0)", "column 8: 'max' argument 2 must be a number, got a boolean");
    check_error("min(1, 2, 3, true)", "column 14: 'min' argument 4 must be a number, got a "
                "boolean");
    check_error("clamp(x, 0, true)", "column 13: 'clamp' argument 3 must be a number, got a "
                "boolean");
    check_error("x > 0", "column 1: the expression is a boolean, but a number is required "
                "here (write if(condition, 1, 0) to turn a condition into a number)");
    check_error("  (x > 0)", "column 3: the expression is a boolean, but a number is required "
                "here (write if(condition, 1, 0) to turn a condition into a number)");
    check_error_in("x * 2", &scope, SS_EXPR_BOOL, "column 1: the expression is a number, but "
                   "a condition is required here (compare it, e.g. x > 0)");
}

/* ---- Limits ------------------------------------------------------------ */

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

static void test_source_length(void **state)
{
    (void)state;
    char *ok = repeat("1", " ", SS_EXPR_MAX_SOURCE - 1, "");
    assert_int_equal(strlen(ok), SS_EXPR_MAX_SOURCE);
    ss_expr_destroy(compile_in(ok, &scope, SS_EXPR_NUMBER));
    char *too_long = repeat("1", " ", SS_EXPR_MAX_SOURCE, "");
    check_error(too_long, "column 4097: expression is longer than 4096 bytes");
    free(ok);
    free(too_long);
}

static void test_nesting_depth(void **state)
{
    (void)state;
    /* The whole expression is one level; each '(' adds one. */
    char *ok = repeat("", "(", SS_EXPR_MAX_DEPTH - 1, "x");
    char *ok_closed = repeat(ok, ")", SS_EXPR_MAX_DEPTH - 1, "");
    check_num(ok_closed, 3);
    char *deep = repeat("", "(", SS_EXPR_MAX_DEPTH, "x");
    check_error(deep, "column 65: expression is nested more than 64 levels deep");
    char *very_deep = repeat("", "(", 100000, "");
    check_error(very_deep, "column 4097: expression is longer than 4096 bytes");
    char *deep_4k = repeat("", "(", SS_EXPR_MAX_SOURCE, "");
    check_error(deep_4k, "column 65: expression is nested more than 64 levels deep");
    char *minus = repeat("", "-", SS_EXPR_MAX_DEPTH - 1, "x");
    check_num(minus, -3);
    char *minus_deep = repeat("", "-", SS_EXPR_MAX_DEPTH, "x");
    check_error(minus_deep, "column 64: expression is nested more than 64 levels deep");
    char *nots = repeat("if(", "not ", 100, "x > 1, 1, 0)");
    check_error(nots, "column 252: expression is nested more than 64 levels deep");
    char *calls = repeat("", "abs(", 1000, "x");
    check_error(calls, "column 257: expression is nested more than 64 levels deep");
    char *powers = repeat("", "x^", 2000, "x");
    check_error(powers, "column 128: expression is nested more than 64 levels deep");
    free(ok);
    free(ok_closed);
    free(deep);
    free(very_deep);
    free(deep_4k);
    free(minus);
    free(minus_deep);
    free(nots);
    free(calls);
    free(powers);
}

static void test_node_limit(void **state)
{
    (void)state;
    /* x, then x and '+' for each "+x": node 1025 is the x at byte 1024. */
    char *ok = repeat("x", "+x", 511, "");
    check_num(ok, 3 * 512);
    char *many = repeat("x", "+x", 1500, "");
    check_error(many, "column 1025: expression has more than 1024 operands and operators");
    char *args = repeat("min(x", ",x", 1500, ")");
    ss_expr *e = NULL;
    ss_error err;
    assert_int_equal(ss_expr_compile(args, &scope, SS_EXPR_NUMBER, &e, NULL, &err), SS_EINVAL);
    assert_non_null(strstr(err.msg, "more than 1024 operands"));
    free(ok);
    free(many);
    free(args);
}

static void test_name_length(void **state)
{
    (void)state;
    char name[SS_EXPR_MAX_NAME + 2];
    memset(name, 'a', sizeof name - 1);
    name[SS_EXPR_MAX_NAME + 1] = '\0';
    check_error(name, "column 1: name 'aaaaaaaaaaaaaaaaaaaa...' is longer than 63 characters");
    name[SS_EXPR_MAX_NAME] = '\0';
    char want[160];
    snprintf(want, sizeof want, "column 1: unknown variable '%s'", name);
    check_error(name, want);
}

/*
** The stack bound is a safety net the grammar limits keep out of reach, so it
** is tested on a hand-built tree: x - (x - (x - ...)), 300 levels, needs one
** stack entry per level.
*/
static void test_stack_limit(void **state)
{
    (void)state;
    enum { LEVELS = 300 };
    ss__expr_node *nodes = calloc(2 * LEVELS + 1, sizeof *nodes);
    assert_non_null(nodes);
    size_t n = 0;
    int32_t inner = (int32_t)n;
    nodes[n++] = (ss__expr_node){.kind = SS__NK_VAR, .var = X, .kid = {-1, -1, -1}};
    for (int i = 0; i < LEVELS; i++) {
        int32_t left = (int32_t)n;
        nodes[n++] = (ss__expr_node){.kind = SS__NK_VAR, .var = X, .kid = {-1, -1, -1}};
        nodes[n] = (ss__expr_node){.kind = SS__NK_BINARY, .op = SS__OP_SUB,
                                   .kid = {left, inner, -1}};
        inner = (int32_t)n++;
    }
    ss__expr_tree tree = {.nodes = nodes, .count = n, .root = inner};
    ss_error err;
    ss__expr_diag diag = {.src = "", .err = &err};
    ss_expr *e = NULL;
    assert_int_equal(ss__expr_emit(&tree, &scope, SS_EXPR_NUMBER, &e, &diag), SS_EINVAL);
    assert_null(e);
    assert_string_equal(err.msg, "column 1: expression is too complex: it needs more than "
                                 "256 values at once");
    /* 200 levels fit, and evaluate correctly: 300 levels alternate x - (x - ...). */
    tree.count = 1 + 2 * 200;
    tree.root = (int32_t)tree.count - 1;
    assert_int_equal(ss__expr_emit(&tree, &scope, SS_EXPR_NUMBER, &e, &diag), SS_OK);
    double slots[NBASE];
    base_slots(slots);
    assert_true(ss_expr_eval_raw(e, slots) == 3); /* an even number of x - ... gives x */
    ss_expr_destroy(e);
    free(nodes);
}

/* ---- The shared corpus of broken expressions ------------------------------ */

static void test_error_corpus(void **state)
{
    (void)state;
    const char *dir = getenv("SS_TEST_DATA");
    if (!dir)
        fail_msg("SS_TEST_DATA is not set (run through meson test)");
    char path[1024];
    snprintf(path, sizeof path, "%s/expr_errors.json", dir);
    char *text = NULL;
    ss_error err;
    if (ss_read_file(path, &text, NULL, &err) != SS_OK)
        fail_msg("%s", err.msg);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);

    const cJSON *names = cJSON_GetObjectItemCaseSensitive(doc, "variables");
    assert_true(cJSON_IsArray(names));
    ss_expr_var vars[32];
    size_t nvars = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, names) {
        assert_true(cJSON_IsString(it) && nvars < 32);
        vars[nvars].name = it->valuestring;
        vars[nvars].slot = (uint32_t)nvars;
        nvars++;
    }
    ss_expr_scope sc = {vars, nvars};
    size_t ncases = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(it, "expr");
        const cJSON *msg = cJSON_GetObjectItemCaseSensitive(it, "error");
        const cJSON *want = cJSON_GetObjectItemCaseSensitive(it, "want");
        assert_true(cJSON_IsString(src) && cJSON_IsString(msg));
        ss_expr_type type = SS_EXPR_NUMBER;
        if (want) {
            assert_true(cJSON_IsString(want));
            assert_true(strcmp(want->valuestring, "number") == 0
                        || strcmp(want->valuestring, "boolean") == 0);
            type = strcmp(want->valuestring, "boolean") == 0 ? SS_EXPR_BOOL : SS_EXPR_NUMBER;
        }
        check_error_in(src->valuestring, &sc, type, msg->valuestring);
        ncases++;
    }
    assert_true(ncases >= 15);
    cJSON_Delete(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_arithmetic),
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_comparisons),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_scoring_formulas),
        cmocka_unit_test(test_non_finite),
        cmocka_unit_test(test_nan_inputs),
        cmocka_unit_test(test_signed_zero),
        cmocka_unit_test(test_folding),
        cmocka_unit_test(test_variables_read),
        cmocka_unit_test(test_scope_edge_cases),
        cmocka_unit_test(test_bool_results),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_lexical_errors),
        cmocka_unit_test(test_name_errors),
        cmocka_unit_test(test_arity_errors),
        cmocka_unit_test(test_type_errors),
        cmocka_unit_test(test_source_length),
        cmocka_unit_test(test_nesting_depth),
        cmocka_unit_test(test_node_limit),
        cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_stack_limit),
        cmocka_unit_test(test_error_corpus),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
