/*
 * extract.h -- the pieces of extract-catalog, which turns the plain text of
 * the Cloud Information Security Management Standard (2013 revision) into
 * datasets/catalog/catalog.json and catalog.csv.
 *
 * The work goes in three steps, one file each:
 *   source_text.c    physical lines -> clean body lines: page-start spaces,
 *                    page footers, footnote blocks and glued footnote markers
 *                    removed, each line marked "closed" when it ended in white
 *                    space (the PDF's sign that a paragraph or item ends there);
 *   parse_headed.c   parts Ⅲ and Ⅳ: numbered headings with explanations;
 *   parse_controls.c parts Ⅴ and Ⅵ: categories, subcategories with their
 *                    objectives, controls and detailed controls, and the
 *                    merge of Ⅵ into Ⅴ;
 * and write_catalog.c writes the result.  item_id.c reads the numbered ids
 * and decides whether one may follow another, which is what tells an item's
 * first line from a wrapped line or a list entry.
 *
 * doc/catalog.md describes every quirk handled here, with line numbers.
 */
#ifndef CR_EXTRACT_H
#define CR_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/error.h"

/* ---- source text ------------------------------------------------------- */

typedef struct src_line {
    long no;     /* 1-based physical line */
    char *text;  /* without leading indentation or trailing white space */
    int indent;  /* leading spaces left after a page start's one was removed */
    bool closed; /* the physical line ended in white space */
} src_line;

typedef struct source_text {
    char *path;
    char sha256[65];
    char *title;      /* the standard's name as the text states it */
    long n_physical;  /* physical lines in the file */
    src_line *lines;  /* body lines, in order, blank lines dropped */
    size_t n_lines;
    /* What cleaning removed, for --verbose and for doc/catalog.md. */
    long page_starts, footers, footnote_blocks, footnote_lines, markers;
} source_text;

cr_status source_text_load(const char *path, source_text *st, cr_error *err);
void source_text_free(source_text *st);
/* Index of the first body line whose text is exactly `text`, from `from`;
 * n_lines when absent. */
size_t source_text_find(const source_text *st, size_t from, const char *text);

/* ---- ids ---------------------------------------------------------------- */

#define ID_MAX_PARTS 4
/* The component value of "C", the cloud-specific category, which follows 11. */
#define ID_C 100

typedef struct item_id {
    int n;
    int part[ID_MAX_PARTS];
} item_id;

/* Read an id at the start of text ("7.4.1.4", "C.2.1", "1") and the
 * separator after it (spaces, or none when text follows a multi-part id
 * directly, as in "2.2.1.19クラウド").  Returns the bytes taken, id and
 * separator together, or 0 when text does not start with an id. */
size_t item_id_parse(const char *text, bool allow_c, item_id *id);
void item_id_format(const item_id *id, char *buf, size_t size);
/* May `next` follow `prev` in a complete numbering (no gaps)?  prev->n == 0
 * means nothing came before.  Top-level numbers run 1, 2, ... and, when
 * c_after > 0, "C" follows c_after. */
bool item_id_follows(const item_id *prev, const item_id *next, int max_level, int c_after);

/* ---- items ---------------------------------------------------------------- */

enum { PART_GOVERNANCE = 0, PART_MANAGEMENT = 1, PART_CONTROL = 2 };

typedef struct ext_item {
    int part;
    int level;
    char id[32];
    char *text;         /* heading, title or control text */
    char *detail;       /* objective or explanation; NULL when none */
    long line;          /* where the id stands (Ⅴ for the control part) */
    bool basic;         /* included in Ⅵ */
    char *basic_text;   /* Ⅵ's wording where it differs, else NULL */
    char *basic_detail; /* Ⅵ's objective where it differs, else NULL */
    long basic_line;    /* where the id stands in Ⅵ, or 0 */
    long parent;        /* index in the list, or -1 */
} ext_item;

typedef struct item_list {
    ext_item *v;
    size_t n, cap;
} item_list;

void item_list_free(item_list *list);
/* Append a zeroed item; NULL when out of memory. */
ext_item *item_list_add(item_list *list);
/* Index of the item with this id, or -1. */
long item_list_find(const item_list *list, const char *id);

/* Parse the body lines [from, to) of part Ⅲ or Ⅳ into `out`. */
cr_status parse_headed_part(const source_text *st, size_t from, size_t to, int part,
                            item_list *out, cr_error *err);

/* Parse the body lines [from, to) of Ⅴ (reference NULL) or Ⅵ (reference =
 * the items of Ⅴ, whose ids and order Ⅵ must follow). */
cr_status parse_control_part(const source_text *st, size_t from, size_t to,
                             const item_list *reference, bool verbose, item_list *out,
                             cr_error *err);
/* Mark the items of Ⅴ that Ⅵ includes, keeping Ⅵ's wording where it
 * differs.  Every item of Ⅵ must exist in Ⅴ. */
cr_status merge_basic(item_list *control, const item_list *basic, const char *file,
                      cr_error *err);

/* ---- output ------------------------------------------------------------- */

/* Write catalog.json and catalog.csv into dir (each atomically). */
cr_status write_catalog(const char *dir, const source_text *st, const item_list *parts[3],
                        cr_error *err);

/* Shared string helpers. */
char *xstrdup(const char *s);
/* Append b to *a (reallocating), with sep between when *a is not empty. */
bool str_append(char **a, const char *sep, const char *b);

#endif
