/* text.c -- UTF-8 validation, cr_strbuf, and display width for terminal tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

uint64_t cr_fnv1a64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

bool cr_utf8_valid(const char *text, size_t len, long *bad_line)
{
    const unsigned char *s = (const unsigned char *)text;
    long line = 1;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t need;
        unsigned cp, min;
        if (c == '\n')
            line++;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            goto bad;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += need + 1;
    }
    return true;
bad:
    if (bad_line)
        *bad_line = line;
    return false;
}

const char *cr_utf16_guess(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return "UTF-16LE";
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return "UTF-16BE";
    size_t pairs = (len < 128 ? len : 128) / 2, low_zero = 0, high_zero = 0;
    for (size_t k = 0; k < pairs; k++) {
        low_zero += s[2 * k] != 0 && s[2 * k + 1] == 0;
        high_zero += s[2 * k] == 0 && s[2 * k + 1] != 0;
    }
    /* Three pairs in four: a few non-ASCII characters do not hide it. */
    if (pairs >= 2 && low_zero * 4 >= pairs * 3)
        return "UTF-16LE";
    if (pairs >= 2 && high_zero * 4 >= pairs * 3)
        return "UTF-16BE";
    return NULL;
}

bool cr_text_blank(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        else if (p[0] == 0xC2 && p[1] == 0xA0)
            p += 2;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            p += 3;
        else
            return false;
    }
    return true;
}

long cr_line_at(const char *text, size_t offset)
{
    long line = 1;
    for (size_t i = 0; i < offset; i++)
        line += text[i] == '\n';
    return line;
}

size_t cr_utf8_bom_length(const char *text, size_t len)
{
    return len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
                   (unsigned char)text[2] == 0xBF
               ? 3
               : 0;
}

void cr_strbuf_init(cr_strbuf *sb) { memset(sb, 0, sizeof *sb); }

void cr_strbuf_free(cr_strbuf *sb)
{
    free(sb->data);
    memset(sb, 0, sizeof *sb);
}

static bool reserve(cr_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return false;
    if (sb->len + extra + 1 <= sb->cap)
        return true;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *grown = realloc(sb->data, cap);
    if (!grown) {
        sb->failed = true;
        return false;
    }
    sb->data = grown;
    sb->cap = cap;
    return true;
}

void cr_strbuf_append(cr_strbuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void cr_strbuf_puts(cr_strbuf *sb, const char *s) { cr_strbuf_append(sb, s, strlen(s)); }

void cr_strbuf_vprintf(cr_strbuf *sb, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || !reserve(sb, (size_t)n))
        return;
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void cr_strbuf_printf(cr_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cr_strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

void cr_strbuf_html_escaped(cr_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': cr_strbuf_puts(sb, "&amp;"); break;
        case '<': cr_strbuf_puts(sb, "&lt;"); break;
        case '>': cr_strbuf_puts(sb, "&gt;"); break;
        case '"': cr_strbuf_puts(sb, "&quot;"); break;
        case '\'': cr_strbuf_puts(sb, "&#39;"); break;
        default: cr_strbuf_append(sb, s, 1);
        }
    }
}

/* Length of the control character at p (1 or 2 bytes), or 0; *cp is its
 * code point. */
static size_t control_at(const unsigned char *p, unsigned *cp)
{
    if (p[0] < 0x20 || p[0] == 0x7F) {
        *cp = p[0];
        return 1;
    }
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *cp = p[1];
        return 2;
    }
    return 0;
}

static bool escaped_control(unsigned cp, bool keep_lines)
{
    return !(keep_lines && (cp == '\n' || cp == '\t'));
}

bool cr_has_controls(const char *s, bool keep_lines)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned cp;
        if (control_at(p, &cp) && escaped_control(cp, keep_lines))
            return true;
    }
    return false;
}

void cr_strbuf_controls_escaped(cr_strbuf *sb, const char *s, bool keep_lines)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp;
        size_t n = control_at(p, &cp);
        if (n && escaped_control(cp, keep_lines)) {
            cr_strbuf_printf(sb, cp < 0x80 ? "\\x%02X" : "\\u%04X", cp);
            p += n;
            continue;
        }
        /* Copy up to the next possible control at once. */
        const unsigned char *q = p + (n ? n : 1);
        while (*q && *q >= 0x20 && *q != 0x7F && *q != 0xC2)
            q++;
        cr_strbuf_append(sb, (const char *)p, (size_t)(q - p));
        p = q;
    }
}

