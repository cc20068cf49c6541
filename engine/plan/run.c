/*
 * run.c -- `cloudrisk plan` as a library call.  A context (context.h) holds
 * what every plan under one data directory shares (catalogue, model,
 * calibration, costs); cr_plan_draw plans one service with it: assess,
 * describe the problem to the planner, build the plan, simulate inherent,
 * residual and target, record decisions.  cr_plan_run opens the context for
 * one service and draws; a batch opens one context for the whole fleet and
 * hands over the assessment and residual simulation it has already made.
 *
 * Losses for ranking control sets are the simulation's closed-form expected
 * annual loss (simulate.h):
 *     E[Y_r] = E[lambda_r] E[L_r] prod over terms k of E[rho_k^(-s_rk D_k)]
 * where the frequency and loss come from the risk's inherent levels (fixed
 * whatever the controls) and s_rk is the strength the scoring credits to
 * term k (S_P, S_I) for a given set of control states.  So the inherent portfolio is
 * built once, and each candidate set costs one cr_score_risks call and 21
 * products.  A check at the start compares this with the simulation's own
 * bridge for the residual portfolio.
 *
 * A control carried out in the plan gets status "implemented" and keeps the
 * effectiveness the service file gives it (1 when none).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "plan/control_value.h"
#include "plan/costs.h"
#include "plan/problem.h"
#include "plan/treatment.h"
#include "plan/sensitivity_plan.h"

void cr_plan_options_init(cr_plan_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->trials = CR_SIM_DEFAULT_TRIALS;
    opt->seed = 1;
    opt->min_rosi = NAN;
    opt->sensitivity = true;
}

/* A risk's expected loss depends on a candidate set only through the two
 * strengths its score credits (likelihood and impact), and a search meets
 * the same pair again and again: most candidates leave most risks as they
 * are.  Each pair costs a confluent hypergeometric function per reduction
 * term (simulate/portfolio.c), a tenth of a planned batch's time.  So each
 * risk keeps the last pairs it met with their losses; a pair is found by
 * its bits, so the loss found is the loss computed, to the bit. */
#define LOSS_MEMO_SIZE 8

typedef struct loss_memo {
    double likelihood[LOSS_MEMO_SIZE], impact[LOSS_MEMO_SIZE], ale[LOSS_MEMO_SIZE];
    size_t n, next; /* entries kept; the one to replace next */
} loss_memo;

/* Everything one service's planning holds; released by run_free.  The
 * shared inputs are borrowed from the context; the assessment is borrowed
 * from the caller or owned (own_assessment). */
typedef struct run {
    const cr_context *ctx;
    const cr_catalog *catalog;
    const cr_model *model;
    const cr_service *service;
    const cr_assessment *assessment;
    cr_assessment own_assessment;
    bool assessed;               /* own_assessment is filled */
    const plan_costs *costs;
    plan_treatment treatment;
    const cr_calibration *calibration;
    cr_portfolio inherent;       /* strengths 0: frequency and loss per risk */
    size_t n_risks, n_controls;  /* model risks; catalogue controls */
    cr_control_state *base;      /* the service's control states */
    cr_control_state *states;    /* scratch: base plus a candidate set */
    cr_risk_score *scores;       /* scratch */
    loss_memo *memo;             /* per risk: expected losses met in the search */
    size_t n_gaps;
    const size_t *gap_control;   /* gap list -> model control index */
    plan_risk_in *risks;
    size_t **risk_gaps;          /* per risk, its gaps as gap-list indices */
    plan_control_in *controls;
    plan_detail_in **details;
    size_t **control_risks;
    const plan_risk_decision **decisions;
    char **owners;               /* resolved owner per gap control (owned) */
    double *capacity;            /* its owner's person-days per month, per gap control */
    char **cost_labels;          /* "S", ..., "service", "treatment" */
    const volatile sig_atomic_t *cancel;
    void (*share_tables)(void *user, cr_portfolio *p); /* the subject's, or NULL */
    void *share_tables_user;
} run;

static void run_free(run *r)
{
    for (size_t i = 0; i < r->n_gaps; i++) {
        if (r->details)
            free(r->details[i]);
        if (r->control_risks)
            free(r->control_risks[i]);
        if (r->owners)
            free(r->owners[i]);
        if (r->cost_labels)
            free(r->cost_labels[i]);
    }
    for (size_t i = 0; i < r->n_risks && r->risk_gaps; i++)
        free(r->risk_gaps[i]);
    free(r->details);
    free(r->control_risks);
    free(r->owners);
    free(r->capacity);
    free(r->cost_labels);
    free(r->risk_gaps);
    free(r->risks);
    free(r->controls);
    free(r->decisions);
    free(r->base);
    free(r->states);
    free(r->scores);
    free(r->memo);
    cr_portfolio_clear(&r->inherent);
    plan_treatment_free(&r->treatment);
    if (r->assessed)
        cr_assessment_clear(&r->own_assessment);
}

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

/* ---- losses and levels for a candidate set ------------------------------ */

/* Expected annual loss of risk k of the inherent portfolio with the
 * strengths of a score. */
