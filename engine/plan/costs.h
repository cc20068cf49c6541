/*
 * costs.h -- default cost and effort of carrying out each control, by effort
 * class (models/costs.json; library-internal).
 */
#ifndef CR_PLAN_COSTS_H
#define CR_PLAN_COSTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cloudrisk/context.h"
#include "cloudrisk/error.h"

typedef struct plan_cost_class {
    char *name;          /* "S", "M", ... */
    double one_off;      /* design, purchase, rollout */
    double annual;       /* running cost per year */
    double effort_days;  /* person-days to put it in place */
    char *en, *ja;       /* what the class means */
} plan_cost_class;

typedef struct plan_costs {
    char *version;
    char *currency;
    double amortisation_years;
    size_t n_classes;
    plan_cost_class *classes;
    size_t n_controls;
    char **control_ids;  /* in file order */
    size_t *control_class; /* index into classes */
} plan_costs;

/* Load and check a costs file.  When control_ids[n_ids] is given, every one
 * of those controls must have a class and no other id may appear. */
cr_status plan_costs_load(const char *path, const char *const *control_ids, size_t n_ids,
                          plan_costs *out, cr_error *err);
void plan_costs_free(plan_costs *costs);

/* The class of that name, or NULL. */
const plan_cost_class *plan_costs_class(const plan_costs *costs, const char *name);
/* The class of a control, or NULL when the file does not list it. */
const plan_cost_class *plan_costs_for(const plan_costs *costs, const char *control_id);

/* The costs a context loaded (context.c), or NULL when it was opened without
 * CR_CONTEXT_COSTS. */
const plan_costs *plan_context_costs(const cr_context *ctx);

#endif
