/* cmd_assess.c -- placeholder until `cloudrisk assess` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_assess(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'assess' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
