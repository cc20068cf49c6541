/* fuzz_file.c -- in-memory files for parsers that take a path (see fuzz.h). */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fuzz.h"

const char *fuzz_file_open(fuzz_file *f, const uint8_t *data, size_t size)
{
    f->fd = memfd_create("cloudrisk-fuzz", MFD_CLOEXEC);
    if (f->fd < 0)
        return NULL;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(f->fd, data + done, size - done);
        if (w <= 0) {
            fuzz_file_close(f);
            return NULL;
        }
        done += (size_t)w;
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
    return f->path;
}

void fuzz_file_close(fuzz_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}
