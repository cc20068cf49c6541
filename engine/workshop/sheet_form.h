/*
 * sheet_form.h -- the workshop sheet as a form (util/form.h), read by
 * sheet_read.c and written by sheet_xlsx.c (library-internal).
 */
#ifndef CR_WORKSHOP_SHEET_FORM_H
#define CR_WORKSHOP_SHEET_FORM_H

#include "util/form.h"

extern const cr_form cr_workshop_form;

#endif
