/*
 * batch_summary_write.c -- the fleet summary as JSON (structured), CSV (long
 * form: section, item, measure, value -- one fact per row, for pivoting) and
 * one self-contained HTML page (inline CSS and SVG, no scripts, no fetches;
 * every text from the register is escaped).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "batch/batch_internal.h"
#include "cloudrisk/io.h"
#include "register/register_iface.h"
#include "report/report_iface.h"
#include "util/csv_util.h"
#include "util/json_build.h"
#include "util/money.h"
#include "util/text.h"

/* ---- the fleet's total annual loss: what it covers ------------------------- */

typedef enum total_scope {
    TOTAL_NOT_SIMULATED = 0, /* a qualitative batch */
    TOTAL_NONE = 1,          /* simulated, but no service's years in this batch */
    TOTAL_PARTIAL = 2,       /* the re-assessed services only */
    TOTAL_FLEET = 3          /* every service of the summary */
} total_scope;

static total_scope scope_of(const fleet_summary *f)
{
    if (f->trials == 0)
        return TOTAL_NOT_SIMULATED;
    if (!f->annual_total || f->annual_total->covered == 0)
        return TOTAL_NONE;
    return (long)f->annual_total->covered >= f->services ? TOTAL_FLEET : TOTAL_PARTIAL;
}

static const char *const scope_names[] = {"not_simulated", "none", "reassessed_only", "fleet"};

/* One sentence on the coverage, the same in every format. */
static void coverage_note(const fleet_summary *f, char *buf, size_t size)
{
    long n = f->annual_total ? (long)f->annual_total->covered : 0;
    switch (scope_of(f)) {
    case TOTAL_NOT_SIMULATED:
        snprintf(buf, size,
                 "Qualitative batch (no simulated trials): there is no distribution of the "
                 "fleet's annual loss.");
        break;
    case TOTAL_NONE:
        snprintf(buf, size,
                 "No service was simulated in this batch (all %ld were unchanged and "
                 "skipped), so there is no distribution of the fleet's total; run the batch "
                 "with --fleet-loss to simulate the unchanged services for it.",
                 f->services);
        break;
    case TOTAL_PARTIAL:
        snprintf(buf, size,
                 "Covers only the %ld services simulated in this batch, of the fleet's %ld: "
                 "the other %ld were unchanged and not simulated again, so this is not the "
                 "fleet's total. Run the batch with --fleet-loss to have the whole fleet's "
                 "(it simulates the unchanged services too, recording nothing for them).",
                 n, f->services, f->services - n);
        break;
    case TOTAL_FLEET:
        snprintf(buf, size, "Covers all %ld services of the fleet.", f->services);
        break;
    }
}

/* What a threshold is: the criteria's appetite, or a round figure. */
static void threshold_basis(const fleet_total_loss *t, size_t k, char *buf, size_t size)
{
    if (!isnan(t->appetite) && t->threshold[k] == t->appetite)
        snprintf(buf, size, "risk appetite (of one service)");
    else
        snprintf(buf, size, "round figure");
}

/* ---- JSON -------------------------------------------------------------------- */

static cJSON *annual_total_json(cr_jb *b, const fleet_summary *f)
{
    cJSON *o = cr_jb_object(b);
    total_scope scope = scope_of(f);
    char note[600];
    coverage_note(f, note, sizeof note);
    cr_jb_str(b, o, "scope", scope_names[scope]);
    cr_jb_num(b, o, "services", (double)f->services);
    cr_jb_num(b, o, "services_covered",
                            f->annual_total ? (double)f->annual_total->covered : 0);
    cr_jb_bool(b, o, "complete", scope == TOTAL_FLEET);
    cr_jb_str(b, o, "note", note);
    if (scope == TOTAL_NOT_SIMULATED)
        return o;
    /* Exact whatever the coverage: every service's recorded run. */
    cJSON *recorded = cr_jb_add_object(b, o, "mean_from_recorded_runs");
    cr_jb_num(b, recorded, "services", (double)f->simulated);
    cr_jb_num(b, recorded, "mean", f->total_mean);
    cr_jb_num(b, recorded, "se", f->total_se);
    if (scope == TOTAL_NONE)
        return o;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    cJSON *d = cr_jb_add_object(b, o, "distribution");
    cr_jb_num(b, d, "trials", (double)t->trials);
    cr_jb_num(b, d, "mean", st->mean);
    cr_jb_num(b, d, "mean_se", st->mean_se);
    cr_jb_num(b, d, "sd", st->sd);
    cr_jb_num(b, d, "p50", st->p50);
    cr_jb_num(b, d, "p50_se", st->p50_se);
    cr_jb_num(b, d, "p90", st->p90);
    cr_jb_num(b, d, "p90_se", st->p90_se);
    cr_jb_num(b, d, "p95", st->p95);
    cr_jb_num(b, d, "p95_se", st->p95_se);
    cr_jb_num(b, d, "p99", st->p99);
    cr_jb_num(b, d, "p99_se", st->p99_se);
    cr_jb_num(b, d, "es95", st->es95);
    cr_jb_num(b, d, "es99", st->es99);
    cr_jb_num(b, d, "p_loss", st->p_loss);
    cr_jb_num(b, d, "max", st->max);
    /* The loss summary's tail standard errors and warnings (loss_summary.h). */
    cr_jb_num(b, d, "es95_se", st->es95_se);
    cr_jb_num(b, d, "es99_se", st->es99_se);
    cr_jb_num(b, d, "max_share", st->max_share);
    cr_jb_num(b, d, "variance_years", st->variance_years);
    cJSON *warnings = cr_jb_add_array(b, d, "warnings");
    for (int w = 0; w < CR_LOSS_WARNINGS; w++)
        if (st->warnings & (1u << w))
            cr_jb_push_str(b, warnings, cr_loss_warning_name((cr_loss_warning)(1u << w)));
    cJSON *ex = cr_jb_add_array(b, d, "exceedance");
    for (size_t k = 0; k < t->n_thresholds; k++) {
        char basis[64];
        threshold_basis(t, k, basis, sizeof basis);
        cJSON *e = cr_jb_object(b);
        cr_jb_num(b, e, "threshold", t->threshold[k]);
        cr_jb_str(b, e, "basis", basis);
        cr_jb_num(b, e, "probability", t->p_exceed[k]);
        cr_jb_num(b, e, "se", t->p_exceed_se[k]);
        cr_jb_push(b, ex, e);
    }
    cJSON *curve = cr_jb_add_array(b, d, "exceedance_curve");
    for (size_t k = 0; k < st->lec.n; k++) {
        cJSON *e = cr_jb_object(b);
        cr_jb_num(b, e, "loss", st->lec.loss[k]);
        cr_jb_num(b, e, "probability", st->lec.exceedance[k]);
        cr_jb_push(b, curve, e);
    }
    return o;
}

