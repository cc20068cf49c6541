/*
 * summary.h -- the two forms of the merge summary and the words they share,
 * in English and Japanese (library-internal).
 */
#ifndef CR_WORKSHOP_SUMMARY_H
#define CR_WORKSHOP_SUMMARY_H

#include <stdio.h>

#include "cloudrisk/workshop.h"
#include "util/text.h"

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
    const char *round, *annual_loss, *frequency_axis, *loss_axis, *pool, *basis, *anonymous,
        *estimates, *outliers, *no_outlier;
} cr_ws_words;

/* What the summary's pages add to the shared style sheet: the flag badge and
 * the dot plots (summary_html.c; the live workshop's projector uses it too). */
extern const char cr_ws_summary_style[];

/* Inline SVG: each participant's estimate (dot at the most likely value,
 * whisker min-max) of frequency or loss on a log scale, with the pool's
 * 5th-95th percentile band and mean (summary_plot.c). */
void cr_ws_dot_plot(cr_strbuf *sb, const cr_workshop_result *r, const cr_workshop_consensus *c,
                    bool frequency, const cr_ws_words *w);

/* "D stands apart from the others in 20 of 21 risks." for every participant
 * who is a risk's outlier, one sentence each; returns how many. */
size_t cr_ws_outliers_text(cr_strbuf *sb, const cr_workshop_result *r, const cr_ws_words *w,
                           const char *separator);

/* The words of lang ("ja"; anything else is English). */
const cr_ws_words *cr_ws_words_for(const char *lang);

cr_status cr_ws_summary_text(FILE *fp, const cr_workshop_result *result,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err);
cr_status cr_ws_summary_html(FILE *fp, const cr_workshop_result *result,
                             const cr_workshop_provenance *prov, const cr_ws_words *w,
                             cr_error *err);

#endif
