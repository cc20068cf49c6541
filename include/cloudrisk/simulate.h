/*
 * cloudrisk/simulate.h -- Monte Carlo annual loss of a portfolio of risks.
 *
 * Two layers.  The kernel works on a plain portfolio (cr_portfolio): for each
 * risk a frequency (events per year), a loss per event, and the control
 * reductions credited against it.  The bridge (further below) builds such a
 * portfolio from a qualitative assessment through the calibration bands in
 * models/calibration.json, with workshop estimates replacing the defaults.
 *
 * One simulated year of risk r (doc/simulation.md has the derivation):
 *
 *   lambda ~ F_r                 events per year, drawn once per year
 *   D_j    ~ levels_j            levels term j removes at full strength; one
 *                                draw per term and year (drawn only in years
 *                                with an event: elsewhere Y_r = 0)
 *   m_f    = prod over frequency terms j of rho_j^(-s_j D_j)
 *   m_m    = prod over magnitude terms j of rho_j^(-s_j D_j)
 *   N0     ~ Poisson(lambda)     the events that would happen uncontrolled
 *   U_i    ~ Uniform[0,1), L_i ~ loss distribution, i = 1..N0
 *   Y_r    = m_m * sum of L_i over the events with U_i < m_f
 *
 * Keeping each of the N0 events with probability m_f (thinning) makes the
 * kept count Poisson(lambda m_f), so this is the compound Poisson model with
 * rate lambda m_f; drawing it by thinning means that a stronger control only
 * ever removes events and shrinks losses in the same simulated year (common
 * random numbers), so results are exactly monotone in the controls.
 *
 * A reduction counts in levels of the qualitative scales, as the scoring's
 * does (doc/scoring.md: likelihood down by R_L S_P levels, impact by R_I
 * S_I): rho_j is the factor one level stands for (events per year for the
 * likelihood, money per event for the impact), so the simulated residual is
 * of the order of the qualitative residual's band.
 *
 * The year's total is the sum of Y_r over the risks in the same trial.
 *
 * Reproducibility: trials are cut into blocks of CR_SIM_BLOCK_TRIALS; each
 * (seed, risk id, block, purpose) has its own generator state derived as documented in
 * doc/simulation.md, so the output is byte-identical whatever the number of
 * threads.
 */
#ifndef CLOUDRISK_SIMULATE_H
#define CLOUDRISK_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"
#include "cloudrisk/loss_summary.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CR_SIM_DEFAULT_TRIALS 100000u
#define CR_SIM_MAX_TRIALS 100000000u
#define CR_SIM_BLOCK_TRIALS 4096u /* trials per random-number block */
#define CR_SIM_MAX_REDUCTIONS 4   /* reduction terms per risk */
#define CR_SIM_MAX_SCENARIOS 8    /* portfolios simulated together (cr_simulate_scenarios) */
#define CR_SIM_ID_MAX 32          /* risk id, including the NUL */
#define CR_SIM_SCOPE_MAX 96       /* portfolio scope (a service id), including the NUL */
#define CR_SIM_ROLE_MAX 24
/* Largest event rate a portfolio may describe (events per year), a
 * lognormal's reach taken as exp(mu + 6 sigma); a drawn rate above
 * CR_SIM_RATE_GUARD (which validation makes a less than 1e-9 event) is taken
 * as CR_SIM_RATE_GUARD. */
#define CR_SIM_MAX_RATE CR_DIST_MAX_RATE
#define CR_SIM_RATE_GUARD 1e6
/* Largest loss per event, judged the same way. */
#define CR_SIM_MAX_LOSS CR_DIST_MAX_LOSS
/* Bounds of a reduction term: at most this many levels removed at full
 * strength, and a level factor rho in [1, CR_SIM_MAX_LEVEL_FACTOR]. */
#define CR_SIM_MAX_LEVELS 10.0
#define CR_SIM_MAX_LEVEL_FACTOR 1000.0

/* ---- the portfolio ------------------------------------------------------ */

/* What a control reduction acts on. */
typedef enum cr_sim_target {
    CR_SIM_FREQUENCY = 0, /* preventive: fewer events */
    CR_SIM_MAGNITUDE = 1  /* detective, corrective: smaller losses */
} cr_sim_target;