static cJSON *control_rows_json(cr_jb *b, const fleet_control_row *rows, size_t n)
{
    cJSON *list = cr_jb_array(b);
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "control_id", rows[i].control_id);
        cr_jb_num(b, o, "services", (double)rows[i].services);
        cr_jb_num(b, o, "risk_gaps", (double)rows[i].risk_gaps);
        cr_jb_num(b, o, "loss_at_stake", rows[i].loss_at_stake);
        cr_jb_num(b, o, "planned_services", (double)rows[i].planned_services);
        cr_jb_num(b, o, "planned_reduction", rows[i].planned_reduction);
        cr_jb_push(b, list, o);
    }
    return list;
}

static cJSON *pending_json(cr_jb *b, const fleet_summary *f)
{
    cJSON *list = cr_jb_array(b);
    for (size_t i = 0; i < f->n_pending; i++) {
        const cr_reg_pending *p = &f->pending[i];
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "service_id", p->service_id);
        cr_jb_str(b, o, "subject", p->subject);
        cr_jb_str(b, o, "subject_kind", cr_subject_kind_name(p->kind));
        cr_jb_str(b, o, "reason", p->reason);
        cr_jb_str(b, o, "why", p->why);
        cr_jb_push(b, list, o);
    }
    return list;
}

cr_status fleet_summary_write_json(const fleet_summary *f, FILE *out, cr_error *err)
{
    char seed[24];
    reg_seed_text(f->seed, seed);
    cr_jb jb = {0}, *b = &jb;
    cJSON *doc = cr_jb_object(b);
    cr_jb_str(b, doc, "format", "cloudrisk-fleet-summary/1");
    cr_jb_str(b, doc, "fleet_sha256", f->fleet_sha256);
    cr_jb_str(b, doc, "model_version", f->model_version);
    cr_jb_str(b, doc, "currency", f->currency ? f->currency : "");
    cr_jb_str(b, doc, "criteria_version", f->criteria_version);
    cr_jb_str(b, doc, "run_time", f->run_time);
    cr_jb_str(b, doc, "seed", seed);
    cr_jb_num(b, doc, "trials", (double)f->trials);
    cJSON *shard = cr_jb_add_object(b, doc, "shard");
    cr_jb_num(b, shard, "index", f->shard_index);
    cr_jb_num(b, shard, "count", f->shard_count);
    cJSON *batch = cr_jb_add_object(b, doc, "batch");
    cr_jb_num(b, batch, "listed", (double)f->stats.listed);
    cr_jb_num(b, batch, "in_shard", (double)f->stats.in_shard);
    cr_jb_num(b, batch, "assessed", (double)f->stats.assessed);
    cr_jb_num(b, batch, "skipped_unchanged", (double)f->stats.skipped);
    cr_jb_num(b, batch, "recorded_by_another_process", (double)f->stats.current);
    cr_jb_num(b, batch, "failed", (double)f->stats.failed);
    cr_jb_num(b, batch, "changed", (double)f->stats.changed);
    cr_jb_num(b, batch, "stale_approvals", (double)f->stats.stale_approvals);
    cr_jb_num(b, batch, "approvals_recorded", (double)f->stats.approvals_recorded);
    cr_jb_num(b, batch, "approvals_on_record", (double)f->stats.approvals_on_record);
    cr_jb_num(b, batch, "stale_decisions", (double)f->stats.stale_decisions);
    cr_jb_num(b, doc, "services", (double)f->services);
    /* What needs management's decision now (doc/register.md). */
    cJSON *decisions = cr_jb_add_object(b, doc, "decisions");
    cr_jb_num(b, decisions, "made_stale_in_this_batch",
                            (double)f->stats.stale_approvals);
    cr_jb_num(b, decisions, "pending_count", (double)f->n_pending);
    cr_jb_put(b, decisions, "pending", pending_json(b, f));

    cJSON *levels = cr_jb_add_array(b, doc, "risks_by_level");
    for (size_t i = 0; i < f->n_levels; i++) {
        cJSON *o = cr_jb_object(b);
        cr_jb_str(b, o, "risk_id", f->levels[i].risk_id);
        cr_jb_str(b, o, "level", f->levels[i].level);
        cr_jb_num(b, o, "rank", f->levels[i].rank);
        cr_jb_num(b, o, "inherent", (double)f->levels[i].inherent);
        cr_jb_num(b, o, "residual", (double)f->levels[i].residual);
        cr_jb_push(b, levels, o);
    }
    cJSON *totals = cr_jb_add_object(b, doc, "residual_levels");
    for (size_t i = 0; i < f->n_level_names; i++)
        cr_jb_num(b, totals, f->level_names[i], (double)f->level_totals[i]);
    cr_jb_put(b, doc, "most_common_gaps", control_rows_json(b, f->gaps, f->n_gaps));
    cJSON *treat = cr_jb_add_object(b, doc, "controls_treating_most_risk");
    cr_jb_str(b, treat, "measure", f->treat_measure ? f->treat_measure : "");
    cr_jb_put(b, treat, "controls", control_rows_json(b, f->treat, f->n_treat));

    cJSON *loss = cr_jb_add_object(b, doc, "loss");
    cr_jb_num(b, loss, "simulated_services", (double)f->simulated);
    if (f->simulated) {
        cr_jb_num(b, loss, "total_mean", f->total_mean);
        cr_jb_num(b, loss, "total_se", f->total_se);
        cr_jb_num(b, loss, "service_p50", f->service_p50);
        cr_jb_num(b, loss, "service_p90", f->service_p90);
        cr_jb_num(b, loss, "service_p99", f->service_p99);
        cJSON *bins = cr_jb_add_array(b, loss, "histogram");
        for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
            cJSON *bin = cr_jb_object(b);
            cr_jb_num(b, bin, "from", k == 0 ? 0 : f->bin_edges[k]);
            cr_jb_num(b, bin, "to", f->bin_edges[k + 1]);
            cr_jb_num(b, bin, "services", (double)f->bin_counts[k]);
            cr_jb_push(b, bins, bin);
        }
        cJSON *top = cr_jb_add_array(b, loss, "largest");
        for (size_t i = 0; i < f->n_top; i++) {
            cJSON *t = cr_jb_object(b);
            cr_jb_str(b, t, "service_id", f->top[i].service_id);
            cr_jb_str(b, t, "service_name", f->top[i].service_name);
            cr_jb_num(b, t, "mean", f->top[i].mean);
            cr_jb_num(b, t, "se", f->top[i].se);
            cr_jb_num(b, t, "p95", f->top[i].p95);
            cr_jb_num(b, t, "p99", f->top[i].p99);
            cr_jb_push(b, top, t);
        }
    }
    cr_jb_put(b, doc, "fleet_annual_loss", annual_total_json(b, f));
    cr_jb_bool(b, doc, "fleet_loss_option", f->fleet_loss_asked);
    cJSON *changes = cr_jb_add_array(b, doc, "changes");
    for (size_t i = 0; i < f->n_changes; i++) {
        cJSON *c = reg_change_to_json(b, &f->changes[i].change);
        cr_jb_str(b, c, "service_id", f->changes[i].service_id);
        cr_jb_push(b, changes, c);
    }
    return reg_json_write(b, doc, true, out, err);
}

