/*
 * anonymity.c -- an anonymous merge: participants' names replaced by
 * letters in everything the merge writes, the mapping kept apart.
 *
 * Letters are A, B, ..., Z, then AA, AB, ...  A participant keeps the letter
 * the mapping already gives it (so that round 2 says "D" for whoever was D in
 * round 1); a newcomer gets the next letter not yet used, in name order.  The
 * mapping is the facilitator's file:
 *
 *   {"service_id": "saas-hr", "participants": {"A": "Aoki", "B": "Baba"}}
 *
 * and never goes into the service file.  Sheet file names are left out of
 * an anonymous merge's output (they usually carry the name); the sheets'
 * hashes stay, so the facilitator can still prove which sheet was merged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cloudrisk/workshop.h"
#include "util/json_util.h"
#include "workshop/rationale.h"

/* The n-th letter code (0 = "A", 25 = "Z", 26 = "AA", ...). */
static void letter_of(size_t n, char *buf, size_t size)
{
    char rev[16];
    size_t k = 0;
    do {
        rev[k++] = (char)('A' + n % 26);
        n = n / 26;
    } while (n-- > 0 && k < sizeof rev);
    size_t o = 0;
    while (k > 0 && o + 1 < size)
        buf[o++] = rev[--k];
    buf[o] = '\0';
}

static const char *letter_for(const cJSON *people, const char *name)
{
    for (const cJSON *e = people->child; e; e = e->next)
        if (cJSON_IsString(e) && strcmp(e->valuestring, name) == 0)
            return e->string;
    return NULL;
}

cr_status cr_workshop_mapping_check(const cJSON *mapping, const char *file,
                                    const char *service_id, cr_error *err)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(mapping, "service_id");
    const cJSON *people = cJSON_GetObjectItemCaseSensitive(mapping, "participants");
    if (!cJSON_IsObject(mapping) || !cJSON_IsString(id) || !cJSON_IsObject(people))
        return cr_error_set(err, CR_ERR_INPUT, file, 0, "$",
                            "expected a participant mapping {\"service_id\": \"...\", "
                            "\"participants\": {\"A\": \"name\", ...}}");
    if (strcmp(id->valuestring, service_id) != 0)
        return cr_error_set(err, CR_ERR_INPUT, file, 0, "$.service_id",
                            "mapping is for service \"%s\"; expected \"%s\", the sheets' service",
                            id->valuestring, service_id);
    for (const cJSON *e = people->child; e; e = e->next) {
        if (!cJSON_IsString(e) || !e->valuestring[0]) {
            char path[300];
            snprintf(path, sizeof path, "$.participants.%.200s", e->string);
            return cr_error_set(err, CR_ERR_INPUT, file, 0, path,
                                "expected a participant's name");
        }
        for (const cJSON *f = people->child; f != e; f = f->next)
            if (strcmp(f->valuestring, e->valuestring) == 0)
                return cr_error_set(err, CR_ERR_INPUT, file, 0, "$.participants",
                                    "\"%s\" has two letters (%s and %s); expected one",
                                    e->valuestring, f->string, e->string);
    }
    return CR_OK;
}

cr_status cr_workshop_anonymise(cr_workshop_result *r, cJSON *mapping, cr_error *err)
{
    cJSON *people = cJSON_GetObjectItemCaseSensitive(mapping, "participants");
    if (!cJSON_IsObject(people))
        return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "mapping without participants");
    size_t next = 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        const char *name = r->participants[i].name;
        const char *letter = letter_for(people, name);
        char fresh[16];
        if (!letter) {
            do
                letter_of(next++, fresh, sizeof fresh);
            while (cJSON_GetObjectItemCaseSensitive(people, fresh));
            if (!cJSON_AddStringToObject(people, fresh, name))
                return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            letter = fresh;
        }
        char *copy = strdup(letter);
        if (!copy)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        free(r->participants[i].name);
        r->participants[i].name = copy;
        r->participants[i].file[0] = '\0';
    }
    r->anonymous = true;
    for (size_t k = 0; k < r->n_risks; k++) {
        cr_workshop_consensus *c = &r->risks[k];
        if (!c->rationale)
            continue;
        char *again = cr_ws_rationale(r, c);
        if (!again)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        free(c->rationale);
        c->rationale = again;
    }
    return CR_OK;
}

cr_status cr_workshop_mapping_load(const char *path, const char *service_id, cJSON **out,
                                   cr_error *err)
{
    *out = NULL;
    if (access(path, F_OK) != 0) {
        cJSON *fresh = cJSON_CreateObject();
        if (!fresh || !cJSON_AddStringToObject(fresh, "service_id", service_id) ||
            !cJSON_AddObjectToObject(fresh, "participants")) {
            cJSON_Delete(fresh);
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        }
        *out = fresh;
        return CR_OK;
    }
    cr_json_doc doc;
    cr_status st = cr_json_load_file(path, &doc, err);
    if (st != CR_OK)
        return st;
    st = cr_workshop_mapping_check(doc.root, path, service_id, err);
    if (st == CR_OK) {
        *out = doc.root;
        doc.root = NULL;
    }
    cr_json_doc_free(&doc);
    return st;
}
