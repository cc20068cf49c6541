/*
 * reg_doc.c -- the pieces the register's documents are made of (reg_doc.h):
 * lines, labelled values, indented boxes, tables; and a document written
 * out in the format asked for.
 */
#include <stdarg.h>
#include <string.h>

#include "register/reg_doc.h"

void reg_doc_init(cr_doc *d, cr_report_lang lang)
{
    doc_init(d);
    if (lang == CR_LANG_JA)
        doc_set_lang(d, "ja");
}

cr_status reg_doc_write(cr_doc *d, cr_reg_format format, FILE *out, cr_error *err)
{
    bool ok = doc_write(d, format == CR_REG_CSV ? DOC_OUT_CSV : DOC_OUT_TEXT, out);
    doc_free(d);
    return ok ? CR_OK : cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
}

void reg_doc_line(cr_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    doc_open(d, DOC_PARA, NULL, NULL);
    doc_vtextf(d, fmt, ap);
    doc_close(d);
    va_end(ap);
}

void reg_doc_pair_open(cr_doc *d, const char *label)
{
    doc_open(d, DOC_PAIR, NULL, NULL);
    doc_leaf(d, DOC_TERM, NULL, NULL, label);
    doc_open(d, DOC_DESC, NULL, NULL);
}

void reg_doc_pair(cr_doc *d, const char *label, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    reg_doc_pair_open(d, label);
    doc_vtextf(d, fmt, ap);
    doc_close(d);
    doc_close(d);
    va_end(ap);
}

void reg_doc_indent(cr_doc *d)
{
    doc_open(d, DOC_BOX, NULL, "indent");
}

void reg_doc_table(cr_doc *d, const char *const *heads, size_t n)
{
    doc_open(d, DOC_TABLE, NULL, NULL);
    doc_open(d, DOC_HEADROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_HEADCELL, NULL, NULL, heads[i]);
    doc_close(d);
}

void reg_doc_row(cr_doc *d, const char *const *fields, size_t n)
{
    doc_open(d, DOC_ROW, NULL, NULL);
    for (size_t i = 0; i < n; i++)
        doc_leaf(d, DOC_CELL, NULL, NULL, fields[i]);
    doc_close(d);
}

/* ---- the register's codes in the reader's language --------------------------- */

typedef struct code_label {
    const char *code;
    report_label label;
} code_label;

/* The label of `code` in map, or NULL. */
static const char *lookup(const code_label *map, size_t n, const char *code, cr_report_lang lang)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(map[i].code, code) == 0)
            return REG_W(map[i].label);
    return NULL;
}

const char *reg_level_text(const char *id, cr_report_lang lang)
{
    static const code_label map[] = {
        {"low", RL_REG_LV_LOW}, {"medium", RL_REG_LV_MEDIUM}, {"high", RL_REG_LV_HIGH}};
    const char *t = lang == CR_LANG_JA ? lookup(map, 3, id, lang) : NULL;
    return t ? t : id ? id : "";
}

const char *reg_kind_text(cr_subject_kind kind, cr_report_lang lang)
{
    if (lang != CR_LANG_JA)
        return cr_subject_kind_name(kind);
    return REG_W(kind == CR_SUBJECT_PLAN   ? RL_REG_KIND_PLAN
                 : kind == CR_SUBJECT_ITEM ? RL_REG_KIND_ITEM
                                           : RL_REG_KIND_RISK);
}

const char *reg_subject_text(const char *subject, cr_subject_kind kind, cr_report_lang lang)
{
    if (lang == CR_LANG_JA && kind == CR_SUBJECT_PLAN)
        return REG_W(RL_REG_KIND_PLAN);
    return subject ? subject : "";
}

const char *reg_dstatus_text(cr_decision_status status, cr_report_lang lang)
{
    if (lang != CR_LANG_JA)
        return cr_decision_status_name(status);
    switch (status) {
    case CR_DSTATUS_STALE: return REG_W(RL_REG_DS_STALE);
    case CR_DSTATUS_REVOKED: return REG_W(RL_REG_DS_REVOKED);
    case CR_DSTATUS_SUPERSEDED: return REG_W(RL_REG_DS_SUPERSEDED);
    default: return REG_W(RL_REG_DS_CURRENT);
    }
}

const char *reg_basis_text(cr_signed_basis basis, cr_report_lang lang)
{
    if (lang != CR_LANG_JA)
        return cr_signed_basis_name(basis);
    return REG_W(basis == CR_SIGNED_AFTER_PLAN ? RL_REG_BASIS_AFTER_PLAN : RL_REG_BASIS_RESIDUAL);
}

const char *reg_decision_text(const char *decision, cr_report_lang lang)
{
    static const code_label map[] = {{"approved", RL_DECISION_APPROVED},
                                     {"rejected", RL_DECISION_REJECTED},
                                     {"approved_with_conditions", RL_DECISION_CHANGED},
                                     {"revoked", RL_REG_DECISION_REVOKED}};
    const char *t = lang == CR_LANG_JA ? lookup(map, 4, decision, lang) : NULL;
    return t ? t : decision ? decision : "";
}

