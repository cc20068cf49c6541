/*
 * reg_doc_runs.c -- a change between runs (`cloudrisk diff`, and each run
 * of `cloudrisk history` against the one before it) as a document
 * (reg_doc.h): for text, a line a fact; for CSV, a row a fact.
 *
 * Text of a diff:
 *   run 1 (svc, 2026-10-20T09:00:00Z) -> run 2 (svc, 2026-11-20T09:00:00Z)
 *     CR01: residual medium -> high
 *     gaps opened (2): CR01/7.2.1 CR05/6.8.4
 *     expected annual loss (residual): +90479376 JPY, noise 118007695 JPY: within noise
 *     controls now missing for some risk: 7.2.1, 6.8.4
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "register/reg_doc.h"

/* An amount, with its currency when the run names one: "1234567 JPY". */
static void money(cr_doc *d, double v, const char *currency)
{
    doc_textf(d, "%.0f", v);
    if (currency && *currency)
        doc_textf(d, " %s", currency);
}

/* "+123 JPY, noise 45 JPY": a loss's change and the noise it is judged by. */
static void delta_and_noise(cr_doc *d, double delta, double noise, const char *currency)
{
    doc_text(d, delta >= 0 ? "+" : "-");
    money(d, fabs(delta), currency);
    doc_text(d, ", noise ");
    money(d, noise, currency);
}

static void changed_inputs(cr_doc *d, const cr_reg_change *c)
{
    if (!(c->inputs_changed || c->model_changed || c->criteria_changed || c->config_changed ||
          c->currency_changed))
        return;
    reg_doc_pair_open(d, "changed");
    const char *sep = "";
    if (c->inputs_changed) {
        doc_text(d, "inputs");
        sep = " ";
    }
    if (c->model_changed) {
        doc_textf(d, "%smodel", sep);
        sep = " ";
    }
    if (c->criteria_changed) {
        doc_textf(d, "%scriteria", sep);
        sep = " ";
    }
    if (c->config_changed) {
        doc_textf(d, "%sseed/trials", sep);
        sep = " ";
    }
    if (c->currency_changed)
        doc_textf(d, "%scurrency (now %s: losses not compared)", sep, c->currency);
    doc_close(d);
    doc_close(d);
}

/* Gaps opened or closed: "gaps opened (2): CR01/7.2.1 CR05/6.8.4". */
static void gaps(cr_doc *d, const char *what, const cr_reg_gap *g, size_t n)
{
    if (!n)
        return;
    char label[64];
    snprintf(label, sizeof label, "gaps %s (%zu)", what, n);
    reg_doc_pair_open(d, label);
    for (size_t i = 0; i < n; i++)
        doc_textf(d, "%s%s/%s", i ? " " : "", g[i].risk_id, g[i].control_id);
    doc_close(d);
    doc_close(d);
}

void reg_change_doc(cr_doc *d, const cr_reg_change *c)
{
    bool any = false;
    changed_inputs(d, c);
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        if (!r->inherent_from && !r->residual_from)
            continue;
        reg_doc_pair_open(d, r->risk_id);
        if (r->inherent_from)
            doc_textf(d, "inherent %s -> %s", r->inherent_from, r->inherent_to);
        if (r->residual_from)
            doc_textf(d, "%sresidual %s -> %s", r->inherent_from ? "; " : "", r->residual_from,
                      r->residual_to);
        doc_close(d);
        doc_close(d);
        any = true;
    }
    gaps(d, "opened", c->opened, c->n_opened);
    gaps(d, "closed", c->closed, c->n_closed);
    any = any || c->n_opened || c->n_closed;
    if (c->has_loss) {
        reg_doc_pair_open(d, "expected annual loss (residual)");
        delta_and_noise(d, c->loss_delta, c->noise, c->currency);
        doc_text(d, c->loss_significant ? ": significant" : ": within noise");
        doc_close(d);
        doc_close(d);
        reg_doc_indent(d);
        for (size_t i = 0; i < c->n_risk_changes; i++) {
            const cr_reg_risk_change *r = &c->risk_changes[i];
            if (!r->loss_significant)
                continue;
            reg_doc_pair_open(d, r->risk_id);
            delta_and_noise(d, r->loss_delta, r->noise, c->currency);
            doc_close(d);
            doc_close(d);
        }
        doc_close(d);
        any = true;
    }
    for (size_t i = 0; i < c->n_stale; i++) {
        const cr_reg_approval *a = &c->stale[i];
        reg_doc_pair(d, "needs re-approval", "decision %" PRId64 " (%s, %s by %s on %s): %s",
                     a->id, a->subject, a->decision, a->approver, a->decided_on,
                     a->stale_reason ? a->stale_reason : "");
        any = true;
    }
    if (!any)
        reg_doc_line(d, "no change in levels, gaps or expected loss");
}

