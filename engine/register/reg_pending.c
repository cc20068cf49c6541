/*
 * reg_pending.c -- what needs management's decision now, and how it is
 * written out (`cloudrisk register approvals --pending`).
 *
 * The subjects of each service's latest approval sheet -- the plan as a
 * whole and each risk left above the acceptable level after it -- without
 * a current decision.  Whether a decision is current is the one rule
 * (plan.h, cr_decision_judge), applied when each run was recorded (the
 * stale marks) and here for expiry on the given day: the same answer the
 * batch, diff and plan give.  Plan items are decided with the plan; a
 * decision on one is kept, but an item is not asked for on its own.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_doc.h"
#include "register/reg_json.h"
#include "util/json_build.h"

/* Each service's latest run with its approval sheet, row by row: only what
 * the listing needs, so that a fleet of thousands is one pass (a run
 * without a sheet has nothing pending). */
static const char sheets_sql[] =
    "SELECT s.id, s.service_key, r.id, r.run_time, r.sheet_sha256, x.subject_kind, "
    "  x.subject, x.signed_state, x.level, x.level_rank, x.expected_loss, "
    "  x.expected_loss_se, x.p95, x.items_sha256 "
    "FROM services s "
    "JOIN runs r ON r.id = (SELECT max(id) FROM runs WHERE service_id = s.id) "
    "JOIN sheet_subjects x ON x.run_id = r.id "
    "WHERE ?1 IS NULL OR s.service_key = ?1 ORDER BY s.service_key, x.ord";
static const char service_known_sql[] = "SELECT count(*) FROM services WHERE service_key = ?1";

/* Was the subject on the sheet of the service's run before `run_id`?  False
 * too when there is no earlier run. */
static const char previous_sql[] =
    "SELECT count(*) FROM sheet_subjects WHERE subject = ?3 AND run_id = "
    "(SELECT max(id) FROM runs WHERE service_id = ?1 AND id < ?2)";
static const char has_previous_sql[] =
    "SELECT count(*) FROM runs WHERE service_id = ?1 AND id < ?2";

void cr_reg_pending_free(cr_reg_pending *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        free(p[i].service_id);
        free(p[i].subject);
        free(p[i].level);
        free(p[i].why);
        free(p[i].reason);
    }
    free(p);
}

static cr_status count_of(cr_register *reg, const char *sql, int64_t service, int64_t run,
                          const char *subject, long *out, cr_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, service);
        sqlite3_bind_int64(st, 2, run);
        if (subject)
            reg_bind_text(st, 3, subject);
        rc = sqlite3_step(st);
    }
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? CR_OK : reg_sql_error(reg, rc, "reading approval sheets", err);
}

typedef struct pending_list {
    cr_reg_pending *items;
    size_t n;
} pending_list;

static cr_status add(pending_list *l, const cr_reg_run *run, const cr_reg_sheet_row *row,
                     int64_t decision_id, const char *why, const char *reason, cr_error *err)
{
    cr_reg_pending *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
    if (!grown)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    l->items = grown;
    cr_reg_pending *p = &l->items[l->n++];
    memset(p, 0, sizeof *p);
    bool failed = false;
    p->service_id = reg_strdup(run->service_id, &failed);
    p->run_id = run->id;
    p->kind = row->kind;
    p->subject = reg_strdup(row->subject, &failed);
    p->level = row->state.level_id[0] ? reg_strdup(row->state.level_id, &failed) : NULL;
    p->decision_id = decision_id;
    p->why = reg_strdup(why, &failed);
    p->reason = reg_strdup(reason, &failed);
    return failed ? cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory") : CR_OK;
}

/* The subjects of one run's sheet that need a decision. */
static cr_status pending_of_run(cr_register *reg, int64_t service, const cr_reg_run *run,
                                const char *today, pending_list *l, cr_error *err)
{
    cr_status s = CR_OK;
    for (size_t i = 0; !s && i < run->n_sheet; i++) {
        const cr_reg_sheet_row *row = &run->sheet[i];
        if (row->kind == CR_SUBJECT_ITEM)
            continue;
        cr_reg_approval cur;
        bool found = false;
        s = reg_current_decision(reg, service, row->subject, &cur, &found, err);
        if (s)
            break;
        if (!found) {
            long before = 0, had_run = 0;
            s = count_of(reg, has_previous_sql, service, run->id, NULL, &had_run, err);
            if (!s && had_run)
                s = count_of(reg, previous_sql, service, run->id, row->subject, &before, err);
            if (!s && had_run && !before)
                s = add(l, run, row, 0,
                        row->kind == CR_SUBJECT_RISK
                            ? "newly on the approval sheet: above the acceptable level after "
                              "the plan, never decided"
                            : "newly on the approval sheet: never decided",
                        "new", err);
            else if (!s)
                s = add(l, run, row, 0, "no decision yet", "none", err);
            continue;
        }
        cr_decision_status status = reg_decision_status(&cur, today);
        if (status == CR_DSTATUS_REVOKED) {
            char why[2400];
            snprintf(why, sizeof why, "decision %" PRId64 " revoked on %s: %s", cur.id,
                     cur.decided_on, cur.note ? cur.note : "");
            s = add(l, run, row, cur.id, why, "revoked", err);
        } else if (status == CR_DSTATUS_STALE && cur.stale_run_id) {
            char why[600];
            snprintf(why, sizeof why, "decision %" PRId64 " of %s is stale since run %" PRId64
                     ": %s",
                     cur.id, cur.decided_on, cur.stale_run_id,
                     cur.stale_reason ? cur.stale_reason : "");
            /* The stale mark says why in words; the code is the rule's. */
            cr_decision_verdict v;
            const char *code = "state_changed";
            if (cr_reg_approval_judge(&cur, run, run->run_time, 0.0, &v) &&
                v.reason != CR_STALE_NONE)
                code = cr_stale_reason_name(v.reason);
            s = add(l, run, row, cur.id, why, code, err);
        } else if (status == CR_DSTATUS_STALE) {
            char why[300];
            snprintf(why, sizeof why, "decision %" PRId64 " of %s expired: accepted until %s",
                     cur.id, cur.decided_on, cur.accepted_until ? cur.accepted_until : "");
            s = add(l, run, row, cur.id, why, "expired", err);
        }
        cr_reg_approval_clear(&cur);
    }
    return s;
}

