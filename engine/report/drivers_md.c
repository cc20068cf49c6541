/*
 * drivers_md.c -- the Markdown report's section on what drives the loss:
 * the tornado's top rows, the value of each control ranked, the
 * uncertainty bands (the HTML report draws the charts).
 */
#include <math.h>

#include "report/drivers.h"
#include "report/labels.h"
#include "report/report_internal.h"

static void md(cr_strbuf *sb, cr_strbuf *t)
{
    cr_strbuf_md_escaped(sb, t->len ? t->data : "");
    t->len = 0;
}

static void word(cr_strbuf *sb, drivers_word w, cr_report_lang lang)
{
    cr_strbuf_md_escaped(sb, drivers_word_text(w, lang));
}

static void money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                  cr_report_lang lang)
{
    if (isnan(v))
        cr_strbuf_puts(sb, "–");
    else {
        report_money_short(t, v, plan->currency, lang);
        md(sb, t);
    }
}

static void with_change(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v, double base,
                        cr_report_lang lang)
{
    cr_strbuf_puts(sb, " | ");
    money(sb, t, plan, v, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "（" : " (");
    drivers_change(t, v - base, plan->currency, lang);
    md(sb, t);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "）" : ")");
}

static void header(cr_strbuf *sb, const drivers_word *cols, size_t n, const bool *num,
                   cr_report_lang lang)
{
    for (size_t c = 0; c < n; c++) {
        cr_strbuf_puts(sb, c ? " | " : "| ");
        word(sb, cols[c], lang);
    }
    cr_strbuf_puts(sb, " |\n");
    for (size_t c = 0; c < n; c++)
        cr_strbuf_puts(sb, num[c] ? "|---:" : "|---");
    cr_strbuf_puts(sb, "|\n");
}

static void tornado(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_sensitivity *s = plan->sensitivity;
    cr_strbuf_puts(sb, "### ");
    word(sb, DW_TORNADO, lang);
    cr_strbuf_puts(sb, "\n\n");
    word(sb, DW_TORNADO_NOTE_1, lang);
    report_grouped(t, (double)s->years);
    md(sb, t);
    word(sb, DW_TORNADO_NOTE_2, lang);
    word(sb, DW_TORNADO_NOTE_3, lang);
    cr_strbuf_puts(sb, "\n\n");
    word(sb, DW_AS_ESTIMATED, lang);
    cr_strbuf_puts(sb, report_colon(lang));
    money(sb, t, plan, s->ale_base, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "（95パーセンタイル " : " (95th percentile ");
    money(sb, t, plan, s->p95_base, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "）\n\n" : ")\n\n");
    static const drivers_word cols[] = {DW_RANK,    DW_INPUT,    DW_RANGE,  DW_ALE_LOW,
                                        DW_ALE_HIGH, DW_P95_LOW, DW_P95_HIGH};
    static const bool num[] = {true, false, true, true, true, true, true};
    header(sb, cols, sizeof cols / sizeof cols[0], num, lang);
    size_t n = s->n_rows < REPORT_TORNADO_TOP ? s->n_rows : REPORT_TORNADO_TOP;
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        cr_strbuf_printf(sb, "| %zu | ", i + 1);
        drivers_input_name(t, row, plan, lang);
        md(sb, t);
        cr_strbuf_puts(sb, " | ");
        drivers_input_range(t, row, plan->currency, lang);
        md(sb, t);
        with_change(sb, t, plan, row->ale_low, s->ale_base, lang);
        with_change(sb, t, plan, row->ale_high, s->ale_base, lang);
        with_change(sb, t, plan, row->p95_low, s->p95_base, lang);
        with_change(sb, t, plan, row->p95_high, s->p95_base, lang);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
}

static void control(cr_strbuf *sb, const cr_plan *plan, const cr_control_value *v,
                    cr_report_lang lang)
{
    const cr_plan_gap *g = &plan->gaps[v->gap];
    bool english = false;
    cr_strbuf_md_escaped(sb, g->control_id);
    cr_strbuf_puts(sb, " ");
    cr_strbuf_md_escaped(sb, report_control_short_title(g, lang, &english));
}

