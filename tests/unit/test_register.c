/* test_register.c -- the register: schema and migrations, recording and reading
 * runs, change detection and the noise threshold, approvals going stale,
 * export, merge, and what survives a killed writer and concurrent writers. */
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "cloudrisk/register.h"
#include "register/reg_internal.h"

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/cr-register-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void path_in_tmp(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

static char *xdup(const char *s)
{
    char *c = strdup(s);
    ck_assert_ptr_nonnull(c);
    return c;
}

static const char *const level_names[] = {"low", "medium", "high"};

static void set_loss(cr_reg_loss *l, double mean, double se)
{
    cr_loss_summary_init(l);
    l->years = 1000;
    l->mean = mean;
    l->mean_se = se;
    l->p50 = mean * 0.5;
    l->p90 = mean * 2;
    l->p95 = mean * 3;
    l->p99 = mean * 6;
}

/* A run of `service` with n_risks risks CR01.., all residual rank `rank`;
 * simulated (trials 1000) when mean >= 0, each risk with loss mean, SE se. */
static void make_run(cr_reg_run *run, const char *service, size_t n_risks, int rank,
                     double mean, double se, const char *inputs_digit)
{
    cr_reg_run_init(run);
    run->service_id = xdup(service);
    run->service_name = xdup("Service name");
    run->owner = xdup("owner@example.com");
    run->source = xdup("services/x.json");
    memset(run->inputs_sha256, inputs_digit[0], 64);
    run->inputs_sha256[64] = '\0';
    run->model_version = xdup("1.0.0");
    run->criteria_version = xdup("2025-01");
    run->seed = 42;
    run->trials = mean >= 0 ? 1000 : 0;
    run->run_time = xdup("2025-04-01T09:00:00Z");
    run->currency = xdup("JPY");
    run->n_risks = n_risks;
    run->risks = calloc(n_risks, sizeof *run->risks);
    ck_assert_ptr_nonnull(run->risks);
    for (size_t i = 0; i < n_risks; i++) {
        cr_reg_risk *r = &run->risks[i];
        char id[32];
        snprintf(id, sizeof id, "CR%02zu", i + 1);
        r->risk_id = xdup(id);
        r->inherent_impact = 4;
        r->inherent_likelihood = 4;
        r->inherent_level = xdup("high");
        r->inherent_rank = 2;
        r->residual_impact = 3;
        r->residual_likelihood = 2;
        r->residual_level = xdup(level_names[rank]);
        r->residual_rank = rank;
        r->target_level = NULL;
        r->target_rank = -1;
        if (mean >= 0) {
            set_loss(&r->inherent_loss, mean * 2, se);
            set_loss(&r->residual_loss, mean, se);
        }
    }
    if (mean >= 0) {
        set_loss(&run->inherent_total, mean * 2 * (double)n_risks, se * sqrt((double)n_risks));
        set_loss(&run->residual_total, mean * (double)n_risks, se * sqrt((double)n_risks));
    }
}

static void add_gap(cr_reg_run *run, const char *risk, const char *control)
{
    run->gaps = realloc(run->gaps, (run->n_gaps + 1) * sizeof *run->gaps);
    ck_assert_ptr_nonnull(run->gaps);
    run->gaps[run->n_gaps].risk_id = xdup(risk);
    run->gaps[run->n_gaps].control_id = xdup(control);
    run->n_gaps++;
}

static cr_register *open_reg(const char *name)
{
    char path[512];
    path_in_tmp(path, sizeof path, name);
    cr_register *reg = NULL;
    cr_error err;
    cr_status s = cr_register_open(path, CR_REGISTER_CREATE, &reg, &err);
    ck_assert_msg(s == CR_OK, "open %s: %s", path, err.message);
    return reg;
}

static int64_t record(cr_register *reg, cr_reg_run *run, bool force, cr_reg_outcome *outcome)
{
    cr_error err;
    cr_reg_record_options opt = {force, 0};
    cr_reg_outcome o;
    cr_status s = cr_register_record_run(reg, run, &opt, outcome ? outcome : &o, NULL, &err);
    ck_assert_msg(s == CR_OK, "record: %s", err.message);
    return run->id;
}

static int count_rows(cr_register *reg, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* A day after every run of these tests: decisions may not be dated later. */
#define TODAY "2026-01-01"

static cr_reg_approval approval_of(int64_t run, const char *subject, const char *by,
                                   const char *decision, const char *date, const char *note)
{
    cr_reg_approval a;
    memset(&a, 0, sizeof a);
    a.run_id = run;
    a.subject = xdup(subject);
    a.approver = xdup(by);
    a.decision = xdup(decision);
    a.decided_on = xdup(date);
    a.note = note ? xdup(note) : NULL;
    return a;
}

/* ---- schema and migrations ---------------------------------------------- */

START_TEST(new_register_is_current_and_marked)
{
    make_tmpdir();
    cr_register *reg = open_reg("new.db");
    ck_assert_int_eq(cr_register_schema_version(reg), CR_REGISTER_SCHEMA_VERSION);
    ck_assert_int_eq(count_rows(reg, "PRAGMA application_id"), 0x43527267);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM schema_history"),
                     CR_REGISTER_SCHEMA_VERSION);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(reg->db, "PRAGMA journal_mode", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    cr_error err;
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_register_close(reg);
    /* Opening again changes nothing. */
    reg = open_reg("new.db");
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM schema_history"),
                     CR_REGISTER_SCHEMA_VERSION);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(version_1_register_migrates_with_its_data)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "v1.db");
    cr_register *reg = NULL;
    cr_error err;
    ck_assert_int_eq(reg_open_at_version(path, CR_REGISTER_CREATE, 1, &reg, &err), CR_OK);
    ck_assert_int_eq(cr_register_schema_version(reg), 1);
    /* Version 1 has no plans or approvals yet. */
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                     "('plan_items', 'approvals')"),
                     0);
    ck_assert_int_eq(
        reg_exec(reg,
                 "INSERT INTO services (id, service_key) VALUES (1, 'svc');"
                 "INSERT INTO runs (id, run_key, service_id, seq, service_name, inputs_sha256, "
                 " model_version, criteria_version, seed, trials, run_time) VALUES (1, "
                 " '1111111111111111111111111111111111111111111111111111111111111111', 1, 1, "
                 " 'Svc', '2222222222222222222222222222222222222222222222222222222222222222', "
                 " '0.9', 'c1', '7', 0, '2024-01-01T00:00:00Z');"
                 "INSERT INTO risk_results VALUES (1, 0, 'CR01', 3, 3, 'medium', 1, 2, 2, "
                 " 'low', 0);",
                 "test data", &err),
        CR_OK);
    cr_register_close(reg);

    reg = open_reg("v1.db");
    ck_assert_int_eq(cr_register_schema_version(reg), CR_REGISTER_SCHEMA_VERSION);
    cr_reg_run run;
    ck_assert_int_eq(cr_register_load_run(reg, 1, &run, &err), CR_OK);
    ck_assert_str_eq(run.service_id, "svc");
    ck_assert_uint_eq(run.seed, 7);
    ck_assert_uint_eq(run.n_risks, 1);
    ck_assert_str_eq(run.risks[0].residual_level, "low");
    ck_assert_ptr_null(run.risks[0].target_level); /* added by migration 2, empty */
    ck_assert_int_eq(run.risks[0].target_rank, -1);
    ck_assert_ptr_null(run.currency); /* added by migration 4: unknown for old runs */
    /* The new column refuses what is not an ISO 4217 code. */
    ck_assert_int_ne(reg_exec(reg, "UPDATE runs SET currency = 'yen' WHERE id = 1", "test",
                              &err),
                     CR_OK);
    ck_assert_int_eq(reg_exec(reg, "UPDATE runs SET currency = 'USD' WHERE id = 1", "test",
                              &err),
                     CR_OK);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* Version 4 kept the fingerprints of the service file and checklist; version
 * 5 adds the decisions file's, empty for the stamps already there. */