/* The reduction terms, one per target; the bridge's terms in this order. */
#define CR_SIM_TARGETS 2

/* One reduction term: multiplier rho^(-n(s) D), D ~ levels drawn once per
 * simulated year: at full strength the term removes D levels of a scale on
 * which one level is a factor rho.  n(s) = s for an estimate without a
 * baseline.  A baseline b > 0 says the risk's frequency or loss already
 * includes a credit b (a current-basis estimate), and then
 *   n(s) = s - b            for s >= b  (what is added beyond today)
 *   n(s) = (s / b - 1) r    for s <  b  (down to -r at s = 0: put back)
 * A frequency term raises the year's rate by rho^(r D) and thins with
 * rho^(-(r + n(s)) D), so that the same events are drawn whatever s is
 * (doc/simulation.md). */
typedef struct cr_sim_reduction {
    char role[CR_SIM_ROLE_MAX]; /* "preventive", "detective+corrective" (a label) */
    cr_sim_target target;
    double strength;            /* credited strength s in [0, 1] */
    double baseline;            /* strength b in [0, 1] already in the estimate (a
                                   current-basis estimate: today's credit) */
    double restore;             /* r in [0, b]: what s = 0 puts back (b, unless
                                   that would pass the top of the scale) */
    double level_factor;        /* rho >= 1: the factor of one level */
    cr_dist levels;             /* D in [0, CR_SIM_MAX_LEVELS]: constant, PERT
                                   or a mixture of them; owned */
} cr_sim_reduction;

/* An insurance layer on a risk's losses (a transfer decision), applied year
 * by year: for each event of loss x (after the controls) the insurer pays
 *   p(x) = min(max(x - retention, 0), limit_per_event)
 * and over the year at most limit_per_year; what is retained,
 *   Y_net = sum x_i - min(sum p(x_i), limit_per_year),
 * is the risk's year (doc/simulation.md).  Y_net is non-decreasing in every
 * x_i, so the controls' year-by-year monotonicity holds net of insurance. */
typedef struct cr_sim_layer {
    bool present;
    double retention;       /* per event, >= 0 */
    double limit_per_event; /* most paid for one event, >= retention; INFINITY: none */
    double limit_per_year;  /* most paid in a year, > 0; INFINITY: none */
} cr_sim_layer;

typedef struct cr_sim_risk {
    char id[CR_SIM_ID_MAX];     /* unique in the portfolio; seeds its streams */
    cr_dist frequency;          /* events per year (lower bound >= 0); owned */
    cr_dist loss;               /* money per event (lower bound >= 0); owned */
    /* A joint pool (doc/workshop.md): frequency and loss are mixtures with the
     * same weights whose component k is one participant's judgement; a year
     * draws one participant, then that participant's rate and losses. */
    bool joint;
    size_t n_reductions;
    cr_sim_reduction reductions[CR_SIM_MAX_REDUCTIONS];
    cr_sim_layer layer;         /* insurance on the losses, when present */
} cr_sim_risk;

typedef struct cr_portfolio {
    size_t n_risks;
    cr_sim_risk *risks; /* owned */
    size_t capacity;
    /* Whose risks these are: a service's portfolio (cr_sim_portfolio_from_
     * scores) has its service id here, and its risks' random streams are
     * keyed by (service, risk).  Without it, two services at one seed would
     * draw the same years for each risk id, and a fleet's total would add up
     * perfectly dependent losses.  Empty: streams keyed by risk id alone (a
     * portfolio read from JSON). */
    char scope[CR_SIM_SCOPE_MAX];
} cr_portfolio;

CR_PUBLIC void cr_portfolio_init(cr_portfolio *p);
CR_PUBLIC void cr_portfolio_clear(cr_portfolio *p);
/* Free the distributions a risk owns (for a risk never added). */
CR_PUBLIC void cr_sim_risk_clear(cr_sim_risk *risk);
/* Append a risk.  Its distributions are moved into the portfolio (on success
 * and on failure); *risk is left empty. */
