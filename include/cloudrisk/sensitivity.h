/*
 * cloudrisk/sensitivity.h -- what drives the simulated loss, what each
 * control is worth, and how much of the spread is not knowing rather than
 * chance (doc/sensitivity.md has the methods, their sources and worked
 * examples).
 *
 *   Sensitivity (tornado): each risk's frequency and loss-per-event
 *   estimate, and each control group's effectiveness (the levels D of the
 *   preventive and of the detective+corrective reduction terms), moved
 *   alone to its distribution's 10th and then 90th percentile, everything
 *   else held; the change in the total expected annual loss (closed form)
 *   and in its 95th percentile (simulated on common random numbers).
 *
 *   The value of each control: the expected loss it removes alone, given
 *   the rest of the plan (marginal), and its Shapley share of the plan's
 *   reduction, estimated by sampled orderings with a fixed seed.
 *
 *   Uncertainty bands (two-level Monte Carlo): the parameters (each risk's
 *   rate, a joint pool's participant, the controls' levels) drawn once per
 *   outer sample and held for a block of simulated years; P5-P95 over the
 *   outer samples of the expected loss and of the loss-exceedance curve.
 */
#ifndef CLOUDRISK_SENSITIVITY_H
#define CLOUDRISK_SENSITIVITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cloudrisk/dist.h"
#include "cloudrisk/error.h"
#include "cloudrisk/simulate.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- quantiles of an input ------------------------------------------------ */

/* The p-quantile (0 < p < 1) of a distribution: constant, PERT (the Beta's
 * inverse), lognormal (exp(mu + sigma z_p)), mixture (the pooled CDF
 * sum w_i F_i(x) = p solved by bisection to 1e-12 relative). */
CR_PUBLIC double cr_dist_quantile(const cr_dist *d, double p);

/* ---- sensitivity (tornado) ------------------------------------------------ */

#define CR_SENS_LOW_P 0.10
#define CR_SENS_HIGH_P 0.90
/* Simulated years behind the P95 figures: the first this many years of the
 * run (its first blocks), or all of them when the run is shorter. */
#define CR_SENS_YEARS 16384u
/* A plan draws its tornado by default only from runs of at least this many
 * years: fewer leave under 500 years beyond the P95, whose changes would then
 * be mostly Monte Carlo noise (and the cost, a fixed number of years' worth
 * of simulations, would outweigh the run's own). */
#define CR_SENS_MIN_YEARS 10000u

typedef enum cr_sens_input {
    CR_SENS_FREQUENCY = 0, /* a risk's events per year */
    CR_SENS_LOSS = 1,      /* a risk's loss per event */
    CR_SENS_CONTROLS = 2   /* a control group's levels removed at full strength */
} cr_sens_input;
CR_PUBLIC const char *cr_sens_input_name(cr_sens_input input); /* "frequency", "loss", "controls" */

typedef struct cr_sens_row {
    cr_sens_input input;
    char risk[CR_SIM_ID_MAX];  /* the risk; "" for a control group */
    cr_sim_target target;      /* CR_SENS_CONTROLS: which group */
    /* The input's low and high value: P10 and P90 of its distribution (a
     * control group's: of the first risk's levels that carries the group). */
    double value_low, value_high;
    double ale_low, ale_high;  /* total expected annual loss with the input there */
    double p95_low, p95_high;  /* total annual loss P95 with the input there */
    double swing;              /* |ale_high - ale_low|: the rows' order */
} cr_sens_row;

typedef struct cr_sensitivity {
    bool present;
    bool ale_closed_form;      /* ALE figures are closed forms (false: a risk under an
                                  insurance layer counts with its simulated mean on the
                                  same years, the others by their closed forms) */
    uint64_t seed, years;      /* the run's seed; simulated years behind the P95s */
    uint64_t trials;           /* the run's trials (years is min(trials, CR_SENS_YEARS)) */
    double ale_base, p95_base; /* the same figures with every input as estimated */
    size_t n_rows;
    cr_sens_row *rows;         /* largest swing first; owned */
} cr_sensitivity;

/* Every frequency and loss input of the portfolio and every control group
 * with a credited strength, moved to P10 and P90.  Simulated on the first
 * min(o->trials, CR_SENS_YEARS) years with o->seed and the portfolio's own
 * streams (common random numbers with cr_simulate's run); threads as
 * o->threads, never changing a byte. */
CR_PUBLIC cr_status cr_sensitivity_run(const cr_portfolio *p, const cr_sim_options *o,
                                       cr_sensitivity *out, cr_error *err);
CR_PUBLIC void cr_sensitivity_clear(cr_sensitivity *s);
/* JSON (caller deletes); NULL, never a partial tree, when memory runs out. */
CR_PUBLIC cJSON *cr_sensitivity_to_json(const cr_sensitivity *s);
/* CSV: rank, input, risk, group, value_low, value_high, ale_low, ale_high,
 * p95_low, p95_high, ale_base, p95_base, ale_method, years, seed; every
 * row.  (This and the text writers below are the report stage's documents,
 * engine/report/sensitivity_doc.c.) */
CR_PUBLIC cr_status cr_sensitivity_write_csv(const cr_sensitivity *s, FILE *fp, cr_error *err);

/* A table a person reads: the top rows (0: all) with the changes, in the
 * currency's whole units; `what` names the scenario ("residual").  A blank
 * line sets it apart from what was written before it. */
CR_PUBLIC cr_status cr_sensitivity_write_text(const cr_sensitivity *s, const char *what,
                                              size_t top, FILE *fp, cr_error *err);
