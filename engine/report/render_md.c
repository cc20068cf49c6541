/*
 * render_md.c -- the report as Markdown (GitHub-flavoured tables), for wikis
 * and review in a repository.  Input text is escaped so that it can neither
 * break a table nor turn into markup or HTML.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/labels.h"
#include "report/report_internal.h"

/* Input text, escaped: the one Markdown escaping (util/text.h). */
static void md(cr_strbuf *sb, const char *s)
{
    cr_strbuf_md_escaped(sb, s);
}

static void label(cr_strbuf *sb, report_label l, cr_report_lang lang)
{
    md(sb, report_label_text(l, lang));
}

/* A sentence built by the labels module, escaped. */
typedef struct scratch {
    cr_strbuf text;
} scratch;

static void emit(cr_strbuf *sb, scratch *t)
{
    md(sb, t->text.len ? t->text.data : "");
    t->text.len = 0;
}

static void money(cr_strbuf *sb, scratch *t, const cr_plan *plan, double v, cr_report_lang lang)
{
    report_money(&t->text, v, plan->currency, lang);
    emit(sb, t);
}

static void count_above(const cr_plan *plan, size_t *now, size_t *after)
{
    *now = *after = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        *now += plan->risks[r].needs_treatment;
        *after += plan->risks[r].target_above;
    }
}

static void header(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "# ");
    label(sb, RL_TITLE, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    md(sb, plan->service_name);
    cr_strbuf_puts(sb, "\n\n");
    label(sb, RL_STANDARD, lang);
    cr_strbuf_puts(sb, "\n\n");
    cr_strbuf_puts(sb, "| | |\n|---|---|\n| ");
    label(sb, RL_SERVICE_ID, lang);
    cr_strbuf_puts(sb, " | ");
    md(sb, plan->service_id);
    cr_strbuf_puts(sb, " |\n| ");
    label(sb, RL_OWNER, lang);
    cr_strbuf_puts(sb, " | ");
    md(sb, plan->service_owner);
    cr_strbuf_puts(sb, " |\n| ");
    label(sb, RL_PLAN_START, lang);
    cr_strbuf_puts(sb, " | ");
    report_date_in(&t->text, plan->start, lang);
    emit(sb, t);
    if (plan->start_from_clock) {
        cr_strbuf_puts(sb, report_open_paren(lang));
        label(sb, RL_START_FROM_CLOCK, lang);
        cr_strbuf_puts(sb, report_close_paren(lang));
    }
    cr_strbuf_puts(sb, " |\n| ");
    label(sb, RL_MODEL, lang);
    cr_strbuf_puts(sb, " | ");
    md(sb, report_model_name(plan, lang));
    cr_strbuf_puts(sb, " ");
    md(sb, plan->model_version);
    cr_strbuf_puts(sb, " |\n| ");
    label(sb, RL_INPUTS, lang);
    cr_strbuf_puts(sb, " | `");
    cr_strbuf_puts(sb, plan->input_sha256 ? plan->input_sha256 : "");
    cr_strbuf_puts(sb, "` |\n| ");
    label(sb, RL_SEED, lang);
    cr_strbuf_printf(sb, " | %llu |\n| ", (unsigned long long)plan->seed);
    label(sb, RL_TRIALS, lang);
    cr_strbuf_printf(sb, " | %llu |\n\n", plan->trials);
}

