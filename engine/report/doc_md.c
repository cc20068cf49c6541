/*
 * doc_md.c -- a document (doc.h) as Markdown, for wikis and review in a
 * repository: headings, paragraphs, "- " lists, labelled values as
 * "- label: value" lines, and GitHub-flavoured pipe tables.
 *
 * The one place a document's text is escaped for Markdown: every text run
 * goes through cr_strbuf_md_escaped (util/text.h), so that input text can
 * make neither markup, a link, raw HTML nor a broken table row.  A table
 * cell, a list item and a labelled value are one line: the blocks inside
 * them are joined by spaces (a value's parts by " · "), line breaks become
 * spaces.  Rows and columns that a cell spans get empty cells.  Graphics are left out; what stands for them
 * in text (DOC_TEXT_ONLY) is written instead.  Navigation links are left
 * out (a Markdown viewer makes its own outline).  The walk through the
 * blocks is the one the text writer takes too (doc_walk.c).
 */
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "report/doc_walk.h"

typedef struct md_out {
    const cr_doc *d;
    cr_strbuf *sb;
    doc_walk walk;
} md_out;

static bool is_inline(doc_kind k)
{
    return k >= DOC_TEXT;
}

/* Inline, or a text-only stand-in made of inline runs. */
static bool runs_only(const cr_doc *d, size_t k)
{
    doc_kind kind = d->nodes[k].kind;
    if (is_inline(kind))
        return true;
    if (kind != DOC_TEXT_ONLY)
        return false;
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next)
        if (!is_inline(d->nodes[c].kind))
            return false;
    return true;
}

