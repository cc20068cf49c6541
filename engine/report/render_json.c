/*
 * render_json.c -- the whole plan as JSON ("cloudrisk-plan/1"), every figure
 * at full precision, names in both languages, and the explanations in the
 * chosen language.  Amounts that cannot be quantified are null.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "report/labels.h"
#include "report/drivers.h"
#include "report/report_internal.h"
#include "simulate/simulate_iface.h"
#include "util/json_build.h"

static void add_date(cr_jb *b, cJSON *obj, const char *key, cr_date d)
{
    char buf[11];
    cr_date_format(d, buf);
    cr_jb_str(b, obj, key, cr_date_is_set(d) ? buf : NULL);
}

static void add_sentence(cr_jb *b, cJSON *obj, const char *key, cr_strbuf *sb)
{
    cr_jb_str(b, obj, key, sb->data ? sb->data : "");
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static const char *level_id(const cr_plan *plan, int level)
{
    if (level < 0)
        return NULL;
    return (size_t)level < plan->n_levels && plan->level_id ? plan->level_id[level] : NULL;
}

static cJSON *cell_json(cr_jb *b, const cr_plan *plan, cr_plan_cell c)
{
    cJSON *o = cr_jb_object(b);
    if (c.level < 0) {
        cr_jb_null(b, o, "impact");
        cr_jb_null(b, o, "likelihood");
    } else {
        cr_jb_num(b, o, "impact", c.impact);
        cr_jb_num(b, o, "likelihood", c.likelihood);
    }
    cr_jb_str(b, o, "level", level_id(plan, c.level));
    return o;
}

static cJSON *decision_json(cr_jb *b, const cr_decision *d)
{
    if (d->kind == CR_DECISION_NONE)
        return cr_jb_null_value(b);
    cJSON *o = cr_jb_object(b);
    cr_jb_str(b, o, "decision", cr_decision_name(d->kind));
    cr_jb_str(b, o, "by", d->by);
    add_date(b, o, "date", d->date);
    cr_jb_str(b, o, "note", d->note);
    cr_jb_bool(b, o, "stale", d->stale);
    cr_jb_str(b, o, "source", d->source);
    return o;
}

/* A scenario's simulated total: the one loss-summary shape, then the
 * mean per risk. */
static cJSON *dist_json(cr_jb *b, const cr_plan *plan, const cr_plan_distribution *d)
{
    if (d->summary.years == 0)
        return cr_jb_null_value(b);
    cJSON *o = cr_loss_summary_jb(b, NULL, &d->summary);
    cJSON *per = cr_jb_add_object(b, o, "risk_mean");
    for (size_t r = 0; r < plan->n_risks && d->risk_mean; r++)
        cr_jb_num(b, per, plan->risks[r].id, d->risk_mean[r]);
    return o;
}

static cJSON *ids_of_risks(cr_jb *b, const cr_plan *plan, const size_t *risks, size_t n)
{
    cJSON *a = cr_jb_array(b);
    for (size_t k = 0; k < n; k++)
        cr_jb_push(b, a, cr_jb_string(b, plan->risks[risks[k]].id));
    return a;
}

static cJSON *ids_of_gaps(cr_jb *b, const cr_plan *plan, const size_t *gaps, size_t n)
{
    cJSON *a = cr_jb_array(b);
    for (size_t k = 0; k < n; k++)
        cr_jb_push(b, a, cr_jb_string(b, plan->gaps[gaps[k]].control_id));
    return a;
}

