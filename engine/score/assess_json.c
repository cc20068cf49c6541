/*
 * assess_json.c -- an assessment as JSON ("cloudrisk-assessment/1"), the form
 * tools read: every score with how it came about, the required controls and
 * the gaps with their detailed controls, the heat maps, and where it all came
 * from (model version and hash, catalogue source hash, inputs' hash).
 */
#include <string.h>

#include "score/score_iface.h"
#include "util/json_build.h"

static const char *const dimension_names[CR_N_DIMENSIONS] = {"confidentiality", "integrity",
                                                             "availability"};

static cJSON *string_array(cr_jb *b, const char *const *items, size_t n)
{
    cJSON *arr = cr_jb_array(b);
    for (size_t i = 0; arr && i < n; i++)
        cr_jb_push(b, arr, cr_jb_string(b, items[i]));
    return arr;
}

static cJSON *control_ids(cr_jb *b, const cr_model *m, const size_t *controls, size_t n)
{
    cJSON *arr = cr_jb_array(b);
    for (size_t i = 0; arr && i < n; i++)
        cr_jb_push(b, arr, cr_jb_string(b, cr_model_control(m, controls[i])->id));
    return arr;
}

static cJSON *provenance(cr_jb *b, const cr_assessment *a)
{
    const cr_model *m = a->model;
    const cr_service *s = a->service;
    const cr_catalog *cat = cr_model_catalog(m);
    cJSON *obj = cr_jb_object(b);
    cJSON *model = cr_jb_add_object(b, obj, "model");
    cr_jb_str(b, model, "name", cr_model_name(m));
    cr_jb_str(b, model, "version", cr_model_version(m));
    cr_jb_str(b, model, "sha256", cr_model_sha256(m));
    cJSON *catalog = cr_jb_add_object(b, obj, "catalog");
    cr_jb_str(b, catalog, "source", cr_catalog_source_title(cat));
    cr_jb_str(b, catalog, "source_sha256", cr_catalog_source_sha256(cat));
    cJSON *inputs = cr_jb_add_object(b, obj, "inputs");
    cr_jb_str(b, inputs, "sha256", a->inputs_sha256);
    cr_jb_str(b, inputs, "service_sha256", cr_service_sha256(s));
    const char *checklist = cr_service_checklist_sha256(s);
    if (checklist)
        cr_jb_str(b, inputs, "checklist_sha256", checklist);
    else
        cr_jb_null(b, inputs, "checklist_sha256");
    return obj;
}

static cJSON *service_json(cr_jb *b, const cr_service *s)
{
    cJSON *obj = cr_jb_object(b);
    const cr_profile *p = cr_service_profile(s);
    cr_jb_str(b, obj, "id", cr_service_id(s));
    cr_jb_str(b, obj, "name", cr_service_name(s));
    cJSON *owner = cr_jb_add_object(b, obj, "owner");
    cr_jb_str(b, owner, "name", cr_service_owner_name(s));
    cr_jb_str(b, owner, "email", cr_service_owner_email(s));
    cJSON *profile = cr_jb_add_object(b, obj, "profile");
    cr_jb_str(b, profile, "service_model", cr_service_model_name(p->service_model));
    cr_jb_str(b, profile, "deployment", cr_deployment_name(p->deployment));
    cr_jb_bool(b, profile, "multi_tenant", p->multi_tenant);
    cr_jb_bool(b, profile, "internet_exposed", p->internet_exposed);
    cr_jb_num(b, profile, "users", (double)p->users);
    cr_jb_num(b, profile, "subcontractors", (double)p->subcontractors);
    cr_jb_put(b, profile, "jurisdictions",
                          string_array(b, p->jurisdictions, p->n_jurisdictions));
    cr_jb_bool(b, profile, "personal_data", p->personal_data);
    cJSON *assets = cr_jb_add_object(b, obj, "assets");
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        cr_jb_num(b, assets, dimension_names[d], p->assets[d]);
    return obj;
}

static cJSON *criteria_json(cr_jb *b, const cr_model *m)
{
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *obj = cr_jb_object(b);
    cr_jb_str(b, obj, "version", c->version);
    cr_jb_str(b, obj, "acceptable_level", c->levels[c->acceptable].id);
    cr_jb_str(b, obj, "approver", c->approver);
    cr_jb_str(b, obj, "approval_date", c->approval_date);
    cr_jb_str(b, obj, "minutes", c->minutes);
    return obj;
}

