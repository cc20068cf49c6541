/* test_util.c -- errors, SHA-256, UTF-8, JSON and CSV input helpers, outfile. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <math.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/io.h"
#include "util/csv_util.h"
#include "util/sha256_blocks.h"
#include "util/json_build.h"
#include "util/json_util.h"
#include "util/text.h"

static void sha_of(const char *msg, size_t len, char hex[65])
{
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, msg, len);
    cr_sha256_final_hex(&h, hex);
}

START_TEST(sha256_fips_vectors)
{
    char hex[65];
    sha_of("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha_of("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two_block = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha_of(two_block, strlen(two_block), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* Fed in pieces gives the same digest as fed whole. */
    cr_sha256 h;
    cr_sha256_init(&h);
    for (const char *p = two_block; *p; p++)
        cr_sha256_update(&h, p, 1);
    char pieces[65];
    cr_sha256_final_hex(&h, pieces);
    ck_assert_str_eq(pieces, hex);
}
END_TEST

/* A digest computed with the processor's SHA instructions or without them,
 * the message fed in pieces of `piece` bytes (0: whole). */
static void sha_with(bool accelerated, const unsigned char *msg, size_t len, size_t piece,
                     char hex[65])
{
    cr_sha256 h;
    cr_sha256_init(&h);
    h.accelerated = accelerated;
    if (piece == 0)
        piece = len ? len : 1;
    for (size_t at = 0; at < len; at += piece)
        cr_sha256_update(&h, msg + at, len - at < piece ? len - at : piece);
    cr_sha256_final_hex(&h, hex);
}

START_TEST(sha256_million_a_both_implementations)
{
    /* FIPS 180-4 example: one million times 'a'. */
    size_t len = 1000000;
    unsigned char *msg = malloc(len);
    ck_assert_ptr_nonnull(msg);
    memset(msg, 'a', len);
    const char *expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char hex[65];
    sha_with(false, msg, len, 0, hex);
    ck_assert_str_eq(hex, expected);
    sha_with(false, msg, len, 1000, hex);
    ck_assert_str_eq(hex, expected);
    if (cr_sha256_blocks_x86_available()) {
        sha_with(true, msg, len, 0, hex);
        ck_assert_str_eq(hex, expected);
        sha_with(true, msg, len, 77, hex);
        ck_assert_str_eq(hex, expected);
    }
    free(msg);
}
END_TEST

START_TEST(sha256_extensions_agree_with_portable)
{
    if (!cr_sha256_blocks_x86_available()) {
        fprintf(stderr, "test_util: this processor has no SHA extensions; only the portable "
                        "SHA-256 is tested here\n");
        return;
    }
    /* Every length from 0 to 5 blocks and a bit, random bytes (a fixed
     * xorshift stream), whole and in odd pieces: block boundaries, the
     * padding's two cases (length fits in the last block or not) and the
     * buffered path are all crossed. */
    unsigned char msg[400];
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < sizeof msg; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        msg[i] = (unsigned char)x;
    }
    for (size_t len = 0; len <= 330; len++) {
        char portable[65], accelerated[65], pieces[65];
        sha_with(false, msg, len, 0, portable);
        sha_with(true, msg, len, 0, accelerated);
        sha_with(true, msg, len, 37, pieces);
        ck_assert_msg(strcmp(portable, accelerated) == 0, "length %zu: %s vs %s", len, portable,
                      accelerated);
        ck_assert_str_eq(pieces, portable);
    }
    /* Where the processor has them, a hash uses them from the start. */
    cr_sha256 h;
    cr_sha256_init(&h);
    ck_assert(h.accelerated);
}
END_TEST

/* FNV-1a 64 test vectors (Fowler, Noll and Vo's reference): "" and "a",
 * "foobar"; fed in pieces the same as whole. */
START_TEST(fnv1a64_vectors)
{
    ck_assert_uint_eq(cr_fnv1a64(CR_FNV1A64_OFFSET, "", 0), UINT64_C(0xcbf29ce484222325));
    ck_assert_uint_eq(cr_fnv1a64(CR_FNV1A64_OFFSET, "a", 1), UINT64_C(0xaf63dc4c8601ec8c));
    ck_assert_uint_eq(cr_fnv1a64(CR_FNV1A64_OFFSET, "foobar", 6), UINT64_C(0x85944171f73967e8));
    ck_assert_uint_eq(cr_fnv1a64(cr_fnv1a64(CR_FNV1A64_OFFSET, "foo", 3), "bar", 3),
                      UINT64_C(0x85944171f73967e8));
}
END_TEST

