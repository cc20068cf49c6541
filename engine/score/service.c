/*
 * service.c -- read and validate a service file ("cloudrisk-service/1").
 *
 * Unknown keys anywhere are errors: a misspelt "effectivness" silently
 * ignored would give a score the author did not mean.  The "treatment"
 * section belongs to the treatment plan and is kept as JSON, unparsed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "catalog/catalog_iface.h"
#include "model/model_iface.h"
#include "score/service_internal.h"
#include "util/limits.h"

static const char *const top_keys[] = {"schema",    "id",           "name",
                                       "owner",     "profile",      "assets",
                                       "controls",  "risk_overrides", "treatment",
                                       "organisation"};

void cr_control_states_reset(cr_control_state *states, size_t n)
{
    for (size_t i = 0; i < n; i++)
        states[i] = (cr_control_state){.status = CR_CONTROL_NOT_IMPLEMENTED,
                                       .effectiveness = -1.0};
}

void cr_service_free(cr_service *s)
{
    if (!s)
        return;
    if (s->overrides)
        for (size_t r = 0; r < cr_model_risk_count(s->model); r++) {
            if (s->overrides[r].has_frequency)
                cr_dist_clear(&s->overrides[r].frequency);
            if (s->overrides[r].has_loss)
                cr_dist_clear(&s->overrides[r].loss);
        }
    free(s->overrides);
    free(s->has_override);
    free(s->participants);
    free(s->controls);
    free(s->jurisdictions);
    cr_checklist_pool_clear(&s->pool);
    cr_json_doc_free(&s->doc);
    free(s);
}

/* Service ids name files and register rows, so keep them to a safe alphabet. */
static bool service_id_form(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return false;
    return s[0] != '.' && s[0] != '-';
}

static cr_status load_identity(cr_jctx *c, cr_service *s, const cJSON *root)
{
    const char *schema = NULL;
    const cJSON *owner = NULL;
    static const char *const owner_keys[] = {"name", "email"};
    cr_status st = cr_json_get_string(c, root, "$", "schema", true, 0, &schema);
    if (st == CR_OK && strcmp(schema, CR_SERVICE_SCHEMA) != 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.schema",
                            "expected \"%s\", got \"%.60s\"", CR_SERVICE_SCHEMA, schema);
    if (st == CR_OK)
        st = cr_json_get_string(c, root, "$", "id", true, 0, &s->id);
    if (st == CR_OK && !service_id_form(s->id))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.id",
                            "expected 1 to 64 letters, digits, '.', '-' or '_' (not starting "
                            "with '.' or '-'), got \"%.80s\"", s->id);
    if (st == CR_OK)
        st = cr_json_get_string(c, root, "$", "name", true, CR_LIMIT_NAME_BYTES, &s->name);
    if (st == CR_OK && !s->name[0])
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.name",
                            "expected the service's name, got an empty string");
    if (st == CR_OK)
        st = cr_json_get_object(c, root, "$", "owner", true, &owner);
    if (st == CR_OK)
        st = cr_json_check_keys(c, owner, "$.owner", owner_keys, 2);
    if (st == CR_OK)
        st = cr_json_get_string(c, owner, "$.owner", "name", true, CR_LIMIT_NAME_BYTES, &s->owner_name);
    if (st == CR_OK)
        st = cr_json_get_string(c, owner, "$.owner", "email", true, CR_LIMIT_NAME_BYTES, &s->owner_email);
    if (st == CR_OK && (!strchr(s->owner_email, '@') || s->owner_email[0] == '@'))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.owner.email",
                            "expected an e-mail address, got \"%.80s\"", s->owner_email);
    return st;
}

static cr_status load_cost(cr_jctx *c, const cJSON *entry, const char *path, cr_control_state *cs)
{
    const cJSON *cost = NULL;
    static const char *const keys[] = {"one_off", "annual"};
    cr_status st = cr_json_get_object(c, entry, path, "cost", false, &cost);
    if (st != CR_OK || !cost)
        return st;
    char p[256];
    cr_jpath_key(p, sizeof p, path, "cost");
    st = cr_json_check_keys(c, cost, p, keys, 2);
    if (st == CR_OK)
        st = cr_json_get_number(c, cost, p, "one_off", false, 0, 1e15, &cs->cost_one_off,
                                &cs->has_cost_one_off);
    if (st == CR_OK)
        st = cr_json_get_number(c, cost, p, "annual", false, 0, 1e15, &cs->cost_annual,
                                &cs->has_cost_annual);
    if (st == CR_OK && !cs->has_cost_one_off && !cs->has_cost_annual)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "expected \"one_off\", \"annual\" or both (amounts in the model's "
                            "currency)");
    return st;
}

