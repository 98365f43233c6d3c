/*
** Yuma Consensus: the per-tempo epoch that turns stake and weights into
** consensus, incentive, dividends, bonds and per-UID emission.
**
** Variants (see docs/consensus.md):
**   SS_YUMA_ORIGINAL  the chain's epoch with the original bonds model
**                     (Yuma3On = false), spec/yuma.md §4.11(a)
**   SS_YUMA_YUMA3     the chain's epoch with Yuma 3 bonds (Yuma3On = true),
**                     optionally liquid alpha, spec/yuma.md §4.11(b)
**   SS_YUMA_REF_*     the reference tool's variants (yuma1, yuma2, yuma2b,
**                     yuma2c, yuma3 and yuma3 with liquid alpha), float only
** Numeric modes:
**   SS_YUMA_CHAIN     bit-exact emulation of the chain's fixed-point maths
**   SS_YUMA_FLOAT     IEEE double (spec/yuma.md §7)
**
** One ss_yuma holds the parameters, the persistent state of one subnet (or one
** mechanism of a subnet): bonds, validator permits, the reference variants'
** previous consensus and weights; and a workspace sized once for n_max UIDs,
** so an epoch allocates nothing.
*/
#ifndef SUBNETSIM_CONSENSUS_H
#define SUBNETSIM_CONSENSUS_H

#include <stdbool.h>
#include <stdint.h>

#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ss_yuma_variant {
    SS_YUMA_ORIGINAL = 0,
    SS_YUMA_YUMA3 = 1,
    SS_YUMA_REF_YUMA1 = 2,
    SS_YUMA_REF_YUMA2 = 3,
    SS_YUMA_REF_YUMA2B = 4,
    SS_YUMA_REF_YUMA2C = 5,
    SS_YUMA_REF_YUMA3 = 6,
    SS_YUMA_REF_YUMA3_LIQUID = 7
} ss_yuma_variant;

typedef enum ss_yuma_mode {
    SS_YUMA_FLOAT = 0,
    SS_YUMA_CHAIN = 1
} ss_yuma_mode;

/* Which consensus feeds the reference tool's liquid alpha. */
typedef enum ss_yuma_liquid_consensus {
    SS_LIQUID_CURRENT = 0,
    SS_LIQUID_PREVIOUS = 1,
    SS_LIQUID_MIXED = 2
} ss_yuma_liquid_consensus;

/*
** Hyperparameters, in the chain's own units (u16 fractions of 65535, the
** bonds moving average in millionths). ss_yuma_params_default() fills the
** values of a subnet created today (spec/yuma.md §8, "new subnet" column).
*/
typedef struct ss_yuma_params {
    ss_yuma_variant variant;
    ss_yuma_mode mode;
    uint16_t kappa;                    /* 32767 */
    uint16_t bonds_penalty;            /* 65535 */
    uint64_t bonds_moving_average;     /* 900000 */
    bool liquid_alpha;                 /* Yuma 3 only */
    uint16_t alpha_low;                /* 45875 */
    uint16_t alpha_high;               /* 58982 */
    int16_t alpha_sigmoid_steepness;   /* 1000 */
    uint16_t max_allowed_validators;   /* 64 */
    uint64_t stake_threshold_rao;      /* 0 */
    uint64_t tao_weight;               /* u64 fraction of 2^64-1 */
    uint16_t tempo;                    /* 360 */
    uint32_t activity_cutoff_factor_milli; /* 13889 */
    bool commit_reveal;                /* mask of spec §4.5.1 */
    bool bonds_reset;                  /* BondsResetOn */
    /* Reference-tool variants only. */
    ss_yuma_liquid_consensus liquid_consensus;
    bool winner_takes_all;
    double decay_rate;                 /* yuma2c, 0.1 */
    double capacity_alpha;             /* yuma2c, 0.1 */
    double ref_bond_moving_avg;        /* reference tool's own (0.1 / 0.975) */
    double ref_alpha_low, ref_alpha_high, ref_alpha_steepness;
} ss_yuma_params;

void ss_yuma_params_default(ss_yuma_params *p);

