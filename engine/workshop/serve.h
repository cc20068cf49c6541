/*
 * serve.h -- the live workshop's state, journal, pages and HTTP front
 * (library-internal; doc/workshop-serve.md).
 *
 * One state (ws_state) under one mutex.  Every change is an event: checked,
 * appended to the journal (journal.c), applied to the state in the journal's
 * order, and synced to disk before the browser is told it was saved.  A
 * restart replays the journal through the same ws_apply, so the state after
 * a SIGKILL is the state of every synced event.
 */
#ifndef CR_WORKSHOP_SERVE_H
#define CR_WORKSHOP_SERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"
#include "report/report_iface.h"
#include "util/text.h"

/* ---- limits (doc/workshop-serve.md, "Limits") ------------------------------- */
#define WS_TOKEN_BYTES 16          /* 128 random bits per token */
#define WS_TOKEN_CHARS (2 * WS_TOKEN_BYTES)
#define WS_MAX_BODY 16384          /* bytes of one form */
#define WS_MAX_FIELD 4000          /* bytes of one field (a comment) */
#define WS_MAX_FIELDS 40           /* fields of one form */
#define WS_MAX_PARTICIPANTS 200
#define WS_RATE_PER_PARTICIPANT 10.0 /* saves a second, sustained */
#define WS_BURST_PER_PARTICIPANT 60.0
#define WS_RATE_OTHERS 20.0        /* joins and refused tokens a second, all clients */
#define WS_BURST_OTHERS 60.0

/* The columns a participant answers: basis .. comment, in the sheet's order. */
#define WS_FIRST_CELL CR_WS_BASIS
#define WS_N_CELLS (CR_WS_COMMENT - CR_WS_BASIS + 1)

/* ---- tokens (serve_tokens.c) ------------------------------------------------- */
/* WS_TOKEN_CHARS lowercase hex digits from getrandom(2) (the kernel's random
 * source; /dev/urandom where getrandom is missing). */
cr_status ws_token_new(char out[WS_TOKEN_CHARS + 1], cr_error *err);
/* Compare a presented token in time independent of where they differ. */
bool ws_token_equal(const char *expected, const char *given);
bool ws_token_wellformed(const char *s);

/* ---- forms (serve_form.c) ---------------------------------------------------- */
typedef struct ws_field {
    char *name, *value;
} ws_field;
typedef struct ws_form {
    ws_field *fields;
    size_t n;
} ws_form;
/* Decode application/x-www-form-urlencoded text.  Refuses (with a message for
 * the person at the browser) malformed escapes, too many or too long fields
 * and text that is not UTF-8, in lang ("ja" or English). */
cr_status ws_form_parse(const char *body, size_t len, const char *lang, ws_form *form,
                        cr_error *err);
void ws_form_free(ws_form *form);
/* The first value of a field, or NULL. */
const char *ws_form_get(const ws_form *form, const char *name);
/* Text a person typed that the server refuses in names and comments:
 * control characters (but tab and line breaks in a comment) and HTML markup
 * ("<" before a letter, "/", "!" or "?").  Returns NULL when it is fine, else
 * what is wrong, in lang. */
const char *ws_text_refusal(const char *s, bool multiline, const char *lang);

/* ---- answers (serve_answer.c) ------------------------------------------------ */
typedef struct ws_answer {
    bool given;               /* saved in this round */
    char *cells[WS_N_CELLS];  /* as typed, owned; NULL: empty */
} ws_answer;
void ws_answer_clear(ws_answer *a);
/* The form field (and journal key) of answer cell i: the sheet's column key. */
const char *ws_cell_key(int i);

/* Check one risk's answer exactly as a sheet row is checked: the cells are
 * written as a one-row sheet and read back by the sheet reader.  On failure
 * *bad_cell is the cell the reader's message is about (-1: none in
 * particular) and err->message says what is wrong and what is expected. */
cr_status ws_answer_check(const char *service_id, const char *participant, int round,
                          const cr_workshop_risk *risk, const ws_answer *a, int *bad_cell,
                          cr_error *err);

