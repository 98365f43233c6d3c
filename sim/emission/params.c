/*
** The economy's constants: one descriptor table that is at the same time the
** list of defaults, the scenario keys, the bounds the loader enforces and the
** source of the table in docs/emission.md.
*/
#include "subnetsim/econ_params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const split_names[] = {"price_ema", "taoflow", "dtao_price",
                                          "root_weights", "fixed", NULL};
static const char *const injection_names[] = {"auto", "root_prop_cap", "emission_cap",
                                              "dtao_2025", "dtao_subsidy", NULL};
static const char *const protocol_alpha_names[] = {"auto", "keep", "recycle", NULL};
static const char *const withheld_names[] = {"burn", "recycle", NULL};
static const char *const fee_names[] = {"author", "burn", NULL};
static const char *const scheduler_names[] = {"dynamic", "legacy", NULL};

#define NET(f) SS_SCOPE_NETWORK, offsetof(ss_econ_params, f)
#define SUB(f) SS_SCOPE_SUBNET, offsetof(ss_econ_subnet_params, f)
#define U64MAX 18446744073709549568.0 /* the largest double below 2^64 */

static const ss_param_desc table[] = {
    /* split and injection */
    {"split_rule", SS_PARAM_ENUM, NET(split_rule), 0, 0, 4, "", split_names,
     "How each block's TAO is split across subnets (§2)"},
    {"injection", SS_PARAM_ENUM, NET(injection), 0, 0, 4, "", injection_names,
     "How a subnet's TAO enters its pool (§3.2); auto follows split_rule"},
    {"protocol_alpha", SS_PARAM_ENUM, NET(protocol_alpha), 0, 0, 2, "", protocol_alpha_names,
     "Alpha bought by chain buys: kept as protocol alpha (today) or recycled"},
    {"dtao_subsidy", SS_PARAM_BOOL, NET(dtao_subsidy), 0, 0, 1, "", NULL,
     "dtao_price rule: the 2025-07-29..11-04 subsidy variant (§2.4)"},
    {"price_root_prop_weighting", SS_PARAM_BOOL, NET(price_root_prop_weighting), 0, 0, 1, "",
     NULL, "price_ema rule: weights times root proportion (2026-06-22..30 rule, §2.3)"},
    {"root_sell_threshold", SS_PARAM_F64, NET(root_sell_threshold), 1, 0, 1e12, "TAO/alpha",
     NULL, "Root dividends are paid, not recycled, while the sum of moving prices exceeds this"},
    /* issuance */
    {"block_emission_rao", SS_PARAM_U64, NET(block_emission_rao), 1e9, 0, 21e15, "rao", NULL,
     "TAO (and alpha) per block before halvings (DefaultBlockEmission)"},
    {"total_supply_rao", SS_PARAM_U64, NET(total_supply_rao), 21e15, 1, U64MAX, "rao", NULL,
     "Supply cap of TAO and of each subnet's alpha (TotalSupply)"},
    {"external_issuance_rao", SS_PARAM_U64, NET(external_issuance_rao), 0, 0, 21e15, "rao",
     NULL, "TAO issued before the run and held outside it (sets the halving era)"},
    {"tao_weight", SS_PARAM_F64, NET(tao_weight), 0.18, 0, 1, "fraction", NULL,
     "Weight of root TAO against alpha (TaoWeight; mainnet 0.18, code default 0.0527)"},
    {"subnet_owner_cut", SS_PARAM_U16, NET(subnet_owner_cut), 11796, 0, 65535, "/65535", NULL,
     "Owner's cut of each block's alpha out (SubnetOwnerCut, about 18%)"},
    {"subnet_moving_alpha", SS_PARAM_F64, NET(subnet_moving_alpha), 0.000003, 0, 1,
     "per block", NULL, "Rate of the moving-price EMA (SubnetMovingAlpha)"},
    /* Taoflow */
    {"flow_ema_smoothing_factor", SS_PARAM_U64, NET(flow_ema_smoothing_factor),
     29597889189277.0, 0, 9223372036854775807.0, "/(2^63-1)", NULL,
     "Taoflow EMA weight per block (FlowEmaSmoothingFactor; 3.209e-6, 30-day half-life)"},
    {"tao_flow_cutoff", SS_PARAM_F64, NET(tao_flow_cutoff), 0, -1e30, 1e30, "rao", NULL,
     "Taoflow floor on smoothed net flow (TaoFlowCutoff)"},
    {"flow_norm_exponent", SS_PARAM_F64, NET(flow_norm_exponent), 1, 0, 100, "", NULL,
     "Taoflow exponent p: shares are z^p normalized (FlowNormExponent)"},
    {"net_tao_flow_enabled", SS_PARAM_BOOL, NET(net_tao_flow_enabled), 1, 0, 1, "", NULL,
     "Taoflow: net the protocol's flow out of user flow (NetTaoFlowEnabled)"},
    /* root weights */
    {"root_rho", SS_PARAM_F64, NET(root_rho), 10, 0, 1e6, "", NULL,
     "root_weights rule: steepness of the consensus sigmoid"},
    {"root_kappa", SS_PARAM_F64, NET(root_kappa), 0.5, 0, 1, "fraction", NULL,
     "root_weights rule: trust at the sigmoid's midpoint"},
    {"root_max_validators", SS_PARAM_U32, NET(root_max_validators), 64, 1, 65535, "", NULL,
     "root_weights rule: validators counted (top by stake)"},
    /* pools and staking */
    {"swap_minimum_reserve_rao", SS_PARAM_U64, NET(swap_minimum_reserve_rao), 1e6, 0, U64MAX,
     "rao", NULL, "Output-side reserve a swap needs (MinimumReserve)"},
    {"swap_max_input_ratio", SS_PARAM_U64, NET(swap_max_input_ratio), 1000, 1, 1e15, "", NULL,
     "Largest net swap input, as a multiple of the input-side reserve"},
    {"balancer_weight_min", SS_PARAM_F64, NET(balancer_weight_min), 0.01, 0, 0.5, "", NULL,
     "Lowest pool quote weight an injection may leave"},
    {"balancer_weight_max", SS_PARAM_F64, NET(balancer_weight_max), 0.99, 0.5, 1, "", NULL,
     "Highest pool quote weight an injection may leave"},
    {"fee_destination", SS_PARAM_ENUM, NET(fee_destination), 0, 0, 1, "", fee_names,
     "Swap fees go to the block author, or are burned (no author)"},
    {"min_stake_rao", SS_PARAM_U64, NET(min_stake_rao), 2e6, 0, U64MAX, "rao", NULL,
     "Smallest stake, before the fee (DefaultMinStake)"},
    /* distribution */
    {"default_take", SS_PARAM_U16, NET(default_take), 11796, 0, 65535, "/65535", NULL,
     "Validator (delegate) take of a hotkey without its own (chain allows 0..11796)"},
    {"ck_burn", SS_PARAM_U16, NET(ck_burn), 0, 0, 65535, "/65535", NULL,
     "Part of a parent's dividend share recycled across coldkeys (CKBurn)"},
    {"recycle_or_burn", SS_PARAM_ENUM, NET(recycle_or_burn), 0, 0, 1, "", withheld_names,
     "Owner-withheld miner incentive is burned or recycled (RecycleOrBurn)"},
    {"root_claimable_threshold_rao", SS_PARAM_U64, NET(root_claimable_threshold_rao), 500000,
     0, U64MAX, "rao", NULL, "Smallest root-dividend claim (RootClaimableThreshold)"},
    {"num_root_claim", SS_PARAM_U32, NET(num_root_claim), 5, 0, 65535, "per block", NULL,
     "Coldkeys auto-claiming root dividends each block (NumRootClaim)"},
    /* epochs */
    {"scheduler", SS_PARAM_ENUM, NET(scheduler), 0, 0, 1, "", scheduler_names,
     "Epoch scheduler: dynamic (today) or legacy (block+netuid+1) mod (tempo+1)"},
    {"max_epochs_per_block", SS_PARAM_U32, NET(max_epochs_per_block), 2, 1, 65535, "", NULL,
     "Epochs run per block; further due subnets wait a block (MaxEpochsPerBlock)"},
    {"admin_freeze_window", SS_PARAM_U32, NET(admin_freeze_window), 10, 0, 65535, "blocks",
     NULL, "An owner-triggered epoch fires this many blocks later (AdminFreezeWindow)"},
    {"max_tempo", SS_PARAM_U32, NET(max_tempo), 50400, 1, 4294967295.0, "blocks", NULL,
     "An epoch is forced after this many blocks without a successful one (MAX_TEMPO)"},
    /* subnets */
    {"network_min_lock_rao", SS_PARAM_U64, NET(network_min_lock_rao), 1e9, 0, U64MAX, "rao",
     NULL, "Lowest subnet lock cost (NetworkMinLockCost; mainnet 1 TAO, code 1000 TAO)"},
    {"network_lock_reduction_interval", SS_PARAM_U64, NET(network_lock_reduction_interval),
     57600, 0, U64MAX, "blocks", NULL,
     "Lock cost decays from 2L to L over this many blocks (mainnet 57,600; code 100,800)"},
    {"network_rate_limit", SS_PARAM_U64, NET(network_rate_limit), 28800, 0, U64MAX, "blocks",
     NULL, "One subnet registration per this many blocks (mainnet 28,800; code 7,200)"},
    {"network_immunity_period", SS_PARAM_U64, NET(network_immunity_period), 864000, 0, U64MAX,
     "blocks", NULL,
     "New subnets cannot be pruned for this long (mainnet 864,000; code 1,296,000)"},
    {"subnet_limit", SS_PARAM_U32, NET(subnet_limit), 128, 1, 65535, "", NULL,
     "Largest number of non-root subnets (SubnetLimit)"},
    {"start_call_delay", SS_PARAM_U64, NET(start_call_delay), 0, 0, U64MAX, "blocks", NULL,
     "Blocks after registration before the owner may call start_call (StartCallDelay)"},
    {"new_subnet_emission_enabled", SS_PARAM_BOOL, NET(new_subnet_emission_enabled), 0, 0, 1,
     "", NULL, "New subnets receive TAO without root enabling them (SubnetEmissionEnabled)"},
    /* per-subnet hyperparameters */
    {"tempo", SS_PARAM_U32, SUB(tempo), 360, 0, 65535, "blocks", NULL,
     "Blocks between epochs (owner range 360..50,400; 0: never)"},
    {"ema_price_halving_blocks", SS_PARAM_U32, SUB(ema_price_halving_blocks), 201600, 0,
     4294967295.0, "blocks", NULL, "Warm-up of the moving price: b/(b+h) (EMAPriceHalvingBlocks)"},
    {"owner_cut_enabled", SS_PARAM_BOOL, SUB(owner_cut_enabled), 1, 0, 1, "", NULL,
     "The owner takes its cut of alpha out (OwnerCutEnabled)"},
    {"fee_rate", SS_PARAM_U16, SUB(fee_rate), 33, 0, 10000, "/65535", NULL,
     "Swap fee rate (FeeRate, 0.05%; root may raise it to 10000)"},
    {"max_allowed_uids", SS_PARAM_U32, SUB(max_allowed_uids), 256, 1, 65535, "", NULL,
     "UID slots of a subnet (MaxAllowedUids)"},
    {"immunity_period", SS_PARAM_U32, SUB(immunity_period), 5000, 0, 65535, "blocks", NULL,
     "New UIDs cannot be pruned for this long (5,000 at creation; runtime 4,096)"},
    {"min_non_immune_uids", SS_PARAM_U32, SUB(min_non_immune_uids), 10, 0, 65535, "", NULL,
     "Prune among non-immune UIDs only when more than this many (MinNonImmuneUids)"},
    {"immune_owner_uids_limit", SS_PARAM_U32, SUB(immune_owner_uids_limit), 1, 0, 10, "", NULL,
     "Owner UIDs that are never pruned (ImmuneOwnerUidsLimit)"},
    {"burn_initial_rao", SS_PARAM_U64, SUB(burn_initial_rao), 1e9, 0, U64MAX, "rao", NULL,
     "UID burn price of a new subnet (Burn)"},
    {"min_burn_rao", SS_PARAM_U64, SUB(min_burn_rao), 500000, 0, U64MAX, "rao", NULL,
     "Lowest UID burn price (MinBurn)"},
    {"max_burn_rao", SS_PARAM_U64, SUB(max_burn_rao), 1e11, 0, U64MAX, "rao", NULL,
     "Highest UID burn price (MaxBurn)"},
    {"burn_half_life", SS_PARAM_U32, SUB(burn_half_life), 360, 0, 36100, "blocks", NULL,
     "The burn price halves in this many blocks without registrations (BurnHalfLife)"},
    {"burn_increase_mult", SS_PARAM_F64, SUB(burn_increase_mult), 1.26, 1, 1000, "", NULL,
     "The burn price is multiplied by this after each registration (BurnIncreaseMult)"},
    {"registration_allowed", SS_PARAM_BOOL, SUB(registration_allowed), 1, 0, 1, "", NULL,
     "Registration open; a closed subnet gets no emission (NetworkRegistrationAllowed)"},
    {"fixed_share", SS_PARAM_F64, SUB(fixed_share), 0, 0, 1e30, "", NULL,
     "fixed rule: this subnet's weight in the split"},
};

