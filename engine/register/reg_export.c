/*
 * reg_export.c -- the current register (each service's latest run) as CSV or
 * JSON, read in one snapshot so that a batch writing at the same time cannot
 * tear it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_internal.h"
#include "register/reg_json.h"
#include "util/csv_util.h"
#include "util/json_build.h"

static const char *const csv_header[] = {
    "service_id",       "service_name",        "owner",           "run_id",
    "run_key",          "run_time",            "inputs_sha256",   "model_version",
    "criteria_version", "seed",                "trials",          "currency",
    "risk_id",
    "inherent_impact",  "inherent_likelihood", "inherent_level",  "residual_impact",
    "residual_likelihood", "residual_level",   "target_level",    "treatment",
    "inherent_mean",    "residual_mean",       "residual_se",     "residual_p95",
    "residual_p99",     "target_mean",         "gaps",            "approval",
    "approval_stale",   "approval_status",     "approval_sheet_sha256", "sheet_sha256",
    "assessor",         "review_due"};
#define N_COLUMNS (sizeof csv_header / sizeof csv_header[0])

static void loss_field(char *buf, size_t size, const cr_reg_loss *l, double v)
{
    if (l->years > 0)
        reg_format_double(buf, size, v);
    else
        buf[0] = '\0';
}

/* The current decision (not superseded) on a risk among a service's
 * decisions, or NULL. */
static const cr_reg_approval *newest_approval(const cr_reg_approval *a, size_t n,
                                              const char *risk_id)
{
    for (size_t i = 0; i < n; i++)
        if (!a[i].superseded_by && strcmp(a[i].subject, risk_id) == 0)
            return &a[i];
    return NULL;
}

static cr_status write_csv_rows(const cr_reg_run *run, const cr_reg_approval *approvals,
                                size_t n_approvals, FILE *out, cr_error *err)
{
    char review_due[11];
    cr_reg_run_review_due(run, review_due);
    char run_id[24], seed[24], trials[24], nums[9][40];
    snprintf(run_id, sizeof run_id, "%" PRId64, run->id);
    reg_seed_text(run->seed, seed);
    reg_seed_text(run->trials, trials);
    for (size_t i = 0; i < run->n_risks; i++) {
        const cr_reg_risk *r = &run->risks[i];
        snprintf(nums[0], sizeof nums[0], "%d", r->inherent_impact);
        snprintf(nums[1], sizeof nums[1], "%d", r->inherent_likelihood);
        snprintf(nums[2], sizeof nums[2], "%d", r->residual_impact);
        snprintf(nums[3], sizeof nums[3], "%d", r->residual_likelihood);
        loss_field(nums[4], sizeof nums[4], &r->inherent_loss, r->inherent_loss.mean);
        loss_field(nums[5], sizeof nums[5], &r->residual_loss, r->residual_loss.mean);
        loss_field(nums[6], sizeof nums[6], &r->residual_loss, r->residual_loss.mean_se);
        loss_field(nums[7], sizeof nums[7], &r->residual_loss, r->residual_loss.p95);
        loss_field(nums[8], sizeof nums[8], &r->residual_loss, r->residual_loss.p99);
        char target_mean[40];
        loss_field(target_mean, sizeof target_mean, &r->target_loss, r->target_loss.mean);
        /* This risk's gaps as one field: control ids separated by spaces. */
        size_t len = 1;
        for (size_t g = 0; g < run->n_gaps; g++)
            if (strcmp(run->gaps[g].risk_id, r->risk_id) == 0)
                len += strlen(run->gaps[g].control_id) + 1;
        char *gaps = malloc(len);
        if (!gaps)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        gaps[0] = '\0';
        for (size_t g = 0; g < run->n_gaps; g++)
            if (strcmp(run->gaps[g].risk_id, r->risk_id) == 0) {
                if (gaps[0])
                    strcat(gaps, " ");
                strcat(gaps, run->gaps[g].control_id);
            }
        const cr_reg_approval *a = newest_approval(approvals, n_approvals, r->risk_id);
        char approval[200] = "";
        if (a)
            snprintf(approval, sizeof approval, "%s %s by %s", a->decision, a->decided_on,
                     a->approver);
        const char *row[N_COLUMNS] = {
            run->service_id, run->service_name, run->owner ? run->owner : "", run_id,
            run->run_key, run->run_time, run->inputs_sha256, run->model_version,
            run->criteria_version, seed, trials, run->currency ? run->currency : "", r->risk_id,
            nums[0], nums[1],
            r->inherent_level, nums[2], nums[3], r->residual_level,
            r->target_level ? r->target_level : "", r->treatment ? r->treatment : "", nums[4],
            nums[5], nums[6], nums[7], nums[8], target_mean, gaps, approval,
            a ? (a->status == CR_DSTATUS_CURRENT ? "false" : "true") : "",
            a ? cr_decision_status_name(a->status) : "", a ? a->signed_state.sheet_sha256 : "",
            run->sheet_sha256, run->assessor ? run->assessor : "", review_due};
        cr_csv_write_row(out, row, N_COLUMNS);
        free(gaps);
    }
    return CR_OK;
}

