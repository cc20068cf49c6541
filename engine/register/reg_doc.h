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

/* ---- reg_doc.c: the pieces every register document is made of ------------- */

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

/* ---- reg_doc_runs.c: runs and changes between them -------------------------- */

/* The lines saying what changed (levels, gaps, loss against its noise,
 * decisions made stale), into the open block; "no change ..." when none. */
void reg_change_doc(cr_doc *d, const cr_reg_change *c);
/* `cloudrisk diff` (a NULL: b is the service's first run). */
void reg_diff_doc(cr_doc *d, const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                  bool csv);
/* `cloudrisk history`: each run compared with the one before it. */
cr_status reg_history_doc(cr_doc *d, const cr_reg_run *runs, size_t n, bool csv, cr_error *err);

/* reg_parts.c: the estimates, criteria and model files whose hashes differ
 * between two runs' input parts, a labelled line a kind, into the open block. */
void reg_changed_parts_doc(cr_doc *d, const cr_reg_run *a, const cr_reg_run *b);

/* ---- reg_doc_lists.c: approvals, what is pending, plan items ---------------- */

void reg_approvals_doc(cr_doc *d, const cr_reg_approval *a, size_t n, bool csv);
void reg_pending_doc(cr_doc *d, const cr_reg_pending *p, size_t n, bool csv);
void reg_items_doc(cr_doc *d, const cr_reg_item *items, size_t n, bool csv);

#endif
