/*
 * rationale.h -- the words recorded with each override and shown in the
 * merge summary (library-internal).
 */
#ifndef CR_WORKSHOP_RATIONALE_H
#define CR_WORKSHOP_RATIONALE_H

#include <stddef.h>

#include "cloudrisk/workshop.h"
#include "util/text.h"

/* The rationale of one merged risk, from the consensus statistics, the
 * flags and the participants' comments (caller frees; NULL when out of
 * memory).  `c` must belong to `result`, whose participants are filled in. */
char *cr_ws_rationale(const cr_workshop_result *result, const cr_workshop_consensus *c);

/* Append the risk's flags for discussion in lang ("ja" or "en"), joined by
 * "; " (nothing when none); returns how many there are. */
size_t cr_ws_flags_text(cr_strbuf *sb, const cr_workshop_result *result,
                        const cr_workshop_consensus *c, const char *lang);

/* The same in a few words, for a table cell: "impact 1-4 · likelihood 2-5 ·
 * loss ranges apart · D stands apart". */
size_t cr_ws_flags_short(cr_strbuf *sb, const cr_workshop_result *result,
                         const cr_workshop_consensus *c, const char *lang);

/* The index of the participant who stands apart from the others on this
 * risk, or result->n_participants when nobody does (outlier.c). */
size_t cr_ws_outlier(const cr_workshop_result *result, const cr_workshop_consensus *c);

/* "mean [P5-P95]" of a pool, or "-" when nobody gave the estimate; amounts
 * of money (money.c) when currency is given, else plain numbers. */
void cr_ws_pool_brief(char *buf, size_t size, const cr_workshop_pool *pool, const char *currency,
                      const char *lang);

/* "min / likely / max" of a range, or "-" when not given; likewise. */
void cr_ws_range_brief(char *buf, size_t size, const cr_workshop_range *range,
                       const char *currency, const char *lang);

#endif
