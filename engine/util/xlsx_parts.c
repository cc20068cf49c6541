/*
 * xlsx_parts.c -- the parts a worksheet's cells refer to: shared strings
 * (rich text runs joined, Japanese phonetic runs left out) and the styles
 * that say which numbers are dates; and date serials as dates.
 *
 * Dates: a number whose cell style has a date format (built-in formats 14-22,
 * 27-36, 45-47 and 50-58, or a custom format with y, d or g outside quotes
 * and brackets) is the day count of the workbook's date system: days since
 * 1899-12-30 (serial 60 being Excel's non-existent 1900-02-29, serials below
 * 61 count from 1899-12-31) or, with date1904, since 1904-01-01
 * (doc/spreadsheets.md has the worked example).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xlsx_internal.h"

/* ---- shared strings and inline strings ------------------------------------------ */


void xlsx_rich_start(rich_text *r, const char *local)
{
    if (strcmp(local, "t") == 0)
        r->depth_t++;
    else if (strcmp(local, "rPh") == 0)
        r->depth_rph++;
}

void xlsx_rich_end(rich_text *r, const char *local)
{
    if (strcmp(local, "t") == 0 && r->depth_t > 0)
        r->depth_t--;
    else if (strcmp(local, "rPh") == 0 && r->depth_rph > 0)
        r->depth_rph--;
}

void xlsx_rich_chars(rich_text *r, const XML_Char *s, int len)
{
    if (r->depth_t > 0 && r->depth_rph == 0) {
        if (r->text.len + (size_t)len > XLSX_MAX_CELL_TEXT)
            r->too_long = true;
        else
            cr_strbuf_append(&r->text, s, (size_t)len);
    }
}


static void XMLCALL strings_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    strings_doc *d = data;
    const char *local = xlsx_local_name(name);
    if (strcmp(local, "si") == 0) {
        d->in_si = true;
        cr_strbuf_free(&d->rich.text);
        cr_strbuf_init(&d->rich.text);
        d->rich.depth_t = d->rich.depth_rph = 0;
    } else if (d->in_si) {
        xlsx_rich_start(&d->rich, local);
    }
}

static void XMLCALL strings_end(void *data, const XML_Char *name)
{
    strings_doc *d = data;
    const char *local = xlsx_local_name(name);
    if (!d->in_si)
        return;
    if (strcmp(local, "si") != 0) {
        xlsx_rich_end(&d->rich, local);
        return;
    }
    d->in_si = false;
    if (d->rich.too_long || d->n >= XLSX_MAX_STRINGS) {
        xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_INPUT, d->b->file, 0, NULL,
                                   d->rich.too_long ? "shared string %zu is longer than %d bytes"
                                                    : "more than %zu shared strings",
                                   d->rich.too_long ? d->n + 1 : (size_t)XLSX_MAX_STRINGS,
                                   XLSX_MAX_CELL_TEXT));
        return;
    }
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        char **grown = realloc(d->items, cap * sizeof *grown);
        if (!grown) {
            xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                       "out of memory"));
            return;
        }
        d->items = grown;
        d->cap = cap;
    }
    char *s = d->rich.text.data ? cr_strbuf_take(&d->rich.text) : strdup("");
    if (!s || d->rich.text.failed) {
        free(s);
        xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                   "out of memory"));
        return;
    }
    d->items[d->n++] = s;
}

static void XMLCALL strings_chars(void *data, const XML_Char *s, int len)
{
    strings_doc *d = data;
    if (d->in_si)
        xlsx_rich_chars(&d->rich, s, len);
}

void xlsx_strings_setup(XML_Parser p)
{
    XML_SetElementHandler(p, strings_start, strings_end);
    XML_SetCharacterDataHandler(p, strings_chars);
}

void xlsx_strings_free(strings_doc *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->items[i]);
    free(d->items);
    cr_strbuf_free(&d->rich.text);
}

/* ---- styles: which cell formats are dates --------------------------------------- */



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
    const char *local = xlsx_local_name(name);
    if (strcmp(local, "numFmt") == 0) {
        const char *id = xlsx_attribute(attrs, "numFmtId", false),
                   *code = xlsx_attribute(attrs, "formatCode", false);
        if (id && code && d->n_formats < 256)
            d->formats[d->n_formats++] =
                (custom_format){(unsigned)strtoul(id, NULL, 10), code_is_date(code)};
    } else if (strcmp(local, "cellXfs") == 0) {
        d->in_cell_xfs = true;
    } else if (strcmp(local, "xf") == 0 && d->in_cell_xfs) {
        if (d->n_xf >= XLSX_MAX_STYLES)
            return;
        if (d->n_xf == d->cap_xf) {
            size_t cap = d->cap_xf ? 2 * d->cap_xf : 64;
            bool *grown = realloc(d->xf_date, cap * sizeof *grown);
            if (!grown) {
                xlsx_stop(&d->run, cr_error_set(d->b->err, CR_ERR_MEMORY, d->b->file, 0, NULL,
                                           "out of memory"));
                return;
            }
            d->xf_date = grown;
            d->cap_xf = cap;
        }
        const char *fmt = xlsx_attribute(attrs, "numFmtId", false);
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
    if (strcmp(xlsx_local_name(name), "cellXfs") == 0)
        d->in_cell_xfs = false;
}

void xlsx_styles_setup(XML_Parser p)
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
bool xlsx_serial_to_text(double serial, bool date1904, char *buf, size_t size)
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
