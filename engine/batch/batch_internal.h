/*
 * batch_internal.h -- the parts of `cloudrisk batch` (library-internal):
 * listing a fleet, the evaluator that turns one service into a run record,
 * the parallel driver, and the fleet summary.
 *
 * The driver knows nothing of scoring or simulation: it calls an evaluator
 * through the table below.  The real one (batch_eval.c) assesses, simulates
 * and plans; tests drive the same machinery with their own.
 */
#ifndef CR_BATCH_BATCH_INTERNAL_H
#define CR_BATCH_BATCH_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/batch.h"
#include "cloudrisk/register.h"
#include "cloudrisk/simulate.h"

/* ---- the fleet -------------------------------------------------------------- */

typedef struct batch_item {
    char *service_path;  /* as found (directory entry or manifest row, resolved) */
    char *controls_path; /* control-status checklist (CSV or XLSX), or NULL */
    long manifest_line;  /* the manifest row it came from, or 0 */
    /* The service file's absolute path with no symbolic link in it (what
     * realpath(3) gives), as the register records it; NULL when the driver
     * is to resolve it.  A directory listing fills it from the directory's
     * own resolved path, once, instead of resolving every file apart. */
    char *source;
    char *decisions_path; /* management's decisions on its plan (JSON, CSV or XLSX), or NULL */
    /* A second decisions file found beside the service (NAME.decisions.csv
     * when decisions_path is NAME.decisions.json): which one holds the
     * decisions is unclear, and the service fails with both named. */
    char *decisions_other;
    /* The same for a second checklist (NAME.xlsx beside NAME.csv). */
    char *controls_other;
} batch_item;

/* List a fleet: a directory (every NAME.json, with NAME.csv or NAME.xlsx
 * beside it as its checklist and NAME.decisions.json, .csv or .xlsx as its
 * decisions when present, in byte order of names; NAME.decisions.json is
 * not a service) or a manifest (CSV with a "service" column and optional
 * "controls" and "decisions" columns; relative paths are taken from the
 * manifest's directory; rows in file order). */
cr_status batch_list(const char *input, batch_item **items, size_t *n, cr_error *err);
void batch_items_free(batch_item *items, size_t n);

/* ---- evaluating one service ------------------------------------------------ */

typedef struct batch_params {
    uint64_t trials;      /* 0: qualitative only; in precision mode, > 0 and not used */
    uint64_t seed;
    const char *run_time; /* recorded in every run */
    const char *assessor; /* recorded in every run, or NULL */
    double precision;     /* > 0: precision mode (simulate.h), the target */
    uint64_t max_trials;  /* precision mode's cap, in whole blocks */
} batch_params;

typedef struct batch_evaluator {
    void *ctx;
    const char *model_version;
    const char *criteria_version;
    /* SHA-256 of whatever the inputs' hash covers besides the service's own
     * files (the model's files, the calibration): a file fingerprint stands
     * for the inputs' hash only while this is unchanged. */
    const char *context_sha256;
    /* The inputs' SHA-256 from the files' bytes alone, without parsing: the
     * same value `evaluate` records, so that an unchanged service is skipped
     * for the price of hashing it. */
    cr_status (*inputs_hash)(void *ctx, const batch_item *item, char hex[65], cr_error *err);
    /* Parse and validate the service; *loaded is handed to evaluate and
     * release.  *service_id points into it. */
    cr_status (*load)(void *ctx, const batch_item *item, void **loaded, const char **service_id,
                      cr_error *err);
    /* The inputs' hash of a loaded service, from the hashes its loading took
     * of the bytes it read (the same value as inputs_hash). */
    void (*loaded_hash)(void *ctx, void *loaded, char hex[65]);
    /* Assess (and simulate and plan) a loaded service into a run record
     * (everything but the register's own fields).  With trial_losses (not
     * NULL) and params->trials > 0, also hand over the residual annual loss
     * of each simulated year: run->trials doubles (the trials taken: those
     * given, or precision mode's) in trial order, the caller's to free. */
    cr_status (*evaluate)(void *ctx, void *loaded, const batch_params *params, cr_reg_run *run,
                          double **trial_losses, cr_error *err);
    void (*release)(void *ctx, void *loaded);
    /* The residual annual loss of each simulated year of a loaded service,
     * as evaluate hands it over, without drawing up a run (for services
     * skipped as unchanged but wanted in the fleet's total), *n_trials of
     * them.  May be NULL: the batch then refuses --fleet-loss. */
    cr_status (*trial_losses)(void *ctx, void *loaded, const batch_params *params,
                              double **trial_losses, uint64_t *n_trials, cr_error *err);
    /* The acceptance criteria's risk appetite as an annual loss, or NAN. */
    double appetite_annual_loss;
    /* ISO 4217 code of the amounts the evaluator's runs record ("JPY"). */
    const char *currency;
    /* The acceptance criteria (the levels' names in both languages), or
     * NULL (a test's evaluator: levels are then shown by their ids). */
    const cr_criteria *criteria;
} batch_evaluator;