START_TEST(version_4_register_migrates_its_stamps)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "v4.db");
    cr_register *reg = NULL;
    cr_error err;
    ck_assert_int_eq(reg_open_at_version(path, CR_REGISTER_CREATE, 4, &reg, &err), CR_OK);
    cr_reg_run run;
    int64_t id = 1;
    ck_assert_int_eq(
        reg_exec(reg,
                 "INSERT INTO services (id, service_key) VALUES (1, 'svc');"
                 "INSERT INTO runs (id, run_key, service_id, seq, service_name, inputs_sha256, "
                 " model_version, criteria_version, seed, trials, run_time, currency) VALUES (1, "
                 " '1111111111111111111111111111111111111111111111111111111111111111', 1, 1, "
                 " 'Svc', '2222222222222222222222222222222222222222222222222222222222222222', "
                 " '0.9', 'c1', '7', 0, '2024-01-01T00:00:00Z', 'JPY');"
                 "INSERT INTO risk_results (run_id, ord, risk_id, inherent_impact, "
                 " inherent_likelihood, inherent_level, inherent_rank, residual_impact, "
                 " residual_likelihood, residual_level, residual_rank) VALUES "
                 " (1, 0, 'CR01', 3, 3, 'medium', 1, 2, 2, 'low', 0),"
                 " (1, 1, 'CR02', 3, 3, 'medium', 1, 3, 3, 'medium', 1);",
                 "test data", &err),
        CR_OK);
    ck_assert_int_eq(
        reg_exec(reg,
                 "INSERT INTO source_stamps (run_id, context_sha256, service_dev, service_ino, "
                 " service_size, service_mtime_ns, service_ctime_ns) "
                 "VALUES (1, 'ctx', 1, 2, 3, 4, 5)",
                 "test data", &err),
        CR_OK);
    cr_register_close(reg);

    reg = open_reg("v4.db");
    ck_assert_int_eq(cr_register_schema_version(reg), CR_REGISTER_SCHEMA_VERSION);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM source_stamps WHERE run_id = 1 AND "
                                     "service_size = 3 AND decisions_dev IS NULL AND "
                                     "decisions_ctime_ns IS NULL"),
                     1);
    ck_assert_int_eq(cr_register_load_run(reg, id, &run, &err), CR_OK);
    ck_assert_uint_eq(run.n_risks, 2);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* Version 5 kept approvals of risks' residual states, any number per risk;
 * version 6 carries every one forward as a decision: "changed" becomes
 * approved_with_conditions with its note as the conditions, the residual
 * state stays the signed state, and of a risk's decisions the newest is
 * current and the others superseded. */
START_TEST(version_5_approvals_carried_forward)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "v5.db");
    cr_register *reg = NULL;
    cr_error err;
    ck_assert_int_eq(reg_open_at_version(path, CR_REGISTER_CREATE, 5, &reg, &err), CR_OK);
    ck_assert_int_eq(
        reg_exec(reg,
                 "INSERT INTO services (id, service_key) VALUES (1, 'svc');"
                 "INSERT INTO runs (id, run_key, service_id, seq, service_name, inputs_sha256, "
                 " model_version, criteria_version, seed, trials, run_time, currency) VALUES "
                 " (1, '1111111111111111111111111111111111111111111111111111111111111111', 1, 1,"
                 " 'Svc', '2222222222222222222222222222222222222222222222222222222222222222', "
                 " '0.9', 'c1', '7', 1000, '2025-04-01T00:00:00Z', 'JPY'),"
                 " (2, '3333333333333333333333333333333333333333333333333333333333333333', 1, 2,"
                 " 'Svc', '4444444444444444444444444444444444444444444444444444444444444444', "
                 " '0.9', 'c1', '7', 1000, '2025-05-01T00:00:00Z', 'JPY');"
                 "INSERT INTO risk_results (run_id, ord, risk_id, inherent_impact, "
                 " inherent_likelihood, inherent_level, inherent_rank, residual_impact, "
                 " residual_likelihood, residual_level, residual_rank) VALUES "
                 " (1, 0, 'CR01', 4, 4, 'high', 2, 3, 3, 'medium', 1),"
                 " (2, 0, 'CR01', 4, 4, 'high', 2, 3, 3, 'medium', 1);"
                 "INSERT INTO approvals (id, run_id, risk_id, approver, decision, decided_on, "
                 " note, level, loss_mean, loss_se, loss_p50, loss_p90, loss_p95, loss_p99, "
                 " stale_run_id, stale_reason) VALUES "
                 " (1, 1, 'CR01', 'CISO', 'approved', '2025-04-10', NULL, 'medium', 1000, 10,"
                 "  900, 1500, 1800, 2500, NULL, NULL),"
                 " (2, 1, 'CR01', 'Board', 'changed', '2025-04-20', 'until Q3', 'medium', 1000,"
                 "  10, 900, 1500, 1800, 2500, NULL, NULL),"
                 " (3, 2, 'CR01', 'CEO', 'rejected', '2025-05-02', NULL, 'medium', 1000, 10,"
                 "  900, 1500, 1800, 2500, 2, 'level went up');",
                 "test data", &err),
        CR_OK);
    cr_register_close(reg);

    reg = open_reg("v5.db");
    ck_assert_int_eq(cr_register_schema_version(reg), CR_REGISTER_SCHEMA_VERSION);
    cr_reg_approval *list;
    size_t n;
    ck_assert_int_eq(cr_register_approvals(reg, NULL, false, NULL, &list, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 3); /* none lost */
    ck_assert_str_eq(list[0].approver, "CISO");
    ck_assert_int_eq(list[0].superseded_by, 3);
    ck_assert_int_eq(list[0].status, CR_DSTATUS_SUPERSEDED);
    ck_assert_str_eq(list[1].decision, "approved_with_conditions");
    ck_assert_str_eq(list[1].conditions, "until Q3");
    ck_assert_str_eq(list[1].note, "until Q3");
    ck_assert_int_eq(list[1].superseded_by, 3);
    ck_assert_int_eq(list[2].superseded_by, 0); /* the newest is current ... */
    ck_assert_int_eq(list[2].stale_run_id, 2);  /* ... and keeps its stale mark */
    ck_assert_int_eq(list[2].status, CR_DSTATUS_STALE);
    ck_assert_str_eq(list[2].stale_reason, "level went up");
    for (size_t i = 0; i < n; i++) {
        ck_assert(list[i].signed_state.basis == CR_SIGNED_RESIDUAL);
        ck_assert_str_eq(list[i].signed_state.level_id, "medium");
        ck_assert_int_eq(list[i].signed_state.level, 1);
        ck_assert(list[i].signed_state.expected_loss == 1000 && list[i].signed_state.p95 == 1800);
        ck_assert_str_eq(list[i].signed_state.sheet_sha256, ""); /* not known then */
        ck_assert_int_eq(list[i].subject_kind, CR_SUBJECT_RISK);
    }
    cr_reg_approvals_free(list, n);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    /* A new decision supersedes the current one. */
    cr_reg_approval a = approval_of(2, "CR01", "Board", "approved", "2025-05-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(reg, &a, TODAY, &err), CR_OK);
    ck_assert_int_eq(count_rows(reg, "SELECT superseded_by FROM decisions WHERE id = 3"), a.id);
    cr_reg_approval_clear(&a);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(failed_migration_leaves_previous_version)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "broken.db");
    cr_register *reg = NULL;
    cr_error err;
    ck_assert_int_eq(reg_open_at_version(path, CR_REGISTER_CREATE, 1, &reg, &err), CR_OK);
    /* A table in the way makes migration 2 fail part-way, after its ALTERs. */
    ck_assert_int_eq(reg_exec(reg, "CREATE TABLE approvals (x)", "test", &err), CR_OK);
    cr_register_close(reg);
    ck_assert_int_ne(cr_register_open(path, CR_REGISTER_CREATE, &reg, &err), CR_OK);
    ck_assert_ptr_null(reg);
    ck_assert_ptr_nonnull(strstr(err.message, "approvals"));

    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    /* The ALTER TABLEs of the failed migration were rolled back with it. */
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT target_level FROM risk_results", -1, &st,
                                        NULL),
                     SQLITE_ERROR);
    sqlite3_close(db);
    remove_tmpdir();
}
END_TEST

