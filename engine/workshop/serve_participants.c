/*
 * serve_participants.c -- the participants' side of the live workshop's
 * HTTP front (serve_http.c has the routes and the limits): joining, the
 * cards, and saving one card, checked by the sheet's rules and synced to the
 * journal before the browser is told.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workshop/serve.h"
#include "workshop/serve_http.h"

void ws_get_join(ws_ctx *c)
{
    pthread_mutex_lock(&c->s->lock);
    if (!ws_token_equal(c->s->join, ws_arg(c, "t")))
        ws_bad_token(c);
    else if (c->s->closed)
        ws_reply_message(c->r, MHD_HTTP_OK, c->w, c->w->closed, c->w->thanks);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        ws_page_join(&sb, c->s, NULL, NULL);
        ws_reply_html(c->r, MHD_HTTP_OK, &sb);
    }
    pthread_mutex_unlock(&c->s->lock);
}

/* "A", ..., "Z", "AA", ... by order of arrival. */
static void letter_name(size_t i, char *buf)
{
    char tmp[8];
    size_t n = 0;
    i++;
    while (i > 0 && n < sizeof tmp) {
        i--;
        tmp[n++] = (char)('A' + i % 26);
        i /= 26;
    }
    for (size_t k = 0; k < n; k++)
        buf[k] = tmp[n - 1 - k];
    buf[n] = '\0';
}

