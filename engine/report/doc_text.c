/*
 * doc_text.c -- a document (doc.h) as text for a terminal: a line for each
 * heading, paragraph, list item ("- ") and labelled value ("label: value"),
 * tables in columns aligned by display width (so that Japanese lines up),
 * a blank line between sections, and two columns of indent inside a box of
 * class "indent".
 *
 * The one place a document's text is made safe for a terminal: every text
 * run goes through cr_strbuf_controls_escaped (util/text.h), which writes
 * control characters and escape sequences as visible "\x1B", so that input
 * text can neither move the cursor, retitle the window nor rewrite what was
 * printed before.  A line break inside a run is kept in a paragraph (the
 * standard's detailed controls are lists) and escaped in a table cell,
 * which is one line.  Table cells are padded and cut by cr_strbuf_padded,
 * the same rule as every other table cloudrisk prints.  Graphics, navigation
 * and Markdown-only parts are left out; text-only stand-ins are written.
 * The walk through the blocks is the one the Markdown writer takes too
 * (doc_walk.c).
 */
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "report/doc_walk.h"

typedef struct text_out {
    const cr_doc *d;
    cr_strbuf *sb;
    int indent;
    bool in_cell; /* a table cell is one line: line breaks escaped too */
    doc_walk walk;
} text_out;

static void indent(text_out *o)
{
    for (int i = 0; i < o->indent; i++)
        cr_strbuf_puts(o->sb, " ");
}

/* ---- inline runs ---------------------------------------------------------- */

static void runs(text_out *o, size_t k, cr_strbuf *sb);

static void run(text_out *o, size_t k, cr_strbuf *sb)
{
    const doc_node *x = &o->d->nodes[k];
    if (doc_browser_only(x->kind))
        return;
    switch (x->kind) {
    case DOC_TEXT: cr_strbuf_controls_escaped(sb, x->text ? x->text : "", !o->in_cell); return;
    case DOC_BREAK:
        cr_strbuf_puts(sb, "\n");
        for (int i = 0; i < o->indent; i++)
            cr_strbuf_puts(sb, " ");
        return;
    default: runs(o, k, sb); return;
    }
}

/* The children of k on one line; blocks among them are set apart by a space. */
static void runs(text_out *o, size_t k, cr_strbuf *sb)
{
    size_t from = sb->len;
    for (size_t c = o->d->nodes[k].first; c; c = o->d->nodes[c].next) {
        doc_kind kind = o->d->nodes[c].kind;
        if (kind < DOC_TEXT && kind != DOC_GRAPHIC && sb->len > from &&
            sb->data[sb->len - 1] != ' ')
            cr_strbuf_puts(sb, " ");
        run(o, c, sb);
    }
}

static void line(text_out *o, size_t k)
{
    indent(o);
    runs(o, k, o->sb);
    cr_strbuf_puts(o->sb, "\n");
}

/* ---- tables --------------------------------------------------------------- */

static size_t span_of(const doc_node *cell)
{
    return cell->cols > 1 ? (size_t)cell->cols : 1;
}

static bool right_aligned(const doc_node *cell)
{
    return cell->cls && (strcmp(cell->cls, "num") == 0 || strncmp(cell->cls, "num ", 4) == 0);
}

/* Widths of a table's columns (caller frees): given, or the widest cell
 * (spanning one column) plus two. */
static int *column_widths(const cr_doc *d, size_t table, size_t *n_out)
{
    const doc_node *t = &d->nodes[table];
    size_t n = t->n_widths;
    for (size_t r = t->first; r; r = d->nodes[r].next) {
        size_t cols = 0;
        for (size_t c = d->nodes[r].first; c; c = d->nodes[c].next)
            cols += span_of(&d->nodes[c]);
        if (cols > n)
            n = cols;
    }
    int *w = calloc(n ? n : 1, sizeof *w);
    if (!w)
        return NULL;
    for (size_t i = 0; i < t->n_widths; i++)
        w[i] = t->widths[i];
    text_out probe = {.d = d, .in_cell = true};
    for (size_t r = t->first; r; r = d->nodes[r].next) {
        size_t col = 0;
        for (size_t c = d->nodes[r].first; c; c = d->nodes[c].next) {
            if (span_of(&d->nodes[c]) == 1 && (col >= t->n_widths || t->widths[col] == 0)) {
                cr_strbuf cell;
                cr_strbuf_init(&cell);
                runs(&probe, c, &cell);
                int cw = (int)cr_utf8_display_width(cell.data ? cell.data : "") + 2;
                cr_strbuf_free(&cell);
                if (col >= t->n_widths || t->widths[col] == 0)
                    w[col] = w[col] > cw ? w[col] : cw;
            }
            col += span_of(&d->nodes[c]);
        }
    }
    *n_out = n;
    return w;
}