/* The real evaluator: the model under data_dir, under the organisation
 * profile org_path when not NULL (batch --org: scales, appetite, criteria
 * and capacity for the whole fleet); assess, and with trials simulate and
 * (with plan) draw up the treatment plan. */
cr_status batch_evaluator_open(const char *data_dir, const char *org_path, uint64_t trials,
                               bool plan, batch_evaluator *ev, cr_error *err);
void batch_evaluator_close(batch_evaluator *ev);

/* batch_parts.c: the parts of a run's inputs with their hashes, as compact
 * JSON (cr_reg_run.input_parts).  batch_model_parts: the parts every service
 * under the model shares (criteria, model files), once per batch;
 * batch_input_parts: a service's, with those.  NULL when out of memory. */
char *batch_model_parts(const cr_model *m);
char *batch_input_parts(const char *model_parts, const cr_service *service);

/* batch_tables.c: the tables of the PERT distributions' Beta shapes, built
 * once per batch and shared by its services' simulations. */
#define BATCH_TABLES_MAX 64

typedef struct batch_tables {
    pthread_mutex_t lock;
    bool ready; /* the lock was created */
    size_t n;
    struct {
        double a, b;
        struct cr_beta_table *table; /* owned */
    } entry[BATCH_TABLES_MAX];
} batch_tables;

cr_status batch_tables_init(batch_tables *t, cr_error *err);
void batch_tables_free(batch_tables *t);
/* Point the portfolio's PERT distributions at the shared tables of their
 * shapes (cr_dist.table), building those not yet built. */
void batch_tables_share(batch_tables *t, cr_portfolio *p);

/* ---- the driver -------------------------------------------------------------- */

/* How long a file must have been left alone before its fingerprint is
 * trusted (file times have a coarse granularity: a file written again within
 * the same tick can keep its times). */
#define BATCH_SETTLE_SECONDS 2.0

/* How long the writer keeps one group transaction open while runs come in
 * (reg_group_begin): long enough to spare most commits, short enough that a
 * concurrent batch waits little and a kill loses little. */
#define BATCH_GROUP_SECONDS 0.05

/* Memory the driver's window may give to services' simulated years held
 * for the fleet's total (see batch_run.c). */
#define BATCH_TRIALS_MEMORY ((size_t)64 * 1024 * 1024)

typedef struct batch_tuning {
    double settle_seconds;
} batch_tuning;

/* cr_batch_run with a given evaluator; tuning NULL means the defaults. */
cr_status batch_run_with(const cr_batch_options *options, const batch_evaluator *ev,
                         const batch_tuning *tuning, cr_batch_stats *stats, cr_error *err);

/* Opens an evaluator into *ev; on failure leaves nothing to close. */
typedef cr_status (*batch_open_fn)(void *arg, batch_evaluator *ev, cr_error *err);
/* The same, opening the evaluator with open(open_arg, ev) on another thread
 * while the fleet is listed and the register read.  Whether or not the batch
 * then succeeds, the caller closes *ev if open succeeded (which it can tell
 * from its own open function). */
