/*
 * test_limits.c -- the limits that keep hostile input from costing unbounded
 * time or memory, and the fixes for what fuzzing found in the input helpers.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/io.h"
#include "util/csv_util.h"
#include "util/json_util.h"
#include "util/limits.h"

static char msg[2048];
static const char *formatted(const cr_error *err)
{
    cr_error_format(err, msg, sizeof msg);
    return msg;
}

/* An object of n keys "k0".."k{n-1}", with key `dup_at` renamed to repeat
 * key `dup_of` (when dup_at < n). */
static char *wide_object(size_t n, size_t dup_at, size_t dup_of, size_t *len)
{
    size_t cap = n * 24 + 16, used = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    text[used++] = '{';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(text + used, cap - used, "%s\"k%zu\": %zu", i ? ", " : "",
                                 i == dup_at ? dup_of : i, i);
    text[used++] = '}';
    text[used] = '\0';
    *len = used;
    return text;
}

/* As many keys as one object may hold (util/limits.h), checked for repeats
 * by sorting them.  The repeat reported is the first in document order, as
 * with few keys; one key more is refused before any tree is built. */
START_TEST(wide_object_duplicates_found_quickly_and_in_order)
{
    size_t len;
    enum { N = CR_LIMIT_JSON_ELEMENTS };
    char *text = wide_object(N, N - 10, 7, &len);
    cr_json_doc doc;
    cr_error err;
    ck_assert_int_eq(cr_json_parse_text("w.json", text, len, &doc, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "w.json: $.k7: duplicate key \"k7\"; each key may appear once");
    ck_assert_ptr_null(doc.root);
    ck_assert_ptr_null(doc.file); /* nothing left to free after a refusal */
    free(text);

    text = wide_object(N, N, 0, &len);
    ck_assert_int_eq(cr_json_parse_text("w.json", text, len, &doc, &err), CR_OK);
    cr_json_doc_free(&doc);
    free(text);

    text = wide_object(N + 1, N + 1, 0, &len);
    ck_assert_int_eq(cr_json_parse_text("w.json", text, len, &doc, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(formatted(&err), "too large; expected at most 10000 elements"));
    ck_assert_ptr_null(doc.root);
    free(text);

    /* Two repeats: the earlier in the document is reported, whichever key
     * sorts first. */
    const char *two = "{\"b\":1,\"a\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1,\"g\":1,\"h\":1,"
                      "\"i\":1,\"j\":1,\"k\":1,\"l\":1,\"m\":1,\"n\":1,\"o\":1,\"p\":1,"
                      "\"q\":1,\"r\":1,\"s\":1,\"t\":1,\"u\":1,\"v\":1,\"w\":1,\"x\":1,"
                      "\"y\":1,\"z\":1,\"A\":1,\"B\":1,\"C\":1,\"D\":1,\"E\":1,\"F\":1,"
                      "\"b\":2,\"a\":2}";
    ck_assert_int_eq(cr_json_parse_text("t.json", two, strlen(two), &doc, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "t.json: $.b: duplicate key \"b\"; each key may appear once");
}
END_TEST

START_TEST(json_depth_is_bounded)
{
    char text[200];
    cr_json_doc doc;
    cr_error err;
    memset(text, '[', 65);
    memset(text + 65, ']', 65);
    ck_assert_int_eq(cr_json_parse_text("d.json", text, 130, &doc, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "d.json:1: column 65: JSON nested deeper than 64 levels");
    ck_assert_int_eq(cr_json_parse_text("d.json", text + 1, 128, &doc, &err), CR_OK);
    cr_json_doc_free(&doc);
}
END_TEST

START_TEST(csv_field_length_is_bounded)
{
    size_t n = 65537;
    char *text = malloc(n + 8);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "a\n", 2);
    memset(text + 2, 'x', n);
    memcpy(text + 2 + n, "\n", 2);
    cr_csv_table t;
    cr_error err;
    ck_assert_int_eq(cr_csv_parse_text("f.csv", text, n + 3, &t, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "f.csv:2: a field is longer than 65536 bytes");
    ck_assert_int_eq(cr_csv_parse_text("f.csv", text, n + 2, &t, &err), CR_ERR_INPUT);
    /* One byte shorter is accepted. */
    ck_assert_int_eq(cr_csv_parse_text("f.csv", text, n + 2 - 1, &t, &err), CR_OK);
    ck_assert_uint_eq(t.n_rows, 2);
    ck_assert_uint_eq(strlen(t.rows[1].fields[0]), 65536);
    cr_csv_table_free(&t);
    free(text);
}
END_TEST

START_TEST(file_size_is_bounded)
{
    char path[] = "/tmp/cloudrisk-limit-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    char block[1000];
    memset(block, ' ', sizeof block);
    ck_assert_int_eq(write(fd, block, sizeof block), (ssize_t)sizeof block);
    close(fd);
    char *text;
    size_t len;
    cr_error err;
    ck_assert_int_eq(cr_read_file(path, 999, &text, &len, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(formatted(&err), "larger than the 999-byte limit"));
    ck_assert_int_eq(cr_read_file(path, 1000, &text, &len, &err), CR_OK);
    ck_assert_uint_eq(len, 1000);
    free(text);
    unlink(path);
}
END_TEST

/* Found by the dist fuzz target's properties (tests/fuzz/corpus/dist/regress-*). */
START_TEST(dist_fixes_found_by_fuzzing)
{
    cr_dist d;
    cr_error err;
    /* A lognormal over 312 orders of magnitude has an infinite mean. */
    ck_assert_int_eq(cr_dist_lognormal90(&d, 1e-300, 1e12, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err),
                     "expected a 90% interval [p05, p95] whose lognormal has a finite mean and "
                     "variance, got [1e-300, 1e+12] (p95 / p05 is too large)");
    /* Wide but sane: a 90% interval of a factor 1e6 is fine. */
    ck_assert_int_eq(cr_dist_lognormal90(&d, 1e3, 1e9, &err), CR_OK);
    ck_assert(isfinite(cr_dist_variance(&d)));

    /* Three equal constants: variance exactly 0, never slightly negative. */
    cr_dist parts[3];
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(cr_dist_constant(&parts[i], 0.7, &err), CR_OK);
    cr_dist *owned = malloc(sizeof parts);
    memcpy(owned, parts, sizeof parts);
    const double w[3] = {1, 6, 1};
    ck_assert_int_eq(cr_dist_mixture(&d, owned, w, 3, &err), CR_OK);
    ck_assert(cr_dist_variance(&d) == 0.0);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 0.7, 1e-15);
    cr_dist_clear(&d);

    /* Weights 1e-12 and 1e12: normalised, the first is 1e-24, and the JSON
     * form must read back. */
    const char *text = "{\"mixture\": [{\"weight\": 1e-12, \"dist\": {\"constant\": 1}},"
                       " {\"weight\": 1e12, \"dist\": {\"constant\": 2}}]}";
    cr_json_doc doc;
    ck_assert_int_eq(cr_json_parse_text("m.json", text, strlen(text), &doc, &err), CR_OK);
    ck_assert_int_eq(cr_dist_from_json(doc.root, "m.json", "$", 0, 10, &d, &err), CR_OK);
    cJSON *json = cr_dist_to_json(&d);
    cr_dist back;
    ck_assert_int_eq(cr_dist_from_json(json, "back", "$", 0, 10, &back, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&back), cr_dist_mean(&d), 1e-15);
    cJSON_Delete(json);
    cr_dist_clear(&back);
    cr_dist_clear(&d);
    cr_json_doc_free(&doc);

    /* A zero weight is still refused, with its path. */
    const char *zero = "{\"mixture\": [{\"weight\": 0, \"dist\": {\"constant\": 1}}]}";
    ck_assert_int_eq(cr_json_parse_text("z.json", zero, strlen(zero), &doc, &err), CR_OK);
    ck_assert_int_eq(cr_dist_from_json(doc.root, "z.json", "$", 0, 10, &d, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err),
                     "z.json: $.mixture[0].weight: expected a positive weight, got 0");
    cr_json_doc_free(&doc);
}
END_TEST

/* A file cut short is called that, on its last line; a syntax error before
 * the end keeps its own line and column. */
START_TEST(json_truncation_is_named)
{
    static const char *const cut[] = {"{\"a\": [1, 2", "{\"a\": \"abc", "{\"a\": 1, \"b",
                                       "{\n\"a\": tru", "{", "[nul"};
    cr_json_doc doc;
    cr_error err;
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        ck_assert_int_eq(cr_json_parse_text("t.json", cut[i], strlen(cut[i]), &doc, &err),
                         CR_ERR_INPUT);
        ck_assert_ptr_nonnull(strstr(err.message, "unexpected end of file"));
        ck_assert_int_eq(err.line, i == 3 ? 2 : 1);
    }
    static const char *const wrong[] = {"{\"a\": x, \"b\": 1", "[1,]", "{\"a\": xyz}"};
    static const char *const where[] = {"t.json:1: column 7: malformed JSON; expected a JSON value",
                                        "t.json:1: column 4: malformed JSON; expected a JSON value",
                                        "t.json:1: column 7: malformed JSON; expected a JSON value"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(cr_json_parse_text("t.json", wrong[i], strlen(wrong[i]), &doc, &err),
                         CR_ERR_INPUT);
        ck_assert_str_eq(formatted(&err), where[i]);
    }
}
END_TEST

/* One byte-order mark is skipped; two are refused, by JSON and CSV alike. */
START_TEST(byte_order_marks)
{
    cr_json_doc doc;
    cr_csv_table t;
    cr_error err;
    const char *one = "\xEF\xBB\xBF{}", *two = "\xEF\xBB\xBF\xEF\xBB\xBF{}";
    ck_assert_int_eq(cr_json_parse_text("b.json", one, strlen(one), &doc, &err), CR_OK);
    cr_json_doc_free(&doc);
    ck_assert_int_eq(cr_json_parse_text("b.json", two, strlen(two), &doc, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "b.json:1: starts with two byte-order marks; expected at most one");
    const char *csv_one = "\xEF\xBB\xBF" "a,b\n", *csv_two = "\xEF\xBB\xBF\xEF\xBB\xBF" "a,b\n";
    ck_assert_int_eq(cr_csv_parse_text("b.csv", csv_one, strlen(csv_one), &t, &err), CR_OK);
    ck_assert_str_eq(t.rows[0].fields[0], "a");
    cr_csv_table_free(&t);
    ck_assert_int_eq(cr_csv_parse_text("b.csv", csv_two, strlen(csv_two), &t, &err), CR_ERR_INPUT);
    ck_assert_str_eq(formatted(&err), "b.csv:1: starts with two byte-order marks; expected at most one");
}
END_TEST

/* Found by the csv fuzz target's round-trip property. */
START_TEST(csv_writer_fixes_found_by_fuzzing)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    const char *bom_first[] = {"\xEF\xBB\xBFid", "x"};
    cr_csv_write_row(fp, bom_first, 2);
    const char *one_empty[] = {""};
    cr_csv_write_row(fp, one_empty, 1);
    fclose(fp);
    ck_assert_str_eq(text, "\"\xEF\xBB\xBFid\",x\n\"\"\n");
    cr_csv_table t;
    cr_error err;
    ck_assert_int_eq(cr_csv_parse_text("w.csv", text, len, &t, &err), CR_OK);
    ck_assert_uint_eq(t.n_rows, 2);
    ck_assert_str_eq(t.rows[0].fields[0], "\xEF\xBB\xBFid");
    ck_assert_uint_eq(t.rows[1].n_fields, 1);
    ck_assert_str_eq(t.rows[1].fields[0], "");
    cr_csv_table_free(&t);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("limits");
    /* Generous for a sanitizer build; the quadratic scan this guards against
     * would take minutes. */
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, wide_object_duplicates_found_quickly_and_in_order);
    tcase_add_test(tc, json_depth_is_bounded);
    tcase_add_test(tc, json_truncation_is_named);
    tcase_add_test(tc, byte_order_marks);
    tcase_add_test(tc, csv_field_length_is_bounded);
    tcase_add_test(tc, file_size_is_bounded);
    tcase_add_test(tc, dist_fixes_found_by_fuzzing);
    tcase_add_test(tc, csv_writer_fixes_found_by_fuzzing);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