/* Parses "original", "yuma3", "yuma1", "yuma2", "yuma2b", "yuma2c",
** "ref-yuma3", "ref-yuma3-liquid" (and the names returned by
** ss_yuma_variant_name). Returns false for an unknown name. */
bool ss_yuma_variant_parse(const char *name, ss_yuma_variant *out);
const char *ss_yuma_variant_name(ss_yuma_variant v);
bool ss_yuma_mode_parse(const char *name, ss_yuma_mode *out);
const char *ss_yuma_mode_name(ss_yuma_mode m);

/* One stored weight or bond entry: (column uid, u16 value). */
typedef struct ss_weight_entry {
    uint32_t uid;
    uint16_t value;
} ss_weight_entry;

/* A borrowed row of entries, in stored (submitted) order. */
typedef struct ss_weight_row {
    const ss_weight_entry *entries;
    uint32_t len;
} ss_weight_row;

/*
** What the chain stores for a set_weights call: each value v becomes
** round(v * 65535 / max) in I32F32 (spec/yuma.md §3), or all zeros when the
** maximum is 0. in and out may alias.
*/
void ss_weights_max_upscale(const uint16_t *in, uint32_t len, uint16_t *out);

typedef struct ss_yuma_input {
    uint32_t n;                       /* UIDs 0..n-1, n <= n_max */
    uint64_t block;                   /* block running the epoch */
    uint64_t last_step_block;         /* last successful epoch, 0 if none */
    int32_t owner_uid;                /* -1 when the owner holds no UID */
    const uint64_t *alpha_stake_rao;  /* [n] */
    const uint64_t *tao_stake_rao;    /* [n], NULL means all zero */
    const uint64_t *last_update;      /* [n] block of the last weight set */
    const uint64_t *registered_block; /* [n] */
    const uint64_t *commit_block;     /* [n] or NULL when commit-reveal is off;
                                         UINT64_MAX: no pending commit */
    const ss_weight_row *weights;     /* [n] stored rows */
    uint64_t emission_rao;            /* E, alpha to distribute */
} ss_yuma_input;

/*
** Results of the last epoch. Arrays have n entries and belong to the ss_yuma;
** they stay valid until the next call on it. Real-valued outputs hold the
** exact value of the fixed-point result in chain mode.
*/
typedef struct ss_yuma_output {
    uint32_t n;
    const double *stake;             /* normalized stake S */
    const double *active_stake;      /* A */
    const double *consensus;         /* C */
    const double *incentive;         /* I */
    const double *dividends;         /* D */
    const double *validator_trust;   /* VT */
    const uint64_t *server_emission_rao;
    const uint64_t *validator_emission_rao;
    const uint64_t *emission_rao;    /* combined; the pruning score */
    const bool *active;
    const bool *validator_permit;    /* new permits, used by the next epoch */
} ss_yuma_output;

typedef struct ss_yuma ss_yuma;

/* Creates consensus state for up to n_max UIDs, with no bonds and no permits. */
ss_status ss_yuma_create(const ss_yuma_params *p, uint32_t n_max, ss_yuma **out,
                         ss_error *err);
void ss_yuma_destroy(ss_yuma *y);

const ss_yuma_params *ss_yuma_params_of(const ss_yuma *y);

/* Runs one epoch; on success *out points at the results. */
ss_status ss_yuma_epoch(ss_yuma *y, const ss_yuma_input *in, const ss_yuma_output **out,
                        ss_error *err);

/* Validator permits in force (the last epoch's new permits), [n_max]. */
const bool *ss_yuma_permits(const ss_yuma *y);

/*
** A new neuron took UID uid (re-registration): its bond row is cleared and
** its permit revoked; the reference variants also zero its bond column.
*/
void ss_yuma_reset_uid(ss_yuma *y, uint32_t uid);

/*
** Bond of validator i on miner j as a real number in the model's own scale
** (for recording): stored u16 / 65535 for the chain variants.
*/
double ss_yuma_bond(const ss_yuma *y, uint32_t i, uint32_t j);

#ifdef __cplusplus
}
#endif
#endif
