/*
 * fuzz_xlsx.c -- XLSX workbooks read as a form (engine/util/xlsx_read.c,
 * form_read.c): the ZIP archive, its XML parts, shared and inline strings,
 * styles and dates, merged cells and formulas, and the mapping of headers and
 * cells to canonical form.
 *
 * An input that begins like a ZIP archive is read as the workbook; any other
 * is XML for the parts behind the archive, so that mutations reach the XML
 * readers (a deflated part's bytes rarely survive its CRC): up to the first
 * NUL byte the sheet, then the shared strings, then the styles, stored
 * uncompressed in a fixed workbook built here.
 *
 * Properties: an input is read or refused with an input (or memory) error
 * that says something; a table read has its header first, every row as wide
 * as the header, rows in increasing order, and every cell of a word column
 * one of its canonical words (or empty), every number column a number that
 * reads back exactly.
 */
#include <stdint.h>
#include <stdlib.h>
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

/* ---- a stored (uncompressed) ZIP archive, for the XML inputs ------------------ */

typedef struct part {
    const char *name;
    const uint8_t *data;
    size_t size;
} part;

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put16(uint8_t **o, unsigned v)
{
    *(*o)++ = (uint8_t)v;
    *(*o)++ = (uint8_t)(v >> 8);
}

static void put32(uint8_t **o, uint32_t v)
{
    put16(o, v & 0xFFFF);
    put16(o, v >> 16);
}

/* The archive of parts (caller frees), *len its size. */
static uint8_t *stored_zip(const part *parts, size_t n, size_t *len)
{
    size_t cap = 22;
    for (size_t i = 0; i < n; i++)
        cap += 30 + 46 + 2 * strlen(parts[i].name) + parts[i].size;
    uint8_t *buf = malloc(cap), *o = buf;
    FUZZ_CHECK(buf != NULL);
    uint32_t offsets[8], crcs[8];
    for (size_t i = 0; i < n; i++) {
        offsets[i] = (uint32_t)(o - buf);
        crcs[i] = crc32_of(parts[i].data, parts[i].size);
        put32(&o, 0x04034b50);
        put16(&o, 20), put16(&o, 0), put16(&o, 0), put16(&o, 0), put16(&o, 0x21);
        put32(&o, crcs[i]), put32(&o, (uint32_t)parts[i].size), put32(&o, (uint32_t)parts[i].size);
        put16(&o, (unsigned)strlen(parts[i].name)), put16(&o, 0);
        memcpy(o, parts[i].name, strlen(parts[i].name));
        o += strlen(parts[i].name);
        if (parts[i].size)
            memcpy(o, parts[i].data, parts[i].size);
        o += parts[i].size;
    }
    uint32_t dir = (uint32_t)(o - buf);
    for (size_t i = 0; i < n; i++) {
        put32(&o, 0x02014b50);
        put16(&o, 20), put16(&o, 20), put16(&o, 0), put16(&o, 0), put16(&o, 0), put16(&o, 0x21);
        put32(&o, crcs[i]), put32(&o, (uint32_t)parts[i].size), put32(&o, (uint32_t)parts[i].size);
        put16(&o, (unsigned)strlen(parts[i].name)), put16(&o, 0), put16(&o, 0), put16(&o, 0);
        put16(&o, 0), put32(&o, 0), put32(&o, offsets[i]);
        memcpy(o, parts[i].name, strlen(parts[i].name));
        o += strlen(parts[i].name);
    }
    uint32_t dir_size = (uint32_t)(o - buf) - dir;
    put32(&o, 0x06054b50);
    put16(&o, 0), put16(&o, 0), put16(&o, (unsigned)n), put16(&o, (unsigned)n);
    put32(&o, dir_size), put32(&o, dir), put16(&o, 0);
    *len = (size_t)(o - buf);
    return buf;
}

#define S(text) (const uint8_t *)(text), sizeof(text) - 1
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char book[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r="
    "\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Checklist\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char book_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* The XML input's three parts, split at NUL bytes, in a fixed workbook. */
static uint8_t *workbook_of(const uint8_t *data, size_t size, size_t *len)
{
    const uint8_t *piece[3] = {data, data + size, data + size};
    size_t piece_len[3] = {size, 0, 0};
    for (int k = 0; k < 2; k++) {
        const uint8_t *nul = memchr(piece[k], 0, piece_len[k]);
        if (!nul)
            break;
        piece[k + 1] = nul + 1;
        piece_len[k + 1] = piece_len[k] - (size_t)(nul + 1 - piece[k]);
        piece_len[k] = (size_t)(nul - piece[k]);
    }
    part parts[] = {
        {"_rels/.rels", S(rels)},
        {"xl/workbook.xml", S(book)},
        {"xl/_rels/workbook.xml.rels", S(book_rels)},
        {"xl/worksheets/sheet1.xml", piece[0], piece_len[0]},
        {"xl/sharedStrings.xml", piece[1], piece_len[1]},
        {"xl/styles.xml", piece[2], piece_len[2]},
    };
    return stored_zip(parts, sizeof parts / sizeof *parts, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_csv_table t;
    char sheet[128];
    cr_error err;
    cr_error_clear(&err);
    uint8_t *made = NULL;
    size_t made_len = 0;
    if (size < 4 || memcmp(data, "PK\x03\x04", 4) != 0) {
        made = workbook_of(data, size, &made_len);
        data = made;
        size = made_len;
    }
    cr_status st = cr_form_parse("f.xlsx", (const char *)data, size, &form, 0, &t, sheet, &err);
    free(made);
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
