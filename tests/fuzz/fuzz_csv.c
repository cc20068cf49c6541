/*
 * fuzz_csv.c -- the CSV input helper (engine/util/csv_util.c) and its
 * writer.
 *
 * Properties: a refusal is CR_ERR_INPUT with a message and a line; an
 * accepted table, written back with cr_csv_write_row, reads back to the same
 * rows and fields (the writer's promise that what we write round-trips), and
 * every row's line number is positive and never decreases.
 */
#include <string.h>

#include "fuzz.h"
#include "util/csv_util.h"

static void check_same(const cr_csv_table *a, const cr_csv_table *b)
{
    FUZZ_CHECK(a->n_rows == b->n_rows);
    for (size_t i = 0; i < a->n_rows; i++) {
        FUZZ_CHECK(a->rows[i].n_fields == b->rows[i].n_fields);
        for (size_t k = 0; k < a->rows[i].n_fields; k++)
            FUZZ_CHECK(strcmp(a->rows[i].fields[k], b->rows[i].fields[k]) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_csv_table table;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_csv_parse_text("fuzz.csv", (const char *)data, size, &table, &err);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.status == st && err.message[0] != '\0');
        FUZZ_CHECK(table.n_rows == 0 && table.rows == NULL);
        return 0;
    }
    long last_line = 1;
    for (size_t i = 0; i < table.n_rows; i++) {
        FUZZ_CHECK(table.rows[i].line >= last_line);
        last_line = table.rows[i].line;
    }
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    FUZZ_CHECK(fp != NULL);
    for (size_t i = 0; i < table.n_rows; i++)
        cr_csv_write_row(fp, (const char *const *)table.rows[i].fields, table.rows[i].n_fields);
    FUZZ_CHECK(fclose(fp) == 0);
    cr_csv_table again;
    cr_error_clear(&err);
    st = cr_csv_parse_text("written.csv", text, len, &again, &err);
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "written CSV does not read back: %s\n", msg);
    }
    FUZZ_CHECK(st == CR_OK);
    check_same(&table, &again);
    cr_csv_table_free(&again);
    cr_csv_table_free(&table);
    free(text);
    return 0;
}
