/*
 * batch_eval.c -- the evaluator `cloudrisk batch` uses: one service assessed
 * (score.h) into a register run.
 *
 * The model is loaded once and shared, read-only, by every worker; each
 * service is loaded, assessed and freed by the worker that took it.
 *
 * The inputs' hash recorded is the assessment's own (score.h):
 *   SHA-256("service <hex>\nchecklist <hex or ->\nmodel <hex>\n")
 * with the SHA-256 of the service file's bytes, of the checklist's bytes, and
 * of the model's files.  It is computed here from the bytes alone, before
 * any parsing, which is what makes skipping an unchanged service cheap; the
 * driver checks that the assessment arrives at the same value.
 */
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/score.h"
#include "register/batch_internal.h"

typedef struct eval_ctx {
    cr_catalog *catalog;
    cr_model *model;
    char context_sha256[65]; /* of the model's hash: what else the inputs' hash covers */
} eval_ctx;

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

static cr_status file_sha256(const char *path, char hex[65], cr_error *err)
{
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_status s = cr_sha256_file(&h, path, err);
    cr_sha256_final_hex(&h, hex);
    return s;
}

static void combine(const eval_ctx *ctx, const char *service, const char *checklist,
                    char hex[65])
{
    char text[300];
    int n = snprintf(text, sizeof text, "service %s\nchecklist %s\nmodel %s\n", service,
                     checklist ? checklist : "-", cr_model_sha256(ctx->model));
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, (size_t)n);
    cr_sha256_final_hex(&h, hex);
}

static cr_status eval_inputs_hash(void *vctx, const batch_item *item, char hex[65],
                                  cr_error *err)
{
    char service[65], checklist[65];
    cr_status s = file_sha256(item->service_path, service, err);
    if (!s && item->controls_path)
        s = file_sha256(item->controls_path, checklist, err);
    if (!s)
        combine(vctx, service, item->controls_path ? checklist : NULL, hex);
    return s;
}

static void eval_loaded_hash(void *vctx, void *loaded, char hex[65])
{
    const cr_service *service = loaded;
    combine(vctx, cr_service_sha256(service), cr_service_checklist_sha256(service), hex);
}

static cr_status eval_load(void *vctx, const batch_item *item, void **loaded,
                           const char **service_id, cr_error *err)
{
    eval_ctx *ctx = vctx;
    cr_service *service = NULL;
    cr_status s = cr_service_load(ctx->model, item->service_path, &service, err);
    if (!s && item->controls_path)
        s = cr_service_apply_checklist(service, item->controls_path, err);
    if (s) {
        cr_service_free(service);
        return s;
    }
    *loaded = service;
    *service_id = cr_service_id(service);
    return CR_OK;
}

static int compare_gaps(const void *a, const void *b)
{
    const cr_reg_gap *x = a, *y = b;
    int c = strcmp(x->risk_id, y->risk_id);
    return c ? c : strcmp(x->control_id, y->control_id);
}

static char *owner_text(const cr_service *service)
{
    const char *name = cr_service_owner_name(service), *email = cr_service_owner_email(service);
    size_t n = strlen(name) + strlen(email) + 4;
    char *text = malloc(n);
    if (text)
        snprintf(text, n, "%s <%s>", name, email);
    return text;
}

