/*
 * serve_state.c -- the live workshop's state and the events that change it.
 *
 * Events (one JSON object a journal line; doc/workshop-serve.md):
 *   start   {service, lang, anonymous, round, risks[], join, facilitator}
 *   join    {name, token}                      a participant arrives
 *   answer  {participant, round, risk, cells{}} one card saved (as typed)
 *   reveal  {round}                            the projector shows values
 *   revote  {round, risks[]}                   the previous round's files are
 *                                              written; this round re-votes risks
 *   close   {round}                            the last round's files are written
 * ws_apply is the one place an event changes the state, live or replayed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workshop/serve.h"

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

bool ws_bucket_take(ws_bucket *b, double rate, double burst)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t = (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
    if (b->at == 0.0)
        b->tokens = burst;
    else
        b->tokens = fmin(burst, b->tokens + (t - b->at) * rate);
    b->at = t;
    if (b->tokens < 1.0)
        return false;
    b->tokens -= 1.0;
    return true;
}

size_t ws_risk_index(const ws_state *s, const char *id)
{
    size_t k = 0;
    while (id && k < s->n_all && strcmp(s->all[k].id, id) != 0)
        k++;
    return id ? k : s->n_all;
}

bool ws_in_round(const ws_state *s, size_t k)
{
    for (size_t i = 0; i < s->n_risks; i++)
        if (s->risks[i] == k)
            return true;
    return false;
}

ws_participant *ws_find_participant(ws_state *s, const char *token)
{
    ws_participant *found = NULL;
    for (size_t i = 0; i < s->n_people; i++) /* every one compared: no early exit */
        if (ws_token_equal(s->people[i].token, token))
            found = &s->people[i];
    return found;
}

static void free_answers(ws_answer *a, size_t n)
{
    for (size_t k = 0; a && k < n; k++)
        ws_answer_clear(&a[k]);
    free(a);
}

cr_status ws_state_init(ws_state *s, const cr_workshop_serve_config *cfg, cr_error *err)
{
    memset(s, 0, sizeof *s);
    s->cfg = cfg;
    s->model = cfg->model;
    s->journal.fd = -1;
    pthread_mutex_init(&s->lock, NULL);
    s->n_all = cr_model_risk_count(cfg->model);
    s->all = calloc(s->n_all ? s->n_all : 1, sizeof *s->all);
    s->risks = calloc(s->n_all ? s->n_all : 1, sizeof *s->risks);
    s->into = strdup(cfg->service_path);
    s->risk_list = cfg->risk_list ? strdup(cfg->risk_list) : NULL;
    if (!s->all || !s->risks || !s->into || (cfg->risk_list && !s->risk_list))
        return oom(err);
    for (size_t k = 0; k < s->n_all; k++) {
        const cr_risk *r = cr_model_risk(cfg->model, k);
        s->all[k].id = r->id;
        s->all[k].name = cr_text_get(&r->name, cfg->lang);
    }
    for (size_t i = 0; i < cfg->n_risks; i++)
        s->risks[i] = cfg->risks[i];
    s->n_risks = cfg->n_risks;
    s->round = cfg->first_round;
    return ws_round_prepare(s, err);
}

void ws_state_free(ws_state *s)
{
    for (size_t i = 0; i < s->n_people; i++) {
        free(s->people[i].name);
        free_answers(s->people[i].answers, s->n_all);
        free_answers(s->people[i].previous, s->n_all);
    }
    free(s->people);
    for (size_t i = 0; i < s->n_outputs; i++)
        free(s->outputs[i]);
    free(s->outputs);
    cr_workshop_anchors_clear(&s->anchors);
    cr_assessment_clear(&s->assessment);
    cr_service_free(s->service);
    ws_journal_close(&s->journal);
    free(s->all);
    free(s->risks);
    free(s->into);
    free(s->risk_list);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
}

/* ---- events -------------------------------------------------------------- */