const ss_param_desc *ss_econ_param_table(size_t *count)
{
    if (count)
        *count = sizeof table / sizeof table[0];
    return table;
}

const ss_param_desc *ss_econ_param_find(const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

static void *field(ss_econ_params *p, const ss_param_desc *d)
{
    char *base = d->scope == SS_SCOPE_NETWORK ? (char *)p : (char *)&p->subnet;
    return base + d->offset;
}

static void *subnet_field(ss_econ_subnet_params *sp, const ss_param_desc *d)
{
    return (char *)sp + d->offset;
}

static void store(void *f, const ss_param_desc *d, double v)
{
    switch (d->type) {
    case SS_PARAM_U64: *(uint64_t *)f = v >= U64MAX ? UINT64_MAX : (uint64_t)v; break;
    case SS_PARAM_U32: *(uint32_t *)f = (uint32_t)v; break;
    case SS_PARAM_U16: *(uint16_t *)f = (uint16_t)v; break;
    case SS_PARAM_F64: *(double *)f = v; break;
    case SS_PARAM_BOOL: *(bool *)f = v != 0.0; break;
    case SS_PARAM_ENUM: *(int *)f = (int)v; break;
    }
}

static double load(const void *f, const ss_param_desc *d)
{
    switch (d->type) {
    case SS_PARAM_U64: return (double)*(const uint64_t *)f;
    case SS_PARAM_U32: return *(const uint32_t *)f;
    case SS_PARAM_U16: return *(const uint16_t *)f;
    case SS_PARAM_F64: return *(const double *)f;
    case SS_PARAM_BOOL: return *(const bool *)f ? 1.0 : 0.0;
    case SS_PARAM_ENUM: return *(const int *)f;
    }
    return 0.0;
}

void ss_econ_params_default(ss_econ_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        store(field(p, &table[i]), &table[i], table[i].def);
}

static ss_status check_value(const ss_param_desc *d, double v, ss_error *err)
{
    if (isnan(v))
        return ss_error_set(err, SS_EINVAL, "economy parameter %s: not a number", d->name);
    if (d->type != SS_PARAM_F64 && v != floor(v))
        return ss_error_set(err, SS_EINVAL, "economy parameter %s: %g is not an integer",
                            d->name, v);
    if (v < d->min || v > d->max)
        return ss_error_set(err, SS_EINVAL, "economy parameter %s: %g outside [%g, %g]",
                            d->name, v, d->min, d->max);
    return SS_OK;
}

static const ss_param_desc *lookup(const char *name, ss_error *err)
{
    const ss_param_desc *d = ss_econ_param_find(name);
    if (!d)
        ss_error_set(err, SS_EINVAL, "unknown economy parameter \"%s\"", name);
    return d;
}

ss_status ss_econ_param_set_number(ss_econ_params *p, const char *name, double value,
                                   ss_error *err)
{
    const ss_param_desc *d = lookup(name, err);
    if (!d)
        return SS_EINVAL;
    ss_status st = check_value(d, value, err);
    if (st == SS_OK)
        store(field(p, d), d, value);
    return st;
}

/* Parses text for d: enum name, true/false, or a number (u64 exactly). */
static ss_status parse_text(const ss_param_desc *d, const char *text, double *v,
                            uint64_t *u64, bool *is_u64, ss_error *err)
{
    *is_u64 = false;
    if (d->type == SS_PARAM_ENUM) {
        for (int i = 0; d->names[i]; i++) {
            if (strcmp(d->names[i], text) == 0) {
                *v = i;
                return SS_OK;
            }
        }
        char list[256] = "";
        for (int i = 0; d->names[i]; i++) {
            strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, d->names[i], sizeof list - strlen(list) - 1);
        }
        return ss_error_set(err, SS_EINVAL, "economy parameter %s: \"%s\" is not one of %s",
                            d->name, text, list);
    }
    if (d->type == SS_PARAM_BOOL && (!strcmp(text, "true") || !strcmp(text, "false"))) {
        *v = !strcmp(text, "true");
        return SS_OK;
    }
    char *end = NULL;
    errno = 0;
    if (d->type == SS_PARAM_U64 && text[0] >= '0' && text[0] <= '9') {
        unsigned long long x = strtoull(text, &end, 10);
        if (*end == '\0' && errno == 0) {
            *u64 = x;
            *is_u64 = true;
            *v = (double)x;
            return SS_OK;
        }
    }
    *v = strtod(text, &end);
    if (end == text || *end != '\0' || errno != 0)
        return ss_error_set(err, SS_EINVAL, "economy parameter %s: \"%s\" is not a number",
                            d->name, text);
    return SS_OK;
}

