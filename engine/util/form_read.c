/*
 * form_read.c -- a form, CSV or XLSX, as the canonical table every reader
 * takes (see form.h).
 */
#include <stdlib.h>
#include <string.h>

#include "util/form.h"
#include "util/limits.h"
#include "util/xlsx_read.h"

const char *cr_form_header(const cr_form_column *c, const char *lang)
{
    return lang && strcmp(lang, "ja") == 0 && c->header_ja ? c->header_ja : c->name;
}

void cr_form_place_error(const char *file, const char *sheet, cr_error *err)
{
    if (!err || !sheet || !sheet[0] || err->line <= 0 || strcmp(err->file, file) != 0)
        return;
    snprintf(err->path, sizeof err->path, "sheet %.120s, row %ld", sheet, err->line);
    err->line = 0;
}

/* Which form column a header cell names (English or Japanese), or -1. */
static int column_named(const cr_form *form, const char *header)
{
    char name[128];
    if (!cr_value_trim(header, name, sizeof name))
        return -1;
    for (size_t c = 0; c < form->n_columns; c++)
        if (strcmp(name, form->columns[c].name) == 0 ||
            (form->columns[c].header_ja && strcmp(name, form->columns[c].header_ja) == 0))
            return (int)c;
    return -1;
}

static void expected_words(cr_value_kind kind, char *buf, size_t size)
{
    char en[160], ja[160];
    cr_value_expected(kind, "en", en, sizeof en);
    cr_value_expected(kind, "ja", ja, sizeof ja);
    snprintf(buf, size, "%s (or %s)", en, ja);
}

/* One cell checked by its column's kind and put in canonical form in out. */
static cr_status canonical_cell(const char *file, const char *sheet, const cr_form_column *col,
                                size_t column, long row, const char *text, char *out,
                                size_t size, cr_error *err)
{
    char trimmed[256];
    out[0] = '\0';
    if (col->kind == CR_FORM_TEXT || col->kind == CR_FORM_DATE) {
        snprintf(out, size, "%s", text);
        return CR_OK;
    }
    if (!cr_value_trim(text, trimmed, sizeof trimmed))
        return cr_xlsx_cell_error(err, file, sheet, column, row,
                                  "column %s: too long for a %s", col->name,
                                  col->kind == CR_FORM_WORD ? "word" : "number");
    if (!trimmed[0])
        return CR_OK;
    double v = 0;
    switch (col->kind) {
    case CR_FORM_WORD: {
        const char *word = cr_value_word(col->words, trimmed);
        /* Confidence may also be a level from 1 to 5 (the workshop sheet). */
        if (!word && col->words == CR_VALUE_CONFIDENCE && strlen(trimmed) == 1 &&
            trimmed[0] >= '1' && trimmed[0] <= '5')
            word = trimmed;
        if (!word) {
            char expected[400];
            expected_words(col->words, expected, sizeof expected);
            return cr_xlsx_cell_error(err, file, sheet, column, row,
                                      "column %s: \"%.40s\" is not in the drop-down list; "
                                      "expected one of %s, or empty",
                                      col->name, trimmed, expected);
        }
        snprintf(out, size, "%.60s", word); /* a canonical word, or one digit */
        return CR_OK;
    }
    case CR_FORM_AMOUNT:
        if (!cr_value_amount(trimmed, &v) || v < 0 || v > 1e15)
            return cr_xlsx_cell_error(err, file, sheet, column, row,
                                      "column %s: \"%.40s\" is not an amount; expected a "
                                      "number from 0 to 1e15 such as 1500000, 1,500,000 or "
                                      "¥1,500,000", col->name, trimmed);
        break;
    case CR_FORM_FRACTION:
        if (!cr_value_fraction(trimmed, &v) || v < 0 || v > 1)
            return cr_xlsx_cell_error(err, file, sheet, column, row,
                                      "column %s: \"%.40s\" is not a fraction; expected 0 to 1 "
                                      "or 0%% to 100%%", col->name, trimmed);
        break;
    case CR_FORM_NUMBER:
        if (!cr_value_number(trimmed, &v) || v < col->min || v > col->max)
            return cr_xlsx_cell_error(err, file, sheet, column, row,
                                      "column %s: \"%.40s\" is not a number from %g to %g",
                                      col->name, trimmed, col->min, col->max);
        break;
    case CR_FORM_LEVEL:
        if (!cr_value_number(trimmed, &v) || v != (double)(long)v || v < 1 || v > 5)
            return cr_xlsx_cell_error(err, file, sheet, column, row,
                                      "column %s: \"%.40s\" is not a level; expected a whole "
                                      "number from 1 to 5", col->name, trimmed);
        break;
    default:
        break;
    }
    cr_value_format_exact(out, size, v);
    return CR_OK;
}

