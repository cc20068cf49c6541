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

#include "cloudrisk/io.h"
#include "batch/batch_internal.h"
#include "register/reg_internal.h"
#include "register/reg_json.h"
#include "util/csv_util.h"
#include "util/html_style.h"
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

/* One sentence on the coverage, the same in every format (the HTML in
 * Japanese when asked). */
static void coverage_note_ja(const fleet_summary *f, char *buf, size_t size)
{
    long n = f->annual_total ? (long)f->annual_total->covered : 0;
    switch (scope_of(f)) {
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

static const char *threshold_basis_ja(const fleet_total_loss *t, size_t k)
{
    return !isnan(t->appetite) && t->threshold[k] == t->appetite ? "リスク選好（サービス1件分）"
                                                                  : "切りのよい金額";
}

/* ---- JSON -------------------------------------------------------------------- */

static cJSON *annual_total_json(const fleet_summary *f)
{
    cJSON *o = cJSON_CreateObject();
    total_scope scope = scope_of(f);
    char note[600];
    coverage_note(f, note, sizeof note);
    cJSON_AddStringToObject(o, "scope", scope_names[scope]);
    cJSON_AddNumberToObject(o, "services", (double)f->services);
    cJSON_AddNumberToObject(o, "services_covered",
                            f->annual_total ? (double)f->annual_total->covered : 0);
    cJSON_AddBoolToObject(o, "complete", scope == TOTAL_FLEET);
    cJSON_AddStringToObject(o, "note", note);
    if (scope == TOTAL_NOT_SIMULATED)
        return o;
    /* Exact whatever the coverage: every service's recorded run. */
    cJSON *recorded = cJSON_AddObjectToObject(o, "mean_from_recorded_runs");
    cJSON_AddNumberToObject(recorded, "services", (double)f->simulated);
    cJSON_AddNumberToObject(recorded, "mean", f->total_mean);
    cJSON_AddNumberToObject(recorded, "se", f->total_se);
    if (scope == TOTAL_NONE)
        return o;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    cJSON *d = cJSON_AddObjectToObject(o, "distribution");
    cJSON_AddNumberToObject(d, "trials", (double)t->trials);
    cJSON_AddNumberToObject(d, "mean", st->mean);
    cJSON_AddNumberToObject(d, "mean_se", st->mean_se);
    cJSON_AddNumberToObject(d, "sd", st->sd);
    cJSON_AddNumberToObject(d, "p50", st->p50);
    cJSON_AddNumberToObject(d, "p50_se", st->p50_se);
    cJSON_AddNumberToObject(d, "p90", st->p90);
    cJSON_AddNumberToObject(d, "p90_se", st->p90_se);
    cJSON_AddNumberToObject(d, "p95", st->p95);
    cJSON_AddNumberToObject(d, "p95_se", st->p95_se);
    cJSON_AddNumberToObject(d, "p99", st->p99);
    cJSON_AddNumberToObject(d, "p99_se", st->p99_se);
    cJSON_AddNumberToObject(d, "es95", st->es95);
    cJSON_AddNumberToObject(d, "es99", st->es99);
    cJSON_AddNumberToObject(d, "p_loss", st->p_loss);
    cJSON_AddNumberToObject(d, "max", st->max);
    cJSON *ex = cJSON_AddArrayToObject(d, "exceedance");
    for (size_t k = 0; k < t->n_thresholds; k++) {
        char basis[64];
        threshold_basis(t, k, basis, sizeof basis);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "threshold", t->threshold[k]);
        cJSON_AddStringToObject(e, "basis", basis);
        cJSON_AddNumberToObject(e, "probability", t->p_exceed[k]);
        cJSON_AddNumberToObject(e, "se", t->p_exceed_se[k]);
        cJSON_AddItemToArray(ex, e);
    }
    cJSON *curve = cJSON_AddArrayToObject(d, "exceedance_curve");
    for (size_t k = 0; k < st->lec.n; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "loss", st->lec.loss[k]);
        cJSON_AddNumberToObject(e, "probability", st->lec.exceedance[k]);
        cJSON_AddItemToArray(curve, e);
    }
    return o;
}

static void add_number_or_null(cJSON *o, const char *key, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, v);
}

static cJSON *control_rows_json(const fleet_control_row *rows, size_t n)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "control_id", rows[i].control_id);
        cJSON_AddNumberToObject(o, "services", (double)rows[i].services);
        cJSON_AddNumberToObject(o, "risk_gaps", (double)rows[i].risk_gaps);
        add_number_or_null(o, "loss_at_stake", rows[i].loss_at_stake);
        cJSON_AddNumberToObject(o, "planned_services", (double)rows[i].planned_services);
        add_number_or_null(o, "planned_reduction", rows[i].planned_reduction);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

static cJSON *pending_json(const fleet_summary *f)
{
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; i < f->n_pending; i++) {
        const cr_reg_pending *p = &f->pending[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "service_id", p->service_id);
        cJSON_AddStringToObject(o, "subject", p->subject);
        cJSON_AddStringToObject(o, "subject_kind", cr_subject_kind_name(p->kind));
        cJSON_AddStringToObject(o, "reason", p->reason);
        cJSON_AddStringToObject(o, "why", p->why);
        cJSON_AddItemToArray(list, o);
    }
    return list;
}

