/*
 * xlsx_internal.h -- what the parts of the XLSX reader share
 * (library-internal): the archive being read, the expat helpers, the shared
 * strings and styles a sheet's cells refer to, and the limits (xlsx_read.h).
 *
 *   xlsx_read.c    the archive, XML helpers, relationships, the workbook, and
 *                  the public entry point
 *   xlsx_parts.c   shared strings (and rich text), styles and date serials
 *   xlsx_sheet.c   one worksheet's cells, as a table
 */
#ifndef CR_UTIL_XLSX_INTERNAL_H
#define CR_UTIL_XLSX_INTERNAL_H

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "cloudrisk/error.h"
#include "util/csv_util.h"
#include "util/text.h"

#define XLSX_MAX_ENTRIES 2000
#define XLSX_MAX_PART ((zip_uint64_t)64 * 1024 * 1024)
#define XLSX_MAX_TOTAL ((zip_uint64_t)128 * 1024 * 1024)
#define XLSX_MAX_CELL_TEXT 65536
#define XLSX_MAX_ROW 1048576L
#define XLSX_MAX_STRINGS 2000000
#define XLSX_MAX_STYLES 65536

typedef struct book {
    const char *file;
    zip_t *zip;
    zip_uint64_t inflated; /* bytes inflated so far, all parts */
    cr_error *err;
} book;

typedef struct xml_run {
    XML_Parser parser;
    bool doctype;         /* a DOCTYPE was seen: stopped */
    cr_status failed;     /* set by a handler that stopped the parser */
} xml_run;

/* Text of <si> or <is>: the <t> elements, those inside <rPh> (phonetic
 * readings Japanese Excel adds) left out. */
typedef struct rich_text {
    int depth_t;   /* inside <t> */
    int depth_rph; /* inside <rPh> */
    cr_strbuf text;
    bool too_long;
} rich_text;

typedef struct strings_doc {
    xml_run run;
    book *b;
    bool in_si;
    rich_text rich;
    char **items;
    size_t n, cap;
} strings_doc;

typedef struct custom_format {
    unsigned id;
    bool date;
} custom_format;

typedef struct styles_doc {
    xml_run run;
    book *b;
    custom_format formats[256];
    size_t n_formats;
    bool in_cell_xfs;
    bool *xf_date; /* per cell style: its number format is a date */
    size_t n_xf, cap_xf;
} styles_doc;

/* The cell reference "AB12" as column (0-based) and row; false if malformed. */
bool xlsx_parse_ref(const char *ref, size_t *column, long *row);

/* A part's bytes (caller frees), or *missing when there is none (an error
 * when missing is NULL); label names the part in errors. */
cr_status xlsx_read_part(book *b, const char *name, const char *label, char **text, size_t *len,
                         bool *missing);

/* Parse text with the handlers `setup` sets, on ctx (whose first member is an
 * xml_run); a DOCTYPE stops it, refused. */
cr_status xlsx_parse_xml(book *b, const char *label, const char *text, size_t len, void *ctx,
                         void (*setup)(XML_Parser));
/* Stop the parse with an error already set (the first one is kept). */
void xlsx_stop(xml_run *run, cr_status status);
const char *xlsx_local_name(const char *name);
const char *xlsx_attribute(const XML_Char **attrs, const char *name, bool namespaced);

void xlsx_rich_start(rich_text *r, const char *local);
void xlsx_rich_end(rich_text *r, const char *local);
void xlsx_rich_chars(rich_text *r, const XML_Char *s, int len);

void xlsx_strings_setup(XML_Parser p);
void xlsx_strings_free(strings_doc *d);
void xlsx_styles_setup(XML_Parser p);
/* A date serial as YYYY-MM-DD (with the time when it has one); false when it
 * is no date a form could mean. */
bool xlsx_serial_to_text(double serial, bool date1904, char *buf, size_t size);

/* One worksheet's XML as a table of its cells' texts (xlsx_read.h). */
cr_status xlsx_read_sheet_part(book *b, const char *label, const char *sheet_name,
                               const strings_doc *strings, const styles_doc *styles,
                               bool date1904, const char *text, size_t len, cr_csv_table *out);

#endif
