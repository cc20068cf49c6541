/*
 * organisation.c -- the organisation profile: the money behind the impact
 * levels, the risk appetite, the acceptance criteria with their approval
 * record, and the capacity of the people who carry out a plan, read from a
 * file (--org FILE, or the service file's "organisation") instead of
 * copying the model directory.
 *
 *   {"about": "...", "name": "...", "currency": "JPY",
 *    "revenue": 3000000000,                         annual revenue, and/or
 *    "impact_money": [{"level": 1, "lower": ..., "upper": ...}, ... level 5],
 *    "appetite": {"annual_loss": ..., "probability": 0.05,
 *                 "statement": {"en": "...", "ja": "..."}},
 *    "criteria": {"acceptable_level": "low", "approver": "...", "role": "...",
 *                 "date": "YYYY-MM-DD", "minutes": "...",
 *                 "approval_route": ["...", "..."] (or one sentence),
 *                 "review_interval_months": 12},
 *    "capacity": {"default": 10, "SRE team": 15},
 *    "plausible_inherent": {"lower": ..., "upper": ...},
 *    "controls": [...]}          the organisation's own controls
 *                                (organisation_controls.c)
 *
 * Impact bands from revenue R (when impact_money is not given): level k
 * stands for [R 10^(k-6), R 10^(k-5)) per event, so level 5 is a tenth of a
 * year's revenue up to all of it, and each level below a decade less -- the
 * same one-decade steps as the shipped scales, fitted to the organisation.
 * Given outright, the bands must be levels 1 to 5 in order, each starting
 * where the one below ends.
 *
 * The plausible range of the inherent expected annual loss (the whole
 * service with no control at all) is the organisation's statement of what
 * an uncontrolled year could cost; by default, from revenue, from a hundredth
 * of a year's revenue to twenty years' revenue (beyond that, more than any
 * business has to lose).  Outputs compare the inherent total with it.
 *
 * What decides (the bands, the appetite, the acceptable level, the own
 * controls' risks, roles, weights and costs) is hashed on
 * its own (cr_organisation_sha256); names, dates, minutes, statements,
 * capacity and the review interval are display or scheduling only and do not
 * enter that hash, so correcting an approver's name does not make decisions
 * stale, while changing the money of a level or the appetite does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "model/model_internal.h"
#include "model/organisation_controls.h"

#define ORG_MAX_OWNERS 256

struct cr_organisation {
    cr_json_doc doc;       /* the profile's own document (a copy for an inline block) */
    char source[4200];     /* file, or "service.json:$.organisation" */
    const char *name;
    const char *currency;
    bool has_revenue;
    double revenue;
    double lower[CR_SCALE_MAX], upper[CR_SCALE_MAX];
    bool bands_given;      /* impact_money given outright, not from revenue */
    bool has_appetite;
    double appetite_loss, appetite_probability;
    cr_text appetite_statement; /* may be empty */
    const char *acceptable;     /* level id, or NULL */
    const char *approver, *role, *date, *minutes; /* may be NULL */
    char route[400];            /* approval route, "" when not given */
    long review_months;         /* 0 when not given */
    double capacity_default;
    size_t n_owners;
    const char *owner[ORG_MAX_OWNERS];
    double owner_days[ORG_MAX_OWNERS];
    double plausible_lower, plausible_upper; /* NAN when unknown */
    org_controls controls; /* the organisation's own (organisation_controls.c) */
    bool inline_block;     /* a service file's "organisation" object */
    char sha256[65];
};

void cr_organisation_free(cr_organisation *org)
{
    if (!org)
        return;
    org_controls_free(&org->controls);
    cr_json_doc_free(&org->doc);
    free(org);
}

