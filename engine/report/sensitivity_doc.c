/*
 * sensitivity_doc.c -- the tornado and the uncertainty bands of a
 * simulation run built into documents (sensitivity_doc.h), and the
 * writers of sensitivity.h and report.h that print them: the text beside
 * `cloudrisk simulate`'s report and the tornado's CSV for tools (its JSON is
 * written beside the analysis, engine/plan/sensitivity_out.c).
 *
 * Amounts for people are whole units grouped by thousands (util/money.h,
 * the one rule for it), "-" where a figure is not finite; an input's
 * frequency or level in three significant digits.  Figures for tools are
 * written with twelve significant digits, empty where not finite.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/report.h"
#include "report/assess_doc.h"
#include "report/drivers.h"
#include "report/labels.h"
#include "report/sensitivity_doc.h"
#include "util/money.h"

/* ---- figures as text -------------------------------------------------------- */

static void fmt_money(char *buf, size_t size, double v)
{
    if (isfinite(v))
        cr_money_grouped(buf, size, v);
    else
        snprintf(buf, size, "-");
}

static void fmt_exact(char *buf, size_t size, double v)
{
    if (isfinite(v))
        snprintf(buf, size, "%.12g", v);
    else
        buf[0] = '\0';
}

static void cell(cr_doc *d, doc_kind kind, const char *cls, const char *text)
{
    doc_leaf(d, kind, NULL, cls, text);
}

static const char *group_name(const cr_sens_row *row)
{
    return row->input == CR_SENS_CONTROLS ? cr_sim_term_role(row->target) : "";
}

static const char *ale_method(const cr_sensitivity *s)
{
    return s->ale_closed_form ? "closed_form" : "closed_form_insured_simulated";
}

/* ---- the tornado for a person ---------------------------------------------- */

/* Columns in terminal columns, the space before each right-aligned figure
 * included; the rank is printed right-aligned in four columns and a space.
 * In Japanese the figures' columns are as wide as their cells (0). */
enum { W_RANK = -5, W_INPUT = -30, W_RANGE = 35, W_FIGURE = 17 };

static const char *L(report_label label, cr_report_lang lang)
{
    return report_label_text(label, lang);
}


static void money_cell_in(cr_doc *d, double v, const char *currency, cr_report_lang lang)
{
    char buf[CR_MONEY_BUF];
    report_money_text(buf, sizeof buf, v, currency, lang);
    cell(d, DOC_CELL, "num", buf);
}

/* A count: as it is in English, grouped in Japanese. */
static void count_in(char *buf, size_t size, unsigned long long n, cr_report_lang lang)
{
    if (lang == CR_LANG_JA)
        cr_money_grouped(buf, size, (double)n);
    else
        snprintf(buf, size, "%llu", n);
}

static void para_open(cr_doc *d)
{
    doc_open(d, DOC_PARA, NULL, NULL);
}

/* A piece of text the report's words (drivers_words.c) build. */
static void words_cell(cr_doc *d, const char *cls, cr_strbuf *sb)
{
    cell(d, DOC_CELL, cls, sb->data && !sb->failed ? sb->data : "");
    if (sb->failed)
        d->failed = true;
    cr_strbuf_free(sb);
}

static void input_cell(cr_doc *d, const cr_sens_row *row, cr_report_lang lang)
{
    if (lang == CR_LANG_JA) {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        drivers_input_name(&sb, row, NULL, lang);
        words_cell(d, NULL, &sb);
        return;
    }
    doc_open(d, DOC_CELL, NULL, NULL);
    if (row->input == CR_SENS_CONTROLS)
        doc_textf(d, "controls %s", cr_sim_term_role(row->target));
    else
        doc_textf(d, "%s %s", row->risk,
                  row->input == CR_SENS_FREQUENCY ? "frequency" : "loss per event");
    doc_close(d);
}

/* The input's P10 .. P90: amounts for a loss, else three digits. */
static void range_cell(cr_doc *d, const cr_sens_row *row, const char *currency,
                       cr_report_lang lang)
{
    if (lang == CR_LANG_JA) {
        cr_strbuf sb;
        cr_strbuf_init(&sb);
        drivers_input_range(&sb, row, currency, lang);
        words_cell(d, "num", &sb);
        return;
    }
    char lo[CR_MONEY_BUF], hi[CR_MONEY_BUF];
    if (row->input == CR_SENS_LOSS) {
        fmt_money(lo, sizeof lo, row->value_low);
        fmt_money(hi, sizeof hi, row->value_high);
    } else {
        snprintf(lo, sizeof lo, "%.3g", row->value_low);
        snprintf(hi, sizeof hi, "%.3g", row->value_high);
    }
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%s .. %s", lo, hi);
    doc_close(d);
}

