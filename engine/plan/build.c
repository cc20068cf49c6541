/*
 * build.c -- from a plan_problem to a plan: choose the controls, order them
 * into items, give every risk its option, and draw up the approval sheet
 * (doc/plan.md).
 *
 * Losses: L(S) is the sum of the expected annual losses of all risks that are
 * not avoided, with the gap controls in S carried out.  Avoided risks leave
 * the service with their activity, so no control is chosen for their sake.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/options.h"
#include "plan/problem.h"
#include "plan/select.h"

static char *dup_text(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

static size_t *dup_indices(const size_t *src, size_t n, bool *failed)
{
    if (n == 0)
        return NULL;
    size_t *copy = malloc(n * sizeof *copy);
    if (!copy) {
        *failed = true;
        return NULL;
    }
    memcpy(copy, src, n * sizeof *copy);
    return copy;
}

/* ---- losses over the gap list ------------------------------------------- */

cr_status plan_total_loss(plan_eval *ev, const unsigned char *controls, double *loss,
                          cr_plan_cell *cells, double *ale_out, cr_error *err)
{
    const plan_problem *pb = ev->pb;
    double *ale = ale_out ? ale_out : ev->ale;
    cr_status st = pb->rescore(pb->ctx, controls, cells, ale, err);
    if (st != CR_OK)
        return st;
    double total = 0.0;
    for (size_t r = 0; r < pb->n_risks; r++)
        if (!ev->avoided[r])
            total += ale[r];
    *loss = total;
    return CR_OK;
}

/* The selection sees candidates only; map them onto the gap list. */
typedef struct candidate_ctx {
    plan_eval *ev;
    size_t n;
    const size_t *control; /* candidate -> index in the gap list */
    const double *cost;    /* net objective: annualised cost per candidate; else NULL */
} candidate_ctx;

static cr_status candidate_loss(void *vctx, const unsigned char *chosen, double *loss,
                                cr_error *err)
{
    candidate_ctx *c = vctx;
    unsigned char *controls = c->ev->scratch;
    memset(controls, 0, c->ev->pb->n_controls);
    double cost = 0.0;
    for (size_t j = 0; j < c->n; j++)
        if (chosen[j]) {
            controls[c->control[j]] = 1;
            if (c->cost)
                cost += c->cost[j];
        }
    cr_status st = plan_total_loss(c->ev, controls, loss, NULL, NULL, err);
    /* Net benefit: the selection maximises L({}) - L(S), so minimise loss
     * plus annualised cost: the value becomes loss removed minus cost, still
     * submodular (a modular cost subtracted), no longer monotone. */
    *loss += cost;
    return st;
}

static double annualised(const plan_problem *pb, size_t c)
{
    double years = pb->amortisation_years > 0.0 ? pb->amortisation_years : 1.0;
    return pb->controls[c].annual + pb->controls[c].one_off / years;
}

/* ---- the gap list ------------------------------------------------------- */

