/*
 * catalog_internal.h -- the loaded catalogue (library-internal).
 *
 * The parsed JSON documents stay alive inside the catalogue, and the items'
 * strings point into them: nothing is copied, and freeing the catalogue frees
 * everything it handed out.
 */
#ifndef CR_CATALOG_INTERNAL_H
#define CR_CATALOG_INTERNAL_H

#include "catalog/catalog_iface.h"
#include "cloudrisk/catalog.h"
#include "util/json_util.h"

#define CR_CATALOG_PARTS 3
#define CR_CATALOG_MAX_LEVEL 4

struct cr_catalog {
    cr_json_doc doc;        /* catalog.json */
    cr_json_doc titles_doc; /* titles-en.json, or root NULL */
    cr_json_doc titles_ja_doc; /* titles-ja.json, or root NULL */
    const char *source_title;
    const char *source_sha256;
    cr_catalog_item *items[CR_CATALOG_PARTS]; /* document order */
    size_t n_items[CR_CATALOG_PARTS];
    /* Each part's items sorted by id, for lookup. */
    const cr_catalog_item **by_id[CR_CATALOG_PARTS];
    /* The control part's items at each level (index 1..4), document order. */
    const cr_catalog_item **at_level[CR_CATALOG_MAX_LEVEL + 1];
    size_t n_at_level[CR_CATALOG_MAX_LEVEL + 1];
    /* One block holding every item's children array. */
    const cr_catalog_item **child_block;
};

/* Parse catalog.json's items into the catalogue (catalog_load.c). */
cr_status cr_catalog_read_items(cr_catalog *catalog, cr_error *err);
/* Attach the titles of a titles file (catalog_titles.c): titles-en.json's
 * English titles and glosses ("en"), or titles-ja.json's Japanese short
 * titles of the controls ("ja"). */
cr_status cr_catalog_read_titles(cr_catalog *catalog, const cr_json_doc *doc,
                                 const char *language, cr_error *err);
/* Build the id, level and children indexes (catalog_index.c). */
cr_status cr_catalog_build_indexes(cr_catalog *catalog, cr_error *err);

#endif
