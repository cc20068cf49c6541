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
#include "workshop/rationale.h"

/* One participant's whole judgement: {"participant", "weight", "frequency",
 * "loss"}, the estimates as the PERTs the pool mixes. */
static bool add_judgement(cJSON *pool, const cr_workshop_participant *p,
                          const cr_workshop_entry *e)
{
    cr_dist f, l;
    cr_error err;
    if (cr_dist_pert(&f, e->frequency.min, e->frequency.likely, e->frequency.max, &err) != CR_OK)
        return false;
    if (cr_dist_pert(&l, e->loss.min, e->loss.likely, e->loss.max, &err) != CR_OK) {
        cr_dist_clear(&f);
        return false;
    }
    cJSON *item = cJSON_CreateObject();
    cJSON *fj = cr_dist_to_json(&f), *lj = cr_dist_to_json(&l);
    cr_dist_clear(&f);
    cr_dist_clear(&l);
    bool ok = item && fj && lj && cJSON_AddItemToArray(pool, item);
    if (!ok) {
        cJSON_Delete(item);
        cJSON_Delete(fj);
        cJSON_Delete(lj);
        return false;
    }
    ok = cJSON_AddStringToObject(item, "participant", p->name) &&
         cJSON_AddNumberToObject(item, "weight", p->weight);
    if (!ok || !cJSON_AddItemToObject(item, "frequency", fj)) {
        cJSON_Delete(fj);
        cJSON_Delete(lj);
        return false;
    }
    if (!cJSON_AddItemToObject(item, "loss", lj)) {
        cJSON_Delete(lj);
        return false;
    }
    return true;
}

static cJSON *override_json(const cr_workshop_result *r, const cr_workshop_consensus *c)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "impact", c->impact.consensus) &&
              cJSON_AddNumberToObject(o, "likelihood", c->likelihood.consensus);
    if (ok && c->frequency.n) {
        cJSON *pool = cJSON_AddArrayToObject(o, "pool");
        ok = pool != NULL;
        for (size_t i = 0; ok && i < r->n_participants; i++)
            if (c->entries[i].scored && c->entries[i].frequency.given)
                ok = add_judgement(pool, &r->participants[i], &c->entries[i]);
        ok = ok && cJSON_AddStringToObject(o, "basis", cr_workshop_basis_name(c->basis));
    }
    cJSON *people = ok ? cJSON_AddArrayToObject(o, "participants") : NULL;
    ok = people != NULL;
    for (size_t i = 0; ok && i < r->n_participants; i++) {
        if (!c->entries[i].scored)
            continue;
        cJSON *name = cJSON_CreateString(r->participants[i].name);
        ok = name && cJSON_AddItemToArray(people, name);
        if (!ok)
            cJSON_Delete(name);
    }
    ok = ok && cJSON_AddStringToObject(o, "rationale", c->rationale) &&
         cJSON_AddStringToObject(o, "date", r->date) &&
         cJSON_AddNumberToObject(o, "round", r->round);
    cr_strbuf flags;
    cr_strbuf_init(&flags);
    if (ok && cr_ws_flags_text(&flags, r, c, r->lang)) {
        cJSON *flag = flags.failed ? NULL : cJSON_AddObjectToObject(o, "contested");
        ok = flag && cJSON_AddStringToObject(flag, "reason", flags.data);
    }
    ok = ok && !flags.failed;
    cr_strbuf_free(&flags);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *cr_workshop_overrides_json(const cr_workshop_result *result)
{
    cJSON *block = cJSON_CreateObject();
    for (size_t k = 0; block && k < result->n_risks; k++) {
        const cr_workshop_consensus *c = &result->risks[k];
        if (!c->impact.n)
            continue;
        cJSON *o = override_json(result, c);
        if (!o || !cJSON_AddItemToObject(block, c->risk_id, o)) {
            cJSON_Delete(o);
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
              cJSON_AddStringToObject(w, "date", r->date) &&
              cJSON_AddNumberToObject(w, "round", r->round) &&
              (!r->anonymous || cJSON_AddTrueToObject(w, "anonymous"));
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
        /* An anonymous merge leaves the sheets' file names out: they often
         * carry the name. */
        ok = cJSON_AddStringToObject(item, "name", p->name) &&
             cJSON_AddNumberToObject(item, "weight", p->weight) &&
             (r->anonymous || cJSON_AddStringToObject(item, "sheet", p->file)) &&
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
                                       "half up; frequency and loss: joint linear opinion pool, "
                                       "each participant's frequency with that participant's "
                                       "loss (PERT estimates), weighted");
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
    cJSON *block = copy ? cJSON_GetObjectItemCaseSensitive(copy, "risk_overrides") : NULL;
    if (copy && block && !cJSON_IsObject(block)) {
        cJSON_Delete(copy);
        return cr_error_set(err, CR_ERR_INPUT, service_file, 0, "$.risk_overrides",
                            "expected an object of risk overrides, got %s",
                            cJSON_IsArray(block) ? "an array" : "another type");
    }
    if (copy && !block)
        block = cJSON_AddObjectToObject(copy, "risk_overrides");
    bool ok = copy && block;
    /* Only the risks this round handed out and someone scored change; every
     * other risk keeps its agreed estimate as the file has it. */
    for (size_t k = 0; ok && k < result->n_risks; k++) {
        const cr_workshop_consensus *c = &result->risks[k];
        if (!c->impact.n)
            continue;
        cJSON *o = override_json(result, c);
        ok = o != NULL;
        if (ok && cJSON_GetObjectItemCaseSensitive(block, c->risk_id))
            ok = cJSON_ReplaceItemInObjectCaseSensitive(block, c->risk_id, o);
        else if (ok)
            ok = cJSON_AddItemToObject(block, c->risk_id, o);
        if (!ok)
            cJSON_Delete(o);
    }
    if (!ok) {
        cJSON_Delete(copy);
        return cr_error_set(err, CR_ERR_MEMORY, service_file, 0, NULL, "out of memory");
    }
    *out = copy;
    return CR_OK;
}