static void summary(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    size_t now, after;
    count_above(plan, &now, &after);
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_SUMMARY, lang);
    /* What the decision paper opens with: the decision asked, by when the
     * plan completes and who answers for it, and what refusing it leaves. */
    cr_strbuf_puts(sb, "\n\n**");
    label(sb, RL_ASKED, lang);
    cr_strbuf_puts(sb, "**");
    cr_strbuf_puts(sb, report_colon(lang));
    report_decision_asked(&t->text, plan, lang);
    emit(sb, t);
    cr_strbuf_puts(sb, "\n\n- ");
    label(sb, RL_COMPLETION, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    report_date_in(&t->text, report_completion_date(plan), lang);
    emit(sb, t);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_ACCOUNTABLE, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    md(sb, plan->service_owner && *plan->service_owner ? plan->service_owner : "–");
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_IF_REFUSED, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    report_if_refused(&t->text, plan, lang);
    emit(sb, t);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_ALE_NOW, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    money(sb, t, plan, plan->ale_residual, lang);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_ALE_AFTER, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_PLAN_COST, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    money(sb, t, plan, plan->total_one_off, lang);
    cr_strbuf_puts(sb, report_comma(lang));
    label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    money(sb, t, plan, plan->total_annual, lang);
    cr_strbuf_puts(sb, report_comma(lang));
    label(sb, RL_EFFORT, lang);
    cr_strbuf_printf(sb, " %.0f ", plan->total_effort_days);
    label(sb, RL_PERSON_DAYS, lang);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_ROSI, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    report_percent(&t->text, plan->rosi, 0);
    emit(sb, t);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_RISKS_ABOVE, lang);
    cr_strbuf_printf(sb, "%s%zu%s", report_colon(lang), now, report_open_paren(lang));
    label(sb, RL_NOW, lang);
    cr_strbuf_printf(sb, "%s → %zu%s", report_close_paren(lang), after, report_open_paren(lang));
    label(sb, RL_AFTER_PLAN, lang);
    cr_strbuf_puts(sb, report_close_paren(lang));
    cr_strbuf_puts(sb, "\n");
    if (plan->dist[CR_SCENARIO_RESIDUAL].present && plan->dist[CR_SCENARIO_TARGET].present &&
        !isnan(plan->appetite)) {
        cr_strbuf_puts(sb, "- ");
        label(sb, RL_P_EXCEED, lang);
        cr_strbuf_puts(sb, report_open_paren(lang));
        money(sb, t, plan, plan->appetite, lang);
        cr_strbuf_puts(sb, report_close_paren(lang));
        cr_strbuf_puts(sb, report_colon(lang));
        report_percent(&t->text, plan->dist[CR_SCENARIO_RESIDUAL].p_exceed_appetite, 1);
        emit(sb, t);
        cr_strbuf_puts(sb, " → ");
        report_percent(&t->text, plan->dist[CR_SCENARIO_TARGET].p_exceed_appetite, 1);
        emit(sb, t);
        cr_strbuf_puts(sb, "\n");
    }
    if (plan->premium_total > 0) {
        cr_strbuf_puts(sb, "- ");
        label(sb, RL_PREMIUM, lang);
        cr_strbuf_puts(sb, report_colon(lang));
        money(sb, t, plan, plan->premium_total, lang);
        label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, "\n");
    }
    cr_strbuf_puts(sb, "- ");
    label(sb, RL_BUDGET, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_one_off)
        money(sb, t, plan, plan->budget.one_off, lang);
    else
        label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, report_comma(lang));
    label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_annual)
        money(sb, t, plan, plan->budget.annual, lang);
    else
        label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_METHOD, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    report_method(&t->text, plan, lang);
    emit(sb, t);
    cr_strbuf_puts(sb, "\n\n");
}

