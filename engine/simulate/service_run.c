/*
 * service_run.c -- a scored service as simulation portfolios: the bridge
 * from the qualitative model (score.h) to the kernel, and the inherent and
 * residual runs side by side.
 *
 * For risk r of the model, with score S_r (cr_score_risks):
 *   likelihood = S_r.inherent_likelihood, impact = S_r.inherent_impact
 *                (the base the residual scoring starts from, workshop
 *                overrides of the levels included);
 *   frequency  = the service's workshop estimate for r, else the calibration
 *                band of the likelihood level;
 *   loss       = the workshop estimate, else the band of the impact level;
 *   strengths  = S_P = S_r.likelihood_strength and S_I = S_r.impact_strength
 *                (residual, target) or 0 (inherent);
 *   baselines  = for an estimate on the current basis, today's S_P (with a
 *                frequency estimate) and S_I (with a loss estimate): the
 *                credit the estimate already includes, whatever control set
 *                S_r stands for.
 * Then bridge.c builds the reduction terms.  The residual levels of S_r are
 * not used: the controls act through the reduction terms instead.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/io.h"
#include "cloudrisk/simulate.h"

/* Does d span exactly [lower, upper] in the calibration's sense? */
static int spans_band(const cr_dist *d, double lower, double upper)
{
    if (d->kind == CR_DIST_PERT)
        return d->min == lower && d->max == upper;
    if (d->kind == CR_DIST_LOGNORMAL)
        return d->p05 == lower && d->p95 == upper;
    return 0;
}

cr_status cr_calibration_check_scales(const cr_calibration *cal, const cr_model *model,
                                      cr_error *err)
{
    const char *currency = cr_model_currency(model);
    if (strcmp(cal->currency, currency) != 0)
        return cr_error_set(err, CR_ERR_INPUT, "calibration.json", 0, "$.currency",
                            "calibration is in %s but the model's scales are in %s; expected "
                            "the same currency", cal->currency, currency);
    for (int level = 1; level <= CR_SIM_LEVELS; level++) {
        const cr_scale_level *l = cr_model_likelihood_level(model, level);
        const cr_scale_level *i = cr_model_impact_level(model, level);
        char path[64];
        if (!spans_band(&cal->frequency[level - 1], l->lower, l->upper)) {
            snprintf(path, sizeof path, "$.likelihood[level %d]", level);
            return cr_error_set(err, CR_ERR_INPUT, "calibration.json", 0, path,
                                "does not span the likelihood band [%g, %g] of scales.json; "
                                "expected a PERT from %g to %g or a lognormal90 [%g, %g]",
                                l->lower, l->upper, l->lower, l->upper, l->lower, l->upper);
        }
        if (!spans_band(&cal->loss[level - 1], i->lower, i->upper)) {
            snprintf(path, sizeof path, "$.impact[level %d]", level);
            return cr_error_set(err, CR_ERR_INPUT, "calibration.json", 0, path,
                                "does not span the impact band [%g, %g] of scales.json; "
                                "expected a lognormal90 [%g, %g] or a PERT from %g to %g",
                                i->lower, i->upper, i->lower, i->upper, i->lower, i->upper);
        }
    }
    /* The levels a full credit removes are most likely the scoring's. */
    const cr_credit_rules *credit = cr_model_credit_rules(model);
    const double scoring[CR_SIM_TARGETS] = {credit->max_likelihood_reduction,
                                            credit->max_impact_reduction};
    static const char *const where[CR_SIM_TARGETS] = {"$.reduction.likelihood",
                                                      "$.reduction.impact"};
    static const char *const rule[CR_SIM_TARGETS] = {"max_likelihood_reduction",
                                                     "max_impact_reduction"};
    for (int k = 0; k < CR_SIM_TARGETS; k++) {
        const cr_dist *d = &cal->reduction[k];
        if ((d->kind != CR_DIST_PERT && d->kind != CR_DIST_CONSTANT) || d->mode != scoring[k])
            return cr_error_set(err, CR_ERR_INPUT, "calibration.json", 0, where[k],
                                "most likely value %g; expected the scoring's %s of %g "
                                "(mapping.json credit)", d->mode, rule[k], scoring[k]);
    }
    return CR_OK;
}