bool reg_change_print_text(const cr_reg_change *c, FILE *out)
{
    cr_doc d;
    doc_init(&d);
    reg_doc_indent(&d);
    reg_change_doc(&d, c);
    doc_close(&d);
    bool ok = doc_write(&d, DOC_OUT_TEXT, out);
    doc_free(&d);
    return ok;
}

/* ---- what changed, named ---------------------------------------------------- */

/* A list after a label, opened at its first item: "label: a, b, c". */
typedef struct named_list {
    cr_doc *d;
    const char *label;
    bool open;
} named_list;

static void list_add(named_list *l, const char *item)
{
    if (!l->open)
        reg_doc_pair_open(l->d, l->label);
    else
        doc_text(l->d, ", ");
    doc_text(l->d, item);
    l->open = true;
}

static void list_end(named_list *l)
{
    if (!l->open)
        return;
    doc_close(l->d);
    doc_close(l->d);
}

/* Is `id` a control of the run's gaps?  Of its plan items? */
static bool gap_has_control(const cr_reg_run *run, const char *id)
{
    for (size_t i = 0; i < run->n_gaps; i++)
        if (strcmp(run->gaps[i].control_id, id) == 0)
            return true;
    return false;
}

static bool plan_has_control(const cr_reg_run *run, const char *id)
{
    for (size_t i = 0; i < run->n_plan_items; i++)
        if (strcmp(run->plan_items[i].control_id, id) == 0)
            return true;
    return false;
}

/* Each control of `from`'s gaps (or plan) that `to` lacks, once, after
 * `label`; nothing when there is none. */
static void controls_only_in(cr_doc *d, const char *label, const cr_reg_run *from,
                             const cr_reg_run *to, bool plan)
{
    size_t n = plan ? from->n_plan_items : from->n_gaps;
    named_list l = {d, label, false};
    for (size_t i = 0; i < n; i++) {
        const char *id = plan ? from->plan_items[i].control_id : from->gaps[i].control_id;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(id, plan ? from->plan_items[j].control_id
                                   : from->gaps[j].control_id) == 0;
        if (!seen && !(plan ? plan_has_control(to, id) : gap_has_control(to, id)))
            list_add(&l, id);
    }
    list_end(&l);
}

static void sheet_subjects_only_in(cr_doc *d, const char *label, const cr_reg_run *from,
                                   const cr_reg_run *to)
{
    named_list l = {d, label, false};
    for (size_t i = 0; i < from->n_sheet; i++)
        if (from->sheet[i].kind != CR_SUBJECT_ITEM &&
            !reg_find_sheet_row(to, from->sheet[i].subject))
            list_add(&l, from->sheet[i].subject);
    list_end(&l);
}

/* What changed, named: the controls whose gap opened or closed (a control
 * lapsed, or was put in place), the plan's items, the approval sheet and
 * its subjects, the assessor. */
