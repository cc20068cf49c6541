/*
 * cloudrisk/catalog.h -- stage 1 of the pipeline: the control catalogue of the
 * Cloud Information Security Management Standard (2013 revision).
 *
 * The catalogue is data extracted from the standard's text (see
 * tools/extract-catalog and datasets/catalog/): the governance standard (Ⅲ),
 * the management standard (Ⅳ), and the control standard (Ⅴ) with its
 * categories, subcategories, controls and detailed controls, each marked with
 * whether the basic declaration requirements (Ⅵ) include it.  English titles
 * are ours, kept beside the Japanese in datasets/catalog/titles-en.json.
 *
 * A loaded catalogue is immutable; every pointer it hands out lives as long as
 * the catalogue.  No global state: load as many as you like.
 */
#ifndef CLOUDRISK_CATALOG_H
#define CLOUDRISK_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cr_part {
    CR_PART_GOVERNANCE = 0, /* Ⅲ: 1, 1.1 .. 1.6, items 1.x.1 */
    CR_PART_MANAGEMENT = 1, /* Ⅳ: sections 1-6, subsections, 66 items x.y.z */
    CR_PART_CONTROL = 2     /* Ⅴ (and Ⅵ): categories, subcategories, controls, detailed */
} cr_part;

/* Levels are the number of components in the id ("7" = 1, "7.4.1.4" = 4).
 * In the control part they are named: */
enum {
    CR_LEVEL_CATEGORY = 1,
    CR_LEVEL_SUBCATEGORY = 2,
    CR_LEVEL_CONTROL = 3,
    CR_LEVEL_DETAIL = 4
};

typedef struct cr_catalog_item cr_catalog_item;
struct cr_catalog_item {
    cr_part part;
    int level;
    const char *id;          /* "7.4.1.4", "C.2.1", management "1.4.3" */
    const char *text_ja;     /* heading, title or control text as in Ⅴ (Ⅲ, Ⅳ) */
    const char *text_en;     /* English title (categories, subcategories, controls); else NULL */
    const char *detail_ja;   /* subcategory objective (目的), or a management item's
                                explanation; NULL where none */
    bool basic;              /* included in Ⅵ (which includes Ⅲ and Ⅳ whole) */
    const char *basic_text_ja; /* Ⅵ's wording where it differs from Ⅴ, else NULL */
    const char *basic_detail_ja; /* Ⅵ's objective where it differs, else NULL */
    long source_line;        /* 1-based line in the standard's text (Ⅴ for controls) */
    long basic_source_line;  /* line in Ⅵ, or 0 */
    const cr_catalog_item *parent;       /* NULL at the top */
    const cr_catalog_item *const *children; /* in document order */
    size_t n_children;
};

typedef struct cr_catalog cr_catalog;

/* Load datasets/catalog/catalog.json (and titles-en.json) under data_dir. */
CR_PUBLIC cr_status cr_catalog_load(const char *data_dir, cr_catalog **out, cr_error *err);
/* Load from explicit files (titles_en_path may be NULL). */
CR_PUBLIC cr_status cr_catalog_load_files(const char *catalog_path, const char *titles_en_path,
                                          cr_catalog **out, cr_error *err);
CR_PUBLIC void cr_catalog_free(cr_catalog *catalog);

/* The catalogue's identity, recorded in outputs: the standard's name and the
 * SHA-256 of the source text it was extracted from. */
CR_PUBLIC const char *cr_catalog_source_title(const cr_catalog *catalog);
CR_PUBLIC const char *cr_catalog_source_sha256(const cr_catalog *catalog);

/* All items of a part, in document order (pre-order). */
CR_PUBLIC size_t cr_catalog_count(const cr_catalog *catalog, cr_part part);
CR_PUBLIC const cr_catalog_item *cr_catalog_at(const cr_catalog *catalog, cr_part part, size_t index);

/* Items of the control part at one level, in document order: e.g. the 135
 * controls.  Returns the count; *items points into the catalogue. */
CR_PUBLIC size_t cr_catalog_level(const cr_catalog *catalog, int level,
                                  const cr_catalog_item *const **items);

/* Look up by id; NULL when absent. */
CR_PUBLIC const cr_catalog_item *cr_catalog_find(const cr_catalog *catalog, cr_part part, const char *id);
/* Shorthand for the control part. */
CR_PUBLIC const cr_catalog_item *cr_catalog_control(const cr_catalog *catalog, const char *id);

/* Look up an item of the control part by id for input that names one (an
 * assessment, a plan, the command line).  When absent, fills err
 * (CR_ERR_INPUT) with a message naming the id and the expected form, such as
 * "no control \"7.4.9\" in the catalogue; expected an id such as \"7.4.1\"
 * (control) or \"C.2.1.4\" (detailed control)"; err->file etc. are left empty
 * for the caller to fill.  `level` 0 accepts any level, else only that one. */
CR_PUBLIC const cr_catalog_item *cr_catalog_require(const cr_catalog *catalog, const char *id, int level,
                                                    cr_error *err);

/* A level's name: "category", "subcategory", "control", "detail" in the
 * control part; "section", "subsection", "item" in Ⅲ and Ⅳ. */
CR_PUBLIC const char *cr_catalog_level_name(cr_part part, int level);

/* Case-insensitive substring search over ids, Japanese and English text of the
 * control part (and objectives).  Calls visit for each match in document
 * order; returns the number of matches. */
CR_PUBLIC size_t cr_catalog_search(const cr_catalog *catalog, const char *text,
                                   void (*visit)(const cr_catalog_item *item, void *ctx), void *ctx);

/* Which items of the control part a listing shows. */
typedef struct cr_catalog_filter {
    bool basic_only;      /* only what Ⅵ includes */
    const char *category; /* "7" or "C": only that category; NULL for all */
    int min_level;        /* CR_LEVEL_CATEGORY .. CR_LEVEL_DETAIL */
    int max_level;
} cr_catalog_filter;

/* The items passing the filter, in document order.  *items is a new array
 * (the caller frees it, not the items).  An unknown category or a bad level
 * range is CR_ERR_INPUT. */
CR_PUBLIC cr_status cr_catalog_select(const cr_catalog *catalog, const cr_catalog_filter *filter,
                                      const cr_catalog_item ***items, size_t *n, cr_error *err);

/* An item as a JSON object (fields as in catalog.json, plus text_en); the
 * caller deletes it.  NULL when out of memory. */
CR_PUBLIC cJSON *cr_catalog_item_to_json(const cr_catalog_item *item);

/* The catalogue's identity as a JSON object {"title", "sha256"}, to record in
 * outputs that used it. */
CR_PUBLIC cJSON *cr_catalog_source_to_json(const cr_catalog *catalog);

#ifdef __cplusplus
}
#endif
#endif
