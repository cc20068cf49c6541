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

/* The facilitator's token and the round: what every form of the page posts. */
static void form_open(cr_doc *d, const ws_state *s, const char *action, const char *cls)
{
    char round[16];
    snprintf(round, sizeof round, "%d", s->round);
    doc_open_form(d, action, NULL, cls);
    doc_hidden(d, "t", s->facilitator);
    doc_hidden(d, "round", round);
}

static void submit(cr_doc *d, const char *id, const char *cls, const char *label)
{
    doc_open(d, DOC_BUTTON, id, cls);
    doc_attr(d, "type", "submit");
    doc_text(d, label);
    doc_close(d);
}

static void button_form(cr_doc *d, const ws_state *s, const char *action, const char *label,
                        const char *note, bool plain)
{
    char path[32];
    snprintf(path, sizeof path, "/%s", action);
    form_open(d, s, path, "row");
    submit(d, action, plain ? "plain" : NULL, label);
    if (note) { /* a box to tick first: closing cannot be undone */
        doc_open(d, DOC_LABEL, NULL, "muted small");
        doc_input(d, "checkbox", NULL, "confirm", "yes");
        doc_attr(d, "required", NULL);
        doc_text(d, " ");
        doc_text(d, note);
        doc_close(d);
    }
    doc_close(d);
}

