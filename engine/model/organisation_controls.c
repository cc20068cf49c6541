/*
 * organisation_controls.c -- the organisation's own controls: those its own
 * business needs beyond the standard's (management standard 1.4.2: 「その他
 * の管理策を追加してもよい」), read from the profile's "controls":
 *
 *   "controls": [
 *     {"id": "SHR-01",                        letters, digits, "-", "_", ".";
 *                                             not an id of the standard
 *      "title": {"en": "...", "ja": "..."},   or one string for both
 *      "text": {"en": "...", "ja": "..."},    what the control does (optional)
 *      "requires": ["CR01"],                  risks whose treatment needs it
 *      "supports": ["CR05"],                  risks it mitigates, never a gap
 *      "role": "preventive",                  or "detective", "corrective"
 *      "weight": 2,                           optional, 1 minor .. 3 key (2)
 *      "cost": {"one_off": 3000000, "annual": 1200000, "effort_days": 20}}]
 *
 * Applied to a model, each becomes a control after the standard's 135, with
 * one mapping entry per risk it requires or supports, and then takes part in
 * the checklist of the service, scoring, gaps, simulation and plan exactly
 * like a control of the standard mapped the same way (doc/scoring.md).  Its
 * titles, and its text where an output quotes the standard's wording, carry
 * the mark 「組織が追加した管理策」 / "organisation's own control"
 * so that no output can pass it off as the standard's; its cost is the
 * profile's, not an effort class of models/costs.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_iface.h"
#include "model/model_internal.h"
#include "model/organisation_controls.h"

#define OWN_ID_MAX 24
#define OWN_MAX 200
#define MARK_EN " (organisation's own control)"
#define MARK_JA "（組織が追加した管理策）"
#define MARK_TEXT_JA "【組織が追加した管理策】"
#define MAX_AMOUNT 1e15

static const char *const role_words[CR_N_ROLES] = {"preventive", "detective", "corrective"};

void org_controls_free(org_controls *oc)
{
    if (!oc)
        return;
    for (size_t i = 0; i < oc->n; i++) {
        free(oc->list[i].title_en);
        free(oc->list[i].title_ja);
        free(oc->list[i].text_ja);
    }
    free(oc->list);
    free(oc->ids);
    memset(oc, 0, sizeof *oc);
}

/* Letters, digits, "-", "_", "."; a letter first; not a form the standard's
 * ids take ("7.4.1", "C.2.1"), which would read as the standard's. */
static bool own_id_form(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > OWN_ID_MAX)
        return false;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

/* A text {"en", "ja"} or one string serving both; required non-empty. */
static cr_status get_text(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                          bool required, cr_text *out)
{
    char p[300];
    cr_jpath_key(p, sizeof p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v && !required)
        return CR_OK;
    if (cJSON_IsString(v) && v->valuestring[0]) {
        out->en = out->ja = v->valuestring;
        return CR_OK;
    }
    if (cJSON_IsObject(v))
        return cr_model_get_text(c, obj, path, key, out);
    return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                        "%s; expected the control's %s: a non-empty string, or {\"en\": "
                        "\"...\", \"ja\": \"...\"}",
                        v ? "not a text" : "missing", key);
}

/* "requires" / "supports": an array of risk ids (the ids are checked against
 * the model when the profile is applied). */
static cr_status get_risks(cr_jctx *c, const cJSON *obj, const char *path, const char *key,
                           const char **storage, size_t *used, const char *const **out,
                           size_t *n)
{
    const cJSON *list = NULL;
    char p[300];
    cr_jpath_key(p, sizeof p, path, key);
    cr_status st = cr_json_get_array(c, obj, path, key, false, &list);
    *out = storage + *used;
    *n = 0;
    if (st != CR_OK || !list)
        return st;
    size_t k = 0;
    for (const cJSON *e = list->child; e; e = e->next, k++) {
        char ep[320];
        cr_jpath_index(ep, sizeof ep, p, k);
        if (!cJSON_IsString(e) || !e->valuestring[0] || strlen(e->valuestring) > 40)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ep,
                                "expected a risk id of the model, such as \"CR01\"");
        for (size_t j = 0; j < *n; j++)
            if (strcmp((*out)[j], e->valuestring) == 0)
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ep,
                                    "risk %s is listed twice; list each risk once",
                                    e->valuestring);
        storage[(*used)++] = e->valuestring;
        (*n)++;
    }
    return CR_OK;
}

