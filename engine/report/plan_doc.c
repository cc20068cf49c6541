/*
 * plan_doc.c -- the plan report as one document (report/doc.h): the
 * decision paper first (what management reads), then the detail (cover,
 * summary, heat maps, loss exceedance, risks and their alternatives, the
 * plan, the approval sheet) and the annex (the gap list in the standard's
 * wording).  The HTML writer makes it one self-contained page (inline CSS
 * and SVG, no scripts, A4 print rules); the Markdown writer the same
 * content as text, the heat maps as tables.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/drivers.h"
#include "report/labels.h"
#include "report/parts.h"
#include "report/report_internal.h"

static void open_section(cr_doc *d, const char *id, const char *cls, report_label title,
                         cr_report_lang lang)
{
    doc_open(d, DOC_SECTION, id, cls);
    doc_heading(d, 2, NULL, report_label_text(title, lang));
}

/* ---- cover and summary -------------------------------------------------- */

static void cover(cr_doc *d, cr_strbuf *t, const cr_plan *plan, const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    doc_open(d, DOC_HEADER, "cover", "cover");
    doc_leaf(d, DOC_BOX, NULL, "kicker", report_label_text(RL_STANDARD, lang));
    doc_open_heading(d, 1, NULL);
    rp_label(d, RL_DETAIL, lang);
    rp_title_break(d, lang);
    doc_leaf(d, DOC_SPAN, "service-name", "service", plan->service_name);
    doc_close(d);
    doc_open(d, DOC_DEFS, NULL, "meta");
    rp_meta(d, RL_SERVICE_ID, plan->service_id, false, lang);
    rp_meta(d, RL_OWNER, plan->service_owner, false, lang);
    report_date_in(t, plan->start, lang);
    if (plan->start_from_clock) {
        cr_strbuf_puts(t, report_open_paren(lang));
        cr_strbuf_puts(t, report_label_text(RL_START_FROM_CLOCK, lang));
        cr_strbuf_puts(t, report_close_paren(lang));
    }
    rp_meta(d, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    cr_strbuf_puts(t, report_model_name(plan, lang));
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    rp_meta(d, RL_MODEL, t->data, false, lang);
    t->len = 0;
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_open(d, DOC_TERM, NULL, NULL);
    rp_label(d, RL_SEED, lang);
    doc_text(d, " / ");
    rp_label(d, RL_TRIALS, lang);
    doc_close(d);
    doc_open(d, DOC_DESC, NULL, NULL);
    doc_textf(d, "%llu / ", (unsigned long long)plan->seed);
    report_grouped(t, (double)plan->trials);
    doc_flush(d, t);
    doc_close(d);
    doc_close(d);
    rp_meta(d, RL_INPUTS, plan->input_sha256, true, lang);
    doc_close(d);
    doc_open(d, DOC_NAV, NULL, NULL);
    static const struct {
        const char *href;
        report_label l;
    } toc[] = {{"#paper", RL_PAPER_TITLE}, {"#summary", RL_SUMMARY}, {"#heatmaps", RL_HEATMAPS},
               {"#lec", RL_LEC},           {"#risks", RL_RISKS},     {"#plan", RL_PLAN},
               {"#approval", RL_APPROVAL}, {"#gaps", RL_ANNEX}};
    size_t n_toc = sizeof toc / sizeof toc[0] - (opt->annex ? 0 : 1);
    for (size_t i = 0; i < n_toc; i++) {
        doc_open_link(d, toc[i].href, NULL);
        rp_label(d, toc[i].l, lang);
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

/* A card: the figure's name, its value (left open for the caller), then
 * kpi_detail opens the line under it. */
static void kpi_begin(cr_doc *d, const char *id, report_label l, cr_report_lang lang)
{
    doc_open(d, DOC_PAIR, id, "kpi");
    doc_leaf(d, DOC_BOX, NULL, "k", report_label_text(l, lang));
    doc_open(d, DOC_BOX, NULL, "v");
}

static void kpi_detail(cr_doc *d)
{
    doc_close(d);
    doc_open(d, DOC_BOX, NULL, "s");
}

static void kpi_end(cr_doc *d)
{
    doc_close(d);
    doc_close(d);
}

static void arrow(cr_doc *d)
{
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
    doc_leaf(d, DOC_SPAN, NULL, "arrow", "→");
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
}

static void kpis(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    size_t now, after;
    rp_count_above(plan, &now, &after);
    doc_open(d, DOC_BOX, NULL, "kpis");

    kpi_begin(d, "kpi-loss", RL_ALE_AFTER, lang);
    rp_short_money(d, t, plan, plan->ale_target, lang);
    kpi_detail(d);
    rp_money(d, t, plan, plan->ale_target, lang);
    doc_break(d);
    rp_label(d, RL_NOW, lang);
    doc_text(d, " ");
    rp_money(d, t, plan, plan->ale_residual, lang);
    if (plan->ale_residual > 0) {
        doc_text(d, " ");
        doc_open(d, DOC_SPAN, NULL, "good");
        doc_text(d, lang == CR_LANG_JA ? "（−" : "(−");
        rp_percent(d, t, 1.0 - plan->ale_target / plan->ale_residual, 0);
        doc_text(d, report_close_paren(lang));
        doc_close(d);
    }
    kpi_end(d);

    kpi_begin(d, "kpi-cost", RL_PLAN_COST, lang);
    report_money_short(t, plan->total_one_off, plan->currency, lang);
    doc_flush(d, t);
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
    doc_open(d, DOC_SPAN, NULL, "v2");
    doc_text(d, "+ ");
    report_money_short(t, plan->total_annual, plan->currency, lang);
    doc_flush(d, t);
    rp_label(d, RL_PER_YEAR, lang);
    doc_close(d);
    kpi_detail(d);
    rp_label(d, RL_ONE_OFF, lang);
    doc_text(d, " ");
    rp_money(d, t, plan, plan->total_one_off, lang);
    doc_text(d, " · ");
    rp_label(d, RL_ANNUAL, lang);
    doc_text(d, " ");
    rp_money(d, t, plan, plan->total_annual, lang);
    doc_textf(d, " · %.0f ", plan->total_effort_days);
    rp_label(d, RL_PERSON_DAYS, lang);
    kpi_end(d);

    kpi_begin(d, "kpi-rosi", RL_ROSI, lang);
    rp_percent(d, t, plan->rosi, 0);
    kpi_detail(d);
    doc_textf(d, lang == CR_LANG_JA ? "%zu" : "%zu ", plan->n_items);
    rp_label(d, RL_ITEMS_COUNT, lang);
    kpi_end(d);

    kpi_begin(d, "kpi-above", RL_RISKS_ABOVE, lang);
    doc_textf(d, "%zu", now);
    arrow(d);
    doc_textf(d, "%zu", after);
    kpi_detail(d);
    rp_label(d, RL_NOW, lang);
    doc_text(d, " → ");
    rp_label(d, RL_AFTER_PLAN, lang);
    kpi_end(d);

    kpi_begin(d, "kpi-appetite", RL_P_EXCEED, lang);
    const cr_plan_distribution *res = &plan->dist[CR_SCENARIO_RESIDUAL];
    const cr_plan_distribution *tgt = &plan->dist[CR_SCENARIO_TARGET];
    if (res->summary.years > 0 && tgt->summary.years > 0 && !isnan(plan->appetite)) {
        rp_percent(d, t, res->summary.p_exceed, 1);
        arrow(d);
        rp_percent(d, t, tgt->summary.p_exceed, 1);
        kpi_detail(d);
        rp_label(d, RL_APPETITE, lang);
        doc_text(d, " ");
        rp_money(d, t, plan, plan->appetite, lang);
    } else {
        doc_text(d, "–");
        kpi_detail(d);
        rp_label(d, RL_NO_SIMULATION, lang);
    }
    kpi_end(d);
    doc_close(d);
}

static void summary(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    open_section(d, "summary", NULL, RL_SUMMARY, lang);
    kpis(d, t, plan, lang);

    /* Key points in sentences. */
    doc_open(d, DOC_LIST, NULL, "points");
    doc_open(d, DOC_ITEM, NULL, NULL);
    report_method(t, plan, lang);
    doc_flush(d, t);
    doc_close(d);
    /* The ROSI with the figures it is computed from; the inherent total
     * against the organisation's plausible range. */
    doc_open(d, DOC_ITEM, NULL, NULL);
    rp_label(d, RL_ROSI, lang);
    doc_text(d, report_colon(lang));
    report_percent(t, plan->rosi, 0);
    report_rosi_inputs(t, plan, lang);
    doc_flush(d, t);
    doc_close(d);
    doc_open(d, DOC_ITEM, NULL, NULL);
    rp_label(d, RL_ALE_INHERENT, lang);
    doc_text(d, report_colon(lang));
    report_inherent_total(t, plan, lang);
    doc_flush(d, t);
    if (plan->premium_total > 0) {
        doc_close(d);
        doc_open(d, DOC_ITEM, NULL, NULL);
        rp_label(d, RL_PREMIUM, lang);
        doc_text(d, report_colon(lang));
        rp_money(d, t, plan, plan->premium_total, lang);
        rp_label(d, RL_PER_YEAR, lang);
    }
    doc_close(d);
    doc_open(d, DOC_ITEM, NULL, NULL);
    rp_label(d, RL_BUDGET, lang);
    doc_text(d, report_colon(lang));
    rp_label(d, RL_ONE_OFF, lang);
    doc_text(d, " ");
    if (plan->budget.has_one_off)
        rp_money(d, t, plan, plan->budget.one_off, lang);
    else
        rp_label(d, RL_NO_LIMIT, lang);
    doc_text(d, report_comma(lang));
    rp_label(d, RL_ANNUAL, lang);
    doc_text(d, " ");
    if (plan->budget.has_annual)
        rp_money(d, t, plan, plan->budget.annual, lang);
    else
        rp_label(d, RL_NO_LIMIT, lang);
    doc_text(d, ja ? "。" : ". ");
    rp_label(d, RL_ROSI, lang);
    doc_text(d, ja ? "＝" : " = ");
    rp_label(d, RL_ROSI_NOTE, lang);
    doc_textf(d, ja ? "（初期費用は%.0f年で按分）。" : " (one-off cost spread over %.0f years).",
              plan->amortisation_years);
    doc_close(d);
    doc_open(d, DOC_ITEM, NULL, NULL);
    rp_label(d, RL_CRITERIA, lang);
    doc_text(d, report_colon(lang));
    rp_label(d, RL_ACCEPTABLE_LEVEL, lang);
    doc_text(d, " ");
    rp_chip(d, plan, plan->acceptable_level, lang);
    doc_text(d, report_open_paren(lang));
    doc_text(d, plan->criteria_approver);
    doc_text(d, report_comma(lang));
    /* The approval date as the reader writes it, if it is a date. */
    cr_date criteria_on = {0};
    char criteria_date[REPORT_DATE_BUF];
    if (plan->criteria_date && cr_date_parse(plan->criteria_date, &criteria_on))
        doc_text(d, report_date_text(criteria_date, criteria_on, lang));
    else
        doc_text(d, plan->criteria_date);
    doc_text(d, report_comma(lang));
    doc_text(d, plan->criteria_minutes);
    doc_text(d, report_close_paren(lang));
    doc_close(d);
    doc_open(d, DOC_ITEM, NULL, NULL);
    rp_label(d, RL_APPROVAL, lang);
    doc_text(d, report_colon(lang));
    if (plan->n_residuals == 0) {
        rp_label(d, RL_NONE_ABOVE, lang);
    } else {
        size_t decided = 0;
        for (size_t k = 0; k < plan->n_residuals; k++)
            decided += plan->residuals[k].decision.kind != CR_DECISION_NONE;
        doc_textf(d, "%zu / %zu ", decided, plan->n_residuals);
        doc_text(d, ja ? "件決定済み。" : "decided. ");
        rp_label(d, RL_WHOLE_PLAN, lang);
        doc_text(d, report_colon(lang));
        doc_text(d, report_decision_text(plan->plan_decision.kind, lang));
        doc_text(d, ja ? "。" : ".");
    }
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

/* ---- heat maps and curves ----------------------------------------------- */

static cr_plan_cell scenario_cell(const cr_plan_risk *risk, int scenario)
{
    return scenario == CR_SCENARIO_INHERENT   ? risk->inherent
           : scenario == CR_SCENARIO_RESIDUAL ? risk->residual
                                              : risk->target;
}

/* The heat map in text: impact 5..1 down, likelihood 1..5 across, each
 * cell its level and the risks in it. */
static void heatmap_table(cr_doc *d, const cr_plan *plan, int scenario, cr_report_lang lang)
{
    doc_open(d, DOC_TEXT_ONLY, NULL, NULL);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    doc_open(d, DOC_HEADCELL, NULL, NULL);
    rp_label(d, RL_IMPACT, lang);
    doc_text(d, " \\ ");
    rp_label(d, RL_LIKELIHOOD, lang);
    doc_close(d);
    for (int like = 1; like <= 5; like++) {
        doc_open(d, DOC_HEADCELL, NULL, NULL);
        doc_textf(d, "%d", like);
        doc_close(d);
    }
    doc_close(d);
    for (int impact = 5; impact >= 1; impact--) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_open(d, DOC_STRONG, NULL, NULL);
        doc_textf(d, "%d", impact);
        doc_close(d);
        doc_close(d);
        for (int like = 1; like <= 5; like++) {
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_text(d, report_level_text(plan, plan->matrix[impact - 1][like - 1], lang));
            size_t shown = 0;
            for (size_t r = 0; r < plan->n_risks; r++) {
                cr_plan_cell c = scenario_cell(&plan->risks[r], scenario);
                if (c.level < 0 || c.impact != impact || c.likelihood != like)
                    continue;
                doc_text(d, shown++ ? report_comma(lang) : report_colon(lang));
                doc_text(d, plan->risks[r].id);
            }
            doc_close(d);
        }
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

static void heatmaps(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "heatmaps", NULL, RL_HEATMAPS, lang);
    doc_leaf(d, DOC_PARA, NULL, "muted small", report_label_text(RL_HEATMAP_NOTE, lang));
    doc_open(d, DOC_BOX, NULL, "heatmaps");
    for (int s = 0; s < CR_SCENARIO_COUNT; s++) {
        size_t above = 0;
        for (size_t r = 0; r < plan->n_risks; r++)
            above += scenario_cell(&plan->risks[r], s).level > plan->acceptable_level;
        doc_open(d, DOC_FIGURE, NULL, NULL);
        doc_open(d, DOC_CAPTION, NULL, NULL);
        doc_text(d, report_scenario_name(s, lang));
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
        doc_open(d, DOC_SPAN, NULL, NULL);
        doc_textf(d, "%zu / %zu", above, plan->n_risks);
        doc_close(d);
        doc_close(d);
        chart_heatmap(t, plan, s, lang);
        doc_graphic(d, t);
        heatmap_table(d, plan, s, lang);
        doc_close(d);
    }
    doc_close(d);
    doc_open(d, DOC_BOX, NULL, "legend-levels");
    for (size_t i = 0; i < plan->n_levels; i++) {
        if (i)
            doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, report_comma(lang));
        const char *fill, *ink;
        chart_level_colors(plan, (int)i, &fill, &ink);
        doc_open(d, DOC_SPAN, NULL, NULL);
        doc_swatch(d, fill);
        doc_text(d, report_level_text(plan, (int)i, lang));
        doc_close(d);
    }
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " · ");
    doc_open(d, DOC_SPAN, NULL, "muted");
    rp_label(d, RL_ACCEPTABLE_LEVEL, lang);
    doc_text(d, report_colon(lang));
    doc_text(d, report_level_text(plan, plan->acceptable_level, lang));
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

/* What the simulated figures cannot be trusted for (loss_summary.h), scenario
 * by scenario, below the loss-exceedance table. */
static void loss_warnings(cr_doc *d, const cr_plan *plan, cr_report_lang lang)
{
    bool listed = false;
    for (int s = 0; s < REPORT_CURVES; s++) {
        const cr_plan_distribution *dist = report_distribution(plan, s);
        for (int w = 0; dist->summary.years > 0 && w < CR_LOSS_WARNINGS; w++) {
            if (!(dist->summary.warnings & (1u << w)))
                continue;
            char text[512];
            cr_loss_warning_text((cr_loss_warning)(1u << w), &dist->summary,
                                 lang == CR_LANG_JA ? "ja" : "en", text, sizeof text);
            if (!listed)
                doc_open(d, DOC_LIST, NULL, "warnings");
            listed = true;
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_text(d, report_scenario_name(s, lang));
            doc_text(d, report_colon(lang));
            doc_text(d, text);
            doc_close(d);
        }
    }
    if (listed)
        doc_close(d);
}

static void exceedance(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "lec", NULL, RL_LEC, lang);
    doc_open(d, DOC_PARA, NULL, "muted small");
    rp_label(d, RL_LEC_NOTE, lang);
    doc_text(d, " ");
    rp_label(d, RL_LEC_TABLE_NOTE, lang);
    doc_close(d);
    chart_lec(t, plan, lang);
    doc_graphic(d, t);
    bool any = false;
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        any = any || plan->dist[s].summary.years > 0;
    if (any) {
        static const report_label cols[] = {RL_MEAN, RL_SE,    RL_P50,  RL_P90,
                                            RL_VAR95, RL_ES95, RL_VAR99, RL_ES99};
        doc_open(d, DOC_TABLE, "lec-table", NULL);
        doc_open(d, DOC_HEADROW, NULL, NULL);
        rp_th(d, RL_SCENARIO, false, lang);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            rp_th(d, cols[c], true, lang);
        rp_th(d, RL_P_EXCEED, true, lang);
        doc_close(d);
        for (int s = 0; s < REPORT_CURVES; s++) {
            const cr_plan_distribution *dist = report_distribution(plan, s);
            if (dist->summary.years == 0)
                continue;
            doc_open(d, DOC_ROW, NULL, NULL);
            doc_leaf(d, DOC_CELL, NULL, NULL, report_scenario_name(s, lang));
            const cr_loss_summary *sum = &dist->summary;
            const double v[] = {sum->mean,  sum->mean_se, sum->p50,   sum->p90,
                                sum->var95, sum->es95,    sum->var99, sum->es99};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                rp_money_cell(d, t, plan, v[k], lang);
            }
            doc_open(d, DOC_CELL, NULL, "num");
            rp_percent(d, t, dist->summary.p_exceed, 1);
            doc_close(d);
            doc_close(d);
        }
        doc_close(d);
        loss_warnings(d, plan, lang);
    } else {
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, report_label_text(RL_NO_SIMULATION, lang));
    }
    doc_close(d);
}

