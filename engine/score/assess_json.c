/*
 * assess_json.c -- an assessment as JSON ("cloudrisk-assessment/1"), the form
 * tools read: every score with how it came about, the required controls and
 * the gaps with their detailed controls, the heat maps, and where it all came
 * from (model version and hash, catalogue source hash, inputs' hash).
 */
#include <string.h>

#include "score/assess_render.h"

static const char *const dimension_names[CR_N_DIMENSIONS] = {"confidentiality", "integrity",
                                                             "availability"};

static cJSON *string_array(const char *const *items, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(items[i]));
    return arr;
}

static cJSON *control_ids(const cr_model *m, const size_t *controls, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(cr_model_control(m, controls[i])->id));
    return arr;
}

static cJSON *provenance(const cr_assessment *a)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_catalog *cat = cr_model_catalog(m);
    cJSON *obj = cJSON_CreateObject();
    cJSON *model = cJSON_AddObjectToObject(obj, "model");
    cJSON_AddStringToObject(model, "name", cr_model_name(m));
    cJSON_AddStringToObject(model, "version", cr_model_version(m));
    cJSON_AddStringToObject(model, "sha256", cr_model_sha256(m));
    cJSON *catalog = cJSON_AddObjectToObject(obj, "catalog");
    cJSON_AddStringToObject(catalog, "source", cr_catalog_source_title(cat));
    cJSON_AddStringToObject(catalog, "source_sha256", cr_catalog_source_sha256(cat));
    cJSON *inputs = cJSON_AddObjectToObject(obj, "inputs");
    cJSON_AddStringToObject(inputs, "sha256", a->inputs_sha256);
    cJSON_AddStringToObject(inputs, "service_sha256", cr_service_sha256(s));
    const char *checklist = cr_service_checklist_sha256(s);
    if (checklist)
        cJSON_AddStringToObject(inputs, "checklist_sha256", checklist);
    else
        cJSON_AddNullToObject(inputs, "checklist_sha256");
    return obj;
}

static cJSON *service_json(const cr_service *s)
{
    cJSON *obj = cJSON_CreateObject();
    const cr_profile *p = cr_service_profile(s);
    cJSON_AddStringToObject(obj, "id", cr_service_id(s));
    cJSON_AddStringToObject(obj, "name", cr_service_name(s));
    cJSON *owner = cJSON_AddObjectToObject(obj, "owner");
    cJSON_AddStringToObject(owner, "name", cr_service_owner_name(s));
    cJSON_AddStringToObject(owner, "email", cr_service_owner_email(s));
    cJSON *profile = cJSON_AddObjectToObject(obj, "profile");
    cJSON_AddStringToObject(profile, "service_model", cr_service_model_name(p->service_model));
    cJSON_AddStringToObject(profile, "deployment", cr_deployment_name(p->deployment));
    cJSON_AddBoolToObject(profile, "multi_tenant", p->multi_tenant);
    cJSON_AddBoolToObject(profile, "internet_exposed", p->internet_exposed);
    cJSON_AddNumberToObject(profile, "users", (double)p->users);
    cJSON_AddNumberToObject(profile, "subcontractors", (double)p->subcontractors);
    cJSON_AddItemToObject(profile, "jurisdictions",
                          string_array(p->jurisdictions, p->n_jurisdictions));
    cJSON_AddBoolToObject(profile, "personal_data", p->personal_data);
    cJSON *assets = cJSON_AddObjectToObject(obj, "assets");
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        cJSON_AddNumberToObject(assets, dimension_names[d], p->assets[d]);
    return obj;
}

static cJSON *criteria_json(const cr_model *m)
{
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "version", c->version);
    cJSON_AddStringToObject(obj, "acceptable_level", c->levels[c->acceptable].id);
    cJSON_AddStringToObject(obj, "approver", c->approver);
    cJSON_AddStringToObject(obj, "approval_date", c->approval_date);
    cJSON_AddStringToObject(obj, "minutes", c->minutes);
    return obj;
}

