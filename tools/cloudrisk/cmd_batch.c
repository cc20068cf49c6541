/* cmd_batch.c -- placeholder until `cloudrisk batch` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_batch(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'batch' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