/* ---- risks, options, alternatives --------------------------------------- */

static void alternatives(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_heading(d, 3, "alternatives", report_label_text(RL_ALTERNATIVES, lang));
    static const rp_col cols[] = {{RL_RISK, false}, {RL_OPTION, false}, {RL_LEVEL, false},
                                  {RL_ALE_SHORT, true}, {RL_ONE_OFF, true},
                                  {RL_ANNUAL, true}, {RL_NOTE, false}};
    rp_table_open(d, "alternatives-table", NULL, cols, sizeof cols / sizeof cols[0],
                  lang);
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            doc_open(d, DOC_ROW, NULL, alt->chosen ? "chosen" : NULL);
            if (a == 0) {
                doc_open(d, DOC_CELL, NULL, "risk-cell");
                doc_set_span(d, (int)risk->n_alternatives);
                doc_leaf(d, DOC_SPAN, NULL, "id", risk->id);
                doc_break(d);
                doc_leaf(d, DOC_SPAN, NULL, "small", report_risk_name(risk, lang));
                doc_close(d);
            }
            doc_open(d, DOC_CELL, NULL, "opt");
            if (alt->chosen)
                doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, "✓ ");
            doc_text(d, report_option_text(alt->option, lang));
            if (alt->option == CR_TREAT_REDUCE) {
                doc_text(d, " ");
                doc_open(d, DOC_SPAN, NULL, "muted small");
                doc_textf(d, lang == CR_LANG_JA ? "（%zu）" : "(%zu)", alt->n_controls);
                doc_close(d);
            }
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, NULL);
            if (alt->level_after >= 0 || alt->option == CR_TREAT_AVOID)
                rp_chip(d, plan, alt->level_after, lang);
            else
                doc_text(d, "–");
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, "num");
            rp_money(d, t, plan, alt->ale_after, lang);
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, "num");
            rp_money(d, t, plan, alt->one_off, lang);
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, "num");
            rp_money(d, t, plan, alt->annual, lang);
            doc_close(d);
            doc_leaf(d, DOC_CELL, NULL, "small", report_alt_note_text(alt->note, lang));
            doc_close(d);
        }
    }
    doc_close(d);
}