CR_PUBLIC cr_status cr_portfolio_add(cr_portfolio *p, cr_sim_risk *risk, cr_error *err);
/* Deep copy. */
CR_PUBLIC cr_status cr_portfolio_copy(cr_portfolio *dst, const cr_portfolio *src, cr_error *err);
/* Check what the simulation relies on: unique non-empty ids, frequency and
 * loss never negative and not beyond CR_SIM_MAX_RATE / CR_SIM_MAX_LOSS (a
 * lognormal's reach taken as exp(mu + 6 sigma)), strengths in [0, 1], level
 * factors in [1, CR_SIM_MAX_LEVEL_FACTOR], levels bounded within
 * [0, CR_SIM_MAX_LEVELS] (constant, PERT or mixtures of them: the closed
 * form below needs their moment generating function). */
CR_PUBLIC cr_status cr_portfolio_validate(const cr_portfolio *p, cr_error *err);

/* Portfolio JSON, for running the kernel directly and for the benchmark:
 *   {"risks": [{"id": "CR01",
 *               "frequency": <dist>, "loss": <dist>,
 *               "joint": true (optional: a joint workshop pool),
 *               "reductions": [{"role": "preventive", "target": "frequency",
 *                               "strength": 0.6, "level_factor": 4.616,
 *                               "levels": <dist>}]}]}
 * with <dist> one of the forms of dist.h. */
CR_PUBLIC cr_status cr_portfolio_from_json(const cJSON *root, const char *file, cr_portfolio *p,
                                           cr_error *err);
CR_PUBLIC cr_status cr_portfolio_load(const char *path, cr_portfolio *p, cr_error *err);
/* The portfolio in that form (caller deletes), or NULL when memory ran out. */
CR_PUBLIC cJSON *cr_portfolio_to_json(const cr_portfolio *p);

/* E[rho^(-(s - b) D)] = E[exp(-t D)], t = (s - b) ln rho: for D = a + (c - a) B,
 * B ~ Beta(alpha, beta) (PERT), e^(-t a) 1F1(alpha; alpha + beta; -t (c - a)),
 * the Beta's moment generating function (computed for t > 0 after Kummer's
 * transformation as e^(-t c) 1F1(beta; alpha + beta; t (c - a)), and for
 * t < 0 in the first form: either way a series of positive terms); e^(-t k)
 * for a constant k; the weighted sum for a mixture. */
CR_PUBLIC double cr_sim_reduction_expected_multiplier(const cr_sim_reduction *c);
/* n(s) of a term (above), in levels at full strength. */
CR_PUBLIC double cr_sim_reduction_net(const cr_sim_reduction *c);
/* E[rho^(-n D)] for any n: the expected multiplier of a term at net n. */
CR_PUBLIC double cr_sim_levels_expected_multiplier(const cr_dist *levels, double level_factor, double n);

/* Closed-form expected annual loss, exact under the model's independence:
 *   E[Y_r] = E[lambda] * prod_f E[rho_j^(-s_j D_j)] * E[L]
 *            * prod_m E[rho_j^(-s_j D_j)].
 * Cheap enough to rank many control sets without simulating.  NAN for a
 * risk with an insurance layer (an annual limit has no closed form; the
 * layer's expected retained loss per event is cr_sim_layer_event_retained). */
CR_PUBLIC double cr_sim_risk_expected_loss(const cr_sim_risk *risk);
CR_PUBLIC double cr_portfolio_expected_loss(const cr_portfolio *p);

/* E[x - p(x)] for one event of loss x ~ loss (lognormal or constant; NAN
 * otherwise) under a layer without a yearly limit, by the limited expected
 * value E[min(X, d)] = e^(mu + sigma^2/2) Phi((ln d - mu - sigma^2)/sigma)
 * + d (1 - Phi((ln d - mu)/sigma)):
 *   retained = E[X] - (E[min(X, R + L)] - E[min(X, R)]). */
CR_PUBLIC double cr_sim_layer_event_retained(const cr_dist *loss, const cr_sim_layer *layer);

/* ---- running it --------------------------------------------------------- */

/* Called from the calling thread only, after each block it completes, with
 * the risk-trials done so far out of n_risks * trials.  Return nonzero to
 * stop the run (cr_simulate then returns CR_ERR_INTERRUPTED). */
typedef int (*cr_sim_progress_fn)(void *user, uint64_t done, uint64_t total);

