/*
** Shared by the replayers of the emission vectors (spec/emission.md §0.3):
** one context per vector, readers for inputs (numbers, and integers written
** as strings), and checks that apply each expected field's tolerance.
**
** Tolerances: "exact" compares for equality; {"abs": a} within a;
** {"rel": r} within r |expected|; {"abs_per_case": [...]} per element. A
** field with only a note, or none, holds a derived number: it is compared
** within 1e-9 relative, and the replayer adds the relation the note states
** (a bound, an ordering, a sum) as checks of its own.
*/
#ifndef SS_EMISSION_VECTORS_H
#define SS_EMISSION_VECTORS_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "conformance/conformance.h"
#include "subnetsim/status.h"

typedef struct ss_evec {
    ss_conf_file *f;
    const char *id;
    const cJSON *in;   /* inputs */
    const cJSON *exp;  /* expected */
    const cJSON *tol;  /* tolerance */
    ss_error *err;
} ss_evec;

typedef ss_status (*ss_evec_fn)(ss_evec *v);

/* Relative tolerance for derived numbers (note-only or missing tolerance). */
#define SS_EVEC_DERIVED_REL 1e-9

/* Reading inputs and expectations; each fails with a message naming the vector. */
ss_status ss__evec_num(ss_evec *v, const cJSON *obj, const char *name, double *out);
ss_status ss__evec_u64(ss_evec *v, const cJSON *obj, const char *name, uint64_t *out);
ss_status ss__evec_bool(ss_evec *v, const cJSON *obj, const char *name, bool *out);
const cJSON *ss__evec_array(ss_evec *v, const cJSON *obj, const char *name, int *len);
ss_status ss__evec_item_num(ss_evec *v, const cJSON *arr, int i, double *out);
ss_status ss__evec_item_u64(ss_evec *v, const cJSON *arr, int i, uint64_t *out);
/* Reads n numbers of array name into out (n must equal its length). */
ss_status ss__evec_nums(ss_evec *v, const cJSON *obj, const char *name, double *out, int n);

/*
** Compares got with expected under the tolerance of field tol_key (idx
** selects abs_per_case). label names the quantity in the report.
*/
bool ss__evec_check(ss_evec *v, const char *tol_key, int idx, const char *label,
                    double expected, double got);

/* Compares every element of expected array key (same tolerance key) with got[i]. */
ss_status ss__evec_check_array(ss_evec *v, const char *key, const double *got, int n);

/* Records a relation (a bound or an ordering) that the note of a field states. */
void ss__evec_relation(ss_evec *v, const char *label, double bound, double got, bool holds);

/* Records a boolean expectation. */
void ss__evec_check_bool(ss_evec *v, const char *label, bool expected, bool got);

/* Replayers, by topic. */
ss_status ss__evec_halving_table(ss_evec *v);
ss_status ss__evec_issuance_bounds(ss_evec *v);
ss_status ss__evec_price_coinbase(ss_evec *v);
ss_status ss__evec_emission_disabled(ss_evec *v);
ss_status ss__evec_emission_toggles(ss_evec *v);
ss_status ss__evec_miner_burn_shares(ss_evec *v);
ss_status ss__evec_zero_prices(ss_evec *v);
ss_status ss__evec_ema_price(ss_evec *v);
ss_status ss__evec_root_sell(ss_evec *v);
ss_status ss__evec_flow_shares(ss_evec *v);
ss_status ss__evec_pow_normalize(ss_evec *v);
ss_status ss__evec_net_flow_70(ss_evec *v);
ss_status ss__evec_transitional(ss_evec *v);
ss_status ss__evec_alpha_in(ss_evec *v);
ss_status ss__evec_alpha_out_capped(ss_evec *v);
ss_status ss__evec_owner_cut(ss_evec *v);
ss_status ss__evec_pending_split(ss_evec *v);
ss_status ss__evec_root_proportion(ss_evec *v);
ss_status ss__evec_injection_terms(ss_evec *v);
ss_status ss__evec_mining_emission(ss_evec *v);
ss_status ss__evec_drain(ss_evec *v);
ss_status ss__evec_childkey(ss_evec *v);
ss_status ss__evec_root_claim_keep(ss_evec *v);
ss_status ss__evec_root_claim_two(ss_evec *v);
ss_status ss__evec_owner_burned(ss_evec *v);
ss_status ss__evec_swap(ss_evec *v);
ss_status ss__evec_convert_deltas(ss_evec *v);
ss_status ss__evec_max_stake(ss_evec *v);
ss_status ss__evec_pool_init(ss_evec *v);
ss_status ss__evec_injection_weight(ss_evec *v);
ss_status ss__evec_decay_factor(ss_evec *v);
ss_status ss__evec_burn(ss_evec *v);
ss_status ss__evec_uid_prune(ss_evec *v);
ss_status ss__evec_lock_cost(ss_evec *v);
ss_status ss__evec_subnet_prune(ss_evec *v);
ss_status ss__evec_blocks_until(ss_evec *v);
ss_status ss__evec_epoch_cap(ss_evec *v);

#endif
