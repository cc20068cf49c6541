/*
 * cloudrisk/model.h -- stage 2 of the pipeline: the risk model.
 *
 * The model is data under models/ (see models/model.json for the file list):
 *   risks.json     the 21 cloud risks: names and descriptions (en/ja), the
 *                  C/I/A dimensions each hurts, its ENISA source, and its
 *                  baseline impact and likelihood (1-5) for the reference
 *                  profile;
 *   scales.json    impact and likelihood levels 1-5, their descriptions and
 *                  the money (per event) and frequency (events per year)
 *                  bands behind each level, in a configurable currency;
 *   criteria.json  management's acceptance criteria: the 5x5 matrix into
 *                  levels, the acceptable level, the risk appetite, and the
 *                  approval record (approver, date, minutes);
 *   mapping.json   for each risk its controls, each required (its absence is
 *                  a gap) or supporting (credited, never a gap), with a role
 *                  (preventive, detective, corrective), a weight and a reason
 *                  naming the detailed controls behind it; and how a
 *                  control's status is credited;
 *   modifiers.json the reference profile the baselines are stated for, and
 *                  the rules by which a service profile moves impact and
 *                  likelihood away from the baselines.
 * The 21-risk catalogue is derived from ENISA's cloud risk assessment
 * (2009, Rev.B 2012) and from the standard's own control structure; it is
 * not a list published with the standard.
 *
 * Loading validates everything against the control catalogue (catalog.h):
 * unknown or duplicate ids, missing risks, weights, the matrix's shape and
 * monotonicity, every mapping reason naming a detailed control of its
 * control.  A control may act on no risk; it is then never required.  A loaded model
 * is immutable and refers to the catalogue it was loaded with, which must
 * outlive it.  Scoring is in score.h; formulas in doc/scoring.md.
 */
#ifndef CLOUDRISK_MODEL_H
#define CLOUDRISK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Impact and likelihood levels run from 1 to CR_SCALE_MAX. */
#define CR_SCALE_MIN 1
#define CR_SCALE_MAX 5

/* The security properties a risk hurts (a bit set). */
typedef enum cr_dimension {
    CR_DIM_CONFIDENTIALITY = 1,
    CR_DIM_INTEGRITY = 2,
    CR_DIM_AVAILABILITY = 4
} cr_dimension;
/* Index of a single dimension in arrays of three: C = 0, I = 1, A = 2. */
#define CR_N_DIMENSIONS 3

/* What a control does against a risk.  Preventive controls make the event
 * less likely; detective and corrective controls limit its consequences. */
typedef enum cr_role {
    CR_ROLE_PREVENTIVE = 0,
    CR_ROLE_DETECTIVE = 1,
    CR_ROLE_CORRECTIVE = 2
} cr_role;
#define CR_N_ROLES 3
CR_PUBLIC const char *cr_role_name(cr_role role); /* "preventive", ... */

/* Text in both languages. */
typedef struct cr_text {
    const char *en;
    const char *ja;
} cr_text;
/* The text in `lang` ("ja" or "en"; anything else means English). */
CR_PUBLIC const char *cr_text_get(const cr_text *text, const char *lang);

/* What a mapping entry means for gaps.  A required control's absence is a
 * gap for the risk (once the risk needs treatment); a supporting control is
 * credited in the residual, the simulation and the plan's value like a
 * required one, but its absence is never a gap. */
typedef enum cr_mapping_kind {
    CR_MAPPING_REQUIRED = 0,
    CR_MAPPING_SUPPORTING = 1
} cr_mapping_kind;
#define CR_N_MAPPING_KINDS 2
CR_PUBLIC const char *cr_mapping_kind_name(cr_mapping_kind kind); /* "required", "supporting" */

/* One control mapped to a risk. */
typedef struct cr_mapping {
    size_t control;           /* index into the model's controls (cr_model_control) */
    const cr_catalog_item *item; /* the control in the catalogue */
    cr_mapping_kind kind;
    cr_role role;
    double weight;            /* > 0; relative within the risk and role */
    const char *reason;       /* one line: why this control acts on this risk, ending
                                 with the detailed control ids in parentheses */
} cr_mapping;

/* ENISA's rating of one of a risk's sources, as written in its risk tables:
 * "VL", "L", "M", "H", "VH", a range such as "L-H", or "N/A". */
typedef struct cr_enisa_rating {
    const char *risk;         /* "R.11" */
    const char *probability;
    const char *impact;
    bool unverified;          /* as the model review read it; not checked against
                                 ENISA's text ("unverified": true) */
} cr_enisa_rating;

