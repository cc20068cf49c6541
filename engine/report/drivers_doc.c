/*
 * drivers_doc.c -- the report's section on what drives the loss, built
 * into the plan's document (doc.h): the tornado chart with its table (top
 * rows), the value of each control ranked, and the uncertainty bands'
 * figures (their shaded band is drawn on the loss-exceedance chart).  The
 * document's writers render it as HTML and as Markdown; where the chart
 * stands in HTML, Markdown gets the base it is drawn around in words.  It
 * adds nothing for a plan drawn without them.
 */
#include <math.h>

#include "report/chart.h"
#include "report/drivers.h"
#include "report/labels.h"
#include "report/parts.h"
#include "report/report_internal.h"

static void word(cr_doc *d, drivers_word w, cr_report_lang lang)
{
    doc_text(d, drivers_word_text(w, lang));
}

/* A column heading: right-aligned when num; the rank's one word never
 * wraps (a narrow column breaks 順位). */
static void head(cr_doc *d, drivers_word w, bool num, cr_report_lang lang)
{
    doc_leaf(d, DOC_HEADCELL, NULL, w == DW_RANK ? "num nowrap" : num ? "num" : NULL,
             drivers_word_text(w, lang));
}

static void table_open(cr_doc *d, const char *id, const drivers_word *cols, const bool *num,
                       size_t n, cr_report_lang lang)
{
    doc_open(d, DOC_TABLE, id, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t c = 0; c < n; c++)
        head(d, cols[c], num[c], lang);
    doc_close(d);
}

static void count_cell(cr_doc *d, size_t n)
{
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%zu", n);
    doc_close(d);
}

/* An amount and, under it (beside it in text), a second figure in small
 * type: "¥221M (+¥63M)" in text.  The parentheses stand in text only. */
static void with_note(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, cr_strbuf *note,
                      bool parenthesised, cr_report_lang lang)
{
    rp_short_money(d, t, plan, v, lang);
    doc_break(d);
    if (parenthesised)
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, lang == CR_LANG_JA ? "（" : "(");
    doc_open(d, DOC_SPAN, NULL, "muted small");
    doc_flush(d, note);
    doc_close(d);
    if (parenthesised)
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, lang == CR_LANG_JA ? "）" : ")");
}

static void change_cell(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, double base,
                        cr_report_lang lang)
{
    cr_strbuf note;
    cr_strbuf_init(&note);
    drivers_change(&note, v - base, plan->currency, lang);
    doc_open(d, DOC_CELL, NULL, "num");
    with_note(d, t, plan, v, &note, true, lang);
    doc_close(d);
    if (note.failed)
        d->failed = true;
    cr_strbuf_free(&note);
}

/* The tornado's base in words: what the chart is drawn around. */
static void base_in_words(cr_doc *d, cr_strbuf *t, const cr_plan *plan,
                          const cr_sensitivity *s, cr_report_lang lang)
{
    doc_open(d, DOC_TEXT_ONLY, NULL, NULL);
    word(d, DW_AS_ESTIMATED, lang);
    doc_text(d, report_colon(lang));
    rp_short_money(d, t, plan, s->ale_base, lang);
    doc_text(d, lang == CR_LANG_JA ? "（95パーセンタイル " : " (95th percentile ");
    rp_short_money(d, t, plan, s->p95_base, lang);
    doc_text(d, lang == CR_LANG_JA ? "）" : ")");
    doc_close(d);
}

