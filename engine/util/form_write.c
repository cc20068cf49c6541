/*
 * form_write.c -- a form as an XLSX workbook, with libxlsxwriter (see form.h).
 *
 * libxlsxwriter writes to a named file, so the workbook is built in a private
 * temporary directory and its bytes copied to the caller's stream (which is
 * itself an output that only replaces its destination when complete).  The
 * document's creation time is fixed, so that the same form gives the same
 * bytes on every run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/form.h"
#include "util/text.h"

/* 2013-01-01T00:00:00Z, the standard's edition, as the workbook's date. */
#define FORM_CREATED ((time_t)1356998400)

typedef struct styles {
    lxw_format *header, *reference, *reference_number, *fixed, *fixed_number, *fill_text,
        *fill_amount,
        *fill_fraction, *fill_number, *fill_date, *title, *line;
} styles;

static lxw_format *new_format(lxw_workbook *wb, bool locked, uint32_t fill, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    if (!locked)
        format_set_unlocked(f);
    if (fill) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, fill);
    }
    if (num)
        format_set_num_format(f, num);
    return f;
}

static void make_styles(lxw_workbook *wb, styles *s)
{
    s->header = new_format(wb, true, 0x1F4E79, NULL);
    format_set_bold(s->header);
    format_set_font_color(s->header, LXW_COLOR_WHITE);
    s->reference = new_format(wb, true, 0xE7E6E6, NULL);
    format_set_font_color(s->reference, 0x404040);
    s->reference_number = new_format(wb, true, 0xE7E6E6, "#,##0");
    format_set_font_color(s->reference_number, 0x404040);
    /* The fixed cells of a row to fill in (a control's id and text): locked,
     * not grey, so that the rows to fill in stand out from reference rows. */
    s->fixed = new_format(wb, true, 0, NULL);
    format_set_bold(s->fixed);
    s->fixed_number = new_format(wb, true, 0, "#,##0");
    format_set_bold(s->fixed_number);
    s->fill_text = new_format(wb, false, 0, "@");
    s->fill_amount = new_format(wb, false, 0, "#,##0");
    s->fill_fraction = new_format(wb, false, 0, "0%");
    s->fill_number = new_format(wb, false, 0, "General");
    s->fill_date = new_format(wb, false, 0, "@");
    s->title = workbook_add_format(wb);
    format_set_bold(s->title);
    format_set_font_size(s->title, 14);
    s->line = workbook_add_format(wb);
    format_set_text_wrap(s->line);
    format_set_align(s->line, LXW_ALIGN_VERTICAL_TOP);
}

static lxw_format *fill_format(const styles *s, cr_form_kind kind)
{
    switch (kind) {
    case CR_FORM_AMOUNT: return s->fill_amount;
    case CR_FORM_FRACTION: return s->fill_fraction;
    case CR_FORM_NUMBER:
    case CR_FORM_LEVEL: return s->fill_number;
    case CR_FORM_DATE: return s->fill_date;
    default: return s->fill_text;
    }
}

static bool numeric(cr_form_kind kind)
{
    return kind == CR_FORM_AMOUNT || kind == CR_FORM_FRACTION || kind == CR_FORM_NUMBER ||
           kind == CR_FORM_LEVEL;
}

static void write_cell(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const cr_form_column *col,
                       const char *text, const char *lang, lxw_format *f)
{
    if (!text || !text[0]) {
        worksheet_write_blank(ws, r, c, f);
        return;
    }
    double v;
    if (numeric(col->kind) && cr_value_number(text, &v)) {
        worksheet_write_number(ws, r, c, v, f);
        return;
    }
    if (col->kind == CR_FORM_WORD) {
        const char *label = cr_value_label(col->words, text, lang);
        worksheet_write_string(ws, r, c, label ? label : text, f);
        return;
    }
    worksheet_write_string(ws, r, c, text, f);
}

