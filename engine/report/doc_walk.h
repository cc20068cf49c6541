/*
 * doc_walk.h -- the walk through a document's blocks that the line-based
 * writers share (doc_text.c, doc_md.c; library-internal).
 *
 * Both write a block's children in turn, each run of inline children as
 * one line (a paragraph in Markdown), a list an item a line, and a
 * labelled value as "label: value · value"; they differ in what starts and
 * ends a line and in how they write a run.  A writer readies a doc_walk with
 * its buffer, its state and its part (doc_walk_fns), and hands it to these.
 */
#ifndef CR_REPORT_DOC_WALK_H
#define CR_REPORT_DOC_WALK_H

#include "report/doc.h"

/* A writer's part: how it writes what the walk hands it. */
typedef struct doc_walk_fns {
    /* Whether child k is written on the current line rather than as a block. */
    bool (*is_run)(const cr_doc *d, size_t k);
    /* Before the first run of a line, a list item or a labelled value (the
     * text writer's indent); NULL: nothing. */
    void (*line_start)(void *out);
    void (*run)(void *out, size_t k);   /* an inline child, on the line */
    void (*block)(void *out, size_t k); /* a block child */
    /* What node k holds, on one line: a list item, a label, a value's part. */
    void (*one_line)(void *out, size_t k);
    const char *line_end; /* after a line of runs: "\n", or "\n\n" in Markdown */
} doc_walk_fns;

typedef struct doc_walk {
    const cr_doc *d;
    cr_strbuf *sb;
    void *out; /* the writer's state, handed to each callback */
    const doc_walk_fns *fns;
    const char *colon; /* between a label and its value: the document's language's */
} doc_walk;

/* Ready w to write d into sb, the writer's state out and part fns; the
 * colon of d's language ("：" in a Japanese document, else ": ").  False,
 * with sb marked failed, when building d failed: there is nothing to write. */
bool doc_walk_init(doc_walk *w, const cr_doc *d, cr_strbuf *sb, void *out,
                   const doc_walk_fns *fns);

/* The children of k: blocks in turn, each run of inline children a line. */
void doc_walk_blocks(const doc_walk *w, size_t k);
/* The items of list k (DOC_LIST, or numbered: DOC_ORDERED), each on a line
 * of its own: line_start, "- " or "1. ", the item, a line feed. */
void doc_walk_items(const doc_walk *w, size_t k);
/* The labelled value k (DOC_PAIR) on the current line: its first child, the
 * colon, the others joined by " · "; no line feed. */
void doc_walk_pair(const doc_walk *w, size_t k);

/* What a browser alone shows, left out of text and Markdown: a chart's
 * markup, a colour square, navigation, a form's controls. */
bool doc_browser_only(doc_kind kind);

#endif
