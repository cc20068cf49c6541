/*
 * decisions.c -- management's decisions on a plan, read back from a file and
 * recorded with the plan (management standard 1.4.3: the residual risk is
 * approved by management, with evidence).
 *
 * JSON:
 *   {"input_sha256": "<the hash of the sheet the decisions were taken on>",
 *    "decisions": [{"id": "7.4.1", "decision": "approved", "by": "CISO",
 *                   "date": "2025-04-10", "note": "...", "minutes": "...",
 *                   "conditions": "...", "accepted_until": "2026-04-10"}, ...]}
 * CSV, one of three forms (header in any order):
 *   id,decision,by,date,note[,minutes,conditions,accepted_until,input_sha256]
 *   the decisions template (decisions_sheet.c) filled in: the above plus
 *     subject,title,state,level,expected_loss,p95,items_sha256
 *   the plan's own CSV (report's render_csv.c): control, decision,
 *     decided_by, decision_date, decision_note, inputs_sha256 and its other
 *     columns, which are not read.
 * A row whose decision, by and date are all empty is not decided yet.
 *
 * An id names a plan item (its control id), a risk on the approval sheet, or
 * "plan" for the plan as a whole.  decision is approved, rejected or
 * approved_with_conditions ("changed", its former name, is read too), which
 * needs its conditions (the conditions column, else the note).  Every
 * decision goes through the one rule, cr_decision_judge: taken on this
 * plan's sheet (its input_sha256, or none named), it signs this sheet's
 * state; taken on another sheet, it holds only when the state it signed
 * (the template's state columns) has not changed materially; without them
 * the state it signed is unknown and it is stale.
 */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "plan/decisions_form.h"
#include "util/csv_util.h"
#include "util/json_util.h"
#include "util/limits.h"
#include "util/text.h"
#include "util/values.h"


typedef struct entry {
    const char *id, *decision, *by, *date, *note, *sha;
    const char *minutes, *conditions, *until;
    /* the signed state, as the template gives it */
    const char *subject, *state, *level, *loss_text, *p95_text, *items_sha;
    bool has_loss, has_p95;
    double loss, p95;
    char where[320]; /* "line 4" or "$.decisions[2]" */
    long line;
    char path[256];
} entry;

static bool is_sha256_hex(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!isxdigit((unsigned char)*p) || isupper((unsigned char)*p))
            return false;
    return true;
}

/* Absent, empty or only white space. */
static bool blank(const char *s)
{
    return !s || !s[0] || cr_text_blank(s);
}

/* An error at an entry's field: "file:line: column F: ..." for CSV,
 * "file: $.decisions[i].F: ..." for JSON. */
static cr_status fail(const char *file, const entry *e, const char *field, cr_error *err,
                      const char *msg, const char *value)
{
    char detail[400];
    if (value)
        snprintf(detail, sizeof detail, "%s \"%.80s\"", msg, value);
    else
        snprintf(detail, sizeof detail, "%s", msg);
    if (e->line)
        return cr_error_set(err, CR_ERR_INPUT, file, e->line, NULL, "column %s: %s", field,
                            detail);
    char path[300];
    cr_jpath_key(path, sizeof path, e->path, field);
    return cr_error_set(err, CR_ERR_INPUT, file, 0, path, "%s", detail);
}

/* A file that fails part-way records nothing. */
static void clear_all(cr_plan *plan)
{
    cr_decision_clear(&plan->plan_decision);
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        free(plan->former_decisions[k].id);
        cr_decision_clear(&plan->former_decisions[k].decision);
    }
    free(plan->former_decisions);
    plan->former_decisions = NULL;
    plan->n_former_decisions = 0;
    for (size_t t = 0; t < plan->n_items; t++)
        cr_decision_clear(&plan->items[t].decision);
    for (size_t k = 0; k < plan->n_residuals; k++)
        cr_decision_clear(&plan->residuals[k].decision);
}