static double expected_loss(const run *r, size_t k, const cr_risk_score *s)
{
    cr_sim_risk risk = r->inherent.risks[k]; /* shallow: only read */
    for (size_t j = 0; j < risk.n_reductions; j++)
        risk.reductions[j].strength = risk.reductions[j].target == CR_SIM_FREQUENCY
                                          ? s->likelihood_strength
                                          : s->impact_strength;
    return cr_sim_risk_expected_loss(&risk);
}

/* expected_loss, looked up in the risk's memo first. */
static double remembered_loss(run *r, size_t k, const cr_risk_score *s)
{
    loss_memo *m = &r->memo[k];
    for (size_t i = 0; i < m->n; i++)
        if (memcmp(&m->likelihood[i], &s->likelihood_strength, sizeof(double)) == 0 &&
            memcmp(&m->impact[i], &s->impact_strength, sizeof(double)) == 0)
            return m->ale[i];
    double ale = expected_loss(r, k, s);
    size_t i = m->n < LOSS_MEMO_SIZE ? m->n++ : m->next;
    m->next = (i + 1) % LOSS_MEMO_SIZE;
    m->likelihood[i] = s->likelihood_strength;
    m->impact[i] = s->impact_strength;
    m->ale[i] = ale;
    return ale;
}

static void apply_set(run *r, const unsigned char *chosen)
{
    memcpy(r->states, r->base, r->n_controls * sizeof *r->states);
    for (size_t g = 0; chosen && g < r->n_gaps; g++)
        if (chosen[g]) {
            cr_control_state *st = &r->states[r->gap_control[g]];
            st->status = CR_CONTROL_IMPLEMENTED;
            st->listed = true;
        }
}

static cr_status rescore(void *ctx, const unsigned char *chosen, cr_plan_cell *cells, double *ale,
                         cr_error *err)
{
    run *r = ctx;
    /* The selection, the ordering of items and the approval sheet all come
     * through here, so a stop is honoured within one evaluation even in a
     * long search. */
    cr_status st = cr_cancel_check(r->cancel, err);
    if (st != CR_OK)
        return st;
    apply_set(r, chosen);
    cr_score_risks(r->model, r->service, r->states, r->scores);
    for (size_t k = 0; k < r->n_risks; k++) {
        ale[k] = remembered_loss(r, k, &r->scores[k]);
        if (cells) {
            cells[k].impact = r->scores[k].residual_impact;
            cells[k].likelihood = r->scores[k].residual_likelihood;
            cells[k].level = r->scores[k].residual_level;
        }
    }
    return CR_OK;
}

/* The fast loss must agree with the simulation's own bridge. */
static cr_status check_losses(run *r, cr_error *err)
{
    cr_score_risks(r->model, r->service, NULL, r->scores);
    cr_portfolio residual;
    cr_status st = cr_sim_portfolio_from_scores(r->model, r->service, r->calibration, r->scores,
                                                true, &residual, err);
    if (st != CR_OK)
        return st;
    for (size_t k = 0; k < r->n_risks && st == CR_OK; k++) {
        double want = cr_sim_risk_expected_loss(&residual.risks[k]);
        double got = expected_loss(r, k, &r->scores[k]);
        if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
            st = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                              "expected loss of %s: %.17g by the planner, %.17g by the "
                              "simulation; the reduction terms are not in role order",
                              residual.risks[k].id, got, want);
    }
    cr_portfolio_clear(&residual);
    return st;
}

/* ---- the treatment section's names -------------------------------------- */

static bool known_control(void *ctx, const char *id)
{
    const run *r = ctx;
    return cr_model_control_index(r->model, id) >= 0;
}

static bool known_group(void *ctx, const char *id)
{
    const run *r = ctx;
    const cr_catalog_item *item = cr_catalog_find(r->catalog, CR_PART_CONTROL, id);
    return item && (item->level == CR_LEVEL_CATEGORY || item->level == CR_LEVEL_SUBCATEGORY);
}

static bool known_risk(void *ctx, const char *id)
{
    const run *r = ctx;
    return cr_model_find_risk(r->model, id) != NULL;
}

static bool known_class(void *ctx, const char *name)
{
    const run *r = ctx;
    return plan_costs_class(r->costs, name) != NULL;
}

double cr_plan_appetite(const cr_model *model)
{
    double a = cr_model_criteria(model)->appetite_annual_loss;
    return a > 0 ? a : NAN;
}

/* ---- one service ----------------------------------------------------------- */

