/*
 * sensitivity_out.c -- the tornado and the uncertainty bands as JSON, every
 * row and figure (the reports show the top rows; tools get all).  Their
 * text and CSV are built as documents by the report stage
 * (engine/report/sensitivity_doc.c).
 */
#include "cloudrisk/sensitivity.h"
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