static void risks(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "risks", NULL, RL_RISKS, lang);
    static const rp_col cols[] = {{RL_RISK, false}, {RL_INHERENT, false},
                                  {RL_RESIDUAL, false}, {RL_TARGET, false},
                                  {RL_ALE_SHORT, true}, {RL_OPTION, false},
                                  {RL_REASON, false}};
    rp_table_open(d, "risk-table", NULL, cols, sizeof cols / sizeof cols[0], lang);
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_risk_name(d, risk, lang);
        doc_close(d);
        const int levels[] = {risk->inherent.level, risk->residual.level, risk->target.level};
        for (size_t k = 0; k < 3; k++) {
            doc_open(d, DOC_CELL, NULL, NULL);
            rp_chip(d, plan, levels[k], lang);
            doc_close(d);
        }
        doc_open(d, DOC_CELL, NULL, "num");
        rp_money(d, t, plan, risk->ale_residual, lang);
        doc_break(d);
        doc_text(d, "→ ");
        rp_money(d, t, plan, risk->ale_target, lang);
        doc_close(d);
        doc_leaf(d, DOC_CELL, NULL, "opt", report_option_text(risk->option, lang));
        doc_open(d, DOC_CELL, NULL, "small");
        report_reason(t, plan, risk, lang);
        doc_flush(d, t);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
    alternatives(d, t, plan, lang);
    doc_close(d);
}