static char *dup_or_null(const char *s)
{
    return strdup(s ? s : "");
}

/* The sheet's table mapped onto the form's columns, in canonical form. */
static cr_status canonical_table(const char *file, const cr_form *form, cr_xlsx_sheet *sheet,
                                 cr_csv_table *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    const cr_csv_table *in = &sheet->table;
    if (in->n_rows == 0)
        return cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                            "sheet %s is empty; expected a header row and the form's rows",
                            sheet->name);
    const cr_csv_row *head = &in->rows[0];
    int *source = malloc(form->n_columns * sizeof *source);
    if (!source)
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    for (size_t c = 0; c < form->n_columns; c++)
        source[c] = -1;
    cr_status st = CR_OK;
    for (size_t f = 0; f < head->n_fields && st == CR_OK; f++) {
        if (!head->fields[f][0])
            continue;
        int c = column_named(form, head->fields[f]);
        if (c < 0)
            st = cr_xlsx_cell_error(err, file, sheet->name, f, head->line,
                                    "unknown column \"%.40s\"; expected the form's header "
                                    "(%s, ...)", head->fields[f], form->columns[0].name);
        else if (source[c] >= 0)
            st = cr_xlsx_cell_error(err, file, sheet->name, f, head->line,
                                    "column %s appears twice", form->columns[c].name);
        else
            source[c] = (int)f;
    }
    for (size_t c = 0; c < form->n_columns && st == CR_OK; c++)
        if (source[c] < 0 && !form->columns[c].shown_only && !form->columns[c].optional)
            st = cr_xlsx_cell_error(err, file, sheet->name, head->n_fields, head->line,
                                    "missing column %s (%s); expected every column of the form",
                                    form->columns[c].name,
                                    form->columns[c].header_ja ? form->columns[c].header_ja : "");
    /* A value under no header would be lost: refuse it. */
    for (size_t r = 1; r < in->n_rows && st == CR_OK; r++)
        for (size_t f = 0; f < in->rows[r].n_fields && st == CR_OK; f++)
            if (in->rows[r].fields[f][0] && (f >= head->n_fields || !head->fields[f][0]))
                st = cr_xlsx_cell_error(err, file, sheet->name, f, in->rows[r].line,
                                        "a value in a column without a header; expected "
                                        "values in the form's columns only");
    if (st == CR_OK) {
        out->rows = calloc(in->n_rows, sizeof *out->rows);
        if (!out->rows)
            st = cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    }
    for (size_t r = 0; r < in->n_rows && st == CR_OK; r++) {
        cr_csv_row *row = &out->rows[r];
        out->n_rows = r + 1;
        row->line = in->rows[r].line;
        row->fields = calloc(form->n_columns, sizeof *row->fields);
        if (!row->fields) {
            st = cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
            break;
        }
        row->n_fields = 0;
        for (size_t c = 0; c < form->n_columns && st == CR_OK; c++) {
            if (source[c] < 0)
                continue; /* an optional column the file does not have */
            const char *text = in->rows[r].fields[source[c]];
            size_t k = row->n_fields++;
            if (r == 0) {
                row->fields[k] = dup_or_null(form->columns[c].name);
            } else if (form->columns[c].kind == CR_FORM_TEXT ||
                       form->columns[c].kind == CR_FORM_DATE) {
                row->fields[k] = dup_or_null(text);
            } else {
                char value[128];
                st = canonical_cell(file, sheet->name, &form->columns[c], (size_t)source[c],
                                    row->line, text, value, sizeof value, err);
                row->fields[k] = st == CR_OK ? dup_or_null(value) : NULL;
                if (st != CR_OK)
                    break;
            }
            if (!row->fields[k])
                st = cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        }
    }
    /* Unfilled slots after a failure must still be freeable strings. */
    for (size_t r = 0; r < out->n_rows; r++)
        for (size_t c = 0; c < out->rows[r].n_fields; c++)
            if (!out->rows[r].fields[c] && !(out->rows[r].fields[c] = strdup("")))
                out->rows[r].n_fields = c;
    free(source);
    if (st != CR_OK)
        cr_csv_table_free(out);
    return st;
}

