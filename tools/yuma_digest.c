/*
** Old-versus-new check for work on the Yuma epoch: runs the chain variants
** (original, yuma3) in both numeric modes over a fixed family of random
** subnets (sizes from 4x8 to 100x412, dense and sparse rows, unsorted rows,
** re-registrations, explicit zeros, an owner, tao stake, commit-reveal,
** inactive validators, ties, liquid alpha, every kind of bonds penalty) and
** writes every output of every epoch, stored bonds included, to a file.
**
**   yuma_digest dump FILE        write the outputs of this build
**   yuma_digest compare OLD NEW  compare two dumps: chain mode must be
**                                identical; float mode is summarised by its
**                                largest differences
**   yuma_digest modes FILE       how far float mode is from chain mode
**
** Build it from two versions of the tree and compare their dumps.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subnetsim/consensus.h"
#include "subnetsim/rng.h"

enum { NMAX = 512, EPOCHS = 6 };

typedef struct shape {
    uint32_t v, m;
    double density;
} shape;

static const shape shapes[] = {
    {4, 8, 1.0},    {12, 40, 0.4},  {16, 48, 1.0},  {64, 256, 1.0},
    {64, 256, 0.3}, {32, 300, 1.0}, {100, 156, 0.7}, {100, 412, 0.05},
    {160, 352, 1.0},
};
enum { N_SHAPES = sizeof shapes / sizeof shapes[0], N_FEATURES = 12 };

/* One subnet under construction. */
typedef struct net {
    uint32_t n;
    uint64_t alpha[NMAX], tao[NMAX], lu[NMAX], reg[NMAX], commit[NMAX];
    ss_weight_entry ent[NMAX][NMAX];
    ss_weight_row rows[NMAX];
} net;

/* Random weights for validator rows; feature bits pick the oddities. */
static void make_weights(net *s, const shape *sh, unsigned feat, ss_pcg32 *r, int epoch)
{
    uint16_t vals[NMAX];
    for (uint32_t i = 0; i < sh->v; i++) {
        uint32_t len = 0;
        for (uint32_t j = 0; j < sh->m; j++)
            if (sh->density >= 1.0 || ss_rng_uniform(r) < sh->density) {
                s->ent[i][len].uid = sh->v + j;
                if (feat & 8) /* ties: few distinct levels, shared by validators */
                    vals[len] = (uint16_t)(1 + (j * 7 + (uint32_t)epoch) % 4 * 20000);
                else
                    vals[len] = (uint16_t)ss_pcg32_bounded(r, 65536);
                len++;
            }
        if (feat & 4 && len > 0 && i % 3 == 0)
            vals[0] = 0; /* explicit zero */
        if (feat & 16 && i % 5 == 1) /* a self weight, masked unless owner */
            s->ent[i][len].uid = i, vals[len++] = 1000;
        ss_weights_max_upscale(vals, len, vals);
        for (uint32_t k = 0; k < len; k++)
            s->ent[i][k].value = vals[k];
        if (feat & 1 && i % 4 == 2) /* unsorted row */
            for (uint32_t k = 0; k < len / 2; k++) {
                ss_weight_entry t = s->ent[i][k];
                s->ent[i][k] = s->ent[i][len - 1 - k];
                s->ent[i][len - 1 - k] = t;
            }
        s->rows[i].entries = s->ent[i];
        s->rows[i].len = len;
    }
}

static void make_net(net *s, const shape *sh, unsigned feat, ss_pcg32 *r)
{
    memset(s, 0, sizeof *s);
    s->n = sh->v + sh->m;
    for (uint32_t i = 0; i < s->n; i++) {
        s->lu[i] = 999;
        s->commit[i] = UINT64_MAX;
    }
    for (uint32_t i = 0; i < sh->v; i++) {
        s->alpha[i] = (uint64_t)ss_rng_lognormal(r, log(1e12), 1.0);
        if (feat & 32)
            s->tao[i] = (uint64_t)ss_rng_lognormal(r, log(1e12), 1.0);
        if (feat & 64 && i % 7 == 3)
            s->alpha[i] = s->alpha[0]; /* equal stakes */
    }
    if (feat & 128) /* miners with a little stake */
        for (uint32_t j = sh->v; j < s->n; j += 5)
            s->alpha[j] = 1000 + ss_pcg32_bounded(r, 1000);
}

