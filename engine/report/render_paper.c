/*
 * render_paper.c -- the decision paper: what management reads before it
 * decides, on one or two A4 pages.
 *
 *   the decision asked, in one sentence;
 *   what is asked and what it buys: budget (one-off, annual, effort) within
 *     the budget set, expected annual loss before -> after, a bad year (the
 *     95th percentile of simulated annual loss) before -> after, the chance
 *     of exceeding the risk appetite, the risks above the acceptable level,
 *     the return on security investment;
 *   when the plan completes (the last item's due date), who answers for it
 *     (the service owner) and who carries out its items;
 *   the main items (at most six; the rest in the detail);
 *   the residual risks to be accepted and until when (the next
 *     re-assessment, at least yearly: management standard 1.4.3, 4.4.1);
 *   what refusing the plan leaves in place;
 *   the decision block: a decision for the plan, conditions, accepted-until
 *     and the minutes' reference, and the approval route as a row of seal
 *     boxes (起案・審査・承認 by default).  A recorded decision fills it.
 *
 * The document number and version stand at the top of the paper and, in
 * print, at the top of every page; the page number (x / y) at the foot.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/labels.h"
#include "report/parts.h"
#include "report/report_internal.h"

#define PAPER_TOP_ITEMS 6
#define ROUTE_MAX 6

void report_doc_number(cr_strbuf *sb, const cr_plan *plan, const cr_report_options *opt)
{
    if (opt->doc_number && *opt->doc_number) {
        cr_strbuf_puts(sb, opt->doc_number);
        return;
    }
    cr_strbuf_puts(sb, plan->service_id ? plan->service_id : "plan");
    cr_strbuf_puts(sb, "-");
    if (plan->input_sha256)
        cr_strbuf_append(sb, plan->input_sha256, strnlen(plan->input_sha256, 8));
}

static const char *doc_version(const cr_report_options *opt)
{
    return opt->doc_version && *opt->doc_version ? opt->doc_version : "1";
}

/* A row of the figures table: its label, then the value's cell left open. */
static void fact_begin(cr_doc *d, report_label l, cr_report_lang lang)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    doc_leaf(d, DOC_CELL, NULL, NULL, report_label_text(l, lang));
    doc_open(d, DOC_CELL, NULL, NULL);
}

static void fact_end(cr_doc *d)
{
    doc_close(d);
    doc_close(d);
}

static void arrow_money(cr_doc *d, cr_strbuf *t, const cr_plan *plan, double before,
                        double after, cr_report_lang lang)
{
    rp_short_money(d, t, plan, before, lang);
    doc_text(d, " → ");
    doc_open(d, DOC_STRONG, NULL, NULL);
    rp_short_money(d, t, plan, after, lang);
    doc_close(d);
}

/* ---- the decision asked ------------------------------------------------- */

static void lead(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_open(d, DOC_PARA, "paper-asked", "lead");
    doc_leaf(d, DOC_STRONG, NULL, NULL, report_label_text(RL_ASKED, lang));
    doc_text(d, report_colon(lang));
    report_decision_asked(t, plan, lang);
    doc_flush(d, t);
    doc_close(d);
}

/* ---- figures ------------------------------------------------------------ */

