/*
 * options.c -- an option for every risk, the alternatives weighed, and the
 * approval sheet (doc/plan.md, "Options" and "Approval sheet").
 *
 * A risk at or below the acceptable level is retained.  A risk with a
 * decision recorded in the service file takes that option.  Any other risk
 * above the acceptable level is reduced when the plan carries out at least
 * one control of its gap; otherwise it is proposed for acceptance, which
 * puts it on the approval sheet for management.
 *
 * The alternatives shown for each risk, in a fixed order:
 *   reduce   - with the plan's controls when chosen, else with its whole gap;
 *   accept   - no cost, the loss stays;
 *   transfer - the recorded cover and premium, when given;
 *   avoid    - the loss goes, with the activity; the business value lost is
 *              not something the model can price.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/options.h"

static char *dup_text(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *copy = strdup(s);
    if (!copy)
        *failed = true;
    return copy;
}

static double annualised(const plan_problem *pb, size_t c)
{
    double years = pb->amortisation_years > 0.0 ? pb->amortisation_years : 1.0;
    return pb->controls[c].annual + pb->controls[c].one_off / years;
}

static const cr_plan_cell gone = {0, 0, -1};

/* Outcome of carrying out a risk's whole gap on top of the current state. */
typedef struct whole_gap {
    double one_off, annual;
    double ale_after;
    int level_after;
    bool any_benefit; /* some gap control lowers the risk's loss */
} whole_gap;

static cr_status assess_whole_gap(const plan_problem *pb, plan_eval *ev, size_t r,
                                  cr_plan_cell *cells, double *ale, whole_gap *w,
                                  cr_error *err)
{
    const plan_risk_in *in = &pb->risks[r];
    memset(w, 0, sizeof *w);
    memset(ev->scratch, 0, pb->n_controls);
    for (size_t k = 0; k < in->n_gap; k++) {
        size_t c = in->gap[k];
        ev->scratch[c] = 1;
        w->one_off += pb->controls[c].one_off;
        w->annual += pb->controls[c].annual;
    }
    double loss;
    cr_status st = plan_total_loss(ev, ev->scratch, &loss, cells, ale, err);
    if (st != CR_OK)
        return st;
    w->ale_after = ale[r];
    w->level_after = cells[r].level;
    w->any_benefit = in->n_gap > 0 && ale[r] < in->ale_residual;
    return CR_OK;
}

static void add_alternative(cr_plan_risk *risk, cr_treatment option, bool chosen,
                            cr_alt_note note, size_t n_controls, double one_off, double annual,
                            double ale_after, int level_after)
{
    cr_plan_alternative *a = &risk->alternatives[risk->n_alternatives++];
    a->option = option;
    a->chosen = chosen;
    a->note = chosen ? CR_ALT_CHOSEN : note;
    a->n_controls = n_controls;
    a->one_off = one_off;
    a->annual = annual;
    a->ale_after = ale_after;
    a->level_after = level_after;
}

