/*
 * xlsx_sheet.c -- one worksheet's XML read cell by cell into a table of texts:
 * shared, inline and formula-less strings, numbers as written, booleans,
 * dates; a formula, an error value or merged cells refused naming the cell.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xlsx_internal.h"
#include "util/xlsx_read.h"


typedef struct cell {
    size_t column;
    char *text;
} cell;

typedef struct sheet_row {
    long number;
    cell *cells;
    size_t n, cap;
} sheet_row;

typedef struct sheet_doc {
    xml_run run;
    book *b;
    const char *sheet;
    const strings_doc *strings;
    const styles_doc *styles;
    bool date1904;
    sheet_row *rows;
    size_t n_rows, cap_rows;
    size_t width;
    /* the cell being read */
    bool in_cell, in_v, in_is, formula;
    long row;
    size_t column;
    char type[16];
    long style;
    cr_strbuf value, formula_text;
    rich_text inline_text;
    int depth_f;
} sheet_doc;

static cr_status sheet_fail(sheet_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static cr_status sheet_fail(sheet_doc *d, const char *fmt, ...)
{
    char message[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cr_status st = cr_xlsx_cell_error(d->b->err, d->b->file, d->sheet, d->column, d->row, "%s",
                                      message);
    xlsx_stop(&d->run, st);
    return st;
}

static void start_row(sheet_doc *d, const XML_Char **attrs)
{
    const char *r = xlsx_attribute(attrs, "r", false);
    long number = d->row + 1;
    if (r) {
        char *end;
        number = strtol(r, &end, 10);
        if (*end || number < 1)
            number = 0;
    }
    if (number < 1 || number > XLSX_MAX_ROW || number <= d->row) {
        d->column = 0;
        d->row = number > 0 && number <= XLSX_MAX_ROW ? number : d->row + 1;
        sheet_fail(d, "row number \"%.20s\" out of order or out of range; expected rows 1 to "
                   "%ld in increasing order", r ? r : "", XLSX_MAX_ROW);
        return;
    }
    d->row = number;
    d->column = (size_t)-1;
}

static void start_cell(sheet_doc *d, const XML_Char **attrs)
{
    const char *r = xlsx_attribute(attrs, "r", false), *t = xlsx_attribute(attrs, "t", false),
               *s = xlsx_attribute(attrs, "s", false);
    size_t column = d->column + 1;
    long row = d->row;
    if (d->row == 0) {
        d->row = 1;
        sheet_fail(d, "a cell outside any row; expected cells inside <row> elements");
        return;
    }
    if (r && (!xlsx_parse_ref(r, &column, &row) || row != d->row)) {
        sheet_fail(d, "cell reference \"%.20s\" is not in row %ld; expected a reference such "
                   "as A%ld", r, d->row, d->row);
        return;
    }
    if (d->n_rows && d->rows[d->n_rows - 1].number == row && d->rows[d->n_rows - 1].n &&
        column <= d->rows[d->n_rows - 1].cells[d->rows[d->n_rows - 1].n - 1].column) {
        d->column = column;
        sheet_fail(d, "cell given twice or out of order");
        return;
    }
    d->column = column;
    d->in_cell = true;
    d->formula = false;
    d->depth_f = 0;
    snprintf(d->type, sizeof d->type, "%s", t ? t : "n");
    d->style = s ? strtol(s, NULL, 10) : 0;
    cr_strbuf_free(&d->value);
    cr_strbuf_init(&d->value);
    cr_strbuf_free(&d->formula_text);
    cr_strbuf_init(&d->formula_text);
    cr_strbuf_free(&d->inline_text.text);
    memset(&d->inline_text, 0, sizeof d->inline_text);
    cr_strbuf_init(&d->inline_text.text);
}

static cr_status add_cell(sheet_doc *d, char *text)
{
    if (d->column >= CR_XLSX_MAX_COLUMNS) {
        free(text);
        return sheet_fail(d, "a value beyond column IV; expected the form's columns only");
    }
    if (!d->n_rows || d->rows[d->n_rows - 1].number != d->row) {
        if (d->n_rows == d->cap_rows) {
            size_t cap = d->cap_rows ? 2 * d->cap_rows : 64;
            sheet_row *grown = realloc(d->rows, cap * sizeof *grown);
            if (!grown) {
                free(text);
                cr_status st = cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                            "out of memory");
                xlsx_stop(&d->run, st);
                return st;
            }
            d->rows = grown;
            d->cap_rows = cap;
        }
        d->rows[d->n_rows++] = (sheet_row){.number = d->row};
    }
    sheet_row *row = &d->rows[d->n_rows - 1];
    if (row->n == row->cap) {
        size_t cap = row->cap ? 2 * row->cap : 16;
        cell *grown = realloc(row->cells, cap * sizeof *grown);
        if (!grown) {
            free(text);
            cr_status st = cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                        "out of memory");
            xlsx_stop(&d->run, st);
            return st;
        }
        row->cells = grown;
        row->cap = cap;
    }
    row->cells[row->n++] = (cell){d->column, text};
    if (d->column + 1 > d->width)
        d->width = d->column + 1;
    return CR_OK;
}

