/*
 * sensitivity_out.c -- the tornado and the uncertainty bands as JSON and
 * CSV, every row and figure (the reports show the top rows; tools get all).
 */
#include <math.h>
#include <stdio.h>

#include "cloudrisk/sensitivity.h"
#include "util/csv_util.h"

static void num(cJSON *obj, const char *key, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

static const char *group_name(const cr_sens_row *row)
{
    return row->input == CR_SENS_CONTROLS ? cr_sim_term_role(row->target) : "";
}

cJSON *cr_sensitivity_to_json(const cr_sensitivity *s)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !s || !s->present)
        return o;
    cJSON_AddStringToObject(o, "method", "one at a time, P10 and P90, common random numbers");
    num(o, "low_percentile", 100 * CR_SENS_LOW_P);
    num(o, "high_percentile", 100 * CR_SENS_HIGH_P);
    cJSON_AddStringToObject(o, "ale_method", s->ale_closed_form ? "closed_form" : "simulated");
    num(o, "seed", (double)s->seed);
    num(o, "years", (double)s->years);
    num(o, "ale_base", s->ale_base);
    num(o, "p95_base", s->p95_base);
    cJSON *rows = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; rows && i < s->n_rows; i++) {
        const cr_sens_row *row = &s->rows[i];
        cJSON *r = cJSON_CreateObject();
        if (!r)
            break;
        cJSON_AddItemToArray(rows, r);
        cJSON_AddNumberToObject(r, "rank", (double)(i + 1));
        cJSON_AddStringToObject(r, "input", cr_sens_input_name(row->input));
        if (row->input == CR_SENS_CONTROLS)
            cJSON_AddStringToObject(r, "group", group_name(row));
        else
            cJSON_AddStringToObject(r, "risk", row->risk);
        num(r, "value_low", row->value_low);
        num(r, "value_high", row->value_high);
        num(r, "ale_low", row->ale_low);
        num(r, "ale_high", row->ale_high);
        num(r, "ale_change_low", row->ale_low - s->ale_base);
        num(r, "ale_change_high", row->ale_high - s->ale_base);
        num(r, "p95_low", row->p95_low);
        num(r, "p95_high", row->p95_high);
        num(r, "p95_change_low", row->p95_low - s->p95_base);
        num(r, "p95_change_high", row->p95_high - s->p95_base);
        num(r, "swing", row->swing);
    }
    return o;
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
                                s->ale_closed_form ? "closed_form" : "simulated", years, seed};
        cr_csv_write_row(fp, cells, N);
    }
    if (ferror(fp))
        return cr_error_set(err, CR_ERR_IO, NULL, 0, NULL, "cannot write the sensitivity CSV");
    return CR_OK;
}

cJSON *cr_sim_bands_to_json(const cr_sim_bands *b)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !b || !b->present)
        return o;
    cJSON_AddStringToObject(o, "method", "two-level Monte Carlo");
    num(o, "outer_samples", b->outer);
    num(o, "years_per_sample", (double)b->years);
    num(o, "seed", (double)b->seed);
    cJSON *m = cJSON_AddObjectToObject(o, "expected_loss");
    if (m) {
        num(m, "p05", b->mean_p05);
        num(m, "p50", b->mean_p50);
        num(m, "p95", b->mean_p95);
        num(m, "mean", b->mean_mean);
    }
    cJSON *lec = cJSON_AddArrayToObject(o, "lec");
    for (size_t k = 0; lec && k < b->n_points; k++) {
        cJSON *pt = cJSON_CreateObject();
        if (!pt)
            break;
        cJSON_AddItemToArray(lec, pt);
        num(pt, "exceedance", b->exceedance[k]);
        num(pt, "loss_p05", b->loss_p05[k]);
        num(pt, "loss_p50", b->loss_p50[k]);
        num(pt, "loss_p95", b->loss_p95[k]);
    }
    return o;
}
