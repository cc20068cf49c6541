/*
 * doc.h -- the document model every rendered page is built into, and the
 * writers that turn it into HTML or Markdown (the report stage's interface
 * to the stages that render pages of their own).
 *
 * A document is a tree of blocks (sections, headings, paragraphs, lists,
 * labelled values, tables, figures, notes) holding inline runs (text,
 * strong, spans, level chips, links, line breaks).  A stage says *what* to
 * show by building the tree; the writers say *how*: the tags and the one
 * shared style sheet (HTML), headings, lists and pipe tables (Markdown),
 * lines and aligned columns (text, for a terminal), or the tables' rows
 * (CSV).  All text is plain until a writer escapes it for its medium, in
 * one place each (doc_html.c, doc_md.c, doc_text.c, doc_csv.c); nothing is
 * escaped twice, nothing is missed.
 *
 * Building records the first failed allocation on the document and turns
 * every later call into a no-op: callers build, then check doc.failed once.
 *
 *   cr_doc d;
 *   doc_init(&d);
 *   doc_open(&d, DOC_SECTION, "summary", NULL);
 *   doc_heading(&d, 2, NULL, "Summary");
 *   doc_open(&d, DOC_PARA, NULL, "note");
 *   doc_text(&d, "Figures are rounded.");
 *   doc_close(&d);
 *   doc_close(&d);
 *   doc_html(&d, &sb);      (or doc_md)
 *   doc_free(&d);
 */
#ifndef CR_REPORT_DOC_H
#define CR_REPORT_DOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/text.h"

typedef enum doc_kind {
    DOC_ROOT,
    /* Blocks. */
    DOC_SECTION, /* <section>; in Markdown its heading carries it */
    DOC_HEADER,  /* <header>, a page's cover */
    DOC_NAV,     /* <nav>, in-page links (not in Markdown) */
    DOC_FOOTER,  /* <footer> */
    DOC_BOX,     /* <div>: a group of blocks, or a line of inline runs */
    DOC_HEADING, /* <h1>..<h4>; level in n */
    DOC_PARA,    /* <p> */
    DOC_LIST,    /* <ul> */
    DOC_ORDERED, /* <ol> */
    DOC_ITEM,    /* <li> */
    DOC_DEFS,    /* <dl>: a run of DOC_PAIR */
    DOC_PAIR,    /* a labelled value: first child the label, the rest the
                    value (a "- label: value" line in Markdown) */
    DOC_TERM,    /* <dt> */
    DOC_DESC,    /* <dd> */
    DOC_TABLE,   /* <table> of DOC_HEADROW (at most one, first) and DOC_ROW */
    DOC_HEADROW, /* <thead><tr> */
    DOC_ROW,     /* <tr> in <tbody> */
    DOC_HEADCELL, /* <th> */
    DOC_CELL,    /* <td>; rows spanned in n (0 or 1: one) */
    DOC_FIGURE,  /* <figure> */
    DOC_CAPTION, /* <figcaption> */
    DOC_GRAPHIC, /* a chart's SVG markup, made by the chart module (HTML only) */
    DOC_TEXT_ONLY, /* what stands in text formats for a graphic (not in HTML) */
    DOC_FORM,    /* <form method="post" action="text"> (HTML only: a form is for a
                    browser; text and Markdown keep the text around its controls) */
    DOC_DETAILS, /* <details>: what opens on a click */
    DOC_SUMMARY, /* <summary>, its first child */
    /* Inline runs. */
    DOC_TEXT,    /* plain text, escaped by the writer */
    DOC_STRONG,  /* <b> */
    DOC_SPAN,    /* <span>; any node of class "hash" holding hex digits alone is
                    code in Markdown */
    DOC_CHIP,    /* a level's name on its colour */
    DOC_SWATCH,  /* a colour square (HTML only) */
    DOC_BREAK,   /* <br>; a space in Markdown */
    DOC_LINK,    /* <a href="#anchor"> (its text alone in Markdown) */
    DOC_CODE,    /* <code>; a code span in Markdown; as is in text */
    /* Form controls (HTML only; each with the attributes doc_attr gave it). */
    DOC_LABEL,   /* <label> (its text in text and Markdown) */
    DOC_INPUT,   /* <input> (no content) */
    DOC_HIDDEN,  /* <input type="hidden" name value> */
    DOC_SELECT,  /* <select> of DOC_OPTION */
    DOC_OPTION,  /* <option> */
    DOC_TEXTAREA, /* <textarea>, its text the value */
    DOC_BUTTON   /* <button> */
} doc_kind;

