/*
 * render_html.c -- the report as one self-contained HTML file: inline CSS,
 * inline SVG, no scripts, no fonts or images fetched from anywhere.  It
 * reads on screen and prints to A4 (print CSS: page breaks before the
 * approval sheet, rows kept whole, colours kept).
 *
 * Every piece of text that came from an input file, and every label, goes
 * through cr_strbuf_html_escaped.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/charts.h"
#include "report/html_parts.h"
#include "report/labels.h"
#include "report/report_internal.h"
#include "util/html_style.h"

/* ---- small writers ------------------------------------------------------ */

static void open_section(cr_strbuf *sb, const char *id, const char *cls, report_label title,
                         cr_report_lang lang)
{
    cr_strbuf_printf(sb, "<section id=\"%s\"%s%s%s><h2>", id, cls ? " class=\"" : "",
                     cls ? cls : "", cls ? "\"" : "");
    hp_label(sb, title, lang);
    cr_strbuf_puts(sb, "</h2>");
}

/* ---- cover and summary -------------------------------------------------- */

static void meta_item(cr_strbuf *sb, report_label l, const char *value, bool hash,
                      cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<div><dt>");
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, hash ? "</dt><dd class=\"hash\">" : "</dt><dd>");
    hp_esc(sb, value && *value ? value : "–");
    cr_strbuf_puts(sb, "</dd></div>");
}

static void cover(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan,
                  const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    cr_strbuf_puts(sb, "<header class=\"cover\" id=\"cover\"><div class=\"kicker\">");
    hp_label(sb, RL_STANDARD, lang);
    cr_strbuf_puts(sb, "</div><h1>");
    hp_label(sb, RL_DETAIL, lang);
    cr_strbuf_puts(sb, "<span class=\"service\" id=\"service-name\">");
    hp_esc(sb, plan->service_name);
    cr_strbuf_puts(sb, "</span></h1><dl class=\"meta\">");
    meta_item(sb, RL_SERVICE_ID, plan->service_id, false, lang);
    meta_item(sb, RL_OWNER, plan->service_owner, false, lang);
    report_date_in(t, plan->start, lang);
    if (plan->start_from_clock) {
        cr_strbuf_puts(t, report_open_paren(lang));
        cr_strbuf_puts(t, report_label_text(RL_START_FROM_CLOCK, lang));
        cr_strbuf_puts(t, report_close_paren(lang));
    }
    meta_item(sb, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    cr_strbuf_puts(t, report_model_name(plan, lang));
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    meta_item(sb, RL_MODEL, t->data, false, lang);
    t->len = 0;
    cr_strbuf_printf(t, "%llu / ", (unsigned long long)plan->seed);
    report_grouped(t, (double)plan->trials);
    cr_strbuf_puts(sb, "<div><dt>");
    hp_label(sb, RL_SEED, lang);
    cr_strbuf_puts(sb, " / ");
    hp_label(sb, RL_TRIALS, lang);
    cr_strbuf_puts(sb, "</dt><dd>");
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</dd></div>");
    meta_item(sb, RL_INPUTS, plan->input_sha256, true, lang);
    cr_strbuf_puts(sb, "</dl><nav>");
    static const struct {
        const char *id;
        report_label l;
    } toc[] = {{"paper", RL_PAPER_TITLE}, {"summary", RL_SUMMARY}, {"heatmaps", RL_HEATMAPS},
               {"lec", RL_LEC},           {"risks", RL_RISKS},     {"plan", RL_PLAN},
               {"approval", RL_APPROVAL}, {"gaps", RL_ANNEX}};
    size_t n_toc = sizeof toc / sizeof toc[0] - (opt->annex ? 0 : 1);
    for (size_t i = 0; i < n_toc; i++) {
        cr_strbuf_printf(sb, "<a href=\"#%s\">", toc[i].id);
        hp_label(sb, toc[i].l, lang);
        cr_strbuf_puts(sb, "</a>");
    }
    cr_strbuf_puts(sb, "</nav></header>");
}

static void kpi_begin(cr_strbuf *sb, const char *id, report_label l, cr_report_lang lang)
{
    cr_strbuf_printf(sb, "<div class=\"kpi\" id=\"%s\"><div class=\"k\">", id);
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, "</div><div class=\"v\">");
}

