/*
 * reg_read.c -- reading runs and approvals back.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_internal.h"

static cr_status out_of_memory(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

static int state_index(const char *state)
{
    if (strcmp(state, "inherent") == 0)
        return 0;
    if (strcmp(state, "residual") == 0)
        return 1;
    return 2;
}

/* The columns the register keeps of a loss summary; its other figures are
 * not kept (NAN), and its years are the run's trials. */
static void read_loss(sqlite3_stmt *st, int first, uint64_t trials, cr_reg_loss *l)
{
    cr_loss_summary_init(l);
    l->years = trials > 0 ? trials : 1;
    l->mean = sqlite3_column_double(st, first);
    l->mean_se = sqlite3_column_double(st, first + 1);
    l->p50 = sqlite3_column_double(st, first + 2);
    l->p90 = sqlite3_column_double(st, first + 3);
    l->p95 = sqlite3_column_double(st, first + 4);
    l->p99 = sqlite3_column_double(st, first + 5);
}

/* Run a statement keyed by one run id, calling `row` for each result row. */
typedef cr_status (*row_fn)(sqlite3_stmt *st, cr_reg_run *run, cr_error *err);

static cr_status for_each_row(cr_register *reg, reg_stmt_id id, int64_t run_id, row_fn row,
                              cr_reg_run *run, const char *what, cr_error *err)
{
    sqlite3_stmt *st = reg_stmt(reg, id, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, run_id);
    int rc;
    cr_status s = CR_OK;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW)
        s = row(st, run, err);
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, what, err);
    sqlite3_reset(st);
    return s;
}

static cr_status run_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    bool failed = false;
    run->id = sqlite3_column_int64(st, 0);
    snprintf(run->run_key, sizeof run->run_key, "%s", (const char *)sqlite3_column_text(st, 1));
    run->seq = sqlite3_column_int64(st, 2);
    run->service_id = reg_column_text(st, 3, &failed);
    run->service_name = reg_column_text(st, 4, &failed);
    run->owner = reg_column_text(st, 5, &failed);
    run->source = reg_column_text(st, 6, &failed);
    snprintf(run->inputs_sha256, sizeof run->inputs_sha256, "%s",
             (const char *)sqlite3_column_text(st, 7));
    run->model_version = reg_column_text(st, 8, &failed);
    run->criteria_version = reg_column_text(st, 9, &failed);
    if (!reg_seed_parse((const char *)sqlite3_column_text(st, 10), &run->seed))
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "register: run %lld has a malformed seed", (long long)run->id);
    run->trials = (uint64_t)sqlite3_column_int64(st, 11);
    run->run_time = reg_column_text(st, 12, &failed);
    run->currency = reg_column_text(st, 13, &failed);
    run->assessor = reg_column_text(st, 14, &failed);
    snprintf(run->sheet_sha256, sizeof run->sheet_sha256, "%s",
             sqlite3_column_type(st, 15) == SQLITE_NULL
                 ? ""
                 : (const char *)sqlite3_column_text(st, 15));
    run->review_interval_months = sqlite3_column_int(st, 16); /* NULL reads as 0 */
    run->input_parts = reg_column_text(st, 17, &failed);
    run->precision = sqlite3_column_double(st, 18); /* NULL reads as 0: trials as given */
    run->max_trials = (uint64_t)sqlite3_column_int64(st, 19);
    return failed ? out_of_memory(err) : CR_OK;
}

static cr_status run_loss_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    (void)err;
    cr_reg_loss *totals[] = {&run->inherent_total, &run->residual_total, &run->target_total};
    read_loss(st, 1, run->trials, totals[state_index((const char *)sqlite3_column_text(st, 0))]);
    return CR_OK;
}

