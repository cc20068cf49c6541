/*
 * reg_json.c -- JSON forms of runs, approvals and changes (for export,
 * history, diff and the fleet summary).  Field names follow the columns of
 * the schema, so that a reader of one can read the other.
 */
#include <math.h>

#include "register/reg_internal.h"
#include "register/reg_json.h"
#include "simulate/simulate_iface.h"
#include "util/json_build.h"

/* The one loss-summary shape (loss_summary.h): the figures the register
 * does not keep are null. */
cJSON *reg_loss_to_json(cr_jb *b, const cr_reg_loss *l)
{
    if (l->years == 0)
        return cr_jb_null_value(b);
    return cr_loss_summary_jb(b, NULL, l);
}

static cJSON *risk_to_json(cr_jb *b, const cr_reg_risk *r)
{
    cJSON *o = cr_jb_object(b);
    cr_jb_str(b, o, "risk_id", r->risk_id);
    cJSON *in = cr_jb_add_object(b, o, "inherent");
    cr_jb_num(b, in, "impact", r->inherent_impact);
    cr_jb_num(b, in, "likelihood", r->inherent_likelihood);
    cr_jb_str(b, in, "level", r->inherent_level);
    cr_jb_num(b, in, "rank", r->inherent_rank);
    cr_jb_put(b, in, "loss", reg_loss_to_json(b, &r->inherent_loss));
    cJSON *res = cr_jb_add_object(b, o, "residual");
    cr_jb_num(b, res, "impact", r->residual_impact);
    cr_jb_num(b, res, "likelihood", r->residual_likelihood);
    cr_jb_str(b, res, "level", r->residual_level);
    cr_jb_num(b, res, "rank", r->residual_rank);
    cr_jb_put(b, res, "loss", reg_loss_to_json(b, &r->residual_loss));
    if (r->target_level || r->target_loss.years > 0) {
        cJSON *t = cr_jb_add_object(b, o, "target");
        cr_jb_str(b, t, "level", r->target_level);
        if (r->target_level)
            cr_jb_num(b, t, "rank", r->target_rank);
        cr_jb_put(b, t, "loss", reg_loss_to_json(b, &r->target_loss));
    } else {
        cr_jb_null(b, o, "target");
    }
    cr_jb_str(b, o, "treatment", r->treatment);
    cr_jb_str(b, o, "treatment_reason", r->treatment_reason);
    return o;
}

cJSON *reg_gap_to_json(cr_jb *b, const cr_reg_gap *g)
{
    cJSON *o = cr_jb_object(b);
    cr_jb_str(b, o, "risk_id", g->risk_id);
    cr_jb_str(b, o, "control_id", g->control_id);
    return o;
}

static cJSON *plan_item_to_json(cr_jb *b, const cr_reg_plan_item *p)
{
    cJSON *o = cr_jb_object(b);
    cr_jb_str(b, o, "control_id", p->control_id);
    cr_jb_str(b, o, "risks", p->risks);
    cr_jb_str(b, o, "option", p->option);
    cr_jb_num(b, o, "priority", p->priority);
    cr_jb_str(b, o, "owner", p->owner);
    cr_jb_num(b, o, "cost_once", p->cost_once);
    cr_jb_num(b, o, "cost_annual", p->cost_annual);
    cr_jb_str(b, o, "due", p->due);
    if (isnan(p->loss_reduction))
        cr_jb_null(b, o, "loss_reduction");
    else
        cr_jb_num(b, o, "loss_reduction", p->loss_reduction);
    return o;
}