cr_status batch_run_opening(const cr_batch_options *options, batch_open_fn open, void *open_arg,
                            batch_evaluator *ev, const batch_tuning *tuning,
                            cr_batch_stats *stats, cr_error *err);

/* ---- the fleet summary ---------------------------------------------------- */

/* One re-assessed service's change, kept for the summary. */
typedef struct batch_change {
    char *service_id;
    cr_reg_change change;
} batch_change;

typedef struct fleet_level_row {
    char *risk_id;
    char *level;
    int rank;
    long inherent, residual; /* services with the risk at this level */
} fleet_level_row;

typedef struct fleet_control_row {
    char *control_id;
    long services;          /* services with it as a gap */
    long risk_gaps;         /* (service, risk) pairs it is a gap of */
    double loss_at_stake;   /* residual mean loss of those risks; NAN unless simulated */
    long planned_services;  /* services whose plan takes it */
    double planned_reduction; /* sum of those plans' loss reduction; NAN without plans */
} fleet_control_row;

/* ---- the fleet's total annual loss, trial by trial -------------------------- */

/* The running sum over services of each simulated year's residual loss:
 * total_t = sum over the services added of L_{s,t}, over the years every
 * service added has (the common prefix: see batch_fleet_loss.c).  One array
 * for the whole fleet; a service's own years are added and dropped. */
typedef struct fleet_trials {
    uint64_t trials; /* years in the total: the fewest any service added has */
    bool varying;    /* precision mode: services take trials of their own */
    double *total;   /* `trials` doubles; NULL until the first service (or init) */
    size_t services; /* services added */
} fleet_trials;

/* A total of `trials` years each; trials = 0: precision mode, each
 * service's own number of years (the total then keeps the first T of
 * every service, T the fewest any has). */
cr_status fleet_trials_init(fleet_trials *ft, uint64_t trials, cr_error *err);
/* Add one service's n years.  Callers add the services in fleet order
 * (see batch_fleet_loss.c).  Fails only for want of memory. */
cr_status fleet_trials_add(fleet_trials *ft, const double *losses, uint64_t n, cr_error *err);
void fleet_trials_free(fleet_trials *ft);

#define FLEET_MAX_THRESHOLDS 8

/* What the summary shows of the total. */
typedef struct fleet_total_loss {
    size_t covered;          /* services whose years are in the total */
    uint64_t trials;
    bool common_prefix;      /* precision mode: the first `trials` years of every service */
    cr_sim_stats stats;      /* of total_t over the trials */
    double appetite;         /* the criteria's, or NAN */
    size_t n_thresholds;
    double threshold[FLEET_MAX_THRESHOLDS];
    double p_exceed[FLEET_MAX_THRESHOLDS];    /* P(total > threshold) */
    double p_exceed_se[FLEET_MAX_THRESHOLDS]; /* sqrt(p (1 - p) / trials) */
} fleet_total_loss;

/* Summarise the total (ft->total is sorted in place: add nothing after). */
cr_status fleet_total_loss_compute(fleet_trials *ft, double appetite, fleet_total_loss *out,
                                   cr_error *err);

typedef struct fleet_service_loss {
    char *service_id;
    char *service_name;
    double mean, se, p95, p99;
    uint64_t trials;         /* simulated years of its latest run */
} fleet_service_loss;

#define FLEET_HISTOGRAM_BINS 12