typedef struct doc_node {
    doc_kind kind;
    int n;        /* heading level; rows a cell spans */
    int cols;     /* columns a cell spans (0 or 1: one) */
    char *id;     /* element id (HTML) */
    char *cls;    /* class (HTML) */
    char *text;   /* text, link target, or graphic markup */
    char *fill;   /* chip and swatch colours */
    char *ink;
    char *lang;   /* a block in another language than the page's */
    int *widths;  /* a table's column widths in terminal columns (text writer) */
    size_t n_widths;
    char **attrs; /* more attributes (HTML): name, value (NULL: a bare name) pairs */
    size_t n_attrs;
    size_t parent, first, last, next; /* indexes; 0 = none (0 is the root) */
} doc_node;

#define DOC_DEPTH_MAX 32
#define DOC_ATTRS_MAX 8

typedef struct cr_doc {
    doc_node *nodes;
    size_t n, cap;
    size_t open[DOC_DEPTH_MAX]; /* the open blocks, innermost last */
    size_t depth;
    size_t added; /* the node added last (doc_attr's) */
    bool failed; /* an allocation failed, or the tree went too deep */
} cr_doc;

void doc_init(cr_doc *d);
void doc_free(cr_doc *d);

/* Open a block or an inline container (id and cls may be NULL); what is
 * added next goes inside it until doc_close. */
void doc_open(cr_doc *d, doc_kind kind, const char *id, const char *cls);
void doc_close(cr_doc *d);
/* The open node's language ("ja"), rows spanned (a cell), or link target. */
void doc_set_lang(cr_doc *d, const char *lang);
void doc_set_span(cr_doc *d, int rows);
void doc_set_colspan(cr_doc *d, int cols);
void doc_open_link(cr_doc *d, const char *href, const char *cls);
/* The open table's column widths for the text writer, in terminal columns:
 * w > 0 pads a left-aligned cell to w and cuts longer text with "…"; w < 0
 * pads to -w and cuts nothing; 0 (or a column past n) takes the widest
 * cell of the column plus two.  A cell of class "num" is aligned right and
 * never cut; the last cell of a row that is aligned left is not padded.
 * Other writers ignore widths. */
void doc_set_widths(cr_doc *d, const int *widths, size_t n);
/* A heading of runs added until doc_close. */
void doc_open_heading(cr_doc *d, int level, const char *id);

