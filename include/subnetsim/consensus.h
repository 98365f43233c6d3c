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
    /* Appended: the reference tool's kappa (0.5) and bond_penalty (1.0) as
    ** doubles; the chain variants use kappa and bonds_penalty above. */
    double ref_kappa;
    double ref_bond_penalty;
    /* Appended: the chain variants keep the bond rows of UIDs that lose (or lack) their
    ** permit instead of clearing them (spec/yuma.md §5): a counterfactual chain, for the
    ** bond gamer (docs/adversaries.md). False is the chain. */
    bool keep_bonds_without_permit;
} ss_yuma_params;

void ss_yuma_params_default(ss_yuma_params *p);

/*
** Sets p->variant and, for the reference variants, the parameters the
** reference tool's own scripts use with it (spec/peer-yuma.md §0.3):
** yuma1/2/2b/2c bond_moving_avg 0.1; yuma3 0.975 with alpha 0.1..0.3;
** ref-yuma3-liquid adds liquid alpha with steepness 10. The chain variants
** keep their hyperparameters; yuma3 selects Yuma3On.
*/
void ss_yuma_params_for_variant(ss_yuma_params *p, ss_yuma_variant v);

/* True for the reference tool's variants (float only). */
bool ss_yuma_variant_is_reference(ss_yuma_variant v);

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

/*
** The MaxWeightsLimit check of set_weights: true when the largest normalized
** weight (I32F32) is at most max_limit / 65535, or the vector is empty.
*/
bool ss_weights_check_max_limited(const uint16_t *w, uint32_t len, uint16_t max_limit);

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

/*
** A proportion as the chain stores it as u16 (floor(x * 65535), clamped),
** computed in y's numeric mode; x is a value from ss_yuma_output.
*/
uint16_t ss_yuma_to_u16(const ss_yuma *y, double x);

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

/*
** Stored state of the chain variants, for restoring a snapshot or replaying
** the chain's test vectors. The bond row of uid as the chain stores it (u16,
** meaning per spec §4.11), borrowed until the next call on y; an empty row
** for the reference variants.
*/
ss_weight_row ss_yuma_bond_row(const ss_yuma *y, uint32_t uid);
/* Replaces the stored bond row of uid (entries kept in the given order). */
ss_status ss_yuma_set_bond_row(ss_yuma *y, uint32_t uid, const ss_weight_entry *entries,
                               uint32_t len, ss_error *err);
/* Sets the permits in force: permit[0..n) (n <= n_max), the rest false. */
void ss_yuma_set_permits(ss_yuma *y, const bool *permit, uint32_t n);
/*
** BondsResetOn (the chain's do_reset_bonds): drops column uid from every bond
** row; for the reference variants zeroes that bond column.
*/
void ss_yuma_reset_bond_column(ss_yuma *y, uint32_t uid);

/*
** Mechanisms (spec/yuma.md §6.3). Each mechanism of a subnet is its own
** ss_yuma (separate bonds and permits) fed its own weights.
** ss_mechanism_split_emission splits total over count mechanisms: with split
** (u16 shares, may be NULL) floor(total * split[m] / 65535), else
** floor(total / count); the rounding remainder goes to mechanism 0.
*/
void ss_mechanism_split_emission(uint64_t total, uint32_t count, const uint16_t *split,
                                 uint64_t *out);
/*
** The per-subnet aggregate of a per-mechanism quantity x[m] (u16 or rao):
** acc = floor(acc + x[m] * w[m]) with w[m] = share[m] / total in U64F64
** (total 0: w[0] = 1, the others 0).
*/
uint64_t ss_mechanism_aggregate(const uint64_t *x, const uint64_t *share, uint32_t count,
                                uint64_t total);

#ifdef __cplusplus
}
#endif
#endif