/* Where an id lands in the plan. */
static cr_decision *target_of(cr_plan *plan, const char *id)
{
    if (strcmp(id, "plan") == 0)
        return &plan->plan_decision;
    for (size_t t = 0; t < plan->n_items; t++)
        if (strcmp(plan->gaps[plan->items[t].gap].control_id, id) == 0)
            return &plan->items[t].decision;
    for (size_t k = 0; k < plan->n_residuals; k++)
        if (strcmp(plan->risks[plan->residuals[k].risk].id, id) == 0)
            return &plan->residuals[k].decision;
    return NULL;
}

static bool names_a_risk(const cr_plan *plan, const char *id)
{
    for (size_t r = 0; r < plan->n_risks; r++)
        if (strcmp(plan->risks[r].id, id) == 0)
            return true;
    return false;
}

static cr_status parse_amount(const char *file, const entry *e, const char *field,
                              const char *text, double *out, cr_error *err)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end || !isfinite(v) || v < 0)
        return fail(file, e, field, err, "expected an amount (a number, at least 0), got", text);
    *out = v;
    return CR_OK;
}

/* The state the decision signed, when taken on another sheet: from the
 * template's columns; absent when the file does not give it. */
static cr_status signed_from_file(const cr_plan *plan, const char *file, entry *e,
                                  const char *sha, cr_signed_state *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    out->level = -1;
    out->expected_loss = out->p95 = NAN;
    out->expected_loss_se = 0.0;
    out->basis = CR_SIGNED_AFTER_PLAN;
    snprintf(out->sheet_sha256, sizeof out->sheet_sha256, "%s", sha);
    cr_status st = CR_OK;
    if (e->loss_text && e->loss_text[0])
        st = parse_amount(file, e, "expected_loss", e->loss_text, &e->loss, err);
    e->has_loss = e->has_loss || (e->loss_text && e->loss_text[0]);
    if (st == CR_OK && e->p95_text && e->p95_text[0])
        st = parse_amount(file, e, "p95", e->p95_text, &e->p95, err);
    e->has_p95 = e->has_p95 || (e->p95_text && e->p95_text[0]);
    if (st != CR_OK)
        return st;
    if (!blank(e->state) && !cr_signed_basis_parse(e->state, &out->basis))
        return fail(file, e, "state", err, "expected \"after_plan\" or \"residual\", got",
                    e->state);
    if (!blank(e->items_sha) && !is_sha256_hex(e->items_sha))
        return fail(file, e, "items_sha256", err,
                    "expected 64 lowercase hexadecimal digits, got", e->items_sha);
    if (!blank(e->level)) {
        for (size_t k = 0; k < plan->n_levels; k++)
            if (strcmp(plan->level_id[k], e->level) == 0)
                out->level = (int)k;
        if (out->level < 0)
            return fail(file, e, "level", err, "not a level of the acceptance criteria:",
                        e->level);
        snprintf(out->level_id, sizeof out->level_id, "%s", e->level);
    }
    if (e->has_loss)
        out->expected_loss = e->loss;
    if (e->has_p95)
        out->p95 = e->p95;
    if (!blank(e->items_sha))
        snprintf(out->items_sha256, sizeof out->items_sha256, "%s", e->items_sha);
    out->present = out->level >= 0 || e->has_loss || !blank(e->items_sha);
    return CR_OK;
}

static char *dup_or_null(const char *s, bool *failed)
{
    if (blank(s))
        return NULL;
    char *c = strdup(s);
    if (!c)
        *failed = true;
    return c;
}

