/*
 * output.c -- a simulation run as JSON, CSV and text.
 *
 * Nothing that varies between runs of the same inputs (time, thread count,
 * host) is written, so that the same inputs, model version and seed give
 * byte-identical files.  Numbers are written in their shortest form that
 * reads back to the same double (15 significant digits when that suffices,
 * else 17).
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/simulate.h"
#include "config.h"
#include "util/csv_util.h"
#include "util/json_build.h"
#include "util/money.h"

#define FORMAT_NAME "cloudrisk-simulation/1"

int cr_sim_format_parse(const char *word, cr_sim_format *out)
{
    static const char *const names[] = {"text", "json", "csv"};
    for (int i = 0; i < 3; i++)
        if (strcmp(word, names[i]) == 0) {
            *out = (cr_sim_format)i;
            return 0;
        }
    return -1;
}

/* ---- JSON ------------------------------------------------------------------ */

/* The statistics of a sample (the one loss-summary shape); `id` (a risk's,
 * or NULL) comes first. */
static cJSON *stats_json(cr_jb *b, const char *id, const cr_sim_stats *s)
{
    cJSON *o = cr_jb_object(b);
    if (id)
        cr_jb_str(b, o, "id", id);
    if (o && !cr_loss_summary_json_fields(o, s))
        b->failed = true;
    return o;
}

cJSON *cr_sim_report_to_json(const cr_sim_report *r)
{
    cr_jb jb = {0}, *b = &jb;
    cJSON *root = cr_jb_object(b);
    cr_jb_str(b, root, "format", FORMAT_NAME);
    cr_jb_str(b, root, "generator", PACKAGE_NAME " " PACKAGE_VERSION);
    cr_jb_str(b, root, "service", r->service_id);
    cr_jb_str(b, root, "model", r->model_name);
    cr_jb_str(b, root, "model_version", r->model_version);
    cr_jb_str(b, root, "calibration_version", r->calibration_version);
    cr_jb_str(b, root, "inputs_sha256", r->inputs_sha256);
    /* Seeds are 64-bit: as a string, since JSON numbers lose precision past 2^53. */
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
    cr_jb_str(b, root, "seed", seed);
    cr_jb_num(b, root, "trials", (double)r->trials);
    cr_jb_num(b, root, "block_trials", CR_SIM_BLOCK_TRIALS);
    if (r->precision) {
        const cr_sim_precision *pr = r->precision;
        cJSON *o = cr_jb_add_object(b, root, "precision");
        cr_jb_num(b, o, "target", pr->target);
        cr_jb_num(b, o, "cap", (double)pr->cap);
        cr_jb_num(b, o, "trials", (double)pr->trials);
        cr_jb_num(b, o, "runs", pr->runs);
        cr_jb_num(b, o, "relative_se_mean", pr->rel_se_mean);
        cr_jb_num(b, o, "relative_se_p99", pr->rel_se_p99);
        cr_jb_bool(b, o, "reached", pr->reached);
    }
    cr_jb_str(b, root, "currency", r->currency);
    cJSON *app = cr_jb_add_object(b, root, "appetite");
    cr_jb_num(b, app, "annual_loss", r->appetite);
    cr_jb_num(b, app, "probability", r->appetite_probability);
    cJSON *scenarios = cr_jb_add_array(b, root, "scenarios");
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_scenario *sc = &r->scenarios[i];
        const cr_sim_result *res = sc->result;
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "name", sc->name);
        cJSON *total = stats_json(b, NULL, &res->total);
        if (isfinite(r->appetite) && isfinite(r->appetite_probability))
            cr_jb_bool(b, total, "within_appetite",
                                  res->total.p_exceed <= r->appetite_probability);
        cr_jb_put(b, o, "total", total);
        cJSON *risks = cr_jb_add_array(b, o, "risks");
        for (size_t k = 0; k < res->n_risks; k++) {
            cJSON *named = stats_json(b, res->risks[k].id, &res->risks[k].stats);
            if (sc->portfolio && k < sc->portfolio->n_risks) {
                cr_portfolio one = {1, &sc->portfolio->risks[k], 1, {0}};
                cJSON *in = cr_portfolio_to_json(&one);
                cJSON *risk_in = cJSON_DetachItemFromArray(cJSON_GetObjectItem(in, "risks"), 0);
                cJSON_DeleteItemFromObject(risk_in, "id");
                cr_jb_put(b, named, "inputs", risk_in);
                cJSON_Delete(in);
            }
            cr_jb_push(b, risks, named);
        }
        cr_jb_push(b, scenarios, o);
    }
    return cr_jb_result(b, root);
}

/* ---- numbers as text ------------------------------------------------------- */

/* Shortest of %.15g / %.17g that reads back exactly; "" for NaN. */
static void fmt_exact(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return;
    }
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
}

