/*
 * csv_util.h -- CSV tables in and out, with line numbers (library-internal).
 *
 * Reading goes through libcsv (RFC 4180 quoting, fields spanning lines) in
 * strict mode; we add what input checking needs: each row's 1-based starting
 * line, a tolerated UTF-8 byte-order mark and CRLF line ends (spreadsheets
 * write both), UTF-8 validation and a size limit.  Writing quotes a field only
 * when it must, so that what we write reads back byte for byte.
 */
#ifndef CR_UTIL_CSV_UTIL_H
#define CR_UTIL_CSV_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cloudrisk/error.h"

typedef struct cr_csv_row {
    size_t n_fields;
    char **fields; /* NUL-terminated, owned by the table */
    long line;     /* 1-based line where the row starts */
} cr_csv_row;

typedef struct cr_csv_table {
    size_t n_rows;
    cr_csv_row *rows; /* rows[0] is the header when the format has one */
} cr_csv_table;

cr_status cr_csv_read_file(const char *path, cr_csv_table *table, cr_error *err);
cr_status cr_csv_parse_text(const char *name, const char *text, size_t len,
                            cr_csv_table *table, cr_error *err);
/* The same, refusing more than max_rows rows (the header included) as they
 * are read, before the table grows further; cr_csv_parse_text allows
 * CR_LIMIT_CSV_ROWS (util/limits.h). */
cr_status cr_csv_parse_text_bounded(const char *name, const char *text, size_t len,
                                    size_t max_rows, cr_csv_table *table, cr_error *err);
void cr_csv_table_free(cr_csv_table *table);

/* Index of the header column named `name` in rows[0], or -1. */
int cr_csv_column(const cr_csv_table *table, const char *name);

/* Check that rows[0] holds exactly the expected columns (in any order when
 * any_order is nonzero); the error lists the expected header. */
cr_status cr_csv_expect_header(const char *file, const cr_csv_table *table,
                               const char *const *columns, size_t n, int any_order,
                               cr_error *err);

/* Write one field (quoted only if it contains a comma, quote, CR or LF, or
 * begins or ends with white space) and one row ending in "\n".  A field a
 * spreadsheet would take for a formula (it begins with =, +, -, @, a tab or
 * a carriage return, and is not a plain number) is written after a single
 * quote, which the reader above takes away again (OWASP's rule against CSV
 * injection; doc/security.md). */
void cr_csv_write_field(FILE *fp, const char *field);
void cr_csv_write_row(FILE *fp, const char *const *fields, size_t n);
/* Whether the writer neutralises this field (see above). */
bool cr_csv_formula_like(const char *field);

#endif