static cr_status risk_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    cr_reg_risk *grown = realloc(run->risks, (run->n_risks + 1) * sizeof *grown);
    if (!grown)
        return out_of_memory(err);
    run->risks = grown;
    cr_reg_risk *r = &run->risks[run->n_risks++];
    memset(r, 0, sizeof *r);
    bool failed = false;
    r->risk_id = reg_column_text(st, 0, &failed);
    r->inherent_impact = sqlite3_column_int(st, 1);
    r->inherent_likelihood = sqlite3_column_int(st, 2);
    r->inherent_level = reg_column_text(st, 3, &failed);
    r->inherent_rank = sqlite3_column_int(st, 4);
    r->residual_impact = sqlite3_column_int(st, 5);
    r->residual_likelihood = sqlite3_column_int(st, 6);
    r->residual_level = reg_column_text(st, 7, &failed);
    r->residual_rank = sqlite3_column_int(st, 8);
    r->target_level = reg_column_text(st, 9, &failed);
    r->target_rank = r->target_level ? sqlite3_column_int(st, 10) : -1;
    r->treatment = reg_column_text(st, 11, &failed);
    r->treatment_reason = reg_column_text(st, 12, &failed);
    return failed ? out_of_memory(err) : CR_OK;
}

static cr_status risk_loss_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    const char *risk_id = (const char *)sqlite3_column_text(st, 0);
    for (size_t i = 0; i < run->n_risks; i++) {
        cr_reg_risk *r = &run->risks[i];
        if (strcmp(r->risk_id, risk_id) != 0)
            continue;
        cr_reg_loss *losses[] = {&r->inherent_loss, &r->residual_loss, &r->target_loss};
        read_loss(st, 2, run->trials, losses[state_index((const char *)sqlite3_column_text(st, 1))]);
        return CR_OK;
    }
    return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                        "register: run %lld has a loss for unknown risk %s",
                        (long long)run->id, risk_id);
}

static cr_status gap_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    cr_reg_gap *grown = realloc(run->gaps, (run->n_gaps + 1) * sizeof *grown);
    if (!grown)
        return out_of_memory(err);
    run->gaps = grown;
    cr_reg_gap *g = &run->gaps[run->n_gaps++];
    bool failed = false;
    g->risk_id = reg_column_text(st, 0, &failed);
    g->control_id = reg_column_text(st, 1, &failed);
    return failed ? out_of_memory(err) : CR_OK;
}

static double column_or_nan(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

static void column_to(sqlite3_stmt *st, int col, char *buf, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(buf, size, "%s", t ? (const char *)t : "");
}

/* A signed state from the columns basis, level, level_rank, expected loss,
 * its SE, P95, items' hash (in that order from `first`). */
void reg_read_state(sqlite3_stmt *st, int first, cr_signed_state *s)
{
    memset(s, 0, sizeof *s);
    s->present = true;
    if (!cr_signed_basis_parse((const char *)sqlite3_column_text(st, first), &s->basis))
        s->basis = CR_SIGNED_RESIDUAL;
    column_to(st, first + 1, s->level_id, sizeof s->level_id);
    s->level = sqlite3_column_type(st, first + 2) == SQLITE_NULL
                   ? -1
                   : sqlite3_column_int(st, first + 2);
    s->expected_loss = column_or_nan(st, first + 3);
    s->expected_loss_se = column_or_nan(st, first + 4);
    s->p95 = column_or_nan(st, first + 5);
    column_to(st, first + 6, s->items_sha256, sizeof s->items_sha256);
}

static cr_status sheet_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    cr_reg_sheet_row *grown = realloc(run->sheet, (run->n_sheet + 1) * sizeof *grown);
    if (!grown)
        return out_of_memory(err);
    run->sheet = grown;
    cr_reg_sheet_row *r = &run->sheet[run->n_sheet++];
    memset(r, 0, sizeof *r);
    bool failed = false;
    if (!cr_subject_kind_parse((const char *)sqlite3_column_text(st, 0), &r->kind))
        r->kind = CR_SUBJECT_RISK;
    r->subject = reg_column_text(st, 1, &failed);
    reg_read_state(st, 2, &r->state);
    snprintf(r->state.sheet_sha256, sizeof r->state.sheet_sha256, "%s", run->sheet_sha256);
    return failed ? out_of_memory(err) : CR_OK;
}

