/*
 * reg_merge.c -- folding registers (typically the shards of one fleet,
 * written on several machines) into one.
 *
 * Runs are identified by their run key, a hash chained through each
 * service's history (doc/register.md), never by their row id, which differs
 * from file to file.  Merging therefore copies the runs whose key the output
 * lacks, with everything hanging off them, renumbering ids through a mapping
 * table; a run already present is left alone.  Merging the same input twice
 * adds nothing; shards, which hold disjoint services, merge to the same set of
 * runs in any order.
 *
 * Each input is attached to the output's connection and copied in one
 * transaction of INSERT ... SELECT statements: all of it or none of it.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "register/reg_internal.h"

/* Constant SQL, run in order inside the transaction.  `merge_in` is the
 * attached input. */
/* The step whose changes count the runs added. */
#define MERGE_STEP_INSERT_RUNS 4
static const char *const merge_steps[] = {
    "DROP TABLE IF EXISTS temp.merge_runs",
    "DROP TABLE IF EXISTS temp.merge_map",
    "INSERT OR IGNORE INTO main.services (service_key) "
    "SELECT service_key FROM merge_in.services ORDER BY service_key",
    /* The runs to copy, numbered on after the output's own runs of the same
     * service (usually none: shards are disjoint). */
    "CREATE TEMP TABLE merge_runs AS "
    "SELECT r.id AS old_id, r.run_key, ms.id AS service_id, "
    "  (SELECT coalesce(max(x.seq), 0) FROM main.runs x WHERE x.service_id = ms.id) "
    "  + row_number() OVER (PARTITION BY ms.id ORDER BY r.id) AS seq, "
    "  r.service_name, r.owner, r.source, r.inputs_sha256, r.model_version, "
    "  r.criteria_version, r.seed, r.trials, r.run_time, r.currency, r.assessor, "
    "  r.sheet_sha256, r.review_interval_months, r.input_parts, r.precision, r.max_trials "
    "FROM merge_in.runs r JOIN merge_in.services s ON s.id = r.service_id "
    "JOIN main.services ms ON ms.service_key = s.service_key "
    "WHERE NOT EXISTS (SELECT 1 FROM main.runs m WHERE m.run_key = r.run_key)",
    "INSERT INTO main.runs (run_key, service_id, seq, service_name, owner, source, "
    "  inputs_sha256, model_version, criteria_version, seed, trials, run_time, currency, "
    "  assessor, sheet_sha256, review_interval_months, input_parts, precision, max_trials) "
    "SELECT run_key, service_id, seq, service_name, owner, source, inputs_sha256, "
    "  model_version, criteria_version, seed, trials, run_time, currency, assessor, "
    "  sheet_sha256, review_interval_months, input_parts, precision, max_trials "
    "FROM temp.merge_runs ORDER BY old_id",
    "CREATE TEMP TABLE merge_map AS "
    "SELECT t.old_id, m.id AS new_id FROM temp.merge_runs t "
    "JOIN main.runs m ON m.run_key = t.run_key",
    "INSERT INTO main.run_losses (run_id, state, mean, se, p50, p90, p95, p99) "
    "SELECT mm.new_id, l.state, l.mean, l.se, l.p50, l.p90, l.p95, l.p99 "
    "FROM merge_in.run_losses l JOIN temp.merge_map mm ON mm.old_id = l.run_id",
    "INSERT INTO main.risk_results (run_id, ord, risk_id, inherent_impact, "
    "  inherent_likelihood, inherent_level, inherent_rank, residual_impact, "
    "  residual_likelihood, residual_level, residual_rank, target_level, target_rank, "
    "  treatment, treatment_reason) "
    "SELECT mm.new_id, x.ord, x.risk_id, x.inherent_impact, x.inherent_likelihood, "
    "  x.inherent_level, x.inherent_rank, x.residual_impact, x.residual_likelihood, "
    "  x.residual_level, x.residual_rank, x.target_level, x.target_rank, x.treatment, "
    "  x.treatment_reason "
    "FROM merge_in.risk_results x JOIN temp.merge_map mm ON mm.old_id = x.run_id",
    "INSERT INTO main.risk_losses (run_id, risk_id, state, mean, se, p50, p90, p95, p99) "
    "SELECT mm.new_id, l.risk_id, l.state, l.mean, l.se, l.p50, l.p90, l.p95, l.p99 "
    "FROM merge_in.risk_losses l JOIN temp.merge_map mm ON mm.old_id = l.run_id",
    "INSERT INTO main.gaps (run_id, risk_id, control_id) "
    "SELECT mm.new_id, g.risk_id, g.control_id "
    "FROM merge_in.gaps g JOIN temp.merge_map mm ON mm.old_id = g.run_id",
    "INSERT INTO main.plan_items (run_id, seq, control_id, risks, option, priority, owner, "
    "  cost_once, cost_annual, due, loss_reduction, control_status) "
    "SELECT mm.new_id, p.seq, p.control_id, p.risks, p.option, p.priority, p.owner, "
    "  p.cost_once, p.cost_annual, p.due, p.loss_reduction, p.control_status "
    "FROM merge_in.plan_items p JOIN temp.merge_map mm ON mm.old_id = p.run_id",
    "INSERT INTO main.sheet_subjects (run_id, ord, subject_kind, subject, signed_state, "
    "  level, level_rank, expected_loss, expected_loss_se, p95, items_sha256) "
    "SELECT mm.new_id, x.ord, x.subject_kind, x.subject, x.signed_state, x.level, "
    "  x.level_rank, x.expected_loss, x.expected_loss_se, x.p95, x.items_sha256 "
    "FROM merge_in.sheet_subjects x JOIN temp.merge_map mm ON mm.old_id = x.run_id",
    /* Decisions of any input run (new or already present), matched by run
     * key; one already recorded (same run, subject, approver, decision, date
     * and note) is kept once.  They come in marked superseded (0, fixed
     * below: the foreign key is checked at commit) ... */
    "UPDATE main.decisions SET superseded_by = 0 WHERE superseded_by IS NULL AND service_id IN "
    "  (SELECT ms.id FROM merge_in.services s JOIN main.services ms "
    "   ON ms.service_key = s.service_key)",
    "INSERT INTO main.decisions (run_id, service_id, subject_kind, subject, approver, "
    "  decision, decided_on, note, minutes, conditions, accepted_until, signed_state, level, "
    "  level_rank, loss_mean, loss_se, loss_p50, loss_p90, loss_p95, loss_p99, items_sha256, "
    "  sheet_sha256, superseded_by, stale_run_id, stale_reason, source) "
    "SELECT m.id, m.service_id, a.subject_kind, a.subject, a.approver, a.decision, "
    "  a.decided_on, a.note, a.minutes, a.conditions, a.accepted_until, a.signed_state, "
    "  a.level, a.level_rank, a.loss_mean, a.loss_se, a.loss_p50, a.loss_p90, a.loss_p95, "
    "  a.loss_p99, a.items_sha256, a.sheet_sha256, 0, "
    "  (SELECT ms.id FROM merge_in.runs sr JOIN main.runs ms ON ms.run_key = sr.run_key "
    "   WHERE sr.id = a.stale_run_id), a.stale_reason, a.source "
    "FROM merge_in.decisions a JOIN merge_in.runs r ON r.id = a.run_id "
    "JOIN main.runs m ON m.run_key = r.run_key "
    "WHERE NOT EXISTS (SELECT 1 FROM main.decisions d WHERE d.run_id = m.id "
    "  AND d.subject = a.subject AND d.approver = a.approver AND d.decision = a.decision "
    "  AND d.decided_on = a.decided_on AND d.note IS a.note) ORDER BY a.id",
    /* ... then the newest of each subject (latest date, then id) is current
     * and supersedes the rest. */
    "UPDATE main.decisions SET superseded_by = nullif((SELECT n.id FROM main.decisions n "
    "  WHERE n.service_id = decisions.service_id AND n.subject = decisions.subject "
    "  ORDER BY n.decided_on DESC, n.id DESC LIMIT 1), decisions.id) "
    "WHERE superseded_by = 0",
    "DROP TABLE temp.merge_runs",
    "DROP TABLE temp.merge_map",
};

