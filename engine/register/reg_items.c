/*
 * reg_items.c -- plan items followed across a service's runs
 * (`cloudrisk register items [--late]`).
 *
 * A plan item is known by its service and its control: a later plan that
 * schedules the same control continues the same item, whatever its order or
 * priority.  It keeps the due date it was first given (what was committed
 * to), and its status follows the control's state in the service's latest
 * run: done once the control is in no gap any more, dropped when the latest
 * run drew up a plan that leaves it out (no longer a commitment, so never
 * late), late when the committed date has passed without that, in progress
 * while the control is partly in place, planned otherwise.  A latest run
 * without any plan (no item, no treatment, no sheet) drops nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "register/reg_doc.h"
#include "register/reg_json.h"
#include "util/json_build.h"

static const char items_sql[] =
    "WITH latest AS (SELECT service_id, max(id) AS run_id FROM runs GROUP BY service_id), "
    "first AS (SELECT r.service_id, p.control_id, min(p.run_id) AS run_id "
    "          FROM plan_items p JOIN runs r ON r.id = p.run_id "
    "          GROUP BY r.service_id, p.control_id) "
    "SELECT s.service_key, f.control_id, fp.owner, fp.due, fr.run_time, f.run_id, l.run_id, "
    "  EXISTS (SELECT 1 FROM gaps g WHERE g.run_id = l.run_id AND g.control_id = f.control_id), "
    "  lp.control_id IS NOT NULL, lp.control_status, lp.due, "
    "  EXISTS (SELECT 1 FROM plan_items q WHERE q.run_id = l.run_id) "
    "  OR EXISTS (SELECT 1 FROM risk_results q WHERE q.run_id = l.run_id "
    "             AND q.treatment IS NOT NULL) "
    "  OR (SELECT sheet_sha256 FROM runs WHERE id = l.run_id) IS NOT NULL "
    "FROM first f JOIN services s ON s.id = f.service_id "
    "JOIN latest l ON l.service_id = f.service_id "
    "JOIN runs fr ON fr.id = f.run_id "
    "JOIN plan_items fp ON fp.run_id = f.run_id AND fp.control_id = f.control_id "
    "LEFT JOIN plan_items lp ON lp.run_id = l.run_id AND lp.control_id = f.control_id "
    "WHERE ?1 IS NULL OR s.service_key = ?1 "
    "ORDER BY coalesce(fp.owner, ''), s.service_key, f.control_id";

const char *cr_item_status_name(cr_item_status s)
{
    static const char *const names[] = {"planned", "in_progress", "done", "late", "dropped"};
    return (size_t)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}

static void item_clear(cr_reg_item *it)
{
    free(it->service_id);
    free(it->control_id);
    free(it->owner);
    free(it->due);
    free(it->latest_due);
    free(it->first_planned);
    free(it->control_status);
    memset(it, 0, sizeof *it);
}

void cr_reg_items_free(cr_reg_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        item_clear(&items[i]);
    free(items);
}

/* The status rule above, on `today`. */
static void judge(cr_reg_item *it, bool open, bool latest_planned, cr_date today)
{
    cr_date due;
    it->days_late = 0;
    if (!open) {
        it->status = CR_ITEM_DONE;
    } else if (latest_planned && !it->in_latest_plan) {
        it->status = CR_ITEM_DROPPED;
    } else if (it->due && cr_date_parse(it->due, &due) &&
               cr_date_to_days(today) > cr_date_to_days(due)) {
        it->status = CR_ITEM_LATE;
        it->days_late = cr_date_to_days(today) - cr_date_to_days(due);
    } else if (it->control_status && strcmp(it->control_status, "not_implemented") != 0) {
        it->status = CR_ITEM_IN_PROGRESS;
    } else {
        it->status = CR_ITEM_PLANNED;
    }
}

cr_status cr_register_items(cr_register *reg, const char *service_id, bool late_only,
                            const char *today, cr_reg_item **out, size_t *n, cr_error *err)
{
    *out = NULL;
    *n = 0;
    cr_date day;
    if (!today || !cr_date_parse(today, &day))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL, "today's date is not known");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(reg->db, items_sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return reg_sql_error(reg, rc, "listing plan items", err);
    reg_bind_text(st, 1, service_id);
    cr_reg_item *all = NULL;
    size_t count = 0;
    cr_status s = CR_OK;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        cr_reg_item it;
        memset(&it, 0, sizeof it);
        bool failed = false;
        it.service_id = reg_column_text(st, 0, &failed);
        it.control_id = reg_column_text(st, 1, &failed);
        it.owner = reg_column_text(st, 2, &failed);
        it.due = reg_column_text(st, 3, &failed);
        char *when = reg_column_text(st, 4, &failed);
        if (when && strlen(when) > 10)
            when[10] = '\0'; /* the run's day */
        it.first_planned = when;
        it.first_run = sqlite3_column_int64(st, 5);
        it.latest_run = sqlite3_column_int64(st, 6);
        bool open = sqlite3_column_int(st, 7) != 0;
        it.in_latest_plan = sqlite3_column_int(st, 8) != 0;
        it.control_status = reg_column_text(st, 9, &failed);
        it.latest_due = reg_column_text(st, 10, &failed);
        bool latest_planned = sqlite3_column_int(st, 11) != 0;
        judge(&it, open, latest_planned, day);
        if (!failed && late_only && it.status != CR_ITEM_LATE) {
            item_clear(&it);
            continue;
        }
        cr_reg_item *grown = failed ? NULL : realloc(all, (count + 1) * sizeof *grown);
        if (!grown) {
            item_clear(&it);
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        all = grown;
        all[count++] = it;
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "listing plan items", err);
    sqlite3_finalize(st);
    if (s) {
        cr_reg_items_free(all, count);
        return s;
    }
    *out = all;
    *n = count;
    return CR_OK;
}

cr_status cr_reg_items_write(const cr_reg_item *items, size_t n, cr_reg_format format,
                             cr_report_lang lang, FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cJSON *list = cr_jb_add_array(b, doc, "items");
        for (size_t i = 0; i < n; i++) {
            const cr_reg_item *it = &items[i];
            cJSON *o = cr_jb_object(b);
            cr_jb_str(b, o, "service_id", it->service_id);
            cr_jb_str(b, o, "control_id", it->control_id);
            if (it->owner)
                cr_jb_str(b, o, "owner", it->owner);
            else
                cr_jb_null(b, o, "owner");
            if (it->due)
                cr_jb_str(b, o, "due", it->due);
            else
                cr_jb_null(b, o, "due");
            cr_jb_str(b, o, "status", cr_item_status_name(it->status));
            cr_jb_num(b, o, "days_late", (double)it->days_late);
            cr_jb_num(b, o, "first_run", (double)it->first_run);
            cr_jb_str(b, o, "first_planned", it->first_planned ? it->first_planned : "");
            cr_jb_num(b, o, "latest_run", (double)it->latest_run);
            cr_jb_bool(b, o, "in_latest_plan", it->in_latest_plan);
            cr_jb_push(b, list, o);
        }
        return reg_json_write(b, doc, true, out, err);
    }
    cr_doc d;
    reg_doc_init(&d, lang);
    reg_items_doc(&d, items, n, format == CR_REG_CSV, lang);
    return reg_doc_write(&d, format, out, err);
}
