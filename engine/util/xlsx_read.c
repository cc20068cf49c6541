/*
 * xlsx_read.c -- see xlsx_read.h.
 *
 * libzip inflates the parts from memory and expat parses them (both Debian
 * packages: a ZIP reader and an XML parser are code we should not write).
 * Expat parses with namespaces, so elements are matched by their local name
 * whatever prefix a writer chose ("c", "x:c").
 *
 * Dates: a number whose cell style has a date format (built-in formats 14-22,
 * 27-36, 45-47 and 50-58, or a custom format with y, d or g outside quotes
 * and brackets) is the day count of the workbook's date system: days since
 * 1899-12-30 (serial 60 being Excel's non-existent 1900-02-29, serials below
 * 61 count from 1899-12-31) or, with date1904, since 1904-01-01.
 */
#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/text.h"
#include "util/xlsx_read.h"

#define MAX_ENTRIES 2000
#define MAX_PART ((zip_uint64_t)64 * 1024 * 1024)
#define MAX_TOTAL ((zip_uint64_t)128 * 1024 * 1024)
#define MAX_CELL_TEXT 65536
#define MAX_ROW 1048576L
#define MAX_STRINGS 2000000
#define MAX_STYLES 65536

/* ---- errors and references -------------------------------------------------- */

void cr_xlsx_cell_name(char *buf, size_t size, size_t column, long row)
{
    char letters[8];
    size_t n = 0;
    size_t c = column + 1;
    while (c > 0 && n < sizeof letters) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    size_t o = 0;
    while (n > 0 && o + 1 < size)
        buf[o++] = letters[--n];
    if (size)
        buf[o < size ? o : size - 1] = '\0';
    if (row > 0)
        snprintf(buf + o, size > o ? size - o : 0, "%ld", row);
}

cr_status cr_xlsx_cell_error(cr_error *err, const char *file, const char *sheet, size_t column,
                             long row, const char *fmt, ...)
{
    char cell[32], place[200], message[sizeof err->message];
    cr_xlsx_cell_name(cell, sizeof cell, column, row);
    snprintf(place, sizeof place, "%.120s!%s", sheet, cell);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return cr_error_set(err, CR_ERR_INPUT, file, 0, place, "%s", message);
}

/* Column and row of a reference such as "AB12"; false if malformed. */
static bool parse_ref(const char *ref, size_t *column, long *row)
{
    size_t c = 0, letters = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && letters < 4; p++, letters++)
        c = c * 26 + (size_t)(*p - 'A' + 1);
    if (letters == 0 || letters > 3 || *p < '1' || *p > '9')
        return false;
    long r = 0;
    for (; *p >= '0' && *p <= '9' && r <= MAX_ROW; p++)
        r = r * 10 + (*p - '0');
    if (*p || r < 1 || r > MAX_ROW)
        return false;
    *column = c - 1;
    *row = r;
    return true;
}

/* ---- the archive ------------------------------------------------------------ */

typedef struct book {
    const char *file;
    zip_t *zip;
    zip_uint64_t inflated; /* bytes inflated so far, all parts */
    cr_error *err;
} book;

