/*
 * reg_schema.c -- the register's schema and its migrations.
 *
 * The schema version lives in the database header (PRAGMA user_version),
 * which SQLite changes inside the enclosing transaction: a migration and the
 * version that says it was applied commit together or not at all.  A
 * schema_history table keeps a readable line per applied migration.
 *
 * Migrations only ever move forward and are never edited once released: a
 * register written by version N is brought to the current version by
 * applying N+1, N+2, ... in order, each in its own BEGIN IMMEDIATE
 * transaction, re-reading the version inside it so that two processes
 * opening an old register at once apply each migration exactly once.
 *
 * PRAGMA application_id marks the file as a cloudrisk register, so that a
 * --db pointing at some other SQLite database is refused rather than
 * having tables added to it.
 */
#include <stdio.h>
#include <string.h>

#include "register/reg_internal.h"

/* 'C' 'R' 'r' 'g' */
#define REG_APPLICATION_ID 0x43527267

typedef struct reg_migration {
    const char *description;
    const char *sql;
} reg_migration;

/* Version 1: services, runs, per-risk results, losses and gaps. */
static const char migration_1[] =
    "CREATE TABLE schema_history (\n"
    "  version INTEGER PRIMARY KEY,\n"
    "  description TEXT NOT NULL\n"
    ");\n"
    /* A service is known by the id in its file; everything else about it
     * (name, owner, file) can change between runs and is kept per run. */
    "CREATE TABLE services (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  service_key TEXT NOT NULL UNIQUE\n"
    ");\n"
    "CREATE TABLE runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_key TEXT NOT NULL UNIQUE CHECK (length(run_key) = 64),\n"
    "  service_id INTEGER NOT NULL REFERENCES services(id),\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
    "  service_name TEXT NOT NULL,\n"
    "  owner TEXT,\n"
    "  source TEXT,\n"
    "  inputs_sha256 TEXT NOT NULL CHECK (length(inputs_sha256) = 64),\n"
    "  model_version TEXT NOT NULL,\n"
    "  criteria_version TEXT NOT NULL,\n"
    "  seed TEXT NOT NULL,\n"
    "  trials INTEGER NOT NULL CHECK (trials >= 0),\n"
    "  run_time TEXT NOT NULL,\n"
    "  UNIQUE (service_id, seq)\n"
    ");\n"
    "CREATE INDEX runs_by_service ON runs(service_id, id);\n"
    /* Monte Carlo summaries: of the whole service per run, and per risk. */
    "CREATE TABLE run_losses (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  state TEXT NOT NULL CHECK (state IN ('inherent', 'residual', 'target')),\n"
    "  mean REAL NOT NULL, se REAL NOT NULL,\n"
    "  p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL, p99 REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, state)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE risk_results (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  ord INTEGER NOT NULL,\n"
    "  risk_id TEXT NOT NULL,\n"
    "  inherent_impact INTEGER NOT NULL CHECK (inherent_impact BETWEEN 1 AND 5),\n"
    "  inherent_likelihood INTEGER NOT NULL CHECK (inherent_likelihood BETWEEN 1 AND 5),\n"
    "  inherent_level TEXT NOT NULL,\n"
    "  inherent_rank INTEGER NOT NULL CHECK (inherent_rank >= 0),\n"
    "  residual_impact INTEGER NOT NULL CHECK (residual_impact BETWEEN 1 AND 5),\n"
    "  residual_likelihood INTEGER NOT NULL CHECK (residual_likelihood BETWEEN 1 AND 5),\n"
    "  residual_level TEXT NOT NULL,\n"
    "  residual_rank INTEGER NOT NULL CHECK (residual_rank >= 0),\n"
    "  PRIMARY KEY (run_id, risk_id),\n"
    "  UNIQUE (run_id, ord)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE risk_losses (\n"
    "  run_id INTEGER NOT NULL,\n"
    "  risk_id TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('inherent', 'residual', 'target')),\n"
    "  mean REAL NOT NULL, se REAL NOT NULL,\n"
    "  p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL, p99 REAL NOT NULL,\n"
    "  PRIMARY KEY (run_id, risk_id, state),\n"
    "  FOREIGN KEY (run_id, risk_id) REFERENCES risk_results(run_id, risk_id)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE gaps (\n"
    "  run_id INTEGER NOT NULL,\n"
    "  risk_id TEXT NOT NULL,\n"
    "  control_id TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, risk_id, control_id),\n"
    "  FOREIGN KEY (run_id, risk_id) REFERENCES risk_results(run_id, risk_id)\n"
    ") WITHOUT ROWID;\n";

