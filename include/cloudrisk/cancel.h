/*
 * cloudrisk/cancel.h -- stopping a long library call early, and cleanly.
 *
 * The library keeps no global state, so it cannot own "the" interrupt flag.
 * A caller that wants to stop a long call (a simulation of millions of trials,
 * a search for a treatment plan, a batch over a fleet of services) owns the
 * flag and passes a pointer to it in the call's options; typically it is the
 * `volatile sig_atomic_t` that the caller's SIGINT/SIGTERM handler sets to 1.
 * A NULL pointer means "never stop".
 *
 * The contract of a call that takes a flag:
 *   - it polls the flag between blocks of work, often enough that a stop is
 *     honoured within a fraction of a second (a block is e.g. a few thousand
 *     trials, one candidate plan, one service of a batch);
 *   - when it sees the flag set, it stops, releases everything it allocated,
 *     leaves its outputs (files, register rows) as they were before the call
 *     and returns CR_ERR_INTERRUPTED with the error filled in;
 *   - it never writes the flag: only its owner resets it.
 *
 * Why volatile sig_atomic_t: it is the one object type that C (7.14.1.1)
 * lets an asynchronous signal handler write and the interrupted program read;
 * `volatile` makes every poll a real load, so a loop cannot keep a stale copy
 * in a register.  Worker threads only ever read the flag, and only to decide
 * to stop early, so a poll that sees the store one block late costs one block
 * of work, never a wrong result.
 */
#ifndef CLOUDRISK_CANCEL_H
#define CLOUDRISK_CANCEL_H

#include <signal.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Nonzero when flag is set (a NULL flag never is).  Cheap enough for inner
 * loops. */
static inline int cr_cancel_requested(const volatile sig_atomic_t *flag)
{
    /* A relaxed atomic load: the same instruction as a plain one, but it tells
     * ThreadSanitizer that a flag set from another thread (a program's own
     * watchdog, a test) is read on purpose. */
    return flag != NULL && __atomic_load_n(flag, __ATOMIC_RELAXED) != 0;
}

/* CR_OK when no stop was asked for; otherwise fills err ("stopped before
 * finishing; ...") and returns CR_ERR_INTERRUPTED, so that a loop can
 * write `if ((st = cr_cancel_check(opts->cancel, err)) != CR_OK) goto done;`. */
CR_PUBLIC cr_status cr_cancel_check(const volatile sig_atomic_t *flag, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
