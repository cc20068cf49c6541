/*
 * sensitivity_plan.h -- the plan's tornado, uncertainty bands and control
 * values, computed where the plan's simulation and problem are at hand
 * (library-internal).
 */
#ifndef CR_PLAN_SENSITIVITY_PLAN_H
#define CR_PLAN_SENSITIVITY_PLAN_H

#include "cloudrisk/plan.h"
#include "plan/problem.h"

/* With the scenarios' portfolios (CR_SCENARIO_COUNT, as simulated, layers
 * on) and the simulation's options: the target's tornado when
 * opt->sensitivity, the residual's and target's bands when opt->bands. */
cr_status plan_drivers(const cr_plan_options *opt, const cr_sim_options *so,
                       const cr_portfolio *ports, cr_plan *plan, cr_error *err);
/* Each gap control's value when opt->sensitivity. */
cr_status plan_values(const plan_problem *pb, const cr_plan_options *opt, cr_plan *plan,
                      cr_error *err);

#endif