/* ---- the plan ----------------------------------------------------------- */

static void item_row(cr_doc *d, cr_strbuf *t, const cr_plan *plan, size_t i,
                     cr_report_lang lang, bool *english)
{
    const cr_plan_item *it = &plan->items[i];
    const cr_plan_gap *g = &plan->gaps[it->gap];
    char id[32];
    snprintf(id, sizeof id, "item-%zu", i + 1);
    doc_open(d, DOC_ROW, id, NULL);
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%zu", i + 1);
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, "ctl");
    doc_leaf(d, DOC_SPAN, NULL, "id", g->control_id);
    doc_text(d, " ");
    doc_text(d, report_control_short_title(g, lang, english));
    doc_open(d, DOC_BOX, NULL, "why");
    report_item_reason(t, plan, it, lang);
    doc_flush(d, t);
    doc_text(d, " ");
    cr_strbuf_puts(t, "#gap-");
    cr_strbuf_puts(t, g->control_id);
    doc_open_link(d, t->data, NULL);
    t->len = 0;
    doc_textf(d, lang == CR_LANG_JA ? "%zu" : "%zu ", g->n_details);
    rp_label(d, RL_DETAILS_LINK, lang);
    doc_text(d, " →");
    doc_close(d);
    doc_close(d);
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, "small");
    for (size_t k = 0; k < it->n_risks; k++) {
        if (k)
            doc_text(d, report_comma(lang));
        doc_text(d, plan->risks[it->risks[k]].id);
    }
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, NULL);
    char prio[16];
    snprintf(prio, sizeof prio, "prio p%d", it->priority);
    doc_open(d, DOC_SPAN, NULL, prio);
    doc_textf(d, "P%d", it->priority);
    doc_close(d);
    doc_close(d);
    doc_leaf(d, DOC_CELL, NULL, "owner", it->owner ? it->owner : "–");
    doc_open(d, DOC_CELL, NULL, "nowrap");
    rp_date(d, t, it->start, lang);
    doc_break(d);
    doc_text(d, "→ ");
    rp_date(d, t, it->due, lang);
    if (it->past_due) {
        doc_text(d, " ");
        doc_leaf(d, DOC_STRONG, NULL, "past-due", report_label_text(RL_PAST_DUE, lang));
    }
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, "num");
    rp_money(d, t, plan, it->one_off, lang);
    doc_break(d);
    doc_text(d, "+ ");
    rp_money(d, t, plan, it->annual, lang);
    rp_label(d, RL_PER_YEAR, lang);
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%.0f", it->effort_days);
    doc_close(d);
    rp_money_cell(d, t, plan, it->ale_reduction, lang);
    doc_open(d, DOC_CELL, NULL, "num");
    rp_percent(d, t, it->rosi, 0);
    if (g->needed_for_acceptable) {
        doc_break(d);
        doc_leaf(d, DOC_SPAN, NULL, "small", report_label_text(RL_NEEDED_FOR_ACCEPTABLE, lang));
    }
    doc_close(d);
    rp_money_cell(d, t, plan, it->ale_after, lang);
    doc_open(d, DOC_CELL, NULL, "small dec");
    rp_decision(d, &it->decision, lang);
    doc_close(d);
    doc_close(d);
}

