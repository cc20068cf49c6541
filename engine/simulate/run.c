/*
 * run.c -- cr_simulate(): risks one after another, the trials of each risk
 * shared out to threads block by block, then each risk summarised.
 *
 * Memory stays at three arrays of `trials` doubles whatever the number of
 * risks: the current risk's years (y), the running total per trial (total),
 * and the sort's scratch.  A block's trials are simulated by one thread, which
 * also adds them into the total, so no two threads touch the same element.
 * Which thread takes which block does not matter: a block's numbers come only
 * from its own streams (stream.c), and every sum is taken in a fixed order
 * (the total over risks in portfolio order, each summary over the sorted
 * sample), hence the same bytes for any thread count.
 *
 * Threads: the caller's thread and up to threads-1 workers, kept for the
 * whole run.  The caller opens each risk's phase by bumping a phase number
 * under a mutex and waits, after doing its own share, until every worker has
 * finished the phase.  Only the caller's thread calls the progress function.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"
#include "simulate/year.h"

#define MAX_THREADS 256

typedef struct run {
    const cr_portfolio *portfolio;
    const cr_sim_options *options;
    uint64_t trials, n_blocks;
    double *y, *total;
    /* the current phase */
    const cr_risk_sampler *risk; /* the risk of the current phase */
    atomic_uint_fast64_t next_block;
    atomic_uint_fast64_t done;      /* risk-trials finished in all phases */
    atomic_bool cancelled;
    /* phase hand-over, under `lock` */
    pthread_mutex_t lock;
    pthread_cond_t opened, finished;
    uint64_t phase;       /* bumped to open a phase */
    unsigned busy;        /* workers still in the current phase */
    bool quit;
} run;

typedef struct worker {
    run *run;
    cr_year_workspace *space; /* owned; large (two blocks of multipliers) */
    pthread_t thread;
} worker;

void cr_sim_options_default(cr_sim_options *o)
{
    memset(o, 0, sizeof *o);
    o->trials = CR_SIM_DEFAULT_TRIALS;
    o->seed = 1;
    o->threads = 0;
    o->appetite = NAN;
}

/* Take blocks of the current risk until none are left. */
static void work_phase(worker *w, bool caller)
{
    run *r = w->run;
    const cr_sim_options *o = r->options;
    uint64_t total_work = (uint64_t)r->portfolio->n_risks * r->trials;
    for (;;) {
        if (atomic_load(&r->cancelled))
            return;
        uint64_t b = atomic_fetch_add(&r->next_block, 1);
        if (b >= r->n_blocks)
            return;
        uint64_t first = b * CR_SIM_BLOCK_TRIALS;
        size_t count = (size_t)(r->trials - first < CR_SIM_BLOCK_TRIALS ? r->trials - first
                                                                        : CR_SIM_BLOCK_TRIALS);
        double *y = r->y + first, *total = r->total + first;
        cr_sim_year_block(r->risk, o->seed, b, count, w->space, y);
        for (size_t t = 0; t < count; t++)
            total[t] += y[t];
        uint64_t done = atomic_fetch_add(&r->done, count) + count;
        if (caller && o->progress && o->progress(o->progress_user, done, total_work) != 0)
            atomic_store(&r->cancelled, true);
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    run *r = w->run;
    uint64_t seen = 0;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (!r->quit && r->phase == seen)
            pthread_cond_wait(&r->opened, &r->lock);
        bool quit = r->quit;
        seen = r->phase;
        pthread_mutex_unlock(&r->lock);
        if (quit)
            return NULL;
        work_phase(w, false);
        pthread_mutex_lock(&r->lock);
        if (--r->busy == 0)
            pthread_cond_signal(&r->finished);
        pthread_mutex_unlock(&r->lock);
    }
}

/* Run the current risk's phase on the caller and `helpers` workers. */
static void run_phase(run *r, worker *caller, unsigned helpers)
{
    if (helpers > 0) {
        pthread_mutex_lock(&r->lock);
        r->busy = helpers;
        r->phase++;
        pthread_cond_broadcast(&r->opened);
        pthread_mutex_unlock(&r->lock);
    }
    work_phase(caller, true);
    if (helpers > 0) {
        pthread_mutex_lock(&r->lock);
        while (r->busy > 0)
            pthread_cond_wait(&r->finished, &r->lock);
        pthread_mutex_unlock(&r->lock);
    }
}

static unsigned thread_count(const cr_sim_options *o, uint64_t n_blocks)
{
    long cores = o->threads ? (long)o->threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        cores = 1;
    if (cores > MAX_THREADS)
        cores = MAX_THREADS;
    if ((uint64_t)cores > n_blocks)
        cores = (long)n_blocks;
    return (unsigned)cores;
}

void cr_sim_result_clear(cr_sim_result *result)
{
    if (!result)
        return;
    free(result->risks);
    free(result->trial_totals);
    memset(result, 0, sizeof *result);
}

static cr_status check_options(const cr_sim_options *o, cr_error *err)
{
    if (o->trials < 1 || o->trials > CR_SIM_MAX_TRIALS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "trials: expected 1 to %u, got %llu", CR_SIM_MAX_TRIALS,
                            (unsigned long long)o->trials);
    if (!isnan(o->appetite) && !(o->appetite >= 0.0 && isfinite(o->appetite)))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "risk appetite: expected a finite amount >= 0, got %g",
                            o->appetite);
    return CR_OK;
}