/* ---- CSV (long form) ------------------------------------------------------- */

static void fact(FILE *out, const char *section, const char *item, const char *measure,
                 const char *value)
{
    const char *row[] = {section, item, measure, value};
    cr_csv_write_row(out, row, 4);
}

static void fact_number(FILE *out, const char *section, const char *item, const char *measure,
                        double value)
{
    char text[40];
    reg_format_double(text, sizeof text, value);
    fact(out, section, item, measure, text);
}

static void control_facts(FILE *out, const char *section, const fleet_control_row *rows,
                          size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fact_number(out, section, rows[i].control_id, "services", (double)rows[i].services);
        fact_number(out, section, rows[i].control_id, "risk_gaps", (double)rows[i].risk_gaps);
        if (!isnan(rows[i].loss_at_stake))
            fact_number(out, section, rows[i].control_id, "loss_at_stake",
                        rows[i].loss_at_stake);
        if (!isnan(rows[i].planned_reduction)) {
            fact_number(out, section, rows[i].control_id, "planned_services",
                        (double)rows[i].planned_services);
            fact_number(out, section, rows[i].control_id, "planned_reduction",
                        rows[i].planned_reduction);
        }
    }
}

static void annual_total_facts(FILE *out, const fleet_summary *f)
{
    static const char section[] = "fleet_annual_loss";
    total_scope scope = scope_of(f);
    char note[600];
    coverage_note(f, note, sizeof note);
    fact(out, section, "", "scope", scope_names[scope]);
    fact_number(out, section, "", "services", (double)f->services);
    fact_number(out, section, "", "services_covered",
                f->annual_total ? (double)f->annual_total->covered : 0);
    fact(out, section, "", "note", note);
    if (scope == TOTAL_NOT_SIMULATED)
        return;
    fact_number(out, section, "recorded_runs", "mean", f->total_mean);
    fact_number(out, section, "recorded_runs", "se", f->total_se);
    if (scope == TOTAL_NONE)
        return;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    const char *item = scope == TOTAL_FLEET ? "fleet" : "reassessed_only";
    const struct {
        const char *name;
        double value;
    } rows[] = {{"trials", (double)t->trials}, {"mean", st->mean},   {"mean_se", st->mean_se},
                {"sd", st->sd},                {"p50", st->p50},     {"p50_se", st->p50_se},
                {"p90", st->p90},              {"p90_se", st->p90_se}, {"p95", st->p95},
                {"p95_se", st->p95_se},        {"p99", st->p99},     {"p99_se", st->p99_se},
                {"es95", st->es95},            {"es99", st->es99},   {"p_loss", st->p_loss},
                {"max", st->max},              {"es95_se", st->es95_se},
                {"es99_se", st->es99_se},      {"max_share", st->max_share},
                {"variance_years", st->variance_years}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        fact_number(out, section, item, rows[k].name, rows[k].value);
    for (int b = 0; b < CR_LOSS_WARNINGS; b++)
        if (st->warnings & (1u << b))
            fact(out, section, item, "warning", cr_loss_warning_name((cr_loss_warning)(1u << b)));
    for (size_t k = 0; k < t->n_thresholds; k++) {
        char measure[80], x[40];
        reg_format_double(x, sizeof x, t->threshold[k]);
        snprintf(measure, sizeof measure, "p_exceed:%s", x);
        fact_number(out, section, item, measure, t->p_exceed[k]);
        snprintf(measure, sizeof measure, "p_exceed_se:%s", x);
        fact_number(out, section, item, measure, t->p_exceed_se[k]);
    }
}

cr_status fleet_summary_write_csv(const fleet_summary *f, FILE *out, cr_error *err)
{
    (void)err;
    char seed[24];
    reg_seed_text(f->seed, seed);
    fact(out, "section", "item", "measure", "value");
    fact(out, "fleet", "", "fleet_sha256", f->fleet_sha256);
    fact(out, "fleet", "", "model_version", f->model_version);
    fact(out, "fleet", "", "currency", f->currency ? f->currency : "");
    fact(out, "fleet", "", "criteria_version", f->criteria_version);
    fact(out, "fleet", "", "run_time", f->run_time);
    fact(out, "fleet", "", "seed", seed);
    fact_number(out, "fleet", "", "trials", (double)f->trials);
    fact_number(out, "fleet", "", "services", (double)f->services);
    fact_number(out, "batch", "", "assessed", (double)f->stats.assessed);
    fact_number(out, "batch", "", "skipped_unchanged", (double)f->stats.skipped);
    fact_number(out, "batch", "", "failed", (double)f->stats.failed);
    fact_number(out, "batch", "", "changed", (double)f->stats.changed);
    fact_number(out, "batch", "", "stale_approvals", (double)f->stats.stale_approvals);
    fact_number(out, "batch", "", "approvals_recorded", (double)f->stats.approvals_recorded);
    fact_number(out, "batch", "", "approvals_on_record", (double)f->stats.approvals_on_record);
    fact_number(out, "batch", "", "stale_decisions", (double)f->stats.stale_decisions);
    fact_number(out, "decisions", "", "pending_count", (double)f->n_pending);
    for (size_t i = 0; i < f->n_pending; i++) {
        char item[300];
        snprintf(item, sizeof item, "%s/%s", f->pending[i].service_id, f->pending[i].subject);
        fact(out, "pending_decision", item, f->pending[i].reason, f->pending[i].why);
    }
    for (size_t i = 0; i < f->n_levels; i++) {
        char measure[200];
        snprintf(measure, sizeof measure, "inherent:%s", f->levels[i].level);
        fact_number(out, "risk_level", f->levels[i].risk_id, measure,
                    (double)f->levels[i].inherent);
        snprintf(measure, sizeof measure, "residual:%s", f->levels[i].level);
        fact_number(out, "risk_level", f->levels[i].risk_id, measure,
                    (double)f->levels[i].residual);
    }
    control_facts(out, "common_gap", f->gaps, f->n_gaps);
    fact(out, "treat", "", "ranked_by", f->treat_measure ? f->treat_measure : "");
    control_facts(out, "treat", f->treat, f->n_treat);
    if (f->simulated) {
        fact_number(out, "loss", "", "simulated_services", (double)f->simulated);
        fact_number(out, "loss", "", "total_mean", f->total_mean);
        fact_number(out, "loss", "", "total_se", f->total_se);
        fact_number(out, "loss", "", "service_p50", f->service_p50);
        fact_number(out, "loss", "", "service_p90", f->service_p90);
        fact_number(out, "loss", "", "service_p99", f->service_p99);
        for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
            char from[40], to[40], item[90];
            reg_format_double(from, sizeof from, k == 0 ? 0 : f->bin_edges[k]);
            reg_format_double(to, sizeof to, f->bin_edges[k + 1]);
            snprintf(item, sizeof item, "[%s,%s)", from, to);
            fact_number(out, "loss_histogram", item, "services", (double)f->bin_counts[k]);
        }
        for (size_t i = 0; i < f->n_top; i++) {
            fact_number(out, "largest_loss", f->top[i].service_id, "mean", f->top[i].mean);
            fact_number(out, "largest_loss", f->top[i].service_id, "se", f->top[i].se);
        }
    }
    annual_total_facts(out, f);
    for (size_t i = 0; i < f->n_changes; i++) {
        const cr_reg_change *c = &f->changes[i].change;
        const char *id = f->changes[i].service_id;
        for (size_t k = 0; k < c->n_risk_changes; k++) {
            const cr_reg_risk_change *r = &c->risk_changes[k];
            char measure[80], value[200];
            if (r->residual_from) {
                snprintf(measure, sizeof measure, "residual:%s", r->risk_id);
                snprintf(value, sizeof value, "%s->%s", r->residual_from, r->residual_to);
                fact(out, "change", id, measure, value);
            }
        }
        fact_number(out, "change", id, "gaps_opened", (double)c->n_opened);
        fact_number(out, "change", id, "gaps_closed", (double)c->n_closed);
        if (c->has_loss) {
            fact_number(out, "change", id, "loss_delta", c->loss_delta);
            fact_number(out, "change", id, "loss_noise", c->noise);
            fact(out, "change", id, "loss_significant", c->loss_significant ? "true" : "false");
        }
        fact_number(out, "change", id, "stale_approvals", (double)c->n_stale);
    }
    return CR_OK;
}