static void figures(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    size_t now, after;
    rp_count_above(plan, &now, &after);
    doc_heading(d, 2, NULL, report_label_text(RL_FIGURES, lang));
    doc_open(d, DOC_TABLE, "paper-figures", "facts");

    fact_begin(d, RL_BUDGET_ASKED, lang);
    rp_label(d, RL_ONE_OFF, lang);
    doc_text(d, " ");
    doc_open(d, DOC_STRONG, NULL, NULL);
    rp_money(d, t, plan, plan->total_one_off, lang);
    doc_close(d);
    doc_text(d, report_comma(lang));
    rp_label(d, RL_ANNUAL, lang);
    doc_text(d, " ");
    doc_open(d, DOC_STRONG, NULL, NULL);
    rp_money(d, t, plan, plan->total_annual, lang);
    doc_close(d);
    doc_textf(d, ja ? "、工数 %.0f人日" : ", %.0f person-days", plan->total_effort_days);
    if (plan->budget.has_one_off || plan->budget.has_annual) {
        doc_text(d, report_open_paren(lang));
        rp_label(d, RL_WITHIN_BUDGET, lang);
        doc_text(d, " ");
        if (plan->budget.has_one_off)
            rp_money(d, t, plan, plan->budget.one_off, lang);
        else
            rp_label(d, RL_NO_LIMIT, lang);
        doc_text(d, " + ");
        if (plan->budget.has_annual)
            rp_money(d, t, plan, plan->budget.annual, lang);
        else
            rp_label(d, RL_NO_LIMIT, lang);
        rp_label(d, RL_PER_YEAR, lang);
        doc_text(d, report_close_paren(lang));
    }
    fact_end(d);

    fact_begin(d, RL_ALE_SHORT, lang);
    arrow_money(d, t, plan, plan->ale_residual, plan->ale_target, lang);
    if (plan->ale_residual > 0) {
        doc_text(d, report_open_paren(lang));
        doc_text(d, "−");
        rp_percent(d, t, 1.0 - plan->ale_target / plan->ale_residual, 0);
        doc_text(d, report_close_paren(lang));
    }
    fact_end(d);

    const cr_plan_distribution *res = &plan->dist[CR_SCENARIO_RESIDUAL];
    const cr_plan_distribution *tgt = &plan->dist[CR_SCENARIO_TARGET];
    if (res->summary.years > 0 && tgt->summary.years > 0) {
        fact_begin(d, RL_BAD_YEAR, lang);
        arrow_money(d, t, plan, res->summary.p95, tgt->summary.p95, lang);
        fact_end(d);
        if (!isnan(plan->appetite)) {
            fact_begin(d, RL_P_EXCEED, lang);
            rp_percent(d, t, res->summary.p_exceed, 1);
            doc_text(d, " → ");
            doc_open(d, DOC_STRONG, NULL, NULL);
            rp_percent(d, t, tgt->summary.p_exceed, 1);
            doc_close(d);
            doc_text(d, report_open_paren(lang));
            rp_label(d, RL_APPETITE, lang);
            doc_text(d, " ");
            rp_money(d, t, plan, plan->appetite, lang);
            doc_text(d, report_close_paren(lang));
            fact_end(d);
        }
    }

    fact_begin(d, RL_RISKS_ABOVE, lang);
    doc_textf(d, ja ? "%zu件 → " : "%zu → ", now);
    doc_open(d, DOC_STRONG, NULL, NULL);
    doc_textf(d, ja ? "%zu件" : "%zu", after);
    doc_close(d);
    doc_text(d, report_open_paren(lang));
    rp_label(d, RL_ACCEPTABLE_LEVEL, lang);
    doc_text(d, report_colon(lang));
    doc_text(d, report_level_text(plan, plan->acceptable_level, lang));
    doc_text(d, report_close_paren(lang));
    fact_end(d);

    fact_begin(d, RL_ROSI, lang);
    rp_percent(d, t, plan->rosi, 0);
    fact_end(d);

    fact_begin(d, RL_COMPLETION, lang);
    doc_open(d, DOC_STRONG, NULL, NULL);
    rp_date(d, t, report_completion_date(plan), lang);
    doc_close(d);
    doc_text(d, report_open_paren(lang));
    rp_label(d, RL_PLAN_START, lang);
    doc_text(d, " ");
    rp_date(d, t, plan->start, lang);
    doc_text(d, report_close_paren(lang));
    fact_end(d);

    fact_begin(d, RL_ACCOUNTABLE, lang);
    doc_leaf(d, DOC_STRONG, NULL, NULL,
             plan->service_owner && *plan->service_owner ? plan->service_owner : "–");
    fact_end(d);

    /* Owners of the items, each once, in plan order. */
    fact_begin(d, RL_ITEM_OWNERS, lang);
    size_t shown = 0;
    for (size_t i = 0; i < plan->n_items; i++) {
        const char *o = plan->items[i].owner;
        if (!o || !*o)
            continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = plan->items[k].owner && strcmp(plan->items[k].owner, o) == 0;
        if (seen)
            continue;
        if (shown++)
            doc_text(d, report_comma(lang));
        doc_leaf(d, DOC_SPAN, NULL, "owner", o);
    }
    if (!shown)
        doc_text(d, "–");
    fact_end(d);
    doc_close(d);
}

