/*
 * pool.c -- pooling several people's three-point estimates into one
 * distribution: the linear opinion pool.
 *
 * Each participant i who gave (min_i, likely_i, max_i) contributes the
 * Beta-PERT F_i on [min_i, max_i] with mode likely_i (dist.h); the pool is
 *
 *     F(x) = sum_i w_i F_i(x) / sum_i w_i,
 *
 * a mixture that the simulation samples by drawing a participant with
 * probability w_i / sum w and then a value from that participant's PERT
 * (Stone 1961; Clemen and Winkler, "Combining probability distributions from
 * experts in risk analysis", Risk Analysis 19(2), 1999).  Its moments are
 *
 *     mean = sum_i w_i m_i / W,  m_i = (min_i + 4 likely_i + max_i) / 6,
 *     var  = sum_i w_i (v_i + m_i^2) / W - mean^2   (law of total variance),
 *
 * so disagreement between people widens the pool instead of cancelling out,
 * which is why we pool distributions rather than averaging the three numbers.
 *
 * Two ranges overlap when they share a point; a family of intervals on a line
 * shares no common point exactly when the largest lower end exceeds the
 * smallest upper end (Helly's theorem in one dimension), and then those two
 * intervals are the disjoint pair we name.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cloudrisk/workshop.h"

void cr_workshop_pool_clear(cr_workshop_pool *pool)
{
    if (!pool)
        return;
    cr_dist_clear(&pool->dist);
    memset(pool, 0, sizeof *pool);
}

cr_status cr_workshop_pool_of(const cr_workshop_range *ranges, const double *weights, size_t n,
                              cr_workshop_pool *pool, cr_error *err)
{
    memset(pool, 0, sizeof *pool);
    size_t given = 0;
    for (size_t i = 0; i < n; i++)
        given += ranges[i].given;
    if (given == 0)
        return CR_OK;
    cr_dist *parts = calloc(given, sizeof *parts);
    double *w = malloc(given * sizeof *w);
    if (!parts || !w) {
        free(parts);
        free(w);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    size_t k = 0, above = n, below = n;
    cr_status st = CR_OK;
    for (size_t i = 0; i < n && st == CR_OK; i++) {
        const cr_workshop_range *r = &ranges[i];
        if (!r->given)
            continue;
        st = cr_dist_pert(&parts[k], r->min, r->likely, r->max, err);
        w[k++] = weights[i];
        if (above == n || r->min > ranges[above].min)
            above = i;
        if (below == n || r->max < ranges[below].max)
            below = i;
    }
    if (st != CR_OK) {
        for (size_t i = 0; i < k; i++)
            cr_dist_clear(&parts[i]);
        free(parts);
        free(w);
        return st;
    }
    st = cr_dist_mixture(&pool->dist, parts, w, given, err); /* owns parts now */
    free(w);
    if (st != CR_OK)
        return st;
    pool->n = given;
    pool->disjoint = ranges[above].min > ranges[below].max;
    pool->above = above;
    pool->below = below;
    return CR_OK;
}

/* F(x) of a constant, PERT or mixture of them; NAN for other forms. */
static double cdf(const cr_dist *d, double x)
{
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        return x >= d->mode ? 1.0 : 0.0;
    case CR_DIST_PERT:
        if (x <= d->min)
            return 0.0;
        if (x >= d->max)
            return 1.0;
        return gsl_cdf_beta_P((x - d->min) / (d->max - d->min), d->alpha, d->beta);
    case CR_DIST_MIXTURE: {
        double f = 0.0;
        for (size_t i = 0; i < d->n_components; i++)
            f += d->weights[i] * cdf(&d->components[i], x);
        return f;
    }
    default:
        return NAN;
    }
}

double cr_workshop_pool_quantile(const cr_dist *pool, double p)
{
    double lo = cr_dist_lower(pool), hi = cr_dist_upper(pool);
    if (!(p > 0.0 && p < 1.0) || !isfinite(lo) || !isfinite(hi) || isnan(cdf(pool, lo)))
        return NAN;
    if (cdf(pool, lo) >= p)
        return lo;
    /* Invariant: F(lo) < p <= F(hi). */
    double tolerance = 1e-12 * (hi - lo);
    for (int i = 0; i < 200 && hi - lo > tolerance; i++) {
        double mid = lo + 0.5 * (hi - lo);
        if (cdf(pool, mid) >= p)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