static void tornado(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_sensitivity *s = plan->sensitivity;
    doc_heading(d, 3, NULL, drivers_word_text(DW_TORNADO, lang));
    doc_open(d, DOC_PARA, NULL, "muted small");
    word(d, DW_TORNADO_NOTE_1, lang);
    report_grouped(t, (double)s->years);
    doc_flush(d, t);
    word(d, DW_TORNADO_NOTE_2, lang);
    word(d, DW_TORNADO_NOTE_3, lang);
    doc_close(d);
    chart_tornado(t, s, plan->currency, CHART_TORNADO_TOP, false, lang);
    doc_graphic(d, t);
    base_in_words(d, t, plan, s, lang);
    static const drivers_word cols[] = {DW_RANK,     DW_INPUT,   DW_RANGE,   DW_ALE_LOW,
                                        DW_ALE_HIGH, DW_P95_LOW, DW_P95_HIGH};
    static const bool num[] = {true, false, true, true, true, true, true};
    table_open(d, "tornado-table", cols, num, sizeof cols / sizeof cols[0], lang);
    size_t n = s->n_rows < CHART_TORNADO_TOP ? s->n_rows : CHART_TORNADO_TOP;
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        doc_open(d, DOC_ROW, NULL, NULL);
        count_cell(d, i + 1);
        doc_open(d, DOC_CELL, NULL, NULL);
        drivers_input_name(t, row, plan, lang);
        doc_flush(d, t);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "num");
        drivers_input_range(t, row, plan->currency, lang);
        doc_flush(d, t);
        doc_close(d);
        change_cell(d, t, plan, row->ale_low, s->ale_base, lang);
        change_cell(d, t, plan, row->ale_high, s->ale_base, lang);
        change_cell(d, t, plan, row->p95_low, s->p95_base, lang);
        change_cell(d, t, plan, row->p95_high, s->p95_base, lang);
        doc_close(d);
    }
    doc_close(d);
}

static void control_cell(cr_doc *d, const cr_plan *plan, const cr_control_value *v,
                         cr_report_lang lang)
{
    const cr_plan_gap *g = &plan->gaps[v->gap];
    bool english = false;
    doc_open(d, DOC_CELL, NULL, NULL);
    doc_leaf(d, DOC_SPAN, NULL, "id", g->control_id);
    doc_text(d, " ");
    doc_text(d, report_control_short_title(g, lang, &english));
    doc_close(d);
}

static void values(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_control_values *cv = plan->values;
    double total = cv->ale_residual - cv->ale_plan;
    doc_heading(d, 3, NULL, drivers_word_text(DW_VALUES, lang));
    doc_open(d, DOC_PARA, NULL, "muted small");
    word(d, DW_VALUES_NOTE_1, lang);
    word(d, cv->exact ? DW_VALUES_NOTE_EXACT : DW_VALUES_NOTE_SAMPLED, lang);
    if (!cv->exact)
        doc_textf(d, lang == CR_LANG_JA ? "%u通り、乱数シード%llu）" : "; %u orderings, seed %llu)",
                  cv->orderings, (unsigned long long)cv->seed);
    word(d, DW_VALUES_NOTE_2, lang);
    rp_short_money(d, t, plan, total, lang);
    doc_text(d, lang == CR_LANG_JA ? "に等しい。" : ".");
    doc_close(d);
    static const drivers_word cols[] = {DW_RANK,  DW_CONTROL, DW_SHAPLEY,
                                        DW_SHARE, DW_ALONE,   DW_MARGINAL};
    static const bool num[] = {true, false, true, true, true, true};
    table_open(d, "control-values", cols, num, sizeof cols / sizeof cols[0], lang);
    size_t rank = 0;
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (!v->in_plan)
            continue;
        doc_open(d, DOC_ROW, NULL, NULL);
        count_cell(d, ++rank);
        control_cell(d, plan, v, lang);
        doc_open(d, DOC_CELL, NULL, "num");
        if (v->shapley_se > 0) {
            cr_strbuf se;
            cr_strbuf_init(&se);
            cr_strbuf_puts(&se, "± ");
            report_money_short(&se, v->shapley_se, plan->currency, lang);
            with_note(d, t, plan, v->shapley, &se, false, lang);
            if (se.failed)
                d->failed = true;
            cr_strbuf_free(&se);
        } else {
            rp_short_money(d, t, plan, v->shapley, lang);
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "num");
        rp_percent(d, t, total > 0 ? v->shapley / total : NAN, 1);
        doc_close(d);
        rp_money_cell(d, t, plan, v->alone, lang);
        rp_money_cell(d, t, plan, v->marginal, lang);
        doc_close(d);
    }
    doc_close(d);
    if (rank == cv->n)
        return;
    doc_heading(d, 3, NULL, drivers_word_text(DW_NOT_IN_PLAN, lang));
    static const drivers_word cols2[] = {DW_CONTROL, DW_WOULD_ADD, DW_ALONE};
    static const bool num2[] = {false, true, true};
    table_open(d, "control-values-out", cols2, num2, 3, lang);
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (v->in_plan)
            continue;
        doc_open(d, DOC_ROW, NULL, NULL);
        control_cell(d, plan, v, lang);
        rp_money_cell(d, t, plan, v->marginal, lang);
        rp_money_cell(d, t, plan, v->alone, lang);
        doc_close(d);
    }
    doc_close(d);
}