const char *reg_item_status_text(cr_item_status status, cr_report_lang lang)
{
    if (lang != CR_LANG_JA)
        return cr_item_status_name(status);
    switch (status) {
    case CR_ITEM_IN_PROGRESS: return REG_W(RL_REG_IT_IN_PROGRESS);
    case CR_ITEM_DONE: return REG_W(RL_REG_IT_DONE);
    case CR_ITEM_LATE: return REG_W(RL_REG_IT_LATE);
    case CR_ITEM_DROPPED: return REG_W(RL_REG_IT_DROPPED);
    default: return REG_W(RL_REG_IT_PLANNED);
    }
}

const char *reg_why_text(const char *reason, cr_report_lang lang)
{
    static const code_label map[] = {{"none", RL_REG_WHY_NONE},
                                     {"new", RL_REG_WHY_NEW},
                                     {"expired", RL_REG_WHY_EXPIRED},
                                     {"revoked", RL_REG_WHY_REVOKED},
                                     {"level_rose", RL_REG_WHY_LEVEL_ROSE},
                                     {"state_changed", RL_REG_WHY_STATE_CHANGED},
                                     {"plan_changed", RL_REG_WHY_PLAN_CHANGED},
                                     {"off_sheet", RL_REG_WHY_OFF_SHEET},
                                     {"unknown_state", RL_REG_WHY_UNKNOWN_STATE}};
    const char *t = lookup(map, sizeof map / sizeof map[0], reason, lang);
    return t ? t : reason ? reason : "";
}

void reg_doc_date(cr_doc *d, const char *text, cr_report_lang lang)
{
    char day[11];
    cr_date date;
    if (!text)
        return;
    snprintf(day, sizeof day, "%s", text);
    if (lang != CR_LANG_JA || !cr_date_parse(day, &date)) {
        doc_text(d, text);
        return;
    }
    char buf[REPORT_DATE_BUF];
    doc_text(d, report_date_text(buf, date, lang));
    /* A time: "2026-10-20T09:00:00Z" -> " 09:00 UTC". */
    if (strlen(text) >= 16 && text[10] == 'T')
        doc_textf(d, " %.5s UTC", text + 11);
}

void reg_doc_money(cr_doc *d, double v, const char *currency, cr_report_lang lang)
{
    if (lang != CR_LANG_JA) {
        doc_textf(d, "%.0f", v);
        if (currency && *currency)
            doc_textf(d, " %s", currency);
        return;
    }
    cr_strbuf sb;
    cr_strbuf_init(&sb);
    report_money(&sb, v, currency, lang);
    if (sb.failed)
        d->failed = true; /* out of memory: the document is not written */
    else
        doc_text(d, sb.data ? sb.data : "");
    cr_strbuf_free(&sb);
}

void reg_doc_count(cr_doc *d, size_t n, cr_report_lang lang)
{
    doc_textf(d, lang == CR_LANG_JA ? "%zu件" : "%zu", n);
}

/* The verdicts of the one staleness rule (plan/decision_rule.c), by the
 * words they open with, and what a Japanese reader is told. */
void reg_doc_stale_reason(cr_doc *d, const char *text, cr_report_lang lang)
{
    if (!text)
        return;
    long long newer;
    int at = 0;
    if (lang == CR_LANG_JA && sscanf(text, "older than decision %lld on record for %n", &newer,
                                     &at) == 1 && at > 0) {
        doc_textf(d, "%s%lld%s%s", REG_W(RL_REG_OLDER_THAN), newer, REG_W(RL_REG_ON_RECORD_FOR),
                  strcmp(text + at, "plan") == 0 ? REG_W(RL_REG_KIND_PLAN) : text + at);
        return;
    }
    const char *colon = strstr(text, ": ");
    if (lang != CR_LANG_JA || !colon) {
        doc_text(d, text);
        return;
    }
    const char *v = colon + 2;
    /* The subject the reason opens with: the plan's id is "plan". */
    int sn = (int)(colon - text);
    const char *subject = text;
    if (sn == 4 && strncmp(text, "plan", 4) == 0)
        subject = REG_W(RL_REG_KIND_PLAN), sn = (int)strlen(subject);
    char from[64], to[64];
    double was, is;
    if (sscanf(v, "level rose from %63s to %63s", from, to) == 2 ||
        sscanf(v, "level fell from %63s to %63s", from, to) == 2) {
        doc_textf(d, "%.*s：%s（%s→%s）", sn, subject,
                  REG_W(v[6] == 'r' ? RL_REG_WHY_LEVEL_ROSE : RL_REG_LEVEL_FELL),
                  reg_level_text(from, lang), reg_level_text(to, lang));
        return;
    }
    if (sscanf(v, "expected annual loss went from %lf to %lf", &was, &is) == 2) {
        doc_textf(d, "%.*s：%s", sn, subject, REG_W(RL_REG_LOSS_WENT));
        reg_doc_money(d, was, NULL, lang);
        doc_text(d, "→");
        reg_doc_money(d, is, NULL, lang);
        return;
    }
    static const code_label map[] = {
        {"the plan changed", RL_REG_WHY_PLAN_CHANGED},
        {"no longer on the approval sheet", RL_REG_WHY_OFF_SHEET},
        {"taken on a sheet whose state", RL_REG_WHY_UNKNOWN_STATE},
        {"accepted until", RL_REG_WHY_EXPIRED},
        {"revoked", RL_REG_WHY_REVOKED}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncmp(v, map[i].code, strlen(map[i].code)) == 0) {
            doc_textf(d, "%.*s：%s", sn, subject, REG_W(map[i].label));
            return;
        }
    doc_text(d, text);
}
