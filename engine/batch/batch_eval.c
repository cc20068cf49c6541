/*
 * batch_eval.c -- the evaluator `cloudrisk batch` uses: one service assessed
 * (score.h) into a register run.
 *
 * The catalogue, model (with the --org profile), calibration and costs are
 * one context (context.h), opened once per run and shared, read-only, by
 * every worker; each service is loaded, assessed and freed by the worker
 * that took it.
 *
 * With trials, the residual annual loss is simulated (simulate.h): the
 * portfolio the simulation builds from the scores with the service's credited
 * controls, at the batch's seed and trials, on one thread (the batch's
 * workers are the parallelism; the figures do not depend on threads anyway),
 * its PERT distributions drawing from tables built once per batch and
 * shared by every service (batch_tables.c).
 * It is the residual scenario `cloudrisk simulate` prints for the service at
 * that seed and trial count.  In precision mode (batch --precision) it is
 * simulated as `cloudrisk simulate --precision` does it, and the run records
 * the trials taken with the target and cap.  The inherent scenario is not simulated: the
 * register tracks residual risk, and a fleet-sized batch would pay twice.
 *
 * And, unless told not to, the treatment plan (plan.h), as `cloudrisk plan`
 * draws it up at the same seed and trials, starting on the run's date unless
 * the service file gives its own start: each risk's option, reason and target
 * level, the plan items, and the simulated inherent and target totals.  The
 * planner works from what is already here (cr_plan_draw): the context, and the
 * service, its assessment and its residual simulation (simulated with the
 * plan's appetite, so that the plan can take it as it is), and the batch's
 * PERT tables, which the plan's inherent and target portfolios draw from.
 *
 * The inputs' hash recorded is that of the single-service commands:
 *   qualitative  SHA-256("service <hex>\nchecklist <hex or ->\nmodel <hex>\n")
 *                (the assessment's, score.h);
 *   simulated    the same with "calibration <hex>\n" appended (simulate.h),
 *                since the calibration's bands shape the losses;
 *   planned      the same again with "costs <hex>\n" appended, since the
 *                control costs shape the plan, and then, when the service
 *                has a decisions file, "decisions <hex>\n", since the
 *                decisions are recorded with the run;
 * with the SHA-256 of the service file's bytes, of the checklist's bytes, of
 * the model's files, of the calibration file, of the costs file and of the
 * decisions file.  (A service without decisions keeps the hash it had before
 * decisions were read.)
 *
 * Decisions.  A planned service's decisions file is read into its plan as
 * `cloudrisk plan --decisions` reads it.  The plan's approval sheet (its
 * subjects with the state each shows, and the sheet's hash) goes with the
 * run (cr_reg_run.sheet), and so do the decisions on its subjects -- the
 * plan, its items, its risks -- with the state each signed
 * (cr_reg_run.approvals), to be recorded in the run's transaction; one the
 * plan's one rule finds stale goes with its stale_reason set, and is
 * reported but not recorded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cloudrisk/catalog.h"
#include "cloudrisk/context.h"
#include "cloudrisk/io.h"
#include "cloudrisk/model.h"
#include "cloudrisk/plan.h"
#include "cloudrisk/score.h"
#include "cloudrisk/simulate.h"
#include "batch/batch_internal.h"

typedef struct eval_ctx {
    cr_context *context;     /* catalogue, model, profile, calibration, costs: loaded once */
    const cr_model *model;   /* the context's */
    bool simulated;          /* trials > 0: the calibration is loaded */
    const cr_calibration *calibration; /* the context's, or NULL */
    bool planned;            /* plans are drawn up (needs trials) */
    char costs_sha256[65];   /* of models/costs.json */
    char context_sha256[65]; /* what else the inputs' hash covers: model, calibration */
    const cr_organisation *org; /* --org, applied to the model; NULL when none */
    char *model_parts;       /* the input parts every service shares (batch_parts.c) */
    batch_tables *tables;    /* with trials: the PERT tables the services share */
} eval_ctx;

