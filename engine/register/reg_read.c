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

static void read_loss(sqlite3_stmt *st, int first, cr_reg_loss *l)
{
    l->present = true;
    l->mean = sqlite3_column_double(st, first);
    l->se = sqlite3_column_double(st, first + 1);
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
    return failed ? out_of_memory(err) : CR_OK;
}

static cr_status run_loss_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    (void)err;
    cr_reg_loss *totals[] = {&run->inherent_total, &run->residual_total, &run->target_total};
    read_loss(st, 1, totals[state_index((const char *)sqlite3_column_text(st, 0))]);
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
        read_loss(st, 2, losses[state_index((const char *)sqlite3_column_text(st, 1))]);
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
    free(a->risk_id);
    free(a->approver);
    free(a->decision);
    free(a->decided_on);
    free(a->note);
    free(a->level);
    free(a->stale_reason);
    memset(a, 0, sizeof *a);
}

void cr_reg_approvals_free(cr_reg_approval *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_reg_approval_clear(&a[i]);
    free(a);
}

cr_status reg_read_approval(sqlite3_stmt *st, cr_reg_approval *a, cr_error *err)
{
    memset(a, 0, sizeof *a);
    bool failed = false;
    a->id = sqlite3_column_int64(st, 0);
    a->run_id = sqlite3_column_int64(st, 1);
    a->service_id = reg_column_text(st, 2, &failed);
    a->risk_id = reg_column_text(st, 3, &failed);
    a->approver = reg_column_text(st, 4, &failed);
    a->decision = reg_column_text(st, 5, &failed);
    a->decided_on = reg_column_text(st, 6, &failed);
    a->note = reg_column_text(st, 7, &failed);
    a->level = reg_column_text(st, 8, &failed);
    if (sqlite3_column_type(st, 9) != SQLITE_NULL)
        read_loss(st, 9, &a->loss);
    a->stale_run_id = sqlite3_column_int64(st, 15); /* NULL reads as 0 */
    a->stale_reason = reg_column_text(st, 16, &failed);
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
                                cr_reg_approval **out, size_t *n, cr_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = reg_stmt(reg, REG_APPROVALS_LIST, err);
    if (!st)
        return err->status;
    reg_bind_text(st, 1, service_id);
    sqlite3_bind_int(st, 2, stale_only ? 1 : 0);
    return reg_collect_approvals(reg, st, out, n, err);
}
