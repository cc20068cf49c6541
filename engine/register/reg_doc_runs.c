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

/* "+123 JPY, noise 45 JPY": a loss's change and the noise it is judged by. */
static void delta_and_noise(cr_doc *d, double delta, double noise, const char *currency,
                            cr_report_lang lang)
{
    doc_text(d, delta >= 0 ? "+" : "-");
    reg_doc_money(d, fabs(delta), currency, lang);
    doc_text(d, REG_W(RL_REG_NOISE));
    reg_doc_money(d, noise, currency, lang);
}

static void changed_inputs(cr_doc *d, const cr_reg_change *c, cr_report_lang lang)
{
    if (!(c->inputs_changed || c->model_changed || c->criteria_changed || c->config_changed ||
          c->currency_changed))
        return;
    reg_doc_pair_open(d, REG_W(RL_REG_CHANGED));
    const char *sep = "", *space = lang == CR_LANG_JA ? "、" : " ";
    if (c->inputs_changed) {
        doc_text(d, REG_W(RL_REG_INPUTS));
        sep = space;
    }
    if (c->model_changed) {
        doc_textf(d, "%s%s", sep, REG_W(RL_REG_MODEL));
        sep = space;
    }
    if (c->criteria_changed) {
        doc_textf(d, "%s%s", sep, REG_W(RL_REG_CRITERIA));
        sep = space;
    }
    if (c->config_changed) {
        doc_textf(d, "%s%s", sep, REG_W(RL_REG_CONFIG));
        sep = space;
    }
    if (c->currency_changed)
        doc_textf(d, "%s%s%s%s", sep, REG_W(RL_REG_CURRENCY_NOW), c->currency,
                  REG_W(RL_REG_LOSSES_NOT_COMPARED));
    doc_close(d);
    doc_close(d);
}

/* Gaps opened or closed: "gaps opened (2): CR01/7.2.1 CR05/6.8.4". */
static void gaps(cr_doc *d, report_label what, const cr_reg_gap *g, size_t n,
                 cr_report_lang lang)
{
    if (!n)
        return;
    char label[96];
    snprintf(label, sizeof label, lang == CR_LANG_JA ? "%s（%zu件）" : "%s (%zu)", REG_W(what), n);
    reg_doc_pair_open(d, label);
    for (size_t i = 0; i < n; i++)
        doc_textf(d, "%s%s/%s", i ? " " : "", g[i].risk_id, g[i].control_id);
    doc_close(d);
    doc_close(d);
}

void reg_change_doc(cr_doc *d, const cr_reg_change *c, cr_report_lang lang)
{
    bool any = false;
    changed_inputs(d, c, lang);
    for (size_t i = 0; i < c->n_risk_changes; i++) {
        const cr_reg_risk_change *r = &c->risk_changes[i];
        if (!r->inherent_from && !r->residual_from)
            continue;
        reg_doc_pair_open(d, r->risk_id);
        if (r->inherent_from)
            doc_textf(d, "%s %s%s%s", REG_W(RL_REG_INHERENT), reg_level_text(r->inherent_from, lang),
                      REG_W(RL_REG_ARROW), reg_level_text(r->inherent_to, lang));
        if (r->residual_from)
            doc_textf(d, "%s%s %s%s%s", r->inherent_from ? REG_W(RL_REG_SEP) : "",
                      REG_W(RL_REG_RESIDUAL), reg_level_text(r->residual_from, lang),
                      REG_W(RL_REG_ARROW), reg_level_text(r->residual_to, lang));
        doc_close(d);
        doc_close(d);
        any = true;
    }
    gaps(d, RL_REG_GAPS_OPENED, c->opened, c->n_opened, lang);
    gaps(d, RL_REG_GAPS_CLOSED, c->closed, c->n_closed, lang);
    any = any || c->n_opened || c->n_closed;
    if (c->has_loss) {
        reg_doc_pair_open(d, REG_W(RL_REG_LOSS_RESIDUAL));
        delta_and_noise(d, c->loss_delta, c->noise, c->currency, lang);
        doc_text(d, REG_W(c->loss_significant ? RL_REG_SIGNIFICANT : RL_REG_WITHIN_NOISE));
        doc_close(d);
        doc_close(d);
        reg_doc_indent(d);
        for (size_t i = 0; i < c->n_risk_changes; i++) {
            const cr_reg_risk_change *r = &c->risk_changes[i];
            if (!r->loss_significant)
                continue;
            reg_doc_pair_open(d, r->risk_id);
            delta_and_noise(d, r->loss_delta, r->noise, c->currency, lang);
            doc_close(d);
            doc_close(d);
        }
        doc_close(d);
        any = true;
    }
    for (size_t i = 0; i < c->n_stale; i++) {
        const cr_reg_approval *a = &c->stale[i];
        reg_doc_pair_open(d, REG_W(RL_REG_NEEDS_REAPPROVAL));
        if (lang == CR_LANG_JA) {
            doc_textf(d, "%s %" PRId64 "（%s、%s、%s、", REG_W(RL_REG_DECISION), a->id,
                      reg_subject_text(a->subject, a->subject_kind, lang),
                      reg_decision_text(a->decision, lang), a->approver);
            reg_doc_date(d, a->decided_on, lang);
            doc_text(d, "）：");
        } else {
            doc_textf(d, "decision %" PRId64 " (%s, %s by %s on %s): ", a->id, a->subject,
                      a->decision, a->approver, a->decided_on);
        }
        reg_doc_stale_reason(d, a->stale_reason ? a->stale_reason : "", lang);
        doc_close(d);
        doc_close(d);
        any = true;
    }
    if (!any)
        reg_doc_line(d, "%s", REG_W(RL_REG_NO_CHANGE));
}

