/*
 * drivers_html.c -- the HTML report's section on what drives the loss: the
 * tornado chart with its table (top rows), the value of each control
 * ranked, and the uncertainty bands' figures (their shaded band is drawn on
 * the loss-exceedance chart).  Self-contained: it writes nothing for a plan
 * drawn without them.
 */
#include <math.h>

#include "report/drivers.h"
#include "report/labels.h"
#include "report/report_internal.h"

/* Escaped text, a label, scratch text and short money (the report's
 * formatting, labels.h). */
static void hp_esc(cr_strbuf *sb, const char *s)
{
    cr_strbuf_html_escaped(sb, s ? s : "");
}

static void hp_label(cr_strbuf *sb, report_label l, cr_report_lang lang)
{
    hp_esc(sb, report_label_text(l, lang));
}

static void hp_flush(cr_strbuf *sb, cr_strbuf *t)
{
    hp_esc(sb, t->len ? t->data : "");
    t->len = 0;
}

static void hp_short_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                           cr_report_lang lang)
{
    if (isnan(v)) {
        cr_strbuf_puts(sb, "\u2013");
        return;
    }
    report_money_short(t, v, plan->currency, lang);
    hp_flush(sb, t);
}

static void word(cr_strbuf *sb, drivers_word w, cr_report_lang lang)
{
    hp_esc(sb, drivers_word_text(w, lang));
}

static void th(cr_strbuf *sb, drivers_word w, bool num, cr_report_lang lang)
{
    /* The rank's one word never wraps (a narrow column breaks 順位). */
    cr_strbuf_puts(sb, w == DW_RANK ? "<th class=\"num\" style=\"white-space:nowrap\">"
                       : num      ? "<th class=\"num\">"
                                  : "<th>");
    word(sb, w, lang);
    cr_strbuf_puts(sb, "</th>");
}

static void money_cell(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                       cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<td class=\"num\">");
    hp_short_money(sb, t, plan, v, lang);
    cr_strbuf_puts(sb, "</td>");
}

static void change_cell(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                        double base, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<td class=\"num\">");
    hp_short_money(sb, t, plan, v, lang);
    cr_strbuf_puts(sb, "<br><span class=\"muted small\">");
    drivers_change(t, v - base, plan->currency, lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</span></td>");
}