static void people_table(cr_doc *d, const ws_state *s, const ws_words *w)
{
    doc_open_heading(d, 2, NULL);
    doc_textf(d, "%s%s%zu%s", w->participants, w->open, s->n_people, w->close_paren);
    doc_close(d);
    doc_open(d, DOC_TABLE, NULL, "counts");
    for (size_t i = 0; i < s->n_people; i++) {
        size_t n = answered_count(s, &s->people[i]);
        char count[48], width[32];
        snprintf(count, sizeof count, "%zu / %zu", n, s->n_risks);
        snprintf(width, sizeof width, "width:%zupx", s->n_risks ? 160 * n / s->n_risks : 0);
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, s->people[i].name);
        doc_leaf(d, DOC_CELL, NULL, "n", count);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_open(d, DOC_SPAN, NULL, "bar");
        doc_attr(d, "style", width);
        doc_close(d);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

static void counts_table(cr_doc *d, const ws_state *s, const ws_words *w)
{
    doc_leaf(d, DOC_PARA, NULL, "note", w->waiting);
    doc_open(d, DOC_TABLE, NULL, "counts");
    for (size_t i = 0; i < s->n_risks; i++) {
        size_t k = s->risks[i], n = 0;
        for (size_t j = 0; j < s->n_people; j++)
            n += s->people[j].answers[k].given;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, s->all[k].id);
        doc_leaf(d, DOC_CELL, NULL, NULL, s->all[k].name);
        doc_open(d, DOC_CELL, NULL, "n");
        doc_textf(d, "%zu / %zu %s", n, s->n_people, w->answered);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
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

/* "Impact 4" / "影響度4" as a run of d. */
static void level_text(cr_doc *d, const ws_words *w, const char *word, long n)
{
    cr_strbuf t;
    cr_strbuf_init(&t);
    ws_level_text(&t, w, word, n);
    doc_flush(d, &t);
    cr_strbuf_free(&t);
}

static void heat_map(cr_doc *d, const ws_state *s, const cr_workshop_result *r,
                     const ws_words *w)
{
    doc_heading(d, 2, NULL, w->heat_map);
    doc_open(d, DOC_TABLE, NULL, "heat");
    for (int l = 5; l >= 1; l--) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_HEADCELL, NULL, NULL);
        level_text(d, w, w->likelihood_scale, l);
        doc_close(d);
        for (int i = 1; i <= 5; i++) {
            doc_open(d, DOC_CELL, NULL, level_class(s, i, l));
            for (size_t k = 0; k < r->n_risks; k++) {
                const cr_workshop_consensus *c = &r->risks[k];
                if (!c->handed_out || !ws_in_round(s, k) || !c->impact.n ||
                    c->impact.consensus != i || c->likelihood.consensus != l)
                    continue;
                doc_leaf(d, DOC_SPAN, NULL, is_flagged(c) ? "chip flag" : "chip", c->risk_id);
            }
            doc_close(d);
        }
        doc_close(d);
    }
    doc_open(d, DOC_ROW, NULL, NULL);
    doc_leaf(d, DOC_HEADCELL, NULL, NULL, NULL);
    for (int i = 1; i <= 5; i++) {
        doc_open(d, DOC_HEADCELL, NULL, NULL);
        level_text(d, w, w->impact_scale, i);
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

/* A risk's pooled result: consensus and range, the flags, the dot plots. */
static void risk_result(cr_doc *d, const ws_state *s, const cr_workshop_result *r,
                        const cr_workshop_consensus *c, const ws_words *w, cr_strbuf *flags)
{
    const cr_ws_words *sw = cr_ws_words_for(s->cfg->lang);
    doc_open(d, DOC_PARA, NULL, NULL);
    cr_strbuf t;
    cr_strbuf_init(&t);
    ws_level_text(&t, w, w->impact_scale, c->impact.consensus);
    cr_strbuf_printf(&t, "%s%d%s%d%s × ", w->open, c->impact.min, w->range, c->impact.max,
                     w->close_paren);
    ws_level_text(&t, w, w->likelihood_scale, c->likelihood.consensus);
    cr_strbuf_printf(&t, "%s%d%s%d%s%s", w->open, c->likelihood.min, w->range,
                     c->likelihood.max, w->close_paren, w->dot);
    ws_count_text(&t, w, c->impact.n);
    doc_flush(d, &t);
    cr_strbuf_free(&t);
    doc_close(d);
    flags->len = 0;
    if (flags->data)
        flags->data[0] = '\0';
    if (cr_ws_flags_text(flags, r, c, s->cfg->lang)) {
        doc_open(d, DOC_PARA, NULL, "flag");
        doc_textf(d, "%s%s", w->flagged, w->colon);
        doc_text(d, flags->data);
        doc_close(d);
    } else {
        doc_leaf(d, DOC_PARA, NULL, "good", w->no_flags);
    }
    doc_open(d, DOC_BOX, NULL, "plots");
    cr_strbuf svg;
    cr_strbuf_init(&svg);
    cr_ws_dot_plot(&svg, r, c, true, sw);
    cr_ws_dot_plot(&svg, r, c, false, sw);
    doc_graphic(d, &svg);
    doc_close(d);
}

static void risk_rows(cr_doc *d, const ws_state *s, const cr_workshop_result *r,
                      const ws_words *w)
{
    cr_strbuf flags;
    cr_strbuf_init(&flags);
    bool open_form = !s->closed;
    if (open_form)
        form_open(d, s, "/revote", NULL);
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_workshop_consensus *c = &r->risks[k];
        if (!ws_in_round(s, k))
            continue;
        bool flagged = c->impact.n && is_flagged(c);
        char id[80];
        snprintf(id, sizeof id, "risk-%s", c->risk_id);
        doc_open(d, DOC_SECTION, id, "card");
        doc_open_heading(d, 3, NULL);
        if (open_form) {
            doc_open(d, DOC_LABEL, NULL, NULL);
            doc_input(d, "checkbox", NULL, "risk", c->risk_id);
            if (flagged)
                doc_attr(d, "checked", NULL);
            doc_text(d, " ");
        }
        doc_textf(d, "%s %s", c->risk_id, c->risk_name);
        if (open_form)
            doc_close(d);
        doc_close(d);
        if (!c->impact.n)
            doc_leaf(d, DOC_PARA, NULL, "muted", w->no_answer);
        else
            risk_result(d, s, r, c, w, &flags);
        doc_close(d);
    }
    if (flags.failed)
        d->failed = true;
    cr_strbuf_free(&flags);
    if (open_form) {
        doc_leaf(d, DOC_PARA, NULL, "note", w->revote_intro);
        doc_open(d, DOC_BOX, NULL, "row");
        submit(d, "revote", NULL, w->revote);
        doc_close(d);
        doc_close(d);
    }
}

/* The live part of the projector page. */
static void board(cr_doc *d, const ws_state *s)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    doc_open(d, DOC_PARA, NULL, "meta");
    level_text(d, w, w->round, s->round);
    if (s->closed)
        doc_textf(d, "%s%s", w->dot, w->closed);
    doc_close(d);
    if (s->notice[0]) {
        doc_open(d, DOC_PARA, NULL, "notice");
        doc_open(d, DOC_STRONG, NULL, NULL);
        doc_textf(d, "%s:", w->notice);
        doc_close(d);
        doc_text(d, " ");
        doc_text(d, s->notice);
        doc_close(d);
    }
    if (s->n_outputs) {
        doc_open(d, DOC_DETAILS, NULL, NULL);
        doc_leaf(d, DOC_SUMMARY, NULL, NULL, w->outputs);
        doc_open(d, DOC_LIST, NULL, "url");
        for (size_t i = 0; i < s->n_outputs; i++)
            doc_leaf(d, DOC_ITEM, NULL, NULL, s->outputs[i]);
        doc_close(d);
        doc_close(d);
    }
    people_table(d, s, w);
    cr_workshop_result r;
    cr_error err;
    cr_error_clear(&err);
    bool shown = (s->revealed || s->closed) && ws_round_preview(s, &r, &err) == CR_OK;
    if (!shown) {
        counts_table(d, s, w);
        if (!s->closed)
            button_form(d, s, "reveal", w->reveal, NULL, false);
    } else {
        heat_map(d, s, &r, w);
        risk_rows(d, s, &r, w);
        cr_workshop_result_clear(&r);
    }
    if (!s->closed)
        button_form(d, s, "close", w->close, w->close_confirm, true);
}

void ws_page_board(cr_strbuf *sb, const ws_state *s)
{
    cr_doc d;
    doc_init(&d);
    board(&d, s);
    doc_html(&d, sb);
    doc_free(&d);
}

void ws_page_projector(cr_strbuf *sb, const ws_state *s, const char *join_url)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    cr_doc d;
    doc_init(&d);
    ws_page_heading(&d, s, w);
    if (!s->closed) {
        doc_open(&d, DOC_BOX, NULL, "qr");
        cr_strbuf svg;
        cr_strbuf_init(&svg);
        ws_qr_svg(&svg, join_url);
        doc_graphic(&d, &svg);
        doc_open(&d, DOC_BOX, NULL, NULL);
        doc_heading(&d, 3, NULL, w->join_here);
        doc_leaf(&d, DOC_PARA, NULL, "url", join_url);
        doc_close(&d);
        doc_close(&d);
    }
    doc_open(&d, DOC_BOX, "board", NULL);
    board(&d, s);
    doc_close(&d);
    ws_page_write(sb, w, w->projector, "f", s->facilitator, s->version, s->round, &d);
    doc_free(&d);
}
