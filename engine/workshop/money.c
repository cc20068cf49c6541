/*
 * money.c -- amounts for people, in the workshop's outputs.
 *
 * Japanese groups by 万 (10^4), 億 (10^8) and 兆 (10^12) with three
 * significant digits: 3.42e9 yen is "34.2億円", 160,000 yen "16万円".
 * English uses k, M, B (10^3, 10^6, 10^9): "¥3.42B", "¥160k".  Below the
 * first unit the amount is written whole with separators.  The yen is
 * written ¥ (English) or 円 (Japanese); another currency is its ISO code.
 *
 * One function, so that the project-wide money formatter can replace it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "workshop/cells.h"

void cr_ws_format_money(char *buf, size_t size, double x, const char *currency,
                        const char *lang)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    bool yen = !currency || strcmp(currency, "JPY") == 0;
    if (!isfinite(x)) {
        snprintf(buf, size, "-");
        return;
    }
    static const double ja_unit[] = {1e12, 1e8, 1e4};
    static const char *const ja_name[] = {"兆", "億", "万"};
    static const double en_unit[] = {1e12, 1e9, 1e6, 1e3};
    static const char *const en_name[] = {"T", "B", "M", "k"};
    const double *unit = ja ? ja_unit : en_unit;
    const char *const *name = ja ? ja_name : en_name;
    size_t n_units = ja ? 3 : 4;
    char number[64];
    const char *suffix = "";
    double a = fabs(x);
    size_t u = 0;
    while (u < n_units && a < unit[u])
        u++;
    if (u < n_units) {
        double v = x / unit[u];
        /* three significant digits, without a trailing ".0" */
        snprintf(number, sizeof number, "%.3g", v);
        if (strchr(number, 'e')) /* 1000 of a unit or more: the largest unit */
            cr_ws_format_number(number, sizeof number, v);
        suffix = name[u];
    } else {
        cr_ws_format_number(number, sizeof number, round(x));
    }
    if (ja)
        snprintf(buf, size, "%s%s%s", number, suffix, yen ? "円" : currency);
    else if (yen)
        snprintf(buf, size, "¥%s%s", number, suffix);
    else
        snprintf(buf, size, "%s %s%s", currency, number, suffix);
}
