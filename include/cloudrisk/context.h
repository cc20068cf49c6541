/*
 * cloudrisk/context.h -- what a command, the planner and the batch load from
 * a data directory, loaded once: the catalogue, the model (with the
 * organisation profile applied), the calibration and the control costs, and,
 * for a command about one service, that service with its checklist.
 *
 * Open order, which is also the order in which errors are found: the
 * catalogue (datasets/catalog/), the model (models/), the service file, the
 * organisation profile (--org, else the service file's own "organisation"),
 * the checklist, the calibration (models/calibration.json, fitted to the
 * profile's impact money), the costs (models/costs.json, in the model's
 * currency), and last the check that the calibration spans the model's
 * scales.  Every error names the file and, inside it, the JSON path or
 * line, as the part's own loader reports it.
 *
 * Ownership: the context owns everything it loaded; the accessors lend
 * pointers that stay valid until cr_context_free.  cr_context_free frees the
 * context itself (as every `_free` of this library frees its object).
 *
 * Threads: a context is read-only once cr_context_open has returned, and is
 * never changed afterwards by this library: any number of threads may use
 * it, and what it lends, at once (the batch's workers share one), provided
 * no thread frees it while others use it.  A profile is applied while the
 * context is opened, to the context's own model and calibration, never to
 * one another context shares.
 */
#ifndef CLOUDRISK_CONTEXT_H
#define CLOUDRISK_CONTEXT_H

#include "cloudrisk/catalog.h"
#include "cloudrisk/error.h"
#include "cloudrisk/export.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cr_context cr_context;

/* What to load besides the catalogue (always loaded).  Each part loads the
 * model too. */
enum {
    CR_CONTEXT_MODEL = 1u << 0,        /* models/: scales, risks, mappings, criteria */
    CR_CONTEXT_ORGANISATION = 1u << 1, /* apply the organisation profile, if any */
    CR_CONTEXT_CALIBRATION = 1u << 2,  /* models/calibration.json */
    CR_CONTEXT_COSTS = 1u << 3         /* models/costs.json (the planner) */
};
/* Everything the planner needs. */
#define CR_CONTEXT_PLAN                                                                  \
    (CR_CONTEXT_MODEL | CR_CONTEXT_ORGANISATION | CR_CONTEXT_CALIBRATION | CR_CONTEXT_COSTS)

typedef struct cr_context_options {
    unsigned parts;           /* CR_CONTEXT_* bits */
    /* A service file to load under the model (and the model with it), or
     * NULL.  With CR_CONTEXT_ORGANISATION its own "organisation" is the
     * profile when org_path is NULL. */
    const char *service_path;
    const char *controls_csv; /* the service's checklist CSV, or NULL */
    /* With CR_CONTEXT_ORGANISATION: an organisation profile that replaces
     * the service file's own (--org), or NULL. */
    const char *org_path;
} cr_context_options;

/* No part, no service: the catalogue alone. */
CR_PUBLIC void cr_context_options_init(cr_context_options *options);

/* Load what options ask for (NULL: the catalogue alone) from data_dir, the
 * directory that holds models/ and datasets/.  On failure *out is NULL, err
 * says what and where, and nothing is left allocated. */
CR_PUBLIC cr_status cr_context_open(const char *data_dir, const cr_context_options *options,
                                    cr_context **out, cr_error *err);
/* Free the context and all it loaded; NULL is ignored. */
CR_PUBLIC void cr_context_free(cr_context *ctx);

CR_PUBLIC const char *cr_context_data_dir(const cr_context *ctx);
CR_PUBLIC const cr_catalog *cr_context_catalog(const cr_context *ctx);
/* NULL when no part asked for the model. */
CR_PUBLIC const cr_model *cr_context_model(const cr_context *ctx);
/* The profile applied to the model, or NULL (none given, or not asked). */
CR_PUBLIC const cr_organisation *cr_context_organisation(const cr_context *ctx);
/* The calibration, fitted to the profile's impact money, or NULL when not
 * asked for. */
CR_PUBLIC const cr_calibration *cr_context_calibration(const cr_context *ctx);
/* SHA-256 of models/costs.json's bytes (64 hex digits), or NULL when the
 * costs were not asked for. */
CR_PUBLIC const char *cr_context_costs_sha256(const cr_context *ctx);
/* The service named in the options, its checklist applied, or NULL. */
CR_PUBLIC const cr_service *cr_context_service(const cr_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
