/*
 * sensitivity_plan.c -- what drives a plan's figures: the target's tornado
 * (sensitivity.c), the residual's and target's uncertainty bands
 * (simulate/bands.c) and the value of each control (control_value.c), on
 * the plan's own portfolios, seed and years (in precision mode, the trials
 * it settled on), so that every figure shares the plan's random numbers.
 * The bands' trials were fitted before the simulation (cr_sim_bands_fit in
 * run.c); cr_sim_bands_run checks its arguments again, as any caller's.
 */
#include <stdlib.h>

#include "plan/control_value.h"
#include "plan/sensitivity_plan.h"

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

cr_status plan_drivers(const cr_plan_options *opt, const cr_sim_options *so,
                       const cr_portfolio *ports, cr_plan *plan, cr_error *err)
{
    cr_status st = CR_OK;
    if (opt->sensitivity && ports[CR_SCENARIO_TARGET].n_risks > 0 &&
        so->trials >= CR_SENS_MIN_YEARS) {
        if (!(plan->sensitivity = calloc(1, sizeof *plan->sensitivity)))
            return oom(err);
        st = cr_sensitivity_run(&ports[CR_SCENARIO_TARGET], so, plan->sensitivity, err);
    }
    if (st == CR_OK && opt->bands) {
        if (!(plan->bands = calloc(CR_SCENARIO_COUNT, sizeof *plan->bands)))
            return oom(err);
        for (int s = CR_SCENARIO_RESIDUAL; st == CR_OK && s <= CR_SCENARIO_TARGET; s++)
            if (ports[s].n_risks > 0)
                st = cr_sim_bands_run(&ports[s], so, opt->bands, &plan->bands[s], err);
    }
    return st;
}

cr_status plan_values(const plan_problem *pb, const cr_plan_options *opt, cr_plan *plan,
                      cr_error *err)
{
    if (!opt->sensitivity)
        return CR_OK;
    if (!(plan->values = calloc(1, sizeof *plan->values)))
        return oom(err);
    return plan_control_values(pb, plan, plan->seed, plan->values, err);
}