static void add_identity(cr_jb *b, cJSON *root, const cr_plan *plan, cr_report_lang lang)
{
    cr_jb_str(b, root, "format", "cloudrisk-plan/1");
    cr_jb_str(b, root, "lang", lang == CR_LANG_JA ? "ja" : "en");
    cJSON *svc = cr_jb_add_object(b, root, "service");
    cr_jb_str(b, svc, "id", plan->service_id);
    cr_jb_str(b, svc, "name", plan->service_name);
    cr_jb_str(b, svc, "owner", plan->service_owner);
    cJSON *model = cr_jb_add_object(b, root, "model");
    cr_jb_str(b, model, "name", plan->model_name);
    cr_jb_str(b, model, "version", plan->model_version);
    cr_jb_str(b, root, "inputs_sha256", plan->input_sha256);
    cr_jb_str(b, root, "catalog_source_sha256", plan->catalog_sha256);
    /* As a string, like the simulation's outputs: 64-bit seeds do not all fit
     * a JSON number exactly. */
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)plan->seed);
    cr_jb_str(b, root, "seed", seed);
    cr_jb_num(b, root, "trials", (double)plan->trials);
    cr_jb_str(b, root, "currency", plan->currency);
    add_date(b, root, "start_date", plan->start);
    add_date(b, root, "as_of", plan->as_of);
    cr_jb_str(b, root, "start_date_source", plan->start_from_clock ? "clock" : "given");

    cJSON *crit = cr_jb_add_object(b, root, "criteria");
    cJSON *levels = cr_jb_add_array(b, crit, "levels");
    for (size_t i = 0; i < plan->n_levels; i++) {
        cJSON *l = cr_jb_object(b);
        cr_jb_str(b, l, "id", plan->level_id ? plan->level_id[i] : NULL);
        cr_jb_str(b, l, "en", plan->level_en ? plan->level_en[i] : NULL);
        cr_jb_str(b, l, "ja", plan->level_ja ? plan->level_ja[i] : NULL);
        cr_jb_push(b, levels, l);
    }
    cr_jb_str(b, crit, "acceptable_level", level_id(plan, plan->acceptable_level));
    cr_jb_num(b, crit, "appetite_annual_loss", plan->appetite);
    cr_jb_str(b, crit, "approver", plan->criteria_approver);
    cr_jb_str(b, crit, "approval_date", plan->criteria_date);
    cr_jb_str(b, crit, "minutes", plan->criteria_minutes);

    cJSON *budget = cr_jb_add_object(b, root, "budget");
    cr_jb_num(b, budget, "one_off", plan->budget.has_one_off ? plan->budget.one_off : NAN);
    cr_jb_num(b, budget, "annual", plan->budget.has_annual ? plan->budget.annual : NAN);
    cr_jb_num(b, root, "amortisation_years", plan->amortisation_years);
}

static void add_selection(cr_jb *b, cJSON *root, const cr_plan *plan, cr_report_lang lang,
                          cr_strbuf *sb)
{
    const cr_plan_selection *s = &plan->selection;
    cJSON *sel = cr_jb_add_object(b, root, "selection");
    cr_jb_str(b, sel, "method", cr_select_method_name(s->method));
    cr_jb_num(b, sel, "candidates", (double)s->n_candidates);
    cr_jb_num(b, sel, "exact_threshold", (double)s->exact_threshold);
    cr_jb_num(b, sel, "reduction", s->reduction);
    cr_jb_num(b, sel, "upper_bound", s->upper_bound);
    cr_jb_num(b, sel, "guarantee", s->guarantee);
    cr_jb_bool(b, sel, "diminishing_returns", s->diminishing_returns);
    cr_jb_num(b, sel, "nodes", (double)s->nodes);
    cr_jb_num(b, sel, "evaluations", (double)s->evaluations);
    cr_jb_num(b, sel, "min_rosi", isnan(s->min_rosi) ? NAN : s->min_rosi / 100.0);
    cr_jb_num(b, sel, "below_rosi_floor", (double)s->n_below_rosi_floor);
    cr_jb_num(b, sel, "rosi_dropped", (double)s->n_rosi_dropped);
    report_method(sb, plan, lang);
    add_sentence(b, sel, "explanation", sb);

    cJSON *tot = cr_jb_add_object(b, root, "totals");
    cr_jb_num(b, tot, "one_off", plan->total_one_off);
    cr_jb_num(b, tot, "annual", plan->total_annual);
    cr_jb_num(b, tot, "effort_days", plan->total_effort_days);
    cr_jb_num(b, tot, "ale_residual", plan->ale_residual);
    cr_jb_num(b, tot, "ale_target", plan->ale_target);
    cr_jb_num(b, tot, "rosi", plan->rosi);
    cr_jb_num(b, tot, "rosi_reduction", plan->rosi_reduction);
    cr_jb_num(b, tot, "ale_inherent", plan->ale_inherent);
    if (!isnan(plan->plausible_lower) && !isnan(plan->plausible_upper)) {
        cJSON *range = cr_jb_add_object(b, tot, "plausible_inherent");
        cr_jb_num(b, range, "lower", plan->plausible_lower);
        cr_jb_num(b, range, "upper", plan->plausible_upper);
        cr_jb_bool(b, range, "within", plan->ale_inherent >= plan->plausible_lower &&
                                           plan->ale_inherent <= plan->plausible_upper);
    }
}

