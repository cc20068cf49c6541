/*
 * catalog_titles.c -- attach our titles to the control part: the English
 * titles of datasets/catalog/titles-en.json (categories, subcategories and
 * controls) with the glosses of the customer-facing obligations the English
 * titles drop, and the Japanese short titles of titles-ja.json (controls).
 *
 * A title for an id the catalogue lacks, or for a detailed control (which
 * have none), is an error: it is a typo that would otherwise go unseen; so is
 * a Japanese title or a gloss for anything but a control.  An item without a
 * title keeps it NULL; the unit tests require all 188 English titles and the
 * 135 Japanese ones.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog_internal.h"

#define TITLES_FORMAT "cloudrisk-catalog-titles"
#define MAX_TITLE_BYTES 512

/* The item a key of a titles object names: a category, subcategory or
 * control of the catalogue, or fail naming the path. */
static cr_status title_item(cr_jctx *c, const cr_catalog *catalog, const char *object,
                            const char *id, cr_catalog_item **out)
{
    const cr_catalog_item *item = cr_catalog_control(catalog, id);
    if (!item || item->level > CR_LEVEL_CONTROL) {
        char path[256];
        cr_jpath_key(path, sizeof path, object, id);
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "no category, subcategory or control \"%.40s\" in the catalogue; "
                            "expected an id such as \"7\", \"7.4\" or \"7.4.1\"",
                            id);
    }
    *out = &((cr_catalog *)catalog)->items[CR_PART_CONTROL][item - catalog->items[CR_PART_CONTROL]];
    return CR_OK;
}

/* Each string of root's object `key` onto its item's field (0 text_en, 1
 * gloss_en, 2 title_ja). */
static cr_status read_strings(cr_jctx *c, cr_catalog *catalog, const cJSON *root,
                              const char *key, bool required, bool controls_only,
                              const char *what, int field)
{
    const cJSON *titles = NULL;
    char object[64];
    snprintf(object, sizeof object, "$.%s", key);
    cr_status st = cr_json_get_object(c, root, "$", key, required, &titles);
    for (const cJSON *node = titles ? titles->child : NULL; node && st == CR_OK;
         node = node->next) {
        const char *text = NULL;
        cr_catalog_item *item = NULL;
        st = cr_json_get_string(c, titles, object, node->string, true, MAX_TITLE_BYTES, &text);
        if (st == CR_OK)
            st = title_item(c, catalog, object, node->string, &item);
        if (st == CR_OK && controls_only && item->level != CR_LEVEL_CONTROL) {
            char path[256];
            cr_jpath_key(path, sizeof path, object, node->string);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "\"%.40s\" is not a control; expected a control id such as "
                                "\"7.4.1\"",
                                node->string);
        }
        if (st == CR_OK && text[0] == '\0') {
            char path[256];
            cr_jpath_key(path, sizeof path, object, node->string);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path, "empty; expected %s",
                                what);
        }
        if (st == CR_OK)
            *(field == 0 ? &item->text_en : field == 1 ? &item->gloss_en : &item->title_ja) =
                text;
    }
    return st;
}

cr_status cr_catalog_read_titles(cr_catalog *catalog, const cr_json_doc *doc,
                                 const char *language, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    const cJSON *root = doc->root;
    bool en = strcmp(language, "en") == 0;
    static const char *const keys_en[] = {"format", "format_version", "language", "about",
                                          "titles", "glosses_about", "glosses"};
    const char *format = NULL, *lang = NULL;
    long version = 0;
    cr_status st = cr_json_check_keys(&c, root, "$", keys_en, en ? 7 : 5);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "format", true, 64, &format);
    if (st == CR_OK && strcmp(format, TITLES_FORMAT) != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.format",
                            "expected \"" TITLES_FORMAT "\", got \"%s\"", format);
    if (st == CR_OK)
        st = cr_json_get_int(&c, root, "$", "format_version", true, 1, 1, &version, NULL);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "language", true, 16, &lang);
    if (st == CR_OK && strcmp(lang, language) != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.language",
                            "expected \"%s\", got \"%s\"", language, lang);
    if (st == CR_OK)
        st = read_strings(&c, catalog, root, "titles", true, !en,
                          en ? "an English title" : "a Japanese short title", en ? 0 : 2);
    if (st == CR_OK && en)
        st = read_strings(&c, catalog, root, "glosses", false, true,
                          "a gloss of the obligation towards customers", 1);
    return st;
}