static cr_status plan_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    cr_reg_plan_item *grown =
        realloc(run->plan_items, (run->n_plan_items + 1) * sizeof *grown);
    if (!grown)
        return out_of_memory(err);
    run->plan_items = grown;
    cr_reg_plan_item *p = &run->plan_items[run->n_plan_items++];
    memset(p, 0, sizeof *p);
    bool failed = false;
    p->control_id = reg_column_text(st, 0, &failed);
    p->risks = reg_column_text(st, 1, &failed);
    p->option = reg_column_text(st, 2, &failed);
    p->priority = sqlite3_column_int(st, 3);
    p->owner = reg_column_text(st, 4, &failed);
    p->cost_once = sqlite3_column_double(st, 5);
    p->cost_annual = sqlite3_column_double(st, 6);
    p->due = reg_column_text(st, 7, &failed);
    p->loss_reduction =
        sqlite3_column_type(st, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 8);
    p->control_status = reg_column_text(st, 9, &failed);
    return failed ? out_of_memory(err) : CR_OK;
}

cr_status reg_load_run(cr_register *reg, int64_t run_id, cr_reg_run *out, cr_error *err)
{
    cr_reg_run_init(out);
    cr_status s = for_each_row(reg, REG_RUN_SELECT, run_id, run_row, out, "reading a run", err);
    if (!s && out->id == 0)
        s = cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL, "no run %lld in the register",
                         (long long)run_id);
    if (!s)
        s = for_each_row(reg, REG_RUN_LOSS_SELECT, run_id, run_loss_row, out,
                         "reading a run's losses", err);
    if (!s)
        s = for_each_row(reg, REG_RISK_SELECT, run_id, risk_row, out, "reading risks", err);
    if (!s)
        s = for_each_row(reg, REG_RISK_LOSS_SELECT, run_id, risk_loss_row, out,
                         "reading risk losses", err);
    if (!s)
        s = for_each_row(reg, REG_GAP_SELECT, run_id, gap_row, out, "reading gaps", err);
    if (!s)
        s = for_each_row(reg, REG_PLAN_SELECT, run_id, plan_row, out, "reading the plan", err);
    if (!s)
        s = for_each_row(reg, REG_SHEET_SELECT, run_id, sheet_row, out,
                         "reading the approval sheet", err);
    if (s)
        cr_reg_run_clear(out);
    return s;
}

cr_status cr_register_load_run(cr_register *reg, int64_t run_id, cr_reg_run *out,
                               cr_error *err)
{
    return reg_load_run(reg, run_id, out, err);
}

static cr_status single_id(cr_register *reg, sqlite3_stmt *st, int64_t *id, int *count,
                           cr_error *err)
{
    int rc;
    *count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((*count)++ == 0)
            *id = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? CR_OK : reg_sql_error(reg, rc, "finding a run", err);
}

cr_status cr_register_find_run(cr_register *reg, const char *text, int64_t *run_id,
                               cr_error *err)
{
    size_t n = text ? strlen(text) : 0;
    bool digits = n > 0, hex = n >= 8 && n <= 64;
    for (size_t i = 0; i < n; i++) {
        digits = digits && isdigit((unsigned char)text[i]);
        hex = hex && isxdigit((unsigned char)text[i]);
    }
    int count = 0;
    cr_status s;
    /* A short all-digit word is a run id; a long one (8+ hex digits) is a
     * key prefix. */
    if (digits && n < 8) {
        sqlite3_stmt *st = reg_stmt(reg, REG_RUN_EXISTS, err);
        if (!st)
            return err->status;
        sqlite3_bind_int64(st, 1, strtoll(text, NULL, 10));
        s = single_id(reg, st, run_id, &count, err);
    } else if (hex) {
        char low[66], high[67];
        for (size_t i = 0; i < n; i++)
            low[i] = (char)tolower((unsigned char)text[i]);
        low[n] = '\0';
        snprintf(high, sizeof high, "%s~", low);
        sqlite3_stmt *st = reg_stmt(reg, REG_RUN_BY_KEY_PREFIX, err);
        if (!st)
            return err->status;
        reg_bind_text(st, 1, low);
        reg_bind_text(st, 2, high);
        s = single_id(reg, st, run_id, &count, err);
        if (!s && count > 1)
            return cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL,
                                "run key prefix '%s' matches several runs; give more digits",
                                text);
    } else {
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "run '%s': expected a run id (a number) or the first 8 or more "
                            "hex digits of a run key",
                            text ? text : "");
    }
    if (!s && count == 0)
        s = cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL, "no run '%s' in the register",
                         text);
    return s;
}

