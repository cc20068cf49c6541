/*
 * chart_lec_log.c -- one loss-exceedance curve with both axes logarithmic
 * (a fleet's total: the tail is what matters), amounts marked on it.
 *
 * x spans whole decades over the losses exceeded with probability 99% or
 * less (the few smallest years would stretch it for nothing; all of them
 * when none is) and the marks that widen it; y, P(loss > x), whole decades
 * from the smallest probability on the curve (at most 10%) to 100%.  Marks
 * are dashed vertical lines, the appetite's red, each titled.
 */
#include <math.h>

#include "report/chart.h"

void chart_lec_log(cr_strbuf *sb, const chart_log_lec *c)
{
    double lo = INFINITY, smallest = INFINITY, hi = 0, pmin = 1;
    for (size_t k = 0; k < c->n; k++)
        if (c->loss[k] > 0) {
            if (c->exceedance[k] <= 0.99)
                lo = fmin(lo, c->loss[k]);
            smallest = fmin(smallest, c->loss[k]);
            hi = fmax(hi, c->loss[k]);
            pmin = fmin(pmin, c->exceedance[k]);
        }
    if (!isfinite(lo))
        lo = smallest;
    if (!(hi > 0)) {
        cr_strbuf_puts(sb, "<p>");
        chart_esc(sb, c->empty);
        cr_strbuf_puts(sb, "</p>\n");
        return;
    }
    for (size_t k = 0; k < c->n_marks; k++) {
        if (!c->marks[k].widen)
            continue;
        lo = fmin(lo, c->marks[k].at);
        hi = fmax(hi, c->marks[k].at);
    }
    const double x0 = 70, x1 = 620, y0 = 10, y1 = 250, width = 640, height = 290;
    chart_scale x = {0, 0, x0, x1, true};
    chart_decades(lo, hi, &x.v0, &x.v1);
    chart_scale y = {0, floor(log10(pmin)), y0, y1, true};
    if (y.v1 > -1)
        y.v1 = -1;
    cr_strbuf_printf(sb, "<svg role=\"img\" aria-label=\"");
    chart_esc(sb, c->title);
    cr_strbuf_printf(sb, "\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n", width,
                     height, width, height);
    for (double e = x.v0; e <= x.v1 + 1e-9; e += 1) {
        char label[48] = "";
        c->tick(label, sizeof label, pow(10, e), c->tick_ctx);
        double at = chart_at(&x, pow(10, e));
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#ddd\"/>",
                         at, y0, at, y1);
        chart_label(sb, label, "x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\"",
                    at, y1 + 14);
        cr_strbuf_puts(sb, "\n");
    }
    for (double e = y.v1; e <= 0; e += 1) {
        double at = chart_at(&y, pow(10, e));
        cr_strbuf_printf(sb,
                         "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
                         "stroke=\"#ddd\"/><text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" "
                         "text-anchor=\"end\">%g%%</text>\n",
                         x0, at, x1, at, x0 - 4, at + 3, 100 * pow(10, e));
    }
    chart_label(sb, c->x_title, "x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\"",
                (x0 + x1) / 2, height - 6);
    cr_strbuf_puts(sb, "\n");
    chart_label(sb, c->y_title,
                "transform=\"translate(12 %.0f) rotate(-90)\" font-size=\"11\" "
                "text-anchor=\"middle\"",
                (y0 + y1) / 2);
    cr_strbuf_puts(sb, "\n");
    for (size_t k = 0; k < c->n_marks; k++) {
        const chart_mark *m = &c->marks[k];
        if (m->at > pow(10, x.v1) || m->at < pow(10, x.v0))
            continue;
        double at = chart_at(&x, m->at);
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
                         "stroke=\"%s\" stroke-dasharray=\"4 3\"><title>",
                         at, y0, at, y1, m->appetite ? "#d32f2f" : "#999");
        chart_esc(sb, m->appetite ? c->appetite_name : c->mark_name);
        cr_strbuf_puts(sb, "</title></line>\n");
    }
    cr_strbuf_puts(sb, "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" "
                       "points=\"");
    for (size_t k = 0; k < c->n; k++)
        if (c->loss[k] >= pow(10, x.v0))
            cr_strbuf_printf(sb, "%.1f,%.1f ", chart_at(&x, c->loss[k]),
                             chart_at(&y, c->exceedance[k]));
    cr_strbuf_printf(sb,
                     "\"/>\n<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
                     "stroke=\"#444\"/><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
                     "y2=\"%.0f\" stroke=\"#444\"/>\n</svg>\n",
                     x0, y1, x1, y1, x0, y0, x0, y1);
}
