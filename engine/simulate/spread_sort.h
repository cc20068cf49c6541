/*
 * spread_sort.h -- sorting the positive simulated years (library-internal;
 * the method in spread_sort.c).
 */
#ifndef CR_SIMULATE_SPREAD_SORT_H
#define CR_SIMULATE_SPREAD_SORT_H

#include <stddef.h>

/* Sort src[0..m) ascending into dst[0..m); src is left in no particular
 * order.  Every value must be > 0 (subnormals and +inf allowed, no NaN);
 * the buffers must not overlap; m < 2^32. */
void cr_spread_sort(double *src, double *dst, size_t m);

#endif
