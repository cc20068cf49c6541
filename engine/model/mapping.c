/*
 * mapping.c -- models/mapping.json: which controls act on which risk, in what
 * role and with what weight, and how a control's status earns credit.
 *
 * Checked here: every risk of risks.json has exactly one entry; every control
 * id is a control of the catalogue (not a category, subcategory or detailed
 * control) and appears once per risk; each entry is "required" or
 * "supporting"; weights are positive; every reason names at least one
 * detailed control of its control (e.g. "(7.2.1.3)" for 7.2.1), so that a
 * reviewer can check the entry against the standard's words.  A control that
 * acts on no risk is allowed: it is never required and earns no credit, and
 * doc/scoring.md lists it.  The credit factors must not fall as the status
 * rises, or implementing a control could raise a residual; an inherited
 * control earns the implemented factor, its effectiveness capped by the kind
 * of its evidence.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "util/values.h"

static const char *const role_names[CR_N_ROLES] = {"preventive", "detective", "corrective"};
static const char *const status_names[CR_N_CONTROL_STATUSES] = {
    "not_implemented", "planned", "partial", "implemented", "inherited", "not_applicable"};
static const char *const kind_names[CR_N_MAPPING_KINDS] = {"required", "supporting"};

const char *cr_mapping_kind_name(cr_mapping_kind kind)
{
    return (unsigned)kind < CR_N_MAPPING_KINDS ? kind_names[kind] : "?";
}

const char *cr_role_name(cr_role role)
{
    return (unsigned)role < CR_N_ROLES ? role_names[role] : "?";
}

const char *cr_control_status_name(cr_control_status status)
{
    return (unsigned)status < CR_N_CONTROL_STATUSES ? status_names[status] : "?";
}

bool cr_control_status_parse(const char *typed, cr_control_status *out)
{
    /* Any letter case, and the Japanese words (util/values.c). */
    const char *word = cr_value_word(CR_VALUE_STATUS, typed);
    for (int i = 0; i < CR_N_CONTROL_STATUSES && word; i++)
        if (strcmp(word, status_names[i]) == 0) {
            *out = (cr_control_status)i;
            return true;
        }
    return false;
}

/* "inherited_evidence": {"ismap": {"name": {...}, "effectiveness": 0.9}, ...} */
static cr_status load_evidence_kinds(cr_jctx *c, cr_model *m, const cJSON *credit)
{
    const cJSON *kinds = NULL;
    const char *const kp = "$.credit.inherited_evidence";
    static const char *const keys[] = {"name", "effectiveness"};
    cr_status st = cr_json_get_object(c, credit, "$.credit", "inherited_evidence", true, &kinds);
    if (st != CR_OK)
        return st;
    size_t n = (size_t)cJSON_GetArraySize(kinds);
    if (n == 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, kp,
                            "expected at least one kind of evidence, such as \"ismap\": "
                            "{\"name\": {...}, \"effectiveness\": 0.9}");
    m->evidence_kinds = calloc(n, sizeof *m->evidence_kinds);
    if (!m->evidence_kinds)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    size_t i = 0;
    for (const cJSON *e = kinds->child; e && st == CR_OK; e = e->next, i++) {
        char p[256];
        cr_jpath_key(p, sizeof p, kp, e->string);
        cr_evidence_kind *k = &m->evidence_kinds[i];
        k->id = e->string;
        st = cr_json_check_keys(c, e, p, keys, 2);
        if (st == CR_OK)
            st = cr_model_get_text(c, e, p, "name", &k->name);
        if (st == CR_OK)
            st = cr_json_get_number(c, e, p, "effectiveness", true, 0, 1, &k->effectiveness,
                                    NULL);
    }
    m->credit.evidence_kinds = m->evidence_kinds;
    m->credit.n_evidence_kinds = n;
    return st;
}

