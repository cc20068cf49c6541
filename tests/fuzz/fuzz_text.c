/*
 * fuzz_text.c -- the text helpers every parser and report relies on
 * (engine/util/text.c): UTF-8 validation, display width and padding for
 * terminal tables, HTML escaping.
 *
 * Properties:
 *   - cr_utf8_valid agrees with an independent decoder written here from
 *     the table of well-formed byte sequences (Unicode 15, table 3-7);
 *   - for valid text, the display width is the sum of the code points'
 *     widths, and cr_fput_padded fills exactly the columns asked for;
 *   - HTML-escaped text holds no <, >, ", ' and no & that does not begin one
 *     of our five entities, and unescapes to the original.
 */
#include <string.h>

#include "fuzz.h"
#include "util/text.h"

/* Length of the well-formed sequence at s[0..len), 0 when ill-formed; the
 * code point in *cp.  Table 3-7 lists, per lead byte, the range of the second
 * byte; all later bytes are 80..BF. */
static size_t well_formed(const unsigned char *s, size_t len, unsigned long *cp)
{
    unsigned c = s[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c <= 0x7F) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c == 0xE0) {
        n = 3, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        n = 3;
    } else if (c == 0xED) {
        n = 3, hi = 0x9F;
    } else if (c == 0xF0) {
        n = 4, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        n = 4;
    } else if (c == 0xF4) {
        n = 4, hi = 0x8F;
    } else {
        return 0;
    }
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    unsigned long v = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; k++)
        v = (v << 6) | (s[k] & 0x3F);
    *cp = v;
    return n;
}

static void check_utf8(const unsigned char *s, size_t len)
{
    bool valid = true;
    long line = 1, bad_at = 0;
    for (size_t i = 0; i < len;) {
        unsigned long cp;
        size_t n = well_formed(s + i, len - i, &cp);
        if (n == 0) {
            valid = false;
            bad_at = line;
            break;
        }
        if (cp == '\n')
            line++;
        i += n;
    }
    long got_line = 0;
    FUZZ_CHECK(cr_utf8_valid((const char *)s, len, &got_line) == valid);
    if (!valid)
        FUZZ_CHECK(got_line == bad_at);
}

static void check_width(const char *s)
{
    size_t len = strlen(s);
    if (!cr_utf8_valid(s, len, NULL))
        return;
    size_t sum = 0;
    for (size_t i = 0; i < len;) {
        unsigned long cp;
        size_t n = well_formed((const unsigned char *)s + i, len - i, &cp);
        FUZZ_CHECK(n > 0);
        int w = cr_codepoint_width(cp);
        FUZZ_CHECK(w >= 0 && w <= 2);
        sum += (size_t)w;
        i += n;
    }
    size_t total = cr_utf8_display_width(s);
    FUZZ_CHECK(total == sum);
    for (size_t width = 0; width <= total + 2; width += 1 + width / 3) {
        char *out = NULL;
        size_t out_len = 0;
        FILE *fp = open_memstream(&out, &out_len);
        FUZZ_CHECK(fp != NULL);
        cr_fput_padded(fp, s, width);
        FUZZ_CHECK(fclose(fp) == 0);
        FUZZ_CHECK(cr_utf8_valid(out, out_len, NULL));
        FUZZ_CHECK(cr_utf8_display_width(out) == width);
        free(out);
    }
}

static void check_html(const char *s)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_html_escaped(&sb, s);
    char *out = cr_strbuf_take(&sb);
    FUZZ_CHECK(out != NULL);
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    static const char plain[] = "&<>\"'";
    size_t k = 0;
    for (const char *p = out; *p;) {
        FUZZ_CHECK(*p != '<' && *p != '>' && *p != '"' && *p != '\'');
        if (*p == '&') {
            size_t e = 0;
            while (e < 5 && strncmp(p, entities[e], strlen(entities[e])) != 0)
                e++;
            FUZZ_CHECK(e < 5);
            FUZZ_CHECK(s[k] == plain[e]);
            p += strlen(entities[e]);
        } else {
            FUZZ_CHECK(s[k] == *p);
            p++;
        }
        k++;
    }
    FUZZ_CHECK(s[k] == '\0');
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_utf8(data, size);
    char *s = malloc(size + 1);
    FUZZ_CHECK(s != NULL);
    memcpy(s, data, size);
    s[size] = '\0'; /* the string functions stop at the first NUL */
    check_width(s);
    check_html(s);
    free(s);
    return 0;
}
