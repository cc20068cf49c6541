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
#include "util/values.h"
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

bool cr_ws_parse_number(const char *text, double *out)
{
    return cr_value_number(text, out);
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
