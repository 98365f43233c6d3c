/*
** subnetsim bench consensus --variant V --mode float|chain --size VxM
**                           [--density D] [--seed S] [--min-seconds T]
** Times the Yuma epoch on a synthetic subnet and prints one line
** "us_per_epoch=<median>". The subnet has n = V + M UIDs: validators are
** UIDs 0..V-1 with stakes drawn from a lognormal, miners are UIDs V..V+M-1
** with no stake. Each validator sets weights on a fraction D of the miners
** (at least one), drawn with PCG32 from a fixed seed, values uniform in
** 1..65535 and stored max-upscaled as the chain does. MaxAllowedValidators
** is V, so every validator holds a permit after the first epoch.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "subnetsim/consensus.h"
#include "subnetsim/rng.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: subnetsim bench consensus --variant V --mode float|chain --size VxM\n"
            "                                 [--density D] [--seed S] [--min-seconds T]\n"
            "\n"
            "Times one Yuma epoch (single thread, no allocation after warm-up) and prints\n"
            "us_per_epoch=<median over the repetitions>.\n"
            "\n"
            "  --variant V     original, yuma3, yuma1, yuma2, yuma2b, yuma2c, ref-yuma3,\n"
            "                  ref-yuma3-liquid (the ref-/yumaN variants need --mode float)\n"
            "  --mode M        chain (bit-exact fixed point) or float (IEEE double)\n"
            "  --size VxM      V validators setting weights over M miners; the subnet has\n"
            "                  n = V + M UIDs, validators first\n"
            "  --density D     fraction of miners each validator weights (default 1)\n"
            "  --seed S        PCG32 seed of the synthetic subnet (default 1)\n"
            "  --min-seconds T run at least T seconds of timed epochs (default 1)\n");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench_consensus(int argc, char **argv)
{
    ss_yuma_params p;
    ss_yuma_params_default(&p);
    bool have_variant = false, have_mode = false, have_size = false;
    unsigned nv = 0, nm = 0;
    double density = 1.0, min_s = 1.0;
    unsigned long long seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (ss_cli_is_help(a)) {
            usage(stdout);
            return SS_EXIT_OK;
        }
        if (!v) {
            fprintf(stderr, "subnetsim bench consensus: '%s' needs a value\n", a);
            return SS_EXIT_BAD_INPUT;
        }
        i++;
        char *end = NULL;
        if (strcmp(a, "--variant") == 0) {
            ss_yuma_variant var;
            if (!ss_yuma_variant_parse(v, &var)) {
                fprintf(stderr, "subnetsim bench consensus: unknown variant '%s'\n", v);
                return SS_EXIT_BAD_INPUT;
            }
            ss_yuma_params_for_variant(&p, var);
            have_variant = true;
        } else if (strcmp(a, "--mode") == 0) {
            if (!ss_yuma_mode_parse(v, &p.mode)) {
                fprintf(stderr, "subnetsim bench consensus: mode must be float or chain\n");
                return SS_EXIT_BAD_INPUT;
            }
            have_mode = true;
        } else if (strcmp(a, "--size") == 0) {
            if (sscanf(v, "%ux%u", &nv, &nm) != 2 || nv == 0 || nm == 0 || nv + nm > 32768) {
                fprintf(stderr, "subnetsim bench consensus: --size wants VxM, V,M >= 1, "
                                "V + M <= 32768 (got '%s')\n", v);
                return SS_EXIT_BAD_INPUT;
            }
            have_size = true;
        } else if (strcmp(a, "--density") == 0) {
            density = strtod(v, &end);
            if (*end || !(density > 0.0 && density <= 1.0)) {
                fprintf(stderr, "subnetsim bench consensus: --density wants 0 < D <= 1\n");
                return SS_EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "--seed") == 0) {
            seed = strtoull(v, &end, 10);
            if (*end) {
                fprintf(stderr, "subnetsim bench consensus: --seed wants an integer\n");
                return SS_EXIT_BAD_INPUT;
            }
        } else if (strcmp(a, "--min-seconds") == 0) {
            min_s = strtod(v, &end);
            if (*end || !(min_s > 0.0)) {
                fprintf(stderr, "subnetsim bench consensus: --min-seconds wants T > 0\n");
                return SS_EXIT_BAD_INPUT;
            }
        } else {
            fprintf(stderr, "subnetsim bench consensus: unknown option '%s'\n", a);
            usage(stderr);
            return SS_EXIT_BAD_INPUT;
        }
    }
    if (!have_variant || !have_mode || !have_size) {
        fprintf(stderr, "subnetsim bench consensus: --variant, --mode and --size are required\n");
        usage(stderr);
        return SS_EXIT_BAD_INPUT;
    }
    uint32_t n = nv + nm;
    p.max_allowed_validators = (uint16_t)(nv > 65535 ? 65535 : nv);
    p.tao_weight = 0;
    p.commit_reveal = false;

    int status = SS_EXIT_FAILURE;
    ss_yuma *y = NULL;
    ss_error err;
    ss_error_clear(&err);
    uint64_t *alpha = calloc(n, sizeof *alpha), *lu = calloc(n, sizeof *lu);
    uint64_t *reg = calloc(n, sizeof *reg);
    ss_weight_row *rows = calloc(n, sizeof *rows);
    ss_weight_entry *ent = calloc((size_t)nv * nm, sizeof *ent);
    uint16_t *vals = calloc(nm, sizeof *vals);
    double *times = NULL;
    if (!alpha || !lu || !reg || !rows || !ent || !vals) {
        fprintf(stderr, "subnetsim bench consensus: out of memory\n");
        goto done;
    }
    ss_pcg32 r;
    ss_pcg32_seed(&r, seed, 0x62656e6368ULL);
    const uint64_t block = 100000;
    for (uint32_t i = 0; i < nv; i++) {
        alpha[i] = (uint64_t)(ss_rng_lognormal(&r, log(1e13), 1.0));
        lu[i] = block - 1;
        ss_weight_entry *e = ent + (size_t)i * nm;
        uint32_t len = 0;
        for (uint32_t j = 0; j < nm; j++)
            if (density >= 1.0 || ss_rng_uniform(&r) < density) {
                e[len].uid = nv + j;
                vals[len] = (uint16_t)(1 + ss_pcg32_bounded(&r, 65535));
                len++;
            }
        if (len == 0) {
            e[0].uid = nv + ss_pcg32_bounded(&r, nm);
            vals[0] = 65535;
            len = 1;
        }
        ss_weights_max_upscale(vals, len, vals);
        for (uint32_t k = 0; k < len; k++)
            e[k].value = vals[k];
        rows[i].entries = e;
        rows[i].len = len;
    }
    for (uint32_t j = nv; j < n; j++)
        lu[j] = block - 1;
    if (ss_yuma_create(&p, n, &y, &err) != SS_OK) {
        fprintf(stderr, "subnetsim bench consensus: %s\n", err.msg);
        status = SS_EXIT_BAD_INPUT;
        goto done;
    }
    ss_yuma_input in = {
        .n = n, .block = block, .last_step_block = block - p.tempo, .owner_uid = -1,
        .alpha_stake_rao = alpha, .tao_stake_rao = NULL, .last_update = lu,
        .registered_block = reg, .commit_block = NULL, .weights = rows,
        .emission_rao = 1000000000ULL,
    };
    const ss_yuma_output *o;
    /* Warm-up: permits appear after the first epoch, bonds after the second. */
    for (int w = 0; w < 3; w++)
        if (ss_yuma_epoch(y, &in, &o, &err) != SS_OK) {
            fprintf(stderr, "subnetsim bench consensus: %s\n", err.msg);
            goto done;
        }
    size_t cap = 1024, cnt = 0;
    times = malloc(cap * sizeof *times);
    if (!times)
        goto done;
    double t_start = now_s();
    while (cnt < 15 || now_s() - t_start < min_s) {
        double t0 = now_s();
        if (ss_yuma_epoch(y, &in, &o, &err) != SS_OK) {
            fprintf(stderr, "subnetsim bench consensus: %s\n", err.msg);
            goto done;
        }
        double t1 = now_s();
        if (cnt == cap) {
            cap *= 2;
            double *g = realloc(times, cap * sizeof *g);
            if (!g)
                goto done;
            times = g;
        }
        times[cnt++] = (t1 - t0) * 1e6;
    }
    qsort(times, cnt, sizeof *times, cmp_double);
    double med = cnt % 2 ? times[cnt / 2] : 0.5 * (times[cnt / 2 - 1] + times[cnt / 2]);
    printf("us_per_epoch=%.2f\n", med);
    status = SS_EXIT_OK;
done:
    ss_yuma_destroy(y);
    free(alpha);
    free(lu);
    free(reg);
    free(rows);
    free(ent);
    free(vals);
    free(times);
    return status;
}

int ss_cmd_bench(int argc, char **argv)
{
    if (argc < 2 || ss_cli_is_help(argv[1])) {
        FILE *out = argc < 2 ? stderr : stdout;
        fprintf(out, "usage: subnetsim bench <component> [options]\n\ncomponents:\n"
                     "  consensus    one Yuma epoch ('subnetsim bench consensus --help')\n"
                     "  economy      a simulated day of a whole network "
                     "('subnetsim bench economy --help')\n");
        return argc < 2 ? SS_EXIT_BAD_INPUT : SS_EXIT_OK;
    }
    if (strcmp(argv[1], "consensus") == 0)
        return bench_consensus(argc - 1, argv + 1);
    if (strcmp(argv[1], "economy") == 0)
        return ss__cmd_bench_economy(argc - 1, argv + 1);
    fprintf(stderr, "subnetsim bench: unknown component '%s'\n", argv[1]);
    return SS_EXIT_BAD_INPUT;
}