static void bands(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_heading(d, 3, NULL, drivers_word_text(DW_BANDS, lang));
    doc_leaf(d, DOC_PARA, NULL, "muted small", drivers_word_text(DW_BANDS_NOTE, lang));
    doc_open(d, DOC_TABLE, "bands-table", NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    rp_th(d, RL_SCENARIO, false, lang);
    head(d, DW_BANDS_MEAN, true, lang);
    head(d, DW_MEDIAN, true, lang);
    head(d, DW_OUTER, true, lang);
    head(d, DW_YEARS_EACH, true, lang);
    doc_close(d);
    for (int s = CR_SCENARIO_RESIDUAL; s <= CR_SCENARIO_TARGET; s++) {
        const cr_sim_bands *b = &plan->bands[s];
        if (!b->present)
            continue;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, report_scenario_name(s, lang));
        doc_open(d, DOC_CELL, NULL, "num");
        rp_short_money(d, t, plan, b->mean_p05, lang);
        doc_text(d, lang == CR_LANG_JA ? "〜" : " – ");
        rp_short_money(d, t, plan, b->mean_p95, lang);
        doc_close(d);
        rp_money_cell(d, t, plan, b->mean_p50, lang);
        count_cell(d, b->outer);
        doc_open(d, DOC_CELL, NULL, "num");
        report_grouped(t, (double)b->years);
        doc_flush(d, t);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

void report_doc_drivers(cr_doc *d, const cr_plan *plan, cr_report_lang lang)
{
    bool has_s = plan->sensitivity && plan->sensitivity->present && plan->sensitivity->n_rows;
    bool has_v = plan->values && plan->values->present && plan->values->n;
    bool has_b = plan->bands && (plan->bands[CR_SCENARIO_RESIDUAL].present ||
                                 plan->bands[CR_SCENARIO_TARGET].present);
    if (!has_s && !has_v && !has_b)
        return;
    cr_strbuf t;
    cr_strbuf_init(&t);
    doc_open(d, DOC_SECTION, "drivers", NULL);
    doc_heading(d, 2, NULL, drivers_word_text(DW_SECTION, lang));
    if (has_s) {
        tornado(d, &t, plan, lang);
    } else if (has_v && plan->trials < CR_SENS_MIN_YEARS) {
        doc_open(d, DOC_PARA, NULL, "muted small");
        word(d, DW_TORNADO_SHORT, lang);
        report_grouped(&t, (double)plan->trials);
        doc_flush(d, &t);
        doc_text(d, lang == CR_LANG_JA ? "年。" : ".");
        doc_close(d);
    }
    if (has_v)
        values(d, &t, plan, lang);
    if (has_b)
        bands(d, &t, plan, lang);
    doc_close(d);
    if (t.failed)
        d->failed = true;
    cr_strbuf_free(&t);
}
