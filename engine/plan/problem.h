/*
 * problem.h -- the planner's view of an assessment (library-internal).
 *
 * plan_build() works on this description only: the risks with their current
 * levels and losses, the gap controls with their costs, the decisions already
 * taken, and one function that re-assesses the service with some of the gap
 * controls carried out.  run.c fills it from the model, the assessment and the
 * loss model; tests fill it by hand.
 */
#ifndef CR_PLAN_PROBLEM_H
#define CR_PLAN_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/error.h"
#include "cloudrisk/plan.h"

typedef struct plan_risk_in {
    const char *id, *name_en, *name_ja;
    cr_plan_cell inherent, residual;
    double ale_inherent, ale_residual;
    size_t n_gap;
    const size_t *gap; /* its required controls not implemented: indices into controls */
    const char *contested; /* the workshop flag's reason while the estimate is contested */
} plan_risk_in;

typedef struct plan_detail_in {
    const char *id;      /* "7.4.1.4" */
    const char *text_ja; /* the standard's wording */
} plan_detail_in;

typedef struct plan_control_in {
    const char *id, *title_en, *title_ja;
    const char *status;          /* current status word */
    size_t n_details;
    const plan_detail_in *details; /* detailed controls to carry out */
    size_t n_risks;
    const size_t *risks;         /* risks whose loss it lowers (the model's mapping) */
    double one_off, annual, effort_days;
    const char *cost_class;      /* where the cost came from: a class name or "override" */
    const char *owner;
} plan_control_in;

/* A decision the service owner has already taken for a risk. */
typedef struct plan_risk_decision {
    cr_treatment option;         /* CR_TREAT_ACCEPT, _AVOID or _TRANSFER */
    const char *reason;
    const char *by;              /* may be NULL */
    cr_date date;                /* may be unset */
    double cover, premium;       /* transfer; NAN when not given (cover: the limit
                                    per year, or NAN) */
    const char *party;           /* transfer counterparty; may be NULL */
    double retention;            /* transfer: per event, 0 when not given */
    double limit_per_event;      /* transfer: INFINITY when not given */
} plan_risk_decision;

/* Re-assess with the controls flagged in chosen[n_controls] carried out (on
 * top of the current state).  Fills ale[n_risks] with each risk's expected
 * annual loss and, when cells is not NULL, cells[n_risks] with its levels.
 * Must be a deterministic function of chosen. */
typedef cr_status (*plan_rescore_fn)(void *ctx, const unsigned char *chosen, cr_plan_cell *cells,
                                     double *ale, cr_error *err);

typedef struct plan_problem {
    size_t n_risks;
    const plan_risk_in *risks;
    const plan_risk_decision *const *decisions; /* per risk, NULL when none */
    size_t n_controls;
    const plan_control_in *controls;  /* the gap list, catalogue order */
    plan_rescore_fn rescore;
    void *ctx;
    int acceptable_level;             /* highest acceptable level index */
    int top_level;                    /* the highest level ("high"); 0: none known */
    cr_plan_objective objective;
    const double *capacity;           /* per control of the gap list, its owner's person-days
                                         per month; NULL: the fixed windows of plan_schedule */
    cr_plan_budget budget;
    double amortisation_years;
    bool has_min_rosi;                /* a floor on the candidates' own return: */
    double min_rosi;                  /* percent */
    cr_date start;
    size_t exact_threshold;           /* 0: the default */
} plan_problem;

/* Choose the plan and fill the parts of `plan` that follow from the
 * problem: risks, gaps, items, residuals, selection, totals.  The caller
 * fills identity, criteria and distributions.  plan must be zeroed. */
cr_status plan_build(const plan_problem *pb, cr_plan *plan, cr_error *err);

/* Priority of an item from the highest level it treats among the risks that
 * need treatment: 1 + (worst - that level), where worst is the highest level
 * any risk needing treatment has now; at most CR_PLAN_PRIORITIES. */
int plan_priority(int worst_level, int highest_treated_level);

/* Start and due dates for a priority (see doc/plan.md): priority p works in
 * the window [start + 90 (p-1), start + 90 p] days, and the due date moves
 * later when one person full time (5 working days a week) needs longer. */
void plan_schedule(cr_date plan_start, int priority, double effort_days, cr_date *start,
                   cr_date *due);

/* Due dates levelled by the owner's capacity: an item starts when its
 * owner's previous item is due (*cursor, the plan start at first) and takes
 * ceil(effort / capacity * 365.25 / 12) calendar days, at least one. */
void plan_level(double effort_days, double capacity, cr_date *cursor, cr_date *start,
                cr_date *due);

/* Days in a priority's window, and the calendar days one person needs for an
 * effort in person-days. */
#define PLAN_WINDOW_DAYS 90
long plan_calendar_days(double effort_days);

#endif
