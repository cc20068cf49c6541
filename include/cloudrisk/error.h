/*
 * cloudrisk/error.h -- the error value every fallible library call fills in.
 *
 * A call that can fail takes a `cr_error *` as its last argument and returns
 * a status (0 on success).  On failure the error says *what* was expected and
 * *where* the input broke it: the file, the 1-based line (CSV, text) or the
 * JSON path ($.controls["6.1.1"].status), so that a person can fix the input
 * without reading our code.  The error is plain data owned by the caller; no
 * library state is global.
 */
#ifndef CLOUDRISK_ERROR_H
#define CLOUDRISK_ERROR_H

#include <stddef.h>

#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes double as the command's exit codes (see cloudrisk(1)). */
typedef enum cr_status {
    CR_OK = 0,
    CR_ERR_FAILED = 1,   /* the job ran but a check failed (e.g. risk above appetite with --fail-above) */
    CR_ERR_ARGUMENT = 2, /* a call was given an argument it cannot take: an option out of
                            range, a value of the wrong form, objects that do not belong
                            together (what library calls return) */
    CR_ERR_USAGE = CR_ERR_ARGUMENT, /* the command's: wrong command-line words */
    CR_ERR_INPUT = 3,    /* malformed or out-of-range input data */
    CR_ERR_IO = 4,       /* a file could not be read or written */
    CR_ERR_MEMORY = 5,   /* out of memory */
    CR_ERR_INTERNAL = 6, /* a broken invariant: a bug, please report it */
    CR_ERR_INTERRUPTED = 130 /* stopped by SIGINT/SIGTERM; nothing half-written was left */
} cr_status;

typedef struct cr_error {
    cr_status status;
    char file[512];    /* input file, or "" */
    long line;         /* 1-based line, or 0 when not known */
    char path[256];    /* JSON path such as $.assets.confidentiality, or "" */
    char message[768]; /* what was wrong and what was expected */
} cr_error;

/* Reset to "no error". */
CR_PUBLIC void cr_error_clear(cr_error *err);

/* Fill in an error; file and path may be NULL, line may be 0.  Returns status
 * so that callers can write `return cr_error_set(err, CR_ERR_INPUT, ...);`.
 * A NULL err is allowed and ignored. */
CR_PUBLIC cr_status cr_error_set(cr_error *err, cr_status status, const char *file, long line,
                                 const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* "file:line: $.path: message" with the parts that are known. */
CR_PUBLIC void cr_error_format(const cr_error *err, char *buf, size_t size);

/* A short name for a status ("input error", ...). */
CR_PUBLIC const char *cr_status_name(cr_status status);

#ifdef __cplusplus
}
#endif
#endif