cr_status plan_assign_options(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                              cr_error *err)
{
    size_t nr = pb->n_risks;
    bool failed = false;
    plan->risks = nr ? calloc(nr, sizeof *plan->risks) : NULL;
    plan->n_risks = plan->risks ? nr : 0; /* cr_plan_free walks what is counted */
    cr_plan_cell *target = malloc((nr ? nr : 1) * sizeof *target);
    cr_plan_cell *cells = malloc((nr ? nr : 1) * sizeof *cells);
    double *ale_target = malloc((nr ? nr : 1) * sizeof *ale_target);
    double *ale = malloc((nr ? nr : 1) * sizeof *ale);
    cr_status st = CR_OK;
    if ((nr && !plan->risks) || !target || !cells || !ale_target || !ale) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    double loss;
    if ((st = plan_total_loss(ev, ev->selected, &loss, target, ale_target, err)) != CR_OK)
        goto done;

    plan->ale_residual = 0.0;
    plan->ale_target = 0.0;
    for (size_t r = 0; r < nr && st == CR_OK; r++) {
        const plan_risk_in *in = &pb->risks[r];
        const plan_risk_decision *d = pb->decisions ? pb->decisions[r] : NULL;
        cr_plan_risk *risk = &plan->risks[r];
        risk->id = dup_text(in->id, &failed);
        risk->name_en = dup_text(in->name_en, &failed);
        risk->name_ja = dup_text(in->name_ja, &failed);
        risk->contested = dup_text(in->contested, &failed);
        risk->inherent = in->inherent;
        risk->residual = in->residual;
        risk->ale_inherent = in->ale_inherent;
        risk->ale_residual = in->ale_residual;
        risk->needs_treatment = ev->needs[r];
        risk->transfer_cover = NAN;
        risk->transfer_premium = NAN;
        risk->transfer_retention = 0.0;
        risk->transfer_limit_event = INFINITY;
        risk->ale_retained = NAN;
        if (ev->avoided[r]) {
            risk->target = gone;
            risk->ale_target = 0.0;
        } else {
            risk->target = target[r];
            risk->ale_target = ale_target[r];
        }
        plan->ale_residual += in->ale_residual;
        plan->ale_target += risk->ale_target;
        risk->target_above = !ev->avoided[r] && risk->target.level > pb->acceptable_level;

        /* Gap and items. */
        if (in->n_gap) {
            risk->gap = malloc(in->n_gap * sizeof *risk->gap);
            if (!risk->gap) {
                failed = true;
                break;
            }
            memcpy(risk->gap, in->gap, in->n_gap * sizeof *risk->gap);
            risk->n_gap = in->n_gap;
        }
        for (size_t t = 0; t < plan->n_items; t++)
            for (size_t k = 0; k < plan->items[t].n_risks; k++)
                if (plan->items[t].risks[k] == r)
                    risk->n_items++;
        if (risk->n_items) {
            risk->items = malloc(risk->n_items * sizeof *risk->items);
            if (!risk->items) {
                failed = true;
                break;
            }
            size_t u = 0;
            for (size_t t = 0; t < plan->n_items; t++)
                for (size_t k = 0; k < plan->items[t].n_risks; k++)
                    if (plan->items[t].risks[k] == r)
                        risk->items[u++] = t;
        }

        if (!d && !ev->needs[r]) {
            risk->option = CR_TREAT_RETAIN;
            risk->reason = CR_REASON_WITHIN_ACCEPTABLE;
            continue;
        }

        /* Reduction: the plan's controls for this risk, and its whole gap. */
        size_t n_planned = 0;
        double planned_one_off = 0.0, planned_annual = 0.0;
        for (size_t k = 0; k < in->n_gap; k++)
            if (ev->selected[in->gap[k]]) {
                n_planned++;
                planned_one_off += pb->controls[in->gap[k]].one_off;
                planned_annual += pb->controls[in->gap[k]].annual;
            }
        whole_gap w;
        if ((st = assess_whole_gap(pb, ev, r, cells, ale, &w, err)) != CR_OK)
            break;

        if (d) {
            risk->option = d->option;
            risk->reason = CR_REASON_DECIDED;
            risk->decision_reason = dup_text(d->reason, &failed);
            risk->decided_by = dup_text(d->by, &failed);
            risk->decided_on = d->date;
            risk->transfer_cover = d->cover;
            risk->transfer_premium = d->premium;
            risk->transfer_retention = d->retention;
            risk->transfer_limit_event = d->limit_per_event;
            risk->transfer_party = dup_text(d->party, &failed);
        } else if (n_planned > 0) {
            risk->option = CR_TREAT_REDUCE;
            if (risk->target.level <= pb->acceptable_level)
                risk->reason = CR_REASON_REDUCED_TO_ACCEPTABLE;
            else if (n_planned == in->n_gap || w.level_after > pb->acceptable_level)
                risk->reason = CR_REASON_REDUCED_PARTLY_TECHNICAL;
            else
                risk->reason = CR_REASON_REDUCED_PARTLY_BUDGET;
        } else {
            risk->option = CR_TREAT_ACCEPT;
            if (in->n_gap == 0)
                risk->reason = CR_REASON_ACCEPT_NO_GAP;
            else if (!w.any_benefit)
                risk->reason = CR_REASON_ACCEPT_NO_BENEFIT;
            else
                risk->reason = CR_REASON_ACCEPT_NO_BUDGET;
        }

        /* The alternatives weighed. */
        cr_treatment opt = risk->option;
        if (opt == CR_TREAT_REDUCE)
            add_alternative(risk, CR_TREAT_REDUCE, true, CR_ALT_CHOSEN, n_planned,
                            planned_one_off, planned_annual, risk->ale_target,
                            risk->target.level);
        else
            add_alternative(risk, CR_TREAT_REDUCE, false,
                            !w.any_benefit ? CR_ALT_NO_CONTROLS
                                           : (d ? CR_ALT_OVERRIDDEN : CR_ALT_OVER_BUDGET),
                            in->n_gap, w.one_off, w.annual, w.ale_after, w.level_after);
        add_alternative(risk, CR_TREAT_ACCEPT, opt == CR_TREAT_ACCEPT,
                        d ? CR_ALT_OVERRIDDEN
                          : (ev->needs[r] ? CR_ALT_ABOVE_ACCEPTABLE : CR_ALT_LESS_REDUCTION),
                        0, 0.0, 0.0, in->ale_residual, in->residual.level);
        if (opt == CR_TREAT_TRANSFER)
            add_alternative(risk, CR_TREAT_TRANSFER, true, CR_ALT_CHOSEN, 0, 0.0,
                            isnan(d->premium) ? NAN : d->premium, NAN, in->residual.level);
        else
            add_alternative(risk, CR_TREAT_TRANSFER, false, CR_ALT_NO_QUOTE, 0, NAN, NAN, NAN,
                            -1);
        add_alternative(risk, CR_TREAT_AVOID, opt == CR_TREAT_AVOID,
                        d ? CR_ALT_OVERRIDDEN : CR_ALT_BUSINESS_DECISION, 0, NAN, NAN, 0.0, -1);
    }
    if (st == CR_OK && failed)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
done:
    free(target);
    free(cells);
    free(ale_target);
    free(ale);
    return st;
}