static void put(FILE *f, const void *p, size_t size)
{
    fwrite(p, 1, size, f);
}

static int dump(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 1;
    static net s;
    for (int variant = 0; variant < 2; variant++)
        for (int mode = 0; mode < 2; mode++)
            for (uint32_t sh = 0; sh < N_SHAPES; sh++)
                for (unsigned fi = 0; fi < N_FEATURES; fi++) {
                    /* feature sets: none, each oddity, and all of them */
                    unsigned feat = fi == 0 ? 0 : fi <= 9 ? 1u << (fi - 1) : 0x1ffu;
                    ss_pcg32 r;
                    ss_pcg32_seed(&r, 1000 + sh * 31 + fi, 77);
                    ss_yuma_params p;
                    ss_yuma_params_default(&p);
                    p.variant = variant ? SS_YUMA_YUMA3 : SS_YUMA_ORIGINAL;
                    p.mode = mode ? SS_YUMA_FLOAT : SS_YUMA_CHAIN;
                    p.bonds_penalty = (uint16_t[]){65535, 0, 30000}[fi % 3];
                    p.liquid_alpha = variant == 1 && (fi == 10 || (fi % 4 == 1));
                    p.commit_reveal = feat & 256;
                    p.max_allowed_validators =
                        (uint16_t)(fi == 11 ? shapes[sh].v / 2 + 1 : shapes[sh].v + 8);
                    if (fi == 11)
                        p.kappa = 40000;
                    ss_yuma *y;
                    if (ss_yuma_create(&p, NMAX, &y, NULL) != SS_OK)
                        return 1;
                    make_net(&s, &shapes[sh], feat, &r);
                    int32_t owner = feat & 16 ? 1 : -1;
                    for (int e = 0; e < EPOCHS; e++) {
                        uint64_t block = 1000 + 360 * (uint64_t)e;
                        if (e == 0 || e == 3 || (feat & 2 && e % 2 == 1))
                            make_weights(&s, &shapes[sh], feat, &r, e);
                        for (uint32_t i = 0; i < shapes[sh].v; i++)
                            s.lu[i] = (feat & 2 && i % 6 == 5 && e > 2) ? 10 : block - 1;
                        if (feat & 2 && e == 4) /* re-registrations */
                            for (uint32_t j = shapes[sh].v; j < s.n; j += 9)
                                s.reg[j] = block - 100;
                        if (feat & 256)
                            for (uint32_t i = 0; i < shapes[sh].v; i += 4)
                                s.commit[i] = block - 200;
                        ss_yuma_input in = {
                            .n = s.n, .block = block, .last_step_block = block - 360,
                            .owner_uid = owner, .alpha_stake_rao = s.alpha,
                            .tao_stake_rao = s.tao, .last_update = s.lu,
                            .registered_block = s.reg,
                            .commit_block = p.commit_reveal ? s.commit : NULL,
                            .weights = s.rows, .emission_rao = 1000000000000ULL,
                        };
                        const ss_yuma_output *o;
                        if (ss_yuma_epoch(y, &in, &o, NULL) != SS_OK)
                            return 1;
                        uint32_t hdr[4] = {(uint32_t)variant, (uint32_t)mode,
                                           sh * 100 + fi, o->n};
                        put(f, hdr, sizeof hdr);
                        const double *d[] = {o->stake, o->active_stake, o->consensus,
                                             o->incentive, o->dividends, o->validator_trust};
                        for (int k = 0; k < 6; k++)
                            put(f, d[k], o->n * sizeof(double));
                        put(f, o->server_emission_rao, o->n * sizeof(uint64_t));
                        put(f, o->validator_emission_rao, o->n * sizeof(uint64_t));
                        put(f, o->emission_rao, o->n * sizeof(uint64_t));
                        for (uint32_t i = 0; i < o->n; i++) {
                            ss_weight_row b = ss_yuma_bond_row(y, i);
                            uint32_t row[NMAX + 1];
                            row[0] = b.len;
                            for (uint32_t k = 0; k < b.len; k++)
                                row[k + 1] = b.entries[k].uid << 16 | b.entries[k].value;
                            put(f, row, (b.len + 1) * sizeof(uint32_t));
                        }
                    }
                    ss_yuma_destroy(y);
                }
    return fclose(f) != 0;
}

static int get(FILE *f, void *p, size_t size)
{
    return fread(p, 1, size, f) == size;
}

