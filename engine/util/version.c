/*
 * version.c -- the library's release, as configure.ac names it.
 */
#include "config.h"

#include "cloudrisk/version.h"

const char *cr_version(void)
{
    return PACKAGE_VERSION;
}
