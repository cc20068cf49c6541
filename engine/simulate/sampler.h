/*
 * sampler.h -- a cr_dist prepared for fast repeated sampling
 * (library-internal).  Preparing computes once what every draw would
 * otherwise recompute (a PERT's table of its distribution function, a
 * mixture's cumulative weights).
 */
#ifndef CR_SIMULATE_SAMPLER_H
#define CR_SIMULATE_SAMPLER_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"
#include "simulate/beta_table.h"
#include "simulate/stream.h"

typedef struct cr_sampler cr_sampler;
struct cr_sampler {
    cr_dist_kind kind;
    double lo, width;          /* constant: lo; PERT: min and max - min */
    const cr_beta_table *beta; /* PERT: Beta(alpha, beta), own_beta or the dist's table */
    cr_beta_table *own_beta;   /* owned */
    double mu, sigma;          /* lognormal */
    size_t n_parts;            /* mixture */
    cr_sampler *parts;         /* owned */
    double *cumulative;        /* owned: w_1, w_1 + w_2, ..., last forced to 1 */
};

cr_status cr_sampler_init(cr_sampler *s, const cr_dist *d, cr_error *err);
void cr_sampler_free(cr_sampler *s);

/* One draw.  The uniforms consumed depend only on s and the draws. */
double cr_sample(const cr_sampler *s, gsl_rng *rng);

/* Below this rate cr_poisson_draw inverts; at or above, GSL's sampler. */
#define CR_POISSON_INVERSION_MAX 64.0

unsigned int cr_poisson_draw_large(double lambda, gsl_rng *rng);

/* Poisson(lambda), lambda > 0, given e = exp(-lambda) as cr_exp1 computes
 * it (so the caller can compute a block's in one vectorised loop).
 * Inversion (sampler.c). */
static inline unsigned int cr_poisson_draw(double lambda, double e, gsl_rng *rng)
{
    if (!(lambda < CR_POISSON_INVERSION_MAX))
        return cr_poisson_draw_large(lambda, rng);
    double u = cr_stream_uniform(rng), p = e, f = e;
    unsigned int k = 0;
    /* Stop where f stops growing (rounding: f may settle a few ulps below
     * 1, under a uniform drawn above it): the count is then the last k with
     * any probability left, an event below 1e-14 per draw. */
    while (u >= f) {
        k++;
        p *= lambda / (double)k;
        double next = f + p;
        if (next == f)
            break;
        f = next;
    }
    return k;
}

/* A PERT draw, as cr_sample makes it (inline for the kernel's loops). */
static inline double cr_pert_draw(const cr_sampler *s, gsl_rng *rng)
{
    return s->lo + s->width * cr_beta_table_draw(s->beta, cr_stream_uniform(rng));
}

#endif
