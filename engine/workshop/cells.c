/*
 * cells.c -- spreadsheet cells to numbers, and numbers back to text.
 *
 * Spreadsheets write a number the way the cell displays it, so a loss typed
 * as 1000000 may come back as "1,000,000" (a number format with separators,
 * quoted in the CSV) or "1E+06" (a narrow column in General format).  Both are
 * the number the participant meant and are accepted; anything else that
 * strtod would take ("0x10", "inf", "nan", " 1") is refused, because a
 * spreadsheet never writes it and it most likely means a typing slip.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"
#include "workshop/cells.h"

static bool is_space(char c) { return c == ' ' || c == '\t'; }

char *cr_ws_trimmed(const char *s)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

bool cr_ws_blank(const char *s)
{
    while (is_space(*s))
        s++;
    return *s == '\0';
}

/* Remove thousands separators when they sit every three digits of the
 * integer part; false when commas appear anywhere else. */
static bool strip_grouping(const char *text, char *out, size_t size)
{
    const char *p = text;
    if (*p == '-')
        p++;
    size_t int_len = strspn(p, "0123456789,");
    const char *comma = memchr(p, ',', int_len);
    if (strchr(p + int_len, ','))
        return false;
    if (comma) {
        /* 1 to 3 digits, then groups of ",ddd". */
        size_t lead = (size_t)(comma - p);
        if (lead < 1 || lead > 3)
            return false;
        for (size_t i = lead; i < int_len; i += 4)
            if (p[i] != ',' || i + 4 > int_len || strspn(p + i + 1, "0123456789") < 3)
                return false;
    }
    size_t o = 0;
    for (const char *q = text; *q; q++) {
        if (*q == ',')
            continue;
        if (o + 1 >= size)
            return false;
        out[o++] = *q;
    }
    out[o] = '\0';
    return true;
}

/* -?d*(.d*)?([eE][+-]?d+)? with at least one mantissa digit. */
static bool decimal_form(const char *p)
{
    size_t digits = 0;
    if (*p == '-')
        p++;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

bool cr_ws_parse_number(const char *text, double *out)
{
    char plain[128];
    if (!*text || strlen(text) >= sizeof plain || !strip_grouping(text, plain, sizeof plain) ||
        !decimal_form(plain))
        return false;
    char *end;
    double v = strtod(plain, &end);
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool cr_ws_parse_small_int(const char *text, int *out)
{
    size_t n = strlen(text);
    if (n == 0 || n > 6 || strspn(text, "0123456789") != n)
        return false;
    *out = atoi(text);
    return true;
}

void cr_ws_format_number(char *buf, size_t size, double x)
{
    if (!isfinite(x)) {
        snprintf(buf, size, "%g", x);
        return;
    }
    if (fabs(x) < 1000.0) {
        snprintf(buf, size, "%.4g", x);
        return;
    }
    cr_money_grouped(buf, size, x);
}