static void heatmap(cr_strbuf *sb, const cr_plan *plan, int scenario, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "### ");
    md(sb, report_scenario_name(scenario, lang));
    cr_strbuf_puts(sb, "\n\n| ");
    label(sb, RL_IMPACT, lang);
    cr_strbuf_puts(sb, " \\\\ ");
    label(sb, RL_LIKELIHOOD, lang);
    cr_strbuf_puts(sb, " | 1 | 2 | 3 | 4 | 5 |\n|---|---|---|---|---|---|\n");
    for (int impact = 5; impact >= 1; impact--) {
        cr_strbuf_printf(sb, "| **%d** |", impact);
        for (int like = 1; like <= 5; like++) {
            cr_strbuf_puts(sb, " ");
            md(sb, report_level_text(plan, plan->matrix[impact - 1][like - 1], lang));
            size_t shown = 0;
            for (size_t r = 0; r < plan->n_risks; r++) {
                const cr_plan_risk *risk = &plan->risks[r];
                cr_plan_cell c = scenario == CR_SCENARIO_INHERENT   ? risk->inherent
                                 : scenario == CR_SCENARIO_RESIDUAL ? risk->residual
                                                                    : risk->target;
                if (c.level < 0 || c.impact != impact || c.likelihood != like)
                    continue;
                cr_strbuf_puts(sb, shown++ ? report_comma(lang) : report_colon(lang));
                md(sb, risk->id);
            }
            cr_strbuf_puts(sb, " |");
        }
        cr_strbuf_puts(sb, "\n");
    }
    cr_strbuf_puts(sb, "\n");
}

static void simulation(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_LEC, lang);
    cr_strbuf_puts(sb, "\n\n");
    bool any = false;
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        any = any || plan->dist[s].present;
    if (!any) {
        label(sb, RL_NO_SIMULATION, lang);
        cr_strbuf_puts(sb, "\n\n");
        return;
    }
    static const report_label cols[] = {RL_MEAN, RL_SE, RL_P50, RL_P90, RL_VAR95,
                                        RL_ES95, RL_VAR99, RL_ES99, RL_P_EXCEED};
    cr_strbuf_puts(sb, "| ");
    label(sb, RL_SCENARIO, lang);
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        cr_strbuf_puts(sb, " | ");
        label(sb, cols[c], lang);
    }
    cr_strbuf_puts(sb, " |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < REPORT_CURVES; s++) {
        const cr_plan_distribution *d = report_distribution(plan, s);
        if (!d->present)
            continue;
        cr_strbuf_puts(sb, "| ");
        md(sb, report_scenario_name(s, lang));
        const double v[] = {d->mean, d->se, d->p50, d->p90, d->var95, d->es95, d->var99, d->es99};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            cr_strbuf_puts(sb, " | ");
            money(sb, t, plan, v[k], lang);
        }
        cr_strbuf_puts(sb, " | ");
        report_percent(&t->text, d->p_exceed_appetite, 1);
        emit(sb, t);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
}

