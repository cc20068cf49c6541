/*
 * bench_kernel.c -- CPU time of the sampling kernel alone: the 21-risk
 * portfolio of bench_simulate.c (full model, and riskquant's model: the
 * same risks with a constant rate and no reduction terms), one thread,
 * each risk's blocks simulated by cr_sim_year_block with nothing else (no
 * summaries, no totals), then the per-risk summaries alone (what a run
 * does with each risk's whole sample of years: each block's positive years
 * moved to its start, then cr_summarise_blocks's sort, moments, quantiles,
 * curve and tail errors), then the whole cr_simulate for
 * comparison.  The summaries line ends with a hash (FNV-1a) of every figure
 * they produced, to check that a change to them keeps every bit.
 *
 *   bench_kernel [--data-dir DIR] [--trials N]
 *
 * Prints CPU nanoseconds per risk-trial (getrusage, this process), which
 * other work on a shared machine moves far less than the wall clock.
 * `make bench-kernel` runs it.
 */
#define _DEFAULT_SOURCE 1

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"
#include "simulate/year.h"

static const int levels[21][2] = {{4, 5}, {3, 5}, {3, 5}, {3, 4}, {3, 4}, {4, 4}, {4, 4},
                                  {3, 4}, {3, 4}, {3, 4}, {3, 3}, {1, 4}, {2, 2}, {2, 2},
                                  {2, 2}, {1, 4}, {2, 2}, {1, 4}, {1, 3}, {2, 2}, {2, 2}};

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

/* FNV-1a over the bytes of the figures (the struct is zeroed before it is
 * filled, so its padding is zero too). */
static uint64_t fnv1a(uint64_t h, const void *data, size_t size)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < size; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* CPU seconds of the summaries of every risk's whole sample of `trials`
 * years (drawn first, not timed); *hash: of all the figures. */
static int time_summaries(const cr_portfolio *p, uint64_t trials, cr_year_workspace *w,
                          double *seconds, uint64_t *hash)
{
    cr_error err;
    size_t n = (size_t)trials;
    double *years = malloc(n * sizeof *years), *scratch = malloc(n * sizeof *scratch);
    uint32_t *positives = malloc((n / CR_SIM_BLOCK_TRIALS + 1) * sizeof *positives);
    int rc = 0;
    *seconds = 0.0;
    *hash = 0xcbf29ce484222325ull;
    if (!years || !scratch || !positives) {
        fprintf(stderr, "bench_kernel: out of memory\n");
        rc = 1;
    }
    for (size_t i = 0; rc == 0 && i < p->n_risks; i++) {
        cr_risk_sampler rs;
        if (cr_risk_sampler_init(&rs, p->scope, &p->risks[i], &err) != CR_OK) {
            fprintf(stderr, "bench_kernel: %s\n", err.message);
            rc = 1;
            break;
        }
        for (uint64_t first = 0, b = 0; first < trials; first += CR_SIM_BLOCK_TRIALS, b++) {
            double *ys[1] = {years + first};
            size_t count = (size_t)(trials - first < CR_SIM_BLOCK_TRIALS ? trials - first
                                                                         : CR_SIM_BLOCK_TRIALS);
            cr_sim_year_block(&rs, 1, b, count, w, ys);
        }
        cr_risk_sampler_free(&rs);
        /* What a run does after each block (run.c: the block's positive
         * years to its start; here out of the cache, so an upper bound),
         * then the risk's summary. */
        cr_sim_stats s;
        double t0 = cpu_now();
        for (uint64_t first = 0, b = 0; first < trials; first += CR_SIM_BLOCK_TRIALS, b++) {
            double *y = years + first;
            size_t count = (size_t)(trials - first < CR_SIM_BLOCK_TRIALS ? trials - first
                                                                         : CR_SIM_BLOCK_TRIALS);
            size_t m = 0;
            for (size_t t = 0; t < count; t++) {
                y[m] = y[t];
                m += y[t] > 0.0;
            }
            positives[b] = (uint32_t)m;
        }
        cr_summarise_blocks(years, positives, n, scratch, 1e6, &s);
        *seconds += cpu_now() - t0;
        *hash = fnv1a(*hash, &s, sizeof s);
    }
    free(years);
    free(scratch);
    free(positives);
    return rc;
}

