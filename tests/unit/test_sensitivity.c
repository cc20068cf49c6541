/*
 * test_sensitivity.c -- the tornado, the Shapley shares and the uncertainty
 * bands against the worked examples of doc/sensitivity.md and against
 * closed forms.
 *
 * Statistical checks use fixed seeds and tolerances of 4 standard errors
 * taken from the estimator's own standard error or a closed-form variance.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cloudrisk/sensitivity.h"
#include "cloudrisk/simulate.h"

static cr_error err;

static void fail_on(cr_status st)
{
    ck_assert_msg(st == CR_OK, "status %d: %s", (int)st, err.message);
}

#define ck_within(x, target, tol)                                                         \
    ck_assert_msg(fabs((x) - (target)) <= (tol), "%s = %.10g, expected %.10g +- %.3g", #x, \
                  (double)(x), (double)(target), (double)(tol))

/* ---- quantiles -------------------------------------------------------------- */

START_TEST(quantiles_of_each_form)
{
    cr_dist d;
    /* doc/sensitivity.md, worked example 1: lognormal90 [1e6, 1e8]. */
    fail_on(cr_dist_lognormal90(&d, 1e6, 1e8, &err));
    double sigma = log(100.0) / (2 * CR_Z95);
    ck_within(cr_dist_quantile(&d, 0.10), 1e7 * exp(-1.2815515655446004 * sigma), 1e-3);
    ck_within(cr_dist_quantile(&d, 0.90), 1e7 * exp(1.2815515655446004 * sigma), 1e-1);
    ck_within(cr_dist_quantile(&d, 0.10), 1.6630e6, 1e2);
    ck_within(cr_dist_quantile(&d, 0.90), 6.0132e7, 1e4);
    cr_dist_clear(&d);
    /* PERT(1, 2, 9): Beta(1.5, 4.5) scaled to [1, 9]; the CDF at the
     * quantile gives p back. */
    fail_on(cr_dist_pert(&d, 1, 2, 9, &err));
    double q = cr_dist_quantile(&d, 0.10);
    ck_within(gsl_cdf_beta_P((q - 1) / 8, 1.5, 4.5), 0.10, 1e-12);
    cr_dist_clear(&d);
    fail_on(cr_dist_constant(&d, 7, &err));
    ck_within(cr_dist_quantile(&d, 0.9), 7, 0);
    ck_assert(isnan(cr_dist_quantile(&d, 0)));
    /* A pool of two lognormals: the pooled CDF at the quantile is p. */
    cr_dist *parts = calloc(2, sizeof *parts); /* the mixture takes the array */
    ck_assert_ptr_nonnull(parts);
    fail_on(cr_dist_lognormal90(&parts[0], 1e3, 1e5, &err));
    fail_on(cr_dist_lognormal90(&parts[1], 1e5, 1e7, &err));
    double w[2] = {1, 3};
    fail_on(cr_dist_mixture(&d, parts, w, 2, &err));
    for (double p = 0.1; p < 0.95; p += 0.4) {
        double x = cr_dist_quantile(&d, p);
        double f = 0.25 * gsl_cdf_lognormal_P(x, d.components[0].mu, d.components[0].sigma) +
                   0.75 * gsl_cdf_lognormal_P(x, d.components[1].mu, d.components[1].sigma);
        ck_within(f, p, 1e-9);
    }
    cr_dist_clear(&d);
}
END_TEST

/* ---- Shapley ------------------------------------------------------------------ */

/* doc/sensitivity.md, worked example 3: three controls A, B, C;
 * v(A)=60 v(B)=40 v(C)=10 v(AB)=80 v(AC)=70 v(BC)=50 v(ABC)=90. */
static cr_status three(void *ctx, const unsigned char *in, double *value, cr_error *e)
{
    (void)ctx;
    (void)e;
    static const double v[8] = {0, 60, 40, 80, 10, 70, 50, 90};
    *value = v[in[0] | in[1] << 1 | in[2] << 2];
    return CR_OK;
}

START_TEST(shapley_worked_example_exact)
{
    double phi[3], se[3];
    fail_on(cr_shapley(3, three, NULL, 100, 1, phi, se, &err));
    ck_within(phi[0], 50, 1e-12);
    ck_within(phi[1], 30, 1e-12);
    ck_within(phi[2], 10, 1e-12);
    ck_within(se[0], 0, 0);
}
END_TEST

/* A game of 12 players with pairwise overlaps: v(S) = sum a_i - sum over
 * pairs in S of b_ij, whose Shapley value is a_i - sum_j b_ij / 2. */