static cr_status oom(cr_error *err)
{
    return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

/* A fleet's files must be regular files.  A named pipe would wait for a
 * writer that never comes (and a batch is unattended); a directory, a
 * device or a link to nothing named like a service or its checklist is a
 * mistake to report, never a file to skip: skipped, a service would be
 * assessed without its checklist and the batch would say all went well. */
static cr_status regular_file(const char *path, cr_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = errno;
        struct stat link;
        if (e == ENOENT && lstat(path, &link) == 0 && S_ISLNK(link.st_mode))
            return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                                "is a symbolic link to a file that does not exist; expected a "
                                "regular file");
        return cr_error_set(err, CR_ERR_IO, path, 0, NULL, "cannot open: %s", strerror(e));
    }
    if (S_ISREG(st.st_mode))
        return CR_OK;
    return cr_error_set(err, CR_ERR_INPUT, path, 0, NULL,
                        "is %s; a fleet's files must be regular files",
                        S_ISDIR(st.st_mode)    ? "a directory"
                        : S_ISFIFO(st.st_mode) ? "a named pipe"
                        : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                     : "not a regular file");
}

static cr_status item_files_regular(const batch_item *item, bool decisions, cr_error *err)
{
    cr_status s = regular_file(item->service_path, err);
    if (!s && item->controls_path)
        s = regular_file(item->controls_path, err);
    if (!s && decisions && item->decisions_path)
        s = regular_file(item->decisions_path, err);
    return s;
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
                    const char *decisions, char hex[65])
{
    char text[500];
    int n = snprintf(text, sizeof text, "service %s\nchecklist %s\nmodel %s\n", service,
                     checklist ? checklist : "-", cr_model_sha256(ctx->model));
    if (ctx->simulated)
        n += snprintf(text + n, sizeof text - (size_t)n, "calibration %s\n",
                      ctx->calibration->sha256);
    if (ctx->planned)
        n += snprintf(text + n, sizeof text - (size_t)n, "costs %s\n", ctx->costs_sha256);
    if (ctx->planned && decisions)
        n += snprintf(text + n, sizeof text - (size_t)n, "decisions %s\n", decisions);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, (size_t)n);
    cr_sha256_final_hex(&h, hex);
}

static cr_status eval_inputs_hash(void *vctx, const batch_item *item, char hex[65],
                                  cr_error *err)
{
    const eval_ctx *ctx = vctx;
    char service[65], checklist[65], decisions[65];
    bool read_decisions = ctx->planned && item->decisions_path;
    cr_status s = item_files_regular(item, read_decisions, err);
    if (!s)
        s = file_sha256(item->service_path, service, err);
    if (!s && item->controls_path)
        s = file_sha256(item->controls_path, checklist, err);
    if (!s && read_decisions)
        s = file_sha256(item->decisions_path, decisions, err);
    if (!s)
        combine(ctx, service, item->controls_path ? checklist : NULL,
                read_decisions ? decisions : NULL, hex);
    return s;
}

/* A service as loaded for the batch, with its decisions file's hash when
 * plans are drawn (the plan reads the file itself, and says what it read). */
typedef struct eval_loaded {
    cr_service *service;
    const char *decisions;       /* the item's path, or NULL */
    char decisions_sha256[65];
} eval_loaded;

static void eval_loaded_hash(void *vctx, void *loaded, char hex[65])
{
    const eval_loaded *l = loaded;
    combine(vctx, cr_service_sha256(l->service), cr_service_checklist_sha256(l->service),
            l->decisions ? l->decisions_sha256 : NULL, hex);
}

static cr_status check_own_profile(const eval_ctx *ctx, const cr_service *service,
                                   const char *path, cr_error *err)
{
    if (!ctx->org)
        return cr_error_set(err, CR_ERR_INPUT, path, 0, "$.organisation",
                            "a batch assesses every service under one model; expected no "
                            "organisation profile in the service file, or the batch run "
                            "with --org naming that profile");
    cr_organisation *own = NULL;
    cr_status s = cr_service_organisation(service, NULL, &own, err);
    if (!s && strcmp(cr_organisation_sha256(own), cr_organisation_sha256(ctx->org)) != 0)
        s = cr_error_set(err, CR_ERR_INPUT, path, 0, "$.organisation",
                         "the service's organisation profile (%s) decides otherwise than the "
                         "batch's --org profile (%s): other impact money, appetite or "
                         "acceptable level; expected the same profile (batch the services "
                         "of each organisation with its own --org)",
                         cr_organisation_name(own), cr_organisation_name(ctx->org));
    cr_organisation_free(own);
    return s;
}

