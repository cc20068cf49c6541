/*
 * test_kernel.c -- the sampling kernel's parts: the inline generator step
 * against the same generator through GSL's interface, the arithmetic of vmath.h against libm, the SSE2 and AVX2
 * paths bit for bit (array functions and whole simulated blocks), the PERT
 * table's accuracy, and the goodness of fit of each sampler at fixed seeds.
 *
 * Goodness of fit: Kolmogorov-Smirnov distance of n draws against the
 * exact CDF, below the 1% critical value 1.628 / sqrt(n) (asymptotic
 * Kolmogorov distribution); Poisson counts by Pearson's chi-square over
 * cells of expected count >= 5, below the 0.1% quantile of chi-square with
 * (cells - 1) degrees of freedom.  Seeds are fixed: a failure is a defect,
 * not chance, unless the seed was unlucky at the stated level.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "simulate/beta_table.h"
#include "simulate/sampler.h"
#include "simulate/stream.h"
#include "simulate/vmath.h"
#include "simulate/year.h"

static cr_error err;

static void fail_on(cr_status st)
{
    if (st != CR_OK)
        ck_abort_msg("unexpected error: %s", err.message);
}

static gsl_rng *stream(uint64_t seed)
{
    gsl_rng *rng = NULL;
    fail_on(cr_stream_alloc(&rng, &err));
    cr_stream_seat(rng, seed, 1, 0, CR_STREAM_EVENTS);
    return rng;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov distance of x[0..n) (sorted here) from cdf. */
static double ks_distance(double *x, size_t n, double (*cdf)(double, const double *),
                          const double *par)
{
    qsort(x, n, sizeof *x, by_value);
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = cdf(x[i], par);
        d = fmax(d, fmax(fabs((double)(i + 1) / (double)n - f), fabs(f - (double)i / (double)n)));
    }
    return d;
}

#define KS_CRITICAL_1PCT(n) (1.628 / sqrt((double)(n)))

/* ---- the generator ------------------------------------------------------------- */

