/*
 * cloudrisk/report.h -- a treatment plan (plan.h) written for tools and for
 * people: JSON, CSV, Markdown, or one self-contained HTML file (inline CSS
 * and SVG, no scripts, no fetches) with the management summary, heat maps of
 * inherent, residual and target risk, loss-exceedance curves, the plan, the
 * gap list and the approval sheet; in Japanese or English.
 *
 * Every label comes from one table (engine/report/labels.c) in both
 * languages.  Every piece of input text is escaped for the format it goes
 * into (HTML entities, CSV quoting, Markdown table cells, JSON strings).
 */
#ifndef CLOUDRISK_REPORT_H
#define CLOUDRISK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cloudrisk/error.h"
#include "cloudrisk/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cr_report_format {
    CR_REPORT_JSON = 0, /* the whole plan, every figure */
    CR_REPORT_CSV = 1,  /* the plan items, one row each */
    CR_REPORT_MD = 2,   /* the report as Markdown */
    CR_REPORT_HTML = 3, /* the report as one self-contained HTML file */
    CR_REPORT_XLSX = 4  /* the plan items as an XLSX workbook */
} cr_report_format;

typedef enum cr_report_lang {
    CR_LANG_EN = 0,
    CR_LANG_JA = 1
} cr_report_lang;

/* Parse "json", "csv", "md", "html" / "en", "ja"; false when unknown. */
bool cr_report_format_parse(const char *text, cr_report_format *out);
bool cr_report_lang_parse(const char *text, cr_report_lang *out);

/* Render the plan into a NUL-terminated string (caller frees). */
cr_status cr_report_render(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                           char **out, size_t *len, cr_error *err);

/* Render and write to fp. */
cr_status cr_report_write(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                          FILE *fp, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
