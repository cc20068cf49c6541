/*
 * assessment.c -- a service's full assessment: every risk's score, the
 * controls required by the risks that need treatment, the gaps among them,
 * the heat maps, and the hash of the inputs it came from.
 *
 * Required controls are the *required* entries of a risk whose inherent
 * level is above the acceptable level: a control that keeps a risk down stays
 * required once implemented.  Supporting entries are credited in the score
 * but never required, so never gaps.  For the reference profile with no
 * controls the required controls are exactly the basic declaration
 * requirements (Ⅵ).  A required control carried by a provider below
 * (inherited) is no gap; it is listed apart, with the number whose evidence
 * is older than the model allows on the day of assessment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloudrisk/date.h"
#include "cloudrisk/io.h"
#include "score/service_internal.h"

void cr_assessment_clear(cr_assessment *a)
{
    if (!a)
        return;
    for (size_t i = 0; a->risks && i < a->n_risks; i++) {
        free(a->risks[i].required);
        free(a->risks[i].gaps);
    }
    free(a->risks);
    free(a->required);
    free(a->gaps);
    free(a->inherited);
    free(a->applied_rules);
    memset(a, 0, sizeof *a);
}

/* Indices i < n with flag[i] set, in order, into a new array. */
static cr_status collect(const bool *flag, size_t n, size_t **out, size_t *count)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += flag[i];
    *out = malloc((k + 1) * sizeof **out);
    if (!*out)
        return CR_ERR_MEMORY;
    *count = 0;
    for (size_t i = 0; i < n; i++)
        if (flag[i])
            (*out)[(*count)++] = i;
    return CR_OK;
}

static void inputs_hash(const cr_model *m, const cr_service *s, char hex[65])
{
    char text[300];
    const char *checklist = cr_service_checklist_sha256(s);
    int n = snprintf(text, sizeof text, "service %s\nchecklist %s\nmodel %s\n",
                     cr_service_sha256(s), checklist ? checklist : "-", cr_model_sha256(m));
    cr_sha256 h;
    cr_sha256_init(&h);
    cr_sha256_update(&h, text, (size_t)n);
    cr_sha256_final_hex(&h, hex);
}

cr_status cr_assess(const cr_model *m, const cr_service *s, cr_assessment *a, cr_error *err)
{
    char today[11];
    cr_date_format(cr_date_today_utc(), today);
    return cr_assess_on(m, s, today, a, err);
}

cr_status cr_assess_on(const cr_model *m, const cr_service *s, const char *as_of,
                       cr_assessment *a, cr_error *err)
{
    memset(a, 0, sizeof *a);
    cr_status checked = cr_service_check_resolved(s, err);
    if (checked != CR_OK)
        return checked;
    snprintf(a->as_of, sizeof a->as_of, "%s", as_of);
    a->model = m;
    a->service = s;
    a->n_risks = cr_model_risk_count(m);
    size_t n_controls = cr_model_control_count(m);
    const cr_control_state *states = cr_service_controls(s);
    cr_risk_score *scores = calloc(a->n_risks, sizeof *scores);
    bool *required = calloc(n_controls, sizeof *required);
    bool *risk_required = calloc(n_controls, sizeof *risk_required);
    bool *gap = calloc(n_controls, sizeof *gap);
    bool *rules = calloc(cr_model_rule_count(m) + 1, sizeof *rules);
    a->risks = calloc(a->n_risks, sizeof *a->risks);
    cr_status st = scores && required && risk_required && gap && rules && a->risks
                       ? CR_OK
                       : CR_ERR_MEMORY;
    if (st == CR_OK)
        cr_score_risks(m, s, NULL, scores);
    for (size_t i = 0; i < a->n_risks && st == CR_OK; i++) {
        cr_risk_result *res = &a->risks[i];
        const cr_risk *r = cr_model_risk(m, i);
        res->score = scores[i];
        memset(risk_required, 0, n_controls * sizeof *risk_required);
        if (scores[i].treatment_required)
            for (size_t k = 0; k < r->n_controls; k++)
                if (r->controls[k].kind == CR_MAPPING_REQUIRED)
                    risk_required[r->controls[k].control] = true;
        st = collect(risk_required, n_controls, &res->required, &res->n_required);
        for (size_t k = 0; k < n_controls; k++) {
            required[k] |= risk_required[k];
            risk_required[k] = risk_required[k] && cr_control_is_gap(&states[k]);
            gap[k] |= risk_required[k];
        }
        if (st == CR_OK)
            st = collect(risk_required, n_controls, &res->gaps, &res->n_gaps);
        a->heat_inherent[scores[i].inherent_impact - 1][scores[i].inherent_likelihood - 1]++;
        a->heat_residual[scores[i].residual_impact - 1][scores[i].residual_likelihood - 1]++;
    }
    for (size_t k = 0; k < cr_model_rule_count(m) && st == CR_OK; k++)
        rules[k] = cr_model_rule_matches(m, k, cr_service_profile(s));
    if (st == CR_OK)
        st = collect(required, n_controls, &a->required, &a->n_required);
    if (st == CR_OK)
        st = collect(gap, n_controls, &a->gaps, &a->n_gaps);
    for (size_t k = 0; st == CR_OK && k < n_controls; k++)
        gap[k] = required[k] && states[k].status == CR_CONTROL_INHERITED;
    if (st == CR_OK)
        st = collect(gap, n_controls, &a->inherited, &a->n_inherited);
    for (size_t k = 0; st == CR_OK && k < a->n_inherited; k++)
        a->n_stale += cr_control_evidence_stale(m, &states[a->inherited[k]], a->as_of);
    if (st == CR_OK)
        st = collect(rules, cr_model_rule_count(m), &a->applied_rules, &a->n_applied_rules);
    free(scores);
    free(required);
    free(risk_required);
    free(gap);
    free(rules);
    if (st != CR_OK) {
        cr_assessment_clear(a);
        return cr_error_set(err, st, cr_service_file(s), 0, NULL, "out of memory");
    }
    inputs_hash(m, s, a->inputs_sha256);
    return CR_OK;
}