typedef struct cr_risk {
    size_t index;             /* position in the model, 0-based */
    const char *id;           /* "CR01" */
    cr_text name;
    cr_text description;
    unsigned dimensions;      /* cr_dimension bits */
    const char *const *enisa; /* ENISA risk ids, e.g. "R.11" */
    size_t n_enisa;
    const cr_enisa_rating *enisa_rating; /* n_enisa entries, in the order of enisa */
    cr_text versus_enisa;     /* our baseline beside ENISA's: the reason for any difference */
    int baseline_impact;      /* 1-5, for the reference profile */
    int baseline_likelihood;  /* 1-5, for the reference profile */
    const char *baseline_rationale; /* why the baseline is where it is */
    const cr_mapping *controls; /* in mapping.json order */
    size_t n_controls;
} cr_risk;

/* One level of a scale with the band behind it: money per event for impact,
 * events per year for likelihood.  The band [lower, upper) is the range a
 * level stands for; calibration reads it as a 90% interval. */
typedef struct cr_scale_level {
    int level;                /* 1-5 */
    cr_text name;
    cr_text description;
    double lower, upper;      /* 0 < lower < upper, finite */
} cr_scale_level;

/* A level of the acceptance matrix ("low", "medium", "high"), in order. */
typedef struct cr_risk_level {
    const char *id;
    cr_text name;
} cr_risk_level;

/* Management's acceptance criteria (management standard 1.3.1, 1.3.4). */
typedef struct cr_criteria {
    const char *version;
    const cr_risk_level *levels; /* from lowest to highest */
    size_t n_levels;
    int matrix[CR_SCALE_MAX][CR_SCALE_MAX]; /* [impact-1][likelihood-1] -> level index */
    int acceptable;           /* index of the highest acceptable level */
    double appetite_annual_loss; /* in the scales' currency */
    double appetite_probability; /* tolerated P(annual loss > appetite_annual_loss) */
    cr_text appetite_statement;
    const char *approver;
    const char *approver_role;
    const char *approval_date; /* YYYY-MM-DD */
    const char *minutes;      /* reference to the minutes of the decision */
    const char *note;         /* NULL when none */
    int review_interval_months; /* re-assessment and acceptance review interval
                                   (review_interval_months; default 12) */
} cr_criteria;
#define CR_DEFAULT_REVIEW_MONTHS 12

/* What a service is, as far as exposure goes: the service file's "profile"
 * and "assets" sections. */
typedef enum cr_service_model {
    CR_SERVICE_IAAS = 0,
    CR_SERVICE_PAAS = 1,
    CR_SERVICE_SAAS = 2
} cr_service_model;
typedef enum cr_deployment {
    CR_DEPLOY_PUBLIC = 0,
    CR_DEPLOY_PRIVATE = 1,
    CR_DEPLOY_COMMUNITY = 2,
    CR_DEPLOY_HYBRID = 3
} cr_deployment;
CR_PUBLIC const char *cr_service_model_name(cr_service_model m); /* "iaas", ... */
CR_PUBLIC const char *cr_deployment_name(cr_deployment d);        /* "public", ... */

typedef struct cr_profile {
    cr_service_model service_model;
    cr_deployment deployment;
    bool multi_tenant;
    bool internet_exposed;
    bool personal_data;
    long users;
    long subcontractors;
    const char *const *jurisdictions; /* ISO 3166-1 alpha-2 codes */
    size_t n_jurisdictions;
    int assets[CR_N_DIMENSIONS];      /* asset values 1-5: C, I, A */
} cr_profile;

/* One exposure rule: when a profile matches its condition, each risk's
 * impact and likelihood move by the rule's deltas (arrays of
 * cr_model_risk_count entries, 0 where the rule says nothing). */
typedef struct cr_modifier_rule {
    const char *id;
    const char *condition;    /* the condition as written, for reports */
    cr_text reason;
    const double *impact_delta;
    const double *likelihood_delta;
} cr_modifier_rule;

/* A control's state in a service, from least to most implemented; an
 * inherited control is carried by a provider below (the IaaS under a SaaS)
 * and credited like an implemented one at the effectiveness its evidence
 * supports; "not applicable" stands outside that order (the control is left
 * out of the risk's computation, doc/scoring.md). */
typedef enum cr_control_status {
    CR_CONTROL_NOT_IMPLEMENTED = 0,
    CR_CONTROL_PLANNED = 1,
    CR_CONTROL_PARTIAL = 2,
    CR_CONTROL_IMPLEMENTED = 3,
    CR_CONTROL_INHERITED = 4,
    CR_CONTROL_NOT_APPLICABLE = 5
} cr_control_status;
#define CR_N_CONTROL_STATUSES 6
CR_PUBLIC const char *cr_control_status_name(cr_control_status status); /* "not_implemented", ... */
/* Parse a status word; returns false when it is none of them. */
CR_PUBLIC bool cr_control_status_parse(const char *word, cr_control_status *out);

