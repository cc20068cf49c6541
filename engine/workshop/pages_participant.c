/*
 * pages_participant.c -- the pages a participant sees: the join form, then
 * one card per risk of the round with the anchors a paper sheet carries
 * (today's score, the scales' meaning in money and frequency, the previous
 * round) and the sheet's fields.  A refused card comes back with what was
 * typed and the reader's message beside the field it is about.
 */
#include <stdio.h>
#include <string.h>

#include "workshop/serve.h"

static void hidden(cr_strbuf *sb, const char *name, const char *value)
{
    cr_strbuf_printf(sb, "<input type=\"hidden\" name=\"%s\" value=\"", name);
    ws_esc(sb, value);
    cr_strbuf_puts(sb, "\">");
}

void ws_page_join(cr_strbuf *sb, const ws_state *s, const char *error, const char *typed)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    ws_page_open(sb, w, w->join_title, NULL, NULL, 0, 0);
    cr_strbuf_puts(sb, "<h1>");
    ws_esc(sb, w->join_title);
    cr_strbuf_puts(sb, "</h1><p class=\"meta\">");
    ws_esc(sb, cr_service_id(s->service));
    cr_strbuf_puts(sb, "</p><form method=\"post\" action=\"/join\">");
    hidden(sb, "t", s->join);
    cr_strbuf_puts(sb, "<p>");
    ws_esc(sb, s->cfg->anonymous ? w->letter_intro : w->join_intro);
    cr_strbuf_puts(sb, "</p>");
    if (!s->cfg->anonymous) {
        cr_strbuf_printf(sb, "<div class=\"fields\"><div class=\"%s\"><label for=\"name\">",
                         error ? "bad" : "");
        ws_esc(sb, w->name);
        cr_strbuf_printf(sb, "</label><input id=\"name\" name=\"name\" maxlength=\"%d\" "
                             "required autocomplete=\"name\" value=\"", CR_WORKSHOP_MAX_NAME);
        ws_esc(sb, typed);
        cr_strbuf_puts(sb, "\"><span class=\"err\" data-for=\"name\">");
        ws_esc(sb, error);
        cr_strbuf_puts(sb, "</span></div></div>");
    } else if (error) {
        cr_strbuf_puts(sb, "<p class=\"err\">");
        ws_esc(sb, error);
        cr_strbuf_puts(sb, "</p>");
    }
    cr_strbuf_puts(sb, "<div class=\"row\"><button type=\"submit\">");
    ws_esc(sb, w->join_button);
    cr_strbuf_puts(sb, "</button></div></form>");
    ws_page_close(sb);
}

/* ---- a card --------------------------------------------------------------- */

typedef struct card {
    cr_strbuf *sb;
    const ws_state *s;
    const ws_words *w;
    const ws_answer *shown;      /* the values in the fields */
    const ws_card_errors *errors; /* or NULL */
    const char *risk;             /* the card's risk id: fields are RISK-key */
} card;

static const char *cell(const card *c, int i)
{
    return c->shown && c->shown->cells[i] ? c->shown->cells[i] : "";
}

static void field_open(const card *c, int i, const char *label, const char *extra_class)
{
    const char *e = c->errors ? c->errors->cell[i] : NULL;
    cr_strbuf_printf(c->sb, "<div class=\"%s%s\"><label for=\"%s-%s\">", e ? "bad " : "",
                     extra_class, c->risk, ws_cell_key(i));
    ws_esc(c->sb, label);
    cr_strbuf_puts(c->sb, "</label>");
}

static void field_close(const card *c, int i)
{
    const char *e = c->errors ? c->errors->cell[i] : NULL;
    cr_strbuf_printf(c->sb, "<span class=\"err\" data-for=\"%s\">", ws_cell_key(i));
    ws_esc(c->sb, e);
    cr_strbuf_puts(c->sb, "</span></div>");
}

static void option(cr_strbuf *sb, const char *value, const char *label, const char *current)
{
    cr_strbuf_puts(sb, "<option value=\"");
    ws_esc(sb, value);
    cr_strbuf_printf(sb, "\"%s>", strcmp(value, current) == 0 ? " selected" : "");
    ws_esc(sb, label);
    cr_strbuf_puts(sb, "</option>");
}

/* A select of fixed values; a value typed otherwise (from a restart of an
 * older page) is kept as an option of its own. */
static void select_field(const card *c, int i, const char *label, const char *const *values,
                         const char *const *labels, size_t n)
{
    field_open(c, i, label, "");
    cr_strbuf_printf(c->sb, "<select id=\"%s-%s\" name=\"%s\">", c->risk, ws_cell_key(i),
                     ws_cell_key(i));
    bool known = false;
    for (size_t k = 0; k < n; k++) {
        option(c->sb, values[k], labels[k], cell(c, i));
        known = known || strcmp(values[k], cell(c, i)) == 0;
    }
    if (!known)
        option(c->sb, cell(c, i), cell(c, i), cell(c, i));
    cr_strbuf_puts(c->sb, "</select>");
    field_close(c, i);
}

