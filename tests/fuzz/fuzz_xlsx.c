/*
 * fuzz_xlsx.c -- XLSX workbooks read as a form (engine/util/xlsx_read.c,
 * form_read.c): the ZIP archive, its XML parts, shared and inline strings,
 * styles and dates, merged cells and formulas, and the mapping of headers and
 * cells to canonical form.
 *
 * Properties: an input is read or refused with an input (or memory) error
 * that says something; a table read has its header first, every row as wide
 * as the header, rows in increasing order, and every cell of a word column
 * one of its canonical words (or empty), every number column a number that
 * reads back exactly.
 */
#include <string.h>

#include "fuzz.h"
#include "util/form.h"
#include "util/values.h"

static const cr_form_column columns[] = {
    {"id", "番号", CR_FORM_TEXT, 0, 0, 0, 8, false, false, false},
    {"status", "実施状況", CR_FORM_WORD, CR_VALUE_STATUS, 0, 0, 12, true, false, false},
    {"effectiveness", "有効性", CR_FORM_FRACTION, 0, 0, 0, 8, true, false, false},
    {"cost_annual", "年間費用", CR_FORM_AMOUNT, 0, 0, 0, 12, true, false, false},
    {"impact", "影響度", CR_FORM_LEVEL, 0, 0, 0, 8, true, false, false},
    {"date", "決定日", CR_FORM_DATE, 0, 0, 0, 12, true, false, false},
    {"what", "内容", CR_FORM_TEXT, 0, 0, 0, 20, false, true, false},
};
static const cr_form form = {"Checklist", "チェックリスト", columns, 7, true};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_csv_table t;
    char sheet[128];
    cr_error err;
    cr_error_clear(&err);
    /* Always as a workbook: the CSV path has its own target. */
    if (size < 4 || memcmp(data, "PK\x03\x04", 4) != 0)
        return 0;
    cr_status st = cr_form_parse("f.xlsx", (const char *)data, size, &form, &t, sheet, &err);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(t.n_rows == 0 && t.rows == NULL);
        return 0;
    }
    FUZZ_CHECK(sheet[0] != '\0');
    if (t.n_rows > 0) {
        size_t width = t.rows[0].n_fields;
        FUZZ_CHECK(width == 6); /* "what" left out */
        for (size_t r = 0; r < t.n_rows; r++) {
            FUZZ_CHECK(t.rows[r].n_fields == width);
            FUZZ_CHECK(r == 0 || t.rows[r].line > t.rows[r - 1].line);
        }
        for (size_t r = 1; r < t.n_rows; r++) {
            const char *status = t.rows[r].fields[1];
            FUZZ_CHECK(!status[0] || cr_value_label(CR_VALUE_STATUS, status, "en"));
            for (size_t c = 2; c <= 4; c++) {
                const char *cell = t.rows[r].fields[c];
                double v;
                char back[40];
                if (!cell[0])
                    continue;
                FUZZ_CHECK(cr_value_number(cell, &v));
                cr_value_format_exact(back, sizeof back, v);
                FUZZ_CHECK(strcmp(back, cell) == 0);
            }
        }
    }
    cr_csv_table_free(&t);
    return 0;
}