static cr_status copy_gaps(const plan_problem *pb, plan_eval *ev, cr_plan *plan, cr_error *err)
{
    bool failed = false;
    size_t n = pb->n_controls;
    plan->gaps = n ? calloc(n, sizeof *plan->gaps) : NULL;
    if (n && !plan->gaps)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    plan->n_gaps = n; /* only once there is an array to count: cr_plan_free walks it */
    for (size_t c = 0; c < n; c++) {
        const plan_control_in *in = &pb->controls[c];
        cr_plan_gap *g = &plan->gaps[c];
        g->control_id = dup_text(in->id, &failed);
        g->title_en = dup_text(in->title_en, &failed);
        g->title_ja = dup_text(in->title_ja, &failed);
        g->status = dup_text(in->status, &failed);
        g->cost_class = dup_text(in->cost_class, &failed);
        g->one_off = in->one_off;
        g->annual = in->annual;
        g->effort_days = in->effort_days;
        g->item = -1;
        if (in->n_details) {
            g->details = calloc(in->n_details, sizeof *g->details);
            if (!g->details) {
                failed = true;
                break;
            }
            g->n_details = in->n_details;
            for (size_t d = 0; d < in->n_details; d++) {
                g->details[d].id = dup_text(in->details[d].id, &failed);
                g->details[d].text_ja = dup_text(in->details[d].text_ja, &failed);
            }
        }
        /* The risks that require it: those with it in their gap. */
        size_t count = 0;
        for (size_t r = 0; r < pb->n_risks; r++)
            for (size_t k = 0; k < pb->risks[r].n_gap; k++)
                if (pb->risks[r].gap[k] == c)
                    count++;
        if (count) {
            g->risks = malloc(count * sizeof *g->risks);
            if (!g->risks) {
                failed = true;
                break;
            }
            for (size_t r = 0; r < pb->n_risks; r++)
                for (size_t k = 0; k < pb->risks[r].n_gap; k++)
                    if (pb->risks[r].gap[k] == c)
                        g->risks[g->n_risks++] = r;
        }
        for (size_t k = 0; k < g->n_risks; k++)
            if (ev->reducible[g->risks[k]])
                g->candidate = true;
    }
    if (failed)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    /* What each would remove on its own. */
    unsigned char *one = calloc(n ? n : 1, 1);
    if (!one)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_status st = CR_OK;
    for (size_t c = 0; c < n && st == CR_OK; c++) {
        double loss;
        one[c] = 1;
        st = plan_total_loss(ev, one, &loss, NULL, NULL, err);
        one[c] = 0;
        plan->gaps[c].ale_reduction_alone = ev->base_loss - loss;
    }
    free(one);
    return st;
}

/* ---- choosing and ordering ---------------------------------------------- */

static cr_status choose(const plan_problem *pb, plan_eval *ev, cr_plan *plan, cr_error *err)
{
    size_t n = pb->n_controls;
    size_t m = 0;
    size_t *cand = malloc((n ? n : 1) * sizeof *cand);
    double *a = malloc((n ? n : 1) * sizeof *a);
    double *b = malloc((n ? n : 1) * sizeof *b);
    double *cost = malloc((n ? n : 1) * sizeof *cost);
    unsigned char *chosen = calloc(n ? n : 1, 1);
    cr_status st = CR_OK;
    if (!cand || !a || !b || !cost || !chosen) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    /* The floor on a candidate's own return: with diminishing returns, what a
     * control removes among others is at most what it removes alone, so one
     * below the floor alone is below it in every plan, and leaving it out
     * loses no plan that meets the floor. */
    plan->selection.min_rosi = pb->has_min_rosi ? pb->min_rosi : NAN;
    for (size_t c = 0; c < n; c++) {
        cr_plan_gap *g = &plan->gaps[c];
        if (g->candidate && pb->has_min_rosi && g->one_off + g->annual > 0) {
            double rosi = cr_plan_rosi(g->ale_reduction_alone, g->one_off, g->annual,
                                       pb->amortisation_years);
            if (isnan(rosi) || rosi * 100.0 < pb->min_rosi) {
                g->below_rosi_floor = true;
                plan->selection.n_below_rosi_floor++;
            }
        }
    }
    for (size_t c = 0; c < n; c++)
        if (plan->gaps[c].candidate && !plan->gaps[c].below_rosi_floor) {
            cand[m] = c;
            a[m] = pb->controls[c].one_off;
            b[m] = pb->controls[c].annual;
            m++;
        }
    bool net = pb->objective == CR_OBJECTIVE_NET_BENEFIT;
    for (size_t j = 0; net && j < m; j++)
        cost[j] = annualised(pb, cand[j]);
    candidate_ctx cctx = {ev, m, cand, net ? cost : NULL};
    plan_select_problem sp = {m, a, b, pb->budget, candidate_loss, &cctx, pb->exact_threshold, 0};
    double floor_applied = plan->selection.min_rosi;
    size_t below_floor = plan->selection.n_below_rosi_floor;
    st = plan_select(&sp, chosen, &plan->selection, err);
    plan->selection.min_rosi = floor_applied; /* the selection starts its record afresh */
    plan->selection.n_below_rosi_floor = below_floor;
    plan->selection.objective = pb->objective;
    plan->selection.net_benefit = NAN;
    plan->selection.net_upper_bound = NAN;
    if (st != CR_OK)
        goto done;
    for (size_t j = 0; j < m; j++)
        if (chosen[j]) {
            ev->selected[cand[j]] = 1;
            plan->gaps[cand[j]].selected = true;
        }
    if (net) {
        /* Record the net value, and the loss removed as for the other
         * objective (the items' reductions add up to it). */
        double loss;
        plan->selection.net_benefit = plan->selection.reduction;
        plan->selection.net_upper_bound = plan->selection.upper_bound;
        st = plan_total_loss(ev, ev->selected, &loss, NULL, NULL, err);
        plan->selection.reduction = ev->base_loss - loss;
        plan->selection.upper_bound = NAN;
    }
done:
    free(cand);
    free(a);
    free(b);
    free(cost);
    free(chosen);
    return st;
}

