/*
 * dist.c -- construction, moments and JSON of cr_dist (formulas in dist.h).
 *
 * PERT variance: with a, b the Beta shapes, Var = (max-min)^2 a b /
 * ((a+b)^2 (a+b+1)).  Lognormal variance: (exp(sigma^2) - 1) exp(2 mu + sigma^2).
 * Mixture variance (law of total variance, in its centred form, whose two sums
 * are never negative, unlike sum w_i (var_i + mean_i^2) - mean^2, which
 * cancellation can push below zero when the components agree):
 * sum w_i var_i + sum w_i (mean_i - mean)^2.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/dist.h"
#include "util/json_build.h"
#include "util/json_util.h"

static cr_status bad(cr_error *err, const char *what)
{
    return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL, "%s", what);
}

cr_status cr_dist_constant(cr_dist *d, double value, cr_error *err)
{
    memset(d, 0, sizeof *d);
    if (!isfinite(value))
        return bad(err, "expected a finite number");
    d->kind = CR_DIST_CONSTANT;
    d->min = d->mode = d->max = value;
    return CR_OK;
}

cr_status cr_dist_pert(cr_dist *d, double min, double mode, double max, cr_error *err)
{
    memset(d, 0, sizeof *d);
    if (!isfinite(min) || !isfinite(mode) || !isfinite(max))
        return bad(err, "expected finite numbers [min, mode, max]");
    if (!(min <= mode && mode <= max))
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "expected min <= mode <= max, got [%g, %g, %g]", min, mode, max);
    if (min == max)
        return cr_dist_constant(d, min, err);
    d->kind = CR_DIST_PERT;
    d->min = min;
    d->mode = mode;
    d->max = max;
    d->alpha = 1.0 + 4.0 * (mode - min) / (max - min);
    d->beta = 1.0 + 4.0 * (max - mode) / (max - min);
    return CR_OK;
}

cr_status cr_dist_lognormal90(cr_dist *d, double p05, double p95, cr_error *err)
{
    memset(d, 0, sizeof *d);
    if (!isfinite(p05) || !isfinite(p95) || p05 <= 0.0)
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "expected a 90%% interval [p05, p95] of positive numbers, got "
                            "[%g, %g]", p05, p95);
    if (!(p05 < p95))
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "expected p05 < p95, got [%g, %g]", p05, p95);
    d->kind = CR_DIST_LOGNORMAL;
    d->p05 = p05;
    d->p95 = p95;
    d->mu = 0.5 * (log(p05) + log(p95));
    d->sigma = (log(p95) - log(p05)) / (2.0 * CR_Z95);
    /* An interval spanning hundreds of orders of magnitude has a mean or
     * variance beyond the largest double, which no simulation could use. */
    if (!isfinite(cr_dist_variance(d))) {
        memset(d, 0, sizeof *d);
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "expected a 90%% interval [p05, p95] whose lognormal has a finite "
                            "mean and variance, got [%g, %g] (p95 / p05 is too large)",
                            p05, p95);
    }
    return CR_OK;
}

cr_status cr_dist_mixture(cr_dist *d, cr_dist *components, const double *weights, size_t n,
                          cr_error *err)
{
    memset(d, 0, sizeof *d);
    double total = 0.0;
    cr_status st = CR_OK;
    if (n == 0)
        st = bad(err, "expected at least one mixture component");
    for (size_t i = 0; st == CR_OK && i < n; i++) {
        if (!isfinite(weights[i]) || weights[i] <= 0.0)
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              "expected positive weights, got %g", weights[i]);
        total += weights[i];
    }
    if (st == CR_OK && !isfinite(total))
        st = bad(err, "mixture weights sum to infinity");
    double *w = st == CR_OK ? malloc(n * sizeof *w) : NULL;
    if (st == CR_OK && !w)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st != CR_OK) {
        for (size_t i = 0; i < n; i++)
            cr_dist_clear(&components[i]);
        free(components);
        return st;
    }
    for (size_t i = 0; i < n && st == CR_OK; i++) {
        w[i] = weights[i] / total;
        /* Underflow to zero: the component could never be drawn, and its
         * weight would no longer be a valid (positive) one when written. */
        if (w[i] == 0.0)
            st = cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                              "weight %g is negligible beside the weights' sum %g; "
                              "expected weights within about 300 orders of magnitude",
                              weights[i], total);
    }
    if (st != CR_OK) {
        free(w);
        for (size_t i = 0; i < n; i++)
            cr_dist_clear(&components[i]);
        free(components);
        return st;
    }
    d->kind = CR_DIST_MIXTURE;
    d->n_components = n;
    d->components = components;
    d->weights = w;
    return CR_OK;
}

