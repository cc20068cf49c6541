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

#include "report/html_parts.h"
#include "report/labels.h"
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

static void fact_begin(cr_strbuf *sb, report_label l, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<tr><td>");
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, "</td><td>");
}

static void arrow_money(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, double before,
                        double after, cr_report_lang lang)
{
    hp_short_money(sb, t, plan, before, lang);
    cr_strbuf_puts(sb, " → <b>");
    hp_short_money(sb, t, plan, after, lang);
    cr_strbuf_puts(sb, "</b>");
}

/* ---- the decision asked ------------------------------------------------- */

static void lead(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<p class=\"lead\" id=\"paper-asked\"><b>");
    hp_label(sb, RL_ASKED, lang);
    cr_strbuf_puts(sb, "</b>");
    cr_strbuf_puts(sb, hp_colon(lang));
    report_decision_asked(t, plan, lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</p>");
}

/* ---- figures ------------------------------------------------------------ */

static void figures(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    size_t now, after;
    hp_count_above(plan, &now, &after);
    cr_strbuf_puts(sb, "<h2>");
    hp_label(sb, RL_FIGURES, lang);
    cr_strbuf_puts(sb, "</h2><table class=\"facts\" id=\"paper-figures\"><tbody>");

    fact_begin(sb, RL_BUDGET_ASKED, lang);
    hp_label(sb, RL_ONE_OFF, lang);
    cr_strbuf_puts(sb, " <b>");
    hp_money(sb, t, plan, plan->total_one_off, lang);
    cr_strbuf_puts(sb, "</b>");
    cr_strbuf_puts(sb, hp_comma(lang));
    hp_label(sb, RL_ANNUAL, lang);
    cr_strbuf_puts(sb, " <b>");
    hp_money(sb, t, plan, plan->total_annual, lang);
    cr_strbuf_puts(sb, "</b>");
    cr_strbuf_printf(sb, ja ? "、工数 %.0f人日" : ", %.0f person-days", plan->total_effort_days);
    if (plan->budget.has_one_off || plan->budget.has_annual) {
        cr_strbuf_puts(sb, ja ? "（" : " (");
        hp_label(sb, RL_WITHIN_BUDGET, lang);
        cr_strbuf_puts(sb, " ");
        if (plan->budget.has_one_off)
            hp_money(sb, t, plan, plan->budget.one_off, lang);
        else
            hp_label(sb, RL_NO_LIMIT, lang);
        cr_strbuf_puts(sb, " + ");
        if (plan->budget.has_annual)
            hp_money(sb, t, plan, plan->budget.annual, lang);
        else
            hp_label(sb, RL_NO_LIMIT, lang);
        hp_label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, ja ? "）" : ")");
    }
    cr_strbuf_puts(sb, "</td></tr>");

    fact_begin(sb, RL_ALE_SHORT, lang);
    arrow_money(sb, t, plan, plan->ale_residual, plan->ale_target, lang);
    if (plan->ale_residual > 0) {
        cr_strbuf_puts(sb, ja ? "（" : " (");
        cr_strbuf_puts(sb, "−");
        report_percent(t, 1.0 - plan->ale_target / plan->ale_residual, 0);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, ja ? "）" : ")");
    }
    cr_strbuf_puts(sb, "</td></tr>");

    const cr_plan_distribution *res = &plan->dist[CR_SCENARIO_RESIDUAL];
    const cr_plan_distribution *tgt = &plan->dist[CR_SCENARIO_TARGET];
    if (res->present && tgt->present) {
        fact_begin(sb, RL_BAD_YEAR, lang);
        arrow_money(sb, t, plan, res->p95, tgt->p95, lang);
        cr_strbuf_puts(sb, "</td></tr>");
        if (!isnan(plan->appetite)) {
            fact_begin(sb, RL_P_EXCEED, lang);
            report_percent(t, res->p_exceed_appetite, 1);
            hp_flush(sb, t);
            cr_strbuf_puts(sb, " → <b>");
            report_percent(t, tgt->p_exceed_appetite, 1);
            hp_flush(sb, t);
            cr_strbuf_puts(sb, ja ? "</b>（" : "</b> (");
            hp_label(sb, RL_APPETITE, lang);
            cr_strbuf_puts(sb, " ");
            hp_money(sb, t, plan, plan->appetite, lang);
            cr_strbuf_puts(sb, ja ? "）</td></tr>" : ")</td></tr>");
        }
    }

    fact_begin(sb, RL_RISKS_ABOVE, lang);
    cr_strbuf_printf(sb, ja ? "%zu件 → <b>%zu件</b>" : "%zu → <b>%zu</b>", now, after);
    cr_strbuf_puts(sb, ja ? "（" : " (");
    hp_label(sb, RL_ACCEPTABLE_LEVEL, lang);
    cr_strbuf_puts(sb, hp_colon(lang));
    hp_esc(sb, report_level_text(plan, plan->acceptable_level, lang));
    cr_strbuf_puts(sb, ja ? "）</td></tr>" : ")</td></tr>");

    fact_begin(sb, RL_ROSI, lang);
    report_percent(t, plan->rosi, 0);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</td></tr>");

    fact_begin(sb, RL_COMPLETION, lang);
    cr_strbuf_puts(sb, "<b>");
    report_date_in(t, report_completion_date(plan), lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</b>");
    cr_strbuf_puts(sb, ja ? "（" : " (");
    hp_label(sb, RL_PLAN_START, lang);
    cr_strbuf_puts(sb, " ");
    report_date_in(t, plan->start, lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, ja ? "）</td></tr>" : ")</td></tr>");

    fact_begin(sb, RL_ACCOUNTABLE, lang);
    cr_strbuf_puts(sb, "<b>");
    hp_esc(sb, plan->service_owner && *plan->service_owner ? plan->service_owner : "–");
    cr_strbuf_puts(sb, "</b></td></tr>");

    /* Owners of the items, each once, in plan order. */
    fact_begin(sb, RL_ITEM_OWNERS, lang);
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
            cr_strbuf_puts(sb, hp_comma(lang));
        cr_strbuf_puts(sb, "<span class=\"owner\">");
        hp_esc(sb, o);
        cr_strbuf_puts(sb, "</span>");
    }
    if (!shown)
        cr_strbuf_puts(sb, "–");
    cr_strbuf_puts(sb, "</td></tr></tbody></table>");
}

