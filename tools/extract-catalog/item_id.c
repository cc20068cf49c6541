/*
 * item_id.c -- numbered ids ("7.4.1.4", "C.2.1") and their order.
 *
 * An item's first line starts with its id, but so can other lines: a list
 * entry "1.要員", or a wrapped line that happens to begin with a number.  The
 * numbering has no gaps, so the test that tells them apart is order: an id is
 * taken only where it may follow the previous one (its first child, or the
 * next sibling of it or of one of its ancestors).
 *
 * The separator after an id is two spaces, one space, or nothing at all when
 * the extraction glued the text to the id ("2.2.1.19クラウド"); it always
 * did so after a multi-part id, so a bare number glued to text ("1.要員")
 * is never an id.
 */
#include <stdio.h>
#include <string.h>

#include "extract.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ascii_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t item_id_parse(const char *text, bool allow_c, item_id *id)
{
    const char *p = text;
    id->n = 0;
    for (;;) {
        int value;
        if (id->n == 0 && allow_c && *p == 'C') {
            value = ID_C;
            p++;
        } else if (is_digit(*p) && *p != '0') {
            value = 0;
            int digits = 0;
            while (is_digit(*p) && digits < 3) {
                value = value * 10 + (*p++ - '0');
                digits++;
            }
            if (is_digit(*p))
                return 0;
        } else {
            return 0;
        }
        if (id->n == ID_MAX_PARTS)
            return 0;
        id->part[id->n++] = value;
        if (p[0] == '.' && is_digit(p[1]))
            p++;
        else
            break;
    }
    if (*p == ' ') {
        while (*p == ' ')
            p++;
        return *p ? (size_t)(p - text) : 0;
    }
    /* Glued text: only after a multi-part id, and never an ASCII letter,
     * digit or dot (which would make "1.要員" or "C.x" look like ids). */
    if (id->n >= 2 && *p && *p != '.' && !is_ascii_alnum(*p) && (unsigned char)*p >= 0x80)
        return (size_t)(p - text);
    return 0;
}

void item_id_format(const item_id *id, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < id->n && used < size; i++) {
        int n;
        if (id->part[i] == ID_C)
            n = snprintf(buf + used, size - used, "%sC", i ? "." : "");
        else
            n = snprintf(buf + used, size - used, "%s%d", i ? "." : "", id->part[i]);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}

static int next_top(int value, int c_after)
{
    if (value == ID_C)
        return -1;
    if (c_after > 0 && value == c_after)
        return ID_C;
    return value + 1;
}

bool item_id_follows(const item_id *prev, const item_id *next, int max_level, int c_after)
{
    if (next->n < 1 || next->n > max_level)
        return false;
    if (prev->n == 0)
        return next->n == 1 && next->part[0] == 1;
    /* First child of prev. */
    if (next->n == prev->n + 1) {
        for (int i = 0; i < prev->n; i++)
            if (next->part[i] != prev->part[i])
                return false;
        return next->part[prev->n] == 1;
    }
    /* Next sibling of prev or of one of its ancestors. */
    if (next->n > prev->n)
        return false;
    int k = next->n - 1;
    for (int i = 0; i < k; i++)
        if (next->part[i] != prev->part[i])
            return false;
    int want = k == 0 ? next_top(prev->part[0], c_after) : prev->part[k] + 1;
    return next->part[k] == want;
}