/* The kinds of evidence an inherited control may rest on (mapping.json
 * "credit"."inherited_evidence"), each with the largest effectiveness it
 * supports: an ISMAP registration or a SOC 2 type 2 report supports more
 * than a provider's own declaration. */
typedef struct cr_evidence_kind {
    const char *id;           /* "ismap", "soc2_type2", ... */
    cr_text name;
    double effectiveness;     /* 0-1: the most an inherited control on it is credited */
} cr_evidence_kind;

/* How control states earn credit (mapping.json "credit"): a control's credit
 * is status_factor[status] x effectiveness; an inherited control earns the
 * implemented factor, its effectiveness capped by its evidence's kind; full
 * credit of every preventive control lowers likelihood by
 * max_likelihood_reduction levels, of every detective and corrective control
 * lowers impact by max_impact_reduction.  Evidence older than
 * evidence_valid_years on the day of assessment is flagged. */
typedef struct cr_credit_rules {
    double status_factor[CR_N_CONTROL_STATUSES]; /* inherited's and not_applicable's unused */
    double max_likelihood_reduction;
    double max_impact_reduction;
    const cr_evidence_kind *evidence_kinds;
    size_t n_evidence_kinds;
    int evidence_valid_years; /* evidence older than this on the day of assessment is stale */
} cr_credit_rules;

typedef struct cr_model cr_model;

/* Load models/ under data_dir, validated against `catalog` (which must
 * outlive the model). */
CR_PUBLIC cr_status cr_model_load(const char *data_dir, const cr_catalog *catalog, cr_model **out,
                                  cr_error *err);
CR_PUBLIC void cr_model_free(cr_model *model);

/* Identity, recorded in every output. */
CR_PUBLIC const char *cr_model_name(const cr_model *model);
CR_PUBLIC const char *cr_model_version(const cr_model *model);
/* The model's name in Japanese (model.json "name_ja"), or NULL when not given. */
CR_PUBLIC const char *cr_model_name_ja(const cr_model *model);
CR_PUBLIC const cr_text *cr_model_note(const cr_model *model); /* "derived from ENISA ..." */
/* SHA-256 over the model's files (model.json, then each listed file, in the
 * order model.json lists them), 64 hex digits. */
CR_PUBLIC const char *cr_model_sha256(const cr_model *model);
/* The model's files as parsed, by their role in model.json ("risks",
 * "scales", "criteria", "mapping", "modifiers", "service_schema"): up to max
 * of them into roles[] and roots[]; returns how many there are.  For naming
 * which file changed between two runs. */
CR_PUBLIC size_t cr_model_files(const cr_model *model, const char **roles, const cJSON **roots,
                                size_t max);
CR_PUBLIC const cr_catalog *cr_model_catalog(const cr_model *model);

/* The risks, in model order (CR01 ..). */
CR_PUBLIC size_t cr_model_risk_count(const cr_model *model);
CR_PUBLIC const cr_risk *cr_model_risk(const cr_model *model, size_t index);
CR_PUBLIC const cr_risk *cr_model_find_risk(const cr_model *model, const char *id); /* NULL if none */

/* The controls of the catalogue (level 3 of the control part), in document
 * order, then the organisation's own controls when an applied profile adds
 * some; a control's index here is the index used in mappings, control
 * states and gaps. */
CR_PUBLIC size_t cr_model_control_count(const cr_model *model);
CR_PUBLIC const cr_catalog_item *cr_model_control(const cr_model *model, size_t index);
/* Is the control one of the organisation's own (its profile's "controls",
 * management standard 1.4.2), not the standard's?  They follow the
 * catalogue's controls once a profile that has them is applied. */
CR_PUBLIC bool cr_model_control_is_own(const cr_model *model, size_t index);
/* The cost an organisation's own control states for itself (false, and
 * nothing written, for a control of the standard). */
CR_PUBLIC bool cr_model_own_control_cost(const cr_model *model, size_t index, double *one_off,
                                         double *annual, double *effort_days);
/* Index of a control id, or -1 when it is not a control. */
CR_PUBLIC long cr_model_control_index(const cr_model *model, const char *id);
/* Risks a control is mapped to: fills up to `cap` risk indices, returns the count. */
CR_PUBLIC size_t cr_model_control_risks(const cr_model *model, size_t control, size_t *risks,
                                        size_t cap);