cr_status fleet_summary_write_json(const fleet_summary *f, FILE *out, cr_error *err)
{
    char seed[24];
    reg_seed_text(f->seed, seed);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "cloudrisk-fleet-summary/1");
    cJSON_AddStringToObject(doc, "fleet_sha256", f->fleet_sha256);
    cJSON_AddStringToObject(doc, "model_version", f->model_version);
    cJSON_AddStringToObject(doc, "currency", f->currency ? f->currency : "");
    cJSON_AddStringToObject(doc, "criteria_version", f->criteria_version);
    cJSON_AddStringToObject(doc, "run_time", f->run_time);
    cJSON_AddStringToObject(doc, "seed", seed);
    cJSON_AddNumberToObject(doc, "trials", (double)f->trials);
    cJSON *shard = cJSON_AddObjectToObject(doc, "shard");
    cJSON_AddNumberToObject(shard, "index", f->shard_index);
    cJSON_AddNumberToObject(shard, "count", f->shard_count);
    cJSON *batch = cJSON_AddObjectToObject(doc, "batch");
    cJSON_AddNumberToObject(batch, "listed", (double)f->stats.listed);
    cJSON_AddNumberToObject(batch, "in_shard", (double)f->stats.in_shard);
    cJSON_AddNumberToObject(batch, "assessed", (double)f->stats.assessed);
    cJSON_AddNumberToObject(batch, "skipped_unchanged", (double)f->stats.skipped);
    cJSON_AddNumberToObject(batch, "recorded_by_another_process", (double)f->stats.current);
    cJSON_AddNumberToObject(batch, "failed", (double)f->stats.failed);
    cJSON_AddNumberToObject(batch, "changed", (double)f->stats.changed);
    cJSON_AddNumberToObject(batch, "stale_approvals", (double)f->stats.stale_approvals);
    cJSON_AddNumberToObject(batch, "approvals_recorded", (double)f->stats.approvals_recorded);
    cJSON_AddNumberToObject(batch, "approvals_on_record", (double)f->stats.approvals_on_record);
    cJSON_AddNumberToObject(batch, "stale_decisions", (double)f->stats.stale_decisions);
    cJSON_AddNumberToObject(doc, "services", (double)f->services);
    /* What needs management's decision now (doc/register.md). */
    cJSON *decisions = cJSON_AddObjectToObject(doc, "decisions");
    cJSON_AddNumberToObject(decisions, "made_stale_in_this_batch",
                            (double)f->stats.stale_approvals);
    cJSON_AddNumberToObject(decisions, "pending_count", (double)f->n_pending);
    cJSON_AddItemToObject(decisions, "pending", pending_json(f));

    cJSON *levels = cJSON_AddArrayToObject(doc, "risks_by_level");
    for (size_t i = 0; i < f->n_levels; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "risk_id", f->levels[i].risk_id);
        cJSON_AddStringToObject(o, "level", f->levels[i].level);
        cJSON_AddNumberToObject(o, "rank", f->levels[i].rank);
        cJSON_AddNumberToObject(o, "inherent", (double)f->levels[i].inherent);
        cJSON_AddNumberToObject(o, "residual", (double)f->levels[i].residual);
        cJSON_AddItemToArray(levels, o);
    }
    cJSON *totals = cJSON_AddObjectToObject(doc, "residual_levels");
    for (size_t i = 0; i < f->n_level_names; i++)
        cJSON_AddNumberToObject(totals, f->level_names[i], (double)f->level_totals[i]);
    cJSON_AddItemToObject(doc, "most_common_gaps", control_rows_json(f->gaps, f->n_gaps));
    cJSON *treat = cJSON_AddObjectToObject(doc, "controls_treating_most_risk");
    cJSON_AddStringToObject(treat, "measure", f->treat_measure ? f->treat_measure : "");
    cJSON_AddItemToObject(treat, "controls", control_rows_json(f->treat, f->n_treat));

    cJSON *loss = cJSON_AddObjectToObject(doc, "loss");
    cJSON_AddNumberToObject(loss, "simulated_services", (double)f->simulated);
    if (f->simulated) {
        cJSON_AddNumberToObject(loss, "total_mean", f->total_mean);
        cJSON_AddNumberToObject(loss, "total_se", f->total_se);
        cJSON_AddNumberToObject(loss, "service_p50", f->service_p50);
        cJSON_AddNumberToObject(loss, "service_p90", f->service_p90);
        cJSON_AddNumberToObject(loss, "service_p99", f->service_p99);
        cJSON *bins = cJSON_AddArrayToObject(loss, "histogram");
        for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
            cJSON *b = cJSON_CreateObject();
            cJSON_AddNumberToObject(b, "from", k == 0 ? 0 : f->bin_edges[k]);
            cJSON_AddNumberToObject(b, "to", f->bin_edges[k + 1]);
            cJSON_AddNumberToObject(b, "services", (double)f->bin_counts[k]);
            cJSON_AddItemToArray(bins, b);
        }
        cJSON *top = cJSON_AddArrayToObject(loss, "largest");
        for (size_t i = 0; i < f->n_top; i++) {
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "service_id", f->top[i].service_id);
            cJSON_AddStringToObject(t, "service_name", f->top[i].service_name);
            cJSON_AddNumberToObject(t, "mean", f->top[i].mean);
            cJSON_AddNumberToObject(t, "se", f->top[i].se);
            cJSON_AddNumberToObject(t, "p95", f->top[i].p95);
            cJSON_AddNumberToObject(t, "p99", f->top[i].p99);
            cJSON_AddItemToArray(top, t);
        }
    }
    cJSON_AddItemToObject(doc, "fleet_annual_loss", annual_total_json(f));
    cJSON_AddBoolToObject(doc, "fleet_loss_option", f->fleet_loss_asked);
    cJSON *changes = cJSON_AddArrayToObject(doc, "changes");
    for (size_t i = 0; i < f->n_changes; i++) {
        cJSON *c = reg_change_to_json(&f->changes[i].change);
        cJSON_AddStringToObject(c, "service_id", f->changes[i].service_id);
        cJSON_AddItemToArray(changes, c);
    }
    return reg_json_write(doc, true, out, err);
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
                {"max", st->max}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
        fact_number(out, section, item, rows[k].name, rows[k].value);
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

