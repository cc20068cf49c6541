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

#include "register/reg_internal.h"
#include "register/reg_json.h"
#include "util/csv_util.h"
#include "util/json_build.h"

static const char services_sql[] =
    "SELECT s.id, s.service_key, (SELECT max(r.id) FROM runs r WHERE r.service_id = s.id) "
    "FROM services s WHERE ?1 IS NULL OR s.service_key = ?1 ORDER BY s.service_key";

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
    int rc = sqlite3_prepare_v2(reg->db, services_sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        s = reg_sql_error(reg, rc, "listing services", err);
    else
        reg_bind_text(st, 1, service_id);
    size_t seen = 0;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        seen++;
        if (sqlite3_column_type(st, 2) == SQLITE_NULL)
            continue;
        int64_t service = sqlite3_column_int64(st, 0);
        cr_reg_run run;
        s = reg_load_run(reg, sqlite3_column_int64(st, 2), &run, err);
        if (!s)
            s = pending_of_run(reg, service, &run, today, &l, err);
        cr_reg_run_clear(&run);
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "listing services", err);
    sqlite3_finalize(st);
    (void)sqlite3_exec(reg->db, "COMMIT", NULL, NULL, NULL); /* ends a read: cannot fail */
    if (!s && service_id && seen == 0)
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
                               FILE *out, cr_error *err)
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
    static const char *const header[] = {"service_id", "run_id",      "subject_kind", "subject",
                                         "level",      "decision_id", "reason",       "why"};
    if (format == CR_REG_CSV)
        cr_csv_write_row(out, header, sizeof header / sizeof header[0]);
    else if (n == 0)
        fputs("nothing pending: every subject of every latest approval sheet has a current "
              "decision\n",
              out);
    for (size_t i = 0; i < n; i++) {
        char run[24], decision[24] = "";
        snprintf(run, sizeof run, "%" PRId64, p[i].run_id);
        if (p[i].decision_id)
            snprintf(decision, sizeof decision, "%" PRId64, p[i].decision_id);
        if (format == CR_REG_CSV) {
            const char *row[] = {p[i].service_id, run, cr_subject_kind_name(p[i].kind),
                                 p[i].subject, p[i].level ? p[i].level : "", decision,
                                 p[i].reason, p[i].why};
            cr_csv_write_row(out, row, sizeof row / sizeof row[0]);
            continue;
        }
        fprintf(out, "%s %s (%s%s%s), run %s: %s\n", p[i].service_id, p[i].subject,
                cr_subject_kind_name(p[i].kind), p[i].level ? ", " : "",
                p[i].level ? p[i].level : "", run, p[i].why);
    }
    if (format == CR_REG_TEXT && n)
        fprintf(out, "%zu pending\n", n);
    return CR_OK;
}