typedef struct cr_sim_options {
    uint64_t trials;   /* simulated years, 1..CR_SIM_MAX_TRIALS */
    uint64_t seed;
    unsigned threads;  /* 0: all online cores */
    double appetite;   /* P(loss > appetite) is reported; NAN: not set */
    cr_sim_progress_fn progress; /* may be NULL */
    void *progress_user;
    /* Keep the total annual loss of every trial, in trial order, in
     * cr_sim_result.trial_totals (for adding portfolios trial by trial, e.g.
     * a fleet's services).  Off by default: the array is then freed with the
     * run, at no extra cost. */
    bool keep_trial_totals;
    /* Precision mode (cr_sim_run_service, and the plan and batch through
     * their own options): > 0, the relative standard error asked of the
     * total's mean and P99, e.g. 0.01; 0: `trials` as given.  Honoured by
     * cr_simulate_to_precision, not by cr_simulate. */
    double precision;
    uint64_t max_trials; /* precision mode's cap; 0: CR_SIM_PRECISION_CAP */
    /* Precision mode's floor: at least these trials (rounded up to whole
     * blocks), whatever the target; 0: none.  The uncertainty bands raise it
     * to what they need (cr_sim_bands_fit). */
    uint64_t min_trials;
} cr_sim_options;

/* trials = CR_SIM_DEFAULT_TRIALS, seed = 1, threads = 0, appetite = NAN. */
CR_PUBLIC void cr_sim_options_default(cr_sim_options *o);

/* The summary of a simulated annual-loss sample (a risk, or the total) is
 * the one loss summary every command reports (loss_summary.h); the
 * simulation's name for it. */
typedef cr_loss_summary cr_sim_stats;

typedef struct cr_sim_risk_result {
    char id[CR_SIM_ID_MAX];
    cr_sim_stats stats;
} cr_sim_risk_result;

typedef struct cr_sim_result {
    uint64_t trials;
    uint64_t seed;
    double appetite;
    size_t n_risks;
    cr_sim_risk_result *risks; /* owned, in portfolio order */
    cr_sim_stats total;
    /* With options.keep_trial_totals: `trials` doubles, element t the sum
     * over the risks of Y_r in trial t (the sample `total` summarises, in
     * trial order); owned (cr_sim_result_clear), and a caller may take it
     * over by setting the member to NULL.  Otherwise NULL. */
    double *trial_totals;
} cr_sim_result;

/* Simulate `o->trials` years of the portfolio.  Memory: four arrays of
 * `trials` doubles (two risks' years: the one being simulated and the one
 * being summarised meanwhile, sort scratch, the totals), whatever the number
 * of risks; with keep_trial_totals the totals' array outlives the run in the
 * result (handed over, not copied). */
CR_PUBLIC cr_status cr_simulate(const cr_portfolio *p, const cr_sim_options *o, cr_sim_result *result,
                                cr_error *err);
/* Simulate n <= CR_SIM_MAX_SCENARIOS portfolios of the same risks at once:
 * results[i] is, byte for byte, what cr_simulate(portfolios[i], o) gives.
 * Scenarios of one service (inherent, residual, target, ...) draw the same
 * random numbers for a risk whenever its stream key (scope and id),
 * frequency, loss and levels agree (they then differ only in strengths and
 * insurance layers: common random numbers); such a risk's counts, levels
 * and events are drawn once and each scenario keeps its own subset of them,
 * so n scenarios cost little more than one.  Risks that do not agree are
 * simulated on their own, in the same pass.  Memory: 3 n + 1 arrays of
 * `trials` doubles (per portfolio two risks' years and the totals; the sort's
 * scratch).  Progress counts risk-trials drawn (a risk shared by
 * several portfolios once).  keep_trial_totals applies to every result. */
CR_PUBLIC cr_status cr_simulate_scenarios(const cr_portfolio *const *portfolios, size_t n,
                                          const cr_sim_options *o, cr_sim_result *results,
                                          cr_error *err);
CR_PUBLIC void cr_sim_result_clear(cr_sim_result *result);

/* The statistics of cr_sim_stats for any sample of n >= 1 annual losses
 * (each >= 0 and not NaN; e.g. the trial-by-trial sum of several runs'
 * trial_totals at one seed and trial count), by the same estimators as
 * cr_simulate's.  The sample is sorted in place.  `expected` is NAN (no
 * closed form is known here) and `share` 1.  Fails only for want of memory
 * or on a negative or NaN value (CR_ERR_INPUT). */
