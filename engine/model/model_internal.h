/*
 * model_internal.h -- the loaded model's layout, shared by the files of
 * engine/model that each load one file of models/ (library-internal).
 *
 * Every string the model hands out points into the parsed JSON documents,
 * which the model keeps until cr_model_free; arrays are allocated here.
 */
#ifndef CR_MODEL_INTERNAL_H
#define CR_MODEL_INTERNAL_H

#include <limits.h>

#include "cloudrisk/model.h"
#include "util/json_util.h"

/* The files of a model, in the order model.json names them. */
enum model_file {
    MODEL_FILE_RISKS = 0,
    MODEL_FILE_SCALES,
    MODEL_FILE_CRITERIA,
    MODEL_FILE_MAPPING,
    MODEL_FILE_MODIFIERS,
    MODEL_FILE_SERVICE_SCHEMA,
    MODEL_N_FILES
};

/* A modifier rule's condition: every field set must hold. */
typedef struct rule_condition {
    unsigned service_models;  /* bit per cr_service_model; 0 = any */
    unsigned deployments;     /* bit per cr_deployment; 0 = any */
    int multi_tenant;         /* -1 any, else 0/1 */
    int internet_exposed;
    int personal_data;
    long users_min, users_max;
    long subcontractors_min, subcontractors_max;
    long jurisdictions_min, jurisdictions_max;
} rule_condition;

struct cr_model {
    const cr_catalog *catalog;
    cr_json_doc main_doc;
    cr_json_doc docs[MODEL_N_FILES];
    const char *name;
    const char *name_ja;   /* or NULL */
    const char *version;
    cr_text note;
    char sha256[65];       /* of the model in effect (files, and an organisation's
                              deciding part when one is applied) */
    char files_sha256[65]; /* of model.json and the files it lists */
    const cr_organisation *organisation; /* applied, borrowed; or NULL */

    const cr_catalog_item *const *controls; /* the catalogue's level-3 items */
    size_t n_controls;
    /* The controls by id, for cr_model_control_index: a service names its
     * controls by id, 135 lookups per service file and more per checklist,
     * which a linear search made a visible share of a batch. */
    struct model_control_key {
        const char *id;
        size_t index;
    } *control_keys;
    /* The organisation's own controls, when its profile adds some: they
     * follow the catalogue's (indexes from n_catalog_controls), and then
     * `controls` points to own_controls, which holds both. */
    size_t n_catalog_controls;
    const cr_catalog_item **own_controls;
    const struct org_controls *own;

    cr_risk *risks;
    size_t n_risks;
    const char **enisa;       /* storage behind every risk's enisa list */
    cr_enisa_rating *enisa_ratings; /* storage behind every risk's enisa_rating */
    cr_mapping *mappings;     /* storage behind every risk's controls */

    const char *currency;
    cr_scale_level impact[CR_SCALE_MAX];
    cr_scale_level likelihood[CR_SCALE_MAX];

    cr_criteria criteria;
    cr_risk_level *levels;

    cr_credit_rules credit;
    cr_evidence_kind *evidence_kinds; /* storage behind credit.evidence_kinds */

    cr_profile reference;
    const char **reference_jurisdictions;
    double asset_step;
    cr_modifier_rule *rules;
    rule_condition *conditions;
    char **condition_texts;
    double *deltas;           /* storage behind every rule's delta arrays */
    size_t n_rules;
};

/* One loader per file; each fills its part of the model from doc. */
cr_status cr_model_load_risks(cr_model *m, const cr_json_doc *doc, cr_error *err);
cr_status cr_model_load_scales(cr_model *m, const cr_json_doc *doc, cr_error *err);
cr_status cr_model_load_criteria(cr_model *m, const cr_json_doc *doc, cr_error *err);
cr_status cr_model_load_mapping(cr_model *m, const cr_json_doc *doc, cr_error *err);
cr_status cr_model_load_modifiers(cr_model *m, const cr_json_doc *doc, cr_error *err);

/* {"en": ..., "ja": ...}, both required and non-empty. */
cr_status cr_model_get_text(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                            cr_text *out);

#endif