static cr_status unknown_control(cr_jctx *c, const cr_catalog_item *item, const char *id,
                                 const char *path)
{
    if (item && item->level == CR_LEVEL_DETAIL)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "\"%.40s\" is a detailed control; record the status of its "
                            "control \"%s\"", id, item->parent->id);
    return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                        "unknown control \"%.40s\"; expected a control id of the standard "
                        "such as \"7.4.1\"%s", id,
                        cr_catalog_id_well_formed(id, NULL) ? ""
                                                            : ", or of the organisation's own "
                                                              "controls");
}

static cr_status load_control(cr_jctx *c, cr_service *s, const cJSON *entry, const char *path)
{
    const cr_model *m = s->model;
    long index = cr_model_control_index(m, entry->string);
    if (index < 0) {
        const cr_catalog_item *item = cr_catalog_control(cr_model_catalog(m), entry->string);
        if (!item && !cr_catalog_id_well_formed(entry->string, NULL) && !s->deferred_checked) {
            /* Perhaps an organisation's own control, known once its profile
             * is applied (cr_service_resolve_controls). */
            s->deferred = true;
            return CR_OK;
        }
        return unknown_control(c, item, entry->string, path);
    }
    static const char *const keys[] = {"status",   "effectiveness", "evidence",
                                       "owner",    "cost",          "provider",
                                       "evidence_kind", "evidence_date", "lapsed"};
    const char *statuses[CR_N_CONTROL_STATUSES];
    for (int k = 0; k < CR_N_CONTROL_STATUSES; k++)
        statuses[k] = cr_control_status_name((cr_control_status)k);
    cr_control_state *cs = &s->controls[index];
    int status = 0;
    bool has_eff = false;
    cs->listed = true;
    cr_status st = cr_json_check_keys(c, entry, path, keys, sizeof keys / sizeof keys[0]);
    if (st == CR_OK)
        st = cr_json_get_enum(c, entry, path, "status", true, statuses, CR_N_CONTROL_STATUSES,
                              &status, NULL);
    cs->status = (cr_control_status)status;
    if (st == CR_OK)
        st = cr_json_get_number(c, entry, path, "effectiveness", false, 0, 1, &cs->effectiveness,
                                &has_eff);
    if (st == CR_OK && has_eff && cs->status == CR_CONTROL_NOT_APPLICABLE) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, "effectiveness");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "a control that is not applicable has no effectiveness; remove it "
                            "or change the status");
    }
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "evidence", false, CR_LIMIT_TEXT_BYTES, &cs->evidence);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "owner", false, CR_LIMIT_NAME_BYTES, &cs->owner);
    if (st == CR_OK)
        st = load_cost(c, entry, path, cs);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "provider", false, 200, &cs->provider);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "evidence_kind", false, 40, &cs->evidence_kind);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "evidence_date", false, 40, &cs->evidence_date);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "lapsed", false, 10, &cs->lapsed);
    if (st == CR_OK && cs->lapsed) {
        char p[256];
        cr_date d;
        cr_jpath_key(p, sizeof p, path, "lapsed");
        if (!cr_date_parse(cs->lapsed, &d))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "expected the day the control lapsed, YYYY-MM-DD, got \"%.10s\"",
                                cs->lapsed);
        if (cs->status == CR_CONTROL_IMPLEMENTED || cs->status == CR_CONTROL_INHERITED ||
            cs->status == CR_CONTROL_NOT_APPLICABLE)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "a lapsed control is no longer in place; expected a status of "
                                "not_implemented, planned or partial, got \"%s\"",
                                cr_control_status_name(cs->status));
    }
    /* An empty string says nothing; keep it as "not given" so that a checklist
     * written from this service reads back the same. */
    const char **optional[] = {&cs->evidence, &cs->owner, &cs->provider, &cs->evidence_kind,
                               &cs->evidence_date};
    for (size_t k = 0; k < sizeof optional / sizeof optional[0]; k++)
        if (*optional[k] && !(*optional[k])[0])
            *optional[k] = NULL;
    const char *field = NULL;
    const char *problem = st == CR_OK ? cr_control_inherited_problem(m, cs, &field) : NULL;
    if (problem) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, field);
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p, "%s", problem);
    }
    return st;
}