static ss_status set_text(void *f, const ss_param_desc *d, const char *text, ss_error *err)
{
    double v = 0;
    uint64_t u = 0;
    bool is_u64 = false;
    ss_status st = parse_text(d, text, &v, &u, &is_u64, err);
    if (st != SS_OK)
        return st;
    if (is_u64) {
        /* Exact: the double bounds are only compared, never stored. */
        if ((double)u < d->min || (double)u > d->max)
            return ss_error_set(err, SS_EINVAL, "economy parameter %s: %s outside [%g, %g]",
                                d->name, text, d->min, d->max);
        *(uint64_t *)f = u;
        return SS_OK;
    }
    st = check_value(d, v, err);
    if (st == SS_OK)
        store(f, d, v);
    return st;
}

ss_status ss_econ_param_set_string(ss_econ_params *p, const char *name, const char *value,
                                   ss_error *err)
{
    const ss_param_desc *d = lookup(name, err);
    if (!d)
        return SS_EINVAL;
    return set_text(field(p, d), d, value, err);
}

static const ss_param_desc *lookup_subnet(const char *name, ss_error *err)
{
    const ss_param_desc *d = lookup(name, err);
    if (d && d->scope != SS_SCOPE_SUBNET) {
        ss_error_set(err, SS_EINVAL, "economy parameter %s is network-wide, not per subnet",
                     name);
        return NULL;
    }
    return d;
}

