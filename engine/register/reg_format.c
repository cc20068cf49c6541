/*
 * reg_format.c -- a change between runs, and a service's history, as text,
 * CSV and JSON (what `cloudrisk diff` and `cloudrisk history` print).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_internal.h"
#include "register/reg_json.h"
#include "util/csv_util.h"
#include "util/json_build.h"

void reg_format_double(char *buf, size_t size, double v)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* An amount, with its currency when the run names one: "1234567 JPY". */
static void print_money(FILE *out, double v, const char *currency)
{
    fprintf(out, "%.0f", v);
    if (currency && *currency)
        fprintf(out, " %s", currency);
}

void reg_change_print_text(const cr_reg_change *c, FILE *out)
{
    bool any = false;
    if (c->inputs_changed || c->model_changed || c->criteria_changed || c->config_changed ||
        c->currency_changed) {
        fputs("  changed:", out);
        if (c->inputs_changed)
            fputs(" inputs", out);
        if (c->model_changed)
            fputs(" model", out);
        if (c->criteria_changed)
            fputs(" criteria", out);
        if (c->config_changed)
            fputs(" seed/trials", out);
        if (c->currency_changed)
            fprintf(out, " currency (now %s: losses not compared)", c->currency);
        fputc('\n', out);
    }
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        if (!r->inherent_from && !r->residual_from)
            continue;
        fprintf(out, "  %s:", r->risk_id);
        if (r->inherent_from)
            fprintf(out, " inherent %s -> %s%s", r->inherent_from, r->inherent_to,
                    r->residual_from ? ";" : "");
        if (r->residual_from)
            fprintf(out, " residual %s -> %s", r->residual_from, r->residual_to);
        fputc('\n', out);
        any = true;
    }
    if (c->n_opened) {
        fprintf(out, "  gaps opened (%zu):", c->n_opened);
        for (size_t i = 0; i < c->n_opened; i++)
            fprintf(out, " %s/%s", c->opened[i].risk_id, c->opened[i].control_id);
        fputc('\n', out);
        any = true;
    }
    if (c->n_closed) {
        fprintf(out, "  gaps closed (%zu):", c->n_closed);
        for (size_t i = 0; i < c->n_closed; i++)
            fprintf(out, " %s/%s", c->closed[i].risk_id, c->closed[i].control_id);
        fputc('\n', out);
        any = true;
    }
    if (c->has_loss) {
        fputs("  expected annual loss (residual): ", out);
        fputs(c->loss_delta >= 0 ? "+" : "-", out);
        print_money(out, fabs(c->loss_delta), c->currency);
        fputs(", noise ", out);
        print_money(out, c->noise, c->currency);
        fputs(c->loss_significant ? ": significant\n" : ": within noise\n", out);
        for (size_t i = 0; i < c->n_risk_changes; i++) {
            const cr_reg_risk_change *r = &c->risk_changes[i];
            if (!r->loss_significant)
                continue;
            fprintf(out, "    %s: %s", r->risk_id, r->loss_delta >= 0 ? "+" : "-");
            print_money(out, fabs(r->loss_delta), c->currency);
            fputs(", noise ", out);
            print_money(out, r->noise, c->currency);
            fputc('\n', out);
        }
        any = true;
    }
    for (size_t i = 0; i < c->n_stale; i++) {
        const cr_reg_approval *a = &c->stale[i];
        fprintf(out, "  needs re-approval: decision %" PRId64 " (%s, %s by %s on %s): %s\n",
                a->id, a->subject, a->decision, a->approver, a->decided_on,
                a->stale_reason ? a->stale_reason : "");
        any = true;
    }
    if (!any)
        fputs("  no change in levels, gaps or expected loss\n", out);
}

static void csv_change_row(FILE *out, const char *kind, const char *risk, const char *control,
                           const char *from, const char *to, const char *delta,
                           const char *noise, const char *significant)
{
    const char *row[] = {kind,          risk ? risk : "", control ? control : "",
                         from ? from : "", to ? to : "", delta ? delta : "",
                         noise ? noise : "", significant ? significant : ""};
    cr_csv_write_row(out, row, sizeof row / sizeof row[0]);
}

