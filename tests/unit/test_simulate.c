/*
 * test_simulate.c -- the Monte Carlo stage against closed forms and
 * hand-worked values.
 *
 * Statistical checks use fixed seeds and a tolerance of 4 standard errors,
 * the standard error coming from the closed-form variance (not from the
 * sample), so that a wrong model cannot widen its own tolerance.  At 4 SE a
 * correct implementation fails a given check with probability about 6e-5;
 * with fixed seeds the outcome is the same on every run.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_integration.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"
#include "simulate/sampler.h"
#include "simulate/stream.h"

/* ---- helpers ---------------------------------------------------------------- */

static cr_error err;

static void fail_on(cr_status st)
{
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        ck_abort_msg("unexpected error: %s", msg);
    }
}

static cr_dist constant(double v)
{
    cr_dist d;
    fail_on(cr_dist_constant(&d, v, &err));
    return d;
}

static cr_dist pert(double a, double m, double b)
{
    cr_dist d;
    fail_on(cr_dist_pert(&d, a, m, b, &err));
    return d;
}

static cr_dist lognormal90(double p05, double p95)
{
    cr_dist d;
    fail_on(cr_dist_lognormal90(&d, p05, p95, &err));
    return d;
}

/* A risk with no reduction terms. */
static cr_sim_risk risk(const char *id, cr_dist frequency, cr_dist loss)
{
    cr_sim_risk r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "%s", id);
    r.frequency = frequency;
    r.loss = loss;
    return r;
}

/* A reduction term: multiplier rho^(-strength D), D ~ levels. */
static void add_term(cr_sim_risk *r, cr_sim_target target, double strength, double rho,
                     cr_dist levels)
{
    cr_sim_reduction *c = &r->reductions[r->n_reductions++];
    memset(c, 0, sizeof *c);
    c->target = target;
    c->strength = strength;
    c->level_factor = rho;
    c->levels = levels;
}

/* E[exp(-t D)] for D ~ PERT(a, m, b) by adaptive quadrature of
 * exp(-t (a + w x)) x^(alpha-1) (1-x)^(beta-1) / B(alpha, beta) over [0, 1]
 * (GSL's QAGS), independently of the closed form. */
typedef struct mgf_arg {
    double alpha, beta, a, w, t, log_b;
} mgf_arg;

static double mgf_integrand(double x, void *arg)
{
    const mgf_arg *m = arg;
    if (x <= 0.0 || x >= 1.0)
        return 0.0; /* alpha, beta >= 1: the density is finite and the ends carry no mass */
    return exp(-m->t * (m->a + m->w * x) + (m->alpha - 1.0) * log(x) +
               (m->beta - 1.0) * log1p(-x) - m->log_b);
}

static double pert_mgf_by_quadrature(double a, double mode, double b, double t)
{
    mgf_arg m = {1.0 + 4.0 * (mode - a) / (b - a), 1.0 + 4.0 * (b - mode) / (b - a), a, b - a, t,
                 0.0};
    m.log_b = gsl_sf_lnbeta(m.alpha, m.beta);
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(200);
    ck_assert_ptr_nonnull(ws);
    gsl_function f = {mgf_integrand, &m};
    double result = 0.0, abserr = 0.0;
    ck_assert_int_eq(gsl_integration_qags(&f, 0.0, 1.0, 0.0, 1e-13, 200, ws, &result, &abserr),
                     0);
    gsl_integration_workspace_free(ws);
    return result;
}

static void run(const cr_portfolio *p, uint64_t trials, uint64_t seed, unsigned threads,
                cr_sim_result *res)
{
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    fail_on(cr_simulate(p, &o, res, &err));
}

static void one_risk(cr_portfolio *p, cr_sim_risk r)
{
    cr_portfolio_init(p);
    fail_on(cr_portfolio_add(p, &r, &err));
}

#define ck_within(x, target, tol)                                                         \
    ck_assert_msg(fabs((x) - (target)) <= (tol), "%s = %.10g, expected %.10g +- %.3g", #x, \
                  (double)(x), (double)(target), (double)(tol))

/* ---- streams ------------------------------------------------------------------- */

START_TEST(stream_derivation_matches_hand_computation)
{
    /* Values computed independently (Python, from the formulas in stream.c). */
    ck_assert_uint_eq(cr_stream_mix64(0), UINT64_C(0xe220a8397b1dcdaf));
    ck_assert_uint_eq(cr_stream_key("CR01"), UINT64_C(0x2624ef9befae1693));
    ck_assert_uint_eq(cr_stream_key(""), UINT64_C(0xcbf29ce484222325));
    /* A service's risk: FNV-1a over "svc-a", 0x1F, "CR01" (Python). */
    ck_assert_uint_eq(cr_stream_scoped_key("svc-a", "CR01"), UINT64_C(0xbd058359bc4a526a));
    ck_assert_uint_eq(cr_stream_scoped_key("", "CR01"), cr_stream_key("CR01"));
    ck_assert_uint_eq(cr_stream_state(42, cr_stream_key("CR01"), 7, CR_STREAM_EVENTS),
                      UINT64_C(0x5cf2f9a8ec535f6c));
}
END_TEST

START_TEST(stream_seat_starts_splitmix64_there)
{
    /* After seating, the stream is SplitMix64 from that state (outputs
     * computed independently, Python): this pins the generator.  GSL's
     * gsl_rng_get gives an output's top 32 bits, gsl_rng_uniform its top 53
     * bits over 2^53. */
    gsl_rng *rng = NULL;
    fail_on(cr_stream_alloc(&rng, &err));
    cr_stream_seat(rng, 42, cr_stream_key("CR01"), 7, CR_STREAM_EVENTS);
    ck_assert_uint_eq(gsl_rng_get(rng), 0x0e25a75du);
    ck_assert_uint_eq(gsl_rng_get(rng), 0xfaa583bbu);
    ck_assert(gsl_rng_uniform(rng) == (double)(UINT64_C(0xf685593e3dedfda7) >> 11) / 9007199254740992.0);
    /* Different blocks, purposes and risks give different streams. */
    cr_stream_seat(rng, 42, cr_stream_key("CR01"), 8, CR_STREAM_EVENTS);
    ck_assert_uint_ne(gsl_rng_get(rng), 0x0e25a75du);
    gsl_rng_free(rng);
}
END_TEST

/* ---- samplers ------------------------------------------------------------------ */

/* Mean and variance of n draws against the closed forms of dist.h: mean
 * within 4 sqrt(var/n); variance within 4 sqrt((mu4 - var^2)/n) where mu4 is
 * bounded using the distribution's range for PERT. */
static void check_sampler_mean(const cr_dist *d, size_t n, uint64_t seed)
{
    cr_sampler s;
    fail_on(cr_sampler_init(&s, d, &err));
    gsl_rng *rng = NULL;
    fail_on(cr_stream_alloc(&rng, &err));
    cr_stream_seat(rng, seed, 1, 0, CR_STREAM_EVENTS);
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double x = cr_sample(&s, rng);
        sum += x;
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    double mean = sum / (double)n;
    ck_within(mean, cr_dist_mean(d), 4.0 * sqrt(cr_dist_variance(d) / (double)n));
    ck_assert(lo >= cr_dist_lower(d) && hi <= cr_dist_upper(d));
    gsl_rng_free(rng);
    cr_sampler_free(&s);
}

START_TEST(pert_mean_and_range)
{
    cr_dist d = pert(1.0, 2.0, 6.0); /* mean (1 + 8 + 6)/6 = 2.5 */
    ck_within(cr_dist_mean(&d), 2.5, 1e-12);
    check_sampler_mean(&d, 400000, 11);
    d = pert(0.0, 0.0, 1.0); /* mode at the minimum: Beta(1, 5), mean 1/6 */
    ck_within(cr_dist_mean(&d), 1.0 / 6.0, 1e-12);
    check_sampler_mean(&d, 400000, 12);
    d = pert(0.2, 0.9, 0.9); /* mode at the maximum: Beta(5, 1) */
    check_sampler_mean(&d, 400000, 13);
}
END_TEST

START_TEST(lognormal_sampler_mean)
{
    cr_dist d = lognormal90(1.0, 10.0);
    check_sampler_mean(&d, 400000, 14);
}
END_TEST

START_TEST(mixture_picks_components_by_weight)
{
    cr_dist *parts = calloc(2, sizeof *parts);
    parts[0] = constant(10.0);
    parts[1] = constant(100.0);
    double w[2] = {1.0, 3.0};
    cr_dist d;
    fail_on(cr_dist_mixture(&d, parts, w, 2, &err));
    ck_within(cr_dist_mean(&d), 77.5, 1e-12); /* 0.25 * 10 + 0.75 * 100 */
    cr_sampler s;
    fail_on(cr_sampler_init(&s, &d, &err));
    gsl_rng *rng = NULL;
    fail_on(cr_stream_alloc(&rng, &err));
    cr_stream_seat(rng, 5, 1, 0, CR_STREAM_EVENTS);
    size_t n = 200000, tens = 0;
    for (size_t i = 0; i < n; i++) {
        double x = cr_sample(&s, rng);
        ck_assert(x == 10.0 || x == 100.0);
        tens += x == 10.0;
    }
    ck_within((double)tens / (double)n, 0.25, 4.0 * sqrt(0.25 * 0.75 / (double)n));
    gsl_rng_free(rng);
    cr_sampler_free(&s);
    cr_dist_clear(&d);
}
END_TEST

/* ---- the compound Poisson year ---------------------------------------------- */