void ws_post_join(ws_ctx *c, const ws_form *form)
{
    ws_state *s = c->s;
    cr_error err;
    cr_error_clear(&err);
    pthread_mutex_lock(&s->lock);
    const char *name = ws_form_get(form, "name");
    char letter[8], token[WS_TOKEN_CHARS + 1];
    const char *problem = NULL;
    char why[300];
    bool ja = strcmp(c->w->lang, "ja") == 0;
    if (!ws_token_equal(s->join, ws_form_get(form, "t"))) {
        ws_bad_token(c);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (!ws_bucket_take(&s->others, WS_RATE_OTHERS, WS_BURST_OTHERS)) {
        ws_refuse(c, MHD_HTTP_TOO_MANY_REQUESTS, c->w->too_many);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (s->closed) {
        ws_reply_message(c->r, MHD_HTTP_CONFLICT, c->w, c->w->closed, c->w->thanks);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (s->cfg->anonymous) {
        letter_name(s->n_people, letter);
        name = letter;
    }
    if (s->n_people >= WS_MAX_PARTICIPANTS) {
        snprintf(why, sizeof why, ja ? "参加者は%d人までです。" :
                 "the workshop takes at most %d participants", WS_MAX_PARTICIPANTS);
        problem = why;
    } else if (!name || !cr_workshop_name_valid(name)) {
        snprintf(why, sizeof why, ja ? "名前は1〜%dバイトで、前後に空白を入れずに入力してください。"
                                     : "expected a name of 1 to %d bytes without leading or "
                                       "trailing spaces", CR_WORKSHOP_MAX_NAME);
        problem = why;
    } else if ((problem = ws_text_refusal(name, false, c->w->lang)) != NULL) {
        ;
    } else {
        for (size_t i = 0; i < s->n_people && !problem; i++)
            if (strcmp(s->people[i].name, name) == 0)
                problem = ja ? "この名前はすでに使われています。ご自身の場合は最初に開いたリンクを使い、別の方の場合は名前を区別できるようにしてください。"
                             : "this name is taken; if it is yours, use the link you were "
                               "given when you joined, else add an initial";
    }
    if (problem) {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        ws_page_join(&sb, s, problem, name);
        ws_reply_html(c->r, MHD_HTTP_BAD_REQUEST, &sb);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    cr_status st = ws_token_new(token, &err);
    cJSON *e = st == CR_OK ? cJSON_CreateObject() : NULL;
    if (st == CR_OK && !(e && cJSON_AddStringToObject(e, "event", "join") &&
                         cJSON_AddStringToObject(e, "name", name) &&
                         cJSON_AddStringToObject(e, "token", token)))
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    unsigned long long end = 0;
    if (st == CR_OK)
        st = ws_commit(s, e, &end, &err);
    cJSON_Delete(e);
    pthread_mutex_unlock(&s->lock);
    snprintf(c->where, sizeof c->where, "/p?t=%s", token);
    if (st == CR_OK)
        ws_sync_then_redirect(c, end);
    else
        ws_refuse(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.message);
}

void ws_get_participant(ws_ctx *c)
{
    pthread_mutex_lock(&c->s->lock);
    ws_participant *p = ws_find_participant(c->s, ws_arg(c, "t"));
    if (!p)
        ws_bad_token(c);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        ws_page_participant(&sb, c->s, p, NULL, ws_arg(c, "saved"));
        ws_reply_html(c->r, MHD_HTTP_OK, &sb);
    }
    pthread_mutex_unlock(&c->s->lock);
}
void ws_get_status(ws_ctx *c, bool facilitator)
{
    pthread_mutex_lock(&c->s->lock);
    bool ok = facilitator ? ws_token_equal(c->s->facilitator, ws_arg(c, "t"))
                          : ws_find_participant(c->s, ws_arg(c, "t")) != NULL;
    if (!ok)
        ws_bad_token(c);
    else {
        cJSON *doc = cJSON_CreateObject();
        if (doc && !(cJSON_AddNumberToObject(doc, "version", (double)c->s->version) &&
                     cJSON_AddNumberToObject(doc, "round", c->s->round) &&
                     cJSON_AddBoolToObject(doc, "closed", c->s->closed))) {
            cJSON_Delete(doc);
            doc = NULL;
        }
        ws_reply_json(c->r, MHD_HTTP_OK, doc);
    }
    pthread_mutex_unlock(&c->s->lock);
}

/* The address participants use: the projector's own Host header when it is
 * a plain host[:port], else the address the server listens on. */static const char *cell_message(const ws_words *w, int cell, const char *english)
{
    if (strcmp(w->lang, "ja") != 0)
        return english;
    switch (cell + WS_FIRST_CELL) {
    case CR_WS_IMPACT:
    case CR_WS_LIKELIHOOD:
        return "1〜5の整数を選んでください。影響度と発生可能性は、両方とも入力するか、棄権する場合は両方とも空欄にします。年間発生回数・1件あたり損失・確信度は、影響度と発生可能性を入力したときだけ入力できます。";
    case CR_WS_FREQ_MIN:
    case CR_WS_FREQ_LIKELY:
    case CR_WS_FREQ_MAX:
        return "年間発生回数は0以上の数値で、最小・最頻・最大をすべて入力してください（最小 ≤ 最頻 ≤ 最大）。1件あたり損失とあわせて入力します。";
    case CR_WS_LOSS_MIN:
    case CR_WS_LOSS_LIKELY:
    case CR_WS_LOSS_MAX:
        return "1件あたり損失は0以上の金額で、最小・最頻・最大をすべて入力してください（最小 ≤ 最頻 ≤ 最大）。年間発生回数とあわせて入力します。";
    case CR_WS_CONFIDENCE:
        return "確信度は低・中・高、または1〜5の整数で入力してください。";
    case CR_WS_BASIS:
        return "見積りの前提は「現状」または「固有」を選んでください。";
    default:
        return "入力内容を確認してください。";
    }
}

static void answer_refused(ws_ctx *c, ws_participant *p, const ws_card_errors *e)
{
    if (ws_wants_json(c)) {
        cJSON *doc = cJSON_CreateObject(), *errors = doc ? cJSON_AddObjectToObject(doc, "errors")
                                                         : NULL;
        if (errors) {
            cJSON_AddFalseToObject(doc, "saved");
            cJSON_AddStringToObject(doc, "message", e->message);
            for (int i = 0; i < WS_N_CELLS; i++)
                if (e->cell[i])
                    cJSON_AddStringToObject(errors, ws_cell_key(i), e->cell[i]);
        }
        ws_reply_json(c->r, MHD_HTTP_BAD_REQUEST, doc);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    ws_page_participant(&sb, c->s, p, e, NULL);
    ws_reply_html(c->r, MHD_HTTP_BAD_REQUEST, &sb);
}

/* The card's round has ended (or the workshop is closed): the script is told
 * to reload; a plain form is led to the page as it is now. */
static void stale_round(ws_ctx *c, const ws_participant *p)
{
    if (ws_wants_json(c)) {
        cJSON *doc = cJSON_CreateObject();
        if (doc) {
            cJSON_AddFalseToObject(doc, "saved");
            cJSON_AddStringToObject(doc, "message",
                                    c->s->closed ? c->w->closed : c->w->expired);
            cJSON_AddTrueToObject(doc, "reload");
        }
        ws_reply_json(c->r, MHD_HTTP_CONFLICT, doc);
    } else {
        snprintf(c->where, sizeof c->where, "/p?t=%s", p->token);
        ws_reply_redirect(c->r, c->where);
    }
}

/* What a save is about, taken under the lock and used without it. */
typedef struct save {
    size_t who, k;  /* the participant (index) and the risk (model index) */
    int round;
    char *name, *service_id;
} save;

/* Under the lock: the token, the rate, the round and the risk.  False when
 * the reply is made. */
static bool save_gate(ws_ctx *c, const ws_form *form, save *v)
{
    ws_state *s = c->s;
    ws_participant *p = ws_find_participant(s, ws_form_get(form, "t"));
    const char *round = ws_form_get(form, "round");
    char current[16];
    snprintf(current, sizeof current, "%d", s->round);
    if (!p) {
        ws_bad_token(c);
        return false;
    }
    if (!ws_bucket_take(&p->bucket, WS_RATE_PER_PARTICIPANT, WS_BURST_PER_PARTICIPANT)) {
        ws_refuse(c, MHD_HTTP_TOO_MANY_REQUESTS, c->w->too_many);
        return false;
    }
    if (s->closed || !round || strcmp(round, current) != 0) {
        stale_round(c, p);
        return false;
    }
    v->k = ws_risk_index(s, ws_form_get(form, "risk"));
    if (v->k == s->n_all || !ws_in_round(s, v->k)) {
        ws_refuse(c, MHD_HTTP_BAD_REQUEST, strcmp(c->w->lang, "ja") == 0
                                               ? "このリスクは今回のラウンドの対象ではありません。"
                                               : "this risk is not handed out in this round; "
                                                 "expected one of the page's cards");
        return false;
    }
    v->who = (size_t)(p - s->people);
    v->round = s->round;
    v->name = strdup(p->name);
    v->service_id = strdup(cr_service_id(s->service));
    if (!v->name || !v->service_id) {
        ws_refuse(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        return false;
    }
    return true;
}

/* The event of a checked save. */
static cJSON *answer_event(const ws_state *s, const save *v, const ws_answer *typed)
{
    cJSON *ev = cJSON_CreateObject();
    cJSON *cells = ev ? cJSON_AddObjectToObject(ev, "cells") : NULL;
    bool ok = cells && cJSON_AddStringToObject(ev, "event", "answer") &&
              cJSON_AddNumberToObject(ev, "participant", (double)v->who) &&
              cJSON_AddNumberToObject(ev, "round", v->round) &&
              cJSON_AddStringToObject(ev, "risk", s->all[v->k].id);
    for (int i = 0; ok && i < WS_N_CELLS; i++)
        ok = !typed->cells[i] || cJSON_AddStringToObject(cells, ws_cell_key(i), typed->cells[i]);
    if (!ok) {
        cJSON_Delete(ev);
        return NULL;
    }
    return ev;
}

/* A save: the gate under the lock; the sheet's check without it (the costly
 * part, so that saves check in parallel); under the lock again, the round
 * still the same, the event journaled and applied; the sync outside. */
void ws_post_answer(ws_ctx *c, const ws_form *form)
{
    ws_state *s = c->s;
    cr_error err;
    cr_error_clear(&err);
    save v = {0};
    pthread_mutex_lock(&s->lock);
    bool open = save_gate(c, form, &v);
    pthread_mutex_unlock(&s->lock);
    if (!open) {
        free(v.name);
        free(v.service_id);
        return;
    }

    ws_answer typed = {.given = true};
    ws_card_errors e = {.risk = s->all[v.k].id, .typed = &typed};
    bool memory = false;
    for (int i = 0; i < WS_N_CELLS; i++) {
        const char *value = ws_form_get(form, ws_cell_key(i));
        if (value && *value && !(typed.cells[i] = strdup(value)))
            memory = true;
    }
    int cm = CR_WS_COMMENT - WS_FIRST_CELL;
    cr_status st = memory ? cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory")
                          : CR_OK;
    if (st == CR_OK && typed.cells[cm])
        e.cell[cm] = ws_text_refusal(typed.cells[cm], true, c->w->lang);
    int bad = -1;
    if (st == CR_OK && !e.cell[cm]) {
        st = ws_answer_check(v.service_id, v.name, v.round, &s->all[v.k], &typed, &bad, &err);
        if (st == CR_ERR_INPUT) {
            const char *m = cell_message(c->w, bad, err.message);
            if (bad >= 0)
                e.cell[bad] = m;
            e.message = bad >= 0 ? c->w->not_saved : m;
        }
    }
    bool refused = e.cell[cm] || st == CR_ERR_INPUT;
    cJSON *ev = st == CR_OK && !refused ? answer_event(s, &v, &typed) : NULL;
    if (st == CR_OK && !refused && !ev)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");

    unsigned long long end = 0;
    bool replied = false;
    pthread_mutex_lock(&s->lock);
    ws_participant *p = &s->people[v.who]; /* the array may have moved; the index holds */
    if (s->closed || s->round != v.round) {
        stale_round(c, p);
        replied = true;
    } else if (refused) {
        if (!e.message)
            e.message = c->w->not_saved;
        answer_refused(c, p, &e);
        replied = true;
    } else if (st == CR_OK) {
        st = ws_commit(s, ev, &end, &err);
        snprintf(c->where, sizeof c->where, "/p?t=%s&saved=%s#%s", p->token, s->all[v.k].id,
                 s->all[v.k].id);
    }
    pthread_mutex_unlock(&s->lock);
    cJSON_Delete(ev);
    ws_answer_clear(&typed);
    free(v.name);
    free(v.service_id);
    if (replied)
        return;
    if (st == CR_OK)
        st = ws_journal_sync(&s->journal, end, &err);
    if (st != CR_OK)
        ws_refuse(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.message);
    else if (ws_wants_json(c)) {
        cJSON *doc = cJSON_CreateObject();
        if (doc)
            cJSON_AddTrueToObject(doc, "saved");
        ws_reply_json(c->r, MHD_HTTP_OK, doc);
    } else
        ws_reply_redirect(c->r, c->where);
}
