/*
 * catalog_index.c -- the links and indexes of a loaded catalogue: each item's
 * parent and children, lookup by id, and the control part by level.
 *
 * Lookup is a binary search over the items sorted by id (strcmp order, which
 * is all lookup needs; document order is kept separately).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_internal.h"

bool cr_catalog_id_well_formed(const char *text, int *levels)
{
    const char *p = text;
    int n = 0;
    for (;;) {
        if (n == 0 && *p == 'C') {
            p++;
        } else {
            /* 1 to 3 digits, no leading zero */
            if (*p < '1' || *p > '9')
                return false;
            int digits = 0;
            while (*p >= '0' && *p <= '9' && digits < 4) {
                p++;
                digits++;
            }
            if (digits > 3)
                return false;
        }
        n++;
        if (*p == '\0')
            break;
        if (*p != '.' || n == CR_CATALOG_MAX_LEVEL)
            return false;
        p++;
    }
    if (levels)
        *levels = n;
    return true;
}

static int compare_ids(const void *a, const void *b)
{
    const cr_catalog_item *x = *(const cr_catalog_item *const *)a;
    const cr_catalog_item *y = *(const cr_catalog_item *const *)b;
    return strcmp(x->id, y->id);
}

static const char *const part_words[CR_CATALOG_PARTS] = {"governance", "management", "control"};

cr_status cr_catalog_build_indexes(cr_catalog *catalog, cr_error *err)
{
    const char *file = catalog->doc.file;
    size_t total = 0;
    for (int p = 0; p < CR_CATALOG_PARTS; p++)
        total += catalog->n_items[p];
    catalog->child_block = calloc(total ? total : 1, sizeof *catalog->child_block);
    if (!catalog->child_block)
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");

    size_t block_used = 0;
    for (int p = 0; p < CR_CATALOG_PARTS; p++) {
        size_t n = catalog->n_items[p];
        cr_catalog_item *items = catalog->items[p];
        catalog->by_id[p] = malloc((n ? n : 1) * sizeof *catalog->by_id[p]);
        if (!catalog->by_id[p])
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        for (size_t i = 0; i < n; i++)
            catalog->by_id[p][i] = &items[i];
        qsort(catalog->by_id[p], n, sizeof *catalog->by_id[p], compare_ids);
        for (size_t i = 1; i < n; i++)
            if (strcmp(catalog->by_id[p][i - 1]->id, catalog->by_id[p][i]->id) == 0)
                return cr_error_set(err, CR_ERR_INPUT, file, 0, "$.items",
                                    "the %s part has \"%s\" twice; expected each id once",
                                    part_words[p], catalog->by_id[p][i]->id);

        /* Parents: an id's parent is its id without the last part, and it
         * comes earlier in document order (read_item checked the form). */
        for (size_t i = 0; i < n; i++) {
            cr_catalog_item *item = &items[i];
            item->parent = NULL;
            if (item->level == 1)
                continue;
            char parent_id[32];
            const char *dot = strrchr(item->id, '.');
            size_t len = (size_t)(dot - item->id);
            memcpy(parent_id, item->id, len);
            parent_id[len] = '\0';
            const cr_catalog_item *parent = cr_catalog_find(catalog, (cr_part)p, parent_id);
            if (!parent || parent >= item)
                return cr_error_set(err, CR_ERR_INPUT, file, 0, "$.items",
                                    "%s item \"%s\" has no parent \"%s\" before it; expected "
                                    "items in document order, each after its parent",
                                    part_words[p], item->id, parent_id);
            item->parent = parent;
            /* Count children here; their arrays are filled below. */
            items[parent - items].n_children++;
        }
        /* Give each item its slice of the block, then fill in order. */
        for (size_t i = 0; i < n; i++) {
            items[i].children = catalog->child_block + block_used;
            block_used += items[i].n_children;
            items[i].n_children = 0;
        }
        for (size_t i = 0; i < n; i++) {
            if (!items[i].parent)
                continue;
            cr_catalog_item *parent = &items[items[i].parent - items];
            size_t slot = (size_t)(parent->children - catalog->child_block) + parent->n_children++;
            catalog->child_block[slot] = &items[i];
        }
    }

    /* The control part by level. */
    size_t n = catalog->n_items[CR_PART_CONTROL];
    for (int level = 1; level <= CR_CATALOG_MAX_LEVEL; level++) {
        catalog->at_level[level] = malloc((n ? n : 1) * sizeof *catalog->at_level[level]);
        if (!catalog->at_level[level])
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
        catalog->n_at_level[level] = 0;
        for (size_t i = 0; i < n; i++)
            if (catalog->items[CR_PART_CONTROL][i].level == level)
                catalog->at_level[level][catalog->n_at_level[level]++] =
                    &catalog->items[CR_PART_CONTROL][i];
    }
    return CR_OK;
}