bool cr_xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* A part's bytes (caller frees), or NULL with *missing when there is none. */
static cr_status read_part(book *b, const char *name, const char *label, char **text, size_t *len,
                           bool *missing)
{
    *text = NULL;
    *len = 0;
    if (missing)
        *missing = false;
    zip_int64_t index = zip_name_locate(b->zip, name, 0);
    if (index < 0)
        index = zip_name_locate(b->zip, name, ZIP_FL_NOCASE);
    if (index < 0) {
        if (missing) {
            *missing = true;
            return CR_OK;
        }
        return cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                            "the workbook has no part %s; expected an XLSX workbook as Excel or "
                            "LibreOffice save it", label);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(b->zip, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                            "%s cannot be read: %s", label, zip_strerror(b->zip));
    if (st.size > MAX_PART || b->inflated + st.size > MAX_TOTAL)
        return cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                            "%s inflates to %llu bytes, more than the %llu read from a "
                            "workbook; refused (a ZIP bomb, or not a form of ours)",
                            label, (unsigned long long)st.size, (unsigned long long)MAX_PART);
    zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)index, 0);
    if (!zf)
        return cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                            "%s cannot be opened: %s", label, zip_strerror(b->zip));
    size_t cap = st.size < 65536 ? 65536 : (size_t)st.size + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        zip_fclose(zf);
        return cr_error_set(b->err, CR_ERR_MEMORY, b->file, 0, NULL, "out of memory");
    }
    size_t used = 0;
    cr_status status = CR_OK;
    for (;;) {
        if (used == cap) {
            /* More than the header declared: count on, up to the limit. */
            size_t grown_cap = cap * 2;
            if (grown_cap > MAX_PART + 1)
                grown_cap = (size_t)MAX_PART + 1;
            if (used >= grown_cap || b->inflated + used > MAX_TOTAL) {
                status = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                                      "%s inflates to more than %llu bytes, more than its "
                                      "header says; refused (a ZIP bomb, or a damaged file)",
                                      label, (unsigned long long)MAX_PART);
                break;
            }
            char *grown = realloc(buf, grown_cap + 1);
            if (!grown) {
                status = cr_error_set(b->err, CR_ERR_MEMORY, b->file, 0, NULL, "out of memory");
                break;
            }
            buf = grown;
            cap = grown_cap;
        }
        zip_int64_t got = zip_fread(zf, buf + used, cap - used);
        if (got < 0) {
            status = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                                  "%s cannot be inflated: %s", label,
                                  zip_file_strerror(zf));
            break;
        }
        if (got == 0)
            break;
        used += (size_t)got;
    }
    zip_fclose(zf);
    if (status != CR_OK) {
        free(buf);
        return status;
    }
    buf[used] = '\0';
    b->inflated += used;
    *text = buf;
    *len = used;
    return CR_OK;
}

/* ---- XML with expat ---------------------------------------------------------- */

typedef struct xml_run {
    XML_Parser parser;
    bool doctype;         /* a DOCTYPE was seen: stopped */
    cr_status failed;     /* set by a handler that stopped the parser */
} xml_run;

static const char *local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* An attribute by local name; `namespaced` asks for one with a namespace
 * (r:id), otherwise one without. */
static const char *attribute(const XML_Char **attrs, const char *name, bool namespaced)
{
    for (size_t i = 0; attrs[i]; i += 2) {
        bool has_ns = strchr(attrs[i], '|') != NULL;
        if (has_ns == namespaced && strcmp(local_name(attrs[i]), name) == 0)
            return attrs[i + 1];
    }
    return NULL;
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    xml_run *run = data;
    run->doctype = true;
    XML_StopParser(run->parser, XML_FALSE);
}

/* Parse text with the handlers set by `setup` on user data `ctx`, whose first
 * member must be an xml_run. */
static cr_status parse_xml(book *b, const char *part, const char *text, size_t len, void *ctx,
                           void (*setup)(XML_Parser))
{
    xml_run *run = ctx;
    XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
    if (!p)
        return cr_error_set(b->err, CR_ERR_MEMORY, b->file, 0, NULL, "out of memory");
    run->parser = p;
    run->doctype = false;
    run->failed = CR_OK;
    XML_SetUserData(p, ctx);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    setup(p);
    enum XML_Status st = len > INT32_MAX ? XML_STATUS_ERROR : XML_Parse(p, text, (int)len, 1);
    cr_status status = CR_OK;
    if (run->doctype)
        status = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                              "%s declares a document type (DOCTYPE); refused: entities "
                              "are never read from a workbook", part);
    else if (run->failed != CR_OK)
        status = run->failed;
    else if (st != XML_STATUS_OK)
        status = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                              "%s: malformed XML at line %lu (%s)", part,
                              (unsigned long)XML_GetCurrentLineNumber(p),
                              XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    return status;
}

static void stop(xml_run *run, cr_status status)
{
    if (run->failed == CR_OK)
        run->failed = status;
    XML_StopParser(run->parser, XML_FALSE);
}

/* ---- relationships ----------------------------------------------------------- */