START_TEST(utf8_validation)
{
    long line = 0;
    ck_assert(cr_utf8_valid("管理策", strlen("管理策"), &line));
    ck_assert(!cr_utf8_valid("ok\n\xC3\x28", 5, &line));
    ck_assert_int_eq(line, 2);
    ck_assert(!cr_utf8_valid("\xE0\x80\xAF", 3, &line));  /* overlong */
    ck_assert(!cr_utf8_valid("\xED\xA0\x80", 3, &line));  /* surrogate */
    ck_assert(!cr_utf8_valid("\xE3\x81", 2, &line));      /* truncated */
    ck_assert_uint_eq(cr_utf8_bom_length("\xEF\xBB\xBF{}", 5), 3);
}
END_TEST

START_TEST(json_errors_name_place_and_expectation)
{
    cr_json_doc doc;
    cr_error err;
    char msg[1024];
    const char *dup = "{\"a\": {\"b\": 1, \"b\": 2}}";
    ck_assert_int_eq(cr_json_parse_text("s.json", dup, strlen(dup), &doc, &err), CR_ERR_INPUT);
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "s.json: $.a.b: duplicate key \"b\"; each key may appear once");
    cr_json_doc_free(&doc);
    /* Deeper, behind leaves and array elements; repeated containers too. */
    const char *nested = "{\"n\": 1, \"x\": [1, {\"k\": 1}, {\"k\": [], \"k\": {}}]}";
    ck_assert_int_eq(cr_json_parse_text("s.json", nested, strlen(nested), &doc, &err),
                     CR_ERR_INPUT);
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "s.json: $.x[2].k: duplicate key \"k\"; each key may appear once");
    cr_json_doc_free(&doc);

    const char *broken = "{\n  \"a\": 1,\n  \"b\": ]\n}";
    ck_assert_int_eq(cr_json_parse_text("s.json", broken, strlen(broken), &doc, &err),
                     CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 3);
    cr_json_doc_free(&doc);

    const char *ok = "\xEF\xBB\xBF{\"level\": 7, \"name\": \"x\", \"kind\": \"saas\"}";
    ck_assert_int_eq(cr_json_parse_text("s.json", ok, strlen(ok), &doc, &err), CR_OK);
    cr_jctx c = {"s.json", &err};
    long level = 0;
    ck_assert_int_eq(cr_json_get_int(&c, doc.root, "$", "level", true, 1, 5, &level, NULL),
                     CR_ERR_INPUT);
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "s.json: $.level: expected an integer from 1 to 5, got 7");
    const char *missing = NULL;
    ck_assert_int_eq(cr_json_get_string(&c, doc.root, "$", "owner", true, 0, &missing),
                     CR_ERR_INPUT);
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "s.json: $.owner: missing required field");
    static const char *const kinds[] = {"iaas", "paas", "saas"};
    int kind = -1;
    ck_assert_int_eq(cr_json_get_enum(&c, doc.root, "$", "kind", true, kinds, 3, &kind, NULL),
                     CR_OK);
    ck_assert_int_eq(kind, 2);
    static const char *const allowed[] = {"level", "name"};
    ck_assert_int_eq(cr_json_check_keys(&c, doc.root, "$", allowed, 2), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.kind");
    cr_json_doc_free(&doc);

    char deep[300];
    memset(deep, '[', 200);
    deep[200] = '\0';
    ck_assert_int_eq(cr_json_parse_text("d.json", deep, 200, &doc, &err), CR_ERR_INPUT);
    ck_assert(strstr(err.message, "nested deeper") != NULL);
    cr_json_doc_free(&doc);
}
END_TEST