/* ---- the main items ----------------------------------------------------- */

static void top_items(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    if (plan->n_items == 0)
        return;
    bool any_english = false;
    cr_strbuf_puts(sb, "<h2>");
    hp_label(sb, RL_TOP_ITEMS, lang);
    cr_strbuf_puts(sb, "</h2><table id=\"paper-items\"><thead><tr>");
    hp_th(sb, RL_ITEM_NO, true, lang);
    hp_th(sb, RL_CONTROL, false, lang);
    hp_th(sb, RL_OWNER, false, lang);
    hp_th(sb, RL_DUE, false, lang);
    hp_th(sb, RL_COST, true, lang);
    hp_th(sb, RL_LOSS_REDUCTION, true, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    size_t n = plan->n_items < PAPER_TOP_ITEMS ? plan->n_items : PAPER_TOP_ITEMS;
    for (size_t i = 0; i < n; i++) {
        const cr_plan_item *it = &plan->items[i];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        bool english;
        cr_strbuf_printf(sb, "<tr><td class=\"num\">%zu</td><td><span class=\"id\">", i + 1);
        hp_esc(sb, g->control_id);
        cr_strbuf_puts(sb, "</span> ");
        hp_esc(sb, report_control_short_title(g, lang, &english));
        any_english = any_english || english;
        cr_strbuf_puts(sb, "</td><td class=\"owner\">");
        hp_esc(sb, it->owner ? it->owner : "–");
        cr_strbuf_puts(sb, "</td><td class=\"nowrap\">");
        report_date_in(t, it->due, lang);
        hp_flush(sb, t);
        if (it->past_due) {
            cr_strbuf_puts(sb, " <b class=\"past-due\">");
            hp_label(sb, RL_PAST_DUE, lang);
            cr_strbuf_puts(sb, "</b>");
        }
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_short_money(sb, t, plan, it->one_off, lang);
        cr_strbuf_puts(sb, " + ");
        hp_short_money(sb, t, plan, it->annual, lang);
        hp_label(sb, RL_PER_YEAR, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_short_money(sb, t, plan, it->ale_reduction, lang);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
    if (plan->n_items > n || any_english) {
        cr_strbuf_puts(sb, "<p class=\"note\">");
        if (plan->n_items > n) {
            cr_strbuf_printf(sb, lang == CR_LANG_JA ? "ほか%zu" : "%zu ", plan->n_items - n);
            hp_label(sb, RL_MORE_ITEMS, lang);
            cr_strbuf_puts(sb, lang == CR_LANG_JA ? "。" : ". ");
        }
        if (any_english)
            hp_label(sb, RL_TITLE_NOTE_EN, lang);
        cr_strbuf_puts(sb, "</p>");
    }
}

/* ---- residual risks to accept ------------------------------------------- */

static void to_accept(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<h2>");
    hp_label(sb, RL_TO_ACCEPT, lang);
    cr_strbuf_puts(sb, "</h2>");
    if (plan->n_residuals == 0) {
        cr_strbuf_puts(sb, "<p>");
        hp_label(sb, RL_NONE_ABOVE, lang);
        cr_strbuf_puts(sb, "</p>");
        return;
    }
    cr_strbuf_puts(sb, "<table id=\"paper-residuals\"><thead><tr>");
    hp_th(sb, RL_RISK, false, lang);
    hp_th(sb, RL_LEVEL, false, lang);
    hp_th(sb, RL_ALE_SHORT, true, lang);
    hp_th(sb, RL_CAUSE, false, lang);
    hp_th(sb, RL_ACCEPT_UNTIL, false, lang);
    hp_th(sb, RL_DECISION, false, lang);
    cr_strbuf_puts(sb, "</tr></thead><tbody>");
    for (size_t k = 0; k < plan->n_residuals; k++) {
        const cr_plan_residual *res = &plan->residuals[k];
        const cr_plan_risk *risk = &plan->risks[res->risk];
        cr_strbuf_puts(sb, "<tr><td><span class=\"id\">");
        hp_esc(sb, risk->id);
        cr_strbuf_puts(sb, "</span> ");
        hp_esc(sb, report_risk_name(risk, lang));
        cr_strbuf_puts(sb, "</td><td>");
        hp_chip(sb, plan, risk->target.level, lang);
        cr_strbuf_puts(sb, "</td><td class=\"num\">");
        hp_short_money(sb, t, plan, risk->ale_target, lang);
        cr_strbuf_puts(sb, "</td><td class=\"small\">");
        hp_esc(sb, report_cause_short(res->cause, lang));
        cr_strbuf_puts(sb, "</td><td class=\"nowrap\">");
        /* Until the recorded decision's expiry, else the re-assessment. */
        report_date_in(t, cr_date_is_set(res->decision.accepted_until) ? res->decision.accepted_until
                                                                      : res->review_by, lang);
        hp_flush(sb, t);
        cr_strbuf_puts(sb, "</td><td class=\"small\">");
        if (res->decision.kind == CR_DECISION_NONE)
            hp_choices(sb, lang);
        else
            hp_decision_text(sb, &res->decision, lang);
        cr_strbuf_puts(sb, "</td></tr>");
    }
    cr_strbuf_puts(sb, "</tbody></table>");
}

/* ---- if refused ----------------------------------------------------------- */

static void if_refused(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<h2>");
    hp_label(sb, RL_IF_REFUSED, lang);
    cr_strbuf_puts(sb, "</h2><p id=\"paper-refused\">");
    report_if_refused(t, plan, lang);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, "</p>");
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

static void field(cr_strbuf *sb, report_label l, const char *value, cr_report_lang lang)
{
    cr_strbuf_puts(sb, "<div><div class=\"f\">");
    hp_label(sb, l, lang);
    cr_strbuf_puts(sb, "</div><div class=\"line\">");
    hp_esc(sb, value);
    cr_strbuf_puts(sb, "</div></div>");
}

static void decision_block(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan,
                           const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    const cr_decision *d = &plan->plan_decision;
    bool decided = d->kind != CR_DECISION_NONE;
    cr_strbuf_puts(sb, "<div class=\"keep\"><h2>");
    hp_label(sb, RL_DECISION_BLOCK, lang);
    cr_strbuf_puts(sb, "</h2><div class=\"decide\" id=\"paper-decision\"><div><div class=\"f\">");
    hp_label(sb, RL_WHOLE_PLAN, lang);
    cr_strbuf_puts(sb, "</div>");
    if (decided) {
        /* Kind, who and when; the note of a decision with conditions is
         * shown once, as its conditions. */
        cr_decision shown = *d;
        if (d->kind == CR_DECISION_CHANGED && !(d->conditions && *d->conditions))
            shown.note = NULL;
        cr_strbuf_puts(sb, "<b>");
        hp_decision_text(sb, &shown, lang);
        cr_strbuf_puts(sb, "</b>");
    } else {
        hp_choices(sb, lang);
    }
    cr_strbuf_puts(sb, "</div>");
    /* The decision's conditions (a decisions file without the column puts
     * them in the note). */
    const char *conditions = "";
    if (decided && d->conditions && *d->conditions)
        conditions = d->conditions;
    else if (decided && d->kind == CR_DECISION_CHANGED && d->note)
        conditions = d->note;
    field(sb, RL_CONDITIONS, conditions, lang);
    cr_date until = {0};
    for (size_t k = 0; k < plan->n_residuals; k++) {
        cr_date r = plan->residuals[k].review_by;
        if (cr_date_is_set(r) && (!cr_date_is_set(until) || cr_date_to_days(r) < cr_date_to_days(until)))
            until = r;
    }
    if (decided && cr_date_is_set(d->accepted_until))
        until = d->accepted_until;
    if ((plan->n_residuals || decided) && cr_date_is_set(until))
        report_date_in(t, until, lang);
    field(sb, RL_ACCEPT_UNTIL, t->len ? t->data : "", lang);
    t->len = 0;
    field(sb, RL_MINUTES, decided && d->minutes ? d->minutes : "", lang);
    cr_strbuf_puts(sb, "</div>");

    /* The approval route: one seal box per stage, the decision-maker's last. */
    char names[ROUTE_MAX][64];
    /* --route, else the organisation's criteria, else the default. */
    const char *route = opt->route && *opt->route           ? opt->route
                        : plan->approval_route && *plan->approval_route ? plan->approval_route
                                                           : report_label_text(RL_ROUTE_DEFAULT, lang);
    size_t n = route_stages(route, names);
    cr_strbuf_puts(sb, "<div class=\"seals\" id=\"paper-route\">");
    for (size_t k = 0; k < n; k++) {
        cr_strbuf_puts(sb, "<div><div class=\"st\">");
        hp_esc(sb, names[k]);
        cr_strbuf_puts(sb, "</div><div class=\"sl\">");
        if (decided && k + 1 == n) {
            char date[REPORT_DATE_BUF];
            report_date_text(date, d->date, lang);
            hp_esc(sb, d->by);
            cr_strbuf_puts(sb, "<br>");
            hp_esc_dates(sb, date);
        }
        cr_strbuf_puts(sb, "</div></div>");
    }
    cr_strbuf_puts(sb, "</div></div>");
}

/* ---- the paper ------------------------------------------------------------ */

void report_paper_section(cr_strbuf *sb, cr_strbuf *t, const cr_plan *plan,
                          const cr_report_options *opt)
{
    cr_report_lang lang = opt->lang;
    cr_strbuf_puts(sb, "<section class=\"paper\" id=\"paper\"><div class=\"docbar\"><span>");
    hp_label(sb, RL_STANDARD, lang);
    cr_strbuf_puts(sb, "</span><span id=\"doc-number\">");
    hp_label(sb, RL_DOC_NUMBER, lang);
    cr_strbuf_puts(sb, " ");
    report_doc_number(t, plan, opt);
    hp_flush(sb, t);
    cr_strbuf_puts(sb, lang == CR_LANG_JA ? "　第" : " · ");
    if (lang == CR_LANG_JA) {
        hp_esc(sb, doc_version(opt));
        cr_strbuf_puts(sb, "版");
    } else {
        hp_label(sb, RL_DOC_VERSION, lang);
        cr_strbuf_puts(sb, " ");
        hp_esc(sb, doc_version(opt));
    }
    cr_strbuf_puts(sb, "</span></div><h1>");
    hp_label(sb, RL_PAPER_TITLE, lang);
    cr_strbuf_puts(sb, "<span class=\"service\">");
    hp_esc(sb, plan->service_name);
    cr_strbuf_puts(sb, "</span></h1>");
    lead(sb, t, plan, lang);
    figures(sb, t, plan, lang);
    top_items(sb, t, plan, lang);
    to_accept(sb, t, plan, lang);
    if_refused(sb, t, plan, lang);
    decision_block(sb, t, plan, opt);
    cr_strbuf_puts(sb, "<p class=\"note\">");
    hp_label(sb, RL_MODEL, lang);
    cr_strbuf_puts(sb, " ");
    hp_esc(sb, report_model_name(plan, lang));
    cr_strbuf_puts(sb, " ");
    hp_esc(sb, plan->model_version);
    cr_strbuf_puts(sb, " · ");
    hp_label(sb, RL_INPUTS, lang);
    cr_strbuf_puts(sb, " <span class=\"hash\">");
    hp_esc(sb, plan->input_sha256);
    cr_strbuf_printf(sb, "</span> · ");
    hp_label(sb, RL_SEED, lang);
    cr_strbuf_printf(sb, " %llu · ", (unsigned long long)plan->seed);
    hp_label(sb, RL_TRIALS, lang);
    cr_strbuf_puts(sb, " ");
    report_grouped(sb, (double)plan->trials); /* 20,000: digits grouped, as every amount */
    cr_strbuf_puts(sb, "</p></section>");
}