typedef struct rel {
    char *id, *type, *target;
} rel;

typedef struct rels_doc {
    xml_run run;
    book *b;
    rel *items;
    size_t n, cap;
} rels_doc;

static void XMLCALL rels_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    rels_doc *d = data;
    if (strcmp(local_name(name), "Relationship") != 0)
        return;
    const char *id = attribute(attrs, "Id", false), *type = attribute(attrs, "Type", false),
               *target = attribute(attrs, "Target", false);
    if (!id || !type || !target)
        return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        rel *grown = d->n < MAX_ENTRIES ? realloc(d->items, cap * sizeof *grown) : NULL;
        if (!grown) {
            stop(&d->run, d->n < MAX_ENTRIES
                              ? cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                             "out of memory")
                              : cr_error_set(d->b->err, CR_ERR_INPUT, d->b->file, 0, NULL,
                                             "more than %d relationships", MAX_ENTRIES));
            return;
        }
        d->items = grown;
        d->cap = cap;
    }
    rel *r = &d->items[d->n];
    r->id = strdup(id);
    r->type = strdup(type);
    r->target = strdup(target);
    d->n++;
    if (!r->id || !r->type || !r->target)
        stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
}

static void rels_setup(XML_Parser p)
{
    XML_SetStartElementHandler(p, rels_start);
}

static void rels_free(rels_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].id);
        free(d->items[i].type);
        free(d->items[i].target);
    }
    free(d->items);
}

static cr_status read_rels(book *b, const char *part, rels_doc *d)
{
    memset(d, 0, sizeof *d);
    d->b = b;
    char *text;
    size_t len;
    bool missing;
    char label[1100];
    snprintf(label, sizeof label, "part %s", part);
    cr_status st = read_part(b, part, label, &text, &len, &missing);
    if (st != CR_OK || missing)
        return st;
    st = parse_xml(b, label, text, len, d, rels_setup);
    free(text);
    return st;
}

static const rel *rel_by_type(const rels_doc *d, const char *suffix)
{
    size_t k = strlen(suffix);
    for (size_t i = 0; i < d->n; i++) {
        size_t n = strlen(d->items[i].type);
        if (n >= k && strcmp(d->items[i].type + n - k, suffix) == 0)
            return &d->items[i];
    }
    return NULL;
}

static const rel *rel_by_id(const rels_doc *d, const char *id)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].id, id) == 0)
            return &d->items[i];
    return NULL;
}

/* A relationship's target as a part name: "/xl/x.xml" -> "xl/x.xml";
 * "worksheets/sheet1.xml" relative to the directory of `base`. */
static void resolve(char *out, size_t size, const char *base, const char *target)
{
    if (target[0] == '/') {
        snprintf(out, size, "%s", target + 1);
        return;
    }
    const char *slash = strrchr(base, '/');
    int dir = slash ? (int)(slash - base + 1) : 0;
    snprintf(out, size, "%.*s%s", dir, base, target);
}

/* ---- the workbook: sheet names, date system ------------------------------------ */

typedef struct workbook_doc {
    xml_run run;
    book *b;
    const char *const *names;
    size_t n_names;
    size_t best;         /* index in names of the sheet found, n_names if none */
    char *sheet_name;
    char *sheet_rel;
    bool date1904;
    cr_strbuf all_names; /* every sheet's name, for the error */
} workbook_doc;

static void XMLCALL workbook_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    workbook_doc *d = data;
    const char *local = local_name(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *v = attribute(attrs, "date1904", false);
        d->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(local, "sheet") != 0)
        return;
    const char *sheet = attribute(attrs, "name", false), *id = attribute(attrs, "id", true);
    if (!sheet || !id)
        return;
    if (d->all_names.len < 300)
        cr_strbuf_printf(&d->all_names, "%s\"%.60s\"", d->all_names.len ? ", " : "", sheet);
    for (size_t i = 0; i < d->best; i++)
        if (strcmp(sheet, d->names[i]) == 0) {
            free(d->sheet_name);
            free(d->sheet_rel);
            d->sheet_name = strdup(sheet);
            d->sheet_rel = strdup(id);
            d->best = i;
            if (!d->sheet_name || !d->sheet_rel)
                stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                           "out of memory"));
            break;
        }
}

