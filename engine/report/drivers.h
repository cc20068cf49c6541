/*
 * drivers.h -- the report's sections on what drives the figures and how
 * sure they are: the tornado, the value of each control, the uncertainty
 * bands (library-internal).  Each is self-contained: a renderer calls it
 * where the section goes, and it writes nothing when the plan has none.
 */
#ifndef CR_REPORT_DRIVERS_H
#define CR_REPORT_DRIVERS_H

#include <cjson/cJSON.h>

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "util/text.h"

/* "sensitivity", "control_values" and "bands" members of the plan's JSON. */
void report_json_drivers(cJSON *root, const cr_plan *plan);

/* The HTML section (id "drivers"): tornado chart, control ranking. */
void report_html_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);
/* The same in Markdown. */
void report_md_drivers(cr_strbuf *sb, const cr_plan *plan, cr_report_lang lang);

/* The uncertainty band of a scenario's curve as an SVG path, drawn under the
 * loss-exceedance chart's curves: x and y map a loss and a probability to
 * the chart's coordinates (report charts.c). */
typedef double (*report_axis_fn)(const void *chart, double v);
void report_svg_band(cr_strbuf *sb, const cr_sim_bands *b, const void *chart,
                     report_axis_fn x, report_axis_fn y, const char *fill);

/* The tornado chart alone, as an SVG element (also written by `simulate
 * --tornado FILE.svg`), top rows first, with the money in the currency. */
void report_svg_tornado(cr_strbuf *sb, const cr_sensitivity *s, const char *currency,
                        size_t top, cr_report_lang lang);

#endif
