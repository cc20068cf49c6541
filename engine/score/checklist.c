/*
 * checklist.c -- the control-status checklist (CSV, or the XLSX workbook of
 * checklist_xlsx.c): written for people to fill in, read back into control
 * states.
 *
 * One row per control ("level" = "control") followed by one row per detailed
 * control ("detail"), so that the person filling it in sees what each
 * control asks for.  Only control rows carry the columns to fill in (status,
 * effectiveness, evidence, owner, costs, and for an inherited control its
 * provider and the kind and date of its evidence); the reference columns
 * (basic, risks, titles, text) are written for reading and ignored when read
 * back.  The risks column lists the risks that require the control, then in
 * parentheses those it only supports; a control that acts on no risk shows
 * "-" and is still listed.  What is
 * written reads back without loss: numbers are printed with the fewest
 * digits that parse back to the same double, and text fields are quoted only
 * where CSV needs it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "score/checklist_form.h"
#include "score/service_internal.h"
#include "util/csv_util.h"
#include "util/form.h"
#include "util/limits.h"
#include "util/text.h"
#include "util/values.h"

/* Blank lines a spreadsheet may leave at the end of an export. */
#define CHECKLIST_BLANK_ROWS 64

enum column {
    COL_ID, COL_LEVEL, COL_BASIC, COL_RISKS, COL_TITLE_EN, COL_TEXT_JA,
    COL_STATUS, COL_EFFECTIVENESS, COL_EVIDENCE, COL_OWNER, COL_COST_ONE_OFF, COL_COST_ANNUAL,
    COL_PROVIDER, COL_EVIDENCE_KIND, COL_EVIDENCE_DATE,
    N_COLUMNS
};

const char *const cr_checklist_columns[] = {
    "id", "level", "basic", "risks", "title_en", "text_ja", "status", "effectiveness",
    "evidence", "owner", "cost_one_off", "cost_annual", "provider", "evidence_kind",
    "evidence_date"};
const size_t cr_checklist_column_count = N_COLUMNS;

/* ---- writing ---------------------------------------------------------------- */

static void risks_of(const cr_model *m, size_t control, cr_strbuf *out)
{
    size_t risks[64];
    size_t n = cr_model_control_risks_of_kind(m, control, CR_MAPPING_REQUIRED, risks, 64);
    for (size_t i = 0; i < n && i < 64; i++)
        cr_strbuf_printf(out, "%s%s", i ? " " : "", cr_model_risk(m, risks[i])->id);
    size_t k = cr_model_control_risks_of_kind(m, control, CR_MAPPING_SUPPORTING, risks, 64);
    for (size_t i = 0; i < k && i < 64; i++)
        cr_strbuf_printf(out, "%s%s%s", i ? " " : n ? " (" : "(", cr_model_risk(m, risks[i])->id,
                         i + 1 == k || i + 1 == 64 ? ")" : "");
    if (n == 0 && k == 0)
        cr_strbuf_printf(out, "-");
}

static void emit_control(const cr_model *m, size_t index, const cr_control_state *state,
                         bool basic_only, cr_checklist_emit emit, void *ctx)
{
    const cr_catalog_item *item = cr_model_control(m, index);
    char eff[40] = "", one_off[40] = "", annual[40] = "";
    cr_strbuf risks;
    cr_strbuf_init(&risks);
    risks_of(m, index, &risks);
    const char *status = "";
    if (state && state->listed) {
        status = cr_control_status_name(state->status);
        if (state->effectiveness >= 0)
            cr_value_format_exact(eff, sizeof eff, state->effectiveness);
        if (state->has_cost_one_off)
            cr_value_format_exact(one_off, sizeof one_off, state->cost_one_off);
        if (state->has_cost_annual)
            cr_value_format_exact(annual, sizeof annual, state->cost_annual);
    }
    const char *text = basic_only && item->basic_text_ja ? item->basic_text_ja : item->text_ja;
    bool listed = state && state->listed;
    const char *row[N_COLUMNS] = {
        item->id, "control", item->basic ? "yes" : "no", risks.data ? risks.data : "",
        item->text_en ? item->text_en : "", text, status, eff,
        listed && state->evidence ? state->evidence : "",
        listed && state->owner ? state->owner : "", one_off, annual,
        listed && state->provider ? state->provider : "",
        listed && state->evidence_kind ? state->evidence_kind : "",
        listed && state->evidence_date ? state->evidence_date : ""};
    emit(ctx, row, false);
    cr_strbuf_free(&risks);
    for (size_t k = 0; k < item->n_children; k++) {
        const cr_catalog_item *d = item->children[k];
        const char *dtext = basic_only && d->basic_text_ja ? d->basic_text_ja : d->text_ja;
        const char *drow[N_COLUMNS] = {d->id, "detail", d->basic ? "yes" : "no", "", "", dtext,
                                       "",    "",       "", "", "", "", "", "", ""};
        emit(ctx, drow, true);
    }
}

