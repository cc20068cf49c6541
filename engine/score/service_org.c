/*
 * service_org.c -- which organisation profile a service is assessed under:
 * the one named on the command line (--org FILE), else the service file's
 * "organisation" (a path relative to the service file, or the profile
 * itself as a block), else none (the shipped model's scales and criteria).
 */
#include <stdio.h>
#include <string.h>

#include "cloudrisk/score.h"
#include "score/service_internal.h"

static void service_dir_join(const char *service_file, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(service_file, '/');
    if (rel[0] == '/' || !slash)
        snprintf(out, size, "%s", rel);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - service_file), service_file, rel);
}

cr_status cr_service_apply_organisation(cr_model *model, cr_service *service,
                                        const char *org_path, cr_organisation **org,
                                        cr_error *err)
{
    cr_status st = cr_service_organisation(service, org_path, org, err);
    if (st == CR_OK && *org)
        st = cr_model_apply_organisation(model, *org, err);
    /* The profile's own controls are now the model's: read the service's
     * statuses of them (with no profile, an id of that form is unknown). */
    if (st == CR_OK)
        st = cr_service_resolve_controls(service, err);
    if (st != CR_OK) {
        cr_organisation_free(*org);
        *org = NULL;
    }
    return st;
}

cr_status cr_service_organisation(const cr_service *service, const char *org_path,
                                  cr_organisation **org, cr_error *err)
{
    *org = NULL;
    cr_status st = CR_OK;
    const cJSON *named = cr_service_section(service, "organisation");
    if (org_path) {
        st = cr_organisation_load(org_path, org, err);
    } else if (cJSON_IsString(named)) {
        char path[4200];
        if (!named->valuestring[0])
            return cr_error_set(err, CR_ERR_INPUT, cr_service_file(service), 0,
                                "$.organisation",
                                "expected the path of an organisation profile, got an empty "
                                "string");
        service_dir_join(cr_service_file(service), named->valuestring, path, sizeof path);
        st = cr_organisation_load(path, org, err);
    } else if (cJSON_IsObject(named)) {
        st = cr_organisation_from_json(named, cr_service_file(service), org, err);
    } else if (named) {
        return cr_error_set(err, CR_ERR_INPUT, cr_service_file(service), 0, "$.organisation",
                            "expected the path of an organisation profile or the profile "
                            "itself (an object)");
    } else {
        return CR_OK;
    }
    if (st != CR_OK) {
        cr_organisation_free(*org);
        *org = NULL;
    }
    return st;
}
