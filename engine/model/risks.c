/* risks.c -- models/risks.json: the risks, their dimensions, ENISA sources
 * with ENISA's rating beside ours, and baselines. */
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

/* One of ENISA's rating words: VL, L, M, H, VH. */
static int enisa_level(const char *s, size_t len)
{
    static const char *const words[] = {"VL", "L", "M", "H", "VH"};
    for (int i = 0; i < 5; i++)
        if (strlen(words[i]) == len && strncmp(s, words[i], len) == 0)
            return i + 1;
    return 0;
}

/* "N/A", a level, or a rising range of two levels such as "L-H". */
static bool enisa_rating_form(const char *s)
{
    if (strcmp(s, "N/A") == 0)
        return true;
    const char *dash = strchr(s, '-');
    if (!dash)
        return enisa_level(s, strlen(s)) > 0;
    int lo = enisa_level(s, (size_t)(dash - s)), hi = enisa_level(dash + 1, strlen(dash + 1));
    return lo > 0 && hi > lo;
}

/* "enisa_rating": one {"risk", "probability", "impact"} per ENISA id, in the
 * order of "enisa", with "unverified": true where the rating could not be
 * checked against ENISA's text; and "versus_enisa", the reason for any
 * difference. */
static cr_status load_enisa_rating(cr_jctx *c, const cJSON *risk, const char *path, cr_risk *r,
                                   cr_enisa_rating *storage, size_t *used)
{
    const cJSON *list = NULL;
    cr_status st = cr_json_get_array(c, risk, path, "enisa_rating", true, &list);
    if (st != CR_OK)
        return st;
    char lp[256];
    cr_jpath_key(lp, sizeof lp, path, "enisa_rating");
    if ((size_t)cJSON_GetArraySize(list) != r->n_enisa)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, lp,
                            "expected one rating for each of the risk's %zu ENISA sources, in "
                            "the same order",
                            r->n_enisa);
    static const char *const keys[] = {"risk", "probability", "impact", "unverified"};
    r->enisa_rating = storage + *used;
    size_t i = 0;
    for (const cJSON *item = list->child; item && st == CR_OK; item = item->next, i++) {
        char ip[256];
        cr_jpath_index(ip, sizeof ip, lp, i);
        cr_enisa_rating *e = &storage[(*used)++];
        st = cr_json_check_keys(c, item, ip, keys, 4);
        if (st == CR_OK)
            st = cr_json_get_string(c, item, ip, "risk", true, 16, &e->risk);
        if (st == CR_OK)
            st = cr_json_get_bool(c, item, ip, "unverified", false, &e->unverified, NULL);
        if (st == CR_OK && strcmp(e->risk, r->enisa[i]) != 0) {
            char kp[256];
            cr_jpath_key(kp, sizeof kp, ip, "risk");
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, kp,
                                "expected \"%s\", the ENISA source at the same place in "
                                "\"enisa\"",
                                r->enisa[i]);
        }
        static const char *const fields[] = {"probability", "impact"};
        for (int f = 0; f < 2 && st == CR_OK; f++) {
            const char *v = NULL;
            st = cr_json_get_string(c, item, ip, fields[f], true, 16, &v);
            if (st == CR_OK && !enisa_rating_form(v)) {
                char kp[256];
                cr_jpath_key(kp, sizeof kp, ip, fields[f]);
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, kp,
                                    "expected ENISA's rating: \"VL\", \"L\", \"M\", \"H\", "
                                    "\"VH\", a range such as \"L-H\", or \"N/A\"; got "
                                    "\"%.20s\"",
                                    v);
            }
            if (st == CR_OK)
                *(f == 0 ? &e->probability : &e->impact) = v;
        }
    }
    if (st == CR_OK)
        st = cr_model_get_text(c, risk, path, "versus_enisa", &r->versus_enisa);
    return st;
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
    m->enisa_ratings = calloc(n_enisa + 1, sizeof *m->enisa_ratings);
    if (!m->risks || !m->enisa || !m->enisa_ratings)
        return cr_error_set(err, CR_ERR_MEMORY, doc->file, 0, NULL, "out of memory");
    static const char *const keys[] = {"id",           "name",         "description",
                                       "dimensions",   "enisa",        "enisa_rating",
                                       "versus_enisa", "baseline"};
    size_t used = 0, rated = 0, i = 0;
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
            st = load_enisa_rating(&c, item, p, r, m->enisa_ratings, &rated);
        if (st == CR_OK)
            st = load_baseline(&c, item, p, r);
    }
    m->n_risks = n;
    return st;
}
