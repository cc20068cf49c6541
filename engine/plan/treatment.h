/*
 * treatment.h -- the "treatment" section of a service file (library-internal).
 *
 *   "treatment": {
 *     "start_date": "2025-04-01",
 *     "budget": {"one_off": 30000000, "annual": 10000000, "currency": "JPY"},
 *     "amortisation_years": 3,
 *     "min_rosi": 0,
 *     "costs": {"7.2.2": {"class": "M"},
 *               "6.10.2": {"one_off": 0, "annual": 4800000, "effort_days": 10,
 *                          "note": "monitoring service already contracted"}},
 *     "owners": {"default": "CISO office", "7": "Platform team", "9.2.1": "CSIRT lead"},
 *     "decisions": {
 *       "CR16": {"option": "transfer", "reason": "...", "cover": 50000000,
 *                "premium": 1200000, "party": "...", "by": "CFO", "date": "2025-03-15"},
 *       "CR21": {"option": "accept", "reason": "..."}}
 *   }
 *
 * Every field is optional.  Owners are keyed by control id ("9.2.1"),
 * subcategory ("7.4"), category ("7") or "default"; the most specific wins.
 */
#ifndef CR_PLAN_TREATMENT_H
#define CR_PLAN_TREATMENT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"
#include "cloudrisk/plan.h"
#include "plan/problem.h"

typedef struct plan_cost_override {
    char *control_id;
    char *cost_class;    /* NULL when not given */
    bool has_one_off, has_annual, has_effort;
    double one_off, annual, effort_days;
} plan_cost_override;

typedef struct plan_owner_rule {
    char *key;           /* "default", "7", "7.4" or "7.4.1" */
    char *owner;
} plan_owner_rule;

typedef struct plan_decision_rule {
    char *risk_id;
    plan_risk_decision decision; /* its strings are owned by the rule */
} plan_decision_rule;

typedef struct plan_treatment {
    cr_plan_budget budget;
    char *currency;      /* of the budget, or NULL */
    bool has_start;
    cr_date start;
    bool has_amortisation;
    double amortisation_years;
    bool has_min_rosi;
    double min_rosi;     /* percent: controls returning less on their own are left out */
    size_t n_costs;
    plan_cost_override *costs;
    size_t n_owners;
    plan_owner_rule *owners;
    size_t n_decisions;
    plan_decision_rule *decisions;
} plan_treatment;

/* What names are valid, for checking ids as they are read.  Any callback
 * may be NULL (then that kind of id is not checked). */
typedef struct plan_known {
    void *ctx;
    bool (*control)(void *ctx, const char *id);     /* a control "7.4.1" */
    bool (*group)(void *ctx, const char *id);       /* a category "7" or subcategory "7.4" */
    bool (*risk)(void *ctx, const char *id);
    bool (*cost_class)(void *ctx, const char *name);
} plan_known;

/* Parse the section (node may be NULL: then everything stays unset).
 * Errors name the file and the JSON path under $.treatment. */
cr_status plan_treatment_parse(const cJSON *node, const char *file, const plan_known *known,
                               plan_treatment *out, cr_error *err);
void plan_treatment_free(plan_treatment *t);

/* The owner for a control from the rules: the most specific key that is the
 * control itself or one of its parents.  *specificity is 3 for the control,
 * 2 for its subcategory, 1 for its category, 0 for "default"; NULL when no
 * rule applies. */
const char *plan_treatment_owner(const plan_treatment *t, const char *control_id,
                                 int *specificity);

const plan_cost_override *plan_treatment_cost(const plan_treatment *t, const char *control_id);
const plan_risk_decision *plan_treatment_decision(const plan_treatment *t, const char *risk_id);

/* transfer.c: the insurance layer of a transfer decision, and the layers of
 * every transferred risk of a portfolio (by risk id); returns how many. */
void plan_transfer_layer(const plan_risk_decision *d, cr_sim_layer *ly);
size_t plan_put_layers(const plan_treatment *t, cr_portfolio *p);

#endif