static cr_status load_bands(cr_jctx *c, cr_organisation *o, const cJSON *root)
{
    const cJSON *bands = NULL;
    cr_status st = cr_json_get_array(c, root, "$", "impact_money", false, &bands);
    if (st != CR_OK)
        return st;
    if (!bands) {
        if (!o->has_revenue)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$",
                                "expected \"revenue\" (annual, in %s) or \"impact_money\" "
                                "(the money of impact levels 1 to 5)", o->currency);
        for (int k = 0; k < CR_SCALE_MAX; k++) {
            o->lower[k] = o->revenue * pow(10.0, k - 5);
            o->upper[k] = o->revenue * pow(10.0, k - 4);
        }
        return CR_OK;
    }
    o->bands_given = true;
    if (cJSON_GetArraySize(bands) != CR_SCALE_MAX)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.impact_money",
                            "expected the bands of impact levels 1 to 5 (5 entries), got %d",
                            cJSON_GetArraySize(bands));
    static const char *const keys[] = {"level", "lower", "upper"};
    int k = 0;
    for (const cJSON *b = bands->child; b; b = b->next, k++) {
        char p[64];
        cr_jpath_index(p, sizeof p, "$.impact_money", (size_t)k);
        if (!cJSON_IsObject(b))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "expected {\"level\", \"lower\", \"upper\"}, got %s",
                                cr_json_type_name(b));
        long level = 0;
        st = cr_json_check_keys(c, b, p, keys, 3);
        if (st == CR_OK)
            st = cr_json_get_int(c, b, p, "level", true, CR_SCALE_MIN, CR_SCALE_MAX, &level,
                                 NULL);
        if (st == CR_OK)
            st = cr_json_get_number(c, b, p, "lower", true, 0, 1e18, &o->lower[k], NULL);
        if (st == CR_OK)
            st = cr_json_get_number(c, b, p, "upper", true, 0, 1e18, &o->upper[k], NULL);
        if (st != CR_OK)
            return st;
        if (level != k + 1)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "level %ld out of order; expected the levels 1 to 5 in "
                                "ascending order, level %d here", level, k + 1);
        if (!(o->lower[k] > 0 && o->lower[k] < o->upper[k]))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "band [%g, %g]; expected 0 < lower < upper", o->lower[k],
                                o->upper[k]);
        if (k > 0 && o->lower[k] != o->upper[k - 1])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "level %d's band [%g, %g] does not start where level %d's ends "
                                "(%g); expected the levels in ascending order, each band "
                                "starting at the upper end of the one below",
                                k + 1, o->lower[k], o->upper[k], k, o->upper[k - 1]);
    }
    return CR_OK;
}

static cr_status load_appetite(cr_jctx *c, cr_organisation *o, const cJSON *root)
{
    const cJSON *a = NULL;
    static const char *const keys[] = {"annual_loss", "probability", "statement"};
    const char *const ap = "$.appetite";
    cr_status st = cr_json_get_object(c, root, "$", "appetite", false, &a);
    if (st != CR_OK || !a)
        return st;
    o->has_appetite = true;
    st = cr_json_check_keys(c, a, ap, keys, 3);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, ap, "annual_loss", true, 0, 1e18, &o->appetite_loss, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, ap, "probability", true, 0, 1, &o->appetite_probability,
                                NULL);
    const cJSON *statement = cJSON_GetObjectItemCaseSensitive(a, "statement");
    if (st == CR_OK && cJSON_IsString(statement)) {
        /* One statement in the organisation's own language serves both. */
        if (!statement->valuestring[0])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.appetite.statement",
                                "expected the appetite statement, got an empty string");
        o->appetite_statement.en = o->appetite_statement.ja = statement->valuestring;
    } else if (st == CR_OK && statement) {
        st = cr_model_get_text(c, a, ap, "statement", &o->appetite_statement);
    }
    return st;
}

/* "approval_route": a sentence, or the steps in order (joined with " → "). */
static cr_status load_route(cr_jctx *c, cr_organisation *o, const cJSON *criteria)
{
    const char *const path = "$.criteria.approval_route";
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(criteria, "approval_route");
    if (!r)
        return CR_OK;
    if (cJSON_IsString(r) && r->valuestring[0]) {
        snprintf(o->route, sizeof o->route, "%s", r->valuestring);
        return CR_OK;
    }
    if (!cJSON_IsArray(r) || !r->child)
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                            "expected the approval route: a sentence or the steps in order");
    size_t used = 0;
    for (const cJSON *step = r->child; step; step = step->next) {
        if (!cJSON_IsString(step) || !step->valuestring[0])
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "expected each step of the route as a non-empty string");
        int n = snprintf(o->route + used, sizeof o->route - used, "%s%s", used ? " → " : "",
                         step->valuestring);
        if (n < 0 || (size_t)n >= sizeof o->route - used)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, path,
                                "the route is longer than %zu bytes", sizeof o->route - 1);
        used += (size_t)n;
    }
    return CR_OK;
}