/* Money for people: whole units with thousands separators (12,345,678). */
static void fmt_money(char *buf, size_t size, double v)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else
        cr_money_grouped(buf, size, v);
}

static void fmt_percent(char *buf, size_t size, double p)
{
    if (isnan(p))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.2f%%", 100.0 * p);
}

/* ---- CSV --------------------------------------------------------------------- */

static const char *const csv_columns[] = {
    "scenario", "risk", "expected", "mean", "mean_se", "sd", "p50", "p50_se", "p90", "p90_se",
    "p95", "p95_se", "p99", "p99_se", "var95", "es95", "var99", "es99", "p_loss", "p_exceed",
    "p_exceed_se", "share", "max", "appetite", "currency", "model_version",
    "calibration_version", "inputs_sha256", "seed", "trials",
    /* added later, at the end so that earlier columns keep their places */
    "es95_se", "es99_se", "max_share", "variance_years", "warnings", "years"};
#define CSV_COLUMNS (sizeof csv_columns / sizeof csv_columns[0])
#define CSV_META 7 /* the trailing metadata columns */

/* The summary's warnings by name, separated by spaces. */
static void warning_names(char *buf, size_t size, unsigned warnings)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < CR_LOSS_WARNINGS && used < size; i++)
        if (warnings & (1u << i))
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "",
                                     cr_loss_warning_name((cr_loss_warning)(1u << i)));
}

static void meta_fields(const cr_sim_report *r, char buf[CSV_META][80], const char **f)
{
    fmt_exact(buf[0], sizeof buf[0], r->appetite);
    snprintf(buf[1], sizeof buf[1], "%s", r->currency ? r->currency : "");
    snprintf(buf[2], sizeof buf[2], "%s", r->model_version ? r->model_version : "");
    snprintf(buf[3], sizeof buf[3], "%s", r->calibration_version ? r->calibration_version : "");
    snprintf(buf[4], sizeof buf[4], "%s", r->inputs_sha256 ? r->inputs_sha256 : "");
    snprintf(buf[5], sizeof buf[5], "%llu", (unsigned long long)r->seed);
    snprintf(buf[6], sizeof buf[6], "%llu", (unsigned long long)r->trials);
    for (int i = 0; i < CSV_META; i++)
        f[i] = buf[i];
}

static void csv_stats_row(FILE *fp, const cr_sim_report *r, const char *scenario,
                          const char *risk, const cr_sim_stats *s)
{
    const double v[] = {s->expected, s->mean,  s->mean_se, s->sd,     s->p50,    s->p50_se,
                        s->p90,      s->p90_se, s->p95,    s->p95_se, s->p99,    s->p99_se,
                        s->var95,    s->es95,  s->var99,   s->es99,   s->p_loss, s->p_exceed,
                        s->p_exceed_se, s->share, s->max};
    const double tail[] = {s->es95_se, s->es99_se, s->max_share, s->variance_years};
    enum { NV = sizeof v / sizeof v[0], NT = sizeof tail / sizeof tail[0] };
    char num[NV][40], meta[CSV_META][80], tails[NT][40], warnings[160], years[24];
    const char *f[CSV_COLUMNS];
    f[0] = scenario;
    f[1] = risk;
    for (size_t i = 0; i < NV; i++) {
        fmt_exact(num[i], sizeof num[i], v[i]);
        f[2 + i] = num[i];
    }
    meta_fields(r, meta, f + 2 + NV);
    for (size_t i = 0; i < NT; i++) {
        fmt_exact(tails[i], sizeof tails[i], tail[i]);
        f[2 + NV + CSV_META + i] = tails[i];
    }
    warning_names(warnings, sizeof warnings, s->warnings);
    snprintf(years, sizeof years, "%llu", (unsigned long long)s->years);
    f[2 + NV + CSV_META + NT] = warnings;
    f[3 + NV + CSV_META + NT] = years;
    cr_csv_write_row(fp, f, CSV_COLUMNS);
}

static cr_status write_csv(const cr_sim_report *r, FILE *fp)
{
    cr_csv_write_row(fp, csv_columns, CSV_COLUMNS);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        csv_stats_row(fp, r, r->scenarios[i].name, "TOTAL", &res->total);
        for (size_t k = 0; k < res->n_risks; k++)
            csv_stats_row(fp, r, r->scenarios[i].name, res->risks[k].id, &res->risks[k].stats);
    }
    return CR_OK;
}

static const char *const lec_columns[] = {
    "scenario", "risk", "point", "loss", "exceedance_probability", "appetite", "currency",
    "model_version", "calibration_version", "inputs_sha256", "seed", "trials", "loss_se"};
#define LEC_COLUMNS (sizeof lec_columns / sizeof lec_columns[0])

