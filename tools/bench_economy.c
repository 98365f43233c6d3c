/*
** Benchmark of the economy without consensus: one simulated day (7,200
** blocks) of 128 subnets with 256 UIDs each, every block running the
** coinbase (split, injection, chain buys, alpha out into pending), the epoch
** scheduler, and at each epoch the drain and the distribution with a fixed
** incentive/dividend split standing in for Yuma. Prints ms_per_day=<n>.
**
**     bench_economy [--days D] [--subnets N] [--uids U] [--trades T] [--audit 1]
**
** --trades adds T stakes and unstakes per block through the pools. --audit
** keeps the holders' totals and checks conservation after every block (the
** check of `subnetsim run --audit`), ending with "audit: ok issued= accounted=".
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "subnetsim/economy.h"
#include "subnetsim/rng.h"

#define TAO 1000000000ULL
#define BLOCKS_PER_DAY 7200

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long arg(int argc, char **argv, const char *name, long def)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return strtol(argv[i + 1], NULL, 10);
    return def;
}

int main(int argc, char **argv)
{
    long days = arg(argc, argv, "--days", 1), n_subnets = arg(argc, argv, "--subnets", 128);
    long n_uids = arg(argc, argv, "--uids", 256), trades = arg(argc, argv, "--trades", 0);
    bool audit = arg(argc, argv, "--audit", 0) != 0;
    if (days < 1 || n_subnets < 1 || n_subnets > 4096 || n_uids < 1 || trades < 0) {
        fprintf(stderr, "usage: %s [--days D] [--subnets N] [--uids U] [--trades T]\n", argv[0]);
        return 2;
    }
    ss_econ_params p;
    ss_econ_params_default(&p);
    p.subnet_limit = (uint32_t)n_subnets;
    ss_economy *e = NULL;
    ss_error err;
    if (ss_economy_create(&p, &e, &err) != SS_OK
        || ss_economy_reserve(e, (uint32_t)n_uids, &err) != SS_OK) {
        fprintf(stderr, "bench_economy: %s\n", err.msg);
        return 1;
    }
    ss_pcg32 r;
    ss_pcg32_seed(&r, 2024, 1);
    /* The holders' side, summed: free TAO, root stake, alpha per subnet. */
    uint64_t *held = calloc((size_t)n_subnets + 1, sizeof *held);
    if (!held)
        return 1;
    ss_econ_holdings h = {0, 3000000 * TAO, held};
    ss_economy_genesis_tao(e, 3000000 * TAO);
    ss_economy_root_stake(e, 3000000 * TAO);
    for (uint32_t s = 1; s <= (uint32_t)n_subnets; s++) {
        uint64_t alpha = (100000 + ss_pcg32_bounded(&r, 3000000)) * TAO;
        uint64_t tao = (uint64_t)((double)alpha * (0.002 + 0.1 * ss_rng_uniform(&r)));
        if (ss_economy_genesis_subnet(e, s, tao, alpha, true, &err) != SS_OK
            || ss_economy_genesis_alpha(e, s, 2 * alpha, &err) != SS_OK) {
            fprintf(stderr, "bench_economy: %s\n", err.msg);
            return 1;
        }
        ss_econ_subnet *sub = ss_economy_subnet(e, s);
        sub->emission_enabled = true;
        sub->moving_price = ss_pool_price(&sub->pool);
        held[s] = 2 * alpha;
    }
    /* Today's halving era (0.5 TAO per block): 10.6M TAO issued in all. */
    uint64_t traders = 1000000 * TAO; /* the traders' balances */
    if (e->total_issuance_rao + traders < 10600000 * TAO)
        traders = 10600000 * TAO - e->total_issuance_rao;
    h.free_tao_rao = traders;
    ss_economy_genesis_tao(e, traders);
    /* A fixed stand-in for Yuma: incentive over miners, dividends over 64 validators. */
    size_t n = (size_t)n_uids;
    double *inc = calloc(n, sizeof *inc), *div = calloc(n, sizeof *div);
    uint64_t *alpha = calloc(n, sizeof *alpha), *root = calloc(n, sizeof *root);
    uint64_t *out_arrays = calloc(6 * n, sizeof *out_arrays);
    bool *owned = calloc(n, sizeof *owned);
    if (!inc || !div || !alpha || !root || !out_arrays || !owned)
        return 1;
    for (size_t k = 0; k < n; k++) {
        bool validator = k < 64;
        div[k] = validator ? 1.0 / (1 + k) : 0.0;
        inc[k] = validator ? 0.0 : 1.0 / (double)(k + 1);
        alpha[k] = validator ? (1000 + 100 * k) * TAO : TAO;
        root[k] = validator && k % 3 == 0 ? 10000 * TAO : 0;
    }
    owned[0] = true;
    ss_dist_input in = {(uint32_t)n, NULL, inc, div, alpha, root, NULL, NULL, owned, NULL, 0};
    ss_dist_output out = {out_arrays, out_arrays + n, out_arrays + 2 * n, out_arrays + 3 * n,
                          out_arrays + 4 * n, out_arrays + 5 * n, 0, 0, 0, 0, 0, 0, 0, 0};
    uint32_t *due = calloc((size_t)n_subnets, sizeof *due);
    if (!due)
        return 1;

    long epochs = 0, trades_ok = 0;
    uint64_t paid = 0, minted = e->tao_minted_rao;
    double t0 = now_ms();
    for (uint64_t b = 1; b <= (uint64_t)days * BLOCKS_PER_DAY; b++) {
        ss_economy_begin_block(e, b);
        ss_economy_coinbase(e);
        uint32_t k = ss_economy_epochs(e, due, (uint32_t)n_subnets);
        for (uint32_t i = 0; i < k; i++) {
            ss_drain d;
            ss_economy_drain(e, due[i], &d);
            if (ss_economy_distribute(e, due[i], &d, &in, &out, &err) != SS_OK) {
                fprintf(stderr, "bench_economy: %s\n", err.msg);
                return 1;
            }
            paid += out.paid_alpha_rao;
            held[due[i]] += out.paid_alpha_rao;
            h.root_stake_rao += out.paid_root_tao_rao;
            epochs++;
        }
        ss_economy_end_block(e);
        for (long t = 0; t < trades; t++) {
            ss_trade tr, un;
            uint32_t s = 1 + ss_pcg32_bounded(&r, (uint32_t)n_subnets);
            uint64_t spend = 1 + ss_pcg32_bounded(&r, 100) * TAO;
            if (spend <= h.free_tao_rao
                && ss_economy_stake(e, s, spend, 0, false, &tr) == SS_TX_OK) {
                h.free_tao_rao -= tr.tao_rao;
                held[s] += tr.alpha_rao;
                /* Sell back a little more than half on average: stake flows both ways. */
                uint64_t back = tr.alpha_rao / 2 + ss_pcg32_bounded(&r, 2) * (tr.alpha_rao / 4);
                if (ss_economy_unstake(e, s, back, 0, false, &un) == SS_TX_OK) {
                    held[s] -= un.alpha_rao;
                    h.free_tao_rao += un.tao_rao;
                    trades_ok++;
                }
            }
        }
        ss_econ_audit a;
        if (audit && ss_economy_audit(e, &h, &a, &err) != SS_OK) {
            fprintf(stderr, "bench_economy: audit failed: %s\n", err.msg);
            return 3;
        }
    }
    double ms = now_ms() - t0;
    printf("ms_per_day=%.1f\n", ms / (double)days);
    if (audit) {
        ss_econ_audit a;
        if (ss_economy_audit(e, &h, &a, &err) != SS_OK) {
            fprintf(stderr, "bench_economy: audit failed: %s\n", err.msg);
            return 3;
        }
        printf("audit: ok issued=%llu accounted=%llu\n", (unsigned long long)a.issued_rao,
               (unsigned long long)a.accounted_rao);
    }
    fprintf(stderr, "bench_economy: %ld day(s), %ld subnets, %ld UIDs: %ld epochs, %ld trades, "
            "%.1f TAO issued, %.1f alpha paid\n", days, n_subnets, n_uids, epochs, trades_ok,
            (double)(e->tao_minted_rao - minted) / TAO, (double)paid / TAO);
    free(inc);
    free(div);
    free(alpha);
    free(root);
    free(out_arrays);
    free(owned);
    free(due);
    free(held);
    ss_economy_destroy(e);
    return 0;
}