/* Version 2: treatment plans and management's approvals. */
static const char migration_2[] =
    "ALTER TABLE risk_results ADD COLUMN target_level TEXT;\n"
    "ALTER TABLE risk_results ADD COLUMN target_rank INTEGER CHECK (target_rank >= 0);\n"
    "ALTER TABLE risk_results ADD COLUMN treatment TEXT\n"
    "  CHECK (treatment IN ('reduce', 'accept', 'avoid', 'transfer'));\n"
    "ALTER TABLE risk_results ADD COLUMN treatment_reason TEXT;\n"
    "CREATE TABLE plan_items (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  seq INTEGER NOT NULL,\n"
    "  control_id TEXT NOT NULL,\n"
    "  risks TEXT NOT NULL,\n"
    "  option TEXT NOT NULL CHECK (option IN ('reduce', 'accept', 'avoid', 'transfer')),\n"
    "  priority INTEGER NOT NULL,\n"
    "  owner TEXT,\n"
    "  cost_once REAL NOT NULL CHECK (cost_once >= 0),\n"
    "  cost_annual REAL NOT NULL CHECK (cost_annual >= 0),\n"
    "  due TEXT,\n"
    "  loss_reduction REAL,\n"
    "  PRIMARY KEY (run_id, seq)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE approvals (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL,\n"
    "  risk_id TEXT NOT NULL,\n"
    "  approver TEXT NOT NULL,\n"
    "  decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected', 'changed')),\n"
    "  decided_on TEXT NOT NULL,\n"
    "  note TEXT,\n"
    "  level TEXT NOT NULL,\n"
    "  loss_mean REAL, loss_se REAL, loss_p50 REAL, loss_p90 REAL, loss_p95 REAL,\n"
    "  loss_p99 REAL,\n"
    "  stale_run_id INTEGER REFERENCES runs(id),\n"
    "  stale_reason TEXT,\n"
    "  UNIQUE (run_id, risk_id, approver, decided_on),\n"
    "  FOREIGN KEY (run_id, risk_id) REFERENCES risk_results(run_id, risk_id)\n"
    ");\n"
    "CREATE INDEX approvals_current ON approvals(stale_run_id, run_id);\n";

/* Version 3: fingerprints of the files a run read (device, inode, size,
 * modification and change times), so that a batch can tell a file has not
 * been touched without reading and hashing it.  They describe files on the
 * machine that ran the batch, so merging does not copy them. */
static const char migration_3[] =
    "CREATE TABLE source_stamps (\n"
    "  run_id INTEGER PRIMARY KEY REFERENCES runs(id),\n"
    "  context_sha256 TEXT NOT NULL,\n"
    "  service_dev INTEGER NOT NULL, service_ino INTEGER NOT NULL,\n"
    "  service_size INTEGER NOT NULL, service_mtime_ns INTEGER NOT NULL,\n"
    "  service_ctime_ns INTEGER NOT NULL,\n"
    "  checklist_dev INTEGER, checklist_ino INTEGER, checklist_size INTEGER,\n"
    "  checklist_mtime_ns INTEGER, checklist_ctime_ns INTEGER\n"
    ");\n";

/* Version 4: the currency of a run's amounts (losses, costs), ISO 4217, from
 * the model the run was assessed under.  Runs recorded before have none
 * (NULL): they can be read, but their amounts are not added to others'. */
