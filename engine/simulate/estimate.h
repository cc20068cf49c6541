/*
 * estimate.h -- estimators on a simulated sample of annual losses
 * (library-internal; definitions in estimate.c and doc/simulation.md).
 */
#ifndef CR_SIMULATE_ESTIMATE_H
#define CR_SIMULATE_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "cloudrisk/simulate.h"

/* Sort x[0..n) ascending; every value must be >= 0 (+0.0) and not NaN.
 * scratch holds n doubles. */
void cr_sort_losses(double *x, size_t n, double *scratch);

/* A sorted sample x_(1) <= ... <= x_(n) held as its count of years without
 * loss and its m = n - zeros positive years in ascending order:
 * x_(i) = 0 for i <= zeros, x_(i) = y[i - zeros - 1] after. */
typedef struct cr_sorted {
    size_t n, zeros, m;
    const double *y;
} cr_sorted;

/* The view of a sorted array (its leading zeros counted). */
cr_sorted cr_sorted_of(const double *sorted, size_t n);
/* x_(k), k clamped to 1..n (n >= 1). */
double cr_sorted_at(const cr_sorted *v, double k);

/* On a sorted sample: */
double cr_sorted_quantile(const cr_sorted *v, double p);          /* x_(ceil(n p)) */
double cr_sorted_shortfall(const cr_sorted *v, double p);         /* ES_p, see .c */
double cr_sorted_quantile_se(const cr_sorted *v, double p);       /* order statistics */
size_t cr_sorted_count_above(const cr_sorted *v, double threshold);
void cr_sorted_lec(const cr_sorted *v, cr_sim_lec *lec);

/* The same on a sorted array. */
double cr_quantile(const double *sorted, size_t n, double p);
double cr_expected_shortfall(const double *sorted, size_t n, double p);
double cr_quantile_se(const double *sorted, size_t n, double p);
size_t cr_count_above(const double *sorted, size_t n, double threshold);
void cr_lec(const double *sorted, size_t n, cr_sim_lec *lec);

/* tail.c: SE of ES_p (influence function of the tail mean), and the
 * summary's tail standard errors, `years` and diagnostics, from its sorted
 * sample and the sum of its years in ascending order (called last by
 * cr_summarise). */
double cr_expected_shortfall_se(const double *sorted, size_t n, double p);
double cr_sorted_shortfall_se(const cr_sorted *v, double p);
/* SE of the loss-exceedance point at the given exceedance probability. */
double cr_lec_point_se(const double *sorted, size_t n, double exceedance);
double cr_sorted_lec_point_se(const cr_sorted *v, double exceedance);
void cr_summarise_tail(const cr_sorted *v, double sum, cr_loss_summary *s);

/* loss_summary.c: cr_loss_summary_diagnose on a sorted sample whose sum in
 * ascending order is known. */
void cr_loss_summary_diagnose_sorted(const cr_sorted *v, double sum, cr_loss_summary *s);

/* Everything of cr_sim_stats but `expected` and `share`, from an unsorted
 * sample that is sorted in place (scratch: n doubles). */
void cr_summarise(double *x, size_t n, double *scratch, double appetite, cr_sim_stats *s);
/* The same figures, leaving x and scratch in no particular order (the
 * zeros are not written back): what a run uses for the totals. */
void cr_summarise_consume(double *x, size_t n, double *scratch, double appetite,
                          cr_sim_stats *s);
/* The same figures of n years held in blocks of CR_SIM_BLOCK_TRIALS (the
 * last one shorter) whose positive years, positives[b] of them in block b,
 * were moved to the block's start in their order (the rest of a block is
 * not read): what a run uses for a risk.  x and scratch are left in no
 * particular order. */
void cr_summarise_blocks(double *x, const uint32_t *positives, size_t n, double *scratch,
                         double appetite, cr_sim_stats *s);

#endif