/* The ids of a service's runs, oldest first. */
static cr_status run_ids_of(cr_register *reg, const char *service_id, int64_t **ids, size_t *n,
                            cr_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = reg_stmt(reg, REG_RUNS_OF_SERVICE, err);
    if (!st)
        return err->status;
    reg_bind_text(st, 1, service_id);
    int rc;
    cr_status s = CR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *grown = realloc(*ids, (*n + 1) * sizeof *grown);
        if (!grown) {
            s = out_of_memory(err);
            break;
        }
        *ids = grown;
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "listing a service's runs", err);
    sqlite3_reset(st);
    if (s) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return s;
}

cr_status cr_register_latest_run(cr_register *reg, const char *service_id, cr_reg_run *out,
                                 bool *found, cr_error *err)
{
    int64_t *ids;
    size_t n;
    cr_reg_run_init(out);
    *found = false;
    cr_status s = run_ids_of(reg, service_id, &ids, &n, err);
    if (!s && n > 0) {
        s = reg_load_run(reg, ids[n - 1], out, err);
        *found = s == CR_OK;
    }
    free(ids);
    return s;
}

cr_status cr_register_history(cr_register *reg, const char *service_id, cr_reg_run **runs,
                              size_t *n_runs, cr_error *err)
{
    int64_t *ids;
    size_t n;
    *runs = NULL;
    *n_runs = 0;
    cr_status s = run_ids_of(reg, service_id, &ids, &n, err);
    if (s)
        return s;
    if (n == 0) {
        free(ids);
        return cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL,
                            "no runs of service '%s' in the register", service_id);
    }
    cr_reg_run *all = calloc(n, sizeof *all);
    if (!all) {
        free(ids);
        return out_of_memory(err);
    }
    size_t loaded = 0;
    for (; !s && loaded < n; loaded++) {
        s = reg_load_run(reg, ids[loaded], &all[loaded], err);
        if (s)
            break;
    }
    free(ids);
    if (s) {
        cr_reg_runs_free(all, loaded);
        return s;
    }
    *runs = all;
    *n_runs = n;
    return CR_OK;
}

void cr_reg_approval_clear(cr_reg_approval *a)
{
    if (!a)
        return;
    free(a->service_id);
    free(a->subject);
    free(a->approver);
    free(a->decision);
    free(a->decided_on);
    free(a->note);
    free(a->minutes);
    free(a->conditions);
    free(a->accepted_until);
    free(a->stale_reason);
    free(a->source);
    memset(a, 0, sizeof *a);
}

void cr_reg_approvals_free(cr_reg_approval *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_reg_approval_clear(&a[i]);
    free(a);
}

cr_decision_status reg_decision_status(const cr_reg_approval *a, const char *today)
{
    if (a->superseded_by)
        return CR_DSTATUS_SUPERSEDED;
    if (a->decision && strcmp(a->decision, "revoked") == 0)
        return CR_DSTATUS_REVOKED;
    if (a->stale_run_id)
        return CR_DSTATUS_STALE;
    /* ISO dates compare as text. */
    if (today && a->accepted_until && strcmp(today, a->accepted_until) > 0)
        return CR_DSTATUS_STALE;
    return CR_DSTATUS_CURRENT;
}