/* Net benefit leaves out a control that costs more than it saves, even
 * where a risk at the top level needs it to reach the acceptable level.
 * For each such risk (reducible, top level now, still above after the
 * plan), its further gap controls are taken, largest reduction of its loss
 * per annualised cost first, until its level is acceptable; they join the
 * plan when they reach it and fit what is left of the budget, marked as
 * needed for it (the report says so beside them). */
static cr_status add_needed(const plan_problem *pb, plan_eval *ev, cr_plan *plan, cr_error *err)
{
    if (pb->objective != CR_OBJECTIVE_NET_BENEFIT || pb->top_level <= pb->acceptable_level)
        return CR_OK;
    size_t nr = pb->n_risks, nc = pb->n_controls;
    unsigned char *cur = malloc(nc ? nc : 1);
    cr_plan_cell *cells = malloc((nr ? nr : 1) * sizeof *cells);
    double *ale = malloc((nr ? nr : 1) * sizeof *ale);
    cr_status st = CR_OK;
    if (!cur || !cells || !ale) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < nr && st == CR_OK; r++) {
        const plan_risk_in *in = &pb->risks[r];
        if (!ev->reducible[r] || in->residual.level < pb->top_level)
            continue;
        memcpy(cur, ev->selected, nc);
        double loss;
        if ((st = plan_total_loss(ev, cur, &loss, cells, ale, err)) != CR_OK)
            break;
        double one_off = 0.0, annual = 0.0;
        for (size_t c = 0; c < nc; c++)
            if (cur[c]) {
                one_off += pb->controls[c].one_off;
                annual += pb->controls[c].annual;
            }
        double ale_r = ale[r];
        bool reached = cells[r].level <= pb->acceptable_level;
        while (!reached) {
            long pick = -1;
            double pick_ratio = 0.0, pick_gain = 0.0;
            for (size_t k = 0; k < in->n_gap; k++) {
                size_t c = in->gap[k];
                if (cur[c] || !plan->gaps[c].candidate)
                    continue;
                cur[c] = 1;
                st = plan_total_loss(ev, cur, &loss, NULL, ale, err);
                cur[c] = 0;
                if (st != CR_OK)
                    goto done;
                double gain = ale_r - ale[r], cost = annualised(pb, c);
                double ratio = cost > 0.0 ? gain / cost : (gain > 0.0 ? INFINITY : gain);
                if (pick < 0 || ratio > pick_ratio || (ratio == pick_ratio && gain > pick_gain)) {
                    pick = (long)c;
                    pick_ratio = ratio;
                    pick_gain = gain;
                }
            }
            if (pick < 0)
                break;
            cur[pick] = 1;
            one_off += pb->controls[pick].one_off;
            annual += pb->controls[pick].annual;
            if ((st = plan_total_loss(ev, cur, &loss, cells, ale, err)) != CR_OK)
                goto done;
            ale_r = ale[r];
            reached = cells[r].level <= pb->acceptable_level;
        }
        if (!reached || !plan_fits(&pb->budget, one_off, annual))
            continue;
        for (size_t c = 0; c < nc; c++)
            if (cur[c] && !ev->selected[c]) {
                ev->selected[c] = 1;
                plan->gaps[c].selected = true;
                plan->gaps[c].needed_for_acceptable = true;
                plan->selection.n_needed++;
            }
    }
    if (st == CR_OK && plan->selection.n_needed > 0) {
        double loss;
        st = plan_total_loss(ev, ev->selected, &loss, NULL, NULL, err);
        plan->selection.reduction = ev->base_loss - loss;
    }
