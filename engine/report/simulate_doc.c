/*
 * simulate_doc.c -- a simulation run (simulate.h) built into documents, and
 * cr_sim_report_write, which writes it for `cloudrisk simulate`: the text a
 * person reads, the statistics as CSV (a row per scenario and risk, TOTAL
 * first), the loss-exceedance points as CSV, and the JSON of the simulate
 * stage's own data writer (cr_sim_report_to_json).
 *
 * Nothing that varies between runs of the same inputs (time, thread count,
 * host) is written, so that the same inputs, model version and seed give
 * byte-identical files.  Numbers in CSV are written in their shortest form
 * that reads back to the same double (15 significant digits when that
 * suffices, else 17).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/report.h"
#include "report/assess_doc.h"
#include "util/money.h"

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

static void cell(cr_doc *d, doc_kind kind, const char *cls, const char *text)
{
    doc_leaf(d, kind, NULL, cls, text);
}

/* ---- CSV --------------------------------------------------------------------- */

static const char *const csv_columns[] = {
    "scenario", "risk", "expected", "mean", "mean_se", "sd", "p50", "p50_se", "p90", "p90_se",
    "p95", "p95_se", "p99", "p99_se", "var95", "es95", "var99", "es99", "p_loss", "p_exceed",
    "p_exceed_se", "share", "max", "appetite", "currency", "model_version",
    "calibration_version", "inputs_sha256", "seed", "trials",
    /* added later, at the end so that earlier columns keep their places */
    "es95_se", "es99_se", "max_share", "variance_years", "warnings", "years"};

static void head_row(cr_doc *d, const char *const *columns, size_t n)
{
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        cell(d, DOC_HEADCELL, NULL, columns[i]);
    doc_close(d);
}

static void exact_cell(cr_doc *d, double v)
{
    char buf[40];
    fmt_exact(buf, sizeof buf, v);
    cell(d, DOC_CELL, NULL, buf);
}

/* The metadata columns every row repeats. */
static void meta_cells(cr_doc *d, const cr_sim_report *r)
{
    char n[24];
    exact_cell(d, r->appetite);
    cell(d, DOC_CELL, NULL, r->currency ? r->currency : "");
    cell(d, DOC_CELL, NULL, r->model_version ? r->model_version : "");
    cell(d, DOC_CELL, NULL, r->calibration_version ? r->calibration_version : "");
    cell(d, DOC_CELL, NULL, r->inputs_sha256 ? r->inputs_sha256 : "");
    snprintf(n, sizeof n, "%llu", (unsigned long long)r->seed);
    cell(d, DOC_CELL, NULL, n);
    snprintf(n, sizeof n, "%llu", (unsigned long long)r->trials);
    cell(d, DOC_CELL, NULL, n);
}

static void stats_row(cr_doc *d, const cr_sim_report *r, const char *scenario, const char *risk,
                      const cr_sim_stats *s)
{
    const double v[] = {s->expected, s->mean,  s->mean_se, s->sd,     s->p50,    s->p50_se,
                        s->p90,      s->p90_se, s->p95,    s->p95_se, s->p99,    s->p99_se,
                        s->var95,    s->es95,  s->var99,   s->es99,   s->p_loss, s->p_exceed,
                        s->p_exceed_se, s->share, s->max};
    const double tail[] = {s->es95_se, s->es99_se, s->max_share, s->variance_years};
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_CELL, NULL, scenario);
    cell(d, DOC_CELL, NULL, risk);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        exact_cell(d, v[i]);
    meta_cells(d, r);
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++)
        exact_cell(d, tail[i]);
    /* The summary's warnings by name, separated by spaces. */
    doc_open(d, DOC_CELL, NULL, NULL);
    bool first = true;
    for (int i = 0; i < CR_LOSS_WARNINGS; i++)
        if (s->warnings & (1u << i)) {
            doc_textf(d, "%s%s", first ? "" : " ",
                      cr_loss_warning_name((cr_loss_warning)(1u << i)));
            first = false;
        }
    doc_close(d);
    doc_open(d, DOC_CELL, NULL, NULL);
    doc_textf(d, "%llu", (unsigned long long)s->years);
    doc_close(d);
    doc_close(d);
}