/* The same in the page's language: "1,234,567", or in Japanese units with
 * the yen's word, "123万4,567円" (the fleet's amounts are the model's
 * currency: the yen's word only for JPY). */
static void money_in(char *buf, size_t size, double v, const fleet_summary *f)
{
    if (!f->ja || !isfinite(v)) {
        money(buf, size, v);
        return;
    }
    cr_money_ja(buf, size, v);
    size_t len = strlen(buf);
    if (f->currency && strcmp(f->currency, "JPY") == 0 && len + sizeof "円" <= size)
        memcpy(buf + len, "円", sizeof "円");
}

/* English or Japanese, as the page is written. */
#define W(f, en, ja_text) ((f)->ja ? (ja_text) : (en))

/* A level's name: the criteria's Japanese name on a Japanese page, else its id. */
static const char *level_word(const fleet_summary *f, const char *id)
{
    if (f->ja && f->criteria && id)
        for (size_t i = 0; i < f->criteria->n_levels; i++)
            if (strcmp(f->criteria->levels[i].id, id) == 0 && f->criteria->levels[i].name.ja)
                return f->criteria->levels[i].name.ja;
    return id;
}

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
                     "<svg role=\"img\" aria-label=\"%s\" "
                     "width=\"640\" height=\"%.0f\" viewBox=\"0 0 640 %.0f\">\n",
                     W(f, "services by residual level per risk", "リスクごとの残留リスクのレベル別サービス数"),
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
            esc(sb, level_word(f, f->levels[k].level));
            cr_strbuf_printf(sb, "%s%ld</title></rect>\n", W(f, ": ", "："), f->levels[k].residual);
            x += w;
        }
        i = j;
        r++;
    }
    cr_strbuf_puts(sb, "</svg>\n<p class=\"legend\">");
    for (size_t i = f->n_level_names; i-- > 0;) {
        cr_strbuf_printf(sb, "<span style=\"background:%s\">&nbsp;&nbsp;&nbsp;</span> ",
                         level_colour(rank_of_name(f, f->level_names[i]), max_rank));
        esc(sb, level_word(f, f->level_names[i]));
        cr_strbuf_printf(sb, " %ld &nbsp; ", f->level_totals[i]);
    }
    cr_strbuf_puts(sb, "</p>\n");
}

static void html_controls(cr_strbuf *sb, const fleet_summary *f, const fleet_control_row *rows,
                          size_t n)
{
    cr_strbuf_puts(sb, W(f, "<table><tr><th>control</th><th>services with the gap</th>"
                            "<th>(service, risk) gaps</th><th>residual loss at stake</th>"
                            "<th>planned by</th><th>planned loss reduction</th></tr>\n",
                         "<table><tr><th>管理策</th><th>ギャップのあるサービス数</th>"
                         "<th>ギャップ（サービス×リスク）の数</th><th>関係する残留リスクの損失額</th>"
                         "<th>計画に含めたサービス数</th><th>計画による損失削減額</th></tr>\n"));
    for (size_t i = 0; i < n; i++) {
        char stake[48] = "&ndash;", reduction[48] = "&ndash;";
        if (!isnan(rows[i].loss_at_stake))
            money_in(stake, sizeof stake, rows[i].loss_at_stake, f);
        if (!isnan(rows[i].planned_reduction))
            money_in(reduction, sizeof reduction, rows[i].planned_reduction, f);
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, rows[i].control_id);
        cr_strbuf_printf(sb,
                         "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td><td "
                         "class=\"n\">%s</td><td class=\"n\">%ld</td><td class=\"n\">%s</td>"
                         "</tr>\n",
                         rows[i].services, rows[i].risk_gaps, stake, rows[i].planned_services,
                         reduction);
    }
    cr_strbuf_puts(sb, "</table>\n");
}