cr_status cr_simulate(const cr_portfolio *p, const cr_sim_options *o, cr_sim_result *result,
                      cr_error *err)
{
    memset(result, 0, sizeof *result);
    cr_status st = check_options(o, err);
    if (st == CR_OK)
        st = cr_portfolio_validate(p, err);
    if (st != CR_OK)
        return st;

    run r;
    memset(&r, 0, sizeof r);
    r.portfolio = p;
    r.options = o;
    r.trials = o->trials;
    r.n_blocks = (o->trials + CR_SIM_BLOCK_TRIALS - 1) / CR_SIM_BLOCK_TRIALS;
    atomic_init(&r.next_block, 0);
    atomic_init(&r.done, 0);
    atomic_init(&r.cancelled, false);
    unsigned n_threads = thread_count(o, r.n_blocks);

    size_t n = (size_t)o->trials;
    r.y = malloc(n * sizeof *r.y);
    r.total = calloc(n, sizeof *r.total);
    double *scratch = malloc(n * sizeof *scratch);
    worker *workers = calloc(n_threads, sizeof *workers);
    result->risks = calloc(p->n_risks ? p->n_risks : 1, sizeof *result->risks);
    if (!r.y || !r.total || !scratch || !workers || !result->risks)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                          "out of memory for %llu trials (about %llu MB needed)",
                          (unsigned long long)o->trials,
                          (unsigned long long)(3 * n * sizeof(double) >> 20));
    for (unsigned i = 0; st == CR_OK && i < n_threads; i++) {
        workers[i].run = &r;
        workers[i].space = malloc(sizeof *workers[i].space);
        if (!workers[i].space)
            st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        else if ((st = cr_year_workspace_init(workers[i].space, err)) != CR_OK) {
            free(workers[i].space);
            workers[i].space = NULL;
        }
    }

    /* A worker that cannot be started only means fewer threads. */
    unsigned started = 0;
    bool sync = false;
    if (st == CR_OK && n_threads > 1) {
        sync = pthread_mutex_init(&r.lock, NULL) == 0;
        if (sync && pthread_cond_init(&r.opened, NULL) != 0) {
            pthread_mutex_destroy(&r.lock);
            sync = false;
        }
        if (sync && pthread_cond_init(&r.finished, NULL) != 0) {
            pthread_cond_destroy(&r.opened);
            pthread_mutex_destroy(&r.lock);
            sync = false;
        }
        for (unsigned i = 1; sync && i < n_threads; i++) {
            if (pthread_create(&workers[1 + started].thread, NULL, worker_main,
                               &workers[1 + started]) == 0)
                started++;
        }
    }

    for (size_t k = 0; st == CR_OK && k < p->n_risks; k++) {
        cr_risk_sampler rs;
        st = cr_risk_sampler_init(&rs, p->scope, &p->risks[k], err);
        if (st != CR_OK)
            break;
        r.risk = &rs;
        atomic_store(&r.next_block, 0);
        run_phase(&r, &workers[0], started);
        r.risk = NULL;
        cr_risk_sampler_free(&rs);
        if (atomic_load(&r.cancelled)) {
            st = cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                              "simulation stopped before it finished");
            break;
        }
        cr_sim_risk_result *rr = &result->risks[k];
        memcpy(rr->id, p->risks[k].id, sizeof rr->id);
        cr_summarise(r.y, n, scratch, o->appetite, &rr->stats);
        rr->stats.expected = cr_sim_risk_expected_loss(&p->risks[k]);
    }

    if (sync) {
        pthread_mutex_lock(&r.lock);
        r.quit = true;
        pthread_cond_broadcast(&r.opened);
        pthread_mutex_unlock(&r.lock);
        for (unsigned i = 1; i <= started; i++)
            pthread_join(workers[i].thread, NULL);
        pthread_cond_destroy(&r.finished);
        pthread_cond_destroy(&r.opened);
        pthread_mutex_destroy(&r.lock);
    }

    if (st == CR_OK) {
        result->trials = o->trials;
        result->seed = o->seed;
        result->appetite = o->appetite;
        result->n_risks = p->n_risks;
        /* Summarising sorts its sample: when the caller keeps the totals in
         * trial order, summarise a copy in y (free now that every risk is
         * done) and hand the totals' array itself over. */
        double *sample = r.total;
        if (o->keep_trial_totals) {
            memcpy(r.y, r.total, n * sizeof *r.y);
            sample = r.y;
            result->trial_totals = r.total;
            r.total = NULL;
        }
        cr_summarise(sample, n, scratch, o->appetite, &result->total);
        result->total.expected = cr_portfolio_expected_loss(p);
        result->total.share = result->total.mean > 0.0 ? 1.0 : 0.0;
        for (size_t k = 0; k < p->n_risks; k++)
            result->risks[k].stats.share = result->total.mean > 0.0
                                               ? result->risks[k].stats.mean / result->total.mean
                                               : 0.0;
    }
    for (unsigned i = 0; workers && i < n_threads; i++) {
        if (workers[i].space) {
            cr_year_workspace_free(workers[i].space);
            free(workers[i].space);
        }
    }
    free(workers);
    free(scratch);
    free(r.y);
    free(r.total);
    if (st != CR_OK)
        cr_sim_result_clear(result);
    return st;
}