/* ---- the main items ----------------------------------------------------- */

static void top_items(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    if (plan->n_items == 0)
        return;
    bool any_english = false;
    doc_heading(d, 2, NULL, report_label_text(RL_TOP_ITEMS, lang));
    static const rp_col cols[] = {{RL_ITEM_NO, true}, {RL_CONTROL, false},
                                  {RL_OWNER, false}, {RL_DUE, false}, {RL_COST, true},
                                  {RL_LOSS_REDUCTION, true}};
    rp_table_open(d, "paper-items", NULL, cols, sizeof cols / sizeof cols[0], lang);
    size_t n = plan->n_items < PAPER_TOP_ITEMS ? plan->n_items : PAPER_TOP_ITEMS;
    for (size_t i = 0; i < n; i++) {
        const cr_plan_item *it = &plan->items[i];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        bool english;
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, "num");
        doc_textf(d, "%zu", i + 1);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        doc_leaf(d, DOC_SPAN, NULL, "id", g->control_id);
        doc_text(d, " ");
        doc_text(d, report_control_short_title(g, lang, &english));
        any_english = any_english || english;
        doc_close(d);
        doc_leaf(d, DOC_CELL, NULL, "owner", it->owner ? it->owner : "–");
        doc_open(d, DOC_CELL, NULL, "nowrap");
        rp_date(d, t, it->due, lang);
        if (it->past_due) {
            doc_text(d, " ");
            doc_leaf(d, DOC_STRONG, NULL, "past-due", report_label_text(RL_PAST_DUE, lang));
        }
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "num");
        rp_short_money(d, t, plan, it->one_off, lang);
        doc_text(d, " + ");
        rp_short_money(d, t, plan, it->annual, lang);
        rp_label(d, RL_PER_YEAR, lang);
        doc_close(d);
        rp_money_cell(d, t, plan, it->ale_reduction, lang);
        doc_close(d);
    }
    doc_close(d);
    if (plan->n_items > n || any_english) {
        doc_open(d, DOC_PARA, NULL, "note");
        if (plan->n_items > n) {
            doc_textf(d, lang == CR_LANG_JA ? "ほか%zu" : "%zu ", plan->n_items - n);
            rp_label(d, RL_MORE_ITEMS, lang);
            doc_text(d, lang == CR_LANG_JA ? "。" : ". ");
        }
        if (any_english)
            rp_label(d, RL_TITLE_NOTE_EN, lang);
        doc_close(d);
    }
}

/* ---- residual risks to accept ------------------------------------------- */

static void to_accept(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_heading(d, 2, NULL, report_label_text(RL_TO_ACCEPT, lang));
    if (plan->n_residuals == 0) {
        doc_leaf(d, DOC_PARA, NULL, NULL, report_label_text(RL_NONE_ABOVE, lang));
        return;
    }
    static const rp_col cols[] = {{RL_RISK, false}, {RL_LEVEL, false},
                                  {RL_ALE_SHORT, true}, {RL_CAUSE, false},
                                  {RL_ACCEPT_UNTIL, false}, {RL_DECISION, false}};
    rp_table_open(d, "paper-residuals", NULL, cols, sizeof cols / sizeof cols[0], lang);
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_residual *res = &plan->residuals[k];
        const cr_plan_risk *risk = &plan->risks[res->risk];
        doc_open(d, DOC_ROW, NULL, NULL);
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_risk_name(d, risk, lang);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, NULL);
        rp_chip(d, plan, risk->target.level, lang);
        doc_close(d);
        rp_money_cell(d, t, plan, risk->ale_target, lang);
        doc_leaf(d, DOC_CELL, NULL, "small", report_cause_short(res->cause, lang));
        doc_open(d, DOC_CELL, NULL, "nowrap");
        /* Until the recorded decision's expiry, else the re-assessment. */
        rp_date(d, t,
                cr_date_is_set(res->decision.accepted_until) ? res->decision.accepted_until
                                                             : res->review_by,
                lang);
        doc_close(d);
        doc_open(d, DOC_CELL, NULL, "small");
        rp_decision_or_choices(d, &res->decision, lang);
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
}

