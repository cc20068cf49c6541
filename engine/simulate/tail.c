/*
 * tail.c -- standard errors of the tail figures of a sorted sample of
 * simulated annual losses: expected shortfall and the loss-exceedance
 * curve's points (doc/simulation.md, "Tail diagnostics").
 *
 * Expected shortfall.  ES_p = min over c of { c + E[(X - c)+] / (1 - p) },
 * attained at c = VaR_p (R. T. Rockafellar and S. Uryasev, "Conditional
 * value-at-risk for general loss distributions", J. Bank. Finance 26, 2002),
 * and the estimator of estimate.c is exactly
 *   ES_p = q + (1/n) sum (x_i - q)+ / (1 - p),   q = VaR_p.
 * Because c = VaR_p is the minimiser, the error in q does not move ES to
 * first order, and ES's variance is that of a mean of Y_i = (x_i - q)+:
 *   SE(ES_p) = sd(Y) / (sqrt(n) (1 - p)),
 * which is the influence-function variance
 *   [Var(X | X > q) + p (ES_p - q)^2] / (n (1 - p))
 * of B. J. Manistre and G. H. Hancock, "Variance of the CTE estimator",
 * N. Am. Actuar. J. 9(2), 2005, written with the sample's own moments.
 * The years are independent (each has its own random numbers), so no
 * correction for dependence is needed; batch means over the 4096-year
 * blocks give the same figure in expectation but with 25 blocks at 100,000
 * years their own error is ~14%, against ~1% here.
 *
 * Loss-exceedance points.  The curve's probabilities are spaced from
 * p_0 = P(loss > 0), a figure of the sample itself, so point k is the
 * quantile at level 1 - p_k / p_0 of the m = n p_0 years with a loss:
 * x_k = y_(r), r = ceil(n (1 - p_k)) - (n - m), y the positive years in
 * order.  Its standard error is taken among those m years (taken among all
 * n, the count of years without loss would add an error the point does not
 * have: measured spread / SE 0.2 near the curve's start for a rare risk).
 * With P = r / m and s = sqrt(m P (1 - P)):
 *   - at least 100 years beyond the point (m - r >= 100): the quantiles'
 *     interval (estimate.c), SE = (y_(ceil(r + 1.96 s)) -
 *     y_(floor(r - 1.96 s))) / (2 * 1.96);
 *   - fewer: that interval reaches the few largest years and overstates the
 *     error (measured spread / SE = 0.5 at 10 years beyond, lognormal sigma
 *     2.8; the exact bootstrap of Maritz and Jarrett still 0.74), so the
 *     extreme-value one.  Above a high threshold u a loss is taken as
 *     Pareto, P(Y > y) ~ (y / u)^(-alpha), so the point, the j-th largest
 *     (j = m - r + 1), is u (m / G_j)^(1/alpha) with G_j a Gamma(j, 1)
 *     variable; Var(ln G_j) = psi'(j) (the trigamma function) and, by the
 *     delta method,
 *       SE = y_(r) sqrt(psi'(j)) / alpha,
 *     with 1 / alpha by B. M. Hill's estimator ("A simple general approach
 *     to inference about the tail of a distribution", Ann. Stat. 3, 1975)
 *     over the K = min(2 j + 10, m - 1) largest years:
 *       1 / alpha = (1/K) sum_{i=1..K} ln(y_(m-i+1) / y_(m-K)).
 *     Measured spread / SE 0.85-1.16 over the curve for sigma 0.7 to 2.8
 *     (doc/simulation.md).
 * The first point (loss 0 at p_0) is where the curve starts: SE 0.
 */
#include <float.h>
#include <math.h>

#include <gsl/gsl_sf_psi.h>

#include "simulate/estimate.h"

/* The Y_i = (x_i - q)+ are zero below q: the sums run over the positive
 * years above q, from the largest down, and the zeros' deviations are
 * added at once. */
double cr_sorted_shortfall_se(const cr_sorted *v, double p)
{
    size_t n = v->n, m = v->m;
    const double *y = v->y;
    if (n < 2 || !(p > 0.0 && p < 1.0))
        return NAN;
    double q = cr_sorted_quantile(v, p);
    double sum = 0.0, sum2 = 0.0;
    for (size_t i = m; i-- > 0 && y[i] > q;) {
        double d = y[i] - q;
        sum += d;
    }
    double mean = sum / (double)n;
    size_t above = 0;
    for (size_t i = m; i-- > 0 && y[i] > q;) {
        double d = y[i] - q - mean;
        sum2 += d * d;
        above++;
    }
    sum2 += (double)(n - above) * mean * mean; /* the zeros' deviations */
    double var = sum2 / (double)(n - 1);
    return sqrt(var / (double)n) / (1.0 - p);
}

double cr_expected_shortfall_se(const double *sorted, size_t n, double p)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    return cr_sorted_shortfall_se(&v, p);
}

/* y_(k), k clamped to 1..m. */
static double order_stat(const double *y, size_t m, double k)
{
    if (k < 1.0)
        k = 1.0;
    if (k > (double)m)
        k = (double)m;
    return y[(size_t)k - 1];
}

static double interval_se(const double *y, size_t m, double r)
{
    const double z = 1.96;
    double P = r / (double)m, s = sqrt((double)m * P * (1.0 - P));
    return (order_stat(y, m, ceil(r + z * s)) - order_stat(y, m, floor(r - z * s))) / (2.0 * z);
}

static double hill_se(const double *y, size_t m, double r)
{
    double j = (double)m - r + 1.0; /* the point is the j-th largest */
    double K = floor(fmin(2.0 * j + 10.0, 0.5 * (double)m));
    if (K < 2.0)
        return interval_se(y, m, r);
    double base = y[m - (size_t)K - 1];
    double h = 0.0;
    for (size_t i = 0; i < (size_t)K; i++)
        h += log(y[m - 1 - i] / base);
    h /= K; /* 1 / alpha */
    return y[(size_t)r - 1] * h * sqrt(gsl_sf_psi_1(j));
}

double cr_sorted_lec_point_se(const cr_sorted *v, double exceedance)
{
    size_t n = v->n, m = v->m;
    if (m == 0)
        return NAN;
    double i = ceil((double)n * (1.0 - exceedance));
    double t = (double)n * (1.0 - exceedance), near = nearbyint(t);
    if (fabs(t - near) <= 4.0 * DBL_EPSILON * fmax(1.0, t))
        i = near; /* as the curve's own rank (estimate.c) */
    double r = i - (double)(n - m);
    if (r < 1.0)
        return 0.0; /* the curve's start, loss 0 */
    if (r > (double)m)
        r = (double)m;
    const double *y = v->y;
    return (double)m - r < CR_LOSS_MIN_TAIL_YEARS ? hill_se(y, m, r) : interval_se(y, m, r);
}

double cr_lec_point_se(const double *sorted, size_t n, double exceedance)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    return cr_sorted_lec_point_se(&v, exceedance);
}

void cr_summarise_tail(const cr_sorted *v, double sum, cr_loss_summary *s)
{
    s->years = v->n;
    s->es95_se = cr_sorted_shortfall_se(v, 0.95);
    s->es99_se = cr_sorted_shortfall_se(v, 0.99);
    for (size_t k = 0; k < s->lec.n; k++)
        s->lec.loss_se[k] = cr_sorted_lec_point_se(v, s->lec.exceedance[k]);
    cr_loss_summary_diagnose_sorted(v, sum, s);
}
