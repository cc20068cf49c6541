/*
 * serve.c -- `cloudrisk workshop serve`: the live workshop from start to
 * stop.  Load (or replay) the state, listen, print the two addresses (the
 * projector's, with the facilitator's token, and the participants'), and
 * serve until the command's stop flag is set (SIGINT, SIGTERM).  Stopping
 * loses nothing: every saved answer is in the journal, and the same command
 * started again carries on from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workshop/serve.h"
#include "workshop/serve_http.h"

cr_status cr_workshop_serve(const cr_workshop_serve_config *config,
                            const volatile sig_atomic_t *stop, cr_error *err)
{
    if (!config || !config->model || !config->service_path || !config->out_dir ||
        !config->merge || !config->risks || config->n_risks == 0 || !config->bind ||
        !config->lang || config->first_round < 1 || config->port > 65535)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "cr_workshop_serve: incomplete configuration");
    ws_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = ws_state_init(&srv->state, config, err);
    ws_state *s = &srv->state;
    /* Listen first, so that an address in use or not of this machine leaves
     * no journal behind; requests wait on the lock until the state is ready. */
    bool locked = st == CR_OK;
    if (locked)
        pthread_mutex_lock(&s->lock);
    if (st == CR_OK)
        st = ws_http_start(srv, err);
    if (st == CR_OK)
        st = ws_state_start(s, err);
    if (st == CR_OK && config->log) {
        fprintf(config->log, "projector: %s/f?t=%s\njoin: %s/join?t=%s\njournal: %s\n",
                srv->base, s->facilitator, srv->base, s->join, s->journal.path);
        if (s->n_people || s->round > config->first_round || s->closed)
            fprintf(config->log, "resumed: round %d, %zu participants%s\n", s->round,
                    s->n_people, s->closed ? ", closed" : "");
        fflush(config->log);
    }
    if (locked)
        pthread_mutex_unlock(&s->lock);
    while (st == CR_OK && !*stop) {
        struct timespec tick = {0, 100 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    ws_http_stop(srv);
    ws_state_free(&srv->state);
    free(srv);
    return st;
}
