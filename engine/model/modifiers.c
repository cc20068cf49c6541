/*
 * modifiers.c -- models/modifiers.json: the reference profile the baselines
 * hold for, and the rules by which a service's profile moves impact and
 * likelihood away from them.
 *
 * A rule's "when" lists conditions that must all hold: service_model and
 * deployment take a value or a list of values; multi_tenant,
 * internet_exposed and personal_data a boolean; users, subcontractors and
 * jurisdictions (the number of them) a range {"min": a, "max": b}.  A rule
 * that matched the reference profile would contradict the baselines, so the
 * loader refuses it.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"
#include "model/model_iface.h"
#include "util/text.h"

static const char *const service_models[] = {"iaas", "paas", "saas"};
static const char *const deployments[] = {"public", "private", "community", "hybrid"};

/* A value or a list of values of an enumeration, as a bit set. */
static cr_status enum_set(cr_jctx *c, const cJSON *node, const char *path,
                          const char *const *names, int n, unsigned *out, cr_strbuf *text,
                          const char *field)
{
    *out = 0;
    const cJSON *single = cJSON_IsString(node) ? node : NULL;
    const cJSON *item = single ? single : (cJSON_IsArray(node) ? node->child : NULL);
    if (!item)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected a %s or a non-empty list of them", field);
    cr_strbuf_printf(text, "%s in {", field);
    for (bool first = true; item; item = single ? NULL : item->next, first = false) {
        int found = -1;
        for (int i = 0; i < n && cJSON_IsString(item); i++)
            if (strcmp(item->valuestring, names[i]) == 0)
                found = i;
        if (found < 0)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "expected %s values such as \"%s\"", field, names[0]);
        *out |= 1u << found;
        cr_strbuf_printf(text, "%s%s", first ? "" : ", ", names[found]);
    }
    cr_strbuf_puts(text, "}");
    return CR_OK;
}

static cr_status range(cr_jctx *c, const cJSON *node, const char *path, const char *field,
                       long *lo, long *hi, cr_strbuf *text)
{
    static const char *const keys[] = {"min", "max"};
    bool has_lo = false, has_hi = false;
    *lo = LONG_MIN;
    *hi = LONG_MAX;
    cr_status st = cr_json_check_keys(c, node, path, keys, 2);
    if (st == CR_OK)
        st = cr_json_get_int(c, node, path, "min", false, 0, 10000000000L, lo, &has_lo);
    if (st == CR_OK)
        st = cr_json_get_int(c, node, path, "max", false, 0, 10000000000L, hi, &has_hi);
    if (st != CR_OK)
        return st;
    if (!has_lo && !has_hi)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected \"min\", \"max\" or both");
    if (*lo > *hi)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path, "expected min <= max");
    if (has_lo && has_hi)
        cr_strbuf_printf(text, "%ld <= %s <= %ld", *lo, field, *hi);
    else if (has_lo)
        cr_strbuf_printf(text, "%s >= %ld", field, *lo);
    else
        cr_strbuf_printf(text, "%s <= %ld", field, *hi);
    return CR_OK;
}