static cr_status check_and_record(cr_plan *plan, const char *file, entry *e,
                                  const char *default_sha, cr_error *err)
{
    if (!e->id || !e->id[0])
        return fail(file, e, "id", err,
                    "missing id; expected a plan item's control id, a risk id on the approval "
                    "sheet, or \"plan\"",
                    NULL);
    const char *sha = e->sha && e->sha[0] ? e->sha : default_sha;
    if (sha && sha[0] && !is_sha256_hex(sha))
        return fail(file, e, "input_sha256", err,
                    "expected 64 lowercase hexadecimal digits (the plan's input_sha256), got",
                    sha);
    bool other_sheet =
        sha && sha[0] && plan->input_sha256 && strcmp(sha, plan->input_sha256) != 0;
    cr_decision *d = target_of(plan, e->id);
    if (!d && other_sheet && names_a_risk(plan, e->id)) {
        /* On an earlier plan, about a risk no longer on the approval sheet. */
        for (size_t k = 0; k < plan->n_former_decisions; k++)
            if (strcmp(plan->former_decisions[k].id, e->id) == 0)
                return fail(file, e, "id", err, "a second decision for", e->id);
        cr_former_decision *grown = realloc(
            plan->former_decisions, (plan->n_former_decisions + 1) * sizeof *grown);
        if (!grown)
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        plan->former_decisions = grown;
        cr_former_decision *f = &plan->former_decisions[plan->n_former_decisions++];
        memset(f, 0, sizeof *f);
        if (!(f->id = strdup(e->id)))
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        d = &f->decision;
    }
    if (!d)
        return fail(file, e, "id", err,
                    "no plan item, approval-sheet risk or \"plan\" with id", e->id);
    if (d->kind != CR_DECISION_NONE)
        return fail(file, e, "id", err, "a second decision for", e->id);
    cr_decision_kind kind;
    if (!cr_decision_parse(e->decision, false, &kind))
        return fail(file, e, "decision", err,
                    "expected \"approved\", \"rejected\" or \"approved_with_conditions\", got",
                    e->decision ? e->decision : "");
    if (!e->by || cr_text_blank(e->by))
        return fail(file, e, "by", err, "missing: who took the decision", NULL);
    if (strlen(e->by) > CR_LIMIT_NAME_BYTES)
        return fail(file, e, "by", err, "longer than 200 bytes", NULL);
    cr_date date;
    if (!e->date || !cr_date_parse(e->date, &date))
        return fail(file, e, "date", err, "expected " CR_DATE_EXPECTED ", got",
                    e->date ? e->date : "");
    if (e->note && strlen(e->note) > CR_LIMIT_NOTE_BYTES)
        return fail(file, e, "note", err, "longer than 2000 bytes", NULL);
    if (e->conditions && strlen(e->conditions) > CR_LIMIT_NOTE_BYTES)
        return fail(file, e, "conditions", err, "longer than 2000 bytes", NULL);
    if (e->minutes && strlen(e->minutes) > CR_LIMIT_NAME_BYTES)
        return fail(file, e, "minutes", err, "longer than 200 bytes", NULL);
    const char *conditions = !blank(e->conditions) ? e->conditions : e->note;
    if (kind == CR_DECISION_APPROVED_WITH_CONDITIONS && blank(conditions))
        return fail(file, e, e->conditions ? "conditions" : "note", err,
                    "an approval with conditions needs a note saying the conditions",
                    NULL);
    if (kind != CR_DECISION_APPROVED_WITH_CONDITIONS && !blank(e->conditions))
        return fail(file, e, "conditions", err,
                    "conditions belong to an \"approved_with_conditions\" decision", NULL);
    cr_date until = {0, 0, 0};
    if (!blank(e->until)) {
        if (!cr_date_parse(e->until, &until))
            return fail(file, e, "accepted_until", err, "expected a date YYYY-MM-DD, got",
                        e->until);
        if (cr_date_to_days(until) <= cr_date_to_days(date))
            return fail(file, e, "accepted_until", err,
                        "expected a date after the decision's date, got", e->until);
    } else {
        until = cr_date_add_months(date, plan->review_interval_months > 0
                                             ? plan->review_interval_months
                                             : CR_DEFAULT_REVIEW_MONTHS);
    }
    /* The state signed, and the same subject's state now. */
    cr_subject_kind subject_kind;
    cr_signed_state now, signed_state;
    bool on_sheet = cr_plan_signed_state(plan, e->id, &subject_kind, &now);
    if (other_sheet) {
        cr_status st = signed_from_file(plan, file, e, sha, &signed_state, err);
        if (st != CR_OK)
            return st;
    } else {
        signed_state = now;
        signed_state.present = on_sheet;
    }
    cr_decision_verdict v;
    cr_decision_judge(kind, &signed_state, until, on_sheet ? &now : NULL, plan->start, 0.0, &v);
    d->kind = kind;
    d->date = date;
    d->accepted_until = until;
    d->signed_state = signed_state;
    d->stale = v.status != CR_DSTATUS_CURRENT;
    bool failed = false;
    d->by = strdup(e->by);
    d->note = strdup(e->note ? e->note : "");
    d->minutes = dup_or_null(e->minutes, &failed);
    d->conditions =
        kind == CR_DECISION_APPROVED_WITH_CONDITIONS ? dup_or_null(conditions, &failed) : NULL;
    d->stale_reason = d->stale ? dup_or_null(v.text, &failed) : NULL;
    size_t n = strlen(file) + strlen(e->where) + 2;
    d->source = malloc(n);
    if (!d->by || !d->note || !d->source || failed)
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    snprintf(d->source, n, "%s:%s", file, e->where);
    return CR_OK;
}