START_TEST(refuses_newer_schema_and_foreign_databases)
{
    make_tmpdir();
    char path[512];
    cr_register *reg = NULL;
    cr_error err;
    cr_register_close(open_reg("future.db"));
    path_in_tmp(path, sizeof path, "future.db");
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(cr_register_open(path, CR_REGISTER_CREATE, &reg, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "newer"));

    path_in_tmp(path, sizeof path, "other.db");
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "CREATE TABLE customers (name)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(cr_register_open(path, CR_REGISTER_CREATE, &reg, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "not a cloudrisk register"));

    path_in_tmp(path, sizeof path, "text.db");
    FILE *fp = fopen(path, "w");
    fputs("this is not a database, just some text long enough to have a header.......\n"
          "more text more text more text more text more text more text more text\n",
          fp);
    fclose(fp);
    ck_assert_int_eq(cr_register_open(path, CR_REGISTER_CREATE, &reg, &err), CR_ERR_INPUT);

    path_in_tmp(path, sizeof path, "missing.db");
    ck_assert_int_eq(cr_register_open(path, CR_REGISTER_EXISTING, &reg, &err), CR_ERR_IO);
    ck_assert_int_ne(access(path, F_OK), 0); /* not created */
    remove_tmpdir();
}
END_TEST

/* ---- recording and reading ----------------------------------------------- */

START_TEST(run_round_trips_whole)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    make_run(&run, "svc-a", 3, 1, 1000, 25, "a");
    run.seed = UINT64_MAX; /* does not fit SQLite's signed integer */
    run.risks[1].target_level = xdup("low");
    run.risks[1].target_rank = 0;
    run.risks[1].treatment = xdup("reduce");
    run.risks[1].treatment_reason = xdup("cheap controls available");
    set_loss(&run.risks[1].target_loss, 400, 12);
    set_loss(&run.target_total, 2400, 40);
    add_gap(&run, "CR01", "6.1.1");
    add_gap(&run, "CR01", "7.4.1");
    add_gap(&run, "CR02", "10.1.2");
    run.n_plan_items = 2;
    run.plan_items = calloc(2, sizeof *run.plan_items);
    run.plan_items[0] = (cr_reg_plan_item){xdup("6.1.1"), xdup("CR01 CR02"), xdup("reduce"), 1,
                                           xdup("Sato"), 1000, 200, xdup("2025-06-30"), 550.5,
                                           xdup("partial")};
    run.plan_items[1] = (cr_reg_plan_item){xdup("7.4.1"), xdup("CR01"), xdup("accept"), 2, NULL,
                                           0, 0, NULL, NAN, NULL};
    int64_t id = record(reg, &run, false, NULL);
    ck_assert_int_eq(id, 1);
    ck_assert_int_eq(run.seq, 1);
    ck_assert_uint_eq(strlen(run.run_key), 64);

    cr_reg_run back;
    cr_error err;
    ck_assert_int_eq(cr_register_load_run(reg, id, &back, &err), CR_OK);
    ck_assert_str_eq(back.run_key, run.run_key);
    ck_assert_str_eq(back.service_id, "svc-a");
    ck_assert_str_eq(back.owner, "owner@example.com");
    ck_assert_str_eq(back.inputs_sha256, run.inputs_sha256);
    ck_assert(back.seed == UINT64_MAX);
    ck_assert_uint_eq(back.trials, 1000);
    ck_assert_str_eq(back.run_time, "2025-04-01T09:00:00Z");
    ck_assert(back.residual_total.years > 0 && back.residual_total.mean == 3000);
    ck_assert(back.target_total.years > 0 && back.target_total.mean_se == 40);
    ck_assert_uint_eq(back.n_risks, 3);
    ck_assert_str_eq(back.risks[2].risk_id, "CR03");
    ck_assert_str_eq(back.risks[1].residual_level, "medium");
    ck_assert_int_eq(back.risks[1].residual_rank, 1);
    ck_assert_str_eq(back.risks[1].target_level, "low");
    ck_assert_str_eq(back.risks[1].treatment_reason, "cheap controls available");
    ck_assert(back.risks[1].target_loss.years > 0 && back.risks[1].target_loss.mean == 400);
    ck_assert(back.risks[0].target_loss.years == 0);
    ck_assert(back.risks[0].residual_loss.p99 == 6000);
    ck_assert_uint_eq(back.n_gaps, 3);
    ck_assert_str_eq(back.gaps[2].control_id, "10.1.2");
    ck_assert_uint_eq(back.n_plan_items, 2);
    ck_assert_str_eq(back.plan_items[0].risks, "CR01 CR02");
    ck_assert(back.plan_items[0].loss_reduction == 550.5);
    ck_assert_str_eq(back.plan_items[0].control_status, "partial");
    ck_assert_ptr_null(back.plan_items[1].control_status);
    ck_assert(isnan(back.plan_items[1].loss_reduction));
    ck_assert_ptr_null(back.plan_items[1].owner);
    cr_reg_run_clear(&back);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(same_configuration_is_recorded_once_unless_forced)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_reg_outcome outcome;
    make_run(&run, "svc", 2, 0, -1, 0, "a");
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    char first_key[65];
    strcpy(first_key, run.run_key);
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_ALREADY_CURRENT);
    /* Forced, the same configuration at the same time is a new run with its
     * own key: the key chains through the previous run's. */
    record(reg, &run, true, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    ck_assert_int_eq(run.seq, 2);
    ck_assert_str_ne(run.run_key, first_key);
    char expected[65];
    reg_run_key(&run, first_key, expected);
    ck_assert_str_eq(run.run_key, expected);
    /* Another seed is another configuration. */
    run.seed = 43;
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    ck_assert_int_eq(run.seq, 3);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 3);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* Schema 8: a run made in precision mode records its target and cap; the
 * same inputs and seed at the same trials but another target (or none) is
 * another configuration, and a version-7 register's runs read back as runs
 * at fixed trials. */