static cr_status latest_run_ids(cr_register *reg, int64_t **ids, size_t *n, cr_error *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = reg_stmt(reg, REG_LATEST_RUNS, err);
    if (!st)
        return err->status;
    int rc;
    cr_status s = CR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t *grown = realloc(*ids, (*n + 1) * sizeof *grown);
        if (!grown) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        *ids = grown;
        (*ids)[(*n)++] = sqlite3_column_int64(st, 1);
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "listing services", err);
    sqlite3_reset(st);
    return s;
}

cr_status cr_register_export(cr_register *reg, cr_reg_format format, FILE *out, cr_error *err)
{
    if (format != CR_REG_CSV && format != CR_REG_JSON)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "register export: expected the format csv or json");
    cr_status s = reg_exec(reg, "BEGIN", "starting a read", err);
    if (s)
        return s;
    int64_t *ids = NULL;
    size_t n = 0;
    s = latest_run_ids(reg, &ids, &n, err);
    if (!s && format == CR_REG_CSV)
        cr_csv_write_row(out, csv_header, N_COLUMNS);
    if (!s && format == CR_REG_JSON)
        fprintf(out, "{\"format\":\"cloudrisk-register\",\"schema_version\":%d,\"services\":[\n",
                reg->version);
    for (size_t i = 0; !s && i < n; i++) {
        cr_reg_run run;
        cr_reg_approval *approvals = NULL;
        size_t n_approvals = 0;
        s = reg_load_run(reg, ids[i], &run, err);
        if (s)
            break;
        s = cr_register_approvals(reg, run.service_id, false, NULL, &approvals, &n_approvals,
                                  err);
        if (!s && format == CR_REG_CSV)
            s = write_csv_rows(&run, approvals, n_approvals, out, err);
        if (!s && format == CR_REG_JSON) {
            cr_jb jb = {0}, *b = &jb;
            cJSON *o = cr_jb_object(b);
            cr_jb_put(b, o, "latest_run", reg_run_to_json(b, &run, true));
            cJSON *list = cr_jb_add_array(b, o, "approvals");
            for (size_t k = 0; k < n_approvals; k++)
                cr_jb_push(b, list, reg_approval_to_json(b, &approvals[k]));
            if (i > 0)
                fputs(",\n", out);
            char *text = NULL;
            if (cr_jb_finish(b, &o, err) == CR_OK)
                text = cJSON_PrintUnformatted(o);
            cJSON_Delete(o);
            if (!text)
                s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            else
                fputs(text, out);
            cJSON_free(text);
        }
        cr_reg_approvals_free(approvals, n_approvals);
        cr_reg_run_clear(&run);
    }
    if (!s && format == CR_REG_JSON)
        fputs("\n]}\n", out);
    free(ids);
    (void)sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL); /* ends a read: cannot fail */
    return s;
}
