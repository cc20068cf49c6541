/*
 * select.h -- choosing controls within a budget (library-internal).
 *
 * The problem: candidates j = 0..n-1 (gap controls), each with a one-off
 * cost a_j and an annual cost b_j; budgets A (one-off) and B (annual), either
 * of which may be absent.  L(S) is the expected annual loss, summed over all
 * risks, when the controls in S are carried out on top of the current state;
 * the value of S is f(S) = L({}) - L(S), so a control counts for every risk it
 * treats.  Find a feasible S (a(S) <= A, b(S) <= B) with the largest f(S).
 *
 * This is budgeted maximisation of a set function.  For the loss model of
 * cloudrisk f is monotone (a control never raises a loss) and has
 * diminishing returns (submodular: each control removes a fraction of what
 * is left, so it removes less once others have acted).  The exact search and
 * the greedy's bounds rely on that; the exact search checks it on every pair
 * of candidates and on the sets it meets, and where it fails falls back to
 * plain enumeration.  doc/plan.md gives the proofs and the numbers.
 *
 * Ties are broken the same way everywhere, so results never depend on
 * evaluation order: larger f, then smaller a(S) + b(S), then the set whose
 * lowest-numbered differing candidate is in it.
 */
#ifndef CR_PLAN_SELECT_H
#define CR_PLAN_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/error.h"
#include "cloudrisk/plan.h"

/* Candidates up to this many are selected exactly (branch and bound). */
#define PLAN_EXACT_THRESHOLD 20
/* The exact search stops after this many nodes (then: best found, which is
 * never worse than the greedy's answer it starts from). */
#define PLAN_NODE_LIMIT 100000ULL

/* L(S): chosen[j] != 0 for j in S.  Must be a deterministic function of the
 * set. */
typedef cr_status (*plan_loss_fn)(void *ctx, const unsigned char *chosen, double *loss,
                                  cr_error *err);

typedef struct plan_select_problem {
    size_t n;
    const double *one_off; /* a_j >= 0 */
    const double *annual;  /* b_j >= 0 */
    cr_plan_budget budget;
    plan_loss_fn loss;
    void *ctx;
    size_t exact_threshold;       /* 0: PLAN_EXACT_THRESHOLD */
    unsigned long long node_limit; /* 0: PLAN_NODE_LIMIT */
} plan_select_problem;

/* Choose, dispatching on the problem: everything useful fits (take it),
 * few candidates (exact), many (greedy).  chosen[n] receives the set. */
cr_status plan_select(const plan_select_problem *p, unsigned char *chosen,
                      cr_plan_selection *info, cr_error *err);

/* The two methods, exposed for tests. */
cr_status plan_select_greedy(const plan_select_problem *p, unsigned char *chosen,
                             cr_plan_selection *info, cr_error *err);
cr_status plan_select_exact(const plan_select_problem *p, unsigned char *chosen,
                            cr_plan_selection *info, cr_error *err);

/* Does the set fit both budgets?  (A small relative tolerance absorbs
 * rounding in the sums.) */
bool plan_fits(const cr_plan_budget *budget, double one_off, double annual);

/* The a-priori guarantee of the greedy (with the best-single-item fix):
 * (1 - 1/e)/2 when one budget binds, (1 - e^-1/2)/2 when both do. */
double plan_greedy_guarantee(int binding_budgets);

#endif
