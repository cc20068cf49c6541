/*
 * reg_stmt.c -- the register's SQL, in one place.
 *
 * Every statement is constant text with numbered parameters; values from
 * input files only ever reach SQLite through sqlite3_bind_*.  Statements are
 * prepared on first use and kept for the connection's life (a batch records
 * thousands of runs; parsing the same SQL each time would cost more than the
 * inserts).
 */
#include "register/reg_internal.h"

#define RUN_COLUMNS                                                                          \
    "r.id, r.run_key, r.seq, s.service_key, r.service_name, r.owner, r.source, "             \
    "r.inputs_sha256, r.model_version, r.criteria_version, r.seed, r.trials, r.run_time, "     \
    "r.currency, r.assessor, r.sheet_sha256, r.review_interval_months, r.input_parts, "      \
    "r.precision, r.max_trials"
#define APPROVAL_FROM                                                                        \
    " FROM decisions a JOIN runs r ON r.id = a.run_id JOIN services s ON s.id = a.service_id "

#define GAP_ROW ", (?1, ?, ?)"
#define GAP_ROW_5 GAP_ROW GAP_ROW GAP_ROW GAP_ROW GAP_ROW
#define GAP_ROW_15 GAP_ROW_5 GAP_ROW_5 GAP_ROW_5
_Static_assert(REG_GAPS_PER_INSERT == 16, "REG_GAP_INSERT_MANY holds 1 + 15 rows");

