/*
 * reg_compare.c -- what changed between two runs, and when an approval no
 * longer describes the risk it approved.
 *
 * Loss noise.  Each run's mean annual loss is a Monte Carlo estimate with
 * standard error SE.  For two independent estimates the difference has
 * standard error sqrt(SE_A^2 + SE_B^2); a change is called significant when
 *
 *     |mean_B - mean_A| > 2 sqrt(SE_A^2 + SE_B^2)
 *
 * (about a 5% false-alarm rate under normality).  Runs at the same seed share
 * their random numbers, which makes the two estimates positively correlated
 * and the true noise of the difference smaller, so the test errs on the side
 * of calling a change noise.
 *
 * Stale decisions.  A decision records the state its sheet showed; whether
 * a later run leaves it current is the one rule of plan.h,
 * cr_decision_judge (doc/register.md, "The staleness rule"), applied here
 * to the run's sheet (or, for decisions recorded before sheets were kept,
 * to the run's residual state of the risk).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_internal.h"

static double noise_of(double se_a, double se_b)
{
    return 2.0 * sqrt(se_a * se_a + se_b * se_b);
}

void cr_reg_change_clear(cr_reg_change *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        cr_reg_risk_change *r = &c->risk_changes[i];
        free(r->risk_id);
        free(r->inherent_from);
        free(r->inherent_to);
        free(r->residual_from);
        free(r->residual_to);
    }
    free(c->risk_changes);
    for (size_t i = 0; i < c->n_opened; i++) {
        free(c->opened[i].risk_id);
        free(c->opened[i].control_id);
    }
    free(c->opened);
    for (size_t i = 0; i < c->n_closed; i++) {
        free(c->closed[i].risk_id);
        free(c->closed[i].control_id);
    }
    free(c->closed);
    cr_reg_approvals_free(c->stale, c->n_stale);
    memset(c, 0, sizeof *c);
}

const cr_reg_risk *reg_find_risk(const cr_reg_run *run, const char *risk_id)
{
    for (size_t i = 0; i < run->n_risks; i++)
        if (strcmp(run->risks[i].risk_id, risk_id) == 0)
            return &run->risks[i];
    return NULL;
}

static bool differ(const char *x, const char *y)
{
    return strcmp(x ? x : "", y ? y : "") != 0;
}

/* Append a risk change; from/to are NULL for "no change" and "none" for a
 * risk that one of the runs does not have. */
static bool add_risk_change(cr_reg_change *c, const char *risk_id, const cr_reg_risk *ra,
                            const cr_reg_risk *rb, bool comparable)
{
    const char *in_from = ra ? ra->inherent_level : "none";
    const char *in_to = rb ? rb->inherent_level : "none";
    const char *res_from = ra ? ra->residual_level : "none";
    const char *res_to = rb ? rb->residual_level : "none";
    bool has_loss =
        comparable && ra && rb && ra->residual_loss.years > 0 && rb->residual_loss.years > 0;
    double delta = has_loss ? rb->residual_loss.mean - ra->residual_loss.mean : 0;
    double noise = has_loss ? noise_of(ra->residual_loss.mean_se, rb->residual_loss.mean_se) : 0;
    bool significant = has_loss && fabs(delta) > noise;
    bool inherent_moved = differ(in_from, in_to), residual_moved = differ(res_from, res_to);
    if (!inherent_moved && !residual_moved && !significant)
        return true;
    cr_reg_risk_change *grown =
        realloc(c->risk_changes, (c->n_risk_changes + 1) * sizeof *grown);
    if (!grown)
        return false;
    c->risk_changes = grown;
    cr_reg_risk_change *r = &c->risk_changes[c->n_risk_changes++];
    memset(r, 0, sizeof *r);
    bool failed = false;
    r->risk_id = reg_strdup(risk_id, &failed);
    if (inherent_moved) {
        r->inherent_from = reg_strdup(in_from, &failed);
        r->inherent_to = reg_strdup(in_to, &failed);
    }
    if (residual_moved) {
        r->residual_from = reg_strdup(res_from, &failed);
        r->residual_to = reg_strdup(res_to, &failed);
    }
    r->has_loss = has_loss;
    r->loss_delta = delta;
    r->noise = noise;
    r->loss_significant = significant;
    return !failed;
}

