/*
 * cloudrisk/dist.h -- the vocabulary of the quantitative model: how an
 * uncertain quantity (events per year, loss per event, a control's
 * effectiveness) is described.  Parsed from models/ and service files, pooled
 * by workshops, sampled by the simulation (simulate.h).
 *
 * Forms (and their JSON spelling):
 *   constant   {"constant": x}
 *   PERT       {"pert": [min, mode, max]}
 *              Beta-PERT with shape 4: a = 1 + 4 (mode-min)/(max-min),
 *              b = 1 + 4 (max-mode)/(max-min), X = min + (max-min) Beta(a, b);
 *              mean = (min + 4 mode + max) / 6.  Vose, *Risk Analysis* (2008), 14.3.
 *   lognormal  {"lognormal90": [p05, p95]}
 *              ln X ~ N(mu, sigma^2) with the 5th and 95th percentiles given:
 *              mu = (ln p05 + ln p95) / 2, sigma = (ln p95 - ln p05) / (2 z),
 *              z = 1.6448536269514722 (the standard normal's 95th percentile);
 *              mean = exp(mu + sigma^2 / 2).
 *   mixture    {"mixture": [{"weight": w, "dist": {...}}, ...]}
 *              a linear opinion pool: draw component i with probability
 *              w_i / sum(w), then draw from it.  mean = sum(w_i mean_i)/sum(w).
 */
#ifndef CLOUDRISK_DIST_H
#define CLOUDRISK_DIST_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CR_Z95 1.6448536269514722

typedef enum cr_dist_kind {
    CR_DIST_CONSTANT = 0,
    CR_DIST_PERT = 1,
    CR_DIST_LOGNORMAL = 2,
    CR_DIST_MIXTURE = 3
} cr_dist_kind;

typedef struct cr_dist cr_dist;
struct cr_dist {
    cr_dist_kind kind;
    double min, mode, max; /* PERT; constant keeps its value in mode (= min = max) */
    double alpha, beta;    /* PERT's Beta shape parameters, derived */
    double p05, p95;       /* lognormal, as given */
    double mu, sigma;      /* lognormal, derived */
    size_t n_components;   /* mixture */
    cr_dist *components;   /* owned */
    double *weights;       /* owned, normalised to sum to 1 */
    /* PERT, for simulation: a table of Beta(alpha, beta) already built
     * (engine/simulate/beta_table.h), shared, not owned, outliving the dist;
     * NULL (what the constructors set): each sampler builds its own. */
    const struct cr_beta_table *table;
};

/* Constructors validate their arguments (finite, ordered, positive where a
 * logarithm is taken) and fill in the derived fields. */
CR_PUBLIC cr_status cr_dist_constant(cr_dist *d, double value, cr_error *err);
CR_PUBLIC cr_status cr_dist_pert(cr_dist *d, double min, double mode, double max, cr_error *err);
CR_PUBLIC cr_status cr_dist_lognormal90(cr_dist *d, double p05, double p95, cr_error *err);
/* Takes ownership of components[0..n) (moved, not copied) on success and on
 * failure; weights must be positive and finite. */
CR_PUBLIC cr_status cr_dist_mixture(cr_dist *d, cr_dist *components, const double *weights, size_t n,
                                    cr_error *err);
/* Deep copy. */
CR_PUBLIC cr_status cr_dist_copy(cr_dist *dst, const cr_dist *src, cr_error *err);
CR_PUBLIC void cr_dist_clear(cr_dist *d);

/* Closed-form mean and variance (mixture: law of total variance). */
CR_PUBLIC double cr_dist_mean(const cr_dist *d);
CR_PUBLIC double cr_dist_variance(const cr_dist *d);
/* Smallest and largest value the distribution can take (lognormal: 0, +inf). */
CR_PUBLIC double cr_dist_lower(const cr_dist *d);
CR_PUBLIC double cr_dist_upper(const cr_dist *d);
/* How far it practically reaches: its maximum, or for a lognormal
 * exp(mu + 6 sigma) (exceeded with probability 1e-9). */
CR_PUBLIC double cr_dist_practical_upper(const cr_dist *d);

/* Largest event rate (events per year) and loss per event any input may
 * give, judged by cr_dist_practical_upper: one bound for a service file's
 * overrides and a portfolio alike, checked where the file is read. */
#define CR_DIST_MAX_RATE 1e5
#define CR_DIST_MAX_LOSS 1e18

/* Parse one of the JSON forms above.  `lo` and `hi` bound every number in it
 * (e.g. 0 and 1 for an effectiveness); file and path name it in errors. */
CR_PUBLIC cr_status cr_dist_from_json(const cJSON *node, const char *file, const char *path, double lo,
                                      double hi, cr_dist *d, cr_error *err);
/* The JSON form of d (caller deletes), or NULL when memory ran out. */
CR_PUBLIC cJSON *cr_dist_to_json(const cr_dist *d);

#ifdef __cplusplus
}
#endif
#endif