cr_status cr_dist_copy(cr_dist *dst, const cr_dist *src, cr_error *err)
{
    *dst = *src;
    if (src->kind != CR_DIST_MIXTURE)
        return CR_OK;
    dst->components = calloc(src->n_components, sizeof *dst->components);
    dst->weights = malloc(src->n_components * sizeof *dst->weights);
    if (!dst->components || !dst->weights) {
        free(dst->components);
        free(dst->weights);
        memset(dst, 0, sizeof *dst);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    memcpy(dst->weights, src->weights, src->n_components * sizeof *dst->weights);
    for (size_t i = 0; i < src->n_components; i++) {
        cr_status st = cr_dist_copy(&dst->components[i], &src->components[i], err);
        if (st != CR_OK) {
            dst->n_components = i;
            cr_dist_clear(dst);
            return st;
        }
    }
    return CR_OK;
}

void cr_dist_clear(cr_dist *d)
{
    if (!d)
        return;
    if (d->kind == CR_DIST_MIXTURE) {
        for (size_t i = 0; i < d->n_components; i++)
            cr_dist_clear(&d->components[i]);
        free(d->components);
        free(d->weights);
    }
    memset(d, 0, sizeof *d);
}

double cr_dist_mean(const cr_dist *d)
{
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        return d->mode;
    case CR_DIST_PERT:
        return (d->min + 4.0 * d->mode + d->max) / 6.0;
    case CR_DIST_LOGNORMAL:
        return exp(d->mu + 0.5 * d->sigma * d->sigma);
    case CR_DIST_MIXTURE: {
        double m = 0.0;
        for (size_t i = 0; i < d->n_components; i++)
            m += d->weights[i] * cr_dist_mean(&d->components[i]);
        return m;
    }
    }
    return NAN;
}

double cr_dist_variance(const cr_dist *d)
{
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        return 0.0;
    case CR_DIST_PERT: {
        double a = d->alpha, b = d->beta, r = d->max - d->min;
        return r * r * a * b / ((a + b) * (a + b) * (a + b + 1.0));
    }
    case CR_DIST_LOGNORMAL: {
        double s2 = d->sigma * d->sigma;
        return expm1(s2) * exp(2.0 * d->mu + s2);
    }
    case CR_DIST_MIXTURE: {
        double within = 0.0, between = 0.0, mean = cr_dist_mean(d);
        for (size_t i = 0; i < d->n_components; i++) {
            double gap = cr_dist_mean(&d->components[i]) - mean;
            within += d->weights[i] * cr_dist_variance(&d->components[i]);
            between += d->weights[i] * gap * gap;
        }
        return within + between;
    }
    }
    return NAN;
}

double cr_dist_lower(const cr_dist *d)
{
    switch (d->kind) {
    case CR_DIST_LOGNORMAL:
        return 0.0;
    case CR_DIST_MIXTURE: {
        double lo = INFINITY;
        for (size_t i = 0; i < d->n_components; i++)
            lo = fmin(lo, cr_dist_lower(&d->components[i]));
        return lo;
    }
    default:
        return d->min;
    }
}

double cr_dist_practical_upper(const cr_dist *d)
{
    switch (d->kind) {
    case CR_DIST_LOGNORMAL:
        return exp(d->mu + 6.0 * d->sigma);
    case CR_DIST_MIXTURE: {
        double hi = 0.0;
        for (size_t i = 0; i < d->n_components; i++)
            hi = fmax(hi, cr_dist_practical_upper(&d->components[i]));
        return hi;
    }
    default:
        return d->max;
    }
}

double cr_dist_upper(const cr_dist *d)
{
    switch (d->kind) {
    case CR_DIST_LOGNORMAL:
        return INFINITY;
    case CR_DIST_MIXTURE: {
        double hi = -INFINITY;
        for (size_t i = 0; i < d->n_components; i++)
            hi = fmax(hi, cr_dist_upper(&d->components[i]));
        return hi;
    }
    default:
        return d->max;
    }
}

/* Read a JSON array of exactly n finite numbers within [lo, hi]. */
static cr_status numbers(const cJSON *arr, size_t n, const char *file, const char *path,
                         double lo, double hi, const char *form, double *out, cr_error *err)
{
    if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n)
        return cr_error_set(err, CR_ERR_INPUT, file, 0, path, "expected %s", form);
    size_t i = 0;
    for (const cJSON *v = arr->child; v; v = v->next, i++) {
        char item[256];
        cr_jpath_index(item, sizeof item, path, i);
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
            return cr_error_set(err, CR_ERR_INPUT, file, 0, item, "expected a number in %s",
                                form);
        if (v->valuedouble < lo || v->valuedouble > hi)
            return cr_error_set(err, CR_ERR_INPUT, file, 0, item,
                                "expected a number from %g to %g, got %g", lo, hi,
                                v->valuedouble);
        out[i] = v->valuedouble;
    }
    return CR_OK;
}

/* Re-label an error from a constructor with the JSON place it came from. */
static cr_status locate(cr_status st, cr_error *err, const char *file, const char *path)
{
    if (st != CR_OK && err && !err->path[0]) {
        snprintf(err->file, sizeof err->file, "%s", file ? file : "");
        snprintf(err->path, sizeof err->path, "%s", path);
    }
    return st;
}

