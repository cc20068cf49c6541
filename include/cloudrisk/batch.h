/*
 * cloudrisk/batch.h -- batch re-assessment of a fleet: list the services,
 * assess, simulate and plan each one that changed since its latest run, and
 * record the runs in the register (cloudrisk/register.h); a fleet summary.
 */
#ifndef CLOUDRISK_BATCH_H
#define CLOUDRISK_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/error.h"
#include "cloudrisk/progress.h"
#include "cloudrisk/register.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Monte Carlo trials per service when none are given. */
#define CR_BATCH_DEFAULT_TRIALS 10000

/* Shard of a service: the first 8 bytes of SHA-256(service id) as a
 * big-endian unsigned integer, modulo count (0-based). */
CR_PUBLIC unsigned cr_batch_shard_of(const char *service_id, unsigned count);

typedef struct cr_batch_options {
    const char *data_dir;      /* models/ and datasets/ */
    const char *input;         /* a directory of services, or a manifest (CSV) */
    const char *org_path;      /* the organisation profile every service is assessed
                                  under (--org), or NULL for the shipped model's */
    const char *db_path;       /* the register */
    bool force;                /* re-assess unchanged services too */
    unsigned shard_index;      /* 0-based; with shard_count 1: everything */
    unsigned shard_count;
    unsigned jobs;             /* worker threads; results do not depend on it */
    uint64_t trials;           /* Monte Carlo trials per service; 0 = qualitative only */
    bool no_plan;              /* simulate but draw up no treatment plans */
    uint64_t seed;
    const char *run_time;      /* recorded with every run (ISO 8601 UTC) */
    const char *assessor;      /* who runs the assessment, recorded with every run (NULL:
                                  not recorded) */
    const char *summary_dir;   /* fleet summary written here; NULL for none */
    bool fleet_loss;           /* with trials and summary_dir: simulate the unchanged
                                  (skipped) services too, at the same seed, so that the
                                  summary's total annual loss per simulated year covers
                                  the whole fleet; records no runs for them */
    double materiality;        /* for stale approvals; 0 = the default */
    bool summary_japanese;     /* the fleet summary's page in Japanese (--lang ja); its
                                  JSON and CSV are the same in both */
    FILE *report;              /* what changed, per service (may be NULL) */
    FILE *errors;              /* one line per service that failed (may be NULL) */
    const volatile sig_atomic_t *stop; /* set (by a signal handler) to stop early */
    cr_progress_fn progress;   /* services done out of those listed, from the calling
                                  thread (progress.h); nonzero stops as *stop does; or NULL */
    void *progress_user;
} cr_batch_options;

typedef struct cr_batch_stats {
    size_t listed;         /* services in the fleet */
    size_t in_shard;       /* of them, in this shard */
    size_t assessed;       /* new runs recorded */
    size_t skipped;        /* unchanged since their latest run */
    size_t current;        /* assessed, but another process recorded the same meanwhile */
    size_t failed;         /* bad input: reported on `errors`, nothing recorded */
    size_t changed;        /* re-assessed services with a level change, gap change or
                              significant loss change */
    size_t stale_approvals;
    size_t approvals_recorded; /* decisions recorded as approvals with their run */
    size_t approvals_on_record; /* decisions read again, already recorded: left as they are */
    size_t stale_decisions;    /* decisions taken on other inputs: reported, not recorded */
} cr_batch_stats;

/* Run a batch.  Returns CR_OK when every service in the shard was assessed
 * or skipped; CR_ERR_INPUT when some failed (the rest are recorded);
 * CR_ERR_INTERRUPTED when *stop was set (what was committed stays). */
CR_PUBLIC cr_status cr_batch_run(const cr_batch_options *options, cr_batch_stats *stats, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
