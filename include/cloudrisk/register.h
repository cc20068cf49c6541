/*
 * cloudrisk/register.h -- the risk register: every assessment of every
 * service, kept in an embedded SQLite database (the batch re-assessment of a
 * fleet that fills it is in cloudrisk/batch.h).
 *
 * The register records runs.  A run is one assessment of one service under
 * one configuration (inputs' SHA-256, model version, acceptance-criteria
 * version, seed, trials) at a time the caller gives (never the clock: the
 * same batch replayed gives the same register).  A run holds per-risk
 * results (inherent and residual levels, Monte Carlo loss summaries), the
 * gaps (required controls not implemented), the treatment plan, and later the
 * approvals management records against it.
 *
 * Guarantees (doc/register.md explains how):
 *   - every run is written in one transaction (in a batch, one savepoint of a
 *     group transaction committed every few tens of milliseconds): it is in
 *     the register whole or not at all, whatever kills the process and when;
 *   - several processes may write one register at once (WAL, busy timeout,
 *     retried BEGIN IMMEDIATE); none corrupts it or loses a run;
 *   - the schema is versioned (PRAGMA user_version) and migrated forward on
 *     open, each migration in one transaction;
 *   - every statement is prepared with bound parameters: no SQL is ever built
 *     from input text.
 *
 * A cr_register handle is one database connection; use it from one thread at
 * a time.  Open one handle per thread or process that needs one.
 */
#ifndef CLOUDRISK_REGISTER_H
#define CLOUDRISK_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (PRAGMA user_version). */
#define CR_REGISTER_SCHEMA_VERSION 8
/* The file name used when no --db is given. */
#define CR_REGISTER_DEFAULT_PATH "cloudrisk.db"

typedef struct cr_register cr_register;
typedef enum cr_reg_format { CR_REG_CSV = 0, CR_REG_JSON = 1, CR_REG_TEXT = 2 } cr_reg_format;

typedef enum cr_register_mode {
    CR_REGISTER_CREATE = 0,  /* create the file if missing; migrate forward */
    CR_REGISTER_EXISTING = 1, /* the file must exist; migrate forward */
    CR_REGISTER_READ = 2      /* the file must exist; opened read-only (a register of an
                               * older schema is migrated forward first) */
} cr_register_mode;

/* Open (and create or migrate) a register.  Refuses a file that is not a
 * cloudrisk register, or one written by a newer schema than this library
 * knows; a file of another application is refused before anything is
 * written to it. */
CR_PUBLIC cr_status cr_register_open(const char *path, cr_register_mode mode, cr_register **out,
                                     cr_error *err);
CR_PUBLIC void cr_register_close(cr_register *reg);
/* The schema version of an open register (after migration: the current one). */
CR_PUBLIC int cr_register_schema_version(const cr_register *reg);
/* PRAGMA integrity_check and foreign_key_check; CR_OK when both are clean,
 * else CR_ERR_FAILED with the first problem in err. */
CR_PUBLIC cr_status cr_register_check(cr_register *reg, cr_error *err);

/* How many services, runs and approvals the register holds. */
CR_PUBLIC cr_status cr_register_counts(cr_register *reg, long *services, long *runs, long *approvals,
                                       cr_error *err);

/* ---- what a run holds ---------------------------------------------------- */

/* A Monte Carlo summary of annual loss: the one loss summary
 * (loss_summary.h), of which the register keeps the mean, its standard error
 * (mean_se) and P50, P90, P95, P99; read back, the other figures are NAN
 * and `years` is the run's trials.  years = 0: none.  A simulated run
 * (trials > 0) has the residual loss of every risk and in total; the
 * inherent and target losses are there when the run simulated them too.  A
 * qualitative run (trials = 0) has none. */
typedef cr_loss_summary cr_reg_loss;

/* Levels are kept by name (as the acceptance criteria call them) and by
 * rank: the level's position in the criteria's scale, 0 for the lowest, so
 * that registers can be summarised and ordered without the criteria file. */