static cr_status get_cost(cr_jctx *c, const cJSON *obj, const char *path, org_control *o)
{
    static const char *const keys[] = {"one_off", "annual", "effort_days"};
    const char *const form = "expected {\"one_off\": amount, \"annual\": amount, "
                             "\"effort_days\": days} in the profile's currency";
    char p[300];
    cr_jpath_key(p, sizeof p, path, "cost");
    const cJSON *cost = cJSON_GetObjectItemCaseSensitive(obj, "cost");
    if (!cJSON_IsObject(cost))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p, "%s; %s",
                            cost ? "not an object" : "missing", form);
    cr_status st = cr_json_check_keys(c, cost, p, keys, 3);
    if (st == CR_OK)
        st = cr_json_get_number(c, cost, p, "one_off", true, 0, MAX_AMOUNT, &o->one_off, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, cost, p, "annual", true, 0, MAX_AMOUNT, &o->annual, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, cost, p, "effort_days", true, 0.5, 1e6, &o->effort_days,
                                NULL);
    return st;
}

static char *joined(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *s = malloc(na + nb + 1);
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
    }
    return s;
}

static cr_status parse_one(cr_jctx *c, const cJSON *e, const char *p, org_controls *oc,
                           size_t *used)
{
    static const char *const keys[] = {"id",   "title",  "text", "requires", "supports",
                                       "role", "weight", "cost"};
    org_control *o = &oc->list[oc->n];
    if (!cJSON_IsObject(e))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "expected a control {\"id\", \"title\", \"requires\" or "
                            "\"supports\", \"role\", \"cost\"}, got %s",
                            cr_json_type_name(e));
    const char *id = NULL;
    cr_text title = {0}, text = {0};
    int role = 0;
    char ip[300];
    cr_jpath_key(ip, sizeof ip, p, "id");
    cr_status st = cr_json_check_keys(c, e, p, keys, sizeof keys / sizeof keys[0]);
    if (st == CR_OK)
        st = cr_json_get_string(c, e, p, "id", true, 200, &id);
    if (st == CR_OK && cr_catalog_id_well_formed(id, NULL))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                            "\"%.40s\" has the form of an id of the standard; expected an id "
                            "of the organisation's own, such as \"ORG-01\", that cannot be "
                            "mistaken for the standard's",
                            id);
    if (st == CR_OK && !own_id_form(id))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                            "\"%.40s\"; expected a letter, then letters, digits, \"-\", \"_\" "
                            "or \".\", at most %d characters, such as \"ORG-01\"",
                            id, OWN_ID_MAX);
    for (size_t k = 0; st == CR_OK && k < oc->n; k++)
        if (strcmp(oc->list[k].item.id, id) == 0) {
            char fp[300];
            cr_jpath_index(fp, sizeof fp, "$.controls", k);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                "control \"%s\" is defined twice (first at %s); expected each "
                                "id once", id, fp);
        }
    if (st == CR_OK)
        st = get_text(c, e, p, "title", true, &title);
    if (st == CR_OK)
        st = get_text(c, e, p, "text", false, &text);
    if (st == CR_OK)
        st = get_risks(c, e, p, "requires", oc->ids, used, &o->requires, &o->n_requires);
    if (st == CR_OK)
        st = get_risks(c, e, p, "supports", oc->ids, used, &o->supports, &o->n_supports);
    if (st == CR_OK && o->n_requires + o->n_supports == 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "control %s acts on no risk; expected \"requires\" or \"supports\" "
                            "with at least one risk id", id);
    if (st == CR_OK)
        st = cr_json_get_enum(c, e, p, "role", true, role_words, CR_N_ROLES, &role, NULL);
    o->weight = 2;
    if (st == CR_OK)
        st = cr_json_get_number(c, e, p, "weight", false, 1, 3, &o->weight, NULL);
    if (st == CR_OK)
        st = get_cost(c, e, p, o);
    if (st != CR_OK)
        return st;
    o->role = (cr_role)role;
    o->title_en = joined(title.en, MARK_EN);
    o->title_ja = joined(title.ja, MARK_JA);
    o->text_ja = joined(MARK_TEXT_JA, text.ja ? text.ja : title.ja);
    if (!o->title_en || !o->title_ja || !o->text_ja) {
        oc->n++; /* so that its titles are freed */
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    snprintf(o->reason, sizeof o->reason, "the organisation's own control %s", id);
    o->item = (cr_catalog_item){.part = CR_PART_CONTROL,
                                .level = CR_LEVEL_CONTROL,
                                .id = id,
                                .text_ja = o->text_ja,
                                .text_en = o->title_en,
                                .title_ja = o->title_ja};
    oc->n++;
    return CR_OK;
}

