/*
 * batch_run.c -- re-assessing a fleet in parallel into the register.
 *
 * Worker threads take the fleet's services in order and evaluate them; the
 * calling thread is the only writer, and commits the results strictly in
 * fleet order, each run whole (in a savepoint of a group transaction
 * committed every BATCH_GROUP_SECONDS and before the writer waits).  Hence:
 *   - results do not depend on the number of workers: each service's run
 *     depends only on its inputs, model, seed and trials, and the register
 *     receives the runs in the same order whatever finished first;
 *   - memory stays bounded: a worker may run at most `window` services ahead
 *     of the writer (a ring of result slots);
 *   - a batch killed at any moment leaves a prefix of the fleet recorded,
 *     each run whole; the next batch skips those (their inputs and model are
 *     unchanged) and carries on.
 *
 * Skipping is cheap: the register's latest run of every service is read once
 * at the start, and a service whose files hash to the inputs of its latest
 * run, under the same model, criteria, seed and trials (in precision mode:
 * the same target and cap, the trials being their outcome), is skipped without
 * being parsed.  Whether a run is really new is decided again under the write
 * lock (cr_register_record_run), so that two batches racing on one register
 * record each run once.
 */
/* realpath(3) is an X/Open interface. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/stat.h>

#include "cloudrisk/io.h"
#include "util/text.h"

#include "batch/batch_internal.h"
#include "register/register_iface.h"

/* ---- the register's latest runs, read once ----------------------------- */

typedef struct latest_entry {
    char *service_key;
    int64_t run_id;
    char *source;
    char inputs[65];
    char *model_version, *criteria_version;
    uint64_t seed, trials;
    double precision;    /* precision mode's target, 0 for a run at fixed trials */
    uint64_t max_trials; /* and its cap */
    reg_stamp stamp; /* valid when the run's files were fingerprinted */
    char review_by[11]; /* the run's date plus its review interval: re-assess from then */
} latest_entry;

typedef struct latest_map {
    latest_entry *by_key;   /* sorted by service_key (the query's order) */
    size_t n;
    latest_entry **by_source; /* the entries with a source, sorted by it */
    size_t n_sources;
} latest_map;

static void latest_map_free(latest_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->by_key[i].service_key);
        free(m->by_key[i].source);
        free(m->by_key[i].model_version);
        free(m->by_key[i].criteria_version);
    }
    free(m->by_key);
    free(m->by_source);
    memset(m, 0, sizeof *m);
}

static int compare_source(const void *a, const void *b)
{
    return strcmp((*(latest_entry *const *)a)->source, (*(latest_entry *const *)b)->source);
}

static cr_status latest_map_load(cr_register *reg, latest_map *m, cr_error *err)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st = reg_latest_runs_stmt(reg, err);
    if (!st)
        return err->status;
    size_t cap = 0;
    int rc;
    cr_status s = CR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            latest_entry *grown = realloc(m->by_key, ncap * sizeof *grown);
            if (!grown) {
                s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
                break;
            }
            m->by_key = grown, cap = ncap;
        }
        latest_entry *e = &m->by_key[m->n++];
        memset(e, 0, sizeof *e);
        bool failed = false;
        e->service_key = reg_column_text(st, 0, &failed);
        snprintf(e->inputs, sizeof e->inputs, "%s", (const char *)sqlite3_column_text(st, 2));
        e->model_version = reg_column_text(st, 3, &failed);
        e->criteria_version = reg_column_text(st, 4, &failed);
        if (!reg_seed_parse((const char *)sqlite3_column_text(st, 5), &e->seed))
            e->seed = 0;
        e->trials = (uint64_t)sqlite3_column_int64(st, 6);
        e->precision = sqlite3_column_double(st, 26); /* NULL: 0 */
        e->max_trials = (uint64_t)sqlite3_column_int64(st, 27);
        e->run_id = sqlite3_column_int64(st, 1);
        e->source = reg_column_text(st, 7, &failed);
        {
            /* Re-assess at least every review interval (4.4.1): from the
             * run's date plus its interval (runs recorded before intervals
             * were kept: the default). */
            cr_date day;
            char text[11];
            snprintf(text, sizeof text, "%.10s", (const char *)sqlite3_column_text(st, 24));
            int months = sqlite3_column_int(st, 25);
            if (cr_date_parse(text, &day))
                cr_date_format(cr_date_add_months(day, months > 0 ? months
                                                                 : CR_DEFAULT_REVIEW_MONTHS),
                               e->review_by);
        }
        if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
            reg_stamp *sp = &e->stamp;
            sp->valid = true;
            snprintf(sp->context_sha256, sizeof sp->context_sha256, "%s",
                     (const char *)sqlite3_column_text(st, 8));
            int64_t *fields[] = {&sp->service.dev,        &sp->service.ino,
                                 &sp->service.size,       &sp->service.mtime_ns,
                                 &sp->service.ctime_ns,   &sp->checklist.dev,
                                 &sp->checklist.ino,      &sp->checklist.size,
                                 &sp->checklist.mtime_ns, &sp->checklist.ctime_ns,
                                 &sp->decisions.dev,      &sp->decisions.ino,
                                 &sp->decisions.size,     &sp->decisions.mtime_ns,
                                 &sp->decisions.ctime_ns};
            for (int k = 0; k < 15; k++)
                *fields[k] = sqlite3_column_int64(st, 9 + k);
            sp->has_checklist = sqlite3_column_type(st, 14) != SQLITE_NULL;
            sp->has_decisions = sqlite3_column_type(st, 19) != SQLITE_NULL;
        }
        if (failed) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
    }
    if (!s && rc != SQLITE_DONE)
        s = reg_sql_error(reg, rc, "reading the latest runs", err);
    sqlite3_reset(st);
    if (!s && m->n) {
        m->by_source = malloc(m->n * sizeof *m->by_source);
        if (!m->by_source)
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        for (size_t i = 0; !s && i < m->n; i++)
            if (m->by_key[i].source)
                m->by_source[m->n_sources++] = &m->by_key[i];
        if (!s)
            qsort(m->by_source, m->n_sources, sizeof *m->by_source, compare_source);
    }
    if (s)
        latest_map_free(m);
    return s;
}