static void items(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "plan", NULL, RL_PLAN, lang);
    doc_leaf(d, DOC_PARA, NULL, "muted small", report_label_text(RL_PLAN_NOTE, lang));
    if (plan->n_items == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL, report_label_text(RL_NO_ITEMS, lang));
        doc_close(d);
        return;
    }
    bool any_english = false;
    static const rp_col cols[] = {{RL_ITEM_NO, true}, {RL_CONTROL, false},
                                  {RL_RISKS_TREATED, false}, {RL_PRIORITY, false},
                                  {RL_OWNER, false}, {RL_SCHEDULE, false}, {RL_COST, true},
                                  {RL_EFFORT, true}, {RL_LOSS_REDUCTION, true},
                                  {RL_ROSI_SHORT, true}, {RL_LOSS_AFTER, true},
                                  {RL_DECISION, false}};
    rp_table_open(d, "plan-table", NULL, cols, sizeof cols / sizeof cols[0], lang);
    for (size_t i = 0; i < plan->n_items; i++) {
        bool english = false;
        item_row(d, t, plan, i, lang, &english);
        any_english = any_english || english;
    }
    doc_close(d);
    if (any_english)
        doc_leaf(d, DOC_PARA, NULL, "note", report_label_text(RL_TITLE_NOTE_EN, lang));
    doc_close(d);
}

