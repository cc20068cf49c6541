/*
 * bands.c -- uncertainty bands by two-level Monte Carlo: what is not known
 * (epistemic) apart from what varies from year to year (aleatory).
 *
 * The one-level run draws a risk's rate lambda and its controls' levels D
 * afresh every simulated year, and independently per risk: a year with a
 * high rate for one risk is as likely as not a low one for the next, so the
 * run's curve mixes "how often could this happen" with "we do not know the
 * rate".  Two levels separate them (Vose, *Risk Analysis*, 3rd ed., 2008,
 * 4.5 "second-order" models; NRC NUREG-1855 on epistemic and aleatory
 * uncertainty):
 *
 *   for each outer sample i = 1..N:
 *     for each risk r: lambda_ri ~ F_r, D_rji ~ levels_rj, and for a joint
 *       pool the participant K_ri (whose estimate holds), drawn once from
 *       the stream (seed, risk, block i, purpose CR_BANDS_PURPOSE);
 *     simulate M = trials / N years with lambda_ri, D_rji, K_ri held
 *       (constants), N0 ~ Poisson(lambda_ri) and the losses per event drawn
 *       as usual, at the inner seed mix64(seed ^ mix64(i + 1));
 *     m_i = the mean of the M years' totals; q_i(p) = their (1 - p)-quantile
 *       at each exceedance probability p of a fixed grid;
 *   band of the expected loss: P5, P50, P95 of m_1..m_N (order statistics
 *     x_(ceil(N p)) as every quantile here); band of the curve: the same of
 *     q_1(p)..q_N(p) at each p.
 *
 * A loss per event from a single estimate is taken as what varies from
 * event to event, with its median known: nothing in the inputs says how
 * unsure the median is.  Where a workshop pooled several participants
 * (joint pool), which participant is right is what is not known, and that
 * is drawn per outer sample.
 *
 * The grid: CR_BANDS_POINTS probabilities log-spaced from 0.99 down to
 * max(10 / M, 1e-4), so that every point has at least ten of an outer
 * sample's years beyond it.
 *
 * Cost: N M ~ trials simulated years, as a one-level run of the same trials,
 * plus N sorts of M years; memory N (CR_BANDS_POINTS + 1) doubles and, per
 * thread, M doubles twice.  The mean of m_i estimates the same expected loss
 * as the one-level run (the outer draws are of the same distributions), so
 * mean_mean is a check on it.  Outer samples run in parallel, each on one
 * thread; the figures do not depend on the thread count.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/sensitivity.h"
#include "simulate/bands_jobs.h"
#include "simulate/estimate.h"
#include "simulate/mixture.h"
#include "simulate/stream.h"
#include "simulate/year.h"

/* A stream purpose no other draw of a (risk, block) uses. */
#define CR_BANDS_PURPOSE ((cr_stream_purpose)64)

typedef struct band_space {
    cr_year_workspace *space;
    gsl_rng *params;
    double *y, *total;
} band_space;

typedef struct bands_run {
    const cr_portfolio *p;
    cr_risk_sampler *prepared; /* per risk: its own distributions, for the outer draws */
    uint64_t seed;
    size_t years, n_points;
    const double *grid;
    double *means;             /* per outer sample */
    double *quantiles;         /* per outer sample, n_points */
    band_space *bs;            /* per thread */
    atomic_int failed;
} bands_run;

cr_status cr_sim_bands_check(unsigned outer, uint64_t trials, cr_error *err)
{
    if (outer < CR_BANDS_MIN_OUTER)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "uncertainty bands: expected at least %d outer samples, got %u "
                            "(with fewer, P5 and P95 are the smallest and largest sample)",
                            CR_BANDS_MIN_OUTER, outer);
    if (trials / outer < CR_BANDS_MIN_YEARS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "uncertainty bands: %llu trials over %u outer samples give %llu "
                            "years each; expected at least %u: give at least %llu trials or "
                            "fewer outer samples",
                            (unsigned long long)trials, outer,
                            (unsigned long long)(trials / outer), CR_BANDS_MIN_YEARS,
                            (unsigned long long)outer * CR_BANDS_MIN_YEARS);
    return CR_OK;
}

