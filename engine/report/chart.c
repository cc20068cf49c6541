/*
 * chart.c -- what every chart shares: scales from values to SVG units, the
 * decades a logarithmic axis spans, and text, escaped here for every chart
 * (chart.h).
 *
 * A scale maps v in [v0, v1] to p0 + t (p1 - p0), t = (v - v0) / (v1 - v0)
 * clamped to [0, 1]; a logarithmic one takes t from log10 v, and puts a
 * value <= 0 at p0.  Clamping keeps a stray value on the plot's edge rather
 * than off the drawing.
 */
#include <math.h>
#include <stdarg.h>

#include "report/chart.h"

double chart_at(const chart_scale *s, double v)
{
    double t;
    if (s->log) {
        if (!(v > 0.0))
            return s->p0;
        t = (log10(v) - s->v0) / (s->v1 - s->v0);
    } else {
        t = (v - s->v0) / (s->v1 - s->v0);
    }
    if (t < 0.0)
        t = 0.0;
    if (t > 1.0)
        t = 1.0;
    return s->p0 + t * (s->p1 - s->p0);
}

void chart_decades(double lo, double hi, double *d0, double *d1)
{
    *d0 = floor(log10(lo));
    *d1 = ceil(log10(hi));
    if (*d1 - *d0 < 1)
        *d1 = *d0 + 1;
}

void chart_esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

void chart_label(cr_strbuf *sb, const char *text, const char *attrs, ...)
{
    va_list ap;
    va_start(ap, attrs);
    cr_strbuf_puts(sb, "<text ");
    cr_strbuf_vprintf(sb, attrs, ap);
    va_end(ap);
    cr_strbuf_puts(sb, ">");
    chart_esc(sb, text);
    cr_strbuf_puts(sb, "</text>");
}