/* A CSV saved from a Japanese workbook has the Japanese headers: give each
 * header the form knows its canonical name; the values are the readers'. */
static cr_status canonical_headers(const char *file, const cr_form *form, cr_csv_table *t,
                                   cr_error *err)
{
    if (t->n_rows == 0)
        return CR_OK;
    cr_csv_row *head = &t->rows[0];
    for (size_t f = 0; f < head->n_fields; f++) {
        int c = column_named(form, head->fields[f]);
        if (c < 0 || strcmp(head->fields[f], form->columns[c].name) == 0)
            continue;
        char *name = strdup(form->columns[c].name);
        if (!name) {
            cr_csv_table_free(t);
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        }
        free(head->fields[f]);
        head->fields[f] = name;
    }
    return CR_OK;
}

static bool blank(const char *s)
{
    char t[8];
    return !cr_value_trim(s, t, sizeof t) ? false : t[0] == '\0';
}

/* Leave out the columns shown only to inform, and the rows left unfilled
 * when the form says so (util/form.h); the rest keeps its order. */
static void shape(const cr_form *form, cr_csv_table *t)
{
    if (t->n_rows == 0)
        return;
    cr_csv_row *head = &t->rows[0];
    size_t n = head->n_fields;
    bool *drop = calloc(n ? n : 1, sizeof *drop), *fill = calloc(n ? n : 1, sizeof *fill);
    if (!drop || !fill) {
        free(drop);
        free(fill);
        return; /* nothing left out: the reader then names the extra column */
    }
    bool any_fill = false;
    for (size_t f = 0; f < n; f++)
        for (size_t c = 0; c < form->n_columns; c++)
            if (strcmp(head->fields[f], form->columns[c].name) == 0) {
                drop[f] = form->columns[c].shown_only;
                fill[f] = form->columns[c].fillable;
                any_fill = any_fill || fill[f];
            }
    size_t kept_rows = 0;
    for (size_t r = 0; r < t->n_rows; r++) {
        cr_csv_row *row = &t->rows[r];
        bool ragged = r > 0 && row->n_fields != n;
        bool unfilled = r > 0 && !ragged && form->skip_unfilled && any_fill;
        for (size_t f = 0; f < n && unfilled; f++)
            unfilled = !fill[f] || blank(row->fields[f]);
        if (unfilled) {
            for (size_t f = 0; f < row->n_fields; f++)
                free(row->fields[f]);
            free(row->fields);
            continue;
        }
        if (!ragged) { /* a ragged row is kept whole, for the reader to refuse */
            size_t k = 0;
            for (size_t f = 0; f < row->n_fields; f++) {
                if (drop[f])
                    free(row->fields[f]);
                else
                    row->fields[k++] = row->fields[f];
            }
            row->n_fields = k;
        }
        t->rows[kept_rows++] = *row;
    }
    t->n_rows = kept_rows;
    free(drop);
    free(fill);
}

cr_status cr_form_parse(const char *file, const char *text, size_t len, const cr_form *form,
                        size_t max_rows, cr_csv_table *table, char sheet[128], cr_error *err)
{
    sheet[0] = '\0';
    memset(table, 0, sizeof *table);
    if (max_rows == 0)
        max_rows = CR_LIMIT_CSV_ROWS;
    if (!cr_xlsx_is_zip(text, len)) {
        cr_status st = cr_csv_parse_text_bounded(file, text, len, max_rows, table, err);
        if (st == CR_OK)
            st = canonical_headers(file, form, table, err);
        if (st == CR_OK)
            shape(form, table);
        return st;
    }
    const char *names[2] = {form->sheet_en, form->sheet_ja};
    cr_xlsx_sheet book;
    cr_status st = cr_xlsx_read_sheet(file, text, len, names, 2, &book, err);
    if (st != CR_OK)
        return st;
    snprintf(sheet, 128, "%s", book.name);
    /* The sheet's parts are bounded in bytes as they are inflated; its rows
     * are bounded here, before the canonical table is built. */
    if (book.table.n_rows > max_rows)
        st = cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                          "sheet %s has %zu rows; expected at most %zu in this kind of form",
                          book.name, book.table.n_rows, max_rows);
    else
        st = canonical_table(file, form, &book, table, err);
    cr_xlsx_sheet_free(&book);
    if (st == CR_OK)
        shape(form, table);
    return st;
}