void cr_checklist_emit_rows(const cr_model *m, const cr_control_state *states, bool basic_only,
                            cr_checklist_emit emit, void *ctx)
{
    for (size_t i = 0; i < cr_model_control_count(m); i++) {
        if (basic_only && !cr_model_control(m, i)->basic)
            continue;
        emit_control(m, i, states ? &states[i] : NULL, basic_only, emit, ctx);
    }
}

static void emit_csv(void *ctx, const char *const *row, bool reference)
{
    (void)reference;
    cr_csv_write_row(ctx, row, N_COLUMNS);
}

cr_status cr_checklist_write(const cr_model *m, const cr_control_state *states, bool basic_only,
                             FILE *fp, cr_error *err)
{
    cr_csv_write_row(fp, cr_checklist_columns, N_COLUMNS);
    cr_checklist_emit_rows(m, states, basic_only, emit_csv, fp);
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the checklist: %s",
                            strerror(errno));
    return CR_OK;
}

/* ---- reading ---------------------------------------------------------------- */

void cr_checklist_pool_clear(cr_checklist_pool *pool)
{
    for (size_t i = 0; i < pool->n; i++)
        free(pool->strings[i]);
    free(pool->strings);
    memset(pool, 0, sizeof *pool);
}

/* Keep a copy of s in the pool; NULL for an empty field. */
static cr_status pool_keep(cr_checklist_pool *pool, const char *s, const char **out)
{
    *out = NULL;
    if (!s[0])
        return CR_OK;
    if (pool->n == pool->cap) {
        size_t cap = pool->cap ? 2 * pool->cap : 32;
        char **grown = realloc(pool->strings, cap * sizeof *grown);
        if (!grown)
            return CR_ERR_MEMORY;
        pool->strings = grown;
        pool->cap = cap;
    }
    char *copy = strdup(s);
    if (!copy)
        return CR_ERR_MEMORY;
    pool->strings[pool->n++] = copy;
    *out = copy;
    return CR_OK;
}

/* A checklist written before inherited controls existed has no provider,
 * evidence_kind and evidence_date columns; it reads as if they were empty. */
#define N_COLUMNS_V1 COL_PROVIDER

typedef struct row_ctx {
    const char *file;
    const cr_csv_row *row;
    int col[N_COLUMNS];  /* header position of each column, -1 when absent */
    size_t n_fields;     /* columns in the header */
    cr_error *err;
} row_ctx;

static const char *field(const row_ctx *r, enum column c)
{
    return r->col[c] < 0 ? "" : r->row->fields[r->col[c]];
}

/* Effectiveness is a fraction ("0.6" or "60%"), costs are amounts
 * ("1,500,000", "¥1,500,000", "1,500,000円"): util/values.h. */
static cr_status parse_number(const row_ctx *r, enum column c, double lo, double hi,
                              double *out, bool *present)
{
    const char *text = field(r, c);
    *present = false;
    if (!text[0])
        return CR_OK;
    double v = 0;
    bool ok = c == COL_EFFECTIVENESS ? cr_value_fraction(text, &v) : cr_value_amount(text, &v);
    if (!ok || v < lo || v > hi)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                            "column %s: expected empty or a number from %g to %g%s, got \"%.40s\"",
                            cr_checklist_columns[c], lo, hi,
                            c == COL_EFFECTIVENESS ? " (or 0% to 100%)" : "", text);
    *out = v;
    *present = true;
    return CR_OK;
}