/* ---- the annex: the gap list ---------------------------------------------- */

static void gaps(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "gaps", NULL, RL_ANNEX, lang);
    doc_leaf(d, DOC_PARA, NULL, "muted small", report_label_text(RL_GAPS_NOTE, lang));
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cr_strbuf_puts(t, "gap-");
        cr_strbuf_puts(t, g->control_id);
        doc_open(d, DOC_BOX, t->data, "gap");
        t->len = 0;
        doc_open_heading(d, 3, NULL);
        doc_leaf(d, DOC_SPAN, NULL, "id", g->control_id);
        doc_text(d, " ");
        doc_text(d, report_control_title(g, lang));
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
        if (g->selected) {
            doc_open(d, DOC_SPAN, NULL, "tag in");
            doc_textf(d, "%s #%ld", report_label_text(RL_IN_PLAN, lang), g->item + 1);
            doc_close(d);
        } else {
            doc_leaf(d, DOC_SPAN, NULL, "tag out", report_label_text(RL_NOT_IN_PLAN, lang));
        }
        doc_close(d);
        /* The control's whole wording, as the standard states it (a
         * Japanese heading already is that wording). */
        if (lang == CR_LANG_EN && g->title_ja && *g->title_ja) {
            doc_open(d, DOC_BOX, NULL, "wording");
            doc_set_lang(d, "ja");
            doc_text(d, g->title_ja);
            doc_close(d);
        }
        doc_open(d, DOC_BOX, NULL, "facts");
        rp_label(d, RL_STATUS, lang);
        doc_text(d, report_colon(lang));
        doc_text(d, report_status_text(g->status, lang));
        doc_text(d, " · ");
        rp_label(d, RL_REQUIRED_BY, lang);
        doc_text(d, report_colon(lang));
        for (size_t k = 0; k < g->n_risks; k++) {
            if (k)
                doc_text(d, report_comma(lang));
            doc_text(d, plan->risks[g->risks[k]].id);
        }
        doc_text(d, " · ");
        rp_label(d, RL_COST_CLASS, lang);
        doc_text(d, " ");
        doc_text(d, report_cost_class_text(g->cost_class, lang));
        doc_text(d, report_open_paren(lang));
        rp_money(d, t, plan, g->one_off, lang);
        doc_text(d, " + ");
        rp_money(d, t, plan, g->annual, lang);
        rp_label(d, RL_PER_YEAR, lang);
        doc_text(d, report_close_paren(lang));
        doc_close(d);
        doc_open(d, DOC_ORDERED, NULL, NULL);
        for (size_t k = 0; k < g->n_details; k++) {
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_leaf(d, DOC_SPAN, NULL, "did", g->details[k].id);
            doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
            doc_text(d, g->details[k].text_ja);
            doc_close(d);
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* ---- approval sheet ----------------------------------------------------- */

static void state_row(cr_doc *d, report_label l, const char *value, bool hash,
                      cr_report_lang lang)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    doc_leaf(d, DOC_CELL, NULL, NULL, report_label_text(l, lang));
    doc_leaf(d, DOC_CELL, NULL, hash ? "hash" : NULL, value && *value ? value : "–");
    doc_close(d);
}

