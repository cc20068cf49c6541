/*
 * doc.c -- building the document tree (doc.h).
 *
 * Nodes live in one growing array and refer to each other by index, so
 * that growing it moves nothing a caller holds.  The first failure (memory,
 * or blocks nested deeper than DOC_DEPTH_MAX) is kept in d->failed and
 * every later call does nothing: the writers are never handed half a tree
 * by a caller that checks once at the end.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"

void doc_init(cr_doc *d)
{
    memset(d, 0, sizeof *d);
    d->nodes = calloc(16, sizeof *d->nodes);
    if (!d->nodes) {
        d->failed = true;
        return;
    }
    d->cap = 16;
    d->n = 1; /* the root */
    d->nodes[0].kind = DOC_ROOT;
}

void doc_free(cr_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        doc_node *x = &d->nodes[i];
        free(x->id);
        free(x->cls);
        free(x->text);
        free(x->fill);
        free(x->ink);
        free(x->lang);
        free(x->widths);
        for (size_t a = 0; a < 2 * x->n_attrs; a++)
            free(x->attrs[a]);
        free(x->attrs);
    }
    free(d->nodes);
    memset(d, 0, sizeof *d);
    d->failed = true; /* a freed document takes nothing more */
}

static char *dup(cr_doc *d, const char *s)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        d->failed = true;
    return c;
}

static size_t current(const cr_doc *d)
{
    return d->depth ? d->open[d->depth - 1] : 0;
}

/* A new last child of the open node; 0 when building has failed. */
static size_t add(cr_doc *d, doc_kind kind, const char *id, const char *cls)
{
    if (d->failed)
        return 0;
    if (d->n == d->cap) {
        size_t cap = d->cap * 2;
        doc_node *grown = realloc(d->nodes, cap * sizeof *grown);
        if (!grown) {
            d->failed = true;
            return 0;
        }
        d->nodes = grown;
        d->cap = cap;
    }
    size_t k = d->n;
    doc_node *x = &d->nodes[k];
    memset(x, 0, sizeof *x);
    d->n++;
    x->kind = kind;
    x->id = dup(d, id);
    x->cls = dup(d, cls);
    size_t parent = current(d);
    x->parent = parent;
    doc_node *p = &d->nodes[parent];
    if (p->last)
        d->nodes[p->last].next = k;
    else
        p->first = k;
    p->last = k;
    d->added = k;
    return d->failed ? 0 : k;
}

void doc_open(cr_doc *d, doc_kind kind, const char *id, const char *cls)
{
    size_t k = add(d, kind, id, cls);
    if (!k)
        return;
    if (d->depth == DOC_DEPTH_MAX) {
        d->failed = true;
        return;
    }
    d->open[d->depth++] = k;
}

void doc_close(cr_doc *d)
{
    if (!d->failed && d->depth)
        d->depth--;
}

void doc_set_lang(cr_doc *d, const char *lang)
{
    size_t k = current(d); /* the root: the document's language */
    if (d->failed)
        return;
    free(d->nodes[k].lang);
    d->nodes[k].lang = dup(d, lang);
}

void doc_set_span(cr_doc *d, int rows)
{
    size_t k = current(d);
    if (!d->failed && k)
        d->nodes[k].n = rows;
}

void doc_set_colspan(cr_doc *d, int cols)
{
    size_t k = current(d);
    if (!d->failed && k)
        d->nodes[k].cols = cols;
}

void doc_set_widths(cr_doc *d, const int *widths, size_t n)
{
    size_t k = current(d);
    if (d->failed || !k || !n)
        return;
    int *copy = malloc(n * sizeof *copy);
    if (!copy) {
        d->failed = true;
        return;
    }
    memcpy(copy, widths, n * sizeof *copy);
    free(d->nodes[k].widths);
    d->nodes[k].widths = copy;
    d->nodes[k].n_widths = n;
}

void doc_open_link(cr_doc *d, const char *href, const char *cls)
{
    doc_open(d, DOC_LINK, NULL, cls);
    size_t k = current(d);
    if (!d->failed && k)
        d->nodes[k].text = dup(d, href);
}

void doc_text(cr_doc *d, const char *s)
{
    if (!s || !*s)
        return;
    size_t prev = d->failed ? 0 : d->nodes[current(d)].last;
    if (prev && d->nodes[prev].kind == DOC_TEXT) {
        /* One run of text, however many pieces it was built from. */
        doc_node *x = &d->nodes[prev];
        size_t a = strlen(x->text), b = strlen(s);
        char *joined = realloc(x->text, a + b + 1);
        if (!joined) {
            d->failed = true;
            return;
        }
        memcpy(joined + a, s, b + 1);
        x->text = joined;
        return;
    }
    size_t k = add(d, DOC_TEXT, NULL, NULL);
    if (k)
        d->nodes[k].text = dup(d, s);
}