typedef struct cr_reg_risk {
    char *risk_id;
    int inherent_impact, inherent_likelihood;
    char *inherent_level;
    int inherent_rank;
    int residual_impact, residual_likelihood;
    char *residual_level;
    int residual_rank;
    char *target_level;      /* after the treatment plan; NULL without a plan */
    int target_rank;         /* -1 without a plan */
    char *treatment;         /* reduce / accept / avoid / transfer; NULL when none */
    char *treatment_reason;  /* NULL when none */
    cr_reg_loss inherent_loss, residual_loss, target_loss;
} cr_reg_risk;

typedef struct cr_reg_gap {
    char *risk_id;
    char *control_id;
} cr_reg_gap;

typedef struct cr_reg_plan_item {
    char *control_id;
    char *risks;            /* the risk ids it addresses, separated by spaces */
    char *option;           /* reduce / accept / avoid / transfer */
    int priority;           /* 1 = first */
    char *owner;            /* NULL when none */
    double cost_once, cost_annual;
    char *due;              /* YYYY-MM-DD, NULL when none */
    double loss_reduction;  /* expected annual loss bought; NAN when not simulated */
    char *control_status;   /* the control's assessed status when planned
                               ("not_implemented", "planned", "partial"); NULL before
                               schema 6 */
} cr_reg_plan_item;

/* A decision (the approval record, plan.h's decision object as the register
 * keeps it): management's decision on one subject of a run's approval
 * sheet, with the state that sheet showed (the signed state) and its hash.
 * A later decision on the same subject of the same service supersedes it
 * (kept as history); cr_decision_judge marks it stale. */
typedef struct cr_reg_approval {
    int64_t id;              /* set by the register */
    int64_t run_id;          /* the run whose sheet was signed */
    char *service_id;        /* filled when read back */
    cr_subject_kind subject_kind;
    char *subject;           /* a risk id, a plan item's control id, or "plan" */
    char *approver;
    char *decision;          /* approved / rejected / approved_with_conditions / revoked */
    char *decided_on;        /* YYYY-MM-DD */
    char *note;              /* NULL when none; the reason of a revocation */
    char *minutes;           /* reference to the minutes; NULL when none */
    char *conditions;        /* approved_with_conditions: the conditions */
    char *accepted_until;    /* YYYY-MM-DD: the decision expires after it */
    cr_signed_state signed_state; /* the state signed, with the sheet's hash
                                     (decisions recorded before schema 6: the
                                     run's residual, no hash) */
    int64_t superseded_by;   /* the later decision on the subject, or 0 */
    int64_t stale_run_id;    /* the later run that made it stale, or 0 */
    char *stale_reason;      /* why, or NULL */
    /* filled when read back: the one rule's verdict today */
    cr_decision_status status;
    char *source;            /* where it came from ("FILE:LINE", "register approve") */
} cr_reg_approval;

/* One subject of a run's approval sheet with the state the sheet shows. */
typedef struct cr_reg_sheet_row {
    cr_subject_kind kind;
    char *subject;
    cr_signed_state state;
} cr_reg_sheet_row;

