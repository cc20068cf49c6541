/*
 * cloudrisk/io.h -- output files that are never left half-written, and the
 * hash that identifies a run's inputs.
 *
 * Every file cloudrisk writes goes through cr_outfile: the bytes go to a
 * temporary file in the destination's directory (so that rename(2) is atomic,
 * on one file system), which is renamed over the destination only when the
 * writer commits.  A crash, an error or an interrupt before the commit leaves
 * the destination as it was.  A destination that is a character device or a
 * named pipe is written through instead (never replaced); a symbolic link is
 * followed; an existing file keeps its mode and owner (doc/security.md).
 */
#ifndef CLOUDRISK_IO_H
#define CLOUDRISK_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cr_outfile {
    FILE *fp;          /* write here */
    char *final_path;  /* NULL when writing to standard output */
    char *tmp_path;    /* the temporary beside final_path; NULL when writing
                        * through a device or a pipe */
} cr_outfile;

/* Open `path` for writing through a temporary; NULL or "-" means stdout. */
CR_PUBLIC cr_status cr_outfile_open(cr_outfile *out, const char *path, cr_error *err);
/* Flush, sync and rename into place.  Closes the file in every case. */
CR_PUBLIC cr_status cr_outfile_commit(cr_outfile *out, cr_error *err);
/* Close and delete the temporary; the destination is untouched.  Safe to
 * call after commit (it then does nothing). */
CR_PUBLIC void cr_outfile_abort(cr_outfile *out);
/* Refuse (CR_ERR_USAGE) two outputs that name the same file once links,
 * "." and ".." are resolved: the second would silently replace the first.
 * NULL names no output. */
CR_PUBLIC cr_status cr_outfile_check_distinct(const char *a, const char *b, cr_error *err);

/* SHA-256 (FIPS 180-4), used to identify inputs in every output. */
typedef struct cr_sha256 {
    uint32_t state[8];
    uint64_t bytes;
    unsigned char block[64];
    size_t used;
    bool accelerated; /* the processor's SHA instructions are used */
} cr_sha256;

CR_PUBLIC void cr_sha256_init(cr_sha256 *h);
CR_PUBLIC void cr_sha256_update(cr_sha256 *h, const void *data, size_t len);
/* Writes 64 lowercase hex digits and a NUL into hex[65]. */
CR_PUBLIC void cr_sha256_final_hex(cr_sha256 *h, char hex[65]);
/* Hash a whole file's bytes into an existing context. */
CR_PUBLIC cr_status cr_sha256_file(cr_sha256 *h, const char *path, cr_error *err);

/* Read a whole file into a NUL-terminated buffer (caller frees).  Refuses
 * files over max_bytes with a clear error. */
CR_PUBLIC cr_status cr_read_file(const char *path, size_t max_bytes, char **text, size_t *len,
                                 cr_error *err);

/* Largest input file cloudrisk reads (64 MiB). */
#define CR_MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)

#ifdef __cplusplus
}
#endif
#endif
