/*
 * xlsx_read.c -- see xlsx_read.h.
 *
 * libzip inflates the parts from memory and expat parses them (both Debian
 * packages: a ZIP reader and an XML parser are code we should not write).
 * Expat parses with namespaces, so elements are matched by their local name
 * whatever prefix a writer chose ("c", "x:c").  The parts a sheet refers to
 * are read by xlsx_parts.c, the sheet itself by xlsx_sheet.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xlsx_internal.h"
#include "util/xlsx_read.h"

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
bool xlsx_parse_ref(const char *ref, size_t *column, long *row)
{
    size_t c = 0, letters = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && letters < 4; p++, letters++)
        c = c * 26 + (size_t)(*p - 'A' + 1);
    if (letters == 0 || letters > 3 || *p < '1' || *p > '9')
        return false;
    long r = 0;
    for (; *p >= '0' && *p <= '9' && r <= XLSX_MAX_ROW; p++)
        r = r * 10 + (*p - '0');
    if (*p || r < 1 || r > XLSX_MAX_ROW)
        return false;
    *column = c - 1;
    *row = r;
    return true;
}

/* ---- the archive ------------------------------------------------------------ */


bool cr_xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* A part's bytes (caller frees), or NULL with *missing when there is none. */
cr_status xlsx_read_part(book *b, const char *name, const char *label, char **text, size_t *len,
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
    if (st.size > XLSX_MAX_PART || b->inflated + st.size > XLSX_MAX_TOTAL)
        return cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                            "%s inflates to %llu bytes, more than the %llu read from a "
                            "workbook; refused (a ZIP bomb, or not a form of ours)",
                            label, (unsigned long long)st.size, (unsigned long long)XLSX_MAX_PART);
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
            if (grown_cap > XLSX_MAX_PART + 1)
                grown_cap = (size_t)XLSX_MAX_PART + 1;
            if (used >= grown_cap || b->inflated + used > XLSX_MAX_TOTAL) {
                status = cr_error_set(b->err, CR_ERR_INPUT, b->file, 0, NULL,
                                      "%s inflates to more than %llu bytes, more than its "
                                      "header says; refused (a ZIP bomb, or a damaged file)",
                                      label, (unsigned long long)XLSX_MAX_PART);
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


const char *xlsx_local_name(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* An attribute by local name; `namespaced` asks for one with a namespace
 * (r:id), otherwise one without. */
const char *xlsx_attribute(const XML_Char **attrs, const char *name, bool namespaced)
{
    for (size_t i = 0; attrs[i]; i += 2) {
        bool has_ns = strchr(attrs[i], '|') != NULL;
        if (has_ns == namespaced && strcmp(xlsx_local_name(attrs[i]), name) == 0)
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
cr_status xlsx_parse_xml(book *b, const char *part, const char *text, size_t len, void *ctx,
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

void xlsx_stop(xml_run *run, cr_status status)
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
    if (strcmp(xlsx_local_name(name), "Relationship") != 0)
        return;
    const char *id = xlsx_attribute(attrs, "Id", false), *type = xlsx_attribute(attrs, "Type", false),
               *target = xlsx_attribute(attrs, "Target", false);
    if (!id || !type || !target)
        return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        rel *grown = d->n < XLSX_MAX_ENTRIES ? realloc(d->items, cap * sizeof *grown) : NULL;
        if (!grown) {
            xlsx_stop(&d->run, d->n < XLSX_MAX_ENTRIES
                              ? cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                             "out of memory")
                              : cr_error_set(d->b->err, CR_ERR_INPUT, d->b->file, 0, NULL,
                                             "more than %d relationships", XLSX_MAX_ENTRIES));
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
        xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
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
    cr_status st = xlsx_read_part(b, part, label, &text, &len, &missing);
    if (st != CR_OK || missing)
        return st;
    st = xlsx_parse_xml(b, label, text, len, d, rels_setup);
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
    const char *local = xlsx_local_name(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *v = xlsx_attribute(attrs, "date1904", false);
        d->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(local, "sheet") != 0)
        return;
    const char *sheet = xlsx_attribute(attrs, "name", false), *id = xlsx_attribute(attrs, "id", true);
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
                xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                           "out of memory"));
            break;
        }
}

static void workbook_setup(XML_Parser p)
{
    XML_SetStartElementHandler(p, workbook_start);
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
    char label[1200];
    snprintf(label, sizeof label, "part %s", workbook_part);
    st = xlsx_read_part(b, workbook_part, label, &text, &len, NULL);
    if (st == CR_OK)
        st = xlsx_parse_xml(b, label, text, len, &wb, workbook_setup);
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
        st = xlsx_read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = xlsx_parse_xml(b, label, text, len, &strings, xlsx_strings_setup);
        free(text);
        text = NULL;
    }
    const rel *style_rel = rel_by_type(&wb_rels, "/styles");
    if (st == CR_OK && style_rel) {
        resolve(part, sizeof part, workbook_part, style_rel->target);
        snprintf(label, sizeof label, "part %s", part);
        st = xlsx_read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = xlsx_parse_xml(b, label, text, len, &styles, xlsx_styles_setup);
        free(text);
        text = NULL;
    }
    if (st == CR_OK) {
        resolve(part, sizeof part, workbook_part, target->target);
        snprintf(label, sizeof label, "sheet %.120s (part %s)", wb.sheet_name, part);
        st = xlsx_read_part(b, part, label, &text, &len, NULL);
        if (st == CR_OK)
            st = xlsx_read_sheet_part(b, label, wb.sheet_name, &strings, &styles, wb.date1904,
                                      text, len, &out->table);
        free(text);
    }
    if (st == CR_OK) {
        out->name = wb.sheet_name;
        wb.sheet_name = NULL;
    }
    xlsx_strings_free(&strings);
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
    if (zip_get_num_entries(zip, 0) > XLSX_MAX_ENTRIES)
        st = cr_error_set(err, CR_ERR_INPUT, file, 0, NULL,
                          "the archive has %lld entries, more than the %d of any form; refused",
                          (long long)zip_get_num_entries(zip, 0), XLSX_MAX_ENTRIES);
    book b = {.file = file, .zip = zip, .err = err};
    if (st == CR_OK)
        st = read_book(&b, names, n_names, out);
    zip_discard(zip);
    if (st != CR_OK)
        cr_xlsx_sheet_free(out);
    return st;
}