/* A drop-down (or a range check) on a fillable column, rows 2..last. */
static void validate(lxw_worksheet *ws, const cr_form_column *col, lxw_col_t c, lxw_row_t last,
                     const char *lang)
{
    lxw_data_validation v;
    memset(&v, 0, sizeof v);
    const char *words[9] = {0};
    char *list[9] = {0}; /* libxlsxwriter's list is of char *, only read */
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    v.ignore_blank = LXW_VALIDATION_ON;
    switch (col->kind) {
    case CR_FORM_WORD:
        cr_value_labels(col->words, lang, words, 8);
        for (size_t i = 0; i < 8; i++)
            list[i] = (char *)words[i];
        v.validate = LXW_VALIDATION_TYPE_LIST;
        v.value_list = list;
        break;
    case CR_FORM_LEVEL:
        v.validate = LXW_VALIDATION_TYPE_INTEGER;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 1;
        v.maximum_number = 5;
        break;
    case CR_FORM_FRACTION:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = 0;
        v.maximum_number = 1;
        break;
    case CR_FORM_AMOUNT:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
        v.value_number = 0;
        break;
    case CR_FORM_NUMBER:
        v.validate = LXW_VALIDATION_TYPE_DECIMAL;
        v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        v.minimum_number = col->min;
        v.maximum_number = col->max;
        break;
    default:
        return;
    }
    worksheet_data_validation_range(ws, 1, c, last, c, &v);
}

/* A row tall enough for its longest wrapped text: the lines each cell needs
 * at its column's width (display columns, a CJK character taking two), at
 * most 8 lines of 17 points (a Japanese font's line at 11 points is about
 * 16: at 15, LibreOffice cut the last line of a wrapped Japanese text in
 * half). */
static double row_height(const cr_form_column *const *cols, const char *const *cells, size_t n)
{
    size_t lines = 1;
    for (size_t c = 0; c < n; c++) {
        if (!cells[c] || !cells[c][0] || cols[c]->width < 4)
            continue;
        size_t width = cr_utf8_display_width(cells[c]);
        size_t per_line = (size_t)cols[c]->width - 1;
        size_t need = (width + per_line - 1) / per_line;
        if (need > lines)
            lines = need;
    }
    return 17.0 * (double)(lines < 8 ? lines : 8);
}

/* Printed on A4 landscape, one page wide, the header on every page. */
static void print_setup(lxw_worksheet *ws)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

static void write_sheet(lxw_workbook *wb, const styles *s, const cr_form *form,
                        const cr_form_content *content)
{
    const char *lang = content->lang;
    bool ja = lang && strcmp(lang, "ja") == 0;
    lxw_worksheet *ws = workbook_add_worksheet(wb, ja ? form->sheet_ja : form->sheet_en);
    size_t n = form->n_columns;
    for (size_t c = 0; c < n; c++) {
        const cr_form_column *col = &form->columns[c];
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col->width, NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, cr_form_header(col, lang), s->header);
    }
    const cr_form_column *cols[64];
    for (size_t c = 0; c < n && c < 64; c++)
        cols[c] = &form->columns[c];
    for (size_t r = 0; r < content->n_rows; r++) {
        bool reference = content->reference && content->reference[r];
        if (n <= 64)
            worksheet_set_row(ws, (lxw_row_t)(r + 1),
                              row_height(cols, &content->cells[r * n], n), NULL);
        for (size_t c = 0; c < n; c++) {
            const cr_form_column *col = &form->columns[c];
            lxw_format *f = reference
                                ? (numeric(col->kind) ? s->reference_number : s->reference)
                                : !col->fillable
                                      ? (numeric(col->kind) ? s->fixed_number : s->fixed)
                                      : fill_format(s, col->kind);
            write_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, col, content->cells[r * n + c],
                       lang, f);
        }
    }
    lxw_row_t last = (lxw_row_t)(content->n_rows > 0 ? content->n_rows : 1);
    for (size_t c = 0; c < n; c++)
        if (form->columns[c].fillable)
            validate(ws, &form->columns[c], (lxw_col_t)c, last, lang);
    worksheet_freeze_panes(ws, 1, 1);
    worksheet_autofilter(ws, 0, 0, last, (lxw_col_t)(n - 1));
    print_setup(ws);
    lxw_protection protection;
    memset(&protection, 0, sizeof protection);
    protection.format_columns = 1;
    protection.format_rows = 1;
    protection.autofilter = 1;
    worksheet_protect(ws, NULL, &protection);
    worksheet_activate(ws);
}

static void write_instructions(lxw_workbook *wb, const styles *s, const cr_form_content *c)
{
    bool ja = c->lang && strcmp(c->lang, "ja") == 0;
    lxw_worksheet *ws = workbook_add_worksheet(wb, ja ? "記入方法" : "Instructions");
    worksheet_set_column(ws, 0, 0, 110, NULL);
    worksheet_write_string(ws, 0, 0, c->instructions_title ? c->instructions_title : "",
                           s->title);
    for (size_t i = 0; i < c->n_instructions; i++)
        worksheet_write_string(ws, (lxw_row_t)(i + 2), 0, c->instructions[i], s->line);
    worksheet_protect(ws, NULL, NULL);
}

