/*
 * sensitivity_doc.h -- the tornado and the uncertainty bands of a simulation
 * run (sensitivity.h) built into documents (doc.h), for `cloudrisk
 * simulate --sensitivity`, `--sensitivity-csv` and `--bands`
 * (library-internal).  The plan's report has its own sections on them
 * (drivers.h), with the plan's risk names and currency.
 */
#ifndef CR_REPORT_SENSITIVITY_DOC_H
#define CR_REPORT_SENSITIVITY_DOC_H

#include "cloudrisk/report.h"
#include "cloudrisk/sensitivity.h"
#include "report/doc.h"

/* The tornado for a person: a section (id "sensitivity") with the base
 * figures and a table of the top rows (0: all) in whole units; `what` names
 * the scenario ("residual"); in English or Japanese (amounts then in the
 * currency, which may be NULL).  Nothing when s is NULL or not present. */
void sensitivity_doc_text(cr_doc *d, const cr_sensitivity *s, const char *what, size_t top,
                          const char *currency, cr_report_lang lang);

/* The tornado for tools: one table, every row, each figure in its shortest
 * exact form (%.12g), the base figures and the run's method, years and seed
 * repeated on each row; the heading row alone when s is absent. */
void sensitivity_doc_table(cr_doc *d, const cr_sensitivity *s);

/* The uncertainty bands for a person: a section (id "bands") with the
 * expected loss's band and the curve's at every sixth exceedance
 * probability.  Nothing when b is NULL or not present. */
void sensitivity_doc_bands(cr_doc *d, const cr_sim_bands *b, const char *what,
                           const char *currency, cr_report_lang lang);

#endif
