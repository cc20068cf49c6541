/*
 * charts.c -- inline SVG heat maps and loss-exceedance curves.
 *
 * Heat map: likelihood 1..5 left to right, impact 5..1 top to bottom, as in
 * the acceptance criteria; each cell is coloured by its level and shows the
 * number of risks in it and their ids.
 *
 * Loss exceedance: x is the annual loss on a logarithmic scale (decades
 * from the smallest to the largest loss on any curve), y the probability
 * that a year's loss exceeds x, 0-100%.  Each scenario is drawn through the
 * points of its simulated curve, starting level at the left edge with
 * P(loss > 0).  Scenarios differ in colour and in dash pattern, so that a
 * black-and-white print still tells them apart.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report/charts.h"
#include "report/drivers.h"
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

static void text_escaped(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

static cr_plan_cell cell_of(const cr_plan_risk *risk, int scenario)
{
    return scenario == CR_SCENARIO_INHERENT   ? risk->inherent
           : scenario == CR_SCENARIO_RESIDUAL ? risk->residual
                                              : risk->target;
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
    text_escaped(sb, report_label_text(RL_HEATMAPS, lang));
    cr_strbuf_puts(sb, report_colon(lang));
    text_escaped(sb, report_scenario_name(scenario, lang));
    cr_strbuf_puts(sb, "</title>");
    for (int impact = 5; impact >= 1; impact--) {
        double y = top + (5 - impact) * ch;
        cr_strbuf_printf(sb,
                         "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\" "
                         "dominant-baseline=\"middle\">%d</text>",
                         left - 8, y + ch / 2, impact);
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
            cr_strbuf_printf(sb,
                             "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                             "class=\"count\" fill=\"%s\">%zu</text>",
                             x + cw / 2, y + 17, ink, count);
            /* Up to two ids fit a cell; more are counted. */
            cr_strbuf_printf(sb,
                             "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                             "class=\"ids\" fill=\"%s\">",
                             x + cw / 2, y + 31, ink);
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
                    text_escaped(sb, strncmp(id, "CR", 2) == 0 ? id + 2 : id);
                }
                shown++;
            }
            if (shown > 2)
                cr_strbuf_printf(sb, " +%zu", shown - 2);
            cr_strbuf_puts(sb, "</text>");
        }
    }
    for (int like = 1; like <= 5; like++)
        cr_strbuf_printf(sb,
                         "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" "
                         "text-anchor=\"middle\">%d</text>",
                         left + (like - 0.5) * cw, top + 5 * ch + 14, like);
    cr_strbuf_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis-title\" "
                         "text-anchor=\"middle\">",
                     left + 2.5 * cw, top + 5 * ch + 32);
    text_escaped(sb, report_label_text(RL_LIKELIHOOD, lang));
    cr_strbuf_puts(sb, " →</text>");
    cr_strbuf_printf(sb,
                     "<text transform=\"translate(10 %.1f) rotate(-90)\" class=\"axis-title\" "
                     "text-anchor=\"middle\">",
                     top + 2.5 * ch);
    text_escaped(sb, report_label_text(RL_IMPACT, lang));
    cr_strbuf_puts(sb, " →</text></svg>");
}

/* ---- loss exceedance ---------------------------------------------------- */

typedef struct frame {
    double x0, x1, y0, y1; /* plot area in SVG units */
    double lmin, lmax;     /* log10 of the loss range */
} frame;

static double fx(const frame *f, double loss)
{
    double l = log10(loss);
    if (l < f->lmin)
        l = f->lmin;
    if (l > f->lmax)
        l = f->lmax;
    return f->x0 + (l - f->lmin) / (f->lmax - f->lmin) * (f->x1 - f->x0);
}

static double fy(const frame *f, double p)
{
    return f->y1 - p * (f->y1 - f->y0);
}

static double band_x(const void *f, double loss)
{
    return fx(f, loss);
}

static double band_y(const void *f, double p)
{
    return fy(f, p);
}

