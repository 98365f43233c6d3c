/*
** Figures derived from a loaded run for both report formats: the emission
** roles, rankings of miners and validators, validators' stake and dividend
** shares, and concentration summaries. Orders are total (ties by uid), so
** both formats list the same neurons in the same order.
*/
#ifndef SS_REPORT_VIEWS_H
#define SS_REPORT_VIEWS_H

#include <stddef.h>
#include <stdint.h>

#include "report/rdata.h"

/* Where emission goes, in the order charts stack it (bottom first). */
typedef enum ss__rv_role {
    SS_RV_MINERS, SS_RV_VALIDATORS, SS_RV_OWNER, SS_RV_ROOT, SS_RV_BURNED, SS_RV_ROLES
} ss__rv_role;

const char *ss__rv_role_name(ss__rv_role r);
const char *ss__rv_role_colour(ss__rv_role r);
int64_t ss__rv_epoch_role(const ss__rd_epoch *e, ss__rv_role r);
int64_t ss__rv_subnet_role(const ss__rd_subnet *s, ss__rv_role r);
int64_t ss__rv_run_role(const ss__rd *d, ss__rv_role r);
/* Whether the run can have rao in role r (root needs schema version 2). */
int ss__rv_role_recorded(const ss__rd *d, ss__rv_role r);

/* Alpha a neuron received over the run: miner and validator pay and the owner's cut. */
int64_t ss__rv_received(const ss__rd_neuron *n);
double ss__rv_mean_incentive(const ss__rd_neuron *n);

/* Indices of the subnet's neurons with role, best first: miners by alpha earned,
   validators by last stake. Returns how many (all of them); idx holds n_neurons. */
size_t ss__rv_rank(const ss__rd_subnet *s, const char *role, size_t *idx);

/* Validators' shares of stake (time-mean) and of validator pay; NaN without data. */
void ss__rv_validator_shares(const ss__rd_subnet *s, const size_t *idx, size_t n,
                             double *stake_share, double *dividend_share);

/* Share of all received alpha held by the bottom `fraction` of holders (sorted ascending). */
double ss__rv_bottom_share(const double *sorted, size_t n, double fraction);
/* Share held by the top `k` holders. */
double ss__rv_top_share(const double *sorted, size_t n, size_t k);

/* Up to `max` indices into 0..n-1, evenly spread and always including the last. */
size_t ss__rv_spread(size_t n, size_t max, size_t *idx);

/* Whether any epoch of the subnet has per-UID adversary shares. */
int ss__rv_has_capture(const ss__rd_subnet *s);

/* The number of distinct adversary kinds among the subnet's neurons of role (any role
   when NULL), and their names joined by ", " into buf. */
size_t ss__rv_adversary_kinds(const ss__rd_subnet *s, const char *role, char *buf, size_t size);

/* Why a run lacks rows, for notes on missing sections: "log level summary", or that the
   run stopped before writing them. */
const char *ss__rv_log_reason(const ss__rd *d, char *buf, size_t size);

#endif
