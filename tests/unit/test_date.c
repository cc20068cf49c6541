/*
 * test_date.c -- the one date rule (cloudrisk/date.h): parsing, the year
 * range, formatting and day arithmetic.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"

START_TEST(days_and_calendar)
{
    cr_date d;
    char buf[11];
    ck_assert(cr_date_parse("1970-01-01", &d));
    ck_assert_int_eq(cr_date_to_days(d), 0);
    ck_assert(cr_date_parse("2000-03-01", &d));
    ck_assert_int_eq(cr_date_to_days(d), 11017); /* 30 years + 7 leap days + Jan+Feb(29) */
    ck_assert(cr_date_parse("2024-02-29", &d));
    cr_date_format(cr_date_add_days(d, 1), buf);
    ck_assert_str_eq(buf, "2024-03-01");
    cr_date_format(cr_date_add_days(d, 366), buf);
    ck_assert_str_eq(buf, "2025-03-01");
    ck_assert(cr_date_parse("2025-04-01", &d));
    cr_date_format(cr_date_add_days(d, 90), buf);
    ck_assert_str_eq(buf, "2025-06-30");
    cr_date_format(cr_date_add_days(d, 365), buf);
    ck_assert_str_eq(buf, "2026-04-01");
    cr_date_format(cr_date_add_days(d, -91), buf);
    ck_assert_str_eq(buf, "2024-12-31");
    ck_assert(!cr_date_parse("2023-02-29", &d)); /* not a leap year */
    ck_assert(!cr_date_parse("1900-02-29", &d)); /* century, not a leap year */
    ck_assert(cr_date_parse("2000-02-29", &d));  /* 400th year is */
    ck_assert(!cr_date_parse("2025-13-01", &d));
    ck_assert(!cr_date_parse("2025-4-1", &d));
    ck_assert(!cr_date_parse("2025-04-01T00:00", &d));
    ck_assert(!cr_date_parse("", &d));
    /* Round trip over a long span, day by day. */
    ck_assert(cr_date_parse("1999-12-25", &d));
    long start = cr_date_to_days(d);
    for (long k = 0; k < 3000; k++) {
        cr_date x = cr_date_from_days(start + k);
        ck_assert_int_eq(cr_date_to_days(x), start + k);
        cr_date_format(x, buf);
        cr_date y;
        ck_assert(cr_date_parse(buf, &y));
    }
    cr_date none = {0, 0, 0};
    cr_date_format(none, buf);
    ck_assert_str_eq(buf, "");
}
END_TEST

/* One floor and one ceiling for every date read, whatever reads it. */
/* The one Japanese date form, shared by the plan report and the fleet summary. */
START_TEST(japanese_form)
{
    char buf[CR_DATE_JA_BUF];
    cr_date d;
    ck_assert(cr_date_parse("2026-12-03", &d));
    cr_date_format_ja(d, buf);
    ck_assert_str_eq(buf, "2026年12月3日");
    ck_assert(cr_date_parse("2999-01-31", &d));
    cr_date_format_ja(d, buf);
    ck_assert_str_eq(buf, "2999年1月31日");
    cr_date unset;
    memset(&unset, 0, sizeof unset);
    cr_date_format_ja(unset, buf);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(range_is_one_for_everyone)
{
    cr_date d = {0, 0, 0};
    ck_assert(!cr_date_parse("1969-12-31", &d));
    ck_assert(!cr_date_valid("1969-12-31"));
    ck_assert_int_eq(d.year, 0); /* left alone on failure */
    ck_assert(cr_date_valid("1970-01-01"));
    ck_assert(cr_date_valid("2999-12-31"));
    ck_assert(!cr_date_valid("3000-01-01"));
    ck_assert(!cr_date_valid("9999-12-31"));
    ck_assert(!cr_date_valid("0000-01-01"));
    ck_assert(!cr_date_valid(NULL));
    ck_assert(!cr_date_valid("2025-04-01 "));
    ck_assert(!cr_date_valid("+025-04-01"));
    ck_assert(!cr_date_valid("2025-04-00"));
    ck_assert(!cr_date_valid("2025-04-31"));
    ck_assert_int_eq(CR_DATE_MIN_YEAR, 1970);
    ck_assert_ptr_nonnull(strstr(CR_DATE_EXPECTED, "1970-01-01"));
    ck_assert_ptr_nonnull(strstr(CR_DATE_EXPECTED, "2999-12-31"));
    /* Today is within the range. */
    cr_date today = cr_date_today_utc();
    char buf[11];
    cr_date_format(today, buf);
    ck_assert(cr_date_valid(buf));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, days_and_calendar);
    tcase_add_test(tc, range_is_one_for_everyone);
    tcase_add_test(tc, japanese_form);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
