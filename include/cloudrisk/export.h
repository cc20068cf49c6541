/*
 * cloudrisk/export.h -- which names the shared library exports.
 *
 * The library is built with -fvisibility=hidden: a function is visible to
 * programs linking libcloudrisk only when its declaration in a public header
 * (include/cloudrisk/) is marked CR_PUBLIC.  Everything else -- the stages'
 * internal helpers -- stays inside the library, so that the interface is
 * exactly what these headers declare and every exported name starts with cr_.
 */
#ifndef CLOUDRISK_EXPORT_H
#define CLOUDRISK_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define CR_PUBLIC __attribute__((visibility("default")))
#else
#define CR_PUBLIC
#endif

#endif
