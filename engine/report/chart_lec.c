/*
 * chart_lec.c -- a plan's loss-exceedance curves.
 *
 * x is the annual loss on a logarithmic scale (decades from the smallest
 * to the largest loss on any curve, the appetite included), y the
 * probability that a year's loss exceeds x, 0-100%.  Each scenario is drawn
 * through the points of its simulated curve, starting level at the left
 * edge with P(loss > 0).  Scenarios differ in colour and in dash pattern,
 * so that a black-and-white print still tells them apart.  A plan with
 * uncertainty bands (two-level Monte Carlo) has the residual's and the
 * target's P5-P95 band shaded under its curve, in the curve's colour.
 */
#include <math.h>
#include <stdbool.h>

#include "report/chart.h"
#include "report/drivers.h"
#include "report/labels.h"
#include "report/report_internal.h"

typedef struct frame {
    chart_scale x, y;
    double x0, x1, y0, y1; /* plot area in SVG units */
} frame;

/* The band of one scenario's curve: P5 along the probabilities, P95 back. */
static void band(cr_strbuf *sb, const frame *f, const cr_sim_bands *b, const char *fill)
{
    if (!b || !b->present || b->n_points == 0)
        return;
    cr_strbuf_printf(sb, "<polygon class=\"band\" fill=\"%s\" fill-opacity=\"0.18\" "
                         "stroke=\"none\" points=\"",
                     fill);
    for (size_t k = 0; k < b->n_points; k++)
        cr_strbuf_printf(sb, "%s%.1f,%.1f", k ? " " : "", chart_at(&f->x, b->loss_p05[k]),
                         chart_at(&f->y, b->exceedance[k]));
    for (size_t k = b->n_points; k-- > 0;)
        cr_strbuf_printf(sb, " %.1f,%.1f", chart_at(&f->x, b->loss_p95[k]),
                         chart_at(&f->y, b->exceedance[k]));
    cr_strbuf_puts(sb, "\"/>");
}

static void grid(cr_strbuf *sb, cr_strbuf *tick, const frame *f, const cr_plan *plan,
                 cr_report_lang lang)
{
    /* Every 20% across, each decade (and 2x, 5x lightly) up. */
    for (int k = 0; k <= 5; k++) {
        double y = chart_at(&f->y, k / 5.0);
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                         "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"axis\" "
                         "text-anchor=\"end\" dominant-baseline=\"middle\">%d%%</text>",
                         f->x0, y, f->x1, y, f->x0 - 8, y, 20 * k);
    }
    for (double e = f->x.v0; e <= f->x.v1 + 1e-9; e += 1) {
        for (int m = 1; m <= 5; m += (m == 1 ? 1 : 3)) {
            double v = m * pow(10.0, e);
            if (log10(v) > f->x.v1 + 1e-9)
                break;
            double x = chart_at(&f->x, v);
            cr_strbuf_printf(sb,
                             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                             "class=\"%s\"/>",
                             x, f->y0, x, f->y1, m == 1 ? "grid" : "grid minor");
            if (m != 1)
                continue;
            tick->len = 0;
            report_money_short(tick, v, plan->currency, lang);
            chart_label(sb, tick->len ? tick->data : "",
                        "x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\"", x,
                        f->y1 + 16);
        }
    }
    cr_strbuf_printf(sb,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"frame\"/>"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"frame\"/>",
                     f->x0, f->y1, f->x1, f->y1, f->x0, f->y0, f->x0, f->y1);
}

/* The appetite: a line, labelled left of it, or right of it near the left
 * edge. */