void cr_fput_controls_escaped(FILE *fp, const char *s, bool keep_lines)
{
    if (!cr_has_controls(s, keep_lines)) {
        fputs(s, fp);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_controls_escaped(&sb, s, keep_lines);
    /* Out of memory: write nothing rather than the raw text. */
    if (!sb.failed && sb.data)
        fputs(sb.data, fp);
    cr_strbuf_free(&sb);
}

void cr_strbuf_md_escaped(cr_strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': cr_strbuf_puts(sb, "&lt;"); break;
        case '>': cr_strbuf_puts(sb, "&gt;"); break;
        case '&': cr_strbuf_puts(sb, "&amp;"); break;
        case '\r': break;
        case '\n': cr_strbuf_puts(sb, " "); break;
        case '\t': cr_strbuf_puts(sb, " "); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#':
        case '!':
            cr_strbuf_append(sb, "\\", 1);
            cr_strbuf_append(sb, s, 1);
            break;
        default: {
            unsigned cp;
            size_t n = control_at((const unsigned char *)s, &cp);
            if (n) {
                cr_strbuf_printf(sb, cp < 0x80 ? "\\x%02X" : "\\u%04X", cp);
                s += n - 1;
            } else {
                cr_strbuf_append(sb, s, 1);
            }
        }
        }
    }
}

void cr_fput_md(FILE *fp, const char *s)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_md_escaped(&sb, s);
    if (!sb.failed && sb.data)
        fputs(sb.data, fp);
    cr_strbuf_free(&sb);
}

char *cr_strbuf_take(cr_strbuf *sb)
{
    char *data = sb->data;
    if (!data && !sb->failed)
        data = calloc(1, 1);
    if (sb->failed) {
        free(data);
        data = NULL;
    }
    memset(sb, 0, sizeof *sb);
    return data;
}

/* ---- display width ------------------------------------------------------
 *
 * Terminals (and wcwidth(3)) follow Unicode's East Asian Width property
 * (UAX #11): characters marked W (wide) or F (fullwidth) take two columns.
 * We keep our own table rather than call wcwidth() because that depends on
 * the process locale, and a table printed in a C or POSIX locale must align
 * the same as one printed in ja_JP.UTF-8.  The ranges below are the W and F
 * blocks of EastAsianWidth.txt, merged where neighbouring blocks are all wide;
 * ambiguous characters (A) count one column. */

typedef struct width_range {
    unsigned long first, last;
} width_range;

