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

/* Adders that tolerate NULL strings and NAN numbers (both become null). */
static void add_str(cJSON *obj, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_num(cJSON *obj, const char *key, double value)
{
    if (isfinite(value))
        cJSON_AddNumberToObject(obj, key, value);
    else
        cJSON_AddNullToObject(obj, key);
}

static void add_date(cJSON *obj, const char *key, cr_date d)
{
    char buf[11];
    cr_date_format(d, buf);
    add_str(obj, key, cr_date_is_set(d) ? buf : NULL);
}

static void add_sentence(cJSON *obj, const char *key, cr_strbuf *sb)
{
    add_str(obj, key, sb->data ? sb->data : "");
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

static cJSON *cell_json(const cr_plan *plan, cr_plan_cell c)
{
    cJSON *o = cJSON_CreateObject();
    if (c.level < 0) {
        cJSON_AddNullToObject(o, "impact");
        cJSON_AddNullToObject(o, "likelihood");
    } else {
        cJSON_AddNumberToObject(o, "impact", c.impact);
        cJSON_AddNumberToObject(o, "likelihood", c.likelihood);
    }
    add_str(o, "level", level_id(plan, c.level));
    return o;
}

static cJSON *decision_json(const cr_decision *d)
{
    if (d->kind == CR_DECISION_NONE)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    add_str(o, "decision", cr_decision_name(d->kind));
    add_str(o, "by", d->by);
    add_date(o, "date", d->date);
    add_str(o, "note", d->note);
    cJSON_AddBoolToObject(o, "stale", d->stale);
    add_str(o, "source", d->source);
    return o;
}

static cJSON *dist_json(const cr_plan *plan, const cr_plan_distribution *d)
{
    if (!d->present)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    add_num(o, "mean", d->mean);
    add_num(o, "mean_se", d->se);
    add_num(o, "p50", d->p50);
    add_num(o, "p90", d->p90);
    add_num(o, "p95", d->p95);
    add_num(o, "p99", d->p99);
    add_num(o, "var95", d->var95);
    add_num(o, "es95", d->es95);
    add_num(o, "var99", d->var99);
    add_num(o, "es99", d->es99);
    add_num(o, "p_exceed_appetite", d->p_exceed_appetite);
    cJSON *lec = cJSON_AddArrayToObject(o, "lec");
    for (size_t k = 0; k < d->n_lec; k++) {
        cJSON *pt = cJSON_CreateObject();
        add_num(pt, "loss", d->lec[k].loss);
        add_num(pt, "exceedance", d->lec[k].prob);
        cJSON_AddItemToArray(lec, pt);
    }
    cJSON *per = cJSON_AddObjectToObject(o, "risk_mean");
    for (size_t r = 0; r < plan->n_risks && d->risk_mean; r++)
        add_num(per, plan->risks[r].id, d->risk_mean[r]);
    return o;
}

static cJSON *ids_of_risks(const cr_plan *plan, const size_t *risks, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < n; k++)
        cJSON_AddItemToArray(a, cJSON_CreateString(plan->risks[risks[k]].id));
    return a;
}

static cJSON *ids_of_gaps(const cr_plan *plan, const size_t *gaps, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < n; k++)
        cJSON_AddItemToArray(a, cJSON_CreateString(plan->gaps[gaps[k]].control_id));
    return a;
}