void doc_textf(cr_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    doc_vtextf(d, fmt, ap);
    va_end(ap);
}

void doc_vtextf(cr_doc *d, const char *fmt, va_list ap)
{
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_vprintf(&t, fmt, ap);
    if (t.failed)
        d->failed = true;
    doc_text(d, t.len ? t.data : "");
    cr_strbuf_free(&t);
}

void doc_flush(cr_doc *d, cr_strbuf *t)
{
    if (t->failed)
        d->failed = true;
    doc_text(d, t->len ? t->data : "");
    t->len = 0;
}

void doc_leaf(cr_doc *d, doc_kind kind, const char *id, const char *cls, const char *s)
{
    doc_open(d, kind, id, cls);
    doc_text(d, s);
    doc_close(d);
}

void doc_open_heading(cr_doc *d, int level, const char *id)
{
    doc_open(d, DOC_HEADING, id, NULL);
    size_t k = current(d);
    if (!d->failed && k)
        d->nodes[k].n = level;
}

void doc_heading(cr_doc *d, int level, const char *id, const char *s)
{
    doc_open_heading(d, level, id);
    doc_text(d, s);
    doc_close(d);
}

void doc_chip(cr_doc *d, const char *fill, const char *ink, const char *s)
{
    doc_open(d, DOC_CHIP, NULL, "chip");
    size_t k = current(d);
    if (!d->failed && k) {
        d->nodes[k].fill = dup(d, fill);
        d->nodes[k].ink = dup(d, ink);
    }
    doc_text(d, s);
    doc_close(d);
}

void doc_swatch(cr_doc *d, const char *fill)
{
    size_t k = add(d, DOC_SWATCH, NULL, "swatch");
    if (k)
        d->nodes[k].fill = dup(d, fill);
}

void doc_break(cr_doc *d)
{
    add(d, DOC_BREAK, NULL, NULL);
}

void doc_graphic(cr_doc *d, cr_strbuf *svg)
{
    if (svg->failed)
        d->failed = true;
    size_t k = add(d, DOC_GRAPHIC, NULL, NULL);
    if (k)
        d->nodes[k].text = cr_strbuf_take(svg);
    else
        cr_strbuf_free(svg);
    if (k && !d->nodes[k].text)
        d->nodes[k].text = dup(d, "");
}

/* ---- forms ---------------------------------------------------------------- */

bool doc_attr_name_ok(const char *name)
{
    if (!name || !*name)
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-'))
            return false;
    return true;
}

void doc_attr(cr_doc *d, const char *name, const char *value)
{
    size_t k = d->added;
    if (d->failed || !k)
        return;
    doc_node *x = &d->nodes[k];
    if (!doc_attr_name_ok(name) || x->n_attrs == DOC_ATTRS_MAX) {
        d->failed = true;
        return;
    }
    if (!x->attrs) {
        x->attrs = calloc(2 * DOC_ATTRS_MAX, sizeof *x->attrs);
        if (!x->attrs) {
            d->failed = true;
            return;
        }
    }
    x->attrs[2 * x->n_attrs] = dup(d, name);
    x->attrs[2 * x->n_attrs + 1] = dup(d, value);
    x->n_attrs++;
}

void doc_open_form(cr_doc *d, const char *action, const char *id, const char *cls)
{
    doc_open(d, DOC_FORM, id, cls);
    size_t k = current(d);
    if (!d->failed && k)
        d->nodes[k].text = dup(d, action);
}

void doc_input(cr_doc *d, const char *type, const char *id, const char *name, const char *value)
{
    add(d, DOC_INPUT, id, NULL);
    doc_attr(d, "type", type);
    doc_attr(d, "name", name);
    if (value)
        doc_attr(d, "value", value);
}

void doc_hidden(cr_doc *d, const char *name, const char *value)
{
    add(d, DOC_HIDDEN, NULL, NULL);
    doc_attr(d, "name", name);
    doc_attr(d, "value", value ? value : "");
}

void doc_option(cr_doc *d, const char *value, const char *label, bool selected)
{
    doc_open(d, DOC_OPTION, NULL, NULL);
    doc_attr(d, "value", value ? value : "");
    if (selected)
        doc_attr(d, "selected", NULL);
    doc_text(d, label);
    doc_close(d);
}