/* ---- HTML ------------------------------------------------------------------- */

/* 1234567.4 -> "1,234,567" */
static void money(char *buf, size_t size, double v) { cr_money_grouped(buf, size, v); }

/* A colour for a level: green for the lowest rank through amber to red for
 * the highest. */
static const char *level_colour(int rank, int max_rank)
{
    static const char *const ramp[] = {"#4caf50", "#cddc39", "#ffc107", "#ff7043", "#d32f2f"};
    if (max_rank <= 0)
        return ramp[0];
    int k = (int)lround(4.0 * rank / max_rank);
    return ramp[k < 0 ? 0 : k > 4 ? 4 : k];
}

static void esc(cr_strbuf *sb, const char *text)
{
    cr_strbuf_html_escaped(sb, text ? text : "");
}

static int max_rank_of(const fleet_summary *f)
{
    int m = 0;
    for (size_t i = 0; i < f->n_levels; i++)
        if (f->levels[i].rank > m)
            m = f->levels[i].rank;
    return m;
}

static int rank_of_name(const fleet_summary *f, const char *name)
{
    for (size_t i = 0; i < f->n_levels; i++)
        if (strcmp(f->levels[i].level, name) == 0)
            return f->levels[i].rank;
    return 0;
}

/* One stacked bar per risk: its services by residual level, worst on the
 * left. */
