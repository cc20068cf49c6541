/*
 * summary.h -- the two forms of the merge summary (library-internal).
 */
#ifndef CR_WORKSHOP_SUMMARY_H
#define CR_WORKSHOP_SUMMARY_H

#include <stdio.h>

#include "cloudrisk/workshop.h"

/* How the figures were combined, said once at the top of each form. */
#define CR_WS_METHOD_TEXT                                                                   \
    "Impact and likelihood: the median of the participants' scores (for an even\n"          \
    "count, the two middle scores averaged and rounded half up); spread as min-max\n"       \
    "and MAD (median absolute deviation).  Frequency and loss: linear opinion pool\n"       \
    "of the participants' PERT estimates, shown as mean [5th-95th percentile].\n"           \
    "Flagged: scores two or more levels apart, or ranges that do not overlap."

cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *result,
                             const cr_workshop_provenance *prov, cr_error *err);

#endif
