/*
 * reg_doc_lists.c -- the register's lists as documents (reg_doc.h): the
 * decisions on record (`register approvals`), the subjects awaiting one
 * (`register approvals --pending`) and the plan items followed across runs
 * (`register items`).  Text: a line a decision (its details indented under
 * it), a line a pending subject, the items under their owner.  CSV: a row
 * each, with the columns doc/register.md lists.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "register/reg_doc.h"

/* ---- approvals ---------------------------------------------------------------- */

/* The numbers of a decision as text ("" where there is none). */
typedef struct approval_numbers {
    char id[24], run[24], stale[24], superseded[24], loss[40], p95[40];
} approval_numbers;

static void numbers_of(const cr_reg_approval *a, approval_numbers *n)
{
    memset(n, 0, sizeof *n);
    snprintf(n->id, sizeof n->id, "%" PRId64, a->id);
    snprintf(n->run, sizeof n->run, "%" PRId64, a->run_id);
    if (a->stale_run_id)
        snprintf(n->stale, sizeof n->stale, "%" PRId64, a->stale_run_id);
    if (a->superseded_by)
        snprintf(n->superseded, sizeof n->superseded, "%" PRId64, a->superseded_by);
    if (isfinite(a->signed_state.expected_loss))
        reg_format_double(n->loss, sizeof n->loss, a->signed_state.expected_loss);
    if (isfinite(a->signed_state.p95))
        reg_format_double(n->p95, sizeof n->p95, a->signed_state.p95);
}

static void approval_row(cr_doc *d, const cr_reg_approval *a)
{
    approval_numbers n;
    numbers_of(a, &n);
    const cr_signed_state *s = &a->signed_state;
    const char *row[] = {n.id,
                         a->service_id,
                         n.run,
                         cr_subject_kind_name(a->subject_kind),
                         a->subject,
                         a->decision,
                         a->approver,
                         a->decided_on,
                         a->minutes,
                         a->conditions,
                         a->accepted_until,
                         a->note,
                         cr_decision_status_name(a->status),
                         cr_signed_basis_name(s->basis),
                         s->level_id,
                         n.loss,
                         n.p95,
                         s->sheet_sha256,
                         n.superseded,
                         n.stale,
                         a->stale_reason};
    reg_doc_row(d, row, sizeof row / sizeof row[0]);
}