static cr_status load_condition(cr_jctx *c, const cJSON *when, const char *path,
                                rule_condition *cond, char **text_out)
{
    static const char *const keys[] = {"service_model", "deployment",   "multi_tenant",
                                       "internet_exposed", "personal_data", "users",
                                       "subcontractors", "jurisdictions"};
    *cond = (rule_condition){0, 0, -1, -1, -1, LONG_MIN, LONG_MAX, LONG_MIN,
                             LONG_MAX, LONG_MIN, LONG_MAX};
    cr_status st = cr_json_check_keys(c, when, path, keys, sizeof keys / sizeof keys[0]);
    if (st != CR_OK)
        return st;
    if (!when->child)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected at least one condition");
    cr_strbuf text;
    cr_strbuf_init(&text);
    for (const cJSON *f = when->child; f && st == CR_OK; f = f->next) {
        char p[256];
        cr_jpath_key(p, sizeof p, path, f->string);
        if (text.len)
            cr_strbuf_puts(&text, " and ");
        const char *k = f->string;
        if (strcmp(k, "service_model") == 0) {
            st = enum_set(c, f, p, service_models, 3, &cond->service_models, &text, k);
        } else if (strcmp(k, "deployment") == 0) {
            st = enum_set(c, f, p, deployments, 4, &cond->deployments, &text, k);
        } else if (strcmp(k, "users") == 0) {
            st = range(c, f, p, k, &cond->users_min, &cond->users_max, &text);
        } else if (strcmp(k, "subcontractors") == 0) {
            st = range(c, f, p, k, &cond->subcontractors_min, &cond->subcontractors_max, &text);
        } else if (strcmp(k, "jurisdictions") == 0) {
            st = range(c, f, p, "number of jurisdictions", &cond->jurisdictions_min,
                       &cond->jurisdictions_max, &text);
        } else {
            if (!cJSON_IsBool(f)) {
                st = cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                  "expected true or false, got %s", cr_json_type_name(f));
                break;
            }
            int v = cJSON_IsTrue(f) ? 1 : 0;
            if (strcmp(k, "multi_tenant") == 0)
                cond->multi_tenant = v;
            else if (strcmp(k, "internet_exposed") == 0)
                cond->internet_exposed = v;
            else
                cond->personal_data = v;
            cr_strbuf_printf(&text, "%s = %s", k, v ? "true" : "false");
        }
    }
    if (st == CR_OK && text.failed)
        st = cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, path, "out of memory");
    if (st != CR_OK) {
        cr_strbuf_free(&text);
        return st;
    }
    *text_out = cr_strbuf_take(&text);
    return CR_OK;
}

/* {"CRnn": delta, ...} into deltas[n_risks]. */
static cr_status load_deltas(cr_jctx *c, const cr_model *m, const cJSON *rule, const char *path,
                             const char *key, double *deltas, size_t *count)
{
    const cJSON *obj = NULL;
    cr_status st = cr_json_get_object(c, rule, path, key, false, &obj);
    if (st != CR_OK || !obj)
        return st;
    char p[256];
    cr_jpath_key(p, sizeof p, path, key);
    for (const cJSON *d = obj->child; d && st == CR_OK; d = d->next) {
        const cr_risk *r = cr_model_find_risk(m, d->string);
        if (!r) {
            char dp[256];
            cr_jpath_key(dp, sizeof dp, p, d->string);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, dp,
                                "unknown risk \"%.40s\"; expected an id of risks.json",
                                d->string);
        }
        st = cr_json_get_number(c, obj, p, d->string, true, -(CR_SCALE_MAX - CR_SCALE_MIN),
                                CR_SCALE_MAX - CR_SCALE_MIN, &deltas[r->index], NULL);
        (*count)++;
    }
    return st;
}

static cr_status load_reference(cr_jctx *c, cr_model *m, const cJSON *root)
{
    const cJSON *ref = NULL, *profile = NULL, *assets = NULL;
    static const char *const keys[] = {"profile", "assets", "description"};
    cr_status st = cr_json_get_object(c, root, "$", "reference", true, &ref);
    if (st == CR_OK)
        st = cr_json_check_keys(c, ref, "$.reference", keys, 3);
    if (st == CR_OK)
        st = cr_json_get_object(c, ref, "$.reference", "profile", true, &profile);
    if (st == CR_OK)
        st = cr_profile_parse(c, profile, "$.reference.profile", &m->reference,
                              &m->reference_jurisdictions);
    if (st == CR_OK)
        st = cr_json_get_object(c, ref, "$.reference", "assets", true, &assets);
    if (st == CR_OK)
        st = cr_assets_parse(c, assets, "$.reference.assets", &m->reference);
    return st;
}

