/*
 * fault.h -- fault injection for the test build of the command (configure
 * --enable-fault-injection; see fault.c).  Nothing here is in the library.
 */
#ifndef CLOUDRISK_TOOLS_FAULT_H
#define CLOUDRISK_TOOLS_FAULT_H

#include <stddef.h>
#include <stdio.h>

/* Read CLOUDRISK_FAULT_ALLOC, CLOUDRISK_FAULT_IO and CLOUDRISK_FAULT_LOG
 * (fault.c says what they mean) and arm the wrappers.  Called once, first
 * thing, by the command's main. */
void fault_setup_from_env(void);

/* The wrappers the linker puts in place of the real functions
 * (-Wl,--wrap=NAME makes every call to NAME in our objects call __wrap_NAME,
 * and __real_NAME the original). */
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
int __wrap_fflush(FILE *fp);
int __wrap_fsync(int fd);
int __wrap_fclose(FILE *fp);
int __wrap_rename(const char *from, const char *to);

#endif
