/*
 * catalog_titles.c -- attach the English titles of datasets/catalog/
 * titles-en.json to the control part's categories, subcategories and
 * controls.
 *
 * A title for an id the catalogue lacks, or for a detailed control (which
 * have none), is an error: it is a typo that would otherwise go unseen.  An
 * item without a title keeps text_en NULL; the unit tests require all 188.
 */
#include <string.h>

#include "catalog/catalog_internal.h"

#define TITLES_FORMAT "cloudrisk-catalog-titles"
#define MAX_TITLE_BYTES 512

cr_status cr_catalog_read_titles(cr_catalog *catalog, cr_error *err)
{
    cr_jctx c = {catalog->titles_doc.file, err};
    const cJSON *root = catalog->titles_doc.root;
    static const char *const keys[] = {"format", "format_version", "language", "about",
                                       "titles"};
    const char *format = NULL, *language = NULL;
    long version = 0;
    const cJSON *titles = NULL;
    cr_status st = cr_json_check_keys(&c, root, "$", keys, sizeof keys / sizeof keys[0]);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "format", true, 64, &format);
    if (st == CR_OK && strcmp(format, TITLES_FORMAT) != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.format",
                            "expected \"" TITLES_FORMAT "\", got \"%s\"", format);
    if (st == CR_OK)
        st = cr_json_get_int(&c, root, "$", "format_version", true, 1, 1, &version, NULL);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "language", true, 16, &language);
    if (st == CR_OK && strcmp(language, "en") != 0)
        return cr_error_set(err, CR_ERR_INPUT, c.file, 0, "$.language",
                            "expected \"en\", got \"%s\"", language);
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "titles", true, &titles);
    if (st != CR_OK)
        return st;
    for (const cJSON *node = titles->child; node; node = node->next) {
        const char *title = NULL;
        st = cr_json_get_string(&c, titles, "$.titles", node->string, true, MAX_TITLE_BYTES,
                                &title);
        if (st != CR_OK)
            return st;
        char path[256];
        cr_jpath_key(path, sizeof path, "$.titles", node->string);
        const cr_catalog_item *item = cr_catalog_control(catalog, node->string);
        if (!item || item->level > CR_LEVEL_CONTROL)
            return cr_error_set(err, CR_ERR_INPUT, c.file, 0, path,
                                "no category, subcategory or control \"%.40s\" in the "
                                "catalogue; expected an id such as \"7\", \"7.4\" or \"7.4.1\"",
                                node->string);
        if (title[0] == '\0')
            return cr_error_set(err, CR_ERR_INPUT, c.file, 0, path,
                                "empty; expected an English title");
        catalog->items[CR_PART_CONTROL][item - catalog->items[CR_PART_CONTROL]].text_en = title;
    }
    return CR_OK;
}
