/* free.c -- releasing a plan and everything it owns. */
#include <stdlib.h>

#include "cloudrisk/plan.h"

static void distribution_clear(cr_plan_distribution *d)
{
    free(d->risk_mean);
    free(d->risk_se);
    d->risk_mean = NULL;
    d->risk_se = NULL;
}

void cr_plan_free(cr_plan *plan)
{
    if (!plan)
        return;
    free(plan->service_id);
    free(plan->service_name);
    free(plan->service_owner);
    free(plan->model_name);
    free(plan->model_name_ja);
    free(plan->model_version);
    free(plan->input_sha256);
    free(plan->catalog_sha256);
    free(plan->currency);
    for (size_t i = 0; i < plan->n_levels; i++) {
        if (plan->level_id)
            free(plan->level_id[i]);
        if (plan->level_en)
            free(plan->level_en[i]);
        if (plan->level_ja)
            free(plan->level_ja[i]);
    }
    free(plan->level_id);
    free(plan->level_en);
    free(plan->level_ja);
    free(plan->criteria_approver);
    free(plan->criteria_date);
    free(plan->criteria_minutes);
    free(plan->approval_route);
    for (size_t r = 0; r < plan->n_risks; r++) {
        cr_plan_risk *risk = &plan->risks[r];
        free(risk->id);
        free(risk->name_en);
        free(risk->name_ja);
        free(risk->decision_reason);
        free(risk->contested);
        free(risk->decided_by);
        free(risk->transfer_party);
        free(risk->gap);
        free(risk->items);
    }
    free(plan->risks);
    for (size_t c = 0; c < plan->n_gaps; c++) {
        cr_plan_gap *g = &plan->gaps[c];
        free(g->control_id);
        free(g->title_en);
        free(g->title_ja);
        free(g->short_title_ja);
        free(g->status);
        free(g->cost_class);
        for (size_t d = 0; d < g->n_details; d++) {
            free(g->details[d].id);
            free(g->details[d].text_ja);
        }
        free(g->details);
        free(g->risks);
    }
    free(plan->gaps);
    for (size_t t = 0; t < plan->n_items; t++) {
        free(plan->items[t].owner);
        free(plan->items[t].risks);
        cr_decision_clear(&plan->items[t].decision);
    }
    free(plan->items);
    for (size_t k = 0; k < plan->n_residuals; k++) {
        free(plan->residuals[k].extra);
        cr_decision_clear(&plan->residuals[k].decision);
    }
    free(plan->residuals);
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        distribution_clear(&plan->dist[s]);
    distribution_clear(&plan->target_gross);
    cr_decision_clear(&plan->plan_decision);
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        free(plan->former_decisions[k].id);
        cr_decision_clear(&plan->former_decisions[k].decision);
    }
    free(plan->former_decisions);
    free(plan->decisions_file);
    free(plan->decisions_sha256);
    cr_sensitivity_clear(plan->sensitivity);
    free(plan->sensitivity);
    if (plan->values)
        free(plan->values->values);
    free(plan->values);
    free(plan->bands);
    free(plan);
}