void simulate_doc_stats(cr_doc *d, const cr_sim_report *r)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    head_row(d, csv_columns, sizeof csv_columns / sizeof csv_columns[0]);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        stats_row(d, r, r->scenarios[i].name, "TOTAL", &res->total);
        for (size_t k = 0; k < res->n_risks; k++)
            stats_row(d, r, r->scenarios[i].name, res->risks[k].id, &res->risks[k].stats);
    }
    doc_close(d);
}

static const char *const lec_columns[] = {
    "scenario", "risk", "point", "loss", "exceedance_probability", "appetite", "currency",
    "model_version", "calibration_version", "inputs_sha256", "seed", "trials", "loss_se"};

static void lec_rows(cr_doc *d, const cr_sim_report *r, const char *scenario, const char *risk,
                     const cr_sim_lec *lec)
{
    for (size_t k = 0; k < lec->n; k++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        cell(d, DOC_CELL, NULL, scenario);
        cell(d, DOC_CELL, NULL, risk);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%zu", k + 1);
        doc_close(d);
        exact_cell(d, lec->loss[k]);
        exact_cell(d, lec->exceedance[k]);
        meta_cells(d, r);
        exact_cell(d, lec->loss_se[k]);
        doc_close(d);
    }
}

void simulate_doc_lec(cr_doc *d, const cr_sim_report *r)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    head_row(d, lec_columns, sizeof lec_columns / sizeof lec_columns[0]);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        lec_rows(d, r, r->scenarios[i].name, "TOTAL", &res->total.lec);
        for (size_t k = 0; k < res->n_risks; k++)
            lec_rows(d, r, r->scenarios[i].name, res->risks[k].id, &res->risks[k].stats.lec);
    }
    doc_close(d);
}

/* ---- text -------------------------------------------------------------------- */

enum { W_LABEL = -26, W_SCENARIO = 19, W_P99 = 9, W_SHARE = 8 };

static void para(cr_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void para(cr_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_vtextf(d, fmt, ap);
    doc_close(d);
    va_end(ap);
}

/* A row of the totals' table: a label, then a figure per scenario. */
static void total_row(cr_doc *d, const char *label, const cr_sim_report *r,
                      double (*get)(const cr_sim_stats *), bool percent)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, label);
    for (size_t i = 0; i < r->n_scenarios; i++) {
        char buf[48];
        double v = get(&r->scenarios[i].result->total);
        if (percent)
            fmt_percent(buf, sizeof buf, v);
        else
            fmt_money(buf, sizeof buf, v);
        cell(d, DOC_CELL, "num", buf);
    }
    doc_close(d);
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

static void precision(cr_doc *d, const cr_sim_precision *pr)
{
    char trials[CR_MONEY_BUF], cap[CR_MONEY_BUF];
    cr_money_grouped(trials, sizeof trials, (double)pr->trials);
    cr_money_grouped(cap, sizeof cap, (double)pr->cap);
    if (pr->reached)
        para(d, "precision %.2g%%: reached with %s trials in %u runs (relative standard "
                "error of the mean %.2f%%, of P99 %.2f%%)",
             100.0 * pr->target, trials, pr->runs, 100.0 * pr->rel_se_mean,
             100.0 * pr->rel_se_p99);
    else
        para(d, "precision %.2g%%: NOT reached: stopped at the cap of %s trials "
                "(relative standard error of the mean %.2f%%, of P99 %.2f%%)",
             100.0 * pr->target, cap, 100.0 * pr->rel_se_mean, 100.0 * pr->rel_se_p99);
}

