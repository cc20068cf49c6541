/* readfile.c -- whole-file reads with a size limit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"

cr_status cr_read_file(const char *path, size_t max_bytes, char **text, size_t *len,
                       cr_error *err)
{
    *text = NULL;
    if (len)
        *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    size_t cap = 4096, used = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(fp);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
    for (;;) {
        if (used == cap) {
            if (cap > max_bytes) {
                free(buf);
                fclose(fp);
                return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                                    "file is larger than the %zu-byte limit", max_bytes);
            }
            cap *= 2;
            char *grown = realloc(buf, cap + 1);
            if (!grown) {
                free(buf);
                fclose(fp);
                return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
            }
            buf = grown;
        }
        size_t got = fread(buf + used, 1, cap - used, fp);
        used += got;
        if (got == 0)
            break;
    }
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        free(buf);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "read failed");
    }
    if (used > max_bytes) {
        free(buf);
        return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                            "file is larger than the %zu-byte limit", max_bytes);
    }
    buf[used] = '\0';
    *text = buf;
    if (len)
        *len = used;
    return CR_OK;
}
