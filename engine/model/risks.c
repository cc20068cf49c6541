/* risks.c -- models/risks.json: the risks, their dimensions and baselines. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_internal.h"

static const char *const dimension_names[CR_N_DIMENSIONS] = {"confidentiality", "integrity",
                                                             "availability"};

/* Risk ids are "CR" and two or more digits, so that they sort and read alike. */
static bool risk_id_form(const char *s)
{
    if (strncmp(s, "CR", 2) != 0 || !s[2])
        return false;
    for (const char *p = s + 2; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return strlen(s) >= 4 && strlen(s) <= 8;
}

/* ENISA ids are written "R.n". */
static bool enisa_id_form(const char *s)
{
    if (strncmp(s, "R.", 2) != 0 || !s[2])
        return false;
    for (const char *p = s + 2; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return true;
}

static cr_status load_dimensions(cr_jctx *c, const cJSON *risk, const char *path, cr_risk *r)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, risk, path, "dimensions", true, &list);
    if (st != CR_OK)
        return st;
    char lp[256], ip[256];
    cr_jpath_key(lp, sizeof lp, path, "dimensions");
    size_t i = 0;
    r->dimensions = 0;
    for (const cJSON *item = list->child; item; item = item->next, i++) {
        cr_jpath_index(ip, sizeof ip, lp, i);
        int d = -1;
        for (int k = 0; k < CR_N_DIMENSIONS && cJSON_IsString(item); k++)
            if (strcmp(item->valuestring, dimension_names[k]) == 0)
                d = k;
        if (d < 0)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                "expected one of \"confidentiality\", \"integrity\", "
                                "\"availability\"");
        if (r->dimensions & (1u << d))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                "duplicate dimension \"%s\"", dimension_names[d]);
        r->dimensions |= 1u << d;
    }
    if (!r->dimensions)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "expected at least one of \"confidentiality\", \"integrity\", "
                            "\"availability\"");
    return CR_OK;
}

static cr_status load_enisa(cr_jctx *c, const cJSON *risk, const char *path, cr_risk *r,
                            const char **storage, size_t *used)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, risk, path, "enisa", true, &list);
    if (st != CR_OK)
        return st;
    char lp[256], ip[256];
    cr_jpath_key(lp, sizeof lp, path, "enisa");
    r->enisa = storage + *used;
    r->n_enisa = 0;
    for (const cJSON *item = list->child; item; item = item->next) {
        cr_jpath_index(ip, sizeof ip, lp, r->n_enisa);
        if (!cJSON_IsString(item) || !enisa_id_form(item->valuestring))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ip,
                                "expected an ENISA risk id such as \"R.11\"");
        storage[(*used)++] = item->valuestring;
        r->n_enisa++;
    }
    if (r->n_enisa == 0)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "expected at least one ENISA risk id such as \"R.11\"");
    return CR_OK;
}

static cr_status load_baseline(cr_jctx *c, const cJSON *risk, const char *path, cr_risk *r)
{
    const cJSON *b = NULL;
    char bp[256];
    cr_jpath_key(bp, sizeof bp, path, "baseline");
    static const char *const keys[] = {"impact", "likelihood", "rationale"};
    long impact = 0, likelihood = 0;
    cr_status st = cr_json_get_object(c, risk, path, "baseline", true, &b);
    if (st == CR_OK)
        st = cr_json_check_keys(c, b, bp, keys, 3);
    if (st == CR_OK)
        st = cr_json_get_int(c, b, bp, "impact", true, CR_SCALE_MIN, CR_SCALE_MAX, &impact, NULL);
    if (st == CR_OK)
        st = cr_json_get_int(c, b, bp, "likelihood", true, CR_SCALE_MIN, CR_SCALE_MAX,
                             &likelihood, NULL);
    if (st == CR_OK)
        st = cr_json_get_string(c, b, bp, "rationale", true, 0, &r->baseline_rationale);
    r->baseline_impact = (int)impact;
    r->baseline_likelihood = (int)likelihood;
    return st;
}

cr_status cr_model_load_risks(cr_model *m, const cr_json_doc *doc, cr_error *err)
{
    cr_jctx c = {doc->file, err};
    static const char *const top[] = {"about", "risks"};
    const cJSON *list = NULL;
    cr_status st = cr_json_check_keys(&c, doc->root, "$", top, 2);
    if (st == CR_OK)
        st = cr_json_get_array(&c, doc->root, "$", "risks", true, &list);
    if (st != CR_OK)
        return st;
    size_t n = (size_t)cJSON_GetArraySize(list);
    if (n == 0)
        return cr_error_set(err, CR_ERR_INPUT, doc->file, 0, "$.risks",
                            "expected a non-empty array of risks");
    size_t n_enisa = 0;
    for (const cJSON *item = list->child; item; item = item->next) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(item, "enisa");
        n_enisa += cJSON_IsArray(e) ? (size_t)cJSON_GetArraySize(e) : 0;
    }
    m->risks = calloc(n, sizeof *m->risks);
    m->enisa = calloc(n_enisa + 1, sizeof *m->enisa);
    if (!m->risks || !m->enisa)
        return cr_error_set(err, CR_ERR_MEMORY, doc->file, 0, NULL, "out of memory");
    static const char *const keys[] = {"id", "name", "description", "dimensions", "enisa",
                                       "baseline"};
    size_t used = 0, i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char p[256];
        cr_jpath_index(p, sizeof p, "$.risks", i);
        cr_risk *r = &m->risks[i];
        r->index = i;
        st = cr_json_check_keys(&c, item, p, keys, sizeof keys / sizeof keys[0]);
        if (st == CR_OK)
            st = cr_json_get_string(&c, item, p, "id", true, 0, &r->id);
        if (st == CR_OK && !risk_id_form(r->id)) {
            char ip[256];
            cr_jpath_key(ip, sizeof ip, p, "id");
            st = cr_error_set(err, CR_ERR_INPUT, doc->file, 0, ip,
                              "expected a risk id \"CR\" followed by digits (e.g. \"CR01\"), got "
                              "\"%.40s\"", r->id);
        }
        for (size_t k = 0; k < i && st == CR_OK; k++)
            if (strcmp(m->risks[k].id, r->id) == 0) {
                char ip[256];
                cr_jpath_key(ip, sizeof ip, p, "id");
                st = cr_error_set(err, CR_ERR_INPUT, doc->file, 0, ip,
                                  "duplicate risk id \"%s\" (also at $.risks[%zu])", r->id, k);
            }
        if (st == CR_OK)
            st = cr_model_get_text(&c, item, p, "name", &r->name);
        if (st == CR_OK)
            st = cr_model_get_text(&c, item, p, "description", &r->description);
        if (st == CR_OK)
            st = load_dimensions(&c, item, p, r);
        if (st == CR_OK)
            st = load_enisa(&c, item, p, r, m->enisa, &used);
        if (st == CR_OK)
            st = load_baseline(&c, item, p, r);
    }
    m->n_risks = n;
    return st;
}