/* RFC 8259's grammar, exactly: what cJSON alone let through is refused. */
START_TEST(json_syntax_follows_rfc8259)
{
    static const char *const good[] = {
        "0", "-0", "12", "-0.5", "1e6", "1E+6", "2.5e-3", "\"a\\u0041\"", "[]", "{}",
        " {\"a\": [1, 2.0, true, false, null], \"b\": {\"c\": \"\\n\"}} ",
        "\"\\ud83d\\ude00\"",
    };
    static const char *const bad[] = {
        "060", "12.", ".5", "+1", "1e", "1e+", "-", "01.5", "0x1A", "1.2.3", "NaN",
        "Infinity", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "\"\\u0000\"",
        "{\"k\\u0000\": 1}", "\"\\x41\"", "\"tab\there\"", "[1] [2]", "", "   ",
        "tru", "[1 2]", "\"open",
    };
    cr_json_syntax where;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(cr_json_syntax_check(good[i], strlen(good[i]), 64, &where),
                      "refused %s: expected %s at %zu", good[i], where.expected, where.offset);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!cr_json_syntax_check(bad[i], strlen(bad[i]), 64, &where), "accepted %s",
                      bad[i]);
    /* The fault is placed where it is: the second element of the array. */
    ck_assert(!cr_json_syntax_check("[1, 060]", 8, 64, &where));
    ck_assert_uint_eq(where.offset, 4);
    /* Nesting beyond the bound is refused without recursion. */
    char deep[200];
    memset(deep, '[', sizeof deep);
    ck_assert(!cr_json_syntax_check(deep, sizeof deep, 64, &where));
    ck_assert_uint_eq(where.offset, 64);
    /* UTF-16 is recognised, with or without a byte-order mark. */
    ck_assert_str_eq(cr_utf16_guess("\xff\xfe{\0", 4), "UTF-16LE");
    ck_assert_str_eq(cr_utf16_guess("{\0\"\0a\0\"\0", 8), "UTF-16LE");
    ck_assert_str_eq(cr_utf16_guess("\0{\0\"\0a\0\"", 8), "UTF-16BE");
    ck_assert_ptr_null(cr_utf16_guess("{\"a\": 1}", 8));
    ck_assert_int_eq(cr_line_at("a\nb\nc", 4), 3);
}
END_TEST

/* OWASP's CSV-injection rule: a cell a spreadsheet would run is written
 * after a quote, numbers are not, and reading undoes exactly that. */
START_TEST(csv_formulas_neutralised_and_read_back)
{
    static const char *const cells[] = {
        "=1+1", "+1+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=1+1", "''@x", "'", "'plain",
        "-5", "+1.5", "-2e+06", "-", "=", "plain", "", "a=b", "'-5", "=\"x,y\"",
    };
    static const bool neutral[] = {
        true, true, true, true, true, true, true, true, false, false,
        false, false, false, true, true, false, false, false, false, true,
    };
    enum { N = sizeof cells / sizeof cells[0] };
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *fp = open_memstream(&mem, &mem_len);
    ck_assert_ptr_nonnull(fp);
    for (size_t i = 0; i < N; i++) {
        ck_assert_msg(cr_csv_formula_like(cells[i]) == neutral[i], "cell %zu", i);
        cr_csv_write_row(fp, &cells[i], 1);
    }
    fclose(fp);
    /* No line starts a formula: each begins with a quote, a double quote
     * followed by a quote, or something harmless. */
    ck_assert_ptr_null(strstr(mem, "\n=1+1"));
    ck_assert(strncmp(mem, "'=1+1\n'+1+cmd\n'-2+3\n'@SUM(A1)\n", 30) == 0);
    ck_assert_ptr_nonnull(strstr(mem, "\n''=1+1\n'''@x\n"));
    ck_assert_ptr_nonnull(strstr(mem, "\n-5\n+1.5\n-2e+06\n'-\n"));
    cr_csv_table t;
    cr_error err;
    ck_assert_int_eq(cr_csv_parse_text("mem", mem, mem_len, &t, &err), CR_OK);
    ck_assert_uint_eq(t.n_rows, N);
    for (size_t i = 0; i < N; i++) {
        ck_assert_uint_eq(t.rows[i].n_fields, 1);
        ck_assert_str_eq(t.rows[i].fields[0], cells[i]);
    }
    cr_csv_table_free(&t);
    free(mem);
}
END_TEST