static void risks(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_RISKS, lang);
    cr_strbuf_puts(sb, "\n\n| ");
    label(sb, RL_RISK, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_INHERENT, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_RESIDUAL, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_TARGET, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_ALE_SHORT, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_OPTION, lang);
    cr_strbuf_puts(sb, " | ");
    label(sb, RL_REASON, lang);
    cr_strbuf_puts(sb, " |\n|---|---|---|---|---:|---|---|\n");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cr_strbuf_puts(sb, "| ");
        md(sb, risk->id);
        cr_strbuf_puts(sb, " ");
        md(sb, report_risk_name(risk, lang));
        cr_strbuf_puts(sb, " | ");
        md(sb, report_level_text(plan, risk->inherent.level, lang));
        cr_strbuf_puts(sb, " | ");
        md(sb, report_level_text(plan, risk->residual.level, lang));
        cr_strbuf_puts(sb, " | ");
        md(sb, report_level_text(plan, risk->target.level, lang));
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, risk->ale_residual, lang);
        cr_strbuf_puts(sb, " → ");
        money(sb, t, plan, risk->ale_target, lang);
        cr_strbuf_puts(sb, " | ");
        md(sb, report_option_text(risk->option, lang));
        cr_strbuf_puts(sb, " | ");
        report_reason(&t->text, plan, risk, lang);
        emit(sb, t);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n### ");
    label(sb, RL_ALTERNATIVES, lang);
    cr_strbuf_puts(sb, "\n\n");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        if (risk->n_alternatives == 0)
            continue;
        cr_strbuf_puts(sb, "- **");
        md(sb, risk->id);
        cr_strbuf_puts(sb, "** ");
        md(sb, report_risk_name(risk, lang));
        cr_strbuf_puts(sb, "\n");
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            cr_strbuf_puts(sb, alt->chosen ? "  - **" : "  - ");
            md(sb, report_option_text(alt->option, lang));
            cr_strbuf_puts(sb, alt->chosen ? "**" : "");
            cr_strbuf_puts(sb, report_colon(lang));
            md(sb, report_alt_note_text(alt->note, lang));
            if (!isnan(alt->ale_after)) {
                cr_strbuf_puts(sb, lang == CR_LANG_JA ? "。" : "; ");
                label(sb, RL_ALE_SHORT, lang);
                cr_strbuf_puts(sb, " ");
                money(sb, t, plan, alt->ale_after, lang);
            }
            if (alt->level_after >= 0 || alt->option == CR_TREAT_AVOID) {
                cr_strbuf_puts(sb, report_comma(lang));
                md(sb, report_level_text(plan, alt->level_after, lang));
            }
            if (!isnan(alt->one_off) && (alt->one_off > 0 || alt->annual > 0)) {
                cr_strbuf_puts(sb, lang == CR_LANG_JA ? "。" : "; ");
                label(sb, RL_ONE_OFF, lang);
                cr_strbuf_puts(sb, " ");
                money(sb, t, plan, alt->one_off, lang);
                cr_strbuf_puts(sb, report_comma(lang));
                label(sb, RL_ANNUAL, lang);
                cr_strbuf_puts(sb, " ");
                money(sb, t, plan, alt->annual, lang);
            }
            cr_strbuf_puts(sb, "\n");
        }
    }
    cr_strbuf_puts(sb, "\n");
}

static void decision_cell(cr_strbuf *sb, const cr_decision *d, cr_report_lang lang)
{
    md(sb, report_decision_text(d->kind, lang));
    if (d->kind == CR_DECISION_NONE)
        return;
    cr_strbuf_puts(sb, report_open_paren(lang));
    md(sb, d->by);
    cr_strbuf_puts(sb, report_comma(lang));
    char buf[REPORT_DATE_BUF];
    cr_strbuf_puts(sb, report_date_text(buf, d->date, lang));
    cr_strbuf_puts(sb, report_close_paren(lang));
    if (d->note && *d->note) {
        cr_strbuf_puts(sb, report_colon(lang));
        md(sb, d->note);
    }
    if (d->stale) {
        cr_strbuf_puts(sb, " **");
        label(sb, RL_STALE, lang);
        cr_strbuf_puts(sb, "**");
    }
}

