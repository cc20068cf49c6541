/*
 * profile.h -- reading a service profile and asset values from JSON; shared by
 * the model (its reference profile) and service files (library-internal).
 */
#ifndef CR_MODEL_PROFILE_H
#define CR_MODEL_PROFILE_H

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