static cr_status prepare(run *r, const cr_plan_subject *subject, cr_error *err)
{
    cr_status st;
    if (subject->assessment) {
        if (subject->assessment->model != r->model ||
            subject->assessment->service != r->service)
            return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                "the assessment given is of another service or model");
        r->assessment = subject->assessment;
    } else {
        if ((st = cr_assess(r->model, r->service, &r->own_assessment, err)) != CR_OK)
            return st;
        r->assessed = true;
        r->assessment = &r->own_assessment;
    }
    r->n_risks = cr_model_risk_count(r->model);
    r->n_controls = cr_model_control_count(r->model);
    if (r->assessment->n_risks != r->n_risks)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "the assessment given has %zu risks, the model %zu",
                            r->assessment->n_risks, r->n_risks);

    const char *currency = cr_model_currency(r->model);
    plan_known known = {r, known_control, known_group, known_risk, known_class};
    st = plan_treatment_parse(cr_service_section(r->service, "treatment"),
                              cr_service_file(r->service), &known, &r->treatment, err);
    if (st != CR_OK)
        return st;
    if (r->treatment.currency && strcmp(r->treatment.currency, currency) != 0)
        return cr_error_set(err, CR_ERR_INPUT, cr_service_file(r->service), 0,
                            "$.treatment.budget.currency",
                            "the budget is in %s but the model's amounts are in %s; expected %s",
                            r->treatment.currency, currency, currency);

    r->base = calloc(r->n_controls ? r->n_controls : 1, sizeof *r->base);
    r->states = calloc(r->n_controls ? r->n_controls : 1, sizeof *r->states);
    r->scores = calloc(r->n_risks ? r->n_risks : 1, sizeof *r->scores);
    r->memo = calloc(r->n_risks ? r->n_risks : 1, sizeof *r->memo);
    if (!r->base || !r->states || !r->scores || !r->memo)
        return oom(err);
    memcpy(r->base, cr_service_controls(r->service), r->n_controls * sizeof *r->base);
    cr_score_risks(r->model, r->service, NULL, r->scores);
    if ((st = cr_sim_portfolio_from_scores(r->model, r->service, r->calibration, r->scores,
                                           false, &r->inherent, err)) != CR_OK)
        return st;
    return check_losses(r, err);
}

/* ---- describing the problem --------------------------------------------- */

static cr_status describe_controls(run *r, cr_error *err)
{
    const cr_assessment *a = r->assessment;
    r->n_gaps = a->n_gaps;
    r->gap_control = a->gaps;
    size_t n = r->n_gaps ? r->n_gaps : 1;
    r->controls = calloc(n, sizeof *r->controls);
    r->details = calloc(n, sizeof *r->details);
    r->control_risks = calloc(n, sizeof *r->control_risks);
    r->owners = calloc(n, sizeof *r->owners);
    r->capacity = calloc(n, sizeof *r->capacity);
    r->cost_labels = calloc(n, sizeof *r->cost_labels);
    if (!r->controls || !r->details || !r->control_risks || !r->owners || !r->capacity ||
        !r->cost_labels)
        return oom(err);
    const cr_control_state *states = cr_service_controls(r->service);
    for (size_t g = 0; g < r->n_gaps; g++) {
        size_t c = a->gaps[g];
        const cr_catalog_item *item = cr_model_control(r->model, c);
        const cr_control_state *state = &states[c];
        plan_control_in *in = &r->controls[g];
        in->id = item->id;
        in->title_en = item->text_en;
        in->title_ja = item->text_ja;
        in->status = cr_control_status_name(state->status);

        r->details[g] = calloc(item->n_children ? item->n_children : 1, sizeof **r->details);
        r->control_risks[g] = calloc(r->n_risks ? r->n_risks : 1, sizeof **r->control_risks);
        if (!r->details[g] || !r->control_risks[g])
            return oom(err);
        for (size_t d = 0; d < item->n_children; d++) {
            r->details[g][d].id = item->children[d]->id;
            r->details[g][d].text_ja = item->children[d]->text_ja;
        }
        in->details = r->details[g];
        in->n_details = item->n_children;
        /* The risks that require it; those it only supports credit it in the
         * scores but are not named as requiring it. */
        in->n_risks = cr_model_control_risks_of_kind(r->model, c, CR_MAPPING_REQUIRED,
                                                     r->control_risks[g], r->n_risks);
        in->risks = r->control_risks[g];

        /* Cost: the treatment section, then the service's control entry,
         * then the control's effort class. */
        const plan_cost_class *cls = plan_costs_for(r->costs, item->id);
        const char *label = cls ? cls->name : "organisation";
        if (cls) {
            in->one_off = cls->one_off;
            in->annual = cls->annual;
            in->effort_days = cls->effort_days;
        } else if (!cr_model_own_control_cost(r->model, c, &in->one_off, &in->annual,
                                              &in->effort_days)) {
            return cr_error_set(err, CR_ERR_INPUT, NULL, 0, "$.controls",
                                "no effort class for control %s", item->id);
        }
        if (state->has_cost_one_off || state->has_cost_annual) {
            if (state->has_cost_one_off)
                in->one_off = state->cost_one_off;
            if (state->has_cost_annual)
                in->annual = state->cost_annual;
            label = "service";
        }
        const plan_cost_override *o = plan_treatment_cost(&r->treatment, item->id);
        if (o) {
            if (o->cost_class) {
                const plan_cost_class *oc = plan_costs_class(r->costs, o->cost_class);
                in->one_off = oc->one_off;
                in->annual = oc->annual;
                in->effort_days = oc->effort_days;
                label = oc->name;
            }
            if (o->has_one_off)
                in->one_off = o->one_off;
            if (o->has_annual)
                in->annual = o->annual;
            if (o->has_effort)
                in->effort_days = o->effort_days;
            if (o->has_one_off || o->has_annual || o->has_effort)
                label = "treatment";
        }
        r->cost_labels[g] = strdup(label);

        /* Owner: a rule naming the control or its group, then the owner of
         * the control in the service file, then the default rule, then the
         * service's owner. */
        int specificity = -1;
        const char *owner = plan_treatment_owner(&r->treatment, item->id, &specificity);
        if (specificity < 1) {
            if (state->owner && *state->owner)
                owner = state->owner;
            else if (!owner)
                owner = cr_service_owner_name(r->service);
        }
        r->owners[g] = owner ? strdup(owner) : NULL;
        if (!r->cost_labels[g] || (owner && !r->owners[g]))
            return oom(err);
        in->cost_class = r->cost_labels[g];
        in->owner = r->owners[g];
        r->capacity[g] = cr_organisation_capacity(cr_model_organisation(r->model), owner);
    }
    return CR_OK;
}