START_TEST(version_7_register_migrates_and_precision_is_configuration)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "v7.db");
    cr_register *reg = NULL;
    cr_error err;
    ck_assert_int_eq(reg_open_at_version(path, CR_REGISTER_CREATE, 7, &reg, &err), CR_OK);
    cr_reg_run run;
    cr_reg_outcome outcome;
    make_run(&run, "svc", 2, 0, 1000.0, 10.0, "a");
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM pragma_table_info('runs') "
                                     "WHERE name = 'precision'"),
                     0);
    ck_assert_int_eq(
        reg_exec(reg,
                 "INSERT INTO services (id, service_key) VALUES (1, 'svc');"
                 "INSERT INTO runs (id, run_key, service_id, seq, service_name, inputs_sha256, "
                 " model_version, criteria_version, seed, trials, run_time) VALUES (1, "
                 " '1111111111111111111111111111111111111111111111111111111111111111', 1, 1, "
                 " 'Svc', '2222222222222222222222222222222222222222222222222222222222222222', "
                 " '0.9', 'c1', '7', 32768, '2024-01-01T00:00:00Z');",
                 "test data", &err),
        CR_OK);
    cr_register_close(reg);

    reg = open_reg("v7.db");
    ck_assert_int_eq(cr_register_schema_version(reg), CR_REGISTER_SCHEMA_VERSION);
    cr_reg_run old;
    ck_assert_int_eq(cr_register_load_run(reg, 1, &old, &err), CR_OK);
    ck_assert_uint_eq(old.trials, 32768);
    ck_assert(old.precision == 0.0); /* NULL: made at fixed trials */
    ck_assert_uint_eq(old.max_trials, 0);
    cr_reg_run_clear(&old);

    /* A run in precision mode, read back whole. */
    run.trials = 49152;
    run.precision = 0.02;
    run.max_trials = 1024 * 4096;
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    int64_t id = run.id;
    cr_reg_run back;
    ck_assert_int_eq(cr_register_load_run(reg, id, &back, &err), CR_OK);
    ck_assert_uint_eq(back.trials, 49152);
    ck_assert(back.precision == 0.02);
    ck_assert_uint_eq(back.max_trials, 1024 * 4096);
    cr_reg_run_clear(&back);
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_ALREADY_CURRENT);
    /* Another target, another cap, or none: another configuration, even at
     * the same trials. */
    run.precision = 0.01;
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    run.max_trials = 64 * 4096;
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    run.precision = 0;
    run.max_trials = 0;
    record(reg, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_RECORDED);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs WHERE precision IS NULL"), 2);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(invalid_runs_are_refused_and_write_nothing)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    cr_reg_outcome outcome;
    make_run(&run, "svc", 2, 0, 100, 5, "a");
    free(run.run_time);
    run.run_time = xdup("2025-02-30T09:00:00Z");
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_ARGUMENT);
    free(run.run_time);
    run.run_time = xdup("2025-02-28T09:00:00Z");
    run.risks[1].residual_likelihood = 6;
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_INTERNAL);
    run.risks[1].residual_likelihood = 2;
    run.risks[0].residual_loss.p95 = run.risks[0].residual_loss.p99 + 1;
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_INTERNAL);
    run.risks[0].residual_loss.p95 = run.risks[0].residual_loss.p90;
    add_gap(&run, "CR02", "6.1.1");
    add_gap(&run, "CR01", "6.1.1"); /* out of order */
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_INTERNAL);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 0);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM services"), 0);
    ck_assert(cr_reg_time_valid("2024-02-29T23:59:59Z"));
    ck_assert(!cr_reg_time_valid("2023-02-29T00:00:00Z"));
    ck_assert(!cr_reg_time_valid("2024-01-01 00:00:00Z"));
    ck_assert(!cr_reg_time_valid("2024-01-01T24:00:00Z"));
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* ---- change detection ------------------------------------------------------ */

/* Group commit: runs recorded in savepoints of one transaction are each
 * whole or absent; a run that fails half-way is undone to its savepoint and
 * the others stay; nothing is visible to another connection before the
 * group commits. */
