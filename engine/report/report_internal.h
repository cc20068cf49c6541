/*
 * report_internal.h -- the renderers behind report.h (library-internal).
 * Each appends its whole document to sb; sb's failed flag reports memory
 * exhaustion.
 */
#ifndef CR_REPORT_INTERNAL_H
#define CR_REPORT_INTERNAL_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "report/doc.h"
#include "report/labels.h"
#include "util/text.h"

cr_status report_render_json(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err);
cr_status report_render_csv(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                            cr_error *err);
cr_status report_render_xlsx(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err);
/* The plan's report (or, for CR_REPORT_PAPER, its decision paper alone) as
 * one document: plan_doc.c. */
void report_plan_doc(cr_doc *d, const cr_plan *plan, const cr_report_options *opt);
/* The decision paper's section (first in the report, or alone). */
void report_paper_section(cr_doc *d, cr_strbuf *t, const cr_plan *plan,
                          const cr_report_options *opt);
/* The document number as shown: opt's, or the default. */
void report_doc_number(cr_strbuf *sb, const cr_plan *plan, const cr_report_options *opt);

/* Scenario names in the order of cr_plan.dist. */
const char *report_scenario_name(int scenario, cr_report_lang lang);
/* Tables and curves show, after the three scenarios, the target before
 * insurance when a risk is transferred (plan->target_gross). */
#define REPORT_GROSS CR_SCENARIO_COUNT
#define REPORT_CURVES (CR_SCENARIO_COUNT + 1)
const cr_plan_distribution *report_distribution(const cr_plan *plan, int scenario);

#endif
