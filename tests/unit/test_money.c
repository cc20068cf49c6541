/* test_money.c -- thousands grouping, Japanese 万/億/兆, short amounts and
 * reading amounts back (engine/util/money.c). */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "util/money.h"

#define EQ(fn, v, want)                                                                        \
    do {                                                                                       \
        char b_[CR_MONEY_BUF];                                                                 \
        ck_assert_str_eq(fn(b_, sizeof b_, (v)), (want));                                      \
    } while (0)

START_TEST(grouping)
{
    EQ(cr_money_grouped, 0, "0");
    EQ(cr_money_grouped, -0.4, "0"); /* no "-0" */
    EQ(cr_money_grouped, 999, "999");
    EQ(cr_money_grouped, 1000, "1,000");
    EQ(cr_money_grouped, 1234567.5, "1,234,568");
    EQ(cr_money_grouped, -1234567, "-1,234,567");
    EQ(cr_money_grouped, 101300000000.0, "101,300,000,000");
    EQ(cr_money_grouped, NAN, "–");
    EQ(cr_money_grouped, INFINITY, "–");
    /* A buffer too small is cut, never overrun, and stays terminated. */
    char tiny[4];
    cr_money_grouped(tiny, sizeof tiny, 1234567);
    ck_assert_str_eq(tiny, "1,2");
}
END_TEST

START_TEST(japanese_units)
{
    /* The two amounts the plan reports had wrong ("1013億円", "10000億円"). */
    EQ(cr_money_ja, 101300000000.0, "1,013億");
    EQ(cr_money_ja, 1000000000000.0, "1兆");
    EQ(cr_money_ja, 1234567890123.0, "1兆2,345億6,789万123");
    EQ(cr_money_ja, 94012345, "9,401万2,345");
    EQ(cr_money_ja, 100000000, "1億");
    EQ(cr_money_ja, 100000001, "1億1");
    EQ(cr_money_ja, 9999, "9,999");
    EQ(cr_money_ja, 0, "0");
    EQ(cr_money_ja, -250000, "-25万");
    EQ(cr_money_ja, 12345e12, "12,345兆");
    EQ(cr_money_ja, NAN, "–");
}
END_TEST

START_TEST(short_forms)
{
    EQ(cr_money_ja_short, 101300000000.0, "1,013億");
    EQ(cr_money_ja_short, 1000000000000.0, "1兆");
    EQ(cr_money_ja_short, 123456789, "1.23億");
    EQ(cr_money_ja_short, 35000000, "3,500万");
    EQ(cr_money_ja_short, 99996000, "1億"); /* rounding carries to the next unit */
    EQ(cr_money_ja_short, 15100000, "1,510万");
    EQ(cr_money_ja_short, 980, "980");
    EQ(cr_money_ja_short, -2500000, "-250万");
    EQ(cr_money_en_short, 15100000, "15.1M");
    EQ(cr_money_en_short, 999600, "1M");
    EQ(cr_money_en_short, 1013e8, "101B");
    EQ(cr_money_en_short, 1e12, "1T");
    EQ(cr_money_en_short, 2500, "2.5k");
    EQ(cr_money_en_short, 12, "12");
}
END_TEST

START_TEST(reading)
{
    double v = -1;
    ck_assert(cr_money_parse("1,500,000", &v) && v == 1500000);
    ck_assert(cr_money_parse("1500000", &v) && v == 1500000);
    ck_assert(cr_money_parse("¥12,000", &v) && v == 12000);
    ck_assert(cr_money_parse("2.5", &v) && v == 2.5);
    ck_assert(cr_money_parse("1,013億円", &v) && v == 101300000000.0);
    ck_assert(cr_money_parse("1兆", &v) && v == 1e12);
    ck_assert(cr_money_parse("1兆2,345億6,789万123円", &v) && v == 1234567890123.0);
    ck_assert(cr_money_parse("-25万", &v) && v == -250000);
    /* What is written by cr_money_ja reads back as the same amount. */
    const double amounts[] = {0, 7, 9999, 10000, 94012345, 101300000000.0, 1e12, 1234567890123.0};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        char b[CR_MONEY_BUF];
        ck_assert(cr_money_parse(cr_money_ja(b, sizeof b, amounts[i]), &v));
        ck_assert(v == amounts[i]);
        ck_assert(cr_money_parse(cr_money_grouped(b, sizeof b, amounts[i]), &v));
        ck_assert(v == amounts[i]);
    }
    v = 42;
    const char *bad[] = {"", "-", "1,50,000", "12,34", ",123", "1,000,", "1.", "abc", "1億2兆",
                         "1万万", "1 000", "1e6", "円", "¥", "1,000.5.5", "3千"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!cr_money_parse(bad[i], &v), "accepted '%s'", bad[i]);
    ck_assert(v == 42); /* untouched on failure */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("money");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, grouping);
    tcase_add_test(tc, japanese_units);
    tcase_add_test(tc, short_forms);
    tcase_add_test(tc, reading);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