static const char *const sql_text[REG_STMT_COUNT] = {
    [REG_SERVICE_FIND] = "SELECT id FROM services WHERE service_key = ?1",
    [REG_SERVICE_INSERT] = "INSERT INTO services (service_key) VALUES (?1)",
    [REG_RUN_LATEST_OF_SERVICE] =
        "SELECT id, seq, run_key, inputs_sha256, model_version, criteria_version, seed, trials, "
        "precision, max_trials FROM runs WHERE service_id = ?1 ORDER BY id DESC LIMIT 1",
    [REG_RUN_KEY_EXISTS] = "SELECT id FROM runs WHERE run_key = ?1",
    [REG_RUN_INSERT] =
        "INSERT INTO runs (run_key, service_id, seq, service_name, owner, source, "
        "inputs_sha256, model_version, criteria_version, seed, trials, run_time, currency, "
        "assessor, sheet_sha256, review_interval_months, input_parts, precision, max_trials) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19)",
    [REG_RUN_LOSS_INSERT] =
        "INSERT INTO run_losses (run_id, state, mean, se, p50, p90, p95, p99) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [REG_RISK_INSERT] =
        "INSERT INTO risk_results (run_id, ord, risk_id, inherent_impact, inherent_likelihood, "
        "inherent_level, inherent_rank, residual_impact, residual_likelihood, residual_level, "
        "residual_rank, target_level, target_rank, treatment, treatment_reason) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [REG_RISK_LOSS_INSERT] =
        "INSERT INTO risk_losses (run_id, risk_id, state, mean, se, p50, p90, p95, p99) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [REG_GAP_INSERT] = "INSERT INTO gaps (run_id, risk_id, control_id) VALUES (?1, ?2, ?3)",
    /* ?1 the run, then each gap's risk and control (an unnumbered ? takes the
     * number after the largest so far): ?2 ?3, ?4 ?5, ... */
    [REG_GAP_INSERT_MANY] = "INSERT INTO gaps (run_id, risk_id, control_id) VALUES "
                            "(?1, ?, ?)" GAP_ROW_15,
    [REG_PLAN_INSERT] =
        "INSERT INTO plan_items (run_id, seq, control_id, risks, option, priority, owner, "
        "cost_once, cost_annual, due, loss_reduction, control_status) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [REG_RUN_SELECT] = "SELECT " RUN_COLUMNS
                       " FROM runs r JOIN services s ON s.id = r.service_id WHERE r.id = ?1",
    [REG_RUN_LOSS_SELECT] =
        "SELECT state, mean, se, p50, p90, p95, p99 FROM run_losses WHERE run_id = ?1",
    [REG_RISK_SELECT] =
        "SELECT risk_id, inherent_impact, inherent_likelihood, inherent_level, inherent_rank, "
        "residual_impact, residual_likelihood, residual_level, residual_rank, target_level, "
        "target_rank, treatment, treatment_reason "
        "FROM risk_results WHERE run_id = ?1 ORDER BY ord",
    [REG_RISK_LOSS_SELECT] =
        "SELECT risk_id, state, mean, se, p50, p90, p95, p99 FROM risk_losses WHERE run_id = ?1",
    [REG_GAP_SELECT] =
        "SELECT risk_id, control_id FROM gaps WHERE run_id = ?1 ORDER BY risk_id, control_id",
    [REG_PLAN_SELECT] =
        "SELECT control_id, risks, option, priority, owner, cost_once, cost_annual, due, "
        "loss_reduction, control_status FROM plan_items WHERE run_id = ?1 ORDER BY seq",
    /* ?2 is ?1 followed by '~', which sorts after every hex digit: the range
     * holds exactly the keys that start with ?1, and uses the key's index. */
    [REG_RUN_BY_KEY_PREFIX] =
        "SELECT id FROM runs WHERE run_key >= ?1 AND run_key < ?2 ORDER BY id LIMIT 2",
    [REG_RUN_EXISTS] = "SELECT id FROM runs WHERE id = ?1",
    [REG_RUNS_OF_SERVICE] = "SELECT r.id FROM runs r JOIN services s ON s.id = r.service_id "
                            "WHERE s.service_key = ?1 ORDER BY r.id",
    [REG_APPROVAL_INSERT] =
        "INSERT INTO decisions (id, run_id, service_id, subject_kind, subject, approver, "
        "decision, decided_on, note, minutes, conditions, accepted_until, signed_state, level, "
        "level_rank, loss_mean, loss_se, loss_p95, items_sha256, sheet_sha256, source) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18, ?19, ?20, ?21)",
    [REG_APPROVAL_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM decisions",
    /* The subject's current decision becomes history: ?3 is the new one. */
    [REG_APPROVAL_SUPERSEDE] =
        "UPDATE decisions SET superseded_by = ?3 "
        "WHERE service_id = ?1 AND subject = ?2 AND superseded_by IS NULL",
    [REG_APPROVAL_CURRENT_OF_SUBJECT] =
        "SELECT " REG_APPROVAL_COLUMNS APPROVAL_FROM
        "WHERE a.service_id = ?1 AND a.subject = ?2 AND a.superseded_by IS NULL",
    /* The decisions a new run of the service is to judge. */
    [REG_APPROVALS_CURRENT_OF_SERVICE] =
        "SELECT " REG_APPROVAL_COLUMNS APPROVAL_FROM
        "WHERE a.service_id = ?1 AND a.superseded_by IS NULL AND a.stale_run_id IS NULL "
        "AND a.decision <> 'revoked' ORDER BY a.id",
    [REG_APPROVALS_OF_RUN] =
        "SELECT " REG_APPROVAL_COLUMNS APPROVAL_FROM "WHERE a.run_id = ?1 ORDER BY a.id",
    [REG_APPROVAL_MARK_STALE] =
        "UPDATE decisions SET stale_run_id = ?2, stale_reason = ?3 WHERE id = ?1",
    [REG_APPROVALS_LIST] = "SELECT " REG_APPROVAL_COLUMNS APPROVAL_FROM
                           "WHERE (?1 IS NULL OR s.service_key = ?1) ORDER BY a.id",
    [REG_SHEET_INSERT] =
        "INSERT INTO sheet_subjects (run_id, ord, subject_kind, subject, signed_state, level, "
        "level_rank, expected_loss, expected_loss_se, p95, items_sha256) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [REG_SHEET_SELECT] =
        "SELECT subject_kind, subject, signed_state, level, level_rank, expected_loss, "
        "expected_loss_se, p95, items_sha256 FROM sheet_subjects WHERE run_id = ?1 ORDER BY ord",
    [REG_LATEST_RUNS] =
        "SELECT s.service_key, r.id, r.inputs_sha256, r.model_version, r.criteria_version, "
        "r.seed, r.trials, r.source, st.context_sha256, st.service_dev, st.service_ino, "
        "st.service_size, st.service_mtime_ns, st.service_ctime_ns, st.checklist_dev, "
        "st.checklist_ino, st.checklist_size, st.checklist_mtime_ns, st.checklist_ctime_ns, "
        "st.decisions_dev, st.decisions_ino, st.decisions_size, st.decisions_mtime_ns, "
        "st.decisions_ctime_ns, r.run_time, r.review_interval_months, r.precision, "
        "r.max_trials "
        "FROM services s "
        "JOIN runs r ON r.id = (SELECT max(id) FROM runs WHERE service_id = s.id) "
        "LEFT JOIN source_stamps st ON st.run_id = r.id "
        "ORDER BY s.service_key",
    [REG_STAMP_UPSERT] =
        "INSERT OR REPLACE INTO source_stamps (run_id, context_sha256, service_dev, "
        "service_ino, service_size, service_mtime_ns, service_ctime_ns, checklist_dev, "
        "checklist_ino, checklist_size, checklist_mtime_ns, checklist_ctime_ns, decisions_dev, "
        "decisions_ino, decisions_size, decisions_mtime_ns, decisions_ctime_ns) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    /* The same decision already recorded for the service, against any run. */
    [REG_APPROVAL_SAME] =
        "SELECT a.id, a.run_id FROM decisions a "
        "WHERE a.service_id = ?1 AND a.subject = ?2 AND a.approver = ?3 AND a.decision = ?4 "
        "AND a.decided_on = ?5 AND a.note IS ?6 ORDER BY a.id LIMIT 1",
};

sqlite3_stmt *reg_stmt(cr_register *reg, reg_stmt_id id, cr_error *err)
{
    sqlite3_stmt *st = reg->stmts[id];
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    int rc = sqlite3_prepare_v3(reg->db, sql_text[id], -1, SQLITE_PREPARE_PERSISTENT, &st,
                                NULL);
    if (rc != SQLITE_OK) {
        reg_sql_error(reg, rc, "preparing a statement", err);
        sqlite3_finalize(st);
        return NULL;
    }
    reg->stmts[id] = st;
    return st;
}

void reg_stmts_finalize(cr_register *reg)
{
    for (int i = 0; i < REG_STMT_COUNT; i++) {
        sqlite3_finalize(reg->stmts[i]);
        reg->stmts[i] = NULL;
    }
}

sqlite3_stmt *reg_latest_runs_stmt(cr_register *reg, cr_error *err)
{
    return reg_stmt(reg, REG_LATEST_RUNS, err);
}

sqlite3 *reg_db(cr_register *reg)
{
    return reg->db;
}

bool reg_group_open(const cr_register *reg)
{
    return reg->group;
}
