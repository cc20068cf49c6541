/*
 * cloudrisk/score.h -- stage 3 of the pipeline: a service, its controls, and
 * the qualitative score of each of the model's risks.
 *
 * A service file (JSON, "schema": "cloudrisk-service/1"; JSON Schema in
 * models/service.schema.json) describes one cloud service: identity and owner,
 * profile (service model, deployment, tenancy, exposure, users,
 * subcontractors, jurisdictions, personal data), asset values for C/I/A, the
 * status of each control, workshop overrides per risk, and a "treatment"
 * section owned by the treatment plan (kept here as unparsed JSON).  Control
 * states can also come from a checklist CSV (cr_checklist_write /
 * cr_service_apply_checklist).
 *
 * Scoring (formulas and a worked example in doc/scoring.md):
 *   inherent   impact and likelihood before any control: the risk's baseline
 *              moved by the service's asset values and exposure modifiers, or
 *              the workshop's override;
 *   residual   preventive credit lowers likelihood, detective and corrective
 *              credit lowers impact; for the service's own control states;
 *   target     the same for any other set of control states (cr_score_risks),
 *              which is what a treatment plan evaluates.
 * Everything is deterministic; cr_score_risks allocates nothing, so that it
 * can be called many times cheaply.
 */
#ifndef CLOUDRISK_SCORE_H
#define CLOUDRISK_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"
#include "cloudrisk/model.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CR_SERVICE_SCHEMA "cloudrisk-service/1"

/* ---- the service ------------------------------------------------------- */

/* The state of one control in a service.  Strings belong to the service (or
 * are NULL when not given). */
typedef struct cr_control_state {
    cr_control_status status;
    double effectiveness;     /* 0-1; negative when not given (counts as 1) */
    bool listed;              /* false: the service says nothing (= not implemented) */
    const char *evidence;
    const char *owner;
    /* Inherited controls only (status inherited): the provider below that
     * carries the control, the kind of its evidence (an id of the model's
     * credit.inherited_evidence, e.g. "ismap") and the evidence's date. */
    const char *provider;
    const char *evidence_kind;
    const char *evidence_date;   /* YYYY-MM-DD */
    /* YYYY-MM-DD: the day the control stopped being in place (its status
     * then anything but implemented); NULL when it did not lapse.  An
     * estimate on the current basis made before that day (or undated)
     * includes the control's credit: the lapse raises the risk above the
     * estimate, and putting the control back brings it to the estimate, no
     * lower (doc/simulation.md, "The basis of an estimate"). */
    const char *lapsed;
    bool has_cost_one_off, has_cost_annual;
    double cost_one_off;      /* in the model's currency */
    double cost_annual;
} cr_control_state;

/* A risk's override agreed in a workshop (the service file's
 * "risk_overrides"."CRnn").  impact/likelihood replace the inherent values;
 * frequency (events per year, cr_dist JSON within 0..1e6) and loss (money per
 * event in the model's currency, within 0..1e18) feed the simulation.  In the
 * file "rationale" is required, with at least one of impact, likelihood,
 * frequency, loss, pool; "participants" (names) and "date" (YYYY-MM-DD) are
 * optional.  A workshop writes "pool": [{"participant", "weight",
 * "frequency", "loss"}, ...] instead of frequency and loss: a joint pool, read
 * here as frequency and loss mixtures with the same weights and `joint` set
 * (doc/workshop.md); "round" (1, 2, ...) and "contested": {"reason"} record
 * the workshop round and a flag still open.
 * A frequency or loss estimate says what it includes ("basis", required with
 * them): "current" -- with today's controls (incident history, most workshop
 * judgements), so it is the residual and today's controls are not taken off
 * again -- or "inherent" -- before any control (doc/simulation.md). */
typedef enum cr_estimate_basis {
    CR_BASIS_NONE = 0,     /* no frequency or loss estimate */
    CR_BASIS_INHERENT = 1,
    CR_BASIS_CURRENT = 2
} cr_estimate_basis;

typedef struct cr_risk_override {
    bool has_impact, has_likelihood, has_frequency, has_loss;
    int impact, likelihood;   /* 1-5 */
    const char *rationale;
    cr_dist frequency;        /* valid when has_frequency */
    cr_dist loss;             /* valid when has_loss */
    bool joint;               /* frequency and loss are a joint pool's mixtures */
    const char *const *participants;
    size_t n_participants;
    const char *date;         /* YYYY-MM-DD or NULL */
    int round;                /* workshop round, 0 when not stated */
    const char *contested;    /* the flag's reason while contested, else NULL */
    cr_estimate_basis basis;  /* of frequency and loss */
} cr_risk_override;

typedef struct cr_service cr_service;

/* Read and validate a service file against the model (control and risk ids,
 * ranges, types, required fields, no unknown keys).  Records its SHA-256. */
CR_PUBLIC cr_status cr_service_load(const cr_model *model, const char *path, cr_service **out,
                                    cr_error *err);
