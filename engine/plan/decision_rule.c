/*
 * decision_rule.c -- the decision object's words and the one rule that says
 * whether a decision still holds (doc/register.md, "The staleness rule").
 *
 * A decision accepts the state an approval sheet showed for its subject:
 * the level, the expected annual loss (with its standard error; a closed
 * form has none) and the P95, and for the plan as a whole the items it
 * holds.  It stops holding when it is revoked, when it passes its
 * accepted-until date, or when the subject's state now differs materially
 * from the signed one:
 *
 *     level_now != level_signed                            (rose: "level rose")
 *     items_now != items_signed                            (the plan: "plan changed")
 *     |L_now - L_signed| > 2 sqrt(se_now^2 + se_signed^2)
 *        and |L_now - L_signed| >= m * L_signed            ("state changed")
 *
 * with m the materiality (10% by default).  The first condition on the loss
 * keeps Monte Carlo noise from sending a decision back to management, the
 * second keeps a small but detectable drift from doing so.  Worked example
 * (tests/unit/test_plan.c): signed 1,000,000 with SE 10,000; now 1,050,000
 * (SE 10,000): the change, 50,000, is beyond the noise 28,284 but below 10%:
 * current.  Now 1,200,000: 20%: stale ("expected annual loss went from
 * 1,000,000 to 1,200,000").  The P95 is kept as signed, for the record; the
 * rule judges the level and the expected loss, which the sheet states.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cloudrisk/plan.h"
#include "util/values.h"

#define NAME_OF(table, value) \
    ((size_t)(value) < sizeof table / sizeof table[0] ? table[(size_t)(value)] : "unknown")

static const char *const decision_names[] = {"", "approved", "rejected",
                                             "approved_with_conditions", "revoked"};

const char *cr_decision_name(cr_decision_kind k)
{
    return NAME_OF(decision_names, k);
}

bool cr_decision_parse(const char *word, bool allow_revoked, cr_decision_kind *out)
{
    if (!word || !word[0])
        return false;
    /* The words of every form, in Japanese too (util/values.c). */
    const char *canonical = cr_value_word(CR_VALUE_DECISION, word);
    if (canonical)
        word = canonical;
    if (strcasecmp(word, "changed") == 0) {
        *out = CR_DECISION_APPROVED_WITH_CONDITIONS;
        return true;
    }
    for (int k = CR_DECISION_APPROVED; k <= CR_DECISION_REVOKED; k++)
        if (strcasecmp(word, decision_names[k]) == 0) {
            if (k == CR_DECISION_REVOKED && !allow_revoked)
                return false;
            *out = (cr_decision_kind)k;
            return true;
        }
    return false;
}

static const char *const subject_names[] = {"risk", "item", "plan"};

const char *cr_subject_kind_name(cr_subject_kind k)
{
    return NAME_OF(subject_names, k);
}

bool cr_subject_kind_parse(const char *word, cr_subject_kind *out)
{
    for (int k = 0; k < 3; k++)
        if (word && strcmp(word, subject_names[k]) == 0) {
            *out = (cr_subject_kind)k;
            return true;
        }
    return false;
}

static const char *const basis_names[] = {"residual", "after_plan"};

const char *cr_signed_basis_name(cr_signed_basis b)
{
    return NAME_OF(basis_names, b);
}

bool cr_signed_basis_parse(const char *word, cr_signed_basis *out)
{
    for (int k = 0; k < 2; k++)
        if (word && strcmp(word, basis_names[k]) == 0) {
            *out = (cr_signed_basis)k;
            return true;
        }
    return false;
}

const char *cr_decision_status_name(cr_decision_status s)
{
    static const char *const names[] = {"current", "stale", "revoked", "superseded"};
    return NAME_OF(names, s);
}

const char *cr_stale_reason_name(cr_stale_reason r)
{
    static const char *const names[] = {"",        "state_changed", "level_rose",
                                        "plan_changed", "expired",  "off_sheet",
                                        "unknown_state"};
    return NAME_OF(names, r);
}

