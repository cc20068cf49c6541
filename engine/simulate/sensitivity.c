/*
 * sensitivity.c -- the tornado: each input moved alone to its P10 and P90.
 *
 * Inputs: every risk's frequency (events per year) and loss per event, and
 * each control group -- the preventive (frequency) and the
 * detective+corrective (magnitude) reduction terms -- through its levels D,
 * what a fully credited control set removes.  For input x with
 * distribution F_x:
 *
 *   low  = F_x^-1(0.10),  high = F_x^-1(0.90)            (sensitivity_dist.c)
 *
 * and the input is replaced by the constant low (then high), everything
 * else as estimated.  A frequency or loss moves one risk; a control group
 * moves that term's D in every risk that credits it (the calibration gives
 * all risks the same D, so the group is one input).
 *
 * What is reported for each:
 *   - the total expected annual loss, by the closed form of simulate.h
 *     (E[lambda] E[L] prod E[rho^(-n D)]) with the constant in place: exact,
 *     no Monte Carlo error.  A risk under an insurance layer has no closed
 *     form; its part of every ALE figure (the base too) is then the mean of
 *     its simulated years, as moved or as estimated;
 *   - the total's P95, simulated on the first min(trials, CR_SENS_YEARS)
 *     years of the run with the run's own streams.  Common random numbers:
 *     a risk whose input did not move draws exactly the years it draws in
 *     the base, so the change in the total comes from the moved input alone
 *     (the moved risk's own events stream stays aligned wherever its counts
 *     are unchanged).
 *
 * This is the one-at-a-time "swing" analysis of decision analysis (Clemen
 * and Reilly, *Making Hard Decisions*, 3rd ed., 2014, ch. 5: the tornado
 * diagram with each input at its 10th and 90th percentiles); Hubbard and
 * Seiersen, *How to Measure Anything in Cybersecurity Risk* (2016), use the
 * same chart for the same question.  Interactions between inputs are not
 * shown: the bars do not add up to the total's spread.
 *
 * Cost: one base simulation of every risk plus, per risk, four simulations
 * of that risk alone, plus two per control group of every risk that credits
 * it: 9 risk-simulations per risk at most, on CR_SENS_YEARS years.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/sensitivity.h"
#include "simulate/bands_jobs.h"
#include "simulate/estimate.h"
#include "simulate/year.h"

typedef struct job {
    cr_sens_input input;
    size_t risk;          /* frequency, loss: the risk */
    cr_sim_target target; /* controls: the group */
    double value;         /* the constant the input takes */
    size_t row;           /* row of the result */
    int side;             /* 0 low, 1 high */
} job;

typedef struct thread_space {
    cr_year_workspace *space;
    double *y, *total, *scratch;
} thread_space;

typedef struct sens_run {
    const cr_portfolio *p;
    uint64_t seed;
    size_t years;
    double **base;        /* per risk, its base years */
    const job *jobs;
    double *p95;          /* per job */
    double *insured;      /* per job: the insured risks' simulated means, summed */
    thread_space *ts;     /* per thread */
    atomic_int failed;    /* a sampler could not be prepared (memory) */
} sens_run;

const char *cr_sens_input_name(cr_sens_input input)
{
    switch (input) {
    case CR_SENS_FREQUENCY:
        return "frequency";
    case CR_SENS_LOSS:
        return "loss";
    case CR_SENS_CONTROLS:
        return "controls";
    }
    return "";
}

/* Does a term change anything (so that its levels matter)? */
static bool term_matters(const cr_sim_reduction *c)
{
    return c->level_factor > 1.0 && (c->strength > 0.0 || c->baseline > 0.0);
}

/* The risk with one input replaced by a constant; shallow (only read). */
static void moved_risk(const cr_sim_risk *src, const job *jb, const cr_dist *constant,
                       cr_sim_risk *dst)
{
    *dst = *src;
    switch (jb->input) {
    case CR_SENS_FREQUENCY:
        dst->frequency = *constant;
        dst->joint = false;
        break;
    case CR_SENS_LOSS:
        dst->loss = *constant;
        dst->joint = false;
        break;
    case CR_SENS_CONTROLS:
        for (size_t j = 0; j < dst->n_reductions; j++)
            if (dst->reductions[j].target == jb->target && term_matters(&dst->reductions[j]))
                dst->reductions[j].levels = *constant;
        break;
    }
}