cr_status cr_model_load_modifiers(cr_model *m, const cr_json_doc *doc, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    static const char *const top[] = {"about", "reference", "asset_step", "rules"};
    const cJSON *list = NULL;
    cr_status st = cr_json_check_keys(&c, doc->root, "$", top, 4);
    if (st == CR_OK)
        st = load_reference(&c, m, doc->root);
    if (st == CR_OK)
        st = cr_json_get_number(&c, doc->root, "$", "asset_step", true, 0, 2, &m->asset_step,
                                NULL);
    if (st == CR_OK)
        st = cr_json_get_array(&c, doc->root, "$", "rules", true, &list);
    if (st != CR_OK)
        return st;
    size_t n = (size_t)cJSON_GetArraySize(list);
    m->rules = calloc(n + 1, sizeof *m->rules);
    m->conditions = calloc(n + 1, sizeof *m->conditions);
    m->condition_texts = calloc(n + 1, sizeof *m->condition_texts);
    m->deltas = calloc(2 * n * m->n_risks + 1, sizeof *m->deltas);
    if (!m->rules || !m->conditions || !m->condition_texts || !m->deltas)
        return cr_error_set(err, CR_ERR_MEMORY, doc->file, 0, NULL, "out of memory");
    static const char *const keys[] = {"id", "when", "impact", "likelihood", "reason"};
    size_t i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char p[256], wp[256];
        cr_jpath_index(p, sizeof p, "$.rules", i);
        cr_jpath_key(wp, sizeof wp, p, "when");
        cr_modifier_rule *rule = &m->rules[i];
        double *impact = m->deltas + 2 * i * m->n_risks, *likelihood = impact + m->n_risks;
        const cJSON *when = NULL;
        size_t n_deltas = 0;
        m->n_rules = i + 1;
        st = cr_json_check_keys(&c, item, p, keys, 5);
        if (st == CR_OK)
            st = cr_json_get_string(&c, item, p, "id", true, 60, &rule->id);
        for (size_t k = 0; k < i && st == CR_OK; k++)
            if (strcmp(m->rules[k].id, rule->id) == 0)
                st = cr_error_set(err, CR_ERR_INPUT, doc->file, 0, p,
                                  "duplicate rule id \"%s\"", rule->id);
        if (st == CR_OK)
            st = cr_json_get_object(&c, item, p, "when", true, &when);
        if (st == CR_OK)
            st = load_condition(&c, when, wp, &m->conditions[i], &m->condition_texts[i]);
        if (st == CR_OK)
            st = load_deltas(&c, m, item, p, "impact", impact, &n_deltas);
        if (st == CR_OK)
            st = load_deltas(&c, m, item, p, "likelihood", likelihood, &n_deltas);
        if (st == CR_OK && n_deltas == 0)
            st = cr_error_set(err, CR_ERR_INPUT, doc->file, 0, p,
                              "expected \"impact\" or \"likelihood\" deltas for at least one "
                              "risk");
        if (st == CR_OK)
            st = cr_model_get_text(&c, item, p, "reason", &rule->reason);
        rule->condition = m->condition_texts[i];
        rule->impact_delta = impact;
        rule->likelihood_delta = likelihood;
        if (st == CR_OK && cr_model_rule_matches(m, i, &m->reference))
            st = cr_error_set(err, CR_ERR_INPUT, doc->file, 0, wp,
                              "rule \"%s\" matches the reference profile, for which the "
                              "baselines already hold; expected a condition that departs from it",
                              rule->id);
    }
    return st;
}

static bool in_range(long v, long lo, long hi)
{
    return v >= lo && v <= hi;
}

static bool flag_holds(int want, bool value)
{
    return want < 0 || (want == 1) == value;
}

bool cr_model_rule_matches(const cr_model *m, size_t index, const cr_profile *p)
{
    const rule_condition *c = &m->conditions[index];
    return (!c->service_models || (c->service_models & (1u << p->service_model))) &&
           (!c->deployments || (c->deployments & (1u << p->deployment))) &&
           flag_holds(c->multi_tenant, p->multi_tenant) &&
           flag_holds(c->internet_exposed, p->internet_exposed) &&
           flag_holds(c->personal_data, p->personal_data) &&
           in_range(p->users, c->users_min, c->users_max) &&
           in_range(p->subcontractors, c->subcontractors_min, c->subcontractors_max) &&
           in_range((long)p->n_jurisdictions, c->jurisdictions_min, c->jurisdictions_max);
}