cr_status cr_sim_bands_fit(unsigned outer, cr_sim_options *o, cr_error *err)
{
    if (outer < CR_BANDS_MIN_OUTER || !(o->precision > 0.0))
        return cr_sim_bands_check(outer, o->trials, err);
    /* Precision mode: the floor, in whole blocks as precision mode runs them. */
    uint64_t need = (uint64_t)outer * CR_BANDS_MIN_YEARS;
    need = (need + CR_SIM_BLOCK_TRIALS - 1) / CR_SIM_BLOCK_TRIALS * CR_SIM_BLOCK_TRIALS;
    uint64_t cap = o->max_trials ? o->max_trials : CR_SIM_PRECISION_CAP;
    cap = cap / CR_SIM_BLOCK_TRIALS * CR_SIM_BLOCK_TRIALS;
    if (need > cap)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "uncertainty bands: %u outer samples of at least %u years need "
                            "precision mode to run %llu trials, above its cap of %llu: raise "
                            "the cap or give fewer outer samples",
                            outer, CR_BANDS_MIN_YEARS, (unsigned long long)need,
                            (unsigned long long)cap);
    if (o->min_trials < need)
        o->min_trials = need;
    return CR_OK;
}

/* Outer sample i of risk k: its parameters as constants. */
static bool held_risk(const bands_run *r, size_t k, size_t i, gsl_rng *rng, cr_dist *consts,
                      cr_sim_risk *out)
{
    const cr_sim_risk *risk = &r->p->risks[k];
    const cr_risk_sampler *rs = &r->prepared[k];
    cr_error err;
    *out = *risk; /* shallow: only read */
    cr_stream_seat(rng, r->seed, rs->key, (uint64_t)i, CR_BANDS_PURPOSE);
    double rate;
    if (risk->joint) {
        unsigned who = 0;
        rate = cr_joint_pool_rate(&rs->frequency, rng, &who);
        if (who < risk->loss.n_components)
            out->loss = risk->loss.components[who];
        out->joint = false;
    } else {
        rate = cr_sample(&rs->frequency, rng);
    }
    if (rate > CR_SIM_RATE_GUARD)
        rate = CR_SIM_RATE_GUARD;
    if (cr_dist_constant(&consts[0], rate, &err) != CR_OK)
        return false;
    out->frequency = consts[0];
    for (size_t j = 0; j < risk->n_reductions; j++) {
        double d = cr_sample(&rs->terms[j].levels, rng);
        if (cr_dist_constant(&consts[1 + j], d, &err) != CR_OK)
            return false;
        out->reductions[j].levels = consts[1 + j];
    }
    return true;
}

static void outer_job(void *ctx, unsigned thread, size_t i)
{
    bands_run *r = ctx;
    band_space *bs = &r->bs[thread];
    uint64_t inner_seed = cr_stream_mix64(r->seed ^ cr_stream_mix64((uint64_t)i + 1));
    memset(bs->total, 0, r->years * sizeof *bs->total);
    for (size_t k = 0; k < r->p->n_risks; k++) {
        cr_dist consts[1 + CR_SIM_MAX_REDUCTIONS];
        cr_sim_risk held;
        cr_risk_sampler rs;
        cr_error err;
        if (!held_risk(r, k, i, bs->params, consts, &held) ||
            cr_risk_sampler_init(&rs, r->p->scope, &held, &err) != CR_OK) {
            atomic_store(&r->failed, 1);
            return;
        }
        for (uint64_t b = 0; (size_t)(b * CR_SIM_BLOCK_TRIALS) < r->years; b++) {
            size_t first = (size_t)(b * CR_SIM_BLOCK_TRIALS);
            size_t count = r->years - first < CR_SIM_BLOCK_TRIALS ? r->years - first
                                                                  : CR_SIM_BLOCK_TRIALS;
            double *out = bs->y + first; /* the sampler's one view */
            cr_sim_year_block(&rs, inner_seed, b, count, bs->space, &out);
        }
        cr_risk_sampler_free(&rs);
        for (size_t t = 0; t < r->years; t++)
            bs->total[t] += bs->y[t];
    }
    double sum = 0.0;
    for (size_t t = 0; t < r->years; t++)
        sum += bs->total[t];
    r->means[i] = sum / (double)r->years;
    cr_sort_losses(bs->total, r->years, bs->y);
    for (size_t k = 0; k < r->n_points; k++)
        r->quantiles[i * r->n_points + k] = cr_quantile(bs->total, r->years, 1.0 - r->grid[k]);
}

/* P5, P50 and P95 of x[0..n) (sorted in place, scratch n doubles). */
static void band_of(double *x, size_t n, double *scratch, double *p05, double *p50,
                    double *p95)
{
    cr_sort_losses(x, n, scratch);
    *p05 = cr_quantile(x, n, 0.05);
    *p50 = cr_quantile(x, n, 0.50);
    *p95 = cr_quantile(x, n, 0.95);
}

