/*
 * serve_http.c -- the live workshop's HTTP front, on GNU libmicrohttpd.
 *
 * Routes (every other path is 404; no file is ever served, so no path from
 * a request reaches the file system):
 *   GET  /join?t=JOIN    the join form            POST /join     JOIN, name
 *   GET  /p?t=TOKEN      a participant's cards    POST /answer   TOKEN, risk, round, fields
 *   GET  /p.json?t=      round and version, polled by the page
 *   GET  /f?t=FACIL      the projector view       POST /reveal, /revote, /close  FACIL, round
 *   GET  /f.json, /board the projector's version and live board
 *   GET  /app.js         our script
 * State changes only by POST, with the token in the form.  Bodies are forms
 * (application/x-www-form-urlencoded) of at most WS_MAX_BODY bytes, refused
 * with 413 before they are read when their length says so.  A participant
 * saves at most WS_RATE_PER_PARTICIPANT times a second (burst
 * WS_BURST_PER_PARTICIPANT); joins and requests with a wrong token share
 * WS_RATE_OTHERS a second.  Refusals say what was wrong, in the workshop's
 * language, and change nothing.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workshop/serve.h"
#include "workshop/serve_http.h"

typedef struct request {
    char *body;
    size_t len;
    bool too_big;
    bool answered; /* a response was queued early (413, 415) */
} request;

typedef struct reply {
    unsigned status;
    const char *type;     /* Content-Type */
    char *body;           /* owned */
    size_t len;
    const char *location; /* for 303 */
} reply;

static const char *const CSP =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static enum MHD_Result send_reply(struct MHD_Connection *con, reply *r)
{
    if (!r->body) {
        r->body = strdup("out of memory\n");
        r->len = r->body ? strlen(r->body) : 0;
        r->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        r->type = "text/plain; charset=utf-8";
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(r->body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", r->type);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    enum MHD_Result ok = MHD_queue_response(con, r->status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void html(reply *r, unsigned status, cr_strbuf *sb)
{
    r->status = status;
    r->type = "text/html; charset=utf-8";
    r->len = sb->failed ? 0 : sb->len;
    r->body = sb->failed ? NULL : cr_strbuf_take(sb);
    cr_strbuf_free(sb);
}

static void message_page(reply *r, unsigned status, const ws_words *w, const char *title,
                         const char *text)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    ws_page_message(&sb, w, title, text);
    html(r, status, &sb);
}

static void json_reply(reply *r, unsigned status, cJSON *doc)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = doc ? cJSON_PrintUnformatted(doc) : NULL;
    r->len = r->body ? strlen(r->body) : 0;
    cJSON_Delete(doc);
}

static void redirect(reply *r, const char *where)
{
    r->status = MHD_HTTP_SEE_OTHER;
    r->type = "text/plain; charset=utf-8";
    r->location = where;
    r->body = strdup(where);
    r->len = r->body ? strlen(r->body) : 0;
}

static bool wants_json(struct MHD_Connection *con)
{
    const char *accept = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Accept");
    return accept && strncmp(accept, "application/json", 16) == 0;
}

/* A refusal, as JSON for the script or as a page for a plain form. */
static void refuse(reply *r, struct MHD_Connection *con, unsigned status, const ws_words *w,
                   const char *text)
{
    if (wants_json(con)) {
        cJSON *doc = cJSON_CreateObject();
        if (doc) {
            cJSON_AddFalseToObject(doc, "saved");
            cJSON_AddStringToObject(doc, "message", text);
        }
        json_reply(r, status, doc);
    } else {
        message_page(r, status, w, w->not_saved, text);
    }
}

/* ---- the routes ------------------------------------------------------------ */

typedef struct ctx {
    ws_server *srv;
    ws_state *s;
    const ws_words *w;
    struct MHD_Connection *con;
    reply *r;
    char where[256]; /* a redirect's target */
} ctx;

static const char *arg(const ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->con, MHD_GET_ARGUMENT_KIND, name);
}