static const char migration_4[] =
    "ALTER TABLE runs ADD COLUMN currency TEXT\n"
    "  CHECK (currency IS NULL OR (length(currency) = 3 AND currency GLOB '[A-Z][A-Z][A-Z]'));\n";

/* Version 5: the fingerprint of a decisions file read with the run, like
 * the checklist's. */
static const char migration_5[] =
    "ALTER TABLE source_stamps ADD COLUMN decisions_dev INTEGER;\n"
    "ALTER TABLE source_stamps ADD COLUMN decisions_ino INTEGER;\n"
    "ALTER TABLE source_stamps ADD COLUMN decisions_size INTEGER;\n"
    "ALTER TABLE source_stamps ADD COLUMN decisions_mtime_ns INTEGER;\n"
    "ALTER TABLE source_stamps ADD COLUMN decisions_ctime_ns INTEGER;\n";

/* Version 6: one decision object.  A decision is on a subject of a run's
 * approval sheet (a risk, a plan item, the plan), may carry minutes,
 * conditions and an accepted-until date, keeps the state the sheet showed
 * (which state, level, expected loss, P95, the plan's items) with the
 * sheet's hash, and is superseded by the next decision on its subject.
 * Runs keep their approval sheet, its hash, the assessor and the review
 * interval; plan items the status of their control when planned.  The approvals table is rebuilt (its CHECK on the decision
 * words and its key on risk results change): every approval is carried
 * over, "changed" as approved_with_conditions with its note as the
 * conditions, its residual state as the signed state, and all but the
 * newest of a subject's decisions marked superseded. */
