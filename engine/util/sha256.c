/*
 * sha256.c -- SHA-256 as specified in FIPS 180-4, section 6.2.
 *
 * Used only to name inputs (the "inputs' hash" recorded in every output), not
 * for secrecy; written here because it is ~100 lines and a crypto library would
 * be a heavy dependency for it.  Tested against the FIPS 180-4 example vectors.
 *
 * Whole blocks go straight from the caller's buffer to the compression
 * function, which is the processor's SHA extensions where it has them
 * (sha256_x86.c) and the portable function below elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "util/sha256_blocks.h"

const uint32_t cr_sha256_round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t state[8], const unsigned char block[64])
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
               (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                      cr_sha256_round_constants[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

void cr_sha256_blocks_portable(uint32_t state[8], const unsigned char *data, size_t blocks)
{
    for (; blocks > 0; blocks--, data += 64)
        compress(state, data);
}

static void compress_blocks(cr_sha256 *h, const unsigned char *data, size_t blocks)
{
    if (h->accelerated)
        cr_sha256_blocks_x86(h->state, data, blocks);
    else
        cr_sha256_blocks_portable(h->state, data, blocks);
}

void cr_sha256_init(cr_sha256 *h)
{
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(h->state, initial, sizeof initial);
    h->bytes = 0;
    h->used = 0;
    h->accelerated = cr_sha256_blocks_x86_available();
}

void cr_sha256_update(cr_sha256 *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    h->bytes += len;
    if (h->used > 0) { /* fill the block begun by an earlier call */
        size_t take = 64 - h->used < len ? 64 - h->used : len;
        memcpy(h->block + h->used, p, take);
        h->used += take;
        p += take;
        len -= take;
        if (h->used < 64)
            return;
        compress_blocks(h, h->block, 1);
        h->used = 0;
    }
    if (len >= 64) {
        compress_blocks(h, p, len / 64);
        p += len - len % 64;
        len %= 64;
    }
    memcpy(h->block, p, len);
    h->used = len;
}

void cr_sha256_final_hex(cr_sha256 *h, char hex[65])
{
    uint64_t bits = h->bytes * 8;
    unsigned char pad = 0x80;
    cr_sha256_update(h, &pad, 1);
    unsigned char zero = 0;
    while (h->used != 56)
        cr_sha256_update(h, &zero, 1);
    unsigned char length[8];
    for (int i = 0; i < 8; i++)
        length[i] = (unsigned char)(bits >> (56 - 8 * i));
    cr_sha256_update(h, length, 8);
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) {
            unsigned byte = (h->state[i] >> (24 - 8 * j)) & 0xff;
            hex[8 * i + 2 * j] = digits[byte >> 4];
            hex[8 * i + 2 * j + 1] = digits[byte & 15];
        }
    hex[64] = '\0';
}

cr_status cr_sha256_file(cr_sha256 *h, const char *path, cr_error *err)
{
    char *text;
    size_t len;
    cr_status st = cr_read_file(path, CR_MAX_INPUT_BYTES, &text, &len, err);
    if (st != CR_OK)
        return st;
    cr_sha256_update(h, text, len);
    free(text);
    return CR_OK;
}
