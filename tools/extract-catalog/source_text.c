/*
 * source_text.c -- from the PDF's plain text to clean body lines.
 *
 * The text alternates content lines and blank lines, so blank lines carry no
 * meaning and are dropped.  What does carry meaning, and is kept, is whether a
 * line ended in white space: the extraction put a space after the last line
 * of every paragraph, heading and item, and none after a line that wraps.
 *
 * Removed here, because none of it is part of any item:
 *   - the one space that starts each page (a line that follows another line
 *     with no blank between them is the first line of a page);
 *   - page footers "- N -        日本セキュリティ監査協会";
 *   - footnote blocks: a line of over 1000 spaces opens one, then come the
 *     "*N ..." notes.  A note's paragraph ends at a line ending in "。"; the
 *     block goes on while the next line starts with "*" or is wider than any
 *     body line (the notes are set wider: over 100 columns, body lines at
 *     most about 92).  A block often falls inside an item, which simply
 *     resumes after it;
 *   - footnote markers glued to the text they annotate ("…セキュリティ*2").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "extract.h"
#include "util/text.h"

/* A whitespace-only line longer than this opens a footnote block. */
#define FOOTNOTE_RULE_MIN_BYTES 1000
/* Footnote text is set wider than this many display columns. */
#define FOOTNOTE_MIN_COLUMNS 100
/* The one title this extractor knows how to read. */
static const char expected_title[] = "クラウド情報セキュリティ管理基準 2013年度改正版";

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

