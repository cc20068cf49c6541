/*
 * control_value.c -- what each control of a plan is worth.
 *
 * L(S) is the total closed-form expected annual loss (simulate.h) with the
 * gap controls of S carried out on top of today's, R = L(empty) the
 * residual and P the plan's items.  For a gap control c:
 *
 *   alone     L(empty) - L({c})              what it removes on its own
 *   marginal  L(P - c) - L(P)  (c in P)      what it adds to the rest of the plan
 *             L(P) - L(P + c)  (c not in P)  what it would add to the plan
 *   Shapley   phi_c of the game v(S) = L(empty) - L(S) over the plan's items
 *             (control_value_shapley.c): its share of the plan's reduction
 *             v(P) = L(empty) - L(P); the shares add up to it.
 *
 * Controls overlap (two controls crediting one risk's strength share the
 * levels it can lose, and the scoring caps strengths), so alone and marginal
 * need not add up to the plan's reduction: alone counts the overlap in full
 * for every control, marginal for none.  The Shapley share splits it
 * evenly between the controls that share it, averaged over the orders in
 * which the plan could be carried out -- the attribution FAIR-CAM readers
 * ask for when they ask "which control is worth most".
 *
 * Avoidance and transfers are decisions on risks, not controls: L keeps
 * every risk and no insurance layer, so v(P) is the controls' part of the
 * plan's reduction.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/control_value.h"

typedef struct game {
    const plan_problem *pb;
    const cr_plan *plan;
    unsigned char *chosen; /* over the gap list */
    double *ale;           /* per risk */
    double empty;          /* L(empty) */
} game;

static cr_status total_loss(game *g, double *out, cr_error *err)
{
    cr_status st = g->pb->rescore(g->pb->ctx, g->chosen, NULL, g->ale, err);
    double sum = 0.0;
    for (size_t k = 0; st == CR_OK && k < g->pb->n_risks; k++)
        sum += g->ale[k];
    *out = sum;
    return st;
}

/* v(S) over the plan's items. */
static cr_status items_value(void *ctx, const unsigned char *in, double *value, cr_error *err)
{
    game *g = ctx;
    memset(g->chosen, 0, g->pb->n_controls ? g->pb->n_controls : 1);
    for (size_t t = 0; t < g->plan->n_items; t++)
        if (in[t])
            g->chosen[g->plan->items[t].gap] = 1;
    double loss;
    cr_status st = total_loss(g, &loss, err);
    *value = g->empty - loss;
    return st;
}

static int by_value(const void *a, const void *b)
{
    const cr_control_value *x = a, *y = b;
    if (x->in_plan != y->in_plan)
        return x->in_plan ? -1 : 1;
    double vx = x->in_plan ? x->shapley : x->marginal, vy = y->in_plan ? y->shapley : y->marginal;
    if (vx != vy)
        return vx > vy ? -1 : 1;
    return x->gap < y->gap ? -1 : x->gap > y->gap;
}

void plan_control_values_clear(cr_control_values *v)
{
    if (!v)
        return;
    free(v->values);
    memset(v, 0, sizeof *v);
}

cr_status plan_control_values(const plan_problem *pb, const cr_plan *plan, uint64_t seed,
                              cr_control_values *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n_gaps = pb->n_controls;
    game g = {pb, plan, calloc(n_gaps ? n_gaps : 1, 1),
              calloc(pb->n_risks ? pb->n_risks : 1, sizeof(double)), 0.0};
    size_t n_items = plan->n_items;
    double *phi = calloc(n_items ? n_items : 1, sizeof *phi);
    double *se = calloc(n_items ? n_items : 1, sizeof *se);
    out->values = calloc(n_gaps ? n_gaps : 1, sizeof *out->values);
    cr_status st = CR_OK;
    if (!g.chosen || !g.ale || !phi || !se || !out->values)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK)
        st = total_loss(&g, &g.empty, err);
    double with_plan = g.empty;
    if (st == CR_OK) {
        for (size_t t = 0; t < n_items; t++)
            g.chosen[plan->items[t].gap] = 1;
        st = total_loss(&g, &with_plan, err);
    }
    for (size_t c = 0; st == CR_OK && c < n_gaps; c++) {
        cr_control_value *v = &out->values[c];
        v->gap = c;
        v->in_plan = plan->gaps[c].selected;
        v->shapley = v->shapley_se = NAN;
        double loss;
        /* alone */
        memset(g.chosen, 0, n_gaps);
        g.chosen[c] = 1;
        st = total_loss(&g, &loss, err);
        v->alone = g.empty - loss;
        /* marginal: the plan with c flipped */
        for (size_t t = 0; t < n_items; t++)
            g.chosen[plan->items[t].gap] = 1;
        g.chosen[c] = v->in_plan ? 0 : 1;
        if (st == CR_OK)
            st = total_loss(&g, &loss, err);
        v->marginal = v->in_plan ? loss - with_plan : with_plan - loss;
    }
    bool exact = n_items <= CR_SHAPLEY_EXACT_MAX;
    if (st == CR_OK)
        st = cr_shapley(n_items, items_value, &g, CR_VALUE_ORDERINGS, seed, phi, se, err);
    if (st == CR_OK) {
        for (size_t t = 0; t < n_items; t++) {
            out->values[plan->items[t].gap].shapley = phi[t];
            out->values[plan->items[t].gap].shapley_se = se[t];
        }
        qsort(out->values, n_gaps, sizeof *out->values, by_value);
        out->present = true;
        out->exact = exact;
        out->orderings = exact ? 0 : CR_VALUE_ORDERINGS;
        out->seed = seed;
        out->ale_residual = g.empty;
        out->ale_plan = with_plan;
        out->n = n_gaps;
    }
    free(g.chosen);
    free(g.ale);
    free(phi);
    free(se);
    if (st != CR_OK)
        plan_control_values_clear(out);
    return st;
}
