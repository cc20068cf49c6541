/* cmd_register.c -- placeholder until `cloudrisk register` lands; replaced by its implementation. */
#include <stdio.h>

#include "cli.h"

int cmd_register(const cli_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    fprintf(stderr, "cloudrisk: 'register' is not available in this build\n");
    return CR_ERR_INTERNAL;
}