/* Inline runs into the open node. */
void doc_text(cr_doc *d, const char *s);
void doc_textf(cr_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_vtextf(cr_doc *d, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* The text built in scratch t (by the labels module), and t emptied. */
void doc_flush(cr_doc *d, cr_strbuf *t);
/* A whole element of one text: <b>, <span>, a heading, a paragraph, a cell. */
void doc_leaf(cr_doc *d, doc_kind kind, const char *id, const char *cls, const char *s);
void doc_heading(cr_doc *d, int level, const char *id, const char *s);
void doc_chip(cr_doc *d, const char *fill, const char *ink, const char *s);
void doc_swatch(cr_doc *d, const char *fill);
void doc_break(cr_doc *d);
/* A chart's markup (taken over from svg, which is emptied). */
void doc_graphic(cr_doc *d, cr_strbuf *svg);

/* ---- forms (HTML pages served to a browser) ------------------------------- */

/* An attribute of the node added last (right after doc_open, doc_input,
 * doc_hidden...): name is ours, [a-z-] only (anything else fails the
 * document); value is escaped by the writer, NULL writes the bare name
 * ("required", "selected").  At most DOC_ATTRS_MAX a node, in order. */
void doc_attr(cr_doc *d, const char *name, const char *value);
/* A form posting to action; controls and blocks go inside until doc_close. */
void doc_open_form(cr_doc *d, const char *action, const char *id, const char *cls);
/* <input type=... id=... name=... value=...> (id may be NULL); more with doc_attr. */
void doc_input(cr_doc *d, const char *type, const char *id, const char *name,
               const char *value);
void doc_hidden(cr_doc *d, const char *name, const char *value);
/* An option of the open DOC_SELECT, marked selected when it is. */
void doc_option(cr_doc *d, const char *value, const char *label, bool selected);

/* ---- writers -------------------------------------------------------------- */

/* The tree as HTML elements (the page around it: doc_html_page_open). */
void doc_html(const cr_doc *d, cr_strbuf *sb);
/* <!DOCTYPE html> to <main>: the language, the title (escaped), the shared
 * style sheet, and extra_css (trusted, may be NULL) after it. */
void doc_html_page_open(cr_strbuf *sb, const char *lang, const char *title,
                        const char *extra_css);
/* The tree as Markdown (GitHub-flavoured pipe tables). */
void doc_md(const cr_doc *d, cr_strbuf *sb);
/* The tree as text for a terminal: a line a paragraph, heading or list item,
 * tables in aligned columns (doc_set_widths), a blank line between sections,
 * two more columns of indent in a box of class "indent"; every control
 * character of the text made visible (util/text.h), so that no input can
 * move the cursor, retitle the window or rewrite what was printed. */
void doc_text_write(const cr_doc *d, cr_strbuf *sb);
/* The tables as CSV, one after another with an empty line between them:
 * a row a row (the heading row first), a field a cell (the columns a cell
 * spans after its first left empty), each field written by the project's
 * one CSV rule (util/csv_util.h: quoting, formulas neutralised).  False
 * when memory ran out (the document's, or the writer's). */
bool doc_csv(const cr_doc *d, FILE *fp);

typedef enum doc_out { DOC_OUT_TEXT, DOC_OUT_MD, DOC_OUT_HTML, DOC_OUT_CSV } doc_out;
/* The document in a format to fp (HTML: the elements alone, no page around
 * them); false when memory ran out.  The caller checks ferror(fp). */
bool doc_write(const cr_doc *d, doc_out format, FILE *fp);

/* ---- a page served to a browser -------------------------------------------- */

/* The frame of a page with more than doc_html_page_open's: */
typedef struct doc_page {
    const char *lang, *title;
    const char *css[2];          /* trusted, after the shared style sheet; NULL: none */
    int noscript_refresh;        /* seconds between reloads without a script; 0: none */
    const char *const *body_attrs; /* attributes of <body> for the page's script: name,
                                      value pairs (names [a-z-], values escaped) */
    size_t n_body_attrs;
    const char *script;          /* the script's same-origin path, at the end; NULL: none */
} doc_page;
/* Whether name is one doc_attr takes: [a-z-]+. */
bool doc_attr_name_ok(const char *name);
/* <!DOCTYPE html> to <main>, as doc_html_page_open, with the page's extras.
 * A body attribute's name outside [a-z-] fails sb. */
void doc_html_page_begin(cr_strbuf *sb, const doc_page *page);
/* </main>, the page's script, </body></html> and a line feed. */
void doc_html_page_end(cr_strbuf *sb, const doc_page *page);
/* The whole page: its frame around the tree. */
void doc_html_page(cr_strbuf *sb, const doc_page *page, const cr_doc *d);

#endif