static void html_histogram(cr_strbuf *sb, const fleet_summary *f)
{
    long most = 1;
    for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++)
        if (f->bin_counts[k] > most)
            most = f->bin_counts[k];
    const double bar = 44, height = 160;
    cr_strbuf_printf(sb,
                     "<svg role=\"img\" aria-label=\"%s\" "
                     "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
                     W(f, "services by expected annual loss", "年間予想損失の階級別サービス数"),
                     bar * FLEET_HISTOGRAM_BINS + 10, height + 40, bar * FLEET_HISTOGRAM_BINS + 10,
                     height + 40);
    for (int k = 0; k < FLEET_HISTOGRAM_BINS; k++) {
        double h = height * (double)f->bin_counts[k] / (double)most;
        char from[48], to[48];
        money_in(from, sizeof from, k == 0 ? 0 : f->bin_edges[k], f);
        money_in(to, sizeof to, f->bin_edges[k + 1], f);
        cr_strbuf_printf(sb,
                         "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" "
                         "fill=\"#5c6bc0\"><title>%s%s%s%s%ld%s</title></rect>\n",
                         5 + bar * k, height - h + 5, bar - 4, h, from, W(f, " to ", "～"), to,
                         W(f, ": ", "："), f->bin_counts[k], W(f, " services", "件"));
        if (k % 3 == 0)
            cr_strbuf_printf(sb,
                             "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\">%s</text>\n",
                             5 + bar * k, height + 20, from);
    }
    cr_strbuf_puts(sb, "</svg>\n");
}

/* An axis label: 1 to 999 as is, then K, M, B, T (powers of ten only). */
static void short_amount(char *buf, size_t size, double v, bool ja)
{
    if (ja) {
        cr_money_ja_short(buf, size, v);
        return;
    }
    static const char *const suffix[] = {"", "K", "M", "B", "T"};
    int k = 0;
    while (k < 4 && v >= 1000) {
        v /= 1000;
        k++;
    }
    snprintf(buf, size, "%g%s", v, suffix[k]);
}

/* The total's exceedance curve, P(total > x) against x, both axes
 * logarithmic (the tail is what matters), with the thresholds marked.  The
 * loss axis spans the years exceeded with probability 99% or less (the
 * few smallest years would stretch it for nothing), the appetite, and the
 * thresholds some year exceeded. */
static void html_exceedance_chart(cr_strbuf *sb, const fleet_summary *f,
                                  const fleet_total_loss *t)
{
    const cr_sim_lec *lec = &t->stats.lec;
    double lo = INFINITY, smallest = INFINITY, hi = 0, pmin = 1;
    for (size_t k = 0; k < lec->n; k++)
        if (lec->loss[k] > 0) {
            if (lec->exceedance[k] <= 0.99)
                lo = fmin(lo, lec->loss[k]);
            smallest = fmin(smallest, lec->loss[k]);
            hi = fmax(hi, lec->loss[k]);
            pmin = fmin(pmin, lec->exceedance[k]);
        }
    if (!isfinite(lo))
        lo = smallest;
    if (!(hi > 0)) {
        cr_strbuf_puts(sb, W(f, "<p>No simulated year had a loss.</p>\n",
                             "<p>損失の生じたシミュレーション年はなかった。</p>\n"));
        return;
    }
    for (size_t k = 0; k < t->n_thresholds; k++) {
        if (t->p_exceed[k] <= 0 && t->threshold[k] != t->appetite)
            continue;
        lo = fmin(lo, t->threshold[k]);
        hi = fmax(hi, t->threshold[k]);
    }
    double xmin = floor(log10(lo)), xmax = ceil(log10(hi));
    if (xmax - xmin < 1)
        xmax = xmin + 1;
    double ymin = floor(log10(pmin));
    if (ymin > -1)
        ymin = -1;
    const double x0 = 70, x1 = 620, y0 = 10, y1 = 250, width = 640, height = 290;
#define FX(v) (x0 + (log10(v) - xmin) / (xmax - xmin) * (x1 - x0))
#define FY(p) (y0 + (0 - log10(p)) / (0 - ymin) * (y1 - y0))
    cr_strbuf_printf(sb,
                     "<svg role=\"img\" aria-label=\"%s\" width=\"%.0f\" height=\"%.0f\" "
                     "viewBox=\"0 0 %.0f %.0f\">\n",
                     W(f, "probability that the total annual loss exceeds an amount",
                       "年間損失の合計がある金額を超える確率"),
                     width, height, width, height);
    for (double e = xmin; e <= xmax + 1e-9; e += 1) {
        char label[48];
        short_amount(label, sizeof label, pow(10, e), f->ja);
        double x = FX(pow(10, e));
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
                         "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" "
                         "text-anchor=\"middle\">%s</text>\n",
                         x, y0, x, y1, x, y1 + 14, label);
    }
    for (double e = ymin; e <= 0; e += 1) {
        double y = FY(pow(10, e));
        cr_strbuf_printf(sb,
                         "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" "
                         "stroke=\"#ddd\"/><text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" "
                         "text-anchor=\"end\">%g%%</text>\n",
                         x0, y, x1, y, x0 - 4, y + 3, 100 * pow(10, e));
    }
    cr_strbuf_printf(sb,
                     "<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">"
                     "%s</text>\n"
                     "<text transform=\"translate(12 %.0f) rotate(-90)\" font-size=\"11\" "
                     "text-anchor=\"middle\">%s</text>\n",
                     (x0 + x1) / 2, height - 6,
                     W(f, "total annual loss (log scale)", "年間損失の合計（対数目盛）"),
                     (y0 + y1) / 2, W(f, "P(total &gt; amount)", "合計が金額を超える確率"));
    for (size_t k = 0; k < t->n_thresholds; k++) {
        if (t->threshold[k] > pow(10, xmax) || t->threshold[k] < pow(10, xmin))
            continue;
        double x = FX(t->threshold[k]);
        bool appetite = !isnan(t->appetite) && t->threshold[k] == t->appetite;
        cr_strbuf_printf(sb,
                         "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" "
                         "stroke=\"%s\" stroke-dasharray=\"4 3\"><title>%s</title></line>\n",
                         x, y0, x, y1, appetite ? "#d32f2f" : "#999",
                         appetite ? W(f, "risk appetite", "リスク選好") : W(f, "threshold", "しきい値"));
    }
    cr_strbuf_puts(sb, "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" "
                       "points=\"");
    for (size_t k = 0; k < lec->n; k++)
        if (lec->loss[k] >= pow(10, xmin))
            cr_strbuf_printf(sb, "%.1f,%.1f ", FX(lec->loss[k]), FY(lec->exceedance[k]));
    cr_strbuf_printf(sb,
                     "\"/>\n<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
                     "stroke=\"#444\"/><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
                     "y2=\"%.0f\" stroke=\"#444\"/>\n</svg>\n",
                     x0, y1, x1, y1, x0, y0, x0, y1);
