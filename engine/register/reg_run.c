/*
 * reg_run.c -- a run record in memory: ownership, validation, identity.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "register/reg_internal.h"

void cr_reg_run_init(cr_reg_run *run)
{
    memset(run, 0, sizeof *run);
}

static void risk_free(cr_reg_risk *r)
{
    free(r->risk_id);
    free(r->inherent_level);
    free(r->residual_level);
    free(r->target_level);
    free(r->treatment);
    free(r->treatment_reason);
}

void cr_reg_run_clear(cr_reg_run *run)
{
    if (!run)
        return;
    free(run->service_id);
    free(run->service_name);
    free(run->owner);
    free(run->source);
    free(run->model_version);
    free(run->criteria_version);
    free(run->run_time);
    free(run->currency);
    free(run->assessor);
    free(run->input_parts);
    for (size_t i = 0; i < run->n_sheet; i++)
        free(run->sheet[i].subject);
    free(run->sheet);
    for (size_t i = 0; i < run->n_risks; i++)
        risk_free(&run->risks[i]);
    free(run->risks);
    for (size_t i = 0; i < run->n_gaps; i++) {
        free(run->gaps[i].risk_id);
        free(run->gaps[i].control_id);
    }
    free(run->gaps);
    for (size_t i = 0; i < run->n_plan_items; i++) {
        cr_reg_plan_item *p = &run->plan_items[i];
        free(p->control_id);
        free(p->risks);
        free(p->option);
        free(p->owner);
        free(p->due);
        free(p->control_status);
    }
    free(run->plan_items);
    cr_reg_approvals_free(run->approvals, run->n_approvals);
    cr_reg_run_init(run);
}

void cr_reg_runs_free(cr_reg_run *runs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_reg_run_clear(&runs[i]);
    free(runs);
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* The date part of a run time (its first ten characters) by the one date rule. */
static bool date_valid(const char *t)
{
    char date[11];
    memcpy(date, t, 10);
    date[10] = '\0';
    return cr_date_valid(date);
}

bool cr_reg_time_valid(const char *t)
{
    if (!t || strlen(t) != 20 || !date_valid(t) || t[10] != 'T' || t[13] != ':' ||
        t[16] != ':' || t[19] != 'Z' || !is_digits(t + 11, 2) || !is_digits(t + 14, 2) ||
        !is_digits(t + 17, 2))
        return false;
    return number(t + 11, 2) < 24 && number(t + 14, 2) < 60 && number(t + 17, 2) < 60;
}

static bool is_sha256_hex(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

static bool is_option(const char *s)
{
    return s && (strcmp(s, "reduce") == 0 || strcmp(s, "accept") == 0 ||
                 strcmp(s, "avoid") == 0 || strcmp(s, "transfer") == 0);
}

static bool loss_valid(const cr_reg_loss *l)
{
    if (l->years == 0)
        return true;
    const double v[] = {l->mean, l->mean_se, l->p50, l->p90, l->p95, l->p99};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]) || v[i] < 0)
            return false;
    return l->p50 <= l->p90 && l->p90 <= l->p95 && l->p95 <= l->p99;
}

