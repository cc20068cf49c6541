/* cmd_workshop.c -- placeholder until `cloudrisk workshop` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_workshop(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'workshop' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
