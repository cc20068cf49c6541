/*
 * loss_summary.c -- when a loss summary's figures are not to be trusted,
 * and how that is said (doc/simulation.md, "Tail diagnostics").
 *
 * On the sorted sample x_(1) <= ... <= x_(n) with mean m and sd s:
 *
 *   few tail years   n (1 - 0.99) < 100: fewer than 100 years lie beyond
 *                    P99, so P99 and ES 99% rest on a handful of years
 *                    (at 100 trials ES 99% is the single worst year).
 *   largest year     x_(n) / sum x_i > 5%: the mean moves by more than 5%
 *                    with one year.
 *   P99 at zero      the distribution-free interval of P99 (estimate.c),
 *                    [x_(j), x_(k)], runs from a year without loss to one
 *                    with: whether P99 is 0 is chance.
 *   heavy tail       the years that carry the variance,
 *                      n_v = (sum d_i^2)^2 / sum d_i^4,  d_i = x_i - m,
 *                    fewer than 30.  n_v is n / kurtosis (the sample
 *                    kurtosis n sum d^4 / (sum d^2)^2), and the relative
 *                    standard error of the sample variance is about
 *                    sqrt((kurtosis - 1) / n) ~ 1 / sqrt(n_v) (Kendall and
 *                    Stuart, The Advanced Theory of Statistics, vol. 1,
 *                    10.5): below 30 years the variance, hence SE(mean), is
 *                    itself uncertain by more than ~18%, and for a skewed
 *                    loss it is then far more often too small than too large
 *                    (the sample misses the rare years that make the
 *                    variance).  Measured in doc/simulation.md.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/loss_summary.h"
#include "simulate/estimate.h"
#include "simulate/repeat_add.h"
#include "util/money.h"

void cr_loss_summary_init(cr_loss_summary *s)
{
    memset(s, 0, sizeof *s);
    double *fields[] = {&s->expected, &s->mean,     &s->mean_se, &s->sd,      &s->p50,
                        &s->p90,      &s->p95,      &s->p99,     &s->p50_se,  &s->p90_se,
                        &s->p95_se,   &s->p99_se,   &s->var95,   &s->var99,   &s->es95,
                        &s->es99,     &s->es95_se,  &s->es99_se, &s->p_loss,  &s->p_exceed,
                        &s->p_exceed_se, &s->share, &s->max,     &s->max_share,
                        &s->variance_years};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = NAN;
}

/* P99's interval touches zero from below while reaching a loss above. */
static bool p99_on_zero(const cr_sorted *v)
{
    const double p = 0.99, z = 1.96;
    double t = (double)v->n * p, s = sqrt((double)v->n * p * (1.0 - p));
    return cr_sorted_at(v, floor(t - z * s)) == 0.0 && cr_sorted_at(v, ceil(t + z * s)) > 0.0;
}

void cr_loss_summary_diagnose(const double *sorted, size_t n, cr_loss_summary *s)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += sorted[i];
    cr_sorted v = cr_sorted_of(sorted, n);
    cr_loss_summary_diagnose_sorted(&v, sum, s);
}

/* The sums run in ascending order, the years without loss first: each adds
 * the same z^2 and z^4, added `zeros` times by cr_repeat_add with the bits
 * of the loop over them. */
void cr_loss_summary_diagnose_sorted(const cr_sorted *v, double sum, cr_loss_summary *s)
{
    s->warnings &= CR_LOSS_WARN_PRECISION_CAP; /* the run's, not the sample's */
    size_t n = v->n;
    if (n == 0)
        return;
    double d2 = 0.0, d4 = 0.0;
    if (s->sd > 0.0) {
        double z0 = (0.0 - s->mean) / s->sd, z02 = z0 * z0;
        d2 = cr_repeat_add(0.0, z02, v->zeros);
        d4 = cr_repeat_add(0.0, z02 * z02, v->zeros);
        for (size_t i = 0; i < v->m; i++) {
            double z = (v->y[i] - s->mean) / s->sd, z2 = z * z;
            d2 += z2;
            d4 += z2 * z2;
        }
        s->variance_years = d4 > 0.0 ? d2 * d2 / d4 : NAN;
    } else {
        s->variance_years = NAN;
    }
    s->max_share = sum > 0.0 ? cr_sorted_at(v, (double)n) / sum : 0.0;
    if ((double)n * (1.0 - 0.99) < CR_LOSS_MIN_TAIL_YEARS && s->p_loss > 0.0)
        s->warnings |= CR_LOSS_WARN_FEW_TAIL_YEARS;
    if (s->max_share > CR_LOSS_MAX_YEAR_SHARE)
        s->warnings |= CR_LOSS_WARN_LARGEST_YEAR;
    if (p99_on_zero(v))
        s->warnings |= CR_LOSS_WARN_P99_ZERO;
    if (isfinite(s->variance_years) && s->variance_years < CR_LOSS_MIN_VARIANCE_YEARS)
        s->warnings |= CR_LOSS_WARN_HEAVY_TAIL;
}