static cr_status read_control_row(const row_ctx *r, const cr_model *m,
                                  cr_control_state *state, cr_checklist_pool *pool)
{
    const char *status = field(r, COL_STATUS);
    if (!status[0]) {
        for (int c = COL_EFFECTIVENESS; c < N_COLUMNS; c++)
            if (field(r, (enum column)c)[0])
                return cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                                    "column %s is filled in but status is empty; expected a "
                                    "status (implemented, inherited, partial, planned, "
                                    "not_implemented, not_applicable)",
                                    cr_checklist_columns[c]);
        return CR_OK; /* not assessed in this checklist */
    }
    cr_control_state s = {.effectiveness = -1.0, .listed = true};
    if (!cr_control_status_parse(status, &s.status))
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                            "column status: expected one of implemented, inherited, partial, "
                            "planned, not_implemented, not_applicable (or empty), got \"%.40s\"",
                            status);
    bool has_eff = false;
    cr_status st = parse_number(r, COL_EFFECTIVENESS, 0, 1, &s.effectiveness, &has_eff);
    if (st == CR_OK && has_eff && s.status == CR_CONTROL_NOT_APPLICABLE)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                            "column effectiveness: a control that is not applicable has no "
                            "effectiveness; leave it empty or change the status");
    if (st == CR_OK)
        st = parse_number(r, COL_COST_ONE_OFF, 0, 1e15, &s.cost_one_off, &s.has_cost_one_off);
    if (st == CR_OK)
        st = parse_number(r, COL_COST_ANNUAL, 0, 1e15, &s.cost_annual, &s.has_cost_annual);
    /* The same limits as a service file's (util/limits.h). */
    if (st == CR_OK && strlen(field(r, COL_EVIDENCE)) > CR_LIMIT_TEXT_BYTES)
        st = cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                          "column evidence: %zu bytes long; expected at most %d",
                          strlen(field(r, COL_EVIDENCE)), CR_LIMIT_TEXT_BYTES);
    if (st == CR_OK && strlen(field(r, COL_OWNER)) > CR_LIMIT_NAME_BYTES)
        st = cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL,
                          "column owner: %zu bytes long; expected at most %d",
                          strlen(field(r, COL_OWNER)), CR_LIMIT_NAME_BYTES);
    if (st == CR_OK && (pool_keep(pool, field(r, COL_EVIDENCE), &s.evidence) != CR_OK ||
                        pool_keep(pool, field(r, COL_OWNER), &s.owner) != CR_OK ||
                        pool_keep(pool, field(r, COL_PROVIDER), &s.provider) != CR_OK ||
                        pool_keep(pool, field(r, COL_EVIDENCE_KIND), &s.evidence_kind) != CR_OK ||
                        pool_keep(pool, field(r, COL_EVIDENCE_DATE), &s.evidence_date) != CR_OK))
        return cr_error_set(r->err, CR_ERR_MEMORY, r->file, r->row->line, NULL, "out of memory");
    const char *column = NULL;
    const char *problem = st == CR_OK ? cr_control_inherited_problem(m, &s, &column) : NULL;
    if (problem)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, r->row->line, NULL, "column %s: %s",
                            column, problem);
    if (st == CR_OK)
        *state = s;
    return st;
}

static cr_status read_row(const row_ctx *r, const cr_model *m, cr_control_state *states,
                          long *seen_line, cr_checklist_pool *pool)
{
    const cr_csv_row *row = r->row;
    if (row->n_fields != r->n_fields)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, row->line, NULL,
                            "expected %zu fields as in the header, got %zu", r->n_fields,
                            row->n_fields);
    const char *id = field(r, COL_ID), *level = field(r, COL_LEVEL);
    const cr_catalog_item *item = cr_catalog_control(cr_model_catalog(m), id);
    long own = item ? -1 : cr_model_control_index(m, id); /* an organisation's own control */
    if (own >= 0)
        item = cr_model_control(m, (size_t)own);
    if (!item || item->level < CR_LEVEL_CONTROL)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, row->line, NULL,
                            "column id: unknown control \"%.40s\"; expected a control (\"7.4.1\") "
                            "or detailed control (\"7.4.1.4\") of the standard",
                            id);
    bool is_control = item->level == CR_LEVEL_CONTROL;
    const char *level_word = cr_value_word(CR_VALUE_ROW_LEVEL, level);
    if (!level_word || strcmp(level_word, is_control ? "control" : "detail") != 0)
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, row->line, NULL,
                            "column level: %s is a %s; expected \"%s\", got \"%.20s\"", id,
                            is_control ? "control" : "detailed control",
                            is_control ? "control" : "detail", level);
    if (!is_control) {
        for (int c = COL_STATUS; c < N_COLUMNS; c++)
            if (field(r, (enum column)c)[0])
                return cr_error_set(r->err, CR_ERR_INPUT, r->file, row->line, NULL,
                                    "column %s: detailed control rows are for reference; fill "
                                    "in the row of control %s instead",
                                    cr_checklist_columns[c], item->parent->id);
        return CR_OK;
    }
    long index = cr_model_control_index(m, id);
    if (seen_line[index])
        return cr_error_set(r->err, CR_ERR_INPUT, r->file, row->line, NULL,
                            "control %s appears twice (also on line %ld); list each control once",
                            id, seen_line[index]);
    seen_line[index] = row->line;
    return read_control_row(r, m, &states[index], pool);
}