typedef struct cr_reg_run {
    int64_t id;           /* set by the register (0 before recording) */
    char run_key[65];     /* set by the register: see doc/register.md */
    int64_t seq;          /* the run's number within its service, from 1 */
    char *service_id;
    char *service_name;
    char *owner;          /* NULL when none */
    char *source;         /* the service file as given; NULL when none */
    char inputs_sha256[65];
    char *model_version;
    char *criteria_version;
    uint64_t seed;
    uint64_t trials;      /* 0 = qualitative only; in precision mode, the trials taken */
    double precision;     /* precision mode's target (relative SE of the total's mean
                             and P99, 0.01 for 1%), or 0: trials as given */
    uint64_t max_trials;  /* precision mode's cap on trials (whole blocks); 0 without */
    char *run_time;       /* ISO 8601 UTC, "2025-04-01T09:00:00Z" */
    char *currency;       /* ISO 4217 code of every amount of the run ("JPY"), from
                             the model; NULL only in runs recorded before
                             registers kept it */
    char *assessor;       /* who ran the assessment (6.3.2); NULL when not recorded */
    char sheet_sha256[65]; /* the approval sheet's hash (the plan's input_sha256);
                              "" for a run without a plan */
    int review_interval_months; /* from the criteria; 0 in runs recorded before */
    char *input_parts;    /* the parts of the inputs, each with its SHA-256, as JSON:
                             {"estimate": {"CR07": hex, ...}, "criteria": {"impact_money":
                             hex, "appetite": hex, ...}, "model_file": {"risks": hex, ...}},
                             so that a comparison can name what changed; NULL in runs
                             recorded before schema 7 */
    cr_reg_loss inherent_total, residual_total, target_total;
    size_t n_sheet;
    cr_reg_sheet_row *sheet; /* the approval sheet's subjects (planned runs) */
    size_t n_risks;
    cr_reg_risk *risks;   /* in the model's order */
    size_t n_gaps;
    cr_reg_gap *gaps;     /* sorted by risk id, then control id */
    size_t n_plan_items;
    cr_reg_plan_item *plan_items; /* in priority order */
    /* Management's decisions on risks to record as approvals with the run,
     * in the run's transaction (a batch reads them from the service's
     * decisions file).  Each gives risk_id, approver, decision, decided_on
     * and note; recording fills run_id, level and loss from this run and
     * sets id.  A decision the service already has on record (same risk,
     * approver, decision, date and note, against any of its runs) is not
     * recorded again: id and run_id are then those of the approval on
     * record, so that a decisions file read again on a later run neither
     * doubles an approval nor refreshes one a change has made stale.  One
     * that comes with stale_reason set (stale before it is recorded, e.g.
     * taken on other inputs) is not recorded: its id stays 0.  Not filled
     * when a run is read back: cr_register_approvals lists them. */
    size_t n_approvals;
    cr_reg_approval *approvals;
} cr_reg_run;

/* The day a run's assessment is due for its periodic review: its date plus
 * its review interval (the default, CR_DEFAULT_REVIEW_MONTHS, for runs
 * recorded before intervals were kept), into buf[11]; "" when the run has no
 * valid time. */
CR_PUBLIC void cr_reg_run_review_due(const cr_reg_run *run, char buf[11]);

/* Zero a run; free everything a run owns (every string and array above). */
CR_PUBLIC void cr_reg_run_init(cr_reg_run *run);
CR_PUBLIC void cr_reg_run_clear(cr_reg_run *run);
/* Check a run is complete and well formed before recording: required
 * strings present, currency an ISO 4217 code, levels named, impact and
 * likelihood 1..5, losses finite and non-negative, time in the ISO 8601 form
 * above. */
CR_PUBLIC cr_status cr_reg_run_validate(const cr_reg_run *run, cr_error *err);
/* Check a currency code has the ISO 4217 form: three capital letters. */
CR_PUBLIC bool cr_reg_currency_valid(const char *code);
/* Check a time string has the form YYYY-MM-DDTHH:MM:SSZ (a real date). */
CR_PUBLIC bool cr_reg_time_valid(const char *text);

/* ---- recording ----------------------------------------------------------- */

CR_PUBLIC void cr_reg_approval_clear(cr_reg_approval *a);

/* What changed between two runs of a service (A earlier, B later). */
typedef struct cr_reg_risk_change {
    char *risk_id;
    char *inherent_from, *inherent_to; /* NULL when the inherent level did not change */
    char *residual_from, *residual_to; /* NULL when the residual level did not change */
    bool has_loss;                     /* both runs simulated */
    double loss_delta;                 /* residual mean, B - A */
    double noise;                      /* 2 sqrt(SE_A^2 + SE_B^2) */
    bool loss_significant;             /* |loss_delta| > noise */
} cr_reg_risk_change;

