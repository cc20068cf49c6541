/*
 * sampler.h -- a cr_dist prepared for fast repeated sampling
 * (library-internal).  Preparing computes once what every draw would
 * otherwise recompute (the gamma method's constants, a mixture's cumulative
 * weights).
 */
#ifndef CR_SIMULATE_SAMPLER_H
#define CR_SIMULATE_SAMPLER_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"

/* Gamma(k, 1), k >= 1, by Marsaglia and Tsang: d = k - 1/3, c = 1/sqrt(9 d). */
typedef struct cr_gamma_shape {
    double d, c;
} cr_gamma_shape;

typedef struct cr_sampler cr_sampler;
struct cr_sampler {
    cr_dist_kind kind;
    double lo, width;          /* constant: lo; PERT: min and max - min */
    cr_gamma_shape ga, gb;     /* PERT: Beta(alpha, beta) = G_a / (G_a + G_b) */
    double mu, sigma;          /* lognormal */
    size_t n_parts;            /* mixture */
    cr_sampler *parts;         /* owned */
    double *cumulative;        /* owned: w_1, w_1 + w_2, ..., last forced to 1 */
};

cr_status cr_sampler_init(cr_sampler *s, const cr_dist *d, cr_error *err);
void cr_sampler_free(cr_sampler *s);

/* One draw.  The uniforms consumed depend only on s and the draws. */
double cr_sample(const cr_sampler *s, gsl_rng *rng);

cr_gamma_shape cr_gamma_prepare(double k);
double cr_gamma_draw(const cr_gamma_shape *g, gsl_rng *rng);

#endif
