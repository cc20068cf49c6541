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

/* Listen on the configured address and port (0: any free one). */
cr_status ws_http_start(ws_server *srv, cr_error *err);
void ws_http_stop(ws_server *srv);

#endif
