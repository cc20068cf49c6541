/*
 * model_iface.h -- the model's interface to the stages after it
 * (library-internal; the only model header another stage includes):
 * reading a service profile and asset values from JSON, shared by the model
 * (its reference profile) and service files (engine/score).  The loaded
 * model's layout stays private to engine/model (model_internal.h).
 */
#ifndef CR_MODEL_IFACE_H
#define CR_MODEL_IFACE_H

#include "cloudrisk/model.h"
#include "util/json_util.h"

/* Parse the "profile" object at `path`: every field required, no unknown
 * fields.  The jurisdiction codes are stored in a new array (*jurisdictions,
 * caller frees) pointing into the JSON. */
cr_status cr_profile_parse(cr_jctx *c, const cJSON *obj, const char *path, cr_profile *out,
                           const char ***jurisdictions);
/* Parse the "assets" object at `path` into out->assets. */
cr_status cr_assets_parse(cr_jctx *c, const cJSON *obj, const char *path, cr_profile *out);

#endif
