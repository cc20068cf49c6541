/*
 * simulate_drivers.h -- `cloudrisk simulate`'s tornado and uncertainty
 * bands: --sensitivity, --tornado FILE.svg, --sensitivity-csv FILE,
 * --bands N (doc/sensitivity.md).
 */
#ifndef CLOUDRISK_SIMULATE_DRIVERS_H
#define CLOUDRISK_SIMULATE_DRIVERS_H

#include <stdbool.h>
#include <stdio.h>

#include "cloudrisk/io.h"
#include "cloudrisk/sensitivity.h"
#include "cloudrisk/report.h"
#include "cloudrisk/simulate.h"

typedef struct sim_drivers {
    bool sensitivity;          /* asked for (or implied by a file below) */
    unsigned bands;            /* outer samples; 0: none */
    const char *tornado_path;  /* SVG, or NULL */
    const char *csv_path;      /* every row as CSV, or NULL */
    const char *what;          /* the scenario they describe: "residual", "portfolio" */
    const char *currency;      /* for the chart (may be NULL) */
    cr_report_lang lang;       /* the text's and the chart's words (--lang) */
    cr_sensitivity sens;
    cr_sim_bands band;
} sim_drivers;

/* Compute what was asked on the portfolio, with the run's options at the
 * trials the run took (precision mode's final count, or the options'). */
cr_status sim_drivers_run(sim_drivers *d, const cr_portfolio *p, const cr_sim_options *o,
                          uint64_t trials, cr_error *err);
/* The report in its format with the drivers: JSON gains "sensitivity" and
 * "bands" members, text gains their tables, in d->lang; CSV is the report's
 * alone (its columns and codes are the same in every language). */
cr_status sim_drivers_write(const sim_drivers *d, const cr_sim_report *report,
                            cr_sim_format format, FILE *fp, cr_error *err);
/* Open the side files (tornado, CSV); write them; commit or abort them. */
cr_status sim_drivers_open(sim_drivers *d, cr_outfile *svg, cr_outfile *csv, cr_error *err);
cr_status sim_drivers_files(const sim_drivers *d, cr_outfile *svg, cr_outfile *csv,
                            cr_error *err);
void sim_drivers_clear(sim_drivers *d);

#endif