START_TEST(group_commit_keeps_whole_runs_and_undoes_a_failed_one)
{
    make_tmpdir();
    cr_register *reg = open_reg("g.db");
    cr_register *reader = open_reg("g.db");
    cr_error err;
    ck_assert_int_eq(reg_group_begin(reg, &err), CR_OK);
    cr_reg_run a, b, c;
    make_run(&a, "svc-a", 3, 1, 1000, 100, "a");
    make_run(&b, "svc-b", 3, 1, 1000, 100, "b");
    make_run(&c, "svc-c", 3, 1, 1000, 100, "c");
    add_gap(&b, "CR01", "6.1.1");
    add_gap(&b, "CR99", "6.1.2"); /* no such risk in the run: refused by a foreign key */
    cr_reg_outcome outcome;
    ck_assert_int_eq(cr_register_record_run(reg, &a, NULL, &outcome, NULL, &err), CR_OK);
    ck_assert_int_ne(cr_register_record_run(reg, &b, NULL, &outcome, NULL, &err), CR_OK);
    ck_assert_int_eq(b.id, 0);
    ck_assert(reg->group); /* the group survives a failed run */
    ck_assert_int_eq(cr_register_record_run(reg, &c, NULL, &outcome, NULL, &err), CR_OK);
    ck_assert_int_eq(count_rows(reader, "SELECT count(*) FROM runs"), 0);
    ck_assert_int_eq(reg_group_commit(reg, &err), CR_OK);
    ck_assert(!reg->group);
    ck_assert_int_eq(count_rows(reader, "SELECT count(*) FROM runs"), 2);
    ck_assert_int_eq(count_rows(reader, "SELECT count(*) FROM services"), 2);
    ck_assert_int_eq(count_rows(reader, "SELECT count(*) FROM gaps"), 0);
    ck_assert_int_eq(count_rows(reader, "SELECT count(*) FROM risk_results"), 6);
    ck_assert_int_eq(cr_register_check(reader, &err), CR_OK);
    /* Outside a group, each run is its own transaction, as before. */
    ck_assert_int_ne(cr_register_record_run(reg, &b, NULL, &outcome, NULL, &err), CR_OK);
    ck_assert(!reg->group);
    cr_reg_run_clear(&a);
    cr_reg_run_clear(&b);
    cr_reg_run_clear(&c);
    cr_register_close(reader);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(change_reports_levels_gaps_and_noise)
{
    cr_reg_run a, b;
    make_run(&a, "svc", 3, 1, 1000, 100, "a");
    make_run(&b, "svc", 3, 1, 1000, 100, "b");
    a.id = 1, b.id = 2;
    add_gap(&a, "CR01", "6.1.1");
    add_gap(&a, "CR02", "7.1.1");
    add_gap(&b, "CR02", "7.1.1");
    add_gap(&b, "CR03", "8.2.1");
    free(b.risks[2].residual_level);
    b.risks[2].residual_level = xdup("high");
    b.risks[2].residual_rank = 2;
    /* Per risk: SE 100 each side, noise 2 sqrt(100^2 + 100^2) = 282.84...
     * CR01 moves +300 (significant), CR02 -250 (within noise). */
    b.risks[0].residual_loss.mean = 1300;
    b.risks[1].residual_loss.mean = 750;
    /* Totals: SE 100 sqrt 3 = 173.2 each; noise 2 sqrt(2 * 30000) = 489.9;
     * B's total 3000 + 50 moves within noise. */
    b.residual_total.mean = 3050;
    cr_reg_change c;
    cr_error err;
    ck_assert_int_eq(cr_reg_compare(&a, &b, &c, &err), CR_OK);
    ck_assert(c.inputs_changed && !c.model_changed && !c.criteria_changed);
    ck_assert_uint_eq(c.n_opened, 1);
    ck_assert_str_eq(c.opened[0].control_id, "8.2.1");
    ck_assert_uint_eq(c.n_closed, 1);
    ck_assert_str_eq(c.closed[0].control_id, "6.1.1");
    ck_assert_uint_eq(c.n_risk_changes, 2); /* CR01 (loss) and CR03 (level) */
    ck_assert_str_eq(c.risk_changes[0].risk_id, "CR01");
    ck_assert(c.risk_changes[0].loss_significant);
    ck_assert_double_eq_tol(c.risk_changes[0].noise, 282.842712474619, 1e-9);
    ck_assert_ptr_null(c.risk_changes[0].residual_from);
    ck_assert_str_eq(c.risk_changes[1].risk_id, "CR03");
    ck_assert_str_eq(c.risk_changes[1].residual_from, "medium");
    ck_assert_str_eq(c.risk_changes[1].residual_to, "high");
    ck_assert(!c.risk_changes[1].loss_significant);
    ck_assert(c.has_loss);
    ck_assert_double_eq_tol(c.loss_delta, 50, 1e-9);
    ck_assert_double_eq_tol(c.noise, 489.897948556636, 1e-9);
    ck_assert(!c.loss_significant);
    cr_reg_change_clear(&c);

    /* The same figures in another currency: levels and gaps still compare,
     * amounts do not (no exchange rate is known). */
    free(b.currency);
    b.currency = xdup("USD");
    ck_assert_int_eq(cr_reg_compare(&a, &b, &c, &err), CR_OK);
    ck_assert(c.currency_changed);
    ck_assert_str_eq(c.currency, "USD");
    ck_assert(!c.has_loss && !c.loss_significant);
    ck_assert_uint_eq(c.n_risk_changes, 1); /* CR03's level only: CR01's loss is not compared */
    ck_assert_str_eq(c.risk_changes[0].risk_id, "CR03");
    ck_assert_uint_eq(c.n_opened, 1);
    cr_reg_change_clear(&c);
    /* A run recorded before currencies were kept compares as before. */
    free(a.currency);
    a.currency = NULL;
    ck_assert_int_eq(cr_reg_compare(&a, &b, &c, &err), CR_OK);
    ck_assert(!c.currency_changed && c.has_loss);
    cr_reg_change_clear(&c);
    cr_error check_err;
    ck_assert_int_eq(cr_reg_run_validate(&a, &check_err), CR_ERR_INTERNAL); /* new runs need one */
    ck_assert_ptr_nonnull(strstr(check_err.message, "ISO 4217"));

    /* A first run: every gap is opened, nothing else. */
    ck_assert_int_eq(cr_reg_compare(NULL, &b, &c, &err), CR_OK);
    ck_assert_uint_eq(c.n_opened, 2);
    ck_assert_uint_eq(c.n_risk_changes, 0);
    ck_assert(!c.has_loss);
    cr_reg_change_clear(&c);
    cr_reg_run_clear(&a);
    cr_reg_run_clear(&b);
}
END_TEST

START_TEST(approvals_go_stale_on_material_change_only)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "svc", 2, 1, 1000, 10, "a");
    int64_t first = record(reg, &run, false, NULL);
    cr_reg_approval a = approval_of(first, "CR01", "CISO Tanaka", "approved", "2025-04-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(reg, &a, TODAY, &err), CR_OK);
    /* A run without a plan: the risk's residual state is what was signed. */
    ck_assert_str_eq(a.signed_state.level_id, "medium");
    ck_assert(a.signed_state.basis == CR_SIGNED_RESIDUAL);
    ck_assert(a.signed_state.expected_loss == 1000);
    ck_assert_str_eq(a.accepted_until, "2026-04-10"); /* the date plus a year */
    /* The same decision twice is refused. */
    cr_reg_approval again =
        approval_of(first, "CR01", "CISO Tanaka", "approved", "2025-04-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(reg, &again, TODAY, &err), CR_ERR_INPUT);
    cr_reg_approval_clear(&again);
    cr_reg_approval bad = approval_of(first, "CR01", "x", "maybe", "2025-04-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(reg, &bad, TODAY, &err), CR_ERR_INPUT);
    cr_reg_approval_clear(&bad);

    /* +50 on 1000 with SE 10: beyond the noise (28.3) but under 10%: still
     * current. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 2, 1, 1050, 10, "b");
    cr_reg_change c;
    cr_reg_outcome outcome;
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, &c, &err), CR_OK);
    ck_assert_uint_eq(c.n_stale, 0);
    ck_assert(c.has_loss && c.loss_significant);
    cr_reg_change_clear(&c);
    /* +200 (20%): stale, with the reason. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 2, 1, 1200, 10, "c");
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, &c, &err), CR_OK);
    ck_assert_uint_eq(c.n_stale, 1);
    ck_assert_int_eq(c.stale[0].id, a.id);
    ck_assert_int_eq(c.stale[0].stale_run_id, run.id);
    ck_assert_ptr_nonnull(strstr(c.stale[0].stale_reason, "from 1000 to 1200"));
    cr_reg_change_clear(&c);
    int64_t third = run.id;

    cr_reg_approval *list;
    size_t n;
    ck_assert_int_eq(cr_register_approvals(reg, "svc", true, TODAY, &list, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(list[0].stale_run_id, third);
    cr_reg_approvals_free(list, n);

    /* A level change makes a fresh approval stale too; a stale one is not
     * reported again. */
    cr_reg_approval b =
        approval_of(third, "CR02", "CISO Tanaka", "approved", "2025-05-01", "with a note");
    ck_assert_int_eq(cr_register_add_approval(reg, &b, TODAY, &err), CR_OK);
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 2, 1, 1200, 10, "d");
    free(run.risks[1].residual_level);
    run.risks[1].residual_level = xdup("high");
    run.risks[1].residual_rank = 2;
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, &c, &err), CR_OK);
    ck_assert_uint_eq(c.n_stale, 1);
    ck_assert_str_eq(c.stale[0].subject, "CR02");
    ck_assert_ptr_nonnull(strstr(c.stale[0].stale_reason, "from medium to high"));
    cr_reg_change_clear(&c);

    /* diff run 1 -> run 3 names the approval given on run 1 as stale. */
    ck_assert_int_eq(cr_register_diff(reg, first, third, 0, &c, &err), CR_OK);
    ck_assert_uint_eq(c.n_stale, 1);
    ck_assert_str_eq(c.stale[0].subject, "CR01");
    cr_reg_change_clear(&c);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_reg_approval_clear(&a);
    cr_reg_approval_clear(&b);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* Decisions handed in with a run: recorded with it, in its transaction;
 * the same decision on a later run not recorded twice; one stale on arrival
 * not recorded; an approval of a risk the run lacks refuses the run. */
static void add_decision(cr_reg_run *run, const char *risk, const char *decision,
                         const char *date, const char *note, const char *stale_reason)
{
    run->approvals = realloc(run->approvals, (run->n_approvals + 1) * sizeof *run->approvals);
    ck_assert_ptr_nonnull(run->approvals);
    cr_reg_approval *a = &run->approvals[run->n_approvals++];
    memset(a, 0, sizeof *a);
    a->subject_kind = CR_SUBJECT_RISK;
    a->subject = xdup(risk);
    a->approver = xdup("Board");
    a->decision = xdup(decision);
    a->decided_on = xdup(date);
    a->note = note ? xdup(note) : NULL;
    if (strcmp(decision, "approved_with_conditions") == 0)
        a->conditions = xdup(note);
    a->stale_reason = stale_reason ? xdup(stale_reason) : NULL;
}

