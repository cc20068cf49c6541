/*
 * money.c -- thousands grouping, Japanese 万/億/兆, short amounts, and
 * reading amounts back (see money.h for the forms).
 *
 * Japanese counts in groups of four digits: 1万 = 10^4, 1億 = 10^8,
 * 1兆 = 10^12, and inside a group writes thousands with a comma, so
 * 101,300,000,000 is 1,013億 and 1,000,000,000,000 is 1兆.  Amounts are
 * split with exact integer arithmetic on the rounded value (doubles hold
 * every integer up to 2^53, about 9,007兆), never by formatting a quotient.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"

static const char en_dash[] = "\xe2\x80\x93";

/* Whole non-negative number r (already rounded) grouped by thousands,
 * appended at buf[*used]. */
static void put_grouped(char *buf, size_t size, size_t *used, double r)
{
    char digits[48];
    if (r >= 1e40)
        snprintf(digits, sizeof digits, "%.3g", r);
    else
        snprintf(digits, sizeof digits, "%.0f", r);
    size_t n = strlen(digits);
    bool plain = r >= 1e40;
    for (size_t i = 0; i < n && *used + 2 < size; i++) {
        if (!plain && i > 0 && (n - i) % 3 == 0)
            buf[(*used)++] = ',';
        buf[(*used)++] = digits[i];
    }
    buf[*used] = '\0';
}

static void put_text(char *buf, size_t size, size_t *used, const char *s)
{
    size_t n = strlen(s);
    if (*used + n < size) {
        memcpy(buf + *used, s, n + 1);
        *used += n;
    }
}

/* Rounded half away from zero, without "-0"; false for NAN and infinities
 * (buf then holds an en dash). */
static bool rounded(char *buf, size_t size, double amount, double *r)
{
    if (size == 0)
        return false;
    buf[0] = '\0';
    if (!isfinite(amount)) {
        size_t used = 0;
        put_text(buf, size, &used, en_dash);
        return false;
    }
    *r = round(amount);
    if (*r == 0.0)
        *r = 0.0;
    return true;
}

char *cr_money_grouped(char *buf, size_t size, double amount)
{
    double r;
    if (!rounded(buf, size, amount, &r))
        return buf;
    size_t used = 0;
    if (r < 0)
        put_text(buf, size, &used, "-");
    put_grouped(buf, size, &used, fabs(r));
    return buf;
}

char *cr_money_ja(char *buf, size_t size, double amount)
{
    double r;
    if (!rounded(buf, size, amount, &r))
        return buf;
    size_t used = 0;
    if (r < 0)
        put_text(buf, size, &used, "-");
    double a = fabs(r);
    if (a < 1e4) {
        put_grouped(buf, size, &used, a);
        return buf;
    }
    static const struct {
        double unit;
        const char *name;
    } units[] = {{1e12, "兆"}, {1e8, "億"}, {1e4, "万"}, {1, ""}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
        /* The part of a in this unit: below 10^4 except for 兆. */
        double part = floor(a / units[k].unit);
        if (k > 0)
            part = fmod(part, 1e4);
        if (part > 0) {
            put_grouped(buf, size, &used, part);
            put_text(buf, size, &used, units[k].name);
        }
    }
    return buf;
}

/* v >= 0 to three significant digits (whole numbers from 100 on), trailing
 * zeros of the fraction dropped. */
static void put_short_number(char *buf, size_t size, size_t *used, double v)
{
    if (v >= 100 || v == floor(v)) {
        put_grouped(buf, size, used, round(v));
        return;
    }
    char num[32];
    snprintf(num, sizeof num, v >= 10 ? "%.1f" : "%.2f", v);
    size_t n = strlen(num);
    while (n > 0 && num[n - 1] == '0')
        num[--n] = '\0';
    if (n > 0 && num[n - 1] == '.')
        num[--n] = '\0';
    put_text(buf, size, used, num);
}

/* The displayed value of v at short precision, to tell when rounding
 * carries it to the next unit (9,999.6万 shows as 1億, not 10,000万). */