START_TEST(compound_poisson_lognormal_mean_and_variance)
{
    /* lambda = 3, L ~ lognormal with 90% interval [1, 10]:
     * E[Y] = lambda exp(mu + s^2/2), Var[Y] = lambda exp(2 mu + 2 s^2) and,
     * for the variance's standard error, the cumulants k_j = lambda E[L^j],
     * E[L^j] = exp(j mu + j^2 s^2 / 2); Var(sample var) ~ (k4 + 2 k2^2)/n. */
    const double lambda = 3.0;
    const size_t n = 400000;
    cr_portfolio p;
    one_risk(&p, risk("A", constant(lambda), lognormal90(1.0, 10.0)));
    double mu = p.risks[0].loss.mu, s = p.risks[0].loss.sigma;
    ck_within(mu, 0.5 * log(10.0), 1e-12);
    ck_within(s, log(10.0) / (2.0 * 1.6448536269514722), 1e-12);
    double mean = lambda * exp(mu + 0.5 * s * s);
    double k2 = lambda * exp(2.0 * mu + 2.0 * s * s);
    double k4 = lambda * exp(4.0 * mu + 8.0 * s * s);
    cr_sim_result res;
    run(&p, n, 2024, 2, &res);
    ck_within(res.total.mean, mean, 4.0 * sqrt(k2 / (double)n));
    ck_within(res.total.sd * res.total.sd, k2, 4.0 * sqrt((k4 + 2.0 * k2 * k2) / (double)n));
    ck_within(res.total.expected, mean, 1e-9 * mean);
    /* The reported SE is the sample's: close to the closed form's. */
    ck_within(res.total.mean_se, sqrt(k2 / (double)n), 0.05 * sqrt(k2 / (double)n));
    /* P(no event) = exp(-lambda). */
    double p0 = exp(-lambda);
    ck_within(1.0 - res.total.p_loss, p0, 4.0 * sqrt(p0 * (1.0 - p0) / (double)n));
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(pert_rate_is_a_mixed_poisson)
{
    /* lambda ~ PERT(1, 2, 6), each event costs exactly 1: Y = N with
     * E[N] = E[lambda] = 2.5 and Var[N] = E[lambda] + Var[lambda]. */
    const size_t n = 300000;
    cr_portfolio p;
    one_risk(&p, risk("A", pert(1.0, 2.0, 6.0), constant(1.0)));
    double var = 2.5 + cr_dist_variance(&p.risks[0].frequency);
    cr_sim_result res;
    run(&p, n, 7, 2, &res);
    ck_within(res.total.mean, 2.5, 4.0 * sqrt(var / (double)n));
    ck_within(res.total.expected, 2.5, 1e-12);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(constant_rate_constant_loss_is_a_scaled_poisson)
{
    /* Y = 1000 N, N ~ Poisson(2): P(N <= 1) = 3 e^-2 = 0.406, P(N <= 2) =
     * 5 e^-2 = 0.677, so the median is 2000; P(N <= 5) = 0.9834,
     * P(N <= 6) = 0.9955, so P99 = 6000.  Those CDF values lie > 15 SE away
     * from 0.5 and 0.99 at this n: the sample quantiles are those exactly. */
    const size_t n = 100000;
    cr_portfolio p;
    one_risk(&p, risk("A", constant(2.0), constant(1000.0)));
    cr_sim_result res;
    run(&p, n, 99, 1, &res);
    ck_within(res.total.mean, 2000.0, 4.0 * sqrt(2.0 * 1e6 / (double)n));
    ck_assert(res.total.p50 == 2000.0);
    ck_assert(res.total.p99 == 6000.0);
    ck_assert(fmod(res.total.max, 1000.0) == 0.0);
    /* P(N > 3) = 1 - 19/3 e^-2 */
    double p3 = 1.0 - (1.0 + 2.0 + 2.0 + 4.0 / 3.0) * exp(-2.0);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = n;
    o.seed = 99;
    o.appetite = 3000.0;
    cr_sim_result_clear(&res);
    fail_on(cr_simulate(&p, &o, &res, &err));
    ck_within(res.total.p_exceed, p3, 4.0 * sqrt(p3 * (1.0 - p3) / (double)n));
    ck_within(res.total.p_exceed_se, sqrt(p3 * (1.0 - p3) / (double)n), 1e-4);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(zero_rate_never_loses)
{
    cr_portfolio p;
    one_risk(&p, risk("A", constant(0.0), lognormal90(1.0, 10.0)));
    cr_sim_result res;
    run(&p, 5000, 1, 1, &res);
    ck_assert(res.total.mean == 0.0 && res.total.max == 0.0 && res.total.p_loss == 0.0);
    ck_assert_uint_eq(res.total.lec.n, 0);
    ck_assert(res.total.share == 0.0 && res.risks[0].stats.share == 0.0);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- controls ------------------------------------------------------------------ */

START_TEST(a_magnitude_term_scales_every_loss_by_its_levels)
{
    /* s = 0.5, D = 2 levels of factor 10: every loss exactly 10^-1 of the
     * uncontrolled one, year by year (common random numbers). */
    cr_portfolio bare, p;
    one_risk(&bare, risk("A", constant(5.0), lognormal90(1.0, 10.0)));
    cr_sim_risk r = risk("A", constant(5.0), lognormal90(1.0, 10.0));
    add_term(&r, CR_SIM_MAGNITUDE, 0.5, 10.0, constant(2.0));
    one_risk(&p, r);
    cr_sim_result a, b;
    run(&bare, 20000, 3, 2, &a);
    run(&p, 20000, 3, 2, &b);
    ck_within(b.total.mean, 0.1 * a.total.mean, 1e-12 * a.total.mean);
    ck_within(b.total.max, 0.1 * a.total.max, 1e-12 * a.total.max);
    ck_within(b.total.p99, 0.1 * a.total.p99, 1e-12 * a.total.p99);
    ck_within(b.total.expected, 0.1 * a.total.expected, 1e-12 * a.total.expected);
    ck_assert(b.total.p_loss == a.total.p_loss);
    cr_sim_result_clear(&a);
    cr_sim_result_clear(&b);
    cr_portfolio_clear(&bare);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(zero_levels_change_nothing)
{
    /* Strength 1 with 0 levels, strength 0 with any levels, and a level
     * factor of 1, give exactly the uncontrolled years. */
    cr_portfolio bare, zero_e, zero_s;
    one_risk(&bare, risk("A", pert(0.5, 1.0, 3.0), lognormal90(1.0, 10.0)));
    cr_sim_risk r = risk("A", pert(0.5, 1.0, 3.0), lognormal90(1.0, 10.0));
    add_term(&r, CR_SIM_FREQUENCY, 1.0, 4.6, constant(0.0));
    add_term(&r, CR_SIM_MAGNITUDE, 1.0, 1.0, pert(1.0, 2.0, 2.5));
    one_risk(&zero_e, r);
    r = risk("A", pert(0.5, 1.0, 3.0), lognormal90(1.0, 10.0));
    add_term(&r, CR_SIM_FREQUENCY, 0.0, 4.6, pert(2.0, 3.0, 3.5));
    add_term(&r, CR_SIM_MAGNITUDE, 0.0, 10.0, pert(1.0, 2.0, 2.5));
    one_risk(&zero_s, r);
    cr_sim_result a, b, c;
    run(&bare, 30000, 8, 2, &a);
    run(&zero_e, 30000, 8, 2, &b);
    run(&zero_s, 30000, 8, 1, &c);
    ck_assert(memcmp(&a.total, &b.total, sizeof a.total) == 0);
    ck_assert(memcmp(&a.total, &c.total, sizeof a.total) == 0);
    cr_sim_result_clear(&a);
    cr_sim_result_clear(&b);
    cr_sim_result_clear(&c);
    cr_portfolio_clear(&bare);
    cr_portfolio_clear(&zero_e);
    cr_portfolio_clear(&zero_s);
}
END_TEST

START_TEST(level_multiplier_closed_form_matches_quadrature)
{
    /* E[rho^(-s D)] = e^(-t a) 1F1(alpha; alpha + beta; -t w), computed
     * after Kummer's transformation, against quadrature of the Beta density;
     * PERT shapes from symmetric to skewed, t from tiny to the largest
     * validation allows (s = 1, rho = 1000: t = ln 1000; w up to 10). */
    static const double perts[][3] = {{2.0, 3.0, 3.5}, {1.0, 2.0, 2.5}, {0.0, 0.1, 10.0},
                                      {0.0, 5.0, 10.0}, {4.0, 4.5, 5.0}, {0.0, 9.9, 10.0}};
    static const double ts[] = {1e-9, 0.1, 0.7647759, 1.1512925, 2.302585, 6.9077553};
    for (size_t i = 0; i < sizeof perts / sizeof perts[0]; i++)
        for (size_t k = 0; k < sizeof ts / sizeof ts[0]; k++) {
            cr_sim_reduction c;
            memset(&c, 0, sizeof c);
            c.strength = 1.0;
            c.level_factor = exp(ts[k]);
            c.levels = pert(perts[i][0], perts[i][1], perts[i][2]);
            double want = pert_mgf_by_quadrature(perts[i][0], perts[i][1], perts[i][2],
                                                 log(c.level_factor));
            double got = cr_sim_reduction_expected_multiplier(&c);
            ck_assert_msg(fabs(got - want) <= 1e-10 * want, "PERT %zu, t %g: %.17g vs %.17g", i,
                          ts[k], got, want);
            /* The untransformed form gives the same value. */
            double direct = exp(-ts[k] * perts[i][0]) *
                            gsl_sf_hyperg_1F1(c.levels.alpha, c.levels.alpha + c.levels.beta,
                                              -ts[k] * (perts[i][2] - perts[i][0]));
            ck_assert_msg(fabs(got - direct) <= 1e-10 * want, "PERT %zu, t %g: Kummer", i, ts[k]);
            cr_dist_clear(&c.levels);
        }
    /* Constant and mixture: e^(-t c) and the weighted sum. */
    cr_sim_reduction c;
    memset(&c, 0, sizeof c);
    c.strength = 0.5;
    c.level_factor = 10.0;
    c.levels = constant(2.0);
    ck_within(cr_sim_reduction_expected_multiplier(&c), 0.1, 1e-15);
    cr_dist_clear(&c.levels);
    cr_dist *parts = malloc(2 * sizeof *parts);
    ck_assert_ptr_nonnull(parts);
    parts[0] = constant(2.0);
    parts[1] = pert(1.0, 2.0, 2.5);
    const double weights[2] = {1.0, 3.0};
    fail_on(cr_dist_mixture(&c.levels, parts, weights, 2, &err));
    double want = 0.25 * 0.1 + 0.75 * pert_mgf_by_quadrature(1.0, 2.0, 2.5, 0.5 * log(10.0));
    ck_within(cr_sim_reduction_expected_multiplier(&c), want, 1e-12);
    c.strength = 0.0;
    ck_assert(cr_sim_reduction_expected_multiplier(&c) == 1.0);
    cr_dist_clear(&c.levels);
}
END_TEST

START_TEST(reductions_match_the_closed_form)
{
    /* lambda ~ PERT(0.5, 1, 3), L ~ lognormal [1, 10], a preventive term
     * s = 0.8, rho = 4.6, D ~ PERT(2, 3, 3.5) and two magnitude terms s = 0.5
     * and s = 0.3, rho = 10, D ~ PERT(1, 2, 2.5):
     *   E[Y] = E[lambda] E[m_f] E[L] E[m_m],  E[rho^(-s D)] = M_D(-s ln rho)
     * with M_D the moment generating function, here by quadrature.
     * Variance, with K the kept count (mixed Poisson of rate lambda m_f) and
     * S the sum of its losses, Y = m_m S, m_m independent of S:
     *   E[S^2] = E[K] E[L^2] + E[K(K-1)] E[L]^2,
     *   E[K] = E[lambda] E[m_f], E[K(K-1)] = E[lambda^2] E[m_f^2],
     *   E[(rho^(-s D))^2] = M_D(-2 s ln rho),
     *   Var Y = E[m_m^2] E[S^2] - E[Y]^2. */
    const size_t n = 400000;
    cr_sim_risk r = risk("A", pert(0.5, 1.0, 3.0), lognormal90(1.0, 10.0));
    add_term(&r, CR_SIM_FREQUENCY, 0.8, 4.6, pert(2.0, 3.0, 3.5));
    add_term(&r, CR_SIM_MAGNITUDE, 0.5, 10.0, pert(1.0, 2.0, 2.5));
    add_term(&r, CR_SIM_MAGNITUDE, 0.3, 10.0, pert(1.0, 2.0, 2.5));
    cr_portfolio p;
    one_risk(&p, r);
    const cr_sim_risk *q = &p.risks[0];
    double el = cr_dist_mean(&q->frequency), ell = cr_dist_mean(&q->loss);
    double tf = 0.8 * log(4.6), t1 = 0.5 * log(10.0), t2 = 0.3 * log(10.0);
    double mf = pert_mgf_by_quadrature(2.0, 3.0, 3.5, tf);
    double mf2 = pert_mgf_by_quadrature(2.0, 3.0, 3.5, 2.0 * tf);
    double mm = pert_mgf_by_quadrature(1.0, 2.0, 2.5, t1) * pert_mgf_by_quadrature(1.0, 2.0, 2.5, t2);
    double mm2 = pert_mgf_by_quadrature(1.0, 2.0, 2.5, 2.0 * t1) *
                 pert_mgf_by_quadrature(1.0, 2.0, 2.5, 2.0 * t2);
    double expected = el * mf * ell * mm;
    ck_within(cr_sim_risk_expected_loss(q), expected, 1e-10 * expected);
    double l2 = cr_dist_variance(&q->frequency) + el * el;
    double ll2 = cr_dist_variance(&q->loss) + ell * ell;
    double es2 = el * mf * ll2 + l2 * mf2 * ell * ell;
    double var = mm2 * es2 - expected * expected;
    cr_sim_result res;
    run(&p, n, 31337, 2, &res);
    ck_within(res.total.mean, expected, 4.0 * sqrt(var / (double)n));
    ck_within(res.total.expected, expected, 1e-12 * expected);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(half_effective_prevention_halves_the_rate)
{
    /* One level of factor 2 (m_f = 2^-1, up to the rounding of
     * exp(-ln 2)): thinning keeps each event with probability 1/2, so the
     * count is Poisson(lambda / 2): P(no event) = exp(-lambda/2). */
    const size_t n = 200000;
    cr_sim_risk r = risk("A", constant(4.0), constant(1.0));
    add_term(&r, CR_SIM_FREQUENCY, 1.0, 2.0, constant(1.0));
    cr_portfolio p;
    one_risk(&p, r);
    cr_sim_result res;
    run(&p, n, 4, 2, &res);
    ck_within(res.total.mean, 2.0, 4.0 * sqrt(2.0 / (double)n));
    ck_within(res.total.sd * res.total.sd, 2.0, 4.0 * sqrt((2.0 + 2.0 * 4.0) / (double)n));
    double p0 = exp(-2.0);
    ck_within(1.0 - res.total.p_loss, p0, 4.0 * sqrt(p0 * (1.0 - p0) / (double)n));
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

/* A portfolio of several risks with reduction terms of the given strength
 * scale (0 = uncontrolled). */
static void mixed_portfolio(cr_portfolio *p, double scale)
{
    static const double lo[] = {0.01, 0.05, 0.2, 1.0, 4.0};
    cr_portfolio_init(p);
    for (int i = 0; i < 6; i++) {
        char id[16];
        snprintf(id, sizeof id, "R%d", i + 1);
        cr_sim_risk r = risk(id, pert(lo[i % 5], 2.0 * lo[i % 5], 5.0 * lo[i % 5]),
                             lognormal90(1e5 * (i + 1), 1e7 * (i + 1)));
        add_term(&r, CR_SIM_FREQUENCY, fmin(1.0, scale * (0.2 + 0.1 * i)), 4.6,
                 pert(2.0, 3.0, 3.5));
        add_term(&r, CR_SIM_MAGNITUDE, fmin(1.0, scale * 0.3), 10.0, pert(1.0, 2.0, 2.5));
        add_term(&r, CR_SIM_MAGNITUDE, i % 2 ? fmin(1.0, scale * 0.5) : 0.0, 10.0,
                 pert(0.5, 1.0, 1.5));
        fail_on(cr_portfolio_add(p, &r, &err));
    }
}

START_TEST(same_bytes_for_any_thread_count)
{
    /* 50 001 trials: 13 blocks, the last one partial. */
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cr_sim_result r1, r2, r4;
    run(&p, 50001, 77, 1, &r1);
    run(&p, 50001, 77, 2, &r2);
    run(&p, 50001, 77, 4, &r4);
    ck_assert(memcmp(&r1.total, &r2.total, sizeof r1.total) == 0);
    ck_assert(memcmp(&r1.total, &r4.total, sizeof r1.total) == 0);
    ck_assert(memcmp(r1.risks, r2.risks, p.n_risks * sizeof *r1.risks) == 0);
    ck_assert(memcmp(r1.risks, r4.risks, p.n_risks * sizeof *r1.risks) == 0);
    /* And the written JSON. */
    cr_sim_scenario sc[3] = {{"residual", &p, &r1}, {"residual", &p, &r2}, {"residual", &p, &r4}};
    char *text[3];
    for (int i = 0; i < 3; i++) {
        cr_sim_report rep;
        memset(&rep, 0, sizeof rep);
        rep.seed = 77;
        rep.trials = 50001;
        rep.appetite = rep.appetite_probability = NAN;
        rep.scenarios = &sc[i];
        rep.n_scenarios = 1;
        cJSON *j = cr_sim_report_to_json(&rep);
        text[i] = cJSON_Print(j);
        cJSON_Delete(j);
    }
    ck_assert_str_eq(text[0], text[1]);
    ck_assert_str_eq(text[0], text[2]);
    for (int i = 0; i < 3; i++)
        free(text[i]);
    /* A different seed gives different years. */
    cr_sim_result other;
    run(&p, 50001, 78, 2, &other);
    ck_assert(other.total.mean != r1.total.mean);
    cr_sim_result_clear(&other);
    cr_sim_result_clear(&r1);
    cr_sim_result_clear(&r2);
    cr_sim_result_clear(&r4);
    cr_portfolio_clear(&p);
}
END_TEST

/* Drop risk k of p. */
static void drop_risk(cr_portfolio *p, size_t k)
{
    cr_sim_risk_clear(&p->risks[k]);
    memmove(&p->risks[k], &p->risks[k + 1], (p->n_risks - k - 1) * sizeof *p->risks);
    p->n_risks--;
}

START_TEST(scenarios_together_match_each_alone)
{
    /* Inherent, residual, a target without R3 and with an insurance layer on
     * R2, and a portfolio whose R2 draws other numbers (another rate) and
     * whose risks come in another order: simulated together, each is, byte
     * for byte, what it is alone. */
    cr_portfolio ps[4];
    mixed_portfolio(&ps[0], 0.0);
    mixed_portfolio(&ps[1], 1.0);
    mixed_portfolio(&ps[2], 1.6);
    drop_risk(&ps[2], 2);
    ps[2].risks[1].layer = (cr_sim_layer){true, 2e6, 5e7, 8e7};
    mixed_portfolio(&ps[3], 0.5);
    cr_dist_clear(&ps[3].risks[1].frequency);
    ps[3].risks[1].frequency = pert(0.1, 0.3, 0.9);
    cr_sim_risk first = ps[3].risks[0];
    ps[3].risks[0] = ps[3].risks[4];
    ps[3].risks[4] = first;
    const cr_portfolio *all[4] = {&ps[0], &ps[1], &ps[2], &ps[3]};
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 20001;
    o.seed = 5;
    o.threads = 2;
    o.appetite = 3e7;
    o.keep_trial_totals = true;
    cr_sim_result together[4];
    fail_on(cr_simulate_scenarios(all, 4, &o, together, &err));
    o.threads = 1;
    for (int s = 0; s < 4; s++) {
        cr_sim_result alone;
        fail_on(cr_simulate(&ps[s], &o, &alone, &err));
        ck_assert_uint_eq(alone.n_risks, together[s].n_risks);
        ck_assert_msg(memcmp(&alone.total, &together[s].total, sizeof alone.total) == 0,
                      "scenario %d: total differs", s);
        ck_assert_msg(memcmp(alone.risks, together[s].risks,
                             alone.n_risks * sizeof *alone.risks) == 0,
                      "scenario %d: a risk differs", s);
        ck_assert(memcmp(alone.trial_totals, together[s].trial_totals,
                         (size_t)o.trials * sizeof(double)) == 0);
        cr_sim_result_clear(&alone);
        cr_sim_result_clear(&together[s]);
    }
    /* None, or more than CR_SIM_MAX_SCENARIOS, is refused. */
    ck_assert_int_eq(cr_simulate_scenarios(all, 0, &o, together, &err), CR_ERR_ARGUMENT);
    for (int s = 0; s < 4; s++)
        cr_portfolio_clear(&ps[s]);
}
END_TEST

static void assert_not_above(const cr_sim_stats *lo, const cr_sim_stats *hi, const char *what)
{
    const double a[] = {lo->mean, lo->p50, lo->p90, lo->p95, lo->p99, lo->es95, lo->es99,
                        lo->max, lo->p_loss, lo->p_exceed, lo->expected};
    const double b[] = {hi->mean, hi->p50, hi->p90, hi->p95, hi->p99, hi->es95, hi->es99,
                        hi->max, hi->p_loss, hi->p_exceed, hi->expected};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        ck_assert_msg(a[i] <= b[i], "%s: statistic %zu rose from %.17g to %.17g", what, i, b[i],
                      a[i]);
}

START_TEST(more_controls_never_raise_residual_loss)
{
    /* Strength scales 0 (inherent), 0.5, 1, 1.6: each step credits more,
     * including terms going from 0 to positive.  Same seed: common random
     * numbers make every statistic non-increasing, exactly. */
    const double scales[] = {0.0, 0.5, 1.0, 1.6};
    cr_sim_result prev;
    memset(&prev, 0, sizeof prev);
    for (size_t s = 0; s < 4; s++) {
        cr_portfolio p;
        mixed_portfolio(&p, scales[s]);
        cr_sim_options o;
        cr_sim_options_default(&o);
        o.trials = 40000;
        o.seed = 5;
        o.threads = 2;
        o.appetite = 2e6;
        cr_sim_result res;
        fail_on(cr_simulate(&p, &o, &res, &err));
        if (s > 0) {
            assert_not_above(&res.total, &prev.total, "total");
            for (size_t k = 0; k < p.n_risks; k++)
                assert_not_above(&res.risks[k].stats, &prev.risks[k].stats, res.risks[k].id);
            ck_assert(res.total.mean < prev.total.mean);
        }
        cr_sim_result_clear(&prev);
        prev = res;
        cr_portfolio_clear(&p);
    }
    cr_sim_result_clear(&prev);
}
END_TEST

START_TEST(shares_and_total)
{
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cr_sim_result res;
    run(&p, 30000, 9, 2, &res);
    double share = 0.0, mean = 0.0;
    for (size_t k = 0; k < res.n_risks; k++) {
        share += res.risks[k].stats.share;
        mean += res.risks[k].stats.mean;
        ck_assert_str_eq(res.risks[k].id, p.risks[k].id);
    }
    ck_within(share, 1.0, 1e-9);
    ck_within(res.total.mean, mean, 1e-9 * mean);
    ck_within(res.total.expected, cr_portfolio_expected_loss(&p), 0.0);
    ck_assert(res.total.share == 1.0);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

static int count_progress(void *user, uint64_t done, uint64_t total)
{
    uint64_t *seen = user;
    ck_assert(done <= total && done > seen[0]);
    seen[0] = done;
    seen[1] = total;
    return 0;
}

static int stop_early(void *user, uint64_t done, uint64_t total)
{
    (void)user;
    return done * 4 > total;
}

START_TEST(progress_and_interruption)
{
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 20000;
    o.threads = 2;
    uint64_t seen[2] = {0, 0};
    o.progress = count_progress;
    o.progress_user = seen;
    cr_sim_result res;
    fail_on(cr_simulate(&p, &o, &res, &err));
    ck_assert_uint_eq(seen[1], 20000 * p.n_risks);
    ck_assert_uint_le(seen[0], seen[1]);
    cr_sim_result_clear(&res);
    o.progress = stop_early;
    ck_assert_int_eq(cr_simulate(&p, &o, &res, &err), CR_ERR_INTERRUPTED);
    ck_assert_ptr_null(res.risks);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(bad_options_and_portfolios_are_refused)
{
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cr_sim_options o;
    cr_sim_options_default(&o);
    cr_sim_result res;
    o.trials = 0;
    ck_assert_int_eq(cr_simulate(&p, &o, &res, &err), CR_ERR_ARGUMENT);
    o.trials = 10;
    o.appetite = -1.0;
    ck_assert_int_eq(cr_simulate(&p, &o, &res, &err), CR_ERR_ARGUMENT);
    o.appetite = NAN;
    p.risks[1].reductions[0].strength = 1.5;
    ck_assert_int_eq(cr_simulate(&p, &o, &res, &err), CR_ERR_INPUT);
    ck_assert(strstr(err.message, "strength") != NULL);
    p.risks[1].reductions[0].strength = 0.5;
    memcpy(p.risks[1].id, p.risks[0].id, sizeof p.risks[0].id);
    ck_assert_int_eq(cr_simulate(&p, &o, &res, &err), CR_ERR_INPUT);
    ck_assert(strstr(err.message, "twice") != NULL);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- estimators on known data --------------------------------------------------- */

START_TEST(quantiles_and_shortfall_of_known_data)
{
    /* 1..100 in a scrambled order. */
    double x[100], scratch[100];
    for (int i = 0; i < 100; i++)
        x[i] = (double)((i * 37) % 100 + 1);
    cr_sort_losses(x, 100, scratch);
    for (int i = 0; i < 100; i++)
        ck_assert(x[i] == i + 1);
    ck_assert(cr_quantile(x, 100, 0.50) == 50.0);
    ck_assert(cr_quantile(x, 100, 0.95) == 95.0);
    ck_assert(cr_quantile(x, 100, 0.99) == 99.0);
    ck_assert(cr_quantile(x, 100, 0.951) == 96.0);
    ck_assert(cr_quantile(x, 100, 0.0) == 1.0);
    ck_assert(cr_quantile(x, 100, 1.0) == 100.0);
    /* ES_0.95 = mean of 96..100 = 98; ES_0.99 = 100. */
    ck_within(cr_expected_shortfall(x, 100, 0.95), 98.0, 1e-12);
    ck_within(cr_expected_shortfall(x, 100, 0.99), 100.0, 1e-12);
    /* n = 10, p = 0.85: t = 8.5, k = 8: (0.5 x_(9) + x_(10)) / 1.5 = 14.5 / 1.5. */
    ck_within(cr_expected_shortfall(x, 10, 0.85), 14.5 / 1.5, 1e-12);
    ck_within(cr_expected_shortfall(x, 10, 0.9), 10.0, 1e-12);
    ck_assert_uint_eq(cr_count_above(x, 100, 95.0), 5);
    ck_assert_uint_eq(cr_count_above(x, 100, 95.5), 5);
    ck_assert_uint_eq(cr_count_above(x, 100, 0.0), 100);
    ck_assert_uint_eq(cr_count_above(x, 100, 100.0), 0);
    /* Quantile SE at p = 0.5, n = 100: s = 5, j = floor(50 - 9.8) = 40,
     * k = ceil(59.8) = 60: (60 - 40) / 3.92. */
    ck_within(cr_quantile_se(x, 100, 0.5), 20.0 / 3.92, 1e-12);
}
END_TEST

START_TEST(summary_of_known_data)
{
    /* 1000 years: 900 without loss, then 1..100 once each. */
    enum { N = 1000 };
    double *x = malloc(N * sizeof *x), *scratch = malloc(N * sizeof *scratch);
    for (int i = 0; i < N; i++)
        x[(i * 7) % N] = i < 900 ? 0.0 : (double)(i - 899);
    cr_sim_stats s;
    cr_summarise(x, N, scratch, 90.0, &s);
    ck_within(s.mean, 5050.0 / N, 1e-12);
    /* sum of k^2 for k = 1..100 is 338 350; sd with n - 1. */
    ck_within(s.sd, sqrt((338350.0 - N * 5.05 * 5.05) / (N - 1)), 1e-9);
    ck_within(s.mean_se, s.sd / sqrt((double)N), 1e-12);
    ck_assert(s.p50 == 0.0 && s.p90 == 0.0);
    ck_assert(s.p95 == 50.0 && s.var95 == 50.0 && s.p99 == 90.0);
    ck_within(s.es95, 75.5, 1e-12);  /* mean of 51..100 */
    ck_within(s.es99, 95.5, 1e-12);  /* mean of 91..100 */
    ck_within(s.p_loss, 0.1, 1e-15);
    ck_within(s.p_exceed, 0.01, 1e-15);
    ck_assert(s.max == 100.0);
    /* LEC: from P(X > 0) = 0.1 down to max(1e-4, 10/1000) = 0.01, log-spaced;
     * the first point is Q(0.9) = 0, the last Q(0.99) = 90. */
    ck_assert_uint_eq(s.lec.n, CR_SIM_LEC_POINTS);
    ck_within(s.lec.exceedance[0], 0.1, 1e-15);
    ck_within(s.lec.exceedance[CR_SIM_LEC_POINTS - 1], 0.01, 1e-15);
    ck_within(s.lec.exceedance[33], 0.1 * pow(0.1, 33.0 / 99.0), 1e-15);
    ck_assert(s.lec.loss[0] == 0.0);
    ck_assert(s.lec.loss[CR_SIM_LEC_POINTS - 1] == 90.0);
    for (int k = 1; k < CR_SIM_LEC_POINTS; k++) {
        ck_assert(s.lec.loss[k] >= s.lec.loss[k - 1]);
        ck_assert(s.lec.exceedance[k] < s.lec.exceedance[k - 1]);
    }
    free(x);
    free(scratch);
}
END_TEST

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

START_TEST(radix_sort_agrees_with_qsort)
{
    enum { N = 50000 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *s = malloc(N * sizeof *s);
    gsl_rng *rng = NULL;
    fail_on(cr_stream_alloc(&rng, &err));
    cr_stream_seat(rng, 3, 3, 3, CR_STREAM_EVENTS);
    for (int i = 0; i < N; i++) {
        double u = gsl_rng_uniform(rng);
        /* zeros, subnormals, tiny, huge and repeated values */
        x[i] = u < 0.3 ? 0.0 : u < 0.31 ? 4.9e-324 * (i % 7) : u < 0.4 ? 1e300 * u
             : u < 0.5 ? 42.0 : exp(80.0 * (u - 0.7));
        y[i] = x[i];
    }
    cr_sort_losses(x, N, s);
    qsort(y, N, sizeof *y, cmp_double);
    ck_assert(memcmp(x, y, N * sizeof *x) == 0);
    gsl_rng_free(rng);
    free(x);
    free(y);
    free(s);
}
END_TEST

/* ---- portfolio JSON, calibration, bridge ------------------------------------- */

/* ---- joint workshop pools (mixture.c) ------------------------------------------ */

/* Two participants: A 0.5 events a year of 1,000,000 (constants), B 20 a
 * year of 8,000, weights 3 and 1.  Joint: E[Y] = 0.75 x 500,000 + 0.25 x
 * 160,000 = 415,000.  Pooled apart it would be (0.375 + 5) x (750,000 +
 * 2,000) = 4,042,000. */
static cr_sim_risk joint_risk(void)
{
    cr_dist f[2] = {constant(0.5), constant(20)}, l[2] = {constant(1e6), constant(8000)};
    const double w[2] = {3, 1};
    cr_dist *fp = malloc(sizeof f), *lp = malloc(sizeof l);
    ck_assert(fp && lp);
    memcpy(fp, f, sizeof f);
    memcpy(lp, l, sizeof l);
    cr_dist fm, lm;
    fail_on(cr_dist_mixture(&fm, fp, w, 2, &err));
    fail_on(cr_dist_mixture(&lm, lp, w, 2, &err));
    cr_sim_risk r = risk("J", fm, lm);
    r.joint = true;
    return r;
}

START_TEST(joint_pool_pairs_each_participants_frequency_with_its_loss)
{
    cr_portfolio p;
    one_risk(&p, joint_risk());
    fail_on(cr_portfolio_validate(&p, &err));
    ck_within(cr_portfolio_expected_loss(&p), 415000.0, 1e-6);
    p.risks[0].joint = false;
    ck_within(cr_portfolio_expected_loss(&p), 4042000.0, 1e-6);
    p.risks[0].joint = true;

    /* The simulated mean agrees with the closed form within 4 SE. */
    cr_sim_result res;
    run(&p, 40000, 11, 2, &res);
    ck_assert_double_lt(fabs(res.total.mean - 415000.0), 4.0 * res.total.mean_se);
    cr_sim_result_clear(&res);

    /* The JSON form keeps "joint", and a pool whose weights differ is refused. */
    cJSON *json = cr_portfolio_to_json(&p);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(
        cJSON_GetObjectItem(json, "risks"), 0), "joint")));
    cr_portfolio back;
    fail_on(cr_portfolio_from_json(json, "p.json", &back, &err));
    ck_assert(back.risks[0].joint);
    ck_within(cr_portfolio_expected_loss(&back), 415000.0, 1e-6);
    cr_portfolio_clear(&back);
    cJSON_Delete(json);
    p.risks[0].loss.weights[0] = 0.5;
    p.risks[0].loss.weights[1] = 0.5;
    ck_assert_int_eq(cr_portfolio_validate(&p, &err), CR_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.message, "a joint pool needs frequency and loss mixtures "
                                              "with the same weights"));
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(joint_pool_keeps_common_random_numbers)
{
    /* The year's participant is drawn from the counts stream before the
     * controls act: a stronger control keeps a subset of the same events in
     * every year, so no simulated year of the residual exceeds the
     * inherent's. */
    cr_sim_result y[2];
    for (int s = 0; s < 2; s++) {
        cr_sim_risk r = joint_risk();
        add_term(&r, CR_SIM_FREQUENCY, s ? 0.8 : 0.0, 4.0, pert(1, 2, 3));
        add_term(&r, CR_SIM_MAGNITUDE, s ? 0.5 : 0.0, 3.0, pert(0.5, 1, 2));
        cr_portfolio p;
        one_risk(&p, r);
        cr_sim_options o;
        cr_sim_options_default(&o);
        o.trials = 5000;
        o.seed = 3;
        o.threads = 1;
        o.keep_trial_totals = true;
        fail_on(cr_simulate(&p, &o, &y[s], &err));
        cr_portfolio_clear(&p);
    }
    for (size_t t = 0; t < 5000; t++)
        ck_assert_double_le(y[1].trial_totals[t], y[0].trial_totals[t]);
    ck_assert_double_lt(y[1].total.mean, y[0].total.mean);
    cr_sim_result_clear(&y[0]);
    cr_sim_result_clear(&y[1]);
}
END_TEST

START_TEST(portfolio_json_round_trip_and_errors)
{
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cJSON *j = cr_portfolio_to_json(&p);
    char *a = cJSON_PrintUnformatted(j);
    cr_portfolio q;
    fail_on(cr_portfolio_from_json(j, "p.json", &q, &err));
    cJSON *k = cr_portfolio_to_json(&q);
    char *b = cJSON_PrintUnformatted(k);
    ck_assert_str_eq(a, b);
    ck_assert(cr_portfolio_expected_loss(&p) == cr_portfolio_expected_loss(&q));
    free(a);
    free(b);
    cJSON_Delete(j);
    cJSON_Delete(k);
    cr_portfolio_clear(&q);
    cr_portfolio_clear(&p);

    struct {
        const char *text, *path, *words;
    } bad[] = {
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": -1}, \"loss\": "
         "{\"constant\": 1}}]}",
         "$.risks[0].frequency.constant", "from 0"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}, \"reductions\": [{\"target\": \"frequency\", \"strength\": 2, "
         "\"level_factor\": 10, \"levels\": {\"constant\": 1}}]}]}",
         "$.risks[0].reductions[0]", "strength"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}, \"reductions\": [{\"target\": \"size\", \"strength\": 1, "
         "\"level_factor\": 10, \"levels\": {\"constant\": 1}}]}]}",
         "$.risks[0].reductions[0]", "target"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}, \"reductions\": [{\"target\": \"frequency\", \"strength\": 1, "
         "\"level_factor\": 0.5, \"levels\": {\"constant\": 1}}]}]}",
         "$.risks[0].reductions[0].level_factor", "from 1"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}, \"reductions\": [{\"target\": \"frequency\", \"strength\": 1, "
         "\"level_factor\": 10, \"levels\": {\"lognormal90\": [1, 2]}}]}]}",
         "$.risks[0]", "constant, a PERT"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}, \"reductions\": [{\"target\": \"frequency\", \"strength\": 1, "
         "\"level_factor\": 10, \"effectiveness\": {\"constant\": 1}}]}]}",
         "$.risks[0].reductions[0]", "effectiveness"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}}, {\"id\": \"A\", \"frequency\": {\"constant\": 1}, \"loss\": "
         "{\"constant\": 1}}]}",
         "$.risks[1]", "twice"},
        {"{\"risks\": [{\"id\": \"A\", \"frequncy\": {\"constant\": 1}}]}", "$.risks[0]",
         "frequncy"},
        {"{\"risks\": [{\"id\": \"A\", \"frequency\": {\"lognormal90\": [0.001, 10000]}, "
         "\"loss\": {\"constant\": 1}}]}",
         "$.risks[0]", "events a year"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *root = cJSON_Parse(bad[i].text);
        ck_assert_ptr_nonnull(root);
        ck_assert_int_eq(cr_portfolio_from_json(root, "p.json", &q, &err), CR_ERR_INPUT);
        ck_assert_msg(strncmp(err.path, bad[i].path, strlen(bad[i].path)) == 0,
                      "case %zu: path %s", i, err.path);
        char text[2048];
        cr_error_format(&err, text, sizeof text);
        ck_assert_msg(strstr(text, bad[i].words) != NULL, "case %zu: %s", i, text);
        ck_assert_str_eq(err.file, "p.json");
        cJSON_Delete(root);
    }
}
END_TEST

static const char *data_dir(void)
{
    const char *d = getenv("CLOUDRISK_DATA");
    return d && *d ? d : ".";
}

START_TEST(shipped_calibration_loads_and_grows_with_level)
{
    cr_calibration cal;
    fail_on(cr_calibration_load_dir(data_dir(), &cal, &err));
    ck_assert_str_eq(cal.currency, "JPY");
    for (int l = 1; l < CR_SIM_LEVELS; l++) {
        ck_assert(cr_dist_mean(&cal.frequency[l]) > cr_dist_mean(&cal.frequency[l - 1]));
        ck_assert(cr_dist_mean(&cal.loss[l]) > cr_dist_mean(&cal.loss[l - 1]));
    }
    /* The levels a full credit removes: most likely the scoring's R_L = 3
     * and R_I = 2, PERT [2, 3, 3.5] and [1, 2, 2.5]. */
    ck_assert_int_eq(cal.reduction[CR_SIM_FREQUENCY].kind, CR_DIST_PERT);
    ck_assert(cal.reduction[CR_SIM_FREQUENCY].min == 2.0 &&
              cal.reduction[CR_SIM_FREQUENCY].mode == 3.0 &&
              cal.reduction[CR_SIM_FREQUENCY].max == 3.5);
    ck_assert(cal.reduction[CR_SIM_MAGNITUDE].min == 1.0 &&
              cal.reduction[CR_SIM_MAGNITUDE].mode == 2.0 &&
              cal.reduction[CR_SIM_MAGNITUDE].max == 2.5);
    /* Level factors, by hand: level 1's mean rate (0.01 + 4 * 0.022 + 0.05)/6
     * = 0.148/6, level 5's (4 + 4 * 9.8 + 24)/6 = 67.2/6, ratio 67.2/0.148 =
     * 454.054054..., fourth root 4.6161; losses: each level's mean is ten
     * times the one below (lognormal90 bands one decade apart, the same
     * sigma), so rho_I = (10^4)^(1/4) = 10. */
    ck_within(cal.level_factor[CR_SIM_FREQUENCY], pow(67.2 / 0.148, 0.25), 1e-12);
    ck_within(cal.level_factor[CR_SIM_FREQUENCY], 4.6161, 5e-5);
    ck_within(cal.level_factor[CR_SIM_MAGNITUDE], 10.0, 1e-12);
    cr_calibration_clear(&cal);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

START_TEST(bad_calibration_is_refused)
{
    char path[] = "/tmp/cloudrisk-cal-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    const char *bands =
        "\"impact\": [{\"level\": 1, \"loss\": {\"constant\": 1}}, {\"level\": 2, \"loss\": "
        "{\"constant\": 2}}, {\"level\": 3, \"loss\": {\"constant\": 3}}, {\"level\": 4, "
        "\"loss\": {\"constant\": 4}}, {\"level\": 5, \"loss\": {\"constant\": 5}}],"
        "\"reduction\": {\"likelihood\": {\"constant\": 3}, \"impact\": {\"constant\": 2}}}";
    char text[4096];
    /* level 3 below level 2 */
    snprintf(text, sizeof text,
             "{\"version\": \"t\", \"currency\": \"JPY\", \"likelihood\": ["
             "{\"level\": 1, \"frequency\": {\"constant\": 1}}, {\"level\": 2, \"frequency\": "
             "{\"constant\": 3}}, {\"level\": 3, \"frequency\": {\"constant\": 2}}, {\"level\": "
             "4, \"frequency\": {\"constant\": 4}}, {\"level\": 5, \"frequency\": {\"constant\": "
             "5}}], %s", bands);
    write_file(path, text);
    cr_calibration cal;
    ck_assert_int_eq(cr_calibration_load(path, &cal, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.likelihood");
    ck_assert(strstr(err.message, "level 3") != NULL);
    /* level 4 missing, level 2 twice */
    snprintf(text, sizeof text,
             "{\"version\": \"t\", \"currency\": \"JPY\", \"likelihood\": ["
             "{\"level\": 1, \"frequency\": {\"constant\": 1}}, {\"level\": 2, \"frequency\": "
             "{\"constant\": 2}}, {\"level\": 2, \"frequency\": {\"constant\": 3}}, {\"level\": "
             "5, \"frequency\": {\"constant\": 5}}], %s", bands);
    write_file(path, text);
    ck_assert_int_eq(cr_calibration_load(path, &cal, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.likelihood[2]");
    /* reductions: a lognormal, and more levels than any scale has */
    static const char *const bad_reduction[][2] = {
        {"{\"likelihood\": {\"lognormal90\": [2, 4]}, \"impact\": {\"constant\": 2}}",
         "$.reduction.likelihood"},
        {"{\"likelihood\": {\"constant\": 3}, \"impact\": {\"pert\": [1, 2, 11]}}",
         "$.reduction.impact"},
        {"{\"likelihood\": {\"constant\": 3}}", "$.reduction"},
    };
    const char *levels =
        "\"likelihood\": [{\"level\": 1, \"frequency\": {\"constant\": 1}}, {\"level\": 2, "
        "\"frequency\": {\"constant\": 2}}, {\"level\": 3, \"frequency\": {\"constant\": 3}}, "
        "{\"level\": 4, \"frequency\": {\"constant\": 4}}, {\"level\": 5, \"frequency\": "
        "{\"constant\": 5}}], \"impact\": [{\"level\": 1, \"loss\": {\"constant\": 1}}, "
        "{\"level\": 2, \"loss\": {\"constant\": 2}}, {\"level\": 3, \"loss\": {\"constant\": "
        "3}}, {\"level\": 4, \"loss\": {\"constant\": 4}}, {\"level\": 5, \"loss\": "
        "{\"constant\": 5}}]";
    for (size_t i = 0; i < sizeof bad_reduction / sizeof bad_reduction[0]; i++) {
        snprintf(text, sizeof text,
                 "{\"version\": \"t\", \"currency\": \"JPY\", %s, \"reduction\": %s}", levels,
                 bad_reduction[i][0]);
        write_file(path, text);
        ck_assert_int_eq(cr_calibration_load(path, &cal, &err), CR_ERR_INPUT);
        ck_assert_msg(strncmp(err.path, bad_reduction[i][1], strlen(bad_reduction[i][1])) == 0,
                      "case %zu: %s", i, err.path);
    }
    /* and the same file with good reductions loads */
    snprintf(text, sizeof text,
             "{\"version\": \"t\", \"currency\": \"JPY\", %s, \"reduction\": "
             "{\"likelihood\": {\"constant\": 3}, \"impact\": {\"constant\": 2}}}", levels);
    write_file(path, text);
    fail_on(cr_calibration_load(path, &cal, &err));
    ck_within(cal.level_factor[CR_SIM_FREQUENCY], pow(5.0, 0.25), 1e-12);
    cr_calibration_clear(&cal);
    unlink(path);
}
END_TEST

START_TEST(bridge_uses_bands_overrides_and_strengths)
{
    cr_calibration cal;
    fail_on(cr_calibration_load_dir(data_dir(), &cal, &err));
    cr_dist workshop_f = pert(0.1, 0.2, 0.4), workshop_l = lognormal90(5e6, 5e7);
    cr_sim_risk_input in[2];
    memset(in, 0, sizeof in);
    in[0].id = "CR01";
    in[0].likelihood = 4;
    in[0].impact = 3;
    in[0].strength[CR_SIM_FREQUENCY] = 0.6;
    in[0].strength[CR_SIM_MAGNITUDE] = 0.2;
    in[1].id = "CR02";
    in[1].likelihood = 2;
    in[1].impact = 5;
    in[1].frequency = &workshop_f;
    in[1].loss = &workshop_l;
    cr_portfolio p;
    fail_on(cr_sim_portfolio_build(&cal, in, 2, &p, &err));
    ck_assert_uint_eq(p.n_risks, 2);
    const cr_sim_risk *a = &p.risks[0], *b = &p.risks[1];
    ck_assert(cr_dist_mean(&a->frequency) == cr_dist_mean(&cal.frequency[3]));
    ck_assert(cr_dist_mean(&a->loss) == cr_dist_mean(&cal.loss[2]));
    ck_assert_uint_eq(a->n_reductions, 2);
    ck_assert_int_eq(a->reductions[0].target, CR_SIM_FREQUENCY);
    ck_assert_int_eq(a->reductions[1].target, CR_SIM_MAGNITUDE);
    ck_assert_str_eq(a->reductions[0].role, "preventive");
    ck_assert_str_eq(a->reductions[1].role, "detective+corrective");
    ck_assert(a->reductions[0].strength == 0.6 && a->reductions[1].strength == 0.2);
    ck_assert(a->reductions[0].level_factor == cal.level_factor[CR_SIM_FREQUENCY]);
    ck_assert(a->reductions[1].level_factor == cal.level_factor[CR_SIM_MAGNITUDE]);
    ck_assert(cr_dist_mean(&a->reductions[0].levels) ==
              cr_dist_mean(&cal.reduction[CR_SIM_FREQUENCY]));
    ck_assert(cr_dist_mean(&b->frequency) == cr_dist_mean(&workshop_f));
    ck_assert(cr_dist_mean(&b->loss) == cr_dist_mean(&workshop_l));
    /* Closed form: E[lambda] E[rho_L^(-0.6 D_P)] E[L] E[rho_I^(-0.2 D_I)],
     * the multipliers by quadrature. */
    double want = cr_dist_mean(&cal.frequency[3]) *
                  pert_mgf_by_quadrature(2.0, 3.0, 3.5,
                                         0.6 * log(cal.level_factor[CR_SIM_FREQUENCY])) *
                  cr_dist_mean(&cal.loss[2]) *
                  pert_mgf_by_quadrature(1.0, 2.0, 2.5, 0.2 * log(10.0));
    ck_within(cr_sim_risk_expected_loss(a), want, 1e-10 * want);
    cr_portfolio_clear(&p);
    in[0].strength[CR_SIM_MAGNITUDE] = 1.2;
    ck_assert_int_eq(cr_sim_portfolio_build(&cal, in, 2, &p, &err), CR_ERR_INPUT);
    in[0].strength[CR_SIM_MAGNITUDE] = 0.0;
    in[0].impact = 6;
    ck_assert_int_eq(cr_sim_portfolio_build(&cal, in, 2, &p, &err), CR_ERR_INPUT);
    cr_dist_clear(&workshop_f);
    cr_dist_clear(&workshop_l);
    cr_calibration_clear(&cal);
}
END_TEST



START_TEST(worked_example_of_the_bridge)
{
    /* doc/simulation.md, section 4: likelihood 3, impact 4, S_P = 0.5,
     * S_I = 0.4 with the shipped calibration; values worked by hand there
     * (the 1F1 series summed with bc to 30 digits). */
    cr_calibration cal;
    fail_on(cr_calibration_load_dir(data_dir(), &cal, &err));
    cr_sim_risk_input in;
    memset(&in, 0, sizeof in);
    in.id = "X";
    in.likelihood = 3;
    in.impact = 4;
    cr_portfolio p;
    fail_on(cr_sim_portfolio_build(&cal, &in, 1, &p, &err));
    ck_within(cr_portfolio_expected_loss(&p), 202000641.347, 1e-3);
    cr_portfolio_clear(&p);
    in.strength[CR_SIM_FREQUENCY] = 0.5;
    in.strength[CR_SIM_MAGNITUDE] = 0.4;
    fail_on(cr_sim_portfolio_build(&cal, &in, 1, &p, &err));
    ck_within(cr_sim_reduction_expected_multiplier(&p.risks[0].reductions[0]),
              0.109938468181580, 1e-14);
    ck_within(cr_sim_reduction_expected_multiplier(&p.risks[0].reductions[1]),
              0.176896673592672, 1e-14);
    ck_within(cr_portfolio_expected_loss(&p), 3928457.836, 1e-3);
    cr_portfolio_clear(&p);
    cr_calibration_clear(&cal);
}
END_TEST

START_TEST(worked_example_of_a_current_estimate)
{
    /* doc/simulation.md, "The basis of an estimate": the bridge's worked
     * example read as a current-basis estimate (frequency PERT [0.2, 0.45, 1],
     * loss lognormal90 [1e8, 1e9], today's credit S_P = 0.5, S_I = 0.4).
     * The residual is the estimate itself; the inherent puts today's credit
     * back; a target with S_P = 0.8 removes only the added 0.3.  Series
     * summed by hand (doc), to 1e-12 relative. */
    cr_calibration cal;
    fail_on(cr_calibration_load_dir(data_dir(), &cal, &err));
    cr_dist f = pert(0.2, 0.45, 1.0), g = lognormal90(1e8, 1e9);
    cr_sim_risk_input in;
    memset(&in, 0, sizeof in);
    in.id = "X";
    in.likelihood = 3;
    in.impact = 4;
    in.frequency = &f;
    in.loss = &g;
    in.baseline[CR_SIM_FREQUENCY] = 0.5;
    in.baseline[CR_SIM_MAGNITUDE] = 0.4;
    const double strengths[3][2] = {{0.0, 0.0}, {0.5, 0.4}, {0.8, 0.4}};
    const double want[3] = {11585319364.54597, 202000641.34728613, 53412755.61373809};
    cr_portfolio p[3];
    for (int k = 0; k < 3; k++) {
        in.strength[CR_SIM_FREQUENCY] = strengths[k][0];
        in.strength[CR_SIM_MAGNITUDE] = strengths[k][1];
        fail_on(cr_sim_portfolio_build(&cal, &in, 1, &p[k], &err));
        ck_assert(p[k].risks[0].reductions[0].restore == 0.5); /* below the top: all back */
        ck_within(cr_portfolio_expected_loss(&p[k]), want[k], 1e-12 * want[k]);
    }
    /* The residual is the estimate: E[lambda] E[L] exactly. */
    ck_assert(cr_portfolio_expected_loss(&p[1]) == cr_dist_mean(&f) * cr_dist_mean(&g));
    ck_within(cr_sim_reduction_expected_multiplier(&p[0].risks[0].reductions[0]),
              9.510749088263058, 1e-12);
    ck_within(cr_sim_reduction_expected_multiplier(&p[0].risks[0].reductions[1]),
              6.030322483983921, 1e-12);
    /* Simulated: each within 4 SE of its closed form; the same events in
     * every scenario, so inherent >= residual >= target year by year. */
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 200000;
    o.seed = 2718;
    o.keep_trial_totals = true;
    cr_sim_result r[3];
    for (int k = 0; k < 3; k++) {
        fail_on(cr_simulate(&p[k], &o, &r[k], &err));
        ck_within(r[k].total.mean, want[k], 4.0 * r[k].total.mean_se);
    }
    for (uint64_t t = 0; t < o.trials; t++) {
        ck_assert(r[1].trial_totals[t] <= r[0].trial_totals[t]);
        ck_assert(r[2].trial_totals[t] <= r[1].trial_totals[t]);
    }
    /* The residual year is the estimate's own compound Poisson year, so its
     * variance is that of a mixed Poisson sum, Var[lambda] E[L]^2 +
     * E[lambda] E[L^2]; checked against the mean of 20 batch variances of
     * 10 000 years, within 4 standard errors of that mean. */
    double el = cr_dist_mean(&f), ell = cr_dist_mean(&g);
    double var = (cr_dist_variance(&f) + el * el) * ell * ell - el * el * ell * ell +
                 el * (cr_dist_variance(&g) + ell * ell);
    double batch[20], bm = 0.0;
    for (int b = 0; b < 20; b++) {
        double m = 0.0, m2 = 0.0;
        for (int t = 0; t < 10000; t++) {
            double y = r[1].trial_totals[b * 10000 + t];
            m += y;
            m2 += y * y;
        }
        m /= 10000.0;
        batch[b] = m2 / 10000.0 - m * m;
        bm += batch[b] / 20.0;
    }
    double bs = 0.0;
    for (int b = 0; b < 20; b++)
        bs += (batch[b] - bm) * (batch[b] - bm);
    double var_se = sqrt(bs / 19.0 / 20.0);
    ck_within(bm, var, 4.0 * var_se);
    for (int k = 0; k < 3; k++) {
        cr_sim_result_clear(&r[k]);
        cr_portfolio_clear(&p[k]);
    }
    cr_dist_clear(&f);
    cr_dist_clear(&g);
    cr_calibration_clear(&cal);
}
END_TEST

START_TEST(putting_back_stops_at_the_top_of_the_scale)
{
    /* An estimate of 8 events a year with full preventive credit today would
     * put back E[rho_L^(D_P)] ~ 90 times the rate; the scale's top level has a
     * mean of 11.2 events a year, so only what reaches it is put back. */
    cr_calibration cal;
    fail_on(cr_calibration_load_dir(data_dir(), &cal, &err));
    cr_dist f = constant(8.0), g = constant(1e6);
    cr_sim_risk_input in;
    memset(&in, 0, sizeof in);
    in.id = "X";
    in.likelihood = 5;
    in.impact = 2;
    in.frequency = &f;
    in.loss = &g;
    in.baseline[CR_SIM_FREQUENCY] = 1.0;
    cr_portfolio p;
    fail_on(cr_sim_portfolio_build(&cal, &in, 1, &p, &err));
    const cr_sim_reduction *c = &p.risks[0].reductions[0];
    ck_assert(c->restore > 0.0 && c->restore < 1.0);
    ck_within(8.0 * cr_sim_reduction_expected_multiplier(c), cr_dist_mean(&cal.frequency[4]),
              1e-9);
    cr_portfolio_clear(&p);
    /* An estimate already above the top puts nothing back. */
    cr_dist_clear(&f);
    f = constant(30.0);
    fail_on(cr_sim_portfolio_build(&cal, &in, 1, &p, &err));
    ck_assert(p.risks[0].reductions[0].restore == 0.0);
    ck_assert(cr_portfolio_expected_loss(&p) == 30.0 * 1e6);
    cr_portfolio_clear(&p);
    cr_dist_clear(&f);
    cr_dist_clear(&g);
    cr_calibration_clear(&cal);
}
END_TEST

START_TEST(an_insurance_layer_matches_its_closed_form_and_an_independent_run)
{
    /* doc/simulation.md, "Transfer": 3 events a year (constant), loss per
     * event lognormal90 [1e6, 1e8] (mu = 16.118096, sigma = 1.399872, mean
     * 26 639 801), retention 5e6, limit per event 5e7:
     *   E[min(X, 5e6)] = 4 222 510,  E[min(X, 5.5e7)] = 17 536 270,
     *   retained per event = 26 639 801 - (17 536 270 - 4 222 510) = 13 326 041,
     *   retained per year  = 3 x 13 326 041 = 39 978 122. */
    cr_sim_layer layer = {true, 5e6, 5e7, INFINITY};
    cr_dist g = lognormal90(1e6, 1e8);
    ck_within(cr_sim_layer_event_retained(&g, &layer), 13326040.787103709, 1e-6);
    cr_dist_clear(&g);
    const uint64_t n = 200000;
    cr_sim_risk r = risk("T", constant(3.0), lognormal90(1e6, 1e8));
    r.layer = layer;
    cr_portfolio p;
    one_risk(&p, r);
    cr_sim_result res;
    run(&p, n, 4242, 2, &res);
    ck_assert(isnan(res.total.expected)); /* no closed form is claimed for a layer */
    ck_within(res.total.mean, 39978122.36131112, 4.0 * res.total.mean_se);
    cr_sim_result_clear(&res);

    /* With a yearly limit of 6e7 there is no closed form: an independent
     * simulation (another generator, GSL's own samplers) agrees within 4
     * combined standard errors, and the gross year of the same events is
     * never below the net one, by at most the yearly limit. */
    p.risks[0].layer.limit_per_year = 6e7;
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = n;
    o.seed = 4242;
    o.keep_trial_totals = true;
    cr_sim_result net, gross;
    fail_on(cr_simulate(&p, &o, &net, &err));
    p.risks[0].layer.present = false;
    fail_on(cr_simulate(&p, &o, &gross, &err));
    for (uint64_t t = 0; t < n; t++) {
        double d = gross.trial_totals[t] - net.trial_totals[t];
        ck_assert(d >= 0.0 && d <= 6e7 * (1 + 1e-12));
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 99);
    double mu = p.risks[0].loss.mu, sigma = p.risks[0].loss.sigma, sum = 0.0, sum2 = 0.0;
    for (uint64_t t = 0; t < n; t++) {
        unsigned k = gsl_ran_poisson(rng, 3.0);
        double total = 0.0, paid = 0.0;
        for (unsigned i = 0; i < k; i++) {
            double x = gsl_ran_lognormal(rng, mu, sigma);
            total += x;
            paid += fmin(fmax(x - 5e6, 0.0), 5e7);
        }
        double y = total - fmin(paid, 6e7);
        sum += y;
        sum2 += y * y;
    }
    gsl_rng_free(rng);
    double m = sum / (double)n, se = sqrt((sum2 / (double)n - m * m) / (double)n);
    ck_within(net.total.mean, m, 4.0 * hypot(se, net.total.mean_se));
    ck_assert(net.total.mean > 39978122.36131112 + 4.0 * net.total.mean_se); /* it binds */
    cr_sim_result_clear(&net);
    cr_sim_result_clear(&gross);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- the bridge from a scored service --------------------------------------- */

typedef struct loaded {
    cr_catalog *catalog;
    cr_model *model;
    cr_service *service;
    cr_calibration cal;
} loaded;

static void load_all(loaded *l, const char *example)
{
    memset(l, 0, sizeof *l);
    char path[4096];
    fail_on(cr_catalog_load(data_dir(), &l->catalog, &err));
    fail_on(cr_model_load(data_dir(), l->catalog, &l->model, &err));
    fail_on(cr_calibration_load_dir(data_dir(), &l->cal, &err));
    snprintf(path, sizeof path, "%s/datasets/examples/%s", data_dir(), example);
    fail_on(cr_service_load(l->model, path, &l->service, &err));
}

static void free_all(loaded *l)
{
    cr_calibration_clear(&l->cal);
    cr_service_free(l->service);
    cr_model_free(l->model);
    cr_catalog_free(l->catalog);
}

START_TEST(calibration_matches_the_model_scales)
{
    loaded l;
    load_all(&l, "saas-personal-data.json");
    fail_on(cr_calibration_check_scales(&l.cal, l.model, &err));
    /* A band that no longer matches scales.json is refused. */
    l.cal.frequency[2].max *= 2.0;
    ck_assert_int_eq(cr_calibration_check_scales(&l.cal, l.model, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.likelihood[level 3]");
    l.cal.frequency[2].max /= 2.0;
    /* Reductions whose most likely value is not the scoring's R_L, R_I. */
    l.cal.reduction[CR_SIM_MAGNITUDE].mode = 1.5;
    ck_assert_int_eq(cr_calibration_check_scales(&l.cal, l.model, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.reduction.impact");
    ck_assert(strstr(err.message, "max_impact_reduction") != NULL);
    l.cal.reduction[CR_SIM_MAGNITUDE].mode = 2.0;
    l.cal.reduction[CR_SIM_FREQUENCY].mode = 2.0;
    ck_assert_int_eq(cr_calibration_check_scales(&l.cal, l.model, &err), CR_ERR_INPUT);
    ck_assert_str_eq(err.path, "$.reduction.likelihood");
    l.cal.reduction[CR_SIM_FREQUENCY].mode = 3.0;
    fail_on(cr_calibration_check_scales(&l.cal, l.model, &err));
    snprintf(l.cal.currency, sizeof l.cal.currency, "USD");
    ck_assert_int_eq(cr_calibration_check_scales(&l.cal, l.model, &err), CR_ERR_INPUT);
    ck_assert(strstr(err.message, "USD") != NULL);
    free_all(&l);
}
END_TEST

START_TEST(portfolio_from_scores_uses_levels_overrides_and_credit)
{
    loaded l;
    load_all(&l, "saas-personal-data.json");
    size_t n = cr_model_risk_count(l.model);
    cr_risk_score *scores = calloc(n, sizeof *scores);
    cr_score_risks(l.model, l.service, NULL, scores);
    cr_portfolio inh, res;
    fail_on(cr_sim_portfolio_from_scores(l.model, l.service, &l.cal, scores, false, &inh, &err));
    fail_on(cr_sim_portfolio_from_scores(l.model, l.service, &l.cal, scores, true, &res, &err));
    ck_assert_uint_eq(inh.n_risks, n);
    int credited = 0;
    for (size_t k = 0; k < n; k++) {
        const cr_risk *risk = cr_model_risk(l.model, scores[k].risk);
        ck_assert_str_eq(inh.risks[k].id, risk->id);
        const cr_risk_override *o = cr_service_override(l.service, scores[k].risk);
        const cr_dist *f = o && o->has_frequency ? &o->frequency
                                                 : &l.cal.frequency[scores[k].inherent_likelihood - 1];
        const cr_dist *s = o && o->has_loss ? &o->loss
                                            : &l.cal.loss[scores[k].inherent_impact - 1];
        ck_assert(cr_dist_mean(&inh.risks[k].frequency) == cr_dist_mean(f));
        ck_assert(cr_dist_mean(&res.risks[k].loss) == cr_dist_mean(s));
        const double want[CR_SIM_TARGETS] = {scores[k].likelihood_strength,
                                             scores[k].impact_strength};
        for (int t = 0; t < CR_SIM_TARGETS; t++) {
            ck_assert(inh.risks[k].reductions[t].strength == 0.0);
            ck_assert(res.risks[k].reductions[t].strength == want[t]);
            credited += want[t] > 0.0;
        }
        ck_assert(cr_sim_risk_expected_loss(&res.risks[k]) <=
                  cr_sim_risk_expected_loss(&inh.risks[k]));
    }
    ck_assert_int_gt(credited, 0); /* the example does credit some controls */
    /* CR10's workshop estimates (service file) replace the bands. */
    const cr_sim_risk *cr10 = &inh.risks[9];
    ck_assert_str_eq(cr10->id, "CR10");
    ck_assert_int_eq(cr10->loss.kind, CR_DIST_LOGNORMAL);
    ck_assert(cr10->loss.p05 == 5e6 && cr10->loss.p95 == 3e8);
    ck_assert(cr10->frequency.min == 0.3 && cr10->frequency.mode == 1.0 &&
              cr10->frequency.max == 3.0);
    cr_portfolio_clear(&inh);
    cr_portfolio_clear(&res);
    free(scores);
    free_all(&l);
}
END_TEST

START_TEST(implementing_controls_never_raises_the_simulated_residual)
{
    /* Invariant 5 of the risk model, quantitatively: the service's own
     * control states against the same with every control implemented, same
     * seed. */
    loaded l;
    load_all(&l, "small-saas.json");
    size_t n = cr_model_risk_count(l.model), nc = cr_model_control_count(l.model);
    cr_control_state *all = calloc(nc, sizeof *all);
    memcpy(all, cr_service_controls(l.service), nc * sizeof *all);
    for (size_t c = 0; c < nc; c++) {
        all[c].status = CR_CONTROL_IMPLEMENTED;
        all[c].effectiveness = -1.0;
        all[c].listed = true;
    }
    cr_risk_score *own = calloc(n, sizeof *own), *more = calloc(n, sizeof *more);
    cr_score_risks(l.model, l.service, NULL, own);
    cr_score_risks(l.model, l.service, all, more);
    cr_portfolio p_own, p_more;
    fail_on(cr_sim_portfolio_from_scores(l.model, l.service, &l.cal, own, true, &p_own, &err));
    fail_on(cr_sim_portfolio_from_scores(l.model, l.service, &l.cal, more, true, &p_more, &err));
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 30000;
    o.seed = 11;
    o.threads = 2;
    o.appetite = 1e8;
    cr_sim_result r_own, r_more;
    fail_on(cr_simulate(&p_own, &o, &r_own, &err));
    fail_on(cr_simulate(&p_more, &o, &r_more, &err));
    assert_not_above(&r_more.total, &r_own.total, "total");
    for (size_t k = 0; k < n; k++)
        assert_not_above(&r_more.risks[k].stats, &r_own.risks[k].stats, r_own.risks[k].id);
    ck_assert(r_more.total.mean < r_own.total.mean);
    cr_sim_result_clear(&r_own);
    cr_sim_result_clear(&r_more);
    cr_portfolio_clear(&p_own);
    cr_portfolio_clear(&p_more);
    free(own);
    free(more);
    free(all);
    free_all(&l);
}
END_TEST

START_TEST(service_run_records_what_identifies_it)
{
    loaded l;
    load_all(&l, "public-iaas.json");
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 10000;
    o.seed = 3;
    cr_sim_service_run run;
    fail_on(cr_sim_run_service(l.model, l.service, &l.cal, &o, &run, &err));
    const cr_sim_report *r = &run.report;
    ck_assert_uint_eq(r->n_scenarios, 2);
    ck_assert_str_eq(r->scenarios[0].name, "inherent");
    ck_assert_str_eq(r->scenarios[1].name, "residual");
    ck_assert_str_eq(r->model_version, cr_model_version(l.model));
    ck_assert_str_eq(r->calibration_version, l.cal.version);
    ck_assert(r->seed == 3 && r->trials == 10000);
    /* The criteria's appetite, since none was given. */
    const cr_criteria *c = cr_model_criteria(l.model);
    ck_assert(r->appetite == c->appetite_annual_loss);
    ck_assert(r->appetite_probability == c->appetite_probability);
    ck_assert(!isnan(run.results[1].total.p_exceed));
    /* inputs = SHA-256 of the documented text. */
    char text[512], hex[65];
    const char *cl = cr_service_checklist_sha256(l.service);
    snprintf(text, sizeof text, "service %s\nchecklist %s\nmodel %s\ncalibration %s\n",
             cr_service_sha256(l.service), cl ? cl : "-", cr_model_sha256(l.model),
             l.cal.sha256);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, strlen(text));
    cr_sha256_final_hex(&h, hex);
    ck_assert_str_eq(r->inputs_sha256, hex);
    ck_assert_uint_eq(strlen(l.cal.sha256), 64);
    /* Common random numbers: residual below inherent. */
    assert_not_above(&run.results[1].total, &run.results[0].total, "residual");
    cr_sim_service_run_clear(&run);
    free_all(&l);
}
END_TEST


/* Two services with the same risks must not draw the same years: with
 * streams keyed by risk id alone, a fleet's total added perfectly dependent
 * losses.  Scoped by service, the same service gives the same years (common
 * random numbers across its scenarios stay), another service independent
 * ones: their years' correlation is within 4 standard errors (1/sqrt(T)
 * under independence) of zero. */
START_TEST(services_draw_independent_years)
{
    cr_portfolio a, a_again, b;
    mixed_portfolio(&a, 1.0);
    mixed_portfolio(&a_again, 1.0);
    mixed_portfolio(&b, 1.0);
    snprintf(a.scope, sizeof a.scope, "svc-a");
    snprintf(a_again.scope, sizeof a_again.scope, "svc-a");
    snprintf(b.scope, sizeof b.scope, "svc-b");
    enum { T = 20000 };
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = T;
    o.seed = 8;
    o.keep_trial_totals = true;
    o.threads = 2;
    cr_sim_result ra, ra2, rb;
    fail_on(cr_simulate(&a, &o, &ra, &err));
    fail_on(cr_simulate(&a_again, &o, &ra2, &err));
    fail_on(cr_simulate(&b, &o, &rb, &err));
    ck_assert_int_eq(memcmp(ra.trial_totals, ra2.trial_totals, T * sizeof(double)), 0);
    /* Correlation of log(1 + loss): the losses' own moments are dominated
     * by a few years of a heavy tail, their logarithms' are not. */
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    size_t same = 0;
    for (size_t t = 0; t < T; t++) {
        double x = log1p(ra.trial_totals[t]), y = log1p(rb.trial_totals[t]);
        same += ra.trial_totals[t] == rb.trial_totals[t] && ra.trial_totals[t] > 0;
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    double n = T, cov = sxy / n - (sx / n) * (sy / n);
    double corr = cov / sqrt((sxx / n - (sx / n) * (sx / n)) * (syy / n - (sy / n) * (sy / n)));
    ck_assert_msg(fabs(corr) < 4.0 / sqrt(n), "correlation %g of two services' years", corr);
    ck_assert_uint_eq(same, 0);
    /* The same statistics, not the same years: both estimate one mean. */
    double se = sqrt(ra.total.mean_se * ra.total.mean_se + rb.total.mean_se * rb.total.mean_se);
    ck_assert_msg(fabs(ra.total.mean - rb.total.mean) < 4 * se, "means %g and %g, SE %g",
                  ra.total.mean, rb.total.mean, se);
    cr_sim_result_clear(&ra);
    cr_sim_result_clear(&ra2);
    cr_sim_result_clear(&rb);
    cr_portfolio_clear(&a);
    cr_portfolio_clear(&a_again);
    cr_portfolio_clear(&b);
}
END_TEST

/* The per-trial totals a caller may keep: absent unless asked; when asked,
 * the same years the total summarises, in trial order, the same bytes for
 * any thread count, and the statistics unchanged by keeping them. */
START_TEST(trial_totals_are_kept_only_when_asked)
{
    cr_portfolio p;
    mixed_portfolio(&p, 1.0);
    cr_sim_result plain, kept1, kept3;
    run(&p, 9001, 5, 2, &plain);
    ck_assert_ptr_null(plain.trial_totals);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 9001;
    o.seed = 5;
    o.keep_trial_totals = true;
    o.threads = 1;
    fail_on(cr_simulate(&p, &o, &kept1, &err));
    o.threads = 3;
    fail_on(cr_simulate(&p, &o, &kept3, &err));
    ck_assert_ptr_nonnull(kept1.trial_totals);
    ck_assert_int_eq(memcmp(kept1.trial_totals, kept3.trial_totals, 9001 * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(&plain.total, &kept1.total, sizeof plain.total), 0);
    /* The kept totals summarise to the run's total statistics. */
    double *copy = malloc(9001 * sizeof *copy);
    memcpy(copy, kept1.trial_totals, 9001 * sizeof *copy);
    cr_sim_stats st;
    fail_on(cr_sim_summarise(copy, 9001, NAN, &st, &err));
    ck_assert(isnan(st.expected));
    ck_assert_double_eq(st.mean, kept1.total.mean);
    ck_assert_double_eq(st.p99, kept1.total.p99);
    ck_assert_double_eq(st.es95, kept1.total.es95);
    /* P(total > x) counted directly on the unsorted years. */
    const double xs[] = {0.0, st.p50, st.p99, st.max};
    for (int k = 0; k < 4; k++) {
        size_t above = 0;
        for (size_t t = 0; t < 9001; t++)
            above += kept1.trial_totals[t] > xs[k];
        ck_assert_double_eq(cr_sim_exceedance(copy, 9001, xs[k]), (double)above / 9001);
    }
    ck_assert_double_eq(cr_sim_exceedance(copy, 9001, st.max), 0.0);
    /* A trial's total is not sorted away: it differs from the sorted sample. */
    ck_assert_int_ne(memcmp(copy, kept1.trial_totals, 9001 * sizeof *copy), 0);
    free(copy);
    /* Bad samples are refused. */
    double bad[2] = {1.0, -1.0};
    ck_assert_int_eq(cr_sim_summarise(bad, 2, NAN, &st, &err), CR_ERR_INPUT);
    ck_assert_int_eq(cr_sim_summarise(bad, 0, NAN, &st, &err), CR_ERR_INPUT);
    cr_sim_result_clear(&plain);
    cr_sim_result_clear(&kept1);
    cr_sim_result_clear(&kept3);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- suite ------------------------------------------------------------------------ */

static Suite *suite(void)
{
    Suite *s = suite_create("simulate");
    TCase *tc = tcase_create("streams");
    tcase_add_test(tc, stream_derivation_matches_hand_computation);
    tcase_add_test(tc, stream_seat_starts_splitmix64_there);
    suite_add_tcase(s, tc);

    tc = tcase_create("samplers");
    tcase_add_test(tc, pert_mean_and_range);
    tcase_add_test(tc, lognormal_sampler_mean);
    tcase_add_test(tc, mixture_picks_components_by_weight);
    suite_add_tcase(s, tc);

    tc = tcase_create("kernel");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, compound_poisson_lognormal_mean_and_variance);
    tcase_add_test(tc, pert_rate_is_a_mixed_poisson);
    tcase_add_test(tc, constant_rate_constant_loss_is_a_scaled_poisson);
    tcase_add_test(tc, zero_rate_never_loses);
    tcase_add_test(tc, a_magnitude_term_scales_every_loss_by_its_levels);
    tcase_add_test(tc, level_multiplier_closed_form_matches_quadrature);
    tcase_add_test(tc, zero_levels_change_nothing);
    tcase_add_test(tc, reductions_match_the_closed_form);
    tcase_add_test(tc, half_effective_prevention_halves_the_rate);
    tcase_add_test(tc, same_bytes_for_any_thread_count);
    tcase_add_test(tc, scenarios_together_match_each_alone);
    tcase_add_test(tc, trial_totals_are_kept_only_when_asked);
    tcase_add_test(tc, services_draw_independent_years);
    tcase_add_test(tc, more_controls_never_raise_residual_loss);
    tcase_add_test(tc, shares_and_total);
    tcase_add_test(tc, progress_and_interruption);
    tcase_add_test(tc, bad_options_and_portfolios_are_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("estimators");
    tcase_add_test(tc, quantiles_and_shortfall_of_known_data);
    tcase_add_test(tc, summary_of_known_data);
    tcase_add_test(tc, radix_sort_agrees_with_qsort);
    suite_add_tcase(s, tc);

    tc = tcase_create("inputs");
    tcase_add_test(tc, portfolio_json_round_trip_and_errors);
    tcase_add_test(tc, shipped_calibration_loads_and_grows_with_level);
    tcase_add_test(tc, bad_calibration_is_refused);
    tcase_add_test(tc, bridge_uses_bands_overrides_and_strengths);
    tcase_add_test(tc, worked_example_of_the_bridge);
    tcase_add_test(tc, worked_example_of_a_current_estimate);
    tcase_add_test(tc, putting_back_stops_at_the_top_of_the_scale);
    tcase_add_test(tc, an_insurance_layer_matches_its_closed_form_and_an_independent_run);
    suite_add_tcase(s, tc);

    tc = tcase_create("service");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, calibration_matches_the_model_scales);
    tcase_add_test(tc, portfolio_from_scores_uses_levels_overrides_and_credit);
    tcase_add_test(tc, implementing_controls_never_raises_the_simulated_residual);
    tcase_add_test(tc, service_run_records_what_identifies_it);
    tcase_add_test(tc, joint_pool_pairs_each_participants_frequency_with_its_loss);
    tcase_add_test(tc, joint_pool_keeps_common_random_numbers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