static bool all_hex(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

/* A code span: the text as is but for what would break the line or the
 * table (line breaks, '|', control characters), fenced by more backticks
 * than the longest run of them inside. */
static void code_span(cr_strbuf *sb, const char *s)
{
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_controls_escaped(&t, s, false);
    if (t.failed)
        sb->failed = true;
    const char *text = t.data ? t.data : "";
    bool pad = text[0] == '`' || (*text && text[strlen(text) - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        cr_strbuf_puts(sb, "`");
    if (pad)
        cr_strbuf_puts(sb, " ");
    for (const char *p = text; *p; p++)
        if (*p == '|')
            cr_strbuf_puts(sb, "\\|");
        else
            cr_strbuf_append(sb, p, 1);
    if (pad)
        cr_strbuf_puts(sb, " ");
    for (size_t i = 0; i <= longest; i++)
        cr_strbuf_puts(sb, "`");
    cr_strbuf_free(&t);
}

static void space(md_out *o, size_t from)
{
    cr_strbuf *sb = o->sb;
    if (sb->len > from && sb->data[sb->len - 1] != ' ')
        cr_strbuf_puts(sb, " ");
}

/* A node and all below it on one line. */
static void flat(md_out *o, size_t k);

static void flat_children(md_out *o, size_t k)
{
    size_t from = o->sb->len;
    for (size_t c = o->d->nodes[k].first; c; c = o->d->nodes[c].next) {
        doc_kind kind = o->d->nodes[c].kind;
        if (!is_inline(kind) && kind != DOC_GRAPHIC && kind != DOC_TEXT_ONLY)
            space(o, from);
        flat(o, c);
    }
}

static void flat(md_out *o, size_t k)
{
    const doc_node *x = &o->d->nodes[k];
    cr_strbuf *sb = o->sb;
    if (doc_browser_only(x->kind))
        return;
    switch (x->kind) {
    case DOC_TEXT: cr_strbuf_md_escaped(sb, x->text); return;
    case DOC_BREAK: cr_strbuf_puts(sb, " "); return;
    case DOC_CODE: {
        cr_strbuf t;
        cr_strbuf_init(&t);
        for (size_t c = x->first; c; c = o->d->nodes[c].next)
            if (o->d->nodes[c].kind == DOC_TEXT)
                cr_strbuf_puts(&t, o->d->nodes[c].text);
        if (t.failed)
            sb->failed = true;
        code_span(sb, t.data ? t.data : "");
        cr_strbuf_free(&t);
        return;
    }
    case DOC_STRONG:
        if (!x->first)
            return;
        cr_strbuf_puts(sb, "**");
        flat_children(o, k);
        cr_strbuf_puts(sb, "**");
        return;
    default: {
        size_t t = x->first;
        if (x->cls && strcmp(x->cls, "hash") == 0 && t && !o->d->nodes[t].next &&
            o->d->nodes[t].kind == DOC_TEXT && all_hex(o->d->nodes[t].text)) {
            cr_strbuf_printf(sb, "`%s`", o->d->nodes[t].text);
            return;
        }
        flat_children(o, k);
        return;
    }
    }
}

/* ---- tables ----------------------------------------------------------- */

static size_t count_cells(const cr_doc *d, size_t row)
{
    size_t n = 0;
    for (size_t c = d->nodes[row].first; c; c = d->nodes[c].next)
        n += d->nodes[c].cols > 1 ? (size_t)d->nodes[c].cols : 1;
    return n;
}

static bool numeric(const doc_node *cell)
{
    return cell->cls && (strcmp(cell->cls, "num") == 0 || strncmp(cell->cls, "num ", 4) == 0);
}

static void table(md_out *o, size_t k)
{
    const cr_doc *d = o->d;
    cr_strbuf *sb = o->sb;
    size_t first = d->nodes[k].first;
    if (!first)
        return;
    size_t head = d->nodes[first].kind == DOC_HEADROW ? first : 0;
    size_t cols = count_cells(d, first);
    for (size_t r = head ? d->nodes[first].next : first; r; r = d->nodes[r].next)
        if (count_cells(d, r) > cols)
            cols = count_cells(d, r);
    if (!cols)
        return;
    size_t *pending = calloc(cols, sizeof *pending);
    if (!pending) {
        sb->failed = true;
        return;
    }
    /* The header (blank when the table has none), then the alignments. */
    cr_strbuf_puts(sb, "|");
    size_t c = head ? d->nodes[head].first : 0;
    for (size_t i = 0; i < cols; i++) {
        cr_strbuf_puts(sb, " ");
        if (c) {
            flat(o, c);
            c = d->nodes[c].next;
        }
        cr_strbuf_puts(sb, " |");
    }
    cr_strbuf_puts(sb, "\n|");
    c = d->nodes[first].first;
    for (size_t i = 0; i < cols; i++) {
        cr_strbuf_puts(sb, c && numeric(&d->nodes[c]) ? "---:|" : "---|");
        if (c)
            c = d->nodes[c].next;
    }
    cr_strbuf_puts(sb, "\n");
    for (size_t r = head ? d->nodes[first].next : first; r; r = d->nodes[r].next) {
        cr_strbuf_puts(sb, "|");
        c = d->nodes[r].first;
        for (size_t i = 0; i < cols; i++) {
            cr_strbuf_puts(sb, " ");
            if (pending[i]) {
                pending[i]--;
            } else if (c) {
                if (d->nodes[c].n > 1)
                    pending[i] = (size_t)d->nodes[c].n - 1;
                flat(o, c);
                /* The columns it spans after its first: empty cells. */
                for (int s = 1; s < d->nodes[c].cols && i + 1 < cols; s++, i++)
                    cr_strbuf_puts(sb, " | ");
                c = d->nodes[c].next;
            }
            cr_strbuf_puts(sb, " |");
        }
        cr_strbuf_puts(sb, "\n");
    }
    cr_strbuf_puts(sb, "\n");
    free(pending);
}

/* ---- blocks ------------------------------------------------------------ */

static void block(md_out *o, size_t k)
{
    const doc_node *x = &o->d->nodes[k];
    cr_strbuf *sb = o->sb;
    if (doc_browser_only(x->kind))
        return;
    switch (x->kind) {
    case DOC_HEADROW: return; /* written by its table */
    case DOC_HEADING:
        for (int i = 0; i < (x->n >= 1 && x->n <= 6 ? x->n : 2); i++)
            cr_strbuf_puts(sb, "#");
        cr_strbuf_puts(sb, " ");
        flat_children(o, k);
        cr_strbuf_puts(sb, "\n\n");
        return;
    case DOC_PARA:
    case DOC_ROW:
        flat_children(o, k);
        cr_strbuf_puts(sb, "\n\n");
        return;
    case DOC_CAPTION:
        cr_strbuf_puts(sb, "**");
        flat_children(o, k);
        cr_strbuf_puts(sb, "**\n\n");
        return;
    case DOC_TABLE: table(o, k); return;
    case DOC_LIST:
    case DOC_ORDERED:
        doc_walk_items(&o->walk, k);
        cr_strbuf_puts(sb, "\n");
        return;
    case DOC_PAIR:
        cr_strbuf_puts(sb, "- ");
        doc_walk_pair(&o->walk, k);
        cr_strbuf_puts(sb, "\n");
        /* A run of labelled values is one list. */
        if (!x->next || o->d->nodes[x->next].kind != DOC_PAIR)
            cr_strbuf_puts(sb, "\n");
        return;
    default: doc_walk_blocks(&o->walk, k); return; /* sections, boxes, figures, text-only */
    }
}

/* ---- the walk's callbacks (doc_walk.h) ------------------------------------ */

static void walk_flat(void *out, size_t k)
{
    flat(out, k);
}

static void walk_block(void *out, size_t k)
{
    block(out, k);
}

static const doc_walk_fns md_walk = {runs_only, NULL, walk_flat, walk_block, walk_flat, "\n\n"};

void doc_md(const cr_doc *d, cr_strbuf *sb)
{
    md_out o = {.d = d, .sb = sb};
    if (!doc_walk_init(&o.walk, d, sb, &o, &md_walk))
        return;
    doc_walk_blocks(&o.walk, 0);
    /* One line feed at the end, not a blank line. */
    while (sb->len >= 2 && sb->data[sb->len - 1] == '\n' && sb->data[sb->len - 2] == '\n')
        sb->data[--sb->len] = '\0';
}