cJSON *reg_run_to_json(cr_jb *b, const cr_reg_run *run, bool whole)
{
    char seed[24];
    reg_seed_text(run->seed, seed);
    cJSON *o = cr_jb_object(b);
    cr_jb_num(b, o, "run_id", (double)run->id);
    cr_jb_str(b, o, "run_key", run->run_key);
    cr_jb_num(b, o, "seq", (double)run->seq);
    cr_jb_str(b, o, "service_id", run->service_id);
    cr_jb_str(b, o, "service_name", run->service_name);
    cr_jb_str(b, o, "owner", run->owner);
    cr_jb_str(b, o, "source", run->source);
    cr_jb_str(b, o, "run_time", run->run_time);
    cr_jb_str(b, o, "inputs_sha256", run->inputs_sha256);
    cr_jb_str(b, o, "model_version", run->model_version);
    cr_jb_str(b, o, "criteria_version", run->criteria_version);
    /* A seed is a 64-bit unsigned integer: as a string, since JSON readers
     * commonly hold numbers in doubles (53 bits). */
    cr_jb_str(b, o, "seed", seed);
    cr_jb_num(b, o, "trials", (double)run->trials);
    if (run->precision > 0) {
        /* Precision mode: the trials above are those it took. */
        cr_jb_num(b, o, "precision", run->precision);
        cr_jb_num(b, o, "max_trials", (double)run->max_trials);
    }
    cr_jb_str(b, o, "currency", run->currency);
    cr_jb_str(b, o, "assessor", run->assessor);
    cr_jb_str(b, o, "sheet_sha256", run->sheet_sha256[0] ? run->sheet_sha256 : NULL);
    char due[11];
    cr_reg_run_review_due(run, due);
    cr_jb_str(b, o, "review_due", due[0] ? due : NULL);
    cJSON *totals = cr_jb_add_object(b, o, "loss");
    cr_jb_put(b, totals, "inherent", reg_loss_to_json(b, &run->inherent_total));
    cr_jb_put(b, totals, "residual", reg_loss_to_json(b, &run->residual_total));
    cr_jb_put(b, totals, "target", reg_loss_to_json(b, &run->target_total));
    if (!whole)
        return o;
    cJSON *risks = cr_jb_add_array(b, o, "risks");
    for (size_t i = 0; i < run->n_risks; i++)
        cr_jb_push(b, risks, risk_to_json(b, &run->risks[i]));
    cJSON *gaps = cr_jb_add_array(b, o, "gaps");
    for (size_t i = 0; i < run->n_gaps; i++)
        cr_jb_push(b, gaps, reg_gap_to_json(b, &run->gaps[i]));
    cJSON *plan = cr_jb_add_array(b, o, "plan");
    for (size_t i = 0; i < run->n_plan_items; i++)
        cr_jb_push(b, plan, plan_item_to_json(b, &run->plan_items[i]));
    return o;
}

/* The decision object (plan.h), as every JSON export shows it. */
cJSON *reg_approval_to_json(cr_jb *b, const cr_reg_approval *a)
{
    cJSON *o = cr_jb_object(b);
    cr_jb_num(b, o, "decision_id", (double)a->id);
    cr_jb_num(b, o, "run_id", (double)a->run_id);
    cr_jb_str(b, o, "service_id", a->service_id);
    cr_jb_str(b, o, "subject_kind", cr_subject_kind_name(a->subject_kind));
    cr_jb_str(b, o, "subject", a->subject);
    cr_jb_str(b, o, "decision", a->decision);
    cr_jb_str(b, o, "by", a->approver);
    cr_jb_str(b, o, "date", a->decided_on);
    cr_jb_str(b, o, "minutes", a->minutes);
    cr_jb_str(b, o, "conditions", a->conditions);
    cr_jb_str(b, o, "accepted_until", a->accepted_until);
    cr_jb_str(b, o, "note", a->note);
    cr_jb_str(b, o, "status", cr_decision_status_name(a->status));
    cJSON *st = cr_jb_add_object(b, o, "signed_state");
    const cr_signed_state *s = &a->signed_state;
    cr_jb_str(b, st, "state", cr_signed_basis_name(s->basis));
    cr_jb_str(b, st, "level", s->level_id[0] ? s->level_id : NULL);
    cr_jb_num(b, st, "expected_loss", s->expected_loss);
    cr_jb_num(b, st, "p95", s->p95);
    cr_jb_str(b, st, "items_sha256", s->items_sha256[0] ? s->items_sha256 : NULL);
    cr_jb_str(b, st, "sheet_sha256", s->sheet_sha256[0] ? s->sheet_sha256 : NULL);
    if (a->superseded_by)
        cr_jb_num(b, o, "superseded_by", (double)a->superseded_by);
    else
        cr_jb_null(b, o, "superseded_by");
    if (a->stale_run_id)
        cr_jb_num(b, o, "stale_since_run", (double)a->stale_run_id);
    else
        cr_jb_null(b, o, "stale_since_run");
    cr_jb_str(b, o, "stale_reason", a->stale_reason);
    cr_jb_str(b, o, "source", a->source);
    return o;
}