static void residual_table(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    static const rp_col cols[] = {{RL_RISK, false}, {RL_LEVEL, false}, {RL_CAUSE, false},
                                  {RL_WHEN_TREATABLE, false}, {RL_DECISION, false}};
    rp_table_open(d, "residual-table", NULL, cols, sizeof cols / sizeof cols[0], lang);
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_residual *res = &plan->residuals[k];
        const cr_plan_risk *risk = &plan->risks[res->risk];
        cr_strbuf_puts(t, "residual-");
        cr_strbuf_puts(t, risk->id);
        doc_open(d, DOC_ROW, t->data, NULL);
        t->len = 0;
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_risk_name(d, risk, lang);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_chip(d, plan, risk->target.level, lang);
        doc_open(d, DOC_BOX, NULL, "small muted");
        rp_money(d, t, plan, risk->ale_target, lang);
        rp_label(d, RL_PER_YEAR, lang);
        doc_close(d);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "small");
        doc_text(d, report_cause_text(res->cause, lang));
        if (res->cause == CR_RESIDUAL_ACCEPTED || res->cause == CR_RESIDUAL_TRANSFERRED) {
            doc_open(d, DOC_BOX, NULL, "muted");
            report_reason(t, plan, risk, lang);
            doc_flush(d, t);
            doc_close(d);
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "small");
        report_treatable(t, plan, res, lang);
        doc_flush(d, t);
        if (res->treatable) {
            /* The sentence for the untreatable already names the review. */
            doc_open(d, DOC_BOX, NULL, "muted");
            rp_label(d, RL_REVIEW_BY, lang);
            doc_text(d, " ");
            rp_date(d, t, res->review_by, lang);
            doc_close(d);
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_decision_or_choices(d, &res->decision, lang);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

static void signature(cr_doc *d, const cr_plan *plan, cr_report_lang lang)
{
    /* Blank to sign, or filled from the recorded decision on the plan (its
     * maker, date and decision). */
    const cr_decision *pd = &plan->plan_decision;
    bool signed_already = pd->kind != CR_DECISION_NONE;
    char signed_on[REPORT_DATE_BUF] = "";
    if (signed_already)
        report_date_text(signed_on, pd->date, lang);
    doc_open(d, DOC_BOX, "approval-signature", "sign");
    static const report_label fields[] = {RL_APPROVER, RL_TITLE_ROLE, RL_DATE, RL_SIGNATURE};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        const char *value = NULL;
        if (signed_already && fields[f] == RL_APPROVER)
            value = pd->by;
        else if (signed_already && fields[f] == RL_DATE)
            value = signed_on;
        rp_field(d, fields[f], value, lang);
    }
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_BOX, NULL, "f", report_label_text(RL_DECISION, lang));
    if (signed_already)
        rp_decision(d, pd, lang);
    else
        rp_choices(d, lang);
    doc_close(d);
    doc_close(d);
}