/* The qualitative part of a run: identity, levels, gaps. */
static cr_status fill_assessment(const eval_ctx *ctx, const cr_service *service,
                                 const cr_assessment *a, const batch_params *p, cr_reg_run *run,
                                 cr_error *err)
{
    const cr_model *m = ctx->model;
    const cr_criteria *criteria = cr_model_criteria(m);
    bool failed = false;
#define COPY(dst, src)                                                                       \
    do {                                                                                     \
        (dst) = strdup(src);                                                                 \
        failed = failed || !(dst);                                                           \
    } while (0)
    COPY(run->service_id, cr_service_id(service));
    COPY(run->service_name, cr_service_name(service));
    run->owner = owner_text(service);
    failed = failed || !run->owner;
    memcpy(run->inputs_sha256, a->inputs_sha256, sizeof run->inputs_sha256);
    COPY(run->model_version, cr_model_version(m));
    COPY(run->criteria_version, criteria->version);
    run->seed = p->seed;
    run->trials = p->trials;
    COPY(run->run_time, p->run_time);
    if (failed)
        return oom(err);

    run->risks = calloc(a->n_risks, sizeof *run->risks);
    if (!run->risks)
        return oom(err);
    run->n_risks = a->n_risks;
    size_t n_gaps = 0;
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_score *sc = &a->risks[i].score;
        cr_reg_risk *r = &run->risks[i];
        COPY(r->risk_id, cr_model_risk(m, sc->risk)->id);
        r->inherent_impact = sc->inherent_impact;
        r->inherent_likelihood = sc->inherent_likelihood;
        COPY(r->inherent_level, criteria->levels[sc->inherent_level].id);
        r->inherent_rank = sc->inherent_level;
        r->residual_impact = sc->residual_impact;
        r->residual_likelihood = sc->residual_likelihood;
        COPY(r->residual_level, criteria->levels[sc->residual_level].id);
        r->residual_rank = sc->residual_level;
        r->target_rank = -1;
        n_gaps += a->risks[i].n_gaps;
    }
    if (failed)
        return oom(err);
    run->gaps = calloc(n_gaps ? n_gaps : 1, sizeof *run->gaps);
    if (!run->gaps)
        return oom(err);
    for (size_t i = 0; i < a->n_risks; i++) {
        const cr_risk_result *rr = &a->risks[i];
        for (size_t g = 0; g < rr->n_gaps; g++) {
            cr_reg_gap *gap = &run->gaps[run->n_gaps++];
            COPY(gap->risk_id, run->risks[i].risk_id);
            COPY(gap->control_id, cr_model_control(m, rr->gaps[g])->id);
        }
    }
#undef COPY
    if (failed)
        return oom(err);
    /* The register keeps gaps in (risk, control) byte order. */
    qsort(run->gaps, run->n_gaps, sizeof *run->gaps, compare_gaps);
    return CR_OK;
}

static cr_status eval_evaluate(void *vctx, void *loaded, const batch_params *p, cr_reg_run *run,
                               cr_error *err)
{
    eval_ctx *ctx = vctx;
    const cr_service *service = loaded;
    cr_assessment a;
    memset(&a, 0, sizeof a);
    cr_reg_run_init(run);
    cr_status s = cr_assess(ctx->model, service, &a, err);
    if (!s)
        s = fill_assessment(ctx, service, &a, p, run, err);
    if (!s && p->trials > 0)
        s = cr_error_set(err, CR_ERR_USAGE, NULL, 0, NULL,
                         "this build has no Monte Carlo simulation; use --trials 0");
    cr_assessment_free(&a);
    if (s)
        cr_reg_run_free(run);
    return s;
}

static void eval_release(void *vctx, void *loaded)
{
    (void)vctx;
    cr_service_free(loaded);
}

cr_status batch_evaluator_open(const char *data_dir, uint64_t trials, batch_evaluator *ev,
                               cr_error *err)
{
    (void)trials;
    memset(ev, 0, sizeof *ev);
    eval_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return oom(err);
    cr_status s = cr_catalog_load(data_dir, &ctx->catalog, err);
    if (!s)
        s = cr_model_load(data_dir, ctx->catalog, &ctx->model, err);
    if (s) {
        cr_model_free(ctx->model);
        cr_catalog_free(ctx->catalog);
        free(ctx);
        return s;
    }
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, "model ", 6);
    cr_sha256_update(&h, cr_model_sha256(ctx->model), 64);
    cr_sha256_final_hex(&h, ctx->context_sha256);
    ev->context_sha256 = ctx->context_sha256;
    ev->ctx = ctx;
    ev->model_version = cr_model_version(ctx->model);
    ev->criteria_version = cr_model_criteria(ctx->model)->version;
    ev->inputs_hash = eval_inputs_hash;
    ev->load = eval_load;
    ev->loaded_hash = eval_loaded_hash;
    ev->evaluate = eval_evaluate;
    ev->release = eval_release;
    return CR_OK;
}

void batch_evaluator_close(batch_evaluator *ev)
{
    eval_ctx *ctx = ev->ctx;
    if (ctx) {
        cr_model_free(ctx->model);
        cr_catalog_free(ctx->catalog);
        free(ctx);
    }
    memset(ev, 0, sizeof *ev);
}

cr_status cr_batch_run(const cr_batch_options *options, cr_batch_stats *stats, cr_error *err)
{
    batch_evaluator ev;
    memset(stats, 0, sizeof *stats);
    cr_status s = batch_evaluator_open(options->data_dir, options->trials, &ev, err);
    if (s)
        return s;
    s = batch_run_with(options, &ev, NULL, stats, err);
    batch_evaluator_close(&ev);
    return s;
}
