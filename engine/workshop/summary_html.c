/*
 * summary_html.c -- the merge summary as one self-contained HTML page.
 *
 * Read top to bottom by the facilitator before the discussion round: who
 * took part; who stands apart from the room and on how many risks; one
 * table row per risk with the consensus, the pooled figures in money and
 * events a year, and the flags on one line; then per risk the dot plots of
 * the estimates (summary_plot.c) and, for a flagged risk, every answer and
 * comment.
 *
 * No scripts, fonts or images: the project's one style sheet is inline
 * (util/html_style.h), with the few rules the plots add, and the page prints
 * as it shows.  Every
 * string that came from a sheet (names, comments, file names, the service
 * id) goes through the HTML escaper.
 */
#include <stdio.h>
#include <string.h>

#include "util/html_style.h"
#include "util/text.h"
#include "workshop/cells.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

/* What the summary adds to the shared style sheet: the flag badge and the
 * dot plots. */
const char cr_ws_summary_style[] =
    "a.badge{text-decoration:none}"
    ".badge{display:inline-block;background:#fff4e0;color:#8a4b00;border:1px solid #f0c36d;"
    "border-radius:3px;padding:0 .35em;font-size:.85em;margin-right:.4em}"
    "td.num{text-align:right;white-space:nowrap}"
    "p.flagline{margin:.2em 0}p.method{color:#57606a;font-size:.9em}p.apart{font-weight:600}"
    ".plots{display:flex;flex-wrap:wrap;gap:1.5em}.plots figure{margin:0}"
    ".plots figcaption{font-size:.85em;color:#57606a}"
    "svg.dots text{font-size:10px;fill:#1f2933}svg.dots text.who{text-anchor:end}"
    "svg.dots text.tick{text-anchor:middle;fill:#57606a}"
    "svg.dots .band{fill:#dbe9f7}svg.dots .axis{stroke:#8c959f;stroke-width:1}"
    "svg.dots .whisker{stroke:#57606a;stroke-width:1.5}svg.dots .dot{fill:#1f6feb}"
    "svg.dots .mean{fill:#0b3d91}svg.dots .out{stroke:#c2410c;fill:#c2410c}"
    "svg.dots text.out{stroke:none}section{page-break-inside:avoid}";

static void esc(cr_strbuf *sb, const char *s) { cr_strbuf_html_escaped(sb, s); }

static void th(cr_strbuf *sb, const char *text)
{
    cr_strbuf_puts(sb, "<th>");
    esc(sb, text);
    cr_strbuf_puts(sb, "</th>");
}

static void levels_cell(cr_strbuf *sb, const cr_workshop_levels *l)
{
    cr_strbuf_printf(sb, "<td class=\"num\"><b>%d</b> (%d&ndash;%d)</td>", l->consensus, l->min,
                     l->max);
}

static void text_cell(cr_strbuf *sb, const char *text, bool number)
{
    cr_strbuf_puts(sb, number ? "<td class=\"num\">" : "<td>");
    esc(sb, text);
    cr_strbuf_puts(sb, "</td>");
}

