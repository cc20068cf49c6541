/*
 * output.c -- a simulation run as JSON, the simulate stage's data writer.
 * (Text and CSV are rendered by the report stage: report/simulate_doc.c.)
 *
 * Nothing that varies between runs of the same inputs (time, thread count,
 * host) is written, so that the same inputs, model version and seed give
 * byte-identical files.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/simulate.h"
#include "config.h"
#include "simulate/simulate_iface.h"

#define FORMAT_NAME "cloudrisk-simulation/1"

/* ---- JSON ------------------------------------------------------------------ */

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
    if (r->precision)
        cr_sim_precision_jb(b, root, r->precision);
    cr_jb_str(b, root, "currency", r->currency);
    cJSON *app = cr_jb_add_object(b, root, "appetite");
    cr_jb_num(b, app, "annual_loss", r->appetite);
    cr_jb_num(b, app, "probability", r->appetite_probability);
    if (r->n_insured > 0) {
        cJSON *ins = cr_jb_add_object(b, root, "transfer");
        cr_jb_num(b, ins, "risks", (double)r->n_insured);
        cr_jb_num(b, ins, "premium", r->premium);
    }
    cJSON *scenarios = cr_jb_add_array(b, root, "scenarios");
    for (size_t i = 0; i < r->n_scenarios; i++) {
        const cr_sim_scenario *sc = &r->scenarios[i];
        const cr_sim_result *res = sc->result;
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "name", sc->name);
        cJSON *total = cr_loss_summary_jb(b, NULL, &res->total);
        if (isfinite(r->appetite) && isfinite(r->appetite_probability))
            cr_jb_bool(b, total, "within_appetite",
                                  res->total.p_exceed <= r->appetite_probability);
        cr_jb_put(b, o, "total", total);
        cJSON *risks = cr_jb_add_array(b, o, "risks");
        for (size_t k = 0; k < res->n_risks; k++) {
            cJSON *named = cr_loss_summary_jb(b, res->risks[k].id, &res->risks[k].stats);
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
