/*
 * chart.h -- the chart module: every SVG chart cloudrisk draws, for the
 * report and for the stages after it (through report_iface.h).
 *
 *   chart.c           the layer the charts share: scales (linear or
 *                     logarithmic, clamped), whole decades around a range,
 *                     and text, escaped here and nowhere else
 *   chart_heatmap.c   a plan's 5x5 heat map of one scenario
 *   chart_lec.c       a plan's loss-exceedance curves, with the appetite and
 *                     the optional uncertainty band
 *   chart_lec_log.c   one loss-exceedance curve on log-log axes with amounts
 *                     marked (a fleet's total)
 *   chart_tornado.c   the tornado of a sensitivity analysis
 *   chart_dots.c      a dot plot of estimates on a log scale (a workshop's)
 *
 * A chart is inline SVG: no script, no external reference, no namespace
 * unless it stands alone as a file.  Every text that reaches a chart goes
 * through chart_esc (XML escaping: &, <, >, " and ').  Charts append to a
 * cr_strbuf; a failed allocation marks it failed, as everywhere.
 */
#ifndef CR_REPORT_CHART_H
#define CR_REPORT_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "cloudrisk/sensitivity.h"
#include "util/text.h"

/* ---- the shared layer (chart.c) ------------------------------------------ */

/* A scale from values to SVG units: [v0, v1] onto [p0, p1], clamped to it.
 * A logarithmic scale's v0 and v1 are decades (log10 of the ends), and it
 * puts a value <= 0 at p0 (a "never" at the axis's start). */
typedef struct chart_scale {
    double v0, v1;
    double p0, p1;
    bool log;
} chart_scale;
double chart_at(const chart_scale *s, double v);

/* The whole decades around [lo, hi] (both > 0): floor(log10 lo) and
 * ceil(log10 hi), at least one decade apart. */
void chart_decades(double lo, double hi, double *d0, double *d1);

/* Text for an SVG element or attribute, escaped: the one place charts
 * escape. */
void chart_esc(cr_strbuf *sb, const char *s);
/* <text ATTRS>text</text>, the text escaped; attrs (printf-formatted) is
 * the chart's own markup: coordinates, classes, anchors. */
void chart_label(cr_strbuf *sb, const char *text, const char *attrs, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- a plan's charts -------------------------------------------------------- */

/* Colours of a level (background and ink) from green to red, spread over
 * however many levels the criteria have. */
void chart_level_colors(const cr_plan *plan, int level, const char **fill, const char **ink);

/* A heat map of one scenario (CR_SCENARIO_*), element id "heatmap-<name>". */
void chart_heatmap(cr_strbuf *sb, const cr_plan *plan, int scenario, cr_report_lang lang);

/* The loss-exceedance curves of the scenarios that were simulated, with the
 * appetite marked and, when the plan has them, the residual's and target's
 * uncertainty bands shaded under their curves; element id "lec-chart". */
void chart_lec(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);

/* The tornado of a sensitivity analysis, top rows first, amounts in the
 * currency; standalone (a file of its own) adds the SVG namespace, which
 * inline SVG in HTML does without. */
void chart_tornado(cr_strbuf *sb, const cr_sensitivity *s, const char *currency, size_t top,
                   bool standalone, cr_report_lang lang);
#define CHART_TORNADO_TOP 10

/* The axis's labels: v (a power of ten) in words into buf. */
typedef void (*chart_tick_fn)(char *buf, size_t size, double v, const void *ctx);

/* ---- one loss-exceedance curve, log-log (chart_lec_log.c) ------------------ */

/* An amount marked by a dashed line: the appetite (red) or a threshold;
 * widen: the loss axis reaches it even where no year does. */
typedef struct chart_mark {
    double at;
    bool appetite;
    bool widen;
} chart_mark;

typedef struct chart_log_lec {
    const char *title;         /* the chart's accessible name */
    const char *empty;         /* said instead when no year had a loss */
    const char *x_title, *y_title;
    const char *appetite_name, *mark_name; /* the marks' titles */
    const double *loss, *exceedance; /* the curve: P(loss > loss[k]) */
    size_t n;
    const chart_mark *marks;
    size_t n_marks;
    chart_tick_fn tick;        /* the loss axis's labels */
    const void *tick_ctx;
} chart_log_lec;
void chart_lec_log(cr_strbuf *sb, const chart_log_lec *c);

/* ---- a dot plot of estimates (chart_dots.c) --------------------------------- */

/* One row: a person's estimate, a whisker from min to max and a dot at the
 * most likely value; accent: drawn in the accent colour (who stands apart). */
typedef struct chart_dot_row {
    const char *name;
    double min, likely, max;
    bool accent;
} chart_dot_row;

typedef struct chart_dots {
    const char *title;         /* the chart's accessible name */
    const chart_dot_row *rows;
    size_t n_rows;
    double band_lo, band_hi;   /* a band behind every row (a pool's P5-P95) */
    double mean;               /* a diamond on a last row of its own ... */
    const char *mean_name;     /* ... named so */
    chart_tick_fn tick;
    const void *tick_ctx;
} chart_dots;

/* The rows on a logarithmic axis of whole decades from the smallest
 * positive value shown to the largest (every value 0: 0.1 to 1), labelled
 * every decade, every other one past six. */
void chart_dot_plot(cr_strbuf *sb, const chart_dots *c);

#endif
