/*
 * repeat_add.h -- k rounded additions of one number, at the cost of a few
 * (library-internal; the method in repeat_add.c).
 */
#ifndef CR_SIMULATE_REPEAT_ADD_H
#define CR_SIMULATE_REPEAT_ADD_H

#include <stdint.h>

/* The value of `for (i = 0; i < k; i++) s = s + c;` in IEEE double
 * arithmetic (round to nearest, ties to even), bit for bit. */
double cr_repeat_add(double s, double c, uint64_t k);

#endif