static cr_status load_criteria(cr_jctx *c, cr_organisation *o, const cJSON *root)
{
    const cJSON *a = NULL;
    static const char *const keys[] = {"acceptable_level", "approver", "role",
                                       "date",             "minutes",  "approval_route",
                                       "review_interval_months"};
    const char *const ap = "$.criteria";
    cr_status st = cr_json_get_object(c, root, "$", "criteria", false, &a);
    if (st != CR_OK || !a)
        return st;
    st = cr_json_check_keys(c, a, ap, keys, 7);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "acceptable_level", false, 40, &o->acceptable);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "approver", false, 200, &o->approver);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "role", false, 200, &o->role);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "date", false, 10, &o->date);
    if (st == CR_OK && o->date && !cr_date_valid(o->date))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, "$.criteria.date",
                            "expected a date YYYY-MM-DD, got \"%s\"", o->date);
    if (st == CR_OK)
        st = cr_json_get_string(c, a, ap, "minutes", false, 400, &o->minutes);
    if (st == CR_OK)
        st = load_route(c, o, a);
    if (st == CR_OK)
        st = cr_json_get_int(c, a, ap, "review_interval_months", false, 1, 120,
                             &o->review_months, NULL);
    if (st == CR_OK && o->approver && (!o->approver[0] || !o->minutes || !o->minutes[0]))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ap,
                            "expected the approver and a reference to the minutes together "
                            "(management standard 1.3.4)");
    return st;
}

/* "capacity": {"default": days, "<owner>": days, ...}: person-days per month. */
static cr_status load_capacity(cr_jctx *c, cr_organisation *o, const cJSON *root)
{
    const cJSON *a = NULL;
    o->capacity_default = CR_ORG_DEFAULT_CAPACITY;
    cr_status st = cr_json_get_object(c, root, "$", "capacity", false, &a);
    if (st != CR_OK || !a)
        return st;
    for (const cJSON *e = a->child; st == CR_OK && e; e = e->next) {
        char p[300];
        cr_jpath_key(p, sizeof p, "$.capacity", e->string);
        if (strcmp(e->string, "default") == 0) {
            if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0.5 && e->valuedouble <= 3100))
                return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                    "expected person-days per month from 0.5 to 3100");
            o->capacity_default = e->valuedouble;
            continue;
        }
        if (o->n_owners == ORG_MAX_OWNERS)
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "more than %d owners; expected at most %d", ORG_MAX_OWNERS,
                                ORG_MAX_OWNERS);
        if (!cJSON_IsNumber(e) || !(e->valuedouble >= 0.5 && e->valuedouble <= 3100))
            return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, p,
                                "expected person-days per month from 0.5 to 3100");
        o->owner[o->n_owners] = e->string;
        o->owner_days[o->n_owners++] = e->valuedouble;
    }
    return st;
}

static cr_status load_plausible(cr_jctx *c, cr_organisation *o, const cJSON *root)
{
    const cJSON *a = NULL;
    static const char *const keys[] = {"lower", "upper"};
    const char *const ap = "$.plausible_inherent";
    o->plausible_lower = o->has_revenue ? o->revenue / 100.0 : NAN;
    o->plausible_upper = o->has_revenue ? o->revenue * 20.0 : NAN;
    cr_status st = cr_json_get_object(c, root, "$", "plausible_inherent", false, &a);
    if (st != CR_OK || !a)
        return st;
    st = cr_json_check_keys(c, a, ap, keys, 2);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, ap, "lower", true, 0, 1e18, &o->plausible_lower, NULL);
    if (st == CR_OK)
        st = cr_json_get_number(c, a, ap, "upper", true, 0, 1e18, &o->plausible_upper, NULL);
    if (st == CR_OK && !(o->plausible_lower < o->plausible_upper))
        return cr_error_set(c->err, CR_ERR_INPUT, c->file, 0, ap,
                            "expected lower < upper, got [%g, %g]", o->plausible_lower,
                            o->plausible_upper);
    return st;
}

