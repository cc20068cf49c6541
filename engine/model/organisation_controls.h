/*
 * organisation_controls.h -- an organisation's own controls, read from its
 * profile's "controls" and added to the model beside the standard's
 * (library-internal; the form is in organisation_controls.c).
 */
#ifndef CR_MODEL_ORGANISATION_CONTROLS_H
#define CR_MODEL_ORGANISATION_CONTROLS_H

#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "util/json_util.h"

typedef struct org_control {
    cr_catalog_item item;      /* how the model and every output show it */
    char *title_en, *title_ja; /* the titles with the mark "the organisation's own" */
    char *text_ja;             /* its text (or title), after the same mark */
    const char *const *requires; /* risk ids; point into the profile's document */
    size_t n_requires;
    const char *const *supports;
    size_t n_supports;
    cr_role role;
    double weight;
    double one_off, annual, effort_days;
    char reason[160];          /* the mapping entries' reason */
} org_control;

typedef struct org_controls {
    org_control *list;
    size_t n;
    const char **ids;          /* storage behind every requires and supports list */
} org_controls;

/* Read "controls" of a profile (absent: none).  Checks the form only: ids,
 * titles, roles, weights, costs, risk lists; the ids against the catalogue
 * and the risks against the model are checked when the profile is applied. */
cr_status org_controls_parse(cr_jctx *c, const cJSON *root, org_controls *out);
void org_controls_free(org_controls *oc);
/* Add what decides (ids, risks, roles, weights, costs) to a hash. */
void org_controls_hash(const org_controls *oc, cr_sha256 *h);

/* Add the controls to the model after the catalogue's (their indexes start at
 * the catalogue's count), with their mapping entries appended to each risk's.
 * Errors (an id of the standard, an unknown risk) name `source` and the
 * profile's JSON path.  The controls must outlive the model. */
cr_status org_controls_apply(cr_model *m, const org_controls *oc, const char *source,
                             cr_error *err);

#endif
