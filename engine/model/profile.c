/* profile.c -- a service profile and its asset values from JSON (see profile.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_iface.h"

static const char *const service_model_names[] = {"iaas", "paas", "saas"};
static const char *const deployment_names[] = {"public", "private", "community", "hybrid"};

const char *cr_service_model_name(cr_service_model m)
{
    return (unsigned)m < 3 ? service_model_names[m] : "?";
}

const char *cr_deployment_name(cr_deployment d)
{
    return (unsigned)d < 4 ? deployment_names[d] : "?";
}

/* ISO 3166-1 alpha-2 has the form of two capital letters; which pairs are
 * assigned changes over time, so only the form is checked. */
static bool country_code_form(const char *s)
{
    return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) && s[2] == '\0';
}

cr_status cr_profile_parse(cr_jctx *c, const cJSON *obj, const char *path, cr_profile *out,
                           const char ***jurisdictions)
{
    static const char *const keys[] = {"service_model", "deployment",   "multi_tenant",
                                       "internet_exposed", "users",      "subcontractors",
                                       "jurisdictions", "personal_data"};
    *jurisdictions = NULL;
    cr_status st = cr_json_check_keys(c, obj, path, keys, sizeof keys / sizeof keys[0]);
    int e = 0;
    if (st == CR_OK)
        st = cr_json_get_enum(c, obj, path, "service_model", true, service_model_names, 3, &e,
                              NULL);
    out->service_model = (cr_service_model)e;
    if (st == CR_OK)
        st = cr_json_get_enum(c, obj, path, "deployment", true, deployment_names, 4, &e, NULL);
    out->deployment = (cr_deployment)e;
    if (st == CR_OK)
        st = cr_json_get_bool(c, obj, path, "multi_tenant", true, &out->multi_tenant, NULL);
    if (st == CR_OK)
        st = cr_json_get_bool(c, obj, path, "internet_exposed", true, &out->internet_exposed,
                              NULL);
    if (st == CR_OK)
        st = cr_json_get_bool(c, obj, path, "personal_data", true, &out->personal_data, NULL);
    if (st == CR_OK)
        st = cr_json_get_int(c, obj, path, "users", true, 0, 10000000000L, &out->users, NULL);
    if (st == CR_OK)
        st = cr_json_get_int(c, obj, path, "subcontractors", true, 0, 100000,
                             &out->subcontractors, NULL);
    const cJSON *list = NULL;
    if (st == CR_OK)
        st = cr_json_get_array(c, obj, path, "jurisdictions", true, &list);
    if (st != CR_OK)
        return st;
    char list_path[256], item_path[256];
    cr_jpath_key(list_path, sizeof list_path, path, "jurisdictions");
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n == 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, list_path,
                            "expected at least one ISO 3166-1 alpha-2 country code (e.g. \"JP\")");
    const char **codes = calloc(n, sizeof *codes);
    if (!codes)
        return cr_error_set(c->err, CR_ERR_MEMORY, c->file, 0, list_path, "out of memory");
    size_t i = 0;
    for (const cJSON *item = list->child; item; item = item->next, i++) {
        cr_jpath_index(item_path, sizeof item_path, list_path, i);
        if (!cJSON_IsString(item) || !country_code_form(item->valuestring)) {
            free(codes);
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, item_path,
                                "expected an ISO 3166-1 alpha-2 country code (two capital "
                                "letters, e.g. \"JP\"), got %s",
                                cJSON_IsString(item) ? "another string" : cr_json_type_name(item));
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(codes[k], item->valuestring) == 0) {
                free(codes);
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, item_path,
                                    "duplicate jurisdiction \"%s\"; list each once",
                                    item->valuestring);
            }
        codes[i] = item->valuestring;
    }
    out->jurisdictions = codes;
    out->n_jurisdictions = n;
    *jurisdictions = codes;
    return CR_OK;
}

cr_status cr_assets_parse(cr_jctx *c, const cJSON *obj, const char *path, cr_profile *out)
{
    static const char *const keys[] = {"confidentiality", "integrity", "availability"};
    cr_status st = cr_json_check_keys(c, obj, path, keys, 3);
    for (int d = 0; d < CR_N_DIMENSIONS && st == CR_OK; d++) {
        long v = 0;
        st = cr_json_get_int(c, obj, path, keys[d], true, CR_SCALE_MIN, CR_SCALE_MAX, &v, NULL);
        out->assets[d] = (int)v;
    }
    return st;
}
