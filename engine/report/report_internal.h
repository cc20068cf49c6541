/*
 * report_internal.h -- the renderers behind report.h (library-internal).
 * Each appends its whole document to sb; sb's failed flag reports memory
 * exhaustion.
 */
#ifndef CR_REPORT_INTERNAL_H
#define CR_REPORT_INTERNAL_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "util/text.h"

cr_status report_render_json(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err);
cr_status report_render_csv(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                            cr_error *err);
cr_status report_render_xlsx(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err);
cr_status report_render_md(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                           cr_error *err);
cr_status report_render_html(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                             cr_error *err);

/* Scenario names in the order of cr_plan.dist. */
const char *report_scenario_name(int scenario, cr_report_lang lang);

#endif
