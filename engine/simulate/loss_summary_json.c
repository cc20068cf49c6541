/*
 * loss_summary_json.c -- the one JSON shape of a loss summary, written and
 * read back (doc/simulation.md, "The loss summary").
 *
 * The reader also takes the shapes written before there was one: a plan's
 * and the register's "se" for "mean_se", a plan's curve as an array of
 * {"loss", "exceedance"} points, and no "years".
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/loss_summary.h"
#include "simulate/simulate_iface.h"

typedef struct number_field {
    const char *key;
    size_t offset;
} number_field;

#define F(name) {#name, offsetof(cr_loss_summary, name)}
static const number_field fields[] = {
    F(expected), F(mean),    F(mean_se), F(sd),      F(p50),         F(p50_se),
    F(p90),      F(p90_se),  F(p95),     F(p95_se),  F(p99),         F(p99_se),
    F(var95),    F(es95),    F(es95_se), F(var99),   F(es99),        F(es99_se),
    F(p_loss),   F(p_exceed), F(p_exceed_se), F(share), F(max),      F(max_share),
    F(variance_years)};
#undef F
#define N_FIELDS (sizeof fields / sizeof fields[0])

static double *field_of(cr_loss_summary *s, const number_field *f)
{
    return (double *)(void *)((char *)s + f->offset);
}

static double field_value(const cr_loss_summary *s, const number_field *f)
{
    return *(const double *)(const void *)((const char *)s + f->offset);
}

static cJSON *number_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

/* Add item under key; false (and item freed) when either is missing. */
static bool add(cJSON *o, const char *key, cJSON *item)
{
    if (item && cJSON_AddItemToObject(o, key, item))
        return true;
    cJSON_Delete(item);
    return false;
}

