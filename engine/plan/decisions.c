/*
 * decisions.c -- management's decisions on a plan, read back from a file and
 * recorded with the plan (management standard 1.4.3: the residual risk is
 * approved by management, with evidence).
 *
 * JSON:
 *   {"input_sha256": "<the plan's input hash the decisions were taken on>",
 *    "decisions": [{"id": "7.4.1", "decision": "approved", "by": "CISO",
 *                   "date": "2025-04-10", "note": "..."}, ...]}
 * CSV (header in any order; input_sha256 optional, per row):
 *   id,decision,by,date,note[,input_sha256]
 *
 * An id names a plan item (its control id), a risk on the approval sheet, or
 * "plan" for the plan as a whole.  decision is approved, rejected or changed
 * (approved with the change written in the note, which is then required).
 * When a decision names the input hash it was taken on and that differs from
 * this plan's, it is kept but marked stale: the inputs changed since, and the
 * plan needs approving again.
 */
#include <ctype.h>
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

static void clear_decision(cr_decision *d)
{
    free(d->by);
    free(d->note);
    free(d->source);
    memset(d, 0, sizeof *d);
}

/* A file that fails part-way records nothing. */
static void clear_all(cr_plan *plan)
{
    clear_decision(&plan->plan_decision);
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        free(plan->former_decisions[k].id);
        clear_decision(&plan->former_decisions[k].decision);
    }
    free(plan->former_decisions);
    plan->former_decisions = NULL;
    plan->n_former_decisions = 0;
    for (size_t t = 0; t < plan->n_items; t++)
        clear_decision(&plan->items[t].decision);
    for (size_t k = 0; k < plan->n_residuals; k++)
        clear_decision(&plan->residuals[k].decision);
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

static cr_status check_and_record(cr_plan *plan, const char *file, const entry *e,
                                  const char *default_sha, cr_error *err)
{
    static const char *const kinds[] = {"approved", "rejected", "changed"};
    static const cr_decision_kind kind_values[] = {CR_DECISION_APPROVED, CR_DECISION_REJECTED,
                                                   CR_DECISION_CHANGED};
    if (!e->id || !e->id[0])
        return fail(file, e, "id", err,
                    "missing id; expected a plan item's control id, a risk id on the approval "
                    "sheet, or \"plan\"",
                    NULL);
    const char *sha = e->sha && e->sha[0] ? e->sha : default_sha;
    bool taken_on_other_inputs =
        sha && sha[0] && plan->input_sha256 && strcmp(sha, plan->input_sha256) != 0;
    cr_decision *d = target_of(plan, e->id);
    if (!d && taken_on_other_inputs && names_a_risk(plan, e->id)) {
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
    int kind = -1;
    /* Any letter case, and the Japanese words 承認, 却下, 条件付き承認. */
    const char *word = e->decision ? cr_value_word(CR_VALUE_DECISION, e->decision) : NULL;
    for (int k = 0; k < 3 && word; k++)
        if (strcmp(word, kinds[k]) == 0)
            kind = k;
    if (kind < 0)
        return fail(file, e, "decision", err,
                    "expected \"approved\", \"rejected\" or \"changed\", got",
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
    if (kind_values[kind] == CR_DECISION_CHANGED && (!e->note || cr_text_blank(e->note)))
        return fail(file, e, "note", err, "a \"changed\" decision needs a note saying what changed",
                    NULL);
    if (sha && sha[0] && !is_sha256_hex(sha))
        return fail(file, e, "input_sha256", err,
                    "expected 64 lowercase hexadecimal digits (the plan's input_sha256), got",
                    sha);
    d->kind = kind_values[kind];
    d->date = date;
    d->stale = taken_on_other_inputs;
    d->by = strdup(e->by);
    d->note = strdup(e->note ? e->note : "");
    size_t n = strlen(file) + strlen(e->where) + 2;
    d->source = malloc(n);
    if (!d->by || !d->note || !d->source)
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    snprintf(d->source, n, "%s:%s", file, e->where);
    return CR_OK;
}

static cr_status read_json(cr_plan *plan, const char *path, const char *text, size_t len,
                           cr_error *err)
{
    static const char *const top_keys[] = {"input_sha256", "decisions"};
    static const char *const keys[] = {"id", "decision", "by", "date", "note", "input_sha256"};
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
        if ((st = cr_json_check_keys(&c, item, e.path, keys, 6)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "id", true, 40, &e.id)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "decision", true, 20, &e.decision)) !=
                CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "by", true, 0, &e.by)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "date", true, 20, &e.date)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "note", false, 0, &e.note)) != CR_OK ||
            (st = cr_json_get_string(&c, item, e.path, "input_sha256", false, 64, &e.sha)) !=
                CR_OK)
            goto done;
        if ((st = check_and_record(plan, path, &e, sha, err)) != CR_OK)
            goto done;
    }
done:
    cr_json_doc_free(&doc);
    return st;
}

static cr_status read_csv(cr_plan *plan, const char *path, const char *text, size_t len,
                          cr_error *err)
{
    static const char *const required[] = {"id", "decision", "by", "date", "note"};
    cr_csv_table table;
    char sheet[128];
    cr_status st = cr_form_parse(path, text, len, &cr_decisions_form, 0, &table, sheet, err);
    if (st != CR_OK)
        return st;
    if (table.n_rows == 0) {
        cr_csv_table_free(&table);
        return cr_error_set(err, CR_ERR_INPUT, path, 1, NULL,
                            "empty; expected the header id,decision,by,date,note");
    }
    int col[6];
    for (int k = 0; k < 5; k++)
        col[k] = cr_csv_column(&table, required[k]);
    col[5] = cr_csv_column(&table, "input_sha256");
    const cr_csv_row *head = &table.rows[0];
    for (size_t f = 0; f < head->n_fields && st == CR_OK; f++) {
        bool known = strcmp(head->fields[f], "input_sha256") == 0;
        for (int k = 0; k < 5; k++)
            known = known || strcmp(head->fields[f], required[k]) == 0;
        if (!known)
            st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                              "unknown column \"%.40s\"; expected the header "
                              "id,decision,by,date,note (and optionally input_sha256)",
                              head->fields[f]);
    }
    for (int k = 0; k < 5 && st == CR_OK; k++)
        if (col[k] < 0)
            st = cr_error_set(err, CR_ERR_INPUT, path, head->line, NULL,
                              "missing column \"%s\"; expected the header "
                              "id,decision,by,date,note (and optionally input_sha256)",
                              required[k]);
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
        const char **slot[6] = {&e.id, &e.decision, &e.by, &e.date, &e.note, &e.sha};
        for (int k = 0; k < 6; k++)
            if (col[k] >= 0)
                *slot[k] = row->fields[col[k]];
        st = check_and_record(plan, path, &e, NULL, err);
    }
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
