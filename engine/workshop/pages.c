/*
 * pages.c -- what every page of the live workshop shares: the document
 * around a body, the shared style sheet (util/html_style.c) with the few
 * rules of cards, fields and the heat map, and escaping.
 *
 * A page is a document (report/doc.h) built by pages_*.c and written by the
 * one HTML writer, frame included (doc_html_page_begin), which escapes every
 * piece of text and every attribute value: no external resource (no font,
 * CDN or image), one script of our own from /app.js, forms that work
 * without it.  The body's data- attributes tell the script what to poll;
 * they hold only server-made values, escaped all the same.
 */
#include <stdio.h>

#include "workshop/serve.h"
#include "workshop/summary.h"

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

void ws_page_write(cr_strbuf *sb, const ws_words *w, const char *title, const char *page,
                   const char *token, unsigned long version, int round, const cr_doc *d)
{
    char versions[24], rounds[16];
    snprintf(versions, sizeof versions, "%lu", version);
    snprintf(rounds, sizeof rounds, "%d", round);
    const char *const attrs[] = {"data-page",  page,     "data-token", token,
                                 "data-version", versions, "data-round", rounds,
                                 "data-saved", w->saved, "data-failed", w->not_saved};
    bool live = page && token;
    doc_page frame = {.lang = w->lang,
                      .title = title,
                      .css = {cr_ws_summary_style, extra_style},
                      /* the projector refreshes itself without the script */
                      .noscript_refresh = page && page[0] == 'f' ? 5 : 0,
                      .body_attrs = live ? attrs : NULL,
                      .n_body_attrs = live ? sizeof attrs / sizeof attrs[0] / 2 : 0,
                      .script = "/app.js"};
    doc_html_page(sb, &frame, d);
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