bool cr_reg_currency_valid(const char *code)
{
    if (!code || strlen(code) != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return false;
    return true;
}

static bool text_present(const char *s)
{
    return s && *s;
}

#define INVALID(...) cr_error_set(err, CR_ERR_INTERNAL, run->source, 0, NULL, __VA_ARGS__)

cr_status cr_reg_run_validate(const cr_reg_run *run, cr_error *err)
{
    if (!text_present(run->service_id) || !text_present(run->service_name))
        return INVALID("run record: service id and name are required");
    if (!is_sha256_hex(run->inputs_sha256))
        return INVALID("run record: inputs hash is not 64 lowercase hex digits");
    if (!text_present(run->model_version) || !text_present(run->criteria_version))
        return INVALID("run record: model and criteria versions are required");
    if (!cr_reg_time_valid(run->run_time))
        return cr_error_set(err, CR_ERR_ARGUMENT, NULL, 0, NULL,
                            "run time '%s': expected YYYY-MM-DDTHH:MM:SSZ (UTC)",
                            run->run_time ? run->run_time : "");
    if (!cr_reg_currency_valid(run->currency))
        return INVALID("run record for %s: currency '%s': expected an ISO 4217 code, three "
                       "capital letters such as JPY",
                       run->service_id, run->currency ? run->currency : "");
    if (run->n_risks == 0)
        return INVALID("run record for %s: no risks", run->service_id);
    bool simulated = run->trials > 0;
    /* The residual loss is what the register tracks: present exactly when
     * simulated.  Inherent and target losses are optional extras. */
    if ((run->residual_total.years > 0) != simulated ||
        ((run->inherent_total.years > 0 || run->target_total.years > 0) && !simulated))
        return INVALID("run record for %s: the residual loss total must be present exactly "
                       "when trials > 0",
                       run->service_id);
    if (run->precision != 0.0 &&
        !(run->precision > 0.0 && simulated && run->max_trials >= run->trials))
        return INVALID("run record for %s: precision mode's target must be > 0, with trials "
                       "taken > 0 and at most its cap",
                       run->service_id);
    if (!loss_valid(&run->inherent_total) || !loss_valid(&run->residual_total) ||
        !loss_valid(&run->target_total))
        return INVALID("run record for %s: a loss total is negative, not finite or has "
                       "percentiles out of order",
                       run->service_id);
    for (size_t i = 0; i < run->n_risks; i++) {
        const cr_reg_risk *r = &run->risks[i];
        if (!text_present(r->risk_id) || !text_present(r->inherent_level) ||
            !text_present(r->residual_level))
            return INVALID("run record for %s: risk %zu lacks an id or a level",
                           run->service_id, i + 1);
        if (r->inherent_impact < 1 || r->inherent_impact > 5 || r->inherent_likelihood < 1 ||
            r->inherent_likelihood > 5 || r->residual_impact < 1 || r->residual_impact > 5 ||
            r->residual_likelihood < 1 || r->residual_likelihood > 5)
            return INVALID("run record for %s: risk %s has an impact or likelihood outside "
                           "1..5",
                           run->service_id, r->risk_id);
        if (r->inherent_rank < 0 || r->residual_rank < 0 ||
            (r->target_level && r->target_rank < 0))
            return INVALID("run record for %s: risk %s has a negative level rank",
                           run->service_id, r->risk_id);
        if (r->treatment && !is_option(r->treatment))
            return INVALID("run record for %s: risk %s has treatment '%s'", run->service_id,
                           r->risk_id, r->treatment);
        if ((r->residual_loss.years > 0) != simulated ||
            ((r->inherent_loss.years > 0 || r->target_loss.years > 0) && !simulated) || !loss_valid(&r->inherent_loss) ||
            !loss_valid(&r->residual_loss) || !loss_valid(&r->target_loss))
            return INVALID("run record for %s: risk %s has missing or invalid losses",
                           run->service_id, r->risk_id);
        for (size_t k = 0; k < i; k++)
            if (strcmp(run->risks[k].risk_id, r->risk_id) == 0)
                return INVALID("run record for %s: risk %s twice", run->service_id,
                               r->risk_id);
    }
    for (size_t i = 0; i < run->n_gaps; i++) {
        const cr_reg_gap *g = &run->gaps[i];
        if (!text_present(g->risk_id) || !text_present(g->control_id))
            return INVALID("run record for %s: gap %zu is incomplete", run->service_id, i + 1);
        if (i > 0) {
            const cr_reg_gap *p = &run->gaps[i - 1];
            int c = strcmp(p->risk_id, g->risk_id);
            if (c > 0 || (c == 0 && strcmp(p->control_id, g->control_id) >= 0))
                return INVALID("run record for %s: gaps not sorted or repeated at %s/%s",
                               run->service_id, g->risk_id, g->control_id);
        }
    }
    for (size_t i = 0; i < run->n_plan_items; i++) {
        const cr_reg_plan_item *p = &run->plan_items[i];
        if (!text_present(p->control_id) || !p->risks || !is_option(p->option) ||
            !isfinite(p->cost_once) || p->cost_once < 0 || !isfinite(p->cost_annual) ||
            p->cost_annual < 0 || isinf(p->loss_reduction))
            return INVALID("run record for %s: plan item %zu is incomplete or invalid",
                           run->service_id, i + 1);
    }
    for (size_t i = 0; i < run->n_sheet; i++)
        if (!text_present(run->sheet[i].subject))
            return INVALID("run record for %s: approval sheet row %zu has no subject",
                           run->service_id, i + 1);
    for (size_t i = 0; i < run->n_approvals; i++) {
        const cr_reg_approval *a = &run->approvals[i];
        cr_decision_kind kind;
        if (!text_present(a->subject) || !text_present(a->approver) ||
            !cr_decision_parse(a->decision, false, &kind) || !a->decided_on ||
            strlen(a->decided_on) != 10 || !date_valid(a->decided_on))
            return INVALID("run record for %s: decision %zu is incomplete or invalid",
                           run->service_id, i + 1);
        if (a->subject_kind == CR_SUBJECT_RISK && !reg_find_risk(run, a->subject))
            return INVALID("run record for %s: decision on risk %s, which the run does not "
                           "assess",
                           run->service_id, a->subject);
    }
    return CR_OK;
}

void cr_reg_run_review_due(const cr_reg_run *run, char buf[11])
{
    char day[11];
    cr_date d;
    buf[0] = '\0';
    snprintf(day, sizeof day, "%.10s", run->run_time ? run->run_time : "");
    if (cr_date_parse(day, &d))
        cr_date_format(cr_date_add_months(d, run->review_interval_months > 0
                                                 ? run->review_interval_months
                                                 : CR_DEFAULT_REVIEW_MONTHS),
                       buf);
}

void reg_seed_text(uint64_t seed, char text[24])
{
    snprintf(text, 24, "%" PRIu64, seed);
}

bool reg_seed_parse(const char *text, uint64_t *seed)
{
    if (!text || !*text || strlen(text) > 20 || !is_digits(text, strlen(text)))
        return false;
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *seed = v;
    return true;
}

static void hash_field(cr_sha256 *h, const char *s)
{
    cr_sha256_update(h, s, strlen(s) + 1); /* with its NUL: fields cannot run together */
}

void reg_run_key(const cr_reg_run *run, const char *previous_key, char key[65])
{
    cr_sha256 h;
    char seed[24], trials[24];
    reg_seed_text(run->seed, seed);
    reg_seed_text(run->trials, trials);
    cr_sha256_init(&h);
    hash_field(&h, "cloudrisk-run-1");
    hash_field(&h, previous_key ? previous_key : "");
    hash_field(&h, run->service_id);
    hash_field(&h, run->inputs_sha256);
    hash_field(&h, run->model_version);
    hash_field(&h, run->criteria_version);
    hash_field(&h, seed);
    hash_field(&h, trials);
    if (run->precision > 0) {
        /* Precision mode's target and cap; a run at fixed trials keeps the
         * key it had before registers knew of precision mode. */
        char precision[80];
        snprintf(precision, sizeof precision, "precision %.17g cap %llu", run->precision,
                 (unsigned long long)run->max_trials);
        hash_field(&h, precision);
    }
    hash_field(&h, run->run_time);
    cr_sha256_final_hex(&h, key);
}
