/*
 * stream.h -- independent, reproducible random-number streams for the
 * simulation (library-internal).
 *
 * Every (seed, risk, block of trials, purpose) gets its own SplitMix64
 * generator, started at a state derived by hashing, so that any thread can
 * simulate any block and the numbers drawn for a trial never depend on
 * which thread drew them or in which order blocks were taken.  Generator
 * and derivation in stream.c.  The generator is carried in a gsl_rng (a
 * generator type of our own), so GSL's samplers can draw from it too; the
 * kernel steps it inline (cr_stream_uniform).
 */
#ifndef CR_SIMULATE_STREAM_H
#define CR_SIMULATE_STREAM_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cloudrisk/error.h"

/* What a stream is used for within one (risk, block). */
typedef enum cr_stream_purpose {
    CR_STREAM_COUNTS = 0,       /* lambda and the event count N0 of each year */
    CR_STREAM_EVENTS = 1,       /* each event's thinning uniform and loss */
    CR_STREAM_REDUCTION = 2 /* + j: the levels D_j of reduction term j */
} cr_stream_purpose;

/* SplitMix64's finaliser (a bijection of 64-bit words). */
uint64_t cr_stream_mix64(uint64_t x);
/* 64-bit FNV-1a of a NUL-terminated string: a risk's key from its id. */
uint64_t cr_stream_key(const char *id);
/* A risk's key within a portfolio's scope (cr_portfolio.scope): the key of
 * the id alone when the scope is empty, else FNV-1a of scope, a 0x1F byte
 * (a separator no id contains) and id. */
uint64_t cr_stream_scoped_key(const char *scope, const char *id);
/* The generator's starting state h for (seed, key, block, purpose). */
uint64_t cr_stream_state(uint64_t seed, uint64_t key, uint64_t block, cr_stream_purpose purpose);

/* A generator of this kind (state: one 64-bit word). */
cr_status cr_stream_alloc(gsl_rng **rng, cr_error *err);
void cr_stream_seat(gsl_rng *rng, uint64_t seed, uint64_t key, uint64_t block,
                    cr_stream_purpose purpose);

/* SplitMix64's step: x += 0x9E3779B97F4A7C15, output the finaliser of x
 * (cr_stream_mix64 of the old x is exactly that). */
static inline uint64_t cr_stream_next(uint64_t *x)
{
    uint64_t z = *x += UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* The next uniform on [0, 1) of a stream, a multiple of 2^-53: the top 53
 * bits of the output over 2^53.  The same number as gsl_rng_uniform(rng)
 * gives, without a call through GSL's function pointers. */
static inline double cr_stream_uniform(gsl_rng *rng)
{
    return (double)(cr_stream_next((uint64_t *)rng->state) >> 11) * (1.0 / 9007199254740992.0);
}

#endif