START_TEST(inline_uniforms_are_gsl_rng_uniforms)
{
    gsl_rng *a = stream(42), *b = stream(42);
    for (int i = 0; i < 100000; i++) {
        double x = gsl_rng_uniform(a), y = cr_stream_uniform(b);
        ck_assert_msg(x == y, "draw %d: GSL %.17g, inline %.17g", i, x, y);
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}
END_TEST

/* ---- vmath against libm ---------------------------------------------------------- */

START_TEST(exp_log_and_turn_are_within_an_ulp_or_two_of_libm)
{
    double worst_exp = 0.0, worst_log = 0.0, worst_trig = 0.0;
    for (int i = 0; i <= 200000; i++) {
        double x = -700.0 + 1400.0 * i / 200000.0;
        worst_exp = fmax(worst_exp, fabs(cr_exp1(x) / exp(x) - 1.0));
        double u = (i + 0.5) / 200001.0;
        worst_log = fmax(worst_log, fabs(cr_log1(u) - log(u)));
        double c, s;
        cr_turn1(u, &c, &s);
        worst_trig = fmax(worst_trig, fmax(fabs(c - cos(6.283185307179586477 * u)), fabs(s - sin(6.283185307179586477 * u))));
    }
    ck_assert_msg(worst_exp <= 4.5e-16, "exp: relative error %g", worst_exp);
    ck_assert_msg(worst_log <= 4e-15, "log: absolute error %g", worst_log);
    ck_assert_msg(worst_trig <= 2e-15, "cos, sin: absolute error %g", worst_trig);
}
END_TEST

/* ---- the instruction-set paths, bit for bit --------------------------------------- */

START_TEST(every_path_gives_the_same_bits)
{
    enum { N = 1001 };
    static double x[N], u1[N], u2[N], ref_e[N], ref_l[2 * N], got[2 * N];
    gsl_rng *rng = stream(7);
    for (int i = 0; i < N; i++) {
        x[i] = -300.0 + 600.0 * cr_stream_uniform(rng);
        u1[i] = 1.0 - cr_stream_uniform(rng);
        u2[i] = cr_stream_uniform(rng);
    }
    /* The edges: the smallest and largest uniforms, the folds of the turn. */
    u1[0] = 1.0, u1[1] = 1.0 / 4294967296.0, u2[0] = 0.0, u2[1] = 0.25, u2[2] = 0.5;
    u2[3] = 0.75, u2[4] = 1.0 - 1.0 / 4294967296.0, x[0] = -1e9, x[1] = 1e9, x[2] = 0.0;
    cr_vmath base;
    ck_assert(cr_vmath_path(&base, 0));
    base.exp_scaled(x, -1.5, ref_e, N);
    base.lognormal_pairs(u1, u2, N, 3.0, 1.4, ref_l);
    /* The scalar functions agree with the array functions. */
    for (int i = 0; i < N; i++) {
        double a, b;
        cr_lognormal_pair1(u1[i], u2[i], 3.0, 1.4, &a, &b);
        ck_assert(memcmp(&a, &ref_l[i], sizeof a) == 0 && memcmp(&b, &ref_l[N + i], sizeof b) == 0);
        double e = cr_exp1(-1.5 * x[i]);
        ck_assert(memcmp(&e, &ref_e[i], sizeof e) == 0);
    }
    int paths = 1;
    for (int p = 1; p < 4; p++) {
        cr_vmath vm;
        if (!cr_vmath_path(&vm, p))
            continue;
        paths++;
        vm.exp_scaled(x, -1.5, got, N);
        ck_assert_msg(memcmp(got, ref_e, N * sizeof *got) == 0, "%s: exp differs", vm.isa);
        vm.lognormal_pairs(u1, u2, N, 3.0, 1.4, got);
        ck_assert_msg(memcmp(got, ref_l, 2 * N * sizeof *got) == 0, "%s: lognormal differs",
                      vm.isa);
    }
    gsl_rng_free(rng);
    ck_assert_int_ge(paths, 1);
}
END_TEST

static cr_dist pert(double a, double m, double b)
{
    cr_dist d;
    fail_on(cr_dist_pert(&d, a, m, b, &err));
    return d;
}

/* One risk with all the kernel's branches: a PERT rate, a lognormal loss, a
 * frequency term with a baseline (drawn every year) and a magnitude term
 * without, seen by two views, the second with an insurance layer. */
static void full_risk(cr_sim_risk *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->id, sizeof r->id, "CR01");
    r->frequency = pert(0.5, 2.0, 9.0);
    fail_on(cr_dist_lognormal90(&r->loss, 1e5, 1e8, &err));
    r->n_reductions = 2;
    r->reductions[0].target = CR_SIM_FREQUENCY;
    r->reductions[0].strength = 0.6;
    r->reductions[0].baseline = 0.3;
    r->reductions[0].restore = 0.3;
    r->reductions[0].level_factor = 4.616;
    r->reductions[0].levels = pert(2.0, 3.0, 3.5);
    r->reductions[1].target = CR_SIM_MAGNITUDE;
    r->reductions[1].strength = 0.4;
    r->reductions[1].level_factor = 10.0;
    r->reductions[1].levels = pert(1.0, 2.0, 2.5);
}

static void simulate_block(const cr_vmath *vm, double *y0, double *y1)
{
    cr_sim_risk r, layered;
    full_risk(&r);
    full_risk(&layered);
    layered.layer.present = true;
    layered.layer.retention = 1e6;
    layered.layer.limit_per_event = 5e7;
    layered.layer.limit_per_year = 8e7;
    cr_risk_sampler rs;
    fail_on(cr_risk_sampler_init(&rs, "svc", &r, &err));
    ck_assert(cr_risk_sampler_add_view(&rs, &layered));
    cr_year_workspace *w = malloc(sizeof *w);
    ck_assert_ptr_nonnull(w);
    fail_on(cr_year_workspace_init(w, &err));
    w->vm = *vm;
    double *y[2] = {y0, y1};
    for (uint64_t b = 0; b < 3; b++)
        cr_sim_year_block(&rs, 99, b, CR_SIM_BLOCK_TRIALS, w, y);
    cr_year_workspace_free(w);
    free(w);
    cr_risk_sampler_free(&rs);
    for (int i = 0; i < 2; i++) {
        cr_sim_risk *x = i ? &layered : &r;
        cr_dist_clear(&x->frequency);
        cr_dist_clear(&x->loss);
        for (size_t j = 0; j < x->n_reductions; j++)
            cr_dist_clear(&x->reductions[j].levels);
    }
}

