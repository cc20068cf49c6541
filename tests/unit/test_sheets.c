/* test_sheets.c -- cells as people type them (util/values.c), text as
 * spreadsheets save it (util/encoding.c), and forms written as workbooks and
 * read back (util/form_*.c, util/xlsx_read.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/encoding.h"
#include "util/form.h"
#include "util/values.h"
#include "util/xlsx_read.h"

static double amount(const char *text)
{
    double v = -1;
    ck_assert_msg(cr_value_amount(text, &v), "amount \"%s\" refused", text);
    return v;
}

static bool amount_refused(const char *text)
{
    double v;
    return !cr_value_amount(text, &v);
}

START_TEST(amounts_as_people_write_them)
{
    ck_assert_double_eq(amount("1500000"), 1500000);
    ck_assert_double_eq(amount("1,500,000"), 1500000);
    ck_assert_double_eq(amount("¥1,500,000"), 1500000);
    ck_assert_double_eq(amount("￥1,500,000"), 1500000);
    ck_assert_double_eq(amount("\\1,500,000"), 1500000); /* Shift_JIS's yen sign */
    ck_assert_double_eq(amount("1,500,000円"), 1500000);
    ck_assert_double_eq(amount("150万円"), 1500000);
    ck_assert_double_eq(amount(" 1.5E+06 "), 1500000);
    ck_assert_double_eq(amount("１，５００，０００"), 1500000); /* fullwidth, as an IME types */
    ck_assert_double_eq(amount("\xE3\x80\x80" "2000"), 2000);   /* after an ideographic space */
    ck_assert(amount_refused("1,50"));
    ck_assert(amount_refused("0x10"));
    ck_assert(amount_refused("inf"));
    ck_assert(amount_refused("€1000"));
    ck_assert(amount_refused("60%"));
    ck_assert(amount_refused(""));
}
END_TEST

START_TEST(fractions_and_numbers)
{
    double v;
    ck_assert(cr_value_fraction("60%", &v) && v == 0.6);
    ck_assert(cr_value_fraction("60 %", &v) && v == 0.6);
    ck_assert(cr_value_fraction("６０％", &v) && v == 0.6);
    ck_assert(cr_value_fraction("0.6", &v) && v == 0.6);
    ck_assert(cr_value_fraction("0.59999999999999998", &v) && v == 0.6); /* as Excel stores it */
    ck_assert(!cr_value_fraction("%", &v));
    ck_assert(!cr_value_fraction("sixty", &v));
    ck_assert(cr_value_number("1,000", &v) && v == 1000);
    ck_assert(!cr_value_number("¥1,000", &v));
    char buf[40];
    cr_value_format_exact(buf, sizeof buf, 0.1 + 0.2);
    ck_assert_str_eq(buf, "0.30000000000000004");
    cr_value_format_exact(buf, sizeof buf, 18000000);
    ck_assert_str_eq(buf, "18000000");
}
END_TEST

START_TEST(words_in_either_language_and_any_case)
{
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "Planned"), "planned");
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "PLANNED "), "planned");
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "計画中"), "planned");
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "実装済み"), "implemented");
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "Not implemented"), "not_implemented");
    ck_assert_str_eq(cr_value_word(CR_VALUE_STATUS, "N/A"), "not_applicable");
    ck_assert_str_eq(cr_value_word(CR_VALUE_CONFIDENCE, "高"), "high");
    ck_assert_str_eq(cr_value_word(CR_VALUE_DECISION, "承認"), "approved");
    ck_assert_str_eq(cr_value_word(CR_VALUE_DECISION, "条件付き承認"), "approved_with_conditions");
    ck_assert_ptr_null(cr_value_word(CR_VALUE_STATUS, "maybe"));
    ck_assert_ptr_null(cr_value_word(CR_VALUE_STATUS, ""));
    ck_assert_ptr_null(cr_value_word(CR_VALUE_CONFIDENCE, "planned"));
    ck_assert_str_eq(cr_value_label(CR_VALUE_STATUS, "partial", "ja"), "一部実装");
    ck_assert_str_eq(cr_value_label(CR_VALUE_STATUS, "partial", "en"), "partial");
    char buf[200];
    cr_value_expected(CR_VALUE_CONFIDENCE, "ja", buf, sizeof buf);
    ck_assert_str_eq(buf, "低、中、高");
    /* Every label reads back as its own word, in both languages. */
    for (int k = 0; k < CR_N_VALUE_KINDS; k++)
        for (int l = 0; l < 2; l++) {
            const char *words[8];
            size_t n = cr_value_labels((cr_value_kind)k, l ? "ja" : "en", words, 8);
            const char *canon[8];
            cr_value_labels((cr_value_kind)k, "en", canon, 8);
            for (size_t i = 0; i < n; i++)
                ck_assert_str_eq(cr_value_word((cr_value_kind)k, words[i]), canon[i]);
        }
}
END_TEST

START_TEST(shift_jis_is_converted_and_ambiguity_refused)
{
    char *utf8;
    size_t len;
    cr_error err;
    cr_error_clear(&err);
    /* UTF-8 is left as it is. */
    ck_assert_int_eq(cr_text_to_utf8("a.csv", "管理", strlen("管理"), &utf8, &len, &err), CR_OK);
    ck_assert_ptr_null(utf8);
    /* "管理,計画中" in CP932. */
    const char sjis[] = "\x8a\xc7\x97\x9d,\x8c\x76\x89\xe6\x92\x86\r\n";
    ck_assert_int_eq(cr_text_to_utf8("a.csv", sjis, strlen(sjis), &utf8, &len, &err), CR_OK);
    ck_assert_ptr_nonnull(utf8);
    ck_assert_str_eq(utf8, "管理,計画中\r\n");
    free(utf8);
    /* Two bytes that are a kanji in CP932 and another in EUC-JP. */
    const char both[] = "x,\xe0\xa1\n";
    ck_assert_int_eq(cr_text_to_utf8("a.csv", both, strlen(both), &utf8, &len, &err),
                     CR_ERR_INPUT);
    ck_assert(strstr(err.message, "reads both as Shift_JIS (CP932) and as EUC-JP") != NULL);
    ck_assert(strstr(err.message, "iconv -f CP932 -t UTF-8") != NULL);
    /* Neither. */
    ck_assert_int_eq(cr_text_to_utf8("a.csv", "ok\n\x80\n", 5, &utf8, &len, &err), CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 2);
}
END_TEST

