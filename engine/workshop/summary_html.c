/*
 * summary_html.c -- the merge summary as one self-contained HTML page.
 *
 * No scripts, fonts or images: the style sheet is inline and the page prints
 * as it shows.  Every string that came from a sheet (names, comments, file
 * names, the service id) goes through the HTML escaper.
 */
#include <stdio.h>
#include <string.h>

#include "util/html_style.h"
#include "util/text.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

static void esc(cr_strbuf *sb, const char *s) { cr_strbuf_html_escaped(sb, s); }

static void levels_cell(cr_strbuf *sb, const cr_workshop_levels *l)
{
    cr_strbuf_printf(sb, "<td class=\"num\"><b>%d</b> (%d&ndash;%d, MAD %g)</td>", l->consensus,
                     l->min, l->max, l->mad);
}

static void th(cr_strbuf *sb, const char *text)
{
    cr_strbuf_puts(sb, "<th>");
    esc(sb, text);
    cr_strbuf_puts(sb, "</th>");
}

static void overview(cr_strbuf *sb, const cr_ws_words *w, const cr_workshop_result *r,
                     cr_strbuf *flags)
{
    cr_strbuf_puts(sb, "<table>\n<tr>");
    th(sb, w->risk);
    th(sb, w->scored);
    th(sb, w->impact);
    th(sb, w->likelihood);
    th(sb, w->frequency_pool);
    th(sb, w->loss_pool);
    th(sb, w->flags);
    cr_strbuf_puts(sb, "</tr>\n");
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        flags->len = 0;
        size_t n_flags = c->impact.n ? cr_ws_flags_text(flags, r, c, w->lang) : 0;
        cr_strbuf_printf(sb, "<tr%s><td>", n_flags ? " class=\"flagged\"" : "");
        esc(sb, c->risk_id);
        cr_strbuf_puts(sb, " ");
        esc(sb, c->risk_name);
        if (!c->impact.n) {
            cr_strbuf_printf(sb, "</td><td class=\"num\">0/%zu</td><td colspan=\"5\">",
                             r->n_participants);
            esc(sb, w->not_scored);
            cr_strbuf_puts(sb, "</td></tr>\n");
            continue;
        }
        cr_strbuf_printf(sb, "</td><td class=\"num\">%zu/%zu</td>", c->impact.n,
                         r->n_participants);
        levels_cell(sb, &c->impact);
        levels_cell(sb, &c->likelihood);
        char pool[200];
        cr_ws_pool_brief(pool, sizeof pool, &c->frequency);
        cr_strbuf_puts(sb, "<td class=\"num\">");
        esc(sb, pool);
        cr_ws_pool_brief(pool, sizeof pool, &c->loss);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        esc(sb, pool);
        cr_strbuf_puts(sb, "</td><td class=\"flag\">");
        if (n_flags)
            esc(sb, flags->data);
        cr_strbuf_puts(sb, "</td></tr>\n");
    }
    cr_strbuf_puts(sb, "</table>\n");
}

static void answers(cr_strbuf *sb, const cr_ws_words *w, const cr_workshop_result *r,
                    const cr_workshop_consensus *c)
{
    char freq_head[160], loss_head[160];
    snprintf(freq_head, sizeof freq_head, "%s %s", w->frequency, w->min_likely_max);
    snprintf(loss_head, sizeof loss_head, "%s %s", w->loss, w->min_likely_max);
    cr_strbuf_puts(sb, "<table>\n<tr>");
    th(sb, w->participant);
    th(sb, w->impact);
    th(sb, w->likelihood);
    th(sb, freq_head);
    th(sb, loss_head);
    th(sb, w->confidence_short);
    th(sb, w->comment);
    cr_strbuf_puts(sb, "</tr>\n");
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_entry *e = &c->entries[i];
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, r->participants[i].name);
        if (e->scored) {
            char freq[160], loss[160];
            cr_ws_range_brief(freq, sizeof freq, &e->frequency);
            cr_ws_range_brief(loss, sizeof loss, &e->loss);
            cr_strbuf_printf(sb, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                                 "<td class=\"num\">", e->impact, e->likelihood);
            esc(sb, freq);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            esc(sb, loss);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            if (e->confidence)
                cr_strbuf_printf(sb, "%d", e->confidence);
            cr_strbuf_puts(sb, "</td><td>");
        } else {
            cr_strbuf_puts(sb, "</td><td colspan=\"5\">");
            esc(sb, w->abstained);
            cr_strbuf_puts(sb, "</td><td>");
        }
        esc(sb, e->comment);
        cr_strbuf_puts(sb, "</td></tr>\n");
    }
    cr_strbuf_puts(sb, "</table>\n");
}

cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *r,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err)
{
    cr_strbuf sb, flags;
    cr_strbuf_init(&sb);
    cr_strbuf_init(&flags);
    cr_strbuf_printf(&sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<title>", w->lang);
    esc(&sb, w->title);
    cr_strbuf_puts(&sb, ": ");
    esc(&sb, r->service_id);
    cr_strbuf_puts(&sb, "</title>\n<style>");
    cr_html_style(&sb);
    cr_strbuf_puts(&sb, "</style>\n</head>\n<body>\n<h1>");
    esc(&sb, w->title);
    cr_strbuf_puts(&sb, "</h1>\n<table>\n<tr>");
    th(&sb, w->service);
    cr_strbuf_puts(&sb, "<td>");
    esc(&sb, r->service_id);
    cr_strbuf_puts(&sb, "</td></tr>\n<tr>");
    th(&sb, w->date);
    cr_strbuf_printf(&sb, "<td>%s</td></tr>\n", r->date);
    if (prov && prov->model_version) {
        cr_strbuf_puts(&sb, "<tr>");
        th(&sb, w->model);
        cr_strbuf_puts(&sb, "<td>");
        esc(&sb, prov->model_version);
        cr_strbuf_puts(&sb, "</td></tr>\n");
    }
    cr_strbuf_puts(&sb, "<tr>");
    th(&sb, w->inputs);
    cr_strbuf_printf(&sb, "<td>SHA-256 <code>%s</code></td></tr>\n<tr>", r->inputs_sha256);
    th(&sb, w->participants);
    cr_strbuf_puts(&sb, "<td>");
    for (size_t i = 0; i < r->n_participants; i++) {
        cr_strbuf_puts(&sb, i ? "<br>" : "");
        esc(&sb, r->participants[i].name);
        cr_strbuf_puts(&sb, " (");
        esc(&sb, w->weight);
        cr_strbuf_printf(&sb, " %g", r->participants[i].weight);
        esc(&sb, w->comma);
        esc(&sb, r->participants[i].file);
        cr_strbuf_puts(&sb, ")");
    }
    cr_strbuf_puts(&sb, "</td></tr>\n</table>\n<p class=\"method\">");
    esc(&sb, w->method);
    cr_strbuf_puts(&sb, "</p>\n<h2>");
    esc(&sb, w->consensus);
    cr_strbuf_puts(&sb, "</h2>\n");
    overview(&sb, w, r, &flags);

    bool any = false;
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        flags.len = 0;
        if (!c->impact.n || !cr_ws_flags_text(&flags, r, c, w->lang))
            continue;
        if (!any) {
            cr_strbuf_puts(&sb, "<h2>");
            esc(&sb, w->for_discussion);
            cr_strbuf_puts(&sb, "</h2>\n");
        }
        any = true;
        cr_strbuf_puts(&sb, "<h3>");
        esc(&sb, c->risk_id);
        cr_strbuf_puts(&sb, " ");
        esc(&sb, c->risk_name);
        cr_strbuf_puts(&sb, "</h3>\n<p class=\"flag\">");
        esc(&sb, flags.data);
        cr_strbuf_puts(&sb, "</p>\n");
        answers(&sb, w, r, c);
    }
    if (!any) {
        cr_strbuf_puts(&sb, "<p>");
        esc(&sb, w->no_flags);
        cr_strbuf_puts(&sb, "</p>\n");
    }
    cr_strbuf_puts(&sb, "</body>\n</html>\n");
    bool failed = sb.failed || flags.failed;
    if (!failed)
        fwrite(sb.data, 1, sb.len, fp);
    cr_strbuf_free(&sb);
    cr_strbuf_free(&flags);
    if (failed)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}
