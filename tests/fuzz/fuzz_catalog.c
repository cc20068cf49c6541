/*
 * fuzz_catalog.c -- the control catalogue's loader (engine/catalog/), which
 * reads shipped data but checks it as any other input.
 *
 * Properties of an accepted catalogue: every item is found again by its id,
 * its parent lists it among its children, and its level is one more than its
 * parent's; searching for an item's id finds at least that item.
 */
#include <string.h>

#include "cloudrisk/catalog.h"
#include "fuzz.h"

static void count_visit(const cr_catalog_item *item, void *ctx)
{
    (void)item;
    (*(size_t *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    const char *path = fuzz_file_open(&f, data, size);
    if (!path)
        return 0;
    cr_catalog *catalog = NULL;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = cr_catalog_load_files(path, NULL, &catalog, &err);
    fuzz_file_close(&f);
    if (st != CR_OK) {
        FUZZ_CHECK(catalog == NULL);
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        return 0;
    }
    for (int part = CR_PART_GOVERNANCE; part <= CR_PART_CONTROL; part++) {
        size_t n = cr_catalog_count(catalog, (cr_part)part);
        for (size_t i = 0; i < n; i++) {
            const cr_catalog_item *item = cr_catalog_at(catalog, (cr_part)part, i);
            FUZZ_CHECK(item != NULL && item->id != NULL);
            FUZZ_CHECK(cr_catalog_find(catalog, (cr_part)part, item->id) == item);
            if (item->parent) {
                FUZZ_CHECK(item->parent->level + 1 == item->level);
                bool listed = false;
                for (size_t k = 0; k < item->parent->n_children; k++)
                    listed = listed || item->parent->children[k] == item;
                FUZZ_CHECK(listed);
            }
            if (part == CR_PART_CONTROL) {
                size_t found = 0;
                cr_catalog_search(catalog, item->id, count_visit, &found);
                FUZZ_CHECK(found >= 1);
            }
        }
    }
    cr_catalog_free(catalog);
    return 0;
}