bool str_append(char **a, const char *sep, const char *b)
{
    size_t la = *a ? strlen(*a) : 0;
    size_t ls = la && sep ? strlen(sep) : 0;
    size_t lb = strlen(b);
    char *grown = realloc(*a, la + ls + lb + 1);
    if (!grown)
        return false;
    if (ls)
        memcpy(grown + la, sep, ls);
    memcpy(grown + la + ls, b, lb + 1);
    *a = grown;
    return true;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* "- 61 -        日本セキュリティ監査協会" */
static bool is_footer(const char *s)
{
    while (*s == ' ')
        s++;
    if (s[0] != '-' || s[1] != ' ')
        return false;
    s += 2;
    if (*s < '0' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9')
        s++;
    if (strncmp(s, " -", 2) != 0)
        return false;
    s += 2;
    while (*s == ' ')
        s++;
    if (strncmp(s, "日本セキュリティ監査協会", strlen("日本セキュリティ監査協会")) != 0)
        return false;
    return is_blank(s + strlen("日本セキュリティ監査協会"));
}

/* Remove "*N" where it is glued to the preceding text; returns how many. */
static long strip_markers(char *s)
{
    long removed = 0;
    char *out = s;
    for (char *p = s; *p;) {
        if (*p == '*' && p > s && p[-1] != ' ' && p[1] >= '0' && p[1] <= '9') {
            p++;
            while (*p >= '0' && *p <= '9')
                p++;
            removed++;
            continue;
        }
        *out++ = *p++;
    }
    *out = '\0';
    return removed;
}

static char *trim_right(char *s, bool *had_space)
{
    size_t n = strlen(s);
    *had_space = n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t');
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* Does s, without trailing spaces, end with suffix? */
static bool ends_with_trimmed(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* The file's physical lines, NUL-terminated in place (CR removed). */
typedef struct phys_lines {
    char **v;
    long n;
} phys_lines;

static cr_status split_lines(char *text, size_t len, phys_lines *pl, const char *path,
                             cr_error *err)
{
    long n = 1;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            n++;
    pl->v = calloc((size_t)n, sizeof *pl->v);
    if (!pl->v)
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    pl->n = 0;
    bool final_newline = len > 0 && text[len - 1] == '\n';
    char *p = text;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        size_t l = strlen(p);
        if (l && p[l - 1] == '\r')
            p[l - 1] = '\0';
        pl->v[pl->n++] = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    /* A final newline ends the last line; it does not start another. */
    if (final_newline)
        pl->n--;
    return CR_OK;
}

/* Skip the footnote block whose rule is physical line `rule` (0-based);
 * returns the index of its last line. */
static cr_status skip_footnotes(const phys_lines *pl, long rule, long *last, source_text *st,
                                cr_error *err)
{
    long i = rule + 1;
    while (i < pl->n && is_blank(pl->v[i]))
        i++;
    const char *first = pl->v[i < pl->n ? i : rule];
    if (i >= pl->n || (first[0] != '*' && !(first[0] == ' ' && first[1] == '*')))
        return cr_error_set(err, CR_ERR_INPUT, st->path, rule + 1, NULL,
                            "a footnote rule (a line of spaces) not followed by a \"*N\" note");
    for (;;) {
        /* One paragraph: up to a line ending in "。". */
        for (; i < pl->n; i++) {
            if (is_blank(pl->v[i]))
                continue;
            st->footnote_lines++;
            if (ends_with_trimmed(pl->v[i], "。"))
                break;
        }
        if (i >= pl->n)
            break;
        *last = i;
        long next = i + 1;
        while (next < pl->n && is_blank(pl->v[next]))
            next++;
        if (next >= pl->n)
            break;
        const char *s = pl->v[next];
        bool note = s[0] == '*' || (s[0] == ' ' && s[1] == '*');
        if (!note && cr_utf8_display_width(s) <= FOOTNOTE_MIN_COLUMNS)
            break;
        i = next;
    }
    if (i >= pl->n)
        return cr_error_set(err, CR_ERR_INPUT, st->path, rule + 1, NULL,
                            "footnote block runs to the end of the file without a line "
                            "ending in \"。\"");
    return CR_OK;
}

static cr_status add_line(source_text *st, long no, char *raw, bool page_start, size_t *cap,
                          cr_error *err)
{
    if (st->n_lines == *cap) {
        size_t grown_cap = *cap ? *cap * 2 : 4096;
        src_line *grown = realloc(st->lines, grown_cap * sizeof *grown);
        if (!grown)
            return cr_error_set(err, CR_ERR_MEMORY, st->path, no, NULL, "out of memory");
        st->lines = grown;
        *cap = grown_cap;
    }
    char *s = raw;
    if (page_start && *s == ' ') {
        s++;
        st->page_starts++;
    }
    int indent = 0;
    while (*s == ' ') {
        s++;
        indent++;
    }
    char *text = xstrdup(s);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, st->path, no, NULL, "out of memory");
    st->markers += strip_markers(text);
    src_line *line = &st->lines[st->n_lines++];
    line->no = no;
    line->indent = indent;
    line->text = trim_right(text, &line->closed);
    return CR_OK;
}

cr_status source_text_load(const char *path, source_text *st, cr_error *err)
{
    memset(st, 0, sizeof *st);
    st->path = xstrdup(path);
    if (!st->path)
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    char *text;
    size_t len;
    cr_status status = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (status != CR_OK)
        return status;
    long bad_line;
    if (!cr_utf8_valid(text, len, &bad_line)) {
        free(text);
        return cr_error_set(err, CR_ERR_INPUT, path, bad_line, NULL,
                            "not valid UTF-8; expected the standard's text in UTF-8");
    }
    cr_sha256 hash;
    cr_sha256_init(&hash);
    cr_sha256_update(&hash, text, len);
    cr_sha256_final_hex(&hash, st->sha256);
    if (!strstr(text, expected_title)) {
        free(text);
        return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                            "does not name \"%s\"; expected the text of that standard",
                            expected_title);
    }
    st->title = xstrdup(expected_title);

    phys_lines pl = {NULL, 0};
    status = split_lines(text, len, &pl, path, err);
    size_t cap = 0;
    for (long i = 0; status == CR_OK && i < pl.n; i++) {
        const char *raw = pl.v[i];
        bool page_start = i > 0 && pl.v[i - 1][0] != '\0';
        if (is_blank(raw)) {
            if (strlen(raw) > FOOTNOTE_RULE_MIN_BYTES) {
                st->footnote_blocks++;
                status = skip_footnotes(&pl, i, &i, st, err);
            }
            continue;
        }
        if (is_footer(raw)) {
            st->footers++;
            continue;
        }
        status = add_line(st, i + 1, pl.v[i], page_start, &cap, err);
    }
    st->n_physical = pl.n;
    free(pl.v);
    free(text);
    if (status == CR_OK && !st->title)
        status = cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    return status;
}

void source_text_free(source_text *st)
{
    for (size_t i = 0; i < st->n_lines; i++)
        free(st->lines[i].text);
    free(st->lines);
    free(st->path);
    free(st->title);
    memset(st, 0, sizeof *st);
}

size_t source_text_find(const source_text *st, size_t from, const char *text)
{
    for (size_t i = from; i < st->n_lines; i++)
        if (strcmp(st->lines[i].text, text) == 0)
            return i;
    return st->n_lines;
}
