/*
 * catalog_load.c -- read datasets/catalog/catalog.json (format described in
 * doc/catalog.md) into a cr_catalog.
 *
 * The file is generated, but it is also data a person may edit or a tool may
 * damage, so every field is checked and an error names the JSON path and the
 * form expected, as for any other input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_internal.h"

#define CATALOG_FORMAT "cloudrisk-catalog"
#define CATALOG_FORMAT_VERSION 1
/* Longest id we accept ("10.1.5.16" is 9 bytes). */
#define MAX_ID_BYTES 31
/* Longest text we accept in one field. */
#define MAX_TEXT_BYTES 65536

static const char *const part_names[CR_CATALOG_PARTS] = {"governance", "management", "control"};

/* A string, or null (then *out is NULL). */
static cr_status string_or_null(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                                const char **out)
{
    *out = NULL;
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNull(node))
        return CR_OK;
    return cr_json_get_string(c, obj, path, key, true, MAX_TEXT_BYTES, out);
}

/* A line number (a positive integer), or null (then *out is 0). */
static cr_status line_or_null(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                              long *out)
{
    *out = 0;
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNull(node))
        return CR_OK;
    return cr_json_get_int(c, obj, path, key, true, 1, 100000000L, out, NULL);
}

static cr_status read_item(cr_jctx *c, const cJSON *obj, const char *path, cr_catalog_item *item)
{
    static const char *const keys[] = {
        "part",      "id",    "level",         "kind",            "parent",      "text_ja",
        "detail_ja", "basic", "basic_text_ja", "basic_detail_ja", "source_line", "basic_source_line"};
    cr_status st = cr_json_check_keys(c, obj, path, keys, sizeof keys / sizeof keys[0]);
    int part = 0;
    long level = 0;
    const char *kind = NULL, *parent = NULL;
    if (st == CR_OK)
        st = cr_json_get_enum(c, obj, path, "part", true, part_names, CR_CATALOG_PARTS, &part,
                              NULL);
    if (st == CR_OK)
        st = cr_json_get_string(c, obj, path, "id", true, MAX_ID_BYTES, &item->id);
    if (st == CR_OK)
        st = cr_json_get_int(c, obj, path, "level", true, 1,
                             part == CR_PART_CONTROL ? 4 : 3, &level, NULL);
    if (st == CR_OK)
        st = cr_json_get_string(c, obj, path, "kind", true, 32, &kind);
    if (st == CR_OK)
        st = string_or_null(c, obj, path, "parent", &parent);
    if (st == CR_OK)
        st = cr_json_get_string(c, obj, path, "text_ja", true, MAX_TEXT_BYTES, &item->text_ja);
    if (st == CR_OK)
        st = string_or_null(c, obj, path, "detail_ja", &item->detail_ja);
    if (st == CR_OK)
        st = cr_json_get_bool(c, obj, path, "basic", true, &item->basic, NULL);
    if (st == CR_OK)
        st = string_or_null(c, obj, path, "basic_text_ja", &item->basic_text_ja);
    if (st == CR_OK)
        st = string_or_null(c, obj, path, "basic_detail_ja", &item->basic_detail_ja);
    if (st == CR_OK)
        st = line_or_null(c, obj, path, "source_line", &item->source_line);
    if (st == CR_OK)
        st = line_or_null(c, obj, path, "basic_source_line", &item->basic_source_line);
    if (st != CR_OK)
        return st;
    item->part = (cr_part)part;
    item->level = (int)level;

    char child[256];
    int id_levels = 0;
    cr_jpath_key(child, sizeof child, path, "id");
    if (!cr_catalog_id_well_formed(item->id, &id_levels) ||
        (item->part != CR_PART_CONTROL && item->id[0] == 'C'))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected an id of numbers joined by dots such as \"7.4.1\"%s, "
                            "got \"%s\"",
                            item->part == CR_PART_CONTROL ? " or \"C.2.1\"" : "", item->id);
    if (id_levels != item->level)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "id \"%s\" has %d parts but level is %d; expected them to agree",
                            item->id, id_levels, item->level);
    const char *want_kind = cr_catalog_level_name(item->part, item->level);
    if (strcmp(kind, want_kind) != 0) {
        cr_jpath_key(child, sizeof child, path, "kind");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected \"%s\" for a level-%d %s item, got \"%.40s\"", want_kind,
                            item->level, part_names[item->part], kind);
    }
    /* The parent is the id without its last part; recorded to be checked. */
    const char *dot = strrchr(item->id, '.');
    size_t want_len = dot ? (size_t)(dot - item->id) : 0;
    bool parent_ok = item->level == 1 ? parent == NULL
                                      : parent && strlen(parent) == want_len &&
                                            strncmp(parent, item->id, want_len) == 0;
    if (!parent_ok) {
        cr_jpath_key(child, sizeof child, path, "parent");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "expected %s%.*s%s for item \"%s\"", item->level == 1 ? "null" : "\"",
                            (int)want_len, item->id, item->level == 1 ? "" : "\"", item->id);
    }
    if (item->text_ja[0] == '\0') {
        cr_jpath_key(child, sizeof child, path, "text_ja");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, child,
                            "empty; expected the item's Japanese text");
    }
    return CR_OK;
}

