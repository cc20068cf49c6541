/*
 * checklist_form.h -- the checklist as a form (util/form.h): its columns'
 * kinds and Japanese headers, and its rows as checklist.c builds them
 * (library-internal).
 */
#ifndef CR_SCORE_CHECKLIST_FORM_H
#define CR_SCORE_CHECKLIST_FORM_H

#include <stdbool.h>

#include "cloudrisk/score.h"
#include "util/form.h"

extern const cr_form cr_checklist_form;

/* Called once per checklist row, in order, with the row's canonical cells
 * (cr_checklist_column_count of them); reference rows are the detailed
 * controls, shown for reading. */
typedef void (*cr_checklist_emit)(void *ctx, const char *const *row, bool reference);
void cr_checklist_emit_rows(const cr_model *m, const cr_control_state *states, bool basic_only,
                            cr_checklist_emit emit, void *ctx);

#endif