static void write_change_csv(const cr_reg_change *c, FILE *out)
{
    static const char *const header[] = {"change", "risk_id", "control_id", "from",
                                         "to",     "delta",   "noise",      "significant"};
    cr_csv_write_row(out, header, sizeof header / sizeof header[0]);
    char delta[40], noise[40];
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        if (r->inherent_from)
            csv_change_row(out, "inherent_level", r->risk_id, NULL, r->inherent_from,
                           r->inherent_to, NULL, NULL, NULL);
        if (r->residual_from)
            csv_change_row(out, "residual_level", r->risk_id, NULL, r->residual_from,
                           r->residual_to, NULL, NULL, NULL);
        if (r->has_loss && r->loss_significant) {
            reg_format_double(delta, sizeof delta, r->loss_delta);
            reg_format_double(noise, sizeof noise, r->noise);
            csv_change_row(out, "risk_loss", r->risk_id, NULL, NULL, NULL, delta, noise,
                           "true");
        }
    }
    for (size_t i = 0; i < c->n_opened; i++)
        csv_change_row(out, "gap_opened", c->opened[i].risk_id, c->opened[i].control_id, NULL,
                       NULL, NULL, NULL, NULL);
    for (size_t i = 0; i < c->n_closed; i++)
        csv_change_row(out, "gap_closed", c->closed[i].risk_id, c->closed[i].control_id, NULL,
                       NULL, NULL, NULL, NULL);
    if (c->has_loss) {
        reg_format_double(delta, sizeof delta, c->loss_delta);
        reg_format_double(noise, sizeof noise, c->noise);
        csv_change_row(out, "total_loss", NULL, NULL, NULL, NULL, delta, noise,
                       c->loss_significant ? "true" : "false");
    }
    for (size_t i = 0; i < c->n_stale; i++) {
        char id[24];
        snprintf(id, sizeof id, "%" PRId64, c->stale[i].id);
        csv_change_row(out, "stale_decision", c->stale[i].subject, NULL, id, NULL, NULL, NULL,
                       NULL);
    }
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
static void print_controls_only_in(FILE *out, const char *label, const cr_reg_run *from,
                                   const cr_reg_run *to, bool plan)
{
    size_t n = plan ? from->n_plan_items : from->n_gaps;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const char *id = plan ? from->plan_items[i].control_id : from->gaps[i].control_id;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(id, plan ? from->plan_items[j].control_id
                                   : from->gaps[j].control_id) == 0;
        if (seen || (plan ? plan_has_control(to, id) : gap_has_control(to, id)))
            continue;
        fprintf(out, "%s %s", any ? "," : label, id);
        any = true;
    }
    if (any)
        fputc('\n', out);
}

static void print_sheet_subjects_only_in(FILE *out, const char *label, const cr_reg_run *from,
                                         const cr_reg_run *to)
{
    bool any = false;
    for (size_t i = 0; i < from->n_sheet; i++) {
        if (from->sheet[i].kind == CR_SUBJECT_ITEM ||
            reg_find_sheet_row(to, from->sheet[i].subject))
            continue;
        fprintf(out, "%s %s", any ? "," : label, from->sheet[i].subject);
        any = true;
    }
    if (any)
        fputc('\n', out);
}

/* What changed, named: the controls whose gap opened or closed (a control
 * lapsed, or was put in place), the plan's items, the approval sheet and
 * its subjects, the assessor. */
static void print_what_changed(const cr_reg_run *a, const cr_reg_run *b, FILE *out)
{
    print_controls_only_in(out, "  controls now missing for some risk:", b, a, false);
    print_controls_only_in(out, "  controls no longer missing:", a, b, false);
    print_controls_only_in(out, "  plan items added:", b, a, true);
    print_controls_only_in(out, "  plan items dropped:", a, b, true);
    if (strcmp(a->sheet_sha256, b->sheet_sha256) != 0 && (a->sheet_sha256[0] || b->sheet_sha256[0]))
        fprintf(out, "  approval sheet: %.12s -> %.12s\n",
                a->sheet_sha256[0] ? a->sheet_sha256 : "(none)",
                b->sheet_sha256[0] ? b->sheet_sha256 : "(none)");
    print_sheet_subjects_only_in(out, "  newly on the approval sheet:", b, a);
    print_sheet_subjects_only_in(out, "  off the approval sheet:", a, b);
    if ((a->assessor || b->assessor) &&
        (!a->assessor || !b->assessor || strcmp(a->assessor, b->assessor) != 0))
        fprintf(out, "  assessor: %s -> %s\n", a->assessor ? a->assessor : "(not recorded)",
                b->assessor ? b->assessor : "(not recorded)");
}

cr_status cr_reg_change_write(const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                              cr_reg_format format, FILE *out, cr_error *err)
{
    switch (format) {
    case CR_REG_JSON: {
        cr_jb jb = {0};
        cJSON *doc = cr_jb_object(&jb);
        cr_jb_put(&jb, doc, "from", a ? reg_run_to_json(&jb, a, false) : cr_jb_null_value(&jb));
        cr_jb_put(&jb, doc, "to", reg_run_to_json(&jb, b, false));
        cr_jb_put(&jb, doc, "change", reg_change_to_json(&jb, c));
        return reg_json_write(&jb, doc, true, out, err);
    }
    case CR_REG_CSV:
        write_change_csv(c, out);
        return CR_OK;
    case CR_REG_TEXT:
        if (a)
            fprintf(out, "run %" PRId64 " (%s, %s) -> run %" PRId64 " (%s, %s)\n", a->id,
                    a->service_id, a->run_time, b->id, b->service_id, b->run_time);
        else
            fprintf(out, "run %" PRId64 " (%s, %s): first run\n", b->id, b->service_id,
                    b->run_time);
        reg_change_print_text(c, out);
        if (a)
            print_what_changed(a, b, out);
        return CR_OK;
    }
    return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "unknown output format");
}