#define PLAYERS 12
typedef struct pair_game {
    double a[PLAYERS], b[PLAYERS][PLAYERS];
    unsigned long calls;
} pair_game;

static cr_status pairs(void *ctx, const unsigned char *in, double *value, cr_error *e)
{
    (void)e;
    pair_game *g = ctx;
    double v = 0;
    for (int i = 0; i < PLAYERS; i++) {
        if (!in[i])
            continue;
        v += g->a[i];
        for (int j = i + 1; j < PLAYERS; j++)
            if (in[j])
                v -= g->b[i][j];
    }
    g->calls++;
    *value = v;
    return CR_OK;
}

START_TEST(shapley_sampled_within_its_standard_error)
{
    pair_game g;
    memset(&g, 0, sizeof g);
    for (int i = 0; i < PLAYERS; i++) {
        g.a[i] = 100.0 * (i + 1);
        for (int j = i + 1; j < PLAYERS; j++)
            g.b[i][j] = g.b[j][i] = (double)((i * 7 + j * 3) % 11);
    }
    double phi[PLAYERS], se[PLAYERS], total = 0, sum = 0;
    fail_on(cr_shapley(PLAYERS, pairs, &g, 400, 7, phi, se, &err));
    /* Each coalition is evaluated once at most. */
    ck_assert(g.calls <= 1 + 400 * PLAYERS && g.calls < 4096);
    unsigned char all[PLAYERS];
    memset(all, 1, sizeof all);
    pairs(&g, all, &total, &err);
    for (int i = 0; i < PLAYERS; i++) {
        double exact = g.a[i];
        for (int j = 0; j < PLAYERS; j++)
            exact -= g.b[i][j] / 2;
        ck_assert(se[i] > 0);
        ck_within(phi[i], exact, 4 * se[i]);
        sum += phi[i];
    }
    /* Efficiency: every ordering telescopes to v(N). */
    ck_within(sum, total, 1e-9 * total);
    /* Fixed seed: the same numbers again. */
    double again[PLAYERS], se2[PLAYERS];
    fail_on(cr_shapley(PLAYERS, pairs, &g, 400, 7, again, se2, &err));
    ck_assert(memcmp(phi, again, sizeof phi) == 0);
}
END_TEST

/* ---- the tornado ------------------------------------------------------------ */

/* doc/sensitivity.md, worked example 2: A with frequency PERT(1, 2, 9) and
 * a loss of 1,000,000 per event, and a preventive term of strength 0.5,
 * rho 4, levels PERT(1, 2, 3); B with 0.5 events a year and a loss
 * lognormal90 [1e5, 1e7]. */
static void example(cr_portfolio *p)
{
    cr_portfolio_init(p);
    cr_sim_risk a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    strcpy(a.id, "A");
    strcpy(b.id, "B");
    fail_on(cr_dist_pert(&a.frequency, 1, 2, 9, &err));
    fail_on(cr_dist_constant(&a.loss, 1e6, &err));
    cr_sim_reduction *c = &a.reductions[a.n_reductions++];
    c->target = CR_SIM_FREQUENCY;
    c->strength = 0.5;
    c->level_factor = 4;
    strcpy(c->role, "preventive");
    fail_on(cr_dist_pert(&c->levels, 1, 2, 3, &err));
    fail_on(cr_dist_constant(&b.frequency, 0.5, &err));
    fail_on(cr_dist_lognormal90(&b.loss, 1e5, 1e7, &err));
    fail_on(cr_portfolio_add(p, &a, &err));
    fail_on(cr_portfolio_add(p, &b, &err));
}

static const cr_sens_row *row_of(const cr_sensitivity *s, cr_sens_input in, const char *risk)
{
    for (size_t i = 0; i < s->n_rows; i++)
        if (s->rows[i].input == in && (in == CR_SENS_CONTROLS || strcmp(s->rows[i].risk, risk) == 0))
            return &s->rows[i];
    ck_abort_msg("no row for %s", risk ? risk : "the group");
    return NULL;
}

