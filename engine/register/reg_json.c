/*
 * reg_json.c -- JSON forms of runs, approvals and changes (for export,
 * history, diff and the fleet summary).  Field names follow the columns of
 * the schema, so that a reader of one can read the other.
 */
#include <math.h>

#include "register/reg_internal.h"
#include "register/reg_json.h"

/* cJSON's adders return NULL on failure and leave the tree whole, so the
 * builders below do not test every call: running out of memory while building
 * shows up as a failure to print (reported), or, if memory came back in
 * between, as a missing field. */

static void add_text(cJSON *obj, const char *key, const char *text)
{
    if (text)
        cJSON_AddStringToObject(obj, key, text);
    else
        cJSON_AddNullToObject(obj, key);
}

/* The one loss-summary shape (loss_summary.h): the figures the register
 * does not keep are null. */
cJSON *reg_loss_to_json(const cr_reg_loss *l)
{
    return cr_loss_summary_to_json(l);
}

static cJSON *risk_to_json(const cr_reg_risk *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "risk_id", r->risk_id);
    cJSON *in = cJSON_AddObjectToObject(o, "inherent");
    cJSON_AddNumberToObject(in, "impact", r->inherent_impact);
    cJSON_AddNumberToObject(in, "likelihood", r->inherent_likelihood);
    cJSON_AddStringToObject(in, "level", r->inherent_level);
    cJSON_AddNumberToObject(in, "rank", r->inherent_rank);
    cJSON_AddItemToObject(in, "loss", reg_loss_to_json(&r->inherent_loss));
    cJSON *res = cJSON_AddObjectToObject(o, "residual");
    cJSON_AddNumberToObject(res, "impact", r->residual_impact);
    cJSON_AddNumberToObject(res, "likelihood", r->residual_likelihood);
    cJSON_AddStringToObject(res, "level", r->residual_level);
    cJSON_AddNumberToObject(res, "rank", r->residual_rank);
    cJSON_AddItemToObject(res, "loss", reg_loss_to_json(&r->residual_loss));
    if (r->target_level || r->target_loss.years > 0) {
        cJSON *t = cJSON_AddObjectToObject(o, "target");
        add_text(t, "level", r->target_level);
        if (r->target_level)
            cJSON_AddNumberToObject(t, "rank", r->target_rank);
        cJSON_AddItemToObject(t, "loss", reg_loss_to_json(&r->target_loss));
    } else {
        cJSON_AddNullToObject(o, "target");
    }
    add_text(o, "treatment", r->treatment);
    add_text(o, "treatment_reason", r->treatment_reason);
    return o;
}

cJSON *reg_gap_to_json(const cr_reg_gap *g)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "risk_id", g->risk_id);
    cJSON_AddStringToObject(o, "control_id", g->control_id);
    return o;
}

static cJSON *plan_item_to_json(const cr_reg_plan_item *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "control_id", p->control_id);
    cJSON_AddStringToObject(o, "risks", p->risks);
    cJSON_AddStringToObject(o, "option", p->option);
    cJSON_AddNumberToObject(o, "priority", p->priority);
    add_text(o, "owner", p->owner);
    cJSON_AddNumberToObject(o, "cost_once", p->cost_once);
    cJSON_AddNumberToObject(o, "cost_annual", p->cost_annual);
    add_text(o, "due", p->due);
    if (isnan(p->loss_reduction))
        cJSON_AddNullToObject(o, "loss_reduction");
    else
        cJSON_AddNumberToObject(o, "loss_reduction", p->loss_reduction);
    return o;
}

cJSON *reg_run_to_json(const cr_reg_run *run, bool whole)
{
    char seed[24];
    reg_seed_text(run->seed, seed);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "run_id", (double)run->id);
    cJSON_AddStringToObject(o, "run_key", run->run_key);
    cJSON_AddNumberToObject(o, "seq", (double)run->seq);
    cJSON_AddStringToObject(o, "service_id", run->service_id);
    cJSON_AddStringToObject(o, "service_name", run->service_name);
    add_text(o, "owner", run->owner);
    add_text(o, "source", run->source);
    cJSON_AddStringToObject(o, "run_time", run->run_time);
    cJSON_AddStringToObject(o, "inputs_sha256", run->inputs_sha256);
    cJSON_AddStringToObject(o, "model_version", run->model_version);
    cJSON_AddStringToObject(o, "criteria_version", run->criteria_version);
    /* A seed is a 64-bit unsigned integer: as a string, since JSON readers
     * commonly hold numbers in doubles (53 bits). */
    cJSON_AddStringToObject(o, "seed", seed);
    cJSON_AddNumberToObject(o, "trials", (double)run->trials);
    add_text(o, "currency", run->currency);
    add_text(o, "assessor", run->assessor);
    add_text(o, "sheet_sha256", run->sheet_sha256[0] ? run->sheet_sha256 : NULL);
    char due[11];
    cr_reg_run_review_due(run, due);
    add_text(o, "review_due", due[0] ? due : NULL);
    cJSON *totals = cJSON_AddObjectToObject(o, "loss");
    cJSON_AddItemToObject(totals, "inherent", reg_loss_to_json(&run->inherent_total));
    cJSON_AddItemToObject(totals, "residual", reg_loss_to_json(&run->residual_total));
    cJSON_AddItemToObject(totals, "target", reg_loss_to_json(&run->target_total));
    if (!whole)
        return o;
    cJSON *risks = cJSON_AddArrayToObject(o, "risks");
    for (size_t i = 0; i < run->n_risks; i++)
        cJSON_AddItemToArray(risks, risk_to_json(&run->risks[i]));
    cJSON *gaps = cJSON_AddArrayToObject(o, "gaps");
    for (size_t i = 0; i < run->n_gaps; i++)
        cJSON_AddItemToArray(gaps, reg_gap_to_json(&run->gaps[i]));
    cJSON *plan = cJSON_AddArrayToObject(o, "plan");
    for (size_t i = 0; i < run->n_plan_items; i++)
        cJSON_AddItemToArray(plan, plan_item_to_json(&run->plan_items[i]));
    return o;
}