static void decision_state(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_heading(d, 3, NULL, report_label_text(RL_STATE, lang));
    doc_open(d, DOC_TABLE, "decision-state", "state");
    state_row(d, RL_SERVICE, plan->service_name, false, lang);
    cr_strbuf_puts(t, report_model_name(plan, lang));
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    state_row(d, RL_MODEL, t->data, false, lang);
    t->len = 0;
    state_row(d, RL_INPUTS, plan->input_sha256, true, lang);
    state_row(d, RL_CATALOG, plan->catalog_sha256, true, lang);
    cr_strbuf_printf(t, "%llu", (unsigned long long)plan->seed);
    state_row(d, RL_SEED, t->data, false, lang);
    t->len = 0;
    report_grouped(t, (double)plan->trials);
    state_row(d, RL_TRIALS, t->data, false, lang);
    t->len = 0;
    report_date_in(t, plan->start, lang);
    state_row(d, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    report_money(t, plan->ale_residual, plan->currency, lang);
    cr_strbuf_puts(t, " → ");
    report_money(t, plan->ale_target, plan->currency, lang);
    state_row(d, RL_ALE_SHORT, t->data, false, lang);
    t->len = 0;
    size_t now, after;
    rp_count_above(plan, &now, &after);
    cr_strbuf_printf(t, "%zu → %zu", now, after);
    state_row(d, RL_RISKS_ABOVE, t->data, false, lang);
    t->len = 0;
    if (plan->dist[CR_SCENARIO_RESIDUAL].summary.years > 0 &&
        plan->dist[CR_SCENARIO_TARGET].summary.years > 0) {
        report_percent(t, plan->dist[CR_SCENARIO_RESIDUAL].summary.p_exceed, 1);
        cr_strbuf_puts(t, " → ");
        report_percent(t, plan->dist[CR_SCENARIO_TARGET].summary.p_exceed, 1);
        state_row(d, RL_P_EXCEED, t->data, false, lang);
        t->len = 0;
    }
    report_money(t, plan->total_one_off, plan->currency, lang);
    cr_strbuf_puts(t, " + ");
    report_money(t, plan->total_annual, plan->currency, lang);
    cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
    state_row(d, RL_PLAN_COST, t->data, false, lang);
    t->len = 0;
    if (plan->premium_total > 0) {
        report_money(t, plan->premium_total, plan->currency, lang);
        cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
        state_row(d, RL_PREMIUM, t->data, false, lang);
        t->len = 0;
    }
    if (plan->decisions_file) {
        state_row(d, RL_DECIDED_FROM, plan->decisions_file, false, lang);
        state_row(d, RL_DECIDED_FROM, plan->decisions_sha256, true, lang);
    }
    doc_close(d);
}

static void approval(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(d, "approval", "approval", RL_APPROVAL, lang);
    doc_leaf(d, DOC_PARA, NULL, NULL, report_label_text(RL_APPROVAL_NOTE, lang));
    if (plan->n_residuals == 0)
        doc_leaf(d, DOC_PARA, "no-residuals", NULL, report_label_text(RL_NONE_ABOVE, lang));
    else
        residual_table(d, t, plan, lang);

    doc_heading(d, 3, NULL, report_label_text(RL_WHOLE_PLAN, lang));
    if (plan->plan_decision.kind != CR_DECISION_NONE) {
        doc_open(d, DOC_BOX, "plan-decision", NULL);
        rp_decision(d, &plan->plan_decision, lang);
        doc_close(d);
    }
    if (plan->n_former_decisions) {
        doc_open(d, DOC_BOX, "former-decisions", NULL);
        doc_leaf(d, DOC_PARA, NULL, "muted small",
                 report_label_text(RL_FORMER_DECISIONS, lang));
        doc_open(d, DOC_LIST, NULL, NULL);
        for (size_t k = 0; k < plan->n_former_decisions; k++) {
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_text(d, plan->former_decisions[k].id);
            doc_text(d, report_colon(lang));
            /* History, not a decision to take again: no "approve again". */
            cr_decision shown = plan->former_decisions[k].decision;
            shown.stale = false;
            rp_decision(d, &shown, lang);
            doc_close(d);
        }
        doc_close(d);
        doc_close(d);
    }
    signature(d, plan, lang);
    decision_state(d, t, plan, lang);
    doc_close(d);
}

static void footer(cr_doc *d, const cr_plan *plan, cr_report_lang lang)
{
    doc_open(d, DOC_FOOTER, NULL, NULL);
    rp_label(d, RL_GENERATED_BY, lang);
    doc_text(d, " · ");
    doc_text(d, report_model_name(plan, lang));
    doc_text(d, " ");
    doc_text(d, plan->model_version);
    doc_text(d, " · ");
    doc_leaf(d, DOC_SPAN, NULL, "hash", plan->input_sha256);
    doc_close(d);
}

void report_plan_doc(cr_doc *d, const cr_plan *plan, const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    bool paper_only = opt->format == CR_REPORT_PAPER;
    cr_strbuf t;
    cr_strbuf_init(&t);
    doc_set_lang(d, lang == CR_LANG_JA ? "ja" : "en");
    /* The decision paper first: what management reads. */
    report_paper_section(d, &t, plan, opt);
    if (!paper_only) {
        doc_open(d, DOC_BOX, "detail", "part");
        cover(d, &t, plan, opt);
        summary(d, &t, plan, lang);
        heatmaps(d, &t, plan, lang);
        exceedance(d, &t, plan, lang);
        risks(d, &t, plan, lang);
        items(d, &t, plan, lang);
        report_doc_drivers(d, plan, lang);
        approval(d, &t, plan, lang);
        doc_close(d);
        if (opt->annex) {
            doc_open(d, DOC_BOX, "annex", "part");
            gaps(d, &t, plan, lang);
            doc_close(d);
        }
    }
    footer(d, plan, lang);
    if (t.failed)
        d->failed = true;
    cr_strbuf_free(&t);
}