static bool simulate_risk(const sens_run *r, const cr_sim_risk *risk, thread_space *ts,
                          double *y)
{
    cr_error err;
    cr_risk_sampler rs;
    if (cr_risk_sampler_init(&rs, r->p->scope, risk, &err) != CR_OK)
        return false;
    for (uint64_t b = 0; (size_t)(b * CR_SIM_BLOCK_TRIALS) < r->years; b++) {
        size_t first = (size_t)(b * CR_SIM_BLOCK_TRIALS);
        size_t count = r->years - first < CR_SIM_BLOCK_TRIALS ? r->years - first
                                                              : CR_SIM_BLOCK_TRIALS;
        double *out = y + first; /* the sampler's one view */
        cr_sim_year_block(&rs, r->seed, b, count, ts->space, &out);
    }
    cr_risk_sampler_free(&rs);
    return true;
}

static void base_job(void *ctx, unsigned thread, size_t k)
{
    sens_run *r = ctx;
    if (!simulate_risk(r, &r->p->risks[k], &r->ts[thread], r->base[k]))
        atomic_store(&r->failed, 1);
}

static bool moves(const job *jb, size_t k, const cr_sim_risk *risk)
{
    if (jb->input != CR_SENS_CONTROLS)
        return jb->risk == k;
    for (size_t j = 0; j < risk->n_reductions; j++)
        if (risk->reductions[j].target == jb->target && term_matters(&risk->reductions[j]))
            return true;
    return false;
}

static double mean_of(const double *y, size_t n)
{
    double sum = 0.0;
    for (size_t t = 0; t < n; t++)
        sum += y[t];
    return sum / (double)n;
}

static void variant_job(void *ctx, unsigned thread, size_t j)
{
    sens_run *r = ctx;
    const job *jb = &r->jobs[j];
    thread_space *ts = &r->ts[thread];
    cr_dist constant;
    cr_error err;
    if (cr_dist_constant(&constant, jb->value, &err) != CR_OK) {
        atomic_store(&r->failed, 1);
        return;
    }
    memset(ts->total, 0, r->years * sizeof *ts->total);
    /* The total over the risks in portfolio order, as the base's. */
    for (size_t k = 0; k < r->p->n_risks; k++) {
        const double *y = r->base[k];
        bool insured = r->p->risks[k].layer.present;
        if (moves(jb, k, &r->p->risks[k])) {
            cr_sim_risk moved;
            moved_risk(&r->p->risks[k], jb, &constant, &moved);
            if (!simulate_risk(r, &moved, ts, ts->y)) {
                atomic_store(&r->failed, 1);
                return;
            }
            y = ts->y;
        }
        for (size_t t = 0; t < r->years; t++)
            ts->total[t] += y[t];
        if (insured)
            r->insured[j] += mean_of(y, r->years);
    }
    cr_sort_losses(ts->total, r->years, ts->scratch);
    r->p95[j] = cr_quantile(ts->total, r->years, 0.95);
}

/* The closed-form total of the risks without an insurance layer, with the
 * job's input at its value. */
static double closed_total(const cr_portfolio *p, const job *jb)
{
    cr_dist constant;
    cr_error err;
    if (jb && cr_dist_constant(&constant, jb->value, &err) != CR_OK)
        return NAN;
    double total = 0.0;
    for (size_t k = 0; k < p->n_risks; k++) {
        if (p->risks[k].layer.present)
            continue;
        if (jb && moves(jb, k, &p->risks[k])) {
            cr_sim_risk moved;
            moved_risk(&p->risks[k], jb, &constant, &moved);
            total += cr_sim_risk_expected_loss(&moved);
        } else {
            total += cr_sim_risk_expected_loss(&p->risks[k]);
        }
    }
    return total;
}

