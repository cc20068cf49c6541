/*
 * doc_walk.c -- the block walk the text and Markdown writers share
 * (doc_walk.h): what they do alike, once.
 */
#include <string.h>

#include "report/doc_walk.h"
#include "report/labels.h"

void doc_walk_blocks(const doc_walk *w, size_t k)
{
    const cr_doc *d = w->d;
    bool in_line = false;
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next) {
        if (w->fns->is_run(d, c)) {
            if (!in_line && w->fns->line_start)
                w->fns->line_start(w->out);
            w->fns->run(w->out, c);
            in_line = true;
            continue;
        }
        if (in_line)
            cr_strbuf_puts(w->sb, w->fns->line_end);
        in_line = false;
        w->fns->block(w->out, c);
    }
    if (in_line)
        cr_strbuf_puts(w->sb, w->fns->line_end);
}

void doc_walk_items(const doc_walk *w, size_t k)
{
    const cr_doc *d = w->d;
    size_t n = 0;
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next) {
        if (w->fns->line_start)
            w->fns->line_start(w->out);
        if (d->nodes[k].kind == DOC_ORDERED)
            cr_strbuf_printf(w->sb, "%zu. ", ++n);
        else
            cr_strbuf_puts(w->sb, "- ");
        w->fns->one_line(w->out, c);
        cr_strbuf_puts(w->sb, "\n");
    }
}

void doc_walk_pair(const doc_walk *w, size_t k)
{
    const cr_doc *d = w->d;
    size_t label = d->nodes[k].first;
    if (!label)
        return;
    w->fns->one_line(w->out, label);
    cr_strbuf_puts(w->sb, w->colon);
    for (size_t v = d->nodes[label].next; v; v = d->nodes[v].next) {
        if (v != d->nodes[label].next)
            cr_strbuf_puts(w->sb, " · ");
        w->fns->one_line(w->out, v);
    }
}

bool doc_walk_init(doc_walk *w, const cr_doc *d, cr_strbuf *sb, void *out,
                   const doc_walk_fns *fns)
{
    *w = (doc_walk){d, sb, out, fns, ": "};
    if (d->failed) {
        sb->failed = true;
        return false;
    }
    const char *lang = d->nodes[0].lang;
    w->colon = report_colon(lang && strcmp(lang, "ja") == 0 ? CR_LANG_JA : CR_LANG_EN);
    return true;
}

bool doc_browser_only(doc_kind kind)
{
    switch (kind) {
    case DOC_GRAPHIC:
    case DOC_SWATCH:
    case DOC_NAV:
    case DOC_INPUT:
    case DOC_HIDDEN:
    case DOC_SELECT:
    case DOC_OPTION:
    case DOC_TEXTAREA:
    case DOC_BUTTON: return true;
    default: return false;
    }
}