static bool same_file(const char *x, const char *y)
{
    struct stat a, b;
    return stat(x, &a) == 0 && stat(y, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static cr_status attach(cr_register *out, const char *path, bool on, cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(out->db, on ? "ATTACH DATABASE ?1 AS merge_in"
                                            : "DETACH DATABASE merge_in",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        if (on)
            reg_bind_text(st, 1, path);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? CR_OK
                             : reg_sql_error(out, rc, on ? "attaching a register to merge"
                                                         : "detaching a merged register",
                                             err);
}

static cr_status merge_one(cr_register *out, const char *path, size_t *runs_added,
                           cr_error *err)
{
    if (same_file(path, out->path))
        return cr_error_set(err, CR_ERR_ARGUMENT, path, 0, NULL,
                            "cannot merge a register into itself");
    /* Opening it on its own checks it is a register and brings its schema up
     * to ours, so that the copy below sees the same columns. */
    cr_register *in = NULL;
    cr_status s = cr_register_open(path, CR_REGISTER_READ, &in, err);
    if (s)
        return s;
    cr_register_close(in);
    s = attach(out, path, true, err);
    if (s)
        return s;
    s = reg_begin_write(out, err);
    for (size_t i = 0; !s && i < sizeof merge_steps / sizeof merge_steps[0]; i++) {
        s = reg_exec(out, merge_steps[i], "merging a register", err);
        if (!s && i == MERGE_STEP_INSERT_RUNS)
            *runs_added += (size_t)sqlite3_changes(out->db);
    }
    if (!s)
        s = reg_restale_all(out, err);
    if (!s)
        s = reg_commit(out, err);
    if (s) {
        reg_rollback(out);
        (void)sqlite3_exec(out->db, "DROP TABLE IF EXISTS temp.merge_runs; "
                                    "DROP TABLE IF EXISTS temp.merge_map",
                           NULL, NULL, NULL);
        /* Name the input in the error: it is the file the user must look at. */
        if (err->file[0] == '\0' || strcmp(err->file, out->path) == 0)
            snprintf(err->file, sizeof err->file, "%s", path);
    }
    cr_error ignored;
    cr_status d = attach(out, NULL, false, s ? &ignored : err);
    return s ? s : d;
}

cr_status cr_register_merge(cr_register *out, const char *const *in_paths, size_t n_in,
                            size_t *runs_added, cr_error *err)
{
    *runs_added = 0;
    for (size_t i = 0; i < n_in; i++) {
        cr_status s = merge_one(out, in_paths[i], runs_added, err);
        if (s)
            return s;
    }
    return CR_OK;
}
