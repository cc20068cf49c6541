/* error.c -- filling in and printing cr_error values. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/error.h"
#include "util/text.h"

void cr_error_clear(cr_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

static void copy_bounded(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, size, "%s", src);
}

cr_status cr_error_set(cr_error *err, cr_status status, const char *file, long line,
                       const char *path, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    copy_bounded(err->file, sizeof err->file, file);
    err->line = line;
    copy_bounded(err->path, sizeof err->path, path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

/* Messages quote input (a value, a key, a file name) and are printed to a
 * terminal: their control characters are made visible (util/text.h). */
static void format_raw(const cr_error *err, char *buf, size_t size);

void cr_error_format(const cr_error *err, char *buf, size_t size)
{
    char raw[4096];
    format_raw(err, raw, sizeof raw);
    if (!cr_has_controls(raw, false)) {
        snprintf(buf, size, "%s", raw);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_controls_escaped(&sb, raw, false);
    snprintf(buf, size, "%s",
             !sb.failed && sb.data ? sb.data : "(a message with control characters)");
    cr_strbuf_free(&sb);
}

static void format_raw(const cr_error *err, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
#define APPEND(...)                                                              \
    do {                                                                         \
        int n_ = snprintf(buf + used, size - used, __VA_ARGS__);                 \
        if (n_ > 0)                                                              \
            used = (used + (size_t)n_ < size) ? used + (size_t)n_ : size - 1;    \
    } while (0)
    if (err->file[0]) {
        APPEND("%s", err->file);
        if (err->line > 0)
            APPEND(":%ld", err->line);
        APPEND(": ");
    } else if (err->line > 0) {
        APPEND("line %ld: ", err->line);
    }
    if (err->path[0])
        APPEND("%s: ", err->path);
    APPEND("%s", err->message[0] ? err->message : cr_status_name(err->status));
#undef APPEND
}

const char *cr_status_name(cr_status status)
{
    switch (status) {
    case CR_OK: return "success";
    case CR_ERR_FAILED: return "check failed";
    case CR_ERR_ARGUMENT: return "invalid argument";
    case CR_ERR_INPUT: return "input error";
    case CR_ERR_IO: return "I/O error";
    case CR_ERR_MEMORY: return "out of memory";
    case CR_ERR_INTERNAL: return "internal error";
    case CR_ERR_INTERRUPTED: return "interrupted";
    }
    return "unknown error";
}