cr_status cr_catalog_read_items(cr_catalog *catalog, cr_error *err)
{
    cr_jctx c = {catalog->doc.file, err};
    const cJSON *root = catalog->doc.root;
    static const char *const keys[] = {"format", "format_version", "source",
                                       "cleaning", "counts", "items"};
    const char *format = NULL;
    long version = 0;
    const cJSON *source = NULL, *items = NULL;
    cr_status st = cr_json_check_keys(&c, root, "$", keys, sizeof keys / sizeof keys[0]);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "format", true, 64, &format);
    if (st == CR_OK && strcmp(format, CATALOG_FORMAT) != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.format",
                            "expected \"" CATALOG_FORMAT "\", got \"%s\"", format);
    if (st == CR_OK)
        st = cr_json_get_int(&c, root, "$", "format_version", true, CATALOG_FORMAT_VERSION,
                             CATALOG_FORMAT_VERSION, &version, NULL);
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "source", true, &source);
    if (st == CR_OK)
        st = cr_json_get_string(&c, source, "$.source", "title", true, 256,
                                &catalog->source_title);
    if (st == CR_OK)
        st = cr_json_get_string(&c, source, "$.source", "sha256", true, 64,
                                &catalog->source_sha256);
    if (st == CR_OK && strspn(catalog->source_sha256, "0123456789abcdef") != 64)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.source.sha256",
                            "expected 64 lowercase hexadecimal digits");
    if (st == CR_OK)
        st = cr_json_get_array(&c, root, "$", "items", true, &items);
    if (st != CR_OK)
        return st;

    /* Count per part, then fill each part's array in document order. */
    size_t n = (size_t)cJSON_GetArraySize(items);
    int *parts = calloc(n ? n : 1, sizeof *parts);
    if (!parts)
        return cr_error_set(err, CR_ERR_MEMORY, c.file, 0, NULL, "out of memory");
    size_t index = 0;
    for (const cJSON *node = items->child; node; node = node->next, index++) {
        char path[64];
        cr_jpath_index(path, sizeof path, "$.items", index);
        int part = 0;
        st = cr_json_get_enum(&c, node, path, "part", true, part_names, CR_CATALOG_PARTS, &part,
                              NULL);
        if (st != CR_OK)
            break;
        parts[index] = part;
        catalog->n_items[part]++;
    }
    for (int p = 0; st == CR_OK && p < CR_CATALOG_PARTS; p++) {
        catalog->items[p] = calloc(catalog->n_items[p] ? catalog->n_items[p] : 1,
                                   sizeof *catalog->items[p]);
        if (!catalog->items[p])
            st = cr_error_set(err, CR_ERR_MEMORY, c.file, 0, NULL, "out of memory");
    }
    size_t filled[CR_CATALOG_PARTS] = {0, 0, 0};
    index = 0;
    for (const cJSON *node = items->child; st == CR_OK && node; node = node->next, index++) {
        char path[64];
        cr_jpath_index(path, sizeof path, "$.items", index);
        cr_catalog_item *item = &catalog->items[parts[index]][filled[parts[index]]++];
        st = read_item(&c, node, path, item);
    }
    free(parts);
    if (st == CR_OK && catalog->n_items[CR_PART_CONTROL] == 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.items",
                            "no items of the control part; expected the control catalogue");
    return st;
}