static void workbook_setup(XML_Parser p)
{
    XML_SetStartElementHandler(p, workbook_start);
}

/* ---- shared strings and inline strings ------------------------------------------ */

/* Text of <si> or <is>: the <t> elements, those inside <rPh> (phonetic
 * readings Japanese Excel adds) left out. */
typedef struct rich_text {
    int depth_t;   /* inside <t> */
    int depth_rph; /* inside <rPh> */
    cr_strbuf text;
    bool too_long;
} rich_text;

static void rich_start(rich_text *r, const char *local)
{
    if (strcmp(local, "t") == 0)
        r->depth_t++;
    else if (strcmp(local, "rPh") == 0)
        r->depth_rph++;
}

static void rich_end(rich_text *r, const char *local)
{
    if (strcmp(local, "t") == 0 && r->depth_t > 0)
        r->depth_t--;
    else if (strcmp(local, "rPh") == 0 && r->depth_rph > 0)
        r->depth_rph--;
}

static void rich_chars(rich_text *r, const XML_Char *s, int len)
{
    if (r->depth_t > 0 && r->depth_rph == 0) {
        if (r->text.len + (size_t)len > MAX_CELL_TEXT)
            r->too_long = true;
        else
            cr_strbuf_append(&r->text, s, (size_t)len);
    }
}

typedef struct strings_doc {
    xml_run run;
    book *b;
    bool in_si;
    rich_text rich;
    char **items;
    size_t n, cap;
} strings_doc;

static void XMLCALL strings_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    strings_doc *d = data;
    const char *local = local_name(name);
    if (strcmp(local, "si") == 0) {
        d->in_si = true;
        cr_strbuf_free(&d->rich.text);
        cr_strbuf_init(&d->rich.text);
        d->rich.depth_t = d->rich.depth_rph = 0;
    } else if (d->in_si) {
        rich_start(&d->rich, local);
    }
}

static void XMLCALL strings_end(void *data, const XML_Char *name)
{
    strings_doc *d = data;
    const char *local = local_name(name);
    if (!d->in_si)
        return;
    if (strcmp(local, "si") != 0) {
        rich_end(&d->rich, local);
        return;
    }
    d->in_si = false;
    if (d->rich.too_long || d->n >= MAX_STRINGS) {
        stop(&d->run, cr_error_set(d->b->err, CR_ERR_INPUT, d->b->file, 0, NULL,
                                   d->rich.too_long ? "shared string %zu is longer than %d bytes"
                                                    : "more than %zu shared strings",
                                   d->rich.too_long ? d->n + 1 : (size_t)MAX_STRINGS,
                                   MAX_CELL_TEXT));
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        char **grown = realloc(d->items, cap * sizeof *grown);
        if (!grown) {
            stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                       "out of memory"));
            return;
        }
        d->items = grown;
        d->cap = cap;
    }
    char *s = d->rich.text.data ? cr_strbuf_take(&d->rich.text) : strdup("");
    if (!s || d->rich.text.failed) {
        free(s);
        stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    d->items[d->n++] = s;
}

static void XMLCALL strings_chars(void *data, const XML_Char *s, int len)
{
    strings_doc *d = data;
    if (d->in_si)
        rich_chars(&d->rich, s, len);
}

static void strings_setup(XML_Parser p)
{
    XML_SetElementHandler(p, strings_start, strings_end);
    XML_SetCharacterDataHandler(p, strings_chars);
}

static void strings_free(strings_doc *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i]);
    free(d->items);
    cr_strbuf_free(&d->rich.text);
}

/* ---- styles: which cell formats are dates --------------------------------------- */

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

static bool builtin_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* y, d or g (Japanese era) outside "quoted text", [brackets], \escapes and
 * the keyword General. */