static void what_changed(cr_doc *d, const cr_reg_run *a, const cr_reg_run *b)
{
    reg_changed_parts_doc(d, a, b);
    controls_only_in(d, "controls now missing for some risk", b, a, false);
    controls_only_in(d, "controls no longer missing", a, b, false);
    controls_only_in(d, "plan items added", b, a, true);
    controls_only_in(d, "plan items dropped", a, b, true);
    if (strcmp(a->sheet_sha256, b->sheet_sha256) != 0 && (a->sheet_sha256[0] || b->sheet_sha256[0]))
        reg_doc_pair(d, "approval sheet", "%.12s -> %.12s",
                     a->sheet_sha256[0] ? a->sheet_sha256 : "(none)",
                     b->sheet_sha256[0] ? b->sheet_sha256 : "(none)");
    sheet_subjects_only_in(d, "newly on the approval sheet", b, a);
    sheet_subjects_only_in(d, "off the approval sheet", a, b);
    if ((a->assessor || b->assessor) &&
        (!a->assessor || !b->assessor || strcmp(a->assessor, b->assessor) != 0))
        reg_doc_pair(d, "assessor", "%s -> %s", a->assessor ? a->assessor : "(not recorded)",
                     b->assessor ? b->assessor : "(not recorded)");
}

/* ---- the change as CSV ------------------------------------------------------ */

static void change_row(cr_doc *d, const char *kind, const char *risk, const char *control,
                       const char *from, const char *to, const char *delta, const char *noise,
                       const char *significant)
{
    const char *row[] = {kind, risk, control, from, to, delta, noise, significant};
    reg_doc_row(d, row, sizeof row / sizeof row[0]);
}

static void change_table(cr_doc *d, const cr_reg_change *c)
{
    static const char *const header[] = {"change", "risk_id", "control_id", "from",
                                         "to",     "delta",   "noise",      "significant"};
    reg_doc_table(d, header, sizeof header / sizeof header[0]);
    char delta[40], noise[40];
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        if (r->inherent_from)
            change_row(d, "inherent_level", r->risk_id, NULL, r->inherent_from, r->inherent_to,
                       NULL, NULL, NULL);
        if (r->residual_from)
            change_row(d, "residual_level", r->risk_id, NULL, r->residual_from, r->residual_to,
                       NULL, NULL, NULL);
        if (r->has_loss && r->loss_significant) {
            reg_format_double(delta, sizeof delta, r->loss_delta);
            reg_format_double(noise, sizeof noise, r->noise);
            change_row(d, "risk_loss", r->risk_id, NULL, NULL, NULL, delta, noise, "true");
        }
    }
    for (size_t i = 0; i < c->n_opened; i++)
        change_row(d, "gap_opened", c->opened[i].risk_id, c->opened[i].control_id, NULL, NULL,
                   NULL, NULL, NULL);
    for (size_t i = 0; i < c->n_closed; i++)
        change_row(d, "gap_closed", c->closed[i].risk_id, c->closed[i].control_id, NULL, NULL,
                   NULL, NULL, NULL);
    if (c->has_loss) {
        reg_format_double(delta, sizeof delta, c->loss_delta);
        reg_format_double(noise, sizeof noise, c->noise);
        change_row(d, "total_loss", NULL, NULL, NULL, NULL, delta, noise,
                   c->loss_significant ? "true" : "false");
    }
    for (size_t i = 0; i < c->n_stale; i++) {
        char id[24];
        snprintf(id, sizeof id, "%" PRId64, c->stale[i].id);
        change_row(d, "stale_decision", c->stale[i].subject, NULL, id, NULL, NULL, NULL, NULL);
    }
    doc_close(d);
}

void reg_diff_doc(cr_doc *d, const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                  bool csv)
{
    if (csv) {
        change_table(d, c);
        return;
    }
    if (a)
        reg_doc_line(d, "run %" PRId64 " (%s, %s) -> run %" PRId64 " (%s, %s)", a->id,
                     a->service_id, a->run_time, b->id, b->service_id, b->run_time);
    else
        reg_doc_line(d, "run %" PRId64 " (%s, %s): first run", b->id, b->service_id,
                     b->run_time);
    reg_doc_indent(d);
    reg_change_doc(d, c);
    if (a)
        what_changed(d, a, b);
    doc_close(d);
}

/* ---- history -------------------------------------------------------------------- */

