/*
 * fault.c -- make the n-th allocation, or the n-th write or rename, fail.
 *
 * After SQLite's test_malloc.c and curl's torture tests: a command that
 * promises "out of memory is exit 5, an I/O error exit 4, and nothing is left
 * half-written" is run once to count its allocations and writes, then once
 * for each n with the n-th of them failing, and each run must end cleanly
 * (tests/fault/torture.sh).  Only the n-th call fails -- the ones after it
 * succeed again -- so that each run exercises exactly one error path.
 *
 * This file is linked only into the command of a build configured with
 * --enable-fault-injection, together with -Wl,--wrap=malloc (and calloc,
 * realloc, strdup, fflush, fsync, fclose, rename): every call that the
 * library's objects and the command make to those functions reaches the
 * __wrap_ functions below.  Calls made inside the shared libraries we use
 * (cJSON, SQLite, GSL, the C library itself) are not counted.  The library
 * holds no trace of any of this; the counters below belong to the test
 * build's command alone.
 *
 * The environment, read by the command's main before anything else:
 *   CLOUDRISK_FAULT_ALLOC=N  the N-th allocation (1-based) returns NULL with
 *                            errno ENOMEM; 0 or unset: none fails
 *   CLOUDRISK_FAULT_IO=N     the N-th fflush, fsync, fclose or rename fails
 *                            with EIO (fclose still closes the stream)
 *   CLOUDRISK_FAULT_LOG=FILE at exit, append one line to FILE:
 *                            "allocations A writes W injected I" (I: 1 when
 *                            the armed failure happened), so that the
 *                            driver knows when n has passed the last call.
 * Calls are counted across threads with atomic counters; the driver runs
 * commands with one worker so that "the n-th" names the same call each time.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fault/fault.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
int __real_fflush(FILE *fp);
int __real_fsync(int fd);
int __real_fclose(FILE *fp);
int __real_rename(const char *from, const char *to);

/* The test build's own state: set once from the environment before the
 * command starts any thread, then only counted. */
static struct {
    unsigned long alloc_target, io_target;
    atomic_ulong allocs, writes;
    atomic_int injected;
    char log[4096];
} fault;

static unsigned long env_number(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strtoul(v, NULL, 10) : 0;
}

static void write_log(void)
{
    FILE *fp = fopen(fault.log, "a");
    if (!fp)
        return;
    fprintf(fp, "allocations %lu writes %lu injected %d\n", atomic_load(&fault.allocs),
            atomic_load(&fault.writes), atomic_load(&fault.injected));
    __real_fclose(fp);
}

void fault_setup_from_env(void)
{
    fault.alloc_target = env_number("CLOUDRISK_FAULT_ALLOC");
    fault.io_target = env_number("CLOUDRISK_FAULT_IO");
    const char *log = getenv("CLOUDRISK_FAULT_LOG");
    if (log && *log && strlen(log) < sizeof fault.log) {
        memcpy(fault.log, log, strlen(log) + 1);
        atexit(write_log);
    }
}

/* True when this call is the one to fail. */
static int alloc_fails(void)
{
    unsigned long n = atomic_fetch_add(&fault.allocs, 1) + 1;
    if (fault.alloc_target == 0 || n != fault.alloc_target)
        return 0;
    atomic_store(&fault.injected, 1);
    errno = ENOMEM;
    return 1;
}

static int write_fails(void)
{
    unsigned long n = atomic_fetch_add(&fault.writes, 1) + 1;
    if (fault.io_target == 0 || n != fault.io_target)
        return 0;
    atomic_store(&fault.injected, 1);
    errno = EIO;
    return 1;
}

void *__wrap_malloc(size_t size)
{
    return alloc_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return alloc_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return alloc_fails() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    return alloc_fails() ? NULL : __real_strdup(s);
}

int __wrap_fflush(FILE *fp)
{
    return write_fails() ? EOF : __real_fflush(fp);
}

int __wrap_fsync(int fd)
{
    return write_fails() ? -1 : __real_fsync(fd);
}

int __wrap_fclose(FILE *fp)
{
    if (!write_fails())
        return __real_fclose(fp);
    __real_fclose(fp);
    errno = EIO;
    return EOF;
}

int __wrap_rename(const char *from, const char *to)
{
    return write_fails() ? -1 : __real_rename(from, to);
}