#undef FX
#undef FY
}

static void html_annual_total(cr_strbuf *sb, const fleet_summary *f)
{
    total_scope scope = scope_of(f);
    char note[600];
    if (f->ja)
        coverage_note_ja(f, note, sizeof note);
    else
        coverage_note(f, note, sizeof note);
    cr_strbuf_puts(sb, W(f, "<h2>Fleet's total annual loss</h2>\n", "<h2>サービス群の年間損失の合計</h2>\n"));
    if (scope == TOTAL_NOT_SIMULATED) {
        cr_strbuf_puts(sb, "<p>");
        esc(sb, note);
        cr_strbuf_puts(sb, "</p>\n");
        return;
    }
    char mean[48], se[48];
    money_in(mean, sizeof mean, f->total_mean, f);
    money_in(se, sizeof se, f->total_se, f);
    cr_strbuf_printf(sb,
                     W(f, "<p>Expected annual loss of the fleet, all %ld simulated services, from "
                          "their recorded runs: <b>%s</b> (standard error %s).</p>\n",
                       "<p>サービス群の年間予想損失（シミュレーションした全%ld件の記録された実行"
                       "から）：<b>%s</b>（標準誤差 %s）。</p>\n"),
                     f->simulated, mean, se);
    cr_strbuf_puts(sb, scope == TOTAL_FLEET ? "<p>" : "<p class=\"warn\">");
    esc(sb, note);
    cr_strbuf_puts(sb, "</p>\n");
    if (scope == TOTAL_NONE)
        return;
    const fleet_total_loss *t = f->annual_total;
    const cr_sim_stats *st = &t->stats;
    if (f->ja)
        cr_strbuf_printf(sb,
                         "<p>シミュレーションした%" PRIu64 "年のそれぞれについて、%sの損失を合計した。"
                         "サービスは互いに独立にシミュレーションしている。原因を共有する場合（一つの"
                         "事業者の障害、一つの委託先の侵害など）、実際の裾はこれより重い。</p>\n",
                         t->trials, scope == TOTAL_FLEET ? "サービス群の全サービス" : "再評価したサービスのみ");
    else
        cr_strbuf_printf(sb,
                         "<p>The total of each of the %" PRIu64 " simulated years, summed over the "
                         "%s. Services are simulated independently of one another: where they "
                         "share causes (one provider's outage, one supplier's breach) the real "
                         "tail is heavier than this one.</p>\n",
                         t->trials,
                         scope == TOTAL_FLEET ? "fleet's services" : "re-assessed services only");
    /* The table is of the services it covers, and says so in its heading,
     * so that it never reads as the fleet's figure when it is not. */
    if (scope == TOTAL_FLEET)
        cr_strbuf_printf(sb, W(f, "<table><tr><th>statistic (all %ld services)</th><th>amount</th>"
                                  "<th>standard error</th></tr>\n",
                               "<table><tr><th>統計量（全%ld件）</th><th>金額</th>"
                               "<th>標準誤差</th></tr>\n"),
                         f->services);
    else
        cr_strbuf_printf(sb, W(f, "<table><tr><th>statistic (the %zu re-assessed services only, "
                                  "not the fleet)</th><th>amount</th><th>standard error</th></tr>\n",
                               "<table><tr><th>統計量（再評価した%zu件のみ。サービス群全体ではない）"
                               "</th><th>金額</th><th>標準誤差</th></tr>\n"),
                         t->covered);
    const struct {
        const char *name;
        double value, se;
    } rows[] = {{W(f, "mean", "平均"), st->mean, st->mean_se},
                {W(f, "median (P50)", "中央値（P50）"), st->p50, st->p50_se},
                {"P90", st->p90, st->p90_se},
                {"P95", st->p95, st->p95_se},
                {"P99", st->p99, st->p99_se},
                {W(f, "expected shortfall 99%", "期待ショートフォール 99%"), st->es99, NAN},
                {W(f, "largest simulated year", "シミュレーション上の最大の年"), st->max, NAN}};
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        char a[48], b[48] = "&ndash;";
        money_in(a, sizeof a, rows[k].value, f);
        if (!isnan(rows[k].se))
            money_in(b, sizeof b, rows[k].se, f);
        cr_strbuf_printf(sb,
                         "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                         "</tr>\n",
                         rows[k].name, a, b);
    }
    cr_strbuf_puts(sb, "</table>\n");
    if (t->n_thresholds) {
        cr_strbuf_puts(sb, W(f, "<table><tr><th>total annual loss above</th><th>basis</th>"
                                "<th>probability</th><th>standard error</th></tr>\n",
                             "<table><tr><th>年間損失の合計が超える金額</th><th>根拠</th>"
                             "<th>確率</th><th>標準誤差</th></tr>\n"));
        for (size_t k = 0; k < t->n_thresholds; k++) {
            char x[48], basis[64];
            money_in(x, sizeof x, t->threshold[k], f);
            if (f->ja)
                snprintf(basis, sizeof basis, "%s", threshold_basis_ja(t, k));
            else
                threshold_basis(t, k, basis, sizeof basis);
            cr_strbuf_printf(sb,
                             "<tr><td class=\"n\">%s</td><td>%s</td><td class=\"n\">%.2f%%"
                             "</td><td class=\"n\">%.2f%%</td></tr>\n",
                             x, basis, 100 * t->p_exceed[k], 100 * t->p_exceed_se[k]);
        }
        cr_strbuf_puts(sb, "</table>\n");
    }
    html_exceedance_chart(sb, f, t);
    cr_strbuf_puts(sb, W(f, "<p class=\"meta\">The curve: the probability that the total annual "
                            "loss exceeds an amount. Dashed lines: the thresholds of the table "
                            "(red: the risk appetite).</p>\n",
                         "<p class=\"meta\">曲線は、年間損失の合計がある金額を超える確率。破線は"
                         "表のしきい値（赤はリスク選好）。</p>\n"));
}