static const char migration_6[] =
    "ALTER TABLE runs ADD COLUMN assessor TEXT;\n"
    "ALTER TABLE plan_items ADD COLUMN control_status TEXT;\n"
    "ALTER TABLE runs ADD COLUMN sheet_sha256 TEXT\n"
    "  CHECK (sheet_sha256 IS NULL OR length(sheet_sha256) = 64);\n"
    "ALTER TABLE runs ADD COLUMN review_interval_months INTEGER\n"
    "  CHECK (review_interval_months IS NULL OR review_interval_months BETWEEN 1 AND 120);\n"
    "CREATE TABLE sheet_subjects (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  ord INTEGER NOT NULL,\n"
    "  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('risk', 'item', 'plan')),\n"
    "  subject TEXT NOT NULL,\n"
    "  signed_state TEXT NOT NULL CHECK (signed_state IN ('residual', 'after_plan')),\n"
    "  level TEXT, level_rank INTEGER CHECK (level_rank IS NULL OR level_rank >= 0),\n"
    "  expected_loss REAL, expected_loss_se REAL, p95 REAL,\n"
    "  items_sha256 TEXT,\n"
    "  PRIMARY KEY (run_id, subject)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE decisions (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
    "  service_id INTEGER NOT NULL REFERENCES services(id),\n"
    "  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('risk', 'item', 'plan')),\n"
    "  subject TEXT NOT NULL,\n"
    "  approver TEXT NOT NULL,\n"
    "  decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected',\n"
    "    'approved_with_conditions', 'revoked')),\n"
    "  decided_on TEXT NOT NULL,\n"
    "  note TEXT, minutes TEXT, conditions TEXT, accepted_until TEXT,\n"
    "  signed_state TEXT NOT NULL CHECK (signed_state IN ('residual', 'after_plan')),\n"
    "  level TEXT, level_rank INTEGER,\n"
    "  loss_mean REAL, loss_se REAL, loss_p50 REAL, loss_p90 REAL, loss_p95 REAL,\n"
    "  loss_p99 REAL,\n"
    "  items_sha256 TEXT,\n"
    "  sheet_sha256 TEXT CHECK (sheet_sha256 IS NULL OR length(sheet_sha256) = 64),\n"
    /* Deferred: a merge marks decisions superseded before it knows by which. */
    "  superseded_by INTEGER REFERENCES decisions(id) DEFERRABLE INITIALLY DEFERRED,\n"
    "  stale_run_id INTEGER REFERENCES runs(id),\n"
    "  stale_reason TEXT,\n"
    "  source TEXT,\n"
    "  CHECK (decision <> 'approved_with_conditions' OR coalesce(conditions, '') <> ''),\n"
    "  CHECK (decision <> 'revoked' OR coalesce(note, '') <> '')\n"
    ");\n"
    "INSERT INTO decisions (id, run_id, service_id, subject_kind, subject, approver, decision,\n"
    "  decided_on, note, conditions, signed_state, level, level_rank, loss_mean, loss_se,\n"
    "  loss_p50, loss_p90, loss_p95, loss_p99, stale_run_id, stale_reason, source)\n"
    "SELECT a.id, a.run_id, r.service_id, 'risk', a.risk_id, a.approver,\n"
    "  CASE a.decision WHEN 'changed' THEN 'approved_with_conditions' ELSE a.decision END,\n"
    "  a.decided_on, a.note,\n"
    "  CASE a.decision WHEN 'changed' THEN coalesce(nullif(a.note, ''), '(not written down)')\n"
    "  END,\n"
    "  'residual', a.level, rr.residual_rank, a.loss_mean, a.loss_se, a.loss_p50, a.loss_p90,\n"
    "  a.loss_p95, a.loss_p99, a.stale_run_id, a.stale_reason, 'schema 5'\n"
    "FROM approvals a JOIN runs r ON r.id = a.run_id\n"
    "LEFT JOIN risk_results rr ON rr.run_id = a.run_id AND rr.risk_id = a.risk_id;\n"
    /* The newest decision of a subject (latest date, then latest id) is its
     * current one; the others are history. */
    "UPDATE decisions SET superseded_by = (\n"
    "  SELECT n.id FROM decisions n WHERE n.service_id = decisions.service_id\n"
    "    AND n.subject = decisions.subject\n"
    "  ORDER BY n.decided_on DESC, n.id DESC LIMIT 1)\n"
    "WHERE id <> (SELECT n.id FROM decisions n WHERE n.service_id = decisions.service_id\n"
    "    AND n.subject = decisions.subject ORDER BY n.decided_on DESC, n.id DESC LIMIT 1);\n"
    "DROP INDEX approvals_current;\n"
    "DROP TABLE approvals;\n"
    "CREATE INDEX decisions_of_run ON decisions(run_id);\n"
    "CREATE UNIQUE INDEX decisions_current ON decisions(service_id, subject)\n"
    "  WHERE superseded_by IS NULL;\n";

/* Version 7: the parts of a run's inputs, each with its hash (its workshop
 * estimates, the criteria and impact money in effect, the model's files), so
 * that `diff` names which estimate, profile field or model file changed.
 * Runs recorded before have none (NULL). */
static const char migration_7[] =
    "ALTER TABLE runs ADD COLUMN input_parts TEXT;\n";

/* Version 8: precision mode's target and cap (batch --precision): the
 * trials of such a run are an outcome, and an unchanged service is skipped
 * only when its latest run was made to the same target and cap.  NULL for
 * runs made at a fixed number of trials (every run recorded before). */
static const char migration_8[] =
    "ALTER TABLE runs ADD COLUMN precision REAL CHECK (precision IS NULL OR precision > 0);\n"
    "ALTER TABLE runs ADD COLUMN max_trials INTEGER CHECK (max_trials IS NULL OR max_trials > 0);\n";