/* A wrong token costs from the shared bucket: guessing is slow. */
static void bad_token(ctx *c)
{
    bool allowed = ws_bucket_take(&c->s->others, WS_RATE_OTHERS, WS_BURST_OTHERS);
    if (!allowed)
        refuse(c->r, c->con, MHD_HTTP_TOO_MANY_REQUESTS, c->w, c->w->too_many);
    else
        refuse(c->r, c->con, MHD_HTTP_FORBIDDEN, c->w, c->w->bad_token);
}

static void sync_then(ctx *c, cr_status st, unsigned long long end, cr_error *err)
{
    if (st == CR_OK)
        st = ws_journal_sync(&c->s->journal, end, err);
    if (st != CR_OK)
        refuse(c->r, c->con, MHD_HTTP_INTERNAL_SERVER_ERROR, c->w, err->message);
    else
        redirect(c->r, c->where);
}

static void today(const ws_state *s, char date[11])
{
    if (s->cfg->date) {
        snprintf(date, 11, "%s", s->cfg->date);
        return;
    }
    time_t now = time(NULL);
    struct tm local;
    if (!localtime_r(&now, &local) || strftime(date, 11, "%Y-%m-%d", &local) != 10)
        snprintf(date, 11, "1970-01-01");
}

static void get_join(ctx *c)
{
    pthread_mutex_lock(&c->s->lock);
    if (!ws_token_equal(c->s->join, arg(c, "t")))
        bad_token(c);
    else if (c->s->closed)
        message_page(c->r, MHD_HTTP_OK, c->w, c->w->closed, c->w->thanks);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        ws_page_join(&sb, c->s, NULL, NULL);
        html(c->r, MHD_HTTP_OK, &sb);
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

static void post_join(ctx *c, const ws_form *form)
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
        bad_token(c);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (!ws_bucket_take(&s->others, WS_RATE_OTHERS, WS_BURST_OTHERS)) {
        refuse(c->r, c->con, MHD_HTTP_TOO_MANY_REQUESTS, c->w, c->w->too_many);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (s->closed) {
        message_page(c->r, MHD_HTTP_CONFLICT, c->w, c->w->closed, c->w->thanks);
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
        html(c->r, MHD_HTTP_BAD_REQUEST, &sb);
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
    sync_then(c, st, end, &err);
}

static void get_participant(ctx *c)
{
    pthread_mutex_lock(&c->s->lock);
    ws_participant *p = ws_find_participant(c->s, arg(c, "t"));
    if (!p)
        bad_token(c);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        ws_page_participant(&sb, c->s, p, NULL, arg(c, "saved"));
        html(c->r, MHD_HTTP_OK, &sb);
    }
    pthread_mutex_unlock(&c->s->lock);
}

static void get_status(ctx *c, bool facilitator)
{
    pthread_mutex_lock(&c->s->lock);
    bool ok = facilitator ? ws_token_equal(c->s->facilitator, arg(c, "t"))
                          : ws_find_participant(c->s, arg(c, "t")) != NULL;
    if (!ok)
        bad_token(c);
    else {
        cJSON *doc = cJSON_CreateObject();
        if (doc && !(cJSON_AddNumberToObject(doc, "version", (double)c->s->version) &&
                     cJSON_AddNumberToObject(doc, "round", c->s->round) &&
                     cJSON_AddBoolToObject(doc, "closed", c->s->closed))) {
            cJSON_Delete(doc);
            doc = NULL;
        }
        json_reply(c->r, MHD_HTTP_OK, doc);
    }
    pthread_mutex_unlock(&c->s->lock);
}

/* The address participants use: the projector's own Host header when it is
 * a plain host[:port], else the address the server listens on. */
static void join_url(ctx *c, char *buf, size_t size)
{
    const char *host = MHD_lookup_connection_value(c->con, MHD_HEADER_KIND, "Host");
    bool plain = host && *host && strlen(host) < 100;
    for (const char *p = host; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' || *p == '[' ||
                *p == ']';
    if (plain)
        snprintf(buf, size, "http://%s/join?t=%s", host, c->s->join);
    else
        snprintf(buf, size, "%s/join?t=%s", c->srv->base, c->s->join);
}

static void get_projector(ctx *c, bool board_only)
{
    pthread_mutex_lock(&c->s->lock);
    if (!ws_token_equal(c->s->facilitator, arg(c, "t")))
        bad_token(c);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        char url[256];
        join_url(c, url, sizeof url);
        if (board_only)
            ws_page_board(&sb, c->s);
        else
            ws_page_projector(&sb, c->s, url);
        html(c->r, MHD_HTTP_OK, &sb);
    }
    pthread_mutex_unlock(&c->s->lock);
}

/* What the reader said about a cell, in the page's language.  Japanese pages
 * say what the field expects (the reader's words are English). */
static const char *cell_message(const ws_words *w, int cell, const char *english)
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

static void answer_refused(ctx *c, ws_participant *p, const ws_card_errors *e)
{
    if (wants_json(c->con)) {
        cJSON *doc = cJSON_CreateObject(), *errors = doc ? cJSON_AddObjectToObject(doc, "errors")
                                                         : NULL;
        if (errors) {
            cJSON_AddFalseToObject(doc, "saved");
            cJSON_AddStringToObject(doc, "message", e->message);
            for (int i = 0; i < WS_N_CELLS; i++)
                if (e->cell[i])
                    cJSON_AddStringToObject(errors, ws_cell_key(i), e->cell[i]);
        }
        json_reply(c->r, MHD_HTTP_BAD_REQUEST, doc);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    ws_page_participant(&sb, c->s, p, e, NULL);
    html(c->r, MHD_HTTP_BAD_REQUEST, &sb);
}

static void post_answer(ctx *c, const ws_form *form)
{
    ws_state *s = c->s;
    cr_error err;
    cr_error_clear(&err);
    pthread_mutex_lock(&s->lock);
    ws_participant *p = ws_find_participant(s, ws_form_get(form, "t"));
    const char *risk = ws_form_get(form, "risk"), *round = ws_form_get(form, "round");
    size_t k = ws_risk_index(s, risk);
    char current[16];
    snprintf(current, sizeof current, "%d", s->round);
    if (!p) {
        bad_token(c);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (!ws_bucket_take(&p->bucket, WS_RATE_PER_PARTICIPANT, WS_BURST_PER_PARTICIPANT)) {
        refuse(c->r, c->con, MHD_HTTP_TOO_MANY_REQUESTS, c->w, c->w->too_many);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (s->closed || !round || strcmp(round, current) != 0) {
        if (wants_json(c->con)) {
            cJSON *doc = cJSON_CreateObject();
            if (doc) {
                cJSON_AddFalseToObject(doc, "saved");
                cJSON_AddStringToObject(doc, "message", s->closed ? c->w->closed : c->w->expired);
                cJSON_AddTrueToObject(doc, "reload");
            }
            json_reply(c->r, MHD_HTTP_CONFLICT, doc);
        } else {
            message_page(c->r, MHD_HTTP_CONFLICT, c->w, c->w->not_saved,
                         s->closed ? c->w->closed : c->w->expired);
        }
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (k == s->n_all || !ws_in_round(s, k)) {
        refuse(c->r, c->con, MHD_HTTP_BAD_REQUEST, c->w,
               strcmp(c->w->lang, "ja") == 0 ? "このリスクは今回のラウンドの対象ではありません。"
                                             : "this risk is not handed out in this round; "
                                               "expected one of the page's cards");
        pthread_mutex_unlock(&s->lock);
        return;
    }
    ws_answer typed = {.given = true};
    ws_card_errors e = {.risk = s->all[k].id, .typed = &typed};
    bool memory = false;
    for (int i = 0; i < WS_N_CELLS; i++) {
        const char *v = ws_form_get(form, ws_cell_key(i));
        if (v && *v && !(typed.cells[i] = strdup(v)))
            memory = true;
    }
    int cm = CR_WS_COMMENT - WS_FIRST_CELL;
    cr_status st = memory ? cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory")
                          : CR_OK;
    if (st == CR_OK && typed.cells[cm])
        e.cell[cm] = ws_text_refusal(typed.cells[cm], true, c->w->lang);
    int bad = -1;
    if (st == CR_OK && !e.cell[cm]) {
        st = ws_answer_check(cr_service_id(s->service), p->name, s->round, &s->all[k], &typed,
                             &bad, &err);
        if (st == CR_ERR_INPUT) {
            const char *m = cell_message(c->w, bad, err.message);
            if (bad >= 0)
                e.cell[bad] = m;
            e.message = bad >= 0 ? c->w->not_saved : m;
        }
    }
    if (e.cell[cm] || st == CR_ERR_INPUT) {
        if (!e.message)
            e.message = c->w->not_saved;
        answer_refused(c, p, &e);
        ws_answer_clear(&typed);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    cJSON *ev = st == CR_OK ? cJSON_CreateObject() : NULL;
    cJSON *cells = ev ? cJSON_AddObjectToObject(ev, "cells") : NULL;
    bool ok = cells && cJSON_AddStringToObject(ev, "event", "answer") &&
              cJSON_AddNumberToObject(ev, "participant", (double)(p - s->people)) &&
              cJSON_AddNumberToObject(ev, "round", s->round) &&
              cJSON_AddStringToObject(ev, "risk", s->all[k].id);
    for (int i = 0; ok && i < WS_N_CELLS; i++)
        ok = !typed.cells[i] || cJSON_AddStringToObject(cells, ws_cell_key(i), typed.cells[i]);
    if (st == CR_OK && !ok)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    unsigned long long end = 0;
    if (st == CR_OK)
        st = ws_commit(s, ev, &end, &err);
    cJSON_Delete(ev);
    ws_answer_clear(&typed);
    snprintf(c->where, sizeof c->where, "/p?t=%s&saved=%s#%s", p->token, s->all[k].id,
             s->all[k].id);
    pthread_mutex_unlock(&s->lock);
    if (st == CR_OK)
        st = ws_journal_sync(&s->journal, end, &err);
    if (st != CR_OK)
        refuse(c->r, c->con, MHD_HTTP_INTERNAL_SERVER_ERROR, c->w, err.message);
    else if (wants_json(c->con)) {
        cJSON *doc = cJSON_CreateObject();
        if (doc)
            cJSON_AddTrueToObject(doc, "saved");
        json_reply(c->r, MHD_HTTP_OK, doc);
    } else
        redirect(c->r, c->where);
}

/* reveal, revote and close: the facilitator's, for the round on the page. */
static void post_facilitator(ctx *c, const ws_form *form, const char *action)
{
    ws_state *s = c->s;
    cr_error err;
    cr_error_clear(&err);
    pthread_mutex_lock(&s->lock);
    if (!ws_token_equal(s->facilitator, ws_form_get(form, "t"))) {
        bad_token(c);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    snprintf(c->where, sizeof c->where, "/f?t=%s", s->facilitator);
    const char *round = ws_form_get(form, "round");
    char current[16];
    snprintf(current, sizeof current, "%d", s->round);
    if (s->closed || !round || strcmp(round, current) != 0) {
        /* a second press, or a page from before the round changed: show now */
        pthread_mutex_unlock(&s->lock);
        redirect(c->r, c->where);
        return;
    }
    cJSON *ev = cJSON_CreateObject();
    bool ok = ev && cJSON_AddStringToObject(ev, "event", action);
    cr_status st = CR_OK;
    if (strcmp(action, "reveal") == 0) {
        ok = ok && cJSON_AddNumberToObject(ev, "round", s->round);
    } else {
        bool revote = strcmp(action, "revote") == 0;
        cJSON *risks = revote && ok ? cJSON_AddArrayToObject(ev, "risks") : NULL;
        size_t chosen = 0;
        for (size_t i = 0; revote && ok && i < form->n; i++) {
            if (strcmp(form->fields[i].name, "risk") != 0)
                continue;
            size_t k = ws_risk_index(s, form->fields[i].value);
            if (k == s->n_all || !ws_in_round(s, k))
                continue;
            cJSON *id = cJSON_CreateString(s->all[k].id);
            ok = id && cJSON_AddItemToArray(risks, id);
            chosen++;
        }
        ok = ok && cJSON_AddNumberToObject(ev, "round", revote ? s->round + 1 : s->round);
        char date[11];
        today(s, date);
        if (revote && chosen == 0) {
            snprintf(s->notice, sizeof s->notice, "%s",
                     strcmp(c->w->lang, "ja") == 0 ? "再投票するリスクを1つ以上選んでください。"
                                                   : "no risk ticked for the re-vote; expected "
                                                     "one or more");
            s->version++;
            st = CR_ERR_INPUT;
        } else if (ok) {
            st = ws_round_write(s, date, &err);
            if (st != CR_OK) {
                snprintf(s->notice, sizeof s->notice, "%s", err.message);
                s->version++;
            } else if (s->cfg->log) {
                fprintf(s->cfg->log, "round %d ended: %s/round-%d.json\n", s->round,
                        s->cfg->out_dir, s->round);
                fflush(s->cfg->log);
            }
        }
    }
    if (st == CR_OK && !ok)
        st = cr_error_set(&err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    unsigned long long end = 0;
    if (st == CR_OK)
        st = ws_commit(s, ev, &end, &err);
    cJSON_Delete(ev);
    bool shown = st != CR_OK && s->notice[0]; /* the projector says what went wrong */
    pthread_mutex_unlock(&s->lock);
    if (st == CR_OK)
        sync_then(c, CR_OK, end, &err);
    else if (shown)
        redirect(c->r, c->where);
    else
        refuse(c->r, c->con, MHD_HTTP_INTERNAL_SERVER_ERROR, c->w, err.message);
}

static void route(ctx *c, const char *method, const char *url, request *rq)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    static const char *const posts[] = {"/join", "/answer", "/reveal", "/revote", "/close"};
    bool post_route = false;
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++)
        post_route = post_route || strcmp(url, posts[i]) == 0;
    if (post && post_route) {
        if (rq->too_big) {
            refuse(c->r, c->con, MHD_HTTP_CONTENT_TOO_LARGE, c->w, c->w->too_big);
            return;
        }
        ws_form form;
        cr_error err;
        cr_error_clear(&err);
        if (ws_form_parse(rq->body ? rq->body : "", rq->len, &form, &err) != CR_OK) {
            refuse(c->r, c->con, err.status == CR_ERR_MEMORY ? 500 : MHD_HTTP_BAD_REQUEST, c->w,
                   err.message);
            return;
        }
        if (strcmp(url, "/join") == 0)
            post_join(c, &form);
        else if (strcmp(url, "/answer") == 0)
            post_answer(c, &form);
        else
            post_facilitator(c, &form, url + 1);
        ws_form_free(&form);
        return;
    }
    if (get && strcmp(url, "/join") == 0)
        get_join(c);
    else if (get && strcmp(url, "/p") == 0)
        get_participant(c);
    else if (get && strcmp(url, "/p.json") == 0)
        get_status(c, false);
    else if (get && strcmp(url, "/f.json") == 0)
        get_status(c, true);
    else if (get && strcmp(url, "/f") == 0)
        get_projector(c, false);
    else if (get && strcmp(url, "/board") == 0)
        get_projector(c, true);
    else if (get && strcmp(url, "/app.js") == 0) {
        c->r->status = MHD_HTTP_OK;
        c->r->type = "text/javascript; charset=utf-8";
        c->r->body = strdup(ws_script());
        c->r->len = c->r->body ? strlen(c->r->body) : 0;
    } else if (post_route || (post && !get))
        message_page(c->r, MHD_HTTP_METHOD_NOT_ALLOWED, c->w, c->w->title,
                     strcmp(c->w->lang, "ja") == 0
                         ? "この操作はページのフォームから送信してください。"
                         : "use the page's form: this address takes POST only, and the others "
                           "GET only");
    else if (!get && !post)
        message_page(c->r, MHD_HTTP_METHOD_NOT_ALLOWED, c->w, c->w->title,
                     strcmp(c->w->lang, "ja") == 0 ? "この操作には対応していません。"
                                                   : "expected GET or POST");
    else
        message_page(c->r, MHD_HTTP_NOT_FOUND, c->w, c->w->title, c->w->nothing_here);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    (void)version;
    ws_server *srv = cls;
    request *rq = *con_cls;
    const ws_words *w = ws_words_for(srv->state.cfg->lang);
    if (!rq) {
        if (!(rq = calloc(1, sizeof *rq)))
            return MHD_NO;
        *con_cls = rq;
        if (strcmp(method, "POST") == 0) {
            const char *length = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                                             "Content-Length");
            const char *type = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
                                                           "Content-Type");
            reply r = {0};
            if (length && strtoull(length, NULL, 10) > WS_MAX_BODY) {
                message_page(&r, MHD_HTTP_CONTENT_TOO_LARGE, w, w->not_saved, w->too_big);
                rq->answered = true;
            } else if (!type || strncmp(type, "application/x-www-form-urlencoded", 33) != 0) {
                message_page(&r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, w, w->not_saved,
                             strcmp(w->lang, "ja") == 0
                                 ? "ページのフォームから送信してください。"
                                 : "expected a form (application/x-www-form-urlencoded)");
                rq->answered = true;
            }
            if (rq->answered)
                return send_reply(con, &r);
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->answered && !rq->too_big) {
            if (rq->len + *upload_size > WS_MAX_BODY) {
                rq->too_big = true;
                free(rq->body);
                rq->body = NULL;
                rq->len = 0;
            } else {
                char *more = realloc(rq->body, rq->len + *upload_size + 1);
                if (!more)
                    return MHD_NO;
                memcpy(more + rq->len, upload_data, *upload_size);
                rq->body = more;
                rq->len += *upload_size;
                rq->body[rq->len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    reply r = {0};
    ctx c = {.srv = srv, .s = &srv->state, .w = w, .con = con, .r = &r};
    route(&c, method, url, rq);
    return send_reply(con, &r);
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)con;
    (void)toe;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

cr_status ws_http_start(ws_server *srv, cr_error *err)
{
    const cr_workshop_serve_config *cfg = srv->state.cfg;
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    if (inet_pton(AF_INET, cfg->bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)cfg->port);
    } else if (inet_pton(AF_INET6, cfg->bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)cfg->port);
        flags |= MHD_USE_IPv6;
    } else {
        return cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                            "--bind %s: expected an IPv4 or IPv6 address such as 127.0.0.1",
                            cfg->bind);
    }
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, &addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)512, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)65536, MHD_OPTION_THREAD_STACK_SIZE, (size_t)(256 * 1024), MHD_OPTION_END);
    if (!srv->daemon)
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL,
                            "cannot listen on %s port %u (in use, or not an address of this "
                            "machine?)", cfg->bind, cfg->port);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
                                                           MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : cfg->port;
    if (strchr(cfg->bind, ':'))
        snprintf(srv->base, sizeof srv->base, "http://[%s]:%u", cfg->bind, port);
    else
        snprintf(srv->base, sizeof srv->base, "http://%s:%u", cfg->bind, port);
    return CR_OK;
}

void ws_http_stop(ws_server *srv)
{
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
}