/* What needs management's decision now, and why (doc/register.md). */
/* Why a subject awaits a decision, in Japanese, from the reason's code. */
static const char *pending_why_ja(const char *reason)
{
    static const struct {
        const char *code, *text;
    } words[] = {
        {"new", "新たに承認の対象となった（計画実施後もリスク受容可能レベルを超える）。未決定"},
        {"none", "未決定"},
        {"revoked", "決定が取り消された"},
        {"expired", "リスクの受容の期限が過ぎた"},
        {"state_changed", "承認時から状態が大きく変化した"},
        {"level_rose", "承認時からリスクのレベルが上がった"},
        {"plan_changed", "承認時からリスク対応計画の管理策が変わった"},
        {"off_sheet", "承認の対象から外れた"},
        {"unknown_state", "承認時の状態が記録されていない"},
    };
    for (size_t i = 0; reason && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].code, reason) == 0)
            return words[i].text;
    return "再承認が必要";
}

static void html_pending(cr_strbuf *sb, const fleet_summary *f)
{
    cr_strbuf_puts(sb, W(f, "<h2>Decisions awaiting management</h2>\n",
                         "<h2>経営陣の決定を待つ事項</h2>\n"));
    if (f->n_pending == 0) {
        cr_strbuf_puts(sb, W(f, "<p>None: every subject of every approval sheet in the fleet has a "
                                "current decision.</p>\n",
                             "<p>なし。サービス群のすべての承認対象に有効な決定がある。</p>\n"));
        return;
    }
    cr_strbuf_puts(sb, W(f, "<table><tr><th>service</th><th>subject</th><th>level</th>"
                            "<th>why</th></tr>\n",
                         "<table><tr><th>サービス</th><th>対象</th><th>レベル</th>"
                         "<th>理由</th></tr>\n"));
    for (size_t i = 0; i < f->n_pending; i++) {
        const cr_reg_pending *p = &f->pending[i];
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, p->service_id);
        cr_strbuf_puts(sb, "</td><td>");
        esc(sb, p->subject);
        cr_strbuf_puts(sb, "</td><td>");
        esc(sb, p->level ? level_word(f, p->level) : "");
        cr_strbuf_puts(sb, "</td><td>");
        if (f->ja && p->decision_id)
            cr_strbuf_printf(sb, "決定%" PRId64 "：", p->decision_id);
        esc(sb, f->ja ? pending_why_ja(p->reason) : p->why);
        cr_strbuf_puts(sb, "</td></tr>\n");
    }
    cr_strbuf_puts(sb, "</table>\n");
}