static void html_levels(cr_strbuf *sb, const fleet_summary *f)
{
    int max_rank = max_rank_of(f);
    const double width = 520, row = 22;
    size_t n_risks = 0;
    for (size_t i = 0; i < f->n_levels; i++)
        if (i == 0 || strcmp(f->levels[i].risk_id, f->levels[i - 1].risk_id) != 0)
            n_risks++;
    cr_strbuf_printf(sb,
                     "<svg role=\"img\" aria-label=\"services by residual level per risk\" "
                     "width=\"640\" height=\"%.0f\" viewBox=\"0 0 640 %.0f\">\n",
                     row * (double)n_risks + 10, row * (double)n_risks + 10);
    size_t r = 0;
    for (size_t i = 0; i < f->n_levels;) {
        size_t j = i;
        while (j < f->n_levels && strcmp(f->levels[j].risk_id, f->levels[i].risk_id) == 0)
            j++;
        double y = 5 + row * (double)r, x = 80;
        cr_strbuf_printf(sb, "<text x=\"0\" y=\"%.0f\" font-size=\"12\">", y + 14);
        esc(sb, f->levels[i].risk_id);
        cr_strbuf_puts(sb, "</text>\n");
        for (size_t k = i; k < j; k++) {
            if (f->levels[k].residual == 0 || f->services == 0)
                continue;
            double w = width * (double)f->levels[k].residual / (double)f->services;
            cr_strbuf_printf(sb,
                             "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
                             "fill=\"%s\"><title>",
                             x, y, w, row - 4, level_colour(f->levels[k].rank, max_rank));
            esc(sb, f->levels[k].risk_id);
            cr_strbuf_puts(sb, " ");
            esc(sb, f->levels[k].level);
            cr_strbuf_printf(sb, ": %ld</title></rect>\n", f->levels[k].residual);
            x += w;
        }
        i = j;
        r++;
    }
    cr_strbuf_puts(sb, "</svg>\n<p class=\"legend\">");
    for (size_t i = f->n_level_names; i-- > 0;) {
        cr_strbuf_printf(sb, "<span style=\"background:%s\">&nbsp;&nbsp;&nbsp;</span> ",
                         level_colour(rank_of_name(f, f->level_names[i]), max_rank));
        esc(sb, f->level_names[i]);
        cr_strbuf_printf(sb, " %ld &nbsp; ", f->level_totals[i]);
    }
    cr_strbuf_puts(sb, "</p>\n");
}

/* A money amount into a table cell ("–" for none). */
static void money_cell(cr_doc *d, double v)
{
    char buf[48] = "–";
    if (!isnan(v))
        money(buf, sizeof buf, v);
    doc_leaf(d, DOC_CELL, NULL, "num", buf);
}

static void count_cell(cr_doc *d, long v)
{
    doc_open(d, DOC_CELL, NULL, "num");
    doc_textf(d, "%ld", v);
    doc_close(d);
}

/* A table's heading row of plain words. */
static void table_open(cr_doc *d, const char *const *heads, size_t n)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(d);
}

static void html_controls(cr_doc *d, const fleet_control_row *rows, size_t n)
{
    static const char *const heads[] = {"control",          "services with the gap",
                                        "(service, risk) gaps", "residual loss at stake",
                                        "planned by",       "planned loss reduction"};
    table_open(d, heads, sizeof heads / sizeof heads[0]);
    for (size_t i = 0; i < n; i++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, rows[i].control_id);
        count_cell(d, rows[i].services);
        count_cell(d, rows[i].risk_gaps);
        money_cell(d, rows[i].loss_at_stake);
        count_cell(d, rows[i].planned_services);
        money_cell(d, rows[i].planned_reduction);
        doc_close(d);
    }
    doc_close(d);
}