static void add_risks(cr_jb *b, cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *risks = cr_jb_add_array(b, root, "risks");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "id", risk->id);
        cr_jb_str(b, o, "name_en", risk->name_en);
        cr_jb_str(b, o, "name_ja", risk->name_ja);
        cr_jb_put(b, o, "inherent", cell_json(b, plan, risk->inherent));
        cr_jb_put(b, o, "residual", cell_json(b, plan, risk->residual));
        cr_jb_put(b, o, "target", cell_json(b, plan, risk->target));
        cr_jb_num(b, o, "ale_inherent", risk->ale_inherent);
        cr_jb_num(b, o, "ale_residual", risk->ale_residual);
        cr_jb_num(b, o, "ale_target", risk->ale_target);
        cr_jb_bool(b, o, "above_acceptable", risk->needs_treatment);
        cr_jb_bool(b, o, "target_above_acceptable", risk->target_above);
        cr_jb_str(b, o, "option", cr_treatment_name(risk->option));
        cr_jb_str(b, o, "reason_code", cr_plan_reason_name(risk->reason));
        if (risk->contested)
            cr_jb_str(b, o, "contested", risk->contested);
        report_reason(sb, plan, risk, lang);
        add_sentence(b, o, "reason", sb);
        if (risk->reason == CR_REASON_DECIDED) {
            cJSON *d = cr_jb_add_object(b, o, "recorded_decision");
            cr_jb_str(b, d, "reason", risk->decision_reason);
            cr_jb_str(b, d, "by", risk->decided_by);
            add_date(b, d, "date", risk->decided_on);
            if (risk->option == CR_TREAT_TRANSFER) {
                cr_jb_num(b, d, "cover", risk->transfer_cover);
                cr_jb_num(b, d, "limit_per_year", risk->transfer_cover);
                cr_jb_num(b, d, "limit_per_event", risk->transfer_limit_event);
                cr_jb_num(b, d, "retention", risk->transfer_retention);
                cr_jb_num(b, d, "premium", risk->transfer_premium);
                cr_jb_str(b, d, "party", risk->transfer_party);
                cr_jb_num(b, d, "expected_retained_loss", risk->ale_retained);
            }
        }
        cJSON *alts = cr_jb_add_array(b, o, "alternatives");
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            cJSON *x = cr_jb_object(b);
            cr_jb_str(b, x, "option", cr_treatment_name(alt->option));
            cr_jb_bool(b, x, "chosen", alt->chosen);
            cr_jb_str(b, x, "note_code", cr_alt_note_name(alt->note));
            cr_jb_str(b, x, "note", report_alt_note_text(alt->note, lang));
            if (alt->option == CR_TREAT_REDUCE)
                cr_jb_num(b, x, "controls", (double)alt->n_controls);
            cr_jb_num(b, x, "one_off", alt->one_off);
            cr_jb_num(b, x, "annual", alt->annual);
            cr_jb_num(b, x, "ale_after", alt->ale_after);
            cr_jb_str(b, x, "level_after", alt->option == CR_TREAT_AVOID
                                          ? NULL
                                          : level_id(plan, alt->level_after));
            cr_jb_push(b, alts, x);
        }
        cr_jb_put(b, o, "gap", ids_of_gaps(b, plan, risk->gap, risk->n_gap));
        cJSON *items = cr_jb_add_array(b, o, "items");
        for (size_t k = 0; k < risk->n_items; k++)
            cr_jb_push(b, 
                items,
                cr_jb_string(b, plan->gaps[plan->items[risk->items[k]].gap].control_id));
        cr_jb_push(b, risks, o);
    }
}

