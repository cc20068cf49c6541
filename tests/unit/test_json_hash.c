/*
 * test_json_hash.c -- the walked hash of a JSON tree (util/json_hash.c)
 * against the SHA-256 of what cJSON_PrintUnformatted prints for it, with the
 * cJSON linked in: every node of every JSON file under datasets/ and models/,
 * the awkward strings and numbers, random numbers and strings at a fixed
 * seed, and the trees cJSON refuses to print.
 *
 * The register keeps these hashes (runs.input_parts) and compares them with
 * earlier runs': one byte of difference would make every service of an
 * existing register look changed.
 */
#include <check.h>
#include <dirent.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"
#include "util/json_hash.h"

static void printed_hex(const cJSON *node, char hex[65], char **text)
{
    *text = cJSON_PrintUnformatted(node);
    ck_assert_msg(*text != NULL, "cJSON could not print the node");
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, *text, strlen(*text));
    cr_sha256_final_hex(&h, hex);
}

/* The walked hash of node equals the printed text's; `where` names it. */
static void expect_same(const cJSON *node, const char *where)
{
    char want[65], got[65], *text;
    printed_hex(node, want, &text);
    ck_assert_msg(cr_json_sha256_hex(node, got), "%s: the walk failed on %.200s", where, text);
    ck_assert_msg(strcmp(want, got) == 0, "%s: the walked hash differs for %.300s", where, text);
    free(text);
}

/* Every node of the tree, the root included; returns how many. */
static size_t expect_same_everywhere(const cJSON *node, const char *where)
{
    expect_same(node, where);
    size_t n = 1;
    for (const cJSON *c = node->child; c; c = c->next)
        n += expect_same_everywhere(c, where);
    return n;
}

static const char *data_dir(void)
{
    const char *dir = getenv("CLOUDRISK_DATA");
    ck_assert_msg(dir && *dir, "CLOUDRISK_DATA is not set; run through make check");
    return dir;
}

static size_t check_tree_of(const char *dir, size_t *files)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    size_t nodes = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = strlen(e->d_name);
        struct stat st;
        ck_assert_msg(stat(path, &st) == 0, "cannot stat %s", path);
        if (S_ISDIR(st.st_mode)) {
            nodes += check_tree_of(path, files);
        } else if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            char *text;
            size_t n;
            cr_error err;
            cr_error_clear(&err);
            ck_assert_msg(cr_read_file(path, 64u << 20, &text, &n, &err) == CR_OK, "cannot read %s",
                          path);
            cJSON *root = cJSON_Parse(text);
            ck_assert_msg(root != NULL, "%s is not JSON", path);
            nodes += expect_same_everywhere(root, path);
            cJSON_Delete(root);
            free(text);
            ++*files;
        }
    }
    closedir(d);
    return nodes;
}

START_TEST(every_node_of_the_shipped_files)
{
    size_t files = 0, nodes = 0;
    const char *subdirs[] = {"datasets", "models"};
    for (size_t i = 0; i < 2; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", data_dir(), subdirs[i]);
        nodes += check_tree_of(dir, &files);
    }
    /* The walk found the files (datasets/ holds the catalogue and the
     * examples, models/ the model). */
    ck_assert_uint_ge(files, 15);
    ck_assert_uint_ge(nodes, 10000);
}
END_TEST

START_TEST(awkward_text)
{
    static const char *const texts[] = {
        "\"\"",
        "\"plain ASCII / slash\"",
        "\"\\u00e9t\\u00e9 \\u3042\\u3044 \\ud83d\\ude00 リスク受容可能レベル\"",
        "\"\\b\\f\\n\\r\\t \\\" \\\\ \\/\"",
        "\"\\u0001\\u0002\\u001f\\u007f \\u0080\"",
        "[]", "{}", "[[]]", "[[[],[]],{}]", "{\"\":{}}", "{\"a\":[{}],\"b\":{\"c\":[]}}",
        "[null,true,false]", "{\"k\\n\\u0000\":1}",
        "{\"dup\":1,\"dup\":2}",
        "[0,-0,1,-1,0.1,0.5,1e300,-1e300,1e-300,5e-324,2.2250738585072014e-308,"
        "1.7976931348623157e308,0.30000000000000004,0.3,1e21,1e15,123456789012345678,"
        "9007199254740991,9007199254740992,9007199254740993,-9007199254740993,"
        "2147483647,2147483648,-2147483648,-2147483649,4294967296,0.1e1,1E2,"
        "0.000001,0.0000001,1.5e-7,3.141592653589793,2.718281828459045,1e-320]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        cJSON *root = cJSON_Parse(texts[i]);
        ck_assert_msg(root != NULL, "not JSON: %s", texts[i]);
        expect_same_everywhere(root, texts[i]);
        cJSON_Delete(root);
    }
}
END_TEST

