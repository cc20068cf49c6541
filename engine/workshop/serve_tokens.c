/*
 * serve_tokens.c -- the live workshop's tokens: the join token everyone in
 * the room shares, each participant's own and the facilitator's.
 *
 * 128 bits from the kernel's random source (getrandom(2), which blocks only
 * until the pool is first seeded; /dev/urandom where the call is missing),
 * written as 32 hex digits.  A guess succeeds with probability 2^-128 per
 * try, and tries are rate-limited (serve_http.c).  Tokens are compared in
 * time that does not depend on where they first differ.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "workshop/serve.h"

static bool fill_random(unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        got += (size_t)r;
    }
    if (got == n)
        return true;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    return got == n;
}

cr_status ws_token_new(char out[WS_TOKEN_CHARS + 1], cr_error *err)
{
    unsigned char raw[WS_TOKEN_BYTES];
    if (!fill_random(raw, sizeof raw))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL,
                            "cannot read the system's random source (getrandom, /dev/urandom)");
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < WS_TOKEN_BYTES; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[WS_TOKEN_CHARS] = '\0';
    return CR_OK;
}

bool ws_token_wellformed(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == WS_TOKEN_CHARS;
}

bool ws_token_equal(const char *expected, const char *given)
{
    if (!given || !ws_token_wellformed(given) || !ws_token_wellformed(expected))
        return false;
    unsigned diff = 0;
    for (size_t i = 0; i < WS_TOKEN_CHARS; i++)
        diff |= (unsigned)(unsigned char)(expected[i] ^ given[i]);
    return diff == 0;
}