static cJSON *risk_json(const cr_assessment *a, const cr_risk_result *res, const char *lang)
{
    const cr_model *m = a->model;
    const cr_risk_score *sc = &res->score;
    const cr_risk *r = cr_model_risk(m, sc->risk);
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "id", r->id);
    cJSON_AddStringToObject(obj, "name", cr_text_get(&r->name, lang));
    cJSON *dims = cJSON_AddArrayToObject(obj, "dimensions");
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        if (r->dimensions & (1u << d))
            cJSON_AddItemToArray(dims, cJSON_CreateString(dimension_names[d]));
    cJSON_AddItemToObject(obj, "enisa", string_array(r->enisa, r->n_enisa));
    cJSON *inh = cJSON_AddObjectToObject(obj, "inherent");
    cJSON_AddNumberToObject(inh, "impact", sc->inherent_impact);
    cJSON_AddNumberToObject(inh, "likelihood", sc->inherent_likelihood);
    cJSON_AddStringToObject(inh, "level", c->levels[sc->inherent_level].id);
    cJSON_AddNumberToObject(inh, "baseline_impact", r->baseline_impact);
    cJSON_AddNumberToObject(inh, "baseline_likelihood", r->baseline_likelihood);
    cJSON_AddNumberToObject(inh, "impact_asset_delta", sc->impact_asset_delta);
    cJSON_AddNumberToObject(inh, "impact_modifier_delta", sc->impact_modifier_delta);
    cJSON_AddNumberToObject(inh, "likelihood_modifier_delta", sc->likelihood_modifier_delta);
    cJSON_AddBoolToObject(inh, "impact_overridden", sc->impact_overridden);
    cJSON_AddBoolToObject(inh, "likelihood_overridden", sc->likelihood_overridden);
    cJSON *credit = cJSON_AddObjectToObject(obj, "credit");
    for (int role = 0; role < CR_N_ROLES; role++)
        cJSON_AddNumberToObject(credit, cr_role_name((cr_role)role), sc->strength[role]);
    cJSON_AddNumberToObject(credit, "likelihood_strength", sc->likelihood_strength);
    cJSON_AddNumberToObject(credit, "impact_strength", sc->impact_strength);
    cJSON *resid = cJSON_AddObjectToObject(obj, "residual");
    cJSON_AddNumberToObject(resid, "impact", sc->residual_impact);
    cJSON_AddNumberToObject(resid, "likelihood", sc->residual_likelihood);
    cJSON_AddStringToObject(resid, "level", c->levels[sc->residual_level].id);
    cJSON_AddNumberToObject(resid, "impact_value", sc->residual_impact_value);
    cJSON_AddNumberToObject(resid, "likelihood_value", sc->residual_likelihood_value);
    cJSON_AddBoolToObject(obj, "treatment_required", sc->treatment_required);
    cJSON_AddBoolToObject(obj, "above_acceptable", sc->above_acceptable);
    cJSON_AddItemToObject(obj, "required", control_ids(m, res->required, res->n_required));
    cJSON_AddItemToObject(obj, "gaps", control_ids(m, res->gaps, res->n_gaps));
    return obj;
}

static cJSON *gap_json(const cr_assessment *a, size_t control, const char *lang)
{
    const cr_model *m = a->model;
    const cr_catalog_item *item = cr_model_control(m, control);
    const cr_control_state *state = &cr_service_controls(a->service)[control];
    cJSON *obj = cJSON_CreateObject();
    cJSON_AddStringToObject(obj, "id", item->id);
    cJSON_AddStringToObject(obj, "title", cr_render_control_title(item, lang));
    cJSON_AddBoolToObject(obj, "basic", item->basic);
    cJSON_AddStringToObject(obj, "status", cr_render_status_word(state));
    if (state->owner)
        cJSON_AddStringToObject(obj, "owner", state->owner);
    cJSON *risks = cJSON_AddArrayToObject(obj, "risks");
    for (size_t r = 0; r < a->n_risks; r++)
        for (size_t k = 0; k < a->risks[r].n_gaps; k++)
            if (a->risks[r].gaps[k] == control)
                cJSON_AddItemToArray(risks, cJSON_CreateString(cr_model_risk(m, r)->id));
    cJSON *details = cJSON_AddArrayToObject(obj, "details");
    for (size_t k = 0; k < item->n_children; k++) {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "id", item->children[k]->id);
        cJSON_AddStringToObject(d, "text_ja", item->children[k]->text_ja);
        cJSON_AddItemToArray(details, d);
    }
    return obj;
}

