/*
 * assess_doc.h -- an assessment (score.h) and a simulation run (simulate.h)
 * built into documents (doc.h) by the report stage, which writes them for
 * `cloudrisk assess` and `cloudrisk simulate` (library-internal).
 */
#ifndef CR_REPORT_ASSESS_DOC_H
#define CR_REPORT_ASSESS_DOC_H

#include "cloudrisk/report.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "report/doc.h"

/* The assessment for the terminal, as Markdown (assess_doc_md.c), and as
 * one CSV table; lang "ja" or "en". */
void assess_doc_text(cr_doc *d, const cr_assessment *a, const char *lang);
void assess_doc_md(cr_doc *d, const cr_assessment *a, const char *lang);
void assess_doc_csv(cr_doc *d, const cr_assessment *a, const char *lang);

/* The simulation run for the terminal (in English or Japanese), as its
 * statistics table (CSV), and as its loss-exceedance points (CSV)
 * (simulate_doc.c). */
void simulate_doc_text(cr_doc *d, const cr_sim_report *r, cr_report_lang lang);
void simulate_doc_stats(cr_doc *d, const cr_sim_report *r);
void simulate_doc_lec(cr_doc *d, const cr_sim_report *r);

/* A stage's JSON (root, taken over and deleted; NULL when building it ran
 * out of memory) printed to fp with a final line feed (doc_write.c). */
cr_status report_json_write(cJSON *root, FILE *fp, cr_error *err);

#endif
