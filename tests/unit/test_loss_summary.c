/*
 * test_loss_summary.c -- the loss summary: tail standard errors and
 * diagnostics recomputed from doc/simulation.md's worked examples, their
 * calibration over repeated seeds, the one JSON shape, and precision mode.
 *
 * Calibration: for R = 200 fixed seeds of n = 20,000 years each, the
 * spread (standard deviation) of a figure over the seeds is compared with
 * the root mean square of the standard error each run reported
 * (E[SE^2] = Var is what a standard error promises).  The accepted band,
 * 0.8 to 1.25, is the one the method is documented to meet; the ratio's own
 * sampling error at R = 200 is about 1 / sqrt(2 R) = 5% for a figure with a
 * near-normal spread, so the band is about 4.5 of those errors wide on
 * either side, and a method off by a quarter fails it.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/simulate.h"
#include "simulate/estimate.h"

static cr_error err;

static void fail_on(cr_status st)
{
    if (st != CR_OK) {
        char msg[2048];
        cr_error_format(&err, msg, sizeof msg);
        ck_abort_msg("unexpected error: %s", msg);
    }
}

#define ck_within(x, want, tol)                                                               \
    ck_assert_msg(fabs((x) - (want)) <= (tol), "%s = %.17g, expected %.17g within %g", #x,   \
                  (double)(x), (double)(want), (double)(tol))

/* One risk: `rate` events a year (constant), loss per event lognormal with
 * the given 5th and 95th percentiles. */
static void one_risk(cr_portfolio *p, double rate, double p05, double p95)
{
    cr_portfolio_init(p);
    cr_sim_risk r;
    memset(&r, 0, sizeof r);
    snprintf(r.id, sizeof r.id, "R1");
    fail_on(cr_dist_constant(&r.frequency, rate, &err));
    fail_on(cr_dist_lognormal90(&r.loss, p05, p95, &err));
    fail_on(cr_portfolio_add(p, &r, &err));
}

/* ---- worked examples (doc/simulation.md) ---------------------------------- */

/* 40 years: 36 without loss, then 1, 2, 4, 9. */
static void forty_years(double x[40])
{
    for (int i = 0; i < 36; i++)
        x[i] = 0.0;
    x[36] = 1.0;
    x[37] = 2.0;
    x[38] = 4.0;
    x[39] = 9.0;
}

START_TEST(worked_example_of_the_expected_shortfall_se)
{
    double x[40];
    forty_years(x);
    cr_sim_stats s;
    fail_on(cr_sim_summarise(x, 40, NAN, &s, &err));
    /* VaR 95% = x_(38) = 2, ES 95% = (4 + 9) / 2; Y = (x - 2)+ is 2 and 7
     * and 38 zeros: mean 0.225, sum of squared deviations 50.975, variance
     * 50.975 / 39, SE = sqrt(variance / 40) / 0.05. */
    ck_within(s.p95, 2.0, 0.0);
    ck_within(s.es95, 6.5, 1e-12);
    ck_within(s.es95_se, sqrt(50.975 / 39.0 / 40.0) / 0.05, 1e-12);
    ck_within(s.es95_se, 3.6153164205243224, 1e-12);
    ck_assert_uint_eq(s.years, 40);
}
END_TEST

START_TEST(worked_example_of_the_diagnostics)
{
    double x[40];
    forty_years(x);
    cr_sim_stats s;
    fail_on(cr_sim_summarise(x, 40, NAN, &s, &err));
    /* mean 0.4; deviations -0.4 (36 times), 0.6, 1.6, 3.6, 8.6: sum of
     * squares 95.6, of fourth powers 5645.648; 95.6^2 / 5645.648. */
    ck_within(s.variance_years, 95.6 * 95.6 / 5645.648, 1e-9);
    ck_within(s.max_share, 9.0 / 16.0, 1e-15);
    ck_assert(s.warnings & CR_LOSS_WARN_FEW_TAIL_YEARS);  /* 40 years: 0.4 beyond P99 */
    ck_assert(s.warnings & CR_LOSS_WARN_LARGEST_YEAR);    /* 56% > 5% */
    ck_assert(s.warnings & CR_LOSS_WARN_HEAVY_TAIL);      /* 1.6 years < 30 */
    ck_assert(!(s.warnings & CR_LOSS_WARN_P99_ZERO));     /* P99's interval is all > 0 */
}
END_TEST

