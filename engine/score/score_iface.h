/*
 * score_iface.h -- the score stage's interface to the stages after it
 * (library-internal): the words of an assessment in both languages, titles
 * and counts, shared by its JSON (assess_json.c) and by the report stage,
 * which renders it as text, Markdown and CSV (report/assess_doc.c).
 */
#ifndef CR_SCORE_IFACE_H
#define CR_SCORE_IFACE_H

#include <stdio.h>

#include "cloudrisk/score.h"

/* "ja" or "en" (anything but "ja" is English). */
const char *cr_render_lang(const char *lang);
bool cr_render_is_ja(const char *lang);

/* A control's short title in the language (the catalogue's English title or
 * Japanese short title); the standard's whole wording is in text_ja. */
const char *cr_render_control_title(const cr_catalog_item *item, const char *lang);
/* The status as stored ("implemented", ...) or "not_assessed" when the service
 * says nothing about the control. */
const char *cr_render_status_word(const cr_control_state *state);
/* The status for people, in the language. */
const char *cr_render_status_label(const cr_control_state *state, const char *lang);
/* An inherited control's kind of evidence for people ("ISMAP registration"). */
const char *cr_render_evidence_kind(const cr_model *m, const cr_control_state *state,
                                   const char *lang);
/* A risk level's name in the language. */
const char *cr_render_level_name(const cr_model *m, int level, const char *lang);

typedef struct cr_level_counts {
    int inherent[16];
    int residual[16];
} cr_level_counts;
void cr_render_count_levels(const cr_assessment *a, cr_level_counts *out);

/* Dimension letters of a risk ("C I A", "C A"). */
void cr_render_dimensions(unsigned dimensions, char out[8]);

#endif
