/*
 * money.c -- amounts for people, in the workshop's outputs: the project's
 * money formatting (util/money.h) with the currency written around it.
 *
 * Japanese: three significant digits in 万 (10^4), 億 (10^8) or 兆 (10^12)
 * and the yen as 円: 3.42e9 yen is "34.2億円", 160,000 yen "16万円".
 * English: k, M, B, T with ¥ before: "¥3.42B", "¥160k".  Another currency is
 * its ISO code ("USD 2.5M", "250万USD").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/money.h"
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
    char number[CR_MONEY_BUF];
    if (ja)
        cr_money_ja_short(number, sizeof number, x);
    else
        cr_money_en_short(number, sizeof number, x);
    if (ja)
        snprintf(buf, size, "%s%s", number, yen ? "円" : currency);
    else if (yen)
        snprintf(buf, size, "¥%s", number);
    else
        snprintf(buf, size, "%s %s", currency, number);
}
