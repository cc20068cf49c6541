/*
 * assess_csv.c -- an assessment as CSV, one row per risk, for spreadsheets.
 * CSV has no place for a header block, so every row carries the provenance
 * (model version, inputs' hash, catalogue source hash).
 */
#include <stdio.h>

#include "score/assess_render.h"
#include "util/csv_util.h"

void cr_render_csv(const cr_assessment *a, const char *lang, FILE *fp)
{
    static const char *const header[] = {
        "service_id", "risk_id", "risk", "dimensions", "inherent_impact",
        "inherent_likelihood", "inherent_level", "preventive", "detective", "corrective",
        "residual_impact", "residual_likelihood", "residual_level", "treatment_required",
        "required_controls", "gaps", "model_version", "inputs_sha256", "catalog_source_sha256"};
    enum { N = sizeof header / sizeof header[0] };
    const cr_model *m = a->model;
    const cr_criteria *c = cr_model_criteria(m);
    cr_csv_write_row(fp, header, N);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *res = &a->risks[i];
        const cr_risk_score *sc = &res->score;
        const cr_risk *r = cr_model_risk(m, sc->risk);
        char dims[8], ii[4], il[4], ri[4], rl[4], p[24], d[24], co[24], req[24], gaps[24];
        cr_render_dimensions(r->dimensions, dims);
        snprintf(ii, sizeof ii, "%d", sc->inherent_impact);
        snprintf(il, sizeof il, "%d", sc->inherent_likelihood);
        snprintf(ri, sizeof ri, "%d", sc->residual_impact);
        snprintf(rl, sizeof rl, "%d", sc->residual_likelihood);
        snprintf(p, sizeof p, "%.4f", sc->strength[CR_ROLE_PREVENTIVE]);
        snprintf(d, sizeof d, "%.4f", sc->strength[CR_ROLE_DETECTIVE]);
        snprintf(co, sizeof co, "%.4f", sc->strength[CR_ROLE_CORRECTIVE]);
        snprintf(req, sizeof req, "%zu", res->n_required);
        snprintf(gaps, sizeof gaps, "%zu", res->n_gaps);
        const char *row[N] = {cr_service_id(a->service),
                              r->id,
                              cr_text_get(&r->name, lang),
                              dims,
                              ii,
                              il,
                              c->levels[sc->inherent_level].id,
                              p,
                              d,
                              co,
                              ri,
                              rl,
                              c->levels[sc->residual_level].id,
                              sc->treatment_required ? "yes" : "no",
                              req,
                              gaps,
                              cr_model_version(m),
                              a->inputs_sha256,
                              cr_catalog_source_sha256(cr_model_catalog(m))};
        cr_csv_write_row(fp, row, N);
    }
}