static cr_status load_credit(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *credit = NULL, *factors = NULL;
    static const char *const keys[] = {"status_factor",        "max_likelihood_reduction",
                                       "max_impact_reduction", "inherited_evidence",
                                       "evidence_valid_years", "note"};
    const char *const cp = "$.credit", *const fp = "$.credit.status_factor";
    cr_status st = cr_json_get_object(c, root, "$", "credit", true, &credit);
    if (st == CR_OK)
        st = cr_json_check_keys(c, credit, cp, keys, sizeof keys / sizeof keys[0]);
    if (st == CR_OK)
        st = cr_json_get_object(c, credit, cp, "status_factor", true, &factors);
    /* inherited earns implemented's factor; not_applicable has none: such
     * controls are left out. */
    if (st == CR_OK)
        st = cr_json_check_keys(c, factors, fp, status_names, CR_CONTROL_INHERITED);
    for (int s = 0; s < CR_CONTROL_INHERITED && st == CR_OK; s++) {
        st = cr_json_get_number(c, factors, fp, status_names[s], true, 0, 1,
                                &m->credit.status_factor[s], NULL);
        if (st == CR_OK && s > 0 && m->credit.status_factor[s] < m->credit.status_factor[s - 1])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, fp,
                                "\"%s\" earns less than \"%s\"; factors must not fall from "
                                "not_implemented to planned, partial and implemented",
                                status_names[s], status_names[s - 1]);
    }
    if (st == CR_OK)
        st = cr_json_get_number(c, credit, cp, "max_likelihood_reduction", true, 0,
                                CR_SCALE_MAX - CR_SCALE_MIN, &m->credit.max_likelihood_reduction,
                                NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, credit, cp, "max_impact_reduction", true, 0,
                                CR_SCALE_MAX - CR_SCALE_MIN, &m->credit.max_impact_reduction,
                                NULL);
    if (st == CR_OK)
        st = load_evidence_kinds(c, m, credit);
    long years = 0;
    if (st == CR_OK)
        st = cr_json_get_int(c, credit, cp, "evidence_valid_years", true, 1, 10, &years, NULL);
    m->credit.evidence_valid_years = (int)years;
    m->credit.status_factor[CR_CONTROL_INHERITED] =
        m->credit.status_factor[CR_CONTROL_IMPLEMENTED];
    return st;
}

/* Resolve a control id to its index, with an error that says what the id is
 * when it is not a control. */
static cr_status resolve_control(cr_jctx *c, const cr_model *m, const char *id, const char *path,
                                 size_t *index)
{
    long i = cr_model_control_index(m, id);
    if (i >= 0) {
        *index = (size_t)i;
        return CR_OK;
    }
    const cr_catalog_item *item = cr_catalog_control(m->catalog, id);
    if (item)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "\"%.40s\" is a %s, not a control; expected a control id such as "
                            "\"7.4.1\"", id,
                            item->level == CR_LEVEL_DETAIL ? "detailed control"
                            : item->level == CR_LEVEL_SUBCATEGORY ? "subcategory"
                                                                 : "category");
    return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                        "unknown control \"%.40s\"; expected a control id of the standard such "
                        "as \"7.4.1\"", id);
}

/* Does `reason` name a detailed control of `control`: its id, a dot and a
 * number of one of its detailed controls, standing alone ("7.2.1.3" for
 * 7.2.1, not "17.2.1.3" nor "7.2.1.39" when 7.2.1 has fewer)? */
static bool names_detail(const cr_catalog_item *control, const char *reason)
{
    size_t n = strlen(control->id);
    for (const char *p = strstr(reason, control->id); p; p = strstr(p + 1, control->id)) {
        if (p > reason && (isalnum((unsigned char)p[-1]) || p[-1] == '.'))
            continue;
        if (p[n] != '.' || !isdigit((unsigned char)p[n + 1]))
            continue;
        size_t len = n + 1;
        while (isdigit((unsigned char)p[len]))
            len++;
        if (p[len] == '.' && isdigit((unsigned char)p[len + 1]))
            continue;
        for (size_t k = 0; k < control->n_children; k++)
            if (strlen(control->children[k]->id) == len &&
                strncmp(control->children[k]->id, p, len) == 0)
                return true;
    }
    return false;
}