/* ---- words ----------------------------------------------------------------- */

static const char *const names[CR_LOSS_WARNINGS] = {
    "few_tail_years", "largest_year", "p99_zero_boundary", "heavy_tail", "precision_cap"};

static int index_of(cr_loss_warning w)
{
    for (int i = 0; i < CR_LOSS_WARNINGS; i++)
        if ((unsigned)w == 1u << i)
            return i;
    return -1;
}

const char *cr_loss_warning_name(cr_loss_warning w)
{
    int i = index_of(w);
    return i < 0 ? NULL : names[i];
}

void cr_loss_warning_text(cr_loss_warning w, const cr_loss_summary *s, const char *lang,
                          char *buf, size_t size)
{
    bool ja = lang && strcmp(lang, "ja") == 0;
    char years[CR_MONEY_BUF];
    cr_money_grouped(years, sizeof years, (double)s->years);
    if (size == 0)
        return;
    buf[0] = '\0';
    switch (w) {
    case CR_LOSS_WARN_FEW_TAIL_YEARS: {
        char beyond[CR_MONEY_BUF];
        double count = floor((double)s->years * 0.01);
        cr_money_grouped(beyond, sizeof beyond, count);
        if (count <= 1.0 && ja)
            snprintf(buf, size,
                     "P99 を超える試行は 1 年以下であり、ES 99%% は最悪の 1 年そのものである。"
                     "試行回数は 10,000 以上とすること。");
        else if (count <= 1.0)
            snprintf(buf, size,
                     "At most one simulated year lies beyond P99: ES 99%% is the single worst "
                     "year. Run at least 10,000 trials.");
        else if (ja)
            snprintf(buf, size,
                     "P99 と ES 99%% は P99 を超える %s 年分の試行のみに基づく"
                     "（100 年未満）。試行回数は 10,000 以上とすること。",
                     beyond);
        else
            snprintf(buf, size,
                     "P99 and ES 99%% rest on %s simulated years beyond P99 (fewer than 100): "
                     "run at least 10,000 trials.",
                     beyond);
        break;
    }
    case CR_LOSS_WARN_LARGEST_YEAR:
        if (ja)
            snprintf(buf, size,
                     "最大の 1 年が全 %s 年の損失合計の %.1f%% を占める（5%% 超）。"
                     "平均はこの 1 年に左右される。",
                     years, 100.0 * s->max_share);
        else
            snprintf(buf, size,
                     "The largest simulated year carries %.1f%% of the %s years' total (more "
                     "than 5%%): the mean hangs on that one year.",
                     100.0 * s->max_share, years);
        break;
    case CR_LOSS_WARN_P99_ZERO:
        if (ja)
            snprintf(buf, size,
                     "損失が発生する年は約 %.2f%% であり、P99 の信頼区間は損失ゼロにかかっている。"
                     "P99 がゼロかどうかは偶然で決まる。",
                     100.0 * s->p_loss);
        else
            snprintf(buf, size,
                     "About %.2f%% of years have a loss: P99's confidence interval reaches a "
                     "year without loss, and whether P99 is zero is chance.",
                     100.0 * s->p_loss);
        break;
    case CR_LOSS_WARN_HEAVY_TAIL:
        if (ja)
            snprintf(buf, size,
                     "裾の重い分布である。分散を担う年は約 %.0f 年（30 年未満）であり、"
                     "平均の標準誤差は過小になりやすい。平均は参考値として扱うこと。",
                     s->variance_years);
        else
            snprintf(buf, size,
                     "Heavy tail: about %.0f years carry the variance (fewer than 30), so the "
                     "mean's standard error is itself uncertain and likely too small; treat the "
                     "mean as indicative.",
                     s->variance_years);
        break;
    case CR_LOSS_WARN_PRECISION_CAP:
        if (ja)
            snprintf(buf, size,
                     "目標精度に達する前に試行回数の上限（%s 年）で停止した。", years);
        else
            snprintf(buf, size,
                     "Precision mode stopped at its cap of %s trials before reaching the "
                     "target.",
                     years);
        break;
    }
}