static void html_histogram(cr_strbuf *sb, const fleet_summary *f)
{
    long most = 1;
    for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++)
        if (f->bin_counts[k] > most)
            most = f->bin_counts[k];
    const double bar = 44, height = 160;
    cr_strbuf_printf(sb,
                     "<svg role=\"img\" aria-label=\"services by expected annual loss\" "
                     "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
                     bar * FLEET_HISTOGRAM_BINS + 10, height + 40, bar * FLEET_HISTOGRAM_BINS + 10,
                     height + 40);
    for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
        double h = height * (double)f->bin_counts[k] / (double)most;
        char from[48], to[48];
        money(from, sizeof from, k == 0 ? 0 : f->bin_edges[k]);
        money(to, sizeof to, f->bin_edges[k + 1]);
        cr_strbuf_printf(sb,
                         "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                         "fill=\"#5c6bc0\"><title>%s to %s: %ld services</title></rect>\n",
                         5 + bar * k, height - h + 5, bar - 4, h, from, to, f->bin_counts[k]);
        if (k % 3 == 0)
            cr_strbuf_printf(sb,
                             "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\">%s</text>\n",
                             5 + bar * k, height + 20, from);
    }
    cr_strbuf_puts(sb, "</svg>\n");
}

/* An axis label: 1 to 999 as is, then K, M, B, T (powers of ten only). */
static void short_amount(char *buf, size_t size, double v, const void *ctx)
{
    (void)ctx;
    static const char *const suffix[] = {"", "K", "M", "B", "T"};
    int k = 0;
    while (k < 4 && v >= 1000) {
        v /= 1000;
        k++;
    }
    snprintf(buf, size, "%g%s", v, suffix[k]);
}

/* The total's exceedance curve on log-log axes, the thresholds some year
 * exceeded and the appetite marked (the report's chart module). */
static void html_exceedance_chart(cr_strbuf *sb, const fleet_total_loss *t)
{
    chart_mark *marks = calloc(t->n_thresholds ? t->n_thresholds : 1, sizeof *marks);
    if (!marks) {
        sb->failed = true;
        return;
    }
    for (size_t k = 0; k < t->n_thresholds; k++) {
        bool appetite = !isnan(t->appetite) && t->threshold[k] == t->appetite;
        marks[k] = (chart_mark){t->threshold[k], appetite,
                                t->p_exceed[k] > 0 || t->threshold[k] == t->appetite};
    }
    chart_log_lec c = {"probability that the total annual loss exceeds an amount",
                       "No simulated year had a loss.",
                       "total annual loss (log scale)",
                       "P(total > amount)",
                       "risk appetite",
                       "threshold",
                       t->stats.lec.loss,
                       t->stats.lec.exceedance,
                       t->stats.lec.n,
                       marks,
                       t->n_thresholds,
                       short_amount,
                       NULL};
    chart_lec_log(sb, &c);
    free(marks);
}

static void html_annual_total(cr_doc *d, const fleet_summary *f)
{
    total_scope scope = scope_of(f);
    char note[600];
    coverage_note(f, note, sizeof note);
    doc_heading(d, 2, NULL, "Fleet's total annual loss");
    if (scope == TOTAL_NOT_SIMULATED) {
        doc_leaf(d, DOC_PARA, NULL, NULL, note);
        return;
    }
    char mean[48], se[48];
    money(mean, sizeof mean, f->total_mean);
    money(se, sizeof se, f->total_se);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              "Expected annual loss of the fleet, all %ld simulated services, from their "
              "recorded runs: ",
              f->simulated);
    doc_leaf(d, DOC_STRONG, NULL, NULL, mean);
    doc_textf(d, " (standard error %s).", se);
    doc_close(d);
    doc_leaf(d, DOC_PARA, NULL, scope == TOTAL_FLEET ? NULL : "warn", note);
    if (scope == TOTAL_NONE)
        return;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              "The total of each of the %" PRIu64 " simulated years, summed over the %s. "
              "Services are simulated independently of one another: where they share causes "
              "(one provider's outage, one supplier's breach) the real tail is heavier than "
              "this one.",
              t->trials, scope == TOTAL_FLEET ? "fleet's services" : "re-assessed services only");
    doc_close(d);
    /* The table is of the services it covers, and says so in its heading,
     * so that it never reads as the fleet's figure when it is not. */
    char head[160];
    if (scope == TOTAL_FLEET)
        snprintf(head, sizeof head, "statistic (all %ld services)", f->services);
    else
        snprintf(head, sizeof head,
                 "statistic (the %zu re-assessed services only, not the fleet)", t->covered);
    const char *const heads[] = {head, "amount", "standard error"};
    table_open(d, heads, 3);
    const struct {
        const char *name;
        double value, se;
    } rows[] = {{"mean", st->mean, st->mean_se},
                {"median (P50)", st->p50, st->p50_se},
                {"P90", st->p90, st->p90_se},
                {"P95", st->p95, st->p95_se},
                {"P99", st->p99, st->p99_se},
                {"expected shortfall 95%", st->es95, st->es95_se},
                {"expected shortfall 99%", st->es99, st->es99_se},
                {"largest simulated year", st->max, NAN}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, rows[k].name);
        money_cell(d, rows[k].value);
        money_cell(d, rows[k].se);
        doc_close(d);
    }
    doc_close(d);
    /* What these figures cannot be trusted for (loss_summary.h). */
    bool listed = false;
    for (int w = 0; w < CR_LOSS_WARNINGS; w++) {
        if (!(st->warnings & (1u << w)))
            continue;
        char text[512];
        cr_loss_warning_text((cr_loss_warning)(1u << w), st, "en", text, sizeof text);
        if (!listed)
            doc_open(d, DOC_LIST, NULL, "warn");
        listed = true;
        doc_leaf(d, DOC_ITEM, NULL, NULL, text);
    }
    if (listed)
        doc_close(d);
    if (t->n_thresholds) {
        static const char *const theads[] = {"total annual loss above", "basis", "probability",
                                             "standard error"};
        table_open(d, theads, 4);
        for (size_t k = 0; k < t->n_thresholds; k++) {
            char basis[64];
            threshold_basis(t, k, basis, sizeof basis);
            doc_open(d, DOC_ROW, NULL, NULL);
            money_cell(d, t->threshold[k]);
            doc_leaf(d, DOC_CELL, NULL, NULL, basis);
            doc_open(d, DOC_CELL, NULL, "num");
            doc_textf(d, "%.2f%%", 100 * t->p_exceed[k]);
            doc_close(d);
            doc_open(d, DOC_CELL, NULL, "num");
            doc_textf(d, "%.2f%%", 100 * t->p_exceed_se[k]);
            doc_close(d);
            doc_close(d);
        }
        doc_close(d);
    }
    cr_strbuf svg;
    cr_strbuf_init(&svg);
    html_exceedance_chart(&svg, t);
    doc_graphic(d, &svg);
    doc_leaf(d, DOC_PARA, NULL, "meta",
             "The curve: the probability that the total annual loss exceeds an amount. "
             "Dashed lines: the thresholds of the table (red: the risk appetite).");
}