static cr_status eval_load(void *vctx, const batch_item *item, void **loaded,
                           const char **service_id, cr_error *err)
{
    eval_ctx *ctx = vctx;
    cr_service *service = NULL;
    cr_status s = item_files_regular(item, ctx->planned, err);
    if (!s)
        s = cr_service_load(ctx->model, item->service_path, &service, err);
    /* A fleet is assessed under one model, the batch's --org profile: a
     * service's own profile is honoured when it decides the same (the same
     * currency, impact money, appetite and acceptable level), and refused
     * otherwise, since it would silently not apply. */
    if (!s && cr_service_section(service, "organisation"))
        s = check_own_profile(ctx, service, item->service_path, err);
    if (!s && item->controls_path)
        s = cr_service_apply_checklist(service, item->controls_path, err);
    eval_loaded *l = s ? NULL : calloc(1, sizeof *l);
    if (!s && !l)
        s = oom(err);
    if (!s && ctx->planned && item->decisions_path) {
        l->decisions = item->decisions_path;
        s = file_sha256(item->decisions_path, l->decisions_sha256, err);
    }
    if (s) {
        free(l);
        cr_service_free(service);
        return s;
    }
    l->service = service;
    *loaded = l;
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
    COPY(run->currency, cr_model_currency(m));
    COPY(run->criteria_version, criteria->version);
    run->seed = p->seed;
    run->trials = p->trials;
    COPY(run->run_time, p->run_time);
    if (p->assessor)
        COPY(run->assessor, p->assessor);
    run->review_interval_months = criteria->review_interval_months;
    run->input_parts = batch_input_parts(ctx->model_parts, service);
    failed = failed || !run->input_parts;
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

static cr_reg_loss loss_of(const cr_sim_stats *st)
{
    return *st;
}

/* The residual annual loss of the assessed risks (net of insurance for a
 * transferred risk), simulated; the result is
 * left in *result (to free) for the plan, and with trial_losses the total of
 * each simulated year is handed over as well. */
static cr_status simulate_residual(const eval_ctx *ctx, const cr_service *service,
                                   const cr_assessment *a, const batch_params *p,
                                   cr_reg_run *run, double **trial_losses, cr_sim_result *result,
                                   cr_error *err)
{
    cr_risk_score *scores = calloc(a->n_risks ? a->n_risks : 1, sizeof *scores);
    if (!scores)
        return oom(err);
    for (size_t i = 0; i < a->n_risks; i++)
        scores[i] = a->risks[i].score;
    cr_portfolio portfolio;
    cr_portfolio_init(&portfolio);
    cr_status s = cr_sim_portfolio_from_scores(ctx->model, service, ctx->calibration, scores,
                                               true, &portfolio, err);
    free(scores);
    /* A transferred risk keeps what its insurance layer leaves it, as in
     * `plan` and `simulate` (the one rule of engine/plan/transfer.c): the
     * register's residual is what is retained. */
    size_t n_layered = 0;
    double premium = 0.0;
    if (!s)
        s = cr_plan_apply_transfers(ctx->model, service, &portfolio, &n_layered, &premium, err);
    if (!s && ctx->tables)
        batch_tables_share(ctx->tables, &portfolio);
    cr_sim_options o;
    cr_sim_options_default(&o);
    o.trials = p->trials;
    o.seed = p->seed;
    o.threads = 1;
    /* The plan's appetite: the register keeps no exceedance probability,
     * and the plan can then take this simulation as its residual one. */
    o.appetite = cr_plan_appetite(ctx->model);
    o.keep_trial_totals = trial_losses != NULL;
    memset(result, 0, sizeof *result);
    if (!s && p->precision > 0) {
        /* Precision mode: as many years as this service's total needs
         * (simulate.h); the run records the trials taken, the target and
         * the cap. */
        o.precision = p->precision;
        o.max_trials = p->max_trials;
        cr_sim_precision precision;
        s = cr_simulate_to_precision(&portfolio, &o, result, &precision, err);
        if (!s) {
            run->trials = precision.trials;
            run->precision = p->precision;
            run->max_trials = precision.cap;
        }
    } else if (!s) {
        s = cr_simulate(&portfolio, &o, result, err);
    }
    if (!s && result->n_risks != run->n_risks)
        s = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                         "the simulation has %zu risks, the assessment %zu", result->n_risks,
                         run->n_risks);
    for (size_t i = 0; !s && i < result->n_risks; i++) {
        if (strcmp(result->risks[i].id, run->risks[i].risk_id) != 0) {
            s = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                             "the simulation's risk %s is the assessment's %s",
                             result->risks[i].id, run->risks[i].risk_id);
            break;
        }
        run->risks[i].residual_loss = loss_of(&result->risks[i].stats);
    }
    if (!s)
        run->residual_total = loss_of(&result->total);
    if (!s && trial_losses) {
        *trial_losses = result->trial_totals; /* handed over, not copied */
        result->trial_totals = NULL;
    }
    cr_portfolio_clear(&portfolio);
    return s;
}

