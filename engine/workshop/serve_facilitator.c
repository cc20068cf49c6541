/*
 * serve_facilitator.c -- the facilitator's side of the live workshop's HTTP
 * front (serve_http.c has the routes and the limits): the projector view and
 * its board, and reveal, re-vote and close.  A round's end writes its files
 * (serve_round.c) before its event is journaled, so a crash in between
 * leaves the round open and nothing half-written.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workshop/serve.h"
#include "workshop/serve_http.h"

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
static void join_url(ws_ctx *c, char *buf, size_t size)
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

void ws_get_projector(ws_ctx *c, bool board_only)
{
    pthread_mutex_lock(&c->s->lock);
    if (!ws_token_equal(c->s->facilitator, ws_arg(c, "t")))
        ws_bad_token(c);
    else {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        char url[256];
        join_url(c, url, sizeof url);
        if (board_only)
            ws_page_board(&sb, c->s);
        else
            ws_page_projector(&sb, c->s, url);
        ws_reply_html(c->r, MHD_HTTP_OK, &sb);
    }
    pthread_mutex_unlock(&c->s->lock);
}

/* What the reader said about a cell, in the page's language.  Japanese pages
 * say what the field expects (the reader's words are English). *//* reveal, revote and close: the facilitator's, for the round on the page. */
void ws_post_facilitator(ws_ctx *c, const ws_form *form, const char *action)
{
    ws_state *s = c->s;
    cr_error err;
    cr_error_clear(&err);
    pthread_mutex_lock(&s->lock);
    if (!ws_token_equal(s->facilitator, ws_form_get(form, "t"))) {
        ws_bad_token(c);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    snprintf(c->where, sizeof c->where, "/f?t=%s", s->facilitator);
    s->notice[0] = '\0'; /* the last failure is news until the next press */
    const char *round = ws_form_get(form, "round");
    char current[16];
    snprintf(current, sizeof current, "%d", s->round);
    if (s->closed || !round || strcmp(round, current) != 0) {
        /* a second press, or a page from before the round changed: show now */
        pthread_mutex_unlock(&s->lock);
        ws_reply_redirect(c->r, c->where);
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
        const char *confirm = ws_form_get(form, "confirm");
        if (!revote && !(confirm && strcmp(confirm, "yes") == 0)) {
            snprintf(s->notice, sizeof s->notice, "%s",
                     strcmp(c->w->lang, "ja") == 0
                         ? "終了するには、確認のチェックボックスをオンにしてください。"
                         : "the workshop was not closed: tick the box beside Close to confirm");
            s->version++;
            st = CR_ERR_INPUT;
        } else if (revote && chosen == 0) {
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
        ws_sync_then_redirect(c, end);
    else if (shown)
        ws_reply_redirect(c->r, c->where);
    else
        ws_refuse(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.message);
}
