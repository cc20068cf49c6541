/* csv_util.c -- see csv_util.h. */
#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "util/csv_util.h"
#include "util/encoding.h"
#include "util/limits.h"
#include "util/text.h"

/* Fields longer than this are refused: no legitimate cell is that long, and it
 * bounds what a hostile file can make us hold. */
#define CR_CSV_MAX_FIELD 65536

typedef struct reader {
    cr_csv_table *table;
    cr_csv_row current;
    size_t row_cap, field_cap;
    long line;       /* line being fed */
    long row_start;  /* line where the current row began, 0 if none yet */
    bool failed;     /* allocation failure, or too_long */
    bool too_long;
    long too_long_line; /* where the overlong field's row began */
    size_t max_rows;    /* refused beyond, while reading (util/limits.h) */
    bool too_many;
} reader;

/* ---- formula neutralisation (OWASP's CSV-injection rule) ---------------------
 *
 * A spreadsheet opening a CSV file takes a cell that begins with =, +, -, @,
 * a tab or a carriage return for a formula, and a formula can run commands
 * or send the sheet's data away.  The writer puts a single quote before such
 * a cell ("'=HYPERLINK(...)"), which spreadsheets show as the text itself,
 * and our readers take that quote away again, so that what we write reads
 * back unchanged.  Plain numbers ("-5", "+1.5", "-2e+06") are formulas of
 * nothing but themselves and are written as they are.
 *
 * So that reading undoes exactly what writing did, a cell made of single
 * quotes followed by a formula-like cell gets one quote more as well: the
 * writer adds a quote to a cell exactly when `formula_like` holds for it,
 * and the reader removes the first character of a cell exactly when it is a
 * quote and `formula_like` holds for the rest. */
static bool plain_number(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    const char *digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == digits)
        return false;
    if (*p == '.') {
        const char *frac = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == frac)
            return false;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        const char *exp = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == exp)
            return false;
    }
    return *p == '\0';
}

static bool formula_like(const char *s)
{
    while (*s == '\'')
        s++;
    return *s && strchr("=+-@\t\r", *s) && !plain_number(s);
}

bool cr_csv_formula_like(const char *cell)
{
    return formula_like(cell);
}

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->failed)
        return;
    if (r->row_start == 0)
        r->row_start = r->line;
    if (len > CR_CSV_MAX_FIELD) {
        r->too_long = true;
        r->too_long_line = r->row_start;
        r->failed = true;
        return;
    }
    if (r->current.n_fields == r->field_cap) {
        size_t cap = r->field_cap ? 2 * r->field_cap : 8;
        char **grown = realloc(r->current.fields, cap * sizeof *grown);
        if (!grown) {
            r->failed = true;
            return;
        }
        r->current.fields = grown;
        r->field_cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        r->failed = true;
        return;
    }
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    if (copy[0] == '\'' && formula_like(copy + 1))
        memmove(copy, copy + 1, len);
    r->current.fields[r->current.n_fields++] = copy;
}

static void on_row_end(int terminator, void *ctx)
{
    (void)terminator;
    reader *r = ctx;
    if (r->failed)
        return;
    if (r->row_start == 0)
        r->row_start = r->line;
    cr_csv_table *t = r->table;
    if (t->n_rows >= r->max_rows) {
        r->too_many = true;
        r->failed = true;
        return;
    }
    if (t->n_rows == r->row_cap) {
        size_t cap = r->row_cap ? 2 * r->row_cap : 64;
        cr_csv_row *grown = realloc(t->rows, cap * sizeof *grown);
        if (!grown) {
            r->failed = true;
            return;
        }
        t->rows = grown;
        r->row_cap = cap;
    }
    r->current.line = r->row_start;
    t->rows[t->n_rows++] = r->current;
    memset(&r->current, 0, sizeof r->current);
    r->field_cap = 0;
    r->row_start = 0;
}

static void free_row(cr_csv_row *row)
{
    for (size_t i = 0; i < row->n_fields; i++)
        free(row->fields[i]);
    free(row->fields);
    memset(row, 0, sizeof *row);
}

void cr_csv_table_free(cr_csv_table *table)
{
    for (size_t i = 0; i < table->n_rows; i++)
        free_row(&table->rows[i]);
    free(table->rows);
    memset(table, 0, sizeof *table);
}

cr_status cr_csv_parse_text(const char *name, const char *text, size_t len,
                            cr_csv_table *table, cr_error *err)
{
    return cr_csv_parse_text_bounded(name, text, len, CR_LIMIT_CSV_ROWS, table, err);
}