static cJSON *heat_json(const int heat[CR_SCALE_MAX][CR_SCALE_MAX])
{
    cJSON *rows = cJSON_CreateArray();
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--)
        cJSON_AddItemToArray(rows, cJSON_CreateIntArray(heat[im - 1], CR_SCALE_MAX));
    return rows;
}

cJSON *cr_assessment_to_json(const cr_assessment *a, const char *lang)
{
    const cr_model *m = a->model;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "schema", "cloudrisk-assessment/1");
    cJSON_AddStringToObject(root, "lang", cr_render_lang(lang));
    cJSON *prov = provenance(a);
    for (cJSON *item = prov ? prov->child : NULL; item; item = prov->child) {
        cJSON_DetachItemViaPointer(prov, item);
        cJSON_AddItemToObject(root, item->string, item);
    }
    cJSON_Delete(prov);
    cJSON_AddItemToObject(root, "service", service_json(a->service));
    cJSON_AddItemToObject(root, "criteria", criteria_json(m));
    cJSON *rules = cJSON_AddArrayToObject(root, "modifiers_applied");
    for (size_t i = 0; i < a->n_applied_rules; i++) {
        const cr_modifier_rule *rule = cr_model_rule(m, a->applied_rules[i]);
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "id", rule->id);
        cJSON_AddStringToObject(r, "condition", rule->condition);
        cJSON_AddStringToObject(r, "reason", cr_text_get(&rule->reason, lang));
        cJSON_AddItemToArray(rules, r);
    }
    cJSON *risks = cJSON_AddArrayToObject(root, "risks");
    for (size_t i = 0; i < a->n_risks; i++)
        cJSON_AddItemToArray(risks, risk_json(a, &a->risks[i], lang));
    cJSON_AddItemToObject(root, "required_controls", control_ids(m, a->required, a->n_required));
    cJSON *gaps = cJSON_AddArrayToObject(root, "gaps");
    for (size_t i = 0; i < a->n_gaps; i++)
        cJSON_AddItemToArray(gaps, gap_json(a, a->gaps[i], lang));
    cJSON *inherited = cJSON_AddArrayToObject(root, "inherited");
    const cr_control_state *states = cr_service_controls(a->service);
    for (size_t i = 0; i < a->n_inherited; i++) {
        const cr_control_state *st = &states[a->inherited[i]];
        const cr_catalog_item *item = cr_model_control(m, a->inherited[i]);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", item->id);
        cJSON_AddStringToObject(x, "title", cr_render_control_title(item, lang));
        cJSON_AddStringToObject(x, "provider", st->provider);
        cJSON_AddStringToObject(x, "evidence_kind", st->evidence_kind);
        cJSON_AddStringToObject(x, "evidence_date", st->evidence_date);
        if (st->evidence)
            cJSON_AddStringToObject(x, "evidence", st->evidence);
        cJSON_AddBoolToObject(x, "stale", cr_control_evidence_stale(m, st, a->as_of));
        cJSON_AddItemToArray(inherited, x);
    }
    if (a->n_inherited)
        cJSON_AddStringToObject(root, "evidence_as_of", a->as_of);
    cJSON *heat = cJSON_AddObjectToObject(root, "heat_map");
    cJSON_AddItemToObject(heat, "impact_rows", cJSON_CreateIntArray((const int[]){5, 4, 3, 2, 1}, 5));
    cJSON_AddItemToObject(heat, "inherent", heat_json(a->heat_inherent));
    cJSON_AddItemToObject(heat, "residual", heat_json(a->heat_residual));
    cJSON *summary = cJSON_AddObjectToObject(root, "summary");
    cr_level_counts counts;
    cr_render_count_levels(a, &counts);
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *si = cJSON_AddObjectToObject(summary, "inherent");
    cJSON *sr = cJSON_AddObjectToObject(summary, "residual");
    for (size_t l = 0; l < c->n_levels; l++) {
        cJSON_AddNumberToObject(si, c->levels[l].id, counts.inherent[l]);
        cJSON_AddNumberToObject(sr, c->levels[l].id, counts.residual[l]);
    }
    cJSON_AddNumberToObject(summary, "required_controls", (double)a->n_required);
    cJSON_AddNumberToObject(summary, "gaps", (double)a->n_gaps);
    cJSON_AddNumberToObject(summary, "inherited", (double)a->n_inherited);
    cJSON_AddNumberToObject(summary, "stale_evidence", (double)a->n_stale);
    return root;
}