static cr_status load_entry(cr_jctx *c, cr_model *m, const cJSON *item, const char *p,
                            cr_risk *r, cr_mapping *out)
{
    static const char *const keys[] = {"control", "kind", "role", "weight", "reason"};
    const char *id = NULL;
    int role = 0, kind = 0;
    char idp[256];
    cr_jpath_key(idp, sizeof idp, p, "control");
    cr_status st = cr_json_check_keys(c, item, p, keys, 5);
    if (st == CR_OK)
        st = cr_json_get_string(c, item, p, "control", true, 40, &id);
    if (st == CR_OK)
        st = resolve_control(c, m, id, idp, &out->control);
    for (size_t k = 0; k < r->n_controls && st == CR_OK; k++)
        if (r->controls[k].control == out->control)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, idp,
                                "control %s is mapped to %s twice; map each control once per "
                                "risk, with one role",
                                id, r->id);
    if (st == CR_OK)
        st = cr_json_get_enum(c, item, p, "kind", true, kind_names, CR_N_MAPPING_KINDS, &kind,
                              NULL);
    if (st == CR_OK)
        st = cr_json_get_enum(c, item, p, "role", true, role_names, CR_N_ROLES, &role, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, item, p, "weight", true, 1e-6, 10, &out->weight, NULL);
    if (st == CR_OK)
        st = cr_json_get_string(c, item, p, "reason", true, 400, &out->reason);
    if (st == CR_OK && !out->reason[0]) {
        char rp[256];
        cr_jpath_key(rp, sizeof rp, p, "reason");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, rp,
                            "expected a one-line reason why the control acts on the risk");
    }
    if (st == CR_OK && !names_detail(m->controls[out->control], out->reason)) {
        char rp[256];
        cr_jpath_key(rp, sizeof rp, p, "reason");
        const cr_catalog_item *ctl = m->controls[out->control];
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, rp,
                            "the reason names no detailed control of %s; expected it to name "
                            "the detailed control(s) that make the entry true, such as "
                            "\"(%s)\"",
                            ctl->id, ctl->n_children ? ctl->children[0]->id : ctl->id);
    }
    out->kind = (cr_mapping_kind)kind;
    out->role = (cr_role)role;
    out->item = st == CR_OK ? m->controls[out->control] : NULL;
    return st;
}

cr_status cr_model_load_mapping(cr_model *m, const cr_json_doc *doc, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    static const char *const top[] = {"about", "credit", "risks"};
    const cJSON *list = NULL;
    cr_status st = cr_json_check_keys(&c, doc->root, "$", top, 3);
    if (st == CR_OK)
        st = load_credit(&c, m, doc->root);
    if (st == CR_OK)
        st = cr_json_get_array(&c, doc->root, "$", "risks", true, &list);
    if (st != CR_OK)
        return st;
    size_t total = 0;
    for (const cJSON *item = list->child; item; item = item->next) {
        const cJSON *cs = cJSON_GetObjectItemCaseSensitive(item, "controls");
        total += cJSON_IsArray(cs) ? (size_t)cJSON_GetArraySize(cs) : 0;
    }
    m->mappings = calloc(total + 1, sizeof *m->mappings);
    if (!m->mappings)
        return cr_error_set(err, CR_ERR_MEMORY, doc->file, 0, NULL, "out of memory");
    static const char *const keys[] = {"risk", "controls"};
    size_t used = 0, i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char p[256], rp[256], cp[256];
        cr_jpath_index(p, sizeof p, "$.risks", i);
        cr_jpath_key(rp, sizeof rp, p, "risk");
        cr_jpath_key(cp, sizeof cp, p, "controls");
        const char *id = NULL;
        const cJSON *controls = NULL;
        st = cr_json_check_keys(&c, item, p, keys, 2);
        if (st == CR_OK)
            st = cr_json_get_string(&c, item, p, "risk", true, 40, &id);
        if (st != CR_OK)
            break;
        cr_risk *r = (cr_risk *)cr_model_find_risk(m, id);
        if (!r)
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, rp,
                                "unknown risk \"%.40s\"; expected an id of risks.json", id);
        if (r->controls)
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, rp,
                                "risk %s is listed twice; list each risk once", id);
        st = cr_json_get_array(&c, item, p, "controls", true, &controls);
        if (st != CR_OK)
            break;
        if (!controls->child)
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, cp,
                                "expected at least one control for risk %s", id);
        r->controls = &m->mappings[used];
        r->n_controls = 0;
        size_t k = 0;
        for (const cJSON *entry = controls->child; entry && st == CR_OK; entry = entry->next, k++) {
            char ep[256];
            cr_jpath_index(ep, sizeof ep, cp, k);
            st = load_entry(&c, m, entry, ep, r, &m->mappings[used]);
            if (st == CR_OK) {
                used++;
                r->n_controls++;
            }
        }
    }
    if (st != CR_OK)
        return st;
    for (size_t k = 0; k < m->n_risks; k++)
        if (!m->risks[k].controls)
            return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, "$.risks",
                                "risk %s of risks.json has no entry; every risk needs its "
                                "controls",
                                m->risks[k].id);
    return CR_OK;
}
