/*
 * simulate_drivers.c -- the tornado and the uncertainty bands of
 * `cloudrisk simulate`: computed on the scenario the command reports
 * (the residual of a service, or the portfolio), written beside its report.
 */
#include <stdlib.h>
#include <string.h>

#include "simulate_drivers.h"

cr_status sim_drivers_run(sim_drivers *d, const cr_portfolio *p, const cr_sim_options *o,
                          uint64_t trials, cr_error *err)
{
    cr_sim_options run = *o;
    run.trials = trials;
    cr_status st = CR_OK;
    if (d->sensitivity)
        st = cr_sensitivity_run(p, &run, &d->sens, err);
    if (st == CR_OK && d->bands)
        st = cr_sim_bands_run(p, &run, d->bands, &d->band, err);
    return st;
}

cr_status sim_drivers_write(const sim_drivers *d, const cr_sim_report *report,
                            cr_sim_format format, FILE *fp, cr_error *err)
{
    bool any = d->sens.present || d->band.present;
    if (format == CR_SIM_FORMAT_TEXT)
        return cr_sim_report_write_text_drivers(report, &d->sens, &d->band, d->what, 10,
                                                d->lang, fp, err);
    if (!any || format == CR_SIM_FORMAT_CSV)
        return cr_sim_report_write(report, format, fp, err);
    cJSON *root = cr_sim_report_to_json(report);
    bool failed = !root;
    if (root && d->sens.present) {
        cJSON *s = cr_sensitivity_to_json(&d->sens);
        if (!s || !cJSON_AddStringToObject(s, "scenario", d->what) ||
            !cJSON_AddItemToObject(root, "sensitivity", s)) {
            cJSON_Delete(s);
            failed = true;
        }
    }
    if (root && !failed && d->band.present) {
        cJSON *b = cJSON_AddObjectToObject(root, "bands");
        cJSON *one = cr_sim_bands_to_json(&d->band);
        if (!b || !one || !cJSON_AddItemToObject(b, d->what, one)) {
            cJSON_Delete(one);
            failed = true;
        }
    }
    if (failed) {
        cJSON_Delete(root);
        root = NULL;
    }
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    fputs(text, fp);
    fputc('\n', fp);
    free(text);
    return CR_OK;
}

cr_status sim_drivers_open(sim_drivers *d, cr_outfile *svg, cr_outfile *csv, cr_error *err)
{
    cr_status st = CR_OK;
    if (d->tornado_path)
        st = cr_outfile_open(svg, d->tornado_path, err);
    if (st == CR_OK && d->csv_path) {
        st = cr_outfile_open(csv, d->csv_path, err);
        if (st != CR_OK && d->tornado_path)
            cr_outfile_abort(svg);
    }
    return st;
}

cr_status sim_drivers_files(const sim_drivers *d, cr_outfile *svg, cr_outfile *csv,
                            cr_error *err)
{
    cr_status st = CR_OK;
    if (d->tornado_path)
        st = cr_sensitivity_write_svg(&d->sens, d->currency,
                                      d->lang == CR_LANG_JA ? "ja" : "en", 10, svg->fp, err);
    if (st == CR_OK && d->csv_path)
        st = cr_sensitivity_write_csv(&d->sens, csv->fp, err);
    return st;
}

void sim_drivers_clear(sim_drivers *d)
{
    cr_sensitivity_clear(&d->sens);
    memset(&d->band, 0, sizeof d->band);
}
