/*
 * parts.h -- pieces of a plan's document shared by the report and the
 * decision paper (library-internal): labels, amounts, level chips, table
 * headings, a recorded decision, the boxes to tick.  Each adds to a
 * document (report/doc.h); the writers escape.
 */
#ifndef CR_REPORT_PARTS_H
#define CR_REPORT_PARTS_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "report/doc.h"
#include "report/labels.h"
#include "util/text.h"

void rp_label(cr_doc *d, report_label l, cr_report_lang lang);
/* An amount in full, or to three significant digits (cards, dense tables;
 * NaN as a dash).  t is scratch. */
void rp_money(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang);
void rp_short_money(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v,
                    cr_report_lang lang);
void rp_percent(cr_doc *d, cr_strbuf *t, double v, int decimals);
/* A date as a reader of lang writes it (report_date_in): 2026年12月3日 in
 * Japanese. */
void rp_date(cr_doc *d, cr_strbuf *t, cr_date date, cr_report_lang lang);
/* A level's name on its colour. */
void rp_chip(cr_doc *d, const cr_plan *plan, int level, cr_report_lang lang);
/* A column heading (right-aligned when num). */
void rp_th(cr_doc *d, report_label l, bool num, cr_report_lang lang);
/* Open a table (closed by the caller) and write its heading row. */
typedef struct rp_col {
    report_label label;
    bool num;
} rp_col;
void rp_table_open(cr_doc *d, const char *id, const char *cls, const rp_col *cols, size_t n,
                   cr_report_lang lang);
/* A cell holding an amount to three significant digits. */
void rp_money_cell(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang);
/* A labelled value: <div><dt>label</dt><dd>value</dd></div> in a <dl>. */
void rp_meta(cr_doc *d, report_label l, const char *value, bool hash, cr_report_lang lang);
/* A form field: the label over a line to write on (or what fills it). */
void rp_field(cr_doc *d, report_label l, const char *value, cr_report_lang lang);
/* Between a page's title and the service's name below it (which the HTML
 * shows on a line of its own). */
void rp_title_break(cr_doc *d, cr_report_lang lang);
/* Risks above the acceptable level now and after the plan. */
void rp_count_above(const cr_plan *plan, size_t *now, size_t *after);
/* A recorded decision: its kind, who and when, its note, conditions and
 * minutes, and whether it must be taken again. */
void rp_decision(cr_doc *d, const cr_decision *dec, cr_report_lang lang);
/* A risk's id and name. */
void rp_risk_name(cr_doc *d, const cr_plan_risk *risk, cr_report_lang lang);
/* The recorded decision, or the boxes to tick when there is none. */
void rp_decision_or_choices(cr_doc *d, const cr_decision *dec, cr_report_lang lang);
/* Empty boxes to tick: approved, approved with changes, rejected. */
void rp_choices(cr_doc *d, cr_report_lang lang);
/* The text as a CSS string literal (for @page margin boxes): quotes, and
 * every ASCII character other than letters, digits and " -_./#" as a hex
 * escape, so nothing can end the string or the style element. */
void rp_css_string(cr_strbuf *sb, const char *s);

#endif