cr_status reg_read_approval(sqlite3_stmt *st, cr_reg_approval *a, cr_error *err)
{
    memset(a, 0, sizeof *a);
    bool failed = false;
    a->id = sqlite3_column_int64(st, 0);
    a->run_id = sqlite3_column_int64(st, 1);
    a->service_id = reg_column_text(st, 2, &failed);
    if (!cr_subject_kind_parse((const char *)sqlite3_column_text(st, 3), &a->subject_kind))
        a->subject_kind = CR_SUBJECT_RISK;
    a->subject = reg_column_text(st, 4, &failed);
    a->approver = reg_column_text(st, 5, &failed);
    a->decision = reg_column_text(st, 6, &failed);
    a->decided_on = reg_column_text(st, 7, &failed);
    a->note = reg_column_text(st, 8, &failed);
    a->minutes = reg_column_text(st, 9, &failed);
    a->conditions = reg_column_text(st, 10, &failed);
    a->accepted_until = reg_column_text(st, 11, &failed);
    /* signed_state, level, level_rank, loss_mean, loss_se, loss_p95, items_sha256 */
    reg_read_state(st, 12, &a->signed_state);
    column_to(st, 19, a->signed_state.sheet_sha256, sizeof a->signed_state.sheet_sha256);
    a->superseded_by = sqlite3_column_int64(st, 20); /* NULL reads as 0 */
    a->stale_run_id = sqlite3_column_int64(st, 21);
    a->stale_reason = reg_column_text(st, 22, &failed);
    a->source = reg_column_text(st, 23, &failed);
    a->status = reg_decision_status(a, NULL);
    if (failed) {
        cr_reg_approval_clear(a);
        return out_of_memory(err);
    }
    return CR_OK;
}

cr_status reg_collect_approvals(cr_register *reg, sqlite3_stmt *st, cr_reg_approval **out,
                                size_t *n, cr_error *err)
{
    cr_reg_approval *all = NULL;
    size_t count = 0;
    int rc;
    cr_status s = CR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cr_reg_approval *grown = realloc(all, (count + 1) * sizeof *grown);
        if (!grown) {
            s = out_of_memory(err);
            break;
        }
        all = grown;
        s = reg_read_approval(st, &all[count], err);
        if (s)
            break;
        count++;
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "reading approvals", err);
    sqlite3_reset(st);
    if (s) {
        cr_reg_approvals_free(all, count);
        return s;
    }
    *out = all;
    *n = count;
    return CR_OK;
}

cr_status cr_register_approvals(cr_register *reg, const char *service_id, bool stale_only,
                                const char *today, cr_reg_approval **out, size_t *n,
                                cr_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = reg_stmt(reg, REG_APPROVALS_LIST, err);
    if (!st)
        return err->status;
    reg_bind_text(st, 1, service_id);
    cr_status s = reg_collect_approvals(reg, st, out, n, err);
    if (s)
        return s;
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        cr_reg_approval *a = &(*out)[i];
        a->status = reg_decision_status(a, today);
        if (stale_only && a->status != CR_DSTATUS_STALE) {
            cr_reg_approval_clear(a);
            continue;
        }
        (*out)[kept++] = *a;
    }
    *n = kept;
    return CR_OK;
}

cr_status reg_current_decision(cr_register *reg, int64_t service_id, const char *subject,
                               cr_reg_approval *out, bool *found, cr_error *err)
{
    *found = false;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = reg_stmt(reg, REG_APPROVAL_CURRENT_OF_SUBJECT, err);
    if (!st)
        return err->status;
    sqlite3_bind_int64(st, 1, service_id);
    reg_bind_text(st, 2, subject);
    int rc = sqlite3_step(st);
    cr_status s = CR_OK;
    if (rc == SQLITE_ROW) {
        s = reg_read_approval(st, out, err);
        *found = s == CR_OK;
    } else if (rc != SQLITE_DONE) {
        s = reg_sql_error(reg, rc, "reading a subject's decision", err);
    }
    sqlite3_reset(st);
    return s;
}