START_TEST(csv_rows_keep_lines_and_round_trip)
{
    const char *text = "\xEF\xBB\xBF" "id,comment\r\n1,\"two\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n";
    cr_csv_table t;
    cr_error err;
    ck_assert_int_eq(cr_csv_parse_text("c.csv", text, strlen(text), &t, &err), CR_OK);
    ck_assert_uint_eq(t.n_rows, 3);
    ck_assert_int_eq(t.rows[1].line, 2);
    ck_assert_int_eq(t.rows[2].line, 4);
    ck_assert_str_eq(t.rows[1].fields[1], "two\nlines");
    ck_assert_str_eq(t.rows[2].fields[1], "say \"hi\"");
    ck_assert_int_eq(cr_csv_column(&t, "comment"), 1);

    /* What we write reads back field for field. */
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    const char *row[] = {" lead", "a,b", "q\"q", "plain", ""};
    cr_csv_write_row(fp, row, 5);
    fclose(fp);
    cr_csv_table back;
    ck_assert_int_eq(cr_csv_parse_text("w.csv", buf, size, &back, &err), CR_OK);
    ck_assert_uint_eq(back.rows[0].n_fields, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_str_eq(back.rows[0].fields[i], row[i]);
    cr_csv_table_free(&back);
    free(buf);

    static const char *const want[] = {"id", "status"};
    ck_assert_int_eq(cr_csv_expect_header("c.csv", &t, want, 2, 0, &err), CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 1);
    cr_csv_table_free(&t);

    const char *open_quote = "a,b\n1,\"never closed\n";
    ck_assert_int_eq(cr_csv_parse_text("o.csv", open_quote, strlen(open_quote), &t, &err),
                     CR_ERR_INPUT);
    ck_assert_int_eq(err.line, 2);
}
END_TEST

START_TEST(outfile_commits_or_leaves_nothing)
{
    char dir[] = "/tmp/cr-outfile-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/report.txt", dir);
    cr_outfile out;
    cr_error err;
    ck_assert_int_eq(cr_outfile_open(&out, path, &err), CR_OK);
    fputs("half", out.fp);
    cr_outfile_abort(&out);
    ck_assert_int_ne(access(path, F_OK), 0);
    ck_assert_int_eq(rmdir(dir), 0); /* the temporary is gone too */
    ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/cr-outfile-XXXXXX")));
    snprintf(path, sizeof path, "%s/report.txt", dir);
    ck_assert_int_eq(cr_outfile_open(&out, path, &err), CR_OK);
    fputs("whole", out.fp);
    ck_assert_int_eq(cr_outfile_commit(&out, &err), CR_OK);
    char *text;
    size_t len;
    ck_assert_int_eq(cr_read_file(path, 100, &text, &len, &err), CR_OK);
    ck_assert_str_eq(text, "whole");
    free(text);
    unlink(path);
    rmdir(dir);
}
END_TEST

START_TEST(dist_moments_and_json)
{
    cr_dist d;
    cr_error err;
    /* PERT [1, 2, 6]: mean (1 + 8 + 6)/6 = 2.5; a = 1 + 4/5 = 1.8, b = 1 + 16/5 = 4.2,
     * variance 25 * 1.8 * 4.2 / (36 * 7) = 0.75. */
    ck_assert_int_eq(cr_dist_pert(&d, 1, 2, 6, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 2.5, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&d), 0.75, 1e-12);
    /* lognormal90 [e^-z, e^z]: mu 0, sigma 1, mean e^0.5. */
    ck_assert_int_eq(cr_dist_lognormal90(&d, exp(-CR_Z95), exp(CR_Z95), &err), CR_OK);
    ck_assert_double_eq_tol(d.mu, 0.0, 1e-12);
    ck_assert_double_eq_tol(d.sigma, 1.0, 1e-12);
    ck_assert_double_eq_tol(cr_dist_mean(&d), exp(0.5), 1e-12);
    ck_assert_int_eq(cr_dist_pert(&d, 3, 2, 6, &err), CR_ERR_INPUT);

    /* Mixture of constants 0 (weight 1) and 10 (weight 3): mean 7.5,
     * variance 0.25*0 + 0.75*100 - 56.25 = 18.75. */
    cr_json_doc doc;
    const char *text = "{\"mixture\": [{\"weight\": 1, \"dist\": {\"constant\": 0}},"
                       " {\"weight\": 3, \"dist\": {\"constant\": 10}}]}";
    ck_assert_int_eq(cr_json_parse_text("m.json", text, strlen(text), &doc, &err), CR_OK);
    ck_assert_int_eq(cr_dist_from_json(doc.root, "m.json", "$", 0, 100, &d, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&d), 7.5, 1e-12);
    ck_assert_double_eq_tol(cr_dist_variance(&d), 18.75, 1e-12);
    cr_dist copy;
    ck_assert_int_eq(cr_dist_copy(&copy, &d, &err), CR_OK);
    cJSON *back = cr_dist_to_json(&copy);
    cr_dist again;
    ck_assert_int_eq(cr_dist_from_json(back, "x", "$", 0, 100, &again, &err), CR_OK);
    ck_assert_double_eq_tol(cr_dist_mean(&again), 7.5, 1e-12);
    cJSON_Delete(back);
    cr_dist_clear(&again);
    cr_dist_clear(&copy);
    cr_dist_clear(&d);
    cr_json_doc_free(&doc);

    const char *reversed = "{\"f\": {\"lognormal90\": [100, 10]}}";
    ck_assert_int_eq(cr_json_parse_text("r.json", reversed, strlen(reversed), &doc, &err), CR_OK);
    ck_assert_int_eq(cr_dist_from_json(doc.root->child, "r.json", "$.f", 0, 1e9, &d, &err),
                     CR_ERR_INPUT);
    char msg[1024];
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_str_eq(msg, "r.json: $.f.lognormal90: expected p05 < p95, got [100, 10]");
    cr_json_doc_free(&doc);
}
END_TEST

