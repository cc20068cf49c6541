/*
 * summary.h -- the two forms of the merge summary and the words they share,
 * in English and Japanese (library-internal).
 */
#ifndef CR_WORKSHOP_SUMMARY_H
#define CR_WORKSHOP_SUMMARY_H

#include <stdio.h>

#include "cloudrisk/workshop.h"

typedef struct cr_ws_words {
    const char *lang;          /* "en" or "ja" */
    const char *title, *service, *date, *model, *inputs, *participants, *weight;
    const char *method;        /* how the figures were combined, one paragraph */
    const char *scored_by;     /* followed by "n/N" */
    const char *confidence;    /* "mean confidence": followed by "x/5 (n stated)" */
    const char *stated;
    const char *impact, *likelihood, *median, *range;
    const char *frequency_pool, *loss_pool; /* "... per year, mean [P5-P95]" */
    const char *flag;
    const char *not_scored;
    const char *risks_scored, *flagged; /* "n/N risks scored, m flagged" */
    const char *comma, *period;
    const char *for_discussion, *abstained, *frequency, *loss, *comment, *participant, *risk,
        *scored, *flags, *no_flags, *consensus, *min_likely_max, *confidence_short;
} cr_ws_words;

/* The words of lang ("ja"; anything else is English). */
const cr_ws_words *cr_ws_words_for(const char *lang);

cr_status cr_ws_summary_text(FILE *fp, const cr_workshop_result *result,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err);
cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *result,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err);

#endif