typedef struct cr_reg_change {
    int64_t run_a, run_b;              /* run_a = 0: B is the service's first run */
    bool inputs_changed, model_changed, criteria_changed, config_changed;
    bool currency_changed;             /* both runs name a currency, and not the same:
                                          their amounts are not compared (has_loss false) */
    char currency[4];                  /* of B's amounts; "" when B names none */
    size_t n_risk_changes;             /* only risks whose level or loss moved */
    cr_reg_risk_change *risk_changes;
    size_t n_opened, n_closed;
    cr_reg_gap *opened, *closed;       /* gaps in B not in A, and in A not in B */
    bool has_loss;                     /* both runs simulated */
    double loss_delta, noise;          /* residual total: B - A, 2 sqrt(SE_A^2 + SE_B^2) */
    bool loss_significant;
    size_t n_stale;
    cr_reg_approval *stale;            /* approvals this change made stale */
} cr_reg_change;

CR_PUBLIC void cr_reg_change_clear(cr_reg_change *c);
/* Compare two runs in memory (no approvals): level changes, gaps opened and
 * closed, loss change against the Monte Carlo noise.  a may be NULL (B is a
 * first run: every gap is opened, no level changes). */
CR_PUBLIC cr_status cr_reg_compare(const cr_reg_run *a, const cr_reg_run *b, cr_reg_change *out,
                         cr_error *err);
/* The one staleness rule (cr_decision_judge) applied to a recorded decision
 * and a run of its service: the subject's state now is the run's approval
 * sheet row (after-plan decisions) or the run's residual state of the risk
 * (decisions recorded before the register kept sheets).  as_of is the date
 * the expiry is judged on (YYYY-MM-DD; NULL: none).  False when the run
 * cannot judge it (an after-plan decision and a run drawn up without a
 * plan): nothing is said then. */
CR_PUBLIC bool cr_reg_approval_judge(const cr_reg_approval *a, const cr_reg_run *now,
                                     const char *as_of, double materiality,
                                     cr_decision_verdict *out);
#define CR_REG_DEFAULT_MATERIALITY CR_DECISION_DEFAULT_MATERIALITY

typedef enum cr_reg_outcome {
    CR_REG_RECORDED = 0,       /* a new run was written */
    CR_REG_ALREADY_CURRENT = 1 /* the latest run already has this configuration
                                  (another process recorded it): nothing written */
} cr_reg_outcome;

typedef struct cr_reg_record_options {
    bool force;                /* record even when the latest run has this configuration */
    double materiality;        /* for stale approvals; 0 means the default */
} cr_reg_record_options;

/* Record a run in one transaction (BEGIN IMMEDIATE, retried while another
 * writer holds the lock): the service, the run, its risks, gaps and plan, and
 * the decisions handed in with it as approvals (cr_reg_run.approvals); and
 * mark stale the approvals of the service that the new figures change
 * materially.  Unless options->force, a run whose configuration equals the
 * service's latest run is not written (CR_REG_ALREADY_CURRENT).  On
 * CR_REG_RECORDED, run->id, run->seq and run->run_key are set and `change`
 * (if not NULL) says what changed since the previous run. */
CR_PUBLIC cr_status cr_register_record_run(cr_register *reg, cr_reg_run *run,
                                           const cr_reg_record_options *options, cr_reg_outcome *outcome,
                                           cr_reg_change *change, cr_error *err);

/* Record a decision on a subject of a run's approval sheet (a->decision
 * "revoked" withdraws the subject's current decision).  Validated, nothing
 * written otherwise (CR_ERR_INPUT): the subject is on the run's sheet (a
 * run recorded without a plan: its risks); the date is not before the run
 * nor after `today` (YYYY-MM-DD); approved_with_conditions has its
 * conditions, a revocation its note (the reason), and there is a current
 * decision to revoke; accepted_until, when given, is after the date; the
 * decision is not older than the subject's current decision, nor a second,
 * different one of the same day (revoke that first).  The signed state and
 * the sheet's hash are the run's; accepted_until defaults to the date plus
 * the run's review interval.  The new decision supersedes the subject's
 * current one, which stays as history.  Sets a->id. */