static cJSON *risk_array(const ws_state *s, const size_t *risks, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *id = cJSON_CreateString(s->all[risks[i]].id);
        if (!id || !cJSON_AddItemToArray(a, id)) {
            cJSON_Delete(id);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *start_event(const ws_state *s)
{
    cJSON *e = cJSON_CreateObject();
    cJSON *risks = risk_array(s, s->risks, s->n_risks);
    bool ok = e && risks && cJSON_AddStringToObject(e, "event", "start") &&
              cJSON_AddStringToObject(e, "service", cr_service_id(s->service)) &&
              cJSON_AddStringToObject(e, "lang", s->cfg->lang) &&
              cJSON_AddBoolToObject(e, "anonymous", s->cfg->anonymous) &&
              cJSON_AddNumberToObject(e, "round", s->round) &&
              cJSON_AddItemToObject(e, "risks", risks);
    if (ok)
        risks = NULL;
    ok = ok && cJSON_AddStringToObject(e, "join", s->join) &&
         cJSON_AddStringToObject(e, "facilitator", s->facilitator);
    cJSON_Delete(risks);
    if (!ok) {
        cJSON_Delete(e);
        return NULL;
    }
    return e;
}

static const char *str_of(const cJSON *e, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool int_of(const cJSON *e, const char *key, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < 0 ||
        v->valuedouble > 1e6)
        return false;
    *out = (int)v->valuedouble;
    return true;
}

static cr_status bad_event(ws_state *s, long line, const char *what, cr_error *err)
{
    return cr_error_set(err, CR_ERR_INPUT, line ? s->journal.path : NULL, line, NULL,
                        "%s; expected the journal as the server wrote it, with the same "
                        "SERVICE.json and options (or another --out DIR)", what);
}

/* Read a risks[] array into model indices (model order). */
static cr_status read_risks(ws_state *s, const cJSON *e, long line, size_t *out, size_t *n,
                            cr_error *err)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "risks");
    *n = 0;
    if (!cJSON_IsArray(a))
        return bad_event(s, line, "an event without its risks", err);
    bool *chosen = calloc(s->n_all ? s->n_all : 1, sizeof *chosen);
    if (!chosen)
        return oom(err);
    const cJSON *id;
    cr_status st = CR_OK;
    cJSON_ArrayForEach(id, a) {
        size_t k = ws_risk_index(s, cJSON_IsString(id) ? id->valuestring : NULL);
        if (k == s->n_all || chosen[k]) {
            st = bad_event(s, line, "a risk that is not the model's, or named twice", err);
            break;
        }
        chosen[k] = true;
    }
    for (size_t k = 0; st == CR_OK && k < s->n_all; k++)
        if (chosen[k])
            out[(*n)++] = k;
    free(chosen);
    if (st == CR_OK && *n == 0)
        st = bad_event(s, line, "an event with no risk", err);
    return st;
}

static cr_status apply_start(ws_state *s, const cJSON *e, long line, cr_error *err)
{
    const char *service = str_of(e, "service"), *lang = str_of(e, "lang");
    const char *join = str_of(e, "join"), *fac = str_of(e, "facilitator");
    int round;
    const cJSON *anon = cJSON_GetObjectItemCaseSensitive(e, "anonymous");
    size_t *risks = calloc(s->n_all ? s->n_all : 1, sizeof *risks), n = 0;
    if (!risks)
        return oom(err);
    cr_status st = read_risks(s, e, line, risks, &n, err);
    char why[300] = "";
    if (st == CR_OK) {
        if (!service || strcmp(service, cr_service_id(s->service)) != 0)
            snprintf(why, sizeof why, "the journal is of service \"%.60s\", not \"%.60s\"",
                     service ? service : "?", cr_service_id(s->service));
        else if (!lang || strcmp(lang, s->cfg->lang) != 0)
            snprintf(why, sizeof why, "the journal's workshop is in --lang %.8s",
                     lang ? lang : "?");
        else if (!cJSON_IsBool(anon) || cJSON_IsTrue(anon) != s->cfg->anonymous)
            snprintf(why, sizeof why, "the journal's workshop is %s",
                     cJSON_IsTrue(anon) ? "--anonymous" : "not --anonymous");
        else if (!int_of(e, "round", &round) || round != s->round || n != s->n_risks ||
                 memcmp(risks, s->risks, n * sizeof *risks) != 0)
            snprintf(why, sizeof why, "the journal's workshop started with other risks or "
                     "another round (--risks)");
        else if (!ws_token_wellformed(join) || !ws_token_wellformed(fac))
            snprintf(why, sizeof why, "the journal's tokens are not %d hex digits",
                     WS_TOKEN_CHARS);
        if (why[0])
            st = bad_event(s, line, why, err);
    }
    free(risks);
    if (st == CR_OK) {
        memcpy(s->join, join, WS_TOKEN_CHARS + 1);
        memcpy(s->facilitator, fac, WS_TOKEN_CHARS + 1);
    }
    return st;
}