/* ---- a form written as a workbook and read back -------------------------------- */

static const cr_form_column columns[] = {
    {"id", "番号", CR_FORM_TEXT, 0, 0, 0, 8, false, false, false},
    {"status", "実施状況", CR_FORM_WORD, CR_VALUE_STATUS, 0, 0, 12, true, false, false},
    {"share", "割合", CR_FORM_FRACTION, 0, 0, 0, 8, true, false, false},
    {"cost", "費用", CR_FORM_AMOUNT, 0, 0, 0, 12, true, false, false},
    {"level", "レベル", CR_FORM_LEVEL, 0, 0, 0, 8, true, false, false},
    {"hint", "説明", CR_FORM_TEXT, 0, 0, 0, 20, false, true, false},
    {"note", "備考", CR_FORM_TEXT, 0, 0, 0, 20, true, false, false},
};
static const cr_form form = {"Test", "テスト", columns, 7, true};

static char *write_book(const char *lang, const char *const *cells, size_t n_rows, size_t *len)
{
    char *mem = NULL;
    FILE *fp = open_memstream(&mem, len);
    ck_assert_ptr_nonnull(fp);
    static const char *const lines[] = {"fill it in"};
    cr_form_content content = {.lang = lang, .cells = cells, .n_rows = n_rows,
                               .instructions_title = "How", .instructions = lines,
                               .n_instructions = 1};
    cr_error err;
    cr_error_clear(&err);
    ck_assert_int_eq(cr_form_write_xlsx(&form, &content, fp, &err), CR_OK);
    ck_assert_int_eq(fclose(fp), 0);
    return mem;
}

START_TEST(form_reads_back_as_written_in_both_languages)
{
    const char *cells[] = {
        "A1", "partial", "0.6", "1500000", "3", "shown only", "a \"note\", with <xml> & more",
        "A2", "", "", "", "", "ignored", "",          /* unfilled: skipped */
        "A3", "not_applicable", "", "0.5", "5", "", "",
    };
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *book = write_book(l ? "ja" : "en", cells, 3, &len);
        ck_assert(cr_xlsx_is_zip(book, len));
        cr_csv_table t;
        char sheet[128];
        cr_error err;
        cr_error_clear(&err);
        cr_status st = cr_form_parse("t.xlsx", book, len, &form, 0, &t, sheet, &err);
        ck_assert_msg(st == CR_OK, "%s", err.message);
        ck_assert_str_eq(sheet, l ? "テスト" : "Test");
        ck_assert_int_eq(t.n_rows, 3); /* the header and two filled rows */
        ck_assert_int_eq(t.rows[0].n_fields, 6); /* "hint" left out */
        const char *want0[] = {"id", "status", "share", "cost", "level", "note"};
        const char *want1[] = {"A1", "partial", "0.6", "1500000", "3",
                               "a \"note\", with <xml> & more"};
        const char *want2[] = {"A3", "not_applicable", "", "0.5", "5", ""};
        for (int c = 0; c < 6; c++) {
            ck_assert_str_eq(t.rows[0].fields[c], want0[c]);
            ck_assert_str_eq(t.rows[1].fields[c], want1[c]);
            ck_assert_str_eq(t.rows[2].fields[c], want2[c]);
        }
        ck_assert_int_eq(t.rows[1].line, 2);
        ck_assert_int_eq(t.rows[2].line, 4);
        cr_csv_table_free(&t);
        /* A missing sheet is named, with the names looked for. */
        static const cr_form other = {"Other", "他", columns, 7, false};
        ck_assert_int_eq(cr_form_parse("t.xlsx", book, len, &other, 0, &t, sheet, &err),
                         CR_ERR_INPUT);
        ck_assert(strstr(err.message, "no sheet named \"Other\" or \"他\"") != NULL);
        /* A cut archive is no workbook. */
        ck_assert_int_eq(cr_form_parse("t.xlsx", book, len / 2, &form, 0, &t, sheet, &err),
                         CR_ERR_INPUT);
        free(book);
    }
}
END_TEST

START_TEST(cell_names)
{
    char buf[16];
    cr_xlsx_cell_name(buf, sizeof buf, 0, 1);
    ck_assert_str_eq(buf, "A1");
    cr_xlsx_cell_name(buf, sizeof buf, 25, 9);
    ck_assert_str_eq(buf, "Z9");
    cr_xlsx_cell_name(buf, sizeof buf, 26, 10);
    ck_assert_str_eq(buf, "AA10");
    cr_xlsx_cell_name(buf, sizeof buf, 255, 1048576);
    ck_assert_str_eq(buf, "IV1048576");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sheets");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, amounts_as_people_write_them);
    tcase_add_test(tc, fractions_and_numbers);
    tcase_add_test(tc, words_in_either_language_and_any_case);
    tcase_add_test(tc, shift_jis_is_converted_and_ambiguity_refused);
    tcase_add_test(tc, form_reads_back_as_written_in_both_languages);
    tcase_add_test(tc, cell_names);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
