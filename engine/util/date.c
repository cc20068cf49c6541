/*
 * date.c -- calendar dates: the one parser and validator of YYYY-MM-DD, its
 * writer, and day arithmetic (the range and why: cloudrisk/date.h).
 *
 * Dates are proleptic Gregorian days with no time of day and no time zone: a
 * plan item is due on a day, not at an instant.  Arithmetic goes through a
 * day count from 1970-01-01:
 *     days(y, m, d) = 365 (y - 1970) + (leaps(y) - leaps(1970))
 *                     + days before month m in a common year
 *                     + [m > 2 and y is a leap year] + d - 1
 * where leaps(y) = floor((y-1)/4) - floor((y-1)/100) + floor((y-1)/400) counts
 * the leap years before y.  The inverse estimates the year from the mean
 * Gregorian year (365.2425 days) and corrects it by whole years.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cloudrisk/date.h"

static const int days_before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_length(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

static long leaps_before(long y)
{
    y -= 1;
    return y / 4 - y / 100 + y / 400;
}

long cr_date_to_days(cr_date d)
{
    long y = d.year;
    return 365L * (y - 1970) + (leaps_before(y) - leaps_before(1970)) +
           days_before_month[d.month - 1] + (d.month > 2 && is_leap(d.year)) + d.day - 1;
}

cr_date cr_date_from_days(long days)
{
    cr_date d = {1970 + (int)((double)days / 365.2425), 1, 1};
    /* Correct the estimate so that Jan 1 of d.year <= days < Jan 1 of next. */
    while (cr_date_to_days(d) > days)
        d.year--;
    for (;;) {
        cr_date next = {d.year + 1, 1, 1};
        if (cr_date_to_days(next) > days)
            break;
        d.year++;
    }
    long rest = days - cr_date_to_days(d);
    while (rest >= month_length(d.year, d.month)) {
        rest -= month_length(d.year, d.month);
        d.month++;
    }
    d.day = 1 + (int)rest;
    return d;
}

cr_date cr_date_add_days(cr_date d, long days)
{
    return cr_date_from_days(cr_date_to_days(d) + days);
}

bool cr_date_is_set(cr_date d)
{
    return d.year != 0;
}

bool cr_date_parse(const char *text, cr_date *out)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
            return false;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    int d = (text[8] - '0') * 10 + (text[9] - '0');
    if (y < CR_DATE_MIN_YEAR || y > CR_DATE_MAX_YEAR || m < 1 || m > 12 || d < 1 ||
        d > month_length(y, m))
        return false;
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
}

bool cr_date_valid(const char *text)
{
    cr_date d;
    return cr_date_parse(text, &d);
}

void cr_date_format(cr_date d, char buf[11])
{
    if (!cr_date_is_set(d)) {
        buf[0] = '\0';
        return;
    }
    /* Input dates are bounded (cloudrisk/date.h) so that every date derived
     * from one keeps four digits of year; the modulo only keeps the digit
     * arithmetic within its buffer. */
    int y = d.year % 10000, m = d.month % 100, day = d.day % 100;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + day / 10);
    buf[9] = (char)('0' + day % 10);
    buf[10] = '\0';
}

void cr_date_format_ja(cr_date d, char buf[CR_DATE_JA_BUF])
{
    if (!cr_date_is_set(d)) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, CR_DATE_JA_BUF, "%d年%d月%d日", d.year % 10000, d.month % 100, d.day % 100);
}

cr_date cr_date_today_utc(void)
{
    time_t now = time(NULL);
    long days = (long)(now / 86400);
    if (now < 0 && now % 86400)
        days--;
    return cr_date_from_days(days);
}
