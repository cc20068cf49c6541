/* cmd_checklist.c -- placeholder until `cloudrisk checklist` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_checklist(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'checklist' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
