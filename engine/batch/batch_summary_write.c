/*
 * batch_summary_write.c -- the fleet summary as JSON (structured) and CSV
 * (long form: section, item, measure, value -- one fact per row, for
 * pivoting; written by the document model's CSV writer), and the three
 * files (with the HTML page, batch_summary_page.c) written into a directory.
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
#include "util/json_build.h"
#include "util/money.h"
#include "util/text.h"

/* ---- the fleet's total annual loss: what it covers ------------------------- */

fleet_total_scope fleet_summary_scope(const fleet_summary *f)
{
    if (f->trials == 0)
        return TOTAL_NOT_SIMULATED;
    if (!f->annual_total || f->annual_total->covered == 0)
        return TOTAL_NONE;
    return (long)f->annual_total->covered >= f->services ? TOTAL_FLEET : TOTAL_PARTIAL;
}

static const char *const scope_names[] = {"not_simulated", "none", "reassessed_only", "fleet"};

/* One sentence on the coverage, the same in every format (the page's in
 * Japanese when asked). */
static void coverage_note_ja(const fleet_summary *f, char *buf, size_t size)
{
    long n = f->annual_total ? (long)f->annual_total->covered : 0;
    switch (fleet_summary_scope(f)) {
    case TOTAL_NOT_SIMULATED:
        snprintf(buf, size, "定性的な評価のみ（シミュレーションなし）のため、サービス群の年間損失の"
                            "分布はない。");
        break;
    case TOTAL_NONE:
        snprintf(buf, size,
                 "今回の一括評価ではどのサービスもシミュレーションしていない（%ld件すべてが変更なし"
                 "で省略された）ため、サービス群の合計の分布はない。変更のないサービスも"
                 "シミュレーションするには --fleet-loss を付けて実行する。",
                 f->services);
        break;
    case TOTAL_PARTIAL:
        snprintf(buf, size,
                 "サービス群%ld件のうち、今回シミュレーションした%ld件のみの合計であり、サービス"
                 "群全体の合計ではない（残る%ld件は変更がなく、再シミュレーションしていない）。"
                 "全体の合計には --fleet-loss を付けて実行する（変更のないサービスもシミュレー"
                 "ションするが、その結果は記録しない）。",
                 f->services, n, f->services - n);
        break;
    case TOTAL_FLEET:
        snprintf(buf, size, "サービス群の全%ld件を対象とする。", f->services);
        break;
    }
}

