/*
** Every constant of the chain economy in one place (spec/emission.md §6):
** the network-wide parameters and the per-subnet hyperparameters, with the
** chain's defaults, and a read-only descriptor table (name as written in a
** scenario, type, default, bounds, unit, one-line description) through which
** a scenario loader sets any of them by name and docs/emission.md lists them.
**
** Defaults are mainnet's where a migration changed the code default (TaoWeight,
** lock cost, rate limit, network immunity); each description names the other.
*/
#ifndef SUBNETSIM_ECON_PARAMS_H
#define SUBNETSIM_ECON_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "subnetsim/emission.h"
#include "subnetsim/schedule.h"
#include "subnetsim/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How each block's TAO is split across subnets (§2). */
typedef enum ss_split_rule {
    SS_SPLIT_PRICE_EMA = 0, /* today: EMA price x (1 - MinerBurned) */
    SS_SPLIT_TAOFLOW = 1,   /* Nov 2025 - Jun 2026: smoothed net TAO inflow */
    SS_SPLIT_DTAO_PRICE = 2,/* Feb - Nov 2025: EMA price only */
    SS_SPLIT_ROOT_WEIGHTS = 3, /* before dTAO: root validators' weights */
    SS_SPLIT_FIXED = 4      /* explicit per-subnet shares */
} ss_split_rule;

/* What happens to alpha bought by the protocol's chain buys. */
typedef enum ss_protocol_alpha {
    SS_PROTOCOL_ALPHA_AUTO = 0, /* keep, except in the Taoflow-era and subsidy injections */
    SS_PROTOCOL_ALPHA_KEEP = 1, /* SubnetProtocolAlpha, never distributed (today) */
    SS_PROTOCOL_ALPHA_RECYCLE = 2
} ss_protocol_alpha;

/* Where owner-withheld miner incentive goes (RecycleOrBurn). */
typedef enum ss_withheld {
    SS_WITHHELD_BURN = 0,   /* stays counted in alpha issuance */
    SS_WITHHELD_RECYCLE = 1 /* leaves alpha issuance */
} ss_withheld;

/* Where swap fees go. */
typedef enum ss_fee_destination {
    SS_FEE_AUTHOR = 0, /* the block author (held outside the simulated agents) */
    SS_FEE_BURN = 1    /* no author: burned */
} ss_fee_destination;

/* Per-subnet hyperparameters: copied from the defaults when a subnet is made. */
typedef struct ss_econ_subnet_params {
    uint32_t tempo;                    /* 360 */
    uint32_t ema_price_halving_blocks; /* 201,600 */
    bool owner_cut_enabled;            /* true */
    uint16_t fee_rate;                 /* 33 (/65535) */
    uint32_t max_allowed_uids;         /* 256 */
    uint32_t immunity_period;          /* 5,000 */
    uint32_t min_non_immune_uids;      /* 10 */
    uint32_t immune_owner_uids_limit;  /* 1 */
    uint64_t burn_initial_rao;         /* 1 TAO */
    uint64_t min_burn_rao;             /* 0.0005 TAO */
    uint64_t max_burn_rao;             /* 100 TAO */
    uint32_t burn_half_life;           /* 360 */
    double burn_increase_mult;         /* 1.26 */
    bool registration_allowed;         /* true */
    double fixed_share;                /* weight under the fixed split rule */
} ss_econ_subnet_params;

