/*
 * catalog_query.c -- looking things up in a loaded catalogue: by id, by
 * level, and by text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_internal.h"

const char *cr_catalog_source_title(const cr_catalog *catalog) { return catalog->source_title; }

const char *cr_catalog_short_title(const cr_catalog_item *item, const char *lang)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    const char *first = ja ? item->title_ja : item->text_en;
    const char *second = ja ? item->text_en : item->title_ja;
    return first ? first : second ? second : item->text_ja;
}

const char *cr_catalog_source_sha256(const cr_catalog *catalog)
{
    return catalog->source_sha256;
}

static bool valid_part(cr_part part) { return (int)part >= 0 && (int)part < CR_CATALOG_PARTS; }

size_t cr_catalog_count(const cr_catalog *catalog, cr_part part)
{
    return valid_part(part) ? catalog->n_items[part] : 0;
}

const cr_catalog_item *cr_catalog_at(const cr_catalog *catalog, cr_part part, size_t index)
{
    if (!valid_part(part) || index >= catalog->n_items[part])
        return NULL;
    return &catalog->items[part][index];
}

size_t cr_catalog_level(const cr_catalog *catalog, int level,
                        const cr_catalog_item *const **items)
{
    if (level < 1 || level > CR_CATALOG_MAX_LEVEL) {
        *items = NULL;
        return 0;
    }
    *items = catalog->at_level[level];
    return catalog->n_at_level[level];
}

const cr_catalog_item *cr_catalog_find(const cr_catalog *catalog, cr_part part, const char *id)
{
    if (!valid_part(part) || !id)
        return NULL;
    size_t lo = 0, hi = catalog->n_items[part];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(id, catalog->by_id[part][mid]->id);
        if (cmp == 0)
            return catalog->by_id[part][mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const cr_catalog_item *cr_catalog_control(const cr_catalog *catalog, const char *id)
{
    return cr_catalog_find(catalog, CR_PART_CONTROL, id);
}

const char *cr_catalog_level_name(cr_part part, int level)
{
    static const char *const control[] = {"category", "subcategory", "control", "detail"};
    static const char *const headed[] = {"section", "subsection", "item"};
    if (part == CR_PART_CONTROL && level >= 1 && level <= 4)
        return control[level - 1];
    if ((part == CR_PART_GOVERNANCE || part == CR_PART_MANAGEMENT) && level >= 1 && level <= 3)
        return headed[level - 1];
    return "unknown";
}

/* What a level of the control part is called in messages. */
static const char *level_noun(int level)
{
    return level == CR_LEVEL_DETAIL ? "detailed control"
                                    : cr_catalog_level_name(CR_PART_CONTROL, level);
}

/* An example id of each level of the control part, for messages. */
static const char *example_id(int level)
{
    static const char *const examples[] = {"7", "7.4", "7.4.1", "7.4.1.4"};
    return level >= 1 && level <= 4 ? examples[level - 1] : "7.4.1";
}

const cr_catalog_item *cr_catalog_require(const cr_catalog *catalog, const char *id, int level,
                                          cr_error *err)
{
    const cr_catalog_item *item = cr_catalog_control(catalog, id);
    if (item && (level == 0 || item->level == level))
        return item;
    int levels = 0;
    bool formed = cr_catalog_id_well_formed(id, &levels);
    char expected[160];
    if (level == 0)
        snprintf(expected, sizeof expected,
                 "expected an id such as \"7.4.1\" (control) or \"C.2.1.4\" (detailed control)");
    else
        snprintf(expected, sizeof expected, "expected the id of a %s, such as \"%s\"",
                 level_noun(level), example_id(level));
    if (item)
        cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "\"%s\" is a %s; %s", id,
                     level_noun(item->level), expected);
    else if (formed)
        cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "no %s \"%.40s\" in the catalogue; %s",
                     level_noun(levels), id, expected);
    else
        cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "\"%.40s\" is not a control id; %s", id,
                     expected);
    return NULL;
}

/* ---- search ------------------------------------------------------------- */

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Substring match ignoring ASCII case.  Other bytes compare exactly; UTF-8
 * never puts a character's first byte inside another character, so a byte
 * match of a valid UTF-8 needle is a match of whole characters. */
static bool contains(const char *haystack, const char *needle)
{
    if (!haystack)
        return false;
    size_t m = strlen(needle);
    for (const char *h = haystack; *h; h++) {
        size_t k = 0;
        while (k < m && h[k] &&
               ascii_lower((unsigned char)h[k]) == ascii_lower((unsigned char)needle[k]))
            k++;
        if (k == m)
            return true;
    }
    return m == 0;
}

static bool item_matches(const cr_catalog_item *item, const char *text)
{
    return contains(item->id, text) || contains(item->text_ja, text) ||
           contains(item->text_en, text) || contains(item->detail_ja, text) ||
           contains(item->basic_text_ja, text) || contains(item->basic_detail_ja, text);
}

size_t cr_catalog_search(const cr_catalog *catalog, const char *text,
                         void (*visit)(const cr_catalog_item *item, void *ctx), void *ctx)
{
    size_t matches = 0;
    for (size_t i = 0; i < catalog->n_items[CR_PART_CONTROL]; i++) {
        const cr_catalog_item *item = &catalog->items[CR_PART_CONTROL][i];
        if (item_matches(item, text)) {
            matches++;
            if (visit)
                visit(item, ctx);
        }
    }
    return matches;
}