static cr_status build(const char *dir, int riskquant, cr_portfolio *p, cr_error *err)
{
    cr_calibration cal;
    cr_status st = cr_calibration_load_dir(dir, &cal, err);
    if (st != CR_OK)
        return st;
    cr_sim_risk_input in[21];
    char ids[21][16];
    for (int i = 0; i < 21; i++) {
        snprintf(ids[i], sizeof ids[i], "CR%02d", i + 1);
        memset(&in[i], 0, sizeof in[i]);
        in[i].id = ids[i];
        in[i].likelihood = levels[i][0];
        in[i].impact = levels[i][1];
        in[i].strength[CR_SIM_FREQUENCY] = 0.3 + 0.02 * i;
        in[i].strength[CR_SIM_MAGNITUDE] = 0.2 + 0.0175 * i;
    }
    st = cr_sim_portfolio_build(&cal, in, 21, p, err);
    cr_calibration_clear(&cal);
    for (size_t i = 0; riskquant && st == CR_OK && i < p->n_risks; i++) {
        cr_sim_risk *r = &p->risks[i];
        double rate = cr_dist_mean(&r->frequency);
        cr_dist_clear(&r->frequency);
        st = cr_dist_constant(&r->frequency, rate, err);
        for (size_t j = 0; j < r->n_reductions; j++)
            cr_dist_clear(&r->reductions[j].levels);
        r->n_reductions = 0;
    }
    return st;
}

static int measure(const char *dir, int riskquant, uint64_t trials)
{
    cr_portfolio p;
    cr_error err;
    if (build(dir, riskquant, &p, &err) != CR_OK) {
        fprintf(stderr, "bench_kernel: %s\n", err.message);
        return 1;
    }
    static cr_year_workspace w;
    if (cr_year_workspace_init(&w, &err) != CR_OK) {
        fprintf(stderr, "bench_kernel: %s\n", err.message);
        return 1;
    }
    double *y = malloc(CR_SIM_BLOCK_TRIALS * sizeof *y), *ys[1] = {y};
    double check = 0.0, t0 = cpu_now();
    uint64_t blocks = (trials + CR_SIM_BLOCK_TRIALS - 1) / CR_SIM_BLOCK_TRIALS;
    for (size_t i = 0; i < p.n_risks; i++) {
        cr_risk_sampler rs;
        if (cr_risk_sampler_init(&rs, p.scope, &p.risks[i], &err) != CR_OK) {
            fprintf(stderr, "bench_kernel: %s\n", err.message);
            return 1;
        }
        for (uint64_t b = 0; b < blocks; b++) {
            cr_sim_year_block(&rs, 1, b, CR_SIM_BLOCK_TRIALS, &w, ys);
            check += y[b % CR_SIM_BLOCK_TRIALS];
        }
        cr_risk_sampler_free(&rs);
    }
    double kernel = cpu_now() - t0;
    double rt = (double)blocks * CR_SIM_BLOCK_TRIALS * (double)p.n_risks;
    double summaries;
    uint64_t hash;
    if (time_summaries(&p, trials, &w, &summaries, &hash) != 0)
        return 1;
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = trials;
    o.seed = 1;
    o.threads = 1;
    cr_sim_result r;
    t0 = cpu_now();
    if (cr_simulate(&p, &o, &r, &err) != CR_OK) {
        fprintf(stderr, "bench_kernel: %s\n", err.message);
        return 1;
    }
    double whole = cpu_now() - t0;
    double risk_trials = (double)trials * (double)p.n_risks;
    printf("%-18s kernel %6.1f ns, summaries %6.1f ns, whole simulate %6.1f ns per risk-trial"
           " (CPU; mean %.6g) [%g] summaries' hash %016llx\n",
           riskquant ? "riskquant's model" : "full model", 1e9 * kernel / rt,
           1e9 * summaries / risk_trials, 1e9 * whole / risk_trials, r.total.mean, check,
           (unsigned long long)hash);
    cr_sim_result_clear(&r);
    free(y);
    cr_year_workspace_free(&w);
    cr_portfolio_clear(&p);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"data-dir", required_argument, NULL, 'd'},
                                         {"trials", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    const char *dir = ".";
    uint64_t trials = 200000;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            dir = optarg;
        else if (c == 'n')
            trials = strtoull(optarg, NULL, 10);
        else
            return 2;
    }
    return measure(dir, 0, trials) || measure(dir, 1, trials);
}