static cr_status read_json(cr_plan *plan, const char *path, const char *text, size_t len,
                           cr_error *err)
{
    static const char *const top_keys[] = {"input_sha256", "decisions"};
    static const char *const keys[] = {"id",      "decision",   "by",
                                       "date",    "note",       "input_sha256",
                                       "minutes", "conditions", "accepted_until",
                                       "subject", "state",      "level",
                                       "expected_loss", "p95",  "items_sha256"};
    cr_json_doc doc;
    cr_status st = cr_json_parse_text(path, text, len, &doc, err);
    if (st != CR_OK) {
        cr_json_doc_free(&doc);
        return st;
    }
    cr_jctx c = {path, err};
    const cJSON *list = NULL;
    const char *sha = NULL;
    if ((st = cr_json_check_keys(&c, doc.root, "$", top_keys, 2)) != CR_OK ||
        (st = cr_json_get_string(&c, doc.root, "$", "input_sha256", false, 64, &sha)) != CR_OK ||
        (st = cr_json_get_array(&c, doc.root, "$", "decisions", true, &list)) != CR_OK)
        goto done;
    if (sha && !is_sha256_hex(sha)) {
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, "$.input_sha256",
                          "expected 64 lowercase hexadecimal digits (the plan's input_sha256)");
        goto done;
    }
    size_t i = 0;
    for (const cJSON *item = list->child; item; item = item->next, i++) {
        entry e;
        memset(&e, 0, sizeof e);
        cr_jpath_index(e.path, sizeof e.path, "$.decisions", i);
        snprintf(e.where, sizeof e.where, "%s", e.path);
        if ((st = cr_json_check_keys(&c, item, e.path, keys, sizeof keys / sizeof keys[0])) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "id", true, 40, &e.id)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "decision", true, 30, &e.decision)) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "by", true, 0, &e.by)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "date", true, 20, &e.date)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "note", false, 0, &e.note)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "input_sha256", false, 64, &e.sha)) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "minutes", false, 0, &e.minutes)) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "conditions", false, 0,
                                     &e.conditions)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "accepted_until", false, 20,
                                     &e.until)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "subject", false, 10, &e.subject)) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "state", false, 20, &e.state)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "level", false, 40, &e.level)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "items_sha256", false, 64,
                                     &e.items_sha)) != CR_OK ||
            (st = cr_json_get_number(&c, item, e.path, "expected_loss", false, 0, 1e300, &e.loss,
                                     &e.has_loss)) != CR_OK ||
            (st = cr_json_get_number(&c, item, e.path, "p95", false, 0, 1e300, &e.p95,
                                     &e.has_p95)) != CR_OK)
            goto done;
        if ((st = check_and_record(plan, path, &e, sha, err)) != CR_OK)
            goto done;
    }