static void tornado(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_sensitivity *s = plan->sensitivity;
    cr_strbuf_puts(sb, "<h3>");
    word(sb, DW_TORNADO, lang);
    cr_strbuf_puts(sb, "</h3><p class=\"muted small\">");
    word(sb, DW_TORNADO_NOTE_1, lang);
    report_grouped(t, (double)s->years);
    hp_flush(sb, t);
    word(sb, DW_TORNADO_NOTE_2, lang);
    word(sb, DW_TORNADO_NOTE_3, lang);
    cr_strbuf_puts(sb, "</p>");
    report_svg_tornado(sb, s, plan->currency, REPORT_TORNADO_TOP, false, lang);
    cr_strbuf_puts(sb, "<table id=\"tornado-table\"><thead><tr>");
    th(sb, DW_RANK, true, lang);
    th(sb, DW_INPUT, false, lang);
    th(sb, DW_RANGE, true, lang);
    th(sb, DW_ALE_LOW, true, lang);
    th(sb, DW_ALE_HIGH, true, lang);
    th(sb, DW_P95_LOW, true, lang);
    th(sb, DW_P95_HIGH, true, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    size_t n = s->n_rows < REPORT_TORNADO_TOP ? s->n_rows : REPORT_TORNADO_TOP;
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        cr_strbuf_printf(sb, "<tr><td class=\"num\">%zu</td><td>", i + 1);
        drivers_input_name(t, row, plan, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        drivers_input_range(t, row, plan->currency, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td>");
        change_cell(sb, t, plan, row->ale_low, s->ale_base, lang);
        change_cell(sb, t, plan, row->ale_high, s->ale_base, lang);
        change_cell(sb, t, plan, row->p95_low, s->p95_base, lang);
        change_cell(sb, t, plan, row->p95_high, s->p95_base, lang);
        cr_strbuf_puts(sb, "</tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

static void control_cell(cr_strbuf *sb, const cr_plan *plan, const cr_control_value *v,
                         cr_report_lang lang)
{
    const cr_plan_gap *g = &plan->gaps[v->gap];
    bool english = false;
    cr_strbuf_puts(sb, "<td><span class=\"id\">");
    hp_esc(sb, g->control_id);
    cr_strbuf_puts(sb, "</span> ");
    const char *title = report_control_short_title(g, lang, &english);
    (void)english;
    hp_esc(sb, title);
    cr_strbuf_puts(sb, "</td>");
}

static void values(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_control_values *cv = plan->values;
    double total = cv->ale_residual - cv->ale_plan;
    cr_strbuf_puts(sb, "<h3>");
    word(sb, DW_VALUES, lang);
    cr_strbuf_puts(sb, "</h3><p class=\"muted small\">");
    word(sb, DW_VALUES_NOTE_1, lang);
    word(sb, cv->exact ? DW_VALUES_NOTE_EXACT : DW_VALUES_NOTE_SAMPLED, lang);
    if (!cv->exact) {
        cr_strbuf_printf(sb, lang == CR_LANG_JA ? "%u通り、乱数シード%llu）"
                                                : "; %u orderings, seed %llu)",
                         cv->orderings, (unsigned long long)cv->seed);
    }
    word(sb, DW_VALUES_NOTE_2, lang);
    hp_short_money(sb, t, plan, total, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "に等しい。</p>" : ".</p>");
    cr_strbuf_puts(sb, "<table id=\"control-values\"><thead><tr>");
    th(sb, DW_RANK, true, lang);
    th(sb, DW_CONTROL, false, lang);
    th(sb, DW_SHAPLEY, true, lang);
    th(sb, DW_SHARE, true, lang);
    th(sb, DW_ALONE, true, lang);
    th(sb, DW_MARGINAL, true, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    size_t rank = 0;
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (!v->in_plan)
            continue;
        cr_strbuf_printf(sb, "<tr><td class=\"num\">%zu</td>", ++rank);
        control_cell(sb, plan, v, lang);
        cr_strbuf_puts(sb, "<td class=\"num\">");
        hp_short_money(sb, t, plan, v->shapley, lang);
        if (v->shapley_se > 0) {
            cr_strbuf_puts(sb, "<br><span class=\"muted small\">± ");
            hp_short_money(sb, t, plan, v->shapley_se, lang);
            cr_strbuf_puts(sb, "</span>");
        }
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        report_percent(t, total > 0 ? v->shapley / total : NAN, 1);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td>");
        money_cell(sb, t, plan, v->alone, lang);
        money_cell(sb, t, plan, v->marginal, lang);
        cr_strbuf_puts(sb, "</tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
    if (rank == cv->n)
        return;
    cr_strbuf_puts(sb, "<h3>");
    word(sb, DW_NOT_IN_PLAN, lang);
    cr_strbuf_puts(sb, "</h3><table id=\"control-values-out\"><thead><tr>");
    th(sb, DW_CONTROL, false, lang);
    th(sb, DW_WOULD_ADD, true, lang);
    th(sb, DW_ALONE, true, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (v->in_plan)
            continue;
        cr_strbuf_puts(sb, "<tr>");
        control_cell(sb, plan, v, lang);
        money_cell(sb, t, plan, v->marginal, lang);
        money_cell(sb, t, plan, v->alone, lang);
        cr_strbuf_puts(sb, "</tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

static void bands(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<h3>");
    word(sb, DW_BANDS, lang);
    cr_strbuf_puts(sb, "</h3><p class=\"muted small\">");
    word(sb, DW_BANDS_NOTE, lang);
    cr_strbuf_puts(sb, "</p><table id=\"bands-table\"><thead><tr><th>");
    hp_label(sb, RL_SCENARIO, lang);
    cr_strbuf_puts(sb, "</th>");
    th(sb, DW_BANDS_MEAN, true, lang);
    th(sb, DW_MEDIAN, true, lang);
    th(sb, DW_OUTER, true, lang);
    th(sb, DW_YEARS_EACH, true, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (int s = CR_SCENARIO_RESIDUAL; s <= CR_SCENARIO_TARGET; s++) {
        const cr_sim_bands *b = &plan->bands[s];
        if (!b->present)
            continue;
        cr_strbuf_puts(sb, "<tr><td>");
        hp_esc(sb, report_scenario_name(s, lang));
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_short_money(sb, t, plan, b->mean_p05, lang);
        cr_strbuf_puts(sb, lang == CR_LANG_JA ? "〜" : " – ");
        hp_short_money(sb, t, plan, b->mean_p95, lang);
        cr_strbuf_puts(sb, "</td>");
        money_cell(sb, t, plan, b->mean_p50, lang);
        cr_strbuf_printf(sb, "<td class=\"num\">%u</td><td class=\"num\">", b->outer);
        report_grouped(t, (double)b->years);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

void report_doc_drivers(cr_doc *d, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf html, md;
    cr_strbuf_init(&html);
    cr_strbuf_init(&md);
    report_html_drivers(&html, plan, lang);
    report_md_drivers(&md, plan, lang);
    if (html.len || md.len)
        doc_raw(d, &html, &md);
    cr_strbuf_free(&html);
    cr_strbuf_free(&md);
}

void report_html_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    bool has_s = plan->sensitivity && plan->sensitivity->present && plan->sensitivity->n_rows;
    bool has_v = plan->values && plan->values->present && plan->values->n;
    bool has_b = plan->bands && (plan->bands[CR_SCENARIO_RESIDUAL].present ||
                                 plan->bands[CR_SCENARIO_TARGET].present);
    if (!has_s && !has_v && !has_b)
        return;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_puts(sb, "<section id=\"drivers\"><h2>");
    word(sb, DW_SECTION, lang);
    cr_strbuf_puts(sb, "</h2>");
    if (has_s)
        tornado(sb, &t, plan, lang);
    else if (has_v && plan->trials < CR_SENS_MIN_YEARS) {
        cr_strbuf_puts(sb, "<p class=\"muted small\">");
        word(sb, DW_TORNADO_SHORT, lang);
        report_grouped(&t, (double)plan->trials);
        hp_flush(sb, &t);
        cr_strbuf_puts(sb, lang == CR_LANG_JA ? "年。</p>" : ".</p>");
    }
    if (has_v)
        values(sb, &t, plan, lang);
    if (has_b)
        bands(sb, &t, plan, lang);
    cr_strbuf_puts(sb, "</section>");
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}
