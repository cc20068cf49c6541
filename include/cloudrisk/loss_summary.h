/*
 * cloudrisk/loss_summary.h -- the summary of a sample of simulated annual
 * losses, as every command reports it: simulate, plan, the register and the
 * fleet batch share this one type and its one JSON shape (doc/simulation.md,
 * "The loss summary").
 *
 * Sorted sample x_(1) <= ... <= x_(n) of n simulated years:
 *   mean, its standard error sd / sqrt(n); quantiles Q(p) = x_(ceil(n p));
 *   VaR_p = Q(p); ES_p, the mean of the worst n (1 - p) years;
 *   standard errors of the quantiles (order statistics), of ES (the
 *   influence-function variance of the tail mean) and of every point of the
 *   loss-exceedance curve (order statistics), and diagnostics saying when a
 *   figure is not to be trusted (warnings below).
 */
#ifndef CLOUDRISK_LOSS_SUMMARY_H
#define CLOUDRISK_LOSS_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "cloudrisk/error.h"
#include "cloudrisk/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CR_SIM_LEC_POINTS 100

/* Loss-exceedance curve: n points (x_k, p_k), p_k = P(loss > x_k), at
 * exceedance probabilities log-spaced from P(loss > 0) down to
 * max(1e-4, 10 / trials); x_k is the empirical quantile at 1 - p_k, and
 * loss_se[k] its standard error (order statistics, as for the quantiles).
 * n is 0 when no simulated year had a loss. */
typedef struct cr_sim_lec {
    size_t n;
    double loss[CR_SIM_LEC_POINTS];
    double exceedance[CR_SIM_LEC_POINTS];
    double loss_se[CR_SIM_LEC_POINTS];
} cr_sim_lec;

/* Why a figure of a summary is not to be trusted (bits of `warnings`). */
typedef enum cr_loss_warning {
    /* Fewer than CR_LOSS_MIN_TAIL_YEARS simulated years lie beyond P99
     * (n (1 - 0.99) < 100): P99 and ES 99% rest on a handful of years. */
    CR_LOSS_WARN_FEW_TAIL_YEARS = 1u << 0,
    /* The largest simulated year carries more than CR_LOSS_MAX_YEAR_SHARE of
     * the sum of all years: the mean hangs on one year. */
    CR_LOSS_WARN_LARGEST_YEAR = 1u << 1,
    /* P99's confidence interval reaches a year without loss: fewer than
     * about 1% of years have a loss, and P99 may be 0 or not by chance. */
    CR_LOSS_WARN_P99_ZERO = 1u << 2,
    /* Heavy tail: the sample's variance is carried by fewer than
     * CR_LOSS_MIN_VARIANCE_YEARS years, so the mean's standard error is
     * itself uncertain and typically understates. */
    CR_LOSS_WARN_HEAVY_TAIL = 1u << 3,
    /* Precision mode stopped at its cap on trials before the target. */
    CR_LOSS_WARN_PRECISION_CAP = 1u << 4
} cr_loss_warning;
#define CR_LOSS_WARNINGS 5

#define CR_LOSS_MIN_TAIL_YEARS 100.0
#define CR_LOSS_MAX_YEAR_SHARE 0.05
#define CR_LOSS_MIN_VARIANCE_YEARS 30.0

/* Summary of one simulated annual-loss sample (a risk, or the total).
 * Quantile Q(p) = x_(ceil(n p)) of the sorted sample; VaR_p = Q(p);
 * ES_p = (1/(1-p)) * integral from p to 1 of Q(u) du (doc/simulation.md).
 * years = 0: no summary (a run that did not simulate this). */
typedef struct cr_loss_summary {
    uint64_t years;      /* simulated years summarised; 0: none */
    double expected;     /* closed form E[Y] (cr_sim_risk_expected_loss); NAN if none */
    double mean;         /* sample mean */
    double mean_se;      /* sd / sqrt(n) */
    double sd;           /* sample standard deviation (n - 1) */
    double p50, p90, p95, p99;
    double p50_se, p90_se, p95_se, p99_se; /* order-statistic method */
    double var95, var99; /* = p95, p99 */
    double es95, es99;
    double es95_se, es99_se; /* influence-function method */
    double p_loss;       /* fraction of years with a loss > 0 */
    double p_exceed;     /* fraction of years with loss > appetite (NAN if unset) */
    double p_exceed_se;  /* sqrt(p (1 - p) / n) */
    double share;        /* mean / total mean (1 for the total; 0 when it is 0) */
    double max;          /* largest simulated year */
    /* diagnostics */
    double max_share;      /* largest year / sum of all years (0 when the sum is 0) */
    double variance_years; /* (sum d_i^2)^2 / sum d_i^4, d_i = x_i - mean: how many
                              years carry the variance (n for equal deviations, 1
                              when one year carries it all); NAN when sd = 0 */
    unsigned warnings;     /* cr_loss_warning bits */
    cr_sim_lec lec;
} cr_loss_summary;

/* An empty summary (years = 0, every figure NAN, no curve). */
CR_PUBLIC void cr_loss_summary_init(cr_loss_summary *s);

/* Set the diagnostic warnings from the summary's own figures (and the
 * sorted sample it came from, for P99's interval): see cr_loss_warning. */
CR_PUBLIC void cr_loss_summary_diagnose(const double *sorted, size_t n, cr_loss_summary *s);

/* The warning's stable name ("few_tail_years", "largest_year",
 * "p99_zero_boundary", "heavy_tail", "precision_cap"), or NULL. */
CR_PUBLIC const char *cr_loss_warning_name(cr_loss_warning w);
/* What a reader is told, in English (lang "en") or Japanese ("ja"), with the
 * summary's figures filled in; writes at most size bytes. */
CR_PUBLIC void cr_loss_warning_text(cr_loss_warning w, const cr_loss_summary *s, const char *lang,
                                    char *buf, size_t size);

/* The one JSON shape (doc/simulation.md); NULL when memory runs out (never
 * a partial object):
 *   {"years": n, "expected", "mean", "mean_se", "sd", "p50", "p50_se", ...,
 *    "es95", "es95_se", "es99", "es99_se", "p_loss", "p_exceed",
 *    "p_exceed_se", "share", "max", "max_share", "variance_years",
 *    "warnings": ["heavy_tail", ...],
 *    "lec": {"loss": [...], "exceedance": [...], "loss_se": [...]}}
 * Non-finite numbers are null.  An empty summary (years = 0) is null. */
CR_PUBLIC cJSON *cr_loss_summary_to_json(const cr_loss_summary *s);
/* The same members added to an object the caller made (to put an "id"
 * first, say); false when memory ran out (obj then holds only some of them:
 * the caller discards it). */
CR_PUBLIC bool cr_loss_summary_json_fields(cJSON *obj, const cr_loss_summary *s);
/* Read it back; also reads the earlier shapes: "se" for "mean_se", the
 * curve as an array of {"loss", "exceedance"} points, no "years" (then
 * `years` is taken from default_years), and null (an empty summary).  path
 * names the object in errors ("$.scenarios[0].total"). */
CR_PUBLIC cr_status cr_loss_summary_from_json(const cJSON *json, const char *path,
                                              uint64_t default_years, cr_loss_summary *s,
                                              cr_error *err);

#ifdef __cplusplus
}
#endif
#endif