/* Largest differences of one float-mode configuration. */
typedef struct diffs {
    double real;     /* real-valued outputs */
    uint64_t rao;    /* emission amounts */
    uint32_t bond;   /* stored u16 bonds (same cells) */
    uint32_t cells;  /* bond cells present in one dump only */
    uint32_t epochs_differing;
} diffs;

static int compare(const char *pa, const char *pb)
{
    FILE *a = fopen(pa, "rb"), *b = fopen(pb, "rb");
    if (!a || !b)
        return 2;
    static double da[6][NMAX], db[6][NMAX];
    static uint64_t ra[3][NMAX], rb[3][NMAX];
    static uint32_t ba[NMAX + 1], bb[NMAX + 1];
    int chain_bad = 0, configs = 0, float_same = 0;
    diffs worst = {0}, cur = {0};
    uint32_t last_cfg = UINT32_MAX;
    for (;;) {
        uint32_t ha[4], hb[4];
        int ga = get(a, ha, sizeof ha), gb = get(b, hb, sizeof hb);
        if (!ga || !gb) {
            if (ga != gb)
                return fprintf(stderr, "dumps of different length\n"), 2;
            break;
        }
        if (memcmp(ha, hb, sizeof ha))
            return fprintf(stderr, "dumps out of step\n"), 2;
        uint32_t n = ha[3], cfg = ha[0] << 24 | ha[1] << 16 | ha[2];
        bool chain = ha[1] == 0, same = true;
        if (cfg != last_cfg) {
            if (last_cfg != UINT32_MAX && !(last_cfg >> 16 & 0xff)) {
                /* a chain configuration ended */
            }
            if (last_cfg != UINT32_MAX && (last_cfg >> 16 & 0xff)) {
                float_same += cur.epochs_differing == 0;
                if (cur.real > worst.real) worst.real = cur.real;
                if (cur.rao > worst.rao) worst.rao = cur.rao;
                if (cur.bond > worst.bond) worst.bond = cur.bond;
                worst.cells += cur.cells;
            }
            memset(&cur, 0, sizeof cur);
            configs++;
            last_cfg = cfg;
        }
        for (int k = 0; k < 6; k++) {
            get(a, da[k], n * sizeof(double));
            get(b, db[k], n * sizeof(double));
            for (uint32_t i = 0; i < n; i++) {
                double d = fabs(da[k][i] - db[k][i]);
                if (memcmp(&da[k][i], &db[k][i], sizeof(double)))
                    same = false;
                if (d > cur.real)
                    cur.real = d;
            }
        }
        for (int k = 0; k < 3; k++) {
            get(a, ra[k], n * sizeof(uint64_t));
            get(b, rb[k], n * sizeof(uint64_t));
            for (uint32_t i = 0; i < n; i++) {
                uint64_t d = ra[k][i] > rb[k][i] ? ra[k][i] - rb[k][i] : rb[k][i] - ra[k][i];
                same = same && d == 0;
                if (d > cur.rao)
                    cur.rao = d;
            }
        }
        for (uint32_t i = 0; i < n; i++) {
            get(a, ba, sizeof(uint32_t));
            get(b, bb, sizeof(uint32_t));
            get(a, ba + 1, ba[0] * sizeof(uint32_t));
            get(b, bb + 1, bb[0] * sizeof(uint32_t));
            /* merge by column: same cells compare values, others count */
            uint32_t p = 1, q = 1;
            while (p <= ba[0] || q <= bb[0]) {
                uint32_t ca = p <= ba[0] ? ba[p] >> 16 : UINT32_MAX;
                uint32_t cb = q <= bb[0] ? bb[q] >> 16 : UINT32_MAX;
                if (ca == cb) {
                    uint32_t va = ba[p] & 0xffff, vb = bb[q] & 0xffff;
                    uint32_t d = va > vb ? va - vb : vb - va;
                    same = same && d == 0;
                    if (d > cur.bond)
                        cur.bond = d;
                    p++, q++;
                } else {
                    same = false;
                    cur.cells++;
                    if (ca < cb)
                        p++;
                    else
                        q++;
                }
            }
        }
        if (!same) {
            cur.epochs_differing++;
            if (chain) {
                chain_bad++;
                fprintf(stderr, "chain mode differs: variant %u config %u (n %u)\n", ha[0],
                        ha[2], n);
            }
        }
    }
    if (last_cfg != UINT32_MAX && (last_cfg >> 16 & 0xff)) {
        float_same += cur.epochs_differing == 0;
        if (cur.real > worst.real) worst.real = cur.real;
        if (cur.rao > worst.rao) worst.rao = cur.rao;
        if (cur.bond > worst.bond) worst.bond = cur.bond;
        worst.cells += cur.cells;
    }
    printf("configurations: %d; chain-mode epochs differing: %d\n", configs, chain_bad);
    printf("float mode: %d of %d configurations identical; largest differences: "
           "real %.3g, rao %llu, u16 bond %u, bond cells in one dump only %u\n",
           float_same, configs / 2, worst.real, (unsigned long long)worst.rao, worst.bond,
           worst.cells);
    return chain_bad != 0;
}