cr_status cr_sim_portfolio_from_scores(const cr_model *model, const cr_service *service,
                                       const cr_calibration *cal, const cr_risk_score *scores,
                                       bool with_controls, cr_portfolio *p, cr_error *err)
{
    size_t n = cr_model_risk_count(model);
    cr_sim_risk_input *in = calloc(n ? n : 1, sizeof *in);
    /* Today's credit: what a current-basis estimate already includes,
     * whatever control set `scores` stands for. */
    cr_risk_score *today = calloc(n ? n : 1, sizeof *today);
    if (!in || !today) {
        free(in);
        free(today);
        cr_portfolio_init(p);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    cr_score_risks(model, service, NULL, today);
    for (size_t k = 0; k < n; k++) {
        const cr_risk_score *s = &scores[k];
        const cr_risk_override *o = cr_service_override(service, s->risk);
        in[k].id = cr_model_risk(model, s->risk)->id;
        in[k].likelihood = s->inherent_likelihood;
        in[k].impact = s->inherent_impact;
        in[k].frequency = o && o->has_frequency ? &o->frequency : NULL;
        in[k].loss = o && o->has_loss ? &o->loss : NULL;
        in[k].joint = o && o->joint;
        in[k].strength[CR_SIM_FREQUENCY] = with_controls ? s->likelihood_strength : 0.0;
        in[k].strength[CR_SIM_MAGNITUDE] = with_controls ? s->impact_strength : 0.0;
        if (o && o->basis == CR_BASIS_CURRENT) {
            const cr_risk_score *now = &today[s->risk];
            /* Only the estimated part is current: a band the estimate does
             * not replace is inherent, as always. */
            in[k].baseline[CR_SIM_FREQUENCY] = o->has_frequency ? now->likelihood_strength : 0.0;
            in[k].baseline[CR_SIM_MAGNITUDE] = o->has_loss ? now->impact_strength : 0.0;
        }
    }
    cr_status st = cr_sim_portfolio_build(cal, in, n, p, err);
    free(in);
    free(today);
    const char *id = cr_service_id(service);
    if (st == CR_OK && strlen(id) >= sizeof p->scope) {
        cr_portfolio_clear(p);
        return cr_error_set(err, CR_ERR_INPUT, NULL, 0, "$.id",
                            "service id of %zu bytes: expected at most %d", strlen(id),
                            CR_SIM_SCOPE_MAX - 1);
    }
    if (st == CR_OK)
        memcpy(p->scope, id, strlen(id) + 1);
    return st;
}

void cr_sim_service_run_clear(cr_sim_service_run *run)
{
    for (int i = 0; i < CR_SIM_SERVICE_SCENARIOS; i++) {
        cr_portfolio_clear(&run->portfolios[i]);
        cr_sim_result_clear(&run->results[i]);
    }
    memset(run, 0, sizeof *run);
}

cr_status cr_sim_run_service(const cr_model *model, const cr_service *service,
                             const cr_calibration *cal, const cr_sim_options *options,
                             cr_sim_service_run *run, cr_error *err)
{
    memset(run, 0, sizeof *run);
    cr_status st = cr_calibration_check_scales(cal, model, err);
    if (st != CR_OK)
        return st;
    size_t n = cr_model_risk_count(model);
    cr_risk_score *scores = calloc(n ? n : 1, sizeof *scores);
    if (!scores)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_score_risks(model, service, NULL, scores);
    for (int i = 0; st == CR_OK && i < CR_SIM_SERVICE_SCENARIOS; i++)
        st = cr_sim_portfolio_from_scores(model, service, cal, scores, i == CR_SIM_RESIDUAL,
                                          &run->portfolios[i], err);
    free(scores);

    const cr_criteria *criteria = cr_model_criteria(model);
    cr_sim_options o = *options;
    if (isnan(o.appetite))
        o.appetite = criteria->appetite_annual_loss;
    static const char *const names[CR_SIM_SERVICE_SCENARIOS] = {"inherent", "residual"};
    /* Both scenarios in one pass: they draw the same years (simulate.h). */
    const cr_portfolio *ports[CR_SIM_SERVICE_SCENARIOS];
    for (int i = 0; i < CR_SIM_SERVICE_SCENARIOS; i++) {
        ports[i] = &run->portfolios[i];
        run->scenarios[i].name = names[i];
        run->scenarios[i].portfolio = &run->portfolios[i];
        run->scenarios[i].result = &run->results[i];
    }
    /* Precision mode: every run is both scenarios' pass, the trials decided
     * on the residual (common random numbers either way). */
    if (st == CR_OK && o.precision > 0.0) {
        st = cr_simulate_scenarios_to_precision(ports, CR_SIM_SERVICE_SCENARIOS, CR_SIM_RESIDUAL,
                                                &o, run->results, &run->precision, err);
        o.trials = run->precision.trials;
        run->report.precision = &run->precision;
    } else if (st == CR_OK) {
        st = cr_simulate_scenarios(ports, CR_SIM_SERVICE_SCENARIOS, &o, run->results, err);
    }
    if (st == CR_OK) {
        /* Only the residual's trial totals are asked for. */
        free(run->results[CR_SIM_INHERENT].trial_totals);
        run->results[CR_SIM_INHERENT].trial_totals = NULL;
    }
    if (st != CR_OK) {
        cr_sim_service_run_clear(run);
        return st;
    }

    const char *checklist = cr_service_checklist_sha256(service);
    char text[400];
    int len = snprintf(text, sizeof text, "service %s\nchecklist %s\nmodel %s\ncalibration %s\n",
                       cr_service_sha256(service), checklist ? checklist : "-",
                       cr_model_sha256(model), cal->sha256);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, (size_t)len);
    cr_sha256_final_hex(&h, run->inputs_sha256);

    cr_sim_report *r = &run->report;
    r->model_name = cr_model_name(model);
    r->model_version = cr_model_version(model);
    r->calibration_version = cal->version;
    r->inputs_sha256 = run->inputs_sha256;
    r->service_id = cr_service_id(service);
    r->currency = cr_model_currency(model);
    r->appetite = o.appetite;
    r->appetite_probability = criteria->appetite_probability;
    r->seed = o.seed;
    r->trials = o.trials;
    r->scenarios = run->scenarios;
    r->n_scenarios = CR_SIM_SERVICE_SCENARIOS;
    return CR_OK;
}
