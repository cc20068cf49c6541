/*
 * sha256_x86.c -- SHA-256 blocks with the x86 SHA extensions.
 *
 * The extensions work on the eight working variables held as two vectors,
 * (A, B, E, F) and (C, D, G, H), not in the order FIPS 180-4 lists them
 * (A..H), so the state is rearranged on the way in and back on the way out.
 *
 *   SHA256RNDS2(cdgh, abef, wk) performs two rounds, using the low two
 *     32-bit lanes of wk (W[t] + K[t], W[t+1] + K[t+1]), and returns the new
 *     (A, B, E, F).  After two rounds the old A, B, E, F are the new C, D, G, H,
 *     so the two vectors simply trade roles: two calls make four rounds.
 *   SHA256MSG1(w[t-16..t-13], w[t-12..t-9]) = w[t-16+i] + sigma0(w[t-15+i]);
 *   adding w[t-7..t-4] and then
 *   SHA256MSG2(that, w[t-4..t-1]) adds sigma1(w[t-2+i]), lane by lane, which
 *     completes the message schedule of FIPS 180-4 (6.2.2, step 1):
 *     W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16].
 *
 * Reference: Intel, "Intel SHA Extensions: New Instructions Supporting the
 * Secure Hash Algorithm on Intel Architecture Processors" (2013), and the
 * instruction descriptions in the Intel 64 and IA-32 Architectures Software
 * Developer's Manual, volume 2.
 *
 * Whether the processor has the extensions comes from the compiler's runtime
 * (__builtin_cpu_supports), which asks the processor once when the program
 * starts: asking it ourselves with CPUID at every hash cost more than the
 * hashing under a hypervisor, where CPUID traps.  Compilers without that
 * feature name get the portable function.
 */
#include "util/sha256_blocks.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(__clang__) && \
    __GNUC__ >= 11

#include <immintrin.h>

bool cr_sha256_blocks_x86_available(void)
{
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("ssse3") &&
           __builtin_cpu_supports("sse4.1");
}

__attribute__((target("sha,ssse3,sse4.1"))) void
cr_sha256_blocks_x86(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    /* Message words are big-endian: reverse the bytes of each 32-bit lane. */
    const __m128i big_endian = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    /* Vectors are named by their lanes, highest first: state[0..3] = A B C D
     * loads as dcba.  Rearranged into abef and cdgh. */
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w[4]; /* the last sixteen message words, four to a vector */
        for (int g = 0; g < 4; g++)
            w[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * g)),
                                    big_endian);
        for (int g = 0; g < 16; g++) { /* rounds 4g .. 4g+3 */
            if (g >= 4) {
                /* w[g & 3] holds W[4g-16 ..], w[(g+1) & 3] W[4g-12 ..],
                 * w[(g+2) & 3] W[4g-8 ..] and w[(g+3) & 3] W[4g-4 ..]. */
                __m128i next = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);
                next = _mm_add_epi32(next, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                w[g & 3] = _mm_sha256msg2_epu32(next, w[(g + 3) & 3]);
            }
            __m128i wk = _mm_add_epi32(
                w[g & 3], _mm_loadu_si128((const __m128i *)&cr_sha256_round_constants[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    _mm_storeu_si128((__m128i *)&state[0], dcba);
    _mm_storeu_si128((__m128i *)&state[4], hgfe);
}

#else

bool cr_sha256_blocks_x86_available(void)
{
    return false;
}

void cr_sha256_blocks_x86(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    cr_sha256_blocks_portable(state, data, blocks);
}

#endif
