/*
 * cloudrisk/version.h -- the version of the library a program runs with.
 */
#ifndef CLOUDRISK_VERSION_H
#define CLOUDRISK_VERSION_H

#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's release, "MAJOR.MINOR.PATCH" (what `cloudrisk --version` and
 * `pkg-config --modversion cloudrisk` say), for the library actually loaded,
 * which may be newer than the headers a program was built with. */
CR_PUBLIC const char *cr_version(void);

#ifdef __cplusplus
}
#endif
#endif
