/*
 * encoding.c -- see encoding.h.
 *
 * The rule: valid UTF-8 is UTF-8 (a Shift_JIS file of Japanese text is almost
 * never valid UTF-8: its lead bytes 0x81-0x9F are UTF-8 continuation bytes).
 * Otherwise the bytes are tried as CP932 (Shift_JIS with Microsoft's
 * extensions, what Japanese Excel writes) and as EUC-JP.  Only CP932 decodes:
 * converted with iconv(3).  Both decode (a few bytes in 0xA1-0xFE can be
 * either): ambiguous, refused with the command that converts each way.
 * Neither: refused, naming the first byte that is not UTF-8 and its line.
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/encoding.h"
#include "util/text.h"

/* Convert with iconv; returns the converted text (caller frees) or NULL,
 * with *bad the offset of the first byte that does not decode. */
static char *convert(const char *from, const char *text, size_t len, size_t *out_len,
                     size_t *bad, bool *no_memory)
{
    *bad = 0;
    *no_memory = false;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 3 * len + 1; /* a byte of CP932 or EUC-JP is at most 3 of UTF-8 */
    char *out = malloc(cap);
    if (!out) {
        *no_memory = true;
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)text, *o = out;
    size_t in_left = len, out_left = cap - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    if (r == (size_t)-1 || in_left > 0 || iconv(cd, NULL, NULL, &o, &out_left) == (size_t)-1) {
        *bad = (size_t)(in - text);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

cr_status cr_text_to_utf8(const char *name, const char *text, size_t len, char **utf8,
                          size_t *utf8_len, cr_error *err)
{
    long bad_line;
    *utf8 = NULL;
    *utf8_len = 0;
    /* NUL bytes and UTF-16 are the caller's to name. */
    if (memchr(text, '\0', len) || cr_utf16_guess(text, len) ||
        cr_utf8_valid(text, len, &bad_line))
        return CR_OK;
    size_t sjis_len = 0, euc_len = 0, sjis_bad, euc_bad;
    bool no_memory, no_memory2;
    char *sjis = convert("CP932", text, len, &sjis_len, &sjis_bad, &no_memory);
    char *euc = convert("EUC-JP", text, len, &euc_len, &euc_bad, &no_memory2);
    free(euc);
    if (no_memory || no_memory2) {
        free(sjis);
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    }
    if (sjis && !euc) {
        *utf8 = sjis;
        *utf8_len = sjis_len;
        return CR_OK;
    }
    if (sjis) {
        free(sjis);
        return cr_error_set(err, CR_ERR_INPUT, name, 0, NULL,
                            "not UTF-8, and reads both as Shift_JIS (CP932) and as EUC-JP; "
                            "expected UTF-8: save it as \"CSV UTF-8\" or convert it with "
                            "'iconv -f CP932 -t UTF-8' (or '-f EUC-JP')");
    }
    return cr_error_set(err, CR_ERR_INPUT, name, bad_line, NULL,
                        "invalid UTF-8, and not Shift_JIS (CP932) either; expected UTF-8 "
                        "text: save it as \"CSV UTF-8\"");
}