static cr_status apply_join(ws_state *s, const cJSON *e, long line, cr_error *err)
{
    const char *name = str_of(e, "name"), *token = str_of(e, "token");
    if (!name || !cr_workshop_name_valid(name) || !ws_token_wellformed(token))
        return bad_event(s, line, "a participant without a valid name or token", err);
    for (size_t i = 0; i < s->n_people; i++)
        if (strcmp(s->people[i].name, name) == 0)
            return bad_event(s, line, "a participant who joins twice", err);
    if (s->n_people == WS_MAX_PARTICIPANTS)
        return bad_event(s, line, "more participants than the server takes", err);
    if (s->n_people == s->cap_people) {
        size_t cap = s->cap_people ? 2 * s->cap_people : 8;
        ws_participant *p = realloc(s->people, cap * sizeof *p);
        if (!p)
            return oom(err);
        s->people = p;
        s->cap_people = cap;
    }
    ws_participant *p = &s->people[s->n_people];
    memset(p, 0, sizeof *p);
    p->name = strdup(name);
    p->answers = calloc(s->n_all ? s->n_all : 1, sizeof *p->answers);
    if (!p->name || !p->answers) {
        free(p->name);
        free(p->answers);
        return oom(err);
    }
    memcpy(p->token, token, WS_TOKEN_CHARS + 1);
    s->n_people++;
    return CR_OK;
}

static cr_status apply_answer(ws_state *s, const cJSON *e, long line, cr_error *err)
{
    int who, round;
    size_t k = ws_risk_index(s, str_of(e, "risk"));
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(e, "cells");
    if (!int_of(e, "participant", &who) || (size_t)who >= s->n_people ||
        !int_of(e, "round", &round) || round != s->round || k == s->n_all ||
        !ws_in_round(s, k) || !cJSON_IsObject(cells) || s->closed)
        return bad_event(s, line, "an answer for no participant, risk or round of the workshop",
                         err);
    ws_answer a = {.given = true};
    for (int i = 0; i < WS_N_CELLS; i++) {
        const char *v = str_of(cells, ws_cell_key(i));
        if (v && *v && !(a.cells[i] = strdup(v))) {
            ws_answer_clear(&a);
            return oom(err);
        }
    }
    ws_participant *p = &s->people[who];
    if (line) { /* from the journal: checked again, as if typed now */
        int bad;
        cr_status st = ws_answer_check(cr_service_id(s->service), p->name, s->round, &s->all[k],
                                       &a, &bad, err);
        if (st != CR_OK) {
            ws_answer_clear(&a);
            char why[sizeof err->message + 64];
            snprintf(why, sizeof why, "an answer the sheet's rules refuse (%.400s)",
                     err->message);
            return bad_event(s, line, why, err);
        }
    }
    ws_answer_clear(&p->answers[k]);
    p->answers[k] = a;
    return CR_OK;
}