static cr_status load_controls(cr_jctx *c, cr_service *s, const cJSON *root)
{
    const cJSON *controls = NULL;
    cr_status st = cr_json_get_object(c, root, "$", "controls", false, &controls);
    if (st != CR_OK || !controls)
        return st;
    for (const cJSON *e = controls->child; e && st == CR_OK; e = e->next) {
        char p[256];
        cr_jpath_key(p, sizeof p, "$.controls", e->string);
        st = load_control(c, s, e, p);
    }
    return st;
}

static cr_status load_participants(cr_jctx *c, cr_service *s, const cJSON *entry,
                                   const char *path, cr_risk_override *o, size_t *used)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, entry, path, "participants", false, &list);
    if (st != CR_OK || !list)
        return st;
    char lp[256];
    cr_jpath_key(lp, sizeof lp, path, "participants");
    o->participants = s->participants + *used;
    size_t i = 0;
    for (const cJSON *item = list->child; item; item = item->next, i++) {
        if (!cJSON_IsString(item) || !item->valuestring[0]) {
            char ip[256];
            cr_jpath_index(ip, sizeof ip, lp, i);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                "expected a participant's name, got %s",
                                cJSON_IsString(item) ? "an empty string"
                                                     : cr_json_type_name(item));
        }
        s->participants[(*used)++] = item->valuestring;
    }
    o->n_participants = i;
    return CR_OK;
}

/* A frequency or loss of an override, checked here against the bound the
 * simulation uses (dist.h), so that every command refuses the same file the
 * same way, naming the file and the path (a frequency of 1e6 passed assess
 * and was refused by simulate and plan as "$.risks[0]"). */
static cr_status load_dist(cr_jctx *c, const cJSON *entry, const char *path, const char *key,
                           double hi, const char *what, cr_dist *d, bool *present)
{
    const cJSON *node = cJSON_GetObjectItemCaseSensitive(entry, key);
    *present = false;
    if (!node)
        return CR_OK;
    char p[256];
    cr_jpath_key(p, sizeof p, path, key);
    cr_status st = cr_dist_from_json(node, c->file, p, 0, hi, d, c->err);
    if (st == CR_OK && !(cr_dist_practical_upper(d) <= hi)) {
        st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                          "%s reaches %g; expected at most %g (for a lognormal, at 6 standard "
                          "deviations)",
                          what, cr_dist_practical_upper(d), hi);
        cr_dist_clear(d);
    }
    *present = st == CR_OK;
    return st;
}

/* What a frequency or loss estimate includes; required with one, since the
 * simulation reads the two bases differently (doc/simulation.md). */
static cr_status load_basis(cr_jctx *c, const cJSON *entry, const char *path,
                            cr_risk_override *o)
{
    static const char *const names[] = {"current", "inherent"};
    int which = 0;
    bool present = false;
    cr_status st = cr_json_get_enum(c, entry, path, "basis", false, names, 2, &which, &present);
    if (st != CR_OK)
        return st;
    if (!present && (o->has_frequency || o->has_loss)) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, "basis");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "missing: a frequency or loss estimate must say what it includes; "
                            "expected \"current\" (with today's controls: incident history, "
                            "most workshop judgements) or \"inherent\" (before any control)");
    }
    o->basis = !present ? CR_BASIS_NONE : which == 0 ? CR_BASIS_CURRENT : CR_BASIS_INHERENT;
    return CR_OK;
}