static cr_status describe_risks(run *r, cr_error *err)
{
    const cr_assessment *a = r->assessment;
    size_t n = r->n_risks ? r->n_risks : 1;
    r->risks = calloc(n, sizeof *r->risks);
    r->risk_gaps = calloc(n, sizeof *r->risk_gaps);
    r->decisions = calloc(n, sizeof *r->decisions);
    if (!r->risks || !r->risk_gaps || !r->decisions)
        return oom(err);
    cr_score_risks(r->model, r->service, NULL, r->scores);
    for (size_t k = 0; k < r->n_risks; k++) {
        const cr_risk *risk = cr_model_risk(r->model, k);
        const cr_risk_result *res = &a->risks[k];
        const cr_risk_score *s = &res->score;
        plan_risk_in *in = &r->risks[k];
        in->id = risk->id;
        in->name_en = risk->name.en;
        in->name_ja = risk->name.ja;
        const cr_risk_override *o = cr_service_override(r->service, k);
        in->contested = o ? o->contested : NULL;
        in->inherent = (cr_plan_cell){s->inherent_impact, s->inherent_likelihood, s->inherent_level};
        in->residual = (cr_plan_cell){s->residual_impact, s->residual_likelihood, s->residual_level};
        in->ale_inherent = cr_sim_risk_expected_loss(&r->inherent.risks[k]);
        in->ale_residual = expected_loss(r, k, &r->scores[k]);
        r->risk_gaps[k] = calloc(res->n_gaps ? res->n_gaps : 1, sizeof **r->risk_gaps);
        if (!r->risk_gaps[k])
            return oom(err);
        for (size_t j = 0; j < res->n_gaps; j++)
            for (size_t g = 0; g < r->n_gaps; g++)
                if (r->gap_control[g] == res->gaps[j])
                    r->risk_gaps[k][in->n_gap++] = g;
        in->gap = r->risk_gaps[k];
        r->decisions[k] = plan_treatment_decision(&r->treatment, risk->id);
    }
    return CR_OK;
}

/* ---- identity ----------------------------------------------------------- */

static char *dup(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *failed = true;
    return c;
}

/* The plan's inputs: the assessment's (service, checklist, model), the costs
 * and calibration files, and the choices that change the plan: the budget,
 * the start date when one is given, and, with an organisation profile, the
 * capacity of each gap's owner.  A defaulted start (today's date, or
 * a batch's run date) is left out: it moves the due dates, not what the plan
 * does, and with it in, management's decisions, which name this hash, would
 * go stale every day a plan is drawn up again. */
static void input_hash(const run *r, const cr_plan *plan, char hex[65])
{
    char line[512];
    cr_sha256 h;
    char start[11];
    cr_date_format(plan->start, start);
    cr_sha256_init(&h);
    snprintf(line, sizeof line, "assessment %s\ncosts %s\ncalibration %s\n",
             r->assessment->inputs_sha256, cr_context_costs_sha256(r->ctx),
             r->calibration->sha256);
    cr_sha256_update(&h, line, strlen(line));
    if (plan->budget.has_one_off)
        snprintf(line, sizeof line, "budget one_off %.17g\n", plan->budget.one_off);
    else
        snprintf(line, sizeof line, "budget one_off -\n");
    cr_sha256_update(&h, line, strlen(line));
    if (plan->budget.has_annual)
        snprintf(line, sizeof line, "budget annual %.17g\n", plan->budget.annual);
    else
        snprintf(line, sizeof line, "budget annual -\n");
    cr_sha256_update(&h, line, strlen(line));
    snprintf(line, sizeof line, "objective %s\n", cr_plan_objective_name(plan->selection.objective));
    cr_sha256_update(&h, line, strlen(line));
    /* Only when set, so that plans without a floor keep their hashes. */
    if (!isnan(plan->selection.min_rosi)) {
        snprintf(line, sizeof line, "min_rosi %.17g\n", plan->selection.min_rosi);
        cr_sha256_update(&h, line, strlen(line));
    }
    if (plan->start_given) {
        snprintf(line, sizeof line, "start %s\n", start);
        cr_sha256_update(&h, line, strlen(line));
    }
    /* The capacity each gap's owner is levelled with sets the due dates the
     * sheet shows; it comes from the organisation profile, outside the
     * assessment's hash (which holds only what decides levels and money).
     * Only with a profile, so that plans under the default keep their
     * hashes. */
    if (cr_model_organisation(r->model))
        for (size_t g = 0; g < r->n_gaps; g++) {
            const char *owner = r->owners[g] ? r->owners[g] : "";
            cr_sha256_update(&h, "capacity ", 9);
            cr_sha256_update(&h, owner, strlen(owner));
            snprintf(line, sizeof line, "\t%.17g\n", r->capacity[g]);
            cr_sha256_update(&h, line, strlen(line));
        }
    cr_sha256_final_hex(&h, hex);
}

