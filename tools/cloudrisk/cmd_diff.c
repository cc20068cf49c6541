/* cmd_diff.c -- placeholder until `cloudrisk diff` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_diff(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'diff' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
