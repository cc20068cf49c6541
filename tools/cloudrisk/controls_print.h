/*
 * controls_print.h -- how `cloudrisk controls` prints catalogue items: aligned
 * tables (East Asian width aware), JSON, CSV, and the detail view of `show`.
 */
#ifndef CLOUDRISK_CONTROLS_PRINT_H
#define CLOUDRISK_CONTROLS_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "cloudrisk/catalog.h"

typedef enum controls_format { CONTROLS_TABLE, CONTROLS_JSON, CONTROLS_CSV } controls_format;
typedef enum controls_lang { CONTROLS_JA, CONTROLS_EN } controls_lang;

typedef struct controls_view {
    controls_format format;
    controls_lang lang;     /* the table's text column; JSON and CSV carry both */
    bool basic_wording;     /* show Ⅵ's wording where it differs from Ⅴ */
    bool show_kind;         /* add a KIND column (when levels are mixed) */
    size_t width;           /* fit tables to this many columns; 0 = no limit */
} controls_view;

/* Columns of the terminal fp writes to, or 0 when it is not a terminal (then
 * tables are not cut, so that pipes get whole text). */
size_t controls_terminal_width(FILE *fp);

/* Print items; `query` records what was asked for (JSON output only) and is
 * taken over; NULL means building it ran out of memory.  Returns false when
 * out of memory (nothing printed). */
bool controls_print_items(FILE *fp, const cr_catalog *catalog, const cr_catalog_item *const *items,
                          size_t n, const controls_view *view, cJSON *query);

/* The detail view of one item: a category with its subcategories, a
 * subcategory with its objective and controls, a control with its category,
 * objective and every detailed control, or one detailed control.  Text is
 * never cut.  format is CONTROLS_TABLE (text) or CONTROLS_JSON. */
bool controls_print_show(FILE *fp, const cr_catalog *catalog, const cr_catalog_item *item,
                         controls_format format);

#endif
