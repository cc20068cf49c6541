/*
 * render_csv.c -- the plan items as CSV, one row per item, for trackers and
 * spreadsheets.  Amounts are plain numbers (no separators, no currency
 * symbol; the currency has its own column); dates are YYYY-MM-DD; lists are
 * joined with ";".  Rows go through the project's CSV writer, which quotes
 * only where it must, so that the file reads back as written.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/labels.h"
#include "report/report_internal.h"
#include "util/csv_util.h"

static const char *const columns[] = {
    "number",      "control",       "title",      "details",       "risks",
    "option",      "reason",        "priority",   "owner",         "currency",
    "one_off",     "annual",        "effort_days", "start",        "due",
    "ale_reduction", "rosi",        "ale_after",  "decision",      "decided_by",
    "decision_date", "decision_note", "inputs_sha256", "past_due"};
enum { N_COLUMNS = sizeof columns / sizeof columns[0] };

static void number(char *buf, size_t size, double v, int decimals)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, size, "%.*f", decimals, v == 0.0 ? 0.0 : v);
}

cr_status report_render_csv(const cr_plan *plan, cr_report_lang lang, cr_strbuf *sb,
                            cr_error *err)
{
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *fp = open_memstream(&mem, &mem_len);
    if (!fp)
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    cr_csv_write_row(fp, columns, N_COLUMNS);
    cr_strbuf details, risks, reason;
    cr_strbuf_init(&details);
    cr_strbuf_init(&risks);
    cr_strbuf_init(&reason);
    for (size_t t = 0; t < plan->n_items; t++) {
        const cr_plan_item *it = &plan->items[t];
        const cr_plan_gap *g = &plan->gaps[it->gap];
        char num[24], prio[24], one_off[40], annual[40], effort[40], start[11], due[11];
        char reduction[40], rosi[40], after[40], decided[11];
        details.len = risks.len = reason.len = 0;
        for (size_t d = 0; d < g->n_details; d++) {
            if (d)
                cr_strbuf_puts(&details, ";");
            cr_strbuf_puts(&details, g->details[d].id);
        }
        for (size_t k = 0; k < it->n_risks; k++) {
            if (k)
                cr_strbuf_puts(&risks, ";");
            cr_strbuf_puts(&risks, plan->risks[it->risks[k]].id);
        }
        report_item_reason(&reason, plan, it, lang);
        snprintf(num, sizeof num, "%zu", t + 1);
        snprintf(prio, sizeof prio, "%d", it->priority);
        number(one_off, sizeof one_off, it->one_off, 0);
        number(annual, sizeof annual, it->annual, 0);
        number(effort, sizeof effort, it->effort_days, 1);
        number(reduction, sizeof reduction, it->ale_reduction, 0);
        number(rosi, sizeof rosi, it->rosi, 4);
        number(after, sizeof after, it->ale_after, 0);
        cr_date_format(it->start, start);
        cr_date_format(it->due, due);
        cr_date_format(it->decision.date, decided);
        const char *row[N_COLUMNS] = {
            num, g->control_id, report_control_title(g, lang), details.len ? details.data : "",
            risks.len ? risks.data : "",
            cr_treatment_name(CR_TREAT_REDUCE), reason.len ? reason.data : "", prio, it->owner ? it->owner : "",
            plan->currency ? plan->currency : "", one_off, annual, effort, start, due,
            reduction, rosi, after, cr_decision_name(it->decision.kind),
            it->decision.by ? it->decision.by : "", decided,
            it->decision.note ? it->decision.note : "",
            plan->input_sha256 ? plan->input_sha256 : "", it->past_due ? "yes" : "no"};
        if (details.failed || risks.failed || reason.failed)
            break;
        cr_csv_write_row(fp, row, N_COLUMNS);
    }
    bool failed = details.failed || risks.failed || reason.failed;
    cr_strbuf_free(&details);
    cr_strbuf_free(&risks);
    cr_strbuf_free(&reason);
    if (fclose(fp) != 0 || failed) {
        free(mem);
        return cr_error_set(err, CR_ERR_MEMORY, NULL, 0, NULL, "out of memory");
    }
    cr_strbuf_append(sb, mem, mem_len);
    free(mem);
    return CR_OK;
}