cr_status cr_checklist_read(const cr_model *m, const char *path, cr_control_state *states,
                            cr_checklist_pool *pool, char sha256_hex[65], cr_error *err)
{
    char *text;
    size_t len;
    size_t n = cr_model_control_count(m);
    cr_control_states_reset(states, n);
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, len);
    cr_sha256_final_hex(&h, sha256_hex);
    cr_csv_table table;
    /* A row per control or detailed control of the catalogue at most, a
     * header, and a few blank lines a spreadsheet may leave at the end:
     * refused beyond, as the file is read (D4: a million duplicate rows
     * took half a gigabyte before the first duplicate was found). */
    size_t max_rows =
        cr_catalog_count(cr_model_catalog(m), CR_PART_CONTROL) + 1 + CHECKLIST_BLANK_ROWS;
    char sheet[128];
    st = cr_form_parse(path, text, len, &cr_checklist_form, max_rows, &table, sheet, err);
    free(text);
    if (st != CR_OK)
        return st;
    st = cr_csv_expect_header(path, &table, cr_checklist_columns, N_COLUMNS, 1, err);
    if (st == CR_ERR_INPUT && table.n_rows > 0 && table.rows[0].n_fields == N_COLUMNS_V1) {
        cr_error v1;
        cr_error_clear(&v1);
        if (cr_csv_expect_header(path, &table, cr_checklist_columns, N_COLUMNS_V1, 1, &v1) ==
            CR_OK) {
            st = CR_OK;
            cr_error_clear(err);
        }
    }
    long *seen_line = calloc(n + 1, sizeof *seen_line);
    if (st == CR_OK && !seen_line)
        st = cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    row_ctx r = {.file = path, .err = err, .n_fields = st == CR_OK ? table.rows[0].n_fields : 0};
    for (int c = 0; c < N_COLUMNS && st == CR_OK; c++)
        r.col[c] = cr_csv_column(&table, cr_checklist_columns[c]);
    for (size_t i = 1; i < table.n_rows && st == CR_OK; i++) {
        r.row = &table.rows[i];
        /* A blank line at the end of a spreadsheet export is no row. */
        if (r.row->n_fields == 1 && !r.row->fields[0][0])
            continue;
        st = read_row(&r, m, states, seen_line, pool);
    }
    free(seen_line);
    cr_csv_table_free(&table);
    if (st != CR_OK) {
        cr_form_place_error(path, sheet, err);
        cr_control_states_reset(states, n);
    }
    return st;
}

cr_status cr_service_apply_checklist(cr_service *s, const char *path, cr_error *err)
{
    size_t n = cr_model_control_count(s->model);
    if (s->n_states != n)
        return cr_error_set(err, CR_ERR_ARGUMENT, path, 0, NULL,
                            "the service was read before the organisation's own controls were "
                            "added to the model; apply the profile first");
    cr_control_state *states = calloc(n + 1, sizeof *states);
    if (!states)
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    char hex[65];
    cr_status st = cr_checklist_read(s->model, path, states, &s->pool, hex, err);
    if (st == CR_OK) {
        for (size_t i = 0; i < n; i++)
            if (states[i].listed)
                s->controls[i] = states[i];
        memcpy(s->checklist_sha256, hex, sizeof hex);
        s->has_checklist = true;
    }
    free(states);
    return st;
}