static void summary(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    size_t now, after;
    hp_count_above(plan, &now, &after);
    bool ja = lang == CR_LANG_JA;
    open_section(sb, "summary", NULL, RL_SUMMARY, lang);
    cr_strbuf_puts(sb, "<div class=\"kpis\">");

    kpi_begin(sb, "kpi-loss", RL_ALE_AFTER, lang);
    hp_short_money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "</div><div class=\"s\">");
    hp_money(sb, t, plan, plan->ale_target, lang);
    cr_strbuf_puts(sb, "<br>");
    hp_label(sb, RL_NOW, lang);
    cr_strbuf_puts(sb, " ");
    hp_money(sb, t, plan, plan->ale_residual, lang);
    if (plan->ale_residual > 0) {
        cr_strbuf_puts(sb, " <span class=\"good\">(−");
        report_percent(t, 1.0 - plan->ale_target / plan->ale_residual, 0);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, ")</span>");
    }
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-cost", RL_PLAN_COST, lang);
    report_money_short(t, plan->total_one_off, plan->currency, lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "<span class=\"v2\">+ ");
    report_money_short(t, plan->total_annual, plan->currency, lang);
    hp_flush(sb, t);
    hp_label(sb, RL_PER_YEAR, lang);
    cr_strbuf_puts(sb, "</span></div><div class=\"s\">");
    hp_label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    hp_money(sb, t, plan, plan->total_one_off, lang);
    cr_strbuf_puts(sb, " · ");
    hp_label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    hp_money(sb, t, plan, plan->total_annual, lang);
    cr_strbuf_printf(sb, " · %.0f ", plan->total_effort_days);
    hp_label(sb, RL_PERSON_DAYS, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-rosi", RL_ROSI, lang);
    report_percent(t, plan->rosi, 0);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</div><div class=\"s\">");
    cr_strbuf_printf(sb, lang == CR_LANG_JA ? "%zu" : "%zu ", plan->n_items);
    hp_label(sb, RL_ITEMS_COUNT, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-above", RL_RISKS_ABOVE, lang);
    cr_strbuf_printf(sb, "%zu<span class=\"arrow\">→</span>%zu</div><div class=\"s\">", now,
                     after);
    hp_label(sb, RL_NOW, lang);
    cr_strbuf_puts(sb, " → ");
    hp_label(sb, RL_AFTER_PLAN, lang);
    cr_strbuf_puts(sb, "</div></div>");

    kpi_begin(sb, "kpi-appetite", RL_P_EXCEED, lang);
    const cr_plan_distribution *res = &plan->dist[CR_SCENARIO_RESIDUAL];
    const cr_plan_distribution *tgt = &plan->dist[CR_SCENARIO_TARGET];
    if (res->present && tgt->present && !isnan(plan->appetite)) {
        report_percent(t, res->p_exceed_appetite, 1);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "<span class=\"arrow\">→</span>");
        report_percent(t, tgt->p_exceed_appetite, 1);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</div><div class=\"s\">");
        hp_label(sb, RL_APPETITE, lang);
        cr_strbuf_puts(sb, " ");
        hp_money(sb, t, plan, plan->appetite, lang);
    } else {
        cr_strbuf_puts(sb, "–</div><div class=\"s\">");
        hp_label(sb, RL_NO_SIMULATION, lang);
    }
    cr_strbuf_puts(sb, "</div></div></div>");

    /* Key points in sentences. */
    cr_strbuf_puts(sb, "<ul class=\"points\"><li>");
    report_method(t, plan, lang);
    hp_flush(sb, t);
    if (plan->premium_total > 0) {
        cr_strbuf_puts(sb, "</li><li>");
        hp_label(sb, RL_PREMIUM, lang);
        cr_strbuf_puts(sb, ja ? "：" : ": ");
        hp_money(sb, t, plan, plan->premium_total, lang);
        hp_label(sb, RL_PER_YEAR, lang);
    }
    cr_strbuf_puts(sb, "</li><li>");
    hp_label(sb, RL_BUDGET, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    hp_label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_one_off)
        hp_money(sb, t, plan, plan->budget.one_off, lang);
    else
        hp_label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    hp_label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " ");
    if (plan->budget.has_annual)
        hp_money(sb, t, plan, plan->budget.annual, lang);
    else
        hp_label(sb, RL_NO_LIMIT, lang);
    cr_strbuf_puts(sb, ja ? "。" : ". ");
    hp_label(sb, RL_ROSI, lang);
    cr_strbuf_puts(sb, ja ? "＝" : " = ");
    hp_label(sb, RL_ROSI_NOTE, lang);
    cr_strbuf_printf(sb, ja ? "（初期費用は%.0f年で按分）。" : " (one-off cost spread over %.0f years).",
                     plan->amortisation_years);
    cr_strbuf_puts(sb, "</li><li>");
    hp_label(sb, RL_CRITERIA, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    hp_label(sb, RL_ACCEPTABLE_LEVEL, lang);
    cr_strbuf_puts(sb, " ");
    hp_chip(sb, plan, plan->acceptable_level, lang);
    cr_strbuf_puts(sb, ja ? "（" : " (");
    hp_esc(sb, plan->criteria_approver);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    cr_date criteria_on = {0};
    char criteria_date[REPORT_DATE_BUF];
    if (plan->criteria_date && cr_date_parse(plan->criteria_date, &criteria_on))
        hp_esc(sb, report_date_text(criteria_date, criteria_on, lang));
    else
        hp_esc(sb, plan->criteria_date);
    cr_strbuf_puts(sb, ja ? "、" : ", ");
    hp_esc(sb, plan->criteria_minutes);
    cr_strbuf_puts(sb, ja ? "）</li><li>" : ")</li><li>");
    hp_label(sb, RL_APPROVAL, lang);
    cr_strbuf_puts(sb, ja ? "：" : ": ");
    if (plan->n_residuals == 0) {
        hp_label(sb, RL_NONE_ABOVE, lang);
    } else {
        size_t decided = 0;
        for (size_t k = 0; k < plan->n_residuals; k++)
            decided += plan->residuals[k].decision.kind != CR_DECISION_NONE;
        cr_strbuf_printf(sb, "%zu / %zu ", decided, plan->n_residuals);
        cr_strbuf_puts(sb, ja ? "件決定済み。" : "decided. ");
        hp_label(sb, RL_WHOLE_PLAN, lang);
        cr_strbuf_puts(sb, ja ? "：" : ": ");
        hp_esc(sb, report_decision_text(plan->plan_decision.kind, lang));
        cr_strbuf_puts(sb, ja ? "。" : ".");
    }
    cr_strbuf_puts(sb, "</li></ul></section>");
}