static void add_number_or_null(cJSON *o, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

/* The decision object (plan.h), as every JSON export shows it. */
cJSON *reg_approval_to_json(const cr_reg_approval *a)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "decision_id", (double)a->id);
    cJSON_AddNumberToObject(o, "run_id", (double)a->run_id);
    add_text(o, "service_id", a->service_id);
    cJSON_AddStringToObject(o, "subject_kind", cr_subject_kind_name(a->subject_kind));
    cJSON_AddStringToObject(o, "subject", a->subject);
    cJSON_AddStringToObject(o, "decision", a->decision);
    cJSON_AddStringToObject(o, "by", a->approver);
    cJSON_AddStringToObject(o, "date", a->decided_on);
    add_text(o, "minutes", a->minutes);
    add_text(o, "conditions", a->conditions);
    add_text(o, "accepted_until", a->accepted_until);
    add_text(o, "note", a->note);
    cJSON_AddStringToObject(o, "status", cr_decision_status_name(a->status));
    cJSON *st = cJSON_AddObjectToObject(o, "signed_state");
    const cr_signed_state *s = &a->signed_state;
    cJSON_AddStringToObject(st, "state", cr_signed_basis_name(s->basis));
    add_text(st, "level", s->level_id[0] ? s->level_id : NULL);
    add_number_or_null(st, "expected_loss", s->expected_loss);
    add_number_or_null(st, "p95", s->p95);
    add_text(st, "items_sha256", s->items_sha256[0] ? s->items_sha256 : NULL);
    add_text(st, "sheet_sha256", s->sheet_sha256[0] ? s->sheet_sha256 : NULL);
    if (a->superseded_by)
        cJSON_AddNumberToObject(o, "superseded_by", (double)a->superseded_by);
    else
        cJSON_AddNullToObject(o, "superseded_by");
    if (a->stale_run_id)
        cJSON_AddNumberToObject(o, "stale_since_run", (double)a->stale_run_id);
    else
        cJSON_AddNullToObject(o, "stale_since_run");
    add_text(o, "stale_reason", a->stale_reason);
    add_text(o, "source", a->source);
    return o;
}

cJSON *reg_change_to_json(const cr_reg_change *c)
{
    cJSON *o = cJSON_CreateObject();
    if (c->run_a)
        cJSON_AddNumberToObject(o, "run_a", (double)c->run_a);
    else
        cJSON_AddNullToObject(o, "run_a");
    cJSON_AddNumberToObject(o, "run_b", (double)c->run_b);
    cJSON_AddBoolToObject(o, "inputs_changed", c->inputs_changed);
    cJSON_AddBoolToObject(o, "model_changed", c->model_changed);
    cJSON_AddBoolToObject(o, "criteria_changed", c->criteria_changed);
    cJSON_AddBoolToObject(o, "seed_or_trials_changed", c->config_changed);
    cJSON_AddBoolToObject(o, "currency_changed", c->currency_changed);
    add_text(o, "currency", c->currency[0] ? c->currency : NULL);
    cJSON *risks = cJSON_AddArrayToObject(o, "risk_changes");
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "risk_id", r->risk_id);
        add_text(x, "inherent_from", r->inherent_from);
        add_text(x, "inherent_to", r->inherent_to);
        add_text(x, "residual_from", r->residual_from);
        add_text(x, "residual_to", r->residual_to);
        if (r->has_loss) {
            cJSON_AddNumberToObject(x, "loss_delta", r->loss_delta);
            cJSON_AddNumberToObject(x, "noise", r->noise);
            cJSON_AddBoolToObject(x, "loss_significant", r->loss_significant);
        }
        cJSON_AddItemToArray(risks, x);
    }
    cJSON *opened = cJSON_AddArrayToObject(o, "gaps_opened");
    for (size_t i = 0; i < c->n_opened; i++)
        cJSON_AddItemToArray(opened, reg_gap_to_json(&c->opened[i]));
    cJSON *closed = cJSON_AddArrayToObject(o, "gaps_closed");
    for (size_t i = 0; i < c->n_closed; i++)
        cJSON_AddItemToArray(closed, reg_gap_to_json(&c->closed[i]));
    if (c->has_loss) {
        cJSON *l = cJSON_AddObjectToObject(o, "residual_loss_change");
        cJSON_AddNumberToObject(l, "delta", c->loss_delta);
        cJSON_AddNumberToObject(l, "noise", c->noise);
        cJSON_AddBoolToObject(l, "significant", c->loss_significant);
    } else {
        cJSON_AddNullToObject(o, "residual_loss_change");
    }
    cJSON *stale = cJSON_AddArrayToObject(o, "stale_approvals");
    for (size_t i = 0; i < c->n_stale; i++)
        cJSON_AddItemToArray(stale, reg_approval_to_json(&c->stale[i]));
    return o;
}

cr_status reg_json_write(cJSON *doc, bool formatted, FILE *out, cr_error *err)
{
    char *text = doc ? (formatted ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc)) : NULL;
    cJSON_Delete(doc);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return CR_OK;
}
