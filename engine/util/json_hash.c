/*
 * json_hash.c -- the SHA-256 of a JSON tree's compact text, fed to the hash
 * while the tree is walked instead of printed first.
 *
 * Hashes of compact JSON are kept in the register (runs.input_parts, see
 * engine/batch/batch_parts.c) and compared with later runs', so the bytes
 * fed here must be, to the last one, those cJSON_PrintUnformatted returns
 * (cJSON 1.7.15, the version Debian 12 ships; tests/unit/test_json_hash.c
 * checks it against the cJSON linked in, over the datasets and the awkward
 * values).  cJSON's printer writes:
 *
 *   null, false, true    as such;
 *   a raw node           its text as it is;
 *   a string, a key      between double quotes, with \" \\ \b \f \n \r \t
 *                        for those bytes, \u00xx (lowercase hex) for the
 *                        other bytes below 0x20, every other byte as it is
 *                        ('/', DEL and UTF-8 included); a NULL string as "";
 *   an array, an object  [a,b] and {"k":v,"l":w}, no space anywhere;
 *   a number             NaN and the infinities as null; otherwise the
 *                        shortest of "%1.15g" when it reads back within a
 *                        relative DBL_EPSILON of the value (so 0.1 + 0.2
 *                        prints as 0.3 and 2^53 as 9.00719925474099e+15), and
 *                        "%1.17g" when it does not; the locale's decimal
 *                        point replaced by '.'; a text longer than 25 bytes
 *                        fails the whole print.  Integers take the same road
 *                        (-0 prints as -0: 1.7.15 has no integer branch).
 *
 * Bytes are gathered in a small buffer on the stack and handed to the hash a
 * buffer at a time; long strings go to it directly.
 */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_hash.h"

typedef struct sink {
    cr_sha256 *h;
    size_t used;
    unsigned char buf[256];
} sink;

static void flush(sink *s)
{
    if (s->used)
        cr_sha256_update(s->h, s->buf, s->used);
    s->used = 0;
}

static void put(sink *s, const void *data, size_t len)
{
    if (len > sizeof s->buf - s->used) {
        flush(s);
        if (len >= sizeof s->buf) {
            cr_sha256_update(s->h, data, len);
            return;
        }
    }
    memcpy(s->buf + s->used, data, len);
    s->used += len;
}

static void put_byte(sink *s, unsigned char c)
{
    if (s->used == sizeof s->buf)
        flush(s);
    s->buf[s->used++] = c;
}

/* The letter of a two-byte escape (\n ...), or 0 for \u00xx. */
static char short_escape(unsigned char c)
{
    switch (c) {
    case '"':
        return '"';
    case '\\':
        return '\\';
    case '\b':
        return 'b';
    case '\f':
        return 'f';
    case '\n':
        return 'n';
    case '\r':
        return 'r';
    case '\t':
        return 't';
    default:
        return 0;
    }
}

static void put_string(sink *s, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    put_byte(s, '"');
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    const unsigned char *plain = p; /* the run of bytes written as they are */
    for (; *p; p++) {
        unsigned char c = *p;
        if (c > 31 && c != '"' && c != '\\')
            continue;
        put(s, plain, (size_t)(p - plain));
        plain = p + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        char named = short_escape(c);
        if (named) {
            esc[1] = named;
        } else {
            esc[1] = 'u', esc[2] = '0', esc[3] = '0';
            esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
            n = 6;
        }
        put(s, esc, n);
    }
    put(s, plain, (size_t)(p - plain));
    put_byte(s, '"');
}

/* cJSON's test of whether the 15-digit text gave the value back. */
static bool reads_back(double back, double d)
{
    double larger = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
    return fabs(back - d) <= larger * DBL_EPSILON;
}

static bool put_number(sink *s, double d)
{
    char text[32];
    int len;
    if (isnan(d) || isinf(d)) {
        len = snprintf(text, sizeof text, "null");
    } else {
        len = snprintf(text, sizeof text, "%1.15g", d);
        char *end;
        double back = strtod(text, &end);
        if (end == text || !reads_back(back, d))
            len = snprintf(text, sizeof text, "%1.17g", d);
    }
    if (len < 0 || len > 25) /* cJSON's buffer is 26 bytes */
        return false;
    char point = localeconv()->decimal_point[0];
    for (int i = 0; i < len; i++)
        if (text[i] == point)
            text[i] = '.';
    put(s, text, (size_t)len);
    return true;
}

static bool put_value(sink *s, const cJSON *node)
{
    switch (node->type & 0xFF) {
    case cJSON_NULL:
        put(s, "null", 4);
        return true;
    case cJSON_False:
        put(s, "false", 5);
        return true;
    case cJSON_True:
        put(s, "true", 4);
        return true;
    case cJSON_Number:
        return put_number(s, node->valuedouble);
    case cJSON_Raw:
        if (!node->valuestring)
            return false;
        put(s, node->valuestring, strlen(node->valuestring));
        return true;
    case cJSON_String:
        put_string(s, node->valuestring);
        return true;
    case cJSON_Array:
        put_byte(s, '[');
        for (const cJSON *c = node->child; c; c = c->next) {
            if (!put_value(s, c))
                return false;
            if (c->next)
                put_byte(s, ',');
        }
        put_byte(s, ']');
        return true;
    case cJSON_Object:
        put_byte(s, '{');
        for (const cJSON *c = node->child; c; c = c->next) {
            put_string(s, c->string);
            put_byte(s, ':');
            if (!put_value(s, c))
                return false;
            if (c->next)
                put_byte(s, ',');
        }
        put_byte(s, '}');
        return true;
    default:
        return false;
    }
}

bool cr_json_hash_update(cr_sha256 *h, const cJSON *node)
{
    if (!node)
        return false;
    sink s;
    s.h = h;
    s.used = 0;
    bool ok = put_value(&s, node);
    flush(&s);
    return ok;
}

bool cr_json_sha256_hex(const cJSON *node, char hex[65])
{
    cr_sha256 h;
    cr_sha256_init(&h);
    if (!cr_json_hash_update(&h, node)) {
        hex[0] = '\0';
        return false;
    }
    cr_sha256_final_hex(&h, hex);
    return true;
}
