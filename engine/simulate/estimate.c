/*
 * estimate.c -- what is reported from a sample x_1..x_n of simulated annual
 * losses, and its Monte Carlo error.
 *
 * Sorted sample x_(1) <= ... <= x_(n).
 *   mean        m = (1/n) sum x_i;  sd^2 = sum (x_i - m)^2 / (n - 1);
 *               SE(m) = sd / sqrt(n).
 *   quantile    Q(p) = x_(k), k = ceil(n p), clamped to 1..n: the inverse of
 *               the empirical distribution function, inf{x : F_n(x) >= p}
 *               (R. J. Hyndman and Y. Fan, "Sample quantiles in statistical
 *               packages", Am. Stat. 50(4), 1996: definition 1).
 *               VaR_p = Q(p).
 *   ES          ES_p = (1/(1-p)) * integral_p^1 Q(u) du of that step function
 *               (C. Acerbi and D. Tasche, "On the coherence of expected
 *               shortfall", J. Bank. Finance 26, 2002): with t = n p and
 *               k = floor(t),
 *                 ES_p = [ (k + 1 - t) x_(k+1) + sum_{i=k+2..n} x_(i) ] / (n - t),
 *               the mean of the worst n(1-p) years when n p is a whole number.
 *   quantile SE the number of sample points below the true p-quantile is
 *               Binomial(n, p); with s = sqrt(n p (1-p)), [x_(j), x_(k)],
 *               j = floor(n p - 1.96 s), k = ceil(n p + 1.96 s), is a
 *               distribution-free ~95% confidence interval for it
 *               (W. J. Conover, *Practical Nonparametric Statistics*, 3rd ed.,
 *               1999, 3.2), and SE(Q(p)) ~ (x_(k) - x_(j)) / (2 * 1.96).
 *   exceedance  P(X > a) = #{i : x_i > a} / n, SE sqrt(P (1 - P) / n).
 *   LEC         100 points at exceedance probabilities p_k log-spaced from
 *               p_hi = P(X > 0) to p_lo = max(1e-4, 10/n) (p_lo = p_hi when
 *               that is smaller): p_k = p_hi (p_lo / p_hi)^(k/99), and
 *               x_k = Q(1 - p_k).  No points when no year had a loss.
 * A product n p that lies within 4 ulps of a whole number is taken to be that
 * number, so that Q(0.95) of 100 000 years is x_(95000) and not x_(95001).
 *
 * Sorting: the years without loss (most years of a rare risk) are only
 * counted; the others are sorted by spread_sort.c.  A summary reads the
 * sorted sample through a view (cr_sorted: the count of zeros, then the
 * positive years in order), so the zeros are never written out.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "simulate/estimate.h"
#include "simulate/repeat_add.h"
#include "simulate/spread_sort.h"

/* Set the positive years of x[0..n) aside into scratch (branch-free: a
 * zero is written and then overwritten); returns their count. */
static size_t set_aside_positive(const double *x, size_t n, double *scratch)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        scratch[m] = x[i];
        m += x[i] > 0.0;
    }
    return m;
}

void cr_sort_losses(double *x, size_t n, double *scratch)
{
    size_t m = set_aside_positive(x, n, scratch), zeros = n - m;
    cr_spread_sort(scratch, x + zeros, m);
    for (size_t i = 0; i < zeros; i++)
        x[i] = 0.0;
}

/* n p, snapped to a whole number when it is one up to rounding. */
static double rank_of(size_t n, double p)
{
    double t = (double)n * p;
    double r = nearbyint(t);
    if (fabs(t - r) <= 4.0 * DBL_EPSILON * fmax(1.0, t))
        t = r;
    return t;
}

/* First index of y[0..m) (ascending) whose value exceeds threshold. */
static size_t first_above(const double *y, size_t m, double threshold)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (y[mid] > threshold)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

cr_sorted cr_sorted_of(const double *sorted, size_t n)
{
    size_t zeros = first_above(sorted, n, 0.0);
    return (cr_sorted){.n = n, .zeros = zeros, .m = n - zeros, .y = sorted + zeros};
}