/* The same for text in memory; `name` is used in errors and as the file name. */
CR_PUBLIC cr_status cr_service_parse(const cr_model *model, const char *name, const char *text,
                                     size_t len, cr_service **out, cr_error *err);
CR_PUBLIC void cr_service_free(cr_service *service);

CR_PUBLIC const char *cr_service_file(const cr_service *service);
CR_PUBLIC const char *cr_service_sha256(const cr_service *service); /* of the file's bytes */
CR_PUBLIC const char *cr_service_id(const cr_service *service);
CR_PUBLIC const char *cr_service_name(const cr_service *service);
CR_PUBLIC const char *cr_service_owner_name(const cr_service *service);
CR_PUBLIC const char *cr_service_owner_email(const cr_service *service);
CR_PUBLIC const cr_profile *cr_service_profile(const cr_service *service);
/* Control states indexed like cr_model_control (cr_model_control_count entries). */
CR_PUBLIC const cr_control_state *cr_service_controls(const cr_service *service);
/* The override for a risk (by model index), or NULL when there is none. */
CR_PUBLIC const cr_risk_override *cr_service_override(const cr_service *service, size_t risk);
/* Apply the service's organisation profile to the model: org_path (--org)
 * when given, else the service file's "organisation" (a path relative to the
 * service file, or the profile as an object), else nothing (*org = NULL).
 * The profile's own controls join the model's, and the service's statuses of
 * them are read then (until this is called, a service naming a control that
 * is not the standard's cannot be assessed).  The caller frees *org once the
 * model is no longer used. */
CR_PUBLIC cr_status cr_service_apply_organisation(cr_model *model, cr_service *service,
                                        const char *org_path, cr_organisation **org,
                                        cr_error *err);
/* The same choice of profile, loaded but not applied (*org = NULL: none). */
CR_PUBLIC cr_status cr_service_organisation(const cr_service *service, const char *org_path,
                                            cr_organisation **org, cr_error *err);
/* A top-level section of the service file as parsed JSON (e.g. "treatment",
 * which this stage keeps unparsed), or NULL when absent.  Owned by the service. */
CR_PUBLIC const cJSON *cr_service_section(const cr_service *service, const char *key);
/* The whole document as read (before any checklist was applied). */
CR_PUBLIC const cJSON *cr_service_json(const cr_service *service);

/* ---- the checklist CSV --------------------------------------------------- */

/* Columns of the checklist, in the order written.  Rows are one per control
 * ("level" = "control") followed by its detailed controls ("detail"); only
 * control rows carry the columns to fill in. */
extern const char *const cr_checklist_columns[];
extern const size_t cr_checklist_column_count;

/* Write the checklist: every control (or, with basic_only, only those of Ⅵ)
 * with its detailed controls; `states` (may be NULL) pre-fills the columns
 * to fill in, e.g. from a service.  Numbers are written so that they read
 * back exactly. */
CR_PUBLIC cr_status cr_checklist_write(const cr_model *model, const cr_control_state *states,
                                       bool basic_only, FILE *fp, cr_error *err);

/* The same checklist as an XLSX workbook for people to fill in: headers and
 * words in lang ("en" or "ja"), a drop-down on status, number formats,
 * detailed controls' rows locked and grey, the header row frozen, and an
 * instructions sheet.  cr_checklist_read takes it back (in either language). */
CR_PUBLIC cr_status cr_checklist_write_xlsx(const cr_model *model,
                                            const cr_control_state *states, bool basic_only,
                                            const char *lang, FILE *fp, cr_error *err);

/* Read a checklist into states[cr_model_control_count] (each reset first to
 * "not listed").  A control row with an empty status leaves the control not
 * listed.  `pool` receives the strings the states point to (free it with
 * cr_checklist_pool_clear after the states are no longer used). */
typedef struct cr_checklist_pool {
    char **strings;
    size_t n, cap;
} cr_checklist_pool;
CR_PUBLIC void cr_checklist_pool_clear(cr_checklist_pool *pool);
CR_PUBLIC cr_status cr_checklist_read(const cr_model *model, const char *path, cr_control_state *states,
                                      cr_checklist_pool *pool, char sha256_hex[65], cr_error *err);

/* Apply a checklist to a service: each control row with a status replaces
 * the service file's entry for that control; rows with an empty status leave
 * it as it was.  The checklist's SHA-256 joins the service's input hash. */
CR_PUBLIC cr_status cr_service_apply_checklist(cr_service *service, const char *path, cr_error *err);
/* SHA-256 of the applied checklist, or NULL when none was applied. */
CR_PUBLIC const char *cr_service_checklist_sha256(const cr_service *service);

/* ---- scoring --------------------------------------------------------------- */

