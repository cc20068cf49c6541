/*
 * repeat_add.c -- the sum s + c + c + ... + c of k additions, each rounded
 * to double as a loop would round it, in a few steps per binade instead of
 * k (used for the years without loss, which all add the same term to a
 * summary's sums of squares: estimate.c).
 *
 * Let s lie in the binade [2^e, 2^(e+1)), where the doubles are the
 * multiples of u = 2^(e-52): s = S u with S an integer in [2^52, 2^53).
 * Write c = q u (q = c / u is exact: a power-of-two scaling).  While the
 * exact sum s + c stays at most 2^(e+1) - u, its nearest doubles are
 * multiples of u and
 *     fl(s + c) = (S + D) u,   D = the integer nearest q,
 * unless q is a half-integer, where the tie goes to the even multiple and
 * so depends on S (that binade is then stepped through one addition at a
 * time).  Each addition in the binade adds the same D, so the j-th
 * (j = 0, 1, ...) stays in it while S + j D + q <= 2^53 - 1, that is
 *     S + j D <= 2^53 - 1 - ceil(q),
 * and J = (2^53 - 1 - ceil(q) - S) / D + 1 additions (integer division)
 * are taken at once: S += min(J, k) D.  The addition that leaves the binade
 * is done as it is (one rounded addition), and the next binade continues.
 * When D = 0 (c below half an ulp of s, not a tie) no addition moves s any
 * more.  From s = 0 the sum crosses about log2(k) binades, so the cost is
 * a few dozen operations for any k.  Outside the fast case (s subnormal or
 * not finite, c >= s, c negative or NaN) additions are done one at a time,
 * which is the definition itself.
 *
 * Method: exact integer arithmetic on the significands, from the standard's
 * rounding rule (IEEE 754-2008, 4.3.1 and 6.1; see also J.-M. Muller et al.,
 * *Handbook of Floating-Point Arithmetic*, 2nd ed., 2018, 2.1-2.2).
 * The unit test compares it with the loop on random and tie-prone inputs.
 */
#include <float.h>
#include <math.h>

#include "simulate/repeat_add.h"

#define TWO53 9007199254740992.0 /* 2^53 */

double cr_repeat_add(double s, double c, uint64_t k)
{
    if (k == 0)
        return s;
    if (c == 0.0 && s >= 0.0)
        return s + c; /* one addition; the others change nothing */
    while (k > 0) {
        if (!(s >= DBL_MIN && s <= DBL_MAX && c > 0.0 && c < s)) {
            s = s + c;
            k--;
            continue;
        }
        int e = ilogb(s);             /* s in [2^e, 2^(e+1)) */
        double q = ldexp(c, 52 - e);  /* c / u, exact, < 2^53 */
        double fq = floor(q);
        if (q - fq == 0.5) {          /* a tie: the rounding depends on S */
            s = s + c;
            k--;
            continue;
        }
        double d = nearbyint(q);
        if (d == 0.0)
            return s;                 /* c below half an ulp: s stays */
        double top = TWO53 - 1.0 - ceil(q); /* exact: integers below 2^53 */
        double S = ldexp(s, 52 - e);        /* integer in [2^52, 2^53) */
        if (S > top) {
            s = s + c; /* the addition that leaves the binade */
            k--;
            continue;
        }
        uint64_t J = ((uint64_t)top - (uint64_t)S) / (uint64_t)d + 1;
        uint64_t t = J < k ? J : k;
        s = ldexp((double)((uint64_t)S + t * (uint64_t)d), e - 52);
        k -= t;
    }
    return s;
}
