/*
 * drivers_json.c -- the tornado, the value of each control and the
 * uncertainty bands in the plan's JSON: every row and figure.
 */
#include <math.h>

#include "report/drivers.h"

static void num(cJSON *obj, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_values(cJSON *root, const cr_plan *plan)
{
    const cr_control_values *cv = plan->values;
    cJSON *o = cJSON_AddObjectToObject(root, "control_values");
    if (!o)
        return;
    cJSON_AddStringToObject(o, "shapley_method", cv->exact ? "exact" : "sampled_orderings");
    num(o, "orderings", cv->orderings);
    num(o, "seed", (double)cv->seed);
    num(o, "ale_residual", cv->ale_residual);
    num(o, "ale_plan", cv->ale_plan);
    num(o, "plan_reduction", cv->ale_residual - cv->ale_plan);
    cJSON *rows = cJSON_AddArrayToObject(o, "controls");
    for (size_t i = 0; rows && i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        cJSON *r = cJSON_CreateObject();
        if (!r)
            return;
        cJSON_AddItemToArray(rows, r);
        num(r, "rank", (double)(i + 1));
        cJSON_AddStringToObject(r, "control", plan->gaps[v->gap].control_id);
        cJSON_AddBoolToObject(r, "in_plan", v->in_plan);
        num(r, "alone", v->alone);
        num(r, "marginal", v->marginal);
        num(r, "shapley", v->shapley);
        num(r, "shapley_se", v->shapley_se);
    }
}

void report_json_drivers(cJSON *root, const cr_plan *plan)
{
    if (plan->sensitivity && plan->sensitivity->present) {
        cJSON *s = cr_sensitivity_to_json(plan->sensitivity);
        if (s) {
            cJSON_AddStringToObject(s, "scenario", "target");
            cJSON_AddItemToObject(root, "sensitivity", s);
        }
    }
    if (plan->values && plan->values->present)
        add_values(root, plan);
    if (plan->bands) {
        static const char *const names[CR_SCENARIO_COUNT] = {"inherent", "residual", "target"};
        cJSON *b = cJSON_AddObjectToObject(root, "bands");
        for (int s = 0; b && s < CR_SCENARIO_COUNT; s++)
            if (plan->bands[s].present)
                cJSON_AddItemToObject(b, names[s], cr_sim_bands_to_json(&plan->bands[s]));
    }
}
