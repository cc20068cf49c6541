/*
 * chart_dots.c -- a dot plot of estimates on a logarithmic axis.
 *
 * One row per person who gave the estimate: a whisker from min to max and
 * a dot at the most likely value; under them a last row for the pool: its
 * band (5th-95th percentile) shaded across all rows and its mean as a
 * diamond.  The axis is logarithmic, whole decades from the smallest
 * positive value shown to the largest, because the people of a workshop
 * disagree by factors, not by amounts: 0.2 and 20 events a year are as far
 * apart as 20 and 2,000.  A value of 0 (a minimum of "never") is drawn at
 * the axis's left end.  A row marked accent (who stands apart) is drawn in
 * the accent colour (the page's style sheet: .out).
 */
#include <math.h>
#include <stdio.h>

#include "report/chart.h"

#define PLOT_WIDTH 300.0 /* the axis, in px */
#define PLOT_LEFT 56.0   /* room for the participant's name */
#define ROW 16.0

static void widen(double *lo, double *hi, double x)
{
    if (x > 0.0 && isfinite(x)) {
        if (x < *lo)
            *lo = x;
        if (x > *hi)
            *hi = x;
    }
}

void chart_dot_plot(cr_strbuf *sb, const chart_dots *c)
{
    double lo = INFINITY, hi = 0.0;
    for (size_t i = 0; i < c->n_rows; i++) {
        widen(&lo, &hi, c->rows[i].min);
        widen(&lo, &hi, c->rows[i].likely);
        widen(&lo, &hi, c->rows[i].max);
    }
    widen(&lo, &hi, c->band_lo);
    widen(&lo, &hi, c->band_hi);
    if (!(hi > 0.0)) { /* every value 0: one decade around 1 */
        lo = 0.1;
        hi = 1.0;
    }
    chart_scale a = {0, 0, PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH, true};
    chart_decades(lo, hi, &a.v0, &a.v1);
    size_t rows = c->n_rows;
    double height = ROW * (double)(rows + 1) + 22.0;
    cr_strbuf_printf(sb, "<svg class=\"dots\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
                         "aria-label=\"", PLOT_LEFT + PLOT_WIDTH + 16.0, height);
    chart_esc(sb, c->title);
    cr_strbuf_puts(sb, "\">");
    /* the band, behind everything */
    cr_strbuf_printf(sb, "<rect class=\"band\" x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"%.0f\"/>",
                     chart_at(&a, c->band_lo),
                     fmax(1.0, chart_at(&a, c->band_hi) - chart_at(&a, c->band_lo)),
                     ROW * (double)(rows + 1));
    for (size_t i = 0; i < rows; i++) {
        const chart_dot_row *g = &c->rows[i];
        double y = ROW * (double)i + ROW / 2.0 + 2.0;
        const char *cls = g->accent ? " out" : "";
        chart_label(sb, g->name, "x=\"%.0f\" y=\"%.1f\" class=\"who%s\"", PLOT_LEFT - 6.0,
                    y + 4.0, cls);
        cr_strbuf_printf(sb, "<line class=\"whisker%s\" x1=\"%.1f\" x2=\"%.1f\" "
                             "y1=\"%.1f\" y2=\"%.1f\"/><circle class=\"dot%s\" cx=\"%.1f\" "
                             "cy=\"%.1f\" r=\"4\"/>",
                         cls, chart_at(&a, g->min), chart_at(&a, g->max), y, y, cls,
                         chart_at(&a, g->likely), y);
    }
    double y = ROW * (double)rows + ROW / 2.0 + 2.0, x = chart_at(&a, c->mean);
    chart_label(sb, c->mean_name, "x=\"%.0f\" y=\"%.1f\" class=\"who\"", PLOT_LEFT - 6.0,
                y + 4.0);
    cr_strbuf_printf(sb, "<path class=\"mean\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\"/>", x, y - 5.0);
    /* the axis: a tick per decade, labelled every decade that fits */
    double base = ROW * (double)(rows + 1) + 4.0;
    cr_strbuf_printf(sb, "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                     PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH, base, base);
    int decades = (int)(a.v1 - a.v0);
    int step = decades > 6 ? 2 : 1;
    for (int d = 0; d <= decades; d += step) {
        double v = pow(10.0, a.v0 + d);
        char label[48] = "";
        c->tick(label, sizeof label, v, c->tick_ctx);
        double tx = chart_at(&a, v);
        cr_strbuf_printf(sb, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
                             "y2=\"%.1f\"/>",
                         tx, tx, base, base + 3.0);
        chart_label(sb, label, "class=\"tick\" x=\"%.1f\" y=\"%.1f\"", tx, base + 14.0);
    }
    cr_strbuf_puts(sb, "</svg>");
}