/* The round has ended (its files written): open the next on `risks`. */
static cr_status next_round(ws_state *s, const size_t *risks, size_t n, cr_error *err)
{
    size_t len = strlen(s->cfg->out_dir) + 32, list_len = 1;
    for (size_t i = 0; i < n; i++)
        list_len += strlen(s->all[risks[i]].id) + 1;
    char *into = malloc(len);
    char *list = malloc(list_len);
    if (!into || !list) {
        free(into);
        free(list);
        return oom(err);
    }
    snprintf(into, len, "%s/round-%d.json", s->cfg->out_dir, s->round);
    size_t used = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(list + used, list_len - used, "%s%s", i ? "," : "",
                                 s->all[risks[i]].id);
    free(s->into);
    free(s->risk_list);
    s->into = into;
    s->risk_list = list;
    memcpy(s->risks, risks, n * sizeof *risks);
    s->n_risks = n;
    s->round++;
    s->revealed = false;
    s->notice[0] = '\0';
    for (size_t i = 0; i < s->n_people; i++) {
        ws_participant *p = &s->people[i];
        ws_answer *fresh = calloc(s->n_all ? s->n_all : 1, sizeof *fresh);
        if (!fresh)
            return oom(err);
        free_answers(p->previous, s->n_all);
        p->previous = p->answers;
        p->answers = fresh;
    }
    return ws_round_prepare(s, err);
}

cr_status ws_apply(ws_state *s, const cJSON *e, long line, cr_error *err)
{
    const char *kind = str_of(e, "event");
    int round = 0;
    cr_status st = CR_OK;
    bool first = line == 1 || (line == 0 && s->journal.lines == 1);
    if (!kind)
        return bad_event(s, line, "an event without its kind", err);
    if ((strcmp(kind, "start") == 0) != first)
        return bad_event(s, line, first ? "a journal that does not begin with its start"
                                        : "a second start", err);
    if (strcmp(kind, "start") == 0)
        st = apply_start(s, e, line, err);
    else if (strcmp(kind, "join") == 0)
        st = apply_join(s, e, line, err);
    else if (strcmp(kind, "answer") == 0)
        st = apply_answer(s, e, line, err);
    else if (strcmp(kind, "reveal") == 0) {
        if (!int_of(e, "round", &round) || round != s->round)
            st = bad_event(s, line, "a reveal of another round", err);
        else
            s->revealed = true;
    } else if (strcmp(kind, "revote") == 0 || strcmp(kind, "close") == 0) {
        bool revote = kind[0] == 'r';
        size_t *risks = calloc(s->n_all ? s->n_all : 1, sizeof *risks), n = 0;
        if (!risks)
            return oom(err);
        if (!int_of(e, "round", &round) || round != (revote ? s->round + 1 : s->round) ||
            s->closed)
            st = bad_event(s, line, "a round's end out of order", err);
        else if (revote)
            st = read_risks(s, e, line, risks, &n, err);
        if (st == CR_OK && revote)
            st = next_round(s, risks, n, err);
        else if (st == CR_OK)
            s->closed = true;
        free(risks);
    } else {
        st = bad_event(s, line, "an event of an unknown kind", err);
    }
    if (st == CR_OK)
        s->version++;
    return st;
}

static cr_status replay_one(void *user, const cJSON *event, long line, cr_error *err)
{
    return ws_apply(user, event, line, err);
}

cr_status ws_commit(ws_state *s, cJSON *event, unsigned long long *end, cr_error *err)
{
    cr_status st = ws_journal_append(&s->journal, event, end, err);
    if (st == CR_OK)
        st = ws_apply(s, event, 0, err);
    return st;
}

cr_status ws_state_start(ws_state *s, cr_error *err)
{
    bool existing;
    cr_status st = ws_journal_open(&s->journal, s->cfg->out_dir, &existing, err);
    if (st == CR_OK && existing)
        return ws_journal_replay(&s->journal, replay_one, s, err);
    if (st == CR_OK)
        st = ws_token_new(s->join, err);
    if (st == CR_OK)
        st = ws_token_new(s->facilitator, err);
    cJSON *e = st == CR_OK ? start_event(s) : NULL;
    if (st == CR_OK && !e)
        st = oom(err);
    unsigned long long end = 0;
    if (st == CR_OK)
        st = ws_commit(s, e, &end, err);
    if (st == CR_OK)
        st = ws_journal_sync(&s->journal, end, err);
    cJSON_Delete(e);
    return st;
}