void cr_decision_clear(cr_decision *d)
{
    free(d->by);
    free(d->note);
    free(d->minutes);
    free(d->conditions);
    free(d->source);
    free(d->stale_reason);
    memset(d, 0, sizeof *d);
}

cr_date cr_date_add_months(cr_date d, int months)
{
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long m = (long)d.year * 12 + (d.month - 1) + months;
    cr_date r = {(int)(m / 12), (int)(m % 12) + 1, d.day};
    int last = days_in[r.month - 1];
    if (r.month == 2 && ((r.year % 4 == 0 && r.year % 100 != 0) || r.year % 400 == 0))
        last = 29;
    if (r.day > last)
        r.day = last;
    return r;
}

static void verdict(cr_decision_verdict *out, cr_decision_status status, cr_stale_reason reason,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void verdict(cr_decision_verdict *out, cr_decision_status status, cr_stale_reason reason,
                    const char *fmt, ...)
{
    out->status = status;
    out->reason = reason;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->text, sizeof out->text, fmt, ap);
    va_end(ap);
}

static double se_or_zero(double se)
{
    return isfinite(se) && se > 0 ? se : 0.0;
}

void cr_decision_judge(cr_decision_kind kind, const cr_signed_state *signed_state,
                       cr_date accepted_until, const cr_signed_state *now, cr_date as_of,
                       double materiality, cr_decision_verdict *out)
{
    memset(out, 0, sizeof *out);
    if (!(materiality > 0))
        materiality = CR_DECISION_DEFAULT_MATERIALITY;
    char a[11];
    if (kind == CR_DECISION_REVOKED) {
        verdict(out, CR_DSTATUS_REVOKED, CR_STALE_NONE, "revoked");
        return;
    }
    if (cr_date_is_set(as_of) && cr_date_is_set(accepted_until) &&
        cr_date_to_days(as_of) > cr_date_to_days(accepted_until)) {
        cr_date_format(accepted_until, a);
        verdict(out, CR_DSTATUS_STALE, CR_STALE_EXPIRED, "accepted until %s, which has passed", a);
        return;
    }
    if (!now || !now->present) {
        verdict(out, CR_DSTATUS_STALE, CR_STALE_OFF_SHEET, "no longer on the approval sheet");
        return;
    }
    if (!signed_state || !signed_state->present) {
        verdict(out, CR_DSTATUS_STALE, CR_STALE_UNKNOWN_STATE,
                "taken on a sheet whose state is not known");
        return;
    }
    if (signed_state->items_sha256[0] &&
        strcmp(signed_state->items_sha256, now->items_sha256) != 0) {
        verdict(out, CR_DSTATUS_STALE, CR_STALE_PLAN_CHANGED,
                "the plan changed: its items are not those signed");
        return;
    }
    if (signed_state->level >= 0 && now->level >= 0 && now->level != signed_state->level) {
        bool rose = now->level > signed_state->level;
        verdict(out, CR_DSTATUS_STALE, rose ? CR_STALE_LEVEL_ROSE : CR_STALE_STATE_CHANGED,
                "level %s from %s to %s", rose ? "rose" : "fell",
                signed_state->level_id[0] ? signed_state->level_id : "?",
                now->level_id[0] ? now->level_id : "?");
        return;
    }
    double was = signed_state->expected_loss, is = now->expected_loss;
    if (isfinite(was) && isfinite(is)) {
        double delta = fabs(is - was);
        double noise = 2.0 * sqrt(se_or_zero(signed_state->expected_loss_se) *
                                      se_or_zero(signed_state->expected_loss_se) +
                                  se_or_zero(now->expected_loss_se) *
                                      se_or_zero(now->expected_loss_se));
        if (delta > noise && delta >= materiality * fabs(was) && delta > 0) {
            verdict(out, CR_DSTATUS_STALE, CR_STALE_STATE_CHANGED,
                    "expected annual loss went from %.0f to %.0f (by more than the noise %.0f "
                    "and at least %.0f%% of the signed figure)",
                    was, is, noise, materiality * 100.0);
            return;
        }
    }
    out->status = CR_DSTATUS_CURRENT;
}