static cJSON *number_array(const double *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++) {
        cJSON *x = number_or_null(v[i]);
        if (!x || !cJSON_AddItemToArray(a, x)) {
            cJSON_Delete(x);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

bool cr_loss_summary_json_fields(cJSON *o, const cr_loss_summary *s)
{
    bool ok = add(o, "years", cJSON_CreateNumber((double)s->years));
    for (size_t i = 0; ok && i < N_FIELDS; i++)
        ok = add(o, fields[i].key, number_or_null(field_value(s, &fields[i])));
    cJSON *w = ok ? cJSON_CreateArray() : NULL;
    for (int i = 0; w && i < CR_LOSS_WARNINGS; i++) {
        if (!(s->warnings & (1u << i)))
            continue;
        cJSON *name = cJSON_CreateString(cr_loss_warning_name(1u << i));
        if (!name || !cJSON_AddItemToArray(w, name)) {
            cJSON_Delete(name);
            cJSON_Delete(w);
            w = NULL;
        }
    }
    ok = ok && add(o, "warnings", w);
    cJSON *lec = ok ? cJSON_CreateObject() : NULL;
    ok = ok && lec && add(lec, "loss", number_array(s->lec.loss, s->lec.n)) &&
         add(lec, "exceedance", number_array(s->lec.exceedance, s->lec.n)) &&
         add(lec, "loss_se", number_array(s->lec.loss_se, s->lec.n));
    if (!ok) {
        cJSON_Delete(lec);
        return false;
    }
    return add(o, "lec", lec);
}

cJSON *cr_loss_summary_to_json(const cr_loss_summary *s)
{
    if (s->years == 0)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (o && !cr_loss_summary_json_fields(o, s)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

cJSON *cr_loss_summary_jb(cr_jb *b, const char *id, const cr_loss_summary *s)
{
    cJSON *o = cr_jb_object(b);
    if (id)
        cr_jb_str(b, o, "id", id);
    if (o && !cr_loss_summary_json_fields(o, s))
        b->failed = true;
    return o;
}

void cr_sim_precision_jb(cr_jb *b, cJSON *parent, const cr_sim_precision *pr)
{
    cJSON *o = cr_jb_add_object(b, parent, "precision");
    cr_jb_num(b, o, "target", pr->target);
    cr_jb_num(b, o, "cap", (double)pr->cap);
    cr_jb_num(b, o, "trials", (double)pr->trials);
    cr_jb_num(b, o, "runs", pr->runs);
    cr_jb_num(b, o, "relative_se_mean", pr->rel_se_mean);
    cr_jb_num(b, o, "relative_se_p99", pr->rel_se_p99);
    cr_jb_bool(b, o, "reached", pr->reached);
}

/* ---- reading ---------------------------------------------------------------- */

static cr_status bad(cr_error *err, const char *path, const char *key, const char *expected)
{
    return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "%s.%s: expected %s",
                        path ? path : "$", key, expected);
}

/* A number or null (NAN); absent leaves *out alone. */
static cr_status read_number(const cJSON *o, const char *key, const char *path, double *out,
                             cr_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return CR_OK;
    if (cJSON_IsNull(v)) {
        *out = NAN;
        return CR_OK;
    }
    if (!cJSON_IsNumber(v))
        return bad(err, path, key, "a number or null");
    *out = v->valuedouble;
    return CR_OK;
}

static cr_status read_array(const cJSON *a, const char *path, const char *key, double *out,
                            size_t *n, cr_error *err)
{
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > CR_SIM_LEC_POINTS)
        return bad(err, path, key, "an array of at most 100 numbers");
    size_t k = 0;
    for (const cJSON *v = a->child; v; v = v->next, k++) {
        if (cJSON_IsNull(v))
            out[k] = NAN;
        else if (cJSON_IsNumber(v))
            out[k] = v->valuedouble;
        else
            return bad(err, path, key, "an array of numbers");
    }
    *n = k;
    return CR_OK;
}

static cr_status read_lec(const cJSON *lec, const char *path, cr_sim_lec *out, cr_error *err)
{
    if (!lec || cJSON_IsNull(lec))
        return CR_OK;
    if (cJSON_IsArray(lec)) { /* [{"loss": x, "exceedance": p}, ...] */
        if (cJSON_GetArraySize(lec) > CR_SIM_LEC_POINTS)
            return bad(err, path, "lec", "at most 100 points");
        size_t k = 0;
        for (const cJSON *pt = lec->child; pt; pt = pt->next, k++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(pt, "loss");
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(pt, "exceedance");
            if (!cJSON_IsNumber(x) || !cJSON_IsNumber(p))
                return bad(err, path, "lec", "points {\"loss\": number, \"exceedance\": number}");
            out->loss[k] = x->valuedouble;
            out->exceedance[k] = p->valuedouble;
            out->loss_se[k] = NAN;
        }
        out->n = k;
        return CR_OK;
    }
    if (!cJSON_IsObject(lec))
        return bad(err, path, "lec", "an object {\"loss\": [...], \"exceedance\": [...]}");
    size_t n_loss = 0, n_exc = 0, n_se = 0;
    cr_status st = read_array(cJSON_GetObjectItemCaseSensitive(lec, "loss"), path, "lec.loss",
                              out->loss, &n_loss, err);
    if (st == CR_OK)
        st = read_array(cJSON_GetObjectItemCaseSensitive(lec, "exceedance"), path,
                        "lec.exceedance", out->exceedance, &n_exc, err);
    const cJSON *se = cJSON_GetObjectItemCaseSensitive(lec, "loss_se");
    if (st == CR_OK && se)
        st = read_array(se, path, "lec.loss_se", out->loss_se, &n_se, err);
    else
        for (size_t k = 0; k < CR_SIM_LEC_POINTS; k++)
            out->loss_se[k] = NAN;
    if (st == CR_OK && (n_loss != n_exc || (se && n_se != n_loss)))
        return bad(err, path, "lec", "arrays of the same length");
    out->n = n_loss;
    return st;
}

cr_status cr_loss_summary_from_json(const cJSON *json, const char *path, uint64_t default_years,
                                    cr_loss_summary *s, cr_error *err)
{
    cr_loss_summary_init(s);
    if (!json || cJSON_IsNull(json))
        return CR_OK;
    if (!cJSON_IsObject(json))
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "%s: expected a loss summary (an object) or null", path ? path : "$");
    cr_status st = CR_OK;
    for (size_t i = 0; st == CR_OK && i < N_FIELDS; i++)
        st = read_number(json, fields[i].key, path, field_of(s, &fields[i]), err);
    if (st == CR_OK && !cJSON_GetObjectItemCaseSensitive(json, "mean_se"))
        st = read_number(json, "se", path, &s->mean_se, err);
    if (st == CR_OK && !cJSON_GetObjectItemCaseSensitive(json, "p_exceed"))
        st = read_number(json, "p_exceed_appetite", path, &s->p_exceed, err);
    double years = (double)default_years;
    if (st == CR_OK)
        st = read_number(json, "years", path, &years, err);
    if (st == CR_OK && !(years >= 1.0 && years <= 9007199254740992.0 && years == floor(years)))
        st = bad(err, path, "years", "a whole number of simulated years >= 1");
    if (st != CR_OK)
        return st;
    s->years = (uint64_t)years;
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(json, "warnings");
    if (w && !cJSON_IsArray(w))
        return bad(err, path, "warnings", "an array of warning names");
    for (const cJSON *v = w ? w->child : NULL; v; v = v->next) {
        int found = 0;
        for (int i = 0; cJSON_IsString(v) && i < CR_LOSS_WARNINGS; i++)
            if (strcmp(v->valuestring, cr_loss_warning_name(1u << i)) == 0) {
                s->warnings |= 1u << i;
                found = 1;
            }
        if (!found)
            return bad(err, path, "warnings",
                       "names among few_tail_years, largest_year, p99_zero_boundary, "
                       "heavy_tail, precision_cap");
    }
    return read_lec(cJSON_GetObjectItemCaseSensitive(json, "lec"), path, &s->lec, err);
}
