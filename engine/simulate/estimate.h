/*
 * estimate.h -- estimators on a simulated sample of annual losses
 * (library-internal; definitions in estimate.c and doc/simulation.md).
 */
#ifndef CR_SIMULATE_ESTIMATE_H
#define CR_SIMULATE_ESTIMATE_H

#include <stddef.h>

#include "cloudrisk/simulate.h"

/* Sort x[0..n) ascending; every value must be >= 0 (+0.0) and not NaN.
 * scratch holds n doubles. */
void cr_sort_losses(double *x, size_t n, double *scratch);

/* On a sorted sample x_(1) <= ... <= x_(n): */
double cr_quantile(const double *sorted, size_t n, double p);           /* x_(ceil(n p)) */
double cr_expected_shortfall(const double *sorted, size_t n, double p); /* see .c */
double cr_quantile_se(const double *sorted, size_t n, double p);        /* order statistics */
size_t cr_count_above(const double *sorted, size_t n, double threshold);
void cr_lec(const double *sorted, size_t n, cr_sim_lec *lec);

/* tail.c: SE of ES_p (influence function of the tail mean), and the
 * summary's tail standard errors, `years` and diagnostics, from its sorted
 * sample (called last by cr_summarise). */
double cr_expected_shortfall_se(const double *sorted, size_t n, double p);
/* SE of the loss-exceedance point at the given exceedance probability. */
double cr_lec_point_se(const double *sorted, size_t n, double exceedance);
void cr_summarise_tail(const double *sorted, size_t n, cr_loss_summary *s);

/* Everything of cr_sim_stats but `expected` and `share`, from an unsorted
 * sample that is sorted in place (scratch: n doubles). */
void cr_summarise(double *x, size_t n, double *scratch, double appetite, cr_sim_stats *s);

#endif
