/*
 * charts.h -- inline SVG for the HTML report: the 5x5 heat map and the
 * loss-exceedance curves (library-internal).  No scripts, no external
 * references; text is escaped.
 */
#ifndef CR_REPORT_CHARTS_H
#define CR_REPORT_CHARTS_H

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "util/text.h"

/* Colours of a level (background and ink) from green to red, spread over
 * however many levels the criteria have. */
void chart_level_colors(const cr_plan *plan, int level, const char **fill, const char **ink);

/* A heat map of one scenario (CR_SCENARIO_*), element id "heatmap-<name>". */
void chart_heatmap(cr_strbuf *sb, const cr_plan *plan, int scenario, cr_report_lang lang);

/* The loss-exceedance curves of the scenarios that were simulated, with the
 * appetite marked; element id "lec-chart". */
void chart_lec(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);

#endif
