/*
 * doc_html.c -- a document (doc.h) as HTML elements.
 *
 * The one place a document's text is escaped for HTML: every text run, id,
 * class, language, link target, form action and attribute value goes
 * through cr_strbuf_html_escaped.
 * Colours come from the chart module's fixed palette and graphics from the
 * chart module, which escapes the text it puts in them.  Text-only stand-ins
 * (DOC_TEXT_ONLY) are left out: the graphic says it here.
 *
 * A Japanese date in a text run (2026年12月3日) is kept on one line: in
 * Japanese a line may break between any two characters, 2026年 | 12月3日
 * included, so the writer puts each in a <span class="date"> that does not
 * wrap (the style sheet's span.date).
 */
#include <string.h>

#include "report/doc.h"
#include "util/html_style.h"

static const char *tag(doc_kind k)
{
    switch (k) {
    case DOC_SECTION: return "section";
    case DOC_HEADER: return "header";
    case DOC_NAV: return "nav";
    case DOC_FOOTER: return "footer";
    case DOC_PARA: return "p";
    case DOC_LIST: return "ul";
    case DOC_ORDERED: return "ol";
    case DOC_ITEM: return "li";
    case DOC_DEFS: return "dl";
    case DOC_TERM: return "dt";
    case DOC_DESC: return "dd";
    case DOC_TABLE: return "table";
    case DOC_ROW: return "tr";
    case DOC_HEADCELL: return "th";
    case DOC_CELL: return "td";
    case DOC_FIGURE: return "figure";
    case DOC_CAPTION: return "figcaption";
    case DOC_STRONG: return "b";
    case DOC_SPAN:
    case DOC_CHIP:
    case DOC_SWATCH: return "span";
    case DOC_LINK: return "a";
    case DOC_CODE: return "code";
    case DOC_FORM: return "form";
    case DOC_DETAILS: return "details";
    case DOC_SUMMARY: return "summary";
    case DOC_LABEL: return "label";
    case DOC_INPUT:
    case DOC_HIDDEN: return "input";
    case DOC_SELECT: return "select";
    case DOC_OPTION: return "option";
    case DOC_TEXTAREA: return "textarea";
    case DOC_BUTTON: return "button";
    default: return "div"; /* DOC_BOX, DOC_PAIR */
    }
}

static void esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

/* Length of a Japanese date (2026年12月3日) at s, or 0. */
static size_t ja_date_at(const char *s)
{
    static const char *const units[] = {"年", "月", "日"};
    static const int max_digits[] = {4, 2, 2};
    const char *p = s;
    for (int k = 0; k < 3; k++) {
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits <= max_digits[k]) {
            p++;
            digits++;
        }
        size_t unit = strlen(units[k]);
        if (digits == 0 || digits > max_digits[k] || (k == 0 && digits != 4) ||
            strncmp(p, units[k], unit) != 0)
            return 0;
        p += unit;
    }
    return (size_t)(p - s);
}

/* A text run, escaped, each Japanese date in a span that does not wrap. */
static void text_run(cr_strbuf *sb, const char *s)
{
    const char *text = s ? s : "";
    for (const char *p = text; *p;) {
        size_t n = (p == text || p[-1] < '0' || p[-1] > '9') ? ja_date_at(p) : 0;
        if (n) {
            cr_strbuf_puts(sb, "<span class=\"date\">");
            cr_strbuf_append(sb, p, n); /* digits and 年月日 only: nothing to escape */
            cr_strbuf_puts(sb, "</span>");
            p += n;
        } else {
            char one[2] = {*p++, '\0'};
            esc(sb, one);
        }
    }
}

static void attr(cr_strbuf *sb, const char *name, const char *value)
{
    if (!value)
        return;
    cr_strbuf_printf(sb, " %s=\"", name);
    esc(sb, value);
    cr_strbuf_puts(sb, "\"");
}

static void open_tag(cr_strbuf *sb, const doc_node *x, const char *name)
{
    cr_strbuf_printf(sb, "<%s", name);
    if (x->kind == DOC_FORM) {
        cr_strbuf_puts(sb, " method=\"post\"");
        attr(sb, "action", x->text);
    } else if (x->kind == DOC_HIDDEN) {
        cr_strbuf_puts(sb, " type=\"hidden\"");
    }
    attr(sb, "id", x->id);
    attr(sb, "class", x->cls);
    attr(sb, "lang", x->lang);
    if (x->kind == DOC_LINK)
        attr(sb, "href", x->text);
    if ((x->kind == DOC_CELL || x->kind == DOC_HEADCELL) && x->n > 1)
        cr_strbuf_printf(sb, " rowspan=\"%d\"", x->n);
    if ((x->kind == DOC_CELL || x->kind == DOC_HEADCELL) && x->cols > 1)
        cr_strbuf_printf(sb, " colspan=\"%d\"", x->cols);
    if (x->kind == DOC_CHIP || x->kind == DOC_SWATCH) {
        cr_strbuf_puts(sb, " style=\"background:");
        esc(sb, x->fill);
        if (x->kind == DOC_CHIP) {
            cr_strbuf_puts(sb, ";color:");
            esc(sb, x->ink);
        }
        cr_strbuf_puts(sb, "\"");
    }
    for (size_t a = 0; a < x->n_attrs; a++) {
        if (x->attrs[2 * a + 1])
            attr(sb, x->attrs[2 * a], x->attrs[2 * a + 1]);
        else
            cr_strbuf_printf(sb, " %s", x->attrs[2 * a]); /* [a-z-] only (doc_attr) */
    }
    cr_strbuf_puts(sb, ">");
}