static bool code_is_date(const char *code)
{
    bool quoted = false;
    int bracket = 0;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[')
            bracket++;
        else if (*p == ']' && bracket > 0)
            bracket--;
        else if (!bracket && strncasecmp(p, "general", 7) == 0)
            p += 6; /* the keyword General: no era "g" */
        else if (!bracket && strchr("yYdDgG", *p))
            return true;
    }
    return false;
}

static void XMLCALL styles_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    styles_doc *d = data;
    const char *local = local_name(name);
    if (strcmp(local, "numFmt") == 0) {
        const char *id = attribute(attrs, "numFmtId", false),
                   *code = attribute(attrs, "formatCode", false);
        if (id && code && d->n_formats < 256)
            d->formats[d->n_formats++] =
                (custom_format){(unsigned)strtoul(id, NULL, 10), code_is_date(code)};
    } else if (strcmp(local, "cellXfs") == 0) {
        d->in_cell_xfs = true;
    } else if (strcmp(local, "xf") == 0 && d->in_cell_xfs) {
        if (d->n_xf >= MAX_STYLES)
            return;
        if (d->n_xf == d->cap_xf) {
            size_t cap = d->cap_xf ? 2 * d->cap_xf : 64;
            bool *grown = realloc(d->xf_date, cap * sizeof *grown);
            if (!grown) {
                stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                           "out of memory"));
                return;
            }
            d->xf_date = grown;
            d->cap_xf = cap;
        }
        const char *fmt = attribute(attrs, "numFmtId", false);
        unsigned id = fmt ? (unsigned)strtoul(fmt, NULL, 10) : 0;
        bool date = builtin_date(id);
        for (size_t i = 0; i < d->n_formats; i++)
            if (d->formats[i].id == id)
                date = d->formats[i].date;
        d->xf_date[d->n_xf++] = date;
    }
}

static void XMLCALL styles_end(void *data, const XML_Char *name)
{
    styles_doc *d = data;
    if (strcmp(local_name(name), "cellXfs") == 0)
        d->in_cell_xfs = false;
}

static void styles_setup(XML_Parser p)
{
    XML_SetElementHandler(p, styles_start, styles_end);
}

/* Day number of a civil date (days since 1970-01-01), and back
 * (H. Hinnant's algorithms). */
static void civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

/* A date serial as YYYY-MM-DD (with the time when it has one); false when
 * it is no date a form could mean. */
static bool serial_to_text(double serial, bool date1904, char *buf, size_t size)
{
    if (!isfinite(serial) || serial < 1 || serial > 2958465) /* 9999-12-31 */
        return false;
    double day = floor(serial);
    /* 1900 system: 25569 is 1970-01-01; below 61 Excel counts a 1900-02-29. */
    long days = date1904 ? (long)day - 24107 : (long)day - (day < 61 ? 25568 : 25569);
    int y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    long seconds = lround((serial - day) * 86400.0);
    if (seconds == 0 || seconds == 86400)
        snprintf(buf, size, "%04d-%02u-%02u", y, m, d);
    else
        snprintf(buf, size, "%04d-%02u-%02uT%02ld:%02ld:%02ld", y, m, d, seconds / 3600,
                 seconds / 60 % 60, seconds % 60);
    return true;
}

/* ---- the sheet ------------------------------------------------------------------- */

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
    stop(&d->run, st);
    return st;
}

static void start_row(sheet_doc *d, const XML_Char **attrs)
{
    const char *r = attribute(attrs, "r", false);
    long number = d->row + 1;
    if (r) {
        char *end;
        number = strtol(r, &end, 10);
        if (*end || number < 1)
            number = 0;
    }
    if (number < 1 || number > MAX_ROW || number <= d->row) {
        d->column = 0;
        d->row = number > 0 && number <= MAX_ROW ? number : d->row + 1;
        sheet_fail(d, "row number \"%.20s\" out of order or out of range; expected rows 1 to "
                   "%ld in increasing order", r ? r : "", MAX_ROW);
        return;
    }
    d->row = number;
    d->column = (size_t)-1;
}