cr_status cr_csv_parse_text_bounded(const char *name, const char *text, size_t len,
                                    size_t max_rows, cr_csv_table *table, cr_error *err)
{
    memset(table, 0, sizeof *table);
    /* Japanese Excel's "CSV" is Shift_JIS: read it as the UTF-8 it stands for. */
    char *converted;
    size_t converted_len;
    cr_status decoded = cr_text_to_utf8(name, text, len, &converted, &converted_len, err);
    if (decoded != CR_OK || converted) {
        if (decoded == CR_OK)
            decoded = cr_csv_parse_text(name, converted, converted_len, table, err);
        free(converted);
        return decoded;
    }
    size_t skip = cr_utf8_bom_length(text, len);
    text += skip;
    len -= skip;
    /* One byte-order mark is how spreadsheets and editors mark UTF-8; a
     * second is a character (U+FEFF) that no CSV input may start with, and
     * would otherwise be taken by one reader and refused by another. */
    if (skip && cr_utf8_bom_length(text, len))
        return cr_error_set(err, CR_ERR_INPUT, name, 1, NULL,
                            "starts with two byte-order marks; expected at most one");
    long bad_line;
    const char *utf16 = cr_utf16_guess(text, len);
    if (utf16)
        return cr_error_set(err, CR_ERR_INPUT, name, 1, NULL,
                            "looks like %s text; expected UTF-8 CSV text: save the file as "
                            "\"CSV UTF-8\"",
                            utf16);
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return cr_error_set(err, CR_ERR_INPUT, name, cr_line_at(text, (size_t)(nul - text)),
                            NULL, "contains a NUL byte; expected UTF-8 CSV text");
    if (!cr_utf8_valid(text, len, &bad_line))
        return cr_error_set(err, CR_ERR_INPUT, name, bad_line, NULL,
                            "invalid UTF-8; expected UTF-8 CSV text");
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    reader r = {.table = table, .line = 1, .max_rows = max_rows};
    size_t pos = 0;
    cr_status st = CR_OK;
    /* Feed one line at a time so that callbacks know which line they are on. */
    while (pos < len && st == CR_OK && !r.failed) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t chunk = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        if (csv_parse(&parser, text + pos, chunk, on_field, on_row_end, &r) != chunk) {
            st = csv_error(&parser) == CSV_ENOMEM
                     ? cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory")
                     : cr_error_set(err, CR_ERR_INPUT, name, r.row_start ? r.row_start : r.line, NULL,
                              "malformed CSV (%s); expected RFC 4180 fields, with quotes "
                              "doubled inside quoted fields",
                              csv_strerror(csv_error(&parser)));
        }
        pos += chunk;
        if (nl)
            r.line++;
    }
    if (st == CR_OK && !r.failed && csv_fini(&parser, on_field, on_row_end, &r) != 0)
        st = cr_error_set(err, CR_ERR_INPUT, name, r.row_start ? r.row_start : r.line, NULL,
                          "malformed CSV: a quoted field is not closed before the end of file");
    if (st == CR_OK && r.too_many)
        st = cr_error_set(err, CR_ERR_INPUT, name, r.line, NULL,
                          "more than %zu rows; expected at most that many in this kind of file",
                          max_rows);
    else if (st == CR_OK && r.too_long)
        st = cr_error_set(err, CR_ERR_INPUT, name, r.too_long_line, NULL,
                          "a field is longer than %d bytes", CR_CSV_MAX_FIELD);
    else if (st == CR_OK && r.failed)
        st = cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    csv_free(&parser);
    free_row(&r.current);
    if (st != CR_OK)
        cr_csv_table_free(table);
    return st;
}

cr_status cr_csv_read_file(const char *path, cr_csv_table *table, cr_error *err)
{
    char *text;
    size_t len;
    memset(table, 0, sizeof *table);
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    st = cr_csv_parse_text(path, text, len, table, err);
    free(text);
    return st;
}

int cr_csv_column(const cr_csv_table *table, const char *name)
{
    if (table->n_rows == 0)
        return -1;
    const cr_csv_row *h = &table->rows[0];
    for (size_t i = 0; i < h->n_fields; i++)
        if (strcmp(h->fields[i], name) == 0)
            return (int)i;
    return -1;
}

cr_status cr_csv_expect_header(const char *file, const cr_csv_table *table,
                               const char *const *columns, size_t n, int any_order,
                               cr_error *err)
{
    char expected[600];
    size_t used = 0;
    expected[0] = '\0';
    for (size_t i = 0; i < n && used < sizeof expected; i++) {
        int w = snprintf(expected + used, sizeof expected - used, "%s%s", i ? "," : "",
                         columns[i]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    if (table->n_rows == 0)
        return cr_error_set(err, CR_ERR_INPUT, file, 1, NULL,
                            "file is empty; expected a header row: %s", expected);
    const cr_csv_row *h = &table->rows[0];
    bool ok = h->n_fields == n;
    for (size_t i = 0; ok && i < n; i++) {
        if (any_order)
            ok = cr_csv_column(table, columns[i]) >= 0;
        else
            ok = strcmp(h->fields[i], columns[i]) == 0;
    }
    if (!ok)
        return cr_error_set(err, CR_ERR_INPUT, file, h->line, NULL,
                            "wrong columns; expected the header row: %s", expected);
    return CR_OK;
}

void cr_csv_write_field(FILE *fp, const char *field)
{
    size_t len = strlen(field);
    bool neutralise = formula_like(field);
    bool quote = len > 0 && (field[0] == ' ' || field[0] == '\t' || field[len - 1] == ' ' ||
                             field[len - 1] == '\t');
    /* A field that begins with U+FEFF would read back as a byte-order mark,
     * and be dropped, if it began the file. */
    quote = quote || cr_utf8_bom_length(field, len) > 0;
    for (const char *p = field; *p && !quote; p++)
        quote = *p == ',' || *p == '"' || *p == '\r' || *p == '\n';
    if (quote)
        fputc('"', fp);
    if (neutralise)
        fputc('\'', fp);
    for (const char *p = field; *p; p++) {
        if (quote && *p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    if (quote)
        fputc('"', fp);
}

void cr_csv_write_row(FILE *fp, const char *const *fields, size_t n)
{
    /* A row of one empty field would be an empty line, which readers skip. */
    if (n == 1 && (!fields[0] || !fields[0][0])) {
        fputs("\"\"\n", fp);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', fp);
        cr_csv_write_field(fp, fields[i] ? fields[i] : "");
    }
    fputc('\n', fp);
}