/* ---- heat maps and curves ----------------------------------------------- */

static void heatmaps(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "heatmaps", NULL, RL_HEATMAPS, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    hp_label(sb, RL_HEATMAP_NOTE, lang);
    cr_strbuf_puts(sb, "</p><div class=\"heatmaps\">");
    for (int s = 0; s < CR_SCENARIO_COUNT; s++) {
        size_t above = 0;
        for (size_t r = 0; r < plan->n_risks; r++) {
            const cr_plan_risk *risk = &plan->risks[r];
            int level = s == CR_SCENARIO_INHERENT   ? risk->inherent.level
                        : s == CR_SCENARIO_RESIDUAL ? risk->residual.level
                                                    : risk->target.level;
            above += level > plan->acceptable_level;
        }
        cr_strbuf_puts(sb, "<figure><figcaption>");
        hp_esc(sb, report_scenario_name(s, lang));
        cr_strbuf_printf(sb, "<span>%zu / %zu</span></figcaption>", above, plan->n_risks);
        chart_heatmap(sb, plan, s, lang);
        cr_strbuf_puts(sb, "</figure>");
    }
    cr_strbuf_puts(sb, "</div><div class=\"legend-levels\">");
    for (size_t i = 0; i < plan->n_levels; i++) {
        const char *fill, *ink;
        chart_level_colors(plan, (int)i, &fill, &ink);
        cr_strbuf_printf(sb, "<span><span class=\"swatch\" style=\"background:%s\"></span>",
                         fill);
        hp_esc(sb, report_level_text(plan, (int)i, lang));
        cr_strbuf_puts(sb, "</span>");
    }
    cr_strbuf_puts(sb, "<span class=\"muted\">");
    hp_label(sb, RL_ACCEPTABLE_LEVEL, lang);
    cr_strbuf_puts(sb, hp_colon(lang));
    hp_esc(sb, report_level_text(plan, plan->acceptable_level, lang));
    cr_strbuf_puts(sb, "</span></div></section>");
}

static void exceedance(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "lec", NULL, RL_LEC, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    hp_label(sb, RL_LEC_NOTE, lang);
    cr_strbuf_puts(sb, " ");
    hp_label(sb, RL_LEC_TABLE_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    chart_lec(sb, plan, lang);
    bool any = false;
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        any = any || plan->dist[s].present;
    if (any) {
        static const report_label cols[] = {RL_MEAN, RL_SE,    RL_P50,  RL_P90,
                                            RL_VAR95, RL_ES95, RL_VAR99, RL_ES99};
        cr_strbuf_puts(sb, "<table id=\"lec-table\"><thead><tr>");
        hp_th(sb, RL_SCENARIO, false, lang);
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            hp_th(sb, cols[c], true, lang);
        hp_th(sb, RL_P_EXCEED, true, lang);
        cr_strbuf_puts(sb, "</tr></thead><tbody>");
        for (int s = 0; s < REPORT_CURVES; s++) {
            const cr_plan_distribution *d = report_distribution(plan, s);
            if (!d->present)
                continue;
            cr_strbuf_puts(sb, "<tr><td>");
            hp_esc(sb, report_scenario_name(s, lang));
            cr_strbuf_puts(sb, "</td>");
            const double v[] = {d->mean, d->se,    d->p50,   d->p90,
                                d->var95, d->es95, d->var99, d->es99};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                cr_strbuf_puts(sb, "<td class=\"num\">");
                hp_short_money(sb, t, plan, v[k], lang);
                cr_strbuf_puts(sb, "</td>");
            }
            cr_strbuf_puts(sb, "<td class=\"num\">");
            report_percent(t, d->p_exceed_appetite, 1);
            hp_flush(sb, t);
            cr_strbuf_puts(sb, "</td></tr>");
        }
        cr_strbuf_puts(sb, "</tbody></table>");
    }
    cr_strbuf_puts(sb, "</section>");
}