/* The further gap controls of risk r that bring it to the acceptable level
 * on top of the plan: repeatedly the one with the largest reduction of r's
 * loss per annualised cost (free ones first, ties in catalogue order) until
 * r's level is acceptable or its gap is used up. */
static cr_status extra_for(const plan_problem *pb, plan_eval *ev, size_t r,
                           cr_plan_residual *res, cr_error *err)
{
    const plan_risk_in *in = &pb->risks[r];
    size_t nr = pb->n_risks, nc = pb->n_controls;
    unsigned char *cur = malloc(nc ? nc : 1);
    cr_plan_cell *cells = malloc((nr ? nr : 1) * sizeof *cells);
    double *ale = malloc((nr ? nr : 1) * sizeof *ale);
    res->extra = malloc((in->n_gap ? in->n_gap : 1) * sizeof *res->extra);
    cr_status st = CR_OK;
    if (!cur || !cells || !ale || !res->extra) {
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        goto done;
    }
    memcpy(cur, ev->selected, nc);
    double loss;
    if ((st = plan_total_loss(ev, cur, &loss, cells, ale, err)) != CR_OK)
        goto done;
    double ale_r = ale[r];
    res->treatable = cells[r].level <= pb->acceptable_level;
    while (!res->treatable) {
        long pick = -1;
        double pick_ratio = 0.0, pick_gain = 0.0;
        for (size_t k = 0; k < in->n_gap; k++) {
            size_t c = in->gap[k];
            if (cur[c])
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
        res->extra[res->n_extra++] = (size_t)pick;
        res->extra_one_off += pb->controls[pick].one_off;
        res->extra_annual += pb->controls[pick].annual;
        if ((st = plan_total_loss(ev, cur, &loss, cells, ale, err)) != CR_OK)
            goto done;
        ale_r = ale[r];
        res->treatable = cells[r].level <= pb->acceptable_level;
    }
    if (!res->treatable) {
        /* Not even the whole gap suffices: no extra spending treats it. */
        res->n_extra = 0;
        res->extra_one_off = 0.0;
        res->extra_annual = 0.0;
    }
done:
    free(cur);
    free(cells);
    free(ale);
    return st;
}

cr_status plan_approval_sheet(const plan_problem *pb, plan_eval *ev, cr_plan *plan,
                              cr_error *err)
{
    size_t count = 0;
    for (size_t r = 0; r < plan->n_risks; r++)
        count += plan->risks[r].target_above;
    plan->n_residuals = 0;
    if (count == 0)
        return CR_OK;
    plan->residuals = calloc(count, sizeof *plan->residuals);
    if (!plan->residuals)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_date review = cr_date_add_days(pb->start, PLAN_REVIEW_DAYS);
    for (size_t r = 0; r < plan->n_risks; r++) {
        const cr_plan_risk *risk = &plan->risks[r];
        if (!risk->target_above)
            continue;
        cr_plan_residual *res = &plan->residuals[plan->n_residuals++];
        res->risk = r;
        cr_status st = extra_for(pb, ev, r, res, err);
        if (st != CR_OK)
            return st;
        if (risk->option == CR_TREAT_ACCEPT && risk->reason == CR_REASON_DECIDED)
            res->cause = CR_RESIDUAL_ACCEPTED;
        else if (risk->option == CR_TREAT_TRANSFER)
            res->cause = CR_RESIDUAL_TRANSFERRED;
        else
            res->cause = res->treatable ? CR_RESIDUAL_BUDGET : CR_RESIDUAL_TECHNICAL;
        res->review_by = review;
        res->treatable_by = res->treatable ? review : (cr_date){0, 0, 0};
    }
    return CR_OK;
}