ss_status ss_econ_subnet_param_set_number(ss_econ_subnet_params *sp, const char *name,
                                          double value, ss_error *err)
{
    const ss_param_desc *d = lookup_subnet(name, err);
    if (!d)
        return SS_EINVAL;
    ss_status st = check_value(d, value, err);
    if (st == SS_OK)
        store(subnet_field(sp, d), d, value);
    return st;
}

ss_status ss_econ_subnet_param_set_string(ss_econ_subnet_params *sp, const char *name,
                                          const char *value, ss_error *err)
{
    const ss_param_desc *d = lookup_subnet(name, err);
    if (!d)
        return SS_EINVAL;
    return set_text(subnet_field(sp, d), d, value, err);
}

bool ss_econ_param_get(const ss_econ_params *p, const char *name, double *value)
{
    const ss_param_desc *d = ss_econ_param_find(name);
    if (!d)
        return false;
    *value = load(field((ss_econ_params *)p, d), d);
    return true;
}

void ss_econ_param_format(const ss_econ_params *p, const ss_param_desc *d, char *buf,
                          size_t size)
{
    const void *f = field((ss_econ_params *)p, d);
    switch (d->type) {
    case SS_PARAM_U64:
        snprintf(buf, size, "%llu", (unsigned long long)*(const uint64_t *)f);
        break;
    case SS_PARAM_U32:
    case SS_PARAM_U16:
        snprintf(buf, size, "%.0f", load(f, d));
        break;
    case SS_PARAM_F64:
        snprintf(buf, size, "%.10g", *(const double *)f);
        break;
    case SS_PARAM_BOOL:
        snprintf(buf, size, "%s", *(const bool *)f ? "true" : "false");
        break;
    case SS_PARAM_ENUM: {
        int i = *(const int *)f, n = 0;
        while (d->names[n])
            n++;
        snprintf(buf, size, "%s", i >= 0 && i < n ? d->names[i] : "?");
        break;
    }
    }
}

