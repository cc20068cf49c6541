/*
 * cli_interrupt.c -- SIGINT and SIGTERM: stop the running job, keep no partial
 * output, exit 130.
 *
 * The first signal only sets a flag.  Library calls that can run long poll it
 * (cloudrisk/cancel.h) and return CR_ERR_INTERRUPTED; the command then aborts
 * its cr_outfile (deleting the temporary) and exits with 130.  The handler is
 * installed with SA_RESETHAND, so a second signal has its default effect and
 * ends the process at once, for the rare call that does not poll.  SA_RESTART
 * keeps a signal from failing an unrelated read or write with EINTR.  A signal
 * that was ignored when cloudrisk started stays ignored: that is how a shell
 * keeps Ctrl-C at the terminal away from jobs it started in the background
 * (and how nohup works), and we should not undo it.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

/* The one piece of mutable static state in cloudrisk.  It cannot live in the
 * library (which keeps none) nor in a caller's frame: a signal handler takes
 * no argument, so the only place it can record "stop" is an object of static
 * storage duration, and C allows exactly this type (volatile sig_atomic_t) to
 * be written there.  The command is a single process running one job, so one
 * flag is all it ever needs. */
static volatile sig_atomic_t interrupt_requested;

static void on_interrupt(int sig)
{
    (void)sig;
    /* An atomic store (lock-free for an int, so safe in a handler): the batch's
     * worker threads read the flag with an atomic load, and a plain store here
     * would be a data race for ThreadSanitizer and, strictly, for C11. */
    __atomic_store_n(&interrupt_requested, 1, __ATOMIC_RELAXED);
}

const volatile sig_atomic_t *cli_catch_interrupts(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    static const int signals[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
    return &interrupt_requested;
}

int cli_interrupted(void)
{
    return cr_cancel_requested(&interrupt_requested);
}

cr_status cli_outfile_commit(cr_outfile *out, cr_error *err)
{
    cr_status st = cr_cancel_check(&interrupt_requested, err);
    if (st != CR_OK) {
        cr_outfile_abort(out);
        return st;
    }
    return cr_outfile_commit(out, err);
}

int cli_progress(void *user, uint64_t done, uint64_t total)
{
    if (interrupt_requested)
        return 1;
    cr_progress_update(user, done, total);
    return 0;
}
