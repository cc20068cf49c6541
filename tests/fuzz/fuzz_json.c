/*
 * fuzz_json.c -- the JSON input helper (engine/util/json_util.c): size,
 * UTF-8, nesting and syntax checks, duplicate keys, and the typed getters
 * every JSON parser in cloudrisk goes through.
 *
 * Properties: a refusal is CR_ERR_INPUT with a message and leaves no
 * document; an accepted document has no object with a repeated key, and every
 * getter on every field either succeeds or refuses with a JSON path.
 */
#include <string.h>

#include "fuzz.h"
#include "util/json_util.h"

static void check_refusal(cr_status st, const cr_error *err)
{
    FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
    FUZZ_CHECK(err->status == st);
    FUZZ_CHECK(err->message[0] != '\0');
    char text[2048];
    cr_error_format(err, text, sizeof text);
    FUZZ_CHECK(strlen(text) < sizeof text);
}

/* Every typed getter on obj[key]: none may crash, each refusal names a path. */
static void try_getters(const cJSON *obj, const char *path, const char *key)
{
    cr_error err;
    cr_jctx c = {"fuzz.json", &err};
    const cJSON *node;
    const char *s;
    double d;
    long l;
    bool b, present;
    int e;
    static const char *const names[] = {"implemented", "partial", "planned"};
    cr_status st;
#define TRY(call)                                                       \
    do {                                                                \
        cr_error_clear(&err);                                           \
        st = (call);                                                    \
        if (st != CR_OK) {                                              \
            check_refusal(st, &err);                                    \
            FUZZ_CHECK(err.path[0] == '$');                             \
        }                                                               \
    } while (0)
    TRY(cr_json_get_object(&c, obj, path, key, true, &node));
    TRY(cr_json_get_array(&c, obj, path, key, true, &node));
    TRY(cr_json_get_string(&c, obj, path, key, true, 16, &s));
    TRY(cr_json_get_number(&c, obj, path, key, true, -1e6, 1e6, &d, &present));
    TRY(cr_json_get_int(&c, obj, path, key, true, -5, 5, &l, &present));
    TRY(cr_json_get_bool(&c, obj, path, key, true, &b, &present));
    TRY(cr_json_get_enum(&c, obj, path, key, true, names, 3, &e, &present));
    TRY(cr_json_check_keys(&c, obj, path, names, 3));
#undef TRY
}

static void walk(const cJSON *node, const char *path, int depth)
{
    FUZZ_CHECK(depth <= 64 + 1);
    size_t index = 0;
    for (const cJSON *child = node->child; child; child = child->next, index++) {
        char child_path[256];
        if (cJSON_IsObject(node)) {
            for (const cJSON *prev = node->child; prev != child; prev = prev->next)
                FUZZ_CHECK(strcmp(prev->string, child->string) != 0);
            cr_jpath_key(child_path, sizeof child_path, path, child->string);
            try_getters(node, path, child->string);
        } else {
            cr_jpath_index(child_path, sizeof child_path, path, index);
        }
        walk(child, child_path, depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_json_doc doc;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_json_parse_text("fuzz.json", (const char *)data, size, &doc, &err);
    if (st != CR_OK) {
        check_refusal(st, &err);
        FUZZ_CHECK(doc.root == NULL);
    } else {
        FUZZ_CHECK(doc.root != NULL);
        walk(doc.root, "$", 0);
    }
    cr_json_doc_free(&doc);
    return 0;
}