cr_status org_controls_parse(cr_jctx *c, const cJSON *root, org_controls *out)
{
    memset(out, 0, sizeof *out);
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, root, "$", "controls", false, &list);
    if (st != CR_OK || !list)
        return st;
    size_t n = (size_t)cJSON_GetArraySize(list), n_ids = 0;
    if (n > OWN_MAX)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.controls",
                            "%zu controls; expected at most %d", n, OWN_MAX);
    for (const cJSON *e = list->child; e; e = e->next) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "requires");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "supports");
        n_ids += (cJSON_IsArray(r) ? (size_t)cJSON_GetArraySize(r) : 0) +
                 (cJSON_IsArray(s) ? (size_t)cJSON_GetArraySize(s) : 0);
    }
    out->list = calloc(n + 1, sizeof *out->list);
    out->ids = calloc(n_ids + 1, sizeof *out->ids);
    if (!out->list || !out->ids) {
        org_controls_free(out);
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    size_t used = 0, k = 0;
    for (const cJSON *e = list->child; e && st == CR_OK; e = e->next, k++) {
        char p[64];
        cr_jpath_index(p, sizeof p, "$.controls", k);
        st = parse_one(c, e, p, out, &used);
    }
    if (st != CR_OK)
        org_controls_free(out);
    return st;
}

void org_controls_hash(const org_controls *oc, cr_sha256 *h)
{
    char line[200];
    for (size_t i = 0; i < oc->n; i++) {
        const org_control *o = &oc->list[i];
        int n = snprintf(line, sizeof line, "control %s %s %.17g %.17g %.17g %.17g\n",
                         o->item.id, role_words[o->role], o->weight, o->one_off, o->annual,
                         o->effort_days);
        cr_sha256_update(h, line, (size_t)n);
        for (size_t k = 0; k < o->n_requires + o->n_supports; k++) {
            bool req = k < o->n_requires;
            n = snprintf(line, sizeof line, " %s %.40s\n", req ? "requires" : "supports",
                         req ? o->requires[k] : o->supports[k - o->n_requires]);
            cr_sha256_update(h, line, (size_t)n);
        }
    }
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(((const struct model_control_key *)a)->id,
                  ((const struct model_control_key *)b)->id);
}

