/*
 * drivers_svg.c -- the tornado chart and the uncertainty band, inline SVG
 * drawn here (no scripts, no external references; text escaped).
 *
 * The tornado: one row per input, the largest swing on top; a vertical line
 * at the total expected annual loss as estimated; from it, a bar to the
 * total with the input at its 10th percentile and one to the total at its
 * 90th (lighter and darker blue), each end labelled with the change.  The
 * scale is symmetric about the line, set by the largest change shown.
 */
#include <math.h>
#include <stdio.h>

#include "report/drivers.h"
#include "report/labels.h"

#define LOW_FILL "#9dbfe6"
#define HIGH_FILL "#1f5fa8"

static void esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

void report_svg_tornado(cr_strbuf *sb, const cr_sensitivity *s, const char *currency,
                        size_t top, bool standalone, cr_report_lang lang)
{
    if (!s || !s->present || s->n_rows == 0)
        return;
    size_t n = s->n_rows < top ? s->n_rows : top;
    const double width = 820, label_right = 318, centre = 572, half = 150, row_h = 36,
                 top_y = 44;
    double height = top_y + row_h * (double)n + 46;
    double reach = 0.0;
    for (size_t i = 0; i < n; i++) {
        reach = fmax(reach, fabs(s->rows[i].ale_low - s->ale_base));
        reach = fmax(reach, fabs(s->rows[i].ale_high - s->ale_base));
    }
    if (!(reach > 0))
        reach = 1.0;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_printf(sb,
                     "<svg%s id=\"tornado\" class=\"tornado\" font-family=\"sans-serif\" viewBox=\"0 0 %.0f %.0f\" "
                     "role=\"img\" aria-labelledby=\"tornado-title\" "
                     "style=\"display:block;width:100%%;height:auto\">"
                     "<title id=\"tornado-title\">",
                     standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", width, height);
    esc(sb, drivers_word_text(DW_TORNADO, lang));
    cr_strbuf_puts(sb, "</title>");
    /* The line at the estimate, labelled above. */
    t.len = 0;
    report_money_short(&t, s->ale_base, currency, lang);
    cr_strbuf_printf(sb,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#394452\" "
                     "stroke-width=\"1.2\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11.5\" "
                     "fill=\"#394452\" text-anchor=\"middle\">",
                     centre, top_y - 8, centre, top_y + row_h * (double)n + 4, centre,
                     top_y - 14);
    esc(sb, drivers_word_text(DW_AS_ESTIMATED, lang));
    cr_strbuf_puts(sb, " ");
    esc(sb, t.data);
    cr_strbuf_puts(sb, "</text>");
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        double y = top_y + row_h * (double)i, mid = y + row_h / 2;
        if (i % 2 == 0)
            cr_strbuf_printf(sb,
                             "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                             "fill=\"#f5f7fa\"/>",
                             y, width, row_h);
        /* The input's name, with its range underneath. */
        t.len = 0;
        drivers_input_name(&t, row, NULL, lang);
        cr_strbuf_printf(sb,
                         "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11.5\" fill=\"#1f2933\" "
                         "text-anchor=\"end\">",
                         label_right, mid - 3);
        esc(sb, t.data);
        cr_strbuf_puts(sb, "</text>");
        t.len = 0;
        drivers_input_range(&t, row, currency, lang);
        cr_strbuf_printf(sb,
                         "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#5b6776\" "
                         "text-anchor=\"end\">",
                         label_right, mid + 11);
        esc(sb, drivers_word_text(DW_RANGE, lang));
        cr_strbuf_puts(sb, lang == CR_LANG_JA ? "：" : ": ");
        esc(sb, t.data);
        cr_strbuf_puts(sb, "</text>");
        /* The two bars: the longer first, so the shorter stays visible. */
        double d[2] = {row->ale_low - s->ale_base, row->ale_high - s->ale_base};
        int order[2] = {0, 1};
        if (fabs(d[1]) > fabs(d[0])) {
            order[0] = 1;
            order[1] = 0;
        }
        for (int b = 0; b < 2; b++) {
            int side = order[b];
            double x = centre + half * d[side] / reach;
            double x0 = fmin(x, centre), w = fabs(x - centre);
            cr_strbuf_printf(sb,
                             "<rect class=\"bar-%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                             "height=\"%.1f\" fill=\"%s\"/>",
                             side ? "high" : "low", x0, mid - 9, w < 0.5 ? 0.5 : w, 18.0,
                             side ? HIGH_FILL : LOW_FILL);
        }
        /* The changes at the bars' ends (or beside the line when tiny). */
        for (int side = 0; side < 2; side++) {
            double x = centre + half * d[side] / reach;
            bool left = d[side] < 0 || (d[side] == 0 && side == 0);
            /* Both on one side: the smaller change's label goes inside. */
            t.len = 0;
            drivers_change(&t, d[side], currency, lang);
            cr_strbuf_printf(sb,
                             "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10.5\" fill=\"#1f2933\" "
                             "text-anchor=\"%s\">",
                             left ? x - 4 : x + 4, mid + (side ? 4 : 4) + (d[0] * d[1] > 0
                                                                               ? (side ? 7 : -5)
                                                                               : 0),
                             left ? "end" : "start");
            esc(sb, t.data);
            cr_strbuf_puts(sb, "</text>");
        }
    }
    /* Legend. */
    double ly = height - 16;
    cr_strbuf_printf(sb,
                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"12\" fill=\"%s\"/>"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1f2933\">",
                     label_right + 20, ly - 10, LOW_FILL, label_right + 48, ly);
    esc(sb, drivers_word_text(DW_AT_LOW, lang));
    cr_strbuf_printf(sb,
                     "</text><rect x=\"%.1f\" y=\"%.1f\" width=\"22\" height=\"12\" "
                     "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
                     "fill=\"#1f2933\">",
                     label_right + 250, ly - 10, HIGH_FILL, label_right + 278, ly);
    esc(sb, drivers_word_text(DW_AT_HIGH, lang));
    cr_strbuf_puts(sb, "</text></svg>");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}