static void lec_rows(FILE *fp, const cr_sim_report *r, const char *scenario, const char *risk,
                     const cr_sim_lec *lec)
{
    char meta[CSV_META][80], point[24], loss[40], prob[40], se[40];
    const char *f[LEC_COLUMNS];
    meta_fields(r, meta, f + 5);
    f[0] = scenario;
    f[1] = risk;
    f[2] = point;
    f[3] = loss;
    f[4] = prob;
    f[5 + CSV_META] = se;
    for (size_t k = 0; k < lec->n; k++) {
        snprintf(point, sizeof point, "%zu", k + 1);
        fmt_exact(loss, sizeof loss, lec->loss[k]);
        fmt_exact(prob, sizeof prob, lec->exceedance[k]);
        fmt_exact(se, sizeof se, lec->loss_se[k]);
        cr_csv_write_row(fp, f, LEC_COLUMNS);
    }
}

cr_status cr_sim_report_write_lec_csv(const cr_sim_report *r, FILE *fp, cr_error *err)
{
    cr_csv_write_row(fp, lec_columns, LEC_COLUMNS);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        lec_rows(fp, r, r->scenarios[i].name, "TOTAL", &res->total.lec);
        for (size_t k = 0; k < res->n_risks; k++)
            lec_rows(fp, r, r->scenarios[i].name, res->risks[k].id, &res->risks[k].stats.lec);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "write failed");
    return CR_OK;
}

/* ---- text -------------------------------------------------------------------- */

static void text_line(FILE *fp, const char *label, const cr_sim_report *r,
                      double (*get)(const cr_sim_stats *), int percent)
{
    fprintf(fp, "  %-26s", label);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        char buf[48];
        double v = get(&r->scenarios[i].result->total);
        if (percent)
            fmt_percent(buf, sizeof buf, v);
        else
            fmt_money(buf, sizeof buf, v);
        fprintf(fp, " %18s", buf);
    }
    fputc('\n', fp);
}

#define GETTER(field) \
    static double get_##field(const cr_sim_stats *s) { return s->field; }
GETTER(expected)
GETTER(mean)
GETTER(mean_se)
GETTER(p50)
GETTER(p90)
GETTER(p95)
GETTER(p99)
GETTER(es95)
GETTER(es99)
GETTER(es95_se)
GETTER(es99_se)
GETTER(max)
GETTER(p_loss)
GETTER(p_exceed)
#undef GETTER

/* What the totals' figures cannot be trusted for, scenario by scenario; and
 * how many risks' own figures carry warnings (named in the JSON and CSV). */
static void write_text_warnings(const cr_sim_report *r, FILE *fp)
{
    bool heading = false;
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        for (int b = 0; b < CR_LOSS_WARNINGS; b++) {
            if (!(res->total.warnings & (1u << b)))
                continue;
            char text[512];
            cr_loss_warning_text((cr_loss_warning)(1u << b), &res->total, "en", text,
                                 sizeof text);
            if (!heading)
                fprintf(fp, "\n  Warnings\n");
            heading = true;
            fprintf(fp, "  - %s: %s\n", r->scenarios[i].name, text);
        }
        size_t flagged = 0;
        for (size_t k = 0; k < res->n_risks; k++)
            flagged += res->risks[k].stats.warnings != 0;
        if (flagged > 0) {
            if (!heading)
                fprintf(fp, "\n  Warnings\n");
            heading = true;
            fprintf(fp, "  - %s: %zu of %zu risks' own figures carry warnings (see the JSON or "
                        "CSV output)\n",
                    r->scenarios[i].name, flagged, res->n_risks);
        }
    }
}

