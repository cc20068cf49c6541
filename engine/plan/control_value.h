/*
 * control_value.h -- the value of each control of a plan (library-internal;
 * method in control_value.c and doc/sensitivity.md).
 */
#ifndef CR_PLAN_CONTROL_VALUE_H
#define CR_PLAN_CONTROL_VALUE_H

#include "cloudrisk/plan.h"
#include "cloudrisk/sensitivity.h"
#include "plan/problem.h"

/* Fill out (zeroed by the caller or not) from the plan's items and gaps
 * and the problem's rescore function; seed from the plan. */
cr_status plan_control_values(const plan_problem *pb, const cr_plan *plan, uint64_t seed,
                              cr_control_values *out, cr_error *err);
void plan_control_values_clear(cr_control_values *v);

#endif
