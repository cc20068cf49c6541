/*
 * pages_projector.c -- the facilitator's projector view: the QR code and
 * address to join, who has answered how much (counts, never values, until
 * the facilitator reveals), then the pooled heat map, each risk's dot plots
 * (summary_plot.c, the merge summary's own) and its disagreement flags
 * (rationale.c's words); and the buttons that reveal, re-vote and close.
 *
 * What is revealed is the merge of the answers in memory through the same
 * reader and merge as the files the round writes (serve_round.c).
 */
#include <stdio.h>
#include <string.h>

#include "workshop/rationale.h"
#include "workshop/serve.h"
#include "workshop/summary.h"

static size_t answered_count(const ws_state *s, const ws_participant *p)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_risks; i++)
        n += p->answers[s->risks[i]].given;
    return n;
}

static void button_form(cr_strbuf *sb, const ws_state *s, const char *action, const char *label,
                        const char *note, bool plain)
{
    cr_strbuf_printf(sb, "<form method=\"post\" action=\"/%s\" class=\"row\">", action);
    cr_strbuf_printf(sb, "<input type=\"hidden\" name=\"t\" value=\"%s\">", s->facilitator);
    cr_strbuf_printf(sb, "<input type=\"hidden\" name=\"round\" value=\"%d\">", s->round);
    cr_strbuf_printf(sb, "<button type=\"submit\" id=\"%s\"%s>", action,
                     plain ? " class=\"plain\"" : "");
    ws_esc(sb, label);
    cr_strbuf_puts(sb, "</button>");
    if (note) { /* a box to tick first: closing cannot be undone */
        cr_strbuf_puts(sb, "<label class=\"muted small\"><input type=\"checkbox\" "
                           "name=\"confirm\" value=\"yes\" required> ");
        ws_esc(sb, note);
        cr_strbuf_puts(sb, "</label>");
    }
    cr_strbuf_puts(sb, "</form>");
}