/* The hash of what decides: currency, bands, appetite, acceptable level. */
static void decisive_hash(cr_organisation *o)
{
    char line[200];
    cr_sha256 h;
    cr_sha256_init(&h);
    snprintf(line, sizeof line, "currency %s\n", o->currency);
    cr_sha256_update(&h, line, strlen(line));
    for (int k = 0; k < CR_SCALE_MAX; k++) {
        snprintf(line, sizeof line, "impact %d %.17g %.17g\n", k + 1, o->lower[k], o->upper[k]);
        cr_sha256_update(&h, line, strlen(line));
    }
    if (o->has_appetite) {
        snprintf(line, sizeof line, "appetite %.17g %.17g\n", o->appetite_loss,
                 o->appetite_probability);
        cr_sha256_update(&h, line, strlen(line));
    }
    if (o->acceptable) {
        snprintf(line, sizeof line, "acceptable %.40s\n", o->acceptable);
        cr_sha256_update(&h, line, strlen(line));
    }
    org_controls_hash(&o->controls, &h);
    cr_sha256_final_hex(&h, o->sha256);
}

static cr_status parse(cr_organisation *o, cr_error *err)
{
    cr_jctx c = {o->source, err};
    const cJSON *root = o->doc.root;
    /* "about" is a note for people. */
    static const char *const top[] = {"about",    "name",     "currency", "revenue",
                                      "impact_money", "appetite", "criteria", "capacity",
                                      "plausible_inherent", "controls"};
    if (!cJSON_IsObject(root))
        return cr_error_set(err, CR_ERR_INPUT, o->source, 0, "$",
                            "expected an organisation profile (a JSON object), got %s",
                            cr_json_type_name(root));
    cr_status st = cr_json_check_keys(&c, root, "$", top, sizeof top / sizeof top[0]);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "name", true, 200, &o->name);
    if (st == CR_OK)
        st = cr_json_get_string(&c, root, "$", "currency", true, 3, &o->currency);
    if (st == CR_OK)
        st = cr_json_get_number(&c, root, "$", "revenue", false, 1, 1e18, &o->revenue,
                                &o->has_revenue);
    if (st == CR_OK)
        st = load_bands(&c, o, root);
    if (st == CR_OK)
        st = load_appetite(&c, o, root);
    if (st == CR_OK)
        st = load_criteria(&c, o, root);
    if (st == CR_OK)
        st = load_capacity(&c, o, root);
    if (st == CR_OK)
        st = load_plausible(&c, o, root);
    if (st == CR_OK)
        st = org_controls_parse(&c, root, &o->controls);
    if (st == CR_OK)
        decisive_hash(o);
    return st;
}

cr_status cr_organisation_load(const char *path, cr_organisation **out, cr_error *err)
{
    *out = NULL;
    cr_organisation *o = calloc(1, sizeof *o);
    if (!o)
        return cr_error_set(err, CR_ERR_MEMORY, path, 0, NULL, "out of memory");
    snprintf(o->source, sizeof o->source, "%s", path);
    cr_status st = cr_json_load_file(path, &o->doc, err);
    if (st == CR_OK)
        st = parse(o, err);
    if (st != CR_OK) {
        cr_organisation_free(o);
        return st;
    }
    *out = o;
    return CR_OK;
}

/* Inline: the paths are within the service file's "organisation". */
static void inline_path(const cr_organisation *o, cr_error *err)
{
    if (o->inline_block && err && strncmp(err->path, "$", 1) == 0) {
        char p[sizeof err->path];
        snprintf(p, sizeof p, "$.organisation%s", err->path + 1);
        snprintf(err->path, sizeof err->path, "%s", p);
    }
}

