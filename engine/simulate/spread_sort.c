/*
 * spread_sort.c -- sorting m positive doubles (a risk's years with a loss)
 * by most-significant-digit distribution on their bit patterns.
 *
 * For doubles > 0 the IEEE-754 bit pattern, read as an unsigned integer,
 * orders like the value (exponent above significand; subnormals below the
 * normal numbers, +inf above them).  A segment of keys k_1..k_s is
 * distributed on the range it actually spans: with lo = min k, hi = max k
 * and b = the bit length of hi - lo, the bucket of a key is
 *     (k - lo) >> (b - w),
 * its top w bits within the range, w = bit length of s (about s / 2 to s
 * buckets, at most 2^11 so that a bucket's counter and the lines written
 * stay in the level-1 and level-2 caches).  A counting pass gives each
 * bucket its place, a second pass moves the keys there (into the other
 * buffer), and each bucket is sorted the same way in turn, back into the
 * first buffer, and so on: a bucket of at most 24 keys by insertion, a
 * bucket whose keys are all equal not at all.  Annual losses spread fairly
 * evenly over the bit patterns (nearly a lognormal's log), so one level
 * leaves buckets of a few hundred years that are sorted where they lie in
 * the cache, and a second leaves buckets of a few keys: about three passes
 * over main memory against the seven of a least-significant-digit radix
 * sort on 64-bit keys (measured: 1.5 to 2 times faster at 400,000 to
 * 4,000,000 keys).
 *
 * Each level narrows a segment's range by a factor 2^w >= 2^5 (w >= 5 for a
 * segment of more than 24 keys), so the depth is at most 13 whatever the
 * input, and each level costs O(s + 2^w) = O(s): O(m) per level.
 *
 * Method: MSD radix sort with a range-adaptive radix, the "spread sort"
 * of S. J. Ross, "The Spreadsort high-performance general-case sorting
 * algorithm", PDPTA 2002, and of the distributive partitioning of
 * W. Dobosiewicz, "Sorting by distributive partitioning", Inf. Process.
 * Lett. 7(1), 1978; the insertion sort below a small size as in
 * P. M. McIlroy, K. Bostic and M. D. McIlroy, "Engineering radix sort",
 * Computing Systems 6(1), 1993.  The unit test compares it with qsort on
 * random samples with ties, subnormal and huge values.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "simulate/spread_sort.h"

#define SMALL 24      /* insertion sort at or below this size */
#define MAX_BITS 11   /* at most 2^11 buckets per segment */
#define MIN_BITS 5

static uint64_t key_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static int bit_length(uint64_t v)
{
    int n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

static void insertion_sort(double *x, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t j = i;
        while (j > 0 && x[j - 1] > v) {
            x[j] = x[j - 1];
            j--;
        }
        x[j] = v;
    }
}

/* The range of the segment's keys; false when they are all equal. */
static bool key_range(const double *x, size_t n, uint64_t *lo, uint64_t *hi)
{
    uint64_t a = key_of(x[0]), b = a;
    for (size_t i = 1; i < n; i++) {
        uint64_t k = key_of(x[i]);
        a = k < a ? k : a;
        b = k > b ? k : b;
    }
    *lo = a;
    *hi = b;
    return a != b;
}

/* Distribute src[0..n) into dst[0..n) by the top bits of (key - lo);
 * start[0..buckets] receives the buckets' bounds. */
static unsigned distribute(const double *src, double *dst, size_t n, uint64_t lo, uint64_t hi,
                           uint32_t start[(1u << MAX_BITS) + 1])
{
    int w = bit_length(n);
    w = w > MAX_BITS ? MAX_BITS : w < MIN_BITS ? MIN_BITS : w;
    int b = bit_length(hi - lo);
    int shift = b > w ? b - w : 0;
    unsigned buckets = (unsigned)((hi - lo) >> shift) + 1;
    uint32_t next[1u << MAX_BITS];
    memset(start, 0, (buckets + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[((key_of(src[i]) - lo) >> shift) + 1]++;
    for (unsigned k = 0; k < buckets; k++)
        start[k + 1] += start[k];
    memcpy(next, start, buckets * sizeof *next);
    for (size_t i = 0; i < n; i++)
        dst[next[(key_of(src[i]) - lo) >> shift]++] = src[i];
    return buckets;
}

static void sort_in_place(double *x, double *tmp, size_t n);

/* Sort src[0..n) into dst[0..n). */
static void sort_into(double *src, double *dst, size_t n)
{
    uint64_t lo, hi;
    if (n <= SMALL || !key_range(src, n, &lo, &hi)) {
        memcpy(dst, src, n * sizeof *dst);
        insertion_sort(dst, n <= SMALL ? n : 0);
        return;
    }
    uint32_t start[(1u << MAX_BITS) + 1];
    unsigned buckets = distribute(src, dst, n, lo, hi, start);
    for (unsigned k = 0; k < buckets; k++) {
        size_t size = start[k + 1] - start[k];
        if (size > SMALL)
            sort_in_place(dst + start[k], src + start[k], size);
        else
            insertion_sort(dst + start[k], size);
    }
}

/* Sort x[0..n) where it is, with tmp[0..n) as the other buffer. */
static void sort_in_place(double *x, double *tmp, size_t n)
{
    uint64_t lo, hi;
    if (n <= SMALL || !key_range(x, n, &lo, &hi)) {
        insertion_sort(x, n <= SMALL ? n : 0);
        return;
    }
    uint32_t start[(1u << MAX_BITS) + 1];
    unsigned buckets = distribute(x, tmp, n, lo, hi, start);
    for (unsigned k = 0; k < buckets; k++) {
        size_t size = start[k + 1] - start[k];
        double *from = tmp + start[k], *to = x + start[k];
        if (size > SMALL) {
            sort_into(from, to, size);
        } else {
            for (size_t i = 0; i < size; i++)
                to[i] = from[i];
            insertion_sort(to, size);
        }
    }
}

void cr_spread_sort(double *src, double *dst, size_t m)
{
    if (m > 0)
        sort_into(src, dst, m);
}
