/*
 * readfile.c -- whole-file reads with a size limit.
 *
 * The file is opened non-blocking, so that a named pipe no process writes
 * to cannot hang the open (it reads as empty instead), and then read as an
 * ordinary blocking descriptor: a pipe that is written (a shell's process
 * substitution, `<(...)`) still works.  A directory is told as one, not as a
 * failed read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cloudrisk/io.h"

cr_status cr_read_file(const char *path, size_t max_bytes, char **text, size_t *len,
                       cr_error *err)
{
    *text = NULL;
    if (len)
        *len = 0;
    if (!path[0])
        return cr_error_set(err, CR_ERR_INPUT, "\"\"", 0, NULL,
                            "an empty file name; expected the path of a file");
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL, "is a directory; expected a file");
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        close(fd);
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    }
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
    int e = errno;
    fclose(fp);
    if (failed) {
        free(buf);
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "read failed: %s", strerror(e));
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