START_TEST(p99_on_the_zero_boundary_is_flagged)
{
    /* 1,000 years, 10 with a loss: P99 = x_(990) = 0, and its interval
     * (ranks 983 to 997) reaches losses. */
    double x[1000];
    for (int i = 0; i < 1000; i++)
        x[i] = i >= 990 ? 1.0 + i : 0.0;
    cr_sim_stats s;
    fail_on(cr_sim_summarise(x, 1000, NAN, &s, &err));
    ck_assert(s.p99 == 0.0);
    ck_assert(s.warnings & CR_LOSS_WARN_P99_ZERO);
    /* 1 year in 1,000 with a loss: P99 = 0 whatever the chance. */
    for (int i = 0; i < 1000; i++)
        x[i] = i == 999 ? 5.0 : 0.0;
    fail_on(cr_sim_summarise(x, 1000, NAN, &s, &err));
    ck_assert(!(s.warnings & CR_LOSS_WARN_P99_ZERO));
}
END_TEST

START_TEST(worked_example_of_the_curve_point_se)
{
    /* 1,000 years, x_(i) = i: at exceedance 0.5, rank 500 with 500 years
     * beyond (not fewer than 100): s = sqrt(1000 * 0.25), the interval
     * [x_(floor(500 - 1.96 s)), x_(ceil(500 + 1.96 s))] = [469, 531]. */
    double big[1000];
    for (int i = 0; i < 1000; i++)
        big[i] = i + 1.0;
    ck_within(cr_lec_point_se(big, 1000, 0.5), (531.0 - 469.0) / 3.92, 1e-12);
    /* 100 years, x_(i) = i (m = n = 100): every point has fewer than 100
     * years beyond. */
    double x[100];
    for (int i = 0; i < 100; i++)
        x[i] = i + 1.0;
    /* At exceedance 0.05: rank 95, the 6th largest; K = min(2*6 + 10, 50)
     * = 22, 1/alpha = (1/22) sum_{i=79..100} ln(i / 78), psi'(6) =
     * pi^2/6 - sum_{k=1..5} 1/k^2; SE = 95 sqrt(psi'(6)) / alpha. */
    double h = 0.0;
    for (int i = 79; i <= 100; i++)
        h += log(i / 78.0);
    h /= 22.0;
    const double pi = 3.14159265358979323846;
    double trigamma6 = pi * pi / 6.0 - (1.0 + 1.0 / 4 + 1.0 / 9 + 1.0 / 16 + 1.0 / 25);
    ck_within(cr_lec_point_se(x, 100, 0.05), 95.0 * sqrt(trigamma6) * h, 1e-9);
    ck_within(cr_lec_point_se(x, 100, 0.05), 5.4613876934468255, 1e-9);
}
END_TEST

/* ---- calibration over repeated seeds ---------------------------------------- */

enum { FIG_MEAN, FIG_ES95, FIG_ES99, FIG_P99, FIG_LEC /* then 99 curve points */ };
#define FIGS (FIG_LEC + CR_SIM_LEC_POINTS - 1)

typedef struct spread {
    double sum[FIGS], sum2[FIGS], se2[FIGS];
    int heavy;
} spread;

static void run_seeds(const cr_portfolio *p, uint64_t n, int seeds, spread *sp)
{
    memset(sp, 0, sizeof *sp);
    for (int k = 0; k < seeds; k++) {
        cr_sim_options o;
        cr_sim_options_default(&o);
        o.trials = n;
        o.seed = 1000 + (uint64_t)k;
        o.threads = 1;
        cr_sim_result res;
        fail_on(cr_simulate(p, &o, &res, &err));
        const cr_sim_stats *t = &res.total;
        ck_assert_uint_eq(t->lec.n, CR_SIM_LEC_POINTS);
        double v[FIGS], se[FIGS];
        v[FIG_MEAN] = t->mean, se[FIG_MEAN] = t->mean_se;
        v[FIG_ES95] = t->es95, se[FIG_ES95] = t->es95_se;
        v[FIG_ES99] = t->es99, se[FIG_ES99] = t->es99_se;
        v[FIG_P99] = t->p99, se[FIG_P99] = t->p99_se;
        for (int j = 1; j < CR_SIM_LEC_POINTS; j++) /* point 0 is the curve's start, at 0 */
            v[FIG_LEC + j - 1] = t->lec.loss[j], se[FIG_LEC + j - 1] = t->lec.loss_se[j];
        for (int f = 0; f < FIGS; f++) {
            sp->sum[f] += v[f];
            sp->sum2[f] += v[f] * v[f];
            sp->se2[f] += se[f] * se[f];
        }
        if (t->warnings & CR_LOSS_WARN_HEAVY_TAIL)
            sp->heavy++;
        cr_sim_result_clear(&res);
    }
}

