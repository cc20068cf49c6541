/*
 * precision.c -- precision on demand: as many simulated years as the
 * total's mean and P99 need for a relative standard error of at most a
 * target (doc/simulation.md, "Precision on demand").
 *
 * The standard error of a mean (and of a quantile) falls as 1 / sqrt(n), so
 * from a run of n years with relative standard error e, about
 *   n' = n (e / target)^2
 * years reach the target.  Run 1 has CR_SIM_PRECISION_FIRST years, or the
 * options' floor (min_trials: what the uncertainty bands need) if more; each
 * next run has n' years times 1.1 (a margin against the estimate's own
 * noise), at least 1.5 n (so that the runs end), rounded up to whole blocks
 * of CR_SIM_BLOCK_TRIALS and at most the cap.  A run's years are the first
 * n of any longer run's at the same seed (each block has its own random
 * numbers), so the last run is exactly cr_simulate at its trials.  The
 * decision to go on is taken on the figures of a finished run only, which
 * are the same whatever the number of threads, hence so are the trials and
 * the output.  Cost: the runs before the last, at most about half of the
 * last one's years each time.
 *
 * A heavy tail (CR_LOSS_WARN_HEAVY_TAIL) makes the mean's standard error
 * understate, and then the target is met on paper sooner than in fact: the
 * warning stays on the output.
 */
#include <math.h>
#include <string.h>

#include "cloudrisk/simulate.h"

cr_status cr_sim_precision_check(double target, uint64_t cap, cr_error *err)
{
    if (!(target >= CR_SIM_PRECISION_MIN && target <= CR_SIM_PRECISION_MAX))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "precision: expected a relative standard error from %g%% to %g%%, "
                            "got %g%%",
                            100.0 * CR_SIM_PRECISION_MIN, 100.0 * CR_SIM_PRECISION_MAX,
                            100.0 * target);
    if (cap < CR_SIM_BLOCK_TRIALS || cap > CR_SIM_MAX_TRIALS)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "precision: expected a cap on trials from %u to %u, got %llu",
                            CR_SIM_BLOCK_TRIALS, CR_SIM_MAX_TRIALS, (unsigned long long)cap);
    return CR_OK;
}

static double relative(double se, double value)
{
    if (!(se > 0.0))
        return 0.0; /* no spread at all (e.g. no loss in any year) */
    return value > 0.0 ? se / value : INFINITY;
}

static uint64_t whole_blocks(double trials)
{
    double blocks = ceil(trials / CR_SIM_BLOCK_TRIALS);
    return (uint64_t)blocks * CR_SIM_BLOCK_TRIALS;
}

cr_status cr_simulate_scenarios_to_precision(const cr_portfolio *const *portfolios, size_t n,
                                             size_t judged, const cr_sim_options *options,
                                             cr_sim_result *results, cr_sim_precision *out,
                                             cr_error *err)
{
    for (size_t i = 0; i < n; i++)
        memset(&results[i], 0, sizeof results[i]);
    memset(out, 0, sizeof *out);
    if (judged >= n)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "precision: scenario %zu of %zu judged", judged, n);
    uint64_t cap = options->max_trials ? options->max_trials : CR_SIM_PRECISION_CAP;
    cr_status st = cr_sim_precision_check(options->precision, cap, err);
    if (st != CR_OK)
        return st;
    cap = cap / CR_SIM_BLOCK_TRIALS * CR_SIM_BLOCK_TRIALS;
    uint64_t floor_trials = whole_blocks((double)options->min_trials);
    if (floor_trials > cap)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "precision: at least %llu trials needed, above the cap of %llu",
                            (unsigned long long)floor_trials, (unsigned long long)cap);
    out->target = options->precision;
    out->cap = cap;
    cr_sim_options o = *options;
    o.trials = CR_SIM_PRECISION_FIRST < cap ? CR_SIM_PRECISION_FIRST : cap;
    if (o.trials < floor_trials)
        o.trials = floor_trials;
    for (;;) {
        st = n == 1 ? cr_simulate(portfolios[0], &o, &results[0], err)
                    : cr_simulate_scenarios(portfolios, n, &o, results, err);
        if (st != CR_OK)
            return st;
        const cr_sim_stats *t = &results[judged].total;
        out->runs++;
        out->trials = o.trials;
        out->rel_se_mean = relative(t->mean_se, t->mean);
        out->rel_se_p99 = relative(t->p99_se, t->p99);
        double worst = fmax(out->rel_se_mean, out->rel_se_p99);
        if (worst <= out->target) {
            out->reached = true;
            return CR_OK;
        }
        if (o.trials >= cap) {
            results[judged].total.warnings |= CR_LOSS_WARN_PRECISION_CAP;
            return CR_OK;
        }
        double want = (double)o.trials * (worst / out->target) * (worst / out->target) * 1.1;
        if (!(want >= 1.5 * (double)o.trials))
            want = 1.5 * (double)o.trials;
        o.trials = want >= (double)cap ? cap : whole_blocks(want);
        if (o.trials > cap)
            o.trials = cap;
        for (size_t i = 0; i < n; i++)
            cr_sim_result_clear(&results[i]);
    }
}

cr_status cr_simulate_to_precision(const cr_portfolio *p, const cr_sim_options *options,
                                   cr_sim_result *result, cr_sim_precision *out, cr_error *err)
{
    return cr_simulate_scenarios_to_precision(&p, 1, 0, options, result, out, err);
}