static const reg_migration migrations[] = {
    {"services, runs, per-risk results, losses and gaps", migration_1},
    {"treatment plans and approvals", migration_2},
    {"file fingerprints for skipping unchanged services", migration_3},
    {"the currency of each run's amounts", migration_4},
    {"fingerprints of decisions files", migration_5},
    {"one decision object: subjects, signed state and sheet hash, supersession, "
     "expiry; approval sheets, assessors and review intervals of runs",
     migration_6},
    {"the parts of each run's inputs with their hashes, for naming what changed",
     migration_7},
    {"precision mode's target and cap on trials of each run", migration_8},
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(sizeof migrations / sizeof migrations[0] == CR_REGISTER_SCHEMA_VERSION,
               "one migration per schema version");

const char *reg_migration_description(int version)
{
    return version >= 1 && version <= N_MIGRATIONS ? migrations[version - 1].description : NULL;
}

static cr_status read_pragma_int(cr_register *reg, const char *sql, int *value, cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        cr_status s = reg_sql_error(reg, rc, "reading the schema version", err);
        sqlite3_finalize(st);
        return s;
    }
    *value = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return CR_OK;
}

/* A file we may take as ours: marked with our application id, or empty (no
 * tables at all: a new file, or one an aborted first open left blank).  One
 * statement reads all three facts, so they come from one snapshot even while
 * another process is migrating the same file. */
cr_status reg_check_ours(cr_register *reg, int *version, cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db,
                                "SELECT (SELECT application_id FROM pragma_application_id), "
                                "(SELECT user_version FROM pragma_user_version), "
                                "(SELECT count(*) FROM sqlite_master)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        cr_status s = reg_sql_error(reg, rc, "reading the schema version", err);
        sqlite3_finalize(st);
        return s;
    }
    int app_id = sqlite3_column_int(st, 0);
    *version = sqlite3_column_int(st, 1);
    int n_tables = sqlite3_column_int(st, 2);
    sqlite3_finalize(st);
    if (app_id == REG_APPLICATION_ID || (app_id == 0 && n_tables == 0 && *version == 0))
        return CR_OK;
    return cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL,
                        "not a cloudrisk register (an SQLite database with another "
                        "application's tables); give a new or existing register with --db");
}

static cr_status apply_one(cr_register *reg, int version, cr_error *err)
{
    cr_status s = reg_begin_write(reg, err);
    if (s)
        return s;
    int current = 0;
    s = reg_check_ours(reg, &current, err);
    if (s)
        goto fail;
    if (current >= version) { /* another process applied it while we waited */
        reg_rollback(reg);
        return CR_OK;
    }
    if (current != version - 1) {
        s = cr_error_set(err, CR_ERR_INTERNAL, reg->path, 0, NULL,
                         "schema version %d found while applying migration %d", current,
                         version);
        goto fail;
    }
    s = reg_exec(reg, migrations[version - 1].sql, "applying a schema migration", err);
    if (s)
        goto fail;
    /* PRAGMA takes no bound parameters; these numbers are our own constants,
     * never input. */
    char pragma[96];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             REG_APPLICATION_ID, version);
    s = reg_exec(reg, pragma, "setting the schema version", err);
    if (s)
        goto fail;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db,
                                "INSERT INTO schema_history (version, description) VALUES (?, ?)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int(st, 1, version);
        reg_bind_text(st, 2, migrations[version - 1].description);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        s = reg_sql_error(reg, rc, "recording the schema version", err);
        goto fail;
    }
    return reg_commit(reg, err);
fail:
    reg_rollback(reg);
    return s;
}

cr_status reg_migrate(cr_register *reg, int target_version, cr_error *err)
{
    int current = 0;
    cr_status s = reg_check_ours(reg, &current, err);
    if (s)
        return s;
    if (current > N_MIGRATIONS)
        return cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL,
                            "this register has schema version %d, newer than this cloudrisk "
                            "understands (%d); use a newer cloudrisk",
                            current, N_MIGRATIONS);
    for (int v = current + 1; v <= target_version && v <= N_MIGRATIONS; v++) {
        s = apply_one(reg, v, err);
        if (s)
            return s;
    }
    s = read_pragma_int(reg, "PRAGMA user_version", &reg->version, err);
    return s;
}
