/* parts.c -- pieces of a plan's document shared by the report and the paper. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart.h"
#include "report/parts.h"

void rp_label(cr_doc *d, report_label l, cr_report_lang lang)
{
    doc_text(d, report_label_text(l, lang));
}

void rp_money(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang)
{
    report_money(t, v, plan->currency, lang);
    doc_flush(d, t);
}

void rp_short_money(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v,
                    cr_report_lang lang)
{
    if (isnan(v)) {
        doc_text(d, "–");
        return;
    }
    report_money_short(t, v, plan->currency, lang);
    doc_flush(d, t);
}

void rp_percent(cr_doc *d, cr_strbuf *t, double v, int decimals)
{
    report_percent(t, v, decimals);
    doc_flush(d, t);
}

void rp_date(cr_doc *d, cr_strbuf *t, cr_date date, cr_report_lang lang)
{
    report_date_in(t, date, lang);
    doc_flush(d, t);
}

void rp_chip(cr_doc *d, const cr_plan *plan, int level, cr_report_lang lang)
{
    const char *fill, *ink;
    chart_level_colors(plan, level, &fill, &ink);
    doc_chip(d, fill, ink, report_level_text(plan, level, lang));
}

void rp_th(cr_doc *d, report_label l, bool num, cr_report_lang lang)
{
    doc_leaf(d, DOC_HEADCELL, NULL, num ? "num" : NULL, report_label_text(l, lang));
}

void rp_table_open(cr_doc *d, const char *id, const char *cls, const rp_col *cols, size_t n,
                   cr_report_lang lang)
{
    doc_open(d, DOC_TABLE, id, cls);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t c = 0; c < n; c++)
        rp_th(d, cols[c].label, cols[c].num, lang);
    doc_close(d);
}

void rp_money_cell(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang)
{
    doc_open(d, DOC_CELL, NULL, "num");
    rp_short_money(d, t, plan, v, lang);
    doc_close(d);
}

void rp_meta(cr_doc *d, report_label l, const char *value, bool hash, cr_report_lang lang)
{
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_TERM, NULL, NULL, report_label_text(l, lang));
    doc_leaf(d, DOC_DESC, NULL, hash ? "hash" : NULL, value && *value ? value : "–");
    doc_close(d);
}

void rp_field(cr_doc *d, report_label l, const char *value, cr_report_lang lang)
{
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_BOX, NULL, "f", report_label_text(l, lang));
    doc_open(d, DOC_BOX, NULL, "line");
    if (value && *value)
        doc_text(d, value);
    else
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, "______________________");
    doc_close(d);
    doc_close(d);
}

void rp_title_break(cr_doc *d, cr_report_lang lang)
{
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, lang == CR_LANG_JA ? "　" : " – ");
}

void rp_count_above(const cr_plan *plan, size_t *now, size_t *after)
{
    *now = *after = 0;
    for (size_t r = 0; r < plan->n_risks; r++) {
        *now += plan->risks[r].needs_treatment;
        *after += plan->risks[r].target_above;
    }
}

void rp_decision(cr_doc *d, const cr_decision *dec, cr_report_lang lang)
{
    doc_text(d, report_decision_text(dec->kind, lang));
    if (dec->kind == CR_DECISION_NONE)
        return;
    char date[REPORT_DATE_BUF];
    report_date_text(date, dec->date, lang);
    doc_open(d, DOC_BOX, NULL, "recorded muted");
    /* In text, on the kind's line: "Approved (by, date): note". */
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, lang == CR_LANG_JA ? "（" : "(");
    doc_text(d, dec->by);
    doc_text(d, report_comma(lang));
    doc_text(d, date);
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, report_close_paren(lang));
    if (dec->note && *dec->note) {
        doc_text(d, report_colon(lang));
        doc_text(d, dec->note);
    }
    if (dec->conditions && *dec->conditions) {
        doc_break(d);
        rp_label(d, RL_CONDITIONS, lang);
        doc_text(d, report_colon(lang));
        doc_text(d, dec->conditions);
    }
    if (dec->minutes && *dec->minutes) {
        doc_break(d);
        rp_label(d, RL_MINUTES, lang);
        doc_text(d, report_colon(lang));
        doc_text(d, dec->minutes);
    }
    doc_close(d);
    if (dec->stale)
        doc_leaf(d, DOC_BOX, NULL, "stale", report_label_text(RL_STALE, lang));
}

void rp_risk_name(cr_doc *d, const cr_plan_risk *risk, cr_report_lang lang)
{
    doc_leaf(d, DOC_SPAN, NULL, "id", risk->id);
    doc_text(d, " ");
    doc_text(d, report_risk_name(risk, lang));
}

void rp_decision_or_choices(cr_doc *d, const cr_decision *dec, cr_report_lang lang)
{
    if (dec->kind == CR_DECISION_NONE)
        rp_choices(d, lang);
    else
        rp_decision(d, dec, lang);
}

void rp_choices(cr_doc *d, cr_report_lang lang)
{
    static const report_label kinds[] = {RL_DECISION_APPROVED, RL_DECISION_CHANGED,
                                         RL_DECISION_REJECTED};
    doc_open(d, DOC_BOX, NULL, "choices");
    for (size_t k = 0; k < 3; k++) {
        if (k)
            doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " ");
        doc_open(d, DOC_SPAN, NULL, NULL);
        doc_open(d, DOC_SPAN, NULL, "box");
        doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, "☐ ");
        doc_close(d);
        rp_label(d, kinds[k], lang);
        doc_close(d);
    }
    doc_close(d);
}

void rp_css_string(cr_strbuf *sb, const char *s)
{
    cr_strbuf_puts(sb, "\"");
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr(" -_./#", *p))
            cr_strbuf_append(sb, (const char *)p, 1);
        else
            cr_strbuf_printf(sb, "\\%x ", *p);
    }
    cr_strbuf_puts(sb, "\"");
}