static void items(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_PLAN, lang);
    cr_strbuf_puts(sb, "\n\n");
    label(sb, RL_PLAN_NOTE, lang);
    cr_strbuf_puts(sb, "\n\n");
    if (plan->n_items == 0) {
        label(sb, RL_NO_ITEMS, lang);
        cr_strbuf_puts(sb, "\n\n");
        return;
    }
    static const report_label cols[] = {RL_ITEM_NO,   RL_CONTROL,     RL_RISKS_TREATED,
                                        RL_PRIORITY,  RL_OWNER,       RL_START,
                                        RL_DUE,       RL_ONE_OFF,     RL_ANNUAL,
                                        RL_EFFORT,    RL_LOSS_REDUCTION, RL_ROSI,
                                        RL_LOSS_AFTER, RL_DECISION};
    cr_strbuf_puts(sb, "|");
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        cr_strbuf_puts(sb, " ");
        label(sb, cols[c], lang);
        cr_strbuf_puts(sb, " |");
    }
    cr_strbuf_puts(sb, "\n|---:|---|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (size_t i = 0; i < plan->n_items; i++) {
        const cr_plan_item *it = &plan->items[i];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        cr_strbuf_printf(sb, "| %zu | ", i + 1);
        md(sb, g->control_id);
        cr_strbuf_puts(sb, " ");
        bool english;
        md(sb, report_control_short_title(g, lang, &english));
        cr_strbuf_puts(sb, " | ");
        for (size_t k = 0; k < it->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, report_comma(lang));
            md(sb, plan->risks[it->risks[k]].id);
        }
        cr_strbuf_printf(sb, " | %d | ", it->priority);
        md(sb, it->owner ? it->owner : "–");
        cr_strbuf_puts(sb, " | ");
        report_date_in(&t->text, it->start, lang);
        emit(sb, t);
        cr_strbuf_puts(sb, " | ");
        report_date_in(&t->text, it->due, lang);
        emit(sb, t);
        if (it->past_due) {
            cr_strbuf_puts(sb, " **");
            label(sb, RL_PAST_DUE, lang);
            cr_strbuf_puts(sb, "**");
        }
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, it->one_off, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, it->annual, lang);
        cr_strbuf_printf(sb, " | %.0f | ", it->effort_days);
        money(sb, t, plan, it->ale_reduction, lang);
        cr_strbuf_puts(sb, " | ");
        report_percent(&t->text, it->rosi, 0);
        emit(sb, t);
        if (plan->gaps[it->gap].needed_for_acceptable) {
            cr_strbuf_puts(sb, " (");
            label(sb, RL_NEEDED_FOR_ACCEPTABLE, lang);
            cr_strbuf_puts(sb, ")");
        }
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, it->ale_after, lang);
        cr_strbuf_puts(sb, " | ");
        decision_cell(sb, &it->decision, lang);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
}

static void gaps(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_ANNEX, lang);
    cr_strbuf_puts(sb, "\n\n");
    label(sb, RL_GAPS_NOTE, lang);
    cr_strbuf_puts(sb, "\n\n");
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cr_strbuf_puts(sb, "### ");
        md(sb, g->control_id);
        cr_strbuf_puts(sb, " ");
        md(sb, report_control_title(g, lang));
        cr_strbuf_puts(sb, "\n\n");
        label(sb, RL_STATUS, lang);
        cr_strbuf_puts(sb, report_colon(lang));
        md(sb, report_status_text(g->status, lang));
        cr_strbuf_puts(sb, " · ");
        label(sb, RL_REQUIRED_BY, lang);
        cr_strbuf_puts(sb, report_colon(lang));
        for (size_t k = 0; k < g->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, report_comma(lang));
            md(sb, plan->risks[g->risks[k]].id);
        }
        cr_strbuf_puts(sb, " · ");
        if (g->selected)
            cr_strbuf_printf(sb, "%s #%ld", report_label_text(RL_IN_PLAN, lang), g->item + 1);
        else
            label(sb, RL_NOT_IN_PLAN, lang);
        cr_strbuf_puts(sb, " · ");
        label(sb, RL_COST_CLASS, lang);
        cr_strbuf_puts(sb, " ");
        md(sb, report_cost_class_text(g->cost_class, lang));
        cr_strbuf_puts(sb, report_open_paren(lang));
        money(sb, t, plan, g->one_off, lang);
        cr_strbuf_puts(sb, " + ");
        money(sb, t, plan, g->annual, lang);
        label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, report_close_paren(lang));
        cr_strbuf_puts(sb, "\n\n");
        for (size_t d = 0; d < g->n_details; d++) {
            cr_strbuf_puts(sb, "- ");
            md(sb, g->details[d].id);
            cr_strbuf_puts(sb, " ");
            md(sb, g->details[d].text_ja);
            cr_strbuf_puts(sb, "\n");
        }
        cr_strbuf_puts(sb, "\n");
    }
}