/* "high 2, medium 9, low 10": residual levels by rank, worst first. */
void reg_level_counts(const cr_reg_run *run, char *buf, size_t size)
{
    int max_rank = 0;
    for (size_t i = 0; i < run->n_risks; i++)
        if (run->risks[i].residual_rank > max_rank)
            max_rank = run->risks[i].residual_rank;
    size_t used = 0;
    buf[0] = '\0';
    for (int rank = max_rank; rank >= 0; rank--) {
        const char *name = NULL;
        int count = 0;
        for (size_t i = 0; i < run->n_risks; i++)
            if (run->risks[i].residual_rank == rank) {
                name = run->risks[i].residual_level;
                count++;
            }
        if (!count || used >= size)
            continue;
        int n = snprintf(buf + used, size - used, "%s%s %d", used ? ", " : "", name, count);
        if (n > 0)
            used += (size_t)n;
    }
}

cr_status cr_reg_history_write(const cr_reg_run *runs, size_t n, cr_reg_format format,
                               FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cr_jb_str(b, doc, "service_id", n ? runs[0].service_id : "");
        cJSON *list = cr_jb_add_array(b, doc, "runs");
        for (size_t i = 0; i < n; i++) {
            cJSON *r = reg_run_to_json(b, &runs[i], true);
            cr_reg_change c;
            cr_status s = cr_reg_compare(i ? &runs[i - 1] : NULL, &runs[i], &c, err);
            if (s) {
                cJSON_Delete(r);
                cJSON_Delete(doc);
                return s;
            }
            cr_jb_put(b, r, "change_since_previous", reg_change_to_json(b, &c));
            cr_reg_change_clear(&c);
            cr_jb_push(b, list, r);
        }
        return reg_json_write(b, doc, true, out, err);
    }
    if (format == CR_REG_CSV) {
        static const char *const header[] = {
            "run_id",   "seq",          "run_time",         "service_name", "inputs_sha256",
            "model_version", "criteria_version", "seed",    "trials",       "currency",
            "residual_levels",
            "residual_mean", "residual_se", "gaps",         "level_changes", "gaps_opened",
            "gaps_closed"};
        cr_csv_write_row(out, header, sizeof header / sizeof header[0]);
    }
    for (size_t i = 0; i < n; i++) {
        const cr_reg_run *r = &runs[i];
        cr_reg_change c;
        cr_status s = cr_reg_compare(i ? &runs[i - 1] : NULL, r, &c, err);
        if (s)
            return s;
        size_t level_changes = 0;
        for (size_t k = 0; k < c.n_risk_changes; k++)
            level_changes += c.risk_changes[k].residual_from || c.risk_changes[k].inherent_from;
        char levels[256], id[24], seq[24], seed[24], trials[24], mean[40] = "", se[40] = "",
                                                                 gaps[24], lc[24], op[24], cl[24];
        reg_level_counts(r, levels, sizeof levels);
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
        snprintf(op, sizeof op, "%zu", c.n_opened);
        snprintf(cl, sizeof cl, "%zu", c.n_closed);
        if (format == CR_REG_CSV) {
            const char *row[] = {id,        seq,   r->run_time,   r->service_name,
                                 r->inputs_sha256, r->model_version, r->criteria_version,
                                 seed,      trials, r->currency ? r->currency : "", levels, mean,
                                 se,        gaps,  lc,            op,
                                 cl};
            cr_csv_write_row(out, row, sizeof row / sizeof row[0]);
        } else {
            if (i == 0)
                fprintf(out, "%s (%s)\n", r->service_id, r->service_name);
            fprintf(out, "run %s #%s  %s  inputs %.12s  model %s  criteria %s  seed %s  "
                         "trials %s\n",
                    id, seq, r->run_time, r->inputs_sha256, r->model_version,
                    r->criteria_version, seed, trials);
            char due[11];
            cr_reg_run_review_due(r, due);
            fprintf(out, "  assessed by %s; review due %s\n",
                    r->assessor ? r->assessor : "(not recorded)", due[0] ? due : "-");
            fprintf(out, "  residual: %s; %zu gaps", levels, r->n_gaps);
            if (r->residual_total.years > 0)
                fprintf(out, "; expected annual loss %s%s%s (SE %s)", mean,
                        r->currency ? " " : "", r->currency ? r->currency : "", se);
            fputc('\n', out);
            if (i > 0)
                reg_change_print_text(&c, out);
        }
        cr_reg_change_clear(&c);
    }
    return CR_OK;
}