/* cJSON's allocations fail from the n-th on (0: never), for the builder. */
static long jb_allocs, jb_fail_at;
static void *jb_malloc(size_t n)
{
    jb_allocs++;
    return jb_fail_at && jb_allocs >= jb_fail_at ? NULL : malloc(n);
}

/* A small document through every kind of call; the status of its build. */
static bool jb_build(char **text)
{
    cr_jb b = {0};
    cJSON *root = cr_jb_object(&b);
    cr_jb_str(&b, root, "name", "a");
    cr_jb_str(&b, root, "none", NULL);
    cr_jb_num(&b, root, "x", 1.5);
    cr_jb_num(&b, root, "nan", NAN);
    cr_jb_bool(&b, root, "yes", true);
    cr_jb_null(&b, root, "nothing");
    cJSON *list = cr_jb_add_array(&b, root, "list");
    for (int i = 0; i < 3; i++) {
        cJSON *o = cr_jb_object(&b);
        cr_jb_num(&b, o, "i", i);
        cr_jb_push(&b, list, o);
        cr_jb_push_str(&b, list, "s");
        cr_jb_push_num(&b, list, i);
    }
    cJSON *sub = cr_jb_add_object(&b, root, "sub");
    cr_jb_put(&b, sub, "arr", cr_jb_array(&b));
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_jb_finish(&b, &root, &err);
    *text = NULL;
    if (st == CR_OK) {
        *text = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
    } else {
        ck_assert_int_eq(st, CR_ERR_MEMORY);
        ck_assert_ptr_null(root);
    }
    return st == CR_OK;
}

START_TEST(json_builder_records_any_failure)
{
    cJSON_Hooks hooks = {jb_malloc, free};
    cJSON_InitHooks(&hooks);
    jb_fail_at = 0;
    jb_allocs = 0;
    char *text;
    ck_assert(jb_build(&text));
    long total = jb_allocs;
    const char *whole = "{\"name\":\"a\",\"none\":null,\"x\":1.5,\"nan\":null,\"yes\":true,"
                        "\"nothing\":null,\"list\":[{\"i\":0},\"s\",0,{\"i\":1},\"s\",1,"
                        "{\"i\":2},\"s\",2],\"sub\":{\"arr\":[]}}";
    ck_assert_str_eq(text, whole);
    free(text);
    /* Every allocation of the build failing in turn: the build says so,
     * frees what it made (the sanitizer build checks for leaks) and never
     * crashes.  The last allocations are the printing's, not the build's. */
    long build_allocs = 0;
    for (jb_fail_at = 1; jb_fail_at <= total; jb_fail_at++) {
        jb_allocs = 0;
        if (!jb_build(&text))
            build_allocs++;
        else if (text) /* a build said to be whole is whole */
            ck_assert_str_eq(text, whole);
        free(text);
    }
    ck_assert_int_gt(build_allocs, 20);
    cJSON_InitHooks(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, sha256_fips_vectors);
    tcase_add_test(tc, fnv1a64_vectors);
    tcase_add_test(tc, sha256_million_a_both_implementations);
    tcase_add_test(tc, sha256_extensions_agree_with_portable);
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, json_errors_name_place_and_expectation);
    tcase_add_test(tc, json_syntax_follows_rfc8259);
    tcase_add_test(tc, csv_formulas_neutralised_and_read_back);
    tcase_add_test(tc, csv_rows_keep_lines_and_round_trip);
    tcase_add_test(tc, outfile_commits_or_leaves_nothing);
    tcase_add_test(tc, dist_moments_and_json);
    tcase_add_test(tc, json_builder_records_any_failure);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
