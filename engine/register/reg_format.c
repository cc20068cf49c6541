/*
 * reg_format.c -- a change between runs, a service's history and the
 * decisions on record in the format asked (what `cloudrisk diff`, `cloudrisk
 * history` and `cloudrisk register approvals` print): JSON built here, text
 * and CSV as documents (reg_doc_runs.c, reg_doc_lists.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register/reg_doc.h"
#include "register/reg_json.h"
#include "util/json_build.h"

void reg_format_double(char *buf, size_t size, double v)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

cr_status cr_reg_change_write(const cr_reg_change *c, const cr_reg_run *a, const cr_reg_run *b,
                              cr_reg_format format, cr_report_lang lang, FILE *out,
                              cr_error *err)
{
    switch (format) {
    case CR_REG_JSON: {
        cr_jb jb = {0};
        cJSON *doc = cr_jb_object(&jb);
        cr_jb_put(&jb, doc, "from", a ? reg_run_to_json(&jb, a, false) : cr_jb_null_value(&jb));
        cr_jb_put(&jb, doc, "to", reg_run_to_json(&jb, b, false));
        cJSON *change = reg_change_to_json(&jb, c);
        if (a && change)
            cr_jb_put(&jb, change, "inputs_parts_changed", reg_changed_parts_json(a, b));
        cr_jb_put(&jb, doc, "change", change);
        return reg_json_write(&jb, doc, true, out, err);
    }
    case CR_REG_CSV:
    case CR_REG_TEXT: {
        cr_doc d;
        reg_doc_init(&d, lang);
        reg_diff_doc(&d, c, a, b, format == CR_REG_CSV, lang);
        return reg_doc_write(&d, format, out, err);
    }
    }
    return cr_error_set(err, CR_ERR_INTERNAL, NULL, 0, NULL, "unknown output format");
}

size_t reg_level_tally(const cr_reg_run *run, reg_level_count *out, size_t max)
{
    int max_rank = 0;
    for (size_t i = 0; i < run->n_risks; i++)
        if (run->risks[i].residual_rank > max_rank)
            max_rank = run->risks[i].residual_rank;
    size_t n = 0;
    for (int rank = max_rank; rank >= 0 && n < max; rank--) {
        reg_level_count c = {NULL, 0};
        for (size_t i = 0; i < run->n_risks; i++)
            if (run->risks[i].residual_rank == rank) {
                c.name = run->risks[i].residual_level;
                c.count++;
            }
        if (c.count)
            out[n++] = c;
    }
    return n;
}

/* "high 2, medium 9, low 10": residual levels by rank, worst first. */
void reg_level_counts(const cr_reg_run *run, char *buf, size_t size)
{
    reg_level_count tally[REG_MAX_LEVELS];
    size_t n = reg_level_tally(run, tally, REG_MAX_LEVELS), used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s %zu", used ? ", " : "", tally[i].name,
                         tally[i].count);
        if (k > 0)
            used += (size_t)k;
    }
}

cr_status cr_reg_history_write(const cr_reg_run *runs, size_t n, cr_reg_format format,
                               cr_report_lang lang, FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cr_jb_str(b, doc, "service_id", n ? runs[0].service_id : "");
        cJSON *list = cr_jb_add_array(b, doc, "runs");
        for (size_t i = 0; i < n; i++) {
            cJSON *r = reg_run_to_json(b, &runs[i], true);
            cr_reg_change c;
            cr_status s = cr_reg_compare(i ? &runs[i - 1] : NULL, &runs[i], &c, err);
            if (s) {
                cJSON_Delete(r);
                cJSON_Delete(doc);
                return s;
            }
            cr_jb_put(b, r, "change_since_previous", reg_change_to_json(b, &c));
            cr_reg_change_clear(&c);
            cr_jb_push(b, list, r);
        }
        return reg_json_write(b, doc, true, out, err);
    }
    cr_doc d;
    reg_doc_init(&d, lang);
    cr_status s = reg_history_doc(&d, runs, n, format == CR_REG_CSV, lang, err);
    if (s) {
        doc_free(&d);
        return s;
    }
    return reg_doc_write(&d, format, out, err);
}

bool cr_reg_format_parse(const char *word, cr_reg_format *out)
{
    static const char *const names[] = {"csv", "json", "text"};
    for (int i = 0; i < 3; i++)
        if (word && strcmp(word, names[i]) == 0) {
            *out = (cr_reg_format)i;
            return true;
        }
    return false;
}

cr_status cr_reg_approvals_write(const cr_reg_approval *a, size_t n, cr_reg_format format,
                                 cr_report_lang lang, FILE *out, cr_error *err)
{
    if (format == CR_REG_JSON) {
        cr_jb jb = {0}, *b = &jb;
        cJSON *doc = cr_jb_object(b);
        cJSON *list = cr_jb_add_array(b, doc, "approvals");
        for (size_t i = 0; i < n; i++)
            cr_jb_push(b, list, reg_approval_to_json(b, &a[i]));
        return reg_json_write(b, doc, true, out, err);
    }
    cr_doc d;
    reg_doc_init(&d, lang);
    reg_approvals_doc(&d, a, n, format == CR_REG_CSV, lang);
    return reg_doc_write(&d, format, out, err);
}
