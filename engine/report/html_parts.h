/*
 * html_parts.h -- small HTML writers shared by the report and the decision
 * paper (library-internal).  Every piece of text goes through
 * cr_strbuf_html_escaped.
 */
#ifndef CR_REPORT_HTML_PARTS_H
#define CR_REPORT_HTML_PARTS_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "report/labels.h"
#include "util/text.h"

void hp_esc(cr_strbuf *sb, const char *s);
void hp_label(cr_strbuf *sb, report_label l, cr_report_lang lang);
/* Text built in scratch t by the labels module, escaped into sb; t emptied. */
/* hp_esc, with each Japanese date (2026年12月3日) in a span that does not
 * break across lines. */
void hp_esc_dates(cr_strbuf *sb, const char *s);
void hp_flush(cr_strbuf *sb, cr_strbuf *t);
void hp_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v, cr_report_lang lang);
/* Three significant digits, for cards and dense tables. */
void hp_short_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double v,
                    cr_report_lang lang);
void hp_chip(cr_strbuf *sb, const cr_plan *plan, int level, cr_report_lang lang);
void hp_th(cr_strbuf *sb, report_label l, bool num, cr_report_lang lang);
/* ": " or "：", ", " or "、" in the reader's language. */
const char *hp_colon(cr_report_lang lang);
const char *hp_comma(cr_report_lang lang);
/* Risks above the acceptable level now and after the plan. */
void hp_count_above(const cr_plan *plan, size_t *now, size_t *after);
/* A recorded decision: its kind, who and when, its note, and whether it
 * must be taken again. */
void hp_decision_text(cr_strbuf *sb, const cr_decision *d, cr_report_lang lang);
/* Empty boxes to tick: approved, rejected, approved with changes. */
void hp_choices(cr_strbuf *sb, cr_report_lang lang);
/* The text as a CSS string literal (for @page margin boxes): quotes, and
 * every ASCII character other than letters, digits and " -_./#" as a hex
 * escape, so nothing can end the string or the style element. */
void hp_css_string(cr_strbuf *sb, const char *s);

#endif
