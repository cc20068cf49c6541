/*
 * workshop_cli.h -- what the workshop subcommands share: the loaded model and
 * service, the risk list in a language, and the risks of a round.
 */
#ifndef CR_CLI_WORKSHOP_H
#define CR_CLI_WORKSHOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/workshop.h"

#define GENERATOR "cloudrisk " PACKAGE_VERSION

/* The model with its catalogue, and optionally a service: one context. */
typedef struct ws_loaded {
    cr_context *context;
    const cr_model *model;     /* the context's */
    const cr_service *service; /* the context's, or NULL */
} ws_loaded;

bool ws_lang_ok(const char *lang);
/* Open the context `options` asks for (the model at least) under the data
 * directory. */
cr_status ws_load(const cli_context *ctx, const cr_context_options *options, ws_loaded *l,
                  cr_error *err);
void ws_loaded_free(ws_loaded *l);
/* The options for a service (NULL: none) and its checklist (NULL: none),
 * without the organisation profile. */
cr_context_options ws_service_options(const char *service_path, const char *controls);
/* The risks of the model, named in `lang` (array owned by the caller; names
 * belong to the model). */
cr_workshop_risk *ws_risk_list(const cr_model *model, const char *lang, size_t *n);
int ws_out_of_memory(void);

/* The model indices of the risks handed out: --risks LIST (model order, each
 * once), or the risks `flagged` marks contested, or every risk. */
cr_status ws_select_risks(const cr_model *model, const char *list, const cr_service *flagged,
                          size_t **out, size_t *n_out, cr_error *err);
/* One after the latest round recorded for the chosen risks, else 1. */
int ws_next_round(const cr_service *service, const size_t *risks, size_t n);

/* What sheet and serve both read: SERVICE.json, --lang (ja or en, default
 * en), --risks LIST, --out, -h. */
typedef struct ws_args {
    const char *service, *lang, *risks, *out;
} ws_args;

/* A subcommand: its name for messages ("workshop sheet"), its help, its own
 * options (getopt_long's, ending in a zero entry; values other than 'l',
 * 'r', 'o', 'h'), and what reads them: option(user, val, arg) for each, and
 * once more with val 0 after the language is checked, for the checks across
 * options.  It returns 0, or the exit status of a usage error (cli_usage). */
typedef struct ws_command {
    const char *name;
    void (*usage)(FILE *fp);
    const struct option *options;
    int (*option)(void *user, int val, const char *arg);
    void *user;
    const char *default_out; /* --out's default (NULL: none) */
    /* Where the command's --org value is parsed to (NULL: it has no --org);
     * with one, the organisation profile is loaded too, as plan reads it. */
    const char *const *org;
} ws_command;

/* Read the command line (workshop_args.c): 0, -1 after printing the help,
 * or a usage error's exit status. */
int ws_parse_args(int argc, char **argv, const ws_command *cmd, ws_args *a);
/* Read it and load the model and SERVICE.json: true to go on; false with
 * *rc the exit status (0 after the help). */
bool ws_begin(const cli_context *ctx, int argc, char **argv, const ws_command *cmd,
              ws_args *a, ws_loaded *l, int *rc);

int ws_run_sheet(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_sheet.c */
int ws_run_merge(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_merge.c */
int ws_run_serve(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_serve.c */

#endif
