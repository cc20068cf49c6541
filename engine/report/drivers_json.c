/*
 * drivers_json.c -- the tornado, the value of each control and the
 * uncertainty bands in the plan's JSON: every row and figure, built with
 * the checked builder (util/json_build.h).
 */
#include <math.h>

#include "report/drivers.h"

static void add_values(cr_jb *b, cJSON *root, const cr_plan *plan)
{
    const cr_control_values *cv = plan->values;
    cJSON *o = cr_jb_add_object(b, root, "control_values");
    cr_jb_str(b, o, "shapley_method", cv->exact ? "exact" : "sampled_orderings");
    cr_jb_num(b, o, "orderings", cv->orderings);
    cr_jb_num(b, o, "seed", (double)cv->seed);
    cr_jb_num(b, o, "ale_residual", cv->ale_residual);
    cr_jb_num(b, o, "ale_plan", cv->ale_plan);
    cr_jb_num(b, o, "plan_reduction", cv->ale_residual - cv->ale_plan);
    cJSON *rows = cr_jb_add_array(b, o, "controls");
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        cJSON *r = cr_jb_object(b);
        cr_jb_num(b, r, "rank", (double)(i + 1));
        cr_jb_str(b, r, "control", plan->gaps[v->gap].control_id);
        cr_jb_bool(b, r, "in_plan", v->in_plan);
        cr_jb_num(b, r, "alone", v->alone);
        cr_jb_num(b, r, "marginal", v->marginal);
        cr_jb_num(b, r, "shapley", v->shapley);
        cr_jb_num(b, r, "shapley_se", v->shapley_se);
        cr_jb_push(b, rows, r);
    }
}

void report_json_drivers(cr_jb *b, cJSON *root, const cr_plan *plan)
{
    if (plan->sensitivity && plan->sensitivity->present) {
        cJSON *s = cr_sensitivity_to_json(plan->sensitivity);
        if (!s)
            b->failed = true;
        cr_jb_str(b, s, "scenario", "target");
        cr_jb_put(b, root, "sensitivity", s);
    }
    if (plan->values && plan->values->present)
        add_values(b, root, plan);
    if (plan->bands) {
        static const char *const names[CR_SCENARIO_COUNT] = {"inherent", "residual", "target"};
        cJSON *o = cr_jb_add_object(b, root, "bands");
        for (int s = 0; s < CR_SCENARIO_COUNT; s++)
            if (plan->bands[s].present) {
                cJSON *one = cr_sim_bands_to_json(&plan->bands[s]);
                if (!one)
                    b->failed = true;
                cr_jb_put(b, o, names[s], one);
            }
    }
}