cJSON *reg_change_to_json(cr_jb *b, const cr_reg_change *c)
{
    cJSON *o = cr_jb_object(b);
    if (c->run_a)
        cr_jb_num(b, o, "run_a", (double)c->run_a);
    else
        cr_jb_null(b, o, "run_a");
    cr_jb_num(b, o, "run_b", (double)c->run_b);
    cr_jb_bool(b, o, "inputs_changed", c->inputs_changed);
    cr_jb_bool(b, o, "model_changed", c->model_changed);
    cr_jb_bool(b, o, "criteria_changed", c->criteria_changed);
    cr_jb_bool(b, o, "seed_or_trials_changed", c->config_changed);
    cr_jb_bool(b, o, "currency_changed", c->currency_changed);
    cr_jb_str(b, o, "currency", c->currency[0] ? c->currency : NULL);
    cJSON *risks = cr_jb_add_array(b, o, "risk_changes");
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        cJSON *x = cr_jb_object(b);
        cr_jb_str(b, x, "risk_id", r->risk_id);
        cr_jb_str(b, x, "inherent_from", r->inherent_from);
        cr_jb_str(b, x, "inherent_to", r->inherent_to);
        cr_jb_str(b, x, "residual_from", r->residual_from);
        cr_jb_str(b, x, "residual_to", r->residual_to);
        if (r->has_loss) {
            cr_jb_num(b, x, "loss_delta", r->loss_delta);
            cr_jb_num(b, x, "noise", r->noise);
            cr_jb_bool(b, x, "loss_significant", r->loss_significant);
        }
        cr_jb_push(b, risks, x);
    }
    cJSON *opened = cr_jb_add_array(b, o, "gaps_opened");
    for (size_t i = 0; i < c->n_opened; i++)
        cr_jb_push(b, opened, reg_gap_to_json(b, &c->opened[i]));
    cJSON *closed = cr_jb_add_array(b, o, "gaps_closed");
    for (size_t i = 0; i < c->n_closed; i++)
        cr_jb_push(b, closed, reg_gap_to_json(b, &c->closed[i]));
    if (c->has_loss) {
        cJSON *l = cr_jb_add_object(b, o, "residual_loss_change");
        cr_jb_num(b, l, "delta", c->loss_delta);
        cr_jb_num(b, l, "noise", c->noise);
        cr_jb_bool(b, l, "significant", c->loss_significant);
    } else {
        cr_jb_null(b, o, "residual_loss_change");
    }
    cJSON *stale = cr_jb_add_array(b, o, "stale_approvals");
    for (size_t i = 0; i < c->n_stale; i++)
        cr_jb_push(b, stale, reg_approval_to_json(b, &c->stale[i]));
    return o;
}

cr_status reg_json_write(cr_jb *b, cJSON *doc, bool formatted, FILE *out, cr_error *err)
{
    if (cr_jb_finish(b, &doc, err) != CR_OK)
        return err->status;
    char *text = formatted ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return CR_OK;
}
