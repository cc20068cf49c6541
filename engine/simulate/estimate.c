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
 * Sorting: least-significant-digit radix sort on the IEEE-754 bit patterns,
 * which order like the values for non-negative doubles; 11-bit digits, six
 * passes, a pass skipped when all keys share its digit.  Zero years (most
 * years of a rare risk) are set aside first.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "simulate/estimate.h"

#define DIGIT_BITS 11
#define DIGITS 6
#define BUCKETS (1u << DIGIT_BITS)

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Radix-sort src[0..m) using dst[0..m) as the other buffer; returns the
 * buffer that holds the sorted keys. */
static double *radix_sort(double *src, double *dst, size_t m)
{
    static const unsigned shifts[DIGITS] = {0, 11, 22, 33, 44, 55};
    uint32_t count[DIGITS][BUCKETS];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < m; i++) {
        uint64_t u = bits_of(src[i]);
        for (int d = 0; d < DIGITS; d++)
            count[d][(u >> shifts[d]) & (BUCKETS - 1)]++;
    }
    for (int d = 0; d < DIGITS; d++) {
        uint32_t *c = count[d];
        uint64_t first = bits_of(src[0]);
        if (c[(first >> shifts[d]) & (BUCKETS - 1)] == m)
            continue; /* every key has this digit: the pass would not move anything */
        uint32_t offset = 0;
        for (unsigned b = 0; b < BUCKETS; b++) {
            uint32_t k = c[b];
            c[b] = offset;
            offset += k;
        }
        for (size_t i = 0; i < m; i++) {
            uint64_t u = bits_of(src[i]);
            dst[c[(u >> shifts[d]) & (BUCKETS - 1)]++] = src[i];
        }
        double *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

void cr_sort_losses(double *x, size_t n, double *scratch)
{
    size_t zeros = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] > 0.0)
            scratch[m++] = x[i];
        else
            zeros++;
    }
    if (m > 0) {
        double *sorted = radix_sort(scratch, x + zeros, m);
        if (sorted != x + zeros)
            memcpy(x + zeros, sorted, m * sizeof *x);
    }
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

/* x_(k) with k clamped to 1..n. */
static double order_stat(const double *sorted, size_t n, double k)
{
    if (k < 1.0)
        k = 1.0;
    if (k > (double)n)
        k = (double)n;
    return sorted[(size_t)k - 1];
}

double cr_quantile(const double *sorted, size_t n, double p)
{
    return order_stat(sorted, n, ceil(rank_of(n, p)));
}

double cr_expected_shortfall(const double *sorted, size_t n, double p)
{
    double t = rank_of(n, p);
    double kf = floor(t);
    if (kf >= (double)n)
        return sorted[n - 1];
    size_t k = (size_t)kf;
    double sum = ((double)k + 1.0 - t) * sorted[k];
    for (size_t i = k + 1; i < n; i++)
        sum += sorted[i];
    return sum / ((double)n - t);
}

double cr_quantile_se(const double *sorted, size_t n, double p)
{
    const double z = 1.96;
    double t = rank_of(n, p);
    double s = sqrt((double)n * p * (1.0 - p));
    double lo = order_stat(sorted, n, floor(t - z * s));
    double hi = order_stat(sorted, n, ceil(t + z * s));
    return (hi - lo) / (2.0 * z);
}

size_t cr_count_above(const double *sorted, size_t n, double threshold)
{
    /* First index whose value exceeds threshold. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] > threshold)
            hi = mid;
        else
            lo = mid + 1;
    }
    return n - lo;
}

void cr_lec(const double *sorted, size_t n, cr_sim_lec *lec)
{
    memset(lec, 0, sizeof *lec);
    size_t positive = cr_count_above(sorted, n, 0.0);
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
        lec->loss[k] = order_stat(sorted, n, ceil(rank_of(n, 1.0 - p)));
    }
}

void cr_summarise(double *x, size_t n, double *scratch, double appetite, cr_sim_stats *s)
{
    memset(s, 0, sizeof *s);
    cr_sort_losses(x, n, scratch);
    /* Sums in sorted order: reproducible, and small terms first. */
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double mean = sum / (double)n, m2 = 0.0;
    for (size_t i = 0; i < n; i++)
        m2 += (x[i] - mean) * (x[i] - mean);
    s->mean = mean;
    s->sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0.0;
    s->mean_se = s->sd / sqrt((double)n);
    s->p50 = cr_quantile(x, n, 0.50);
    s->p90 = cr_quantile(x, n, 0.90);
    s->p95 = cr_quantile(x, n, 0.95);
    s->p99 = cr_quantile(x, n, 0.99);
    s->p50_se = cr_quantile_se(x, n, 0.50);
    s->p90_se = cr_quantile_se(x, n, 0.90);
    s->p95_se = cr_quantile_se(x, n, 0.95);
    s->p99_se = cr_quantile_se(x, n, 0.99);
    s->var95 = s->p95;
    s->var99 = s->p99;
    s->es95 = cr_expected_shortfall(x, n, 0.95);
    s->es99 = cr_expected_shortfall(x, n, 0.99);
    s->p_loss = (double)cr_count_above(x, n, 0.0) / (double)n;
    if (isnan(appetite)) {
        s->p_exceed = NAN;
        s->p_exceed_se = NAN;
    } else {
        double p = (double)cr_count_above(x, n, appetite) / (double)n;
        s->p_exceed = p;
        s->p_exceed_se = sqrt(p * (1.0 - p) / (double)n);
    }
    s->max = x[n - 1];
    cr_lec(x, n, &s->lec);
    cr_summarise_tail(x, n, s);
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