static void tornado_table(cr_doc *d, const cr_sensitivity *s, size_t n, const char *currency,
                          cr_report_lang lang)
{
    static const int widths[] = {W_RANK,   W_INPUT,  W_RANGE, W_FIGURE,
                                 W_FIGURE, W_FIGURE, W_FIGURE};
    static const int widths_ja[] = {W_RANK, 0, 0, 0, 0, 0, 0};
    static const char *const heads[] = {"P10 .. P90", "ALE at P10", "ALE at P90",
                                        "P95 at P10", "P95 at P90"};
    static const drivers_word heads_ja[] = {DW_RANGE, DW_ALE_LOW, DW_ALE_HIGH, DW_P95_LOW,
                                            DW_P95_HIGH};
    bool ja = lang == CR_LANG_JA;
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_set_widths(d, ja ? widths_ja : widths, sizeof widths / sizeof widths[0]);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, ja ? drivers_word_text(DW_RANK, lang) : "rank");
    cell(d, DOC_HEADCELL, NULL, ja ? drivers_word_text(DW_INPUT, lang) : "input");
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        cell(d, DOC_HEADCELL, "num", ja ? drivers_word_text(heads_ja[i], lang) : heads[i]);
    doc_close(d);
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%4zu", i + 1);
        doc_close(d);
        input_cell(d, row, lang);
        range_cell(d, row, currency, lang);
        money_cell_in(d, row->ale_low, currency, lang);
        money_cell_in(d, row->ale_high, currency, lang);
        money_cell_in(d, row->p95_low, currency, lang);
        money_cell_in(d, row->p95_high, currency, lang);
        doc_close(d);
    }
    doc_close(d);
}

