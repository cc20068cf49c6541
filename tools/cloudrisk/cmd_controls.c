/* cmd_controls.c -- placeholder until `cloudrisk controls` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_controls(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'controls' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
