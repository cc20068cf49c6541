/*
 * decisions_sheet.c -- the approval sheet as a list of subjects, each with
 * the state the sheet asks management to accept, and the decisions template
 * written from it.
 *
 * What a signature on the sheet accepts (doc/register.md, "The decision
 * object"): the sheet presents the plan and the risks that stay above the
 * acceptable level together, so each risk is accepted as it will stand
 * after the plan (its target level and expected annual loss, the figures the
 * sheet prints: a closed form, or for a transferred risk the simulated mean
 * of what is retained, with its standard error); the plan is accepted with its items and its
 * expected annual loss after the plan (and the simulated P95 of that state
 * when simulated); an item with the expected annual loss it removes.  Every
 * subject carries the sheet's hash, the plan's input_sha256, which the
 * sheet prints, the register stores and every export shows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/plan.h"
#include "util/csv_util.h"

static void state_init(const cr_plan *plan, cr_signed_state *s)
{
    memset(s, 0, sizeof *s);
    s->present = true;
    s->basis = CR_SIGNED_AFTER_PLAN;
    s->level = -1;
    s->expected_loss = NAN;
    s->expected_loss_se = 0.0; /* a closed form, unless set from a simulation below */
    s->p95 = NAN;
    snprintf(s->sheet_sha256, sizeof s->sheet_sha256, "%s",
             plan->input_sha256 ? plan->input_sha256 : "");
}

static void items_hash(const cr_plan *plan, char hex[65])
{
    cr_sha256 h;
    cr_sha256_init(&h);
    for (size_t t = 0; t < plan->n_items; t++) {
        const char *id = plan->gaps[plan->items[t].gap].control_id;
        cr_sha256_update(&h, id, strlen(id));
        cr_sha256_update(&h, "\n", 1);
    }
    cr_sha256_final_hex(&h, hex);
}

static void plan_state(const cr_plan *plan, cr_signed_state *s)
{
    state_init(plan, s);
    s->expected_loss = plan->ale_target;
    s->expected_loss_se = plan->ale_target_se;
    const cr_plan_distribution *d = &plan->dist[CR_SCENARIO_TARGET];
    if (d->summary.years > 0)
        s->p95 = d->summary.p95;
    items_hash(plan, s->items_sha256);
}

static void risk_state(const cr_plan *plan, const cr_plan_risk *r, cr_signed_state *s)
{
    state_init(plan, s);
    s->level = r->target.level;
    if (r->target.level >= 0 && (size_t)r->target.level < plan->n_levels)
        snprintf(s->level_id, sizeof s->level_id, "%s", plan->level_id[r->target.level]);
    s->expected_loss = r->ale_target;
    s->expected_loss_se = r->ale_target_se; /* a transfer's retained loss is simulated */
}

static void item_state(const cr_plan *plan, const cr_plan_item *it, cr_signed_state *s)
{
    state_init(plan, s);
    s->expected_loss = it->ale_reduction;
}

bool cr_plan_signed_state(const cr_plan *plan, const char *id, cr_subject_kind *kind,
                          cr_signed_state *out)
{
    if (strcmp(id, "plan") == 0) {
        *kind = CR_SUBJECT_PLAN;
        plan_state(plan, out);
        return true;
    }
    for (size_t t = 0; t < plan->n_items; t++)
        if (strcmp(plan->gaps[plan->items[t].gap].control_id, id) == 0) {
            *kind = CR_SUBJECT_ITEM;
            item_state(plan, &plan->items[t], out);
            return true;
        }
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_risk *r = &plan->risks[plan->residuals[k].risk];
        if (strcmp(r->id, id) == 0) {
            *kind = CR_SUBJECT_RISK;
            risk_state(plan, r, out);
            return true;
        }
    }
    return false;
}

cr_status cr_plan_sheet(const cr_plan *plan, cr_sheet_subject **out, size_t *n, cr_error *err)
{
    size_t count = (plan->n_items ? 1 + plan->n_items : 0) + plan->n_residuals;
    cr_sheet_subject *all = calloc(count ? count : 1, sizeof *all);
    if (!all)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    size_t i = 0;
    if (plan->n_items) {
        all[i].kind = CR_SUBJECT_PLAN;
        all[i].id = "plan";
        plan_state(plan, &all[i].state);
        all[i++].decision = &plan->plan_decision;
        for (size_t t = 0; t < plan->n_items; t++) {
            all[i].kind = CR_SUBJECT_ITEM;
            all[i].id = plan->gaps[plan->items[t].gap].control_id;
            item_state(plan, &plan->items[t], &all[i].state);
            all[i++].decision = &plan->items[t].decision;
        }
    }
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_risk *r = &plan->risks[plan->residuals[k].risk];
        all[i].kind = CR_SUBJECT_RISK;
        all[i].id = r->id;
        risk_state(plan, r, &all[i].state);
        all[i++].decision = &plan->residuals[k].decision;
    }
    *out = all;
    *n = i;
    return CR_OK;
}

/* Amounts as whole units of the currency, as the plan's CSV writes them. */
static void amount(char *buf, size_t size, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.0f", v == 0.0 ? 0.0 : v);
}

static const char *const template_columns[] = {
    "subject", "id",         "title", "state",      "level",          "expected_loss",
    "p95",     "items_sha256", "input_sha256", "decision", "by", "date",
    "minutes", "conditions", "accepted_until", "note"};
enum { N_TEMPLATE = sizeof template_columns / sizeof template_columns[0] };

cr_status cr_plan_write_decisions_template(const cr_plan *plan, FILE *out, cr_error *err)
{
    cr_sheet_subject *subjects = NULL;
    size_t n = 0;
    cr_status st = cr_plan_sheet(plan, &subjects, &n, err);
    if (st != CR_OK)
        return st;
    cr_csv_write_row(out, template_columns, N_TEMPLATE);
    for (size_t i = 0; i < n; i++) {
        const cr_sheet_subject *s = &subjects[i];
        const char *title = "";
        if (s->kind == CR_SUBJECT_PLAN) {
            title = plan->service_name ? plan->service_name : "";
        } else if (s->kind == CR_SUBJECT_ITEM) {
            for (size_t g = 0; g < plan->n_gaps; g++)
                if (strcmp(plan->gaps[g].control_id, s->id) == 0)
                    title = plan->gaps[g].title_en ? plan->gaps[g].title_en : "";
        } else {
            for (size_t r = 0; r < plan->n_risks; r++)
                if (strcmp(plan->risks[r].id, s->id) == 0)
                    title = plan->risks[r].name_en ? plan->risks[r].name_en : "";
        }
        char loss[40], p95[40];
        amount(loss, sizeof loss, s->state.expected_loss);
        amount(p95, sizeof p95, s->state.p95);
        const char *row[N_TEMPLATE] = {cr_subject_kind_name(s->kind),
                                       s->id,
                                       title,
                                       cr_signed_basis_name(s->state.basis),
                                       s->state.level_id,
                                       loss,
                                       p95,
                                       s->state.items_sha256,
                                       s->state.sheet_sha256,
                                       "", "", "", "", "", "", ""};
        cr_csv_write_row(out, row, N_TEMPLATE);
    }
    free(subjects);
    if (ferror(out))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "writing the decisions template");
    return CR_OK;
}