typedef struct ss_econ_params {
    /* split and injection */
    ss_split_rule split_rule;
    ss_injection injection;
    ss_protocol_alpha protocol_alpha;
    bool dtao_subsidy;               /* dtao_price: the Jul-Nov 2025 subsidy variant */
    bool price_root_prop_weighting;  /* price_ema: the transitional x r_i weighting (§2.3) */
    double root_sell_threshold;      /* 1 */
    /* issuance */
    uint64_t block_emission_rao;     /* 1e9 */
    uint64_t total_supply_rao;       /* 21e15 */
    uint64_t external_issuance_rao;  /* TAO issued before the run, held outside it */
    double tao_weight;               /* 0.18 */
    uint16_t subnet_owner_cut;       /* 11796 */
    double subnet_moving_alpha;      /* 3e-6 */
    /* Taoflow */
    uint64_t flow_ema_smoothing_factor; /* 29,597,889,189,277 */
    double tao_flow_cutoff;          /* 0 */
    double flow_norm_exponent;       /* 1 */
    bool net_tao_flow_enabled;       /* true */
    /* root weights */
    double root_rho;                 /* 10 */
    double root_kappa;               /* 0.5 */
    uint32_t root_max_validators;    /* 64 */
    /* pools and staking */
    uint64_t swap_minimum_reserve_rao; /* 1e6 */
    uint64_t swap_max_input_ratio;   /* 1000 */
    double balancer_weight_min;      /* 0.01 */
    double balancer_weight_max;      /* 0.99 */
    ss_fee_destination fee_destination;
    uint64_t min_stake_rao;          /* 2e6 */
    /* distribution */
    uint16_t default_take;           /* 11796 */
    uint16_t ck_burn;                /* 0 */
    ss_withheld recycle_or_burn;     /* burn */
    uint64_t root_claimable_threshold_rao; /* 500,000 */
    uint32_t num_root_claim;         /* 5 */
    /* epochs */
    ss_scheduler scheduler;
    uint32_t max_epochs_per_block;   /* 2 */
    uint32_t admin_freeze_window;    /* 10 */
    uint32_t max_tempo;              /* 50,400 */
    /* subnets */
    uint64_t network_min_lock_rao;   /* 1 TAO (code 1000 TAO) */
    uint64_t network_lock_reduction_interval; /* 57,600 (code 100,800) */
    uint64_t network_rate_limit;     /* 28,800 (code 7,200) */
    uint64_t network_immunity_period;/* 864,000 (code 1,296,000) */
    uint32_t subnet_limit;           /* 128 */
    uint64_t start_call_delay;       /* 0 */
    bool new_subnet_emission_enabled;/* false */
    /* defaults for new subnets */
    ss_econ_subnet_params subnet;
} ss_econ_params;

typedef enum ss_param_type {
    SS_PARAM_U64,
    SS_PARAM_U32,
    SS_PARAM_U16,
    SS_PARAM_F64,
    SS_PARAM_BOOL,
    SS_PARAM_ENUM /* stored as the C enum (int) */
} ss_param_type;

typedef enum ss_param_scope {
    SS_SCOPE_NETWORK, /* offset into ss_econ_params */
    SS_SCOPE_SUBNET   /* offset into ss_econ_subnet_params */
} ss_param_scope;

typedef struct ss_param_desc {
    const char *name;              /* scenario key */
    ss_param_type type;
    ss_param_scope scope;
    size_t offset;
    double def, min, max;          /* enum: index into names */
    const char *unit;
    const char *const *names;      /* enum value names, NULL-terminated */
    const char *description;
} ss_param_desc;

/* The descriptor table (read-only) and its length. */
const ss_param_desc *ss_econ_param_table(size_t *count);

/* The descriptor named name, or NULL. */
const ss_param_desc *ss_econ_param_find(const char *name);

/* Fills p with every default of the table. */
void ss_econ_params_default(ss_econ_params *p);

/*
** Sets a parameter from a number (bools: 0 or 1; enums: the index). Subnet
** parameters set on ss_econ_params change the default for new subnets.
** Refuses values outside [min, max] and non-integers for integer types.
*/
ss_status ss_econ_param_set_number(ss_econ_params *p, const char *name, double value,
                                   ss_error *err);

/* Sets a parameter from text: an enum value name, "true"/"false", or a number. */
ss_status ss_econ_param_set_string(ss_econ_params *p, const char *name, const char *value,
                                   ss_error *err);

/* The same two for one subnet's hyperparameters (subnet-scope names only). */
ss_status ss_econ_subnet_param_set_number(ss_econ_subnet_params *sp, const char *name,
                                          double value, ss_error *err);
ss_status ss_econ_subnet_param_set_string(ss_econ_subnet_params *sp, const char *name,
                                          const char *value, ss_error *err);

/* Reads a parameter as a number (enum: index). Returns false for an unknown name. */
bool ss_econ_param_get(const ss_econ_params *p, const char *name, double *value);

/* Writes a value (from ss_econ_params) as text into buf: "0.18", "price_ema", "true". */
void ss_econ_param_format(const ss_econ_params *p, const ss_param_desc *d, char *buf,
                          size_t size);

/* Checks the relations the table's bounds cannot express (min <= max, ...). */
ss_status ss_econ_params_check(const ss_econ_params *p, ss_error *err);

/* Names of enum values, e.g. ss_split_rule_name(SS_SPLIT_TAOFLOW) = "taoflow". */
const char *ss_split_rule_name(ss_split_rule r);
const char *ss_injection_name(ss_injection m);

#ifdef __cplusplus
}
#endif
#endif