/* The tornado chart as a standalone SVG document (the report's drawing):
 * the top rows, amounts in `currency`, words in lang ("en" or "ja"). */
CR_PUBLIC cr_status cr_sensitivity_write_svg(const cr_sensitivity *s, const char *currency,
                                             const char *lang, size_t top, FILE *fp,
                                             cr_error *err);

/* ---- Shapley values by sampled orderings ---------------------------------- */

/* v(S) for a coalition: member i of the players is in S when in[i]. */
typedef cr_status (*cr_coalition_value_fn)(void *ctx, const unsigned char *in, double *value,
                                           cr_error *err);

/* phi_i = E over uniformly random orderings of v(P_i + i) - v(P_i), P_i the
 * players before i: `orderings` orderings (shuffled by GSL taus2 seeded with
 * `seed`), se_i = sd of i's marginals / sqrt(orderings).  Every ordering's
 * marginals add up to v(N) - v(empty), so the estimates do too (to
 * rounding).  With n <= CR_SHAPLEY_EXACT_MAX, the exact value by the subset
 * formula phi_i = sum over S not holding i of |S|! (n-|S|-1)! / n!
 * (v(S + i) - v(S)) is computed instead and se_i = 0. */
#define CR_SHAPLEY_EXACT_MAX 10
CR_PUBLIC cr_status cr_shapley(size_t n, cr_coalition_value_fn value, void *ctx,
                               unsigned orderings, uint64_t seed, double *phi, double *se,
                               cr_error *err);


/* ---- the value of each control in a plan ---------------------------------- */

/* Sampled orderings for the Shapley shares of a plan of more than
 * CR_SHAPLEY_EXACT_MAX items. */
#define CR_VALUE_ORDERINGS 500u

typedef struct cr_control_value {
    size_t gap;          /* the control: index into cr_plan.gaps */
    bool in_plan;
    /* Expected annual loss (closed form) removed, from the residual: */
    double alone;        /* the control added on its own */
    double marginal;     /* in the plan: the plan without it minus the plan; not in
                            the plan: the plan minus the plan with it added */
    double shapley;      /* in the plan: its share of the plan's reduction; NAN otherwise */
    double shapley_se;   /* its Monte Carlo standard error (0 when exact) */
} cr_control_value;

typedef struct cr_control_values {
    bool present;
    bool exact;          /* Shapley shares by the subset formula (few items) */
    unsigned orderings;  /* sampled orderings otherwise */
    uint64_t seed;
    double ale_residual; /* closed-form total before the plan */
    double ale_plan;     /* ... with every plan item carried out (avoidance and
                            transfers left out: they are not controls) */
    size_t n;
    cr_control_value *values; /* plan items by Shapley share, largest first; then
                                 the other gap controls by marginal value; owned */
} cr_control_values;

/* ---- uncertainty bands (two-level Monte Carlo) ----------------------------- */

#define CR_BANDS_MIN_OUTER 20      /* fewer: P5 and P95 would be the extremes */
#define CR_BANDS_MIN_YEARS 1000u   /* simulated years per outer sample, at least */
#define CR_BANDS_POINTS 40

typedef struct cr_sim_bands {
    bool present;
    unsigned outer;            /* outer samples (parameter draws) */
    uint64_t trials;           /* the run's trials, shared out among them */
    uint64_t years;            /* simulated years per outer sample: trials / outer */
    uint64_t seed;
    /* The expected annual loss over the outer samples: P5, P50, P95 of the
     * outer samples' means, and their mean (the plain run's estimate). */
    double mean_p05, mean_p50, mean_p95, mean_mean;
    /* The loss-exceedance band: at each exceedance probability, P5, P50
     * and P95 over the outer samples of the loss exceeded with it. */
    size_t n_points;
    double exceedance[CR_BANDS_POINTS];
    double loss_p05[CR_BANDS_POINTS], loss_p50[CR_BANDS_POINTS], loss_p95[CR_BANDS_POINTS];
} cr_sim_bands;

/* `outer` outer samples of o->trials / outer years each (outer >= 20 and at
 * least 1000 years each, else CR_ERR_ARGUMENT with what to change).  Outer
 * sample i draws each risk's rate, a joint pool's participant and every
 * reduction term's levels once, from streams keyed by (seed, risk, i), and
 * simulates its years with them held (seed mixed with i). */
CR_PUBLIC cr_status cr_sim_bands_run(const cr_portfolio *p, const cr_sim_options *o,
                                     unsigned outer, cr_sim_bands *out, cr_error *err);
CR_PUBLIC cr_status cr_sim_bands_check(unsigned outer, uint64_t trials, cr_error *err);
/* The one rule for a run's bands, applied before anything is simulated
 * (simulate and plan): with trials as given (o->precision 0), those trials
 * must give every outer sample CR_BANDS_MIN_YEARS (cr_sim_bands_check); in
 * precision mode the trials are not known yet, so precision mode is made to
 * run at least outer * CR_BANDS_MIN_YEARS of them (o->min_trials raised)
 * and its cap must allow that.  The bands then run on the trials the run
 * settled on.  CR_ERR_ARGUMENT with what to change. */
CR_PUBLIC cr_status cr_sim_bands_fit(unsigned outer, cr_sim_options *o, cr_error *err);
/* JSON (caller deletes); NULL when memory runs out. */
CR_PUBLIC cJSON *cr_sim_bands_to_json(const cr_sim_bands *b);
/* The bands as text: the expected loss's band and the curve's at a few
 * exceedance probabilities, after a blank line. */
CR_PUBLIC cr_status cr_sim_bands_write_text(const cr_sim_bands *b, const char *what, FILE *fp,
                                            cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