/* ---- if refused ----------------------------------------------------------- */

static void if_refused(cr_doc *d, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    doc_heading(d, 2, NULL, report_label_text(RL_IF_REFUSED, lang));
    doc_open(d, DOC_PARA, "paper-refused", NULL);
    report_if_refused(t, plan, lang);
    doc_flush(d, t);
    doc_close(d);
}

/* ---- the decision block --------------------------------------------------- */

/* The next stage separator: a comma (--route) or an arrow (the organisation
 * profile's route, its steps joined by " → "); *width is its length. */
static const char *route_separator(const char *p, size_t *width)
{
    const char *comma = strchr(p, ','), *arrow = strstr(p, "→");
    if (arrow && (!comma || arrow < comma)) {
        *width = strlen("→");
        return arrow;
    }
    *width = 1;
    return comma;
}

/* Split the route into at most ROUTE_MAX stages, trimmed, into names. */
static size_t route_stages(const char *route, char names[ROUTE_MAX][64])
{
    size_t n = 0;
    const char *p = route;
    while (*p && n < ROUTE_MAX) {
        size_t width = 1;
        const char *end = route_separator(p, &width);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len) {
            if (len >= sizeof names[n])
                len = sizeof names[n] - 1;
            /* Never cut inside a UTF-8 character. */
            while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
                len--;
            memcpy(names[n], s, len);
            names[n][len] = '\0';
            n++;
        }
        if (!end)
            break;
        p = end + width;
    }
    return n;
}

static void decision_block(cr_doc *d, cr_strbuf *t, const cr_plan *plan,
                           const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    const cr_decision *dec = &plan->plan_decision;
    bool decided = dec->kind != CR_DECISION_NONE;
    doc_open(d, DOC_BOX, NULL, "keep");
    doc_heading(d, 2, NULL, report_label_text(RL_DECISION_BLOCK, lang));
    doc_open(d, DOC_BOX, "paper-decision", "decide");
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_BOX, NULL, "f", report_label_text(RL_WHOLE_PLAN, lang));
    if (decided) {
        /* Kind, who and when; the note of a decision with conditions is
         * shown once, as its conditions. */
        cr_decision shown = *dec;
        if (dec->kind == CR_DECISION_CHANGED && !(dec->conditions && *dec->conditions))
            shown.note = NULL;
        doc_open(d, DOC_STRONG, NULL, NULL);
        rp_decision(d, &shown, lang);
        doc_close(d);
    } else {
        rp_choices(d, lang);
    }
    doc_close(d);
    /* The decision's conditions (a decisions file without the column puts
     * them in the note). */
    const char *conditions = "";
    if (decided && dec->conditions && *dec->conditions)
        conditions = dec->conditions;
    else if (decided && dec->kind == CR_DECISION_CHANGED && dec->note)
        conditions = dec->note;
    rp_field(d, RL_CONDITIONS, conditions, lang);
    cr_date until = {0};
    for (size_t k = 0; k < plan->n_residuals; k++) {
        cr_date r = plan->residuals[k].review_by;
        if (cr_date_is_set(r) &&
            (!cr_date_is_set(until) || cr_date_to_days(r) < cr_date_to_days(until)))
            until = r;
    }
    if (decided && cr_date_is_set(dec->accepted_until))
        until = dec->accepted_until;
    if ((plan->n_residuals || decided) && cr_date_is_set(until))
        report_date_in(t, until, lang);
    rp_field(d, RL_ACCEPT_UNTIL, t->len ? t->data : "", lang);
    t->len = 0;
    rp_field(d, RL_MINUTES, decided && dec->minutes ? dec->minutes : "", lang);
    doc_close(d);

    /* The approval route: one seal box per stage, the decision-maker's last. */
    char names[ROUTE_MAX][64];
    /* --route, else the organisation's criteria, else the default. */
    const char *route = report_label_text(RL_ROUTE_DEFAULT, lang);
    if (opt->route && *opt->route)
        route = opt->route;
    else if (plan->approval_route && *plan->approval_route)
        route = plan->approval_route;
    size_t n = route_stages(route, names);
    doc_open(d, DOC_BOX, "paper-route", "seals");
    for (size_t k = 0; k < n; k++) {
        doc_open(d, DOC_PAIR, NULL, NULL);
        doc_leaf(d, DOC_BOX, NULL, "st", names[k]);
        doc_open(d, DOC_BOX, NULL, "sl");
        if (decided && k + 1 == n) {
            char date[REPORT_DATE_BUF];
            report_date_text(date, dec->date, lang);
            doc_text(d, dec->by);
            doc_break(d);
            doc_text(d, date);
        } else {
            doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, "______________________");
        }
        doc_close(d);
        doc_close(d);
    }
    doc_close(d);
    doc_close(d);
}

