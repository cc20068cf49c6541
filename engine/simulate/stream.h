/*
 * stream.h -- independent, reproducible random-number streams for the
 * simulation (library-internal).
 *
 * Every (seed, risk, block of trials, purpose) gets its own GSL taus2
 * generator state, derived by hashing, so that any thread can simulate any
 * block and the numbers drawn for a trial never depend on which thread drew
 * them or in which order blocks were taken.  Derivation in stream.c.
 * The kernel draws through cr_stream_uniform (below), which steps the same
 * state as GSL and gives the same numbers, without a call per draw.
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
/* The three 32-bit taus2 components for (seed, key, block, purpose). */
void cr_stream_state(uint64_t seed, uint64_t key, uint64_t block, cr_stream_purpose purpose,
                     uint32_t state[3]);

/* A taus2 generator whose state is set directly (not through gsl_rng_set,
 * which takes only 32 bits of seed).  Fails with CR_ERR_INTERNAL when the
 * linked GSL's taus2 state is not the three words this relies on. */
cr_status cr_stream_alloc(gsl_rng **rng, cr_error *err);
void cr_stream_seat(gsl_rng *rng, uint64_t seed, uint64_t key, uint64_t block,
                    cr_stream_purpose purpose);

/* The next uniform on [0, 1) of a stream: the same number as
 * gsl_rng_uniform(rng) (taus2's output / 2^32) from the same state, but
 * inline: L'Ecuyer's recurrence on the three words of the state
 * (stream.c), with no call through GSL's function pointers. */
static inline uint32_t cr_stream_next(gsl_rng *rng)
{
    unsigned long *s = (unsigned long *)rng->state;
    unsigned long s1 = s[0], s2 = s[1], s3 = s[2];
    s1 = (((s1 & 4294967294UL) << 12) & 0xffffffffUL) ^ ((((s1 << 13) & 0xffffffffUL) ^ s1) >> 19);
    s2 = (((s2 & 4294967288UL) << 4) & 0xffffffffUL) ^ ((((s2 << 2) & 0xffffffffUL) ^ s2) >> 25);
    s3 = (((s3 & 4294967280UL) << 17) & 0xffffffffUL) ^ ((((s3 << 3) & 0xffffffffUL) ^ s3) >> 11);
    s[0] = s1;
    s[1] = s2;
    s[2] = s3;
    return (uint32_t)(s1 ^ s2 ^ s3);
}

static inline double cr_stream_uniform(gsl_rng *rng)
{
    return cr_stream_next(rng) / 4294967296.0;
}

#endif