/* Copy a file's bytes to fp. */
static cr_status copy_to(const char *path, FILE *fp, cr_error *err)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot read the workbook: %s",
                            strerror(errno));
    char buf[65536];
    size_t got;
    cr_status st = CR_OK;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, fp) != got) {
            st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the workbook: %s",
                              strerror(errno));
            break;
        }
    if (st == CR_OK && ferror(in))
        st = cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot read the workbook: %s",
                          strerror(errno));
    fclose(in);
    return st;
}

static const cr_form_column *kind_of(const cr_form_column *kinds, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

typedef struct table_job {
    const char *sheet;
    const cr_form_column *kinds;
    size_t n_kinds;
    const cr_csv_table *table;
    const char *lang;
} table_job;

static void write_table(lxw_workbook *wb, const styles *s, const table_job *job)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, job->sheet);
    const cr_csv_table *t = job->table;
    if (t->n_rows == 0)
        return;
    const cr_csv_row *head = &t->rows[0];
    static const cr_form_column text_column = {"", NULL, CR_FORM_TEXT, 0, 0, 0, 14, false, false, false};
    for (size_t c = 0; c < head->n_fields; c++) {
        const cr_form_column *k = kind_of(job->kinds, job->n_kinds, head->fields[c]);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, k ? k->width : 14, NULL);
        worksheet_write_string(ws, 0, (lxw_col_t)c, k ? cr_form_header(k, job->lang)
                                                      : head->fields[c], s->header);
    }
    for (size_t r = 1; r < t->n_rows; r++)
        for (size_t c = 0; c < t->rows[r].n_fields && c < head->n_fields; c++) {
            const cr_form_column *k = kind_of(job->kinds, job->n_kinds, head->fields[c]);
            if (!k)
                k = &text_column;
            write_cell(ws, (lxw_row_t)r, (lxw_col_t)c, k, t->rows[r].fields[c], job->lang,
                       fill_format(s, k->kind));
        }
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(t->n_rows - 1), (lxw_col_t)(head->n_fields - 1));
    print_setup(ws);
}

/* Build a workbook in a private temporary directory with `fill`, and copy
 * its bytes to fp. */
typedef void (*workbook_fill)(lxw_workbook *wb, const styles *s, const void *job);

static cr_status build_workbook(workbook_fill fill, const void *job, FILE *fp, cr_error *err);

static void fill_table(lxw_workbook *wb, const styles *s, const void *job)
{
    write_table(wb, s, job);
}

cr_status cr_table_write_xlsx(const char *sheet, const cr_form_column *kinds, size_t n_kinds,
                              const cr_csv_table *table, const char *lang, FILE *fp,
                              cr_error *err)
{
    table_job job = {sheet, kinds, n_kinds, table, lang};
    return build_workbook(fill_table, &job, fp, err);
}

typedef struct form_job {
    const cr_form *form;
    const cr_form_content *content;
} form_job;

static void fill_form(lxw_workbook *wb, const styles *s, const void *job)
{
    const form_job *f = job;
    write_sheet(wb, s, f->form, f->content);
    write_instructions(wb, s, f->content);
}

cr_status cr_form_write_xlsx(const cr_form *form, const cr_form_content *content, FILE *fp,
                             cr_error *err)
{
    form_job job = {form, content};
    return build_workbook(fill_form, &job, fp, err);
}

static cr_status build_workbook(workbook_fill fill, const void *job, FILE *fp, cr_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/cloudrisk-xlsx-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL,
                            "cannot make a temporary directory for the workbook: %s",
                            strerror(errno));
    snprintf(path, sizeof path, "%s/form.xlsx", dir);
    lxw_workbook_options options = {.constant_memory = LXW_FALSE, .tmpdir = dir};
    lxw_workbook *wb = workbook_new_opt(path, &options);
    cr_status st = CR_OK;
    if (!wb) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    } else {
        lxw_doc_properties props;
        memset(&props, 0, sizeof props);
        props.created = FORM_CREATED;
        workbook_set_properties(wb, &props);
        styles s;
        make_styles(wb, &s);
        fill(wb, &s, job);
        lxw_error e = workbook_close(wb);
        if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        else if (e != LXW_NO_ERROR)
            st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the workbook: %s",
                              lxw_strerror(e));
    }
    if (st == CR_OK)
        st = copy_to(path, fp, err);
    unlink(path);
    rmdir(dir);
    return st;
}
