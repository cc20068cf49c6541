/*
 * vmath.c -- exp, log and lognormal pairs over arrays, one build of the
 * loops per instruction set, chosen at run time.
 *
 * exp (W. J. Cody and W. Waite, *Software Manual for the Elementary
 *   Functions*, Prentice-Hall, 1980, ch. 6): x = k ln 2 + r with
 *   k = round(x / ln 2) and r = (x - k C1) - k C2, C1 + C2 = ln 2 with C1
 *   ending in 21 zero bits so that k C1 is exact; |r| <= ln(2)/2; e^r by
 *   its Taylor series to r^13 (remainder below 2^-56 relative); 2^k put in
 *   the exponent field.  Measured maximum relative error 2.2e-16 (one ulp)
 *   against glibc over [-700, 700].
 * log (the same book, ch. 5): x = m 2^e with m in [sqrt(1/2), sqrt(2)),
 *   taken from the bits; ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...)
 *   with s = (m - 1)/(m + 1), |s| <= 0.1716, to s^23 (remainder below
 *   2^-60); ln x = e ln 2 + ln m.  Measured maximum absolute error 1.8e-15
 *   on (0, 1].
 * cos and sin of 2 pi t: t - 1/2 folded into [-1/4, 1/4] by the half-turn
 *   symmetries, then the Taylor series of cos and sin at |x| <= pi/2 to
 *   x^22 and x^21 (remainders below 2e-17).
 * normal pairs (G. E. P. Box and M. E. Muller, "A note on the generation of
 *   random normal deviates", Ann. Math. Stat. 29 (1958) 610-611): for
 *   independent u1 uniform on (0, 1] and u2 uniform on [0, 1),
 *   R = sqrt(-2 ln u1), Z1 = R cos(2 pi u2) and Z2 = R sin(2 pi u2) are
 *   independent N(0, 1).  With u1 a multiple of 2^-53 (the generator's
 *   resolution), R <= sqrt(106 ln 2) = 8.57: |Z| > 8.57 is never drawn,
 *   an event of probability 1e-17 per normal.
 *
 * Why: glibc's exp and log are calls no compiler can vectorise, and its
 * picking FMA variants on some CPUs makes their last bit machine-dependent.
 * These functions are branch-free (selects compile to blends), so GCC
 * vectorises every loop below (-fopt-info-vec lists them), and they use
 * only correctly rounded basic operations in a fixed order, built with
 * -ffp-contract=off (simulate.am), so the SSE2 and AVX2 builds of the
 * loops give the same bits (tests/unit/test_kernel.c compares them).
 */
#include "simulate/vmath.h"

#define EXP_SCALED_BODY                                                                       \
    for (size_t i = 0; i < n; i++)                                                            \
        y[i] = cr_exp1(a * x[i]);

#define LOGNORMAL_PAIRS_BODY                                                                  \
    for (size_t k = 0; k < m; k++) {                                                          \
        double lo, hi;                                                                        \
        cr_lognormal_pair1(u1[k], u2[k], mu, sigma, &lo, &hi);                                \
        y[k] = lo;                                                                            \
        y[m + k] = hi;                                                                        \
    }

static void exp_scaled_sse2(const double *restrict x, double a, double *restrict y, size_t n)
{
    EXP_SCALED_BODY
}

static void lognormal_pairs_sse2(const double *restrict u1, const double *restrict u2, size_t m,
                                 double mu, double sigma, double *restrict y)
{
    LOGNORMAL_PAIRS_BODY
}

#if defined(__x86_64__) && defined(__GNUC__)
#define CR_VMATH_AVX2 1
__attribute__((target("avx2"))) static void exp_scaled_avx2(const double *restrict x, double a,
                                                            double *restrict y, size_t n)
{
    EXP_SCALED_BODY
}

__attribute__((target("avx2"))) static void
lognormal_pairs_avx2(const double *restrict u1, const double *restrict u2, size_t m, double mu,
                     double sigma, double *restrict y)
{
    LOGNORMAL_PAIRS_BODY
}
#endif

bool cr_vmath_path(cr_vmath *vm, int i)
{
    if (i == 0) {
        vm->isa = "sse2";
        vm->exp_scaled = exp_scaled_sse2;
        vm->lognormal_pairs = lognormal_pairs_sse2;
        return true;
    }
#ifdef CR_VMATH_AVX2
    if (i == 1 && __builtin_cpu_supports("avx2")) {
        vm->isa = "avx2";
        vm->exp_scaled = exp_scaled_avx2;
        vm->lognormal_pairs = lognormal_pairs_avx2;
        return true;
    }
#endif
    return false;
}

void cr_vmath_select(cr_vmath *vm)
{
    if (!cr_vmath_path(vm, 1))
        cr_vmath_path(vm, 0);
}
