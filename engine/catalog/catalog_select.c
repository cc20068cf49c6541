/*
 * catalog_select.c -- choosing items for a listing, and items as JSON.
 */
#include <stdlib.h>

#include "catalog/catalog_internal.h"

cr_status cr_catalog_select(const cr_catalog *catalog, const cr_catalog_filter *filter,
                            const cr_catalog_item ***items, size_t *n, cr_error *err)
{
    *items = NULL;
    *n = 0;
    if (filter->min_level < CR_LEVEL_CATEGORY || filter->max_level > CR_LEVEL_DETAIL ||
        filter->min_level > filter->max_level)
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "levels %d to %d; expected a range within 1 (category) to 4 "
                            "(detailed control)",
                            filter->min_level, filter->max_level);
    const cr_catalog_item *category = NULL;
    if (filter->category) {
        category = cr_catalog_require(catalog, filter->category, CR_LEVEL_CATEGORY, err);
        if (!category)
            return CR_ERR_INPUT;
    }
    size_t total = catalog->n_items[CR_PART_CONTROL];
    const cr_catalog_item **chosen = malloc((total ? total : 1) * sizeof *chosen);
    if (!chosen)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < total; i++) {
        const cr_catalog_item *item = &catalog->items[CR_PART_CONTROL][i];
        if (item->level < filter->min_level || item->level > filter->max_level)
            continue;
        if (filter->basic_only && !item->basic)
            continue;
        if (category) {
            const cr_catalog_item *top = item;
            while (top->parent)
                top = top->parent;
            if (top != category)
                continue;
        }
        chosen[(*n)++] = item;
    }
    *items = chosen;
    return CR_OK;
}

static void add_string_or_null(cJSON *obj, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_line_or_null(cJSON *obj, const char *key, long line)
{
    if (line > 0)
        cJSON_AddNumberToObject(obj, key, (double)line);
    else
        cJSON_AddNullToObject(obj, key);
}

static const char *const part_names[CR_CATALOG_PARTS] = {"governance", "management", "control"};

cJSON *cr_catalog_item_to_json(const cr_catalog_item *item)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    cJSON_AddStringToObject(obj, "part", part_names[item->part]);
    cJSON_AddStringToObject(obj, "id", item->id);
    cJSON_AddNumberToObject(obj, "level", item->level);
    cJSON_AddStringToObject(obj, "kind", cr_catalog_level_name(item->part, item->level));
    add_string_or_null(obj, "parent", item->parent ? item->parent->id : NULL);
    cJSON_AddStringToObject(obj, "text_ja", item->text_ja);
    add_string_or_null(obj, "text_en", item->text_en);
    add_string_or_null(obj, "title_ja", item->title_ja);
    add_string_or_null(obj, "gloss_en", item->gloss_en);
    add_string_or_null(obj, "detail_ja", item->detail_ja);
    cJSON_AddBoolToObject(obj, "basic", item->basic);
    add_string_or_null(obj, "basic_text_ja", item->basic_text_ja);
    add_string_or_null(obj, "basic_detail_ja", item->basic_detail_ja);
    add_line_or_null(obj, "source_line", item->source_line);
    add_line_or_null(obj, "basic_source_line", item->basic_source_line);
    /* cJSON reports allocation failures only by leaving fields out. */
    if (cJSON_GetArraySize(obj) != 15) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

cJSON *cr_catalog_source_to_json(const cr_catalog *catalog)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    cJSON_AddStringToObject(obj, "title", catalog->source_title);
    cJSON_AddStringToObject(obj, "sha256", catalog->source_sha256);
    if (cJSON_GetArraySize(obj) != 2) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}