static void appetite(cr_strbuf *sb, cr_strbuf *tick, const frame *f, const cr_plan *plan,
                     cr_report_lang lang)
{
    double x = chart_at(&f->x, plan->appetite);
    bool left = x - f->x0 > 160;
    cr_strbuf_printf(sb,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                     "class=\"appetite\"/>",
                     x, f->y0 - 6, x, f->y1);
    tick->len = 0;
    cr_strbuf_printf(tick, "%s ", report_label_text(RL_APPETITE, lang));
    report_money_short(tick, plan->appetite, plan->currency, lang);
    chart_label(sb, tick->len ? tick->data : "",
                "x=\"%.1f\" y=\"%.1f\" class=\"note\" text-anchor=\"%s\"",
                left ? x - 4 : x + 4, f->y0 - 10, left ? "end" : "start");
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
    frame f = {.x0 = 78, .x1 = 716, .y0 = 34, .y1 = 276};

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
        chart_esc(sb, report_label_text(RL_NO_SIMULATION, lang));
        cr_strbuf_puts(sb, "</p>");
        return;
    }
    bool has_appetite = !isnan(plan->appetite) && plan->appetite > 0;
    if (has_appetite) {
        lo = fmin(lo, plan->appetite);
        hi = fmax(hi, plan->appetite);
    }
    f.x = (chart_scale){0, 0, f.x0, f.x1, true};
    chart_decades(lo, hi, &f.x.v0, &f.x.v1);
    f.y = (chart_scale){0, 1, f.y1, f.y0, false};

    cr_strbuf_printf(sb,
                     "<svg id=\"lec-chart\" class=\"lec\" viewBox=\"0 0 %.0f %.0f\" "
                     "role=\"img\" aria-labelledby=\"lec-title\"><title id=\"lec-title\">",
                     width, height);
    chart_esc(sb, report_label_text(RL_LEC, lang));
    cr_strbuf_puts(sb, "</title>");
    cr_strbuf tick;
    cr_strbuf_init(&tick);
    grid(sb, &tick, &f, plan, lang);
    chart_label(sb, report_label_text(RL_ANNUAL_LOSS, lang),
                "x=\"%.1f\" y=\"%.1f\" class=\"axis-title\" text-anchor=\"middle\"",
                (f.x0 + f.x1) / 2, height - 32);
    chart_label(sb, report_label_text(RL_EXCEEDANCE, lang),
                "transform=\"translate(16 %.1f) rotate(-90)\" class=\"axis-title\" "
                "text-anchor=\"middle\"",
                (f.y0 + f.y1) / 2);
    if (has_appetite)
        appetite(sb, &tick, &f, plan, lang);
    if (tick.failed)
        sb->failed = true;
    cr_strbuf_free(&tick);

    /* The uncertainty bands under the curves, and what the shading means. */
    for (int s = CR_SCENARIO_RESIDUAL; plan->bands && s <= CR_SCENARIO_TARGET; s++)
        band(sb, &f, &plan->bands[s], colour[s]);
    if (plan->bands)
        chart_label(sb, drivers_word_text(DW_BAND_LEGEND, lang),
                    "x=\"%.1f\" y=\"%.1f\" class=\"legend\" font-size=\"11\"", f.x0 + 8,
                    chart_at(&f.y, 0.3));
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
        cr_strbuf_printf(sb, "%.1f,%.1f", f.x0, chart_at(&f.y, d->summary.lec.exceedance[0]));
        for (size_t k = 0; k < d->summary.lec.n; k++)
            if (d->summary.lec.loss[k] > 0)
                cr_strbuf_printf(sb, " %.1f,%.1f", chart_at(&f.x, d->summary.lec.loss[k]),
                                 chart_at(&f.y, d->summary.lec.exceedance[k]));
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
                         "stroke-width=\"%.1f\"%s%s%s/>",
                         lx, ly, lx + 30, ly, colour[s], stroke[s],
                         dash[s][0] ? " stroke-dasharray=\"" : "", dash[s],
                         dash[s][0] ? "\"" : "");
        chart_label(sb, report_scenario_name(s, lang),
                    "x=\"%.1f\" y=\"%.1f\" class=\"legend\" dominant-baseline=\"middle\"",
                    lx + 38, ly);
    }
    cr_strbuf_puts(sb, "</svg>");
}