void sensitivity_doc_text(cr_doc *d, const cr_sensitivity *s, const char *what, size_t top,
                          const char *currency, cr_report_lang lang)
{
    if (!s || !s->present)
        return;
    size_t n = top && top < s->n_rows ? top : s->n_rows;
    char ale[CR_MONEY_BUF], p95[CR_MONEY_BUF], years[32];
    report_money_text(ale, sizeof ale, s->ale_base, currency, lang);
    report_money_text(p95, sizeof p95, s->p95_base, currency, lang);
    count_in(years, sizeof years, (unsigned long long)s->years, lang);
    doc_open(d, DOC_SECTION, "sensitivity", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    para_open(d);
    doc_textf(d, "%s%s%s", L(RL_SIM_SENS_1, lang), report_sim_scenario_text(what, lang),
              L(RL_SIM_SENS_2, lang));
    doc_close(d);
    para_open(d);
    doc_textf(d, "%s %s%s%s%s", L(RL_SIM_EXPECTED_LOSS, lang), ale, report_open_paren(lang),
              L(s->ale_closed_form ? RL_SIM_CLOSED : RL_SIM_CLOSED_INSURED, lang),
              report_close_paren(lang));
    doc_textf(d, "%s%s%s%s%s%zu%s%zu", L(RL_SIM_SENS_P95, lang), p95,
              L(RL_SIM_SENS_FIRST, lang), years, L(RL_SIM_SENS_TOP, lang), n,
              L(RL_SIM_SENS_OF, lang), s->n_rows);
    doc_close(d);
    tornado_table(d, s, n, currency, lang);
    doc_close(d);
    doc_close(d);
}

/* ---- the tornado for tools ------------------------------------------------- */

static void exact_cell(cr_doc *d, double v)
{
    char buf[40];
    fmt_exact(buf, sizeof buf, v);
    cell(d, DOC_CELL, NULL, buf);
}

void sensitivity_doc_table(cr_doc *d, const cr_sensitivity *s)
{
    static const char *const header[] = {"rank",      "input",      "risk",     "group",
                                         "value_low", "value_high", "ale_low",  "ale_high",
                                         "p95_low",   "p95_high",   "ale_base", "p95_base",
                                         "ale_method", "years",     "seed"};
    doc_open(d, DOC_TABLE, "sensitivity", NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        cell(d, DOC_HEADCELL, NULL, header[i]);
    doc_close(d);
    for (size_t i = 0; s && s->present && i < s->n_rows; i++) {
        const cr_sens_row *row = &s->rows[i];
        const double v[] = {row->value_low, row->value_high, row->ale_low, row->ale_high,
                            row->p95_low,   row->p95_high,   s->ale_base,  s->p95_base};
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%zu", i + 1);
        doc_close(d);
        cell(d, DOC_CELL, NULL, cr_sens_input_name(row->input));
        cell(d, DOC_CELL, NULL, row->risk);
        cell(d, DOC_CELL, NULL, group_name(row));
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            exact_cell(d, v[k]);
        cell(d, DOC_CELL, NULL, ale_method(s));
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%llu", (unsigned long long)s->years);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_textf(d, "%llu", (unsigned long long)s->seed);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* ---- the uncertainty bands -------------------------------------------------- */

enum { W_BAND_LABEL = -22, W_BAND = 19, BAND_STEP = 6 };

static void band_row(cr_doc *d, const char *label, double p05, double p50, double p95,
                     const char *currency, cr_report_lang lang)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, label);
    money_cell_in(d, p05, currency, lang);
    money_cell_in(d, p50, currency, lang);
    money_cell_in(d, p95, currency, lang);
    doc_close(d);
}

void sensitivity_doc_bands(cr_doc *d, const cr_sim_bands *b, const char *what,
                           const char *currency, cr_report_lang lang)
{
    static const int widths[] = {W_BAND_LABEL, W_BAND, W_BAND, W_BAND};
    static const int widths_ja[] = {0, 0, 0, 0};
    if (!b || !b->present)
        return;
    char years[32];
    count_in(years, sizeof years, (unsigned long long)b->years, lang);
    doc_open(d, DOC_SECTION, "bands", NULL);
    doc_open(d, DOC_BOX, NULL, "indent");
    para_open(d);
    doc_textf(d, "%s%s%s%u%s%s%s", L(RL_SIM_BANDS_1, lang), report_sim_scenario_text(what, lang),
              L(RL_SIM_BANDS_2, lang), b->outer, L(RL_SIM_BANDS_3, lang), years,
              L(RL_SIM_BANDS_4, lang));
    doc_close(d);
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_set_widths(d, lang == CR_LANG_JA ? widths_ja : widths, sizeof widths / sizeof widths[0]);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    cell(d, DOC_HEADCELL, NULL, "");
    cell(d, DOC_HEADCELL, "num", L(RL_SIM_P5, lang));
    cell(d, DOC_HEADCELL, "num", L(RL_SIM_P50, lang));
    cell(d, DOC_HEADCELL, "num", L(RL_SIM_P95_SHORT, lang));
    doc_close(d);
    band_row(d, L(RL_SIM_EXPECTED_LOSS, lang), b->mean_p05, b->mean_p50, b->mean_p95, currency,
             lang);
    for (size_t k = 0; k < b->n_points; k += BAND_STEP) {
        char label[80];
        snprintf(label, sizeof label, "%s%.3g%s", L(RL_SIM_EXCEEDED_1, lang),
                 100 * b->exceedance[k], L(RL_SIM_EXCEEDED_2, lang));
        band_row(d, label, b->loss_p05[k], b->loss_p50[k], b->loss_p95[k], currency, lang);
    }
    doc_close(d);
    doc_close(d);
    doc_close(d);
}

/* ---- writing ------------------------------------------------------------------ */

/* The document in a format to fp; d is freed. */
static cr_status write_doc(cr_doc *d, doc_out format, FILE *fp, const char *what_failed,
                           cr_error *err)
{
    bool ok = doc_write(d, format, fp);
    doc_free(d);
    if (!ok)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "%s", what_failed);
    return CR_OK;
}

cr_status cr_sim_report_write_text_drivers(const cr_sim_report *report,
                                           const cr_sensitivity *sens,
                                           const cr_sim_bands *bands, const char *what,
                                           size_t top, cr_report_lang lang, FILE *fp,
                                           cr_error *err)
{
    cr_doc d;
    doc_init(&d);
    simulate_doc_text(&d, report, lang);
    sensitivity_doc_text(&d, sens, what, top, report->currency, lang);
    sensitivity_doc_bands(&d, bands, what, report->currency, lang);
    return write_doc(&d, DOC_OUT_TEXT, fp, "cannot write the output", err);
}

/* On its own, a section is set apart from what the caller printed before it
 * by a blank line, as it is in the report. */
cr_status cr_sensitivity_write_text(const cr_sensitivity *s, const char *what, size_t top,
                                    FILE *fp, cr_error *err)
{
    if (!s || !s->present)
        return CR_OK;
    fputc('\n', fp);
    cr_doc d;
    doc_init(&d);
    sensitivity_doc_text(&d, s, what, top, NULL, CR_LANG_EN);
    return write_doc(&d, DOC_OUT_TEXT, fp, "cannot write the output", err);
}

cr_status cr_sim_bands_write_text(const cr_sim_bands *b, const char *what, FILE *fp,
                                  cr_error *err)
{
    if (!b || !b->present)
        return CR_OK;
    fputc('\n', fp);
    cr_doc d;
    doc_init(&d);
    sensitivity_doc_bands(&d, b, what, NULL, CR_LANG_EN);
    return write_doc(&d, DOC_OUT_TEXT, fp, "cannot write the output", err);
}

cr_status cr_sensitivity_write_csv(const cr_sensitivity *s, FILE *fp, cr_error *err)
{
    cr_doc d;
    doc_init(&d);
    sensitivity_doc_table(&d, s);
    return write_doc(&d, DOC_OUT_CSV, fp, "cannot write the sensitivity CSV", err);
}