cr_status cr_dist_from_json(const cJSON *node, const char *file, const char *path, double lo,
                            double hi, cr_dist *d, cr_error *err)
{
    memset(d, 0, sizeof *d);
    static const char *const forms =
        "one of {\"constant\": x}, {\"pert\": [min, mode, max]}, "
        "{\"lognormal90\": [p05, p95]}, {\"mixture\": [{\"weight\": w, \"dist\": {...}}]}";
    if (!cJSON_IsObject(node) || !node->child || node->child->next)
        return cr_error_set(err, CR_ERR_INPUT, file, 0, path, "expected %s", forms);
    const cJSON *body = node->child;
    char child[256];
    cr_jpath_key(child, sizeof child, path, body->string);
    double v[3];
    cr_status st;
    if (strcmp(body->string, "constant") == 0) {
        if (!cJSON_IsNumber(body) || !isfinite(body->valuedouble) || body->valuedouble < lo ||
            body->valuedouble > hi)
            return cr_error_set(err, CR_ERR_INPUT, file, 0, child,
                                "expected a number from %g to %g", lo, hi);
        return locate(cr_dist_constant(d, body->valuedouble, err), err, file, child);
    }
    if (strcmp(body->string, "pert") == 0) {
        st = numbers(body, 3, file, child, lo, hi, "[min, mode, max]", v, err);
        if (st == CR_OK)
            st = locate(cr_dist_pert(d, v[0], v[1], v[2], err), err, file, child);
        return st;
    }
    if (strcmp(body->string, "lognormal90") == 0) {
        st = numbers(body, 2, file, child, lo, hi, "[p05, p95]", v, err);
        if (st == CR_OK)
            st = locate(cr_dist_lognormal90(d, v[0], v[1], err), err, file, child);
        return st;
    }
    if (strcmp(body->string, "mixture") == 0) {
        size_t n = cJSON_IsArray(body) ? (size_t)cJSON_GetArraySize(body) : 0;
        if (n == 0)
            return cr_error_set(err, CR_ERR_INPUT, file, 0, child,
                                "expected a non-empty array of {\"weight\": w, \"dist\": {...}}");
        cr_dist *parts = calloc(n, sizeof *parts);
        double *weights = malloc(n * sizeof *weights);
        if (!parts || !weights) {
            free(parts);
            free(weights);
            return cr_error_set(err, CR_ERR_MEMORY, file, 0, child, "out of memory");
        }
        size_t i = 0;
        st = CR_OK;
        cr_jctx c = {file, err};
        for (const cJSON *item = body->child; item && st == CR_OK; item = item->next, i++) {
            char item_path[256];
            cr_jpath_index(item_path, sizeof item_path, child, i);
            static const char *const keys[] = {"weight", "dist"};
            const cJSON *inner = NULL;
            st = cr_json_check_keys(&c, item, item_path, keys, 2);
            if (st == CR_OK)
                st = cr_json_get_number(&c, item, item_path, "weight", true, 0, 1e12,
                                        &weights[i], NULL);
            /* Any positive weight: those written by cr_dist_to_json are
             * normalised, and may be far below any fixed minimum. */
            if (st == CR_OK && !(weights[i] > 0)) {
                char weight_path[256];
                cr_jpath_key(weight_path, sizeof weight_path, item_path, "weight");
                st = cr_error_set(err, CR_ERR_INPUT, file, 0, weight_path,
                                  "expected a positive weight, got %g", weights[i]);
            }
            if (st == CR_OK)
                st = cr_json_get_object(&c, item, item_path, "dist", true, &inner);
            if (st == CR_OK) {
                char inner_path[256];
                cr_jpath_key(inner_path, sizeof inner_path, item_path, "dist");
                st = cr_dist_from_json(inner, file, inner_path, lo, hi, &parts[i], err);
            }
        }
        if (st != CR_OK) {
            for (size_t k = 0; k < n; k++)
                cr_dist_clear(&parts[k]);
            free(parts);
            free(weights);
            return st;
        }
        st = locate(cr_dist_mixture(d, parts, weights, n, err), err, file, child);
        free(weights);
        return st;
    }
    return cr_error_set(err, CR_ERR_INPUT, file, 0, child, "unknown form \"%.40s\"; expected %s",
                        body->string, forms);
}

cJSON *cr_dist_to_json(const cr_dist *d)
{
    cr_jb b = {0};
    cJSON *obj = cr_jb_object(&b);
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        cr_jb_num(&b, obj, "constant", d->mode);
        break;
    case CR_DIST_PERT: {
        double v[3] = {d->min, d->mode, d->max};
        cr_jb_put(&b, obj, "pert", cJSON_CreateDoubleArray(v, 3));
        break;
    }
    case CR_DIST_LOGNORMAL: {
        double v[2] = {d->p05, d->p95};
        cr_jb_put(&b, obj, "lognormal90", cJSON_CreateDoubleArray(v, 2));
        break;
    }
    case CR_DIST_MIXTURE: {
        cJSON *arr = cr_jb_add_array(&b, obj, "mixture");
        for (size_t i = 0; !b.failed && i < d->n_components; i++) {
            cJSON *item = cr_jb_object(&b);
            cr_jb_num(&b, item, "weight", d->weights[i]);
            cr_jb_put(&b, item, "dist", cr_dist_to_json(&d->components[i]));
            cr_jb_push(&b, arr, item);
        }
        break;
    }
    }
    return cr_jb_result(&b, obj);
}
