/*
 * serve_http.h -- the live workshop's server: its state and its HTTP daemon
 * (library-internal).
 */
#ifndef CR_WORKSHOP_SERVE_HTTP_H
#define CR_WORKSHOP_SERVE_HTTP_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "workshop/serve.h"

struct MHD_Daemon;

typedef struct ws_server {
    ws_state state;
    struct MHD_Daemon *daemon;
    char base[128]; /* "http://127.0.0.1:8080" */
} ws_server;

/* One response being made: status, type and a body it owns. */
typedef struct ws_reply {
    unsigned status;
    const char *type;     /* Content-Type */
    char *body;           /* owned */
    size_t len;
    const char *location; /* for 303 */
} ws_reply;

/* One request being answered. */
struct MHD_Connection;
typedef struct ws_ctx {
    ws_server *srv;
    ws_state *s;
    const ws_words *w;
    struct MHD_Connection *con;
    ws_reply *r;
    char where[256]; /* a redirect's target */
} ws_ctx;

/* Responses (serve_http.c). */
void ws_reply_html(ws_reply *r, unsigned status, cr_strbuf *sb); /* takes sb's text */
void ws_reply_message(ws_reply *r, unsigned status, const ws_words *w, const char *title,
                      const char *text);
void ws_reply_json(ws_reply *r, unsigned status, cJSON *doc); /* takes doc */
void ws_reply_redirect(ws_reply *r, const char *where);
/* The client asked for JSON (the page's script) rather than a page. */
bool ws_wants_json(const ws_ctx *c);
/* A refusal: {"saved": false, "message"} for the script, else a page. */
void ws_refuse(ws_ctx *c, unsigned status, const char *text);
/* A query-string argument of a GET. */
const char *ws_arg(const ws_ctx *c, const char *name);
/* A wrong or missing token: 403, or 429 once the shared bucket is empty. */
void ws_bad_token(ws_ctx *c);
/* Sync the journal up to `end`, then redirect to c->where (or refuse). */
void ws_sync_then_redirect(ws_ctx *c, unsigned long long end);

/* The routes (serve_participants.c, serve_facilitator.c). */
void ws_get_join(ws_ctx *c);
void ws_post_join(ws_ctx *c, const ws_form *form);
void ws_get_participant(ws_ctx *c);
void ws_get_status(ws_ctx *c, bool facilitator);
void ws_post_answer(ws_ctx *c, const ws_form *form);
void ws_get_projector(ws_ctx *c, bool board_only);
void ws_post_facilitator(ws_ctx *c, const ws_form *form, const char *action);

/* Listen on the configured address and port (0: any free one). */
cr_status ws_http_start(ws_server *srv, cr_error *err);
void ws_http_stop(ws_server *srv);

#endif