START_TEST(every_path_simulates_the_same_years)
{
    static double ref0[CR_SIM_BLOCK_TRIALS], ref1[CR_SIM_BLOCK_TRIALS];
    static double got0[CR_SIM_BLOCK_TRIALS], got1[CR_SIM_BLOCK_TRIALS];
    cr_vmath base;
    ck_assert(cr_vmath_path(&base, 0));
    simulate_block(&base, ref0, ref1);
    size_t losses = 0;
    for (size_t t = 0; t < CR_SIM_BLOCK_TRIALS; t++)
        losses += ref0[t] > 0.0;
    ck_assert_uint_gt(losses, CR_SIM_BLOCK_TRIALS / 4); /* the block has events (about half) */
    for (int p = 1; p < 4; p++) {
        cr_vmath vm;
        if (!cr_vmath_path(&vm, p))
            continue;
        simulate_block(&vm, got0, got1);
        ck_assert_msg(memcmp(got0, ref0, sizeof ref0) == 0, "%s: years differ", vm.isa);
        ck_assert_msg(memcmp(got1, ref1, sizeof ref1) == 0, "%s: layered years differ", vm.isa);
    }
}
END_TEST

/* ---- the PERT table --------------------------------------------------------------- */

/* Exact Beta CDF of par = {a, b}. */
static double beta_cdf(double x, const double *par)
{
    return gsl_cdf_beta_P(x, par[0], par[1]);
}

START_TEST(beta_table_nodes_and_chords_are_accurate)
{
    static cr_beta_table t;
    const double shapes[][2] = {{1, 5}, {1.02, 4.98}, {1.3, 4.7}, {2, 4}, {3, 3},
                                {4.2, 1.8}, {4.99, 1.01}, {5, 1}, {1, 1}};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        cr_beta_table_build(&t, shapes[s][0], shapes[s][1]);
        double node = 0.0, chord = 0.0;
        for (unsigned i = 0; i <= CR_BETA_CELLS; i++)
            node = fmax(node, fabs(t.cdf[i] - beta_cdf(t.x[i], shapes[s])));
        /* The draw's CDF between nodes is the chord; its distance from F. */
        for (unsigned i = 0; i < CR_BETA_CELLS; i++)
            for (int k = 1; k < 8; k++) {
                double x = t.x[i] + (t.x[i + 1] - t.x[i]) * (k / 8.0);
                double lin = t.cdf[i] + (t.cdf[i + 1] - t.cdf[i]) * (k / 8.0);
                chord = fmax(chord, fabs(lin - beta_cdf(x, shapes[s])));
            }
        printf("Beta(%g, %g): node error %.3g, chord error %.3g\n", shapes[s][0], shapes[s][1],
               node, chord);
        ck_assert_msg(node <= 1e-13, "Beta(%g, %g): node error %g", shapes[s][0], shapes[s][1],
                      node);
        ck_assert_msg(chord <= 2.5e-6, "Beta(%g, %g): chord error %g", shapes[s][0],
                      shapes[s][1], chord);
    }
}
END_TEST

/* ---- goodness of fit of each sampler ------------------------------------------------ */

static double pert_cdf(double x, const double *par)
{
    return gsl_cdf_beta_P((x - par[0]) / (par[2] - par[0]), par[3], par[4]);
}

START_TEST(pert_draws_fit_the_pert_distribution)
{
    const double cases[][3] = {{1.0, 2.0, 6.0}, {0.0, 0.0, 1.0}, {0.2, 0.9, 0.9}, {2.0, 3.0, 3.5}};
    const size_t n = 200000;
    double *x = malloc(n * sizeof *x);
    ck_assert_ptr_nonnull(x);
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        cr_dist d = pert(cases[c][0], cases[c][1], cases[c][2]);
        cr_sampler s;
        fail_on(cr_sampler_init(&s, &d, &err));
        gsl_rng *rng = stream(100 + c);
        for (size_t i = 0; i < n; i++)
            x[i] = cr_sample(&s, rng);
        double par[5] = {d.min, d.mode, d.max, d.alpha, d.beta};
        double ks = ks_distance(x, n, pert_cdf, par);
        ck_assert_msg(ks < KS_CRITICAL_1PCT(n), "PERT(%g, %g, %g): KS %g", cases[c][0],
                      cases[c][1], cases[c][2], ks);
        gsl_rng_free(rng);
        cr_sampler_free(&s);
        cr_dist_clear(&d);
    }
    free(x);
}
END_TEST

