/* text.c -- UTF-8 validation and cr_strbuf. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

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