typedef struct fleet_summary {
    /* identity */
    char fleet_sha256[65];   /* over the sorted (service id, inputs hash) of the fleet */
    const char *model_version, *criteria_version, *run_time;
    bool ja;                     /* the page in Japanese (batch --lang ja) */
    const cr_criteria *criteria; /* the levels' names (may be NULL) */
    /* Of every amount: each service's latest run is under this batch's model
     * (a run under another is re-assessed, never skipped), so one currency. */
    const char *currency;
    uint64_t seed, trials;
    double precision;        /* precision mode's target, or 0 (trials as given) */
    uint64_t max_trials;     /* precision mode's cap */
    /* precision mode: of the simulated services' latest runs, the fewest and
     * most trials taken, and how many ran to their cap */
    uint64_t trials_least, trials_most;
    long at_cap;
    unsigned shard_index, shard_count;
    cr_batch_stats stats;
    /* the fleet's current state: each service's latest run */
    long services;
    long simulated;           /* of them, with a simulated latest run */
    size_t n_levels;          /* risk x level rows, risks in model order, worst first */
    fleet_level_row *levels;
    size_t n_level_names;     /* the level names seen, lowest rank first */
    char **level_names;
    long *level_totals;       /* residual (service, risk) pairs per level name */
    size_t n_gaps;            /* most common gaps, at most FLEET_TOP */
    fleet_control_row *gaps;
    size_t n_treat;           /* controls that would treat the most risk, at most FLEET_TOP */
    fleet_control_row *treat;
    const char *treat_measure; /* "planned_reduction", "loss_at_stake" or "risk_gaps" */
    /* loss distribution across services (simulated latest runs only) */
    double total_mean, total_se;  /* sum of means; sqrt of the sum of SE^2 */
    double service_p50, service_p90, service_p99; /* of the services' mean annual loss */
    double bin_edges[FLEET_HISTOGRAM_BINS + 1];
    long bin_counts[FLEET_HISTOGRAM_BINS];
    size_t n_top;                /* services with the largest mean loss */
    fleet_service_loss *top;
    /* the fleet's total annual loss per simulated year: NULL when the batch
     * is qualitative or no service's years were simulated in it */
    const fleet_total_loss *annual_total;
    bool fleet_loss_asked;       /* --fleet-loss: skipped services simulated too */
    /* this batch's changes, in fleet order */
    size_t n_changes;
    const batch_change *changes;
    /* what needs management's decision now in the fleet (register approvals
     * --pending, on the run's date), in service order */
    size_t n_pending;
    cr_reg_pending *pending;
} fleet_summary;

#define FLEET_TOP 20

/* What the summary's total annual loss covers. */
typedef enum fleet_total_scope {
    TOTAL_NOT_SIMULATED = 0, /* a qualitative batch */
    TOTAL_NONE = 1,          /* simulated, but no service's years in this batch */
    TOTAL_PARTIAL = 2,       /* the re-assessed services only */
    TOTAL_FLEET = 3          /* every service of the summary */
} fleet_total_scope;
fleet_total_scope fleet_summary_scope(const fleet_summary *f);
/* One sentence on what the total covers, in English or Japanese. */
void fleet_coverage_note(const fleet_summary *f, bool ja, char *buf, size_t size);
/* What threshold k of the total's table is: the appetite, or a round figure. */
const char *fleet_threshold_basis(const fleet_total_loss *t, size_t k, bool ja);

/* Fill f->pending: the decisions the fleet's services need now (after
 * fleet_summary_build, with f->run_time set: they are judged on its date). */
cr_status fleet_summary_pending(cr_register *reg, fleet_summary *f, cr_error *err);

/* Build the summary from the register: the services listed in the
 * connection's temp.batch_services table, each at its latest run. */
cr_status fleet_summary_build(cr_register *reg, fleet_summary *s, cr_error *err);
void fleet_summary_free(fleet_summary *s);
/* Write fleet-summary.json, .csv and .html into dir (each through a
 * temporary file and a rename). */
cr_status fleet_summary_write_dir(const fleet_summary *s, const char *dir,
                                  const volatile sig_atomic_t *stop, cr_error *err);
cr_status fleet_summary_write_json(const fleet_summary *s, FILE *out, cr_error *err);
cr_status fleet_summary_write_csv(const fleet_summary *s, FILE *out, cr_error *err);
cr_status fleet_summary_write_html(const fleet_summary *s, FILE *out, cr_error *err);

#endif