double cr_sorted_at(const cr_sorted *v, double k)
{
    if (k < 1.0)
        k = 1.0;
    if (k > (double)v->n)
        k = (double)v->n;
    size_t i = (size_t)k;
    return i <= v->zeros ? 0.0 : v->y[i - v->zeros - 1];
}

double cr_sorted_quantile(const cr_sorted *v, double p)
{
    return cr_sorted_at(v, ceil(rank_of(v->n, p)));
}

/* The years x_(k+2) .. x_(n) are summed in ascending order; the zeros among
 * them would add +0.0 to a sum that is >= +0.0, which changes no bit, so
 * only the positive ones are visited. */
double cr_sorted_shortfall(const cr_sorted *v, double p)
{
    size_t n = v->n;
    double t = rank_of(n, p);
    double kf = floor(t);
    if (kf >= (double)n)
        return cr_sorted_at(v, (double)n);
    size_t k = (size_t)kf;
    double sum = ((double)k + 1.0 - t) * cr_sorted_at(v, (double)k + 1.0);
    for (size_t i = (k + 1 > v->zeros ? k + 1 : v->zeros); i < n; i++)
        sum += v->y[i - v->zeros];
    return sum / ((double)n - t);
}

double cr_sorted_quantile_se(const cr_sorted *v, double p)
{
    const double z = 1.96;
    size_t n = v->n;
    double t = rank_of(n, p);
    double s = sqrt((double)n * p * (1.0 - p));
    double lo = cr_sorted_at(v, floor(t - z * s));
    double hi = cr_sorted_at(v, ceil(t + z * s));
    return (hi - lo) / (2.0 * z);
}

size_t cr_sorted_count_above(const cr_sorted *v, double threshold)
{
    if (threshold < 0.0)
        return v->n;
    return v->m - first_above(v->y, v->m, threshold);
}

void cr_sorted_lec(const cr_sorted *v, cr_sim_lec *lec)
{
    memset(lec, 0, sizeof *lec);
    size_t n = v->n, positive = v->m;
    if (positive == 0)
        return;
    double p_hi = (double)positive / (double)n;
    double p_lo = fmax(1e-4, 10.0 / (double)n);
    if (p_lo > p_hi)
        p_lo = p_hi;
    double log_hi = log(p_hi), log_lo = log(p_lo);
    lec->n = CR_SIM_LEC_POINTS;
    for (int k = 0; k < CR_SIM_LEC_POINTS; k++) {
        double p = k == 0 ? p_hi
                 : k == CR_SIM_LEC_POINTS - 1
                     ? p_lo
                     : exp(log_hi + (log_lo - log_hi) * k / (CR_SIM_LEC_POINTS - 1));
        lec->exceedance[k] = p;
        lec->loss[k] = cr_sorted_at(v, ceil(rank_of(n, 1.0 - p)));
    }
}

double cr_quantile(const double *sorted, size_t n, double p)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    return cr_sorted_quantile(&v, p);
}

double cr_expected_shortfall(const double *sorted, size_t n, double p)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    return cr_sorted_shortfall(&v, p);
}

double cr_quantile_se(const double *sorted, size_t n, double p)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    return cr_sorted_quantile_se(&v, p);
}

size_t cr_count_above(const double *sorted, size_t n, double threshold)
{
    return n - first_above(sorted, n, threshold);
}

void cr_lec(const double *sorted, size_t n, cr_sim_lec *lec)
{
    cr_sorted v = cr_sorted_of(sorted, n);
    cr_sorted_lec(&v, lec);
}

/* The figures of a sorted sample.  The sums run in ascending order, as they
 * would over the whole sorted array (reproducible, small terms first); the
 * years without loss come first there, add nothing to the sum and the same
 * (0 - mean)^2 to the sum of squares, which cr_repeat_add adds `zeros`
 * times at the cost of a few additions, with the loop's bits. */
