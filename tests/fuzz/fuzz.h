/*
 * fuzz.h -- what every fuzz target shares.
 *
 * A target is one function, LLVMFuzzerTestOneInput, that feeds one input to
 * one parser and checks what must hold whatever the input: no crash, no leak,
 * no undefined behaviour (the sanitizers see to those), and the target's own
 * properties (a parsed CSV written back reads back the same; a parsed
 * distribution has the moments its JSON form gives back).  A property that
 * fails calls FUZZ_CHECK, which aborts, so libFuzzer records the input.
 *
 * Two builds use a target: `make fuzz` links it with clang's libFuzzer; the
 * test suite links it with replay.c, which feeds it every file of the
 * target's corpus (tests/fuzz/corpus/NAME/), so that inputs found once stay
 * fixed.
 */
#ifndef CR_TESTS_FUZZ_H
#define CR_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* A file holding data[0..size), for parsers that read a path: an anonymous
 * in-memory file (memfd) named by its /proc/self/fd path, so that fuzzing
 * touches no disk.  Returns NULL when it cannot be made; fuzz_file_close
 * releases it. */
typedef struct fuzz_file {
    int fd;
    char path[64];
} fuzz_file;

const char *fuzz_file_open(fuzz_file *f, const uint8_t *data, size_t size);
void fuzz_file_close(fuzz_file *f);

#endif