START_TEST(decisions_recorded_with_the_run_once)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "svc", 3, 1, 1000, 10, "a");
    add_decision(&run, "CR01", "approved_with_conditions", "2025-04-11", "accept until Q3", NULL);
    add_decision(&run, "CR02", "approved", "2025-04-11", NULL, "taken on other inputs");
    int64_t first = record(reg, &run, false, NULL);
    ck_assert_int_gt(run.approvals[0].id, 0);
    ck_assert_int_eq(run.approvals[0].run_id, first);
    ck_assert_int_eq(run.approvals[1].id, 0); /* stale on arrival */
    int64_t approval = run.approvals[0].id;
    cr_reg_approval *list;
    size_t n;
    ck_assert_int_eq(cr_register_approvals(reg, "svc", false, TODAY, &list, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(list[0].subject, "CR01");
    ck_assert_str_eq(list[0].decision, "approved_with_conditions");
    ck_assert_str_eq(list[0].conditions, "accept until Q3");
    /* Given no signed state, the run's state of the risk. */
    ck_assert_str_eq(list[0].signed_state.level_id, "medium");
    ck_assert(list[0].signed_state.expected_loss == 1000);
    cr_reg_approvals_free(list, n);

    /* A later run with the same decisions file: the approval on record is
     * named, not doubled; a new decision is recorded against the new run. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 3, 1, 1000, 10, "b");
    add_decision(&run, "CR01", "approved_with_conditions", "2025-04-11", "accept until Q3", NULL);
    add_decision(&run, "CR03", "rejected", "2025-05-02", NULL, NULL);
    int64_t second = record(reg, &run, false, NULL);
    ck_assert_int_eq(run.approvals[0].id, approval);
    ck_assert_int_eq(run.approvals[0].run_id, first);
    ck_assert_int_eq(run.approvals[1].run_id, second);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM decisions"), 2);
    /* The same decision with another note is another decision. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 3, 1, 1000, 10, "c");
    add_decision(&run, "CR01", "approved_with_conditions", "2025-04-11", "accept until Q4", NULL);
    record(reg, &run, false, NULL);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM decisions"), 3);

    /* An approval of a risk the run does not assess: the run is refused
     * whole. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 3, 1, 1000, 10, "d");
    add_decision(&run, "CR09", "approved", "2025-04-11", NULL, NULL);
    cr_reg_outcome outcome;
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_INTERNAL);
    ck_assert_ptr_nonnull(strstr(err.message, "CR09"));
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 3);
    /* Two decisions of one approver on one risk and day in one run: the
     * run is rolled back whole. */
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 3, 1, 1000, 10, "e");
    add_decision(&run, "CR02", "approved", "2025-06-01", NULL, NULL);
    add_decision(&run, "CR02", "rejected", "2025-06-01", NULL, NULL);
    ck_assert_int_eq(cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err),
                     CR_ERR_INPUT);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 3);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM decisions"), 3);
    ck_assert_int_eq(run.approvals[0].id, 0);
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(approval_on_superseded_run_is_checked_at_once)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "svc", 1, 1, 1000, 10, "a");
    int64_t first = record(reg, &run, false, NULL);
    cr_reg_run_clear(&run);
    make_run(&run, "svc", 1, 2, 1000, 10, "b"); /* now high */
    record(reg, &run, false, NULL);
    cr_reg_approval a = approval_of(first, "CR01", "Board", "approved", "2025-04-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(reg, &a, TODAY, &err), CR_OK);
    cr_reg_approval *list;
    size_t n;
    ck_assert_int_eq(cr_register_approvals(reg, NULL, true, TODAY, &list, &n, &err), CR_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(list[0].stale_run_id, run.id);
    cr_reg_approvals_free(list, n);
    cr_reg_approval_clear(&a);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(find_run_by_id_or_key_prefix)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "svc", 1, 0, -1, 0, "a");
    int64_t id = record(reg, &run, false, NULL);
    int64_t found = 0;
    ck_assert_int_eq(cr_register_find_run(reg, "1", &found, &err), CR_OK);
    ck_assert_int_eq(found, id);
    char prefix[9];
    memcpy(prefix, run.run_key, 8);
    prefix[8] = '\0';
    found = 0;
    ck_assert_int_eq(cr_register_find_run(reg, prefix, &found, &err), CR_OK);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(cr_register_find_run(reg, run.run_key, &found, &err), CR_OK);
    ck_assert_int_eq(cr_register_find_run(reg, "2", &found, &err), CR_ERR_INPUT);
    ck_assert_int_eq(cr_register_find_run(reg, "abc", &found, &err), CR_ERR_ARGUMENT);
    ck_assert_int_eq(cr_register_find_run(reg, "'; DROP TABLE runs; --", &found, &err),
                     CR_ERR_ARGUMENT);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 1);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(hostile_text_is_stored_as_text)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    const char *evil = "x'); DROP TABLE runs; --";
    make_run(&run, evil, 1, 0, -1, 0, "a");
    free(run.service_name);
    run.service_name = xdup("<script>\"quoted\", comma</script>");
    record(reg, &run, false, NULL);
    cr_reg_run back;
    bool found;
    ck_assert_int_eq(cr_register_latest_run(reg, evil, &back, &found, &err), CR_OK);
    ck_assert(found);
    ck_assert_str_eq(back.service_id, evil);
    ck_assert_str_eq(back.service_name, run.service_name);
    cr_reg_run_clear(&back);
    cr_reg_run_clear(&run);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* ---- text for a terminal ------------------------------------------------- */

/* What a writer prints in `format`, as a string (caller frees). */
static char *written(cr_status (*write)(const void *, size_t, cr_reg_format, FILE *, cr_error *),
                     const void *list, size_t n, cr_reg_format format)
{
    char *text = NULL;
    size_t len = 0;
    cr_error err;
    FILE *fp = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(write(list, n, format, fp, &err), CR_OK);
    fclose(fp);
    return text;
}

static cr_status approvals(const void *l, size_t n, cr_reg_format f, FILE *fp, cr_error *e)
{
    return cr_reg_approvals_write(l, n, f, CR_LANG_EN, fp, e);
}

static cr_status pending(const void *l, size_t n, cr_reg_format f, FILE *fp, cr_error *e)
{
    return cr_reg_pending_write(l, n, f, CR_LANG_EN, fp, e);
}

static cr_status items(const void *l, size_t n, cr_reg_format f, FILE *fp, cr_error *e)
{
    return cr_reg_items_write(l, n, f, CR_LANG_EN, fp, e);
}

static cr_status history(const void *l, size_t n, cr_reg_format f, FILE *fp, cr_error *e)
{
    return cr_reg_history_write(l, n, f, CR_LANG_EN, fp, e);
}

/* A decision's minutes, an owner, a service's name are whatever the files
 * said: printed as text they must not reach the terminal as escape
 * sequences (retitle the window, clear the screen, move the cursor), and
 * the rest of the line stays as it was.  CSV keeps the text, quoted. */