static void add_identity(cJSON *root, const cr_plan *plan, cr_report_lang lang)
{
    add_str(root, "format", "cloudrisk-plan/1");
    add_str(root, "lang", lang == CR_LANG_JA ? "ja" : "en");
    cJSON *svc = cJSON_AddObjectToObject(root, "service");
    add_str(svc, "id", plan->service_id);
    add_str(svc, "name", plan->service_name);
    add_str(svc, "owner", plan->service_owner);
    cJSON *model = cJSON_AddObjectToObject(root, "model");
    add_str(model, "name", plan->model_name);
    add_str(model, "version", plan->model_version);
    add_str(root, "inputs_sha256", plan->input_sha256);
    add_str(root, "catalog_source_sha256", plan->catalog_sha256);
    /* As a string, like the simulation's outputs: 64-bit seeds do not all fit
     * a JSON number exactly. */
    char seed[24];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)plan->seed);
    add_str(root, "seed", seed);
    cJSON_AddNumberToObject(root, "trials", (double)plan->trials);
    add_str(root, "currency", plan->currency);
    add_date(root, "start_date", plan->start);
    add_date(root, "as_of", plan->as_of);
    add_str(root, "start_date_source", plan->start_from_clock ? "clock" : "given");

    cJSON *crit = cJSON_AddObjectToObject(root, "criteria");
    cJSON *levels = cJSON_AddArrayToObject(crit, "levels");
    for (size_t i = 0; i < plan->n_levels; i++) {
        cJSON *l = cJSON_CreateObject();
        add_str(l, "id", plan->level_id ? plan->level_id[i] : NULL);
        add_str(l, "en", plan->level_en ? plan->level_en[i] : NULL);
        add_str(l, "ja", plan->level_ja ? plan->level_ja[i] : NULL);
        cJSON_AddItemToArray(levels, l);
    }
    add_str(crit, "acceptable_level", level_id(plan, plan->acceptable_level));
    add_num(crit, "appetite_annual_loss", plan->appetite);
    add_str(crit, "approver", plan->criteria_approver);
    add_str(crit, "approval_date", plan->criteria_date);
    add_str(crit, "minutes", plan->criteria_minutes);

    cJSON *budget = cJSON_AddObjectToObject(root, "budget");
    add_num(budget, "one_off", plan->budget.has_one_off ? plan->budget.one_off : NAN);
    add_num(budget, "annual", plan->budget.has_annual ? plan->budget.annual : NAN);
    add_num(root, "amortisation_years", plan->amortisation_years);
}

static void add_selection(cJSON *root, const cr_plan *plan, cr_report_lang lang,
                          cr_strbuf *sb)
{
    const cr_plan_selection *s = &plan->selection;
    cJSON *sel = cJSON_AddObjectToObject(root, "selection");
    add_str(sel, "method", cr_select_method_name(s->method));
    cJSON_AddNumberToObject(sel, "candidates", (double)s->n_candidates);
    cJSON_AddNumberToObject(sel, "exact_threshold", (double)s->exact_threshold);
    add_num(sel, "reduction", s->reduction);
    add_num(sel, "upper_bound", s->upper_bound);
    add_num(sel, "guarantee", s->guarantee);
    cJSON_AddBoolToObject(sel, "diminishing_returns", s->diminishing_returns);
    cJSON_AddNumberToObject(sel, "nodes", (double)s->nodes);
    cJSON_AddNumberToObject(sel, "evaluations", (double)s->evaluations);
    add_num(sel, "min_rosi", isnan(s->min_rosi) ? NAN : s->min_rosi / 100.0);
    cJSON_AddNumberToObject(sel, "below_rosi_floor", (double)s->n_below_rosi_floor);
    cJSON_AddNumberToObject(sel, "rosi_dropped", (double)s->n_rosi_dropped);
    report_method(sb, plan, lang);
    add_sentence(sel, "explanation", sb);

    cJSON *tot = cJSON_AddObjectToObject(root, "totals");
    add_num(tot, "one_off", plan->total_one_off);
    add_num(tot, "annual", plan->total_annual);
    add_num(tot, "effort_days", plan->total_effort_days);
    add_num(tot, "ale_residual", plan->ale_residual);
    add_num(tot, "ale_target", plan->ale_target);
    add_num(tot, "rosi", plan->rosi);
}

