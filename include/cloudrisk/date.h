/*
 * cloudrisk/date.h -- calendar dates: the one rule for reading, checking,
 * writing and counting the days of a date, used by every command.
 *
 * A date is a proleptic Gregorian day written YYYY-MM-DD, with no time of
 * day and no time zone (a plan item is due on a day, not at an instant).
 *
 * Every date read from input (a plan start, a decision, an approval, an
 * estimate, the acceptance criteria, a workshop, a register run) must lie in
 * CR_DATE_MIN_YEAR-01-01 .. CR_DATE_MAX_YEAR-12-31.  The floor is the first
 * day the register's run times (UTC, from the epoch) can name, so that what
 * one command accepts another can record.  The ceiling leaves room for every
 * date derived from an input one: the latest is a plan item's due date, at
 * most 90 days x 3 priorities + 7/5 x 10^6 effort days (about 3,835 years)
 * after the plan start, and the plan's review a year after it; 2999 + 3,835
 * stays within the four digits the form allows.
 */
#ifndef CLOUDRISK_DATE_H
#define CLOUDRISK_DATE_H

#include <stdbool.h>

#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CR_DATE_MIN_YEAR 1970
#define CR_DATE_MAX_YEAR 2999
/* What an error message says is expected where a date was not valid. */
#define CR_DATE_EXPECTED "a date YYYY-MM-DD from 1970-01-01 to 2999-12-31"

typedef struct cr_date {
    int year, month, day; /* 0/0/0 means "no date" */
} cr_date;

/* Parse "YYYY-MM-DD" exactly: a real calendar day in the years above.
 * Returns false on anything else (and leaves *out alone). */
CR_PUBLIC bool cr_date_parse(const char *text, cr_date *out);
/* The same rule without the result: true when cr_date_parse would accept. */
CR_PUBLIC bool cr_date_valid(const char *text);
/* Days since 1970-01-01 and back. */
CR_PUBLIC long cr_date_to_days(cr_date d);
CR_PUBLIC cr_date cr_date_from_days(long days);
CR_PUBLIC cr_date cr_date_add_days(cr_date d, long days);
CR_PUBLIC bool cr_date_is_set(cr_date d);
/* "YYYY-MM-DD" into buf[11]; "" for an unset date. */
CR_PUBLIC void cr_date_format(cr_date d, char buf[11]);
/* The date as a Japanese text writes it, "2026年12月3日" (no leading zeros),
 * into buf[CR_DATE_JA_BUF]; "" for an unset date.  Every Japanese page
 * (plan report, fleet summary) writes its dates with this. */
#define CR_DATE_JA_BUF 24
CR_PUBLIC void cr_date_format_ja(cr_date d, char buf[CR_DATE_JA_BUF]);
/* Today's date in UTC, from the clock (used only when no date is given). */
CR_PUBLIC cr_date cr_date_today_utc(void);

#ifdef __cplusplus
}
#endif
#endif