static void level_field(const card *c, int i, const char *label, bool impact)
{
    const char *values[6] = {"", "1", "2", "3", "4", "5"};
    char text[5][120];
    const char *labels[6] = {"-"};
    for (int level = 1; level <= 5; level++) {
        const cr_scale_level *l = impact ? cr_model_impact_level(c->s->model, level)
                                         : cr_model_likelihood_level(c->s->model, level);
        snprintf(text[level - 1], sizeof text[0], "%d %s", level,
                 cr_text_get(&l->name, c->w->lang));
        labels[level] = text[level - 1];
    }
    select_field(c, i, label, values, labels, 6);
}

static void number_field(const card *c, int i, const char *label)
{
    field_open(c, i, label, "");
    cr_strbuf_printf(c->sb, "<input id=\"%s-%s\" name=\"%s\" inputmode=\"decimal\" "
                            "autocomplete=\"off\" value=\"", c->risk, ws_cell_key(i),
                     ws_cell_key(i));
    ws_esc(c->sb, cell(c, i));
    cr_strbuf_puts(c->sb, "\">");
    field_close(c, i);
}

static void anchor(cr_strbuf *sb, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    cr_strbuf_puts(sb, "<p class=\"anchor\"><b>");
    ws_esc(sb, label);
    cr_strbuf_puts(sb, "</b> ");
    ws_esc(sb, text);
    cr_strbuf_puts(sb, "</p>");
}

/* "4 x 2; 0.2 / 0.6 / 2; 10000000 / 30000000 / 60000000; high" as typed. */
static void previous_text(cr_strbuf *out, const ws_answer *a, const ws_words *w)
{
    if (!a || !a->given)
        return;
    const char *const *v = (const char *const *)a->cells;
    int imp = CR_WS_IMPACT - WS_FIRST_CELL, f = CR_WS_FREQ_MIN - WS_FIRST_CELL,
        l = CR_WS_LOSS_MIN - WS_FIRST_CELL, conf = CR_WS_CONFIDENCE - WS_FIRST_CELL;
    if (!v[imp]) {
        cr_strbuf_puts(out, "-");
        return;
    }
    cr_strbuf_printf(out, "%s %s × %s %s", w->impact_scale, v[imp], w->likelihood_scale,
                     v[imp + 1] ? v[imp + 1] : "");
    if (v[f])
        cr_strbuf_printf(out, "; %s %s / %s / %s", w->frequency, v[f], v[f + 1], v[f + 2]);
    if (v[l])
        cr_strbuf_printf(out, "; %s %s / %s / %s", w->loss, v[l], v[l + 1], v[l + 2]);
    if (v[conf])
        cr_strbuf_printf(out, "; %s %s", w->confidence, v[conf]);
}

