/*
 * drivers.h -- the report's sections on what drives the figures and how
 * sure they are: the tornado, the value of each control, the uncertainty
 * bands (library-internal).  Each is self-contained: a renderer calls it
 * where the section goes, and it writes nothing when the plan has none.
 */
#ifndef CR_REPORT_DRIVERS_H
#define CR_REPORT_DRIVERS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "cloudrisk/plan.h"
#include "cloudrisk/report.h"
#include "report/doc.h"
#include "util/json_build.h"
#include "util/text.h"

/* "sensitivity", "control_values" and "bands" members of the plan's JSON. */
void report_json_drivers(cr_jb *b, cJSON *root, const cr_plan *plan);

/* The section (id "drivers") in the report's document: tornado chart and
 * its table, control ranking, bands; nothing for a plan drawn without them. */
void report_doc_drivers(cr_doc *d, const cr_plan *plan, cr_report_lang lang);

/* ---- words (drivers_words.c): the sections' own table, both languages -- */

typedef enum drivers_word {
    DW_SECTION,
    DW_TORNADO,
    DW_TORNADO_NOTE_1, /* "Each input moved alone ..." */
    DW_TORNADO_NOTE_2, /* "... simulated years" */
    DW_TORNADO_NOTE_3, /* "Top rows of ..." */
    DW_TORNADO_SHORT,  /* "... needs at least 10,000 simulated years" */
    DW_FREQUENCY,
    DW_LOSS,
    DW_PREVENTIVE,
    DW_DETECTIVE,
    DW_AT_LOW,
    DW_AT_HIGH,
    DW_AS_ESTIMATED,
    DW_INPUT,
    DW_RANGE,
    DW_ALE_LOW,
    DW_ALE_HIGH,
    DW_P95_LOW,
    DW_P95_HIGH,
    DW_EVENTS_PER_YEAR,
    DW_LEVELS,
    DW_VALUES,
    DW_VALUES_NOTE_1,
    DW_VALUES_NOTE_EXACT,
    DW_VALUES_NOTE_SAMPLED,
    DW_VALUES_NOTE_2,
    DW_RANK,
    DW_CONTROL,
    DW_ALONE,
    DW_MARGINAL,
    DW_SHAPLEY,
    DW_SHARE,
    DW_NOT_IN_PLAN,
    DW_WOULD_ADD,
    DW_BANDS,
    DW_BANDS_NOTE,
    DW_BANDS_MEAN,
    DW_MEDIAN,
    DW_OUTER,
    DW_YEARS_EACH,
    DW_BAND_LEGEND,
    DW_COUNT
} drivers_word;
const char *drivers_word_text(drivers_word w, cr_report_lang lang);
/* A signed change in short money: "+¥12M", "−1.2億円". */
void drivers_change(cr_strbuf *sb, double change, const char *currency, cr_report_lang lang);
/* The row's input in words: "Loss per event: CR14 <name>" with the plan's
 * risk names; without a plan, short: "CR14 Loss per event". */
void drivers_input_name(cr_strbuf *sb, const cr_sens_row *row, const cr_plan *plan,
                        cr_report_lang lang);
/* Its low and high value in words, with the unit. */
void drivers_input_range(cr_strbuf *sb, const cr_sens_row *row, const char *currency,
                         cr_report_lang lang);

#endif