done:
    free(cur);
    free(cells);
    free(ale);
    return st;
}

/* With a floor on the return of security investment: drop, worst first,
 * each chosen control whose contribution to the rest of the plan,
 * L(S - j) - L(S), returns less than the floor, until none does.  By
 * diminishing returns that contribution is the least the control adds in
 * any order, so every item of the plan, whatever its place, then returns at
 * least the floor; and dropping one only raises the others'. */
static cr_status prune_below_floor(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                                   cr_error *err)
{
    if (!pb->has_min_rosi)
        return CR_OK;
    size_t n = pb->n_controls;
    for (;;) {
        double loss_all;
        cr_status st = plan_total_loss(ev, ev->selected, &loss_all, NULL, NULL, err);
        if (st != CR_OK)
            return st;
        long worst = -1;
        double worst_rosi = INFINITY;
        for (size_t c = 0; c < n; c++) {
            const cr_plan_gap *g = &plan->gaps[c];
            if (!ev->selected[c] || !(g->one_off + g->annual > 0))
                continue;
            double loss_without;
            ev->selected[c] = 0;
            st = plan_total_loss(ev, ev->selected, &loss_without, NULL, NULL, err);
            ev->selected[c] = 1;
            if (st != CR_OK)
                return st;
            double rosi = cr_plan_rosi(loss_without - loss_all, g->one_off, g->annual,
                                       pb->amortisation_years);
            if (rosi * 100.0 < pb->min_rosi && rosi < worst_rosi) {
                worst = (long)c;
                worst_rosi = rosi;
            }
        }
        if (worst < 0) {
            plan->selection.reduction = ev->base_loss - loss_all;
            return CR_OK;
        }
        ev->selected[worst] = 0;
        plan->gaps[worst].selected = false;
        plan->gaps[worst].below_rosi_floor = true;
        plan->selection.n_rosi_dropped++;
    }
}

/* The worst level, among the risks needing treatment that require control
 * c, that it treats. */
static int highest_treated_level(const plan_problem *pb, const plan_eval *ev,
                                 const cr_plan_gap *g)
{
    int level = pb->acceptable_level;
    for (size_t k = 0; k < g->n_risks; k++) {
        size_t r = g->risks[k];
        if (ev->needs[r] && pb->risks[r].residual.level > level)
            level = pb->risks[r].residual.level;
    }
    return level;
}

/* Items in plan order: repeatedly the selected control with the largest
 * marginal loss reduction per annualised cost (free ones first; ties: larger
 * reduction, then catalogue order), then stably by priority. */
/* Within the items that treat the same level (one priority), value
 * decides: an item whose net benefit on its own, loss removed alone minus
 * annualised cost, is below the median of its level's items moves down one
 * priority (at most to the last).  So the first priority holds the worst
 * risks' best-paying controls, not every control of the plan. */
static void value_tiers(const plan_problem *pb, const cr_plan *plan, const size_t *seq,
                        size_t k, int *prio)
{
    double *net = malloc((k ? k : 1) * sizeof *net);
    double *group = malloc((k ? k : 1) * sizeof *group);
    int *base = malloc((k ? k : 1) * sizeof *base);
    if (!net || !group || !base) {
        free(net);
        free(group);
        free(base);
        return; /* priorities by level alone */
    }
    for (size_t t = 0; t < k; t++) {
        net[t] = plan->gaps[seq[t]].ale_reduction_alone - annualised(pb, seq[t]);
        base[t] = prio[t];
    }
    for (int p = 1; p <= CR_PLAN_PRIORITIES; p++) {
        size_t m = 0;
        for (size_t t = 0; t < k; t++)
            if (base[t] == p)
                group[m++] = net[t];
        if (m < 2)
            continue;
        /* Median by insertion sort (a plan has few items). */
        for (size_t i = 1; i < m; i++)
            for (size_t j = i; j > 0 && group[j - 1] > group[j]; j--) {
                double x = group[j];
                group[j] = group[j - 1];
                group[j - 1] = x;
            }
        double median = m % 2 ? group[m / 2] : 0.5 * (group[m / 2 - 1] + group[m / 2]);
        for (size_t t = 0; t < k; t++)
            if (base[t] == p && net[t] < median && prio[t] < CR_PLAN_PRIORITIES)
                prio[t] = p + 1;
    }
    free(net);
    free(group);
    free(base);
}

