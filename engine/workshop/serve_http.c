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

static const char *const CSP =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

static enum MHD_Result send_reply(struct MHD_Connection *con, ws_reply *r)
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

void ws_reply_html(ws_reply *r, unsigned status, cr_strbuf *sb)
{
    r->status = status;
    r->type = "text/html; charset=utf-8";
    r->len = sb->failed ? 0 : sb->len;
    r->body = sb->failed ? NULL : cr_strbuf_take(sb);
    cr_strbuf_free(sb);
}

void ws_reply_message(ws_reply *r, unsigned status, const ws_words *w, const char *title,
                      const char *text)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    ws_page_message(&sb, w, title, text);
    ws_reply_html(r, status, &sb);
}

void ws_reply_json(ws_reply *r, unsigned status, cJSON *doc)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = doc ? cJSON_PrintUnformatted(doc) : NULL;
    r->len = r->body ? strlen(r->body) : 0;
    cJSON_Delete(doc);
}

void ws_reply_redirect(ws_reply *r, const char *where)
{
    r->status = MHD_HTTP_SEE_OTHER;
    r->type = "text/plain; charset=utf-8";
    r->location = where;
    r->body = strdup(where);
    r->len = r->body ? strlen(r->body) : 0;
}

bool ws_wants_json(const ws_ctx *c)
{
    const char *accept = MHD_lookup_connection_value(c->con, MHD_HEADER_KIND, "Accept");
    return accept && strncmp(accept, "application/json", 16) == 0;
}

void ws_refuse(ws_ctx *c, unsigned status, const char *text)
{
    if (ws_wants_json(c)) {
        cJSON *doc = cJSON_CreateObject();
        if (doc) {
            cJSON_AddFalseToObject(doc, "saved");
            cJSON_AddStringToObject(doc, "message", text);
        }
        ws_reply_json(c->r, status, doc);
    } else {
        ws_reply_message(c->r, status, c->w, c->w->not_saved, text);
    }
}

/* ---- the routes ------------------------------------------------------------ */

const char *ws_arg(const ws_ctx *c, const char *name)
{
    return MHD_lookup_connection_value(c->con, MHD_GET_ARGUMENT_KIND, name);
}

/* A wrong token costs from the shared bucket: guessing is slow. */
void ws_bad_token(ws_ctx *c)
{
    bool allowed = ws_bucket_take(&c->s->others, WS_RATE_OTHERS, WS_BURST_OTHERS);
    if (!allowed)
        ws_refuse(c, MHD_HTTP_TOO_MANY_REQUESTS, c->w->too_many);
    else
        ws_refuse(c, MHD_HTTP_FORBIDDEN, c->w->bad_token);
}

void ws_sync_then_redirect(ws_ctx *c, unsigned long long end)
{
    cr_error err;
    cr_error_clear(&err);
    if (ws_journal_sync(&c->s->journal, end, &err) != CR_OK)
        ws_refuse(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.message);
    else
        ws_reply_redirect(c->r, c->where);
}

static void route(ws_ctx *c, const char *method, const char *url, request *rq)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    bool post = strcmp(method, "POST") == 0;
    static const char *const posts[] = {"/join", "/answer", "/reveal", "/revote", "/close"};
    bool post_route = false;
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++)
        post_route = post_route || strcmp(url, posts[i]) == 0;
    if (post && post_route) {
        if (rq->too_big) {
            ws_refuse(c, MHD_HTTP_CONTENT_TOO_LARGE, c->w->too_big);
            return;
        }
        ws_form form;
        cr_error err;
        cr_error_clear(&err);
        if (ws_form_parse(rq->body ? rq->body : "", rq->len, c->w->lang, &form, &err) != CR_OK) {
            ws_refuse(c, err.status == CR_ERR_MEMORY ? 500 : MHD_HTTP_BAD_REQUEST, err.message);
            return;
        }
        if (strcmp(url, "/join") == 0)
            ws_post_join(c, &form);
        else if (strcmp(url, "/answer") == 0)
            ws_post_answer(c, &form);
        else
            ws_post_facilitator(c, &form, url + 1);
        ws_form_free(&form);
        return;
    }
    if (get && strcmp(url, "/join") == 0)
        ws_get_join(c);
    else if (get && strcmp(url, "/p") == 0)
        ws_get_participant(c);
    else if (get && strcmp(url, "/p.json") == 0)
        ws_get_status(c, false);
    else if (get && strcmp(url, "/f.json") == 0)
        ws_get_status(c, true);
    else if (get && strcmp(url, "/f") == 0)
        ws_get_projector(c, false);
    else if (get && strcmp(url, "/board") == 0)
        ws_get_projector(c, true);
    else if (get && strcmp(url, "/app.js") == 0) {
        c->r->status = MHD_HTTP_OK;
        c->r->type = "text/javascript; charset=utf-8";
        c->r->body = strdup(ws_script());
        c->r->len = c->r->body ? strlen(c->r->body) : 0;
    } else if (post_route || (post && !get))
        ws_reply_message(c->r, MHD_HTTP_METHOD_NOT_ALLOWED, c->w, c->w->title,
                     strcmp(c->w->lang, "ja") == 0
                         ? "この操作はページのフォームから送信してください。"
                         : "use the page's form: this address takes POST only, and the others "
                           "GET only");
    else if (!get && !post)
        ws_reply_message(c->r, MHD_HTTP_METHOD_NOT_ALLOWED, c->w, c->w->title,
                     strcmp(c->w->lang, "ja") == 0 ? "この操作には対応していません。"
                                                   : "expected GET or POST");
    else
        ws_reply_message(c->r, MHD_HTTP_NOT_FOUND, c->w, c->w->title, c->w->nothing_here);
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
            ws_reply r = {0};
            if (length && strtoull(length, NULL, 10) > WS_MAX_BODY) {
                ws_reply_message(&r, MHD_HTTP_CONTENT_TOO_LARGE, w, w->not_saved, w->too_big);
                rq->answered = true;
            } else if (!type || strncmp(type, "application/x-www-form-urlencoded", 33) != 0) {
                ws_reply_message(&r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, w, w->not_saved,
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
    ws_reply r = {0};
    ws_ctx c = {.srv = srv, .s = &srv->state, .w = w, .con = con, .r = &r};
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