static const width_range wide_ranges[] = {
    {0x1100, 0x115F},   /* Hangul Jamo initial consonants */
    {0x231A, 0x231B},   /* watch, hourglass */
    {0x2329, 0x232A},   /* angle brackets */
    {0x23E9, 0x23EC},   {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},   {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE},
    {0x26C4, 0x26C5},   {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA},
    {0x26F2, 0x26F3},   {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C},
    {0x274E, 0x274E},   {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   /* CJK radicals, Kangxi, CJK symbols and punctuation */
    {0x3041, 0x3247},   /* Hiragana, Katakana, Bopomofo, Hangul compatibility
                           Jamo, Kanbun, CJK strokes, enclosed CJK (part) */
    {0x3250, 0x4DBF},   /* enclosed CJK, CJK compatibility, CJK extension A */
    {0x4E00, 0xA4CF},   /* CJK unified ideographs, Yi */
    {0xA960, 0xA97F},   /* Hangul Jamo extended A */
    {0xAC00, 0xD7A3},   /* Hangul syllables */
    {0xF900, 0xFAFF},   /* CJK compatibility ideographs */
    {0xFE10, 0xFE19},   /* vertical forms */
    {0xFE30, 0xFE6F},   /* CJK compatibility forms, small form variants */
    {0xFF00, 0xFF60},   /* fullwidth ASCII variants */
    {0xFFE0, 0xFFE6},   /* fullwidth signs */
    {0x16FE0, 0x16FE4}, {0x16FF0, 0x16FF1},
    {0x17000, 0x18CFF}, /* Tangut */
    {0x1AFF0, 0x1B2FF}, /* Kana supplement and extensions, Nushu */
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
    {0x1F260, 0x1F265},
    {0x1F300, 0x1F64F}, /* pictographs and emoticons (a few narrow ones count 2) */
    {0x1F680, 0x1F6FF}, /* transport and map symbols (likewise) */
    {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F9FF}, /* supplemental symbols and pictographs */
    {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, /* CJK extensions B-F, compatibility supplement */
    {0x30000, 0x3FFFD}, /* CJK extensions G-H */
};

/* Combining marks (general categories Mn and Me) of the scripts cloudrisk's
 * text may carry, and zero-width format characters. */
static const width_range zero_ranges[] = {
    {0x0300, 0x036F},   /* combining diacritical marks */
    {0x0483, 0x0489},   {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5},   {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0670, 0x0670},   {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8},
    {0x06EA, 0x06ED},   {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},
    {0x1160, 0x11FF},   /* Hangul Jamo medial vowels and finals: join the initial */
    {0x1AB0, 0x1AFF},   /* combining diacritical marks extended */
    {0x1DC0, 0x1DFF},   /* combining diacritical marks supplement */
    {0x200B, 0x200F},   /* zero-width space, joiners, direction marks */
    {0x202A, 0x202E},   {0x2060, 0x2064},
    {0x20D0, 0x20FF},   /* combining marks for symbols */
    {0x302A, 0x302D},   /* ideographic tone marks */
    {0x3099, 0x309A},   /* combining kana voiced sound marks */
    {0xFE00, 0xFE0F},   /* variation selectors */
    {0xFE20, 0xFE2F},   /* combining half marks */
    {0xFEFF, 0xFEFF},   /* zero-width no-break space (BOM) */
    {0xE0001, 0xE007F}, /* tags */
    {0xE0100, 0xE01EF}, /* variation selectors supplement */
};

static bool in_ranges(unsigned long cp, const width_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int cr_codepoint_width(unsigned long cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (cp < 0x300)
        return 1;
    if (in_ranges(cp, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
        return 0;
    if (in_ranges(cp, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
        return 2;
    return 1;
}

/* Decode the character at s; returns its length in bytes.  A byte that does
 * not start valid UTF-8 is taken alone, as U+FFFD (one column). */
static size_t decode_utf8(const unsigned char *s, unsigned long *cp)
{
    unsigned c = s[0];
    size_t need;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 1, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 3, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80) { /* also stops at the terminating NUL */
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need + 1;
}

size_t cr_utf8_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t width = 0;
    while (*p) {
        unsigned long cp;
        p += decode_utf8(p, &cp);
        width += (size_t)cr_codepoint_width(cp);
    }
    return width;
}

static void put_padded(cr_strbuf *sb, const char *s, size_t width);

void cr_fput_padded(FILE *fp, const char *s, size_t width)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_padded(&sb, s, width);
    if (!sb.failed && sb.data)
        fputs(sb.data, fp);
    cr_strbuf_free(&sb);
}

void cr_strbuf_padded(cr_strbuf *sb, const char *s, size_t width)
{
    if (!cr_has_controls(s, false)) {
        put_padded(sb, s, width);
        return;
    }
    /* A table cell is one line: every control character is escaped. */
    cr_strbuf esc;
    cr_strbuf_init(&esc);
    cr_strbuf_controls_escaped(&esc, s, false);
    if (esc.failed)
        sb->failed = true;
    put_padded(sb, !esc.failed && esc.data ? esc.data : "", width);
    cr_strbuf_free(&esc);
}

static void put_padded(cr_strbuf *sb, const char *s, size_t width)
{
    size_t total = cr_utf8_display_width(s);
    size_t used = 0;
    if (total <= width) {
        cr_strbuf_puts(sb, s);
        used = total;
    } else if (width > 0) {
        /* Keep whole characters within width - 1 columns, then the ellipsis
         * (one column); a wide character that would straddle the edge is
         * left out and its column filled with a space below. */
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
            unsigned long cp;
            size_t n = decode_utf8(p, &cp);
            size_t w = (size_t)cr_codepoint_width(cp);
            if (used + w > width - 1)
                break;
            cr_strbuf_append(sb, (const char *)p, n);
            used += w;
            p += n;
        }
        cr_strbuf_puts(sb, "\xE2\x80\xA6"); /* U+2026 HORIZONTAL ELLIPSIS */
        used++;
    }
    for (; used < width; used++)
        cr_strbuf_append(sb, " ", 1);
}