/* One epoch's record of a dump, read back. */
typedef struct rec {
    uint32_t hdr[4];
    double d[6][NMAX];
    uint64_t r[3][NMAX];
    uint16_t bond[NMAX][NMAX]; /* dense, 0 where absent */
} rec;

static int read_rec(FILE *f, rec *x)
{
    if (!get(f, x->hdr, sizeof x->hdr))
        return 0;
    uint32_t n = x->hdr[3];
    for (int k = 0; k < 6; k++)
        get(f, x->d[k], n * sizeof(double));
    for (int k = 0; k < 3; k++)
        get(f, x->r[k], n * sizeof(uint64_t));
    static uint32_t row[NMAX + 1];
    for (uint32_t i = 0; i < n; i++) {
        memset(x->bond[i], 0, sizeof x->bond[i]);
        get(f, row, sizeof(uint32_t));
        get(f, row + 1, row[0] * sizeof(uint32_t));
        for (uint32_t k = 1; k <= row[0]; k++)
            x->bond[i][row[k] >> 16] = (uint16_t)row[k];
    }
    return 1;
}

/*
** How far float mode is from chain mode in one dump: the largest difference
** of incentive and consensus, of dividends, of emission (rao) and of a
** stored bond (u16) over all configurations and epochs.
*/
static int modes(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 2;
    /* The dump holds, per variant, all chain configurations, then all float ones. */
    enum { PER_MODE = N_SHAPES * N_FEATURES * EPOCHS };
    static rec chain[PER_MODE];
    static rec fl;
    double d_ic = 0, d_div = 0;
    uint64_t d_rao = 0;
    uint32_t d_bond = 0;
    for (int variant = 0; variant < 2; variant++) {
        for (int k = 0; k < PER_MODE; k++)
            if (!read_rec(f, &chain[k]))
                return 2;
        for (int k = 0; k < PER_MODE; k++) {
            if (!read_rec(f, &fl))
                return 2;
            const rec *c = &chain[k];
            for (uint32_t i = 0; i < fl.hdr[3]; i++) {
                double a = fabs(c->d[3][i] - fl.d[3][i]), b = fabs(c->d[2][i] - fl.d[2][i]);
                d_ic = a > d_ic ? a : b > d_ic ? b : d_ic;
                a = fabs(c->d[4][i] - fl.d[4][i]);
                d_div = a > d_div ? a : d_div;
                for (int r = 0; r < 3; r++) {
                    uint64_t x = c->r[r][i] > fl.r[r][i] ? c->r[r][i] - fl.r[r][i]
                                                         : fl.r[r][i] - c->r[r][i];
                    d_rao = x > d_rao ? x : d_rao;
                }
                for (uint32_t j = 0; j < fl.hdr[3]; j++) {
                    int x = (int)c->bond[i][j] - (int)fl.bond[i][j];
                    x = x < 0 ? -x : x;
                    d_bond = (uint32_t)x > d_bond ? (uint32_t)x : d_bond;
                }
            }
        }
    }
    printf("float vs chain: incentive/consensus %.3g, dividends %.3g, emission %llu rao "
           "(of 1e12), stored bond %u u16 steps\n",
           d_ic, d_div, (unsigned long long)d_rao, d_bond);
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "modes") == 0)
        return modes(argv[2]);
    if (argc == 3 && strcmp(argv[1], "dump") == 0)
        return dump(argv[2]);
    if (argc == 4 && strcmp(argv[1], "compare") == 0)
        return compare(argv[2], argv[3]);
    fprintf(stderr, "usage: yuma_digest dump FILE | compare OLD NEW | modes FILE\n");
    return 2;
}