/* Add one sheet row of the current statement to `run` (a run holding only
 * its identity and its sheet). */
static cr_status add_sheet_row(sqlite3_stmt *st, cr_reg_run *run, cr_error *err)
{
    cr_reg_sheet_row *grown = realloc(run->sheet, (run->n_sheet + 1) * sizeof *grown);
    if (!grown)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    run->sheet = grown;
    cr_reg_sheet_row *r = &run->sheet[run->n_sheet++];
    memset(r, 0, sizeof *r);
    bool failed = false;
    if (!cr_subject_kind_parse((const char *)sqlite3_column_text(st, 5), &r->kind))
        r->kind = CR_SUBJECT_RISK;
    r->subject = reg_column_text(st, 6, &failed);
    reg_read_state(st, 7, &r->state);
    snprintf(r->state.sheet_sha256, sizeof r->state.sheet_sha256, "%s", run->sheet_sha256);
    return failed ? cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory") : CR_OK;
}

cr_status cr_register_pending(cr_register *reg, const char *service_id, const char *today,
                              cr_reg_pending **out, size_t *n, cr_error *err)
{
    *out = NULL;
    *n = 0;
    pending_list l = {NULL, 0};
    cr_status s = reg_exec(reg, "BEGIN", "starting a read", err);
    if (s)
        return s;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, sheets_sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        s = reg_sql_error(reg, rc, "listing approval sheets", err);
    else
        reg_bind_text(st, 1, service_id);
    cr_reg_run run;
    cr_reg_run_init(&run);
    int64_t service = 0;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t run_id = sqlite3_column_int64(st, 2);
        if (run.id != run_id) {
            /* The previous service's sheet is whole: judge it. */
            if (run.id)
                s = pending_of_run(reg, service, &run, today, &l, err);
            cr_reg_run_clear(&run);
            if (s)
                break;
            bool failed = false;
            service = sqlite3_column_int64(st, 0);
            run.id = run_id;
            run.service_id = reg_column_text(st, 1, &failed);
            run.run_time = reg_column_text(st, 3, &failed);
            const unsigned char *sheet = sqlite3_column_text(st, 4);
            snprintf(run.sheet_sha256, sizeof run.sheet_sha256, "%s",
                     sheet ? (const char *)sheet : "");
            if (failed) {
                s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
                break;
            }
        }
        s = add_sheet_row(st, &run, err);
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "listing approval sheets", err);
    if (!s && run.id)
        s = pending_of_run(reg, service, &run, today, &l, err);
    cr_reg_run_clear(&run);
    sqlite3_finalize(st);
    long known = 1;
    if (!s && service_id) {
        st = NULL;
        rc = sqlite3_prepare_v2(reg->db, service_known_sql, -1, &st, NULL);
        if (rc == SQLITE_OK) {
            reg_bind_text(st, 1, service_id);
            rc = sqlite3_step(st);
        }
        if (rc == SQLITE_ROW)
            known = sqlite3_column_int(st, 0);
        else
            s = reg_sql_error(reg, rc, "finding a service", err);
        sqlite3_finalize(st);
    }
    (void)sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL); /* ends a read: cannot fail */
    if (!s && !known)
        s = cr_error_set(err, CR_ERR_INPUT, reg->path, 0, NULL,
                         "no service '%s' in the register", service_id);
    if (s) {
        cr_reg_pending_free(l.items, l.n);
        return s;
    }
    *out = l.items;
    *n = l.n;
    return CR_OK;
}

cr_status cr_reg_pending_write(const cr_reg_pending *p, size_t n, cr_reg_format format,
                               cr_report_lang lang, FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cJSON *list = cr_jb_add_array(b, doc, "pending");
        for (size_t i = 0; i < n; i++) {
            cJSON *o = cr_jb_object(b);
            cr_jb_str(b, o, "service_id", p[i].service_id);
            cr_jb_num(b, o, "run_id", (double)p[i].run_id);
            cr_jb_str(b, o, "subject_kind", cr_subject_kind_name(p[i].kind));
            cr_jb_str(b, o, "subject", p[i].subject);
            if (p[i].level)
                cr_jb_str(b, o, "level", p[i].level);
            else
                cr_jb_null(b, o, "level");
            if (p[i].decision_id)
                cr_jb_num(b, o, "decision_id", (double)p[i].decision_id);
            else
                cr_jb_null(b, o, "decision_id");
            cr_jb_str(b, o, "reason", p[i].reason);
            cr_jb_str(b, o, "why", p[i].why);
            cr_jb_push(b, list, o);
        }
        return reg_json_write(b, doc, true, out, err);
    }
    cr_doc d;
    reg_doc_init(&d, lang);
    reg_pending_doc(&d, p, n, format == CR_REG_CSV, lang);
    return reg_doc_write(&d, format, out, err);
}