static cr_reg_loss loss_of_distribution(const cr_plan_distribution *d)
{
    return d->summary; /* years = 0: not simulated */
}

static char *join_risk_ids(const cr_plan *plan, const size_t *risks, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(plan->risks[risks[i]].id) + 1;
    char *text = malloc(len);
    if (!text)
        return NULL;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(text, " ");
        strcat(text, plan->risks[risks[i]].id);
    }
    return text;
}

/* Copy what the register keeps of a plan into the run. */
static cr_status fill_plan(const cr_plan *plan, cr_reg_run *run, cr_error *err)
{
    bool failed = false;
    for (size_t k = 0; k < plan->n_risks; k++) {
        const cr_plan_risk *pr = &plan->risks[k];
        cr_reg_risk *r = NULL;
        for (size_t i = 0; i < run->n_risks && !r; i++)
            if (strcmp(run->risks[i].risk_id, pr->id) == 0)
                r = &run->risks[i];
        /* The plan is drawn from this very assessment. */
        if (!r || pr->residual.level != r->residual_rank)
            return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                                "the plan's residual level of %s is not the assessment's",
                                pr->id);
        if (pr->target.level >= 0 && (size_t)pr->target.level < plan->n_levels) {
            r->target_level = strdup(plan->level_id[pr->target.level]);
            r->target_rank = pr->target.level;
            failed = failed || !r->target_level;
        }
        if (pr->option != CR_TREAT_RETAIN) {
            r->treatment = strdup(cr_treatment_name(pr->option));
            r->treatment_reason = strdup(pr->decision_reason ? pr->decision_reason
                                                             : cr_plan_reason_name(pr->reason));
            failed = failed || !r->treatment || !r->treatment_reason;
        }
    }
    run->plan_items = calloc(plan->n_items ? plan->n_items : 1, sizeof *run->plan_items);
    if (!run->plan_items || failed)
        return oom(err);
    for (size_t i = 0; i < plan->n_items; i++) {
        const cr_plan_item *it = &plan->items[i];
        cr_reg_plan_item *p = &run->plan_items[run->n_plan_items++];
        char due[11];
        cr_date_format(it->due, due);
        p->control_id = strdup(plan->gaps[it->gap].control_id);
        p->risks = join_risk_ids(plan, it->risks, it->n_risks);
        p->option = strdup("reduce");
        p->priority = it->priority;
        p->owner = it->owner ? strdup(it->owner) : NULL;
        p->cost_once = it->one_off;
        p->cost_annual = it->annual;
        p->due = due[0] ? strdup(due) : NULL;
        p->loss_reduction = it->ale_reduction;
        const char *status = plan->gaps[it->gap].status;
        p->control_status = status ? strdup(status) : NULL;
        if (!p->control_id || !p->risks || !p->option || (it->owner && !p->owner) ||
            (due[0] && !p->due) || (status && !p->control_status))
            return oom(err);
    }
    run->inherent_total = loss_of_distribution(&plan->dist[CR_SCENARIO_INHERENT]);
    run->target_total = loss_of_distribution(&plan->dist[CR_SCENARIO_TARGET]);
    return CR_OK;
}

static char *dup_text(const char *text, bool *failed)
{
    if (!text || !text[0])
        return NULL;
    char *c = strdup(text);
    if (!c)
        *failed = true;
    return c;
}

/* One decision of the plan as a decision for the run, with the state it
 * signed; a stale one carries the one rule's reason and is reported rather
 * than recorded. */