static void check_calibrated(const spread *sp, int seeds, const char *what)
{
    for (int f = 0; f < FIGS; f++) {
        double m = sp->sum[f] / seeds;
        double sd = sqrt((sp->sum2[f] - seeds * m * m) / (seeds - 1));
        double rms = sqrt(sp->se2[f] / seeds);
        double ratio = sd / rms;
        ck_assert_msg(ratio >= 0.8 && ratio <= 1.25,
                      "%s: figure %d: spread over seeds %g, reported SE %g, ratio %.3f", what, f,
                      sd, rms, ratio);
    }
}

START_TEST(tail_standard_errors_match_the_spread_over_seeds_at_sigma_2_8)
{
    cr_portfolio p;
    one_risk(&p, 2.0, 1e6, 1e10); /* sigma = ln(1e4) / 3.29 = 2.80 */
    ck_within(p.risks[0].loss.sigma, 2.8, 0.01);
    spread sp;
    run_seeds(&p, 20000, 200, &sp);
    check_calibrated(&sp, 200, "sigma 2.8");
    /* The mean's SE is calibrated against the spread, but with a tail this
     * heavy both miss the rare years that make the variance: nearly every
     * run says so.  Not every one: a run whose largest years happen to be
     * several of like size carries its variance in 30 years or more.
     * Measured over seeds 1000-1999: 4 runs of 1000 not flagged with the
     * samplers of model 2.0.0, 3 with those of 2.1.0 (seed 1191 among them,
     * 30.9 years).  At a miss rate of 0.4%, 200 runs miss 4 or more with
     * probability 0.9%: the test fails below 197. */
    ck_assert_int_ge(sp.heavy, 197);
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(tail_standard_errors_match_the_spread_over_seeds_at_sigma_1_4)
{
    cr_portfolio p;
    one_risk(&p, 2.0, 1e5, 1e7);
    spread sp;
    run_seeds(&p, 20000, 200, &sp);
    check_calibrated(&sp, 200, "sigma 1.4");
    cr_portfolio_clear(&p);
}
END_TEST

START_TEST(a_light_tail_is_not_called_heavy)
{
    cr_portfolio p;
    one_risk(&p, 5.0, 1e5, 1e6); /* sigma 0.7 */
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = 20000;
    o.threads = 1;
    cr_sim_result res;
    fail_on(cr_simulate(&p, &o, &res, &err));
    ck_assert_uint_eq(res.total.warnings, 0);
    ck_assert(res.total.variance_years > 1000.0);
    cr_sim_result_clear(&res);
    cr_portfolio_clear(&p);
}
END_TEST

/* ---- JSON ------------------------------------------------------------------------- */

START_TEST(json_round_trip_and_earlier_shapes)
{
    double x[40];
    forty_years(x);
    cr_sim_stats s, back;
    fail_on(cr_sim_summarise(x, 40, 3.0, &s, &err));
    cJSON *j = cr_loss_summary_to_json(&s);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    cJSON *again = cJSON_Parse(text);
    free(text);
    fail_on(cr_loss_summary_from_json(again, "$", 0, &back, &err));
    cJSON_Delete(again);
    ck_assert_uint_eq(back.years, 40);
    ck_assert(back.mean == s.mean && back.mean_se == s.mean_se && back.es95_se == s.es95_se);
    ck_assert(isnan(back.expected));
    ck_assert_uint_eq(back.warnings, s.warnings);
    ck_assert_uint_eq(back.lec.n, s.lec.n);
    for (size_t k = 0; k < s.lec.n; k++)
        ck_assert(back.lec.loss[k] == s.lec.loss[k] && back.lec.loss_se[k] == s.lec.loss_se[k]);

    /* A plan's earlier shape: "se", the curve as points, no "years". */
    cJSON *old = cJSON_Parse("{\"mean\": 5, \"se\": 0.5, \"p99\": 40, \"p_exceed_appetite\": 0.1,"
                             " \"lec\": [{\"loss\": 0, \"exceedance\": 0.3},"
                             " {\"loss\": 40, \"exceedance\": 0.01}]}");
    fail_on(cr_loss_summary_from_json(old, "$.dist", 1000, &back, &err));
    cJSON_Delete(old);
    ck_assert_uint_eq(back.years, 1000);
    ck_within(back.mean_se, 0.5, 0.0);
    ck_within(back.p_exceed, 0.1, 0.0);
    ck_assert_uint_eq(back.lec.n, 2);
    ck_within(back.lec.loss[1], 40.0, 0.0);
    ck_assert(isnan(back.lec.loss_se[1]));

    /* null: no summary; a wrong type names its path. */
    cJSON *null = cJSON_CreateNull();
    fail_on(cr_loss_summary_from_json(null, "$", 0, &back, &err));
    cJSON_Delete(null);
    ck_assert_uint_eq(back.years, 0);
    cJSON *bad = cJSON_Parse("{\"mean\": \"5\", \"years\": 10}");
    ck_assert_int_eq(cr_loss_summary_from_json(bad, "$.total", 0, &back, &err), CR_ERR_INPUT);
    cJSON_Delete(bad);
    char msg[512];
    cr_error_format(&err, msg, sizeof msg);
    ck_assert_msg(strstr(msg, "$.total.mean") != NULL, "%s", msg);
}
END_TEST

/* Each malformed summary is refused with the JSON path of what is wrong. */
START_TEST(malformed_summaries_are_refused_with_their_path)
{
    static const struct {
        const char *json, *path;
    } cases[] = {
        {"[1, 2]", "$.s: expected a loss summary"},
        {"{\"years\": 0}", "$.s.years: expected a whole number"},
        {"{\"years\": 2.5}", "$.s.years: expected a whole number"},
        {"{\"years\": -3}", "$.s.years: expected a whole number"},
        {"{\"years\": 10, \"warnings\": [\"cosmic_rays\"]}", "$.s.warnings: expected names"},
        {"{\"years\": 10, \"warnings\": \"heavy_tail\"}", "$.s.warnings: expected an array"},
        {"{\"years\": 10, \"lec\": {\"loss\": [1, 2], \"exceedance\": [0.5]}}",
         "$.s.lec: expected arrays of the same length"},
        {"{\"years\": 10, \"lec\": {\"loss\": [\"1\"], \"exceedance\": [0.5]}}",
         "$.s.lec.loss: expected an array of numbers"},
        {"{\"years\": 10, \"lec\": [{\"loss\": 1}]}", "$.s.lec: expected points"},
        {"{\"years\": 10, \"lec\": 5}", "$.s.lec: expected an object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *j = cJSON_Parse(cases[i].json);
        ck_assert_ptr_nonnull(j);
        cr_loss_summary s;
        ck_assert_int_eq(cr_loss_summary_from_json(j, "$.s", 0, &s, &err), CR_ERR_INPUT);
        cJSON_Delete(j);
        char msg[512];
        cr_error_format(&err, msg, sizeof msg);
        ck_assert_msg(strstr(msg, cases[i].path) != NULL, "case %zu: %s", i, msg);
    }
    /* 101 points: more than a curve has. */
    char big[2048] = "{\"years\": 10, \"lec\": {\"loss\": [0";
    for (int k = 0; k < 100; k++)
        strcat(big, ",1");
    strcat(big, "], \"exceedance\": []}}");
    cJSON *j = cJSON_Parse(big);
    cr_loss_summary s;
    ck_assert_int_eq(cr_loss_summary_from_json(j, "$.s", 0, &s, &err), CR_ERR_INPUT);
    cJSON_Delete(j);
}
END_TEST

START_TEST(warnings_are_worded_in_both_languages)
{
    double x[40];
    forty_years(x);
    cr_sim_stats s;
    fail_on(cr_sim_summarise(x, 40, NAN, &s, &err));
    for (int i = 0; i < CR_LOSS_WARNINGS; i++) {
        cr_loss_warning w = (cr_loss_warning)(1u << i);
        char en[512], ja[512];
        cr_loss_warning_text(w, &s, "en", en, sizeof en);
        cr_loss_warning_text(w, &s, "ja", ja, sizeof ja);
        ck_assert(cr_loss_warning_name(w) != NULL);
        ck_assert(strlen(en) > 20 && strlen(ja) > 20);
        ck_assert_msg(strstr(ja, "。") != NULL, "%s", ja); /* Japanese punctuation */
        ck_assert_msg(strstr(ja, " the ") == NULL, "%s", ja);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("loss_summary");
    TCase *tc = tcase_create("worked examples");
    tcase_add_test(tc, worked_example_of_the_expected_shortfall_se);
    tcase_add_test(tc, worked_example_of_the_diagnostics);
    tcase_add_test(tc, p99_on_the_zero_boundary_is_flagged);
    tcase_add_test(tc, worked_example_of_the_curve_point_se);
    tcase_add_test(tc, json_round_trip_and_earlier_shapes);
    tcase_add_test(tc, malformed_summaries_are_refused_with_their_path);
    tcase_add_test(tc, warnings_are_worded_in_both_languages);
    suite_add_tcase(s, tc);
    tc = tcase_create("calibration");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tail_standard_errors_match_the_spread_over_seeds_at_sigma_2_8);
    tcase_add_test(tc, tail_standard_errors_match_the_spread_over_seeds_at_sigma_1_4);
    tcase_add_test(tc, a_light_tail_is_not_called_heavy);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
