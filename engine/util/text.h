/*
 * text.h -- UTF-8 checks and a growable string buffer (library-internal).
 */
#ifndef CR_UTIL_TEXT_H
#define CR_UTIL_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Returns true when text[0..len) is valid UTF-8 (no overlongs, surrogates or
 * code points above U+10FFFF).  On failure *bad_line is the 1-based line of the
 * first bad byte. */
/* 64-bit FNV-1a (Fowler, Noll and Vo) of bytes: a fast, well-spread hash
 * for keys (random stream keys, hash tables), never for security.  Start
 * from CR_FNV1A64_OFFSET and feed the pieces in turn:
 *   h = OFFSET; for each byte b: h = (h XOR b) * 0x100000001b3 (mod 2^64). */
#define CR_FNV1A64_OFFSET UINT64_C(0xcbf29ce484222325)
uint64_t cr_fnv1a64(uint64_t h, const void *data, size_t len);

bool cr_utf8_valid(const char *text, size_t len, long *bad_line);

/* Length of a UTF-8 byte-order mark at the start of text (0 or 3). */
size_t cr_utf8_bom_length(const char *text, size_t len);

/* "UTF-16LE" or "UTF-16BE" when text looks like UTF-16 (a UTF-16 byte-order
 * mark, or mostly zero bytes at every other place among its first bytes, as
 * ASCII text in UTF-16 has), NULL otherwise: a NUL byte in an input is most
 * often a file saved as "Unicode" by Windows tools, and saying so helps. */
const char *cr_utf16_guess(const char *text, size_t len);

/* True when s holds nothing but white space: ASCII space, tab, CR, LF, and
 * the no-break (U+00A0) and ideographic (U+3000) spaces a note typed in a
 * Japanese spreadsheet may be made of. */
bool cr_text_blank(const char *s);

/* 1-based line of text[offset]. */
long cr_line_at(const char *text, size_t offset);

/* A growable NUL-terminated string.  A failed allocation sets `failed` and
 * makes further appends no-ops, so callers check once at the end. */
typedef struct cr_strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} cr_strbuf;

void cr_strbuf_init(cr_strbuf *sb);
void cr_strbuf_free(cr_strbuf *sb);
void cr_strbuf_append(cr_strbuf *sb, const char *s, size_t n);
void cr_strbuf_puts(cr_strbuf *sb, const char *s);
void cr_strbuf_printf(cr_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cr_strbuf_vprintf(cr_strbuf *sb, const char *fmt, va_list ap);
/* Append s with &, <, >, " and ' replaced by HTML entities. */
void cr_strbuf_html_escaped(cr_strbuf *sb, const char *s);
/* ---- text from inputs, escaped for the medium it reaches (doc/security.md).
 *
 * Control characters (C0 but tab and line feed, DEL, and C1, U+0080 to
 * U+009F) are written as a visible "\x1B" (C1 as "\u009B"): in a terminal
 * they would move the cursor, ring the bell, retitle the window or rewrite
 * what was printed before, and in Markdown they reach the terminal or the
 * viewer the same way.  Line breaks are kept when keep_lines is true. */
void cr_strbuf_controls_escaped(cr_strbuf *sb, const char *s, bool keep_lines);
void cr_fput_controls_escaped(FILE *fp, const char *s, bool keep_lines);
/* True when s holds a control character that the above would escape. */
bool cr_has_controls(const char *s, bool keep_lines);
/* Markdown, one escaping for every Markdown output: a backslash before the
 * characters that make Markdown markup (\ ` * _ [ ] | # !), so that no link,
 * image, emphasis or table cell can be made from input text; entities for
 * HTML's < > &, so that no raw HTML (an <iframe>) passes; line breaks
 * flattened to a space (a table row is one line); control characters as
 * above. */
void cr_strbuf_md_escaped(cr_strbuf *sb, const char *s);
void cr_fput_md(FILE *fp, const char *s);

/* Detach the buffer (caller frees); the strbuf is left empty. */
char *cr_strbuf_take(cr_strbuf *sb);

/* Columns a terminal gives s: East Asian Wide and Fullwidth characters (CJK,
 * kana, Hangul, fullwidth forms, most emoji) take 2, combining marks and
 * zero-width format characters 0, control characters 0, everything else 1
 * (East Asian Ambiguous characters such as ① count 1, as in most terminals
 * outside CJK locales).  A byte that is not valid UTF-8 counts 1. */
size_t cr_utf8_display_width(const char *s);
/* Columns of one code point, as above. */
int cr_codepoint_width(unsigned long cp);

/* Write s padded with spaces to `width` display columns.  Longer text is cut
 * at a character boundary and ends in "…", still filling exactly `width`
 * columns, so that table columns stay aligned. */
void cr_fput_padded(FILE *fp, const char *s, size_t width);
void cr_strbuf_padded(cr_strbuf *sb, const char *s, size_t width);

#endif