static void summarise_sorted(const cr_sorted *v, double appetite, cr_sim_stats *s)
{
    size_t n = v->n, m = v->m;
    const double *y = v->y;
    memset(s, 0, sizeof *s);
    double sum = 0.0;
    for (size_t i = 0; i < m; i++)
        sum += y[i];
    double mean = sum / (double)n;
    double m2 = cr_repeat_add(0.0, (0.0 - mean) * (0.0 - mean), v->zeros);
    for (size_t i = 0; i < m; i++)
        m2 += (y[i] - mean) * (y[i] - mean);
    s->mean = mean;
    s->sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0.0;
    s->mean_se = s->sd / sqrt((double)n);
    s->p50 = cr_sorted_quantile(v, 0.50);
    s->p90 = cr_sorted_quantile(v, 0.90);
    s->p95 = cr_sorted_quantile(v, 0.95);
    s->p99 = cr_sorted_quantile(v, 0.99);
    s->p50_se = cr_sorted_quantile_se(v, 0.50);
    s->p90_se = cr_sorted_quantile_se(v, 0.90);
    s->p95_se = cr_sorted_quantile_se(v, 0.95);
    s->p99_se = cr_sorted_quantile_se(v, 0.99);
    s->var95 = s->p95;
    s->var99 = s->p99;
    s->es95 = cr_sorted_shortfall(v, 0.95);
    s->es99 = cr_sorted_shortfall(v, 0.99);
    s->p_loss = (double)m / (double)n;
    if (isnan(appetite)) {
        s->p_exceed = NAN;
        s->p_exceed_se = NAN;
    } else {
        double p = (double)cr_sorted_count_above(v, appetite) / (double)n;
        s->p_exceed = p;
        s->p_exceed_se = sqrt(p * (1.0 - p) / (double)n);
    }
    s->max = cr_sorted_at(v, (double)n);
    cr_sorted_lec(v, &s->lec);
    cr_summarise_tail(v, sum, s);
}

void cr_summarise(double *x, size_t n, double *scratch, double appetite, cr_sim_stats *s)
{
    cr_sort_losses(x, n, scratch);
    cr_sorted v = cr_sorted_of(x, n);
    summarise_sorted(&v, appetite, s);
}

void cr_summarise_consume(double *x, size_t n, double *scratch, double appetite,
                          cr_sim_stats *s)
{
    size_t m = set_aside_positive(x, n, scratch);
    cr_spread_sort(scratch, x, m);
    cr_sorted v = {.n = n, .zeros = n - m, .m = m, .y = x};
    summarise_sorted(&v, appetite, s);
}

void cr_summarise_blocks(double *x, const uint32_t *positives, size_t n, double *scratch,
                         double appetite, cr_sim_stats *s)
{
    size_t m = 0;
    for (size_t b = 0, first = 0; first < n; b++, first += CR_SIM_BLOCK_TRIALS) {
        memcpy(scratch + m, x + first, positives[b] * sizeof *x);
        m += positives[b];
    }
    cr_spread_sort(scratch, x, m);
    cr_sorted v = {.n = n, .zeros = n - m, .m = m, .y = x};
    summarise_sorted(&v, appetite, s);
}

cr_status cr_sim_summarise(double *sample, size_t n, double appetite, cr_sim_stats *stats,
                           cr_error *err)
{
    memset(stats, 0, sizeof *stats);
    if (n == 0)
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                            "an empty sample has no statistics; expected at least one year");
    for (size_t i = 0; i < n; i++)
        if (!(sample[i] >= 0.0))
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, NULL,
                                "year %zu of the sample is %g; expected a loss >= 0", i,
                                sample[i]);
    double *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_summarise(sample, n, scratch, appetite, stats);
    free(scratch);
    stats->expected = NAN;
    stats->share = 1.0;
    return CR_OK;
}

double cr_sim_exceedance(const double *sorted, size_t n, double threshold)
{
    return n ? (double)cr_count_above(sorted, n, threshold) / (double)n : 0.0;
}
