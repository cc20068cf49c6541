/*
 * sheet_form.h -- the workshop sheet as a form (util/form.h), built from the
 * sheet's column table (columns.c), for writing and reading a workbook
 * (library-internal).
 */
#ifndef CR_WORKSHOP_SHEET_FORM_H
#define CR_WORKSHOP_SHEET_FORM_H

#include "cloudrisk/workshop.h"
#include "util/form.h"

/* Fill `form` with the sheet's columns (names and Japanese headers from
 * columns.c, kinds for a workbook); `columns` holds them. */
void cr_workshop_form_build(cr_form *form, cr_form_column columns[CR_WORKSHOP_N_COLUMNS]);

#endif