static void totals(cr_doc *d, const cr_sim_report *r)
{
    static const int widths[] = {W_LABEL, W_SCENARIO};
    doc_open(d, DOC_SECTION, "totals", NULL);
    if (r->precision)
        precision(d, r->precision);
    doc_open(d, DOC_BOX, NULL, "indent");
    doc_open(d, DOC_TABLE, NULL, NULL);
    int *w = calloc(r->n_scenarios + 3, sizeof *w);
    if (!w) {
        d->failed = true;
    } else {
        w[0] = widths[0];
        for (size_t i = 0; i < r->n_scenarios; i++)
            w[1 + i] = widths[1];
        w[1 + r->n_scenarios] = 3;
        doc_set_widths(d, w, r->n_scenarios + 2);
        free(w);
    }
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, "Total annual loss");
    for (size_t i = 0; i < r->n_scenarios; i++)
        cell(d, DOC_HEADCELL, "num", r->scenarios[i].name);
    doc_close(d);
    total_row(d, "expected (closed form)", r, get_expected, false);
    total_row(d, "mean", r, get_mean, false);
    total_row(d, "  standard error", r, get_mean_se, false);
    total_row(d, "P50", r, get_p50, false);
    total_row(d, "P90", r, get_p90, false);
    total_row(d, "P95 = VaR 95%", r, get_p95, false);
    total_row(d, "ES 95%", r, get_es95, false);
    total_row(d, "  standard error", r, get_es95_se, false);
    total_row(d, "P99 = VaR 99%", r, get_p99, false);
    total_row(d, "ES 99%", r, get_es99, false);
    total_row(d, "  standard error", r, get_es99_se, false);
    total_row(d, "largest simulated year", r, get_max, false);
    total_row(d, "P(any loss)", r, get_p_loss, true);
    if (isfinite(r->appetite)) {
        char app[48], label[64];
        fmt_money(app, sizeof app, r->appetite);
        snprintf(label, sizeof label, "P(loss > %s)", app);
        total_row(d, label, r, get_p_exceed, true);
        if (isfinite(r->appetite_probability)) {
            doc_open(d, DOC_ROW, NULL, NULL);
            cell(d, DOC_HEADCELL, NULL, "within appetite");
            for (size_t i = 0; i < r->n_scenarios; i++)
                cell(d, DOC_CELL, "num",
                     r->scenarios[i].result->total.p_exceed <= r->appetite_probability ? "yes"
                                                                                      : "no");
            char tol[32];
            fmt_percent(tol, sizeof tol, r->appetite_probability);
            cell(d, DOC_CELL, NULL, "");
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_textf(d, "(tolerated: %s)", tol);
            doc_close(d);
            doc_close(d);
        }
    }
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

/* What the totals' figures cannot be trusted for, scenario by scenario; and
 * how many risks' own figures carry warnings (named in the JSON and CSV). */
static void warnings(cr_doc *d, const cr_sim_report *r)
{
    doc_open(d, DOC_SECTION, "warnings", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    bool heading = false;
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        size_t flagged = 0;
        for (size_t k = 0; k < res->n_risks; k++)
            flagged += res->risks[k].stats.warnings != 0;
        if (!res->total.warnings && !flagged)
            continue;
        if (!heading) {
            doc_heading(d, 2, NULL, "Warnings");
            doc_open(d, DOC_LIST, NULL, NULL);
            heading = true;
        }
        for (int b = 0; b < CR_LOSS_WARNINGS; b++) {
            if (!(res->total.warnings & (1u << b)))
                continue;
            char text[512];
            cr_loss_warning_text((cr_loss_warning)(1u << b), &res->total, "en", text,
                                 sizeof text);
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d, "%s: %s", r->scenarios[i].name, text);
            doc_close(d);
        }
        if (flagged > 0) {
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d,
                      "%s: %zu of %zu risks' own figures carry warnings (see the JSON or CSV "
                      "output)",
                      r->scenarios[i].name, flagged, res->n_risks);
            doc_close(d);
        }
    }
    if (heading)
        doc_close(d);
    doc_close(d);
    doc_close(d);
}