static cJSON *details_json(cr_jb *b, const cr_plan_gap *g)
{
    cJSON *a = cr_jb_array(b);
    for (size_t d = 0; d < g->n_details; d++) {
        cJSON *x = cr_jb_object(b);
        cr_jb_str(b, x, "id", g->details[d].id);
        cr_jb_str(b, x, "text_ja", g->details[d].text_ja);
        cr_jb_push(b, a, x);
    }
    return a;
}

static void add_items(cr_jb *b, cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *items = cr_jb_add_array(b, root, "items");
    for (size_t t = 0; t < plan->n_items; t++) {
        const cr_plan_item *it = &plan->items[t];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        cJSON *o = cr_jb_object(b);
        cr_jb_num(b, o, "number", (double)(t + 1));
        cr_jb_str(b, o, "control", g->control_id);
        cr_jb_str(b, o, "title_en", g->title_en);
        cr_jb_str(b, o, "title_ja", g->title_ja);
        cr_jb_put(b, o, "details", details_json(b, g));
        cr_jb_put(b, o, "risks", ids_of_risks(b, plan, it->risks, it->n_risks));
        cr_jb_str(b, o, "option", cr_treatment_name(CR_TREAT_REDUCE));
        report_item_reason(sb, plan, it, lang);
        add_sentence(b, o, "reason", sb);
        cr_jb_num(b, o, "priority", it->priority);
        cr_jb_str(b, o, "owner", it->owner);
        cr_jb_num(b, o, "one_off", it->one_off);
        cr_jb_num(b, o, "annual", it->annual);
        cr_jb_num(b, o, "effort_days", it->effort_days);
        cr_jb_str(b, o, "cost_class", g->cost_class);
        add_date(b, o, "start", it->start);
        add_date(b, o, "due", it->due);
        cr_jb_bool(b, o, "past_due", it->past_due);
        cr_jb_bool(b, o, "needed_for_acceptable",
                              plan->gaps[it->gap].needed_for_acceptable);
        cr_jb_num(b, o, "ale_reduction", it->ale_reduction);
        cr_jb_num(b, o, "rosi", it->rosi);
        cr_jb_num(b, o, "ale_after", it->ale_after);
        cr_jb_put(b, o, "decision", decision_json(b, &it->decision));
        cr_jb_push(b, items, o);
    }
}

static void add_gaps(cr_jb *b, cJSON *root, const cr_plan *plan)
{
    cJSON *gaps = cr_jb_add_array(b, root, "gaps");
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "control", g->control_id);
        cr_jb_str(b, o, "title_en", g->title_en);
        cr_jb_str(b, o, "title_ja", g->title_ja);
        cr_jb_str(b, o, "status", g->status);
        cr_jb_put(b, o, "required_by", ids_of_risks(b, plan, g->risks, g->n_risks));
        cr_jb_num(b, o, "one_off", g->one_off);
        cr_jb_num(b, o, "annual", g->annual);
        cr_jb_num(b, o, "effort_days", g->effort_days);
        cr_jb_str(b, o, "cost_class", g->cost_class);
        cr_jb_num(b, o, "ale_reduction_alone", g->ale_reduction_alone);
        cr_jb_bool(b, o, "candidate", g->candidate);
        cr_jb_bool(b, o, "below_rosi_floor", g->below_rosi_floor);
        cr_jb_bool(b, o, "in_plan", g->selected);
        cr_jb_put(b, o, "details", details_json(b, g));
        cr_jb_push(b, gaps, o);
    }
}

