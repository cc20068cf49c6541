/*
 * sampler.c -- sampling the distributions of dist.h.
 *
 * Lognormal:  X = exp(mu + sigma Z), Z ~ N(0, 1) by the ziggurat method
 *             (G. Marsaglia and W. W. Tsang, "The ziggurat method for
 *             generating random variables", J. Stat. Softw. 5(8), 2000;
 *             GSL's gsl_ran_gaussian_ziggurat), about twice as fast as
 *             gsl_ran_lognormal's Box-Muller pair.
 * PERT:       X = min + (max - min) B, B ~ Beta(a, b), the PERT shapes
 *             a = 1 + 4 (mode - min)/(max - min), b = 1 + 4 (max - mode)/(max - min)
 *             (so 1 <= a, b <= 5).
 * Beta:       B = G_a / (G_a + G_b), G_k ~ Gamma(k, 1) independent
 *             (L. Devroye, *Non-Uniform Random Variate Generation*, 1986,
 *             IX.4.1).
 * Gamma:      for k >= 1, G. Marsaglia and W. W. Tsang, "A simple method for
 *             generating gamma variables", ACM TOMS 26(3), 2000, 363-372:
 *               d = k - 1/3, c = 1/sqrt(9 d);
 *               repeat: Z ~ N(0,1) (ziggurat), v = (1 + c Z)^3 (retry while
 *               1 + c Z <= 0), U ~ U(0,1);
 *               accept d v if U < 1 - 0.0331 Z^4 (squeeze, ~98% of draws)
 *               or ln U < Z^2/2 + d (1 - v + ln v).
 *             Acceptance is at least 0.95 for k >= 1.  d and c are computed
 *             once per distribution, not once per draw as gsl_ran_gamma does:
 *             the square root and division were a fifth of the kernel's time.
 * Mixture:    one uniform U picks the first component i with
 *             U < w_1 + ... + w_i; then a draw from it.
 * Constant:   no draw.
 */
/* GSL's small wrappers (gsl_rng_uniform, gsl_rng_uniform_pos) inline only
 * when HAVE_INLINE is defined; they are called for every draw. */
#ifndef HAVE_INLINE
#define HAVE_INLINE 1
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "simulate/sampler.h"

cr_gamma_shape cr_gamma_prepare(double k)
{
    cr_gamma_shape g;
    g.d = k - 1.0 / 3.0;
    g.c = 1.0 / sqrt(9.0 * g.d);
    return g;
}

double cr_gamma_draw(const cr_gamma_shape *g, gsl_rng *rng)
{
    for (;;) {
        double z, v;
        do {
            z = gsl_ran_gaussian_ziggurat(rng, 1.0);
            v = 1.0 + g->c * z;
        } while (v <= 0.0);
        v = v * v * v;
        double u = gsl_rng_uniform_pos(rng);
        double z2 = z * z;
        if (u < 1.0 - 0.0331 * z2 * z2)
            return g->d * v;
        if (log(u) < 0.5 * z2 + g->d * (1.0 - v + log(v)))
            return g->d * v;
    }
}

void cr_sampler_free(cr_sampler *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_parts; i++)
        cr_sampler_free(&s->parts[i]);
    free(s->parts);
    free(s->cumulative);
    memset(s, 0, sizeof *s);
}

cr_status cr_sampler_init(cr_sampler *s, const cr_dist *d, cr_error *err)
{
    memset(s, 0, sizeof *s);
    s->kind = d->kind;
    switch (d->kind) {
    case CR_DIST_CONSTANT:
        s->lo = d->mode;
        return CR_OK;
    case CR_DIST_PERT:
        if (!(d->alpha >= 1.0 && d->beta >= 1.0))
            return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                                "PERT shapes %g, %g below 1", d->alpha, d->beta);
        s->lo = d->min;
        s->width = d->max - d->min;
        s->ga = cr_gamma_prepare(d->alpha);
        s->gb = cr_gamma_prepare(d->beta);
        return CR_OK;
    case CR_DIST_LOGNORMAL:
        s->mu = d->mu;
        s->sigma = d->sigma;
        return CR_OK;
    case CR_DIST_MIXTURE:
        s->parts = calloc(d->n_components, sizeof *s->parts);
        s->cumulative = malloc(d->n_components * sizeof *s->cumulative);
        if (!s->parts || !s->cumulative) {
            cr_sampler_free(s);
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        }
        s->n_parts = d->n_components;
        double acc = 0.0;
        for (size_t i = 0; i < d->n_components; i++) {
            acc += d->weights[i];
            s->cumulative[i] = acc;
            cr_status st = cr_sampler_init(&s->parts[i], &d->components[i], err);
            if (st != CR_OK) {
                cr_sampler_free(s);
                return st;
            }
        }
        s->cumulative[d->n_components - 1] = 1.0;
        return CR_OK;
    }
    return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "unknown distribution kind");
}

double cr_sample(const cr_sampler *s, gsl_rng *rng)
{
    switch (s->kind) {
    case CR_DIST_CONSTANT:
        return s->lo;
    case CR_DIST_PERT: {
        double x = cr_gamma_draw(&s->ga, rng);
        double y = cr_gamma_draw(&s->gb, rng);
        return s->lo + s->width * (x / (x + y));
    }
    case CR_DIST_LOGNORMAL:
        return exp(s->mu + s->sigma * gsl_ran_gaussian_ziggurat(rng, 1.0));
    case CR_DIST_MIXTURE: {
        double u = gsl_rng_uniform(rng);
        size_t i = 0;
        while (i + 1 < s->n_parts && !(u < s->cumulative[i]))
            i++;
        return cr_sample(&s->parts[i], rng);
    }
    }
    return NAN;
}
