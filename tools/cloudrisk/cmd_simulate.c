/* cmd_simulate.c -- placeholder until `cloudrisk simulate` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_simulate(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'simulate' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
