/*
 * cli.h -- what the subcommands of `cloudrisk` share.  The command is a thin
 * layer: parse words, call the library, print.  Exit codes are the library's
 * cr_status values (see cloudrisk(1)).
 */
#ifndef CLOUDRISK_CLI_H
#define CLOUDRISK_CLI_H

#include <signal.h>

#include "cloudrisk/cancel.h"
#include "cloudrisk/error.h"
#include "cloudrisk/io.h"
#include "cloudrisk/progress.h"

typedef struct cli_context {
    const char *program;  /* "cloudrisk" */
    const char *data_dir; /* where models/ and datasets/ are */
} cli_context;

/* A subcommand gets argv starting at its own name (argv[0] == "assess"). */
typedef int (*cli_command_fn)(const cli_context *ctx, int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_command_fn run;
    const char *summary; /* one line for `cloudrisk help` */
} cli_command;

extern const cli_command cli_commands[];
extern const unsigned cli_command_count;

/* Print "cloudrisk: <formatted error>" to stderr; returns the exit code. */
int cli_fail(const cr_error *err);
/* Print "cloudrisk COMMAND: message" and a hint to run --help; returns
 * CR_ERR_USAGE. */
int cli_usage(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Find the data directory: --data-dir, then $CLOUDRISK_DATA, then the source
 * tree when this binary is the one built there, then the installed
 * $(pkgdatadir).  Returns NULL (and fills err) when none holds models/. */
const char *cli_find_data_dir(const char *explicit_dir, const char *argv0, char *buf,
                              unsigned size, cr_error *err);

/* Parse a non-negative integer argument (with optional k/M suffix for trial
 * counts); returns 0 on success. */
int cli_parse_count(const char *text, unsigned long long max, unsigned long long *out);

/* Parse a precision target for --precision: a percentage, "1%" or "1" (the
 * sign optional), from CR_SIM_PRECISION_MIN to CR_SIM_PRECISION_MAX; stores
 * the fraction (0.01).  Returns 0 on success. */
int cli_parse_precision(const char *text, double *out);
#define CLI_PRECISION_EXPECTED "a relative standard error from 0.01%% to 50%%, such as 1%%"

/* Interrupts (cli_interrupt.c).  A command that runs a long library call
 * calls cli_catch_interrupts() first and passes the flag it returns in the
 * call's options (the `cancel` field, see cloudrisk/cancel.h): SIGINT or
 * SIGTERM then makes the call return CR_ERR_INTERRUPTED, and the command
 * aborts every cr_outfile it opened and returns that status (exit 130).  A
 * second signal ends the process at once. */
const volatile sig_atomic_t *cli_catch_interrupts(void);
/* Nonzero once SIGINT or SIGTERM has arrived. */
int cli_interrupted(void);
/* cr_outfile_commit, unless an interrupt has arrived: then the temporary is
 * deleted, err says so and the result is CR_ERR_INTERRUPTED.  Use it for
 * every commit after a long call, so that a signal that lands after the
 * call's last poll still leaves no output. */
cr_status cli_outfile_commit(cr_outfile *out, cr_error *err);

/* Progress (cloudrisk/progress.h): each long command starts a cr_progress
 * on standard error, passes cli_progress and it to the library call, and
 * offers --no-progress with this help text. */
#define CLI_NO_PROGRESS_HELP                                                                 \
    "  --no-progress        no progress line (one is drawn on a terminal only, after\n"     \
    "                       a second, with an estimate of the time left)\n"
/* A cr_progress_fn over a cr_progress (user) that asks the call to stop once
 * an interrupt has arrived. */
int cli_progress(void *user, uint64_t done, uint64_t total);

/* The subcommands (one file each: cmd_NAME.c). */
int cmd_controls(const cli_context *ctx, int argc, char **argv);
int cmd_checklist(const cli_context *ctx, int argc, char **argv);
int cmd_assess(const cli_context *ctx, int argc, char **argv);
int cmd_simulate(const cli_context *ctx, int argc, char **argv);
int cmd_plan(const cli_context *ctx, int argc, char **argv);
int cmd_workshop(const cli_context *ctx, int argc, char **argv);
int cmd_batch(const cli_context *ctx, int argc, char **argv);
int cmd_history(const cli_context *ctx, int argc, char **argv);
int cmd_diff(const cli_context *ctx, int argc, char **argv);
int cmd_register(const cli_context *ctx, int argc, char **argv);

#endif
