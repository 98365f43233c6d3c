/*
** Benchmark of scoring-expression evaluation: prints nanoseconds per
** evaluation for a few typical formulas (and, for scale, the same formula
** written in C). Run from a release build: build/tools/bench_expr [seconds].
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "subnetsim/expr.h"
#include "subnetsim/rng.h"

enum { SLOTS = 4, SETS = 1024 };

static const ss_expr_var vars[] = {
    {"answer.quality", 0}, {"answer.latency_ms", 1}, {"stats.mean_score", 2}, {"stats.count", 3},
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double native(const double *s)
{
    double q = s[0] * exp(-s[1] / 1000), c = q < 0 ? 0 : q > 1 ? 1 : q;
    return pow(c, 2) * (s[2] > 0.5 ? 1.1 : 0.9) + 0.01 * log1p(s[3]);
}

/*
** Evaluates e (or the native formula when e is NULL) over the input sets in
** rounds of ~10 ms for about seconds in all, and keeps the fastest round: the
** machine is shared, and interference only ever makes a round slower.
*/
static double ns_per_eval(const ss_expr *e, const double *inputs, double seconds, double *sink)
{
    double best = INFINITY, end = now_s() + seconds;
    do {
        long n = 0;
        double t0 = now_s(), t;
        do {
            for (int i = 0; i < SETS; i++)
                *sink += e ? ss_expr_eval_raw(e, inputs + i * SLOTS)
                           : native(inputs + i * SLOTS);
            n += SETS;
            t = now_s();
        } while (t - t0 < 0.01);
        double ns = (t - t0) * 1e9 / (double)n;
        if (ns < best)
            best = ns;
    } while (now_s() < end);
    return best;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    static const struct {
        const char *label, *src;
    } cases[] = {
        {"typical (24 nodes)",
         "clamp(answer.quality * exp(-answer.latency_ms / 1000), 0, 1) ^ 2"
         " * if(stats.mean_score > 0.5, 1.1, 0.9) + 0.01 * log1p(stats.count)"},
        {"arithmetic only (11 nodes)",
         "0.7 * answer.quality + 0.3 * (1 - answer.latency_ms / 2000) - stats.mean_score / 10"},
        {"single variable", "answer.quality"},
    };
    double inputs[SETS * SLOTS], sink = 0;
    ss_pcg32 rng;
    ss_pcg32_seed(&rng, 2024, 7);
    for (int i = 0; i < SETS; i++) {
        inputs[i * SLOTS + 0] = ss_rng_uniform(&rng);
        inputs[i * SLOTS + 1] = ss_rng_range(&rng, 20, 3000);
        inputs[i * SLOTS + 2] = ss_rng_uniform(&rng);
        inputs[i * SLOTS + 3] = floor(ss_rng_range(&rng, 0, 500));
    }
    ss_expr_scope scope = {vars, sizeof vars / sizeof vars[0]};
    printf("expression evaluation: best 10 ms round of %.1f s per case\n", seconds);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        ss_expr *e;
        ss_error err;
        if (ss_expr_compile(cases[c].src, &scope, SS_EXPR_NUMBER, &e, NULL, &err) != SS_OK) {
            fprintf(stderr, "bench_expr: %s\n", err.msg);
            return 1;
        }
        printf("  %-28s %6.1f ns/eval  (%zu instructions)\n", cases[c].label,
               ns_per_eval(e, inputs, seconds, &sink), ss_expr_code_size(e));
        ss_expr_destroy(e);
    }
    printf("  %-28s %6.1f ns/eval\n", "typical, written in C", ns_per_eval(NULL, inputs, seconds,
                                                                           &sink));
    printf("(checksum %.6g)\n", sink);
    return 0;
}
