/*
 * reg_internal.h -- what the register's source files share (library-internal):
 * the connection handle, its cache of prepared statements, transactions that
 * wait for other writers, and SQLite errors turned into cr_error values.
 */
#ifndef CR_REGISTER_REG_INTERNAL_H
#define CR_REGISTER_REG_INTERNAL_H

#include <sqlite3.h>

#include "cloudrisk/register.h"
#include "register/register_iface.h"

/* Every statement the register runs, prepared once per connection (see
 * reg_stmt.c for their text).  Each takes its values as bound parameters. */
typedef enum reg_stmt_id {
    REG_SERVICE_FIND,
    REG_SERVICE_INSERT,
    REG_RUN_LATEST_OF_SERVICE,
    REG_RUN_KEY_EXISTS,
    REG_RUN_INSERT,
    REG_RUN_LOSS_INSERT,
    REG_RISK_INSERT,
    REG_RISK_LOSS_INSERT,
    REG_GAP_INSERT,
    REG_GAP_INSERT_MANY, /* REG_GAPS_PER_INSERT gaps of one run at once */
    REG_PLAN_INSERT,
    REG_RUN_SELECT,
    REG_RUN_LOSS_SELECT,
    REG_RISK_SELECT,
    REG_RISK_LOSS_SELECT,
    REG_GAP_SELECT,
    REG_PLAN_SELECT,
    REG_RUN_BY_KEY_PREFIX,
    REG_RUN_EXISTS,
    REG_RUNS_OF_SERVICE,
    REG_APPROVAL_INSERT,
    REG_APPROVAL_NEXT_ID,
    REG_APPROVAL_SUPERSEDE,
    REG_APPROVAL_CURRENT_OF_SUBJECT,
    REG_SHEET_INSERT,
    REG_SHEET_SELECT,
    REG_APPROVALS_CURRENT_OF_SERVICE,
    REG_APPROVALS_OF_RUN,
    REG_APPROVAL_MARK_STALE,
    REG_APPROVALS_LIST,
    REG_LATEST_RUNS,
    REG_STAMP_UPSERT,
    REG_APPROVAL_SAME,
    REG_STMT_COUNT
} reg_stmt_id;

/* A run has about a hundred gaps; inserting them sixteen to a statement
 * halves what they cost (one statement execution per row was most of it). */
#define REG_GAPS_PER_INSERT 16

struct cr_register {
    sqlite3 *db;
    char *path;
    int version;
    sqlite3_stmt *stmts[REG_STMT_COUNT];
    bool group; /* a group transaction is open (reg_group_begin): runs are
                   recorded in savepoints of it */
};

/* Open at a given schema version (tests build old registers with it);
 * cr_register_open is this with CR_REGISTER_SCHEMA_VERSION. */
cr_status reg_open_at_version(const char *path, cr_register_mode mode, int target_version,
                              cr_register **out, cr_error *err);
/* Apply the migrations after the database's version up to target, each in
 * its own transaction. */
/* Refuse a file that is not a cloudrisk register (another application's
 * database) before anything is written to it; *version is its schema version
 * (0 for a new, empty file).  Reads only. */
cr_status reg_check_ours(cr_register *reg, int *version, cr_error *err);
cr_status reg_migrate(cr_register *reg, int target_version, cr_error *err);
/* The description of migration v (1-based), for the schema_history table. */
const char *reg_migration_description(int version);

/* A prepared, reset statement with no bindings (owned by the handle). */
sqlite3_stmt *reg_stmt(cr_register *reg, reg_stmt_id id, cr_error *err);
void reg_stmts_finalize(cr_register *reg);

/* Step a statement that returns no rows; SQLITE_DONE -> CR_OK. */
cr_status reg_step_done(cr_register *reg, sqlite3_stmt *st, const char *what, cr_error *err);

/* Load a run with everything in it, without opening a transaction (runs are
 * never changed once written, so statement-by-statement reads agree). */
cr_status reg_load_run(cr_register *reg, int64_t run_id, cr_reg_run *out, cr_error *err);
/* Read one approvals row from a statement selecting the columns listed by
 * REG_APPROVAL_COLUMNS, in that order. */
#define REG_APPROVAL_COLUMNS                                                                 \
    "a.id, a.run_id, s.service_key, a.subject_kind, a.subject, a.approver, a.decision, "     \
    "a.decided_on, a.note, a.minutes, a.conditions, a.accepted_until, a.signed_state, "      \
    "a.level, a.level_rank, a.loss_mean, a.loss_se, a.loss_p95, a.items_sha256, "            \
    "a.sheet_sha256, a.superseded_by, a.stale_run_id, a.stale_reason, a.source"
cr_status reg_read_approval(sqlite3_stmt *st, cr_reg_approval *a, cr_error *err);
/* Step a bound approvals statement to its end, collecting every row. */
cr_status reg_collect_approvals(cr_register *reg, sqlite3_stmt *st, cr_reg_approval **out,
                                size_t *n, cr_error *err);

/* The risk of a run with this id, or NULL. */
const cr_reg_risk *reg_find_risk(const cr_reg_run *run, const char *risk_id);
/* Insert one decision row as the subject's current decision, superseding
 * the one before (inside the caller's transaction); sets a->id.  The caller
 * has validated it. */
cr_status reg_insert_decision(cr_register *reg, int64_t service_id, cr_reg_approval *a,
                              cr_error *err);
/* The subject's current decision (not superseded) of a service; *found false
 * when none. */
cr_status reg_current_decision(cr_register *reg, int64_t service_id, const char *subject,
                               cr_reg_approval *out, bool *found, cr_error *err);
/* A decision's status from what the register holds, and `today` for its
 * expiry (NULL: not judged): superseded, revoked, stale (marked by a run, or
 * expired), current. */
cr_decision_status reg_decision_status(const cr_reg_approval *a, const char *today);
/* A signed state from the columns basis, level, level_rank, expected loss,
 * its SE, P95 and items' hash, in that order from column `first`. */
void reg_read_state(sqlite3_stmt *st, int first, cr_signed_state *s);
/* reg_parts.c: the estimates, criteria and model files whose hashes differ
 * between two runs' input parts, as a JSON array (null when either run has
 * none; as lines of a document: reg_doc.h). */
cJSON *reg_changed_parts_json(const cr_reg_run *a, const cr_reg_run *b);
/* The state a run's sheet shows for a subject, or NULL. */
const cr_reg_sheet_row *reg_find_sheet_row(const cr_reg_run *run, const char *subject);
/* Compare a service's current approvals with `run` and mark stale those it
 * changes materially (inside the caller's transaction); when change is not
 * NULL the stale ones are appended to change->stale. */
cr_status reg_mark_stale_approvals(cr_register *reg, int64_t service_id, const cr_reg_run *run,
                                   double materiality, cr_reg_change *change, cr_error *err);
/* Re-check every current approval given on a run that is not its service's
 * latest against that latest run (after a merge brought later runs in). */
cr_status reg_restale_all(cr_register *reg, cr_error *err);

/* The run key: SHA-256 over the previous run's key and this run's identity
 * (doc/register.md gives the exact bytes). */
void reg_run_key(const cr_reg_run *run, const char *previous_key, char key[65]);


#endif