cr_status cr_sim_bands_run(const cr_portfolio *p, const cr_sim_options *o, unsigned outer,
                           cr_sim_bands *out, cr_error *err)
{
    memset(out, 0, sizeof *out);
    cr_status st = cr_sim_bands_check(outer, o->trials, err);
    if (st == CR_OK)
        st = cr_portfolio_validate(p, err);
    if (st != CR_OK)
        return st;
    bands_run r;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.seed = o->seed;
    r.years = (size_t)(o->trials / outer);
    r.n_points = CR_BANDS_POINTS;
    atomic_init(&r.failed, 0);
    double grid[CR_BANDS_POINTS];
    double p_lo = fmax(10.0 / (double)r.years, 1e-4), p_hi = 0.99;
    for (size_t k = 0; k < CR_BANDS_POINTS; k++)
        grid[k] = p_hi * pow(p_lo / p_hi, (double)k / (CR_BANDS_POINTS - 1));
    r.grid = grid;
    unsigned threads = cr_jobs_threads(o->threads, outer);
    r.prepared = calloc(p->n_risks ? p->n_risks : 1, sizeof *r.prepared);
    r.means = calloc(outer, sizeof *r.means);
    r.quantiles = calloc((size_t)outer * CR_BANDS_POINTS, sizeof *r.quantiles);
    r.bs = calloc(threads, sizeof *r.bs);
    double *column = calloc(outer, sizeof *column), *scratch = calloc(outer, sizeof *scratch);
    size_t prepared = 0;
    bool ok = r.prepared && r.means && r.quantiles && r.bs && column && scratch;
    for (; ok && prepared < p->n_risks; prepared++)
        if (cr_risk_sampler_init(&r.prepared[prepared], p->scope, &p->risks[prepared], err) !=
            CR_OK)
            ok = false;
    for (unsigned t = 0; ok && t < threads; t++) {
        band_space *bs = &r.bs[t];
        bs->space = calloc(1, sizeof *bs->space);
        bs->y = malloc(r.years * sizeof *bs->y);
        bs->total = malloc(r.years * sizeof *bs->total);
        ok = bs->space && bs->y && bs->total;
        if (ok && cr_year_workspace_init(bs->space, err) != CR_OK) {
            free(bs->space);
            bs->space = NULL;
            ok = false;
        }
        if (ok && cr_stream_alloc(&bs->params, err) != CR_OK)
            ok = false;
    }
    if (!ok)
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                          "out of memory for the uncertainty bands");
    if (st == CR_OK)
        st = cr_jobs_run(outer, threads, outer_job, &r, o->progress, o->progress_user, err);
    if (st == CR_OK && atomic_load(&r.failed))
        st = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (st == CR_OK) {
        out->present = true;
        out->outer = outer;
        out->trials = o->trials;
        out->years = r.years;
        out->seed = o->seed;
        out->n_points = CR_BANDS_POINTS;
        double sum = 0.0;
        for (unsigned i = 0; i < outer; i++)
            sum += r.means[i];
        out->mean_mean = sum / outer;
        memcpy(column, r.means, outer * sizeof *column);
        band_of(column, outer, scratch, &out->mean_p05, &out->mean_p50, &out->mean_p95);
        for (size_t k = 0; k < CR_BANDS_POINTS; k++) {
            out->exceedance[k] = grid[k];
            for (unsigned i = 0; i < outer; i++)
                column[i] = r.quantiles[(size_t)i * CR_BANDS_POINTS + k];
            band_of(column, outer, scratch, &out->loss_p05[k], &out->loss_p50[k],
                    &out->loss_p95[k]);
        }
    }
    for (unsigned t = 0; r.bs && t < threads; t++) {
        if (r.bs[t].space) {
            cr_year_workspace_free(r.bs[t].space);
            free(r.bs[t].space);
        }
        if (r.bs[t].params)
            gsl_rng_free(r.bs[t].params);
        free(r.bs[t].y);
        free(r.bs[t].total);
    }
    for (size_t k = 0; r.prepared && k < prepared; k++)
        cr_risk_sampler_free(&r.prepared[k]);
    free(r.prepared);
    free(r.means);
    free(r.quantiles);
    free(r.bs);
    free(column);
    free(scratch);
    if (st != CR_OK)
        memset(out, 0, sizeof *out);
    return st;
}