static void header(cr_strbuf *sb, const cr_ws_words *w, const cr_workshop_result *r,
                   const cr_workshop_provenance *prov)
{
    cr_strbuf_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<title>", w->lang);
    esc(sb, w->title);
    cr_strbuf_puts(sb, ": ");
    esc(sb, r->service_id);
    cr_strbuf_puts(sb, "</title>\n<style>");
    cr_html_style(sb);
    cr_strbuf_printf(sb, "%s</style>\n</head>\n<body>\n<h1>", cr_ws_summary_style);
    esc(sb, w->title);
    cr_strbuf_puts(sb, "</h1>\n<table>\n<tr>");
    th(sb, w->service);
    text_cell(sb, r->service_id, false);
    cr_strbuf_puts(sb, "</tr>\n<tr>");
    th(sb, w->date);
    cr_strbuf_printf(sb, "<td>%s</td></tr>\n<tr>", r->date);
    th(sb, w->round);
    cr_strbuf_printf(sb, "<td>%d</td></tr>\n", r->round);
    if (prov && prov->model_version) {
        cr_strbuf_puts(sb, "<tr>");
        th(sb, w->model);
        text_cell(sb, prov->model_version, false);
        cr_strbuf_puts(sb, "</tr>\n");
    }
    cr_strbuf_puts(sb, "<tr>");
    th(sb, w->inputs);
    cr_strbuf_printf(sb, "<td>SHA-256 <code>%s</code></td></tr>\n<tr>", r->inputs_sha256);
    th(sb, w->participants);
    cr_strbuf_puts(sb, "<td>");
    for (size_t i = 0; i < r->n_participants; i++) {
        cr_strbuf_puts(sb, i ? "<br>" : "");
        esc(sb, r->participants[i].name);
        cr_strbuf_puts(sb, " (");
        esc(sb, w->weight);
        cr_strbuf_printf(sb, " %g", r->participants[i].weight);
        if (r->participants[i].file[0]) {
            esc(sb, w->comma);
            esc(sb, r->participants[i].file);
        }
        cr_strbuf_puts(sb, ")");
    }
    if (r->anonymous) {
        cr_strbuf_puts(sb, "<br>");
        esc(sb, w->anonymous);
    }
    cr_strbuf_puts(sb, "</td></tr>\n</table>\n<p class=\"method\">");
    esc(sb, w->method);
    cr_strbuf_puts(sb, "</p>\n");
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
    th(sb, w->annual_loss);
    th(sb, w->flags);
    cr_strbuf_puts(sb, "</tr>\n");
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        if (!c->handed_out)
            continue;
        cr_strbuf_printf(sb, "<tr id=\"row-%s\"><td>", c->risk_id);
        esc(sb, c->risk_id);
        cr_strbuf_puts(sb, " ");
        esc(sb, c->risk_name);
        if (!c->impact.n) {
            cr_strbuf_printf(sb, "</td><td class=\"num\">0/%zu</td><td colspan=\"6\">",
                             r->n_participants);
            esc(sb, w->not_scored);
            cr_strbuf_puts(sb, "</td></tr>\n");
            continue;
        }
        cr_strbuf_printf(sb, "</td><td class=\"num\">%zu/%zu</td>", c->impact.n,
                         r->n_participants);
        levels_cell(sb, &c->impact);
        levels_cell(sb, &c->likelihood);
        char text[200];
        cr_ws_pool_brief(text, sizeof text, &c->frequency, NULL, w->lang);
        text_cell(sb, text, true);
        cr_ws_pool_brief(text, sizeof text, &c->loss, r->currency, w->lang);
        text_cell(sb, text, true);
        if (c->frequency.n)
            cr_ws_format_money(text, sizeof text, c->annual_loss, r->currency, w->lang);
        else
            snprintf(text, sizeof text, "-");
        text_cell(sb, text, true);
        cr_strbuf_puts(sb, "<td>");
        flags->len = 0;
        if (cr_ws_flags_short(flags, r, c, w->lang)) {
            cr_strbuf_printf(sb, "<a class=\"badge\" href=\"#%s\">", c->risk_id);
            esc(sb, w->flag);
            cr_strbuf_puts(sb, "</a>");
            esc(sb, flags->data);
        }
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
        if (!e->line)
            continue;
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, r->participants[i].name);
        if (e->scored) {
            char freq[160], loss[160];
            cr_ws_range_brief(freq, sizeof freq, &e->frequency, NULL, w->lang);
            cr_ws_range_brief(loss, sizeof loss, &e->loss, r->currency, w->lang);
            cr_strbuf_printf(sb, "</td><td class=\"num\">%d</td><td class=\"num\">%d</td>",
                             e->impact, e->likelihood);
            text_cell(sb, freq, true);
            text_cell(sb, loss, true);
            cr_strbuf_puts(sb, "<td class=\"num\">");
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

/* A risk's own section: the flag, the dot plots, the answers when flagged. */
static void risk_section(cr_strbuf *sb, const cr_ws_words *w, const cr_workshop_result *r,
                         const cr_workshop_consensus *c, cr_strbuf *flags)
{
    flags->len = 0;
    size_t n_flags = cr_ws_flags_text(flags, r, c, w->lang);
    if (!n_flags && !c->frequency.n)
        return;
    cr_strbuf_printf(sb, "<section id=\"%s\">\n<h3>", c->risk_id);
    esc(sb, c->risk_id);
    cr_strbuf_puts(sb, " ");
    esc(sb, c->risk_name);
    cr_strbuf_puts(sb, "</h3>\n");
    if (n_flags) {
        cr_strbuf_puts(sb, "<p class=\"flagline\"><span class=\"badge\">");
        esc(sb, w->flag);
        cr_strbuf_puts(sb, "</span>");
        esc(sb, flags->data);
        cr_strbuf_puts(sb, "</p>\n");
    }
    if (c->frequency.n) {
        const bool kinds[2] = {true, false};
        cr_strbuf_puts(sb, "<div class=\"plots\">");
        for (int i = 0; i < 2; i++) {
            cr_strbuf_puts(sb, "<figure>");
            cr_ws_dot_plot(sb, r, c, kinds[i], w);
            cr_strbuf_puts(sb, "<figcaption>");
            esc(sb, kinds[i] ? w->frequency_axis : w->loss_axis);
            cr_strbuf_puts(sb, "</figcaption></figure>");
        }
        cr_strbuf_puts(sb, "</div>\n");
    }
    if (n_flags)
        answers(sb, w, r, c);
    cr_strbuf_puts(sb, "</section>\n");
}

cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *r,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err)
{
    cr_strbuf sb, flags;
    cr_strbuf_init(&sb);
    cr_strbuf_init(&flags);
    header(&sb, w, r, prov);

    cr_strbuf_puts(&sb, "<h2>");
    esc(&sb, w->outliers);
    cr_strbuf_puts(&sb, "</h2>\n<p class=\"apart\">");
    if (cr_ws_outliers_text(&flags, r, w, " "))
        esc(&sb, flags.data);
    else
        esc(&sb, w->no_outlier);
    cr_strbuf_puts(&sb, "</p>\n<h2>");
    esc(&sb, w->consensus);
    cr_strbuf_puts(&sb, "</h2>\n");
    overview(&sb, w, r, &flags);

    bool any = false;
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        flags.len = 0;
        if (!c->impact.n || (!c->frequency.n && !cr_ws_flags_text(&flags, r, c, w->lang)))
            continue;
        if (!any) {
            cr_strbuf_puts(&sb, "<h2>");
            esc(&sb, w->estimates);
            cr_strbuf_puts(&sb, "</h2>\n");
        }
        any = true;
        risk_section(&sb, w, r, c, &flags);
    }
    size_t flagged = 0;
    for (size_t k = 0; k < r->n_risks; k++) {
        flags.len = 0;
        flagged += r->risks[k].impact.n && cr_ws_flags_text(&flags, r, &r->risks[k], w->lang);
    }
    if (!flagged) {
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
