/*
 * xlsx_read.h -- one worksheet of an XLSX workbook, read as a table of text
 * cells (library-internal).
 *
 * An XLSX file is a ZIP archive of XML parts (ECMA-376 / ISO/IEC 29500):
 * _rels/.rels names the workbook part, the workbook names its sheets and,
 * through its relationships, their parts, the shared strings and the styles.
 * We read what Excel and LibreOffice write when a person edits and saves:
 * shared and inline strings (rich text runs joined, Japanese phonetic runs
 * left out), numbers as written, booleans, dates (a number in a date format)
 * as YYYY-MM-DD.  Nothing is evaluated: a formula cell is refused, naming the
 * cell, and so are error values (#DIV/0!) and merged cells.
 *
 * A workbook is hostile input.  Refused: an archive of more than 2,000
 * entries, a part whose uncompressed size is over 64 MiB (declared or
 * actual: the bytes are counted as they are inflated, so a "zip bomb" stops
 * there), more than 128 MiB inflated in all, any XML part with a document
 * type declaration (so no entity is ever defined or expanded, internal or
 * external), cells beyond column IV (256) or row 1,048,576.
 *
 * Errors name the file and, where it is known, the sheet and cell as
 * spreadsheets write a reference: "checklist.xlsx: Checklist!G5: ...".
 */
#ifndef CR_UTIL_XLSX_READ_H
#define CR_UTIL_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/error.h"
#include "util/csv_util.h"

/* Largest number of columns read (A..IV). */
#define CR_XLSX_MAX_COLUMNS 256

typedef struct cr_xlsx_sheet {
    char *name;         /* the sheet's name as found in the workbook */
    cr_csv_table table; /* one row per row that has a value; row.line is the
                           row's number; fields start at column A, all rows
                           as wide as the widest, "" where no value */
} cr_xlsx_sheet;

/* True when data begins like a ZIP archive (an XLSX workbook) does. */
bool cr_xlsx_is_zip(const char *data, size_t len);

/* Read the first sheet whose name is one of names[0..n_names) (the same
 * sheet's name in each language) from the workbook data[0..len). */
cr_status cr_xlsx_read_sheet(const char *file, const void *data, size_t len,
                             const char *const *names, size_t n_names, cr_xlsx_sheet *out,
                             cr_error *err);
void cr_xlsx_sheet_free(cr_xlsx_sheet *sheet);

/* A cell's reference: column 6 (0-based), row 5 -> "G5". */
void cr_xlsx_cell_name(char *buf, size_t size, size_t column, long row);

/* Fill in an error at a cell of a sheet: file, then "Sheet!G5" as the place. */
cr_status cr_xlsx_cell_error(cr_error *err, const char *file, const char *sheet, size_t column,
                             long row, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