static cJSON *risk_json(cr_jb *b, const cr_assessment *a, const cr_risk_result *res, const char *lang)
{
    const cr_model *m = a->model;
    const cr_risk_score *sc = &res->score;
    const cr_risk *r = cr_model_risk(m, sc->risk);
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *obj = cr_jb_object(b);
    cr_jb_str(b, obj, "id", r->id);
    cr_jb_str(b, obj, "name", cr_text_get(&r->name, lang));
    cJSON *dims = cr_jb_add_array(b, obj, "dimensions");
    for (int d = 0; d < CR_N_DIMENSIONS; d++)
        if (r->dimensions & (1u << d))
            cr_jb_push(b, dims, cr_jb_string(b, dimension_names[d]));
    cr_jb_put(b, obj, "enisa", string_array(b, r->enisa, r->n_enisa));
    cJSON *inh = cr_jb_add_object(b, obj, "inherent");
    cr_jb_num(b, inh, "impact", sc->inherent_impact);
    cr_jb_num(b, inh, "likelihood", sc->inherent_likelihood);
    cr_jb_str(b, inh, "level", c->levels[sc->inherent_level].id);
    cr_jb_num(b, inh, "baseline_impact", r->baseline_impact);
    cr_jb_num(b, inh, "baseline_likelihood", r->baseline_likelihood);
    cr_jb_num(b, inh, "impact_asset_delta", sc->impact_asset_delta);
    cr_jb_num(b, inh, "impact_modifier_delta", sc->impact_modifier_delta);
    cr_jb_num(b, inh, "likelihood_modifier_delta", sc->likelihood_modifier_delta);
    cr_jb_bool(b, inh, "impact_overridden", sc->impact_overridden);
    cr_jb_bool(b, inh, "likelihood_overridden", sc->likelihood_overridden);
    cJSON *credit = cr_jb_add_object(b, obj, "credit");
    for (int role = 0; role < CR_N_ROLES; role++)
        cr_jb_num(b, credit, cr_role_name((cr_role)role), sc->strength[role]);
    cr_jb_num(b, credit, "likelihood_strength", sc->likelihood_strength);
    cr_jb_num(b, credit, "impact_strength", sc->impact_strength);
    cJSON *resid = cr_jb_add_object(b, obj, "residual");
    cr_jb_num(b, resid, "impact", sc->residual_impact);
    cr_jb_num(b, resid, "likelihood", sc->residual_likelihood);
    cr_jb_str(b, resid, "level", c->levels[sc->residual_level].id);
    cr_jb_num(b, resid, "impact_value", sc->residual_impact_value);
    cr_jb_num(b, resid, "likelihood_value", sc->residual_likelihood_value);
    cr_jb_bool(b, obj, "treatment_required", sc->treatment_required);
    cr_jb_bool(b, obj, "above_acceptable", sc->above_acceptable);
    cr_jb_put(b, obj, "required", control_ids(b, m, res->required, res->n_required));
    cr_jb_put(b, obj, "gaps", control_ids(b, m, res->gaps, res->n_gaps));
    return obj;
}

static cJSON *gap_json(cr_jb *b, const cr_assessment *a, size_t control, const char *lang)
{
    const cr_model *m = a->model;
    const cr_catalog_item *item = cr_model_control(m, control);
    const cr_control_state *state = &cr_service_controls(a->service)[control];
    cJSON *obj = cr_jb_object(b);
    cr_jb_str(b, obj, "id", item->id);
    cr_jb_str(b, obj, "title", cr_render_control_title(item, lang));
    cr_jb_bool(b, obj, "basic", item->basic);
    cr_jb_str(b, obj, "status", cr_render_status_word(state));
    if (state->owner)
        cr_jb_str(b, obj, "owner", state->owner);
    cJSON *risks = cr_jb_add_array(b, obj, "risks");
    for (size_t r = 0; r < a->n_risks; r++)
        for (size_t k = 0; k < a->risks[r].n_gaps; k++)
            if (a->risks[r].gaps[k] == control)
                cr_jb_push(b, risks, cr_jb_string(b, cr_model_risk(m, r)->id));
    cJSON *details = cr_jb_add_array(b, obj, "details");
    for (size_t k = 0; k < item->n_children; k++) {
        cJSON *d = cr_jb_object(b);
        cr_jb_str(b, d, "id", item->children[k]->id);
        cr_jb_str(b, d, "text_ja", item->children[k]->text_ja);
        cr_jb_push(b, details, d);
    }
    return obj;
}