/* ---- risks, options, alternatives --------------------------------------- */

static void risks(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "risks", NULL, RL_RISKS, lang);
    cr_strbuf_puts(sb, "<table id=\"risk-table\"><thead><tr>");
    hp_th(sb, RL_RISK, false, lang);
    hp_th(sb, RL_INHERENT, false, lang);
    hp_th(sb, RL_RESIDUAL, false, lang);
    hp_th(sb, RL_TARGET, false, lang);
    hp_th(sb, RL_ALE_SHORT, true, lang);
    hp_th(sb, RL_OPTION, false, lang);
    hp_th(sb, RL_REASON, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cr_strbuf_puts(sb, "<tr><td><span class=\"id\">");
        hp_esc(sb, risk->id);
        cr_strbuf_puts(sb, "</span> ");
        hp_esc(sb, report_risk_name(risk, lang));
        cr_strbuf_puts(sb, "</td><td>");
        hp_chip(sb, plan, risk->inherent.level, lang);
        cr_strbuf_puts(sb, "</td><td>");
        hp_chip(sb, plan, risk->residual.level, lang);
        cr_strbuf_puts(sb, "</td><td>");
        hp_chip(sb, plan, risk->target.level, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_money(sb, t, plan, risk->ale_residual, lang);
        cr_strbuf_puts(sb, "<br>→ ");
        hp_money(sb, t, plan, risk->ale_target, lang);
        cr_strbuf_puts(sb, "</td><td class=\"opt\">");
        hp_esc(sb, report_option_text(risk->option, lang));
        cr_strbuf_puts(sb, "</td><td class=\"small\">");
        report_reason(t, plan, risk, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");

    cr_strbuf_puts(sb, "<h3 id=\"alternatives\">");
    hp_label(sb, RL_ALTERNATIVES, lang);
    cr_strbuf_puts(sb, "</h3><table id=\"alternatives-table\"><thead><tr>");
    hp_th(sb, RL_RISK, false, lang);
    hp_th(sb, RL_OPTION, false, lang);
    hp_th(sb, RL_LEVEL, false, lang);
    hp_th(sb, RL_ALE_SHORT, true, lang);
    hp_th(sb, RL_ONE_OFF, true, lang);
    hp_th(sb, RL_ANNUAL, true, lang);
    hp_th(sb, RL_NOTE, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        for (size_t a = 0; a < risk->n_alternatives; a++) {
            const cr_plan_alternative *alt = &risk->alternatives[a];
            cr_strbuf_puts(sb, alt->chosen ? "<tr class=\"chosen\">" : "<tr>");
            if (a == 0) {
                cr_strbuf_printf(sb, "<td class=\"risk-cell\" rowspan=\"%zu\"><span class=\"id\">",
                                 risk->n_alternatives);
                hp_esc(sb, risk->id);
                cr_strbuf_puts(sb, "</span><br><span class=\"small\">");
                hp_esc(sb, report_risk_name(risk, lang));
                cr_strbuf_puts(sb, "</span></td>");
            }
            cr_strbuf_puts(sb, "<td class=\"opt\">");
            hp_esc(sb, report_option_text(alt->option, lang));
            if (alt->option == CR_TREAT_REDUCE)
                cr_strbuf_printf(sb, " <span class=\"muted small\">(%zu)</span>",
                                 alt->n_controls);
            cr_strbuf_puts(sb, "</td><td>");
            if (alt->level_after >= 0 || alt->option == CR_TREAT_AVOID)
                hp_chip(sb, plan, alt->level_after, lang);
            else
                cr_strbuf_puts(sb, "–");
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            hp_money(sb, t, plan, alt->ale_after, lang);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            hp_money(sb, t, plan, alt->one_off, lang);
            cr_strbuf_puts(sb, "</td><td class=\"num\">");
            hp_money(sb, t, plan, alt->annual, lang);
            cr_strbuf_puts(sb, "</td><td class=\"small\">");
            hp_esc(sb, report_alt_note_text(alt->note, lang));
            cr_strbuf_puts(sb, "</td></tr>");
        }
    }
    cr_strbuf_puts(sb, "</tbody></table></section>");
}

/* ---- the plan ----------------------------------------------------------- */

static void items(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "plan", NULL, RL_PLAN, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    hp_label(sb, RL_PLAN_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    if (plan->n_items == 0) {
        cr_strbuf_puts(sb, "<p>");
        hp_label(sb, RL_NO_ITEMS, lang);
        cr_strbuf_puts(sb, "</p></section>");
        return;
    }
    bool any_english = false;
    cr_strbuf_puts(sb, "<table id=\"plan-table\"><thead><tr>");
    hp_th(sb, RL_ITEM_NO, true, lang);
    hp_th(sb, RL_CONTROL, false, lang);
    hp_th(sb, RL_RISKS_TREATED, false, lang);
    hp_th(sb, RL_PRIORITY, false, lang);
    hp_th(sb, RL_OWNER, false, lang);
    hp_th(sb, RL_SCHEDULE, false, lang);
    hp_th(sb, RL_COST, true, lang);
    hp_th(sb, RL_EFFORT, true, lang);
    hp_th(sb, RL_LOSS_REDUCTION, true, lang);
    hp_th(sb, RL_ROSI_SHORT, true, lang);
    hp_th(sb, RL_LOSS_AFTER, true, lang);
    hp_th(sb, RL_DECISION, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t i = 0; i < plan->n_items; i++) {
        const cr_plan_item *it = &plan->items[i];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        cr_strbuf_printf(sb, "<tr id=\"item-%zu\"><td class=\"num\">%zu</td><td class=\"ctl\">"
                             "<span class=\"id\">",
                         i + 1, i + 1);
        hp_esc(sb, g->control_id);
        cr_strbuf_puts(sb, "</span> ");
        bool english;
        hp_esc(sb, report_control_short_title(g, lang, &english));
        any_english = any_english || english;
        cr_strbuf_puts(sb, "<div class=\"why\">");
        report_item_reason(t, plan, it, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, " <a href=\"#gap-");
        hp_esc(sb, g->control_id);
        cr_strbuf_printf(sb, lang == CR_LANG_JA ? "\">%zu" : "\">%zu ", g->n_details);
        hp_label(sb, RL_DETAILS_LINK, lang);
        cr_strbuf_puts(sb, " →</a></div></td><td class=\"small\">");
        for (size_t k = 0; k < it->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, hp_comma(lang));
            hp_esc(sb, plan->risks[it->risks[k]].id);
        }
        cr_strbuf_printf(sb, "</td><td><span class=\"prio p%d\">P%d</span></td>"
                             "<td class=\"owner\">",
                         it->priority, it->priority);
        hp_esc(sb, it->owner ? it->owner : "–");
        cr_strbuf_puts(sb, "</td><td class=\"nowrap\">");
        report_date_in(t, it->start, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "<br>→ ");
        report_date_in(t, it->due, lang);
        hp_flush(sb, t);
        if (it->past_due) {
            cr_strbuf_puts(sb, " <b class=\"past-due\">");
            hp_label(sb, RL_PAST_DUE, lang);
            cr_strbuf_puts(sb, "</b>");
        }
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_money(sb, t, plan, it->one_off, lang);
        cr_strbuf_puts(sb, "<br>+ ");
        hp_money(sb, t, plan, it->annual, lang);
        hp_label(sb, RL_PER_YEAR, lang);
        cr_strbuf_printf(sb, "</td><td class=\"num\">%.0f</td><td class=\"num\">",
                         it->effort_days);
        hp_short_money(sb, t, plan, it->ale_reduction, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        report_percent(t, it->rosi, 0);
        hp_flush(sb, t);
        if (plan->gaps[it->gap].needed_for_acceptable) {
            cr_strbuf_puts(sb, "<br><span class=\"small\">");
            hp_label(sb, RL_NEEDED_FOR_ACCEPTABLE, lang);
            cr_strbuf_puts(sb, "</span>");
        }
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_short_money(sb, t, plan, it->ale_after, lang);
        cr_strbuf_puts(sb, "</td><td class=\"small dec\">");
        hp_decision_text(sb, &it->decision, lang);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
    if (any_english) {
        cr_strbuf_puts(sb, "<p class=\"note\">");
        hp_label(sb, RL_TITLE_NOTE_EN, lang);
        cr_strbuf_puts(sb, "</p>");
    }
    cr_strbuf_puts(sb, "</section>");
}

static void gaps(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "gaps", NULL, RL_ANNEX, lang);
    cr_strbuf_puts(sb, "<p class=\"muted small\">");
    hp_label(sb, RL_GAPS_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    for (size_t c = 0; c < plan->n_gaps; c++) {
        const cr_plan_gap *g = &plan->gaps[c];
        cr_strbuf_puts(sb, "<div class=\"gap\" id=\"gap-");
        hp_esc(sb, g->control_id);
        cr_strbuf_puts(sb, "\"><h3><span class=\"id\">");
        hp_esc(sb, g->control_id);
        cr_strbuf_puts(sb, "</span> ");
        hp_esc(sb, report_control_title(g, lang));
        if (g->selected)
            cr_strbuf_printf(sb, "<span class=\"tag in\">%s #%ld</span>",
                             report_label_text(RL_IN_PLAN, lang), g->item + 1);
        else {
            cr_strbuf_puts(sb, "<span class=\"tag out\">");
            hp_label(sb, RL_NOT_IN_PLAN, lang);
            cr_strbuf_puts(sb, "</span>");
        }
        cr_strbuf_puts(sb, "</h3>");
        /* The control's whole wording, as the standard states it (a
         * Japanese heading already is that wording). */
        if (lang == CR_LANG_EN && g->title_ja && *g->title_ja) {
            cr_strbuf_puts(sb, "<div class=\"wording\" lang=\"ja\">");
            hp_esc(sb, g->title_ja);
            cr_strbuf_puts(sb, "</div>");
        }
        cr_strbuf_puts(sb, "<div class=\"facts\">");
        hp_label(sb, RL_STATUS, lang);
        cr_strbuf_puts(sb, hp_colon(lang));
        hp_esc(sb, report_status_text(g->status, lang));
        cr_strbuf_puts(sb, " · ");
        hp_label(sb, RL_REQUIRED_BY, lang);
        cr_strbuf_puts(sb, hp_colon(lang));
        for (size_t k = 0; k < g->n_risks; k++) {
            if (k)
                cr_strbuf_puts(sb, hp_comma(lang));
            hp_esc(sb, plan->risks[g->risks[k]].id);
        }
        cr_strbuf_puts(sb, " · ");
        hp_label(sb, RL_COST_CLASS, lang);
        cr_strbuf_puts(sb, " ");
        hp_esc(sb, report_cost_class_text(g->cost_class, lang));
        cr_strbuf_puts(sb, report_open_paren(lang));
        hp_money(sb, t, plan, g->one_off, lang);
        cr_strbuf_puts(sb, " + ");
        hp_money(sb, t, plan, g->annual, lang);
        hp_label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, report_close_paren(lang));
        cr_strbuf_puts(sb, "</div><ol>");
        for (size_t d = 0; d < g->n_details; d++) {
            cr_strbuf_puts(sb, "<li><span class=\"did\">");
            hp_esc(sb, g->details[d].id);
            cr_strbuf_puts(sb, "</span>");
            hp_esc(sb, g->details[d].text_ja);
            cr_strbuf_puts(sb, "</li>");
        }
        cr_strbuf_puts(sb, "</ol></div>");
    }
    cr_strbuf_puts(sb, "</section>");
}

/* ---- approval sheet ----------------------------------------------------- */

static void state_row(cr_strbuf *sb, report_label l, const char *value, bool hash,
                      cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<tr><td>");
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, hash ? "</td><td class=\"hash\">" : "</td><td>");
    hp_esc(sb, value && *value ? value : "–");
    cr_strbuf_puts(sb, "</td></tr>");
}

static void approval(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    open_section(sb, "approval", "approval", RL_APPROVAL, lang);
    cr_strbuf_puts(sb, "<p>");
    hp_label(sb, RL_APPROVAL_NOTE, lang);
    cr_strbuf_puts(sb, "</p>");
    if (plan->n_residuals == 0) {
        cr_strbuf_puts(sb, "<p id=\"no-residuals\">");
        hp_label(sb, RL_NONE_ABOVE, lang);
        cr_strbuf_puts(sb, "</p>");
    } else {
        cr_strbuf_puts(sb, "<table id=\"residual-table\"><thead><tr>");
        hp_th(sb, RL_RISK, false, lang);
        hp_th(sb, RL_LEVEL, false, lang);
        hp_th(sb, RL_CAUSE, false, lang);
        hp_th(sb, RL_WHEN_TREATABLE, false, lang);
        hp_th(sb, RL_DECISION, false, lang);
        cr_strbuf_puts(sb, "</tr></thead><tbody>");
        for (size_t k = 0; k < plan->n_residuals; k++) {
            const cr_plan_residual *res = &plan->residuals[k];
            const cr_plan_risk *risk = &plan->risks[res->risk];
            cr_strbuf_puts(sb, "<tr id=\"residual-");
            hp_esc(sb, risk->id);
            cr_strbuf_puts(sb, "\"><td><span class=\"id\">");
            hp_esc(sb, risk->id);
            cr_strbuf_puts(sb, "</span> ");
            hp_esc(sb, report_risk_name(risk, lang));
            cr_strbuf_puts(sb, "</td><td>");
            hp_chip(sb, plan, risk->target.level, lang);
            cr_strbuf_puts(sb, "<div class=\"small muted\">");
            hp_money(sb, t, plan, risk->ale_target, lang);
            hp_label(sb, RL_PER_YEAR, lang);
            cr_strbuf_puts(sb, "</div></td><td class=\"small\">");
            hp_esc(sb, report_cause_text(res->cause, lang));
            if (res->cause == CR_RESIDUAL_ACCEPTED || res->cause == CR_RESIDUAL_TRANSFERRED) {
                cr_strbuf_puts(sb, "<div class=\"muted\">");
                report_reason(t, plan, risk, lang);
                hp_flush(sb, t);
                cr_strbuf_puts(sb, "</div>");
            }
            cr_strbuf_puts(sb, "</td><td class=\"small\">");
            report_treatable(t, plan, res, lang);
            hp_flush(sb, t);
            if (res->treatable) {
                /* The sentence for the untreatable already names the review. */
                cr_strbuf_puts(sb, "<div class=\"muted\">");
                hp_label(sb, RL_REVIEW_BY, lang);
                cr_strbuf_puts(sb, " ");
                report_date_in(t, res->review_by, lang);
                hp_flush(sb, t);
                cr_strbuf_puts(sb, "</div>");
            }
            cr_strbuf_puts(sb, "</td><td>");
            if (res->decision.kind == CR_DECISION_NONE)
                hp_choices(sb, lang);
            else
                hp_decision_text(sb, &res->decision, lang);
            cr_strbuf_puts(sb, "</td></tr>");
        }
        cr_strbuf_puts(sb, "</tbody></table>");
    }

    cr_strbuf_puts(sb, "<h3>");
    hp_label(sb, RL_WHOLE_PLAN, lang);
    cr_strbuf_puts(sb, "</h3>");
    if (plan->plan_decision.kind != CR_DECISION_NONE) {
        cr_strbuf_puts(sb, "<div id=\"plan-decision\">");
        hp_decision_text(sb, &plan->plan_decision, lang);
        cr_strbuf_puts(sb, "</div>");
    }
    if (plan->n_former_decisions) {
        cr_strbuf_puts(sb, "<div id=\"former-decisions\"><p class=\"muted small\">");
        hp_label(sb, RL_FORMER_DECISIONS, lang);
        cr_strbuf_puts(sb, "</p><ul>");
        for (size_t k = 0; k < plan->n_former_decisions; k++) {
            cr_strbuf_puts(sb, "<li>");
            hp_esc(sb, plan->former_decisions[k].id);
            cr_strbuf_puts(sb, hp_colon(lang));
            /* History, not a decision to take again: no "approve again". */
            cr_decision shown = plan->former_decisions[k].decision;
            shown.stale = false;
            hp_decision_text(sb, &shown, lang);
            cr_strbuf_puts(sb, "</li>");
        }
        cr_strbuf_puts(sb, "</ul></div>");
    }
    /* The signature block: blank to sign, or filled from the recorded
     * decision on the plan (its maker, date and decision). */
    const cr_decision *pd = &plan->plan_decision;
    bool signed_already = pd->kind != CR_DECISION_NONE;
    char signed_on[REPORT_DATE_BUF] = "";
    if (signed_already)
        report_date_text(signed_on, pd->date, lang);
    cr_strbuf_puts(sb, "<div class=\"sign\" id=\"approval-signature\">");
    static const report_label fields[] = {RL_APPROVER, RL_TITLE_ROLE, RL_DATE, RL_SIGNATURE};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        cr_strbuf_puts(sb, "<div><div class=\"f\">");
        hp_label(sb, fields[f], lang);
        cr_strbuf_puts(sb, "</div><div class=\"line\">");
        if (signed_already && fields[f] == RL_APPROVER)
            hp_esc(sb, pd->by);
        else if (signed_already && fields[f] == RL_DATE)
            hp_esc(sb, signed_on);
        cr_strbuf_puts(sb, "</div></div>");
    }
    cr_strbuf_puts(sb, "<div><div class=\"f\">");
    hp_label(sb, RL_DECISION, lang);
    cr_strbuf_puts(sb, "</div>");
    if (signed_already)
        hp_decision_text(sb, pd, lang);
    else
        hp_choices(sb, lang);
    cr_strbuf_puts(sb, "</div></div>");

    cr_strbuf_puts(sb, "<h3>");
    hp_label(sb, RL_STATE, lang);
    cr_strbuf_puts(sb, "</h3><table class=\"state\" id=\"decision-state\"><tbody>");
    state_row(sb, RL_SERVICE, plan->service_name, false, lang);
    t->len = 0;
    cr_strbuf_puts(t, report_model_name(plan, lang));
    cr_strbuf_puts(t, " ");
    cr_strbuf_puts(t, plan->model_version ? plan->model_version : "");
    state_row(sb, RL_MODEL, t->data, false, lang);
    t->len = 0;
    state_row(sb, RL_INPUTS, plan->input_sha256, true, lang);
    state_row(sb, RL_CATALOG, plan->catalog_sha256, true, lang);
    cr_strbuf_printf(t, "%llu", (unsigned long long)plan->seed);
    state_row(sb, RL_SEED, t->data, false, lang);
    t->len = 0;
    report_grouped(t, (double)plan->trials);
    state_row(sb, RL_TRIALS, t->data, false, lang);
    t->len = 0;
    report_date_in(t, plan->start, lang);
    state_row(sb, RL_PLAN_START, t->data, false, lang);
    t->len = 0;
    report_money(t, plan->ale_residual, plan->currency, lang);
    cr_strbuf_puts(t, " → ");
    report_money(t, plan->ale_target, plan->currency, lang);
    state_row(sb, RL_ALE_SHORT, t->data, false, lang);
    t->len = 0;
    size_t now, after;
    hp_count_above(plan, &now, &after);
    cr_strbuf_printf(t, "%zu → %zu", now, after);
    state_row(sb, RL_RISKS_ABOVE, t->data, false, lang);
    t->len = 0;
    if (plan->dist[CR_SCENARIO_RESIDUAL].present && plan->dist[CR_SCENARIO_TARGET].present) {
        report_percent(t, plan->dist[CR_SCENARIO_RESIDUAL].p_exceed_appetite, 1);
        cr_strbuf_puts(t, " → ");
        report_percent(t, plan->dist[CR_SCENARIO_TARGET].p_exceed_appetite, 1);
        state_row(sb, RL_P_EXCEED, t->data, false, lang);
        t->len = 0;
    }
    report_money(t, plan->total_one_off, plan->currency, lang);
    cr_strbuf_puts(t, " + ");
    report_money(t, plan->total_annual, plan->currency, lang);
    cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
    state_row(sb, RL_PLAN_COST, t->data, false, lang);
    t->len = 0;
    if (plan->premium_total > 0) {
        report_money(t, plan->premium_total, plan->currency, lang);
        cr_strbuf_puts(t, report_label_text(RL_PER_YEAR, lang));
        state_row(sb, RL_PREMIUM, t->data, false, lang);
        t->len = 0;
    }
    if (plan->decisions_file) {
        state_row(sb, RL_DECIDED_FROM, plan->decisions_file, false, lang);
        state_row(sb, RL_DECIDED_FROM, plan->decisions_sha256, true, lang);
    }
    cr_strbuf_puts(sb, "</tbody></table></section>");
}

void report_html_open(cr_strbuf *sb, const cr_plan *plan, const cr_report_options *opt,
                      report_label title)
{
    cr_report_lang lang = opt->lang;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_printf(sb, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">",
                     lang == CR_LANG_JA ? "ja" : "en");
    cr_strbuf_puts(sb, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<meta name=\"generator\" content=\"cloudrisk\"><title>");
    hp_label(sb, title, lang);
    cr_strbuf_puts(sb, " – ");
    hp_esc(sb, plan->service_name);
    cr_strbuf_puts(sb, "</title><style>");
    cr_html_style(sb);
    /* The document number and version at the head of every printed page. */
    cr_strbuf_puts(sb, "@page{@top-left{content:");
    hp_label(&t, RL_DOC_NUMBER, lang);
    cr_strbuf_puts(&t, " ");
    report_doc_number(&t, plan, opt);
    cr_strbuf_puts(&t, lang == CR_LANG_JA ? "　第" : " · v");
    cr_strbuf_puts(&t, opt->doc_version && *opt->doc_version ? opt->doc_version : "1");
    if (lang == CR_LANG_JA)
        cr_strbuf_puts(&t, "版");
    hp_css_string(sb, t.data ? t.data : "");
    cr_strbuf_puts(sb, ";font-size:9pt;color:#5b6776}}</style></head><body><main>");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}

static void footer(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<footer>");
    hp_label(sb, RL_GENERATED_BY, lang);
    cr_strbuf_puts(sb, " · ");
    hp_esc(sb, report_model_name(plan, lang));
    cr_strbuf_puts(sb, " ");
    hp_esc(sb, plan->model_version);
    cr_strbuf_puts(sb, " · <span class=\"hash\">");
    hp_esc(sb, plan->input_sha256);
    cr_strbuf_puts(sb, "</span></footer></main></body></html>\n");
}

cr_status report_render_html(const cr_plan *plan, const cr_report_options *opt,
                             cr_strbuf *sb, cr_error *err)
{
    (void)err;
    cr_report_lang lang = opt->lang;
    bool paper_only = opt->format == CR_REPORT_PAPER;
    cr_strbuf t;
    cr_strbuf_init(&t);
    report_html_open(sb, plan, opt, paper_only ? RL_PAPER_TITLE : RL_TITLE);
    /* The decision paper first: what management reads. */
    report_paper_section(sb, &t, plan, opt);
    if (!paper_only) {
        cr_strbuf_puts(sb, "<div class=\"part\" id=\"detail\">");
        cover(sb, &t, plan, opt);
        summary(sb, &t, plan, lang);
        heatmaps(sb, plan, lang);
        exceedance(sb, &t, plan, lang);
        risks(sb, &t, plan, lang);
        items(sb, &t, plan, lang);
        approval(sb, &t, plan, lang);
        cr_strbuf_puts(sb, "</div>");
        if (opt->annex) {
            cr_strbuf_puts(sb, "<div class=\"part\" id=\"annex\">");
            gaps(sb, &t, plan, lang);
            cr_strbuf_puts(sb, "</div>");
        }
    }
    footer(sb, plan, lang);
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
    return CR_OK;
}