CR_PUBLIC cr_status cr_register_add_approval(cr_register *reg, cr_reg_approval *a,
                                             const char *today, cr_error *err);

/* What needs a decision now: every subject of each service's latest
 * approval sheet (the plan and the risks on it) without a current decision:
 * none yet (first approval; "new" when the subject was not on the service's
 * previous sheet, such as a risk newly above the acceptable level), stale
 * (by the one rule), expired on `today` (YYYY-MM-DD), or revoked.  Empty
 * once each has a current decision.  In service order, then sheet order. */
typedef struct cr_reg_pending {
    char *service_id;
    int64_t run_id;           /* the latest run, whose sheet lists the subject */
    cr_subject_kind kind;
    char *subject;
    char *level;              /* its level on the sheet, NULL when none */
    int64_t decision_id;      /* the subject's latest decision, 0 when none */
    char *why;                /* "no decision yet", "newly above the acceptable level",
                                 or the stale reason */
    char *reason;             /* stable code: "none", "new", "expired", "level_rose", ... */
} cr_reg_pending;
CR_PUBLIC cr_status cr_register_pending(cr_register *reg, const char *service_id,
                                        const char *today, cr_reg_pending **out, size_t *n,
                                        cr_error *err);
CR_PUBLIC void cr_reg_pending_free(cr_reg_pending *p, size_t n);
CR_PUBLIC cr_status cr_reg_pending_write(const cr_reg_pending *p, size_t n,
                                         cr_reg_format format, cr_report_lang lang, FILE *out,
                                         cr_error *err);

/* ---- plan items across runs --------------------------------------------- */

/* A plan item keeps its identity across a service's runs: the service and
 * the control.  Its status on `today` follows the control's state in the
 * service's latest run and the due date it was first given:
 *   done         the control is in no gap of the latest run (implemented);
 *   dropped      not done, and the latest run's plan leaves it out (a later
 *                plan decided otherwise): no longer committed, never late;
 *   late         not done, and today is after the due date;
 *   in_progress  not done, the control partly implemented (or its work
 *                planned with a status of its own);
 *   planned      otherwise. */
typedef enum cr_item_status {
    CR_ITEM_PLANNED = 0,
    CR_ITEM_IN_PROGRESS = 1,
    CR_ITEM_DONE = 2,
    CR_ITEM_LATE = 3,
    CR_ITEM_DROPPED = 4
} cr_item_status;
CR_PUBLIC const char *cr_item_status_name(cr_item_status s); /* "planned", ... */

typedef struct cr_reg_item {
    char *service_id;
    char *control_id;
    char *owner;             /* when first planned; NULL when none */
    char *due;               /* YYYY-MM-DD, the due date first given; NULL when none */
    char *latest_due;        /* in the latest plan, NULL when not in it */
    int64_t first_run;       /* the run that first planned it */
    char *first_planned;     /* that run's date */
    int64_t latest_run;      /* the service's latest run */
    bool in_latest_plan;
    char *control_status;    /* in the latest run's plan, NULL when not there */
    cr_item_status status;
    long days_late;          /* late: days past the due date; 0 otherwise */
} cr_reg_item;

/* Every plan item of one service (NULL: all), by owner, then service and
 * control; only the late ones if late_only.  today: YYYY-MM-DD. */
CR_PUBLIC cr_status cr_register_items(cr_register *reg, const char *service_id, bool late_only,
                                      const char *today, cr_reg_item **out, size_t *n,
                                      cr_error *err);
CR_PUBLIC void cr_reg_items_free(cr_reg_item *items, size_t n);
CR_PUBLIC cr_status cr_reg_items_write(const cr_reg_item *items, size_t n, cr_reg_format format,
                                       cr_report_lang lang, FILE *out, cr_error *err);

/* ---- reading ------------------------------------------------------------- */

/* A run id from text: a decimal id, or a unique prefix (at least 8 hex
 * digits) of a run key.  CR_ERR_INPUT when there is no such run or the prefix
 * is ambiguous. */
