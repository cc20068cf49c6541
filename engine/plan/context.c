/*
 * context.c -- a data directory's inputs loaded once (context.h): the
 * catalogue, the model with the organisation profile applied, the
 * calibration, the control costs, and a command's service.
 *
 * It lives in the plan stage because the costs are the plan's (costs.h);
 * every stage before it only lends its loader.  Nothing here changes a
 * context once it is open: the profile, the checklist and the calibration's
 * fit to the profile's money are applied while opening, to the context's
 * own copies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "plan/costs.h"

struct cr_context {
    char *data_dir;
    cr_catalog *catalog;
    cr_model *model;
    cr_organisation *org;      /* applied to model; NULL when none */
    cr_service *service;       /* NULL when none was asked for */
    bool calibrated;
    cr_calibration calibration;
    bool costed;
    plan_costs costs;
    char costs_sha256[65];
};

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

void cr_context_options_init(cr_context_options *options)
{
    memset(options, 0, sizeof *options);
}

/* The control costs: every control of the catalogue must have a class, the
 * amounts must be in the model's currency, and the file's bytes are hashed
 * after they were parsed, as the calibration's are: a file replaced in
 * between fails the batch's own re-check of the inputs rather than going
 * unnoticed for good. */
static cr_status load_costs(cr_context *ctx, cr_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/models/costs.json", ctx->data_dir);
    const cr_catalog_item *const *items;
    size_t n_items = cr_catalog_level(ctx->catalog, CR_LEVEL_CONTROL, &items);
    const char **ids = malloc((n_items ? n_items : 1) * sizeof *ids);
    if (!ids)
        return oom(err);
    for (size_t i = 0; i < n_items; i++)
        ids[i] = items[i]->id;
    cr_status st = plan_costs_load(path, ids, n_items, &ctx->costs, err);
    free(ids);
    if (st != CR_OK)
        return st;
    ctx->costed = true;
    const char *currency = cr_model_currency(ctx->model);
    if (strcmp(ctx->costs.currency, currency) != 0)
        return cr_error_set(err, CR_ERR_INPUT, path, 0, "$.currency",
                            "costs are in %s but the model's scales are in %s; expected the "
                            "same currency",
                            ctx->costs.currency, currency);
    cr_sha256 h;
    cr_sha256_init(&h);
    st = cr_sha256_file(&h, path, err);
    if (st == CR_OK)
        cr_sha256_final_hex(&h, ctx->costs_sha256);
    return st;
}

/* The profile: with a service, the one cr_service_apply_organisation
 * chooses (org_path, else the service's own), which also reads the
 * service's statuses of the profile's own controls; without, org_path. */
static cr_status apply_organisation(cr_context *ctx, const cr_context_options *o, cr_error *err)
{
    if (ctx->service)
        return cr_service_apply_organisation(ctx->model, ctx->service, o->org_path, &ctx->org,
                                             err);
    if (!o->org_path)
        return CR_OK;
    cr_status st = cr_organisation_load(o->org_path, &ctx->org, err);
    if (st == CR_OK)
        st = cr_model_apply_organisation(ctx->model, ctx->org, err);
    return st;
}

static cr_status load_all(cr_context *ctx, const cr_context_options *o, cr_error *err)
{
    unsigned parts = o->parts;
    bool model = parts != 0 || o->service_path;
    cr_status st = cr_catalog_load(ctx->data_dir, &ctx->catalog, err);
    if (st == CR_OK && model)
        st = cr_model_load(ctx->data_dir, ctx->catalog, &ctx->model, err);
    if (st == CR_OK && o->service_path)
        st = cr_service_load(ctx->model, o->service_path, &ctx->service, err);
    /* The profile before the checklist: a checklist may name the
     * organisation's own controls. */
    if (st == CR_OK && (parts & CR_CONTEXT_ORGANISATION))
        st = apply_organisation(ctx, o, err);
    if (st == CR_OK && ctx->service && o->controls_csv)
        st = cr_service_apply_checklist(ctx->service, o->controls_csv, err);
    if (st == CR_OK && (parts & CR_CONTEXT_CALIBRATION)) {
        st = cr_calibration_load_dir(ctx->data_dir, &ctx->calibration, err);
        ctx->calibrated = st == CR_OK;
        if (st == CR_OK && ctx->org)
            st = cr_calibration_follow_impact_scale(&ctx->calibration, ctx->model, err);
    }
    if (st == CR_OK && (parts & CR_CONTEXT_COSTS))
        st = load_costs(ctx, err);
    if (st == CR_OK && ctx->calibrated)
        st = cr_calibration_check_scales(&ctx->calibration, ctx->model, err);
    return st;
}

cr_status cr_context_open(const char *data_dir, const cr_context_options *options,
                          cr_context **out, cr_error *err)
{
    *out = NULL;
    cr_context_options none;
    if (!options) {
        cr_context_options_init(&none);
        options = &none;
    }
    if (!data_dir)
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "no data directory; expected the directory that holds models/ "
                            "and datasets/");
    cr_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return oom(err);
    ctx->data_dir = strdup(data_dir);
    cr_status st = ctx->data_dir ? load_all(ctx, options, err) : oom(err);
    if (st != CR_OK) {
        cr_context_free(ctx);
        return st;
    }
    *out = ctx;
    return CR_OK;
}

void cr_context_free(cr_context *ctx)
{
    if (!ctx)
        return;
    if (ctx->costed)
        plan_costs_free(&ctx->costs);
    if (ctx->calibrated)
        cr_calibration_clear(&ctx->calibration);
    /* The service and the model before the profile and the catalogue they
     * refer to. */
    cr_service_free(ctx->service);
    cr_model_free(ctx->model);
    cr_organisation_free(ctx->org);
    cr_catalog_free(ctx->catalog);
    free(ctx->data_dir);
    free(ctx);
}

const char *cr_context_data_dir(const cr_context *ctx) { return ctx->data_dir; }
const cr_catalog *cr_context_catalog(const cr_context *ctx) { return ctx->catalog; }
const cr_model *cr_context_model(const cr_context *ctx) { return ctx->model; }
const cr_organisation *cr_context_organisation(const cr_context *ctx) { return ctx->org; }
const cr_service *cr_context_service(const cr_context *ctx) { return ctx->service; }

const cr_calibration *cr_context_calibration(const cr_context *ctx)
{
    return ctx->calibrated ? &ctx->calibration : NULL;
}

const char *cr_context_costs_sha256(const cr_context *ctx)
{
    return ctx->costed && ctx->costs_sha256[0] ? ctx->costs_sha256 : NULL;
}

const plan_costs *plan_context_costs(const cr_context *ctx)
{
    return ctx->costed ? &ctx->costs : NULL;
}
