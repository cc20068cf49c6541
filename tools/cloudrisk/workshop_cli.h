/*
 * workshop_cli.h -- what the workshop subcommands share: the loaded model and
 * service, the risk list in a language, and the risks of a round.
 */
#ifndef CR_CLI_WORKSHOP_H
#define CR_CLI_WORKSHOP_H

#include <stdbool.h>
#include <stddef.h>

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

int ws_run_sheet(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_sheet.c */
int ws_run_merge(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_merge.c */
int ws_run_serve(const cli_context *ctx, int argc, char **argv); /* cmd_workshop_serve.c */

#endif