/* A decision's line, then what it signed and what became of it, indented. */
/* A signed figure: the shortest exact decimal in English, grouped in Japanese. */
static void figure(cr_doc *d, const char *exact, double v, cr_report_lang lang)
{
    if (lang != CR_LANG_JA) {
        doc_text(d, exact);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    report_grouped(&sb, v);
    if (sb.failed)
        d->failed = true; /* out of memory: the document is not written */
    else
        doc_text(d, sb.data ? sb.data : "");
    cr_strbuf_free(&sb);
}

/* "decision 7: svc CR01 (risk), run 3: approved by Board on 2026-10-21 [current]". */
static void approval_heading(cr_doc *d, const cr_reg_approval *a, const approval_numbers *n,
                             cr_report_lang lang)
{
    doc_open(d, DOC_PARA, NULL, NULL);
    if (lang == CR_LANG_JA) {
        doc_textf(d, "%s %s：%s %s", REG_W(RL_REG_DECISION), n->id,
                  a->service_id ? a->service_id : "",
                  reg_subject_text(a->subject, a->subject_kind, lang));
        if (a->subject_kind != CR_SUBJECT_PLAN)
            doc_textf(d, "（%s）", reg_kind_text(a->subject_kind, lang));
        doc_textf(d, "、%s %s：%s、%s", REG_W(RL_REG_RUN), n->run,
                  reg_decision_text(a->decision, lang), a->approver);
        doc_text(d, "、");
        reg_doc_date(d, a->decided_on, lang);
        doc_textf(d, "［%s］", reg_dstatus_text(a->status, lang));
    } else {
        doc_textf(d, "decision %s: %s %s (%s), run %s: %s by %s on %s [%s]", n->id,
                  a->service_id ? a->service_id : "", a->subject,
                  cr_subject_kind_name(a->subject_kind), n->run, a->decision, a->approver,
                  a->decided_on, cr_decision_status_name(a->status));
    }
    doc_close(d);
}

/* A labelled date: "accepted until: 2027-10-21". */
static void date_pair(cr_doc *d, report_label label, const char *date, cr_report_lang lang)
{
    reg_doc_pair_open(d, REG_W(label));
    reg_doc_date(d, date, lang);
    doc_close(d);
    doc_close(d);
}

static void approval_lines(cr_doc *d, const cr_reg_approval *a, cr_report_lang lang)
{
    approval_numbers n;
    numbers_of(a, &n);
    const cr_signed_state *s = &a->signed_state;
    const char *comma = report_comma(lang);
    approval_heading(d, a, &n, lang);
    reg_doc_indent(d);
    reg_doc_pair_open(d, REG_W(RL_REG_SIGNED));
    doc_text(d, reg_basis_text(s->basis, lang));
    if (s->level_id[0])
        doc_textf(d, "%s%s%s", comma, REG_W(RL_REG_LEVEL), reg_level_text(s->level_id, lang));
    if (n.loss[0]) {
        doc_textf(d, "%s%s", comma, REG_W(RL_REG_ALE));
        figure(d, n.loss, s->expected_loss, lang);
    }
    if (n.p95[0]) {
        doc_textf(d, "%s%s", comma, REG_W(RL_REG_P95));
        figure(d, n.p95, s->p95, lang);
    }
    doc_textf(d, "%s%s%s", REG_W(RL_REG_SEP), REG_W(RL_REG_SHEET_HASH),
              s->sheet_sha256[0] ? s->sheet_sha256 : REG_W(RL_REG_NOT_RECORDED));
    doc_close(d);
    doc_close(d);
    if (a->minutes)
        reg_doc_pair(d, REG_W(RL_REG_MINUTES), "%s", a->minutes);
    if (a->conditions)
        reg_doc_pair(d, REG_W(RL_REG_CONDITIONS), "%s", a->conditions);
    if (a->accepted_until)
        date_pair(d, RL_REG_ACCEPTED_UNTIL, a->accepted_until, lang);
    if (a->note)
        reg_doc_pair(d, REG_W(RL_REG_NOTE), "%s", a->note);
    if (a->superseded_by) {
        reg_doc_line(d, "%s%s", REG_W(RL_REG_SUPERSEDED_BY), n.superseded);
    } else if (a->stale_run_id) {
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_textf(d, "%s%s%s", REG_W(RL_REG_STALE_SINCE), n.stale,
                  lang == CR_LANG_JA ? " 以降）：" : ": ");
        reg_doc_stale_reason(d, a->stale_reason ? a->stale_reason : "", lang);
        doc_close(d);
    } else if (a->status == CR_DSTATUS_STALE) {
        doc_open(d, DOC_PARA, NULL, NULL);
        doc_text(d, REG_W(RL_REG_STALE_EXPIRED));
        reg_doc_date(d, a->accepted_until ? a->accepted_until : "", lang);
        doc_text(d, lang == CR_LANG_JA ? "）" : ")");
        doc_close(d);
    }
    doc_close(d);
}

void reg_approvals_doc(cr_doc *d, const cr_reg_approval *a, size_t n, bool csv,
                       cr_report_lang lang)
{
    static const char *const header[] = {
        "decision_id",    "service_id", "run_id",       "subject_kind",  "subject",
        "decision",       "by",         "date",         "minutes",       "conditions",
        "accepted_until", "note",       "status",       "signed_state",  "level",
        "expected_loss",  "p95",        "sheet_sha256", "superseded_by", "stale_since_run",
        "stale_reason"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    for (size_t i = 0; i < n; i++) {
        if (csv)
            approval_row(d, &a[i]);
        else
            approval_lines(d, &a[i], lang);
    }
    if (csv)
        doc_close(d);
}

/* ---- what awaits a decision ------------------------------------------------------ */

void reg_pending_doc(cr_doc *d, const cr_reg_pending *p, size_t n, bool csv,
                     cr_report_lang lang)
{
    static const char *const header[] = {"service_id", "run_id",      "subject_kind", "subject",
                                         "level",      "decision_id", "reason",       "why"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    else if (n == 0)
        reg_doc_line(d, "%s", REG_W(RL_REG_NOTHING_PENDING));
    for (size_t i = 0; i < n; i++) {
        char run[24], decision[24] = "";
        snprintf(run, sizeof run, "%" PRId64, p[i].run_id);
        if (p[i].decision_id)
            snprintf(decision, sizeof decision, "%" PRId64, p[i].decision_id);
        if (csv) {
            const char *row[] = {p[i].service_id, run,         cr_subject_kind_name(p[i].kind),
                                 p[i].subject,    p[i].level,  decision,
                                 p[i].reason,     p[i].why};
            reg_doc_row(d, row, sizeof row / sizeof row[0]);
            continue;
        }
        if (lang == CR_LANG_JA) {
            doc_open(d, DOC_PARA, NULL, NULL);
            doc_textf(d, "%s %s", p[i].service_id,
                      reg_subject_text(p[i].subject, p[i].kind, lang));
            if (p[i].kind != CR_SUBJECT_PLAN)
                doc_textf(d, "（%s%s%s）", reg_kind_text(p[i].kind, lang), p[i].level ? "、" : "",
                          p[i].level ? reg_level_text(p[i].level, lang) : "");
            doc_textf(d, "、%s %s：%s", REG_W(RL_REG_RUN), run, reg_why_text(p[i].reason, lang));
            if (p[i].decision_id)
                doc_textf(d, "（%s %s）", REG_W(RL_REG_DECISION), decision);
            doc_close(d);
            continue;
        }
        reg_doc_line(d, "%s %s (%s%s%s), run %s: %s", p[i].service_id, p[i].subject,
                     cr_subject_kind_name(p[i].kind), p[i].level ? ", " : "",
                     p[i].level ? p[i].level : "", run, p[i].why);
    }
    if (csv)
        doc_close(d);
    else if (n && lang == CR_LANG_JA)
        reg_doc_line(d, "%s%zu件", REG_W(RL_REG_PENDING_COUNT), n);
    else if (n)
        reg_doc_line(d, "%zu pending", n);
}

/* ---- plan items ------------------------------------------------------------------- */

static void item_line(cr_doc *d, const cr_reg_item *it, const char *first, cr_report_lang lang)
{
    bool ja = lang == CR_LANG_JA;
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s %s%s%s", it->service_id, it->control_id, report_colon(lang),
              reg_item_status_text(it->status, lang));
    if (it->due) {
        doc_text(d, REG_W(RL_REG_DUE));
        reg_doc_date(d, it->due, lang);
    }
    if (it->status == CR_ITEM_LATE)
        doc_textf(d, ja ? "（%ld日遅延）" : " (%ld days late)", it->days_late);
    doc_textf(d, "%s%s%s", REG_W(RL_REG_PLANNED_SINCE), first, report_open_paren(lang));
    reg_doc_date(d, it->first_planned ? it->first_planned : "", lang);
    doc_text(d, report_close_paren(lang));
    if (!it->in_latest_plan && it->status != CR_ITEM_DONE)
        doc_text(d, REG_W(RL_REG_NOT_IN_LATEST));
    doc_close(d);
}

void reg_items_doc(cr_doc *d, const cr_reg_item *items, size_t n, bool csv,
                   cr_report_lang lang)
{
    static const char *const header[] = {"owner",       "service_id", "control_id",
                                         "status",      "due",        "days_late",
                                         "first_run",   "first_planned", "latest_run",
                                         "in_latest_plan"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    else if (n == 0)
        reg_doc_line(d, "%s", REG_W(RL_REG_NO_ITEMS));
    const char *owner = NULL; /* the owner whose items are open, indented under it */
    for (size_t i = 0; i < n; i++) {
        const cr_reg_item *it = &items[i];
        char late[24], first[24], latest[24];
        snprintf(late, sizeof late, "%ld", it->days_late);
        snprintf(first, sizeof first, "%" PRId64, it->first_run);
        snprintf(latest, sizeof latest, "%" PRId64, it->latest_run);
        if (csv) {
            const char *row[] = {it->owner, it->service_id, it->control_id,
                                 cr_item_status_name(it->status), it->due, late, first,
                                 it->first_planned, latest,
                                 it->in_latest_plan ? "true" : "false"};
            reg_doc_row(d, row, sizeof row / sizeof row[0]);
            continue;
        }
        const char *who = it->owner ? it->owner : REG_W(RL_REG_NO_OWNER);
        if (!owner || strcmp(owner, who) != 0) {
            if (owner)
                doc_close(d);
            reg_doc_line(d, "%s", who);
            reg_doc_indent(d);
        }
        owner = who;
        item_line(d, it, first, lang);
    }
    if (csv || owner)
        doc_close(d);
}