/* The group's levels: those of its first risk that credits it. */
static const cr_dist *group_levels(const cr_portfolio *p, cr_sim_target target)
{
    for (size_t k = 0; k < p->n_risks; k++)
        for (size_t j = 0; j < p->risks[k].n_reductions; j++)
            if (p->risks[k].reductions[j].target == target &&
                term_matters(&p->risks[k].reductions[j]))
                return &p->risks[k].reductions[j].levels;
    return NULL;
}

static int by_swing(const void *a, const void *b)
{
    const cr_sens_row *x = a, *y = b;
    if (x->swing != y->swing)
        return x->swing > y->swing ? -1 : 1;
    return 0;
}

void cr_sensitivity_clear(cr_sensitivity *s)
{
    if (!s)
        return;
    free(s->rows);
    memset(s, 0, sizeof *s);
}

/* Rows and their two jobs each: control groups first (the longest jobs
 * start first), then each risk's frequency and loss. */
static size_t plan_rows(const cr_portfolio *p, cr_sens_row *rows, job *jobs)
{
    size_t n = 0;
    for (int g = 0; g < CR_SIM_TARGETS; g++) {
        const cr_dist *levels = group_levels(p, (cr_sim_target)g);
        if (!levels)
            continue;
        cr_sens_row *row = &rows[n];
        memset(row, 0, sizeof *row);
        row->input = CR_SENS_CONTROLS;
        row->target = (cr_sim_target)g;
        row->value_low = cr_dist_quantile(levels, CR_SENS_LOW_P);
        row->value_high = cr_dist_quantile(levels, CR_SENS_HIGH_P);
        n++;
    }
    for (size_t k = 0; k < p->n_risks; k++)
        for (int in = CR_SENS_FREQUENCY; in <= CR_SENS_LOSS; in++) {
            const cr_dist *d = in == CR_SENS_FREQUENCY ? &p->risks[k].frequency
                                                       : &p->risks[k].loss;
            cr_sens_row *row = &rows[n];
            memset(row, 0, sizeof *row);
            row->input = (cr_sens_input)in;
            memcpy(row->risk, p->risks[k].id, sizeof row->risk);
            row->value_low = cr_dist_quantile(d, CR_SENS_LOW_P);
            row->value_high = cr_dist_quantile(d, CR_SENS_HIGH_P);
            n++;
        }
    for (size_t i = 0; i < n; i++)
        for (int side = 0; side < 2; side++) {
            job *jb = &jobs[2 * i + side];
            jb->input = rows[i].input;
            jb->target = rows[i].target;
            jb->risk = 0;
            for (size_t k = 0; rows[i].input != CR_SENS_CONTROLS && k < p->n_risks; k++)
                if (strcmp(p->risks[k].id, rows[i].risk) == 0)
                    jb->risk = k;
            jb->value = side ? rows[i].value_high : rows[i].value_low;
            jb->row = i;
            jb->side = side;
        }
    return n;
}