/* ---- the paper ------------------------------------------------------------ */

void report_paper_section(cr_doc *d, cr_strbuf *t, const cr_plan *plan,
                          const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    doc_open(d, DOC_SECTION, "paper", "paper");
    doc_open(d, DOC_BOX, NULL, "docbar");
    doc_leaf(d, DOC_SPAN, NULL, NULL, report_label_text(RL_STANDARD, lang));
    doc_leaf(d, DOC_TEXT_ONLY, NULL, NULL, " · ");
    doc_open(d, DOC_SPAN, "doc-number", NULL);
    rp_label(d, RL_DOC_NUMBER, lang);
    doc_text(d, " ");
    report_doc_number(t, plan, opt);
    doc_flush(d, t);
    doc_text(d, lang == CR_LANG_JA ? "　第" : " · ");
    if (lang == CR_LANG_JA) {
        doc_text(d, doc_version(opt));
        doc_text(d, "版");
    } else {
        rp_label(d, RL_DOC_VERSION, lang);
        doc_text(d, " ");
        doc_text(d, doc_version(opt));
    }
    doc_close(d);
    doc_close(d);
    doc_open_heading(d, 1, NULL);
    rp_label(d, RL_PAPER_TITLE, lang);
    rp_title_break(d, lang);
    doc_leaf(d, DOC_SPAN, NULL, "service", plan->service_name);
    doc_close(d);
    lead(d, t, plan, lang);
    figures(d, t, plan, lang);
    top_items(d, t, plan, lang);
    to_accept(d, t, plan, lang);
    if_refused(d, t, plan, lang);
    decision_block(d, t, plan, opt);
    doc_open(d, DOC_PARA, NULL, "note");
    rp_label(d, RL_MODEL, lang);
    doc_text(d, " ");
    doc_text(d, report_model_name(plan, lang));
    doc_text(d, " ");
    doc_text(d, plan->model_version);
    doc_text(d, " · ");
    rp_label(d, RL_INPUTS, lang);
    doc_text(d, " ");
    doc_leaf(d, DOC_SPAN, NULL, "hash", plan->input_sha256);
    doc_text(d, " · ");
    rp_label(d, RL_SEED, lang);
    doc_textf(d, " %llu · ", (unsigned long long)plan->seed);
    rp_label(d, RL_TRIALS, lang);
    doc_text(d, " ");
    report_grouped(t, (double)plan->trials); /* 20,000: digits grouped, as every amount */
    doc_flush(d, t);
    doc_close(d);
    doc_close(d);
}