static double lognormal_cdf(double x, const double *par)
{
    return gsl_cdf_lognormal_P(x, par[0], par[1]);
}

START_TEST(lognormal_draws_fit_single_and_in_pairs)
{
    const size_t n = 200000;
    double *x = malloc(n * sizeof *x), *u1 = malloc(n / 2 * sizeof *u1),
           *u2 = malloc(n / 2 * sizeof *u2);
    ck_assert(x && u1 && u2);
    cr_dist d;
    fail_on(cr_dist_lognormal90(&d, 1e5, 1e8, &err));
    cr_sampler s;
    fail_on(cr_sampler_init(&s, &d, &err));
    double par[2] = {d.mu, d.sigma};
    gsl_rng *rng = stream(200);
    for (size_t i = 0; i < n; i++)
        x[i] = cr_sample(&s, rng);
    double ks = ks_distance(x, n, lognormal_cdf, par);
    ck_assert_msg(ks < KS_CRITICAL_1PCT(n), "single draws: KS %g", ks);
    /* The events' way: both members of each Box-Muller pair. */
    for (size_t k = 0; k < n / 2; k++) {
        u1[k] = 1.0 - cr_stream_uniform(rng);
        u2[k] = cr_stream_uniform(rng);
    }
    cr_vmath vm;
    cr_vmath_select(&vm);
    vm.lognormal_pairs(u1, u2, n / 2, d.mu, d.sigma, x);
    ks = ks_distance(x, n, lognormal_cdf, par);
    ck_assert_msg(ks < KS_CRITICAL_1PCT(n), "pairs: KS %g", ks);
    gsl_rng_free(rng);
    cr_sampler_free(&s);
    cr_dist_clear(&d);
    free(x);
    free(u1);
    free(u2);
}
END_TEST

START_TEST(poisson_counts_fit_the_poisson_distribution)
{
    /* Inversion below 64, GSL's sampler from 64 on. */
    const double rates[] = {0.02, 0.3, 2.5, 20.0, 63.9, 150.0};
    const size_t n = 200000;
    for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
        double lambda = rates[r];
        size_t cells = (size_t)(lambda + 12.0 * sqrt(lambda) + 30.0);
        size_t *seen = calloc(cells + 1, sizeof *seen);
        ck_assert_ptr_nonnull(seen);
        gsl_rng *rng = stream(300 + r);
        double e = cr_exp1(-lambda);
        for (size_t i = 0; i < n; i++) {
            unsigned k = cr_poisson_draw(lambda, e, rng);
            seen[k < cells ? k : cells]++;
        }
        /* Pearson's chi-square over cells of expected count >= 5, the
         * tails pooled into the end cells. */
        double chi2 = 0.0, below = 0.0;
        size_t obs_below = 0, df = 0, k = 0;
        for (; k < cells; k++) {
            double expect = n * gsl_ran_poisson_pdf((unsigned)k, lambda);
            below += expect;
            obs_below += seen[k];
            if (below >= 5.0 && n * gsl_cdf_poisson_Q((unsigned)k, lambda) >= 5.0) {
                chi2 += (obs_below - below) * (obs_below - below) / below;
                df++;
                below = 0.0;
                obs_below = 0;
            }
        }
        size_t obs_rest = obs_below + seen[cells];
        double rest = below + n * gsl_cdf_poisson_Q((unsigned)(cells - 1), lambda);
        chi2 += (obs_rest - rest) * (obs_rest - rest) / rest;
        double critical = gsl_cdf_chisq_Qinv(0.001, (double)df);
        ck_assert_msg(chi2 < critical, "Poisson(%g): chi-square %g on %zu df, 0.1%% line %g",
                      lambda, chi2, df, critical);
        gsl_rng_free(rng);
        free(seen);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kernel");
    TCase *tc = tcase_create("kernel");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, inline_uniforms_are_gsl_rng_uniforms);
    tcase_add_test(tc, exp_log_and_turn_are_within_an_ulp_or_two_of_libm);
    tcase_add_test(tc, every_path_gives_the_same_bits);
    tcase_add_test(tc, every_path_simulates_the_same_years);
    tcase_add_test(tc, beta_table_nodes_and_chords_are_accurate);
    tcase_add_test(tc, pert_draws_fit_the_pert_distribution);
    tcase_add_test(tc, lognormal_draws_fit_single_and_in_pairs);
    tcase_add_test(tc, poisson_counts_fit_the_poisson_distribution);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