static void html_changes(cr_strbuf *sb, const fleet_summary *f)
{
    if (f->n_changes == 0) {
        cr_strbuf_puts(sb, W(f, "<p>No re-assessed service changed.</p>\n",
                             "<p>再評価したサービスに変化はなかった。</p>\n"));
        return;
    }
    cr_strbuf_puts(sb, W(f, "<table><tr><th>service</th><th>level changes</th><th>gaps opened</th>"
                            "<th>gaps closed</th><th>expected loss change</th>"
                            "<th>needs re-approval</th></tr>\n",
                         "<table><tr><th>サービス</th><th>レベルの変化</th><th>新たなギャップ</th>"
                         "<th>解消したギャップ</th><th>年間予想損失の変化</th>"
                         "<th>再承認が必要な決定</th></tr>\n"));
    for (size_t i = 0; i < f->n_changes; i++) {
        const cr_reg_change *c = &f->changes[i].change;
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, f->changes[i].service_id);
        cr_strbuf_puts(sb, "</td><td>");
        for (size_t k = 0; k < c->n_risk_changes; k++) {
            const cr_reg_risk_change *r = &c->risk_changes[k];
            if (!r->residual_from)
                continue;
            esc(sb, r->risk_id);
            cr_strbuf_puts(sb, " ");
            esc(sb, level_word(f, r->residual_from));
            cr_strbuf_puts(sb, " &rarr; ");
            esc(sb, level_word(f, r->residual_to));
            cr_strbuf_puts(sb, "<br>");
        }
        cr_strbuf_printf(sb, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td>",
                         c->n_opened, c->n_closed);
        if (c->has_loss) {
            char delta[48], noise[48];
            money_in(delta, sizeof delta, c->loss_delta, f);
            money_in(noise, sizeof noise, c->noise, f);
            if (f->ja)
                cr_strbuf_printf(sb, "%s%s（ノイズ %s）%s", c->loss_delta >= 0 ? "+" : "", delta,
                                 noise, c->loss_significant ? "<b>有意</b>" : "");
            else
                cr_strbuf_printf(sb, "%s%s (noise %s)%s", c->loss_delta >= 0 ? "+" : "", delta,
                                 noise, c->loss_significant ? " <b>significant</b>" : "");
        }
        cr_strbuf_puts(sb, "</td><td>");
        for (size_t k = 0; k < c->n_stale; k++) {
            esc(sb, c->stale[k].subject);
            if (f->ja) {
                cr_strbuf_puts(sb, "（この再評価により有効でなくなった）<br>");
                continue;
            }
            cr_strbuf_puts(sb, ": ");
            esc(sb, c->stale[k].stale_reason);
            cr_strbuf_puts(sb, "<br>");
        }
        cr_strbuf_puts(sb, "</td></tr>\n");
    }
    cr_strbuf_puts(sb, "</table>\n");
}

/* The page's head and the batch's identity and counts. */
static void html_head(cr_strbuf *sb, const fleet_summary *f)
{
    char seed[24];
    reg_seed_text(f->seed, seed);
    cr_strbuf_printf(sb,
                     "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<title>%s</title>\n<style>",
                     W(f, "en", "ja"), W(f, "cloudrisk fleet summary", "cloudrisk サービス群の概況"));
    cr_html_style(sb);
    cr_strbuf_printf(sb, "</style>\n</head>\n<body>\n<h1>%s</h1>\n<p class=\"meta\">%s",
                     W(f, "Fleet summary", "サービス群の概況"), W(f, "Model ", "リスクモデル "));
    esc(sb, f->model_version);
    cr_strbuf_puts(sb, W(f, ", criteria ", "、受容基準 "));
    esc(sb, f->criteria_version);
    cr_strbuf_printf(sb, W(f, ", seed %s, %" PRIu64 " trials per service, run time ",
                           "、シード %s、サービスごとの試行回数 %" PRIu64 "、実行日時 "),
                     seed, f->trials);
    esc(sb, f->run_time);
    if (f->shard_count > 1)
        cr_strbuf_printf(sb, W(f, ", shard %u/%u", "、シャード %u/%u"), f->shard_index,
                         f->shard_count);
    cr_strbuf_printf(sb, W(f, ".<br>Fleet inputs SHA-256 %s.<br>Amounts are annual losses in ",
                           "。<br>サービス群の入力のSHA-256：%s。<br>金額は年間損失（通貨："),
                     f->fleet_sha256);
    esc(sb, f->currency && *f->currency ? f->currency : W(f, "the model's currency", "リスクモデルの通貨"));
    cr_strbuf_puts(sb, W(f, ".</p>\n", "）。</p>\n"));
    cr_strbuf_printf(sb,
                     W(f, "<p>%ld services: %zu assessed in this batch, %zu unchanged and skipped, "
                          "%zu failed; %zu changed since their last run; %zu decisions made stale "
                          "by this batch; %zu subjects awaiting management's decision.</p>\n",
                       "<p>サービス%ld件：今回評価%zu件、変更なしで省略%zu件、失敗%zu件。前回の実行"
                       "から変化したもの%zu件。今回の評価で有効でなくなった決定%zu件。経営陣の決定"
                       "を待つ対象%zu件。</p>\n"),
                     f->services, f->stats.assessed, f->stats.skipped, f->stats.failed,
                     f->stats.changed, f->stats.stale_approvals, f->n_pending);
}