CR_PUBLIC cr_status cr_sim_summarise(double *sample, size_t n, double appetite, cr_sim_stats *stats,
                                     cr_error *err);
/* The fraction of a sorted sample above threshold: P(loss > threshold). */
CR_PUBLIC double cr_sim_exceedance(const double *sorted, size_t n, double threshold);

/* ---- precision on demand ------------------------------------------------- */

/* Precision mode's bounds: a target relative standard error in
 * [CR_SIM_PRECISION_MIN, CR_SIM_PRECISION_MAX], first run of
 * CR_SIM_PRECISION_FIRST trials, and at most CR_SIM_PRECISION_CAP trials
 * unless options say fewer. */
#define CR_SIM_PRECISION_MIN 0.0001
#define CR_SIM_PRECISION_MAX 0.5
#define CR_SIM_PRECISION_FIRST (8u * CR_SIM_BLOCK_TRIALS)
#define CR_SIM_PRECISION_CAP (1024u * CR_SIM_BLOCK_TRIALS)

/* What precision mode did (doc/simulation.md, "Precision on demand"). */
typedef struct cr_sim_precision {
    double target;        /* relative SE asked */
    uint64_t cap;         /* most trials allowed */
    uint64_t trials;      /* trials taken: the last run's */
    unsigned runs;        /* runs made to get there */
    double rel_se_mean;   /* mean_se / mean of the total at `trials` (0 when mean = 0) */
    double rel_se_p99;    /* p99_se / p99 (0 when p99_se = 0) */
    bool reached;         /* both at or below target; false: stopped at the cap */
} cr_sim_precision;

/* Check a precision target and cap; CR_ERR_ARGUMENT naming the bounds. */
CR_PUBLIC cr_status cr_sim_precision_check(double target, uint64_t cap, cr_error *err);

/* Simulate the portfolio at whole blocks of trials, as many as the total's
 * mean and P99 need for a relative standard error of at most
 * options->precision, or options->max_trials (rounded down to whole blocks).
 * Each run is a plain cr_simulate at a trial count decided from the previous
 * run's figures alone, so the result is the one cr_simulate gives at those
 * trials, byte for byte, whatever the thread count.  The last run is left
 * in *result; when the cap stopped it, the total carries
 * CR_LOSS_WARN_PRECISION_CAP. */
CR_PUBLIC cr_status cr_simulate_to_precision(const cr_portfolio *p, const cr_sim_options *options,
                                             cr_sim_result *result, cr_sim_precision *precision,
                                             cr_error *err);
/* The same for n portfolios simulated together (cr_simulate_scenarios),
 * the trials decided on scenario `judged`'s total: every run is the
 * scenarios' one pass, and the last is left in results[0..n). */
CR_PUBLIC cr_status cr_simulate_scenarios_to_precision(const cr_portfolio *const *portfolios,
                                                       size_t n, size_t judged,
                                                       const cr_sim_options *options,
                                                       cr_sim_result *results,
                                                       cr_sim_precision *precision,
                                                       cr_error *err);

/* ---- calibration and the bridge from qualitative levels ---------------- */

#define CR_SIM_LEVELS 5

/* The label of the bridge's term of a target: "preventive" (frequency),
 * "detective+corrective" (magnitude). */
CR_PUBLIC const char *cr_sim_term_role(cr_sim_target target);

/* models/calibration.json: likelihood level -> frequency, impact level ->
 * loss per event, and per target the levels a fully credited control set
 * removes.  The level factors are derived from the bands
 * (cr_sim_level_factor). */
typedef struct cr_calibration {
    char version[32];
    char currency[8];
    char sha256[65];                        /* of the file's bytes */
    cr_dist frequency[CR_SIM_LEVELS];       /* by likelihood level 1..5 */
    cr_dist loss[CR_SIM_LEVELS];            /* by impact level 1..5 */
    cr_dist reduction[CR_SIM_TARGETS];      /* D_P (frequency), D_I (magnitude) */
    double level_factor[CR_SIM_TARGETS];    /* rho_L, rho_I */
} cr_calibration;