cr_status cr_sensitivity_run(const cr_portfolio *p, const cr_sim_options *o,
                             cr_sensitivity *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    cr_status st = cr_portfolio_validate(p, err);
    if (st != CR_OK)
        return st;
    if (o->trials < 1 || o->trials > CR_SIM_MAX_TRIALS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "trials: expected 1 to %u, got %llu", CR_SIM_MAX_TRIALS,
                            (unsigned long long)o->trials);
    size_t years = (size_t)(o->trials < CR_SENS_YEARS ? o->trials : CR_SENS_YEARS);
    size_t max_rows = CR_SIM_TARGETS + 2 * p->n_risks;
    sens_run r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.seed = o->seed;
    r.years = years;
    atomic_init(&r.failed, 0);
    out->rows = calloc(max_rows, sizeof *out->rows);
    job *jobs = calloc(2 * max_rows, sizeof *jobs);
    r.p95 = calloc(2 * max_rows, sizeof *r.p95);
    r.insured = calloc(2 * max_rows, sizeof *r.insured);
    r.base = calloc(p->n_risks ? p->n_risks : 1, sizeof *r.base);
    double *base_total = calloc(years, sizeof *base_total);
    double *sorted = malloc(years * sizeof *sorted);
    unsigned threads = cr_jobs_threads(o->threads, 2 * max_rows);
    r.ts = calloc(threads, sizeof *r.ts);
    bool ok = out->rows && jobs && r.p95 && r.insured && r.base && base_total && sorted && r.ts;
    for (size_t k = 0; ok && k < p->n_risks; k++)
        ok = (r.base[k] = malloc(years * sizeof **r.base)) != NULL;
    for (unsigned t = 0; ok && t < threads; t++) {
        thread_space *ts = &r.ts[t];
        ts->space = calloc(1, sizeof *ts->space);
        ts->y = malloc(years * sizeof *ts->y);
        ts->total = malloc(years * sizeof *ts->total);
        ts->scratch = malloc(years * sizeof *ts->scratch);
        ok = ts->space && ts->y && ts->total && ts->scratch;
        if (ok && cr_year_workspace_init(ts->space, err) != CR_OK) {
            free(ts->space);
            ts->space = NULL;
            ok = false;
        }
    }
    if (!ok)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                          "out of memory for the sensitivity's %zu years", years);
    size_t n_rows = 0;
    if (st == CR_OK) {
        n_rows = plan_rows(p, out->rows, jobs);
        r.jobs = jobs;
        st = cr_jobs_run(p->n_risks, threads, base_job, &r, o->progress, o->progress_user, err);
    }
    if (st == CR_OK && atomic_load(&r.failed) == 0)
        st = cr_jobs_run(2 * n_rows, threads, variant_job, &r, o->progress, o->progress_user,
                         err);
    if (st == CR_OK && atomic_load(&r.failed) != 0)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK) {
        for (size_t k = 0; k < p->n_risks; k++)
            for (size_t t = 0; t < years; t++)
                base_total[t] += r.base[k][t];
        memcpy(sorted, base_total, years * sizeof *sorted);
        cr_sort_losses(sorted, years, base_total);
        out->present = true;
        out->seed = o->seed;
        out->trials = o->trials;
        out->years = years;
        out->p95_base = cr_quantile(sorted, years, 0.95);
        double insured = 0.0;
        out->ale_closed_form = true;
        for (size_t k = 0; k < p->n_risks; k++)
            if (p->risks[k].layer.present) {
                insured += mean_of(r.base[k], years);
                out->ale_closed_form = false;
            }
        out->ale_base = closed_total(p, NULL) + insured;
        out->n_rows = n_rows;
        for (size_t i = 0; i < n_rows; i++) {
            cr_sens_row *row = &out->rows[i];
            for (int side = 0; side < 2; side++) {
                size_t j = 2 * i + (size_t)side;
                double ale = closed_total(p, &jobs[j]) + r.insured[j];
                if (side) {
                    row->ale_high = ale;
                    row->p95_high = r.p95[j];
                } else {
                    row->ale_low = ale;
                    row->p95_low = r.p95[j];
                }
            }
            row->swing = fabs(row->ale_high - row->ale_low);
        }
        /* Largest swing first; equal swings keep the planned order (a
         * stable sort by hand: insertion). */
        for (size_t i = 1; i < n_rows; i++) {
            cr_sens_row key = out->rows[i];
            size_t j = i;
            while (j > 0 && by_swing(&out->rows[j - 1], &key) > 0) {
                out->rows[j] = out->rows[j - 1];
                j--;
            }
            out->rows[j] = key;
        }
    }
    for (unsigned t = 0; r.ts && t < threads; t++) {
        if (r.ts[t].space) {
            cr_year_workspace_free(r.ts[t].space);
            free(r.ts[t].space);
        }
        free(r.ts[t].y);
        free(r.ts[t].total);
        free(r.ts[t].scratch);
    }
    for (size_t k = 0; r.base && k < p->n_risks; k++)
        free(r.base[k]);
    free(r.ts);
    free(r.base);
    free(r.p95);
    free(r.insured);
    free(jobs);
    free(base_total);
    free(sorted);
    if (st != CR_OK)
        cr_sensitivity_clear(out);
    return st;
}