void fleet_coverage_note(const fleet_summary *f, bool ja, char *buf, size_t size)
{
    if (ja) {
        coverage_note_ja(f, buf, size);
        return;
    }
    long n = f->annual_total ? (long)f->annual_total->covered : 0;
    switch (fleet_summary_scope(f)) {
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

const char *fleet_threshold_basis(const fleet_total_loss *t, size_t k, bool ja)
{
    if (!isnan(t->appetite) && t->threshold[k] == t->appetite)
        return ja ? "リスク選好（サービス1件分）" : "risk appetite (of one service)";
    return ja ? "切りのよい金額" : "round figure";
}

/* ---- JSON -------------------------------------------------------------------- */

static cJSON *annual_total_json(cr_jb *b, const fleet_summary *f)
{
    cJSON *o = cr_jb_object(b);
    fleet_total_scope scope = fleet_summary_scope(f);
    char note[600];
    fleet_coverage_note(f, false, note, sizeof note);
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
    /* Which years: every service's (same trials), or in precision mode the
     * first `trials` of every service, the fewest any took. */
    cr_jb_str(b, d, "trials_rule", t->common_prefix ? "common_prefix" : "same_trials");
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
        const char *basis = fleet_threshold_basis(t, k, false);
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
    /* Trials per service; null in precision mode (each took its own). */
    cr_jb_num(b, doc, "trials", f->precision > 0 ? NAN : (double)f->trials);
    if (f->precision > 0) {
        /* Precision mode: `trials` above is not used; each service took its own. */
        cJSON *pm = cr_jb_add_object(b, doc, "precision");
        cr_jb_num(b, pm, "target", f->precision);
        cr_jb_num(b, pm, "max_trials", (double)f->max_trials);
        cr_jb_num(b, pm, "trials_least", (double)f->trials_least);
        cr_jb_num(b, pm, "trials_most", (double)f->trials_most);
        cr_jb_num(b, pm, "services_at_cap", (double)f->at_cap);
    }
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
            cr_jb_num(b, t, "trials", (double)f->top[i].trials);
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

/* The long form is one table (section, item, measure, value: doc/register.md),
 * a row a fact, not the page's tables: those hold amounts formatted for a
 * reader, in the page's language, and fewer facts.  Its rows are built as a
 * document and written by the CSV writer (doc_csv: the one quoting and
 * formula rule) every FACTS_PER_WRITE rows, so that a fleet of any size
 * needs the memory of that many rows, not of the whole file. */
#define FACTS_PER_WRITE 512

typedef struct fact_sheet {
    cr_doc d; /* the rows not yet written, in an open table */
    FILE *out;
    size_t rows;
    bool failed; /* memory ran out: nothing more is written */
} fact_sheet;

static void facts_begin(fact_sheet *s, FILE *out)
{
    static const char *const heads[] = {"section", "item", "measure", "value"};
    s->out = out;
    s->rows = 0;
    s->failed = false;
    doc_init(&s->d);
    doc_open(&s->d, DOC_TABLE, NULL, NULL);
    doc_open(&s->d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < 4; i++)
        doc_leaf(&s->d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(&s->d);
}

/* Write the rows built so far; start the next table unless `last`.  False
 * when memory ran out, now or before. */
static bool facts_write(fact_sheet *s, bool last)
{
    if (!s->failed && !doc_write(&s->d, DOC_OUT_CSV, s->out))
        s->failed = true;
    doc_free(&s->d);
    s->rows = 0;
    if (!last) {
        doc_init(&s->d);
        doc_open(&s->d, DOC_TABLE, NULL, NULL);
    }
    return !s->failed;
}

static void fact(fact_sheet *out, const char *section, const char *item, const char *measure,
                 const char *value)
{
    const char *row[] = {section, item, measure, value};
    doc_open(&out->d, DOC_ROW, NULL, NULL);
    for (size_t i = 0; i < 4; i++)
        doc_leaf(&out->d, DOC_CELL, NULL, NULL, row[i]);
    doc_close(&out->d);
    if (++out->rows == FACTS_PER_WRITE)
        facts_write(out, false);
}

static void fact_number(fact_sheet *out, const char *section, const char *item, const char *measure,
                        double value)
{
    char text[40];
    reg_format_double(text, sizeof text, value);
    fact(out, section, item, measure, text);
}

static void control_facts(fact_sheet *out, const char *section, const fleet_control_row *rows,
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

static void annual_total_facts(fact_sheet *out, const fleet_summary *f)
{
    static const char section[] = "fleet_annual_loss";
    fleet_total_scope scope = fleet_summary_scope(f);
    char note[600];
    fleet_coverage_note(f, false, note, sizeof note);
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
    fact(out, section, item, "trials_rule", t->common_prefix ? "common_prefix" : "same_trials");
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

static void summary_facts(const fleet_summary *f, fact_sheet *out)
{
    char seed[24];
    reg_seed_text(f->seed, seed);
    fact(out, "fleet", "", "fleet_sha256", f->fleet_sha256);
    fact(out, "fleet", "", "model_version", f->model_version);
    fact(out, "fleet", "", "currency", f->currency ? f->currency : "");
    fact(out, "fleet", "", "criteria_version", f->criteria_version);
    fact(out, "fleet", "", "run_time", f->run_time);
    fact(out, "fleet", "", "seed", seed);
    if (f->precision <= 0)
        fact_number(out, "fleet", "", "trials", (double)f->trials);
    if (f->precision > 0) {
        fact_number(out, "precision", "", "target", f->precision);
        fact_number(out, "precision", "", "max_trials", (double)f->max_trials);
        fact_number(out, "precision", "", "trials_least", (double)f->trials_least);
        fact_number(out, "precision", "", "trials_most", (double)f->trials_most);
        fact_number(out, "precision", "", "services_at_cap", (double)f->at_cap);
    }
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
            fact_number(out, "largest_loss", f->top[i].service_id, "trials",
                        (double)f->top[i].trials);
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
}

cr_status fleet_summary_write_csv(const fleet_summary *f, FILE *out, cr_error *err)
{
    fact_sheet sheet;
    facts_begin(&sheet, out);
    summary_facts(f, &sheet);
    if (!facts_write(&sheet, true))
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
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