static void end_cell(sheet_doc *d)
{
    d->in_cell = false;
    if (d->value.failed || d->formula_text.failed || d->inline_text.text.failed) {
        xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    if (d->formula) {
        sheet_fail(d, "a formula (=%.60s); expected a value typed in: formulas are not "
                   "evaluated", d->formula_text.data ? d->formula_text.data : "");
        return;
    }
    if (d->value.len > XLSX_MAX_CELL_TEXT || d->inline_text.too_long) {
        sheet_fail(d, "longer than %d bytes", XLSX_MAX_CELL_TEXT);
        return;
    }
    const char *v = d->value.data ? d->value.data : "";
    char buf[64];
    const char *text = NULL;
    if (strcmp(d->type, "s") == 0) {
        char *end;
        unsigned long k = strtoul(v, &end, 10);
        if (!*v || *end || k >= d->strings->n) {
            sheet_fail(d, "shared string \"%.20s\" does not exist (the workbook has %zu)", v,
                       d->strings->n);
            return;
        }
        text = d->strings->items[k];
    } else if (strcmp(d->type, "inlineStr") == 0) {
        text = d->inline_text.text.data ? d->inline_text.text.data : "";
    } else if (strcmp(d->type, "str") == 0 || strcmp(d->type, "d") == 0) {
        text = v;
    } else if (strcmp(d->type, "b") == 0) {
        text = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    } else if (strcmp(d->type, "e") == 0) {
        sheet_fail(d, "an error value (%.20s); expected a value", v);
        return;
    } else if (strcmp(d->type, "n") == 0) {
        text = v;
        bool date = d->style >= 0 && (size_t)d->style < d->styles->n_xf &&
                    d->styles->xf_date[d->style];
        char *end;
        double serial = strtod(v, &end);
        if (date && *v && !*end && xlsx_serial_to_text(serial, d->date1904, buf, sizeof buf))
            text = buf;
    } else {
        sheet_fail(d, "unknown cell type \"%.10s\"", d->type);
        return;
    }
    if (!text[0])
        return;
    char *copy = strdup(text);
    if (!copy) {
        xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    add_cell(d, copy);
}

static void merged(sheet_doc *d, const XML_Char **attrs)
{
    const char *ref = xlsx_attribute(attrs, "ref", false);
    char first[16] = "";
    snprintf(first, sizeof first, "%.15s", ref ? ref : "");
    char *colon = strchr(first, ':');
    if (colon)
        *colon = '\0';
    size_t column = 0;
    long row = 0;
    if (xlsx_parse_ref(first, &column, &row)) {
        d->column = column;
        d->row = row;
    }
    sheet_fail(d, "merged cells (%.30s); expected one value per cell: unmerge them",
               ref ? ref : "?");
}

static void XMLCALL sheet_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    sheet_doc *d = data;
    const char *local = xlsx_local_name(name);
    if (d->in_cell) {
        if (strcmp(local, "f") == 0) {
            d->formula = true;
            d->depth_f++;
        } else if (strcmp(local, "v") == 0) {
            d->in_v = true;
        } else if (strcmp(local, "is") == 0) {
            d->in_is = true;
        } else if (d->in_is) {
            xlsx_rich_start(&d->inline_text, local);
        }
    } else if (strcmp(local, "row") == 0) {
        start_row(d, attrs);
    } else if (strcmp(local, "c") == 0) {
        start_cell(d, attrs);
    } else if (strcmp(local, "mergeCell") == 0) {
        merged(d, attrs);
    }
}

static void XMLCALL sheet_end(void *data, const XML_Char *name)
{
    sheet_doc *d = data;
    const char *local = xlsx_local_name(name);
    if (!d->in_cell)
        return;
    if (strcmp(local, "c") == 0)
        end_cell(d);
    else if (strcmp(local, "f") == 0 && d->depth_f > 0)
        d->depth_f--;
    else if (strcmp(local, "v") == 0)
        d->in_v = false;
    else if (strcmp(local, "is") == 0)
        d->in_is = false;
    else if (d->in_is)
        xlsx_rich_end(&d->inline_text, local);
}

static void XMLCALL sheet_chars(void *data, const XML_Char *s, int len)
{
    sheet_doc *d = data;
    if (!d->in_cell)
        return;
    if (d->depth_f > 0) {
        if (d->formula_text.len < 80)
            cr_strbuf_append(&d->formula_text, s, (size_t)len);
    } else if (d->in_v) {
        if (d->value.len <= XLSX_MAX_CELL_TEXT)
            cr_strbuf_append(&d->value, s, (size_t)len);
    } else if (d->in_is) {
        xlsx_rich_chars(&d->inline_text, s, len);
    }
}

static void sheet_setup(XML_Parser p)
{
    XML_SetElementHandler(p, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(p, sheet_chars);
}

static void sheet_doc_free(sheet_doc *d)
{
    for (size_t i = 0; i < d->n_rows; i++) {
        for (size_t k = 0; k < d->rows[i].n; k++)
            free(d->rows[i].cells[k].text);
        free(d->rows[i].cells);
    }
    free(d->rows);
    cr_strbuf_free(&d->value);
    cr_strbuf_free(&d->formula_text);
    cr_strbuf_free(&d->inline_text.text);
}

/* The rows read, as a table of equal-width rows (cells moved, not copied). */
static cr_status to_table(sheet_doc *d, cr_csv_table *t)
{
    memset(t, 0, sizeof *t);
    if (d->n_rows == 0)
        return CR_OK;
    t->rows = calloc(d->n_rows, sizeof *t->rows);
    if (!t->rows)
        return cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL, "out of memory");
    for (size_t i = 0; i < d->n_rows; i++) {
        sheet_row *src = &d->rows[i];
        cr_csv_row *row = &t->rows[i];
        row->line = src->number;
        row->fields = calloc(d->width, sizeof *row->fields);
        t->n_rows = i + 1;
        if (!row->fields)
            return cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL, "out of memory");
        row->n_fields = d->width;
        for (size_t k = 0; k < src->n; k++) {
            row->fields[src->cells[k].column] = src->cells[k].text;
            src->cells[k].text = NULL;
        }
        for (size_t c = 0; c < d->width; c++)
            if (!row->fields[c] && !(row->fields[c] = strdup("")))
                return cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                    "out of memory");
    }
    return CR_OK;
}

cr_status xlsx_read_sheet_part(book *b, const char *label, const char *sheet_name,
                               const strings_doc *strings, const styles_doc *styles,
                               bool date1904, const char *text, size_t len, cr_csv_table *out)
{
    sheet_doc sheet = {.b = b, .sheet = sheet_name, .strings = strings, .styles = styles,
                       .date1904 = date1904};
    cr_strbuf_init(&sheet.value);
    cr_strbuf_init(&sheet.formula_text);
    cr_strbuf_init(&sheet.inline_text.text);
    cr_status st = xlsx_parse_xml(b, label, text, len, &sheet, sheet_setup);
    if (st == CR_OK)
        st = to_table(&sheet, out);
    sheet_doc_free(&sheet);
    return st;
}