START_TEST(awkward_numbers_and_bytes)
{
    const double values[] = {-0.0, 0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, 1e300 * 10, 0x1p53,
                             0x1p53 + 2, 0x1p63, -0x1p63, 0x1p64, INT_MAX + 0.5, INT_MIN - 0.5,
                             DBL_MIN / 4, DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, DBL_EPSILON,
                             1 - DBL_EPSILON, 1 + DBL_EPSILON, nextafter(0.1, 1),
                             nextafter(0.1, 0), NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        cJSON *n = cJSON_CreateNumber(values[i]);
        ck_assert_ptr_nonnull(n);
        char where[64];
        snprintf(where, sizeof where, "number %.17g", values[i]);
        expect_same(n, where);
        cJSON_Delete(n);
    }
    /* Every byte from 1 to 255, as a string and as a key. */
    char all[256];
    for (int b = 1; b < 256; b++)
        all[b - 1] = (char)b;
    all[255] = '\0';
    cJSON *obj = cJSON_CreateObject();
    ck_assert_ptr_nonnull(cJSON_AddStringToObject(obj, all, all));
    expect_same(obj, "every byte");
    cJSON_Delete(obj);
    /* A string longer than the walk's buffer, escapes across its edge. */
    char lng[2000];
    for (size_t i = 0; i < sizeof lng - 1; i++)
        lng[i] = i % 97 == 0 ? '\n' : i % 89 == 0 ? '\x02' : (char)('a' + i % 26);
    lng[sizeof lng - 1] = '\0';
    cJSON *s = cJSON_CreateString(lng);
    expect_same(s, "long string");
    cJSON_Delete(s);
    /* A string node without text and an object member without a name print
     * as "" (a tree built by hand). */
    cJSON *arr = cJSON_CreateArray();
    cJSON *empty = cJSON_CreateString("x");
    free(empty->valuestring);
    empty->valuestring = NULL;
    cJSON_AddItemToArray(arr, empty);
    cJSON_AddItemToArray(arr, cJSON_CreateRaw("{\"raw\" : 1}"));
    expect_same(arr, "string without text, raw");
    cJSON *anon = cJSON_CreateObject();
    cJSON_AddItemToArray(anon, cJSON_CreateNumber(7)); /* a member with no name */
    expect_same(anon, "member without a name");
    cJSON_Delete(anon);
    cJSON_Delete(arr);
}
END_TEST

/* xorshift64*, for reproducible random values. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

START_TEST(random_numbers_and_strings)
{
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < 20000; i++) {
        uint64_t r = next_random(&state);
        double d;
        switch (i % 4) {
        case 0: /* any bit pattern */
            memcpy(&d, &r, sizeof d);
            break;
        case 1: /* a few decimal digits at some scale, as people write them */
            d = (double)(r % 100000) * pow(10.0, (double)(int)((r >> 32) % 40) - 20);
            break;
        case 2: /* near the 15-digit boundary: a ulp or two from a short decimal */
            d = nextafter((double)(r % 1000000) / 1000.0, (r >> 40) & 1 ? INFINITY : -INFINITY);
            break;
        default: /* integers up to 2^60, either sign */
            d = (double)(int64_t)(r >> 4) * ((r & 1) ? -1.0 : 1.0);
        }
        cJSON *n = cJSON_CreateNumber(d);
        char where[64];
        snprintf(where, sizeof where, "random number %.17g", d);
        expect_same(n, where);
        cJSON_AddItemToArray(arr, n);
    }
    for (int i = 0; i < 2000; i++) {
        char text[40];
        size_t len = next_random(&state) % sizeof text;
        for (size_t k = 0; k < len; k++)
            text[k] = (char)(1 + next_random(&state) % 255);
        text[len] = '\0';
        cJSON *s = cJSON_CreateString(text);
        expect_same(s, "random string");
        cJSON_AddItemToArray(arr, s);
    }
    expect_same(arr, "all of them in one array");
    cJSON_Delete(arr);
}
END_TEST

START_TEST(what_cjson_cannot_print)
{
    char hex[65];
    ck_assert(!cr_json_sha256_hex(NULL, hex));
    ck_assert_str_eq(hex, "");
    cJSON *arr = cJSON_CreateArray();
    cJSON *bad = cJSON_CreateNull();
    bad->type = cJSON_Invalid;
    cJSON_AddItemToArray(arr, bad);
    ck_assert_ptr_null(cJSON_PrintUnformatted(arr));
    ck_assert(!cr_json_sha256_hex(arr, hex));
    bad->type = cJSON_Raw; /* raw, without its text */
    ck_assert_ptr_null(cJSON_PrintUnformatted(arr));
    ck_assert(!cr_json_sha256_hex(arr, hex));
    bad->type = cJSON_NULL;
    ck_assert(cr_json_sha256_hex(arr, hex));
    cJSON_Delete(arr);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_hash");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, every_node_of_the_shipped_files);
    tcase_add_test(tc, awkward_text);
    tcase_add_test(tc, awkward_numbers_and_bytes);
    tcase_add_test(tc, random_numbers_and_strings);
    tcase_add_test(tc, what_cjson_cannot_print);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