/* ---- the journal (journal.c) ------------------------------------------------- */
typedef struct ws_journal {
    int fd;
    char *path;
    long lines;                 /* complete lines in the file */
    unsigned long long written; /* bytes appended */
    unsigned long long synced;  /* bytes known to be on disk */
    pthread_mutex_t sync_lock;  /* one fdatasync at a time */
    bool failed;                /* a write or sync failed: no more changes */
} ws_journal;

/* Open DIR/journal.jsonl (made with mode 0600), creating DIR (0700) when it
 * does not exist.  *existing is true when the journal had events. */
cr_status ws_journal_open(ws_journal *j, const char *dir, bool *existing, cr_error *err);
/* Call fn for every complete line, in order; a torn last line (a write cut
 * short by a crash: never acknowledged) is cut off the file. */
cr_status ws_journal_replay(ws_journal *j,
                            cr_status (*fn)(void *user, const cJSON *event, long line,
                                            cr_error *err),
                            void *user, cr_error *err);
/* Append one event (one line of JSON); returns the offset the event ends at,
 * for ws_journal_sync.  Called under the state's lock, so the journal's order
 * is the state's. */
cr_status ws_journal_append(ws_journal *j, const cJSON *event, unsigned long long *end,
                            cr_error *err);
/* Make sure every byte up to `end` is on disk.  Outside the state's lock:
 * concurrent saves share one fdatasync (group commit). */
cr_status ws_journal_sync(ws_journal *j, unsigned long long end, cr_error *err);
void ws_journal_close(ws_journal *j);

/* ---- the state (serve_state.c) ----------------------------------------------- */
typedef struct ws_bucket {
    double tokens, at; /* token bucket: tokens left, when last filled (s) */
} ws_bucket;

typedef struct ws_participant {
    char *name;                     /* or a letter in anonymous mode */
    char token[WS_TOKEN_CHARS + 1];
    ws_answer *answers;             /* one per model risk, this round */
    ws_answer *previous;            /* the previous round's, or NULL */
    ws_bucket bucket;
} ws_participant;

typedef struct ws_state {
    const cr_workshop_serve_config *cfg;
    const cr_model *model;
    size_t n_all;
    cr_workshop_risk *all;          /* the model's risks, named in cfg->lang */
    /* the round */
    int round;
    size_t *risks, n_risks;         /* handed out (model indices, model order) */
    char *into;                     /* the service file the round merges into */
    char *risk_list;                /* "CR01,CR07" for the merge, or NULL */
    cr_service *service;            /* `into`, loaded */
    cr_assessment assessment;       /* of `service` */
    cr_workshop_anchors anchors;    /* the round's cards (no own answers) */
    bool revealed, closed;
    /* people */
    ws_participant *people;
    size_t n_people, cap_people;
    char join[WS_TOKEN_CHARS + 1], facilitator[WS_TOKEN_CHARS + 1];
    ws_bucket others;
    /* what the projector shows */
    unsigned long version;          /* bumped by every change: pages poll it */
    char notice[768];               /* the last failure of a round's end */
    char **outputs;                 /* files the ended rounds wrote */
    size_t n_outputs;
    ws_journal journal;
    pthread_mutex_t lock;
} ws_state;

cr_status ws_state_init(ws_state *s, const cr_workshop_serve_config *cfg, cr_error *err);
void ws_state_free(ws_state *s);
/* Start a new journal (tokens drawn now), or replay the existing one. */
cr_status ws_state_start(ws_state *s, cr_error *err);

/* Apply one event (from the journal or just appended to it).  Never fails for
 * an event that ws_event_* made from a checked request. */
cr_status ws_apply(ws_state *s, const cJSON *event, long line, cr_error *err);
/* Append an event, apply it, and return the journal offset to sync (under
 * the lock). */
cr_status ws_commit(ws_state *s, cJSON *event, unsigned long long *end, cr_error *err);

ws_participant *ws_find_participant(ws_state *s, const char *token);
/* True when risk index k is handed out this round. */
bool ws_in_round(const ws_state *s, size_t k);
size_t ws_risk_index(const ws_state *s, const char *id); /* n_all when unknown */
/* Token-bucket rate limit: true when a request may go ahead now. */
bool ws_bucket_take(ws_bucket *b, double rate, double burst);

