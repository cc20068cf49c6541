/*
 * pages_participant.c -- the pages a participant sees: the join form, then
 * one card per risk of the round with the anchors a paper sheet carries
 * (today's score, the scales' meaning in money and frequency, the previous
 * round) and the sheet's fields.  A refused card comes back with what was
 * typed and the reader's message beside the field it is about.  The pages
 * are built as documents (report/report_iface.h), their forms of the
 * model's form controls; the HTML writer escapes every value.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_iface.h"
#include "workshop/serve.h"

/* A labelled field of the join form or a card: <div class="[bad ]extra">
 * <label for="id">label</label> ...control... <span class="err"
 * data-for="key">message</span></div>. */
static void field_open(cr_doc *d, const char *id, const char *label, const char *error,
                       const char *extra_class)
{
    char cls[48];
    snprintf(cls, sizeof cls, "%s%s", error ? "bad " : "", extra_class);
    doc_open(d, DOC_BOX, NULL, cls);
    doc_open(d, DOC_LABEL, NULL, NULL);
    doc_attr(d, "for", id);
    doc_text(d, label);
    doc_close(d);
}

static void field_close(cr_doc *d, const char *key, const char *error)
{
    doc_open(d, DOC_SPAN, NULL, "err");
    doc_attr(d, "data-for", key);
    doc_text(d, error);
    doc_close(d);
    doc_close(d);
}

void ws_page_join(cr_strbuf *sb, const ws_state *s, const char *error, const char *typed)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    cr_doc d;
    doc_init(&d);
    doc_heading(&d, 1, NULL, w->join_title);
    doc_leaf(&d, DOC_PARA, NULL, "meta", cr_service_id(s->service));
    doc_open_form(&d, "/join", NULL, NULL);
    doc_hidden(&d, "t", s->join);
    doc_leaf(&d, DOC_PARA, NULL, NULL, s->cfg->anonymous ? w->letter_intro : w->join_intro);
    if (!s->cfg->anonymous) {
        doc_open(&d, DOC_BOX, NULL, "fields");
        field_open(&d, "name", w->name, error, "");
        doc_input(&d, "text", "name", "name", NULL);
        char max[16];
        snprintf(max, sizeof max, "%d", CR_WORKSHOP_MAX_NAME);
        doc_attr(&d, "maxlength", max);
        doc_attr(&d, "required", NULL);
        doc_attr(&d, "autocomplete", "name");
        doc_attr(&d, "value", typed ? typed : "");
        field_close(&d, "name", error);
        doc_close(&d);
    } else if (error) {
        doc_leaf(&d, DOC_PARA, NULL, "err", error);
    }
    doc_open(&d, DOC_BOX, NULL, "row");
    doc_open(&d, DOC_BUTTON, NULL, NULL);
    doc_attr(&d, "type", "submit");
    doc_text(&d, w->join_button);
    doc_close(&d);
    doc_close(&d);
    doc_close(&d);
    ws_page_write(sb, w, w->join_title, NULL, NULL, 0, 0, &d);
    doc_free(&d);
}

/* ---- a card --------------------------------------------------------------- */

