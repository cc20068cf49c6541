/*
 * cloudrisk/progress.h -- the progress line of a long run, with an estimate
 * of the time left, drawn on a terminal and nowhere else.
 *
 * Every command that can run for more than a second (simulate, plan, batch,
 * workshop merge) shows its progress through this one module, so that all of
 * them behave alike:
 *   - nothing is ever written unless the stream is a terminal (isatty) and
 *     the user did not ask for --no-progress: a pipe, a file or a CI log
 *     gets no progress bytes at all;
 *   - nothing is drawn during the first second (CR_PROGRESS_DELAY): a short
 *     run stays silent;
 *   - the line is redrawn at most ten times a second, in place (carriage
 *     return), and erased by cr_progress_finish before the command writes
 *     anything else.
 *
 * Time left (cr_progress_time_left): the rate so far carried forward,
 *   left = elapsed * (total - done) / done,
 * shown once at least 2% of the work is done and half a second has passed
 * (before that the rate is mostly start-up cost).  The work is counted in
 * units of equal expected cost where the caller can (risk-trials for a
 * simulation, services for a batch), so the estimate is as good as that
 * assumption; it is labelled "about".
 *
 * The library keeps no global state: the caller owns the cr_progress and
 * hands it to the long call through the call's progress function.  A
 * progress function returns nonzero to ask the call to stop.
 */
#ifndef CLOUDRISK_PROGRESS_H
#define CLOUDRISK_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds of silence before the first line. */
#define CR_PROGRESS_DELAY 1.0
/* Seconds between two redraws. */
#define CR_PROGRESS_INTERVAL 0.1
/* Longest label kept (bytes, without the NUL). */
#define CR_PROGRESS_LABEL_MAX 31

/* Called by a long library call, from one thread only, with the work done so
 * far out of total (units the call defines; done <= total).  Return nonzero
 * to stop the call early (it then returns CR_ERR_INTERRUPTED).  A call about
 * to write a line of its own to a stream the user sees (a batch's line per
 * service, an error) first calls it with total 0: the progress line is then
 * erased, and drawn again at the next report. */
typedef int (*cr_progress_fn)(void *user, uint64_t done, uint64_t total);

typedef struct cr_progress {
    FILE *fp;        /* where the line goes (standard error) */
    bool enabled;    /* asked for, and fp is a terminal */
    bool shown;      /* a line is on the screen and needs erasing */
    double start;    /* monotonic clock, seconds, at cr_progress_start */
    double last;     /* when the line was last drawn */
    double delay;    /* seconds of silence first (CR_PROGRESS_DELAY) */
    size_t drawn;    /* length of the last line drawn, to erase it */
    char label[CR_PROGRESS_LABEL_MAX + 1];
} cr_progress;

/* Start a progress line on fp (standard error) labelled e.g. "simulating".
 * wanted is false for --no-progress; the line is enabled only when wanted
 * and fp is a terminal. */
CR_PUBLIC void cr_progress_start(cr_progress *p, FILE *fp, const char *label, bool wanted);
/* Change the label (e.g. from "planning" to "simulating"). */
CR_PUBLIC void cr_progress_label(cr_progress *p, const char *label);
/* Report done out of total; draws when enabled and due; total 0 erases the
 * line (see cr_progress_fn). */
CR_PUBLIC void cr_progress_update(cr_progress *p, uint64_t done, uint64_t total);
/* A cr_progress_fn over a cr_progress (user): updates it, never stops. */
CR_PUBLIC int cr_progress_report(void *user, uint64_t done, uint64_t total);
/* Erase the line, if one was drawn.  Call before writing anything else to
 * the terminal, and at the end.  The progress may be started again. */
CR_PUBLIC void cr_progress_finish(cr_progress *p);

/* The estimate of the seconds left after `elapsed` seconds with done of
 * total done: elapsed (total - done) / done; NAN while there is too little
 * to go on (done < 2% of total or elapsed < 0.5 s); 0 when done == total. */
CR_PUBLIC double cr_progress_time_left(double elapsed, uint64_t done, uint64_t total);
/* The line itself, without the leading carriage return, e.g.
 *   "simulating [##########          ]  50%  6 s, about 6 s left"
 * Durations: "42 s", "3 min 05 s", "1 h 02 min".  Returns the length
 * snprintf would (the line is cut to fit size). */
CR_PUBLIC int cr_progress_format(char *buf, size_t size, const char *label, uint64_t done,
                                 uint64_t total, double elapsed);

#ifdef __cplusplus
}
#endif
#endif