static void approval(cr_strbuf *sb, scratch *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_APPROVAL, lang);
    cr_strbuf_puts(sb, "\n\n");
    label(sb, RL_APPROVAL_NOTE, lang);
    cr_strbuf_puts(sb, "\n\n");
    if (plan->n_residuals == 0) {
        label(sb, RL_NONE_ABOVE, lang);
        cr_strbuf_puts(sb, "\n\n");
    } else {
        cr_strbuf_puts(sb, "| ");
        label(sb, RL_RISK, lang);
        cr_strbuf_puts(sb, " | ");
        label(sb, RL_LEVEL, lang);
        cr_strbuf_puts(sb, " | ");
        label(sb, RL_CAUSE, lang);
        cr_strbuf_puts(sb, " | ");
        label(sb, RL_WHEN_TREATABLE, lang);
        cr_strbuf_puts(sb, " | ");
        label(sb, RL_DECISION, lang);
        cr_strbuf_puts(sb, " |\n|---|---|---|---|---|\n");
        for (size_t k = 0; k < plan->n_residuals; k++) {
            const cr_plan_residual *res = &plan->residuals[k];
            const cr_plan_risk *risk = &plan->risks[res->risk];
            cr_strbuf_puts(sb, "| ");
            md(sb, risk->id);
            cr_strbuf_puts(sb, " ");
            md(sb, report_risk_name(risk, lang));
            cr_strbuf_puts(sb, " | ");
            md(sb, report_level_text(plan, risk->target.level, lang));
            cr_strbuf_puts(sb, report_open_paren(lang));
            money(sb, t, plan, risk->ale_target, lang);
            label(sb, RL_PER_YEAR, lang);
            cr_strbuf_puts(sb, report_close_paren(lang));
            cr_strbuf_puts(sb, " | ");
            md(sb, report_cause_text(res->cause, lang));
            if (res->cause == CR_RESIDUAL_ACCEPTED || res->cause == CR_RESIDUAL_TRANSFERRED) {
                cr_strbuf_puts(sb, " ");
                report_reason(&t->text, plan, risk, lang);
                emit(sb, t);
            }
            cr_strbuf_puts(sb, " | ");
            report_treatable(&t->text, plan, res, lang);
            emit(sb, t);
            cr_strbuf_puts(sb, " | ");
            decision_cell(sb, &res->decision, lang);
            cr_strbuf_puts(sb, " |\n");
        }
        cr_strbuf_puts(sb, "\n");
    }
    cr_strbuf_puts(sb, "**");
    label(sb, RL_WHOLE_PLAN, lang);
    cr_strbuf_puts(sb, "**: ");
    decision_cell(sb, &plan->plan_decision, lang);
    cr_strbuf_puts(sb, "\n\n");
    if (plan->n_former_decisions) {
        label(sb, RL_FORMER_DECISIONS, lang);
        cr_strbuf_puts(sb, ":\n\n");
        for (size_t k = 0; k < plan->n_former_decisions; k++) {
            cr_strbuf_puts(sb, "- ");
            md(sb, plan->former_decisions[k].id);
            cr_strbuf_puts(sb, report_colon(lang));
            /* History, not a decision to take again: no "approve again". */
            cr_decision shown = plan->former_decisions[k].decision;
            shown.stale = false;
            decision_cell(sb, &shown, lang);
            cr_strbuf_puts(sb, "\n");
        }
        cr_strbuf_puts(sb, "\n");
    }
    const report_label fields[] = {RL_APPROVER, RL_TITLE_ROLE, RL_DECISION, RL_DATE,
                                   RL_SIGNATURE};
    const cr_decision *pd = &plan->plan_decision;
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        cr_strbuf_puts(sb, "- ");
        label(sb, fields[f], lang);
        if (pd->kind != CR_DECISION_NONE &&
            (fields[f] == RL_APPROVER || fields[f] == RL_DECISION || fields[f] == RL_DATE)) {
            /* Signed already: the recorded decision, not blanks. */
            cr_strbuf_puts(sb, report_colon(lang));
            if (fields[f] == RL_APPROVER) {
                md(sb, pd->by);
            } else if (fields[f] == RL_DATE) {
                report_date_in(&t->text, pd->date, lang);
                emit(sb, t);
            } else {
                md(sb, report_decision_text(pd->kind, lang));
            }
            cr_strbuf_puts(sb, "\n");
        } else if (fields[f] == RL_DECISION) {
            cr_strbuf_puts(sb, report_colon(lang));
            cr_strbuf_puts(sb, "☐ ");
            label(sb, RL_DECISION_APPROVED, lang);
            cr_strbuf_puts(sb, " ☐ ");
            label(sb, RL_DECISION_REJECTED, lang);
            cr_strbuf_puts(sb, " ☐ ");
            label(sb, RL_DECISION_CHANGED, lang);
            cr_strbuf_puts(sb, "\n");
        } else {
            cr_strbuf_puts(sb, report_colon(lang));
            cr_strbuf_puts(sb, "______________________\n");
        }
    }
    cr_strbuf_puts(sb, "\n### ");
    label(sb, RL_STATE, lang);
    cr_strbuf_puts(sb, "\n\n- ");
    label(sb, RL_MODEL, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    md(sb, report_model_name(plan, lang));
    cr_strbuf_puts(sb, " ");
    md(sb, plan->model_version);
    cr_strbuf_puts(sb, "\n- ");
    label(sb, RL_INPUTS, lang);
    cr_strbuf_printf(sb, "%s`%s`\n- ", report_colon(lang),
                     plan->input_sha256 ? plan->input_sha256 : "");
    label(sb, RL_CATALOG, lang);
    cr_strbuf_printf(sb, "%s`%s`\n- ", report_colon(lang),
                     plan->catalog_sha256 ? plan->catalog_sha256 : "");
    label(sb, RL_SEED, lang);
    cr_strbuf_printf(sb, "%s%llu%s", report_colon(lang), (unsigned long long)plan->seed,
                     report_comma(lang));
    label(sb, RL_TRIALS, lang);
    cr_strbuf_printf(sb, "%s%llu\n- ", report_colon(lang), plan->trials);
    label(sb, RL_ALE_NOW, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    money(sb, t, plan, plan->ale_residual, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "。" : "; ");
    label(sb, RL_ALE_AFTER, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "\n");
    if (plan->decisions_file) {
        cr_strbuf_puts(sb, "- ");
        label(sb, RL_DECIDED_FROM, lang);
        cr_strbuf_puts(sb, report_colon(lang));
        md(sb, plan->decisions_file);
        cr_strbuf_printf(sb, " (`%s`)\n", plan->decisions_sha256 ? plan->decisions_sha256 : "");
    }
    cr_strbuf_puts(sb, "\n");
}

cr_status report_render_md(const cr_plan *plan, const cr_report_options *opt, cr_strbuf *sb,
                           cr_error *err)
{
    (void)err;
    cr_report_lang lang = opt->lang;
    scratch t;
    cr_strbuf_init(&t.text);
    header(sb, &t, plan, lang);
    summary(sb, &t, plan, lang);
    cr_strbuf_puts(sb, "## ");
    label(sb, RL_HEATMAPS, lang);
    cr_strbuf_puts(sb, "\n\n");
    label(sb, RL_HEATMAP_NOTE, lang);
    cr_strbuf_puts(sb, "\n\n");
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        heatmap(sb, plan, s, lang);
    simulation(sb, &t, plan, lang);
    risks(sb, &t, plan, lang);
    items(sb, &t, plan, lang);
    approval(sb, &t, plan, lang);
    /* The gap list in the standard's wording closes the report, as its annex. */
    if (opt->annex)
        gaps(sb, &t, plan, lang);
    if (t.text.failed)
        sb->failed = true;
    cr_strbuf_free(&t.text);
    return CR_OK;
}