CR_PUBLIC cr_status cr_register_find_run(cr_register *reg, const char *text, int64_t *run_id,
                                         cr_error *err);
/* Load a whole run (risks, gaps, plan). */
CR_PUBLIC cr_status cr_register_load_run(cr_register *reg, int64_t run_id, cr_reg_run *out,
                                         cr_error *err);
/* The latest run of a service (highest id); *found is false when none. */
CR_PUBLIC cr_status cr_register_latest_run(cr_register *reg, const char *service_id, cr_reg_run *out,
                                           bool *found, cr_error *err);
/* A service's runs, oldest first (each loaded whole). */
CR_PUBLIC cr_status cr_register_history(cr_register *reg, const char *service_id, cr_reg_run **runs,
                                        size_t *n_runs, cr_error *err);
CR_PUBLIC void cr_reg_runs_free(cr_reg_run *runs, size_t n);
/* Compare two recorded runs (of the same service, or not) and list the
 * approvals given against run A that B's figures make stale. */
CR_PUBLIC cr_status cr_register_diff(cr_register *reg, int64_t run_a, int64_t run_b,
                           double materiality, cr_reg_change *out, cr_error *err);
/* Decisions, in id order, with their status (superseded, revoked, stale --
 * marked by a run, or past accepted_until on `today`, YYYY-MM-DD or NULL --
 * or current): of one service (NULL: all); only the stale ones (of those
 * not superseded) if stale_only. */
CR_PUBLIC cr_status cr_register_approvals(cr_register *reg, const char *service_id,
                                          bool stale_only, const char *today,
                                          cr_reg_approval **out, size_t *n, cr_error *err);
CR_PUBLIC void cr_reg_approvals_free(cr_reg_approval *a, size_t n);

/* ---- export and merge ---------------------------------------------------- */


/* The current register (each service's latest run) as CSV (one row per
 * service and risk) or JSON (services with their latest run whole, and the
 * approvals), in service-id order. */
CR_PUBLIC cr_status cr_register_export(cr_register *reg, cr_reg_format format, FILE *out, cr_error *err);
/* The same rows as the CSV export, as an XLSX workbook with typed columns. */
CR_PUBLIC cr_status cr_register_export_xlsx(cr_register *reg, FILE *out, cr_error *err);

/* Fold the registers at in_paths into `out` (which may hold runs already),
 * one input per transaction.  Runs are identified by their run key, so
 * merging the same input twice, or shards in any order, gives the same set of
 * runs; approvals come along.  Inputs are migrated forward if older. */
CR_PUBLIC cr_status cr_register_merge(cr_register *out, const char *const *in_paths, size_t n_in,
                                      size_t *runs_added, cr_error *err);

/* "text", "csv" or "json"; false for anything else. */
CR_PUBLIC bool cr_reg_format_parse(const char *word, cr_reg_format *out);
/* The writers below (and cr_reg_pending_write, cr_reg_items_write) write
 * text in `lang` (CR_LANG_JA: the standard's terms, Japanese dates, money
 * and punctuation; what the register stores is unchanged); JSON and CSV are
 * for programs and spreadsheets, their keys, columns and codes the same in
 * either language. */
/* Approvals as text, JSON or CSV (what `cloudrisk register approvals` prints). */
CR_PUBLIC cr_status cr_reg_approvals_write(const cr_reg_approval *a, size_t n, cr_reg_format format,
                                           cr_report_lang lang, FILE *out, cr_error *err);
/* Text, JSON or CSV of a change (what `cloudrisk diff` prints). */
CR_PUBLIC cr_status cr_reg_change_write(const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                                        cr_reg_format format, cr_report_lang lang, FILE *out,
                                        cr_error *err);
/* A service's history as text, JSON or CSV. */
CR_PUBLIC cr_status cr_reg_history_write(const cr_reg_run *runs, size_t n, cr_reg_format format,
                                         cr_report_lang lang, FILE *out, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