static cr_status load(const char *catalog_path, const char *titles_path,
                      const char *titles_ja_path, cr_catalog **out, cr_error *err)
{
    *out = NULL;
    cr_catalog *catalog = calloc(1, sizeof *catalog);
    if (!catalog)
        return cr_error_set(err, CR_ERR_MEMORY, catalog_path, 0, NULL, "out of memory");
    cr_status st = cr_json_load_file(catalog_path, &catalog->doc, err);
    if (st == CR_OK)
        st = cr_catalog_read_items(catalog, err);
    if (st == CR_OK)
        st = cr_catalog_build_indexes(catalog, err);
    if (st == CR_OK && titles_path) {
        st = cr_json_load_file(titles_path, &catalog->titles_doc, err);
        if (st == CR_OK)
            st = cr_catalog_read_titles(catalog, &catalog->titles_doc, "en", err);
    }
    if (st == CR_OK && titles_ja_path) {
        st = cr_json_load_file(titles_ja_path, &catalog->titles_ja_doc, err);
        if (st == CR_OK)
            st = cr_catalog_read_titles(catalog, &catalog->titles_ja_doc, "ja", err);
    }
    if (st != CR_OK) {
        cr_catalog_free(catalog);
        return st;
    }
    *out = catalog;
    return CR_OK;
}

cr_status cr_catalog_load_files(const char *catalog_path, const char *titles_en_path,
                                cr_catalog **out, cr_error *err)
{
    return load(catalog_path, titles_en_path, NULL, out, err);
}

cr_status cr_catalog_load(const char *data_dir, cr_catalog **out, cr_error *err)
{
    char catalog_path[4096], titles_path[4096], titles_ja_path[4096];
    int a = snprintf(catalog_path, sizeof catalog_path, "%s/datasets/catalog/catalog.json",
                     data_dir);
    int b = snprintf(titles_path, sizeof titles_path, "%s/datasets/catalog/titles-en.json",
                     data_dir);
    int j = snprintf(titles_ja_path, sizeof titles_ja_path,
                     "%s/datasets/catalog/titles-ja.json", data_dir);
    if (a < 0 || b < 0 || j < 0 || (size_t)a >= sizeof catalog_path ||
        (size_t)b >= sizeof titles_path || (size_t)j >= sizeof titles_ja_path) {
        *out = NULL;
        return cr_error_set(err, CR_ERR_INPUT, data_dir, 0, NULL,
                            "data directory path too long; expected at most %zu bytes",
                            sizeof catalog_path - 40);
    }
    return load(catalog_path, titles_path, titles_ja_path, out, err);
}

void cr_catalog_free(cr_catalog *catalog)
{
    if (!catalog)
        return;
    for (int p = 0; p < CR_CATALOG_PARTS; p++) {
        free(catalog->items[p]);
        free(catalog->by_id[p]);
    }
    for (int l = 0; l <= CR_CATALOG_MAX_LEVEL; l++)
        free(catalog->at_level[l]);
    free(catalog->child_block);
    cr_json_doc_free(&catalog->doc);
    cr_json_doc_free(&catalog->titles_doc);
    cr_json_doc_free(&catalog->titles_ja_doc);
    free(catalog);
}
