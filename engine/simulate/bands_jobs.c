/*
 * bands_jobs.c -- independent jobs on a few threads; see bands_jobs.h.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <unistd.h>

#include "simulate/bands_jobs.h"

#define MAX_JOB_THREADS 64

typedef struct pool {
    size_t n;
    cr_job_fn fn;
    void *ctx;
    atomic_size_t next, done;
    atomic_bool stop;
} pool;

typedef struct seat {
    pool *pool;
    unsigned index;
    pthread_t thread;
} seat;

unsigned cr_jobs_threads(unsigned asked, size_t jobs)
{
    long n = asked ? (long)asked : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > MAX_JOB_THREADS)
        n = MAX_JOB_THREADS;
    if ((size_t)n > jobs)
        n = jobs ? (long)jobs : 1;
    return (unsigned)n;
}

static void take_jobs(seat *s, cr_sim_progress_fn progress, void *user)
{
    pool *p = s->pool;
    for (;;) {
        if (atomic_load(&p->stop))
            return;
        size_t j = atomic_fetch_add(&p->next, 1);
        if (j >= p->n)
            return;
        p->fn(p->ctx, s->index, j);
        size_t done = atomic_fetch_add(&p->done, 1) + 1;
        if (progress && progress(user, done, p->n) != 0)
            atomic_store(&p->stop, true);
    }
}

static void *seat_main(void *arg)
{
    take_jobs(arg, NULL, NULL);
    return NULL;
}

cr_status cr_jobs_run(size_t n, unsigned threads, cr_job_fn fn, void *ctx,
                      cr_sim_progress_fn progress, void *progress_user, cr_error *err)
{
    pool p = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    atomic_init(&p.stop, false);
    if (threads < 1)
        threads = 1;
    if (threads > MAX_JOB_THREADS)
        threads = MAX_JOB_THREADS;
    seat seats[MAX_JOB_THREADS];
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        seats[1 + started].pool = &p;
        seats[1 + started].index = 1 + started;
        if (pthread_create(&seats[1 + started].thread, NULL, seat_main, &seats[1 + started]) == 0)
            started++;
    }
    seats[0].pool = &p;
    seats[0].index = 0;
    take_jobs(&seats[0], progress, progress_user);
    for (unsigned t = 1; t <= started; t++)
        pthread_join(seats[t].thread, NULL);
    if (atomic_load(&p.stop))
        return cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                            "simulation stopped before it finished");
    return CR_OK;
}