static bool add_approval(cr_reg_run *run, cr_subject_kind kind, const char *subject,
                         const cr_decision *d, const cr_plan *plan)
{
    cr_reg_approval *a = &run->approvals[run->n_approvals++];
    char date[11], until[11];
    cr_date_format(d->date, date);
    cr_date_format(d->accepted_until, until);
    bool failed = false;
    a->subject_kind = kind;
    a->subject = dup_text(subject, &failed);
    a->approver = dup_text(d->by, &failed);
    a->decision = dup_text(cr_decision_name(d->kind), &failed);
    a->decided_on = dup_text(date, &failed);
    a->note = dup_text(d->note, &failed);
    a->minutes = dup_text(d->minutes, &failed);
    a->conditions = dup_text(d->conditions, &failed);
    a->accepted_until = dup_text(until, &failed);
    a->source = dup_text(d->source, &failed);
    a->signed_state = d->signed_state;
    if (!failed && d->stale) {
        size_t len = strlen(d->source) + (d->stale_reason ? strlen(d->stale_reason) : 0) + 200;
        a->stale_reason = malloc(len);
        if (a->stale_reason)
            snprintf(a->stale_reason, len, "%s: %s (this sheet: input_sha256 %s)", d->source,
                     d->stale_reason ? d->stale_reason : "stale", plan->input_sha256);
        failed = !a->stale_reason;
    }
    return !failed && a->subject && a->approver && a->decision && a->decided_on;
}

/* The plan's approval sheet, and its decisions (on the plan, its items and
 * the sheet's risks) as decisions for the run, with those on risks an
 * earlier plan held (stale, reported only). */
static cr_status take_decisions(const cr_model *model, const cr_plan *plan, cr_reg_run *run,
                                cr_error *err)
{
    cr_sheet_subject *sheet = NULL;
    size_t n_sheet = 0;
    cr_status s = cr_plan_sheet(plan, &sheet, &n_sheet, err);
    if (s)
        return s;
    snprintf(run->sheet_sha256, sizeof run->sheet_sha256, "%s", plan->input_sha256);
    run->sheet = calloc(n_sheet ? n_sheet : 1, sizeof *run->sheet);
    size_t n = 0;
    for (size_t k = 0; k < n_sheet; k++)
        n += sheet[k].decision->kind != CR_DECISION_NONE;
    for (size_t k = 0; k < plan->n_former_decisions; k++)
        n += cr_model_find_risk(model, plan->former_decisions[k].id) != NULL;
    run->approvals = n ? calloc(n, sizeof *run->approvals) : NULL;
    if (!run->sheet || (n && !run->approvals)) {
        free(sheet);
        return oom(err);
    }
    for (size_t k = 0; k < n_sheet; k++) {
        cr_reg_sheet_row *row = &run->sheet[run->n_sheet++];
        row->kind = sheet[k].kind;
        row->subject = strdup(sheet[k].id);
        row->state = sheet[k].state;
        if (!row->subject ||
            (sheet[k].decision->kind != CR_DECISION_NONE &&
             !add_approval(run, sheet[k].kind, sheet[k].id, sheet[k].decision, plan))) {
            free(sheet);
            return oom(err);
        }
    }
    free(sheet);
    for (size_t k = 0; k < plan->n_former_decisions; k++) {
        const cr_former_decision *f = &plan->former_decisions[k];
        if (cr_model_find_risk(model, f->id) &&
            !add_approval(run, CR_SUBJECT_RISK, f->id, &f->decision, plan))
            return oom(err);
    }
    return CR_OK;
}

/* The plan's portfolios draw from the tables the services share, as the
 * residual simulation does (cr_plan_subject.share_tables). */
static void share_tables(void *tables, cr_portfolio *p)
{
    batch_tables_share(tables, p);
}