/* The factor one level of a scale stands for: the geometric mean ratio of
 * consecutive levels' means, (mean_5 / mean_1)^(1/4). */
CR_PUBLIC double cr_sim_level_factor(const cr_dist bands[CR_SIM_LEVELS]);

CR_PUBLIC cr_status cr_calibration_load(const char *path, cr_calibration *cal, cr_error *err);
/* Load <data_dir>/models/calibration.json. */
CR_PUBLIC cr_status cr_calibration_load_dir(const char *data_dir, cr_calibration *cal, cr_error *err);
CR_PUBLIC void cr_calibration_clear(cr_calibration *cal);

/* What the bridge needs to know of one assessed risk. */
typedef struct cr_sim_risk_input {
    const char *id;
    int likelihood;                 /* inherent likelihood level 1..5 */
    int impact;                     /* inherent impact level 1..5 */
    /* credited strength per target, [0, 1]: the scoring's S_P (preventive
     * controls, frequency) and S_I (detective and corrective controls
     * together, magnitude) */
    double strength[CR_SIM_TARGETS];
    const cr_dist *frequency;       /* workshop estimate replacing the band, or NULL */
    const cr_dist *loss;            /* workshop estimate replacing the band, or NULL */
    bool joint;                     /* frequency and loss are a joint pool */
    /* The credit per target already in the estimate: today's S_P and S_I
     * for a current-basis estimate, 0 for an inherent one or the bands.  The
     * bridge puts back at most what keeps the inherent expected rate and
     * loss per event within the mean of the scale's top level. */
    double baseline[CR_SIM_TARGETS];
} cr_sim_risk_input;

/* Build a portfolio: frequency and loss from the inherent levels through the
 * calibration (or the workshop estimates), and one reduction term per target
 * with the credited strength (all zero for the inherent portfolio).  The
 * qualitative residual levels are not used: the controls act through the
 * reduction terms, and starting from residual levels would count them twice.
 * Every risk gets both terms, so that portfolios of the same risks share
 * their random numbers term by term. */
CR_PUBLIC cr_status cr_sim_portfolio_build(const cr_calibration *cal, const cr_sim_risk_input *inputs,
                                           size_t n, cr_portfolio *p, cr_error *err);

/* ---- output ---------------------------------------------------------------- */

/* One simulated portfolio shown side by side with others. */
typedef struct cr_sim_scenario {
    const char *name;              /* "inherent", "residual", "target" */
    const cr_portfolio *portfolio; /* its inputs, echoed in JSON (may be NULL) */
    const cr_sim_result *result;
} cr_sim_scenario;

/* A run as written out: what identifies it (every output records the model
 * version, the inputs' SHA-256, the seed and the number of trials) and the
 * scenarios.  Strings may be NULL when not known (e.g. a bare portfolio has
 * no model). */
typedef struct cr_sim_report {
    const char *model_name;
    const char *model_version;
    const char *calibration_version;
    const char *inputs_sha256;
    const char *service_id;
    const char *currency;
    double appetite;               /* annual loss, or NAN */
    double appetite_probability;   /* tolerated P(loss > appetite), or NAN */
    uint64_t seed, trials;
    const cr_sim_scenario *scenarios;
    size_t n_scenarios;
    /* Transfers applied (cr_sim_run_service_insured): how many risks carry an
     * insurance layer, and their premiums a year, an annual cost beside the
     * retained loss.  0 and 0 without. */
    size_t n_insured;
    double premium;
    const cr_sim_precision *precision; /* precision mode's record, or NULL */
} cr_sim_report;

/* JSON (caller deletes): metadata, then per scenario the total and each
 * risk's statistics, loss-exceedance curve and inputs; NULL when memory ran
 * out (never a partial tree). */
CR_PUBLIC cJSON *cr_sim_report_to_json(const cr_sim_report *report);

/* ---- from a scored service ------------------------------------------------ */

/* The calibration must describe the model's scales (models/scales.json):
 * the same currency, and for each level a distribution whose range is that
 * level's band: a PERT from the band's lower to its upper edge, or a
 * lognormal with the edges as its 5th and 95th percentiles; and the levels a
 * full credit removes must be most likely the scoring's (mapping.json
 * credit: max_likelihood_reduction, max_impact_reduction), a constant or a
 * PERT with that mode. */
