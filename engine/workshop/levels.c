/*
 * levels.c -- the group's consensus on an ordinal 1-5 score, and its spread.
 *
 * Median: the middle value of the sorted scores; for an even count the two
 * middle values a <= b are averaged, and the consensus level, which must be
 * a level of the scale, is that average rounded half up: (a + b + 1) / 2 in
 * integer arithmetic.  Rounding half up settles an evenly split room on the
 * more severe of two adjacent levels: under-rating a risk is the costlier
 * mistake, since a risk scored below the acceptable level gets neither
 * treatment nor a management sign-off, while an over-rated one is only
 * looked at again.
 *
 * Spread: min and max, and the median absolute deviation MAD = median of
 * |x_i - m| around the exact median m (Hampel 1974), which stays meaningful
 * for the three to ten people of a workshop where quartiles are ill defined.
 * A range max - min of two levels or more is flagged: two people then hold
 * views that lie in different bands of the risk matrix, which the room should
 * talk about rather than average away.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/workshop.h"

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

cr_status cr_workshop_levels_of(const int *scores, size_t n, cr_workshop_levels *out,
                                cr_error *err)
{
    memset(out, 0, sizeof *out);
    if (n == 0)
        return CR_OK;
    int sorted_small[64];
    int *sorted = n <= 64 ? sorted_small : malloc(n * sizeof *sorted);
    double dev_small[64];
    double *dev = n <= 64 ? dev_small : malloc(n * sizeof *dev);
    if (!sorted || !dev) {
        if (sorted != sorted_small)
            free(sorted);
        if (dev != dev_small)
            free(dev);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    memcpy(sorted, scores, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_int);
    int a = sorted[(n - 1) / 2], b = sorted[n / 2];
    out->n = n;
    out->min = sorted[0];
    out->max = sorted[n - 1];
    out->median = 0.5 * (a + b);
    out->consensus = (a + b + 1) / 2;
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(scores[i] - out->median);
    qsort(dev, n, sizeof *dev, by_double);
    out->mad = 0.5 * (dev[(n - 1) / 2] + dev[n / 2]);
    out->disagreement = out->max - out->min >= 2;
    if (sorted != sorted_small)
        free(sorted);
    if (dev != dev_small)
        free(dev);
    return CR_OK;
}