ss_status ss_econ_params_check(const ss_econ_params *p, ss_error *err)
{
    if (p->subnet.min_burn_rao > p->subnet.max_burn_rao)
        return ss_error_set(err, SS_EINVAL, "economy: min_burn_rao %llu above max_burn_rao %llu",
                            (unsigned long long)p->subnet.min_burn_rao,
                            (unsigned long long)p->subnet.max_burn_rao);
    if (p->balancer_weight_min >= p->balancer_weight_max)
        return ss_error_set(err, SS_EINVAL,
                            "economy: balancer_weight_min %g not below balancer_weight_max %g",
                            p->balancer_weight_min, p->balancer_weight_max);
    if (p->external_issuance_rao > p->total_supply_rao)
        return ss_error_set(err, SS_EINVAL,
                            "economy: external_issuance_rao above total_supply_rao");
    size_t n;
    const ss_param_desc *t = ss_econ_param_table(&n);
    for (size_t i = 0; i < n; i++) {
        double v = load(field((ss_econ_params *)p, &t[i]), &t[i]);
        if (t[i].type != SS_PARAM_U64 && (v < t[i].min || v > t[i].max || isnan(v)))
            return ss_error_set(err, SS_EINVAL, "economy parameter %s: %g outside [%g, %g]",
                                t[i].name, v, t[i].min, t[i].max);
    }
    return SS_OK;
}

const char *ss_split_rule_name(ss_split_rule r)
{
    return (unsigned)r <= SS_SPLIT_FIXED ? split_names[r] : "?";
}

const char *ss_injection_name(ss_injection m)
{
    return (unsigned)m <= SS_INJECT_DTAO_SUBSIDY ? injection_names[m] : "?";
}