/* Draw up the plan, as `cloudrisk plan` would, and keep it in the run. */
static cr_status plan_service(const eval_ctx *ctx, const eval_loaded *l, const cr_assessment *a,
                              const cr_sim_result *residual, const batch_params *p,
                              cr_reg_run *run, cr_error *err)
{
    const cr_service *service = l->service;
    /* The plan starts on the run's date unless the service gives its own
     * start: due dates then follow from the time the caller gave, and, that
     * date being a default, the plan's input hash (which decisions name)
     * does not change with it. */
    char start[11];
    snprintf(start, sizeof start, "%.10s", p->run_time);
    cr_plan_options o;
    cr_plan_options_init(&o);
    o.default_start_date = start;
    o.decisions_path = l->decisions;
    o.trials = residual->trials; /* the batch's, or those precision mode took */
    o.seed = p->seed;
    o.threads = 1;
    o.sensitivity = false; /* a fleet's plans go to the register, not to a reader */
    cr_plan_subject subject = {service, a, residual, ctx->tables ? share_tables : NULL,
                               ctx->tables};
    cr_plan *plan = NULL;
    cr_status s = cr_plan_draw(ctx->context, &subject, &o, &plan, err);
    /* The decisions must be the bytes the inputs' hash was taken of. */
    if (!s && l->decisions &&
        (!plan->decisions_sha256 || strcmp(plan->decisions_sha256, l->decisions_sha256) != 0))
        s = cr_error_set(err, CR_ERR_INPUT, l->decisions, 0, NULL,
                         "the file changed while the batch was reading it; run the batch "
                         "again");
    if (!s)
        s = fill_plan(plan, run, err);
    if (!s)
        s = take_decisions(ctx->model, plan, run, err);
    cr_plan_free(plan);
    return s;
}

static cr_status eval_evaluate(void *vctx, void *loaded, const batch_params *p, cr_reg_run *run,
                               double **trial_losses, cr_error *err)
{
    eval_ctx *ctx = vctx;
    const eval_loaded *l = loaded;
    const cr_service *service = l->service;
    cr_assessment a;
    memset(&a, 0, sizeof a);
    cr_sim_result residual;
    memset(&residual, 0, sizeof residual);
    cr_reg_run_init(run);
    cr_status s = cr_assess(ctx->model, service, &a, err);
    if (!s)
        s = fill_assessment(ctx, service, &a, p, run, err);
    if (!s && p->trials > 0) {
        if (!ctx->simulated)
            s = cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                             "trials asked of an evaluator opened without a calibration");
        else
            s = simulate_residual(ctx, service, &a, p, run, trial_losses, &residual, err);
    }
    if (!s && p->trials > 0 && ctx->planned)
        s = plan_service(ctx, l, &a, &residual, p, run, err);
    cr_sim_result_clear(&residual);
    if (!s && p->trials > 0) {
        /* A simulated (and planned) run's inputs include the calibration
         * (and the costs). */
        eval_loaded_hash(ctx, loaded, run->inputs_sha256);
    }
    cr_assessment_clear(&a);
    if (s) {
        cr_reg_run_clear(run);
        if (trial_losses) {
            free(*trial_losses);
            *trial_losses = NULL;
        }
    }
    return s;
}

/* The simulated years alone (an unchanged service wanted in the fleet's
 * total): the assessment and residual simulation evaluate does, no plan. */
static cr_status eval_trial_losses(void *vctx, void *loaded, const batch_params *p,
                                   double **trial_losses, uint64_t *n_trials, cr_error *err)
{
    *n_trials = 0;
    eval_ctx *ctx = vctx;
    const cr_service *service = ((const eval_loaded *)loaded)->service;
    *trial_losses = NULL;
    if (!ctx->simulated || p->trials == 0)
        return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL,
                            "simulated years asked of a qualitative batch");
    cr_assessment a;
    memset(&a, 0, sizeof a);
    cr_reg_run run;
    cr_reg_run_init(&run);
    cr_status s = cr_assess(ctx->model, service, &a, err);
    if (!s)
        s = fill_assessment(ctx, service, &a, p, &run, err);
    cr_sim_result result;
    memset(&result, 0, sizeof result);
    if (!s)
        s = simulate_residual(ctx, service, &a, p, &run, trial_losses, &result, err);
    if (!s)
        *n_trials = result.trials;
    cr_sim_result_clear(&result);
    cr_assessment_clear(&a);
    cr_reg_run_clear(&run);
    return s;
}

static void eval_release(void *vctx, void *loaded)
{
    (void)vctx;
    eval_loaded *l = loaded;
    if (l)
        cr_service_free(l->service);
    free(l);
}

