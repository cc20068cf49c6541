/*
 * pages.c -- what every page of the live workshop shares: the document
 * around a body, the shared style sheet (util/html_style.c) with the few
 * rules of cards, fields and the heat map, and escaping.
 *
 * A page's body is a document (report/doc.h) built by pages_*.c and written
 * by the one HTML writer, which escapes every piece of text and every
 * attribute value; this file writes what is around it: no external resource
 * (no font, CDN or image), one script of our own from /app.js, forms that
 * work without it.  The body's data- attributes tell the script what to
 * poll; they hold only server-made values, escaped all the same.
 */
#include <stdio.h>

#include "util/html_style.h"
#include "workshop/serve.h"
#include "workshop/summary.h"

static void esc(cr_strbuf *sb, const char *s) { cr_strbuf_html_escaped(sb, s ? s : ""); }

static const char extra_style[] =
    "body{padding:16px}main{max-width:980px}"
    "section.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;"
    "margin:14px 0;background:#fff}"
    "section.card h2{margin:0 0 6px;border:0;font-size:17px}"
    ".anchor{font-size:12.5px;color:var(--muted);margin:2px 0}"
    ".anchor b{color:var(--ink);font-weight:600}"
    ".fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px 14px;"
    "margin-top:8px}"
    ".fields label{display:block;font-size:12.5px;font-weight:600}"
    ".fields input,.fields select,.fields textarea{width:100%;font:inherit;padding:4px 6px;"
    "border:1px solid #aab3bf;border-radius:4px}"
    ".fields .wide{grid-column:1/-1}"
    ".fields .bad input,.fields .bad select,.fields .bad textarea{border-color:#a3261b;"
    "background:#fff5f5}"
    ".err{display:block;color:#a3261b;font-size:12px;min-height:0}"
    ".row{display:flex;gap:8px;align-items:center;margin-top:10px}"
    "button{font:inherit;padding:6px 16px;border-radius:4px;border:1px solid var(--accent);"
    "background:var(--accent);color:#fff;cursor:pointer}"
    "button.plain{background:#fff;color:var(--accent)}"
    ".status.ok{color:#1e6b3a}.status.bad{color:#a3261b}"
    "details{margin:8px 0}summary{cursor:pointer;font-weight:600}"
    ".qr{display:flex;gap:16px;align-items:center}.qr svg{width:168px;height:168px}"
    ".url{font-family:monospace;font-size:13px;word-break:break-all}"
    "table.heat{width:auto;border-collapse:collapse}"
    "table.heat td{width:112px;height:56px;border:1px solid #fff;font-size:12px;"
    "vertical-align:middle;text-align:center}"
    "table.heat th{background:none;text-align:center}"
    ".chip{display:inline-block;padding:0 5px;margin:1px;border-radius:3px;background:#fff;"
    "border:1px solid #888}.chip.flag{border-color:#a3261b;color:#a3261b;font-weight:700}"
    ".counts td.n{width:7em}.bar{display:inline-block;height:8px;background:var(--accent);"
    "border-radius:2px;vertical-align:middle}"
    ".notice{background:#fdecea;border-left:4px solid #a3261b;padding:.5em}"
    ".plots{display:flex;flex-wrap:wrap;gap:12px}";

static void page_open(cr_strbuf *sb, const ws_words *w, const char *title, const char *page,
                  const char *token, unsigned long version, int round)
{
    cr_strbuf_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                         "<title>", w->lang);
    esc(sb, title);
    cr_strbuf_puts(sb, "</title>");
    if (page && page[0] == 'f') /* the projector refreshes itself without the script */
        cr_strbuf_puts(sb, "<noscript><meta http-equiv=\"refresh\" content=\"5\"></noscript>");
    cr_strbuf_puts(sb, "<style>");
    cr_html_style(sb);
    cr_strbuf_puts(sb, cr_ws_summary_style);
    cr_strbuf_puts(sb, extra_style);
    cr_strbuf_puts(sb, "</style></head>\n<body");
    if (page && token) {
        cr_strbuf_printf(sb, " data-page=\"%s\" data-token=\"", page);
        esc(sb, token);
        cr_strbuf_printf(sb, "\" data-version=\"%lu\" data-round=\"%d\" data-saved=\"", version,
                         round);
        esc(sb, w->saved);
        cr_strbuf_puts(sb, "\" data-failed=\"");
        esc(sb, w->not_saved);
        cr_strbuf_puts(sb, "\"");
    }
    cr_strbuf_puts(sb, "><main>\n");
}

static void page_close(cr_strbuf *sb)
{
    cr_strbuf_puts(sb, "</main><script src=\"/app.js\"></script></body></html>\n");
}

void ws_page_write(cr_strbuf *sb, const ws_words *w, const char *title, const char *page,
                   const char *token, unsigned long version, int round, const cr_doc *d)
{
    page_open(sb, w, title, page, token, version, round);
    doc_html(d, sb);
    page_close(sb);
}

void ws_page_heading(cr_doc *d, const ws_state *s, const ws_words *w)
{
    doc_open_heading(d, 1, NULL);
    doc_textf(d, "%s%s%s", w->title, w->colon, cr_service_id(s->service));
    doc_close(d);
}

void ws_page_message(cr_strbuf *sb, const ws_words *w, const char *title, const char *text)
{
    cr_doc d;
    doc_init(&d);
    doc_heading(&d, 1, NULL, title);
    doc_leaf(&d, DOC_PARA, NULL, NULL, text);
    ws_page_write(sb, w, title, NULL, NULL, 0, 0, &d);
    doc_free(&d);
}