static void add_risks(cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *risks = cJSON_AddArrayToObject(root, "risks");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "id", risk->id);
        add_str(o, "name_en", risk->name_en);
        add_str(o, "name_ja", risk->name_ja);
        cJSON_AddItemToObject(o, "inherent", cell_json(plan, risk->inherent));
        cJSON_AddItemToObject(o, "residual", cell_json(plan, risk->residual));
        cJSON_AddItemToObject(o, "target", cell_json(plan, risk->target));
        add_num(o, "ale_inherent", risk->ale_inherent);
        add_num(o, "ale_residual", risk->ale_residual);
        add_num(o, "ale_target", risk->ale_target);
        cJSON_AddBoolToObject(o, "above_acceptable", risk->needs_treatment);
        cJSON_AddBoolToObject(o, "target_above_acceptable", risk->target_above);
        add_str(o, "option", cr_treatment_name(risk->option));
        add_str(o, "reason_code", cr_plan_reason_name(risk->reason));
        if (risk->contested)
            add_str(o, "contested", risk->contested);
        report_reason(sb, plan, risk, lang);
        add_sentence(o, "reason", sb);
        if (risk->reason == CR_REASON_DECIDED) {
            cJSON *d = cJSON_AddObjectToObject(o, "recorded_decision");
            add_str(d, "reason", risk->decision_reason);
            add_str(d, "by", risk->decided_by);
            add_date(d, "date", risk->decided_on);
            if (risk->option == CR_TREAT_TRANSFER) {
                add_num(d, "cover", risk->transfer_cover);
                add_num(d, "limit_per_year", risk->transfer_cover);
                add_num(d, "limit_per_event", risk->transfer_limit_event);
                add_num(d, "retention", risk->transfer_retention);
                add_num(d, "premium", risk->transfer_premium);
                add_str(d, "party", risk->transfer_party);
                add_num(d, "expected_retained_loss", risk->ale_retained);
            }
        }
        cJSON *alts = cJSON_AddArrayToObject(o, "alternatives");
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            cJSON *x = cJSON_CreateObject();
            add_str(x, "option", cr_treatment_name(alt->option));
            cJSON_AddBoolToObject(x, "chosen", alt->chosen);
            add_str(x, "note_code", cr_alt_note_name(alt->note));
            add_str(x, "note", report_alt_note_text(alt->note, lang));
            if (alt->option == CR_TREAT_REDUCE)
                cJSON_AddNumberToObject(x, "controls", (double)alt->n_controls);
            add_num(x, "one_off", alt->one_off);
            add_num(x, "annual", alt->annual);
            add_num(x, "ale_after", alt->ale_after);
            add_str(x, "level_after", alt->option == CR_TREAT_AVOID
                                          ? NULL
                                          : level_id(plan, alt->level_after));
            cJSON_AddItemToArray(alts, x);
        }
        cJSON_AddItemToObject(o, "gap", ids_of_gaps(plan, risk->gap, risk->n_gap));
        cJSON *items = cJSON_AddArrayToObject(o, "items");
        for (size_t k = 0; k < risk->n_items; k++)
            cJSON_AddItemToArray(
                items,
                cJSON_CreateString(plan->gaps[plan->items[risk->items[k]].gap].control_id));
        cJSON_AddItemToArray(risks, o);
    }
}

static cJSON *details_json(const cr_plan_gap *g)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t d = 0; d < g->n_details; d++) {
        cJSON *x = cJSON_CreateObject();
        add_str(x, "id", g->details[d].id);
        add_str(x, "text_ja", g->details[d].text_ja);
        cJSON_AddItemToArray(a, x);
    }
    return a;
}

static void add_items(cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    for (size_t t = 0; t < plan->n_items; t++) {
        const cr_plan_item *it = &plan->items[t];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "number", (double)(t + 1));
        add_str(o, "control", g->control_id);
        add_str(o, "title_en", g->title_en);
        add_str(o, "title_ja", g->title_ja);
        cJSON_AddItemToObject(o, "details", details_json(g));
        cJSON_AddItemToObject(o, "risks", ids_of_risks(plan, it->risks, it->n_risks));
        add_str(o, "option", cr_treatment_name(CR_TREAT_REDUCE));
        report_item_reason(sb, plan, it, lang);
        add_sentence(o, "reason", sb);
        cJSON_AddNumberToObject(o, "priority", it->priority);
        add_str(o, "owner", it->owner);
        add_num(o, "one_off", it->one_off);
        add_num(o, "annual", it->annual);
        add_num(o, "effort_days", it->effort_days);
        add_str(o, "cost_class", g->cost_class);
        add_date(o, "start", it->start);
        add_date(o, "due", it->due);
        cJSON_AddBoolToObject(o, "past_due", it->past_due);
        cJSON_AddBoolToObject(o, "needed_for_acceptable",
                              plan->gaps[it->gap].needed_for_acceptable);
        add_num(o, "ale_reduction", it->ale_reduction);
        add_num(o, "rosi", it->rosi);
        add_num(o, "ale_after", it->ale_after);
        cJSON_AddItemToObject(o, "decision", decision_json(&it->decision));
        cJSON_AddItemToArray(items, o);
    }
}

