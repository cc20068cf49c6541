/*
 * sampler.c -- sampling the distributions of dist.h.  Every draw takes its
 * uniforms from cr_stream_uniform (SplitMix64, stream.c): U in [0, 1), a
 * multiple of 2^-53.
 *
 * PERT:       X = min + (max - min) B, B ~ Beta(a, b), the PERT shapes
 *             a = 1 + 4 (mode - min)/(max - min), b = 1 + 4 (max - mode)/(max - min)
 *             (so 1 <= a, b <= 5).  B by inversion of a 512-cell table of
 *             Beta's distribution function, one uniform per draw
 *             (beta_table.c, which states the method, its source and its
 *             error: a Kolmogorov distance below 1.0e-5).
 * Lognormal:  X = exp(mu + sigma Z), Z = sqrt(-2 ln U1) cos(2 pi U2) with
 *             U1 = 1 - U (in (0, 1]) and U2 the next uniform (G. E. P. Box
 *             and M. E. Muller, Ann. Math. Stat. 29 (1958) 610-611): two
 *             uniforms per draw.  The kernel's events (year.c) use both
 *             members of each pair, in vectorised loops (vmath.c).
 * Poisson:    for lambda < 64, inversion by sequential search
 *             (L. Devroye, *Non-Uniform Random Variate Generation*, 1986,
 *             X.3.3): one uniform U, N = min{k : U < F(k)},
 *               p_0 = e^-lambda, p_k = p_(k-1) lambda / k,  F(k) = p_0 + ... + p_k,
 *             about lambda + 1 steps.  F is summed in double precision:
 *             each probability it assigns is within 1e-14 of the exact one
 *             for lambda < 64, far below Monte Carlo error; where rounding
 *             leaves F a few ulps below 1 under a uniform above it, the
 *             search stops at the last k whose term still adds to F.  For
 *             lambda >= 64 (rates that validation allows only in the far
 *             tail of a rate distribution), GSL's gsl_ran_poisson on the
 *             same stream.
 * Mixture:    one uniform U picks the first component i with
 *             U < w_1 + ... + w_i; then a draw from it.
 * Constant:   no draw.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "simulate/sampler.h"
#include "simulate/simulate_iface.h"
#include "simulate/stream.h"
#include "simulate/vmath.h"

void cr_sampler_free(cr_sampler *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_parts; i++)
        cr_sampler_free(&s->parts[i]);
    free(s->parts);
    free(s->cumulative);
    free(s->own_beta);
    memset(s, 0, sizeof *s);
}

struct cr_beta_table *cr_sim_beta_table_new(double a, double b)
{
    cr_beta_table *t = malloc(sizeof *t);
    if (t)
        cr_beta_table_build(t, a, b);
    return t;
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
        if (!(d->alpha >= 1.0 && d->beta >= 1.0 && d->alpha <= 6.0 && d->beta <= 6.0))
            return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                                "PERT shapes %g, %g outside [1, 6]", d->alpha, d->beta);
        s->lo = d->min;
        s->width = d->max - d->min;
        if (d->table) { /* built by the caller for these shapes, shared */
            s->beta = d->table;
            return CR_OK;
        }
        s->own_beta = cr_sim_beta_table_new(d->alpha, d->beta);
        if (!s->own_beta)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        s->beta = s->own_beta;
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
    case CR_DIST_PERT:
        return cr_pert_draw(s, rng);
    case CR_DIST_LOGNORMAL: {
        double u1 = 1.0 - cr_stream_uniform(rng);
        double u2 = cr_stream_uniform(rng);
        double a, b;
        cr_lognormal_pair1(u1, u2, s->mu, s->sigma, &a, &b);
        (void)b;
        return a;
    }
    case CR_DIST_MIXTURE: {
        double u = cr_stream_uniform(rng);
        size_t i = 0;
        while (i + 1 < s->n_parts && !(u < s->cumulative[i]))
            i++;
        return cr_sample(&s->parts[i], rng);
    }
    }
    return NAN;
}

unsigned int cr_poisson_draw_large(double lambda, gsl_rng *rng)
{
    return gsl_ran_poisson(rng, lambda);
}