static void add_approval(cr_jb *b, cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *sheet = cr_jb_add_object(b, root, "approval_sheet");
    cJSON *list = cr_jb_add_array(b, sheet, "residual_risks");
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_residual *res = &plan->residuals[k];
        const cr_plan_risk *risk = &plan->risks[res->risk];
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "risk", risk->id);
        cr_jb_str(b, o, "level_after_plan", level_id(plan, risk->target.level));
        cr_jb_num(b, o, "ale_after_plan", risk->ale_target);
        cr_jb_str(b, o, "option", cr_treatment_name(risk->option));
        cr_jb_str(b, o, "cause", cr_residual_cause_name(res->cause));
        cr_jb_str(b, o, "why", report_cause_text(res->cause, lang));
        cr_jb_bool(b, o, "treatable", res->treatable);
        cr_jb_put(b, o, "further_controls", ids_of_gaps(b, plan, res->extra, res->n_extra));
        cr_jb_num(b, o, "further_one_off", res->extra_one_off);
        cr_jb_num(b, o, "further_annual", res->extra_annual);
        add_date(b, o, "treatable_by", res->treatable_by);
        add_date(b, o, "review_by", res->review_by);
        report_treatable(sb, plan, res, lang);
        add_sentence(b, o, "when_treatable", sb);
        cr_jb_put(b, o, "decision", decision_json(b, &res->decision));
        cr_jb_push(b, list, o);
    }
    cr_jb_put(b, sheet, "plan_decision", decision_json(b, &plan->plan_decision));
    cJSON *former = cr_jb_add_array(b, sheet, "former_decisions");
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        cJSON *f = decision_json(b, &plan->former_decisions[k].decision);
        cr_jb_str(b, f, "id", plan->former_decisions[k].id);
        cr_jb_push(b, former, f);
    }
    cr_jb_str(b, sheet, "decisions_file", plan->decisions_file);
    cr_jb_str(b, sheet, "decisions_sha256", plan->decisions_sha256);
}

cr_status report_render_json(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err)
{
    cr_jb jb = {0}, *b = &jb;
    cJSON *root = cr_jb_object(b);
    cr_strbuf tmp;
    cr_strbuf_init(&tmp);
    add_identity(b, root, plan, lang);
    add_selection(b, root, plan, lang, &tmp);
    add_risks(b, root, plan, lang, &tmp);
    add_items(b, root, plan, lang, &tmp);
    add_gaps(b, root, plan);
    add_approval(b, root, plan, lang, &tmp);
    cJSON *sim = cr_jb_add_object(b, root, "simulation");
    if (plan->precision.target > 0.0)
        cr_sim_precision_jb(b, sim, &plan->precision);
    static const char *const names[CR_SCENARIO_COUNT] = {"inherent", "residual", "target"};
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        cr_jb_put(b, sim, names[s], dist_json(b, plan, &plan->dist[s]));
    if (plan->target_gross.summary.years > 0) {
        cr_jb_put(b, sim, "target_gross", dist_json(b, plan, &plan->target_gross));
        cr_jb_num(b, sim, "premium_total", plan->premium_total);
    }
    report_json_drivers(b, root, plan);
    if (tmp.failed)
        jb.failed = true;
    cr_strbuf_free(&tmp);
    cr_status st = cr_jb_finish(b, &root, err);
    if (st != CR_OK)
        return st;
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_strbuf_puts(sb, text);
    cr_strbuf_puts(sb, "\n");
    free(text);
    return CR_OK;
}
