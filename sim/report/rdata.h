/*
** A run database read into memory for the report: what queries.c loads, and
** what the HTML and Markdown writers render. Renderers never touch SQLite.
**
** Amounts stay in integer rao; shares are doubles in [0, 1]. Everything that
** depends on a table or column the run did not record has a flag saying so,
** so that a section can be replaced by a one-line note.
*/
#ifndef SS_REPORT_RDATA_H
#define SS_REPORT_RDATA_H

#include <stddef.h>
#include <stdint.h>

#include "subnetsim/report.h"
#include "subnetsim/status.h"

#define SS_RD_NONE INT64_MIN      /* an integer that is NULL in the database */
#define SS_RD_DETAIL_DEFAULT 6    /* subnets shown in detail unless chosen */
#define SS_RD_TOP_MINERS 10
#define SS_RD_TOP_VALIDATORS 16

typedef struct ss__rd_neuron {
    int64_t uid, registered_block, deregistered_block; /* deregistered: SS_RD_NONE */
    char *hotkey, *coldkey, *role, *agent_kind;
    int adversary;
    double true_quality, latency_ms;  /* NaN when NULL */
    int64_t initial_stake_rao;
    /* Over the epochs this registration held its UID (uid_epochs). */
    int64_t epochs;
    int64_t miner_paid_rao, validator_paid_rao, owner_paid_rao;
    int64_t last_stake_rao;           /* after its last epoch; the initial stake before any */
    double stake_sum_rao;             /* stake summed over its epochs, for time-mean shares */
    double incentive_sum, dividends_sum;
    double last_vtrust;
} ss__rd_neuron;

typedef struct ss__rd_epoch {
    int64_t epoch, block;
    int64_t issued_rao, owner_rao, miner_rao, validator_rao, root_rao, burned_rao;
    /* From uid_epochs; NaN without per-UID rows for the epoch. */
    double adv_emission_share;  /* adversaries' part of what neurons were paid */
    double adv_stake_share;     /* adversaries' part of the stake */
    double adv_uid_share;       /* adversaries' part of the UIDs */
    double gini;                /* Gini of what each UID was paid at this epoch */
} ss__rd_epoch;

/* A weight or bond matrix at one epoch: validators (rows, by stake) x miners (columns). */
typedef struct ss__rd_matrix {
    int64_t epoch, requested, block;
    size_t rows, cols;
    int64_t *row_uid, *col_uid;
    double *row_stake_rao;
    double *col_quality;
    unsigned char *row_adv, *col_adv;
    double *v;                  /* rows x cols */
    double vmax;
    size_t entries;             /* non-zero entries */
} ss__rd_matrix;

typedef struct ss__rd_series {
    int64_t netuid;
    char *name;
    size_t n;
    double *x, *y;
} ss__rd_series;

typedef struct ss__rd_subnet {
    int64_t netuid;
    char *name, *variant, *mode, *task;
    int64_t max_uids, tempo, alpha_emission_rao, owner_cut_u16;
    int64_t registered_block, dissolved_block;   /* SS_RD_NONE when not recorded */
    ss__rd_epoch *epochs;
    size_t n_epochs;
    ss__rd_neuron *neurons;      /* by uid, then registration block */
    size_t n_neurons;
    int64_t issued_rao, owner_rao, miner_rao, validator_rao, root_rao, burned_rao;
    int64_t uid_rows;            /* uid_epochs rows */
    int64_t unmatched_rows;      /* uid_epochs rows no registration covers */
    int64_t paid_rao, adversary_paid_rao;   /* to neurons, over the run */
    /* Alpha received over the run per hotkey and per coldkey, ascending. */
    double *by_hotkey, *by_coldkey;
    size_t n_hotkeys, n_coldkeys;
    double gini_hotkey, gini_coldkey;
    size_t nakamoto_hotkey, nakamoto_coldkey;
    double quality_corr;         /* Spearman: true quality vs mean incentive */
    size_t n_quality;            /* miners in that correlation */
    size_t n_adversaries, n_miners, n_validators;
    int detail;                  /* shown in detail */
    /* Heatmaps (detail subnets only). */
    ss__rd_matrix *weights, *bonds;
    size_t n_weights, n_bonds;
    size_t weight_samples, bond_samples;   /* sampled epochs in the tables */
    /* subnet_epochs: time (days) and pool state. */
    size_t n_pool;
    double *pool_days, *price, *emission_share, *tao_in_tao;
} ss__rd_subnet;

typedef struct ss__rd_event_count {
    int64_t netuid;
    char *kind;
    int64_t count, amount_rao;
} ss__rd_event_count;

typedef struct ss__rd_metric {
    int64_t netuid;
    char *name, *detail;
    double value;
} ss__rd_metric;

typedef struct ss__rd_param {
    int64_t netuid;
    char *key, *value;
} ss__rd_param;

typedef struct ss__rd {
    int schema_version;
    char *generator, *log_level;
    int64_t sample_every;
    /* The run row. */
    char *scenario_name, *scenario_file, *scenario_sha256, *scenario_text, *seed, *version;
    char *started_at, *finished_at, *status, *error;
    int64_t blocks;
    /* Which optional tables and columns the database has. */
    int has_uid_epochs, has_weights, has_bonds, has_subnet_epochs, has_network, has_events;
    int has_metrics, has_metric_epochs, has_params, has_root_rao;
    int64_t uid_epoch_rows, weight_rows, bond_rows;
    ss__rd_subnet *subnets;      /* by netuid */
    size_t n_subnets;
    size_t *detail;              /* indices of the subnets shown in detail, by netuid */
    size_t n_detail;
    int64_t issued_rao, owner_rao, miner_rao, validator_rao, root_rao, burned_rao;
    size_t n_neurons, n_epochs, n_adversaries;
    int64_t first_block, last_block;   /* of any epoch */
    /* network (v2): total issuance and root stake over time. */
    size_t n_network;
    double *net_days, *net_issuance_tao, *net_root_stake_tao;
    ss__rd_event_count *events;
    size_t n_events;
    int64_t event_total;
    ss__rd_metric *metrics;
    size_t n_metrics;
    ss__rd_series *metric_series;      /* metric_epochs for the network and detail subnets */
    size_t n_metric_series;
    ss__rd_param *params;
    size_t n_params;
    /* Storage the subnets' neuron and epoch slices point into. */
    ss__rd_neuron *neuron_store;
    ss__rd_epoch *epoch_store;
} ss__rd;

/*
** Reads the database at path into a new ss__rd (free with ss__rd_free).
** Fails with SS_EINVAL when path is missing or is not a subnetsim run database.
*/
ss_status ss__rd_load(const char *path, const ss_report_options *opt, ss__rd **out,
                      ss_error *err);
void ss__rd_free(ss__rd *d);

/*
** Opens a run database read-only without leaving -wal or -shm files behind
** (an SQLite result code; *db must be closed even on failure).
*/
struct sqlite3;
int ss__rd_open_readonly(const char *path, struct sqlite3 **db);

/* The registration holding uid at block, or NULL. */
const ss__rd_neuron *ss__rd_neuron_at(const ss__rd_subnet *s, int64_t uid, int64_t block);

/* The subnet with netuid, or NULL. */
const ss__rd_subnet *ss__rd_subnet_find(const ss__rd *d, int64_t netuid);

/* Days since genesis at block (7200 blocks a day). */
double ss__rd_days(int64_t block);

#endif
