/*
 * catalog_iface.h -- the catalogue's interface to the stages after it
 * (library-internal; the only catalogue header another stage includes):
 * whether a text has the form of one of the standard's control ids, which
 * the model (an organisation's own controls) and service files (engine/score)
 * ask to tell the standard's ids from an organisation's.  The loaded
 * catalogue's layout stays private to engine/catalog (catalog_internal.h).
 */
#ifndef CR_CATALOG_IFACE_H
#define CR_CATALOG_IFACE_H

#include <stdbool.h>

/* Is text a well-formed id of the control part ("7", "7.4.1.4", "C.2.1")?
 * *levels (may be NULL) is its number of components. */
bool cr_catalog_id_well_formed(const char *text, int *levels);

#endif