static cJSON *heat_json(cr_jb *b, const int heat[CR_SCALE_MAX][CR_SCALE_MAX])
{
    cJSON *rows = cr_jb_array(b);
    for (int im = CR_SCALE_MAX; im >= CR_SCALE_MIN; im--)
        cr_jb_push(b, rows, cJSON_CreateIntArray(heat[im - 1], CR_SCALE_MAX));
    return rows;
}

cJSON *cr_assessment_to_json(const cr_assessment *a, const char *lang)
{
    const cr_model *m = a->model;
    cr_jb jb = {0}, *b = &jb;
    cJSON *root = cr_jb_object(b);
    cr_jb_str(b, root, "schema", "cloudrisk-assessment/1");
    cr_jb_str(b, root, "lang", cr_render_lang(lang));
    cJSON *prov = provenance(b, a);
    for (cJSON *item = prov ? prov->child : NULL; item; item = prov->child) {
        cJSON_DetachItemViaPointer(prov, item);
        cr_jb_put(b, root, item->string, item);
    }
    cJSON_Delete(prov);
    cr_jb_put(b, root, "service", service_json(b, a->service));
    cr_jb_put(b, root, "criteria", criteria_json(b, m));
    cJSON *rules = cr_jb_add_array(b, root, "modifiers_applied");
    for (size_t i = 0; i < a->n_applied_rules; i++) {
        const cr_modifier_rule *rule = cr_model_rule(m, a->applied_rules[i]);
        cJSON *r = cr_jb_object(b);
        cr_jb_str(b, r, "id", rule->id);
        cr_jb_str(b, r, "condition", rule->condition);
        cr_jb_str(b, r, "reason", cr_text_get(&rule->reason, lang));
        cr_jb_push(b, rules, r);
    }
    cJSON *risks = cr_jb_add_array(b, root, "risks");
    for (size_t i = 0; i < a->n_risks; i++)
        cr_jb_push(b, risks, risk_json(b, a, &a->risks[i], lang));
    cr_jb_put(b, root, "required_controls", control_ids(b, m, a->required, a->n_required));
    cJSON *gaps = cr_jb_add_array(b, root, "gaps");
    for (size_t i = 0; i < a->n_gaps; i++)
        cr_jb_push(b, gaps, gap_json(b, a, a->gaps[i], lang));
    cJSON *inherited = cr_jb_add_array(b, root, "inherited");
    const cr_control_state *states = cr_service_controls(a->service);
    for (size_t i = 0; i < a->n_inherited; i++) {
        const cr_control_state *st = &states[a->inherited[i]];
        const cr_catalog_item *item = cr_model_control(m, a->inherited[i]);
        cJSON *x = cr_jb_object(b);
        cr_jb_str(b, x, "id", item->id);
        cr_jb_str(b, x, "title", cr_render_control_title(item, lang));
        cr_jb_str(b, x, "provider", st->provider);
        cr_jb_str(b, x, "evidence_kind", st->evidence_kind);
        cr_jb_str(b, x, "evidence_date", st->evidence_date);
        if (st->evidence)
            cr_jb_str(b, x, "evidence", st->evidence);
        cr_jb_bool(b, x, "stale", cr_control_evidence_stale(m, st, a->as_of));
        cr_jb_push(b, inherited, x);
    }
    if (a->n_inherited)
        cr_jb_str(b, root, "evidence_as_of", a->as_of);
    cJSON *heat = cr_jb_add_object(b, root, "heat_map");
    cr_jb_put(b, heat, "impact_rows", cJSON_CreateIntArray((const int[]){5, 4, 3, 2, 1}, 5));
    cr_jb_put(b, heat, "inherent", heat_json(b, a->heat_inherent));
    cr_jb_put(b, heat, "residual", heat_json(b, a->heat_residual));
    cJSON *summary = cr_jb_add_object(b, root, "summary");
    cr_level_counts counts;
    cr_render_count_levels(a, &counts);
    const cr_criteria *c = cr_model_criteria(m);
    cJSON *si = cr_jb_add_object(b, summary, "inherent");
    cJSON *sr = cr_jb_add_object(b, summary, "residual");
    for (size_t l = 0; l < c->n_levels; l++) {
        cr_jb_num(b, si, c->levels[l].id, counts.inherent[l]);
        cr_jb_num(b, sr, c->levels[l].id, counts.residual[l]);
    }
    cr_jb_num(b, summary, "required_controls", (double)a->n_required);
    cr_jb_num(b, summary, "gaps", (double)a->n_gaps);
    cr_jb_num(b, summary, "inherited", (double)a->n_inherited);
    cr_jb_num(b, summary, "stale_evidence", (double)a->n_stale);
    return cr_jb_result(b, root);
}