static void add_gaps(cJSON *root, const cr_plan *plan)
{
    cJSON *gaps = cJSON_AddArrayToObject(root, "gaps");
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "control", g->control_id);
        add_str(o, "title_en", g->title_en);
        add_str(o, "title_ja", g->title_ja);
        add_str(o, "status", g->status);
        cJSON_AddItemToObject(o, "required_by", ids_of_risks(plan, g->risks, g->n_risks));
        add_num(o, "one_off", g->one_off);
        add_num(o, "annual", g->annual);
        add_num(o, "effort_days", g->effort_days);
        add_str(o, "cost_class", g->cost_class);
        add_num(o, "ale_reduction_alone", g->ale_reduction_alone);
        cJSON_AddBoolToObject(o, "candidate", g->candidate);
        cJSON_AddBoolToObject(o, "below_rosi_floor", g->below_rosi_floor);
        cJSON_AddBoolToObject(o, "in_plan", g->selected);
        cJSON_AddItemToObject(o, "details", details_json(g));
        cJSON_AddItemToArray(gaps, o);
    }
}

static void add_approval(cJSON *root, const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb)
{
    cJSON *sheet = cJSON_AddObjectToObject(root, "approval_sheet");
    cJSON *list = cJSON_AddArrayToObject(sheet, "residual_risks");
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_residual *res = &plan->residuals[k];
        const cr_plan_risk *risk = &plan->risks[res->risk];
        cJSON *o = cJSON_CreateObject();
        add_str(o, "risk", risk->id);
        add_str(o, "level_after_plan", level_id(plan, risk->target.level));
        add_num(o, "ale_after_plan", risk->ale_target);
        add_str(o, "option", cr_treatment_name(risk->option));
        add_str(o, "cause", cr_residual_cause_name(res->cause));
        add_str(o, "why", report_cause_text(res->cause, lang));
        cJSON_AddBoolToObject(o, "treatable", res->treatable);
        cJSON_AddItemToObject(o, "further_controls", ids_of_gaps(plan, res->extra, res->n_extra));
        add_num(o, "further_one_off", res->extra_one_off);
        add_num(o, "further_annual", res->extra_annual);
        add_date(o, "treatable_by", res->treatable_by);
        add_date(o, "review_by", res->review_by);
        report_treatable(sb, plan, res, lang);
        add_sentence(o, "when_treatable", sb);
        cJSON_AddItemToObject(o, "decision", decision_json(&res->decision));
        cJSON_AddItemToArray(list, o);
    }
    cJSON_AddItemToObject(sheet, "plan_decision", decision_json(&plan->plan_decision));
    cJSON *former = cJSON_AddArrayToObject(sheet, "former_decisions");
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        cJSON *f = decision_json(&plan->former_decisions[k].decision);
        add_str(f, "id", plan->former_decisions[k].id);
        cJSON_AddItemToArray(former, f);
    }
    add_str(sheet, "decisions_file", plan->decisions_file);
    add_str(sheet, "decisions_sha256", plan->decisions_sha256);
}

cr_status report_render_json(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err)
{
    cJSON *root = cJSON_CreateObject();
    cr_strbuf tmp;
    cr_strbuf_init(&tmp);
    if (!root)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    add_identity(root, plan, lang);
    add_selection(root, plan, lang, &tmp);
    add_risks(root, plan, lang, &tmp);
    add_items(root, plan, lang, &tmp);
    add_gaps(root, plan);
    add_approval(root, plan, lang, &tmp);
    cJSON *sim = cJSON_AddObjectToObject(root, "simulation");
    static const char *const names[CR_SCENARIO_COUNT] = {"inherent", "residual", "target"};
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        cJSON_AddItemToObject(sim, names[s], dist_json(plan, &plan->dist[s]));
    if (plan->target_gross.present) {
        cJSON_AddItemToObject(sim, "target_gross", dist_json(plan, &plan->target_gross));
        add_num(sim, "premium_total", plan->premium_total);
    }
    report_json_drivers(root, plan);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    bool failed = tmp.failed;
    cr_strbuf_free(&tmp);
    if (!text || failed) {
        free(text);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    cr_strbuf_puts(sb, text);
    cr_strbuf_puts(sb, "\n");
    free(text);
    return CR_OK;
}
