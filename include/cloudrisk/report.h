/*
 * cloudrisk/report.h -- a treatment plan (plan.h) written for tools and for
 * people: JSON, CSV, Markdown, or one self-contained HTML file (inline CSS
 * and SVG, no scripts, no fetches) with the management summary, heat maps of
 * inherent, residual and target risk, loss-exceedance curves, the plan, the
 * gap list and the approval sheet; in Japanese or English.  The decision
 * paper (CR_REPORT_PAPER) is what management reads: what is asked, what it
 * buys, the risks to accept and until when, when the plan completes and who
 * answers for it, what refusing it means, and the approval block with the
 * approval route's seal row.
 *
 * The report stage also writes the results of assess and simulate (below).
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
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cr_report_format {
    CR_REPORT_JSON = 0, /* the whole plan, every figure */
    CR_REPORT_CSV = 1,  /* the plan items, one row each */
    CR_REPORT_MD = 2,   /* the report as Markdown */
    CR_REPORT_HTML = 3, /* the report as one self-contained HTML file: the decision
                           paper first, then the detail, then the annex */
    CR_REPORT_PAPER = 4, /* the decision paper alone (HTML, one or two A4 pages) */
    CR_REPORT_XLSX = 5   /* the plan items as an XLSX workbook */
} cr_report_format;

typedef enum cr_report_lang {
    CR_LANG_EN = 0,
    CR_LANG_JA = 1
} cr_report_lang;

/* How a report is written.  Start from cr_report_options_init. */
typedef struct cr_report_options {
    cr_report_format format;
    cr_report_lang lang;
    bool annex;              /* HTML report: end with the gap list in the standard's
                                wording (default true) */
    const char *doc_number;  /* document number on every page; NULL: the service id
                                and the first 8 hex digits of the inputs' SHA-256 */
    const char *doc_version; /* NULL: "1" */
    const char *route;       /* the approval route, stages separated by commas,
                                first to last (at most 6); NULL: 起案,審査,承認 in
                                Japanese, Prepared,Reviewed,Approved in English */
} cr_report_options;

/* Markdown, English, with the annex, default number, version and route. */
CR_PUBLIC void cr_report_options_init(cr_report_options *opt);

/* Parse "json", "csv", "md", "html", "paper", "xlsx" / "en", "ja"; false when unknown. */
CR_PUBLIC bool cr_report_format_parse(const char *text, cr_report_format *out);
CR_PUBLIC bool cr_report_lang_parse(const char *text, cr_report_lang *out);

/* Render the plan into a NUL-terminated string (caller frees). */
CR_PUBLIC cr_status cr_report_render(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                                     char **out, size_t *len, cr_error *err);

/* The same with every option. */
CR_PUBLIC cr_status cr_report_render_opt(const cr_plan *plan, const cr_report_options *opt, char **out,
                               size_t *len, cr_error *err);
CR_PUBLIC cr_status cr_report_write_opt(const cr_plan *plan, const cr_report_options *opt, FILE *fp,
                              cr_error *err);

/* Render and write to fp. */
CR_PUBLIC cr_status cr_report_write(const cr_plan *plan, cr_report_format format, cr_report_lang lang,
                                    FILE *fp, cr_error *err);

/* ---- the results of the stages before the plan ---------------------------
 * An assessment (score.h) and a simulation run (simulate.h) as the report
 * stage renders them for `cloudrisk assess` and `cloudrisk simulate`: text
 * for a terminal, Markdown and CSV from one document model, and JSON from
 * the stage's own data writer (cr_assessment_to_json, cr_sim_report_to_json). */

/* Output formats of `cloudrisk assess`. */
typedef enum cr_assess_format {
    CR_FORMAT_TEXT = 0,
    CR_FORMAT_JSON = 1,
    CR_FORMAT_CSV = 2,
    CR_FORMAT_MARKDOWN = 3
} cr_assess_format;
/* Parse "text", "json", "csv", "md"; false when none. */
CR_PUBLIC bool cr_assess_format_parse(const char *word, cr_assess_format *out);

/* Write an assessment in a format; every format records the model version, the inputs'
 * SHA-256 and the catalogue's source hash. */
CR_PUBLIC cr_status cr_assessment_write(const cr_assessment *assessment, cr_assess_format format,
                                        const char *lang, FILE *fp, cr_error *err);

typedef enum cr_sim_format {
    CR_SIM_FORMAT_TEXT = 0,
    CR_SIM_FORMAT_JSON = 1,
    CR_SIM_FORMAT_CSV = 2
} cr_sim_format;

/* "text", "json", "csv"; returns 0 on success, -1 when none of them. */
CR_PUBLIC int cr_sim_format_parse(const char *word, cr_sim_format *out);

/* Text: a table a person reads; CSV: one row per scenario and risk (and
 * TOTAL), the metadata repeated on each row; JSON: cr_sim_report_to_json. */
CR_PUBLIC cr_status cr_sim_report_write(const cr_sim_report *report, cr_sim_format format, FILE *fp,
                                        cr_error *err);
/* The text of the report, then the tornado's top rows (0: all) and the
 * uncertainty bands of the scenario `what` names ("residual"), as one
 * document in English or Japanese (the standard's terms, amounts in 万 and
 * 億): either may be NULL or not present, and is then left out. */
CR_PUBLIC cr_status cr_sim_report_write_text_drivers(const cr_sim_report *report,
                                                     const cr_sensitivity *sens,
                                                     const cr_sim_bands *bands, const char *what,
                                                     size_t top, cr_report_lang lang, FILE *fp,
                                                     cr_error *err);
/* The loss-exceedance curves as CSV: scenario, risk, point, loss,
 * exceedance_probability, and the metadata columns. */
CR_PUBLIC cr_status cr_sim_report_write_lec_csv(const cr_sim_report *report, FILE *fp, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
