/*
 * service_internal.h -- a loaded service's layout (library-internal).
 *
 * Strings point into the kept JSON document, or (for states applied from a
 * checklist) into the service's checklist pool.
 */
#ifndef CR_SCORE_SERVICE_INTERNAL_H
#define CR_SCORE_SERVICE_INTERNAL_H

#include "cloudrisk/score.h"
#include "util/json_util.h"

struct cr_service {
    const cr_model *model;
    cr_json_doc doc;
    char sha256[65];
    char checklist_sha256[65];
    bool has_checklist;
    const char *id, *name, *owner_name, *owner_email;
    cr_profile profile;
    const char **jurisdictions;
    cr_control_state *controls;   /* n_states entries: cr_model_control_count */
    size_t n_states;
    bool deferred;                /* "controls" names ids the model does not know
                                     yet: an organisation's own, until its profile
                                     is applied (cr_service_resolve_controls) */
    bool deferred_checked;        /* resolved once: unknown ids are errors now */
    cr_risk_override *overrides;  /* cr_model_risk_count entries */
    bool *has_override;
    const char **participants;    /* storage behind every override's list */
    cr_checklist_pool pool;
};

/* An override's workshop keys: "pool" (joint pool, into o->frequency,
 * o->loss and o->joint; refused beside "frequency" or "loss"), "round",
 * "contested" and "basis" (override_workshop.c). */
cr_status cr_override_workshop_load(cr_jctx *c, const cJSON *entry, const char *path,
                                    cr_risk_override *o);

/* After an organisation's own controls were added to the model: grow the
 * states to the model's controls and read the entries of "controls" that
 * name them.  An id still unknown is the error it would have been on load. */
cr_status cr_service_resolve_controls(cr_service *s, cr_error *err);
/* CR_OK when every id of "controls" is known and the states match the
 * model's controls; else the error (for commands that score a service). */
cr_status cr_service_check_resolved(const cr_service *s, cr_error *err);

/* Reset states[0..n) to "not listed" (not implemented, nothing given). */
void cr_control_states_reset(cr_control_state *states, size_t n);

#endif