static cr_status fill_identity(const run *r, cr_plan *plan, cr_error *err)
{
    bool failed = false;
    const cr_criteria *crit = cr_model_criteria(r->model);
    plan->service_id = dup(cr_service_id(r->service), &failed);
    plan->service_name = dup(cr_service_name(r->service), &failed);
    plan->service_owner = dup(cr_service_owner_name(r->service), &failed);
    plan->model_name = dup(cr_model_name(r->model), &failed);
    plan->model_name_ja = dup(cr_model_name_ja(r->model), &failed);
    plan->model_version = dup(cr_model_version(r->model), &failed);
    plan->catalog_sha256 = dup(cr_catalog_source_sha256(r->catalog), &failed);
    plan->currency = dup(cr_model_currency(r->model), &failed);
    plan->n_levels = crit->n_levels;
    plan->level_id = calloc(crit->n_levels, sizeof *plan->level_id);
    plan->level_en = calloc(crit->n_levels, sizeof *plan->level_en);
    plan->level_ja = calloc(crit->n_levels, sizeof *plan->level_ja);
    if (!plan->level_id || !plan->level_en || !plan->level_ja)
        return oom(err);
    for (size_t i = 0; i < crit->n_levels; i++) {
        plan->level_id[i] = dup(crit->levels[i].id, &failed);
        plan->level_en[i] = dup(crit->levels[i].name.en, &failed);
        plan->level_ja[i] = dup(crit->levels[i].name.ja, &failed);
    }
    plan->acceptable_level = crit->acceptable;
    memcpy(plan->matrix, crit->matrix, sizeof plan->matrix);
    plan->criteria_approver = dup(crit->approver, &failed);
    plan->review_interval_months = crit->review_interval_months;
    plan->criteria_date = dup(crit->approval_date, &failed);
    plan->criteria_minutes = dup(crit->minutes, &failed);
    plan->approval_route = dup(cr_organisation_route(cr_model_organisation(r->model)), &failed);
    plan->appetite = crit->appetite_annual_loss > 0 ? crit->appetite_annual_loss : NAN;
    /* The controls' Japanese short titles, for tables (the catalogue's, or
     * an organisation's own control's). */
    for (size_t g = 0; g < plan->n_gaps; g++) {
        long c = cr_model_control_index(r->model, plan->gaps[g].control_id);
        const cr_catalog_item *item = c >= 0 ? cr_model_control(r->model, (size_t)c) : NULL;
        plan->gaps[g].short_title_ja = dup(item ? item->title_ja : NULL, &failed);
    }
    return failed ? oom(err) : CR_OK;
}

/* ---- simulation --------------------------------------------------------- */

static cr_status copy_stats(const cr_plan *plan, const cr_sim_result *res,
                            cr_plan_distribution *d, cr_error *err)
{
    d->summary = res->total;
    d->risk_mean = calloc(plan->n_risks ? plan->n_risks : 1, sizeof *d->risk_mean);
    d->risk_se = calloc(plan->n_risks ? plan->n_risks : 1, sizeof *d->risk_se);
    if (!d->risk_mean || !d->risk_se)
        return oom(err);
    /* Per risk by id: the target leaves avoided risks out. */
    for (size_t i = 0; i < res->n_risks; i++)
        for (size_t k = 0; k < plan->n_risks; k++)
            if (strcmp(plan->risks[k].id, res->risks[i].id) == 0) {
                d->risk_mean[k] = res->risks[i].stats.mean;
                d->risk_se[k] = res->risks[i].stats.mean_se;
            }
    return CR_OK;
}

/* The simulation polls its progress function after every block: that is
 * where a stop asked for through opt->cancel is honoured, and where the
 * caller's progress function hears of the work done. */
typedef struct stop_flag {
    const cr_plan_options *opt;
} stop_flag;

static int stop_if_cancelled(void *user, uint64_t done, uint64_t total)
{
    const cr_plan_options *opt = ((const stop_flag *)user)->opt;
    if (opt->progress && opt->progress(opt->progress_user, done, total) != 0)
        return 1;
    return cr_cancel_requested(opt->cancel);
}

/* A residual simulation handed in must be the one simulate_all would make:
 * same trials, seed and appetite, and, risk by risk, the closed-form
 * expected loss of this portfolio (which pins down its frequency, loss and
 * reductions). */
static cr_status check_given(const cr_sim_result *res, const cr_portfolio *p,
                             const cr_sim_options *so, cr_error *err)
{
    bool same_appetite = isnan(res->appetite) ? isnan(so->appetite)
                                              : res->appetite == so->appetite;
    if (res->trials != so->trials || res->seed != so->seed || !same_appetite)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "the residual simulation given ran %llu trials at seed %llu; the "
                            "plan needs %llu at seed %llu with appetite %g",
                            (unsigned long long)res->trials, (unsigned long long)res->seed,
                            (unsigned long long)so->trials, (unsigned long long)so->seed,
                            so->appetite);
    if (res->n_risks != p->n_risks)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "the residual simulation given has %zu risks; expected %zu",
                            res->n_risks, p->n_risks);
    for (size_t i = 0; i < p->n_risks; i++) {
        /* A risk under an insurance layer has no closed form (NAN) on
         * either side; the plan simulates its residual itself then. */
        double given_expected = res->risks[i].stats.expected;
        double expected = cr_sim_risk_expected_loss(&p->risks[i]);
        bool same = given_expected == expected || (isnan(given_expected) && isnan(expected));
        if (strcmp(res->risks[i].id, p->risks[i].id) != 0 || !same)
            return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                                "the residual simulation given is not of this service's "
                                "residual portfolio (risk %zu: %s)",
                                i, p->risks[i].id);
    }
    return CR_OK;
}

