/*
 * beta_table.h -- Beta(a, b) variates by inversion of a table of the CDF
 * (library-internal; the method and its error in beta_table.c).
 */
#ifndef CR_SIMULATE_BETA_TABLE_H
#define CR_SIMULATE_BETA_TABLE_H

#include <stdint.h>

#define CR_BETA_CELLS 1024u /* cells on [0, 1] */

typedef struct cr_beta_table {
    double x[CR_BETA_CELLS + 1];   /* the nodes x_i, 0 = x_0 < ... < x_M = 1 */
    double cdf[CR_BETA_CELLS + 1]; /* F_i = F(x_i), F_0 = 0, F_M = 1 */
    double slope[CR_BETA_CELLS];   /* (x_(i+1) - x_i) / (F_(i+1) - F_i); 0 for no mass */
    uint16_t guide[CR_BETA_CELLS]; /* the largest i with F_i <= k / M */
} cr_beta_table;

/* The table of Beta(a, b), 1 <= a, b <= 6 (PERT: a + b = 6). */
void cr_beta_table_build(cr_beta_table *t, double a, double b);

/* The draw for a uniform u in [0, 1): X in [0, 1] with P(X <= x) the
 * linear interpolant of F between the nodes. */
static inline double cr_beta_table_draw(const cr_beta_table *t, double u)
{
    unsigned i = t->guide[(unsigned)(u * (double)CR_BETA_CELLS)];
    while (u >= t->cdf[i + 1])
        i++;
    double x = t->x[i] + (u - t->cdf[i]) * t->slope[i];
    return x < 1.0 ? x : 1.0;
}

#endif