static cr_status load_override(cr_jctx *c, cr_service *s, const cJSON *entry, const char *path,
                               size_t *used)
{
    const cr_risk *r = cr_model_find_risk(s->model, entry->string);
    if (!r)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "unknown risk \"%.40s\"; expected a risk id of the model such as "
                            "\"CR01\"", entry->string);
    static const char *const keys[] = {"impact", "likelihood", "rationale", "frequency",
                                       "loss",   "participants", "date",      "pool",
                                       "round",  "contested",    "basis"};
    cr_risk_override *o = &s->overrides[r->index];
    s->has_override[r->index] = true;
    long impact = 0, likelihood = 0;
    cr_status st = cr_json_check_keys(c, entry, path, keys, 11);
    if (st == CR_OK)
        st = cr_json_get_int(c, entry, path, "impact", false, CR_SCALE_MIN, CR_SCALE_MAX, &impact,
                             &o->has_impact);
    if (st == CR_OK)
        st = cr_json_get_int(c, entry, path, "likelihood", false, CR_SCALE_MIN, CR_SCALE_MAX,
                             &likelihood, &o->has_likelihood);
    o->impact = (int)impact;
    o->likelihood = (int)likelihood;
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "rationale", true, CR_LIMIT_TEXT_BYTES, &o->rationale);
    if (st == CR_OK && !o->rationale[0]) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, "rationale");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "expected the reason for the override, got an empty string");
    }
    if (st == CR_OK)
        st = load_dist(c, entry, path, "frequency", CR_DIST_MAX_RATE, "frequency (events a year)",
                       &o->frequency, &o->has_frequency);
    if (st == CR_OK)
        st = load_dist(c, entry, path, "loss", CR_DIST_MAX_LOSS, "loss per event", &o->loss,
                       &o->has_loss);
    if (st == CR_OK)
        st = cr_override_workshop_load(c, entry, path, o);
    if (st == CR_OK)
        st = load_participants(c, s, entry, path, o, used);
    if (st == CR_OK)
        st = cr_json_get_string(c, entry, path, "date", false, 10, &o->date);
    if (st == CR_OK && o->date && !cr_date_valid(o->date)) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, "date");
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                            "expected " CR_DATE_EXPECTED ", got \"%s\"", o->date);
    }
    if (st == CR_OK)
        st = load_basis(c, entry, path, o);
    if (st == CR_OK && !o->has_impact && !o->has_likelihood && !o->has_frequency && !o->has_loss)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected at least one of \"impact\", \"likelihood\", \"frequency\", "
                            "\"loss\", \"pool\"");
    return st;
}

static cr_status load_overrides(cr_jctx *c, cr_service *s, const cJSON *root)
{
    const cJSON *all = NULL;
    cr_status st = cr_json_get_object(c, root, "$", "risk_overrides", false, &all);
    if (st != CR_OK || !all)
        return st;
    size_t n_participants = 0;
    for (const cJSON *e = all->child; e; e = e->next) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "participants");
        n_participants += cJSON_IsArray(p) ? (size_t)cJSON_GetArraySize(p) : 0;
    }
    s->participants = calloc(n_participants + 1, sizeof *s->participants);
    if (!s->participants)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    size_t used = 0;
    for (const cJSON *e = all->child; e && st == CR_OK; e = e->next) {
        char p[256];
        cr_jpath_key(p, sizeof p, "$.risk_overrides", e->string);
        st = load_override(c, s, e, p, &used);
    }
    return st;
}

static cr_status parse_document(cr_service *s, cr_error *err)
{
    cr_jctx c = {s->doc.file, err};
    const cJSON *root = s->doc.root;
    const cJSON *profile = NULL, *assets = NULL;
    cr_status st = cr_json_check_keys(&c, root, "$", top_keys, sizeof top_keys / sizeof top_keys[0]);
    if (st == CR_OK)
        st = load_identity(&c, s, root);
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "profile", true, &profile);
    if (st == CR_OK)
        st = cr_profile_parse(&c, profile, "$.profile", &s->profile, &s->jurisdictions);
    if (st == CR_OK)
        st = cr_json_get_object(&c, root, "$", "assets", true, &assets);
    if (st == CR_OK)
        st = cr_assets_parse(&c, assets, "$.assets", &s->profile);
    if (st == CR_OK)
        st = load_controls(&c, s, root);
    if (st == CR_OK)
        st = load_overrides(&c, s, root);
    return st;
}