/* The same, only the risks whose entry is of `kind`. */
CR_PUBLIC size_t cr_model_control_risks_of_kind(const cr_model *model, size_t control,
                                                cr_mapping_kind kind, size_t *risks,
                                                size_t cap);
/* The mapping entry of a control for a risk, or NULL when it has none. */
CR_PUBLIC const cr_mapping *cr_model_mapping(const cr_model *model, size_t risk,
                                             size_t control);

CR_PUBLIC const cr_credit_rules *cr_model_credit_rules(const cr_model *model);
/* The evidence kind of inherited controls with this id, or NULL. */
CR_PUBLIC const cr_evidence_kind *cr_model_evidence_kind(const cr_model *model, const char *id);

/* Scales. */
CR_PUBLIC const char *cr_model_currency(const cr_model *model); /* ISO 4217, e.g. "JPY" */
CR_PUBLIC const cr_scale_level *cr_model_impact_level(const cr_model *model, int level);     /* 1-5 */
CR_PUBLIC const cr_scale_level *cr_model_likelihood_level(const cr_model *model, int level); /* 1-5 */

/* Acceptance criteria and the matrix lookup (levels 1-5 each; returns the
 * index into criteria->levels). */
CR_PUBLIC const cr_criteria *cr_model_criteria(const cr_model *model);
CR_PUBLIC int cr_model_level(const cr_model *model, int impact, int likelihood);

/* Exposure modifiers.  The baselines are stated for the reference profile
 * (no rule matches it, by construction, checked on load); asset values move
 * impact by `asset step` levels per level of asset value above or below the
 * reference (doc/scoring.md). */
CR_PUBLIC const cr_profile *cr_model_reference_profile(const cr_model *model);
CR_PUBLIC double cr_model_asset_step(const cr_model *model);
CR_PUBLIC size_t cr_model_rule_count(const cr_model *model);
CR_PUBLIC const cr_modifier_rule *cr_model_rule(const cr_model *model, size_t index);
CR_PUBLIC bool cr_model_rule_matches(const cr_model *model, size_t index, const cr_profile *profile);

/* ---- the organisation profile ------------------------------------------ */

/* An organisation's own scale money, risk appetite, acceptance criteria and
 * capacity, applied over the shipped model (engine/model/organisation.c has
 * the form; doc/simulation.md and doc/plan.md the rules). */
typedef struct cr_organisation cr_organisation;

/* Person-days per month an owner gives to plan items when the profile says
 * nothing (or there is no profile). */
#define CR_ORG_DEFAULT_CAPACITY 10.0

CR_PUBLIC cr_status cr_organisation_load(const char *path, cr_organisation **out, cr_error *err);
/* An "organisation" block of a service file (errors name the block's path). */
CR_PUBLIC cr_status cr_organisation_from_json(const cJSON *block, const char *file, cr_organisation **out,
                                    cr_error *err);
CR_PUBLIC void cr_organisation_free(cr_organisation *org);
CR_PUBLIC const char *cr_organisation_name(const cr_organisation *org);
/* SHA-256 of what decides -- currency, impact bands, appetite, acceptable
 * level -- and of nothing else (names, dates, minutes, statements, capacity,
 * review interval): 64 hex digits. */
CR_PUBLIC const char *cr_organisation_sha256(const cr_organisation *org);
CR_PUBLIC bool cr_organisation_revenue(const cr_organisation *org, double *revenue);
/* The plausible range of the inherent expected annual loss (NAN when the
 * profile gives neither it nor revenue). */
CR_PUBLIC void cr_organisation_plausible_inherent(const cr_organisation *org, double *lower,
                                        double *upper);
/* Person-days per month of an owner (the profile's, its default, or
 * CR_ORG_DEFAULT_CAPACITY; org may be NULL). */
CR_PUBLIC double cr_organisation_capacity(const cr_organisation *org, const char *owner);
CR_PUBLIC long cr_organisation_review_months(const cr_organisation *org); /* 0: not given */
CR_PUBLIC const char *cr_organisation_route(const cr_organisation *org);  /* or NULL */

/* Put the profile's impact bands, appetite, acceptable level and approval
 * record in place of the model's, and make cr_model_sha256 the SHA-256 of
 * "model <files' hash>\norganisation <cr_organisation_sha256>\n", so that
 * every inputs hash that names the model follows what decides.  The profile
 * must outlive the model's use. */
CR_PUBLIC cr_status cr_model_apply_organisation(cr_model *model, const cr_organisation *org,
                                      cr_error *err);
CR_PUBLIC const cr_organisation *cr_model_organisation(const cr_model *model); /* or NULL */

#ifdef __cplusplus
}
#endif
#endif
