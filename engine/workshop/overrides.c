/*
 * overrides.c -- the merge as JSON: the service file's "risk_overrides"
 * block, the merge document that records where it came from, and a service
 * file with the block put in.
 *
 * Only risks that at least one participant scored get an override: a risk
 * the workshop did not discuss keeps the model's own assessment.  The
 * "participants" of an override are the people who scored that risk.
 */
#include <string.h>

#include "cloudrisk/workshop.h"

static bool add_override(cJSON *block, const cr_workshop_result *r, const cr_workshop_consensus *c)
{
    cJSON *o = cJSON_AddObjectToObject(block, c->risk_id);
    if (!o || !cJSON_AddNumberToObject(o, "impact", c->impact.consensus) ||
        !cJSON_AddNumberToObject(o, "likelihood", c->likelihood.consensus))
        return false;
    /* The sheets ask for the risk before the service's controls. */
    if ((c->frequency.n || c->loss.n) && !cJSON_AddStringToObject(o, "basis", "inherent"))
        return false;
    if (c->frequency.n) {
        cJSON *d = cr_dist_to_json(&c->frequency.dist);
        if (!d || !cJSON_AddItemToObject(o, "frequency", d)) {
            cJSON_Delete(d);
            return false;
        }
    }
    if (c->loss.n) {
        cJSON *d = cr_dist_to_json(&c->loss.dist);
        if (!d || !cJSON_AddItemToObject(o, "loss", d)) {
            cJSON_Delete(d);
            return false;
        }
    }
    cJSON *people = cJSON_AddArrayToObject(o, "participants");
    if (!people)
        return false;
    for (size_t i = 0; i < r->n_participants; i++) {
        if (!c->entries[i].scored)
            continue;
        cJSON *name = cJSON_CreateString(r->participants[i].name);
        if (!name || !cJSON_AddItemToArray(people, name)) {
            cJSON_Delete(name);
            return false;
        }
    }
    return cJSON_AddStringToObject(o, "rationale", c->rationale) &&
           cJSON_AddStringToObject(o, "date", r->date);
}

cJSON *cr_workshop_overrides_json(const cr_workshop_result *result)
{
    cJSON *block = cJSON_CreateObject();
    for (size_t k = 0; block && k < result->n_risks; k++) {
        const cr_workshop_consensus *c = &result->risks[k];
        if (c->impact.n && !add_override(block, result, c)) {
            cJSON_Delete(block);
            return NULL;
        }
    }
    return block;
}

static cJSON *provenance_json(const cr_workshop_result *r, const cr_workshop_provenance *prov)
{
    cJSON *w = cJSON_CreateObject();
    if (!w)
        return NULL;
    bool ok = cJSON_AddStringToObject(w, "service_id", r->service_id) &&
              cJSON_AddStringToObject(w, "date", r->date);
    cJSON *people = ok ? cJSON_AddArrayToObject(w, "participants") : NULL;
    ok = people != NULL;
    for (size_t i = 0; ok && i < r->n_participants; i++) {
        const cr_workshop_participant *p = &r->participants[i];
        cJSON *item = cJSON_CreateObject();
        ok = item && cJSON_AddItemToArray(people, item);
        if (!ok) {
            cJSON_Delete(item);
            break;
        }
        ok = cJSON_AddStringToObject(item, "name", p->name) &&
             cJSON_AddNumberToObject(item, "weight", p->weight) &&
             cJSON_AddStringToObject(item, "sheet", p->file) &&
             cJSON_AddStringToObject(item, "sha256", p->sha256);
    }
    ok = ok && cJSON_AddStringToObject(w, "inputs_sha256", r->inputs_sha256);
    if (ok && prov && prov->model_version)
        ok = cJSON_AddStringToObject(w, "model_version", prov->model_version) != NULL;
    if (ok && prov && prov->generator)
        ok = cJSON_AddStringToObject(w, "generator", prov->generator) != NULL;
    ok = ok && cJSON_AddStringToObject(w, "method",
                                       "impact and likelihood: median of the participants' "
                                       "scores, an even count's middle pair averaged and rounded "
                                       "half up; frequency and loss: linear opinion pool of the "
                                       "participants' PERT estimates, weighted");
    if (!ok) {
        cJSON_Delete(w);
        return NULL;
    }
    return w;
}

cJSON *cr_workshop_document_json(const cr_workshop_result *result,
                                 const cr_workshop_provenance *prov)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *meta = provenance_json(result, prov);
    cJSON *block = cr_workshop_overrides_json(result);
    if (!doc || !meta || !block || !cJSON_AddItemToObject(doc, "workshop", meta)) {
        cJSON_Delete(doc);
        cJSON_Delete(meta);
        cJSON_Delete(block);
        return NULL;
    }
    if (!cJSON_AddItemToObject(doc, "risk_overrides", block)) {
        cJSON_Delete(doc);
        cJSON_Delete(block);
        return NULL;
    }
    return doc;
}

cr_status cr_workshop_into_service(const cJSON *service, const char *service_file,
                                   const char *service_id, const cr_workshop_result *result,
                                   cJSON **out, cr_error *err)
{
    *out = NULL;
    if (!cJSON_IsObject(service))
        return cr_error_set(err, CR_ERR_INPUT, service_file, 0, "$",
                            "expected a service file (a JSON object)");
    if (strcmp(service_id, result->service_id) != 0)
        return cr_error_set(err, CR_ERR_INPUT, service_file, 0, NULL,
                            "service \"%s\" is not the one the sheets are for (\"%s\"); "
                            "expected the service file of the workshop",
                            service_id, result->service_id);
    cJSON *copy = cJSON_Duplicate(service, 1);
    cJSON *block = cr_workshop_overrides_json(result);
    bool ok = copy && block;
    if (ok && cJSON_GetObjectItemCaseSensitive(copy, "risk_overrides"))
        ok = cJSON_ReplaceItemInObjectCaseSensitive(copy, "risk_overrides", block);
    else if (ok)
        ok = cJSON_AddItemToObject(copy, "risk_overrides", block);
    if (!ok) {
        cJSON_Delete(copy);
        cJSON_Delete(block);
        return cr_error_set(err, CR_ERR_MEMORY, service_file, 0, NULL, "out of memory");
    }
    *out = copy;
    return CR_OK;
}
