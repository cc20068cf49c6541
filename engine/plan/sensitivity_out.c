/*
 * sensitivity_out.c -- the tornado and the uncertainty bands as JSON and
 * CSV, every row and figure (the reports show the top rows; tools get all).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cloudrisk/sensitivity.h"
#include "util/csv_util.h"
#include "util/json_build.h"

static const char *group_name(const cr_sens_row *row)
{
    return row->input == CR_SENS_CONTROLS ? cr_sim_term_role(row->target) : "";
}

cJSON *cr_sensitivity_to_json(const cr_sensitivity *s)
{
    cr_jb jb = {0}, *b = &jb;
    cJSON *o = cr_jb_object(b);
    if (!s || !s->present)
        return cr_jb_result(b, o);
    cr_jb_str(b, o, "method", "one at a time, P10 and P90, common random numbers");
    cr_jb_num(b, o, "low_percentile", 100 * CR_SENS_LOW_P);
    cr_jb_num(b, o, "high_percentile", 100 * CR_SENS_HIGH_P);
    cr_jb_str(b, o, "ale_method",
              s->ale_closed_form ? "closed_form" : "closed_form_insured_simulated");
    cr_jb_num(b, o, "seed", (double)s->seed);
    cr_jb_num(b, o, "trials", (double)s->trials);
    cr_jb_num(b, o, "years", (double)s->years);
    cr_jb_num(b, o, "ale_base", s->ale_base);
    cr_jb_num(b, o, "p95_base", s->p95_base);
    cJSON *rows = cr_jb_add_array(b, o, "rows");
    for (size_t i = 0; i < s->n_rows && !b->failed; i++) {
        const cr_sens_row *row = &s->rows[i];
        cJSON *r = cr_jb_object(b);
        cr_jb_num(b, r, "rank", (double)(i + 1));
        cr_jb_str(b, r, "input", cr_sens_input_name(row->input));
        if (row->input == CR_SENS_CONTROLS)
            cr_jb_str(b, r, "group", group_name(row));
        else
            cr_jb_str(b, r, "risk", row->risk);
        cr_jb_num(b, r, "value_low", row->value_low);
        cr_jb_num(b, r, "value_high", row->value_high);
        cr_jb_num(b, r, "ale_low", row->ale_low);
        cr_jb_num(b, r, "ale_high", row->ale_high);
        cr_jb_num(b, r, "ale_change_low", row->ale_low - s->ale_base);
        cr_jb_num(b, r, "ale_change_high", row->ale_high - s->ale_base);
        cr_jb_num(b, r, "p95_low", row->p95_low);
        cr_jb_num(b, r, "p95_high", row->p95_high);
        cr_jb_num(b, r, "p95_change_low", row->p95_low - s->p95_base);
        cr_jb_num(b, r, "p95_change_high", row->p95_high - s->p95_base);
        cr_jb_num(b, r, "swing", row->swing);
        cr_jb_push(b, rows, r);
    }
    return cr_jb_result(b, o);
}

static void cell(char *buf, size_t size, double v)
{
    if (isfinite(v))
        snprintf(buf, size, "%.12g", v);
    else
        buf[0] = '\0';
}

cr_status cr_sensitivity_write_csv(const cr_sensitivity *s, FILE *fp, cr_error *err)
{
    static const char *const header[] = {"rank",     "input",     "risk",       "group",
                                         "value_low", "value_high", "ale_low",   "ale_high",
                                         "p95_low",  "p95_high",  "ale_base",   "p95_base",
                                         "ale_method", "years",    "seed"};
    enum { N = sizeof header / sizeof header[0] };
    cr_csv_write_row(fp, header, N);
    for (size_t i = 0; s && s->present && i < s->n_rows; i++) {
        const cr_sens_row *row = &s->rows[i];
        char f[10][40], rank[24], years[24], seed[24];
        double v[10] = {row->value_low, row->value_high, row->ale_low, row->ale_high,
                        row->p95_low,   row->p95_high,   s->ale_base, s->p95_base};
        for (int k = 0; k < 8; k++)
            cell(f[k], sizeof f[k], v[k]);
        snprintf(rank, sizeof rank, "%zu", i + 1);
        snprintf(years, sizeof years, "%llu", (unsigned long long)s->years);
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)s->seed);
        const char *cells[N] = {rank, cr_sens_input_name(row->input), row->risk, group_name(row),
                                f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7],
                                s->ale_closed_form ? "closed_form" : "closed_form_insured_simulated", years, seed};
        cr_csv_write_row(fp, cells, N);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the sensitivity CSV");
    return CR_OK;
}

cJSON *cr_sim_bands_to_json(const cr_sim_bands *bd)
{
    cr_jb jb = {0}, *b = &jb;
    cJSON *o = cr_jb_object(b);
    if (!bd || !bd->present)
        return cr_jb_result(b, o);
    cr_jb_str(b, o, "method", "two-level Monte Carlo");
    cr_jb_num(b, o, "trials", (double)bd->trials);
    cr_jb_num(b, o, "outer_samples", bd->outer);
    cr_jb_num(b, o, "years_per_sample", (double)bd->years);
    cr_jb_num(b, o, "seed", (double)bd->seed);
    cJSON *m = cr_jb_add_object(b, o, "expected_loss");
    cr_jb_num(b, m, "p05", bd->mean_p05);
    cr_jb_num(b, m, "p50", bd->mean_p50);
    cr_jb_num(b, m, "p95", bd->mean_p95);
    cr_jb_num(b, m, "mean", bd->mean_mean);
    cJSON *lec = cr_jb_add_array(b, o, "lec");
    for (size_t k = 0; k < bd->n_points && !b->failed; k++) {
        cJSON *pt = cr_jb_object(b);
        cr_jb_num(b, pt, "exceedance", bd->exceedance[k]);
        cr_jb_num(b, pt, "loss_p05", bd->loss_p05[k]);
        cr_jb_num(b, pt, "loss_p50", bd->loss_p50[k]);
        cr_jb_num(b, pt, "loss_p95", bd->loss_p95[k]);
        cr_jb_push(b, lec, pt);
    }
    return cr_jb_result(b, o);
}

/* Whole units with thousands separators: "1,234,567" or "-1,234". */
static void grouped(char *buf, size_t size, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), o = 0;
    if (v < 0 && digits[0] != '0' && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

static void input_words(char *buf, size_t size, const cr_sens_row *row)
{
    if (row->input == CR_SENS_CONTROLS)
        snprintf(buf, size, "controls %s", cr_sim_term_role(row->target));
    else
        snprintf(buf, size, "%s %s", row->risk,
                 row->input == CR_SENS_FREQUENCY ? "frequency" : "loss per event");
}

cr_status cr_sensitivity_write_text(const cr_sensitivity *s, const char *what, size_t top,
                                    FILE *fp, cr_error *err)
{
    if (!s || !s->present)
        return CR_OK;
    size_t n = top && top < s->n_rows ? top : s->n_rows;
    char a[40], b[40], c[40], d[40], lo[40], hi[40], name[80];
    fprintf(fp, "\n  Sensitivity of the %s total (tornado): each input alone at its P10 and "
                "P90\n", what);
    grouped(a, sizeof a, s->ale_base);
    grouped(b, sizeof b, s->p95_base);
    fprintf(fp, "  expected loss %s (%s), P95 %s on the first %llu years; top %zu of %zu\n",
            a, s->ale_closed_form ? "closed form" : "closed form, insured risks simulated", b,
            (unsigned long long)s->years, n, s->n_rows);
    fprintf(fp, "  %-4s %-30s %34s %16s %16s %16s %16s\n", "rank", "input", "P10 .. P90",
            "ALE at P10", "ALE at P90", "P95 at P10", "P95 at P90");
    for (size_t i = 0; i < n; i++) {
        const cr_sens_row *row = &s->rows[i];
        input_words(name, sizeof name, row);
        if (row->input == CR_SENS_LOSS) {
            grouped(lo, sizeof lo, row->value_low);
            grouped(hi, sizeof hi, row->value_high);
        } else {
            snprintf(lo, sizeof lo, "%.3g", row->value_low);
            snprintf(hi, sizeof hi, "%.3g", row->value_high);
        }
        char range[90];
        snprintf(range, sizeof range, "%s .. %s", lo, hi);
        grouped(a, sizeof a, row->ale_low);
        grouped(b, sizeof b, row->ale_high);
        grouped(c, sizeof c, row->p95_low);
        grouped(d, sizeof d, row->p95_high);
        fprintf(fp, "  %4zu %-30s %34s %16s %16s %16s %16s\n", i + 1, name, range, a, b, c, d);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the output");
    return CR_OK;
}

cr_status cr_sim_bands_write_text(const cr_sim_bands *bd, const char *what, FILE *fp,
                                  cr_error *err)
{
    if (!bd || !bd->present)
        return CR_OK;
    char a[40], b[40], c[40];
    fprintf(fp, "\n  Uncertainty bands of the %s total (two-level Monte Carlo: %u outer samples "
                "of %llu years)\n", what, bd->outer, (unsigned long long)bd->years);
    fprintf(fp, "  %-22s %18s %18s %18s\n", "", "P5", "P50", "P95");
    grouped(a, sizeof a, bd->mean_p05);
    grouped(b, sizeof b, bd->mean_p50);
    grouped(c, sizeof c, bd->mean_p95);
    fprintf(fp, "  %-22s %18s %18s %18s\n", "expected loss", a, b, c);
    for (size_t k = 0; k < bd->n_points; k += 6) {
        char label[40];
        snprintf(label, sizeof label, "loss exceeded %.3g%%", 100 * bd->exceedance[k]);
        grouped(a, sizeof a, bd->loss_p05[k]);
        grouped(b, sizeof b, bd->loss_p50[k]);
        grouped(c, sizeof c, bd->loss_p95[k]);
        fprintf(fp, "  %-22s %18s %18s %18s\n", label, a, b, c);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the output");
    return CR_OK;
}