static void start_cell(sheet_doc *d, const XML_Char **attrs)
{
    const char *r = attribute(attrs, "r", false), *t = attribute(attrs, "t", false),
               *s = attribute(attrs, "s", false);
    size_t column = d->column + 1;
    long row = d->row;
    if (d->row == 0) {
        d->row = 1;
        sheet_fail(d, "a cell outside any row; expected cells inside <row> elements");
        return;
    }
    if (r && (!parse_ref(r, &column, &row) || row != d->row)) {
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
                stop(&d->run, st);
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
            stop(&d->run, st);
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
        stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    if (d->formula) {
        sheet_fail(d, "a formula (=%.60s); expected a value typed in: formulas are not "
                   "evaluated", d->formula_text.data ? d->formula_text.data : "");
        return;
    }
    if (d->value.len > MAX_CELL_TEXT || d->inline_text.too_long) {
        sheet_fail(d, "longer than %d bytes", MAX_CELL_TEXT);
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
        if (date && *v && !*end && serial_to_text(serial, d->date1904, buf, sizeof buf))
            text = buf;
    } else {
        sheet_fail(d, "unknown cell type \"%.10s\"", d->type);
        return;
    }
    if (!text[0])
        return;
    char *copy = strdup(text);
    if (!copy) {
        stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    add_cell(d, copy);
}

static void merged(sheet_doc *d, const XML_Char **attrs)
{
    const char *ref = attribute(attrs, "ref", false);
    char first[16] = "";
    snprintf(first, sizeof first, "%.15s", ref ? ref : "");
    char *colon = strchr(first, ':');
    if (colon)
        *colon = '\0';
    size_t column = 0;
    long row = 0;
    if (parse_ref(first, &column, &row)) {
        d->column = column;
        d->row = row;
    }
    sheet_fail(d, "merged cells (%.30s); expected one value per cell: unmerge them",
               ref ? ref : "?");
}

static void XMLCALL sheet_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    sheet_doc *d = data;
    const char *local = local_name(name);
    if (d->in_cell) {
        if (strcmp(local, "f") == 0) {
            d->formula = true;
            d->depth_f++;
        } else if (strcmp(local, "v") == 0) {
            d->in_v = true;
        } else if (strcmp(local, "is") == 0) {
            d->in_is = true;
        } else if (d->in_is) {
            rich_start(&d->inline_text, local);
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
    const char *local = local_name(name);
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
        rich_end(&d->inline_text, local);
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
        if (d->value.len <= MAX_CELL_TEXT)
            cr_strbuf_append(&d->value, s, (size_t)len);
    } else if (d->in_is) {
        rich_chars(&d->inline_text, s, len);
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

/* ---- putting it together ------------------------------------------------------------ */

void cr_xlsx_sheet_free(cr_xlsx_sheet *sheet)
{
    free(sheet->name);
    cr_csv_table_free(&sheet->table);
    memset(sheet, 0, sizeof *sheet);
}

static cr_status read_book(book *b, const char *const *names, size_t n_names,
                           cr_xlsx_sheet *out)
{
    char workbook_part[512] = "xl/workbook.xml", part[1024], rels_part[1024];
    rels_doc root, wb_rels;
    cr_status st = read_rels(b, "_rels/.rels", &root);
    const rel *office = st == CR_OK ? rel_by_type(&root, "/officeDocument") : NULL;
    if (office)
        resolve(workbook_part, sizeof workbook_part, "", office->target);
    rels_free(&root);
    if (st != CR_OK)
        return st;
    const char *slash = strrchr(workbook_part, '/');
    int dir = slash ? (int)(slash - workbook_part + 1) : 0;
    snprintf(rels_part, sizeof rels_part, "%.*s_rels/%s.rels", dir, workbook_part,
             workbook_part + dir);
    if ((st = read_rels(b, rels_part, &wb_rels)) != CR_OK) {
        rels_free(&wb_rels);
        return st;
    }

    workbook_doc wb = {.b = b, .names = names, .n_names = n_names, .best = n_names};
    cr_strbuf_init(&wb.all_names);
    char *text = NULL;
    size_t len;
    strings_doc strings = {.b = b};
    styles_doc styles = {.b = b};
    sheet_doc sheet = {.b = b};
    char label[1200];
    snprintf(label, sizeof label, "part %s", workbook_part);
    st = read_part(b, workbook_part, label, &text, &len, NULL);
    if (st == CR_OK)
        st = parse_xml(b, label, text, len, &wb, workbook_setup);
    free(text);
    text = NULL;
    const rel *target = NULL;
    if (st == CR_OK && wb.best == n_names) {
        char wanted[200];
        size_t used = 0;
        wanted[0] = '\0';
        for (size_t i = 0; i < n_names && used < sizeof wanted; i++) {
            int w = snprintf(wanted + used, sizeof wanted - used, "%s\"%s\"",
                             i ? " or " : "", names[i]);
            if (w > 0)
                used += (size_t)w;
        }
        st = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                          "no sheet named %s; the workbook has %s", wanted,
                          wb.all_names.len ? wb.all_names.data : "no sheet");
    } else if (st == CR_OK && !(target = rel_by_id(&wb_rels, wb.sheet_rel))) {
        st = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                          "sheet \"%s\" has no part (relationship %.40s is missing)",
                          wb.sheet_name, wb.sheet_rel);
    }
    const rel *shared = rel_by_type(&wb_rels, "/sharedStrings");
    if (st == CR_OK && shared) {
        resolve(part, sizeof part, workbook_part, shared->target);
        snprintf(label, sizeof label, "part %s", part);
        st = read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = parse_xml(b, label, text, len, &strings, strings_setup);
        free(text);
        text = NULL;
    }
    const rel *style_rel = rel_by_type(&wb_rels, "/styles");
    if (st == CR_OK && style_rel) {
        resolve(part, sizeof part, workbook_part, style_rel->target);
        snprintf(label, sizeof label, "part %s", part);
        st = read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = parse_xml(b, label, text, len, &styles, styles_setup);
        free(text);
        text = NULL;
    }
    if (st == CR_OK) {
        resolve(part, sizeof part, workbook_part, target->target);
        sheet.sheet = wb.sheet_name;
        sheet.strings = &strings;
        sheet.styles = &styles;
        sheet.date1904 = wb.date1904;
        cr_strbuf_init(&sheet.value);
        cr_strbuf_init(&sheet.formula_text);
        cr_strbuf_init(&sheet.inline_text.text);
        snprintf(label, sizeof label, "sheet %.120s (part %s)", wb.sheet_name, part);
        st = read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = parse_xml(b, label, text, len, &sheet, sheet_setup);
        free(text);
    }
    if (st == CR_OK)
        st = to_table(&sheet, &out->table);
    if (st == CR_OK) {
        out->name = wb.sheet_name;
        wb.sheet_name = NULL;
    }
    sheet_doc_free(&sheet);
    strings_free(&strings);
    free(styles.xf_date);
    free(wb.sheet_name);
    free(wb.sheet_rel);
    cr_strbuf_free(&wb.all_names);
    rels_free(&wb_rels);
    return st;
}

cr_status cr_xlsx_read_sheet(const char *file, const void *data, size_t len,
                             const char *const *names, size_t n_names, cr_xlsx_sheet *out,
                             cr_error *err)
{
    memset(out, 0, sizeof *out);
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    }
    zip_t *zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!zip) {
        cr_status st = cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                                    "not a readable XLSX workbook (%s); expected a workbook "
                                    "saved by Excel or LibreOffice as .xlsx",
                                    zip_error_strerror(&zerr));
        zip_source_free(src);
        zip_error_fini(&zerr);
        return st;
    }
    zip_error_fini(&zerr);
    cr_status st = CR_OK;
    if (zip_get_num_entries(zip, 0) > MAX_ENTRIES)
        st = cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                          "the archive has %lld entries, more than the %d of any form; refused",
                          (long long)zip_get_num_entries(zip, 0), MAX_ENTRIES);
    book b = {.file = file, .zip = zip, .err = err};
    if (st == CR_OK)
        st = read_book(&b, names, n_names, out);
    zip_discard(zip);
    if (st != CR_OK)
        cr_xlsx_sheet_free(out);
    return st;
}