static void risk_table(cr_doc *d, const cr_sim_report *r)
{
    doc_open(d, DOC_SECTION, "risks", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    doc_open(d, DOC_TABLE, NULL, NULL);
    size_t n = 2 + 2 * r->n_scenarios;
    int *w = calloc(n, sizeof *w);
    if (!w) {
        d->failed = true;
    } else {
        w[0] = -8;
        for (size_t i = 0; i < r->n_scenarios; i++) {
            w[1 + 2 * i] = W_SCENARIO;
            w[2 + 2 * i] = W_P99;
        }
        w[n - 1] = W_SHARE;
        doc_set_widths(d, w, n);
        free(w);
    }
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, "Risk");
    for (size_t i = 0; i < r->n_scenarios; i++) {
        cell(d, DOC_HEADCELL, "num", r->scenarios[i].name);
        cell(d, DOC_HEADCELL, "num", "P99");
    }
    cell(d, DOC_HEADCELL, "num", "share");
    doc_close(d);
    const cr_sim_result *first = r->scenarios[0].result;
    const cr_sim_result *last = r->scenarios[r->n_scenarios - 1].result;
    for (size_t k = 0; k < first->n_risks; k++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        cell(d, DOC_HEADCELL, NULL, first->risks[k].id);
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
            cell(d, DOC_CELL, "num", mean);
            cell(d, DOC_CELL, "num", p99);
        }
        char share[32];
        fmt_percent(share, sizeof share, k < last->n_risks ? last->risks[k].stats.share : NAN);
        cell(d, DOC_CELL, "num", share);
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

void simulate_doc_text(cr_doc *d, const cr_sim_report *r)
{
    const char *cur = r->currency ? r->currency : "";
    para(d, "Monte Carlo annual loss%s%s", r->service_id ? ": " : "",
         r->service_id ? r->service_id : "");
    if (r->model_name || r->model_version)
        para(d, "model %s %s, calibration %s", r->model_name ? r->model_name : "",
             r->model_version ? r->model_version : "",
             r->calibration_version ? r->calibration_version : "-");
    para(d, "inputs sha256 %s", r->inputs_sha256 ? r->inputs_sha256 : "-");
    para(d, "seed %llu, %llu trials (simulated years)%s%s", (unsigned long long)r->seed,
         (unsigned long long)r->trials, cur[0] ? ", amounts in " : "", cur);
    totals(d, r);
    if (r->n_insured > 0) {
        char premium[48];
        fmt_money(premium, sizeof premium, r->premium);
        doc_open(d, DOC_SECTION, "transfer", NULL);
        doc_open(d, DOC_BOX, NULL, "indent");
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "Transfer: %zu risk%s under an insurance layer (residual: what is "
                     "retained; residual_gross: before insurance, the same years);",
                  r->n_insured, r->n_insured == 1 ? "" : "s");
        doc_break(d);
        doc_textf(d, "premiums %s a year, a cost beside the retained loss.", premium);
        doc_close(d);
        doc_close(d);
        doc_close(d);
    }
    warnings(d, r);
    if (r->n_scenarios == 0)
        return;
    risk_table(d, r);
    doc_open(d, DOC_SECTION, "columns", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    para(d, "Columns per scenario: mean annual loss and P99 (in millions%s%s); share of the "
            "last scenario's mean.",
         cur[0] ? " of " : "", cur);
    doc_close(d);
    doc_close(d);
}

/* ---- writing ------------------------------------------------------------------ */

typedef void (*sim_builder)(cr_doc *d, const cr_sim_report *r);

static cr_status write_doc(const cr_sim_report *r, sim_builder build, doc_out format, FILE *fp,
                           cr_error *err)
{
    cr_doc d;
    doc_init(&d);
    build(&d, r);
    bool ok = doc_write(&d, format, fp);
    doc_free(&d);
    if (!ok)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "write failed");
    return CR_OK;
}

cr_status cr_sim_report_write(const cr_sim_report *r, cr_sim_format format, FILE *fp,
                              cr_error *err)
{
    cr_status st;
    switch (format) {
    case CR_SIM_FORMAT_JSON: st = report_json_write(cr_sim_report_to_json(r), fp, err); break;
    case CR_SIM_FORMAT_CSV: return write_doc(r, simulate_doc_stats, DOC_OUT_CSV, fp, err);
    case CR_SIM_FORMAT_TEXT:
    default: return write_doc(r, simulate_doc_text, DOC_OUT_TEXT, fp, err);
    }
    if (st == CR_OK && ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "write failed");
    return st;
}

cr_status cr_sim_report_write_lec_csv(const cr_sim_report *r, FILE *fp, cr_error *err)
{
    return write_doc(r, simulate_doc_lec, DOC_OUT_CSV, fp, err);
}