bool reg_change_print_text(const cr_reg_change *c, FILE *out)
{
    cr_doc d;
    doc_init(&d);
    reg_doc_indent(&d);
    reg_change_doc(&d, c, CR_LANG_EN);
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
    cr_report_lang lang;
} named_list;

static void list_add(named_list *l, const char *item)
{
    if (!l->open)
        reg_doc_pair_open(l->d, l->label);
    else
        doc_text(l->d, report_comma(l->lang));
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
static void controls_only_in(cr_doc *d, report_label label, const cr_reg_run *from,
                             const cr_reg_run *to, bool plan, cr_report_lang lang)
{
    size_t n = plan ? from->n_plan_items : from->n_gaps;
    named_list l = {d, REG_W(label), false, lang};
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

static void sheet_subjects_only_in(cr_doc *d, report_label label, const cr_reg_run *from,
                                   const cr_reg_run *to, cr_report_lang lang)
{
    named_list l = {d, REG_W(label), false, lang};
    for (size_t i = 0; i < from->n_sheet; i++)
        if (from->sheet[i].kind != CR_SUBJECT_ITEM &&
            !reg_find_sheet_row(to, from->sheet[i].subject))
            list_add(&l, from->sheet[i].subject);
    list_end(&l);
}

/* What changed, named: the controls whose gap opened or closed (a control
 * lapsed, or was put in place), the plan's items, the approval sheet and
 * its subjects, the assessor. */
static void what_changed(cr_doc *d, const cr_reg_run *a, const cr_reg_run *b,
                         cr_report_lang lang)
{
    reg_changed_parts_doc(d, a, b, lang);
    controls_only_in(d, RL_REG_NOW_MISSING, b, a, false, lang);
    controls_only_in(d, RL_REG_NO_LONGER_MISSING, a, b, false, lang);
    controls_only_in(d, RL_REG_ITEMS_ADDED, b, a, true, lang);
    controls_only_in(d, RL_REG_ITEMS_DROPPED, a, b, true, lang);
    const char *none = REG_W(RL_REG_NONE), *unknown = REG_W(RL_REG_NOT_RECORDED);
    if (strcmp(a->sheet_sha256, b->sheet_sha256) != 0 && (a->sheet_sha256[0] || b->sheet_sha256[0]))
        reg_doc_pair(d, REG_W(RL_REG_SHEET), "%.12s%s%.12s",
                     a->sheet_sha256[0] ? a->sheet_sha256 : none, REG_W(RL_REG_ARROW),
                     b->sheet_sha256[0] ? b->sheet_sha256 : none);
    sheet_subjects_only_in(d, RL_REG_NEWLY_ON_SHEET, b, a, lang);
    sheet_subjects_only_in(d, RL_REG_OFF_SHEET, a, b, lang);
    if ((a->assessor || b->assessor) &&
        (!a->assessor || !b->assessor || strcmp(a->assessor, b->assessor) != 0))
        reg_doc_pair(d, REG_W(RL_REG_ASSESSOR), "%s%s%s", a->assessor ? a->assessor : unknown,
                     REG_W(RL_REG_ARROW), b->assessor ? b->assessor : unknown);
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

/* "run 3 (svc, 2026-11-20T09:00:00Z)", or "実行 3（svc、2026年11月20日 09:00 UTC）". */
static void run_named(cr_doc *d, const cr_reg_run *r, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    doc_textf(d, ja ? "%s %" PRId64 "（%s、" : "%s %" PRId64 " (%s, ", REG_W(RL_REG_RUN), r->id,
              r->service_id);
    reg_doc_date(d, r->run_time, lang);
    doc_text(d, ja ? "）" : ")");
}

void reg_diff_doc(cr_doc *d, const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                  bool csv, cr_report_lang lang)
{
    if (csv) {
        change_table(d, c);
        return;
    }
    doc_open(d, DOC_PARA, NULL, NULL);
    if (a) {
        run_named(d, a, lang);
        doc_text(d, REG_W(RL_REG_ARROW));
    }
    run_named(d, b, lang);
    if (!a)
        doc_textf(d, "%s%s", report_colon(lang), REG_W(RL_REG_FIRST_RUN));
    doc_close(d);
    reg_doc_indent(d);
    reg_change_doc(d, c, lang);
    if (a)
        what_changed(d, a, b, lang);
    doc_close(d);
}

/* ---- history -------------------------------------------------------------------- */

/* One run of a history: its identity, who assessed it, its residual levels
 * and loss, and (after the first) what changed since the one before. */
/* "high 2, medium 9, low 10", or "高 2件、中 9件、低 10件": residual levels by
 * rank, worst first (reg_level_counts in English). */
static void level_counts(cr_doc *d, const cr_reg_run *run, const char *levels,
                         cr_report_lang lang)
{
    if (lang != CR_LANG_JA) {
        doc_text(d, levels);
        return;
    }
    reg_level_count tally[REG_MAX_LEVELS];
    size_t n = reg_level_tally(run, tally, REG_MAX_LEVELS);
    for (size_t i = 0; i < n; i++) {
        doc_textf(d, "%s%s ", i ? "、" : "", reg_level_text(tally[i].name, lang));
        reg_doc_count(d, tally[i].count, lang);
    }
}

/* "run 1 #1  TIME  inputs H  model M  criteria C  seed S  trials T". */
static void run_identity(cr_doc *d, const cr_reg_run *r, cr_report_lang lang)
{
    char seed[24], trials[24];
    reg_seed_text(r->seed, seed);
    reg_seed_text(r->trials, trials);
    const char *gap = lang == CR_LANG_JA ? "　" : "  ";
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s %" PRId64 " #%" PRId64 "%s", REG_W(RL_REG_RUN), r->id, r->seq, gap);
    reg_doc_date(d, r->run_time, lang);
    doc_textf(d, "%s%s %.12s%s%s %s%s%s %s%s%s %s%s%s %s", gap, REG_W(RL_REG_INPUTS),
              r->inputs_sha256, gap, REG_W(RL_REG_MODEL), r->model_version, gap,
              REG_W(RL_REG_CRITERIA), r->criteria_version, gap, REG_W(RL_REG_SEED), seed, gap,
              REG_W(RL_REG_TRIALS), trials);
    doc_close(d);
}

static void history_run(cr_doc *d, const cr_reg_run *r, const cr_reg_change *c, bool first,
                        const char *levels, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    if (first)
        reg_doc_line(d, ja ? "%s（%s）" : "%s (%s)", r->service_id, r->service_name);
    run_identity(d, r, lang);
    reg_doc_indent(d);
    char due[11];
    cr_reg_run_review_due(r, due);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s%s%s", REG_W(RL_REG_ASSESSED_BY),
              r->assessor ? r->assessor : REG_W(RL_REG_NOT_RECORDED), REG_W(RL_REG_REVIEW_DUE));
    if (due[0])
        reg_doc_date(d, due, lang);
    else
        doc_text(d, ja ? "–" : "-");
    doc_close(d);
    reg_doc_pair_open(d, REG_W(RL_REG_RESIDUAL));
    level_counts(d, r, levels, lang);
    if (ja)
        doc_textf(d, "、%s%zu件", REG_W(RL_REG_GAPS_COUNT), r->n_gaps);
    else
        doc_textf(d, "; %zu gaps", r->n_gaps);
    if (r->residual_total.years > 0) {
        doc_textf(d, "%s%s", REG_W(RL_REG_SEP), REG_W(RL_REG_ALE));
        if (ja) {
            reg_doc_money(d, r->residual_total.mean, r->currency, lang);
            doc_textf(d, "（%s", REG_W(RL_REG_SE));
            reg_doc_money(d, r->residual_total.mean_se, r->currency, lang);
            doc_text(d, "）");
        } else {
            doc_textf(d, "%.0f%s%s (SE %.0f)", r->residual_total.mean, r->currency ? " " : "",
                      r->currency ? r->currency : "", r->residual_total.mean_se);
        }
    }
    doc_close(d);
    doc_close(d);
    if (!first)
        reg_change_doc(d, c, lang);
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

cr_status reg_history_doc(cr_doc *d, const cr_reg_run *runs, size_t n, bool csv,
                          cr_report_lang lang, cr_error *err)
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
            history_run(d, &runs[i], &c, i == 0, levels, lang);
        cr_reg_change_clear(&c);
    }
    if (csv)
        doc_close(d);
    return CR_OK;
}