bool cr_reg_format_parse(const char *word, cr_reg_format *out)
{
    static const char *const names[] = {"csv", "json", "text"};
    for (int i = 0; i < 3; i++)
        if (word && strcmp(word, names[i]) == 0) {
            *out = (cr_reg_format)i;
            return true;
        }
    return false;
}

cr_status cr_reg_approvals_write(const cr_reg_approval *a, size_t n, cr_reg_format format,
                                 FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cJSON *list = cr_jb_add_array(b, doc, "approvals");
        for (size_t i = 0; i < n; i++)
            cr_jb_push(b, list, reg_approval_to_json(b, &a[i]));
        return reg_json_write(b, doc, true, out, err);
    }
    static const char *const header[] = {
        "decision_id", "service_id", "run_id",       "subject_kind", "subject",
        "decision",    "by",         "date",         "minutes",      "conditions",
        "accepted_until", "note",    "status",       "signed_state", "level",
        "expected_loss", "p95",      "sheet_sha256", "superseded_by", "stale_since_run",
        "stale_reason"};
    if (format == CR_REG_CSV)
        cr_csv_write_row(out, header, sizeof header / sizeof header[0]);
    for (size_t i = 0; i < n; i++) {
        const cr_reg_approval *d = &a[i];
        const cr_signed_state *s = &d->signed_state;
        char id[24], run[24], stale[24] = "", superseded[24] = "", loss[40] = "", p95[40] = "";
        snprintf(id, sizeof id, "%" PRId64, d->id);
        snprintf(run, sizeof run, "%" PRId64, d->run_id);
        if (d->stale_run_id)
            snprintf(stale, sizeof stale, "%" PRId64, d->stale_run_id);
        if (d->superseded_by)
            snprintf(superseded, sizeof superseded, "%" PRId64, d->superseded_by);
        if (isfinite(s->expected_loss))
            reg_format_double(loss, sizeof loss, s->expected_loss);
        if (isfinite(s->p95))
            reg_format_double(p95, sizeof p95, s->p95);
        const char *status = cr_decision_status_name(d->status);
        if (format == CR_REG_CSV) {
            const char *row[] = {id,
                                 d->service_id ? d->service_id : "",
                                 run,
                                 cr_subject_kind_name(d->subject_kind),
                                 d->subject,
                                 d->decision,
                                 d->approver,
                                 d->decided_on,
                                 d->minutes ? d->minutes : "",
                                 d->conditions ? d->conditions : "",
                                 d->accepted_until ? d->accepted_until : "",
                                 d->note ? d->note : "",
                                 status,
                                 cr_signed_basis_name(s->basis),
                                 s->level_id,
                                 loss,
                                 p95,
                                 s->sheet_sha256,
                                 superseded,
                                 stale,
                                 d->stale_reason ? d->stale_reason : ""};
            cr_csv_write_row(out, row, sizeof row / sizeof row[0]);
            continue;
        }
        fprintf(out, "decision %s: %s %s (%s), run %s: %s by %s on %s [%s]\n", id,
                d->service_id ? d->service_id : "", d->subject,
                cr_subject_kind_name(d->subject_kind), run, d->decision, d->approver,
                d->decided_on, status);
        fprintf(out, "  signed: %s", cr_signed_basis_name(s->basis));
        if (s->level_id[0])
            fprintf(out, ", level %s", s->level_id);
        if (loss[0])
            fprintf(out, ", expected annual loss %s", loss);
        if (p95[0])
            fprintf(out, ", P95 %s", p95);
        fprintf(out, "; sheet %s\n", s->sheet_sha256[0] ? s->sheet_sha256 : "(not recorded)");
        if (d->minutes)
            fprintf(out, "  minutes: %s\n", d->minutes);
        if (d->conditions)
            fprintf(out, "  conditions: %s\n", d->conditions);
        if (d->accepted_until)
            fprintf(out, "  accepted until: %s\n", d->accepted_until);
        if (d->note)
            fprintf(out, "  note: %s\n", d->note);
        if (d->superseded_by)
            fprintf(out, "  superseded by decision %s\n", superseded);
        else if (d->stale_run_id)
            fprintf(out, "  STALE since run %s: %s\n", stale,
                    d->stale_reason ? d->stale_reason : "");
        else if (d->status == CR_DSTATUS_STALE)
            fprintf(out, "  STALE: expired (accepted until %s)\n",
                    d->accepted_until ? d->accepted_until : "");
    }
    return CR_OK;
}
