/*
 * fuzz_manifest.c -- the batch's fleet manifest (engine/batch/batch_list.c):
 * a CSV file with a "service" column and optionally "controls" and
 * "decisions", read into the list of services a batch runs over.
 *
 * Properties: a refusal is an input error (or out of memory) with a message;
 * an accepted manifest lists at least one service, one per data row, in the
 * manifest's order, each with a service path and the line it came from, and
 * paths joined to the manifest's own directory unless absolute (so all
 * absolute here, where the manifest is /proc/self/fd/N).
 */
#include <string.h>

#include "batch/batch_internal.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    const char *path = fuzz_file_open(&f, data, size);
    FUZZ_CHECK(path != NULL);
    batch_item *items = NULL;
    size_t n = 0;
    cr_error err;
    cr_error_clear(&err);
    cr_status st = batch_list(path, &items, &n, &err);
    fuzz_file_close(&f);
    if (st != CR_OK) {
        FUZZ_CHECK(st == CR_ERR_INPUT || st == CR_ERR_MEMORY);
        FUZZ_CHECK(err.message[0] != '\0');
        FUZZ_CHECK(items == NULL && n == 0);
        return 0;
    }
    FUZZ_CHECK(n >= 1);
    long last_line = 0;
    for (size_t i = 0; i < n; i++) {
        const batch_item *it = &items[i];
        FUZZ_CHECK(it->service_path && it->service_path[0]);
        FUZZ_CHECK(it->manifest_line > last_line);
        last_line = it->manifest_line;
        /* The manifest's directory is absolute (/proc/self/fd), so every
         * path, joined to it or absolute already, is absolute. */
        FUZZ_CHECK(it->service_path[0] == '/');
        if (it->controls_path)
            FUZZ_CHECK(it->controls_path[0] == '/');
        if (it->decisions_path)
            FUZZ_CHECK(it->decisions_path[0] == '/');
    }
    batch_items_free(items, n);
    return 0;
}
