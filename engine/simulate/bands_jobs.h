/*
 * bands_jobs.h -- a fixed list of independent jobs shared out to threads
 * (library-internal; used by the uncertainty bands and the sensitivity).
 *
 * Job j writes only what belongs to j, and its result depends only on j, so
 * which thread takes it changes nothing: the caller combines the results in
 * job order afterwards.  Thread t (0 = the caller's) may keep per-thread
 * scratch at index t of the caller's own arrays.
 */
#ifndef CR_SIMULATE_BANDS_JOBS_H
#define CR_SIMULATE_BANDS_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "cloudrisk/error.h"
#include "cloudrisk/simulate.h"

typedef void (*cr_job_fn)(void *ctx, unsigned thread, size_t job);

/* The threads to use: `asked` (0: all online cores), at most `jobs` and 64. */
unsigned cr_jobs_threads(unsigned asked, size_t jobs);

/* Run jobs 0..n-1 on `threads` threads (from cr_jobs_threads).  After each
 * job the caller's thread calls progress (when not NULL) with the jobs done
 * and n; a nonzero return stops the run: CR_ERR_INTERRUPTED.  A thread that
 * cannot be started only means fewer threads. */
cr_status cr_jobs_run(size_t n, unsigned threads, cr_job_fn fn, void *ctx,
                      cr_sim_progress_fn progress, void *progress_user, cr_error *err);

#endif