/* The date each owner is free again, for levelling by capacity. */
typedef struct owner_date {
    const char *owner;
    cr_date free_from;
} owner_date;

static cr_date *owner_cursor(owner_date *cursors, size_t *n, const char *owner, cr_date start)
{
    const char *key = owner ? owner : "";
    for (size_t i = 0; i < *n; i++)
        if (strcmp(cursors[i].owner, key) == 0)
            return &cursors[i].free_from;
    cursors[*n].owner = key;
    cursors[*n].free_from = start;
    return &cursors[(*n)++].free_from;
}

static cr_status order_items(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                             cr_error *err)
{
    size_t n = pb->n_controls, k = 0;
    for (size_t c = 0; c < n; c++)
        k += ev->selected[c];
    if (k == 0)
        return CR_OK;
    plan->items = calloc(k, sizeof *plan->items);
    if (plan->items)
        plan->n_items = k; /* only once there is an array to count: cr_plan_free walks it */
    size_t *seq = malloc(k * sizeof *seq);
    unsigned char *cur = calloc(n, 1);
    unsigned char *left = malloc(n);
    cr_status st = CR_OK;
    if (!plan->items || !seq || !cur || !left) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    memcpy(left, ev->selected, n);
    double loss_cur = ev->base_loss;
    for (size_t t = 0; t < k; t++) {
        long pick = -1;
        double pick_ratio = 0.0, pick_gain = 0.0, pick_loss = 0.0;
        for (size_t c = 0; c < n; c++) {
            if (!left[c])
                continue;
            double loss;
            cur[c] = 1;
            st = plan_total_loss(ev, cur, &loss, NULL, NULL, err);
            cur[c] = 0;
            if (st != CR_OK)
                goto done;
            double gain = loss_cur - loss, cost = annualised(pb, c);
            double ratio = cost > 0.0 ? gain / cost : (gain > 0.0 ? INFINITY : gain);
            if (pick < 0 || ratio > pick_ratio || (ratio == pick_ratio && gain > pick_gain)) {
                pick = (long)c;
                pick_ratio = ratio;
                pick_gain = gain;
                pick_loss = loss;
            }
        }
        seq[t] = (size_t)pick;
        left[pick] = 0;
        cur[pick] = 1;
        loss_cur = pick_loss;
    }
    /* Stable by priority (insertion sort keeps equal keys in order). */
    int *prio = malloc(k * sizeof *prio);
    if (!prio) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    /* Priority counts down from the worst level any risk needing treatment
     * has now, so that the worst risks present are always worked on first. */
    int worst = pb->acceptable_level + 1;
    for (size_t r = 0; r < pb->n_risks; r++)
        if (ev->needs[r] && pb->risks[r].residual.level > worst)
            worst = pb->risks[r].residual.level;
    for (size_t t = 0; t < k; t++)
        prio[t] = plan_priority(worst, highest_treated_level(pb, ev, &plan->gaps[seq[t]]));
    value_tiers(pb, plan, seq, k, prio);
    for (size_t t = 1; t < k; t++) {
        size_t s = seq[t];
        int p = prio[t];
        size_t u = t;
        while (u > 0 && prio[u - 1] > p) {
            seq[u] = seq[u - 1];
            prio[u] = prio[u - 1];
            u--;
        }
        seq[u] = s;
        prio[u] = p;
    }
    /* Marginal reductions, ROSI and dates in the final order. */
    owner_date *cursors = calloc(k, sizeof *cursors);
    size_t n_cursors = 0;
    if (!cursors) {
        free(prio);
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    memset(cur, 0, n);
    loss_cur = ev->base_loss;
    bool failed = false;
    for (size_t t = 0; t < k && st == CR_OK; t++) {
        size_t c = seq[t];
        const plan_control_in *in = &pb->controls[c];
        cr_plan_item *it = &plan->items[t];
        double loss;
        cur[c] = 1;
        st = plan_total_loss(ev, cur, &loss, NULL, NULL, err);
        if (st != CR_OK)
            break;
        it->gap = c;
        it->priority = prio[t];
        it->owner = dup_text(in->owner, &failed);
        it->one_off = in->one_off;
        it->annual = in->annual;
        it->effort_days = in->effort_days;
        it->ale_reduction = loss_cur - loss;
        it->ale_after = loss;
        it->rosi = cr_plan_rosi(it->ale_reduction, in->one_off, in->annual,
                                pb->amortisation_years);
        if (pb->capacity)
            plan_level(in->effort_days, pb->capacity[c], owner_cursor(cursors, &n_cursors, in->owner, pb->start),
                       &it->start, &it->due);
        else
            plan_schedule(pb->start, it->priority, in->effort_days, &it->start, &it->due);
        it->n_risks = in->n_risks;
        it->risks = dup_indices(in->risks, in->n_risks, &failed);
        plan->gaps[c].item = (long)t;
        plan->total_one_off += in->one_off;
        plan->total_annual += in->annual;
        plan->total_effort_days += in->effort_days;
        loss_cur = loss;
    }
    free(prio);
    free(cursors);
    if (st == CR_OK && failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
done:
    free(seq);
    free(cur);
    free(left);
    return st;
}

/* ---- the whole build ---------------------------------------------------- */

cr_status plan_build(const plan_problem *pb, cr_plan *plan, cr_error *err)
{
    size_t nr = pb->n_risks, nc = pb->n_controls;
    plan_eval ev;
    memset(&ev, 0, sizeof ev);
    ev.pb = pb;
    ev.avoided = calloc(nr ? nr : 1, sizeof *ev.avoided);
    ev.needs = calloc(nr ? nr : 1, sizeof *ev.needs);
    ev.reducible = calloc(nr ? nr : 1, sizeof *ev.reducible);
    ev.ale = malloc((nr ? nr : 1) * sizeof *ev.ale);
    ev.scratch = calloc(nc ? nc : 1, 1);
    ev.selected = calloc(nc ? nc : 1, 1);
    cr_status st = CR_OK;
    if (!ev.avoided || !ev.needs || !ev.reducible || !ev.ale || !ev.scratch || !ev.selected) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        const plan_risk_decision *d = pb->decisions ? pb->decisions[r] : NULL;
        ev.avoided[r] = d && d->option == CR_TREAT_AVOID;
        ev.needs[r] = pb->risks[r].residual.level > pb->acceptable_level;
        ev.reducible[r] = ev.needs[r] && !d;
    }
    plan->budget = pb->budget;
    plan->amortisation_years = pb->amortisation_years;
    plan->start = pb->start;
    memset(ev.scratch, 0, nc ? nc : 1);
    if ((st = plan_total_loss(&ev, ev.scratch, &ev.base_loss, NULL, NULL, err)) != CR_OK)
        goto done;
    if ((st = copy_gaps(pb, &ev, plan, err)) != CR_OK)
        goto done;
    if ((st = choose(pb, &ev, plan, err)) != CR_OK ||
        (st = prune_below_floor(pb, &ev, plan, err)) != CR_OK ||
        (st = add_needed(pb, &ev, plan, err)) != CR_OK)
        goto done;
    if ((st = order_items(pb, &ev, plan, err)) != CR_OK)
        goto done;
    if ((st = plan_assign_options(pb, &ev, plan, err)) != CR_OK)
        goto done;
    if ((st = plan_approval_sheet(pb, &ev, plan, err)) != CR_OK)
        goto done;
    double reduction = 0.0;
    for (size_t t = 0; t < plan->n_items; t++)
        reduction += plan->items[t].ale_reduction;
    plan->rosi_reduction = reduction;
    plan->rosi = cr_plan_rosi(reduction, plan->total_one_off, plan->total_annual,
                              pb->amortisation_years);
done:
    free(ev.avoided);
    free(ev.needs);
    free(ev.reducible);
    free(ev.ale);
    free(ev.scratch);
    free(ev.selected);
    return st;
}