/* One risk's score for one set of control states. */
typedef struct cr_risk_score {
    size_t risk;              /* model index */
    /* inherent: before controls */
    double impact_asset_delta;       /* asset values against the reference */
    double impact_modifier_delta;    /* sum of matching exposure rules */
    double likelihood_modifier_delta;
    bool impact_overridden, likelihood_overridden;
    int inherent_impact, inherent_likelihood, inherent_level;
    /* credit: weighted mean credit of the applicable controls of each role,
     * in [0, 1]; 0 for a role without applicable controls.  This is what the
     * simulation reads as the strength of the risk's controls per role. */
    double strength[CR_N_ROLES];
    double likelihood_strength;      /* = strength[CR_ROLE_PREVENTIVE] */
    double impact_strength;          /* detective and corrective together */
    /* residual: after the credited controls; the *_value fields are before
     * rounding up to a level (for ranking reductions finer than a level). */
    double residual_impact_value, residual_likelihood_value;
    int residual_impact, residual_likelihood, residual_level;
    bool treatment_required;         /* inherent level above the acceptable level */
    bool above_acceptable;           /* residual level above the acceptable level */
} cr_risk_score;

/* Score every risk (out[cr_model_risk_count]) for the service with the given
 * control states (NULL: the service's own).  Allocation-free and pure: this
 * is the target function for alternative control sets. */
CR_PUBLIC void cr_score_risks(const cr_model *model, const cr_service *service,
                              const cr_control_state *states, cr_risk_score *out);
/* The credit (strengths S_P, S_I in out) that risk's estimate on the current
 * basis already includes: the service's controls on the estimate's date,
 * a control that lapsed since counted as it was.  For a risk without such an
 * estimate, the credit of the service's own controls. */
CR_PUBLIC void cr_score_estimate_credit(const cr_model *model, const cr_service *service,
                                        size_t risk, cr_risk_score *out);

/* A control's credit in [0, 1] (status factor x effectiveness); an inherited
 * control's effectiveness is capped by what its kind of evidence supports; 0
 * for a control that is not applicable (callers skip those). */
CR_PUBLIC double cr_control_credit(const cr_model *model, const cr_control_state *state);
/* A required control still to do: not implemented, planned or partial
 * (not applicable, implemented and inherited controls are not gaps). */
CR_PUBLIC bool cr_control_is_gap(const cr_control_state *state);
/* What is wrong with an inherited control's record, or NULL when nothing:
 * the provider, the evidence's kind (one of the model's) and its date
 * (YYYY-MM-DD) are required with status inherited and refused with any other.
 * *field receives the key at fault ("provider", "evidence_kind",
 * "evidence_date"). */
CR_PUBLIC const char *cr_control_inherited_problem(const cr_model *model,
                                                   const cr_control_state *state,
                                                   const char **field);
/* Is an inherited control's evidence older than the model's
 * credit.evidence_valid_years on `as_of` (YYYY-MM-DD)? */
CR_PUBLIC bool cr_control_evidence_stale(const cr_model *model, const cr_control_state *state,
                                         const char *as_of);

/* ---- the assessment -------------------------------------------------------- */

typedef struct cr_risk_result {
    cr_risk_score score;
    /* Controls this risk requires (its required entries when the risk needs
     * treatment, else none; supporting entries are never required) and, of
     * those, the gaps; model control indices in catalogue order. */
    size_t *required;
    size_t n_required;
    size_t *gaps;
    size_t n_gaps;
} cr_risk_result;

typedef struct cr_assessment {
    const cr_model *model;
    const cr_service *service;
    cr_risk_result *risks;           /* cr_model_risk_count entries */
    size_t n_risks;
    size_t *required;                /* union over risks, catalogue order */
    size_t n_required;
    size_t *gaps;                    /* union over risks, catalogue order */
    size_t n_gaps;
    /* Required controls carried by a provider below (status inherited),
     * catalogue order: not gaps, shown apart; and how many of them rest on
     * evidence older than the model allows on as_of. */
    size_t *inherited;
    size_t n_inherited;
    size_t n_stale;
    char as_of[11];                  /* YYYY-MM-DD: the day evidence is judged on */
    size_t *applied_rules;           /* modifier rules matching the profile */
    size_t n_applied_rules;
    int heat_inherent[CR_SCALE_MAX][CR_SCALE_MAX]; /* [impact-1][likelihood-1] risk counts */
    int heat_residual[CR_SCALE_MAX][CR_SCALE_MAX];
    /* SHA-256 of "service <hex>\nchecklist <hex or ->\nmodel <hex>\n" */
    char inputs_sha256[65];
} cr_assessment;

/* Assess a service, judging inherited controls' evidence on today's date
 * (UTC); cr_assess_on judges it on `as_of` (YYYY-MM-DD) instead. */
CR_PUBLIC cr_status cr_assess(const cr_model *model, const cr_service *service,
                              cr_assessment *out, cr_error *err);
CR_PUBLIC cr_status cr_assess_on(const cr_model *model, const cr_service *service,
                                 const char *as_of, cr_assessment *out, cr_error *err);
CR_PUBLIC void cr_assessment_clear(cr_assessment *assessment);

/* The assessment as JSON (caller deletes), or NULL when memory ran out
 * (nothing partial is returned); lang "ja" or "en" picks names. */
CR_PUBLIC cJSON *cr_assessment_to_json(const cr_assessment *assessment, const char *lang);
#ifdef __cplusplus
}
#endif
#endif