done:
    cr_json_doc_free(&doc);
    return st;
}

/* The columns a decisions CSV may have, each with the entry field it fills;
 * the plan's own CSV names some of them differently, and has columns that
 * are not read. */
typedef struct csv_column {
    const char *name;
    size_t offset; /* of a `const char *` in entry, or SIZE_MAX: not read */
} csv_column;

#define FIELD(f) offsetof(entry, f)
static const csv_column csv_columns[] = {
    {"id", FIELD(id)},
    {"decision", FIELD(decision)},
    {"by", FIELD(by)},
    {"date", FIELD(date)},
    {"note", FIELD(note)},
    {"input_sha256", FIELD(sha)},
    {"minutes", FIELD(minutes)},
    {"conditions", FIELD(conditions)},
    {"accepted_until", FIELD(until)},
    /* the decisions template */
    {"subject", FIELD(subject)},
    {"state", FIELD(state)},
    {"level", FIELD(level)},
    {"expected_loss", FIELD(loss_text)},
    {"p95", FIELD(p95_text)},
    {"items_sha256", FIELD(items_sha)},
    {"title", SIZE_MAX},
    /* the plan's CSV */
    {"control", FIELD(id)},
    {"decided_by", FIELD(by)},
    {"decision_date", FIELD(date)},
    {"decision_note", FIELD(note)},
    {"inputs_sha256", FIELD(sha)},
    {"number", SIZE_MAX},
    {"details", SIZE_MAX},
    {"risks", SIZE_MAX},
    {"option", SIZE_MAX},
    {"reason", SIZE_MAX},
    {"priority", SIZE_MAX},
    {"owner", SIZE_MAX},
    {"currency", SIZE_MAX},
    {"one_off", SIZE_MAX},
    {"annual", SIZE_MAX},
    {"effort_days", SIZE_MAX},
    {"start", SIZE_MAX},
    {"due", SIZE_MAX},
    {"ale_reduction", SIZE_MAX},
    {"rosi", SIZE_MAX},
    {"ale_after", SIZE_MAX},
    {"past_due", SIZE_MAX},
};
#define N_CSV_COLUMNS (sizeof csv_columns / sizeof csv_columns[0])
#define HEADER_HINT                                                                          \
    "expected the header id,decision,by,date,note (optionally minutes, conditions, "         \
    "accepted_until, input_sha256), the decisions template's, or the plan's CSV"