START_TEST(tornado_worked_example)
{
    cr_portfolio p;
    example(&p);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 8192;
    o.seed = 11;
    o.threads = 1;
    cr_sensitivity s;
    fail_on(cr_sensitivity_run(&p, &o, &s, &err));
    ck_assert(s.ale_closed_form);
    ck_assert_uint_eq(s.years, 8192);
    ck_assert_uint_eq(s.n_rows, 5); /* one group, two inputs of two risks */
    /* By hand: E[4^(-0.5 D)] for D ~ PERT(1,2,3), E[lambda_A] = 3, E[L_B] =
     * 1e6 exp(sigma^2/2). */
    double m = cr_sim_levels_expected_multiplier(&p.risks[0].reductions[0].levels, 4, 0.5);
    double sigma = log(100.0) / (2 * CR_Z95);
    double ale_b = 0.5 * 1e6 * exp(sigma * sigma / 2);
    ck_within(s.ale_base, 3e6 * m + ale_b, 1e-6);
    double q10 = 1 + 8 * gsl_cdf_beta_Pinv(0.1, 1.5, 4.5);
    double q90 = 1 + 8 * gsl_cdf_beta_Pinv(0.9, 1.5, 4.5);
    const cr_sens_row *f = row_of(&s, CR_SENS_FREQUENCY, "A");
    ck_within(f->value_low, q10, 1e-9);
    ck_within(f->ale_low, q10 * 1e6 * m + ale_b, 1e-6);
    ck_within(f->ale_high, q90 * 1e6 * m + ale_b, 1e-6);
    const cr_sens_row *l = row_of(&s, CR_SENS_LOSS, "B");
    ck_within(l->ale_low, 3e6 * m + 0.5 * 1e6 * exp(-1.2815515655446004 * sigma), 1e-6);
    /* The group: D at its P10 removes less, so loses more. */
    const cr_sens_row *g = row_of(&s, CR_SENS_CONTROLS, NULL);
    double d10 = 1 + 2 * gsl_cdf_beta_Pinv(0.1, 3, 3);
    ck_within(g->value_low, d10, 1e-9);
    ck_within(g->ale_low, 3e6 * pow(4, -0.5 * d10) + ale_b, 1e-6);
    ck_assert(g->ale_low > s.ale_base && g->ale_high < s.ale_base);
    /* Largest swing first. */
    for (size_t i = 1; i < s.n_rows; i++)
        ck_assert(s.rows[i - 1].swing >= s.rows[i].swing);
    /* Common random numbers: the base years are the run's first years, so
     * its P95 is that of cr_simulate over as many trials. */
    cr_sim_result res;
    fail_on(cr_simulate(&p, &o, &res, &err));
    ck_assert(s.p95_base == res.total.p95);
    /* B's constant frequency cannot move: its rows leave the total's years
     * as they were. */
    const cr_sens_row *fb = row_of(&s, CR_SENS_FREQUENCY, "B");
    ck_assert(fb->p95_low == s.p95_base && fb->p95_high == s.p95_base);
    cr_sim_result_clear(&res);
    /* Any thread count: the same bytes. */
    cr_sensitivity s4;
    o.threads = 4;
    fail_on(cr_sensitivity_run(&p, &o, &s4, &err));
    ck_assert_uint_eq(s4.n_rows, s.n_rows);
    ck_assert(memcmp(s.rows, s4.rows, s.n_rows * sizeof *s.rows) == 0);
    ck_assert(s.p95_base == s4.p95_base);
    cr_sensitivity_clear(&s);
    cr_sensitivity_clear(&s4);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- bands ------------------------------------------------------------------- */

START_TEST(bands_refuse_too_few)
{
    ck_assert_int_eq(cr_sim_bands_check(19, 100000, &err), CR_ERR_ARGUMENT);
    ck_assert(strstr(err.message, "at least 20"));
    ck_assert_int_eq(cr_sim_bands_check(20, 19999, &err), CR_ERR_ARGUMENT);
    ck_assert(strstr(err.message, "20000 trials"));
    ck_assert_int_eq(cr_sim_bands_check(20, 20000, &err), CR_OK);
    cr_portfolio p;
    example(&p);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 1000;
    cr_sim_bands b;
    ck_assert_int_eq(cr_sim_bands_run(&p, &o, 20, &b, &err), CR_ERR_ARGUMENT);
    ck_assert(!b.present);
    cr_portfolio_clear(&p);
}
END_TEST

/* The one rule of bands against trials: as given, checked; in precision
 * mode, precision mode made to run enough (whole blocks), and its cap must
 * allow it; precision mode then starts at that floor. */
START_TEST(bands_fit_the_run)
{
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 20000;
    ck_assert_int_eq(cr_sim_bands_fit(30, &o, &err), CR_ERR_ARGUMENT);
    ck_assert(strstr(err.message, "30000 trials"));
    ck_assert_int_eq(cr_sim_bands_fit(20, &o, &err), CR_OK);
    ck_assert_uint_eq(o.min_trials, 0);
    o.precision = 0.5;
    ck_assert_int_eq(cr_sim_bands_fit(19, &o, &err), CR_ERR_ARGUMENT);
    ck_assert(strstr(err.message, "at least 20"));
    ck_assert_int_eq(cr_sim_bands_fit(40, &o, &err), CR_OK);
    ck_assert_uint_eq(o.min_trials, 10 * CR_SIM_BLOCK_TRIALS); /* 40,000 in whole blocks */
    o.min_trials = 0;
    o.max_trials = 8 * CR_SIM_BLOCK_TRIALS;
    ck_assert_int_eq(cr_sim_bands_fit(40, &o, &err), CR_ERR_ARGUMENT);
    ck_assert(strstr(err.message, "above its cap of 32768"));
    ck_assert_uint_eq(o.min_trials, 0);
    /* Precision mode honours the floor: a loose target met by its first run
     * still runs the floor's trials. */
    cr_portfolio p;
    example(&p);
    o.max_trials = 0;
    o.trials = 1000;
    ck_assert_int_eq(cr_sim_bands_fit(40, &o, &err), CR_OK);
    cr_sim_result r;
    cr_sim_precision pr;
    ck_assert_int_eq(cr_simulate_to_precision(&p, &o, &r, &pr, &err), CR_OK);
    ck_assert_uint_eq(pr.trials, 10 * CR_SIM_BLOCK_TRIALS);
    ck_assert_uint_eq(r.trials, 10 * CR_SIM_BLOCK_TRIALS);
    cr_sim_result_clear(&r);
    cr_portfolio_clear(&p);
}
END_TEST

/* One risk, a known rate and loss: no parameter is unknown, and the band
 * of the expected loss is the aleatory spread of a mean of M years alone:
 * c lambda +- z sd / sqrt(M), sd = c sqrt(lambda).  With the rate unknown
 * (PERT(1, 3, 9)) the band holds the rate's own spread, c times its P5 to
 * P95, and is far wider. */
START_TEST(bands_separate_what_is_not_known)
{
    cr_portfolio p;
    cr_portfolio_init(&p);
    cr_sim_risk r;
    memset(&r, 0, sizeof r);
    strcpy(r.id, "K");
    fail_on(cr_dist_constant(&r.frequency, 3, &err));
    fail_on(cr_dist_constant(&r.loss, 1000, &err));
    fail_on(cr_portfolio_add(&p, &r, &err));
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 40 * 1000;
    o.seed = 5;
    o.threads = 2;
    cr_sim_bands known;
    fail_on(cr_sim_bands_run(&p, &o, 40, &known, &err));
    double se = 1000 * sqrt(3.0 / 1000);
    ck_within(known.mean_mean, 3000, 4 * se / sqrt(40.0));
    ck_within(known.mean_p05, 3000 - 1.645 * se, 2 * se);
    ck_within(known.mean_p95, 3000 + 1.645 * se, 2 * se);
    cr_portfolio_clear(&p);

    cr_portfolio_init(&p);
    memset(&r, 0, sizeof r);
    strcpy(r.id, "K");
    fail_on(cr_dist_pert(&r.frequency, 1, 3, 9, &err));
    fail_on(cr_dist_constant(&r.loss, 1000, &err));
    fail_on(cr_portfolio_add(&p, &r, &err));
    cr_sim_bands unknown, again;
    fail_on(cr_sim_bands_run(&p, &o, 40, &unknown, &err));
    ck_assert(unknown.mean_p95 - unknown.mean_p05 > 5 * (known.mean_p95 - known.mean_p05));
    ck_assert(unknown.mean_p05 <= unknown.mean_p50 && unknown.mean_p50 <= unknown.mean_p95);
    for (size_t k = 0; k < unknown.n_points; k++)
        ck_assert(unknown.loss_p05[k] <= unknown.loss_p95[k]);
    /* One thread: the same bytes. */
    o.threads = 1;
    fail_on(cr_sim_bands_run(&p, &o, 40, &again, &err));
    ck_assert(memcmp(&unknown, &again, sizeof again) == 0);
    cr_portfolio_clear(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sensitivity");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, quantiles_of_each_form);
    tcase_add_test(tc, shapley_worked_example_exact);
    tcase_add_test(tc, shapley_sampled_within_its_standard_error);
    tcase_add_test(tc, tornado_worked_example);
    tcase_add_test(tc, bands_refuse_too_few);
    tcase_add_test(tc, bands_fit_the_run);
    tcase_add_test(tc, bands_separate_what_is_not_known);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
