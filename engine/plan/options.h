/*
 * options.h -- shared state of one plan build, and the steps that give each
 * risk its option and draw up the approval sheet (library-internal).
 */
#ifndef CR_PLAN_OPTIONS_H
#define CR_PLAN_OPTIONS_H

#include <stdbool.h>

#include "plan/problem.h"

typedef struct plan_eval {
    const plan_problem *pb;
    bool *avoided;          /* per risk: a recorded decision avoids it */
    bool *needs;            /* per risk: residual above the acceptable level */
    bool *reducible;        /* per risk: needs treatment and has no recorded decision */
    double *ale;            /* scratch, per risk */
    unsigned char *scratch; /* scratch, per gap control */
    unsigned char *selected; /* per gap control: in the plan */
    double base_loss;       /* L({}) */
} plan_eval;

/* L(controls): the expected annual loss of the risks not avoided.  cells
 * (may be NULL) and ale_out (may be NULL: scratch is used) receive the
 * per-risk results. */
cr_status plan_total_loss(plan_eval *ev, const unsigned char *controls, double *loss,
                          cr_plan_cell *cells, double *ale_out, cr_error *err);

/* Fill plan->risks: levels and losses before and after, option, reason,
 * alternatives weighed, gap and items. */
cr_status plan_assign_options(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                              cr_error *err);

/* Fill plan->residuals: the risks above the acceptable level after the plan,
 * why, and when they become treatable. */
cr_status plan_approval_sheet(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                              cr_error *err);

/* Days from the plan start to the next budget cycle and yearly review
 * (management standard 4.4.1: re-assess at least once a year). */
#define PLAN_REVIEW_DAYS 365

#endif