static void one_card(const card *c, const ws_participant *p, size_t i, const char *saved_risk)
{
    const ws_state *s = c->s;
    const ws_words *w = c->w;
    size_t k = s->risks[i];
    const char *id = s->all[k].id;
    cr_strbuf *sb = c->sb;
    cr_strbuf_printf(sb, "<section class=\"card\" id=\"%s\"><h2>", id);
    ws_esc(sb, id);
    cr_strbuf_puts(sb, " ");
    ws_esc(sb, s->all[k].name);
    cr_strbuf_puts(sb, "</h2>");
    const cr_workshop_anchor *a = &s->anchors.anchors[i];
    anchor(sb, w->current, a->current);
    anchor(sb, w->previous, a->previous);
    cr_strbuf prev;
    cr_strbuf_init(&prev);
    previous_text(&prev, p->previous ? &p->previous[k] : NULL, w);
    anchor(sb, w->your_previous, prev.data);
    cr_strbuf_free(&prev);

    cr_strbuf_puts(sb, "<form class=\"card\" method=\"post\" action=\"/answer\">");
    hidden(sb, "t", p->token);
    hidden(sb, "risk", id);
    cr_strbuf_printf(sb, "<input type=\"hidden\" name=\"round\" value=\"%d\">", s->round);
    cr_strbuf_puts(sb, "<div class=\"fields\">");
    level_field(c, CR_WS_IMPACT - WS_FIRST_CELL, w->impact, true);
    level_field(c, CR_WS_LIKELIHOOD - WS_FIRST_CELL, w->likelihood, false);
    const char *range_labels[3] = {w->min, w->likely, w->max};
    for (int j = 0; j < 3; j++) {
        char label[160];
        snprintf(label, sizeof label, "%s%s%s", w->frequency, w->colon, range_labels[j]);
        number_field(c, CR_WS_FREQ_MIN - WS_FIRST_CELL + j, label);
    }
    for (int j = 0; j < 3; j++) {
        char label[160];
        snprintf(label, sizeof label, "%s%s%s%s%s%s", w->loss, w->open,
                 cr_model_currency(s->model), w->close_paren, w->colon, range_labels[j]);
        number_field(c, CR_WS_LOSS_MIN - WS_FIRST_CELL + j, label);
    }
    const char *conf_values[4] = {"", w->level_low, w->level_mid, w->level_high};
    const char *conf_labels[4] = {"-", w->level_low, w->level_mid, w->level_high};
    select_field(c, CR_WS_CONFIDENCE - WS_FIRST_CELL, w->confidence, conf_values, conf_labels, 4);
    const char *basis_values[2] = {cr_workshop_basis_label(CR_WS_BASIS_CURRENT, w->lang),
                                   cr_workshop_basis_label(CR_WS_BASIS_INHERENT, w->lang)};
    const char *basis_labels[2] = {w->with_controls, w->before_controls};
    card with_basis = *c;
    ws_answer shown_basis;
    if (!cell(c, 0)[0]) { /* a blank card shows the sheet's prefilled basis */
        shown_basis = c->shown ? *c->shown : (ws_answer){0};
        shown_basis.cells[0] = (char *)basis_values[0];
        with_basis.shown = &shown_basis;
    }
    select_field(&with_basis, 0, w->basis, basis_values, basis_labels, 2);
    int cm = CR_WS_COMMENT - WS_FIRST_CELL;
    field_open(c, cm, w->comment, "wide");
    cr_strbuf_printf(sb, "<textarea id=\"%s-%s\" name=\"%s\" rows=\"2\" maxlength=\"%d\">",
                     id, ws_cell_key(cm), ws_cell_key(cm), WS_MAX_FIELD);
    ws_esc(sb, cell(c, cm));
    cr_strbuf_puts(sb, "</textarea>");
    field_close(c, cm);
    cr_strbuf_puts(sb, "</div><div class=\"row\"><button type=\"submit\">");
    ws_esc(sb, w->save);
    cr_strbuf_puts(sb, "</button><span class=\"status");
    if (c->errors) {
        cr_strbuf_puts(sb, " bad\">");
        ws_esc(sb, c->errors->message);
    } else if (saved_risk && strcmp(saved_risk, id) == 0) {
        cr_strbuf_puts(sb, " ok\">");
        ws_esc(sb, w->saved);
    } else {
        cr_strbuf_puts(sb, "\">");
    }
    cr_strbuf_puts(sb, "</span></div></form></section>\n");
}

void ws_page_participant(cr_strbuf *sb, const ws_state *s, const ws_participant *p,
                         const ws_card_errors *errors, const char *saved_risk)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    ws_page_open(sb, w, w->title, "p", p->token, s->version, s->round);
    cr_strbuf_puts(sb, "<h1>");
    ws_esc(sb, w->title);
    cr_strbuf_puts(sb, w->colon);
    ws_esc(sb, cr_service_id(s->service));
    cr_strbuf_puts(sb, "</h1><p class=\"meta\">");
    ws_level_text(sb, w, w->round, s->round);
    cr_strbuf_printf(sb, "%s%s%s", w->dot, w->participant, w->colon);
    ws_esc(sb, p->name);
    cr_strbuf_puts(sb, "</p>");
    if (s->closed) {
        cr_strbuf_puts(sb, "<h2>");
        ws_esc(sb, w->closed);
        cr_strbuf_puts(sb, "</h2><p>");
        ws_esc(sb, w->thanks);
        cr_strbuf_puts(sb, "</p>");
        ws_page_close(sb);
        return;
    }
    cr_strbuf_puts(sb, "<p class=\"note\">");
    ws_esc(sb, w->revise);
    cr_strbuf_puts(sb, "</p><details><summary>");
    ws_esc(sb, w->scales);
    cr_strbuf_puts(sb, "</summary>");
    anchor(sb, w->impact_scale, s->anchors.impact_scale);
    anchor(sb, w->likelihood_scale, s->anchors.likelihood_scale);
    cr_strbuf_puts(sb, "</details>\n");
    for (size_t i = 0; i < s->n_risks; i++) {
        size_t k = s->risks[i];
        bool refused = errors && strcmp(errors->risk, s->all[k].id) == 0;
        card c = {.sb = sb, .s = s, .w = w, .shown = refused ? errors->typed : &p->answers[k],
                  .errors = refused ? errors : NULL, .risk = s->all[k].id};
        one_card(&c, p, i, saved_risk);
    }
    ws_page_close(sb);
}
