/*
 * encoding.h -- text files as spreadsheets save them: UTF-8 (with or without
 * a byte-order mark) or Japanese Excel's default "CSV", which is Shift_JIS in
 * Microsoft's code page 932 (library-internal).
 */
#ifndef CR_UTIL_ENCODING_H
#define CR_UTIL_ENCODING_H

#include <stddef.h>

#include "cloudrisk/error.h"

/* When text[0..len) is UTF-8 (or holds a NUL byte or looks like UTF-16, left
 * to the caller's own checks), sets *utf8 = NULL: use text as it is.  When it is CP932 and could
 * not be EUC-JP, sets *utf8 to the text converted to UTF-8 (caller frees) and
 * *utf8_len to its length.  Otherwise refuses with the fix: save the file as
 * "CSV UTF-8", or the exact iconv command. */
cr_status cr_text_to_utf8(const char *name, const char *text, size_t len, char **utf8,
                          size_t *utf8_len, cr_error *err);

#endif