typedef struct card {
    cr_doc *d;
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

static const char *error_of(const card *c, int i)
{
    return c->errors ? c->errors->cell[i] : NULL;
}

/* The control's id, RISK-key. */
static void control_id(const card *c, int i, char *id, size_t size)
{
    snprintf(id, size, "%s-%s", c->risk, ws_cell_key(i));
}

/* A select of fixed values; a value typed otherwise (from a restart of an
 * older page) is kept as an option of its own. */
static void select_field(const card *c, int i, const char *label, const char *const *values,
                         const char *const *labels, size_t n)
{
    char id[96];
    control_id(c, i, id, sizeof id);
    field_open(c->d, id, label, error_of(c, i), "");
    doc_open(c->d, DOC_SELECT, id, NULL);
    doc_attr(c->d, "name", ws_cell_key(i));
    bool known = false;
    for (size_t k = 0; k < n; k++) {
        bool same = strcmp(values[k], cell(c, i)) == 0;
        doc_option(c->d, values[k], labels[k], same);
        known = known || same;
    }
    if (!known)
        doc_option(c->d, cell(c, i), cell(c, i), true);
    doc_close(c->d);
    field_close(c->d, ws_cell_key(i), error_of(c, i));
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
    char id[96];
    control_id(c, i, id, sizeof id);
    field_open(c->d, id, label, error_of(c, i), "");
    doc_input(c->d, "text", id, ws_cell_key(i), NULL);
    doc_attr(c->d, "inputmode", "decimal");
    doc_attr(c->d, "autocomplete", "off");
    doc_attr(c->d, "value", cell(c, i));
    field_close(c->d, ws_cell_key(i), error_of(c, i));
}

static void anchor(cr_doc *d, const char *label, const char *text)
{
    if (!text || !*text)
        return;
    doc_open(d, DOC_PARA, NULL, "anchor");
    doc_leaf(d, DOC_STRONG, NULL, NULL, label);
    doc_text(d, " ");
    doc_text(d, text);
    doc_close(d);
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

static void card_fields(const card *c)
{
    const ws_state *s = c->s;
    const ws_words *w = c->w;
    cr_doc *d = c->d;
    doc_open(d, DOC_BOX, NULL, "fields");
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
    char id[96], max[16];
    control_id(c, cm, id, sizeof id);
    snprintf(max, sizeof max, "%d", WS_MAX_FIELD);
    field_open(d, id, w->comment, error_of(c, cm), "wide");
    doc_open(d, DOC_TEXTAREA, id, NULL);
    doc_attr(d, "name", ws_cell_key(cm));
    doc_attr(d, "rows", "2");
    doc_attr(d, "maxlength", max);
    doc_text(d, cell(c, cm));
    doc_close(d);
    field_close(d, ws_cell_key(cm), error_of(c, cm));
    doc_close(d);
}

static void one_card(const card *c, const ws_participant *p, size_t i, const char *saved_risk)
{
    const ws_state *s = c->s;
    const ws_words *w = c->w;
    cr_doc *d = c->d;
    size_t k = s->risks[i];
    const char *id = s->all[k].id;
    doc_open(d, DOC_SECTION, id, "card");
    doc_open_heading(d, 2, NULL);
    doc_textf(d, "%s %s", id, s->all[k].name);
    doc_close(d);
    const cr_workshop_anchor *a = &s->anchors.anchors[i];
    anchor(d, w->current, a->current);
    anchor(d, w->previous, a->previous);
    cr_strbuf prev;
    cr_strbuf_init(&prev);
    previous_text(&prev, p->previous ? &p->previous[k] : NULL, w);
    if (prev.failed)
        d->failed = true;
    anchor(d, w->your_previous, prev.data);
    cr_strbuf_free(&prev);

    doc_open_form(d, "/answer", NULL, "card");
    doc_hidden(d, "t", p->token);
    doc_hidden(d, "risk", id);
    char round[16];
    snprintf(round, sizeof round, "%d", s->round);
    doc_hidden(d, "round", round);
    card_fields(c);
    doc_open(d, DOC_BOX, NULL, "row");
    doc_open(d, DOC_BUTTON, NULL, NULL);
    doc_attr(d, "type", "submit");
    doc_text(d, w->save);
    doc_close(d);
    if (c->errors)
        doc_leaf(d, DOC_SPAN, NULL, "status bad", c->errors->message);
    else if (saved_risk && strcmp(saved_risk, id) == 0)
        doc_leaf(d, DOC_SPAN, NULL, "status ok", w->saved);
    else
        doc_leaf(d, DOC_SPAN, NULL, "status", NULL);
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

void ws_page_participant(cr_strbuf *sb, const ws_state *s, const ws_participant *p,
                         const ws_card_errors *errors, const char *saved_risk)
{
    const ws_words *w = ws_words_for(s->cfg->lang);
    cr_doc d;
    doc_init(&d);
    ws_page_heading(&d, s, w);
    doc_open(&d, DOC_PARA, NULL, "meta");
    cr_strbuf t;
    cr_strbuf_init(&t);
    ws_level_text(&t, w, w->round, s->round);
    cr_strbuf_printf(&t, "%s%s%s", w->dot, w->participant, w->colon);
    doc_flush(&d, &t);
    cr_strbuf_free(&t);
    doc_text(&d, p->name);
    doc_close(&d);
    if (s->closed) {
        doc_heading(&d, 2, NULL, w->closed);
        doc_leaf(&d, DOC_PARA, NULL, NULL, w->thanks);
    } else {
        doc_leaf(&d, DOC_PARA, NULL, "note", w->revise);
        doc_open(&d, DOC_DETAILS, NULL, NULL);
        doc_leaf(&d, DOC_SUMMARY, NULL, NULL, w->scales);
        anchor(&d, w->impact_scale, s->anchors.impact_scale);
        anchor(&d, w->likelihood_scale, s->anchors.likelihood_scale);
        doc_close(&d);
        for (size_t i = 0; i < s->n_risks; i++) {
            size_t k = s->risks[i];
            bool refused = errors && strcmp(errors->risk, s->all[k].id) == 0;
            card c = {.d = &d, .s = s, .w = w,
                      .shown = refused ? errors->typed : &p->answers[k],
                      .errors = refused ? errors : NULL, .risk = s->all[k].id};
            one_card(&c, p, i, saved_risk);
        }
    }
    ws_page_write(sb, w, w->title, "p", p->token, s->version, s->round, &d);
    doc_free(&d);
}