static void values(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    const cr_control_values *cv = plan->values;
    double total = cv->ale_residual - cv->ale_plan;
    cr_strbuf_puts(sb, "### ");
    word(sb, DW_VALUES, lang);
    cr_strbuf_puts(sb, "\n\n");
    word(sb, DW_VALUES_NOTE_1, lang);
    word(sb, cv->exact ? DW_VALUES_NOTE_EXACT : DW_VALUES_NOTE_SAMPLED, lang);
    if (!cv->exact)
        cr_strbuf_printf(sb, lang == CR_LANG_JA ? "%u通り、乱数シード%llu）"
                                                : "; %u orderings, seed %llu)",
                         cv->orderings, (unsigned long long)cv->seed);
    word(sb, DW_VALUES_NOTE_2, lang);
    money(sb, t, plan, total, lang);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "に等しい。\n\n" : ".\n\n");
    static const drivers_word cols[] = {DW_RANK, DW_CONTROL, DW_SHAPLEY,
                                        DW_SHARE, DW_ALONE, DW_MARGINAL};
    static const bool num[] = {true, false, true, true, true, true};
    header(sb, cols, sizeof cols / sizeof cols[0], num, lang);
    size_t rank = 0;
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (!v->in_plan)
            continue;
        cr_strbuf_printf(sb, "| %zu | ", ++rank);
        control(sb, plan, v, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, v->shapley, lang);
        if (v->shapley_se > 0) {
            cr_strbuf_puts(sb, " ± ");
            money(sb, t, plan, v->shapley_se, lang);
        }
        cr_strbuf_puts(sb, " | ");
        report_percent(t, total > 0 ? v->shapley / total : NAN, 1);
        md(sb, t);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, v->alone, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, v->marginal, lang);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
    if (rank == cv->n)
        return;
    cr_strbuf_puts(sb, "#### ");
    word(sb, DW_NOT_IN_PLAN, lang);
    cr_strbuf_puts(sb, "\n\n");
    static const drivers_word cols2[] = {DW_CONTROL, DW_WOULD_ADD, DW_ALONE};
    static const bool num2[] = {false, true, true};
    header(sb, cols2, 3, num2, lang);
    for (size_t i = 0; i < cv->n; i++) {
        const cr_control_value *v = &cv->values[i];
        if (v->in_plan)
            continue;
        cr_strbuf_puts(sb, "| ");
        control(sb, plan, v, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, v->marginal, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, v->alone, lang);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
}

static void bands(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "### ");
    word(sb, DW_BANDS, lang);
    cr_strbuf_puts(sb, "\n\n");
    word(sb, DW_BANDS_NOTE, lang);
    cr_strbuf_puts(sb, "\n\n| ");
    cr_strbuf_md_escaped(sb, report_label_text(RL_SCENARIO, lang));
    cr_strbuf_puts(sb, " | ");
    word(sb, DW_BANDS_MEAN, lang);
    cr_strbuf_puts(sb, " | ");
    word(sb, DW_MEDIAN, lang);
    cr_strbuf_puts(sb, " | ");
    word(sb, DW_OUTER, lang);
    cr_strbuf_puts(sb, " | ");
    word(sb, DW_YEARS_EACH, lang);
    cr_strbuf_puts(sb, " |\n|---|---:|---:|---:|---:|\n");
    for (int s = CR_SCENARIO_RESIDUAL; s <= CR_SCENARIO_TARGET; s++) {
        const cr_sim_bands *b = &plan->bands[s];
        if (!b->present)
            continue;
        cr_strbuf_puts(sb, "| ");
        cr_strbuf_md_escaped(sb, report_scenario_name(s, lang));
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, b->mean_p05, lang);
        cr_strbuf_puts(sb, lang == CR_LANG_JA ? "〜" : " – ");
        money(sb, t, plan, b->mean_p95, lang);
        cr_strbuf_puts(sb, " | ");
        money(sb, t, plan, b->mean_p50, lang);
        cr_strbuf_printf(sb, " | %u | ", b->outer);
        report_grouped(t, (double)b->years);
        md(sb, t);
        cr_strbuf_puts(sb, " |\n");
    }
    cr_strbuf_puts(sb, "\n");
}

void report_md_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang)
{
    bool has_s = plan->sensitivity && plan->sensitivity->present && plan->sensitivity->n_rows;
    bool has_v = plan->values && plan->values->present && plan->values->n;
    bool has_b = plan->bands && (plan->bands[CR_SCENARIO_RESIDUAL].present ||
                                 plan->bands[CR_SCENARIO_TARGET].present);
    if (!has_s && !has_v && !has_b)
        return;
    cr_strbuf t;
    cr_strbuf_init(&t);
    cr_strbuf_puts(sb, "## ");
    word(sb, DW_SECTION, lang);
    cr_strbuf_puts(sb, "\n\n");
    if (has_s)
        tornado(sb, &t, plan, lang);
    else if (has_v && plan->trials < CR_SENS_MIN_YEARS) {
        word(sb, DW_TORNADO_SHORT, lang);
        report_grouped(&t, (double)plan->trials);
        md(sb, &t);
        cr_strbuf_puts(sb, lang == CR_LANG_JA ? "年。\n\n" : ".\n\n");
    }
    if (has_v)
        values(sb, &t, plan, lang);
    if (has_b)
        bands(sb, &t, plan, lang);
    if (t.failed)
        sb->failed = true;
    cr_strbuf_free(&t);
}