/* After the simulation: each transfer's retained loss (the target's, net),
 * the transfer alternative's figures, and the premiums.  A layer with a
 * yearly limit has no closed form, so a transferred risk's expected loss,
 * residual and target, becomes the simulated mean of what is retained, and
 * the totals (and each item's expected loss after it) follow. */
static void fill_transfers(cr_plan *plan)
{
    plan->premium_total = 0.0;
    double variance = 0.0;
    for (size_t k = 0; k < plan->n_risks; k++) {
        cr_plan_risk *risk = &plan->risks[k];
        if (risk->option != CR_TREAT_TRANSFER)
            continue;
        risk->ale_retained = plan->dist[CR_SCENARIO_TARGET].risk_mean[k];
        /* Simulated, not a closed form: the figure management signs carries
         * its standard error, so that another seed is not a change. */
        risk->ale_target_se = plan->dist[CR_SCENARIO_TARGET].risk_se[k];
        variance += risk->ale_target_se * risk->ale_target_se;
        double net_residual = plan->dist[CR_SCENARIO_RESIDUAL].risk_mean[k];
        plan->ale_residual += net_residual - risk->ale_residual;
        plan->ale_target += risk->ale_retained - risk->ale_target;
        for (size_t t = 0; t < plan->n_items; t++)
            plan->items[t].ale_after += risk->ale_retained - risk->ale_target;
        risk->ale_residual = net_residual;
        risk->ale_target = risk->ale_retained;
        if (!isnan(risk->transfer_premium))
            plan->premium_total += risk->transfer_premium;
        for (size_t a = 0; a < risk->n_alternatives; a++)
            if (risk->alternatives[a].option == CR_TREAT_TRANSFER)
                risk->alternatives[a].ale_after = risk->ale_retained;
    }
    /* Risks are drawn independently of one another, so the variances add. */
    plan->ale_target_se = sqrt(variance);
}