CR_PUBLIC cr_status cr_calibration_check_scales(const cr_calibration *cal, const cr_model *model,
                                      cr_error *err);
/* Fit the calibration's loss per event to the model's impact bands where an
 * organisation profile set them (cr_model_apply_organisation): each level
 * whose distribution does not span its band becomes the lognormal90 of the
 * band, and rho_I is derived again.  The frequency side is not touched. */
CR_PUBLIC cr_status cr_calibration_follow_impact_scale(cr_calibration *cal, const cr_model *model,
                                             cr_error *err);

/* The portfolio of a service's risks, in model order, from their scores
 * (out of cr_score_risks, for the service's own control states or any other
 * set): inherent likelihood and impact (the workshop's qualitative overrides
 * included) through the calibration, the workshop's frequency and loss
 * estimates in their place where the service file gives them, and, when
 * with_controls, the scores' credited strengths S_P and S_I.  A workshop
 * estimate on the inherent basis is read before the service's controls; one
 * on the current basis already includes today's credit, which its terms
 * carry as their baseline (the residual is then the estimate itself). */
CR_PUBLIC cr_status cr_sim_portfolio_from_scores(const cr_model *model, const cr_service *service,
                                       const cr_calibration *cal, const cr_risk_score *scores,
                                       bool with_controls, cr_portfolio *p, cr_error *err);

/* A service simulated inherent and residual (its own control states), with
 * the same seed: common random numbers, so residual <= inherent year by
 * year.  The report refers to the structure's own members and to the model,
 * service and calibration: use it in place, while those live. */
enum {
    CR_SIM_INHERENT = 0,
    CR_SIM_RESIDUAL = 1,       /* with transfers: what is retained, net of insurance */
    CR_SIM_RESIDUAL_GROSS = 2, /* with transfers only: the residual before insurance */
    CR_SIM_SERVICE_SCENARIOS = 3
};
typedef struct cr_sim_service_run {
    size_t n_portfolios;       /* 2, or 3 when a layer was put on the residual */
    cr_portfolio portfolios[CR_SIM_SERVICE_SCENARIOS];
    cr_sim_result results[CR_SIM_SERVICE_SCENARIOS];
    cr_sim_scenario scenarios[CR_SIM_SERVICE_SCENARIOS];
    cr_sim_report report;
    /* SHA-256 of "service <hex>\nchecklist <hex or ->\nmodel <hex>\n
     * calibration <hex>\n": the assessment's inputs and the calibration. */
    char inputs_sha256[65];
    cr_sim_precision precision; /* with options->precision: what it took */
} cr_sim_service_run;

/* Options as for cr_simulate; when options->appetite is NAN the criteria's
 * risk appetite is used.  Both scenarios run in one pass (cr_simulate_scenarios),
 * and progress counts the risk-trials drawn for them once.  keep_trial_totals
 * keeps the residual scenario's trial totals only (the inherent one's are
 * freed with its run). */
CR_PUBLIC cr_status cr_sim_run_service(const cr_model *model, const cr_service *service,
                                       const cr_calibration *cal, const cr_sim_options *options,
                                       cr_sim_service_run *run, cr_error *err);
CR_PUBLIC void cr_sim_service_run_clear(cr_sim_service_run *run);

/* Puts insurance layers on the residual portfolio (a service's transfer
 * decisions: cr_plan_apply_transfers); *n_layered: how many risks got one,
 * *premium: the premiums a year. */
typedef cr_status (*cr_sim_layers_fn)(void *user, cr_portfolio *residual, size_t *n_layered,
                                      double *premium, cr_error *err);
/* As cr_sim_run_service, with layers: when `layers` puts at least one, the
 * residual is what is retained and a third portfolio, the residual before
 * insurance (gross), is simulated on the same years; the report shows
 * inherent, residual_gross and residual, and the premiums. */
CR_PUBLIC cr_status cr_sim_run_service_insured(const cr_model *model, const cr_service *service,
                                               const cr_calibration *cal,
                                               const cr_sim_options *options,
                                               cr_sim_layers_fn layers, void *user,
                                               cr_sim_service_run *run, cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
