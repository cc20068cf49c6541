/*
 * chart_heatmap.c -- a plan's 5x5 heat map of one scenario.
 *
 * Likelihood 1..5 left to right, impact 5..1 top to bottom, as in the
 * acceptance criteria; each cell is coloured by its level and shows the
 * number of risks in it and their ids.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/labels.h"
#include "report/report_internal.h"

static const char *const level_fill[5] = {"#d5ecd4", "#e8f0c6", "#fbe3a9", "#f9c9a0", "#f3b3ab"};
static const char *const level_ink[5] = {"#1e5631", "#4a5a12", "#6f4e00", "#7a3300", "#8a1a10"};

void chart_level_colors(const cr_plan *plan, int level, const char **fill, const char **ink)
{
    if (level < 0 || plan->n_levels == 0) {
        *fill = "#eceff3";
        *ink = "#4b5563";
        return;
    }
    int k = plan->n_levels <= 1 ? 0 : (int)lround(4.0 * level / (double)(plan->n_levels - 1));
    if (k < 0)
        k = 0;
    if (k > 4)
        k = 4;
    *fill = level_fill[k];
    *ink = level_ink[k];
}

static cr_plan_cell cell_of(const cr_plan_risk *risk, int scenario)
{
    return scenario == CR_SCENARIO_INHERENT   ? risk->inherent
           : scenario == CR_SCENARIO_RESIDUAL ? risk->residual
                                              : risk->target;
}

/* The ids of the risks in a cell: up to two fit, more are counted. */
static void cell_ids(cr_strbuf *sb, const cr_plan *plan, int scenario, int impact, int like)
{
    size_t shown = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        cr_plan_cell c = cell_of(risk, scenario);
        if (c.level < 0 || c.impact != impact || c.likelihood != like)
            continue;
        if (shown < 2) {
            if (shown)
                cr_strbuf_puts(sb, " ");
            /* "CR07" -> "07": the cell is narrow; the caption says they
             * are risk ids. */
            const char *id = risk->id;
            chart_esc(sb, strncmp(id, "CR", 2) == 0 ? id + 2 : id);
        }
        shown++;
    }
    if (shown > 2)
        cr_strbuf_printf(sb, " +%zu", shown - 2);
}

void chart_heatmap(cr_strbuf *sb, const cr_plan *plan, int scenario, cr_report_lang lang)
{
    static const char *const ids[CR_SCENARIO_COUNT] = {"inherent", "residual", "target"};
    const double left = 34, top = 8, cw = 46, ch = 40, gap = 3;
    const double width = left + 5 * cw + 8, height = top + 5 * ch + 40;
    cr_strbuf_printf(sb,
                     "<svg id=\"heatmap-%s\" class=\"heatmap\" viewBox=\"0 0 %.0f %.0f\" "
                     "role=\"img\" aria-labelledby=\"heatmap-%s-title\">",
                     ids[scenario], width, height, ids[scenario]);
    cr_strbuf_printf(sb, "<title id=\"heatmap-%s-title\">", ids[scenario]);
    chart_esc(sb, report_label_text(RL_HEATMAPS, lang));
    cr_strbuf_puts(sb, report_colon(lang));
    chart_esc(sb, report_scenario_name(scenario, lang));
    cr_strbuf_puts(sb, "</title>");
    char number[24];
    for (int impact = 5; impact >= 1; impact--) {
        double y = top + (5 - impact) * ch;
        snprintf(number, sizeof number, "%d", impact);
        chart_label(sb, number,
                    "x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\" "
                    "dominant-baseline=\"middle\"",
                    left - 8, y + ch / 2);
        for (int like = 1; like <= 5; like++) {
            double x = left + (like - 1) * cw;
            const char *fill, *ink;
            chart_level_colors(plan, plan->matrix[impact - 1][like - 1], &fill, &ink);
            size_t count = 0;
            for (size_t r = 0; r < plan->n_risks; r++) {
                cr_plan_cell c = cell_of(&plan->risks[r], scenario);
                count += c.level >= 0 && c.impact == impact && c.likelihood == like;
            }
            cr_strbuf_printf(sb,
                             "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                             "rx=\"4\" fill=\"%s\"%s/>",
                             x + gap / 2, y + gap / 2, cw - gap, ch - gap, fill,
                             count ? " stroke=\"#1f2933\" stroke-opacity=\"0.35\"" : "");
            if (!count)
                continue;
            snprintf(number, sizeof number, "%zu", count);
            chart_label(sb, number,
                        "x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"count\" "
                        "fill=\"%s\"",
                        x + cw / 2, y + 17, ink);
            cr_strbuf_printf(sb,
                             "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                             "class=\"ids\" fill=\"%s\">",
                             x + cw / 2, y + 31, ink);
            cell_ids(sb, plan, scenario, impact, like);
            cr_strbuf_puts(sb, "</text>");
        }
    }
    for (int like = 1; like <= 5; like++) {
        snprintf(number, sizeof number, "%d", like);
        chart_label(sb, number, "x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\"",
                    left + (like - 0.5) * cw, top + 5 * ch + 14);
    }
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_printf(&t, "%s →", report_label_text(RL_LIKELIHOOD, lang));
    chart_label(sb, t.data, "x=\"%.1f\" y=\"%.1f\" class=\"axis-title\" text-anchor=\"middle\"",
                left + 2.5 * cw, top + 5 * ch + 32);
    t.len = 0;
    cr_strbuf_printf(&t, "%s →", report_label_text(RL_IMPACT, lang));
    chart_label(sb, t.data,
                "transform=\"translate(10 %.1f) rotate(-90)\" class=\"axis-title\" "
                "text-anchor=\"middle\"",
                top + 2.5 * ch);
    cr_strbuf_puts(sb, "</svg>");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}
