/*
 * form.h -- the forms people fill in (checklist, decisions, workshop sheet),
 * described once and written and read as CSV or XLSX (library-internal).
 *
 * A form is a table: a header row, then rows, some of them reference rows
 * that are shown for reading (locked and greyed in a workbook), the others
 * with fillable cells.  Each column has a canonical name (the CSV header, and
 * what the readers work with), a Japanese header, and a kind saying which
 * parser of util/values.h reads its cells.
 *
 * Reading gives every reader the same canonical table whatever the file:
 *   - CSV (UTF-8 with or without BOM, or Shift_JIS): the table as it stands;
 *   - XLSX: the form's sheet (by its English or Japanese name), headers in
 *     either language mapped to the canonical names, each cell checked by
 *     its column's kind and written back in canonical form ("実装済み" ->
 *     "implemented", "60%" -> "0.6", "¥1,500,000" -> "1500000"); an error
 *     names the sheet and cell.  Each row's line is its row number.
 * In both, columns shown only to inform are left out, and so are rows left
 * unfilled when the form says so.
 */
#ifndef CR_UTIL_FORM_H
#define CR_UTIL_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cloudrisk/error.h"
#include "util/csv_util.h"
#include "util/values.h"

typedef enum cr_form_kind {
    CR_FORM_TEXT,     /* free text */
    CR_FORM_WORD,     /* one of a closed set of words (a drop-down) */
    CR_FORM_AMOUNT,   /* money, 0 or more */
    CR_FORM_FRACTION, /* 0 to 1, shown as a percentage */
    CR_FORM_NUMBER,   /* a number from min to max */
    CR_FORM_LEVEL,    /* a whole number from 1 to 5 */
    CR_FORM_DATE      /* YYYY-MM-DD, kept as text */
} cr_form_kind;

typedef struct cr_form_column {
    const char *name;      /* canonical name: the CSV header */
    const char *header_ja; /* the header of a Japanese form */
    cr_form_kind kind;
    cr_value_kind words;   /* CR_FORM_WORD: which words */
    double min, max;       /* CR_FORM_NUMBER: the range */
    double width;          /* column width, in characters */
    bool fillable;         /* filled in by people (outside reference rows) */
    bool shown_only;       /* shown to help the person decide, left out when read */
    bool optional;         /* may be missing from a file read (so are shown_only ones) */
} cr_form_column;

typedef struct cr_form {
    const char *sheet_en, *sheet_ja; /* the data sheet's name */
    const cr_form_column *columns;
    size_t n_columns;
    bool skip_unfilled; /* when read, a row whose fillable cells are all empty is
                           no row (a template's subjects not decided on) */
} cr_form;

/* Read a form from a file's bytes, CSV or XLSX (told by content), refusing
 * more than max_rows rows, the header included (0: CR_LIMIT_CSV_ROWS).  On
 * success *sheet is the XLSX sheet's name ("" for CSV), for
 * cr_form_place_error. */
cr_status cr_form_parse(const char *file, const char *text, size_t len, const cr_form *form,
                        size_t max_rows, cr_csv_table *table, char sheet[128], cr_error *err);

/* An error a reader raised at "file:row" of a table read from a workbook is
 * reworded to name the sheet and row ("file: sheet Checklist, row 5: ...").
 * Does nothing for CSV (sheet ""). */
void cr_form_place_error(const char *file, const char *sheet, cr_error *err);

/* Write a form as an XLSX workbook to fp: the data sheet (headers and words
 * in lang, "en" or "ja"; drop-downs on word columns; number formats; the
 * header row frozen; reference rows locked and grey; fillable cells plain
 * and unlocked; the sheet protected without a password, so that only the
 * fillable cells take input) and an instructions sheet of the given lines.
 * cells holds n_rows * n_columns canonical texts (NULL for empty); reference
 * says which rows are for reading only (NULL: none). */
typedef struct cr_form_content {
    const char *lang;
    const char *const *cells;
    const bool *reference;
    size_t n_rows;
    const char *instructions_title;
    const char *const *instructions;
    size_t n_instructions;
} cr_form_content;

cr_status cr_form_write_xlsx(const cr_form *form, const cr_form_content *content, FILE *fp,
                             cr_error *err);

/* A table for reading (an export: plan items, the register) as a workbook
 * of one sheet: the header row bold and frozen with a filter, and each
 * column typed by the entry of `kinds` of the same name (amounts and
 * fractions with their number formats, numbers as numbers; headers in
 * Japanese with lang "ja" where the entry has one); columns without an
 * entry, and cells that do not read as their kind, are text.  Nothing is
 * locked: it is the reader's copy. */
cr_status cr_table_write_xlsx(const char *sheet, const cr_form_column *kinds, size_t n_kinds,
                              const cr_csv_table *table, const char *lang, FILE *fp,
                              cr_error *err);

/* The header of column c in lang. */
const char *cr_form_header(const cr_form_column *c, const char *lang);

#endif