static void people_table(cr_strbuf *sb, const ws_state *s, const ws_words *w)
{
    cr_strbuf_puts(sb, "<h2>");
    ws_esc(sb, w->participants);
    cr_strbuf_printf(sb, " (%zu)</h2><table class=\"counts\"><tbody>", s->n_people);
    for (size_t i = 0; i < s->n_people; i++) {
        size_t n = answered_count(s, &s->people[i]);
        cr_strbuf_puts(sb, "<tr><td>");
        ws_esc(sb, s->people[i].name);
        cr_strbuf_printf(sb, "</td><td class=\"n\">%zu / %zu</td><td><span class=\"bar\" "
                             "style=\"width:%zupx\"></span></td></tr>",
                         n, s->n_risks, s->n_risks ? 160 * n / s->n_risks : 0);
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

static void counts_table(cr_strbuf *sb, const ws_state *s, const ws_words *w)
{
    cr_strbuf_puts(sb, "<p class=\"note\">");
    ws_esc(sb, w->waiting);
    cr_strbuf_puts(sb, "</p><table class=\"counts\"><tbody>");
    for (size_t i = 0; i < s->n_risks; i++) {
        size_t k = s->risks[i], n = 0;
        for (size_t j = 0; j < s->n_people; j++)
            n += s->people[j].answers[k].given;
        cr_strbuf_printf(sb, "<tr><td>%s</td><td>", s->all[k].id);
        ws_esc(sb, s->all[k].name);
        cr_strbuf_printf(sb, "</td><td class=\"n\">%zu / %zu %s</td></tr>", n, s->n_people,
                         w->answered);
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

static bool is_flagged(const cr_workshop_consensus *c)
{
    return c->impact.disagreement || c->likelihood.disagreement || c->frequency.disjoint ||
           c->loss.disjoint;
}

static const char *level_class(const ws_state *s, int impact, int likelihood)
{
    const cr_criteria *cr = cr_model_criteria(s->model);
    int level = cr_model_level(s->model, impact, likelihood);
    if (level <= 0)
        return "lv-low";
    return (size_t)level + 1 >= cr->n_levels ? "lv-high" : "lv-mid";
}

static void heat_map(cr_strbuf *sb, const ws_state *s, const cr_workshop_result *r,
                     const ws_words *w)
{
    cr_strbuf_puts(sb, "<h2>");
    ws_esc(sb, w->heat_map);
    cr_strbuf_puts(sb, "</h2><table class=\"heat\"><tbody>");
    for (int l = 5; l >= 1; l--) {
        cr_strbuf_puts(sb, "<tr><th>");
        ws_level_text(sb, w, w->likelihood_scale, l);
        cr_strbuf_puts(sb, "</th>");
        for (int i = 1; i <= 5; i++) {
            cr_strbuf_printf(sb, "<td class=\"%s\">", level_class(s, i, l));
            for (size_t k = 0; k < r->n_risks; k++) {
                const cr_workshop_consensus *c = &r->risks[k];
                if (!c->handed_out || !ws_in_round(s, k) || !c->impact.n ||
                    c->impact.consensus != i || c->likelihood.consensus != l)
                    continue;
                cr_strbuf_printf(sb, "<span class=\"chip%s\">%s</span>",
                                 is_flagged(c) ? " flag" : "", c->risk_id);
            }
            cr_strbuf_puts(sb, "</td>");
        }
        cr_strbuf_puts(sb, "</tr>");
    }
    cr_strbuf_puts(sb, "<tr><th></th>");
    for (int i = 1; i <= 5; i++)
    {
        cr_strbuf_puts(sb, "<th>");
        ws_level_text(sb, w, w->impact_scale, i);
        cr_strbuf_puts(sb, "</th>");
    }
    cr_strbuf_puts(sb, "</tr></tbody></table>");
}

static void risk_rows(cr_strbuf *sb, const ws_state *s, const cr_workshop_result *r,
                      const ws_words *w)
{
    const cr_ws_words *sw = cr_ws_words_for(s->cfg->lang);
    cr_strbuf flags;
    cr_strbuf_init(&flags);
    bool open_form = !s->closed;
    if (open_form) {
        cr_strbuf_printf(sb, "<form method=\"post\" action=\"/revote\"><input type=\"hidden\" "
                             "name=\"t\" value=\"%s\"><input type=\"hidden\" name=\"round\" "
                             "value=\"%d\">", s->facilitator, s->round);
    }
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        if (!ws_in_round(s, k))
            continue;
        bool flagged = c->impact.n && is_flagged(c);
        cr_strbuf_printf(sb, "<section class=\"card\" id=\"risk-%s\"><h3>", c->risk_id);
        if (open_form)
            cr_strbuf_printf(sb, "<label><input type=\"checkbox\" name=\"risk\" value=\"%s\"%s> ",
                             c->risk_id, flagged ? " checked" : "");
        ws_esc(sb, c->risk_id);
        cr_strbuf_puts(sb, " ");
        ws_esc(sb, c->risk_name);
        cr_strbuf_puts(sb, open_form ? "</label></h3>" : "</h3>");
        if (!c->impact.n) {
            cr_strbuf_puts(sb, "<p class=\"muted\">");
            ws_esc(sb, w->no_answer);
            cr_strbuf_puts(sb, "</p></section>");
            continue;
        }
        cr_strbuf_puts(sb, "<p>");
        ws_level_text(sb, w, w->impact_scale, c->impact.consensus);
        cr_strbuf_printf(sb, "%s%d%s%d%s × ", w->open, c->impact.min, w->range, c->impact.max,
                         w->close_paren);
        ws_level_text(sb, w, w->likelihood_scale, c->likelihood.consensus);
        cr_strbuf_printf(sb, "%s%d%s%d%s%s", w->open, c->likelihood.min, w->range,
                         c->likelihood.max, w->close_paren, w->dot);
        ws_count_text(sb, w, c->impact.n);
        cr_strbuf_puts(sb, "</p>");
        flags.len = 0;
        if (flags.data)
            flags.data[0] = '\0';
        if (cr_ws_flags_text(&flags, r, c, s->cfg->lang)) {
            cr_strbuf_puts(sb, "<p class=\"flag\">");
            ws_esc(sb, w->flagged);
            cr_strbuf_puts(sb, w->colon);
            ws_esc(sb, flags.data);
            cr_strbuf_puts(sb, "</p>");
        } else {
            cr_strbuf_puts(sb, "<p class=\"good\">");
            ws_esc(sb, w->no_flags);
            cr_strbuf_puts(sb, "</p>");
        }
        cr_strbuf_puts(sb, "<div class=\"plots\">");
        cr_ws_dot_plot(sb, r, c, true, sw);
        cr_ws_dot_plot(sb, r, c, false, sw);
        cr_strbuf_puts(sb, "</div></section>");
    }
    cr_strbuf_free(&flags);
    if (open_form) {
        cr_strbuf_puts(sb, "<p class=\"note\">");
        ws_esc(sb, w->revote_intro);
        cr_strbuf_puts(sb, "</p><div class=\"row\"><button type=\"submit\" id=\"revote\">");
        ws_esc(sb, w->revote);
        cr_strbuf_puts(sb, "</button></div></form>");
    }
}

void ws_page_board(cr_strbuf *sb, const ws_state *s)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    cr_strbuf_puts(sb, "<p class=\"meta\">");
    ws_level_text(sb, w, w->round, s->round);
    if (s->closed) {
        cr_strbuf_puts(sb, w->dot);
        ws_esc(sb, w->closed);
    }
    cr_strbuf_puts(sb, "</p>");
    if (s->notice[0]) {
        cr_strbuf_puts(sb, "<p class=\"notice\"><b>");
        ws_esc(sb, w->notice);
        cr_strbuf_puts(sb, ":</b> ");
        ws_esc(sb, s->notice);
        cr_strbuf_puts(sb, "</p>");
    }
    if (s->n_outputs) {
        cr_strbuf_puts(sb, "<details><summary>");
        ws_esc(sb, w->outputs);
        cr_strbuf_puts(sb, "</summary><ul class=\"url\">");
        for (size_t i = 0; i < s->n_outputs; i++) {
            cr_strbuf_puts(sb, "<li>");
            ws_esc(sb, s->outputs[i]);
            cr_strbuf_puts(sb, "</li>");
        }
        cr_strbuf_puts(sb, "</ul></details>");
    }
    people_table(sb, s, w);
    cr_workshop_result r;
    cr_error err;
    cr_error_clear(&err);
    bool shown = (s->revealed || s->closed) && ws_round_preview(s, &r, &err) == CR_OK;
    if (!shown) {
        counts_table(sb, s, w);
        if (!s->closed)
            button_form(sb, s, "reveal", w->reveal, NULL, false);
    } else {
        heat_map(sb, s, &r, w);
        risk_rows(sb, s, &r, w);
        cr_workshop_result_clear(&r);
    }
    if (!s->closed)
        button_form(sb, s, "close", w->close, w->close_confirm, true);
}

void ws_page_projector(cr_strbuf *sb, const ws_state *s, const char *join_url)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    ws_page_open(sb, w, w->projector, "f", s->facilitator, s->version, s->round);
    cr_strbuf_puts(sb, "<h1>");
    ws_esc(sb, w->title);
    cr_strbuf_puts(sb, w->colon);
    ws_esc(sb, cr_service_id(s->service));
    cr_strbuf_puts(sb, "</h1>");
    if (!s->closed) {
        cr_strbuf_puts(sb, "<div class=\"qr\">");
        ws_qr_svg(sb, join_url);
        cr_strbuf_puts(sb, "<div><h3>");
        ws_esc(sb, w->join_here);
        cr_strbuf_puts(sb, "</h3><p class=\"url\">");
        ws_esc(sb, join_url);
        cr_strbuf_puts(sb, "</p></div></div>");
    }
    cr_strbuf_puts(sb, "<div id=\"board\">");
    ws_page_board(sb, s);
    cr_strbuf_puts(sb, "</div>");
    ws_page_close(sb);
}