/* The ids against the catalogue and the risks against the model. */
static cr_status check_against_model(const cr_model *m, const org_controls *oc,
                                     const char *source, cr_error *err)
{
    for (size_t i = 0; i < oc->n; i++) {
        const org_control *o = &oc->list[i];
        char p[64], q[300];
        cr_jpath_index(p, sizeof p, "$.controls", i);
        for (int part = CR_PART_GOVERNANCE; part <= CR_PART_CONTROL; part++) {
            const cr_catalog_item *clash = cr_catalog_find(m->catalog, (cr_part)part, o->item.id);
            if (clash) {
                cr_jpath_key(q, sizeof q, p, "id");
                return cr_error_set(err, CR_ERR_INPUT, source, 0, q,
                                    "\"%s\" is an id of the standard; expected an id of the "
                                    "organisation's own, such as \"ORG-01\"",
                                    o->item.id);
            }
        }
        for (size_t k = 0; k < o->n_requires + o->n_supports; k++) {
            bool req = k < o->n_requires;
            size_t j = req ? k : k - o->n_requires;
            const char *id = req ? o->requires[j] : o->supports[j];
            cr_jpath_key(q, sizeof q, p, req ? "requires" : "supports");
            char ep[320];
            cr_jpath_index(ep, sizeof ep, q, j);
            if (!cr_model_find_risk(m, id))
                return cr_error_set(err, CR_ERR_INPUT, source, 0, ep,
                                    "unknown risk \"%.40s\"; expected a risk id of the model "
                                    "(%s to %s)",
                                    id, m->risks[0].id, m->risks[m->n_risks - 1].id);
            for (size_t r = 0; !req && r < o->n_requires; r++)
                if (strcmp(o->requires[r], id) == 0)
                    return cr_error_set(err, CR_ERR_INPUT, source, 0, ep,
                                        "risk %s is both required and supported by %s; "
                                        "expected it in one of the two lists",
                                        id, o->item.id);
        }
    }
    return CR_OK;
}

cr_status org_controls_apply(cr_model *m, const org_controls *oc, const char *source,
                             cr_error *err)
{
    if (oc->n == 0 || m->own == oc)
        return CR_OK;
    if (m->own)
        return cr_error_set(err, CR_ERR_ARGUMENT, source, 0, "$.controls",
                            "the model already has another organisation's controls");
    cr_status st = check_against_model(m, oc, source, err);
    if (st != CR_OK)
        return st;
    size_t n_cat = m->n_controls, n_all = n_cat + oc->n, n_entries = 0;
    for (size_t r = 0; r < m->n_risks; r++)
        n_entries += m->risks[r].n_controls;
    for (size_t i = 0; i < oc->n; i++)
        n_entries += oc->list[i].n_requires + oc->list[i].n_supports;
    const cr_catalog_item **controls = calloc(n_all, sizeof *controls);
    struct model_control_key *keys = calloc(n_all, sizeof *keys);
    cr_mapping *mappings = calloc(n_entries + 1, sizeof *mappings);
    if (!controls || !keys || !mappings) {
        free(controls);
        free(keys);
        free(mappings);
        return cr_error_set(err, CR_ERR_MEMORY, source, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < n_all; i++) {
        controls[i] = i < n_cat ? m->controls[i] : &oc->list[i - n_cat].item;
        keys[i] = (struct model_control_key){controls[i]->id, i};
    }
    qsort(keys, n_all, sizeof *keys, compare_keys);
    size_t used = 0;
    for (size_t r = 0; r < m->n_risks; r++) {
        cr_risk *risk = &m->risks[r];
        cr_mapping *first = &mappings[used];
        memcpy(first, risk->controls, risk->n_controls * sizeof *first);
        used += risk->n_controls;
        for (size_t i = 0; i < oc->n; i++) {
            const org_control *o = &oc->list[i];
            for (size_t k = 0; k < o->n_requires + o->n_supports; k++) {
                bool req = k < o->n_requires;
                const char *id = req ? o->requires[k] : o->supports[k - o->n_requires];
                if (strcmp(id, risk->id) != 0)
                    continue;
                mappings[used++] = (cr_mapping){
                    .control = n_cat + i,
                    .item = &o->item,
                    .kind = req ? CR_MAPPING_REQUIRED : CR_MAPPING_SUPPORTING,
                    .role = o->role,
                    .weight = o->weight,
                    .reason = o->reason};
            }
        }
        risk->n_controls = (size_t)(&mappings[used] - first);
        risk->controls = first;
    }
    free(m->mappings);
    m->mappings = mappings;
    free(m->control_keys);
    m->control_keys = keys;
    m->own_controls = controls;
    m->controls = controls;
    m->n_controls = n_all;
    m->own = oc;
    return CR_OK;
}
