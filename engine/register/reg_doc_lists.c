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
static void approval_lines(cr_doc *d, const cr_reg_approval *a)
{
    approval_numbers n;
    numbers_of(a, &n);
    const cr_signed_state *s = &a->signed_state;
    reg_doc_line(d, "decision %s: %s %s (%s), run %s: %s by %s on %s [%s]", n.id,
                 a->service_id ? a->service_id : "", a->subject,
                 cr_subject_kind_name(a->subject_kind), n.run, a->decision, a->approver,
                 a->decided_on, cr_decision_status_name(a->status));
    reg_doc_indent(d);
    reg_doc_pair_open(d, "signed");
    doc_text(d, cr_signed_basis_name(s->basis));
    if (s->level_id[0])
        doc_textf(d, ", level %s", s->level_id);
    if (n.loss[0])
        doc_textf(d, ", expected annual loss %s", n.loss);
    if (n.p95[0])
        doc_textf(d, ", P95 %s", n.p95);
    doc_textf(d, "; sheet %s", s->sheet_sha256[0] ? s->sheet_sha256 : "(not recorded)");
    doc_close(d);
    doc_close(d);
    if (a->minutes)
        reg_doc_pair(d, "minutes", "%s", a->minutes);
    if (a->conditions)
        reg_doc_pair(d, "conditions", "%s", a->conditions);
    if (a->accepted_until)
        reg_doc_pair(d, "accepted until", "%s", a->accepted_until);
    if (a->note)
        reg_doc_pair(d, "note", "%s", a->note);
    if (a->superseded_by)
        reg_doc_line(d, "superseded by decision %s", n.superseded);
    else if (a->stale_run_id)
        reg_doc_line(d, "STALE since run %s: %s", n.stale, a->stale_reason ? a->stale_reason : "");
    else if (a->status == CR_DSTATUS_STALE)
        reg_doc_line(d, "STALE: expired (accepted until %s)",
                     a->accepted_until ? a->accepted_until : "");
    doc_close(d);
}

void reg_approvals_doc(cr_doc *d, const cr_reg_approval *a, size_t n, bool csv)
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
            approval_lines(d, &a[i]);
    }
    if (csv)
        doc_close(d);
}

/* ---- what awaits a decision ------------------------------------------------------ */

void reg_pending_doc(cr_doc *d, const cr_reg_pending *p, size_t n, bool csv)
{
    static const char *const header[] = {"service_id", "run_id",      "subject_kind", "subject",
                                         "level",      "decision_id", "reason",       "why"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    else if (n == 0)
        reg_doc_line(d, "nothing pending: every subject of every latest approval sheet has a "
                        "current decision");
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
        reg_doc_line(d, "%s %s (%s%s%s), run %s: %s", p[i].service_id, p[i].subject,
                     cr_subject_kind_name(p[i].kind), p[i].level ? ", " : "",
                     p[i].level ? p[i].level : "", run, p[i].why);
    }
    if (csv)
        doc_close(d);
    else if (n)
        reg_doc_line(d, "%zu pending", n);
}

/* ---- plan items ------------------------------------------------------------------- */

static void item_line(cr_doc *d, const cr_reg_item *it, const char *first)
{
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_textf(d, "%s %s: %s", it->service_id, it->control_id, cr_item_status_name(it->status));
    if (it->due)
        doc_textf(d, ", due %s", it->due);
    if (it->status == CR_ITEM_LATE)
        doc_textf(d, " (%ld days late)", it->days_late);
    doc_textf(d, "; planned since run %s (%s)", first, it->first_planned ? it->first_planned : "");
    if (!it->in_latest_plan && it->status != CR_ITEM_DONE)
        doc_text(d, "; not in the latest plan");
    doc_close(d);
}

void reg_items_doc(cr_doc *d, const cr_reg_item *items, size_t n, bool csv)
{
    static const char *const header[] = {"owner",       "service_id", "control_id",
                                         "status",      "due",        "days_late",
                                         "first_run",   "first_planned", "latest_run",
                                         "in_latest_plan"};
    if (csv)
        reg_doc_table(d, header, sizeof header / sizeof header[0]);
    else if (n == 0)
        reg_doc_line(d, "no plan items");
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
        const char *who = it->owner ? it->owner : "(no owner)";
        if (!owner || strcmp(owner, who) != 0) {
            if (owner)
                doc_close(d);
            reg_doc_line(d, "%s", who);
            reg_doc_indent(d);
        }
        owner = who;
        item_line(d, it, first);
    }
    if (csv || owner)
        doc_close(d);
}
