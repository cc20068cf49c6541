/*
 * simulate_iface.h -- the simulate stage's interface to the stages after it
 * (library-internal): the one loss-summary JSON writer (loss_summary_json.c)
 * for documents built with the checked builder (util/json_build.h), so that
 * the simulation's, the plan's and the register's JSON write a loss summary,
 * and the precision it was simulated to, one way; and, for the batch
 * (batch_tables.c), the PERT tables its services share (cr_dist.table).
 */
#ifndef CR_SIMULATE_IFACE_H
#define CR_SIMULATE_IFACE_H

#include "cloudrisk/loss_summary.h"
#include "cloudrisk/simulate.h"
#include "util/json_build.h"

/* A loss summary in the one shape (cr_loss_summary_to_json) as a new object
 * of b, with "id" first when id is not NULL; a failure is recorded on b. */
cJSON *cr_loss_summary_jb(cr_jb *b, const char *id, const cr_loss_summary *s);
/* Precision mode's record as parent's "precision" object. */
void cr_sim_precision_jb(cr_jb *b, cJSON *parent, const cr_sim_precision *pr);

/* The table of Beta(a, b) a PERT with those shapes draws from
 * (beta_table.c), built, for cr_dist.table; the caller frees it (free(3)).
 * NULL when out of memory. */
struct cr_beta_table *cr_sim_beta_table_new(double a, double b);

#endif