static cr_status simulate_all(run *r, const cr_plan_options *opt, const cr_sim_result *given,
                              cr_plan *plan, cr_error *err)
{
    cr_sim_options so;
    cr_sim_options_default(&so);
    stop_flag stop = {opt};
    so.progress = stop_if_cancelled;
    so.progress_user = &stop;
    so.trials = opt->trials ? opt->trials : CR_SIM_DEFAULT_TRIALS;
    so.seed = opt->seed;
    so.threads = opt->threads;
    so.appetite = plan->appetite;
    plan->seed = so.seed;
    plan->trials = so.trials;
    so.precision = opt->precision; /* for the bands' rule; cr_simulate ignores it */
    so.max_trials = opt->max_trials;

    cr_portfolio ports[CR_SCENARIO_COUNT];
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        cr_portfolio_init(&ports[s]);
    /* The bands' one rule, before anything is simulated: enough trials, or
     * precision mode made to run enough (sensitivity.h). */
    cr_status st = opt->bands ? cr_sim_bands_fit(opt->bands, &so, err) : CR_OK;
    if (st == CR_OK)
        st = cr_portfolio_copy(&ports[CR_SCENARIO_INHERENT], &r->inherent, err);
    if (st == CR_OK) {
        cr_score_risks(r->model, r->service, NULL, r->scores);
        st = cr_sim_portfolio_from_scores(r->model, r->service, r->calibration, r->scores, true,
                                          &ports[CR_SCENARIO_RESIDUAL], err);
    }
    if (st == CR_OK) {
        /* The target: the plan's controls carried out, avoided risks gone. */
        unsigned char *chosen = calloc(r->n_gaps ? r->n_gaps : 1, 1);
        if (!chosen)
            st = oom(err);
        for (size_t g = 0; st == CR_OK && g < r->n_gaps; g++)
            chosen[g] = plan->gaps[g].selected;
        if (st == CR_OK) {
            apply_set(r, chosen);
            cr_score_risks(r->model, r->service, r->states, r->scores);
            cr_portfolio all;
            cr_portfolio_init(&all);
            st = cr_sim_portfolio_from_scores(r->model, r->service, r->calibration, r->scores,
                                              true, &all, err);
            /* The same scope as the residual's: the target draws the same
             * years (common random numbers), so a plan that adds nothing
             * gives a target equal to the residual in every statistic. */
            memcpy(ports[CR_SCENARIO_TARGET].scope, all.scope, sizeof all.scope);
            for (size_t k = 0; st == CR_OK && k < all.n_risks; k++) {
                if (plan->risks[k].option == CR_TREAT_AVOID)
                    continue;
                /* Move the risk across; `all` keeps an empty husk to free. */
                cr_sim_risk moved = all.risks[k];
                memset(&all.risks[k], 0, sizeof all.risks[k]);
                st = cr_portfolio_add(&ports[CR_SCENARIO_TARGET], &moved, err);
            }
            cr_portfolio_clear(&all);
        }
        free(chosen);
    }
    /* The PERT tables the caller shares (a batch's), before the target is
     * copied: the copy before insurance keeps them (cr_dist_copy). */
    for (int s = 0; st == CR_OK && r->share_tables && s < CR_SCENARIO_COUNT; s++)
        r->share_tables(r->share_tables_user, &ports[s]);
    /* Transfers: the target before insurance, then the layers on the
     * residual and the target.  A residual handed in (a batch's) carries the
     * same layers (cr_plan_apply_transfers). */
    cr_portfolio gross;
    cr_portfolio_init(&gross);
    bool insured = false;
    if (st == CR_OK)
        st = cr_portfolio_copy(&gross, &ports[CR_SCENARIO_TARGET], err);
    for (int s = CR_SCENARIO_RESIDUAL; st == CR_OK && s <= CR_SCENARIO_TARGET; s++)
        insured |= plan_put_layers(&r->treatment, &ports[s]) > 0;
    if (st == CR_OK && given)
        st = check_given(given, &ports[CR_SCENARIO_RESIDUAL], &so, err);
    /* Precision mode: the residual, as simulated, decides the trials of
     * every scenario (common random numbers), and its last run is the
     * residual's figures. */
    cr_sim_result precise;
    memset(&precise, 0, sizeof precise);
    if (st == CR_OK && opt->precision > 0.0 && ports[CR_SCENARIO_RESIDUAL].n_risks > 0) {
        st = cr_simulate_to_precision(&ports[CR_SCENARIO_RESIDUAL], &so, &precise,
                                      &plan->precision, err);
        so.trials = plan->precision.trials;
        plan->trials = so.trials;
        given = st == CR_OK ? &precise : NULL;
    }
    /* Every scenario still to simulate, and the target before insurance,
     * in one pass: they draw the same years (common random numbers), so the
     * pass costs little more than one simulation (cr_simulate_scenarios). */
    const cr_portfolio *todo[CR_SCENARIO_COUNT + 1];
    cr_plan_distribution *into[CR_SCENARIO_COUNT + 1];
    size_t n_todo = 0;
    for (int s = 0; st == CR_OK && s < CR_SCENARIO_COUNT; s++) {
        if (s == CR_SCENARIO_RESIDUAL && given && (!insured || given == &precise) &&
            ports[s].n_risks > 0) {
            st = copy_stats(plan, given, &plan->dist[s], err);
            continue;
        }
        if (ports[s].n_risks == 0) {
            /* Every risk avoided: nothing can be lost; the summary of years
             * that are all 0. */
            cr_loss_summary *z = &plan->dist[s].summary;
            memset(z, 0, sizeof *z);
            z->years = so.trials;
            z->expected = 0.0;
            z->p_exceed = isnan(so.appetite) ? NAN : 0.0;
            z->p_exceed_se = z->p_exceed;
            z->variance_years = NAN;
            plan->dist[s].risk_mean = calloc(plan->n_risks ? plan->n_risks : 1, sizeof(double));
            plan->dist[s].risk_se = calloc(plan->n_risks ? plan->n_risks : 1, sizeof(double));
            if (!plan->dist[s].risk_mean || !plan->dist[s].risk_se)
                st = oom(err);
            continue;
        }
        todo[n_todo] = &ports[s];
        into[n_todo++] = &plan->dist[s];
    }
    if (st == CR_OK && insured && gross.n_risks > 0) {
        todo[n_todo] = &gross;
        into[n_todo++] = &plan->target_gross;
    }
    if (st == CR_OK && n_todo > 0) {
        cr_sim_result res[CR_SCENARIO_COUNT + 1];
        st = cr_simulate_scenarios(todo, n_todo, &so, res, err);
        for (size_t i = 0; st == CR_OK && i < n_todo; i++)
            st = copy_stats(plan, &res[i], into[i], err);
        for (size_t i = 0; i < n_todo; i++)
            cr_sim_result_clear(&res[i]);
    }
    if (st == CR_OK && insured)
        fill_transfers(plan);
    if (st == CR_OK)
        st = plan_drivers(opt, &so, ports, plan, err);
    cr_sim_result_clear(&precise);
    cr_portfolio_clear(&gross);
    for (int s = 0; s < CR_SCENARIO_COUNT; s++)
        cr_portfolio_clear(&ports[s]);
    return st;
}

/* ---- the whole run ------------------------------------------------------ */