/* What ranks the controls that would treat the most risk, in words. */
static const char *treat_measure_words(const fleet_summary *f)
{
    static const struct {
        const char *code, *en, *ja;
    } words[] = {
        {"planned_reduction", "planned loss reduction", "計画による損失削減額"},
        {"loss_at_stake", "residual loss at stake", "関係する残留リスクの損失額"},
        {"risk_gaps", "(service, risk) gaps", "ギャップ（サービス×リスク）の数"},
    };
    for (size_t i = 0; f->treat_measure && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].code, f->treat_measure) == 0)
            return W(f, words[i].en, words[i].ja);
    return f->treat_measure ? f->treat_measure : "";
}

static void html_by_service(cr_strbuf *sb, const fleet_summary *f)
{
    cr_strbuf_puts(sb, W(f, "<h2>Expected annual loss by service</h2>\n",
                         "<h2>サービスごとの年間予想損失</h2>\n"));
    if (!f->simulated) {
        cr_strbuf_puts(sb, W(f, "<p>Not simulated (qualitative runs only).</p>\n",
                             "<p>シミュレーションしていない（定性的な評価のみ）。</p>\n"));
        return;
    }
    char total[48], se[48], p50[48], p90[48], p99[48];
    money_in(total, sizeof total, f->total_mean, f);
    money_in(se, sizeof se, f->total_se, f);
    money_in(p50, sizeof p50, f->service_p50, f);
    money_in(p90, sizeof p90, f->service_p90, f);
    money_in(p99, sizeof p99, f->service_p99, f);
    cr_strbuf_printf(sb,
                     W(f, "<p>Sum of the expected annual losses of the %ld simulated services: "
                          "%s (standard error %s). Per service: median %s, 90th percentile %s, "
                          "99th percentile %s.</p>\n",
                       "<p>シミュレーションした%ld件の年間予想損失の合計：%s（標準誤差 %s）。"
                       "サービスごとでは、中央値 %s、90パーセンタイル %s、99パーセンタイル %s。</p>\n"),
                     f->simulated, total, se, p50, p90, p99);
    html_histogram(sb, f);
    if ((long)f->n_top < f->simulated)
        cr_strbuf_printf(sb, W(f, "<p>The %zu largest of the %ld:</p>\n",
                               "<p>大きい順に%zu件（%ld件中）：</p>\n"),
                         f->n_top, f->simulated);
    cr_strbuf_puts(sb, W(f, "<table><tr><th>service</th><th>name</th><th>expected annual "
                            "loss</th><th>SE</th><th>P95</th><th>P99</th></tr>\n",
                         "<table><tr><th>サービス</th><th>名称</th><th>年間予想損失</th>"
                         "<th>標準誤差</th><th>P95</th><th>P99</th></tr>\n"));
    for (size_t i = 0; i < f->n_top; i++) {
        char m[48], s[48], a[48], b[48];
        money_in(m, sizeof m, f->top[i].mean, f);
        money_in(s, sizeof s, f->top[i].se, f);
        money_in(a, sizeof a, f->top[i].p95, f);
        money_in(b, sizeof b, f->top[i].p99, f);
        cr_strbuf_puts(sb, "<tr><td>");
        esc(sb, f->top[i].service_id);
        cr_strbuf_puts(sb, "</td><td>");
        esc(sb, f->top[i].service_name);
        cr_strbuf_printf(sb,
                         "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td "
                         "class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                         m, s, a, b);
    }
    cr_strbuf_puts(sb, "</table>\n");
}

cr_status fleet_summary_write_html(const fleet_summary *f, FILE *out, cr_error *err)
{
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    html_head(&sb, f);
    html_pending(&sb, f);
    cr_strbuf_puts(&sb, W(f, "<h2>Risks by residual level across the fleet</h2>\n",
                          "<h2>サービス群全体の残留リスクのレベル</h2>\n"));
    html_levels(&sb, f);
    cr_strbuf_puts(&sb, W(f, "<h2>Most common gaps</h2>\n", "<h2>多くのサービスに共通するギャップ</h2>\n"));
    html_controls(&sb, f, f->gaps, f->n_gaps);
    cr_strbuf_puts(&sb, W(f, "<h2>Controls that would treat the most risk</h2>\n<p>Ranked by ",
                          "<h2>最も多くのリスクに対応する管理策</h2>\n<p>順位の基準："));
    esc(&sb, treat_measure_words(f));
    cr_strbuf_puts(&sb, W(f, " (see the register documentation).</p>\n",
                          "（登録簿の文書を参照）。</p>\n"));
    html_controls(&sb, f, f->treat, f->n_treat);
    html_annual_total(&sb, f);
    html_by_service(&sb, f);
    cr_strbuf_puts(&sb, W(f, "<h2>Changes since each service's last run</h2>\n",
                          "<h2>各サービスの前回の実行からの変化</h2>\n"));
    html_changes(&sb, f);
    cr_strbuf_puts(&sb, "</body>\n</html>\n");
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