START_TEST(text_outputs_make_control_characters_visible)
{
    static const char evil[] = "BM-7\x1b]0;owned\x07\x1b[2J";
    char *id = xdup("sakura-hr"), *subject = xdup("CR01"), *by = xdup("Board"),
         *decision = xdup("approved"), *day = xdup("2025-04-02"), *minutes = xdup(evil);
    cr_reg_approval a = {.id = 3, .run_id = 1, .service_id = id, .subject_kind = CR_SUBJECT_RISK,
                         .subject = subject, .approver = by, .decision = decision,
                         .decided_on = day, .minutes = minutes,
                         .status = CR_DSTATUS_CURRENT};
    a.signed_state.expected_loss = NAN;
    a.signed_state.p95 = NAN;
    cr_reg_pending p = {.service_id = id, .run_id = 1, .kind = CR_SUBJECT_RISK,
                        .subject = minutes, .why = subject, .reason = subject};
    cr_reg_item it = {.service_id = id, .control_id = subject, .owner = minutes,
                      .first_run = 1, .first_planned = day, .latest_run = 1,
                      .in_latest_plan = true, .status = CR_ITEM_PLANNED};
    cr_reg_run run;
    make_run(&run, "svc", 1, 0, 100, 5, "a");
    free(run.service_name);
    run.service_name = xdup(evil);
    struct {
        cr_status (*write)(const void *, size_t, cr_reg_format, FILE *, cr_error *);
        const void *list;
        const char *line; /* the line that holds the text, as printed */
    } cases[] = {
        {approvals, &a, "  minutes: BM-7\\x1B]0;owned\\x07\\x1B[2J\n"},
        {pending, &p, "sakura-hr BM-7\\x1B]0;owned\\x07\\x1B[2J (risk), run 1: CR01\n"},
        {items, &it, "BM-7\\x1B]0;owned\\x07\\x1B[2J\n  sakura-hr CR01: planned"},
        {history, &run, "svc (BM-7\\x1B]0;owned\\x07\\x1B[2J)\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = written(cases[i].write, cases[i].list, 1, CR_REG_TEXT);
        ck_assert_msg(!strchr(text, 0x1b) && !strchr(text, 0x07), "case %zu: raw control in %s",
                      i, text);
        ck_assert_msg(strstr(text, cases[i].line), "case %zu: no '%s' in %s", i, cases[i].line,
                      text);
        free(text);
        text = written(cases[i].write, cases[i].list, 1, CR_REG_CSV);
        ck_assert_msg(strstr(text, "BM-7\x1b]0;owned"), "case %zu: CSV keeps the text", i);
        free(text);
    }
    cr_reg_run_clear(&run);
    free(id);
    free(subject);
    free(by);
    free(decision);
    free(day);
    free(minutes);
}
END_TEST

/* ---- export --------------------------------------------------------------- */

START_TEST(export_holds_each_services_latest_run)
{
    make_tmpdir();
    cr_register *reg = open_reg("r.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "b-svc", 2, 1, 500, 5, "a");
    add_gap(&run, "CR01", "6.1.1");
    add_gap(&run, "CR01", "6.1.2");
    record(reg, &run, false, NULL);
    cr_reg_run_clear(&run);
    make_run(&run, "b-svc", 2, 2, 700, 5, "b");
    record(reg, &run, false, NULL);
    cr_reg_run_clear(&run);
    make_run(&run, "a-svc, \"quoted\"", 2, 0, 100, 5, "c");
    add_gap(&run, "CR02", "9.9.9");
    record(reg, &run, false, NULL);
    cr_reg_run_clear(&run);

    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    ck_assert_int_eq(cr_register_export(reg, CR_REG_CSV, fp, &err), CR_OK);
    fclose(fp);
    /* Header + 2 services x 2 risks, services in id order, the latest run of
     * b-svc (high), quoting of the awkward id. */
    int lines = 0;
    for (char *p = text; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 5);
    ck_assert_ptr_nonnull(strstr(text, "\"a-svc, \"\"quoted\"\"\""));
    ck_assert_ptr_nonnull(strstr(text, ",CR02,"));
    ck_assert_ptr_nonnull(strstr(text, ",9.9.9,"));
    ck_assert_ptr_null(strstr(text, "6.1.2")); /* only in b-svc's first run */
    ck_assert_ptr_nonnull(strstr(text, ",high,"));
    ck_assert(strstr(text, "a-svc") < strstr(text, "b-svc"));
    free(text);

    fp = open_memstream(&text, &len);
    ck_assert_int_eq(cr_register_export(reg, CR_REG_JSON, fp, &err), CR_OK);
    fclose(fp);
    cJSON *doc = cJSON_Parse(text);
    ck_assert_ptr_nonnull(doc);
    cJSON *services = cJSON_GetObjectItem(doc, "services");
    ck_assert_int_eq(cJSON_GetArraySize(services), 2);
    cJSON *second = cJSON_GetObjectItem(cJSON_GetArrayItem(services, 1), "latest_run");
    ck_assert_int_eq(cJSON_GetObjectItem(second, "seq")->valueint, 2);
    ck_assert_str_eq(cJSON_GetObjectItem(second, "seed")->valuestring, "42");
    cJSON_Delete(doc);
    free(text);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

/* ---- merge ----------------------------------------------------------------- */

static void fill_shard(const char *name, const char *const *services, size_t n)
{
    cr_register *reg = open_reg(name);
    for (size_t i = 0; i < n; i++) {
        cr_reg_run run;
        make_run(&run, services[i], 2, (int)(i % 3), 100.0 * (double)(i + 1), 3, "a");
        add_gap(&run, "CR01", "6.1.1");
        record(reg, &run, false, NULL);
        cr_reg_run_clear(&run);
        make_run(&run, services[i], 2, (int)((i + 1) % 3), 100.0 * (double)(i + 2), 3, "b");
        record(reg, &run, false, NULL);
        if (i == 0) {
            cr_error err;
            cr_reg_approval a =
                approval_of(run.id, "CR02", "Owner", "approved", "2025-04-02", NULL);
            ck_assert_int_eq(cr_register_add_approval(reg, &a, TODAY, &err), CR_OK);
            cr_reg_approval_clear(&a);
        }
        cr_reg_run_clear(&run);
    }
    cr_register_close(reg);
}

/* Every run of a register as one line of text (key, service, seq, what it
 * holds), sorted, so that two registers can be compared whatever their ids. */
static char *register_digest(cr_register *reg)
{
    sqlite3_stmt *st;
    const char *sql =
        "SELECT group_concat(line, char(10)) FROM (SELECT r.run_key || ' ' || s.service_key "
        "|| ' ' || r.seq || ' ' || (SELECT group_concat(risk_id || ':' || residual_level, ',') "
        "FROM risk_results x WHERE x.run_id = r.id) || ' ' || (SELECT count(*) FROM gaps g "
        "WHERE g.run_id = r.id) || ' ' || (SELECT group_concat(mean, ',') FROM risk_losses l "
        "WHERE l.run_id = r.id) || ' ' || (SELECT count(*) FROM decisions a WHERE a.run_id = "
        "r.id) AS line FROM runs r JOIN services s ON s.id = r.service_id ORDER BY line)";
    ck_assert_int_eq(sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    char *d = xdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return d;
}

START_TEST(merge_folds_shards_in_any_order_once)
{
    make_tmpdir();
    const char *shard_a[] = {"alpha", "gamma", "epsilon"};
    const char *shard_b[] = {"beta", "delta"};
    fill_shard("a.db", shard_a, 3);
    fill_shard("b.db", shard_b, 2);
    char pa[512], pb[512];
    path_in_tmp(pa, sizeof pa, "a.db");
    path_in_tmp(pb, sizeof pb, "b.db");
    cr_error err;
    size_t added = 0;

    cr_register *ab = open_reg("ab.db");
    const char *order1[] = {pa, pb};
    ck_assert_int_eq(cr_register_merge(ab, order1, 2, &added, &err), CR_OK);
    ck_assert_uint_eq(added, 10);
    ck_assert_int_eq(count_rows(ab, "SELECT count(*) FROM decisions"), 2);
    /* Merging again adds nothing. */
    ck_assert_int_eq(cr_register_merge(ab, order1, 2, &added, &err), CR_OK);
    ck_assert_uint_eq(added, 0);
    ck_assert_int_eq(count_rows(ab, "SELECT count(*) FROM runs"), 10);
    ck_assert_int_eq(count_rows(ab, "SELECT count(*) FROM decisions"), 2);
    ck_assert_int_eq(cr_register_check(ab, &err), CR_OK);

    cr_register *ba = open_reg("ba.db");
    const char *order2[] = {pb, pa};
    ck_assert_int_eq(cr_register_merge(ba, order2, 2, &added, &err), CR_OK);
    char *d1 = register_digest(ab), *d2 = register_digest(ba);
    ck_assert_str_eq(d1, d2);
    free(d1);
    free(d2);

    /* The merged register continues each service's chain: an unchanged
     * configuration is still recognised. */
    cr_reg_run run;
    cr_reg_outcome outcome;
    make_run(&run, "delta", 2, 2, 300, 3, "b");
    record(ba, &run, false, &outcome);
    ck_assert_int_eq(outcome, CR_REG_ALREADY_CURRENT);
    cr_reg_run_clear(&run);

    /* Bad inputs: itself, a missing file; nothing is added. */
    char pab[512];
    path_in_tmp(pab, sizeof pab, "ab.db");
    const char *self[] = {pab};
    ck_assert_int_eq(cr_register_merge(ab, self, 1, &added, &err), CR_ERR_ARGUMENT);
    char missing[512];
    path_in_tmp(missing, sizeof missing, "missing.db");
    const char *gone[] = {missing};
    ck_assert_int_eq(cr_register_merge(ab, gone, 1, &added, &err), CR_ERR_IO);
    ck_assert_int_ne(access(missing, F_OK), 0);
    ck_assert_int_eq(count_rows(ab, "SELECT count(*) FROM runs"), 10);
    cr_register_close(ab);
    cr_register_close(ba);
    remove_tmpdir();
}
END_TEST

START_TEST(merge_brings_later_runs_against_current_approvals)
{
    /* The output holds a service's run 1 and an approval on it; the input
     * holds the same run and a later one that changes the level. */
    make_tmpdir();
    cr_register *src = open_reg("src.db");
    cr_reg_run run;
    cr_error err;
    make_run(&run, "svc", 1, 1, 1000, 10, "a");
    record(src, &run, false, NULL);
    cr_reg_run_clear(&run);
    cr_register_close(src);
    char ps[512], po[512];
    path_in_tmp(ps, sizeof ps, "src.db");
    path_in_tmp(po, sizeof po, "out.db");
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", ps, po);
    ck_assert_int_eq(system(cmd), 0);
    cr_register *out = open_reg("out.db");
    cr_reg_approval a = approval_of(1, "CR01", "Board", "approved", "2025-04-10", NULL);
    ck_assert_int_eq(cr_register_add_approval(out, &a, TODAY, &err), CR_OK);
    cr_reg_approval_clear(&a);
    src = open_reg("src.db");
    make_run(&run, "svc", 1, 2, 1000, 10, "b");
    record(src, &run, false, NULL);
    cr_reg_run_clear(&run);
    cr_register_close(src);
    size_t added;
    const char *in[] = {ps};
    ck_assert_int_eq(cr_register_merge(out, in, 1, &added, &err), CR_OK);
    ck_assert_uint_eq(added, 1);
    ck_assert_int_eq(count_rows(out, "SELECT count(*) FROM decisions WHERE stale_run_id = 2"),
                     1);
    cr_register_close(out);
    remove_tmpdir();
}
END_TEST

/* ---- killed and concurrent writers ---------------------------------------- */

/* Record runs of services "prefix-0", "prefix-1", ... until killed or n done. */
static void writer_child(const char *path, const char *prefix, int n)
{
    cr_register *reg = NULL;
    cr_error err;
    if (cr_register_open(path, CR_REGISTER_CREATE, &reg, &err) != CR_OK) {
        fprintf(stderr, "child open: %s\n", err.message);
        _exit(2);
    }
    for (int i = 0; i < n; i++) {
        cr_reg_run run;
        char name[64];
        snprintf(name, sizeof name, "%s-%d", prefix, i);
        make_run(&run, name, 21, i % 3, 1000, 10, "a");
        for (int g = 0; g < 20; g++) {
            char control[16];
            snprintf(control, sizeof control, "7.%d.%d", g / 10, g % 10);
            add_gap(&run, "CR01", control);
        }
        cr_reg_outcome outcome;
        if (cr_register_record_run(reg, &run, NULL, &outcome, NULL, &err) != CR_OK) {
            fprintf(stderr, "child record: %s\n", err.message);
            _exit(3);
        }
        cr_reg_run_clear(&run);
    }
    cr_register_close(reg);
    _exit(0);
}

/* Every run in the register is whole: 21 risks, 21 losses of each kind, 20
 * gaps, and its totals. */
static void assert_runs_whole(cr_register *reg)
{
    cr_error err;
    ck_assert_int_eq(cr_register_check(reg, &err), CR_OK);
    ck_assert_int_eq(
        count_rows(reg, "SELECT count(*) FROM runs r WHERE "
                        "(SELECT count(*) FROM risk_results x WHERE x.run_id = r.id) <> 21 OR "
                        "(SELECT count(*) FROM risk_losses x WHERE x.run_id = r.id) <> 42 OR "
                        "(SELECT count(*) FROM run_losses x WHERE x.run_id = r.id) <> 2 OR "
                        "(SELECT count(*) FROM gaps x WHERE x.run_id = r.id) <> 20"),
        0);
}

START_TEST(killed_writer_leaves_whole_runs_and_rerun_completes)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "kill.db");
    cr_register_close(open_reg("kill.db"));
    /* Kill the writer at several moments; each time the register holds only
     * whole runs, and carrying on from where it stopped completes the set. */
    for (int round = 0; round < 4; round++) {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0)
            writer_child(path, "svc", 400);
        struct timespec ts = {0, 15000000L + round * 20000000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        cr_register *reg = open_reg("kill.db");
        assert_runs_whole(reg);
        cr_register_close(reg);
    }
    cr_register *reg = open_reg("kill.db");
    int before = count_rows(reg, "SELECT count(*) FROM runs");
    cr_register_close(reg);
    ck_assert_int_lt(before, 400); /* the kills did interrupt it */
    pid_t pid = fork();
    if (pid == 0)
        writer_child(path, "svc", 400);
    int status;
    waitpid(pid, &status, 0);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    reg = open_reg("kill.db");
    assert_runs_whole(reg);
    /* Unchanged services were not recorded twice. */
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 400);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM services"), 400);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

START_TEST(concurrent_writers_lose_nothing)
{
    make_tmpdir();
    char path[512];
    path_in_tmp(path, sizeof path, "concurrent.db");
    /* Both start on a file that does not exist yet: creation and migration
     * race too.  Each writes its own services and both write "shared-*". */
    pid_t pids[4];
    const char *prefixes[] = {"left", "right", "shared", "shared"};
    for (int i = 0; i < 4; i++) {
        pids[i] = fork();
        ck_assert_int_ge(pids[i], 0);
        if (pids[i] == 0)
            writer_child(path, prefixes[i], 150);
    }
    for (int i = 0; i < 4; i++) {
        int status;
        waitpid(pids[i], &status, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed", i);
    }
    cr_register *reg = open_reg("concurrent.db");
    assert_runs_whole(reg);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM runs"), 450);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM services"), 450);
    ck_assert_int_eq(count_rows(reg, "SELECT count(*) FROM schema_history"),
                     CR_REGISTER_SCHEMA_VERSION);
    cr_register_close(reg);
    remove_tmpdir();
}
END_TEST

static Suite *register_suite(void)
{
    Suite *s = suite_create("register");
    TCase *schema = tcase_create("schema");
    tcase_add_test(schema, new_register_is_current_and_marked);
    tcase_add_test(schema, version_1_register_migrates_with_its_data);
    tcase_add_test(schema, version_4_register_migrates_its_stamps);
    tcase_add_test(schema, version_5_approvals_carried_forward);
    tcase_add_test(schema, version_7_register_migrates_and_precision_is_configuration);
    tcase_add_test(schema, failed_migration_leaves_previous_version);
    tcase_add_test(schema, refuses_newer_schema_and_foreign_databases);
    suite_add_tcase(s, schema);
    TCase *runs = tcase_create("runs");
    tcase_add_test(runs, run_round_trips_whole);
    tcase_add_test(runs, same_configuration_is_recorded_once_unless_forced);
    tcase_add_test(runs, invalid_runs_are_refused_and_write_nothing);
    tcase_add_test(runs, find_run_by_id_or_key_prefix);
    tcase_add_test(runs, hostile_text_is_stored_as_text);
    tcase_add_test(runs, text_outputs_make_control_characters_visible);
    tcase_add_test(runs, group_commit_keeps_whole_runs_and_undoes_a_failed_one);
    suite_add_tcase(s, runs);
    TCase *changes = tcase_create("changes");
    tcase_add_test(changes, change_reports_levels_gaps_and_noise);
    tcase_add_test(changes, approvals_go_stale_on_material_change_only);
    tcase_add_test(changes, approval_on_superseded_run_is_checked_at_once);
    tcase_add_test(changes, decisions_recorded_with_the_run_once);
    suite_add_tcase(s, changes);
    TCase *exchange = tcase_create("export and merge");
    tcase_add_test(exchange, export_holds_each_services_latest_run);
    tcase_add_test(exchange, merge_folds_shards_in_any_order_once);
    tcase_add_test(exchange, merge_brings_later_runs_against_current_approvals);
    suite_add_tcase(s, exchange);
    TCase *processes = tcase_create("processes");
    tcase_set_timeout(processes, 120);
    tcase_add_test(processes, killed_writer_leaves_whole_runs_and_rerun_completes);
    tcase_add_test(processes, concurrent_writers_lose_nothing);
    suite_add_tcase(s, processes);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(register_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
