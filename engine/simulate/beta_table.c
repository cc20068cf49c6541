/*
 * beta_table.c -- Beta(a, b) (and so PERT) variates by inverting a table of
 * the distribution function.
 *
 * Density f(x) = x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1], a, b >= 1 (PERT
 * shapes lie in [1, 5], a + b = 6).  On M = 1024 cells with nodes
 *
 *   x_i = g(i/M),  g(s) = s^2 (3 - 2s)
 *
 * (dense at both ends, where f may be steep or not smooth: the first cell
 * is 3e-6 wide, the middle ones 1.5/M):
 *
 *   F_i = S_i / S_M,  S_i = integral of x^(a-1) (1-x)^(b-1) over [0, x_i]
 *
 * (normalising by S_M makes F_M exactly 1 and needs no B(a, b)).  Within
 * 1/32 of either end, where x^(a-1) or (1-x)^(b-1) is not smooth, S_i by
 * the binomial series
 *   integral_0^x t^(a-1) (1-t)^(b-1) dt = sum_k C(b-1, k) (-1)^k x^(a+k) / (a+k)
 * (summed until a term no longer changes the sum, at most 40 terms, which
 * is below 1e-16 relative at x = 1/32 for shapes up to 6; at the upper end with a
 * and b swapped, taken from the total); the cells between by 3-point
 * Gauss-Legendre, where the integrand is analytic (cells at most 1.5/M
 * wide, logarithmic derivatives at most 5 * 32: error below 1e-13 of a
 * cell's mass).
 * Powers are e^(c ln x) with vmath.h's exp and log, so the table's bits do
 * not depend on the machine's libm.  Measured node error against GSL's
 * incomplete beta function: below 3e-15 (tests/unit/test_kernel.c).
 *
 * A draw takes one uniform U in [0, 1), finds the cell i with
 * F_i <= U < F_(i+1) (a guide table, H. C. Chen and Y. Asau, "On generating
 * random variates from an empirical distribution", AIIE Trans. 6 (1974)
 * 163-166; L. Devroye, *Non-Uniform Random Variate Generation*, 1986,
 * III.2.4: about one comparison per draw) and returns
 *
 *   X = x_i + (U - F_i) (x_(i+1) - x_i) / (F_(i+1) - F_i),
 *
 * the inverse of the piecewise-linear interpolant of F through the nodes.
 * So P(X <= x_i) = F_i at every node, and in between the draw's CDF is the
 * chord of F.  Its greatest distance from the Beta CDF (the Kolmogorov
 * distance of the sampler from Beta(a, b)), measured at 7 points per cell
 * for PERT shapes from Beta(1, 5) to Beta(5, 1): at most 1.9e-6, against
 * 1.4e-3, the 5% critical Kolmogorov-Smirnov distance of a million draws.
 * Monte Carlo error exceeds it by almost three orders of magnitude; the
 * unit test fails above 2.5e-6.
 *
 * Why: Beta as G_a / (G_a + G_b) took two gamma variates (each a normal, a
 * uniform and an acceptance test) per draw; PERT draws (a year's rate and
 * each reduction term's levels) were half of the kernel's time.  This is
 * one uniform, one table look-up and one multiply-add.
 */
#include "simulate/beta_table.h"
#include "simulate/vmath.h"

/* x^(a-1) (1-x)^(b-1), 0 < x < 1. */
static double kernel(double x, double a, double b)
{
    return cr_exp1((a - 1.0) * cr_log1(x) + (b - 1.0) * cr_log1(1.0 - x));
}

/* integral_0^x t^(a-1) (1-t)^(b-1) dt by the binomial series, x <= 1/32:
 * summed until a term no longer changes the sum (at most 40 terms). */
static double from_zero(double x, double a, double b)
{
    double c = 1.0, sum = 0.0, xk = cr_exp1(a * cr_log1(x));
    for (int k = 0; k < 40; k++) {
        double term = c * xk / (a + (double)k), next = sum + term;
        if (next == sum)
            break;
        sum = next;
        c *= ((double)k - (b - 1.0)) / (double)(k + 1);
        xk *= x;
    }
    return sum;
}

/* S_(i+1) = S_i + the integral of the kernel over cell i, for the cells
 * from first to last - 1, by 3-point Gauss-Legendre: the points of 64
 * cells at a time into an array, then the kernel over it in a loop the
 * compiler vectorises. */
static void interior_cells(const double *x, double *s, unsigned first, unsigned last, double a,
                           double b)
{
    enum { CELLS = 64 };
    const double node = 0.77459666924148337704; /* sqrt(3/5) */
    double pt[3 * CELLS], val[3 * CELLS];
    for (unsigned i0 = first; i0 < last; i0 += CELLS) {
        unsigned n = last - i0 < CELLS ? last - i0 : CELLS;
        for (unsigned k = 0; k < n; k++) {
            double half = 0.5 * (x[i0 + k + 1] - x[i0 + k]), mid = x[i0 + k] + half;
            pt[3 * k] = mid - half * node;
            pt[3 * k + 1] = mid;
            pt[3 * k + 2] = mid + half * node;
        }
        for (unsigned j = 0; j < 3 * n; j++)
            val[j] = kernel(pt[j], a, b);
        for (unsigned k = 0; k < n; k++) {
            double half = 0.5 * (x[i0 + k + 1] - x[i0 + k]);
            s[i0 + k + 1] = s[i0 + k] + half * ((5.0 / 9.0) * (val[3 * k] + val[3 * k + 2]) +
                                                (8.0 / 9.0) * val[3 * k + 1]);
        }
    }
}

/* Node i of the grid: x = g(i/M), g(s) = s^2 (3 - 2s), computed from the
 * nearer end so that x_(M-i) = 1 - x_i exactly. */
static double node_at(unsigned i, unsigned m)
{
    unsigned j = i <= m / 2 ? i : m - i;
    double s = (double)j / m, g = s * s * (3.0 - 2.0 * s);
    return i <= m / 2 ? g : 1.0 - g;
}

void cr_beta_table_build(cr_beta_table *t, double a, double b)
{
    const unsigned m = CR_BETA_CELLS;
    double *s = t->cdf; /* integrals from 0 first, normalised below */
    for (unsigned i = 0; i <= m; i++)
        t->x[i] = node_at(i, m);
    /* Head: x_i <= 1/32 by the series; body: cells by Gauss-Legendre; tail:
     * 1 - x_i <= 1/32 by the series from the upper end. */
    unsigned head = 0;
    while (t->x[head + 1] <= 1.0 / 32.0)
        head++;
    s[0] = 0.0;
    for (unsigned i = 1; i <= head; i++)
        s[i] = from_zero(t->x[i], a, b);
    interior_cells(t->x, s, head, m - head, a, b);
    double total = s[m - head] + from_zero(1.0 - t->x[m - head], b, a);
    for (unsigned i = m - head + 1; i < m; i++)
        s[i] = total - from_zero(1.0 - t->x[i], b, a);
    s[m] = total;
    for (unsigned i = 1; i < m; i++)
        t->cdf[i] = s[i] / total;
    t->cdf[m] = 1.0;
    for (unsigned i = 0; i < m; i++) {
        double mass = t->cdf[i + 1] - t->cdf[i];
        t->slope[i] = mass > 0.0 ? (t->x[i + 1] - t->x[i]) / mass : 0.0;
    }
    unsigned i = 0;
    for (unsigned k = 0; k < m; k++) {
        double level = (double)k / m;
        while (i + 1 < m && t->cdf[i + 1] <= level)
            i++;
        t->guide[k] = (uint16_t)i;
    }
}
