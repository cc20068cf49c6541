/*
 * batch_fleet_loss.c -- the fleet's total annual loss, simulated year by
 * simulated year.
 *
 * Every service of a simulated batch is run at the same seed and number of
 * trials T, and trial t is year t of every service.  The fleet's total in
 * year t is
 *
 *   total_t = sum over the covered services s of L_{s,t},   t = 1..T,
 *
 * L_{s,t} the residual annual loss of service s in its year t (the sum over
 * its risks, cr_sim_result.trial_totals).  The T totals are one sample of
 * the fleet's annual loss, summarised by the simulation's own estimators
 * (cr_sim_summarise: mean with SE = sd / sqrt(T), nearest-rank percentiles
 * Q(p) = x_(ceil(T p)), expected shortfall, the loss-exceedance curve) and
 * P(total > x) at a few thresholds with SE sqrt(p (1 - p) / T).
 *
 * Precision mode (batch --precision): each service runs until its own
 * total is precise enough, so services take different numbers of years.
 * The fleet's total is then taken over the common prefix: the first T years
 * of every service, T the fewest any covered service took.  This is exact,
 * not an approximation: a service's random numbers are drawn block by block
 * from streams keyed by seed, service, risk and block (doc/simulation.md
 * section 2), so its first T years are, bit for bit, the years a run of T
 * trials would have drawn.  The summary says which rule it used and T.
 *
 * Independence: each service draws from its own streams (keyed by seed,
 * service id and risk id: doc/simulation.md section 2), and nothing in the
 * model ties one service's bad year to another's.  The total's spread is then
 * that of a sum of independent losses, which understates the tail when
 * services share common causes (one cloud provider's outage, one supplier's
 * breach).
 *
 * Reproducibility: floating-point addition is not associative, so the
 * totals depend on the order the services are added in.  They are added in
 * fleet order: the batch's writer thread commits results strictly in fleet
 * order (batch_run.c) and adds each service's years as it commits it, so the
 * bytes are the same whatever the number of workers and whichever finished
 * first.  (An exact representation -- integer cents, or a long accumulator
 * -- would make the order irrelevant but cost more per element and bound
 * the amounts; the writer's order is free.)
 *
 * Memory: the one array of T doubles here; each service's own array lives
 * only from its simulation until the writer has added it (at most the
 * batch's window of services in flight).
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch_internal.h"

cr_status fleet_trials_init(fleet_trials *ft, uint64_t trials, cr_error *err)
{
    memset(ft, 0, sizeof *ft);
    if (trials == 0) {
        ft->varying = true; /* allocated with the first service's years */
        return CR_OK;
    }
    if (trials > CR_SIM_MAX_TRIALS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "trials: expected 1 to %u for a fleet total, got %llu",
                            CR_SIM_MAX_TRIALS, (unsigned long long)trials);
    ft->total = calloc((size_t)trials, sizeof *ft->total);
    if (!ft->total)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                            "out of memory for the fleet's %llu simulated years",
                            (unsigned long long)trials);
    ft->trials = trials;
    return CR_OK;
}

/* The total needs only the years every service has: from the first
 * service on, the prefix kept can only shorten, so nothing beyond it is
 * ever added (and the array is never grown). */
cr_status fleet_trials_add(fleet_trials *ft, const double *losses, uint64_t n, cr_error *err)
{
    if (ft->varying && !ft->total) {
        ft->total = calloc(n ? (size_t)n : 1, sizeof *ft->total);
        if (!ft->total)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL,
                                "out of memory for the fleet's %llu simulated years",
                                (unsigned long long)n);
        ft->trials = n;
    }
    if (n < ft->trials)
        ft->trials = n;
    for (uint64_t t = 0; t < ft->trials; t++)
        ft->total[t] += losses[t];
    ft->services++;
    return CR_OK;
}

void fleet_trials_free(fleet_trials *ft)
{
    free(ft->total);
    memset(ft, 0, sizeof *ft);
}

/* The thresholds P(total > x) is given at: the criteria's risk appetite A
 * (an annual loss > 0; set for one service, so against a fleet it is a
 * reference point rather than the fleet's limit), then the round figures
 * 1, 2, 5 x 10^k from the largest not above the total's median up to the
 * first not below the largest simulated year, at most six (figures beyond
 * every simulated year would all read 0%), in increasing order; a round
 * figure equal to A is given once. */
static size_t thresholds(double appetite, double median, double largest, double *out)
{
    size_t n = 0;
    bool has_appetite = isfinite(appetite) && appetite > 0;
    double figures[6];
    size_t n_figures = 0;
    if (median > 0) {
        double decade = pow(10.0, floor(log10(median)));
        int step = median >= 5 * decade ? 5 : median >= 2 * decade ? 2 : 1;
        for (; n_figures < 6 && (n_figures == 0 || figures[n_figures - 1] < largest);
             n_figures++) {
            figures[n_figures] = step * decade;
            if (step == 5)
                step = 1, decade *= 10;
            else
                step = step == 1 ? 2 : 5;
        }
    }
    size_t k = 0;
    bool placed = !has_appetite;
    while (k < n_figures || !placed) {
        if (!placed && (k == n_figures || appetite <= figures[k])) {
            out[n++] = appetite;
            placed = true;
            if (k < n_figures && figures[k] == appetite)
                k++;
        } else {
            out[n++] = figures[k++];
        }
    }
    return n;
}

cr_status fleet_total_loss_compute(fleet_trials *ft, double appetite, fleet_total_loss *out,
                                   cr_error *err)
{
    memset(out, 0, sizeof *out);
    out->covered = ft->services;
    out->trials = ft->trials;
    out->common_prefix = ft->varying;
    out->appetite = isfinite(appetite) && appetite > 0 ? appetite : NAN;
    cr_status s = cr_sim_summarise(ft->total, (size_t)ft->trials, out->appetite, &out->stats,
                                   err);
    if (s)
        return s;
    out->n_thresholds =
        thresholds(out->appetite, out->stats.p50, out->stats.max, out->threshold);
    for (size_t k = 0; k < out->n_thresholds; k++) {
        double p = cr_sim_exceedance(ft->total, (size_t)ft->trials, out->threshold[k]);
        out->p_exceed[k] = p;
        out->p_exceed_se[k] = sqrt(p * (1.0 - p) / (double)ft->trials);
    }
    return CR_OK;
}
