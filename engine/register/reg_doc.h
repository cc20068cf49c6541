/*
 * reg_doc.h -- the register's outputs for people and for spreadsheets (what
 * `cloudrisk history`, `diff` and `register approvals|items` print as text
 * or CSV), built as documents of the report stage (report/doc.h) and
 * written by its writers: the text writer makes every control character of
 * the register's text visible (a decision's minutes cannot move a
 * terminal's cursor), the CSV writer quotes and neutralises formulas by the
 * project's one rule.  The register says what to show; the writers say how.
 * JSON is built from cJSON (reg_json.h), not from these documents.
 *
 * Text is lines: a paragraph a line, a labelled value ("label: value") a
 * line, the lines under a run or a decision in a box of class "indent"
 * (two more columns).  CSV is one table: a heading row, then a row a fact.
 */
#ifndef CR_REG_DOC_H
#define CR_REG_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "register/reg_internal.h"
#include "report/report_iface.h"

/* The register's words in the reader's language: the one table of report
 * words (report/labels.c); English is the register's own words. */
#define REG_W(label) report_label_text((label), lang)

/* ---- reg_doc.c: the pieces every register document is made of ------------- */

/* Start d, a document in lang (its labelled values then read "label：value"
 * in Japanese). */
void reg_doc_init(cr_doc *d, cr_report_lang lang);
/* d in format (text or CSV) to out, and d freed; CR_ERR_MEMORY (nothing
 * written) when building or writing it ran out of memory. */
cr_status reg_doc_write(cr_doc *d, cr_reg_format format, FILE *out, cr_error *err);
/* A line of text (a paragraph). */
void reg_doc_line(cr_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A labelled value: "label: value". */
void reg_doc_pair(cr_doc *d, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Open a labelled value whose value the caller adds, then doc_close twice. */
void reg_doc_pair_open(cr_doc *d, const char *label);
/* Open a box whose lines are indented by two more columns (doc_close ends it). */
void reg_doc_indent(cr_doc *d);
/* A table with a heading row of plain words (doc_close ends it). */
void reg_doc_table(cr_doc *d, const char *const *heads, size_t n);
/* A row of the open table, a cell a field (NULL: empty). */
void reg_doc_row(cr_doc *d, const char *const *fields, size_t n);

/* Codes stored in the register, named in `lang` (English: the code as
 * stored; a level id the table does not know stays as stored). */
const char *reg_level_text(const char *id, cr_report_lang lang);
const char *reg_kind_text(cr_subject_kind kind, cr_report_lang lang);
/* A subject of an approval sheet: its id (a risk's, a control's), or in
 * Japanese 計画 for the plan (whose id is "plan"). */
const char *reg_subject_text(const char *subject, cr_subject_kind kind, cr_report_lang lang);
const char *reg_dstatus_text(cr_decision_status status, cr_report_lang lang);
const char *reg_basis_text(cr_signed_basis basis, cr_report_lang lang);
const char *reg_decision_text(const char *decision, cr_report_lang lang);
const char *reg_item_status_text(cr_item_status status, cr_report_lang lang);
/* A pending subject's reason code ("none", "new", "level_rose", ...) in words. */
const char *reg_why_text(const char *reason, cr_report_lang lang);
/* A date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ) as stored, or in
 * Japanese as the other Japanese outputs write dates (2026年12月3日 09:00 UTC). */
void reg_doc_date(cr_doc *d, const char *text, cr_report_lang lang);
/* An amount: "1234567 JPY" in English; in Japanese as report_money writes it. */
void reg_doc_money(cr_doc *d, double v, const char *currency, cr_report_lang lang);
/* A count: "3" in English, "3件" in Japanese. */
void reg_doc_count(cr_doc *d, size_t n, cr_report_lang lang);
/* A decision's stale reason as the register keeps it ("SUBJECT: level rose
 * from medium to high"), told in `lang` (the stored text is unchanged). */
void reg_doc_stale_reason(cr_doc *d, const char *text, cr_report_lang lang);

/* A run's residual levels counted, worst rank first (reg_format.c; what
 * reg_level_counts writes as "high 2, medium 9, low 10"): at most max. */
#define REG_MAX_LEVELS 16 /* criteria have 2 to 10 levels (model/criteria.c) */
typedef struct reg_level_count {
    const char *name; /* the level's id as recorded */
    size_t count;
} reg_level_count;
size_t reg_level_tally(const cr_reg_run *run, reg_level_count *out, size_t max);

/* ---- reg_doc_runs.c: runs and changes between them -------------------------- */

/* The lines saying what changed (levels, gaps, loss against its noise,
 * decisions made stale), into the open block; "no change ..." when none. */
void reg_change_doc(cr_doc *d, const cr_reg_change *c, cr_report_lang lang);
/* `cloudrisk diff` (a NULL: b is the service's first run). */
void reg_diff_doc(cr_doc *d, const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                  bool csv, cr_report_lang lang);
/* `cloudrisk history`: each run compared with the one before it. */
cr_status reg_history_doc(cr_doc *d, const cr_reg_run *runs, size_t n, bool csv,
                          cr_report_lang lang, cr_error *err);

/* reg_parts.c: the estimates, criteria and model files whose hashes differ
 * between two runs' input parts, a labelled line a kind, into the open block. */
void reg_changed_parts_doc(cr_doc *d, const cr_reg_run *a, const cr_reg_run *b,
                           cr_report_lang lang);

/* ---- reg_doc_lists.c: approvals, what is pending, plan items ---------------- */

void reg_approvals_doc(cr_doc *d, const cr_reg_approval *a, size_t n, bool csv,
                       cr_report_lang lang);
void reg_pending_doc(cr_doc *d, const cr_reg_pending *p, size_t n, bool csv,
                     cr_report_lang lang);
void reg_items_doc(cr_doc *d, const cr_reg_item *items, size_t n, bool csv,
                   cr_report_lang lang);

#endif