cr_status batch_evaluator_open(const char *data_dir, const char *org_path, uint64_t trials,
                               bool plan, batch_evaluator *ev, cr_error *err)
{
    memset(ev, 0, sizeof *ev);
    eval_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return oom(err);
    /* The profile changes the model's hash, and so every service's inputs'
     * hash: a fleet assessed under another profile is assessed again.  The
     * calibration only with trials, the costs only with plans. */
    cr_context_options co;
    cr_context_options_init(&co);
    co.parts = CR_CONTEXT_MODEL | CR_CONTEXT_ORGANISATION;
    if (trials > 0)
        co.parts |= CR_CONTEXT_CALIBRATION;
    if (trials > 0 && plan)
        co.parts |= CR_CONTEXT_COSTS;
    co.org_path = org_path;
    cr_status s = cr_context_open(data_dir, &co, &ctx->context, err);
    if (s) {
        free(ctx);
        return s;
    }
    ctx->model = cr_context_model(ctx->context);
    ctx->model_parts = batch_model_parts(ctx->model);
    if (!ctx->model_parts) {
        cr_context_free(ctx->context);
        free(ctx);
        return oom(err);
    }
    ctx->org = cr_context_organisation(ctx->context);
    ctx->calibration = cr_context_calibration(ctx->context);
    ctx->simulated = ctx->calibration != NULL;
    if (ctx->simulated) {
        ctx->tables = malloc(sizeof *ctx->tables);
        s = ctx->tables ? batch_tables_init(ctx->tables, err) : oom(err);
        if (s) {
            free(ctx->tables);
            free(ctx->model_parts);
            cr_context_free(ctx->context);
            free(ctx);
            return s;
        }
    }
    ctx->planned = cr_context_costs_sha256(ctx->context) != NULL;
    if (ctx->planned)
        memcpy(ctx->costs_sha256, cr_context_costs_sha256(ctx->context),
               sizeof ctx->costs_sha256);
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, "model ", 6);
    cr_sha256_update(&h, cr_model_sha256(ctx->model), 64);
    if (ctx->simulated) {
        cr_sha256_update(&h, "\ncalibration ", 13);
        cr_sha256_update(&h, ctx->calibration->sha256, 64);
    }
    if (ctx->planned) {
        cr_sha256_update(&h, "\ncosts ", 7);
        cr_sha256_update(&h, ctx->costs_sha256, 64);
    }
    cr_sha256_final_hex(&h, ctx->context_sha256);
    ev->context_sha256 = ctx->context_sha256;
    ev->ctx = ctx;
    ev->model_version = cr_model_version(ctx->model);
    ev->criteria_version = cr_model_criteria(ctx->model)->version;
    ev->criteria = cr_model_criteria(ctx->model);
    ev->inputs_hash = eval_inputs_hash;
    ev->load = eval_load;
    ev->loaded_hash = eval_loaded_hash;
    ev->evaluate = eval_evaluate;
    ev->release = eval_release;
    ev->trial_losses = eval_trial_losses;
    ev->currency = cr_model_currency(ctx->model);
    ev->appetite_annual_loss = cr_model_criteria(ctx->model)->appetite_annual_loss;
    return CR_OK;
}

void batch_evaluator_close(batch_evaluator *ev)
{
    eval_ctx *ctx = ev->ctx;
    if (ctx) {
        cr_context_free(ctx->context);
        free(ctx->model_parts);
        if (ctx->tables)
            batch_tables_free(ctx->tables);
        free(ctx->tables);
        free(ctx);
    }
    memset(ev, 0, sizeof *ev);
}

typedef struct open_request {
    const cr_batch_options *options;
    bool opened;
} open_request;

static cr_status open_real(void *arg, batch_evaluator *ev, cr_error *err)
{
    open_request *rq = arg;
    cr_status s = batch_evaluator_open(rq->options->data_dir, rq->options->org_path,
                                       rq->options->trials, !rq->options->no_plan, ev, err);
    rq->opened = s == CR_OK;
    return s;
}

cr_status cr_batch_run(const cr_batch_options *options, cr_batch_stats *stats, cr_error *err)
{
    batch_evaluator ev;
    memset(&ev, 0, sizeof ev);
    open_request rq = {options, false};
    cr_status s = batch_run_opening(options, open_real, &rq, &ev, NULL, stats, err);
    if (rq.opened)
        batch_evaluator_close(&ev);
    return s;
}