static const latest_entry *find_by_key(const latest_map *m, const char *key)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->by_key[mid].service_key, key);
        if (c == 0)
            return &m->by_key[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const latest_entry *find_by_source(const latest_map *m, const char *source)
{
    size_t lo = 0, hi = m->n_sources;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m->by_source[mid]->source, source);
        if (c == 0)
            return m->by_source[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- shards --------------------------------------------------------------- */

unsigned cr_batch_shard_of(const char *service_id, unsigned count)
{
    if (count <= 1)
        return 0;
    cr_sha256 h;
    char hex[65];
    cr_sha256_init(&h);
    cr_sha256_update(&h, service_id, strlen(service_id));
    cr_sha256_final_hex(&h, hex);
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        char c = hex[i];
        v = (v << 4) | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return (unsigned)(v % count);
}

/* ---- the workers ----------------------------------------------------------- */

typedef enum slot_kind {
    SLOT_OTHER_SHARD = 0,
    SLOT_SKIPPED = 1,
    SLOT_FAILED = 2,
    SLOT_READY = 3
} slot_kind;

typedef struct slot {
    bool done;
    slot_kind kind;
    char *service_id; /* skipped and ready */
    cr_reg_run run;   /* ready */
    reg_stamp stamp;  /* ready, or skipped with refresh_run_id: the files' fingerprints */
    int64_t refresh_run_id; /* skipped: the latest run, whose stamp to refresh */
    char review_of[11]; /* ready: re-assessed because the latest run's review was due on
                           this date; "" otherwise */
    cr_error err;     /* failed */
    double *trial_losses; /* ready, or skipped with --fleet-loss: for the fleet total */
    uint64_t n_trial_losses;
} slot;

typedef struct driver {
    const cr_batch_options *o;
    const batch_evaluator *ev;
    batch_params params;
    const batch_item *items;
    size_t n_items;
    const latest_map *latest;
    double settle_seconds;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    size_t next;      /* the next item a worker takes */
    size_t committed; /* items the writer has dealt with */
    size_t window;
    slot *ring;
    bool halt;        /* the writer stops the workers (interrupt or fatal error) */
    /* Who sleeps, so that nobody is woken for nothing: in a re-run most
     * services take microseconds, and a wake-up per service would cost more
     * than the services. */
    bool writer_waiting;   /* on done_cv, for slot `committed` */
    unsigned idle_workers; /* on work_cv, for the window to move */
    bool fleet_total; /* services' simulated years are summed for the summary */
} driver;

/* The same simulation settings: the seed, and the trials given, or in
 * precision mode the target and cap the latest run was made to (its trials
 * are then their outcome, the same again for the same inputs). */
/* Precision mode's cap on a service's trials, in whole blocks (as
 * cr_simulate_to_precision takes it); 0 without precision mode. */
static uint64_t batch_precision_cap(const cr_batch_options *o)
{
    if (!(o->precision > 0))
        return 0;
    uint64_t cap = o->max_trials ? o->max_trials : CR_SIM_PRECISION_CAP;
    return cap / CR_SIM_BLOCK_TRIALS * CR_SIM_BLOCK_TRIALS;
}

static bool same_settings(const driver *d, const latest_entry *e)
{
    const batch_params *p = &d->params;
    bool same_trials = p->precision > 0
                           ? e->precision == p->precision && e->max_trials == p->max_trials
                           : e->precision == 0 && e->trials == p->trials;
    return strcmp(e->model_version, d->ev->model_version) == 0 &&
           strcmp(e->criteria_version, d->ev->criteria_version) == 0 &&
           e->seed == p->seed && same_trials;
}

/* The latest run is due for its periodic re-assessment on this batch's date. */
static bool review_due(const driver *d, const latest_entry *e)
{
    return e->review_by[0] && strncmp(d->params.run_time, e->review_by, 10) >= 0;
}

static bool same_configuration(const driver *d, const latest_entry *e, const char *inputs)
{
    return strcmp(e->inputs, inputs) == 0 && same_settings(d, e) && !review_due(d, e);
}

/* ---- file fingerprints ---------------------------------------------------------
 *
 * Hashing every file of a large fleet costs more than anything else in a
 * re-run where little changed.  So each run also records its files'
 * fingerprints (device, inode, size, modification and change time); a file
 * whose fingerprint is unchanged was not written since, and its inputs' hash
 * is the recorded one.  The change time cannot be set back by any user tool
 * (touch, cp -p and rsync -t set the modification time only), so a rewrite
 * always shows.  A file changed less than BATCH_SETTLE_SECONDS before it
 * was fingerprinted is not trusted: file times are kept with a coarse
 * granularity, and a second write within the same tick could leave them as
 * they were (the "racily clean" case version control systems know). */

static int64_t ns_of(struct timespec ts)
{
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool fingerprint(const char *path, reg_file_stamp *out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    out->dev = (int64_t)st.st_dev;
    out->ino = (int64_t)st.st_ino;
    out->size = (int64_t)st.st_size;
    out->mtime_ns = ns_of(st.st_mtim);
    out->ctime_ns = ns_of(st.st_ctim);
    return true;
}

static bool same_file_stamp(const reg_file_stamp *a, const reg_file_stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

static bool settled(const reg_file_stamp *f, double settle_seconds)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t newest = f->mtime_ns > f->ctime_ns ? f->mtime_ns : f->ctime_ns;
    return (double)(ns_of(now) - newest) >= settle_seconds * 1e9;
}

/* Fingerprint an item's files; false when one cannot be read (hashing will
 * then report it). */
static bool fingerprint_item(const driver *d, const batch_item *item, reg_stamp *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->context_sha256, sizeof out->context_sha256, "%s", d->ev->context_sha256);
    out->has_checklist = item->controls_path != NULL;
    out->has_decisions = item->decisions_path != NULL;
    return fingerprint(item->service_path, &out->service) &&
           (!item->controls_path || fingerprint(item->controls_path, &out->checklist)) &&
           (!item->decisions_path || fingerprint(item->decisions_path, &out->decisions));
}

static bool same_stamp(const reg_stamp *a, const reg_stamp *b)
{
    return a->valid && strcmp(a->context_sha256, b->context_sha256) == 0 &&
           same_file_stamp(&a->service, &b->service) && a->has_checklist == b->has_checklist &&
           (!a->has_checklist || same_file_stamp(&a->checklist, &b->checklist)) &&
           a->has_decisions == b->has_decisions &&
           (!a->has_decisions || same_file_stamp(&a->decisions, &b->decisions));
}

static bool in_my_shard(const driver *d, const char *service_id)
{
    return cr_batch_shard_of(service_id, d->o->shard_count) == d->o->shard_index;
}

/* The fingerprint taken before reading stands for what was read only if the
 * files did not change while they were read and had settled before. */
static bool stamp_holds(const driver *d, const batch_item *item, const reg_stamp *before)
{
    reg_stamp after;
    return fingerprint_item(d, item, &after) &&
           same_file_stamp(&before->service, &after.service) &&
           (!item->controls_path || same_file_stamp(&before->checklist, &after.checklist)) &&
           (!item->decisions_path || same_file_stamp(&before->decisions, &after.decisions)) &&
           settled(&before->service, d->settle_seconds) &&
           (!item->controls_path || settled(&before->checklist, d->settle_seconds)) &&
           (!item->decisions_path || settled(&before->decisions, d->settle_seconds));
}

/* Whether a file of the item was added, removed or changed size since the
 * recorded stamp: then its bytes differ, and hashing them first to tell an
 * edited file from a touched one would only delay the parse. */
static bool resized(const reg_stamp *recorded, const reg_stamp *now)
{
    return recorded->valid &&
           (recorded->service.size != now->service.size ||
            recorded->has_checklist != now->has_checklist ||
            (now->has_checklist && recorded->checklist.size != now->checklist.size) ||
            recorded->has_decisions != now->has_decisions ||
            (now->has_decisions && recorded->decisions.size != now->decisions.size));
}

static void fail(slot *out, cr_status status, const char *file, const char *message)
{
    out->kind = SLOT_FAILED;
    cr_error_set(&out->err, status, file, 0, NULL, "%s", message);
}

/* Decide what to do with one service and do it:
 *   1. its file's fingerprint equals that recorded with the latest run from
 *      the same file: unchanged, without reading it;
 *   2. else, when a run from the same file exists, hash the files: the same
 *      inputs' hash means unchanged;
 *   3. else (or when changed) parse it: its id places it in a shard, and a
 *      service moved to another file but unchanged is still recognised;
 *   4. assess it.
 * A service never assessed before from this file is not hashed apart: its
 * inputs' hash comes from the parse, which hashes the bytes it reads. */
static void process(driver *d, const batch_item *item, slot *out)
{
    const batch_evaluator *ev = d->ev;
    if (item->controls_other || item->decisions_other) {
        bool checklists = item->controls_other != NULL;
        cr_error_set(&out->err, CR_ERR_INPUT, item->service_path, 0, NULL,
                     "two %s beside it, %s and %s; expected one (remove the other)",
                     checklists ? "checklists" : "decisions files",
                     checklists ? item->controls_path : item->decisions_path,
                     checklists ? item->controls_other : item->decisions_other);
        out->kind = SLOT_FAILED;
        return;
    }
    char inputs[65] = "";
    char resolved[PATH_MAX];
    const char *source = item->source                                ? item->source
                         : realpath(item->service_path, resolved) ? resolved
                                                                   : item->service_path;
    const latest_entry *e = find_by_source(d->latest, source);
    reg_stamp before;
    bool stamped = fingerprint_item(d, item, &before);
    out->stamp = before;
    /* Hashed apart before parsing: only when that could show the service
     * unchanged (same settings, no file resized), so skip the parse. */
    bool prehashed = false;
    if (stamped && e && same_settings(d, e) && same_stamp(&e->stamp, &before)) {
        memcpy(inputs, e->inputs, sizeof inputs); /* untouched since that run */
        out->stamp.valid = false;                 /* nothing new to record */
    } else if (e && same_settings(d, e) && !(stamped && resized(&e->stamp, &before))) {
        prehashed = true;
        if (ev->inputs_hash(ev->ctx, item, inputs, &out->err) != CR_OK) {
            out->kind = SLOT_FAILED;
            return;
        }
        out->stamp.valid = stamped && stamp_holds(d, item, &before);
        if (out->stamp.valid && same_configuration(d, e, inputs))
            out->refresh_run_id = e->run_id;
    }
    if (e && same_configuration(d, e, inputs)) {
        /* The same bytes as the latest run of e's service: same service id. */
        if (!in_my_shard(d, e->service_key)) {
            out->kind = SLOT_OTHER_SHARD;
            return;
        }
        if (!d->o->force) {
            out->kind = SLOT_SKIPPED;
            if (!(out->service_id = strdup(e->service_key)))
                fail(out, CR_ERR_MEMORY, NULL, "out of memory");
            return;
        }
    }
    void *loaded = NULL;
    const char *service_id = NULL;
    if (ev->load(ev->ctx, item, &loaded, &service_id, &out->err) != CR_OK) {
        out->kind = SLOT_FAILED;
        return;
    }
    if (!prehashed && !(e && same_configuration(d, e, inputs))) {
        ev->loaded_hash(ev->ctx, loaded, inputs);
        out->stamp.valid = stamped && stamp_holds(d, item, &before);
    } else {
        char read[65];
        ev->loaded_hash(ev->ctx, loaded, read);
        if (strcmp(read, inputs) != 0) {
            fail(out, CR_ERR_INPUT, item->service_path,
                 "the file changed while the batch was reading it; run the batch again");
            ev->release(ev->ctx, loaded);
            return;
        }
    }
    if (!in_my_shard(d, service_id)) {
        out->kind = SLOT_OTHER_SHARD;
    } else if (!d->o->force && (e = find_by_key(d->latest, service_id)) != NULL &&
               same_configuration(d, e, inputs)) {
        out->kind = SLOT_SKIPPED; /* moved or renamed, but unchanged */
        out->refresh_run_id = 0;  /* its fingerprint is of another file */
    } else if (ev->evaluate(ev->ctx, loaded, &d->params, &out->run,
                            d->fleet_total ? &out->trial_losses : NULL, &out->err) == CR_OK) {
        out->kind = SLOT_READY;
        out->n_trial_losses = out->run.trials;
        if ((e = find_by_key(d->latest, service_id)) != NULL && review_due(d, e))
            snprintf(out->review_of, sizeof out->review_of, "%s", e->review_by);
        free(out->run.source);
        if (!(out->run.source = strdup(source)))
            fail(out, CR_ERR_MEMORY, NULL, "out of memory");
        else if (strcmp(out->run.inputs_sha256, inputs) != 0)
            cr_error_set(&out->err, CR_ERR_INTERNAL, item->service_path, 0, NULL,
                         "the evaluator's inputs' hash (%.12s...) differs from the one it "
                         "gave for the files (%.12s...)",
                         out->run.inputs_sha256, inputs),
                out->kind = SLOT_FAILED;
    } else {
        out->kind = SLOT_FAILED;
    }
    if (out->kind == SLOT_SKIPPED || out->kind == SLOT_READY) {
        out->service_id = strdup(service_id);
        if (!out->service_id)
            fail(out, CR_ERR_MEMORY, NULL, "out of memory");
    }
    ev->release(ev->ctx, loaded);
}

/* --fleet-loss: simulate a service skipped as unchanged, for the fleet's
 * total only, from the same bytes its latest run was assessed from (so the
 * same years as that run, at the same seed and trials). */
static void skipped_trial_losses(driver *d, const batch_item *item, slot *out)
{
    const batch_evaluator *ev = d->ev;
    const latest_entry *e = find_by_key(d->latest, out->service_id);
    void *loaded = NULL;
    const char *service_id = NULL;
    char read[65];
    if (ev->load(ev->ctx, item, &loaded, &service_id, &out->err) != CR_OK) {
        out->kind = SLOT_FAILED;
        return;
    }
    ev->loaded_hash(ev->ctx, loaded, read);
    if (!e || strcmp(read, e->inputs) != 0)
        fail(out, CR_ERR_INPUT, item->service_path,
             "the file changed while the batch was reading it; run the batch again");
    else if (ev->trial_losses(ev->ctx, loaded, &d->params, &out->trial_losses,
                              &out->n_trial_losses, &out->err))
        out->kind = SLOT_FAILED;
    ev->release(ev->ctx, loaded);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool stop_requested(const driver *d)
{
    return cr_cancel_requested(d->o->stop) != 0;
}

static void *worker(void *arg)
{
    driver *d = arg;
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->halt && d->next < d->n_items && d->next >= d->committed + d->window) {
            d->idle_workers++;
            pthread_cond_wait(&d->work_cv, &d->mu);
            d->idle_workers--;
        }
        if (d->halt || d->next >= d->n_items || stop_requested(d))
            break;
        size_t i = d->next++;
        slot *sl = &d->ring[i % d->window];
        pthread_mutex_unlock(&d->mu);
        process(d, &d->items[i], sl);
        if (sl->kind == SLOT_SKIPPED && d->fleet_total && d->o->fleet_loss)
            skipped_trial_losses(d, &d->items[i], sl);
        pthread_mutex_lock(&d->mu);
        sl->done = true;
        if (d->writer_waiting && i == d->committed)
            pthread_cond_signal(&d->done_cv);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

static void slot_clear(slot *sl)
{
    free(sl->service_id);
    cr_reg_run_clear(&sl->run);
    free(sl->trial_losses);
    memset(sl, 0, sizeof *sl);
}

/* ---- the writer ------------------------------------------------------------- */

typedef struct stamp_refresh {
    int64_t run_id;
    reg_stamp stamp;
} stamp_refresh;

/* The services of this batch, by id: to refuse a second service with an id
 * already seen, and to tell the summary which services make up the fleet.
 * An open-addressing table in memory, because asking SQLite for each of
 * 10,000 services cost more than everything else a re-run does. */
typedef struct service_seen {
    char *service_id; /* NULL: an empty place */
    size_t index;     /* the item it came from */
} service_seen;

typedef struct service_set {
    service_seen *places;
    size_t capacity; /* a power of two, at least twice the count */
    size_t count;
} service_set;

static service_seen *service_set_place(service_set *set, const char *service_id)
{
    size_t mask = set->capacity - 1;
    /* Any well-spread hash will do for ids. */
    size_t start = (size_t)cr_fnv1a64(CR_FNV1A64_OFFSET, service_id, strlen(service_id));
    for (size_t at = start & mask;; at = (at + 1) & mask) {
        service_seen *p = &set->places[at];
        if (!p->service_id || strcmp(p->service_id, service_id) == 0)
            return p;
    }
}

static bool service_set_grow(service_set *set)
{
    size_t capacity = set->capacity ? set->capacity * 2 : 1024;
    service_set grown = {calloc(capacity, sizeof *grown.places), capacity, set->count};
    if (!grown.places)
        return false;
    for (size_t i = 0; i < set->capacity; i++)
        if (set->places[i].service_id)
            *service_set_place(&grown, set->places[i].service_id) = set->places[i];
    free(set->places);
    *set = grown;
    return true;
}

/* Add an id; when it is there already, *earlier is the item it came from
 * and the set is unchanged.  False only when out of memory. */
static bool service_set_add(service_set *set, const char *service_id, size_t index,
                            bool *duplicate, size_t *earlier)
{
    *duplicate = false;
    if (2 * (set->count + 1) > set->capacity && !service_set_grow(set))
        return false;
    service_seen *p = service_set_place(set, service_id);
    if (p->service_id) {
        *duplicate = true;
        *earlier = p->index;
        return true;
    }
    if (!(p->service_id = strdup(service_id)))
        return false;
    p->index = index;
    set->count++;
    return true;
}

static void service_set_free(service_set *set)
{
    for (size_t i = 0; i < set->capacity; i++)
        free(set->places[i].service_id);
    free(set->places);
    memset(set, 0, sizeof *set);
}

typedef struct writer {
    cr_register *reg;
    service_set services;
    batch_change *changes;
    size_t n_changes;
    stamp_refresh *refreshes;   /* fingerprints of unchanged services to record */
    double group_begun;         /* when the open group transaction began */
    cr_batch_stats at_group_begin; /* the counts before the open group's runs */
    size_t n_refreshes;
    cr_status first_failure;
    fleet_trials fleet;         /* the fleet's total per simulated year, in fleet order */
} writer;

static void writer_open(writer *w, cr_register *reg)
{
    memset(w, 0, sizeof *w);
    w->reg = reg;
}

static void writer_close(writer *w)
{
    service_set_free(&w->services);
    for (size_t i = 0; i < w->n_changes; i++) {
        free(w->changes[i].service_id);
        cr_reg_change_clear(&w->changes[i].change);
    }
    free(w->changes);
    free(w->refreshes);
    fleet_trials_free(&w->fleet);
}

/* The fleet summary aggregates in SQL over temp.batch_services: the
 * services of this batch, in fleet order.  Filled once, at the end, in one
 * transaction (of the temporary database only: no lock on the register). */
static cr_status write_batch_services(writer *w, cr_error *err)
{
    cr_status s = reg_exec(w->reg,
                           "DROP TABLE IF EXISTS temp.batch_services;"
                           "CREATE TEMP TABLE batch_services ("
                           "  service_key TEXT PRIMARY KEY, ord INTEGER NOT NULL);"
                           "BEGIN",
                           "listing the services of the batch", err);
    if (s)
        return s;
    sqlite3_stmt *add = NULL;
    int rc = sqlite3_prepare_v2(reg_db(w->reg),
                                "INSERT INTO temp.batch_services (service_key, ord) VALUES (?1, ?2)",
                                -1, &add, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < w->services.capacity; i++) {
        const service_seen *p = &w->services.places[i];
        if (!p->service_id)
            continue;
        sqlite3_bind_text(add, 1, p->service_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(add, 2, (sqlite3_int64)p->index);
        rc = sqlite3_step(add);
        sqlite3_reset(add);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(add);
    if (rc != SQLITE_OK) {
        s = reg_sql_error(w->reg, rc, "listing the services of the batch", err);
        reg_rollback(w->reg);
        return s;
    }
    return reg_exec(w->reg, "COMMIT", "listing the services of the batch", err);
}

/* Fingerprints of services found unchanged by hashing (say, touched but not
 * edited), recorded together at the end so that the next batch need not hash
 * them.  Losing them (a crash) only costs that hashing. */
static cr_status write_refreshes(writer *w, cr_error *err)
{
    if (w->n_refreshes == 0)
        return CR_OK;
    cr_status s = reg_begin_write(w->reg, err);
    for (size_t i = 0; !s && i < w->n_refreshes; i++)
        s = reg_write_stamp(w->reg, w->refreshes[i].run_id, &w->refreshes[i].stamp, err);
    if (!s)
        return reg_commit(w->reg, err);
    reg_rollback(w->reg);
    return s;
}

/* The open group's runs are in the register only once it commits.  When
 * the commit fails (a full disk) they are not, and the counts must not say
 * they are: they are counted as failed, not assessed. */
static cr_status commit_group(writer *w, cr_batch_stats *stats, cr_error *err)
{
    if (!reg_group_open(w->reg))
        return CR_OK;
    cr_status s = reg_group_commit(w->reg, err);
    if (s) {
        const cr_batch_stats *b = &w->at_group_begin;
        stats->failed += (stats->assessed - b->assessed) + (stats->current - b->current);
        stats->assessed = b->assessed;
        stats->changed = b->changed;
        stats->current = b->current;
        stats->stale_approvals = b->stale_approvals;
        stats->approvals_recorded = b->approvals_recorded;
        stats->approvals_on_record = b->approvals_on_record;
        stats->stale_decisions = b->stale_decisions;
    }
    return s;
}

static void report_failure(const driver *d, writer *w, const batch_item *item, cr_error *err,
                           cr_batch_stats *stats)
{
    stats->failed++;
    if (!err->file[0])
        snprintf(err->file, sizeof err->file, "%s", item->service_path);
    if (d->o->errors) {
        if (d->o->progress)
            d->o->progress(d->o->progress_user, 0, 0); /* erase the progress line */
        char text[2048];
        cr_error_format(err, text, sizeof text);
        fprintf(d->o->errors, "cloudrisk: %s\n", text);
    }
    if (w->first_failure == CR_OK)
        w->first_failure = err->status ? err->status : CR_ERR_INTERNAL;
}

/* Note a service of this batch; false (and err filled) when the fleet already
 * had a service with this id. */
static bool note_service(const driver *d, writer *w, size_t index, const char *service_id,
                         cr_error *err)
{
    bool duplicate;
    size_t earlier = 0;
    if (!service_set_add(&w->services, service_id, index, &duplicate, &earlier)) {
        cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        return false;
    }
    if (!duplicate)
        return true;
    cr_error_set(err, CR_ERR_INPUT, d->items[index].service_path, 0, "$.id",
                 "service id \"%s\" is also the id of %s; each service of a fleet needs its "
                 "own id",
                 service_id, d->items[earlier].service_path);
    return false;
}

static bool is_change(const cr_reg_change *c)
{
    for (size_t i = 0; i < c->n_risk_changes; i++)
        if (c->risk_changes[i].inherent_from || c->risk_changes[i].residual_from)
            return true;
    return c->n_opened || c->n_closed || c->loss_significant || c->n_stale;
}

/* Precision mode: the trials the service took, and whether it ran to the cap. */
static void report_precision(FILE *out, const cr_reg_run *run)
{
    if (!(run->precision > 0))
        return;
    fprintf(out, "         precision %g%%: %llu trials", 100.0 * run->precision,
            (unsigned long long)run->trials);
    if (run->trials >= run->max_trials)
        fputs(", the cap: the target may not be met (raise --max-trials)", out);
    fputc('\n', out);
}

static void report_run(FILE *out, const cr_reg_run *run, const cr_reg_change *c)
{
    if (!out)
        return;
    char levels[256];
    reg_level_counts(run, levels, sizeof levels);
    if (c->run_a == 0) {
        fprintf(out, "new      %s: run %lld; residual %s; %zu gaps", run->service_id,
                (long long)run->id, levels, run->n_gaps);
        if (run->residual_total.years > 0)
            fprintf(out, "; expected annual loss %.0f (SE %.0f)", run->residual_total.mean,
                    run->residual_total.mean_se);
        fputc('\n', out);
        report_precision(out, run);
        return;
    }
    fprintf(out, "%s %s: run %lld -> %lld\n", is_change(c) ? "changed " : "same    ",
            run->service_id, (long long)c->run_a, (long long)run->id);
    report_precision(out, run);
    reg_change_print_text(c, out);
}

/* What became of the service's decisions: recorded, already on record, or
 * stale and not recorded. */
static void report_decisions(FILE *out, const cr_reg_run *run, cr_batch_stats *stats)
{
    for (size_t i = 0; i < run->n_approvals; i++) {
        const cr_reg_approval *a = &run->approvals[i];
        if (a->stale_reason)
            stats->stale_decisions++;
        else if (a->run_id == run->id)
            stats->approvals_recorded++;
        else
            stats->approvals_on_record++;
        if (!out)
            continue;
        if (a->stale_reason)
            fprintf(out, "  decision not recorded, stale: %s %s by %s on %s (%s)\n", a->subject,
                    a->decision, a->approver, a->decided_on, a->stale_reason);
        else if (a->run_id == run->id)
            fprintf(out, "  decision %lld recorded: %s %s by %s on %s\n", (long long)a->id,
                    a->subject, a->decision, a->approver, a->decided_on);
        else
            fprintf(out, "  decision %lld already on record (run %lld): %s %s by %s on %s\n",
                    (long long)a->id, (long long)a->run_id, a->subject, a->decision,
                    a->approver, a->decided_on);
    }
}

static cr_status commit_slot(driver *d, writer *w, size_t index, slot *sl,
                             cr_batch_stats *stats, cr_error *err)
{
    const batch_item *item = &d->items[index];
    switch (sl->kind) {
    case SLOT_OTHER_SHARD:
        return CR_OK;
    case SLOT_FAILED:
        /* Counted in this shard: a service that could not be read has no id
         * to place it elsewhere, and every shard reports it. */
        stats->in_shard++;
        report_failure(d, w, item, &sl->err, stats);
        return CR_OK;
    case SLOT_SKIPPED:
    case SLOT_READY:
        break;
    }
    stats->in_shard++;
    if (!note_service(d, w, index, sl->service_id, &sl->err)) {
        if (sl->err.status != CR_ERR_INPUT) {
            *err = sl->err;
            return err->status;
        }
        report_failure(d, w, item, &sl->err, stats);
        return CR_OK;
    }
    /* Here, in fleet order, and only for services the summary counts. */
    if (sl->trial_losses && d->fleet_total) {
        cr_status s = fleet_trials_add(&w->fleet, sl->trial_losses, sl->n_trial_losses, err);
        if (s)
            return s;
    }
    if (sl->kind == SLOT_SKIPPED) {
        stats->skipped++;
        if (sl->refresh_run_id) {
            stamp_refresh *grown =
                realloc(w->refreshes, (w->n_refreshes + 1) * sizeof *grown);
            if (!grown)
                return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            w->refreshes = grown;
            w->refreshes[w->n_refreshes++] = (stamp_refresh){sl->refresh_run_id, sl->stamp};
        }
        return CR_OK;
    }
    /* A review due is recorded even when nothing changed. */
    cr_reg_record_options options = {d->o->force || sl->review_of[0], d->o->materiality};
    cr_reg_outcome outcome;
    cr_reg_change change;
    cr_status s = CR_OK;
    if (!reg_group_open(w->reg)) {
        s = reg_group_begin(w->reg, err);
        w->group_begun = seconds_now();
        w->at_group_begin = *stats;
    }
    if (!s)
        s = reg_record_run_stamped(w->reg, &sl->run, &options, &sl->stamp, &outcome, &change,
                                   err);
    if (s) {
        stats->failed++; /* this service's run is not recorded */
        return s;        /* the register failed: stop the batch */
    }
    if (seconds_now() - w->group_begun >= BATCH_GROUP_SECONDS) {
        /* Count this run in the group before the commit decides its fate. */
        cr_status c = commit_group(w, stats, err);
        if (c) {
            stats->failed++;
            if (outcome != CR_REG_ALREADY_CURRENT)
                cr_reg_change_clear(&change);
            return c;
        }
    }
    if (outcome == CR_REG_ALREADY_CURRENT) {
        stats->current++;
        return CR_OK;
    }
    stats->assessed++;
    stats->stale_approvals += change.n_stale;
    if (d->o->report && d->o->progress)
        d->o->progress(d->o->progress_user, 0, 0); /* erase the progress line */
    report_run(d->o->report, &sl->run, &change);
    if (sl->review_of[0] && d->o->report)
        fprintf(d->o->report,
                "  re-assessed: its periodic review was due on %s (every %d months)\n",
                sl->review_of,
                sl->run.review_interval_months > 0 ? sl->run.review_interval_months
                                                   : CR_DEFAULT_REVIEW_MONTHS);
    report_decisions(d->o->report, &sl->run, stats);
    if (change.run_a == 0 || !is_change(&change)) {
        cr_reg_change_clear(&change);
        return CR_OK;
    }
    stats->changed++;
    batch_change *grown = realloc(w->changes, (w->n_changes + 1) * sizeof *grown);
    char *id = strdup(sl->service_id);
    if (!grown || !id) {
        free(id);
        if (grown)
            w->changes = grown;
        cr_reg_change_clear(&change);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    w->changes = grown;
    w->changes[w->n_changes].service_id = id;
    w->changes[w->n_changes].change = change;
    w->n_changes++;
    return CR_OK;
}

static bool slot_done(driver *d, size_t index)
{
    pthread_mutex_lock(&d->mu);
    bool done = d->ring[index % d->window].done;
    pthread_mutex_unlock(&d->mu);
    return done;
}

/* Wait for slot `index` to be done; false when the batch was stopped
 * first.  The stop flag is set by a signal handler, which cannot signal a
 * condition variable, so the wait wakes up to look at it. */
static bool wait_for(driver *d, size_t index)
{
    slot *sl = &d->ring[index % d->window];
    pthread_mutex_lock(&d->mu);
    while (!sl->done && !stop_requested(d)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 50 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        d->writer_waiting = true;
        pthread_cond_timedwait(&d->done_cv, &d->mu, &until);
        d->writer_waiting = false;
    }
    bool done = sl->done && !stop_requested(d);
    pthread_mutex_unlock(&d->mu);
    return done;
}

static void halt_workers(driver *d, pthread_t *threads, unsigned n_threads)
{
    pthread_mutex_lock(&d->mu);
    d->halt = true;
    pthread_cond_broadcast(&d->work_cv);
    pthread_mutex_unlock(&d->mu);
    for (unsigned t = 0; t < n_threads; t++)
        pthread_join(threads[t], NULL);
}

/* ---- opening the evaluator meanwhile ----------------------------------------- */

typedef struct opener {
    batch_open_fn open;
    void *arg;
    batch_evaluator *ev;
    cr_status status;
    cr_error err;
} opener;

static void *open_evaluator(void *arg)
{
    opener *op = arg;
    op->status = op->open(op->arg, op->ev, &op->err);
    return NULL;
}

/* The register opened and its latest runs read, on a thread of their own. */
typedef struct reader {
    const char *db_path;
    bool absent; /* no register yet: created once there is something to record */
    cr_register *reg;
    latest_map latest;
    cr_status status;
    cr_error err;
} reader;

static void *read_register(void *arg)
{
    reader *rd = arg;
    struct stat st;
    if (stat(rd->db_path, &st) != 0 && errno == ENOENT) {
        rd->absent = true;
        return NULL;
    }
    rd->status = cr_register_open(rd->db_path, CR_REGISTER_CREATE, &rd->reg, &rd->err);
    if (!rd->status)
        rd->status = latest_map_load(rd->reg, &rd->latest, &rd->err);
    return NULL;
}

cr_status batch_run_with(const cr_batch_options *o, const batch_evaluator *ev,
                         const batch_tuning *tuning, cr_batch_stats *stats, cr_error *err)
{
    /* Without an opener the evaluator is only read: the cast writes nothing. */
    return batch_run_opening(o, NULL, NULL, (batch_evaluator *)ev, tuning, stats, err);
}

cr_status batch_run_opening(const cr_batch_options *o, batch_open_fn open, void *open_arg,
                            batch_evaluator *ev, const batch_tuning *tuning,
                            cr_batch_stats *stats, cr_error *err)
{
    memset(stats, 0, sizeof *stats);
    if (o->shard_count == 0 || o->shard_index >= o->shard_count)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "shard %u/%u: expected I/N with 0 <= I < N", o->shard_index,
                            o->shard_count);
    if (!cr_reg_time_valid(o->run_time))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "run time '%s': expected YYYY-MM-DDTHH:MM:SSZ (UTC)",
                            o->run_time ? o->run_time : "");
    if (o->precision != 0.0 || o->max_trials != 0) {
        /* The one check of a target and cap (simulate.h), as simulate and
         * plan make it. */
        cr_status ps = cr_sim_precision_check(
            o->precision, o->max_trials ? o->max_trials : CR_SIM_PRECISION_CAP, err);
        if (ps)
            return ps;
        if (o->trials == 0)
            return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                "precision: expected a simulated batch (trials > 0)");
    }
    /* Three independent pieces of the start, each on a thread: the
     * evaluator (model and catalogue) loads, the register's latest runs are
     * read, and this thread lists the fleet.  In a re-run where little
     * changed the start is most of the time. */
    opener op = {open, open_arg, ev, CR_OK, {0}};
    pthread_t open_thread;
    bool open_threaded = open && pthread_create(&open_thread, NULL, open_evaluator, &op) == 0;
    if (open && !open_threaded)
        open_evaluator(&op);
    reader rd;
    memset(&rd, 0, sizeof rd);
    rd.db_path = o->db_path;
    pthread_t read_thread;
    bool read_threaded = pthread_create(&read_thread, NULL, read_register, &rd) == 0;
    if (!read_threaded)
        read_register(&rd);
    batch_item *items = NULL;
    size_t n_items = 0;
    cr_status s = batch_list(o->input, &items, &n_items, err);
    stats->listed = n_items;
    if (read_threaded)
        pthread_join(read_thread, NULL);
    if (open_threaded)
        pthread_join(open_thread, NULL);
    cr_register *reg = rd.reg;
    latest_map latest = rd.latest;
    if (!s && rd.status) {
        s = rd.status;
        *err = rd.err;
    }
    if (!s && op.status) {
        s = op.status;
        *err = op.err;
    }
    if (!s && o->fleet_loss && !(o->trials > 0 && o->summary_dir && ev->trial_losses))
        s = cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                         "--fleet-loss: expected a simulated batch (trials > 0) with a "
                         "summary directory");
    /* A new register is created only now that the fleet is listed and the
     * model loaded: a batch refused at its start leaves no empty file. */
    if (!s && rd.absent) {
        s = cr_register_open(o->db_path, CR_REGISTER_CREATE, &reg, err);
        if (!s)
            s = latest_map_load(reg, &latest, err);
    }
    writer w;
    writer_open(&w, reg);
    /* Precision mode: each service's own trials (the total keeps the years
     * they all have). */
    if (!s && o->trials > 0 && o->summary_dir)
        s = fleet_trials_init(&w.fleet, o->precision > 0 ? 0 : o->trials, err);
    if (s) {
        writer_close(&w);
        latest_map_free(&latest);
        cr_register_close(reg);
        batch_items_free(items, n_items);
        return s;
    }

    unsigned jobs = o->jobs ? o->jobs : 1;
    driver d;
    memset(&d, 0, sizeof d);
    d.o = o;
    d.ev = ev;
    d.params = (batch_params){o->trials,    o->seed,      o->run_time,
                              o->assessor,  o->precision, batch_precision_cap(o)};
    d.items = items;
    d.n_items = n_items;
    d.latest = &latest;
    d.settle_seconds = tuning ? tuning->settle_seconds : BATCH_SETTLE_SECONDS;
    d.fleet_total = o->trials > 0 && o->summary_dir != NULL;
    /* A wide window lets the workers spread over the few services of a
     * re-run that need assessing, which may lie hundreds apart in the fleet
     * (with a dozen slots, measured, one worker did nearly all the work).  It
     * holds at most this many runs in memory, a few kilobytes each; when the
     * services' simulated years are kept for the fleet's total, each slot
     * may hold `trials` doubles too, and the window is cut to keep those
     * within BATCH_TRIALS_MEMORY (but never under a few slots per worker). */
    size_t window = 384 * (size_t)jobs;
    if (window > 4096)
        window = 4096;
    if (d.fleet_total) {
        uint64_t most = o->precision > 0 ? d.params.max_trials : o->trials;
        size_t by_memory = BATCH_TRIALS_MEMORY / ((size_t)most * sizeof(double));
        if (window > by_memory)
            window = by_memory;
    }
    size_t least = 4 * (size_t)jobs + 4;
    d.window = window > least ? window : least;
    d.ring = calloc(d.window, sizeof *d.ring);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    unsigned started = 0;
    pthread_mutex_init(&d.mu, NULL);
    pthread_cond_init(&d.work_cv, NULL);
    pthread_cond_init(&d.done_cv, NULL);
    if (!d.ring || !threads)
        s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    for (; !s && started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &d) != 0)
            break;
    if (!s && started == 0)
        s = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "cannot start a worker thread");

    bool interrupted = false;
    for (size_t i = 0; !s && i < n_items; i++) {
        /* The runs of the open group are committed before the writer
         * sleeps: the lock is never held while nothing is being written. */
        if (reg_group_open(reg) && !slot_done(&d, i))
            s = commit_group(&w, stats, err);
        if (s)
            break;
        if (!wait_for(&d, i)) {
            interrupted = true;
            break;
        }
        slot *sl = &d.ring[i % d.window];
        s = commit_slot(&d, &w, i, sl, stats, err);
        pthread_mutex_lock(&d.mu);
        slot_clear(sl);
        d.committed = i + 1;
        if (d.idle_workers)
            pthread_cond_broadcast(&d.work_cv);
        pthread_mutex_unlock(&d.mu);
        if (!s && o->progress && o->progress(o->progress_user, i + 1, n_items) != 0) {
            interrupted = i + 1 < n_items;
            break;
        }
    }
    halt_workers(&d, threads, started);
    for (size_t k = 0; d.ring && k < d.window; k++)
        slot_clear(&d.ring[k]);
    /* Every run of the open group is whole (a failed one was undone to its
     * savepoint): keep them, whatever stopped the loop. */
    if (reg_group_open(reg)) {
        cr_error group_err;
        cr_status gs = commit_group(&w, stats, &group_err);
        if (!s && gs) {
            s = gs;
            *err = group_err;
        }
    }

    if (!s && !interrupted)
        s = write_refreshes(&w, err);
    if (!s && interrupted)
        s = cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                         "interrupted after %zu of %zu services; what was recorded stays, and "
                         "the next batch carries on from there",
                         d.committed, n_items);
    if (!s && o->summary_dir)
        s = write_batch_services(&w, err);
    if (!s && o->summary_dir) {
        fleet_summary summary;
        s = fleet_summary_build(reg, &summary, err);
        if (!s) {
            summary.model_version = ev->model_version;
            summary.criteria_version = ev->criteria_version;
            summary.currency = ev->currency;
            summary.run_time = o->run_time;
            summary.seed = o->seed;
            summary.trials = o->trials;
            summary.precision = o->precision;
            summary.max_trials = d.params.max_trials;
            summary.shard_index = o->shard_index;
            summary.shard_count = o->shard_count;
            summary.stats = *stats;
            summary.changes = w.changes;
            summary.n_changes = w.n_changes;
            summary.fleet_loss_asked = o->fleet_loss;
            summary.ja = o->summary_japanese;
            summary.criteria = ev->criteria;
            s = fleet_summary_pending(reg, &summary, err);
        }
        fleet_total_loss total;
        if (!s && w.fleet.services > 0) {
            s = fleet_total_loss_compute(&w.fleet, ev->appetite_annual_loss, &total, err);
            summary.annual_total = &total;
        }
        if (!s)
            s = fleet_summary_write_dir(&summary, o->summary_dir, o->stop, err);
        fleet_summary_free(&summary);
    }
    if (!s && w.first_failure)
        s = cr_error_set(err, w.first_failure, NULL, 0, NULL,
                         "%zu of %zu services could not be assessed (see the messages above)%s",
                         stats->failed, n_items,
                         stats->failed < stats->in_shard ? "; the others are recorded" : "");
    pthread_cond_destroy(&d.work_cv);
    pthread_cond_destroy(&d.done_cv);
    pthread_mutex_destroy(&d.mu);
    free(threads);
    free(d.ring);
    writer_close(&w);
    latest_map_free(&latest);
    cr_register_close(reg);
    batch_items_free(items, n_items);
    return s;
}
