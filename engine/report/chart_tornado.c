/*
 * chart_tornado.c -- the tornado of a sensitivity analysis.
 *
 * One row per input, the largest swing on top; a vertical line at the total
 * expected annual loss as estimated; from it, a bar to the total with the
 * input at its 10th percentile and one to the total at its 90th (lighter
 * and darker blue), each end labelled with the change.  The scale is
 * symmetric about the line, set by the largest change shown.
 */
#include <math.h>
#include <stdio.h>

#include "report/chart.h"
#include "report/drivers.h"
#include "report/labels.h"

#define LOW_FILL "#9dbfe6"
#define HIGH_FILL "#1f5fa8"

typedef struct layout {
    double width, label_right, centre, half, row_h, top_y;
    double reach; /* the change drawn `half` units long */
} layout;

static void row_of(cr_strbuf *sb, cr_strbuf *t, const layout *g, const cr_sensitivity *s,
                   size_t i, const char *currency, cr_report_lang lang)
{
    const cr_sens_row *row = &s->rows[i];
    double y = g->top_y + g->row_h * (double)i, mid = y + g->row_h / 2;
    if (i % 2 == 0)
        cr_strbuf_printf(sb,
                         "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                         "fill=\"#f5f7fa\"/>",
                         y, g->width, g->row_h);
    /* The input's name, with its range underneath. */
    t->len = 0;
    drivers_input_name(t, row, NULL, lang);
    chart_label(sb, t->data,
                "x=\"%.1f\" y=\"%.1f\" font-size=\"11.5\" fill=\"#1f2933\" text-anchor=\"end\"",
                g->label_right, mid - 3);
    t->len = 0;
    cr_strbuf_puts(t, drivers_word_text(DW_RANGE, lang));
    cr_strbuf_puts(t, report_colon(lang));
    drivers_input_range(t, row, currency, lang);
    chart_label(sb, t->data,
                "x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#5b6776\" text-anchor=\"end\"",
                g->label_right, mid + 11);
    /* The two bars: the longer first, so the shorter stays visible. */
    double d[2] = {row->ale_low - s->ale_base, row->ale_high - s->ale_base};
    int order[2] = {0, 1};
    if (fabs(d[1]) > fabs(d[0])) {
        order[0] = 1;
        order[1] = 0;
    }
    for (int b = 0; b < 2; b++) {
        int side = order[b];
        double x = g->centre + g->half * d[side] / g->reach;
        double x0 = fmin(x, g->centre), w = fabs(x - g->centre);
        cr_strbuf_printf(sb,
                         "<rect class=\"bar-%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                         "height=\"%.1f\" fill=\"%s\"/>",
                         side ? "high" : "low", x0, mid - 9, w < 0.5 ? 0.5 : w, 18.0,
                         side ? HIGH_FILL : LOW_FILL);
    }
    /* The changes at the bars' ends (or beside the line when tiny); both on
     * one side: the low one a little above, the high one below. */
    for (int side = 0; side < 2; side++) {
        double x = g->centre + g->half * d[side] / g->reach;
        bool left = d[side] < 0 || (d[side] == 0 && side == 0);
        t->len = 0;
        drivers_change(t, d[side], currency, lang);
        chart_label(sb, t->data,
                    "x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" fill=\"#1f2933\" "
                    "text-anchor=\"%s\"",
                    left ? x - 4 : x + 4, mid + 4 + (d[0] * d[1] > 0 ? (side ? 7 : -5) : 0),
                    left ? "end" : "start");
    }
}

void chart_tornado(cr_strbuf *sb, const cr_sensitivity *s, const char *currency, size_t top,
                   bool standalone, cr_report_lang lang)
{
    if (!s || !s->present || s->n_rows == 0)
        return;
    size_t n = s->n_rows < top ? s->n_rows : top;
    layout g = {820, 318, 572, 150, 36, 44, 0.0};
    double height = g.top_y + g.row_h * (double)n + 46;
    for (size_t i = 0; i < n; i++) {
        g.reach = fmax(g.reach, fabs(s->rows[i].ale_low - s->ale_base));
        g.reach = fmax(g.reach, fabs(s->rows[i].ale_high - s->ale_base));
    }
    if (!(g.reach > 0))
        g.reach = 1.0;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_printf(sb,
                     "<svg%s id=\"tornado\" class=\"tornado\" font-family=\"sans-serif\" "
                     "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"tornado-title\" "
                     "style=\"display:block;width:100%%;height:auto\">"
                     "<title id=\"tornado-title\">",
                     standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", g.width, height);
    chart_esc(sb, drivers_word_text(DW_TORNADO, lang));
    cr_strbuf_puts(sb, "</title>");
    /* The line at the estimate, labelled above. */
    cr_strbuf_printf(sb,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#394452\" "
                     "stroke-width=\"1.2\"/>",
                     g.centre, g.top_y - 8, g.centre, g.top_y + g.row_h * (double)n + 4);
    cr_strbuf_printf(&t, "%s ", drivers_word_text(DW_AS_ESTIMATED, lang));
    report_money_short(&t, s->ale_base, currency, lang);
    chart_label(sb, t.data,
                "x=\"%.1f\" y=\"%.1f\" font-size=\"11.5\" fill=\"#394452\" "
                "text-anchor=\"middle\"",
                g.centre, g.top_y - 14);
    for (size_t i = 0; i < n; i++)
        row_of(sb, &t, &g, s, i, currency, lang);
    /* Legend. */
    double ly = height - 16;
    cr_strbuf_printf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"12\" fill=\"%s\"/>",
                     g.label_right + 20, ly - 10, LOW_FILL);
    chart_label(sb, drivers_word_text(DW_AT_LOW, lang),
                "x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2933\"", g.label_right + 48,
                ly);
    cr_strbuf_printf(sb, "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"12\" fill=\"%s\"/>",
                     g.label_right + 250, ly - 10, HIGH_FILL);
    chart_label(sb, drivers_word_text(DW_AT_HIGH, lang),
                "x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2933\"", g.label_right + 278,
                ly);
    cr_strbuf_puts(sb, "</svg>");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}

cr_status cr_sensitivity_write_svg(const cr_sensitivity *s, const char *currency,
                                   const char *lang, size_t top, FILE *fp, cr_error *err)
{
    cr_report_lang l = CR_LANG_EN;
    if (lang && !cr_report_lang_parse(lang, &l))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "language \"%.20s\": expected en or ja", lang);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    cr_strbuf_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    chart_tornado(&sb, s, currency, top ? top : CHART_TORNADO_TOP, true, l);
    cr_strbuf_puts(&sb, "\n");
    cr_status st = CR_OK;
    if (sb.failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    else if (fwrite(sb.data, 1, sb.len, fp) != sb.len)
        st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the tornado chart");
    cr_strbuf_free(&sb);
    return st;
}