static void write_text(const cr_sim_report *r, FILE *fp)
{
    const char *cur = r->currency ? r->currency : "";
    fprintf(fp, "Monte Carlo annual loss%s%s\n", r->service_id ? ": " : "",
            r->service_id ? r->service_id : "");
    if (r->model_name || r->model_version)
        fprintf(fp, "model %s %s, calibration %s\n", r->model_name ? r->model_name : "",
                r->model_version ? r->model_version : "",
                r->calibration_version ? r->calibration_version : "-");
    fprintf(fp, "inputs sha256 %s\n", r->inputs_sha256 ? r->inputs_sha256 : "-");
    fprintf(fp, "seed %llu, %llu trials (simulated years)%s%s\n\n",
            (unsigned long long)r->seed, (unsigned long long)r->trials,
            cur[0] ? ", amounts in " : "", cur);
    if (r->precision) {
        const cr_sim_precision *pr = r->precision;
        char trials[CR_MONEY_BUF], cap[CR_MONEY_BUF];
        cr_money_grouped(trials, sizeof trials, (double)pr->trials);
        cr_money_grouped(cap, sizeof cap, (double)pr->cap);
        if (pr->reached)
            fprintf(fp, "precision %.2g%%: reached with %s trials in %u runs (relative standard "
                        "error of the mean %.2f%%, of P99 %.2f%%)\n",
                    100.0 * pr->target, trials, pr->runs, 100.0 * pr->rel_se_mean,
                    100.0 * pr->rel_se_p99);
        else
            fprintf(fp, "precision %.2g%%: NOT reached: stopped at the cap of %s trials "
                        "(relative standard error of the mean %.2f%%, of P99 %.2f%%)\n",
                    100.0 * pr->target, cap, 100.0 * pr->rel_se_mean, 100.0 * pr->rel_se_p99);
    }

    fprintf(fp, "  %-26s", "Total annual loss");
    for (size_t i = 0; i < r->n_scenarios; i++)
        fprintf(fp, " %18s", r->scenarios[i].name);
    fputc('\n', fp);
    text_line(fp, "expected (closed form)", r, get_expected, 0);
    text_line(fp, "mean", r, get_mean, 0);
    text_line(fp, "  standard error", r, get_mean_se, 0);
    text_line(fp, "P50", r, get_p50, 0);
    text_line(fp, "P90", r, get_p90, 0);
    text_line(fp, "P95 = VaR 95%", r, get_p95, 0);
    text_line(fp, "ES 95%", r, get_es95, 0);
    text_line(fp, "  standard error", r, get_es95_se, 0);
    text_line(fp, "P99 = VaR 99%", r, get_p99, 0);
    text_line(fp, "ES 99%", r, get_es99, 0);
    text_line(fp, "  standard error", r, get_es99_se, 0);
    text_line(fp, "largest simulated year", r, get_max, 0);
    text_line(fp, "P(any loss)", r, get_p_loss, 1);
    if (isfinite(r->appetite)) {
        char app[48], label[64];
        fmt_money(app, sizeof app, r->appetite);
        snprintf(label, sizeof label, "P(loss > %s)", app);
        text_line(fp, label, r, get_p_exceed, 1);
        if (isfinite(r->appetite_probability)) {
            fprintf(fp, "  %-26s", "within appetite");
            for (size_t i = 0; i < r->n_scenarios; i++) {
                fprintf(fp, " %18s",
                        r->scenarios[i].result->total.p_exceed <= r->appetite_probability
                            ? "yes"
                            : "no");
            }
            char tol[32];
            fmt_percent(tol, sizeof tol, r->appetite_probability);
            fprintf(fp, "   (tolerated: %s)\n", tol);
        }
    }

    write_text_warnings(r, fp);
    if (r->n_scenarios == 0)
        return;
    fprintf(fp, "\n  %-8s", "Risk");
    for (size_t i = 0; i < r->n_scenarios; i++)
        fprintf(fp, " %18s %8s", r->scenarios[i].name, "P99");
    fprintf(fp, " %7s\n", "share");
    const cr_sim_result *first = r->scenarios[0].result;
    const cr_sim_result *last = r->scenarios[r->n_scenarios - 1].result;
    for (size_t k = 0; k < first->n_risks; k++) {
        fprintf(fp, "  %-8s", first->risks[k].id);
        for (size_t i = 0; i < r->n_scenarios; i++) {
            const cr_sim_result *res = r->scenarios[i].result;
            char mean[48], p99[48];
            if (k < res->n_risks) {
                fmt_money(mean, sizeof mean, res->risks[k].stats.mean);
                /* P99 in millions keeps the table narrow. */
                snprintf(p99, sizeof p99, "%.0fM", res->risks[k].stats.p99 / 1e6);
            } else {
                snprintf(mean, sizeof mean, "-");
                snprintf(p99, sizeof p99, "-");
            }
            fprintf(fp, " %18s %8s", mean, p99);
        }
        char share[32];
        fmt_percent(share, sizeof share, k < last->n_risks ? last->risks[k].stats.share : NAN);
        fprintf(fp, " %7s\n", share);
    }
    fprintf(fp, "\n  Columns per scenario: mean annual loss and P99 (in millions%s%s); share of "
                "the last scenario's mean.\n", cur[0] ? " of " : "", cur);
}

cr_status cr_sim_report_write(const cr_sim_report *r, cr_sim_format format, FILE *fp,
                              cr_error *err)
{
    switch (format) {
    case CR_SIM_FORMAT_JSON: {
        cJSON *root = cr_sim_report_to_json(r);
        char *text = root ? cJSON_Print(root) : NULL;
        cJSON_Delete(root);
        if (!text)
            return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
        fputs(text, fp);
        fputc('\n', fp);
        free(text);
        break;
    }
    case CR_SIM_FORMAT_CSV:
        write_csv(r, fp);
        break;
    case CR_SIM_FORMAT_TEXT:
        write_text(r, fp);
        break;
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "write failed");
    return CR_OK;
}
