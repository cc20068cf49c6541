/*
 * stream.c -- deriving a generator state for each block of trials.
 *
 * Generator: GSL's taus2, the maximally equidistributed combined Tausworthe
 * generator of P. L'Ecuyer, "Maximally equidistributed combined Tausworthe
 * generators", Math. Comp. 65 (1996) 203-213: three 32-bit components
 * s1, s2, s3 with periods 2^31-1, 2^29-1, 2^28-1 (about 2^88 together).
 * Components must satisfy s1 >= 2, s2 >= 8, s3 >= 16 (their low bits are
 * discarded by the recurrence).  One step, in 32-bit arithmetic (the
 * paper's parameters (13, 19, 12), (2, 25, 4), (3, 11, 17)):
 *   s1 = ((s1 & 0xFFFFFFFE) << 12) ^ (((s1 << 13) ^ s1) >> 19)
 *   s2 = ((s2 & 0xFFFFFFF8) << 4)  ^ (((s2 << 2) ^ s2) >> 25)
 *   s3 = ((s3 & 0xFFFFFFF0) << 17) ^ (((s3 << 3) ^ s3) >> 11)
 *   output s1 ^ s2 ^ s3, as a uniform on [0, 1): output / 2^32
 * (cr_stream_next in stream.h; a unit test checks it against GSL's).
 *
 * gsl_rng_set() takes one seed and uses only its low 32 bits, so thousands
 * of blocks and risks per run would risk two streams being identical
 * (birthday bound).  We therefore write all three components ourselves,
 * through gsl_rng_state(), which GSL documents as the generator's state for
 * direct access; cr_stream_alloc() checks its size, and a unit test checks
 * the layout against L'Ecuyer's recurrence.
 *
 * Derivation (checkable by hand, doc/simulation.md):
 *   mix(x)  = SplitMix64 finaliser of x + 0x9E3779B97F4A7C15
 *             (S. Vigna, "Further scramblings of Marsaglia's xorshift
 *             generators", 2017; constants of G. Steele et al., 2014)
 *   key     = FNV-1a-64(risk id), or, in a service's portfolio,
 *             FNV-1a-64(service id, byte 0x1F, risk id)
 *   h       = mix(mix(mix(mix(seed) ^ key) ^ block) ^ purpose)
 *   g       = mix(h)
 *   s1 = h mod 2^32, s2 = h div 2^32, s3 = g mod 2^32,
 *   then s1 += 2 if s1 < 2, s2 += 8 if s2 < 8, s3 += 16 if s3 < 16 (as GSL).
 */
#include <string.h>

#include "simulate/stream.h"
#include "util/text.h"

uint64_t cr_stream_mix64(uint64_t x)
{
    uint64_t z = x + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

uint64_t cr_stream_key(const char *id)
{
    return cr_fnv1a64(CR_FNV1A64_OFFSET, id, strlen(id));
}

uint64_t cr_stream_scoped_key(const char *scope, const char *id)
{
    if (!scope || !*scope)
        return cr_stream_key(id);
    uint64_t h = cr_fnv1a64(CR_FNV1A64_OFFSET, scope, strlen(scope));
    h = cr_fnv1a64(h, "\x1f", 1);
    return cr_fnv1a64(h, id, strlen(id));
}

void cr_stream_state(uint64_t seed, uint64_t key, uint64_t block, cr_stream_purpose purpose,
                     uint32_t state[3])
{
    uint64_t h = cr_stream_mix64(seed);
    h = cr_stream_mix64(h ^ key);
    h = cr_stream_mix64(h ^ block);
    h = cr_stream_mix64(h ^ (uint64_t)purpose);
    uint64_t g = cr_stream_mix64(h);
    state[0] = (uint32_t)h;
    state[1] = (uint32_t)(h >> 32);
    state[2] = (uint32_t)g;
    if (state[0] < 2)
        state[0] += 2;
    if (state[1] < 8)
        state[1] += 8;
    if (state[2] < 16)
        state[2] += 16;
}

cr_status cr_stream_alloc(gsl_rng **rng, cr_error *err)
{
    *rng = NULL;
    if (gsl_rng_taus2->size != 3 * sizeof(unsigned long))
        return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                            "GSL's taus2 state is %zu bytes, expected three unsigned longs",
                            gsl_rng_taus2->size);
    *rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!*rng)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    return CR_OK;
}

void cr_stream_seat(gsl_rng *rng, uint64_t seed, uint64_t key, uint64_t block,
                    cr_stream_purpose purpose)
{
    uint32_t s[3];
    cr_stream_state(seed, key, block, purpose, s);
    unsigned long words[3] = {s[0], s[1], s[2]};
    memcpy(gsl_rng_state(rng), words, sizeof words);
}
