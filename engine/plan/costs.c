/*
 * costs.c -- reading models/costs.json:
 *   {"name", "version", "currency", "amortisation_years", "note",
 *    "classes": {"S": {"one_off", "annual", "effort_days", "en", "ja"}, ...},
 *    "controls": {"1.1.1": {"class": "S", "why": "..."}, ...}}
 */
#include <stdlib.h>
#include <string.h>

#include "plan/costs.h"
#include "util/json_util.h"

#define MAX_AMOUNT 1e15 /* no control costs a quadrillion in any currency */

void plan_costs_free(plan_costs *costs)
{
    if (!costs)
        return;
    for (size_t i = 0; i < costs->n_classes; i++) {
        free(costs->classes[i].name);
        free(costs->classes[i].en);
        free(costs->classes[i].ja);
    }
    free(costs->classes);
    for (size_t i = 0; i < costs->n_controls; i++)
        free(costs->control_ids[i]);
    free(costs->control_ids);
    free(costs->control_class);
    free(costs->version);
    free(costs->currency);
    memset(costs, 0, sizeof *costs);
}

const plan_cost_class *plan_costs_class(const plan_costs *costs, const char *name)
{
    for (size_t i = 0; i < costs->n_classes; i++)
        if (strcmp(costs->classes[i].name, name) == 0)
            return &costs->classes[i];
    return NULL;
}

const plan_cost_class *plan_costs_for(const plan_costs *costs, const char *control_id)
{
    for (size_t i = 0; i < costs->n_controls; i++)
        if (strcmp(costs->control_ids[i], control_id) == 0)
            return &costs->classes[costs->control_class[i]];
    return NULL;
}

static size_t count_children(const cJSON *node)
{
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n++;
    return n;
}

static cr_status parse_classes(cr_jctx *c, const cJSON *classes, plan_costs *out)
{
    static const char *const keys[] = {"one_off", "annual", "effort_days", "en", "ja"};
    size_t n = count_children(classes);
    if (n == 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.classes",
                            "expected at least one effort class");
    out->classes = calloc(n, sizeof *out->classes);
    if (!out->classes)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    for (const cJSON *k = classes->child; k; k = k->next) {
        char path[256];
        cr_jpath_key(path, sizeof path, "$.classes", k->string);
        plan_cost_class *cls = &out->classes[out->n_classes++];
        const char *en = NULL, *ja = NULL;
        cr_status st;
        if ((st = cr_json_check_keys(c, k, path, keys, 5)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "one_off", true, 0, MAX_AMOUNT, &cls->one_off,
                                     NULL)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "annual", true, 0, MAX_AMOUNT, &cls->annual,
                                     NULL)) != CR_OK ||
            (st = cr_json_get_number(c, k, path, "effort_days", true, 0, 1e6,
                                     &cls->effort_days, NULL)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "en", true, 400, &en)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "ja", true, 400, &ja)) != CR_OK)
            return st;
        cls->name = strdup(k->string);
        cls->en = strdup(en);
        cls->ja = strdup(ja);
        if (!cls->name || !cls->en || !cls->ja)
            return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    }
    return CR_OK;
}

static cr_status parse_controls(cr_jctx *c, const cJSON *controls, const char *const *ids,
                                size_t n_ids, plan_costs *out)
{
    static const char *const keys[] = {"class", "why"};
    size_t n = count_children(controls);
    out->control_ids = calloc(n ? n : 1, sizeof *out->control_ids);
    out->control_class = calloc(n ? n : 1, sizeof *out->control_class);
    if (!out->control_ids || !out->control_class)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
    for (const cJSON *k = controls->child; k; k = k->next) {
        char path[256];
        cr_jpath_key(path, sizeof path, "$.controls", k->string);
        const char *cls = NULL, *why = NULL;
        cr_status st;
        if ((st = cr_json_check_keys(c, k, path, keys, 2)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "class", true, 16, &cls)) != CR_OK ||
            (st = cr_json_get_string(c, k, path, "why", true, 400, &why)) != CR_OK)
            return st;
        bool known = n_ids == 0;
        for (size_t i = 0; i < n_ids && !known; i++)
            known = strcmp(ids[i], k->string) == 0;
        if (!known)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "no control \"%.40s\" in the catalogue; expected a control id "
                                "such as \"7.4.1\"",
                                k->string);
        const plan_cost_class *found = plan_costs_class(out, cls);
        if (!found) {
            char class_path[300];
            cr_jpath_key(class_path, sizeof class_path, path, "class");
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, class_path,
                                "unknown effort class \"%.16s\"; expected one of $.classes",
                                cls);
        }
        size_t i = out->n_controls++;
        out->control_ids[i] = strdup(k->string);
        if (!out->control_ids[i])
            return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, NULL, "out of memory");
        out->control_class[i] = (size_t)(found - out->classes);
    }
    for (size_t i = 0; i < n_ids; i++)
        if (!plan_costs_for(out, ids[i]))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.controls",
                                "control %s has no effort class; every control of the "
                                "catalogue needs one",
                                ids[i]);
    return CR_OK;
}

cr_status plan_costs_load(const char *path, const char *const *control_ids, size_t n_ids,
                          plan_costs *out, cr_error *err)
{
    static const char *const keys[] = {"name",    "version",  "currency", "amortisation_years",
                                       "note",    "classes",  "controls"};
    memset(out, 0, sizeof *out);
    cr_json_doc doc;
    cr_status st = cr_json_load_file(path, &doc, err);
    if (st != CR_OK) {
        cr_json_doc_free(&doc);
        return st;
    }
    cr_jctx c = {path, err};
    const cJSON *root = doc.root, *classes = NULL, *controls = NULL;
    const char *version = NULL, *currency = NULL;
    if ((st = cr_json_check_keys(&c, root, "$", keys, 7)) != CR_OK ||
        (st = cr_json_get_string(&c, root, "$", "version", true, 40, &version)) != CR_OK ||
        (st = cr_json_get_string(&c, root, "$", "currency", true, 8, &currency)) != CR_OK ||
        (st = cr_json_get_number(&c, root, "$", "amortisation_years", true, 1, 50,
                                 &out->amortisation_years, NULL)) != CR_OK ||
        (st = cr_json_get_object(&c, root, "$", "classes", true, &classes)) != CR_OK ||
        (st = cr_json_get_object(&c, root, "$", "controls", true, &controls)) != CR_OK)
        goto done;
    out->version = strdup(version);
    out->currency = strdup(currency);
    if (!out->version || !out->currency) {
        st = cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
        goto done;
    }
    if ((st = parse_classes(&c, classes, out)) != CR_OK)
        goto done;
    st = parse_controls(&c, controls, control_ids, n_ids, out);
done:
    cr_json_doc_free(&doc);
    if (st != CR_OK)
        plan_costs_free(out);
    return st;
}
