/*
 * summary_plot.c -- the merge summary's dot plot of one estimate (frequency
 * or loss per event) of one risk, as inline SVG.
 *
 * One row per participant who gave the estimate: a whisker from min to max
 * and a dot at the most likely value; under them the pool: its 5th-95th
 * percentile as a shaded band across all rows and its mean as a diamond.
 * The axis is logarithmic, whole decades from the smallest positive value
 * shown to the largest, because the people of a workshop disagree by
 * factors, not by amounts: 0.2 and 20 events a year are as far apart as 20
 * and 2,000.  A value of 0 (a minimum of "never") is drawn at the axis's
 * left end.  The participant who stands apart (outlier.c) is drawn in the
 * accent colour.
 */
#include <math.h>
#include <stdio.h>

#include "workshop/cells.h"
#include "workshop/rationale.h"
#include "workshop/summary.h"

#define PLOT_WIDTH 300.0 /* the axis, in px */
#define PLOT_LEFT 56.0   /* room for the participant's name */
#define ROW 16.0

typedef struct axis {
    double lo, hi; /* decades: log10 of the ends */
} axis;

static void widen(double *lo, double *hi, double x)
{
    if (x > 0.0 && isfinite(x)) {
        if (x < *lo)
            *lo = x;
        if (x > *hi)
            *hi = x;
    }
}

static double xpos(const axis *a, double v)
{
    if (!(v > 0.0))
        return PLOT_LEFT;
    double t = (log10(v) - a->lo) / (a->hi - a->lo);
    return PLOT_LEFT + PLOT_WIDTH * (t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t);
}

static const cr_workshop_range *range_of(const cr_workshop_entry *e, bool frequency)
{
    return frequency ? &e->frequency : &e->loss;
}

/* A short label of a decade: 0.01, 1, 100 a year; ¥10k, ¥1M, 1億円. */
static void tick_label(char *buf, size_t size, double v, bool money, const char *currency,
                       const char *lang)
{
    if (money)
        cr_ws_format_money(buf, size, v, currency, lang);
    else
        cr_ws_format_number(buf, size, v);
}

void cr_ws_dot_plot(cr_strbuf *sb, const cr_workshop_result *r, const cr_workshop_consensus *c,
                    bool frequency, const cr_ws_words *w)
{
    const cr_workshop_pool *pool = frequency ? &c->frequency : &c->loss;
    if (pool->n == 0)
        return;
    double p05 = cr_workshop_pool_quantile(&pool->dist, 0.05);
    double p95 = cr_workshop_pool_quantile(&pool->dist, 0.95);
    double mean = cr_dist_mean(&pool->dist);
    double lo = INFINITY, hi = 0.0;
    size_t rows = 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_range *g = range_of(&c->entries[i], frequency);
        if (!g->given)
            continue;
        rows++;
        widen(&lo, &hi, g->min);
        widen(&lo, &hi, g->likely);
        widen(&lo, &hi, g->max);
    }
    widen(&lo, &hi, p05);
    widen(&lo, &hi, p95);
    if (!(hi > 0.0)) { /* every value 0: one decade around 1 */
        lo = 0.1;
        hi = 1.0;
    }
    axis a = {floor(log10(lo)), ceil(log10(hi))};
    if (a.hi <= a.lo)
        a.hi = a.lo + 1.0;
    double height = ROW * (double)(rows + 1) + 22.0;
    const char *title = frequency ? w->frequency_axis : w->loss_axis;
    cr_strbuf_printf(sb, "<svg class=\"dots\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
                         "aria-label=\"", PLOT_LEFT + PLOT_WIDTH + 16.0, height);
    cr_strbuf_html_escaped(sb, title);
    cr_strbuf_puts(sb, "\">");
    /* the pool's 5th-95th percentile, behind everything */
    cr_strbuf_printf(sb, "<rect class=\"band\" x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"%.0f\"/>",
                     xpos(&a, p05), fmax(1.0, xpos(&a, p95) - xpos(&a, p05)),
                     ROW * (double)(rows + 1));
    size_t row = 0;
    for (size_t i = 0; i < r->n_participants; i++) {
        const cr_workshop_range *g = range_of(&c->entries[i], frequency);
        if (!g->given)
            continue;
        double y = ROW * (double)row + ROW / 2.0 + 2.0;
        const char *cls = i == c->outlier ? " out" : "";
        cr_strbuf_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" class=\"who%s\">", PLOT_LEFT - 6.0,
                         y + 4.0, cls);
        cr_strbuf_html_escaped(sb, r->participants[i].name);
        cr_strbuf_printf(sb, "</text><line class=\"whisker%s\" x1=\"%.1f\" x2=\"%.1f\" "
                             "y1=\"%.1f\" y2=\"%.1f\"/><circle class=\"dot%s\" cx=\"%.1f\" "
                             "cy=\"%.1f\" r=\"4\"/>",
                         cls, xpos(&a, g->min), xpos(&a, g->max), y, y, cls,
                         xpos(&a, g->likely), y);
        row++;
    }
    double y = ROW * (double)rows + ROW / 2.0 + 2.0, x = xpos(&a, mean);
    cr_strbuf_printf(sb, "<text x=\"%.0f\" y=\"%.1f\" class=\"who\">", PLOT_LEFT - 6.0, y + 4.0);
    cr_strbuf_html_escaped(sb, w->pool);
    cr_strbuf_printf(sb, "</text><path class=\"mean\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\"/>", x,
                     y - 5.0);
    /* the axis: a tick per decade, labelled every decade that fits */
    double base = ROW * (double)(rows + 1) + 4.0;
    cr_strbuf_printf(sb, "<line class=\"axis\" x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\"/>",
                     PLOT_LEFT, PLOT_LEFT + PLOT_WIDTH, base, base);
    int decades = (int)(a.hi - a.lo);
    int step = decades > 6 ? 2 : 1;
    for (int d = 0; d <= decades; d += step) {
        double v = pow(10.0, a.lo + d);
        char label[48];
        tick_label(label, sizeof label, v, !frequency, r->currency, w->lang);
        double tx = xpos(&a, v);
        cr_strbuf_printf(sb, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
                             "y2=\"%.1f\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\">",
                         tx, tx, base, base + 3.0, tx, base + 14.0);
        cr_strbuf_html_escaped(sb, label);
        cr_strbuf_puts(sb, "</text>");
    }
    cr_strbuf_puts(sb, "</svg>");
}