cr_status cr_plan_draw(const cr_context *ctx, const cr_plan_subject *subject,
                       const cr_plan_options *opt, cr_plan **out, cr_error *err)
{
    *out = NULL;
    if (!cr_context_model(ctx) || !cr_context_calibration(ctx) || !plan_context_costs(ctx))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "a context without the model, calibration or costs; expected one "
                            "opened with CR_CONTEXT_PLAN");
    if (!subject->service)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "no service to plan for; expected one loaded under the context's "
                            "model");
    run r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.catalog = cr_context_catalog(ctx);
    r.model = cr_context_model(ctx);
    r.calibration = cr_context_calibration(ctx);
    r.costs = plan_context_costs(ctx);
    r.service = subject->service;
    r.cancel = opt->cancel;
    r.share_tables = subject->share_tables;
    r.share_tables_user = subject->share_tables_user;
    cr_portfolio_init(&r.inherent);
    cr_plan *plan = calloc(1, sizeof *plan);
    if (!plan)
        return oom(err);
    cr_status st = prepare(&r, subject, err);
    if (st == CR_OK)
        st = describe_controls(&r, err);
    if (st == CR_OK)
        st = describe_risks(&r, err);
    if (st != CR_OK)
        goto done;

    plan_problem pb;
    memset(&pb, 0, sizeof pb);
    pb.n_risks = r.n_risks;
    pb.risks = r.risks;
    pb.decisions = r.decisions;
    pb.n_controls = r.n_gaps;
    pb.controls = r.controls;
    pb.rescore = rescore;
    pb.ctx = &r;
    pb.acceptable_level = cr_model_criteria(r.model)->acceptable;
    pb.top_level = (int)cr_model_criteria(r.model)->n_levels - 1;
    pb.objective = opt->objective;
    pb.capacity = r.capacity;
    pb.budget = r.treatment.budget;
    if (opt->budget.has_one_off) {
        pb.budget.has_one_off = true;
        pb.budget.one_off = opt->budget.one_off;
    }
    if (opt->budget.has_annual) {
        pb.budget.has_annual = true;
        pb.budget.annual = opt->budget.annual;
    }
    pb.amortisation_years = r.treatment.has_amortisation ? r.treatment.amortisation_years
                                                         : r.costs->amortisation_years;
    pb.has_min_rosi = !isnan(opt->min_rosi) || r.treatment.has_min_rosi;
    pb.min_rosi = !isnan(opt->min_rosi) ? opt->min_rosi : r.treatment.min_rosi;
    if (pb.has_min_rosi && (!isfinite(pb.min_rosi) || pb.min_rosi < -100)) {
        st = cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                          "minimum return on security investment %g%%: expected a percentage "
                          "of at least -100",
                          pb.min_rosi);
        goto done;
    }
    if (opt->start_date) {
        if (!cr_date_parse(opt->start_date, &pb.start)) {
            st = cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                              "start date \"%.40s\": expected " CR_DATE_EXPECTED,
                              opt->start_date);
            goto done;
        }
        plan->start_given = true;
    } else if (r.treatment.has_start) {
        pb.start = r.treatment.start;
        plan->start_given = true;
    } else if (opt->default_start_date) {
        if (!cr_date_parse(opt->default_start_date, &pb.start)) {
            st = cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                              "default start date \"%.40s\": expected " CR_DATE_EXPECTED,
                              opt->default_start_date);
            goto done;
        }
    } else {
        pb.start = cr_date_today_utc();
        plan->start_from_clock = true;
    }

    if ((st = cr_cancel_check(opt->cancel, err)) != CR_OK ||
        (st = plan_build(&pb, plan, err)) != CR_OK || (st = fill_identity(&r, plan, err)) != CR_OK)
        goto done;
    /* Dates already past on the day of the run are flagged in every output. */
    const char *as_of = opt->as_of_date ? opt->as_of_date : opt->default_start_date;
    if (as_of && !cr_date_parse(as_of, &plan->as_of)) {
        st = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                          "date of the run \"%.40s\": expected YYYY-MM-DD", as_of);
        goto done;
    }
    if (!as_of)
        plan->as_of = cr_date_today_utc();
    for (size_t t = 0; t < plan->n_items; t++)
        plan->items[t].past_due =
            cr_date_to_days(plan->items[t].due) < cr_date_to_days(plan->as_of);
    /* The inherent total beside the range the organisation finds plausible:
     * a total outside it says the estimates or the scales need a look. */
    plan->ale_inherent = 0.0;
    for (size_t k = 0; k < plan->n_risks; k++)
        plan->ale_inherent += plan->risks[k].ale_inherent;
    plan->plausible_lower = plan->plausible_upper = NAN;
    if (cr_model_organisation(r.model))
        cr_organisation_plausible_inherent(cr_model_organisation(r.model), &plan->plausible_lower,
                                           &plan->plausible_upper);
    char hex[65];
    input_hash(&r, plan, hex);
    if (!(plan->input_sha256 = strdup(hex))) {
        st = oom(err);
        goto done;
    }
    if ((st = cr_cancel_check(opt->cancel, err)) != CR_OK ||
        (st = simulate_all(&r, opt, subject->residual, plan, err)) != CR_OK ||
        (st = plan_values(&pb, opt, plan, err)) != CR_OK)
        goto done;
    if (opt->decisions_path)
        st = cr_plan_read_decisions(plan, opt->decisions_path, err);
done:
    run_free(&r);
    if (st != CR_OK) {
        cr_plan_free(plan);
        return st;
    }
    *out = plan;
    return CR_OK;
}

cr_status cr_plan_run(const cr_plan_options *opt, cr_plan **out, cr_error *err)
{
    *out = NULL;
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_PLAN;
    co.service_path = opt->service_path;
    co.controls_csv = opt->controls_csv;
    co.org_path = opt->org_path;
    cr_context *ctx = NULL;
    cr_status st = cr_context_open(opt->data_dir, &co, &ctx, err);
    if (st == CR_OK) {
        cr_plan_subject subject = {cr_context_service(ctx), NULL, NULL, NULL, NULL};
        st = cr_plan_draw(ctx, &subject, opt, out, err);
    }
    cr_context_free(ctx);
    return st;
}
