/*
 * sha256_blocks.h -- the SHA-256 compression function, applied to whole
 * 64-byte blocks, in two implementations (library-internal):
 *
 *   - portable C, straight from FIPS 180-4 section 6.2.2;
 *   - the x86 SHA extensions (SHA-NI: SHA256RNDS2, SHA256MSG1, SHA256MSG2),
 *     where the processor has them: about eight times faster, which matters
 *     because a batch re-run hashes every changed checklist (hundreds of
 *     kilobytes each) to tell an edited file from a touched one.
 *
 * Both give the same state for the same blocks; the unit tests compare them
 * on random messages of every length up to several blocks.
 */
#ifndef CR_UTIL_SHA256_BLOCKS_H
#define CR_UTIL_SHA256_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The round constants K0..K63 (FIPS 180-4 section 4.2.2). */
extern const uint32_t cr_sha256_round_constants[64];

void cr_sha256_blocks_portable(uint32_t state[8], const unsigned char *data, size_t blocks);

/* True when this processor has the SHA extensions (and the SSSE3 and SSE4.1
 * shuffles the implementation uses); always false off x86. */
bool cr_sha256_blocks_x86_available(void);
/* Only call when cr_sha256_blocks_x86_available(). */
void cr_sha256_blocks_x86(uint32_t state[8], const unsigned char *data, size_t blocks);

#endif