static double short_value(double v)
{
    if (v >= 100)
        return round(v);
    return v >= 10 ? round(v * 10) / 10 : round(v * 100) / 100;
}

static char *short_amount(char *buf, size_t size, double amount, const double *unit,
                          const char *const *name, size_t n_units, double step)
{
    double r;
    if (!rounded(buf, size, amount, &r))
        return buf;
    size_t used = 0;
    if (r < 0)
        put_text(buf, size, &used, "-");
    double a = fabs(r);
    size_t k = n_units;
    for (size_t i = 0; i < n_units; i++)
        if (a >= unit[i]) {
            k = i;
            break;
        }
    if (k == n_units) {
        put_short_number(buf, size, &used, a);
        return buf;
    }
    if (k > 0 && short_value(a / unit[k]) >= step)
        k--;
    put_short_number(buf, size, &used, a / unit[k]);
    put_text(buf, size, &used, name[k]);
    return buf;
}

char *cr_money_ja_short(char *buf, size_t size, double amount)
{
    static const double unit[] = {1e12, 1e8, 1e4};
    static const char *const name[] = {"兆", "億", "万"};
    return short_amount(buf, size, amount, unit, name, 3, 1e4);
}

char *cr_money_en_short(char *buf, size_t size, double amount)
{
    static const double unit[] = {1e12, 1e9, 1e6, 1e3};
    static const char *const name[] = {"T", "B", "M", "k"};
    return short_amount(buf, size, amount, unit, name, 4, 1e3);
}

/* ---- reading ------------------------------------------------------------- */

/* Digits at *p with optional thousands commas (every three digits when any)
 * and an optional fraction; the value in *v, p advanced.  False when there
 * are no digits or the commas are misplaced. */
static bool read_number(const char **p, double *v)
{
    const char *s = *p;
    char plain[64];
    size_t n = 0, lead = 0, group = 0;
    bool commas = false;
    while ((*s >= '0' && *s <= '9') || *s == ',') {
        if (*s == ',') {
            if ((commas ? group != 3 : (lead < 1 || lead > 3)))
                return false;
            commas = true;
            group = 0;
        } else {
            if (n + 1 >= sizeof plain)
                return false;
            plain[n++] = *s;
            if (commas)
                group++;
            else
                lead++;
        }
        s++;
    }
    if (n == 0 || (commas && group != 3))
        return false;
    if (*s == '.') {
        s++;
        size_t frac = 0;
        if (n + 1 >= sizeof plain)
            return false;
        plain[n++] = '.';
        while (*s >= '0' && *s <= '9' && n + 1 < sizeof plain) {
            plain[n++] = *s++;
            frac++;
        }
        if (frac == 0)
            return false;
    }
    plain[n] = '\0';
    *v = strtod(plain, NULL);
    *p = s;
    return true;
}

static bool starts(const char *p, const char *word) { return strncmp(p, word, strlen(word)) == 0; }

bool cr_money_parse(const char *text, double *out)
{
    if (!text)
        return false;
    const char *p = text;
    bool negative = false;
    if (*p == '-' || *p == '+')
        negative = *p++ == '-';
    if (starts(p, "¥"))
        p += strlen("¥");
    static const struct {
        const char *name;
        double unit;
    } units[] = {{"兆", 1e12}, {"億", 1e8}, {"万", 1e4}};
    double total = 0;
    size_t next_unit = 0; /* units must come largest first, each once */
    bool any = false;
    while (*p && !starts(p, "円")) {
        double v;
        if (!read_number(&p, &v))
            return false;
        any = true;
        size_t k = next_unit;
        while (k < 3 && !starts(p, units[k].name))
            k++;
        if (k == 3) {
            /* No unit: the ones, which end the amount. */
            total += v;
            break;
        }
        total += v * units[k].unit;
        p += strlen(units[k].name);
        next_unit = k + 1;
    }
    if (!any)
        return false;
    if (starts(p, "円"))
        p += strlen("円");
    if (*p || !isfinite(total))
        return false;
    *out = negative ? -total : total;
    return true;
}