/* What needs management's decision now, and why (doc/register.md). */
static void html_pending(cr_doc *d, const fleet_summary *f)
{
    doc_heading(d, 2, NULL, "Decisions awaiting management");
    if (f->n_pending == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL,
                 "None: every subject of every approval sheet in the fleet has a current "
                 "decision.");
        return;
    }
    static const char *const heads[] = {"service", "subject", "level", "why"};
    table_open(d, heads, 4);
    for (size_t i = 0; i < f->n_pending; i++) {
        const cr_reg_pending *p = &f->pending[i];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, p->service_id);
        doc_leaf(d, DOC_CELL, NULL, NULL, p->subject);
        doc_leaf(d, DOC_CELL, NULL, NULL, p->level ? p->level : "");
        doc_leaf(d, DOC_CELL, NULL, NULL, p->why);
        doc_close(d);
    }
    doc_close(d);
}

static void html_changes(cr_doc *d, const fleet_summary *f)
{
    if (f->n_changes == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL, "No re-assessed service changed.");
        return;
    }
    static const char *const heads[] = {"service",     "level changes",        "gaps opened",
                                        "gaps closed", "expected loss change", "needs re-approval"};
    table_open(d, heads, 6);
    for (size_t i = 0; i < f->n_changes; i++) {
        const cr_reg_change *c = &f->changes[i].change;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->changes[i].service_id);
        doc_open(d, DOC_CELL, NULL, NULL);
        for (size_t k = 0; k < c->n_risk_changes; k++) {
            const cr_reg_risk_change *r = &c->risk_changes[k];
            if (!r->residual_from)
                continue;
            doc_text(d, r->risk_id);
            doc_text(d, " ");
            doc_text(d, r->residual_from);
            doc_text(d, " → ");
            doc_text(d, r->residual_to);
            doc_break(d);
        }
        doc_close(d);
        count_cell(d, (long)c->n_opened);
        count_cell(d, (long)c->n_closed);
        doc_open(d, DOC_CELL, NULL, NULL);
        if (c->has_loss) {
            char delta[48], noise[48];
            money(delta, sizeof delta, c->loss_delta);
            money(noise, sizeof noise, c->noise);
            doc_textf(d, "%s%s (noise %s)", c->loss_delta >= 0 ? "+" : "", delta, noise);
            if (c->loss_significant) {
                doc_text(d, " ");
                doc_leaf(d, DOC_STRONG, NULL, NULL, "significant");
            }
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        for (size_t k = 0; k < c->n_stale; k++) {
            doc_text(d, c->stale[k].subject);
            doc_text(d, ": ");
            doc_text(d, c->stale[k].stale_reason);
            doc_break(d);
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* A chart drawn by one of the functions above, as a graphic of d. */
static void chart(cr_doc *d, void (*draw)(cr_strbuf *, const fleet_summary *),
                  const fleet_summary *f)
{
    cr_strbuf svg;
    cr_strbuf_init(&svg);
    draw(&svg, f);
    doc_graphic(d, &svg);
}

static void by_service(cr_doc *d, const fleet_summary *f)
{
    doc_heading(d, 2, NULL, "Expected annual loss by service");
    if (!f->simulated) {
        doc_leaf(d, DOC_PARA, NULL, NULL, "Not simulated (qualitative runs only).");
        return;
    }
    char total[48], se[48], p50[48], p90[48], p99[48];
    money(total, sizeof total, f->total_mean);
    money(se, sizeof se, f->total_se);
    money(p50, sizeof p50, f->service_p50);
    money(p90, sizeof p90, f->service_p90);
    money(p99, sizeof p99, f->service_p99);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              "Sum of the expected annual losses of the %ld simulated services: %s (standard "
              "error %s). Per service: median %s, 90th percentile %s, 99th percentile %s.",
              f->simulated, total, se, p50, p90, p99);
    doc_close(d);
    chart(d, html_histogram, f);
    if ((long)f->n_top < f->simulated) {
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "The %zu largest of the %ld:", f->n_top, f->simulated);
        doc_close(d);
    }
    static const char *const heads[] = {"service", "name", "expected annual loss",
                                        "SE",      "P95",  "P99"};
    table_open(d, heads, 6);
    for (size_t i = 0; i < f->n_top; i++) {
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->top[i].service_id);
        doc_leaf(d, DOC_CELL, NULL, NULL, f->top[i].service_name);
        money_cell(d, f->top[i].mean);
        money_cell(d, f->top[i].se);
        money_cell(d, f->top[i].p95);
        money_cell(d, f->top[i].p99);
        doc_close(d);
    }
    doc_close(d);
}

