/*
 * decisions_form.h -- the decisions file as a form (util/form.h): what
 * decisions.c reads, and the template `plan --template` writes for people to
 * fill in (library-internal).
 */
#ifndef CR_PLAN_DECISIONS_FORM_H
#define CR_PLAN_DECISIONS_FORM_H

#include "util/form.h"

extern const cr_form cr_decisions_form;

#endif