static void node(const cr_doc *d, size_t k, cr_strbuf *sb);

static void children(const cr_doc *d, size_t k, cr_strbuf *sb)
{
    for (size_t c = d->nodes[k].first; c; c = d->nodes[c].next)
        node(d, c, sb);
}

static void table(const cr_doc *d, size_t k, cr_strbuf *sb)
{
    const doc_node *x = &d->nodes[k];
    open_tag(sb, x, "table");
    size_t c = x->first;
    if (c && d->nodes[c].kind == DOC_HEADROW) {
        cr_strbuf_puts(sb, "<thead>");
        open_tag(sb, &d->nodes[c], "tr");
        children(d, c, sb);
        cr_strbuf_puts(sb, "</tr></thead>");
        c = d->nodes[c].next;
    }
    cr_strbuf_puts(sb, "<tbody>");
    for (; c; c = d->nodes[c].next)
        node(d, c, sb);
    cr_strbuf_puts(sb, "</tbody></table>");
}

static void node(const cr_doc *d, size_t k, cr_strbuf *sb)
{
    const doc_node *x = &d->nodes[k];
    switch (x->kind) {
    case DOC_ROOT: children(d, k, sb); return;
    case DOC_TEXT: text_run(sb, x->text); return;
    case DOC_BREAK: cr_strbuf_puts(sb, "<br>"); return;
    case DOC_GRAPHIC: cr_strbuf_puts(sb, x->text ? x->text : ""); return;
    case DOC_TEXT_ONLY: return;
    case DOC_TABLE: table(d, k, sb); return;
    case DOC_INPUT:
    case DOC_HIDDEN: open_tag(sb, x, "input"); return; /* a void element */
    case DOC_HEADING: {
        char name[3] = {'h', (char)('0' + (x->n >= 1 && x->n <= 6 ? x->n : 2)), '\0'};
        open_tag(sb, x, name);
        children(d, k, sb);
        cr_strbuf_printf(sb, "</%s>", name);
        return;
    }
    default: {
        const char *name = tag(x->kind);
        open_tag(sb, x, name);
        children(d, k, sb);
        cr_strbuf_printf(sb, "</%s>", name);
        return;
    }
    }
}

void doc_html(const cr_doc *d, cr_strbuf *sb)
{
    if (d->failed) {
        sb->failed = true;
        return;
    }
    node(d, 0, sb);
}

void doc_html_page_begin(cr_strbuf *sb, const doc_page *page)
{
    cr_strbuf_puts(sb, "<!DOCTYPE html>\n<html lang=\"");
    esc(sb, page->lang);
    cr_strbuf_puts(sb, "\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<meta name=\"generator\" content=\"cloudrisk\"><title>");
    esc(sb, page->title);
    cr_strbuf_puts(sb, "</title>");
    if (page->noscript_refresh > 0)
        cr_strbuf_printf(sb, "<noscript><meta http-equiv=\"refresh\" content=\"%d\"></noscript>",
                         page->noscript_refresh);
    cr_strbuf_puts(sb, "<style>");
    cr_html_style(sb);
    for (size_t i = 0; i < sizeof page->css / sizeof page->css[0]; i++)
        if (page->css[i])
            cr_strbuf_puts(sb, page->css[i]);
    cr_strbuf_puts(sb, "</style></head><body");
    for (size_t i = 0; i < page->n_body_attrs; i++) {
        const char *name = page->body_attrs[2 * i], *value = page->body_attrs[2 * i + 1];
        if (!doc_attr_name_ok(name)) {
            sb->failed = true;
            return;
        }
        attr(sb, name, value ? value : "");
    }
    cr_strbuf_puts(sb, "><main>");
}

void doc_html_page_end(cr_strbuf *sb, const doc_page *page)
{
    cr_strbuf_puts(sb, "</main>");
    if (page->script) {
        cr_strbuf_puts(sb, "<script src=\"");
        esc(sb, page->script);
        cr_strbuf_puts(sb, "\"></script>");
    }
    cr_strbuf_puts(sb, "</body></html>\n");
}

void doc_html_page(cr_strbuf *sb, const doc_page *page, const cr_doc *d)
{
    doc_html_page_begin(sb, page);
    doc_html(d, sb);
    doc_html_page_end(sb, page);
}

void doc_html_page_open(cr_strbuf *sb, const char *lang, const char *title,
                        const char *extra_css)
{
    doc_page page = {.lang = lang, .title = title, .css = {extra_css, NULL}};
    doc_html_page_begin(sb, &page);
}