void report_svg_band(cr_strbuf *sb, const cr_sim_bands *b, const void *chart,
                     report_axis_fn x, report_axis_fn y, const char *fill)
{
    if (!b || !b->present || b->n_points == 0)
        return;
    cr_strbuf_printf(sb, "<polygon class=\"band\" fill=\"%s\" fill-opacity=\"0.18\" "
                         "stroke=\"none\" points=\"",
                     fill);
    for (size_t k = 0; k < b->n_points; k++)
        cr_strbuf_printf(sb, "%s%.1f,%.1f", k ? " " : "", x(chart, b->loss_p05[k]),
                         y(chart, b->exceedance[k]));
    for (size_t k = b->n_points; k-- > 0;)
        cr_strbuf_printf(sb, " %.1f,%.1f", x(chart, b->loss_p95[k]), y(chart, b->exceedance[k]));
    cr_strbuf_puts(sb, "\"/>");
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
    report_svg_tornado(&sb, s, currency, top ? top : REPORT_TORNADO_TOP, true, l);
    cr_strbuf_puts(&sb, "\n");
    cr_status st = CR_OK;
    if (sb.failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    else if (fwrite(sb.data, 1, sb.len, fp) != sb.len)
        st = cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the tornado chart");
    cr_strbuf_free(&sb);
    return st;
}

void report_svg_band_note(cr_strbuf *sb, double x, double y, cr_report_lang lang)
{
    cr_strbuf_printf(sb, "<text x=\"%.1f\" y=\"%.1f\" class=\"legend\" font-size=\"11\">", x, y);
    esc(sb, drivers_word_text(DW_BAND_LEGEND, lang));
    cr_strbuf_puts(sb, "</text>");
}