/* The page as a document (report_iface.h): what it says, in order. */
static void summary_doc(cr_doc *d, const fleet_summary *f)
{
    char seed[24];
    reg_seed_text(f->seed, seed);
    doc_set_lang(d, "en");
    doc_heading(d, 1, NULL, "Fleet summary");
    doc_open(d, DOC_PARA, NULL, "meta");
    doc_text(d, "Model ");
    doc_text(d, f->model_version);
    doc_text(d, ", criteria ");
    doc_text(d, f->criteria_version);
    doc_textf(d, ", seed %s, %" PRIu64 " trials per service, run time ", seed, f->trials);
    doc_text(d, f->run_time);
    if (f->shard_count > 1)
        doc_textf(d, ", shard %u/%u", f->shard_index, f->shard_count);
    doc_text(d, ".");
    doc_break(d);
    doc_textf(d, "Fleet inputs SHA-256 %s.", f->fleet_sha256);
    doc_break(d);
    doc_text(d, "Amounts are annual losses in ");
    doc_text(d, f->currency && *f->currency ? f->currency : "the model's currency");
    doc_text(d, ".");
    doc_close(d);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d,
              "%ld services: %zu assessed in this batch, %zu unchanged and skipped, %zu "
              "failed; %zu changed since their last run; %zu decisions made stale by this "
              "batch; %zu subjects awaiting management's decision.",
              f->services, f->stats.assessed, f->stats.skipped, f->stats.failed,
              f->stats.changed, f->stats.stale_approvals, f->n_pending);
    doc_close(d);
    html_pending(d, f);
    doc_heading(d, 2, NULL, "Risks by residual level across the fleet");
    chart(d, html_levels, f);
    doc_heading(d, 2, NULL, "Most common gaps");
    html_controls(d, f->gaps, f->n_gaps);
    doc_heading(d, 2, NULL, "Controls that would treat the most risk");
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_text(d, "Ranked by ");
    doc_text(d, f->treat_measure ? f->treat_measure : "");
    doc_text(d, " (see the register documentation).");
    doc_close(d);
    html_controls(d, f->treat, f->n_treat);
    html_annual_total(d, f);
    by_service(d, f);
    doc_heading(d, 2, NULL, "Changes since each service's last run");
    html_changes(d, f);
}

cr_status fleet_summary_write_html(const fleet_summary *f, FILE *out, cr_error *err)
{
    cr_doc d;
    doc_init(&d);
    summary_doc(&d, f);
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    doc_html_page_open(&sb, "en", "cloudrisk fleet summary", NULL);
    doc_html(&d, &sb);
    cr_strbuf_puts(&sb, "</main></body></html>\n");
    doc_free(&d);
    if (sb.failed) {
        cr_strbuf_free(&sb);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    fwrite(sb.data, 1, sb.len, out);
    cr_strbuf_free(&sb);
    return CR_OK;
}

/* ---- into a directory ------------------------------------------------------- */

typedef cr_status (*summary_writer)(const fleet_summary *f, FILE *out, cr_error *err);

/* Open dir/name through a temporary and write it; the caller commits or
 * aborts.  On failure nothing is left open. */
static cr_status write_temporary(const char *dir, const char *name, summary_writer write,
                                 const fleet_summary *f, cr_outfile *out, cr_error *err)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    snprintf(path, n, "%s/%s", dir, name);
    cr_status s = cr_outfile_open(out, path, err);
    free(path);
    if (!s && (s = write(f, out->fp, err)) != CR_OK)
        cr_outfile_abort(out);
    return s;
}

/* The three files are written to temporaries first and only then renamed
 * into place, so that a stop asked for while they are written (the flag a
 * signal handler sets) leaves none of them: the summary is of a batch that
 * completed, or there is none.  (A stop during the three renames, which
 * take microseconds, finds the summary whole and the batch done.) */
cr_status fleet_summary_write_dir(const fleet_summary *f, const char *dir,
                                  const volatile sig_atomic_t *stop, cr_error *err)
{
    static const char *const names[] = {"fleet-summary.json", "fleet-summary.csv",
                                        "fleet-summary.html"};
    const summary_writer writers[] = {fleet_summary_write_json, fleet_summary_write_csv,
                                      fleet_summary_write_html};
    struct stat st;
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0)
        return cr_error_set(err, CR_ERR_IO, dir, 0, NULL, "cannot create the summary directory");
    cr_outfile out[3];
    int opened = 0;
    cr_status s = CR_OK;
    for (; opened < 3 && !s; opened++)
        s = write_temporary(dir, names[opened], writers[opened], f, &out[opened], err);
    if (s)
        opened--; /* the one that failed is closed already */
    if (!s && stop && *stop)
        s = cr_error_set(err, CR_ERR_INTERRUPTED, NULL, 0, NULL,
                         "interrupted while writing the fleet summary; no summary file "
                         "was written, and the runs are recorded");
    for (int k = 0; k < opened; k++) {
        if (!s)
            s = cr_outfile_commit(&out[k], err);
        else
            cr_outfile_abort(&out[k]);
    }
    return s;
}