cr_status cr_service_parse(const cr_model *model, const char *name, const char *text, size_t len,
                           cr_service **out, cr_error *err)
{
    *out = NULL;
    cr_service *s = calloc(1, sizeof *s);
    if (!s)
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    s->model = model;
    size_t n_controls = cr_model_control_count(model), n_risks = cr_model_risk_count(model);
    s->controls = calloc(n_controls + 1, sizeof *s->controls);
    s->overrides = calloc(n_risks + 1, sizeof *s->overrides);
    s->has_override = calloc(n_risks + 1, sizeof *s->has_override);
    if (!s->controls || !s->overrides || !s->has_override) {
        cr_service_free(s);
        return cr_error_set(err, CR_ERR_MEMORY, name, 0, NULL, "out of memory");
    }
    cr_control_states_reset(s->controls, n_controls);
    s->n_states = n_controls;
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, len);
    cr_sha256_final_hex(&h, s->sha256);
    cr_status st = len == 0 ? cr_error_set(err, CR_ERR_INPUT, name, 0, NULL,
                                           "file is empty; expected a service JSON document")
                            : cr_json_parse_text(name, text, len, &s->doc, err);
    if (st == CR_OK)
        st = parse_document(s, err);
    if (st != CR_OK) {
        cr_service_free(s);
        return st;
    }
    *out = s;
    return CR_OK;
}

cr_status cr_service_load(const cr_model *model, const char *path, cr_service **out,
                          cr_error *err)
{
    char *text;
    size_t len;
    *out = NULL;
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    st = cr_service_parse(model, path, text, len, out, err);
    free(text);
    return st;
}

cr_status cr_service_resolve_controls(cr_service *s, cr_error *err)
{
    size_t n = cr_model_control_count(s->model);
    if (n > s->n_states) {
        cr_control_state *grown = realloc(s->controls, (n + 1) * sizeof *grown);
        if (!grown)
            return cr_error_set(err, CR_ERR_MEMORY, s->doc.file, 0, NULL, "out of memory");
        s->controls = grown;
        cr_control_states_reset(s->controls + s->n_states, n + 1 - s->n_states);
    }
    size_t first_new = s->n_states;
    s->n_states = n;
    if (!s->deferred)
        return CR_OK;
    s->deferred = false;
    s->deferred_checked = true;
    cr_jctx c = {s->doc.file, err};
    const cJSON *controls = cJSON_GetObjectItemCaseSensitive(s->doc.root, "controls");
    cr_status st = CR_OK;
    for (const cJSON *e = controls ? controls->child : NULL; e && st == CR_OK; e = e->next) {
        long index = cr_model_control_index(s->model, e->string);
        if (index >= 0 && (size_t)index < first_new)
            continue;
        char p[256];
        cr_jpath_key(p, sizeof p, "$.controls", e->string);
        st = load_control(&c, s, e, p);
    }
    return st;
}

cr_status cr_service_check_resolved(const cr_service *s, cr_error *err)
{
    if (s->n_states != cr_model_control_count(s->model))
        return cr_error_set(err, CR_ERR_ARGUMENT, s->doc.file, 0, NULL,
                            "the service was read before the organisation's own controls were "
                            "added to the model; apply the profile through "
                            "cr_service_apply_organisation");
    if (!s->deferred)
        return CR_OK;
    cr_jctx c = {s->doc.file, err};
    const cJSON *controls = cJSON_GetObjectItemCaseSensitive(s->doc.root, "controls");
    for (const cJSON *e = controls ? controls->child : NULL; e; e = e->next)
        if (cr_model_control_index(s->model, e->string) < 0) {
            char p[256];
            cr_jpath_key(p, sizeof p, "$.controls", e->string);
            return unknown_control(&c, NULL, e->string, p);
        }
    return CR_OK;
}

const char *cr_service_file(const cr_service *s) { return s->doc.file; }
const char *cr_service_sha256(const cr_service *s) { return s->sha256; }
const char *cr_service_id(const cr_service *s) { return s->id; }
const char *cr_service_name(const cr_service *s) { return s->name; }
const char *cr_service_owner_name(const cr_service *s) { return s->owner_name; }
const char *cr_service_owner_email(const cr_service *s) { return s->owner_email; }
const cr_profile *cr_service_profile(const cr_service *s) { return &s->profile; }
const cr_control_state *cr_service_controls(const cr_service *s) { return s->controls; }
const cJSON *cr_service_json(const cr_service *s) { return s->doc.root; }

const cr_risk_override *cr_service_override(const cr_service *s, size_t risk)
{
    return risk < cr_model_risk_count(s->model) && s->has_override[risk] ? &s->overrides[risk]
                                                                          : NULL;
}

const cJSON *cr_service_section(const cr_service *s, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(s->doc.root, key);
}

const char *cr_service_checklist_sha256(const cr_service *s)
{
    return s->has_checklist ? s->checklist_sha256 : NULL;
}