static cr_status read_csv(cr_plan *plan, const char *path, const char *text, size_t len,
                          cr_error *err)
{
    cr_csv_table table;
    char sheet[128];
    cr_status st = cr_form_parse(path, text, len, &cr_decisions_form, 0, &table, sheet, err);
    if (st != CR_OK)
        return st;
    if (table.n_rows == 0) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_INPUT, path, 1, NULL, "empty; " HEADER_HINT);
    }
    const cr_csv_row *head = &table.rows[0];
    size_t *where = calloc(head->n_fields ? head->n_fields : 1, sizeof *where);
    if (!where) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    bool seen[N_CSV_COLUMNS] = {false};
    for (size_t f = 0; f < head->n_fields && st == CR_OK; f++) {
        size_t k = 0;
        while (k < N_CSV_COLUMNS && strcmp(head->fields[f], csv_columns[k].name) != 0)
            k++;
        if (k == N_CSV_COLUMNS) {
            st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                              "unknown column \"%.40s\"; " HEADER_HINT, head->fields[f]);
            break;
        }
        /* Two names for one field ("id" and "control") is one too many. */
        for (size_t j = 0; j < k && st == CR_OK; j++)
            if (seen[j] && csv_columns[j].offset != SIZE_MAX &&
                csv_columns[j].offset == csv_columns[k].offset)
                st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                                  "columns \"%s\" and \"%s\" both give one field; " HEADER_HINT,
                                  csv_columns[j].name, csv_columns[k].name);
        if (seen[k])
            st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                              "column \"%s\" twice; " HEADER_HINT, csv_columns[k].name);
        seen[k] = true;
        where[f] = k;
    }
    static const char *const required[][2] = {
        {"id", "control"}, {"decision", NULL}, {"by", "decided_by"}, {"date", "decision_date"}};
    for (size_t r = 0; r < 4 && st == CR_OK; r++) {
        bool found = false;
        for (size_t k = 0; k < N_CSV_COLUMNS; k++)
            found = found || (seen[k] && (strcmp(csv_columns[k].name, required[r][0]) == 0 ||
                                          (required[r][1] &&
                                           strcmp(csv_columns[k].name, required[r][1]) == 0)));
        if (!found)
            st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                              "missing column \"%s\"; " HEADER_HINT, required[r][0]);
    }
    for (size_t r = 1; r < table.n_rows && st == CR_OK; r++) {
        const cr_csv_row *row = &table.rows[r];
        if (row->n_fields == 1 && row->fields[0][0] == '\0')
            continue; /* a blank line */
        entry e;
        memset(&e, 0, sizeof e);
        e.line = row->line;
        snprintf(e.where, sizeof e.where, "%ld", row->line);
        if (row->n_fields != head->n_fields) {
            st = cr_error_set(err, CR_ERR_INPUT, path, row->line, NULL,
                              "%zu fields; expected %zu as in the header", row->n_fields,
                              head->n_fields);
            break;
        }
        for (size_t f = 0; f < head->n_fields; f++)
            if (csv_columns[where[f]].offset != SIZE_MAX)
                *(const char **)((char *)&e + csv_columns[where[f]].offset) = row->fields[f];
        if (blank(e.decision) && blank(e.by) && blank(e.date))
            continue; /* a subject of the template or plan not decided yet */
        st = check_and_record(plan, path, &e, NULL, err);
    }
    free(where);
    cr_csv_table_free(&table);
    cr_form_place_error(path, sheet, err); /* a workbook's row, not a line */
    return st;
}

cr_status cr_plan_read_decisions(cr_plan *plan, const char *path, cr_error *err)
{
    char *text;
    size_t len;
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    /* JSON when the name says so or the first non-blank character opens an
     * object; CSV otherwise. */
    size_t n = strlen(path);
    bool json = n >= 5 && strcmp(path + n - 5, ".json") == 0;
    bool csv = n >= 4 && strcmp(path + n - 4, ".csv") == 0;
    if (!json && !csv) {
        size_t i = len >= 3 && (unsigned char)text[0] == 0xEF ? 3 : 0;
        while (i < len && isspace((unsigned char)text[i]))
            i++;
        json = i < len && text[i] == '{';
    }
    if (len == 0)
        st = cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                          "file is empty; expected decisions as JSON or CSV");
    else
        st = json ? read_json(plan, path, text, len, err) : read_csv(plan, path, text, len, err);
    if (st == CR_OK) {
        cr_sha256 h;
        char hex[65];
        cr_sha256_init(&h);
        cr_sha256_update(&h, text, len);
        cr_sha256_final_hex(&h, hex);
        free(plan->decisions_file);
        free(plan->decisions_sha256);
        plan->decisions_file = strdup(path);
        plan->decisions_sha256 = strdup(hex);
        if (!plan->decisions_file || !plan->decisions_sha256)
            st = cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    if (st != CR_OK)
        clear_all(plan);
    free(text);
    return st;
}
