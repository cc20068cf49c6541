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
#include "report/labels.h"
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

/* Every word from the report's one table (labels.c) in the reader's
 * language; amounts in Japanese as the other Japanese outputs write them
 * (report_money: 1億2,345万円), and columns then as wide as their figures. */

enum { W_LABEL = -26, W_SCENARIO = 19, W_P99 = 9, W_SHARE = 8 };

static const char *L(report_label label, cr_report_lang lang)
{
    return report_label_text(label, lang);
}

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


/* A count: as it is in English, grouped in Japanese. */
static void count_text(char *buf, size_t size, unsigned long long n, cr_report_lang lang)
{
    if (lang == CR_LANG_JA)
        cr_money_grouped(buf, size, (double)n);
    else
        snprintf(buf, size, "%llu", n);
}

static const char *scenario_name(const cr_sim_report *r, size_t i, cr_report_lang lang)
{
    return report_sim_scenario_text(r->scenarios[i].name, lang);
}

/* A row of the totals' table: a label, then a figure per scenario. */
static void total_row(cr_doc *d, report_label label, const cr_sim_report *r,
                      double (*get)(const cr_sim_stats *), bool percent, cr_report_lang lang)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, L(label, lang));
    for (size_t i = 0; i < r->n_scenarios; i++) {
        char buf[CR_MONEY_BUF];
        double v = get(&r->scenarios[i].result->total);
        if (percent)
            fmt_percent(buf, sizeof buf, v);
        else
            report_money_text(buf, sizeof buf, v, r->currency, lang);
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
#undef GETTER

static void precision(cr_doc *d, const cr_sim_precision *pr, cr_report_lang lang)
{
    char trials[CR_MONEY_BUF], cap[CR_MONEY_BUF];
    cr_money_grouped(trials, sizeof trials, (double)pr->trials);
    cr_money_grouped(cap, sizeof cap, (double)pr->cap);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s%.2g%%", L(RL_SIM_PRECISION, lang), 100.0 * pr->target);
    if (pr->reached)
        doc_textf(d, "%s%s%s%u%s", L(RL_SIM_REACHED_1, lang), trials, L(RL_SIM_REACHED_2, lang),
                  pr->runs, L(RL_SIM_REACHED_3, lang));
    else
        doc_textf(d, "%s%s%s", L(RL_SIM_NOT_REACHED_1, lang), cap,
                  L(RL_SIM_NOT_REACHED_2, lang));
    doc_textf(d, "%s%.2f%s%.2f%s", L(RL_SIM_RSE_1, lang), 100.0 * pr->rel_se_mean,
              L(RL_SIM_RSE_2, lang), 100.0 * pr->rel_se_p99, L(RL_SIM_RSE_3, lang));
    doc_close(d);
}

/* Column widths: the English text's own, or (0) as wide as the cells. */
static int width(int w, cr_report_lang lang)
{
    return lang == CR_LANG_JA ? 0 : w;
}

static void totals(cr_doc *d, const cr_sim_report *r, cr_report_lang lang)
{
    doc_open(d, DOC_SECTION, "totals", NULL);
    if (r->precision)
        precision(d, r->precision, lang);
    doc_open(d, DOC_BOX, NULL, "indent");
    doc_open(d, DOC_TABLE, NULL, NULL);
    int *w = calloc(r->n_scenarios + 3, sizeof *w);
    if (!w) {
        d->failed = true;
    } else {
        w[0] = width(W_LABEL, lang);
        for (size_t i = 0; i < r->n_scenarios; i++)
            w[1 + i] = width(W_SCENARIO, lang);
        w[1 + r->n_scenarios] = 3;
        doc_set_widths(d, w, r->n_scenarios + 2);
        free(w);
    }
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, L(RL_SIM_TOTAL, lang));
    for (size_t i = 0; i < r->n_scenarios; i++)
        cell(d, DOC_HEADCELL, "num", scenario_name(r, i, lang));
    doc_close(d);
    total_row(d, RL_SIM_EXPECTED, r, get_expected, false, lang);
    total_row(d, RL_SIM_MEAN, r, get_mean, false, lang);
    total_row(d, RL_SIM_SE, r, get_mean_se, false, lang);
    total_row(d, RL_SIM_P50, r, get_p50, false, lang);
    total_row(d, RL_SIM_P90, r, get_p90, false, lang);
    total_row(d, RL_SIM_P95, r, get_p95, false, lang);
    total_row(d, RL_SIM_ES95, r, get_es95, false, lang);
    total_row(d, RL_SIM_SE, r, get_es95_se, false, lang);
    total_row(d, RL_SIM_P99, r, get_p99, false, lang);
    total_row(d, RL_SIM_ES99, r, get_es99, false, lang);
    total_row(d, RL_SIM_SE, r, get_es99_se, false, lang);
    total_row(d, RL_SIM_MAX, r, get_max, false, lang);
    total_row(d, RL_SIM_P_LOSS, r, get_p_loss, true, lang);
    if (isfinite(r->appetite)) {
        char app[CR_MONEY_BUF];
        report_money_text(app, sizeof app, r->appetite, r->currency, lang);
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_HEADCELL, NULL, NULL);
        doc_textf(d, "%s%s%s", L(RL_SIM_P_ABOVE_1, lang), app, L(RL_SIM_P_ABOVE_2, lang));
        doc_close(d);
        for (size_t i = 0; i < r->n_scenarios; i++) {
            char buf[48];
            fmt_percent(buf, sizeof buf, r->scenarios[i].result->total.p_exceed);
            cell(d, DOC_CELL, "num", buf);
        }
        doc_close(d);
        if (isfinite(r->appetite_probability)) {
            doc_open(d, DOC_ROW, NULL, NULL);
            cell(d, DOC_HEADCELL, NULL, L(RL_SIM_WITHIN, lang));
            for (size_t i = 0; i < r->n_scenarios; i++)
                cell(d, DOC_CELL, "num",
                     L(r->scenarios[i].result->total.p_exceed <= r->appetite_probability
                           ? RL_SIM_YES
                           : RL_SIM_NO,
                       lang));
            char tol[32];
            fmt_percent(tol, sizeof tol, r->appetite_probability);
            cell(d, DOC_CELL, NULL, "");
            doc_open(d, DOC_CELL, NULL, NULL);
            doc_textf(d, "%s%s%s", L(RL_SIM_TOLERATED, lang), tol, report_close_paren(lang));
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
static void warnings(cr_doc *d, const cr_sim_report *r, cr_report_lang lang)
{
    doc_open(d, DOC_SECTION, "warnings", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    bool heading = false;
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_result *res = r->scenarios[i].result;
        const char *name = scenario_name(r, i, lang);
        size_t flagged = 0;
        for (size_t k = 0; k < res->n_risks; k++)
            flagged += res->risks[k].stats.warnings != 0;
        if (!res->total.warnings && !flagged)
            continue;
        if (!heading) {
            doc_heading(d, 2, NULL, L(RL_SIM_WARNINGS, lang));
            doc_open(d, DOC_LIST, NULL, NULL);
            heading = true;
        }
        for (int b = 0; b < CR_LOSS_WARNINGS; b++) {
            if (!(res->total.warnings & (1u << b)))
                continue;
            char text[512];
            cr_loss_warning_text((cr_loss_warning)(1u << b), &res->total,
                                 lang == CR_LANG_JA ? "ja" : "en", text, sizeof text);
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d, "%s%s%s", name, report_colon(lang), text);
            doc_close(d);
        }
        if (flagged > 0) {
            /* "3 of 21 risks' ..."; in Japanese the whole comes first. */
            bool ja = lang == CR_LANG_JA;
            doc_open(d, DOC_ITEM, NULL, NULL);
            doc_textf(d, "%s%s%zu%s%zu%s", name, report_colon(lang), ja ? res->n_risks : flagged,
                      L(RL_SIM_FLAGGED_OF, lang), ja ? flagged : res->n_risks,
                      L(RL_SIM_FLAGGED_NOTE, lang));
            doc_close(d);
        }
    }
    if (heading)
        doc_close(d);
    doc_close(d);
    doc_close(d);
}

static void risk_table(cr_doc *d, const cr_sim_report *r, cr_report_lang lang)
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
            w[1 + 2 * i] = width(W_SCENARIO, lang);
            w[2 + 2 * i] = width(W_P99, lang);
        }
        w[n - 1] = width(W_SHARE, lang);
        doc_set_widths(d, w, n);
        free(w);
    }
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, L(RL_RISK, lang));
    for (size_t i = 0; i < r->n_scenarios; i++) {
        cell(d, DOC_HEADCELL, "num", scenario_name(r, i, lang));
        cell(d, DOC_HEADCELL, "num", "P99");
    }
    cell(d, DOC_HEADCELL, "num", L(RL_SIM_SHARE, lang));
    doc_close(d);
    const cr_sim_result *first = r->scenarios[0].result;
    const cr_sim_result *last = r->scenarios[r->n_scenarios - 1].result;
    for (size_t k = 0; k < first->n_risks; k++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        cell(d, DOC_HEADCELL, NULL, first->risks[k].id);
        for (size_t i = 0; i < r->n_scenarios; i++) {
            const cr_sim_result *res = r->scenarios[i].result;
            char mean[CR_MONEY_BUF], p99[CR_MONEY_BUF];
            if (k < res->n_risks && lang == CR_LANG_JA) {
                report_money_text(mean, sizeof mean, res->risks[k].stats.mean, r->currency, lang);
                /* P99 in three digits keeps the table narrow (3.5億円). */
                cr_strbuf sb;
                cr_strbuf_init(&sb);
                report_money_short(&sb, res->risks[k].stats.p99, r->currency, lang);
                snprintf(p99, sizeof p99, "%s", sb.data && !sb.failed ? sb.data : "");
                cr_strbuf_free(&sb);
            } else if (k < res->n_risks) {
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

static void transfer(cr_doc *d, const cr_sim_report *r, cr_report_lang lang)
{
    char premium[CR_MONEY_BUF];
    report_money_text(premium, sizeof premium, r->premium, r->currency, lang);
    doc_open(d, DOC_SECTION, "transfer", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s%zu%s%s%s", L(RL_SIM_TRANSFER, lang), r->n_insured,
              L(RL_SIM_TRANSFER_RISKS, lang),
              lang == CR_LANG_EN && r->n_insured != 1 ? "s" : "", L(RL_SIM_TRANSFER_NOTE, lang));
    doc_break(d);
    doc_textf(d, "%s%s%s", L(RL_SIM_PREMIUMS, lang), premium, L(RL_SIM_PREMIUMS_NOTE, lang));
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

void simulate_doc_text(cr_doc *d, const cr_sim_report *r, cr_report_lang lang)
{
    const char *cur = r->currency ? r->currency : "";
    char seed[32], trials[32];
    count_text(seed, sizeof seed, (unsigned long long)r->seed, CR_LANG_EN);
    count_text(trials, sizeof trials, (unsigned long long)r->trials, lang);
    para(d, "%s%s%s", L(RL_SIM_TITLE, lang), r->service_id ? report_colon(lang) : "",
         r->service_id ? r->service_id : "");
    if (r->model_name || r->model_version)
        para(d, "%s%s %s%s%s", L(RL_SIM_MODEL, lang), r->model_name ? r->model_name : "",
             r->model_version ? r->model_version : "", L(RL_SIM_CALIBRATION, lang),
             r->calibration_version ? r->calibration_version : "-");
    para(d, "%s%s", L(RL_SIM_INPUTS, lang), r->inputs_sha256 ? r->inputs_sha256 : "-");
    para(d, "%s%s%s%s%s%s%s", L(RL_SIM_SEED, lang), seed, L(RL_SIM_TRIALS_BEFORE, lang),
         trials, L(RL_SIM_TRIALS_AFTER, lang), cur[0] ? L(RL_SIM_AMOUNTS_IN, lang) : "", cur);
    totals(d, r, lang);
    if (r->n_insured > 0)
        transfer(d, r, lang);
    warnings(d, r, lang);
    if (r->n_scenarios == 0)
        return;
    risk_table(d, r, lang);
    doc_open(d, DOC_SECTION, "columns", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    /* English counts the P99 column in millions of the currency. */
    bool of = lang == CR_LANG_EN && cur[0];
    para(d, "%s%s%s%s", L(RL_SIM_COLUMNS_1, lang), of ? " of " : "", of ? cur : "",
         L(RL_SIM_COLUMNS_2, lang));
    doc_close(d);
    doc_close(d);
}

static void simulate_doc_text_en(cr_doc *d, const cr_sim_report *r)
{
    simulate_doc_text(d, r, CR_LANG_EN);
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
    default: return write_doc(r, simulate_doc_text_en, DOC_OUT_TEXT, fp, err);
    }
    if (st == CR_OK && ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "write failed");
    return st;
}

cr_status cr_sim_report_write_lec_csv(const cr_sim_report *r, FILE *fp, cr_error *err)
{
    return write_doc(r, simulate_doc_lec, DOC_OUT_CSV, fp, err);
}