static bool add_gap(cr_reg_gap **list, size_t *n, const cr_reg_gap *g)
{
    cr_reg_gap *grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown)
        return false;
    *list = grown;
    bool failed = false;
    grown[*n].risk_id = reg_strdup(g->risk_id, &failed);
    grown[*n].control_id = reg_strdup(g->control_id, &failed);
    (*n)++;
    return !failed;
}

static int gap_cmp(const cr_reg_gap *x, const cr_reg_gap *y)
{
    int c = strcmp(x->risk_id, y->risk_id);
    return c ? c : strcmp(x->control_id, y->control_id);
}

cr_status cr_reg_compare(const cr_reg_run *a, const cr_reg_run *b, cr_reg_change *out,
                         cr_error *err)
{
    memset(out, 0, sizeof *out);
    out->run_a = a ? a->id : 0;
    out->run_b = b->id;
    snprintf(out->currency, sizeof out->currency, "%s", b->currency ? b->currency : "");
    bool ok = true;
    if (a) {
        out->inputs_changed = strcmp(a->inputs_sha256, b->inputs_sha256) != 0;
        out->model_changed = differ(a->model_version, b->model_version);
        out->criteria_changed = differ(a->criteria_version, b->criteria_version);
        out->config_changed = a->seed != b->seed || a->trials != b->trials;
        /* Amounts in two currencies are not subtracted: no exchange rate is
         * known here, and a loss "change" that is only a conversion would be
         * reported as significant.  A run without a currency (recorded
         * before registers kept it) is taken to be in the other's. */
        out->currency_changed = a->currency && b->currency && strcmp(a->currency, b->currency);
        bool comparable = !out->currency_changed;
        for (size_t i = 0; ok && i < b->n_risks; i++)
            ok = add_risk_change(out, b->risks[i].risk_id, reg_find_risk(a, b->risks[i].risk_id),
                                 &b->risks[i], comparable);
        for (size_t i = 0; ok && i < a->n_risks; i++)
            if (!reg_find_risk(b, a->risks[i].risk_id))
                ok = add_risk_change(out, a->risks[i].risk_id, &a->risks[i], NULL, comparable);
        out->has_loss = comparable && a->residual_total.years > 0 && b->residual_total.years > 0;
        if (out->has_loss) {
            out->loss_delta = b->residual_total.mean - a->residual_total.mean;
            out->noise = noise_of(a->residual_total.mean_se, b->residual_total.mean_se);
            out->loss_significant = fabs(out->loss_delta) > out->noise;
        }
    }
    /* Both gap lists are sorted by (risk, control): walk them together. */
    size_t i = 0, j = 0, na = a ? a->n_gaps : 0;
    while (ok && (i < na || j < b->n_gaps)) {
        int c = i == na ? 1 : j == b->n_gaps ? -1 : gap_cmp(&a->gaps[i], &b->gaps[j]);
        if (c < 0)
            ok = add_gap(&out->closed, &out->n_closed, &a->gaps[i++]);
        else if (c > 0)
            ok = add_gap(&out->opened, &out->n_opened, &b->gaps[j++]);
        else
            i++, j++;
    }
    if (!ok) {
        cr_reg_change_clear(out);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    return CR_OK;
}

const cr_reg_sheet_row *reg_find_sheet_row(const cr_reg_run *run, const char *subject)
{
    for (size_t i = 0; i < run->n_sheet; i++)
        if (strcmp(run->sheet[i].subject, subject) == 0)
            return &run->sheet[i];
    return NULL;
}

/* A run's residual state of a risk, as a signed state. */
static bool residual_state(const cr_reg_run *run, const char *risk_id, cr_signed_state *out)
{
    const cr_reg_risk *r = reg_find_risk(run, risk_id);
    memset(out, 0, sizeof *out);
    if (!r)
        return false;
    out->present = true;
    out->basis = CR_SIGNED_RESIDUAL;
    out->level = r->residual_rank;
    snprintf(out->level_id, sizeof out->level_id, "%s", r->residual_level);
    bool simulated = r->residual_loss.years > 0;
    out->expected_loss = simulated ? r->residual_loss.mean : NAN;
    out->expected_loss_se = simulated ? r->residual_loss.mean_se : NAN;
    out->p95 = simulated ? r->residual_loss.p95 : NAN;
    return true;
}

static cr_date date_of(const char *text)
{
    cr_date d = {0, 0, 0};
    char day[11];
    if (text) {
        snprintf(day, sizeof day, "%.10s", text);
        if (!cr_date_parse(day, &d))
            memset(&d, 0, sizeof d);
    }
    return d;
}

bool cr_reg_approval_judge(const cr_reg_approval *a, const cr_reg_run *now, const char *as_of,
                           double materiality, cr_decision_verdict *out)
{
    cr_decision_kind kind = CR_DECISION_APPROVED;
    if (!cr_decision_parse(a->decision, true, &kind))
        kind = CR_DECISION_APPROVED;
    cr_signed_state state;
    const cr_signed_state *current = NULL;
    if (a->signed_state.basis == CR_SIGNED_RESIDUAL) {
        if (residual_state(now, a->subject, &state))
            current = &state;
    } else {
        if (!now->sheet_sha256[0])
            return false; /* drawn up without a plan: no sheet to judge on */
        const cr_reg_sheet_row *row = reg_find_sheet_row(now, a->subject);
        if (row)
            current = &row->state;
    }
    cr_decision_judge(kind, &a->signed_state, date_of(a->accepted_until), current,
                      date_of(as_of), materiality, out);
    return true;
}

cr_status cr_register_diff(cr_register *reg, int64_t run_a, int64_t run_b, double materiality,
                           cr_reg_change *out, cr_error *err)
{
    cr_reg_run a, b;
    cr_reg_run_init(&a);
    cr_reg_run_init(&b);
    memset(out, 0, sizeof *out);
    cr_status s = reg_load_run(reg, run_a, &a, err);
    if (!s)
        s = reg_load_run(reg, run_b, &b, err);
    if (!s)
        s = cr_reg_compare(&a, &b, out, err);
    cr_reg_approval *given = NULL;
    size_t n_given = 0;
    if (!s) {
        sqlite3_stmt *st = reg_stmt(reg, REG_APPROVALS_OF_RUN, err);
        if (!st) {
            s = err->status;
        } else {
            sqlite3_bind_int64(st, 1, run_a);
            s = reg_collect_approvals(reg, st, &given, &n_given, err);
        }
    }
    /* The decisions taken on A's sheet that B's would make stale (the one
     * rule, judged on B's date). */
    for (size_t i = 0; !s && i < n_given; i++) {
        cr_decision_verdict v;
        if (!cr_reg_approval_judge(&given[i], &b, b.run_time, materiality, &v) ||
            v.status != CR_DSTATUS_STALE)
            continue;
        char reason[400];
        snprintf(reason, sizeof reason, "%s: %s", given[i].subject, v.text);
        bool failed = false;
        free(given[i].stale_reason);
        given[i].stale_reason = reg_strdup(reason, &failed);
        given[i].stale_run_id = run_b;
        cr_reg_approval *grown =
            failed ? NULL : realloc(out->stale, (out->n_stale + 1) * sizeof *grown);
        if (!grown) {
            s = cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
            break;
        }
        out->stale = grown;
        out->stale[out->n_stale++] = given[i];
        memset(&given[i], 0, sizeof given[i]);
    }
    cr_reg_approvals_free(given, n_given);
    cr_reg_run_clear(&a);
    cr_reg_run_clear(&b);
    if (s)
        cr_reg_change_clear(out);
    return s;
}