cr_status cr_organisation_from_json(const cJSON *block, const char *file, cr_organisation **out,
                                    cr_error *err)
{
    *out = NULL;
    cr_organisation *o = calloc(1, sizeof *o);
    if (!o)
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    snprintf(o->source, sizeof o->source, "%s", file);
    o->doc.root = cJSON_Duplicate(block, 1);
    o->doc.file = strdup(file);
    if (!o->doc.root || !o->doc.file) {
        cr_organisation_free(o);
        return cr_error_set(err, CR_ERR_MEMORY, file, 0, NULL, "out of memory");
    }
    o->inline_block = true;
    cr_status st = parse(o, err);
    if (st != CR_OK) {
        inline_path(o, err);
        cr_organisation_free(o);
        return st;
    }
    *out = o;
    return CR_OK;
}

const char *cr_organisation_name(const cr_organisation *org)
{
    return org->name;
}

const char *cr_organisation_sha256(const cr_organisation *org)
{
    return org->sha256;
}

bool cr_organisation_revenue(const cr_organisation *org, double *revenue)
{
    *revenue = org->revenue;
    return org->has_revenue;
}

void cr_organisation_plausible_inherent(const cr_organisation *org, double *lower,
                                        double *upper)
{
    *lower = org->plausible_lower;
    *upper = org->plausible_upper;
}

double cr_organisation_capacity(const cr_organisation *org, const char *owner)
{
    if (!org)
        return CR_ORG_DEFAULT_CAPACITY;
    for (size_t i = 0; owner && i < org->n_owners; i++)
        if (strcmp(org->owner[i], owner) == 0)
            return org->owner_days[i];
    return org->capacity_default;
}

long cr_organisation_review_months(const cr_organisation *org)
{
    return org ? org->review_months : 0;
}

const char *cr_organisation_route(const cr_organisation *org)
{
    return org && org->route[0] ? org->route : NULL;
}

cr_status cr_model_apply_organisation(cr_model *m, const cr_organisation *org, cr_error *err)
{
    if (strcmp(org->currency, m->currency) != 0)
        return cr_error_set(err, CR_ERR_INPUT, org->source, 0, "$.currency",
                            "the organisation counts in %s but the model's scales are in %s; "
                            "expected %s", org->currency, m->currency, m->currency);
    int acceptable = m->criteria.acceptable;
    if (org->acceptable) {
        acceptable = -1;
        for (size_t i = 0; i + 1 < m->criteria.n_levels; i++)
            if (strcmp(m->levels[i].id, org->acceptable) == 0)
                acceptable = (int)i;
        if (acceptable < 0)
            return cr_error_set(err, CR_ERR_INPUT, org->source, 0,
                                "$.criteria.acceptable_level",
                                "expected the id of a level below the highest (\"%s\"), got "
                                "\"%.40s\"", m->levels[m->criteria.n_levels - 1].id,
                                org->acceptable);
    }
    for (int k = 0; k < CR_SCALE_MAX; k++) {
        m->impact[k].lower = org->lower[k];
        m->impact[k].upper = org->upper[k];
    }
    cr_status st = org_controls_apply(m, &org->controls, org->source, err);
    if (st != CR_OK) {
        inline_path(org, err);
        return st;
    }
    cr_criteria *c = &m->criteria;
    c->acceptable = acceptable;
    if (org->has_appetite) {
        c->appetite_annual_loss = org->appetite_loss;
        c->appetite_probability = org->appetite_probability;
        if (org->appetite_statement.en)
            c->appetite_statement = org->appetite_statement;
    }
    if (org->approver) {
        c->approver = org->approver;
        c->minutes = org->minutes;
        if (org->role)
            c->approver_role = org->role;
        if (org->date)
            c->approval_date = org->date;
    }
    m->organisation = org;
    /* The model in effect: the files and what of the profile decides. */
    char text[200];
    int n = snprintf(text, sizeof text, "model %s\norganisation %s\n", m->files_sha256,
                     org->sha256);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, (size_t)n);
    cr_sha256_final_hex(&h, m->sha256);
    return CR_OK;
}

const cr_organisation *cr_model_organisation(const cr_model *m)
{
    return m->organisation;
}