/* One run of a history: its identity, who assessed it, its residual levels
 * and loss, and (after the first) what changed since the one before. */
static void history_run(cr_doc *d, const cr_reg_run *r, const cr_reg_change *c, bool first,
                        const char *levels)
{
    char seed[24], trials[24];
    reg_seed_text(r->seed, seed);
    reg_seed_text(r->trials, trials);
    if (first)
        reg_doc_line(d, "%s (%s)", r->service_id, r->service_name);
    reg_doc_line(d,
                 "run %" PRId64 " #%" PRId64 "  %s  inputs %.12s  model %s  criteria %s  "
                 "seed %s  trials %s",
                 r->id, r->seq, r->run_time, r->inputs_sha256, r->model_version,
                 r->criteria_version, seed, trials);
    reg_doc_indent(d);
    char due[11];
    cr_reg_run_review_due(r, due);
    reg_doc_line(d, "assessed by %s; review due %s", r->assessor ? r->assessor : "(not recorded)",
                 due[0] ? due : "-");
    reg_doc_pair_open(d, "residual");
    doc_textf(d, "%s; %zu gaps", levels, r->n_gaps);
    if (r->residual_total.years > 0)
        doc_textf(d, "; expected annual loss %.0f%s%s (SE %.0f)", r->residual_total.mean,
                  r->currency ? " " : "", r->currency ? r->currency : "",
                  r->residual_total.mean_se);
    doc_close(d);
    doc_close(d);
    if (!first)
        reg_change_doc(d, c);
    doc_close(d);
}

static void history_row(cr_doc *d, const cr_reg_run *r, const cr_reg_change *c,
                        const char *levels)
{
    size_t level_changes = 0;
    for (size_t k = 0; k < c->n_risk_changes; k++)
        level_changes += c->risk_changes[k].residual_from || c->risk_changes[k].inherent_from;
    char id[24], seq[24], seed[24], trials[24], mean[40] = "", se[40] = "", gaps[24], lc[24],
        op[24], cl[24];
    snprintf(id, sizeof id, "%" PRId64, r->id);
    snprintf(seq, sizeof seq, "%" PRId64, r->seq);
    reg_seed_text(r->seed, seed);
    reg_seed_text(r->trials, trials);
    if (r->residual_total.years > 0) {
        snprintf(mean, sizeof mean, "%.0f", r->residual_total.mean);
        snprintf(se, sizeof se, "%.0f", r->residual_total.mean_se);
    }
    snprintf(gaps, sizeof gaps, "%zu", r->n_gaps);
    snprintf(lc, sizeof lc, "%zu", level_changes);
    snprintf(op, sizeof op, "%zu", c->n_opened);
    snprintf(cl, sizeof cl, "%zu", c->n_closed);
    const char *row[] = {id,     seq,    r->run_time,   r->service_name,   r->inputs_sha256,
                         r->model_version, r->criteria_version, seed,     trials,
                         r->currency, levels, mean,      se,                gaps,
                         lc,     op,     cl};
    reg_doc_row(d, row, sizeof row / sizeof row[0]);
}

cr_status reg_history_doc(cr_doc *d, const cr_reg_run *runs, size_t n, bool csv, cr_error *err)
{
    static const char *const header[] = {
        "run_id",        "seq",              "run_time", "service_name",  "inputs_sha256",
        "model_version", "criteria_version", "seed",     "trials",        "currency",
        "residual_levels", "residual_mean",  "residual_se", "gaps",       "level_changes",
        "gaps_opened",   "gaps_closed"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    for (size_t i = 0; i < n; i++) {
        cr_reg_change c;
        cr_status s = cr_reg_compare(i ? &runs[i - 1] : NULL, &runs[i], &c, err);
        if (s)
            return s;
        char levels[256];
        reg_level_counts(&runs[i], levels, sizeof levels);
        if (csv)
            history_row(d, &runs[i], &c, levels);
        else
            history_run(d, &runs[i], &c, i == 0, levels);
        cr_reg_change_clear(&c);
    }
    if (csv)
        doc_close(d);
    return CR_OK;
}
