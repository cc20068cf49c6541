/*
 * vmath.h -- exp, log, and cos and sin of a turn, written out in basic
 * arithmetic so that every build and every instruction set gives the same
 * bits (library-internal; methods and error bounds in vmath.c).
 *
 * The scalar functions below are inline for the samplers' single draws;
 * vmath.c applies the same functions over arrays in loops the compiler
 * vectorises, once for the baseline instruction set (SSE2) and once for
 * AVX2, and picks one at run time.  Every operation is an IEEE 754 basic
 * operation (+ - * / sqrt, correctly rounded) in a fixed order, with no
 * fused multiply-add (the files are built with -ffp-contract=off): a lane
 * of a vector computes exactly what the scalar code computes, so both
 * paths give the same bits.  libm is not used for draws: glibc picks FMA
 * variants of exp and log at run time on CPUs that have FMA, which may
 * differ from the others in the last bit.
 */
#ifndef CR_SIMULATE_VMATH_H
#define CR_SIMULATE_VMATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CR_VMATH_INLINE static inline __attribute__((always_inline))

CR_VMATH_INLINE uint64_t cr_vmath_bits(double x)
{
    union {
        double d;
        uint64_t u;
    } v = {.d = x};
    return v.u;
}

CR_VMATH_INLINE double cr_vmath_double(uint64_t u)
{
    union {
        uint64_t u;
        double d;
    } v = {.u = u};
    return v.d;
}

/* e^x for x in [-700, 700] (clamped outside).  Cody and Waite (vmath.c). */
CR_VMATH_INLINE double cr_exp1(double x)
{
    const double ln2_hi = 6.93147180369123816490e-01; /* 21 trailing zero bits */
    const double ln2_lo = 1.90821492927058770002e-10;
    const double inv_ln2 = 1.44269504088896338700e+00;
    const double shift = 6755399441055744.0; /* 1.5 * 2^52 */
    x = x < -700.0 ? -700.0 : x;
    x = x > 700.0 ? 700.0 : x;
    /* k = round(x / ln 2): the low bits of x / ln 2 + 1.5 2^52 are k. */
    double shifted = x * inv_ln2 + shift;
    double k = shifted - shift;
    uint64_t kbits = cr_vmath_bits(shifted);
    double r = (x - k * ln2_hi) - k * ln2_lo;
    double p = 1.0 / 6227020800.0; /* 1/13! */
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    uint64_t scale = (kbits - UINT64_C(0x4338000000000000) + 1023) << 52;
    return p * cr_vmath_double(scale);
}

/* ln x for a positive normal x.  Cody and Waite (vmath.c). */
CR_VMATH_INLINE double cr_log1(double x)
{
    const double ln2_hi = 6.93147180369123816490e-01;
    const double ln2_lo = 1.90821492927058770002e-10;
    uint64_t bits = cr_vmath_bits(x);
    /* Mantissa to [sqrt(1/2), sqrt(2)): subtract the bits of sqrt(1/2)
     * before splitting exponent and mantissa. */
    uint64_t shifted = bits - UINT64_C(0x3FE6A09E667F3BCD);
    uint64_t mbits = (shifted & UINT64_C(0x000FFFFFFFFFFFFF)) + UINT64_C(0x3FE6A09E667F3BCD);
    /* The exponent e as a double through the bits of 2^52 + 2048 + e (no
     * 64-bit conversion, which SSE2 lacks). */
    uint64_t ebits =
        UINT64_C(0x4330000000000000) | ((shifted + (UINT64_C(2048) << 52)) >> 52);
    double e = cr_vmath_double(ebits) - (4503599627370496.0 + 2048.0);
    double m = cr_vmath_double(mbits);
    double s = (m - 1.0) / (m + 1.0), s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    p = p * s2 + 1.0;
    return e * ln2_hi + (2.0 * s * p + e * ln2_lo);
}

/* cos and sin of 2 pi t for t in [0, 1].  Taylor series after folding
 * (vmath.c). */
CR_VMATH_INLINE void cr_turn1(double t, double *c, double *s)
{
    double a = t - 0.5; /* cos(2 pi t) = -cos(2 pi a), sin(2 pi t) = -sin(2 pi a) */
    bool far = a > 0.25 || a < -0.25;
    /* Fold into [-1/4, 1/4]: cos(pi - x) = -cos x, sin(pi - x) = sin x. */
    double b = a > 0.25 ? 0.5 - a : a < -0.25 ? -0.5 - a : a;
    double flip = far ? -1.0 : 1.0;
    double x = 6.28318530717958647692 * b, x2 = x * x;
    double pc = 1.0 / 1124000727777607680000.0; /* 1/22! */
    pc = pc * -x2 + 1.0 / 2432902008176640000.0;
    pc = pc * -x2 + 1.0 / 6402373705728000.0;
    pc = pc * -x2 + 1.0 / 20922789888000.0;
    pc = pc * -x2 + 1.0 / 87178291200.0;
    pc = pc * -x2 + 1.0 / 479001600.0;
    pc = pc * -x2 + 1.0 / 3628800.0;
    pc = pc * -x2 + 1.0 / 40320.0;
    pc = pc * -x2 + 1.0 / 720.0;
    pc = pc * -x2 + 1.0 / 24.0;
    pc = pc * -x2 + 0.5;
    pc = pc * -x2 + 1.0;
    double ps = 1.0 / 51090942171709440000.0; /* 1/21! */
    ps = ps * -x2 + 1.0 / 121645100408832000.0;
    ps = ps * -x2 + 1.0 / 355687428096000.0;
    ps = ps * -x2 + 1.0 / 1307674368000.0;
    ps = ps * -x2 + 1.0 / 6227020800.0;
    ps = ps * -x2 + 1.0 / 39916800.0;
    ps = ps * -x2 + 1.0 / 362880.0;
    ps = ps * -x2 + 1.0 / 5040.0;
    ps = ps * -x2 + 1.0 / 120.0;
    ps = ps * -x2 + 1.0 / 6.0;
    ps = ps * -x2 + 1.0;
    *c = -flip * pc;
    *s = -(ps * x);
}

/* The lognormal of Box and Muller's pair from uniforms u1 in (0, 1] and
 * u2 in [0, 1): R = sqrt(-2 ln u1), exp(mu + sigma R cos(2 pi u2)) and
 * exp(mu + sigma R sin(2 pi u2)). */
CR_VMATH_INLINE void cr_lognormal_pair1(double u1, double u2, double mu, double sigma,
                                         double *a, double *b)
{
    double r = __builtin_sqrt(-2.0 * cr_log1(u1)), c, s;
    cr_turn1(u2, &c, &s);
    *a = cr_exp1(mu + sigma * (r * c));
    *b = cr_exp1(mu + sigma * (r * s));
}

/* The array functions of one instruction set. */
typedef struct cr_vmath {
    const char *isa; /* "sse2" or "avx2" */
    /* y[i] = e^(a x[i]), i < n. */
    void (*exp_scaled)(const double *x, double a, double *y, size_t n);
    /* For k < m: y[k] and y[m + k] are the pair of cr_lognormal_pair1(u1[k],
     * u2[k], mu, sigma). */
    void (*lognormal_pairs)(const double *u1, const double *u2, size_t m, double mu,
                            double sigma, double *y);
} cr_vmath;

/* The fastest instruction set this CPU runs. */
void cr_vmath_select(cr_vmath *vm);
/* Path i (0: SSE2, 1: AVX2); false when there is no such path or the CPU
 * lacks it. */
bool cr_vmath_path(cr_vmath *vm, int i);

#endif