void chart_lec(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    /* The three scenarios, then the target before insurance (REPORT_GROSS). */
    static const char *const colour[REPORT_CURVES] = {"#7b8794", "#d9822b", "#1f5fa8",
                                                      "#1f5fa8"};
    static const char *const dash[REPORT_CURVES] = {"6 4", "", "", "2 3"};
    static const double stroke[REPORT_CURVES] = {2, 2.5, 3, 1.8};
    /* 26 units under the axis title hold the legend's row. */
    const double width = 760, height = 356;
    frame f = {78, 716, 34, 276, 0, 0};

    double lo = INFINITY, hi = 0;
    for (int s = 0; s < REPORT_CURVES; s++) {
        const cr_plan_distribution *d = report_distribution(plan, s);
        for (size_t k = 0; d->summary.years > 0 && k < d->summary.lec.n; k++)
            if (d->summary.lec.loss[k] > 0) {
                lo = fmin(lo, d->summary.lec.loss[k]);
                hi = fmax(hi, d->summary.lec.loss[k]);
            }
    }
    if (!(hi > 0)) {
        cr_strbuf_puts(sb, "<p class=\"muted\">");
        text_escaped(sb, report_label_text(RL_NO_SIMULATION, lang));
        cr_strbuf_puts(sb, "</p>");
        return;
    }
    if (!isnan(plan->appetite) && plan->appetite > 0) {
        lo = fmin(lo, plan->appetite);
        hi = fmax(hi, plan->appetite);
    }
    f.lmin = floor(log10(lo));
    f.lmax = ceil(log10(hi));
    if (f.lmax - f.lmin < 1)
        f.lmax = f.lmin + 1;

    cr_strbuf_printf(sb,
                     "<svg id=\"lec-chart\" class=\"lec\" viewBox=\"0 0 %.0f %.0f\" "
                     "role=\"img\" aria-labelledby=\"lec-title\"><title id=\"lec-title\">",
                     width, height);
    text_escaped(sb, report_label_text(RL_LEC, lang));
    cr_strbuf_puts(sb, "</title>");

    /* Grid: every 20% across, each decade (and 2x, 5x lightly) up. */
    for (int k = 0; k <= 5; k++) {
        double y = fy(&f, k / 5.0);
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                         "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"axis\" "
                         "text-anchor=\"end\" dominant-baseline=\"middle\">%d%%</text>",
                         f.x0, y, f.x1, y, f.x0 - 8, y, 20 * k);
    }
    cr_strbuf tick;
    cr_strbuf_init(&tick);
    for (double e = f.lmin; e <= f.lmax + 1e-9; e += 1) {
        for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3)) {
            double v = m * pow(10.0, e);
            if (log10(v) > f.lmax + 1e-9)
                break;
            double x = fx(&f, v);
            cr_strbuf_printf(sb,
                             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                             "class=\"%s\"/>",
                             x, f.y0, x, f.y1, m == 1 ? "grid" : "grid minor");
            if (m != 1)
                continue;
            tick.len = 0;
            report_money_short(&tick, v, plan->currency, lang);
            cr_strbuf_printf(sb,
                             "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" "
                             "text-anchor=\"middle\">",
                             x, f.y1 + 16);
            text_escaped(sb, tick.len ? tick.data : "");
            cr_strbuf_puts(sb, "</text>");
        }
    }
    cr_strbuf_printf(sb,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"frame\"/>"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"frame\"/>",
                     f.x0, f.y1, f.x1, f.y1, f.x0, f.y0, f.x0, f.y1);
    cr_strbuf_printf(sb,
                     "<text x=\"%.1f\" y=\"%.1f\" class=\"axis-title\" "
                     "text-anchor=\"middle\">",
                     (f.x0 + f.x1) / 2, height - 32);
    text_escaped(sb, report_label_text(RL_ANNUAL_LOSS, lang));
    cr_strbuf_puts(sb, "</text>");
    cr_strbuf_printf(sb,
                     "<text transform=\"translate(16 %.1f) rotate(-90)\" class=\"axis-title\" "
                     "text-anchor=\"middle\">",
                     (f.y0 + f.y1) / 2);
    text_escaped(sb, report_label_text(RL_EXCEEDANCE, lang));
    cr_strbuf_puts(sb, "</text>");

    /* The appetite. */
    if (!isnan(plan->appetite) && plan->appetite > 0) {
        double x = fx(&f, plan->appetite);
        /* The label sits left of the line, or right of it near the left edge. */
        bool left = x - f.x0 > 160;
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                         "class=\"appetite\"/><text x=\"%.1f\" y=\"%.1f\" class=\"note\" "
                         "text-anchor=\"%s\">",
                         x, f.y0 - 6, x, f.y1, left ? x - 4 : x + 4, f.y0 - 10,
                         left ? "end" : "start");
        text_escaped(sb, report_label_text(RL_APPETITE, lang));
        tick.len = 0;
        report_money_short(&tick, plan->appetite, plan->currency, lang);
        cr_strbuf_puts(sb, " ");
        text_escaped(sb, tick.len ? tick.data : "");
        cr_strbuf_puts(sb, "</text>");
    }
    cr_strbuf_free(&tick);

    /* The uncertainty bands under the curves (report/drivers_svg.c). */
    for (int s = CR_SCENARIO_RESIDUAL; plan->bands && s <= CR_SCENARIO_TARGET; s++)
        report_svg_band(sb, &plan->bands[s], &f, band_x, band_y, colour[s]);
    if (plan->bands)
        report_svg_band_note(sb, f.x0 + 8, fy(&f, 0.3), lang);
    /* Curves, then the legend in a row under the axis title: inside the plot
     * it would hide part of some curve whatever the corner, since an inherent
     * curve runs at 100% to the right and residual ones start low at the left. */
    for (int s = 0; s < REPORT_CURVES; s++) {
        const cr_plan_distribution *d = report_distribution(plan, s);
        if (d->summary.years == 0 || d->summary.lec.n == 0)
            continue;
        cr_strbuf_printf(sb,
                         "<polyline class=\"curve curve-%d\" fill=\"none\" stroke=\"%s\" "
                         "stroke-width=\"%.1f\" stroke-linejoin=\"round\"%s%s%s points=\"",
                         s, colour[s], stroke[s], dash[s][0] ? " stroke-dasharray=\"" : "",
                         dash[s], dash[s][0] ? "\"" : "");
        cr_strbuf_printf(sb, "%.1f,%.1f", f.x0, fy(&f, d->summary.lec.exceedance[0]));
        for (size_t k = 0; k < d->summary.lec.n; k++)
            if (d->summary.lec.loss[k] > 0)
                cr_strbuf_printf(sb, " %.1f,%.1f", fx(&f, d->summary.lec.loss[k]),
                                 fy(&f, d->summary.lec.exceedance[k]));
        cr_strbuf_puts(sb, "\"/>");
    }
    int drawn = 0;
    double step = plan->target_gross.summary.years > 0 ? 160.0 : 210.0;
    for (int s = 0; s < REPORT_CURVES; s++) {
        const cr_plan_distribution *d = report_distribution(plan, s);
        if (d->summary.years == 0 || d->summary.lec.n == 0)
            continue;
        double lx = f.x0 + step * drawn++, ly = height - 9;
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                         "stroke-width=\"%.1f\"%s%s%s/>"
                         "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\" "
                         "dominant-baseline=\"middle\">",
                         lx, ly, lx + 30, ly, colour[s], stroke[s],
                         dash[s][0] ? " stroke-dasharray=\"" : "", dash[s],
                         dash[s][0] ? "\"" : "", lx + 38, ly);
        text_escaped(sb, report_scenario_name(s, lang));
        cr_strbuf_puts(sb, "</text>");
    }
    cr_strbuf_puts(sb, "</svg>");
}
