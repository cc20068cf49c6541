/*
 * chart_bars.c -- bar charts of counts: stacked bars (one row per name,
 * its parts left to right, a whole bar the total) and a histogram (one
 * bar per bin, the tallest the full height, every third bin labelled).
 * A part and a bar carry a title (a tooltip) with its figures.
 */
#include "report/chart.h"

void chart_stacked_bars(cr_strbuf *sb, const chart_stacks *c)
{
    const double width = 520, row = 22;
    cr_strbuf_puts(sb, "<svg role=\"img\" aria-label=\"");
    chart_esc(sb, c->title);
    cr_strbuf_printf(sb, "\" width=\"640\" height=\"%.0f\" viewBox=\"0 0 640 %.0f\">\n",
                     row * (double)c->n_rows + 10, row * (double)c->n_rows + 10);
    for (size_t r = 0; r < c->n_rows; r++) {
        const chart_stack *s = &c->rows[r];
        double y = 5 + row * (double)r, x = 80;
        chart_label(sb, s->name, "x=\"0\" y=\"%.0f\" font-size=\"12\"", y + 14);
        cr_strbuf_puts(sb, "\n");
        for (size_t k = 0; k < s->n; k++) {
            const chart_part *p = &s->parts[k];
            if (!(p->value > 0) || !(c->total > 0))
                continue;
            double w = width * p->value / c->total;
            cr_strbuf_printf(sb,
                             "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
                             "fill=\"%s\"><title>",
                             x, y, w, row - 4, p->fill);
            chart_esc(sb, p->title);
            cr_strbuf_puts(sb, "</title></rect>\n");
            x += w;
        }
    }
    cr_strbuf_puts(sb, "</svg>\n");
}

void chart_histogram(cr_strbuf *sb, const chart_bins *c)
{
    long most = 1;
    for (size_t k = 0; k < c->n; k++)
        if (c->counts[k] > most)
            most = c->counts[k];
    const double bar = 44, height = 160;
    cr_strbuf_puts(sb, "<svg role=\"img\" aria-label=\"");
    chart_esc(sb, c->title);
    cr_strbuf_printf(sb, "\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
                     bar * (double)c->n + 10, height + 40, bar * (double)c->n + 10, height + 40);
    for (size_t k = 0; k < c->n; k++) {
        double h = height * (double)c->counts[k] / (double)most;
        cr_strbuf_printf(sb,
                         "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                         "fill=\"#5c6bc0\"><title>",
                         5 + bar * (double)k, height - h + 5, bar - 4, h);
        chart_esc(sb, c->tips[k]);
        cr_strbuf_puts(sb, "</title></rect>\n");
        if (k % 3 == 0) {
            chart_label(sb, c->labels[k], "x=\"%.0f\" y=\"%.0f\" font-size=\"10\"",
                        5 + bar * (double)k, height + 20);
            cr_strbuf_puts(sb, "\n");
        }
    }
    cr_strbuf_puts(sb, "</svg>\n");
}