/* ---- rounds (serve_round.c) -------------------------------------------------- */
/* Load the round's service, assess it and build the cards' anchors. */
cr_status ws_round_prepare(ws_state *s, cr_error *err);
/* A participant's filled sheet of this round, as `workshop sheet` writes it
 * (with own_anchors, the previous round's answer too). */
cr_status ws_sheet_text(const ws_state *s, const ws_participant *p, bool own_anchors, char **text,
                        size_t *len, cr_error *err);
/* Merge this round's answers in memory for the projector (the same reader
 * and merge as the files).  Fails with CR_ERR_INPUT when nobody answered. */
cr_status ws_round_preview(const ws_state *s, cr_workshop_result *out, cr_error *err);
/* End the round: write each participant's sheet and merge them through the
 * command's merge.  Files only; the caller journals the event. */
cr_status ws_round_write(ws_state *s, const char *date, cr_error *err);

/* ---- pages (pages*.c) -------------------------------------------------------- */
typedef struct ws_words {
    const char *lang;
    const char *title, *join_title, *join_intro, *name, *letter_intro, *join_button,
        *round, *participant, *scales, *impact_scale, *likelihood_scale, *current, *previous,
        *your_previous, *basis, *impact, *likelihood, *frequency, *loss, *min, *likely, *max,
        *per_year, *per_event, *confidence, *comment, *save, *saved, *not_saved, *revise,
        *closed, *thanks, *projector, *join_here, *participants, *answered, *answers,
        *reveal, *revote, *revote_intro, *close, *close_confirm, *heat_map, *flagged,
        *no_flags, *agreed, *waiting, *outputs, *nothing_here, *bad_token, *expired,
        *too_big, *too_many, *no_answer, *level_low, *level_mid, *level_high, *unanswered,
        *with_controls, *before_controls, *round_ended, *not_revealed, *spread, *pooled,
        *notice;
    const char *colon;  /* ": " or "：" */
    const char *dot;    /* " · " or "・" */
    const char *open, *close_paren; /* " (" ")" or "（" "）" */
    const char *range;  /* "-" or "〜" */
    const char *gap;    /* between a word and its number: " " or "" */
    const char *count_before, *count_after; /* "4 answers", "回答4件" */
} ws_words;
const ws_words *ws_words_for(const char *lang);
/* "Impact 4" / "影響度4". */
void ws_level_text(cr_strbuf *sb, const ws_words *w, const char *word, long n);
/* "4 answers" / "回答4件". */
void ws_count_text(cr_strbuf *sb, const ws_words *w, size_t n);

/* A whole page: the doctype, lang, the shared style and our script around
 * the document d (report/doc.h), which the HTML writer writes and escapes;
 * a failed document fails sb. */
void ws_page_write(cr_strbuf *sb, const ws_words *w, const char *title, const char *page,
                   const char *token, unsigned long version, int round, const cr_doc *d);
/* The heading of the participant's and the projector's pages: the
 * workshop and the service. */
void ws_page_heading(cr_doc *d, const ws_state *s, const ws_words *w);

/* Field errors of a refused form: errors[i] for answer cell i, or NULL. */
typedef struct ws_card_errors {
    const char *risk;                /* the card they belong to */
    const ws_answer *typed;          /* what was typed, shown again */
    const char *cell[WS_N_CELLS];
    const char *message;             /* beside the save button */
} ws_card_errors;

void ws_page_join(cr_strbuf *sb, const ws_state *s, const char *error, const char *typed);
void ws_page_participant(cr_strbuf *sb, const ws_state *s, const ws_participant *p,
                         const ws_card_errors *errors, const char *saved_risk);
/* The projector page; join_url is what the QR code holds. */
void ws_page_projector(cr_strbuf *sb, const ws_state *s, const char *join_url);
/* The live part of it (the JavaScript replaces it when the version moves). */
void ws_page_board(cr_strbuf *sb, const ws_state *s);
void ws_page_message(cr_strbuf *sb, const ws_words *w, const char *title, const char *text);
/* Inline SVG of a QR code of text (libqrencode); false when it cannot. */
bool ws_qr_svg(cr_strbuf *sb, const char *text);
/* The script the pages load from /app.js. */
const char *ws_script(void);

#endif
