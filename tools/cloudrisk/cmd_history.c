/* cmd_history.c -- placeholder until `cloudrisk history` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_history(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'history' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
