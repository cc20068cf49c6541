/* cmd_plan.c -- placeholder until `cloudrisk plan` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_plan(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'plan' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