static void row(text_out *o, size_t r, const int *w, size_t n)
{
    const cr_doc *d = o->d;
    cr_strbuf *sb = o->sb;
    indent(o);
    size_t col = 0;
    for (size_t c = d->nodes[r].first; c; c = d->nodes[c].next) {
        const doc_node *x = &d->nodes[c];
        int width = 0;
        bool cut = true;
        for (size_t i = col; i < col + span_of(x) && i < n; i++) {
            width += abs(w[i]);
            cut = cut && w[i] > 0;
        }
        col += span_of(x);
        cr_strbuf cell;
        cr_strbuf_init(&cell);
        o->in_cell = true;
        runs(o, c, &cell);
        o->in_cell = false;
        if (cell.failed)
            sb->failed = true;
        const char *text = cell.data ? cell.data : "";
        size_t shown = cr_utf8_display_width(text);
        if (right_aligned(x)) {
            for (size_t i = shown; i < (size_t)width; i++)
                cr_strbuf_puts(sb, " ");
            cr_strbuf_puts(sb, text);
        } else if (!x->next) {
            cr_strbuf_puts(sb, text);
        } else if (cut) {
            cr_strbuf_padded(sb, text, (size_t)width);
        } else {
            cr_strbuf_puts(sb, text);
            for (size_t i = shown; i < (size_t)width; i++)
                cr_strbuf_puts(sb, " ");
        }
        cr_strbuf_free(&cell);
    }
    cr_strbuf_puts(sb, "\n");
}

static void table(text_out *o, size_t k)
{
    size_t n = 0;
    int *w = column_widths(o->d, k, &n);
    if (!w) {
        o->sb->failed = true;
        return;
    }
    for (size_t r = o->d->nodes[k].first; r; r = o->d->nodes[r].next)
        row(o, r, w, n);
    free(w);
}

/* ---- blocks --------------------------------------------------------------- */

static void block(text_out *o, size_t k)
{
    const cr_doc *d = o->d;
    const doc_node *x = &d->nodes[k];
    cr_strbuf *sb = o->sb;
    if (doc_browser_only(x->kind))
        return;
    switch (x->kind) {
    case DOC_HEADING:
    case DOC_PARA:
    case DOC_CAPTION:
    case DOC_ITEM:
    case DOC_TERM:
    case DOC_DESC:
    case DOC_ROW:
    case DOC_HEADROW: line(o, k); return;
    case DOC_TABLE: table(o, k); return;
    case DOC_LIST:
    case DOC_ORDERED: doc_walk_items(&o->walk, k); return;
    case DOC_PAIR:
        indent(o);
        doc_walk_pair(&o->walk, k);
        cr_strbuf_puts(sb, "\n");
        return;
    case DOC_SECTION: {
        /* A blank line before a section that writes anything, unless it
         * begins the text. */
        size_t mark = sb->len;
        if (mark)
            cr_strbuf_puts(sb, "\n");
        size_t body = sb->len;
        doc_walk_blocks(&o->walk, k);
        if (sb->len == body && !sb->failed) {
            sb->len = mark;
            if (sb->data)
                sb->data[mark] = '\0';
        }
        return;
    }
    case DOC_BOX:
        if (x->cls && strcmp(x->cls, "indent") == 0) {
            o->indent += 2;
            doc_walk_blocks(&o->walk, k);
            o->indent -= 2;
            return;
        }
        doc_walk_blocks(&o->walk, k);
        return;
    default: doc_walk_blocks(&o->walk, k); return; /* header, footer, figure, text-only */
    }
}

/* ---- the walk's callbacks (doc_walk.h) ---------------------------------------- */

static bool walk_is_run(const cr_doc *d, size_t k)
{
    return d->nodes[k].kind >= DOC_TEXT;
}

static void walk_indent(void *out)
{
    indent(out);
}

static void walk_run(void *out, size_t k)
{
    text_out *o = out;
    run(o, k, o->sb);
}

static void walk_block(void *out, size_t k)
{
    block(out, k);
}

static void walk_one_line(void *out, size_t k)
{
    text_out *o = out;
    runs(o, k, o->sb);
}

static const doc_walk_fns text_walk = {walk_is_run, walk_indent, walk_run,
                                      walk_block,  walk_one_line, "\n"};

void doc_text_write(const cr_doc *d, cr_strbuf *sb)
{
    text_out o = {.d = d, .sb = sb};
    if (doc_walk_init(&o.walk, d, sb, &o, &text_walk))
        doc_walk_blocks(&o.walk, 0);
}
